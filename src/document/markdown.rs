//! Markdown → a typed outline, built once per file: headings (real and pseudo), nested
//! sections, leaf text blocks with their plain text, tables with rows and cells, links and
//! HTML comments. Every location is a byte span into the file.

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, Options};

use crate::source::{SourceFile, Span};

/// One leaf block of prose: a paragraph, a heading's text, or a table row.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    /// The text with inline markup removed and whitespace runs collapsed to one space.
    pub plain: String,
    /// Anchors from offsets in `plain` to offsets in the file, in increasing order.
    anchors: Vec<(u32, u32)>,
    /// Offsets in `plain` of the spaces that stand for line breaks in the source.
    pub line_breaks: Vec<u32>,
    /// Index of the innermost section holding this block, if any.
    pub section: Option<usize>,
    /// Index into [`Outline::tables`] and the row, for table rows.
    pub table_row: Option<(usize, usize)>,
    /// Whether the block sits in a list item.
    pub in_list: bool,
    /// Whether the block sits in a task-list item not ticked ("- [ ] Filtering reviewed
    /// annually"): a to-do or an unanswered checklist question, not something done.
    pub unticked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    TableRow,
    /// Text of an HTML block with its tags removed (Word exports often contain these).
    Html,
    /// The address of a link (`[text](address)`), searched so that out-of-date web
    /// addresses are found; it is not prose and is not counted as words.
    LinkTarget,
}

impl Block {
    /// Map an offset in [`Block::plain`] to a file offset.
    pub fn to_file(&self, plain_offset: usize) -> usize {
        let p = plain_offset as u32;
        let idx = match self.anchors.binary_search_by_key(&p, |a| a.0) {
            Ok(i) => i,
            Err(0) => return self.span.start,
            Err(i) => i - 1,
        };
        let (pa, fa) = self.anchors[idx];
        let next_file = self
            .anchors
            .get(idx + 1)
            .map(|a| a.1 as usize)
            .unwrap_or(self.span.end);
        ((fa + (p - pa)) as usize).min(next_file.max(fa as usize))
    }

    /// The first offset in [`Block::plain`] that maps (by [`Block::to_file`]) to `file_offset`
    /// or later: where a place found in the file is in the block's text (not always at a
    /// character boundary).
    pub fn plain_offset_of(&self, file_offset: usize) -> usize {
        let (mut low, mut high) = (0, self.plain.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.to_file(mid) < file_offset {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// The block's text split at source line breaks, each with its offset in `plain`.
    pub fn lines(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::with_capacity(self.line_breaks.len() + 1);
        let mut start = 0;
        for &b in &self.line_breaks {
            let b = b as usize;
            if b >= start && b <= self.plain.len() {
                out.push((start, &self.plain[start..b]));
                start = b + 1;
            }
        }
        if start <= self.plain.len() {
            out.push((start, &self.plain[start..]));
        }
        out
    }

    /// Map a range in `plain` to a file span.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        let start = self.to_file(range.start);
        let end = if range.end > range.start {
            self.to_file(range.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub span: Span,
    /// The heading's text as written (markup removed).
    pub text: String,
    /// Lowercase words without numbering or punctuation, `&` read as "and".
    pub normalized: String,
    /// Section numbering such as `4.2`, if the heading had one.
    pub numbering: Option<String>,
    /// A bold line or numbered short line acting as a heading.
    pub pseudo: bool,
    /// Of a bold title at the start of a paragraph, its text running on after it
    /// ("**Filtering.** We use…"), where that text resumes in the file; the heading's span
    /// is the bold title alone.
    pub run_in: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: usize,
    /// From the heading to the start of the next heading at the same or a higher level.
    pub span: Span,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    pub rows: Vec<Row>,
    pub section: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub span: Span,
    pub header: bool,
    pub cells: Vec<Cell>,
    /// Index of this row's block in [`Outline::blocks`].
    pub block: usize,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub span: Span,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Comment {
    /// The whole `<!-- … -->`.
    pub span: Span,
    /// The text between the markers, trimmed.
    pub body: String,
}

#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    pub tables: Vec<Table>,
    pub links: Vec<Link>,
    pub comments: Vec<Comment>,
}

impl Outline {
    /// The first real heading with text, else the first bold line standing in for one.
    pub fn first_heading(&self) -> Option<String> {
        let pick = |pseudo: bool| {
            self.headings
                .iter()
                .filter(|h| h.pseudo == pseudo)
                .map(|h| h.text.trim())
                .find(|t| !t.is_empty())
                .map(str::to_string)
        };
        pick(false).or_else(|| pick(true))
    }
}

/// Why a parse was abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseTimeout;

pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o
}

/// Parse `markdown` (the file text with any front matter blanked out) into an outline.
pub fn build(
    source: &SourceFile,
    markdown: &str,
    should_cancel: &dyn Fn() -> bool,
) -> Result<Outline, ParseTimeout> {
    let arena = Arena::new();
    let opts = options();
    let root = comrak::try_parse_document(&arena, markdown, &opts, should_cancel)
        .map_err(|_| ParseTimeout)?;
    let mut b = Builder {
        source,
        out: Outline::default(),
        last_real_level: 1,
    };
    b.walk(root);
    b.finish();
    Ok(b.out)
}

struct Builder<'s> {
    source: &'s SourceFile,
    out: Outline,
    last_real_level: u8,
}

impl<'s> Builder<'s> {
    fn span_of(&self, node: &AstNode<'_>) -> Span {
        let sp = node.data().sourcepos;
        let start = self.source.offset_of(sp.start.line, sp.start.column);
        let end = self.source.offset_of(sp.end.line, sp.end.column + 1);
        self.source.clamp(start..end.max(start))
    }

    /// Visit block nodes without recursion (inputs can nest thousands of levels deep).
    fn walk<'a>(&mut self, root: &'a AstNode<'a>) {
        // each node with whether it is in a list item, and in a task item not ticked
        let mut stack: Vec<(&'a AstNode<'a>, bool, bool)> = vec![(root, false, false)];
        while let Some((node, in_list, unticked)) = stack.pop() {
            let value = node.data().value.clone_shallow();
            match value {
                Shallow::Heading(level) => {
                    self.heading(node, level, false, None);
                    self.last_real_level = level;
                }
                Shallow::Paragraph => {
                    let before = self.out.blocks.len();
                    self.paragraph(node, in_list);
                    for b in &mut self.out.blocks[before..] {
                        b.unticked = unticked;
                    }
                }
                Shallow::Table => self.table(node),
                Shallow::Html(literal) => self.html_block(node, &literal),
                Shallow::Code => {}
                Shallow::List { ordered_single } => {
                    if ordered_single && self.single_item_heading(node) {
                        continue;
                    }
                    let children: Vec<_> = node.children().collect();
                    for c in children.into_iter().rev() {
                        stack.push((c, true, unticked));
                    }
                }
                Shallow::Container { unticked_task } => {
                    let children: Vec<_> = node.children().collect();
                    for c in children.into_iter().rev() {
                        stack.push((c, in_list, unticked || unticked_task));
                    }
                }
                Shallow::Other => {}
            }
        }
    }

    /// A one-item ordered list holding a short title line ("1. Aims") is a Word export's heading.
    fn single_item_heading<'a>(&mut self, list: &'a AstNode<'a>) -> bool {
        let Some(item) = list.first_child() else {
            return false;
        };
        let Some(para) = item.first_child() else {
            return false;
        };
        if para.next_sibling().is_some() || !matches!(para.data().value, NodeValue::Paragraph) {
            return false;
        }
        let (plain, _) = inline_plain(self, para);
        if !is_title_like(&plain, 8) || !plain.chars().next().is_some_and(|c| c.is_uppercase()) {
            return false;
        }
        let start = match &list.data().value {
            NodeValue::List(l) => l.start,
            _ => 1,
        };
        let numbering = start.to_string();
        let span = self.span_of(list);
        self.push_heading(span, plain, 2, true, Some(numbering));
        true
    }

    fn heading<'a>(&mut self, node: &'a AstNode<'a>, level: u8, pseudo: bool, _n: Option<String>) {
        let span = self.span_of(node);
        let (plain, anchors) = inline_plain(self, node);
        let numbering = numbering_of(&plain);
        self.push_block(
            BlockKind::Heading,
            span.clone(),
            plain.clone(),
            anchors,
            false,
            None,
        );
        self.push_heading(span, plain, level, pseudo, numbering);
    }

