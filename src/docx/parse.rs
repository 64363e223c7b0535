//! The body of a Word part (the document, a header, a footer) as blocks: paragraphs with
//! their style, list numbering and runs of text (bold or not, with line breaks and links), and
//! tables of rows and cells. Tracked insertions are kept and deletions left out; a field keeps
//! the text it shows, not its code; hidden text, tables of contents and comments are left out.
//!
//! The reader keeps its own stack instead of recursing, so a deeply nested file cannot
//! exhaust the call stack.

use std::collections::HashMap;
use std::path::Path;

use super::package::Rel;
use super::styles::Styles;
use super::xml::{El, Node, Xml};
use crate::error::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text and whether it is bold.
    Text(String, bool),
    /// Text struck through: crossed out, so kept in the Markdown as `~~…~~` but no evidence.
    Struck(String),
    /// A line break inside the paragraph.
    Break,
    LinkStart(String),
    LinkEnd,
}

#[derive(Debug, Clone, Default)]
pub struct Para {
    pub style: Option<String>,
    /// Numbering set on the paragraph itself (`numId` "0" switches off the style's).
    pub num: Option<(String, u8)>,
    pub outline: Option<u8>,
    pub inl: Vec<Inline>,
    /// Part of a table of contents.
    pub toc: bool,
}

impl Para {
    /// The paragraph's text, without markup.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for i in &self.inl {
            match i {
                Inline::Text(t, _) => s.push_str(t),
                Inline::Break => s.push(' '),
                _ => {}
            }
        }
        s
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub grid_before: u32,
    pub deleted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub blocks: Vec<Block>,
    pub span: u32,
    pub vmerge: VMerge,
}

impl Default for Cell {
    fn default() -> Self {
        Cell {
            blocks: Vec::new(),
            span: 1,
            vmerge: VMerge::None,
        }
    }
}

/// Tables nested deeper than this are read as plain paragraphs.
const MAX_TABLE_DEPTH: usize = 12;
const MAX_FIELDS: usize = 64;

enum Frame {
    Container(Vec<Block>),
    Table(Table),
    Row(Row),
    Cell(Cell),
    Para(Para),
}

#[derive(Debug, Clone, Copy)]
enum Action {
    PopPara,
    PopTable,
    PopRow,
    PopCell,
    LinkEnd,
    PopSimpleField,
    PopRun,
    PopSdt,
    LeaveDrawing,
    LeaveTextBox,
}

#[derive(Debug, Default)]
struct Field {
    instr: String,
    result: bool,
    link: bool,
    toc: bool,
}

#[derive(Debug, Default, Clone)]
struct RunProps {
    bold: Option<bool>,
    style: Option<String>,
    hidden: bool,
    struck: bool,
}

/// Elements whose whole content is left out.
const SKIPPED: &[&str] = &[
    "del",
    "moveFrom",
    "Fallback",
    "pPrChange",
    "rPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblPr",
    "tblGrid",
    "sectPr",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
    "annotationRef",
    "fldData",
    "ffData",
    "object",
    "oMath",
    "oMathPara",
    "delText",
    "delInstrText",
    "binData",
    "footnotePr",
    "endnotePr",
];

struct Parser<'s> {
    styles: &'s Styles,
    rels: &'s HashMap<String, Rel>,
    frames: Vec<Frame>,
    actions: Vec<(usize, Action)>,
    fields: Vec<Field>,
    runs: Vec<RunProps>,
    /// Table-of-contents flags of open content controls.
    sdts: Vec<bool>,
    drawing: usize,
    text_box: usize,
}

