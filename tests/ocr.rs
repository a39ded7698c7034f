//! OCR with the real Tesseract: image-only scans made from real papers of
//! the shared corpus (rasterised at 200 dpi grey, noised, rebuilt into a
//! PDF of images, see `ratsindex::source::ocr::scan`) must read like the
//! papers' text layers; the index must show and find them; a re-run must
//! OCR nothing; a machine without Tesseract must go on and say so.
//!
//! Where Tesseract (with German data) or pdftoppm is missing, the tests
//! that need them skip loudly, except in CI (`CI=true`), where that fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use ratsindex::extract::{Extractor, Rules};
use ratsindex::pipeline::Pipeline;
use ratsindex::record::Record;
use ratsindex::source::ocr::scan::{
    image_pdf, make_jpeg_scan, make_scan, word_agreement, GreyImage, ScanOptions,
};
use ratsindex::source::ocr::{OcrMode, OcrSettings};

use crate::util::{json_lines, ratsindex, shared, stderr, stdout};

/// The two real papers made into scans: three pages, a Beratungsfolge
/// table, a large bold paper number.
const PAPERS: [&str; 2] = [
    "nordstemmen/Beschlussvorlage_DS_53-2025.pdf",
    "erlangen-stadtrat/Antrag_151-2020_Odenwaldallee.pdf",
];

/// Whether Tesseract with German data and pdftoppm run here. Missing:
/// skip with a message, or panic under `CI=true`.
fn ocr_tools(test: &str) -> bool {
    let deu = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "deu")
        })
        .unwrap_or(false);
    let pdftoppm = Command::new("pdftoppm").arg("-v").output().is_ok();
    if deu && pdftoppm {
        return true;
    }
    let why = format!(
        "{test}: needs tesseract with German data and pdftoppm \
         (apt-get install tesseract-ocr tesseract-ocr-deu poppler-utils); \
         tesseract+deu: {deu}, pdftoppm: {pdftoppm}"
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}");
    }
    eprintln!("SKIPPED {why}");
    false
}

/// The shared corpus's paper `name`, or a loud skip.
fn paper(name: &str) -> Option<PathBuf> {
    let Some(dir) = shared() else {
        eprintln!("SKIPPED: ../shared is missing, no real papers to scan");
        return None;
    };
    Some(dir.join("corpus").join(name))
}

/// The scans of [`PAPERS`], made once per test run: (text PDF, scan).
fn scans() -> &'static [(PathBuf, PathBuf)] {
    static SCANS: OnceLock<(tempfile::TempDir, Vec<(PathBuf, PathBuf)>)> = OnceLock::new();
    &SCANS
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let mut out = Vec::new();
            for name in PAPERS {
                let Some(text_pdf) = paper(name) else {
                    continue;
                };
                let scan = dir
                    .path()
                    .join(Path::new(name).file_name().unwrap())
                    .with_extension("scan.pdf");
                let bytes = make_scan(&text_pdf, &ScanOptions::default())
                    .unwrap_or_else(|e| panic!("cannot make a scan of {name}: {e}"));
                std::fs::write(&scan, bytes).unwrap();
                out.push((text_pdf, scan));
            }
            (dir, out)
        })
        .1
}

fn pipeline(cache: Option<&Path>, mode: OcrMode) -> Pipeline {
    Pipeline::new(Extractor::new(Rules::builtin()).unwrap()).with_ocr(OcrSettings {
        mode,
        cache_dir: cache.map(Path::to_path_buf),
        ..OcrSettings::default()
    })
}

