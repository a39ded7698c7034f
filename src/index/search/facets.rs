//! Facets: how the hits of a query spread over bodies, paper types, years
//! and committees, counted by tantivy's terms aggregation over the fast
//! columns (`body`, `type`, `year`, `committee`) in the same pass as the
//! search.

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::{AggContextParams, AggregationCollector};

use super::super::{IndexError, Result};

/// Most values listed per facet (the rest is summed in `other`).
const MAX_VALUES: u32 = 100;

/// One value of a facet and how many hits have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value as printed in the papers ("Erfurt", "Antrag", "2024").
    pub value: String,
    /// Number of hits with that value.
    pub count: u64,
}

/// The hits counted by body, paper type, year and committee.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// By city / council, most hits first.
    pub body: Vec<FacetCount>,
    /// By paper type, most hits first.
    #[serde(rename = "type")]
    pub paper_type: Vec<FacetCount>,
    /// By year, newest first.
    pub year: Vec<FacetCount>,
    /// By committee of the Beratungsfolge (a paper counts once for each
    /// committee it goes to), most hits first.
    pub committee: Vec<FacetCount>,
}

/// The names of the four facets, as in [`Facets`].
pub const FACET_NAMES: [&str; 4] = ["body", "type", "year", "committee"];

/// The collector that counts the facets.
pub fn collector() -> Result<AggregationCollector> {
    let terms = |field: &str, order: &str| {
        serde_json::json!({ "terms": {
            "field": field, "size": MAX_VALUES, "order": { order: "desc" }
        }})
    };
    let request = serde_json::json!({
        "body": terms("body", "_count"),
        "type": terms("type", "_count"),
        "year": terms("year", "_key"),
        "committee": terms("committee", "_count"),
    });
    let aggregations: Aggregations = serde_json::from_value(request)?;
    Ok(AggregationCollector::from_aggs(
        aggregations,
        AggContextParams::default(),
    ))
}

/// Reads the collector's result.
pub fn from_results(results: AggregationResults) -> Result<Facets> {
    let json = serde_json::to_value(&results)?;
    let read = |name: &str| -> Result<Vec<FacetCount>> {
        let Some(buckets) = json.get(name).and_then(|a| a.get("buckets")) else {
            return Ok(Vec::new());
        };
        let buckets = buckets.as_array().ok_or_else(|| {
            IndexError::Query(format!("facet {name}: unexpected aggregation result"))
        })?;
        Ok(buckets
            .iter()
            .filter_map(|bucket| {
                let key = bucket.get("key")?;
                let value = match key {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => match (n.as_u64(), n.as_f64()) {
                        (Some(u), _) => u.to_string(),
                        (None, Some(f)) => format!("{f:.0}"),
                        _ => n.to_string(),
                    },
                    other => other.to_string(),
                };
                let count = bucket.get("doc_count")?.as_u64()?;
                Some(FacetCount { value, count })
            })
            .collect())
    };
    Ok(Facets {
        body: read("body")?,
        paper_type: read("type")?,
        year: read("year")?,
        committee: read("committee")?,
    })
}
