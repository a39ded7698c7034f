//! A scan page's own image, handed to Tesseract as it is stored, so the
//! page need not be rasterised by `pdftoppm` first.
//!
//! A page qualifies only when it is nothing but one image drawn over the
//! whole page box, upright, at one resolution in both directions: its
//! content is `q`/`Q`/`cm` and a single `Do` of an image XObject (no text,
//! no paths, no Form, no graphics state), the page has no `/Rotate` and no
//! `/UserUnit`. The image must be
//! - JPEG (`DCTDecode` alone), grey or RGB, 8 bits, no `/Decode`: written
//!   as the JPEG file it is (Tesseract's leptonica reads it);
//! - or `FlateDecode` alone (PNG predictors allowed), grey 1 or 8 bits or
//!   RGB 8 bits, `/Decode` default or inverted (grey only): decoded row by
//!   row into a PGM or PBM (RGB turned grey as `pdftoppm -gray` does).
//!
//! `/SMask` and `/Mask` are ignored (a scan's page is the image). Any
//! other page (CCITT, JBIG2, JPX, indexed or CMYK colour, 16 bits, mixed
//! content, …) is left to `pdftoppm`. Memory is bounded: images over
//! [`MAX_SIDE`] pixels a side or [`MAX_PIXELS`] in all are refused, and
//! Flate data is read row by row only as far as the image's own size, so
//! a decompression bomb inflates no further than a legitimate page.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::source::pdf::content::Matrix;

/// The longest side an embedded image may have (pixels).
pub const MAX_SIDE: u32 = 20_000;

/// The most pixels an embedded image may have: A3 at 600 dpi fits.
pub const MAX_PIXELS: u64 = 72_000_000;

/// The largest content stream of a page that can still be "one image".
const MAX_CONTENT: usize = 16 * 1024;

/// A page's full-page image, ready to be written for Tesseract.
#[derive(Clone, Debug, PartialEq)]
pub struct Embedded {
    /// Pixels per inch of the image on the page.
    pub dpi: u32,
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    data: Data,
}

#[derive(Clone, Debug, PartialEq)]
enum Data {
    /// A JPEG file, as stored.
    Jpeg(Vec<u8>),
    /// A zlib stream of rows.
    Flate {
        zlib: Vec<u8>,
        colour: Colour,
        /// 1 or 8.
        bits: u8,
        /// `/Decode [1 0]` (grey only).
        inverted: bool,
        /// Rows carry a PNG filter byte (`/Predictor` 10–15).
        png: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Colour {
    Grey,
    Rgb,
}

impl Colour {
    fn components(self) -> usize {
        match self {
            Colour::Grey => 1,
            Colour::Rgb => 3,
        }
    }
}

impl Embedded {
    /// How the image reaches Tesseract, for the OCR cache and messages:
    /// `jpeg` or `pnm`.
    pub fn method(&self) -> &'static str {
        match self.data {
            Data::Jpeg(_) => "jpeg",
            Data::Flate { .. } => "pnm",
        }
    }

    /// The method of a page whose own image could not be written after
    /// all (a corrupt stream) and that was rasterised by `pdftoppm`
    /// instead: `jpeg-pdftoppm` or `pnm-pdftoppm`.
    pub fn fallback_method(&self) -> &'static str {
        match self.data {
            Data::Jpeg(_) => "jpeg-pdftoppm",
            Data::Flate { .. } => "pnm-pdftoppm",
        }
    }

    /// Writes the image to `base` with the extension its format needs
    /// (`.jpg`, `.pgm`, `.pbm`) and returns the path. On any error (a
    /// short or corrupt stream) the partial file is removed.
    pub fn write(&self, base: &Path) -> Result<PathBuf, String> {
        let path = base.with_extension(match &self.data {
            Data::Jpeg(_) => "jpg",
            Data::Flate { bits: 1, .. } => "pbm",
            Data::Flate { .. } => "pgm",
        });
        let written = match &self.data {
            Data::Jpeg(bytes) => std::fs::write(&path, bytes).map_err(|e| e.to_string()),
            Data::Flate { .. } => std::fs::File::create(&path)
                .map_err(|e| e.to_string())
                .and_then(|file| {
                    let mut out = BufWriter::new(file);
                    self.write_pnm(&mut out)?;
                    out.flush().map_err(|e| e.to_string())
                }),
        };
        match written {
            Ok(()) => Ok(path),
            Err(why) => {
                let _ = std::fs::remove_file(&path);
                Err(format!("embedded page image: {why}"))
            }
        }
    }

