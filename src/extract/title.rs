//! The title (Betreff): the subject line of the paper.
//!
//! In order of trust: the value of a title label ("Titel der Drucksache:",
//! "Betreff:", "betr.:"; "hier:" with the subject line right above it);
//! the text after the type on the type line ("Antrag: Neubau der Halle"),
//! or a type line that opens the subject ("Stellungnahme zur Beschlussvorlage
//! …"); else, from the header as `header.rs` reads it, the first
//! subject-like run of free text after the type line and its header block,
//! else the last one above the type line. A run ending in a colon directly
//! above the title is its first part (ALLRIS prints "Thema:" and
//! "Untertitel" as two paragraphs).

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::header::LineKind;
use super::paper_type::PaperType;
use super::scan::{compile, join_lines, Doc, LabelMatcher, Separator};
use super::{Evidence, Found, Layout, Rules, RulesError};

/// Longest title accepted, in bytes.
const MAX_TITLE: usize = 500;
/// Most lines of one title paragraph.
const MAX_LINES: usize = 5;
/// Words after a type that make the type line a subject line ("Stellungnahme
/// zur Beschlussvorlage …", "Anfrage zum Radverkehr").
const SUBJECT_PREPOSITIONS: &[&str] = &[
    "zur ",
    "zum ",
    "zu ",
    "über ",
    "betreffend ",
    "betr. ",
    "bezüglich ",
    "bzgl. ",
];

/// Compiled title rules.
#[derive(Clone, Debug)]
pub struct TitleRules {
    labels: LabelMatcher,
    /// Every label of the header (title, date, department, author, other).
    any_label: LabelMatcher,
    reference_line: Regex,
    numbered: Regex,
    /// An item of a list of questions ("A. Ist der Verwaltung …", "2. Wie
    /// viele …"): the text of an Anfrage, never its subject.
    question_item: Regex,
    trailing_label: Regex,
}

impl TitleRules {
    /// Compiles the label lists.
    pub fn new(rules: &Rules) -> Result<TitleRules, RulesError> {
        let all = rules.header_field_labels(&["paper_type_labels"]);
        Ok(TitleRules {
            labels: LabelMatcher::new(
                "title_labels",
                rules.list("title_labels"),
                Separator::Strict,
            )?,
            any_label: LabelMatcher::new("header_labels", &all, Separator::Strict)?,
            reference_line: compile(
                "title",
                r"(?i)^[ \t]*(?:DS|Drs\.?|Drucksache|Vorlage|Antrag)(?:[ -]?Nr\.?)?[ \t:.-]*[A-Z]{0,4}[ /-]?[0-9]+[ ]?/[ ]?[0-9]+",
            )?,
            trailing_label: compile(
                "title",
                &format!(
                    r"(?i)[ \t]+(?:{})[ \t.-]*(?:Nr\.?|Nummer)[ \t]*:?[ \t]*$",
                    super::scan::alternation(rules.list("reference_labels"))
                ),
            )?,
            numbered: compile(
                "title",
                // The first item of a numbered list ("1. Wie viele …", "A) …",
                // "1.1 Wie viele …").
                r"^[ \t]*(?:0?1[.)]|1\.1\.?|[Aa][)])[ \t]+[A-ZÄÖÜ]",
            )?,
            question_item: compile(
                "title",
                &format!(
                    r"^[ \t]*(?:[0-9]{{1,2}}(?:\.[0-9])?|[A-Za-z]|[IVX]{{1,4}})[.)][ \t]+(?:{})\b",
                    super::scan::alternation(rules.list("question_openers"))
                ),
            )?,
        })
    }

    /// The paper's title.
    pub fn find(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        self.by_label(doc, layout)
            .or_else(|| self.after_type(doc, layout))
            .or_else(|| self.by_structure(doc, layout))
    }

    fn by_label(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let end = (layout.header_end + 2).min(doc.lines.len());
        for i in 0..end {
            let line = doc.lines[i];
            let Some(m) = self.labels.find(line.text) else {
                continue;
            };
            let mut parts: Vec<&str> = Vec::new();
            let mut last = i;
            let start;
            if m.value.is_empty() {
                let first = doc.next_nonblank(i + 1).filter(|&j| j <= i + 3)?;
                start = doc.trimmed_span(first).start;
                for j in first..doc.lines.len().min(first + MAX_LINES) {
                    let open = parts.last().is_some_and(|p| ends_open(p));
                    if doc.is_blank(j)
                        || j > first
                            && is_boundary(layout, j)
                            && !(open && is_soft_boundary(layout, j))
                    {
                        break;
                    }
                    parts.push(doc.lines[j].text);
                    last = j;
                }
            } else {
                start = line.start + m.value_at;
                parts.push(m.value);
                // A wrapped value goes on below (also over one blank line
                // when the next part starts in lower case).
                let mut j = i + 1;
                while j < doc.lines.len() && parts.len() < MAX_LINES {
                    let t = doc.trimmed(j);
                    if t.is_empty() {
                        let next = doc.next_nonblank(j + 1).filter(|&k| k <= j + 2);
                        match next {
                            Some(k)
                                if doc.trimmed(k).starts_with(char::is_lowercase)
                                    && !ends_sentence(parts.last().copied().unwrap_or("")) =>
                            {
                                j = k;
                                continue;
                            }
                            _ => break,
                        }
                    }
                    let prev = parts.last().copied().unwrap_or("");
                    if is_boundary(layout, j) && !(ends_open(prev) && is_soft_boundary(layout, j))
                        || !continues(prev, t)
                    {
                        break;
                    }
                    parts.push(doc.lines[j].text);
                    last = j;
                    j += 1;
                }
            }
            // "hier:" gives the second part of a subject whose first part
            // stands right above it ("Neubau der Schleuse" / "hier:
            // Vorstellung der Planung").
            if self.labels.label(m.index).eq_ignore_ascii_case("hier") {
                let mut k = i;
                let mut top = i;
                let mut above: Vec<&str> = Vec::new();
                while k > 0 && above.len() < MAX_LINES {
                    k -= 1;
                    if doc.is_blank(k) && above.is_empty() && k + 2 >= i {
                        continue;
                    }
                    if layout.header.kind(k) != LineKind::Text {
                        break;
                    }
                    above.insert(0, doc.lines[k].text);
                    top = k;
                }
                if !above.is_empty() {
                    let value = clean(&join_lines(parts.iter().copied()));
                    let first_part = clean(&join_lines(above));
                    let first_part = strip_agenda_prefix(&first_part);
                    let title = format!("{first_part} hier: {value}");
                    return Some(Found {
                        value: title,
                        evidence: Evidence {
                            span: doc.trimmed_span(top).start..doc.trimmed_span(last).end,
                            rule: "title.label:hier".into(),
                        },
                    });
                }
            }
            let title = clean(&join_lines(parts));
            // Two columns run together: the next label glued to the value's
            // end ("Sportfördermittel für Vereine Vorlage Nr.:").
            let title = match self.trailing_label.find(&title) {
                Some(m) => title[..m.start()].trim_end().to_string(),
                None => title,
            };
            if title.len() < 3 {
                continue;
            }
            return Some(Found {
                value: title,
                evidence: Evidence {
                    span: start..doc.trimmed_span(last).end,
                    rule: format!("title.label:{}", self.labels.label(m.index)),
                },
            });
        }
        None
    }

