//! Rich Text Format: the text of an `.rtf` file, read from its control
//! words. Groups that are not body text (font and colour tables, style
//! sheets, document info, pictures, headers and footers, every `{\*…}`
//! destination) are skipped; `\'hh` bytes are decoded in the document's
//! code page (`\ansicpg`, Windows-1252 by default) and `\uN` as Unicode
//! with its `\ucN` fallback characters skipped. `\par`/`\line` end lines,
//! `\cell` separates table cells by tabs, `\row` ends a row, `\page` a
//! page.

use encoding_rs::Encoding;

use super::{Format, OfficeError, RawDocument};

/// Destinations whose text is not part of the body.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "annotation",
    "object",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "latentstyles",
    "datastore",
    "fldinst",
    "filetbl",
    "revtbl",
];

/// Reads an RTF file.
pub fn read(bytes: &[u8]) -> Result<RawDocument, OfficeError> {
    if !bytes.trim_ascii_start().starts_with(b"{\\rtf") {
        return Err(OfficeError("not an RTF file (no {\\rtf header)".into()));
    }
    let mut pages = vec![String::new()];
    // Per group: skipped?, \uc count.
    let mut stack: Vec<(bool, usize)> = vec![(false, 1)];
    let mut encoding: &'static Encoding = encoding_rs::WINDOWS_1252;
    let mut pending: Vec<u8> = Vec::new();
    let mut skip_chars = 0usize;
    let mut i = 0;
    let flush = |pending: &mut Vec<u8>, out: &mut String, enc: &'static Encoding| {
        if !pending.is_empty() {
            out.push_str(&enc.decode_without_bom_handling(pending).0);
            pending.clear();
        }
    };
    while i < bytes.len() {
        let skipping = stack.last().is_some_and(|g| g.0);
        let page = pages.last_mut().expect("one page at least");
        match bytes[i] {
            b'{' => {
                flush(&mut pending, page, encoding);
                let (skip, uc) = *stack.last().unwrap_or(&(false, 1));
                let star = bytes.get(i + 1..i + 3) == Some(b"\\*");
                stack.push((skip || star, uc));
                i += 1;
            }
            b'}' => {
                flush(&mut pending, page, encoding);
                if stack.len() > 1 {
                    stack.pop();
                }
                i += 1;
            }
            b'\\' => {
                let start = i + 1;
                let Some(&next) = bytes.get(start) else { break };
                if next == b'\'' {
                    let hex = bytes
                        .get(start + 1..start + 3)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    i = start + 3;
                    if skip_chars > 0 {
                        skip_chars -= 1;
                    } else if let (Some(b), false) = (hex, skipping) {
                        pending.push(b);
                    }
                    continue;
                }
                if !next.is_ascii_alphabetic() {
                    // Control symbols: \\ \{ \} \~ \- \_ and line ends.
                    i = start + 1;
                    if skipping {
                        continue;
                    }
                    flush(&mut pending, page, encoding);
                    match next {
                        b'\\' | b'{' | b'}' => page.push(next as char),
                        b'~' => page.push('\u{a0}'),
                        b'_' => page.push('-'),
                        b'\n' | b'\r' => page.push('\n'),
                        _ => {}
                    }
                    continue;
                }
                let mut end = start;
                while end < bytes.len() && bytes[end].is_ascii_alphabetic() && end - start < 32 {
                    end += 1;
                }
                let word = std::str::from_utf8(&bytes[start..end]).unwrap_or("");
                let mut num_end = end;
                if bytes.get(num_end) == Some(&b'-') {
                    num_end += 1;
                }
                while num_end < bytes.len() && bytes[num_end].is_ascii_digit() && num_end - end < 10
                {
                    num_end += 1;
                }
                let param: Option<i64> = std::str::from_utf8(&bytes[end..num_end])
                    .ok()
                    .and_then(|n| n.parse().ok());
                i = num_end;
                if bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
                if SKIPPED.contains(&word) {
                    if let Some(group) = stack.last_mut() {
                        group.0 = true;
                    }
                    continue;
                }
                match word {
                    "ansicpg" => {
                        if let Some(cp) = param {
                            encoding = code_page(cp).unwrap_or(encoding);
                        }
                    }
                    "uc" => {
                        if let Some(group) = stack.last_mut() {
                            group.1 = param.unwrap_or(1).clamp(0, 8) as usize;
                        }
                    }
                    _ if skipping => {}
                    "u" => {
                        flush(&mut pending, page, encoding);
                        if let Some(n) = param {
                            let n = if n < 0 { n + 65_536 } else { n };
                            if let Some(c) = u32::try_from(n).ok().and_then(char::from_u32) {
                                page.push(c);
                            }
                        }
                        skip_chars = stack.last().map_or(1, |g| g.1);
                    }
                    "par" | "line" | "sect" => {
                        flush(&mut pending, page, encoding);
                        page.push('\n');
                    }
                    "tab" | "cell" => {
                        flush(&mut pending, page, encoding);
                        page.push('\t');
                    }
                    "row" => {
                        flush(&mut pending, page, encoding);
                        while page.ends_with('\t') {
                            page.pop();
                        }
                        page.push('\n');
                    }
                    "page" => {
                        flush(&mut pending, page, encoding);
                        pages.push(String::new());
                    }
                    "emdash" => page.push('—'),
                    "endash" => page.push('–'),
                    "bullet" => page.push('•'),
                    "lquote" => page.push('‘'),
                    "rquote" => page.push('’'),
                    "ldblquote" => page.push('„'),
                    "rdblquote" => page.push('“'),
                    _ => {}
                }
            }
            b'\r' | b'\n' => i += 1,
            b => {
                i += 1;
                if skip_chars > 0 {
                    skip_chars -= 1;
                } else if !skipping {
                    pending.push(b);
                }
            }
        }
    }
    if let Some(page) = pages.last_mut() {
        flush(&mut pending, page, encoding);
    }
    let pages: Vec<String> = pages
        .into_iter()
        .map(|p| {
            p.lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string()
        })
        .collect();
    let mut warnings = Vec::new();
    if pages.iter().all(|p| p.is_empty()) {
        warnings.push("the document has no text".to_string());
    }
    Ok(RawDocument {
        format: Format::Rtf,
        pages,
        paged: false,
        warnings,
        links: Vec::new(),
    })
}

/// The encoding of a Windows code page number.
fn code_page(cp: i64) -> Option<&'static Encoding> {
    let label = match cp {
        65001 => "utf-8".to_string(),
        437 | 850 => return None,
        n => format!("windows-{n}"),
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_without_tables_of_fonts() {
        let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\*\generator Word;}
{\info{\title Geheim}}\pard Drucksache 53/2025\par
Der Rat beschlie\'dft \u8222?Radweg\u8220?.\par
\trowd Rat\cell 21.12.2021\cell\row
\page Seite 2}";
        let doc = read(rtf).unwrap();
        assert_eq!(doc.format, Format::Rtf);
        assert_eq!(
            doc.pages,
            vec![
                "Drucksache 53/2025\nDer Rat beschließt „Radweg“.\nRat\t21.12.2021",
                "Seite 2"
            ]
        );
    }

    #[test]
    fn junk_is_an_error_and_cut_files_do_not_panic() {
        assert!(read(b"hello").is_err());
        for cut in [
            b"{\\rtf1 \\".as_slice(),
            b"{\\rtf1 \\'",
            b"{\\rtf1 {{{\\u-",
            b"{\\rtf1}}}}",
        ] {
            let _ = read(cut);
        }
    }
}
