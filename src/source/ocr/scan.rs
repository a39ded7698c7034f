//! Synthetic scans, for tests and benchmarks of OCR: a paper with a text
//! layer is rasterised by poppler's `pdftoppm` (grey), noised the way a
//! cheap office scanner noises a page (grain over the whole page, a few
//! specks), and rebuilt into a PDF that holds only one image per page,
//! as a scanner writes it (grey Flate images; or, by [`make_jpeg_scan`],
//! JPEG images as stored). OCR of that PDF can then be compared with the
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

/// The image-only PDF of the text PDF `pdf` with each page one JPEG at
/// `dpi` as `pdftoppm -jpeg` writes it (colour, quality 75: JPEG's own
/// artefacts are the noise), stored as it is (`DCTDecode`), the way
/// many scanners write their PDFs.
pub fn make_jpeg_scan(pdf: &Path, dpi: u32) -> Result<Vec<u8>, String> {
    let dir = tempfile_dir()?;
    pdftoppm(pdf, dpi, &["-jpeg"], &dir.path.join("page"))?;
    let files = files_ending(&dir.path, "jpg")?;
    let mut out = PdfOut::new(files.len());
    for (k, file) in files.iter().enumerate() {
        let jpeg = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let (width, height, components) = super::embedded::jpeg_frame(&jpeg)
            .ok_or_else(|| format!("{}: not a JPEG", file.display()))?;
        let space = if components == 1 {
            "DeviceGray"
        } else {
            "DeviceRGB"
        };
        let mut body = format!(
            "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} \
             /ColorSpace /{space} /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
            jpeg.len()
        )
        .into_bytes();
        body.extend_from_slice(&jpeg);
        body.extend_from_slice(b"\nendstream");
        let (w, h) = (
            f64::from(width) * 72.0 / f64::from(dpi),
            f64::from(height) * 72.0 / f64::from(dpi),
        );
        out.page(
            k,
            (w, h),
            format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q").as_bytes(),
            "/XObject << /Im0 %IMAGE% >>",
            Some(body),
        );
    }
    Ok(out.finish())
}

/// Runs `pdftoppm -r dpi EXTRA pdf base`.
fn pdftoppm(pdf: &Path, dpi: u32, extra: &[&str], base: &Path) -> Result<(), String> {
    let output = Command::new("pdftoppm")
        .arg("-r")
        .arg(dpi.to_string())
        .args(extra)
        .arg(pdf)
        .arg(base)
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
    Ok(())
}

/// The files of `dir` ending in `.ext`, sorted: pdftoppm's page-1 …
/// page-12 are zero-padded to one width, so the names sort in page order.
fn files_ending(dir: &Path, ext: &str) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    Ok(files)
}

