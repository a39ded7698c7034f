//! From what a researcher types to a tantivy query.
//!
//! - A query that is just a paper number in some notation ("1822/24",
//!   "DS 1822/24", "Drucksache 1822/24", "VO/7605/2020") becomes an exact
//!   number lookup that outranks everything, or'ed with the number as a
//!   phrase in the text (which finds the papers citing it).
//! - Anything else goes through tantivy's query grammar (phrases, AND / OR /
//!   NOT, `+`/`-`, fields, ranges) over the stemmed text fields and their
//!   exact-form twins, so an exact word form scores above a stem-only
//!   match. A bare `word*` becomes a prefix (regex) query on the exact-form
//!   fields.
//! - [`Plan::fuzzy`] is the same query with every default-field word
//!   allowed one edit (typo), used by the caller when the strict query
//!   finds few papers.
//! - A query of two or more bare words also scores a paper whose title
//!   holds all of them (whole, in another form, or as compound parts)
//!   higher ([`title_bonus`]).
//! - Filters (`--body`, `--type`, `--committee`, `--from`, `--to`) are
//!   score-neutral required clauses.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{DateTime, Searcher, Term};

use super::super::document::number_keys;
use super::super::schema::{self, lower_value};
use super::super::{days_from_iso_date, IndexError, RatsIndex, Result};
use super::SearchRequest;
use crate::extract::body::BodyNames;

/// Score given to a paper whose own number is the query: far above any
/// text score, so the paper comes first.
const NUMBER_MATCH_SCORE: f32 = 1_000.0;

/// Weight of the typo-tolerant alternative relative to the strict query.
const FUZZY_WEIGHT: f32 = 0.2;

/// Words of this many letters or fewer are never matched with a typo:
/// one edit turns too many short words into others ("Wärme" → "wäre").
pub const FUZZY_MIN_LETTERS: usize = 4;

/// Weight of an exact word form relative to its stem: a paper with the
/// typed form ("Bäder") outranks one that only shares the stem ("Baden").
/// Higher weights cost known-item queries typed in another inflection
/// than the paper's (measured by `examples/relevance_bench.rs`).
const EXACT_WEIGHT: f32 = 2.0;

/// Weight of a match as a compound part (see [`set_boosts`]): a paper
/// about "Sanierung" outranks one that only has "Dachsanierung".
const PART_WEIGHT: f32 = 0.7;

/// Weight of the title bonus (see [`title_bonus`]) relative to a title
/// word's own weight (3). 1 to 5 give the same known-item figures within
/// 0.005 (`examples/relevance_bench.rs`); 2 is the middle.
const TITLE_COVER_WEIGHT: f32 = 2.0;

/// The queries a request turns into.
pub struct Plan {
    /// The strict query, filters included.
    pub strict: Box<dyn Query>,
    /// Strict or typo-tolerant, filters included; `None` where a fuzzy
    /// variant makes no sense (paper numbers, queries without free words).
    pub fuzzy: Option<Box<dyn Query>>,
    /// The words the query looks for in the text that term-based
    /// highlighting cannot mark: prefixes (`Radverk*`) and, should the
    /// fuzzy variant be used, the plain words it allows typos in.
    pub patterns: QueryWords,
}

/// Prefixes and plain words of a query, lower-cased (see
/// [`Plan::patterns`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryWords {
    /// `radverk` of `Radverk*`.
    pub prefixes: Vec<String>,
    /// Words searched in the text without field, quotes or star.
    pub words: Vec<String>,
    /// `sanierung` of `*sanierung` or `*sanierung*`.
    pub within: Vec<String>,
}

/// Builds the queries for a request; a malformed query or filter is an
/// [`IndexError::Query`]. Opens a searcher only if the query has a leading
/// star (see [`plan_with`]).
pub fn plan(index: &RatsIndex, request: &SearchRequest) -> Result<Plan> {
    plan_with(index, None, request)
}

