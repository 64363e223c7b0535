//! `consistency`: where the front matter and the text both name the holder of a role, they
//! name the same person. A key-people table saying one thing and the front matter another
//! means one of them is out of date.

use super::role::{fm_people, parse_role};
use super::{Ctx, Outcome};
use crate::evidence::Role;
use crate::evidence::names::same_person;
use crate::result::Evidence;

#[derive(Debug)]
pub struct Consistency {
    role: Role,
}

impl Consistency {
    pub fn compile(role: &str) -> Result<Consistency, String> {
        Ok(Consistency {
            role: parse_role(role)?,
        })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Outcome {
        let label = self.role.label();
        let fm: Vec<_> = fm_people(ctx, self.role)
            .into_iter()
            .filter_map(|p| p.name.ok().map(|n| (n, p.span)))
            .collect();
        let text: Vec<_> = ctx
            .doc
            .facts
            .roles
            .iter()
            .filter(|f| f.role == self.role)
            .filter_map(|f| {
                f.name
                    .clone()
                    .map(|n| (n, f.name_span.clone().unwrap_or(f.label.clone())))
            })
            .collect();
        if fm.is_empty() || text.is_empty() {
            return Outcome::pass(
                format!("the {label} is named in only one place, so there is nothing to disagree"),
                vec![],
            );
        }
        for (tn, tspan) in &text {
            if !fm.iter().any(|(fname, _)| same_person(fname, tn)) {
                let (fname, fspan) = &fm[0];
                let (line, _) = ctx.doc.evidence_line(tspan.start);
                return Outcome::fail(
                    format!(
                        "the front matter names {} as {label}, but line {line} names {}",
                        fname.text, tn.text
                    ),
                    Some(tspan.clone()),
                )
                .with_label(fspan.clone(), "front matter")
                .with_help(
                    "update whichever is out of date so the policy names one person throughout",
                );
            }
        }
        let evidence = fm
            .iter()
            .map(|(_, s)| s.clone())
            .chain(text.iter().map(|(_, s)| s.clone()))
            .map(|span| Evidence { span, note: None })
            .collect();
        Outcome::pass(
            format!("the front matter and the text agree on the {label}"),
            evidence,
        )
    }
}
