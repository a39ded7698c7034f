//! Rule-based extraction: from a normalised [`Text`] to the fields of a
//! paper.
//!
//! An [`Extractor`] is built once from [`Rules`] (it compiles every
//! pattern then) and is shared by all threads; [`Extractor::extract`] is a
//! pure function of the text. Each field has its own module with its rules
//! and its unit tests. Nothing here does I/O or knows about the index.

pub mod actors;
pub mod attachments;
pub mod author;
pub mod body;
pub mod consultations;
pub mod date;
pub mod decision;
pub mod department;
pub mod finance;
pub mod header;
pub mod lazy_regex;
pub mod paper_type;
pub mod public;
pub mod references;
pub mod rules;
pub mod scan;
pub mod sections;
pub mod title;

use std::collections::BTreeMap;
use std::ops::Range;

pub use rules::{Rules, RulesError};

use crate::record::{Actor, ActorKind, Consultation, Finance, Provenance};
use crate::text::Text;

/// The fields found in one text, before they are assembled into a
/// [`crate::Record`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    /// The city/council, where the text names it clearly.
    pub body: Option<String>,
    /// The paper's own number, without its label.
    pub reference: Option<String>,
    /// The subject line.
    pub title: Option<String>,
    /// The paper type as printed.
    pub paper_type: Option<String>,
    /// Public or not.
    pub public: Option<bool>,
    /// The paper's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The originating unit.
    pub department: Option<String>,
    /// The author or signatory.
    pub author: Option<String>,
    /// The Beratungsfolge.
    pub consultations: Vec<Consultation>,
    /// The Beschlussvorschlag.
    pub decision_proposal: Option<String>,
    /// Finanzielle Auswirkungen.
    pub finance: Finance,
    /// Named actors.
    pub actors: Vec<Actor>,
    /// Cited paper numbers.
    pub references: Vec<String>,
    /// Attachment titles.
    pub attachments: Vec<String>,
    /// Problems worth telling the user.
    pub warnings: Vec<String>,
    /// Where each field came from.
    pub provenance: BTreeMap<String, Provenance>,
}

/// Where in the text a value was found, and by which rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Byte range in [`Text::as_str`].
    pub span: Range<usize>,
    /// A stable id of the rule that matched, e.g. `reference.label_line`.
    pub rule: String,
}

/// A value together with its [`Evidence`].
#[derive(Clone, Debug, PartialEq)]
pub struct Found<T> {
    /// The extracted value.
    pub value: T,
    /// Where it came from.
    pub evidence: Evidence,
}

impl Evidence {
    /// The record's [`Provenance`] for this evidence: page and character
    /// span in the text.
    pub fn provenance(&self, text: &Text) -> Provenance {
        Provenance {
            page: Some(text.page_at(self.span.start)),
            span: [
                text.char_offset(self.span.start),
                text.char_offset(self.span.end),
            ],
            rule: self.rule.clone(),
        }
    }
}

/// Where the parts of a paper are: found once, read by the field
/// extractors.
#[derive(Clone, Debug, Default)]
pub struct Layout<'a> {
    /// The paper type and its line.
    pub paper_type: Option<paper_type::PaperType>,
    /// The lines of the Beratungsfolge table.
    pub table: Option<Range<usize>>,
    /// The first line after the header (first section or decision heading).
    pub header_end: usize,
    /// Where the decision proposal starts.
    pub decision: Option<sections::DecisionStart<'a>>,
    /// What each line of the header zone is.
    pub header: header::Header,
}

/// The compiled extraction rules.
#[derive(Clone, Debug)]
pub struct Extractor {
    rules: Rules,
    decision_types: Vec<String>,
    sections: sections::SectionRules,
    paper_type: paper_type::PaperTypeRules,
    consultations: consultations::ConsultationRules,
    label_block: consultations::LabelBlockRules,
    title: title::TitleRules,
    date: date::DateRules,
    public: public::PublicRules,
    body: body::BodyRules,
    department: department::DepartmentRules,
    author: author::AuthorRules,
    decision: decision::DecisionRules,
    attachments: attachments::AttachmentRules,
    references: references::ReferenceRules,
    finance: finance::FinanceRules,
    actors: actors::ActorRules,
    header: header::HeaderRules,
}