    fn after_type(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let ty = layout.paper_type.as_ref()?;
        let Some(rest) = ty.rest.as_deref() else {
            return self.type_line_subject(doc, layout);
        };
        // "Anfrage: GRÜNE" names the asking party, not the subject.
        let party = rest.split_whitespace().count() <= 3 && !rest.chars().any(char::is_lowercase);
        if !is_title_like(rest) || party || self.any_label.find(rest).is_some() {
            return None;
        }
        let span = doc.trimmed_span(ty.line);
        let at = doc.lines[ty.line]
            .text
            .find(rest)
            .map_or(span.start, |p| doc.lines[ty.line].start + p);
        Some(Found {
            value: clean(rest),
            evidence: Evidence {
                span: at..span.end,
                rule: "title.after_type".into(),
            },
        })
    }

    /// A type line that opens the subject ("Stellungnahme zur
    /// Beschlussvorlage 61/2022 "Radspur" am Kanal und" / "Umbau der
    /// Kreuzung"): the line and its wrapped continuation.
    fn type_line_subject(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let ty = layout.paper_type.as_ref()?;
        let line = opens_subject(doc, ty)?;
        let mut last = ty.line;
        let mut parts = vec![line];
        while parts.len() < MAX_LINES && !ends_sentence(parts[parts.len() - 1]) {
            let next = last + 1;
            let t = doc.trimmed(next);
            let kind = layout.header.kind(next);
            if t.is_empty()
                || !matches!(kind, LineKind::Text | LineKind::Party)
                || !continues(parts[parts.len() - 1], t) && !t.starts_with(char::is_lowercase)
            {
                break;
            }
            parts.push(t);
            last = next;
        }
        if last == ty.line {
            return None;
        }
        Some(Found {
            value: clean(&join_lines(parts)),
            evidence: Evidence {
                span: doc.trimmed_span(ty.line).start..doc.trimmed_span(last).end,
                rule: "title.type_line".into(),
            },
        })
    }