    /// The Flate image as a binary PGM (8 bits) or PBM (1 bit), decoded
    /// row by row: at most one row of the stream is held, and no more
    /// than the image's own rows are ever inflated.
    fn write_pnm(&self, out: &mut impl Write) -> Result<(), String> {
        let Data::Flate {
            zlib,
            colour,
            bits,
            inverted,
            png,
        } = &self.data
        else {
            return Err("not a Flate image".into());
        };
        let (width, height) = (self.width as usize, self.height as usize);
        let components = colour.components();
        let row_bytes = (width * components * usize::from(*bits)).div_ceil(8);
        let bpp = (components * usize::from(*bits)).div_ceil(8).max(1);
        let magic = if *bits == 1 { "P4" } else { "P5" };
        let max = if *bits == 1 { "" } else { "\n255" };
        write!(out, "{magic}\n{width} {height}{max}\n").map_err(|e| e.to_string())?;
        let mut inflate = flate2::read::ZlibDecoder::new(&zlib[..]);
        let (mut previous, mut current) = (vec![0u8; row_bytes], vec![0u8; row_bytes]);
        let mut grey = vec![0u8; if *colour == Colour::Rgb { width } else { 0 }];
        let mut filter = [0u8; 1];
        for row in 0..height {
            let short =
                |e: std::io::Error| format!("image data ends at row {row} of {height}: {e}");
            if *png {
                inflate.read_exact(&mut filter).map_err(short)?;
            }
            inflate.read_exact(&mut current).map_err(short)?;
            if *png {
                let kind = lopdf::filters::png::FilterType::try_from(filter[0])
                    .map_err(|()| format!("row {row}: unknown PNG filter {}", filter[0]))?;
                lopdf::filters::png::decode_row(kind, bpp, &previous, &mut current);
            }
            match (colour, bits) {
                (Colour::Rgb, _) => {
                    for (g, rgb) in grey.iter_mut().zip(current.chunks_exact(3)) {
                        *g = luminance(rgb[0], rgb[1], rgb[2]);
                    }
                    out.write_all(&grey)
                }
                // PBM's 1 is black, PDF grey's 1 is white (unless inverted).
                (Colour::Grey, 1) if !inverted => {
                    out.write_all(&current.iter().map(|b| !b).collect::<Vec<u8>>())
                }
                (Colour::Grey, 8) if *inverted => {
                    out.write_all(&current.iter().map(|b| 255 - b).collect::<Vec<u8>>())
                }
                _ => out.write_all(&current),
            }
            .map_err(|e| e.to_string())?;
            std::mem::swap(&mut previous, &mut current);
        }
        Ok(())
    }
}

/// Grey of an RGB pixel with poppler's weights (0.3, 0.59, 0.11), as
/// `pdftoppm -gray` makes it.
fn luminance(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u32::from(r) + 151 * u32::from(g) + 28 * u32::from(b) + 128) >> 8) as u8
}

/// The page's full-page image, if the page is that and nothing else (see
/// the module docs); `None` sends the page to `pdftoppm`. Never panics.
pub fn find(doc: &Document, page: ObjectId) -> Option<Embedded> {
    // `find_inner` only reads the document: a panic leaves nothing
    // half-changed behind.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| find_inner(doc, page)))
        .ok()
        .flatten()
}