impl Extractor {
    /// Builds the rules. Their patterns compile on first use or earlier on
    /// the warm-up thread (see [`lazy_regex`]); the built-in ones are not
    /// syntax-checked again here (a test compiles them all), a user's
    /// rules file is.
    pub fn new(rules: Rules) -> Result<Extractor, RulesError> {
        // The actor rules are the largest set to build (vocabularies and
        // their cue words): built on a second thread while this one builds
        // the rest.
        let heavy = |rules: &Rules| {
            lazy_regex::checking(rules.from_user(), || actors::ActorRules::new(rules))
        };
        lazy_regex::checking(rules.from_user(), || {
            std::thread::scope(|s| {
                let other = std::thread::Builder::new()
                    .name("rules".into())
                    .spawn_scoped(s, || heavy(&rules));
                let references = references::ReferenceRules::new(&rules);
                let header = header::HeaderRules::new(&rules);
                let sections = sections::SectionRules::new(&rules);
                let paper_type = paper_type::PaperTypeRules::new(&rules);
                let consultations = consultations::ConsultationRules::new(&rules);
                let label_block = consultations::LabelBlockRules::new(&rules);
                let title = title::TitleRules::new(&rules);
                let date = date::DateRules::new(&rules);
                let public = public::PublicRules::new(&rules);
                let body = body::BodyRules::new(&rules);
                let department = department::DepartmentRules::new(&rules);
                let author = author::AuthorRules::new(&rules);
                let decision = decision::DecisionRules::new(&rules);
                let attachments = attachments::AttachmentRules::new(&rules);
                let finance = finance::FinanceRules::new(&rules);
                let actors = match other {
                    Ok(thread) => thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    // No thread to be had: compile them here.
                    Err(_) => heavy(&rules),
                }?;
                Ok(Extractor {
                    decision_types: rules.list("decision_types").to_vec(),
                    sections: sections?,
                    paper_type: paper_type?,
                    consultations: consultations?,
                    label_block: label_block?,
                    title: title?,
                    date: date?,
                    public: public?,
                    body: body?,
                    department: department?,
                    author: author?,
                    decision: decision?,
                    attachments: attachments?,
                    references: references?,
                    finance: finance?,
                    actors,
                    header: header?,
                    rules: rules.clone(),
                })
            })
        })
    }

    /// The rules this extractor was built from.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The paper number and the paper type of `text`, exactly as
    /// [`Extractor::extract`] finds them (the number may sit below the type
    /// line), without running the other fields' rules: the bundle splitter
    /// asks this of every page's top lines.
    pub fn reference_and_type(&self, text: &Text) -> (Option<String>, Option<String>) {
        let doc = scan::Doc::new(text);
        let paper_type = self.paper_type.find(&doc).map(|found| found.value);
        let reference = self
            .references
            .find_own(text)
            .or_else(|| {
                let line = paper_type.as_ref()?.line;
                self.references.find_own_below_type(&doc, line)
            })
            .map(|found| found.value);
        (reference, paper_type.map(|t| t.name))
    }

