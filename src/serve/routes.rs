//! Routing: a request's path and query string to a [`Reply`]. Paths are
//! matched as sent (never decoded, never joined to a directory): the only
//! file ever read is the original of an indexed paper, found by its id and
//! checked against the hash the index holds.

use std::path::{Path, PathBuf};

use askama::Template;
use sha2::{Digest, Sha256};

use ratsindex::index::search::{self, related, Sort};
use ratsindex::index::IndexError;
use ratsindex::record::{Format, Record};

use super::pages::{self, ErrorPage, Feed, FeedEntry, HelpPage, PaperPage, SearchPage};
use super::params::SearchParams;
use super::snapshot::Snapshot;
use crate::cmd::search::hit_json;

/// The stylesheet, compiled in.
const STYLE: &str = include_str!("assets/style.css");

/// Papers in a feed.
const FEED_ENTRIES: usize = 50;

/// The largest original file served.
const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// A response before it goes on the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// `Content-Disposition` for downloads.
    pub disposition: Option<String>,
    /// Whether the body may be cached by the browser for a day (assets).
    pub cacheable: bool,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            disposition: None,
            cacheable: false,
        }
    }

    fn html(status: u16, page: Result<String, askama::Error>) -> Reply {
        match page {
            Ok(html) => Reply::new(status, HTML, html),
            Err(err) => internal(&format!("template: {err}")),
        }
    }

    fn json(status: u16, value: &serde_json::Value) -> Reply {
        let mut body = serde_json::to_vec_pretty(value).unwrap_or_default();
        body.push(b'\n');
        Reply::new(status, JSON, body)
    }
}

const HTML: &str = "text/html; charset=utf-8";
const JSON: &str = "application/json";

/// Answers one GET request.
pub fn respond(snapshot: &Snapshot, path: &str, query: &str) -> Reply {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    match segments.as_slice() {
        [""] => search_page(snapshot, query),
        ["help"] => Reply::html(
            200,
            HelpPage {
                p: SearchParams::default(),
            }
            .render(),
        ),
        ["assets", "style.css"] => {
            let mut reply = Reply::new(200, "text/css; charset=utf-8", STYLE);
            reply.cacheable = true;
            reply
        }
        ["paper", id] => paper_page(snapshot, id, query),
        ["paper", id, "file"] => original_file(snapshot, id),
        ["api", "search"] => api_search(snapshot, query),
        ["api", "paper", id] => api_paper(snapshot, id),
        ["feed"] => feed(snapshot, query),
        _ => not_found("Diese Seite gibt es nicht."),
    }
}

/// A page for errors, with status.
pub fn error_page(status: u16, message: &str) -> Reply {
    Reply::html(
        status,
        ErrorPage {
            p: SearchParams::default(),
            status,
            message: message.to_string(),
        }
        .render(),
    )
}

fn not_found(message: &str) -> Reply {
    error_page(404, message)
}

fn internal(detail: &str) -> Reply {
    eprintln!("ratsindex: serve: {detail}");
    error_page(
        500,
        "Interner Fehler; die Einzelheiten stehen im Protokoll des Servers.",
    )
}

fn search_page(snapshot: &Snapshot, query: &str) -> Reply {
    let params = match SearchParams::parse(query) {
        Ok(params) => params,
        Err(err) => {
            let page = SearchPage::new(SearchParams::default(), Err(err.0));
            return Reply::html(400, page.render());
        }
    };
    let outcome = snapshot.finder().search(&params.page_request());
    let (status, outcome) = match outcome {
        Ok(results) => (200, Ok(results)),
        Err(IndexError::Query(message)) => (400, Err(format!("Suchanfrage: {message}"))),
        Err(err) => return internal(&format!("search {query:?}: {err}")),
    };
    Reply::html(status, SearchPage::new(params, outcome).render())
}

/// A document id: hex digits only (what `document_id` makes), so nothing
/// else from the path reaches a lookup.
fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The record with exactly this id.
fn record(snapshot: &Snapshot, id: &str) -> Result<Option<Record>, Reply> {
    if !valid_id(id) {
        return Ok(None);
    }
    let found = search::lookup(snapshot.index(), id, None)
        .map_err(|err| internal(&format!("lookup {id}: {err}")))?;
    Ok(found.into_iter().find(|r| r.id == id))
}

fn paper_page(snapshot: &Snapshot, id: &str, query: &str) -> Reply {
    let paper = match record(snapshot, id) {
        Ok(Some(paper)) => paper,
        Ok(None) => return not_found("Kein Papier mit dieser Kennung im Index."),
        Err(reply) => return reply,
    };
    let picked = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "field")
        .map(|(_, v)| v.into_owned());
    let downloadable = original_path(&paper).is_some();
    let related = match related::related(snapshot.index(), paper) {
        Ok(related) => related,
        Err(err) => return internal(&format!("related {id}: {err}")),
    };
    Reply::html(
        200,
        PaperPage::new(&related, picked.as_deref(), downloadable).render(),
    )
}

/// Where the original of an indexed paper is, if it is still there (a
/// path relative to the folder the ingest ran in is taken relative to the
/// server's working folder).
fn original_path(record: &Record) -> Option<PathBuf> {
    let path = Path::new(&record.source.path);
    (!record.source.path.is_empty() && path.is_file()).then(|| path.to_path_buf())
}

