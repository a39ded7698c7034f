//! # Extraction speed per extractor
//!
//! Times the number, finance and actor extractors one by one (and the whole
//! extractor) over every fixture and, separately, over every paper of
//! `../shared/corpus` and `../shared/seeds`, in MB of normalised text per
//! second on one core (CPU time of the measuring thread, so the figures
//! hold on a busy machine), so a slow rule shows which extractor it is in.
//! Each figure comes with its ratio to a plain byte scan (counting line
//! ends) of the same text in the same run.
//!
//! ```sh
//! cargo run --release --example bench_fields            # 1 s per extractor
//! cargo run --release --example bench_fields -- 3       # seconds per extractor
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratsindex::extract::actors::ActorRules;
use ratsindex::extract::finance::FinanceRules;
use ratsindex::extract::references::ReferenceRules;
use ratsindex::extract::{Extractor, Rules};
use ratsindex::text::Text;

mod bench_util;
use bench_util::cpu_time;

fn main() {
    let seconds = bench_util::seconds_arg(1.0);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("..").join("shared");
    let rules = Rules::builtin();
    let references = ReferenceRules::new(&rules).expect("rules compile");
    let finance = FinanceRules::new(&rules).expect("rules compile");
    let actors = ActorRules::new(&rules).expect("rules compile");
    let all = Extractor::new(rules).expect("rules compile");
    let budget = Duration::from_secs_f64(seconds);
    let groups = [
        ("fixtures", vec![root.join("fixtures")]),
        ("corpus", vec![shared.join("corpus"), shared.join("seeds")]),
    ];
    for (name, dirs) in groups {
        let texts: Vec<Text> = bench_util::texts_below(&dirs);
        let bytes: usize = texts.iter().map(|t| t.as_str().len()).sum();
        println!(
            "# {name}: {} papers, {:.2} MB",
            texts.len(),
            bytes as f64 / 1e6
        );
        if texts.is_empty() {
            continue;
        }
        let speed = |f: &dyn Fn(&Text)| {
            let start = Instant::now();
            let cpu_start = cpu_time();
            let mut rounds = 0;
            while rounds == 0 || start.elapsed() < budget {
                for t in &texts {
                    f(t);
                }
                rounds += 1;
            }
            let cpu = cpu_time().saturating_sub(cpu_start).as_secs_f64();
            (bytes * rounds) as f64 / 1e6 / cpu.max(1e-9)
        };
        let scan = speed(&|t| {
            std::hint::black_box(t.as_str().bytes().filter(|&b| b == b'\n').count());
        });
        let report = |extractor: &str, mbps: f64| {
            println!(
                "{extractor:<12} {mbps:>8.1} MB/s per core  ({:>5.0}x slower than the byte scan)",
                scan / mbps
            );
        };
        report(
            "references",
            speed(&|t| {
                let own = references.find_own(t);
                std::hint::black_box(
                    references.find_cited(t, own.as_ref().map(|f| f.value.as_str())),
                );
            }),
        );
        report(
            "finance",
            speed(&|t| {
                std::hint::black_box(finance.find(t));
            }),
        );
        report(
            "actors",
            speed(&|t| {
                std::hint::black_box(actors.find(t));
            }),
        );
        report(
            "all fields",
            speed(&|t| {
                std::hint::black_box(all.extract(t));
            }),
        );
        println!("byte scan    {scan:>8.0} MB/s per core\n");
    }
}
