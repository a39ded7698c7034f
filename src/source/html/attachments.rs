//! Which links of a page are attachments: the files a detail page offers
//! for download (the paper's PDF, Anlagen, plans), as opposed to
//! navigation, other papers' pages and mail addresses.
//!
//! A link is an attachment when its target names a document file by its
//! ending (`.pdf`, `.docx`, …) or is one of the download endpoints council
//! information systems use: SessionNet and SD.NET `getfile.php`/`getfile.asp`,
//! ALLRIS `do027.asp` and `ydocstart`, and any URL carrying a document
//! number (`DOLFDNR=`, as ALLRIS 4 downloads do).

use std::collections::HashMap;

use crate::source::Link;

/// File endings of documents that papers have as attachments.
const DOCUMENT_ENDINGS: &[&str] = &[
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".xls", ".xlsx", ".ods", ".csv", ".ppt",
    ".pptx", ".odp", ".zip", ".tif", ".tiff", ".jpg", ".jpeg", ".png", ".gif", ".dwg", ".gpx",
    ".kml",
];

/// Path fragments of download endpoints of council information systems.
const DOWNLOAD_ENDPOINTS: &[&str] = &["getfile.php", "getfile.asp", "do027.asp", "ydocstart"];

/// Query parameters that carry a document number.
const DOCUMENT_PARAMS: &[&str] = &["dolfdnr=", "docid=", "dokid="];

/// Whether `href` points at a downloadable document.
pub fn is_attachment(href: &str) -> bool {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if lower.is_empty()
        || lower.starts_with('#')
        || lower.starts_with("mailto:")
        || lower.starts_with("javascript:")
        || lower.starts_with("tel:")
        || lower.starts_with("data:")
    {
        return false;
    }
    let without_fragment = lower.split('#').next().unwrap_or("");
    let (path, query) = match without_fragment.split_once('?') {
        Some((path, query)) => (path, query),
        None => (without_fragment, ""),
    };
    DOCUMENT_ENDINGS.iter().any(|e| path.ends_with(e))
        || DOWNLOAD_ENDPOINTS.iter().any(|e| path.contains(e))
        || DOCUMENT_PARAMS
            .iter()
            .any(|p| query.split('&').any(|kv| kv.starts_with(p)))
}

/// How good a link's name is: its own text beats its `title`, which beats
/// the file name from its URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameSource {
    /// Nothing: the name will come from the URL.
    Url,
    /// The `title` attribute (icon links have only that).
    Title,
    /// The link's text.
    Text,
}

/// The name to show for a link and where it came from: its text, else its
/// `title` (without a "(öffnet in neuem Fenster)" note), else nothing yet.
pub fn link_name(text: &str, title: Option<&str>) -> (String, NameSource) {
    let text = collapse_whitespace(text);
    if !text.is_empty() {
        return (text, NameSource::Text);
    }
    let title = title.map(|t| without_window_note(&collapse_whitespace(t)));
    match title {
        Some(title) if !title.is_empty() => (title, NameSource::Title),
        _ => (String::new(), NameSource::Url),
    }
}

/// "Anlage 1 (Öffnet Dokument in neuem Fenster)" → "Anlage 1".
fn without_window_note(title: &str) -> String {
    if let Some(open) = title.rfind('(') {
        let note = title[open..].to_lowercase();
        if title.ends_with(')')
            && (note.contains("fenster") || note.contains("öffnet") || note.contains("opens"))
        {
            return title[..open].trim_end().to_string();
        }
    }
    title.to_string()
}

/// The last part of a URL's path ("/a/Plan.pdf?x=1" → "Plan.pdf").
fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string()
}

/// Collects links in page order, one per target: a portal that shows an
/// icon link and a text link to the same file gives one attachment, named
/// by the first link that has a name.
#[derive(Debug, Default)]
pub struct Links {
    links: Vec<(Link, NameSource)>,
    /// Index into `links` by URL.
    by_url: HashMap<String, usize>,
}

impl Links {
    /// Adds a link, merging it with an earlier one to the same target; the
    /// better name of the two stays.
    pub fn add(&mut self, (name, source): (String, NameSource), url: &str) {
        let url = url.trim();
        if let Some(&at) = self.by_url.get(url) {
            if let Some((known, known_source)) = self.links.get_mut(at) {
                if source > *known_source {
                    known.name = name;
                    *known_source = source;
                }
            }
            return;
        }
        self.by_url.insert(url.to_string(), self.links.len());
        let link = Link {
            name,
            url: url.to_string(),
        };
        self.links.push((link, source));
    }

    /// The links, with names; a link without any name gets its URL's.
    pub fn into_vec(self) -> Vec<Link> {
        self.links
            .into_iter()
            .map(|(mut link, _)| {
                if link.name.is_empty() {
                    link.name = file_name(&link.url);
                }
                link
            })
            .filter(|l| !l.name.is_empty())
            .collect()
    }
}

fn collapse_whitespace(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_download_endpoints_are_attachments() {
        for href in [
            "Anlage_1_Lageplan.PDF",
            "https://ris.example.de/bi/getfile.php?id=123&type=do",
            "do027.asp?DOLFDNR=4711&options=64",
            "/public/doc?DOLFDNR=12&dokid=3",
            "files/plan.docx#page=2",
        ] {
            assert!(is_attachment(href), "{href}");
        }
        for href in [
            "vo020.asp?VOLFDNR=1016390",
            "si0057.php?__ksinr=12",
            "mailto:rat@example.de",
            "#top",
            "javascript:void(0)",
            "",
            "https://www.example.de/pdf-hilfe.html",
        ] {
            assert!(!is_attachment(href), "{href}");
        }
    }

    #[test]
    fn names_fall_back_to_title_then_file_name() {
        let (name, source) = link_name("  Anlage 1\n Lageplan ", None);
        assert_eq!(
            (name.as_str(), source),
            ("Anlage 1 Lageplan", NameSource::Text)
        );
        let (name, source) = link_name("", Some("Vorlage (Öffnet Dokument in neuem Fenster)"));
        assert_eq!((name.as_str(), source), ("Vorlage", NameSource::Title));
        assert_eq!(link_name(" ", None).1, NameSource::Url);
        assert_eq!(file_name("/a/b/Plan.pdf?x=1"), "Plan.pdf");
    }

    #[test]
    fn icon_and_text_links_to_one_file_are_one_attachment() {
        let mut links = Links::default();
        links.add(
            link_name("", Some("Anlage 1 (öffnet in neuem Fenster)")),
            "getfile.php?id=1",
        );
        links.add(link_name("Anlage 1 Lageplan", None), "getfile.php?id=1");
        links.add(link_name("", None), "files/Plan%202.pdf");
        links.add(link_name("Anlage 3", None), "getfile.php?id=3");
        links.add(link_name("", Some("Symbol")), "getfile.php?id=3");
        let v = links.into_vec();
        let names: Vec<&str> = v.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["Anlage 1 Lageplan", "Plan%202.pdf", "Anlage 3"]);
    }
}
