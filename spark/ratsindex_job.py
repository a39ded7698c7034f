"""ratsindex on Apache Spark: extraction spread over the executors, then
one index shard per partition merged into one index (or one index built
on the driver).

    spark-submit spark/ratsindex_job.py --bin /opt/ratsindex/ratsindex \
        --work /shared/run1 --out /shared/index [--body NAME] \
        [--records-format jsonl|parquet] [--index-on auto|shards|driver] \
        [--partitions N] (--paths-from LIST | PATH ...)

Stages, each leaving its result in WORK so that a rerun with the same
arguments resumes after the last finished stage (the number of
partitions is kept in WORK/partitions):

1. list     the files (`ratsindex extract --list-files PATH...` on the
            driver, or the given list)                 -> WORK/paths.txt
2. extract  partitions of paths (each listed in WORK/records/
            part-NNNNN.paths), each run through one `ratsindex extract
            --files-from LIST` on an executor by the JVM's RDD.pipe (no
            Python worker), which writes the records itself
                                        -> WORK/records/part-NNNNN.jsonl
            (one line per path, one per paper of a session bundle;
            + _SUCCESS; a rerun keeps finished parts); with
            --records-format parquet then converted    -> WORK/records.parquet/
3. index    the record lines grouped by document id by Spark's shuffle
            (so that the same content at two paths lands in one shard),
            each group piped through `ratsindex ingest --records -` on
            an executor                                -> WORK/shards/shard-NNNNN/
            (a shard is done when its report exists; a rerun or a retried
            task builds only the missing ones, each from scratch)
   or, with --index-on driver (the default on one machine, a `local`
            master), all records piped into one ingest on the driver,
            the parts in order, each while it is written (a `local`
            master, which does not retry tasks) or as soon as it is
            complete, while the others are still extracted (no shuffle,
            no merge)                   -> OUT.partial, renamed to OUT
            (a rerun after a failure indexes the kept records anew)
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
import re
import shutil
import socket
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
    parser.add_argument("--index-on", choices=["auto", "shards", "driver"], default="auto",
                        help="auto: driver on one machine (a local master), else shards")
    parser.add_argument("--partitions", type=int, default=0,
                        help="partitions (default: one per core of the cluster, four per core when the "
                             "driver indexes; at least 2)")
    parser.add_argument("--time-budget", default="60", help="seconds one file may take")
    args = parser.parse_args(argv)
    if bool(args.paths) == bool(args.paths_from):
        parser.error("give PATH... or --paths-from, not both or neither")
    return args


# --- Helpers that run on the executors (plain functions, no Spark state).
#
# The extraction's output never passes through Python or the JVM:
# ratsindex writes each part file itself. The records pass through Python
# once, on their way from Spark's shuffle into a shard's ingest.


def run_fed(command, chunks, cwd, stdout=subprocess.DEVNULL, threads=None):
    """Runs `command` in `cwd` with `chunks` (bytes) written to its stdin
    from a thread and its stdout to `stdout`; raises on exit codes other
    than 0 and 1 (1: some papers failed, reported in their lines).
    `threads`: the cores of the task (ratsindex would use every core of
    the node, which other tasks share)."""
    env = None
    if threads:
        env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=stdout,
                            stderr=subprocess.PIPE, cwd=cwd, env=env)
    failed = []

    def feed():
        try:
            for chunk in chunks:
                proc.stdin.write(chunk)
        except BrokenPipeError:
            pass
        except BaseException as e:  # a file of the input could not be read
            failed.append(e)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    errors = proc.stderr.read()
    writer.join()
    code = proc.wait()
    if failed:
        raise failed[0]
    if code not in (0, 1):
        tail = errors.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited with {code}: {tail}")


def count_inputs(path):
    """How many inputs (paths) the lines of an `extract --files-from`
    output answer: one line each, except a session bundle, whose papers
    are one line each and end with the line whose `bundle.part` equals
    `bundle.parts`. Only lines with a `"bundle":{` are parsed."""
    inputs = 0
    with open(path, "rb") as f:
        for line in f:
            if b'"bundle":{' in line:
                part = json.loads(line).get("bundle") or {}
                if part.get("part", 1) < part.get("parts", 1):
                    continue
            inputs += 1
    return inputs


def file_chunks(paths):
    for path in paths:
        with open(path, "rb") as f:
            yield from iter(lambda: f.read(1 << 20), b"")


# What each extract task runs, by the JVM's own `RDD.pipe` (no Python
# worker on the executors): its two input lines (one element) name the
# part to write and the file of its paths; `$1` is the folder to run in (the driver's),
# the rest is the extract command. The records go from ratsindex into
# the part file directly; the task prints the part's name when it is in
# place. The attempt's file name starts with the part's (the driver may
# read it while it grows, see `parts_as_written`).
EXTRACT_TASK = r"""
IFS= read -r part || exit 0
IFS= read -r list || exit 2
cd "$1" || exit 2
shift
attempt="$part.$(uname -n)-$$.tmp"
rc=0
"$@" --files-from "$list" >"$attempt" || rc=$?
if [ "$rc" -gt 1 ]; then
  rm -f "$attempt"
  echo "ratsindex-spark: $* --files-from $list exited with $rc" >&2
  exit "$rc"
