//! Every route of `ratsindex serve` over HTTP against the real binary:
//! the pages' content, the API against `search --json` and `show`, the
//! feed, the original files, hostile text, path traversal, the limits,
//! concurrency and picking up a new commit while serving.

use std::collections::BTreeSet;

use super::client::{encode, get, links, raw, request};
use super::{fixture_index, paper_with_tables, Server, HOSTILE_ID, HOSTILE_TEXT, HOSTILE_TITLE};
use crate::util::{fixture, json_lines, ratsindex, stdout};

/// HTML entities back to characters (askama writes `&#60;` etc.).
fn unescape(html: &str) -> String {
    html.replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The ids of the hits on a search page, in order.
fn hit_ids(html: &str) -> Vec<String> {
    html.split("<li class=\"hit\">")
        .skip(1)
        .filter_map(|hit| hit.split("href=\"/paper/").nth(1))
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// The part of a record's text that the provenance of `field` spans
/// (character offsets).
fn evidence_text(record: &serde_json::Value, field: &str) -> String {
    let span = &record["provenance"][field]["span"];
    let start = span[0]
        .as_u64()
        .unwrap_or_else(|| panic!("{field} has provenance")) as usize;
    let end = span[1].as_u64().unwrap() as usize;
    record["text"]
        .as_str()
        .unwrap()
        .chars()
        .skip(start)
        .take(end - start)
        .collect()
}

/// The security headers every response carries.
fn assert_safe_headers(response: &super::client::Response) {
    let csp = response.header("content-security-policy").unwrap_or("");
    assert!(csp.contains("default-src 'none'"), "CSP: {csp:?}");
    assert!(!csp.contains("unsafe-inline"), "CSP: {csp:?}");
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert!(response.header("x-frame-options").is_some());
}

#[test]
fn search_page_shows_hits_facets_marks_and_paging() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    let page = get(&server.addr, "/?q=Radverkehr");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_safe_headers(&page);
    let html = page.text();
    assert!(!html.contains("<script"), "pages use no script");
    // The same papers as `search --json`, in the same order.
    let cli = ratsindex(
        dir.path(),
        &[
            "search",
            "--json",
            "--limit",
            "20",
            "Radverkehr",
            "--index",
            "index",
        ],
    );
    let cli_ids: Vec<String> = json_lines(&stdout(&cli))
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        cli_ids.len() >= 5,
        "fixtures hold at least five: {cli_ids:?}"
    );
    assert_eq!(hit_ids(&html), cli_ids);
    // The total, the fields of a hit, a marked word in its snippet.
    let count = ratsindex(
        dir.path(),
        &["search", "--count", "Radverkehr", "--index", "index"],
    );
    let total = stdout(&count).trim().to_string();
    assert!(html.contains(&format!("<strong id=\"total\">{total}</strong>")));
    let jena = html
        .split("<li class=\"hit\">")
        .find(|h| h.contains("/paper/d3a787ffa2a3087a"))
        .expect("Jena 2001/23 is a hit");
    for field in [
        "Fahrradstraßen im Damenviertel",
        "2001/23",
        "2023-12-01",
        "Jena",
        "Antrag",
    ] {
        assert!(jena.contains(field), "{field} in {jena}");
    }
    assert!(html.contains("<mark>Radverkehr"), "matched words marked");
    // The query syntax is one link away.
    assert!(links(&html).contains(&"/help".to_string()));
    let help = get(&server.addr, "/help");
    assert_eq!(help.status, 200);
    assert_safe_headers(&help);
    for syntax in [
        "\"sichere Radwege\"",
        "Radverk*",
        "cites:1822/24",
        "year:2024",
    ] {
        assert!(
            unescape(&help.text()).contains(syntax),
            "{syntax} explained"
        );
    }
    // Facets: every body of the hits, with counts, as links that narrow.
    assert!(html.contains("<h2>Körperschaft</h2>"));
    let facet = links(&html)
        .into_iter()
        .find(|l| l.starts_with("/?q=Radverkehr&body=Marburg"))
        .expect("a facet link for Marburg");
    let narrowed = get(&server.addr, &facet).text();
    let ids = hit_ids(&narrowed);
    assert_eq!(
        ids.iter().cloned().collect::<BTreeSet<_>>(),
        ["0fb904886ac2a8cc", "25e787a0fbf03528"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert!(narrowed.contains("aria-label=\"Filter Körperschaft Marburg entfernen\""));
    // Year and committee facets narrow too.
    let year = links(&html)
        .into_iter()
        .find(|l| l.contains("from=2020-01-01&to=2020-12-31"))
        .expect("a year facet 2020");
    assert!(hit_ids(&get(&server.addr, &year).text()).contains(&"0fb904886ac2a8cc".to_string()));
    let committee = get(&server.addr, "/?q=Radverkehr&committee=Bauausschuss").text();
    assert_eq!(hit_ids(&committee), vec!["25e787a0fbf03528"]);
    // Sorted by date: newest first.
    let by_date = get(&server.addr, "/?q=&body=Erfurt&body=Jena&sort=date").text();
    let first_three: Vec<String> = hit_ids(&by_date).into_iter().take(3).collect();
    assert_eq!(
        first_three,
        vec!["273f5444d4904f4f", "1e7c24ba0e2d280c", "fa7610f88b33e869"]
    );
    // Paging: 20 a page, the next page holds the rest, and a link to it.
    let all = get(&server.addr, "/?sort=date").text();
    assert_eq!(hit_ids(&all).len(), 20);
    assert!(links(&all).contains(&"/?sort=date&page=2".to_string()));
    let second = get(&server.addr, "/?sort=date&page=2").text();
    let overlap: Vec<_> = hit_ids(&second)
        .into_iter()
        .filter(|id| hit_ids(&all).contains(id))
        .collect();
    assert!(!hit_ids(&second).is_empty() && overlap.is_empty());
}

#[test]
fn paper_page_lays_out_every_field_and_marks_evidence() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    // An ingested paper: Beratungsfolge, finance, proposal, citations.
    let id = paper_with_tables(&server);
    let record = get(&server.addr, &format!("/api/paper/{id}")).json();
    let page = get(&server.addr, &format!("/paper/{id}"));
    assert_eq!(page.status, 200);
    assert_safe_headers(&page);
    let html = unescape(&page.text());
    assert!(html.contains(&format!("<h1>{}</h1>", record["title"].as_str().unwrap())));
    let consultations = record["consultations"].as_array().unwrap();
    assert!(consultations.len() >= 2);
    for c in consultations {
        let committee = c["committee"].as_str().unwrap();
        assert!(
            html.contains(&format!(">{committee}</a></td>")),
            "{committee}"
        );
    }
    assert!(html.contains(record["decision_proposal"].as_str().unwrap()));
    assert!(html.contains("<table class=\"money\">"));
    for actor in record["actors"].as_array().unwrap() {
        assert!(html.contains(&format!(">{}</a>", actor["name"].as_str().unwrap())));
    }
    // Actors are links that search for them.
    let actor_link = links(&page.text())
        .into_iter()
        .find(|l| l.starts_with("/?q=actor%3A"))
        .expect("actor link");
    assert_eq!(get(&server.addr, &actor_link).status, 200);
    assert!(hit_ids(&get(&server.addr, &actor_link).text()).contains(&id));
    // Evidence: picking the title marks its span of the text.
    let expected = evidence_text(&record, "title");
    assert!(!html.contains("<mark id=\"evidence\">"));
    let picked = unescape(&get(&server.addr, &format!("/paper/{id}?field=title")).text());
    assert!(
        picked.contains(&format!("<mark id=\"evidence\">{expected}</mark>")),
        "title evidence {expected:?} marked"
    );
    assert!(picked.contains("<div class=\"field picked\"><dt>Titel</dt>"));
    // A cited number has its evidence too (references[0] of the record).
    let cited = evidence_text(&record, "references[0]");
    assert!(cited.contains(
        record["references"][0]
            .as_str()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
    ));
    assert!(links(&page.text()).contains(&format!("/paper/{id}?field=references%5B0%5D#evidence")));
    let picked_reference = unescape(
        &get(
            &server.addr,
            &format!("/paper/{id}?field=references%5B0%5D"),
        )
        .text(),
    );
    assert!(picked_reference.contains(&format!("<mark id=\"evidence\">{cited}</mark>")));
    // An unknown field marks nothing.
    let unknown = get(&server.addr, &format!("/paper/{id}?field=%3Cscript%3E")).text();
    assert!(!unknown.contains("<mark"));
    // Citations: Erfurt 1900/24 cites 1822/24, so 1822/24 is cited by it.
    let cited = get(&server.addr, "/paper/1e7c24ba0e2d280c").text();
    let cited_by = cited.split("<h3>Zitiert von</h3>").nth(1).unwrap();
    let cited_by = cited_by.split("<h3>").next().unwrap();
    assert!(cited_by.contains("/paper/273f5444d4904f4f"), "{cited_by}");
    let citing = get(&server.addr, "/paper/273f5444d4904f4f").text();
    let cites = citing.split("<h3>Zitiert</h3>").nth(1).unwrap();
    let cites = cites.split("<h3>").next().unwrap();
    assert!(cites.contains("/paper/1e7c24ba0e2d280c") && !cites.contains("fa7610f88b33e869"));
    assert!(citing.contains("<h3>Ähnliche Papiere</h3>\n<ul class=\"similar\">"));
    // Unknown ids are 404.
    assert_eq!(get(&server.addr, "/paper/0123456789abcdef").status, 404);
}

#[test]
fn originals_are_served_only_as_indexed() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    let id = &paper_with_tables(&server);
    let page = get(&server.addr, &format!("/paper/{id}")).text();
    assert!(links(&page).contains(&format!("/paper/{id}/file")));
    let file = get(&server.addr, &format!("/paper/{id}/file"));
    assert_eq!(file.status, 200);
    let original = std::fs::read(fixture("text/erfurt-ds-0815-23-beschlussvorlage.txt")).unwrap();
    assert_eq!(file.body, original);
    assert!(file
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment"));
    assert!(file
        .header("content-security-policy")
        .unwrap()
        .contains("sandbox"));
    // The hostile record points at /etc/passwd: its hash does not match,
    // so nothing is served, and the page offers no download.
    let hostile = get(&server.addr, &format!("/paper/{HOSTILE_ID}/file"));
    assert!(matches!(hostile.status, 404 | 410), "{}", hostile.status);
    assert!(!hostile.text().contains("root:"));
    // A changed original is not served either.
    let copy = server.dir.join("changed.txt");
    // (Changed by a line: the same bytes would be the same document.)
    let mut text =
        std::fs::read_to_string(fixture("text/informationsvorlage-2024-0090.txt")).unwrap();
    text.push_str("\nKopie für den Test.\n");
    std::fs::write(&copy, text).unwrap();
    let out = ratsindex(
        &server.dir,
        &[
            "ingest",
            "changed.txt",
            "--index",
            "index",
            "-q",
            "--body",
            "Testhausen",
        ],
    );
    assert!(out.status.success());
    let found = get(
        &server.addr,
        "/api/search?q=Wohnungsbaubericht&body=Testhausen",
    )
    .json();
    let ids: Vec<&str> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["source"]["path"] == "changed.txt")
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    // (The server follows the commit within a second or two.)
    let ids = if ids.is_empty() {
        std::thread::sleep(std::time::Duration::from_secs(3));
        let found = get(&server.addr, "/api/search?q=Wohnungsbaubericht").json();
        found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["source"]["path"] == "changed.txt")
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    } else {
        ids.iter().map(|s| s.to_string()).collect()
    };
    let changed_id = ids.first().expect("the copy is indexed");
    assert_eq!(
        get(&server.addr, &format!("/paper/{changed_id}/file")).status,
        200
    );
    std::fs::write(&copy, "anderer Inhalt").unwrap();
    assert_eq!(
        get(&server.addr, &format!("/paper/{changed_id}/file")).status,
        410
    );
}

