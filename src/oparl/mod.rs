//! OParl in and out: importing a council's OParl dump into the index
//! (`ingest --oparl`), comparing the RIS metadata with what the paper
//! prints, and exporting records as OParl 1.1 (`export`).
//!
//! Import pipeline, one stage per module:
//!
//! 1. [`dump`]: the dump's files → lookup tables (organisations,
//!    meetings, agenda items, bodies), the papers' places, the contents;
//! 2. [`paper`]: a Paper object → [`paper::MetaPaper`], its references
//!    resolved;
//! 3. [`main_file`]: which of its files is the paper itself;
//! 4. the [`crate::pipeline`] reads that file into a record (extraction
//!    is not touched here);
//! 5. [`merge`]: metadata and text → one [`crate::Record`] with an
//!    [`OparlInfo`] (ids, files, per-field origin, the text's values);
//! 6. [`import`]: runs 1–5 over the dump and writes the index,
//!    incrementally; [`compare`] and [`report`] make the agreement
//!    report from the records.
//!
//! Export: [`export`] turns a record into an OParl 1.1 Paper (with
//! embedded Consultations and Files and `ratsindex:` extension keys), a
//! CSV row, or streams them from the index.

pub mod compare;
pub mod dump;
pub mod export;
pub mod import;
pub mod main_file;
pub mod merge;
pub mod model;
pub mod paper;
pub mod report;

pub use model::{ConsultationInfo, FileInfo, OparlInfo, Origin, Printed};
