//! From Tesseract's word boxes (its TSV output) to page text laid out the
//! way the PDF reader lays out a text layer: one line per visual row of
//! the page (Tesseract reads columns as separate blocks, which would tear
//! a Beratungsfolge row apart), a tab where a wide gap separates columns,
//! and a blank line where a wide vertical gap separates paragraphs. The
//! extractors read both kinds of text with the same rules.

/// One recognised word with its box (pixels).
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// Tesseract's (block, paragraph, line) numbers.
    pub line: (u32, u32, u32),
    /// Left edge.
    pub left: i64,
    /// Top edge.
    pub top: i64,
    /// Width.
    pub width: i64,
    /// Height.
    pub height: i64,
    /// Confidence 0–100.
    pub confidence: f64,
    /// The word.
    pub text: String,
}

/// The words of a Tesseract TSV (level-5 rows with text).
pub fn words(tsv: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let text = cols[11].trim();
        if text.is_empty() {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<i64>().unwrap_or(0);
        let small = |i: usize| u32::try_from(num(i)).unwrap_or(0);
        out.push(Word {
            line: (small(2), small(3), small(4)),
            left: num(6),
            top: num(7),
            width: num(8).max(1),
            height: num(9).max(1),
            confidence: cols[10].trim().parse().unwrap_or(-1.0),
            text: text.to_string(),
        });
    }
    out
}

/// A Tesseract line: its words left to right and its box.
struct Piece {
    words: Vec<Word>,
    left: i64,
    right: i64,
    top: i64,
    bottom: i64,
}

impl Piece {
    fn middle(&self) -> i64 {
        (self.top + self.bottom) / 2
    }

    fn height(&self) -> i64 {
        (self.bottom - self.top).max(1)
    }
}

