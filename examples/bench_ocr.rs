//! Helpers of `bench/ocr.sh`: makes text and scanned PDFs of silver
//! papers, and measures how many of the text layer's words OCR finds.
//!
//!   bench_ocr prepare SILVER_DIR OUT N   # OUT/text/*.pdf, OUT/scan/*.pdf (+ expected.jsonl each)
//!   bench_ocr pages OUT                  # OUT/pages/*.pgm: the scans' page images as ratsindex writes them for Tesseract; prints their dpi
//!   bench_ocr agree OUT                  # word agreement per paper (OCR cache: OUT/cache)
//!   bench_ocr archive SILVER_DIR OUT N SCANS   # a mixed archive of N files, SCANS of them scans

use std::path::{Path, PathBuf};

use anyhow::Context;
use ratsindex::extract::{Extractor, Rules};
use ratsindex::pipeline::Pipeline;
use ratsindex::source::ocr::embedded;
use ratsindex::source::ocr::scan::{make_scan, text_pdf, word_agreement, ScanOptions};
use ratsindex::source::ocr::OcrSettings;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["prepare", silver, out, n] => prepare(Path::new(silver), Path::new(out), n.parse()?),
        ["pages", out] => pages(Path::new(out)),
        ["agree", out] => agree(Path::new(out)),
        ["archive", silver, out, n, scans] => archive(
            Path::new(silver),
            Path::new(out),
            n.parse()?,
            scans.parse()?,
        ),
        _ => anyhow::bail!(
            "usage: bench_ocr prepare SILVER_DIR OUT N | bench_ocr pages OUT | bench_ocr agree OUT"
        ),
    }
}

/// N papers spread over the silver set, each typeset as a text PDF and
/// scanned from it.
fn prepare(silver: &Path, out: &Path, n: usize) -> anyhow::Result<()> {
    let expected = std::fs::read_to_string(silver.join("expected.jsonl"))
        .with_context(|| format!("{}", silver.display()))?;
    let lines: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    let step = (lines.len() / n.max(1)).max(1);
    for kind in ["text", "scan"] {
        std::fs::create_dir_all(out.join(kind))?;
    }
    let (mut text_jsonl, mut scan_jsonl) = (String::new(), String::new());
    for line in lines.iter().step_by(step).take(n) {
        let mut record: serde_json::Value = serde_json::from_str(line)?;
        let file = record["file"].as_str().context("no file")?.to_string();
        let text = std::fs::read_to_string(silver.join(&file))?;
        let stem = Path::new(&file)
            .file_stem()
            .and_then(|s| s.to_str())
            .context("file name")?
            .to_string();
        let text_path = out.join("text").join(format!("{stem}.pdf"));
        std::fs::write(&text_path, text_pdf(&text))?;
        let scan = make_scan(&text_path, &ScanOptions::default()).map_err(anyhow::Error::msg)?;
        std::fs::write(out.join("scan").join(format!("{stem}.pdf")), scan)?;
        record["file"] = format!("{stem}.pdf").into();
        text_jsonl += &format!("{record}\n");
        scan_jsonl += &format!("{record}\n");
    }
    std::fs::write(out.join("text").join("expected.jsonl"), text_jsonl)?;
    std::fs::write(out.join("scan").join("expected.jsonl"), scan_jsonl)?;
    Ok(())
}

/// Each scan page's own image, written by the code `ratsindex extract`
/// uses to hand it to Tesseract (`ocr::embedded`), as
/// OUT/pages/STEM-PAGE.pgm: the baseline's input. Prints the images'
/// resolution (one value, or an error if they differ).
fn pages(out: &Path) -> anyhow::Result<()> {
    let dir = out.join("pages");
    std::fs::create_dir_all(&dir)?;
    let mut dpis = std::collections::BTreeSet::new();
    for scan in pdfs(&out.join("scan"))? {
        let doc = lopdf::Document::load(&scan).with_context(|| format!("{}", scan.display()))?;
        let stem = scan.file_stem().context("name")?.to_string_lossy();
        for (n, id) in doc.get_pages() {
            let image = embedded::find(&doc, id)
                .with_context(|| format!("{} page {n}: no page image", scan.display()))?;
            image
                .write(&dir.join(format!("{stem}-{n:03}")))
                .map_err(anyhow::Error::msg)?;
            dpis.insert(image.dpi);
        }
    }
    anyhow::ensure!(
        dpis.len() == 1,
        "page images at several resolutions: {dpis:?}"
    );
    println!("{}", dpis.first().context("no pages")?);
    Ok(())
}

/// The PDFs in `dir`, sorted.
fn pdfs(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    Ok(pdfs)
}

