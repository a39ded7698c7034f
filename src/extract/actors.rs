//! Actors: persons, elected bodies and committees, administrative units and
//! outside organisations that a paper names.
//!
//! Every actor is found by a *cue* from `rules/actors.toml`, never by
//! guessing from capital letters alone, because a wrong actor is worse than
//! a missing one:
//!
//! - **committee**: a body's name (`Stadtrat`, `Magistrat`), a compound
//!   ending in `…ausschuss`/`…beirat` (`Haupt- und Finanzausschuss`), a
//!   place body with its place (`Ortsbeirat Nord`), or a topic body with
//!   its topic (`Ausschuss für Soziales, Jugend und Gleichstellung`).
//! - **office**: a unit with its number (`Fachbereich 7 …`, `FB 7`,
//!   `Dezernat II`), with `für …` (`Amt für Migration`), a compound ending
//!   in `…amt` (`Stadtplanungsamt`), an administrative group with its name.
//! - **organization**: a known name (`Polizei`, `Flüchtlingsrat`), a legal
//!   form (`… e. V.`, `… GmbH`), `…stiftung`, a place institution
//!   (`Landkreis Marburg-Biedenkopf`), a faction (`CDU-Fraktion`,
//!   `Fraktion BÜNDNIS 90/DIE GRÜNEN`) or a party.
//! - **person**: a name after a role or form of address (`Oberbürgermeister
//!   Dr. Thomas Spies`, `Frau Marie Wohlwend`), after a label
//!   (`Sachbearbeiter/in:`, `gez.`), in a list of signatories, or on a line
//!   above its role (`Dr. Thomas Spies` / `Oberbürgermeister`). The name
//!   keeps academic titles but not the role.
//!
//! Declined forms are named in their base form ("des Ausländerbeirates" →
//! Ausländerbeirat), variants are merged (`FB 7` / `Fachbereich 7 …`,
//! "Lenkungsgruppe Integration" / "… Integration, Migration und …"), the
//! fullest printed form wins, and form labels are dropped.
//!
//! Patterns are case-sensitive and use small explicit character classes, no
//! Unicode `\w` or `\b`, so the regex engine runs them as DFAs.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Match, Regex};

use super::{Evidence, Found, Rules, RulesError};
use crate::record::{Actor, ActorKind};
use crate::text::Text;

/// An upper-case letter as German text prints it.
const UPPER: &str = "A-ZÄÖÜ";
/// A lower-case letter as German names and words print it.
const LOWER: &str = "a-zäöüßéèáàíóúçñ";
/// Function words a `für …` name may contain ("Referat für die
/// Gleichstellung von Frau und Mann").
const FUNCTION_WORDS: &[&str] = &[
    "für", "die", "der", "den", "das", "des", "dem", "von", "vom", "im", "in", "zur", "zum",
];
/// Academic titles kept in a person's name.
const TITLES: &[&str] = &[
    "Dr.",
    "Prof.",
    "Dr.-Ing.",
    "Dipl.-Ing.",
    "Dr. med.",
    "Dr. rer. nat.",
    "Dipl.-Kfm.",
];
/// Name particles.
const PARTICLES: &[&str] = &["von", "van", "de", "zu", "vom", "zur", "ten", "der"];
/// Endings of common nouns and adjectives, never of a name word.
const NOUN_ENDINGS: &[&str] = &[
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "ität",
    "ismus",
    "nahme",
    "liche",
    "lichen",
    "ische",
    "ischen",
    "ausschuss",
    "beirat",
    "straße",
    "platz",
    "verwaltung",
    "stelle",
    "gruppe",
    "behörde",
    "fraktion",
    "ordnung",
    "planung",
    "konzept",
    "ungen",
    "mittel",
];
/// Separators of the signatories in one line.
const NAME_LIST_SEPARATORS: &[&str] = &[", ", " und ", " sowie "];
/// At most this many lines after a list label hold signatories.
const SIGNATORY_LINES: usize = 8;
/// Lines longer than this are prose, not a signature block.
const SIGNATURE_LINE_MAX: usize = 160;

/// Compiled actor rules.
#[derive(Clone, Debug)]
pub struct ActorRules {
    committee: Cued,
    committee_place: Cued,
    committee_topic: Regex,
    office_group: Cued,
    office_for: Cued,
    office_numbered: Cued,
    office_suffix: Cued,
    office_place: Cued,
    office_name: Cued,
    org_name: Cued,
    org_place: Cued,
    org_for: Cued,
    org_legal: Cued,
    org_suffix: Cued,
    faction: Cued,
    faction_of: Cued,
    party: Cued,
    /// The parties alone, for signatory lines.
    party_any: Regex,
    person_role: Cued,
    person_label: Cued,
    /// Offices held by a person, named without the person.
    position: Cued,
    /// Closing formulas before a signature ("Mit freundlichen Grüßen").
    person_closing: Cued,
    /// The labels before a list of signatories, each searched as a literal.
    person_list_labels: Vec<Regex>,
    /// The cue words of every cued pattern, found in one pass.
    cues: CueIndex,
    /// Any role word or role ending: a cheap test for a signature's role line.
    role_hint: Regex,
    /// Variant → base name ("Deutsche Bundestag" → "Deutscher Bundestag").
    aliases: Vec<(String, String)>,
    committee_place_optional: Vec<String>,
    committee_table_words: Vec<String>,
    /// Base forms of names and nouns that regexes find declined.
    committee_names: Vec<String>,
    committee_suffixes: Vec<String>,
    committee_place_nouns: Vec<String>,
    /// The place nouns with and without a place to follow.
    committee_place_words: Vec<String>,
    office_for_nouns: Vec<String>,
    office_suffixes: Vec<String>,
    /// Lower-case endings of compounds that are no office.
    office_suffix_exceptions: Vec<String>,
    /// Lower-case endings of compounds that are no organisation.
    organization_suffix_exceptions: Vec<String>,
    /// Lower-case endings of associations and institutions.
    organization_suffixes: Vec<String>,
    company_names: Vec<String>,
    /// Lower-case endings of common nouns printed before a company's name.
    company_head_nouns: Vec<String>,
    company_legal_forms: Vec<String>,
    public_body_place_nouns: Vec<String>,
    public_body_names: Vec<String>,
    position_roles: Vec<String>,
    office_place_nouns: Vec<String>,
    office_names: Vec<String>,
    organization_names: Vec<String>,
    organization_place_nouns: Vec<String>,
    organization_for_nouns: Vec<String>,
    /// Abbreviation → full noun of numbered units.
    numbered: Vec<(String, String)>,
    parties: Vec<String>,
    single_name_roles: HashSet<String>,
    roles: HashSet<String>,
    role_suffixes: Vec<String>,
    not_name_words: HashSet<String>,
    form_labels: HashSet<String>,
}

/// An actor another extractor found as a field value, with the span of
/// `text` it was read from.
#[derive(Clone, Debug)]
pub struct FieldActor<'a> {
    /// The value as extracted.
    pub name: &'a str,
    /// What kind of actor that field names.
    pub kind: ActorKind,
    /// Where in the text the field was read (bytes).
    pub span: Range<usize>,
}

/// An actor found at a place in the text, before deduplication.
#[derive(Clone, Debug)]
struct Candidate {
    name: String,
    kind: ActorKind,
    span: std::ops::Range<usize>,
    rule: &'static str,
    /// Variants with the same group are one actor (numbered units).
    group: Option<String>,
}

