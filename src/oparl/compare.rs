//! Where the RIS metadata and the paper's text both give a value: do they
//! agree, and if not, of which kind is the disagreement.
//!
//! A pure function of a stored record ([`compare`]): the metadata's values
//! are the record's fields whose origin is `metadata`, the text's are
//! [`Printed`](super::model::Printed). Values are compared the way the
//! silver scorer (`../shared/silver/score_silver.py`) compares them:
//! numbers with `/`, `-`, `.` as one separator, titles by word F1 ≥ 0.8,
//! types case-insensitively, committees by name containment (the
//! meeting's name counts as a former name of its committee).
//!
//! Each non-agreement gets a class that says what probably went wrong;
//! "printed" classes mean the metadata's value occurs in the text, so the
//! extractor missed or misread it (an extraction error), "not printed"
//! ones mean the paper and the RIS differ.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

use super::model::{OparlInfo, Origin};
use crate::record::{Consultation, Record};

/// The fields compared, in report order.
pub const FIELDS: &[&str] = &[
    "reference",
    "title",
    "paper_type",
    "date",
    "department",
    "committees",
    "consultation_dates",
];

/// How the two values of one field relate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Both give it and they agree.
    Agree,
    /// Both give it and they differ; the class says how.
    Disagree(String),
    /// Only the metadata gives it; the class says whether the text prints
    /// it ("missed") or not.
    MetadataOnly(String),
    /// Only the text gives it.
    TextOnly,
}

/// One field of one paper.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// One of [`FIELDS`].
    pub field: &'static str,
    /// How the values relate.
    pub outcome: Outcome,
    /// The metadata's value.
    pub metadata: Value,
    /// The text's value.
    pub text: Value,
}

/// Compares every field of an imported record that metadata and text may
/// both give; fields neither gives are left out.
pub fn compare(record: &Record) -> Vec<Verdict> {
    let Some(info) = record.oparl.as_deref() else {
        return Vec::new();
    };
    let from_metadata = |field: &str| info.origin.get(field) == Some(&Origin::Metadata);
    let meta = |field: &str, value: &Option<String>| value.clone().filter(|_| from_metadata(field));
    let printed = &info.printed;
    let text = &record.text;
    let mut verdicts = Vec::new();
    let mut push = |field: &'static str,
                    m: Option<String>,
                    t: Option<String>,
                    judge: &dyn Fn(&str, &str) -> Option<String>,
                    printed_in_text: &dyn Fn(&str) -> bool| {
        let outcome = match (&m, &t) {
            (None, None) => return,
            (None, Some(_)) => Outcome::TextOnly,
            (Some(m), None) => Outcome::MetadataOnly(if printed_in_text(m) {
                "missed (printed in the text)".into()
            } else {
                "not printed".into()
            }),
            (Some(m), Some(t)) => match judge(m, t) {
                None => Outcome::Agree,
                Some(class) => Outcome::Disagree(class),
            },
        };
        verdicts.push(Verdict {
            field,
            outcome,
            metadata: json!(m),
            text: json!(t),
        });
    };
    push(
        "reference",
        meta("reference", &record.reference),
        printed.reference.clone(),
        &|m, t| {
            (norm_ref(m) != norm_ref(t)).then(|| {
                if reference_printed(text, m) {
                    "other number; metadata's printed".to_string()
                } else {
                    "other number; metadata's not printed".to_string()
                }
            })
        },
        &|m| reference_printed(text, m),
    );
    push(
        "title",
        meta("title", &record.title),
        printed.title.clone(),
        &|m, t| title_class(m, t),
        &|m| token_recall(m, text) >= 0.9,
    );
    push(
        "paper_type",
        meta("paper_type", &record.paper_type),
        printed.paper_type.clone(),
        &|m, t| {
            (m.trim().to_lowercase() != t.trim().to_lowercase()).then(|| {
                // Numbered types ("Haushalt THH 4100") are one class.
                let m: String = m
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect::<String>()
                    .replace("##", "#")
                    .replace("##", "#");
                let printed = if opening(text).contains(&m.to_lowercase()) {
                    "; metadata's in the header"
                } else {
                    ""
                };
                format!("{m} → {t}{printed}")
            })
        },
        &|m| opening(text).contains(&m.to_lowercase()),
    );
    let meeting_dates: BTreeSet<&str> = record
        .consultations
        .iter()
        .filter(|_| from_metadata("consultations"))
        .filter_map(|c| c.date.as_deref())
        .collect();
    push(
        "date",
        meta("date", &record.date),
        printed.date.clone(),
        &|m, t| {
            (m != t).then(|| {
                let how = if meeting_dates.contains(t) {
                    "text's is a meeting date"
                } else if t < m {
                    "text's is earlier"
                } else {
                    "text's is later"
                };
                let printed = if date_printed(text, m) {
                    "metadata's printed"
                } else {
                    "metadata's not printed"
                };
                format!("{how}; {printed}")
            })
        },
        &|m| date_printed(text, m),
    );
    push(
        "department",
        meta("department", &record.department),
        printed.department.clone(),
        &|m, t| {
            (!names_match(&norm_unit(m), &norm_unit(t))).then(|| {
                if t.to_lowercase().contains("fraktion") {
                    "text's is a faction (the originator)".to_string()
                } else if names_dezernat(t) && !names_dezernat(m) {
                    "text's is the Dezernat above the unit".to_string()
                } else {
                    "other unit".to_string()
                }
            })
        },
        &|m| norm_name(text).contains(&norm_name(m)),
    );
    if from_metadata("consultations") {
        verdicts.extend(compare_consultations(
            &record.consultations,
            info,
            &printed.consultations,
            text,
        ));
    } else if !printed.consultations.is_empty() {
        verdicts.push(Verdict {
            field: "committees",
            outcome: Outcome::TextOnly,
            metadata: Value::Null,
            text: json!(committee_names(&printed.consultations)),
        });
    }
    verdicts
}