    fn push_heading(
        &mut self,
        span: Span,
        text: String,
        level: u8,
        pseudo: bool,
        numbering: Option<String>,
    ) {
        let normalized = normalize_heading(&text);
        self.out.headings.push(Heading {
            level,
            span,
            text,
            normalized,
            numbering,
            pseudo,
            run_in: None,
        });
    }

    fn paragraph<'a>(&mut self, node: &'a AstNode<'a>, in_list: bool) {
        let span = self.span_of(node);
        let (plain, anchors, breaks) = inline_plain_lines(self, node);
        if plain.is_empty() {
            return;
        }
        if !in_list && let Some(level) = self.pseudo_heading_level(node, &plain) {
            let numbering = numbering_of(&plain);
            self.push_block(
                BlockKind::Heading,
                span.clone(),
                plain.clone(),
                anchors,
                false,
                None,
            );
            self.push_heading(span, plain, level, true, numbering);
            return;
        }
        let i = self.push_block(BlockKind::Paragraph, span, plain, anchors, in_list, None);
        self.out.blocks[i].line_breaks = breaks;
        if !in_list {
            self.split_run_in_heading(node, i);
        }
    }

    /// A paragraph opening with a short bold title that its text runs on from —
    /// "**Filtering and monitoring.** We use…", "**Mobile phones:** Pupils…", or the bold
    /// title alone on the paragraph's first line — is a heading and a paragraph: block `i`
    /// becomes the title's heading block, and the text after it a paragraph block of its own.
    fn split_run_in_heading<'a>(&mut self, node: &'a AstNode<'a>, i: usize) {
        let Some(strong) = node.children().find(|c| match &c.data().value {
            NodeValue::Text(t) => !t.trim().is_empty(),
            _ => true,
        }) else {
            return;
        };
        if !matches!(strong.data().value, NodeValue::Strong) {
            return;
        }
        let strong_span = self.span_of(strong);
        let block = &self.out.blocks[i];
        let plain = block.plain.as_str();
        // where the bold text ends in `plain`: the first offset mapped past the bold span
        let Some(bold_end) = plain
            .char_indices()
            .map(|(at, _)| at)
            .find(|&at| block.to_file(at) >= strong_span.end)
        else {
            return;
        };
        let bold = &plain[..bold_end];
        let after = plain[bold_end..].trim_start();
        // the title's own words, without the stop or colon that ends it (inside the bold or
        // just after it), then where the paragraph's text resumes
        let title = bold.trim_end().trim_end_matches(['.', ':']).trim_end();
        let ended_inside = title.len() < bold.trim_end().len();
        let resume = if ended_inside {
            bold_end
        } else if let Some(rest) = after.strip_prefix([':', '.']) {
            plain.len() - rest.len()
        } else if let Some(rest) = ["\u{2013} ", "\u{2014} ", "- "]
            .iter()
            .find_map(|dash| after.strip_prefix(dash))
        {
            plain.len() - rest.len()
        } else if block
            .line_breaks
            .first()
            .is_some_and(|&b| (bold.trim_end().len()..=bold_end).contains(&(b as usize)))
        {
            // the title alone on the paragraph's first line
            bold_end
        } else {
            return;
        };
        let rest_start = resume + (plain.len() - resume - plain[resume..].trim_start().len());
        if !is_run_in_title(title)
            || is_field_label(title)
            || !plain[rest_start..].chars().any(char::is_alphabetic)
        {
            return;
        }
        let title_end = title.len();
        let rest_file_start = block.to_file(rest_start);
        // where the paragraph resumes in the file: past the title's stop, colon or dash and
        // the spaces, but before any markup that opens the text ("**Title.** *Smoothwall*…")
        let source = &self.source.text[strong_span.end..rest_file_start];
        let resume = strong_span.end
            + source
                .find(|c: char| !(c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–' | '—')))
                .unwrap_or(source.len());
        let heading_block = Block {
            kind: BlockKind::Heading,
            span: strong_span.clone(),
            plain: title.to_string(),
            anchors: block
                .anchors
                .iter()
                .copied()
                .filter(|&(p, _)| (p as usize) < title_end)
                .collect(),
            line_breaks: Vec::new(),
            section: None,
            table_row: None,
            in_list: false,
            unticked: block.unticked,
        };
        let mut rest_anchors: Vec<(u32, u32)> = vec![(0, rest_file_start as u32)];
        rest_anchors.extend(
            block
                .anchors
                .iter()
                .filter(|&&(p, _)| p as usize > rest_start)
                .map(|&(p, f)| (p - rest_start as u32, f)),
        );
        let rest_block = Block {
            kind: BlockKind::Paragraph,
            span: resume..block.span.end,
            plain: plain[rest_start..].to_string(),
            anchors: rest_anchors,
            line_breaks: block
                .line_breaks
                .iter()
                .filter(|&&b| b as usize > rest_start)
                .map(|&b| b - rest_start as u32)
                .collect(),
            section: None,
            table_row: None,
            in_list: false,
            unticked: block.unticked,
        };
        let title = title.to_string();
        let numbering = numbering_of(&title);
        let level = match &numbering {
            Some(n) => (n.split('.').count() as u8 + 1).min(6),
            None => (self.last_real_level + 1).min(6),
        };
        self.out.blocks[i] = heading_block;
        self.out.blocks.insert(i + 1, rest_block);
        self.push_heading(strong_span, title, level, true, numbering);
        if let Some(h) = self.out.headings.last_mut() {
            h.run_in = Some(resume);
        }
    }

    /// A single-line paragraph that is all bold, or starts with section numbering like "4.2",
    /// and reads like a title, acts as a heading.
    fn pseudo_heading_level<'a>(&self, node: &'a AstNode<'a>, plain: &str) -> Option<u8> {
        let has_break = node
            .children()
            .any(|c| matches!(c.data().value, NodeValue::SoftBreak | NodeValue::LineBreak));
        if has_break {
            return None;
        }
        let meaningful: Vec<_> = node
            .children()
            .filter(|c| match &c.data().value {
                NodeValue::Text(t) => !t.trim().is_empty(),
                _ => true,
            })
            .collect();
        let all_bold =
            meaningful.len() == 1 && matches!(meaningful[0].data().value, NodeValue::Strong);
        let numbering = numbering_of(plain);
        if all_bold && is_title_like(plain.trim_end_matches(':'), 14) {
            return Some(match &numbering {
                Some(n) => (n.split('.').count() as u8 + 1).min(6),
                None => (self.last_real_level + 1).min(6),
            });
        }
        if let Some(n) = numbering {
            // "4.2 Filtering and monitoring": numbered, short, no full stop.
            let rest = strip_numbering(plain);
            if n.contains('.')
                && is_title_like(rest, 10)
                && rest.chars().next().is_some_and(|c| c.is_uppercase())
            {
                return Some((n.split('.').count() as u8 + 1).min(6));
            }
        }
        None
    }

    fn push_block(
        &mut self,
        kind: BlockKind,
        span: Span,
        plain: String,
        anchors: Vec<(u32, u32)>,
        in_list: bool,
        table_row: Option<(usize, usize)>,
    ) -> usize {
        self.out.blocks.push(Block {
            kind,
            span,
            plain,
            anchors,
            section: None,
            table_row,
            in_list,
            unticked: false,
            line_breaks: Vec::new(),
        });
        self.out.blocks.len() - 1
    }

    fn table<'a>(&mut self, node: &'a AstNode<'a>) {
        let table_index = self.out.tables.len();
        let mut rows = Vec::new();
        for row in node.children() {
            let header = matches!(row.data().value, NodeValue::TableRow(true));
            let row_span = self.span_of(row);
            let mut cells = Vec::new();
            let mut plain = String::new();
            let mut anchors = Vec::new();
            for cell in row.children() {
                let cell_span = self.span_of(cell);
                let (text, cell_anchors) = inline_plain(self, cell);
                if !plain.is_empty() || !cells.is_empty() {
                    plain.push_str(" | ");
                }
                let base = plain.len() as u32;
                // an empty cell is placed at its start; a cell with words, at its first word
                // (its span begins at the space before it)
                if cell_anchors.is_empty() {
                    anchors.push((base, cell_span.start as u32));
                }
                anchors.extend(cell_anchors.into_iter().map(|(p, f)| (p + base, f)));
                plain.push_str(&text);
                cells.push(Cell {
                    span: cell_span,
                    text,
                });
            }
            dedup_anchors(&mut anchors);
            let row_index = rows.len();
            let block = self.push_block(
                BlockKind::TableRow,
                row_span.clone(),
                plain,
                anchors,
                false,
                Some((table_index, row_index)),
            );
            rows.push(Row {
                span: row_span,
                header,
                cells,
                block,
            });
        }
        let span = self.span_of(node);
        self.out.tables.push(Table {
            span,
            rows,
            section: None,
        });
    }

    fn html_block<'a>(&mut self, node: &'a AstNode<'a>, literal: &str) {
        let span = self.span_of(node);
        self.collect_comments(literal, span.start);
        let (plain, anchors) = strip_tags(literal, span.start);
        if !plain.trim().is_empty() {
            self.push_block(BlockKind::Html, span, plain, anchors, false, None);
        }
    }

    /// Record a link, and its address as a block of its own when it is not already the text
    /// (autolinks show their address).
    fn link(&mut self, url: String, span: Span) {
        let written = &self.source.text[span.clone()];
        let shown_as_text = written.starts_with('<') || !written.contains("](");
        if !url.trim().is_empty() && !shown_as_text {
            // point at the address inside `[text](address)` when it is written out there
            let at = written
                .rfind(url.as_str())
                .map(|i| span.start + i)
                .unwrap_or(span.start);
            self.push_block(
                BlockKind::LinkTarget,
                at..(at + url.len()).min(span.end.max(at)),
                url.clone(),
                vec![(0, at as u32)],
                false,
                None,
            );
        }
        self.out.links.push(Link { span, url });
    }

    fn collect_comments(&mut self, literal: &str, base: usize) {
        let mut from = 0;
        while let Some(open) = literal[from..].find("<!--") {
            let start = from + open;
            let Some(close) = literal[start + 4..].find("-->") else {
                break;
            };
            let end = start + 4 + close + 3;
            self.out.comments.push(Comment {
                span: base + start..base + end,
                body: literal[start + 4..end - 3].trim().to_string(),
            });
            from = end;
        }
    }

    fn finish(&mut self) {
        // Blocks, headings and tables were pushed in document order, except pseudo-headings
        // found inside lists; sort to be sure.
        self.out.blocks.sort_by_key(|b| b.span.start);
        // Table rows point at blocks by index; rebuild after the sort.
        for (bi, block) in self.out.blocks.iter().enumerate() {
            if let Some((t, r)) = block.table_row {
                self.out.tables[t].rows[r].block = bi;
            }
        }
        self.out.headings.sort_by_key(|h| h.span.start);
        let end = self.source.text.len();
        let n = self.out.headings.len();
        let mut sections = Vec::with_capacity(n);
        let mut stack: Vec<usize> = Vec::new();
        for i in 0..n {
            let level = self.out.headings[i].level;
            while let Some(&top) = stack.last() {
                if self.out.headings[top].level >= level {
                    stack.pop();
                } else {
                    break;
                }
            }
            let parent = stack.last().copied();
            let stop = self.out.headings[i + 1..]
                .iter()
                .find(|h| h.level <= level)
                .map(|h| h.span.start)
                .unwrap_or(end);
            sections.push(Section {
                heading: i,
                span: self.out.headings[i].span.start..stop,
                parent,
            });
            stack.push(i);
        }
        self.out.sections = sections;
        // Innermost section of each block: the last heading starting at or before it.
        let starts: Vec<usize> = self.out.headings.iter().map(|h| h.span.start).collect();
        let innermost = |pos: usize, sections: &[Section]| -> Option<usize> {
            let i = starts.partition_point(|&s| s <= pos);
            let mut cand = i.checked_sub(1);
            while let Some(c) = cand {
                if sections[c].span.contains(&pos) || sections[c].span.start == pos {
                    return Some(c);
                }
                cand = sections[c].parent;
            }
            None
        };
        for b in 0..self.out.blocks.len() {
            let pos = self.out.blocks[b].span.start;
            self.out.blocks[b].section = innermost(pos, &self.out.sections);
        }
        for t in 0..self.out.tables.len() {
            let pos = self.out.tables[t].span.start;
            self.out.tables[t].section = innermost(pos, &self.out.sections);
        }
    }
}

