//! # Search latency benchmark
//!
//! ```sh
//! cargo run --release --example search_bench -- INDEX_DIR [--build COUNT] [--runs N] [--process-runs N]
//! ```
//!
//! With `--build COUNT` (or when `INDEX_DIR` holds no index) it first
//! writes COUNT generated papers (~8 KB of German council text each, four
//! bodies, 2015–2024, seed fixed) into `INDEX_DIR`. Then it runs a fixed
//! set of 22 queries `--runs` times each (default 30, after 3 warm-up
//! runs) and prints median and p99 per query for
//!
//! - `bare`: tantivy alone — a `QueryParser` over the stemmed `title`,
//!   `decision_proposal` and `text` fields (filters written into the query
//!   string) with `TopDocs(10)`: the ceiling;
//! - `search`: `Finder::search` as `ratsindex search` calls it (exact-form
//!   twins, typo fallback, count, stored records, snippets);
//! - `+facets`: the same with `--facets`.
//!
//! and finally the wall time of whole `ratsindex search` processes (open
//! the index, query, print), if the release binary is built beside this
//! example. Everything is measured in the same run, on the same machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ratsindex::index::search::{Finder, SearchRequest};
use ratsindex::index::writer::IndexSink;
use ratsindex::index::RatsIndex;
use ratsindex::record::{Actor, ActorKind, Consultation, Record};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;

// ---
// # Generated papers

#[path = "bench_util/rng.rs"]
mod rng;
use rng::Rng;

const BODIES: &[&str] = &["Erfurt", "Marburg", "Jena", "Weimar"];
const TYPES: &[&str] = &[
    "Beschlussvorlage",
    "Antrag",
    "Anfrage",
    "Mitteilungsvorlage",
    "Informationsvorlage",
];
const COMMITTEES: &[&str] = &[
    "Stadtrat",
    "Hauptausschuss",
    "Bauausschuss",
    "Finanzausschuss",
    "Ausschuss für Stadtentwicklung und Umwelt",
    "Jugendhilfeausschuss",
    "Kulturausschuss",
    "Ortsteilrat Mitte",
];
/// Topics: a paper has one main topic and maybe a second; a topic's words
/// appear only in its papers.
const TOPICS: &[&[&str]] = &[
    &[
        "Radverkehr",
        "Radverkehrs",
        "Radweg",
        "Radwege",
        "Radwegen",
        "Fahrradstraße",
        "Radverkehrskonzept",
    ],
    &[
        "Kita",
        "Kitas",
        "Kindertagesstätte",
        "Betreuungsplätze",
        "Krippe",
        "Erzieherinnen",
    ],
    &[
        "Schulsanierung",
        "Schule",
        "Schulen",
        "Turnhalle",
        "Schulgebäude",
        "Grundschule",
    ],
    &[
        "Klimaschutz",
        "Klimaschutzplan",
        "Energie",
        "Photovoltaik",
        "Wärmeplanung",
        "CO2-Bilanz",
    ],
    &[
        "Bebauungsplan",
        "Wohngebiet",
        "Wohnungen",
        "Bauleitplanung",
        "Flächennutzungsplan",
    ],
    &[
        "Nahverkehr",
        "öffentlichen",
        "Straßenbahn",
        "Buslinie",
        "Haltestelle",
        "Fahrplan",
    ],
    &[
        "Innenstadt",
        "Marktplatz",
        "Fußgängerzone",
        "Einzelhandel",
        "Leerstand",
    ],
    &[
        "Satzung",
        "Gebührensatzung",
        "Gebühren",
        "Parkgebühren",
        "Abfallgebühren",
    ],
    &["Friedhof", "Friedhöfe", "Bestattung", "Grabstätten"],
    &[
        "Sportstätten",
        "Schwimmhalle",
        "Sportplatz",
        "Vereine",
        "Sporthalle",
    ],
    &["Straßenbeleuchtung", "Beleuchtung", "LED", "Leuchten"],
    &["Feuerwehr", "Brandschutz", "Feuerwache", "Löschfahrzeug"],
    &["Denkmalschutz", "Baudenkmal", "Denkmalpflege", "Altstadt"],
    &["Tourismus", "Museum", "Kultur", "Bibliothek", "Theater"],
    &[
        "Integration",
        "Migration",
        "Gleichstellung",
        "Senioren",
        "Jugend",
    ],
    &[
        "Digitalisierung",
        "Breitband",
        "Verwaltungsportal",
        "Datenschutz",
    ],
];
/// Common words, most frequent first (the Zipf head): in every paper.
const WORDS: &[&str] = &[
    "der",
    "die",
    "und",
    "das",
    "in",
    "zu",
    "den",
    "für",
    "von",
    "mit",
    "des",
    "im",
    "ist",
    "wird",
    "auf",
    "dem",
    "nicht",
    "ein",
    "eine",
    "als",
    "auch",
    "werden",
    "an",
    "sich",
    "Stadt",
    "Stadtrat",
    "Verwaltung",
    "Beschluss",
    "Antrag",
    "Vorlage",
    "Jahr",
    "Mittel",
    "Euro",
    "Maßnahme",
    "Maßnahmen",
    "Bürger",
    "Bürgerinnen",
    "Straße",
    "Straßen",
    "Haushalt",
    "Haushalts",
    "Kosten",
    "Förderung",
    "Fördermittel",
    "Gebäude",
    "Sanierung",
    "Prüfung",
    "Bericht",
    "Ausschuss",
    "Ortsteil",
    "Planung",
    "Umsetzung",
    "Konzept",
    "Begründung",
    "Sachverhalt",
    "Auswirkungen",
    "Finanzierung",
    "Investition",
    "Zuschuss",
    "Vertrag",
    "Vergabe",
    "Ausschreibung",
    "Grundstück",
    "Erwerb",
    "Verkauf",
    "Personal",
    "Stellen",
    "Spielplatz",
    "Grünfläche",
    "Bäume",
    "Lärmschutz",
    "Hochwasserschutz",
    "Bürgerbeteiligung",
];
/// Syllables for the long tail of rare words.
const SYLLABLES: &[&str] = &[
    "ab", "an", "bau", "berg", "bet", "dorf", "ein", "er", "feld", "ge", "hof", "kauf", "land",
    "mar", "ner", "ort", "plan", "rat", "sam", "stein", "tal", "ung", "ver", "wald", "werk", "zei",
    "amt", "bach", "brück", "haus",
];

