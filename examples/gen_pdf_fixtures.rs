//! Rebuilds the PDF fixtures in `fixtures/pdf/` with lopdf, so CI needs no
//! other tool: `cargo run --example gen_pdf_fixtures`.
//!
//! Each file covers one case the PDF reader must handle (see
//! `tests/pdf.rs` for what is expected of it):
//!
//! | file | case |
//! | --- | --- |
//! | `font_standard.pdf` | simple fonts with WinAnsi, MacRoman and Standard encodings |
//! | `font_differences.pdf` | `/Differences` with glyph names (umlauts, ligatures, `uniXXXX`) |
//! | `font_tounicode.pdf` | subset-style codes mapped only by a ToUnicode CMap (bfchar, bfrange, array form) |
//! | `font_identity_h.pdf` | a Type0 font, Identity-H, two-byte codes, `/W` widths |
//! | `table.pdf` | a Beratungsfolge and a finance grid; TJ kerning, `Tm`, `Tw`, a Form XObject, a stamp annotation, rotated text |
//! | `paper.pdf` | `paper.txt` typeset on two pages with running header and page numbers |
//! | `encrypted.pdf` | RC4 128-bit, empty user password (opens without one) |
//! | `encrypted_password.pdf` | RC4 128-bit, user password `geheim` |
//! | `truncated.pdf` | `table.pdf` cut off after 60 % of its bytes (xref and object streams lost) |
//! | `truncated_tail.pdf` | `paper.pdf` with a classic xref table, cut off after 60 % |
//! | `scan.pdf` | a page that is only an image (no text layer) |
//!
//! Running it again gives the same bytes, except for the two encrypted
//! files (lopdf's encryption varies between runs; keep the committed ones
//! unless their content changes).

use std::path::{Path, PathBuf};

use lopdf::{dictionary, Dictionary, Document, EncryptionState, EncryptionVersion, Object};
use lopdf::{ObjectId, Permissions, Stream, StringFormat};

fn main() -> anyhow::Result<()> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    std::fs::create_dir_all(&dir)?;
    write(&dir, "font_standard.pdf", font_standard()?)?;
    write(&dir, "font_differences.pdf", font_differences()?)?;
    write(&dir, "font_tounicode.pdf", font_tounicode()?)?;
    write(&dir, "font_identity_h.pdf", font_identity_h()?)?;
    let table = table()?;
    write(&dir, "table.pdf", table.clone())?;
    let cut = table.len() * 6 / 10;
    write(&dir, "truncated.pdf", table[..cut].to_vec())?;
    let text = std::fs::read_to_string(dir.join("paper.txt"))?;
    write(&dir, "paper.pdf", paper(&text)?)?;
    // A download that broke off: a classic xref table, the end missing.
    let classic = paper_document(&text)?;
    let classic = bytes_with_xref_table(classic)?;
    let cut = classic.len() * 6 / 10;
    write(&dir, "truncated_tail.pdf", classic[..cut].to_vec())?;
    write(&dir, "encrypted.pdf", encrypted("")?)?;
    write(&dir, "encrypted_password.pdf", encrypted("geheim")?)?;
    write(&dir, "scan.pdf", scan()?)?;
    Ok(())
}

fn write(dir: &Path, name: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
    std::fs::write(dir.join(name), &bytes)?;
    println!("{name}: {} bytes", bytes.len());
    Ok(())
}

// # Building blocks

/// A document under construction: pages share one page tree.
struct Pdf {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Pdf {
    fn new() -> Pdf {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Pdf {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    fn add_page(&mut self, content: String, resources: Dictionary) {
        let content_id = self
            .doc
            .add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = self.doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => resources,
        });
        self.kids.push(page_id.into());
    }

    /// Finishes the page tree and catalog; compresses streams.
    fn finish(mut self) -> Document {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => self.kids,
                "Count" => count,
            }),
        );
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
        });
        self.doc.trailer.set("Root", catalog);
        self.doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::String(b"ratsindex-fixture".to_vec(), StringFormat::Hexadecimal),
                Object::String(b"ratsindex-fixture".to_vec(), StringFormat::Hexadecimal),
            ]),
        );
        self.doc.compress();
        self.doc
    }
}

fn bytes_with_xref_table(mut doc: Document) -> anyhow::Result<Vec<u8>> {
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    bytes_of(doc)
}

fn bytes_of(mut doc: Document) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// A PDF hex string.
fn hex(bytes: &[u8]) -> String {
    let mut s = String::from("<");
    for b in bytes {
        s.push_str(&format!("{b:02X}"));
    }
    s.push('>');
    s
}

