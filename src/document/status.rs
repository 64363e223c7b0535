//! Answers that say a thing is not done. Self-assessment tables and checklists state each
//! requirement and then answer it: "| Filtering is reviewed at least annually | No |", a
//! tick in the "Not met" column, "Staff trained on filtering: not started", "Yes ☐ No ☒".
//! The statement is the question there, not the school's word that it is done, so it is
//! read as undecided.

use super::markdown::{Block, BlockKind, Outline};
use super::sentences::boxes_in;

/// Answers that say no, or not yet, or only in part, written as the whole of a table cell
/// or after a label ("Annual review: not started"). Lowercase; a trailing comment may follow
/// ("No – planned for the spring term").
const NEGATIVE_ANSWERS: &[&str] = &[
    "no",
    "none",
    "not met",
    "not yet met",
    "unmet",
    "partly",
    "partly met",
    "partially",
    "partially met",
    "part met",
    "in part",
    "in progress",
    "not started",
    "not done",
    "not yet",
    "not in place",
    "not yet in place",
    "not reviewed",
    "not known",
    "unknown",
    "outstanding",
    "overdue",
    "pending",
    "planned",
    "to do",
    "todo",
    "missing",
    // a red or amber rating in a self-review ("RAG")
    "red",
    "amber",
    "\u{2717}",
    "\u{2718}",
    "\u{2716}",
    "\u{274c}",
    "\u{00d7}",
];

/// Column headings of a table that answer no, or only in part: a mark in such a column is
/// that answer ("| Standard | Met | Not met |" with a tick under "Not met").
const NEGATIVE_COLUMNS: &[&str] = &[
    "no",
    "not met",
    "unmet",
    "partly",
    "partly met",
    "partially",
    "partially met",
    "part met",
    "not in place",
    "in progress",
    "not yet",
    "not started",
    "red",
    "amber",
];

/// Marks that fill a column's cell: ticks, crosses used as ticks, "yes".
const MARKS: &[&str] = &[
    "x", "yes", "y", "\u{2611}", "\u{2612}", "\u{2713}", "\u{2714}", "\u{2705}", "\u{25cf}",
    "\u{2022}", "[x]",
];

/// Whether `answer` (a table cell, or what follows a label) says no, not yet or in part.
pub fn is_negative_answer(answer: &str) -> bool {
    let answer = trim_answer(answer);
    NEGATIVE_ANSWERS.iter().any(|&a| {
        answer
            .get(..a.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(a))
            && {
                // the whole answer, or the answer and then a comment set off from it
                let rest = &answer[a.len()..];
                rest.is_empty()
                    || [" –", " —", " -", " (", ",", ";", ":", ".", " /"]
                        .iter()
                        .any(|s| rest.starts_with(s))
            }
    }) || ticked_choice_is_negative(answer)
}

fn trim_answer(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '.' | '!'))
}

/// Of "Yes ☐ No ☒" or "☐ Yes ☒ No": whether the box ticked is against "no", "partly" or
/// "not met" (and none against "yes" or "met").
fn ticked_choice_is_negative(answer: &str) -> bool {
    if boxes_in(answer).next().is_none() {
        return false;
    }
    let lowered = answer.to_lowercase();
    #[derive(PartialEq)]
    enum Item<'a> {
        Box(bool),
        Word(&'a str),
    }
    fn words(text: &str) -> impl Iterator<Item = Item<'_>> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(Item::Word)
    }
    let mut items = Vec::new();
    let mut from = 0;
    for (at, len, ticked) in boxes_in(&lowered) {
        items.extend(words(&lowered[from..at]));
        items.push(Item::Box(ticked));
        from = at + len;
    }
    items.extend(words(&lowered[from..]));
    let is_choice = |i: usize| {
        matches!(items.get(i), Some(Item::Word(w))
            if matches!(*w, "yes" | "no" | "met" | "partly" | "partially" | "not"))
    };
    // whether each box is written before its word ("☐ Yes") or after it ("Yes ☐")
    let Some(first_box) = items.iter().position(|i| matches!(i, Item::Box(_))) else {
        return false;
    };
    let box_first = is_choice(first_box + 1) && !(first_box > 0 && is_choice(first_box - 1));
    let mut negative = false;
    for (i, item) in items.iter().enumerate() {
        if *item != Item::Box(true) {
            continue;
        }
        let word = if box_first { i + 1 } else { i.wrapping_sub(1) };
        match items.get(word) {
            // "Not met ☒": the word before the box is "met", after "not"
            Some(Item::Word("met"))
                if !box_first && i >= 2 && items[i - 2] == Item::Word("not") =>
            {
                negative = true
            }
            Some(Item::Word("yes" | "met")) => return false,
            // "☒ Not met": the box stands before "not"
            Some(Item::Word("no" | "partly" | "partially" | "not")) => negative = true,
            _ => {}
        }
    }
    negative
}

