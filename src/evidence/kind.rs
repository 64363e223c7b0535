//! The kind of organisation, inferred from the text when neither `--kind` nor the front
//! matter says: a nursery, a college, an agency or (most often) a school.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::phrases::TextRegex;

use crate::document::Document;
use crate::org::OrgKind;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindGuess {
    pub kind: OrgKind,
    /// The words that decided it.
    pub span: Span,
    pub because: String,
}

/// The signs of each kind of organisation: their weight, and their words in the order an
/// alternation of them tries them (where two could match at one place, the earlier wins).
/// Each sign is found on its own, as whole words in any case: "pre-school" is an early-years
/// sign and its "school" a school's.
const SIGNS: &[(OrgKind, u32, &[&str])] = &[
    (
        OrgKind::EarlyYears,
        3,
        &[
            "nursery",
            "pre-school",
            "preschool",
            "childminder",
            "childminding",
            "day nursery",
            "early years setting",
            "playgroup",
            "kindergarten",
        ],
    ),
    (
        OrgKind::EarlyYears,
        1,
        &[
            "EYFS",
            "early years foundation stage",
            "Ofsted registered setting",
            "key person",
        ],
    ),
    (
        OrgKind::College,
        2,
        &[
            "college",
            "further education",
            "sixth-form college",
            "sixth form college",
            "FE provider",
            "independent training provider",
            "apprentices",
            "apprentice",
            "learners aged 16",
        ],
    ),
    (
        OrgKind::School,
        2,
        &[
            "primary school",
            "secondary school",
            "infant school",
            "junior school",
            "academy",
            "high school",
            "special school",
            "pupil referral unit",
            "CE primary",
            "CE school",
            "RC primary",
            "RC school",
            "C of E primary",
            "C of E school",
            "school",
        ],
    ),
    (
        OrgKind::School,
        1,
        &[
            "pupils",
            "headteacher",
            "head teacher",
            "governing board",
            "key stage",
        ],
    ),
    (
        OrgKind::Agency,
        2,
        &[
            "charity",
            "voluntary organisation",
            "voluntary group",
            "voluntary sector",
            "community group",
            "youth club",
            "youth service",
            "youth group",
            "sports club",
            "football club",
            "faith group",
            "faith organisation",
            "church",
            "mosque",
            "synagogue",
            "temple",
            "scout",
            "guide",
            "our club",
            "agency",
            "housing association",
            "trustees",
            "volunteers",
        ],
    ),
];

/// Each sign as a case-insensitive expression of whole words, for text with words outside
/// ASCII (where case folding and word boundaries are Unicode's).
static SIGN_EXPRESSIONS: LazyLock<Vec<TextRegex>> = LazyLock::new(|| {
    SIGNS
        .iter()
        .map(|(_, _, words)| {
            let words: Vec<String> = words.iter().map(|w| regex_syntax::escape(w)).collect();
            let pattern = format!(r"\b(?:{})\b", words.join("|"));
            TextRegex::case_insensitive(&[&pattern]).expect("kind sign parses")
        })
        .collect()
});

/// Every sign's words in one automaton, for text whose words are all ASCII: one pass finds
/// every sign, where six expressions took six passes and most of the time was compiling them.
static SIGN_AUTOMATON: LazyLock<(AhoCorasick, Vec<(usize, usize)>)> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut owners = Vec::new();
    for (sign, (_, _, sign_words)) in SIGNS.iter().enumerate() {
        for (order, word) in sign_words.iter().enumerate() {
            words.push(*word);
            owners.push((sign, order));
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&words)
        .expect("kind signs build");
    (automaton, owners)
});

/// Where each sign (by its place in [`SIGNS`]) occurs in `text`, left to right, as the
/// sign's expression finds it: of matches starting at one place the sign's earliest word,
/// none overlapping the match before.
fn sign_matches(text: &str) -> Vec<Vec<Range<usize>>> {
    if !crate::phrases::ascii_words_only(text) {
        return sign_matches_by_expression(text);
    }
    let (automaton, owners) = &*SIGN_AUTOMATON;
    let bytes = text.as_bytes();
    let word_byte = |i: usize| bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_';
    // (start, word's order in its sign, end) of every whole-word occurrence, by sign
    let mut candidates: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); SIGNS.len()];
    for m in automaton.find_overlapping_iter(text) {
        let (start, end) = (m.start(), m.end());
        if (start > 0 && word_byte(start - 1)) || (end < bytes.len() && word_byte(end)) {
            continue;
        }
        let (sign, order) = owners[m.pattern().as_usize()];
        candidates[sign].push((start, order, end));
    }
    candidates
        .into_iter()
        .map(|mut found| {
            found.sort_unstable();
            let mut taken = Vec::new();
            let mut from = 0;
            for (start, _, end) in found {
                if start >= from {
                    taken.push(start..end);
                    from = end;
                }
            }
            taken
        })
        .collect()
}

fn sign_matches_by_expression(text: &str) -> Vec<Vec<Range<usize>>> {
    SIGN_EXPRESSIONS
        .iter()
        .map(|re| re.find_all(text).into_iter().map(|(_, at)| at).collect())
        .collect()
}

