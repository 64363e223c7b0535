//! Words that come straight after a denial: "we do not review filtering", "filtering is not
//! reviewed", "the school does not normally involve the police", "Mrs Patel is no longer the
//! DSL". The negation cues
//! ([`super::sentences::NEGATION_CUES`]) mark a whole clause; a bare "not" cannot, as most
//! clauses holding one still say what is done ("if a concern has not gone away, tell the
//! DSL"). So only the words right after the denial are marked.
//!
//! Prohibitions are not denials: "staff must not view the image", "do not delete the
//! messages" and "pupils should never share passwords" say what the rule is. Modal ("must
//! not", "cannot", "will not") and imperative ("Do not…", "Never…") forms are left alone, and
//! rules whose evidence is a prohibition ("staff do not use personal phones") set
//! `reject_negated = false`.

use memchr::memmem;

/// Words that make the "not" after them a rule or a condition, not a denial: "must not",
/// "whether or not", "if not".
const BEFORE_NOT_RULE: &[&str] = &[
    "must", "should", "may", "might", "can", "could", "shall", "will", "would", "please", "or",
    "if", "whether", "when", "where", "while", "unless", "why",
];

/// What comes before "n't" in the same modal forms: "mustn't", "can't", "won't", "shan't".
const BEFORE_NT_RULE: &[&str] = &[
    "must", "should", "ca", "wo", "would", "could", "might", "sha",
];

/// Words after "not" that make it something other than a denial: "not only…but also", "not
/// just", "not least", "told not to share".
const AFTER_NOT_NO_DENIAL: &[&str] = &[
    "only", "just", "merely", "simply", "least", "to", "in", "at", "for", "from", "on", "with",
];

/// Words the denied words may follow, up to three of them: "not be reviewed", "not
/// normally involve the police", "not required to review". Not "take" or "hold": "visitors
/// do not take photographs without permission" states the rule on photographs.
const LINKS: &[&str] = &[
    "be",
    "been",
    "being",
    "involve",
    "involves",
    "need",
    "needs",
    "require",
    "requires",
    "receive",
    "receives",
    "undertake",
    "undertakes",
    "have",
    "has",
    "required",
    "expected",
    "obliged",
    "to",
    "the",
    "a",
    "an",
    "any",
    "our",
    "their",
    "its",
    "this",
];

/// Most words between the denial and the words it denies.
const MOST_LINKS: usize = 3;

