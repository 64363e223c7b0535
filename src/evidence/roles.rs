//! Named people in their roles, found in the shapes real policies use:
//! key-people tables (two columns, or one column per school), "Role – Name" and "Role: Name"
//! lines, "Name Role" lines ("Mrs K Osei DSL"), a name alone on the line under a role label
//! (contact blocks), role-title lists separated by bullets, and sentences ("Our DSL is …",
//! "… is our designated safeguarding lead").
//!
//! A role label with a blank or placeholder where the name should be is recorded too, with
//! no name: that is what lets a check say "the DSL row of your key-people table is blank".

use std::sync::LazyLock;

use crate::phrases::CaptureRegex;

use super::Role;
use super::dates::{self, DateRange};
use super::names::{self, NotAName, PersonName};
use crate::document::{Block, BlockKind, Document, Table};
use crate::source::Span;

/// A role found in the text.
#[derive(Debug, Clone)]
pub struct RoleFact {
    pub role: Role,
    /// The person named, or `None` when the slot is blank or a placeholder.
    pub name: Option<PersonName>,
    /// Why there is no name, when there is none.
    pub missing: Option<NotAName>,
    /// The role label as found in the file.
    pub label: Span,
    /// Where the name (or the empty slot) is.
    pub name_span: Option<Span>,
    pub block: usize,
    pub shape: RoleShape,
    /// In a table with a column per school, the school's column heading.
    pub site: Option<String>,
    /// The slot names another role instead of a person ("Prevent lead: the DSL").
    pub refers_to: Option<Role>,
    /// When the named person holds the role, where the words after the name say: "Mrs J
    /// Patel (until August 2026)", "Mr O Shah (from January 2027)".
    pub tenure: Option<Tenure>,
}

/// A date bounding when someone holds a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Tenure {
    /// The words as written: "until August 2026", "from January 2027".
    pub said: String,
    pub range: DateRange,
    /// Whether the date is when they start ("from January 2027"): before it they do not
    /// hold the role yet. Otherwise it is when they go, and after it they no longer do.
    pub starts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleShape {
    /// A row of a key-people table.
    Table,
    /// One column per school in a federation table.
    MultiSiteTable,
    /// "Role: Name" or "Role – Name".
    LabelLine,
    /// "Mrs K Osei DSL".
    NameThenRole,
    /// "Our DSL is Ruth Adebayo", "Ruth Adebayo is our DSL".
    Sentence,
    /// "The DSL (Mr Idris Vaughan) is trained …": the name in brackets after the role.
    Bracketed,
}

impl RoleShape {
    pub fn describe(self) -> &'static str {
        match self {
            RoleShape::Table => "key-people table",
            RoleShape::MultiSiteTable => "table with a column per school",
            RoleShape::LabelLine => "role line",
            RoleShape::NameThenRole => "name and role line",
            RoleShape::Sentence => "sentence",
            RoleShape::Bracketed => "name in brackets after the role",
        }
    }
}

/// Role labels, most specific first: the alternation is leftmost-first, so "Deputy DSL" must
/// win over "DSL" and "designated safeguarding lead" over "safeguarding lead".
const LABELS: &[(Role, &str)] = &[
    (
        Role::DeputyDsl,
        r"deputy designated safeguarding (?:and|&) child protection leads?|deputy designated safeguarding leads?(?:\s*\(D?DSLs?\))?|deputy\s+DSLs?|\bDDSLs?\b|alternate\s+(?:DSL|designated safeguarding lead)s?|assistant\s+DSLs?",
    ),
    (
        Role::FilteringSltLead,
        r"(?:member of the )?senior leader(?:ship team)?(?: member)?(?:\s*\(SLT\))? (?:who is )?(?:responsible|with (?:lead )?responsibility) for (?:online safety,? )?filtering(?: and monitoring)?|(?:SLT|senior) lead(?:er)? for filtering(?: and monitoring)?|filtering and monitoring (?:lead|senior leader|SLT lead)",
    ),
    (
        Role::FilteringGovernor,
        r"governor (?:who is )?(?:responsible|with responsibility) for filtering(?: and monitoring)?|filtering and monitoring governor|(?:link )?governor for filtering(?: and monitoring)?",
    ),
    (
        Role::Dsl,
        r"designated safeguarding (?:and|&) child protection leads?(?:\s*\(DSL\))?|designated safeguarding lead(?:er)?s?(?:\s*\(DSLs?\))?(?: team)?|designated senior (?:lead|person)|\bDSLs?\b",
    ),
    (
        Role::PreventLead,
        r"prevent (?:duty )?(?:lead|co-?ordinator|officer|champion|single point of contact)(?:\s*\(SPOC\))?|single point of contact(?:\s*\(SPOC\))?(?: for prevent)?|\bSPOC\b",
    ),
    (
        Role::OnlineSafetyLead,
        r"(?:online|e)[- ]?safety (?:lead(?:er)?|co-?ordinator|officer|champion)",
    ),
    (
        Role::SafeguardingGovernor,
        r"(?:safeguarding|child protection|online[- ]safety|e-?safety)(?:\s*(?:and|&|/)\s*(?:safeguarding|online[- ]safety|child protection))?(?: link)? (?:governor|trustee)|link governor for (?:safeguarding|online safety|child protection)|governor (?:with responsibility )?for (?:safeguarding|child protection)|(?:nominated )?governor who oversees (?:safeguarding|online safety)|nominated governor for safeguarding",
    ),
    (
        Role::Dpo,
        r"data protection officer(?:\s*\(DPO\))?|\bDPO\b|data protection lead",
    ),
    (
        Role::DesignatedPerson,
        r"designated (?:child protection|safeguarding) (?:officer|person|co-?ordinator)s?|designated (?:person|officer)s?(?: for (?:safeguarding|child protection))?|named person for safeguarding|child protection (?:co-?ordinator|officer|lead)s?|safeguarding (?:lead|officer|co-?ordinator)s?|(?:club |county )?welfare officers?",
    ),
    (
        Role::ItProvider,
        r"(?-i:IT) (?:service |support )?provider|network manager|(?-i:IT|ICT) (?:manager|technician|support)|technical support|managed service provider|technical staff",
    ),
];

struct Labels {
    /// One pattern per role label, in [`LABELS`] order: a match says which pattern it is,
    /// so no capture groups are needed (they need a slower engine).
    regex: crate::phrases::TextRegex,
    roles: Vec<Role>,
}

static LABELS_RE: LazyLock<Labels> = LazyLock::new(|| {
    let patterns: Vec<&str> = LABELS.iter().map(|(_, p)| *p).collect();
    Labels {
        regex: crate::phrases::TextRegex::case_insensitive(&patterns)
            .expect("role label patterns compile"),
        roles: LABELS.iter().map(|(r, _)| *r).collect(),
    }
});

/// A role label found in a piece of text (offsets relative to that text).
#[derive(Debug, Clone)]
pub struct LabelHit {
    pub role: Role,
    pub start: usize,
    pub end: usize,
}

/// All role labels in `text`, left to right, without overlaps.
pub fn labels_in(text: &str) -> Vec<LabelHit> {
    labels_and_match(text).1
}

