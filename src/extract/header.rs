//! The paper's header read as structure: every line of the header zone gets
//! a [`LineKind`] (a label, a date, a number, a meeting line, an address, a
//! party line, part of a table, boilerplate, prose, or free text), from
//! general evidence that holds across vendors and templates — label
//! vocabularies, date and number shapes, table cells, running headers that
//! repeat on several pages — rather than from one template's positions.
//!
//! Field extractors read the kinds instead of re-deciding per field what a
//! line is. The title, for one, is chosen among the runs of [`LineKind::Text`]
//! lines (see `title.rs`).

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use super::lazy_regex::LazyRegex as Regex; // compiled on first use
use aho_corasick::{AhoCorasick, Anchored, Input, StartKind};

use super::scan::{
    cells, compile, has, has_checkbox, has_column_gap, is_page_marker, Doc, LabelMatcher, Separator,
};
use super::sections::{is_rule_line, SectionRules};
use super::{Layout, Rules, RulesError};

/// What a header line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Empty.
    Blank,
    /// The paper type line.
    Type,
    /// A header label, with or without its value ("Vorlage Nr.: 12").
    Label,
    /// The value line of a label printed without one ("Gremium:" above).
    LabelValue,
    /// A paper number alone or behind its label.
    Number,
    /// A date, alone or with a place, a "vom" or a sender ("Stupferich,
    /// 19. Februar 2009"; "Hauptamt - Sitzungsdienste - 4. Juli 2008").
    Date,
    /// Öffentlich / nicht öffentlich.
    Public,
    /// A meeting or agenda line ("17. Sitzung des Gemeinderates am …",
    /// "Zu TOP 17 a)", "Tagesordnungspunkt: 2").
    Meeting,
    /// A row or header of a table (Beratungsfolge, form boxes).
    Table,
    /// A form line with checkboxes.
    Form,
    /// A page marker, a running header or footer, a rule line, a printed
    /// boilerplate phrase ("Gedruckt auf Recyclingpapier").
    Furniture,
    /// A postal address block ("Herrn Oberbürgermeister", "76133 Karlsruhe").
    Address,
    /// A salutation ("Sehr geehrte …").
    Salutation,
    /// Who submits: members, factions, signatures ("Stadtrat X (CDU)",
    /// "SPD-Fraktion", "gez. Y").
    Party,
    /// A letterhead line at the top ("Stadt Musterstadt", "Der
    /// Oberbürgermeister", "Ortsverwaltung Nord").
    Letterhead,
    /// A section or decision heading.
    Heading,
    /// Running text: sentences.
    Prose,
    /// Anything else: a title candidate.
    Text,
}

/// The shape of value a stacked label takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wants {
    /// A number or date (Vorlage Nr., TOP, Termin).
    Digits,
    /// An organisational unit (Dienststelle, Verantwortlich).
    Unit,
    /// Anything (Gremium).
    Any,
}

/// How many lines from the top the header zone spans at most.
pub const HEADER_LINES: usize = 90;

/// Compiled header rules.
#[derive(Clone, Debug)]
pub struct HeaderRules {
    any_label: LabelMatcher,
    reference_line: Regex,
    labelled_number: Regex,
    /// A number label with its colon inside a line whose columns were
    /// glued ("SPD-Fraktion Nord Vorlage Nr.: 132").
    number_inside: Regex,
    public_line: Regex,
    meeting: Regex,
    date: Regex,
    postcode: Regex,
    party_line: Regex,
    /// A party in brackets ending a line ("Stadträtin X (GRÜNE)"); the
    /// text before it is counted in code, as a bounded `.{0,80}` in the
    /// pattern made it the costliest of all to compile.
    party_at_end: Regex,
    letterhead: Vec<String>,
    /// The first words of the submitter and person roles, lower case.
    role_words: rustc_hash::FxHashSet<String>,
    unit_labels: Vec<String>,
    /// Words of a label whose value is a number or date ("Nr", "TOP").
    number_label_words: Vec<String>,
    unit_endings: Vec<String>,
    unit_needs_name: Vec<String>,
    /// The furniture phrases, lower case, matched where a line starts:
    /// furniture is a line's shape ("Gedruckt auf 100 Prozent
    /// Recyclingpapier"), not a word inside a subject ("Mehr
    /// Recyclingpapier an Schulen").
    furniture: AhoCorasick,
    table_words: rustc_hash::FxHashSet<String>,
    /// The byte lengths of `table_words`, shortest to longest: a quick
    /// test before the set.
    table_word_lens: std::ops::RangeInclusive<usize>,
    /// The column words of five letters or more, found inside glued text.
    table_words_long: AhoCorasick,
}

/// The kinds of the header zone's lines.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// One kind per line, for lines `0..kinds.len()`.
    pub kinds: Vec<LineKind>,
    /// Labels printed in a stack of two or more without their values
    /// ("Gremium:" / "Termin:" / "TOP:" / "Verantwortlich:"): each label's
    /// line and the lines of the value it took, if any, in line order.
    pub stacked: Vec<(usize, Option<Range<usize>>)>,
}

impl Header {
    /// The kind of line `i` (lines past the zone are [`LineKind::Prose`]).
    pub fn kind(&self, i: usize) -> LineKind {
        self.kinds.get(i).copied().unwrap_or(LineKind::Prose)
    }

    /// For the label on line `i`, when it is one of a stack of labels
    /// printed without their values: `Some` with the lines of the value it
    /// took (`None` inside when it took none, its value left blank).
    /// The line below such a label is another label's value.
    pub fn stacked_value(&self, i: usize) -> Option<Option<Range<usize>>> {
        self.stacked
            .iter()
            .find(|(label, _)| *label == i)
            .map(|(_, value)| value.clone())
    }
}