#[test]
fn hostile_text_is_rendered_as_text() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    let markup = [
        "<script",
        "<img",
        "<svg",
        "<iframe",
        "<object",
        "<style>",
        "<b onmouseover",
        "<td onclick",
        "<u>666",
        "<i>",
        "<th>2024",
        "<a href=javascript",
    ];
    let pages = [
        format!("/paper/{HOSTILE_ID}"),
        format!("/paper/{HOSTILE_ID}?field=title"),
        "/?q=Schadcode".to_string(),
        "/?q=Schadcode&body=Hackstadt%3Ci%3E".to_string(),
        format!("/?q={}", encode(HOSTILE_TEXT)),
        "/?q=%3Cscript%3Ealert(1)%3C/script%3E&type=%3Cimg%20src=x%3E".to_string(),
        format!("/nothing/{}", encode("<script>")),
    ];
    for path in &pages {
        let response = get(&server.addr, path);
        let html = response.text();
        assert_safe_headers(&response);
        for bad in markup {
            assert!(!html.contains(bad), "{path}: raw {bad:?} in the page");
        }
    }
    let page = get(&server.addr, &format!("/paper/{HOSTILE_ID}")).text();
    assert!(page.contains("&#60;script&#62;alert(&#39;title&#39;)&#60;/script&#62;"));
    assert!(unescape(&page).contains(&format!("<h1>{HOSTILE_TITLE}</h1>")));
    assert!(unescape(&page).contains(HOSTILE_TEXT));
    // The hit's snippet holds the markup as text.
    let hits = get(&server.addr, "/?q=Schadcode").text();
    assert!(hit_ids(&hits).contains(&HOSTILE_ID.to_string()));
    assert!(hits.contains("&#60;script&#62;"));
    // The feed escapes it too.
    let feed = get(&server.addr, "/feed?q=Schadcode").text();
    assert!(feed.contains("&#60;script&#62;") && !feed.contains("<script"));
    // And JSON is JSON (the markup a string in it).
    let api = get(&server.addr, &format!("/api/paper/{HOSTILE_ID}"));
    assert_eq!(api.header("content-type"), Some("application/json"));
    assert_eq!(api.json()["title"], HOSTILE_TITLE);
}

