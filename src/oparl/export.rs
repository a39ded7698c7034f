//! Records out: as OParl 1.1 Paper objects, as the records' own JSON
//! Lines, or as CSV rows, streamed from the index one document at a time
//! (memory does not grow with the number of papers).
//!
//! An OParl Paper carries what OParl has a property for (`name`,
//! `reference`, `date`, `paperType`, files, consultations, …) and the
//! rest under extension keys prefixed `ratsindex:` (decision proposal,
//! finance, actors, cited papers, provenance, …). Ids are stable: an
//! imported paper keeps its OParl ids; another record gets
//! `<base>/paper/<document id>` (the document id is derived from the
//! file's content), its consultations `…/consultation/<n>` below it.
//! `Consultation` objects are embedded in `consultation`; since OParl
//! names a committee only by an Organization URL, its name and date are
//! in `ratsindex:committee` and `ratsindex:date`.

use std::io::Write;

use serde_json::{json, Map, Value};
use tantivy::collector::DocSetCollector;
use tantivy::schema::{TantivyDocument, Value as _};
use tantivy::{DocAddress, Searcher};

use super::model::Origin;
use crate::index::search::query::plan;
use crate::index::search::SearchRequest;
use crate::index::{IndexError, RatsIndex, Result};
use crate::record::Record;

/// The OParl 1.1 type URL of a class.
pub fn type_url(class: &str) -> String {
    format!("https://schema.oparl.org/1.1/{class}")
}

/// The prefix of extension keys.
pub const EXT: &str = "ratsindex:";

/// The default base of ids minted for records that have no OParl id:
/// `.invalid` never resolves, so nobody mistakes it for a live API
/// (give `--base-url` where the export will be served).
pub const DEFAULT_BASE: &str = "https://ratsindex.invalid/oparl";

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OParl 1.1 Paper objects, one per line.
    Oparl,
    /// The records' JSON (the `extract` contract), one per line.
    Jsonl,
    /// One CSV row per paper with the scalar fields.
    Csv,
}

/// What to export and how.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The format.
    pub format: Format,
    /// Only papers matching this query (the `search` syntax).
    pub query: Option<String>,
    /// Only papers of these bodies.
    pub bodies: Vec<String>,
    /// The base of minted ids.
    pub base_url: String,
    /// Put the text into the OParl File it was read from (`text`).
    pub with_text: bool,
}

/// Writes the selected records to `out`; returns how many.
pub fn export(index: &RatsIndex, options: &ExportOptions, out: &mut dyn Write) -> Result<usize> {
    let searcher = index.reader()?.searcher();
    let io = |source: std::io::Error| IndexError::Io {
        context: "cannot write the export".into(),
        source,
    };
    if options.format == Format::Csv {
        out.write_all(csv_line(CSV_COLUMNS.iter().map(|c| c.to_string())).as_bytes())
            .map_err(io)?;
    }
    let mut count = 0;
    let mut write = |json: &str| -> Result<()> {
        match options.format {
            Format::Jsonl => {
                out.write_all(json.as_bytes()).map_err(io)?;
                out.write_all(b"\n").map_err(io)?;
            }
            Format::Oparl => {
                let record: Record = serde_json::from_str(json)?;
                serde_json::to_writer(&mut *out, &to_oparl(&record, options))?;
                out.write_all(b"\n").map_err(io)?;
            }
            Format::Csv => {
                let record: Record = serde_json::from_str(json)?;
                out.write_all(csv_row(&record).as_bytes()).map_err(io)?;
            }
        }
        count += 1;
        Ok(())
    };
    let all =
        options.query.as_deref().is_none_or(|q| q.trim().is_empty()) && options.bodies.is_empty();
    if all {
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                let address = DocAddress::new(ord as u32, doc);
                if let Some(json) = stored_json(&searcher, index, address)? {
                    write(&json)?;
                }
            }
        }
    } else {
        let request = SearchRequest {
            bodies: options.bodies.clone(),
            ..SearchRequest::new(options.query.clone().unwrap_or_default())
        };
        let query = plan(index, &request)?.strict;
        let mut addresses: Vec<DocAddress> = searcher
            .search(&*query, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        for address in addresses {
            if let Some(json) = stored_json(&searcher, index, address)? {
                write(&json)?;
            }
        }
    }
    out.flush().map_err(io)?;
    Ok(count)
}