impl HeaderRules {
    /// Compiles the header vocabularies.
    pub fn new(rules: &Rules) -> Result<HeaderRules, RulesError> {
        let all = rules.header_field_labels(&["paper_type_labels"]);
        let table_words = rules.lower_list("consultation_columns");
        let table_word_lens = {
            let lens = || table_words.iter().map(String::len);
            // No words: an empty range, which holds no length.
            lens().min().unwrap_or(usize::MAX)..=lens().max().unwrap_or(0)
        };
        let parties = super::scan::alternation(rules.list("parties"));
        let roles = super::scan::alternation(rules.list("submitter_roles"));
        let all_roles =
            super::scan::alternation(&rules.joined_lists(&["submitter_roles", "person_roles"]));
        Ok(HeaderRules {
            any_label: LabelMatcher::new("header_labels", &all, Separator::Strict)?,
            reference_line: compile(
                "header",
                r"(?i)^[ \t]*(?:[A-Z]{1,4}[ /-]?)?[0-9]{1,6}(?:[ ]?[/.-][ ]?[0-9A-Z]{1,6}){1,3}[ \t]*$",
            )?,
            labelled_number: compile(
                "header",
                &format!(
                    r"(?i)^[ \t]*(?:[A-Z]{{1,3}}-?)?(?:{})[ \t.:-]*(?:Nr\.?|Nummer)?[ \t.:]*[A-Z]{{0,4}}[ /-]?[0-9]{{1,6}}(?:[ ]?[/.-][ ]?[0-9A-Z]{{1,6}}){{0,3}}[ \t]*$",
                    super::scan::alternation(rules.list("reference_labels"))
                ),
            )?,
            number_inside: compile(
                "header",
                &format!(
                    r"(?i)[ \t](?:{})[ \t.-]*(?:Nr\.?|Nummer)?[ \t]*:[ \t]*[0-9]",
                    super::scan::alternation(rules.list("reference_labels"))
                ),
            )?,
            public_line: compile(
                "header",
                r"(?i)^[ \t]*(?:x[ \t]*)?(?:beratung[ \t]+in[ \t]+)?(?:nicht[ -]?)?öffentlich(?:e|er)?(?:[ \t]+sitzung)?(?:[ \t]*[x/]?[ \t]*(?:nicht[ -]?)?öffentlich(?:e|er)?)?[ \t]*x?[ \t]*$",
            )?,
            meeting: compile(
                "header",
                r"(?i)^[ \t]*(?:[0-9]{1,3}\.[ \t]*)?(?:(?:nicht[ -]?)?(?:öffentliche|ö|nö)[ \t]+)?(?:[a-zäöü]*sitzung[ \t]+(?:des|der|am)\b|zu[ \t]+top\b|top[ \t:]*[0-9]|tagesordnungspunkt\b|tops?[ \t]*$)",
            )?,
            date: compile(
                "header",
                r"(?i)(?:[0-9]{1,2}\.[ ]?[0-9]{1,2}\.[ ]?[0-9]{2,4}|[0-9]{1,2}\.[ ]?(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez)\.?[ ]+[0-9]{2,4})",
            )?,
            postcode: compile("header", r"^[ \t]*(?:D-)?[0-9]{5}[ \t]+\p{Lu}")?,
            party_line: compile(
                "header",
                &format!(
                    r"^[ \t]*(?:(?:{roles})[ \t]+\p{{Lu}}|(?:{parties})(?:[ \t]+\p{{Lu}}[^ \t]*){{0,2}}[ \t]*$|(?:(?:{all_roles})[ \t,/]*)+$)"
                ),
            )?,
            party_at_end: compile("header", &format!(r"\((?:{parties})\)[ \t]*$"))?,
            role_words: rules
                .joined_lists(&["submitter_roles", "person_roles"])
                .iter()
                .filter_map(|r| r.split_whitespace().next())
                .map(str::to_lowercase)
                .collect(),
            letterhead: rules
                .list("letterhead_lines")
                .iter()
                .map(|l| l.to_lowercase())
                .collect(),
            unit_labels: rules
                .list("department_labels")
                .iter()
                .map(|l| l.to_lowercase())
                .collect(),
            unit_endings: rules.list("unit_word_endings").to_vec(),
            number_label_words: rules.lower_list("number_label_words"),
            unit_needs_name: rules.list("unit_needs_name").to_vec(),
            furniture: anchored_automaton(rules.list("furniture_phrases"))?,
            table_words: table_words.into_iter().collect(),
            table_word_lens,
            table_words_long: automaton(
                &rules
                    .list("consultation_columns")
                    .iter()
                    .filter(|w| w.chars().count() >= 5)
                    .cloned()
                    .collect::<Vec<_>>(),
            )?,
        })
    }