impl ActorRules {
    /// Compiles the actor rules from the vocabulary.
    pub fn new(rules: &Rules) -> Result<ActorRules, RulesError> {
        let mut aliases: Vec<(String, String)> = Vec::new();
        let mut list = |name: &str| -> Vec<String> {
            let mut out = Vec::new();
            for entry in rules.list(name) {
                match entry.split_once('=') {
                    Some((variant, base)) if name != "office_numbered_nouns" => {
                        aliases.push((variant.trim().to_string(), base.trim().to_string()));
                        out.push(variant.trim().to_string());
                        out.push(base.trim().to_string());
                    }
                    _ => out.push(entry.clone()),
                }
            }
            out
        };
        let numbered: Vec<(String, String)> = rules
            .list("office_numbered_nouns")
            .iter()
            .map(|entry| match entry.split_once('=') {
                Some((abbr, full)) => (abbr.trim().to_string(), full.trim().to_string()),
                None => (entry.clone(), entry.clone()),
            })
            .collect();
        let numbered_words: Vec<String> = numbered.iter().map(|(a, _)| a.clone()).collect();
        let words = alternation;
        let u = UPPER;
        let l = LOWER;
        let declined = "(?:es|s)?";
        let compile = |what: &str, pattern: String| {
            Regex::new(&pattern).map_err(|e| RulesError::Invalid {
                path: "actors rules".into(),
                reason: format!("{what} make an invalid pattern: {e}"),
            })
        };
        let cue_words = std::cell::RefCell::new(CueWords::default());
        let cued = |what: &str, pattern: String, cues: &[String], from_previous_line: bool| {
            let pattern = compile(what, pattern)?;
            Ok::<_, RulesError>(
                cue_words
                    .borrow_mut()
                    .cued(pattern, cues, from_previous_line),
            )
        };
        let committee_cues = [list("committee_suffixes"), list("committee_names")].concat();
        let office_cues = list("office_suffixes");
        let org_cues: Vec<String> = list("organization_suffixes")
            .iter()
            .flat_map(|s| [s.clone(), capitalise(s)])
            .collect();
        let suffixes = words(&list("committee_suffixes"));
        let org_suffixes = words(&list("organization_suffixes"));
        let office_suffixes = words(&list("office_suffixes"));
        let roles = list("person_roles");
        let committee_place_words = [
            list("committee_place_nouns"),
            list("committee_place_optional"),
        ]
        .concat();
        let office_group_words = list("office_group_nouns");
        let office_for_words = list("office_for_nouns");
        let office_place_words = list("office_place_nouns");
        let office_name_words = list("office_names");
        let org_name_words = [
            list("organization_names"),
            list("company_names"),
            list("public_body_names"),
        ]
        .concat();
        let org_place_words = [
            list("organization_place_nouns"),
            list("public_body_place_nouns"),
        ]
        .concat();
        let org_for_words = list("organization_for_nouns");
        let org_legal_words = [
            list("organization_legal_forms"),
            list("company_legal_forms"),
        ]
        .concat();
        let position_words = list("position_roles");
        let parties = list("parties");
        let person_labels = list("person_labels");
        // Every faction pattern holds this piece of "Fraktion".
        let faction_cue = ["raktion".to_string()];
        let literals = |what: &str, listed: &[String], after: &str| {
            cued(what, format!("(?:{}){after}", words(listed)), listed, false)
        };
        Ok(ActorRules {
            committee: cued(
                "committee names",
                format!(
                    "[{u}][{l}]*- und [{u}][{l}]*(?:{suffixes}){declined}|[{u}][{l}]*(?:{suffixes}){declined}|(?:{}){declined}",
                    words(&list("committee_names"))
                ),
                &committee_cues,
                false,
            )?,
            committee_place: literals(
                "committee place nouns",
                &committee_place_words,
                &format!("{declined} "),
            )?,
            committee_topic: compile(
                "committee topic nouns",
                format!(
                    "(?:{})(?:es|n)? ",
                    words(&list("committee_topic_nouns"))
                        .replace("Ausschuss für", "Ausschuss(?:es)? für")
                        .replace("Runder Tisch", "Runde[rn]? Tisch")
                ),
            )?,
            office_group: literals(
                "office group nouns",
                &office_group_words,
                &format!("{declined} "),
            )?,
            office_for: literals(
                "office für nouns",
                &office_for_words,
                &format!("{declined} für "),
            )?,
            office_numbered: literals(
                "numbered office nouns",
                &numbered_words,
                &format!(
                    r"{declined}:?[ \t]{{1,3}}(?:[0-9]{{1,3}}(?:\.[0-9]{{1,2}})?|[IVX]{{1,4}})"
                ),
            )?,
            office_suffix: cued(
                "office suffixes",
                format!(
                    "[{u}][{l}]*-[ \t]+und[ \t\n]+[{u}][{l}]*(?:{office_suffixes}){declined}|[{u}][{l}]{{2,}}(?:{office_suffixes}){declined}"
                ),
                &office_cues,
                true,
            )?,
            office_place: literals(
                "office place nouns",
                &office_place_words,
                &format!("{declined} "),
            )?,
            office_name: literals("office names", &office_name_words, declined)?,
            org_name: literals("organization names", &org_name_words, declined)?,
            org_place: literals(
                "organization place nouns",
                &org_place_words,
                &format!("{declined} "),
            )?,
            org_for: literals(
                "organization für nouns",
                &org_for_words,
                &format!("{declined} für "),
            )?,
            org_legal: literals("legal forms", &org_legal_words, "")?,
            org_suffix: cued(
                "organization suffixes",
                format!(
                    "[{u}][A-Za-zÄÖÜäöüß-]*(?:{org_suffixes}|-(?:{}))(?:en)?",
                    words(
                        &list("organization_suffixes")
                            .iter()
                            .map(|s| capitalise(s))
                            .collect::<Vec<_>>()
                    )
                ),
                &org_cues,
                false,
            )?,
            faction: cued(
                "factions",
                format!("-(?:[A-Z]{{1,3}}-)?(?:[{u}][{l}]*f|F)raktion(?:en)?"),
                &faction_cue,
                false,
            )?,
            faction_of: cued(
                "factions of parties",
                format!(
                    "(?:[{u}][{l}]*f|F)raktion (?:der |von )?(?:{})",
                    words(&parties)
                ),
                &faction_cue,
                false,
            )?,
            party: literals("parties", &parties, "")?,
            party_any: compile("parties", format!("(?:{})", words(&parties)))?,
            person_role: literals("person roles", &roles, "")?,
            person_label: literals("person labels", &person_labels, "")?,
            position: literals("position roles", &position_words, "(?:en|s|n)?")?,
            person_closing: literals("person closings", &list("person_closings"), "")?,
            person_list_labels: list("person_list_labels")
                .iter()
                .map(|label| compile("person list labels", regex::escape(label)))
                .collect::<Result<_, _>>()?,
            role_hint: compile(
                "person roles",
                format!(
                    "(?i:{}|{})",
                    words(&roles),
                    words(&list("person_role_suffixes"))
                ),
            )?,
            committee_place_optional: list("committee_place_optional"),
            committee_table_words: list("committee_table_words"),
            committee_names: list("committee_names"),
            committee_suffixes: list("committee_suffixes"),
            committee_place_nouns: list("committee_place_nouns"),
            committee_place_words: committee_place_words.clone(),
            office_for_nouns: list("office_for_nouns"),
            office_suffixes: list("office_suffixes"),
            office_suffix_exceptions: lower_all(&list("office_suffix_exceptions")),
            organization_suffix_exceptions: lower_all(&list("organization_suffix_exceptions")),
            organization_suffixes: lower_all(&list("organization_suffixes")),
            company_names: list("company_names"),
            company_head_nouns: lower_all(&list("company_head_nouns")),
            company_legal_forms: list("company_legal_forms"),
            public_body_place_nouns: list("public_body_place_nouns"),
            public_body_names: list("public_body_names"),
            position_roles: position_words.clone(),
            office_place_nouns: list("office_place_nouns"),
            office_names: list("office_names"),
            organization_names: org_name_words.clone(),
            organization_place_nouns: org_place_words.clone(),
            organization_for_nouns: list("organization_for_nouns"),
            numbered,
            parties: list("parties"),
            single_name_roles: ["Herr", "Herrn", "Frau"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            roles: roles.iter().cloned().collect(),
            role_suffixes: list("person_role_suffixes"),
            not_name_words: list("not_name_words")
                .into_iter()
                .chain(roles.iter().cloned())
                .collect(),
            form_labels: list("form_labels").into_iter().collect(),
            aliases,
            cues: cue_words.into_inner().finish(),
        })
    }

    /// Every actor named in the text, deduplicated, in order of first
    /// mention.
    pub fn find(&self, text: &Text) -> Vec<Found<Actor>> {
        self.find_with_fields(text, &[])
    }

    /// [`ActorRules::find`], also counting the actors other extractors
    /// read from the paper's structure (its department, author and the
    /// committees of its Beratungsfolge): a unit printed only in the
    /// letterhead or a committee name wrapped over two table lines is
    /// still an actor of the paper, merged with its shorter mentions.
    pub fn find_with_fields(&self, text: &Text, fields: &[FieldActor<'_>]) -> Vec<Found<Actor>> {
        let s = text.as_str();
        let mut lines = Lines::new(s);
        lines.cued = self.cues.lines(s, &lines);
        let mut found = Vec::new();
        self.persons(s, &lines, &mut found);
        self.committees(s, &lines, &mut found);
        self.offices(s, &lines, &mut found);
        self.organizations(s, &lines, &mut found);
        self.field_actors(s, fields, &mut found);
        self.merge(s, &lines, found)
    }

    /// The field values that name an actor, as candidates: a person only
    /// when the author's line starts with a person's name.
    fn field_actors(&self, s: &str, fields: &[FieldActor<'_>], out: &mut Vec<Candidate>) {
        for field in fields {
            let name = super::scan::collapse_spaces(field.name);
            if name.chars().filter(|c| c.is_alphabetic()).count() < 3
                || self.form_labels.contains(name.as_str())
            {
                continue;
            }
            match field.kind {
                ActorKind::Person => {
                    let start = field.span.start;
                    let Some((end, person)) = self.person_name(s, start, 2) else {
                        continue;
                    };
                    if super::scan::collapse_spaces(&person) == name {
                        out.push(candidate(
                            person,
                            field.kind,
                            start..end,
                            "actors.field.author",
                        ));
                    }
                }
                ActorKind::Office => {
                    let group = self.numbered_group(&name);
                    let mut c = candidate(
                        name,
                        ActorKind::Office,
                        field.span.clone(),
                        "actors.field.department",
                    );
                    c.group = group;
                    out.push(c);
                }
                kind => out.push(candidate(
                    name,
                    kind,
                    field.span.clone(),
                    "actors.field.consultations",
                )),
            }
        }
    }

    // ----- committees -------------------------------------------------

    fn committees(&self, s: &str, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        for m in self.committee.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end()) {
                continue;
            }
            let printed = m.as_str();
            let name = base_form(printed, &self.committee_names, &self.committee_suffixes);
            // "Anhörung Ortschaftsrat": a place body without its place is
            // no particular body.
            if self.committee_place_nouns.contains(&name)
                && !self.committee_place_optional.contains(&name)
            {
                continue;
            }
            // "Stadtrat Johannes Honné": a title, not the body.
            let after = &s[m.end()..];
            if self.roles.contains(&name)
                && after.starts_with(' ')
                && self.person_name(s, m.end() + 1, 2).is_some()
            {
                continue;
            }
            out.push(candidate(
                name,
                ActorKind::Committee,
                m.range(),
                "actors.committee",
            ));
        }
        for m in self.committee_place.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end() - 1) {
                continue;
            }
            let noun = base_form(m.as_str().trim_end(), &self.committee_place_words, &[]);
            if let Some((end, place)) = self.place(s, m.end()) {
                out.push(candidate(
                    format!("{noun} {place}"),
                    ActorKind::Committee,
                    m.start()..end,
                    "actors.committee_place",
                ));
            }
        }
        // "LANDTAG NORDRHEIN-WESTFALEN": a parliament's header in capitals.
        for &(line_start, line) in &lines.all {
            let trimmed = line.trim();
            let capitals = trimmed.len() <= 60
                && trimmed.chars().any(char::is_alphabetic)
                && !trimmed.chars().any(char::is_lowercase);
            if !capitals {
                continue;
            }
            let title = title_case(trimmed);
            let known = self
                .committee_place_optional
                .iter()
                .any(|n| title == *n || title.starts_with(&format!("{n} ")));
            if known {
                out.push(candidate(
                    title,
                    ActorKind::Committee,
                    line_start..line_start + line.len(),
                    "actors.committee_capitals",
                ));
            }
        }
        // "Rat  25.03.2025  Mitteilung": a bare body word as the first cell
        // of a Beratungsfolge row with a date.
        for &(line_start, line) in &lines.all {
            let head = line.trim_start();
            if !self
                .committee_table_words
                .iter()
                .any(|w| head.starts_with(w.as_str()))
            {
                continue;
            }
            let Some(&(byte, _, _, first)) = cells(line).first() else {
                continue;
            };
            if self.committee_table_words.iter().any(|w| w == first) && has_date(line) {
                out.push(candidate(
                    first.to_string(),
                    ActorKind::Committee,
                    line_start + byte..line_start + byte + first.len(),
                    "actors.committee_table",
                ));
            }
        }
        for m in self.committee_topic.find_iter(s) {
            if !word_start(s, m.start()) {
                continue;
            }
            let printed = m.as_str().trim_end();
            let noun = if printed.starts_with("Ausschuss") {
                "Ausschuss für".to_string()
            } else if printed.starts_with("Runde") {
                "Runder Tisch".to_string()
            } else {
                strip_declension(printed).to_string()
            };
            if let Some((end, topic)) = topic(s, m.end(), false) {
                out.push(candidate(
                    format!("{noun} {topic}"),
                    ActorKind::Committee,
                    m.start()..end,
                    "actors.committee_topic",
                ));
            }
        }
    }

    // ----- offices ----------------------------------------------------

    /// The group of a unit name that opens with a numbered unit noun
    /// ("FB 7 Kultur" and "Fachbereich 7" are one unit): its full noun and
    /// number, as [`ActorRules::offices`] groups them.
    fn numbered_group(&self, name: &str) -> Option<String> {
        let mut words = name.split_whitespace();
        let noun = words.next()?.trim_end_matches([':', '.']);
        let number = words.next()?.trim_end_matches([',', ':', '-', '–']);
        if number.is_empty()
            || !number
                .chars()
                .all(|c| c.is_ascii_digit() || "IVX".contains(c))
        {
            return None;
        }
        self.numbered
            .iter()
            .find(|(abbr, full)| abbr.trim_end_matches('.') == noun || full.as_str() == noun)
            .map(|(_, full)| format!("{full} {number}"))
    }

    fn offices(&self, s: &str, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        for m in self.office_numbered.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end()) {
                continue;
            }
            let printed = m.as_str();
            let Some(split) = printed.rfind([' ', '\t']) else {
                continue;
            };
            let noun_printed = printed[..split].trim_end_matches([':', ' ', '\t']);
            let number = &printed[split + 1..];
            let Some((abbr, full)) = self.numbered.iter().find(|(a, _)| {
                noun_printed == a.as_str() || strip_declension(noun_printed) == a.as_str()
            }) else {
                continue;
            };
            let mut name = format!("{abbr} {number}");
            let mut end = m.end();
            if s[m.end()..].starts_with(' ') {
                if let Some((e, topic)) = topic(s, m.end() + 1, false) {
                    name = format!("{name} {topic}");
                    end = e;
                }
            }
            // "Dez. 3 und 6": the units listed with the same noun.
            let listed = if end == m.end() {
                numbers_listed_after(&s[end..])
            } else {
                Vec::new()
            };
            let mut c = candidate(
                name,
                ActorKind::Office,
                m.start()..end,
                "actors.office_numbered",
            );
            c.group = Some(format!("{full} {number}"));
            out.push(c);
            for other in listed {
                let mut c = candidate(
                    format!("{abbr} {other}"),
                    ActorKind::Office,
                    m.start()..end,
                    "actors.office_numbered",
                );
                c.group = Some(format!("{full} {other}"));
                out.push(c);
            }
        }
        for m in self.office_for.find_iter(s, lines) {
            if !word_start(s, m.start()) {
                continue;
            }
            let noun = base_form(
                m.as_str().trim_end_matches(" für "),
                &self.office_for_nouns,
                &[],
            );
            if let Some((end, topic)) = topic(s, m.end(), true) {
                let (start, code) = unit_code_before(s, m.start());
                out.push(candidate(
                    format!("{code}{noun} für {topic}"),
                    ActorKind::Office,
                    start..end,
                    "actors.office_for",
                ));
            }
        }
        for m in self.office_suffix.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end()) {
                continue;
            }
            let printed = normalise_space(m.as_str());
            let name = cut_after_suffix(&printed, &self.office_suffixes);
            // "im Hauptamt", "im Außendienst": a kind of post, not a unit.
            let before = &s[reach_back(s, m.start())..m.start()];
            if before.ends_with("im ") || before.ends_with("Im ") {
                continue;
            }
            if ends_like(&name, &self.office_suffix_exceptions)
                || self.organization_names.contains(&name)
                || self.organization_for_nouns.contains(&name)
                || self.organization_place_nouns.contains(&name)
            {
                continue;
            }
            out.push(candidate(
                name,
                ActorKind::Office,
                m.range(),
                "actors.office_suffix",
            ));
        }
        for m in self.office_place.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end() - 1) {
                continue;
            }
            let noun = base_form(m.as_str().trim_end(), &self.office_place_nouns, &[]);
            if let Some((end, place)) = self.place(s, m.end()) {
                out.push(candidate(
                    format!("{noun} {place}"),
                    ActorKind::Office,
                    m.start()..end,
                    "actors.office_place",
                ));
            }
        }
        for m in self.office_name.find_iter(s, lines) {
            if whole_word(s, m.start(), m.end()) {
                let name = base_form(m.as_str(), &self.office_names, &[]);
                out.push(candidate(
                    name,
                    ActorKind::Office,
                    m.range(),
                    "actors.office_name",
                ));
            }
        }
        for m in self.office_group.find_iter(s, lines) {
            if !word_start(s, m.start()) {
                continue;
            }
            let noun = strip_declension(m.as_str().trim_end()).to_string();
            if let Some((end, name)) = quoted(s, m.end()).or_else(|| topic(s, m.end(), false)) {
                out.push(candidate(
                    format!("{noun} {name}"),
                    ActorKind::Office,
                    m.start()..end,
                    "actors.office_group",
                ));
            }
        }
    }

    // ----- organisations ---------------------------------------------

    fn organizations(&self, s: &str, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        // Institutions with their place ("Landkreis Marburg-Biedenkopf"), and
        // an adjective an article introduces ("der Freien Universität
        // Berlin"): then the noun alone is no actor of its own.
        let mut placed = Vec::new();
        for m in self.org_place.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end() - 1) {
                continue;
            }
            let noun = base_form(m.as_str().trim_end(), &self.organization_place_nouns, &[]);
            // "Gemeinde Nordstemmen": a public body's place is one word.
            let max = if self.public_body_place_nouns.contains(&noun) {
                1
            } else {
                3
            };
            let place = self.place_of(s, m.end(), max);
            // "Stadt Schillerschule" (a table's columns): an institution is
            // no public body's place.
            let place =
                place.filter(|(_, p)| max > 1 || !ends_like(p, &self.organization_suffixes));
            // "die Verfassung des Landes Baden-Württemberg": a law's title
            // cites the body; it does not act.
            let place = place.filter(|_| max > 1 || !after_a_law(s, m.start()));
            if let Some((end, place)) = place {
                placed.push((m.start(), end, noun, place, adjective_before(s, m.start())));
            }
        }
        let named_with_adjective = |at: usize| {
            placed
                .iter()
                .any(|(start, _, _, _, adjective)| *start == at && adjective.is_some())
        };
        for m in self.org_name.find_iter(s, lines) {
            if whole_word(s, m.start(), m.end()) && !named_with_adjective(m.start()) {
                let name = base_form(m.as_str(), &self.organization_names, &[]);
                let (start, name) = match adjective_before(s, m.start()) {
                    Some((at, adjective)) => (at, format!("{adjective} {name}")),
                    None => (m.start(), name),
                };
                out.push(candidate(
                    name,
                    ActorKind::Organization,
                    start..m.end(),
                    "actors.organization_name",
                ));
            }
        }
        for (start, end, noun, place, adjective) in placed {
            let (start, name) = match adjective {
                Some((at, adjective)) => (at, format!("{adjective} {noun} {place}")),
                None => (start, format!("{noun} {place}")),
            };
            out.push(candidate(
                name,
                ActorKind::Organization,
                start..end,
                "actors.organization_place",
            ));
        }
        for m in self.org_for.find_iter(s, lines) {
            if !word_start(s, m.start()) {
                continue;
            }
            let noun = base_form(
                m.as_str().trim_end_matches(" für "),
                &self.organization_for_nouns,
                &[],
            );
            if let Some((end, topic)) = topic(s, m.end(), true) {
                out.push(candidate(
                    format!("{noun} für {topic}"),
                    ActorKind::Organization,
                    m.start()..end,
                    "actors.organization_for",
                ));
            }
        }
        for m in self.org_legal.find_iter(s, lines) {
            let ends_word = s[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            let starts_word = s[..m.start()].ends_with([' ', '\n']);
            if !(ends_word && starts_word) {
                continue;
            }
            let found = name_before(s, m.start())
                .map(|(start, name)| (start, self.without_head_noun(&name)));
            if let Some((start, name)) = found {
                out.push(candidate(
                    format!("{name} {}", m.as_str()),
                    ActorKind::Organization,
                    start..m.end(),
                    "actors.organization_legal_form",
                ));
            }
        }
        for m in self.org_suffix.find_iter(s, lines) {
            // "Stiftungen": a plural names no one institution.
            let plural = m
                .as_str()
                .strip_suffix("en")
                .is_some_and(|stem| ends_like(stem, &self.organization_suffixes));
            if !whole_word(s, m.start(), m.end())
                || plural
                || ends_like(m.as_str(), &self.organization_suffix_exceptions)
            {
                continue;
            }
            // "Leopold- und Sophienstiftung": one part of an elided list.
            let before = &s[..m.start()];
            if before.ends_with("- und ") || before.ends_with("-, ") {
                continue;
            }
            out.push(candidate(
                m.as_str().to_string(),
                ActorKind::Organization,
                m.range(),
                "actors.organization_suffix",
            ));
        }
        let mut faction_spans: Vec<std::ops::Range<usize>> = Vec::new();
        for m in self.faction.find_iter(s, lines) {
            let ends_word = s[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if !ends_word {
                continue;
            }
            if let Some(start) = self.faction_prefix(s, m.start()) {
                // "SPD-Stadtratsfraktion Erfurt" at a line end or before a comma.
                let mut end = m.end();
                if s[end..].starts_with(' ') {
                    if let Some((place_end, _)) = self.place(s, end + 1) {
                        let next = s[place_end..].chars().next();
                        if next.is_none_or(|c| matches!(c, '\n' | ',' | '\t' | '\u{c}')) {
                            end = place_end;
                        }
                    }
                }
                faction_spans.push(start..end);
                out.push(candidate(
                    s[start..end].to_string(),
                    ActorKind::Organization,
                    start..end,
                    "actors.faction",
                ));
            }
        }
        for m in self.faction_of.find_iter(s, lines) {
            if whole_word(s, m.start(), m.end()) {
                faction_spans.push(m.range());
                out.push(candidate(
                    m.as_str().to_string(),
                    ActorKind::Organization,
                    m.range(),
                    "actors.faction",
                ));
            }
        }
        for m in self.party.find_iter(s, lines) {
            let inside_faction = faction_spans
                .iter()
                .any(|f| f.start <= m.start() && m.end() <= f.end);
            let ends_ok = s[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if word_start(s, m.start()) && ends_ok && !inside_faction {
                // "Bünd-\nnis 90 / Die Grünen": the whole party, not its tail.
                let (start, name) = self
                    .party_broken_before(s, m.start(), m.as_str())
                    .unwrap_or_else(|| (m.start(), m.as_str().to_string()));
                out.push(candidate(
                    name,
                    ActorKind::Organization,
                    start..m.end(),
                    "actors.party",
                ));
            }
        }
    }

    /// A longer party that ends with the party found at `at` and whose
    /// name is printed before it across one line end, maybe hyphenated
    /// ("Fraktion Bünd-\nnis 90 / Die Grünen"): where it starts, and its name.
    fn party_broken_before(&self, s: &str, at: usize, found: &str) -> Option<(usize, String)> {
        let before = s.get(..at)?;
        self.parties
            .iter()
            .filter(|p| p.len() > found.len() && p.ends_with(found))
            .filter_map(|p| {
                let head = p.get(..p.len() - found.len())?;
                let start = ends_with_across_line_end(before, head)?;
                word_start(s, start).then(|| (start, p.clone()))
            })
            .max_by_key(|(_, p)| p.len())
    }

    /// Where the party or list before a faction's hyphen starts
    /// ("DIE LINKE.-Gemeinderatsfraktion", "FW|FÜR-Gemeinderatsfraktion").
    fn faction_prefix(&self, s: &str, hyphen: usize) -> Option<usize> {
        let from = reach_back(s, hyphen);
        let before = &s[from..hyphen];
        if let Some(party) = self.parties.iter().find(|p| before.ends_with(p.as_str())) {
            let start = hyphen - party.len();
            return word_start(s, start).then_some(start);
        }
        let start = before
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '„' | '"' | ','))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let token = &before[start..];
        let ok = token.chars().next().is_some_and(char::is_uppercase)
            && token.chars().count() <= 12
            && !token.is_empty()
            && (start > 0 || from == 0 || word_start(s, from));
        ok.then_some(from + start)
    }

    // ----- persons ----------------------------------------------------

    fn persons(&self, s: &str, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        // Roles printed with their holder's name: the office is that person.
        let mut held: HashSet<String> = HashSet::new();
        for m in self.person_role.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end()) {
                continue;
            }
            let min = if self.single_name_roles.contains(m.as_str()) {
                1
            } else {
                2
            };
            let gap = gap_to_next_line(&s[m.end()..]);
            if gap == 0 {
                continue;
            }
            if let Some((end, name)) = self.person_name(s, m.end() + gap, min) {
                held.insert(m.as_str().to_string());
                out.push(candidate(
                    name,
                    ActorKind::Person,
                    m.start()..end,
                    "actors.person_role",
                ));
            }
        }
        for m in self.person_label.find_iter(s, lines) {
            if !word_start(s, m.start()) {
                continue;
            }
            let mut at = m.end();
            loop {
                let rest = &s[at..];
                let trimmed = rest.trim_start_matches([' ', '\t']);
                at += rest.len() - trimmed.len();
                let skip = ["i. V.", "i.V.", "i. A.", "i.A.", "i.A", "i.V"]
                    .iter()
                    .find(|p| trimmed.starts_with(*p));
                match skip {
                    Some(p) => at += p.len(),
                    None => break,
                }
            }
            let min = if m.as_str().to_lowercase().starts_with("gez") {
                1
            } else {
                2
            };
            let found = self
                .person_name(s, at, min)
                .or_else(|| self.inverted_name(s, at));
            if let Some((end, name)) = found {
                out.push(candidate(
                    name,
                    ActorKind::Person,
                    m.start()..end,
                    "actors.person_label",
                ));
            }
        }
        self.signatories(s, out);
        self.signature_blocks(lines, out);
        self.closings(s, lines, out);
        self.positions(s, lines, &held, out);
        self.last_line_name(lines, out);
        // "Dr. Dietmar Bartsch und Fraktion", "Stoch, Binder und Fraktion":
        // the signing members of a parliamentary motion, surnames alone
        // where the list is only names.
        let mut previous = "";
        for &(line_start, line) in &lines.all {
            let trimmed = line.trim();
            let list = match trimmed.strip_suffix("und Fraktion") {
                // "Stoch, Binder" / "und Fraktion": the list on the line above.
                Some("") => previous,
                Some(list) if list.ends_with(' ') => list.trim_end(),
                _ => "",
            };
            if !trimmed.is_empty() {
                previous = trimmed;
            }
            if list.is_empty() {
                continue;
            }
            let names: Option<Vec<String>> = list
                .split(", ")
                .flat_map(|part| part.split(" und "))
                .map(|part| {
                    let part = part.trim();
                    let (end, name) = self.person_name(part, 0, 1)?;
                    part[end..].trim().is_empty().then_some(name)
                })
                .collect();
            for person in names.unwrap_or_default() {
                out.push(candidate(
                    person,
                    ActorKind::Person,
                    line_start..line_start + line.len(),
                    "actors.person_und_fraktion",
                ));
            }
        }
    }

    /// The signature after a closing formula ("Mit freundlichen Grüßen"):
    /// the first of the next few lines that holds only a name, maybe
    /// letter-spaced ("M a x   M u s t e r"), after "gez." or "i. A.".
    fn closings(&self, s: &str, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        for m in self.person_closing.find_iter(s, lines) {
            let first = lines.index_at(m.start()) + 1;
            let following = lines.all.iter().skip(first);
            let mut seen = 0;
            for &(line_start, line) in following {
                let trimmed = line.trim();
                if trimmed.is_empty() {
                    continue;
                }
                seen += 1;
                if seen > 4 || trimmed.len() > SIGNATURE_LINE_MAX {
                    break;
                }
                let bare = ["gez.", "i. A.", "i.A.", "i. V.", "i.V.", "Im Auftrag"]
                    .iter()
                    .fold(trimmed, |t, label| {
                        t.strip_prefix(label).map_or(t, str::trim_start)
                    });
                if bare.is_empty() {
                    continue;
                }
                let joined = unspace(bare);
                let cell = joined.as_deref().unwrap_or(bare);
                let cell = cells(cell).first().map_or(cell, |c| c.3);
                if let Some(name) = self.whole_name(cell) {
                    out.push(candidate(
                        name,
                        ActorKind::Person,
                        line_start..line_start + line.len(),
                        "actors.person_closing",
                    ));
                    break;
                }
            }
        }
    }

    /// A name printed surname first at `at`, alone up to its line end
    /// ("Mustermann, Erika"): its end and the name in reading order.
    fn inverted_name(&self, s: &str, at: usize) -> Option<(usize, String)> {
        let (comma, surname) = self.person_name(s, at, 1)?;
        s.get(comma..)?.strip_prefix(", ")?;
        let (end, first) = self.person_name(s, comma + 2, 1)?;
        let line_end = s[end..].trim_start_matches([' ', '\t']);
        let alone = line_end.is_empty() || line_end.starts_with(['\n', '\u{c}']);
        (alone && !surname.contains(' ')).then(|| (end, format!("{first} {surname}")))
    }

    /// A name alone on the paper's last line: its unlabelled signature.
    fn last_line_name(&self, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        let last = lines.all.iter().rev().find(|(_, l)| !is_blank(l));
        let Some(&(start, line)) = last else {
            return;
        };
        let trimmed = line.trim();
        if trimmed.len() > 60 || trimmed.split(' ').count() > 4 {
            return;
        }
        if let Some(name) = self.whole_name(trimmed) {
            out.push(candidate(
                name,
                ActorKind::Person,
                start..start + line.len(),
                "actors.person_last_line",
            ));
        }
    }

    /// Offices held by a person and named without one ("Der
    /// Oberbürgermeister wird beauftragt"): not before a name (that is
    /// the person's role) nor under one (a signature's role line).
    fn positions(
        &self,
        s: &str,
        lines: &Lines<'_>,
        held: &HashSet<String>,
        out: &mut Vec<Candidate>,
    ) {
        let mut held = held.clone();
        let mut bare = Vec::new();
        for m in self.position.find_iter(s, lines) {
            if !whole_word(s, m.start(), m.end()) {
                continue;
            }
            let name = base_form(m.as_str(), &self.position_roles, &[]);
            // "der ehemalige Oberbürgermeister", "die langjährige
            // Ortsbürgermeisterin": a person described, not the office.
            let before = &s[reach_back(s, m.start())..m.start()];
            let described = before
                .strip_suffix(' ')
                .and_then(|b| b.rsplit([' ', '\n', '\t']).next())
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase) && w.len() > 4);
            if described {
                continue;
            }
            let gap = gap_to_next_line(&s[m.end()..]);
            let named = gap > 0 && self.person_name(s, m.end() + gap, 1).is_some();
            if named || self.under_a_name(lines, m.start()) {
                held.insert(name);
                continue;
            }
            bare.push((name, m.range()));
        }
        for (name, span) in bare {
            if !held.contains(&name) {
                out.push(candidate(
                    name,
                    ActorKind::Position,
                    span,
                    "actors.position",
                ));
            }
        }
    }

    /// Whether the line holding `at` is a signature's role line: a cell of
    /// the line above (blank lines skipped) is a name.
    fn under_a_name(&self, lines: &Lines<'_>, at: usize) -> bool {
        let line = lines.index_at(at);
        let above = (0..line)
            .rev()
            .filter_map(|i| lines.all.get(i))
            .find(|(_, l)| !is_blank(l))
            .filter(|(_, l)| l.len() <= SIGNATURE_LINE_MAX);
        above.is_some_and(|&(_, l)| {
            cells(l)
                .iter()
                .any(|c| could_be_name(c.3) && self.whole_name(c.3).is_some())
        })
    }

    /// Names listed after "Unterzeichnet von:".
    fn signatories(&self, s: &str, out: &mut Vec<Candidate>) {
        for label in &self.person_list_labels {
            for found in label.find_iter(s) {
                let at = found.end();
                let mut offset = at;
                let mut seen = 0;
                for line in s[at..].split(['\n', '\u{c}']) {
                    let line_start = offset;
                    offset += line.len() + 1;
                    let trimmed = line.trim();
                    if trimmed.is_empty() {
                        continue;
                    }
                    seen += 1;
                    if seen > SIGNATORY_LINES {
                        break;
                    }
                    let names = self.name_list(trimmed);
                    if names.is_empty() {
                        if trimmed.contains("raktion") || self.party_any.is_match(trimmed) {
                            continue;
                        }
                        break;
                    }
                    let start = line_start + (line.len() - line.trim_start().len());
                    for name in names {
                        out.push(candidate(
                            name,
                            ActorKind::Person,
                            start..start + trimmed.len(),
                            "actors.person_signatory",
                        ));
                    }
                }
            }
        }
    }

    /// The persons of one signatory line: "Jürgen Wenzel, Ullrich Müller
    /// und Zahide Yesil", "Stadtrat Detlef Hofmann"; empty unless every
    /// part is a name.
    fn name_list(&self, line: &str) -> Vec<String> {
        let mut parts = vec![line];
        for sep in NAME_LIST_SEPARATORS {
            parts = parts.iter().flat_map(|p| p.split(sep)).collect();
        }
        let mut names = Vec::new();
        for part in parts {
            let part = part.trim();
            let without_role = self
                .roles
                .iter()
                .filter(|r| !self.single_name_roles.contains(*r))
                .find_map(|r| {
                    part.strip_prefix(r.as_str())
                        .and_then(|p| p.strip_prefix(' '))
                })
                .unwrap_or(part);
            match self.whole_name(without_role) {
                Some(name) => names.push(name),
                None => return Vec::new(),
            }
        }
        names
    }

    /// A line (or column) holding only a name, above a line whose cell in
    /// the same columns is a role ("Dr. Thomas Spies" / "Oberbürgermeister").
    fn signature_blocks(&self, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        let lines: Vec<(usize, &str)> = lines
            .all
            .iter()
            .copied()
            .filter(|(_, line)| !line.trim().is_empty())
            .collect();
        for pair in lines.windows(2) {
            let [(start, line), (_, next)] = pair else {
                continue;
            };
            if line.len() > SIGNATURE_LINE_MAX || next.len() > SIGNATURE_LINE_MAX {
                continue;
            }
            // Cheap tests first: a cell shaped like a name, a name, then a
            // role word below it.
            if !may_hold_name_cell(line) || !self.role_hint.is_match(next) {
                continue;
            }
            let names: Vec<_> = cells(line)
                .into_iter()
                .filter(|(_, _, _, cell)| could_be_name(cell))
                .filter_map(|(byte, from, to, cell)| {
                    Some((byte, from, to, cell, self.whole_name(cell)?))
                })
                .collect();
            if names.is_empty() {
                continue;
            }
            let roles = cells(next);
            for (byte, from, to, cell, name) in names {
                let has_role = roles
                    .iter()
                    .filter(|(_, f, t, _)| *f < to && from < *t)
                    .any(|(_, _, _, role)| self.is_role_cell(role));
                if has_role {
                    out.push(candidate(
                        name,
                        ActorKind::Person,
                        start + byte..start + byte + cell.len(),
                        "actors.person_signature",
                    ));
                }
            }
        }
    }

    /// Whether a cell names a role ("Oberbürgermeister", "stv.
    /// CSU-Fraktionsvorsitzender", "Ortsvorsteherin Hohenwettersbach").
    fn is_role_cell(&self, cell: &str) -> bool {
        cell.split_whitespace()
            .filter(|w| *w != "stv." && *w != "Stv.")
            .take(1)
            .any(|word| {
                let word = word.rsplit('-').next().unwrap_or(word);
                let word = word.trim_end_matches([',', '.']);
                let lower = word.to_lowercase();
                (self.roles.contains(word) && !self.single_name_roles.contains(word))
                    || self
                        .role_suffixes
                        .iter()
                        .any(|suffix| lower.ends_with(suffix.as_str()))
            })
    }

    /// `text` if it is exactly a person's name (with titles), else `None`.
    fn whole_name(&self, text: &str) -> Option<String> {
        let text = text.trim();
        let (end, name) = self.person_name(text, 0, 2)?;
        text[end..].trim().is_empty().then_some(name)
    }

    /// A person's name at `at`: academic titles, then at least `min` name
    /// words (and particles) on the same line. Returns its end and the name.
    fn person_name(&self, s: &str, at: usize, min: usize) -> Option<(usize, String)> {
        let mut pos = at;
        let mut parts: Vec<&str> = Vec::new();
        let mut name_words = 0;
        loop {
            let rest = s.get(pos..)?;
            if let Some(title) = TITLES
                .iter()
                .filter(|t| rest.starts_with(*t))
                .max_by_key(|t| t.len())
                .filter(|_| name_words == 0)
            {
                parts.push(title);
                pos += title.len();
                if !s[pos..].starts_with(' ') {
                    return None;
                }
                pos += 1;
                continue;
            }
            let word_len = rest
                .find(|c: char| !(c.is_alphabetic() || c == '-'))
                .unwrap_or(rest.len());
            let word = &rest[..word_len];
            let is_particle = PARTICLES.contains(&word) && name_words > 0;
            if !(is_particle || self.name_word(word)) || name_words >= 4 {
                break;
            }
            parts.push(word);
            pos += word_len;
            if !is_particle {
                name_words += 1;
            }
            // A lone first name at a line end goes on in the next line
            // ("Herr Dr. Daniel\nWohlwend").
            let rest = &s[pos..];
            let line_break = rest.trim_start_matches(' ').starts_with('\n') && name_words == 1;
            if line_break {
                let Some(newline) = rest.find('\n') else {
                    break;
                };
                let next = &rest[newline + 1..];
                pos += newline + 1 + (next.len() - next.trim_start_matches(' ').len());
                continue;
            }
            if !rest.starts_with(' ') || rest.starts_with("  ") {
                break;
            }
            let next = s[pos + 1..].chars().next();
            if !next.is_some_and(char::is_alphabetic) {
                break;
            }
            pos += 1;
        }
        while parts.last().is_some_and(|p| PARTICLES.contains(p)) {
            parts.pop();
        }
        if name_words < min || parts.is_empty() {
            return None;
        }
        let name = parts.join(" ");
        let end = at + s.get(at..)?.find(parts.last()?)? + parts.last()?.len();
        Some((end, name))
    }

    /// Whether `word` can be part of a name: capitalised, lower case after
    /// (one inner hyphen), not a known noun, role or label.
    fn name_word(&self, word: &str) -> bool {
        let mut pieces = word.split('-');
        let shape_ok = pieces.clone().count() <= 2
            && pieces.all(|p| {
                let mut chars = p.chars();
                chars.next().is_some_and(char::is_uppercase)
                    && chars.clone().count() >= 1
                    && chars.all(char::is_lowercase)
            });
        shape_ok
            && !self.not_name_words.contains(word)
            && !(word.chars().count() > 5 && {
                let lower = word.to_lowercase();
                NOUN_ENDINGS.iter().any(|e| lower.ends_with(e))
            })
    }

    // ----- shared pieces ---------------------------------------------

    /// A place name after a body or institution noun: one capitalised word
    /// (maybe hyphenated), not a label or common noun.
    fn place(&self, s: &str, at: usize) -> Option<(usize, String)> {
        self.place_of(s, at, 3)
    }

    /// [`ActorRules::place`] of at most `max` words (after "von", "am",
    /// "an der": "Schule am Turmberg").
    fn place_of(&self, s: &str, at: usize, max: usize) -> Option<(usize, String)> {
        let mut pos = at;
        let mut connector = "";
        for word in ["von ", "am ", "an der "] {
            if let Some(rest) = s.get(at..).and_then(|r| r.strip_prefix(word)) {
                connector = word;
                pos = s.len() - rest.len();
            }
        }
        let mut words: Vec<String> = Vec::new();
        let mut end = pos;
        let word_len = |r: &str| {
            r.find(|c: char| !(c.is_alphabetic() || c == '-'))
                .unwrap_or(r.len())
        };
        while words.len() < max {
            let rest = s.get(pos..)?;
            let len = word_len(rest);
            let mut word = rest[..len].trim_end_matches('-').to_string();
            let mut word_end = pos + word.len();
            // "Karls-" / "ruhe", "Baden-" / "Württemberg": a place broken
            // at the line end is joined back.
            if rest[..len].ends_with('-') && rest[len..].starts_with('\n') {
                let next_at = pos + len + 1;
                let next = s[next_at..].trim_start_matches(' ');
                let next_at = s.len() - next.len();
                let next_len = word_len(next);
                let piece = next[..next_len].trim_end_matches('-');
                if piece.chars().next().is_some_and(char::is_lowercase) {
                    word.push_str(piece);
                } else if !piece.is_empty() {
                    word = format!("{word}-{piece}");
                }
                word_end = next_at + piece.len();
            }
            let word = word.as_str();
            let ok = word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().any(char::is_lowercase)
                && word.chars().count() >= 3
                && !self.not_name_words.contains(word)
                && !self.form_labels.contains(word)
                && !self.roles.contains(word)
                && {
                    let lower = word.to_lowercase();
                    !NOUN_ENDINGS.iter().any(|e| lower.ends_with(e))
                };
            if !ok {
                break;
            }
            words.push(word.to_string());
            pos = word_end;
            end = word_end;
            if !s[pos..].starts_with(' ') || s[pos..].starts_with("  ") {
                break;
            }
            pos += 1;
        }
        if words.is_empty() {
            return None;
        }
        Some((end, format!("{connector}{}", words.join(" "))))
    }

    /// A company's name without the common noun printed before it
    /// ("Bieter Regentalbahn", "Eisenbahnverkehrsunternehmen Vlexx"):
    /// the words after the last one that ends like a head noun.
    fn without_head_noun(&self, name: &str) -> String {
        let words: Vec<&str> = name.split(' ').collect();
        let cut = words
            .iter()
            .take(words.len().saturating_sub(1))
            .rposition(|w| ends_like(w, &self.company_head_nouns))
            .map_or(0, |i| i + 1);
        words[cut..].join(" ")
    }

    /// The kind a candidate's evidence gives it: parties and factions,
    /// companies by legal form or name, public bodies by their noun.
    fn kind_of(&self, c: &Candidate) -> ActorKind {
        let name = c.name.as_str();
        let public = self.public_body_names.iter().any(|n| n == name)
            || self
                .public_body_place_nouns
                .iter()
                .any(|noun| starts_with_word(name, noun));
        let organization = c.kind == ActorKind::Organization;
        let company_form = self
            .company_legal_forms
            .iter()
            .any(|form| ends_with_word(name, form));
        if public && !company_form && (organization || c.rule == "actors.field.department") {
            return ActorKind::PublicBody;
        }
        if !organization {
            return c.kind;
        }
        if c.rule == "actors.faction" || c.rule == "actors.party" {
            return ActorKind::Faction;
        }
        let company = self
            .company_legal_forms
            .iter()
            .any(|form| ends_with_word(name, form))
            || self
                .company_names
                .iter()
                .any(|n| name == n || starts_with_word(name, n));
        if company {
            return ActorKind::Company;
        }
        ActorKind::Organization
    }

    /// Deduplicates candidates and drops labels and fragments.
    fn merge(&self, s: &str, lines: &Lines<'_>, mut found: Vec<Candidate>) -> Vec<Found<Actor>> {
        // Each line is tested once, however many candidates it holds: a
        // one-line text of a megabyte is read once, not once per actor.
        let mut unticked: HashMap<usize, bool> = HashMap::new();
        found.retain(|c| {
            let name = c.name.trim();
            if c.kind != ActorKind::Person {
                let line = lines.index_at(c.span.start);
                let on_form = *unticked.entry(line).or_insert_with(|| {
                    on_unticked_form_line(lines.all.get(line).map_or("", |&(_, l)| l))
                });
                if on_form {
                    return false;
                }
            }
            name.chars().count() >= 2
                && !self.form_labels.contains(name)
                && !name.ends_with('-')
                && name.chars().any(char::is_alphabetic)
        });
        for c in &mut found {
            if let Some((_, base)) = self.aliases.iter().find(|(v, _)| *v == c.name) {
                c.name = base.clone();
            }
            c.kind = self.kind_of(c);
            // "Zentrales Gebäudemanagement (ZGM)": the abbreviation the
            // paper gives is part of the canonical name.
            if c.kind != ActorKind::Person && !c.rule.starts_with("actors.field") {
                if let Some(abbreviation) = abbreviation_after(s, c.span.end) {
                    if !c.name.ends_with(')') {
                        c.name = format!("{} ({abbreviation})", c.name);
                    }
                }
            }
        }
        drop_inner_compounds(&mut found);
        found.sort_by_key(|c| c.span.start);
        let mut groups: Vec<(String, Vec<Candidate>)> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for c in found {
            let key = match c.kind {
                ActorKind::Person => format!("p:{}", person_key(&c.name)),
                _ => c
                    .group
                    .as_deref()
                    .map_or_else(|| words_key(without_abbreviation(&c.name)), words_key),
            };
            match group_of.get(&key) {
                Some(&i) => groups[i].1.push(c),
                None => {
                    group_of.insert(key.clone(), groups.len());
                    groups.push((key, vec![c]));
                }
            }
        }
        // A shorter variant that begins a longer one of the same kind is
        // that one ("Ortschaftsrat" → "Ortschaftsrat Durlach"); a surname
        // alone is the full name that ends with it.
        let keys: Vec<(String, ActorKind)> = groups
            .iter()
            .filter_map(|(k, m)| m.first().map(|c| (k.clone(), c.kind)))
            .collect();
        groups.retain(|(key, members)| {
            let Some(kind) = members.first().map(|c| c.kind) else {
                return false;
            };
            let surname = key.get(2..).unwrap_or("");
            !keys.iter().any(|(other, other_kind)| {
                *other_kind == kind
                    && other != key
                    && (starts_with_word(other, key)
                        || (matches!(kind, ActorKind::Organization | ActorKind::Company)
                            && key.contains(' ')
                            && ends_with_word(other, key))
                        || (kind == ActorKind::Person
                            && !key.contains(' ')
                            && ends_with_word(other, surname)))
            })
        });
        // A unit named by its noun alone ("Schulverwaltungsamt") is the
        // numbered unit whose name ends with it ("Amt 40 -
        // Schulverwaltungsamt"); a compound found only by its ending is
        // part of the longer unit's name that ends with it ("Lenkungsgruppe
        // Integration, Migration und Ausländerbehörde").
        let office_names: Vec<String> = groups
            .iter()
            .flat_map(|(_, members)| members.iter())
            .filter(|c| c.kind == ActorKind::Office)
            .filter(|c| c.group.is_some() || c.rule != "actors.office_suffix")
            .map(|c| words_key(&c.name))
            .filter(|key| key.contains(' '))
            .collect();
        groups.retain(|(key, members)| {
            let single_office = !key.contains(' ')
                && members.iter().all(|c| {
                    c.kind == ActorKind::Office
                        && c.group.is_none()
                        && matches!(c.rule, "actors.office_suffix" | "actors.field.department")
                });
            !(single_office && office_names.iter().any(|n| ends_with_word(n, key)))
        });
        groups
            .into_iter()
            .filter_map(|(_, members)| {
                let first = members.first()?.clone();
                let fullest = members
                    .iter()
                    .max_by_key(|c| c.name.chars().count())?
                    .clone();
                Some(Found {
                    value: Actor {
                        name: fullest.name,
                        kind: first.kind,
                    },
                    evidence: Evidence {
                        span: first.span,
                        rule: first.rule.to_string(),
                    },
                })
            })
            .collect()
    }
}