/// A cheap copy of what the walker needs from a node.
enum Shallow {
    Heading(u8),
    Paragraph,
    Table,
    Html(String),
    Code,
    List {
        ordered_single: bool,
    },
    /// A node holding blocks; `unticked_task` for a task-list item not ticked.
    Container {
        unticked_task: bool,
    },
    Other,
}

trait CloneShallow {
    fn clone_shallow(&self) -> Shallow;
}

impl CloneShallow for NodeValue {
    fn clone_shallow(&self) -> Shallow {
        match self {
            NodeValue::Heading(h) => Shallow::Heading(h.level),
            NodeValue::Paragraph => Shallow::Paragraph,
            NodeValue::Table(_) => Shallow::Table,
            NodeValue::HtmlBlock(h) => Shallow::Html(h.literal.clone()),
            NodeValue::CodeBlock(_) => Shallow::Code,
            NodeValue::List(l) => Shallow::List {
                ordered_single: l.list_type == ListType::Ordered,
            },
            NodeValue::TaskItem(t) => Shallow::Container {
                unticked_task: t.symbol.is_none(),
            },
            NodeValue::Document
            | NodeValue::BlockQuote
            | NodeValue::Item(_)
            | NodeValue::MultilineBlockQuote(_)
            | NodeValue::FootnoteDefinition(_)
            | NodeValue::DescriptionList
            | NodeValue::DescriptionItem(_)
            | NodeValue::DescriptionTerm
            | NodeValue::DescriptionDetails => Shallow::Container {
                unticked_task: false,
            },
            _ => Shallow::Other,
        }
    }
}