/// [`plan`] with the searcher whose words a leading star (`*sanierung`)
/// is matched against.
pub fn plan_with(
    index: &RatsIndex,
    searcher: Option<&Searcher>,
    request: &SearchRequest,
) -> Result<Plan> {
    let filters = filters(index, request)?;
    let text = request.query.trim();
    let mut patterns = QueryWords::default();
    let (strict, fuzzy) = if text.is_empty() || text == "*" {
        (Box::new(tantivy::query::AllQuery) as Box<dyn Query>, None)
    } else if let Some(number) = paper_number(text) {
        (number_query(index, number)?, None)
    } else {
        let ast = parse(text)?;
        check_exists(index, &ast)?;
        collect_words(&ast, false, &mut patterns);
        let mut fuzzy_words = 0;
        let mut rewriter = Rewriter {
            index,
            searcher: searcher.cloned(),
            expanded: Vec::new(),
        };
        let fuzzy_ast = rewriter.rewrite(strict_short_words(ast.clone(), &mut fuzzy_words))?;
        let bonus = title_bonus(&ast);
        let mut ast = rewriter.rewrite(ast)?;
        if let Some(bonus) = bonus {
            ast =
                UserInputAst::Clause(vec![(Some(Occur::Must), ast), (Some(Occur::Should), bonus)]);
        }
        let strict = text_parser(index)
            .build_query_from_user_input_ast(ast)
            .map_err(|e| IndexError::Query(super::query_help::explain(&e, text)))?;
        // A fuzzy variant that does not build is simply not offered, nor
        // one without a word long enough for a typo.
        let fuzzy = (fuzzy_words > 0)
            .then(|| {
                fuzzy_parser(index)
                    .build_query_from_user_input_ast(fuzzy_ast)
                    .ok()
            })
            .flatten()
            .map(|fuzzy| {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, strict.box_clone()),
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(fuzzy, FUZZY_WEIGHT)) as Box<dyn Query>,
                    ),
                ])) as Box<dyn Query>
            });
        (strict, fuzzy)
    };
    Ok(Plan {
        strict: with_filters(strict, &filters),
        fuzzy: fuzzy.map(|q| with_filters(q, &filters)),
        patterns,
    })
}

/// `field:*` (has any value) works on fast fields only; say so instead of
/// failing later with a schema error.
fn check_exists(index: &RatsIndex, ast: &UserInputAst) -> Result<()> {
    match ast {
        UserInputAst::Clause(clauses) => clauses
            .iter()
            .try_for_each(|(_, sub)| check_exists(index, sub)),
        UserInputAst::Boost(sub, _) => check_exists(index, sub),
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Exists { field } => {
                let schema = index.index().schema();
                let fast = schema
                    .get_field(field)
                    .map(|f| schema.get_field_entry(f).is_fast())
                    .unwrap_or(false);
                if fast {
                    Ok(())
                } else {
                    Err(IndexError::Query(format!(
                        "{field}:* (has any value) works only for body, type, committee, year and date"
                    )))
                }
            }
            _ => Ok(()),
        },
    }
}

/// Collects the prefixes and plain words of the query, except those under
/// NOT.
fn collect_words(ast: &UserInputAst, excluded: bool, into: &mut QueryWords) {
    match ast {
        UserInputAst::Clause(clauses) => {
            for (occur, sub) in clauses {
                collect_words(sub, excluded || *occur == Some(Occur::MustNot), into);
            }
        }
        UserInputAst::Boost(sub, _) => collect_words(sub, excluded, into),
        UserInputAst::Leaf(leaf) => {
            let UserInputLeaf::Literal(literal) = &**leaf else {
                return;
            };
            if excluded {
                return;
            }
            let in_text = matches!(
                literal.field_name.as_deref(),
                None | Some("title" | "decision_proposal" | "text")
            );
            if let Some(wildcard) = word_wildcard(literal) {
                if in_text {
                    match word_prefix(literal) {
                        Some(word) => into.prefixes.push(word),
                        None => into.within.push(wildcard.word),
                    }
                }
            } else if literal.field_name.is_none()
                && literal.delimiter == Delimiter::None
                && literal.phrase.chars().all(char::is_alphanumeric)
            {
                into.words.push(literal.phrase.to_lowercase());
            }
        }
    }
}