    /// Classifies the lines of the header zone.
    pub fn read(&self, doc: &Doc<'_>, layout: &Layout<'_>, sections: &SectionRules) -> Header {
        let end = doc.lines.len().min(HEADER_LINES);
        let repeated = running_lines(doc);
        let type_line = layout.paper_type.as_ref().map(|t| t.line);
        let mut kinds = Vec::with_capacity(end);
        let mut in_address = 0usize;
        let mut seen_field = false;
        for i in 0..end {
            let text = doc.lines[i].text;
            let t = text.trim();
            let kind = if t.is_empty() {
                LineKind::Blank
            } else if Some(i) == type_line {
                LineKind::Type
            } else if layout.table.as_ref().is_some_and(|r| r.contains(&i)) {
                LineKind::Table
            } else if self.is_furniture_tail(&kinds, t, doc.lower(i)) {
                LineKind::Furniture
            } else {
                self.classify(doc, i, t, sections, &repeated, &mut in_address, seen_field)
            };
            if !matches!(
                kind,
                LineKind::Blank | LineKind::Letterhead | LineKind::Furniture
            ) {
                seen_field = true;
            }
            kinds.push(kind);
            // The header ends at the first heading or salutation: what
            // follows is the text (lines past the zone read as prose).
            if matches!(kind, LineKind::Heading | LineKind::Salutation) {
                break;
            }
        }
        // A line that carries on the one above it has its kind: the rest
        // of a broken word ("Plenarsitzung des Gemein-" / "derates"), or a
        // place name or two under a submitter or meeting line.
        for i in 1..kinds.len() {
            let kind = kinds[i];
            if kind != LineKind::Text && kind != LineKind::Prose {
                continue;
            }
            // The line above, or over one blank line the one above that.
            let up = if kinds[i - 1] == LineKind::Blank && i >= 2 {
                i - 2
            } else {
                i - 1
            };
            let prev = kinds[up];
            if prev == LineKind::Blank {
                continue;
            }
            let adjacent = up == i - 1;
            let above = doc.lines[up].text.trim_end();
            let t = doc.lines[i].text.trim();
            let broken_word =
                above.ends_with('-') && !above.ends_with(" -") && t.starts_with(char::is_lowercase);
            // A place under a label whose value is a unit that needs one
            // ("Dienststelle: Ortsverwaltung" / "Nordstadt").
            let unit_value = prev == LineKind::Label
                && self.unit_needs_name.iter().any(|l| {
                    above.len() >= l.len()
                        && above.is_char_boundary(above.len() - l.len())
                        && above[above.len() - l.len()..].eq_ignore_ascii_case(l)
                });
            // The rest of a unit wrapped below its label ("Dienststelle:
            // Team Sauberes" / "Karlsruhe"), closed by a blank line.
            let unit_value = unit_value
                || prev == LineKind::Label
                    && adjacent
                    && doc.lines.get(i + 1).is_none_or(|_| doc.is_blank(i + 1))
                    && {
                        let above_lower = doc.lower(up);
                        self.unit_labels
                            .iter()
                            .any(|l| above_lower.starts_with(l.as_str()))
                    }
                    && self
                        .any_label
                        .find(above)
                        .is_some_and(|m| !m.value.is_empty())
                    && !ends_with_connector(above)
                    && t.split_whitespace().count() <= 2;
            // A name under the submitters ("OSR – Daniel Muster"): capitalised
            // words only, no digits, no compound subject words.
            let name_tail = prev == LineKind::Party
                && adjacent
                && t.split_whitespace().count() <= 4
                && t.split_whitespace().next().is_some_and(|w| {
                    (2..=5).contains(&w.chars().count())
                        && w.chars().filter(|c| c.is_uppercase()).count() >= 2
                })
                && !t.bytes().any(|b| b.is_ascii_digit())
                && t.split_whitespace().all(|w| {
                    !w.chars().any(char::is_alphanumeric)
                        || w.starts_with(char::is_uppercase) && w.chars().count() <= 11
                });
            let short_tail = name_tail
                || t.split_whitespace().count() <= if unit_value { 4 } else { 2 }
                    && !t.ends_with(['.', ':', '?'])
                    && (unit_value
                        || matches!(
                            prev,
                            LineKind::Party | LineKind::Meeting | LineKind::Letterhead
                        ));
            let open_end = matches!(prev, LineKind::Party | LineKind::Meeting | LineKind::Label)
                && ends_with_connector(above);
            // "ANTRAG" / "der CDU-Fraktion"; "Antwort" / "der Landesregierung"
            // / "auf die Kleine Anfrage …": the lines below a field line that
            // go on in lower case belong to it.
            let goes_on = t.starts_with(char::is_lowercase)
                && !matches!(prev, LineKind::Text | LineKind::Prose | LineKind::Heading)
                && (adjacent || prev == LineKind::Type || prev == LineKind::Party);
            let broken_word = broken_word && adjacent && prev != LineKind::Text;
            let short_tail = short_tail && adjacent;
            if broken_word || short_tail || open_end && adjacent || goes_on {
                kinds[i] = if prev == LineKind::Type {
                    LineKind::Party
                } else {
                    prev
                };
            }
        }
        // A line broken inside a compound right above who submits it is
        // that line's start ("Klaus Muster und die SPD/Bürgerliste-" /
        // "Fraktion im Ortschaftsrat Nord").
        for i in (0..kinds.len().saturating_sub(1)).rev() {
            let t = doc.lines[i].text.trim_end();
            let glued = t
                .strip_suffix('-')
                .is_some_and(|rest| rest.ends_with(char::is_alphabetic));
            if kinds[i] == LineKind::Text
                && kinds[i + 1] == LineKind::Party
                && glued
                && doc.lines[i + 1]
                    .text
                    .trim_start()
                    .starts_with(char::is_uppercase)
            {
                kinds[i] = LineKind::Party;
            }
        }
        // A label printed without its value takes the next lines' values in
        // order ("Gremium:" / "Termin:" / … then their values): as many
        // value lines as there are labels in the stack.
        let mut stacked = Vec::new();
        let mut i = 0;
        while i < kinds.len() {
            if kinds[i] == LineKind::Label && self.label_is_empty(doc, i) {
                let mut stack: Vec<(usize, Wants)> = Vec::new();
                let mut j = i;
                while j < kinds.len()
                    && (kinds[j] == LineKind::Blank || kinds[j] == LineKind::Label)
                {
                    if kinds[j] == LineKind::Label && self.label_is_empty(doc, j) {
                        stack.push((j, self.wants(doc.lines[j].text)));
                    }
                    j += 1;
                }
                let first_stacked = stacked.len();
                if stack.len() >= 2 {
                    stacked.extend(stack.iter().map(|&(line, _)| (line, None)));
                }
                // Each label takes the next value line of its shape; a label
                // whose value was left blank takes none.
                let mut labels = stack.into_iter().enumerate();
                let mut want = labels.next();
                while let Some((n, (_, w))) = want {
                    let Some(k) = doc.next_nonblank(j).filter(|&k| k < kinds.len()) else {
                        break;
                    };
                    if matches!(
                        kinds[k],
                        LineKind::Heading | LineKind::Table | LineKind::Salutation | LineKind::Type
                    ) {
                        break;
                    }
                    if kinds[k] == LineKind::Public && w != Wants::Any {
                        j = k + 1;
                        continue;
                    }
                    if self.fits(w, doc.lines[k].text.trim(), kinds[k]) {
                        // A value wrapped over lines ("39. Plenarsitzung des"
                        // / "Gemeinderates") is one value.
                        let mut end = k;
                        while end + 1 < kinds.len()
                            && (ends_with_connector(doc.lines[end].text.trim_end())
                                || w == Wants::Unit
                                    && starts_with_connector(doc.lines[end + 1].text.trim()))
                            && !doc.is_blank(end + 1)
                        {
                            end += 1;
                        }
                        for kind in &mut kinds[k..=end] {
                            if matches!(*kind, LineKind::Text | LineKind::Prose | LineKind::Party) {
                                *kind = LineKind::LabelValue;
                            }
                        }
                        if let Some(entry) = stacked.get_mut(first_stacked + n) {
                            entry.1 = Some(k..end + 1);
                        }
                        j = end + 1;
                    }
                    want = labels.next();
                }
                i = j.max(i + 1);
            } else {
                i += 1;
            }
        }
        Header { kinds, stacked }
    }

