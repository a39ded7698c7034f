//! The body: the city, council or parliament the paper belongs to, when the
//! text says so clearly — a header line such as "Stadt Karlsruhe",
//! "LANDTAG DES SAARLANDES" or "Landtag von Baden-Württemberg", else a
//! city that the text names as "Stadt X" / "Stadtverwaltung X" / "Gemeinde
//! X" at least twice and more often than any other, or once where the
//! paper's place says the same ("Erlangen, 25.11.2020", a postal address
//! "31171 Nordstemmen", the town's name alone in the letterhead).
//! Otherwise `null`: a bare "Stadtrat" does not say which city, nor does
//! one "Stadt Karlsruhe" in the prose of a paper from anywhere.

use super::lazy_regex::LazyRegex as Regex; // compiled on first use

use super::scan::{alternation, compile, Doc};
use super::{Evidence, Found, Rules, RulesError};

/// How many non-blank lines at the top of each page are the header.
const HEADER_LINES: usize = 12;

/// Compiled body rules.
#[derive(Clone, Debug)]
pub struct BodyRules {
    /// The one name of a body ([`BodyNames::canonical`]).
    names_of_bodies: BodyNames,
    header: Regex,
    names: Regex,
    mention: Regex,
    place_date: Regex,
    postal: Regex,
}

/// How a body's name is written once: the town prefixes dropped
/// ("Stadt Karlsruhe" → "Karlsruhe") and institutions told apart. Word
/// lists only, no patterns: cheap enough for a search's `--body` filter.
#[derive(Clone, Debug)]
pub struct BodyNames {
    /// `body_town_prefixes`, lower-cased, longest first.
    town_prefixes: Vec<String>,
    /// `body_not_name_words`, lower-cased.
    not_name_words: Vec<String>,
    /// `body_not_name_endings`, lower-cased.
    not_name_endings: Vec<String>,
}

impl BodyNames {
    /// The word lists of `rules`.
    pub fn new(rules: &Rules) -> BodyNames {
        let lower = |list: &str| -> Vec<String> {
            let mut words = rules.lower_list(list);
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            words
        };
        BodyNames {
            town_prefixes: lower("body_town_prefixes"),
            not_name_words: lower("body_not_name_words"),
            not_name_endings: lower("body_not_name_endings"),
        }
    }

    /// The one name of a body: a town's body as the town's name alone
    /// ("Stadt Karlsruhe", "Landeshauptstadt Stuttgart" → "Karlsruhe",
    /// "Stuttgart"), other bodies as written ("Landtag von
    /// Baden-Württemberg"); `None` for a company, school or other
    /// institution ("Stadt GmbH", "Stadt Grundschule").
    pub fn canonical(&self, name: &str) -> Option<String> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = name.to_lowercase();
        // The town prefix ("Stadt", "Stadtverwaltung") is dropped; of other
        // bodies the first word is the kind of body ("Bezirksamt Mitte").
        let town_prefix = self.town_prefixes.iter().find(|prefix| {
            lower
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.starts_with(' '))
        });
        let rest = match town_prefix {
            // Lower-casing keeps the byte length of these prefixes.
            Some(prefix) => name.get(prefix.len()..)?.trim(),
            None => name.split_once(' ').map_or("", |(_, rest)| rest),
        };
        let is_institution = rest.split(' ').any(|word| {
            let word = word
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
                .to_lowercase();
            self.not_name_words.contains(&word)
                || self
                    .not_name_endings
                    .iter()
                    .any(|ending| word.ends_with(ending.as_str()))
        });
        if is_institution || name.is_empty() {
            return None;
        }
        match town_prefix {
            Some(_) => rest
                .starts_with(char::is_uppercase)
                .then(|| rest.to_string()),
            None => Some(name),
        }
    }
}

/// How many non-blank lines at the top may hold the town's name alone.
const LETTERHEAD_LINES: usize = 8;

impl BodyRules {
    /// Compiles the `body_prefixes` list.
    pub fn new(rules: &Rules) -> Result<BodyRules, RulesError> {
        let prefixes = alternation(rules.list("body_prefixes"));
        Ok(BodyRules {
            names_of_bodies: BodyNames::new(rules),
            header: compile(
                "body_prefixes",
                &format!(
                    r"(?i)^[ \t]*((?:{prefixes})[ \t]+[^ \t,;:0-9(][^\t,;:0-9]*?)[ \t]*(?:$|\t|  |,|-[ \t])"
                ),
            )?,
            names: compile(
                "body_names",
                &format!(
                    r"^[ \t]*({})[ \t]*(?:$|\t|  )",
                    super::scan::alternation(rules.list("body_names"))
                ),
            )?,
            mention: compile(
                "body_prefixes",
                &format!(
                    r"({}) ([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)",
                    [
                        "Stadtverwaltung",
                        "Stadt",
                        "Gemeindeverwaltung",
                        "Gemeinde",
                        "Landeshauptstadt",
                        "Hansestadt",
                        "Universitätsstadt",
                    ]
                    .map(hyphenable)
                    .join("|")
                ),
            )?,
            place_date: compile(
                "body",
                r"^[ \t]*([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*),[ \t]+(?:den[ \t]+)?[0-9]{1,2}\.",
            )?,
            postal: compile(
                "body",
                r"(?:^|[ \t,])[0-9]{5}[ ]+([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)(?:$|[ \t,.;)])",
            )?,
        })
    }

