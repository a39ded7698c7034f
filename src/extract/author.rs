//! The author or signatory: the value of an author label (Sachbearbeiter/in,
//! Verfasser, Auskunft erteilt, Unterzeichnet von, …); else the asker of an
//! Anfrage ("Anfrage des Abgeordneten Michael Neyses (B90/Grüne)",
//! "Stadtrat Johannes Honné (GRÜNE)"); else a signature: the name above a
//! role line ("Dr. Thomas Spies" / "Oberbürgermeister") or below "Mit
//! freundlichen Grüßen". Salutations (Herr, Frau) are dropped.

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::department::first_cell;
use super::scan::{compile, Doc, LabelMatcher, Separator};
use super::{Evidence, Found, Layout, Rules, RulesError};

/// How many non-blank lines at the top are the letterhead.
const LETTERHEAD_LINES: usize = 6;

/// Compiled author rules.
#[derive(Clone, Debug)]
pub struct AuthorRules {
    labels: LabelMatcher,
    asker: Regex,
    roles: Vec<String>,
    /// The roles lower-cased, for the line-by-line signature search.
    roles_lower: rustc_hash::FxHashSet<String>,
    /// The longest role in bytes: longer lines are no role line.
    role_max_len: usize,
    /// The first and the last bytes of the lower-cased roles.
    role_firsts: [bool; 256],
    role_lasts: [bool; 256],
}

impl AuthorRules {
    /// Compiles the `author_labels` and `signature_roles` lists.
    pub fn new(rules: &Rules) -> Result<AuthorRules, RulesError> {
        Ok(AuthorRules {
            labels: LabelMatcher::new(
                "author_labels",
                rules.list("author_labels"),
                Separator::Strict,
            )?,
            asker: compile(
                "author",
                r"(?:Abgeordneten|Stadtrat|Stadträtin|Stadtverordneten?|Gemeinderat|Gemeinderätin|Ratsherr|Ratsfrau|Stadtverordnete[rn]?)[ ]+((?:Dr\.[ ]+)?[A-ZÄÖÜ][a-zäöüßé]+(?:[ -][A-ZÄÖÜ][a-zäöüßé]+){1,3})(?:[ ]*\(|(?:[ ]+[A-ZÄÖÜ0-9][A-ZÄÖÜ0-9/.]*){1,4}[ ]*$)",
            )?,
            roles: rules.list("signature_roles").to_vec(),
            roles_lower: rules
                .list("signature_roles")
                .iter()
                .map(|r| r.to_lowercase())
                .collect(),
            role_firsts: byte_set(rules.list("signature_roles"), |r| r.first().copied()),
            role_lasts: byte_set(rules.list("signature_roles"), |r| r.last().copied()),
            role_max_len: rules
                .list("signature_roles")
                .iter()
                .map(String::len)
                .max()
                .unwrap_or(0),
        })
    }