/// The stored record JSON of a document.
fn stored_json(
    searcher: &Searcher,
    index: &RatsIndex,
    address: DocAddress,
) -> Result<Option<String>> {
    let doc: TantivyDocument = searcher.doc(address)?;
    Ok(doc
        .get_first(index.fields().record)
        .and_then(|v| v.as_str())
        .map(str::to_owned))
}

/// A record as an OParl 1.1 Paper.
pub fn to_oparl(record: &Record, options: &ExportOptions) -> Value {
    let info = record.oparl.as_deref();
    let base = options.base_url.trim_end_matches('/');
    let paper_id = info
        .map(|i| i.paper.clone())
        .unwrap_or_else(|| format!("{base}/paper/{}", record.id));
    let mut paper = Map::new();
    paper.insert("id".into(), json!(paper_id));
    paper.insert("type".into(), json!(type_url("Paper")));
    let put = |map: &mut Map<String, Value>, key: &str, value: Option<Value>| {
        if let Some(value) = value {
            map.insert(key.into(), value);
        }
    };
    put(
        &mut paper,
        "body",
        info.and_then(|i| i.body.clone()).map(Value::from),
    );
    put(&mut paper, "name", record.title.clone().map(Value::from));
    put(
        &mut paper,
        "reference",
        record.reference.clone().map(Value::from),
    );
    put(
        &mut paper,
        "date",
        record.date.clone().filter(|d| is_date(d)).map(Value::from),
    );
    put(
        &mut paper,
        "paperType",
        record.paper_type.clone().map(Value::from),
    );
    if let Some(info) = info {
        for (key, list) in [
            ("relatedPaper", &info.related_paper),
            ("superordinatedPaper", &info.superordinated_paper),
            ("subordinatedPaper", &info.subordinated_paper),
            ("underDirectionOf", &info.under_direction_of),
        ] {
            if !list.is_empty() {
                paper.insert(key.into(), json!(list));
            }
        }
        let file = |f: &super::model::FileInfo| {
            let mut file = Map::new();
            file.insert("id".into(), json!(f.id));
            file.insert("type".into(), json!(type_url("File")));
            put(&mut file, "name", f.name.clone().map(Value::from));
            put(&mut file, "fileName", f.file_name.clone().map(Value::from));
            put(&mut file, "mimeType", f.mime_type.clone().map(Value::from));
            put(
                &mut file,
                "date",
                f.date.clone().filter(|d| is_date(d)).map(Value::from),
            );
            let access = f
                .access_url
                .clone()
                .or_else(|| f.download_url.clone())
                .unwrap_or_else(|| f.id.clone());
            file.insert("accessUrl".into(), json!(access));
            put(
                &mut file,
                "downloadUrl",
                f.download_url.clone().map(Value::from),
            );
            if options.with_text && info.text_file.as_deref() == Some(f.id.as_str()) {
                file.insert("text".into(), json!(record.text));
            }
            put(
                &mut file,
                "created",
                f.created
                    .clone()
                    .filter(|d| is_date_time(d))
                    .map(Value::from),
            );
            put(
                &mut file,
                "modified",
                f.modified
                    .clone()
                    .filter(|d| is_date_time(d))
                    .map(Value::from),
            );
            Value::Object(file)
        };
        if let Some(main) = info.files.iter().find(|f| f.main) {
            paper.insert("mainFile".into(), file(main));
        }
        let aux: Vec<Value> = info.files.iter().filter(|f| !f.main).map(file).collect();
        if !aux.is_empty() {
            paper.insert("auxiliaryFile".into(), Value::Array(aux));
        }
    }
    let from_metadata =
        info.is_some_and(|i| i.origin.get("consultations") == Some(&Origin::Metadata));
    let consultations: Vec<Value> = record
        .consultations
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let oparl = info
                .filter(|_| from_metadata)
                .and_then(|i| i.consultations.get(n));
            let mut object = Map::new();
            let id = oparl
                .and_then(|o| o.id.clone())
                .unwrap_or_else(|| format!("{base}/paper/{}/consultation/{n}", record.id));
            object.insert("id".into(), json!(id));
            object.insert("type".into(), json!(type_url("Consultation")));
            object.insert("paper".into(), json!(paper_id));
            if let Some(o) = oparl {
                put(&mut object, "meeting", o.meeting.clone().map(Value::from));
                put(
                    &mut object,
                    "agendaItem",
                    o.agenda_item.clone().map(Value::from),
                );
                if !o.organization.is_empty() {
                    object.insert("organization".into(), json!(o.organization));
                }
                put(
                    &mut object,
                    "authoritative",
                    o.authoritative.map(Value::from),
                );
                put(&mut object, "role", o.role.clone().map(Value::from));
                put(
                    &mut object,
                    "created",
                    o.created
                        .clone()
                        .filter(|d| is_date_time(d))
                        .map(Value::from),
                );
                put(
                    &mut object,
                    "modified",
                    o.modified
                        .clone()
                        .filter(|d| is_date_time(d))
                        .map(Value::from),
                );
            } else {
                put(&mut object, "role", c.role.clone().map(Value::from));
            }
            object.insert(format!("{EXT}committee"), json!(c.committee));
            put(
                &mut object,
                &format!("{EXT}date"),
                c.date.clone().map(Value::from),
            );
            put(
                &mut object,
                &format!("{EXT}public"),
                c.public.map(Value::from),
            );
            Value::Object(object)
        })
        .collect();
    if !consultations.is_empty() {
        paper.insert("consultation".into(), Value::Array(consultations));
    }
    if let Some(info) = info {
        put(&mut paper, "web", info.web.clone().map(Value::from));
        put(
            &mut paper,
            "created",
            info.created
                .clone()
                .filter(|d| is_date_time(d))
                .map(Value::from),
        );
        put(
            &mut paper,
            "modified",
            info.modified
                .clone()
                .filter(|d| is_date_time(d))
                .map(Value::from),
        );
    }
    // What OParl has no property for.
    let ext = |key: &str| format!("{EXT}{key}");
    paper.insert(ext("documentId"), json!(record.id));
    put(
        &mut paper,
        &ext("bodyName"),
        record.body.clone().map(Value::from),
    );
    put(&mut paper, &ext("public"), record.public.map(Value::from));
    put(
        &mut paper,
        &ext("department"),
        record.department.clone().map(Value::from),
    );
    put(
        &mut paper,
        &ext("author"),
        record.author.clone().map(Value::from),
    );
    put(
        &mut paper,
        &ext("decisionProposal"),
        record.decision_proposal.clone().map(Value::from),
    );
    paper.insert(ext("finance"), json!(record.finance));
    paper.insert(ext("actors"), json!(record.actors));
    paper.insert(ext("citedPapers"), json!(record.references));
    paper.insert(ext("attachments"), json!(record.attachments));
    paper.insert(ext("warnings"), json!(record.warnings));
    paper.insert(ext("source"), json!(record.source));
    let mut provenance = Map::new();
    if let Some(info) = info {
        provenance.insert("origin".into(), json!(info.origin));
        provenance.insert("printed".into(), json!(info.printed));
        put(
            &mut provenance,
            "textFile",
            info.text_file.clone().map(Value::from),
        );
        put(
            &mut provenance,
            "textFileRule",
            info.text_file_rule.clone().map(Value::from),
        );
    }
    provenance.insert("spans".into(), json!(record.provenance));
    paper.insert(ext("provenance"), Value::Object(provenance));
    Value::Object(paper)
}

