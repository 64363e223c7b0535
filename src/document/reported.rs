//! Sentences that report what guidance says rather than say what the organisation does:
//! "Keeping Children Safe in Education says that schools should review their filtering at
//! least annually", "The DfE expects all staff to be trained at induction". Templates
//! quote guidance like this, and a policy made of such sentences commits to nothing.
//!
//! Only a sentence that opens with the guidance and a reporting verb is one (or, straight
//! after one, a sentence opening "It also says…"): "In line with
//! KCSIE, staff are trained at induction" and "As KCSIE requires, we review filtering
//! annually" say what is done. A sentence that speaks for the organisation ("we", "our",
//! "this school") is not one either: "KCSIE requires us to review our filtering annually".

use std::sync::LazyLock;

use regex::Regex;

/// A sentence opening (lowercased, leading spaces and marks trimmed) that names guidance and
/// says what it says: the guidance, up to 60 characters of title, edition or paragraph, and
/// a reporting verb; or "according to" the guidance.
static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    let guidance = r"(?:(?:paragraph|para|part|annex|section|chapter|page)s? [\w.]+(?: (?:and|to) [\w.]+)? of )?(?:the )?(?:(?:latest|current|new|revised|updated|\d{4}) )?(?:kcsie|keeping children safe in education|dfe|department for education|(?:statutory |government |national |dfe |this )?guidance|(?:dfe |digital and technology |filtering and monitoring |cyber security )?standards?|working together(?: to safeguard children)?|ofsted|ukcis|prevent duty(?: guidance)?|law|legislation|education act|children act|eyfs|statutory framework(?: for the early years foundation stage)?)";
    let verb = r"(?:says?|states?|requires?|expects?|recommends?|advises?|sets? out|makes? (?:it )?clear|is clear|notes?|explains?|specif(?:y|ies)|stipulates?|mandates?|emphasi[sz]es?|highlights?|directs?|obliges?|places? a duty)";
    Regex::new(&format!(
        r"^(?:{guidance}\b[^.;:!?]{{0,60}}?\b{verb}\b|according to {guidance}\b)"
    ))
    .expect("the reporting expression compiles")
});

/// The next sentence going on with the report: "It also says…", "They also require…".
static CONTINUING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:it|they|this|the guidance|this guidance|the standards?)(?: also| further| then| goes on to)? (?:says?|states?|requires?|expects?|recommends?|advises?|sets? out|makes? (?:it )?clear|is clear|notes?|explains?|specif(?:y|ies)|stipulates?|emphasi[sz]es?|highlights?|adds?)\b")
        .expect("the continuing expression compiles")
});

/// Words that speak for the organisation: with one, the sentence commits it.
static OWN_VOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:we|our|ours|us|this (?:school|setting|college|academy|trust|nursery|organisation|club|provider|partnership|agency))\b")
        .expect("the own-voice expression compiles")
});

/// Whether `sentence` (lowercased) reports what guidance says without committing the
/// organisation to it; `after_report` when the sentence before it in the block did.
pub fn reports_guidance(sentence: &str, after_report: bool) -> bool {
    let opening = sentence.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201c}' | '\u{2018}' | '(' | '*' | '|')
    });
    if after_report && CONTINUING.is_match(opening) {
        return !OWN_VOICE.is_match(sentence);
    }
    // every opening the expression accepts starts with a digit or one of these letters
    let could_open = |c: char| c.is_ascii_digit() || "acdefgklnoprstuw".contains(c);
    if !opening.starts_with(could_open) {
        return false;
    }
    // "Statutory guidance, as set out in this policy" refers to what the policy says
    REPORTING
        .find(opening)
        .is_some_and(|m| !m.as_str().contains(" as "))
        && !OWN_VOICE.is_match(sentence)
}

/// How far into a reporting sentence the report goes: to its end, or to where it goes on to
/// something else (", and the school reviews it each July", ", but…", ", so…").
pub fn reach(sentence: &str) -> usize {
    [", and ", ", but ", ", so ", " \u{2013} ", " - "]
        .iter()
        .filter_map(|joint| sentence.find(joint))
        .min()
        .unwrap_or(sentence.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_that_report_guidance() {
        for s in [
            "Keeping Children Safe in Education says that schools should review their filtering and monitoring provision at least annually.",
            "The DfE expects all staff to receive online safety training at induction.",
            "KCSIE 2025 requires governing bodies to ensure that all governors receive training.",
            "Paragraph 142 of KCSIE states that schools should have a named DSL.",
            "The filtering and monitoring standards set out that a senior leader is responsible.",
            "According to KCSIE, the DSL takes lead responsibility for online safety.",
            "Statutory guidance makes clear that training is updated regularly.",
            "The Prevent duty guidance requires schools to have a Prevent lead.",
            "Filtering and monitoring standards say that a senior leader is responsible.",
            "Revised guidance states that schools should review filtering annually.",
            "2025 guidance states that schools should review filtering annually.",
        ] {
            assert!(reports_guidance(&s.to_lowercase(), false), "{s}");
        }
    }

    /// "It also says…" goes on with the report only straight after one: after "This policy
    /// applies to all staff." it is the policy speaking.
    #[test]
    fn it_also_says_goes_on_with_a_report() {
        let next = "it also says that staff should be trained at induction.";
        assert!(reports_guidance(next, true));
        assert!(!reports_guidance(next, false));
        assert!(!reports_guidance(
            "it also says we train staff at induction.",
            true
        ));
        assert!(!reports_guidance("it is reviewed annually.", true));
    }

    #[test]
    fn a_report_reaches_to_where_the_sentence_moves_on() {
        let s = "kcsie says schools should train staff, and at st mary's all staff are trained.";
        assert_eq!(&s[..reach(s)], "kcsie says schools should train staff");
        let s = "kcsie says schools should train staff at induction.";
        assert_eq!(reach(s), s.len());
    }

    #[test]
    fn sentences_that_say_what_is_done() {
        for s in [
            "In line with KCSIE, all staff receive online safety training at induction.",
            "As KCSIE requires, we review filtering and monitoring annually.",
            "KCSIE requires us to review our filtering and monitoring annually.",
            "The guidance says schools should review filtering annually, and this school does so each July.",
            "Staff follow the DfE guidance on searching.",
            "The DSL reviews filtering and monitoring at least annually.",
            "Lawful basis: public task.",
            "The standards we follow are set out in section 4.",
            "Ofsted inspectors may ask pupils about online safety.",
            "Statutory guidance, as set out in this policy.",
        ] {
            assert!(!reports_guidance(&s.to_lowercase(), false), "{s}");
        }
    }
}