fn original_file(snapshot: &Snapshot, id: &str) -> Reply {
    let paper = match record(snapshot, id) {
        Ok(Some(paper)) => paper,
        Ok(None) => return not_found("Kein Papier mit dieser Kennung im Index."),
        Err(reply) => return reply,
    };
    let gone = || not_found("Die Originaldatei liegt nicht mehr dort, wo sie eingelesen wurde.");
    let Some(path) = original_path(&paper) else {
        return gone();
    };
    match std::fs::metadata(&path) {
        Ok(meta) if meta.len() <= MAX_FILE_BYTES => {}
        Ok(_) => return error_page(413, "Die Originaldatei ist zu groß zum Ausliefern."),
        Err(_) => return gone(),
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return gone();
    };
    // Only the bytes that were indexed: a file changed or replaced since
    // (or a record pointing elsewhere) is not served.
    let hash = Sha256::digest(&bytes);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    if !hex.eq_ignore_ascii_case(&paper.source.sha256) {
        return error_page(
            410,
            "Die Originaldatei wurde seit dem Einlesen geändert; bitte neu einlesen.",
        );
    }
    let (content_type, extension) = match paper.source.format {
        Format::Pdf => ("application/pdf", "pdf"),
        Format::Html => ("application/octet-stream", "html"),
        Format::Text => ("text/plain; charset=utf-8", "txt"),
        Format::Docx => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        Format::Odt => ("application/vnd.oasis.opendocument.text", "odt"),
        Format::Rtf => ("application/rtf", "rtf"),
        Format::Doc => ("application/msword", "doc"),
    };
    let stem: String = paper
        .reference
        .as_deref()
        .unwrap_or(&paper.id)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut reply = Reply::new(200, content_type, bytes);
    reply.disposition = Some(format!("attachment; filename=\"{stem}.{extension}\""));
    reply
}

fn api_search(snapshot: &Snapshot, query: &str) -> Reply {
    let params = match SearchParams::parse(query) {
        Ok(params) => params,
        Err(err) => return Reply::json(400, &serde_json::json!({ "error": err.0 })),
    };
    match snapshot.finder().search(&params.api_request()) {
        Ok(results) => Reply::json(
            200,
            &serde_json::json!({
                "total": results.total.unwrap_or(0),
                "fuzzy": results.fuzzy,
                "hits": results
                    .hits
                    .iter()
                    .map(|hit| hit_json(hit, results.fuzzy))
                    .collect::<Vec<_>>(),
            }),
        ),
        Err(IndexError::Query(message)) => {
            Reply::json(400, &serde_json::json!({ "error": message }))
        }
        Err(err) => {
            eprintln!("ratsindex: serve: api search {query:?}: {err}");
            Reply::json(500, &serde_json::json!({ "error": "internal error" }))
        }
    }
}

fn api_paper(snapshot: &Snapshot, id: &str) -> Reply {
    match record(snapshot, id) {
        Ok(Some(paper)) => Reply::json(200, &serde_json::to_value(&paper).unwrap_or_default()),
        Ok(None) => Reply::json(
            404,
            &serde_json::json!({ "error": "no paper with this id" }),
        ),
        Err(_) => Reply::json(500, &serde_json::json!({ "error": "internal error" })),
    }
}

fn feed(snapshot: &Snapshot, query: &str) -> Reply {
    let params = match SearchParams::parse(query) {
        Ok(params) => params.with(|p| p.sort = None),
        Err(err) => return error_page(400, &err.0),
    };
    let mut request = params.request(FEED_ENTRIES, 0, false);
    request.sort = Sort::Date;
    request.count = false;
    let results = match snapshot.finder().search(&request) {
        Ok(results) => results,
        Err(IndexError::Query(message)) => return error_page(400, &message),
        Err(err) => return internal(&format!("feed {query:?}: {err}")),
    };
    let day =
        |date: &Option<String>| format!("{}T00:00:00Z", date.as_deref().unwrap_or("1970-01-01"));
    let entries: Vec<FeedEntry> = results
        .hits
        .iter()
        .map(|hit| {
            let r = &hit.record;
            FeedEntry {
                id: format!("tag:ratsindex,2024:paper/{}", r.id),
                url: pages::paper_url(&r.id),
                title: format!(
                    "{} {}: {}",
                    r.body.as_deref().unwrap_or(""),
                    r.reference.as_deref().unwrap_or(""),
                    pages::title(r)
                )
                .trim()
                .to_string(),
                updated: day(&r.date),
                summary: hit.snippet.fragment.clone(),
            }
        })
        .collect();
    let canonical = params.query_string();
    let digest = Sha256::digest(canonical.as_bytes());
    let feed_hash: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let title = if params.q.is_empty() {
        "ratsindex: neue Papiere".to_string()
    } else {
        format!("ratsindex: {}", params.q)
    };
    let page = Feed {
        feed_id: format!("tag:ratsindex,2024:feed/{feed_hash}"),
        title,
        self_url: params.url("/feed"),
        page_url: params.with(|p| p.sort = Some(Sort::Date)).url("/"),
        updated: entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        entries,
    };
    match page.render() {
        Ok(xml) => Reply::new(200, "application/atom+xml; charset=utf-8", xml),
        Err(err) => internal(&format!("feed template: {err}")),
    }
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn ids_are_hex_only() {
        assert!(valid_id("1e7c24ba0e2d280c"));
        assert!(!valid_id(".."));
        assert!(!valid_id("%2e%2e"));
        assert!(!valid_id(""));
        assert!(!valid_id(&"a".repeat(65)));
    }
}
