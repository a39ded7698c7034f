//! The HTML reader (`ratsindex::source::html::read`) on arbitrary bytes:
//! charset sniffing, nesting check, rendering, attachment links.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let _ = ratsindex::source::html::read(data);
    });
}