    /// Finds every field in `text`.
    pub fn extract(&self, text: &Text) -> Extracted {
        let mut out = Extracted::default();
        let doc = scan::Doc::new(text);
        let mut layout = Layout::default();
        if let Some(found) = self.paper_type.find(&doc) {
            record(&mut out.provenance, "paper_type", &found.evidence, text);
            out.paper_type = Some(found.value.name.clone());
            layout.paper_type = Some(found.value);
        }
        let mut field_actors: Vec<(String, ActorKind, Range<usize>)> = Vec::new();
        if let Some(table) = self.consultations.find(&doc) {
            for (i, row) in table.rows.into_iter().enumerate() {
                field_actors.push((
                    row.value.committee.clone(),
                    ActorKind::Committee,
                    row.evidence.span.clone(),
                ));
                record(
                    &mut out.provenance,
                    &format!("consultations[{i}]"),
                    &row.evidence,
                    text,
                );
                out.consultations.push(row.value);
            }
            layout.table = Some(table.lines);
        }
        // The meeting the paper is for, printed as header fields ("Gremium:"
        // / "Termin:") or as a phrase ("17. Sitzung des Gemeinderates am
        // 25.10.2005"), when the Beratungsfolge lacks it.
        let meetings = [
            self.label_block.find(&doc, sections::MAX_HEADER_LINES),
            self.label_block
                .meeting_phrase(&doc, sections::MAX_HEADER_LINES),
        ];
        for row in meetings.into_iter().flatten() {
            if !consultations::listed(&out.consultations, &row.value) {
                let key = format!("consultations[{}]", out.consultations.len());
                record(&mut out.provenance, &key, &row.evidence, text);
                out.consultations.push(row.value);
            }
        }
        self.read_header(&doc, &mut layout);
        if let Some(found) = self.title.find(&doc, &layout) {
            record(&mut out.provenance, "title", &found.evidence, text);
            out.title = Some(found.value);
        }
        let meeting_dates: Vec<String> = out
            .consultations
            .iter()
            .filter_map(|c| c.date.clone())
            .collect();
        if let Some(found) = self.date.find(&doc, &layout, &meeting_dates) {
            record(&mut out.provenance, "date", &found.evidence, text);
            out.date = Some(found.value);
        }
        if let Some(found) = self.public.find(&doc, &layout) {
            record(&mut out.provenance, "public", &found.evidence, text);
            out.public = Some(found.value);
        }
        if let Some(found) = self.body.find(&doc) {
            record(&mut out.provenance, "body", &found.evidence, text);
            out.body = Some(found.value);
        }
        if let Some(found) = self.department.find(&doc, &layout) {
            record(&mut out.provenance, "department", &found.evidence, text);
            field_actors.push((
                found.value.clone(),
                ActorKind::Office,
                found.evidence.span.clone(),
            ));
            out.department = Some(found.value);
        }
        if let Some(found) = self.author.find(&doc, &layout) {
            record(&mut out.provenance, "author", &found.evidence, text);
            field_actors.push((
                found.value.clone(),
                ActorKind::Person,
                found.evidence.span.clone(),
            ));
            out.author = Some(found.value);
        }
        let wants_decision = out
            .paper_type
            .as_deref()
            .is_some_and(|t| self.decision_types.iter().any(|d| d == t));
        if let Some(found) = self
            .decision
            .find(&doc, &layout, &self.sections, wants_decision)
        {
            record(
                &mut out.provenance,
                "decision_proposal",
                &found.evidence,
                text,
            );
            out.decision_proposal = Some(found.value);
        } else if wants_decision {
            out.warnings.push(format!(
                "no decision proposal found (a {} usually has one)",
                out.paper_type.as_deref().unwrap_or("paper")
            ));
        }
        for (i, found) in self
            .attachments
            .find(&doc, &self.sections)
            .into_iter()
            .enumerate()
        {
            record(
                &mut out.provenance,
                &format!("attachments[{i}]"),
                &found.evidence,
                text,
            );
            out.attachments.push(found.value);
        }
        let own = self.references.find_own(text).or_else(|| {
            let line = layout.paper_type.as_ref()?.line;
            self.references.find_own_below_type(&doc, line)
        });
        if let Some(found) = own {
            out.provenance
                .insert("reference".into(), found.evidence.provenance(text));
            out.reference = Some(found.value);
        }
        for found in self.references.find_cited(text, out.reference.as_deref()) {
            let key = format!("references[{}]", out.references.len());
            out.provenance.insert(key, found.evidence.provenance(text));
            out.references.push(found.value);
        }
        if let Some(found) = self.finance.find(text) {
            out.provenance
                .insert("finance".into(), found.evidence.provenance(text));
            out.finance = found.value;
        }
        let field_actors: Vec<actors::FieldActor<'_>> = field_actors
            .iter()
            .map(|(name, kind, span)| actors::FieldActor {
                name,
                kind: *kind,
                span: span.clone(),
            })
            .collect();
        for found in self.actors.find_with_fields(text, &field_actors) {
            let key = format!("actors[{}]", out.actors.len());
            out.provenance.insert(key, found.evidence.provenance(text));
            out.actors.push(found.value);
        }
        if out.title.is_none() && !text.as_str().trim().is_empty() {
            out.warnings.push("no title found".into());
        }
        out
    }
}

/// What the extractor considered, for `extract --explain`: the header's
/// lines with the kind each was read as, and the title candidates with
/// the verdict on each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    /// (line number from 1, kind, text) for each non-blank header line.
    pub header: Vec<(usize, header::LineKind, String)>,
    /// Title candidates in order: (first line from 1, text, verdict).
    pub title: Vec<(usize, String, String)>,
    /// Type lines considered: (line from 1, text, verdict).
    pub paper_type: Vec<(usize, String, String)>,
    /// Own-number candidates: (line from 1, text, verdict).
    pub reference: Vec<(usize, String, String)>,
    /// Dates considered for the paper's own date, meeting dates among
    /// them: (line from 1, date and line, verdict).
    pub date: Vec<(usize, String, String)>,
    /// The Beratungsfolge's lines and the meeting read from the header:
    /// (line from 1, text, verdict).
    pub committees: Vec<(usize, String, String)>,
}

