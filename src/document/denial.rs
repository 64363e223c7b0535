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

/// Where each denial cue starts in `lowered` (text with ASCII letters in lowercase), in
/// order, and which it is: an index into [`FINDERS`], or past them into [`OTHER_CUES`].
/// A cue never holds a line break, so over a document's blocks joined by line breaks this
/// finds what a search of each block would.
pub fn cue_starts(lowered: &str) -> Vec<(usize, u8)> {
    let bytes = lowered.as_bytes();
    let mut found = Vec::new();
    let finders = FINDERS.iter().map(|(_, f)| f).chain(OTHER_FINDERS.iter());
    for (cue, finder) in finders.enumerate() {
        found.extend(finder.find_iter(bytes).map(|at| (at, cue as u8)));
    }
    found.sort_unstable();
    found
}

/// Where, in `lowered` (a block's text with ASCII letters in lowercase), words start that
/// come straight after a denial, in order. A phrase found starting at one of these places
/// is denied. Only the few words around each "not", "never", "n't", "no longer" and the
/// other cues are read.
pub fn denied_starts(lowered: &str) -> Vec<u32> {
    denied_after(lowered, cue_starts(lowered).into_iter())
}

/// [`denied_starts`], given where the text's cues start ([`cue_starts`], in order).
pub fn denied_after(lowered: &str, cues: impl Iterator<Item = (usize, u8)>) -> Vec<u32> {
    let mut out = Vec::new();
    for (at, cue) in cues {
        let Some(&(needle, _)) = FINDERS.get(cue as usize) else {
            other_denial(
                lowered,
                at,
                OTHER_CUES[cue as usize - FINDERS.len()],
                &mut out,
            );
            continue;
        };
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
            if needle == "no longer" && !rule {
                // "we no longer review…", "we no longer hold an annual review"
                deny_verb_phrase(lowered, end, clause_bounds(lowered, at).1, &mut out);
                continue;
            }
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
    out.sort_unstable();
    out.dedup();
    out
}

/// Other ways of saying a thing is not done than "not": "No annual review takes place",
/// "we hold no review", "we have yet to review", "neither the DSL nor governors review",
/// "we stopped reviewing", "the review was suspended".
#[derive(Clone, Copy, PartialEq)]
enum Other {
    /// "no" before what there is none of.
    No,
    /// "yet to", after "have" or "are".
    YetTo,
    /// "neither … nor".
    Neither,
    /// A verb of stopping or failing: what follows it is not done ("we stopped reviewing",
    /// "the school failed to review"), or, in the passive, what comes before it ("the
    /// review was suspended").
    Stopped,
}

const OTHER_CUES: &[(&str, Other)] = &[
    // with its space: "no" alone is inside many words ("not", "know", "technology")
    ("no ", Other::No),
    ("yet to", Other::YetTo),
    ("neither", Other::Neither),
    ("stopped", Other::Stopped),
    ("ceased", Other::Stopped),
    ("failed to", Other::Stopped),
    ("fails to", Other::Stopped),
    ("fail to", Other::Stopped),
    ("discontinued", Other::Stopped),
    ("suspended", Other::Stopped),
    ("cancelled", Other::Stopped),
    ("canceled", Other::Stopped),
    ("abandoned", Other::Stopped),
    ("postponed", Other::Stopped),
    ("paused", Other::Stopped),
    ("scrapped", Other::Stopped),
    ("withdrawn", Other::Stopped),
];

// Each cue searched for on its own, as the denials are (see FINDERS), once over the whole
// document: an automaton for them all read every byte at several times the cost.
static OTHER_FINDERS: LazyLock<Vec<memmem::Finder<'static>>> = LazyLock::new(|| {
    OTHER_CUES
        .iter()
        .map(|&(cue, _)| memmem::Finder::new(cue.as_bytes()))
        .collect()
});