/// The plain text of a node's inline content, with anchors to file offsets.
fn inline_plain<'a>(b: &mut Builder<'_>, node: &'a AstNode<'a>) -> (String, Vec<(u32, u32)>) {
    let (plain, anchors, _) = inline_plain_lines(b, node);
    (plain, anchors)
}

/// Like [`inline_plain`], also giving the offsets of spaces that stand for line breaks.
fn inline_plain_lines<'a>(
    b: &mut Builder<'_>,
    node: &'a AstNode<'a>,
) -> (String, Vec<(u32, u32)>, Vec<u32>) {
    let mut plain = String::new();
    let mut anchors: Vec<(u32, u32)> = Vec::new();
    let mut breaks: Vec<u32> = Vec::new();
    let mut pending_space = false;
    let mut pending_break = false;
    let mut comments: Vec<(String, usize)> = Vec::new();
    let mut links: Vec<(String, Span)> = Vec::new();
    // Text struck through with double tildes ("DSL: ~~Mrs Patel~~ Mr Shah") has been crossed
    // out, so it is no evidence: everything starting before this file offset is left out.
    let mut struck_until = 0;
    // inside <del>, <s> or <strike> (how some converters write crossed-out text), by depth
    let mut html_struck = 0u32;
    for n in node.descendants().skip(1) {
        if html_struck > 0 {
            if let NodeValue::HtmlInline(h) = &n.data().value {
                match strike_tag(h) {
                    Some(true) => html_struck += 1,
                    Some(false) => html_struck -= 1,
                    None => {}
                }
            }
            continue;
        }
        if struck_until > 0 {
            let pos = n.data().sourcepos.start;
            if b.source.offset_of(pos.line, pos.column) < struck_until {
                continue;
            }
        }
        if pending_break && !plain.is_empty() {
            // the space pushed before the next text is the line break
            if let NodeValue::Text(_) | NodeValue::Code(_) = n.data().value {
                breaks.push(plain.len() as u32);
                pending_break = false;
            }
        }
        let data = n.data();
        match &data.value {
            NodeValue::Text(t) => {
                let start = b
                    .source
                    .offset_of(data.sourcepos.start.line, data.sourcepos.start.column);
                push_text(&mut plain, &mut anchors, t, start, &mut pending_space);
            }
            NodeValue::Code(c) => {
                let start = b
                    .source
                    .offset_of(data.sourcepos.start.line, data.sourcepos.start.column);
                // skip the opening backticks so offsets land on the code text
                let start = start + c.num_backticks;
                push_text(
                    &mut plain,
                    &mut anchors,
                    &c.literal,
                    start,
                    &mut pending_space,
                );
            }
            NodeValue::Link(l) => {
                let start = b
                    .source
                    .offset_of(data.sourcepos.start.line, data.sourcepos.start.column);
                let end = b
                    .source
                    .offset_of(data.sourcepos.end.line, data.sourcepos.end.column + 1);
                links.push((l.url.clone(), b.source.clamp(start..end.max(start))));
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => {
                pending_space = true;
                pending_break = true;
            }
            NodeValue::Strikethrough => {
                let start = b
                    .source
                    .offset_of(data.sourcepos.start.line, data.sourcepos.start.column);
                // a single tilde ("ages ~5 to ~11") may strike text by accident
                if b.source.text[start..].starts_with("~~") {
                    struck_until = b
                        .source
                        .offset_of(data.sourcepos.end.line, data.sourcepos.end.column + 1);
                    // the words either side are kept apart: "A ~~B~~ C" reads "A C"
                    pending_space = true;
                }
            }
            NodeValue::HtmlInline(h) => {
                if h.starts_with("<!--") {
                    let start = b
                        .source
                        .offset_of(data.sourcepos.start.line, data.sourcepos.start.column);
                    comments.push((h.clone(), start));
                } else if h.eq_ignore_ascii_case("<br>")
                    || h.eq_ignore_ascii_case("<br/>")
                    || h.eq_ignore_ascii_case("<br />")
                {
                    pending_space = true;
                    pending_break = true;
                } else if strike_tag(h) == Some(true) {
                    html_struck = 1;
                    pending_space = true;
                }
            }
            _ => {}
        }
    }
    for (literal, start) in comments {
        b.collect_comments(&literal, start);
    }
    for (url, span) in links {
        b.link(url, span);
    }
    dedup_anchors(&mut anchors);
    (plain, anchors, breaks)
}

/// Whether Markdown source holds struck-through text (`~~…~~`, `<del>`, `<s>`, `<strike>`),
/// which is left out of a block's text.
pub fn holds_struck_text(raw: &str) -> bool {
    raw.contains("~~")
        || raw.match_indices('<').any(|(i, _)| {
            raw[i..]
                .find('>')
                .is_some_and(|end| strike_tag(&raw[i..=i + end]) == Some(true))
        })
}

/// Whether an inline HTML tag opens (`Some(true)`) or closes (`Some(false)`) struck-through
/// text: `<del>`, `<s>` or `<strike>`, with or without attributes.
fn strike_tag(tag: &str) -> Option<bool> {
    let inner = tag.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    let struck = ["del", "s", "strike"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t));
    (struck && !inner.trim_end().ends_with("/>")).then_some(!closing)
}