/// Read the blocks of a document, header or footer part.
pub fn parse_blocks(
    path: &Path,
    part: &str,
    text: &str,
    styles: &Styles,
    rels: &HashMap<String, Rel>,
) -> Result<Vec<Block>, Problem> {
    let mut p = Parser {
        styles,
        rels,
        frames: vec![Frame::Container(Vec::new())],
        actions: Vec::new(),
        fields: Vec::new(),
        runs: Vec::new(),
        sdts: Vec::new(),
        drawing: 0,
        text_box: 0,
    };
    let mut x = Xml::new(path, part, text);
    loop {
        match x.next_node()? {
            Node::Open(e) => p.open(&mut x, e)?,
            Node::Close(_) => {
                let closed_depth = x.depth + 1;
                while let Some(&(d, action)) = p.actions.last() {
                    if d < closed_depth {
                        break;
                    }
                    p.actions.pop();
                    p.close(action);
                }
            }
            Node::Text(_) => {}
            Node::Eof => break,
        }
    }
    // close whatever a truncated part left open
    while let Some((_, action)) = p.actions.pop() {
        p.close(action);
    }
    match p.frames.into_iter().next() {
        Some(Frame::Container(blocks)) => Ok(blocks),
        _ => Ok(Vec::new()),
    }
}

impl<'s> Parser<'s> {
    fn para(&mut self) -> Option<&mut Para> {
        match self.frames.last_mut() {
            Some(Frame::Para(p)) => Some(p),
            _ => None,
        }
    }

    fn table_depth(&self) -> usize {
        self.frames
            .iter()
            .filter(|f| matches!(f, Frame::Table(_)))
            .count()
    }

    fn toc_active(&self) -> bool {
        self.fields.iter().any(|f| f.toc && f.result)
    }

    fn push_inline(&mut self, i: Inline) {
        let toc = self.toc_active();
        if let Some(p) = self.para() {
            p.toc |= toc;
            p.inl.push(i);
        }
    }