    /// The candidates of [`TitleRules::by_structure`] with a verdict each,
    /// for `extract --explain`.
    pub fn explain(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Vec<(usize, String, String)> {
        let chosen = self.find(doc, layout).map(|f| f.evidence.span.start);
        self.candidates(doc, layout)
            .into_iter()
            .map(|c| {
                let start = doc.trimmed_span(c.first).start;
                let verdict = if chosen == Some(start) {
                    "chosen"
                } else if !c.acceptable {
                    "not subject-like (prose, lead-in, number or too long)"
                } else if c.opens_paper {
                    "opens the paper (letterhead position)"
                } else {
                    "a better candidate came first"
                };
                (c.first + 1, c.text, verdict.to_string())
            })
            .collect()
    }

    /// The title read from the header's structure: the first subject-like
    /// paragraph of free text after the type line and its header block
    /// (number, labels, dates, meeting lines, who submits, addresses); where
    /// nothing follows the type, the last such paragraph above it that does
    /// not open the paper (a letterhead).
    fn by_structure(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let candidates = self.candidates(doc, layout);
        let type_line = layout.paper_type.as_ref().map(|t| t.line);
        let after = |c: &&Candidate| type_line.is_none_or(|t| c.first > t);
        // Without a type line, a name at the very top is more likely the
        // issuer ("Landratsamt Musterkreis") than the subject: it is taken
        // only when nothing else is there.
        // A type word printed after running text is a heading of the
        // body ("Anfrage:" above the question), not the header's type
        // line: the subject is then the first one in the header, above it.
        let type_in_body = type_line.is_some_and(|t| {
            layout.header.kinds[..t.min(layout.header.kinds.len())].contains(&LineKind::Prose)
        });
        let chosen = candidates
            .iter()
            .filter(|c| type_in_body && c.acceptable && !c.opens_paper && !c.after_prose)
            .find(|c| type_line.is_some_and(|t| c.last < t))
            .map(|c| (c, "title.header_above_body"))
            .or_else(|| {
                candidates
                    .iter()
                    .filter(|c| c.acceptable && !(type_line.is_none() && c.opens_paper))
                    .find(after)
                    .map(|c| (c, "title.after_header"))
            })
            .or_else(|| {
                candidates
                    .iter()
                    .filter(|c| c.acceptable)
                    .find(after)
                    .map(|c| (c, "title.after_header"))
            })
            .or_else(|| {
                candidates
                    .iter()
                    .filter(|c| c.acceptable && !c.opens_paper && !c.after_prose)
                    .rfind(|c| type_line.is_some_and(|t| c.last < t))
                    .map(|c| (c, "title.above_type"))
            })
            .or_else(|| {
                candidates
                    .iter()
                    .find(|c| c.slot_sentence)
                    .map(|c| (c, "title.slot_sentence"))
            })?;
        let (c, rule) = chosen;
        let mut first = c.first;
        let mut text = c.text.clone();
        if c.slot_sentence && !c.acceptable {
            text = text.trim_end_matches('.').to_string();
        }
        // A type line that reads as the subject's start ("Stellungnahme zur
        // Beschlussvorlage 61/2022 …") is its first part.
        if let Some(ty) = layout.paper_type.as_ref().filter(|t| t.line + 1 == c.first) {
            if let Some(line) = opens_subject(doc, ty) {
                first = ty.line;
                text = format!("{line} {text}");
            }
        }
        Some(Found {
            value: clean(&text),
            evidence: Evidence {
                span: doc.trimmed_span(first).start..doc.trimmed_span(c.last).end,
                rule: rule.into(),
            },
        })
    }

    /// The runs of free-text lines in the header zone, in order, each
    /// judged as a title.
    fn candidates(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Vec<Candidate> {
        let kinds = &layout.header.kinds;
        let mut out: Vec<Candidate> = Vec::new();
        let mut prose_runs = 0;
        let mut i = 0;
        let first_page_lines = doc
            .lines
            .iter()
            .take_while(|l| l.page <= 1)
            .filter(|l| !l.text.trim().is_empty())
            .count();
        while i < kinds.len() {
            let line = &doc.lines[i];
            if line.page > 1 && first_page_lines > 8 {
                break;
            }
            match kinds[i] {
                LineKind::Heading | LineKind::Salutation => break,
                LineKind::Prose => {
                    prose_runs += 1;
                    while i < kinds.len() && kinds[i] == LineKind::Prose {
                        i += 1;
                    }
                    if prose_runs >= 3 && out.iter().any(|c| c.acceptable) {
                        break;
                    }
                    continue;
                }
                // A bare number ("2", "17.1") is a field's value (the TOP
                // of a stacked header whose label was read as a meeting
                // line), never the subject nor its first line.
                LineKind::Text if is_bare_number(line.text.trim()) => {
                    i += 1;
                    continue;
                }
                LineKind::Text => {}
                _ => {
                    i += 1;
                    continue;
                }
            }
            let first = i;
            let mut last = i;
            let mut j = i + 1;
            loop {
                // Wrapped lines of one paragraph, also over one blank line
                // where the first part breaks off mid-phrase.
                let next = match kinds.get(j) {
                    // A sentence below a subject line is the text's start;
                    // so is a lead-in ("Der Gemeinderat beschließt:") and
                    // the first line of a paragraph that runs on as prose.
                    Some(LineKind::Text)
                        if (continues(doc.lines[last].text, doc.lines[j].text)
                            || !is_sentence(doc.lines[j].text) && !starts_text(doc, kinds, j))
                            && !self.opens_question(doc, j) =>
                    {
                        Some(j)
                    }
                    Some(LineKind::Blank) => {
                        let k = doc
                            .next_nonblank(j)
                            .filter(|&k| k <= j + 2 && k < kinds.len());
                        k.filter(|&k| kinds[k] == LineKind::Text || kinds[k] == LineKind::Prose)
                            .filter(|&k| continues(doc.lines[last].text, doc.lines[k].text))
                            // Running text set apart below a subject is the
                            // letter's start ("Bürgerservice der Ortsverwaltung"
                            // / "zur nächsten Sitzung stelle ich …"), unless
                            // the subject broke off mid-phrase.
                            .filter(|&k| {
                                kinds[k] != LineKind::Prose || ends_open(doc.lines[last].text)
                            })
                            .filter(|&k| !doc.lines[k].text.trim_end().ends_with(':'))
                    }
                    Some(LineKind::Prose) if continues(doc.lines[last].text, doc.lines[j].text) => {
                        Some(j)
                    }
                    // "Erläuterungen zur Satzung:" / "mündliche Anfrage der
                    // SPD": a subject's second part after a colon.
                    Some(LineKind::Prose | LineKind::Text)
                        if doc.lines[last].text.trim_end().ends_with(':')
                            && doc.lines[j]
                                .text
                                .trim_start()
                                .starts_with(char::is_lowercase)
                            && doc.lines[j].text.split_whitespace().count() <= 8 =>
                    {
                        Some(j)
                    }
                    // A line ending mid-phrase goes on below, whatever the
                    // next line looks like on its own.
                    Some(_)
                        if ends_open(doc.lines[last].text)
                            && is_soft_boundary(layout, j)
                            && !doc.is_blank(j) =>
                    {
                        Some(j)
                    }
                    _ => None,
                };
                match next {
                    Some(k) if k - first < MAX_LINES * 2 => {
                        last = k;
                        j = k + 1;
                    }
                    _ => break,
                }
            }
            let lines: Vec<&str> = (first..=last)
                .filter(|&k| !doc.is_blank(k))
                .map(|k| doc.lines[k].text)
                .collect();
            let text = strip_agenda_prefix(&join_lines(lines.iter().copied())).to_string();
            // At the very top, a name ("Referat Soziales", "Stadtteilbeirat
            // Nord") is a letterhead; a phrase with a lower-case word in it
            // ("Lebensmittelmarkt in Nordstadt") is a subject.
            let phrase = text.split_whitespace().count() >= 3
                && text
                    .split_whitespace()
                    .skip(1)
                    .any(|w| w.starts_with(char::is_lowercase));
            let opens_paper = !phrase
                && (0..first).all(|k| {
                    matches!(
                        kinds[k],
                        LineKind::Blank | LineKind::Letterhead | LineKind::Furniture
                    )
                });
            // A paragraph that ends a sentence of eight words or more is
            // text, not a subject line.
            let sentence = text.ends_with('.')
                && !ends_with_abbreviation(&text)
                && text.split_whitespace().count() >= 8;
            // A line whose paragraph runs on as prose right below is the
            // start of the text (all layouts: a body paragraph in the header
            // zone, its wrapped lines read as prose).
            let runs_into_prose = kinds.get(last + 1) == Some(&LineKind::Prose);
            // An item of a bullet list is never the subject.
            let bullet = text.starts_with(['•', '▪', '◦', '*', '-', '–']);
            let clause = is_clause_paragraph(&text);
            let shaped = lines.len() <= MAX_LINES
                && is_title_like(&text)
                && !is_caption(&text)
                && !is_prose(&text)
                && !text.ends_with(':')
                && !runs_into_prose
                && !bullet
                && !self.reference_line.is_match(&text)
                && !self.numbered.is_match(&text)
                && !self.question_item.is_match(&text);
            // A line inside a column of stacked values (a value above and
            // below, no blank line between) is one of them ("300" /
            // "Mitteilungen des Amts" / "öffentlich"): the item's name.
            let value_kind = |k: usize| {
                matches!(
                    kinds[k],
                    LineKind::LabelValue | LineKind::Date | LineKind::Public | LineKind::Number
                )
            };
            let sandwiched = first > 0
                && value_kind(first - 1)
                && kinds.get(last + 1).is_some()
                && value_kind(last + 1)
                && kinds[last + 1] != LineKind::Number
                && first == last;
            let acceptable = shaped && !sentence && !clause && !sandwiched;
            // The next field line below: a title printed first, above who
            // submits it, its number and labels (the title-first template of
            // party motions and local-council papers) heads that block.
            let below = doc.next_nonblank(last + 1).filter(|&k| k < kinds.len());
            let heads_fields = below.is_some_and(|k| {
                matches!(
                    kinds[k],
                    LineKind::Party | LineKind::Number | LineKind::Label
                )
            }) && doc.next_nonblank(last + 1) == Some(last + 1);
            let opens_paper = opens_paper && !heads_fields;
            // Between the header's fields and what ends the header (the
            // Beratungsfolge, a heading, the salutation): the title slot of
            // most templates, where a subject printed as one sentence with
            // a full stop is still the subject.
            let above = (0..first).rev().find(|&k| kinds[k] != LineKind::Blank);
            let in_slot = above.is_some_and(|k| {
                !matches!(
                    kinds[k],
                    LineKind::Text | LineKind::Prose | LineKind::Heading | LineKind::Letterhead
                )
            }) && below.is_none_or(|k| {
                matches!(
                    kinds[k],
                    LineKind::Table | LineKind::Heading | LineKind::Salutation
                )
            });
            // Right above the Beratungsfolge the slot is the subject's
            // whatever its wording; elsewhere a request is the text.
            let above_table = below.is_some_and(|k| kinds[k] == LineKind::Table);
            let slot_sentence = shaped
                && (sentence || clause)
                && in_slot
                && (above_table || !is_sentence_lead(&text));
            // A lead-in ending in a colon right above is the title's first
            // part ("Zusammenarbeit bei Themen der Integration:" / "Vorschlag
            // für ein Leitbild").
            if let Some(prev) = out.last_mut() {
                let between_blank = (prev.last + 1..first).all(|k| kinds[k] == LineKind::Blank);
                if prev.text.ends_with(':')
                    && between_blank
                    && is_title_like(&prev.text)
                    && acceptable
                    && prev.text.len() + text.len() < MAX_TITLE
                {
                    prev.text = format!("{} {}", prev.text, text);
                    prev.last = last;
                    prev.acceptable = true;
                    i = last + 1;
                    continue;
                }
            }
            out.push(Candidate {
                first,
                last,
                text,
                acceptable,
                opens_paper,
                after_prose: kinds[..first].contains(&LineKind::Prose),
                slot_sentence,
            });
            i = last + 1;
        }
        out
    }
}

impl TitleRules {
    /// Whether line `j` opens an item of a list of questions and so starts
    /// the text below a subject ("Entflechtung der Kreuzung …" / "A. Ist
    /// der Verwaltung … bekannt?"), unless the line above ends mid-phrase.
    fn opens_question(&self, doc: &Doc<'_>, j: usize) -> bool {
        let open_above = j > 0 && ends_open(doc.lines[j - 1].text);
        !open_above && self.question_item.is_match(doc.lines[j].text)
    }
}

/// The type line, when it goes on as the start of the subject ("Stellungnahme
/// zur Beschlussvorlage …", "Anfrage zum Radverkehr").
fn opens_subject<'a>(doc: &Doc<'a>, ty: &PaperType) -> Option<&'a str> {
    let line = doc.trimmed(ty.line);
    let after = line.get(ty.name.len()..).unwrap_or("").trim_start();
    SUBJECT_PREPOSITIONS
        .iter()
        .any(|p| after.starts_with(p))
        .then_some(line)
}