/// [`labels_in`], and whether the labels' expression matched at all (a match set aside, as
/// "welfare officer" after "education", still counts).
pub fn labels_and_match(text: &str) -> (bool, Vec<LabelHit>) {
    let l = &*LABELS_RE;
    let mut out = Vec::new();
    let found = l.regex.find_all(text);
    let matched = !found.is_empty();
    for (pattern, at) in found {
        let role = l.roles[pattern];
        let found = &text[at.clone()];
        // a former holder is not the holder ("the former DSL, Mr Brown")
        if held_before(&text[..at.start]) {
            continue;
        }
        // an education welfare officer works on attendance, not safeguarding
        if role == Role::DesignatedPerson
            && found.to_lowercase().starts_with("welfare")
            && text[..at.start]
                .to_lowercase()
                .trim_end()
                .ends_with("education")
        {
            continue;
        }
        out.push(LabelHit {
            role,
            start: at.start,
            end: at.end,
        });
    }
    (matched, out)
}

/// Find every role in the document.
pub fn find(doc: &Document) -> Vec<RoleFact> {
    let mut out = Vec::new();
    for table in &doc.outline.tables {
        from_table(doc, table, &mut out);
    }
    for (bi, block) in doc.outline.blocks.iter().enumerate() {
        // a checklist item not ticked ("- [ ] Ruth Adebayo is our DSL") is not yet so, and a
        // template's sample wording names a sample
        if block.kind == BlockKind::TableRow || block.unticked || doc.sentences[bi].note {
            continue;
        }
        // the labels of every block are found once per document, and kept for the checks
        if !doc.role_label_matched(bi) {
            continue;
        }
        from_block(bi, block, &mut out);
        let next = doc
            .outline
            .blocks
            .get(bi + 1)
            .filter(|n| n.kind != BlockKind::TableRow);
        role_then_name_line(bi, block, next, &mut out);
    }
    out.sort_by_key(|f| (f.label.start, f.role));
    // one fact per label: a name found for it wins over a blank ("DSL:" then the name on
    // the next line reads as a blank "Role: Name" line as well)
    out.dedup_by(|later, kept| {
        let same = later.role == kept.role && later.label == kept.label && later.site == kept.site;
        if same && kept.name.is_none() && later.name.is_some() {
            std::mem::swap(later, kept);
        }
        same
    });
    for f in &mut out {
        mark_unconfirmed(doc, f);
        mark_departure(doc, f);
        mark_crossed_out(doc, f);
    }
    out.retain(|f| !asked(doc, f));
    out
}

/// Whether a fact's name is in a question ("Is Marcus Reid our Prevent lead?"), which names
/// no one.
fn asked(doc: &Document, f: &RoleFact) -> bool {
    let (Some(_), Some(span)) = (&f.name, &f.name_span) else {
        return false;
    };
    let block = &doc.outline.blocks[f.block];
    let sentences = &doc.sentences[f.block];
    let i = sentences.index_of(block.plain_offset_of(span.start));
    let end = sentences
        .ends
        .get(i)
        .map_or(block.plain.len(), |&e| e as usize);
    block.plain[..end].trim_end().ends_with('?')
}

/// A slot that reads as blank because its only name is struck through ("| DSL |
/// ~~Mrs J Patel~~ |") says so, rather than "is blank".
fn mark_crossed_out(doc: &Document, f: &mut RoleFact) {
    if f.name.is_some() || !matches!(f.missing, None | Some(NotAName::Empty)) {
        return;
    }
    let Some(span) = &f.name_span else {
        return;
    };
    if crate::document::markdown::holds_struck_text(&doc.source.text[span.clone()]) {
        f.missing = Some(NotAName::CrossedOut);
    }
}

/// Words just after a name saying that its holder has gone ("Mrs J Patel (left July 2026)",
/// "…, who retired in 2025") or is going ("… (until August 2026)", "… – leaving December").
static DEPARTURE: LazyLock<CaptureRegex> = LazyLock::new(|| {
    CaptureRegex::new(
        r"(?i)^[\s*_)(\[,;:–—-]*(?:who\s+)?(?:(?:has|have|had)\s+(?:now\s+)?)?(?:(left|retired|resigned|departed|stepped down|moved on|no longer (?:in post|in the role|works? here|at the school))\b|(until|till|leaving|leaves|retiring|retires)\b|((?:with effect |effective )?from|starting|starts|joining|joins|due to start|tak(?:es?|ing) (?:up (?:the )?(?:post|role)|over))\b)",
    )
    .unwrap()
});

/// Where the words after a fact's name start in the file, and those words to the end of
/// its line or table cell: "(left July 2026)" of "| DSL | Mrs J Patel (left July 2026) |".
fn after_name<'d>(doc: &'d Document, f: &RoleFact) -> Option<(usize, &'d str)> {
    let (Some(name), Some(span)) = (&f.name, &f.name_span) else {
        return None;
    };
    let text = &doc.source.text;
    let line_end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    let window = &text[span.start..line_end];
    // the name ends at its surname (the span of a table entry is the whole cell); what
    // follows it in the same cell
    let at = window.find(name.surname.as_str())?;
    let mut after_at = span.start + at + name.surname.len();
    // "Mrs J Patel DSL (left 2025)", "Marcus Reid is our Prevent lead (TBC)": after the
    // role that follows the name
    if (after_at..line_end).contains(&f.label.start) {
        after_at = f.label.end.min(line_end);
    }
    Some((
        after_at,
        text[after_at..line_end].split('|').next().unwrap_or(""),
    ))
}

/// Words just after a name saying it is not confirmed: "Daniel Okafor (TBC)", "Mrs J Patel –
/// to be confirmed", "… (subject to confirmation)".
static UNCONFIRMED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)^[\s(\[,–—-]*(?:tbc|tbd|to be confirmed|subject to confirmation|awaiting confirmation|provisional(?:ly)?|not yet confirmed|unconfirmed)\b")
        .expect("the unconfirmed expression compiles")
});

/// A name marked as not confirmed ("Daniel Okafor (TBC)") names no one yet.
fn mark_unconfirmed(doc: &Document, f: &mut RoleFact) {
    let Some((_, after)) = after_name(doc, f) else {
        return;
    };
    if let Some(m) = UNCONFIRMED.find(after) {
        let name = f.name.take().map(|n| n.text).unwrap_or_default();
        // the words as written, with the bracket that closes them
        let closing = after[m.end()..]
            .find([')', ']'])
            .filter(|_| after[..m.end()].contains(['(', '[']))
            .map_or(m.end(), |i| m.end() + i + 1);
        f.missing = Some(NotAName::Unconfirmed(format!(
            "{name}{}",
            after[..closing].trim_end()
        )));
    }
}

/// A named holder who has left is no holder: the fact keeps its label and loses the name,
/// unless a second name follows ("Mrs J Patel (left July 2026), now Mr O Shah"). A holder
/// "until" or "from" a date keeps the name with that date, for the check to compare with
/// today.
fn mark_departure(doc: &Document, f: &mut RoleFact) {
    let Some((after_at, after)) = after_name(doc, f) else {
        return;
    };
    let Some(c) = DEPARTURE.captures(after) else {
        return;
    };
    if let Some(word) = c.get(1) {
        let said = after[word.start()..]
            .split([')', ']', ',', ';', '.'])
            .next()
            .unwrap_or("")
            .trim();
        let rest_at = word.end();
        match successor(&after[rest_at..]) {
            Some((n, s, e)) => {
                let base = after_at + rest_at;
                f.name = Some(n);
                f.name_span = Some(doc.source.clamp(base + s..base + e));
            }
            None => {
                f.name = None;
                f.missing = Some(NotAName::Left(said.to_string()));
            }
        }
        return;
    }
    if let Some(word) = c.get(2).or_else(|| c.get(3)) {
        let rest = &after[word.end()..];
        if let Some((range, used)) = date_within(rest) {
            f.tenure = Some(Tenure {
                said: after[word.start()..word.end() + used].trim().to_string(),
                range,
                starts: c.get(3).is_some(),
            });
        }
    }
}