/// Approximate Helvetica advance widths (1/1000 em): what a font's
/// `/Widths` would say. The reader uses these to see gaps.
fn width_of(c: char) -> i64 {
    match c {
        ' ' | '.' | ',' | ':' | ';' | '!' | 'i' | 'j' | 'l' | 'I' | '\'' | '|' => 278,
        'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 333,
        'm' | 'M' | 'W' => 833,
        'w' => 722,
        'A'..='Z' | 'Ä' | 'Ö' | 'Ü' => 667,
        '☐' | '☒' => 800,
        _ => 556,
    }
}

/// A simple (one byte per code) font dictionary with `/Widths` for codes
/// 32..=255, where `char_of` says which character each code draws.
fn simple_font(
    subtype: &str,
    base: &str,
    encoding: Object,
    char_of: impl Fn(u8) -> Option<char>,
) -> Dictionary {
    let widths: Vec<Object> = (32u8..=255)
        .map(|b| char_of(b).map_or(0, width_of).into())
        .collect();
    let mut font = dictionary! {
        "Type" => "Font",
        "Subtype" => Object::Name(subtype.as_bytes().to_vec()),
        "BaseFont" => Object::Name(base.as_bytes().to_vec()),
        "FirstChar" => 32,
        "LastChar" => 255,
        "Widths" => widths,
    };
    if !matches!(encoding, Object::Null) {
        font.set("Encoding", encoding);
    }
    font
}

/// A simple font in WinAnsiEncoding, the encoding of most office PDFs.
fn win_ansi_font(subtype: &str, base: &str) -> Dictionary {
    simple_font(
        subtype,
        base,
        Object::Name(b"WinAnsiEncoding".to_vec()),
        windows_1252_char,
    )
}

fn windows_1252(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

fn windows_1252_char(b: u8) -> Option<char> {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&[b])
        .0
        .chars()
        .next()
}

/// MacRoman for the characters the fixtures use.
fn mac_roman(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'Ä' => 0x80,
            'Ö' => 0x85,
            'Ü' => 0x86,
            'é' => 0x8E,
            'ä' => 0x8A,
            'ö' => 0x9A,
            'ü' => 0x9F,
            'ß' => 0xA7,
            c => c as u8,
        })
        .collect()
}

fn mac_roman_char(b: u8) -> Option<char> {
    (32..127).contains(&b).then_some(b as char).or(match b {
        0x80 => Some('Ä'),
        0x85 => Some('Ö'),
        0x86 => Some('Ü'),
        0x8A => Some('ä'),
        0x8E => Some('é'),
        0x9A => Some('ö'),
        0x9F => Some('ü'),
        0xA7 => Some('ß'),
        _ => None,
    })
}

/// A ToUnicode CMap program with the given sections already written.
fn cmap(code_bytes: usize, body: &str) -> Stream {
    let (lo, hi) = if code_bytes == 1 {
        ("<00>", "<FF>")
    } else {
        ("<0000>", "<FFFF>")
    };
    let program = format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n{lo} {hi}\nendcodespacerange\n{body}\
         endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    );
    Stream::new(dictionary! {}, program.into_bytes())
}

fn utf16_hex(text: &str) -> String {
    let units: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    hex(&units)
}

/// One line of text: `BT /F size Tf x y Td <hex> Tj ET`.
fn line(font: &str, size: f32, x: f32, y: f32, code_bytes: &[u8]) -> String {
    format!(
        "BT /{font} {size} Tf {x} {y} Td {} Tj ET\n",
        hex(code_bytes)
    )
}

// # The fixtures