fn rare_word(rng: &mut Rng) -> String {
    // Three syllables from a Zipf-skewed pick: ~27,000 words, few common.
    let mut word = String::new();
    for _ in 0..3 {
        word.push_str(SYLLABLES[rng.zipf(SYLLABLES.len())]);
    }
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn generate(i: usize, rng: &mut Rng) -> Record {
    let body = BODIES[i % BODIES.len()];
    let year = 2015 + rng.below(10);
    let date = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let main = TOPICS[rng.below(TOPICS.len())];
    let second = (rng.below(3) == 0).then(|| TOPICS[rng.below(TOPICS.len())]);
    let topic = main[0];
    let reference = format!("{:04}/{:02}", i % 10_000, year % 100);
    let title = format!(
        "{topic}: {} {} in {body}",
        rng.pick(WORDS[24..].as_ref()),
        rng.pick(main)
    );
    let mut text = format!("{}\nDrucksache {reference}\n{title}\n\n", rng.pick(TYPES));
    while text.len() < 8_000 {
        let sentence_len = 6 + rng.below(12);
        for w in 0..sentence_len {
            if w > 0 {
                text.push(' ');
            }
            match rng.below(100) {
                0..=3 => text.push_str(rng.pick(main)),
                4 => text.push_str(rng.pick(second.unwrap_or(main))),
                5..=19 => text.push_str(&rare_word(rng)),
                _ => text.push_str(WORDS[rng.zipf(WORDS.len())]),
            }
        }
        if rng.below(40) == 0 {
            text.push_str(&format!(
                " (siehe Drucksache {:04}/{:02})",
                rng.below(10_000),
                year % 100
            ));
        }
        text.push_str(". ");
        if rng.below(8) == 0 {
            text.push('\n');
        }
    }
    let proposal = format!(
        "Der Stadtrat beschließt {} zum Thema {topic}.",
        rng.pick(WORDS[24..].as_ref())
    );
    let committees: Vec<Consultation> = (0..1 + rng.below(3))
        .map(|_| Consultation {
            committee: rng.pick(COMMITTEES).to_string(),
            ..Consultation::default()
        })
        .collect();
    let hash = format!("{:016x}{:048x}", rng.next(), i);
    Record {
        id: hash[..16].to_string(),
        body: Some(body.to_string()),
        reference: Some(reference),
        title: Some(title),
        paper_type: Some(rng.pick(TYPES).to_string()),
        date: Some(date),
        consultations: committees,
        decision_proposal: Some(proposal),
        actors: vec![Actor {
            name: "Oberbürgermeister".into(),
            kind: ActorKind::Office,
        }],
        text,
        ..Record::default()
    }
}

fn build(dir: &Path, count: usize) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let index = RatsIndex::open_or_create(dir)?;
    let mut sink = IndexSink::new(&index, 1_000_000_000)?;
    let mut rng = Rng(0x5EED_0001);
    for i in 0..count {
        sink.upsert(&generate(i, &mut rng))?;
        if (i + 1) % 20_000 == 0 {
            sink.commit()?;
            eprintln!("  {} papers, {:.0?}", i + 1, started.elapsed());
        }
    }
    sink.finish()?;
    eprintln!("built {count} papers in {:.1?}", started.elapsed());
    Ok(())
}

