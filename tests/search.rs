//! `search`, `show`, `related` and `stats` against a fixture index of four
//! bodies built from the hand-written records in `fixtures/search/` (see
//! its README for the table the expectations were counted from).

use std::path::Path;

use ratsindex::index::writer::IndexSink;
use ratsindex::index::RatsIndex;
use ratsindex::record::Record;
use serde_json::Value;

use crate::util::{fixture, json_lines, ratsindex, stderr, stdout};

/// A temp dir with the fixture index in `index/`.
fn fixture_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let index = RatsIndex::open_or_create(&dir.path().join("index")).unwrap();
    let mut sink = IndexSink::new(&index, 20_000_000).unwrap();
    let papers = std::fs::read_to_string(fixture("search/papers.jsonl")).unwrap();
    for line in papers.lines().filter(|l| !l.trim().is_empty()) {
        let record: Record = serde_json::from_str(line).unwrap();
        sink.upsert(&record).unwrap();
    }
    sink.finish().unwrap();
    dir
}

/// Runs `search --json ARGS` and returns the hits' numbers with bodies
/// ("Erfurt 1822/24"), best first.
fn found(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--json", "--limit", "50"];
    all.extend_from_slice(args);
    let out = ratsindex(dir, &all);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{args:?}: {}",
        stderr(&out)
    );
    json_lines(&stdout(&out))
        .iter()
        .filter(|hit| hit.get("id").is_some())
        .map(|hit| format!("{} {}", text(&hit["body"]), text(&hit["reference"])))
        .collect()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or("-")
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

const RADVERKEHR: [&str; 4] = [
    "Erfurt 1822/24",
    "Jena 2001/23",
    "Marburg VO/7605/2020",
    "Marburg VO/7700/2021",
];

#[test]
fn word_forms_phrases_and_boolean_operators() {
    let dir = fixture_index();
    let d = dir.path();
    // "Radverkehrs" (title of VO/7700/2021) has the stem of "Radverkehr";
    // the compound "Radverkehrskonzept" does not.
    assert_eq!(sorted(found(d, &["Radverkehr"])), strings(&RADVERKEHR));
    assert_eq!(
        found(d, &["\"sichere Radwege\""]),
        strings(&["Erfurt 1900/24"])
    );
    assert_eq!(
        sorted(found(d, &["Radverkehr AND Klimaschutzplan"])),
        strings(&["Marburg VO/7605/2020", "Marburg VO/7700/2021"])
    );
    assert_eq!(
        sorted(found(d, &["Radverkehr NOT Klimaschutzplan"])),
        strings(&["Erfurt 1822/24", "Jena 2001/23"])
    );
    assert_eq!(
        sorted(found(d, &["Schwimmhalle OR Toiletten"])),
        strings(&["Jena 1822/24", "Jena 2001/23", "Jena 2002/23"])
    );
    // Words are AND-ed by default.
    assert_eq!(
        found(d, &["Radverkehr Oberstadt"]),
        strings(&["Marburg VO/7700/2021"])
    );
}

#[test]
fn prefix_queries_match_the_beginning_of_words() {
    let dir = fixture_index();
    let d = dir.path();
    // radverkehr, radverkehrs, radverkehrskonzept
    assert_eq!(sorted(found(d, &["Radverk*"])), strings(&RADVERKEHR));
    assert_eq!(found(d, &["Kita*"]), strings(&["Marburg VO/7801/2022"]));
    // Snippets mark the words with that beginning.
    let out = ratsindex(d, &["search", "--json", "--body", "marburg", "Radverk*"]);
    for hit in json_lines(&stdout(&out)) {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(snippet.contains("«Radverkehr"), "{snippet}");
    }
    assert_eq!(found(d, &["title:Schwimm*"]), strings(&["Jena 1822/24"]));
}

#[test]
fn exact_word_forms_rank_above_stem_only_matches() {
    let dir = fixture_index();
    let d = dir.path();
    assert_eq!(
        found(d, &["Parkgebühren"]),
        strings(&["Weimar 0102/22", "Weimar 0101/22"])
    );
    assert_eq!(
        found(d, &["Parkgebühr"]),
        strings(&["Weimar 0101/22", "Weimar 0102/22"])
    );
}

