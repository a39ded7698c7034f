//! Patterns compiled on their first use, and compiled once per process.
//!
//! Compiling the rules is most of the fixed cost of a one-file `extract`:
//! a few dozen large alternations (label lists, type names, role words),
//! about 2-3 ms of CPU each on a quiet core. Many of them run only where
//! an earlier rule found something (a table, a header label, a cue word),
//! so a paper without it never needs them compiled. A [`LazyRegex`]
//! checks its pattern's syntax when the rules are built, so a bad rule is
//! still an error at start, and compiles the pattern the first time it is
//! searched with (once, shared by threads). It dereferences to the
//! compiled [`Regex`], so extractors use it as one.
//!
//! [`shared`] keeps one compiled program per pattern text for the whole
//! process: rule groups that build the same pattern (the date pattern, a
//! label list read by several fields) compile it once; each user gets a
//! clone, which shares the program and keeps its own search caches.

use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use regex::Regex;

/// Patterns longer than this are compiled at once: only they could pass
/// the syntax check and still exceed the compiled-size limit (long lists
/// from a user's rules file), which must be an error at start, not later.
const EAGER_ABOVE: usize = 20_000;

thread_local! {
    /// Whether [`Lazy::new`] checks its pattern's syntax on this thread
    /// (see [`checking`]).
    static CHECK_SYNTAX: Cell<bool> = const { Cell::new(true) };
}

/// Runs `build` with [`Lazy::new`]'s syntax check on or off on this
/// thread. Off is for rules whose every pattern a test compiles: the
/// built-in ones (`extract::tests`); the check costs as much as compiling
/// a third of the patterns a one-file run needs, for a guarantee those
/// rules already have. A user's rules file turns it on.
pub fn checking<T>(check: bool, build: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CHECK_SYNTAX.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CHECK_SYNTAX.with(|c| c.replace(check)));
    build()
}

/// A regular expression compiled when first used (or earlier, by the
/// warm-up thread, see [`warm_later`]). `R` is [`Regex`] ([`LazyRegex`])
/// or [`regex::bytes::Regex`] ([`LazyBytesRegex`]).
#[derive(Debug)]
pub struct Lazy<R> {
    source: String,
    compiled: Arc<OnceLock<Option<R>>>,
}

/// A pattern over text, compiled when first used.
pub type LazyRegex = Lazy<Regex>;

/// A pattern over bytes, compiled when first used.
pub type LazyBytesRegex = Lazy<regex::bytes::Regex>;

/// A compiled regex type [`Lazy`] can hold.
pub trait Engine: Clone + Send + Sync + Sized + 'static {
    /// Compiles `pattern`.
    fn build(pattern: &str) -> Result<Self, regex::Error>;
    /// A pattern that matches nothing.
    fn nothing() -> &'static Self;
}

impl Engine for Regex {
    fn build(pattern: &str) -> Result<Regex, regex::Error> {
        Regex::new(pattern)
    }
    fn nothing() -> &'static Regex {
        static NOTHING: OnceLock<Regex> = OnceLock::new();
        NOTHING.get_or_init(|| Regex::new(r"[^\x00-\x{10FFFF}]").expect("valid"))
    }
}

impl Engine for regex::bytes::Regex {
    fn build(pattern: &str) -> Result<regex::bytes::Regex, regex::Error> {
        regex::bytes::Regex::new(pattern)
    }
    fn nothing() -> &'static regex::bytes::Regex {
        static NOTHING: OnceLock<regex::bytes::Regex> = OnceLock::new();
        NOTHING.get_or_init(|| regex::bytes::Regex::new(r"[^\x00-\x{10FFFF}]").expect("valid"))
    }
}

