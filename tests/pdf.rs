//! The PDF reader: each font case, tables, encryption, broken and hostile
//! files, text quality against poppler's `pdftotext`, and the same paper as
//! PDF and as text giving the same fields.
//!
//! Fixtures are built by `cargo run --example gen_pdf_fixtures` (see that
//! file for what each one contains).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use lopdf::{dictionary, Document, Object, Stream};
use ratsindex::extract::{Extractor, Rules};
use ratsindex::pipeline::Pipeline;
use ratsindex::source::pdf::{read, read_all_text, PdfError, PdfLimits};
use ratsindex::source::{RawDocument, Source};
use ratsindex::text::Text;
use unicode_normalization::UnicodeNormalization;

use crate::util::{fixture, shared};

fn pdf_fixture(name: &str) -> PathBuf {
    fixture("pdf").join(name)
}

fn read_fixture(name: &str) -> Result<RawDocument, PdfError> {
    let bytes = std::fs::read(pdf_fixture(name)).expect("fixture exists");
    read(&bytes, &PdfLimits::default())
}

/// The non-blank lines of a document's normalised text.
fn lines_of(raw: &RawDocument) -> Vec<String> {
    Text::from_pages(&raw.pages)
        .as_str()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

// # Fonts

#[test]
fn standard_encodings_winansi_macroman_standard() {
    let raw = read_fixture("font_standard.pdf").unwrap();
    assert_eq!(
        lines_of(&raw),
        [
            "Prüfung der Straßenbeleuchtung – Kosten 1.250 € (geschätzt)",
            "Ärger über Öffnungszeiten im Bürgerbüro",
            "Außerdem finden „Sitzungen“ statt, sagt’s Amt.",
        ]
    );
    assert!(raw.warnings.is_empty(), "{:?}", raw.warnings);
}

#[test]
fn differences_with_glyph_names_and_ligatures() {
    let raw = read_fixture("font_differences.pdf").unwrap();
    assert_eq!(
        lines_of(&raw),
        [
            "Schöne Grüße aus dem Übergangsbüro",
            "Effekte der finalen Planung: 5.000 €",
        ]
    );
}

#[test]
fn tounicode_bfchar_bfrange_and_array_form() {
    let raw = read_fixture("font_tounicode.pdf").unwrap();
    assert_eq!(
        lines_of(&raw),
        ["Öffentliche Sitzung des Finanzausschusses", "2024"]
    );
}

#[test]
fn type0_identity_h_two_byte_codes() {
    let raw = read_fixture("font_identity_h.pdf").unwrap();
    assert_eq!(
        lines_of(&raw),
        [
            "Beratungsfolge: Ausschuss für Umwelt und Klimaschutz",
            "☒ öffentlich ☐ nichtöffentlich",
            "Größe: 1.234 m², Maßnahme Nr. 7",
        ]
    );
}

// # Layout

#[test]
fn table_columns_become_tabs() {
    let raw = read_fixture("table.pdf").unwrap();
    assert_eq!(raw.pages.len(), 1);
    assert_eq!(
        lines_of(&raw),
        [
            // A Form XObject scaled by its /Matrix, then a stamp annotation
            // whose appearance is fitted into its rectangle.
            "Stadt Beispielhausen\tEingang 20.03.2024",
            // Word spacing (Tw) widens real spaces: still one space each.
            "Beratungsfolge der Drucksache 0417/2024",
            // TJ: a -9000 adjustment is a column gap, +120 a kerning pair.
            "Gremium\tSitzung\tZuständigkeit",
            "Bau- und Verkehrsausschuss\t09.04.2024\tVorberatung",
            "Haupt- und Finanzausschuss\t16.04.2024\tVorberatung",
            "Stadtrat\t25.04.2024\tEntscheidung",
            "Finanzielle Auswirkungen",
            "Haushaltsjahr\t2024\t2025\tGesamt",
            "Auszahlungen\t400.000 €\t650.000 €\t1.050.000 €",
            "Einzahlungen\t150.000 €\t250.000 €\t400.000 €",
            // ' and " move to the next line before showing.
            "Die Zahlen sind vorläufig.",
            "Stand der Kostenschätzung:",
            "Februar 2024",
            // Rotated margin text comes after the upright text.
            "Gedruckt auf Recyclingpapier",
        ]
    );
}

#[test]
fn running_header_and_page_numbers_are_removed() {
    let raw = read_fixture("paper.pdf").unwrap();
    assert_eq!(raw.pages.len(), 3);
    let text = Text::from_pages(&raw.pages);
    for n in 1..=3 {
        let number = format!("Seite {n} von 3");
        assert!(!text.as_str().contains(&number), "{}", text.as_str());
    }
    assert!(!text.as_str().contains("Stadt Beispielhausen – Drucksache"));
}

// # Encryption, broken files, scans

#[test]
fn encrypted_with_empty_user_password_is_read() {
    let raw = read_fixture("encrypted.pdf").unwrap();
    assert_eq!(
        lines_of(&raw),
        [
            "Mitteilungsvorlage",
            "Verschlüsselt, aber ohne Kennwort lesbar."
        ]
    );
}

#[test]
fn encrypted_with_a_user_password_is_a_clear_error() {
    let err = read_fixture("encrypted_password.pdf").unwrap_err();
    assert!(matches!(err, PdfError::Encrypted), "{err:?}");
    assert!(err.to_string().contains("password"), "{err}");
}

#[test]
fn truncated_file_is_a_clear_error() {
    let err = read_fixture("truncated.pdf").unwrap_err();
    assert!(err.to_string().starts_with("cannot parse PDF"), "{err}");
}

#[test]
fn cut_off_download_gives_the_pages_that_arrived() {
    let raw = read_fixture("truncated_tail.pdf").unwrap();
    let lines = lines_of(&raw);
    assert_eq!(
        lines[..5],
        [
            "Stadt Beispielhausen",
            "Der Oberbürgermeister",
            "Beschlussvorlage",
            "Drucksache Nr. 0417/2024",
            "öffentlich",
        ]
    );
    assert!(
        raw.warnings
            .iter()
            .any(|w| w.contains("damaged or cut off")),
        "{:?}",
        raw.warnings
    );
}

#[test]
fn scan_without_text_layer_gives_a_warning_not_an_error() {
    let raw = read_fixture("scan.pdf").unwrap();
    assert_eq!(raw.pages.len(), 1);
    assert!(raw.pages[0].trim().is_empty());
    assert!(
        raw.warnings.iter().any(|w| w.contains("no text layer")),
        "{:?}",
        raw.warnings
    );
}

#[test]
fn scan_record_carries_the_warning() {
    let pipeline = Pipeline::new(Extractor::new(Rules::builtin()).unwrap());
    let record = pipeline
        .process_path(&pdf_fixture("scan.pdf"), None)
        .unwrap();
    assert_eq!(record.source.pages, Some(1));
    assert!(record.warnings.iter().any(|w| w.contains("no text layer")));
}

/// Every prefix and many single-byte corruptions of every fixture: the
/// reader returns (text or an error), it never panics or hangs.
#[test]
fn cut_and_corrupted_files_never_crash() {
    let limits = PdfLimits {
        time_budget: Duration::from_secs(5),
        ..PdfLimits::default()
    };
    for entry in std::fs::read_dir(fixture("pdf")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let step = (bytes.len() / 40).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = read(&bytes[..cut], &limits);
        }
        for at in (0..bytes.len()).step_by(step) {
            let mut broken = bytes.clone();
            broken[at] = broken[at].wrapping_add(0x55);
            if let Err(PdfError::Panic(what)) = read(&broken, &limits) {
                // A caught panic is a per-file error, but say where.
                eprintln!("{}: byte {at}: lopdf panicked: {what}", path.display());
            }
        }
    }
}

