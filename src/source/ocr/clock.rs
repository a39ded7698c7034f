//! How long OCR has run for the file being processed, so that the
//! per-document time budget (`--time-budget`) counts the reading and
//! extraction of a file but not its OCR: a 40-page scan takes minutes of
//! Tesseract and is no runaway file. Each Tesseract or pdftoppm call has
//! its own limit ([`super::engine::PAGE_TIMEOUT`]), so OCR cannot hang.
//!
//! Whoever enforces a budget makes an [`OcrClock`], runs the file's work
//! inside [`OcrClock::run`] on the thread doing it, and subtracts
//! [`OcrClock::elapsed`] from the time it has taken.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The OCR time of one file; cheap to clone (shared).
#[derive(Clone, Debug, Default)]
pub struct OcrClock(Arc<Mutex<State>>);

#[derive(Debug, Default)]
struct State {
    done: Duration,
    since: Option<Instant>,
}

thread_local! {
    static CURRENT: RefCell<Option<OcrClock>> = const { RefCell::new(None) };
}

impl OcrClock {
    /// A clock at zero.
    pub fn new() -> OcrClock {
        OcrClock::default()
    }

    /// OCR time so far, the running stretch included.
    pub fn elapsed(&self) -> Duration {
        let state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        state.done + state.since.map_or(Duration::ZERO, |s| s.elapsed())
    }

    /// Runs `work` with this clock as the current thread's.
    pub fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        let before = CURRENT.with(|c| c.replace(Some(self.clone())));
        let result = work();
        CURRENT.with(|c| *c.borrow_mut() = before);
        result
    }
}

/// Times OCR on the current thread's clock (if any) until dropped.
pub(super) struct Timing(Option<OcrClock>);

/// Starts timing OCR.
pub(super) fn start() -> Timing {
    let clock = CURRENT.with(|c| c.borrow().clone());
    if let Some(clock) = &clock {
        clock.0.lock().unwrap_or_else(PoisonError::into_inner).since = Some(Instant::now());
    }
    Timing(clock)
}

impl Drop for Timing {
    fn drop(&mut self) {
        if let Some(clock) = &self.0 {
            let mut state = clock.0.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(since) = state.since.take() {
                state.done += since.elapsed();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_time_inside_run_and_start_counts() {
        let clock = OcrClock::new();
        {
            let _outside = start();
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(clock.elapsed(), Duration::ZERO);
        clock.run(|| {
            let _ocr = start();
            std::thread::sleep(Duration::from_millis(20));
        });
        let ocr = clock.elapsed();
        assert!(ocr >= Duration::from_millis(20), "{ocr:?}");
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.elapsed(), ocr);
    }
}
