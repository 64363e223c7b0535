//! Sentences of each block, and whether each one says a thing is absent or undecided
//! ("we do not have…", "TBC", a question), worked out once per document so that checks with
//! thousands of phrase hits stay linear.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Words that, in the same clause, say the thing is absent or not done.
pub const DENIAL_CUES: &[&str] = &[
    "do not have",
    "does not have",
    "don't have",
    "doesn't have",
    "not in place",
    "there is no ",
    "there are no ",
    "has no ",
    "have no ",
    "is not used",
    "are not used",
    "not currently",
    "haven't",
    "hasn't",
    "does not cover",
    "do not cover",
    "is not covered",
    "are not covered",
    "does not include",
    "do not include",
    // done or given to no one so far: "staff have not received training on filtering",
    // "monitoring has not been set up" (a clause of its own, so "if a concern has not been
    // resolved, tell the DSL" still counts for telling the DSL)
    "not been",
    "not received",
    "not set up",
    "not got",
    "not installed",
    "no plan",
    "used to have",
    "lapsed",
    "expired",
];

/// Words that, in the same clause, leave the thing undecided rather than deny it: a rule
/// whose evidence is a prohibition ("staff do not use personal phones") does not count it
/// with one of these ("…(to be confirmed)").
pub const UNDECIDED_CUES: &[&str] = &[
    "not yet",
    "tbc",
    "to be confirmed",
    "to be agreed",
    "to be decided",
    "to be written",
    "to be developed",
    "not applicable",
    "n/a",
    "to be appointed",
    "to be arranged",
    "awaiting appointment",
    // wished for or weighed up, not done: "we hope to review filtering annually", "we are
    // considering whether to use a filtering system" (not "will": policies state what is
    // required in the future tense; not "are exploring": pupils explore their identity)
    "hope to",
    "hoping to",
    "would like to",
    "considering whether",
    "being considered",
    "working towards",
    "yet to be",
    "plan to introduce",
    "plans to introduce",
    "intend to introduce",
    // a template's options left for the school to choose: "annually / termly (delete as
    // appropriate)"
    "delete as appropriate",
];

// The cues are lowercase and searched for in lowercased text: case-sensitive, the automaton
// can use its vectorised prefilter, which it cannot when told to ignore case. Keep them
// to 52 or fewer (one cue inside another is left out): at 53 the search took a fifth as
// long again. Not "not cover": "3G and 4G, which our filtering cannot cover" is evidence.
static CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostFirst)
        .build(DENIAL_CUES.iter().chain(UNDECIDED_CUES))
        .expect("negation cues compile")
});

/// Where a negation cue starts in `lowered` (text with ASCII letters in lowercase), in order,
/// and whether it leaves the thing undecided. A cue never holds a line break, so over a
/// document's blocks joined by line breaks this finds what a search of each block would.
pub fn cue_starts(lowered: &str) -> Vec<(usize, bool)> {
    CUES.find_iter(lowered)
        .map(|m| (m.start(), m.pattern().as_usize() >= DENIAL_CUES.len()))
        .collect()
}

/// The sentences of one block: where each ends; and its clauses (split at commas and
/// semicolons), each negated or not. Negation is judged per clause, so "where there is no
/// coercion, the DSL refers within 24 hours" still counts as saying the referral happens.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentences {
    /// Exclusive end offset of each sentence in the block's text.
    pub ends: Vec<u32>,
    /// Exclusive end offset of each clause.
    pub clause_ends: Vec<u32>,
    pub clause_negated: Vec<bool>,
    /// Of each clause, whether it is undecided rather than denied: a question, an unfilled
    /// template choice, a box not ticked, a heading with nothing under it. Undecided
    /// clauses are negated too; unlike denials they count for no rule, not even one whose
    /// evidence is a prohibition ("do not delete").
    pub clause_undecided: Vec<bool>,
    /// Where words start that come straight after a denial ("we do not review…"), in order
    /// (see [`super::denial`]).
    pub denied: Vec<u32>,
    /// Where sentences report what guidance says without committing the organisation to it
    /// (see [`super::reported`]): from each such sentence's start to its end or to where it
    /// goes on to something else (", and the school…"), in order.
    pub reported: Vec<(u32, u32)>,
    /// Lines or sentences answered no, not yet or in part ("Annual review: not started",
    /// see [`super::status`]): each from its start to its end, in order. What they state
    /// is undecided.
    pub answered_no: Vec<(u32, u32)>,
    /// Whether the whole block says nothing yet: a note to whoever fills in a template
    /// ("Example wording: The DSL is Mrs J Patel"), whose names and dates are samples.
    pub note: bool,
}