/// The lines of a text, split at line ends and form feeds, found once and
/// read by every line-based rule.
#[derive(Debug)]
struct Lines<'a> {
    /// Byte offset and text of every line, in order.
    all: Vec<(usize, &'a str)>,
    /// For every line, the cued patterns (bits) whose cue words it holds.
    cued: Vec<u32>,
}

impl<'a> Lines<'a> {
    fn new(s: &'a str) -> Lines<'a> {
        let mut all = Vec::new();
        let mut start = 0;
        for end in memchr::memchr2_iter(b'\n', b'\x0c', s.as_bytes()).chain([s.len()]) {
            all.push((start, &s[start..end]));
            start = end + 1;
        }
        Lines {
            all,
            cued: Vec::new(),
        }
    }

    /// Index of the line holding byte `at`.
    fn index_at(&self, at: usize) -> usize {
        self.all
            .partition_point(|&(start, _)| start <= at)
            .saturating_sub(1)
    }

    /// Byte range from the start of line `first` to the end of line `last`.
    fn span(&self, first: usize, last: usize) -> Range<usize> {
        let start = self.all.get(first).map_or(0, |&(start, _)| start);
        let end = self
            .all
            .get(last)
            .map_or(start, |&(start, line)| start + line.len());
        start..end
    }
}

/// A pattern searched only in the lines where one of its cue words occurs.
///
/// Patterns that begin with a class of capitals (`[A-ZÄÖÜ][a-zäöü]*amt`)
/// give the regex engine no literal to skip ahead to, so it steps through
/// every byte of the text; and twenty patterns that each begin with a list
/// of words (`Amt|Referat|…`) are twenty passes over the text. Instead one
/// pass finds the cue words of all patterns ([`CueIndex`]), and each
/// pattern runs only on the lines that hold one of its own. The matches are
/// exactly those of a search over the whole text, because every match
/// contains a cue word, no match crosses a line end (or, with
/// `from_previous_line`, only the blank lines up to the line before its
/// cue's), and the patterns use no anchors or word boundaries.
#[derive(Clone, Debug)]
struct Cued {
    pattern: Regex,
    /// The pattern's bit in [`Lines::cued`]; `None` searches the whole
    /// text (no cue words, or one holds a line end).
    bit: Option<u32>,
    from_previous_line: bool,
}

impl Cued {
    /// The matches of the pattern in `s`, in order, as `find_iter` over
    /// the whole text gives them.
    fn find_iter<'s>(&self, s: &'s str, lines: &Lines<'_>) -> Vec<Match<'s>> {
        let Some(bit) = self.bit else {
            return self.pattern.find_iter(s).collect();
        };
        // Runs of cued lines, each with the lines a match may start on.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let cued = lines.cued.iter().enumerate().filter(|(_, m)| *m & bit != 0);
        for (last, _) in cued {
            let mut first = last;
            if self.from_previous_line {
                first = first.saturating_sub(1);
                while first > 0 && lines.all.get(first).is_some_and(|(_, l)| is_blank(l)) {
                    first -= 1;
                }
            }
            match runs.last_mut() {
                Some((_, run_last)) if first <= *run_last + 1 => *run_last = last.max(*run_last),
                _ => runs.push((first, last)),
            }
        }
        let mut out = Vec::new();
        for (first, last) in runs {
            let span = lines.span(first, last);
            let haystack = &s[..span.end];
            let mut at = span.start;
            while let Some(m) = self.pattern.find_at(haystack, at) {
                at = if m.end() > m.start() {
                    m.end()
                } else {
                    // An empty match: go on after the next character.
                    m.end() + haystack[m.end()..].chars().next().map_or(1, char::len_utf8)
                };
                out.push(m);
                if at > haystack.len() {
                    break;
                }
            }
        }
        out
    }
}

/// The cue words of the cued patterns while the rules are compiled.
#[derive(Debug, Default)]
struct CueWords {
    /// Each distinct cue word with the bits of the patterns it cues.
    words: Vec<(String, u32)>,
    patterns: u32,
}

impl CueWords {
    /// Registers a pattern with its cue words.
    fn cued(&mut self, pattern: Regex, cues: &[String], from_previous_line: bool) -> Cued {
        let usable = !cues.is_empty()
            && !cues
                .iter()
                .any(|w| w.is_empty() || w.contains(['\n', '\u{c}']))
            && self.patterns < u32::BITS;
        let bit = usable.then(|| {
            let bit = 1 << self.patterns;
            self.patterns += 1;
            for cue in cues {
                match self.words.iter_mut().find(|(w, _)| w == cue) {
                    Some((_, bits)) => *bits |= bit,
                    None => self.words.push((cue.clone(), bit)),
                }
            }
            bit
        });
        Cued {
            pattern,
            bit,
            from_previous_line,
        }
    }