/// Append `text` (starting at file offset `start`) with whitespace runs collapsed: each word
/// copied whole. An anchor marks where a word starts unless the word simply continues the
/// last anchor's text (one space between words in the file as in `plain`): `Block::to_file`
/// reads every offset from the anchor before it, so such an anchor adds nothing.
fn push_text(
    plain: &mut String,
    anchors: &mut Vec<(u32, u32)>,
    text: &str,
    start: usize,
    pending_space: &mut bool,
) {
    let bytes = text.as_bytes();
    plain.reserve(text.len());
    let mut at = 0;
    loop {
        let word_start = skip_whitespace(text, at);
        let space_before = word_start > at;
        if word_start == bytes.len() {
            if space_before {
                *pending_space = true;
            }
            return;
        }
        let word_end = skip_word(text, word_start);
        if (space_before || *pending_space) && !plain.is_empty() {
            plain.push(' ');
        }
        *pending_space = false;
        let anchor = (plain.len() as u32, (start + word_start) as u32);
        let continues = anchors
            .last()
            .is_some_and(|&(p, f)| p < anchor.0 && anchor.0 - p == anchor.1.wrapping_sub(f));
        if !continues {
            anchors.push(anchor);
        }
        plain.push_str(&text[word_start..word_end]);
        at = word_end;
    }
}

/// Whether an ASCII byte is whitespace as `char::is_whitespace` has it: space, tab, line
/// feed, vertical tab, form feed, carriage return.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// The offset of the first character at or after `at` that is not whitespace (or the end).
fn skip_whitespace(text: &str, at: usize) -> usize {
    skip_while_space_is(text, at, true)
}

/// The offset of the first whitespace character at or after `at` (or the end).
fn skip_word(text: &str, at: usize) -> usize {
    skip_while_space_is(text, at, false)
}

/// The offset of the first character at or after `at` whose being whitespace is not
/// `space` (or the end); ASCII bytes tested as bytes, the rest as characters.
// inlined into both callers, so each gets a copy with `space` fixed: without, the shared
// scan cost 1.2% more instructions over a 40-policy audit (it runs over every byte of text)
#[inline(always)]
fn skip_while_space_is(text: &str, mut at: usize, space: bool) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        let (is_space, len) = if b.is_ascii() {
            (is_ascii_space(b), 1)
        } else {
            let c = text[at..].chars().next().expect("at a character boundary");
            (c.is_whitespace(), c.len_utf8())
        };
        if is_space != space {
            return at;
        }
        at += len;
    }
    at
}

fn dedup_anchors(anchors: &mut Vec<(u32, u32)>) {
    anchors.sort_by_key(|a| a.0);
    anchors.dedup_by_key(|a| a.0);
}