/// Most words read after "until", "leaving" or "from" for the date the holder goes or
/// starts.
const MOST_WORDS_TO_DEPARTURE_DATE: usize = 8;

/// The first date among the next few words of `rest`, before a closing bracket, a
/// semicolon, a table cell's end or a full stop (not one inside a date such as 31.07.2026):
/// "until the end of July 2026", "until her retirement in July 2026", "leaving at the end
/// of the summer term 2026". The range and where the date ends.
fn date_within(rest: &str) -> Option<(DateRange, usize)> {
    let stop = rest
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ')' | ']' | ';' | '|')
                || (c == '.' && !rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map_or(rest.len(), |(i, _)| i);
    let clause = &rest[..stop];
    let word_starts = std::iter::once(0).chain(
        clause
            .char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(i, _)| i + 1),
    );
    word_starts
        .take(MOST_WORDS_TO_DEPARTURE_DATE + 1)
        .find_map(|at| dates::parse_date_prefix(&clause[at..]).map(|(r, used)| (r, at + used)))
}

/// A name written after a departed holder's, led by a title ("…, now Mr O Shah"), in the
/// same sentence: the name and where it starts and ends in `text`. Not "… left in July. Our
/// deputy is Mr O Shah", which names the deputy.
fn successor(text: &str) -> Option<(PersonName, usize, usize)> {
    // the sentence ends at ";" or at a stop after a word that is not a title or an initial
    let mut end = text.find(';').unwrap_or(text.len());
    for (i, _) in text[..end].match_indices(". ") {
        let word = text[..i]
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if !names::is_title(word) && word.chars().count() > 1 {
            end = i;
            break;
        }
    }
    let text = &text[..end];
    let mut at = 0;
    for word in text.split_inclusive(|c: char| c.is_whitespace() || c == '(' || c == '/') {
        let w = word.trim_end_matches(|c: char| c.is_whitespace() || c == '(' || c == '/');
        if names::is_title(w.trim_end_matches('.'))
            && let Some((n, used)) = names::take_name(&text[at..])
        {
            return Some((n, at, at + used));
        }
        at += word.len();
    }
    None
}

/// Column headings that mean "the name goes here".
fn is_name_heading(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    matches!(
        t.as_str(),
        "name"
            | "names"
            | "named person"
            | "name(s)"
            | "who"
            | "person"
            | "staff member"
            | "post holder"
            | "postholder"
            | "held by"
    ) || t.starts_with("name")
}

fn is_label_heading(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.is_empty()
        || t.contains("role")
        || t.contains("position")
        || t.contains("responsibility")
        || t.contains("title")
        || t.contains("key people")
        || t.contains("post")
}

fn from_table(doc: &Document, table: &Table, out: &mut Vec<RoleFact>) {
    let Some(first) = table.rows.first() else {
        return;
    };
    let header_cells: Vec<&str> = first.cells.iter().map(|c| c.text.as_str()).collect();
    let header_has_roles = header_cells.iter().any(|c| !labels_in(c).is_empty());
    // Where the names are: a "Name" column, or else the cell after the label.
    let name_col = if header_has_roles {
        None
    } else {
        header_cells.iter().position(|c| is_name_heading(c))
    };
    // One column per school: header cells after the first are neither names nor contacts,
    // and the first heading is a label heading.
    let multi_site = !header_has_roles
        && name_col.is_none()
        && header_cells.len() >= 3
        && is_label_heading(header_cells[0])
        && header_cells[1..].iter().all(|c| {
            let t = c.to_lowercase();
            !c.trim().is_empty()
                && !t.contains("contact")
                && !t.contains("email")
                && !t.contains("phone")
                && !t.contains("position")
                && !t.contains("role")
        });
    for (ri, row) in table.rows.iter().enumerate() {
        if ri == 0 && !header_has_roles {
            continue;
        }
        let Some((label_col, hits)) = row.cells.iter().enumerate().find_map(|(ci, c)| {
            let h = labels_in(&c.text);
            (!h.is_empty()).then_some((ci, h))
        }) else {
            continue;
        };
        // The label cell must be a label, not a sentence that happens to mention a role.
        let label_cell = &row.cells[label_col];
        if label_cell.text.split_whitespace().count() > 16 {
            continue;
        }
        let block = &doc.outline.blocks[row.block];
        let label_span = cell_span(doc, block, label_col, &hits[0]);
        if multi_site {
            for (ci, cell) in row.cells.iter().enumerate().skip(label_col + 1) {
                let site = header_cells.get(ci).map(|s| s.trim().to_string());
                for hit in &hits {
                    out.push(fact_from_slot(
                        hit.role,
                        &cell.text,
                        cell.span.clone(),
                        label_span.clone(),
                        row.block,
                        RoleShape::MultiSiteTable,
                        site.clone(),
                    ));
                }
            }
            continue;
        }
        // Label and name run together in one cell ("…filtering and monitoringRuth Adebayo").
        let last = hits.last().unwrap();
        let after_label = label_cell.text[last.end..].trim_start_matches(|c: char| {
            c == ':' || c == '-' || c == '–' || c.is_whitespace() || c == ')'
        });
        let run_together = names::take_name(after_label).map(|(n, _)| n);
        let value_col = match name_col {
            Some(c) if c != label_col => Some(c),
            _ => (label_col + 1 < row.cells.len()).then_some(label_col + 1),
        };
        for hit in &hits {
            let fact = if let Some(name) = run_together.clone() {
                let at =
                    block_find(block, &name.text, label_span.end).unwrap_or(label_span.clone());
                RoleFact {
                    role: hit.role,
                    name: Some(name),
                    missing: None,
                    label: label_span.clone(),
                    name_span: Some(at),
                    block: row.block,
                    shape: RoleShape::Table,
                    site: None,
                    refers_to: None,
                    tenure: None,
                }
            } else if let Some(vc) = value_col {
                let cell = &row.cells[vc];
                fact_from_slot(
                    hit.role,
                    &cell.text,
                    cell.span.clone(),
                    label_span.clone(),
                    row.block,
                    RoleShape::Table,
                    None,
                )
            } else {
                continue;
            };
            out.push(fact);
        }
    }
}

/// The label's span in the file, given a hit in cell `col` of a row block.
fn cell_span(doc: &Document, block: &Block, col: usize, hit: &LabelHit) -> Span {
    // Cells are joined with " | " in the row's plain text.
    let mut offset = 0;
    for (i, part) in block.plain.split(" | ").enumerate() {
        if i == col {
            return block.span_of(offset + hit.start..offset + hit.end);
        }
        offset += part.len() + 3;
    }
    let _ = doc;
    block.span.clone()
}

fn block_find(block: &Block, needle: &str, after_file: usize) -> Option<Span> {
    let mut from = 0;
    while let Some(i) = block.plain[from..].find(needle) {
        let span = block.span_of(from + i..from + i + needle.len());
        if span.start >= after_file {
            return Some(span);
        }
        from += i + needle.len();
    }
    None
}

