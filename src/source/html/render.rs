//! From the parsed page to lines of text, in the conventions every reader
//! shares (see [`crate::text`]):
//!
//! - headings, paragraphs and other blocks start new lines; headings,
//!   paragraphs, tables and lists are set off by a blank line; `<br>` breaks
//!   a line; whitespace inside a line collapses as a browser collapses it
//!   (except in `<pre>`);
//! - a *data* table row is one line, its cells separated by a tab — the
//!   column convention of the PDF reader — so the Beratungsfolge and the
//!   finance grid parse alike from both; `colspan` adds empty cells so the
//!   columns stay aligned; columns empty in every row (spacers, icons) and
//!   empty cells at the end of a row are dropped;
//! - a *label/value* row (`Betreff:` | `…`, or a `<th>` beside a `<td>`,
//!   also two such pairs in one row as ALLRIS prints them) becomes
//!   `Label: value` lines, and so do `<dt>`/`<dd>` pairs;
//! - a *layout* cell (one holding a nested table, a heading, a list or a
//!   long multi-line text: portals that lay out the whole page with tables)
//!   is not squeezed into a row: its row's cells are written as blocks;
//! - list items are `- item` lines (`1. item` in numbered lists, nested
//!   lists indented by two spaces per level, up to eight);
//! - checkboxes and radio buttons are `☒` (checked) and `☐`;
//! - tab panels that carry no heading of their own get their tab's label
//!   as a heading, so the sections stay in order with their names;
//! - file size notes beside download links (`(PDF, 310 KB)` in a cell or
//!   an element of its own) are dropped;
//! - scripts, styles, forms' controls, images, navigation, the portal's
//!   header and footer (by element, ARIA role or the usual ids and class
//!   names) are dropped.
//!
//! The walk over the tree is iterative and every buffer is bounded by the
//! page's size, so deeply nested or adversarial markup cannot overflow the
//! stack.

use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

use super::attachments::{self, Links};
use crate::source::Link;

/// Tables nested deeper than this are read as plain blocks (each level
/// buffers its cells; the bound keeps copying linear on hostile input).
const MAX_TABLE_DEPTH: usize = 16;

/// Nested list items are indented by two spaces per level, up to this
/// many levels.
const MAX_LIST_INDENT: usize = 8;

/// A `colspan` larger than this is taken as this (some pages say 1000).
const MAX_COLSPAN: usize = 32;

/// A cell whose text is longer than this is page layout, not data.
const LAYOUT_CELL_CHARS: usize = 1000;

/// The text of a page and the attachment links found in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The page as lines of text.
    pub text: String,
    /// Attachment links, in page order, one per target.
    pub links: Vec<Link>,
}

/// Renders a parsed page.
pub fn render(dom: &Html) -> Page {
    let mut renderer = Renderer::new(dom);
    walk(dom.tree.root(), &mut renderer);
    renderer.finish()
}

/// Depth-first walk without recursion: `enter` decides whether to descend;
/// `leave` is called, in reverse order, for every node that was descended
/// into.
fn walk<'a>(root: NodeRef<'a, Node>, renderer: &mut Renderer<'a>) {
    let mut node = root;
    'nodes: loop {
        if renderer.enter(node) {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            renderer.leave();
        }
        loop {
            if node.id() == root.id() {
                return;
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                continue 'nodes;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    renderer.leave();
                }
                None => return,
            }
        }
    }
}

/// What was done on entering an element, undone on leaving it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// Nothing to do on leaving.
    Inline,
    /// A block: a line break (1) or a blank line (2) after it.
    Block(u8),
    /// `<main>`/`<article>`: headers and footers inside are content.
    ContentRoot,
    /// `<pre>`: whitespace is kept inside.
    Pre,
    /// `<ul>`/`<ol>`.
    List,
    /// `<dt>`: its `<dd>` follows on the same line.
    Term,
    /// A table read row by row.
    Table,
    /// A row of such a table.
    Row,
    /// A cell of such a row.
    Cell,
}

/// An output buffer: the page, or one table cell.
#[derive(Debug, Default)]
struct Buf {
    out: String,
    /// Line ends owed before the next text (1: new line, 2: blank line).
    newlines: u8,
    /// A space owed before the next text on this line.
    space: bool,
}