    /// What shape of value a label wants.
    fn wants(&self, label: &str) -> Wants {
        let lower = label.to_lowercase();
        if lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|part| self.number_label_words.iter().any(|w| w == part))
        {
            Wants::Digits
        } else if self
            .unit_labels
            .iter()
            .any(|l| lower.trim_start().starts_with(l.as_str()))
        {
            Wants::Unit
        } else {
            Wants::Any
        }
    }

    /// Whether a line has the shape of a label's value.
    fn fits(&self, want: Wants, t: &str, kind: LineKind) -> bool {
        match want {
            Wants::Any => true,
            Wants::Digits => {
                t.split_whitespace().count() <= 3
                    && t.split_whitespace()
                        .next()
                        .is_some_and(|w| w.bytes().any(|b| b.is_ascii_digit()))
            }
            Wants::Unit => {
                kind == LineKind::LabelValue
                    || t.split_whitespace().count() <= 2
                    || t.split(|c: char| !c.is_alphabetic()).any(|w| {
                        let w = w.to_lowercase();
                        self.unit_endings.iter().any(|e| w.ends_with(e.as_str()))
                    })
            }
        }
    }

    /// Whether a line (lower case) opens with a furniture phrase, after
    /// any bullets or stray marks.
    fn opens_with_furniture(&self, lower: &str) -> bool {
        let start = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
        self.furniture
            .is_match(Input::new(start).anchored(Anchored::Yes))
    }

    /// The wrapped rest of a furniture line ("Gedruckt auf 100" /
    /// "Prozent Recyclingpapier"): right below a furniture line (or over
    /// one blank line), a few words that hold one of the phrases.
    fn is_furniture_tail(&self, kinds: &[LineKind], t: &str, lower: &str) -> bool {
        let above = match kinds {
            [.., k, LineKind::Blank] | [.., k] => *k,
            [] => return false,
        };
        above == LineKind::Furniture
            && t.split_whitespace().count() <= 4
            && self.furniture.find_iter(lower).next().is_some()
    }

    fn label_is_empty(&self, doc: &Doc<'_>, i: usize) -> bool {
        self.any_label
            .find(doc.lines[i].text)
            .is_some_and(|m| m.value.is_empty())
    }

    #[allow(clippy::too_many_arguments)]
    fn classify(
        &self,
        doc: &Doc<'_>,
        i: usize,
        t: &str,
        sections: &SectionRules,
        repeated: &HashMap<&str, usize>,
        in_address: &mut usize,
        seen_field: bool,
    ) -> LineKind {
        let text = doc.lines[i].text;
        let lower = doc.lower(i);
        let words = t.split_whitespace().count();
        let has_digit = t.bytes().any(|b| b.is_ascii_digit());
        if *in_address > 0 {
            *in_address -= 1;
            if self.postcode.is_match(t) {
                *in_address = 0;
            }
            return LineKind::Address;
        }
        if is_page_marker(t)
            || is_rule_line(t)
            || repeated.get(t).is_some_and(|&n| n >= 2)
            || lower.starts_with("seite ")
                && t[6..]
                    .trim_start()
                    .starts_with(|c: char| c == '-' || c.is_ascii_digit())
            || self.opens_with_furniture(lower)
            || ends_with_page_number(lower)
        {
            return LineKind::Furniture;
        }
        if lower.starts_with("sehr geehrte") || lower.starts_with("liebe ") {
            return LineKind::Salutation;
        }
        if sections.is_section(text) || sections.is_decision_heading(text) {
            return LineKind::Heading;
        }
        if is_address_start(t) {
            // The block runs to its postcode line, five lines at most.
            *in_address = (1..=5)
                .find(|k| {
                    doc.lines
                        .get(i + k)
                        .is_some_and(|l| self.postcode.is_match(l.text))
                })
                .unwrap_or(0);
            return LineKind::Address;
        }
        if has_digit && (self.postcode.is_match(t) || has(t, ", ") && has_postcode_inside(t)) {
            return LineKind::Address;
        }
        if has_checkbox(text) {
            return LineKind::Form;
        }
        if has(lower, "öffentlich") && self.public_line.is_match(text) {
            return LineKind::Public;
        }
        // The meeting words, found in one pass over the line's 't's.
        let (sitzung, top, tagesordnung) = meeting_words(lower);
        let names_item = words <= 6
            && top
            && lower
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[0] == "top" && w[1].starts_with(|c: char| c.is_ascii_digit()));
        // "Beschluss des Mobilitätsausschusses vom 12.06.2024 (SB)": which
        // meeting decides, with its date.
        let decided_at = words <= 14
            && has_digit
            && [
                "beschluss des",
                "beschluss der",
                "empfehlung des",
                "empfehlung der",
                "vorberatung im",
                "vorberatung in",
            ]
            .iter()
            .any(|p| lower.starts_with(p))
            && self.date.is_match(t);
        let may_meet = sitzung || top || tagesordnung;
        if may_meet && self.meeting.is_match(t)
            || names_item
            || decided_at
            || sitzung && words <= 12 && has(lower, "plenarsitzung")
        {
            return LineKind::Meeting;
        }
        if self.any_label.find(text).is_some() {
            return LineKind::Label;
        }
        if let Some(d) = self.date.find(t).filter(|_| has_digit) {
            // A date that fills a short line ("vom 18. Oktober 2013",
            // "Stupferich, 19. Februar 2009", "Hauptamt - Sitzungsdienste -
            // 4. Juli 2008"), not a subject that names one ("Neue Tarife
            // zum 01.01.2020").
            let before = t[..d.start()].trim_end();
            let rest_words = words.saturating_sub(d.as_str().split_whitespace().count());
            let introduced = before.ends_with([',', '-', '–', ':'])
                || ["vom", "am", "den", "Stand", "Datum"]
                    .iter()
                    .any(|w| before.ends_with(w));
            if words <= 8
                && t.len() - d.len() <= 45
                && !t.ends_with('?')
                && (rest_words <= 2 || introduced)
            {
                return LineKind::Date;
            }
        }
        if has_digit && self.reference_line.is_match(text) {
            return LineKind::Number;
        }
        if is_unit_code(t) {
            return LineKind::LabelValue;
        }
        if has_digit && (self.labelled_number.is_match(text) || self.number_inside.is_match(text)) {
            return LineKind::Number;
        }
        if self.is_table_line(text, lower, words) {
            return LineKind::Table;
        }
        if self.is_party_line(t, lower, words) {
            return LineKind::Party;
        }
        if self.is_letterhead(t, lower, words, seen_field) {
            return LineKind::Letterhead;
        }
        // A short line alone between blank lines is a paragraph of its
        // own, a subject even where it starts in lower case ("cab Neubau
        // mit Lager"): wrapped prose has a line above it.
        let alone = (i == 0 || doc.is_blank(i - 1))
            && doc.lines.get(i + 1).is_none_or(|_| doc.is_blank(i + 1));
        if is_prose_line(t) && !(alone && words <= 12 && !t.ends_with(['.', ':'])) {
            return LineKind::Prose;
        }
        LineKind::Text
    }

    /// A table row or header: three cells or more, or a line that holds two
    /// or more column words of a Beratungsfolge ("Gremium Termin TOP").
    fn is_table_line(&self, text: &str, lower: &str, words: usize) -> bool {
        if words > 14 && !text.contains('\t') {
            return false;
        }
        // No tab and no run of spaces: one cell at most.
        let parts = if has_column_gap(text) {
            cells(text)
        } else {
            Vec::new()
        };
        // Justified prose spreads single words with wide gaps; table cells
        // hold dates, numbers, names of several words.
        let justified = parts.len() >= 5
            && parts.iter().filter(|(_, c)| !c.contains(' ')).count() * 4 >= parts.len() * 3
            && parts
                .iter()
                .filter(|(_, c)| c.starts_with(char::is_lowercase))
                .count()
                >= 2;
        if parts.len() >= 3 && !justified {
            return true;
        }
        if words > 14 {
            return false;
        }
        let hits = lower
            .split(|c: char| !c.is_alphanumeric() && c != 'ö')
            .filter(|w| {
                !w.is_empty()
                    && self.table_word_lens.contains(&w.len())
                    && self.table_words.contains(*w)
            })
            .count();
        if hits >= 2 {
            return true;
        }
        // Headers whose spaces were lost ("BeratungsfolgeSitzung amTOPönö").
        words <= 8 && {
            let mut seen = rustc_hash::FxHashSet::default();
            self.table_words_long
                .find_overlapping_iter(lower)
                .any(|m| seen.insert(m.pattern()) && seen.len() >= 2)
        }
    }

    /// Whether a line names a submitting party or person: a role and a
    /// name, a party and up to two names, a list of roles, or at most 80
    /// characters ending in a party in brackets.
    fn names_a_party(&self, t: &str) -> bool {
        self.party_line.is_match(t)
            || self.party_at_end.find(t).is_some_and(|party| {
                let before = t.get(..party.start()).unwrap_or("");
                before.trim_start_matches([' ', '\t']).chars().count() <= 80
            })
    }

    /// Who submits the paper: "Stadträtin X (GRÜNE)", "SPD-Fraktion",
    /// "CDU-Fraktion im Ortschaftsrat", "unterzeichnet von:", "gez. X".
    fn is_party_line(&self, t: &str, lower: &str, words: usize) -> bool {
        if lower.starts_with("gez.")
            || lower.starts_with("unterzeichnet")
            || lower.starts_with("i. a.")
        {
            return true;
        }
        // The pattern only where it can match: a short line, a party in
        // brackets at the end, or a role word first.
        let first = lower.split_whitespace().next().unwrap_or("");
        let may_name = words <= 4 || t.ends_with(')') || self.role_words.contains(first);
        if words <= 8 && may_name && !t.contains(':') && self.names_a_party(t) {
            return true;
        }
        // A faction named by a word ending in "fraktion" ("SPD-Fraktion",
        // "Ralf Muster und die Fraktion B90/Die Grünen im OR Nord").
        // The cheap tests first: a word ending in "fraktion" puts the
        // word in the lower-cased line.
        let name_words = || {
            t.split_whitespace().all(|w| {
                !w.starts_with(char::is_lowercase)
                    || matches!(
                        w,
                        "und" | "die" | "der" | "des" | "im" | "in" | "von" | "vom" | "den" | "dem"
                    )
            })
        };
        words <= 12
            && has(lower, "fraktion")
            && !t.contains(':')
            && !t.ends_with(['?', '.'])
            && name_words()
            && t.split(|c: char| c.is_whitespace() || c == '/' || c == ',')
                .any(|w| {
                    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                    if w.is_ascii() {
                        w.len() >= 8 && w[w.len() - 8..].eq_ignore_ascii_case("fraktion")
                    } else {
                        w.to_lowercase().ends_with("fraktion")
                    }
                })
    }

    /// A letterhead line above the paper's first field: a body's name
    /// ("STADT KARLSRUHE"), its head ("Der Oberbürgermeister"), an office.
    fn is_letterhead(&self, t: &str, lower: &str, words: usize, seen_field: bool) -> bool {
        if t.contains(':') {
            return false;
        }
        let listed = words <= 5
            && self.letterhead.iter().any(|l| {
                lower
                    .strip_prefix(l.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            });
        // A short all-capitals line above every field ("STADT BEISPIEL").
        listed
            || !seen_field
                && words <= 4
                && t.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
    }
}