/// The CSV columns.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "oparl_id",
    "body",
    "reference",
    "title",
    "paper_type",
    "date",
    "public",
    "department",
    "author",
    "committees",
    "decision_proposal",
    "finance_impact",
    "finance_total",
    "cited_papers",
    "source_path",
];

/// One CSV row (RFC 4180: fields with commas, quotes or line breaks are
/// quoted), ending in CRLF.
pub fn csv_row(record: &Record) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let flag = |v: Option<bool>| v.map(|b| b.to_string()).unwrap_or_default();
    let committees: Vec<&str> = record
        .consultations
        .iter()
        .map(|c| c.committee.as_str())
        .collect();
    csv_line(
        [
            record.id.clone(),
            record
                .oparl
                .as_deref()
                .map(|i| i.paper.clone())
                .unwrap_or_default(),
            opt(&record.body),
            opt(&record.reference),
            opt(&record.title),
            opt(&record.paper_type),
            opt(&record.date),
            flag(record.public),
            opt(&record.department),
            opt(&record.author),
            committees.join("; "),
            opt(&record.decision_proposal),
            flag(record.finance.impact),
            record
                .finance
                .total
                .map(|t| t.to_string())
                .unwrap_or_default(),
            record.references.join("; "),
            record.source.path.clone(),
        ]
        .into_iter(),
    )
}