impl Buf {
    /// Appends text, collapsing whitespace runs to one space.
    fn text(&mut self, s: &str) {
        for (i, word) in s.split(is_collapsible_space).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if !word.is_empty() {
                self.flush();
                self.out.push_str(word);
            }
        }
    }

    /// Appends text as it is (inside `<pre>`).
    fn verbatim(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.flush();
        self.out.push_str(s);
    }

    /// Owes a line break (1) or a blank line (2) before the next text.
    fn block(&mut self, newlines: u8) {
        self.newlines = self.newlines.max(newlines);
        self.space = false;
    }

    /// A `<br>`: ends the line now; two in a row give one blank line.
    fn hard_break(&mut self) {
        self.space = false;
        self.flush();
        if !self.out.is_empty() && trailing_newlines(&self.out) < 2 {
            self.out.push('\n');
        }
    }

    /// Pays what is owed before new text.
    fn flush(&mut self) {
        if self.newlines > 0 {
            if !self.out.is_empty() {
                for _ in trailing_newlines(&self.out)..usize::from(self.newlines) {
                    self.out.push('\n');
                }
            }
            self.newlines = 0;
            self.space = false;
        } else if self.space {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push(' ');
            }
            self.space = false;
        }
    }

    /// Writes prepared text (a row, a cell's block) on lines of its own.
    fn lines(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.block(1);
        self.verbatim(text);
        self.block(1);
    }

    /// The buffer's text without leading or trailing blank space.
    fn finish(self) -> String {
        let trimmed = self.out.trim_end();
        if trimmed.len() == self.out.len() {
            self.out
        } else {
            trimmed.to_string()
        }
    }
}

/// HTML's collapsible whitespace, plus the no-break space that portals use
/// to pad empty cells (normalisation turns it into a space anyway).
fn is_collapsible_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}')
}

fn trailing_newlines(s: &str) -> usize {
    s.bytes().rev().take(2).take_while(|&b| b == b'\n').count()
}

/// A table being read: its finished rows and the open one. Rows are
/// written when the table ends, so that columns empty in every row (spacer
/// and icon columns) can be left out while the others stay aligned.
#[derive(Debug, Default)]
struct TableFrame {
    rows: Vec<Vec<Cell>>,
    row: Option<RowFrame>,
}

/// A row being read.
#[derive(Debug, Default)]
struct RowFrame {
    cells: Vec<Cell>,
    /// Whether a cell of this row is open (its text is the top buffer).
    cell_open: bool,
    /// Whether the open cell holds block structure.
    open_cell_is_layout: bool,
    open_cell_is_header: bool,
    open_cell_colspan: usize,
}

/// A finished cell.
#[derive(Debug)]
struct Cell {
    text: String,
    header: bool,
    colspan: usize,
    layout: bool,
}

/// A list being read.
#[derive(Debug)]
struct ListFrame {
    ordered: bool,
    next: i64,
}

struct Renderer<'a> {
    dom: &'a Html,
    /// The page (bottom) and the open cells' buffers.
    bufs: Vec<Buf>,
    /// What each open element did on entering.
    open: Vec<Open>,
    tables: Vec<TableFrame>,
    lists: Vec<ListFrame>,
    pre_depth: usize,
    content_roots: usize,
    /// A `<dt>` just ended: the next `<dd>` continues its line.
    term_ended: bool,
    links: Links,
    /// Tab labels by tab id, built when the first tab panel shows up.
    tab_labels: Option<HashMap<String, String>>,
}