/// Whether a lower-cased line holds "sitzung", "top" and "tagesordnung"
/// (anywhere, as `str::contains` finds them): all three hold a 't', so one
/// pass over the line's 't's settles all three.
fn meeting_words(lower: &str) -> (bool, bool, bool) {
    let b = lower.as_bytes();
    let (mut sitzung, mut top, mut tagesordnung) = (false, false, false);
    for at in memchr::memchr_iter(b't', b) {
        let rest = &b[at..];
        top |= rest.starts_with(b"top");
        tagesordnung |= rest.starts_with(b"tagesordnung");
        sitzung |= at >= 2 && b[at - 2..].starts_with(b"sitzung");
        if sitzung && top && tagesordnung {
            break;
        }
    }
    (sitzung, top, tagesordnung)
}

/// A running header that ends in its page number after a gap
/// ("Ergänzende Erläuterungen          Seite 1", "… Seite 2 von 5").
fn ends_with_page_number(lower: &str) -> bool {
    let Some(at) = super::scan::rfind_bytes(lower.as_bytes(), b"seite ") else {
        return false;
    };
    let gap = lower[..at].ends_with("  ") || lower[..at].ends_with('\t');
    let rest = lower[at + 6..].trim();
    let mut parts = rest.split_whitespace();
    let number =
        |w: Option<&str>| w.is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
    gap && at > 0
        && number(parts.next())
        && match parts.next() {
            None => true,
            Some("von" | "/") => number(parts.next()) && parts.next().is_none(),
            Some(_) => false,
        }
}