fn fact_from_slot(
    role: Role,
    slot: &str,
    slot_span: Span,
    label: Span,
    block: usize,
    shape: RoleShape,
    site: Option<String>,
) -> RoleFact {
    // The IT provider is usually a company: any real entry names it.
    if role == Role::ItProvider {
        let (name, missing) = match names::parse_organisation(slot) {
            Ok(n) => (Some(n), None),
            Err(e) => (None, Some(e)),
        };
        return RoleFact {
            role,
            name,
            missing,
            label,
            name_span: Some(slot_span),
            block,
            shape,
            site,
            refers_to: None,
            tenure: None,
        };
    }
    // A slot may hold a name followed by a job title or contact details.
    let (name, missing) = match names::parse_person(slot) {
        Ok(n) => (Some(n), None),
        Err(NotAName::NotAName(t)) => match names::take_name(slot) {
            Some((n, _)) => (Some(n), None),
            None => (None, Some(NotAName::NotAName(t))),
        },
        Err(e) => (None, Some(e)),
    };
    RoleFact {
        role,
        name,
        missing,
        label,
        name_span: Some(slot_span),
        block,
        shape,
        site,
        refers_to: None,
        tenure: None,
    }
}

static SENTENCE_IS: LazyLock<CaptureRegex> = LazyLock::new(|| {
    CaptureRegex::new(r"(?i)^[^.;!?]{0,100}?\b(?:is|are|will be|=)\s*:?\s*").unwrap()
});
static NAME_IS_OUR: LazyLock<CaptureRegex> = LazyLock::new(|| {
    CaptureRegex::new(r"(?i)\s+(?:(?:is|acts as|is also|also acts as|is appointed as|has been appointed as|serves as)\s+(?:the|our)|(?:has taken on|has taken|takes on|has|holds) the role of(?:\s+(?:the|our))?)\s+(?:school(?:'s|’s)\s+|setting(?:'s|’s)\s+|college(?:'s|’s)\s+)?$").unwrap()
});

fn from_block(bi: usize, block: &Block, out: &mut Vec<RoleFact>) {
    for (line_start, line) in block.lines() {
        if let Some((inner_start, inner)) = headerless_row(line) {
            segment(bi, block, line_start + inner_start, inner, out);
            continue;
        }
        // Role-title lists: "Headteacher: K. Rogers • E-Safety Coordinator: N Best".
        let mut seg_start = 0;
        for seg in line.split(['•', '|', ';', '\t']) {
            let seg_offset = line_start + seg_start;
            seg_start += seg.len() + seg_len_sep(line, seg_start + seg.len());
            segment(bi, block, seg_offset, seg, out);
        }
    }
}

/// A key-people row written without a table's header and rule lines, "| DSL | Ruth Adebayo |":
/// Markdown leaves it a paragraph, but its two cells are still a label and its holder. Gives
/// the text between the outer bars, where the middle bar separates the two, and its offset.
fn headerless_row(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_end();
    let lead = trimmed.len() - trimmed.trim_start().len();
    let inner = trimmed.trim_start().strip_prefix('|')?.strip_suffix('|')?;
    (inner.matches('|').count() == 1).then_some((lead + 1, inner))
}

/// Whether the words before a "Role: Name" label leave it a label line: "our" or "the",
/// then at most "acting", "interim" or "temporary" (whose holder holds the role now).
fn opens_label_line(lead: &str) -> bool {
    let mut words = lead.split_whitespace().peekable();
    if words
        .peek()
        .is_some_and(|w| w.eq_ignore_ascii_case("our") || w.eq_ignore_ascii_case("the"))
    {
        words.next();
    }
    let acting = |w: &str| {
        ["acting", "interim", "temporary"]
            .iter()
            .any(|a| w.eq_ignore_ascii_case(a))
    };
    match (words.next(), words.next()) {
        (None, _) => true,
        (Some(w), None) => acting(w),
        _ => false,
    }
}

/// Whether the words before a role label say its holder held it once and no longer ("the
/// former DSL, Mr Brown", "Previous Prevent lead: …", "our ex-DSL").
fn held_before(before: &str) -> bool {
    let word = before
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .trim_end_matches(['-', '\u{2010}']);
    [
        "former", "previous", "ex", "outgoing", "retired", "retiring", "past", "old",
    ]
    .iter()
    .any(|w| word.eq_ignore_ascii_case(w))
}

/// The last sentence of `text`: after the last ". ", "; ", "! " or "? " that ends a
/// sentence (not the full stop of an initial or a title, as in "Mrs K. Osei" or "Mr. Smith").
fn sentence_tail(text: &str) -> &str {
    let bytes = text.as_bytes();
    for i in (1..bytes.len().saturating_sub(1)).rev() {
        if bytes[i + 1] != b' ' {
            continue;
        }
        match bytes[i] {
            b';' | b'!' | b'?' => return &text[i + 2..],
            b'.' => {
                let word = text[..i]
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                let initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
                let title = names::is_title(word);
                if !word.is_empty() && !initial && !title {
                    return &text[i + 2..];
                }
            }
            _ => {}
        }
    }
    text
}

/// A contact block: the role alone on a line, "Name: …" on the next (in the same paragraph
/// or the next one).
///
/// ```text
/// Club Welfare Officer (designated safeguarding officer)
/// Name: Priya Lomax
/// ```
fn role_then_name_line(bi: usize, block: &Block, next: Option<&Block>, out: &mut Vec<RoleFact>) {
    let lines: Vec<(usize, &str)> = block.lines();
    // each line with the line after it (a line and its offset in the block)
    type Line<'a> = (usize, &'a str);
    let mut pairs: Vec<(Line, Option<Line>)> =
        lines.windows(2).map(|w| (w[0], Some(w[1]))).collect();
    if let Some(&last) = lines.last() {
        pairs.push((last, None));
    }
    for ((label_start, label_line), within) in pairs {
        let hits = labels_in(label_line);
        let Some(first) = hits.first() else { continue };
        if !label_only(label_line, &hits) {
            continue;
        }
        // the name line: the next line of this block, or the first line of the next block
        let (name_block, name_bi, (name_start, name_line)) = match within {
            Some(l) => (block, bi, l),
            None => match next.and_then(|n| n.lines().first().copied().map(|l| (n, l))) {
                Some((n, l)) => (n, bi + 1, l),
                None => continue,
            },
        };
        let Some(rest) = strip_name_label(name_line).or_else(|| bare_name_line(name_line)) else {
            continue;
        };
        let value_start = name_start + (name_line.len() - rest.len());
        let value = rest.trim_end();
        let label = block.span_of(label_start + first.start..label_start + first.end);
        let (name, missing, used) = match names::take_name(value) {
            Some((n, used)) => (Some(n), None, used),
            None => (
                None,
                Some(names::parse_person(value).err().unwrap_or(NotAName::Empty)),
                value.len(),
            ),
        };
        out.push(RoleFact {
            role: first.role,
            name,
            missing,
            label,
            name_span: Some(name_block.span_of(value_start..value_start + used)),
            block: name_bi,
            shape: RoleShape::LabelLine,
            site: None,
            refers_to: None,
            tenure: None,
        });
    }
}

/// Whether a line is nothing but role labels (of one role), brackets and punctuation, with
/// at most the words that frame a label before its name: "The Designated Safeguarding Lead
/// is:", "Our DSLs are:".
fn label_only(line: &str, hits: &[LabelHit]) -> bool {
    if hits.iter().any(|h| h.role != hits[0].role) {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for h in hits {
        rest.push_str(&line[at..h.start]);
        at = h.end;
    }
    rest.push_str(&line[at..]);
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            ["the", "our", "is", "are"]
                .iter()
                .any(|f| w.eq_ignore_ascii_case(f))
        })
}

