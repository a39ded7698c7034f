//! The record model: one council paper as structured data.
//!
//! [`Record`] is the JSON contract printed by `ratsindex extract` (one object
//! per line) and stored in the index. Tools outside this repository read it,
//! so keys are only ever added, never renamed or dropped. Every key is always
//! present: absent values are `null` or `[]`.
//!
//! Field names follow the OParl `Paper` object where one exists
//! (`reference`, `paperType` → `paper_type`, `date`, `consultation` →
//! `consultations`, `auxiliaryFile` → `attachments`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The extracted fields of a [`Record`] in contract order: what
/// `extract --explain`, the evaluation and the corpus report go through.
pub const EXTRACTED_FIELDS: &[&str] = &[
    "body",
    "reference",
    "title",
    "paper_type",
    "public",
    "date",
    "department",
    "author",
    "consultations",
    "decision_proposal",
    "finance",
    "actors",
    "references",
    "attachments",
];

/// One paper (Drucksache, Vorlage, Antrag, Anfrage, …) as extracted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Stable document id: derived from the file's content hash, so the
    /// same bytes always get the same id (see [`document_id`]).
    pub id: String,
    /// Where the record came from.
    pub source: SourceInfo,
    /// The city, district or parliament the paper belongs to.
    pub body: Option<String>,
    /// The paper's own number as printed, without its label
    /// ("1822/24", "VO/7605/2020").
    pub reference: Option<String>,
    /// The subject line (Betreff / Titel).
    pub title: Option<String>,
    /// The paper type as printed ("Beschlussvorlage", "Antrag", …).
    pub paper_type: Option<String>,
    /// Whether the paper is public (öffentlich).
    pub public: Option<bool>,
    /// The paper's own date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The originating unit as printed (Amt, Fachbereich, Fraktion, …).
    pub department: Option<String>,
    /// The person who wrote or signed the paper.
    pub author: Option<String>,
    /// The Beratungsfolge: the bodies that discuss the paper, in order.
    pub consultations: Vec<Consultation>,
    /// The Beschlussvorschlag, whitespace-normalised.
    pub decision_proposal: Option<String>,
    /// The Finanzielle Auswirkungen section.
    pub finance: Finance,
    /// Persons, bodies, offices and organisations the paper names.
    pub actors: Vec<Actor>,
    /// Numbers of other papers the text cites.
    pub references: Vec<String>,
    /// Attachment titles as listed (Anlagen).
    pub attachments: Vec<String>,
    /// Links to attachment files with their targets, as found in an HTML
    /// page (for a later fetch); `[]` for other formats. Records stored
    /// before this key existed read back with `[]`.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Things a user should know about this record ("no decision proposal
    /// found", "PDF without text layer", …).
    pub warnings: Vec<String>,
    /// Where each extracted field came from, keyed by field name; items of
    /// list fields are keyed `field[i]` (e.g. `consultations[0]`).
    pub provenance: BTreeMap<String, Provenance>,
    /// The full normalised text; pages are separated by form feeds.
    pub text: String,
    /// For a paper imported from an OParl dump (`ingest --oparl`): its
    /// OParl ids, files, and per field whether the value came from the
    /// RIS metadata or the text. Left out of the JSON for other records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oparl: Option<Box<crate::oparl::OparlInfo>>,
    /// Which pages were read by OCR, how sure the engine was, and which
    /// pages needed OCR that could not be done (see [`OcrInfo`]). Records
    /// stored before this key existed read back with no pages.
    #[serde(default)]
    pub ocr: OcrInfo,
    /// Where the record is one paper of a session bundle (one PDF holding
    /// several papers): the bundle file and this paper's pages in it;
    /// `null` for a file that is one paper.
    #[serde(default)]
    pub bundle: Option<BundlePart>,
}

/// OCR facts of a record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OcrInfo {
    /// 1-based pages whose text came from OCR.
    pub pages: Vec<u32>,
    /// Mean word confidence (0–100) over those pages, as Tesseract gives
    /// it; `null` when no page was OCR'd.
    pub mean_confidence: Option<f64>,
    /// 1-based pages without a usable text layer that were not OCR'd
    /// (`--ocr never`, or Tesseract missing): the record lacks their text.
    pub needed: Vec<u32>,
    /// The engine and settings used ("tesseract 5.3.0, deu, 300 dpi"),
    /// `null` when no page was OCR'd.
    pub engine: Option<String>,
}

impl OcrInfo {
    /// Whether any page was OCR'd.
    pub fn used(&self) -> bool {
        !self.pages.is_empty()
    }
}

/// One paper of a bundle file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundlePart {
    /// The id of the bundle file's first paper (the file's content id).
    pub bundle_id: String,
    /// The bundle file's path (as in `source.path`).
    pub path: String,
    /// 1-based number of this paper in the bundle.
    pub part: u32,
    /// How many papers the bundle holds.
    pub parts: u32,
    /// First and last page (1-based, inclusive) of this paper in the file.
    pub pages: [u32; 2],
}

/// A link to another file, such as an attachment of an HTML detail page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The link text (the attachment's title).
    pub name: String,
    /// The target as written in the page.
    pub url: String,
}

/// Facts about the file a record was read from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The path as given or found while walking.
    pub path: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The reader that produced the text.
    pub format: Format,
    /// Number of pages, where the format has pages.
    pub pages: Option<u32>,
}

