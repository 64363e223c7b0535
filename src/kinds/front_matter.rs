//! `front-matter`: the front matter follows its schema — every wrong value (a date that is
//! not a date, a kind that does not exist) or, with `unknown_keys`, every key policylint does
//! not know (usually a typo), reported where it is.

use super::{Ctx, Outcome};

#[derive(Debug)]
pub struct FrontMatterRule {
    pub unknown_keys: bool,
}

impl FrontMatterRule {
    pub fn eval(&self, ctx: &Ctx<'_>) -> Vec<Outcome> {
        let issues: Vec<_> = ctx
            .schema_issues
            .iter()
            .filter(|i| i.unknown_key == self.unknown_keys)
            .collect();
        if issues.is_empty() {
            let msg = if ctx.doc.front_matter.is_some() {
                if self.unknown_keys {
                    "every front-matter key is one policylint reads"
                } else {
                    "the front matter is well formed"
                }
            } else {
                "the policy has no front matter"
            };
            return vec![Outcome::pass(msg, vec![])];
        }
        issues
            .into_iter()
            .map(|i| {
                let mut o = Outcome::fail(i.message.clone(), Some(i.span.clone()));
                o.help = i.help.clone();
                o
            })
            .collect()
    }
}