/// Words after "no" that do not deny: "no later than", "no more than", "no one may".
const AFTER_NO_NO_DENIAL: &[&str] = &[
    "later",
    "more",
    "less",
    "fewer",
    "sooner",
    "earlier",
    "greater",
    "longer",
    "matter",
    "one",
    "doubt",
    "exception",
    "exceptions",
    "cost",
    "charge",
];

/// Words that end what a denial covers within its clause: "Mrs Patel no longer holds the
/// role and Mr Khan has taken over".
const CLAUSE_JOINS: &[&str] = &[
    "and", "but", "so", "because", "as", "since", "while", "whereas", "which", "who", "until",
    "unless", "instead", "then", "now", "when", "where", "although", "though", "however",
];

/// Words of a rule or a condition in a clause: "no pupil may bring a phone" is a rule, not
/// a denial.
const RULE_WORDS: &[&str] = &[
    "must", "should", "may", "might", "can", "could", "shall", "will", "would", "cannot", "if",
    "unless", "whether", "when", "where",
];

/// The words of the passive before a verb of stopping: "the review was suspended".
const PAST_PASSIVE: &[&str] = &["was", "were", "been"];

fn other_denial(lowered: &str, at: usize, (cue, other): (&str, Other), out: &mut Vec<u32>) {
    // ("no " is found with its space)
    let end = at + cue.trim_end().len();
    let whole_word = !prev_char(lowered, at).is_some_and(is_word_char)
        && !next_char(lowered, end).is_some_and(is_word_char);
    if !whole_word {
        return;
    }
    let before = word_before(lowered, at).map(|(s, e)| &lowered[s..e]);
    let clause = clause_bounds(lowered, at);
    let clause_words = || words_in(lowered, clause.0, clause.1);
    let conditional_or_rule = || clause_words().any(|(s, e)| RULE_WORDS.contains(&&lowered[s..e]));
    match other {
        Other::No => {
            let Some((next, next_end)) = word_after(lowered, end) else {
                return;
            };
            if AFTER_NO_NO_DENIAL.contains(&&lowered[next..next_end])
                || before.is_some_and(|b| matches!(b, "a" | "an" | "the"))
                || conditional_or_rule()
            {
                return;
            }
            // what there is none of: "No annual review (of filtering) takes place", "we
            // hold no annual review"; opening the clause, its verb too ("No staff receive
            // online safety training")
            let most = if opens_clause(lowered, at) {
                usize::MAX
            } else {
                3
            };
            deny_phrase(lowered, end, clause.1, most, out);
        }
        Other::YetTo => {
            if before.is_some_and(|b| {
                matches!(
                    b,
                    "is" | "are" | "am" | "was" | "were" | "have" | "has" | "had"
                )
            }) {
                deny_verb_phrase(lowered, end, clause.1, out);
            }
        }
        Other::Neither => {
            // not "Neither filtering nor monitoring can replace teaching", a view
            if !before.is_some_and(|b| BEFORE_NOT_RULE.contains(&b)) && !conditional_or_rule() {
                deny_rest(lowered, end, clause.1, out);
            }
        }
        Other::Stopped => {
            if conditional_or_rule()
                || before
                    .is_some_and(|b| matches!(b, "who" | "that" | "which" | "is" | "are" | "be"))
            {
                return;
            }
            if before.is_some_and(|b| PAST_PASSIVE.contains(&b)) {
                // "the annual review was suspended": what came before, back to where
                // the clause or the last joining word starts
                let words: Vec<(usize, usize)> =
                    clause_words().take_while(|&(s, _)| s < at).collect();
                let from = words
                    .iter()
                    .enumerate()
                    .rfind(|&(i, &(s, e))| joins_a_clause(lowered, s, e, words.get(i + 1)))
                    .map_or(clause.0, |(_, &(_, e))| e);
                // up to its auxiliaries: "was", "has been"
                let mut upto = at;
                while let Some((s, e)) = word_before(lowered, upto)
                    && matches!(
                        &lowered[s..e],
                        "was" | "were" | "been" | "has" | "have" | "had"
                    )
                {
                    upto = s;
                }
                deny_phrase(lowered, from, upto, usize::MAX, out);
            } else if matches!(&lowered[at..end], "stopped" | "ceased")
                || lowered[at..end].ends_with(" to")
            {
                // "we stopped reviewing…", "the school failed to review…"
                deny_verb_phrase(lowered, end, clause.1, out);
            } else {
                // "we suspended the annual review"
                deny_phrase(lowered, end, clause.1, usize::MAX, out);
            }
        }
    }
}