/// Whether a Tesseract line is a signature, stamp or speck read as
/// letters ("PR / /} IN", "N\\) 2 Ynos"): unsure on the whole (mean
/// confidence under 50) and without one word of three or more letters or
/// digits that Tesseract is at all sure of (10); or a line of at most
/// one letter or digit (a stroke read as "N"; "§ 1" stays). Such lines would stand
/// between a closing formula and the signer's name, say. A real but
/// faint heading ("Antrag" at 19) keeps its line.
pub fn is_scribble(words: &[Word]) -> bool {
    let alphanumerics: usize = words
        .iter()
        .map(|w| w.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if alphanumerics <= 1 && !words.iter().any(|w| w.text.contains('§')) {
        return true;
    }
    let mean = words.iter().map(|w| w.confidence.max(0.0)).sum::<f64>() / words.len() as f64;
    let sure_word = words.iter().any(|w| {
        w.confidence >= 10.0 && w.text.chars().filter(|c| c.is_alphanumeric()).count() >= 3
    });
    mean < 50.0 && !sure_word
}

/// The page's text from its words.
pub fn text(words: &[Word]) -> String {
    // Tesseract's lines, in its reading order.
    let mut pieces: Vec<Piece> = Vec::new();
    for word in words {
        match pieces.last_mut() {
            Some(p) if p.words.last().is_some_and(|w| w.line == word.line) => {
                p.left = p.left.min(word.left);
                p.right = p.right.max(word.left + word.width);
                p.top = p.top.min(word.top);
                p.bottom = p.bottom.max(word.top + word.height);
                p.words.push(word.clone());
            }
            _ => pieces.push(Piece {
                words: vec![word.clone()],
                left: word.left,
                right: word.left + word.width,
                top: word.top,
                bottom: word.top + word.height,
            }),
        }
    }
    pieces.retain(|p| !is_scribble(&p.words));
    if pieces.is_empty() {
        return String::new();
    }
    let mut heights: Vec<i64> = pieces.iter().map(Piece::height).collect();
    heights.sort_unstable();
    let line_height = heights[heights.len() / 2].max(1);
    // Visual rows: a piece joins the row whose band holds its middle.
    pieces.sort_by_key(|p| (p.middle(), p.left));
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    for piece in pieces {
        let joins = rows.last().is_some_and(|row| {
            let top = row.iter().map(|p| p.top).min().unwrap_or(0);
            let bottom = row.iter().map(|p| p.bottom).max().unwrap_or(0);
            let band = (bottom - top).min(2 * line_height);
            let middle = (top + bottom) / 2;
            (piece.middle() - middle).abs() * 2 <= band.max(line_height)
        });
        if joins {
            if let Some(row) = rows.last_mut() {
                row.push(piece);
            }
        } else {
            rows.push(vec![piece]);
        }
    }
    let mut out = String::new();
    let mut last_bottom: Option<i64> = None;
    for mut row in rows {
        row.sort_by_key(|p| p.left);
        let top = row.iter().map(|p| p.top).min().unwrap_or(0);
        let bottom = row.iter().map(|p| p.bottom).max().unwrap_or(0);
        if let Some(before) = last_bottom {
            out.push('\n');
            if top - before > line_height {
                out.push('\n');
            }
        }
        last_bottom = Some(bottom);
        let mut line = String::new();
        let mut right: Option<i64> = None;
        let mut rule = false;
        for piece in &row {
            for word in &piece.words {
                // A table's vertical rule, read as "|": a column break.
                if word.text.chars().all(|c| matches!(c, '|' | '¦')) {
                    rule = right.is_some();
                    continue;
                }
                if let Some(r) = right {
                    // A gap wider than a line is high is a column.
                    let gap = word.left - r;
                    line.push(if rule || gap * 5 > 6 * line_height {
                        '\t'
                    } else {
                        ' '
                    });
                }
                rule = false;
                line.push_str(&word.text);
                right = Some(word.left + word.width);
            }
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(line: (u32, u32, u32), left: i64, top: i64, text: &str) -> Word {
        Word {
            line,
            left,
            top,
            width: 10 * text.len() as i64,
            height: 20,
            confidence: 90.0,
            text: text.into(),
        }
    }

    #[test]
    fn columns_read_as_separate_blocks_meet_again_in_rows() {
        // Block 1 is the committee column, block 2 the date column.
        let words = vec![
            w((1, 1, 1), 0, 100, "Rat"),
            w((1, 1, 2), 0, 200, "Verwaltungsausschuss"),
            w((2, 1, 1), 400, 102, "21.12.2021"),
            w((2, 1, 2), 400, 201, "16.12.2021"),
            w((3, 1, 1), 0, 130, "Beratung"),
            w((3, 1, 1), 90, 130, "und"),
            w((3, 1, 1), 125, 130, "|"),
            w((3, 1, 1), 135, 130, "Empfehlung"),
        ];
        assert_eq!(
            text(&words),
            "Rat\t21.12.2021\nBeratung und\tEmpfehlung\n\nVerwaltungsausschuss\t16.12.2021"
        );
    }

    #[test]
    fn scribbles_go_and_faint_words_stay() {
        let word = |text: &str, confidence: f64| Word {
            confidence,
            ..w((1, 1, 1), 0, 0, text)
        };
        let scribble = [
            word("PR", 70.0),
            word("/", 0.0),
            word("/}", 47.0),
            word("IN", 21.0),
        ];
        assert!(is_scribble(&scribble));
        assert!(is_scribble(&[
            word("N\\)", 1.0),
            word("2", 7.0),
            word("Ynos", 0.0)
        ]));
        assert!(!is_scribble(&[word("Antrag", 19.0)]));
        assert!(!is_scribble(&[word("§", 90.0), word("1", 95.0)]));
        assert!(!is_scribble(&[word("2024", 20.0)]));
        assert!(is_scribble(&[word("N", 96.0)]));
        assert!(!is_scribble(&[word("a)", 90.0), word("Text", 90.0)]));
        let text = text(&[
            w((1, 1, 1), 0, 100, "Grüßen"),
            Word {
                top: 130,
                line: (2, 1, 1),
                ..scribble[3].clone()
            },
            w((3, 1, 1), 0, 160, "Lehrmann"),
        ]);
        assert_eq!(text, "Grüßen\n\nLehrmann");
    }

    #[test]
    fn tsv_rows_become_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            5\t1\t1\t1\t1\t1\t10\t20\t30\t12\t96.5\tDS\n\
            5\t1\t1\t1\t1\t2\t50\t20\t30\t12\t-1\t \n\
            4\t1\t1\t1\t1\t0\t10\t20\t30\t12\t-1\t\n";
        let found = words(tsv);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].left, found[0].confidence), (10, 96.5));
        assert_eq!(text(&[]), "");
    }
}
