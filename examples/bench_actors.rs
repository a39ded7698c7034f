//! # Actor stage speed
//!
//! Times only the actor rules ([`ActorRules::find`]) over the silver texts
//! (`../shared/silver/karlsruhe/texts`) and the fixtures, in MB of
//! normalised text per second of this thread's CPU time, with a plain byte
//! scan of the same text in the same run as the baseline. Meant to be run
//! under `perf record` too, to see which scanner costs.
//!
//! ```sh
//! cargo run --release --example bench_actors -- 3   # seconds per group
//! ```

use std::path::PathBuf;
use std::time::Duration;

use ratsindex::extract::actors::ActorRules;
use ratsindex::extract::Rules;
use ratsindex::text::Text;

mod bench_util;
use bench_util::cpu_time;

fn main() {
    let seconds = bench_util::seconds_arg(2.0);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("..").join("shared");
    let actors = ActorRules::new(&Rules::builtin()).expect("rules compile");
    let groups = [
        ("silver", vec![shared.join("silver/karlsruhe/texts")]),
        ("fixtures", vec![root.join("fixtures")]),
    ];
    for (name, dirs) in groups {
        let texts: Vec<Text> = bench_util::texts_below(&dirs);
        let bytes: usize = texts.iter().map(|t| t.as_str().len()).sum();
        if texts.is_empty() {
            eprintln!("# {name}: no papers (../shared missing?), skipped");
            continue;
        }
        let rate = |f: &dyn Fn(&Text) -> usize| {
            let (start, mut rounds, mut sink) = (cpu_time(), 0usize, 0usize);
            while rounds == 0 || cpu_time() - start < Duration::from_secs_f64(seconds) {
                sink += texts.iter().map(f).sum::<usize>();
                rounds += 1;
            }
            std::hint::black_box(sink);
            (bytes * rounds) as f64 / 1e6 / (cpu_time() - start).as_secs_f64()
        };
        let scan = rate(&|t| t.as_str().bytes().filter(|&b| b == b'\n').count());
        let found = rate(&|t| actors.find(t).len());
        println!(
            "{name}: {} papers, {:.2} MB: actors {found:.1} MB/s, byte scan {scan:.0} MB/s ({:.4} of it)",
            texts.len(),
            bytes as f64 / 1e6,
            found / scan
        );
    }
}
