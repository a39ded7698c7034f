//! `ratsindex serve`: the real binary serving a fixture index, asked over
//! HTTP ([`http`]) and driven in headless Chromium ([`browser`]).
//!
//! The fixture index holds the text fixtures and two HTML pages as
//! `ingest` reads them (body "Testhausen", with provenance and original
//! files), the hand-written records of `fixtures/search/papers.jsonl`
//! (four bodies, citations) and one hostile record whose every field
//! holds markup.

mod browser;
mod client;
mod http;
mod webdriver;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use ratsindex::index::writer::IndexSink;
use ratsindex::index::RatsIndex;
use ratsindex::record::{Actor, ActorKind, Consultation, FinanceRow, Provenance, Record};

use crate::util::{fixture, ratsindex, stderr};

/// The id of the hostile record.
pub const HOSTILE_ID: &str = "baddbaddbaddbadd";
/// Its title.
pub const HOSTILE_TITLE: &str = "<script>alert('title')</script> Schadcode im \"Titel\"";
/// Markup in its text.
pub const HOSTILE_TEXT: &str = "\"><img src=x onerror=alert(2)>";

/// A temp dir with the fixture index in `index/`.
pub fn fixture_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let index_arg = index.to_str().unwrap().to_string();
    let text = fixture("text");
    let html = fixture("html/allris3_vo020.html");
    let out = ratsindex(
        dir.path(),
        &[
            "ingest",
            text.to_str().unwrap(),
            html.to_str().unwrap(),
            "--body",
            "Testhausen",
            "--index",
            &index_arg,
            "-q",
        ],
    );
    assert!(out.status.success(), "ingest: {}", stderr(&out));
    let index = RatsIndex::open(&index).unwrap();
    let mut sink = IndexSink::new(&index, 20_000_000).unwrap();
    let papers = std::fs::read_to_string(fixture("search/papers.jsonl")).unwrap();
    for line in papers.lines().filter(|l| !l.trim().is_empty()) {
        let record: Record = serde_json::from_str(line).unwrap();
        sink.upsert(&record).unwrap();
    }
    sink.upsert(&hostile_record()).unwrap();
    sink.finish().unwrap();
    dir
}

/// The id of the fixture paper with a Beratungsfolge, a finance table, a
/// decision proposal and citations (Erfurt's "Grundschule am Roten Berg").
pub fn paper_with_tables(server: &Server) -> String {
    let hits = client::get(
        &server.addr,
        "/api/search?q=%22Grundschule+am+Roten+Berg%22",
    )
    .json();
    hits["hits"][0]["id"].as_str().unwrap().to_string()
}

/// A record with markup in every field a page prints, and a source path
/// outside the index (`/etc/passwd`) that must never be served.
pub fn hostile_record() -> Record {
    let text = format!(
        "Antrag\n{HOSTILE_TITLE}\n\nDer Schadcode {HOSTILE_TEXT} und <script>alert(1)</script> \
         stehen im Text.\nBeschlussvorschlag: <b onmouseover=alert(3)>fett</b>\n"
    );
    let title_start = text.find(HOSTILE_TITLE).unwrap();
    let title_span = [
        text[..title_start].chars().count(),
        text[..title_start].chars().count() + HOSTILE_TITLE.chars().count(),
    ];
    let mut record = Record {
        id: HOSTILE_ID.into(),
        body: Some("Hackstadt<i>".into()),
        reference: Some("<u>666</u>/24".into()),
        title: Some(HOSTILE_TITLE.into()),
        paper_type: Some("Antrag".into()),
        date: Some("2024-12-24".into()),
        department: Some("<iframe src=//evil>".into()),
        decision_proposal: Some("<b onmouseover=alert(3)>fett</b>".into()),
        consultations: vec![Consultation {
            committee: "<svg onload=alert(4)>Ausschuss".into(),
            role: Some("\"><script>alert(5)</script>".into()),
            ..Consultation::default()
        }],
        actors: vec![Actor {
            name: "\"><img src=y onerror=alert(6)>".into(),
            kind: ActorKind::Person,
        }],
        references: vec!["<a href=javascript:alert(7)>1/1</a>".into()],
        attachments: vec!["<object data=x>".into()],
        warnings: vec!["<style>body{display:none}</style>".into()],
        text,
        ..Record::default()
    };
    record.finance.impact = Some(true);
    record.finance.years = vec!["<th>2024".into()];
    record.finance.rows = vec![FinanceRow {
        label: "<td onclick=alert(8)>Kosten".into(),
        amounts: vec![Some(1000.0)],
        ..FinanceRow::default()
    }];
    record.source.path = "/etc/passwd".into();
    record.source.sha256 = "0".repeat(64);
    record.provenance.insert(
        "title".into(),
        Provenance {
            page: None,
            span: title_span,
            rule: "test".into(),
        },
    );
    record
}

/// A running `ratsindex serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The folder it runs in (holding `index/`).
    pub dir: PathBuf,
}

impl Server {
    /// Starts the server on a free port over `dir/index`, in `dir`.
    pub fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ratsindex"))
            .args(["serve", "--index", "index", "--bind", "127.0.0.1:0"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ratsindex serve");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines();
            for line in lines.by_ref().map_while(Result::ok) {
                if let Some(rest) = line.split("at http://").nth(1) {
                    let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
                }
                eprintln!("[serve] {line}");
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(addr) => addr,
            Err(_) => {
                let _ = child.kill();
                panic!("ratsindex serve did not say where it listens within 20 s");
            }
        };
        Server {
            child,
            addr,
            dir: dir.to_path_buf(),
        }
    }

    /// `http://ADDR` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether the tests run in CI (`CI=true`), where missing tools fail.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