#[test]
fn no_path_from_a_request_reaches_the_disk() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    std::fs::write(server.dir.join("secret.txt"), "geheim").unwrap();
    let attempts = [
        "/../../../../etc/passwd",
        "/assets/../../../../etc/passwd",
        "/assets/..%2f..%2f..%2fetc%2fpasswd",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/paper/..%2f..%2fsecret.txt/file",
        "/paper/../secret.txt",
        "/secret.txt",
        "/index/meta.json",
        "/paper/%2fetc%2fpasswd/file",
        "/api/paper/..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/assets/style.css/../../secret.txt",
    ];
    for path in attempts {
        let response = raw(
            &server.addr,
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: {}",
            response.status
        );
        let body = response.text();
        assert!(!body.contains("root:") && !body.contains("geheim") && !body.contains("opstamp"));
    }
    // The stylesheet is there, compiled in.
    let css = get(&server.addr, "/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.text().contains("mark {"));
}

#[test]
fn limits_methods_and_sizes() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    let addr = &server.addr;
    let long_query = "Radweg ".repeat(100);
    let too_long = get(addr, &format!("/?q={}", encode(&long_query)));
    assert_eq!(too_long.status, 400);
    assert!(
        too_long.text().contains("länger als 500") || too_long.text().contains("longer than 500")
    );
    assert_eq!(get(addr, "/?page=51").status, 400);
    assert_eq!(get(addr, "/?page=50").status, 200);
    assert_eq!(get(addr, "/api/search?q=x&limit=101").status, 400);
    assert_eq!(get(addr, "/?from=2024-02-31x").status, 400);
    assert_eq!(get(addr, "/?q=title:(Radweg").status, 400);
    let api_error = get(addr, "/api/search?q=title:(Radweg");
    assert_eq!(api_error.status, 400);
    assert!(api_error.json()["error"].is_string());
    let huge_uri = format!("/?q={}", "a".repeat(5000));
    assert_eq!(get(addr, &huge_uri).status, 414);
    let post = request(
        addr,
        "POST",
        "/api/search",
        Some(&serde_json::json!({"q": "x"})),
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    let with_body = raw(
        addr,
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_eq!(with_body.status, 413);
    // Headers beyond hyper's limits are refused, not buffered forever.
    let mut big = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..200 {
        big.extend_from_slice(format!("X-Filler-{i}: {}\r\n", "y".repeat(100)).as_bytes());
    }
    big.extend_from_slice(b"Connection: close\r\n\r\n");
    let refused = raw(addr, &big);
    assert!(refused.status >= 400, "{}", refused.status);
    let head = raw(
        addr,
        b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    // Still serving after all that.
    assert_eq!(get(addr, "/?q=Radverkehr").status, 200);
}

#[test]
fn api_matches_search_json_and_show() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    for query in [
        "Radwege",
        "Schule",
        "\"sichere Radwege\"",
        "1822/24",
        "Radverk*",
    ] {
        let api = get(
            &server.addr,
            &format!("/api/search?q={}&limit=50", encode(query)),
        );
        assert_eq!(api.status, 200);
        let api = api.json();
        let cli = ratsindex(
            dir.path(),
            &[
                "search", "--json", "--limit", "50", query, "--index", "index",
            ],
        );
        let cli_hits = json_lines(&stdout(&cli));
        let count = ratsindex(
            dir.path(),
            &["search", "--count", query, "--index", "index"],
        );
        assert_eq!(
            api["total"].as_u64().unwrap().to_string(),
            stdout(&count).trim(),
            "{query}"
        );
        // The hits are what `search --json` prints, each with its id
        // (scores equal up to float rounding between two processes).
        let without_score = |hits: &[serde_json::Value]| -> Vec<serde_json::Value> {
            hits.iter()
                .map(|h| {
                    let mut h = h.clone();
                    h.as_object_mut().unwrap().remove("score");
                    h
                })
                .collect()
        };
        let api_hits = api["hits"].as_array().unwrap();
        assert_eq!(without_score(api_hits), without_score(&cli_hits), "{query}");
        for (a, c) in api_hits.iter().zip(&cli_hits) {
            let (a, c) = (
                a["score"].as_f64().unwrap_or(0.0),
                c["score"].as_f64().unwrap_or(0.0),
            );
            assert!(
                (a - c).abs() <= 1e-4 * c.abs().max(1.0),
                "{query}: score {a} vs {c}"
            );
        }
        assert!(api["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"].is_string()));
    }
    let api = get(&server.addr, "/api/search?q=Radverkehr&body=Jena&limit=5").json();
    assert_eq!(api["total"], 1);
    assert_eq!(api["hits"][0]["id"], "d3a787ffa2a3087a");
    // `/api/paper/{id}` is what `show` prints.
    let show = ratsindex(
        dir.path(),
        &["show", "273f5444d4904f4f", "--index", "index"],
    );
    let shown: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    let served = get(&server.addr, "/api/paper/273f5444d4904f4f");
    assert_eq!(served.status, 200);
    assert_eq!(served.json(), shown);
    assert_eq!(get(&server.addr, "/api/paper/ffffffffffffffff").status, 404);
    assert_eq!(get(&server.addr, "/api/paper/1822%2F24").status, 404);
}

#[test]
fn atom_feed_lists_the_newest_papers_of_a_query() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    let feed = get(&server.addr, "/feed?q=Radverkehr");
    assert_eq!(feed.status, 200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let xml = feed.text();
    assert!(
        xml.starts_with("<?xml") && xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    let updated: Vec<&str> = xml
        .split("<entry>")
        .skip(1)
        .map(|e| {
            e.split("<updated>")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
        })
        .collect();
    let total = get(&server.addr, "/api/search?q=Radverkehr").json()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(updated.len() as u64, total);
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted, "newest first");
    assert!(updated.contains(&"2024-10-22T00:00:00Z"));
    assert!(xml
        .contains("<link rel=\"alternate\" type=\"text/html\" href=\"/paper/1e7c24ba0e2d280c\"/>"));
    // Feed id: stable per query, different between queries.
    let id = |xml: &str| {
        xml.split("<id>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        id(&xml),
        id(&get(&server.addr, "/feed?q=Radverkehr").text())
    );
    assert_ne!(id(&xml), id(&get(&server.addr, "/feed?q=Schule").text()));
    // Linked from the search page.
    let page = get(&server.addr, "/?q=Radverkehr").text();
    assert!(page.contains("type=\"application/atom+xml\""));
}

#[test]
fn serves_many_clients_at_once_and_follows_new_commits() {
    let dir = fixture_index();
    let server = Server::start(dir.path());
    let addr = server.addr.clone();
    let paths = [
        "/?q=Radverkehr",
        "/?q=Schule&sort=date",
        "/paper/1e7c24ba0e2d280c",
        "/api/search?q=Radwege",
        "/feed?q=Stadtrat",
        "/?body=Jena",
    ];
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                for i in 0..12 {
                    let path = paths[(t + i) % paths.len()];
                    let response = get(&addr, path);
                    assert_eq!(response.status, 200, "{path}");
                    assert!(!response.body.is_empty());
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a client failed");
    }
    // A paper ingested while serving appears without a restart.
    let word = "Zauberwortprüfung";
    assert_eq!(
        get(&addr, &format!("/api/search?q={}", encode(word))).json()["total"],
        0
    );
    std::fs::write(
        server.dir.join("neu.txt"),
        format!("Antrag\nDrucksache 4711/25\nBetreff: {word} im Rathaus\n\nBeschlussvorschlag:\nDer Rat beschließt die {word}.\n"),
    )
    .unwrap();
    let out = ratsindex(
        &server.dir,
        &["ingest", "neu.txt", "--index", "index", "-q"],
    );
    assert!(out.status.success());
    let started = std::time::Instant::now();
    loop {
        let found = get(&addr, &format!("/api/search?q={}", encode(word))).json();
        if found["total"] == 1 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the new commit was not served within 15 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let page = get(&addr, &format!("/?q={}", encode(word))).text();
    assert_eq!(hit_ids(&page).len(), 1);
}