fn font_standard() -> anyhow::Result<Vec<u8>> {
    let mut pdf = Pdf::new();
    let win = pdf.doc.add_object(win_ansi_font("Type1", "Helvetica"));
    let mac = pdf.doc.add_object(simple_font(
        "Type1",
        "Times-Roman",
        Object::Name(b"MacRomanEncoding".to_vec()),
        mac_roman_char,
    ));
    // No /Encoding: a Type1 font's built-in encoding, StandardEncoding.
    let standard = |b: u8| match b {
        0xFB => Some('ß'),
        0xAE => Some('f'),
        0xB9 | 0xAA => Some('"'),
        0x27 => Some('’'),
        32..=126 => Some(b as char),
        _ => None,
    };
    let std_font = pdf
        .doc
        .add_object(simple_font("Type1", "Courier", Object::Null, standard));
    let mut content = String::new();
    content += &line(
        "F1",
        11.0,
        56.0,
        780.0,
        &windows_1252("Prüfung der Straßenbeleuchtung – Kosten 1.250 € (geschätzt)"),
    );
    content += &line(
        "F2",
        11.0,
        56.0,
        760.0,
        &mac_roman("Ärger über Öffnungszeiten im Bürgerbüro"),
    );
    let mut standard_line = b"Au\xFBerdem \xAEnden \xB9Sitzungen\xAA statt".to_vec();
    standard_line.extend_from_slice(b", sagt's Amt.");
    content += &line("F3", 11.0, 56.0, 740.0, &standard_line);
    pdf.add_page(
        content,
        dictionary! { "Font" => dictionary! { "F1" => win, "F2" => mac, "F3" => std_font } },
    );
    bytes_of(pdf.finish())
}

fn font_differences() -> anyhow::Result<Vec<u8>> {
    let mut pdf = Pdf::new();
    // Codes 1.. get glyph names; the rest is WinAnsi.
    let names: &[(&str, char)] = &[
        ("adieresis", 'ä'),
        ("odieresis", 'ö'),
        ("udieresis", 'ü'),
        ("germandbls", 'ß'),
        ("ff", 'ﬀ'),
        ("uni20AC", '€'),
        ("fi", 'ﬁ'),
        ("Udieresis", 'Ü'),
    ];
    let mut differences = vec![Object::Integer(1)];
    differences.extend(
        names
            .iter()
            .map(|(n, _)| Object::Name(n.as_bytes().to_vec())),
    );
    let encoding = dictionary! {
        "Type" => "Encoding",
        "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => differences,
    };
    let char_of = |b: u8| match b {
        1..=8 => names.get(usize::from(b - 1)).map(|(_, c)| *c),
        _ => windows_1252_char(b),
    };
    let mut font = simple_font("Type1", "Helvetica", Object::Dictionary(encoding), char_of);
    // Widths also for the low codes.
    font.set("FirstChar", 1);
    let widths: Vec<Object> = (1u8..=255)
        .map(|b| char_of(b).map_or(0, width_of).into())
        .collect();
    font.set("Widths", widths);
    let font = pdf.doc.add_object(font);
    let encode = |text: &str| -> Vec<u8> {
        text.chars()
            .map(|c| {
                names
                    .iter()
                    .position(|(_, n)| *n == c)
                    .map_or(c as u8, |p| p as u8 + 1)
            })
            .collect()
    };
    let mut content = String::new();
    content += &line(
        "F1",
        11.0,
        56.0,
        780.0,
        &encode("Schöne Grüße aus dem Übergangsbüro"),
    );
    content += &line(
        "F1",
        11.0,
        56.0,
        760.0,
        &encode("Eﬀekte der ﬁnalen Planung: 5.000 €"),
    );
    pdf.add_page(
        content,
        dictionary! { "Font" => dictionary! { "F1" => font } },
    );
    bytes_of(pdf.finish())
}

fn font_tounicode() -> anyhow::Result<Vec<u8>> {
    let mut pdf = Pdf::new();
    // Subset-style codes: 1.. in order of first use; a TrueType font with
    // no /Encoding, so only the ToUnicode CMap says what they mean.
    let text = "Öffentliche Sitzung des Finanzausschusses";
    // "ff" is one glyph (code 2), mapped by the array form of bfrange.
    let mut alphabet: Vec<String> = Vec::new();
    let mut codes = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let unit = if rest.starts_with("ff") {
            "ff".to_string()
        } else {
            c.to_string()
        };
        rest = &rest[unit.len()..];
        let code = match alphabet.iter().position(|u| *u == unit) {
            Some(p) => p,
            None => {
                alphabet.push(unit);
                alphabet.len() - 1
            }
        } as u8
            + 1;
        codes.push(code);
    }
    // Codes 1 and 2 ("Ö" and the "ff" ligature) by the array form of
    // bfrange, the other letters by bfchar, digits by a plain bfrange.
    let mut body = String::new();
    body += &format!(
        "1 beginbfrange\n<01> <02> [{} {}]\nendbfrange\n",
        utf16_hex(&alphabet[0]),
        utf16_hex(&alphabet[1])
    );
    let singles: Vec<String> = alphabet
        .iter()
        .enumerate()
        .skip(2)
        .map(|(i, u)| format!("<{:02X}> {}", i + 1, utf16_hex(u)))
        .collect();
    body += &format!(
        "{} beginbfchar\n{}\nendbfchar\n",
        singles.len(),
        singles.join("\n")
    );
    body += "1 beginbfrange\n<30> <39> <0030>\nendbfrange\n";
    let cmap_id = pdf.doc.add_object(cmap(1, &body));
    let char_width = |b: u8| -> i64 {
        match b {
            0x30..=0x39 => 556,
            b => alphabet
                .get(usize::from(b).wrapping_sub(1))
                .map_or(0, |u| u.chars().map(width_of).sum()),
        }
    };
    let widths: Vec<Object> = (1u8..=0x39).map(|b| char_width(b).into()).collect();
    let font = pdf.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "TrueType",
        "BaseFont" => "ABCDEF+Arial",
        "FirstChar" => 1,
        "LastChar" => 0x39,
        "Widths" => widths,
        "ToUnicode" => cmap_id,
    });
    let mut content = String::new();
    content += &line("F1", 12.0, 56.0, 780.0, &codes);
    content += &line("F1", 12.0, 56.0, 760.0, b"2024");
    pdf.add_page(
        content,
        dictionary! { "Font" => dictionary! { "F1" => font } },
    );
    bytes_of(pdf.finish())
}

