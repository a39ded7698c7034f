//! The HTML pages: view models built from search results and records,
//! rendered by askama templates (`src/serve/templates/`, compiled into
//! the binary and checked at compile time). Templates escape every value
//! they print; nothing here writes HTML by hand.

use askama::Template;

use ratsindex::index::search::related::Related;
use ratsindex::index::search::{FacetCount, Results, Snippet, Sort};
use ratsindex::record::{ActorKind, Record};

use super::evidence::{self, TextPart};
use super::params::{SearchParams, PAGE_SIZE};

/// A piece of a snippet: its text and whether it is a matched word.
pub type SnippetPart = (String, bool);

/// The search page.
#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub p: SearchParams,
    pub error: Option<String>,
    pub total: usize,
    pub fuzzy: bool,
    pub first: usize,
    pub last: usize,
    pub hits: Vec<HitView>,
    pub facets: Vec<FacetGroup>,
    pub active: Vec<ActiveFilter>,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub by_relevance_url: String,
    pub by_date_url: String,
    pub by_date: bool,
    pub feed_url: String,
    pub api_url: String,
    pub known_bodies: Vec<String>,
    pub known_types: Vec<String>,
}

/// One hit on the search page.
pub struct HitView {
    pub url: String,
    pub title: String,
    pub reference: String,
    pub date: String,
    pub body: String,
    pub paper_type: String,
    pub snippet: Vec<SnippetPart>,
}

/// One facet: its heading and its values as links that narrow the search.
pub struct FacetGroup {
    pub label: &'static str,
    pub values: Vec<FacetLink>,
    pub more: Vec<FacetLink>,
}

/// A facet value with its count and the narrowed search.
pub struct FacetLink {
    pub value: String,
    pub count: u64,
    pub url: String,
}

/// A filter in use, with the link that drops it.
pub struct ActiveFilter {
    pub label: &'static str,
    pub value: String,
    pub remove_url: String,
}

/// Facet values shown before "more".
const FACET_SHOWN: usize = 8;

impl SearchPage {
    /// The page for `params` and what the search returned (or why it
    /// failed).
    pub fn new(p: SearchParams, outcome: Result<Results, String>) -> SearchPage {
        let (results, error) = match outcome {
            Ok(results) => (Some(results), None),
            Err(error) => (None, Some(error)),
        };
        let total = results.as_ref().and_then(|r| r.total).unwrap_or(0);
        let offset = p.page.saturating_sub(1) * PAGE_SIZE;
        let hits: Vec<HitView> = results
            .as_ref()
            .map(|r| {
                r.hits
                    .iter()
                    .map(|h| hit_view(&h.record, &h.snippet))
                    .collect()
            })
            .unwrap_or_default();
        let first = if hits.is_empty() { 0 } else { offset + 1 };
        let last = offset + hits.len();
        let facets = results
            .as_ref()
            .and_then(|r| r.facets.as_ref())
            .map(|f| {
                vec![
                    facet_group("Körperschaft", &f.body, &p, |p, v| {
                        p.bodies.push(v.to_string())
                    }),
                    facet_group("Art", &f.paper_type, &p, |p, v| {
                        p.paper_type = Some(v.to_string())
                    }),
                    facet_group("Jahr", &f.year, &p, |p, v| {
                        p.from = Some(format!("{v}-01-01"));
                        p.to = Some(format!("{v}-12-31"));
                    }),
                    facet_group("Gremium", &f.committee, &p, |p, v| {
                        p.committee = Some(v.to_string())
                    }),
                ]
            })
            .unwrap_or_default();
        let known = |name: &str| -> Vec<String> {
            facets
                .iter()
                .find(|g| g.label == name)
                .map(|g| {
                    g.values
                        .iter()
                        .chain(&g.more)
                        .map(|v| v.value.clone())
                        .collect()
                })
                .unwrap_or_default()
        };
        let known_bodies = known("Körperschaft");
        let known_types = known("Art");
        let more_pages = last < total && last < super::params::MAX_WINDOW;
        SearchPage {
            error,
            total,
            fuzzy: results.as_ref().is_some_and(|r| r.fuzzy),
            first,
            last,
            hits,
            active: active_filters(&p),
            prev_url: (p.page > 1).then(|| {
                let mut prev = p.clone();
                prev.page -= 1;
                prev.url("/")
            }),
            next_url: more_pages.then(|| {
                let mut next = p.clone();
                next.page += 1;
                next.url("/")
            }),
            by_relevance_url: p.with(|p| p.sort = Some(Sort::Relevance)).url("/"),
            by_date_url: p.with(|p| p.sort = Some(Sort::Date)).url("/"),
            by_date: p.sort() == Sort::Date,
            feed_url: p.with(|p| p.sort = None).url("/feed"),
            api_url: p.url("/api/search"),
            known_bodies,
            known_types,
            facets,
            p,
        }
    }
}