/// Whether the word from `s` to `e` joins another clause on, given the word after it: "and"
/// does so only before a new subject ("…annually and the old system was withdrawn"), not
/// inside a list ("filtering and monitoring was suspended").
fn joins_a_clause(lowered: &str, s: usize, e: usize, next: Option<&(usize, usize)>) -> bool {
    match &lowered[s..e] {
        "and" | "or" => next.is_some_and(|&(ns, ne)| {
            matches!(
                &lowered[ns..ne],
                "the"
                    | "a"
                    | "an"
                    | "our"
                    | "we"
                    | "it"
                    | "this"
                    | "that"
                    | "their"
                    | "its"
                    | "they"
                    | "his"
                    | "her"
                    | "all"
            )
        }),
        word => CLAUSE_JOINS.contains(&word),
    }
}

/// Words that end a phrase: "an annual review | of filtering".
const PREPOSITIONS: &[&str] = &[
    "of", "for", "in", "on", "at", "to", "with", "by", "from", "about", "into", "during",
];

/// Verbs whose object is what is denied: "we no longer hold an annual review", "we have yet
/// to appoint a Prevent lead", "we stopped using a filtering service". After other verbs
/// the verb alone is denied: "we no longer review our filtering" does not deny that there
/// is filtering.
const OBJECT_VERBS: &[&str] = &[
    "hold",
    "holds",
    "holding",
    "use",
    "uses",
    "using",
    "run",
    "runs",
    "running",
    "provide",
    "provides",
    "providing",
    "offer",
    "offers",
    "offering",
    "operate",
    "operates",
    "operating",
    "employ",
    "employs",
    "employing",
    "keep",
    "keeps",
    "keeping",
    "carry",
    "carries",
    "carrying",
    "do",
    "does",
    "doing",
    "deliver",
    "delivers",
    "delivering",
    "arrange",
    "arranges",
    "arranging",
    "appoint",
    "appoints",
    "appointing",
    "subscribe",
    "subscribes",
    "subscribing",
    "maintain",
    "maintains",
    "maintaining",
    "conduct",
    "conducts",
    "conducting",
    "complete",
    "completes",
    "completing",
    "introduce",
    "install",
    "establish",
    "organise",
    "organize",
    "having",
];

/// Deny the words from `from`, up to `most` of them, until a preposition, a word that joins
/// another clause on, or `to`.
fn deny_phrase(lowered: &str, from: usize, to: usize, most: usize, out: &mut Vec<u32>) {
    for (s, e) in words_in(lowered, from, to).take(most) {
        let word = &lowered[s..e];
        if PREPOSITIONS.contains(&word) || CLAUSE_JOINS.contains(&word) {
            break;
        }
        out.push(s as u32);
    }
}

/// Deny the verb from `from` (after any linking words and adverbs: "be", "normally"), and
/// its object when it is a verb of having or doing ([`OBJECT_VERBS`]).
fn deny_verb_phrase(lowered: &str, from: usize, to: usize, out: &mut Vec<u32>) {
    for (s, e) in words_in(lowered, from, to) {
        let word = &lowered[s..e];
        out.push(s as u32);
        if OBJECT_VERBS.contains(&word) {
            deny_phrase(lowered, e, to, usize::MAX, out);
            return;
        }
        let adverb = word.len() > 4 && word.ends_with("ly");
        if !(adverb || LINKS.contains(&word)) {
            return;
        }
    }
}