/// A Type0 font with Identity-H encoding whose CIDs are assigned to the
/// characters of `texts` in order of first use (as Word's subsets are), and
/// the ToUnicode CMap that maps them back. Returns the font and an encoder.
struct CidFont {
    chars: Vec<char>,
}

impl CidFont {
    fn new(texts: &[&str]) -> CidFont {
        let mut chars = Vec::new();
        for c in texts.iter().flat_map(|t| t.chars()) {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
        CidFont { chars }
    }

    /// CID of a character: 3 + its position (CIDs 0..2 are unused, as in
    /// real subsets).
    fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                let cid = self.chars.iter().position(|&k| k == c).unwrap_or(0) as u16 + 3;
                cid.to_be_bytes()
            })
            .collect()
    }

    fn add_to(&self, doc: &mut Document) -> ObjectId {
        // ToUnicode: runs of consecutive Unicode values become a bfrange,
        // the rest bfchar.
        let mut ranges = Vec::new();
        let mut singles = Vec::new();
        let mut i = 0;
        while i < self.chars.len() {
            let mut j = i;
            while j + 1 < self.chars.len()
                && self.chars[j + 1] as u32 == self.chars[j] as u32 + 1
                && (self.chars[j] as u32) < 0xFFFF
            {
                j += 1;
            }
            let cid = i as u16 + 3;
            if j > i {
                ranges.push(format!(
                    "<{:04X}> <{:04X}> {}",
                    cid,
                    j as u16 + 3,
                    utf16_hex(&self.chars[i].to_string())
                ));
            } else {
                singles.push(format!(
                    "<{:04X}> {}",
                    cid,
                    utf16_hex(&self.chars[i].to_string())
                ));
            }
            i = j + 1;
        }
        let mut body = String::new();
        if !ranges.is_empty() {
            body += &format!(
                "{} beginbfrange\n{}\nendbfrange\n",
                ranges.len(),
                ranges.join("\n")
            );
        }
        if !singles.is_empty() {
            body += &format!(
                "{} beginbfchar\n{}\nendbfchar\n",
                singles.len(),
                singles.join("\n")
            );
        }
        let to_unicode = doc.add_object(cmap(2, &body));
        // /W in both forms: a list for the first CIDs, ranges for the rest.
        let mut w = vec![
            Object::Integer(3),
            Object::Array(
                self.chars
                    .iter()
                    .take(10)
                    .map(|&c| Object::Integer(width_of(c)))
                    .collect(),
            ),
        ];
        for (k, &c) in self.chars.iter().enumerate().skip(10) {
            let cid = k as i64 + 3;
            w.extend([cid.into(), cid.into(), width_of(c).into()]);
        }
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "GHIJKL+Calibri",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 1000,
            "W" => w,
        });
        doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "GHIJKL+Calibri",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![descendant.into()],
            "ToUnicode" => to_unicode,
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(width_of).sum::<i64>() as f32 * size / 1000.0
    }
}