fn words(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn committees(record: &Record) -> Vec<String> {
    record
        .consultations
        .iter()
        .map(|c| c.committee.clone())
        .collect()
}

/// Each scan, read by OCR, gives the paper's number, type, date, title,
/// author and Beratungsfolge as its text layer does, and ≥ 95 % of its
/// words; the record says which pages were OCR'd and how sure Tesseract
/// was.
#[test]
fn scans_of_real_papers_read_like_their_text_layers() {
    if !ocr_tools("scans_of_real_papers_read_like_their_text_layers") || scans().is_empty() {
        return;
    }
    let pipeline = pipeline(None, OcrMode::Auto);
    for (text_pdf, scan) in scans() {
        let text = pipeline.process_path(text_pdf, None).unwrap();
        let ocr = pipeline.process_path(scan, None).unwrap();
        let name = text_pdf.display();
        assert!(text.ocr.pages.is_empty(), "{name}: text layer OCR'd");
        let pages: Vec<u32> = (1..=text.source.pages.unwrap()).collect();
        assert_eq!(ocr.ocr.pages, pages, "{name}");
        assert!(ocr.ocr.needed.is_empty(), "{name}: {:?}", ocr.ocr);
        let confidence = ocr.ocr.mean_confidence.unwrap();
        assert!((75.0..=100.0).contains(&confidence), "{name}: {confidence}");
        assert!(ocr.ocr.engine.as_deref().unwrap().starts_with("tesseract"));
        let agreement = word_agreement(&text.text, &ocr.text);
        eprintln!("{name}: word agreement {agreement:.3}, confidence {confidence}");
        assert!(agreement >= 0.95, "{name}: word agreement {agreement:.3}");
        assert!(
            text.reference.is_some(),
            "{name}: the text layer has a number"
        );
        assert_eq!(ocr.reference, text.reference, "{name}");
        assert_eq!(ocr.paper_type, text.paper_type, "{name}");
        assert_eq!(ocr.date, text.date, "{name}");
        assert_eq!(words(&ocr.title), words(&text.title), "{name}");
        assert_eq!(ocr.author, text.author, "{name}");
        let (want, got) = (committees(&text), committees(&ocr));
        assert!(
            want.iter().all(|c| got.contains(c)),
            "{name}: {want:?} vs {got:?}"
        );
        assert!(
            ocr.warnings.iter().any(|w| w.contains("read by OCR")),
            "{name}: {:?}",
            ocr.warnings
        );
    }
}

/// `ingest` reads the scan by OCR, lists it in the summary and the
/// report, `search` finds it by its number (with its title) and by
/// `ocr:true`, `stats` counts it; a fresh index in the same folder OCRs
/// nothing again (the cache), nor does a `--checksum` run.
#[test]
fn the_index_shows_finds_and_counts_scans_and_a_rerun_ocrs_nothing() {
    let test = "the_index_shows_finds_and_counts_scans_and_a_rerun_ocrs_nothing";
    if !ocr_tools(test) || scans().is_empty() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    let (text_pdf, scan) = &scans()[0];
    std::fs::copy(scan, archive.join("ds53_scan.pdf")).unwrap();
    std::fs::write(
        archive.join("other.txt"),
        "Drucksache 7/2024\nAntrag\nBetreff: Radweg\nDer Rat beschließt.",
    )
    .unwrap();
    let ingest = |extra: &[&str]| {
        let mut args = vec!["ingest", "archive", "--index", "idx", "--report", "r.json"];
        args.extend_from_slice(extra);
        let out = ratsindex(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
        (stderr(&out), report)
    };
    let (log, report) = ingest(&[]);
    assert!(
        log.contains("OCR: archive/ds53_scan.pdf (pages 1, 2"),
        "{log}"
    );
    assert!(
        log.contains("2 pages by Tesseract, 0 from the cache"),
        "{log}"
    );
    let listed = &report["scans"]["ocr_files"];
    assert_eq!(listed[0]["path"], "archive/ds53_scan.pdf", "{report}");
    assert_eq!(listed[0]["pages"], serde_json::json!([1, 2]));

    let found = stdout(&ratsindex(
        dir.path(),
        &["search", "53/2025", "--index", "idx"],
    ));
    assert!(
        found.contains("Abschluss eines Gestattungsvertrages"),
        "{found}"
    );
    let scans_only = ratsindex(
        dir.path(),
        &["search", "ocr:true", "--index", "idx", "--json"],
    );
    let hits = json_lines(&stdout(&scans_only));
    assert_eq!(hits.len(), 1, "{}", stdout(&scans_only));
    let stats = ratsindex(dir.path(), &["stats", "--index", "idx", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout(&stats)).unwrap();
    assert_eq!(stats["archive"]["ocr"], 1, "{stats}");
    assert_eq!(stats["archive"]["needs_ocr"], 0, "{stats}");
    assert_eq!(stats["archive"]["formats"]["pdf"], 1, "{stats}");
    assert_eq!(stats["archive"]["formats"]["text"], 1, "{stats}");

    // A checksum run: nothing changed, nothing read again.
    let (log, _) = ingest(&["--checksum"]);
    assert!(!log.contains("by Tesseract"), "{log}");
    // A new index in the same folder: the cache answers.
    for entry in std::fs::read_dir(dir.path().join("idx")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "ocr-cache" {
            if path.is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    let (log, _) = ingest(&[]);
    assert!(
        log.contains("0 pages by Tesseract, 2 from the cache"),
        "{log}"
    );
    let again = stdout(&ratsindex(
        dir.path(),
        &["search", "53/2025", "--index", "idx"],
    ));
    assert_eq!(again, found);
    // The text layer version is a different file with the same paper.
    assert!(text_pdf.exists());
}

/// Scan pages reach Tesseract as the images the PDF holds (grey Flate
/// written as PGM, JPEG as stored), not rasterised, and read as well as
/// pdftoppm's raster of them. The cache keeps the inputs apart: pages
/// read from pdftoppm's raster (`RATSINDEX_OCR_RASTERISE=1`) are not
/// taken for the page images, and a re-run takes its own.
#[test]
fn scan_pages_are_read_from_their_own_images_and_cached_by_input() {
    let test = "scan_pages_are_read_from_their_own_images_and_cached_by_input";
    if !ocr_tools(test) || scans().is_empty() {
        return;
    }
    let (text_pdf, scan) = &scans()[0];
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let extract = |file: &Path, rasterise: bool| -> serde_json::Value {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ratsindex"));
        command
            .arg("extract")
            .arg("--ocr-cache")
            .arg(&cache)
            .arg(file)
            .env_remove("RATSINDEX_OCR_RASTERISE");
        if rasterise {
            command.env("RATSINDEX_OCR_RASTERISE", "1");
        }
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        json_lines(&stdout(&out)).remove(0)
    };
    // The page files of the cache made from `method`'s input.
    let cached = |method: &str| -> Vec<String> {
        let mut names = Vec::new();
        let mut dirs = vec![cache.clone()];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_dir() {
                    dirs.push(path);
                } else if name.ends_with(&format!(".{method}.json")) {
                    names.push(name);
                }
            }
        }
        names.sort();
        names
    };
    let text = pipeline(None, OcrMode::Never)
        .process_path(text_pdf, None)
        .unwrap();
    let raster = extract(scan, true);
    assert_eq!(cached("pdftoppm"), ["1.pdftoppm.json", "2.pdftoppm.json"]);
    assert!(cached("pnm").is_empty());
    let own = extract(scan, false);
    assert_eq!(cached("pnm"), ["1.pnm.json", "2.pnm.json"]);
    let jpeg_scan = dir.path().join("ds53.jpeg.pdf");
    std::fs::write(&jpeg_scan, make_jpeg_scan(text_pdf, 200).unwrap()).unwrap();
    let jpeg = extract(&jpeg_scan, false);
    assert_eq!(cached("jpeg"), ["1.jpeg.json", "2.jpeg.json"]);
    // A re-run takes its own input's pages: no new files, same text.
    assert_eq!(extract(scan, false)["text"], own["text"]);
    assert_eq!(cached("pnm").len() + cached("pdftoppm").len(), 4);
    for (input, record) in [("pdftoppm", &raster), ("pgm", &own), ("jpeg", &jpeg)] {
        assert_eq!(record["ocr"]["pages"], serde_json::json!([1, 2]), "{input}");
        let agreement = word_agreement(&text.text, record["text"].as_str().unwrap());
        eprintln!("{input}: word agreement {agreement:.3}");
        assert!(agreement >= 0.95, "{input}: word agreement {agreement:.3}");
        assert_eq!(
            record["reference"],
            serde_json::to_value(&text.reference).unwrap(),
            "{input}"
        );
        assert_eq!(
            record["paper_type"],
            serde_json::to_value(&text.paper_type).unwrap(),
            "{input}"
        );
    }
}

/// `--ocr never`: the record lists the pages that need OCR and has no
/// text; search finds it by `ocr:needed`.
#[test]
fn ocr_never_lists_the_pages_that_need_it() {
    if !ocr_tools("ocr_never_lists_the_pages_that_need_it") || scans().is_empty() {
        return;
    }
    let (_, scan) = &scans()[0];
    let record = pipeline(None, OcrMode::Never)
        .process_path(scan, None)
        .unwrap();
    assert_eq!(record.ocr.needed, vec![1, 2]);
    assert!(record.ocr.pages.is_empty());
    assert_eq!(record.reference, None);
    assert!(
        record.warnings.iter().any(|w| w.contains("--ocr never")),
        "{:?}",
        record.warnings
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(scan, dir.path().join("scan.pdf")).unwrap();
    let out = ratsindex(
        dir.path(),
        &["ingest", "scan.pdf", "--index", "idx", "--ocr", "never"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("needs OCR: scan.pdf (pages 1, 2)"),
        "{}",
        stderr(&out)
    );
    let hits = stdout(&ratsindex(
        dir.path(),
        &["search", "ocr:needed", "--index", "idx", "--json"],
    ));
    assert_eq!(json_lines(&hits).len(), 1, "{hits}");
}

/// Without Tesseract on the PATH, `extract` and `ingest` go on (exit 0),
/// warn once however many scans there are, and list the pages that need
/// OCR. Needs no OCR tool: the scans are images drawn here.
#[test]
fn without_tesseract_the_run_goes_on_warns_once_and_lists_the_scans() {
    let page = GreyImage {
        width: 1654,
        height: 2339,
        pixels: (0..1654 * 2339)
            .map(|i| if (i / 1654) % 40 < 4 { 0 } else { 250 })
            .collect(),
    };
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.pdf", "b.pdf"] {
        let mut pdf = image_pdf(std::slice::from_ref(&page), 200);
        // Two different files, not one paper twice.
        pdf.extend_from_slice(format!("% {name}\n").as_bytes());
        std::fs::write(dir.path().join(name), pdf).unwrap();
    }
    let empty = dir.path().join("no-tools");
    std::fs::create_dir(&empty).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ratsindex"))
            .args(args)
            .current_dir(dir.path())
            .env("PATH", &empty)
            .output()
            .unwrap()
    };
    let out = run(&["extract", "a.pdf", "b.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = stderr(&out);
    assert_eq!(log.matches("OCR is not available").count(), 1, "{log}");
    assert!(log.contains("tesseract is not installed"), "{log}");
    for record in json_lines(&stdout(&out)) {
        assert_eq!(record["ocr"]["needed"], serde_json::json!([1]), "{record}");
        assert_eq!(record["ocr"]["pages"], serde_json::json!([]));
    }
    let out = run(&["ingest", ".", "--index", "idx", "--report", "r.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = stderr(&out);
    assert_eq!(log.matches("OCR is not available").count(), 1, "{log}");
    assert!(log.contains("2 files need OCR"), "{log}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(
        report["scans"]["needs_ocr"].as_array().map(Vec::len),
        Some(2),
        "{report}"
    );
}

/// `extract` of several scans at once: the files run on rayon's pool and
/// their pages must not wait for that same pool (they did, and the run
/// hung). Both records come back read by OCR.
#[test]
fn extract_of_several_scans_at_once_finishes() {
    if !ocr_tools("extract_of_several_scans_at_once_finishes") || scans().len() < 2 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<&str> = scans().iter().map(|(_, s)| s.to_str().unwrap()).collect();
    let mut args = vec!["extract"];
    args.extend(&paths);
    let out = crate::util::ratsindex_within(dir.path(), &args, 600);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = json_lines(&stdout(&out));
    assert_eq!(records.len(), 2);
    for record in records {
        assert!(
            !record["ocr"]["pages"].as_array().unwrap().is_empty(),
            "{record}"
        );
    }
}
