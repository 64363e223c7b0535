//! `residue`: template text left unfilled — "[Insert name]", "{{school}}", "TODO", and
//! role rows of a key-people table with no name. Each is its own finding.

use super::{Ctx, Outcome};
use crate::evidence::RoleShape;
use crate::phrases::{PhraseBuilder, PhraseId};

#[derive(Debug)]
pub struct Residue {
    phrases: Vec<PhraseId>,
    empty_role_slots: bool,
}

impl Residue {
    pub fn compile(
        phrases: &[String],
        empty_role_slots: bool,
        builder: &mut PhraseBuilder,
    ) -> Result<Residue, String> {
        if phrases.is_empty() && !empty_role_slots {
            return Err("a residue rule needs phrases or empty_role_slots = true".into());
        }
        Ok(Residue {
            phrases: phrases
                .iter()
                .map(|p| builder.add(p))
                .collect::<Result<_, _>>()?,
            empty_role_slots,
        })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Vec<Outcome> {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        for &id in &self.phrases {
            for h in ctx.hits.of(id) {
                let span = ctx.hit_span(h);
                if seen
                    .iter()
                    .any(|s: &std::ops::Range<usize>| s.start < span.end && span.start < s.end)
                {
                    continue;
                }
                seen.push(span.clone());
                out.push(
                    Outcome::fail(
                        format!("template text left in: \u{201c}{}\u{201d}", ctx.hit_text(h)),
                        Some(span),
                    )
                    .with_help("replace it with your organisation's own details, or delete it"),
                );
            }
        }
        if self.empty_role_slots {
            for f in ctx.doc.facts.roles.iter().filter(|f| {
                f.name.is_none() && f.refers_to.is_none() && f.shape != RoleShape::Sentence
            }) {
                let span = f
                    .name_span
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or(f.label.clone());
                if seen
                    .iter()
                    .any(|s| s.start < span.end && span.start < s.end)
                {
                    continue;
                }
                seen.push(span.clone());
                let why = f
                    .missing
                    .as_ref()
                    .map(|m| m.describe())
                    .unwrap_or_else(|| "is blank".into());
                let site = f
                    .site
                    .as_deref()
                    .map(|s| format!(" for {s}"))
                    .unwrap_or_default();
                out.push(
                    Outcome::fail(format!("the {} entry{site} {why}", f.role.label()), Some(span))
                        .with_label(f.label.clone(), "role listed here")
                        .with_help("fill in the name of the person who holds this role, or remove the row if the role does not exist"),
                );
            }
        }
        if out.is_empty() {
            out.push(Outcome::pass(
                "no unfilled template text or blank role rows",
                vec![],
            ));
        }
        out.sort_by_key(|o| o.span.as_ref().map(|s| s.start));
        out
    }
}
