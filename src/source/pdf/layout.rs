//! Layout: from positioned glyphs to lines of text.
//!
//! Glyphs are grouped into *lines* by baseline (within half a font size, so
//! superscripts stay on their line), lines are ordered top to bottom, and
//! glyphs left to right. Between two glyphs of a line the gap decides:
//!
//! - overlapping or touching: same word;
//! - a space glyph or a gap of more than [`WORD_GAP`] font sizes: a space;
//! - a gap of more than [`COLUMN_GAP`] font sizes: a tab, the column
//!   separator that table extractors (Beratungsfolge, finance grid) read;
//! - a hyphen, then a gap wider than [`CELL_END_GAP`] and than twice the
//!   line's other word gaps: a tab too, the end of a cell broken over two
//!   lines ([`ends_cell`]).
//!
//! Gaps are measured from a glyph's own advance: character spacing (`Tc`)
//! counts as part of the glyph only where it is letter spacing (see
//! [`super::content`]), word spacing (`Tw`) never, so a justified line's
//! wider spaces are gaps and its glyph runs placed apart by small `TJ`
//! offsets (kerning) are not. A justified line in a narrow column may
//! stretch its spaces past [`COLUMN_GAP`]: equal gaps between words of
//! different lengths stay spaces ([`justified`]); a finance grid's evenly
//! spaced years stay columns.
//!
//! A spacing accent drawn over a letter (¨ over u, as TeX does) becomes a
//! combining mark after it, so NFC later gives ü. A vertical gap of more
//! than [`PARAGRAPH_GAP`] line heights becomes an empty line. A line ending in a soft hyphen (U+00AD) is joined with the
//! first word of the next line. Text in other directions (rotated margin
//! notes) follows the upright text, each direction laid out on its own.

use super::content::{Direction, Glyph, PageGlyphs};

/// Gap (in font sizes) above which two glyphs are separate words.
pub const WORD_GAP: f32 = 0.15;
/// Gap (in font sizes) above which two words are in separate columns.
pub const COLUMN_GAP: f32 = 1.2;
/// Word gaps a line needs before their likeness marks it as justified.
const JUSTIFIED_MIN_GAPS: usize = 2;
/// Most difference (in font sizes) between the word gaps of a justified
/// line.
const JUSTIFIED_SPREAD: f32 = 0.05;
/// Gap after a hyphen (in font sizes) above which it may end a table cell
/// (see [`ends_cell`]).
pub const CELL_END_GAP: f32 = 0.6;
/// Baseline distance (in font sizes) above which an empty line is inserted.
pub const PARAGRAPH_GAP: f32 = 1.75;
/// Baseline difference (in font sizes) within which glyphs share a line.
const SAME_LINE: f32 = 0.5;

/// One line of a page: its baseline, size and glyphs left to right.
struct Line {
    y: f32,
    size: f32,
    glyphs: Vec<usize>,
    /// Horizontal extents of the chunks on the line.
    spans: Vec<(f32, f32)>,
}

/// Lays a page out as lines of text; empty strings are blank lines.
pub fn page_lines(page: &PageGlyphs) -> Vec<String> {
    let mut lines = Vec::new();
    for dir in [
        Direction::Upright,
        Direction::Up,
        Direction::Down,
        Direction::Flipped,
    ] {
        let group: Vec<usize> = (0..page.glyphs.len())
            .filter(|&i| page.glyphs[i].dir == dir)
            .collect();
        if group.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        render(page, group_lines(&page.glyphs, group), &mut lines);
    }
    join_soft_hyphens(&mut lines);
    lines
}

/// Consecutive glyphs (in drawing order) on one baseline, of one size,
/// without a backward jump: a word or a run of words.
struct Chunk {
    y: f32,
    size: f32,
    x0: f32,
    x1: f32,
    glyphs: Vec<usize>,
}

fn chunks(glyphs: &[Glyph], group: &[usize]) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    for &i in group {
        let g = &glyphs[i];
        if let Some(c) = chunks.last_mut() {
            let tol = 0.1 * c.size.max(g.size);
            if (g.y - c.y).abs() <= tol
                && (g.size - c.size).abs() <= tol
                && g.x >= c.x1 - 0.5 * c.size
                && g.x <= c.x1 + COLUMN_GAP * c.size
            {
                c.glyphs.push(i);
                c.x1 = c.x1.max(g.x + g.width);
                continue;
            }
        }
        chunks.push(Chunk {
            y: g.y,
            size: g.size,
            x0: g.x,
            x1: g.x + g.width,
            glyphs: vec![i],
        });
    }
    chunks
}

