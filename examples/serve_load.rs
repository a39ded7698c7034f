//! # Load test of `ratsindex serve`
//!
//! ```sh
//! cargo build --release --bin ratsindex --example serve_load
//! cargo run --release --example serve_load -- INDEX_DIR [--clients 50] [--seconds 60]
//! ```
//!
//! (`bench/serve_load.sh` builds a 100,000-paper index first and runs
//! this.) In one run, on the same machine and index, one after the other:
//!
//! 1. **in-process** (the baseline): `--clients` threads for `--seconds`,
//!    each running the fixed queries below in turn through the search
//!    code `ratsindex search --json` calls (`Finder::search` with the
//!    search page's request: 20 hits, total count, facets, snippets) and
//!    writing the hits as JSON, the way `search --json` prints them;
//! 2. **served**: the release `ratsindex serve` beside this example on a
//!    free loopback port, and `--clients` threads for `--seconds`, each
//!    asking for the search page (`/?q=…`) of the same queries in turn,
//!    a new connection per request, reading the whole page.
//!
//! It prints requests, errors, requests/s and p50/p90/p99/max latency of
//! both, and the p99 ratio served / in-process (goal: no errors, ratio at
//! most 1.5). Both sides run the same number of concurrent clients on the
//! same cores, so the ratio is the cost of HTTP, parsing the URL and
//! rendering the page, queueing included on both sides. For reference it
//! also prints the single-client in-process latency.
//!
//! Exit code 0 if the goal is met, 1 if not, 2 on a setup error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratsindex::index::search::{Finder, SearchRequest};
use ratsindex::index::RatsIndex;