fn find_inner(doc: &Document, page: ObjectId) -> Option<Embedded> {
    let rotate = inherited(doc, page, b"Rotate").and_then(|r| r.as_i64().ok());
    if rotate.is_some_and(|r| r.rem_euclid(360) != 0) {
        return None;
    }
    if inherited(doc, page, b"UserUnit").is_some_and(|u| u.as_float().ok() != Some(1.0)) {
        return None;
    }
    let page_box = page_box(doc, page)?;
    let content = doc.get_page_content_with_limit(page, MAX_CONTENT).ok()?;
    let operations: Vec<_> = crate::source::pdf::lexer::operations(&content)
        .collect::<Result<_, _>>()
        .ok()?;
    let (name, ctm) = only_image(&operations)?;
    let image = xobject(doc, page, &name)?;
    let [a, b, c, d, e, f] = ctm;
    let (w_pt, h_pt) = (box_width(&page_box), box_height(&page_box));
    // Upright, unflipped, covering the page box.
    if a <= 0.0 || d <= 0.0 || b.abs() > 1e-3 * a || c.abs() > 1e-3 * d {
        return None;
    }
    let near = |x: f64, y: f64, size: f64| (x - y).abs() <= (0.01 * size).max(2.0);
    let covers = near(e, page_box[0], w_pt)
        && near(f, page_box[1], h_pt)
        && near(e + a, page_box[2], w_pt)
        && near(f + d, page_box[3], h_pt);
    if !covers {
        return None;
    }
    let int = |k: &[u8]| image.dict.get(k).ok().and_then(|o| o.as_i64().ok());
    let (width, height) = (int(b"Width")?, int(b"Height")?);
    let side = 1..=i64::from(MAX_SIDE);
    if !side.contains(&width) || !side.contains(&height) {
        return None;
    }
    let (width, height) = (width as u32, height as u32);
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return None;
    }
    let (dpi_x, dpi_y) = (f64::from(width) * 72.0 / a, f64::from(height) * 72.0 / d);
    if (dpi_x - dpi_y).abs() > 0.02 * dpi_x {
        return None;
    }
    let dpi = ((dpi_x + dpi_y) / 2.0).round() as u32;
    let data = image_data(doc, image, width, height)?;
    Some(Embedded {
        dpi,
        width,
        height,
        data,
    })
}

/// The name of the one image the content draws, and the matrix it is
/// drawn with; `None` for anything but `q`, `Q`, `cm` and one `Do`.
fn only_image(ops: &[lopdf::content::Operation]) -> Option<(Vec<u8>, [f64; 6])> {
    let mut ctm = Matrix::IDENTITY;
    let mut stack = Vec::new();
    let mut drawn = None;
    for op in ops {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop()?,
            "cm" => {
                let m: Vec<f32> = op
                    .operands
                    .iter()
                    .filter_map(|o| o.as_float().ok())
                    .collect();
                ctm = Matrix(m[..].try_into().ok()?).then(&ctm);
            }
            "Do" if drawn.is_none() => {
                let name = op.operands.first()?.as_name().ok()?.to_vec();
                drawn = Some((name, ctm.0.map(f64::from)));
            }
            _ => return None,
        }
    }
    drawn
}

/// The image XObject `name` of the page's resources.
fn xobject<'a>(doc: &'a Document, page: ObjectId, name: &[u8]) -> Option<&'a lopdf::Stream> {
    let (direct, ids) = doc.get_page_resources(page).ok()?;
    let mut dicts: Vec<&Dictionary> = direct.into_iter().collect();
    dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    let stream = dicts.iter().find_map(|res| {
        let xobjects = deref(doc, res.get(b"XObject").ok()?)?.as_dict().ok()?;
        deref(doc, xobjects.get(name).ok()?)?.as_stream().ok()
    })?;
    let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).ok();
    (subtype == Some(b"Image".as_slice())).then_some(stream)
}

/// What is written for Tesseract, if the image's format is one handled
/// here.
fn image_data(doc: &Document, image: &lopdf::Stream, width: u32, height: u32) -> Option<Data> {
    let dict = &image.dict;
    let get = |k: &[u8]| dict.get(k).ok().and_then(|o| deref(doc, o));
    if get(b"ImageMask").is_some_and(|m| m.as_bool().ok() == Some(true)) {
        return None;
    }
    let filter = match get(b"Filter")? {
        Object::Name(n) => n.clone(),
        Object::Array(a) if a.len() == 1 => deref(doc, &a[0])?.as_name().ok()?.to_vec(),
        _ => return None,
    };
    let bits = get(b"BitsPerComponent")?.as_i64().ok()?;
    let colour = colour(doc, get(b"ColorSpace")?)?;
    let inverted = match get(b"Decode") {
        None => false,
        Some(decode) => {
            let values: Vec<f32> = decode
                .as_array()
                .ok()?
                .iter()
                .filter_map(|o| o.as_float().ok())
                .collect();
            let pairs = colour.components();
            if values.len() != 2 * pairs {
                return None;
            }
            if values.chunks(2).all(|p| p == [0.0, 1.0]) {
                false
            } else if colour == Colour::Grey && values == [1.0, 0.0] {
                true
            } else {
                return None;
            }
        }
    };
    match filter.as_slice() {
        b"DCTDecode" if bits == 8 && !inverted && get(b"DecodeParms").is_none() => {
            let (w, h, components) = jpeg_frame(&image.content)?;
            (w == width && h == height && usize::from(components) == colour.components())
                .then(|| Data::Jpeg(image.content.clone()))
        }
        b"FlateDecode" => {
            let bits = match (colour, bits) {
                (Colour::Grey, 1 | 8) | (Colour::Rgb, 8) => bits as u8,
                _ => return None,
            };
            let png = match get(b"DecodeParms") {
                None | Some(Object::Null) => false,
                Some(parms) => {
                    let parms = parms.as_dict().ok()?;
                    let int = |k: &[u8], default: i64| {
                        parms
                            .get(k)
                            .ok()
                            .and_then(|o| deref(doc, o))
                            .map_or(Some(default), |o| o.as_i64().ok())
                    };
                    let predictor = int(b"Predictor", 1)?;
                    let fits = int(b"Colors", 1)? == colour.components() as i64
                        && int(b"BitsPerComponent", 8)? == i64::from(bits)
                        && int(b"Columns", 1)? == i64::from(width);
                    match predictor {
                        1 => false,
                        10..=15 if fits => true,
                        _ => return None,
                    }
                }
            };
            Some(Data::Flate {
                zlib: image.content.clone(),
                colour,
                bits,
                inverted,
                png,
            })
        }
        _ => None,
    }
}