impl Extractor {
    /// Completes a layout whose type line and table are known: where the
    /// header ends, where the proposal starts, and what each header line is.
    fn read_header<'a>(&self, doc: &scan::Doc<'a>, layout: &mut Layout<'a>) {
        let type_line = layout.paper_type.as_ref().map(|t| t.line);
        layout.header_end = self.sections.header_end(doc, type_line);
        layout.decision = self.sections.find_decision(doc, 0, type_line);
        layout.header = self.header.read(doc, layout, &self.sections);
    }

    /// Reads the header again and lists what the title was chosen from.
    pub fn explain(&self, text: &Text) -> Explanation {
        let doc = scan::Doc::new(text);
        let mut layout = Layout {
            paper_type: self.paper_type.find(&doc).map(|f| f.value),
            ..Layout::default()
        };
        let type_line = layout.paper_type.as_ref().map(|t| t.line);
        let table = self.consultations.find(&doc);
        let mut rows: Vec<Consultation> = table
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| r.value.clone()))
            .collect();
        layout.table = table.map(|t| t.lines);
        let mut committees = self.consultations.explain(&doc);
        let meetings = [
            (
                "header fields",
                self.label_block.find(&doc, sections::MAX_HEADER_LINES),
            ),
            (
                "a meeting phrase",
                self.label_block
                    .meeting_phrase(&doc, sections::MAX_HEADER_LINES),
            ),
        ];
        for (how, row) in meetings {
            let Some(row) = row else { continue };
            let line = doc
                .lines
                .partition_point(|l| l.start <= row.evidence.span.start);
            let c = &row.value;
            let listed = consultations::listed(&rows, c);
            let verdict = format!(
                "{} from {how}: {} | {}",
                if listed { "already listed" } else { "added" },
                c.committee,
                c.date.as_deref().unwrap_or("no date")
            );
            if !listed {
                rows.push(c.clone());
            }
            let t = doc
                .lines
                .get(line.saturating_sub(1))
                .map_or("", |l| l.text.trim());
            committees.push((line, t.to_string(), verdict));
        }
        self.read_header(&doc, &mut layout);
        let meeting_dates: Vec<String> = rows.iter().filter_map(|c| c.date.clone()).collect();
        let header = layout
            .header
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| **k != header::LineKind::Blank)
            .map(|(i, k)| (i + 1, *k, doc.lines[i].text.trim().to_string()))
            .collect();
        Explanation {
            header,
            title: self.title.explain(&doc, &layout),
            paper_type: self.paper_type.explain(&doc),
            reference: self.references.explain_own(&doc, type_line),
            date: self.date.explain(&doc, &layout, &meeting_dates),
            committees,
        }
    }
}

/// The fields of `text` under the built-in rules, for the extractors' unit
/// tests (one [`Extractor`] compiled once for all of them).
#[cfg(test)]
pub(crate) fn extract_for_test(text: &str) -> Extracted {
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    EXTRACTOR
        .get_or_init(|| Extractor::new(Rules::builtin()).expect("built-in rules compile"))
        .extract(&Text::from_str_pages(text))
}

#[cfg(test)]
mod layout_families;

/// Adds the provenance of one field.
fn record(map: &mut BTreeMap<String, Provenance>, key: &str, evidence: &Evidence, text: &Text) {
    map.insert(key.to_string(), evidence.provenance(text));
}

#[cfg(test)]
mod explain_tests {
    use super::{Extractor, Rules};
    use crate::text::Text;

    #[test]
    fn explain_lists_date_and_committee_candidates_with_verdicts() {
        let extractor = Extractor::new(Rules::builtin()).unwrap();
        let text = "BESCHLUSSVORLAGE\nGremium:\nSozialausschuss\nTermin:\n05.11.2008\n\nBarrierefreier Ausbau\n\nBeratungsfolge Sitzung am TOP ö nö Ergebnis\nGR-Auslegungsbeschluss 19.07.2005 8\nSozialausschuss 05.11.2008\n\nAntrag an den Sozialausschuss\n\nText.\n";
        let e = extractor.explain(&Text::from_str_pages(text));
        // No date of its own: the meeting dates are listed, and why not.
        assert!(!e.date.iter().any(|(_, _, v)| v.starts_with("chosen")));
        assert!(e
            .date
            .iter()
            .any(|(_, t, v)| t.starts_with("2008-11-05") && v.contains("not the paper's own")));
        // The act is rejected with its reason, the body is a row.
        let verdict = |needle: &str| {
            e.committees
                .iter()
                .find(|(_, t, _)| t.starts_with(needle))
                .map(|(_, _, v)| v.clone())
                .unwrap_or_default()
        };
        assert!(verdict("GR-Auslegungsbeschluss").contains("act"));
        assert!(verdict("Sozialausschuss 05.11.2008").starts_with("row 1: Sozialausschuss"));
        // A date label wins and says so.
        let text = "Beschlussvorlage\nDatum: 15.09.2020\n\nTitel\n";
        let e = extractor.explain(&Text::from_str_pages(text));
        assert!(e
            .date
            .iter()
            .any(|(_, t, v)| t.starts_with("2020-09-15") && v == "chosen (date.label:Datum)"));
    }
}