    /// Whether `t` lower-cased can be a role: its first and last
    /// characters, where ASCII, are those of a role (an ASCII character
    /// lower-cases to itself or its ASCII small letter).
    fn may_be_role(&self, t: &str) -> bool {
        let b = t.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return self.roles_lower.contains("");
        };
        (!first.is_ascii() || self.role_firsts[first.to_ascii_lowercase() as usize])
            && (!last.is_ascii() || self.role_lasts[last.to_ascii_lowercase() as usize])
    }

    /// The author.
    pub fn find(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        self.by_label(doc)
            .or_else(|| self.asker(doc, layout))
            .or_else(|| self.signature(doc, layout))
            .or_else(|| self.role_in_letterhead(doc))
    }

    /// A signatory named with their role in the letterhead: "Vorsitzender
    /// Günter Winkelmann" under "Stadtteilbeirat Büchenbach". Addressees
    /// ("Herrn Oberbürgermeister …", or a line below "Herrn") are not.
    fn role_in_letterhead(&self, doc: &Doc<'_>) -> Option<Found<String>> {
        for (i, t) in doc.first_nonblank(LETTERHEAD_LINES) {
            let addressed = |s: &str| s.starts_with("Herrn") || s.starts_with("An ");
            let prev = (0..i)
                .rev()
                .find(|&j| !doc.is_blank(j))
                .map(|j| doc.trimmed(j));
            if addressed(t)
                || prev.is_some_and(|p| addressed(p) && p.split_whitespace().count() <= 2)
            {
                continue;
            }
            let cell = first_cell(t);
            let Some(role) = self.roles.iter().find(|r| {
                cell.len() > r.len()
                    && cell.is_char_boundary(r.len())
                    && super::scan::eq_ignore_case(&cell[..r.len()], r)
            }) else {
                continue;
            };
            let rest = &cell[role.len()..];
            if !rest.starts_with(' ') {
                continue;
            }
            let Some((name, offset)) = person(rest) else {
                continue;
            };
            let start = doc.trimmed_span(i).start + role.len() + offset;
            return Some(Found {
                value: name.to_string(),
                evidence: Evidence {
                    span: start..start + name.len(),
                    rule: "author.letterhead_role".into(),
                },
            });
        }
        None
    }

    fn by_label(&self, doc: &Doc<'_>) -> Option<Found<String>> {
        for (i, line) in doc.lines.iter().enumerate() {
            if line.text.len() > 200 {
                continue;
            }
            // Labels in a second header column only near the top.
            let starts: &mut dyn Iterator<Item = (usize, &str)> =
                if i < super::sections::MAX_HEADER_LINES {
                    &mut doc.column_starts(i)
                } else {
                    &mut std::iter::once((0, line.text))
                };
            for (at, cell) in starts {
                let Some(m) = self.labels.find(cell) else {
                    continue;
                };
                // The value, or the first person among the two lines below
                // an empty label ("unterzeichnet:" / "Fraktion Freie
                // Wähler" / "Jürgen Wenzel, …").
                let below = || {
                    let first = doc.next_nonblank(i + 1).filter(|&j| j <= i + 2)?;
                    let second = doc.next_nonblank(first + 1).filter(|&j| j == first + 1);
                    [Some(first), second].into_iter().flatten().find_map(|j| {
                        let (name, offset) = person(first_cell(doc.trimmed(j)))?;
                        Some((name, doc.trimmed_span(j).start + offset))
                    })
                };
                let found = if m.value.is_empty() {
                    below()
                } else {
                    person(first_cell(m.value))
                        .map(|(name, offset)| (name, line.start + at + m.value_at + offset))
                };
                let Some((name, start)) = found else {
                    continue;
                };
                return Some(Found {
                    value: name.to_string(),
                    evidence: Evidence {
                        span: start..start + name.len(),
                        rule: format!("author.label:{}", self.labels.label(m.index)),
                    },
                });
            }
        }
        None
    }

    fn asker(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        let end = layout.header_end.max(12).min(doc.lines.len());
        for line in &doc.lines[..end] {
            if let Some(m) = self.asker.captures(line.text).and_then(|c| c.get(1)) {
                let start = line.start + m.start();
                return Some(Found {
                    value: m.as_str().to_string(),
                    evidence: Evidence {
                        span: start..start + m.len(),
                        rule: "author.asker".into(),
                    },
                });
            }
        }
        None
    }

    fn signature(&self, doc: &Doc<'_>, layout: &Layout<'_>) -> Option<Found<String>> {
        for i in (1..doc.lines.len()).rev() {
            let t = doc.trimmed(i);
            let closing = t.starts_with("Mit freundlichen Grüßen");
            // "24.09.2024, gez. Dr. Tanja Meier", "Dr. Dietmar Bartsch und Fraktion"
            let signed = super::scan::find_bytes(t.as_bytes(), b"gez.")
                .map(|p| (p + 4, t[p + 4..].trim_start_matches([' ', '\t'])))
                .map(|(p, rest)| {
                    let rest2 = rest
                        .strip_prefix("i. A.")
                        .or(rest.strip_prefix("i.A."))
                        .unwrap_or(rest);
                    (p + (t.len() - p - rest2.len()), rest2)
                })
                .or_else(|| t.strip_suffix(" und Fraktion").map(|n| (0, n)));
            if let Some((at, rest)) = signed {
                if let Some((name, offset)) = person_with(first_cell(rest), at > 0) {
                    let start = doc.trimmed_span(i).start + at + offset;
                    return Some(Found {
                        value: name.to_string(),
                        evidence: Evidence {
                            span: start..start + name.len(),
                            rule: "author.signed".into(),
                        },
                    });
                }
            }
            // "Stoch, Binder" / "und Fraktion": the signatories of a
            // parliamentary group, wrapped before "und Fraktion".
            if t.starts_with("und Fraktion") {
                if let Some(j) = (0..i)
                    .rev()
                    .find(|&j| !doc.is_blank(j))
                    .filter(|&j| i - j <= 2)
                {
                    let names = doc.trimmed(j);
                    let first = names.split(',').next().unwrap_or(names);
                    if let Some((name, offset)) = person_with(first, true) {
                        let start = doc.trimmed_span(j).start + offset;
                        return Some(Found {
                            value: name.to_string(),
                            evidence: Evidence {
                                span: start..start + name.len(),
                                rule: "author.signed".into(),
                            },
                        });
                    }
                }
            }
            // Case changes keep German words within twice their length.
            let is_role = t.len() <= 2 * self.role_max_len
                && self.may_be_role(t)
                && self.roles_lower.contains(t.to_lowercase().as_str());
            let j = if is_role {
                (0..i)
                    .rev()
                    .find(|&j| !doc.is_blank(j))
                    .filter(|&j| i - j <= 2)
            } else if closing {
                doc.next_nonblank(i + 1)
                    .and_then(|j| {
                        if doc.trimmed(j).starts_with("gez") {
                            doc.next_nonblank(j + 1)
                        } else {
                            Some(j)
                        }
                    })
                    .filter(|&j| j <= i + 6)
            } else {
                None
            };
            let Some(j) = j else { continue };
            if layout.table.as_ref().is_some_and(|t| t.contains(&j)) {
                continue;
            }
            let cell = first_cell(doc.trimmed(j));
            let Some((name, offset)) = person(cell) else {
                continue;
            };
            let start = doc.trimmed_span(j).start + offset;
            return Some(Found {
                value: name.to_string(),
                evidence: Evidence {
                    span: start..start + name.len(),
                    rule: if closing {
                        "author.closing"
                    } else {
                        "author.signature"
                    }
                    .into(),
                },
            });
        }
        None
    }
}