    fn finish(self) -> CueIndex {
        let (words, bits): (Vec<String>, Vec<u32>) = self.words.into_iter().unzip();
        // A DFA finds all words in one pass at several hundred MB/s; where
        // it would be too big, the builder's own choice.
        let build = |kind| {
            AhoCorasick::builder()
                .kind(kind)
                .match_kind(MatchKind::Standard)
                .build(&words)
        };
        let automaton = build(Some(AhoCorasickKind::DFA))
            .or_else(|_| build(None))
            .ok();
        CueIndex {
            // Without an automaton every pattern is searched everywhere.
            automaton,
            bits,
        }
    }
}

/// The cue words of all cued patterns, found in one pass over a text.
#[derive(Clone, Debug)]
struct CueIndex {
    automaton: Option<AhoCorasick>,
    /// For each cue word, the bits of the patterns it cues.
    bits: Vec<u32>,
}

impl CueIndex {
    /// For every line, the bits of the patterns cued on it.
    fn lines(&self, s: &str, lines: &Lines<'_>) -> Vec<u32> {
        let Some(automaton) = &self.automaton else {
            return vec![u32::MAX; lines.all.len()];
        };
        let mut cued = vec![0; lines.all.len()];
        // Overlapping: a cue inside another pattern's cue counts too.
        for found in automaton.find_overlapping_iter(s) {
            let bits = self.bits.get(found.pattern().as_usize()).copied();
            if let Some(line) = cued.get_mut(lines.index_at(found.start())) {
                *line |= bits.unwrap_or(u32::MAX);
            }
        }
        cued
    }
}

/// Where `head` starts if `text` ends with it printed across exactly one
/// line end: a space of `head` as a line end, or a word broken with a
/// hyphen at the line end; the next line may be indented.
fn ends_with_across_line_end(text: &str, head: &str) -> Option<usize> {
    let (t, h) = (text.as_bytes(), head.as_bytes());
    let (mut i, mut j) = (t.len(), h.len());
    let mut broken = false;
    while j > 0 {
        let hc = *h.get(j - 1)?;
        // The line end (after any indentation of the continued line).
        let indent = t.get(..i)?.iter().rev().take_while(|&&b| b == b' ').count();
        let newline = i
            .checked_sub(indent + 1)
            .filter(|&n| !broken && t.get(n) == Some(&b'\n'));
        if let Some(newline) = newline {
            let hyphen = newline > 0 && t.get(newline - 1) == Some(&b'-');
            if hc == b' ' {
                // A space of the name printed as the line end.
                (i, j, broken) = (newline, j - 1, true);
                continue;
            }
            if hyphen {
                // "Bünd-" + "nis": a broken word; "Baden-" + "Württemberg"
                // keeps its hyphen, which is matched next.
                i = if hc == b'-' { newline } else { newline - 1 };
                broken = true;
                continue;
            }
        }
        if t.get(i.checked_sub(1)?) != Some(&hc) {
            return None;
        }
        i -= 1;
        j -= 1;
    }
    broken.then_some(i)
}

/// A capitalised adjective right before `at` that an article or a
/// contracted preposition introduces ("der Freien Universität", "an der
/// Technischen Hochschule"): where it starts and its base form ("Freie",
/// "Technische"). A capital after an article is part of a name, not the
/// start of a sentence.
fn adjective_before(s: &str, at: usize) -> Option<(usize, String)> {
    const INTRODUCERS: &[&str] = &[
        "der", "die", "das", "des", "dem", "den", "zur", "zum", "vom", "im", "am", "beim", "Der",
        "Die", "Das",
    ];
    let before = s.get(reach_back(s, at)..at)?.strip_suffix(' ')?;
    let (rest, word) = before.rsplit_once(' ')?;
    let introducer = rest.rsplit([' ', '\n', '\t']).next()?;
    let mut chars = word.chars();
    let shaped = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().count() >= 3
        && chars.all(char::is_lowercase)
        && (word.ends_with('e') || word.ends_with("en"));
    if !shaped || !INTRODUCERS.contains(&introducer) {
        return None;
    }
    let base = word.strip_suffix('n').unwrap_or(word);
    // "das Deutsche Studierendenwerk" is named "Deutsches Studierendenwerk".
    let neuter = matches!(introducer, "das" | "Das") && !word.ends_with('n');
    let base = if neuter {
        format!("{base}s")
    } else {
        base.to_string()
    };
    Some((at - 1 - word.len(), base))
}

/// How far back from `at` the backward scans look (bytes): names and
/// the words before them are far shorter, and a bounded reach keeps every
/// scan linear in the input.
const REACH_BACK: usize = 240;

/// The start of the bounded reach before `at`, on a character boundary.
fn reach_back(s: &str, at: usize) -> usize {
    let mut from = at.saturating_sub(REACH_BACK);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// Whether a line holds only spaces and tabs.
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Whether some cell of a line (see `cells`) may pass `could_be_name`: a
/// byte test that lets every non-ASCII character pass, so it never says no
/// where `could_be_name` says yes.
fn may_hold_name_cell(line: &str) -> bool {
    let mut bytes = line.bytes().peekable();
    let (mut in_cell, mut shaped) = (false, false);
    while let Some(b) = bytes.next() {
        if b == b'\t' || b == b' ' && bytes.peek() == Some(&b' ') {
            if in_cell && shaped {
                return true;
            }
            in_cell = false;
        } else if !in_cell {
            if b != b' ' {
                in_cell = true;
                shaped = b.is_ascii_uppercase() || !b.is_ascii();
            }
        } else {
            shaped = shaped
                && (!b.is_ascii()
                    || b.is_ascii_alphabetic()
                    || b.is_ascii_whitespace()
                    || b == b'-'
                    || b == b'.');
        }
    }
    in_cell && shaped
}

/// Whether a table cell could be a person's name (see `person_name`):
/// a capital first, then only letters, hyphens, dots and spaces.
fn could_be_name(cell: &str) -> bool {
    cell.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        && cell
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c.is_whitespace())
}

/// Drops the compounds found by their ending inside a longer name found
/// in the text ("Ausländerbehörde" in "Lenkungsgruppe Integration,
/// Migration und Ausländerbehörde"): one sweep over the spans in order.
fn drop_inner_compounds(found: &mut Vec<Candidate>) {
    let container =
        |c: &Candidate| c.kind != ActorKind::Person && !c.rule.starts_with("actors.field");
    found.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut reach = 0;
    let mut keep = Vec::with_capacity(found.len());
    for c in found.iter() {
        let by_ending = matches!(
            c.rule,
            "actors.office_suffix" | "actors.organization_suffix"
        );
        keep.push(!(by_ending && reach >= c.span.end && !c.span.is_empty()));
        if container(c) {
            reach = reach.max(c.span.end);
        }
    }
    let mut keep = keep.into_iter();
    found.retain(|_| keep.next().unwrap_or(true));
}

/// Whether the words before `at` are a law's name and an article ("der
/// Verfassung des", "Gesetz über die … des").
fn after_a_law(s: &str, at: usize) -> bool {
    const LAWS: &[&str] = &[
        "verfassung",
        "gesetz",
        "gesetzes",
        "ordnung",
        "satzung",
        "amtsblatt",
    ];
    let before = &s[reach_back(s, at)..at];
    let mut words = before.split_whitespace().rev();
    let _article = words.next();
    words.next().is_some_and(|w| {
        let w = w.to_lowercase();
        LAWS.iter().any(|law| w.ends_with(law))
    })
}

/// The unit numbers listed after a numbered unit: " und 6", ", 4 und 5"
/// (arabic numbers of one to three digits, each ending its word).
fn numbers_listed_after(rest: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = rest;
    while let Some(after) = rest
        .strip_prefix(", ")
        .or_else(|| rest.strip_prefix(" und "))
    {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let mut next = after[digits..].chars();
        let ends = match next.next() {
            None => true,
            // "5." ends a sentence; "6.5" is a sub-unit.
            Some('.') => !next.next().is_some_and(|c| c.is_ascii_digit()),
            Some(c) => !c.is_alphanumeric(),
        };
        if !(1..=3).contains(&digits) || !ends || out.len() >= 8 {
            break;
        }
        out.push(&after[..digits]);
        rest = &after[digits..];
    }
    out
}

/// An abbreviation in brackets right after a name: " (ZGM)" → "ZGM".
fn abbreviation_after(s: &str, at: usize) -> Option<&str> {
    let rest = s.get(at..)?.strip_prefix(" (")?;
    let close = rest.get(..12.min(rest.len()))?.find(')')?;
    let abbreviation = &rest[..close];
    let capitals = abbreviation
        .chars()
        .filter(char::is_ascii_uppercase)
        .count();
    let shaped = abbreviation
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-' || c == '&');
    (capitals >= 2 && shaped).then_some(abbreviation)
}

/// A name without the abbreviation in brackets at its end.
fn without_abbreviation(name: &str) -> &str {
    match name.strip_suffix(')').and_then(|n| n.rfind(" (")) {
        Some(i) => &name[..i],
        None => name,
    }
}

/// The blanks at the start of `rest`, over at most one line end (the
/// next line's indentation included).
fn gap_to_next_line(rest: &str) -> usize {
    let blanks = |r: &str| r.len() - r.trim_start_matches([' ', '\t']).len();
    let gap = blanks(rest);
    match rest[gap..].strip_prefix('\n') {
        Some(next) => gap + 1 + blanks(next),
        None => gap,
    }
}

/// A letter-spaced name joined back: "M a x   M u s t e r" → "Max
/// Muster"; `None` unless every word is single letters one space apart.
fn unspace(line: &str) -> Option<String> {
    let words: Vec<String> = line
        .split("  ")
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| {
            let letters: Vec<&str> = w.split(' ').collect();
            let spaced = letters.len() >= 2 && letters.iter().all(|l| l.chars().count() == 1);
            spaced.then(|| letters.concat())
        })
        .collect::<Option<_>>()?;
    (!words.is_empty()).then(|| words.join(" "))
}