/// An automaton over the lower-cased phrases of a list.
fn automaton(phrases: &[String]) -> Result<AhoCorasick, RulesError> {
    AhoCorasick::new(phrases.iter().map(|p| p.to_lowercase())).map_err(|e| RulesError::Invalid {
        path: "header rules".into(),
        reason: format!("a phrase list makes no automaton: {e}"),
    })
}

/// An automaton that can match its phrases where a search starts (and
/// anywhere).
fn anchored_automaton(phrases: &[String]) -> Result<AhoCorasick, RulesError> {
    AhoCorasick::builder()
        .start_kind(StartKind::Both)
        .build(phrases.iter().map(|p| p.to_lowercase()))
        .map_err(|e| RulesError::Invalid {
            path: "header rules".into(),
            reason: format!("a phrase list makes no automaton: {e}"),
        })
}

/// Whether a line ends open, its phrase going on below ("… und die",
/// "… des", "…,").
fn ends_with_connector(line: &str) -> bool {
    let last = line.rsplit(' ').next().unwrap_or("");
    let glued_dash = line
        .strip_suffix('-')
        .is_some_and(|rest| rest.ends_with(char::is_alphabetic));
    line.ends_with([',', '/'])
        || glued_dash
        || matches!(
            last,
            "und" | "die" | "der" | "des" | "den" | "dem" | "im" | "in" | "für" | "sowie" | "von"
        )
}

/// The rest of a unit's name wrapped below it ("Amt für
/// Informationstechnik" / "und Digitalisierung"): a lower-case connector
/// opens the line.
fn starts_with_connector(line: &str) -> bool {
    let first = line.split(' ').next().unwrap_or("");
    matches!(first, "und" | "sowie" | "für" | "des" | "der")
}

