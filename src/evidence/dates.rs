//! Dates in the forms real policies use — 15/09/2025, 23/1/24, 1st September 2025, Sept 2025,
//! Jan 25, Spring 2027, Summer term 2024, 2025-26 — with what they date (approval, last
//! review, next review, training, the filtering review), found in metadata blocks, tables and
//! sentences.
//!
//! A written date is a range: "Spring 2027" is any day from January to April 2027. Checks
//! take the end that makes a pass hardest to earn, so a vague date never passes by luck.

use std::sync::LazyLock;

use crate::phrases::CaptureRegex;
use jiff::civil::Date;

use crate::document::{Block, BlockKind, Document};
use crate::source::Span;

/// What a date is the date of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateWhat {
    Approved,
    Reviewed,
    NextReview,
    FilteringReview,
    StaffTraining,
    DslTraining,
    GovernorTraining,
}

impl DateWhat {
    /// Whether the date is of something done (an approval, a review, training), which
    /// cannot lie after today, rather than something due.
    pub fn has_happened(self) -> bool {
        self != DateWhat::NextReview
    }

    pub fn describe(self) -> &'static str {
        match self {
            DateWhat::Approved => "approval date",
            DateWhat::Reviewed => "date of the last review",
            DateWhat::NextReview => "next review date",
            DateWhat::FilteringReview => "date of the last filtering and monitoring review",
            DateWhat::StaffTraining => "date of the last staff training",
            DateWhat::DslTraining => "date of the DSL's last training",
            DateWhat::GovernorTraining => "date of the last governor training",
        }
    }

    /// The front-matter path holding this date.
    pub fn fm_path(self) -> &'static str {
        match self {
            DateWhat::Approved => "policy.approved_on",
            DateWhat::Reviewed => "policy.reviewed_on",
            DateWhat::NextReview => "policy.next_review",
            DateWhat::FilteringReview => "filtering.last_review",
            DateWhat::StaffTraining => "training.staff_last",
            DateWhat::DslTraining => "training.dsl_last",
            DateWhat::GovernorTraining => "training.governors_last",
        }
    }

    pub fn from_name(name: &str) -> Option<DateWhat> {
        Some(match name {
            "approved" => DateWhat::Approved,
            "reviewed" => DateWhat::Reviewed,
            "next_review" => DateWhat::NextReview,
            "filtering_review" => DateWhat::FilteringReview,
            "staff_training" => DateWhat::StaffTraining,
            "dsl_training" => DateWhat::DslTraining,
            "governor_training" => DateWhat::GovernorTraining,
            _ => return None,
        })
    }
}

/// The days a written date could mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub start: Date,
    pub end: Date,
}

impl DateRange {
    pub fn day(d: Date) -> Self {
        DateRange { start: d, end: d }
    }

    pub fn is_exact(&self) -> bool {
        self.start == self.end
    }
}

/// A date found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateFact {
    pub what: DateWhat,
    /// The date, or the text that could not be read as one.
    pub value: Result<DateRange, String>,
    /// The date as written.
    pub text: String,
    /// Words right after the date saying that what it dates has not happened or is not
    /// final: "draft" of "Last reviewed: 1 September 2026 (draft)" (see [`not_final_after`]).
    pub not_final: Option<String>,
    pub span: Span,
    pub label: Span,
    pub block: usize,
}

/// How often the policy says it is reviewed: "We review this statement every year", "This
/// policy is reviewed every two years". With the date of the last review it gives the next.
#[derive(Debug, Clone)]
pub struct ReviewCycle {
    pub months: u32,
    /// The words that say it ("every year").
    pub text: String,
    pub span: Span,
    pub block: usize,
}

static CYCLE: LazyLock<CaptureRegex> = LazyLock::new(|| {
    CaptureRegex::new(
        r"(?i)\b(?:(?:this|the|our)\s+(?:policy|statement|document)\b[^.;:]{0,60}?\b(?:is|will be|are|should be|must be)\s+reviewed|(?:we|the\s+\w+|they)\s+(?:will\s+)?review(?:s)?\s+(?:this|the|our)\s+(?:policy|statement|document))\s+(?:at least\s+)?(?:once\s+)?(annually|every year|each year|yearly|once a year|every (?:twelve|12) months|every (?:two|2) years|every other year|every (?:three|3) years)\b",
    )
    .unwrap()
});

/// Every labelled date in the document, and the review cycle it states if it states one:
/// the words both look for ([`GATE_WORDS`]) found once.
pub fn find(doc: &Document) -> (Vec<DateFact>, Option<ReviewCycle>) {
    let words = gate_words(doc);
    (labelled(doc, &words), cycle_in(doc, Some(&words)))
}

/// The review cycle the policy states. With `words` (the document's [`GATE_WORDS`]), only
/// blocks holding "review", which every statement of a cycle does, are searched; without,
/// every block.
fn cycle_in(doc: &Document, words: Option<&[GateWord]>) -> Option<ReviewCycle> {
    let reviewed: Option<Vec<bool>> = words.map(|words| {
        let mut held = vec![false; doc.outline.blocks.len()];
        for &(block, _, bit) in words {
            if bit == REVIEW_BIT {
                held[block] = true;
            }
        }
        held
    });
    for (bi, block) in doc.outline.blocks.iter().enumerate() {
        if block.unticked
            || doc.sentences[bi].note
            || reviewed.as_ref().is_some_and(|held| !held[bi])
        {
            continue;
        }
        if let Some(c) = CYCLE.captures(&block.plain) {
            let m = c.get(1).unwrap();
            let lower = m.as_str().to_lowercase();
            let months = match lower.as_str() {
                "every two years" | "every 2 years" | "every other year" => 24,
                "every three years" | "every 3 years" => 36,
                _ => 12,
            };
            return Some(ReviewCycle {
                months,
                text: m.as_str().to_string(),
                span: block.span_of(c.get(0).unwrap().range()),
                block: bi,
            });
        }
    }
    None
}

