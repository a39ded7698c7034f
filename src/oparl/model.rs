//! What a record imported from OParl keeps of its origin: the OParl ids,
//! the file that gave the text, where each field's value came from, and
//! what the text said about the fields the metadata also gives.
//!
//! Stored in [`crate::Record::oparl`] (and so in the index), which makes
//! export and the agreement report pure functions of a stored record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::record::Consultation;

/// The OParl side of a record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OparlInfo {
    /// The Paper's `id` (an absolute URL, treated as an opaque key).
    pub paper: String,
    /// The Paper's `body` URL.
    #[serde(default)]
    pub body: Option<String>,
    /// `created` of the Paper.
    #[serde(default)]
    pub created: Option<String>,
    /// `modified` of the Paper.
    #[serde(default)]
    pub modified: Option<String>,
    /// `web` of the Paper.
    #[serde(default)]
    pub web: Option<String>,
    /// The Paper's files: `mainFile` first if it has one, then
    /// `auxiliaryFile` in order.
    #[serde(default)]
    pub files: Vec<FileInfo>,
    /// The `id` of the file whose text the record was read from.
    #[serde(default)]
    pub text_file: Option<String>,
    /// How that file was chosen ([`crate::oparl::main_file::Choice`]).
    #[serde(default)]
    pub text_file_rule: Option<String>,
    /// The OParl side of each of [`crate::Record::consultations`] when
    /// they came from metadata, in the same order; empty otherwise.
    #[serde(default)]
    pub consultations: Vec<ConsultationInfo>,
    /// `underDirectionOf` URLs.
    #[serde(default)]
    pub under_direction_of: Vec<String>,
    /// `relatedPaper` URLs.
    #[serde(default)]
    pub related_paper: Vec<String>,
    /// `superordinatedPaper` URLs.
    #[serde(default)]
    pub superordinated_paper: Vec<String>,
    /// `subordinatedPaper` URLs.
    #[serde(default)]
    pub subordinated_paper: Vec<String>,
    /// Per field of the record: whether its value came from the metadata
    /// or from the paper's text. Fields without a value are left out.
    #[serde(default)]
    pub origin: BTreeMap<String, Origin>,
    /// What the text said about the fields the metadata also gives (its
    /// own extraction, kept even where the metadata's value was used).
    #[serde(default)]
    pub printed: Printed,
    /// A hash of everything the record was built from (the Paper object,
    /// the names and dates it was resolved with, the files' sizes and
    /// times): a different fingerprint means the paper is read again.
    #[serde(default)]
    pub fingerprint: String,
}

/// Where a field's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The RIS metadata (the OParl objects).
    Metadata,
    /// The paper's text, read by the extractors.
    Text,
}

/// The text's own values of the fields that the metadata gives too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Printed {
    /// The paper's number as the text prints it.
    #[serde(default)]
    pub reference: Option<String>,
    /// The subject line.
    #[serde(default)]
    pub title: Option<String>,
    /// The paper type.
    #[serde(default)]
    pub paper_type: Option<String>,
    /// The paper's date.
    #[serde(default)]
    pub date: Option<String>,
    /// The originating unit.
    #[serde(default)]
    pub department: Option<String>,
    /// The Beratungsfolge as printed.
    #[serde(default)]
    pub consultations: Vec<Consultation>,
}

/// An OParl File, as far as an export needs it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileInfo {
    /// `id`.
    pub id: String,
    /// `name`.
    #[serde(default)]
    pub name: Option<String>,
    /// `fileName`.
    #[serde(default)]
    pub file_name: Option<String>,
    /// `mimeType`.
    #[serde(default)]
    pub mime_type: Option<String>,
    /// `date`.
    #[serde(default)]
    pub date: Option<String>,
    /// `accessUrl`.
    #[serde(default)]
    pub access_url: Option<String>,
    /// `downloadUrl`.
    #[serde(default)]
    pub download_url: Option<String>,
    /// `created`.
    #[serde(default)]
    pub created: Option<String>,
    /// `modified`.
    #[serde(default)]
    pub modified: Option<String>,
    /// Whether it was the Paper's `mainFile` (else an `auxiliaryFile`).
    #[serde(default)]
    pub main: bool,
    /// Whether a text of it was found in the dump.
    #[serde(default)]
    pub has_text: bool,
}

/// An OParl Consultation, as far as an export needs it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConsultationInfo {
    /// `id`.
    #[serde(default)]
    pub id: Option<String>,
    /// `meeting`.
    #[serde(default)]
    pub meeting: Option<String>,
    /// `agendaItem`.
    #[serde(default)]
    pub agenda_item: Option<String>,
    /// `organization`.
    #[serde(default)]
    pub organization: Vec<String>,
    /// `authoritative`.
    #[serde(default)]
    pub authoritative: Option<bool>,
    /// `role` as given (also "unbekannt", which the record leaves out).
    #[serde(default)]
    pub role: Option<String>,
    /// The meeting's `name` where it differs from the committee's (often
    /// a former name of the committee, "Hauptausschuss"), without
    /// suffixes such as "(öffentlich/nicht öffentlich)".
    #[serde(default)]
    pub meeting_name: Option<String>,
    /// `created`.
    #[serde(default)]
    pub created: Option<String>,
    /// `modified`.
    #[serde(default)]
    pub modified: Option<String>,
}
