//! Fonts: from the bytes of a shown string to characters and advances.
//!
//! A PDF string is a sequence of *codes*; what a code means depends on the
//! font. This module owns that mapping:
//!
//! - **simple fonts** (Type1, TrueType, Type3, MMType1): one byte per code;
//!   meaning from the `/ToUnicode` CMap if it has the code, else from the
//!   `/Encoding` (a base encoding — WinAnsi, MacRoman, Standard, PDFDoc —
//!   plus `/Differences` with glyph names);
//! - **composite fonts** (Type0, e.g. Identity-H): two bytes per code,
//!   meaning from `/ToUnicode` (or the code itself for the UCS-2 CMaps);
//! - **widths** (`/Widths`, `/W`, `/DW`) give each glyph's advance, which the
//!   layout needs to see gaps between words and table columns.
//!
//! Ligatures (ﬁ, ﬂ, …) are expanded to their letters here; composing
//! umlauts (NFC) happens later in [`crate::text`].

use rustc_hash::FxHashMap as HashMap;

use lopdf::{Dictionary, Document, Encoding, Object};

use super::Budget;

/// Width assumed for a glyph a font gives no width for (in 1/1000 em).
const FALLBACK_WIDTH: f32 = 500.0;

/// One decoded code of a shown string.
#[derive(Debug)]
pub struct Code<'a> {
    /// The Unicode text of the glyph ("" when the font does not say).
    pub text: &'a str,
    /// Advance in text space units per unit font size (width / 1000).
    pub advance: f32,
    /// Whether this is the single-byte code 32, to which word spacing
    /// (`Tw`) applies.
    pub is_space_code: bool,
}

/// A font reduced to what text extraction needs.
#[derive(Debug)]
pub struct Font {
    kind: FontKind,
    to_unicode: Option<ToUnicode>,
    /// Scale from glyph-space widths to text space (1/1000, or the Type3
    /// `/FontMatrix`).
    width_scale: f32,
}

#[derive(Debug)]
enum FontKind {
    Simple {
        /// Text per code from the font's encoding (empty: unknown).
        encoding: Box<[String; 256]>,
        widths: Box<[f32; 256]>,
    },
    Composite {
        widths: HashMap<u32, f32>,
        default_width: f32,
        /// The code is the UTF-16 value itself (`Uni…-UCS2-H` CMaps).
        ucs2: bool,
    },
}

impl Font {
    /// A font used where the named font is missing: codes are Latin-1.
    pub fn fallback() -> Font {
        let encoding: Box<[String; 256]> =
            Box::new(std::array::from_fn(|b| latin1(b as u8).to_string()));
        Font {
            kind: FontKind::Simple {
                encoding,
                widths: Box::new([FALLBACK_WIDTH; 256]),
            },
            to_unicode: None,
            width_scale: 0.001,
        }
    }

    /// Reads a font dictionary.
    pub fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Font {
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| resolve(doc, o).as_stream().ok())
            .and_then(|s| budget.decompress(s).ok())
            .map(|bytes| ToUnicode::parse(&bytes));
        let subtype = name_of(doc, dict, b"Subtype").unwrap_or_default();
        if subtype == b"Type0" {
            return Font {
                kind: composite(doc, dict),
                to_unicode,
                width_scale: 0.001,
            };
        }
        let width_scale = if subtype == b"Type3" {
            dict.get(b"FontMatrix")
                .ok()
                .and_then(|m| resolve(doc, m).as_array().ok())
                .and_then(|m| m.first())
                .and_then(|a| a.as_float().ok())
                .filter(|a| a.is_finite() && *a != 0.0)
                .map_or(0.001, |a| a.abs())
        } else {
            0.001
        };
        Font {
            kind: FontKind::Simple {
                encoding: simple_encoding(doc, dict, &subtype),
                widths: simple_widths(doc, dict),
            },
            to_unicode,
            width_scale,
        }
    }

    /// Decodes a shown string code by code. `scratch` holds text looked up
    /// in the ToUnicode map.
    pub fn decode<F: FnMut(Code<'_>)>(&self, bytes: &[u8], mut each: F) {
        let mut scratch = String::new();
        match &self.kind {
            FontKind::Simple { encoding, widths } => {
                for &b in bytes {
                    scratch.clear();
                    let text = match &self.to_unicode {
                        Some(map) if map.lookup(u32::from(b), 1, &mut scratch) => &scratch[..],
                        _ => &encoding[usize::from(b)][..],
                    };
                    each(Code {
                        text,
                        advance: widths[usize::from(b)] * self.width_scale,
                        is_space_code: b == b' ',
                    });
                }
            }
            FontKind::Composite {
                widths,
                default_width,
                ucs2,
            } => {
                for pair in bytes.chunks(2) {
                    let code = pair.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
                    scratch.clear();
                    let found = match &self.to_unicode {
                        Some(map) => map.lookup(code, pair.len() as u8, &mut scratch),
                        None => false,
                    };
                    if !found && *ucs2 {
                        if let Some(c) = char::from_u32(code) {
                            scratch.push(c);
                        }
                    }
                    let width = widths.get(&code).copied().unwrap_or(*default_width);
                    each(Code {
                        text: expand_ligature(&mut scratch),
                        advance: width * self.width_scale,
                        is_space_code: false,
                    });
                }
            }
        }
    }
}

