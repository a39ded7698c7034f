//! The operations of a content stream (a page's, a form's), read by hand.
//!
//! lopdf's `Content::decode_iter` reads a content stream with its general
//! object parser (nom combinators, one allocation per token and per
//! alternative tried); on text-heavy pages that was about half of all PDF
//! reading. This reader yields the same [`Operation`]s (operands as lopdf
//! [`Object`]s, so the interpreter is unchanged) for well-formed content,
//! which a test checks against lopdf on every content stream of the
//! corpus and the fixtures. On malformed content it ends the stream with
//! an error where lopdf's reader would, give or take leniency: comments
//! are skipped wherever they stand.

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// How deep arrays and dictionaries may nest in an operand.
const MAX_NESTING: usize = 64;

/// The operations of `content`, in order; an `Err` ends them.
pub fn operations(content: &[u8]) -> Operations<'_> {
    Operations {
        input: content,
        at: 0,
        done: false,
    }
}

/// An iterator over a content stream's operations (see [`operations`]).
pub struct Operations<'a> {
    input: &'a [u8],
    at: usize,
    done: bool,
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0c')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delimiter(c)
}

/// The object a keyword operand stands for (`true`, `false`, `null`).
fn keyword(word: &[u8]) -> Option<Object> {
    match word {
        b"true" => Some(Object::Boolean(true)),
        b"false" => Some(Object::Boolean(false)),
        b"null" => Some(Object::Null),
        _ => None,
    }
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|v| v as u8)
}