/// A paragraph of free text in the header, judged as a title.
#[derive(Clone, Debug)]
struct Candidate {
    first: usize,
    last: usize,
    text: String,
    /// Subject-like: short, no prose, no lead-in.
    acceptable: bool,
    /// Nothing but letterhead and blank lines above it.
    opens_paper: bool,
    /// Running text came before it: the header was over.
    after_prose: bool,
    /// A one-sentence subject in the title slot (see `candidates`).
    slot_sentence: bool,
}

/// Lines that are never part of a title: anything the header reads as a
/// field, a table, furniture or prose rather than free text.
fn is_boundary(layout: &Layout<'_>, i: usize) -> bool {
    !matches!(layout.header.kind(i), LineKind::Text | LineKind::Prose)
}

/// Lines the header may have read as a field only because they look like
/// one ("Karlsruhe vom 28.03.2006: 4. Satzungsänderung" as a date line,
/// "den KVV-Haltestellen in Nord" as a submitter): below a title line
/// that ends mid-phrase they are its rest.
fn is_soft_boundary(layout: &Layout<'_>, i: usize) -> bool {
    matches!(
        layout.header.kind(i),
        LineKind::Date
            | LineKind::Party
            | LineKind::Meeting
            | LineKind::LabelValue
            | LineKind::Type
            | LineKind::Text
            | LineKind::Prose
    )
}

/// Whether a paragraph is prose rather than a subject line: it ends a
/// sentence and another one begins inside it.
/// "2", "17.1", "4 a": an agenda or running number alone on its line.
fn is_bare_number(s: &str) -> bool {
    let mut parts = s.split_whitespace();
    let number = parts.next().unwrap_or("");
    let letter = parts.next();
    !number.is_empty()
        && number.len() <= 6
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && letter.is_none_or(|l| l.len() == 1 && l.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.next().is_none()
}

fn is_prose(s: &str) -> bool {
    let t = s.trim_end();
    // A long paragraph cut off mid-sentence is prose as much as one that
    // ends with its full stop.
    if !t.ends_with('.') && t.split_whitespace().count() < 20 {
        return false;
    }
    t.as_bytes().windows(3).enumerate().any(|(i, w)| {
        w[0] == b'.'
            && w[1] == b' '
            && t[i + 2..].starts_with(|c: char| c.is_uppercase())
            && !t[..i].ends_with(|c: char| c.is_ascii_digit())
            && t[..i]
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.chars().count() > 3)
    })
}

/// Whether line `j` starts the text rather than going on with a subject
/// above it: a lead-in ending in a colon, or the first line of a paragraph
/// whose next line reads as prose.
fn starts_text(doc: &Doc<'_>, kinds: &[LineKind], j: usize) -> bool {
    // A line above that ends open ("… „An der") goes on here.
    if j > 0 && ends_open(doc.lines[j - 1].text) {
        return false;
    }
    let line = doc.lines[j].text.trim();
    if line.ends_with(':') && is_lead_in(line) {
        return true;
    }
    if kinds.get(j + 1) != Some(&LineKind::Prose) {
        return false;
    }
    // The paragraph from `j` on: text when it ends a sentence or holds one
    // that ends inside it; a subject wrapped over two lines does neither.
    let mut end = j + 1;
    while end + 1 < kinds.len()
        && matches!(kinds[end + 1], LineKind::Prose | LineKind::Text)
        && end - j < MAX_LINES * 2
    {
        end += 1;
    }
    let paragraph = join_lines((j..=end).map(|k| doc.lines[k].text));
    paragraph.trim_end().ends_with('.') || is_prose(&paragraph)
}