const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, n)| *n)
}

fn year_of(text: &str) -> Option<i16> {
    let y: i16 = text.parse().ok()?;
    match text.len() {
        2 => Some(2000 + y),
        4 if (1990..=2100).contains(&y) => Some(y),
        _ => None,
    }
}

fn last_day(year: i16, month: i8) -> Option<Date> {
    Some(Date::new(year, month, 1).ok()?.last_of_month())
}

/// The date forms, tried in order; each regex is anchored at the start of the text it reads.
/// Builds a date range from a date form's captures.
type DateForm = fn(&crate::phrases::Caps) -> Option<DateRange>;

static DATE_FORMS: LazyLock<Vec<(CaptureRegex, DateForm)>> = LazyLock::new(|| {
    let m = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
    let forms: Vec<(String, DateForm)> = vec![
        // 2025-09-15
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})\b".into(), |c| {
            let d = Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).ok()?;
            Some(DateRange::day(d))
        }),
        // 2025-26, 2025/26, 2025/2026: an academic year
        (r"^(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\b".into(), |c| {
            let a: i16 = c[1].parse().ok()?;
            let b = year_of(&c[2])?;
            if b != a + 1 {
                return None;
            }
            Some(DateRange {
                start: Date::new(a, 9, 1).ok()?,
                end: Date::new(b, 8, 31).ok()?,
            })
        }),
        // 15/09/2025, 23/1/24, 15.09.2025, 15-09-2025 (UK: day first)
        (
            r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b".into(),
            |c| {
                let d = Date::new(year_of(&c[3])?, c[2].parse().ok()?, c[1].parse().ok()?).ok()?;
                Some(DateRange::day(d))
            },
        ),
        // 09/2026, 9.2026: a month (document-control tables)
        (r"^(\d{1,2})[/.\-](\d{4})\b".into(), |c| {
            let y = year_of(&c[2])?;
            let mo: i8 = c[1].parse().ok()?;
            Some(DateRange {
                start: Date::new(y, mo, 1).ok()?,
                end: last_day(y, mo)?,
            })
        }),
        // 1st September 2025, 1 Sept 25
        (
            format!(r"(?i)^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m}),?\s+(\d{{4}}|\d{{2}})\b"),
            |c| {
                let d =
                    Date::new(year_of(&c[3])?, month_number(&c[2])?, c[1].parse().ok()?).ok()?;
                Some(DateRange::day(d))
            },
        ),
        // September 1st, 2025
        (
            format!(r"(?i)^({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"),
            |c| {
                let d =
                    Date::new(year_of(&c[3])?, month_number(&c[1])?, c[2].parse().ok()?).ok()?;
                Some(DateRange::day(d))
            },
        ),
        // September 2025, Sept 2025, Jan 25
        (format!(r"(?i)^({m}),?\s+(\d{{4}}|\d{{2}})\b"), |c| {
            let y = year_of(&c[2])?;
            let mo = month_number(&c[1])?;
            Some(DateRange {
                start: Date::new(y, mo, 1).ok()?,
                end: last_day(y, mo)?,
            })
        }),
        // Spring 2027, Summer term 2024, Autumn Term 2025
        (
            r"(?i)^(spring|summer|autumn|fall|winter)(?:\s+term)?,?\s+(\d{4}|\d{2})\b".into(),
            |c| {
                let y = year_of(&c[2])?;
                let (s, e) = match c[1].to_lowercase().as_str() {
                    "spring" => ((1, 1), (4, 30)),
                    "summer" => ((4, 1), (8, 31)),
                    "autumn" | "fall" => ((9, 1), (12, 31)),
                    _ => ((12, 1), (12, 31)),
                };
                Some(DateRange {
                    start: Date::new(y, s.0, s.1).ok()?,
                    end: Date::new(y, e.0, e.1).ok()?,
                })
            },
        ),
        // a bare year
        (r"^(\d{4})\b".into(), |c| {
            let y = year_of(&c[1])?;
            Some(DateRange {
                start: Date::new(y, 1, 1).ok()?,
                end: Date::new(y, 12, 31).ok()?,
            })
        }),
    ];
    forms
        .into_iter()
        .map(|(p, f)| (CaptureRegex::new(&p).expect("date form compiles"), f))
        .collect()
});

/// Read a date at the start of `text`: the range and the length of text used.
pub fn parse_date_prefix(text: &str) -> Option<(DateRange, usize)> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    for (re, build) in DATE_FORMS.iter() {
        if let Some(c) = re.captures(t) {
            if let Some(r) = build(&c) {
                return Some((r, lead + c.get(0).unwrap().end()));
            }
            // a form matched but named an impossible day: do not try looser forms
            if c.get(0)
                .unwrap()
                .as_str()
                .chars()
                .filter(|c| c.is_ascii_digit())
                .count()
                >= 6
            {
                return None;
            }
        }
    }
    None
}

/// Read a whole value as a date ("15/09/2025", "Spring term 2027").
pub fn parse_date(text: &str) -> Option<DateRange> {
    let t = text.trim().trim_end_matches('.');
    let (r, used) = parse_date_prefix(t)?;
    t[used..].trim().is_empty().then_some(r)
}

