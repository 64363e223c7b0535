//! Notes to whoever fills in a template. Bought templates carry guidance for the school
//! ("Guidance note: say here how you review your filtering", "Insert here how your school
//! reviews filtering at least annually", "You should state who the DSL is") and sample
//! wording ("Example wording: 'We review…'"). Left in, they hold the right words, but the
//! school has not said anything yet: they are read as undecided.

use std::sync::LazyLock;

use memchr::memmem;

use super::sentences::Sentences;

/// How a block that is all note to the author opens (lowercase): "Guidance note: …",
/// "Example wording: …".
const NOTE_OPENINGS: &[&str] = &[
    "guidance note",
    "note to schools",
    "note for schools",
    "notes for schools",
    "note to settings",
    "notes to settings",
    "template guidance",
    "template note",
    "editor's note",
    "editor\u{2019}s note",
    "author's note",
    "author\u{2019}s note",
    "delete before publishing",
    "remove before publishing",
    "delete this note",
    "delete this box",
    "delete this guidance",
    "example wording",
    "suggested wording",
    "sample wording",
    "model wording",
    "example text",
    "suggested text",
    "sample text",
];

/// Words anywhere in a sentence that make it a note to the author: "(delete before
/// publishing)", "a school might write: …", "you may wish to say…".
const NOTE_MARKS: &[&str] = &[
    "before publishing",
    "school might write",
    "school could write",
    "schools could say",
    "schools might say",
    "you may wish to",
    "you might wish to",
    "you might want to",
    "you may want to",
    "schools may wish to",
    "settings may wish to",
];

static NOTE_FINDERS: LazyLock<Vec<memmem::Finder<'static>>> = LazyLock::new(|| {
    NOTE_MARKS
        .iter()
        .map(|m| memmem::Finder::new(m.as_bytes()))
        .collect()
});

/// Verbs that, opening a sentence, only ever tell the author what to do.
const AUTHOR_ONLY_VERBS: &[&str] = &["insert", "personalise", "personalize", "tailor"];

/// Verbs that, opening a sentence, tell the author what to write when the sentence is about
/// the document or "your school" ("Describe how your school…", "Say here…", "State how
/// often…"). Told to staff they mean something else ("Explain to the pupil…").
const AUTHOR_VERBS: &[&str] = &[
    "describe",
    "explain",
    "state",
    "outline",
    "set",
    "specify",
    "summarise",
    "summarize",
    "detail",
    "list",
    "include",
    "add",
    "say",
    "enter",
    "amend",
    "edit",
    "replace",
    "choose",
    "select",
    "complete",
    "give",
    "provide",
    "confirm",
    "identify",
];

/// What makes a sentence opening with one of [`AUTHOR_VERBS`] a note to the author.
const ABOUT_THE_DOCUMENT: &[&str] = &[
    "this section",
    "this document",
    "this template",
    "how often",
    "how your",
    "how you ",
    "whether your",
    "whether you ",
    "your school",
    "your setting",
    "your organisation",
    "your organization",
    "your college",
    "your nursery",
    "your academy",
    "your trust",
    "your provision",
    "your arrangements",
    "your approach",
    "your annual",
    "your filtering",
    "your monitoring",
    "your designated",
    "your dsl",
    "your policy",
    "your procedures",
];

/// Who, opening a sentence, is told what to write: "You should state…", "Schools may wish
/// to describe…".
const TOLD: &[&str] = &[
    "you should",
    "you must",
    "you will need to",
    "you need to",
    "you could",
    "you might",
    "schools should",
    "schools must",
    "schools could",
    "settings should",
    "settings must",
];

/// Verbs of writing, after [`TOLD`]: "You should state…" (not "Schools should include online
/// safety in the curriculum", which says what schools do).
const WRITING_VERBS: &[&str] = &[
    "state",
    "describe",
    "explain",
    "set out",
    "outline",
    "say",
    "insert",
    "specify",
    "summarise",
    "summarize",
    "detail",
    "write",
    "name",
];

/// Whether a block (its text in lowercase) is all a note to the author: it opens "Guidance
/// note", "Example wording" and the like.
pub fn is_note_block(lowered: &str) -> bool {
    let opening = lowered.trim_start_matches(|c: char| !c.is_alphanumeric());
    NOTE_OPENINGS.iter().any(|n| opening.starts_with(n))
}

/// Where, in `lowered` (text in lowercase), a mark of a note to the author is
/// ([`NOTE_MARKS`]), in order.
pub fn note_marks(lowered: &str) -> Vec<usize> {
    let mut found: Vec<usize> = NOTE_FINDERS
        .iter()
        .flat_map(|f| f.find_iter(lowered.as_bytes()))
        .collect();
    found.sort_unstable();
    found
}