/// A unit code alone on its line, the value of a stacked label
/// ("Verantwortlich:" … "Dez. 4", "Ref. III"): an abbreviation with a
/// full stop, then a number.
fn is_unit_code(t: &str) -> bool {
    let dot_space = super::scan::find_bytes(t.as_bytes(), b". ").map(|at| (&t[..at], &t[at + 2..]));
    let Some((abbrev, rest)) = dot_space.or_else(|| t.split_once('.')) else {
        return false;
    };
    let number = rest.split(' ').next().unwrap_or("");
    (2..=6).contains(&abbrev.len())
        && abbrev.starts_with(|c: char| c.is_ascii_uppercase())
        && abbrev.bytes().skip(1).all(|b| b.is_ascii_lowercase())
        && !number.is_empty()
        && number.len() <= 4
        && number
            .bytes()
            .all(|b| b.is_ascii_digit() || b"IVX".contains(&b))
}

/// Lines that repeat at the top or the bottom of two or more pages:
/// running headers and footers. (A title repeated inside a session
/// bundle's second paper is not one.)
fn running_lines<'a>(doc: &Doc<'a>) -> HashMap<&'a str, usize> {
    const EDGE: usize = 4;
    let pages = doc.lines.last().map_or(1, |l| l.page);
    if pages < 2 {
        return HashMap::default();
    }
    let mut counts: HashMap<&'a str, usize> = HashMap::default();
    let mut page_lines: Vec<&'a str> = Vec::new();
    let mut page = 1;
    let mut flush = |lines: &mut Vec<&'a str>| {
        let n = lines.len();
        let mut edge: Vec<&'a str> = lines
            .iter()
            .enumerate()
            .filter(|(k, _)| *k < EDGE || *k + EDGE >= n)
            .map(|(_, t)| *t)
            .filter(|t| t.len() >= 12 && t.len() <= 160)
            .collect();
        edge.sort_unstable();
        edge.dedup();
        for t in edge {
            *counts.entry(t).or_insert(0) += 1;
        }
        lines.clear();
    };
    for line in &doc.lines {
        if line.page != page {
            flush(&mut page_lines);
            page = line.page;
        }
        let t = line.text.trim();
        if !t.is_empty() {
            page_lines.push(t);
        }
    }
    flush(&mut page_lines);
    counts
}

/// The first line of a postal address ("Herrn Oberbürgermeister",
/// "An den Gemeinderat", "Frau Ortsvorsteherin").
fn is_address_start(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    matches!(first, "Herrn" | "An")
        && t.split_whitespace().count() <= 5
        && !t.ends_with(['.', ':', '?'])
}

/// "CDU Gemeinderatsfraktion, Hebelstraße 21, 76133 Karlsruhe": a sender
/// line with a postcode after a comma.
fn has_postcode_inside(t: &str) -> bool {
    t.split(", ").skip(1).any(|part| {
        let b = part.as_bytes();
        b.len() > 6 && b[..5].iter().all(u8::is_ascii_digit) && b[5] == b' '
    })
}