fi
mv -f "$attempt" "$part" && printf '%s\n' "$part"
"""


def slices(paths, partitions):
    """The partitions of paths: (number, paths) in order, contiguous, as
    even as can be; the same for the same list and number (a rerun keeps
    the parts that are done)."""
    n = len(paths)
    return [(k, paths[k * n // partitions:(k + 1) * n // partitions]) for k in range(partitions)]


def extract_parts(sc, args, jsonl, todo):
    """Stage 2 for the parts in `todo` ((number, paths) each): one task
    per part, `ratsindex extract --files-from LIST` run by the JVM's
    `RDD.pipe` on an executor (in the driver's working folder `args.cwd`,
    an executor's own is elsewhere, so that relative paths name the same
    files and the records hold the paths as given, as `ratsindex ingest`
    would), writing WORK/records/part-NNNNN.jsonl itself. Each part's
    list of paths is written to WORK/records/part-NNNNN.paths first; a
    part is renamed into place only when its extract ended well. Checks
    that each part answers every path (one line each, one per paper of a
    session bundle)."""
    jvm = sc._jvm
    tasks = jvm.java.util.ArrayList()
    for number, part_paths in todo:
        listed = part_name(jsonl, number)[: -len(".jsonl")] + ".paths"
        with open(listed + ".tmp", "wb") as f:
            f.writelines(p.encode("utf-8", "surrogateescape") + b"\n" for p in part_paths)
        os.replace(listed + ".tmp", listed)
        tasks.add(f"{part_name(jsonl, number)}\n{listed}")
    command = jvm.java.util.ArrayList()
    extract = [args.bin, "extract", "--time-budget", args.time_budget]
    if args.body:
        extract += ["--body", args.body]
    for word in ["sh", "-c", EXTRACT_TASK, "sh", args.cwd, *extract]:
        command.add(word)
    env = jvm.java.util.HashMap()
    # ratsindex would use every core of the node, which other tasks share.
    env.put("RAYON_NUM_THREADS", str(args.task_cpus))
    done = sc._jsc.parallelize(tasks, len(todo)).pipe(command, env, False, 8192, "UTF-8").collect()
    if len(done) != len(todo):
        raise SystemExit(f"ratsindex-spark: {len(done)} of {len(todo)} extract tasks ended well")
    for number, part_paths in todo:
        part = part_name(jsonl, number)
        printed = count_inputs(part)
        if printed != len(part_paths):
            os.remove(part)
            raise SystemExit(f"ratsindex-spark: {part} answered {printed} of {len(part_paths)} "
                             f"paths; removed, run again")
        os.remove(part[: -len(".jsonl")] + ".paths")


def line_key(line):
    """The document id of a record line (records print it first; the
    papers of a session bundle, `ID-2`, `ID-3` …, share its first 16
    characters, so they meet in one shard), or the line itself for an
    error line: what the shards are split by."""
    return line[7:23] if line.startswith('{"id":"') else line


def shard_of(key):
    """A stable partition function (Python's own hash of str is salted
    per process): the id's first 32 bits, or a CRC of an error line."""
    if len(key) == 16:
        try:
            return int(key[:8], 16)
        except ValueError:
            pass
    return zlib.crc32(key.encode("utf-8", "surrogateescape"))


