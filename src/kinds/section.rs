//! `section`: the policy has a section whose heading (or bold pseudo-heading) matches one of
//! the aliases after normalisation (numbering, case, punctuation, "&", plurals), and the
//! section says something (an empty heading is not a section).

use super::{Ctx, Outcome, heading_matches, normalize_aliases};
use crate::result::Evidence;

#[derive(Debug)]
pub struct SectionRule {
    aliases: Vec<Vec<String>>,
    shown: Vec<String>,
    min_words: usize,
}

impl SectionRule {
    pub fn compile(aliases: &[String], min_words: usize) -> Result<SectionRule, String> {
        Ok(SectionRule {
            aliases: normalize_aliases(aliases)?,
            shown: aliases.to_vec(),
            min_words,
        })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Outcome {
        let doc = ctx.doc;
        let mut too_short = None;
        for (si, section) in doc.outline.sections.iter().enumerate() {
            let heading = &doc.outline.headings[section.heading];
            if !heading_matches(heading, &self.aliases) {
                continue;
            }
            let words = section_words(ctx, si);
            if words >= self.min_words {
                return Outcome::pass(
                    format!("the section \u{201c}{}\u{201d} covers this", heading.text),
                    vec![Evidence {
                        span: heading.span.clone(),
                        note: None,
                    }],
                );
            }
            too_short.get_or_insert((heading, words));
        }
        match too_short {
            Some((h, words)) => Outcome::fail(
                format!(
                    "the section \u{201c}{}\u{201d} has only {words} words, too few to cover this",
                    h.text
                ),
                Some(h.span.clone()),
            ),
            None => Outcome::fail(
                format!("there is no section on {}", quote_list(&self.shown)),
                Some(ctx.missing_span()),
            )
            .with_help(format!(
                "add a section headed \u{201c}{}\u{201d}",
                self.shown[0]
            )),
        }
    }
}

/// Words in a section's body (its subsections included, its heading not).
pub fn section_words(ctx: &Ctx<'_>, section: usize) -> usize {
    let doc = ctx.doc;
    let s = &doc.outline.sections[section];
    let heading_span = &doc.outline.headings[s.heading].span;
    doc.outline
        .blocks
        .iter()
        .filter(|b| b.span.start >= heading_span.end && b.span.start < s.span.end)
        .map(|b| b.plain.split_whitespace().count())
        .sum()
}

pub fn quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .take(3)
        .map(|a| format!("\u{201c}{a}\u{201d}"))
        .collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        _ => format!(
            "{} or {}",
            quoted[..quoted.len() - 1].join(", "),
            quoted[quoted.len() - 1]
        ),
    }
}
