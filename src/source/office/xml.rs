//! A small pull tokenizer for the XML of office documents: start and end
//! tags with their attributes, and text with entities decoded. It does not
//! validate; comments, processing instructions and doctypes are skipped,
//! CDATA is text. Enough for the well-formed XML that Word and
//! LibreOffice write, and it never panics on anything else.

/// One piece of an XML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attr="v">` (or `<name/>`, then followed by its [`Token::End`]).
    Start(&'a str, Vec<(&'a str, String)>),
    /// `</name>`.
    End(&'a str),
    /// Text between tags.
    Text(String),
}

/// The tokens of `xml`, in order.
pub fn tokens(xml: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = xml;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(unescape(rest)));
            break;
        };
        if lt > 0 {
            out.push(Token::Text(unescape(&rest[..lt])));
        }
        rest = &rest[lt..];
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            out.push(Token::Text(body[..end].to_string()));
            rest = body.get(end + 3..).unwrap_or("");
            continue;
        }
        let close = if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else {
            rest.find('>').map(|i| i + 1)
        };
        let Some(close) = close else { break };
        let tag = &rest[1..close - 1];
        rest = &rest[close..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            out.push(Token::End(name.trim()));
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let name = &tag[..name_end];
        out.push(Token::Start(name, attributes(&tag[name_end..])));
        if empty {
            out.push(Token::End(name));
        }
    }
    out
}

/// `a="1" b='2'` → pairs, values unescaped.
fn attributes(mut text: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    loop {
        text = text.trim_start();
        let Some(eq) = text.find('=') else { break };
        let name = text[..eq].trim();
        let after = text[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(end) = after[1..].find(quote) else {
            break;
        };
        out.push((name, unescape(&after[1..1 + end])));
        text = &after[end + 2..];
    }
    out
}

/// Decodes the five named entities and numeric character references.
pub fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` of a start tag.
pub fn attr<'a>(attrs: &'a [(&str, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_entities() {
        let t = tokens(
            "<?xml version=\"1.0\"?><w:p a='1'><w:t>A &amp; B&#x20AC;</w:t><w:br/></w:p><!-- x -->",
        );
        assert_eq!(
            t,
            vec![
                Token::Start("w:p", vec![("a", "1".into())]),
                Token::Start("w:t", vec![]),
                Token::Text("A & B€".into()),
                Token::End("w:t"),
                Token::Start("w:br", vec![]),
                Token::End("w:br"),
                Token::End("w:p"),
            ]
        );
        // Broken input ends quietly.
        assert!(!tokens("<a><b attr=\"x").is_empty());
        assert_eq!(unescape("&bogus; &"), "&bogus; &");
    }
}