/// Deny the words from `from` to the clause's end `to`, or to a word that joins another
/// clause on ("and", "but", "which").
fn deny_rest(lowered: &str, from: usize, to: usize, out: &mut Vec<u32>) {
    for (s, e) in words_in(lowered, from, to) {
        if CLAUSE_JOINS.contains(&&lowered[s..e]) {
            break;
        }
        out.push(s as u32);
    }
}

/// The words (start and end) between two offsets.
fn words_in(text: &str, from: usize, to: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        let rest = text.get(at..to)?;
        let skip = rest.find(is_word_char)?;
        let start = at + skip;
        let len = text[start..to]
            .find(|c: char| !(is_word_char(c) || matches!(c, '\'' | '\u{2019}' | '-')))
            .unwrap_or(to - start);
        at = start + len;
        Some((start, start + len))
    })
}

/// Where the clause holding `at` starts and ends: at the marks that end a clause (as
/// [`opens_clause`] reads them) or the text's ends.
fn clause_bounds(text: &str, at: usize) -> (usize, usize) {
    let is_mark = |c: char| {
        matches!(
            c,
            ',' | ';' | '.' | '!' | '?' | ':' | '(' | ')' | '|' | '\u{2013}' | '\u{2014}'
        )
    };
    let start = text[..at].rfind(is_mark).map_or(0, |i| i + 1);
    let end = text[at..].find(is_mark).map_or(text.len(), |i| at + i);
    (start, end)
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
    fn other_ways_of_saying_it_is_not_done() {
        assert_eq!(
            denied("No annual review of filtering takes place."),
            ["annual", "review"]
        );
        assert_eq!(
            denied("No staff receive online safety training at induction."),
            ["staff", "receive", "online", "safety", "training"]
        );
        assert_eq!(
            denied("We hold no annual review of filtering."),
            ["annual", "review"]
        );
        assert_eq!(denied("We have yet to review it."), ["review"]);
        assert_eq!(
            denied("We are yet to appoint a Prevent lead."),
            ["appoint", "a", "Prevent", "lead"]
        );
        assert_eq!(
            denied("Neither the DSL nor governors review filtering, as the trust does."),
            ["the", "DSL", "nor", "governors", "review", "filtering"]
        );
        assert_eq!(
            denied("We stopped reviewing filtering in 2022."),
            ["reviewing"]
        );
        assert_eq!(
            denied("We stopped using a filtering service in 2022."),
            ["using", "a", "filtering", "service"]
        );
        assert_eq!(denied("The school failed to review it."), ["review"]);
        assert_eq!(
            denied("The annual review of filtering was suspended in 2024."),
            ["The", "annual", "review"]
        );
        assert_eq!(
            denied("We check filtering daily and the old review was cancelled."),
            ["the", "old", "review"]
        );
        assert_eq!(
            denied("Training for governors has been postponed."),
            ["Training"]
        );
        assert_eq!(
            denied("We no longer hold an annual review of filtering."),
            ["hold", "an", "annual", "review"]
        );
        assert_eq!(
            denied("We no longer review our filtering and monitoring."),
            ["review"]
        );
    }

    #[test]
    fn rules_limits_and_conditions_with_no_are_not_denials() {
        for text in [
            "No pupil may bring a phone into an examination.",
            "Referrals are made no later than 24 hours after the concern is raised.",
            "No more than two staff view the image.",
            "No one should share their password.",
            "We have a no phones rule during lessons.",
            "If no concern is raised, the review goes ahead.",
            "Pupils who fail to follow the rules lose access for a week.",
            "If the filtering fails to block a site, staff tell the DSL.",
            "Access is suspended while the concern is looked into.",
            "Pupils may be suspended for cyberbullying.",
            "Pupils are stopped from reaching harmful sites.",
            "Staff should neither share nor forward the image.",
            "Neither filtering nor monitoring can replace good teaching.",
            "Yes / No",
            "We follow no-one's advice blindly.",
        ] {
            assert_eq!(
                denied(text),
                Vec::<&str>::new(),
                "{text}: a rule, a limit or a condition, not a denial"
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