impl<'a> Renderer<'a> {
    fn new(dom: &'a Html) -> Renderer<'a> {
        Renderer {
            dom,
            bufs: vec![Buf::default()],
            open: Vec::new(),
            tables: Vec::new(),
            lists: Vec::new(),
            pre_depth: 0,
            content_roots: 0,
            term_ended: false,
            links: Links::default(),
            tab_labels: None,
        }
    }

    fn finish(mut self) -> Page {
        // Unbalanced only if the walk was cut short; fold any open cells
        // back into the page rather than lose their text.
        while self.bufs.len() > 1 {
            if let Some(buf) = self.bufs.pop() {
                let text = buf.finish();
                self.buf().lines(&text);
            }
        }
        let page = self.bufs.pop().unwrap_or_default();
        Page {
            text: page.finish(),
            links: self.links.into_vec(),
        }
    }

    fn buf(&mut self) -> &mut Buf {
        if self.bufs.is_empty() {
            self.bufs.push(Buf::default());
        }
        let last = self.bufs.len() - 1;
        &mut self.bufs[last]
    }

    fn block(&mut self, newlines: u8) {
        self.term_ended = false;
        self.buf().block(newlines);
    }

    /// Returns whether to descend into `node`.
    fn enter(&mut self, node: NodeRef<'a, Node>) -> bool {
        match node.value() {
            Node::Document | Node::Fragment => {
                self.open.push(Open::Inline);
                true
            }
            Node::Text(text) => {
                if self.pre_depth > 0 {
                    self.buf().verbatim(text);
                } else {
                    self.buf().text(text);
                }
                false
            }
            Node::Element(element) => match self.enter_element(node, element) {
                Some(open) => {
                    self.open.push(open);
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    fn leave(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        match open {
            Open::Inline => {}
            Open::Block(n) => self.block(n),
            Open::ContentRoot => {
                self.content_roots = self.content_roots.saturating_sub(1);
                self.block(2);
            }
            Open::Pre => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                self.block(2);
            }
            Open::List => {
                self.lists.pop();
                let newlines = if self.lists.is_empty() { 2 } else { 1 };
                self.block(newlines);
            }
            Open::Term => {
                let buf = self.buf();
                buf.space = false;
                let line = buf.out.rsplit('\n').next().unwrap_or("");
                if !line.is_empty() && !line.ends_with(':') {
                    buf.out.push(':');
                }
                self.term_ended = true;
            }
            Open::Table => {
                if let Some(mut table) = self.tables.pop() {
                    if let Some(row) = table.row.take() {
                        table.rows.push(row.cells);
                    }
                    self.emit_table(table.rows);
                }
                self.block(2);
            }
            Open::Row => {
                if let Some(table) = self.tables.last_mut() {
                    if let Some(row) = table.row.take() {
                        table.rows.push(row.cells);
                    }
                }
            }
            Open::Cell => self.close_cell(),
        }
    }

    /// Decides what an element is; `None` skips it with its content.
    fn enter_element(&mut self, node: NodeRef<'a, Node>, element: &Element) -> Option<Open> {
        let name = element.name();
        if is_chrome(name, element, self.content_roots > 0) {
            return None;
        }
        if is_file_size_note(node) {
            return None;
        }
        if element.attr("role") == Some("tabpanel") {
            self.tab_heading(node, element);
        }
        let open = match name {
            "br" => {
                self.term_ended = false;
                self.buf().hard_break();
                return None;
            }
            "input" => {
                self.checkbox(element);
                return None;
            }
            "hr" => {
                self.block(2);
                return None;
            }
            "a" => {
                self.link(node, element);
                Open::Inline
            }
            "main" | "article" => {
                self.content_roots += 1;
                self.block(2);
                Open::ContentRoot
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.mark_layout_cell();
                self.block(2);
                Open::Block(2)
            }
            "p" | "blockquote" | "figure" => {
                self.block(2);
                Open::Block(2)
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                self.mark_layout_cell();
                self.block(2);
                self.pre_depth += 1;
                Open::Pre
            }
            "ul" | "ol" | "menu" | "dir" => {
                self.mark_layout_cell();
                self.block(if self.lists.is_empty() { 2 } else { 1 });
                let start = element
                    .attr("start")
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .unwrap_or(1);
                self.lists.push(ListFrame {
                    ordered: name == "ol",
                    next: start,
                });
                Open::List
            }
            "li" => {
                self.list_item();
                Open::Block(1)
            }
            "dl" => {
                self.mark_layout_cell();
                self.block(2);
                Open::Block(2)
            }
            "dt" => {
                self.block(1);
                Open::Term
            }
            "dd" => {
                if self.term_ended {
                    self.term_ended = false;
                    self.buf().space = true;
                } else {
                    self.block(1);
                }
                Open::Block(1)
            }
            "table" => {
                self.mark_layout_cell();
                self.block(2);
                if self.tables.len() < MAX_TABLE_DEPTH {
                    self.tables.push(TableFrame::default());
                    Open::Table
                } else {
                    Open::Block(2)
                }
            }
            "tr" => self.open_row(),
            "td" | "th" => self.open_cell(element),
            "div" | "section" | "header" | "footer" | "aside" | "address" | "center"
            | "fieldset" | "legend" | "form" | "details" | "summary" | "figcaption" | "caption"
            | "body" | "html" | "nav" | "hgroup" | "frameset" | "noframes" => {
                self.block(1);
                Open::Block(1)
            }
            _ => Open::Inline,
        };
        Some(open)
    }

    fn list_item(&mut self) {
        self.block(1);
        let depth = self.lists.len().saturating_sub(1).min(MAX_LIST_INDENT);
        let marker = match self.lists.last_mut() {
            Some(list) if list.ordered => {
                let n = list.next;
                list.next = list.next.saturating_add(1);
                format!("{n}. ")
            }
            _ => "- ".to_string(),
        };
        let buf = self.buf();
        buf.flush();
        for _ in 0..depth {
            buf.out.push_str("  ");
        }
        buf.out.push_str(&marker);
        buf.space = false;
    }

    fn checkbox(&mut self, element: &Element) {
        let kind = element.attr("type").unwrap_or("").trim();
        if !(kind.eq_ignore_ascii_case("checkbox") || kind.eq_ignore_ascii_case("radio")) {
            return;
        }
        let mark = if element.attr("checked").is_some() {
            "☒"
        } else {
            "☐"
        };
        let buf = self.buf();
        buf.flush();
        if !buf.out.is_empty() && !buf.out.ends_with(['\n', ' ', '\t']) {
            buf.out.push(' ');
        }
        buf.out.push_str(mark);
        buf.space = true;
    }

    fn link(&mut self, node: NodeRef<'a, Node>, element: &Element) {
        let Some(href) = element.attr("href") else {
            return;
        };
        if !attachments::is_attachment(href) {
            return;
        }
        let text: String = ElementRef::wrap(node)
            .map(|e| e.text().collect())
            .unwrap_or_default();
        self.links
            .add(attachments::link_name(&text, element.attr("title")), href);
    }

    /// Marks the innermost open cell as holding block structure.
    fn mark_layout_cell(&mut self) {
        if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
            if row.cell_open {
                row.open_cell_is_layout = true;
            }
        }
    }

    fn open_row(&mut self) -> Open {
        let Some(table) = self.tables.last_mut() else {
            self.block(1);
            return Open::Block(1);
        };
        if let Some(row) = table.row.replace(RowFrame::default()) {
            table.rows.push(row.cells);
        }
        Open::Row
    }

    fn open_cell(&mut self, element: &Element) -> Open {
        let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) else {
            self.block(1);
            return Open::Block(1);
        };
        if row.cell_open {
            self.block(1);
            return Open::Block(1);
        }
        row.cell_open = true;
        row.open_cell_is_layout = false;
        row.open_cell_is_header = element.name() == "th";
        row.open_cell_colspan = element
            .attr("colspan")
            .and_then(|s| s.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_COLSPAN);
        self.bufs.push(Buf::default());
        Open::Cell
    }

    fn close_cell(&mut self) {
        let text = if self.bufs.len() > 1 {
            self.bufs.pop().map(Buf::finish).unwrap_or_default()
        } else {
            String::new()
        };
        let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) else {
            self.buf().lines(&text);
            return;
        };
        // "(1.204 KB)", "PDF, 86 KB": the size column of a portal's file
        // list says nothing about the paper.
        let text = if is_file_size(&text) {
            String::new()
        } else {
            text
        };
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        let layout = row.open_cell_is_layout
            || text.len() > LAYOUT_CELL_CHARS
            || (lines >= 3 && text.len() > 200);
        row.cells.push(Cell {
            text,
            header: row.open_cell_is_header,
            colspan: row.open_cell_colspan,
            layout,
        });
        row.cell_open = false;
        row.open_cell_is_layout = false;
    }

    /// Writes a finished table row by row: a row with one non-empty cell or
    /// a layout cell as blocks, a label/value row as `Label: value` lines,
    /// any other row as one tab-separated line over the table's columns.
    fn emit_table(&mut self, rows: Vec<Vec<Cell>>) {
        let used = used_columns(&rows);
        let buf = self.buf();
        for cells in rows {
            let filled: Vec<&Cell> = cells.iter().filter(|c| !c.text.is_empty()).collect();
            if filled.is_empty() {
                continue;
            }
            if filled.len() == 1 || filled.iter().any(|c| c.layout) {
                for cell in filled {
                    buf.lines(&cell.text);
                }
                continue;
            }
            if let Some(pairs) = label_value_pairs(&cells) {
                for (label, value) in pairs {
                    buf.lines(&format!("{label}: {value}"));
                }
                continue;
            }
            buf.lines(&data_line(&cells, &used));
        }
    }

    /// Gives a tab panel its tab's label as a heading, unless the panel's
    /// first text already is that label.
    fn tab_heading(&mut self, node: NodeRef<'a, Node>, element: &Element) {
        let Some(tab_id) = element.attr("aria-labelledby") else {
            return;
        };
        let dom = self.dom;
        let labels = self.tab_labels.get_or_insert_with(|| tab_labels(dom));
        let Some(label) = labels.get(tab_id.trim()).cloned() else {
            return;
        };
        let first_text = node
            .descendants()
            .take(200)
            .filter_map(|n| n.value().as_text())
            .map(|t| t.trim())
            .find(|t| !t.is_empty());
        let same = first_text.is_some_and(|t| {
            t.trim_end_matches(':')
                .trim()
                .eq_ignore_ascii_case(label.trim_end_matches(':').trim())
        });
        if !same {
            self.block(2);
            self.buf().text(&label);
            self.block(2);
        }
    }
}

/// The labels of all tabs (`role="tab"`) by their id.
fn tab_labels(dom: &Html) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    for node in dom.tree.root().descendants() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        if element.attr("role") != Some("tab") {
            continue;
        }
        let Some(id) = element.attr("id") else {
            continue;
        };
        let text: String = ElementRef::wrap(node)
            .map(|e| e.text().collect())
            .unwrap_or_default();
        let label = one_line(&text);
        if !label.is_empty() {
            labels.insert(id.to_string(), label);
        }
    }
    labels
}

