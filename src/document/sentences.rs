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
    "no longer",
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
];

static CUES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(NEGATION_CUES)
        .expect("negation cues compile")
});

/// The sentences of one block: where each ends, and whether it is negated.
#[derive(Debug, Clone, Default)]
pub struct Sentences {
    /// Exclusive end offset of each sentence in the block's text.
    pub ends: Vec<u32>,
    pub negated: Vec<bool>,
}

impl Sentences {
    pub fn of(text: &str) -> Sentences {
        let mut ends = Vec::new();
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let end_mark = matches!(b, b'.' | b'!' | b'?' | b';');
            let next_is_space = bytes.get(i + 1).is_none_or(|c| *c == b' ');
            // "e.g. ", "i.e. " and initials ("K. Osei") do not end sentences
            let prev_short = i >= 2 && bytes[i - 2] == b' ' || i == 1;
            if end_mark && next_is_space && !(b == b'.' && prev_short) {
                ends.push((i + 1) as u32);
            }
        }
        if ends.last().is_none_or(|&e| (e as usize) < text.len()) {
            ends.push(text.len() as u32);
        }
        let mut negated = vec![false; ends.len()];
        for m in CUES.find_iter(text) {
            let i = ends.partition_point(|&e| e as usize <= m.start());
            if let Some(n) = negated.get_mut(i) {
                *n = true;
            }
        }
        Sentences { ends, negated }
    }

    /// The index of the sentence holding a byte offset.
    pub fn index_of(&self, offset: usize) -> usize {
        self.ends
            .partition_point(|&e| e as usize <= offset)
            .min(self.ends.len().saturating_sub(1))
    }

    pub fn is_negated(&self, offset: usize) -> bool {
        self.negated
            .get(self.index_of(offset))
            .copied()
            .unwrap_or(false)
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
    }
}