/// Text of an HTML block without tags (`<td>Name</td>` → `Name`), keeping offsets.
fn strip_tags(literal: &str, base: usize) -> (String, Vec<(u32, u32)>) {
    let mut plain = String::new();
    let mut anchors = Vec::new();
    let mut pending = false;
    let mut i = 0;
    let bytes = literal.as_bytes();
    while i < literal.len() {
        if literal[i..].starts_with("<!--") {
            match literal[i..].find("-->") {
                Some(e) => i += e + 3,
                None => break,
            }
            pending = true;
            continue;
        }
        if bytes[i] == b'<' {
            match literal[i..].find('>') {
                Some(e) => i += e + 1,
                None => break,
            }
            pending = true;
            continue;
        }
        let next = literal[i..]
            .find('<')
            .map(|e| i + e)
            .unwrap_or(literal.len());
        let chunk = decode_entities(&literal[i..next]);
        push_text(&mut plain, &mut anchors, &chunk, base + i, &mut pending);
        i = next;
    }
    (plain, anchors)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&rsquo;", "’")
        .replace("&ndash;", "–")
}

/// Whether a line reads like a title: letters, a few words, no closing full stop.
fn is_title_like(s: &str, max_words: usize) -> bool {
    let s = s.trim();
    if s.is_empty() || s.ends_with('.') || s.ends_with(',') || s.ends_with(';') {
        return false;
    }
    let words = s.split_whitespace().count();
    words >= 1 && words <= max_words && s.chars().any(|c| c.is_alphabetic())
}

/// Whether a bold phrase opening a paragraph reads as its title: a few words beginning with
/// a capital (after any numbering), not a sentence ("**The DSL is Mrs Khan.** She…").
fn is_run_in_title(title: &str) -> bool {
    const VERBS: [&str; 14] = [
        "is", "are", "was", "were", "will", "must", "should", "can", "may", "has", "have", "do",
        "does", "not",
    ];
    let words = strip_numbering(title);
    is_title_like(title, 8)
        && words.chars().next().is_some_and(char::is_uppercase)
        && !words
            .split_whitespace()
            .any(|w| VERBS.contains(&w.to_lowercase().as_str()))
}

/// Whether a bold title is the label of a field rather than of a section: a role ("**DSL:**
/// Mrs A Khan") or a date ("**Staff training:** September 2025"), which the role and date
/// searches read together with the value after it, or a document-control or contact detail
/// ("**Version:** 3", "**Email:** …").
fn is_field_label(title: &str) -> bool {
    const DETAIL_WORDS: [&str; 10] = [
        "date",
        "dated",
        "due",
        "updated",
        "issued",
        "version",
        "name",
        "contact",
        "email",
        "telephone",
    ];
    !crate::evidence::roles::labels_in(title).is_empty()
        || crate::evidence::dates::is_label(title)
        || title
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| DETAIL_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Leading section numbering: "4.2", "4.2.", "12)", "Section 3".
pub fn numbering_of(text: &str) -> Option<String> {
    let t = text.trim_start();
    let t = t
        .strip_prefix("Section ")
        .or_else(|| t.strip_prefix("section "))
        .unwrap_or(t);
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let trimmed = digits.trim_end_matches('.');
    if trimmed.is_empty() || !trimmed.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = &t[digits.len()..];
    let rest = rest.strip_prefix(')').unwrap_or(rest);
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(trimmed.to_string())
}

/// The text after any leading numbering.
pub fn strip_numbering(text: &str) -> &str {
    let t = text.trim_start();
    match numbering_of(t) {
        Some(_) => {
            let t = t
                .strip_prefix("Section ")
                .or_else(|| t.strip_prefix("section "))
                .unwrap_or(t);
            let cut = t
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'))
                .unwrap_or(t.len());
            t[cut..].trim_start()
        }
        None => t,
    }
}

/// Heading text for matching: numbering, case and punctuation removed, `&` read as "and",
/// and each word reduced to a simple singular ("policies" → "policy").
pub fn normalize_heading(text: &str) -> String {
    let t = strip_numbering(text);
    // Letter enumerators: "A. Scope", "b) Roles".
    let t = {
        let mut chars = t.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(a), Some('.' | ')'), Some(' ')) if a.is_ascii_alphabetic() => &t[3..],
            _ => t,
        }
    };
    normalize_words(t)
}

/// Lowercase words, punctuation as spaces, `&` as "and", singular forms.
pub fn normalize_words(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => cleaned.push_str(" and "),
            '\'' | '’' | '‘' => {}
            c if c.is_alphanumeric() => cleaned.extend(c.to_lowercase()),
            _ => cleaned.push(' '),
        }
    }
    let mut out = String::with_capacity(cleaned.len());
    for w in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&singular(w));
    }
    out
}