/// Replaces presentation-form ligatures (U+FB00–FB06) by their letters.
fn expand_ligature(s: &mut String) -> &str {
    if s.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
        let expanded: String = s.chars().map(ligature_letters).collect();
        *s = expanded;
    }
    s
}

fn ligature_letters(c: char) -> String {
    match c {
        '\u{fb00}' => "ff".into(),
        '\u{fb01}' => "fi".into(),
        '\u{fb02}' => "fl".into(),
        '\u{fb03}' => "ffi".into(),
        '\u{fb04}' => "ffl".into(),
        '\u{fb05}' | '\u{fb06}' => "st".into(),
        c => c.to_string(),
    }
}

/// Follows a reference (one level is what PDF writers use; lopdf resolves
/// chains itself in `dereference`).
pub fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

fn name_of(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
    dict.get(key)
        .ok()
        .and_then(|o| resolve(doc, o).as_name().ok())
        .map(<[u8]>::to_vec)
}

fn latin1(b: u8) -> char {
    char::from(b)
}

fn composite(doc: &Document, dict: &Dictionary) -> FontKind {
    let encoding = name_of(doc, dict, b"Encoding").unwrap_or_default();
    let ucs2 = encoding.starts_with(b"Uni")
        && (encoding.windows(4).any(|w| w == b"UCS2")
            || encoding.windows(5).any(|w| w == b"UTF16"));
    let descendant = dict
        .get(b"DescendantFonts")
        .ok()
        .and_then(|o| resolve(doc, o).as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| resolve(doc, o).as_dict().ok());
    let mut widths = HashMap::default();
    let mut default_width = 1000.0;
    if let Some(cid) = descendant {
        if let Some(dw) = cid
            .get(b"DW")
            .ok()
            .and_then(|o| resolve(doc, o).as_float().ok())
        {
            default_width = dw;
        }
        if let Ok(w) = cid.get(b"W").map(|o| resolve(doc, o)) {
            if let Ok(w) = w.as_array() {
                read_cid_widths(doc, w, &mut widths);
            }
        }
    }
    FontKind::Composite {
        widths,
        default_width,
        ucs2,
    }
}

/// Most CID widths kept per font (bounds memory for hostile `/W` ranges).
const MAX_CID_WIDTHS: usize = 65_536;

/// `/W [c [w1 w2 …] cfirst clast w …]`.
fn read_cid_widths(doc: &Document, w: &[Object], out: &mut HashMap<u32, f32>) {
    let mut i = 0;
    while i < w.len() && out.len() < MAX_CID_WIDTHS {
        let Some(first) = w.get(i).and_then(|o| resolve(doc, o).as_i64().ok()) else {
            return;
        };
        match w.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, width) in list.iter().enumerate() {
                    if let Ok(width) = resolve(doc, width).as_float() {
                        out.insert((first as u32).wrapping_add(k as u32), width);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Ok(last), Some(Ok(width))) = (
                    last.as_i64(),
                    w.get(i + 2).map(|o| resolve(doc, o).as_float()),
                ) else {
                    return;
                };
                let mut code = first;
                while code <= last && out.len() < MAX_CID_WIDTHS {
                    out.insert(code as u32, width);
                    code += 1;
                }
                i += 3;
            }
            None => return,
        }
    }
}

