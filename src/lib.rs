//! ratsindex turns German council papers (Drucksachen, Beschlussvorlagen,
//! Anträge, Anfragen, Mitteilungsvorlagen) into structured, searchable
//! records.
//!
//! # Pipeline
//!
//! Each stage hands typed data to the next one:
//!
//! 1. [`source`]: a path becomes a [`source::Source`] (bytes + content hash),
//!    then a [`source::RawDocument`] (decoded pages of text) by the reader for
//!    its format (text, PDF, HTML).
//! 2. [`text`]: the pages become one normalised [`text::Text`] with line and
//!    page offsets, which is what every extractor reads.
//! 3. [`extract`]: rule-based extractors (regular expressions over the
//!    vocabulary in [`extract::rules`]) find the paper's fields in the
//!    [`text::Text`] and return an [`extract::Extracted`].
//! 4. [`record`]: the fields, the source facts and the text are assembled
//!    into a [`record::Record`], the JSON contract of `ratsindex extract`.
//! 5. [`index`]: records are written to a tantivy index and searched there.
//!
//! Between 1 and 3, scanned PDF pages are read by OCR
//! ([`source::ocr`]) and a session bundle is cut into one page range per
//! paper ([`bundle`]), each becoming its own record.
//!
//! [`pipeline`] ties stages 1–4 together for one file; [`ingest`] runs them
//! over many files into the index.
//!
//! # Example
//!
//! ```
//! use ratsindex::extract::{Extractor, Rules};
//! use ratsindex::pipeline::Pipeline;
//! use ratsindex::source::Source;
//!
//! let pipeline = Pipeline::new(Extractor::new(Rules::builtin()).unwrap());
//! let paper = "Beschlussvorlage\nDrucksache 0815/2023\n\nBeschlussvorschlag:\nDer Rat beschließt.\n";
//! let source = Source::from_bytes("paper.txt".as_ref(), paper.as_bytes().to_vec());
//! let record = pipeline.process_source(&source, Some("Erfurt")).unwrap();
//! assert_eq!(record.body.as_deref(), Some("Erfurt"));
//! assert_eq!(record.source.format.as_str(), "text");
//! assert!(record.text.contains("Der Rat beschließt."));
//! ```

pub mod bundle;
pub mod error;
pub mod extract;
pub mod hyphen;
pub mod index;
pub mod ingest;
pub mod oparl;
pub mod pipeline;
pub mod record;
pub mod source;
pub mod text;
pub mod timing;

pub use error::{FileError, Stage};
pub use record::Record;