// ---
// # The queries

struct Case {
    kind: &'static str,
    /// Arguments of `ratsindex search`.
    args: &'static [&'static str],
    /// The same question for bare tantivy.
    bare: &'static str,
}

const CASES: &[Case] = &[
    Case {
        kind: "term",
        args: &["Radverkehr"],
        bare: "Radverkehr",
    },
    Case {
        kind: "term",
        args: &["Haushalt"],
        bare: "Haushalt",
    },
    Case {
        kind: "term",
        args: &["Schwimmhalle"],
        bare: "Schwimmhalle",
    },
    Case {
        kind: "term",
        args: &["Denkmalschutz"],
        bare: "Denkmalschutz",
    },
    Case {
        kind: "2 terms",
        args: &["Radverkehr Innenstadt"],
        bare: "Radverkehr Innenstadt",
    },
    Case {
        kind: "2 terms",
        args: &["Haushalt Satzung"],
        bare: "Haushalt Satzung",
    },
    Case {
        kind: "2 terms",
        args: &["Bebauungsplan Wohngebiet"],
        bare: "Bebauungsplan Wohngebiet",
    },
    Case {
        kind: "OR",
        args: &["Klimaschutz OR Energie"],
        bare: "Klimaschutz OR Energie",
    },
    Case {
        kind: "phrase",
        args: &["\"öffentlichen Nahverkehr\""],
        bare: "\"öffentlichen Nahverkehr\"",
    },
    Case {
        kind: "phrase",
        args: &["\"der Stadt\""],
        bare: "\"der Stadt\"",
    },
    Case {
        kind: "phrase",
        args: &["\"Beschluss des Stadtrat\""],
        bare: "\"Beschluss des Stadtrat\"",
    },
    Case {
        kind: "fielded",
        args: &["body:erfurt Radverkehr"],
        bare: "body:erfurt AND Radverkehr",
    },
    Case {
        kind: "fielded",
        args: &["type:antrag Haushalt"],
        bare: "type:antrag AND Haushalt",
    },
    Case {
        kind: "fielded",
        args: &["committee:Bauausschuss"],
        bare: "committee:Bauausschuss",
    },
    Case {
        kind: "fielded",
        args: &["year:2021 Kita"],
        bare: "year:2021 AND Kita",
    },
    Case {
        kind: "date filter",
        args: &["--from", "2021-01-01", "--to", "2022-12-31", "Radverkehr"],
        bare: "Radverkehr AND date:[2021-01-01T00:00:00Z TO 2023-01-01T00:00:00Z}",
    },
    Case {
        kind: "date filter",
        args: &["--from", "2023-01-01", "--body", "Jena", "Haushalt"],
        bare: "Haushalt AND body:jena AND date:[2023-01-01T00:00:00Z TO *]",
    },
    Case {
        kind: "number",
        args: &["DS 1822/24"],
        bare: "reference:1822/24",
    },
    Case {
        kind: "prefix",
        args: &["Radverk*"],
        bare: "text_exact:/radverk.*/",
    },
    Case {
        kind: "typo",
        args: &["Schwimhalle"],
        bare: "Schwimhalle",
    },
    Case {
        kind: "part",
        args: &["Sanierung"],
        bare: "Sanierung",
    },
    Case {
        kind: "suffix",
        args: &["*sanierung"],
        bare: "text_exact:/.*sanierung/",
    },
];