fn simple_widths(doc: &Document, dict: &Dictionary) -> Box<[f32; 256]> {
    let descriptor = dict
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| resolve(doc, o).as_dict().ok());
    let missing = descriptor
        .and_then(|d| d.get(b"MissingWidth").ok())
        .and_then(|o| resolve(doc, o).as_float().ok())
        .filter(|w| *w > 0.0);
    let list = dict
        .get(b"Widths")
        .ok()
        .and_then(|o| resolve(doc, o).as_array().ok());
    let mut widths = Box::new([missing.unwrap_or(FALLBACK_WIDTH); 256]);
    match list {
        Some(list) => {
            let first = dict
                .get(b"FirstChar")
                .ok()
                .and_then(|o| resolve(doc, o).as_i64().ok())
                .unwrap_or(0);
            for (k, width) in list.iter().enumerate() {
                let code = first.saturating_add(k as i64);
                if let (Ok(code), Ok(width)) =
                    (usize::try_from(code), resolve(doc, width).as_float())
                {
                    if let Some(slot) = widths.get_mut(code) {
                        *slot = width;
                    }
                }
            }
        }
        None if missing.is_none() => widths[usize::from(b' ')] = 250.0,
        None => {}
    }
    widths
}

/// The text of each of the 256 codes of a simple font from its
/// `/Encoding`: base encoding, then `/Differences`.
fn simple_encoding(doc: &Document, dict: &Dictionary, subtype: &[u8]) -> Box<[String; 256]> {
    let encoding = dict.get(b"Encoding").ok().map(|o| resolve(doc, o));
    let (base, differences) = match encoding {
        Some(Object::Name(name)) => (Some(name.as_slice()), None),
        Some(Object::Dictionary(d)) => (
            d.get(b"BaseEncoding")
                .ok()
                .and_then(|o| resolve(doc, o).as_name().ok()),
            d.get(b"Differences")
                .ok()
                .and_then(|o| resolve(doc, o).as_array().ok()),
        ),
        _ => (None, None),
    };
    let symbolic = is_symbolic(doc, dict);
    let base = match base {
        Some(b) => b,
        // Without a base encoding, TrueType fonts from Windows producers
        // use WinAnsi; Type1 fonts their built-in (usually Standard).
        None if subtype == b"TrueType" && !symbolic => b"WinAnsiEncoding",
        None => b"StandardEncoding",
    };
    let mut table = base_table(base);
    if let Some(differences) = differences {
        let mut code: usize = 0;
        for item in differences {
            match resolve(doc, item) {
                Object::Integer(c) => code = usize::try_from(*c).unwrap_or(256),
                Object::Name(name) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_name_to_text(name).unwrap_or_default();
                    }
                    code = code.saturating_add(1);
                }
                _ => {}
            }
        }
    }
    for entry in table.iter_mut() {
        expand_ligature(entry);
    }
    table
}

fn is_symbolic(doc: &Document, dict: &Dictionary) -> bool {
    dict.get(b"FontDescriptor")
        .ok()
        .and_then(|o| resolve(doc, o).as_dict().ok())
        .and_then(|d| d.get(b"Flags").ok())
        .and_then(|o| resolve(doc, o).as_i64().ok())
        .is_some_and(|flags| flags & 4 != 0 && flags & 32 == 0)
}

/// A base encoding's 256 entries, read from lopdf's tables (which it keeps
/// private: we ask it to decode each byte through a one-key font dict).
fn base_table(name: &[u8]) -> Box<[String; 256]> {
    let known: &[u8] = match name {
        b"WinAnsiEncoding" | b"MacRomanEncoding" | b"StandardEncoding" | b"PDFDocEncoding"
        | b"MacExpertEncoding" => name,
        _ => b"StandardEncoding",
    };
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(known.to_vec()));
    let doc = Document::new();
    let encoding = font.get_font_encoding(&doc).ok();
    Box::new(std::array::from_fn(|b| match &encoding {
        Some(e) => decode_one(e, b as u8),
        None => latin1(b as u8).to_string(),
    }))
}

fn decode_one(encoding: &Encoding<'_>, b: u8) -> String {
    encoding.bytes_to_string(&[b]).unwrap_or_default()
}

/// The text for a glyph name: `uniXXXX`, `uXXXX[XX]`, names from the Adobe
/// Glyph List (via lopdf), `f_i`-style ligatures and `a.sc`-style variants.
pub fn glyph_name_to_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base
            .split('_')
            .map(|p| glyph_name_to_text(p.as_bytes()))
            .collect();
        return parts;
    }
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = hex
                .as_bytes()
                .chunks(4)
                .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                .collect();
            return Some(char::decode_utf16(units).filter_map(Result::ok).collect());
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .map(String::from);
        }
    }
    agl_lookup(base.as_bytes())
}