/// A long paragraph built on a finite auxiliary verb ("… wurde in
/// Grötzingen für viele Jahre eine Deponie unterhalten, …"): running text
/// cut off mid-sentence. Subjects are noun phrases, even long ones.
fn is_clause_paragraph(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 20
        && words.iter().any(|w| {
            matches!(
                w.trim_end_matches([',', '.', ';']),
                "wurde"
                    | "wurden"
                    | "war"
                    | "waren"
                    | "ist"
                    | "sind"
                    | "hat"
                    | "haben"
                    | "wird"
                    | "werden"
                    | "kann"
                    | "können"
                    | "soll"
                    | "sollen"
                    | "muss"
                    | "müssen"
            )
        })
}

/// Whether the final full stop belongs to an abbreviation ("… Kulturring
/// e.V.", "… gem. § 3 ff.", "Str."), not to a sentence.
fn ends_with_abbreviation(s: &str) -> bool {
    let last = s.split_whitespace().last().unwrap_or("");
    let body = last.trim_end_matches('.');
    body.contains('.') || (1..=3).contains(&body.chars().count()) || last == "V."
}

/// A clause that introduces what follows ("Der Gemeinderat beschließt:",
/// "Wir beantragen:", "Die FDP bittet … zu prüfen:"), not the second part
/// of a subject ("(NVK), Entwurf des Planungskonzeptes:").
fn is_lead_in(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "Der" | "Die" | "Das" | "Wir" | "Ich" | "Es" | "Hiermit" | "Deshalb" | "Daher" | "Dazu"
    ) || is_sentence_lead(line)
}

/// A line that ends mid-phrase: on a preposition, article or conjunction,
/// an open quote, a comma or a hyphen.
fn ends_open(line: &str) -> bool {
    let t = line.trim_end();
    let last = t.rsplit(' ').next().unwrap_or("");
    t.ends_with([',', '-', '„', '"', '('])
        || matches!(
            last,
            "der"
                | "die"
                | "das"
                | "des"
                | "dem"
                | "den"
                | "und"
                | "oder"
                | "für"
                | "von"
                | "im"
                | "in"
                | "zur"
                | "zum"
                | "an"
                | "am"
                | "auf"
                | "mit"
                | "bei"
                | "nach"
                | "über"
                | "sowie"
                | "einer"
                | "eines"
                | "einem"
                | "ein"
                | "eine"
        )
}