/// The `SearchRequest` the CLI makes of these arguments (the subset used
/// here).
fn request(args: &[&str], facets: bool) -> SearchRequest {
    let mut request = SearchRequest::new("");
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().map(|v| v.to_string());
        match *arg {
            "--from" => request.from = value(),
            "--to" => request.to = value(),
            "--body" => request.bodies.extend(value()),
            query => request.query = query.to_string(),
        }
    }
    request.facets = facets;
    request
}

// ---
// # Measuring

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (percentile(&samples, 0.5), percentile(&samples, 0.99))
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Vec<Duration> {
    for _ in 0..3 {
        f();
    }
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect()
}

/// CPU time (user + system) of all waited-for child processes so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: search_bench INDEX_DIR [--build COUNT] [--runs N] [--process-runs N]")?,
    );
    let (mut build_count, mut runs, mut process_runs) = (None, 30usize, 5usize);
    while let Some(arg) = args.next() {
        let value: usize = args.next().ok_or("missing value")?.parse()?;
        match arg.as_str() {
            "--build" => build_count = Some(value),
            "--runs" => runs = value,
            "--process-runs" => process_runs = value,
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    if build_count.is_some() || !dir.join("meta.json").exists() {
        build(&dir, build_count.unwrap_or(100_000))?;
    }
    let index = RatsIndex::open(&dir)?;
    let finder = Finder::new(&index)?;
    let searcher = finder.searcher();
    let f = *index.fields();
    let mut bare_parser =
        QueryParser::for_index(index.index(), vec![f.title, f.decision_proposal, f.text]);
    bare_parser.set_conjunction_by_default();
    bare_parser.allow_regexes();
    bare_parser.set_field_boost(f.title, 3.0);
    bare_parser.set_field_boost(f.decision_proposal, 2.0);
    println!(
        "index: {} documents, {} segments; {runs} runs per query\n",
        searcher.num_docs(),
        searcher.segment_readers().len()
    );
    println!(
        "{:<3} {:<12} {:<40} {:>8} {:>18} {:>18} {:>18} {:>6} {:>8}",
        "#",
        "kind",
        "query",
        "hits",
        "bare p50/p99 ms",
        "search p50/p99",
        "+facets p50/p99",
        "p99 x",
        "nosnip99"
    );
    let (mut all_bare, mut all_search, mut all_facets) = (Vec::new(), Vec::new(), Vec::new());
    for (n, case) in CASES.iter().enumerate() {
        let bare_query = bare_parser.parse_query(case.bare)?;
        let bare = time(runs, || {
            let top = searcher
                .search(&*bare_query, &TopDocs::with_limit(10).order_by_score())
                .expect("bare search");
            std::hint::black_box(top);
        });
        let plain = request(case.args, false);
        let with_facets = request(case.args, true);
        let mut counted = plain.clone();
        counted.count = true;
        let hits = finder.search(&counted)?.total.unwrap_or_default();
        let search = time(runs, || {
            std::hint::black_box(finder.search(&plain).expect("search"));
        });
        let mut no_snippets = plain.clone();
        no_snippets.snippets = false;
        let (_, bare_records) = stats(time(runs, || {
            std::hint::black_box(finder.search(&no_snippets).expect("search"));
        }));
        let facets = time(runs, || {
            std::hint::black_box(finder.search(&with_facets).expect("search"));
        });
        all_bare.extend(&bare);
        all_search.extend(&search);
        all_facets.extend(&facets);
        let (b50, b99) = stats(bare);
        let (s50, s99) = stats(search);
        let (f50, f99) = stats(facets);
        println!(
            "{:<3} {:<12} {:<40} {:>8} {:>18} {:>18} {:>18} {:>6.1} {:>8}",
            n + 1,
            case.kind,
            case.args.join(" "),
            hits,
            format!("{} / {}", ms(b50), ms(b99)),
            format!("{} / {}", ms(s50), ms(s99)),
            format!("{} / {}", ms(f50), ms(f99)),
            s99.as_secs_f64() / b99.as_secs_f64().max(1e-9),
            ms(bare_records),
        );
    }
    let (b50, b99) = stats(all_bare);
    let (s50, s99) = stats(all_search);
    let (f50, f99) = stats(all_facets);
    println!(
        "\nall {} queries: bare p50 {} p99 {} ms | search p50 {} p99 {} ms ({:.2}x bare at p99) | +facets p50 {} p99 {} ms (+{} ms at p99)",
        CASES.len(),
        ms(b50),
        ms(b99),
        ms(s50),
        ms(s99),
        s99.as_secs_f64() / b99.as_secs_f64(),
        ms(f50),
        ms(f99),
        ms(f99.saturating_sub(s99)),
    );
    let exe = std::env::current_exe()?;
    let binary = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("ratsindex"))
        .filter(|p| p.exists());
    let Some(binary) = binary else {
        println!("\n(no release ratsindex binary beside the example: `cargo build --release` to time whole processes)");
        return Ok(());
    };
    let mut process = Vec::new();
    let mut process_cpu = Vec::new();
    println!("\nwhole `ratsindex search` processes (open the index, query, print), {process_runs} runs per query;");
    println!("wall time, and CPU time (user + system, all threads), which a busy machine does not inflate:");
    println!(
        "{:<3} {:<40} {:>10} {:>10} {:>10} {:>10}",
        "#", "query", "p50 ms", "max ms", "CPU p50", "CPU max"
    );
    for (n, case) in CASES.iter().enumerate() {
        let mut samples = Vec::new();
        let mut cpu = Vec::new();
        for _ in 0..process_runs {
            let cpu_before = children_cpu();
            let t = Instant::now();
            let status = Command::new(&binary)
                .arg("search")
                .arg("--index")
                .arg(&dir)
                .args(case.args)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .output()?
                .status;
            samples.push(t.elapsed());
            cpu.push(children_cpu().saturating_sub(cpu_before));
            if !matches!(status.code(), Some(0) | Some(1)) {
                return Err(format!("ratsindex search {:?} failed: {status}", case.args).into());
            }
        }
        process.extend(&samples);
        process_cpu.extend(&cpu);
        let (p50, _) = stats(samples.clone());
        let max = samples.iter().max().copied().unwrap_or_default();
        let (cpu50, _) = stats(cpu.clone());
        let cpu_max = cpu.iter().max().copied().unwrap_or_default();
        println!(
            "{:<3} {:<40} {:>10} {:>10} {:>10} {:>10}",
            n + 1,
            case.args.join(" "),
            ms(p50),
            ms(max),
            ms(cpu50),
            ms(cpu_max)
        );
    }
    let count = process.len();
    let (p50, p99) = stats(process);
    let (cpu50, cpu99) = stats(process_cpu);
    println!(
        "all {count} processes: p50 {} ms, p99 {} ms; CPU p50 {} ms, p99 {} ms; load average {}",
        ms(p50),
        ms(p99),
        ms(cpu50),
        ms(cpu99),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "?".into())
    );
    Ok(())
}