/// A line that is a name alone, or a name and then details after a comma, bracket or dash
/// ("Mrs J Patel", "Mrs J Patel, Deputy Head, 020 7946 0000"): under a line holding only a
/// role label, as contact blocks set them out, it names the holder. Not a sentence that
/// starts with a name ("Mrs J Patel leads on safeguarding.").
fn bare_name_line(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    let (_, used) = names::take_name(t)?;
    let after = t[used..].trim_start_matches(['*', '_']).trim_end();
    let details = after.is_empty()
        || (after.starts_with([',', '(', '–', '—', '-', '/'])
            && after.split_whitespace().count() <= 12
            && !after.contains(". ")
            // "Mr Brown, the previous DSL, retired": the details name a role of their own
            // (a former one too, which `labels_in` leaves out)
            && !labels_and_match(after).0);
    details.then_some(t)
}

/// The text after "Name:" ("Name –", "Name -") at the start of a line.
fn strip_name_label(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = t
        .strip_prefix("Name")
        .or_else(|| t.strip_prefix("name"))
        .or_else(|| t.strip_prefix("NAME"))?;
    let rest = rest.trim_start_matches([' ', '*', '_']);
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('-'))?;
    Some(rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '_'))
}

fn seg_len_sep(line: &str, at: usize) -> usize {
    line[at.min(line.len())..]
        .chars()
        .next()
        .map(|c| c.len_utf8())
        .unwrap_or(0)
}

/// Labels written together for one person share the slot after the last of them:
/// "Child Protection Co-ordinator / Designated Senior Person: Mr G Hale".
static JOINER: LazyLock<CaptureRegex> =
    LazyLock::new(|| CaptureRegex::new(r"(?i)^\s*(?:/|&|\+|,|and|or)\s*$").unwrap());

/// After a name, words that only describe the person: ", the headteacher," or "(SENCo)".
static APPOSITIVE: LazyLock<CaptureRegex> =
    LazyLock::new(|| CaptureRegex::new(r"^\s*(?:,[^,;:]{1,60},?|\([^()]{1,60}\))\s*$").unwrap());

