//! Actors: persons, elected bodies and committees, administrative units and
//! outside organisations that a paper names.
//!
//! Every actor is found by evidence from `rules/actors.toml`, never by
//! guessing from capital letters alone, because a wrong actor is worse than
//! a missing one. One engine ([`ActorRules::classes`]) reads the
//! vocabulary classes of [`CLASSES`]: a listed name ("Magistrat",
//! "Polizei"), a compound by its ending ("Jugendhilfeausschuss",
//! "Stadtplanungsamt", "Heimstiftung"), a noun with its place ("Ortsbeirat
//! Nord", "Land Baden-Württemberg"), with "für …" ("Amt für Migration") or
//! with its topic ("Runder Tisch Integration"), and the same way the
//! evidence next to a listed word: numbered units (`FB 7`, `Dezernat
//! II`), legal forms (`… e. V.`, `… GmbH`), factions and parties, persons
//! after a role, a form of address or a label, under a closing formula
//! and after a list label, and offices named without their holder. A
//! council's vocabulary is rules data; only evidence that no listed word
//! cues has a scanner of its own: an all-caps name as a company's subject,
//! a name alone on a line (a signature, a known first name), a body in a
//! capital heading or a Beratungsfolge row.
//!
//! Declined forms are named in their base form ("des Ausländerbeirates" →
//! Ausländerbeirat), variants are merged (`FB 7` / `Fachbereich 7 …`), the
//! fullest printed form wins, and form labels are dropped.
//!
//! Patterns are case-sensitive and use small explicit character classes, no
//! Unicode `\w` or `\b`, so the regex engine runs them as DFAs.

// Fx hashing: the sets are looked up for every word of every line.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use regex::Match;

use super::lazy_regex::LazyRegex;
use super::{Evidence, Found, Rules, RulesError};
use crate::record::{Actor, ActorKind, ActorKind::*};
use crate::text::Text;

mod cues;
mod text;

use cues::{CueIndex, CueWords, Cued, Lines};
use text::*;

/// An upper-case letter as German text prints it.
const UPPER: &str = "A-ZÄÖÜ";
/// A lower-case letter as German names and words print it.
const LOWER: &str = "a-zäöüßéèáàíóúçñ";
/// At most this many lines after a list label hold signatories.
const SIGNATORY_LINES: usize = 8;
/// Lines longer than this are prose, not a signature block.
const SIGNATURE_LINE_MAX: usize = 160;

/// How a vocabulary class prints its actors: the evidence the one engine
/// ([`ActorRules::classes`]) reads at a listed word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// The listed name itself, maybe declined ("des Magistrats").
    Name,
    /// A compound ending with a listed ending ("Haupt- und
    /// Finanzausschuss", "KFLS-Stiftung"), unless it ends like one of the
    /// class's `…_exceptions` or is a noun another class lists.
    Ending,
    /// The noun and its place ("Ortsbeirat Nord", "Land Baden-Württemberg").
    Place,
    /// The noun, "für" and a topic ("Amt für Migration").
    For,
    /// The noun and its topic or quoted name ("Runder Tisch Integration").
    Topic,
    /// A unit noun and its number ("FB 7", "Dezernat II").
    Numbered,
    /// The name before a legal form ("Bürgergesellschaft Südstadt e. V.").
    LegalForm,
    /// A person after a role or form of address ("Frau Schubert").
    Holder,
    /// A person after a label ("Sachbearbeiter/in: Johannes Maaser").
    Label,
    /// A signature after a closing formula ("Mit freundlichen Grüßen").
    Closing,
    /// The persons listed after a label ("Unterzeichnet von:").
    Signatories,
    /// An office held by a person, named without the person.
    Held,
    /// A faction by its hyphenated party ("SPD-Gemeinderatsfraktion").
    Faction,
    /// "Fraktion" and a listed party ("Fraktion DIE LINKE").
    FactionOf,
    /// A listed party, which may go on in the next line.
    Party,
}

impl Shape {
    /// Whether the class names its actors by the listed words themselves
    /// (the others read a name next to them).
    fn vocabulary(self) -> bool {
        use Shape::*;
        matches!(self, Name | Ending | Place | For | Topic)
    }
}

/// The vocabulary classes the one engine reads: which lists, the kind of
/// actor they name, how it is printed, and the rule id of its evidence.
/// Persons come first: the offices held by a named person are no actor
/// of their own ([`Shape::Held`]).
#[rustfmt::skip]
const CLASSES: &[(&[&str], ActorKind, Shape, &str)] = {
    use Shape::*;
    &[
        (&["person_roles"], Person, Holder, "actors.person_role"),
        (&["person_labels"], Person, Label, "actors.person_label"),
        (&["person_closings"], Person, Closing, "actors.person_closing"),
        (&["person_list_labels"], Person, Signatories, "actors.person_signatory"),
        (&["position_roles"], Position, Held, "actors.position"),
        (&["office_numbered_nouns"], Office, Numbered, "actors.office_numbered"),
        (&["committee_names"], Committee, Name, "actors.committee"),
        (&["committee_suffixes"], Committee, Ending, "actors.committee"),
        (&["committee_place_nouns", "committee_place_optional"], Committee, Place, "actors.committee_place"),
        (&["committee_topic_nouns"], Committee, Topic, "actors.committee_topic"),
        (&["committee_for_nouns"], Committee, For, "actors.committee_for"),
        (&["office_suffixes"], Office, Ending, "actors.office_suffix"),
        (&["office_for_nouns"], Office, For, "actors.office_for"),
        (&["office_place_nouns"], Office, Place, "actors.office_place"),
        (&["office_names"], Office, Name, "actors.office_name"),
        (&["office_group_nouns"], Office, Topic, "actors.office_group"),
        (&["organization_suffixes"], Organization, Ending, "actors.organization_suffix"),
        (&["organization_place_nouns", "public_body_place_nouns"], Organization, Place, "actors.organization_place"),
        (&["organization_names", "company_names", "public_body_names"], Organization, Name, "actors.organization_name"),
        (&["organization_for_nouns"], Organization, For, "actors.organization_for"),
        (&["organization_legal_forms", "company_legal_forms"], Organization, LegalForm, "actors.organization_legal_form"),
        (&[], Organization, Faction, "actors.faction"),
        (&["parties"], Organization, FactionOf, "actors.faction"),
        (&["parties"], Organization, Party, "actors.party"),
    ]
};

