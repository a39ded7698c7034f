//! The Spark job (`spark/ratsindex_job.py`) in local mode on a few hundred
//! generated papers: its index equals a single-machine `ingest` of the
//! same papers (same document ids, same stored records, same hits), in
//! both of its ways to index (shards merged; one ingest on the driver)
//! and both record formats. The first run has two executors, each its own
//! JVM with its own working folder (`local-cluster[2,1,1024]`), as on a
//! cluster; the reruns use threads of one JVM (`local[2]`), which start
//! faster.
//!
//! Needs `spark-submit` (pip install pyspark) and a Java runtime: skipped
//! loudly without them, but a failure when `CI=true`.

use std::path::Path;
use std::process::Command;

use crate::shards::{assert_same_index, generate, Formats};
use crate::util::{ratsindex, root, stderr, stdout};

/// `spark-submit`, if it runs here.
fn spark_submit() -> Option<String> {
    let found = Command::new("spark-submit")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if found {
        return Some("spark-submit".into());
    }
    let message = "spark-submit (pyspark from PyPI) or a Java runtime is missing";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}; .ci/run installs them");
    }
    eprintln!("SKIPPED: the Spark job test: {message} (pip install pyspark; apt-get install openjdk-17-jre-headless)");
    None
}

/// Two executors in JVMs of their own.
const TWO_EXECUTORS: &str = "local-cluster[2,1,1024]";
/// Two threads in the driver's JVM.
const TWO_THREADS: &str = "local[2]";

/// JVM options for a short job.
const JVM_OPTIONS: &str = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

