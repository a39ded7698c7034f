//! Small scanners over the text the actor rules share: words before and
//! after a match, cells, names' shapes and keys. Each looks at a bounded
//! reach of the text, so every rule stays linear in the input.

use super::*;

/// How far back from `at` the backward scans look (bytes): names and
/// the words before them are far shorter, and a bounded reach keeps every
/// scan linear in the input.
pub(super) const REACH_BACK: usize = 240;

/// The start of the bounded reach before `at`, on a character boundary.
pub(super) fn reach_back(s: &str, at: usize) -> usize {
    let mut from = at.saturating_sub(REACH_BACK);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// Whether the line around `at` is justified prose: no tab, at least
/// four runs of two or more spaces, and a third of its words in lower
/// case (a table's row is cells of capitals and numbers). Reads a bounded
/// reach on each side, so a one-line text is not read whole at each match.
pub(super) fn justified(s: &str, at: usize) -> bool {
    let mut end = (at + REACH_BACK).min(s.len());
    while !s.is_char_boundary(end) {
        end += 1;
    }
    let from = reach_back(s, at);
    let start = s[from..at]
        .rfind(['\n', '\u{c}'])
        .map_or(from, |i| from + i + 1);
    let stop = s[at..end].find(['\n', '\u{c}']).map_or(end, |i| at + i);
    let line = &s[start..stop];
    let words = line.split_whitespace();
    let lower = words.clone().filter(|w| w.starts_with(char::is_lowercase));
    !line.contains('\t') && line.matches("  ").count() >= 4 && lower.count() * 3 >= words.count()
}

/// Whether a line holds only spaces and tabs.
pub(super) fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Whether some cell of a line (see `cells`) may pass `could_be_name`: a
/// byte test that lets every non-ASCII character pass, so it never says no
/// where `could_be_name` says yes.
pub(super) fn may_hold_name_cell(line: &str) -> bool {
    let bytes = line.as_bytes();
    let gap_at =
        |i: usize| bytes[i] == b'\t' || bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' ');
    let mut i = 0;
    while i < bytes.len() {
        // Blanks before a cell; a cell starts at its first other byte.
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            i += 1;
            continue;
        }
        let mut shaped = bytes[i].is_ascii_uppercase() || !bytes[i].is_ascii();
        i += 1;
        while i < bytes.len() && !gap_at(i) {
            let b = bytes[i];
            shaped = shaped
                && (!b.is_ascii()
                    || b.is_ascii_alphabetic()
                    || b.is_ascii_whitespace()
                    || b == b'-'
                    || b == b'.');
            i += 1;
        }
        if shaped {
            return true;
        }
    }
    false
}