/// Looks a glyph name up in lopdf's Adobe Glyph List by decoding code 0 of
/// a font whose `/Differences` names only that glyph.
fn agl_lookup(name: &[u8]) -> Option<String> {
    let mut encoding = Dictionary::new();
    encoding.set(
        "Differences",
        Object::Array(vec![Object::Integer(0), Object::Name(name.to_vec())]),
    );
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(encoding));
    let doc = Document::new();
    match font.get_font_encoding(&doc).ok()? {
        e @ Encoding::Differences(_) => Some(decode_one(&e, 0)).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// A parsed `/ToUnicode` CMap: `bfchar` and `bfrange` entries, keyed by code
/// and code length in bytes.
#[derive(Debug, Default)]
pub struct ToUnicode {
    singles: HashMap<(u8, u32), String>,
    ranges: Vec<BfRange>,
}

#[derive(Debug)]
struct BfRange {
    len: u8,
    low: u32,
    high: u32,
    target: RangeTarget,
}

#[derive(Debug)]
enum RangeTarget {
    /// UTF-16 of the first code; the last unit counts up.
    Start(Vec<u16>),
    /// One destination per code (the array form).
    Each(Vec<String>),
}

/// Ranges up to this size are expanded into single entries when parsed.
const EXPAND_RANGE: u32 = 256;
/// Most entries one CMap may hold.
const MAX_CMAP_ENTRIES: usize = 200_000;

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(&'a [u8]),
}

impl ToUnicode {
    /// Parses the CMap program; what cannot be read is skipped.
    pub fn parse(bytes: &[u8]) -> ToUnicode {
        let tokens = tokenize(bytes);
        let mut map = ToUnicode::default();
        let mut i = 0;
        while i < tokens.len() && map.singles.len() < MAX_CMAP_ENTRIES {
            match &tokens[i] {
                Token::Word(b"beginbfchar") => {
                    i += 1;
                    while let (Some(Token::Hex(src)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        if let (Some((len, code)), Token::Hex(dst)) = (code_of(src), dst) {
                            map.singles.insert((len, code), utf16_text(dst));
                        }
                        i += 2;
                    }
                }
                Token::Word(b"beginbfrange") => {
                    i += 1;
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        i += 2;
                        let target = match tokens.get(i) {
                            Some(Token::Hex(dst)) => {
                                i += 1;
                                RangeTarget::Start(utf16_units(dst))
                            }
                            Some(Token::Open) => {
                                i += 1;
                                let mut each = Vec::new();
                                while let Some(Token::Hex(dst)) = tokens.get(i) {
                                    each.push(utf16_text(dst));
                                    i += 1;
                                }
                                if tokens.get(i) == Some(&Token::Close) {
                                    i += 1;
                                }
                                RangeTarget::Each(each)
                            }
                            _ => break,
                        };
                        if let (Some((len, low)), Some((_, high))) = (code_of(lo), code_of(hi)) {
                            map.add_range(BfRange {
                                len,
                                low,
                                high,
                                target,
                            });
                        }
                    }
                }
                _ => i += 1,
            }
        }
        map
    }

    fn add_range(&mut self, range: BfRange) {
        if range.high < range.low {
            return;
        }
        if range.high - range.low < EXPAND_RANGE {
            let mut text = String::new();
            for code in range.low..=range.high {
                text.clear();
                if range.text_into(code, &mut text) {
                    self.singles.insert((range.len, code), text.clone());
                }
            }
        } else {
            self.ranges.push(range);
        }
    }

    /// Appends the text of `code` (of `len` bytes) to `out`; false when the
    /// map does not have it.
    pub fn lookup(&self, code: u32, len: u8, out: &mut String) -> bool {
        if let Some(text) = self.singles.get(&(len, code)) {
            out.push_str(text);
            return true;
        }
        self.ranges
            .iter()
            .find(|r| r.len == len && r.low <= code && code <= r.high)
            .is_some_and(|r| r.text_into(code, out))
    }
}

impl BfRange {
    fn text_into(&self, code: u32, out: &mut String) -> bool {
        let offset = code - self.low;
        match &self.target {
            RangeTarget::Start(units) => {
                let Some((last, head)) = units.split_last() else {
                    return false;
                };
                let Some(last) = u32::from(*last).checked_add(offset) else {
                    return false;
                };
                if head.is_empty() && last > 0xffff {
                    // A range that runs past the BMP: count in code points.
                    return char::from_u32(last).map(|c| out.push(c)).is_some();
                }
                let mut units = head.to_vec();
                units.push(last as u16);
                out.extend(char::decode_utf16(units).filter_map(Result::ok));
                true
            }
            RangeTarget::Each(each) => match each.get(offset as usize) {
                Some(text) => {
                    out.push_str(text);
                    true
                }
                None => false,
            },
        }
    }
}

fn code_of(hex: &[u8]) -> Option<(u8, u32)> {
    if hex.is_empty() || hex.len() > 4 {
        return None;
    }
    let code = hex.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
    Some((hex.len() as u8, code))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| match p {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    let mut text: String = char::decode_utf16(utf16_units(bytes))
        .filter_map(Result::ok)
        .collect();
    expand_ligature(&mut text);
    text
}

/// Splits a CMap program into the tokens the bf sections use.
fn tokenize(bytes: &[u8]) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'<' if bytes.get(i + 1) == Some(&b'<') => i += 2,
            b'>' => i += 1,
            b'<' => {
                let end = bytes[i..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(bytes.len(), |p| i + p);
                let digits: Vec<u8> = bytes[i + 1..end]
                    .iter()
                    .filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8))
                    .collect();
                let hex = digits
                    .chunks(2)
                    .map(|p| match p {
                        [h, l] => h << 4 | l,
                        [h] => h << 4,
                        _ => 0,
                    })
                    .collect();
                tokens.push(Token::Hex(hex));
                i = end + 1;
            }
            b'[' => {
                tokens.push(Token::Open);
                i += 1;
            }
            b']' => {
                tokens.push(Token::Close);
                i += 1;
            }
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                // Strings are not used by bf sections; skip with nesting.
                let mut depth = 0usize;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !b"<>[]()/%".contains(&bytes[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                } else {
                    tokens.push(Token::Word(&bytes[start..i]));
                }
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(map: &ToUnicode, code: u32, len: u8) -> Option<String> {
        let mut s = String::new();
        map.lookup(code, len, &mut s).then_some(s)
    }

    #[test]
    fn cmap_bfchar_bfrange_and_array_form() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0024> <00C4> endbfchar
            2 beginbfrange <0010> <0012> <0061>
            <0020> <0021> [<FB01> <00660066>] endbfrange
            1 beginbfrange <0100> <02FF> <4E00> endbfrange
            endcmap";
        let map = ToUnicode::parse(cmap);
        assert_eq!(lookup(&map, 3, 2).as_deref(), Some(" "));
        assert_eq!(lookup(&map, 0x24, 2).as_deref(), Some("Ä"));
        assert_eq!(lookup(&map, 0x11, 2).as_deref(), Some("b"));
        assert_eq!(lookup(&map, 0x20, 2).as_deref(), Some("fi"));
        assert_eq!(lookup(&map, 0x21, 2).as_deref(), Some("ff"));
        assert_eq!(lookup(&map, 0x0101, 2).as_deref(), Some("\u{4e01}"));
        assert_eq!(lookup(&map, 0x13, 2), None);
        assert_eq!(lookup(&map, 0x11, 1), None);
    }

    #[test]
    fn cmap_garbage_does_not_panic() {
        for input in [
            &b"beginbfrange <00> <FF> ["[..],
            b"beginbfchar <",
            b"beginbfrange <FFFFFFFF> <00000000> <0041> endbfrange",
            b"beginbfrange <00000000> <FFFFFFFF> <FFFF> endbfrange",
            b"((((",
        ] {
            let map = ToUnicode::parse(input);
            let mut s = String::new();
            map.lookup(0xffff_ffff, 4, &mut s);
        }
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_text(b"adieresis").as_deref(), Some("ä"));
        assert_eq!(glyph_name_to_text(b"germandbls").as_deref(), Some("ß"));
        assert_eq!(glyph_name_to_text(b"uni00FC").as_deref(), Some("ü"));
        assert_eq!(glyph_name_to_text(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_to_text(b"f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_to_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_to_text(b"Euro").as_deref(), Some("€"));
        assert_eq!(glyph_name_to_text(b"g123"), None);
    }

    #[test]
    fn base_tables_from_lopdf() {
        let win = base_table(b"WinAnsiEncoding");
        assert_eq!(win[0xE4], "ä");
        assert_eq!(win[0x80], "€");
        let mac = base_table(b"MacRomanEncoding");
        assert_eq!(mac[0x8A], "ä");
        let std = base_table(b"StandardEncoding");
        assert_eq!(std[0x41], "A");
        assert_eq!(std[0xAE], "\u{fb01}");
    }
}