/// The bytes `pick` takes from each lower-cased entry of `list`.
fn byte_set(list: &[String], pick: impl Fn(&[u8]) -> Option<u8>) -> [bool; 256] {
    let mut set = [false; 256];
    for entry in list {
        if let Some(b) = pick(entry.to_lowercase().as_bytes()) {
            set[b as usize] = true;
        }
    }
    set
}

/// A person's name in `s` (salutation dropped), with its offset: two to
/// five words, capitalised, no digits.
fn person(s: &str) -> Option<(&str, usize)> {
    person_with(s, false)
}

/// [`person`], also accepting a lone surname when `single_ok` (after "gez.").
fn person_with(s: &str, single_ok: bool) -> Option<(&str, usize)> {
    let mut t = s.trim();
    let mut offset = s.len() - s.trim_start().len();
    let mut saluted = single_ok;
    for salutation in ["Herr ", "Frau ", "Hr. ", "Fr. "] {
        if let Some(rest) = t.strip_prefix(salutation) {
            offset += t.len() - rest.trim_start().len();
            t = rest.trim_start();
            saluted = true;
        }
    }
    // A role before the name: "Stadtrat Detlef Hofmann".
    for role in [
        "Stadtrat ",
        "Stadträtin ",
        "Gemeinderat ",
        "Gemeinderätin ",
        "Ortschaftsrat ",
        "Ortschaftsrätin ",
    ] {
        if let Some(rest) = t
            .strip_prefix(role)
            .filter(|r| r.starts_with(char::is_uppercase))
        {
            offset += t.len() - rest.len();
            t = rest;
        }
    }
    // "Günter Winkelmann für den Stadtteilbeirat": the name ends before "für".
    let t = t.split(" für ").next().unwrap_or(t);
    let t = surname_first(t).unwrap_or_else(|| {
        t.split(',')
            .next()
            .unwrap_or(t)
            .trim_end_matches(';')
            .trim_end()
    });
    let words: Vec<&str> = t.split_whitespace().collect();
    let bodyish = [
        "rat",
        "beirat",
        "amt",
        "ausschuss",
        "fraktion",
        "verwaltung",
        "stadt",
        "gemeinde",
    ];
    // One word is a name only after Herr/Frau; body nouns are not names.
    if words.len() < 2 && !saluted
        || words.iter().any(|w| {
            let w = w.to_lowercase();
            bodyish.iter().any(|b| w.ends_with(b))
        })
    {
        return None;
    }
    if t.is_empty()
        || t.len() > 60
        || words.len() > 5
        || t.contains(|c: char| c.is_ascii_digit() || c == ':' || c == '@')
        || !words.iter().all(|w| {
            w.starts_with(char::is_uppercase) || matches!(*w, "von" | "van" | "de" | "zu" | "und")
        })
    {
        return None;
    }
    Some((t, offset))
}

