//! Blocks read from Word → Markdown text, with a map from each block of that text back to the
//! place in Word it came from.
//!
//! Headings come from heading styles and outline levels (`#`…, one level deeper throughout
//! when the document has a Title), bold paragraphs stay bold (so the outline's pseudo-heading
//! rule applies to them as to pasted Markdown), bulleted and "1." lists become Markdown lists,
//! other numbering ("4.2", "(b)") is kept as text, tables become pipe tables, and links keep
//! their addresses.

use super::parse::{Block, Cell, Inline, Para, Table, VMerge};
use super::styles::{Marker, Numbering, StyleRole, Styles};
use super::{Locations, WordPlace};

pub struct Renderer<'a> {
    styles: &'a Styles,
    numbering: &'a mut Numbering,
    out: String,
    locs: Vec<(usize, WordPlace)>,
    /// Headings above the current block: (Markdown level, text).
    path: Vec<(u8, String)>,
    paragraphs: u32,
    tables: u32,
    /// Open list levels: (Word level, column where item text starts).
    list: Vec<(u8, usize)>,
    last_was_item: bool,
    shift: u8,
    /// Set while rendering a page header or footer: every block gets this place and headings
    /// and lists are written as plain paragraphs.
    margin: Option<WordPlace>,
    /// Page headers waiting to be written after the document's first heading.
    pending_header: Option<Vec<Vec<Block>>>,
    headings_done: u32,
}

impl<'a> Renderer<'a> {
    pub fn new(styles: &'a Styles, numbering: &'a mut Numbering, body: &[Block]) -> Self {
        let has_title = body.iter().any(|b| match b {
            Block::Para(p) => !p.toc && styles.role(p.style.as_deref()) == StyleRole::Title,
            _ => false,
        });
        Renderer {
            styles,
            numbering,
            out: String::new(),
            locs: Vec::new(),
            path: Vec::new(),
            paragraphs: 0,
            tables: 0,
            list: Vec::new(),
            last_was_item: false,
            shift: u8::from(has_title),
            margin: None,
            pending_header: None,
            headings_done: 0,
        }
    }

    /// Page headers go after the document's title (its first heading), or first when it does
    /// not start with one: near the top, where the school's name helps tell what kind of
    /// organisation this is, but not before the title, where text that is missing belongs.
    pub fn headers_after_title(&mut self, parts: Vec<Vec<Block>>) {
        self.pending_header = Some(parts);
    }

    /// Write the page headers if they are still waiting.
    pub fn flush_headers(&mut self) {
        if let Some(parts) = self.pending_header.take() {
            self.margin(&parts, WordPlace::Header, super::HEADER_MARKER);
        }
    }

    fn before_block(&mut self, is_heading: bool) {
        if self.pending_header.is_some() && (!is_heading || self.headings_done > 0) {
            self.flush_headers();
        }
    }

    /// Page headers or footers: a marker comment, then their text.
    pub fn margin(&mut self, parts: &[Vec<Block>], place: WordPlace, marker: &str) {
        let mut rendered: Vec<(String, Vec<(usize, WordPlace)>)> = Vec::new();
        for blocks in parts {
            // each part on its own, to drop repeats (first-page and default headers)
            let mut sub = Renderer {
                styles: self.styles,
                numbering: &mut *self.numbering,
                out: String::new(),
                locs: Vec::new(),
                path: Vec::new(),
                paragraphs: 0,
                tables: 0,
                list: Vec::new(),
                last_was_item: false,
                shift: 0,
                margin: Some(place.clone()),
                pending_header: None,
                headings_done: 0,
            };
            for b in blocks {
                sub.block(b);
            }
            let (text, locs) = (sub.out, sub.locs);
            if text.trim().is_empty() || rendered.iter().any(|(t, _)| *t == text) {
                continue;
            }
            rendered.push((text, locs));
        }
        for (i, (text, locs)) in rendered.into_iter().enumerate() {
            if i == 0 {
                self.begin(false);
                self.out.push_str(marker);
            }
            self.begin(false);
            let base = self.out.len();
            self.locs
                .extend(locs.into_iter().map(|(o, p)| (o + base, p)));
            self.out.push_str(&text);
        }
        self.list.clear();
        self.last_was_item = false;
    }

