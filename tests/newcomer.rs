//! What a newcomer meets first (issue 20), through the real binary: typed
//! JSON lines, paths in the hit list, `show` summaries and id starts,
//! readable query errors, one set of exit codes, colour control, honest
//! rates, the changed papers in the report, the index and defaults from
//! `RATSINDEX_INDEX` and `ratsindex.toml`, completions and man pages.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{command, fixture, json_lines, ratsindex, stderr, stdout};

/// Runs the binary in `dir` with extra environment variables.
fn with_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = command();
    command.args(args).current_dir(dir);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run ratsindex")
}

/// A folder `papers/` with three fixture papers, ingested into `index/`.
fn indexed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    std::fs::create_dir(&papers).unwrap();
    for name in [
        "erfurt-seed-1822-24.txt",
        "marburg-seed-vo-7605-2020.txt",
        "erfurt-ds-2211-24-spaces.txt",
    ] {
        std::fs::copy(fixture("text").join(name), papers.join(name)).unwrap();
    }
    let out = ratsindex(dir.path(), &["ingest", "papers"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

fn id_of(dir: &Path, reference: &str) -> String {
    let out = ratsindex(dir, &["show", "--json", reference]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record: Value = serde_json::from_str(&stdout(&out)).unwrap();
    record["id"].as_str().unwrap().to_string()
}

#[test]
fn json_lines_of_search_say_what_they_are() {
    let dir = indexed();
    let out = ratsindex(dir.path(), &["search", "--json", "--facets", "Migration"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    let (last, hits) = lines.split_last().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert_eq!(hit["type"], "hit", "{hit}");
        assert!(hit["id"].is_string() && hit["snippet"].is_string(), "{hit}");
    }
    assert_eq!(last["type"], "facets", "{last}");
    assert_eq!(last["total"], hits.len());
}

#[test]
fn the_hit_list_shows_each_file() {
    let dir = indexed();
    let out = ratsindex(dir.path(), &["search", "Radverkehrskonzept"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "    papers/erfurt-ds-2211-24-spaces.txt")
        .unwrap_or_else(|| panic!("no file line in\n{text}"));
    assert!(lines[at + 1].starts_with("    id "), "{text}");
}

#[test]
fn show_prints_a_summary_or_the_record_and_takes_an_id_start() {
    let dir = indexed();
    let d = dir.path();
    let id = id_of(d, "1822/24");
    // A unique start of the id, upper case too.
    let out = ratsindex(d, &["show", "--summary", &id[..6].to_uppercase()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("1822/24  Konzeption Amt für Migration"),
        "{text}"
    );
    for line in [
        "papers/erfurt-seed-1822-24.txt (text)",
        &format!("id:            {id}"),
        "Hauptausschuss, 2024-10-22 (Vorberatung)",
        "characters (--json prints the whole record)",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    assert!(
        text.len() < 3000,
        "a summary, not the record: {} bytes",
        text.len()
    );
    // --json and a pipe: the record.
    let out = ratsindex(d, &["show", "--json", &id[..8]]);
    let record: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(record["id"], id.as_str());
    assert!(record["text"].as_str().unwrap().len() > 1000);
    // Too short a start finds nothing (exit 1).
    let out = ratsindex(d, &["show", &id[..3]]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("at least 4 digits"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_ambiguous_id_start_lists_the_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Three records whose ids (and hashes) were chosen to share a start.
    let out = ratsindex(
        d,
        &[
            "extract",
            fixture("text/erfurt-seed-1822-24.txt").to_str().unwrap(),
            fixture("text/marburg-seed-vo-7605-2020.txt")
                .to_str()
                .unwrap(),
            fixture("text/erfurt-ds-2211-24-spaces.txt")
                .to_str()
                .unwrap(),
        ],
    );
    let mut records = json_lines(&stdout(&out));
    assert_eq!(records.len(), 3);
    let ids = ["abab000000000001", "abab000000000002", "cdcd000000000003"];
    for (record, id) in records.iter_mut().zip(ids) {
        record["id"] = Value::from(id);
        record["source"]["sha256"] = Value::from(format!("{id}{}", "0".repeat(48)));
    }
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(d.join("records.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = ratsindex(d, &["ingest", "--records", "records.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ratsindex(d, &["show", "abab"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("2 ids start with \"abab\""), "{err}");
    assert!(err.contains(ids[0]) && err.contains(ids[1]), "{err}");
    assert!(err.contains("give more digits"), "{err}");
    let out = ratsindex(d, &["show", "--json", "cdcd"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(record["id"], ids[2]);
    let out = ratsindex(d, &["show", "abab0000000000019"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn query_errors_name_the_fields_and_value_forms() {
    let dir = indexed();
    let out = ratsindex(dir.path(), &["search", "Radweg year:abc"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("year: takes a year (year:2024)"), "{err}");
    assert!(err.contains("not \"abc\""), "{err}");
    assert!(!err.contains("ParseIntError"), "{err}");
    let out = ratsindex(dir.path(), &["search", "farbe:blau"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no field \"farbe\""), "{err}");
    for field in [
        "title:",
        "body:",
        "type:",
        "committee:",
        "actor:",
        "year:",
        "cites:",
    ] {
        assert!(err.contains(field), "{field} in {err}");
    }
}

#[test]
fn a_missing_path_is_exit_2_for_extract_and_ingest_alike() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Drucksache 1822/24\n\nText.\n").unwrap();
    for command in ["extract", "ingest"] {
        let out = ratsindex(dir.path(), &[command, "a.txt", "gone.txt"]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("gone.txt: no such file or directory"),
            "{command}: {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty(), "{command}: nothing done");
    }
    // The table of codes is in --help.
    let out = ratsindex(dir.path(), &["--help"]);
    assert!(stdout(&out).contains("Exit codes (the same for every command)"));
}

#[test]
fn colour_follows_the_flag_no_color_and_the_config_file() {
    let dir = indexed();
    let d = dir.path();
    let bold = |out: &Output| stdout(out).contains("\x1b[1m");
    let search = ["search", "Migration"];
    assert!(!bold(&ratsindex(d, &search)), "a pipe gets no escapes");
    assert!(bold(&ratsindex(
        d,
        &["search", "--color", "always", "Migration"]
    )));
    assert!(!bold(&ratsindex(
        d,
        &["search", "--color", "never", "Migration"]
    )));
    // The flag beats NO_COLOR; NO_COLOR beats the file.
    let always = ["search", "--color=always", "Migration"];
    assert!(bold(&with_env(d, &[("NO_COLOR", "1")], &always)));
    std::fs::write(d.join("ratsindex.toml"), "color = \"always\"\n").unwrap();
    assert!(bold(&ratsindex(d, &search)));
    assert!(!bold(&with_env(d, &[("NO_COLOR", "1")], &search)));
    // Without colour, matched words are still marked.
    assert!(stdout(&ratsindex(d, &["search", "--color", "never", "Migration"])).contains('«'));
}

#[test]
fn rates_count_only_files_read_and_the_report_lists_changed_papers() {
    let dir = indexed();
    let d = dir.path();
    // Nothing changed: no rate.
    let out = ratsindex(d, &["ingest", "papers", "--report", "same.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing to read"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("docs/s"), "{}", stderr(&out));
    let same: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("same.json")).unwrap()).unwrap();
    assert_eq!(same["files_read"], 0);
    assert_eq!(same["docs_per_s"], 0.0);
    assert_eq!(same["unchanged"], 3);
    for kind in ["new", "updated", "removed"] {
        assert_eq!(same["changes"][kind]["count"], 0, "{kind}");
    }
    // One new, one changed, one removed.
    std::fs::copy(
        fixture("text/anfrage-karlsruhe-2025-0412.txt"),
        d.join("papers/anfrage-karlsruhe-2025-0412.txt"),
    )
    .unwrap();
    let seed = d.join("papers/erfurt-seed-1822-24.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, text + "\nNachtrag.\n").unwrap();
    std::fs::remove_file(d.join("papers/marburg-seed-vo-7605-2020.txt")).unwrap();
    let out = ratsindex(
        d,
        &["ingest", "papers", "--prune", "--report", "night.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 read at"), "{}", stderr(&out));
    let night: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("night.json")).unwrap()).unwrap();
    assert_eq!(night["files_read"], 2);
    let only = |kind: &str| -> Value {
        let list = &night["changes"][kind];
        assert_eq!(list["count"], 1, "{kind}: {list}");
        assert_eq!(list["truncated"], false);
        list["papers"][0].clone()
    };
    let new = only("new");
    assert_eq!(new["path"], "papers/anfrage-karlsruhe-2025-0412.txt");
    assert_eq!(new["id"].as_str().unwrap().len(), 16);
    assert!(new["title"].is_string(), "{new}");
    let updated = only("updated");
    assert_eq!(updated["path"], "papers/erfurt-seed-1822-24.txt");
    assert_eq!(updated["reference"], "1822/24");
    assert_eq!(
        updated["title"],
        "Konzeption Amt für Migration: Beteiligung der migrantischen Communitys sicherstellen"
    );
    let removed = only("removed");
    assert_eq!(removed["path"], "papers/marburg-seed-vo-7605-2020.txt");
    assert_eq!(removed["reference"], "VO/7605/2020");
    assert_eq!(removed["body"], "Marburg");
}

#[test]
fn the_index_comes_from_flag_environment_file_or_default_in_that_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("papers")).unwrap();
    std::fs::copy(
        fixture("text/erfurt-seed-1822-24.txt"),
        d.join("papers/a.txt"),
    )
    .unwrap();
    let env = [("RATSINDEX_INDEX", "from-env")];
    // Environment over default.
    let out = with_env(d, &env, &["ingest", "papers"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(d.join("from-env/meta.json").is_file());
    assert!(!d.join("index").exists());
    // The flag over the environment.
    let out = with_env(d, &env, &["ingest", "papers", "--index", "from-flag"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(d.join("from-flag/meta.json").is_file());
    // The file under the environment, over the default; relative to the
    // file's folder; [search] defaults apply.
    let config = d.join("config/ratsindex");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("ratsindex.toml"),
        "index = \"../../from-file\"\n[search]\nlimit = 1\n",
    )
    .unwrap();
    let xdg = d.join("config");
    let xdg = xdg.to_str().unwrap();
    let out = with_env(d, &[("XDG_CONFIG_HOME", xdg)], &["ingest", "papers"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(d.join("from-file/meta.json").is_file());
    let out = with_env(
        d,
        &[("XDG_CONFIG_HOME", xdg), ("RATSINDEX_INDEX", "from-env")],
        &["stats", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A ratsindex.toml in the working folder comes before the user's.
    std::fs::write(d.join("ratsindex.toml"), "index = \"from-flag\"\n").unwrap();
    let out = with_env(
        d,
        &[("XDG_CONFIG_HOME", xdg)],
        &["search", "--json", "Migration"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_file(d.join("ratsindex.toml")).unwrap();
    // The file's default limit, and the flag over it.
    std::fs::write(
        d.join("papers/b.txt"),
        "Beschlussvorlage\n\nMigration und mehr.\n",
    )
    .unwrap();
    let out = with_env(d, &[("XDG_CONFIG_HOME", xdg)], &["ingest", "papers"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hits = |extra: &[&str]| {
        let mut args = vec!["search", "--json", "Migration"];
        args.extend_from_slice(extra);
        let out = with_env(d, &[("XDG_CONFIG_HOME", xdg)], &args);
        json_lines(&stdout(&out)).len()
    };
    assert_eq!(hits(&[]), 1);
    assert_eq!(hits(&["--limit", "5"]), 2);
    // No file, no variable: index/.
    let out = ratsindex(d, &["stats"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no index at index"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_config_key_is_an_error_naming_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("ratsindex.toml"), "indx = \"x\"\n").unwrap();
    let out = ratsindex(d, &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown key \"indx\""), "{err}");
    assert!(err.contains("index, bodies, color"), "{err}");
    std::fs::write(d.join("ratsindex.toml"), "[search]\nlimt = 3\n").unwrap();
    let out = ratsindex(d, &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("[search] has no option \"limt\""), "{err}");
    assert!(err.contains("limit"), "{err}");
    // A value of the wrong form is refused by the option's own parser.
    std::fs::write(d.join("ratsindex.toml"), "[search]\nlimit = 0\n").unwrap();
    let out = ratsindex(d, &["search", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--limit"), "{}", stderr(&out));
}

#[test]
fn completions_and_man_pages_come_from_the_definitions() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = ratsindex(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in ["ratsindex", "ingest", "body-from-dir", "facets"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let out = ratsindex(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH ratsindex 1"), "{page}");
    assert!(
        page.contains("RATSINDEX_INDEX"),
        "the page says where the index is"
    );
    let out = ratsindex(dir.path(), &["man", "ingest"]);
    assert!(stdout(&out).contains(".TH ratsindex-ingest 1"));
    assert!(stdout(&out).contains("prune\\-max"), "{}", stdout(&out));
    let out = ratsindex(dir.path(), &["man", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the commands are ingest"),
        "{}",
        stderr(&out)
    );
}