/// Whether a chunk belongs on a line: a shared baseline at a similar size,
/// or a super-/subscript touching the line's text.
fn belongs(line: &Line, chunk: &Chunk) -> bool {
    let dy = (line.y - chunk.y).abs();
    let (small, large) = if chunk.size < line.size {
        (chunk.size, line.size)
    } else {
        (line.size, chunk.size)
    };
    if small >= 0.7 * large && dy <= SAME_LINE * small {
        return true;
    }
    // Super- and subscripts are smaller, but not tiny, and follow or lead
    // their word without overlapping it.
    let (near, overlap) = (0.25 * large, 0.1 * large);
    let adjacent = line.spans.iter().any(|&(x0, x1)| {
        (chunk.x0 >= x1 - overlap && chunk.x0 <= x1 + near)
            || (chunk.x1 <= x0 + overlap && chunk.x1 >= x0 - near)
    });
    // A footnote mark or exponent is a few glyphs, not a run of words.
    let small_glyphs = if chunk.size < line.size {
        chunk.glyphs.len()
    } else {
        line.glyphs.len()
    };
    small >= 0.45 * large && dy <= 0.6 * large && small_glyphs <= 4 && adjacent
}

/// Groups glyphs into lines by baseline, top to bottom, each left to right.
fn group_lines(glyphs: &[Glyph], group: Vec<usize>) -> Vec<Line> {
    let mut chunks = chunks(glyphs, &group);
    chunks.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut lines: Vec<Line> = Vec::new();
    for chunk in chunks {
        let recent = lines.len().saturating_sub(4);
        match lines[recent..]
            .iter_mut()
            .rev()
            .find(|l| belongs(l, &chunk))
        {
            Some(line) => {
                line.glyphs.extend_from_slice(&chunk.glyphs);
                line.spans.push((chunk.x0, chunk.x1));
                if chunk.size > line.size {
                    line.size = chunk.size;
                    line.y = chunk.y;
                }
            }
            None => lines.push(Line {
                y: chunk.y,
                size: chunk.size,
                glyphs: chunk.glyphs,
                spans: vec![(chunk.x0, chunk.x1)],
            }),
        }
    }
    for line in &mut lines {
        line.glyphs
            .sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x).then(a.cmp(&b)));
    }
    lines.sort_by(|a, b| b.y.total_cmp(&a.y));
    lines
}

fn render(page: &PageGlyphs, lines: Vec<Line>, out: &mut Vec<String>) {
    let mut previous: Option<(f32, f32)> = None;
    for line in lines {
        if let Some((y, size)) = previous {
            if y - line.y > PARAGRAPH_GAP * size.max(line.size)
                && out.last().is_some_and(|l| !l.is_empty())
            {
                out.push(String::new());
            }
        }
        previous = Some((line.y, line.size));
        let text = render_line(page, &line);
        if !text.is_empty() {
            out.push(text);
        }
    }
}

/// The combining form of a spacing accent, which old producers (TeX) draw
/// as a glyph of its own over the letter.
fn combining_form(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '\u{a8}' => '\u{308}',
        '\u{b4}' => '\u{301}',
        '\u{2c6}' => '\u{302}',
        '\u{2dc}' => '\u{303}',
        '\u{af}' => '\u{304}',
        '\u{2da}' => '\u{30a}',
        '\u{2c7}' => '\u{30c}',
        '\u{b8}' => '\u{327}',
        _ => return None,
    })
}

/// Whether the middle of `mark` lies over glyph `base`.
fn over(mark: &Glyph, base: &Glyph) -> bool {
    let middle = mark.x + mark.width / 2.0;
    base.x <= middle && middle <= base.x + base.width.max(0.1)
}

/// A word break inside a line: where its space is in the line's text, how wide
/// the gap is (in font sizes) and whether a hyphen ends the word before it
/// ([`broken_word_before`]).
struct Break {
    at: usize,
    gap: f32,
    after_hyphen: bool,
}