/// The paper number if the whole query is one: an optional label
/// ("DS", "Drucksache", "Vorlage", "Nr.") and one token with digits and a
/// `/` ("1822/24", "VO/7605/2020").
pub fn paper_number(query: &str) -> Option<&str> {
    let tokens: Vec<&str> = query.split_whitespace().collect();
    let (number, labels) = tokens.split_last()?;
    if labels.len() > 2 {
        return None;
    }
    let is_label = |t: &&str| {
        let word = t.trim_end_matches(['.', ':']);
        !word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == '-')
    };
    let looks_like_number = number.contains('/')
        && number.chars().any(|c| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | '_'))
        && !number.starts_with('/')
        && !number.ends_with('/');
    (looks_like_number && labels.iter().all(is_label)).then_some(*number)
}

/// The paper with this number first, then papers whose text mentions it.
fn number_query(index: &RatsIndex, number: &str) -> Result<Box<dyn Query>> {
    let f = index.fields();
    let keys = number_keys(number)
        .into_iter()
        .map(|key| Term::from_field_text(f.reference, &key));
    let own = ConstScoreQuery::new(Box::new(TermSetQuery::new(keys)), NUMBER_MATCH_SCORE);
    let escaped: String = number
        .chars()
        .filter(|c| !matches!(c, '"' | '\\'))
        .collect();
    let mentioned = text_parser(index)
        .parse_query(&format!("\"{escaped}\""))
        .map_err(|e| IndexError::Query(e.to_string()))?;
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Should, Box::new(own) as Box<dyn Query>),
        (Occur::Should, mentioned),
    ])))
}

/// How deep a query may nest parentheses and NOTs: tantivy's grammar
/// recurses once per level, and a few thousand levels overflow the stack.
const MAX_NESTING: usize = 64;

/// Refuses a query nested deeper than [`MAX_NESTING`] before the grammar
/// sees it. A level is an open parenthesis, or a `NOT`, `-` or `+` in a row
/// before a term or parenthesis; quoted text and escaped characters do
/// not count.
fn check_nesting(text: &str) -> Result<()> {
    // The levels each open parenthesis added, with the operators before it.
    let mut open: Vec<usize> = Vec::new();
    let (mut nesting, mut run, mut word) = (0usize, 0usize, String::new());
    let (mut in_quote, mut escaped) = (false, false);
    for (at, c) in text.chars().enumerate() {
        if escaped {
            escaped = false;
            word.push(c);
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => in_quote = !in_quote,
            _ if in_quote => {}
            '(' => {
                open.push(run + 1);
                nesting += run + 1;
                run = 0;
                word.clear();
            }
            ')' => {
                nesting -= open.pop().unwrap_or(0);
                run = 0;
                word.clear();
            }
            '-' | '+' if word.is_empty() => run += 1,
            c if c.is_whitespace() => {
                if word == "NOT" {
                    run += 1;
                } else if !word.is_empty() {
                    run = 0;
                }
                word.clear();
            }
            c => word.push(c),
        }
        if nesting + run > MAX_NESTING {
            return Err(IndexError::Query(format!(
                "the query nests parentheses and NOT more than {MAX_NESTING} deep \
                 (at character {}); write it flatter",
                at + 1
            )));
        }
    }
    Ok(())
}

/// Parses the query grammar; errors name the position.
fn parse(text: &str) -> Result<UserInputAst> {
    check_nesting(text)?;
    let (ast, errors) = tantivy::query_grammar::parse_query_lenient(text);
    if let Some(error) = errors.first() {
        let near: String = text.chars().skip(error.pos).take(20).collect();
        let message = if near.is_empty() {
            format!("{} (at the end of the query)", error.message)
        } else {
            format!(
                "{} (at character {}: {near:?})",
                error.message,
                error.pos + 1
            )
        };
        return Err(IndexError::Query(message));
    }
    Ok(ast)
}