/// Grey or RGB, the colour spaces handled here.
fn colour(doc: &Document, space: &Object) -> Option<Colour> {
    let by_name = |n: &[u8]| match n {
        b"DeviceGray" | b"CalGray" | b"G" => Some(Colour::Grey),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(Colour::Rgb),
        _ => None,
    };
    match space {
        Object::Name(n) => by_name(n),
        Object::Array(a) => {
            let family = deref(doc, a.first()?)?.as_name().ok()?;
            if family == b"ICCBased" {
                let profile = deref(doc, a.get(1)?)?.as_stream().ok()?;
                match profile.dict.get(b"N").ok()?.as_i64().ok()? {
                    1 => Some(Colour::Grey),
                    3 => Some(Colour::Rgb),
                    _ => None,
                }
            } else if matches!(family, b"CalGray" | b"CalRGB") {
                by_name(family)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Width, height and components of a JPEG's frame header (SOF0–SOF15
/// but DHT, JPG and DAC), or `None` if the bytes are no JPEG.
pub fn jpeg_frame(bytes: &[u8]) -> Option<(u32, u32, u8)> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if matches!(marker, 0xD0..=0xD9 | 0x01) {
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let frame = bytes.get(at + 4..at + 10)?;
            let height = u32::from(u16::from_be_bytes([frame[1], frame[2]]));
            let width = u32::from(u16::from_be_bytes([frame[3], frame[4]]));
            return Some((width, height, frame[5]));
        }
        if marker == 0xDA || len < 2 {
            return None;
        }
        at += 2 + len;
    }
}

/// An object with references followed (a few levels).
fn deref<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, o)| o)
}

/// A page attribute, from the page or the nearest ancestor that has it.
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return deref(doc, value);
        }
        node = deref(doc, node.get(b"Parent").ok()?)?.as_dict().ok()?;
    }
    None
}

/// The box `pdftoppm` renders: the crop box within the media box
/// (`[x0, y0, x1, y1]`, normalised).
fn page_box(doc: &Document, page: ObjectId) -> Option<[f64; 4]> {
    let read = |key: &[u8]| -> Option<[f64; 4]> {
        let a = inherited(doc, page, key)?.as_array().ok()?;
        let n: Vec<f64> = a
            .iter()
            .filter_map(|o| deref(doc, o)?.as_float().ok().map(f64::from))
            .collect();
        let [x0, y0, x1, y1] = n[..] else { return None };
        Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)])
    };
    let media = read(b"MediaBox")?;
    let clipped = read(b"CropBox").map_or(media, |c| {
        [
            c[0].max(media[0]),
            c[1].max(media[1]),
            c[2].min(media[2]),
            c[3].min(media[3]),
        ]
    });
    (box_width(&clipped) > 1.0 && box_height(&clipped) > 1.0).then_some(clipped)
}

fn box_width(b: &[f64; 4]) -> f64 {
    b[2] - b[0]
}

fn box_height(b: &[f64; 4]) -> f64 {
    b[3] - b[1]
}

#[cfg(test)]
mod tests {
    use super::super::scan::{image_pdf, GreyImage};
    use super::*;

    fn first_page(pdf: &[u8]) -> (Document, ObjectId) {
        let doc = Document::load_mem(pdf).unwrap();
        let id = *doc.get_pages().values().next().unwrap();
        (doc, id)
    }

