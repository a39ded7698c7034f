//! A guard against pages that nest elements absurdly deep.
//!
//! html5ever builds the tree as the HTML standard says, and the standard
//! checks element scopes by walking the stack of open elements: each start
//! tag of a block costs time in proportion to the nesting depth. Ten
//! thousand unclosed `<div>`s (50 KB) take most of a second, a few megabytes
//! would take hours. Browsers cap the tree depth for the same reason
//! (Chromium at 512). Real council pages nest a few dozen levels.
//!
//! So before parsing, one linear scan over the tags estimates the deepest
//! nesting, closing elements roughly the way the parser does: an end tag
//! closes back to its element; `p`, `li`, `dt`/`dd`, table parts and
//! `option` also close implicitly; void elements never open. A page that
//! goes deeper than [`MAX_DEPTH`] is refused with a clear error.

/// The deepest element nesting the reader parses.
pub const MAX_DEPTH: usize = 512;

/// Elements that never have content.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"basefont",
    b"bgsound",
    b"br",
    b"col",
    b"embed",
    b"frame",
    b"hr",
    b"image",
    b"img",
    b"input",
    b"keygen",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
    b"plaintext",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"center",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hgroup",
    b"hr",
    b"li",
    b"listing",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"section",
    b"summary",
    b"table",
    b"ul",
    b"dd",
    b"dt",
];

/// An element name, hashed (names are compared many times).
type Name = u64;

fn name_id(name: &[u8]) -> Name {
    // FNV-1a over the lowercase name.
    name.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

fn ids(names: &[&[u8]]) -> Vec<Name> {
    names.iter().map(|n| name_id(n)).collect()
}

/// The open elements of the estimate.
struct Stack {
    open: Vec<Name>,
    p: Name,
    boundaries: Vec<Name>,
    foreign: [Name; 2],
}

impl Stack {
    /// Closes back to and including the nearest `target`, searching down
    /// to the nearest element in `stop` (not crossing a list, a table, …).
    fn close(&mut self, targets: &[Name], stop: &[Name]) {
        for at in (0..self.open.len()).rev() {
            let name = self.open[at];
            if targets.contains(&name) {
                self.open.truncate(at);
                return;
            }
            if stop.contains(&name) {
                return;
            }
        }
    }

    fn in_foreign_content(&self) -> bool {
        self.open.iter().rev().any(|n| self.foreign.contains(n))
    }
}

/// The deepest nesting found, if it is more than `limit`; `None` when the
/// page stays within it.
pub fn exceeds(html: &str, limit: usize) -> Option<usize> {
    let void = ids(VOID);
    let raw = ids(RAW_TEXT);
    let closes_p = ids(CLOSES_P);
    let [li, dt, dd, td, th, tr, option] =
        [b"li" as &[u8], b"dt", b"dd", b"td", b"th", b"tr", b"option"].map(name_id);
    let [ul, ol, dl, table, select, menu] =
        [b"ul" as &[u8], b"ol", b"dl", b"table", b"select", b"menu"].map(name_id);
    let sections = ids(&[b"thead", b"tbody", b"tfoot"]);
    let mut stack = Stack {
        open: Vec::new(),
        p: name_id(b"p"),
        boundaries: ids(&[b"table", b"td", b"th", b"button", b"caption", b"object"]),
        foreign: [name_id(b"svg"), name_id(b"math")],
    };
    let bytes = html.as_bytes();
    let mut at = 0usize;
    while let Some(found) = html.get(at..).and_then(|rest| rest.find('<')) {
        at += found + 1;
        let Some(&next) = bytes.get(at) else {
            break;
        };
        if next == b'!' || next == b'?' {
            let end = if bytes[at..].starts_with(b"!--") {
                html[at..].find("-->").map(|e| e + 3)
            } else {
                html[at..].find('>').map(|e| e + 1)
            };
            at = end.map_or(bytes.len(), |e| at + e);
            continue;
        }
        let is_end = next == b'/';
        let name_start = if is_end { at + 1 } else { at };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = bytes[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
            .unwrap_or(bytes.len() - name_start);
        let name = &bytes[name_start..name_start + name_len];
        let (tag_end, self_closing) = tag_end(bytes, name_start + name_len);
        at = tag_end;
        let id = name_id(name);
        if is_end {
            stack.close(&[id], &[]);
            continue;
        }
        if id == stack.p || closes_p.contains(&id) {
            let p = stack.p;
            let boundaries = std::mem::take(&mut stack.boundaries);
            stack.close(&[p], &boundaries);
            stack.boundaries = boundaries;
        }
        if id == li {
            stack.close(&[li], &[ul, ol, menu, table, td, th]);
        } else if id == dt || id == dd {
            stack.close(&[dt, dd], &[dl, table, td, th]);
        } else if id == td || id == th {
            stack.close(&[td, th], &[table]);
        } else if id == tr {
            stack.close(&[tr], &[table]);
        } else if sections.contains(&id) {
            stack.close(&sections, &[table]);
        } else if id == option {
            stack.close(&[option], &[select]);
        }
        if void.contains(&id) || (self_closing && stack.in_foreign_content()) {
            continue;
        }
        if raw.contains(&id) {
            at = raw_text_end(html, at, name);
            continue;
        }
        stack.open.push(id);
        if stack.open.len() > limit {
            return Some(stack.open.len());
        }
    }
    None
}

/// Where a tag that started before `from` ends (after its `>`), and
/// whether it is written self-closing (`/>`). Quoted attribute values may
/// contain `>`.
fn tag_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut quote: Option<u8> = None;
    let mut previous = 0u8;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return (i + 1, previous == b'/'),
            None => {}
        }
        previous = b;
    }
    (bytes.len(), false)
}