/// Words of a column heading that make its "No" a rule rather than an answer: "| Use |
/// Allowed? |" with "| Phones in lessons | No |" says what is not allowed, not what is not
/// done. Not who a column is for ("| Area | Staff | Governors |"): a self-review table
/// answers by audience too.
const RULE_COLUMN_WORDS: &[&str] = &["allowed", "permitted", "acceptable", "may", "can"];

/// Whether a column heading asks what is allowed (see [`RULE_COLUMN_WORDS`]).
fn is_rule_column(heading: &str) -> bool {
    heading
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| RULE_COLUMN_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The table rows answered no, not yet or in part: by a cell after the first that says so
/// (not under a heading asking what is allowed), or by a mark in a column headed so. Each
/// is an index into [`Outline::blocks`].
pub fn rows_answered_no(outline: &Outline) -> Vec<usize> {
    let mut rows = Vec::new();
    for table in &outline.tables {
        let rule_columns: Vec<usize> = table
            .rows
            .iter()
            .filter(|r| r.header)
            .flat_map(|r| r.cells.iter().enumerate())
            .filter(|(_, c)| is_rule_column(&c.text))
            .map(|(i, _)| i)
            .collect();
        let negative_columns: Vec<usize> = table
            .rows
            .iter()
            .filter(|r| r.header)
            .flat_map(|r| r.cells.iter().enumerate())
            .filter(|(_, c)| {
                let heading = trim_answer(&c.text).trim_end_matches('?').to_lowercase();
                NEGATIVE_COLUMNS.contains(&heading.trim_end())
            })
            .map(|(i, _)| i)
            .collect();
        for row in table.rows.iter().filter(|r| !r.header) {
            let answered_no = row.cells.iter().enumerate().any(|(i, cell)| {
                (i > 0 && !rule_columns.contains(&i) && is_negative_answer(&cell.text))
                    || (negative_columns.contains(&i)
                        && MARKS.contains(&trim_answer(&cell.text).to_lowercase().as_str()))
            });
            if answered_no {
                rows.push(row.block);
            }
        }
    }
    rows
}

/// Where, in a block's text, a line or sentence ends with an answer that says no ("Annual
/// review of filtering: not started", "Staff trained (partly)"): each from the line's or
/// sentence's start to its end.
pub fn lines_answered_no(block: &Block, sentence_ends: &[u32]) -> Vec<(u32, u32)> {
    if matches!(
        block.kind,
        BlockKind::Heading | BlockKind::TableRow | BlockKind::LinkTarget
    ) {
        return Vec::new();
    }
    let text = block.plain.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    // the sentences' ends and the line breaks, in order, merged as they are read
    let (mut ends, mut breaks) = (
        sentence_ends.iter().peekable(),
        block.line_breaks.iter().peekable(),
    );
    loop {
        let end = match (ends.peek(), breaks.peek()) {
            (Some(&&e), Some(&&b)) if b < e => breaks.next().copied(),
            (Some(_), _) => ends.next().copied(),
            (None, Some(_)) => breaks.next().copied(),
            (None, None) => None,
        };
        let Some(end) = end else { break };
        let (s, e) = (start as usize, (end as usize).min(text.len()));
        start = start.max(end);
        if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        let line = text[s..e].trim_end_matches([' ', '.', ';']);
        if may_end_in_an_answer(line) && answer_of(line).is_some_and(is_negative_answer) {
            out.push((s as u32, e as u32));
        }
    }
    out
}

/// The last words of [`NEGATIVE_ANSWERS`] and of the tick boxes' words.
const LAST_WORDS: &[&str] = &[
    "no",
    "none",
    "met",
    "unmet",
    "partly",
    "partially",
    "part",
    "progress",
    "started",
    "done",
    "yet",
    "place",
    "reviewed",
    "known",
    "unknown",
    "outstanding",
    "overdue",
    "pending",
    "planned",
    "do",
    "todo",
    "missing",
    "red",
    "amber",
];

/// A quick test, before the line is read for an answer: whether it ends with a word an
/// answer ends with, a bracket (or "[x]"), a tick box or a cross. Most lines end otherwise.
fn may_end_in_an_answer(line: &str) -> bool {
    let Some(last) = line.chars().next_back() else {
        return false;
    };
    if matches!(last, ')' | ']') || !last.is_ascii() {
        return true;
    }
    // the last byte not an ASCII letter ends a character, so the word starts after it
    let word = &line[line
        .bytes()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1)..];
    LAST_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Longest answer worth reading, in bytes: "not yet in place", or tick boxes and their words
/// ("Yes ☐ No ☒ Partly ☐").
const LONGEST_ANSWER: usize = 40;

/// What a line answers after its label ("…: No", "… – not started", "… (partly)"), or the
/// tick boxes and their words that end it ("… Yes ☐ No ☒").
fn answer_of(line: &str) -> Option<&str> {
    // only the end of a line is read: answers are short
    let mut from = line.len().saturating_sub(LONGEST_ANSWER);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let tail = &line[from..];
    if let Some(inner) = tail.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        return Some(&inner[open + 1..]);
    }
    // after the last separator: ": ", " - ", " – " or " — " (read from the end, byte by byte:
    // a line is split into few enough answers that a searcher is not worth building)
    let bytes = tail.as_bytes();
    let after_label = (1..bytes.len()).rev().find_map(|i| {
        let space_after = bytes.get(i + 1) == Some(&b' ');
        let dash = match bytes[i] {
            b':' if bytes[i..].starts_with(b": ") => return Some(&tail[i + 2..]),
            b'-' => 1,
            // the last byte of "–" (E2 80 93) or "—" (E2 80 94)
            0x93 | 0x94 if bytes[..i].ends_with(&[0xE2, 0x80]) => 3,
            _ => return None,
        };
        let start = i + 1 - dash;
        (space_after && start > 0 && bytes[start - 1] == b' ').then(|| &tail[i + 2..])
    });
    if after_label.is_some() {
        return after_label;
    }
    // "Filtering reviewed annually Yes ☐ No ☒": from the word before the first box
    let (at, _, _) = boxes_in(tail).next()?;
    let before = tail[..at].trim_end();
    let word = before.rfind(' ').map_or(0, |i| i + 1);
    Some(&tail[word..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_that_say_no() {
        for answer in [
            "No",
            "no.",
            "**No**",
            "Not met",
            "Partly",
            "Partially met",
            "In progress",
            "Not started",
            "Outstanding",
            "Overdue",
            "Red",
            "\u{2717}",
            "\u{274c}",
            "No \u{2013} planned for the spring term",
            "No (see the action plan)",
            "Yes \u{2610} No \u{2612}",
            "\u{2610} Yes \u{2612} No",
            "Yes [ ] No [x]",
            "Met \u{2610} Not met \u{2612}",
            "\u{2610} Met \u{2612} Not met",
        ] {
            assert!(is_negative_answer(answer), "{answer:?} says no");
        }
    }

    #[test]
    fn answers_that_do_not_say_no() {
        for answer in [
            "Yes",
            "Met",
            "10 July 2026",
            "Mrs J Patel",
            "None of the pupils' own devices connect to the school network",
            "No pupil may bring a phone into an examination",
            "Nothing further",
            "Yes \u{2612} No \u{2610}",
            "\u{2612} Yes \u{2610} No",
            "Yes [x] No [ ]",
            "Met \u{2612} Not met \u{2610}",
            "\u{2612} Met \u{2610} Not met",
            "",
        ] {
            assert!(!is_negative_answer(answer), "{answer:?} does not say no");
        }
    }

    #[test]
    fn a_column_asking_what_is_allowed_holds_rules() {
        for heading in [
            "Allowed?",
            "Permitted in school",
            "Use acceptable?",
            "Can pupils use it?",
        ] {
            assert!(is_rule_column(heading), "{heading}");
        }
        for heading in [
            "Met?",
            "In place",
            "Staff",
            "Governors",
            "Status",
            "Candidate",
        ] {
            assert!(!is_rule_column(heading), "{heading}");
        }
    }

    #[test]
    fn the_answer_after_a_label() {
        assert_eq!(answer_of("Annual review: not started"), Some("not started"));
        assert_eq!(answer_of("Annual review \u{2013} No"), Some("No"));
        assert_eq!(answer_of("Staff trained (partly)"), Some("partly"));
        assert_eq!(
            answer_of("Filtering reviewed annually Yes \u{2610} No \u{2612}"),
            Some("Yes \u{2610} No \u{2612}")
        );
        assert_eq!(answer_of("Annual review: \u{2717}"), Some("\u{2717}"));
        assert_eq!(
            answer_of("Annual review \u{2014} in progress"),
            Some("in progress")
        );
        assert_eq!(answer_of("Years 7 - 11: none"), Some("none"));
        assert_eq!(answer_of("We review filtering annually"), None);
        assert_eq!(
            answer_of("Reviewed annually: Yes \u{2612} No \u{2610}: not started"),
            Some("not started")
        );
        for line in [
            "Annual review: No",
            "Annual review: \u{2717}",
            "Annual review (partly)",
            "Reviewed annually Yes [ ] No [x]",
            "Reviewed annually Yes \u{2610} No \u{2612}",
            "Staff trained: not yet in place",
        ] {
            assert!(may_end_in_an_answer(line), "{line}");
        }
        assert!(!may_end_in_an_answer("We review filtering annually"));
        assert!(!may_end_in_an_answer("through the government\u{2019}s"));
        assert!(may_end_in_an_answer(
            "the government\u{2019}s answer: \u{201c}no"
        ));
        assert_eq!(answer_of("Pupils in Years 7-11"), None);
    }
}