fn font_identity_h() -> anyhow::Result<Vec<u8>> {
    let lines = [
        "Beratungsfolge: Ausschuss für Umwelt und Klimaschutz",
        "☒ öffentlich ☐ nichtöffentlich",
        "Größe: 1.234 m², Maßnahme Nr. 7",
    ];
    let font = CidFont::new(&lines);
    let mut pdf = Pdf::new();
    let font_id = font.add_to(&mut pdf.doc);
    let mut content = String::new();
    for (k, text) in lines.iter().enumerate() {
        content += &line(
            "F1",
            11.0,
            56.0,
            780.0 - 20.0 * k as f32,
            &font.encode(text),
        );
    }
    pdf.add_page(
        content,
        dictionary! { "Font" => dictionary! { "F1" => font_id } },
    );
    bytes_of(pdf.finish())
}

fn table() -> anyhow::Result<Vec<u8>> {
    let mut pdf = Pdf::new();
    let font = pdf.doc.add_object(win_ansi_font("Type1", "Helvetica"));
    let bold = pdf.doc.add_object(win_ansi_font("Type1", "Helvetica-Bold"));
    let fonts = dictionary! { "F1" => font, "F2" => bold };
    // The letterhead is a Form XObject, scaled by its /Matrix.
    let header = format!(
        "BT /F2 20 Tf 0 0 Td {} Tj ET\n",
        hex(&windows_1252("Stadt Beispielhausen"))
    );
    let header_id = pdf.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 400.into(), 40.into()],
            "Matrix" => vec![0.5.into(), 0.into(), 0.into(), 0.5.into(), 0.into(), 0.into()],
            "Resources" => dictionary! { "Font" => fonts.clone() },
        },
        header.into_bytes(),
    ));
    let mut c = String::new();
    c += "q 1 0 0 1 56 790 cm /Hdr Do Q\n";
    // Title with word spacing from Tw and real spaces.
    c += &format!(
        "BT /F2 12 Tf 2 Tw 56 750 Td {} Tj ET\n",
        hex(&windows_1252("Beratungsfolge der Drucksache 0417/2024"))
    );
    // Table rows: each cell placed by Tm; the first row uses TJ with kerning
    // and a large negative adjustment as the column gap.
    let w = |s: &str| windows_1252(s);
    c += &format!(
        "BT /F2 10 Tf 1 0 0 1 56 720 Tm [{} -9000 {} 120 {} -4000 {}] TJ ET\n",
        hex(&w("Gremium")),
        hex(&w("Sitz")),
        hex(&w("ung")),
        hex(&w("Zuständigkeit")),
    );
    let rows = [
        ("Bau- und Verkehrsausschuss", "09.04.2024", "Vorberatung"),
        ("Haupt- und Finanzausschuss", "16.04.2024", "Vorberatung"),
        ("Stadtrat", "25.04.2024", "Entscheidung"),
    ];
    for (k, (gremium, datum, rolle)) in rows.iter().enumerate() {
        let y = 705.0 - 15.0 * k as f32;
        for (x, cell) in [(56.0, *gremium), (212.0, *datum), (312.0, *rolle)] {
            c += &format!("BT /F1 10 Tf 1 0 0 1 {x} {y} Tm {} Tj ET\n", hex(&w(cell)));
        }
    }
    // Finance grid: right-aligned amounts drawn cell by cell with TD/T*.
    c += &format!(
        "BT /F2 10 Tf 56 630 Td {} Tj ET\n",
        hex(&w("Finanzielle Auswirkungen"))
    );
    let grid = [
        ["Haushaltsjahr", "2024", "2025", "Gesamt"],
        ["Auszahlungen", "400.000 €", "650.000 €", "1.050.000 €"],
        ["Einzahlungen", "150.000 €", "250.000 €", "400.000 €"],
    ];
    for (k, row) in grid.iter().enumerate() {
        let y = 612.0 - 14.0 * k as f32;
        for (col, cell) in row.iter().enumerate() {
            let right = [0.0, 280.0, 370.0, 470.0][col];
            let width: f32 = cell.chars().map(width_of).sum::<i64>() as f32 * 0.01;
            let x = if col == 0 { 56.0 } else { right - width };
            c += &format!("BT /F1 10 Tf {x} {y} Td {} Tj ET\n", hex(&w(cell)));
        }
    }
    // A line drawn in pieces with ' and " (next-line operators).
    c += &format!(
        "BT /F1 10 Tf 12 TL 56 560 Td {} Tj {} ' 0 0 {} \" ET\n",
        hex(&w("Die Zahlen sind vorläufig.")),
        hex(&w("Stand der Kostenschätzung:")),
        hex(&w("Februar 2024")),
    );
    // A margin note written bottom to top.
    c += &format!(
        "BT /F1 7 Tf 0 1 -1 0 30 300 Tm {} Tj ET\n",
        hex(&w("Gedruckt auf Recyclingpapier"))
    );
    // A received-stamp annotation: its appearance is a form drawn into
    // the annotation's rectangle (half the size of its bounding box).
    let stamp = pdf.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 240.into(), 40.into()],
            "Resources" => dictionary! { "Font" => fonts.clone() },
        },
        format!(
            "BT /F2 16 Tf 10 14 Td {} Tj ET\n",
            hex(&w("Eingang 20.03.2024"))
        )
        .into_bytes(),
    ));
    let annotation = pdf.doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Stamp",
        "Rect" => vec![400.into(), 780.into(), 520.into(), 800.into()],
        "AP" => dictionary! { "N" => stamp },
    });
    pdf.add_page(
        c,
        dictionary! { "Font" => fonts, "XObject" => dictionary! { "Hdr" => header_id } },
    );
    if let Some(Object::Reference(page)) = pdf.kids.last() {
        if let Ok(page) = pdf.doc.get_dictionary_mut(*page) {
            page.set("Annots", vec![Object::Reference(annotation)]);
        }
    }
    bytes_of(pdf.finish())
}