/// Which grid columns (after `colspan`) hold text in some row.
fn used_columns(rows: &[Vec<Cell>]) -> Vec<bool> {
    let mut used: Vec<bool> = Vec::new();
    for cells in rows {
        let mut column = 0;
        for cell in cells {
            let end = column + cell.colspan;
            if used.len() < end {
                used.resize(end, false);
            }
            if !cell.text.is_empty() {
                used[column] = true;
            }
            column = end;
        }
    }
    used
}

/// A data row as one line: cells in grid columns, tab-separated; columns
/// empty in the whole table are left out, and so are empty cells at the
/// end of the line.
fn data_line(cells: &[Cell], used: &[bool]) -> String {
    let mut fields: Vec<String> = Vec::new();
    let mut column = 0;
    for cell in cells {
        for span in 0..cell.colspan {
            if used.get(column + span).copied().unwrap_or(false) {
                let text = if span == 0 {
                    one_line(&cell.text)
                } else {
                    String::new()
                };
                fields.push(text);
            }
        }
        column += cell.colspan;
    }
    while fields.last().is_some_and(|f| f.is_empty()) {
        fields.pop();
    }
    fields.join("\t")
}

/// Whether a cell holds nothing but a file's size, maybe with its type:
/// `(1.204 KB)`, `86 kB`, `PDF, 1,2 MB`, `[PDF 120 KB]`,
/// `PDF-Dokument (345 KB)`.
fn is_file_size(text: &str) -> bool {
    let inner = text
        .trim()
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']']);
    let words: Vec<&str> = inner
        .split_whitespace()
        .map(|w| w.trim_matches([',', '(', ')', '[', ']']))
        .filter(|w| !w.is_empty())
        .collect();
    let (kind, number, unit) = match words.as_slice() {
        [number, unit] => ("", *number, *unit),
        [kind, number, unit] => (*kind, *number, *unit),
        _ => return false,
    };
    let units = ["b", "byte", "bytes", "kb", "kib", "mb", "mib", "gb"];
    units.contains(&unit.to_ascii_lowercase().as_str())
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && is_file_kind(kind)
}

