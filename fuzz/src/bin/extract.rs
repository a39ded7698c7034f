//! The extractor (`Extractor::extract`) on decoded text: the input as
//! UTF-8 (lossy), split into pages at form feeds like the text reader.

use ratsindex::extract::{Extractor, Rules};
use ratsindex::text::Text;

fn main() {
    let extractor = Extractor::new(Rules::builtin()).expect("builtin rules compile");
    afl::fuzz!(|data: &[u8]| {
        let text = Text::from_str_pages(&ratsindex_fuzz::lossy(data));
        let _ = extractor.extract(&text);
    });
}