    pub fn body(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    pub fn finish(mut self) -> (String, Locations) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        (self.out, Locations::new(self.locs))
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Para(p) => self.para(p),
            Block::Table(t) => self.table(t),
        }
    }

    /// Start a block: a blank line before it, or a plain line break between list items.
    fn begin(&mut self, tight: bool) {
        if !self.out.is_empty() {
            self.out.push_str(if tight { "\n" } else { "\n\n" });
        }
    }

    fn place(&self, kind: PlaceKind) -> WordPlace {
        if let Some(m) = &self.margin {
            return m.clone();
        }
        let path: Vec<String> = self.path.iter().map(|(_, t)| t.clone()).collect();
        match kind {
            PlaceKind::Heading(text) => WordPlace::Heading { text },
            PlaceKind::Paragraph => WordPlace::Paragraph {
                path,
                n: self.paragraphs,
            },
            PlaceKind::Row(row) => WordPlace::TableRow {
                path,
                table: self.tables,
                row,
            },
        }
    }

    fn marker(&mut self, p: &Para) -> Option<Marker> {
        let num = match &p.num {
            Some((id, _)) if id == "0" => None,
            Some((id, lvl)) if !id.is_empty() => Some((id.clone(), *lvl)),
            _ => self.styles.num(p.style.as_deref()),
        }?;
        self.numbering.next(&num.0, num.1, self.styles)
    }

    fn para(&mut self, p: &Para) {
        if p.toc {
            return;
        }
        let mut role = self.styles.role(p.style.as_deref());
        if role == StyleRole::Toc {
            return;
        }
        if let Some(l) = p.outline {
            role = if l < 9 {
                StyleRole::Heading(l)
            } else {
                StyleRole::Body
            };
        }
        // Word counts a numbered paragraph even when it is empty
        let marker = self.marker(p);
        let plain = p.plain();
        if plain.trim().is_empty() {
            return;
        }
        let heading_level = match role {
            StyleRole::Title => Some(1),
            StyleRole::Heading(l) => Some((l + 1 + self.shift).min(6)),
            _ => None,
        };
        if self.margin.is_some() {
            let text = inline(&p.inl, Breaks::Markdown, false);
            let text = with_marker(marker.as_ref(), &text, "•");
            self.paragraph(&text);
            return;
        }
        if let Some(level) = heading_level {
            let text = inline(&p.inl, Breaks::Space, true);
            let text = match &marker {
                Some(m) if !m.text.is_empty() => {
                    format!("{} {text}", escape_inline(&m.text, false))
                }
                _ => text,
            };
            let mut text = escape_line_start(&text, true);
            if text.ends_with('#') {
                text.insert(text.len() - 1, '\\');
            }
            self.before_block(true);
            self.headings_done += 1;
            self.list.clear();
            self.last_was_item = false;
            self.begin(false);
            let heading_text = collapse(&plain_with_marker(marker.as_ref(), &plain));
            while self.path.last().is_some_and(|(l, _)| *l >= level) {
                self.path.pop();
            }
            // the title heads everything, so it is left out of the paths
            if role != StyleRole::Title {
                self.path.push((level, clip(&heading_text, 60)));
            }
            self.paragraphs = 0;
            self.tables = 0;
            let place = self.place(PlaceKind::Heading(clip(&heading_text, 60)));
            self.locs.push((self.out.len(), place));
            self.out.push_str(&"#".repeat(level as usize));
            self.out.push(' ');
            self.out.push_str(&text);
            return;
        }
        match marker {
            Some(m) if m.bullet => {
                let text = inline(&p.inl, Breaks::Markdown, false);
                self.item(m.level, "-", &text);
            }
            Some(m) if m.simple.is_some() => {
                let (n, d) = m.simple.unwrap_or((1, '.'));
                let text = inline(&p.inl, Breaks::Markdown, false);
                self.item(m.level, &format!("{n}{d}"), &text);
            }
            Some(m) if !m.text.is_empty() && is_section_number(&m.text) => {
                let text = inline(&p.inl, Breaks::Markdown, false);
                self.paragraph(&format!("{} {text}", m.text));
            }
            Some(m) if !m.text.is_empty() => {
                let text = inline(&p.inl, Breaks::Markdown, false);
                let text = format!("{} {text}", escape_inline(&m.text, false));
                self.item(m.level, "-", &text);
            }
            _ => {
                let text = inline(&p.inl, Breaks::Markdown, false);
                self.paragraph(&text);
            }
        }
    }

    fn paragraph(&mut self, text: &str) {
        self.before_block(false);
        self.list.clear();
        self.last_was_item = false;
        self.begin(false);
        self.paragraphs += 1;
        let place = self.place(PlaceKind::Paragraph);
        self.locs.push((self.out.len(), place));
        let lines: Vec<String> = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| escape_line_start(l, i == 0))
            .collect();
        self.out.push_str(&lines.join("\n"));
    }

    fn item(&mut self, level: u8, marker: &str, text: &str) {
        self.before_block(false);
        while self.list.last().is_some_and(|(l, _)| *l >= level) {
            self.list.pop();
        }
        let indent = self.list.last().map_or(0, |(_, c)| *c);
        let content = indent + marker.len() + 1;
        self.list.push((level, content));
        self.begin(self.last_was_item);
        self.last_was_item = true;
        self.paragraphs += 1;
        let place = self.place(PlaceKind::Paragraph);
        self.locs.push((self.out.len(), place));
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(marker);
        self.out.push(' ');
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.out.push('\n');
                self.out.push_str(&" ".repeat(content));
            }
            self.out.push_str(&escape_line_start(line, i == 0));
        }
    }

    fn table(&mut self, t: &Table) {
        let rows: Vec<_> = t.rows.iter().filter(|r| !r.deleted).collect();
        // a one-cell table is a box around ordinary text
        if rows.len() == 1 && rows[0].cells.len() == 1 && rows[0].grid_before == 0 {
            for b in &rows[0].cells[0].blocks {
                self.block(b);
            }
            return;
        }
        let mut grid: Vec<Vec<String>> = Vec::new();
        for row in rows {
            let mut g: Vec<String> = vec![String::new(); row.grid_before as usize];
            for cell in &row.cells {
                let col = g.len();
                let above = |c: usize| grid.last().and_then(|r| r.get(c)).cloned();
                if cell.vmerge == VMerge::Continue {
                    for k in 0..cell.span as usize {
                        g.push(above(col + k).unwrap_or_default());
                    }
                    continue;
                }
                g.push(self.cell_text(cell));
                for _ in 1..cell.span {
                    g.push(String::new());
                }
            }
            grid.push(g);
        }
        let cols = grid.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 || grid.iter().flatten().all(|c| c.is_empty()) {
            return;
        }
        self.before_block(false);
        self.list.clear();
        self.last_was_item = false;
        self.begin(false);
        self.tables += 1;
        for (i, mut row) in grid.into_iter().enumerate() {
            row.resize(cols, String::new());
            if i > 0 {
                self.out.push('\n');
            }
            let place = self.place(PlaceKind::Row(i as u32 + 1));
            self.locs.push((self.out.len(), place));
            self.out.push_str("| ");
            self.out.push_str(&row.join(" | "));
            self.out.push_str(" |");
            if i == 0 {
                self.out.push('\n');
                self.out.push('|');
                self.out.push_str(&" --- |".repeat(cols));
            }
        }
    }

    /// A cell's text on one line: paragraphs and line breaks as `<br>`, `|` escaped.
    fn cell_text(&mut self, cell: &Cell) -> String {
        let mut parts = Vec::new();
        for b in &cell.blocks {
            match b {
                Block::Para(p) => {
                    if p.toc {
                        continue;
                    }
                    let marker = self.marker(p);
                    if p.plain().trim().is_empty() {
                        continue;
                    }
                    let text = inline(&p.inl, Breaks::Html, false);
                    parts.push(with_marker(marker.as_ref(), &text, "•"));
                }
                Block::Table(t) => {
                    for row in t.rows.iter().filter(|r| !r.deleted) {
                        let cells: Vec<String> = row
                            .cells
                            .iter()
                            .map(|c| self.cell_text(c))
                            .filter(|c| !c.is_empty())
                            .collect();
                        if !cells.is_empty() {
                            parts.push(cells.join(" / "));
                        }
                    }
                }
            }
        }
        parts.join("<br>")
    }
}