/// Labels that introduce a date, most specific first, each with the words ([`GATE_WORDS`])
/// one of which every match of it holds: a line holding none of them is not searched for it.
static LABELS: LazyLock<Vec<(CaptureRegex, DateWhat, u16)>> = LazyLock::new(|| {
    let l: &[(&str, DateWhat, &[&str])] = &[
        (
            r"(?i)(?:date of )?(?:the )?next (?:full )?review(?: date)?(?: due)?(?: by| on| in| date)?|review due(?: by| on| in)?|(?:date )?to be reviewed(?: by| on| in| before)?|next due(?: for review)?|will (?:next )?be reviewed (?:by|on|in|before|no later than)|^review date|renewal date",
            DateWhat::NextReview,
            &["review", "renewal", "next due"],
        ),
        (
            r"(?i)(?:filtering(?: and monitoring)?|f&m)(?: provision| systems?| arrangements)?(?: (?:was|were|is|are|has been|have been))?(?: last)? review(?:ed)?(?: on| in)?|(?:last |annual )?(?:review of )?filtering and monitoring (?:review(?:ed)?|checked)(?: on| in)?",
            DateWhat::FilteringReview,
            &["review", "chec"],
        ),
        (
            r"(?i)(?:DSL|designated safeguarding lead)(?:'s|’s)? (?:last |most recent )?training(?: (?:was )?(?:completed|updated|attended))?(?: on| in)?",
            DateWhat::DslTraining,
            &["training"],
        ),
        (
            r"(?i)governors?(?:'|’)?(?:s)? (?:last |most recent )?(?:safeguarding |online safety )?training(?: (?:was )?(?:completed|held|delivered))?(?: on| in)?",
            DateWhat::GovernorTraining,
            &["training"],
        ),
        (
            r"(?i)(?:whole[- ]school |all[- ]staff |staff )(?:safeguarding (?:and online safety )?|online safety )?training(?: (?:was )?(?:last )?(?:completed|held|delivered|took place))?(?: on| in)?",
            DateWhat::StaffTraining,
            &["training"],
        ),
        (
            r"(?i)(?:date )?(?:of )?(?:last |most recent )?review(?:ed)?(?: date)?(?: on| in)?|last reviewed(?: on| in)?|reviewed and updated(?: on| in)?|most recently(?: reviewed)?(?: on| in)?",
            DateWhat::Reviewed,
            &["review"],
        ),
        (
            r"(?i)(?:date )?(?:of )?(?:approv(?:ed|al)|ratified|adopted|agreed)(?: by [^:;|.]{1,60}? (?:on|in)\b| by [^:;|.]{1,60}?:| by [^:;|.–—]{1,60}?\s[–—]| on| in| date)?",
            DateWhat::Approved,
            &["approv", "ratified", "adopted", "agreed"],
        ),
    ];
    l.iter()
        .map(|(p, w, gate)| {
            let mask = gate.iter().fold(0u16, |mask, word| {
                let bit = GATE_WORDS.iter().position(|g| g == word);
                mask | 1 << bit.expect("a gate word is one of GATE_WORDS")
            });
            (CaptureRegex::new(p).expect("date label compiles"), *w, mask)
        })
        .collect()
});

/// Words one of which every date label holds.
const LABEL_WORDS: [&str; 8] = [
    "review", "approv", "ratified", "adopted", "agreed", "training", "renewal", "next due",
];

/// The [`LABEL_WORDS`] and then "chec", which the filtering label "filtering and
/// monitoring checked" holds in place of one: the words a line is searched for before any
/// label's expression is run over it (see [`LABELS`]). No word begins with the end of
/// another, so none can hide a different one.
const GATE_WORDS: [&str; 9] = [
    "review", "approv", "ratified", "adopted", "agreed", "training", "renewal", "next due", "chec",
];

static GATE_WORDS_AC: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(GATE_WORDS)
        .expect("label words compile")
});

/// Where a [`GATE_WORDS`] word occurs: its block, its offset in the block's text, and its
/// bit (`1 << index`).
type GateWord = (usize, usize, u16);

/// Every [`GATE_WORDS`] word in the document, in any case, in order: one pass over the
/// document's text in lowercase (no word holds a line break, so none spans two blocks or
/// lines) rather than a search of every line. Ignoring case by Unicode's rules would change
/// nothing here: none of these letters has a case partner outside ASCII.
fn gate_words(doc: &Document) -> Vec<GateWord> {
    GATE_WORDS_AC
        .find_iter(&doc.lowered_text)
        .map(|m| {
            let (block, offset) = doc.locate(m.start());
            (block, offset, 1 << m.pattern().as_usize())
        })
        .collect()
}

/// The bit of "review", the first of the [`GATE_WORDS`].
const REVIEW_BIT: u16 = 1;

/// Bits of the [`LABEL_WORDS`] among the [`GATE_WORDS`]: a block holding none of them is
/// not searched for labels at all.
const LABEL_WORD_BITS: u16 = (1 << LABEL_WORDS.len()) - 1;

/// Of each block, whether it holds one of the [`LABEL_WORDS`].
fn blocks_with_label_words(doc: &Document, words: &[GateWord]) -> Vec<bool> {
    let mut out = vec![false; doc.outline.blocks.len()];
    for &(block, _, bit) in words {
        if bit & LABEL_WORD_BITS != 0
            && let Some(held) = out.get_mut(block)
        {
            *held = true;
        }
    }
    out
}

