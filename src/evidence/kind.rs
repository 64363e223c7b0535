//! The kind of organisation, inferred from the text when neither `--kind` nor the front
//! matter says: a nursery, a college, an agency or (most often) a school.

use std::ops::Range;
use std::sync::LazyLock;

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

// each sign runs on its own (a block may show several), in the form for its text
static SIGNS: LazyLock<Vec<(OrgKind, TextRegex, u32)>> = LazyLock::new(|| {
    let s: &[(OrgKind, &str, u32)] = &[
        (
            OrgKind::EarlyYears,
            r"(?i)\b(?:nursery|pre-?school|childminder|childminding|day nursery|early years setting|playgroup|kindergarten)\b",
            3,
        ),
        (
            OrgKind::EarlyYears,
            r"(?i)\b(?:EYFS|early years foundation stage|Ofsted registered setting|key person)\b",
            1,
        ),
        (
            OrgKind::College,
            r"(?i)\b(?:college|further education|sixth[- ]form college|FE provider|independent training provider|apprentices?|learners aged 16)\b",
            2,
        ),
        (
            OrgKind::School,
            r"(?i)\b(?:primary school|secondary school|infant school|junior school|academy|high school|special school|pupil referral unit|(?:CE|RC|C of E) (?:primary|school)|school)\b",
            2,
        ),
        (
            OrgKind::School,
            r"(?i)\b(?:pupils|headteacher|head teacher|governing board|key stage)\b",
            1,
        ),
        (
            OrgKind::Agency,
            r"(?i)\b(?:charity|voluntary (?:organisation|group|sector)|community group|youth (?:club|service|group)|sports club|football club|faith (?:group|organisation)|church|mosque|synagogue|temple|scout|guide|our club|agency|housing association|trustees|volunteers)\b",
            2,
        ),
    ];
    s.iter()
        .map(|(k, p, w)| {
            let re = TextRegex::case_insensitive(&[p]).expect("kind sign parses");
            (*k, re, *w)
        })
        .collect()
});

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
        for (k, re, w) in SIGNS.iter() {
            if let Some((_, at)) = re.find_all(&text).into_iter().next() {
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
    for (sign, (k, re, w)) in SIGNS.iter().enumerate() {
        for (_, at) in re.find_all(&doc.search_text) {
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
