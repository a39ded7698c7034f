//! # Extraction speed per extractor
//!
//! Times the number, finance and actor extractors one by one (and the whole
//! extractor) over every fixture and corpus paper, in MB of normalised text
//! per second on one core, so a slow rule shows which extractor it is in.
//!
//! ```sh
//! cargo run --release --example bench_fields            # 1 s per extractor
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratsindex::extract::actors::ActorRules;
use ratsindex::extract::finance::FinanceRules;
use ratsindex::extract::references::ReferenceRules;
use ratsindex::extract::{Extractor, Rules};
use ratsindex::source::{self, Source};
use ratsindex::text::Text;

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("fixtures"), &mut paths);
    walk(&root.join("..").join("shared").join("corpus"), &mut paths);
    let texts: Vec<Text> = paths
        .iter()
        .filter_map(|p| Source::load(p).ok())
        .filter_map(|s| source::read(&s).ok())
        .map(|raw| Text::from_pages(&raw.pages))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.as_str().len()).sum();
    println!("{} papers, {:.2} MB", texts.len(), bytes as f64 / 1e6);
    let rules = Rules::builtin();
    let references = ReferenceRules::new(&rules).expect("rules compile");
    let finance = FinanceRules::new(&rules).expect("rules compile");
    let actors = ActorRules::new(&rules).expect("rules compile");
    let all = Extractor::new(rules).expect("rules compile");
    let budget = Duration::from_secs_f64(seconds);
    let speed = |name: &str, f: &dyn Fn(&Text)| {
        let start = Instant::now();
        let mut rounds = 0;
        while rounds == 0 || start.elapsed() < budget {
            for t in &texts {
                f(t);
            }
            rounds += 1;
        }
        let mbps = (bytes * rounds) as f64 / 1e6 / start.elapsed().as_secs_f64();
        println!("{name:<12} {mbps:>8.1} MB/s per core");
    };
    speed("references", &|t| {
        let own = references.find_own(t);
        std::hint::black_box(references.find_cited(t, own.as_ref().map(|f| f.value.as_str())));
    });
    speed("finance", &|t| {
        std::hint::black_box(finance.find(t));
    });
    speed("actors", &|t| {
        std::hint::black_box(actors.find(t));
    });
    speed("all fields", &|t| {
        std::hint::black_box(all.extract(t));
    });
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e != "json" && e != "tsv") {
            out.push(path);
        }
    }
}