// # Limits

/// A one-page PDF whose content stream is `content`, flate-compressed,
/// whose resources are `resources`, with `extra` objects at fixed ids.
fn one_page(
    content: &[u8],
    resources: lopdf::Dictionary,
    extra: Vec<(lopdf::ObjectId, Object)>,
) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    for (id, object) in extra {
        doc.objects.insert(id, object);
    }
    let mut stream = Stream::new(dictionary! {}, content.to_vec());
    stream.compress().unwrap();
    let content_id = doc.add_object(stream);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => resources,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn decompression_bomb_is_stopped_by_the_stream_limit() {
    // 4 MB of spaces compress to a few KB.
    let content = vec![b' '; 4 * 1024 * 1024];
    let bytes = one_page(&content, dictionary! {}, Vec::new());
    assert!(bytes.len() < 64 * 1024);
    let limits = PdfLimits {
        max_stream_bytes: 1024 * 1024,
        ..PdfLimits::default()
    };
    let err = read(&bytes, &limits).unwrap_err();
    assert!(matches!(err, PdfError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("1048576"), "{err}");
}

#[test]
fn document_limit_counts_all_streams() {
    let content = b"BT ET\n".repeat(20_000);
    let bytes = one_page(&content, dictionary! {}, Vec::new());
    let limits = PdfLimits {
        max_document_bytes: 50_000,
        ..PdfLimits::default()
    };
    let err = read(&bytes, &limits).unwrap_err();
    assert!(
        matches!(
            err,
            PdfError::TooLarge {
                what: "the document",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn time_budget_ends_a_slow_document() {
    let content = b"q Q ".repeat(100_000);
    let bytes = one_page(&content, dictionary! {}, Vec::new());
    let limits = PdfLimits {
        time_budget: Duration::ZERO,
        ..PdfLimits::default()
    };
    let err = read(&bytes, &limits).unwrap_err();
    assert!(matches!(err, PdfError::Timeout { .. }), "{err:?}");
}

#[test]
fn glyph_and_text_limits_cut_pages_short_with_a_warning() {
    let bytes = std::fs::read(pdf_fixture("paper.pdf")).unwrap();
    let limits = PdfLimits {
        max_glyphs_per_page: 100,
        ..PdfLimits::default()
    };
    let raw = read(&bytes, &limits).unwrap();
    assert!(raw
        .pages
        .iter()
        .all(|p| p.chars().filter(|c| !c.is_whitespace()).count() <= 100));
    assert!(raw
        .warnings
        .iter()
        .any(|w| w.contains("more than 100 glyphs")));
    let limits = PdfLimits {
        max_text_bytes: 100,
        ..PdfLimits::default()
    };
    let raw = read(&bytes, &limits).unwrap();
    assert_eq!(raw.pages.len(), 3, "the page count stays true");
    assert!(raw.pages[1].is_empty() && raw.pages[2].is_empty());
    assert!(raw
        .warnings
        .iter()
        .any(|w| w.contains("pages after page 1")));
}

#[test]
fn self_drawing_form_xobject_stops_at_the_depth_bound() {
    // Object 100 is a Form XObject that draws text and then itself.
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    "Encoding" => "WinAnsiEncoding" };
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font.clone() },
                "XObject" => dictionary! { "X" => Object::Reference((100, 0)) },
            },
        },
        b"BT /F1 10 Tf 100 700 Td (Schleife) Tj ET 1 0 0 1 0 -12 cm /X Do".to_vec(),
    );
    let bytes = one_page(
        b"/X Do",
        dictionary! { "XObject" => dictionary! { "X" => Object::Reference((100, 0)) } },
        vec![((100, 0), Object::Stream(form))],
    );
    let raw = read(&bytes, &PdfLimits::default()).unwrap();
    let lines = lines_of(&raw);
    assert_eq!(
        lines.len(),
        PdfLimits::default().max_form_depth,
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| l == "Schleife"));
    assert!(raw.warnings.iter().any(|w| w.contains("nested deeper")));
}

