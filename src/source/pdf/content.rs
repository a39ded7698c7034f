//! Content streams: from a page's drawing operators to positioned glyphs.
//!
//! The interpreter follows the graphics state (`q`/`Q`, `cm`), the text
//! state (`Tf`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`), the text and line matrices
//! (`BT`, `Td`, `TD`, `Tm`, `T*`) and the text-showing operators (`Tj`,
//! `TJ`, `'`, `"`), and descends into Form XObjects (`Do`) up to a depth
//! bound. Everything else (paths, colours, images) is skipped.
//!
//! Each glyph comes out in *line coordinates*: `x` runs along the writing
//! direction and `y` across it (larger is higher up), so the layout stage
//! treats rotated text like upright text. Text drawn in 90° steps keeps its
//! [`Direction`] so the layout keeps it apart.

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::{resolve, Font};
use super::{Budget, PdfError};

/// An affine matrix `[a b c d e f]` as PDF writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Matrix(pub(crate) [f32; 6]);

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// `self × other`: first `self`, then `other`.
    pub(crate) fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let mut m = [0.0f32; 6];
        if operands.len() < 6 {
            return None;
        }
        for (slot, o) in m.iter_mut().zip(operands) {
            *slot = o.as_float().ok().filter(|v| v.is_finite())?;
        }
        Some(Matrix(m))
    }
}

/// Which way a run of text is written, in 90° steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Left to right, upright.
    Upright,
    /// Rotated 90° counter-clockwise (reads bottom to top).
    Up,
    /// Upside down.
    Flipped,
    /// Rotated 90° clockwise (reads top to bottom).
    Down,
}

/// One glyph placed on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glyph {
    /// Start along the writing direction.
    pub x: f32,
    /// Baseline across the writing direction (higher is further up).
    pub y: f32,
    /// Advance along the writing direction.
    pub width: f32,
    /// Font size on the page.
    pub size: f32,
    /// Writing direction.
    pub dir: Direction,
    /// Byte range of the glyph's text in [`PageGlyphs::text`].
    pub start: u32,
    /// End of that range.
    pub end: u32,
}

/// The glyphs of one page and their text.
#[derive(Debug, Default)]
pub struct PageGlyphs {
    /// Glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// The text all glyphs point into.
    pub text: String,
    /// Glyphs drawn whose font gives no Unicode for them.
    pub unmapped: usize,
    /// Images drawn (to tell a scan from an empty page).
    pub images: usize,
}

impl PageGlyphs {
    /// The text of one glyph.
    pub fn text_of(&self, g: &Glyph) -> &str {
        self.text
            .get(g.start as usize..g.end as usize)
            .unwrap_or("")
    }
}