impl Sentences {
    pub fn of(text: &str) -> Sentences {
        let lowered = text.to_ascii_lowercase();
        Sentences::with_cues(
            text,
            &lowered,
            cue_starts(&lowered).into_iter(),
            super::denial::cue_starts(&lowered).into_iter(),
        )
    }

    /// The sentences of `text`, given its lowercased form and where its negation cues and
    /// denial cues start in that (`cue_starts` and [`super::denial::cue_starts`], in order).
    pub fn with_cues(
        text: &str,
        lowered: &str,
        cues: impl Iterator<Item = (usize, bool)>,
        denial_cues: impl Iterator<Item = (usize, u8)>,
    ) -> Sentences {
        let (ends, clause_ends) = sentence_and_clause_ends(text);
        let clause_of = |at: usize| clause_ends.partition_point(|&e| e as usize <= at);
        let mut clause_negated = vec![false; clause_ends.len()];
        let mut clause_undecided = vec![false; clause_ends.len()];
        for (at, leaves_undecided) in cues {
            if let Some(n) = clause_negated.get_mut(clause_of(at)) {
                *n = true;
            }
            if leaves_undecided && let Some(u) = clause_undecided.get_mut(clause_of(at)) {
                *u = true;
            }
        }
        let mut undecided = |at: usize| {
            if let Some(n) = clause_undecided.get_mut(clause_of(at)) {
                *n = true;
            }
        };
        // an unfilled template choice ("reviewed [annually / termly]", "{{school}}") decides
        // nothing
        for (i, _) in text.match_indices('[') {
            if let Some(close) = text[i..].find(']') {
                let inside = &text[i + 1..i + close];
                // not a cross-reference ("[see section 4]"), an editor's "[sic]" or a ticked
                // box ("[x]")
                let lower = inside.trim_start().to_ascii_lowercase();
                let aside = lower.starts_with("see ") || lower == "sic" || lower == "x";
                if close < 120 && inside.chars().any(char::is_alphabetic) && !aside {
                    undecided(i);
                }
            }
        }
        for (i, _) in text.match_indices("{{") {
            undecided(i);
        }
        // an empty tick box, with none ticked, is a question not yet answered: "☐ Filtering
        // is reviewed annually", "| Staff trained at induction | [ ] |"
        if holds_only_empty_boxes(text) {
            clause_undecided.fill(true);
        }
        // a question asks rather than says: "Are filtering and monitoring reviewed at least
        // annually?" in an audit checklist is no evidence that they are
        let mut start = 0;
        for &end in &ends {
            if text.as_bytes()[..end as usize].ends_with(b"?") {
                let first = clause_ends.partition_point(|&e| e <= start);
                let last = clause_ends.partition_point(|&e| e <= end);
                clause_undecided[first..last].fill(true);
            }
            start = end;
        }
        // what is undecided is not said either
        for (negated, &undecided) in clause_negated.iter_mut().zip(&clause_undecided) {
            *negated |= undecided;
        }
        let mut reported = Vec::new();
        let mut start = 0;
        let mut after_report = false;
        for &end in &ends {
            let sentence = &lowered[start..end as usize];
            after_report = super::reported::reports_guidance(sentence, after_report);
            if after_report {
                let reach = super::reported::reach(sentence);
                reported.push((start as u32, (start + reach) as u32));
            }
            start = end as usize;
        }
        Sentences {
            ends,
            clause_ends,
            clause_negated,
            clause_undecided,
            denied: super::denial::denied_after(lowered, denial_cues),
            reported,
            answered_no: Vec::new(),
            note: false,
        }
    }

    /// The index of the sentence holding a byte offset.
    pub fn index_of(&self, offset: usize) -> usize {
        self.ends
            .partition_point(|&e| e as usize <= offset)
            .min(self.ends.len().saturating_sub(1))
    }

    /// Whether the sentence holding a byte offset reports what guidance says rather than
    /// what the organisation does.
    pub fn is_reported(&self, offset: usize) -> bool {
        in_ranges(&self.reported, offset)
    }