enum PlaceKind {
    Heading(String),
    Paragraph,
    Row(u32),
}

fn with_marker(marker: Option<&Marker>, text: &str, bullet: &str) -> String {
    match marker {
        Some(m) if m.bullet => format!("{bullet} {text}"),
        Some(m) if !m.text.is_empty() => format!("{} {text}", escape_inline(&m.text, true)),
        _ => text.to_string(),
    }
}

fn plain_with_marker(marker: Option<&Marker>, plain: &str) -> String {
    match marker {
        Some(m) if !m.text.is_empty() => format!("{} {}", m.text, plain.trim()),
        _ => plain.trim().to_string(),
    }
}

/// "4.2", "4.2.1", "3." or "3": numbering a section, kept as the paragraph's own text.
fn is_section_number(s: &str) -> bool {
    let t = s.strip_suffix('.').unwrap_or(s);
    !t.is_empty()
        && t.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Breaks {
    /// A Markdown hard line break (a backslash at the end of the line).
    Markdown,
    /// `<br>`, for table cells.
    Html,
    /// A space, for headings.
    Space,
}

/// A run of text with the same boldness and link.
struct Chunk {
    text: String,
    bold: bool,
    struck: bool,
    link: Option<usize>,
    brk: bool,
}

/// A paragraph's runs as Markdown: bold kept (unless `plain_bold`), links as `[text](url)`,
/// whitespace collapsed, Markdown characters escaped.
fn inline(inl: &[Inline], breaks: Breaks, no_bold: bool) -> String {
    let in_table = breaks == Breaks::Html;
    let mut urls: Vec<String> = Vec::new();
    let mut link: Option<usize> = None;
    let mut chunks: Vec<Chunk> = Vec::new();
    for i in inl {
        match i {
            Inline::Text(t, b) => {
                let t = normalise(t);
                if t.is_empty() {
                    continue;
                }
                let bold = *b && !no_bold;
                match chunks.last_mut() {
                    Some(c) if !c.brk && !c.struck && c.bold == bold && c.link == link => {
                        c.text.push_str(&t)
                    }
                    _ => chunks.push(Chunk {
                        text: t,
                        bold,
                        struck: false,
                        link,
                        brk: false,
                    }),
                }
            }
            Inline::Struck(t) => {
                let t = normalise(t);
                if t.is_empty() {
                    continue;
                }
                match chunks.last_mut() {
                    Some(c) if !c.brk && c.struck && c.link == link => c.text.push_str(&t),
                    _ => chunks.push(Chunk {
                        text: t,
                        bold: false,
                        struck: true,
                        link,
                        brk: false,
                    }),
                }
            }
            Inline::Break => chunks.push(Chunk {
                text: String::new(),
                bold: false,
                struck: false,
                link: None,
                brk: true,
            }),
            Inline::LinkStart(url) => {
                urls.push(url.clone());
                link = Some(urls.len() - 1);
            }
            Inline::LinkEnd => link = None,
        }
    }
    // collapse whitespace across chunks and trim the ends of each line
    let mut prev_space = true;
    for c in chunks.iter_mut() {
        if c.brk {
            prev_space = true;
            continue;
        }
        let mut s = String::with_capacity(c.text.len());
        for ch in c.text.chars() {
            if ch == ' ' {
                if !prev_space {
                    s.push(' ');
                }
                prev_space = true;
            } else {
                s.push(ch);
                prev_space = false;
            }
        }
        c.text = s;
    }
    // trailing spaces before a break or the end
    for i in (0..chunks.len()).rev() {
        let at_end = chunks[i + 1..]
            .iter()
            .take_while(|c| !c.brk)
            .all(|c| c.text.is_empty());
        if !chunks[i].brk && at_end {
            let t = chunks[i].text.trim_end().to_string();
            chunks[i].text = t;
        }
    }
    // a space between two bold pieces is bold too, so "**a b**" stays one piece
    for i in 0..chunks.len() {
        if chunks[i].text.trim().is_empty() && !chunks[i].brk && !chunks[i].bold {
            let before = chunks[..i]
                .iter()
                .rev()
                .find(|c| !c.text.is_empty() || c.brk);
            let after = chunks[i + 1..].iter().find(|c| !c.text.is_empty() || c.brk);
            if let (Some(b), Some(a)) = (before, after)
                && b.bold
                && a.bold
                && !b.brk
                && !a.brk
                && b.link == chunks[i].link
                && a.link == chunks[i].link
            {
                chunks[i].bold = true;
            }
        }
    }
    // join neighbours that now look the same
    let mut merged: Vec<Chunk> = Vec::with_capacity(chunks.len());
    for c in chunks {
        match merged.last_mut() {
            Some(m)
                if !m.brk
                    && !c.brk
                    && m.bold == c.bold
                    && m.struck == c.struck
                    && m.link == c.link =>
            {
                m.text.push_str(&c.text)
            }
            _ => merged.push(c),
        }
    }
    let chunks = merged;
    let mut out = String::new();
    let mut i = 0;
    while i < chunks.len() {
        if chunks[i].brk {
            // drop breaks at the start or end and runs of breaks
            let has_before = !out.trim().is_empty();
            let has_after = chunks[i + 1..].iter().any(|c| !c.text.trim().is_empty());
            if has_before && has_after && !out.ends_with('\n') && !out.ends_with("<br>") {
                match breaks {
                    Breaks::Markdown => out.push_str("\\\n"),
                    Breaks::Html => out.push_str("<br>"),
                    Breaks::Space => out.push(' '),
                }
            }
            i += 1;
            continue;
        }
        // a link: everything up to the link's end, then the address
        if let Some(l) = chunks[i].link {
            let mut j = i;
            let mut inner = String::new();
            while j < chunks.len() && !chunks[j].brk && chunks[j].link == Some(l) {
                inner.push_str(&styled(&chunks[j], in_table, true));
                j += 1;
            }
            if inner.trim().is_empty() {
                out.push_str(&inner);
            } else {
                let lead = inner.len() - inner.trim_start().len();
                let trail = inner.trim_end().len();
                out.push_str(&inner[..lead]);
                out.push('[');
                out.push_str(&inner[lead..trail]);
                out.push_str("](");
                out.push_str(&link_target(&urls[l]));
                out.push(')');
                out.push_str(&inner[trail..]);
            }
            i = j;
            continue;
        }
        out.push_str(&styled(&chunks[i], in_table, false));
        i += 1;
    }
    out.trim().to_string()
}

/// A chunk's escaped text with `**` around the words when bold (spaces kept outside).
fn styled(c: &Chunk, in_table: bool, in_link: bool) -> String {
    let mut escaped = escape_inline(&c.text, in_table);
    if in_link {
        escaped = escaped.replace('[', "\\[");
    }
    if !(c.bold || c.struck) || c.text.trim().is_empty() {
        return escaped;
    }
    let mark = if c.struck { "~~" } else { "**" };
    let lead = escaped.len() - escaped.trim_start().len();
    let trail = escaped.trim_end().len();
    format!(
        "{}{mark}{}{mark}{}",
        &escaped[..lead],
        &escaped[lead..trail],
        &escaped[trail..]
    )
}

fn link_target(url: &str) -> String {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_whitespace() || c == '(' || c == ')' || c == '<' || c == '>')
    {
        let cleaned: String = url
            .chars()
            .map(|c| match c {
                '<' => "%3C".to_string(),
                '>' => "%3E".to_string(),
                c if c.is_whitespace() => "%20".to_string(),
                c => c.to_string(),
            })
            .collect();
        format!("<{cleaned}>")
    } else {
        url.to_string()
    }
}