/// An element whose only content is a file size note, as portals print
/// after a download link: `<span class="size">(PDF, 310 KB)</span>`.
fn is_file_size_note(node: NodeRef<'_, Node>) -> bool {
    let Some(child) = node.first_child() else {
        return false;
    };
    child.next_sibling().is_none() && child.value().as_text().is_some_and(|t| is_file_size(t))
}

/// A file type as portals print it beside a size: `PDF`, `DOCX`,
/// `PDF-Dokument`, `Word-Datei`, or nothing.
fn is_file_kind(kind: &str) -> bool {
    let lower = kind.to_lowercase();
    (kind.len() <= 5 && kind.chars().all(|c| c.is_ascii_alphabetic()))
        || ((lower.ends_with("dokument") || lower.ends_with("datei"))
            && kind.chars().all(|c| c.is_alphabetic() || c == '-'))
}

/// A cell's text on one line: its line breaks become spaces.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Labels of the header fields of a paper's detail page (lowercase,
/// without the colon). A cell with one of these, or any short cell ending
/// in a colon, or a `<th>`, is a label when a value cell follows it.
const FIELD_LABELS: &[&str] = &[
    "betreff",
    "titel",
    "vorlage",
    "vorlagen-nr.",
    "vorlage-nr.",
    "vorlagennummer",
    "drucksache",
    "drucksachen-nr.",
    "drucksachennummer",
    "ds-nr.",
    "nr.",
    "art",
    "vorlagenart",
    "vorlage-art",
    "vorlagen-art",
    "drucksache-art",
    "drucksachenart",
    "status",
    "federführend",
    "federführung",
    "federführendes amt",
    "federführende dienststelle",
    "federführender fachbereich",
    "bearbeiter",
    "bearbeiter/-in",
    "bearbeiter/in",
    "bearbeiterin",
    "sachbearbeiter",
    "sachbearbeiter/-in",
    "verfasser",
    "verfasser/-in",
    "verfasser/in",
    "datum",
    "aktenzeichen",
    "initiator",
    "initiator/-in",
    "einreicher",
    "antragsteller",
    "antragsteller/-in",
    "beteiligt",
    "beteiligte ämter",
    "beteiligte dienststellen",
    "dezernat",
    "fachbereich",
];