/// A unit code printed before an office noun ("R16 Referat für …"):
/// where the name starts and the code with its space.
fn unit_code_before(s: &str, at: usize) -> (usize, String) {
    let before = &s[reach_back(s, at)..at];
    let Some(word) = before
        .strip_suffix(' ')
        .and_then(|b| b.rsplit([' ', '\n', '\t']).next())
    else {
        return (at, String::new());
    };
    let letters = word.chars().take_while(char::is_ascii_uppercase).count();
    let digits = word
        .chars()
        .skip(letters)
        .filter(char::is_ascii_digit)
        .count();
    let is_code = (1..=3).contains(&letters)
        && (1..=3).contains(&digits)
        && letters + digits == word.chars().count();
    if is_code {
        (at - word.len() - 1, format!("{word} "))
    } else {
        (at, String::new())
    }
}

/// "LANDTAG DES SAARLANDES" → "Landtag des Saarlandes".
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let lower = word.to_lowercase();
            if matches!(lower.as_str(), "des" | "der" | "von" | "und") {
                return lower;
            }
            let mut out = String::new();
            let mut start = true;
            for c in word.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start = c == '-';
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the line holds a date like 25.03.2025.
fn has_date(line: &str) -> bool {
    let b = line.as_bytes();
    b.windows(10).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b'.'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
            && w[5] == b'.'
            && w[6..].iter().all(u8::is_ascii_digit)
    })
}

/// Whether a line is a form field whose "Ja" is not ticked
/// ("Beteiligung Personalrat Ja ☐ Nein ☒"): a body named there is a field
/// of the form, not an actor of the paper.
fn on_unticked_form_line(line: &str) -> bool {
    const BOXES: [char; 2] = ['☐', '□'];
    const TICKED: [char; 5] = ['☒', '☑', '✓', '✔', '⊠'];
    // Every box and tick is three bytes starting with 0xE2: look for them
    // at those bytes only, not character by character.
    let bytes = line.as_bytes();
    let has_box_or_tick = memchr::memchr_iter(0xE2, bytes).any(|at| {
        let c = line.get(at..).and_then(|rest| rest.chars().next());
        c.is_some_and(|c| BOXES.contains(&c) || TICKED.contains(&c))
    });
    if !has_box_or_tick {
        return false;
    }
    // Involved only where "Ja" has the ticked box, before or after it.
    let ja_ticked = line.match_indices("Ja").any(|(i, _)| {
        let after = line[i + 2..].trim_start().chars().next();
        let before = line[..i].trim_end().chars().next_back();
        after.is_some_and(|c| TICKED.contains(&c)) || before.is_some_and(|c| TICKED.contains(&c))
    });
    !ja_ticked
}

fn candidate(
    name: String,
    kind: ActorKind,
    span: std::ops::Range<usize>,
    rule: &'static str,
) -> Candidate {
    Candidate {
        name: normalise_space(&name),
        kind,
        span,
        rule,
        group: None,
    }
}