/// The parser for the strict query: stemmed fields and exact-form twins,
/// title and decision proposal weighted higher, an exact word form
/// [`EXACT_WEIGHT`] times a stem.
fn text_parser(index: &RatsIndex) -> QueryParser {
    let f = index.fields();
    let mut parser = QueryParser::new(index.index().schema(), f.free_text(), query_tokenizers());
    parser.set_conjunction_by_default();
    parser.allow_regexes();
    set_boosts(&mut parser, index);
    parser
}

/// Field weights: title 3, decision proposal 2, text 1; exact forms
/// [`EXACT_WEIGHT`] times that. Compound parts: a part of a title word
/// weighs [`PART_WEIGHT`] times a whole word of the text (stem and exact
/// form), a part of a text word a third of that, so a whole word anywhere
/// outranks a part anywhere.
fn set_boosts(parser: &mut QueryParser, index: &RatsIndex) {
    let f = index.fields();
    for (field, boost) in [
        (f.title, 3.0),
        (f.decision_proposal, 2.0),
        (f.title_exact, 3.0 * EXACT_WEIGHT),
        (f.decision_proposal_exact, 2.0 * EXACT_WEIGHT),
        (f.text_exact, EXACT_WEIGHT),
        (f.title_parts, 1.0 + EXACT_WEIGHT),
        (f.text_parts, (1.0 + EXACT_WEIGHT) / 3.0),
    ] {
        parser.set_field_boost(field, boost);
    }
}

/// The analyzers as queries use them: the same as the index's, except
/// that a word searched in a `*_parts` field is the part itself (stemmed),
/// not split again.
fn query_tokenizers() -> TokenizerManager {
    let tokenizers = TokenizerManager::default();
    schema::register_analyzers_in(&tokenizers);
    tokenizers.register(schema::GERMAN_PARTS, schema::stem_analyzer());
    tokenizers
}

/// The parser for the typo-tolerant variant: exact-form fields, one edit
/// (a transposition counts as one). Words of [`FUZZY_MIN_LETTERS`] letters
/// or fewer are kept strict by [`strict_short_words`].
fn fuzzy_parser(index: &RatsIndex) -> QueryParser {
    let f = index.fields();
    let fields = [f.title_exact, f.decision_proposal_exact, f.text_exact];
    let mut parser = QueryParser::new(index.index().schema(), fields.to_vec(), query_tokenizers());
    parser.set_conjunction_by_default();
    parser.allow_regexes();
    for field in fields {
        parser.set_field_fuzzy(field, false, 1, true);
    }
    set_boosts(&mut parser, index);
    parser
}

/// A bare word of the query: no field, no quotes, no star, letters (and
/// digits) only, at least one letter.
fn bare_word(literal: &UserInputLiteral) -> Option<&str> {
    let word = literal.phrase.as_str();
    (literal.field_name.is_none()
        && literal.delimiter == Delimiter::None
        && !literal.prefix
        && !word.is_empty()
        && word.chars().all(char::is_alphanumeric)
        && word.chars().any(char::is_alphabetic))
    .then_some(word)
}

/// The bare words of a query that is nothing but bare words.
fn plain_words(ast: &UserInputAst) -> Option<Vec<String>> {
    let UserInputAst::Clause(clauses) = ast else {
        return None;
    };
    clauses
        .iter()
        .map(|(occur, sub)| match (occur, sub) {
            (None | Some(Occur::Must), UserInputAst::Leaf(leaf)) => match &**leaf {
                UserInputLeaf::Literal(literal) => bare_word(literal).map(str::to_lowercase),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The title bonus of a query of two or more bare words: every word in
/// the title (as written, in another form, or as a compound part:
/// "Sanierung" in "Dachsanierung"), weighted [`TITLE_COVER_WEIGHT`]. A
/// title names what a paper is about, so a paper whose title holds all
/// the words someone remembers outranks one that holds them spread over
/// its text, or one word in its title and the other many times in the
/// text.
fn title_bonus(ast: &UserInputAst) -> Option<UserInputAst> {
    let words = plain_words(ast)?;
    if words.len() < 2 {
        return None;
    }
    let all = UserInputAst::Clause(
        words
            .iter()
            .map(|w| {
                (
                    Some(Occur::Must),
                    UserInputAst::Clause(vec![
                        (Some(Occur::Should), field_leaf("title", w)),
                        (Some(Occur::Should), field_leaf("title_parts", w)),
                    ]),
                )
            })
            .collect(),
    );
    Some(UserInputAst::Boost(
        Box::new(all),
        f64::from(TITLE_COVER_WEIGHT).into(),
    ))
}

/// A field-bound copy of a word.
fn field_leaf(field: &str, word: &str) -> UserInputAst {
    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
        field_name: Some(field.to_string()),
        phrase: word.to_string(),
        delimiter: Delimiter::None,
        slop: 0,
        prefix: false,
    })))
}