/// Column heads of a Beratungsfolge: never the value of a label.
const COLUMN_HEADS: &[&str] = &[
    "gremium",
    "sitzung",
    "rolle",
    "ergebnis",
    "zuständigkeit",
    "beratung",
    "behandlung",
    "beratungsfolge",
    "ö/n",
    "ö / n",
    "öffentlichkeit",
];

fn is_label(cell: &Cell) -> bool {
    if cell.text.is_empty() || cell.text.contains('\n') || cell.text.chars().count() > 50 {
        return false;
    }
    cell.header || cell.text.ends_with(':') || is_known_word(&cell.text, FIELD_LABELS)
}

fn looks_like_a_head(cell: &Cell) -> bool {
    cell.header
        || cell.text.ends_with(':')
        || is_known_word(&cell.text, FIELD_LABELS)
        || is_known_word(&cell.text, COLUMN_HEADS)
}

fn is_known_word(text: &str, words: &[&str]) -> bool {
    let lower = text.trim().trim_end_matches(':').trim().to_lowercase();
    words.contains(&lower.as_str())
}

/// `(label, value)` pairs when, between the first and the last non-empty
/// cell, every even cell is a label and every odd one a value; pairs with
/// an empty value are left out.
fn label_value_pairs(cells: &[Cell]) -> Option<Vec<(String, String)>> {
    let first = cells.iter().position(|c| !c.text.is_empty())?;
    let last = cells.iter().rposition(|c| !c.text.is_empty())?;
    let cells = cells.get(first..=last)?;
    if cells.len() % 2 != 0 || cells.len() > 6 {
        return None;
    }
    let mut pairs = Vec::new();
    for pair in cells.chunks(2) {
        let [label, value] = pair else {
            return None;
        };
        if !is_label(label) || looks_like_a_head(value) {
            return None;
        }
        let value = one_line(&value.text);
        if !value.is_empty() {
            let label = one_line(&label.text);
            pairs.push((label.trim_end_matches(':').trim_end().to_string(), value));
        }
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// Elements never read: not text, or not the paper.
const SKIPPED_ELEMENTS: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "nav", "iframe", "frame", "object",
    "embed", "applet", "svg", "math", "canvas", "video", "audio", "map", "img", "picture",
    "select", "datalist", "option", "button", "textarea", "meta", "link", "base",
];

/// ARIA roles of page chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "tablist",
    "dialog",
    "alertdialog",
];