/// The end of a raw text element's content: just before `</name`.
fn raw_text_end(html: &str, from: usize, name: &[u8]) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(found) = html.get(at..).and_then(|rest| rest.find("</")) {
        let start = at + found;
        let candidate = bytes.get(start + 2..start + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return start;
        }
        at = start + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_over(html: &str, limit: usize) -> bool {
        exceeds(html, limit).is_some()
    }

    #[test]
    fn unclosed_blocks_count_closed_ones_do_not() {
        assert!(depth_over(&"<div>".repeat(20), 10));
        assert!(!depth_over(&"<div></div>".repeat(1000), 10));
        assert!(depth_over(&"<span><b>".repeat(20), 10));
    }

    #[test]
    fn implied_ends_close() {
        assert!(!depth_over(&"<p>Absatz".repeat(1000), 5));
        assert!(!depth_over(
            &format!("<ul>{}</ul>", "<li>Punkt".repeat(1000)),
            5
        ));
        assert!(!depth_over(
            &format!("<table>{}</table>", "<tr><td>a<td>b".repeat(1000)),
            6
        ));
        assert!(!depth_over(&"<dl><dt>a<dd>b</dl>".repeat(100), 5));
        // Unclosed inline markup inside paragraphs ends with them.
        assert!(!depth_over(&"<p><font><b>Text".repeat(1000), 6));
    }

    #[test]
    fn nested_lists_and_tables_do_count() {
        assert!(depth_over(&"<ul><li>".repeat(10), 15));
        assert!(depth_over(&"<table><tr><td>".repeat(10), 25));
    }

    #[test]
    fn void_raw_text_comments_and_foreign_content() {
        assert!(!depth_over(&"<br><img src=x><input>".repeat(100), 3));
        assert!(!depth_over(
            "<script>for (i=0;i<9;i++) { s += '<div>'; }</script><style>a>b{}</style>",
            1
        ));
        assert!(!depth_over(&"<!-- <div> -->".repeat(100), 1));
        assert!(!depth_over(
            &format!("<svg>{}</svg>", "<path d='M0 0'/>".repeat(100)),
            2
        ));
        // In HTML, `<div/>` opens a div, as the parser treats it.
        assert!(depth_over(&"<div/>".repeat(20), 10));
        assert!(!depth_over("<a title='>>>'>x</a>", 1));
    }
}