/// One compiled row of [`CLASSES`].
#[derive(Clone, Debug)]
struct Class {
    kind: ActorKind,
    shape: Shape,
    rule: &'static str,
    /// The listed words (names, nouns or lower-case endings).
    nouns: Vec<String>,
    /// Lower-case endings of compounds that are none of this class.
    exceptions: Vec<String>,
    cued: Cued,
}

/// Compiled actor rules.
#[derive(Clone, Debug)]
pub struct ActorRules {
    /// The vocabulary classes that one engine reads ([`CLASSES`]).
    classes: Vec<Class>,
    /// Every vocabulary list by name, variants and base forms listed
    /// (endings in lower case).
    vocab: HashMap<String, Vec<String>>,
    /// The parties alone, for signatory lines.
    party_any: LazyRegex,
    /// An all-caps word after "der", "die" or "Die" (see
    /// [`ActorRules::capital_companies`]).
    capitals: LazyRegex,
    /// The cue words of every cued pattern, found in one pass.
    cues: CueIndex,
    /// Any role word or role ending: a cheap test for a signature's role line.
    role_hint: LazyRegex,
    /// Variant → base name ("Deutsche Bundestag" → "Deutscher Bundestag").
    aliases: Vec<(String, String)>,
    /// Abbreviation → full noun of numbered units.
    numbered: Vec<(String, String)>,
    roles: HashSet<String>,
    /// The names and nouns the classes list (not their endings).
    nouns: HashSet<String>,
    not_name_words: HashSet<String>,
    form_labels: HashSet<String>,
    first_names: HashSet<String>,
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
        let mut vocab: HashMap<String, Vec<String>> = HashMap::default();
        for name in rules.list_names() {
            let ending = ["_suffixes", "_exceptions", "_head_nouns"]
                .iter()
                .any(|e| name.ends_with(e));
            let mut out = Vec::new();
            for entry in rules.list(name) {
                match entry.split_once('=') {
                    Some((variant, base)) if name != "office_numbered_nouns" => {
                        aliases.push((variant.trim().to_string(), base.trim().to_string()));
                        out.extend([variant.trim().to_string(), base.trim().to_string()]);
                    }
                    _ if ending => out.push(entry.to_lowercase()),
                    _ => out.push(entry.clone()),
                }
            }
            vocab.insert(name.to_string(), out);
        }
        let list = |name: &str| vocab.get(name).cloned().unwrap_or_default();
        let numbered: Vec<(String, String)> = list("office_numbered_nouns")
            .iter()
            .map(|entry| match entry.split_once('=') {
                Some((abbr, full)) => (abbr.trim().to_string(), full.trim().to_string()),
                None => (entry.clone(), entry.clone()),
            })
            .collect();
        let words = alternation;
        let (u, l) = (UPPER, LOWER);
        let declined = "(?:es|s)?";
        let invalid = |what: &str, e: &dyn std::fmt::Display| RulesError::Invalid {
            path: "actors rules".into(),
            reason: format!("{what} make an invalid pattern: {e}"),
        };
        let compile =
            |what: &str, pattern: String| LazyRegex::new(pattern).map_err(|e| invalid(what, &e));
        let mut cue_words = CueWords::default();
        let mut cued = |what: &str, pattern: String, cues: &[String], from_previous_line: bool| {
            let pattern = LazyRegex::new(pattern).map_err(|e| invalid(what, &e))?;
            Ok::<_, RulesError>(cue_words.cued(pattern, cues, from_previous_line))
        };
        let roles = list("person_roles");
        // Every faction pattern holds this piece of "Fraktion".
        let (fraktion, faction_cue) = (format!("(?:[{u}][{l}]*f|F)raktion"), ["raktion".into()]);
        let classes: Vec<Class> = CLASSES
            .iter()
            .map(|&(lists, kind, shape, rule)| {
                let nouns: Vec<String> = match shape {
                    Shape::Numbered => numbered.iter().map(|(a, _)| a.clone()).collect(),
                    _ => lists.iter().flat_map(|l| list(l)).collect(),
                };
                let exceptions = lists
                    .iter()
                    .flat_map(|l| list(&l.replace("_suffixes", "_suffix_exceptions")))
                    .filter(|_| shape == Shape::Ending)
                    .collect();
                let words = words(&nouns);
                let mut literal =
                    |after: &str| cued(rule, format!("(?:{words}){after}"), &nouns, false);
                let cued = match shape {
                    // "Haupt- und Finanzausschuss", "Ordnungs- und \n
                    // Bürgeramt", "KFLS-Stiftung", "Caritasverbandes".
                    Shape::Ending => {
                        let capitals: Vec<String> = nouns.iter().map(|n| capitalise(n)).collect();
                        let pattern = format!(
                            "[{u}][{l}]*-[ \t]+und[ \t\n]+[{u}][{l}]*(?:{words})(?:es|en|s|n)?|[{u}][A-Za-z{l}ÄÖÜ-]+(?:{words}|-(?:{}))(?:es|en|s|n)?",
                            alternation(&capitals)
                        );
                        let cues = [nouns.clone(), capitals].concat();
                        cued(rule, pattern, &cues, true)?
                    }
                    Shape::Name => literal("(?:en|es|s|n)?")?,
                    Shape::Place => literal(declined)?,
                    Shape::For => literal("(?:es|s)? für ")?,
                    Shape::Topic => literal("(?:es|s|n)? ")?,
                    Shape::Held => literal("(?:en|s|n)?")?,
                    Shape::Numbered => literal(&format!(
                        r"{declined}:?[ \t]{{1,3}}(?:[0-9]{{1,3}}(?:\.[0-9]{{1,2}})?|[IVX]{{1,4}})"
                    ))?,
                    Shape::LegalForm
                    | Shape::Holder
                    | Shape::Label
                    | Shape::Closing
                    | Shape::Signatories => literal("")?,
                    Shape::Faction => {
                        let pattern = format!("-(?:[A-Z]{{1,3}}-)?{fraktion}(?:en)?");
                        cued(rule, pattern, &faction_cue, false)?
                    }
                    Shape::FactionOf => {
                        let pattern = format!("{fraktion} (?:der |von )?(?:{words})");
                        cued(rule, pattern, &faction_cue, false)?
                    }
                    // "Fraktion DIE\n  LINKE": a party's name may go on in
                    // the next line.
                    Shape::Party => {
                        let pattern = format!("(?:{})", words.replace(' ', "[ \t\n]+"));
                        cued(rule, pattern, &nouns, true)?
                    }
                };
                Ok(Class { kind, shape, rule, nouns, exceptions, cued })
            })
            .collect::<Result<_, RulesError>>()?;
        Ok(ActorRules {
            party_any: compile("parties", format!("(?:{})", words(&list("parties"))))?,
            capitals: LazyRegex::new(format!(
                "(?:der|die|Die)[ \t]*\n?[ \t]*[{u}][A-Za-z{l}ÄÖÜ&]{{2,9}}"
            ))
            .map_err(|e| invalid("all-caps names", &e))?,
            role_hint: compile(
                "person roles",
                format!(
                    "(?i:{}|{})",
                    words(&roles),
                    words(&list("person_role_suffixes"))
                ),
            )?,
            numbered,
            nouns: classes
                .iter()
                .filter(|c: &&Class| c.shape.vocabulary() && c.shape != Shape::Ending)
                .flat_map(|c| c.nouns.iter().cloned())
                .collect(),
            roles: roles.iter().cloned().collect(),
            not_name_words: [list("not_name_words"), roles]
                .concat()
                .into_iter()
                .collect(),
            form_labels: list("form_labels").into_iter().collect(),
            first_names: list("first_names").into_iter().collect(),
            aliases,
            vocab,
            cues: cue_words.finish(),
            classes,
        })
    }

    /// A vocabulary list by name (empty if no rules file has it).
    fn list(&self, name: &str) -> &[String] {
        self.vocab.get(name).map_or(&[], Vec::as_slice)
    }

    /// Whether the vocabulary list `name` holds `word`.
    fn listed(&self, name: &str, word: &str) -> bool {
        self.list(name).iter().any(|w| w == word)
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
        let joined = Joined::new(text.as_str());
        let s = joined.text.as_ref();
        let fields: Vec<FieldActor<'_>> = fields
            .iter()
            .map(|f| FieldActor {
                span: joined.joined(f.span.start)..joined.joined(f.span.end),
                ..f.clone()
            })
            .collect();
        let mut lines = Lines::new(s);
        lines.cued = self.cues.lines(s, &lines);
        let mut found = Vec::new();
        self.classes(s, &lines, &mut found);
        self.persons(&lines, &mut found);
        self.committees(&lines, &mut found);
        self.organizations(s, &mut found);
        self.field_actors(s, &fields, &mut found);
        let mut actors = self.merge(s, &lines, found);
        for actor in &mut actors {
            let span = &mut actor.evidence.span;
            *span = joined.original(span.start)..joined.original(span.end);
        }
        actors
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
                Person => {
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
                Office => {
                    let group = self.numbered_group(&name);
                    // "Dez. 3 und 6 / SuS": a list of units, which the
                    // scanners read one by one, not one unit's name.
                    let third = name.split_whitespace().nth(2);
                    if group.is_some() && matches!(third, Some("und" | "/" | "+")) {
                        continue;
                    }
                    let mut c =
                        candidate(name, Office, field.span.clone(), "actors.field.department");
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

    /// Bodies the vocabulary classes cannot read in running text: a
    /// parliament or body in a capital heading, a bare body word as the
    /// first cell of a Beratungsfolge row.
    fn committees(&self, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        let optional = self.list("committee_place_optional");
        let table_words = self.list("committee_table_words");
        for &(line_start, line) in &lines.all {
            let span = line_start..line_start + line.len();
            // "Rat  25.03.2025  Mitteilung": the first cell of a row.
            let head = line.trim_start();
            if table_words.iter().any(|w| head.starts_with(w.as_str())) {
                if let Some(&(byte, _, _, first)) = cells(line).first() {
                    if table_words.iter().any(|w| w == first) && has_date(line) {
                        let at = line_start + byte;
                        let rule = "actors.committee_table";
                        out.push(candidate(
                            first.into(),
                            Committee,
                            at..at + first.len(),
                            rule,
                        ));
                    }
                }
            }
            // "LANDTAG NORDRHEIN-WESTFALEN": a parliament's header;
            // "SITZUNG DES GEMEINDERATES": a body in a capital heading.
            let trimmed = line.trim();
            let capitals = trimmed.len() <= 100
                && trimmed.chars().any(char::is_alphabetic)
                && !trimmed.chars().any(char::is_lowercase);
            if !capitals {
                continue;
            }
            let title = title_case(trimmed);
            let rule = "actors.committee_capitals";
            let known = optional
                .iter()
                .any(|n| title == *n || starts_with_word(&title, n));
            if known && trimmed.len() <= 60 {
                out.push(candidate(title, Committee, span, rule));
                continue;
            }
            let bodies = self
                .classes
                .iter()
                .filter(|c| c.kind == Committee && matches!(c.shape, Shape::Name | Shape::Ending));
            for class in bodies {
                let Some(pattern) = class.cued.pattern.get() else {
                    continue;
                };
                for m in pattern.find_iter(&title) {
                    if let Some((_, name)) = self.named(class, &title, m.range()) {
                        if !optional.contains(&name) {
                            out.push(candidate(name, Committee, span.clone(), rule));
                        }
                    }
                }
            }
        }
    }

    /// The actor a Name or Ending class reads at `range`: its base form,
    /// unless it is no whole word, a kind of post ("im Hauptamt"), a role
    /// before a person's name ("Stadtrat Johannes Honné"), a plural
    /// ("Stiftungen"), one part of an elided list ("Leopold- und
    /// Sophienstiftung"), an exception or a noun another class lists.
    fn named(&self, class: &Class, s: &str, range: Range<usize>) -> Option<(usize, String)> {
        if !whole_word(s, range.start, range.end) {
            return None;
        }
        let printed = normalise_space(&s[range.clone()]);
        let before = &s[reach_back(s, range.start)..range.start];
        let role_before_name = |name: &str| {
            self.roles.contains(name)
                && s[range.end..].starts_with(' ')
                && self.person_name(s, range.end + 1, 2).is_some()
        };
        if class.shape == Shape::Name {
            let name = self.alias(&base_form(&printed, &class.nouns)).to_string();
            return (!role_before_name(&name)).then_some((range.end, name));
        }
        let lower = printed.to_lowercase();
        let end = class
            .nouns
            .iter()
            .filter_map(|e| lower.rfind(e.as_str()).map(|i| i + e.len()))
            .max()
            .unwrap_or(printed.len());
        let (name, declension) = printed.split_at(end);
        let skip = declension.ends_with('n')
            || before.ends_with("- und ")
            || before.ends_with("-, ")
            || (class.kind == Office && (before.ends_with("im ") || before.ends_with("Im ")))
            || ends_like(name, &class.exceptions)
            || self.nouns.contains(name)
            || role_before_name(name);
        (!skip).then(|| (range.end, name.to_string()))
    }

    /// The one engine over the vocabulary classes: each listed word with
    /// what its shape asks for at it.
    fn classes(&self, s: &str, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        // Nouns named with an adjective and a place ("der Freien
        // Universität Berlin"): not also an actor alone.
        let mut with_adjective = Vec::new();
        // Bodies named inside an institution's name, not on their own.
        let mut absorbed = Vec::new();
        // Offices whose holder is named, and the spans of factions.
        let mut held: HashSet<String> = HashSet::default();
        let mut factions: Vec<Range<usize>> = Vec::new();
        let first = out.len();
        for class in &self.classes {
            let mut bare = Vec::new();
            for m in class.cued.find_iter(s, lines) {
                let (start, end) = (m.start(), m.end());
                let bounded = match class.shape {
                    Shape::Faction => word_end(s, end),
                    Shape::LegalForm => word_end(s, end) && s[..start].ends_with([' ', '\n']),
                    Shape::Holder
                    | Shape::Held
                    | Shape::Numbered
                    | Shape::FactionOf
                    | Shape::Party => whole_word(s, start, end),
                    _ => word_start(s, start),
                };
                if !bounded {
                    continue;
                }
                let mut printed = m.as_str().trim_end();
                if class.shape == Shape::For {
                    printed = printed.trim_end_matches(" für");
                }
                let noun = match class.shape.vocabulary() {
                    true => self.alias(&base_form(printed, &class.nouns)).to_string(),
                    false => String::new(),
                };
                let found = match class.shape {
                    Shape::Holder => self.holder(s, &m, &mut held),
                    Shape::Label => self.labelled(s, &m),
                    Shape::Closing => {
                        self.closing(lines, end, out);
                        None
                    }
                    Shape::Signatories => {
                        self.signatories(lines, end, out);
                        None
                    }
                    Shape::Held => {
                        bare.extend(self.position(s, lines, &m, &mut held));
                        None
                    }
                    Shape::Numbered => {
                        self.numbered_unit(s, &m, out);
                        None
                    }
                    Shape::LegalForm => {
                        self.legal_form(s, &m, out);
                        None
                    }
                    Shape::Faction => {
                        self.faction(s, &m, &mut factions, out);
                        None
                    }
                    Shape::FactionOf => {
                        factions.push(m.range());
                        Some((end, m.as_str().to_string()))
                    }
                    Shape::Party => {
                        let inside = factions.iter().any(|f| f.start <= start && end <= f.end);
                        (!inside).then(|| (end, m.as_str().to_string()))
                    }
                    Shape::Name | Shape::Ending => {
                        let found = self
                            .named(class, s, m.range())
                            .filter(|_| !with_adjective.contains(&m.start()));
                        // "Förderbank des Landes Niedersachsen": the body
                        // is part of the name, not an actor of its own.
                        let of = found
                            .as_ref()
                            .filter(|_| class.kind == Organization)
                            .and_then(|(end, name)| {
                                let genitive = self.list("genitive_bodies").iter().find(|g| {
                                    let rest = s[*end..].strip_prefix(' ');
                                    rest.and_then(|r| r.strip_prefix(g.as_str()))
                                        .is_some_and(|r| r.starts_with(' '))
                                })?;
                                let at = end + genitive.len() + 2;
                                let (place_end, place) = self.place_of(s, at, 1)?;
                                absorbed.push(at - genitive.split(' ').next_back()?.len() - 1);
                                Some((place_end, format!("{name} {genitive} {place}")))
                            });
                        of.or(found)
                    }
                    Shape::Place => {
                        // "(Rat der) Gemeinde Nordstemmen": a public body's
                        // place is one word, no institution ("Stadt Schillerschule",
                        // a table's columns), and not a law's title ("die
                        // Verfassung des Landes Baden-Württemberg").
                        // The place may follow on the next line after an
                        // article ("Das Land\nNiedersachsen"), one word.
                        let last = noun.rsplit(' ').next().unwrap_or(&noun);
                        let public = self.listed("public_body_place_nouns", last);
                        let gap = gap_to_next_line(&s[m.end()..]);
                        let broken = s[m.end()..m.end() + gap].contains('\n');
                        let max = if public || broken { 1 } else { 3 };
                        let ok = if broken {
                            class.kind != Committee && self.after_article(s, m.start())
                        } else {
                            // "Die  Stadt  Karlsruhe  erhebt": justified
                            // prose's wide gaps are a word's space.
                            s[m.end()..].starts_with(' ')
                                && (gap == 1 || gap <= 4 && justified(s, m.start()))
                        };
                        let institution = |place: &str| {
                            ends_like(place, self.list("organization_suffixes"))
                                || after_a_law(s, m.start())
                        };
                        // "durch das Land", "vom Land": the body itself,
                        // not the country ("auf dem Land").
                        let bare = || {
                            let rest = &s[m.end()..];
                            let before = s[reach_back(s, m.start())..m.start()].trim_end();
                            let rural = || {
                                ["auf dem", "aufs", "auf das", "stadt und"]
                                    .iter()
                                    .any(|w| ends_lower(before, w))
                            };
                            let ok = self.listed("public_body_bare", &noun)
                                && !rest.starts_with(|c: char| c.is_alphanumeric() || c == '-')
                                && (self.after_article(s, m.start()) || before.ends_with("vom"))
                                && !rural()
                                && !after_a_law(s, m.start());
                            ok.then(|| (m.end(), noun.clone()))
                        };
                        ok.then(|| self.place_of(s, m.end() + gap, max))
                            .flatten()
                            .filter(|(_, place)| !public || !institution(place))
                            .map(|(end, place)| (end, format!("{noun} {place}")))
                            .or_else(bare)
                    }
                    Shape::For => self
                        .topic(s, m.end(), true)
                        .map(|(end, topic)| (end, format!("{noun} für {topic}"))),
                    Shape::Topic => quoted(s, m.end())
                        .or_else(|| self.topic(s, m.end(), false))
                        .map(|(end, topic)| (end, format!("{noun} {topic}"))),
                };
                let Some((end, name)) = found else {
                    continue;
                };
                let (start, name) = match class.kind {
                    Organization if !class.shape.vocabulary() => (m.start(), name),
                    Organization => match self.adjective_before(s, m.start(), &name) {
                        Some((at, adjective)) => {
                            if class.shape == Shape::Place {
                                with_adjective.push(m.start());
                            }
                            (at, format!("{adjective} {name}"))
                        }
                        None => (m.start(), name),
                    },
                    // "R16 Referat für …": the unit's code is its name's.
                    Office if class.shape == Shape::For => {
                        let (at, code) = unit_code_before(s, m.start());
                        (at, format!("{code}{name}"))
                    }
                    _ => (m.start(), name),
                };
                out.push(candidate(name, class.kind, start..end, class.rule));
            }
            // Named without a holder here, and with one nowhere.
            for (name, span) in bare.into_iter().filter(|(n, _)| !held.contains(n)) {
                out.push(candidate(name, Position, span, class.rule));
            }
        }
        let mut at = 0;
        out.retain(|c| {
            at += 1;
            at <= first
                || c.rule != "actors.organization_place"
                || !absorbed.contains(&c.span.start)
        });
    }

    /// The base name a listed variant stands for ("Runden Tisch" →
    /// "Runder Tisch").
    fn alias<'a>(&'a self, name: &'a str) -> &'a str {
        self.aliases
            .iter()
            .find(|(variant, _)| variant == name)
            .map_or(name, |(_, base)| base.as_str())
    }

    // ----- offices ----------------------------------------------------

    /// The group of a unit name that opens with a numbered unit noun
    /// ("FB 7 Kultur" and "Fachbereich 7" are one unit): its full noun and
    /// number, as [`ActorRules::numbered_unit`] groups them.
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

    /// A numbered unit ("FB 7", "Fachbereich 7 Kultur und Sport") and the
    /// units listed with the same noun ("Dez. 3 und 6"), grouped by their
    /// full noun and number.
    fn numbered_unit(&self, s: &str, m: &Match<'_>, out: &mut Vec<Candidate>) {
        let printed = m.as_str();
        let Some(split) = printed.rfind([' ', '\t']) else {
            return;
        };
        let noun_printed = printed[..split].trim_end_matches([':', ' ', '\t']);
        let number = &printed[split + 1..];
        let Some((abbr, full)) = self.numbered.iter().find(|(a, _)| {
            noun_printed == a.as_str() || strip_declension(noun_printed) == a.as_str()
        }) else {
            return;
        };
        let mut name = format!("{abbr} {number}");
        let mut end = m.end();
        if s[m.end()..].starts_with(' ') {
            if let Some((e, topic)) = self.topic(s, m.end() + 1, false) {
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
        for (i, number) in std::iter::once(number).chain(listed).enumerate() {
            let name = match i {
                0 => name.clone(),
                _ => format!("{abbr} {number}"),
            };
            let mut c = candidate(name, Office, m.start()..end, "actors.office_numbered");
            c.group = Some(format!("{full} {number}"));
            out.push(c);
        }
    }

    // ----- organisations ---------------------------------------------

    /// The name before a legal form ("Bürgergesellschaft Südstadt e. V."),
    /// without the common noun before a company's name; "AG" between a
    /// name and a place is a working group ("ISEP AG West").
    fn legal_form(&self, s: &str, m: &Match<'_>, out: &mut Vec<Candidate>) {
        let Some((start, name)) = self.name_before(s, m.start()) else {
            return;
        };
        let name = self.without_head_noun(&name);
        let group = s[m.end()..]
            .starts_with(' ')
            .then(|| self.place_of(s, m.end() + 1, 1))
            .flatten()
            .filter(|_| m.as_str() == "AG");
        out.push(match group {
            Some((end, place)) => candidate(
                format!("{name} AG {place}"),
                Office,
                start..end,
                "actors.working_group",
            ),
            None => candidate(
                format!("{name} {}", m.as_str()),
                Organization,
                start..m.end(),
                "actors.organization_legal_form",
            ),
        });
    }

    /// A faction named by its party's hyphen ("SPD-Stadtratsfraktion
    /// Erfurt", its place only at a line end or before a comma).
    fn faction(
        &self,
        s: &str,
        m: &Match<'_>,
        factions: &mut Vec<Range<usize>>,
        out: &mut Vec<Candidate>,
    ) {
        let Some(start) = self.faction_prefix(s, m.start()) else {
            return;
        };
        let mut end = m.end();
        if s[end..].starts_with(' ') {
            if let Some((place_end, _)) = self.place_of(s, end + 1, 3) {
                let next = s[place_end..].chars().next();
                if next.is_none_or(|c| matches!(c, '\n' | ',' | '\t' | '\u{c}')) {
                    end = place_end;
                }
            }
        }
        factions.push(start..end);
        let name = s[start..end].to_string();
        out.push(candidate(name, Organization, start..end, "actors.faction"));
    }

    /// Companies by all-caps name and the Länder of a list.
    fn organizations(&self, s: &str, out: &mut Vec<Candidate>) {
        self.capital_companies(s, out);
        // "die Länder Rheinland-Pfalz, Hessen und Saarland": each Land
        // of the list is a public body (a Land's name alone is not).
        for plural in self.list("public_body_plurals") {
            for (at, _) in s.match_indices(&format!("{plural} ")) {
                let Some((end, listed)) = self.topic(s, at + plural.len() + 1, false) else {
                    continue;
                };
                let states = listed
                    .split(", ")
                    .flat_map(|p| p.split(" und "))
                    .map(str::trim);
                for state in states.filter(|p| self.listed("states", p)) {
                    let rule = "actors.public_body_list";
                    out.push(candidate(state.into(), PublicBody, at..end, rule));
                }
            }
        }
    }

    /// Companies known by an all-caps name ("GEWOBAU", "INeG"): after
    /// "der"/"die" that a preposition or a noun introduces ("mit der INeG",
    /// "Gebäudekomplex der GEWOBAU"), or as a sentence's subject ("Die
    /// KASIG hat"); never a party, a listed word or an abbreviation the
    /// paper spells out in brackets.
    fn capital_companies(&self, s: &str, out: &mut Vec<Candidate>) {
        let Some(pattern) = self.capitals.get() else {
            return;
        };
        let mut spelled_out: HashMap<&str, bool> = HashMap::default();
        for whole in pattern.find_iter(s) {
            // The article is the match's first three bytes, the name its
            // last word.
            let article = whole.start()..whole.start() + 3;
            let at = whole
                .as_str()
                .rfind(char::is_whitespace)
                .map_or(3, |i| i + 1);
            let token = whole.start() + at..whole.end();
            let name = &s[token.clone()];
            let upper = name.chars().filter(|c| c.is_uppercase()).count();
            let after = &s[token.end..];
            let shaped = upper >= 3
                && upper * 5 >= name.chars().count() * 3
                && word_start(s, whole.start())
                && !after.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '/');
            if !shaped {
                continue;
            }
            let before =
                s[reach_back(s, article.start)..article.start].trim_end_matches([' ', '\t']);
            let word = before.rsplit([' ', '\n', '\t']).next().unwrap_or("");
            let introduced = if &s[article] == "Die" {
                before.is_empty() || before.ends_with(['.', ':', '\n'])
            } else {
                self.listed("company_capital_prepositions", word)
                    || (word.chars().next().is_some_and(char::is_uppercase)
                        && word.chars().skip(1).all(char::is_lowercase)
                        && word.len() > 3)
            };
            let forms = [
                self.list("company_legal_forms"),
                self.list("organization_legal_forms"),
            ];
            let mut known = || {
                self.list("parties").iter().any(|p| p == name)
                    || forms.into_iter().flatten().any(|f| after.trim_start().starts_with(f.as_str()))
                    || self.not_name_words.contains(name)
                    || self.form_labels.contains(name)
                    || self.listed("capital_non_actors", name)
                    || self.nouns.contains(name)
                    // Spelled out in brackets: searched once per name.
                    || *spelled_out.entry(name).or_insert_with(|| {
                        s.contains(&format!("({name})")) || s.contains(&format!(" {name})"))
                    })
            };
            let heading = || {
                let line_start = s[..token.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = s[token.end..].find('\n').map_or(s.len(), |i| token.end + i);
                !s[line_start..line_end].chars().any(char::is_lowercase)
            };
            if introduced && !known() && !heading() {
                out.push(candidate(
                    name.into(),
                    Organization,
                    token.clone(),
                    "actors.company_capitals",
                ));
            }
        }
    }

    /// Where the party or list before a faction's hyphen starts
    /// ("DIE LINKE.-Gemeinderatsfraktion", "FW|FÜR-Gemeinderatsfraktion").
    fn faction_prefix(&self, s: &str, hyphen: usize) -> Option<usize> {
        let from = reach_back(s, hyphen);
        let before = &s[from..hyphen];
        if let Some(party) = self
            .list("parties")
            .iter()
            .find(|p| before.ends_with(p.as_str()))
        {
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

    /// A person after a role or form of address ("Oberbürgermeister Dr.
    /// Thomas Spies", "Herr Niemann"): the role is then held.
    fn holder(
        &self,
        s: &str,
        m: &Match<'_>,
        held: &mut HashSet<String>,
    ) -> Option<(usize, String)> {
        let min = 2 - usize::from(self.listed("person_address_forms", m.as_str()));
        let gap = gap_to_next_line(&s[m.end()..]);
        let found = (gap > 0).then(|| self.person_name(s, m.end() + gap, min))??;
        held.insert(m.as_str().to_string());
        Some(found)
    }

    /// A person after a label and the signature's prefixes ("gez. i. V.
    /// Marcus Tischbier", "Bearbeiter/-in: Mustermann, Erika").
    fn labelled(&self, s: &str, m: &Match<'_>) -> Option<(usize, String)> {
        let mut at = m.end();
        loop {
            let rest = &s[at..];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            at += rest.len() - trimmed.len();
            let prefixes = self.list("signature_prefixes");
            match prefixes.iter().find(|p| trimmed.starts_with(p.as_str())) {
                Some(p) => at += p.len(),
                None => break,
            }
        }
        let min = 2 - usize::from(m.as_str().to_lowercase().starts_with("gez"));
        self.person_name(s, at, min)
            .or_else(|| self.inverted_name(s, at))
    }

    /// Persons alone in a line ([`ActorRules::name_lines`]) and the
    /// signing members of a parliamentary motion ("Dr. Dietmar Bartsch und
    /// Fraktion", "Stoch, Binder und Fraktion"), surnames alone where the
    /// list is only names.
    fn persons(&self, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        self.name_lines(lines, out);
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
            for person in self.name_list(list, 1) {
                let span = line_start..line_start + line.len();
                out.push(candidate(
                    person,
                    Person,
                    span,
                    "actors.person_und_fraktion",
                ));
            }
        }
    }

    /// The non-blank lines after `at` (the rest of its line first), at
    /// most `max` and none longer than a signature's: start and text.
    fn following<'a>(&self, lines: &Lines<'a>, at: usize, max: usize) -> Vec<(usize, &'a str)> {
        let first = lines.index_at(at);
        let rest = lines
            .all
            .get(first)
            .map(|&(start, line)| (at, &line[(at - start).min(line.len())..]));
        let rest = rest
            .into_iter()
            .chain(lines.all.iter().skip(first + 1).copied());
        let lines = rest.filter(|(_, line)| !is_blank(line)).take(max);
        let lines = lines.take_while(|(_, line)| line.trim().len() <= SIGNATURE_LINE_MAX);
        lines
            .map(|(start, line)| (start + line.len() - line.trim_start().len(), line.trim()))
            .collect()
    }

    /// The name under a closing formula ("Mit freundlichen Grüßen"): the
    /// first of the next lines that holds only a name, maybe letter-spaced
    /// ("M a x   M u s t e r"), after "gez." or "i. A.".
    fn closing(&self, lines: &Lines<'_>, at: usize, out: &mut Vec<Candidate>) {
        for (start, line) in self.following(lines, at, 5) {
            let prefixes = self.list("signature_prefixes").iter();
            let bare = prefixes.fold(line, |t, p| {
                t.strip_prefix(p.as_str()).map_or(t, str::trim_start)
            });
            let joined = unspace(bare);
            let cell = joined.as_deref().unwrap_or(bare);
            let cell = cells(cell).first().map_or(cell, |c| c.3);
            if let Some(name) = self.whole_name(cell) {
                let span = start..start + line.len();
                out.push(candidate(name, Person, span, "actors.person_closing"));
                return;
            }
        }
    }

    /// The names listed after "Unterzeichnet von:", up to the first line
    /// of no names (a faction's or party's line goes on).
    fn signatories(&self, lines: &Lines<'_>, at: usize, out: &mut Vec<Candidate>) {
        for (start, line) in self.following(lines, at, SIGNATORY_LINES) {
            let names = self.name_list(line, 2);
            if names.is_empty() && !line.contains("raktion") && !self.party_any.is_match(line) {
                break;
            }
            for name in names {
                let span = start..start + line.len();
                out.push(candidate(name, Person, span, "actors.person_signatory"));
            }
        }
    }

    /// A name alone in a cell of a short line: above a role in the same
    /// columns ("Dr. Thomas Spies" / "Oberbürgermeister"), opening with a
    /// known first name ("Nicole Dombrowski"), or on the paper's last line
    /// (its unlabelled signature).
    fn name_lines(&self, lines: &Lines<'_>, out: &mut Vec<Candidate>) {
        let lines: Vec<(usize, &str)> = lines
            .all
            .iter()
            .copied()
            .filter(|(_, l)| !is_blank(l))
            .collect();
        for (i, &(start, line)) in lines.iter().enumerate() {
            if line.len() > SIGNATURE_LINE_MAX || !may_hold_name_cell(line) {
                continue;
            }
            let next = lines.get(i + 1).map_or("", |(_, next)| next);
            let has_role = next.len() <= SIGNATURE_LINE_MAX && self.role_hint.is_match(next);
            if !has_role && line.trim().len() > 60 {
                continue;
            }
            let roles = has_role.then(|| cells(next));
            for (byte, from, to, cell) in cells(line) {
                let mut words = cell.split(' ').filter(|w| !w.ends_with('.'));
                let known = words.next().is_some_and(|w| self.first_names.contains(w));
                let last = i + 1 == lines.len() && cell == line.trim();
                let role = roles
                    .iter()
                    .flatten()
                    .filter(|(_, f, t, _)| *f < to && from < *t);
                let role = role.clone().any(|(_, _, _, r)| self.is_role_cell(r));
                let short = cell.len() <= 60 && cell.split(' ').count() <= 4;
                if !(role || (short && (known || last))) || !could_be_name(cell) {
                    continue;
                }
                let Some(name) = self.whole_name(cell) else {
                    continue;
                };
                let rule = match (role, known) {
                    (true, _) => "actors.person_signature",
                    (false, true) => "actors.person_first_name",
                    (false, false) => "actors.person_last_line",
                };
                out.push(candidate(
                    name,
                    Person,
                    start + byte..start + byte + cell.len(),
                    rule,
                ));
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

    /// An office held by a person and named without one ("Der
    /// Oberbürgermeister wird beauftragt"): not before a name (that is
    /// the person's role, then held) nor under one (a signature's role
    /// line), nor describing a person ("der ehemalige Oberbürgermeister").
    fn position(
        &self,
        s: &str,
        lines: &Lines<'_>,
        m: &Match<'_>,
        held: &mut HashSet<String>,
    ) -> Option<(String, Range<usize>)> {
        let name = base_form(m.as_str(), self.list("position_roles"));
        let before = &s[reach_back(s, m.start())..m.start()];
        let described = before
            .strip_suffix(' ')
            .and_then(|b| b.rsplit([' ', '\n', '\t']).next())
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase) && w.len() > 4);
        if described {
            return None;
        }
        let gap = gap_to_next_line(&s[m.end()..]);
        let named = gap > 0 && self.person_name(s, m.end() + gap, 1).is_some();
        if named || self.under_a_name(lines, m.start()) {
            held.insert(name);
            return None;
        }
        Some((name, m.range()))
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

    /// The persons of one signatory line: "Jürgen Wenzel, Ullrich Müller
    /// und Zahide Yesil", "Stadtrat Detlef Hofmann"; empty unless every
    /// part is a name.
    fn name_list(&self, line: &str, min: usize) -> Vec<String> {
        let mut parts = vec![line];
        for sep in self.list("name_list_separators") {
            parts = parts.iter().flat_map(|p| p.split(sep)).collect();
        }
        let names: Option<Vec<String>> = parts
            .iter()
            .map(|part| {
                let part = part.trim();
                // "Stadtrat Detlef Hofmann": a role (not "Herr") before.
                let role = self.roles.iter().find_map(|r| {
                    let rest = part.strip_prefix(r.as_str())?.strip_prefix(' ')?;
                    (!self.listed("person_address_forms", r)).then_some(rest)
                });
                let part = role.unwrap_or(part);
                let (end, name) = self.person_name(part, 0, min)?;
                part[end..].trim().is_empty().then_some(name)
            })
            .collect();
        names.unwrap_or_default()
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
                (self.roles.contains(word) && !self.listed("person_address_forms", word))
                    || ends_like(word, self.list("person_role_suffixes"))
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
            if let Some(title) = self
                .list("person_titles")
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
            // "Thomas H. Hock": a middle initial between name words.
            let mut chars = rest.chars();
            if let (Some(c), Some('.'), Some(' ')) = (chars.next(), chars.next(), chars.next()) {
                if name_words > 0 && c.is_uppercase() {
                    parts.push(&rest[..c.len_utf8() + 1]);
                    pos += c.len_utf8() + 2;
                    continue;
                }
            }
            let word_len = rest
                .find(|c: char| !(c.is_alphabetic() || c == '-'))
                .unwrap_or(rest.len());
            let word = &rest[..word_len];
            let is_particle = self.listed("name_particles", word) && name_words > 0;
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
        while parts
            .last()
            .is_some_and(|p| self.listed("name_particles", p) || (p.ends_with('.') && p.len() <= 3))
        {
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
            && !(word.chars().count() > 5 && ends_like(word, self.list("name_word_exceptions")))
    }

    // ----- shared pieces ---------------------------------------------

    /// A place name after a body or institution noun: at most `max`
    /// capitalised words (maybe hyphenated), after "von", "am", "an der"
    /// ("Schule am Turmberg"), no label or common noun.
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
            let word = rest[..len].trim_end_matches('-');
            let word_end = pos + word.len();
            let ok = word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().any(char::is_lowercase)
                && word.chars().count() >= 3
                && !self.not_name_words.contains(word)
                && !self.form_labels.contains(word)
                && !self.roles.contains(word)
                && !ends_like(word, self.list("name_word_exceptions"));
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
            .rposition(|w| ends_like(w, self.list("company_head_nouns")))
            .map_or(0, |i| i + 1);
        words[cut..].join(" ")
    }

    /// The kind a candidate's evidence gives it: parties and factions,
    /// companies by legal form or name, public bodies by their noun.
    fn kind_of(&self, c: &Candidate) -> ActorKind {
        let name = c.name.as_str();
        let public = self.listed("public_body_names", name)
            || self
                .list("public_body_place_nouns")
                .iter()
                .any(|noun| starts_with_word(name, noun))
            || self.listed("public_body_bare", name);
        let organization = c.kind == Organization;
        let company_form = self
            .list("company_legal_forms")
            .iter()
            .any(|form| ends_with_word(name, form));
        if public && !company_form && (organization || c.rule == "actors.field.department") {
            PublicBody
        } else if !organization {
            c.kind
        } else if c.rule == "actors.faction" || c.rule == "actors.party" {
            Faction
        } else if company_form
            || c.rule == "actors.company_capitals"
            || self
                .list("company_names")
                .iter()
                .any(|n| name == n || starts_with_word(name, n))
        {
            Company
        } else {
            Organization
        }
    }

    /// Deduplicates candidates and drops labels and fragments.
    fn merge(&self, s: &str, lines: &Lines<'_>, mut found: Vec<Candidate>) -> Vec<Found<Actor>> {
        // Each line is tested once, however many candidates it holds: a
        // one-line text of a megabyte is read once, not once per actor.
        let mut unticked: HashMap<usize, bool> = HashMap::default();
        found.retain(|c| {
            let name = c.name.trim();
            if c.kind != Person {
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
            if c.kind != Person && !c.rule.starts_with("actors.field") {
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
        let mut group_of: HashMap<String, usize> = HashMap::default();
        for c in found {
            let key = match c.kind {
                Person => format!("p:{}", person_key(&c.name)),
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
                        || (matches!(kind, Organization | Company)
                            && key.contains(' ')
                            && ends_with_word(other, key))
                        || (kind == PublicBody && ends_with_word(other, key))
                        || (kind == Person && !key.contains(' ') && ends_with_word(other, surname)))
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
            .filter(|c| c.kind == Office)
            .filter(|c| c.group.is_some() || c.rule != "actors.office_suffix")
            .map(|c| words_key(&c.name))
            .filter(|key| key.contains(' '))
            .collect();
        groups.retain(|(key, members)| {
            let single_office = !key.contains(' ')
                && members.iter().all(|c| {
                    c.kind == Office
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

#[cfg(test)]
mod tests;