/// A bare word, or the same word as a part of compounds at
/// [`PART_WEIGHT`] ("Sanierung" in Dachsanierung, "Radverkehr" in
/// Radverkehrskonzept). A compound query word is not taken apart: papers
/// that merely hold its parts somewhere ("Rad" here, "Verkehr" there) are
/// not about it.
fn word_with_parts(literal: UserInputLiteral, word: &str) -> UserInputAst {
    let lower = word.to_lowercase();
    let as_part = UserInputAst::Clause(
        ["title_parts", "text_parts"]
            .iter()
            .map(|field| (Some(Occur::Should), field_leaf(field, &lower)))
            .collect(),
    );
    UserInputAst::Clause(vec![
        (
            Some(Occur::Should),
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
        ),
        (
            Some(Occur::Should),
            UserInputAst::Boost(Box::new(as_part), f64::from(PART_WEIGHT).into()),
        ),
    ])
}

/// The fuzzy variant's AST: bare words of [`FUZZY_MIN_LETTERS`] letters
/// or fewer become strict word matches in the stemmed fields (the fuzzy
/// parser allows typos in the exact-form fields only); `None` if no word is
/// left to allow a typo in.
fn strict_short_words(ast: UserInputAst, fuzzy_words: &mut usize) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| (occur, strict_short_words(sub, fuzzy_words)))
                .collect(),
        ),
        UserInputAst::Boost(sub, boost) => {
            UserInputAst::Boost(Box::new(strict_short_words(*sub, fuzzy_words)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => match bare_word(&literal) {
                Some(word) if word.chars().count() <= FUZZY_MIN_LETTERS => UserInputAst::Clause(
                    ["title", "decision_proposal", "text"]
                        .iter()
                        .map(|field| (Some(Occur::Should), field_leaf(field, word)))
                        .collect(),
                ),
                Some(_) => {
                    *fuzzy_words += 1;
                    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)))
                }
                None => UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
            },
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// Rewrites the parsed query where the grammar's defaults do not fit
/// (see [`Rewriter::rewrite`]).
struct Rewriter<'a> {
    index: &'a RatsIndex,
    /// Opened on the first leading star.
    searcher: Option<Searcher>,
    /// Leading-star words already looked up: (field, wildcard, words).
    expanded: Vec<(String, Wildcard, Vec<String>)>,
}