    /// Read the clauses of the sentence holding a byte offset as undecided (and so negated).
    pub fn mark_sentence_undecided(&mut self, offset: usize) {
        let i = self.index_of(offset);
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let Some(&end) = self.ends.get(i) else {
            return;
        };
        let first = self.clause_ends.partition_point(|&e| e <= start);
        let last = self.clause_ends.partition_point(|&e| e <= end);
        self.clause_undecided[first..last].fill(true);
        self.clause_negated[first..last].fill(true);
    }

    /// Read every clause as undecided (and so negated).
    pub fn mark_all_undecided(&mut self) {
        self.clause_undecided.fill(true);
        self.clause_negated.fill(true);
    }

    /// Whether the clause holding a byte offset is undecided (see `clause_undecided`), or
    /// the line holding it is answered no (see `answered_no`).
    pub fn is_undecided(&self, offset: usize) -> bool {
        let i = self.clause_ends.partition_point(|&e| e as usize <= offset);
        self.clause_undecided.get(i).copied().unwrap_or(false) || self.is_answered_no(offset)
    }

    /// Whether the line or table row holding a byte offset is answered no (see
    /// `answered_no`).
    #[inline]
    pub fn is_answered_no(&self, offset: usize) -> bool {
        !self.answered_no.is_empty() && in_ranges(&self.answered_no, offset)
    }

    /// Whether anything in the block is undecided.
    pub fn has_undecided(&self) -> bool {
        !self.answered_no.is_empty() || self.clause_undecided.contains(&true)
    }

    /// Whether the words at a byte offset are said to be absent or undecided: their clause
    /// says so, or they come straight after a denial.
    pub fn is_negated(&self, offset: usize) -> bool {
        let i = self.clause_ends.partition_point(|&e| e as usize <= offset);
        self.clause_negated.get(i).copied().unwrap_or(false)
            || self.denied.binary_search(&(offset as u32)).is_ok()
            || self.is_answered_no(offset)
    }
}

/// Whether a byte offset falls in one of `ranges` (start and end, in order, not
/// overlapping).
fn in_ranges(ranges: &[(u32, u32)], offset: usize) -> bool {
    let i = ranges.partition_point(|&(_, end)| end as usize <= offset);
    ranges
        .get(i)
        .is_some_and(|&(start, _)| start as usize <= offset)
}

/// Tick boxes left empty, as Word checklists and plain-text forms write them.
const EMPTY_BOXES: &[&str] = &[
    "\u{2610}", "\u{25a1}", "\u{25fb}", "\u{2b1c}", "\u{274f}", "\u{2751}", "[ ]", "[  ]",
];

/// Ticked boxes and ticks.
const TICKS: &[&str] = &[
    "\u{2611}", "\u{2612}", "\u{2713}", "\u{2714}", "\u{2705}", "\u{22a0}", "\u{25a0}", "[x]",
    "[X]",
];

/// The tick boxes and ticks in `text`, in order: where each starts, its length in bytes,
/// and whether it is ticked.
pub(super) fn boxes_in(text: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    // every box and tick starts with `[` or the byte 0xE2; look only there
    memchr::memchr2_iter(b'[', 0xE2, text.as_bytes()).filter_map(move |at| {
        let rest = &text.as_bytes()[at..];
        let starts = |b: &&&str| rest.starts_with(b.as_bytes());
        match TICKS.iter().find(starts) {
            Some(tick) => Some((at, tick.len(), true)),
            None => EMPTY_BOXES
                .iter()
                .find(starts)
                .map(|b| (at, b.len(), false)),
        }
    })
}

/// Whether `text` holds an empty tick box and nothing ticked. With both ("Yes ☐ No ☒")
/// the answer is given, and the words around it are read as they are.
fn holds_only_empty_boxes(text: &str) -> bool {
    let mut empty = false;
    for (_, _, ticked) in boxes_in(text) {
        if ticked {
            return false;
        }
        empty = true;
    }
    empty
}