/// The Beratungsfolge: committees as sets (each metadata committee may
/// match by its name or its meeting's name), then the dates of matched
/// committees.
fn compare_consultations(
    meta: &[Consultation],
    info: &OparlInfo,
    printed: &[Consultation],
    text: &str,
) -> Vec<Verdict> {
    // Metadata committees: normalised name → its other names and dates.
    let mut names: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (i, c) in meta.iter().enumerate() {
        let key = norm_name(&c.committee);
        if key.is_empty() {
            continue;
        }
        let entry = names.entry(key.clone()).or_default();
        entry.0.insert(key);
        if let Some(alias) = info
            .consultations
            .get(i)
            .and_then(|c| c.meeting_name.as_deref())
        {
            entry.0.insert(norm_name(alias));
        }
        if let Some(date) = &c.date {
            entry.1.insert(date.clone());
        }
    }
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in printed {
        let key = norm_name(&c.committee);
        if !key.is_empty() {
            let dates = seen.entry(key).or_default();
            dates.extend(c.date.clone());
        }
    }
    let meta_names = committee_names(meta);
    let text_names = committee_names(printed);
    let mut verdicts = Vec::new();
    if names.is_empty() {
        return verdicts;
    }
    if seen.is_empty() {
        let printed = names
            .values()
            .any(|(alts, _)| alts.iter().any(|a| norm_name(text).contains(a.as_str())));
        verdicts.push(Verdict {
            field: "committees",
            outcome: Outcome::MetadataOnly(if printed {
                "missed (printed in the text)".into()
            } else {
                "not printed".into()
            }),
            metadata: json!(meta_names),
            text: Value::Null,
        });
        return verdicts;
    }
    // Greedy matching: equal names first, then containment.
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut free: BTreeSet<String> = seen.keys().cloned().collect();
    for exact in [true, false] {
        for (key, (alts, _)) in &names {
            if pairs.iter().any(|(k, _)| k == key) {
                continue;
            }
            let hit = free
                .iter()
                .find(|p| {
                    alts.iter()
                        .any(|a| if exact { a == *p } else { names_match(a, p) })
                })
                .cloned();
            if let Some(p) = hit {
                free.remove(&p);
                pairs.push((key.clone(), p));
            }
        }
    }
    let missing = names.len() - pairs.len();
    let extra = free.len();
    let outcome = match (missing, extra) {
        (0, 0) => Outcome::Agree,
        (_, 0) => Outcome::Disagree("committee missing in the text's list".into()),
        (0, _) => Outcome::Disagree("extra committee in the text's list".into()),
        _ => Outcome::Disagree("committee missing and extra one in the text's list".into()),
    };
    verdicts.push(Verdict {
        field: "committees",
        outcome,
        metadata: json!(meta_names),
        text: json!(text_names),
    });
    for (key, p) in pairs {
        let want = &names[&key].1;
        if want.is_empty() {
            continue;
        }
        let got = &seen[&p];
        let outcome = if got.is_empty() {
            Outcome::MetadataOnly(if want.iter().any(|d| date_printed(text, d)) {
                "missed (printed in the text)".into()
            } else {
                "not printed".into()
            })
        } else if want.intersection(got).next().is_some() {
            Outcome::Agree
        } else if want.iter().any(|d| date_printed(text, d)) {
            Outcome::Disagree("other date; metadata's printed".into())
        } else {
            Outcome::Disagree("other date; metadata's not printed".into())
        };
        verdicts.push(Verdict {
            field: "consultation_dates",
            outcome,
            metadata: json!(format!("{key}: {}", join(want))),
            text: json!(format!("{p}: {}", join(got))),
        });
    }
    verdicts
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

fn committee_names(consultations: &[Consultation]) -> Vec<String> {
    consultations.iter().map(|c| c.committee.clone()).collect()
}

/// How two titles differ, `None` if they agree (word F1 ≥ 0.8).
fn title_class(meta: &str, text: &str) -> Option<String> {
    let m = tokens(meta);
    let t = tokens(text);
    let common = overlap(&m, &t) as f64;
    let (p, r) = (
        common / (t.len().max(1) as f64),
        common / (m.len().max(1) as f64),
    );
    let f1 = if common == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    let after_colon = meta.split_once(": ").map(|(_, rest)| tokens(rest));
    if f1 >= 0.8 {
        None
    } else if after_colon.is_some_and(|rest| overlap(&rest, &t) * 10 >= rest.len().max(1) * 8) {
        Some("metadata's adds a prefix ('Antrag SPD: …')".into())
    } else if r >= 0.9 && t.starts_with(&m[..m.len().saturating_sub(1)]) {
        if meta.chars().count() >= 95 {
            Some("metadata's is cut at 100 characters".into())
        } else {
            Some("text's runs on past the metadata's".into())
        }
    } else if p >= 0.9 {
        Some("text's is a part of the metadata's".into())
    } else if r >= 0.9 {
        Some("text's is longer".into())
    } else if common == 0.0 {
        Some("different".into())
    } else {
        Some("overlapping".into())
    }
}

/// The share of `meta`'s words that occur in `text`.
fn token_recall(meta: &str, text: &str) -> f64 {
    let m = tokens(meta);
    if m.is_empty() {
        return 0.0;
    }
    let t: BTreeSet<String> = tokens(text).into_iter().collect();
    m.iter().filter(|w| t.contains(*w)).count() as f64 / m.len() as f64
}

fn overlap(a: &[String], b: &[String]) -> usize {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for w in b {
        *counts.entry(w).or_default() += 1;
    }
    a.iter()
        .filter(|w| {
            counts.get_mut(w.as_str()).is_some_and(|n| {
                let had = *n > 0;
                *n = n.saturating_sub(1);
                had
            })
        })
        .count()
}

/// Lower-cased NFC word tokens, quotes dropped.
fn tokens(text: &str) -> Vec<String> {
    let text: String = text.nfc().collect::<String>().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A paper number with one separator and no spaces, lower-cased.
fn norm_ref(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if matches!(c, '-' | '.') { '/' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the number occurs in the text in any notation.
fn reference_printed(text: &str, reference: &str) -> bool {
    let compact = norm_ref(text);
    let want = norm_ref(reference);
    let mut from = 0;
    while let Some(at) = compact[from..].find(&want) {
        let at = from + at;
        let before = compact[..at].chars().next_back();
        let after = compact[at + want.len()..].chars().next();
        if before.is_none_or(|c| !c.is_ascii_digit()) && after.is_none_or(|c| !c.is_ascii_digit()) {
            return true;
        }
        from = at + want.len();
    }
    false
}

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

/// Whether an ISO date occurs in the text in a German notation
/// (7.3.2006, 07.03.06, 7. März 2006) or as ISO.
fn date_printed(text: &str, iso: &str) -> bool {
    let parts: Vec<&str> = iso.split('-').collect();
    let [y, m, d] = parts[..] else {
        return false;
    };
    let (Ok(mn), Ok(dn)) = (m.parse::<usize>(), d.parse::<usize>()) else {
        return false;
    };
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let month = MONTHS.get(mn.wrapping_sub(1)).copied().unwrap_or("");
    let forms = [
        format!("{dn}.{mn}.{y}"),
        format!("{d}.{m}.{y}"),
        format!("{d}.{m}.{}", &y[2.min(y.len())..]),
        format!("{dn}.{month}{y}"),
        format!("{d}.{month}{y}"),
        iso.to_string(),
    ];
    forms.iter().any(|form| {
        compact.match_indices(form.as_str()).any(|(at, s)| {
            let before = compact[..at].chars().next_back();
            let after = compact[at + s.len()..].chars().next();
            before.is_none_or(|c| !c.is_ascii_digit()) && after.is_none_or(|c| !c.is_ascii_digit())
        })
    })
}

/// The first characters of the text, lower-cased.
fn opening(text: &str) -> String {
    text.chars().take(400).collect::<String>().to_lowercase()
}

/// A name NFC, lower-cased, without whitespace.
fn norm_name(name: &str) -> String {
    name.nfc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Abbreviations of unit names as papers print them ("Dez. 4", "OV
/// Neureut"), with the word the RIS writes.
const UNIT_ABBREVIATIONS: &[(&str, &str)] = &[
    ("Dez.", "Dezernat"),
    ("Dez", "Dezernat"),
    ("OV", "Ortsverwaltung"),
];

/// A unit's name with its abbreviations written out, then as
/// [`norm_name`].
fn norm_unit(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| {
            UNIT_ABBREVIATIONS
                .iter()
                .find(|(short, _)| *short == w)
                .map_or(w, |(_, long)| *long)
        })
        .collect();
    norm_name(&words.join(" "))
}

/// Whether a unit's name is a Dezernat, the level above the offices
/// ("Dez. 3", "Dezernat 6 / SuS").
fn names_dezernat(name: &str) -> bool {
    norm_unit(name).starts_with("dezernat")
}

fn names_match(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oparl::model::{ConsultationInfo, Printed};

    fn imported(text: &str) -> Record {
        let mut info = OparlInfo::default();
        for field in ["reference", "title", "paper_type", "date", "consultations"] {
            info.origin.insert(field.into(), Origin::Metadata);
        }
        Record {
            text: text.into(),
            oparl: Some(Box::new(info)),
            ..Record::default()
        }
    }

    fn outcome<'a>(verdicts: &'a [Verdict], field: &str) -> &'a Outcome {
        &verdicts.iter().find(|v| v.field == field).unwrap().outcome
    }

    #[test]
    fn agreements_and_classes() {
        let mut record = imported("Vorlage Nr. 2021 / 0387 vom 23.03.2021\nGemeinderat 20.04.2021");
        record.reference = Some("2021/0387".into());
        record.title = Some("Die Zukunft der Innenstadt sichern".into());
        record.paper_type = Some("Antrag".into());
        record.date = Some("2021-03-23".into());
        record.consultations = vec![Consultation {
            committee: "Haupt- und Finanzausschuss".into(),
            date: Some("2021-04-20".into()),
            ..Consultation::default()
        }];
        let info = record.oparl.as_deref_mut().unwrap();
        info.consultations = vec![ConsultationInfo {
            meeting_name: Some("Hauptausschuss".into()),
            ..ConsultationInfo::default()
        }];
        info.printed = Printed {
            reference: Some("2021-0387".into()),
            title: Some("Die Zukunft".into()),
            paper_type: Some("Anfrage".into()),
            date: Some("2021-04-20".into()),
            department: None,
            consultations: vec![Consultation {
                committee: "Hauptausschuss".into(),
                date: Some("2021-04-20".into()),
                ..Consultation::default()
            }],
        };
        let v = compare(&record);
        assert_eq!(outcome(&v, "reference"), &Outcome::Agree);
        assert_eq!(
            outcome(&v, "title"),
            &Outcome::Disagree("text's is a part of the metadata's".into())
        );
        assert_eq!(
            outcome(&v, "paper_type"),
            &Outcome::Disagree("Antrag → Anfrage".into())
        );
        assert_eq!(
            outcome(&v, "date"),
            &Outcome::Disagree("text's is a meeting date; metadata's printed".into())
        );
        assert_eq!(outcome(&v, "committees"), &Outcome::Agree);
        assert_eq!(outcome(&v, "consultation_dates"), &Outcome::Agree);
    }

    #[test]
    fn a_value_only_the_metadata_has_is_missed_or_not_printed() {
        let mut record = imported("Drucksache 16546, Karlsruhe, 27. Oktober 2005");
        record.reference = Some("16546".into());
        record.date = Some("2005-10-27".into());
        record.title = Some("Logistikzentrum".into());
        let v = compare(&record);
        let missed = Outcome::MetadataOnly("missed (printed in the text)".into());
        assert_eq!(outcome(&v, "reference"), &missed);
        assert_eq!(outcome(&v, "date"), &missed);
        assert_eq!(
            outcome(&v, "title"),
            &Outcome::MetadataOnly("not printed".into())
        );
        assert!(!reference_printed("Nr. 165467", "16546"));
    }

    #[test]
    fn units_by_abbreviation_dezernate_and_factions() {
        let department = |meta: &str, text: &str| {
            let mut record = imported("");
            record.department = Some(meta.into());
            let info = record.oparl.as_deref_mut().unwrap();
            info.origin.insert("department".into(), Origin::Metadata);
            info.printed.department = Some(text.into());
            outcome(&compare(&record), "department").clone()
        };
        assert_eq!(department("Dezernat 4", "Dez. 4"), Outcome::Agree);
        assert_eq!(
            department("Ortsverwaltung Neureut", "OV Neureut"),
            Outcome::Agree
        );
        assert_eq!(
            department("Stadtkämmerei", "Dez. 4"),
            Outcome::Disagree("text's is the Dezernat above the unit".into())
        );
        assert_eq!(
            department("Dezernat 4", "Dez. 5"),
            Outcome::Disagree("other unit".into())
        );
        assert_eq!(
            department("Stadtkämmerei", "SPD-Gemeinderatsfraktion"),
            Outcome::Disagree("text's is a faction (the originator)".into())
        );
    }
}
