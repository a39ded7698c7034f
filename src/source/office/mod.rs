//! Word and OpenDocument files: `.docx` and `.odt` are read from their
//! XML ([`zip`] + [`xml`]), `.rtf` by a small reader of its control words
//! ([`rtf`]), and legacy `.doc` by the `antiword` tool ([`doc`]).
//!
//! Paragraphs become lines; table cells are separated by tabs and rows
//! end lines, as the HTML reader keeps tables; an explicit page break
//! starts a new page. Headers, footers, comments and footnotes are left
//! out, as the PDF reader leaves out page furniture.

pub mod doc;
pub mod rtf;
pub mod xml;
pub mod zip;

use super::{Format, RawDocument};
use xml::Token;

/// Why an office file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OfficeError(pub String);

/// The element names of one XML vocabulary that matter for text.
struct Vocabulary {
    paragraph: &'static [&'static str],
    text: &'static [&'static str],
    tab: &'static [&'static str],
    line_break: &'static [&'static str],
    cell: &'static str,
    row: &'static str,
    /// Elements whose content is not body text.
    skip: &'static [&'static str],
    /// A space run (`<text:s text:c="3"/>`).
    spaces: Option<(&'static str, &'static str)>,
}

const WORD: Vocabulary = Vocabulary {
    paragraph: &["w:p"],
    text: &["w:t"],
    tab: &["w:tab"],
    line_break: &["w:br", "w:cr"],
    cell: "w:tc",
    row: "w:tr",
    skip: &[
        "w:instrText",
        "w:delText",
        "w:footnoteReference",
        "mc:Fallback",
    ],
    spaces: None,
};

const OPEN_DOCUMENT: Vocabulary = Vocabulary {
    paragraph: &["text:p", "text:h"],
    text: &[],
    tab: &["text:tab"],
    line_break: &["text:line-break"],
    cell: "table:table-cell",
    row: "table:table-row",
    skip: &["office:annotation", "text:note", "text:tracked-changes"],
    spaces: Some(("text:s", "text:c")),
};

/// Reads a `.docx`: `word/document.xml`.
pub fn read_docx(bytes: &[u8]) -> Result<RawDocument, OfficeError> {
    let zip = zip::Zip::open(bytes).map_err(OfficeError)?;
    let xml = zip
        .read("word/document.xml")
        .map_err(|e| OfficeError(format!("not a Word document: {e}")))?;
    Ok(document(
        Format::Docx,
        &String::from_utf8_lossy(&xml),
        &WORD,
    ))
}

/// Reads an `.odt`: `content.xml`.
pub fn read_odt(bytes: &[u8]) -> Result<RawDocument, OfficeError> {
    let zip = zip::Zip::open(bytes).map_err(OfficeError)?;
    let xml = zip
        .read("content.xml")
        .map_err(|e| OfficeError(format!("not an OpenDocument text: {e}")))?;
    Ok(document(
        Format::Odt,
        &String::from_utf8_lossy(&xml),
        &OPEN_DOCUMENT,
    ))
}