/// Ids and class names of page chrome, compared whole (lowercase).
const CHROME_NAMES: &[&str] = &[
    "header",
    "site-header",
    "siteheader",
    "page-header",
    "pageheader",
    "kopf",
    "footer",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "skiplinks",
    "skip-links",
    "skiplink",
    "skip-link",
    "cookie",
    "cookies",
    "cookie-banner",
    "cookiebanner",
    "cookie-notice",
    "cookie-consent",
    "pagination",
    "toolbar",
    "topbar",
    "social",
    "share",
    "menu",
    "mainmenu",
    "main-menu",
];

/// Whether an element is portal chrome to drop with its content.
fn is_chrome(name: &str, element: &Element, in_content: bool) -> bool {
    if SKIPPED_ELEMENTS.contains(&name) {
        return true;
    }
    // A page's <header>/<footer> is chrome; an article's is content.
    if (name == "header" || name == "footer") && !in_content {
        return true;
    }
    // Hidden content is dropped, except tab panels: portals hide the
    // inactive tabs (Sachverhalt, Begründung, …), which are the paper.
    if element.attr("hidden").is_some() && element.attr("role") != Some("tabpanel") {
        return true;
    }
    if let Some(role) = element.attr("role") {
        let role = role.trim().to_ascii_lowercase();
        if CHROME_ROLES.contains(&role.as_str()) {
            return true;
        }
    }
    // Attribute values are read directly: `Element::classes` would intern
    // every class name, which costs more than the rest of the check.
    let id_is_chrome = element.attr("id").is_some_and(is_chrome_name);
    id_is_chrome
        || element
            .attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(is_chrome_name))
}