/// Every labelled date in the document, given its [`GATE_WORDS`].
fn labelled(doc: &Document, words: &[GateWord]) -> Vec<DateFact> {
    let mut out = Vec::new();
    for table in &doc.outline.tables {
        // Version-history tables: a header row of labels, then rows of dates.
        let header: Vec<Option<DateWhat>> = table
            .rows
            .first()
            .map(|r| r.cells.iter().map(|c| label_what(&c.text)).collect())
            .unwrap_or_default();
        let header_is_labels = header.iter().filter(|w| w.is_some()).count() >= 2;
        let mut pending: Option<(DateWhat, Span)> = None;
        for (ri, row) in table.rows.iter().enumerate() {
            if header_is_labels {
                if ri == 0 {
                    continue;
                }
                for (ci, cell) in row.cells.iter().enumerate() {
                    if let Some(Some(what)) = header.get(ci) {
                        let label = table.rows[0].cells[ci].span.clone();
                        push_value(
                            &mut out,
                            *what,
                            &cell.text,
                            cell.span.clone(),
                            label,
                            row.block,
                        );
                    }
                }
                continue;
            }
            // Label/value rows: "Date of next review | September 2026".
            if let (Some((what, label)), Some(first), Some(value)) =
                (pending.take(), row.cells.first(), row.cells.get(1))
                && continues_row(&first.text)
            {
                push_value(
                    &mut out,
                    what,
                    &value.text,
                    value.span.clone(),
                    label,
                    row.block,
                );
                continue;
            }
            for (ci, cell) in row.cells.iter().enumerate() {
                let Some(what) = label_what(&cell.text) else {
                    continue;
                };
                // the date may follow the label in the same cell
                if let Some(v) = value_after_label(&cell.text)
                    && parse_date_prefix(v).is_some()
                {
                    push_value(
                        &mut out,
                        what,
                        v,
                        cell.span.clone(),
                        cell.span.clone(),
                        row.block,
                    );
                    break;
                }
                if let Some(next) = row.cells.get(ci + 1) {
                    let before = out.len();
                    push_value(
                        &mut out,
                        what,
                        &next.text,
                        next.span.clone(),
                        cell.span.clone(),
                        row.block,
                    );
                    // no date here ("adopted by | the committee"): the next row may give it
                    if out.len() == before {
                        pending = Some((what, cell.span.clone()));
                    }
                }
                break;
            }
        }
    }
    let labelled = blocks_with_label_words(doc, words);
    let mut rest: &[GateWord] = words;
    for (bi, block) in doc.outline.blocks.iter().enumerate() {
        let before = rest.iter().take_while(|w| w.0 < bi).count();
        rest = &rest[before..];
        let here = rest.iter().take_while(|w| w.0 == bi).count();
        let (in_block, after) = rest.split_at(here);
        rest = after;
        // a checklist item not ticked ("- [ ] Last reviewed: 1 September 2026") is not yet so
        if block.kind == BlockKind::TableRow
            || block.unticked
            || doc.sentences[bi].note
            || !labelled[bi]
        {
            continue;
        }
        from_block(bi, block, Some(in_block), &mut out);
    }
    out.sort_by_key(|d| (d.span.start, d.what));
    out.dedup_by(|a, b| a.span == b.span && a.what == b.what);
    out
}

/// "Date this policy was reviewed (and by whom)", "This policy was adopted by": the words
/// before the label proper.
static LABEL_PREAMBLE: LazyLock<CaptureRegex> = LazyLock::new(|| {
    CaptureRegex::new(r"(?i)^(?:date\s+)?(?:this|the)\s+(?:policy|statement|document)\s+(?:was|is|will be|has been)\s+(?:last\s+)?").unwrap()
});

/// Whether `text` is a label that introduces a date ("Next review", "Staff training").
pub fn is_label(text: &str) -> bool {
    label_what(text).is_some()
}

fn label_what(text: &str) -> Option<DateWhat> {
    let mut t = text.trim();
    // a long label cell ends with the label: "… or sooner after a serious incident. The
    // next review date will be:"
    if t.split_whitespace().count() > 12
        && let Some(i) = t.trim_end_matches(['.', ':']).rfind(". ")
    {
        t = t[i + 2..].trim();
    }
    if t.split_whitespace().count() > 12 {
        return None;
    }
    let t = match LABEL_PREAMBLE.find(t) {
        Some(m) if m.end() < t.len() => &t[m.end()..],
        _ => t,
    };
    let what = LABELS
        .iter()
        .find(|(re, _, _)| re.find(t).is_some_and(|m| m.start() <= 12))
        .map(|(_, w, _)| *w)?;
    // "Next filtering and monitoring review" is when it is due, not when it was done
    if what == DateWhat::FilteringReview && t.to_lowercase().starts_with("next") {
        return None;
    }
    Some(what)
}

/// A row that only says "On" or "Date" continues the row before it: "This policy was
/// adopted by | Little Wrens Pre-School" then "On | 3 March 2025".
fn continues_row(label: &str) -> bool {
    matches!(
        label
            .trim()
            .trim_end_matches(':')
            .trim()
            .to_lowercase()
            .as_str(),
        "on" | "date" | "dated" | "on (date)" | "date (on)"
    )
}

fn value_after_label(text: &str) -> Option<&str> {
    let i = text.find([':', '–', '—'])?;
    let sep_len = text[i..].chars().next()?.len_utf8();
    Some(text[i + sep_len..].trim())
}

fn push_value(
    out: &mut Vec<DateFact>,
    what: DateWhat,
    value: &str,
    span: Span,
    label: Span,
    block: usize,
) {
    let v = value.trim().trim_matches('*').trim();
    if v.is_empty() {
        return;
    }
    let read = parse_date_prefix(v);
    let not_final = read.and_then(|(_, used)| not_final_after(&v[used..]));
    let parsed = read.map(|(r, _)| r);
    // A value with no digits and no date words is not an attempt at a date ("Full governing
    // board"); one with them that fails to parse is reported as unreadable.
    let looks_like_date = v.chars().any(|c| c.is_ascii_digit())
        || v.split_whitespace().any(|w| month_number(w).is_some())
        || v.to_lowercase().contains("term")
        || v.to_lowercase().starts_with("next ");
    if parsed.is_none() && !looks_like_date {
        return;
    }
    out.push(DateFact {
        what,
        value: parsed.ok_or_else(|| v.to_string()),
        // the date alone when words after it are reported on their own
        text: match (read, &not_final) {
            (Some((_, used)), Some(_)) => v[..used].trim().to_string(),
            _ => v.to_string(),
        },
        not_final,
        span,
        label,
        block,
    });
}