/// Runs the job on `papers` with Spark `master` and extra `args`; returns
/// its report.
fn run_job(
    dir: &Path,
    submit: &str,
    master: &str,
    work: &str,
    out: &str,
    args: &[&str],
) -> serde_json::Value {
    let python = std::env::var("PYSPARK_PYTHON").unwrap_or_else(|_| "python3".into());
    let started = std::time::Instant::now();
    let output = Command::new(submit)
        .args(["--master", master, "--conf", "spark.ui.enabled=false"])
        // A short job: the JIT's first tier only, the serial collector
        // (about 40% less CPU for the JVMs here).
        .args([
            "--conf",
            &format!("spark.driver.extraJavaOptions={JVM_OPTIONS}"),
        ])
        .args([
            "--conf",
            &format!("spark.executor.extraJavaOptions={JVM_OPTIONS}"),
        ])
        .arg(root().join("spark/ratsindex_job.py"))
        .args([
            "--bin",
            env!("CARGO_BIN_EXE_ratsindex"),
            "--work",
            work,
            "--out",
            out,
        ])
        .args(["--partitions", "4"])
        .args(args)
        .arg("papers")
        .current_dir(dir)
        .env("PYSPARK_PYTHON", python)
        .output()
        .expect("run spark-submit");
    // spark-submit passes the Python driver's stderr on to its stdout.
    let log = format!("{}{}", stdout(&output), stderr(&output));
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "the job failed: {}",
        lines[lines.len().saturating_sub(40)..].join("\n")
    );
    eprintln!(
        "spark job on {master} {args:?}: {:.1} s; {}",
        started.elapsed().as_secs_f64(),
        log.lines()
            .filter(|l| l.starts_with("ratsindex"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let report = std::fs::read_to_string(dir.join(work).join("report.json")).unwrap();
    serde_json::from_str(&report).unwrap()
}

#[test]
fn the_spark_job_builds_the_index_a_single_ingest_builds() {
    let Some(submit) = spark_submit() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    let expected = generate(&papers, 200, 21, Formats::Mixed).unwrap();
    // The same paper twice (the job must put both in one shard) and a
    // broken file (a failure in the report, not in the job).
    std::fs::create_dir_all(papers.join("zz")).unwrap();
    std::fs::copy(papers.join(&expected[5].path), papers.join("zz/copy.txt")).unwrap();
    std::fs::write(papers.join("zz/broken.pdf"), b"%PDF-1.4 no more").unwrap();
    // A session bundle: one file, two papers, both carried by the records
    // into the index (see: issue 18).
    let bundle = match crate::util::shared() {
        Some(shared) => {
            std::fs::copy(
                shared.join(crate::shards::BUNDLE),
                papers.join("zz/rat.pdf"),
            )
            .unwrap();
            true
        }
        None => {
            eprintln!("SKIPPED: the session bundle in the Spark job: ../shared is missing");
            false
        }
    };
    let inputs = 202 + u64::from(bundle);
    let single = ratsindex(
        dir.path(),
        &[
            "ingest",
            "papers",
            "--index",
            "single",
            "--report",
            "single.json",
            "-q",
        ],
    );
    assert_eq!(single.status.code(), Some(1), "{}", stderr(&single));
    let single_report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("single.json")).unwrap())
            .unwrap();

    let report = run_job(dir.path(), &submit, TWO_EXECUTORS, "work", "merged", &[]);
    for key in ["new", "duplicates", "failed", "documents"] {
        assert_eq!(
            report[key], single_report[key],
            "report key {key}: {report}"
        );
    }
    assert_eq!(report["papers"], inputs);
    if bundle {
        assert_eq!(
            single_report["documents"].as_u64(),
            Some(inputs - 2 + 1),
            "the bundle's two papers, the copy and the broken file none"
        );
    }
    assert_same_index(
        &dir.path().join("single"),
        &dir.path().join("merged"),
        false,
        1,
    );

    // A run that failed after the extraction and one shard: the rerun
    // keeps the records and the finished shards and builds the rest.
    let shards = dir.path().join("work/shards");
    let kept = std::fs::metadata(shards.join("shard-00000.report.json"))
        .and_then(|m| m.modified())
        .unwrap();
    for n in 1..4 {
        std::fs::remove_file(shards.join(format!("shard-{n:05}.report.json"))).unwrap();
    }
    std::fs::remove_dir_all(dir.path().join("merged")).unwrap();
    let again = run_job(
        dir.path(),
        &submit,
        TWO_THREADS,
        "work",
        "merged",
        &["--index-on", "shards"],
    );
    assert!(
        again["extract_s"].as_f64().unwrap() < 5.0,
        "records kept: {again}"
    );
    let still = std::fs::metadata(shards.join("shard-00000.report.json"))
        .and_then(|m| m.modified())
        .unwrap();
    assert_eq!(kept, still, "the finished shard is kept");
    assert_eq!(again["documents"], single_report["documents"]);
    assert_same_index(
        &dir.path().join("single"),
        &dir.path().join("merged"),
        false,
        100,
    );

    // The driver indexes the records kept in `work` after a failed
    // attempt that had committed every paper into its half-built index
    // (OUT.partial) and written no report: the rerun builds the index
    // anew and counts every paper as new, none as unchanged (before, it
    // fed the parts into the committed index: all "unchanged").
    let partial = dir.path().join("resumed.partial");
    copy_dir(&dir.path().join("merged"), &partial);
    let resumed = run_job(
        dir.path(),
        &submit,
        TWO_THREADS,
        "work",
        "resumed",
        &["--index-on", "driver"],
    );
    for key in ["new", "duplicates", "failed", "documents", "unchanged"] {
        assert_eq!(
            resumed[key], single_report[key],
            "report key {key} after a failed attempt: {resumed}"
        );
    }
    assert!(!partial.exists(), "the half index is gone");
    assert_same_index(
        &dir.path().join("single"),
        &dir.path().join("resumed"),
        false,
        100,
    );

    // The default number of partitions (`--partitions 0` after the
    // helper's 4): four per core when the driver indexes.
    let report = run_job(
        dir.path(),
        &submit,
        TWO_THREADS,
        "work-driver",
        "driver",
        &[
            "--index-on",
            "driver",
            "--records-format",
            "parquet",
            "--partitions",
            "0",
        ],
    );
    assert_eq!(report["new"], single_report["new"], "{report}");
    assert_eq!(report["failed"], 1);
    let partitions = std::fs::read_to_string(dir.path().join("work-driver/partitions")).unwrap();
    assert_eq!(partitions.trim(), "8", "4 per core of local[2]");
    assert_same_index(
        &dir.path().join("single"),
        &dir.path().join("driver"),
        false,
        4,
    );
}

/// Copies the folder `from` (files only, one level deep: an index) to `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