/// The words as one regex alternation, longest first.
fn alternation(words: &[String]) -> String {
    let mut words: Vec<&String> = words.iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    if words.is_empty() {
        // Matches nothing: the list is empty.
        return r"\x00\x01\x02".into();
    }
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// The words in lower case, for tests of word endings.
fn lower_all(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// Whether `word` ends like one of the lower-case `endings`.
fn ends_like(word: &str, endings: &[String]) -> bool {
    let lower = word.to_lowercase();
    endings.iter().any(|e| lower.ends_with(e.as_str()))
}

/// `printed` cut after the suffix that ends latest in it ("Ordnungsdienstes"
/// → "Ordnungsdienst", "Bauamtsverwaltung" → "Bauamtsverwaltung").
fn cut_after_suffix(printed: &str, suffixes: &[String]) -> String {
    suffixes
        .iter()
        .filter_map(|suffix| printed.rfind(suffix.as_str()).map(|i| i + suffix.len()))
        .max()
        .map_or_else(|| printed.to_string(), |end| printed[..end].to_string())
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn word_start(s: &str, at: usize) -> bool {
    s[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '-'))
}

fn whole_word(s: &str, start: usize, end: usize) -> bool {
    word_start(s, start) && s[end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// One space between words, no space before a comma.
fn normalise_space(text: &str) -> String {
    // Most names are tidy already: copy them without splitting.
    let mut prev = None;
    let tidy = text.chars().all(|c| {
        let ok = match c {
            ' ' => prev.is_some_and(|p| p != ' '),
            ',' => prev != Some(' '),
            c => !c.is_whitespace(),
        };
        prev = Some(c);
        ok
    }) && prev != Some(' ');
    if tidy {
        return text.to_string();
    }
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

/// The base form of a declined name: the listed name it starts with, or
/// the word cut after a listed suffix ("Ausländerbeirates" →
/// "Ausländerbeirat").
fn base_form(printed: &str, names: &[String], suffixes: &[String]) -> String {
    let printed = normalise_space(printed);
    if let Some(name) = names
        .iter()
        .filter(|n| printed.starts_with(n.as_str()) && printed.len() - n.len() <= 2)
        .max_by_key(|n| n.len())
    {
        return name.clone();
    }
    for suffix in suffixes {
        if let Some(i) = printed.rfind(suffix.as_str()) {
            return printed[..i + suffix.len()].to_string();
        }
    }
    strip_declension(&printed).to_string()
}

/// Cuts a genitive or dative ending off a noun ("Arbeitskreises").
fn strip_declension(word: &str) -> &str {
    if let Some(stem) = word.strip_suffix("es") {
        if stem.ends_with("ss") || stem.ends_with("is") {
            return stem;
        }
    }
    for ending in ["es", "s", "n"] {
        if let Some(stem) = word.strip_suffix(ending) {
            if stem.ends_with("ppe") || stem.ends_with("kreis") || stem.ends_with("Tisch") {
                return stem;
            }
        }
    }
    word
}

/// A name in quotes right after a group noun: „Integration, Migration …“.
fn quoted(s: &str, at: usize) -> Option<(usize, String)> {
    let rest = s.get(at..)?;
    let open = ['„', '"', '“', '»']
        .into_iter()
        .find(|q| rest.starts_with(*q))?;
    let inner_start = open.len_utf8();
    let close = rest[inner_start..].find(['“', '”', '"', '«', '\n'])?;
    let inner = rest[inner_start..inner_start + close].trim();
    let ok = inner.chars().next().is_some_and(char::is_uppercase) && inner.len() <= 100;
    ok.then(|| (at + inner_start + close, normalise_space(inner)))
}

/// The topic or name after a noun: capitalised words joined by commas and
/// "und" (and function words if allowed), on one line or continued on the
/// next when a word is hyphenated or the list goes on. Ends at a tab, a
/// column gap, other punctuation or any other word.
/// The words separated by single spaces at the start of `rest`, up to
/// the end of its line, a tab or a double space, as
/// `line.split("  ").next()` and then `split(' ')` would give them
/// (an empty word where the line starts or ends with a space), read lazily:
/// a caller that stops after three words does not scan a long line.
fn cell_words(rest: &str) -> impl Iterator<Item = &str> {
    let bytes = rest.as_bytes();
    let mut at = Some(0);
    std::iter::from_fn(move || {
        let start = at?;
        let end = bytes[start..]
            .iter()
            .position(|&b| matches!(b, b' ' | b'\n' | b'\x0c' | b'\t'))
            .map_or(bytes.len(), |i| start + i);
        // A single space goes on to the next word; anything else ends the
        // cell.
        let goes_on = bytes.get(end) == Some(&b' ') && bytes.get(end + 1) != Some(&b' ');
        at = goes_on.then_some(end + 1);
        Some(&rest[start..end])
    })
}

fn topic(s: &str, at: usize, function_words: bool) -> Option<(usize, String)> {
    let mut words: Vec<String> = Vec::new();
    let mut end = at;
    let mut pos = at;
    for round in 0..3 {
        let rest = s.get(pos..)?;
        let mut stopped = false;
        let mut offset = 0;
        // The words of the line (up to a tab or two spaces, where a cell
        // ends), read only as far as they are needed.
        for raw in cell_words(rest) {
            let word_at = pos + offset;
            let first_on_next_line = round > 0 && offset == 0;
            offset += raw.len() + 1;
            if raw.is_empty() {
                stopped = true;
                break;
            }
            let trimmed = raw.trim_end_matches([',', ';', ':', '.', ')', '“', '”', '"']);
            let punct = &raw[trimmed.len()..];
            let capital = trimmed.chars().next().is_some_and(char::is_uppercase)
                && trimmed
                    .chars()
                    .skip(1)
                    .all(|c| c.is_alphabetic() || c == '-')
                && trimmed.chars().any(char::is_lowercase);
            let connector = trimmed == "und" || trimmed == "&";
            let function = function_words && FUNCTION_WORDS.contains(&trimmed);
            let after_comma = words.last().is_some_and(|w| w.ends_with(','));
            let continuation = first_on_next_line
                && words.last().is_some_and(|w| w.ends_with('-'))
                && trimmed.chars().next().is_some_and(char::is_lowercase)
                && trimmed.chars().all(char::is_alphabetic);
            if continuation {
                if let Some(last) = words.last_mut() {
                    last.pop();
                    last.push_str(trimmed);
                }
            } else if capital || (!after_comma && (function || (connector && !words.is_empty()))) {
                words.push(trimmed.to_string());
            } else {
                stopped = true;
                break;
            }
            end = word_at + trimmed.len();
            if punct.starts_with(',') {
                if let Some(last) = words.last_mut() {
                    last.push(',');
                }
            } else if !punct.is_empty() {
                stopped = true;
                break;
            }
        }
        // A table cell goes on in the next line after a hyphen or "und".
        let last = words.last().map(String::as_str).unwrap_or("");
        let goes_on = last.ends_with('-') || last == "und";
        if stopped || !goes_on {
            break;
        }
        // The line end follows the last word read (bounded: a one-line
        // text is not searched to its end at every name).
        let reach = rest.len().min(offset + REACH_BACK);
        let Some(newline) = memchr::memchr(b'\n', &rest.as_bytes()[..reach]) else {
            break;
        };
        pos += newline + 1;
        let next = s.get(pos..)?;
        pos += next.len() - next.trim_start_matches(' ').len();
    }
    // Trailing connectors, function words, commas and hyphenated pieces
    // are not part of the name.
    while let Some(last) = words.last() {
        let bare = last.trim_end_matches(',');
        if bare == "und"
            || bare == "&"
            || FUNCTION_WORDS.contains(&bare)
            || bare.ends_with('-')
            || bare.is_empty()
        {
            words.pop();
        } else {
            break;
        }
    }
    while words
        .first()
        .is_some_and(|w| FUNCTION_WORDS.contains(&w.as_str()) && w != "die" && w != "der")
    {
        words.remove(0);
    }
    let named = words
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
    let text = words.join(" ");
    let text = text.trim_end_matches(',').to_string();
    (named && !text.is_empty()).then_some((end, text))
}

/// The capitalised words before a legal form, on its line and, when they
/// fill it, the line before (joined at a hyphenated break): "Bürgergesellschaft
/// Südstadt" before "e. V.". Leading articles are dropped; an opening
/// bracket or quote ends the name.
fn name_before(s: &str, at: usize) -> Option<(usize, String)> {
    let mut taken: Vec<String> = Vec::new();
    let mut first_start = at;
    let mut end = at;
    let mut joined_hyphen = false;
    for _ in 0..2 {
        // A name before a legal form is short: look back a bounded reach,
        // so a one-line text is not read back to its start at every match.
        let from = reach_back(s, end);
        let line_start = s[from..end]
            .rfind(['\n', '\u{c}', '\t'])
            .map_or(from, |i| from + i + 1);
        let real_line_start = line_start == 0 || s[..line_start].ends_with(['\n', '\u{c}', '\t']);
        let prefix = &s[line_start..end];
        let column = prefix.rfind("  ").map_or(0, |i| i + 2);
        let mut stopped = column > 0;
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut offset = column;
        for w in prefix[column..].split(' ') {
            words.push((line_start + offset, w));
            offset += w.len() + 1;
        }
        for (word_at, raw) in words.into_iter().rev() {
            if raw.is_empty() {
                continue;
            }
            let opener = raw.starts_with(['(', '„', '"', '“']);
            let word = raw.trim_start_matches(['(', '„', '"', '“']);
            let capital = word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().all(|c| c.is_alphabetic() || c == '-')
                || word.chars().all(|c| c.is_uppercase() || c == '.') && word.len() >= 2;
            let sentence_end =
                word.ends_with('.') && !word.chars().all(|c| c.is_uppercase() || c == '.');
            let continues_hyphen = joined_hyphen
                && word.ends_with('-')
                && word.chars().next().is_some_and(char::is_alphabetic);
            // "…genos-\nsenschaft": the rest of a word broken at the line end.
            let broken_word_rest = word_at == line_start
                && line_start > 0
                && real_line_start
                && s[..line_start - 1].ends_with('-')
                && word.chars().all(char::is_alphabetic);
            if !((capital || word == "&" || continues_hyphen || broken_word_rest)
                && !sentence_end
                && taken.len() < 6)
            {
                stopped = true;
                break;
            }
            if joined_hyphen {
                // "Adensen-" + "Hallerburg", "Energiegenos-" + "senschaft".
                let piece = taken.first().cloned().unwrap_or_default();
                let glued = if piece.starts_with(char::is_lowercase) {
                    format!("{}{piece}", word.trim_end_matches('-'))
                } else {
                    format!("{word}{piece}")
                };
                if let Some(first) = taken.first_mut() {
                    *first = glued;
                }
                joined_hyphen = false;
            } else {
                taken.insert(0, word.to_string());
            }
            first_start = word_at + (raw.len() - word.len());
            if opener {
                stopped = true;
                break;
            }
        }
        if stopped || line_start == 0 || !real_line_start {
            break;
        }
        joined_hyphen = s[..line_start - 1].ends_with('-');
        end = line_start - 1;
    }
    while taken.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "Die"
                | "Der"
                | "Das"
                | "Dem"
                | "Den"
                | "Des"
                | "Ein"
                | "Eine"
                | "Einer"
                | "Einem"
                | "Eines"
                | "Diese"
                | "Dieser"
                | "Jede"
                | "&"
        )
    }) {
        taken.remove(0);
    }
    // "Lage Die SÜDREAL Consulting": the name starts after an article.
    if let Some(i) = taken
        .iter()
        .rposition(|w| matches!(w.as_str(), "Die" | "Der" | "Das" | "Den" | "Dem" | "Des"))
    {
        taken.drain(..=i);
    }
    let first = taken.first()?;
    if !first.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some((first_start, taken.join(" ")))
}

/// Cells of a line split at tabs and runs of two or more spaces: byte
/// offset, start and end column, text.
fn cells(line: &str) -> Vec<(usize, usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut spaces = 0;
    let mut last_end = (0, 0);
    for (column, (byte, c)) in line.char_indices().enumerate() {
        if c == '\t' || c == ' ' {
            spaces += if c == '\t' { 2 } else { 1 };
            if spaces >= 2 {
                if let Some((b, col)) = start.take() {
                    out.push((b, col, last_end.1, &line[b..last_end.0]));
                }
            }
        } else {
            if start.is_none() {
                start = Some((byte, column));
            }
            spaces = 0;
            last_end = (byte + c.len_utf8(), column + 1);
        }
    }
    if let Some((b, col)) = start {
        out.push((b, col, last_end.1, &line[b..last_end.0]));
    }
    out
}

/// A person's comparison key: the name without titles, lower case.
fn person_key(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| !w.ends_with('.'))
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Comparison key of other actors: lower-case words, commas and "und"
/// dropped, so list spellings of one name meet.
fn words_key(name: &str) -> String {
    // Without dots, and without the one space after each dot ("St. Georg"
    // is "StGeorg").
    let mut joined = String::with_capacity(name.len());
    let mut after_dot = false;
    for c in name.chars() {
        match c {
            '.' => after_dot = true,
            ' ' if after_dot => after_dot = false,
            c => {
                after_dot = false;
                joined.push(c);
            }
        }
    }
    let mut key = String::with_capacity(joined.len());
    let words = joined
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_end_matches('-'))
        .filter(|w| !w.is_empty() && *w != "und");
    // "Markgrafen-Gymnasium" and "Markgrafengymnasium" are one name.
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        let word = word.split('-');
        for piece in word {
            if piece.is_ascii() {
                key.extend(piece.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                key.push_str(&piece.to_lowercase());
            }
        }
    }
    key
}

/// Whether `text` starts with the words `head` and goes on after a space.
fn starts_with_word(text: &str, head: &str) -> bool {
    text.strip_prefix(head)
        .is_some_and(|rest| rest.starts_with(' '))
}

/// Whether `text` ends with the words `tail`, after a space.
fn ends_with_word(text: &str, tail: &str) -> bool {
    text.strip_suffix(tail)
        .is_some_and(|rest| rest.ends_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors(text: &str) -> Vec<(String, ActorKind)> {
        ActorRules::new(&Rules::builtin())
            .unwrap()
            .find(&Text::from_str_pages(text))
            .into_iter()
            .map(|f| (f.value.name, f.value.kind))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        actors(text).into_iter().map(|(n, _)| n).collect()
    }

    /// Actors of `text` given field values found at the first mention of
    /// each.
    fn with_fields(text: &str, fields: &[(&str, ActorKind)]) -> Vec<(String, ActorKind)> {
        let fields: Vec<FieldActor<'_>> = fields
            .iter()
            .map(|(name, kind)| {
                let at = text.find(name).unwrap();
                FieldActor {
                    name,
                    kind: *kind,
                    span: at..at + name.len(),
                }
            })
            .collect();
        ActorRules::new(&Rules::builtin())
            .unwrap()
            .find_with_fields(&Text::from_str_pages(text), &fields)
            .into_iter()
            .map(|f| (f.value.name, f.value.kind))
            .collect()
    }

    #[test]
    fn field_values_join_the_actors_they_name() {
        // A letterhead unit and a wrapped committee that no pattern reads
        // whole; the abbreviated unit is one actor with its spelled-out
        // mention, the shorter committee mention is the whole one.
        let text = "FB 7 Kultur und Sport\nDatum: 01.02.2024\n\
                    Fachausschuss Bauen, Umwelt, Straßen und Friedhofswesen\n\
                    Der Fachbereich 7 Kultur und Sport berichtet dem Fachausschuss Bauen, Umwelt.\n";
        let found = with_fields(
            text,
            &[
                ("FB 7 Kultur und Sport", ActorKind::Office),
                (
                    "Fachausschuss Bauen, Umwelt, Straßen und Friedhofswesen",
                    ActorKind::Committee,
                ),
                ("Datum", ActorKind::Office),
            ],
        );
        let offices: Vec<&str> = found
            .iter()
            .filter(|(_, k)| *k == ActorKind::Office)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(offices, ["Fachbereich 7 Kultur und Sport"], "{found:?}");
        let committees: Vec<&str> = found
            .iter()
            .filter(|(_, k)| *k == ActorKind::Committee)
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(
            committees,
            ["Fachausschuss Bauen, Umwelt, Straßen und Friedhofswesen"],
            "{found:?}"
        );
    }

    #[test]
    fn a_unit_noun_alone_is_the_numbered_unit_ending_with_it() {
        let text = "Amt 40 - Schulverwaltungsamt\nDas Schulverwaltungsamt prüft.\n";
        let found = with_fields(text, &[("Amt 40 - Schulverwaltungsamt", ActorKind::Office)]);
        assert_eq!(
            found,
            [(
                "Amt 40 - Schulverwaltungsamt".to_string(),
                ActorKind::Office
            )]
        );
    }

    #[test]
    fn an_author_is_a_person_only_when_the_line_names_one() {
        let text = "Bearbeiter: Erika Mustermann\nFraktion im Rat\n";
        let found = with_fields(
            text,
            &[
                ("Erika Mustermann", ActorKind::Person),
                ("Fraktion im Rat", ActorKind::Person),
            ],
        );
        assert!(
            found.contains(&("Erika Mustermann".to_string(), ActorKind::Person)),
            "{found:?}"
        );
        assert!(
            !found.iter().any(|(n, _)| n == "Fraktion im Rat"),
            "{found:?}"
        );
    }

    fn has(text: &str, name: &str, kind: ActorKind) {
        let found = actors(text);
        assert!(
            found.iter().any(|(n, k)| n == name && *k == kind),
            "{name:?} ({kind:?}) not in {found:?} from {text:?}"
        );
    }

    use ActorKind::{
        Committee, Company, Faction, Office, Organization, Person, Position, PublicBody,
    };

    #[test]
    fn committees_in_base_form() {
        let text = "Beratungsfolge\tDatum\nHauptausschuss\t22.10.2024\nStadtrat\t06.11.2024\n\
                    Beteiligung des Ausländerbeirates und des Haupt- und Finanzausschusses; \
                    Der Magistrat wird gebeten. Stadtverordnetenversammlung. Ortsbeirat Nord.";
        for name in [
            "Hauptausschuss",
            "Stadtrat",
            "Ausländerbeirat",
            "Haupt- und Finanzausschuss",
            "Magistrat",
            "Stadtverordnetenversammlung",
            "Ortsbeirat Nord",
        ] {
            has(text, name, Committee);
        }
    }

    #[test]
    fn committees_with_their_topic() {
        has(
            "Ausschuss für Soziales, Jugend und Gleichstellung\tKenntnisnahme",
            "Ausschuss für Soziales, Jugend und Gleichstellung",
            Committee,
        );
        has(
            " Fachausschuss Finanzen, Wirt-                 14.12.2021\n schaftsförderung, Marketing und   \n Feuerschutz\n",
            "Fachausschuss Finanzen, Wirtschaftsförderung, Marketing und Feuerschutz",
            Committee,
        );
        has(
            "Durch den Runden Tisch Integration soll",
            "Runder Tisch Integration",
            Committee,
        );
        assert!(names("Der Ausschuss hat beraten. Der Beirat tagt.").is_empty());
    }

    #[test]
    fn offices_numbered_merged_with_abbreviations() {
        let text = "Fachdienst:\tFB 7 Zivilgesellschaft, Stadtentwicklung, Migration und Kultur\n\
                    - der Fachbereich 7 Zivilgesellschaft, Stadtentwicklung, Migration und Kultur,\n\
                    - der Fachdienst 31 Ausländerbehörde,\nDie Organisation erfolgt durch den FB 7 in Absprache.\n\
                    Dezernat:\tI\nVerantwortlich: Dez. 3 und 6 / SuS";
        let found = actors(text);
        let fb: Vec<_> = found.iter().filter(|(n, _)| n.contains(" 7")).collect();
        assert_eq!(fb.len(), 1, "{found:?}");
        assert_eq!(
            fb[0].0,
            "Fachbereich 7 Zivilgesellschaft, Stadtentwicklung, Migration und Kultur"
        );
        has(text, "Fachdienst 31 Ausländerbehörde", Office);
        has(text, "Dezernat I", Office);
        has(text, "Dez. 3", Office);
    }

    #[test]
    fn offices_with_fuer_and_compounds() {
        let text = "Konzeption Amt für Migration: Beteiligung. Ein mögliches Amt für Integration \
                    und Migration die entsprechenden. Das R16 Referat für die Gleichstellung von Frau \
                    und Mann, das Stadtplanungsamt und das Ordnungs- und \nBürgeramt. Insgesamt gut, \
                    ein Ehrenamt. Die Ortsverwaltung Hohenwettersbach. Die Stabsstelle für Klimaschutz.";
        for name in [
            "Amt für Migration",
            "Amt für Integration und Migration",
            "R16 Referat für die Gleichstellung von Frau und Mann",
            "Stadtplanungsamt",
            "Ordnungs- und Bürgeramt",
            "Ortsverwaltung Hohenwettersbach",
            "Stabsstelle für Klimaschutz",
        ] {
            has(text, name, Office);
        }
        let all = names(text);
        assert!(
            !all.iter().any(|n| n == "Insgesamt" || n == "Ehrenamt"),
            "{all:?}"
        );
    }

    #[test]
    fn groups_merge_their_spellings() {
        let text = "Lenkungsgruppe Integration, Migration, Ausländerbehörde der Stadtverwaltung\n\
                    von der Lenkungsgruppe „Integration, Migration und Ausländerbehörde“ und\n\
                    Die Lenkungsgruppe Integration , Migration und Ausländerbehörde hat\n\
                    Lenkungsgruppe Integration\nDie Lenkungsgruppe trifft sich.";
        // "der Stadtverwaltung" is an actor of its own; "Ausländerbehörde"
        // inside the group's name is not.
        let found: Vec<_> = actors(text)
            .into_iter()
            .filter(|(n, _)| n != "Stadtverwaltung")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, Office);
    }

    #[test]
    fn organizations_of_every_form() {
        let text = "Beteiligung des Ausländerbeirates, des Flüchtlingsrates, Migranetz und weiterer. \
                    - Landkreis Marburg-Biedenkopf\n- Universität\n- Polizei\n\
                    die Bürgergesellschaft Südstadt e. V., soziale Träger. angeliefert von El Tucano GmbH, \
                    der städtischen Heimstiftung und der Karl Friedrich-, Leopold- und Sophienstiftung \
                    (KFLS-Stiftung). Das Polizeipräsidium Karlsruhe. Energiegenossenschaft Adensen-\n\
                    Hallerburg eG (kurz: EGAH). Bundesministerium für Verkehr (BMV).";
        for name in [
            "Flüchtlingsrat",
            "Migranetz",
            "Universität",
            "Polizei",
            "Bürgergesellschaft Südstadt e. V.",
            "Heimstiftung",
            "KFLS-Stiftung",
            "Polizeipräsidium Karlsruhe",
            "Energiegenossenschaft Adensen-Hallerburg eG",
        ] {
            has(text, name, Organization);
        }
        has(text, "Landkreis Marburg-Biedenkopf", PublicBody);
        has(text, "El Tucano GmbH", Company);
        // The abbreviation the paper gives is part of the canonical name.
        has(text, "Bundesministerium für Verkehr (BMV)", Office);
        let all = names(text);
        assert!(!all.iter().any(|n| n == "Sophienstiftung"), "{all:?}");
        assert!(!all.iter().any(|n| n == "Polizeipräsidium"), "{all:?}");
        has(text, "Ausländerbeirat", Committee);
    }

    #[test]
    fn factions_and_parties() {
        let text = "Antrag der Fraktion BÜNDNIS 90/DIE GRÜNEN\nCDU-Fraktion vom 04.01.2012\n\
                    SPD-Gemeinderatsfraktion\nDIE LINKE.-Gemeinderatsfraktion\nFW|FÜR-Gemeinderatsfraktion\n\
                    Freie Wähler-OR-Fraktion\nGesetzentwurf der Fraktion der SPD\n\
                    Stadtrat Johannes Honné (GRÜNE)\nCSU-Fraktionsvorsitzender";
        for name in [
            "Fraktion BÜNDNIS 90/DIE GRÜNEN",
            "CDU-Fraktion",
            "SPD-Gemeinderatsfraktion",
            "DIE LINKE.-Gemeinderatsfraktion",
            "FW|FÜR-Gemeinderatsfraktion",
            "Freie Wähler-OR-Fraktion",
            "Fraktion der SPD",
            "GRÜNE",
        ] {
            has(text, name, Faction);
        }
        has(text, "Johannes Honné", Person);
        let all = names(text);
        assert!(!all.iter().any(|n| n == "Stadtrat"), "{all:?}");
        assert!(
            !all.iter().any(|n| n.contains("Fraktionsvorsitz")),
            "{all:?}"
        );
    }

    #[test]
    fn persons_with_roles_labels_lists_and_signatures() {
        let text = "Sachbearbeiter/in:\tJohannes Maaser\n\nDie Struktur wurde von Johannes Maaser vorbereitet.\n\n\
                    Dr. Thomas Spies\nOberbürgermeister\n\nFinanzielle Auswirkungen:\n\
                    Frau Marie Wohlwend, Gesamtelternbeirat. Herr Dr. Daniel Wohlwend teilte mit.\n\
                    Auskunft erteilt: Herr Niemann\nTelefon: 800-21\n\
                    gez. i.V. Marcus Tischbier\n\
                    Herrn Oberbürgermeister\nDr. Frank Mentrup\n\
                    unterzeichnet: \nFraktion Freie Wähler \nJürgen Wenzel, Ullrich Müller und Zahide Yesil\n\n\
                    Christian Lehrmann                                Barbara Pfister\n\
                    CSU-Fraktionsvorsitzender                    SPD-Fraktionsvorsitzende\n";
        for name in [
            "Johannes Maaser",
            "Dr. Thomas Spies",
            "Marie Wohlwend",
            "Dr. Daniel Wohlwend",
            "Niemann",
            "Marcus Tischbier",
            "Dr. Frank Mentrup",
            "Jürgen Wenzel",
            "Ullrich Müller",
            "Zahide Yesil",
            "Christian Lehrmann",
            "Barbara Pfister",
        ] {
            has(text, name, Person);
        }
        let persons: Vec<String> = actors(text)
            .into_iter()
            .filter(|(_, k)| *k == Person)
            .map(|(n, _)| n)
            .collect();
        assert_eq!(persons.len(), 12, "{persons:?}");
    }

    #[test]
    fn names_broken_across_lines() {
        has(
            "Vorstandsvorsitzende des GKK, Herr Dr. Daniel \nWohlwend mit, dass",
            "Dr. Daniel Wohlwend",
            Person,
        );
        has(
            "verschiedene Fachämter, die Polizei, die Bürgergesellschaft \nSüdstadt e. V., soziale Träger",
            "Bürgergesellschaft Südstadt e. V.",
            Organization,
        );
        has(
            "mit der Energiegenos-\nsenschaft Adensen-Hallerburg e.G., 31171 Nordstemmen",
            "Energiegenossenschaft Adensen-Hallerburg e.G.",
            Organization,
        );
        let found = names(
            "(Ostdeutsche Eisenbahn GmbH, Regentalbahn). Die Vlexx GmbH ist Teil. \
                           Das Eisenbahnverkehrsunternehmen Vlexx GmbH fährt.",
        );
        // The common noun before a company's name is not part of it.
        assert_eq!(found, vec!["Ostdeutsche Eisenbahn GmbH", "Vlexx GmbH"]);
    }

    #[test]
    fn parliaments_governments_and_table_bodies() {
        let text = "Landtag von Baden-Württemberg        Drucksache 17/2891\nder Fraktion der FDP/DVP\n\
                    Der Deutsche Bundestag fordert die Bundesregierung auf.\nDr. Dietmar Bartsch und Fraktion\n\
                    Das Ministerium für Schule und Bildung mit dem Ministerium des Innern.\n\
                    Der Ortsteilrat Roter Berg unterstützt das. Das R16 Referat für Gleichstellung.\n\
                    Ö\t16.03.2023\tRat der Stadt\tEntscheidung\n Rat                 25.03.2025    Mitteilung\n\
                    SPD-Stadtratsfraktion Erfurt\n18.10.2024, gez. i. A. Müller\nmit dem ADFC Erfurt e.V. abgestimmt";
        has(text, "Landtag von Baden-Württemberg", Committee);
        has(text, "Fraktion der FDP/DVP", Faction);
        has(text, "Deutscher Bundestag", Committee);
        has(text, "Bundesregierung", Office);
        has(text, "Dr. Dietmar Bartsch", Person);
        has(text, "Ministerium für Schule und Bildung", Office);
        has(text, "Ministerium des Innern", Office);
        has(text, "Ortsteilrat Roter Berg", Committee);
        has(text, "R16 Referat für Gleichstellung", Office);
        has(text, "Rat der Stadt", Committee);
        has(
            "LANDTAG NORDRHEIN-WESTFALEN\n18. Wahlperiode",
            "Landtag Nordrhein-Westfalen",
            Committee,
        );
        has(
            "LANDTAG DES SAARLANDES\n",
            "Landtag des Saarlandes",
            Committee,
        );
        has(
            "Der Bundestag wolle beschließen:",
            "Deutscher Bundestag",
            Committee,
        );
        has(
            " Rat                 25.03.2025    Mitteilung",
            "Rat",
            Committee,
        );
        has(text, "SPD-Stadtratsfraktion Erfurt", Faction);
        has(text, "Müller", Person);
        has(text, "ADFC Erfurt e.V.", Organization);
        let all = names(text);
        assert!(
            !all.iter().any(|n| n == "Landtag" || n == "Bundestag"),
            "{all:?}"
        );
        assert!(names("Der Rat hat beschlossen. Ein guter Rat.").is_empty());
    }

    #[test]
    fn bodies_on_unticked_form_lines_are_fields_not_actors() {
        assert!(
            names("Beteiligung Personalrat             Ja ☐                  Nein ☐").is_empty()
        );
        assert!(names("Beteiligung Personalrat\tJa ☐\tNein ☒").is_empty());
        assert!(names("Anhörung Ortschaftsrat (§ 70 Abs. 1 GemO)\nNein ☒").is_empty());
        has(
            "Beteiligung Personalrat Ja ☒ Nein ☐",
            "Personalrat",
            Committee,
        );
    }

    #[test]
    fn cued_patterns_match_as_a_whole_text_search_does() {
        let r = ActorRules::new(&Rules::builtin()).unwrap();
        let texts = [
            "Das Ordnungs- und\n\n \t\nBürgeramt und das Stadtplanungsamtes.\nAmt",
            "Ordnungs- und\u{c}Bürgeramt\nBau- und Umweltausschusses\nStadtrat\u{c}Beirat",
            "amt\nXamt Heimstiftung KFLS-Stiftung Energiegenossenschaften\n\nBeiratBeirat\n",
            "Der Haupt- und Finanzausschuss, der Jugendhilfeausschuss und der Ältestenrat\n",
            "",
            "\n\n",
            "Gesamtamt Ämter-\nAmt amtamt Deutschen Bundestages Rat der Stadt",
            "FB 7 und Fachbereich 7\nDez. II, Amt für Umwelt; Referat für Bau\nSPD-Fraktion,              Fraktion der CDU, GRÜNE\nHerr Dr. Meier, gez. Müller\nLandkreis Kassel e. V. GmbH",
            "Ortsbeirat Nord\u{c}Ortsbeiratsitzung Polizeipräsidium Karlsruhe\tUniversität\n",
        ];
        let cued = [
            &r.committee,
            &r.committee_place,
            &r.office_group,
            &r.office_for,
            &r.office_numbered,
            &r.office_suffix,
            &r.office_place,
            &r.office_name,
            &r.org_name,
            &r.org_place,
            &r.org_for,
            &r.org_legal,
            &r.org_suffix,
            &r.faction,
            &r.faction_of,
            &r.party,
            &r.person_role,
            &r.person_label,
        ];
        assert!(cued.iter().all(|c| c.bit.is_some()));
        let mut matched = 0;
        for text in texts {
            let mut lines = Lines::new(text);
            lines.cued = r.cues.lines(text, &lines);
            for c in cued {
                let whole: Vec<_> = c.pattern.find_iter(text).map(|m| m.range()).collect();
                let found: Vec<_> = c
                    .find_iter(text, &lines)
                    .iter()
                    .map(|m| m.range())
                    .collect();
                assert_eq!(found, whole, "{:?} in {text:?}", c.pattern.as_str());
                matched += found.len();
            }
        }
        assert!(matched > 30, "{matched}");
    }

    #[test]
    fn spaces_normalised_whether_tidy_or_not() {
        for (text, want) in [
            ("Amt für Migration", "Amt für Migration"),
            ("", ""),
            (" Amt  für\tMigration ", "Amt für Migration"),
            ("Jugend , Soziales,Kultur", "Jugend, Soziales,Kultur"),
            ("Amt\u{a0}für", "Amt für"),
            ("Ämter ,", "Ämter,"),
        ] {
            assert_eq!(normalise_space(text), want, "{text:?}");
        }
    }

    #[test]
    fn parties_broken_across_a_line_are_named_whole() {
        let found =
            actors("den Antrag der Fraktion Bünd-\nnis 90 / Die Grünen (s. Anlage) anzunehmen");
        assert!(
            found
                .iter()
                .any(|(n, k)| n == "Bündnis 90 / Die Grünen" && *k == Faction),
            "{found:?}"
        );
        assert!(!found.iter().any(|(n, _)| n == "Grünen"), "{found:?}");
        has(
            "Antrag der Fraktion DIE\n  LINKE im Rat",
            "DIE LINKE",
            Faction,
        );
        // On one line the longest listed name wins already; a line end
        // alone, without the rest of a listed name, changes nothing.
        has("Wahlen. Die\nGrünen beantragen", "Grünen", Faction);
        assert_eq!(
            ends_with_across_line_end("Bünd-\nnis 90 / Die ", "Bündnis 90 / Die "),
            Some(0)
        );
        assert_eq!(
            ends_with_across_line_end("xBündnis 90 / Die ", "Bündnis 90 / Die "),
            None
        );
        assert_eq!(ends_with_across_line_end("a\n\nb", "a b"), None);
        assert_eq!(ends_with_across_line_end("", "a"), None);
    }

    #[test]
    fn adjectives_of_an_institution_stay_in_its_name() {
        let found = names("Eine Studie der Freien Universität Berlin zeigt das.");
        assert_eq!(found, vec!["Freie Universität Berlin"]);
        has(
            "Professorin an der Technischen Hochschule Nürnberg",
            "Technische Hochschule Nürnberg",
            Organization,
        );
        // Without an article the capital may begin a sentence.
        let found = names("Studien. Unsere Universität Marburg lädt ein.");
        assert_eq!(found, vec!["Universität Marburg"]);
        has(
            "mit der Universität Marburg",
            "Universität Marburg",
            Organization,
        );
    }

    #[test]
    fn surname_alone_merges_into_the_full_name() {
        let found = names("Frau Melanie Ring als Mitglied. Dank an Frau Ring.");
        assert_eq!(found, vec!["Melanie Ring"]);
    }

    #[test]
    fn never_labels_fragments_or_common_words() {
        let text = "Datum, Unterschrift\nBegründung\nBeratungsfolge:\t\t\nSehr geehrte Frau Vorsitzende,\n\
                    Sehr geehrter Herr Oberbürgermeister,\nDer Oberbürgermeister\nDie Stadtverwaltung und \
                    die Verwaltung. Der Ausschuss. Mit freundlichen Grüßen\nGemeinderat Karlsruhe\n\
                    Der Landkreis prüft. Eine GmbH ist zu gründen, die GmbH – nur kurz „GmbH“. \
                    Ämtern für Migration. Die Ausschüsse und Stiftungen. Polizeiverordnung. \
                    Ausschussvorsitzender. Stadtratsfraktion. Fachbereichen (FB) u. Fachdiensten (FD).";
        let found = actors(text);
        // The office held and the administration are actors; the bare
        // "Verwaltung", "Ausschuss", "Landkreis", "GmbH" are not.
        let allowed = ["Gemeinderat", "Oberbürgermeister", "Stadtverwaltung"];
        assert!(
            found.iter().all(|(n, _)| allowed.contains(&n.as_str())),
            "{found:?}"
        );
    }

    #[test]
    fn user_rules_add_organisations() {
        let mut rules = Rules::builtin();
        let dir = std::env::temp_dir().join(format!("ratsindex-act-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("rules.toml");
        std::fs::write(&file, "organization_names = [\"Marburger Tafel\"]\n").unwrap();
        rules.extend_from_file(&file).unwrap();
        let r = ActorRules::new(&rules).unwrap();
        let found = r.find(&Text::from_str_pages("mit der Marburger Tafel."));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value.name, "Marburger Tafel");
        std::fs::remove_dir_all(&dir).ok();
    }

    // See: issue 21. General evidence, one test per class of the issue.

    #[test]
    fn offices_and_units_by_their_ending() {
        let text = "Die Ortsverwaltung soll mit der Genehmigungsbehörde Kontakt aufnehmen. \
                    Der Ordnungsdienst und das Sozialdezernat prüfen, die Rechtsaufsichtsbehörde \
                    und das Innenministerium auch. Das Hauptamt lädt ein.";
        for name in [
            "Ortsverwaltung",
            "Genehmigungsbehörde",
            "Ordnungsdienst",
            "Sozialdezernat",
            "Rechtsaufsichtsbehörde",
            "Innenministerium",
            "Hauptamt",
        ] {
            has(text, name, Office);
        }
        // Posts and activities, not units.
        let found =
            names("Sie arbeitet im Hauptamt. Der Winterdienst räumt. Ein Fahrdienst fehlt.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn institutions_companies_and_public_bodies() {
        let text = "Der Landessportbund Niedersachsen und der Caritasverband helfen dem \
                    Martin-Luther-Kindergarten, der Schlossschule und der Schule am Turmberg. \
                    Das Land Baden-Württemberg fördert. Die Deutsche Post AG und die DB Regio \
                    fahren, geplant von Bauwerke Liebe & Partner. Die Stadt Erlangen zahlt.";
        has(text, "Landessportbund Niedersachsen", Organization);
        has(text, "Caritasverband", Organization);
        has(text, "Martin-Luther-Kindergarten", Organization);
        has(text, "Schlossschule", Organization);
        has(text, "Schule am Turmberg", Organization);
        has(text, "Land Baden-Württemberg", PublicBody);
        has(text, "Stadt Erlangen", PublicBody);
        has(text, "Deutsche Post AG", Company);
        has(text, "DB Regio", Company);
        has(text, "Bauwerke Liebe & Partner", Company);
        // Kinds of institutions and plurals name none.
        let found = names("Die Grundschule und die Realschulen, Stiftungen und ein Förderverein.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn positions_without_their_holder() {
        has(
            "Die Bürgermeisterin wird beauftragt.",
            "Bürgermeisterin",
            Position,
        );
        has(
            "Stadt Karlsruhe\nDer Oberbürgermeister\n",
            "Oberbürgermeister",
            Position,
        );
        // Named with its holder, under a signature, or describing a
        // person: no office of its own.
        let found = actors(
            "Herrn Oberbürgermeister Dr. Klaus Beispiel\nSehr geehrter Herr Oberbürgermeister,\n\
             Die langjährige Ortsbürgermeisterin.\nDr. Thomas Spies\nBürgermeister\n",
        );
        assert!(!found.iter().any(|(_, k)| *k == Position), "{found:?}");
    }

    #[test]
    fn persons_from_closings_lists_and_inverted_labels() {
        has(
            "Mit freundlichen Grüßen\n\nChristiane Jäger\n",
            "Christiane Jäger",
            Person,
        );
        has(
            "Mit freundlichen Grüßen\ni. A.\nM a x   M u s t e r\nSachbearbeiter\n",
            "Max Muster",
            Person,
        );
        has(
            "Bearbeiter/-in: Mustermann, Erika\n",
            "Erika Mustermann",
            Person,
        );
        let found = names("Antrag\nStoch, Binder und Fraktion\n");
        assert_eq!(found, vec!["Stoch", "Binder"]);
        let found = names("22.6.2021\n\nStoch, Binder\nund Fraktion\n");
        assert_eq!(found, vec!["Stoch", "Binder"]);
        has("Keine.\nAnke Sommer\n", "Anke Sommer", Person);
    }

    #[test]
    fn a_law_citing_a_body_names_no_actor() {
        let found = names("Gesetz zur Änderung der Verfassung des Landes Baden-\nWürttemberg");
        assert!(found.is_empty(), "{found:?}");
        has(
            "Das Land Baden-\nWürttemberg zahlt.",
            "Land Baden-Württemberg",
            PublicBody,
        );
    }

    #[test]
    fn numbered_units_listed_with_one_noun() {
        let found = names("Verantwortlich: Dez. 3 und 6 / SuS\n");
        assert_eq!(found, vec!["Dez. 3", "Dez. 6"]);
        assert_eq!(numbers_listed_after(", 4 und 5."), vec!["4", "5"]);
        assert!(numbers_listed_after(" und 2024 beschlossen").is_empty());
    }

    #[test]
    fn one_canonical_form_with_its_abbreviation() {
        let found = names(
            "Das Zentrale Gebäudemanagement (ZGM) plant. Das Tiefbauamt (TBA) baut. \
             Das Tiefbauamt prüft. Das Markgrafen-Gymnasium und das Markgrafengymnasium.",
        );
        assert!(found.contains(&"Tiefbauamt (TBA)".to_string()), "{found:?}");
        assert!(!found.contains(&"Tiefbauamt".to_string()), "{found:?}");
        assert_eq!(
            found
                .iter()
                .filter(|n| n.contains("gymnasium") || n.contains("Gymnasium"))
                .count(),
            1,
            "{found:?}"
        );
    }

    /// Words the fixtures print that no reader counts as an actor: labels,
    /// headings, table headers, months, streets, legal references,
    /// sentence starts.
    const NOT_ACTORS: &[&str] = &[
        "Datum",
        "Begründung",
        "Beratungsfolge",
        "Beschlussvorschlag",
        "Sachverhalt",
        "Anlagen",
        "Betreff",
        "Gremium",
        "Termin",
        "Status",
        "Zuständigkeit",
        "Finanzielle Auswirkungen",
        "Sitzungstermin",
        "Stand",
        "Abstimmung",
        "Einstimmig",
        "Enthaltung",
        "Januar",
        "März",
        "Oktober",
        "Schützenstraße",
        "Weingartner Straße",
        "Bamberger Straße",
        "Marktplatz",
        "Rathausplatz",
        "§ 28 GeschO",
        "GeschO",
        "SGB XI",
        "NKlimaG",
        "Verwaltung",
        "Ausschuss",
        "Fraktionen",
        "Gremien",
        "Kommunen",
        "Träger",
        "Betreiber",
        "Planstraße",
        "Drucksache",
        "Mitteilung",
        "Kenntnisnahme",
        "Entscheidung",
        "Vorberatung",
        "Antrag",
        "Anfrage",
        "Deshalb",
        "Hiermit",
        "Zudem",
        "Gegebenenfalls",
        "Darüber",
        "Lageplan",
        "Grundschule",
        "Winterdienst",
        "Netzwerk",
        "Bauwerk",
        "Landesheimgesetz",
        "Wärmeplanungsgesetz",
    ];

    #[test]
    fn non_actors_from_the_fixtures_are_never_emitted() {
        let text = "Beratungsfolge\tSitzungstermin\tStand\tAbstimmung\n\
                    Gremium Termin TOP ö nö\nDatum: 25. März 2025\nBetreff: Sanierung\n\
                    Begründung:\nSachverhalt/Begründung:\nFinanzielle Auswirkungen:\n\
                    Einstimmig bei einer Enthaltung lt. Beschlussvorschlag\n\
                    Deshalb beantragen wir, in der Schützenstraße und der Weingartner Straße \
                    zu prüfen (§ 28 GeschO, SGB XI, NKlimaG). Hiermit bitten wir die \
                    Verwaltung und den Ausschuss, Fraktionen und Gremien, Kommunen und Träger. \
                    Zudem sind Betreiber zu hören. Gegebenenfalls zur Kenntnisnahme. Darüber \
                    hinaus: Planstraße A, Lageplan, Marktplatz 1, Rathausplatz 1, im Oktober \
                    und Januar. Die Grundschule, der Winterdienst, ein Netzwerk, das Bauwerk, \
                    das Landesheimgesetz und das Wärmeplanungsgesetz.";
        let found = names(text);
        for name in &found {
            assert!(
                !NOT_ACTORS.contains(&name.as_str()),
                "{name:?} in {found:?}"
            );
        }
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn long_one_line_texts_take_linear_time() {
        // A megabyte of prose on one line, with form boxes, legal forms
        // and faction hyphens: each scan reads it a bounded number of times.
        let unit = "Der Ordnungsdienst und die Muster GmbH, Ja ☒ Nein ☐, die SPD-Fraktion und \
                    der Caritasverband prüfen das Amt für Umwelt und Grün und ";
        let text = unit.repeat(1_000_000 / unit.len());
        let started = std::time::Instant::now();
        let found = actors(&text);
        assert!(!found.is_empty());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }
}
