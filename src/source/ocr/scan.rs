//! Synthetic scans, for tests and benchmarks of OCR: a paper with a text
//! layer is rasterised by poppler's `pdftoppm` (grey), noised the way a
//! cheap office scanner noises a page (grain over the whole page, a few
//! specks), and rebuilt into a PDF that holds only one image per page,
//! as a scanner writes it. OCR of that PDF can then be compared with the
//! text layer of the same paper.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// How a scan is made.
#[derive(Clone, Copy, Debug)]
pub struct ScanOptions {
    /// Resolution of the page images.
    pub dpi: u32,
    /// Grain: each pixel moves by up to this much (0–255) up or down.
    pub grain: u8,
    /// Share of pixels turned into black or white specks.
    pub specks: f64,
    /// Seed of the noise, so a scan is the same every time.
    pub seed: u64,
}

impl Default for ScanOptions {
    /// 200 dpi grey with light grain and specks.
    fn default() -> ScanOptions {
        ScanOptions {
            dpi: 200,
            grain: 40,
            specks: 0.002,
            seed: 14,
        }
    }
}

/// An 8-bit grey image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GreyImage {
    /// Pixels per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Row by row, 0 black to 255 white.
    pub pixels: Vec<u8>,
}

/// The image-only PDF of the text PDF `pdf` (see the module docs).
pub fn make_scan(pdf: &Path, options: &ScanOptions) -> Result<Vec<u8>, String> {
    let mut pages = rasterise(pdf, options.dpi)?;
    for (k, page) in pages.iter_mut().enumerate() {
        add_noise(page, options, k as u64);
    }
    Ok(image_pdf(&pages, options.dpi))
}

/// Every page of `pdf` as a grey image at `dpi` (by `pdftoppm -gray`).
pub fn rasterise(pdf: &Path, dpi: u32) -> Result<Vec<GreyImage>, String> {
    let dir = tempfile_dir()?;
    let base = dir.path.join("page");
    let output = Command::new("pdftoppm")
        .arg("-r")
        .arg(dpi.to_string())
        .arg("-gray")
        .arg(pdf)
        .arg(&base)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run pdftoppm (Debian: poppler-utils): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "pdftoppm failed on {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    // page-1.pgm … page-12.pgm are zero-padded to one width, so the
    // names sort in page order.
    let mut files: Vec<_> = std::fs::read_dir(&dir.path)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
            parse_pgm(&bytes).ok_or_else(|| format!("{}: not a binary PGM", f.display()))
        })
        .collect()
}

/// Reads a binary 8-bit PGM (`P5`).
pub fn parse_pgm(bytes: &[u8]) -> Option<GreyImage> {
    let mut fields = Vec::with_capacity(4);
    let mut at = 0;
    while fields.len() < 4 {
        while bytes.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        if bytes[at] == b'#' {
            while *bytes.get(at)? != b'\n' {
                at += 1;
            }
            continue;
        }
        let start = at;
        while !bytes.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).ok()?);
    }
    let [magic, width, height, max] = fields[..] else {
        return None;
    };
    let (width, height): (usize, usize) = (width.parse().ok()?, height.parse().ok()?);
    if magic != "P5" || max != "255" {
        return None;
    }
    let pixels = bytes
        .get(at + 1..at + 1 + width.checked_mul(height)?)?
        .to_vec();
    Some(GreyImage {
        width,
        height,
        pixels,
    })
}

/// Grain and specks, the same for the same seed and page.
pub fn add_noise(image: &mut GreyImage, options: &ScanOptions, page: u64) {
    let mut state = options.seed ^ page.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let grain = i32::from(options.grain);
    let speck_below = (options.specks.clamp(0.0, 1.0) * u32::MAX as f64) as u64;
    for pixel in &mut image.pixels {
        let r = next();
        if (r >> 32) < speck_below {
            *pixel = if r & 1 == 0 { 0 } else { 255 };
            continue;
        }
        if grain > 0 {
            let shift = (r % (2 * grain as u64 + 1)) as i32 - grain;
            *pixel = (i32::from(*pixel) + shift).clamp(0, 255) as u8;
        }
    }
}

