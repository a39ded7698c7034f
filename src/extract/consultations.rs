//! The Beratungsfolge: the bodies that discuss the paper, in printed order,
//! with meeting date, public status and role.
//!
//! A table header is a line made mostly of column words (Beratungsfolge,
//! Gremium, Datum, Termin, Zuständigkeit, Sitzung ist, TOP, Ö / N, …). Each
//! following line is a row when it names a body and has a date, a role or a
//! public mark. Cells are split at tabs or runs of spaces; rows whose
//! columns are separated by single spaces (plain text from some readers)
//! are split into word runs around the date, the TOP number and the status
//! letters. Cells are recognised by content, not by column position, so the
//! Erfurt (Datum / Behandlung / Zuständigkeit), ALLRIS (Gremium /
//! Zuständigkeit / Sitzung ist) and SessionNet (Sitzungstermin, Ö/N) layouts
//! all work.

use std::ops::Range;

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{
    cells, collapse_spaces, compile, join_lines, DatePattern, Doc, LabelMatcher, Separator,
};
use super::{Evidence, Found, Rules, RulesError};
use crate::record::Consultation;

/// Most lines a wrapped cell spreads over above or below its row's date
/// line.
const MAX_WRAP: usize = 2;
/// Longest committee name, in bytes.
const MAX_COMMITTEE: usize = 120;
/// How far down the paper a Beratungsfolge is looked for.
const SEARCH_LINES: usize = 200;
/// Most rows taken from one table.
const MAX_ROWS: usize = 40;
/// Most lines a table read cell by cell spreads over below its header.
const STREAM_LINES: usize = 70;
/// Most lines of other cells (results, notes) between two rows of a table
/// read cell by cell.
const MAX_OTHERS: usize = 6;

/// How a Beratungsfolge names bodies: what tells a body's name from a
/// header cell, a result or a sentence, and how a meeting's genitive
/// ("Sitzung des Gemeinderates") gives the body's name.
#[derive(Clone, Debug)]
struct Names {
    /// Word endings of bodies, lowercase.
    endings: Vec<String>,
    /// Words that end like a body but name none, lowercase.
    false_bodies: Vec<String>,
    /// First words that never open a body's name, lowercase.
    not_first: Vec<String>,
    /// The single words of the table header vocabulary, lowercase.
    column_words: rustc_hash::FxHashSet<String>,
    /// Small words kept lower case in a name, lowercase.
    small_words: Vec<String>,
    /// Endings of a row's head noun that name an act or an event, not a
    /// body ("GR-Auslegungsbeschluss", "Gemarkungsrundfahrt"), lowercase.
    act_endings: Vec<String>,
    /// Procedure steps printed beside a body's name ("Offenlage
    /// Gemeinderat"), lowercase.
    step_words: Vec<String>,
}

impl Names {
    fn new(rules: &Rules) -> Names {
        Names {
            endings: [
                rules.lower_list("consultation_body_endings"),
                rules.lower_list("committee_body_endings"),
            ]
            .concat(),
            false_bodies: rules.lower_list("committee_false_bodies"),
            not_first: rules.lower_list("committee_not_first_words"),
            column_words: rules
                .list("consultation_columns")
                .iter()
                .flat_map(|c| c.split_whitespace())
                .map(str::to_lowercase)
                .collect(),
            small_words: rules.lower_list("committee_lowercase_words"),
            act_endings: rules.lower_list("committee_act_endings"),
            step_words: rules.lower_list("committee_step_words"),
        }
    }

    /// Whether a row's name names an act or an event rather than a body:
    /// no word of it is a body word, and its head noun (the last word, or
    /// the last part of a hyphenated compound) ends like an act
    /// ("GR-Auslegungsbeschluss 19.07.2005 … Auslegung beschlossen").
    fn names_an_act(&self, name: &str) -> bool {
        if name.split_whitespace().any(|w| self.is_body_word(w)) {
            return false;
        }
        let head = name
            .rsplit([' ', '-', '/'])
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_lowercase();
        self.act_endings.iter().any(|e| head.ends_with(e.as_str()))
    }