def build_shard(binary, shards_dir, body, cwd, threads):
    """Stage 3: one partition of (id, record line) -> the index
    shard-NNNNN, by `ratsindex ingest --records -`."""

    def run(number, pairs):
        shard = os.path.join(shards_dir, "shard-%05d" % number)
        report = shard + ".report.json"
        if os.path.exists(report):
            # Done in an earlier run or attempt.
            yield (shard, report)
            return
        command = [binary, "ingest", "--records", "-", "--index", shard,
                   "--report", report + ".tmp", "--quiet", "--threads", str(threads)]
        if body:
            command += ["--body", body]
        # An earlier attempt's half shard is built anew, so that the
        # report counts this partition's records once.
        shutil.rmtree(shard, ignore_errors=True)
        lines = (line.encode("utf-8", "surrogateescape") + b"\n" for _, line in pairs)
        run_fed(command, lines, cwd)
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


def plan_partitions(args, work, default):
    """The number of partitions, kept in WORK/partitions: a rerun must cut
    the work as the first run did, or its finished parts would not fit."""
    target = os.path.join(work, "partitions")
    if os.path.exists(target):
        with open(target) as f:
            kept = int(f.read().strip())
        if args.partitions and args.partitions != kept:
            log(f"keeping the {kept} partitions of the first run in {work} "
                f"(not --partitions {args.partitions}; delete WORK to start over)")
        return kept
    partitions = args.partitions or default
    with open(target + ".tmp", "w") as f:
        f.write(f"{partitions}\n")
    os.replace(target + ".tmp", target)
    return partitions


def session():
    """Spark SQL, for the Parquet records only: started on first use, so
    that a JSON Lines run does not load its engine (a second or more of
    the JVM's start)."""
    from pyspark.sql import SparkSession

    return SparkSession.builder.getOrCreate()


def records_dirs(work):
    return os.path.join(work, "records"), os.path.join(work, "records.parquet")


def extracted(args, work):
    """Whether the records are complete in WORK (from an earlier run)."""
    jsonl, parquet = records_dirs(work)
    done = os.path.join(parquet if args.records_format == "parquet" else jsonl, "_SUCCESS")
    return os.path.exists(done)


def extract_stage(sc, args, work, paths, partitions, convert=True):
    jsonl, _ = records_dirs(work)
    if extracted(args, work):
        log("extract: kept the records in WORK")
        return
    if not os.path.exists(os.path.join(jsonl, "_SUCCESS")):
        os.makedirs(jsonl, exist_ok=True)
        for stale in glob.glob(os.path.join(jsonl, "*.tmp")):
            os.remove(stale)
        todo = [(k, ps) for k, ps in slices(paths, partitions)
                if not os.path.exists(part_name(jsonl, k))]
        if len(todo) < partitions:
            log(f"extract: kept {partitions - len(todo)} of {partitions} parts")
        if todo:
            extract_parts(sc, args, jsonl, todo)
        open(os.path.join(jsonl, "_SUCCESS"), "w").close()
    if convert:
        convert_records(args, work)


def convert_records(args, work):
    """With --records-format parquet: the JSON Lines parts as one Parquet
    table (columns id, record)."""
    jsonl, parquet = records_dirs(work)
    if args.records_format != "parquet" or os.path.exists(os.path.join(parquet, "_SUCCESS")):
        return
    from pyspark.sql import functions as F
    session().read.text(jsonl).select(
        F.when(F.col("value").startswith('{"id":"'), F.substring("value", 8, 16)).alias("id"),
        F.col("value").alias("record"),
    ).write.mode("overwrite").parquet(parquet)
    shutil.rmtree(jsonl)


def read_records(sc, args, work):
    """The record lines as an RDD of str."""
    jsonl, parquet = records_dirs(work)
    if args.records_format == "jsonl":
        return sc.textFile(jsonl)
    return session().read.parquet(parquet).rdd.map(lambda row: row.record)


def shards_stage(sc, args, work, partitions):
    """Stage 3: the record lines grouped by document id (so that the same
    content at two paths lands in one shard) by Spark's shuffle, each
    group piped into one shard. Measured on 10,000 papers, this RDD
    shuffle costs less than a DataFrame's (whose query engine starts in
    seconds) or than writing the groups to files first."""
    shards_dir = os.path.join(work, "shards")
    os.makedirs(shards_dir, exist_ok=True)
    grouped = read_records(sc, args, work).map(
        lambda line: (line_key(line), line)).partitionBy(partitions, shard_of)
    built = grouped.mapPartitionsWithIndex(
        build_shard(args.bin, shards_dir, args.body, args.cwd, args.task_cpus)).collect()
    return sorted(built)