fn segment(bi: usize, block: &Block, offset: usize, seg: &str, out: &mut Vec<RoleFact>) {
    let hits = labels_in(seg);
    if hits.is_empty() {
        return;
    }
    let span = |s: usize, e: usize| block.span_of(offset + s..offset + e);
    // chains of labels joined by "/", "and", "&": (first, last) for each hit
    let mut chain = vec![(0, 0); hits.len()];
    let mut first = 0;
    for i in 0..hits.len() {
        if i > 0 && !JOINER.is_match(&seg[hits[i - 1].end..hits[i].start]) {
            first = i;
        }
        chain[i].0 = first;
    }
    let mut last = hits.len() - 1;
    for i in (0..hits.len()).rev() {
        if i + 1 < hits.len() && !JOINER.is_match(&seg[hits[i].end..hits[i + 1].start]) {
            last = i;
        }
        chain[i].1 = last;
    }
    for (hi, hit) in hits.iter().enumerate() {
        let (first, last) = chain[hi];
        let tail = &hits[last];
        let mut next_label = hits.get(last + 1).map(|h| h.start).unwrap_or(seg.len());
        // a label inside a placeholder ("DSL: [DSL name]") does not end the slot
        if let Some(open) = seg[tail.end..next_label].rfind('[')
            && !seg[tail.end + open..next_label].contains(']')
            && let Some(close) = seg[next_label..].find(']')
        {
            next_label += close + 1;
        }
        let after = &seg[tail.end..next_label];
        // "Role: Name", "Role – Name", "Role - Name"
        let trimmed = after.trim_start_matches(|c: char| c == ')' || c.is_whitespace());
        // ("|" only between the cells of a headerless key-people row)
        let sep = ["–", "—", " - ", "-", ":", "=", "|"]
            .iter()
            .find(|s| trimmed.starts_with(**s) || trimmed.starts_with(s.trim()));
        if let Some(sep) = sep {
            let value_rel = after.len() - trimmed.len() + sep.trim().len();
            let value = &after[value_rel..];
            let value_start = tail.end + value_rel + (value.len() - value.trim_start().len());
            let value_text = value.trim();
            let fact_base = |name, missing| RoleFact {
                role: hit.role,
                name,
                missing,
                label: span(hit.start, hit.end),
                name_span: Some(span(value_start, value_start + value_text.len())),
                block: bi,
                shape: RoleShape::LabelLine,
                site: None,
                refers_to: None,
                tenure: None,
            };
            // only a label at the start of a segment makes a "Role: Name" slot
            let lead_text = seg[..hits[first].start].trim();
            let label_leads =
                lead_text.chars().all(|c| !c.is_alphanumeric()) || opens_label_line(lead_text);
            // "Prevent lead: the DSL" names another role, not a person
            let only_articles = value_text
                .split_whitespace()
                .all(|w| w.eq_ignore_ascii_case("the") || w.eq_ignore_ascii_case("our"));
            if label_leads
                && only_articles
                && let Some(next) = hits.get(last + 1)
            {
                let mut f = fact_base(None, None);
                f.refers_to = Some(next.role);
                f.name_span = Some(span(next.start, next.end));
                out.push(f);
                continue;
            }
            if label_leads {
                match names::take_name(value_text) {
                    Some((n, used)) => {
                        let mut f = fact_base(Some(n), None);
                        f.name_span = Some(span(value_start, value_start + used));
                        out.push(f);
                    }
                    None => {
                        let missing = match names::parse_person(value_text) {
                            Err(e) => e,
                            Ok(_) => NotAName::Empty,
                        };
                        out.push(fact_base(None, Some(missing)));
                    }
                }
                continue;
            }
        }
        // "The DSL (Mr Idris Vaughan) is trained …"
        let gap = after.len() - after.trim_start().len();
        if let Some(inner) = after.trim_start().strip_prefix('(')
            && let Some(close) = inner.find(')')
            && let Some((n, used)) = names::take_name(&inner[..close])
            && (inner[used..close].trim().is_empty() || inner[used..close].starts_with(','))
        {
            let start = tail.end + gap + 1;
            out.push(RoleFact {
                role: hit.role,
                name: Some(n),
                missing: None,
                label: span(hit.start, hit.end),
                name_span: Some(span(start, start + used)),
                block: bi,
                shape: RoleShape::Bracketed,
                site: None,
                refers_to: None,
                tenure: None,
            });
            continue;
        }
        // "the designated safeguarding lead (DSL), Grace Mensah, …": a name in apposition,
        // closed by punctuation or the end of the sentence
        let appositive = after.trim_start_matches(')').strip_prefix(", ");
        if let Some(rest) = appositive
            && let Some((n, used)) = names::take_name(rest)
            && rest[used..]
                .chars()
                .next()
                .is_none_or(|c| matches!(c, ',' | '.' | ';' | ')' | ':'))
        {
            let start = hit.end + (after.len() - rest.len());
            out.push(RoleFact {
                role: hit.role,
                name: Some(n),
                missing: None,
                label: span(hit.start, hit.end),
                name_span: Some(span(start, start + used)),
                block: bi,
                shape: RoleShape::Sentence,
                site: None,
                refers_to: None,
                tenure: None,
            });
            continue;
        }
        // "The DSL is Ruth Adebayo", "Our designated person … is: Jo Bennett"
        if let Some(m) = SENTENCE_IS.find(after) {
            let rest = &after[m.end()..];
            if labels_in(&after[..m.end()]).is_empty()
                && let Some((n, used)) = names::take_name(rest)
            {
                let start = tail.end + m.end();
                out.push(RoleFact {
                    role: hit.role,
                    name: Some(n),
                    missing: None,
                    label: span(hit.start, hit.end),
                    name_span: Some(span(start, start + used)),
                    block: bi,
                    shape: RoleShape::Sentence,
                    site: None,
                    refers_to: None,
                    tenure: None,
                });
                continue;
            }
        }
        // "Mrs K Osei DSL", "Ruth Adebayo is our designated safeguarding lead"
        let head = &hits[first];
        let prev_end = if first == 0 { 0 } else { hits[first - 1].end };
        let before = &seg[prev_end..head.start];
        let (before_core, sentence) = match NAME_IS_OUR.find(before) {
            Some(m) => (&before[..m.start()], true),
            None => (before.trim_end_matches([' ', '(', '-', '–', ',']), false),
        };
        // "The DSL is our Prevent lead": the role is held by whoever holds the other
        if sentence && before_core.trim().is_empty() && first > 0 {
            out.push(RoleFact {
                role: hit.role,
                name: None,
                missing: None,
                label: span(hit.start, hit.end),
                name_span: Some(span(hits[first - 1].start, hits[first - 1].end)),
                block: bi,
                shape: RoleShape::Sentence,
                refers_to: Some(hits[first - 1].role),
                site: None,
                tenure: None,
            });
            continue;
        }
        // the name must be the whole text before the label (after a bullet, a sentence
        // start or "and"), or, in a sentence, the name and a description of the person
        let mut lead =
            sentence_tail(before_core).trim_start_matches(|c: char| !c.is_alphanumeric());
        for joiner in ["and ", "while ", "whilst ", "but "] {
            if lead
                .get(..joiner.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(joiner))
            {
                lead = lead[joiner.len()..].trim_start();
            }
        }
        let lead_offset = prev_end + (before_core.len() - lead.len());
        if let Some((n, used)) = names::take_name(lead)
            && (lead[used..].trim().is_empty() || (sentence && APPOSITIVE.is_match(&lead[used..])))
        {
            out.push(RoleFact {
                role: hit.role,
                name: Some(n),
                missing: None,
                label: span(hit.start, hit.end),
                name_span: Some(span(lead_offset, lead_offset + used)),
                block: bi,
                shape: if sentence {
                    RoleShape::Sentence
                } else {
                    RoleShape::NameThenRole
                },
                site: None,
                refers_to: None,
                tenure: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Limits};
    use crate::source::SourceFile;

    /// A block's labels are found once per document; whether the labels' expression matched
    /// there is what searching the block for any match says, over every repository file and
    /// a label that is set aside.
    #[test]
    fn a_block_matches_the_labels_when_a_search_for_any_match_says_so() {
        assert!(labels_and_match("Contact the education welfare officer.").0);
        assert!(labels_in("Contact the education welfare officer.").is_empty());
        let mut matched = 0;
        for doc in crate::document::documents_in_repository(&[]) {
            for (bi, block) in doc.outline.blocks.iter().enumerate() {
                let any = LABELS_RE.regex.is_match(&block.plain);
                assert_eq!(doc.role_label_matched(bi), any, "{:?}", block.plain);
                matched += usize::from(any);
            }
        }
        assert!(matched > 500, "{matched}");
    }

    fn roles(text: &str) -> Vec<(Role, Option<String>, RoleShape)> {
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        doc.facts
            .roles
            .iter()
            .map(|f| (f.role, f.name.as_ref().map(|n| n.text.clone()), f.shape))
            .collect()
    }

    #[test]
    fn labels_prefer_the_specific_role() {
        let hits = labels_in("Deputy DSL and designated safeguarding lead and safeguarding lead");
        let got: Vec<_> = hits.iter().map(|h| h.role).collect();
        assert_eq!(
            got,
            vec![Role::DeputyDsl, Role::Dsl, Role::DesignatedPerson]
        );
    }

    #[test]
    fn two_column_key_people_table() {
        let r = roles(
            "| Key people | |\n|---|---|\n| Designated Safeguarding Lead (DSL) | Ruth Adebayo |\n| Deputy DSL | |\n| Online safety lead | TBC |\n",
        );
        assert!(r.contains(&(Role::Dsl, Some("Ruth Adebayo".into()), RoleShape::Table)));
        assert!(r.contains(&(Role::DeputyDsl, None, RoleShape::Table)));
        assert!(r.contains(&(Role::OnlineSafetyLead, None, RoleShape::Table)));
    }

    #[test]
    fn key_people_rows_without_a_table_header() {
        // no header or rule line, so Markdown reads these as a paragraph
        let r = roles(
            "| Designated safeguarding lead (DSL) | Ruth Adebayo, deputy headteacher |\n| Deputy DSL |  |\n| Prevent lead | Marcus Reid |\n",
        );
        assert!(r.contains(&(Role::Dsl, Some("Ruth Adebayo".into()), RoleShape::LabelLine)));
        assert!(r.contains(&(Role::DeputyDsl, None, RoleShape::LabelLine)));
        assert!(r.contains(&(
            Role::PreventLead,
            Some("Marcus Reid".into()),
            RoleShape::LabelLine
        )));
        // a row of three cells is not read as a label and its holder
        let r = roles("| DSL | Ruth Adebayo | Deputy DSL |\n");
        assert!(!r.iter().any(|(_, name, _)| name.is_some()));
    }

    #[test]
    fn label_run_together_with_name() {
        let r = roles(
            "| Role | |\n|---|---|\n| Senior leader responsible for filtering and monitoringRuth Adebayo | |\n",
        );
        assert!(
            r.iter().any(|(role, n, _)| *role == Role::FilteringSltLead
                && n.as_deref() == Some("Ruth Adebayo")),
            "{r:?}"
        );
    }

    #[test]
    fn lines_and_sentences() {
        let r = roles(
            "DSL – Mrs K Osei\n\nDDSL: Tom Ellery\n\nMrs J Jordan Deputy DSL\n\nHeadteacher: K. Rogers • E-Safety Coordinator: N Best\n\nThe governor who oversees safeguarding within the school is Priya Shah.\n\nRuth Adebayo is our designated safeguarding lead.\n",
        );
        assert!(
            r.contains(&(Role::Dsl, Some("Mrs K Osei".into()), RoleShape::LabelLine)),
            "{r:?}"
        );
        assert!(r.contains(&(
            Role::DeputyDsl,
            Some("Tom Ellery".into()),
            RoleShape::LabelLine
        )));
        assert!(r.contains(&(
            Role::DeputyDsl,
            Some("Mrs J Jordan".into()),
            RoleShape::NameThenRole
        )));
        assert!(r.contains(&(
            Role::OnlineSafetyLead,
            Some("N Best".into()),
            RoleShape::LabelLine
        )));
        assert!(r.contains(&(
            Role::SafeguardingGovernor,
            Some("Priya Shah".into()),
            RoleShape::Sentence
        )));
        assert!(r.contains(&(Role::Dsl, Some("Ruth Adebayo".into()), RoleShape::Sentence)));
    }

    #[test]
    fn a_name_in_apposition() {
        let r = roles(
            "In this school the safeguarding lead is the designated safeguarding lead (DSL), Grace Mensah. Tell the DSL, Mrs K Osei, straight away.\n",
        );
        assert!(
            r.contains(&(Role::Dsl, Some("Grace Mensah".into()), RoleShape::Sentence)),
            "{r:?}"
        );
        assert!(
            r.contains(&(Role::Dsl, Some("Mrs K Osei".into()), RoleShape::Sentence)),
            "{r:?}"
        );
        // a list of other people is not a name
        let r = roles(
            "Report to the DSL, Head of Year or form tutor. The DSL, Prevent lead and SENCO meet termly.\n",
        );
        assert!(r.iter().all(|(_, n, _)| n.is_none()), "{r:?}");
    }

    #[test]
    fn a_former_holder_is_not_named_and_an_acting_one_is() {
        for past in [
            "The former DSL, Mr Tom Brown, has retired.\n",
            "Our previous DSL (Mrs Jane Smith) left in 2023.\n",
            "Previous DSL: Mrs Jane Smith\n",
            "Our ex-DSL is Mrs Jane Smith.\n",
            "Mrs Jane Smith, our former designated safeguarding lead\n",
            "| Role | Name |\n|---|---|\n| Former DSL | Mrs Jane Smith |\n",
        ] {
            let r = roles(past);
            assert!(r.iter().all(|(_, n, _)| n.is_none()), "{past:?}: {r:?}");
        }
        for now in [
            "Interim DSL: Mrs Jane Smith\n",
            "Acting DSL: Mrs Jane Smith\n",
            "Our acting DSL is Mrs Jane Smith.\n",
        ] {
            let r = roles(now);
            assert!(
                r.contains(&(
                    Role::Dsl,
                    Some("Mrs Jane Smith".into()),
                    RoleShape::LabelLine
                )) || r.contains(&(
                    Role::Dsl,
                    Some("Mrs Jane Smith".into()),
                    RoleShape::Sentence
                )),
                "{now:?}: {r:?}"
            );
        }
    }

    #[test]
    fn role_mentions_without_names_are_not_named_people() {
        let r = roles(
            "The DSL is responsible for online safety.\n\nAll staff report concerns to the DSL.\n\nDSL:\n",
        );
        assert!(r.iter().all(|(_, n, _)| n.is_none()), "{r:?}");
    }

    #[test]
    fn a_role_held_by_the_holder_of_another() {
        let doc = Document::build(
            SourceFile::new(
                "p.md",
                "Prevent lead: the DSL\n\nThe DSL is our online safety lead.\n",
                false,
            ),
            Limits::default(),
        )
        .unwrap();
        let refs: Vec<(Role, Option<Role>)> = doc
            .facts
            .roles
            .iter()
            .map(|f| (f.role, f.refers_to))
            .collect();
        assert!(
            refs.contains(&(Role::PreventLead, Some(Role::Dsl))),
            "{refs:?}"
        );
        assert!(
            refs.contains(&(Role::OnlineSafetyLead, Some(Role::Dsl))),
            "{refs:?}"
        );
    }

    #[test]
    fn one_column_per_school() {
        let r = roles(
            "| Role | Oak Primary | Ash Infants |\n|---|---|---|\n| DSL | Ruth Adebayo | |\n",
        );
        assert!(r.contains(&(
            Role::Dsl,
            Some("Ruth Adebayo".into()),
            RoleShape::MultiSiteTable
        )));
        assert!(r.contains(&(Role::Dsl, None, RoleShape::MultiSiteTable)));
    }

    #[test]
    fn a_name_in_brackets_after_the_role() {
        let r = roles(
            "The DSL (Mr Idris Vaughan) is trained in online safety.\n\nThe DSL (Deputy Headteacher) leads.\n\nThe Prevent lead (TBC) will be named.\n",
        );
        assert!(
            r.contains(&(
                Role::Dsl,
                Some("Mr Idris Vaughan".into()),
                RoleShape::Bracketed
            )),
            "{r:?}"
        );
        // a job title or a placeholder in brackets names no one
        assert_eq!(r.iter().filter(|(_, n, _)| n.is_some()).count(), 1, "{r:?}");
    }

    #[test]
    fn sentences_that_name_the_holder_first() {
        let r = roles(
            "Governors approve this policy. Mrs Gwen Tallis has taken on the role of online safety governor.\n\nMrs Anwen Rees, the headteacher, is the senior leader with responsibility for filtering and monitoring, and Mrs Gwen Tallis is the governor responsible for filtering and monitoring.\n",
        );
        for (role, name) in [
            (Role::SafeguardingGovernor, "Mrs Gwen Tallis"),
            (Role::FilteringSltLead, "Mrs Anwen Rees"),
            (Role::FilteringGovernor, "Mrs Gwen Tallis"),
        ] {
            assert!(
                r.contains(&(role, Some(name.into()), RoleShape::Sentence)),
                "{role:?}: {r:?}"
            );
        }
        // a job title where the name belongs, and a sentence that only mentions the role
        let r = roles(
            "The headteacher has taken on the role of online safety governor.\n\nStaff, governors and visitors are the safeguarding governor's concern.\n",
        );
        assert!(r.iter().all(|(_, n, _)| n.is_none()), "{r:?}");
    }

    #[test]
    fn labels_joined_for_one_person_share_the_name() {
        let r = roles(
            "Child Protection Co-ordinator / Designated Senior Person: Mr G Hale\n\nDSL and Prevent lead: Mrs K Osei\n\nE-Safety Governor: Mr R Ashworth\n",
        );
        for (role, name) in [
            (Role::DesignatedPerson, "Mr G Hale"),
            (Role::Dsl, "Mr G Hale"),
            (Role::Dsl, "Mrs K Osei"),
            (Role::PreventLead, "Mrs K Osei"),
            (Role::SafeguardingGovernor, "Mr R Ashworth"),
        ] {
            assert!(
                r.contains(&(role, Some(name.into()), RoleShape::LabelLine)),
                "{role:?} {name}: {r:?}"
            );
        }
        // joined labels with a placeholder name no one
        let r = roles("DSL / Prevent lead: TBC\n");
        assert!(
            r.iter().all(|(_, n, _)| n.is_none()) && r.len() == 2,
            "{r:?}"
        );
    }

    #[test]
    fn a_role_line_then_a_name_line() {
        let r = roles(
            "**Contact details**\n\nClub Welfare Officer (designated safeguarding officer)\n\nName: Priya Lomax\n\nPhone: 07700 900418\n\nOnline safety co-ordinator\nName: Dev Mahone\n",
        );
        assert!(
            r.contains(&(
                Role::DesignatedPerson,
                Some("Priya Lomax".into()),
                RoleShape::LabelLine
            )),
            "{r:?}"
        );
        assert!(
            r.contains(&(
                Role::OnlineSafetyLead,
                Some("Dev Mahone".into()),
                RoleShape::LabelLine
            )),
            "{r:?}"
        );
        // the template left blank, "vacant", "N/A", or a job title: no one is named
        for blank in [
            "Name:",
            "Name: vacant",
            "Name: N/A",
            "Name: Headteacher",
            "Name: TBC",
        ] {
            let r = roles(&format!("Club Welfare Officer\n\n{blank}\n"));
            assert!(
                r.iter().all(|(_, n, _)| n.is_none())
                    && r.contains(&(Role::DesignatedPerson, None, RoleShape::LabelLine)),
                "{blank}: {r:?}"
            );
        }
        // a line that says more than the role is not a contact heading
        let r = roles("Our club welfare officer keeps records.\n\nName: Priya Lomax\n");
        assert!(r.iter().all(|(_, n, _)| n.is_none()), "{r:?}");
    }

    #[test]
    fn an_education_welfare_officer_is_not_the_designated_person() {
        let r =
            roles("Education Welfare Officer: Mr T Barnes\n\nClub Welfare Officer: Ms J Dale\n");
        assert!(
            !r.iter()
                .any(|(_, n, _)| n.as_deref() == Some("Mr T Barnes")),
            "{r:?}"
        );
        assert!(r.contains(&(
            Role::DesignatedPerson,
            Some("Ms J Dale".into()),
            RoleShape::LabelLine
        )));
    }

    #[test]
    fn a_holder_who_has_left_is_not_named() {
        for gone in [
            "| Role | Name |\n|---|---|\n| DSL | Mrs Jane Smith (left July 2026) |\n",
            "| Role | Name |\n|---|---|\n| DSL | **Mrs Jane Smith** (has now left) |\n",
            "DSL: Mrs Jane Smith – retired 2025\n",
            "Our DSL is Mrs Jane Smith, who resigned in the summer.\n",
            "The DSL (Mrs Jane Smith, no longer in post) leads on safeguarding.\n",
            "| Role | Name |\n|---|---|\n| DSL | ~~Mrs Jane Smith~~ |\n",
            "Mrs Jane Smith DSL (left 2025)\n",
        ] {
            let r = roles(gone);
            assert!(r.iter().all(|(_, n, _)| n.is_none()), "{gone:?}: {r:?}");
        }
        // a name in the next sentence is not the departed holder's successor
        let r = roles("DSL: Mrs Jane Smith, who left in July. Our deputy DSL is Mr Omar Shah.\n");
        assert!(
            r.iter()
                .all(|(role, n, _)| *role != Role::Dsl || n.is_none()),
            "{r:?}"
        );
        // the one named after a departed holder is the holder; words that only look like a
        // departure, and a departure written after something else, leave the name alone
        for (text, want) in [
            (
                "| Role | Name |\n|---|---|\n| DSL | Mrs Jane Smith (left July 2026), now Mr Omar Shah |\n",
                "Mr Omar Shah",
            ),
            (
                "| Role | Name |\n|---|---|\n| DSL | ~~Mrs Jane Smith~~ Mr Omar Shah |\n",
                "Mr Omar Shah",
            ),
            (
                "| Role | Name |\n|---|---|\n| DSL | Mrs Jane Smith | Left-hand office, first floor |\n",
                "Mrs Jane Smith",
            ),
            (
                "DSL: Mrs Jane Smith (Headteacher); the deputy left in July.\n",
                "Mrs Jane Smith",
            ),
            (
                "DSL: Mrs Jane Smith (left July 2026), now Mr. O. Shah\n",
                "Mr. O. Shah",
            ),
        ] {
            let r = roles(text);
            assert!(
                r.iter()
                    .any(|(role, n, _)| *role == Role::Dsl && n.as_deref() == Some(want)),
                "{text:?}: {r:?}"
            );
        }
    }

    #[test]
    fn a_name_alone_under_a_role_label_names_the_holder() {
        for text in [
            "**Designated Safeguarding Lead**\nMrs Jane Patel\nDeputy Headteacher\n",
            "**DSL:**\nMrs Jane Patel\n",
            "## Designated safeguarding lead\n\nMrs Jane Patel, Deputy Head, 020 7946 0000\n",
            "Designated safeguarding lead<br>Mrs Jane Patel<br>Headteacher\n",
            "The Designated Safeguarding Lead is:\n\nMrs Jane Patel\n",
            "Our DSL is:\nMrs Jane Patel, Deputy Head\n",
        ] {
            let r = roles(text);
            assert!(
                r.contains(&(
                    Role::Dsl,
                    Some("Mrs Jane Patel".into()),
                    RoleShape::LabelLine
                )),
                "{text:?}: {r:?}"
            );
        }
        // a sentence that opens with a name, and details naming a role of their own, are not
        for text in [
            "## Designated safeguarding lead\n\nMrs Jane Patel leads on safeguarding.\n",
            "## DSL\n\nMr Tom Brown, the previous DSL, retired\n",
            "## DSL\n\nMr Tom Brown, our Prevent lead\n",
        ] {
            let r = roles(text);
            assert!(
                r.iter()
                    .all(|(role, n, _)| *role != Role::Dsl || n.is_none()),
                "{text:?}: {r:?}"
            );
        }
    }

    #[test]
    fn a_slot_with_only_a_crossed_out_name_says_so() {
        for text in [
            "| Role | Name |\n|---|---|\n| DSL | ~~Mrs Jane Smith~~ |\n",
            "| Role | Name |\n|---|---|\n| DSL | <del>Mrs Jane Smith</del> |\n",
        ] {
            let doc =
                Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
            let f = &doc.facts.roles[0];
            assert_eq!(f.missing, Some(NotAName::CrossedOut), "{text}");
        }
        let doc = Document::build(
            SourceFile::new("p.md", "| Role | Name |\n|---|---|\n| DSL | |\n", false),
            Limits::default(),
        )
        .unwrap();
        assert_eq!(doc.facts.roles[0].missing, Some(NotAName::Empty));
    }

    #[test]
    fn a_holder_until_a_date_keeps_the_name_and_the_date() {
        let doc = Document::build(
            SourceFile::new(
                "p.md",
                "DSL: Mrs Jane Smith (until the end of August 2026)\n\nDeputy DSL: Mr Omar Shah (until a new deputy is appointed)\n",
                false,
            ),
            Limits::default(),
        )
        .unwrap();
        let dsl = doc
            .facts
            .roles
            .iter()
            .find(|f| f.role == Role::Dsl)
            .unwrap();
        assert_eq!(dsl.name.as_ref().unwrap().text, "Mrs Jane Smith");
        let tenure = dsl.tenure.as_ref().unwrap();
        assert_eq!(tenure.said, "until the end of August 2026");
        assert_eq!(tenure.range.end, jiff::civil::date(2026, 8, 31));
        assert!(!tenure.starts);
        let deputy = doc
            .facts
            .roles
            .iter()
            .find(|f| f.role == Role::DeputyDsl)
            .unwrap();
        assert!(
            deputy.name.is_some() && deputy.tenure.is_none(),
            "{deputy:?}"
        );
    }

    #[test]
    fn a_holder_from_a_date_keeps_the_name_and_when_they_start() {
        let doc = Document::build(
            SourceFile::new(
                "p.md",
                "Prevent lead: Leila Haddad (with effect from 5 January 2027)\n\nDSL: Mr Omar Shah, from Riverside Trust\n",
                false,
            ),
            Limits::default(),
        )
        .unwrap();
        let of = |role| doc.facts.roles.iter().find(|f| f.role == role).unwrap();
        let prevent = of(Role::PreventLead);
        let tenure = prevent.tenure.as_ref().unwrap();
        assert!(prevent.name.is_some() && tenure.starts, "{prevent:?}");
        assert_eq!(tenure.said, "with effect from 5 January 2027");
        assert_eq!(tenure.range.start, jiff::civil::date(2027, 1, 5));
        // "from" an organisation bounds nothing
        assert!(of(Role::Dsl).tenure.is_none());
    }

    #[test]
    fn the_departure_date_may_come_a_few_words_after_until() {
        assert_eq!(
            date_within(" her retirement in July 2026, when Mr Shah takes over")
                .map(|(r, used)| (r.end, used)),
            Some((jiff::civil::date(2026, 7, 31), 28))
        );
        // not past the bracket, clause or sentence that holds it
        assert_eq!(date_within(" further notice). Reviewed 1 July 2026"), None);
        assert_eq!(date_within(" a new deputy is appointed; see 2027"), None);
    }

    #[test]
    fn a_company_names_the_it_provider() {
        let r = roles(
            "| Role | Name |\n|---|---|\n| IT service provider | Northgate IT Services |\n| Network manager | TBC |\n",
        );
        assert!(
            r.contains(&(
                Role::ItProvider,
                Some("Northgate IT Services".into()),
                RoleShape::Table
            )),
            "{r:?}"
        );
        assert!(
            r.contains(&(Role::ItProvider, None, RoleShape::Table)),
            "{r:?}"
        );
    }
}