/// Where, in `lowered` (a block's text with ASCII letters in lowercase), words start that
/// come straight after a denial, in order. A phrase found starting at one of these places
/// is denied.
pub fn denied_starts(lowered: &str) -> Vec<u32> {
    let bytes = lowered.as_bytes();
    let might_deny = ["not", "n't", "n\u{2019}t", "never", "no longer"]
        .iter()
        .any(|n| memmem::find(bytes, n.as_bytes()).is_some());
    if !might_deny {
        return Vec::new();
    }
    let words = words_of(lowered);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let text = &lowered[w.start..w.end];
        let denial = match text {
            "not" | "never" => {
                let before = i.checked_sub(1).map(|p| &words[p]);
                let rule = before.is_some_and(|b| {
                    b.joined_to_next && BEFORE_NOT_RULE.contains(&&lowered[b.start..b.end])
                });
                // "Do not…", "Please do not…" and "Never…" opening a clause are instructions
                let imperative = if text == "never" {
                    w.opens_clause
                } else {
                    let opens = |k: usize| {
                        words[k].opens_clause
                            || k.checked_sub(1).is_some_and(|p| {
                                words[p].opens_clause
                                    && &lowered[words[p].start..words[p].end] == "please"
                            })
                    };
                    before.is_some_and(|b| {
                        b.joined_to_next && &lowered[b.start..b.end] == "do" && opens(i - 1)
                    }) || w.opens_clause
                };
                !rule && !imperative
            }
            "longer" => i.checked_sub(1).is_some_and(|p| {
                let b = &words[p];
                b.joined_to_next && &lowered[b.start..b.end] == "no"
            }),
            _ => match text
                .strip_suffix("n't")
                .or_else(|| text.strip_suffix("n\u{2019}t"))
            {
                Some(stem) => {
                    let imperative = stem == "do" && w.opens_clause;
                    !stem.is_empty() && !BEFORE_NT_RULE.contains(&stem) && !imperative
                }
                None => false,
            },
        };
        if !denial {
            continue;
        }
        // the words after the denial while they are joined to it by spaces, through up to
        // MOST_LINKS linking words
        for (links, at) in (i..words.len() - 1).take(MOST_LINKS + 1).enumerate() {
            if !words[at].joined_to_next {
                break;
            }
            let next = &words[at + 1];
            let next_text = &lowered[next.start..next.end];
            if links == 0 && AFTER_NOT_NO_DENIAL.contains(&next_text) {
                break;
            }
            out.push(next.start as u32);
            let adverb = next_text.len() > 4 && next_text.ends_with("ly");
            if !(adverb || LINKS.contains(&next_text)) {
                break;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

struct Word {
    start: usize,
    end: usize,
    /// Whether only spaces separate it from the next word.
    joined_to_next: bool,
    /// Whether it is the first word of its clause (nothing but spaces, list marks or
    /// quotation marks since the last mark that ends a clause).
    opens_clause: bool,
}

fn words_of(lowered: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut start: Option<usize> = None;
    // since the last word: only spaces, and whether a clause ended
    let mut only_spaces = true;
    let mut clause_ended = true;
    for (i, c) in lowered.char_indices() {
        let in_word =
            c.is_alphanumeric() || (start.is_some() && matches!(c, '\'' | '\u{2019}' | '-'));
        if in_word {
            if start.is_none() {
                if let Some(last) = words.last_mut() {
                    last.joined_to_next = only_spaces;
                }
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            words.push(Word {
                start: s,
                end: i,
                joined_to_next: false,
                opens_clause: clause_ended,
            });
            only_spaces = true;
            clause_ended = false;
        }
        if c != ' ' {
            only_spaces = false;
        }
        if matches!(
            c,
            ',' | ';' | '.' | '!' | '?' | ':' | '(' | ')' | '|' | '\u{2013}' | '\u{2014}'
        ) {
            clause_ended = true;
        }
    }
    if let Some(s) = start {
        words.push(Word {
            start: s,
            end: lowered.len(),
            joined_to_next: false,
            opens_clause: clause_ended,
        });
    }
    // a word's trailing apostrophe or hyphen ("pupils'") is not part of it
    for w in &mut words {
        while lowered[w.start..w.end].ends_with(['\'', '-']) {
            w.end -= 1;
        }
        if lowered[w.start..w.end].ends_with('\u{2019}') {
            w.end -= '\u{2019}'.len_utf8();
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words found denied in `text`.
    fn denied(text: &str) -> Vec<&str> {
        let lowered = text.to_ascii_lowercase();
        denied_starts(&lowered)
            .into_iter()
            .map(|s| {
                let rest = &text[s as usize..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '\''))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
            .collect()
    }

    #[test]
    fn words_straight_after_a_denial_are_denied() {
        assert_eq!(denied("We do not review filtering annually."), ["review"]);
        assert_eq!(denied("Filtering is not reviewed."), ["reviewed"]);
        assert_eq!(
            denied("The school does not normally involve the police."),
            ["normally", "involve", "the", "police"]
        );
        assert_eq!(
            denied("Visitors do not take photographs without permission."),
            ["take"]
        );
        assert_eq!(denied("Mrs Patel is no longer the DSL."), ["the", "DSL"]);
        assert_eq!(denied("We never review it."), ["review"]);
        assert_eq!(denied("Filtering isn't reviewed."), ["reviewed"]);
        assert_eq!(denied("Filtering isn\u{2019}t reviewed."), ["reviewed"]);
        assert_eq!(denied("It will not be, as a rule"), Vec::<&str>::new());
    }

    #[test]
    fn rules_instructions_and_conditions_are_not_denials() {
        for text in [
            "Staff must not view the image.",
            "Staff mustn't view the image.",
            "Staff cannot view the image.",
            "Staff can't view the image.",
            "The DSL will not view the image.",
            "Do not delete the messages.",
            "If you find an image: do not view it, tell the DSL.",
            "- Please do not forward it.",
            "Don't forward it.",
            "Never share passwords.",
            "Whether or not the police are involved, record it.",
            "If not, refer to the DSL.",
            "We not only review filtering but also test it.",
            "Staff are told not to view images.",
            "Devices are locked when not in use.",
            "Records are kept, not deleted, until the review",
            "Nothing is noted here.",
        ] {
            assert_eq!(
                denied(text),
                Vec::<&str>::new(),
                "{text}: words after a rule or instruction are not denied"
            );
        }
    }

    #[test]
    fn a_denial_stops_at_the_end_of_its_clause() {
        assert_eq!(
            denied("If it is not, the DSL reviews it."),
            Vec::<&str>::new(),
            "the comma ends the denial"
        );
        assert_eq!(denied("We do not (yet) review it."), Vec::<&str>::new());
    }
}