/// "Mustermann, Erika" (surname, comma, given names) as portals print a
/// clerk: one word before the comma, one or two capitalised words after.
fn surname_first(t: &str) -> Option<&str> {
    let (surname, given) = t.split_once(',')?;
    let given_words: Vec<&str> = given.split_whitespace().collect();
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase) && !w.ends_with('.');
    (!surname.trim().contains(' ')
        && !given.contains([',', ';'])
        && (1..=2).contains(&given_words.len())
        && given_words.iter().all(capitalised)
        && capitalised(&surname.trim()))
    .then(|| t.trim_end())
}

#[cfg(test)]
mod tests {

    fn author(text: &str) -> Option<String> {
        crate::extract::extract_for_test(text).author
    }

    #[test]
    fn labels() {
        assert_eq!(
            author("Fachdienst:\tFB 7\nSachbearbeiter/in:\tJohannes Maaser\n").as_deref(),
            Some("Johannes Maaser")
        );
        assert_eq!(
            author("Auskunft erteilt: Herr Niemann\nTelefon: 800-21      13.06.2025\n").as_deref(),
            Some("Niemann")
        );
        assert_eq!(
            author("Text.\n\nUnterzeichnet von:\nMathilde Göttel\nLukas Bimmerle\n").as_deref(),
            Some("Mathilde Göttel")
        );
    }

    #[test]
    fn askers_and_signatures() {
        assert_eq!(
            author(
                "A N T W O R T\n\nzu der\n\nAnfrage des Abgeordneten Michael Neyses (B90/Grüne)\n"
            )
            .as_deref(),
            Some("Michael Neyses")
        );
        assert_eq!(
            author("Schriftliche Anfrage\nder Abgeordneten Katharina Beispiel BÜNDNIS 90/DIE GRÜNEN\nvom 03.04.2023\n")
                .as_deref(),
            Some("Katharina Beispiel")
        );
        assert_eq!(
            author("Text.\n\nDr. Thomas Spies\nOberbürgermeister\n").as_deref(),
            Some("Dr. Thomas Spies")
        );
        assert_eq!(
            author("Text.\n\nMit freundlichen Grüßen \n\nChristiane Jäger \n").as_deref(),
            Some("Christiane Jäger")
        );
        assert_eq!(author("Der Oberbürgermeister\nhat entschieden.\n"), None);
    }

    #[test]
    fn portal_and_form_variants() {
        assert_eq!(
            author("Federführend: Amt 40\nBearbeiter/-in: Mustermann, Erika\nDatum: 12.02.2024\n")
                .as_deref(),
            Some("Mustermann, Erika")
        );
        assert_eq!(
            author("Text.\n\nunterzeichnet:\nFraktion Freie Wähler\nJürgen Wenzel, Ullrich Müller und Zahide Yesil\n")
                .as_deref(),
            Some("Jürgen Wenzel")
        );
        assert_eq!(
            author("Stadtteilbeirat Nord\tOrt, den 7.7.2022\nVorsitzender: Hans Beispiel\n")
                .as_deref(),
            Some("Hans Beispiel")
        );
        assert_eq!(
            author("Text.\nMit freundlichen Grüßen\nHans Beispiel für den Stadtteilbeirat Nord\n")
                .as_deref(),
            Some("Hans Beispiel")
        );
    }

    #[test]
    fn signatory_in_the_letterhead_but_not_the_addressee() {
        assert_eq!(
            author("Stadtteilbeirat Nord\nVorsitzender Hans Beispiel\nHerrn Oberbürgermeister Dr. Max Muster\n\nAntrag: X\n")
                .as_deref(),
            Some("Hans Beispiel")
        );
        assert_eq!(
            author("Herrn\nOberbürgermeister Dr. Max Muster\nRathaus\n\nAntrag: X\n"),
            None
        );
    }

    #[test]
    fn group_signatories_wrapped_before_und_fraktion() {
        let text = "Gesetzentwurf\nder Fraktion der SPD\n\nText.\n\n22.6.2021\n\nStoch, Binder\nund FraktionBegründung\n\nA. Allgemeiner Teil\n";
        assert_eq!(author(text).as_deref(), Some("Stoch"));
    }

    #[test]
    fn roles_and_bodies_around_names() {
        let text =
            "Text.\n\nMit freundlichen Grüßen\n\nGünter Winkelmann, Stadtteilbeirat Büchenbach\n";
        assert_eq!(author(text).as_deref(), Some("Günter Winkelmann"));
        let text = "Unterzeichnet von:\nStadtrat Detlef Hofmann\n";
        assert_eq!(author(text).as_deref(), Some("Detlef Hofmann"));
        assert_eq!(
            author("Mit freundlichen Grüßen\n\nStadtteilbeirat Büchenbach\n"),
            None
        );
    }
}