/// The labelled dates of one block. With `words` (the block's [`GATE_WORDS`]), a label's
/// expression runs only over lines holding one of its words; without, over every line.
fn from_block(bi: usize, block: &Block, words: Option<&[GateWord]>, out: &mut Vec<DateFact>) {
    for (line_start, line) in block.lines() {
        let held = match words {
            Some(words) => words
                .iter()
                .filter(|w| (line_start..line_start + line.len()).contains(&w.1))
                .fold(0, |held, w| held | w.2),
            None => u16::MAX,
        };
        // Every label on the line, from every pattern, left to right; where two overlap the
        // earlier (then the more specific, listed first) wins. "Last reviewed: X. Next
        // review: Y" holds two labelled dates.
        let mut labels: Vec<(usize, usize, usize, DateWhat)> = Vec::new();
        for (rank, (re, what, gate)) in LABELS.iter().enumerate() {
            if held & gate == 0 {
                continue;
            }
            for m in re.find_iter(line) {
                if !m.as_str().trim().is_empty() {
                    labels.push((m.start(), rank, m.end(), *what));
                }
            }
        }
        labels.sort();
        let mut taken_to = 0;
        for (start, _, end, what) in labels {
            if start < taken_to {
                continue;
            }
            let Some(what) = subject_of(line, start, what) else {
                continue;
            };
            taken_to = end;
            // skip to the value: past ":", "-", "is", "was", "by", "on", "in"
            let rest = &line[end..];
            let skip = skip_to_value(rest);
            let value = &rest[skip..];
            let value_start = end + skip;
            let label = block.span_of(line_start + start..line_start + end);
            // the date itself, or for an approval the date after the body that approved
            let date = parse_date_prefix(value)
                .map(|(range, used)| (0, range, used))
                .or_else(|| {
                    (what == DateWhat::Approved)
                        .then(|| date_after_approver(value))
                        .flatten()
                });
            match date {
                Some((at, range, used)) => {
                    let start = value_start + at;
                    out.push(DateFact {
                        what,
                        value: Ok(range),
                        text: value[at..at + used].trim().to_string(),
                        not_final: not_final_after(&value[at + used..]),
                        span: block.span_of(line_start + start..line_start + start + used),
                        label,
                        block: bi,
                    });
                    taken_to = start + used;
                }
                None => {
                    // "Next review: next September" — a label with a colon and no date
                    let had_colon = rest[..skip].contains(':');
                    let v = value
                        .split(['.', ';', '|', '•'])
                        .next()
                        .unwrap_or("")
                        .trim();
                    if had_colon && !v.is_empty() && v.split_whitespace().count() <= 5 {
                        out.push(DateFact {
                            what,
                            value: Err(v.to_string()),
                            text: v.to_string(),
                            not_final: None,
                            span: block.span_of(
                                line_start + value_start..line_start + value_start + v.len(),
                            ),
                            label,
                            block: bi,
                        });
                        taken_to = value_start + v.len();
                    }
                }
            }
        }
    }
}

/// Words that, straight after a date, say that what it dates has not happened yet or is not
/// final: "Last reviewed: 1 September 2026 (draft)", "Approved by governors: 14 October
/// 2026 – postponed". Not "due" or "planned", which more often begin a note on the next
/// time ("2 September 2026 (due again September 2027)").
const NOT_FINAL: &[&str] = &[
    "draft",
    "not yet",
    "not final",
    "not approved",
    "not ratified",
    "not agreed",
    "unconfirmed",
    "unapproved",
    "unratified",
    "postponed",
    "deferred",
    "delayed",
    "cancelled",
    "canceled",
    "rescheduled",
    "proposed",
    "provisional",
    "provisionally",
    "pending",
    "awaiting",
    "tbc",
    "tba",
    "to be confirmed",
    "to be approved",
    "to be ratified",
    "subject to approval",
    "subject to ratification",
    "subject to confirmation",
];

/// The words after a date (`tail`, the rest of its line or cell) when they open with one of
/// the [`NOT_FINAL`] words, up to a closing bracket or the end of the clause: "draft, not yet
/// reviewed" of "1 September 2026 (draft, not yet reviewed)".
fn not_final_after(tail: &str) -> Option<String> {
    let opened = tail.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | '[' | '-' | '–' | '—' | ',' | ':' | '*' | '_')
    });
    let lowered = opened[..opened.floor_char_boundary(32)].to_ascii_lowercase();
    let cue = NOT_FINAL.iter().find(|cue| {
        lowered.starts_with(**cue)
            && !lowered[cue.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
    })?;
    let said = opened[..opened
        .find([')', ']', ';', '|', '.'])
        .unwrap_or(opened.len())]
        .trim_end();
    Some(if said.is_empty() {
        cue.to_string()
    } else {
        said.to_string()
    })
}

/// The date after the body that approved: "Approved by: Full Governing Body, 12/10/2025",
/// "Ratified by: Governors – Autumn 2025". Where it starts in `value`, and its length.
fn date_after_approver(value: &str) -> Option<(usize, DateRange, usize)> {
    let end = value.find([';', '|']).unwrap_or(value.len()).min(80);
    let end = value.floor_char_boundary(end);
    value[..end]
        .match_indices([',', '–', '—'])
        .find_map(|(i, sep)| {
            let rest = &value[i + sep.len()..];
            let skip = skip_to_value(rest);
            parse_date_prefix(&rest[skip..]).map(|(r, used)| (i + sep.len() + skip, r, used))
        })
}

/// Words that show a sentence dates something other than the policy itself.
const OTHER_SUBJECTS: &[&str] = &[
    "filter",
    "monitor",
    "training",
    "agreement",
    "risk assessment",
    "audit",
    "curriculum",
    "contract",
];