/// A PDF with one page per image, each page the image alone (no text
/// layer), sized for `dpi`.
pub fn image_pdf(pages: &[GreyImage], dpi: u32) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        let _ = writeln!(out, "{} 0 obj", offsets.len());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    // 1: catalog, 2: page tree, then page, content, image per page.
    let kids: Vec<String> = (0..pages.len())
        .map(|k| format!("{} 0 R", 3 + 3 * k))
        .collect();
    object(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(
        &mut out,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    for (k, image) in pages.iter().enumerate() {
        let (w, h) = (
            image.width as f64 * 72.0 / f64::from(dpi),
            image.height as f64 * 72.0 / f64::from(dpi),
        );
        let (content_id, image_id) = (4 + 3 * k, 5 + 3 * k);
        object(
            &mut out,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2} {h:.2}] \
                 /Resources << /XObject << /Im0 {image_id} 0 R >> >> /Contents {content_id} 0 R >>"
            )
            .as_bytes(),
        );
        let content = format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q");
        object(
            &mut out,
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .as_bytes(),
        );
        let mut zip = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = zip.write_all(&image.pixels);
        let data = zip.finish().unwrap_or_default();
        let mut body = format!(
            "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray \
             /BitsPerComponent 8 /Filter /FlateDecode /Length {} >>\nstream\n",
            image.width,
            image.height,
            data.len()
        )
        .into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\nendstream");
        object(&mut out, &body);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for offset in &offsets {
        let _ = writeln!(out, "{offset:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    );
    out
}

/// How many of the words of `reference` (a text layer) OCR found: the
/// share of its words (runs of two or more letters or digits, case kept)
/// that `ocr` holds as well, counted with multiplicity, so a word read
/// once where the page has it twice counts once. 1.0 for an empty
/// reference.
pub fn word_agreement(reference: &str, ocr: &str) -> f64 {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_string)
            .collect()
    };
    let mut found: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for word in words(ocr) {
        *found.entry(word).or_default() += 1;
    }
    let wanted = words(reference);
    if wanted.is_empty() {
        return 1.0;
    }
    let mut hits = 0;
    for word in &wanted {
        if let Some(n) = found.get_mut(word).filter(|n| **n > 0) {
            *n -= 1;
            hits += 1;
        }
    }
    hits as f64 / wanted.len() as f64
}

/// A temporary folder, removed on drop.
struct TempDir {
    path: std::path::PathBuf,
}

fn tempfile_dir() -> Result<TempDir, String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let path = std::env::temp_dir().join(format!(
        "ratsindex-scan-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(TempDir { path })
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_counts_words_with_multiplicity() {
        assert_eq!(word_agreement("Der Rat, der Rat", "Der Rat der"), 0.75);
        assert_eq!(word_agreement("", "x"), 1.0);
        assert_eq!(word_agreement("DS 53/2025", ""), 0.0);
        // Hyphenation and case count as differences.
        assert_eq!(word_agreement("Umset-zung", "Umsetzung"), 0.0);
    }

    #[test]
    fn pgm_reads_and_junk_is_none() {
        let mut bytes = b"P5\n# made by hand\n3 2\n255\n".to_vec();
        bytes.extend_from_slice(&[0, 128, 255, 1, 2, 3]);
        let image = parse_pgm(&bytes).unwrap();
        assert_eq!((image.width, image.height), (3, 2));
        assert_eq!(image.pixels, vec![0, 128, 255, 1, 2, 3]);
        assert_eq!(parse_pgm(b"P5\n3 2\n255\n\0"), None);
        assert_eq!(parse_pgm(b"P6\n1 1\n255\n\0\0\0"), None);
        assert_eq!(parse_pgm(b""), None);
    }

    #[test]
    fn noise_is_repeatable_and_changes_pixels() {
        let white = GreyImage {
            width: 100,
            height: 100,
            pixels: vec![255; 10_000],
        };
        let options = ScanOptions::default();
        let (mut a, mut b) = (white.clone(), white.clone());
        add_noise(&mut a, &options, 0);
        add_noise(&mut b, &options, 0);
        assert_eq!(a, b);
        let changed = a.pixels.iter().filter(|&&p| p != 255).count();
        assert!(changed > 1_000, "{changed}");
        let mut c = white.clone();
        add_noise(&mut c, &options, 1);
        assert_ne!(a, c);
    }

    #[test]
    fn image_pdf_is_read_by_lopdf_as_one_image_per_page() {
        let page = GreyImage {
            width: 300,
            height: 400,
            pixels: vec![200; 120_000],
        };
        let pdf = image_pdf(&[page.clone(), page], 200);
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);
        for id in pages.values() {
            let images = doc.get_page_images(*id).unwrap();
            assert_eq!((images[0].width, images[0].height), (300, 400));
        }
    }
}