def driver_paths(args, work):
    """Where the driver's index stage writes: the index is built in
    OUT.partial, its report in WORK/driver.report.json.tmp, both renamed
    into place only when the stage succeeded. A rerun after a failure
    builds the index anew from the records kept in WORK (as a shard is
    built anew), so that its report counts every paper once, as new, and
    not the papers a failed attempt had committed as unchanged."""
    report = os.path.join(work, "driver.report.json")
    return args.out + ".partial", report


def driver_done(args, work):
    """Whether an earlier run finished the driver's index stage."""
    _, report = driver_paths(args, work)
    return os.path.exists(report) and os.path.exists(os.path.join(args.out, "meta.json"))


def driver_command(args, work):
    partial, report = driver_paths(args, work)
    # A failed attempt's half index is built anew.
    shutil.rmtree(partial, ignore_errors=True)
    command = [args.bin, "ingest", "--records", "-", "--index", partial,
               "--report", report + ".tmp", "--quiet"]
    if args.body:
        command += ["--body", args.body]
    return command, report


def driver_finish(args, work):
    """The driver's index and report into place, after its ingest and
    every extraction succeeded."""
    partial, report = driver_paths(args, work)
    # The report first: without the index in place it marks nothing done.
    os.replace(report + ".tmp", report)
    os.replace(partial, args.out)
    return [report]


def part_name(jsonl, number):
    return os.path.join(jsonl, "part-%05d.jsonl" % number)


def part_growing(jsonl, number, finished, stream):
    """Part `number` opened for reading, or None if the extraction ended
    without it: the finished file, or (`stream`) the file an executor
    is still writing. Waits until either exists."""
    final = part_name(jsonl, number)
    while True:
        ended = finished.is_set()
        try:
            return open(final, "rb")
        except FileNotFoundError:
            pass
        if stream:
            for attempt in sorted(glob.glob(glob.escape(final) + ".*.tmp")):
                try:
                    return open(attempt, "rb")
                except FileNotFoundError:  # renamed meanwhile
                    pass
        if ended:
            return None
        finished.wait(0.02)


def parts_as_written(jsonl, partitions, finished, stream):
    """The bytes of the parts of records in order, each as soon as it is
    in place (renamed there complete) or, with `stream`, while an
    executor still writes it (extraction and indexing then overlap as in
    `ratsindex ingest`, and the records reach the index in the order of
    the paths, as a single ingest would take them): what the driver's
    ingest reads. Ends early (the caller raises the extraction's error)
    if the extraction ended without a part.

    A growing file is complete when its final name exists and it is read
    to its end: the executor renames it only after its extract ended and
    its lines were counted. `stream` only on a master without task
    retries (a local one), where no second attempt writes the same part."""
    for number in range(partitions):
        final = part_name(jsonl, number)
        f = part_growing(jsonl, number, finished, stream)
        if f is None:
            return
        with f:
            last = b"\n"
            while True:
                complete = os.path.exists(final)
                chunk = f.read(1 << 20)
                if chunk:
                    last = chunk[-1:]
                    yield chunk
                    continue
                if complete:
                    break
                if finished.is_set() and not os.path.exists(final):
                    return
                finished.wait(0.01)
            if last != b"\n":
                yield b"\n"


def retries_tasks(master):
    """Whether Spark may run a task twice on `master`: everywhere but on
    `local` and `local[N]` (`local[N,F]` retries)."""
    return not (master == "local" or re.fullmatch(r"local\[(\d+|\*)\]", master))


def extract_and_index_on_driver(sc, args, work, paths, partitions):
    """Stages 2 and 3 together on one machine: the driver's `ingest
    --records -` reads each part of records while or as soon as an
    executor wrote it, while the others are still extracted, as
    `ratsindex ingest` overlaps reading and indexing. Returns the
    reports and the stages' seconds."""
    command, report = driver_command(args, work)
    finished = threading.Event()
    outcome = {}
    jsonl, _ = records_dirs(work)
    os.makedirs(jsonl, exist_ok=True)
    # Before the reader looks for growing parts: no earlier attempt's.
    for stale in glob.glob(os.path.join(jsonl, "*.tmp")):
        os.remove(stale)

    def extract():
        try:
            extract_stage(sc, args, work, paths, partitions, convert=False)
        except BaseException as e:  # given back to the main thread
            outcome["error"] = e
        finally:
            outcome["extract_s"] = time.time() - start
            finished.set()

    start = time.time()
    extractor = threading.Thread(target=extract, daemon=True)
    extractor.start()
    stream = not retries_tasks(sc.master)
    run_fed(command, parts_as_written(jsonl, partitions, finished, stream), args.cwd)
    extractor.join()
    if "error" in outcome:
        raise outcome["error"]
    times = {"extract_s": outcome["extract_s"], "index_s": time.time() - start - outcome["extract_s"]}
    reports = driver_finish(args, work)
    t = time.time()
    convert_records(args, work)
    times["convert_s"] = time.time() - t
    return reports, times


