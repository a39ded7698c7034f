//! The search state in a URL: parsing `?q=…&body=…` into checked
//! [`SearchParams`] (with the limits that keep one request cheap) and
//! writing it back into links, so every page is bookmarkable.

use ratsindex::index::days_from_iso_date;
use ratsindex::index::search::{SearchRequest, Sort};

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Longest filter value (a body, type or committee name), in characters.
pub const MAX_VALUE_CHARS: usize = 200;
/// Most bodies one search may filter on.
pub const MAX_BODIES: usize = 20;
/// Hits per page of the search page.
pub const PAGE_SIZE: usize = 20;
/// The result window: no page reaches beyond this many hits (deep pages
/// cost as much as collecting every hit before them).
pub const MAX_WINDOW: usize = 1000;
/// Most hits `/api/search` returns at once.
pub const MAX_API_LIMIT: usize = 100;

/// A request parameter that cannot be used; the message says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError(pub String);

/// Everything a search page shows, as given in its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchParams {
    /// The query text (`q`).
    pub q: String,
    /// `body`, may repeat.
    pub bodies: Vec<String>,
    /// `type`.
    pub paper_type: Option<String>,
    /// `committee`.
    pub committee: Option<String>,
    /// `from`, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// `to`, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `sort`, when given; see [`SearchParams::sort`].
    pub sort: Option<Sort>,
    /// `page`, 1-based.
    pub page: usize,
    /// `limit` (API only).
    pub limit: Option<usize>,
    /// `offset` (API only).
    pub offset: Option<usize>,
}

impl Default for SearchParams {
    /// No query, no filters, page 1.
    fn default() -> SearchParams {
        SearchParams {
            q: String::new(),
            bodies: Vec::new(),
            paper_type: None,
            committee: None,
            from: None,
            to: None,
            sort: None,
            page: 1,
            limit: None,
            offset: None,
        }
    }
}

impl SearchParams {
    /// Parses a raw query string. Unknown keys are ignored; values over
    /// the limits are errors.
    pub fn parse(query: &str) -> Result<SearchParams, ParamError> {
        let mut params = SearchParams::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            match &*key {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        return Err(ParamError(format!(
                            "die Suchanfrage ist länger als {MAX_QUERY_CHARS} Zeichen"
                        )));
                    }
                    params.q = value.to_string();
                }
                "body" => {
                    if let Some(value) = filter_value("body", value)? {
                        if params.bodies.len() >= MAX_BODIES {
                            return Err(ParamError(format!(
                                "höchstens {MAX_BODIES} Körperschaften auf einmal"
                            )));
                        }
                        if !params.bodies.contains(&value) {
                            params.bodies.push(value);
                        }
                    }
                }
                "type" => params.paper_type = filter_value("type", value)?,
                "committee" => params.committee = filter_value("committee", value)?,
                "from" => params.from = day("from", value)?,
                "to" => params.to = day("to", value)?,
                "sort" => {
                    params.sort = match value {
                        "" => None,
                        "relevance" => Some(Sort::Relevance),
                        "date" => Some(Sort::Date),
                        other => {
                            return Err(ParamError(format!(
                                "sort ist 'relevance' oder 'date', nicht {other:?}"
                            )))
                        }
                    }
                }
                "page" if !value.is_empty() => {
                    let max = MAX_WINDOW / PAGE_SIZE;
                    params.page = number("page", value, 1, max)?;
                }
                "limit" if !value.is_empty() => {
                    params.limit = Some(number("limit", value, 1, MAX_API_LIMIT)?)
                }
                "offset" if !value.is_empty() => {
                    params.offset = Some(number("offset", value, 0, MAX_WINDOW)?)
                }
                _ => {}
            }
        }
        Ok(params)
    }

    /// The order: as asked, else relevance for a query and newest first
    /// without one.
    pub fn sort(&self) -> Sort {
        self.sort.unwrap_or(if self.q.trim().is_empty() {
            Sort::Date
        } else {
            Sort::Relevance
        })
    }

    /// Whether any filter is set.
    pub fn has_filters(&self) -> bool {
        !self.bodies.is_empty()
            || self.paper_type.is_some()
            || self.committee.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// The search for `limit` hits from `offset`, counted.
    pub fn request(&self, limit: usize, offset: usize, facets: bool) -> SearchRequest {
        let mut request = SearchRequest::new(self.q.clone());
        request.bodies = self.bodies.clone();
        request.paper_type = self.paper_type.clone();
        request.committee = self.committee.clone();
        request.from = self.from.clone();
        request.to = self.to.clone();
        request.sort = self.sort();
        request.limit = limit;
        request.offset = offset;
        request.count = true;
        request.facets = facets;
        request
    }

    /// The search page's request: its page of [`PAGE_SIZE`] hits, with
    /// facets.
    pub fn page_request(&self) -> SearchRequest {
        self.request(PAGE_SIZE, self.page.saturating_sub(1) * PAGE_SIZE, true)
    }

    /// `/api/search`'s request: `limit` (10) hits from `offset` (0),
    /// within the window.
    pub fn api_request(&self) -> SearchRequest {
        let limit = self.limit.unwrap_or(10);
        let offset = self
            .offset
            .unwrap_or(0)
            .min(MAX_WINDOW - limit.min(MAX_WINDOW));
        self.request(limit, offset, false)
    }

    /// The query string for these parameters (page 1 and the default sort
    /// left out), `&`-joined and percent-encoded.
    pub fn query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        for body in &self.bodies {
            out.append_pair("body", body);
        }
        let optional = [
            ("type", &self.paper_type),
            ("committee", &self.committee),
            ("from", &self.from),
            ("to", &self.to),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                out.append_pair(key, value);
            }
        }
        match self.sort {
            Some(Sort::Relevance) => {
                out.append_pair("sort", "relevance");
            }
            Some(Sort::Date) => {
                out.append_pair("sort", "date");
            }
            None => {}
        }
        if self.page > 1 {
            out.append_pair("page", &self.page.to_string());
        }
        out.finish()
    }

    /// `path?query` for these parameters.
    pub fn url(&self, path: &str) -> String {
        let query = self.query_string();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }

    /// A copy changed by `change`, back on page 1 (a new search).
    pub fn with(&self, change: impl FnOnce(&mut SearchParams)) -> SearchParams {
        let mut copy = self.clone();
        change(&mut copy);
        copy.page = 1;
        copy
    }
}