/// The input format of a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (and Markdown or text with stray tags).
    #[default]
    Text,
    /// A PDF with a text layer.
    Pdf,
    /// An HTML page.
    Html,
    /// A Word document (Office Open XML, `.docx`).
    Docx,
    /// An OpenDocument text (`.odt`).
    Odt,
    /// Rich Text Format (`.rtf`).
    Rtf,
    /// A legacy Word document (`.doc`, read with antiword).
    Doc,
}

impl Format {
    /// The format's name as it appears in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Doc => "doc",
        }
    }
}

/// One row of the Beratungsfolge.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    /// The body that discusses the paper ("Hauptausschuss").
    pub committee: String,
    /// The meeting date, `YYYY-MM-DD`, where printed.
    pub date: Option<String>,
    /// Whether that meeting discusses it in public.
    pub public: Option<bool>,
    /// The role as printed ("Vorberatung", "Entscheidung", "Kenntnisnahme").
    pub role: Option<String>,
}

/// The Finanzielle Auswirkungen section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Finance {
    /// `true`/`false` from the ticked box or a Ja/Nein; `null` when the
    /// paper does not say.
    pub impact: Option<bool>,
    /// The year column heads, as strings ("2024").
    pub years: Vec<String>,
    /// The rows of the finance grid.
    pub rows: Vec<FinanceRow>,
    /// Gesamtkosten in euros, where stated.
    pub total: Option<f64>,
}

/// One row of a finance grid: a label and one amount per year column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FinanceRow {
    /// The row label ("Verwaltungshaushalt Ausgaben").
    pub label: String,
    /// Amounts in euros, aligned with [`Finance::years`]; `null` where the
    /// cell is empty.
    pub amounts: Vec<Option<f64>>,
    /// The row's one amount in euros where the paper prints it without a
    /// year ("Gesamtkosten: 17.387,50 €", a label column beside a value
    /// column); left out of the JSON when there is none. Records stored
    /// before this key existed read back without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// `true` for a recurring amount (per year: "jährlich", "p.a.",
    /// "Folgekosten", "laufende Belastung"); left out of the JSON when
    /// `false` (one-off or not said).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recurring: bool,
}

/// A person, body, office or organisation named in the paper.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Actor {
    /// The name in its fullest printed form.
    pub name: String,
    /// What kind of actor it is.
    pub kind: ActorKind,
}

/// The kinds of [`Actor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A named person.
    Person,
    /// An association or institution (Verein, Verband, Stiftung, Schule,
    /// Universität, Polizei, …): an organisation of no other kind.
    Organization,
    /// An administrative unit or authority (Amt, Fachbereich, Fachdienst,
    /// Dezernat, Ortsverwaltung, Genehmigungsbehörde, Ministerium, …).
    Office,
    /// An elected body or one of its committees.
    Committee,
    /// A faction or a party (`CDU-Fraktion`, `SPD`).
    Faction,
    /// A company (`Deutsche Post AG`, `Stadtwerke`, `… GmbH`).
    Company,
    /// A public body in its own right: the state, a county, a city or a
    /// municipality as such, a government (`Land Baden-Württemberg`,
    /// `Landkreis Marburg-Biedenkopf`, `Bundesregierung`).
    #[serde(rename = "public_body")]
    PublicBody,
    /// An office held by a person, named without the person
    /// (`Oberbürgermeister`, `Ortsvorsteherin`).
    Position,
}

/// Where an extracted value came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// 1-based page number, where the text has pages.
    pub page: Option<u32>,
    /// `[start, end)` in characters (Unicode scalar values) of
    /// [`Record::text`].
    pub span: [usize; 2],
    /// The id of the rule that matched.
    pub rule: String,
}

/// The id of paper `part` (1-based) of a bundle file whose content id is
/// `bundle_id`: the first paper keeps the file's id, so a file that used
/// to be one record keeps its id; the others get `-2`, `-3`, …. Stable
/// as long as the file's bytes and the split are.
pub fn part_id(bundle_id: &str, part: u32) -> String {
    if part <= 1 {
        bundle_id.to_string()
    } else {
        format!("{bundle_id}-{part}")
    }
}

/// The stable document id for a file's bytes: the first 16 hex digits of
/// their SHA-256. The same paper reached by two paths is one document.
pub fn document_id(sha256_hex: &str) -> String {
    sha256_hex.chars().take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_key_is_present_even_when_empty() {
        let json = serde_json::to_value(Record::default()).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        // The contract as the foundation issue wrote it, spelled out here
        // (not taken from the code) so a rename fails this test.
        let contract = "id source body reference title paper_type public date department author \
            consultations decision_proposal finance actors references attachments links warnings text";
        for key in contract.split_whitespace() {
            assert!(keys.contains(&key), "missing key {key}");
        }
        for field in EXTRACTED_FIELDS {
            assert!(keys.contains(field), "EXTRACTED_FIELDS names {field}");
        }
        assert_eq!(json["finance"]["impact"], serde_json::Value::Null);
        assert_eq!(json["source"]["format"], "text");
    }

    #[test]
    fn records_stored_without_links_read_back_with_none() {
        let mut json = serde_json::to_value(Record::default()).unwrap();
        assert_eq!(json["links"], serde_json::json!([]));
        json.as_object_mut().unwrap().remove("links");
        let record: Record = serde_json::from_value(json).unwrap();
        assert!(record.links.is_empty());
    }

    #[test]
    fn document_id_is_a_hash_prefix() {
        assert_eq!(document_id("abcdef0123456789ffff"), "abcdef0123456789");
    }
}