fn hit_view(record: &Record, snippet: &Snippet) -> HitView {
    HitView {
        url: paper_url(&record.id),
        title: title(record),
        reference: or_dash(&record.reference),
        date: or_dash(&record.date),
        body: or_dash(&record.body),
        paper_type: or_dash(&record.paper_type),
        snippet: snippet_parts(snippet),
    }
}

/// The snippet cut into plain and matched pieces.
pub fn snippet_parts(snippet: &Snippet) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut from = 0;
    for range in &snippet.highlighted {
        let (Some(before), Some(word)) = (
            snippet.fragment.get(from..range.start),
            snippet.fragment.get(range.clone()),
        ) else {
            continue;
        };
        if !before.is_empty() {
            parts.push((before.to_string(), false));
        }
        parts.push((word.to_string(), true));
        from = range.end;
    }
    if let Some(rest) = snippet.fragment.get(from..) {
        if !rest.is_empty() {
            parts.push((rest.to_string(), false));
        }
    }
    parts
}

fn facet_group(
    label: &'static str,
    counts: &[FacetCount],
    p: &SearchParams,
    narrow: impl Fn(&mut SearchParams, &str),
) -> FacetGroup {
    let mut values: Vec<FacetLink> = counts
        .iter()
        .map(|c| FacetLink {
            value: c.value.clone(),
            count: c.count,
            url: p.with(|p| narrow(p, &c.value)).url("/"),
        })
        .collect();
    let more = values.split_off(values.len().min(FACET_SHOWN));
    FacetGroup {
        label,
        values,
        more,
    }
}

fn active_filters(p: &SearchParams) -> Vec<ActiveFilter> {
    let mut active = Vec::new();
    for body in &p.bodies {
        active.push(ActiveFilter {
            label: "Körperschaft",
            value: body.clone(),
            remove_url: p.with(|p| p.bodies.retain(|b| b != body)).url("/"),
        });
    }
    if let Some(value) = &p.paper_type {
        active.push(ActiveFilter {
            label: "Art",
            value: value.clone(),
            remove_url: p.with(|p| p.paper_type = None).url("/"),
        });
    }
    if let Some(value) = &p.committee {
        active.push(ActiveFilter {
            label: "Gremium",
            value: value.clone(),
            remove_url: p.with(|p| p.committee = None).url("/"),
        });
    }
    if let Some(value) = &p.from {
        active.push(ActiveFilter {
            label: "ab",
            value: value.clone(),
            remove_url: p.with(|p| p.from = None).url("/"),
        });
    }
    if let Some(value) = &p.to {
        active.push(ActiveFilter {
            label: "bis",
            value: value.clone(),
            remove_url: p.with(|p| p.to = None).url("/"),
        });
    }
    active
}

/// The page of one paper.
#[derive(Template)]
#[template(path = "paper.html")]
pub struct PaperPage {
    pub p: SearchParams,
    pub id: String,
    pub title: String,
    pub picked: Option<String>,
    pub picked_label: Option<String>,
    pub picked_found: bool,
    pub fields: Vec<FieldRow>,
    pub consultations: Vec<ConsultationRow>,
    pub consultations_evidence: Option<String>,
    pub decision: Option<FieldRow>,
    pub finance: Option<FinanceView>,
    pub actors: Vec<ActorView>,
    pub cites: Vec<CiteView>,
    pub cited_by: Vec<PaperLink>,
    pub similar: Vec<PaperLink>,
    pub attachments: Vec<FieldRow>,
    pub links: Vec<(String, String)>,
    pub warnings: Vec<String>,
    pub source_path: String,
    pub source_format: String,
    pub source_pages: String,
    pub sha256: String,
    pub download_url: Option<String>,
    pub api_url: String,
    pub text: Vec<TextPart>,
}

/// A labelled value with a link to its evidence in the text.
pub struct FieldRow {
    pub label: String,
    pub value: String,
    pub evidence_url: Option<String>,
    pub picked: bool,
    pub search_url: Option<String>,
}

/// A row of the Beratungsfolge.
pub struct ConsultationRow {
    pub committee: String,
    pub committee_url: String,
    pub date: String,
    pub public: String,
    pub role: String,
    pub evidence_url: Option<String>,
    pub picked: bool,
}

/// The finance section as a table.
pub struct FinanceView {
    pub impact: String,
    pub years: Vec<String>,
    pub rows: Vec<FinanceRowView>,
    pub total: Option<String>,
    pub evidence_url: Option<String>,
    pub picked: bool,
}

/// One row of the finance table.
pub struct FinanceRowView {
    pub label: String,
    pub cells: Vec<String>,
    pub amount: String,
    pub recurring: bool,
}

