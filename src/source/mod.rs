//! Reading sources: from a path to decoded pages of text.
//!
//! A [`Source`] is a file's bytes with their content hash; [`read`] sniffs
//! its [`Format`] and hands it to the reader for that format
//! ([`text`], [`pdf`], [`html`]), which returns a [`RawDocument`]: the pages
//! of text as the reader found them, plus warnings and links. Nothing here
//! knows about council papers; that starts in [`crate::text`] and
//! [`crate::extract`].

pub mod html;
pub mod ocr;
pub mod office;
pub mod pdf;
pub mod text;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{FileError, Stage};
pub use crate::record::{Format, Link};

/// The largest file ratsindex reads at all (bytes). Larger files are a
/// per-file error rather than a memory problem for the whole run.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A file's bytes and their identity.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path as given or found while walking.
    pub path: PathBuf,
    /// The whole file.
    pub bytes: Vec<u8>,
    /// Hex SHA-256 of `bytes`.
    pub sha256: String,
}

impl Source {
    /// Reads `path` from disk, refusing files over [`MAX_FILE_BYTES`] and
    /// anything that is not a regular file (a FIFO, socket or device would
    /// block or never end).
    pub fn load(path: &Path) -> Result<Source, FileError> {
        let read_err = |e: std::io::Error| FileError::new(path, Stage::Read, e.to_string());
        let file = open_regular(path).map_err(read_err)?;
        let len = file.metadata().map_err(read_err)?.len();
        if len > MAX_FILE_BYTES {
            return Err(FileError::new(
                path,
                Stage::Read,
                format!("file is {len} bytes, more than the limit of {MAX_FILE_BYTES}"),
            ));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
        Ok(Source::from_bytes(path, bytes))
    }

    /// Wraps bytes that are already in memory.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Source {
        let sha256 = sha256_hex(&bytes);
        Source {
            path: path.to_path_buf(),
            bytes,
            sha256,
        }
    }

    /// The format, from the file's first bytes and, for HTML, its name.
    pub fn format(&self) -> Format {
        sniff_format(&self.path, &self.bytes)
    }
}

/// A path as text that keeps every byte of it: UTF-8 as it is, a
/// backslash doubled, each byte that is not UTF-8 as `\xNN`. Distinct
/// paths give distinct texts (two names that differ only in bytes that are
/// not UTF-8 stay two files), and [`path_from_text`] gives the path back.
/// Used for the keys an ingest knows files by and for `source.path`.
pub fn path_text(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            for byte in chunk.invalid() {
                out.push_str(&format!("\\x{byte:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// The path a [`path_text`] names. Text that is not an escape is taken as
/// it is, so a path text from before escaping still names its file unless
/// it holds a backslash.
pub fn path_from_text(text: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\\' {
                if bytes.get(i + 1) == Some(&b'\\') {
                    out.push(b'\\');
                    i += 2;
                    continue;
                }
                let hex = bytes
                    .get(i + 2..i + 4)
                    .filter(|_| bytes.get(i + 1) == Some(&b'x'));
                let byte = hex
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = byte {
                    out.push(byte);
                    i += 4;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        PathBuf::from(std::ffi::OsString::from_vec(out))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(text)
    }
}

/// Serialises a path as its [`path_text`] (serde refuses paths that are
/// not UTF-8).
pub fn serialize_path<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path_text(path))
}

/// Opens `path` for reading if it is a regular file. The open itself does
/// not wait (a FIFO without a writer would block it): the type is checked
/// on the opened file, so nothing can be swapped in between.
pub fn open_regular(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Reads of a regular file ignore the flag.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    Err(std::io::Error::other(format!(
        "not a regular file ({}); refused",
        file_kind(kind)
    )))
}

/// What a file that is not a regular file is, in words.
fn file_kind(kind: fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// What a reader found in a file: pages of text, before normalisation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawDocument {
    /// The reader that produced the pages.
    pub format: Format,
    /// One string per page; formats without pages give one page, or split
    /// at form feeds.
    pub pages: Vec<String>,
    /// Whether the format has real pages (PDF) — then `source.pages` is set.
    pub paged: bool,
    /// Problems that did not stop reading ("page 3: no text layer").
    pub warnings: Vec<String>,
    /// Links found in the document (attachments of an HTML page).
    pub links: Vec<Link>,
}

/// File name endings that ratsindex reads when walking directories.
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "txt", "text", "md", "html", "htm", "xhtml", "docx", "odt", "rtf", "doc",
];

/// Whether a file found while walking a directory is a document to read.
pub fn is_document_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| {
            DOCUMENT_EXTENSIONS
                .iter()
                .any(|d| e.eq_ignore_ascii_case(d))
        })
        .unwrap_or(false)
}

/// Decides the format: `%PDF-` in the first KiB means PDF whatever the
/// name; an `.html`/`.htm` name or a document that opens with an HTML
/// doctype or `<html` means HTML; everything else is read as text.
pub fn sniff_format(path: &Path, bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if let Some(format) = sniff_office(ext.as_deref(), bytes) {
        return format;
    }
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return Format::Html;
    }
    let start: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(15)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if start.starts_with(b"<!doctype html") || start.starts_with(b"<html") {
        return Format::Html;
    }
    Format::Text
}

