//! ratsindex's integration tests: one binary, one module per concern.

// Helpers: temp dirs and running the real binary.
mod util;

// The `extract` command and its JSON contract.
mod cli;
// Ingest → index → search/show round trips.
mod index_roundtrip;
// search, show, related and stats on a fixture index of several bodies.
mod search;
// German words: compound parts, exact forms, honest typo matching.
mod german;
// Bulk import: incremental, crash-safe, reports.
mod ingest;
// The PDF reader: fonts, layout, limits, quality against pdftotext.
mod pdf;
// Fixtures with expected records (shared by golden and eval).
mod expected;
// Every fixture's record equals its hand-checked expected JSON.
mod golden;
// Per-field accuracy over the fixtures, with floors.
mod eval;
// `extract` over the shared corpus: no crash; non-null rates.
mod corpus;
// The HTML reader: golden pages and hostile input.
mod html;
// The 600-paper silver set scored by its own scorer, with floors.
mod silver;
// Finance of 30 silver papers against their tables, read by hand.
mod finance_handcheck;
// A damaged index, 21 ways: found by check, repaired by ingest --rebuild.
mod damage;
// OParl import, agreement report and export.
mod oparl;
// `serve`: every route over HTTP, and the pages in headless Chromium.
mod serve;
// Split imports: extract --files-from, ingest --records, merge.
mod shards;
// The Spark job in local mode against a single-machine ingest.
mod spark;
// Inputs the fuzz campaign (fuzz/) keeps: no panic, no hang.
mod fuzz;
// OCR with the real Tesseract: scans made from real papers.
mod ocr;
// Word, OpenDocument, RTF and legacy Word papers.
mod office;
// Session bundles split into papers.
mod bundle;
// The README's commands, run as written.
mod readme;
// What a newcomer meets first: output, errors, settings (issue 20).
mod newcomer;