impl<R: Engine> Lazy<R> {
    /// Checks `source`'s syntax (or compiles it, if it is long).
    ///
    /// The check is the parser's: what it accepts compiles, short of the
    /// size limit (see [`EAGER_ABOVE`]) and of names the Unicode tables do
    /// not know (`\p{Foo}`), which a pattern then reports on stderr once
    /// and matches nothing. Built-in rules are all compiled by a test.
    pub fn new(source: impl Into<String>) -> Result<Lazy<R>, String> {
        let source = source.into();
        let compiled = Arc::new(OnceLock::new());
        if source.len() > EAGER_ABOVE {
            let regex = shared_engine::<R>(&source).map_err(|e| e.to_string())?;
            let _ = compiled.set(Some(regex));
        } else if CHECK_SYNTAX.with(Cell::get) {
            regex_syntax::ast::parse::Parser::new()
                .parse(&source)
                .map_err(|e| e.to_string())?;
        }
        #[cfg(test)]
        if let Ok(mut made) = MADE.lock() {
            made.push((source.clone(), std::any::type_name::<R>()));
        }
        let lazy = Lazy { source, compiled };
        let (cell, source) = (Arc::downgrade(&lazy.compiled), lazy.source.clone());
        warm_later(Box::new(move || {
            if let Some(cell) = cell.upgrade() {
                cell.get_or_init(|| compile_or_warn::<R>(&source));
            }
        }));
        Ok(lazy)
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled pattern; `None` (with a warning on stderr, once) if it
    /// cannot be compiled after all, which the syntax check and
    /// [`EAGER_ABOVE`] leave to patterns no rules file makes.
    pub fn get(&self) -> Option<&R> {
        self.compiled
            .get_or_init(|| compile_or_warn::<R>(&self.source))
            .as_ref()
    }
}

/// `source` compiled, or `None` with a warning on stderr.
fn compile_or_warn<R: Engine>(source: &str) -> Option<R> {
    let started = crate::timing::start();
    let compiled = shared_engine::<R>(source);
    crate::timing::done(started, "compile", source);
    match compiled {
        Ok(regex) => Some(regex),
        Err(e) => {
            eprintln!("warning: a rule pattern cannot be compiled and matches nothing: {e}");
            None
        }
    }
}

/// A clone shares the compiled program but has its own search caches, as
/// a cloned regex does: each ingest worker clones the pipeline so that
/// its searches never wait for another thread's (see ingest/workers.rs).
impl<R: Clone> Clone for Lazy<R> {
    fn clone(&self) -> Lazy<R> {
        Lazy {
            source: self.source.clone(),
            compiled: own_copy(&self.compiled),
        }
    }
}

/// A new cell holding a clone of what `cell` holds, if it was filled: for
/// a regex, the same program with caches of its own. An empty cell gets
/// filled on the copy's first use (from [`shared`]'s cache, if compiled
/// meanwhile).
pub fn own_copy<T: Clone>(cell: &Arc<OnceLock<T>>) -> Arc<OnceLock<T>> {
    let copy = OnceLock::new();
    if let Some(done) = cell.get() {
        let _ = copy.set(done.clone());
    }
    Arc::new(copy)
}

impl<R: Engine> std::ops::Deref for Lazy<R> {
    type Target = R;

