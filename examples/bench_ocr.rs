//! Helpers of `bench/ocr.sh`: makes text and scanned PDFs of silver
//! papers, and measures how many of the text layer's words OCR finds.
//!
//!   bench_ocr prepare SILVER_DIR OUT N   # OUT/text/*.pdf, OUT/scan/*.pdf (+ expected.jsonl each)
//!   bench_ocr agree OUT                  # word agreement per paper (OCR cache: OUT/cache)

use std::path::{Path, PathBuf};

use anyhow::Context;
use ratsindex::extract::{Extractor, Rules};
use ratsindex::pipeline::Pipeline;
use ratsindex::source::ocr::scan::{make_scan, text_pdf, word_agreement, ScanOptions};
use ratsindex::source::ocr::OcrSettings;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["prepare", silver, out, n] => prepare(Path::new(silver), Path::new(out), n.parse()?),
        ["agree", out] => agree(Path::new(out)),
        _ => anyhow::bail!("usage: bench_ocr prepare SILVER_DIR OUT N | bench_ocr agree OUT"),
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

/// Word agreement of each scan's OCR text with its text PDF's text.
fn agree(out: &Path) -> anyhow::Result<()> {
    let pipeline = Pipeline::new(Extractor::new(Rules::builtin())?).with_ocr(OcrSettings {
        cache_dir: Some(out.join("cache")),
        ..OcrSettings::default()
    });
    let mut scans: Vec<PathBuf> = std::fs::read_dir(out.join("scan"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    scans.sort();
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
