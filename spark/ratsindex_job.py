"""ratsindex on Apache Spark: extraction spread over the executors, then
one index shard per partition merged into one index (or one index built
on the driver).

    spark-submit spark/ratsindex_job.py --bin /opt/ratsindex/ratsindex \
        --work /shared/run1 --out /shared/index [--body NAME] \
        [--records-format jsonl|parquet] [--index-on shards|driver] \
        [--partitions N] (--paths-from LIST | PATH ...)

Stages, each leaving its result in WORK so that a rerun with the same
arguments resumes after the last finished stage:

1. list     the files (`ratsindex extract --list-files PATH...` on the
            driver, or the given list)                 -> WORK/paths.txt
2. extract  partitions of paths piped through
            `ratsindex extract --files-from -` on the executors
                                                       -> WORK/records/ (+ _SUCCESS)
3. index    records grouped by document id (so that the same content
            at two paths lands in one shard), each partition piped
            through `ratsindex ingest --records -`     -> WORK/shards/shard-NNNNN/
            (a shard is done when its report exists; a rerun or a retried
            task builds only the missing ones, each from scratch)
   or, with --index-on driver, all records piped into one ingest on the
            driver                                     -> OUT
4. merge    `ratsindex merge OUT WORK/shards/*`        -> OUT

Every path (the binary, the papers, WORK, OUT) must be the same on the
driver and every executor: a shared POSIX file system (NFS, CephFS,
Lustre). WORK/report.json sums the shards' ingest reports and times
the stages.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zlib


def log(message):
    print(f"ratsindex-spark: {message}", file=sys.stderr, flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="folders or files to import")
    parser.add_argument("--paths-from", help="a file listing the papers, one path a line")
    parser.add_argument("--bin", required=True, help="the ratsindex binary (same path on every node)")
    parser.add_argument("--work", required=True, help="folder for the stages' results (shared)")
    parser.add_argument("--out", required=True, help="the index to build (must not exist yet)")
    parser.add_argument("--body", help="the city or council of every paper")
    parser.add_argument("--records-format", choices=["jsonl", "parquet"], default="jsonl")
    parser.add_argument("--index-on", choices=["shards", "driver"], default="shards")
    parser.add_argument("--partitions", type=int, default=0,
                        help="partitions (default: 2 per core of the cluster)")
    parser.add_argument("--time-budget", default="60", help="seconds one file may take")
    args = parser.parse_args(argv)
    if bool(args.paths) == bool(args.paths_from):
        parser.error("give PATH... or --paths-from, not both or neither")
    return args


# --- Helpers that run on the executors (plain functions, no Spark state).


def pipe_lines(command, lines, cwd=None):
    """Runs `command` in `cwd`, writes `lines` (str, without newline) to
    its stdin from a thread, and yields its stdout lines; raises on exit
    codes other than 0 and 1 (1: some papers failed, reported in their
    lines)."""
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd)
    errors = []

    def feed():
        try:
            for line in lines:
                proc.stdin.write(line.encode("utf-8", "surrogateescape") + b"\n")
        except BrokenPipeError:
            pass
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    def drain():
        errors.append(proc.stderr.read())

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=drain, daemon=True)
    writer.start()
    reader.start()
    for raw in proc.stdout:
        yield raw.decode("utf-8").rstrip("\n")
    writer.join()
    reader.join()
    code = proc.wait()
    if code not in (0, 1):
        tail = (errors[0] if errors else b"").decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited with {code}: {tail}")


def extract_partition(binary, body, budget, cwd):
    """Stage 2: one partition of paths -> one JSON line per path, in order.
    Runs in the driver's working directory `cwd` (an executor's own is
    elsewhere), so that relative paths name the same files and the
    records hold the paths as given, as `ratsindex ingest` would."""

    def run(paths):
        paths = list(paths)
        if not paths:
            return
        command = [binary, "extract", "--files-from", "-", "--time-budget", budget]
        if body:
            command += ["--body", body]
        count = 0
        for line in pipe_lines(command, paths, cwd):
            count += 1
            yield line
        if count != len(paths):
            raise RuntimeError(f"extract printed {count} lines for {len(paths)} paths")

    return run


def line_key(line):
    """The document id of a record line (records print it first), or a
    key from the path of an error line: what the shards are split by."""
    if line.startswith('{"id":"'):
        return line[7:23]
    try:
        value = json.loads(line)
    except ValueError:
        return "line:%08x" % zlib.crc32(line.encode())
    return value.get("id") or "path:%08x" % zlib.crc32(str(value.get("path")).encode())


def shard_of(key):
    """A stable partition function (Python's own hash of str is salted
    per process)."""
    if key[:1] in "0123456789abcdef" and len(key) == 16:
        return int(key[:8], 16)
    return zlib.crc32(key.encode())


def build_shard(binary, shards_dir, body, cwd):
    """Stage 3: one partition of record lines -> the index shard-NNNNN."""

    def run(number, lines):
        shard = os.path.join(shards_dir, "shard-%05d" % number)
        report = shard + ".report.json"
        if os.path.exists(report):
            # Done in an earlier run or attempt.
            yield (shard, report)
            return
        command = [binary, "ingest", "--records", "-", "--index", shard,
                   "--report", report + ".tmp", "--quiet"]
        if body:
            command += ["--body", body]
        # An earlier attempt's half shard is built anew, so that the
        # report counts this partition's records once.
        shutil.rmtree(shard, ignore_errors=True)
        for _ in pipe_lines(command, (line for _, line in lines), cwd):
            pass
        os.replace(report + ".tmp", report)
        yield (shard, report)

    return run


# --- The driver.


def list_paths(args, work):
    target = os.path.join(work, "paths.txt")
    if os.path.exists(target):
        log(f"list: kept {target}")
    elif args.paths_from:
        shutil.copyfile(args.paths_from, target + ".tmp")
        os.replace(target + ".tmp", target)
    else:
        with open(target + ".tmp", "wb") as out:
            code = subprocess.call([args.bin, "extract", "--list-files", *args.paths], stdout=out)
        if code not in (0, 1):
            raise SystemExit(f"ratsindex-spark: listing the papers failed ({code})")
        os.replace(target + ".tmp", target)
    with open(target, "rb") as f:
        return [raw.rstrip(b"\r\n").decode("utf-8", "surrogateescape") for raw in f if raw.strip()]


def extract_stage(sc, spark, args, work, paths, partitions):
    target = os.path.join(work, "records")
    if os.path.exists(os.path.join(target, "_SUCCESS")):
        log(f"extract: kept {target}")
        return
    shutil.rmtree(target, ignore_errors=True)
    lines = sc.parallelize(paths, partitions).mapPartitions(
        extract_partition(args.bin, args.body, args.time_budget, args.cwd))
    if args.records_format == "jsonl":
        lines.saveAsTextFile(target)
    else:
        from pyspark.sql import Row
        rows = lines.map(lambda line: Row(id=line_key(line), record=line))
        spark.createDataFrame(rows, "id string, record string").write.parquet(target)


def read_records(sc, spark, args, work):
    target = os.path.join(work, "records")
    if args.records_format == "jsonl":
        return sc.textFile(target)
    return spark.read.parquet(target).rdd.map(lambda row: row.record)


def shards_stage(sc, spark, args, work, partitions):
    shards_dir = os.path.join(work, "shards")
    os.makedirs(shards_dir, exist_ok=True)
    records = read_records(sc, spark, args, work)
    keyed = records.map(lambda line: (line_key(line), line))
    grouped = keyed.partitionBy(partitions, shard_of)
    built = grouped.mapPartitionsWithIndex(build_shard(args.bin, shards_dir, args.body, args.cwd)).collect()
    return sorted(built)


def driver_stage(sc, spark, args, work):
    records = read_records(sc, spark, args, work)
    report = os.path.join(work, "driver.report.json")
    command = [args.bin, "ingest", "--records", "-", "--index", args.out,
               "--report", report, "--quiet"]
    if args.body:
        command += ["--body", args.body]
    for _ in pipe_lines(command, records.toLocalIterator()):
        pass
    return [report]


def merge_stage(args, shards):
    built = [shard for shard, _ in shards if os.path.exists(os.path.join(shard, "meta.json"))]
    if os.path.exists(os.path.join(args.out, "meta.json")):
        log(f"merge: kept {args.out}")
        return
    code = subprocess.call([args.bin, "merge", args.out, *built])
    if code != 0:
        raise SystemExit(f"ratsindex-spark: merge failed ({code})")


def sum_reports(paths):
    total = {}
    failures = []
    for path in paths:
        with open(path) as f:
            report = json.load(f)
        for key, value in report.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
        failures += report.get("failures", [])
    total.pop("docs_per_s", None)
    total.pop("elapsed_s", None)
    total["failures"] = sorted(failures, key=lambda f: f.get("path", ""))
    return total


def main(argv):
    args = parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    # Relative paths of papers are the driver's: the executors run
    # ratsindex in this folder too (the same on every node).
    args.cwd = os.getcwd()
    work = os.path.abspath(args.work)
    args.out = os.path.abspath(args.out)
    os.makedirs(work, exist_ok=True)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("ratsindex").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    times = {}
    start = time.time()
    paths = list_paths(args, work)
    times["list_s"] = time.time() - start
    partitions = args.partitions or max(2, 2 * sc.defaultParallelism)
    log(f"{len(paths)} papers in {partitions} partitions on {sc.master}")

    t = time.time()
    extract_stage(sc, spark, args, work, paths, partitions)
    times["extract_s"] = time.time() - t
    t = time.time()
    if args.index_on == "shards":
        shards = shards_stage(sc, spark, args, work, partitions)
        times["index_s"] = time.time() - t
        t = time.time()
        merge_stage(args, shards)
        times["merge_s"] = time.time() - t
        reports = [report for _, report in shards]
    else:
        reports = driver_stage(sc, spark, args, work)
        times["index_s"] = time.time() - t
    spark.stop()
    summary = sum_reports(reports)
    summary.update(times)
    summary["papers"] = len(paths)
    summary["elapsed_s"] = time.time() - start
    summary["papers_per_s"] = len(paths) / summary["elapsed_s"] if summary["elapsed_s"] else 0.0
    with open(os.path.join(work, "report.json"), "w") as f:
        json.dump(summary, f, indent=2)
    log(f"{len(paths)} papers: {summary.get('new', 0)} new, {summary.get('duplicates', 0)} duplicates, "
        f"{summary.get('failed', 0)} failed; {summary['elapsed_s']:.1f} s, "
        f"{summary['papers_per_s']:.0f} papers/s; index at {args.out}")
    return 1 if summary.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