/// Every page of `pdf` as a grey image at `dpi` (by `pdftoppm -gray`).
pub fn rasterise(pdf: &Path, dpi: u32) -> Result<Vec<GreyImage>, String> {
    let dir = tempfile_dir()?;
    pdftoppm(pdf, dpi, &["-gray"], &dir.path.join("page"))?;
    let files = files_ending(&dir.path, "pgm")?;
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
    let mut pdf = PdfOut::new(pages.len());
    for (k, image) in pages.iter().enumerate() {
        let (w, h) = (
            image.width as f64 * 72.0 / f64::from(dpi),
            image.height as f64 * 72.0 / f64::from(dpi),
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
        pdf.page(
            k,
            (w, h),
            format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q").as_bytes(),
            "/XObject << /Im0 %IMAGE% >>",
            Some(body),
        );
    }
    pdf.finish()
}

/// Lines per page of [`text_pdf`].
const LINES_PER_PAGE: usize = 56;

/// A PDF with a text layer that prints `text` (Helvetica 10 pt, not
/// embedded, WinAnsi; A4): a form feed or 56 lines make a page, long
/// lines wrap at 90 characters, a tab is a wide gap. For papers that
/// exist only as text, so their scan can be made.
pub fn text_pdf(text: &str) -> Vec<u8> {
    let mut pages: Vec<Vec<String>> = Vec::new();
    for page in text.split('\u{c}') {
        let mut lines = Vec::new();
        for line in page.lines() {
            let line = line.replace('\t', "     ");
            lines.extend(wrap(line.trim_end(), 90));
        }
        while lines.last().is_some_and(|l: &String| l.is_empty()) {
            lines.pop();
        }
        for chunk in lines.chunks(LINES_PER_PAGE) {
            pages.push(chunk.to_vec());
        }
    }
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    let mut pdf = PdfOut::new(pages.len());
    for (k, lines) in pages.iter().enumerate() {
        let mut content = b"BT /F1 10 Tf 13 TL 56 786 Td\n".to_vec();
        for line in lines {
            content.push(b'(');
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(line);
            for &b in bytes.iter() {
                if matches!(b, b'(' | b')' | b'\\') {
                    content.push(b'\\');
                }
                content.push(b);
            }
            content.extend_from_slice(b") Tj T*\n");
        }
        content.extend_from_slice(b"ET");
        pdf.page(
            k,
            (595.0, 842.0),
            &content,
            "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
             /Encoding /WinAnsiEncoding >> >>",
            None,
        );
    }
    pdf.finish()
}

/// `line` cut at spaces into pieces of at most `width` characters.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in line.split(' ') {
        let last = out.last_mut().expect("never empty");
        let len = last.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(word.to_string());
        } else {
            if len > 0 || line.starts_with(' ') {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    out.iter().map(|l| l.trim_end().to_string()).collect()
}

/// A small PDF writer: a catalog, a page tree and per page a page, its
/// content and optionally one image.
struct PdfOut {
    out: Vec<u8>,
    /// Byte offset of each object, by number − 1.
    offsets: Vec<usize>,
    pages: usize,
}

impl PdfOut {
    fn new(pages: usize) -> PdfOut {
        PdfOut {
            out: b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            offsets: vec![0; 2 + 3 * pages],
            pages,
        }
    }

    fn object(&mut self, id: usize, body: &[u8]) {
        self.offsets[id - 1] = self.out.len();
        let _ = writeln!(self.out, "{id} 0 obj");
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Page `k` (0-based): objects 3 + 3k (page), 4 + 3k (content),
    /// 5 + 3k (image, referred to as `%IMAGE%` in `resources`).
    fn page(
        &mut self,
        k: usize,
        (w, h): (f64, f64),
        content: &[u8],
        resources: &str,
        image: Option<Vec<u8>>,
    ) {
        let (page_id, content_id, image_id) = (3 + 3 * k, 4 + 3 * k, 5 + 3 * k);
        let resources = resources.replace("%IMAGE%", &format!("{image_id} 0 R"));
        self.object(
            page_id,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2} {h:.2}] \
                 /Resources << {resources} >> /Contents {content_id} 0 R >>"
            )
            .as_bytes(),
        );
        let mut body = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        body.extend_from_slice(content);
        body.extend_from_slice(b"\nendstream");
        self.object(content_id, &body);
        // An unused image slot still needs an object for the xref.
        self.object(image_id, &image.unwrap_or_else(|| b"null".to_vec()));
    }

    fn finish(mut self) -> Vec<u8> {
        let kids: Vec<String> = (0..self.pages)
            .map(|k| format!("{} 0 R", 3 + 3 * k))
            .collect();
        self.object(1, b"<< /Type /Catalog /Pages 2 0 R >>");
        let tree = format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            self.pages
        );
        self.object(2, tree.as_bytes());
        let xref = self.out.len();
        let size = self.offsets.len() + 1;
        let _ = write!(self.out, "xref\n0 {size}\n0000000000 65535 f \n");
        for offset in &self.offsets {
            let _ = writeln!(self.out, "{offset:010} 00000 n ");
        }
        let _ = write!(
            self.out,
            "trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        );
        self.out
    }
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
    fn text_pdf_is_read_back_by_the_pdf_reader() {
        let text = "Drucksache 53/2025\nBeschlussvorlage\nRat\t24.06.2025\n(Anlage 1) kostet 5 €\u{c}Seite zwei";
        let pdf = text_pdf(text);
        let raw = crate::source::pdf::read(&pdf, &Default::default()).unwrap();
        assert_eq!(raw.pages.len(), 2);
        assert!(
            raw.pages[0].contains("Drucksache 53/2025"),
            "{:?}",
            raw.pages
        );
        assert!(
            raw.pages[0].contains("(Anlage 1) kostet 5 €"),
            "{:?}",
            raw.pages
        );
        assert!(raw.pages[1].contains("Seite zwei"));
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
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