/// Word agreement of each scan's OCR text with its text PDF's text.
fn agree(out: &Path) -> anyhow::Result<()> {
    let pipeline = Pipeline::new(Extractor::new(Rules::builtin())?).with_ocr(OcrSettings {
        cache_dir: Some(out.join("cache")),
        ..OcrSettings::default()
    });
    let scans = pdfs(&out.join("scan"))?;
    let mut all = Vec::new();
    for scan in &scans {
        let text = out.join("text").join(scan.file_name().context("name")?);
        let (text, ocr) = (
            pipeline.process_path(&text, None)?,
            pipeline.process_path(scan, None)?,
        );
        let agreement = word_agreement(&text.text, &ocr.text);
        println!(
            "{:.3}  conf {:>5.1}  {}",
            agreement,
            ocr.ocr.mean_confidence.unwrap_or(0.0),
            scan.display()
        );
        all.push(agreement);
    }
    let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
    let min = all.iter().copied().fold(1.0, f64::min);
    println!(
        "word agreement: mean {mean:.3}, min {min:.3} over {} papers",
        all.len()
    );
    Ok(())
}

/// A mixed archive of about `n` files: silver papers as text PDFs and as
/// plain text, `scans` of them scanned, the office fixtures (each copy
/// made distinct by a trailing comment), the HTML fixtures, the session
/// bundle, and broken files (cut PDFs, junk named .docx/.odt/.rtf/.doc).
fn archive(silver: &Path, out: &Path, n: usize, scans: usize) -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = std::fs::read_to_string(silver.join("expected.jsonl"))?;
    let files: Vec<String> = expected
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|r| r["file"].as_str().map(str::to_string))
        .collect();
    let mut made = 0usize;
    let mut put = |dir: &str, name: String, bytes: &[u8]| -> anyhow::Result<()> {
        let dir = out.join(dir);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), bytes)?;
        made += 1;
        Ok(())
    };
    // A tenth broken, a tenth office files, the rest papers.
    let broken = n / 10;
    let office = n / 10;
    let papers = n.saturating_sub(broken + office + 2);
    for (k, file) in files.iter().cycle().take(papers).enumerate() {
        let text = std::fs::read_to_string(silver.join(file))?;
        let stem = format!("{k:04}");
        if k % 3 == 2 {
            put("text", format!("{stem}.txt"), text.as_bytes())?;
            continue;
        }
        let pdf = text_pdf(&format!("{text}\n\nArchiv-Nr. {k}"));
        if k < scans * 3 / 2 && k % 3 == 1 {
            let tmp = out.join(format!("tmp-{stem}.pdf"));
            std::fs::write(&tmp, &pdf)?;
            let scan = make_scan(
                &tmp,
                &ScanOptions {
                    seed: k as u64,
                    ..ScanOptions::default()
                },
            )
            .map_err(anyhow::Error::msg)?;
            std::fs::remove_file(&tmp)?;
            put("scans", format!("{stem}.pdf"), &scan)?;
        } else {
            put("pdf", format!("{stem}.pdf"), &pdf)?;
        }
    }
    for k in 0..office {
        let format = ["docx", "odt", "rtf", "doc"][k % 4];
        let mut bytes = std::fs::read(
            root.join("fixtures/office")
                .join(format!("vorlage.{format}")),
        )?;
        // Trailing bytes: a different file, read the same (not for .doc:
        // antiword refuses a compound file of an odd size; those copies
        // are duplicates).
        if format != "doc" {
            bytes.extend_from_slice(format!("\n{k}\n").as_bytes());
        }
        put("office", format!("{k:04}.{format}"), &bytes)?;
    }
    for html in ["allris3_vo020.html", "sessionnet_vo0050.html"] {
        put(
            "html",
            html.to_string(),
            &std::fs::read(root.join("fixtures/html").join(html))?,
        )?;
    }
    let bundle = silver
        .join("../../corpus/nordstemmen/Oeffentliche_Sitzungsunterlagen_Rat_21.12.2021-41-54.pdf");
    if let Ok(bytes) = std::fs::read(&bundle) {
        put("bundles", "rat-2021-12-21.pdf".into(), &bytes)?;
    }
    let paper = std::fs::read(root.join("fixtures/pdf/paper.pdf"))?;
    for k in 0..broken {
        match k % 5 {
            0 => put(
                "broken",
                format!("{k:04}-cut.pdf"),
                &paper[..paper.len() * (k % 7 + 1) / 9],
            )?,
            1 => put(
                "broken",
                format!("{k:04}.docx"),
                format!("PK\x03\x04junk {k}").as_bytes(),
            )?,
            2 => put(
                "broken",
                format!("{k:04}.odt"),
                format!("not a zip {k}").as_bytes(),
            )?,
            3 => put(
                "broken",
                format!("{k:04}.doc"),
                format!("\u{d0}junk {k}").as_bytes(),
            )?,
            _ => put(
                "broken",
                format!("{k:04}.pdf"),
                format!("%PDF-1.4 junk {k}").as_bytes(),
            )?,
        }
    }
    println!("{made} files in {}", out.display());
    Ok(())
}