/// An actor as a link that searches for it.
pub struct ActorView {
    pub name: String,
    pub kind: &'static str,
    pub url: String,
    pub evidence_url: Option<String>,
    pub picked: bool,
}

/// A cited number and the papers carrying it.
pub struct CiteView {
    pub reference: String,
    pub papers: Vec<PaperLink>,
    pub evidence_url: Option<String>,
    pub picked: bool,
}

/// A link to another paper.
pub struct PaperLink {
    pub url: String,
    pub reference: String,
    pub date: String,
    pub body: String,
    pub title: String,
}

impl PaperPage {
    /// The page of `related.paper`, with the evidence of the field
    /// `picked` (a provenance key) marked in the text.
    pub fn new(related: &Related, picked: Option<&str>, downloadable: bool) -> PaperPage {
        let r = &related.paper;
        let id = &r.id;
        let picked = picked.filter(|key| r.provenance.contains_key(*key));
        let evidence = |key: &str| -> Option<String> {
            r.provenance
                .contains_key(key)
                .then(|| evidence_url(id, key))
        };
        let is_picked = |key: &str| picked == Some(key);
        let row = |label: &str, key: &str, value: String| FieldRow {
            label: label.to_string(),
            value,
            evidence_url: evidence(key),
            picked: is_picked(key),
            search_url: None,
        };
        let mut fields = vec![
            row("Nummer", "reference", or_dash(&r.reference)),
            row("Art", "paper_type", or_dash(&r.paper_type)),
            row("Datum", "date", or_dash(&r.date)),
            row("Körperschaft", "body", or_dash(&r.body)),
            row("Öffentlich", "public", yes_no(r.public)),
            row("Einreicher / Amt", "department", or_dash(&r.department)),
            row("Verfasser", "author", or_dash(&r.author)),
            row("Titel", "title", title(r)),
        ];
        if let Some(body) = &r.body {
            fields[3].search_url = Some(
                SearchParams::default()
                    .with(|p| p.bodies.push(body.clone()))
                    .url("/"),
            );
        }
        if let Some(paper_type) = &r.paper_type {
            fields[1].search_url = Some(
                SearchParams::default()
                    .with(|p| p.paper_type = Some(paper_type.clone()))
                    .url("/"),
            );
        }
        let consultations = r
            .consultations
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let key = format!("consultations[{i}]");
                ConsultationRow {
                    committee: c.committee.clone(),
                    committee_url: SearchParams::default()
                        .with(|p| p.committee = Some(c.committee.clone()))
                        .url("/"),
                    date: or_dash(&c.date),
                    public: yes_no(c.public),
                    role: or_dash(&c.role),
                    evidence_url: evidence(&key),
                    picked: is_picked(&key),
                }
            })
            .collect();
        let decision = r
            .decision_proposal
            .as_ref()
            .map(|d| row("Beschlussvorschlag", "decision_proposal", d.clone()));
        let f = &r.finance;
        let finance =
            (f.impact.is_some() || !f.rows.is_empty() || f.total.is_some()).then(|| FinanceView {
                impact: yes_no(f.impact),
                years: f.years.clone(),
                rows: f
                    .rows
                    .iter()
                    .map(|row| FinanceRowView {
                        label: row.label.clone(),
                        cells: (0..f.years.len())
                            .map(|i| {
                                row.amounts
                                    .get(i)
                                    .copied()
                                    .flatten()
                                    .map(euros)
                                    .unwrap_or_default()
                            })
                            .collect(),
                        amount: row.amount.map(euros).unwrap_or_default(),
                        recurring: row.recurring,
                    })
                    .collect(),
                total: f.total.map(euros),
                evidence_url: evidence("finance"),
                picked: is_picked("finance"),
            });
        let actors = r
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let key = format!("actors[{i}]");
                let quoted = a.name.replace('"', " ");
                ActorView {
                    name: a.name.clone(),
                    kind: actor_kind(a.kind),
                    url: SearchParams::default()
                        .with(|p| p.q = format!("actor:\"{}\"", quoted.trim()))
                        .url("/"),
                    evidence_url: evidence(&key),
                    picked: is_picked(&key),
                }
            })
            .collect();
        let attachments = r
            .attachments
            .iter()
            .enumerate()
            .map(|(i, name)| row("Anlage", &format!("attachments[{i}]"), name.clone()))
            .collect();
        let picked_label = picked.map(|key| field_label(key).to_string());
        let text = evidence::text_parts(&r.text, picked.and_then(|k| r.provenance.get(k)));
        PaperPage {
            p: SearchParams::default(),
            id: id.clone(),
            title: title(r),
            picked_found: text.iter().any(|p| p.mark),
            picked: picked.map(str::to_string),
            picked_label,
            fields,
            consultations,
            consultations_evidence: evidence("consultations"),
            decision,
            finance,
            actors,
            // One citation per entry of `references`, in its order.
            cites: related
                .cites
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let key = format!("references[{i}]");
                    CiteView {
                        reference: c.reference.clone(),
                        papers: c.papers.iter().map(paper_link).collect(),
                        evidence_url: evidence(&key),
                        picked: is_picked(&key),
                    }
                })
                .collect(),
            cited_by: related.cited_by.iter().map(paper_link).collect(),
            similar: related.similar.iter().map(|(_, r)| paper_link(r)).collect(),
            attachments,
            links: r
                .links
                .iter()
                .map(|l| (l.name.clone(), l.url.clone()))
                .collect(),
            warnings: r.warnings.clone(),
            source_path: r.source.path.clone(),
            source_format: r.source.format.as_str().to_string(),
            source_pages: r.source.pages.map(|p| p.to_string()).unwrap_or_default(),
            sha256: r.source.sha256.clone(),
            download_url: downloadable.then(|| format!("/paper/{id}/file")),
            api_url: format!("/api/paper/{id}"),
            text,
        }
    }
}