impl Rewriter<'_> {
    /// Each bare `word*` becomes a prefix match on the exact-form fields
    /// (or on the named field: `title:Radverk*`), each `*word` the words of
    /// the index ending so ([`super::wildcard`]), and a phrase without a
    /// field is searched in the stemmed fields only (a phrase already fixes
    /// the words; matching it twice would double the cost of the most
    /// expensive queries).
    fn rewrite(&mut self, ast: UserInputAst) -> Result<UserInputAst> {
        Ok(match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| Ok((occur, self.rewrite(sub)?)))
                    .collect::<Result<_>>()?,
            ),
            UserInputAst::Boost(sub, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*sub)?), boost)
            }
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) => {
                    if let Some(wildcard) = word_wildcard(&literal) {
                        self.wildcard_clause(literal.field_name.as_deref(), &wildcard)?
                    } else if let Some(word) = bare_word(&literal) {
                        let word = word.to_string();
                        word_with_parts(literal, &word)
                    } else if literal.delimiter == Delimiter::DoubleQuotes
                        && literal.field_name.is_none()
                    {
                        stemmed_phrase(literal)
                    } else {
                        UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)))
                    }
                }
                other => UserInputAst::Leaf(Box::new(other)),
            },
        })
    }

    /// A wildcard matched against the words of the exact-form fields (or
    /// of the named field's twin: `title:Radverk*`) and, for a prefix,
    /// against compound parts too, so that `Radverkehr*` finds at least
    /// what `Radverkehr` finds. A leading star is looked up in the term
    /// dictionaries (bounded, see [`super::wildcard`]); a prefix is a
    /// regular expression, which the dictionary answers by its order.
    fn wildcard_clause(
        &mut self,
        field: Option<&str>,
        wildcard: &Wildcard,
    ) -> Result<UserInputAst> {
        let schema = self.index.index().schema();
        let pattern = wildcard.pattern();
        let twin = |name: &str, suffix: &str| -> Option<String> {
            let twin = format!("{name}{suffix}");
            schema.get_field(&twin).is_ok().then_some(twin)
        };
        let mut fields: Vec<String> = match field {
            Some(name) => vec![twin(name, "_exact").unwrap_or_else(|| name.to_string())],
            None => vec![
                "title_exact".into(),
                "decision_proposal_exact".into(),
                "text_exact".into(),
            ],
        };
        if !wildcard.leading {
            match field {
                Some(name) => fields.extend(twin(name, "_parts")),
                None => fields.extend(["title_parts".into(), "text_parts".into()]),
            }
        }
        let mut leaves = Vec::new();
        for name in fields {
            let leaf = if wildcard.leading {
                let elements = self.words_ending(&name, wildcard)?;
                UserInputLeaf::Set {
                    field: Some(name),
                    elements,
                }
            } else {
                UserInputLeaf::Regex {
                    field: Some(name),
                    pattern: pattern.clone(),
                }
            };
            leaves.push((Some(Occur::Should), UserInputAst::Leaf(Box::new(leaf))));
        }
        Ok(UserInputAst::Clause(leaves))
    }

    /// The words of `field` a leading-star wildcard stands for (none when
    /// the field is not a text field of the index).
    fn words_ending(&mut self, field: &str, wildcard: &Wildcard) -> Result<Vec<String>> {
        if let Some((_, _, words)) = self
            .expanded
            .iter()
            .find(|(f, w, _)| f == field && w == wildcard)
        {
            return Ok(words.clone());
        }
        let Ok(handle) = self.index.index().schema().get_field(field) else {
            return Ok(Vec::new());
        };
        if self.searcher.is_none() {
            self.searcher = Some(self.index.reader()?.searcher());
        }
        let searcher = self.searcher.as_ref().expect("opened above");
        let words: Vec<String> =
            super::wildcard::words_matching(searcher, handle, &wildcard.word, wildcard.trailing)?
                .into_iter()
                .collect();
        self.expanded
            .push((field.to_string(), wildcard.clone(), words.clone()));
        Ok(words)
    }
}

/// The phrase in `title`, `decision_proposal` and `text` (the parser adds
/// the field boosts).
fn stemmed_phrase(literal: UserInputLiteral) -> UserInputAst {
    let in_field = |field: &str| {
        let mut literal = literal.clone();
        literal.field_name = Some(field.to_string());
        (
            Some(Occur::Should),
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
        )
    };
    UserInputAst::Clause(vec![
        in_field("title"),
        in_field("decision_proposal"),
        in_field("text"),
    ])
}

/// A word with stars: `Radverk*` (a prefix), `*sanierung` (a suffix) or
/// `*verkehr*` (anywhere in a word).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wildcard {
    /// The letters, lower-cased.
    pub word: String,
    /// A star before the word.
    pub leading: bool,
    /// A star after the word.
    pub trailing: bool,
}

impl Wildcard {
    /// The regular expression over index terms.
    fn pattern(&self) -> String {
        format!(
            "{}{}{}",
            if self.leading { ".*" } else { "" },
            self.word,
            if self.trailing { ".*" } else { "" }
        )
    }
}

