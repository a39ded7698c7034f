//! The PDF reader (`ratsindex::source::pdf::read`) with the limits ingest
//! uses, on arbitrary bytes.

use ratsindex::source::pdf::{self, PdfLimits};

fn main() {
    ratsindex_fuzz::abort_on_own_panics();
    let limits = PdfLimits::default();
    afl::fuzz_nohook!(|data: &[u8]| {
        let _ = pdf::read(data, &limits);
    });
}