/// The most likely kind, from the title, the first headings and the opening text (weighted)
/// and then the whole document.
pub fn find(doc: &Document) -> Option<KindGuess> {
    let mut scores = [0u32; 4];
    let mut first_hit: [Option<(Span, String)>; 4] = Default::default();
    let title = doc.fm("title").and_then(|v| v.as_str()).map(str::to_string);
    let org_name = doc
        .fm("organisation.name")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    for text in [title, org_name].into_iter().flatten() {
        for ((k, w, _), found) in SIGNS.iter().zip(sign_matches(&text)) {
            if let Some(at) = found.into_iter().next() {
                scores[idx(*k)] += w * 10;
                let span = doc
                    .front_matter
                    .as_ref()
                    .map(|f| f.opening.clone())
                    .unwrap_or(0..0);
                first_hit[idx(*k)].get_or_insert((span, text[at].to_string()));
            }
        }
    }
    // the opening words weigh more
    let mut seen_words = 0;
    let weights: Vec<u32> = doc
        .outline
        .blocks
        .iter()
        .map(|block| {
            let weight = if seen_words < 300 { 5 } else { 1 };
            seen_words += block.plain.split_whitespace().count();
            weight
        })
        .collect();
    // Each sign is searched for once over the whole text (its blocks joined by line breaks,
    // which no sign spans) rather than once in every block. Of each kind, the words shown
    // are those of its earliest block, and in that block of the first of its signs above.
    let mut first_in_text: [Option<(usize, usize, Range<usize>)>; 4] = Default::default();
    let found = sign_matches(&doc.search_text);
    for (sign, ((k, w, _), found)) in SIGNS.iter().zip(found).enumerate() {
        for at in found {
            let (block, start) = doc.locate(at.start);
            scores[idx(*k)] += w * weights[block];
            let found = (block, sign, start..start + at.len());
            let first = &mut first_in_text[idx(*k)];
            if first
                .as_ref()
                .is_none_or(|(b, s, r)| (block, sign, start) < (*b, *s, r.start))
            {
                *first = Some(found);
            }
        }
    }
    for (hit, first) in first_hit.iter_mut().zip(first_in_text) {
        if let Some((block, _, at)) = first {
            let block = &doc.outline.blocks[block];
            hit.get_or_insert((block.span_of(at.clone()), block.plain[at].to_string()));
        }
    }
    let (best, &score) = scores.iter().enumerate().max_by_key(|(_, s)| **s)?;
    if score < 4 {
        return None;
    }
    let kind = OrgKind::ALL[best];
    let (span, word) = first_hit[best].clone()?;
    Some(KindGuess {
        kind,
        span,
        because: word,
    })
}

fn idx(k: OrgKind) -> usize {
    OrgKind::ALL.iter().position(|x| *x == k).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Limits;
    use crate::source::SourceFile;

    fn kind(text: &str) -> Option<OrgKind> {
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        doc.kind_guess().map(|k| k.kind)
    }

    #[test]
    fn kinds_from_the_text() {
        assert_eq!(
            kind("# Little Acorns Pre-School\n\nOnline safety in our nursery."),
            Some(OrgKind::EarlyYears)
        );
        assert_eq!(
            kind("# Riverside Sixth Form College\n\nLearners and apprentices."),
            Some(OrgKind::College)
        );
        assert_eq!(
            kind("# St Aldhelm's CE Primary School\n\nOur pupils."),
            Some(OrgKind::School)
        );
        assert_eq!(
            kind("# Hillside Youth Club\n\nOur volunteers and trustees."),
            Some(OrgKind::Agency)
        );
        assert_eq!(kind("Online safety."), None);
    }

    /// The automaton finds what each sign's expression finds, where the two could part:
    /// words inside words, a word that begins another, signs inside other signs, case.
    #[test]
    fn the_automaton_finds_what_the_expressions_find() {
        let awkward = [
            "Our Pre-School and preschool, PRE-SCHOOL; pre-schooling and schoolchildren.",
            "An apprenticeship for apprentices and one apprentice; apprentice's work.",
            "St Anne's C of E Primary School, a CE school and an RC primary_school.",
            "Sixth-form college, sixth form college, sixth-form colleges, college.",
            "The day nursery (a nursery) and our nursery's key person; key persons.",
            "Youth club, youth clubs, youth-club, scouts, scout, guide dogs, guides.",
            "schoolschool school\nschool\n\nkey\nstage key stage 2, key stage2",
            "",
            "EYFS/eyfs early years foundation stage; Ofsted registered settings",
        ];
        let mut texts: Vec<String> = awkward.iter().map(|t| t.to_string()).collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("examples")];
        for entry in std::fs::read_dir(root.join("fixtures")).unwrap() {
            dirs.push(entry.unwrap().path());
        }
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "md") {
                    texts.push(std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        let mut compared = 0;
        for text in texts.iter().filter(|t| crate::phrases::ascii_words_only(t)) {
            assert_eq!(
                sign_matches(text),
                sign_matches_by_expression(text),
                "{text}"
            );
            compared += 1;
        }
        assert!(compared > 100, "only {compared} texts compared");
        // and the automaton is what ran on them: it finds something in the awkward ones
        assert!(sign_matches(awkward[0])[0].len() == 3);
    }

    #[test]
    fn the_reason_shown_is_the_first_sign_in_the_earliest_block() {
        let because = |text: &str| {
            let doc =
                Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
            doc.kind_guess().map(|k| k.because.clone())
        };
        // in one block, the school's own sign comes before "pupils" however they are ordered
        assert_eq!(
            because("# Policy\n\nOur pupils attend this school.").as_deref(),
            Some("school")
        );
        // an earlier block wins over a later one
        assert_eq!(
            because("# Policy\n\nOur pupils learn well.\n\nThis academy is small.").as_deref(),
            Some("pupils")
        );
    }
}
