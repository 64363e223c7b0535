//! Words that come straight after a denial: "we do not review filtering", "filtering is not
//! reviewed", "the school does not normally involve the police", "Mrs Patel is no longer the
//! DSL". The negation cues
//! ([`super::sentences::DENIAL_CUES`]) mark a whole clause; a bare "not" cannot, as most
//! clauses holding one still say what is done ("if a concern has not gone away, tell the
//! DSL"). So only the words right after the denial are marked.
//!
//! Prohibitions are not denials: "staff must not view the image", "do not delete the
//! messages" and "pupils should never share passwords" say what the rule is. Modal ("must
//! not", "cannot", "will not") and imperative ("Do not…", "Never…") forms are left alone, and
//! rules whose evidence is a prohibition ("staff do not use personal phones") set
//! `reject_negated = false`.

use std::sync::LazyLock;

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

/// The words that deny, each searched for on its own (memchr's search is quicker for one
/// short word than an automaton for five), built once.
static FINDERS: LazyLock<Vec<(&str, memmem::Finder<'static>)>> = LazyLock::new(|| {
    ["not", "never", "n't", "n\u{2019}t", "no longer"]
        .iter()
        .map(|&n| (n, memmem::Finder::new(n.as_bytes())))
        .collect()
});

/// Where, in `lowered` (a block's text with ASCII letters in lowercase), words start that
/// come straight after a denial, in order. A phrase found starting at one of these places
/// is denied. Only the few words around each "not", "never", "n't" and "no longer" are read.
pub fn denied_starts(lowered: &str) -> Vec<u32> {
    let bytes = lowered.as_bytes();
    let mut out = Vec::new();
    for &(needle, ref finder) in FINDERS.iter() {
        for at in finder.find_iter(bytes) {
            let end = at + needle.len();
            if next_char(lowered, end).is_some_and(is_word_char) {
                continue;
            }
            let denial = if needle.starts_with("n'") || needle.starts_with("n\u{2019}") {
                // "doesn't", "isn't": the word the "n't" ends
                let start = word_start(lowered, at);
                let stem = &lowered[start..at];
                let imperative = stem == "do" && opens_clause(lowered, start);
                !stem.is_empty() && !BEFORE_NT_RULE.contains(&stem) && !imperative
            } else {
                if prev_char(lowered, at).is_some_and(is_word_char) {
                    continue;
                }
                let before = word_before(lowered, at);
                let rule = before.is_some_and(|(s, e)| BEFORE_NOT_RULE.contains(&&lowered[s..e]));
                // "Do not…", "Please do not…" and "Never…" opening a clause are instructions
                let imperative = opens_clause(lowered, at)
                    || (needle == "not"
                        && before.is_some_and(|(s, e)| {
                            &lowered[s..e] == "do"
                                && (opens_clause(lowered, s)
                                    || word_before(lowered, s).is_some_and(|(ps, pe)| {
                                        &lowered[ps..pe] == "please" && opens_clause(lowered, ps)
                                    }))
                        }));
                needle == "no longer" || (!rule && !imperative)
            };
            if !denial {
                continue;
            }
            // the words after the denial while they are joined to it by spaces, through up to
            // MOST_LINKS linking words
            let mut from = end;
            for links in 0..=MOST_LINKS {
                let Some((start, stop)) = word_after(lowered, from) else {
                    break;
                };
                let word = &lowered[start..stop];
                if links == 0 && AFTER_NOT_NO_DENIAL.contains(&word) {
                    break;
                }
                out.push(start as u32);
                let adverb = word.len() > 4 && word.ends_with("ly");
                if !(adverb || LINKS.contains(&word)) {
                    break;
                }
                from = stop;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// Where the word ending at `at` starts (letters, digits and apostrophes inside it).
fn word_start(text: &str, at: usize) -> usize {
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev() {
        if is_word_char(c) || matches!(c, '\'' | '\u{2019}') {
            start = i;
        } else {
            break;
        }
    }
    start
}

/// The word before `at` when only spaces come between them.
fn word_before(text: &str, at: usize) -> Option<(usize, usize)> {
    let end = text[..at].trim_end_matches(' ').len();
    if end == at || !prev_char(text, end).is_some_and(is_word_char) {
        return None;
    }
    Some((word_start(text, end), end))
}

/// The word after `at` when only spaces (at least one) come between them.
fn word_after(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = &text[at..];
    let start = at + (rest.len() - rest.trim_start_matches(' ').len());
    if start == at || !next_char(text, start).is_some_and(is_word_char) {
        return None;
    }
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        if is_word_char(c) || matches!(c, '\'' | '\u{2019}' | '-') {
            end = start + i + c.len_utf8();
        } else {
            break;
        }
    }
    // a word's trailing apostrophe or hyphen ("pupils'") is not part of it
    let trimmed = text[start..end].trim_end_matches(['\'', '\u{2019}', '-']);
    Some((start, start + trimmed.len()))
}

/// Whether nothing but spaces, list marks or quotation marks comes between the start of
/// the clause (the text's start or a mark that ends a clause) and `at`.
fn opens_clause(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        if is_word_char(c) {
            return false;
        }
        if matches!(
            c,
            ',' | ';' | '.' | '!' | '?' | ':' | '(' | ')' | '|' | '\u{2013}' | '\u{2014}'
        ) {
            return true;
        }
    }
    true
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