/// The queries: the search page's parameters (`q`, `body`, `from`, `to`)
/// for single terms, two terms, OR, phrases, fields, date filters, a
/// paper number, a prefix and a typo (those of `search_bench`).
const QUERIES: &[(&str, &[(&str, &str)])] = &[
    ("Radverkehr", &[]),
    ("Haushalt", &[]),
    ("Kindertagesstätte", &[]),
    ("Radverkehr Schule", &[]),
    ("Sanierung Schwimmhalle", &[]),
    ("Radverkehr OR Fußverkehr", &[]),
    ("\"sichere Radwege\"", &[]),
    ("\"der Stadt\"", &[]),
    ("title:Radweg", &[]),
    ("body:erfurt Radverkehr", &[]),
    ("type:antrag Haushalt", &[]),
    ("committee:Bauausschuss", &[]),
    ("year:2021 Kita", &[]),
    (
        "Radverkehr",
        &[("from", "2021-01-01"), ("to", "2022-12-31")],
    ),
    ("Haushalt", &[("from", "2023-01-01"), ("body", "Jena")]),
    ("DS 1822/24", &[]),
    ("Radverk*", &[]),
    ("Schwimhalle", &[]),
    ("", &[]),
    ("", &[("body", "Erfurt")]),
];

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) => {
            eprintln!("serve_load: {err}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, Box<dyn std::error::Error>> {
    let usage = "usage: serve_load INDEX_DIR [--clients N] [--seconds S]";
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let (mut clients, mut seconds) = (50usize, 60u64);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(usage)?;
        match arg.as_str() {
            "--clients" => clients = value.parse()?,
            "--seconds" => seconds = value.parse()?,
            other => return Err(format!("unknown option {other}; {usage}").into()),
        }
    }
    let duration = Duration::from_secs(seconds);
    let binary = std::env::current_exe()?
        .parent()
        .and_then(|examples| examples.parent())
        .map(|release| release.join("ratsindex"))
        .filter(|p| p.exists())
        .ok_or("no release ratsindex beside the example: cargo build --release --bin ratsindex")?;

    let index = RatsIndex::open(&dir)?;
    let finder = Arc::new(Finder::new(&index)?);
    println!(
        "index: {} ({} documents); {} queries; {clients} clients, {seconds} s each side",
        dir.display(),
        finder.searcher().num_docs(),
        QUERIES.len()
    );
    println!(
        "machine: {} cores, load {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    // Single client, in process: what one query costs without queueing.
    let mut single = Vec::new();
    for _ in 0..5 {
        for (q, params) in QUERIES {
            let started = Instant::now();
            search_json(&finder, &request(q, params))?;
            single.push(started.elapsed());
        }
    }
    print_line(
        "in-process, 1 client",
        &Summary::of(single, 0, Duration::ZERO),
    );

    // The baseline: the same queries, as many clients, in this process.
    let baseline = load(clients, duration, {
        let finder = finder.clone();
        move |i| {
            let (q, params) = QUERIES[i % QUERIES.len()];
            search_json(&finder, &request(q, params))
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
    });
    drop(finder);
    drop(index);
    print_line(&format!("in-process, {clients} clients"), &baseline);

    // The server.
    let mut server = Server::start(&binary, &dir)?;
    let addr = server.addr.clone();
    let paths: Arc<Vec<String>> = Arc::new(QUERIES.iter().map(|(q, p)| page_path(q, p)).collect());
    for path in paths.iter() {
        get(&addr, path)?;
    }
    let served = load(clients, duration, {
        let paths = paths.clone();
        move |i| get(&addr, &paths[i % paths.len()]).map(|_| ())
    });
    server.stop();
    print_line(&format!("served pages, {clients} clients"), &served);

    let ratio = served.p99.as_secs_f64() / baseline.p99.as_secs_f64().max(1e-9);
    let ok = served.errors == 0 && baseline.errors == 0 && ratio <= 1.5;
    println!(
        "\np99 served / in-process: {ratio:.2}x (goal <= 1.5x); errors: {} served, {} in-process -> {}",
        served.errors,
        baseline.errors,
        if ok { "goal met" } else { "GOAL NOT MET" }
    );
    for (error, count) in served.first_errors.iter() {
        println!("  error ({count}x): {error}");
    }
    Ok(ok)
}

/// The search page's request for these parameters.
fn request(q: &str, params: &[(&str, &str)]) -> SearchRequest {
    let mut request = SearchRequest::new(q);
    for (key, value) in params {
        match *key {
            "from" => request.from = Some(value.to_string()),
            "to" => request.to = Some(value.to_string()),
            "body" => request.bodies.push(value.to_string()),
            _ => {}
        }
    }
    if q.is_empty() {
        request.sort = ratsindex::index::search::Sort::Date;
    }
    request.limit = 20;
    request.count = true;
    request.facets = true;
    request
}

/// Searches and writes the hits as `search --json` does (the record
/// without its text, with score and snippet).
fn search_json(
    finder: &Finder,
    request: &SearchRequest,
) -> Result<usize, Box<dyn std::error::Error>> {
    let results = finder.search(request)?;
    let mut out = Vec::new();
    for hit in &results.hits {
        let mut value = serde_json::to_value(&hit.record)?;
        if let Some(object) = value.as_object_mut() {
            object.remove("text");
            object.insert("score".into(), serde_json::json!(hit.score));
            object.insert("snippet".into(), serde_json::json!(hit.snippet.fragment));
        }
        serde_json::to_writer(&mut out, &value)?;
        out.push(b'\n');
    }
    Ok(std::hint::black_box(out).len())
}

/// `/?q=…&body=…` for these parameters.
fn page_path(q: &str, params: &[(&str, &str)]) -> String {
    let mut query = String::new();
    for (key, value) in std::iter::once(&("q", q)).chain(params.iter()) {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(key);
        query.push('=');
        for byte in value.bytes() {
            if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
                query.push(byte as char);
            } else {
                query.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    format!("/?{query}")
}

/// Latencies of one side.
struct Summary {
    requests: usize,
    errors: usize,
    per_second: f64,
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
    first_errors: Vec<(String, usize)>,
}

impl Summary {
    fn of(mut samples: Vec<Duration>, errors: usize, wall: Duration) -> Summary {
        samples.sort();
        let at = |p: f64| {
            samples
                .get(((samples.len() as f64 - 1.0) * p).round() as usize)
                .copied()
                .unwrap_or_default()
        };
        Summary {
            requests: samples.len() + errors,
            errors,
            per_second: if wall.is_zero() {
                0.0
            } else {
                samples.len() as f64 / wall.as_secs_f64()
            },
            p50: at(0.5),
            p90: at(0.9),
            p99: at(0.99),
            max: samples.last().copied().unwrap_or_default(),
            first_errors: Vec::new(),
        }
    }
}

fn print_line(label: &str, s: &Summary) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<30} {:>7} requests {:>4} errors {:>7.1}/s  p50 {:>7.1}  p90 {:>7.1}  p99 {:>7.1}  max {:>7.1} ms",
        s.requests,
        s.errors,
        s.per_second,
        ms(s.p50),
        ms(s.p90),
        ms(s.p99),
        ms(s.max)
    );
}

/// Runs `work(i)` from `clients` threads for `duration`, each thread
/// going through the queries from its own starting point.
fn load<F>(clients: usize, duration: Duration, work: F) -> Summary
where
    F: Fn(usize) -> Result<(), String> + Send + Sync + 'static,
{
    let work = Arc::new(work);
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let work = work.clone();
            std::thread::spawn(move || {
                let mut samples = Vec::new();
                let mut errors = Vec::new();
                let mut i = client;
                while started.elapsed() < duration {
                    let t = Instant::now();
                    match work(i) {
                        Ok(()) => samples.push(t.elapsed()),
                        Err(err) => errors.push(err),
                    }
                    i += 1;
                }
                (samples, errors)
            })
        })
        .collect();
    let mut samples = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for thread in threads {
        match thread.join() {
            Ok((s, e)) => {
                samples.extend(s);
                errors.extend(e);
            }
            Err(_) => errors.push("a client thread panicked".into()),
        }
    }
    let wall = started.elapsed();
    let mut summary = Summary::of(samples, errors.len(), wall);
    let mut counted: Vec<(String, usize)> = Vec::new();
    for error in errors {
        if let Some((_, n)) = counted.iter_mut().find(|(e, _)| *e == error) {
            *n += 1;
        } else if counted.len() < 5 {
            counted.push((error, 1));
        }
    }
    summary.first_errors = counted;
    summary
}

/// One GET on a new connection; an error unless the whole 200 page came.
fn get(addr: &str, path: &str) -> Result<(), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("send: {e}"))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| format!("read {path}: {e}"))?;
    let head = response
        .split(|&b| b == b'\n')
        .next()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!("{path}: {}", head.trim()));
    }
    if !response.ends_with(b"</html>\n") && !response.ends_with(b"</html>") {
        return Err(format!("{path}: page cut short ({} bytes)", response.len()));
    }
    Ok(())
}

/// A running `ratsindex serve`.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(
        binary: &std::path::Path,
        dir: &std::path::Path,
    ) -> Result<Server, Box<dyn std::error::Error>> {
        let mut child = Command::new(binary)
            .arg("serve")
            .arg("--index")
            .arg(dir)
            .args(["--bind", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let Some(line) = lines.next().transpose()? else {
                let _ = child.kill();
                return Err("ratsindex serve ended without listening".into());
            };
            eprintln!("[serve] {line}");
            if let Some(rest) = line.split("at http://").nth(1) {
                break rest.split('/').next().unwrap_or("").to_string();
            }
        };
        // Keep reading its log so it never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                eprintln!("[serve] {line}");
            }
        });
        Ok(Server { child, addr })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
