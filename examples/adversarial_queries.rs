//! Hostile queries against the real binary: `search` must answer each with
//! hits, no hits or a query error (exit 0, 1 or 2) in bounded time, never
//! a panic (101), an abort (134, a stack overflow) or a hang.
//!
//! ```text
//! cargo run --release --example adversarial_queries -- \
//!     target/release/ratsindex INDEX_DIR [COUNT] [SEED]
//! ```
//!
//! The queries are drawn (seeded, so a run can be repeated) from pieces an
//! attacker or a careless script sends: deep and unbalanced nesting, every
//! operator of the grammar in odd places, unknown and known fields with
//! bad values, ranges, wildcards, fuzzy and boost suffixes with extreme
//! numbers, regular expressions, quotes, control and combining
//! characters, and very long words. Prints one line per failure and a
//! summary; exits 1 if any query panicked, aborted or hung. `bench/
//! adversarial_queries.sh` builds a release binary and an index and runs
//! it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The most one query may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(20);

#[path = "bench_util/rng.rs"]
mod rng;
use rng::Rng;

const WORDS: &[&str] = &[
    "Radweg",
    "Haushalt",
    "ß",
    "Straße",
    "1822/24",
    "DS 53/2025",
    "VO/7605/2020",
    "a",
    "",
    "0",
    "-1",
    "1e999",
    "NaN",
    "∞",
    "\u{0}",
    "\u{7}",
    "\u{202e}",
    "e\u{301}",
    "🚲",
    "\u{feff}",
    "NOT",
    "AND",
    "OR",
    "TO",
    "IN",
    "null",
    "true",
    "%",
    "$",
    "\\",
    "\\\\",
    "''",
];
const FIELDS: &[&str] = &[
    "title",
    "body",
    "type",
    "committee",
    "actor",
    "year",
    "date",
    "number",
    "reference",
    "cites",
    "id",
    "text",
    "ocr",
    "warnings",
    "unknown",
    "",
    "title.",
    "_id",
    "year.x",
    "ä",
];
const VALUES: &[&str] = &[
    "[2020 TO 2024]",
    "[* TO *]",
    "{a TO b]",
    "[2020 TO",
    ">2020",
    "<=x",
    ">=",
    "/a.*/",
    "/[/",
    "/(a+)+$/",
    "\"\"",
    "\"Rad weg\"~99999",
    "Rad*",
    "*weg",
    "*",
    "**",
    "?",
    "Radweg~",
    "Radweg~9",
    "Radweg^",
    "Radweg^1e308",
    "Radweg^-1",
    "2020-13-45",
    "9999999999999999999999",
    "-",
    "+",
    ":",
    "IN [a b c]",
    "IN []",
];
const GLUE: &[&str] = &[
    " ", " AND ", " OR ", " NOT ", " -", " +", "(", ")", "\"", ":", "^2", "~1", "*", " ", "  ",
    "\t", "\n",
];

/// One hostile query.
fn query(draw: &mut Rng) -> String {
    match draw.below(10) {
        // Deep nesting, balanced or not.
        0 => {
            let depth = [10, 100, 1_000, 3_000, 10_000, 50_000][draw.below(6)];
            let close = if draw.below(2) == 0 { depth } else { depth / 2 };
            format!(
                "{}{}{}",
                "(".repeat(depth),
                draw.pick(WORDS),
                ")".repeat(close)
            )
        }
        // Nested prefixes and negations.
        1 => {
            let depth = [10, 1_000, 10_000][draw.below(3)];
            let unit = draw.pick(&["-(", "+(", "NOT (", "title:(", "\"("]);
            format!("{}Radweg", unit.repeat(depth))
        }
        // A very long word, or many words.
        2 => {
            let length = [1_000, 100_000, 1_000_000][draw.below(3)];
            if draw.below(2) == 0 {
                "x".repeat(length)
            } else {
                "Radweg ".repeat(length / 7)
            }
        }
        // Many fields, many clauses.
        3 => (0..[50, 1_000, 5_000][draw.below(3)])
            .map(|_| format!("{}:{}", draw.pick(FIELDS), draw.pick(VALUES)))
            .collect::<Vec<_>>()
            .join(draw.pick(GLUE)),
        // Random soup of every piece.
        _ => {
            let mut q = String::new();
            for _ in 0..1 + draw.below(12) {
                match draw.below(4) {
                    0 => q.push_str(draw.pick(WORDS)),
                    1 => {
                        q.push_str(draw.pick(FIELDS));
                        q.push(':');
                        q.push_str(draw.pick(VALUES));
                    }
                    2 => q.push_str(draw.pick(VALUES)),
                    _ => q.push_str(draw.pick(GLUE)),
                }
            }
            q
        }
    }
}

/// How one query ended.
enum Ended {
    Answered,
    Refused,
    Crashed(String),
    Hung,
}

fn run(binary: &str, index: &str, query: &str, json: bool) -> Ended {
    let mut command = Command::new(binary);
    command.args(["search", "--index", index, "--limit", "5"]);
    if json {
        command.arg("--json");
    }
    // After `--` a query starting with '-' is not taken for an option.
    let child = command
        .arg("--")
        .arg(query)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        // An argument with NUL cannot be passed at all: not a query.
        Err(_) => return Ended::Refused,
    };
    // Read as it comes: a message that echoes a long query would fill
    // the pipe and stall the child.
    let reader = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut said = String::new();
            let _ = std::io::Read::read_to_string(&mut err, &mut said);
            said
        })
    });
    let said = move || reader.and_then(|r| r.join().ok()).unwrap_or_default();
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return match status.code() {
                    Some(0 | 1) => Ended::Answered,
                    Some(2) => {
                        // A panic is reported as exit 2 too: tell them apart.
                        let said = said();
                        if said.contains("internal error") || said.contains("panicked") {
                            Ended::Crashed(said.lines().next().unwrap_or("").to_string())
                        } else {
                            Ended::Refused
                        }
                    }
                    other => Ended::Crashed(format!("exit {other:?}")),
                };
            }
            Ok(None) if start.elapsed() > HANG => {
                let _ = child.kill();
                let _ = child.wait();
                return Ended::Hung;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Ended::Crashed(e.to_string()),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: adversarial_queries BINARY INDEX_DIR [COUNT] [SEED]");
        std::process::exit(2);
    }
    let count: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let seed: u64 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(19);
    let mut draw = Rng(seed.max(1));
    let (mut answered, mut refused, mut crashed, mut hung) = (0, 0, 0, 0);
    let mut slowest = Duration::ZERO;
    let start = Instant::now();
    for n in 0..count {
        let q = query(&mut draw);
        let began = Instant::now();
        match run(&args[1], &args[2], &q, n % 2 == 1) {
            Ended::Answered => answered += 1,
            Ended::Refused => refused += 1,
            Ended::Crashed(how) => {
                crashed += 1;
                let shown: String = q.chars().take(80).collect();
                println!("CRASH {how}: {shown:?} ({} chars)", q.chars().count());
            }
            Ended::Hung => {
                hung += 1;
                let shown: String = q.chars().take(80).collect();
                println!("HANG: {shown:?} ({} chars)", q.chars().count());
            }
        }
        slowest = slowest.max(began.elapsed());
    }
    println!(
        "{count} queries (seed {seed}) in {:.1} s: {answered} answered, {refused} refused as query \
         errors, {crashed} panics/aborts, {hung} hangs; slowest {:.2} s",
        start.elapsed().as_secs_f64(),
        slowest.as_secs_f64()
    );
    if crashed + hung > 0 {
        std::process::exit(1);
    }
}