/// What a label found in running text dates, judged from the sentence around it: "Filtering
/// and monitoring were last reviewed in July 2025" and "The acceptable use agreements were
/// last reviewed …" do not date the policy; "Next filtering and monitoring review: Spring
/// 2027" is not when filtering was last reviewed; "The last review was on 2 July 2025" right
/// after a sentence about reviewing filtering dates that review.
fn subject_of(line: &str, start: usize, what: DateWhat) -> Option<DateWhat> {
    let before = &line[..start];
    let sentence_start = before.rfind(['.', ';', '!', '?']).map_or(0, |i| i + 1);
    let subject = before[sentence_start..].to_lowercase();
    // "is to be approved by the governors on…", "awaiting approval", "submitted for approval
    // on…": the date is of something still to happen
    if what.has_happened()
        && subject
            .split_whitespace()
            .next_back()
            .is_some_and(|w| matches!(w, "be" | "being" | "awaiting" | "pending" | "for"))
    {
        return None;
    }
    match what {
        DateWhat::FilteringReview => {
            (!subject.trim_end().ends_with("next")).then_some(DateWhat::FilteringReview)
        }
        DateWhat::Reviewed | DateWhat::NextReview | DateWhat::Approved => {
            let about_policy = ["policy", "statement", "document"]
                .iter()
                .any(|w| subject.contains(w));
            // "We review filtering and monitoring every year, most recently in Spring 2023"
            if what == DateWhat::Reviewed
                && !about_policy
                && subject.contains("filter")
                && subject.contains("review")
            {
                return Some(DateWhat::FilteringReview);
            }
            if !about_policy && OTHER_SUBJECTS.iter().any(|w| subject.contains(w)) {
                return None;
            }
            let previous = before[..sentence_start.saturating_sub(1)]
                .rsplit(['.', ';', '!', '?'])
                .next()
                .unwrap_or("")
                .to_lowercase();
            if what == DateWhat::Reviewed
                && !about_policy
                && sentence_start > 0
                && previous.contains("filter")
                && previous.contains("review")
            {
                return Some(DateWhat::FilteringReview);
            }
            Some(what)
        }
        _ => Some(what),
    }
}

