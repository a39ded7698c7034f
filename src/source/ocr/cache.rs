//! The OCR cache: one small JSON file per OCR'd page, at
//! `<cache>/<sha256 of the file>/<settings key>/<page>.<method>.json`. The
//! settings key is a hash of everything that changes the text (Tesseract's
//! version, the language, the resolution and how it is told), so other
//! settings never read another's pages, and pages done by a run that was
//! stopped are not done again. The method says what image Tesseract read:
//! the page rasterised by `pdftoppm`, or its own embedded image (`pnm`,
//! `jpeg`; see [`super::embedded`]; `pnm-pdftoppm`: the own image failed
//! and pdftoppm's raster was read), so a result is only taken for the
//! input it was made from.
//! Files are written to a temporary name and renamed, so a reader never
//! sees half a page.

use std::path::{Path, PathBuf};

use super::engine::{Engine, PageText};
use super::OcrSettings;

/// Which file and which settings a page result belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    sha256: String,
    settings: String,
}

impl Key {
    /// The key of a file's pages under an engine and settings.
    pub fn new(sha256: &str, engine: &Engine, settings: &OcrSettings) -> Key {
        let dpi = settings.dpi.map_or("native".to_string(), |d| d.to_string());
        // `tess-dpi`: Tesseract is told the resolution (`--dpi`); results
        // made before, when it guessed, are not taken.
        let described = format!(
            "{}|{}|{}|psm3|gray|tess-dpi",
            engine.version, settings.language, dpi
        );
        let settings = crate::source::sha256_hex(described.as_bytes())[..16].to_string();
        Key {
            sha256: sha256.to_string(),
            settings,
        }
    }

    fn page_path(&self, dir: &Path, page: usize, method: &str) -> Option<PathBuf> {
        // The hash comes from our own hashing; refuse anything else.
        let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
        let word =
            !method.is_empty() && method.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        (hex(&self.sha256) && hex(&self.settings) && word).then(|| {
            dir.join(&self.sha256)
                .join(&self.settings)
                .join(format!("{page}.{method}.json"))
        })
    }
}

/// The cached result of `page` read by `method`, if there is a readable
/// one.
pub fn load(dir: &Path, key: &Key, page: usize, method: &str) -> Option<PageText> {
    let bytes = std::fs::read(key.page_path(dir, page, method)?).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Keeps the result of `page` read by `method`.
pub fn store(
    dir: &Path,
    key: &Key,
    page: usize,
    method: &str,
    text: &PageText,
) -> std::io::Result<()> {
    let path = key
        .page_path(dir, page, method)
        .ok_or_else(|| std::io::Error::other("not a hash"))?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec(text)?)?;
    std::fs::rename(&tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_trip_and_settings_keep_apart() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine {
            version: "tesseract 5.3.0".into(),
        };
        let settings = OcrSettings::default();
        let key = Key::new("ab12", &engine, &settings);
        let page = PageText {
            text: "Drucksache 53/2025".into(),
            confidence: 91.5,
            words: 2,
        };
        assert_eq!(load(dir.path(), &key, 1, "pnm"), None);
        store(dir.path(), &key, 1, "pnm", &page).unwrap();
        assert_eq!(load(dir.path(), &key, 1, "pnm"), Some(page));
        // Another input to Tesseract is another result.
        assert_eq!(load(dir.path(), &key, 1, "pdftoppm"), None);
        let other = Key::new(
            "ab12",
            &engine,
            &OcrSettings {
                dpi: Some(200),
                ..OcrSettings::default()
            },
        );
        assert_eq!(load(dir.path(), &other, 1, "pnm"), None);
        assert!(Key::new("../x", &engine, &settings)
            .page_path(dir.path(), 1, "pnm")
            .is_none());
        assert!(key.page_path(dir.path(), 1, "../x").is_none());
    }
}