#[test]
fn a_small_typo_still_finds_the_word() {
    let dir = fixture_index();
    let out = ratsindex(dir.path(), &["search", "--json", "Schwimhalle"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hits = json_lines(&stdout(&out));
    assert_eq!(hits[0]["reference"], "1822/24");
    assert_eq!(hits[0]["body"], "Jena");
    // The snippet marks the word the typo stood for.
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("«Schwimmhalle»"), "{snippet}");
}

#[test]
fn fields_in_the_query() {
    let dir = fixture_index();
    let d = dir.path();
    // Exact-value fields are case-insensitive.
    assert_eq!(
        sorted(found(d, &["body:erfurt"])),
        strings(&["Erfurt 0456/23", "Erfurt 1822/24", "Erfurt 1900/24"])
    );
    assert_eq!(
        sorted(found(d, &["type:antrag"])),
        strings(&["Erfurt 1900/24", "Jena 2001/23", "Marburg VO/7700/2021"])
    );
    assert_eq!(
        found(d, &["committee:Bauausschuss"]),
        strings(&["Marburg VO/7700/2021"])
    );
    assert_eq!(
        sorted(found(d, &["committee:\"Ausschuss für Stadtentwicklung\""])),
        strings(&["Erfurt 1822/24", "Erfurt 1900/24", "Jena 2001/23"])
    );
    assert_eq!(
        sorted(found(d, &["actor:Magistrat"])),
        strings(&["Marburg VO/7605/2020", "Marburg VO/7700/2021"])
    );
    assert_eq!(
        sorted(found(d, &["year:2024"])),
        strings(&["Erfurt 1822/24", "Erfurt 1900/24", "Jena 1822/24"])
    );
    assert_eq!(
        found(d, &["reference:VO/7605/2020"]),
        strings(&["Marburg VO/7605/2020"])
    );
    assert_eq!(
        sorted(found(d, &["reference:1822/24"])),
        strings(&["Erfurt 1822/24", "Jena 1822/24"])
    );
    assert_eq!(
        found(d, &["Radverkehr AND body:jena"]),
        strings(&["Jena 2001/23"])
    );
}

#[test]
fn paper_numbers_in_any_notation_rank_first() {
    let dir = fixture_index();
    let d = dir.path();
    let hits = found(d, &["1822/24"]);
    assert_eq!(
        sorted(hits[..2].to_vec()),
        strings(&["Erfurt 1822/24", "Jena 1822/24"])
    );
    // Then the papers whose text mentions the number.
    assert_eq!(
        sorted(hits[2..].to_vec()),
        strings(&["Erfurt 1900/24", "Jena 2001/23"])
    );
    for query in ["DS 1822/24", "Drucksache 1822/24"] {
        assert_eq!(
            found(d, &["--body", "Erfurt", query])[0],
            "Erfurt 1822/24",
            "{query}"
        );
    }
    for query in ["VO/7605/2020", "7605/2020", "Vorlage VO/7605/2020"] {
        assert_eq!(found(d, &[query])[0], "Marburg VO/7605/2020", "{query}");
    }
}

#[test]
fn filters_restrict_the_hits() {
    let dir = fixture_index();
    let d = dir.path();
    assert_eq!(
        sorted(found(
            d,
            &["--body", "Erfurt", "--body", "jena", "Radverkehr"]
        )),
        strings(&["Erfurt 1822/24", "Jena 2001/23"])
    );
    assert_eq!(
        sorted(found(d, &["--type", "Antrag", "Radverkehr"])),
        strings(&["Jena 2001/23", "Marburg VO/7700/2021"])
    );
    assert_eq!(
        sorted(found(
            d,
            &["--committee", "Stadtverordnetenversammlung", "Radverkehr"]
        )),
        strings(&["Marburg VO/7605/2020", "Marburg VO/7700/2021"])
    );
    // --to is inclusive.
    assert_eq!(
        sorted(found(
            d,
            &["--from", "2021-01-01", "--to", "2023-12-01", "Radverkehr"]
        )),
        strings(&["Jena 2001/23", "Marburg VO/7700/2021"])
    );
    assert_eq!(
        found(
            d,
            &["--from", "2021-02-01", "--to", "2023-11-30", "Radverkehr"]
        ),
        strings(&["Marburg VO/7700/2021"])
    );
    // Filters alone, with an empty query: every paper of that body.
    assert_eq!(found(d, &["--body", "weimar", ""]).len(), 2);
    // A body as a town's council writes itself finds the one name ingest
    // stores; an institution of that name does not.
    assert_eq!(found(d, &["--body", "Stadt Weimar", ""]).len(), 2);
    assert_eq!(
        found(d, &["--body", "Landeshauptstadt Erfurt", ""]).len(),
        3
    );
    assert_eq!(found(d, &["--body", "Stadt Weimar GmbH", ""]).len(), 0);
}

#[test]
fn sorting_by_date_and_paging() {
    let dir = fixture_index();
    let d = dir.path();
    assert_eq!(
        found(d, &["--sort", "date", "Radverkehr"]),
        strings(&[
            "Erfurt 1822/24",
            "Jena 2001/23",
            "Marburg VO/7700/2021",
            "Marburg VO/7605/2020"
        ])
    );
    let out = ratsindex(
        d,
        &[
            "search",
            "--json",
            "--sort",
            "date",
            "--limit",
            "2",
            "--offset",
            "1",
            "Radverkehr",
        ],
    );
    let page: Vec<String> = json_lines(&stdout(&out))
        .iter()
        .map(|h| text(&h["reference"]).to_string())
        .collect();
    assert_eq!(page, strings(&["2001/23", "VO/7700/2021"]));
    let out = ratsindex(d, &["search", "--count", "Radverkehr"]);
    assert_eq!(stdout(&out).trim(), "4");
    // Without --count the summary says where the next page starts.
    let out = ratsindex(d, &["search", "--limit", "2", "Radverkehr"]);
    assert!(
        stderr(&out).contains("papers 1–2; more with --offset 2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).matches("\n    id ").count(), 2);
}

#[test]
fn facets_count_all_hits() {
    let dir = fixture_index();
    let out = ratsindex(
        dir.path(),
        &["search", "--json", "--facets", "--limit", "1", "Radverkehr"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&stdout(&out));
    let last = lines.last().unwrap();
    assert_eq!(last["total"], 4);
    let counts = |facet: &str| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = last["facets"][facet]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["value"].as_str().unwrap().to_string(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let pairs = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    };
    assert_eq!(
        counts("body"),
        pairs(&[("Erfurt", 1), ("Jena", 1), ("Marburg", 2)])
    );
    assert_eq!(
        counts("type"),
        pairs(&[("Antrag", 2), ("Beschlussvorlage", 2)])
    );
    assert_eq!(
        counts("year"),
        pairs(&[("2020", 1), ("2021", 1), ("2023", 1), ("2024", 1)])
    );
    assert_eq!(
        counts("committee"),
        pairs(&[
            ("Ausschuss für Stadtentwicklung und Umwelt", 1),
            ("Ausschuss für Stadtentwicklung und Verkehr", 1),
            ("Bauausschuss", 1),
            ("Haupt- und Finanzausschuss", 1),
            ("Stadtrat", 2),
            ("Stadtverordnetenversammlung", 2),
        ])
    );
    // The text form names each facet.
    let out = ratsindex(dir.path(), &["search", "--facets", "Radverkehr"]);
    let printed = stdout(&out);
    assert!(printed.contains("by body:      Marburg (2)"), "{printed}");
}

#[test]
fn snippets_mark_the_matched_word_forms() {
    let dir = fixture_index();
    let out = ratsindex(
        dir.path(),
        &["search", "--json", "--body", "erfurt", "Radwegen"],
    );
    let hits = json_lines(&stdout(&out));
    let snippet_of = |reference: &str| {
        hits.iter()
            .find(|h| h["reference"] == reference)
            .map(|h| h["snippet"].as_str().unwrap().to_string())
            .unwrap()
    };
    // 1822/24 has only "Radwege": same stem, other form.
    assert!(snippet_of("1822/24").contains("«Radwege»"), "{hits:?}");
    assert!(snippet_of("1900/24").contains("«Radwegen»"), "{hits:?}");
    // The JSON hit is the record without its text, plus score and snippet.
    let hit = &hits[0];
    for key in [
        "id",
        "reference",
        "body",
        "title",
        "date",
        "score",
        "snippet",
        "consultations",
    ] {
        assert!(hit.get(key).is_some(), "missing {key}: {hit}");
    }
    assert!(hit.get("text").is_none());
    // The list form (not a terminal) marks with «…» too.
    let out = ratsindex(dir.path(), &["search", "Radwegen"]);
    let printed = stdout(&out);
    assert!(printed.contains("«Radwege"), "{printed}");
    assert!(
        printed.contains("1900/24  2024-11-05  Erfurt  Antrag"),
        "{printed}"
    );
}

#[test]
fn malformed_queries_and_empty_results() {
    let dir = fixture_index();
    let d = dir.path();
    // See: issue 19, item 3 (deep nesting overflowed tantivy's grammar).
    let deep = format!("{}Radweg{}", "(".repeat(3000), ")".repeat(3000));
    let not_chain = format!("{}Radweg", "NOT ".repeat(3000));
    for query in [
        "title:(Radweg",
        "nosuchfield:x",
        "\"Radweg",
        "(Radweg",
        "year:zwei",
        "cites:*",
        &deep,
        &not_chain,
    ] {
        let out = ratsindex(d, &["search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}: {}", stderr(&out));
        assert!(stderr(&out).contains("query"), "{query}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    for bad in [
        &["--from", "2024-13-01"][..],
        &["--limit", "0"][..],
        &["--offset", "18446744073709551615"][..],
    ] {
        let mut args = vec!["search"];
        args.extend_from_slice(bad);
        args.push("Radweg");
        let out = ratsindex(d, &args);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    let out = ratsindex(d, &["search", "Zeppelinlandeplatz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no papers match"), "{}", stderr(&out));
}

#[test]
fn show_by_number_and_body() {
    let dir = fixture_index();
    let d = dir.path();
    let out = ratsindex(d, &["show", "DS 1822/24"]);
    assert_eq!(out.status.code(), Some(0));
    let out = ratsindex(d, &["show", "1822/24", "--body", "erfurt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(record["body"], "Erfurt");
    assert_eq!(record["title"], "Radverkehrskonzept für die Innenstadt");
    let out = ratsindex(d, &["show", "9999/99"]);
    assert_eq!(out.status.code(), Some(1));
}

fn related(dir: &Path, number: &str, body: &str) -> Value {
    let out = ratsindex(dir, &["related", "--json", number, "--body", body]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn numbers(papers: &Value) -> Vec<String> {
    papers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {}", text(&p["body"]), text(&p["reference"])))
        .collect()
}

#[test]
fn related_follows_citations_both_ways_within_the_body() {
    let dir = fixture_index();
    let d = dir.path();
    // Erfurt 1900/24 cites "DS 1822/24": Erfurt's, not Jena's.
    let citing = related(d, "1900/24", "Erfurt");
    assert_eq!(citing["cites"][0]["reference"], "DS 1822/24");
    assert_eq!(
        numbers(&citing["cites"][0]["papers"]),
        strings(&["Erfurt 1822/24"])
    );
    // And back: Erfurt 1822/24 is cited by 1900/24 only (Jena 2001/23
    // cites Jena's 1822/24).
    let cited = related(d, "1822/24", "Erfurt");
    assert_eq!(numbers(&cited["cited_by"]), strings(&["Erfurt 1900/24"]));
    let cited = related(d, "1822/24", "Jena");
    assert_eq!(numbers(&cited["cited_by"]), strings(&["Jena 2001/23"]));
    // Marburg: VO/7700/2021 cites VO/7605/2020.
    let cited = related(d, "VO/7605/2020", "Marburg");
    assert_eq!(
        numbers(&cited["cited_by"]),
        strings(&["Marburg VO/7700/2021"])
    );
    // More like this: the Klimaschutzplan's nearest paper is the one
    // building on it.
    let similar = numbers(&cited["similar"]);
    assert_eq!(
        similar.first().map(String::as_str),
        Some("Marburg VO/7700/2021")
    );
    assert!(!similar.contains(&"Marburg VO/7605/2020".to_string()));
}

#[test]
fn stats_count_by_body_type_and_year() {
    let dir = fixture_index();
    let out = ratsindex(dir.path(), &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let stats = &json_lines(&stdout(&out))[0];
    assert_eq!(stats["documents"], 11);
    assert!(stats["index_bytes"].as_u64().unwrap() > 0);
    let count = |facet: &str, value: &str| {
        stats[facet]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == value)
            .map(|c| c["count"].as_u64().unwrap())
    };
    assert_eq!(count("body", "Erfurt"), Some(3));
    assert_eq!(count("body", "Weimar"), Some(2));
    assert_eq!(count("type", "Mitteilungsvorlage"), Some(3));
    assert_eq!(count("year", "2024"), Some(3));
    assert_eq!(count("year", "2022"), Some(3));
    // The terminal form lists every body by name, one a line.
    let out = ratsindex(dir.path(), &["stats"]);
    let printed = stdout(&out);
    let listed: Vec<&str> = printed
        .lines()
        .skip_while(|l| !l.starts_with("bodies ("))
        .collect();
    assert_eq!(listed[0], "bodies (4, by name):", "{printed}");
    let names: Vec<&str> = listed[1..]
        .iter()
        .map(|l| l.split_whitespace().last().unwrap())
        .collect();
    assert_eq!(names, ["Erfurt", "Jena", "Marburg", "Weimar"], "{printed}");
    assert!(listed[1].trim_start().starts_with("3  Erfurt"), "{printed}");
}

#[test]
fn a_panic_on_a_damaged_index_is_one_message_and_exit_2() {
    // See: issue 19, item 6 (tantivy panicked, exit 101, on damaged files).
    let mut caught = 0;
    for (ext, share) in [("fast", 1), ("fast", 50), ("fast", 90), ("store", 99)] {
        let dir = fixture_index();
        for entry in std::fs::read_dir(dir.path().join("index")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                let mut bytes = std::fs::read(&path).unwrap();
                let at = (bytes.len() * share / 100).min(bytes.len() - 16);
                for b in &mut bytes[at..at + 16] {
                    *b ^= 0xFF;
                }
                std::fs::write(&path, bytes).unwrap();
            }
        }
        for args in [
            &["search", "--facets", "Radverkehr OR Stadt"][..],
            &["stats"],
        ] {
            let out = ratsindex(dir.path(), args);
            let message = stderr(&out);
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{ext} {share}%: {message}"
            );
            assert!(!message.contains("panicked"), "{ext} {share}%: {message}");
            if message.contains("internal error") {
                assert!(
                    message.contains("the index at index may be damaged"),
                    "{message}"
                );
                caught += 1;
            }
        }
    }
    assert!(
        caught > 0,
        "no damage made tantivy panic: the test tests nothing"
    );
}

#[test]
fn hits_do_not_hold_their_texts() {
    // See: issue 19, item 10 (`--limit 100000` held every record with its
    // text: 347 MB for 16,000 hits).
    let dir = fixture_index();
    let index = RatsIndex::open(&dir.path().join("index")).unwrap();
    let request = ratsindex::index::search::SearchRequest::new("Radverkehr");
    let results = ratsindex::index::search::search(&index, &request).unwrap();
    assert_eq!(results.hits.len(), 4);
    for hit in &results.hits {
        assert!(hit.record.text.is_empty());
        assert!(!hit.snippet.fragment.is_empty(), "{:?}", hit.snippet);
    }
}

#[test]
fn check_says_whether_the_index_is_sound_and_names_damaged_files() {
    // See: issue 19, item 6 (damage went undetected or panicked).
    let dir = fixture_index();
    let out = ratsindex(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("is sound"), "{}", stderr(&out));
    for entry in std::fs::read_dir(dir.path().join("index")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pos" || e == "idx") {
            let mut bytes = std::fs::read(&path).unwrap();
            let at = bytes.len() / 2;
            bytes[at] ^= 0xFF;
            std::fs::write(&path, bytes).unwrap();
        }
    }
    let out = ratsindex(dir.path(), &["check"]);
    let message = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{message}");
    assert!(
        message.contains(".pos: its checksum does not match"),
        "{message}"
    );
    assert!(
        message.contains(".idx: its checksum does not match"),
        "{message}"
    );
    assert!(message.contains("ingest --rebuild"), "{message}");
    let out = ratsindex(dir.path(), &["check", "--index", "nowhere"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// A word broken by a hyphen at a line end is found whole ("Energiegenos-"
/// / "senschaft" by "Energiegenossenschaft"), while the stored text stays
/// as printed; before a capital ("Baden-" / "Württemberg") nothing is
/// joined.
#[test]
fn words_broken_at_a_line_end_are_found_whole() {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    std::fs::create_dir(&papers).unwrap();
    std::fs::write(
        papers.join("vorlage.txt"),
        "Beschlussvorlage\nVertrag mit der Energiegenos-\nsenschaft über die Umset-\nzung im Land Baden-\nWürttemberg\n",
    )
    .unwrap();
    let out = ratsindex(
        dir.path(),
        &["ingest", "papers", "--index", "index", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hits = |query: &str| {
        let out = ratsindex(dir.path(), &["search", "--json", "--index", "index", query]);
        json_lines(&stdout(&out))
            .into_iter()
            .filter(|hit| hit.get("id").is_some())
            .count()
    };
    assert_eq!(hits("Energiegenossenschaft"), 1);
    assert_eq!(hits("Umsetzung"), 1);
    assert_eq!(hits("senschaft"), 1, "the printed parts are still indexed");
    assert_eq!(hits("BadenWürttemberg"), 0);
    let out = ratsindex(dir.path(), &["extract", "papers/vorlage.txt"]);
    let record = &json_lines(&stdout(&out))[0];
    assert!(
        record["text"]
            .as_str()
            .unwrap()
            .contains("Energiegenos-\nsenschaft"),
        "{record}"
    );
}
