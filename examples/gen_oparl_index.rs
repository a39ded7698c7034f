//! Writes COUNT generated papers, as `ingest --oparl` would store them
//! (records with OParl ids, files, consultations, per-field origin and
//! ~2 KB of text), into an index: the input of `bench/oparl_export.sh`.
//!
//! ```sh
//! cargo run --release --example gen_oparl_index -- INDEX_DIR COUNT
//! ```
//!
//! Deterministic (fixed seed); no extraction is run, so 100,000 papers
//! take minutes, not hours.

use std::path::Path;
use std::time::Instant;

use ratsindex::index::writer::IndexSink;
use ratsindex::index::RatsIndex;
use ratsindex::oparl::{ConsultationInfo, FileInfo, OparlInfo, Origin, Printed};
use ratsindex::record::{Actor, ActorKind, Consultation, Record};

#[path = "bench_util/rng.rs"]
mod rng;
use rng::Rng;

const WORDS: &[&str] = &[
    "Gemeinderat",
    "beschließt",
    "Radverkehr",
    "Sanierung",
    "Haushalt",
    "Mittel",
    "Stadt",
    "Ausschuss",
    "Vorlage",
    "Bebauungsplan",
    "Schule",
    "Kita",
    "Straße",
    "Förderung",
    "Antrag",
    "Verwaltung",
    "Klimaschutz",
    "Umsetzung",
    "Maßnahme",
    "Kosten",
    "Jahr",
    "Bürger",
];
const COMMITTEES: &[&str] = &["Gemeinderat", "Bauausschuss", "Haupt- und Finanzausschuss"];
const TYPES: &[&str] = &[
    "Beschlussvorlage",
    "Antrag",
    "Anfrage",
    "Informationsvorlage",
];

fn generate(i: usize, rng: &mut Rng) -> Record {
    let base = "https://ris.example/oparl/bodies/1";
    let words = |rng: &mut Rng, n: usize| {
        (0..n)
            .map(|_| rng.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let year = 2005 + (i % 20);
    let date = format!(
        "{year}-{:02}-{:02}",
        1 + rng.next() % 12,
        1 + rng.next() % 28
    );
    let title = words(rng, 8);
    let consultations: Vec<Consultation> = (0..1 + rng.next() % 3)
        .map(|_| Consultation {
            committee: rng.pick(COMMITTEES).to_string(),
            date: Some(date.clone()),
            public: Some(true),
            role: Some("Entscheidung".into()),
        })
        .collect();
    let mut origin = std::collections::BTreeMap::new();
    for field in ["reference", "title", "paper_type", "date", "consultations"] {
        origin.insert(field.to_string(), Origin::Metadata);
    }
    origin.insert("decision_proposal".into(), Origin::Text);
    let info = OparlInfo {
        paper: format!("{base}/papers/{i}"),
        body: Some(base.into()),
        created: Some(format!("{date}T10:00:00+01:00")),
        modified: Some(format!("{date}T11:00:00+01:00")),
        files: (0..3)
            .map(|f| FileInfo {
                id: format!("{base}/files/{i}-{f}"),
                name: Some(format!("Anlage {f}")),
                access_url: Some(format!("{base}/download/{i}-{f}.pdf")),
                mime_type: Some("application/pdf".into()),
                has_text: f == 0,
                ..FileInfo::default()
            })
            .collect(),
        text_file: Some(format!("{base}/files/{i}-0")),
        text_file_rule: Some("name".into()),
        consultations: consultations
            .iter()
            .enumerate()
            .map(|(n, _)| ConsultationInfo {
                id: Some(format!("{base}/consultations/{i}-{n}")),
                meeting: Some(format!("{base}/meetings/{}", i % 5000)),
                organization: vec![format!("{base}/organizations/{n}")],
                role: Some("Entscheidung".into()),
                ..ConsultationInfo::default()
            })
            .collect(),
        origin,
        printed: Printed {
            title: Some(title.clone()),
            ..Printed::default()
        },
        fingerprint: format!("{:016x}", rng.next()),
        ..OparlInfo::default()
    };
    Record {
        id: format!("{:016x}", rng.next()),
        body: Some("Musterstadt".into()),
        reference: Some(format!("{year}/{i:06}")),
        title: Some(title),
        paper_type: Some(rng.pick(TYPES).to_string()),
        date: Some(date),
        consultations,
        decision_proposal: Some(words(rng, 40)),
        actors: vec![Actor {
            name: "Oberbürgermeister".into(),
            kind: ActorKind::Position,
        }],
        text: words(rng, 250),
        oparl: Some(Box::new(info)),
        ..Record::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: gen_oparl_index INDEX_DIR COUNT");
        std::process::exit(2);
    };
    let count: usize = count.parse()?;
    let started = Instant::now();
    let index = RatsIndex::open_or_create(Path::new(dir))?;
    let mut sink = IndexSink::new(&index, 256 * 1024 * 1024)?;
    let mut rng = Rng(0x0BA1_2016);
    for i in 0..count {
        sink.upsert(&generate(i, &mut rng))?;
        if (i + 1) % 25_000 == 0 {
            sink.commit()?;
            eprintln!("  {} papers, {:.0?}", i + 1, started.elapsed());
        }
    }
    sink.finish()?;
    eprintln!("{count} papers written in {:.1?}", started.elapsed());
    Ok(())
}