/// A sentence that addresses the council or states a request ("Der
/// Ortschaftsrat möge beschließen …", "Wir bitten …"): text, not a subject.
fn is_sentence_lead(s: &str) -> bool {
    let lower = s.to_lowercase();
    [
        "möge",
        "bitte",
        "beantrag",
        "beschließt",
        "wird gebeten",
        "hierzu",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || lower.starts_with("wir ")
        || lower.starts_with("ich ")
}

fn is_title_like(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 5 && t.len() <= MAX_TITLE && t.chars().filter(|c| c.is_alphabetic()).count() >= 4
}

/// The subject without an agenda reference in front ("Zu Punkt 1 der
/// T.O.: Jugend und Alkohol", "TOP 4: Haushalt").
fn strip_agenda_prefix(s: &str) -> &str {
    let agenda = [
        "zu punkt ",
        "zu top ",
        "top ",
        "tagesordnungspunkt ",
        "punkt ",
    ]
    .iter()
    .any(|p| super::scan::starts_with_ignore_ascii_case(s, p));
    match s.split_once(": ") {
        Some((head, rest)) if agenda && head.len() <= 30 && rest.len() >= 5 => rest.trim(),
        _ => s,
    }
}

/// A figure or table caption ("Abbildung 1: …", "Tabelle 2 – …").
fn is_caption(s: &str) -> bool {
    let mut words = s.split_whitespace();
    matches!(
        words.next(),
        Some("Abbildung" | "Abb." | "Tabelle" | "Tab." | "Grafik" | "Foto" | "Bild")
    ) && words
        .next()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
}

/// A line that is a sentence of its own: six words or more, ending in a
/// full stop.
fn is_sentence(s: &str) -> bool {
    let t = s.trim();
    t.ends_with('.') && t.split_whitespace().count() >= 6
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', ':', '"', '“', '”'])
}

/// Whether line `next` continues a title value that ended with `prev`.
fn continues(prev: &str, next: &str) -> bool {
    let prev = prev.trim_end();
    !ends_sentence(prev)
        && (next.starts_with(char::is_lowercase) || prev.ends_with(['-', ',']) || ends_open(prev))
}

/// Trims quotes and stray punctuation around a title.
fn clean(s: &str) -> String {
    let t = super::scan::collapse_spaces(s.trim());
    let t = t.trim_end_matches([',', ';']);
    t.trim().to_string()
}

#[cfg(test)]
mod tests {

    fn title(text: &str) -> Option<String> {
        crate::extract::extract_for_test(text).title
    }

    #[test]
    fn a_bare_agenda_number_is_not_the_titles_first_line() {
        // "TOP" read as a meeting line leaves its value "2" as text above
        // the subject.
        let text = "Antrag\n\nSPD-Ortschaftsratsfraktion\n\nvom 24.04.2019\n\nGremium\n\nTermin\n\nTOP\n\nÖffentliche Sitzung des\nOrtschaftsrates\n\n07.05.2019\n\n2\n\nÜberprüfung des Lichtkonzeptes für die Begegnungsstätte\nWolfartsweier\n\nAntrag:\nText.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Überprüfung des Lichtkonzeptes für die Begegnungsstätte Wolfartsweier")
        );
        assert!(super::is_bare_number("17.1"));
        assert!(super::is_bare_number("4 a"));
        assert!(!super::is_bare_number("2024/0123"));
        assert!(!super::is_bare_number("2 Anträge"));
    }

    #[test]
    fn a_unit_wrapped_below_its_stacked_label_is_not_the_title() {
        // "Verantwortlich:" takes "Amt für Informationstechnik" / "und
        // Digitalisierung"; the subject follows.
        let text = "STADT KARLSRUHE\nOrtsverwaltung Stupferich\nANTRAG\nFWV-OR-Fraktion\nvom 22.10.2019\nGremium:\nTermin:\nTOP:\nVerantwortlich:\nOrtschaftsrat Stupferich\n20.11.2019\nöffentlich\n4\nAmt für Informationstechnik\nund Digitalisierung\nKA-WLAN\nDie Stadt Karlsruhe bietet zusammen mit anderen Organisationen seinen\nBürgern und Touristen freies W-LAN auf zahlreichen Plätzen im Stadtgebiet an.\nAntrag\nDie Fraktion bittet darum, einen Hotspot einzurichten.\n";
        assert_eq!(title(text).as_deref(), Some("KA-WLAN"));
    }

    #[test]
    fn label_value_on_next_line() {
        assert_eq!(
            title("\nTitel der Drucksache:\n\nKonzeption Amt für Migration\n\nDrucksache\n\n1822/24\n").as_deref(),
            Some("Konzeption Amt für Migration")
        );
    }

    #[test]
    fn label_value_wrapped_over_a_blank_line() {
        assert_eq!(
            title("betr.: Situation des Nahverkehrs nach\n\ndem Fahrplanwechsel 2014\n\n\nVorbemerkung:\nText").as_deref(),
            Some("Situation des Nahverkehrs nach dem Fahrplanwechsel 2014")
        );
    }

    #[test]
    fn paragraph_before_the_table() {
        let text = "Beschlussvorlage\n\nVorlage Nr.: 2024/0118\nVerantwortlich: Dez. 2\n\nPolizeiverordnung der Stadt über ein Alkoholkonsumverbot auf dem Werderplatz in\nKarlsruhe\n\nGremien Termin TOP Ö / N Zuständigkeit\nHauptausschuss 05.03.2024 7 N Vorberatung\nKurzfassung\nText.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Polizeiverordnung der Stadt über ein Alkoholkonsumverbot auf dem Werderplatz in Karlsruhe")
        );
    }

    #[test]
    fn two_paragraphs_joined_at_a_colon() {
        let text = "Beschlussvorlage\tVorlagen-Nr.: VO/1/2020\n\tStatus: öffentlich\n\nBeratungsfolge:\nGremium\tZuständigkeit\tSitzung ist\nMagistrat\tEntscheidung\tNichtöffentlich\n\nZusammenarbeit bei Themen der Integration:\n\nVorschlag für ein Leitbild\n\nBeschlussvorschlag:\n\nText.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Zusammenarbeit bei Themen der Integration: Vorschlag für ein Leitbild")
        );
    }

    #[test]
    fn questions_of_an_anfrage_are_its_text_not_its_subject() {
        let text = "ANFRAGE\n\nStadtrat Max Muster (FW)\n\nvom 26.05.2011\n\nEntflechtung der Kreuzung Fiducia-/Wachhausstraße\nA. Ist der planenden Verwaltung die unhaltbare Abbiegersituation und die\ndadurch bedingte Blockade der Kreuzung bekannt?\nB. Ist der Verwaltung bekannt, dass hier eine Aufweitung möglich ist?\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Entflechtung der Kreuzung Fiducia-/Wachhausstraße")
        );
        let text = "ANFRAGE\n\nStadträtin Erika Muster (Die Linke)\n\nArbeitsbedingungen im Städtischen Klinikum\n1. Haben die seit 2010 im Klinikum neu geschaffenen Stellen\n\na) zu einer Entlastung geführt?\n\n2. Wie viele Freischichten hat eine Pflegekraft pro Jahr?\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Arbeitsbedingungen im Städtischen Klinikum")
        );
        // An ordinal subject is no question ("1. Änderung des …").
        let text = "Beschlussvorlage\n\nBebauungsplan „An der Ochsenstraße,\n1. Änderung“ Karlsruhe-Stupferich\n\nBeratungsfolge\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Bebauungsplan „An der Ochsenstraße, 1. Änderung“ Karlsruhe-Stupferich")
        );
    }

    #[test]
    fn running_text_set_apart_below_the_subject_is_not_its_rest() {
        let text = "ANFRAGE\n\nFDP-Ortschaftsratsfraktion\n\nvom 27.10.2010\n\nBürgerservice der Ortsverwaltung\n\nzur nächsten Ortschaftsratssitzung stelle ich namens unserer Fraktion\nfolgende Anfrage: Quo vadis Bürgerservice? Wir bitten um Antwort bis zum Herbst.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Bürgerservice der Ortsverwaltung")
        );
    }

    #[test]
    fn numbered_meeting_lines_are_not_questions() {
        let text = "ANFRAGE\n\nStadtrat Max Muster (GRÜNE)\n\nvom 23.07.2013\nTermin:\n53. Plenarsitzung Gemeinderat\n\nöffentlich\n\nSicherheit im Verkehrsraum\n\n1. Wie viele Unfälle gab es?\n";
        assert_eq!(title(text).as_deref(), Some("Sicherheit im Verkehrsraum"));
    }

    #[test]
    fn prose_above_the_anchor_is_passed_over() {
        let text = "ANTRAG der\n\nCDU-Fraktion vom 04.01.2012\n\nöffentlich\nStandplatz Carsharing\n\nDas Modell hat hier Anhänger gefunden. Eine weitere Verbreitung\nwäre wünschenswert.\n\nDeshalb beantragt die CDU:\n\nDie Verwaltung prüft.\n";
        assert_eq!(title(text).as_deref(), Some("Standplatz Carsharing"));
    }

    #[test]
    fn unit_codes_of_stacked_labels_are_not_title_lines() {
        let text = "BESCHLUSSVORLAGE\n\nVerantwortlich:\n18.12.2012\n1278\nöffentlich\nDez. 4\nNeufassung der Satzung über\nSondernutzungen\n\nBeratungsfolge dieser Vorlage am TOP ö nö Ergebnis\nHauptausschuss 04.12.2012 5 vorberaten\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Neufassung der Satzung über Sondernutzungen")
        );
    }

    #[test]
    fn type_line_that_starts_the_subject() {
        let text = "Stadtteilbeirat Nord\tOrt, den 7.7.2022\nVorsitzender: Hans Beispiel\nStellungnahme zur Beschlussvorlage 61/2022 \"Radspur\" am Kanal und\nUmbau der Kreuzung\nSehr geehrter Herr Oberbürgermeister,\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Stellungnahme zur Beschlussvorlage 61/2022 \"Radspur\" am Kanal und Umbau der Kreuzung")
        );
    }

    #[test]
    fn paragraph_below_the_type_line() {
        let text = "Fraktion, Straße 1, 12345 Stadt\n\n20.11.2025\n\nANTRAG DHH/2025/4118\n\n\nRücknahme der Kürzungen - Theater\n\n Zuordnung im Haushaltsplan\nSeite im HH-Plan Teilhaushalt\n 215  4100\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Rücknahme der Kürzungen - Theater")
        );
    }

    #[test]
    fn title_above_a_question_lead_in() {
        let text = "Bayerischer Landtag\t19. Wahlperiode\t12.05.2023\tDrucksache 19/1234\n\nSchriftliche Anfrage\nder Abgeordneten Katharina Beispiel BÜNDNIS 90/DIE GRÜNEN\nvom 03.04.2023\n\nRadwege an Staatsstraßen\n\nIch frage die Staatsregierung:\n1.1 Wie viele Kilometer gibt es?\n";
        assert_eq!(title(text).as_deref(), Some("Radwege an Staatsstraßen"));
    }

    #[test]
    fn paragraph_above_the_type_line() {
        let text = "Landeshauptstadt Stuttgart\nReferat Soziales\n\nGRDrs 123/2023\n\nStuttgart, 14.02.2023\n\nAusbau der Schulsozialarbeit\n\nBeschlußvorlage\nVorlage an\tzur\tSitzungsart\tSitzungstermin\nGemeinderat\tBeschlussfassung\töffentlich\t16.03.2023\n\nBeschlußantrag:\n1. Der Ausbau wird beschlossen.\n";
        assert_eq!(title(text).as_deref(), Some("Ausbau der Schulsozialarbeit"));
        // The letterhead above the type is no title.
        let text = "Stadt Musterstadt\nDer Oberbürgermeister\n\nBeschlussvorlage\nGremium\tDatum\nRat\t01.02.2024\n\nBeschlussvorschlag:\nDer Rat beschließt.\n";
        assert_eq!(title(text), None);
    }

    #[test]
    fn header_block_lines_are_never_the_title() {
        // An old two-column template: letterhead, meeting line, agenda item,
        // number, status, unit code; the title follows, then the table.
        let text = "Beschlussvorlage\n\nSTADT MUSTERSTADT\nDer Oberbürgermeister\n17. Sitzung des Gemeinderates am 25.10.2005\nTOP 6\nVorlage Nr. 421\nÖffentlich    Nichtöffentlich\nverantwortlich:  Dez. 5\n\n\nErweiterung des Logistikzentrums am Hafen\n\n\nBeratungsfolge Sitzung am TOP ö nö Ergebnis\n\nAntrag an den Gemeinderat\n\nDer Gemeinderat nimmt die Erweiterung zur Kenntnis.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Erweiterung des Logistikzentrums am Hafen")
        );
    }

    #[test]
    fn submitters_and_stacked_label_values_are_skipped() {
        let text = "ERGÄNZUNGSANTRAG\n\nStadtrat Max Muster (GRÜNE)\nStadträtin Eva Beispiel (GRÜNE)\nGRÜNE-Gemeinderatsfraktion\nvom 19.06.2007\nGremium:\nTermin:\nVorlage Nr.:\nTOP:\n39. Plenarsitzung des\nGemeinderates\n26.06.2007\n1045\n8\nöffentlich\nKonzept zur Erhaltung denkmalgeschützter Gebäude\nDie Stadtverwaltung wird beauftragt, ein Konzept zu entwickeln.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Konzept zur Erhaltung denkmalgeschützter Gebäude")
        );
    }

    #[test]
    fn a_label_left_blank_takes_no_title_as_its_value() {
        // "Vorlage Nr.:" wants a number; the subject below is not one.
        let text = "INFORMATIONSVORLAGE\nVorlage Nr.:\nVerantwortlich: Dez. 3\nAktuelle Hortentwicklung\nBeratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\nJugendhilfeausschuss 08.05.2019 7\n";
        assert_eq!(title(text).as_deref(), Some("Aktuelle Hortentwicklung"));
    }

    #[test]
    fn address_blocks_and_letters_lead_to_the_subject() {
        let text = "Fraktion im Rat, Hauptstraße 1, 12345 Musterstadt\n\nHerrn Oberbürgermeister\nDr. Max Muster\n12345 Musterstadt\n\n27.09.2023\n\nANTRAG\nDHH/2023/3702\n\nNotwendige Sanierung unserer Feuerwehrhäuser angehen\n\n Zuordnung im Haushaltsplan\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Notwendige Sanierung unserer Feuerwehrhäuser angehen")
        );
    }

    #[test]
    fn hier_adds_the_second_part_of_the_subject() {
        let text = "BESCHLUSSVORLAGE\n\nÖffentlich\n\nBebauungsplan \"Am Bach\", Nordstadt\nhier: Satzungsbeschluss\n\nBeratungsfolge Sitzung am TOP ö nö Ergebnis\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Bebauungsplan \"Am Bach\", Nordstadt hier: Satzungsbeschluss")
        );
    }

    #[test]
    fn without_a_type_line_the_issuer_at_the_top_is_not_the_title() {
        let text = "Landratsamt Musterkreis\n\nSitzung des Kreistages am 12.03.2024\n\nNeubau der Kreisstraße K 12\n\nBeschlussvorschlag:\nDer Kreistag beschließt.\n";
        assert_eq!(title(text).as_deref(), Some("Neubau der Kreisstraße K 12"));
        // Alone, a short subject at the top is still the title.
        assert_eq!(
            title("Brandschutzbedarfsplan\n\nBegründung:\nText.\n").as_deref(),
            Some("Brandschutzbedarfsplan")
        );
    }

    #[test]
    fn text_after_the_type() {
        assert_eq!(
            title("Stadtteilbeirat\n\nAntrag: Neubau Büchenbacher Anlage\n\nSehr geehrte Damen")
                .as_deref(),
            Some("Neubau Büchenbacher Anlage")
        );
    }

    #[test]
    fn a_one_sentence_subject_in_the_title_slot() {
        // Stacked labels and their values, then the subject printed as one
        // sentence with a full stop, then the letter.
        let text = "ANTRAG\n\nSPD-Fraktion\n\nvom 03.11.2008\nGremium:\nTermin:\nTOP:\nOrtschaftsrat Nord\n12.11.2008\n2\n\nöffentlich\nForderung an die zuständigen städtischen Stellen bei Neu- und Umbauten im alten\nOrtsteil den Ensembleschutz zu beachten.\n\nSehr geehrter Herr Ortsvorsteher,\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Forderung an die zuständigen städtischen Stellen bei Neu- und Umbauten im alten Ortsteil den Ensembleschutz zu beachten")
        );
        // A request to the council in that slot is the text, not a subject.
        let text = "ANTRAG\n\nöffentlich\nDer Ortschaftsrat möge beschließen, einen Ortstermin mit den Ämtern zu vereinbaren.\n\nSehr geehrter Herr Ortsvorsteher,\n";
        assert_eq!(title(text), None);
    }

    #[test]
    fn a_lead_in_or_a_paragraph_below_the_subject_is_the_text() {
        let text = "ANTRAG\n\nSPD-Fraktion\nvom 21.10.2008\n\nöffentlich\n\nJährliche Erstellung des Energieberichts\nDer Gemeinderat beschließt:\n\n1) Der Bericht wird vorgestellt.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Jährliche Erstellung des Energieberichts")
        );
        let text = "ANTRAG\n\nSPD-Fraktion\nvom 21.10.2008\n\nöffentlich\n\nUmbenennung des Haber-Wegs\nDer Gemeinderat bittet in Übereinstimmung mit der Studierendenschaft\ndas Land, eine Umbenennung einzuleiten. Die Bürger sollen\nbeteiligt werden.\n";
        assert_eq!(title(text).as_deref(), Some("Umbenennung des Haber-Wegs"));
    }

    #[test]
    fn title_first_above_who_submits_it() {
        // The local-council template: boilerplate, the subject, the
        // faction and number, the table, the text; the type word comes late.
        let text = "Gedruckt auf 100 Prozent Recyclingpapier\n\nErweiterung Radweg Allee Süd\nGRÜNE-OR-Fraktion\nVorlage Nr.: 2021/0640\n\nGremium Termin TOP ö nö\nOrtschaftsrat Nord 16.06.2021 6\n\nFür Radfahrer aus Richtung Aue und insbesondere Schüler mit Fahrzielen in der\nSiedlung ist das Erreichen nur mit einem größeren Umweg möglich. Zweimal muss\ndie Allee gequert werden.\nIm Falle einer Ablehnung dieser Lösung käme die Umwandlung der Fahrspur in\nFahrtrichtung Nord in einen Radweg in Frage. Hier müsste nur wenig gebaut werden.\n\nAntrag:\nDie Stadtverwaltung erstellt eine Planung für die Schaffung einer Fahrradspur\nvon der Haltestelle in Richtung Süd auf der Südseite der Allee. Diese soll den\nRadverkehr in beide Richtungen ermöglichen.\n";
        assert_eq!(title(text).as_deref(), Some("Erweiterung Radweg Allee Süd"));
    }

    #[test]
    fn a_line_ending_mid_phrase_goes_on_below() {
        // The rest of the subject looks like a date line on its own.
        let text = "BESCHLUSSVORLAGE\n\nöffentlich\nSatzung über die Erhebung von Beiträgen in\nMusterstadt vom 28.03.2006: 4. Satzungsänderung\n\nBeratungsfolge Sitzung am TOP ö nö Ergebnis\nGemeinderat 17.11.2009 6\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Satzung über die Erhebung von Beiträgen in Musterstadt vom 28.03.2006: 4. Satzungsänderung")
        );
    }

    #[test]
    fn a_running_header_with_its_page_number_is_not_a_heading() {
        let text = "Ergänzende Erläuterungen                        Seite 1\n\nBESCHLUSSVORLAGE\n\nVerantwortlich: Schulamt\n\nBericht über die Schulen im Stadtteil\n\nIm Stadtteil gibt es insgesamt acht öffentliche Schulen in der Trägerschaft der\nStadt, die im laufenden Schuljahr besucht werden.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Bericht über die Schulen im Stadtteil")
        );
    }

    #[test]
    fn right_above_the_table_a_request_is_the_subject() {
        let text = "Antrag\n\nBFW-Ortschaftsratsfraktion Nord\n\nvom:  25.03.2019\nVorlage Nr.: 299\n\nErgänzend zu unserem Antrag vom 24.01.2019 bitten wir um Information, wie hoch die\nEinnahmen an Hundesteuer in der Stadt jährlich sind und wie diese Einnahmen\nverwendet werden\nGremium Termin TOP ö nö\nOrtschaftsrat Nord 07.05.2019 12 X\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Ergänzend zu unserem Antrag vom 24.01.2019 bitten wir um Information, wie hoch die Einnahmen an Hundesteuer in der Stadt jährlich sind und wie diese Einnahmen verwendet werden")
        );
    }

    #[test]
    fn abbreviations_glued_labels_and_names_under_the_submitters() {
        // A subject ending in "e.V." is no sentence.
        let text = "ANTRAG DHH/2023/4129\n\n\nZuschusserhöhung an die Mitglieder des Kulturrings Musterstadt e.V.\n\n Zuordnung im Haushaltsplan\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Zuschusserhöhung an die Mitglieder des Kulturrings Musterstadt e.V.")
        );
        // The next column's label glued to the value.
        let text = "Thema\nSportfördermittel für Vereine Vorlage Nr.:\nVerantwortlich: Dez.\nBeratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\nOrtschaftsrat 08.12.2020 3\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Sportfördermittel für Vereine")
        );
        // A role abbreviation and a name under the factions.
        let text = "Anfrage der\n\nMfG – Ortschaftsratsfraktion\nFDP – Ortschaftsratsfraktion\nOSR – Daniel Muster\n\nvom:  26.06.2020\n\nVorlage Nr.: 94\nGraffitiarbeit für die Stützmauer an der Fischtreppe\nGremium Termin TOP ö nö\nOrtschaftsrat Nord 15.07.2020 6 x\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Graffitiarbeit für die Stützmauer an der Fischtreppe")
        );
    }

    #[test]
    fn stacked_values_type_words_in_the_body_and_colon_parts() {
        // An agenda item's name between the stacked values is not the title.
        let text = "BESCHLUSSVORLAGE\n\nGremium:\nBauausschuss\nTermin:\nVorlage Nr.:\nTOP:\n\nVerantwortlich:\n\n11.03.2009\n300\nMitteilungen des Bauamts\nöffentlich\nDez. 6\n\n\nMaßnahmen zur Verkehrsberuhigung in der Lorenzstraße\n\nBeratungsfolge Sitzung am TOP ö nö Ergebnis\nBauausschuss 11.03.2009\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Maßnahmen zur Verkehrsberuhigung in der Lorenzstraße")
        );
        // The type word comes after the text, above the question.
        let text = "Gedruckt auf 100 Prozent Recyclingpapier\n\nElterncafé\nFDP-Ortschaftsratsfraktion\n\nGremium Termin TOP ö nö\nOrtschaftsrat Nord 08.12.2020 5\n\nDie Ortsverwaltung möge diese Anfrage in der nächsten öffentlichen Sitzung beantworten.\n\nAnfrage:\nWarum gibt es im Stadtteil kein Elterncafé?\n\nBegründung:\nText.\n";
        assert_eq!(title(text).as_deref(), Some("Elterncafé"));
        // A subject's second part after a colon, in lower case.
        let text = "Druckvorlage zur öffentlichen Sitzung des Ortschaftsrates am 27.05.2008\n\n\nAllgemeine Erläuterungen zur Entwässerungssatzung:\nmündliche Anfrage der SPD-Fraktion\nvom 18.12.2007\n\nHierzu erfolgt mündlicher Vortrag.\n";
        assert_eq!(
            title(text).as_deref(),
            Some("Allgemeine Erläuterungen zur Entwässerungssatzung: mündliche Anfrage der SPD-Fraktion")
        );
    }
}