/// Where each sentence and each clause of `text` ends (exclusive offsets, the last at the
/// text's end). A sentence ends at `.`, `!`, `?` or `;` followed by a space or the end; a
/// clause also at such a `,`.
fn sentence_and_clause_ends(text: &str) -> (Vec<u32>, Vec<u32>) {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut clause_ends = Vec::new();
    let mut at_mark_before_space = |i: usize| {
        let b = bytes[i];
        // "e.g. ", "i.e. " and initials ("K. Osei") do not end sentences
        let prev_short = i >= 2 && bytes[i - 2] == b' ' || i == 1;
        if matches!(b, b'.' | b'!' | b'?' | b';') && !(b == b'.' && prev_short) {
            ends.push((i + 1) as u32);
            clause_ends.push((i + 1) as u32);
        } else if b == b',' {
            clause_ends.push((i + 1) as u32);
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        // every mark sorts at or before `?`, and letters after it: most bytes stop here
        if b > b'?' || !matches!(b, b'.' | b'!' | b'?' | b';' | b',') {
            continue;
        }
        if bytes.get(i + 1).is_none_or(|&c| c == b' ') {
            at_mark_before_space(i);
        }
    }
    if ends.last().is_none_or(|&e| (e as usize) < text.len()) {
        ends.push(text.len() as u32);
    }
    if clause_ends
        .last()
        .is_none_or(|&e| (e as usize) < text.len())
    {
        clause_ends.push(text.len() as u32);
    }
    (ends, clause_ends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_says_nothing() {
        let text = "Are filtering and monitoring reviewed annually, with the DSL? Yes: we review them each July. What should staff do? Tell the DSL.";
        let s = Sentences::of(text);
        for (word, asked) in [
            ("filtering", true),
            ("DSL?", true),
            ("review them", false),
            ("staff do", true),
            ("Tell", false),
        ] {
            assert_eq!(s.is_negated(text.find(word).unwrap()), asked, "{word}");
        }
        // a table row's question cell, and a question mark inside a sentence
        let row = "Do all staff receive training at induction? | Yes";
        assert!(Sentences::of(row).is_negated(3));
        assert!(!Sentences::of("Staff ask “is this safe?” before sharing.").is_negated(0));
    }

    #[test]
    fn sentences_and_negation() {
        let s = Sentences::of(
            "We filter all devices. We do not have a monitoring system yet. Mrs K. Osei leads.",
        );
        assert_eq!(s.ends.len(), 3);
        assert!(!s.is_negated(3));
        assert!(s.is_negated(30));
        assert!(!s.is_negated(70));
        assert_eq!(Sentences::of("").ends, vec![0]);
        // negation belongs to its clause
        let s = Sentences::of("Where there is no coercion, the DSL refers within 24 hours.");
        assert!(s.is_negated(10));
        assert!(!s.is_negated(40));
        let s = Sentences::of("Prevent lead: TBC");
        assert!(s.is_negated(0));
        let s = Sentences::of("The policy is reviewed [annually / termly] by governors.");
        assert!(s.is_negated(4));
        let s = Sentences::of("The policy is reviewed annually [see section 4] by governors.");
        assert!(!s.is_negated(4));
        let s = Sentences::of("Filtering is reviewed annually/termly (delete as appropriate).");
        assert!(s.is_negated(4));
        assert!(!Sentences::of("Records are deleted when no longer needed.").is_negated(0));
        // an empty tick box, unless something is ticked; a ticked "[x]" is not a template
        assert!(Sentences::of("\u{2610} Filtering is reviewed annually").is_negated(4));
        assert!(Sentences::of("Filtering is reviewed annually | [ ]").is_negated(0));
        assert!(!Sentences::of("Filtering is reviewed annually | [x]").is_negated(0));
        assert!(
            !Sentences::of("Filtering reviewed annually: No \u{2610} Yes \u{2612}").is_negated(0)
        );
        // a cue is found whatever its case
        assert!(Sentences::of("Prevent lead: To Be Confirmed").is_negated(0));
        assert!(Sentences::of("We DO NOT HAVE a filtering system.").is_negated(0));
        // done or given to no one so far
        for not_done in [
            "Staff have not received training on filtering.",
            "Monitoring has not been set up.",
            "There are no plans to review filtering annually.",
            "Prevent lead: to be appointed",
            "We hope to review our filtering annually.",
            "We are considering whether to use a filtering system.",
            "We would like to put monitoring in place.",
            "We have not got a filtering system.",
            "We used to have a filtering system, but the contract ended.",
            "Monitoring software: not installed",
            "The DSL's training has expired.",
        ] {
            assert!(Sentences::of(not_done).is_negated(0), "{not_done}");
        }
        // the cues stay few enough for the automaton's prefilter, none inside another
        let cues: Vec<&str> = DENIAL_CUES.iter().chain(UNDECIDED_CUES).copied().collect();
        assert!(cues.len() <= 52, "{} cues", cues.len());
        for a in &cues {
            for b in &cues {
                assert!(a == b || !b.contains(a), "{a:?} is inside {b:?}");
            }
        }
        // in a clause of its own, the condition does not undo what follows it
        let s = Sentences::of("If a concern has not been resolved, staff tell the DSL.");
        assert!(s.is_negated(5));
        assert!(!s.is_negated(40));
    }

    /// The first reading of sentence ends, kept as the reference for the quicker one.
    fn ends_byte_by_byte(text: &str) -> (Vec<u32>, Vec<u32>) {
        let mut ends = Vec::new();
        let mut clause_ends = Vec::new();
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let end_mark = matches!(b, b'.' | b'!' | b'?' | b';');
            let next_is_space = bytes.get(i + 1).is_none_or(|c| *c == b' ');
            let prev_short = i >= 2 && bytes[i - 2] == b' ' || i == 1;
            if end_mark && next_is_space && !(b == b'.' && prev_short) {
                ends.push((i + 1) as u32);
                clause_ends.push((i + 1) as u32);
            } else if b == b',' && next_is_space {
                clause_ends.push((i + 1) as u32);
            }
        }
        if ends.last().is_none_or(|&e| (e as usize) < text.len()) {
            ends.push(text.len() as u32);
        }
        if clause_ends
            .last()
            .is_none_or(|&e| (e as usize) < text.len())
        {
            clause_ends.push(text.len() as u32);
        }
        (ends, clause_ends)
    }

    #[test]
    fn sentence_and_clause_ends_match_the_first_reading() {
        // every text of up to 7 symbols from the ones that matter, and a letter
        let symbols = [b'.', b' ', b',', b';', b'!', b'?', b'a'];
        let mut checked = 0;
        for len in 0..=7u32 {
            for n in 0..symbols.len().pow(len) {
                let mut rest = n;
                let text: String = (0..len)
                    .map(|_| {
                        let c = symbols[rest % symbols.len()] as char;
                        rest /= symbols.len();
                        c
                    })
                    .collect();
                assert_eq!(
                    sentence_and_clause_ends(&text),
                    ends_byte_by_byte(&text),
                    "{text:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 960_800);
    }

    /// A document's sentences, their cues found in one pass over all its blocks, are what
    /// reading each block on its own gives (bar the undecided task items and bare headings
    /// marked afterwards, the answers found from the block and its table, and the notes to
    /// the author): over every Markdown file in the repository and a policy whose cues sit
    /// at the edges of its blocks and in any case.
    #[test]
    fn a_documents_sentences_are_its_blocks_read_one_by_one() {
        let made_up = "# TBC\n\nPrevent lead: To Be Confirmed\n\n- n/a\n- We do NOT have one, yet.\n\nNot yet";
        let mut negated = 0;
        for doc in crate::document::documents_in_repository(&[made_up]) {
            assert_eq!(doc.sentences.len(), doc.outline.blocks.len());
            let rows_answered_no = super::super::status::rows_answered_no(&doc.outline);
            for (i, (sentences, block)) in doc.sentences.iter().zip(&doc.outline.blocks).enumerate()
            {
                let mut alone = Sentences::of(&block.plain);
                // and lines and rows answered no are found from the block
                alone.answered_no = if rows_answered_no.contains(&i) {
                    vec![(0, block.plain.len() as u32)]
                } else {
                    super::super::status::lines_answered_no(block, &alone.ends)
                };
                // and notes to the author: whole blocks and sections found over the
                // document, sentences from the block
                if sentences.note {
                    alone.mark_all_undecided();
                    alone.note = true;
                } else if block.kind != crate::document::markdown::BlockKind::LinkTarget {
                    let lowered = block.plain.to_ascii_lowercase();
                    let marks = super::super::authoring::note_marks(&lowered);
                    super::super::authoring::mark_instructions(
                        &lowered,
                        &mut alone,
                        marks.into_iter(),
                    );
                }
                // a task item not ticked is undecided throughout, and so may be a heading
                // with little under it
                if block.unticked
                    || block.kind == crate::document::markdown::BlockKind::Heading
                        && sentences.clause_negated.iter().all(|&n| n)
                {
                    alone.mark_all_undecided();
                }
                assert_eq!(sentences, &alone, "{:?}", block.plain);
                negated += sentences.clause_negated.iter().filter(|n| **n).count();
            }
        }
        assert!(negated > 40, "negated clauses: {negated}");
    }
}