fn is_chrome_name(name: &str) -> bool {
    let name = name.as_bytes();
    let starts =
        |p: &str| name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let ends = |p: &str| {
        name.len() >= p.len() && name[name.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
    };
    CHROME_NAMES
        .iter()
        .any(|c| name.eq_ignore_ascii_case(c.as_bytes()))
        || starts("nav")
        || ends("nav")
        || ends("navigation")
        || ends("navi")
        || ends("footer")
        || ends("menu")
        || ends("skiplink")
        || ends("skiplinks")
        || ends("skip-link")
        || ends("skip-links")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        render(&Html::parse_document(html)).text
    }

    #[test]
    fn blocks_lines_and_whitespace() {
        assert_eq!(
            text("<h1>Vorlage  12/2024</h1><p>Der   Rat\n beschließt:</p><div>a<br>b<br><br><br>c</div>"),
            "Vorlage 12/2024\n\nDer Rat beschließt:\n\na\nb\n\nc"
        );
        assert_eq!(text("<p>a<b>b</b> <i>c</i></p>"), "ab c");
        assert_eq!(text("<pre>a  b\n  c</pre>"), "a  b\n  c");
    }

    #[test]
    fn data_rows_are_tab_separated_with_colspan() {
        let html = "<table><tr><th>Gremium</th><th>Datum</th><th>Rolle</th></tr>\
             <tr><td>Hauptausschuss</td><td>12.03.2024</td><td>Vorberatung</td></tr>\
             <tr><td>&nbsp;</td><td colspan=2>Stadtrat</td><td>Entscheidung</td></tr></table>";
        assert_eq!(
            text(html),
            "Gremium\tDatum\tRolle\nHauptausschuss\t12.03.2024\tVorberatung\n\tStadtrat\t\tEntscheidung"
        );
        let grid = "<table><tr><td><img src=pdf.gif></td><td>&nbsp;</td><td>2024</td><td>2025</td></tr>\
            <tr><td></td><td>Ausgaben</td><td>1.000</td><td></td></tr>\
            <tr><td><a href=x.pdf><img></a></td><td>Einnahmen</td><td></td><td>500</td></tr></table>";
        assert_eq!(
            text(grid),
            "\t2024\t2025\nAusgaben\t1.000\nEinnahmen\t\t500"
        );
    }

    #[test]
    fn label_value_rows_become_label_lines() {
        let html = "<table>\
            <tr><td class=kb1>Betreff:</td><td>Neubau der Kita<br>Am Markt</td></tr>\
            <tr><td>Status:</td><td>öffentlich</td><td>Vorlage-Art:</td><td>Beschlussvorlage</td></tr>\
            <tr><th>Federführend</th><td>Amt 51</td></tr>\
            <tr><td>Datum</td><td>Gremium</td></tr></table>";
        assert_eq!(
            text(html),
            "Betreff: Neubau der Kita Am Markt\nStatus: öffentlich\nVorlage-Art: Beschlussvorlage\n\
             Federführend: Amt 51\nDatum\tGremium"
        );
    }

    #[test]
    fn file_sizes_are_not_text() {
        for size in [
            "(1.204 KB)",
            "86 kB",
            "PDF, 1,2 MB",
            "[PDF 120 KB]",
            "12 Bytes",
            "PDF-Dokument (345 KB)",
        ] {
            assert!(is_file_size(size), "{size}");
        }
        for text in ["Anlage 1", "12 Seiten", "KB", "Haushalt 2024 MB", "120"] {
            assert!(!is_file_size(text), "{text}");
        }
    }

    #[test]
    fn layout_tables_keep_their_blocks() {
        let html = "<table><tr><td><h2>Sachverhalt</h2><p>Erster Absatz.</p><p>Zweiter.</p></td>\
            <td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>";
        assert_eq!(
            text(html),
            "Sachverhalt\n\nErster Absatz.\n\nZweiter.\na\tb"
        );
    }

    #[test]
    fn lists_definition_lists_and_checkboxes() {
        assert_eq!(
            text("<ul><li>Anlage 1</li><li>Anlage 2<ul><li>Teil a</li></ul></li></ul><ol start=3><li>drei</li></ol>"),
            "- Anlage 1\n- Anlage 2\n  - Teil a\n\n3. drei"
        );
        assert_eq!(
            text("<dl><dt>Betreff</dt><dd>Radweg</dd><dt>Status:</dt><dd>öffentlich</dd></dl>"),
            "Betreff: Radweg\nStatus: öffentlich"
        );
        assert_eq!(
            text("<p>Finanzielle Auswirkungen <input type=checkbox> Nein<input type=checkbox checked> Ja</p>"),
            "Finanzielle Auswirkungen ☐ Nein ☒ Ja"
        );
    }

    #[test]
    fn chrome_is_dropped_but_article_headers_stay() {
        let html = "<body><header>Stadtportal</header><nav>Start | Suche</nav>\
            <div id=breadcrumb>Start &gt; Vorlagen</div><div class='cookie-banner'>Cookies?</div>\
            <main><article><header><h1>Vorlage 1/2024</h1></header><p>Text</p></article></main>\
            <div class='mainnav'>Menü</div><footer>Impressum</footer><script>x()</script></body>";
        assert_eq!(text(html), "Vorlage 1/2024\n\nText");
    }

    #[test]
    fn tab_panels_get_their_tab_label() {
        let html = "<ul role=tablist><li role=tab id=t1>Beschlussvorschlag</li><li role=tab id=t2>Sachverhalt</li></ul>\
            <div role=tabpanel aria-labelledby=t1><p>Der Rat beschließt.</p></div>\
            <div role=tabpanel aria-labelledby=t2><h3>Sachverhalt</h3><p>Weil.</p></div>";
        assert_eq!(
            text(html),
            "Beschlussvorschlag\n\nDer Rat beschließt.\n\nSachverhalt\n\nWeil."
        );
    }

    #[test]
    fn attachment_links_are_collected_once() {
        let page = render(&Html::parse_document(
            "<a href='getfile.php?id=1'><img alt=pdf></a> <a href='getfile.php?id=1'>Vorlage</a>\
             <a href='vo0050.php?__kvonr=2'>andere Vorlage</a><a href='Anlage 2.pdf' title='Lageplan'></a>",
        ));
        let names: Vec<&str> = page.links.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["Vorlage", "Lageplan"]);
        assert_eq!(page.links[1].url, "Anlage 2.pdf");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut html = String::new();
        for _ in 0..100_000 {
            html.push_str("<div><table><tr><td>");
        }
        html.push_str("tief");
        let out = text(&html);
        assert!(out.contains("tief"));
    }
}