    fn gradient(width: usize, height: usize) -> GreyImage {
        GreyImage {
            width,
            height,
            pixels: (0..width * height).map(|i| (i % 251) as u8).collect(),
        }
    }

    /// A one-page PDF: `content` over the image stream (dictionary
    /// `image`, bytes `data`) on a page with the keys `page` (its boxes).
    fn pdf_with(image: &str, data: &[u8], content: &str, page: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.5\n".to_vec();
        let mut offsets = Vec::new();
        let mut object = |out: &mut Vec<u8>, body: &[u8]| {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        };
        object(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
        object(&mut out, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        let page = format!(
            "<< /Type /Page /Parent 2 0 R {page} /Contents 4 0 R \
             /Resources << /XObject << /Im0 5 0 R >> >> >>"
        );
        object(&mut out, page.as_bytes());
        let stream = format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        );
        object(&mut out, stream.as_bytes());
        let mut body = format!("{image}\nstream\n").into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        object(&mut out, &body);
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
        );
        for o in &offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                offsets.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }

    fn pnm(embedded: &Embedded) -> Vec<u8> {
        let mut out = Vec::new();
        embedded.write_pnm(&mut out).unwrap();
        out
    }

    #[test]
    fn a_scan_page_gives_back_its_own_pixels_at_its_resolution() {
        let image = gradient(400, 566);
        let (doc, page) = first_page(&image_pdf(std::slice::from_ref(&image), 200));
        let found = find(&doc, page).expect("a full-page grey Flate image");
        assert_eq!((found.width, found.height, found.dpi), (400, 566, 200));
        assert_eq!(found.method(), "pnm");
        let back = super::super::scan::parse_pgm(&pnm(&found)).unwrap();
        assert_eq!(back, image);
    }

    #[test]
    fn pages_with_more_than_the_image_go_to_pdftoppm() {
        let data = zlib(&[255u8; 300 * 300]);
        let image = format!(
            "<< /Type /XObject /Subtype /Image /Width 300 /Height 300 /ColorSpace /DeviceGray \
             /BitsPerComponent 8 /Filter /FlateDecode /Length {} >>",
            data.len()
        );
        let page = "/MediaBox [0 0 108 108]";
        let plain = "q 108 0 0 108 0 0 cm /Im0 Do Q";
        let ok = pdf_with(&image, &data, plain, page);
        let (doc, id) = first_page(&ok);
        assert_eq!(find(&doc, id).map(|e| e.dpi), Some(200));
        for content in [
            // text over the scan
            "q 108 0 0 108 0 0 cm /Im0 Do Q BT /F1 10 Tf (x) Tj ET",
            // a path
            "0 0 10 10 re f q 108 0 0 108 0 0 cm /Im0 Do Q",
            // half the page
            "q 54 0 0 108 0 0 cm /Im0 Do Q",
            // turned
            "q 0 108 -108 0 108 0 cm /Im0 Do Q",
            // drawn twice
            "q 108 0 0 108 0 0 cm /Im0 Do /Im0 Do Q",
        ] {
            let pdf = pdf_with(&image, &data, content, page);
            let (doc, id) = first_page(&pdf);
            assert_eq!(find(&doc, id), None, "{content}");
        }
        let with = |width: u32, space: &str, bits: u8, filter: &str, parms: &str| {
            format!(
                "<< /Subtype /Image /Width {width} /Height 300 /ColorSpace {space} \
                 /BitsPerComponent {bits} /Filter {filter} {parms} /Length {} >>",
                data.len()
            )
        };
        for (image, why) in [
            (with(300, "/DeviceGray", 1, "/CCITTFaxDecode", ""), "CCITT"),
            (
                with(300, "/DeviceGray", 8, "[/FlateDecode /DCTDecode]", ""),
                "two filters",
            ),
            (with(300, "/DeviceCMYK", 8, "/FlateDecode", ""), "CMYK"),
            (with(300, "/DeviceGray", 16, "/FlateDecode", ""), "16 bits"),
            (
                with(30_000, "/DeviceGray", 8, "/FlateDecode", ""),
                "too wide",
            ),
            (
                with(
                    300,
                    "/DeviceGray",
                    8,
                    "/FlateDecode",
                    "/DecodeParms << /Predictor 2 >>",
                ),
                "TIFF predictor",
            ),
            (with(300, "/DeviceGray", 8, "/DCTDecode", ""), "no JPEG"),
        ] {
            let pdf = pdf_with(&image, &data, plain, page);
            let (doc, id) = first_page(&pdf);
            assert_eq!(find(&doc, id), None, "{why}: {image}");
        }
        let rotated = pdf_with(&image, &data, plain, "/MediaBox [0 0 108 108] /Rotate 90");
        let (doc, id) = first_page(&rotated);
        assert_eq!(find(&doc, id), None, "turned by /Rotate");
    }