fn csv_line(fields: impl Iterator<Item = String>) -> String {
    let mut line = fields
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// `YYYY-MM-DD`, a real day.
fn is_date(value: &str) -> bool {
    value.len() == 10 && crate::index::days_from_iso_date(value).is_some()
}

/// An RFC 3339 date-time (`2021-03-23T12:14:27+01:00`, `…Z`, with or
/// without fractions).
fn is_date_time(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 20 || !is_date(&value[..10]) || b[10] != b'T' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(11..13) && b[13] == b':' && digits(14..16) && b[16] == b':' && digits(17..19)) {
        return false;
    }
    let mut rest = &value[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest.as_bytes() {
        [b'Z'] | [b'z'] => true,
        [sign, h1, h2, b':', m1, m2] => {
            matches!(sign, b'+' | b'-') && [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Consultation;

    fn options() -> ExportOptions {
        ExportOptions {
            format: Format::Oparl,
            query: None,
            bodies: Vec::new(),
            base_url: DEFAULT_BASE.into(),
            with_text: false,
        }
    }

    #[test]
    fn a_record_from_files_gets_minted_stable_ids() {
        let record = Record {
            id: "0123456789abcdef".into(),
            title: Some("Radweg".into()),
            date: Some("2024-13-01".into()),
            consultations: vec![Consultation {
                committee: "Bauausschuss".into(),
                date: Some("2024-02-01".into()),
                ..Consultation::default()
            }],
            ..Record::default()
        };
        let paper = to_oparl(&record, &options());
        assert_eq!(
            paper["id"],
            "https://ratsindex.invalid/oparl/paper/0123456789abcdef"
        );
        assert_eq!(paper["type"], "https://schema.oparl.org/1.1/Paper");
        assert!(paper.get("date").is_none(), "not a real day");
        let c = &paper["consultation"][0];
        assert_eq!(c["paper"], paper["id"]);
        assert_eq!(c["ratsindex:committee"], "Bauausschuss");
        assert_eq!(to_oparl(&record, &options()), paper);
    }

    #[test]
    fn date_times_and_csv_quoting() {
        assert!(is_date_time("2021-03-23T12:14:27+01:00"));
        assert!(is_date_time("2021-03-23T12:14:27.5Z"));
        assert!(!is_date_time("2021-03-23 12:14:27"));
        assert!(!is_date_time("2021-03-23T12:14:27+0100"));
        assert_eq!(
            csv_line(["a,b".to_string(), "say \"x\"".into(), "c".into()].into_iter()),
            "\"a,b\",\"say \"\"x\"\"\",c\r\n"
        );
    }
}