/// Fonts and form streams shared by all pages of a document.
#[derive(Default)]
pub struct Cache {
    fonts: HashMap<ObjectId, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    fallback: Option<Rc<Font>>,
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// `Tz` / 100.
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GraphicsState {
    fn default() -> GraphicsState {
        GraphicsState {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// Deepest `q` nesting kept; deeper saves are ignored (and their restores).
const MAX_SAVE_DEPTH: usize = 256;
/// How many operators run between two looks at the clock.
const OPS_PER_CLOCK_CHECK: u32 = 1024;

/// Runs a page's content streams and returns its glyphs. Problems that do
/// not stop the page (a damaged stream, a missing font) are added to
/// `warnings`; running out of time or bytes is an error.
pub fn page_glyphs(
    doc: &Document,
    page_id: ObjectId,
    cache: &mut Cache,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<PageGlyphs, PdfError> {
    let page = doc
        .get_dictionary(page_id)
        .map_err(|e| PdfError::Parse(format!("page object {} {}: {e}", page_id.0, page_id.1)))?;
    let resources = page_resources(doc, page);
    let mut content = Vec::new();
    for stream in content_streams(doc, page) {
        match budget.decompress(stream) {
            Ok(bytes) => {
                content.extend_from_slice(&bytes);
                content.push(b'\n');
            }
            Err(e @ (PdfError::TooLarge { .. } | PdfError::Timeout { .. })) => return Err(e),
            Err(e) => warnings.push(format!("content stream: {e}")),
        }
    }
    let mut run = Interpreter {
        doc,
        cache,
        budget,
        warnings,
        out: PageGlyphs::default(),
        stack: Vec::new(),
        gs: GraphicsState::default(),
        tm: Matrix::IDENTITY,
        tlm: Matrix::IDENTITY,
        ops: 0,
    };
    run.run(&content, resources, 0)?;
    run.annotations(page, resources)?;
    Ok(run.out)
}

/// Most annotations drawn per page.
const MAX_ANNOTATIONS: usize = 2000;

/// An annotation's normal appearance stream (`/AP /N`, picking the state
/// `/AS` names when there are several).
fn appearance<'a>(
    doc: &'a Document,
    annot: &'a Dictionary,
) -> Option<(Option<ObjectId>, &'a lopdf::Stream)> {
    let normal = annot
        .get(b"AP")
        .ok()
        .and_then(|ap| resolve(doc, ap).as_dict().ok())?
        .get(b"N")
        .ok()?;
    let normal = match resolve(doc, normal) {
        Object::Dictionary(states) => {
            let state = annot.get(b"AS").and_then(Object::as_name).ok()?;
            states.get(state).ok()?
        }
        _ => normal,
    };
    let id = normal.as_reference().ok();
    resolve(doc, normal).as_stream().ok().map(|s| (id, s))
}

/// `[x0 y0 x1 y1]` with corners ordered.
/// A form or pattern stream's `/Matrix` (identity when absent or bad).
fn form_matrix(doc: &Document, dict: &Dictionary) -> Matrix {
    dict.get(b"Matrix")
        .ok()
        .and_then(|m| resolve(doc, m).as_array().ok())
        .and_then(|m| Matrix::from_operands(m))
        .unwrap_or(Matrix::IDENTITY)
}

fn rectangle(values: &[Object]) -> Option<[f32; 4]> {
    let v: Vec<f32> = values
        .iter()
        .take(4)
        .filter_map(|o| o.as_float().ok().filter(|v| v.is_finite()))
        .collect();
    let [x0, y0, x1, y1] = v.as_slice() else {
        return None;
    };
    Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)])
}

/// The bounding box of a rectangle after a matrix.
fn transform_box(b: [f32; 4], m: &Matrix) -> [f32; 4] {
    let [a, bb, c, d, e, f] = m.0;
    let corners = [(b[0], b[1]), (b[0], b[3]), (b[2], b[1]), (b[2], b[3])];
    let mut out = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for (x, y) in corners {
        let (tx, ty) = (a * x + c * y + e, bb * x + d * y + f);
        out = [
            out[0].min(tx),
            out[1].min(ty),
            out[2].max(tx),
            out[3].max(ty),
        ];
    }
    out
}

/// The matrix that maps box `from` onto box `to` (ISO 32000 12.5.5).
fn fit(from: [f32; 4], to: [f32; 4]) -> Matrix {
    let scale = |t0: f32, t1: f32, f0: f32, f1: f32| {
        if (f1 - f0).abs() > f32::EPSILON {
            (t1 - t0) / (f1 - f0)
        } else {
            1.0
        }
    };
    let sx = scale(to[0], to[2], from[0], from[2]);
    let sy = scale(to[1], to[3], from[1], from[3]);
    Matrix([sx, 0.0, 0.0, sy, to[0] - from[0] * sx, to[1] - from[1] * sy])
}

/// The page's `/Resources`, inherited from the page tree when absent.
fn page_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(res) = node.get(b"Resources") {
            return resolve(doc, res).as_dict().ok();
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| resolve(doc, p).as_dict().ok())?;
    }
    None
}

fn content_streams<'a>(doc: &'a Document, page: &'a Dictionary) -> Vec<&'a lopdf::Stream> {
    match page.get(b"Contents").map(|c| resolve(doc, c)) {
        Ok(Object::Stream(s)) => vec![s],
        Ok(Object::Array(parts)) => parts
            .iter()
            .filter_map(|p| resolve(doc, p).as_stream().ok())
            .collect(),
        _ => Vec::new(),
    }
}