    #[test]
    fn rgb_predictors_bits_and_decode_arrays_decode_right() {
        let page = "/MediaBox [0 0 7.2 1.44]";
        let content = "q 7.2 0 0 1.44 0 0 cm /Im0 Do Q";
        // RGB, PNG "Up" predictor: two rows of 10 pixels, 100 dpi.
        let mut rows = vec![2u8];
        rows.extend([255, 0, 0].repeat(10));
        rows.push(2);
        rows.extend([0u8; 30]);
        let data = zlib(&rows);
        let dict = format!(
            "<< /Subtype /Image /Width 10 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8 \
             /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 /Columns 10 >> /Length {} >>",
            data.len()
        );
        let pdf = pdf_with(&dict, &data, content, page);
        let (doc, id) = first_page(&pdf);
        let found = find(&doc, id).unwrap();
        assert_eq!(found.dpi, 100);
        let grey = super::super::scan::parse_pgm(&pnm(&found)).unwrap();
        // Red is 0.3 × 255 ≈ 77 grey; the second row, "Up" by nothing,
        // repeats the first (undone predictor; raw it would be black).
        assert_eq!(grey.pixels, [vec![77u8; 10], vec![77u8; 10]].concat());
        // 1 bit, black is 0 in PDF and 1 in PBM.
        let data = zlib(&[0b1010_1010, 0b1100_0000, 0, 0]);
        let dict = |decode: &str| {
            format!(
                "<< /Subtype /Image /Width 10 /Height 2 /ColorSpace /DeviceGray {decode} \
                 /BitsPerComponent 1 /Filter /FlateDecode /Length {} >>",
                data.len()
            )
        };
        let pdf = pdf_with(&dict(""), &data, content, page);
        let (doc, id) = first_page(&pdf);
        let bits = pnm(&find(&doc, id).unwrap());
        assert_eq!(bits, b"P4\n10 2\n\x55\x3f\xff\xff");
        let pdf = pdf_with(&dict("/Decode [1 0]"), &data, content, page);
        let (doc, id) = first_page(&pdf);
        let bits = pnm(&find(&doc, id).unwrap());
        assert_eq!(bits, b"P4\n10 2\n\xaa\xc0\x00\x00");
    }

    #[test]
    fn short_or_bomb_streams_stay_bounded() {
        let page = "/MediaBox [0 0 72 72]";
        let content = "q 72 0 0 72 0 0 cm /Im0 Do Q";
        let dict = |data: &[u8]| {
            format!(
                "<< /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray \
                 /BitsPerComponent 8 /Filter /FlateDecode /Length {} >>",
                data.len()
            )
        };
        // Half the rows: an error, and the partial file is gone.
        let short = zlib(&[0u8; 5_000]);
        let pdf = pdf_with(&dict(&short), &short, content, page);
        let (doc, id) = first_page(&pdf);
        let found = find(&doc, id).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let err = found.write(&dir.path().join("p1")).unwrap_err();
        assert!(err.contains("row 50"), "{err}");
        assert!(!dir.path().join("p1.pgm").exists());
        // 50 MB of zeros behind a 100 × 100 image: only 10,000 bytes read.
        let bomb = zlib(&vec![0u8; 50_000_000]);
        let pdf = pdf_with(&dict(&bomb), &bomb, content, page);
        let (doc, id) = first_page(&pdf);
        let out = pnm(&find(&doc, id).unwrap());
        assert_eq!(out.len(), "P5\n100 100\n255\n".len() + 10_000);
    }

    #[test]
    fn jpeg_frames_are_read_and_junk_is_not() {
        // SOI, an APP0 of 4 bytes, SOF0 of a 3 × 2 grey image.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00,
            0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00,
        ];
        assert_eq!(jpeg_frame(&jpeg), Some((3, 2, 1)));
        assert_eq!(jpeg_frame(&jpeg[..12]), None);
        assert_eq!(jpeg_frame(b"GIF89a"), None);
        assert_eq!(luminance(255, 255, 255), 255);
        assert_eq!(luminance(0, 0, 0), 0);
    }
}