    /// The compiled pattern (one that matches nothing if it cannot be
    /// compiled, see [`Lazy::get`]).
    fn deref(&self) -> &R {
        self.get().unwrap_or_else(|| R::nothing())
    }
}

/// Queues `compile` (a pattern's first compilation) for the warm-up
/// thread, started with the first job: while a one-file run reads its
/// file, the patterns its extraction will need are compiled on the other
/// core. Compiled in the order the rules are built, which is about the
/// order the fields are read in. A pattern a search needs before the
/// thread got to it is compiled by the search (or awaited, if the thread
/// is at it): never twice, and no search waits for any other pattern.
/// The thread holds only weak references: rules dropped meanwhile are
/// skipped. Set `RATSINDEX_NO_WARMUP` to compile on first use only.
/// Returns whether `compile` was queued (false without a warm-up thread).
pub fn warm_later(compile: Box<dyn FnOnce() + Send>) -> bool {
    struct Jobs {
        queue: Mutex<VecDeque<Box<dyn FnOnce() + Send>>>,
        ready: Condvar,
    }
    static JOBS: OnceLock<Option<Arc<Jobs>>> = OnceLock::new();
    let jobs = JOBS.get_or_init(|| {
        if std::env::var_os("RATSINDEX_NO_WARMUP").is_some() {
            return None;
        }
        let jobs = Arc::new(Jobs {
            queue: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
        });
        let worker = Arc::clone(&jobs);
        let spawned = std::thread::Builder::new()
            .name("ratsindex-warm".into())
            .spawn(move || loop {
                let job = {
                    let Ok(mut queue) = worker.queue.lock() else {
                        return;
                    };
                    loop {
                        if let Some(job) = queue.pop_front() {
                            break job;
                        }
                        queue = match worker.ready.wait(queue) {
                            Ok(queue) => queue,
                            Err(_) => return,
                        };
                    }
                };
                // A panic compiling one pattern (a bug) must not end the
                // thread: the search compiles that pattern again itself.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            });
        spawned.ok().map(|_| jobs)
    });
    let Some(Ok(mut queue)) = jobs.as_ref().map(|jobs| jobs.queue.lock()) else {
        return false;
    };
    queue.push_back(compile);
    if let Some(jobs) = jobs {
        jobs.ready.notify_one();
    }
    true
}

/// `pattern` compiled, or a clone of the program compiled for the same
/// text before (in this process).
pub fn shared(pattern: &str) -> Result<Regex, regex::Error> {
    shared_engine::<Regex>(pattern)
}

/// [`shared`] for either engine.
fn shared_engine<R: Engine>(pattern: &str) -> Result<R, regex::Error> {
    shared_with(pattern, || R::build(pattern))
}

/// The compiled value for `key` from a process-wide cache of type `T`, or
/// `build`'s result, kept for the next caller. The lock is not held while
/// compiling: two threads may compile the same key at once, and both get
/// the same program.
pub fn shared_with<T, E>(key: &str, build: impl FnOnce() -> Result<T, E>) -> Result<T, E>
where
    T: Clone + Send + 'static,
{
    use std::any::{Any, TypeId};
    type Cache = HashMap<(TypeId, String), Box<dyn Any + Send>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let id = (TypeId::of::<T>(), key.to_string());
    let cached = |cache: &Cache| cache.get(&id)?.downcast_ref::<T>().cloned();
    if let Some(found) = cache.lock().ok().and_then(|c| cached(&c)) {
        return Ok(found);
    }
    let built = build()?;
    if let Ok(mut c) = cache.lock() {
        c.entry(id)
            .or_insert_with(|| Box::new(built.clone()) as Box<dyn Any + Send>);
    }
    Ok(built)
}

/// Every pattern a [`LazyRegex`] was made of, for the test that compiles
/// them all.
#[cfg(test)]
pub(crate) static MADE: Mutex<Vec<(String, &'static str)>> = Mutex::new(Vec::new());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_pattern_compiles() {
        let _ = crate::extract::Extractor::new(crate::extract::Rules::builtin()).unwrap();
        let made = MADE.lock().unwrap().clone();
        assert!(made.len() > 30, "{} patterns", made.len());
        assert!(made.iter().any(|(_, engine)| engine.contains("bytes")));
        for (pattern, engine) in made.iter().filter(|(p, _)| !p.contains("NoSuchClass")) {
            let built = if engine.contains("bytes") {
                regex::bytes::Regex::new(pattern).err()
            } else {
                Regex::new(pattern).err()
            };
            if let Some(e) = built {
                panic!("{pattern}: {e}");
            }
        }
    }

    #[test]
    fn bad_syntax_is_an_error_at_once_and_good_patterns_compile_on_use() {
        assert!(LazyRegex::new("(?:unclosed").is_err());
        // Compiled by the search or by the warm-up thread, whichever is first.
        let lazy = LazyRegex::new(r"Aus\w*schuss").unwrap();
        let found = lazy.get().unwrap().find("im Ausschuss").unwrap();
        assert_eq!(found.as_str(), "Ausschuss");
        assert!(lazy.clone().compiled.get().is_some());
    }

    #[test]
    fn the_syntax_check_is_off_only_inside_checking_false() {
        // Unchecked, a bad pattern is accepted and matches nothing.
        let unchecked = checking(false, || LazyRegex::new("(?:unclosed"));
        assert!(!unchecked.unwrap().is_match("(?:unclosed"));
        assert!(checking(true, || LazyRegex::new("(?:unclosed")).is_err());
        // Back on after the closure, also after a panic in it.
        assert!(LazyRegex::new("(?:unclosed").is_err());
        let _ = std::panic::catch_unwind(|| checking(false, || panic!("rule bug")));
        assert!(LazyRegex::new("(?:unclosed").is_err());
    }

    #[test]
    fn a_lazy_regex_is_used_as_a_regex_and_unknown_classes_match_nothing() {
        let lazy = LazyRegex::new(r"[0-9]+").unwrap();
        assert_eq!(lazy.find("DS 12").map(|m| m.start()), Some(3));
        let unknown = LazyRegex::new(r"\p{NoSuchClass}").unwrap();
        assert!(!unknown.is_match("anything"));
    }

    #[test]
    fn one_program_per_pattern_text() {
        let a = shared("(?i)gemeinderat").unwrap();
        let b = shared("(?i)gemeinderat").unwrap();
        assert!(a.is_match("GEMEINDERAT") && b.is_match("Gemeinderat"));
        assert!(shared("(?:unclosed").is_err());
    }
}