impl Iterator for Operations<'_> {
    type Item = Result<Operation, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut operands = Vec::new();
        loop {
            self.skip_space();
            let Some(&c) = self.input.get(self.at) else {
                self.done = true;
                // Operands without an operator at the end are dropped, as
                // lopdf drops them.
                return None;
            };
            if c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"') {
                let start = self.at;
                let end = self.input[start..]
                    .iter()
                    .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'*' | b'\'' | b'"')))
                    .map_or(self.input.len(), |n| start + n);
                let word = &self.input[start..end];
                self.at = end;
                if let Some(keyword) = keyword(word) {
                    operands.push(keyword);
                    continue;
                }
                if word == b"BI" {
                    return Some(self.inline_image());
                }
                // ASCII letters, digits and *'" only.
                let operator = word.iter().map(|&b| char::from(b)).collect();
                return Some(Ok(Operation { operator, operands }));
            }
            match self.object(0) {
                Ok(object) => operands.push(object),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

impl Operations<'_> {
    /// Skips white space and comments.
    fn skip_space(&mut self) {
        while let Some(&c) = self.input.get(self.at) {
            if is_white(c) {
                self.at += 1;
            } else if c == b'%' {
                self.at = memchr::memchr2(b'\n', b'\r', &self.input[self.at..])
                    .map_or(self.input.len(), |n| self.at + n);
            } else {
                break;
            }
        }
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    /// One operand: a number, name, string, array or dictionary.
    fn object(&mut self, depth: usize) -> Result<Object, String> {
        let c = self.input[self.at];
        match c {
            b'/' => Ok(Object::Name(self.name())),
            b'(' => self.literal_string(),
            b'<' if self.input.get(self.at + 1) == Some(&b'<') => {
                self.dictionary(depth).map(Object::Dictionary)
            }
            b'<' => self.hex_string(),
            b'[' => self.array(depth),
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let number = self.number()?;
                Ok(match number {
                    // "12 0 R" inside an array or dictionary.
                    Object::Integer(id) if depth > 0 => self.reference(id).unwrap_or(number),
                    number => number,
                })
            }
            _ => {
                let start = self.at;
                let end = self.input[start..]
                    .iter()
                    .position(|&c| !is_regular(c))
                    .map_or(self.input.len(), |n| start + n);
                let Some(keyword) = keyword(&self.input[start..end]) else {
                    return Err(self.error("unexpected byte"));
                };
                self.at = end;
                Ok(keyword)
            }
        }
    }

    /// The reference `id gen R` whose `id` was just read, or `None` (and
    /// nothing read) if no generation and `R` follow.
    fn reference(&mut self, id: i64) -> Option<Object> {
        let start = self.at;
        let found = (|| {
            self.skip_space();
            let digits = self.input[self.at..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let generation: u16 = std::str::from_utf8(&self.input[self.at..self.at + digits])
                .ok()?
                .parse()
                .ok()?;
            self.at += digits;
            self.skip_space();
            let after = self.input.get(self.at + 1).copied();
            if self.input.get(self.at) != Some(&b'R') || after.is_some_and(is_regular) {
                return None;
            }
            self.at += 1;
            Some(Object::Reference((u32::try_from(id).ok()?, generation)))
        })();
        if found.is_none() {
            self.at = start;
        }
        found
    }

    /// `/Name`, with `#xx` escapes.
    fn name(&mut self) -> Vec<u8> {
        self.at += 1;
        let mut bytes = Vec::new();
        loop {
            let rest = &self.input[self.at..];
            let run = rest
                .iter()
                .position(|&c| c == b'#' || !is_regular(c))
                .unwrap_or(rest.len());
            bytes.extend_from_slice(&rest[..run]);
            self.at += run;
            let escape = match self.input.get(self.at..self.at + 3) {
                Some([b'#', hi, lo]) => hex_value(*hi).zip(hex_value(*lo)),
                _ => None,
            };
            match escape {
                Some((hi, lo)) => {
                    bytes.push(hi << 4 | lo);
                    self.at += 3;
                }
                None => return bytes,
            }
        }
    }

    /// A number: an integer, or a real if it has a point. A minus sign
    /// inside the fraction ("0.00-4142502", written by some producers) is
    /// ignored, as lopdf, pdf.js and Poppler do.
    fn number(&mut self) -> Result<Object, String> {
        let start = self.at;
        let bytes = self.input;
        let mut i = start;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let int_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let int_digits = i - int_start;
        if bytes.get(i) != Some(&b'.') {
            if int_digits == 0 {
                return Err(self.error("not a number"));
            }
            self.at = i;
            let magnitude = bytes[int_start..i].iter().try_fold(0i64, |value, &digit| {
                value.checked_mul(10)?.checked_add(i64::from(digit - b'0'))
            });
            let negative = bytes[start] == b'-';
            return magnitude
                .map(|m| Object::Integer(if negative { -m } else { m }))
                .ok_or_else(|| self.error("integer out of range"));
        }
        i += 1;
        let fraction_start = i;
        while bytes
            .get(i)
            .is_some_and(|c| c.is_ascii_digit() || (*c == b'-' && i > fraction_start))
        {
            i += 1;
        }
        let fraction = &bytes[fraction_start..i];
        if int_digits == 0 && !fraction.first().is_some_and(u8::is_ascii_digit) {
            return Err(self.error("not a number"));
        }
        self.at = i;
        let text: Vec<u8> = if fraction.contains(&b'-') {
            let (sign, rest) = bytes[start..i].split_at(1);
            sign.iter()
                .chain(rest.iter().filter(|&&c| c != b'-'))
                .copied()
                .collect()
        } else {
            bytes[start..i].to_vec()
        };
        std::str::from_utf8(&text)
            .ok()
            .and_then(|t| t.parse::<f32>().ok())
            .map(Object::Real)
            .ok_or_else(|| self.error("not a number"))
    }

    /// `(…)`: balanced parentheses, escapes, line ends read as `\n`.
    fn literal_string(&mut self) -> Result<Object, String> {
        self.at += 1;
        let mut out = Vec::new();
        let mut open = 0usize;
        let bytes = self.input;
        loop {
            let rest = &bytes[self.at..];
            let run = rest
                .iter()
                .position(|&c| matches!(c, b'(' | b')' | b'\\' | b'\r' | b'\n'))
                .ok_or_else(|| self.error("unterminated string"))?;
            out.extend_from_slice(&rest[..run]);
            self.at += run;
            let c = bytes[self.at];
            self.at += 1;
            match c {
                b'(' => {
                    open += 1;
                    out.push(b'(');
                }
                b')' if open == 0 => {
                    return Ok(Object::String(out, StringFormat::Literal));
                }
                b')' => {
                    open -= 1;
                    out.push(b')');
                }
                b'\r' | b'\n' => {
                    if c == b'\r' && bytes.get(self.at) == Some(&b'\n') {
                        self.at += 1;
                    }
                    out.push(b'\n');
                }
                _ => self.escape(&mut out)?,
            }
        }
    }

    /// The escape after a backslash in a literal string.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), String> {
        let bytes = self.input;
        let Some(&c) = bytes.get(self.at) else {
            return Err(self.error("unterminated string"));
        };
        self.at += 1;
        match c {
            b'0'..=b'7' => {
                let mut value = u16::from(c - b'0');
                for _ in 0..2 {
                    match bytes.get(self.at) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u16::from(d - b'0');
                            self.at += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            b'\r' => {
                if bytes.get(self.at) == Some(&b'\n') {
                    self.at += 1;
                }
            }
            b'\n' => {}
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(b'\x08'),
            b'f' => out.push(b'\x0c'),
            other => out.push(other),
        }
        Ok(())
    }

    /// `<…>`: hexadecimal digits, white space between them ignored, an odd
    /// last digit read as its high half.
    fn hex_string(&mut self) -> Result<Object, String> {
        self.at += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let Some(&c) = self.input.get(self.at) else {
                return Err(self.error("unterminated hex string"));
            };
            self.at += 1;
            if c == b'>' {
                if let Some(h) = high {
                    out.push(h << 4);
                }
                return Ok(Object::String(out, StringFormat::Hexadecimal));
            }
            if is_white(c) {
                continue;
            }
            let v = hex_value(c).ok_or_else(|| self.error("not a hex digit"))?;
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
    }

    /// `[…]`.
    fn array(&mut self, depth: usize) -> Result<Object, String> {
        if depth >= MAX_NESTING {
            return Err(self.error("nested too deep"));
        }
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.input.get(self.at) {
                None => return Err(self.error("unterminated array")),
                Some(b']') => {
                    self.at += 1;
                    return Ok(Object::Array(items));
                }
                Some(_) => items.push(self.object(depth + 1)?),
            }
        }
    }

    /// `<<…>>`.
    fn dictionary(&mut self, depth: usize) -> Result<Dictionary, String> {
        if depth >= MAX_NESTING {
            return Err(self.error("nested too deep"));
        }
        self.at += 2;
        self.entries(depth, b">>")
    }

    /// Key-value pairs up to `end` (`>>`, or `ID` in an inline image).
    fn entries(&mut self, depth: usize, end: &[u8]) -> Result<Dictionary, String> {
        let mut dict = Dictionary::new();
        loop {
            self.skip_space();
            let rest = &self.input[self.at..];
            if rest.is_empty() {
                return Err(self.error("unterminated dictionary"));
            }
            if rest.starts_with(end) {
                self.at += end.len();
                return Ok(dict);
            }
            if rest[0] != b'/' {
                return Err(self.error("dictionary key is not a name"));
            }
            let key = self.name();
            self.skip_space();
            if self.at >= self.input.len() {
                return Err(self.error("unterminated dictionary"));
            }
            let value = self.object(depth + 1)?;
            dict.set(key, value);
        }
    }

    /// `BI … ID data EI`, read past: an inline image is counted, not
    /// decoded. Its data ends after the length its dictionary gives where
    /// it gives one (no filter), else at the first `EI` between white
    /// space.
    fn inline_image(&mut self) -> Result<Operation, String> {
        let dict = self.entries(0, b"ID")?;
        // One white-space byte (or CR LF) separates ID from the data.
        match self.input.get(self.at) {
            Some(b'\r') if self.input.get(self.at + 1) == Some(&b'\n') => self.at += 2,
            Some(&c) if is_white(c) => self.at += 1,
            _ => {}
        }
        let data = &self.input[self.at..];
        let after_known = inline_image_length(&dict).and_then(|n| {
            let tail = data.get(n..)?;
            let blanks = tail.iter().take_while(|&&c| is_white(c)).count();
            let ends = tail[blanks..].starts_with(b"EI")
                && tail.get(blanks + 2).is_none_or(|&c| is_white(c));
            ends.then_some(n + blanks + 2)
        });
        let end = after_known.or_else(|| {
            data.windows(3)
                .position(|w| is_white(w[0]) && &w[1..] == b"EI")
                .filter(|&i| data.get(i + 3).is_none_or(|&c| is_white(c)))
                .map(|i| i + 3)
        });
        match end {
            Some(end) => {
                self.at += end;
                Ok(Operation {
                    operator: "BI".into(),
                    operands: Vec::new(),
                })
            }
            None => {
                self.done = true;
                Err(self.error("inline image without EI"))
            }
        }
    }
}

/// The byte length of an unfiltered inline image's data, from its
/// dictionary (width, height, bits per component, colour components).
fn inline_image_length(dict: &Dictionary) -> Option<usize> {
    let get = |short: &[u8], long: &[u8]| dict.get(short).or_else(|_| dict.get(long)).ok();
    if get(b"F", b"Filter").is_some() {
        return None;
    }
    let size = |short: &[u8], long: &[u8]| -> Option<usize> {
        usize::try_from(get(short, long)?.as_i64().ok()?).ok()
    };
    let (width, height) = (size(b"W", b"Width")?, size(b"H", b"Height")?);
    let mask = get(b"IM", b"ImageMask").and_then(|o| o.as_bool().ok()) == Some(true);
    let bits = match size(b"BPC", b"BitsPerComponent") {
        Some(bits) => bits,
        None if mask => 1,
        None => return None,
    };
    let colours = if mask {
        1
    } else {
        match get(b"CS", b"ColorSpace")? {
            Object::Array(a)
                if matches!(a.first().map(Object::as_name), Some(Ok(b"Indexed" | b"I"))) =>
            {
                1
            }
            cs => match cs.as_name().ok()? {
                b"DeviceGray" | b"G" | b"Gray" | b"Indexed" | b"I" => 1,
                b"DeviceRGB" | b"RGB" => 3,
                b"DeviceCMYK" | b"CMYK" | b"DeviceRGBA" | b"RGBA" => 4,
                _ => return None,
            },
        }
    };
    let row_bits = width.checked_mul(bits.checked_mul(colours)?)?;
    row_bits.div_ceil(8).checked_mul(height)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    /// Our operations and lopdf's for `content`, as debug strings.
    fn both(content: &[u8]) -> (Vec<String>, Vec<String>) {
        // An inline image is read past, not decoded: its operands differ.
        let shown = |op: Operation| match op.operator.as_str() {
            "BI" => "BI".to_string(),
            _ => format!("{op:?}"),
        };
        let ours = operations(content)
            .map_while(Result::ok)
            .map(shown)
            .collect();
        let theirs = Content::decode_iter(content)
            .map_while(Result::ok)
            .map(shown)
            .collect();
        (ours, theirs)
    }

    #[test]
    fn operations_are_lopdfs() {
        for content in [
            &b"BT /F1 12 Tf 72 712 Td (Hello, \\(world\\)\\n) Tj ET"[..],
            b"q 1 0 0 1 0 0 cm BT /F2 9.5 Tf [(A) -250 (B) 12.5 <0041 00 42>] TJ T* (x\\101\\0y) ' ET Q",
            b"BT 0 -.5 TD 1. 0.00-4142502 Td +3 Tc (a\r\nb\\\r\nc) Tj ET",
            b"% comment\n/P <</MCID 3 /ActualText (x)>> BDC EMC /Im1 Do 1 0 0 RG 0 0 10 10 re f",
            b"BT /F#201 1 Tf (nested (paren) ok) Tj 0.1 0.2 0.3 rg 10 20 m 30 40 l S ET",
            b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00 EI\n Q BT (after) Tj ET",
            b"BI /W 1 /H 1 /BPC 8 /CS /RGB /F /AHx ID 00ff00> EI BT (after) Tj ET",
            b"<4> Tj (unterminated",
            b"d0 d1 true false null sh",
            b"/Span <</Refs [1 0 R 2 0 R] /N 3 0 R /K 4 5>> BDC EMC",
        ] {
            let (ours, theirs) = both(content);
            assert_eq!(ours, theirs, "{}", String::from_utf8_lossy(content));
        }
    }

    #[test]
    fn bad_content_ends_with_an_error_not_a_panic() {
        for bad in [
            &b"(unterminated"[..],
            b"<zz> Tj",
            b"[[[[",
            b"<< /A",
            b"BI /W 1 ID xx",
            b"- Tj",
            b"99999999999999999999999 Tj",
            b")",
            b"{",
        ] {
            let ops: Vec<_> = operations(bad).collect();
            assert!(ops.len() <= 2, "{ops:?}");
        }
        let deep = "[".repeat(10_000);
        assert!(operations(deep.as_bytes()).any(|op| op.is_err()));
    }

    /// Every stream of every PDF in `fixtures/pdf` and `../shared/corpus`
    /// (pages, forms, anything else that decodes), read by both readers.
    #[test]
    fn every_content_stream_of_the_corpus_and_fixtures_reads_as_lopdf_reads_it() {
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = root.join("../shared/corpus");
        if !corpus.is_dir() {
            eprintln!("SKIPPED the corpus: {} is missing", corpus.display());
        }
        for dir in [root.join("fixtures/pdf"), corpus] {
            for entry in ignore::WalkBuilder::new(dir)
                .standard_filters(false)
                .build()
                .flatten()
            {
                if entry.path().extension().is_some_and(|e| e == "pdf") {
                    files.push(entry.path().to_path_buf());
                }
            }
        }
        let (mut streams, mut operations_read) = (0, 0);
        for file in &files {
            let Ok(bytes) = std::fs::read(file) else {
                continue;
            };
            let Ok(doc) = lopdf::Document::load_mem(&bytes) else {
                continue;
            };
            for object in doc.objects.values() {
                let Ok(stream) = object.as_stream() else {
                    continue;
                };
                let content = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                // Only streams lopdf reads as content to the end.
                let Ok(theirs) = Content::decode_iter(&content).collect::<Result<Vec<_>, _>>()
                else {
                    continue;
                };
                if theirs.is_empty() {
                    continue;
                }
                let (ours, theirs_shown) = both(&content);
                assert_eq!(
                    ours.len(),
                    theirs.len(),
                    "{}: operation count",
                    file.display()
                );
                assert_eq!(ours, theirs_shown, "{}", file.display());
                streams += 1;
                operations_read += theirs.len();
            }
        }
        assert!(streams > 10, "{streams} streams in {} files", files.len());
        eprintln!("{streams} content streams, {operations_read} operations: same");
    }
}