/// Typesets a text file: one PDF line per text line, tab-separated cells at
/// column stops, form feeds as page breaks; each page gets a running
/// header and a page number, which the text version does not have.
pub fn paper(text: &str) -> anyhow::Result<Vec<u8>> {
    bytes_of(paper_document(text)?)
}

fn paper_document(text: &str) -> anyhow::Result<Document> {
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let header = "Stadt Beispielhausen – Drucksache 0417/2024";
    let mut all: Vec<&str> = text.lines().collect();
    all.push(header);
    let numbers: Vec<String> = (1..=pages.len())
        .map(|p| format!("Seite {p} von {}", pages.len()))
        .collect();
    all.extend(numbers.iter().map(String::as_str));
    let font = CidFont::new(&all);
    let mut pdf = Pdf::new();
    let font_id = font.add_to(&mut pdf.doc);
    let size = 10.0;
    let stops = [56.0, 236.0, 316.0, 396.0, 476.0];
    for (p, page) in pages.iter().enumerate() {
        let mut c = String::new();
        if p > 0 {
            c += &line("F1", 8.0, 56.0, 810.0, &font.encode(header));
        }
        let mut y = 780.0;
        for text_line in page.lines() {
            if text_line.trim().is_empty() {
                y -= 8.0;
                continue;
            }
            let mut x: f32 = 56.0;
            for (k, cell) in text_line.split('\t').enumerate() {
                let stop = stops.get(k).copied().unwrap_or(x);
                x = if k == 0 { stop } else { stop.max(x + 18.0) };
                c += &line("F1", size, x, y, &font.encode(cell));
                x += font.width(cell, size);
            }
            y -= 13.0;
        }
        c += &line("F1", 8.0, 270.0, 40.0, &font.encode(&numbers[p]));
        pdf.add_page(c, dictionary! { "Font" => dictionary! { "F1" => font_id } });
    }
    Ok(pdf.finish())
}

fn encrypted(user_password: &str) -> anyhow::Result<Vec<u8>> {
    let mut pdf = Pdf::new();
    let font = pdf.doc.add_object(win_ansi_font("TrueType", "Arial"));
    let mut c = String::new();
    c += &line("F1", 11.0, 56.0, 780.0, &windows_1252("Mitteilungsvorlage"));
    c += &line(
        "F1",
        11.0,
        56.0,
        760.0,
        &windows_1252("Verschlüsselt, aber ohne Kennwort lesbar."),
    );
    pdf.add_page(c, dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut doc = pdf.finish();
    let permissions = Permissions::PRINTABLE | Permissions::COPYABLE;
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "eigentuemer",
        user_password,
        key_length: 128,
        permissions,
    };
    let state = EncryptionState::try_from(version)?;
    doc.encrypt(&state)?;
    bytes_of(doc)
}

fn scan() -> anyhow::Result<Vec<u8>> {
    let mut pdf = Pdf::new();
    // An 8×8 grey gradient standing in for a scanned page.
    let pixels: Vec<u8> = (0..64u8).map(|i| i * 4).collect();
    let image = pdf.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 8,
            "Height" => 8,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        pixels,
    ));
    pdf.add_page(
        "q 595 0 0 842 0 0 cm /Im1 Do Q\n".to_string(),
        dictionary! { "XObject" => dictionary! { "Im1" => image } },
    );
    bytes_of(pdf.finish())
}