/// The wildcard of a bare `word*`, `*word` or `*word*` (the grammar keeps
/// the stars in the word, or sets `prefix` for a trailing one, depending
/// on the parse path).
fn word_wildcard(literal: &UserInputLiteral) -> Option<Wildcard> {
    if literal.delimiter != Delimiter::None {
        return None;
    }
    let mut word = literal.phrase.as_str();
    let leading = word.starts_with('*');
    word = word.trim_start_matches('*');
    let trailing = literal.prefix || word.ends_with('*');
    word = word.trim_end_matches('*');
    ((leading || trailing) && !word.is_empty() && word.chars().all(char::is_alphanumeric)).then(
        || Wildcard {
            word: word.to_lowercase(),
            leading,
            trailing,
        },
    )
}

/// The word before the `*` of a bare `word*` (see [`word_wildcard`]).
fn word_prefix(literal: &UserInputLiteral) -> Option<String> {
    word_wildcard(literal)
        .filter(|w| w.trailing && !w.leading)
        .map(|w| w.word)
}

/// The built-in rules' [`BodyNames`], made once (word lists only).
fn body_names() -> &'static BodyNames {
    static NAMES: std::sync::OnceLock<BodyNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| BodyNames::new(&crate::extract::Rules::builtin()))
}

/// The filter clauses of a request (each must match, none scores).
fn filters(index: &RatsIndex, request: &SearchRequest) -> Result<Vec<Box<dyn Query>>> {
    let f = index.fields();
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    // As written and in the one form ingest stores ("Stadt Karlsruhe" →
    // "Karlsruhe").
    let bodies: Vec<Term> = request
        .bodies
        .iter()
        .flat_map(|b| {
            let canonical = body_names().canonical(b).filter(|c| c != b);
            std::iter::once(b.clone()).chain(canonical)
        })
        .map(|b| Term::from_field_text(f.body, &lower_value(&b)))
        .collect();
    if !bodies.is_empty() {
        filters.push(Box::new(TermSetQuery::new(bodies)));
    }
    if let Some(paper_type) = &request.paper_type {
        filters.push(term(f.paper_type, &lower_value(paper_type)));
    }
    if let Some(committee) = &request.committee {
        let words: String = committee
            .chars()
            .filter(|c| !matches!(c, '"' | '\\'))
            .collect();
        let parser = QueryParser::for_index(index.index(), vec![f.committee]);
        let query = parser
            .parse_query(&format!("\"{}\"", words.trim()))
            .map_err(|e| IndexError::Query(format!("--committee {committee:?}: {e}")))?;
        filters.push(query);
    }
    let from = request
        .from
        .as_deref()
        .map(|d| day_start(d, "--from"))
        .transpose()?;
    let to = request
        .to
        .as_deref()
        .map(|d| day_start(d, "--to"))
        .transpose()?;
    if from.is_some() || to.is_some() {
        let lower = match from {
            Some(secs) => Bound::Included(date_term(f.date, secs)),
            None => Bound::Unbounded,
        };
        // `--to` is inclusive: everything before the next day.
        let upper = match to {
            Some(secs) => Bound::Excluded(date_term(f.date, secs + 86_400)),
            None => Bound::Unbounded,
        };
        filters.push(Box::new(RangeQuery::new(lower, upper)));
    }
    Ok(filters)
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn date_term(field: Field, secs: i64) -> Term {
    Term::from_field_date_for_search(field, DateTime::from_timestamp_secs(secs))
}

fn day_start(date: &str, option: &str) -> Result<i64> {
    days_from_iso_date(date.trim())
        .map(|days| days * 86_400)
        .ok_or_else(|| IndexError::Query(format!("{option} {date:?}: expected a date YYYY-MM-DD")))
}

/// `query` restricted by `filters`, which do not change its scores.
fn with_filters(query: Box<dyn Query>, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if filters.is_empty() {
        return query;
    }
    let mut clauses = vec![(Occur::Must, query)];
    for filter in filters {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)) as Box<dyn Query>,
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_numbers_in_common_notations() {
        assert_eq!(paper_number("1822/24"), Some("1822/24"));
        assert_eq!(paper_number("DS 1822/24"), Some("1822/24"));
        assert_eq!(paper_number("Drucksache 1822/24"), Some("1822/24"));
        assert_eq!(paper_number("Drucksachen-Nr. 1822/24"), Some("1822/24"));
        assert_eq!(paper_number("VO/7605/2020"), Some("VO/7605/2020"));
        assert_eq!(paper_number(" 7605/2020 "), Some("7605/2020"));
    }

    #[test]
    fn words_are_not_paper_numbers() {
        assert_eq!(paper_number("Radverkehr"), None);
        assert_eq!(paper_number("Radverkehr und/oder Fußverkehr"), None);
        assert_eq!(paper_number("2024"), None);
        assert_eq!(paper_number("a b c 1822/24"), None);
        assert_eq!(paper_number("title:1822/24"), None);
        assert_eq!(paper_number(""), None);
    }

    #[test]
    fn words_and_prefixes_of_a_query() {
        let mut words = QueryWords::default();
        let ast = parse("Radverk* Schule -Auto title:Kita* \"zwei Worte\" body:x").unwrap();
        collect_words(&ast, false, &mut words);
        assert_eq!(words.prefixes, vec!["radverk", "kita"]);
        assert_eq!(words.words, vec!["schule"]);
    }

    #[test]
    fn odd_queries_never_panic() {
        let dir = tempfile::tempdir().unwrap();
        let index = RatsIndex::open_or_create(dir.path()).unwrap();
        let odd = [
            "",
            "*",
            ":",
            "::",
            "\"",
            "\\",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            "^",
            "~",
            "a~9999",
            "a^1e99",
            "a^-1",
            "year:[a TO b]",
            "year:>x",
            "title:/[/",
            "title:/a/",
            "/",
            "Radverk**",
            "*a",
            "-",
            "+",
            "- -",
            "NOT",
            "AND OR",
            "\u{0}",
            "ß*",
            "a\"b\"c",
            "date:>2020",
            "date:[2020 TO *]",
            "reference:",
            "body:\"\"",
            "IN [a b]",
            "title:IN [a]",
            "a* b*",
            "\"a b\"*",
            "\"a\"*",
            "_exists_:x",
            "text:*",
            "x:*",
            "1822/",
            "/1822",
            "DS",
        ];
        for query in odd {
            let _ = plan(&index, &SearchRequest::new(query));
            let _ = super::super::search(&index, &SearchRequest::new(query));
        }
    }

    #[test]
    fn deep_nesting_is_a_query_error_not_a_stack_overflow() {
        // See: issue 19, item 3 (~2,940 nested parentheses aborted search).
        let dir = tempfile::tempdir().unwrap();
        let index = RatsIndex::open_or_create(dir.path()).unwrap();
        let deep = [
            format!("{}a{}", "(".repeat(3000), ")".repeat(3000)),
            format!("{}a", "NOT ".repeat(3000)),
            format!("{}a", "-(".repeat(2000)),
            format!("{}a", "(NOT ".repeat(2000)),
        ];
        for query in &deep {
            let err = plan(&index, &SearchRequest::new(query))
                .map(|_| ())
                .unwrap_err()
                .to_string();
            assert!(err.contains("nests"), "{err}");
        }
        let fine = format!("{}a{} AND \"((((\" AND \\(", "(".repeat(30), ")".repeat(30));
        assert!(check_nesting(&fine).is_ok());
        assert!(check_nesting(&"(a) ".repeat(1000)).is_ok());
        assert!(check_nesting(&format!("{}a", "NOT ".repeat(MAX_NESTING))).is_ok());
        assert!(check_nesting(&format!("{}a", "NOT ".repeat(MAX_NESTING + 1))).is_err());
    }

    #[test]
    fn syntax_errors_name_the_place() {
        let err = parse("title:(Radweg").map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("cannot understand the query"), "{err}");
        assert!(parse("Radweg AND Konzept").is_ok());
    }
}