fn render_line(page: &PageGlyphs, line: &Line) -> String {
    let mut breaks: Vec<Break> = Vec::new();
    let mut text = render_words(page, line, &mut breaks);
    // Most lines have no gap that could be a column: all spaces already.
    if breaks.iter().all(|b| b.gap <= CELL_END_GAP) {
        return text;
    }
    let stretched = breaks.iter().any(|b| b.gap > COLUMN_GAP) && justified(&text, &breaks);
    for (n, b) in breaks.iter().enumerate() {
        if (b.gap > COLUMN_GAP && !stretched) || ends_cell(&breaks, n) {
            text.replace_range(b.at..b.at + 1, "\t");
        }
    }
    text
}

/// Whether the line is justified prose, whose stretched spaces may be
/// wider than [`COLUMN_GAP`] in a narrow column: at least
/// [`JUSTIFIED_MIN_GAPS`] word gaps, all alike (within
/// [`JUSTIFIED_SPREAD`]), between words of different lengths. A table row's
/// gaps follow its cells and are rarely alike; where they are, as in a
/// finance grid's header ("2020 2021 2022 …", "EUR EUR EUR …"), the cells
/// are alike too and stay columns.
fn justified(text: &str, breaks: &[Break]) -> bool {
    if breaks.len() < JUSTIFIED_MIN_GAPS {
        return false;
    }
    let (min, max) = breaks.iter().fold((f32::INFINITY, 0.0f32), |(lo, hi), b| {
        (lo.min(b.gap), hi.max(b.gap))
    });
    if max - min > JUSTIFIED_SPREAD {
        return false;
    }
    // Each break is one space in `text`: a word runs from after one to
    // the next.
    let mut lengths = std::iter::once(0)
        .chain(breaks.iter().map(|b| b.at + 1))
        .zip(breaks.iter().map(|b| b.at).chain([text.len()]))
        .map(|(from, to)| text[from..to].chars().count());
    let first = lengths.next();
    lengths.any(|n| Some(n) != first)
}

/// Whether break `n` ends a table cell although it is narrower than
/// [`COLUMN_GAP`]: a hyphen, then a gap wider than [`CELL_END_GAP`] and
/// twice every other word gap of the line. A cell broken over two lines
/// ("Beratung und Beschlussfas-" / "sung") sits that close to the next
/// column; inside prose ("Bau- und Verkehrsausschuss") the gap after a
/// hyphen is a space like the others, stretched or not.
fn ends_cell(breaks: &[Break], n: usize) -> bool {
    let b = &breaks[n];
    b.after_hyphen
        && b.gap > CELL_END_GAP
        && breaks
            .iter()
            .enumerate()
            .all(|(m, o)| m == n || o.gap > COLUMN_GAP || 2.0 * o.gap < b.gap)
}

/// Whether `text` ends in a word broken by a hyphen ("Beschlussfas-"),
/// not in a dash or a bullet ("13. -").
fn broken_word_before(text: &str) -> bool {
    let mut back = text.chars().rev();
    matches!(back.next(), Some('-' | '\u{2010}')) && back.next().is_some_and(char::is_alphabetic)
}

/// The line's glyphs as text, a space at each break between words, which
/// go to `breaks` ([`render_line`] makes some of them tabs).
fn render_words(page: &PageGlyphs, line: &Line, breaks: &mut Vec<Break>) -> String {
    let mut text = String::new();
    let mut last: Option<&Glyph> = None;
    let mut end = f32::NEG_INFINITY;
    let mut saw_space = false;
    // An accent drawn before the letter it sits on.
    let mut pending_mark: Option<char> = None;
    for (k, &i) in line.glyphs.iter().enumerate() {
        let g = &page.glyphs[i];
        let t = page.text_of(g);
        if t.chars().all(char::is_whitespace) {
            // A space counts where it lies in a gap, not drawn over a glyph.
            saw_space |= last.is_none() || g.x >= end - 0.1 * g.size;
            continue;
        }
        if let Some(mark) = combining_form(t) {
            if last.is_some_and(|prev| over(g, prev)) && !saw_space {
                text.push(mark);
                continue;
            }
            let next = line.glyphs.get(k + 1).map(|&n| &page.glyphs[n]);
            if next.is_some_and(|next| over(g, next)) {
                pending_mark = Some(mark);
                continue;
            }
        }
        if let Some(prev) = last {
            let size = g.size.max(prev.size).max(0.1);
            let gap = g.x - end;
            // The same glyph drawn twice on top of itself (fake bold).
            if gap < 0.0 && (g.x - prev.x).abs() < 0.2 * size && page.text_of(prev) == t {
                continue;
            }
            if saw_space || gap > WORD_GAP * size {
                breaks.push(Break {
                    at: text.len(),
                    gap: gap / size,
                    after_hyphen: broken_word_before(&text),
                });
                text.push(' ');
            }
        }
        text.push_str(t);
        if let Some(mark) = pending_mark.take() {
            text.push(mark);
        }
        saw_space = false;
        end = if last.is_some() {
            end.max(g.x + g.width)
        } else {
            g.x + g.width
        };
        last = Some(g);
    }
    text
}

