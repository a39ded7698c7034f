//! The text decoder (`ratsindex::source::text::read`: BOMs, UTF-16,
//! UTF-8 / Windows-1252 guessing, page splitting) on arbitrary bytes,
//! then the normalised `Text` built from its pages.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(raw) = ratsindex::source::text::read(data) {
            let text = ratsindex::text::Text::from_pages(&raw.pages);
            let _ = text.lines().count();
        }
    });
}