struct Interpreter<'a> {
    doc: &'a Document,
    cache: &'a mut Cache,
    budget: &'a mut Budget,
    warnings: &'a mut Vec<String>,
    out: PageGlyphs,
    stack: Vec<GraphicsState>,
    gs: GraphicsState,
    tm: Matrix,
    tlm: Matrix,
    ops: u32,
}

fn num(operands: &[Object], i: usize) -> Option<f32> {
    operands
        .get(i)
        .and_then(|o| o.as_float().ok())
        .filter(|v| v.is_finite())
}

impl<'a> Interpreter<'a> {
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), PdfError> {
        for op in super::lexer::operations(content) {
            let op = match op {
                Ok(op) => op,
                Err(e) => {
                    self.warn(format!("content stream ends early: {e}"));
                    break;
                }
            };
            self.ops = self.ops.wrapping_add(1);
            if self.ops.is_multiple_of(OPS_PER_CLOCK_CHECK) {
                self.budget.check_time()?;
            }
            let o = &op.operands;
            match op.operator.as_str() {
                "q" if self.stack.len() < MAX_SAVE_DEPTH => self.stack.push(self.gs.clone()),
                "Q" => {
                    if let Some(gs) = self.stack.pop() {
                        self.gs = gs;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(o) {
                        self.gs.ctm = m.then(&self.gs.ctm);
                    }
                }
                "BT" => {
                    self.tm = Matrix::IDENTITY;
                    self.tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    if let Some(Ok(name)) = o.first().map(Object::as_name) {
                        self.gs.font = Some(self.font(resources, name));
                    }
                    if let Some(size) = num(o, 1) {
                        self.gs.size = size;
                    }
                }
                "Tc" => self.gs.char_spacing = num(o, 0).unwrap_or(0.0),
                "Tw" => self.gs.word_spacing = num(o, 0).unwrap_or(0.0),
                "Tz" => self.gs.scale = num(o, 0).unwrap_or(100.0) / 100.0,
                "TL" => self.gs.leading = num(o, 0).unwrap_or(0.0),
                "Ts" => self.gs.rise = num(o, 0).unwrap_or(0.0),
                "Td" => {
                    if let (Some(tx), Some(ty)) = (num(o, 0), num(o, 1)) {
                        self.next_line(tx, ty);
                    }
                }
                "TD" => {
                    if let (Some(tx), Some(ty)) = (num(o, 0), num(o, 1)) {
                        self.gs.leading = -ty;
                        self.next_line(tx, ty);
                    }
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(o) {
                        self.tm = m;
                        self.tlm = m;
                    }
                }
                "T*" => self.next_line(0.0, -self.gs.leading),
                "Tj" => {
                    if let Some(Ok(s)) = o.first().map(Object::as_str) {
                        self.show(s);
                    }
                }
                "'" => {
                    self.next_line(0.0, -self.gs.leading);
                    if let Some(Ok(s)) = o.first().map(Object::as_str) {
                        self.show(s);
                    }
                }
                "\"" => {
                    self.gs.word_spacing = num(o, 0).unwrap_or(self.gs.word_spacing);
                    self.gs.char_spacing = num(o, 1).unwrap_or(self.gs.char_spacing);
                    self.next_line(0.0, -self.gs.leading);
                    if let Some(Ok(s)) = o.get(2).map(Object::as_str) {
                        self.show(s);
                    }
                }
                "TJ" => {
                    if let Some(Ok(items)) = o.first().map(Object::as_array) {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s),
                                other => {
                                    if let Ok(n) = other.as_float() {
                                        let tx = -n / 1000.0 * self.gs.size * self.gs.scale;
                                        if tx.is_finite() {
                                            self.tm = Matrix::translate(tx, 0.0).then(&self.tm);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(Ok(name)) = o.first().map(Object::as_name) {
                        self.draw_xobject(resources, name, depth)?;
                    }
                }
                "BI" => self.out.images += 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn warn(&mut self, message: String) {
        if !self.warnings.contains(&message) {
            self.warnings.push(message);
        }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let entry = resources
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|f| resolve(doc, f).as_dict().ok())
            .and_then(|f| f.get(name).ok());
        match entry {
            Some(Object::Reference(id)) => {
                if let Some(font) = self.cache.fonts.get(id) {
                    return font.clone();
                }
                let font = match doc.get_dictionary(*id) {
                    Ok(dict) => Rc::new(Font::load(doc, dict, self.budget)),
                    Err(_) => self.fallback_font(name),
                };
                self.cache.fonts.insert(*id, font.clone());
                font
            }
            Some(Object::Dictionary(dict)) => Rc::new(Font::load(doc, dict, self.budget)),
            _ => self.fallback_font(name),
        }
    }

    fn fallback_font(&mut self, name: &[u8]) -> Rc<Font> {
        self.warn(format!(
            "font /{} is missing; its text is read as Latin-1",
            String::from_utf8_lossy(name)
        ));
        self.cache
            .fallback
            .get_or_insert_with(|| Rc::new(Font::fallback()))
            .clone()
    }

    fn draw_xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        depth: usize,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some(Object::Reference(id)) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| resolve(doc, x).as_dict().ok())
            .and_then(|x| x.get(name).ok())
        else {
            return Ok(());
        };
        let Ok(stream) = doc.get_object(*id).and_then(Object::as_stream) else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                self.out.images += 1;
                return Ok(());
            }
            Ok(b"Form") => {}
            _ => return Ok(()),
        }
        self.run_form(Some(*id), stream, resources, None, depth)
    }

    /// Runs a Form XObject (or an annotation's appearance, which is one):
    /// its content under its `/Matrix`, then `placement` (for appearances,
    /// the map from the form's box to the annotation's rectangle).
    fn run_form(
        &mut self,
        id: Option<ObjectId>,
        stream: &'a lopdf::Stream,
        resources: Option<&'a Dictionary>,
        placement: Option<Matrix>,
        depth: usize,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        if depth >= self.budget.max_form_depth() {
            self.warn(format!(
                "Form XObjects nested deeper than {} levels were skipped",
                self.budget.max_form_depth()
            ));
            return Ok(());
        }
        let cached = id.and_then(|id| self.cache.forms.get(&id));
        let content = match cached {
            Some(c) => c.clone(),
            None => match self.budget.decompress(stream) {
                Ok(bytes) => {
                    let bytes = Rc::new(bytes);
                    if let Some(id) = id {
                        self.cache.forms.insert(id, bytes.clone());
                    }
                    bytes
                }
                Err(e @ (PdfError::TooLarge { .. } | PdfError::Timeout { .. })) => return Err(e),
                Err(e) => {
                    self.warn(format!("form XObject: {e}"));
                    return Ok(());
                }
            },
        };
        let form_resources = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| resolve(doc, r).as_dict().ok())
            .or(resources);
        let matrix = form_matrix(doc, &stream.dict);
        let saved = (self.gs.clone(), self.tm, self.tlm, self.stack.len());
        let matrix = match placement {
            Some(p) => matrix.then(&p),
            None => matrix,
        };
        self.gs.ctm = matrix.then(&self.gs.ctm);
        let result = self.run(&content, form_resources, depth + 1);
        self.stack.truncate(saved.3);
        (self.gs, self.tm, self.tlm) = (saved.0, saved.1, saved.2);
        result
    }

    /// Draws the normal appearance of each visible annotation (stamps,
    /// form fields, free text): viewers and pdftotext show that text too.
    fn annotations(
        &mut self,
        page: &'a Dictionary,
        resources: Option<&'a Dictionary>,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|a| resolve(doc, a).as_array().ok())
        else {
            return Ok(());
        };
        for annot in annots.iter().take(MAX_ANNOTATIONS) {
            let Ok(dict) = resolve(doc, annot).as_dict() else {
                continue;
            };
            let flags = dict.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            let subtype = dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .unwrap_or(b"");
            if flags & 2 != 0 || matches!(subtype, b"Popup" | b"Link") {
                continue;
            }
            let Some((id, stream)) = appearance(doc, dict) else {
                continue;
            };
            let Some(rect) = dict
                .get(b"Rect")
                .ok()
                .and_then(|r| resolve(doc, r).as_array().ok())
                .and_then(|r| rectangle(r))
            else {
                continue;
            };
            let bbox = stream
                .dict
                .get(b"BBox")
                .ok()
                .and_then(|b| resolve(doc, b).as_array().ok())
                .and_then(|b| rectangle(b))
                .unwrap_or(rect);
            let matrix = form_matrix(doc, &stream.dict);
            let placement = fit(transform_box(bbox, &matrix), rect);
            self.gs = GraphicsState::default();
            self.stack.clear();
            self.run_form(id, stream, resources, Some(placement), 0)?;
        }
        Ok(())
    }

    /// Shows a string: one glyph per code, advancing the text matrix.
    fn show(&mut self, bytes: &[u8]) {
        let font = match &self.gs.font {
            Some(f) => f.clone(),
            None => self.fallback_font(b"(none selected)"),
        };
        let max_glyphs = self.budget.max_glyphs_per_page();
        let mut capped = false;
        let gs = &self.gs;
        let size = gs.size;
        let out = &mut self.out;
        let mut tm = self.tm;
        let first = out.glyphs.len();
        font.decode(bytes, |code| {
            let m = tm.then(&gs.ctm);
            let [a, b, c, d, e, f] = m.0;
            let mut tx = code.advance * size + gs.char_spacing;
            if code.is_space_code {
                tx += gs.word_spacing;
            }
            tx *= gs.scale;
            let along = (a * a + b * b).sqrt();
            let across = (c * c + d * d).sqrt();
            let origin_x = gs.rise * c + e;
            let origin_y = gs.rise * d + f;
            let dir = if a.abs() >= b.abs() {
                if a >= 0.0 {
                    Direction::Upright
                } else {
                    Direction::Flipped
                }
            } else if b > 0.0 {
                Direction::Up
            } else {
                Direction::Down
            };
            let (x, y) = match dir {
                Direction::Upright => (origin_x, origin_y),
                Direction::Up => (origin_y, -origin_x),
                Direction::Flipped => (-origin_x, -origin_y),
                Direction::Down => (-origin_y, origin_x),
            };
            // The glyph's own advance; character spacing (`Tc`) is added
            // below only where it is letter spacing.
            let width = code.advance * size * gs.scale * along;
            let glyph_size = (size * across).abs();
            if out.glyphs.len() >= max_glyphs {
                capped = true;
            } else if code.text.is_empty() {
                out.unmapped += 1;
            } else if x.is_finite() && y.is_finite() && glyph_size.is_finite() {
                let start = out.text.len() as u32;
                out.text.push_str(code.text);
                out.glyphs.push(Glyph {
                    x,
                    y,
                    width: width.abs(),
                    size: glyph_size,
                    dir,
                    start,
                    end: out.text.len() as u32,
                });
            }
            tm = Matrix::translate(tx, 0.0).then(&tm);
        });
        // Positive character spacing is letter spacing: it belongs to the
        // glyphs, so a spaced-out heading stays one word. On a string of
        // exactly two glyphs it is a way of placing the second one
        // (Ghostscript writes "Hallerburg e.G." as `… (ur)Tj 3.06 Tc … (ge)Tj
        // 0 Tc …`): that gap stays a gap, as pdftotext reads it.
        if gs.char_spacing > 0.0 && out.glyphs.len() != first + 2 {
            let m = self.tm.then(&gs.ctm);
            let along = (m.0[0] * m.0[0] + m.0[1] * m.0[1]).sqrt();
            let extra = (gs.char_spacing * gs.scale * along).abs();
            for g in &mut out.glyphs[first..] {
                g.width += extra;
            }
        }
        self.tm = tm;
        if capped {
            self.warn(format!(
                "more than {max_glyphs} glyphs; the rest of the page was skipped"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_composition_applies_left_first() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 5.0);
        assert_eq!(
            shift.then(&scale).0,
            [2.0, 0.0, 0.0, 2.0, 20.0, 10.0],
            "translate in text space, then scale"
        );
        assert_eq!(scale.then(&shift).0, [2.0, 0.0, 0.0, 2.0, 10.0, 5.0]);
    }
}
