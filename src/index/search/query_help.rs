//! What a user is told when tantivy cannot build their query: the fields
//! a query may name and the form of each field's values, instead of
//! tantivy's own words (`ParseIntError { kind: InvalidDigit }`).

use tantivy::query::QueryParserError;

/// The fields a query may name, each with the form of its values.
pub const FIELDS: &[(&str, &str)] = &[
    ("title", "words or \"a phrase\" (title:Radweg)"),
    ("decision_proposal", "words or \"a phrase\""),
    ("text", "words or \"a phrase\""),
    ("reference", "a paper number (reference:1822/24)"),
    ("cites", "a paper number (cites:1822/24)"),
    (
        "body",
        "the whole name (body:erfurt, body:\"Landkreis Kassel\")",
    ),
    ("type", "the whole type (type:antrag)"),
    ("committee", "words of its name (committee:Bauausschuss)"),
    ("actor", "words of a name (actor:Magistrat)"),
    (
        "year",
        "a year (year:2024) or a range (year:[2020 TO 2022])",
    ),
];

/// The fields and their value forms, for a message.
pub fn field_list() -> String {
    FIELDS
        .iter()
        .map(|(name, form)| format!("{name}: {form}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A readable message for an error of tantivy's query builder on `query`.
pub fn explain(err: &QueryParserError, query: &str) -> String {
    match err {
        QueryParserError::FieldDoesNotExist(field) | QueryParserError::FieldNotIndexed(field) => {
            format!(
                "there is no field {field:?} to search in; the fields are {}",
                field_list()
            )
        }
        QueryParserError::ExpectedInt(_)
        | QueryParserError::ExpectedFloat(_)
        | QueryParserError::ExpectedBool(_) => {
            let field = numeric_field(query).unwrap_or("year");
            let form = FIELDS
                .iter()
                .find(|(name, _)| *name == field)
                .map_or("a number", |(_, form)| form);
            format!("{field}: takes {form}, not {:?}", value_of(query, field))
        }
        QueryParserError::DateFormatError(_) => {
            "date: is not searchable by text; use --from YYYY-MM-DD and --to YYYY-MM-DD, \
             or year:2024"
                .to_string()
        }
        QueryParserError::RangeMustNotHavePhrase => {
            "a range takes two values, not phrases: year:[2020 TO 2022]".to_string()
        }
        other => format!("{other}; the fields are {}", field_list()),
    }
}

/// The numeric field the query names (only `year` is one).
fn numeric_field(query: &str) -> Option<&'static str> {
    query.contains("year:").then_some("year")
}

/// The text after `field:` up to the next space (a range whole).
fn value_of(query: &str, field: &str) -> String {
    let Some(at) = query.find(&format!("{field}:")) else {
        return String::new();
    };
    let rest = &query[at + field.len() + 1..];
    let end = if rest.starts_with(['[', '{']) {
        rest.find([']', '}']).map_or(rest.len(), |i| i + 1)
    } else {
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    };
    rest[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_year_names_the_value_and_the_form() {
        let err = QueryParserError::ExpectedInt("abc".parse::<u64>().unwrap_err());
        let message = explain(&err, "Radweg year:abc");
        assert!(message.contains("\"abc\""), "{message}");
        assert!(message.contains("year:[2020 TO 2022]"), "{message}");
        assert!(!message.contains("ParseIntError"), "{message}");
    }

    #[test]
    fn an_unknown_field_lists_the_known_ones() {
        let err = QueryParserError::FieldDoesNotExist("foo".into());
        let message = explain(&err, "foo:bar");
        for (field, _) in FIELDS {
            assert!(
                message.contains(&format!("{field}: ")),
                "{field}: {message}"
            );
        }
    }
}
