//! Where the fixed start-up cost of one `ratsindex extract` goes: times
//! loading the built-in rules and compiling each field's rules, best of
//! N runs each. `cargo run --release --example startup_cost [N]`.

use std::time::{Duration, Instant};

use ratsindex::extract::*;

fn best<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            let v = f();
            let e = t.elapsed();
            drop(v);
            e
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let rules = Rules::builtin();
    let mut rows: Vec<(&str, Duration)> = vec![
        ("Rules::builtin", best(n, Rules::builtin)),
        (
            "Extractor::new (all)",
            best(n, || Extractor::new(rules.clone()).unwrap()),
        ),
        (
            "sections",
            best(n, || sections::SectionRules::new(&rules).unwrap()),
        ),
        (
            "paper_type",
            best(n, || paper_type::PaperTypeRules::new(&rules).unwrap()),
        ),
        (
            "consultations",
            best(n, || consultations::ConsultationRules::new(&rules).unwrap()),
        ),
        (
            "label_block",
            best(n, || consultations::LabelBlockRules::new(&rules).unwrap()),
        ),
        ("title", best(n, || title::TitleRules::new(&rules).unwrap())),
        ("date", best(n, || date::DateRules::new(&rules).unwrap())),
        (
            "public",
            best(n, || public::PublicRules::new(&rules).unwrap()),
        ),
        ("body", best(n, || body::BodyRules::new(&rules).unwrap())),
        (
            "department",
            best(n, || department::DepartmentRules::new(&rules).unwrap()),
        ),
        (
            "author",
            best(n, || author::AuthorRules::new(&rules).unwrap()),
        ),
        (
            "decision",
            best(n, || decision::DecisionRules::new(&rules).unwrap()),
        ),
        (
            "attachments",
            best(n, || attachments::AttachmentRules::new(&rules).unwrap()),
        ),
        (
            "references",
            best(n, || references::ReferenceRules::new(&rules).unwrap()),
        ),
        (
            "finance",
            best(n, || finance::FinanceRules::new(&rules).unwrap()),
        ),
        (
            "actors",
            best(n, || actors::ActorRules::new(&rules).unwrap()),
        ),
        (
            "header",
            best(n, || header::HeaderRules::new(&rules).unwrap()),
        ),
    ];
    rows.truncate(rows.len());
    for (name, d) in rows {
        println!("{:>8.2} ms  {name}", d.as_secs_f64() * 1000.0);
    }
}