    fn open(&mut self, x: &mut Xml<'_>, e: El) -> Result<(), Problem> {
        let depth = x.depth;
        let name = std::str::from_utf8(&e.name).unwrap_or("");
        if SKIPPED.contains(&name) {
            return x.skip();
        }
        match name {
            "p" => {
                self.frames.push(Frame::Para(Para {
                    toc: self.toc_active(),
                    ..Para::default()
                }));
                self.actions.push((depth, Action::PopPara));
            }
            "pPr" => self.para_props(x)?,
            "r" => {
                self.runs.push(RunProps::default());
                self.actions.push((depth, Action::PopRun));
            }
            "rPr" => self.run_props(x)?,
            "t" => {
                let text = x.inner_text()?;
                self.text(text);
            }
            "instrText" => {
                let text = x.inner_text()?;
                if let Some(f) = self.fields.last_mut()
                    && !f.result
                {
                    f.instr.push_str(&text);
                }
            }
            "tab" | "ptab" => self.text("\t".to_string()),
            "br" | "cr" => {
                if matches!(e.attr("type"), Some("page" | "column")) {
                    self.text(" ".to_string());
                } else if self.text_allowed() {
                    self.push_inline(Inline::Break);
                }
            }
            "noBreakHyphen" => self.text("-".to_string()),
            "sym" => {
                if let Some(c) = symbol(e.attr("char").unwrap_or(""), e.attr("font")) {
                    self.text(c.to_string());
                }
            }
            "fldChar" => self.field_char(e.attr("fldCharType").unwrap_or("")),
            "fldSimple" => {
                let instr = e.attr("instr").unwrap_or("").to_string();
                self.fields.push(Field {
                    instr,
                    result: false,
                    ..Field::default()
                });
                self.field_result();
                self.actions.push((depth, Action::PopSimpleField));
            }
            "hyperlink" => {
                let url = e
                    .attr("id")
                    .and_then(|id| self.rels.get(id))
                    .filter(|r| r.external)
                    .map(|r| r.target.clone());
                if let Some(url) = url
                    && self.text_allowed()
                {
                    self.push_inline(Inline::LinkStart(url));
                    self.actions.push((depth, Action::LinkEnd));
                }
            }
            "tbl" if self.table_depth() < MAX_TABLE_DEPTH => {
                self.frames.push(Frame::Table(Table::default()));
                self.actions.push((depth, Action::PopTable));
            }
            "tr" => {
                if matches!(self.frames.last(), Some(Frame::Table(_))) {
                    self.frames.push(Frame::Row(Row::default()));
                    self.actions.push((depth, Action::PopRow));
                }
            }
            "trPr" => self.row_props(x)?,
            "tc" => {
                if matches!(self.frames.last(), Some(Frame::Row(_))) {
                    self.frames.push(Frame::Cell(Cell::default()));
                    self.actions.push((depth, Action::PopCell));
                }
            }
            "tcPr" => self.cell_props(x)?,
            "sdt" => {
                self.sdts.push(false);
                self.actions.push((depth, Action::PopSdt));
            }
            "sdtPr" => {
                while x.depth >= depth {
                    match x.next_node()? {
                        Node::Open(c) if c.is("docPartGallery") => {
                            if c.attr("val").is_some_and(|v| {
                                v.to_ascii_lowercase().contains("table of contents")
                            }) && let Some(t) = self.sdts.last_mut()
                            {
                                *t = true;
                            }
                        }
                        Node::Eof => break,
                        _ => {}
                    }
                }
            }
            "sdtContent" if self.sdts.last() == Some(&true) => x.skip()?,
            "drawing" | "pict" => {
                self.drawing += 1;
                self.actions.push((depth, Action::LeaveDrawing));
            }
            "txbxContent" => {
                self.text_box += 1;
                self.actions.push((depth, Action::LeaveTextBox));
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, action: Action) {
        match action {
            Action::PopPara => {
                let toc = self.toc_active();
                if let Some(Frame::Para(mut p)) = self.frames.pop() {
                    p.toc |= toc;
                    self.attach(Block::Para(p));
                }
            }
            Action::PopTable => {
                if let Some(Frame::Table(t)) = self.frames.pop() {
                    self.attach(Block::Table(t));
                }
            }
            Action::PopRow => {
                if let Some(Frame::Row(r)) = self.frames.pop()
                    && let Some(Frame::Table(t)) = self.frames.last_mut()
                {
                    t.rows.push(r);
                }
            }
            Action::PopCell => {
                if let Some(Frame::Cell(c)) = self.frames.pop()
                    && let Some(Frame::Row(r)) = self.frames.last_mut()
                {
                    r.cells.push(c);
                }
            }
            Action::LinkEnd => self.push_inline(Inline::LinkEnd),
            Action::PopSimpleField => self.field_end(),
            Action::PopRun => {
                self.runs.pop();
            }
            Action::PopSdt => {
                self.sdts.pop();
            }
            Action::LeaveDrawing => self.drawing = self.drawing.saturating_sub(1),
            Action::LeaveTextBox => self.text_box = self.text_box.saturating_sub(1),
        }
    }

    /// Put a finished block in the innermost container (the body or a table cell); a
    /// paragraph from a text box goes before the paragraph holding the box.
    fn attach(&mut self, block: Block) {
        for f in self.frames.iter_mut().rev() {
            match f {
                Frame::Container(v) => return v.push(block),
                Frame::Cell(c) => return c.blocks.push(block),
                _ => {}
            }
        }
    }

    fn text_allowed(&self) -> bool {
        let in_code = self.fields.iter().any(|f| !f.result);
        let hidden = self.runs.last().is_some_and(|r| {
            r.hidden
                || r.style
                    .as_deref()
                    .is_some_and(|s| self.styles.char_hidden(s))
        });
        let in_picture = self.drawing > 0 && self.text_box == 0;
        !in_code && !hidden && !in_picture
    }

    fn text(&mut self, text: String) {
        if text.is_empty() || !self.text_allowed() {
            return;
        }
        if self.runs.last().is_some_and(|r| r.struck) {
            self.push_inline(Inline::Struck(text));
            return;
        }
        let bold = self.bold();
        self.push_inline(Inline::Text(text, bold));
    }

    fn bold(&self) -> bool {
        let run = self.runs.last();
        if let Some(b) = run.and_then(|r| r.bold) {
            return b;
        }
        if let Some(b) = run
            .and_then(|r| r.style.as_deref())
            .and_then(|s| self.styles.char_bold(s))
        {
            return b;
        }
        let para_style = self.frames.iter().rev().find_map(|f| match f {
            Frame::Para(p) => Some(p.style.as_deref()),
            _ => None,
        });
        para_style
            .and_then(|s| self.styles.bold(s))
            .unwrap_or(self.styles.default_bold)
    }

    fn para_props(&mut self, x: &mut Xml<'_>) -> Result<(), Problem> {
        let depth = x.depth;
        while x.depth >= depth {
            match x.next_node()? {
                Node::Open(c) => {
                    if c.is("pPrChange") || c.is("rPr") || c.is("sectPr") {
                        x.skip()?;
                        continue;
                    }
                    let Some(p) = self.para() else { continue };
                    if c.is("pStyle") {
                        p.style = c.attr("val").map(str::to_string);
                    } else if c.is("outlineLvl") {
                        p.outline = c.attr("val").and_then(|v| v.parse().ok());
                    } else if c.is("numId") {
                        let lvl = p.num.as_ref().map_or(0, |n| n.1);
                        p.num = Some((c.attr("val").unwrap_or("0").to_string(), lvl));
                    } else if c.is("ilvl") {
                        let lvl = c.attr("val").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let id = p.num.take().map_or_else(String::new, |n| n.0);
                        p.num = Some((id, lvl));
                    }
                }
                Node::Eof => break,
                _ => {}
            }
        }
        // an ilvl without a numId inherits the style's list
        let styles = self.styles;
        if let Some(p) = self.para()
            && p.num.as_ref().is_some_and(|n| n.0.is_empty())
        {
            let lvl = p.num.take().map_or(0, |n| n.1);
            p.num = styles.num(p.style.as_deref()).map(|(id, _)| (id, lvl));
        }
        Ok(())
    }

    fn run_props(&mut self, x: &mut Xml<'_>) -> Result<(), Problem> {
        let depth = x.depth;
        while x.depth >= depth {
            match x.next_node()? {
                Node::Open(c) => {
                    if c.is("rPrChange") {
                        x.skip()?;
                        continue;
                    }
                    let Some(r) = self.runs.last_mut() else {
                        continue;
                    };
                    if c.is("b") {
                        r.bold = Some(c.on_off());
                    } else if c.is("rStyle") {
                        r.style = c.attr("val").map(str::to_string);
                    } else if c.is("vanish") {
                        r.hidden = c.on_off();
                    } else if c.is("strike") || c.is("dstrike") {
                        r.struck = c.on_off();
                    }
                }
                Node::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    fn row_props(&mut self, x: &mut Xml<'_>) -> Result<(), Problem> {
        let depth = x.depth;
        while x.depth >= depth {
            match x.next_node()? {
                Node::Open(c) => {
                    if c.is("trPrChange") {
                        x.skip()?;
                        continue;
                    }
                    let Some(Frame::Row(r)) = self.frames.last_mut() else {
                        continue;
                    };
                    if c.is("gridBefore") {
                        r.grid_before = c
                            .attr("val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0)
                            .min(64);
                    } else if c.is("del") {
                        r.deleted = true;
                    }
                }
                Node::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    fn cell_props(&mut self, x: &mut Xml<'_>) -> Result<(), Problem> {
        let depth = x.depth;
        while x.depth >= depth {
            match x.next_node()? {
                Node::Open(c) => {
                    if c.is("tcPrChange") {
                        x.skip()?;
                        continue;
                    }
                    let Some(Frame::Cell(cell)) = self.frames.last_mut() else {
                        continue;
                    };
                    if c.is("gridSpan") {
                        cell.span = c
                            .attr("val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1)
                            .clamp(1, 64);
                    } else if c.is("vMerge") {
                        cell.vmerge = match c.attr("val") {
                            Some("restart") => VMerge::Restart,
                            _ => VMerge::Continue,
                        };
                    }
                }
                Node::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    fn field_char(&mut self, kind: &str) {
        match kind {
            "begin" if self.fields.len() < MAX_FIELDS => self.fields.push(Field::default()),
            "separate" => self.field_result(),
            "end" => self.field_end(),
            _ => {}
        }
    }

    /// The field's code is complete: what it shows follows.
    fn field_result(&mut self) {
        let Some(f) = self.fields.last_mut() else {
            return;
        };
        if f.result {
            return;
        }
        f.result = true;
        let instr = f.instr.trim().to_string();
        let word = instr
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match word.as_str() {
            "TOC" => f.toc = true,
            "HYPERLINK" => {
                if let Some(url) = hyperlink_target(&instr) {
                    f.link = true;
                    self.push_inline(Inline::LinkStart(url));
                }
            }
            _ => {}
        }
    }

    fn field_end(&mut self) {
        if let Some(f) = self.fields.pop()
            && f.link
        {
            self.push_inline(Inline::LinkEnd);
        }
    }
}

/// The web address of a `HYPERLINK "…"` field (not a `\l` bookmark inside the document).
fn hyperlink_target(instr: &str) -> Option<String> {
    let rest = instr.trim_start().get("HYPERLINK".len()..)?.trim_start();
    let mut tokens = Vec::new();
    let mut chars = rest.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut t = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                t.push(c);
            }
            tokens.push((t, true));
        } else {
            let mut t = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                t.push(c);
                chars.next();
            }
            tokens.push((t, false));
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let (t, quoted) = &tokens[i];
        if !quoted && t.starts_with('\\') {
            // a switch; \l, \o, \t and \m take an argument
            if matches!(t.as_str(), "\\l" | "\\o" | "\\t") {
                i += 1;
            }
            i += 1;
            continue;
        }
        return (!t.is_empty()).then(|| t.clone());
    }
    None
}

/// A `w:sym` character: symbol fonts put their characters at U+F000 + code.
fn symbol(hex: &str, font: Option<&str>) -> Option<char> {
    let code = u32::from_str_radix(hex, 16).ok()?;
    let font = font.unwrap_or("").to_ascii_lowercase();
    let low = if code >= 0xF000 { code - 0xF000 } else { code };
    let mapped = if font.contains("wingdings") {
        match low {
            0xFC => Some('✓'),
            0xFB => Some('✗'),
            0xFE => Some('☑'),
            0xA8 | 0x6F => Some('☐'),
            0x9F | 0xA7 | 0x6C => Some('•'),
            0xE0 | 0xE8 => Some('→'),
            _ => None,
        }
    } else if font.contains("symbol") {
        match low {
            0xB7 => Some('•'),
            0xD7 => Some('×'),
            0xB0 => Some('°'),
            0xA3 => Some('≤'),
            0xB3 => Some('≥'),
            0xAE => Some('→'),
            0xE3 | 0xD3 => Some('©'),
            0x2D => Some('−'),
            _ if (0x20..0x7F).contains(&low) => char::from_u32(low),
            _ => None,
        }
    } else if code < 0xF000 {
        char::from_u32(code)
    } else {
        None
    };
    mapped.filter(|c| !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_fields() {
        assert_eq!(
            hyperlink_target(r#"HYPERLINK "https://www.gov.uk/x" \o "tip""#).as_deref(),
            Some("https://www.gov.uk/x")
        );
        assert_eq!(hyperlink_target(r#"HYPERLINK \l "_Toc1""#), None);
        assert_eq!(
            hyperlink_target("HYPERLINK https://a.b/c").as_deref(),
            Some("https://a.b/c")
        );
    }

    #[test]
    fn symbols() {
        assert_eq!(symbol("F0B7", Some("Symbol")), Some('•'));
        assert_eq!(symbol("F0FC", Some("Wingdings")), Some('✓'));
        assert_eq!(symbol("2013", None), Some('–'));
        assert_eq!(symbol("zz", None), None);
    }
}