/// Tabs, non-breaking and other odd spaces as plain spaces; invisible characters removed.
fn normalise(t: &str) -> String {
    t.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2002}' | '\u{2003}'
            | '\u{2009}' => Some(' '),
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

/// Escape what Markdown would otherwise read as markup inside a line.
pub fn escape_inline(s: &str, in_table: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' => true,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            ']' => matches!(next, Some('(' | '[' | ':')),
            '~' => prev == Some('~') || next == Some('~'),
            '&' => {
                let rest: String = chars[i + 1..].iter().take(33).collect();
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
                    .collect();
                !name.is_empty() && rest[name.len()..].starts_with(';')
            }
            '|' => in_table,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape what would start a Markdown block at the start of a line (a heading, a quote, a
/// bullet, a rule); a later line of a paragraph also must not start a numbered list.
fn escape_line_start(line: &str, first: bool) -> String {
    let line = line.trim_start();
    let mut chars = line.chars();
    let c0 = chars.next();
    let c1 = chars.next();
    let needs = match c0 {
        Some('#') => matches!(c1, None | Some(' ' | '#')),
        Some('>') => true,
        Some('-' | '+') => {
            matches!(c1, None | Some(' ')) || line.chars().all(|c| matches!(c, '-' | ' '))
        }
        Some('=') => line.chars().all(|c| matches!(c, '=' | ' ')),
        Some('|') => false,
        _ => false,
    };
    if needs {
        return format!("\\{line}");
    }
    if !first {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits < 10 {
            let rest = &line[digits..];
            let mut r = rest.chars();
            if matches!(r.next(), Some('.' | ')')) && matches!(r.next(), None | Some(' ')) {
                return format!("{}\\{}", &line[..digits], rest);
            }
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str, b: bool) -> Inline {
        Inline::Text(s.to_string(), b)
    }

    #[test]
    fn bold_words_keep_spaces_outside_the_markers() {
        let md = inline(
            &[t("Our ", false), t("DSL ", true), t("is here.", false)],
            Breaks::Markdown,
            false,
        );
        assert_eq!(md, "Our **DSL** is here.");
        let md = inline(
            &[
                t("Filtering", true),
                t(" ", false),
                t("and monitoring", true),
            ],
            Breaks::Markdown,
            false,
        );
        assert_eq!(md, "**Filtering and monitoring**");
    }

    #[test]
    fn links_and_breaks() {
        let md = inline(
            &[
                t("See ", false),
                Inline::LinkStart("https://a.b/c d".into()),
                t("the guidance", false),
                Inline::LinkEnd,
                Inline::Break,
                t("next line", false),
            ],
            Breaks::Markdown,
            false,
        );
        assert_eq!(md, "See [the guidance](<https://a.b/c%20d>)\\\nnext line");
        let md = inline(
            &[t("a", false), Inline::Break, t("b|c", false)],
            Breaks::Html,
            false,
        );
        assert_eq!(md, "a<br>b\\|c");
    }

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(
            escape_inline("a*b_c d_ <b> [x](y) x_y", false),
            "a\\*b_c d\\_ \\<b> [x\\](y) x_y"
        );
        assert_eq!(escape_line_start("- not a list", true), "\\- not a list");
        assert_eq!(escape_line_start("# hash", true), "\\# hash");
        assert_eq!(escape_line_start("#1 priority", true), "#1 priority");
        assert_eq!(escape_line_start("1. item", false), "1\\. item");
        assert_eq!(escape_line_start("1. item", true), "1. item");
        assert!(is_section_number("4.2"));
        assert!(is_section_number("3."));
        assert!(!is_section_number("(a)"));
    }
}