/// A line of running text: a long line that ends a sentence or breaks a
/// word, or one that starts in lower case (the rest of a sentence).
fn is_prose_line(t: &str) -> bool {
    // Dashes and bars between words are not words. Words are counted up
    // to the most a test below needs.
    let at_least = |n: usize| {
        t.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .take(n)
            .count()
            >= n
    };
    // "a) Aufhebung der Beschlüsse" is an item of a list, not running text.
    let item = t.len() > 2 && t.as_bytes()[1] == b')' && t.as_bytes()[0].is_ascii_lowercase();
    let starts_lower = t.starts_with(|c: char| c.is_lowercase()) && !item;
    if starts_lower {
        // Fewer than three words are fewer than nine too.
        return at_least(3);
    }
    let ends_sentence = t.ends_with('.') && !t.ends_with("u. a.") && !t.ends_with("e. V.");
    // Sixteen words are nine words too.
    at_least(if ends_sentence { 9 } else { 16 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_words_in_one_pass() {
        assert_eq!(meeting_words("17. sitzung des rates"), (true, false, false));
        assert_eq!(meeting_words("zu top 3"), (false, true, false));
        assert_eq!(meeting_words("tagesordnungspunkt 2"), (false, false, true));
        assert_eq!(meeting_words("plenarsitzung, top 1"), (true, true, false));
        assert_eq!(meeting_words("stz tp"), (false, false, false));
    }
    use crate::extract::{paper_type::PaperTypeRules, scan::Doc, sections::SectionRules};
    use crate::text::Text;

    fn kinds(text: &str) -> Vec<(String, LineKind)> {
        let rules = Rules::builtin();
        let header = HeaderRules::new(&rules).unwrap();
        let sections = SectionRules::new(&rules).unwrap();
        let text = Text::from_str_pages(text);
        let doc = Doc::new(&text);
        let layout = Layout {
            paper_type: PaperTypeRules::new(&rules)
                .unwrap()
                .find(&doc)
                .map(|f| f.value),
            ..Layout::default()
        };
        let h = header.read(&doc, &layout, &sections);
        doc.lines
            .iter()
            .zip(h.kinds)
            .filter(|(_, k)| *k != LineKind::Blank)
            .map(|(l, k)| (l.text.trim().to_string(), k))
            .collect()
    }

    fn kind_of(text: &str, line: &str) -> LineKind {
        kinds(text)
            .into_iter()
            .find(|(l, _)| l == line)
            .map(|(_, k)| k)
            .unwrap_or_else(|| panic!("no line {line:?}"))
    }

    #[test]
    fn stacked_labels_take_their_values() {
        let text = "ANFRAGE\nGremium:\nTermin:\nTOP:\n54. Plenarsitzung Gemeinderat\n22.10.2013\n9\nöffentlich\nRadwege im Stadtteil\n";
        let k = kinds(text);
        assert_eq!(k[1].1, LineKind::Label);
        assert_ne!(k[4].1, LineKind::Text);
        assert_eq!(k.last().unwrap().1, LineKind::Text);
    }

    #[test]
    fn letterhead_address_party_and_meeting_lines() {
        let text = "STADT MUSTERSTADT\nDer Oberbürgermeister\n\nAntrag\n\nStadtrat Max Muster (SPD)\nSPD-Gemeinderatsfraktion\nvom 18. Oktober 2013\n\n17. Sitzung des Gemeinderates am 25.10.2005\nZu TOP 17 a)\n\nHerrn Oberbürgermeister\nDr. Erika Beispiel\nRathaus\n12345 Musterstadt\n\nNeue Bänke am Marktplatz\n\nSehr geehrte Frau Beispiel,\n";
        assert_eq!(kind_of(text, "STADT MUSTERSTADT"), LineKind::Letterhead);
        assert_eq!(kind_of(text, "Der Oberbürgermeister"), LineKind::Letterhead);
        assert_eq!(kind_of(text, "Stadtrat Max Muster (SPD)"), LineKind::Party);
        assert_eq!(kind_of(text, "SPD-Gemeinderatsfraktion"), LineKind::Party);
        assert_eq!(kind_of(text, "vom 18. Oktober 2013"), LineKind::Date);
        assert_eq!(
            kind_of(text, "17. Sitzung des Gemeinderates am 25.10.2005"),
            LineKind::Meeting
        );
        assert_eq!(kind_of(text, "Zu TOP 17 a)"), LineKind::Meeting);
        assert_eq!(kind_of(text, "Dr. Erika Beispiel"), LineKind::Address);
        assert_eq!(kind_of(text, "12345 Musterstadt"), LineKind::Address);
        assert_eq!(kind_of(text, "Neue Bänke am Marktplatz"), LineKind::Text);
        assert_eq!(
            kind_of(text, "Sehr geehrte Frau Beispiel,"),
            LineKind::Salutation
        );
    }

    #[test]
    fn table_headers_and_furniture() {
        let text = "Beschlussvorlage\n\nBeratungsfolge dieser Vorlage Gremium Termin TOP ö nö Ergebnis\nGedruckt auf 100 Prozent Recyclingpapier\nSeite - 2 Weitere Angaben\n";
        assert_eq!(
            kind_of(
                text,
                "Beratungsfolge dieser Vorlage Gremium Termin TOP ö nö Ergebnis"
            ),
            LineKind::Table
        );
        assert_eq!(
            kind_of(text, "Gedruckt auf 100 Prozent Recyclingpapier"),
            LineKind::Furniture
        );
        assert_eq!(
            kind_of(text, "Seite - 2 Weitere Angaben"),
            LineKind::Furniture
        );
    }

    #[test]
    fn a_submitter_broken_inside_a_compound_is_one_party_line() {
        let text = "ANTRAG\n\nKlaus Muster und die SPD/Bürgerliste-\nFraktion im Ortschaftsrat Nord\n\nvom 7. Juli 2013\n\nAufbau der Infrastruktur im Lustgarten\n";
        assert_eq!(
            kind_of(text, "Klaus Muster und die SPD/Bürgerliste-"),
            LineKind::Party
        );
        assert_eq!(
            crate::extract::extract_for_test(text).title.as_deref(),
            Some("Aufbau der Infrastruktur im Lustgarten")
        );
    }

    #[test]
    fn furniture_is_a_line_shape_not_a_word() {
        // A subject that names the phrase is text, not furniture.
        let text =
            "ZUSATZANTRAG\n\nMehr Recyclingpapier an Schulen und in der Stadtverwaltung\n\nText.\n";
        assert_eq!(
            kind_of(
                text,
                "Mehr Recyclingpapier an Schulen und in der Stadtverwaltung"
            ),
            LineKind::Text
        );
        // The furniture line wrapped over two lines, also over a blank one.
        let text =
            "Beschlussvorlage\nGedruckt auf 100\nProzent Recyclingpapier\nVorlage Nr.: 2021/0347\n";
        assert_eq!(
            kind_of(text, "Prozent Recyclingpapier"),
            LineKind::Furniture
        );
        assert_ne!(kind_of(text, "Vorlage Nr.: 2021/0347"), LineKind::Furniture);
        let text = "Beschlussvorlage\nGedruckt \n\nauf 100 Prozent Recyclingpapier\n";
        assert_eq!(
            kind_of(text, "auf 100 Prozent Recyclingpapier"),
            LineKind::Furniture
        );
        // After bullets or stray marks the phrase still opens the line.
        let text = "Vorlage\n– Formatänderungen der Wordvorlage sind nicht zulässig !\n";
        assert_eq!(
            kind_of(
                text,
                "– Formatänderungen der Wordvorlage sind nicht zulässig !"
            ),
            LineKind::Furniture
        );
    }

    #[test]
    fn running_headers_repeat_across_pages() {
        let text = "Vorlage\n\nNeubau der Halle\n\nText.\nStadtverwaltung Musterstadt - intern\n\u{c}Stadtverwaltung Musterstadt - intern\nmehr Text.\n";
        assert_eq!(
            kind_of(text, "Stadtverwaltung Musterstadt - intern"),
            LineKind::Furniture
        );
    }
}