def driver_stage(args, work):
    """Stage 3 on the driver, when the records were extracted in an
    earlier run: all of them piped into one ingest."""
    command, report = driver_command(args, work)
    jsonl, _ = records_dirs(work)
    if args.records_format == "jsonl":
        chunks = file_chunks(sorted(glob.glob(os.path.join(jsonl, "part-*.jsonl"))))
    else:
        rows = session().read.parquet(records_dirs(work)[1]).toLocalIterator()
        chunks = (row.record.encode("utf-8", "surrogateescape") + b"\n" for row in rows)
    run_fed(command, chunks, args.cwd)
    return driver_finish(args, work)


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
    began = time.time()
    args = parse_args(argv)
    args.bin = os.path.abspath(args.bin)
    # Relative paths of papers are the driver's: the executors run
    # ratsindex in this folder too (the same on every node).
    args.cwd = os.getcwd()
    work = os.path.abspath(args.work)
    args.out = os.path.abspath(args.out)
    os.makedirs(work, exist_ok=True)
    from pyspark import SparkConf, SparkContext

    # A plain SparkContext: Spark SQL (for Parquet only) starts when
    # needed, see `session`.
    sc = SparkContext.getOrCreate(SparkConf().setAppName("ratsindex"))
    sc.setLogLevel("WARN")
    # Each task runs ratsindex on the cores Spark gives a task.
    args.task_cpus = int(sc.getConf().get("spark.task.cpus", "1"))
    start = time.time()
    times = {"spark_start_s": start - began}
    paths = list_paths(args, work)
    times["list_s"] = time.time() - start
    if args.index_on == "auto":
        # One machine: one index, no shuffle and no merge.
        one_machine = sc.master == "local" or sc.master.startswith("local[")
        args.index_on = "driver" if one_machine else "shards"
    cores = max(1, sc.defaultParallelism // args.task_cpus)
    # Shards: one partition per core, one shard each. When the driver
    # indexes, four per core: it reads the parts in order, so the parts
    # extracted beside the one it reads wait for it, and what is left
    # when the last extraction ends is about one part per core to index.
    # A part costs a task and an extract process's start (no Python
    # worker), a few tens of milliseconds (bench/spark.sh, 10,000 papers
    # on 2 cores: 2 partitions left 5-8 s of indexing after the
    # extraction, 8 or 16 partitions 1.6-2.4 s).
    per_core = 4 if args.index_on == "driver" else 1
    partitions = plan_partitions(args, work, max(2, per_core * cores))
    log(f"{len(paths)} papers in {partitions} partitions on {sc.master}, "
        f"indexed on the {'driver' if args.index_on == 'driver' else 'executors, shards merged'}")

    if args.index_on == "driver" and driver_done(args, work):
        log(f"index: kept {args.out}")
        reports, _ = [driver_paths(args, work)[1]], None
    elif args.index_on == "driver" and os.path.exists(args.out):
        raise SystemExit(f"ratsindex-spark: {args.out} exists but is no index this job "
                         f"finished in {work}; give a new --out (the job builds a new index)")
    elif args.index_on == "driver" and not extracted(args, work):
        reports, stage_times = extract_and_index_on_driver(sc, args, work, paths, partitions)
        times.update(stage_times)
    else:
        t = time.time()
        extract_stage(sc, args, work, paths, partitions)
        times["extract_s"] = time.time() - t
        t = time.time()
        if args.index_on == "shards":
            shards = shards_stage(sc, args, work, partitions)
            times["index_s"] = time.time() - t
            t = time.time()
            merge_stage(args, shards)
            times["merge_s"] = time.time() - t
            reports = [report for _, report in shards]
        else:
            reports = driver_stage(args, work)
            times["index_s"] = time.time() - t
    t = time.time()
    sc.stop()
    times["stop_s"] = time.time() - t
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
