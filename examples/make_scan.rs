//! Makes image-only "scans" of text PDFs, for OCR tests and benchmarks
//! (see `ratsindex::source::ocr::scan`).
//!
//!   cargo run --release --example make_scan -- IN.pdf OUT.pdf [DPI]

use std::path::PathBuf;

use ratsindex::source::ocr::scan::{make_scan, ScanOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: make_scan IN.pdf OUT.pdf [DPI]");
        std::process::exit(2);
    };
    let mut options = ScanOptions::default();
    if let Some(dpi) = args.get(2) {
        options.dpi = dpi.parse().unwrap_or_else(|_| {
            eprintln!("make_scan: DPI must be a number");
            std::process::exit(2)
        });
    }
    match make_scan(&PathBuf::from(input), &options) {
        Ok(pdf) => {
            if let Err(e) = std::fs::write(output, pdf) {
                eprintln!("make_scan: {output}: {e}");
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("make_scan: {e}");
            std::process::exit(1);
        }
    }
}