// # Quality against pdftotext

/// The words of a text as a multiset, after the normalisation both sides
/// need to be comparable: NFKC (ligatures), soft hyphens joined, control
/// characters dropped.
fn words(text: &str) -> HashMap<String, usize> {
    let text: String = text
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .nfkc()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_string()).or_insert(0) += 1;
    }
    counts
}

/// Recall (share of `reference`'s words we produce) and precision (share
/// of our words that `reference` has), as multisets.
fn recall_precision(reference: &str, ours: &str) -> (f64, f64) {
    let (a, b) = (words(reference), words(ours));
    let common: usize = a
        .iter()
        .map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0)))
        .sum();
    let total = |m: &HashMap<String, usize>| m.values().sum::<usize>().max(1) as f64;
    (common as f64 / total(&a), common as f64 / total(&b))
}

fn pdftotext(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn pdfs_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pdfs_below(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
}

/// Word-multiset recall and precision of our text against `pdftotext
/// -layout` on every PDF with a text layer in the shared corpus and in
/// `fixtures/pdf/`. Measured on everything printed on the pages (pdftotext
/// keeps running headers and page numbers); the figures for the text the
/// extractors see, without them, are printed too.
#[test]
fn text_matches_pdftotext() {
    if !have_pdftotext("text_matches_pdftotext") {
        return;
    }
    let mut files = Vec::new();
    match shared() {
        Some(shared) => pdfs_below(&shared.join("corpus"), &mut files),
        None => eprintln!("NOTE text_matches_pdftotext: ../shared is absent; fixtures only"),
    }
    pdfs_below(&fixture("pdf"), &mut files);
    files.sort();
    let (mut sum, mut sum_stripped, mut n) = ((0.0, 0.0), (0.0, 0.0), 0);
    let mut low = Vec::new();
    for path in &files {
        let Some(reference) = pdftotext(path) else {
            continue; // pdftotext cannot read it either (encrypted, truncated)
        };
        if reference.split_whitespace().count() == 0 {
            continue; // no text layer
        }
        let bytes = std::fs::read(path).unwrap();
        let all = read_all_text(&bytes, &PdfLimits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stripped = read(&bytes, &PdfLimits::default()).unwrap();
        let (r, p) = recall_precision(&reference, Text::from_pages(&all.pages).as_str());
        let (rs, ps) = recall_precision(&reference, Text::from_pages(&stripped.pages).as_str());
        eprintln!(
            "recall {r:.3} precision {p:.3} (without furniture {rs:.3} {ps:.3})  {}",
            path.display()
        );
        if r < 0.95 || p < 0.95 {
            low.push(format!(
                "{}: recall {r:.3} precision {p:.3}",
                path.display()
            ));
        }
        sum = (sum.0 + r, sum.1 + p);
        sum_stripped = (sum_stripped.0 + rs, sum_stripped.1 + ps);
        n += 1;
    }
    assert!(n > 0, "no PDFs with text found");
    let n = n as f64;
    let (r, p) = (sum.0 / n, sum.1 / n);
    eprintln!(
        "{n} PDFs: mean recall {r:.3}, mean precision {p:.3}; without furniture {:.3} {:.3}",
        sum_stripped.0 / n,
        sum_stripped.1 / n
    );
    assert!(
        r >= 0.99 && p >= 0.99,
        "mean recall {r:.3} precision {p:.3}"
    );
    assert!(low.is_empty(), "below 0.95: {low:#?}");
}

/// Whether `pdftotext` can be run; where not, the test named `test` skips
/// loudly, or fails in CI (`CI=true`), where it must be installed.
fn have_pdftotext(test: &str) -> bool {
    if Command::new("pdftotext").arg("-v").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "{test}: pdftotext is missing in CI (.ci/run installs poppler-utils)"
    );
    eprintln!("SKIPPED {test}: pdftotext is not installed (apt-get install poppler-utils)");
    false
}

/// `(lower-cased word, what stands before it, word as printed)` for each
/// `\w+` word, after NFKC and soft-hyphen joining.
fn word_tokens(text: &str) -> Vec<(String, String, String)> {
    let text: String = text
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .nfkc()
        .collect();
    let word = regex::Regex::new(r"\w+").unwrap();
    let mut last = 0;
    word.find_iter(&text)
        .map(|m| {
            let sep = text[last..m.start()].to_string();
            last = m.end();
            (m.as_str().to_lowercase(), sep, m.as_str().to_string())
        })
        .collect()
}

/// Words `reference` prints whole that `ours` splits in two, as "a b"
/// (neighbours: a blank between them, or a hyphen at a line end) or
/// "a … b" (apart, as in table cells). Joins that are pdftotext's own are
/// not splits: a line-end hyphen before a capital ("Baden-" /
/// "Württemberg") or a digit, or after a page number ("- 2 -").
fn splits(reference: &str, ours: &str) -> Vec<String> {
    let count = |toks: &[(String, String, String)]| {
        let mut m: HashMap<String, i64> = HashMap::new();
        for (w, _, _) in toks {
            *m.entry(w.clone()).or_insert(0) += 1;
        }
        m
    };
    let theirs = word_tokens(reference);
    let toks = word_tokens(ours);
    let (reference, mine) = (count(&theirs), count(&toks));
    let get = |m: &HashMap<String, i64>, w: &str| m.get(w).copied().unwrap_or(0);
    let mut surplus: HashMap<String, i64> = reference
        .iter()
        .map(|(w, n)| (w.clone(), n - get(&mine, w)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut spare: HashMap<String, i64> = mine
        .iter()
        .map(|(w, n)| (w.clone(), n - get(&reference, w)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut out = Vec::new();
    for pair in toks.windows(2) {
        let ((a, _, a_raw), (b, sep, b_raw)) = (&pair[0], &pair[1]);
        let broken = sep.trim() == "-" && sep.contains('\n');
        if !(sep.trim().is_empty() || broken) || sep.contains('\u{c}') {
            continue;
        }
        let whole = format!("{a}{b}");
        match surplus.get_mut(&whole) {
            Some(n) if *n > 0 => *n -= 1,
            _ => continue,
        }
        let first = b_raw.chars().next();
        let theirs = first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || a_raw.chars().all(|c| c.is_ascii_digit());
        if !(broken && theirs) {
            out.push(format!("{a}{} {b}", if broken { "-" } else { "" }));
        }
        for part in [a, b] {
            if let Some(n) = spare.get_mut(part) {
                *n -= 1;
            }
        }
    }
    let mut wholes: Vec<(String, i64)> = surplus.into_iter().filter(|(_, n)| *n > 0).collect();
    wholes.sort();
    for (whole, n) in wholes {
        for _ in 0..n {
            let cuts = whole.char_indices().map(|(i, _)| i).skip(2);
            let Some(cut) = cuts
                .filter(|&i| i + 1 < whole.len())
                .find(|&i| get(&spare, &whole[..i]) > 0 && get(&spare, &whole[i..]) > 0)
            else {
                break;
            };
            let (a, b) = (&whole[..cut], &whole[cut..]);
            for part in [a, b] {
                *spare.get_mut(part).unwrap() -= 1;
            }
            let digits = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
            if !(digits(a) || digits(b)) {
                out.push(format!("{a} … {b}"));
            }
        }
    }
    out
}

/// No word that pdftotext (reading order, its default) prints whole is
/// split by ratsindex, on every corpus PDF and every PDF fixture, in the
/// text as search reads it (line-end hyphens before a lower-case letter
/// joined, `ratsindex::hyphen`). Each split pair is listed. The same
/// measure with agreement figures: `bench/pdf_words.py`.
#[test]
fn no_word_pdftotext_prints_whole_is_split() {
    if !have_pdftotext("no_word_pdftotext_prints_whole_is_split") {
        return;
    }
    let mut files = Vec::new();
    match shared() {
        Some(shared) => pdfs_below(&shared.join("corpus"), &mut files),
        None => eprintln!(
            "NOTE no_word_pdftotext_prints_whole_is_split: ../shared is absent; fixtures only"
        ),
    }
    pdfs_below(&fixture("pdf"), &mut files);
    files.sort();
    let (mut found, mut compared) = (Vec::new(), 0);
    for path in &files {
        let Ok(out) = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(path)
            .arg("-")
            .output()
        else {
            continue;
        };
        let reference = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || reference.trim().is_empty() {
            continue; // unreadable for pdftotext too, or no text layer
        }
        let bytes = std::fs::read(path).unwrap();
        let all = read_all_text(&bytes, &PdfLimits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let ours = ratsindex::hyphen::reading_text(Text::from_pages(&all.pages).as_str());
        let split = splits(&reference, &ours);
        eprintln!("splits {:3}  {}", split.len(), path.display());
        found.extend(
            split
                .into_iter()
                .map(|s| format!("{}: {s}", path.display())),
        );
        compared += 1;
    }
    assert!(compared > 0, "no PDFs with text found");
    assert!(
        found.is_empty(),
        "words pdftotext prints whole, split: {found:#?}"
    );
}

#[test]
fn split_words_are_found_and_pdftotext_joins_are_not_splits() {
    let reference = "Die Energiegenossenschaft und die Verwaltung\nBadenwürttemberg 2konkreter";
    let ours =
        "Die Energiegenos senschaft und die Verwal-\ntung\nBaden-\nWürttemberg - 2 -\nkonkreter";
    assert_eq!(
        splits(reference, ours),
        ["energiegenos senschaft", "verwal- tung"]
    );
    // Parts apart, as in a table's cells.
    assert_eq!(
        splits("Einstimmig Ja", "Einstim\tJa\nmig"),
        ["einstim … mig"]
    );
    assert!(splits(reference, reference).is_empty());
}

#[test]
fn word_metric_counts_multisets() {
    let (r, p) = recall_precision("a a b c", "a b b");
    assert_eq!((r, p), (0.5, 2.0 / 3.0));
    let (r, _) = recall_precision("Ef\u{fb01}zienz Verwal\u{ad}\ntung", "Effizienz Verwaltung");
    assert_eq!(r, 1.0);
}

// # The same paper as PDF and as text

/// `paper.pdf` is `paper.txt` typeset (by the fixture generator) with a
/// running header and page numbers added. What the extractors see must be
/// the same text, and every field the text version yields must come out of
/// the PDF identically.
#[test]
fn pdf_and_text_versions_give_the_same_fields() {
    let pipeline = Pipeline::new(Extractor::new(Rules::builtin()).unwrap());
    let from_text = pipeline
        .process_path(&pdf_fixture("paper.txt"), None)
        .unwrap();
    let from_pdf = pipeline
        .process_path(&pdf_fixture("paper.pdf"), None)
        .unwrap();
    assert_eq!(from_pdf.source.pages, Some(3));
    let non_blank = |t: &str| -> Vec<String> {
        t.split(['\n', '\u{c}'])
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(non_blank(&from_pdf.text), non_blank(&from_text.text));

    let text = serde_json::to_value(&from_text).unwrap();
    let pdf = serde_json::to_value(&from_pdf).unwrap();
    let skip = ["id", "source", "provenance", "text", "warnings"];
    let mut compared = Vec::new();
    for (key, value) in text.as_object().unwrap() {
        let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
        if skip.contains(&key.as_str()) || empty {
            continue;
        }
        assert_eq!(&pdf[key], value, "field {key}: PDF differs from text");
        compared.push(key.clone());
    }
    eprintln!("fields compared between paper.pdf and paper.txt: {compared:?}");
    // The paper prints its number: at least that must be found (more
    // fields join the comparison as the extractors find them in the text).
    assert!(compared.iter().any(|k| k == "reference"), "{compared:?}");
}

/// The source stage picks the PDF reader by content, whatever the name.
#[test]
fn pdf_bytes_are_read_as_pdf_whatever_the_name() {
    let bytes = std::fs::read(pdf_fixture("font_standard.pdf")).unwrap();
    let source = Source::from_bytes(Path::new("paper.txt"), bytes);
    let raw = ratsindex::source::read(&source).unwrap();
    assert!(raw.paged);
    assert_eq!(raw.pages.len(), 1);
}