    /// The body, where the text names it clearly.
    pub fn find(&self, doc: &Doc<'_>) -> Option<Found<String>> {
        let mut seen_on_page = (0u32, 0usize);
        for line in &doc.lines {
            if line.page != seen_on_page.0 {
                seen_on_page = (line.page, 0);
            }
            if seen_on_page.1 >= HEADER_LINES || line.page > 3 {
                continue;
            }
            if line.text.trim().is_empty() {
                continue;
            }
            seen_on_page.1 += 1;
            let named = self.names.captures(line.text).and_then(|c| c.get(1));
            let Some(m) = named.or_else(|| self.header.captures(line.text).and_then(|c| c.get(1)))
            else {
                continue;
            };
            let name = m.as_str().trim();
            if named.is_none() && !is_name(name) {
                continue;
            }
            let Some(value) = self.canonical(&normalise_case(name)) else {
                continue;
            };
            let start = line.start + m.start();
            return Some(Found {
                value,
                evidence: Evidence {
                    span: start..start + name.len(),
                    rule: "body.header_line".into(),
                },
            });
        }
        self.most_named(doc)
    }

    fn most_named(&self, doc: &Doc<'_>) -> Option<Found<String>> {
        let text = doc.text.as_str();
        let mut counts: Vec<(String, usize, std::ops::Range<usize>)> = Vec::new();
        for caps in self.mention.captures_iter(text) {
            let (Some(kind), Some(name)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let prefix = if kind.as_str().replace("-\n", "").starts_with("Gemeinde") {
                "Gemeinde"
            } else {
                "Stadt"
            };
            let body = format!("{prefix} {}", name.as_str());
            match counts.iter_mut().find(|c| c.0 == body) {
                Some(c) => c.1 += 1,
                None => counts.push((body, 1, kind.start()..name.end())),
            }
        }
        counts.retain(|c| self.canonical(&c.0).is_some());
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let best = counts.first()?;
        let second = counts.get(1).map_or(0, |c| c.1);
        if best.1 >= 2 && best.1 > second {
            return Some(Found {
                value: self.canonical(&best.0)?,
                evidence: Evidence {
                    span: best.2.clone(),
                    rule: "body.most_named".into(),
                },
            });
        }
        // Named once, and the paper's place is that town: one candidate only.
        let places = self.places(doc);
        let mut placed = counts.iter().filter(|c| {
            let town = c.0.split_once(' ').map_or("", |t| t.1);
            places.contains(&town)
        });
        let hit = placed.next()?;
        if placed.next().is_some() {
            return None;
        }
        Some(Found {
            value: self.canonical(&hit.0)?,
            evidence: Evidence {
                span: hit.2.clone(),
                rule: "body.named_and_placed".into(),
            },
        })
    }

    /// The one name of a body (see [`BodyNames::canonical`]).
    pub fn canonical(&self, name: &str) -> Option<String> {
        self.names_of_bodies.canonical(name)
    }

    /// The towns the paper says it is from: the place of a place-and-date
    /// line ("Erlangen, den 16.12.2020") or of a postal code ("31171
    /// Nordstemmen") anywhere, and a town's name alone on a letterhead
    /// line.
    fn places<'a>(&self, doc: &Doc<'a>) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut seen = 0;
        for (i, line) in doc.lines.iter().enumerate() {
            let t = line.text.trim();
            if t.is_empty() {
                continue;
            }
            seen += 1;
            if seen <= LETTERHEAD_LINES && is_town(t) {
                out.push(t);
            }
            if t.len() > 200 || !t.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            for (_, cell) in doc.column_starts(i) {
                if let Some(c) = self.place_date.captures(cell).and_then(|c| c.get(1)) {
                    out.push(c.as_str());
                }
            }
            for c in self.postal.captures_iter(line.text) {
                if let Some(m) = c.get(1) {
                    out.push(m.as_str());
                }
            }
        }
        out
    }
}

/// A regex for `word` that also matches it hyphenated at a line end
/// ("Ge-" / "meinde").
fn hyphenable(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if i + 1 < chars.len() && i >= 1 {
            out.push_str("(?:-\n)?");
        }
    }
    out
}