fn filter_value(name: &str, value: &str) -> Result<Option<String>, ParamError> {
    if value.chars().count() > MAX_VALUE_CHARS {
        return Err(ParamError(format!(
            "{name} ist länger als {MAX_VALUE_CHARS} Zeichen"
        )));
    }
    Ok((!value.is_empty()).then(|| value.to_string()))
}

fn day(name: &str, value: &str) -> Result<Option<String>, ParamError> {
    if value.is_empty() {
        return Ok(None);
    }
    if value.len() == 10 && days_from_iso_date(value).is_some() {
        Ok(Some(value.to_string()))
    } else {
        Err(ParamError(format!(
            "{name} muss ein Tag JJJJ-MM-TT sein, nicht {:?}",
            value.chars().take(40).collect::<String>()
        )))
    }
}

fn number(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ParamError> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ParamError(format!(
            "{name} muss eine Zahl von {min} bis {max} sein"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_back_the_same_state() {
        let p = SearchParams::parse(
            "q=Radweg+%22sichere%22&body=Erfurt&body=Jena&type=Antrag&from=2024-01-01&sort=date&page=2&x=1",
        )
        .unwrap();
        assert_eq!(p.q, "Radweg \"sichere\"");
        assert_eq!(p.bodies, vec!["Erfurt", "Jena"]);
        assert_eq!(p.paper_type.as_deref(), Some("Antrag"));
        assert_eq!(p.sort(), Sort::Date);
        assert_eq!(p.page, 2);
        assert_eq!(SearchParams::parse(&p.query_string()).unwrap(), p);
        assert_eq!(p.page_request().offset, PAGE_SIZE);
        assert!(p
            .with(|p| p.bodies.clear())
            .url("/")
            .starts_with("/?q=Radweg"));
        assert_eq!(p.with(|_| {}).page, 1);
    }

    #[test]
    fn limits_are_errors() {
        let long = "x".repeat(MAX_QUERY_CHARS + 1);
        assert!(SearchParams::parse(&format!("q={long}")).is_err());
        assert!(SearchParams::parse("page=0").is_err());
        assert!(SearchParams::parse(&format!("page={}", MAX_WINDOW / PAGE_SIZE + 1)).is_err());
        assert!(SearchParams::parse("limit=101").is_err());
        assert!(SearchParams::parse("from=2024-13-01").is_err());
        assert!(SearchParams::parse("from=2024-1-1").is_err());
        assert!(SearchParams::parse("sort=random").is_err());
        let many: Vec<String> = (0..=MAX_BODIES).map(|i| format!("body=b{i}")).collect();
        assert!(SearchParams::parse(&many.join("&")).is_err());
    }

    #[test]
    fn default_sort_follows_the_query() {
        assert_eq!(SearchParams::parse("").unwrap().sort(), Sort::Date);
        assert_eq!(SearchParams::parse("q=x").unwrap().sort(), Sort::Relevance);
        let api = SearchParams::parse("q=x&limit=100&offset=1000").unwrap();
        let request = api.api_request();
        assert!(request.offset + request.limit <= MAX_WINDOW);
    }
}
