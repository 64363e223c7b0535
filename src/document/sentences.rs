//! Sentences of each block, and whether each one says a thing is absent or undecided
//! ("we do not have…", "TBC"), worked out once per document so that checks with thousands
//! of phrase hits stay linear.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Words that, in the same sentence, say the thing is absent or undecided.
pub const NEGATION_CUES: &[&str] = &[
    "do not have",
    "does not have",
    "don't have",
    "doesn't have",
    "do not currently have",
    "not in place",
    "not yet",
    "there is no ",
    "there are no ",
    "we have no ",
    "has no ",
    "have no ",
    "tbc",
    "to be confirmed",
    "to be agreed",
    "to be decided",
    "to be written",
    "to be developed",
    "not applicable",
    "n/a",
    "is not used",
    "are not used",
    "not currently",
    "haven't",
    "hasn't",
    "have not yet",
    "has not yet",
    "does not cover",
    "do not cover",
    "does not include",
    "do not include",
    "is not covered",
    "are not covered",
];

static CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(NEGATION_CUES)
        .expect("negation cues compile")
});

/// The sentences of one block: where each ends; and its clauses (split at commas and
/// semicolons), each negated or not. Negation is judged per clause, so "where there is no
/// coercion, the DSL refers within 24 hours" still counts as saying the referral happens.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// Exclusive end offset of each sentence in the block's text.
    pub ends: Vec<u32>,
    /// Exclusive end offset of each clause.
    pub clause_ends: Vec<u32>,
    pub clause_negated: Vec<bool>,
}

impl Sentences {
    pub fn of(text: &str) -> Sentences {
        let mut ends = Vec::new();
        let mut clause_ends = Vec::new();
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let end_mark = matches!(b, b'.' | b'!' | b'?' | b';');
            let next_is_space = bytes.get(i + 1).is_none_or(|c| *c == b' ');
            // "e.g. ", "i.e. " and initials ("K. Osei") do not end sentences
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
        let mut clause_negated = vec![false; clause_ends.len()];
        let mut mark = |at: usize| {
            let i = clause_ends.partition_point(|&e| e as usize <= at);
            if let Some(n) = clause_negated.get_mut(i) {
                *n = true;
            }
        };
        for m in CUES.find_iter(text) {
            mark(m.start());
        }
        // an unfilled template choice ("reviewed [annually / termly]", "{{school}}") decides
        // nothing
        for (i, _) in text.match_indices('[') {
            if let Some(close) = text[i..].find(']') {
                let inside = &text[i + 1..i + close];
                if close < 120 && inside.chars().any(char::is_alphabetic) {
                    mark(i);
                }
            }
        }
        for (i, _) in text.match_indices("{{") {
            mark(i);
        }
        Sentences {
            ends,
            clause_ends,
            clause_negated,
        }
    }

    /// The index of the sentence holding a byte offset.
    pub fn index_of(&self, offset: usize) -> usize {
        self.ends
            .partition_point(|&e| e as usize <= offset)
            .min(self.ends.len().saturating_sub(1))
    }

    /// Whether the clause holding a byte offset says the thing is absent or undecided.
    pub fn is_negated(&self, offset: usize) -> bool {
        let i = self.clause_ends.partition_point(|&e| e as usize <= offset);
        self.clause_negated.get(i).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!Sentences::of("Records are deleted when no longer needed.").is_negated(0));
    }
}