/// A town's name alone: one capitalised word, hyphens allowed.
fn is_town(t: &str) -> bool {
    t.len() >= 3
        && t.len() <= 40
        && t.starts_with(char::is_uppercase)
        && t.chars().all(|c| c.is_alphabetic() || c == '-')
        && t.chars().skip(1).any(char::is_lowercase)
}

/// A plausible name: at most six words, each capitalised or a particle.
fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 6
        && words.iter().skip(1).all(|w| {
            w.starts_with(char::is_uppercase)
                || matches!(
                    *w,
                    "von"
                        | "des"
                        | "der"
                        | "am"
                        | "an"
                        | "im"
                        | "in"
                        | "ob"
                        | "und"
                        | "VON"
                        | "DES"
                        | "DER"
                        | "AM"
                        | "AN"
                        | "IM"
                        | "IN"
                )
        })
}

/// "STADT KARLSRUHE" → "Stadt Karlsruhe"; other spellings stay.
fn normalise_case(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            if matches!(
                lower.as_str(),
                "von" | "des" | "der" | "am" | "an" | "im" | "in" | "ob" | "und"
            ) {
                return lower;
            }
            let mut out = String::new();
            let mut upper_next = true;
            for c in lower.chars() {
                if upper_next {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                upper_next = c == '-';
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {

    fn body(text: &str) -> Option<String> {
        crate::extract::extract_for_test(text).body
    }

    #[test]
    fn header_lines() {
        assert_eq!(
            body("\n STADT KARLSRUHE \nDer Oberbürgermeister\n").as_deref(),
            Some("Karlsruhe")
        );
        assert_eq!(
            body("LANDTAG DES SAARLANDES\n\n 15. Wahlperiode").as_deref(),
            Some("Landtag des Saarlandes")
        );
        assert_eq!(
            body("Landtag von Baden-Württemberg      Drucksache 17 / 273\n").as_deref(),
            Some("Landtag von Baden-Württemberg")
        );
    }

    #[test]
    fn named_city_or_nothing() {
        assert_eq!(
            body("Text der Stadtverwaltung Marburg.\nDie Stadt Marburg lädt ein.\n").as_deref(),
            Some("Marburg")
        );
        assert_eq!(
            body("Drucksache\n\nStadtrat\n\nEntscheidungsvorlage\n"),
            None
        );
        assert_eq!(body("Die Stadt Weimar und die Stadt Jena.\n"), None);
    }

    #[test]
    fn named_once_where_the_paper_is_from() {
        assert_eq!(
            body("Stadtteilbeirat Nord\nErlangen, 25.11.2020\nAntrag: X\nLaut Monitoring der Stadt Erlangen ist es so.\n").as_deref(),
            Some("Erlangen")
        );
        assert_eq!(
            body(
                "Fraktion, Hebelstraße 21, 76133 Karlsruhe\n\nAntrag\nText der Stadt Karlsruhe.\n"
            )
            .as_deref(),
            Some("Karlsruhe")
        );
        assert_eq!(
            body("Adensen\tHeyersum\nNordstemmen\nRössing\nDS 12/2025\nDie Gemeinde Nordstemmen teilt mit.\n").as_deref(),
            Some("Nordstemmen")
        );
        // Named once, but the paper is from elsewhere; or from nowhere said.
        assert_eq!(
            body("Erlangen, 25.11.2020\nWie in der Stadt Fürth.\n"),
            None
        );
        assert_eq!(body("Der Spielplatz der Stadt Karlsruhe ist alt.\n"), None);
    }

    #[test]
    fn one_name_per_town_and_never_an_institution() {
        // See: issue 17, point 4 ("Stadt Gmb", "Stadt Grundschule").
        assert_eq!(
            body("Landeshauptstadt Stuttgart\nGemeinderatsdrucksache\n").as_deref(),
            Some("Stuttgart")
        );
        assert_eq!(
            body("Markt Murnau\nBeschlussvorlage\n").as_deref(),
            Some("Murnau")
        );
        assert_eq!(body("Stadt GmbH\nBeschlussvorlage\n"), None);
        assert_eq!(body("Stadt Grundschule Nord\nAntrag\n"), None);
        assert_eq!(
            body("Die Stadt Grundschule und die Stadt Grundschule.\n"),
            None
        );
        // The kind of body is no institution's ending: "Stadtverwaltung",
        // "Bezirksamt" end like "verwaltung", "amt".
        assert_eq!(body("Stadt Halle\nAntrag\n").as_deref(), Some("Halle"));
        assert_eq!(
            body("Stadtverwaltung Marburg\nVorlage\n").as_deref(),
            Some("Marburg")
        );
        assert_eq!(
            body("Bezirksamt Mitte\nVorlage\n").as_deref(),
            Some("Bezirksamt Mitte")
        );
        assert_eq!(body("Stadtverwaltung Marburg Stadtarchiv\nVorlage\n"), None);
    }
}