/// Length of the connecting words between a label and its date.
fn skip_to_value(rest: &str) -> usize {
    let mut i = 0;
    loop {
        let r = &rest[i..];
        let t = r.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '*' | '=')
        });
        i += r.len() - t.len();
        let lower = t.to_lowercase();
        let mut advanced = false;
        for w in [
            "is ",
            "was ",
            "by ",
            "on ",
            "in ",
            "before ",
            "no later than ",
            "the ",
            "date ",
            "due ",
            // "was last completed in March 2024", "… every year, most recently in Spring 2023"
            "last completed ",
            "last carried out ",
            "last undertaken ",
            "completed ",
            "carried out ",
            "undertaken ",
            "most recently ",
        ] {
            if lower.starts_with(w) {
                i += w.len();
                advanced = true;
                break;
            }
        }
        if !advanced {
            return i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Limits};
    use crate::source::SourceFile;

    /// The blocks found to hold a label word in one pass are those a case-ignoring search
    /// of each block finds, over every repository file and text in capitals and with
    /// characters outside ASCII.
    #[test]
    fn label_words_found_in_one_pass_are_those_of_each_block() {
        let any_label = CaptureRegex::new(&format!("(?i){}", LABEL_WORDS.join("|"))).unwrap();
        let made_up = "# REVIEW\n\nNext Due: Spring 2027\n\nApproved – “Adopted” by governors\n\nNothing here.\n\nTrainings ✓\n";
        let mut held = 0;
        for doc in crate::document::documents_in_repository(&[made_up]) {
            let found = blocks_with_label_words(&doc, &gate_words(&doc));
            for (block, found) in doc.outline.blocks.iter().zip(found) {
                assert_eq!(found, any_label.is_match(&block.plain), "{:?}", block.plain);
                held += usize::from(found);
            }
        }
        assert!(held > 400, "{held}");
    }

    /// A label's expression run only over lines holding one of its words finds the dates
    /// it finds run over every line of a labelled block, over every repository file and
    /// made-up lines that hold a label's words only in another line or in capitals.
    #[test]
    fn labels_searched_in_lines_with_their_words_find_what_every_line_finds() {
        let made_up = "Reviewed by the board\nNEXT REVIEW: Spring 2027\nDSL TRAINING completed on 3 May 2025\n\nFiltering and monitoring checked on 4/9/25. Approved: 1 July 2025\n\nTraining\nRatified 2 June 2024; renewal date 1 June 2026\n";
        let (mut lines, mut dates) = (0, 0);
        for doc in crate::document::documents_in_repository(&[made_up]) {
            let words = gate_words(&doc);
            for (bi, block) in doc.outline.blocks.iter().enumerate() {
                let in_block: Vec<GateWord> = words.iter().filter(|w| w.0 == bi).copied().collect();
                if in_block.iter().all(|w| w.2 & LABEL_WORD_BITS == 0) {
                    continue;
                }
                let (mut gated, mut every_line) = (Vec::new(), Vec::new());
                from_block(bi, block, Some(&in_block), &mut gated);
                from_block(bi, block, None, &mut every_line);
                assert_eq!(gated, every_line, "{:?}", block.plain);
                lines += block.lines().len();
                dates += gated.len();
            }
        }
        assert!(lines > 400 && dates > 100, "{lines} lines, {dates} dates");
    }

    /// The review cycle found searching only blocks that hold "review" is the one found
    /// searching every block, over every repository file and made-up policies whose cycle
    /// is stated in capitals or after a block that only mentions reviews.
    #[test]
    fn the_cycle_found_in_blocks_holding_review_is_the_one_every_block_gives() {
        let made_up = [
            "# Policy\n\nWe REVIEW THIS POLICY EVERY TWO YEARS.\n",
            "Reviews happen.\n\nThis policy is reviewed annually by governors.\n",
            "Nothing about a cycle here.\n",
        ];
        let mut found = 0;
        for doc in crate::document::documents_in_repository(&made_up) {
            let every_block = cycle_in(&doc, None);
            let gated = cycle_in(&doc, Some(&gate_words(&doc)));
            assert_eq!(
                gated.as_ref().map(|c| (c.months, c.span.clone(), c.block)),
                every_block
                    .as_ref()
                    .map(|c| (c.months, c.span.clone(), c.block)),
            );
            found += usize::from(gated.is_some());
        }
        assert!(found > 10, "{found}");
    }

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn the_forms_policies_use() {
        assert_eq!(
            parse_date("15/09/2025"),
            Some(DateRange::day(d(2025, 9, 15)))
        );
        assert_eq!(parse_date("23/1/24"), Some(DateRange::day(d(2024, 1, 23))));
        assert_eq!(
            parse_date("1st September 2025"),
            Some(DateRange::day(d(2025, 9, 1)))
        );
        assert_eq!(
            parse_date("31st August 2024"),
            Some(DateRange::day(d(2024, 8, 31)))
        );
        assert_eq!(parse_date("Sept 2025").unwrap().end, d(2025, 9, 30));
        assert_eq!(parse_date("Jan 25").unwrap().start, d(2025, 1, 1));
        let spring = parse_date("Spring 2027").unwrap();
        assert_eq!((spring.start, spring.end), (d(2027, 1, 1), d(2027, 4, 30)));
        assert_eq!(parse_date("Summer term 2024").unwrap().start, d(2024, 4, 1));
        let ay = parse_date("2025-26").unwrap();
        assert_eq!((ay.start, ay.end), (d(2025, 9, 1), d(2026, 8, 31)));
        assert_eq!(
            parse_date("2025-09-15"),
            Some(DateRange::day(d(2025, 9, 15)))
        );
        let month = parse_date("09/2026").unwrap();
        assert_eq!((month.start, month.end), (d(2026, 9, 1), d(2026, 9, 30)));
        assert_eq!(parse_date("2.2027").unwrap().end, d(2027, 2, 28));
    }

    #[test]
    fn impossible_or_vague_dates_are_not_read() {
        assert_eq!(parse_date("30/02/2025"), None);
        assert_eq!(parse_date("13/2026"), None);
        assert_eq!(parse_date("next September"), None);
        assert_eq!(parse_date("annually"), None);
        assert_eq!(parse_date("TBC"), None);
    }

    #[test]
    fn an_approval_still_to_happen_gives_no_approval_date() {
        for text in [
            "This policy is to be approved by the governing board on 14 October 2026.\n",
            "This policy was submitted for approval on 14 October 2026.\n",
            "This policy is awaiting approval on 14 October 2026.\n",
        ] {
            assert!(
                facts(text).iter().all(|(w, _)| *w != DateWhat::Approved),
                "{text}"
            );
        }
        assert_eq!(
            facts("This policy was approved by the governing board on 14 October 2026.\n").len(),
            1
        );
    }

    #[test]
    fn words_after_a_date_can_mark_it_not_final() {
        assert_eq!(not_final_after(" (draft)").as_deref(), Some("draft"));
        assert_eq!(
            not_final_after(" – postponed to the spring meeting. Next review: 2027").as_deref(),
            Some("postponed to the spring meeting")
        );
        assert_eq!(
            not_final_after(", TBC").as_deref(),
            Some("TBC"),
            "in any case"
        );
        // a note on the next time, or a word that only begins like a cue, marks nothing
        assert_eq!(not_final_after(" (next due September 2027)"), None);
        assert_eq!(not_final_after(" (drafted by the DSL)"), None);
        assert_eq!(not_final_after(""), None);
        assert_eq!(not_final_after(" é".repeat(20).as_str()), None);
    }

    fn facts(text: &str) -> Vec<(DateWhat, Result<DateRange, String>)> {
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        doc.facts
            .dates
            .iter()
            .map(|f| (f.what, f.value.clone()))
            .collect()
    }

    #[test]
    fn labelled_dates_in_blocks_tables_and_sentences() {
        let f = facts(
            "Approved by: Full governing board\nDate of last review: 1st September 2025\nNext review due by: Spring 2027\n\n| Date of next review | Sept 2026 |\n|---|---|\n\nThis policy will be reviewed by July 2027.\n",
        );
        assert!(
            f.contains(&(DateWhat::Reviewed, Ok(DateRange::day(d(2025, 9, 1))))),
            "{f:?}"
        );
        assert!(f.iter().any(|(w, v)| *w == DateWhat::NextReview
            && v.as_ref().is_ok_and(|r| r.start == d(2027, 1, 1))));
        assert!(f.iter().any(|(w, v)| *w == DateWhat::NextReview
            && v.as_ref().is_ok_and(|r| r.start == d(2026, 9, 1))));
        assert!(f.iter().any(|(w, v)| *w == DateWhat::NextReview
            && v.as_ref().is_ok_and(|r| r.start == d(2027, 7, 1))));
        assert!(
            !f.iter().any(|(w, _)| *w == DateWhat::Approved),
            "no date after 'Approved by'"
        );
    }

    #[test]
    fn approval_by_a_body_on_a_date() {
        let f = facts("This policy was approved by the governing board on 15 September 2026.\n");
        assert!(
            f.contains(&(DateWhat::Approved, Ok(DateRange::day(d(2026, 9, 15))))),
            "{f:?}"
        );
        // the body, then the date after a comma or a dash
        for text in [
            "Approved by: Full Governing Body, 12/10/2025\n",
            "Approved by: Full Governing Body – 12 October 2025\n",
        ] {
            assert_eq!(
                facts(text),
                vec![(DateWhat::Approved, Ok(DateRange::day(d(2025, 10, 12))))],
                "{text}"
            );
        }
        assert!(facts("Approved by: Full Governing Body, chaired by Mr Jones\n").is_empty());
    }

    #[test]
    fn two_labelled_dates_on_one_line() {
        let f = facts("Last reviewed: 1 September 2026. Next review: 1 September 2027.\n");
        assert!(
            f.contains(&(DateWhat::Reviewed, Ok(DateRange::day(d(2026, 9, 1))))),
            "{f:?}"
        );
        assert!(
            f.contains(&(DateWhat::NextReview, Ok(DateRange::day(d(2027, 9, 1))))),
            "{f:?}"
        );
    }

    #[test]
    fn an_unreadable_date_is_reported() {
        let f = facts("Next review: next September\n");
        assert_eq!(
            f,
            vec![(DateWhat::NextReview, Err("next September".to_string()))]
        );
    }

    #[test]
    fn key_people_and_schedule_table_labels() {
        let f = facts(
            "| Key people / dates | |\n|---|---|\n| Date this policy was reviewed and by whom | 12/09/2025 – Mrs Okafor |\n| Date of next review and by whom | September 2026 – Mrs Okafor |\n",
        );
        assert!(
            f.contains(&(DateWhat::Reviewed, Ok(DateRange::day(d(2025, 9, 12))))),
            "{f:?}"
        );
        assert!(f.iter().any(|(w, v)| *w == DateWhat::NextReview
            && v.as_ref().is_ok_and(|r| r.start == d(2026, 9, 1))));
        // a long label cell ends with its label
        let f = facts(
            "| | |\n|---|---|\n| This policy was approved by the Governing Body on: | 14 October 2025 |\n| The policy will be reviewed every year, or sooner after a significant change in technology or a serious incident. The next review date will be: | October 2026 |\n| Monitoring will take place: | Each term |\n",
        );
        assert!(
            f.contains(&(DateWhat::Approved, Ok(DateRange::day(d(2025, 10, 14))))),
            "{f:?}"
        );
        assert!(
            f.iter().any(|(w, v)| *w == DateWhat::NextReview
                && v.as_ref().is_ok_and(|r| r.start == d(2026, 10, 1))),
            "{f:?}"
        );
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn an_adoption_table_with_the_date_on_the_next_row() {
        let f = facts(
            "| This policy was adopted by | Little Wrens Pre-School |\n|---|---|\n| On | 3 March 2025 |\n| Date to be reviewed | March 2026 |\n| Signed on behalf of the provider | |\n",
        );
        assert!(
            f.contains(&(DateWhat::Approved, Ok(DateRange::day(d(2025, 3, 3))))),
            "{f:?}"
        );
        assert!(f.iter().any(|(w, v)| *w == DateWhat::NextReview
            && v.as_ref().is_ok_and(|r| r.start == d(2026, 3, 1))));
        assert_eq!(f.len(), 2, "{f:?}");
        // an "On" row with no approval row before it dates nothing
        let f = facts("| Meeting | Staff briefing |\n|---|---|\n| On | 3 March 2025 |\n");
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn sentences_that_date_something_other_than_the_policy() {
        let f = facts(
            "Filtering and monitoring were last reviewed in July 2025 by the DSL.\n\nNext filtering and monitoring review: Spring 2027.\n\nThe acceptable use agreements were last reviewed in May 2023.\n\nWe review filtering and monitoring each summer term. The last review was on 2 July 2025.\n\nThis policy, with its acceptable use agreements, was last reviewed on 1 September 2025.\n",
        );
        assert_eq!(
            f,
            vec![
                (
                    DateWhat::FilteringReview,
                    Ok(DateRange {
                        start: d(2025, 7, 1),
                        end: d(2025, 7, 31)
                    })
                ),
                (DateWhat::FilteringReview, Ok(DateRange::day(d(2025, 7, 2)))),
                (DateWhat::Reviewed, Ok(DateRange::day(d(2025, 9, 1)))),
            ]
        );
    }

    #[test]
    fn a_filtering_review_dated_in_the_sentence_that_states_it() {
        let f = facts(
            "We review filtering and monitoring every year, most recently in March 2026.\n\nThe filtering and monitoring review was last completed on 2 July 2025.\n\nThis policy is reviewed every year, most recently on 1 September 2026.\n\nStaff training is refreshed every year, most recently in May 2026.\n",
        );
        assert_eq!(
            f,
            vec![
                (
                    DateWhat::FilteringReview,
                    Ok(DateRange {
                        start: d(2026, 3, 1),
                        end: d(2026, 3, 31)
                    })
                ),
                (DateWhat::FilteringReview, Ok(DateRange::day(d(2025, 7, 2)))),
                (DateWhat::Reviewed, Ok(DateRange::day(d(2026, 9, 1)))),
            ]
        );
    }

    #[test]
    fn approval_with_a_dash() {
        let f = facts("Approved by the governing body – 24th September 2025\n");
        assert_eq!(
            f,
            vec![(DateWhat::Approved, Ok(DateRange::day(d(2025, 9, 24))))]
        );
    }

    fn cycle(text: &str) -> Option<u32> {
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        doc.facts.review_cycle.map(|c| c.months)
    }

    #[test]
    fn the_review_cycle_the_policy_states() {
        assert_eq!(cycle("We review this statement every year."), Some(12));
        assert_eq!(
            cycle("This policy is reviewed annually by governors."),
            Some(12)
        );
        assert_eq!(cycle("The DSL reviews this policy every year."), Some(12));
        assert_eq!(
            cycle("This policy is reviewed every two years by the E-Safety Co-ordinator."),
            Some(24)
        );
        // a label with "annually" is not a date, and not a statement about the policy
        assert_eq!(cycle("Next review: annually"), None);
        assert_eq!(
            facts("Next review: annually"),
            vec![(DateWhat::NextReview, Err("annually".to_string()))]
        );
        assert_eq!(cycle("Staff training is reviewed every year."), None);
        assert_eq!(cycle("The policy will be reviewed regularly."), None);
    }

    #[test]
    fn version_history_table() {
        let f = facts(
            "| Date Created | Date Reviewed | Version | Next Review Due |\n|---|---|---|---|\n| 01/09/2023 | 23/1/24 | 2 | Jan 25 |\n",
        );
        assert!(
            f.contains(&(DateWhat::Reviewed, Ok(DateRange::day(d(2024, 1, 23))))),
            "{f:?}"
        );
        assert!(f.iter().any(|(w, v)| *w == DateWhat::NextReview
            && v.as_ref().is_ok_and(|r| r.start == d(2025, 1, 1))));
    }
}