/// The help page: the query syntax.
#[derive(Template)]
#[template(path = "help.html")]
pub struct HelpPage {
    pub p: SearchParams,
}

/// A page saying what went wrong.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub p: SearchParams,
    pub status: u16,
    pub message: String,
}

/// The Atom feed of a search: its newest papers.
#[derive(Template)]
#[template(path = "feed.xml")]
pub struct Feed {
    pub feed_id: String,
    pub title: String,
    pub self_url: String,
    pub page_url: String,
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// One paper in a feed.
pub struct FeedEntry {
    pub id: String,
    pub url: String,
    pub title: String,
    pub updated: String,
    pub summary: String,
}

fn paper_link(r: &Record) -> PaperLink {
    PaperLink {
        url: paper_url(&r.id),
        reference: or_dash(&r.reference),
        date: or_dash(&r.date),
        body: or_dash(&r.body),
        title: title(r),
    }
}

/// `/paper/{id}`.
pub fn paper_url(id: &str) -> String {
    format!("/paper/{id}")
}

fn evidence_url(id: &str, key: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("field", key);
    format!("/paper/{id}?{}#evidence", query.finish())
}

/// A record's title, or a placeholder.
pub fn title(r: &Record) -> String {
    r.title.clone().unwrap_or_else(|| "(ohne Titel)".into())
}

fn or_dash(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "–".into())
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "ja",
        Some(false) => "nein",
        None => "–",
    }
    .into()
}

/// An amount the German way: `1.234.567,50 €`.
pub fn euros(amount: f64) -> String {
    if !amount.is_finite() {
        return "–".into();
    }
    let cents = (amount.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}{grouped},{frac:02} €")
}

fn actor_kind(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "Person",
        ActorKind::Organization => "Organisation",
        ActorKind::Office => "Dienststelle",
        ActorKind::Committee => "Gremium",
        ActorKind::Faction => "Fraktion / Partei",
        ActorKind::Company => "Unternehmen",
        ActorKind::PublicBody => "Gebietskörperschaft",
        ActorKind::Position => "Amt",
    }
}

/// A provenance key in words ("consultations[2]" → "Beratungsfolge 3").
pub fn field_label(key: &str) -> String {
    let (name, index) = match key.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
        None => (key, None),
    };
    let label = match name {
        "reference" => "Nummer",
        "title" => "Titel",
        "paper_type" => "Art",
        "date" => "Datum",
        "body" => "Körperschaft",
        "public" => "Öffentlich",
        "department" => "Einreicher / Amt",
        "author" => "Verfasser",
        "consultations" => "Beratungsfolge",
        "decision_proposal" => "Beschlussvorschlag",
        "finance" => "Finanzielle Auswirkungen",
        "actors" => "Akteur",
        "references" => "Verweis",
        "attachments" => "Anlage",
        other => other,
    };
    match index {
        Some(i) => format!("{label} {}", i + 1),
        None => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_written_the_german_way() {
        assert_eq!(euros(1_234_567.5), "1.234.567,50 €");
        assert_eq!(euros(0.0), "0,00 €");
        assert_eq!(euros(-12.345), "-12,35 €");
        assert_eq!(euros(999.0), "999,00 €");
    }

    #[test]
    fn snippet_parts_mark_the_ranges() {
        let snippet = Snippet {
            fragment: "Die Radwege <b> und Radweg".into(),
            highlighted: vec![4..11, 20..26],
        };
        assert_eq!(
            snippet_parts(&snippet),
            vec![
                ("Die ".to_string(), false),
                ("Radwege".to_string(), true),
                (" <b> und ".to_string(), false),
                ("Radweg".to_string(), true),
            ]
        );
    }

    #[test]
    fn labels_name_list_items() {
        assert_eq!(field_label("consultations[2]"), "Beratungsfolge 3");
        assert_eq!(field_label("title"), "Titel");
    }
}