/// Office formats by their magic: a ZIP holding `word/document.xml` is
/// Word, one whose `mimetype` says OpenDocument text (or named `.odt`) is
/// ODT; `{\rtf` opens RTF; an OLE2 compound file is legacy Word.
fn sniff_office(ext: Option<&str>, bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        let head = &bytes[..bytes.len().min(4096)];
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if has(b"application/vnd.oasis.opendocument.text") {
            return Some(Format::Odt);
        }
        if ext == Some("odt") {
            return Some(Format::Odt);
        }
        if ext == Some("docx") || has(b"word/") {
            return Some(Format::Docx);
        }
        return office::zip::Zip::open(bytes)
            .ok()
            .filter(|z| z.has("word/document.xml"))
            .map(|_| Format::Docx);
    }
    if bytes.trim_ascii_start().starts_with(b"{\\rtf") {
        return Some(Format::Rtf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::Doc);
    }
    // Named as an office file but without its magic: its reader says what
    // is wrong (a per-file error), rather than the text reader indexing
    // the bytes as a paper. A `.doc` that is really HTML or text (Word
    // saves "HTML as .doc") goes on to the other checks.
    let markup = bytes.trim_ascii_start().starts_with(b"<");
    match ext {
        Some("docx") => Some(Format::Docx),
        Some("odt") => Some(Format::Odt),
        Some("rtf") => Some(Format::Rtf),
        Some("doc") if !markup && std::str::from_utf8(bytes).is_err() => Some(Format::Doc),
        _ => None,
    }
}

/// Reads a loaded source with the reader for its format.
pub fn read(source: &Source) -> Result<RawDocument, FileError> {
    match source.format() {
        Format::Text => text::read(&source.bytes)
            .map_err(|e| FileError::new(&source.path, Stage::Decode, e.to_string())),
        Format::Pdf => pdf::read(&source.bytes, &pdf::PdfLimits::default())
            .map_err(|e| FileError::new(&source.path, Stage::Pdf, e.to_string())),
        Format::Html => html::read(&source.bytes)
            .map_err(|e| FileError::new(&source.path, Stage::Html, e.to_string())),
        Format::Docx => office::read_docx(&source.bytes)
            .map_err(|e| FileError::new(&source.path, Stage::Office, e.to_string())),
        Format::Odt => office::read_odt(&source.bytes)
            .map_err(|e| FileError::new(&source.path, Stage::Office, e.to_string())),
        Format::Rtf => office::rtf::read(&source.bytes)
            .map_err(|e| FileError::new(&source.path, Stage::Office, e.to_string())),
        Format::Doc => office::doc::read(&source.bytes)
            .map_err(|e| FileError::new(&source.path, Stage::Office, e.to_string())),
    }
}

#[cfg(test)]
mod tests {

    #[cfg(unix)]
    #[test]
    fn path_texts_keep_bytes_that_are_not_utf8_apart() {
        use std::os::unix::ffi::OsStrExt;
        let path = |b: &[u8]| Path::new(std::ffi::OsStr::from_bytes(b)).to_path_buf();
        let a = path(b"dir/a\xff.txt");
        let b = path(b"dir/a\xfe.txt");
        assert_eq!(path_text(&a), "dir/a\\xFF.txt");
        assert_ne!(path_text(&a), path_text(&b));
        let literal = path(b"dir/a\\xFF.txt");
        assert_eq!(path_text(&literal), "dir/a\\\\xFF.txt");
        for p in [
            a,
            b,
            literal,
            path("Übersicht ß/x.pdf".as_bytes()),
            path(b"a\\"),
        ] {
            assert_eq!(path_from_text(&path_text(&p)), p);
        }
        assert_eq!(
            path_text(Path::new("archiv/Drucksache 1.pdf")),
            "archiv/Drucksache 1.pdf"
        );
    }

    use super::*;

    #[test]
    fn sniffs_pdf_by_magic_not_name() {
        assert_eq!(sniff_format(Path::new("x.txt"), b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(sniff_format(Path::new("x.pdf"), b"hello"), Format::Text);
    }

    #[test]
    fn sniffs_html_by_name_or_doctype() {
        assert_eq!(sniff_format(Path::new("a.htm"), b"x"), Format::Html);
        assert_eq!(
            sniff_format(Path::new("a"), b"\n  <!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(
            sniff_format(Path::new("a.txt"), b"Titel <input type=\"checkbox\"/>"),
            Format::Text
        );
    }

    #[test]
    fn hashes_are_stable_hex() {
        let s = Source::from_bytes(Path::new("a"), b"abc".to_vec());
        assert_eq!(
            s.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn office_names_without_office_bytes_go_to_the_office_readers() {
        let sniff = |name: &str, bytes: &[u8]| sniff_format(Path::new(name), bytes);
        assert_eq!(sniff("a.odt", b"not a zip"), Format::Odt);
        assert_eq!(sniff("a.docx", b"junk"), Format::Docx);
        assert_eq!(sniff("a.rtf", b"plain"), Format::Rtf);
        assert_eq!(sniff("a.doc", b"\xd0junk\xff"), Format::Doc);
        assert_eq!(
            sniff("a.doc", b"<html><body>Antrag</body></html>"),
            Format::Html
        );
        assert_eq!(sniff("a.doc", b"Antrag der Fraktion"), Format::Text);
        assert!(read(&Source::from_bytes(
            Path::new("a.odt"),
            b"not a zip".to_vec()
        ))
        .is_err());
    }

    #[test]
    fn document_extensions_are_case_insensitive() {
        assert!(is_document_path(Path::new("a/B.PDF")));
        assert!(is_document_path(Path::new("a/b.DOCX")));
        assert!(!is_document_path(Path::new("a/b.xlsx")));
    }
}