/// Whether a table cell could be a person's name (see `person_name`):
/// a capital first, then only letters, hyphens, dots and spaces.
pub(super) fn could_be_name(cell: &str) -> bool {
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
pub(super) fn drop_inner_compounds(found: &mut Vec<Candidate>) {
    let container = |c: &Candidate| c.kind != Person && !c.rule.starts_with("actors.field");
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
pub(super) fn after_a_law(s: &str, at: usize) -> bool {
    pub(super) const LAWS: &[&str] = &[
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
    words
        .next()
        .is_some_and(|w| LAWS.iter().any(|law| ends_lower(w, law)))
}

/// The unit numbers listed after a numbered unit: " und 6", ", 4 und 5"
/// (arabic numbers of one to three digits, each ending its word).
pub(super) fn numbers_listed_after(rest: &str) -> Vec<&str> {
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
pub(super) fn abbreviation_after(s: &str, at: usize) -> Option<&str> {
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
pub(super) fn without_abbreviation(name: &str) -> &str {
    match name.strip_suffix(')').and_then(|n| n.rfind(" (")) {
        Some(i) => &name[..i],
        None => name,
    }
}

/// The blanks at the start of `rest`, over at most one line end (the
/// next line's indentation included).
pub(super) fn gap_to_next_line(rest: &str) -> usize {
    let blanks = |r: &str| r.len() - r.trim_start_matches([' ', '\t']).len();
    let gap = blanks(rest);
    match rest[gap..].strip_prefix('\n') {
        Some(next) => gap + 1 + blanks(next),
        None => gap,
    }
}

/// A letter-spaced name joined back: "M a x   M u s t e r" → "Max
/// Muster"; `None` unless every word is single letters one space apart.
pub(super) fn unspace(line: &str) -> Option<String> {
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
pub(super) fn unit_code_before(s: &str, at: usize) -> (usize, String) {
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
pub(super) fn title_case(text: &str) -> String {
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
pub(super) fn has_date(line: &str) -> bool {
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
pub(super) fn on_unticked_form_line(line: &str) -> bool {
    pub(super) const BOXES: [char; 2] = ['☐', '□'];
    pub(super) const TICKED: [char; 5] = ['☒', '☑', '✓', '✔', '⊠'];
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

pub(super) fn candidate(
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
pub(super) fn alternation(words: &[String]) -> String {
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

/// Whether `word` ends like one of the lower-case `endings`.
pub(super) fn ends_like(word: &str, endings: &[String]) -> bool {
    endings.iter().any(|e| ends_lower(word, e))
}

/// Whether `word` in lower case ends with the lower-case `ending`: the
/// word's last letters compared one by one, without a lower-case copy
/// (the copy is made only where a letter's lower case is not one letter,
/// or is the capital sigma whose lower case depends on its place).
pub(super) fn ends_lower(word: &str, ending: &str) -> bool {
    let mut tail = word.chars().rev();
    for e in ending.chars().rev() {
        let Some(c) = tail.next() else {
            return false;
        };
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if c != 'Σ' => {
                if l != e {
                    return false;
                }
            }
            _ => return word.to_lowercase().ends_with(ending),
        }
    }
    true
}

pub(super) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn word_start(s: &str, at: usize) -> bool {
    s[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '-'))
}

/// Whether no letter or digit follows `at`.
pub(super) fn word_end(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

pub(super) fn whole_word(s: &str, start: usize, end: usize) -> bool {
    word_start(s, start) && word_end(s, end)
}

/// One space between words, no space before a comma.
pub(super) fn normalise_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.contains(" ,") {
        out = out.replace(" ,", ",");
    }
    out
}

/// The base form of a declined name: the listed name it starts with, or
/// the word without its ending ("Arbeitskreises" → "Arbeitskreis").
pub(super) fn base_form(printed: &str, names: &[String]) -> String {
    let printed = normalise_space(printed);
    let listed = names
        .iter()
        .filter(|n| printed.starts_with(n.as_str()) && printed.len() - n.len() <= 2);
    match listed.max_by_key(|n| n.len()) {
        Some(name) => name.clone(),
        None => strip_declension(&printed).to_string(),
    }
}

/// Cuts a genitive or dative ending off a noun ("Arbeitskreises").
pub(super) fn strip_declension(word: &str) -> &str {
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
pub(super) fn quoted(s: &str, at: usize) -> Option<(usize, String)> {
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
pub(super) fn cell_words(rest: &str) -> impl Iterator<Item = &str> {
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

/// Cells of a line split at tabs and runs of two or more spaces: byte
/// offset, start and end column, text.
pub(super) fn cells(line: &str) -> Vec<(usize, usize, usize, &str)> {
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
pub(super) fn person_key(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| !w.ends_with('.'))
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Comparison key of other actors: lower-case words, commas and "und"
/// dropped, so list spellings of one name meet.
pub(super) fn words_key(name: &str) -> String {
    // Without dots and the space after one ("St. Georg" is "StGeorg");
    // "Markgrafen-Gymnasium" and "Markgrafengymnasium" are one name.
    let words = name.replace(". ", "").replace('.', "");
    let words = words.split(|c: char| c.is_whitespace() || c == ',');
    let words = words
        .map(|w| w.trim_end_matches('-'))
        .filter(|w| !w.is_empty() && *w != "und");
    let words: Vec<String> = words.map(|w| w.replace('-', "").to_lowercase()).collect();
    words.join(" ")
}

/// Whether `text` starts with the words `head` and goes on after a space.
pub(super) fn starts_with_word(text: &str, head: &str) -> bool {
    text.strip_prefix(head)
        .is_some_and(|rest| rest.starts_with(' '))
}

/// Whether `text` ends with the words `tail`, after a space.
pub(super) fn ends_with_word(text: &str, tail: &str) -> bool {
    text.strip_suffix(tail)
        .is_some_and(|rest| rest.ends_with(' '))
}

/// Scanners that read words of the vocabulary.
impl ActorRules {
    /// A capitalised adjective right before `at` that an article or a
    /// contracted preposition introduces ("der Freien Universität", "dem
    /// Badischen Sportbund"): where it starts and its form before `noun`
    /// named alone ("Freie Universität", "Badischer Sportbund", "Deutsches
    /// Institut"), the gender read from the noun's ending. A capital after an
    /// article is part of a name, not the start of a sentence.
    pub(super) fn adjective_before(
        &self,
        s: &str,
        at: usize,
        noun: &str,
    ) -> Option<(usize, String)> {
        let before = s.get(reach_back(s, at)..at)?.strip_suffix(' ')?;
        let (rest, word) = before.rsplit_once(' ')?;
        let introducer = rest.rsplit([' ', '\n', '\t']).next()?;
        let mut chars = word.chars();
        let shaped = chars.next().is_some_and(char::is_uppercase)
            && chars.clone().count() >= 3
            && chars.all(char::is_lowercase)
            && (word.ends_with('e') || word.ends_with("en"));
        let base = word.strip_suffix('n').unwrap_or(word);
        // Adjective endings, not a noun's ("die Hauptschule Uhlandschule").
        let adjective = ends_like(base, self.list("adjective_suffixes"));
        if !shaped || !adjective || !self.listed("articles", introducer) {
            return None;
        }
        let head = noun.split(' ').next().unwrap_or(noun).to_lowercase();
        let ending = if ends_like(&head, self.list("masculine_suffixes")) {
            "r"
        } else if ends_like(&head, self.list("neuter_suffixes")) {
            "s"
        } else {
            ""
        };
        Some((at - 1 - word.len(), format!("{base}{ending}")))
    }

    pub(super) fn topic(
        &self,
        s: &str,
        at: usize,
        function_words: bool,
    ) -> Option<(usize, String)> {
        let function_words_of = self.list("topic_function_words");
        let function_word = |w: &str| function_words_of.iter().any(|f| f == w);
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
                let function = function_words && function_word(trimmed);
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
                } else if capital
                    || (!after_comma && (function || (connector && !words.is_empty())))
                {
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
                || function_word(bare)
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
            .is_some_and(|w| function_word(w) && w != "die" && w != "der")
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
    /// fill it, the line before: "Bürgergesellschaft
    /// Südstadt" before "e. V.". Leading articles are dropped; an opening
    /// bracket or quote ends the name.
    pub(super) fn name_before(&self, s: &str, at: usize) -> Option<(usize, String)> {
        let mut taken: Vec<String> = Vec::new();
        let mut first_start = at;
        let mut end = at;
        for _ in 0..2 {
            // A name before a legal form is short: look back a bounded reach,
            // so a one-line text is not read back to its start at every match.
            let from = reach_back(s, end);
            let line_start = s[from..end]
                .rfind(['\n', '\u{c}', '\t'])
                .map_or(from, |i| from + i + 1);
            let real_line_start =
                line_start == 0 || s[..line_start].ends_with(['\n', '\u{c}', '\t']);
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
                if !((capital || word == "&") && !sentence_end && taken.len() < 6) {
                    stopped = true;
                    break;
                }
                taken.insert(0, word.to_string());
                first_start = word_at + (raw.len() - word.len());
                if opener {
                    stopped = true;
                    break;
                }
            }
            if stopped || line_start == 0 || !real_line_start {
                break;
            }
            end = line_start - 1;
        }
        while taken
            .first()
            .is_some_and(|w| self.listed("name_openers", w))
        {
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

    /// Whether an article or a contracted preposition ends the text before
    /// `at` ("das Land", "der Gemeinde").
    pub(super) fn after_article(&self, s: &str, at: usize) -> bool {
        s[reach_back(s, at)..at]
            .strip_suffix(' ')
            .and_then(|b| b.rsplit([' ', '\n', '\t']).next())
            .is_some_and(|w| self.listed("articles", &w.to_lowercase()))
    }
}

/// The text with the words broken at a line end joined, read by every
/// scanner: "Ge-\nmeinde" → "Gemeinde", "Bünd-\nnis 90" → "Bündnis 90",
/// "Baden-\nWürttemberg zahlt" → "Baden-Württemberg zahlt", "Kultur-\nund
/// Sport" → "Kultur- und Sport". A capital continues the word only in prose,
/// not as a table's next row ("Beschluss-\nRat\t30.09.").
/// `cuts` says where bytes were removed, to map spans back.
pub(super) struct Joined<'a> {
    pub(super) text: std::borrow::Cow<'a, str>,
    /// Position in the joined text after each cut, and the bytes removed
    /// up to there.
    cuts: Vec<(usize, usize)>,
}

impl<'a> Joined<'a> {
    pub(super) fn new(s: &'a str) -> Joined<'a> {
        let mut out = String::new();
        let mut cuts = Vec::new();
        let (mut copied, mut removed) = (0, 0);
        for newline in memchr::memchr_iter(b'\n', s.as_bytes()) {
            let head = &s[copied.min(newline)..newline];
            let Some(word) = head.strip_suffix('-') else {
                continue;
            };
            if !word.chars().next_back().is_some_and(char::is_alphabetic) {
                continue;
            }
            let rest = &s[newline + 1..];
            let next_at = s.len() - rest.trim_start_matches([' ', '\t']).len();
            let next = &s[next_at..];
            let len = next
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(next.len());
            let first = next.chars().next();
            let (from, insert) = if matches!(&next[..len], "und" | "oder" | "bzw" | "sowie") {
                (newline, " ")
            } else if first.is_some_and(char::is_lowercase) {
                (newline - 1, "")
            } else if first.is_some_and(char::is_uppercase)
                && !next[len..].starts_with(['\t', '\n', '\u{c}'])
                && !next[len..].starts_with("  ")
            {
                (newline, "")
            } else {
                continue;
            };
            out.push_str(&s[copied..from]);
            out.push_str(insert);
            removed += next_at - from - insert.len();
            cuts.push((out.len(), removed));
            copied = next_at;
        }
        if cuts.is_empty() {
            return Joined {
                text: s.into(),
                cuts,
            };
        }
        out.push_str(&s[copied..]);
        Joined {
            text: out.into(),
            cuts,
        }
    }

    /// The position in the original text of `at` in the joined one.
    pub(super) fn original(&self, at: usize) -> usize {
        let i = self.cuts.partition_point(|&(pos, _)| pos <= at);
        at + i.checked_sub(1).map_or(0, |i| self.cuts[i].1)
    }

    /// The position in the joined text of `at` in the original one.
    pub(super) fn joined(&self, at: usize) -> usize {
        let i = self
            .cuts
            .partition_point(|&(pos, removed)| pos + removed <= at);
        let removed = i.checked_sub(1).map_or(0, |i| self.cuts[i].1);
        let at = at - removed;
        // A position inside a cut maps to the cut's place.
        self.cuts.get(i).map_or(at, |&(next, _)| at.min(next))
    }
}