/// The pages of text of one office XML body.
fn document(format: Format, xml: &str, words: &Vocabulary) -> RawDocument {
    let mut pages = vec![String::new()];
    let mut line = String::new();
    // Per open table: the cells of the current row.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut in_text, mut skipping) = (0usize, 0usize);
    let text_everywhere = words.text.is_empty();
    for token in xml::tokens(xml) {
        match token {
            Token::Start(name, attrs) => {
                if words.skip.contains(&name) {
                    skipping += 1;
                } else if skipping > 0 {
                } else if words.text.contains(&name) {
                    in_text += 1;
                } else if words.tab.contains(&name) {
                    line.push('\t');
                } else if words.line_break.contains(&name) {
                    if xml::attr(&attrs, "w:type") == Some("page") && rows.is_empty() {
                        end_line(&mut line, &mut rows, &mut pages);
                        pages.push(String::new());
                    } else {
                        line.push(if rows.is_empty() { '\n' } else { ' ' });
                    }
                } else if name == words.row {
                    rows.push(Vec::new());
                } else if words.spaces.is_some_and(|(s, _)| s == name) {
                    let n = words
                        .spaces
                        .and_then(|(_, c)| xml::attr(&attrs, c))
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(100);
                    line.push_str(&" ".repeat(n));
                } else if xml::attr(&attrs, "fo:break-before") == Some("page") {
                    // (ODT page breaks live in styles; not followed here.)
                }
            }
            Token::End(name) => {
                if words.skip.contains(&name) {
                    skipping = skipping.saturating_sub(1);
                } else if skipping > 0 {
                } else if words.text.contains(&name) {
                    in_text = in_text.saturating_sub(1);
                } else if words.paragraph.contains(&name) {
                    if rows.is_empty() {
                        end_line(&mut line, &mut rows, &mut pages);
                    } else {
                        line.push(' ');
                    }
                } else if name == words.cell {
                    let cell = line.split_whitespace().collect::<Vec<_>>().join(" ");
                    line.clear();
                    if let Some(row) = rows.last_mut() {
                        row.push(cell);
                    }
                } else if name == words.row {
                    if let Some(row) = rows.pop() {
                        let joined = row.join("\t");
                        if rows.is_empty() {
                            if !joined.trim().is_empty() {
                                push_line(&mut pages, &joined);
                            }
                        } else {
                            // A table inside a cell: its rows join the cell.
                            line.push_str(&joined.replace('\t', " "));
                            line.push(' ');
                        }
                    }
                }
            }
            Token::Text(text) => {
                if skipping == 0 && (in_text > 0 || (text_everywhere && !text.trim().is_empty())) {
                    if text_everywhere {
                        line.push_str(&text.replace(['\n', '\r'], " "));
                    } else {
                        line.push_str(&text);
                    }
                }
            }
        }
    }
    end_line(&mut line, &mut rows, &mut pages);
    let pages: Vec<String> = pages
        .into_iter()
        .map(|p| p.trim_end().to_string())
        .collect();
    let mut warnings = Vec::new();
    if pages.iter().all(|p| p.trim().is_empty()) {
        warnings.push("the document has no text".to_string());
    }
    RawDocument {
        format,
        pages,
        paged: false,
        warnings,
        links: Vec::new(),
    }
}

fn end_line(line: &mut String, rows: &mut [Vec<String>], pages: &mut [String]) {
    if !rows.is_empty() {
        return;
    }
    let text = line.trim_end().to_string();
    line.clear();
    push_line(pages, &text);
}

fn push_line(pages: &mut [String], text: &str) {
    if let Some(page) = pages.last_mut() {
        page.push_str(text);
        page.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"x\"><w:body>{body}</w:body></w:document>"
        );
        zip::write(&[("word/document.xml", xml.as_bytes())])
    }

    #[test]
    fn docx_paragraphs_tables_and_page_breaks() {
        let bytes = docx(
            "<w:p><w:r><w:t>Drucksache </w:t></w:r><w:r><w:t>53/2025</w:t></w:r></w:p>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Rat</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>21.12.2021</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:br w:type=\"page\"/><w:t>Seite zwei</w:t></w:r></w:p>",
        );
        let doc = read_docx(&bytes).unwrap();
        assert_eq!(doc.format, Format::Docx);
        assert_eq!(
            doc.pages,
            vec!["Drucksache 53/2025\nRat\t21.12.2021", "Seite zwei"]
        );
    }

    #[test]
    fn odt_spaces_headings_and_cells() {
        let xml = "<office:document-content><office:body><office:text>\
            <text:h>Antrag</text:h><text:p>Der Rat<text:s text:c=\"2\"/>beschließt.</text:p>\
            <table:table><table:table-row><table:table-cell><text:p>2024</text:p></table:table-cell>\
            <table:table-cell><text:p>1.000 €</text:p></table:table-cell></table:table-row></table:table>\
            <office:annotation><text:p>Kommentar</text:p></office:annotation>\
            </office:text></office:body></office:document-content>";
        let bytes = zip::write(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", xml.as_bytes()),
        ]);
        let doc = read_odt(&bytes).unwrap();
        assert_eq!(
            doc.pages,
            vec!["Antrag\nDer Rat  beschließt.\n2024\t1.000 €"]
        );
    }

    #[test]
    fn a_zip_that_is_no_document_is_an_error() {
        let bytes = zip::write(&[("other.xml", b"<a/>")]);
        assert!(read_docx(&bytes)
            .unwrap_err()
            .0
            .contains("not a Word document"));
        assert!(read_odt(b"junk").is_err());
    }
}