    /// A body's name without a procedure step printed before or after it
    /// ("Offenlage Gemeinderat", "Haupt- und Finanzausschuss Offenlage",
    /// "Gemeinderat/Haupt- u. Finanzausschuss - Offenlage"); the name as
    /// it is when the rest would not name a body.
    fn without_step<'a>(&self, name: &'a str) -> &'a str {
        let is_step = |w: &str| {
            let w = w.to_lowercase();
            self.step_words.contains(&w)
        };
        let mut t = name.trim();
        if let Some((first, rest)) = t.split_once(' ') {
            if is_step(first) {
                t = rest.trim_start();
            }
        }
        if let Some((rest, last)) = t.rsplit_once(' ') {
            if is_step(last) {
                t = rest.trim_end().trim_end_matches(['-', '–']).trim_end();
            }
        }
        if t.split_whitespace().any(|w| self.is_body_word(w)) {
            t
        } else {
            name
        }
    }

    /// Whether `word` names a body by its ending ("Bauausschuss",
    /// "Ortschaftsrat", "Bezirksvertretung").
    fn is_body_word(&self, word: &str) -> bool {
        // "Hauptausschuss/Bäder-": either part may name the body.
        word.split('/').any(|part| {
            let w = part
                .trim_matches(|c: char| !c.is_alphabetic())
                .to_lowercase();
            w.len() >= 3
                && !self.false_bodies.contains(&w)
                && self.endings.iter().any(|e| w.ends_with(e.as_str()))
        })
    }

    /// Whether `text` can open a row's body name: a capital, no sentence
    /// opener, short, and a body word among its first four words
    /// ("Ausschuss für Umwelt und", "Sondersitzung Bauausschuss").
    fn opens_name(&self, text: &str) -> bool {
        let t = text.trim();
        t.starts_with(char::is_uppercase)
            && t.len() <= MAX_COMMITTEE
            && t.split_whitespace().count() <= 10
            && !t.ends_with(['.', ':', ';', '!', '?'])
            && self.acceptable(t)
            && self.name_like(t)
    }

    /// Whether `t` reads like a body's name, not like a sentence: a body
    /// word among the first four words, only capitalised words or small
    /// joining words before it ("Haupt- und Finanzausschuss"), and at most
    /// one other lower-case word in all ("Ausschuss für öffentliche
    /// Einrichtungen"; not "Ausscheiden aus dem Jugendhilfeausschuss …",
    /// "Behinderungen und Migrationsbeirat) dar, welche Schritte …").
    fn name_like(&self, t: &str) -> bool {
        let words: Vec<&str> = t.split_whitespace().collect();
        let Some(body) = words.iter().take(4).position(|w| self.is_body_word(w)) else {
            return false;
        };
        let small = |w: &str| self.small_words.iter().any(|s| s == w);
        let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '„');
        if !words[..body].iter().all(|w| capital(w) || small(w)) {
            return false;
        }
        words
            .iter()
            .filter(|w| !capital(w) && !small(w) && w.starts_with(char::is_alphabetic))
            .count()
            <= 1
    }

    /// Whether a row's committee may be reported: it opens with no
    /// sentence opener ("Der Gemeinderat nimmt …", "Am 11.12.2020 …") and
    /// is not made of table header words only ("Sitzung am", "TOP ö nö").
    fn acceptable(&self, name: &str) -> bool {
        let first = name
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches([',', ':'])
            .to_lowercase();
        if self.not_first.contains(&first) {
            return false;
        }
        let mut words = name
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .peekable();
        words.peek().is_none() || !words.all(|w| self.column_words.contains(&w.to_lowercase()))
    }

    /// The body a meeting's genitive names, in the nominative:
    /// "Gemeinderates" → "Gemeinderat", "Ausschusses für Umwelt und
    /// Gesundheit" → "Ausschuss für Umwelt und Gesundheit", "GEMEINDERATES"
    /// → "Gemeinderat", "Bezirksvertretung Mitte" stays. Only the first body
    /// word is changed; `None` when no word names a body.
    fn nominative(&self, genitive: &str) -> Option<String> {
        let cased = if genitive.chars().any(char::is_lowercase) {
            collapse_spaces(genitive.trim())
        } else {
            self.title_case(genitive)
        };
        let mut out: Vec<&str> = Vec::new();
        let mut found = false;
        for w in cased.split_whitespace() {
            if !found {
                if self.is_body_word(w) {
                    found = true;
                } else if let Some(stem) = ["es", "s"].iter().find_map(|suffix| {
                    let cut = w.len().checked_sub(suffix.len())?;
                    let stem = w.get(..cut)?;
                    (w[cut..].eq_ignore_ascii_case(suffix) && self.is_body_word(stem))
                        .then_some(stem)
                }) {
                    found = true;
                    out.push(stem);
                    continue;
                }
            }
            out.push(w);
        }
        found.then(|| out.join(" "))
    }

    /// "AUSSCHUSSES FÜR UMWELT" → "Ausschusses für Umwelt".
    fn title_case(&self, text: &str) -> String {
        text.split_whitespace()
            .map(|w| {
                let lower = w.to_lowercase();
                if self.small_words.contains(&lower) {
                    return lower;
                }
                let mut chars = lower.chars();
                match chars.next() {
                    Some(c) => c.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Compiled Beratungsfolge rules.
#[derive(Clone, Debug)]
pub struct ConsultationRules {
    /// Column words, lowercase, each split into words.
    columns: Vec<Vec<String>>,
    /// First words of the column words, lowercase: a header starts with one.
    first_words: rustc_hash::FxHashSet<String>,
    /// The first bytes of `first_words`, a quick test before the set.
    first_word_starts: [bool; 256],
    /// The first words as printed in lower, capitalised and upper case, to
    /// look words up without lower-casing each.
    first_forms: rustc_hash::FxHashSet<String>,
    /// Roles, lowercase.
    roles: Vec<String>,
    /// Public marks, lowercase.
    public: Vec<String>,
    /// Non-public marks, lowercase.
    nonpublic: Vec<String>,
    /// Word endings of bodies, lowercase.
    body_endings: Vec<String>,
    names: Names,
    dates: DatePattern,
}

/// Labels of a meeting printed as header fields instead of a table.
#[derive(Clone, Debug)]
pub struct LabelBlockRules {
    committee: LabelMatcher,
    date: LabelMatcher,
    any_label: LabelMatcher,
    counter: Regex,
    /// "17. Sitzung des Gemeinderates am 25.10.2005": the meeting words,
    /// the body's genitive, the date after "am".
    phrase: Regex,
    /// Meeting words without their first letter, lower and upper case, to
    /// test lines cheaply.
    meeting_words: Vec<String>,
    names: Names,
    public: Vec<String>,
    nonpublic: Vec<String>,
    dates: DatePattern,
}

/// How many lines below its label a stacked value is looked for.
const STACK_LINES: usize = 14;

impl LabelBlockRules {
    /// Compiles the meeting label lists.
    pub fn new(rules: &Rules) -> Result<LabelBlockRules, RulesError> {
        let all = rules
            .header_field_labels(&["consultation_committee_labels", "consultation_date_labels"]);
        Ok(LabelBlockRules {
            committee: LabelMatcher::new(
                "consultation_committee_labels",
                rules.list("consultation_committee_labels"),
                Separator::Strict,
            )?,
            date: LabelMatcher::new(
                "consultation_date_labels",
                rules.list("consultation_date_labels"),
                Separator::Strict,
            )?,
            any_label: LabelMatcher::new("header_labels", &all, Separator::Strict)?,
            counter: compile(
                "consultations",
                r"^[0-9]{1,3}\.[ \t]+[A-Za-zÄÖÜäöüß]*[Ss]itzung[ \t]+",
            )?,
            phrase: compile(
                "committee_meeting_words",
                &format!(
                    r"(?i)^[ \t]*(?:[0-9]{{1,3}}\.[ \t]*)?(?P<pre>(?:[^ \t]+[ \t]+){{0,3}}?)\p{{L}}*(?:{})[ \t]+(?:des|der)[ \t]+(?P<body>.+?)(?:[ \t]+(?:am|vom)(?:[ \t]+(?P<date>.*?))?)?[ \t]*$",
                    super::scan::alternation(rules.list("committee_meeting_words"))
                ),
            )?,
            // The words without their first letter, in lower and upper
            // case: "itzung" is in "Sitzung" and "Plenarsitzung".
            meeting_words: rules
                .list("committee_meeting_words")
                .iter()
                .flat_map(|w| {
                    let tail: String = w.to_lowercase().chars().skip(1).collect();
                    [tail.to_uppercase(), tail]
                })
                .filter(|w| !w.is_empty())
                .collect(),
            names: Names::new(rules),
            public: rules.lower_list("public_words"),
            nonpublic: rules.lower_list("nonpublic_words"),
            dates: DatePattern::new(),
        })
    }

    /// The meeting of a header that prints it as fields ("Gremium:" /
    /// "Termin:"), their values beside them or stacked below the labels
    /// (old Karlsruhe templates: "Gremium:" / "Termin:" / "Vorlage Nr.:" /
    /// "TOP:" / "53. Plenarsitzung Gemeinderat" / "24.09.2013" / …).
    pub fn find(&self, doc: &Doc<'_>, limit: usize) -> Option<Found<Consultation>> {
        let limit = limit.min(doc.lines.len());
        let i = (0..limit).find(|&i| self.committee.find(doc.lines[i].text).is_some())?;
        let line = doc.lines[i];
        let m = self.committee.find(line.text)?;
        // The stacked values start after the run of empty labels.
        let mut values = i + 1;
        while values < limit
            && (doc.is_blank(values)
                || self
                    .any_label
                    .find(doc.lines[values].text)
                    .is_some_and(|l| l.value.is_empty()))
        {
            values += 1;
        }
        let stacked = values..(values + STACK_LINES).min(doc.lines.len());
        let (committee, span) = if m.value.is_empty() {
            stacked
                .clone()
                .find_map(|j| Some((self.stacked_name(doc, j)?, doc.trimmed_span(j))))?
        } else {
            let start = line.start + m.value_at;
            let name = self
                .meeting_body(m.value)
                .unwrap_or_else(|| self.without_counter(m.value).to_string());
            (name, start..start + m.value.len())
        };
        if !self.is_name(&committee) {
            return None;
        }
        // The date: a date label's value, else the first date alone among
        // the stacked values.
        let labelled = (i..limit)
            .find_map(|j| self.date.find(doc.lines[j].text))
            .and_then(|d| self.dates.find_all(d.value).first().map(|d| d.iso.clone()));
        let stacked_date = || {
            stacked.clone().find_map(|j| {
                let t = doc.trimmed(j);
                let d = self.dates.find_all(t);
                d.first()
                    .filter(|d| d.span.start == 0 && d.span.end == t.len())
                    .map(|d| d.iso.clone())
            })
        };
        let date = labelled.or_else(stacked_date)?;
        let public = stacked.clone().find_map(|j| {
            let t = doc.trimmed(j).to_lowercase();
            if self.nonpublic.contains(&t) {
                Some(false)
            } else if self.public.contains(&t) {
                Some(true)
            } else {
                None
            }
        });
        Some(Found {
            value: Consultation {
                committee: committee.trim().to_string(),
                date: Some(date),
                public,
                role: None,
            },
            evidence: Evidence {
                span,
                rule: "consultations.label_block".into(),
            },
        })
    }

    /// The body's name a stacked value on line `j` gives: "53.
    /// Plenarsitzung Gemeinderat" → "Gemeinderat", "30. Plenarsitzung des
    /// Gemein-" / "derates" → "Gemeinderat".
    fn stacked_name(&self, doc: &Doc<'_>, j: usize) -> Option<String> {
        let t = doc.trimmed(j);
        if t.is_empty() {
            return None;
        }
        // The phrase may go on on the next line: "Öffentliche Sitzung des"
        // / "Ortschaftsrates", "Plenarsitzung des Gemein-" / "derates".
        if let Some(body) = self.meeting_body(t) {
            return Some(body);
        }
        if let Some(next) = doc.next_nonblank(j + 1).filter(|&n| n <= j + 2) {
            if let Some(body) = self.meeting_body(&join_lines([t, doc.trimmed(next)])) {
                return Some(body);
            }
        }
        let t = self.without_counter(t);
        (!t.is_empty() && self.is_name(t)).then(|| t.to_string())
    }

    /// The body of a meeting phrase without its date: "36. Plenarsitzung
    /// des Gemeinderates" → "Gemeinderat".
    fn meeting_body(&self, text: &str) -> Option<String> {
        if !self.names_a_meeting(text) {
            return None;
        }
        let caps = self.phrase.captures(text)?;
        if caps.name("date").is_some_and(|d| !d.as_str().is_empty()) {
            return None;
        }
        self.names.nominative(caps.name("body")?.as_str())
    }

    /// Whether `t` holds a meeting word in lower or upper case ("Sitzung",
    /// "PLENARSITZUNG"): a test without allocating, line by line.
    fn names_a_meeting(&self, t: &str) -> bool {
        self.meeting_words.iter().any(|w| super::scan::has(t, w))
    }

    /// The meeting a header line names with its date: "17. Sitzung des
    /// Gemeinderates am 25.10.2005", "18. ÖFFENTLICHE PLENARSITZUNG DES
    /// GEMEINDERATES AM 22. NOVEMBER" / "2005", "Druckvorlage zur
    /// öffentlichen Sitzung des Ortschaftsrates am 01.04.2008". The phrase
    /// is the whole line (at most three words before the meeting word, the
    /// date last), so a sentence that mentions a meeting is no header.
    pub fn meeting_phrase(&self, doc: &Doc<'_>, limit: usize) -> Option<Found<Consultation>> {
        let limit = limit.min(doc.lines.len());
        for i in 0..limit {
            let t = doc.trimmed(i);
            if t.len() > 160 || !t.bytes().any(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            if !self.names_a_meeting(t) {
                continue;
            }
            // The phrase may wrap onto one or two lines.
            let mut joined = t.to_string();
            let mut next = i + 1;
            for _ in 0..3 {
                if let Some(found) = self.phrase_at(&joined, doc.trimmed_span(i)) {
                    return Some(found);
                }
                match doc.next_nonblank(next) {
                    Some(n) if n < i + 4 => {
                        joined = join_lines([joined.as_str(), doc.trimmed(n)]);
                        next = n + 1;
                    }
                    _ => break,
                }
            }
        }
        None
    }

    fn phrase_at(&self, text: &str, span: Range<usize>) -> Option<Found<Consultation>> {
        let caps = self.phrase.captures(text)?;
        let pre = caps.name("pre").map_or("", |p| p.as_str()).trim();
        if !pre.is_empty()
            && (!pre.starts_with(char::is_uppercase)
                || pre.contains(|c: char| c.is_ascii_digit())
                || !self.names.acceptable(pre))
        {
            return None;
        }
        let mut date_text = caps.name("date")?.as_str().trim();
        // A weekday before the date: "am Dienstag, 12.03.2024".
        if let Some((day, after)) = date_text.split_once(", ") {
            if day.chars().all(char::is_alphabetic) {
                date_text = after.trim();
            }
        }
        let date = self.dates.find_all(date_text).into_iter().next()?;
        if date.span.start != 0 || date.span.end != date_text.len() {
            return None;
        }
        let committee = self.names.nominative(caps.name("body")?.as_str())?;
        if committee.len() > MAX_COMMITTEE || !self.names.acceptable(&committee) {
            return None;
        }
        Some(Found {
            value: Consultation {
                committee,
                date: Some(date.iso),
                public: None,
                role: None,
            },
            evidence: Evidence {
                span,
                rule: "consultations.meeting_phrase".into(),
            },
        })
    }

    /// A committee name: capitalised, no digits, no label.
    fn is_name(&self, t: &str) -> bool {
        t.starts_with(char::is_uppercase)
            && t.len() < 100
            && self.any_label.find(t).is_none()
            && !self.public.contains(&t.to_lowercase())
            && !self.nonpublic.contains(&t.to_lowercase())
            && !t.contains(|c: char| c.is_ascii_digit())
    }

    /// "53. Plenarsitzung Gemeinderat" → "Gemeinderat": the meeting's
    /// counter is not part of the body's name.
    fn without_counter<'a>(&self, t: &'a str) -> &'a str {
        match self.counter.find(t) {
            Some(c) => &t[c.end()..],
            None => t,
        }
    }
}

/// A Beratungsfolge table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The rows in printed order.
    pub rows: Vec<Found<Consultation>>,
    /// The lines the table covers (from its caption or header to its last
    /// row).
    pub lines: Range<usize>,
}

/// What the cell of a row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    Date,
    Public(bool),
    Mark,
    Number,
    Role,
    Other,
}

impl ConsultationRules {
    /// Compiles the column, role and public word lists.
    pub fn new(rules: &Rules) -> Result<ConsultationRules, RulesError> {
        let mut columns: Vec<Vec<String>> = rules
            .list("consultation_columns")
            .iter()
            .map(|c| {
                c.to_lowercase()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        columns.sort_by_key(|c: &Vec<String>| std::cmp::Reverse(c.len()));
        let first_words: rustc_hash::FxHashSet<String> =
            columns.iter().filter_map(|c| c.first().cloned()).collect();
        Ok(ConsultationRules {
            columns,
            first_forms: first_words
                .iter()
                .flat_map(|w: &String| {
                    let mut chars = w.chars();
                    let capital: String = chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default();
                    [w.clone(), capital, w.to_uppercase()]
                })
                .collect(),
            first_word_starts: {
                let mut starts = [false; 256];
                for w in &first_words {
                    if let Some(&b) = w.as_bytes().first() {
                        starts[b as usize] = true;
                    }
                }
                starts
            },
            first_words,
            roles: rules.lower_list("consultation_roles"),
            public: rules.lower_list("public_words"),
            nonpublic: rules.lower_list("nonpublic_words"),
            body_endings: rules.lower_list("consultation_body_endings"),
            names: Names::new(rules),
            dates: DatePattern::new(),
        })
    }

    /// The first Beratungsfolge table in the paper.
    pub fn find(&self, doc: &Doc<'_>) -> Option<Table> {
        let limit = doc.lines.len().min(SEARCH_LINES);
        for i in 0..limit {
            let mut lead = None;
            let header = self.header(doc.lines[i].text).or_else(|| {
                // The body's name in place of the first column word:
                // "Ortschaftsrat Nord Termin TOP ö nö" / "09.02.2022 3 x".
                let (name, header) = self.lead_header(doc.lines[i].text)?;
                lead = Some(name);
                Some(header)
            });
            let header = header.or_else(|| {
                // A caption alone ("Beratungsfolge:") with the rows right
                // below it, no column header between.
                let next = doc.next_nonblank(i + 1)?;
                (self.is_caption(doc.lines[i].text) && self.header(doc.lines[next].text).is_none())
                    .then_some(Header {
                        mark_columns: false,
                        caption_only: true,
                    })
            });
            let Some(header) = header else {
                continue;
            };
            let mut rows = if lead.is_some() {
                (Vec::new(), i + 1)
            } else {
                self.rows(doc, i + 1, &header)
            };
            // Cells read one per line give no rows above, or fewer.
            let stream = self.stream_rows(doc, i, lead);
            if stream.0.len() > rows.0.len() {
                rows = stream;
            }
            if rows.0.is_empty() {
                continue;
            }
            let mut start = i;
            if let Some(prev) = (0..i).rev().find(|&j| !doc.is_blank(j)) {
                if i - prev <= 2
                    && doc
                        .trimmed(prev)
                        .to_lowercase()
                        .starts_with("beratungsfolge")
                {
                    start = prev;
                }
            }
            return Some(Table {
                rows: rows.0,
                lines: start..rows.1,
            });
        }
        None
    }

    /// Whether `line` is a table header; if so, whether it has separate
    /// ö / nö columns.
    /// Whether `first` (20 bytes at most) lower-cased is one of
    /// `first_words`; an ASCII word is lower-cased on the stack, not in a
    /// new string (this runs for most lines of a paper).
    fn is_first_word(&self, first: &str) -> bool {
        if first.is_ascii() && first.len() <= 20 {
            let mut buf = [0u8; 20];
            let lower = &mut buf[..first.len()];
            lower.copy_from_slice(first.as_bytes());
            lower.make_ascii_lowercase();
            return std::str::from_utf8(lower).is_ok_and(|w| self.first_words.contains(w));
        }
        self.first_words.contains(&first.to_lowercase())
    }

    fn header(&self, line: &str) -> Option<Header> {
        let t = line.trim();
        if t.is_empty() || t.len() > 200 {
            return None;
        }
        // Cheap test first: a header starts with a column word.
        let first = t
            .split([' ', '\t'])
            .next()
            .unwrap_or("")
            .trim_end_matches(':');
        // A first byte that is ASCII lower-cases to its ASCII small letter.
        let ascii_miss = first.as_bytes().first().is_some_and(|&b| {
            b.is_ascii() && !self.first_word_starts[b.to_ascii_lowercase() as usize]
        });
        if first.len() > 20 || ascii_miss || !self.is_first_word(first) {
            return None;
        }
        let lower = t.to_lowercase();
        let words: Vec<&str> = lower
            .split([' ', '\t'])
            .map(|w| w.trim_matches(|c: char| c == ':' || c == '(' || c == ')'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut known = 0;
        let mut columns = 0;
        let mut i = 0;
        let mut has_o = false;
        let mut has_no = false;
        while i < words.len() {
            let hit = self.columns.iter().find(|c| {
                c.len() <= words.len() - i && c.iter().zip(&words[i..]).all(|(a, b)| a == b)
            });
            match hit {
                Some(c) => {
                    if c.len() == 1 && c[0] == "ö" {
                        has_o = true;
                    }
                    if c.len() == 1 && c[0] == "nö" {
                        has_no = true;
                    }
                    known += c.len();
                    columns += 1;
                    i += c.len();
                }
                None => i += 1,
            }
        }
        if columns >= 2
            && known * 10 >= words.len() * 6
            && !words
                .iter()
                .any(|w| w.contains(|c: char| c.is_ascii_digit()))
        {
            Some(Header {
                mark_columns: has_o && has_no,
                caption_only: false,
            })
        } else {
            None
        }
    }

    /// A header whose first column word is replaced by the body's name:
    /// "Ortschaftsrat Nord Termin TOP ö nö". Returns the name and the
    /// header of the rest.
    fn lead_header(&self, line: &str) -> Option<(String, Header)> {
        let t = line.trim();
        // Cheap tests first: a header has no digits and no punctuation of
        // sentences, and this runs on every line that is no header.
        if t.len() > 200
            || !t.starts_with(char::is_uppercase)
            || t.bytes()
                .any(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b':' | b';'))
        {
            return None;
        }
        // The name ends before the first column word that starts a header.
        for (k, (at, word)) in words(t).into_iter().enumerate().skip(1).take(8) {
            if !self.first_forms.contains(word) {
                continue;
            }
            let name = t[..at].trim();
            if self.names.opens_name(name) && self.names.acceptable(name) {
                let header = self.header(&t[at..])?;
                return (k > 0).then(|| (name.to_string(), header));
            }
            return None;
        }
        None
    }

    /// Rows of a table whose cells were read one per line, or glued
    /// together (text of PDF tables from some readers): a body's name,
    /// maybe wrapped over lines, then its date on the same or a later
    /// line, then TOP numbers, marks and results, each on a line of its
    /// own ("Ausschuss für Umwelt und" / "Gesundheit" / "05.07.2016 9" /
    /// "x" / "vorberaten"; "Jugendhilfeausschuss08.05.20197"). A row starts
    /// at a line that opens a body's name; the table ends at a long line or
    /// after too many lines that are no part of a row. `header` is the
    /// header's line; `lead` a body named in it.
    fn stream_rows(
        &self,
        doc: &Doc<'_>,
        header: usize,
        lead: Option<String>,
    ) -> (Vec<Found<Consultation>>, usize) {
        let mut rows = Vec::new();
        // The row being read and its first line.
        let mut open: Option<(Consultation, usize)> = lead.map(|committee| {
            (
                Consultation {
                    committee,
                    ..Consultation::default()
                },
                header,
            )
        });
        let mut end = header + 1;
        let mut others = 0;
        // Dates before names ("12.03.2024" / "Bauausschuss" / "Vorberatung"):
        // told by the table's first cell; the date waiting for its name.
        let mut dates_first = open.as_ref().map(|_| false);
        let mut waiting: Option<String> = None;
        let limit = doc.lines.len().min(header + 1 + STREAM_LINES);
        let mut i = header + 1;
        while i < limit && rows.len() < MAX_ROWS {
            let t = doc.trimmed(i);
            let line = i;
            i += 1;
            if t.is_empty() {
                continue;
            }
            // A long line is prose; a checkbox line is the next box of
            // the form ("Beteiligung Personalrat ☐ Ja ☒ Nein").
            if t.len() > 100 || super::scan::has_checkbox(t) && !is_mark_line(t) {
                break;
            }
            let wants_date =
                dates_first != Some(true) && open.as_ref().is_some_and(|(c, _)| c.date.is_none());
            let joins = open
                .as_ref()
                .is_some_and(|(c, _)| c.date.is_none() && continues(&c.committee));
            let date = self.stream_date(t).or_else(|| {
                // "8. Dezember" / "2020": a date wrapped in its cell.
                let next = doc.next_nonblank(i).filter(|&n| n < i + 2)?;
                let joined = format!("{t} {}", doc.trimmed(next));
                let d = self.dates.find_all(&joined).into_iter().next()?;
                (d.span.end > t.len() && d.span.start < t.len()).then(|| {
                    i = next + 1;
                    (d.span.start..t.len(), d.iso)
                })
            });
            let (text, date, rest) = match date {
                Some((span, iso)) => (t[..span.start].trim(), Some(iso), &t[span.end..]),
                None => (t, None, ""),
            };
            // Cells separated by tabs: the name is the first one, the
            // others may hold the status and the role.
            let (text, cells_after) = match text.split_once('\t') {
                Some((first, after)) => (first.trim(), after),
                None => (text, ""),
            };
            let spaced = despace(text);
            let text = spaced.as_str();
            if dates_first.is_none() && !is_mark_line(t) {
                dates_first = Some(date.is_some() && text.is_empty());
            }
            if dates_first == Some(true) && text.is_empty() && date.is_some() {
                waiting = date;
                continue;
            }
            if !text.is_empty() && !joins && self.names.opens_name(text) {
                // A new row.
                if let Some(row) = open.take() {
                    self.close(doc, row, &mut rows, &mut end);
                }
                let mut row = Consultation {
                    committee: text.to_string(),
                    date: date.or_else(|| waiting.take()),
                    ..Consultation::default()
                };
                self.read_rest(&mut row, cells_after);
                self.read_rest(&mut row, rest);
                open = Some((row, line));
                others = 0;
                end = i;
                continue;
            }
            if wants_date && (text.is_empty() || self.can_continue(&open, text)) {
                if let Some((row, _)) = open.as_mut() {
                    if !text.is_empty() {
                        row.committee = join_lines([row.committee.as_str(), text]);
                    }
                    row.date = date;
                    self.read_rest(row, rest);
                }
                end = i;
                continue;
            }
            if date.is_none() && is_mark_line(t) {
                if let Some((row, _)) = open.as_mut() {
                    self.read_rest(row, t);
                }
                continue;
            }
            // A role alone on its line belongs to the open row.
            if let Some((row, _)) = open.as_mut().filter(|(r, _)| r.role.is_none()) {
                if date.is_none() && self.role_at_start(t).is_some_and(|r| r.len() == t.len()) {
                    row.role = Some(t.to_string());
                    continue;
                }
            }
            others += 1;
            if others > MAX_OTHERS {
                break;
            }
        }
        if let Some(row) = open {
            self.close(doc, row, &mut rows, &mut end);
        }
        (rows, end)
    }

    /// The status and role cells after a row's date on its line ("5 Ö
    /// Vorberatung", "3 N Entscheidung"); TOP numbers and marks skipped.
    fn read_rest(&self, row: &mut Consultation, rest: &str) {
        let mut rest = rest.trim();
        while let Some((word, tail)) = rest
            .split_once(char::is_whitespace)
            .or((!rest.is_empty()).then_some((rest, "")))
        {
            let lower = word.to_lowercase();
            if self.public.contains(&lower) {
                row.public.get_or_insert(true);
            } else if self.nonpublic.contains(&lower) {
                row.public.get_or_insert(false);
            } else if !is_mark_line(word) {
                break;
            }
            rest = tail.trim_start();
        }
        if row.role.is_none() {
            row.role = self.role_at_start(rest);
        }
    }

    /// Reports a row read cell by cell when its name is complete.
    fn close(
        &self,
        doc: &Doc<'_>,
        (row, line): (Consultation, usize),
        rows: &mut Vec<Found<Consultation>>,
        end: &mut usize,
    ) {
        if row.date.is_none() && continues(&row.committee) {
            return;
        }
        if let Some(row) = self.finish(row) {
            rows.push(row_found(doc, line, row, "cell_rows"));
            *end = (*end).max(line + 1);
        }
    }

    /// Whether `text` (no name of its own) continues the name of the open
    /// row: the name ends with a hyphen, a comma or a joining word, or with
    /// a lower-case adjective before the noun on the next line ("Ausschuss
    /// für öffentliche" / "Einrichtungen").
    fn can_continue(&self, open: &Option<(Consultation, usize)>, text: &str) -> bool {
        let Some((row, _)) = open else {
            return false;
        };
        let name = row.committee.trim_end();
        let last_lower = name
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with(char::is_lowercase));
        text.len() < 60
            && text.split_whitespace().count() <= 5
            && !text.contains(|c: char| c.is_ascii_digit())
            && !is_mark_line(text)
            && !self.is_role(text)
            && (continues(name) || last_lower && text.starts_with(char::is_uppercase))
    }

    /// The first date of a line: where it starts and its ISO form. Besides
    /// the usual forms, a "dd.mm.yyyy" glued to the name before it or to
    /// the TOP number after it ("Bäderausschuss24.10.20192").
    fn stream_date(&self, t: &str) -> Option<(Range<usize>, String)> {
        if !t.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        if let Some(d) = self.dates.find_all(t).into_iter().next() {
            return Some((d.span, d.iso));
        }
        let b = t.as_bytes();
        let digits = |r: Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        (0..b.len().saturating_sub(9)).find_map(|k| {
            if k > 0 && b[k - 1].is_ascii_digit()
                || !(digits(k..k + 2) && b[k + 2] == b'.' && digits(k + 3..k + 5))
                || !(b[k + 5] == b'.' && digits(k + 6..k + 10))
            {
                return None;
            }
            let num = |r: Range<usize>| t[r].parse::<u32>().ok();
            let (d, m, y) = (num(k..k + 2)?, num(k + 3..k + 5)?, num(k + 6..k + 10)?);
            ((1..=31).contains(&d) && (1..=12).contains(&m) && (1950..=2100).contains(&y))
                .then(|| (k..k + 10, format!("{y:04}-{m:02}-{d:02}")))
        })
    }

    /// Rows from line `from`; returns them and the end of the table.
    ///
    /// A cell too long for its column wraps onto the lines above and below
    /// the row's date line ("Fachausschuss Finanzen, Wirt-" / "schafts-
    /// förderung, Marketing und ⇥ 09.09.2025 ⇥ …" / "Feuerschutz"; "Beratung
    /// und Beschlussfas-" / "Rat ⇥ 24.06.2025" / "sung"): those lines are
    /// joined to the committee or the role they continue.
    fn rows(
        &self,
        doc: &Doc<'_>,
        from: usize,
        header: &Header,
    ) -> (Vec<Found<Consultation>>, usize) {
        let mut rows = Vec::new();
        let mut end = from;
        let mut blanks = 0;
        let mut strays = 0;
        // Non-row lines directly above the current line (no blank between).
        let mut above: Vec<&str> = Vec::new();
        let mut i = from;
        while i < doc.lines.len() && rows.len() < MAX_ROWS {
            let line = doc.lines[i].text;
            i += 1;
            if line.trim().is_empty() {
                blanks += 1;
                above.clear();
                if blanks >= 3 {
                    break;
                }
                continue;
            }
            blanks = 0;
            if let Some((parts, rule)) = self.row_parts(line, header) {
                let below: Vec<&str> = (i..doc.lines.len().min(i + MAX_WRAP))
                    .map(|j| doc.lines[j].text)
                    .take_while(|l| self.is_wrapped_part(l))
                    .collect();
                // Only cells of real columns wrap; a row read word by word
                // must stand on its own line.
                let (merged, used) = if rule == "table_row" {
                    self.merge_wrapped(parts, &above, &below)
                } else {
                    (parts, 0)
                };
                if let Some(row) = self.finish(merged) {
                    strays = 0;
                    above.clear();
                    rows.push(row_found(doc, i - 1, row, rule));
                    i += used;
                    end = i;
                    continue;
                }
            }
            // Rows without a date: a single-spaced "Body Role Mark", or
            // under a bare caption a body's name alone.
            let dateless = self.tail_row(line).map(|r| (r, "tail_row")).or_else(|| {
                let bare = header.caption_only.then(|| self.bare_row(line));
                bare.flatten().map(|r| (r, "bare_row"))
            });
            if let Some((row, rule)) = dateless {
                strays = 0;
                above.clear();
                rows.push(row_found(doc, i - 1, row, rule));
                end = i;
                continue;
            }
            strays += 1;
            above.push(line);
            if above.len() > MAX_WRAP {
                above.remove(0);
            }
            if strays > 2 || rows.is_empty() && strays > 1 {
                break;
            }
        }
        (rows, end)
    }

    /// Parses one row; the second value names the rule used. The committee
    /// may still be missing or a wrapped cell's lower-case middle (a date
    /// line of a row with wrapped cells): [`Self::merge_wrapped`] completes
    /// it and [`finish`] checks it.
    fn row_parts(&self, line: &str, header: &Header) -> Option<(Consultation, &'static str)> {
        if line.len() > 300 || super::scan::has_checkbox(line) {
            return None;
        }
        let split = cells(line);
        // Rows split at single spaces must have a date; test that first, it
        // is cheaper than classifying every word.
        if split.len() < 2 && self.dates.find_all(line).is_empty() {
            return None;
        }
        // A cell holding a date among other words means the columns are
        // separated by single spaces after all.
        let mixed = split
            .iter()
            .any(|(_, c)| !self.dates.find_all(c).is_empty() && self.classify(c) != Cell::Date);
        let (parts, rule): (Vec<(usize, &str)>, &'static str) = if split.len() >= 2 && !mixed {
            (split, "table_row")
        } else {
            (words(line), "spaced_row")
        };
        let kinds: Vec<Cell> = parts.iter().map(|(_, p)| self.classify(p)).collect();
        let mut out = Consultation::default();
        // The committee: the first run of plain cells; in the word-split
        // form a run of words, cut before a role word.
        let mut committee: Vec<&str> = Vec::new();
        let mut role: Vec<&str> = Vec::new();
        let mut run_done = false;
        for (k, (&(at, part), kind)) in parts.iter().zip(&kinds).enumerate() {
            match kind {
                Cell::Date => {
                    if out.date.is_none() {
                        out.date = self.dates.find_all(part).first().map(|d| d.iso.clone());
                    }
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Public(p) => {
                    out.public.get_or_insert(*p);
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Mark => {
                    if header.mark_columns && out.public.is_none() {
                        // The gap before the mark tells the column: one
                        // separator for "ö", more for "nö".
                        let gap = line[..at]
                            .chars()
                            .rev()
                            .take_while(|c| *c == ' ' || *c == '\t')
                            .count();
                        out.public = Some(gap <= 1);
                    }
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Number => {
                    if !committee.is_empty() {
                        run_done = true;
                    }
                }
                Cell::Role => {
                    // A role before any committee: only on a date line
                    // whose committee wrapped onto the lines around it.
                    if committee.is_empty() && out.date.is_none() {
                        return None;
                    }
                    run_done = true;
                    if role.is_empty() {
                        role.push(part);
                        if rule == "spaced_row" {
                            role.extend(
                                parts[k + 1..]
                                    .iter()
                                    .map(|p| p.1)
                                    .take_while(|p| !is_mark_or_number(p)),
                            );
                        }
                    }
                }
                Cell::Other => {
                    if !run_done {
                        committee.push(part);
                    } else if !role.is_empty() && rule == "spaced_row" {
                        // already taken with the role
                    }
                }
            }
            if rule == "table_row" && !committee.is_empty() {
                run_done = true;
            }
        }
        if role.is_empty() && rule == "spaced_row" {
            // A role word inside the committee run: "Bauausschuss Vorberatung".
            if let Some(k) = committee
                .iter()
                .position(|w| self.is_role(w))
                .filter(|&k| k > 0)
            {
                role = committee.split_off(k);
            }
        }
        let committee = committee.join(" ");
        let committee = committee.trim_end_matches(':').trim();
        let complete = !committee.is_empty() && committee.starts_with(char::is_uppercase);
        // Without a date a row needs a role or public mark, and a committee
        // of its own.
        if out.date.is_none() && (role.is_empty() && out.public.is_none() || !complete) {
            return None;
        }
        if rule == "spaced_row"
            && (out.date.is_none() || committee.split(' ').count() > 6 || line.trim().len() > 140)
        {
            return None;
        }
        out.committee = committee.to_string();
        out.role = (!role.is_empty()).then(|| role.join(" ").trim().to_string());
        Some((out, rule))
    }

    /// Joins the parts of wrapped cells to a row: lines `above` its date
    /// line (nearest last) and `below` it. Returns the row and how many
    /// lines below were used.
    fn merge_wrapped(
        &self,
        mut row: Consultation,
        above: &[&str],
        below: &[&str],
    ) -> (Consultation, usize) {
        // The start of a role hyphenated onto the next line ("Beratung und
        // Beschlussfas-"), waiting for its end below.
        let mut role_head: Option<(String, String)> = None;
        for line in above {
            let first = cells(line).first().map_or("", |c| c.1);
            if row.role.is_none() {
                // The longer reading first: "Beratung und Beschlussfas-"
                // is not the role "Beratung".
                if let Some(head) = self.role_head(line) {
                    role_head = Some(head);
                    continue;
                }
                if let Some(role) = self.role_at_start(line) {
                    row.role = Some(role);
                    continue;
                }
            }
            let lower_start =
                row.committee.is_empty() || row.committee.starts_with(|c: char| c.is_lowercase());
            if lower_start || continues(first) {
                row.committee = join_lines([first, row.committee.as_str()]);
            }
        }
        let mut used = 0;
        for line in below {
            let first = cells(line).first().map_or("", |c| c.1);
            if let Some((printed, rest)) = role_head.take() {
                let tail = first.to_lowercase();
                if !rest.is_empty() && tail.starts_with(&rest) {
                    // Lower-casing may change lengths: no slicing off a
                    // char boundary.
                    let end = first.get(..rest.len()).unwrap_or(first);
                    row.role = Some(format!("{printed}{end}"));
                    used += 1;
                    continue;
                }
            }
            if !row.committee.is_empty()
                && (continues(&row.committee) || first.starts_with(|c: char| c.is_lowercase()))
            {
                row.committee = join_lines([row.committee.as_str(), first]);
                used += 1;
                continue;
            }
            break;
        }
        (row, used)
    }

    /// A role the line starts with, as printed.
    fn role_at_start(&self, line: &str) -> Option<String> {
        let t = line.trim();
        let lower = t.to_lowercase();
        self.roles
            .iter()
            .filter(|r| {
                lower.starts_with(r.as_str())
                    && lower[r.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == ' ' || c == '\t')
            })
            .max_by_key(|r| r.len())
            .and_then(|r| t.get(..r.len()).map(str::to_string))
    }

    /// The start of a role hyphenated at the end of a cell: "Beratung und
    /// Beschlussfas- Einstimmig …" gives ("Beratung und Beschlussfas",
    /// "sung"), the printed head and the lower-case rest still to come.
    fn role_head(&self, line: &str) -> Option<(String, String)> {
        let t = line.trim();
        // The hyphen ends a cell: a space or a tab (a column gap) follows.
        let hyphen = t
            .find("- ")
            .or_else(|| t.find("-\t"))
            .or_else(|| t.strip_suffix('-').map(str::len))?;
        let head = &t[..hyphen];
        let lower = head.to_lowercase();
        if lower.len() < 4 {
            return None;
        }
        self.roles
            .iter()
            .filter(|r| r.len() > lower.len() && r.starts_with(&lower))
            .max_by_key(|r| r.len())
            .map(|r| (head.to_string(), r[lower.len()..].to_string()))
    }

    /// Whether `line` is a Beratungsfolge caption alone: "Beratungsfolge:",
    /// "Beratungsfolge dieser Vorlage".
    fn is_caption(&self, line: &str) -> bool {
        let t = line.trim().trim_end_matches(':').trim_end();
        // Only "B" and "b" lower-case to a "b".
        if t.len() >= 40 || !t.starts_with(['b', 'B']) {
            return false;
        }
        // Spaces lost or doubled: "Beratungsfolge dieserVorlage".
        let squeezed: String = t
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        squeezed == "beratungsfolge" || squeezed == "beratungsfolgedieservorlage"
    }

    /// A row without a date whose columns are separated by single spaces
    /// (text from some PDF readers): a body's name, then a role and/or a
    /// public mark at the end ("Finanzausschuss Kenntnisnahme Öffentlich").
    fn tail_row(&self, line: &str) -> Option<Consultation> {
        let t = line.trim();
        if t.len() > 140 || t.contains('\t') || t.contains("  ") || t.ends_with([':', '.']) {
            return None;
        }
        let lower = t.to_lowercase();
        let mut rest = lower.as_str();
        let mut public = None;
        // "nicht öffentlich" before "öffentlich": the longer mark first.
        let mut marks: Vec<(&String, bool)> = self
            .nonpublic
            .iter()
            .map(|w| (w, false))
            .chain(self.public.iter().map(|w| (w, true)))
            .collect();
        marks.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
        for (mark, is_public) in marks {
            if let Some(head) = rest.strip_suffix(mark.as_str()) {
                if head.ends_with(' ') {
                    public = Some(is_public);
                    rest = head.trim_end();
                    break;
                }
            }
        }
        let role = self
            .roles
            .iter()
            .filter(|r| {
                rest.strip_suffix(r.as_str())
                    .is_some_and(|head| head.ends_with(' '))
            })
            .max_by_key(|r| r.len());
        if let Some(r) = role {
            rest = rest[..rest.len() - r.len()].trim_end();
        }
        if public.is_none() && role.is_none() {
            return None;
        }
        let committee = t.get(..rest.len())?.trim();
        let role = role.and_then(|r| {
            let at = rest.len() + (t[rest.len()..].len() - t[rest.len()..].trim_start().len());
            t.get(at..at + r.len()).map(str::to_string)
        });
        let row = self.bare_row(committee)?;
        Some(Consultation {
            public,
            role,
            ..row
        })
    }

    /// A body's name alone on a line below a caption ("Werkausschuss",
    /// "Ausschuss für Soziales, Jugend und Gleichstellung"): a word ends
    /// like a body (`consultation_body_endings`), no sentence.
    fn bare_row(&self, line: &str) -> Option<Consultation> {
        let t = line.trim();
        let words = t.split_whitespace().count();
        if t.is_empty()
            || t.len() > 100
            || words > 8
            || !t.starts_with(char::is_uppercase)
            || t.ends_with([':', '.', ';', '!', '?'])
            || t.contains(|c: char| c.is_ascii_digit() || c == '\t')
            || !self.names.acceptable(t)
        {
            return None;
        }
        let named = t.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
            self.body_endings.iter().any(|e| w.ends_with(e.as_str()))
        });
        named.then(|| Consultation {
            committee: t.to_string(),
            ..Consultation::default()
        })
    }

    /// Whether a line below a row can hold the rest of its wrapped cells:
    /// no date, no checkbox, short.
    fn is_wrapped_part(&self, line: &str) -> bool {
        let t = line.trim();
        !t.is_empty()
            && t.len() < 120
            && !super::scan::has_checkbox(t)
            && self.dates.find_all(t).is_empty()
    }

    /// A row ready to report: its committee complete (not empty, not a
    /// wrapped cell's lower-case middle), a role in brackets split off
    /// ("Bauausschuss (Vorberatung)").
    fn finish(&self, mut row: Consultation) -> Option<Consultation> {
        // A sitting over two days ("Gemeinderat 15./16.05.2007") is dated
        // by its first, as the RIS dates the meeting by its start.
        if let Some(date) = row
            .date
            .as_deref()
            .and_then(|d| first_day(&row.committee, d))
        {
            row.date = Some(date);
        }
        let committee = tidy_name(&row.committee);
        let committee = self.names.without_step(&committee).to_string();
        if committee.is_empty()
            || !committee.starts_with(char::is_uppercase)
            || committee.len() > MAX_COMMITTEE
            || !self.names.acceptable(&committee)
            || self.names.names_an_act(&committee)
        {
            return None;
        }
        // "Bauausschuss (Vorberatung)" splits; "Bezirksvertretung 1
        // (Innenstadt)" is a name.
        match split_paren_role(&committee) {
            (name, Some(role)) if self.is_role(role) => {
                if row.role.is_none() {
                    row.role = Some(role.to_string());
                }
                row.committee = name.to_string();
            }
            _ => row.committee = committee,
        }
        Some(row)
    }

    /// The Beratungsfolge's lines with the verdict on each, for `extract
    /// --explain`: (line from 1, text, verdict). A line that gave a row
    /// says which; any other says why it is not a body's row.
    pub fn explain(&self, doc: &Doc<'_>) -> Vec<(usize, String, String)> {
        let Some(table) = self.find(doc) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut told = vec![false; table.rows.len()];
        for i in table.lines.clone() {
            let t = doc.trimmed(i);
            if t.is_empty() {
                continue;
            }
            let span = doc.trimmed_span(i);
            let mut verdicts = Vec::new();
            for (k, row) in table.rows.iter().enumerate() {
                let r = &row.evidence.span;
                if r.start < span.end && span.start < r.end {
                    let c = &row.value;
                    verdicts.push(if told[k] {
                        format!("part of row {}", k + 1)
                    } else {
                        told[k] = true;
                        format!(
                            "row {}: {} | {} | {} ({})",
                            k + 1,
                            c.committee,
                            c.date.as_deref().unwrap_or("no date"),
                            c.role.as_deref().unwrap_or("no role"),
                            row.evidence.rule
                        )
                    });
                }
            }
            let verdict = if !verdicts.is_empty() {
                verdicts.join("; ")
            } else if i == table.lines.start {
                "caption or column header".to_string()
            } else {
                self.not_a_row(t).to_string()
            };
            out.push((i + 1, t.to_string(), verdict));
        }
        out
    }

    /// Why a line of the table gave no row, by its first cell.
    fn not_a_row(&self, line: &str) -> &'static str {
        let name = cells(line).first().map_or(line, |(_, c)| *c).trim();
        let name = tidy_name(name);
        if self.header(line).is_some() {
            "a column header"
        } else if !name.starts_with(char::is_uppercase) {
            "no body: opens with no capital (a result, a mark or a wrapped cell)"
        } else if !self.names.acceptable(&name) {
            "no body: a sentence opener or only column words"
        } else if self.names.names_an_act(&name) {
            "no body: names an act or an event (committee_act_endings)"
        } else if !self.names.name_like(&name) {
            "no body word among its first words (a result, a note or a wrapped cell)"
        } else {
            "names a body but has no date, role or mark of a row"
        }
    }

    fn classify(&self, cell: &str) -> Cell {
        let c = cell.trim();
        if c.starts_with(|ch: char| ch.is_ascii_digit()) {
            if let Some(d) = self.dates.find_all(c).first() {
                if d.span.start <= 1 && c.len() - d.span.end <= 2 {
                    return Cell::Date;
                }
            }
        }
        let lower = c.to_lowercase();
        if self.nonpublic.contains(&lower) {
            return Cell::Public(false);
        }
        if self.public.contains(&lower) {
            return Cell::Public(true);
        }
        if c == "x" || c == "X" || c == "✓" || c == "✔" {
            return Cell::Mark;
        }
        if c.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            && c.chars().any(|ch| ch.is_ascii_digit())
        {
            return Cell::Number;
        }
        if self.is_role(c) {
            return Cell::Role;
        }
        Cell::Other
    }

    fn is_role(&self, cell: &str) -> bool {
        // `roles` are lower case already.
        let lower = cell.to_lowercase();
        self.roles.iter().any(|r| {
            lower == *r
                || lower.starts_with(r.as_str())
                    && lower[r.len()..].starts_with([' ', '(', '/', ','])
        })
    }
}

/// The header facts that rows need.
#[derive(Clone, Copy, Debug)]
struct Header {
    /// Separate "ö" and "nö" columns marked with an x.
    mark_columns: bool,
    /// Only a caption, no column header: rows may be bare body names.
    caption_only: bool,
}

/// Whether `rows` hold the meeting of `row` already: the same date and
/// one name inside the other (case and spaces ignored), or the same name
/// without a date.
pub fn listed(rows: &[Consultation], row: &Consultation) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let name = key(&row.committee);
    rows.iter().any(|r| {
        let other = key(&r.committee);
        let same = other.contains(&name) || name.contains(&other);
        same && (r.date == row.date || r.date.is_none())
    })
}

/// A Beratungsfolge row read from line `line` by rule `rule`.
fn row_found(
    doc: &Doc<'_>,
    line: usize,
    mut value: Consultation,
    rule: &str,
) -> Found<Consultation> {
    value.committee = tidy_name(&value.committee);
    Found {
        value,
        evidence: Evidence {
            span: doc.trimmed_span(line),
            rule: format!("consultations.{rule}"),
        },
    }
}

/// Splits a line at single spaces into words with their offsets.
fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\t' {
            if let Some(s) = start.take() {
                out.push((s, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

/// Undoes letter-spacing in a cell: "O r t s r a t   N o r d" → "Ortsrat
/// Nord" (letters one space apart, words further apart); other text is
/// returned unchanged.
fn despace(text: &str) -> String {
    let singles = text
        .split(' ')
        .filter(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
        .count();
    if singles < 4 || singles * 5 < text.split_whitespace().count() * 4 {
        return text.to_string();
    }
    text.split("  ")
        .map(|group| group.split(' ').collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a line holds only marks and TOP numbers ("x", "ö", "nö",
/// "☒", "12 a", "2 a + b", "16.3").
fn is_mark_line(t: &str) -> bool {
    t.split_whitespace().all(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "x" | "ö" | "nö" | "n" | "☒" | "☐" | "✓" | "✔" | "+" | "a" | "b" | "c" | "-"
        ) || w.len() <= 5
            && w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c.is_ascii_lowercase() || c == ')')
    })
}

fn is_mark_or_number(p: &str) -> bool {
    p == "x" || p == "X" || p.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Whether a cell's text goes on on the next line: it ends with a hyphen,
/// a comma or a joining word.
fn continues(cell: &str) -> bool {
    let t = cell.trim_end();
    t.ends_with(['-', ','])
        || [
            " und", " für", " der", " des", " im", " in", " mit", " sowie",
        ]
        .iter()
        .any(|w| t.ends_with(w))
}

/// A row's name without what other cells left on it: the start of a date
/// range ("Gemeinderat 15./" before "16.05.2007"), a sentence after a dash
/// ("Hauptausschuss - die Änderungssatzung …").
fn tidy_name(name: &str) -> String {
    let mut t = name.trim();
    if let Some(at) = [" - ", " – "].iter().filter_map(|d| t.find(d)).min() {
        if t[at..]
            .chars()
            .skip(3)
            .find(|c| !c.is_whitespace())
            .is_some_and(char::is_lowercase)
        {
            t = t[..at].trim_end();
        }
    }
    while let Some((head, last)) = t.rsplit_once(' ') {
        if last.contains('/')
            && last
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '/')
        {
            t = head.trim_end();
        } else {
            break;
        }
    }
    collapse_spaces(t)
}

/// The first day of a two-day date whose first day ended the name's
/// cell ("Gemeinderat 15./" before "16.05.2007"): the ISO date of that day.
fn first_day(name: &str, date: &str) -> Option<String> {
    let last = name.trim_end().rsplit(' ').next()?;
    let day: u32 = last
        .strip_suffix("./")
        .or_else(|| last.strip_suffix(".-"))?
        .parse()
        .ok()?;
    let (month, printed_day) = date.rsplit_once('-')?;
    let printed_day: u32 = printed_day.parse().ok()?;
    (1..printed_day)
        .contains(&day)
        .then(|| format!("{month}-{day:02}"))
}

/// "Hauptausschuss (Vorberatung)" → ("Hauptausschuss", Some("Vorberatung")).
fn split_paren_role(committee: &str) -> (&str, Option<&str>) {
    if let Some(open) = committee.rfind('(') {
        if committee.ends_with(')') && open > 0 {
            return (
                committee[..open].trim(),
                Some(committee[open + 1..committee.len() - 1].trim()),
            );
        }
    }
    (committee, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    type Row = (String, Option<String>, Option<bool>, Option<String>);

    fn table(text: &str) -> Vec<Row> {
        let rules = ConsultationRules::new(&Rules::builtin()).unwrap();
        let text = Text::from_str_pages(text);
        let doc = Doc::new(&text);
        rules
            .find(&doc)
            .map(|t| {
                t.rows
                    .into_iter()
                    .map(|r| {
                        (
                            r.value.committee,
                            r.value.date,
                            r.value.public,
                            r.value.role,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn row(c: &str, d: Option<&str>, p: Option<bool>, r: Option<&str>) -> Row {
        (c.into(), d.map(Into::into), p, r.map(Into::into))
    }

    #[test]
    fn acts_and_events_are_no_committees_and_steps_leave_the_name() {
        // A prior decision and a site tour printed as Beratungsfolge rows.
        let rows = table("Beratungsfolge Sitzung am TOP ö nö Ergebnis\nGR-Auslegungsbeschluss 19.07.2005 8\nGemarkungsrundfahrt 17.05.2013 3   Zustimmung\nGemeinderat      28.03.2006 9\n\nAntrag an den Gemeinderat\n");
        let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(names, ["Gemeinderat"]);
        // A procedure step beside the body's name.
        let rows = table("Gremium Termin TOP ö nö Ergebnis\nMigrationsbeirat 06.07.2022 3 x\nOffenlage Gemeinderat 12.07.2022   x\nHaupt- und Finanzausschuss Offenlage 14.07.2022 x\n\nBeschlussantrag\n");
        let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "Migrationsbeirat",
                "Gemeinderat",
                "Haupt- und Finanzausschuss"
            ]
        );
    }

    #[test]
    fn erfurt_tab_table() {
        let rows = table("Beratungsfolge\tDatum\tBehandlung\tZuständigkeit\nHauptausschuss\t22.10.2024\töffentlich\tVorberatung\nStadtrat\t06.11.2024\töffentlich\tEntscheidung\n\nBeschlussvorschlag\n");
        assert_eq!(
            rows,
            vec![
                row(
                    "Hauptausschuss",
                    Some("2024-10-22"),
                    Some(true),
                    Some("Vorberatung")
                ),
                row(
                    "Stadtrat",
                    Some("2024-11-06"),
                    Some(true),
                    Some("Entscheidung")
                ),
            ]
        );
    }

    #[test]
    fn allris_rows_without_dates() {
        let rows = table("Beratungsfolge:\t\t\nGremium\tZuständigkeit\tSitzung ist\nMagistrat\tEntscheidung\tNichtöffentlich\nHaupt- und Finanzausschuss\tKenntnisnahme\tÖffentlich\n\nTitel\n");
        assert_eq!(
            rows,
            vec![
                row("Magistrat", None, Some(false), Some("Entscheidung")),
                row(
                    "Haupt- und Finanzausschuss",
                    None,
                    Some(true),
                    Some("Kenntnisnahme")
                ),
            ]
        );
    }

    #[test]
    fn single_space_rows_with_status_letters() {
        let rows = table("Gremien Termin TOP Ö / N Zuständigkeit \nHauptausschuss 05.03.2024 7 N Vorberatung \nGemeinderat 19.03.2024 4 Ö Entscheidung \nKurzfassung\n");
        assert_eq!(
            rows,
            vec![
                row(
                    "Hauptausschuss",
                    Some("2024-03-05"),
                    Some(false),
                    Some("Vorberatung")
                ),
                row(
                    "Gemeinderat",
                    Some("2024-03-19"),
                    Some(true),
                    Some("Entscheidung")
                ),
            ]
        );
    }

    #[test]
    fn oe_noe_mark_columns() {
        let rows = table("Gremium Termin TOP ö nö\nGemeinderat 22.02.2022 19 X\nPlanungsausschuss 07.04.2022 10  x\n\n\nDer Gemeinderat möge beschließen:\n");
        assert_eq!(
            rows,
            vec![
                row("Gemeinderat", Some("2022-02-22"), Some(true), None),
                row("Planungsausschuss", Some("2022-04-07"), Some(false), None),
            ]
        );
    }

    #[test]
    fn sessionnet_status_first_and_paren_role() {
        let rows = table("Beratungsfolge:\nStatus\tSitzungstermin\tGremium\nÖ\t14.03.2023\tBauausschuss (Vorberatung)\nN\t21.03.2023\tHauptausschuss (Entscheidung)\n");
        assert_eq!(
            rows,
            vec![
                row(
                    "Bauausschuss",
                    Some("2023-03-14"),
                    Some(true),
                    Some("Vorberatung")
                ),
                row(
                    "Hauptausschuss",
                    Some("2023-03-21"),
                    Some(false),
                    Some("Entscheidung")
                ),
            ]
        );
    }

    #[test]
    fn cells_wrapped_above_and_below_the_date_line() {
        let text = "Beratungsfolge\tTermin\tStand\tAbstimmung\nFachausschuss Finanzen, Wirt-\nschaftsförderung, Marketing und\t09.09.2025\tBeratung und Empfehlung\tEinstimmig\nFeuerschutz\n\nVerwaltungsausschuss\t11.09.2025\tBeratung und Empfehlung\n\nBeratung und Beschlussfas- Einstimmig bei einer Enthaltung lt. Be-\nRat\t16.09.2025\nsung\tschlussvorschlag\nBeteiligung Personalrat\tJa ☐\tNein ☒\n";
        assert_eq!(
            table(text),
            vec![
                row(
                    "Fachausschuss Finanzen, Wirtschaftsförderung, Marketing und Feuerschutz",
                    Some("2025-09-09"),
                    None,
                    Some("Beratung und Empfehlung")
                ),
                row(
                    "Verwaltungsausschuss",
                    Some("2025-09-11"),
                    None,
                    Some("Beratung und Empfehlung")
                ),
                row(
                    "Rat",
                    Some("2025-09-16"),
                    None,
                    Some("Beratung und Beschlussfassung")
                ),
            ]
        );
    }

    #[test]
    fn role_hyphenated_before_a_column_gap() {
        // The same row as read with the column gap kept as a tab.
        let text = "Beratungsfolge\tTermin\tStand\tAbstimmung\n\nBeratung und Beschlussfas-\tEinstimmig bei einer Enthaltung lt. Be-\nRat\t24.06.2025\nsung\tschlussvorschlag\nBeteiligung Personalrat\tJa ☐\tNein ☐\n";
        assert_eq!(
            table(text),
            vec![row(
                "Rat",
                Some("2025-06-24"),
                None,
                Some("Beratung und Beschlussfassung")
            )]
        );
    }

    #[test]
    fn committee_wrapped_around_a_date_line_without_one() {
        let text = "Beratungsfolge\tTermin\tStand\tAbstimmung\nFachausschuss Planung, Bau\n14.09.2021\tBeratung und Empfehlung\nund Umwelt\n\nBeratung und Beschluss-\nRat\t30.09.2021\nfassung\nBeauftragung eines Planungsbüros\nBeschlussvorschlag:\n";
        assert_eq!(
            table(text),
            vec![
                row(
                    "Fachausschuss Planung, Bau und Umwelt",
                    Some("2021-09-14"),
                    None,
                    Some("Beratung und Empfehlung")
                ),
                row(
                    "Rat",
                    Some("2021-09-30"),
                    None,
                    Some("Beratung und Beschlussfassung")
                ),
            ]
        );
    }

    fn block(text: &str) -> Option<Row> {
        let rules = LabelBlockRules::new(&Rules::builtin()).unwrap();
        let text = Text::from_str_pages(text);
        rules.find(&Doc::new(&text), 40).map(|r| {
            (
                r.value.committee,
                r.value.date,
                r.value.public,
                r.value.role,
            )
        })
    }

    #[test]
    fn meeting_as_header_fields() {
        let stacked = "ANFRAGE\n\nStadtrat Max Muster (GRÜNE)\n\nvom 23.07.2013\nGremium:\n\n\nTermin:\nVorlage Nr.:\nTOP:\n53. Plenarsitzung Gemeinderat\n\n\n24.09.2013\n2013/0013\n21\n\nöffentlich\n\nSicherheit im Verkehr\n";
        assert_eq!(
            block(stacked),
            Some(row("Gemeinderat", Some("2013-09-24"), Some(true), None))
        );
        let inline = "ANFRAGE\nvom: 06.03.2019\nGremium:  Ortschaftsrat Nord\nTermin:\n\nTOP:\n\nVerantwortlich:\n\n\n08.05.2019\n\n11\nöffentlich\n";
        assert_eq!(
            block(inline),
            Some(row(
                "Ortschaftsrat Nord",
                Some("2019-05-08"),
                Some(true),
                None
            ))
        );
        assert_eq!(
            block("Gremium: Bauausschuss\nSitzungstermin: 12.03.2024\n"),
            Some(row("Bauausschuss", Some("2024-03-12"), None, None))
        );
        // No meeting date, no meeting.
        assert_eq!(block("Gremium: Bauausschuss\n\nText.\n"), None);
    }

    #[test]
    fn caption_then_rows_without_column_header() {
        let rows = table("Betreff: X\n\nBeratungsfolge:\nJugendhilfeausschuss\töffentlich\nHauptausschuss\tnichtöffentlich\n\nWir fragen:\n");
        assert_eq!(
            rows,
            vec![
                row("Jugendhilfeausschuss", None, Some(true), None),
                row("Hauptausschuss", None, Some(false), None),
            ]
        );
        let rows = table("Beratungsfolge:\nWerkausschuss\nAusschuss für Soziales, Jugend und Gleichstellung\nStadtrat\n\nDer Stadtrat möge beschließen:\n");
        assert_eq!(
            rows,
            vec![
                row("Werkausschuss", None, None, None),
                row(
                    "Ausschuss für Soziales, Jugend und Gleichstellung",
                    None,
                    None,
                    None
                ),
                row("Stadtrat", None, None, None),
            ]
        );
        // Columns separated by single spaces, as some PDF readers give them.
        let rows = table("Beratungsfolge:\nGremium Zuständigkeit Sitzung ist\nFinanzausschuss Kenntnisnahme Öffentlich\nOrtsbeirat Mitte Entscheidung nicht öffentlich\n\nTitel\n");
        assert_eq!(
            rows,
            vec![
                row("Finanzausschuss", None, Some(true), Some("Kenntnisnahme")),
                row("Ortsbeirat Mitte", None, Some(false), Some("Entscheidung")),
            ]
        );
        let rows = table("Beratungsfolge:\nJugendhilfeausschuss öffentlich\nStadtrat Kenntnisnahme\n\nWir fragen:\n");
        assert_eq!(
            rows,
            vec![
                row("Jugendhilfeausschuss", None, Some(true), None),
                row("Stadtrat", None, None, Some("Kenntnisnahme")),
            ]
        );
        // A caption in prose, or followed by prose, is no table.
        assert!(table("Beratungsfolge:\nDie Vorlage wird im Rat beraten.\n").is_empty());
    }

    #[test]
    fn a_place_in_brackets_stays_in_the_name() {
        let rows = table("Gremium\tDatum der Sitzung\tBeratungsaktion\nBezirksvertretung 1 (Innenstadt)\t12.09.2023\tEntscheidung\n");
        assert_eq!(
            rows,
            vec![row(
                "Bezirksvertretung 1 (Innenstadt)",
                Some("2023-09-12"),
                None,
                Some("Entscheidung")
            )]
        );
    }

    // Tables whose cells a PDF reader put one per line: the name wrapped,
    // the date and TOP on a line of their own, marks and results below.
    #[test]
    fn cells_one_per_line() {
        let text = "Beratungsfolge dieser Vorlage\nGremium Termin TOP ö nö Ergebnis\nAusschuss für Kultur und\nSport\n03.02.2021 4\n \n x  vorberaten\nKreistag 10.02.2021 7  x\n \n einstimmig zugestimmt\n\n\n\nBeschlussvorschlag\n\nDer  Kreistag  beschließt  nach  Vorberatung  im  Ausschuss  für  Kultur  und  Sport:\n";
        assert_eq!(
            table(text),
            vec![
                row(
                    "Ausschuss für Kultur und Sport",
                    Some("2021-02-03"),
                    None,
                    None
                ),
                row("Kreistag", Some("2021-02-10"), None, None),
            ]
        );
        // A lower-case adjective before the noun on the next line; a stray
        // date in the result column; results over several lines.
        let text = "Beratungsfolge Sitzung am TOP ö nö Ergebnis\nAusschuss für öffentliche\nOrdnung\nzuletzt am\n12.01.2019\n\nBezirksvertretung Mitte 20.01.2019 5   Planung ohne Radweg fort-\nführen mit einer\nÜbergangslösung\nStadtrat 29.01.2019 7\n\nAntrag an den Stadtrat\n";
        assert_eq!(
            table(text),
            vec![
                row(
                    "Ausschuss für öffentliche Ordnung",
                    Some("2019-01-12"),
                    None,
                    None
                ),
                row("Bezirksvertretung Mitte", Some("2019-01-20"), None, None),
                row("Stadtrat", Some("2019-01-29"), None, None),
            ]
        );
    }

    #[test]
    fn cells_one_per_line_dates_first() {
        let text = "Beratungsfolge:\nDatum Gremium Status\n12.03.2024\nBauausschuss\nVorberatung\n19.03.2024\nStadtrat\nEntscheidung\n\nSachverhalt\n";
        assert_eq!(
            table(text),
            vec![
                row(
                    "Bauausschuss",
                    Some("2024-03-12"),
                    None,
                    Some("Vorberatung")
                ),
                row("Stadtrat", Some("2024-03-19"), None, Some("Entscheidung")),
            ]
        );
    }

    #[test]
    fn cells_glued_together() {
        let text = "Beratungsfolge dieserVorlage\nGremiumTerminTOPönöErgebnis\nWerkausschuss12.03.20214\nx\nStadtrat23.03.20219\nx\nBeschlussantrag\nDer Stadtrat beschließt die Tarife.\n";
        assert_eq!(
            table(text),
            vec![
                row("Werkausschuss", Some("2021-03-12"), None, None),
                row("Stadtrat", Some("2021-03-23"), None, None),
            ]
        );
    }

    #[test]
    fn body_named_in_the_header_and_dates_wrapped() {
        let text = "Betreff\n\nOrtsrat Süd Termin TOP ö nö\n 09.02.2022 3 x \n\nWir bitten um Antworten auf folgende Fragen:\n";
        assert_eq!(
            table(text),
            vec![row("Ortsrat Süd", Some("2022-02-09"), None, None)]
        );
        let text = "Gremium Termin TOP ö nö\nOrtsbeirat West\n8. Dezember\n2020\n4\n☒\n☐\n\nDie Verwaltung möge berichten.\n";
        assert_eq!(
            table(text),
            vec![row("Ortsbeirat West", Some("2020-12-08"), None, None)]
        );
        let text = "Gremium Termin TOP\nö\nnö\nRat 24.09.2019 25\nx\n\nHauptausschuss 21.09.2021 20\n\nX\nRat 28.09.2021 16.3\nx\n";
        assert_eq!(
            table(text),
            vec![
                row("Rat", Some("2019-09-24"), None, None),
                row("Hauptausschuss", Some("2021-09-21"), None, None),
                row("Rat", Some("2021-09-28"), None, None),
            ]
        );
    }

    #[test]
    fn letter_spaced_names() {
        let text = "B e r a t u n g s f o l g e\nO r t s r a t   N o r d\n1 2 . 0 3 . 2 0 2 4\nS t a d t r a t   20.03.2024\n\nBegründung\n";
        let rows = table(text);
        assert_eq!(
            rows.last(),
            Some(&row("Stadtrat", Some("2024-03-20"), None, None))
        );
        assert_eq!(rows[0].0, "Ortsrat Nord");
    }

    #[test]
    fn sentences_and_header_words_are_never_committees() {
        // Decision sentences justified with runs of spaces, a sentence
        // opening with a date, a date range in the name's column.
        let text = "Gremium Termin TOP ö nö\nSozialausschuss 28.03.07 5   Empfehlung\nRat 15./16.05.2007 4\n\nDer  Rat nimmt  nach  Vorberatung  im  Sozialausschuss  von  der  Vorlage  Kenntnis\nAm 11.12.2020 hat der Ortsrat einem Antrag zugestimmt, dass die\n";
        assert_eq!(
            table(text),
            vec![
                row(
                    "Sozialausschuss",
                    Some("2007-03-28"),
                    None,
                    Some("Empfehlung")
                ),
                row("Rat", Some("2007-05-15"), None, None),
            ]
        );
        assert_eq!(
            first_day("Rat 15./", "2007-05-16").as_deref(),
            Some("2007-05-15")
        );
        assert_eq!(first_day("Rat 17./", "2007-05-16"), None);
        assert_eq!(first_day("Rat", "2007-05-16"), None);
        let names = Names::new(&Rules::builtin());
        assert!(!names.acceptable("Sitzung am TOP ö nö Ergebnis"));
        assert!(!names.acceptable("Beratungsfolge"));
        assert!(!names.acceptable("Der Personalausschuss nimmt die"));
        assert!(names.acceptable("Personalausschuss"));
        assert!(!names.opens_name("Ausscheiden aus dem Jugendhilfeausschuss der Stadt"));
        assert!(!names.opens_name("Behinderungen und Migrationsbeirat) dar, welche Schritte im"));
        assert!(!names.opens_name("Referat für Stadtplanung"));
        assert!(names.opens_name("Haupt- und Finanzausschuss"));
        assert!(names.opens_name("Hauptausschuss/Bäder-"));
        assert_eq!(tidy_name("Rat 15./"), "Rat");
        assert_eq!(
            tidy_name("Hauptausschuss - die Satzung der Stadt"),
            "Hauptausschuss"
        );
        assert_eq!(
            tidy_name("Gemeinderat - Beratungen zum Haushalt"),
            "Gemeinderat - Beratungen zum Haushalt"
        );
    }

    #[test]
    fn genitive_to_nominative() {
        let names = Names::new(&Rules::builtin());
        let n = |s: &str| names.nominative(s);
        assert_eq!(n("Gemeinderates").as_deref(), Some("Gemeinderat"));
        assert_eq!(n("Magistrats").as_deref(), Some("Magistrat"));
        assert_eq!(n("Kreistages").as_deref(), Some("Kreistag"));
        assert_eq!(
            n("Ausschusses für Umwelt und Gesundheit").as_deref(),
            Some("Ausschuss für Umwelt und Gesundheit")
        );
        assert_eq!(
            n("HAUPT- UND FINANZAUSSCHUSSES").as_deref(),
            Some("Haupt- und Finanzausschuss")
        );
        assert_eq!(
            n("Bezirksvertretung Mitte").as_deref(),
            Some("Bezirksvertretung Mitte")
        );
        assert_eq!(n("Lenkungsgruppe"), None);
    }

    fn phrase(text: &str) -> Option<(String, Option<String>)> {
        let rules = LabelBlockRules::new(&Rules::builtin()).unwrap();
        let text = Text::from_str_pages(text);
        rules
            .meeting_phrase(&Doc::new(&text), 40)
            .map(|r| (r.value.committee, r.value.date))
    }

    #[test]
    fn meeting_phrases_in_the_header() {
        let p = |c: &str, d: &str| Some((c.to_string(), Some(d.to_string())));
        assert_eq!(
            phrase(
                "Beschlussvorlage\nDer Landrat\n17. Sitzung des Kreistages am 25.10.2005\nTOP 6\n"
            ),
            p("Kreistag", "2005-10-25")
        );
        assert_eq!(
            phrase("\n18. ÖFFENTLICHE PLENARSITZUNG DES STADTRATES AM 22. NOVEMBER \n2005 \n\nVorlage Nr. 463\n"),
            p("Stadtrat", "2005-11-22")
        );
        assert_eq!(
            phrase("Druckvorlage zur öffentlichen Sitzung des Ortsrates am 01.04.2008\n"),
            p("Ortsrat", "2008-04-01")
        );
        assert_eq!(
            phrase("Gemeinsame Sitzung des Bau- und Finanzausschusses am\n3.4.2020\n"),
            p("Bau- und Finanzausschuss", "2020-04-03")
        );
        // Sentences that mention a meeting are no header.
        assert_eq!(
            phrase("Die Verwaltung wurde in der Sitzung des Rates am 19.07.2005 beauftragt, zu\n"),
            None
        );
        assert_eq!(
            phrase("mit der Bitte um Behandlung in der nächsten Sitzung des Ortschaftsrates:\n"),
            None
        );
        assert_eq!(
            phrase("Das Konzept wurde in der Sitzung der Lenkungsgruppe am 3.5.2024\n"),
            None
        );
        assert_eq!(
            phrase("Vorlage für die Sitzung des Bauausschusses am Dienstag, 12.03.2024\n"),
            p("Bauausschuss", "2024-03-12")
        );
    }

    #[test]
    fn stacked_meeting_phrase_under_a_label() {
        let text = "ANFRAGE\nGremium:\nTermin:\nTOP\nÖffentliche/Nicht öffentliche\nSitzung des Ortsrates\n\n12.11.2019\n\n4\n";
        assert_eq!(
            block(text),
            Some(row("Ortsrat", Some("2019-11-12"), None, None))
        );
        let text = "ANFRAGE\nGremium:\n30. Plenarsitzung des Kreis-\ntages\nTermin:\nVorlage Nr.:\n\n24.04.2007\n997\nöffentlich\n";
        assert_eq!(
            block(text),
            Some(row("Kreistag", Some("2007-04-24"), Some(true), None))
        );
    }

    #[test]
    fn prose_is_not_a_table() {
        assert!(
            table("Der Ausschuss hat am 12.03.2024 beraten.\nDatum und Termin stehen fest.\n")
                .is_empty()
        );
    }
}