/// Joins a word broken by a soft hyphen at a line end with its rest on the
/// next line.
fn join_soft_hyphens(lines: &mut [String]) {
    for i in 0..lines.len().saturating_sub(1) {
        if !lines[i].ends_with('\u{ad}') {
            continue;
        }
        let next = std::mem::take(&mut lines[i + 1]);
        let rest = next.trim_start();
        let cut = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, remainder) = rest.split_at(cut);
        let line = &mut lines[i];
        line.pop();
        line.push_str(word);
        lines[i + 1] = remainder.trim_start().to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Places words: (x, y, text) with 10 pt glyphs 5 pt wide.
    fn page(words: &[(f32, f32, &str)]) -> PageGlyphs {
        let mut page = PageGlyphs::default();
        for &(x, y, word) in words {
            for (k, c) in word.chars().enumerate() {
                let start = page.text.len() as u32;
                page.text.push(c);
                page.glyphs.push(Glyph {
                    x: x + 5.0 * k as f32,
                    y,
                    width: 5.0,
                    size: 10.0,
                    dir: Direction::Upright,
                    start,
                    end: page.text.len() as u32,
                });
            }
        }
        page
    }

    #[test]
    fn words_lines_and_columns() {
        // Drawn out of order: the layout sorts by position.
        let p = page(&[
            (100.0, 700.0, "Rat"),
            (10.0, 712.0, "Ausschuss"),
            (10.0, 700.0, "Stadt"),
            (37.0, 700.0, "rat"),
            (100.0, 712.5, "17.06.2025"),
        ]);
        assert_eq!(
            page_lines(&p),
            vec!["Ausschuss\t17.06.2025", "Stadt rat\tRat"]
        );
    }

    #[test]
    fn kerning_gaps_stay_inside_words_and_blank_line_between_paragraphs() {
        let p = page(&[
            (10.0, 700.0, "Sta"),
            (25.5, 700.0, "dt"),
            (10.0, 660.0, "Ende"),
        ]);
        assert_eq!(page_lines(&p), vec!["Stadt", "", "Ende"]);
    }

    #[test]
    fn superscripts_stay_on_their_line() {
        let mut p = page(&[
            (10.0, 700.0, "Text"),
            (31.0, 703.5, "1"),
            (45.0, 700.0, "mehr"),
        ]);
        p.glyphs[4].size = 6.0;
        assert_eq!(page_lines(&p), vec!["Text1 mehr"]);
    }

    #[test]
    fn soft_hyphen_at_line_end_joins_the_word() {
        let p = page(&[
            (10.0, 700.0, "Wärmelei\u{ad}"),
            (10.0, 688.0, "tungen sind"),
        ]);
        assert_eq!(page_lines(&p), vec!["Wärmeleitungen", "sind"]);
    }

    #[test]
    fn accents_drawn_over_letters_combine() {
        // "Gr" + "¨" over "u" (accent first, TeX style) + "n", then "a" with
        // "¨" drawn after it: combining marks that NFC composes.
        let p = page(&[
            (10.0, 700.0, "Gr"),
            (19.8, 700.0, "\u{a8}"),
            (20.0, 700.0, "un"),
        ]);
        assert_eq!(page_lines(&p), vec!["Gru\u{308}n"]);
        let p = page(&[
            (10.0, 700.0, "Ba"),
            (15.5, 700.0, "\u{a8}"),
            (20.0, 700.0, "r"),
        ]);
        assert_eq!(page_lines(&p), vec!["Ba\u{308}r"]);
        // A lone spacing accent stays as it is.
        let p = page(&[(10.0, 700.0, "x"), (40.0, 700.0, "\u{b4}")]);
        assert_eq!(page_lines(&p), vec!["x\t\u{b4}"]);
    }

    #[test]
    fn fake_bold_is_drawn_once() {
        let p = page(&[(10.0, 700.0, "Rat"), (10.3, 700.0, "Rat")]);
        assert_eq!(page_lines(&p), vec!["Rat"]);
    }
}