/// Mark as undecided the sentences of a block (its text in lowercase) that tell the author
/// what to write, or that hold a mark of a note to the author (`marks`: where they are in
/// the block, from [`note_marks`]).
pub fn mark_instructions(
    lowered: &str,
    sentences: &mut Sentences,
    marks: impl Iterator<Item = usize>,
) {
    for at in marks {
        sentences.mark_sentence_undecided(at);
    }
    let mut from = 0;
    for k in 0..sentences.ends.len() {
        let to = sentences.ends[k] as usize;
        if instructs_author(&lowered[from..to]) {
            sentences.mark_sentence_undecided(from);
        }
        from = to;
    }
}

/// Whether a sentence (in lowercase) tells the author what to write: "Insert here how your
/// school…", "Describe your annual review…", "You should state how often…".
pub fn instructs_author(sentence: &str) -> bool {
    // after a short label too: "Guidance for schools: explain how you…"
    let bytes = sentence.as_bytes();
    let after_label = memchr::memchr(b':', &bytes[..bytes.len().min(40)])
        .filter(|&at| bytes.get(at + 1) == Some(&b' '))
        .is_some_and(|at| opens_with_instruction(&sentence[at + 2..], sentence));
    after_label || opens_with_instruction(sentence, sentence)
}

/// Whether `opening` (the start of `sentence`, or what follows its label) tells the author
/// what to write.
fn opens_with_instruction(opening: &str, sentence: &str) -> bool {
    let opening = opening.trim_start_matches(|c: char| !c.is_alphanumeric());
    let first_end = opening
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(opening.len());
    let first = &opening[..first_end];
    if AUTHOR_ONLY_VERBS.contains(&first) {
        return true;
    }
    if AUTHOR_VERBS.contains(&first) {
        // "Say here…", "List here…", but not "Complete the referral form here"
        let here = opening[first_end..].trim_start().starts_with("here");
        return here || ABOUT_THE_DOCUMENT.iter().any(|a| sentence.contains(a));
    }
    if !matches!(first, "you" | "schools" | "settings") {
        return false;
    }
    TOLD.iter().any(|told| {
        opening.strip_prefix(told).is_some_and(|rest| {
            let rest = rest
                .trim_start()
                .trim_start_matches("also ")
                .trim_start_matches("clearly ");
            WRITING_VERBS.iter().any(|v| {
                rest.strip_prefix(v)
                    .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric()))
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_to_the_author() {
        for sentence in [
            "Insert here how your school reviews filtering and monitoring at least annually.",
            "Describe your annual review of filtering and monitoring.",
            "Explain how you review filtering and monitoring at least annually.",
            "State how often filtering and monitoring are reviewed.",
            "Say here who your DSL is.",
            "You should state how often filtering and monitoring are reviewed.",
            "Schools may wish to describe their review.",
            "Schools should set out who takes part in the review.",
            "Personalise this section with your own arrangements.",
            "Guidance for schools: explain how you review filtering and monitoring annually.",
        ] {
            let lowered = sentence.to_lowercase();
            assert!(
                instructs_author(&lowered) || !note_marks(&lowered).is_empty(),
                "{sentence}"
            );
        }
        assert!(is_note_block(
            "guidance note (delete before publishing): say here…"
        ));
        assert!(is_note_block(
            "**example wording:** \u{201c}we review…\u{201d}"
        ));
        assert!(!note_marks("for example, a school might write: we review it.").is_empty());
    }

    #[test]
    fn not_notes_to_the_author() {
        for sentence in [
            "We review our filtering and monitoring provision at least annually.",
            "Explain to the pupil that the image will be seen by the DSL only.",
            "Record the concern on CPOMS and tell the DSL the same day.",
            "Include the date, the time and what was said.",
            "Schools should include online safety in the curriculum.",
            "You should tell the DSL at once.",
            "Staff describe how pupils can report concerns.",
            "Describe what happened in your own words.",
            "Complete the MASH referral form here and tell the DSL.",
            "Explain this policy to pupils at the start of each year.",
        ] {
            let lowered = sentence.to_lowercase();
            assert!(
                !instructs_author(&lowered) && note_marks(&lowered).is_empty(),
                "{sentence}"
            );
        }
        assert!(!is_note_block("guidance from the dfe says…"));
        // a partnership's guidance to its schools is what it says, not a note
        assert!(!is_note_block("guidance for schools on sharing nudes"));
    }
}
