//! `pseudo-heading`: a bold line (or a numbered line such as "4.2 Filtering") standing in for
//! a heading. policylint reads it as a heading anyway; the safe fix makes it a real Markdown
//! heading at the level it stands for, keeping every word.

use super::{Ctx, Outcome};
use crate::result::{Applicability, Edit, Fix};

#[derive(Debug)]
pub struct PseudoHeading;

impl PseudoHeading {
    pub fn eval(&self, ctx: &Ctx<'_>) -> Vec<Outcome> {
        let text = &ctx.doc.source.text;
        let mut out = Vec::new();
        for h in ctx.doc.outline.headings.iter().filter(|h| h.pseudo) {
            let written = &text[h.span.clone()];
            if written.contains('\n') || written.contains('\r') {
                continue;
            }
            let mut o = Outcome::fail(
                format!("\u{201c}{}\u{201d} is formatted to look like a heading but is not one", h.text),
                Some(h.span.clone()),
            )
            .with_help("make it a real heading (start the line with # marks), so that readers, screen readers and tools see the policy's structure");
            // Only when nothing but emphasis marks would go: a link or code inside keeps its
            // markup, so no fix is offered there.
            let marks_only = written
                .chars()
                .filter(|c| !matches!(c, '*' | '_'))
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                == h.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let is_list = written
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
                && h.numbering.as_deref().is_some_and(|n| !n.contains('.'));
            if marks_only && !is_list {
                let replacement = format!(
                    "{} {}",
                    "#".repeat(h.level.clamp(1, 6) as usize),
                    h.text.trim_end_matches(':').trim()
                );
                o.fix = Some(Fix {
                    title: format!(
                        "make \u{201c}{}\u{201d} a level-{} heading",
                        h.text, h.level
                    ),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        span: h.span.clone(),
                        replacement,
                    }],
                });
            }
            out.push(o);
        }
        if out.is_empty() {
            out.push(Outcome::pass(
                "every heading is a real Markdown heading",
                vec![],
            ));
        }
        out
    }
}