/// A deliberately simple singular: enough for headings ("policies", "phones", "devices").
pub fn singular(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plain_offset_of` undoes `to_file`: a place in the text, mapped to the file and back,
    /// is found again (or an earlier offset mapping to the same place, where markup was
    /// removed), over blocks with emphasis, links, entities and table cells.
    #[test]
    fn a_file_place_maps_back_into_the_text() {
        let text = "# **Key** people\n\nThe *DSL* is [Mrs J Patel](https://x.example) &amp; more.\n\n| Role | Name |\n|---|---|\n| DSL | **Ruth** Adebayo |\n";
        let o = outline(text);
        let mut checked = 0;
        for b in &o.blocks {
            for (p, _) in b.plain.char_indices() {
                let q = b.plain_offset_of(b.to_file(p));
                assert!(
                    q <= p && b.to_file(q) == b.to_file(p),
                    "{:?} at {p}",
                    b.plain
                );
                checked += 1;
            }
        }
        assert!(checked > 60, "{checked}");
    }

    /// Whitespace collapsed word by word, as a character-by-character reading collapses it,
    /// over every short text of letters, spaces, no-break spaces, accents, tabs, vertical tabs
    /// and line breaks; and every offset of the text maps to the same place in the file,
    /// though anchors that continue the one before are left out.
    #[test]
    fn pushing_text_word_by_word_agrees_with_char_by_char() {
        fn by_chars(
            plain: &mut String,
            anchors: &mut Vec<(u32, u32)>,
            text: &str,
            start: usize,
            pending_space: &mut bool,
        ) {
            let mut in_space = false;
            let mut need_anchor = true;
            for (i, c) in text.char_indices() {
                if c.is_whitespace() {
                    in_space = true;
                    continue;
                }
                if (in_space || *pending_space) && !plain.is_empty() {
                    plain.push(' ');
                    need_anchor = true;
                }
                if in_space {
                    need_anchor = true;
                }
                in_space = false;
                *pending_space = false;
                if need_anchor {
                    anchors.push((plain.len() as u32, (start + i) as u32));
                    need_anchor = false;
                }
                plain.push(c);
            }
            if in_space {
                *pending_space = true;
            }
        }
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| {
                    ["a", " ", "\u{a0}", "é", "\n", "\t", "\u{b}"].map(|c| format!("{t}{c}"))
                })
                .collect();
            texts.extend(last.iter().cloned());
        }
        let mut anchors_left_out = 0;
        for before in ["", "x"] {
            for pending in [false, true] {
                for t in &texts {
                    let (mut p1, mut a1, mut s1) = (before.to_string(), vec![], pending);
                    let (mut p2, mut a2, mut s2) = (before.to_string(), vec![], pending);
                    push_text(&mut p1, &mut a1, t, 7, &mut s1);
                    by_chars(&mut p2, &mut a2, t, 7, &mut s2);
                    assert_eq!((&p1, s1), (&p2, s2), "{t:?} after {before:?}, {pending}");
                    // fewer anchors, but every offset maps to the same place in the file
                    assert!(a1.len() <= a2.len());
                    let block = |plain: &str, anchors: Vec<(u32, u32)>| Block {
                        kind: BlockKind::Paragraph,
                        span: 7..7 + t.len(),
                        plain: plain.to_string(),
                        anchors,
                        line_breaks: Vec::new(),
                        section: None,
                        table_row: None,
                        in_list: false,
                        unticked: false,
                    };
                    let (b1, b2) = (block(&p1, a1), block(&p2, a2));
                    for offset in 0..=p1.len() {
                        assert_eq!(
                            b1.to_file(offset),
                            b2.to_file(offset),
                            "{t:?} after {before:?}, {pending}, at {offset}"
                        );
                    }
                    anchors_left_out += b2.anchors.len() - b1.anchors.len();
                }
            }
        }
        assert!(anchors_left_out > 1000, "{anchors_left_out}");
    }

    fn outline(text: &str) -> Outline {
        let src = SourceFile::new("p.md", text, false);
        build(&src, text, &|| false).unwrap()
    }

    #[test]
    fn struck_through_text_is_left_out_and_the_rest_maps_to_the_file() {
        let text = "DSL: ~~Mrs Jane Patel~~ Mr **Omar** Shah, next review ~~July~~ *September* 2027\n\nAges ~5 to ~11 ~~\n";
        let o = outline(text);
        let first = &o.blocks[0];
        assert_eq!(first.plain, "DSL: Mr Omar Shah, next review September 2027");
        for word in ["Mr", "Omar", "Shah", "September", "2027"] {
            let at = first.plain.find(word).unwrap();
            let file = first.to_file(at);
            assert_eq!(&text[file..file + word.len()], word, "{word}");
        }
        // HTML tags for crossed-out text, but not others that start with the same letter
        let text = "DSL: <del>Mrs Jane Patel</del> <s>Mr A <b>B</b></s> Mr <strong>Omar</strong> <sup>Shah</sup>\n";
        assert_eq!(outline(text).blocks[0].plain, "DSL: Mr Omar Shah");
        assert_eq!(strike_tag("<STRIKE class=\"x\">"), Some(true));
        assert_eq!(strike_tag("</del>"), Some(false));
        assert_eq!(strike_tag("<span>"), None);
        // a single tilde strikes nothing out: "~5 to ~" is an approximate age range
        assert!(
            o.blocks[1].plain.contains("5 to"),
            "{:?}",
            o.blocks[1].plain
        );
    }

    #[test]
    fn every_word_of_a_table_row_maps_to_its_place_in_the_file() {
        let text = "| Contact | Number |\n|---|---|\n| Police (emergency) | 999 |\n|  | none |\n";
        let o = outline(text);
        let rows: Vec<_> = o
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::TableRow)
            .collect();
        assert_eq!(rows.len(), 3);
        for row in &rows {
            for (at, word) in row.plain.match_indices(|c: char| c.is_alphanumeric()) {
                let in_word = row.plain[..at].ends_with(|c: char| c.is_alphanumeric());
                if !in_word {
                    let file = row.to_file(at);
                    assert_eq!(
                        &text[file..file + word.len()],
                        word,
                        "{:?} at {at}",
                        row.plain
                    );
                }
            }
        }
        // the empty cell is placed where it starts
        assert_eq!(rows[2].plain, " | none");
        assert_eq!(rows[2].to_file(0), text.rfind("|  |").unwrap() + 1);
    }

    #[test]
    fn headings_are_normalised_for_matching() {
        assert_eq!(
            normalize_heading("4.2 Filtering & Monitoring"),
            "filtering and monitoring"
        );
        assert_eq!(
            normalize_heading("12) Links with other policies"),
            "link with other policy"
        );
        assert_eq!(normalize_heading("B. Mobile Phones:"), "mobile phone");
        assert_eq!(
            normalize_heading("Section 3 – Roles and Responsibilities"),
            "role and responsibility"
        );
    }

    #[test]
    fn sections_nest_and_blocks_know_their_section() {
        let o = outline("# A\n\nintro\n\n## B\n\ntext b\n\n## C\n\ntext c\n\n# D\n\nend\n");
        assert_eq!(o.headings.len(), 4);
        assert_eq!(o.sections[1].parent, Some(0));
        assert_eq!(o.sections[0].span.end, o.headings[3].span.start);
        let b = o.blocks.iter().find(|b| b.plain == "text b").unwrap();
        assert_eq!(b.section, Some(1));
    }

    #[test]
    fn bold_lines_and_numbered_lines_are_pseudo_headings() {
        let o = outline(
            "# Policy\n\n**Filtering and monitoring**\n\nWe filter.\n\n4.2 Mobile phones\n\nNo phones.\n\n**This whole sentence is bold and ends with a stop.**\n",
        );
        let names: Vec<_> = o
            .headings
            .iter()
            .map(|h| (h.normalized.as_str(), h.pseudo))
            .collect();
        assert_eq!(
            names,
            vec![
                ("policy", false),
                ("filtering and monitoring", true),
                ("mobile phone", true)
            ]
        );
        assert_eq!(o.headings[2].numbering.as_deref(), Some("4.2"));
    }

    #[test]
    fn a_bold_title_running_into_its_paragraph_is_a_heading() {
        let text = "# Policy\n\n**Filtering and monitoring.** We use   *Smoothwall*.\n\n**Designated Safeguarding Lead:** Mrs A Khan, who trains staff.\n\n**Online safety lead**\nMr J Patel\n\n**Next review:** September 2027, by the governors.\n\n**Staff training:** September 2025\n\n**Date approved by governors:** 1 October 2026\n\n**Mobile phones**: Pupils hand in\nphones.\n\n**Remote learning** \u{2013} Lessons follow the code.\n\n**Key contacts**\nThe DSL is Mrs Khan.\n\n**The DSL is Mrs Khan.** She trains staff.\n\n**Important** staff never share passwords.\n\n- **Cameras.** Staff use school devices.\n\n> **Quoted.** Text.\n";
        let o = outline(text);
        let run_in: Vec<(&str, bool)> = o
            .headings
            .iter()
            .map(|h| (h.text.as_str(), h.run_in.is_some()))
            .collect();
        assert_eq!(
            run_in,
            vec![
                ("Policy", false),
                ("Filtering and monitoring", true),
                ("Mobile phones", true),
                ("Remote learning", true),
                ("Key contacts", true),
                ("Quoted", true),
            ]
        );
        // each title's span is the bold text with its marks; the paragraph after it maps
        // back to the file word for word
        for h in &o.headings[1..] {
            assert!(text[h.span.clone()].starts_with("**"), "{:?}", h.text);
            assert!(text[h.span.clone()].ends_with("**"), "{:?}", h.text);
        }
        let after = |title: &str| {
            let h = o.headings.iter().position(|h| h.text == title).unwrap();
            let hb = o
                .blocks
                .iter()
                .position(|b| b.kind == BlockKind::Heading && b.span == o.headings[h].span)
                .unwrap();
            assert_eq!(o.blocks[hb].plain, title);
            assert_eq!(
                o.blocks[hb].section,
                Some(h),
                "the title is in its own section"
            );
            &o.blocks[hb + 1]
        };
        let b = after("Filtering and monitoring");
        assert_eq!(b.plain, "We use Smoothwall.");
        assert_eq!(b.section, Some(1));
        let at = b.plain.find("Smoothwall").unwrap();
        assert_eq!(&text[b.span_of(at..at + 10)], "Smoothwall");
        let b = after("Mobile phones");
        assert_eq!(b.plain, "Pupils hand in phones.");
        assert_eq!(b.lines(), vec![(0, "Pupils hand in"), (15, "phones.")]);
        let at = b.plain.find("phones").unwrap();
        assert_eq!(&text[b.span_of(at..at + 6)], "phones");
        assert_eq!(after("Remote learning").plain, "Lessons follow the code.");
        assert_eq!(after("Key contacts").plain, "The DSL is Mrs Khan.");
        // a field's label (a role, a date), a bold sentence, a bold word with no stop after it
        // and a list item stay as written
        for kept in [
            "Designated Safeguarding Lead: Mrs A Khan, who trains staff.",
            "Online safety lead Mr J Patel",
            "Next review: September 2027, by the governors.",
            "Staff training: September 2025",
            "Date approved by governors: 1 October 2026",
            "The DSL is Mrs Khan. She trains staff.",
            "Important staff never share passwords.",
            "Cameras. Staff use school devices.",
        ] {
            assert!(o.blocks.iter().any(|b| b.plain == kept), "{kept}");
        }
    }

    #[test]
    fn plain_text_maps_back_to_the_file() {
        let text = "Our **DSL** is\nMrs   K’Osei.";
        let o = outline(text);
        let b = &o.blocks[0];
        assert_eq!(b.plain, "Our DSL is Mrs K’Osei.");
        let at = b.plain.find("Mrs").unwrap();
        let span = b.span_of(at..at + 3);
        assert_eq!(&text[span], "Mrs");
        let at = b.plain.find("K’Osei").unwrap();
        assert_eq!(&text[b.span_of(at..at + "K’Osei".len())], "K’Osei");
    }

    #[test]
    fn tables_keep_rows_and_blank_cells() {
        let o = outline("| Role | Name |\n|---|---|\n| DSL | Ruth Adebayo |\n| Deputy DSL |  |\n");
        let t = &o.tables[0];
        assert_eq!(t.rows.len(), 3);
        assert!(t.rows[0].header);
        assert_eq!(t.rows[2].cells[1].text, "");
        assert_eq!(o.blocks[t.rows[1].block].plain, "DSL | Ruth Adebayo");
    }

    #[test]
    fn comments_and_html_tables_are_read() {
        let o = outline(
            "<!-- policylint-disable ROLE-DSL reason=\"x\" -->\n\n<table><tr><td>DSL</td><td>A Person</td></tr></table>\n",
        );
        assert_eq!(o.comments.len(), 1);
        assert!(o.comments[0].body.starts_with("policylint-disable"));
        assert!(
            o.blocks
                .iter()
                .any(|b| b.plain.contains("DSL") && b.plain.contains("A Person"))
        );
    }

    #[test]
    fn link_addresses_are_blocks_of_their_own() {
        let text = "See [Parent Zone](https://www.theparentzone.co.uk/) or <https://www.childline.org.uk>.";
        let o = outline(text);
        assert_eq!(o.links.len(), 2);
        let targets: Vec<&Block> = o
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::LinkTarget)
            .collect();
        assert_eq!(
            targets.len(),
            1,
            "an autolink's address is already its text"
        );
        assert_eq!(
            &text[targets[0].span_of(0..targets[0].plain.len())],
            "https://www.theparentzone.co.uk/"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = ">".repeat(20_000) + " deep";
        let _ = outline(&text);
        let text = "- ".repeat(5_000) + "x";
        let _ = outline(&text);
    }
}
