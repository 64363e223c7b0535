//! `pseudo-heading`: a bold line (or a numbered line such as "4.2 Filtering") standing in for
//! a heading. policylint reads it as a heading anyway; the safe fix makes it a real Markdown
//! heading at the level it stands for, keeping every word.

use super::{Ctx, Outcome};
use crate::document::markdown::Heading;
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
            if let Some(resume) = h.run_in {
                out.push(run_in(text, h, resume));
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

/// A bold title opening a paragraph ("**Filtering.** We use…"). The safe fix puts the title
/// on a heading line of its own and starts the paragraph after it, dropping only the stop,
/// colon or dash that ended the title — when the paragraph starts its line (inside a
/// quotation or a list item the new lines would break the quotation or the item).
fn run_in(text: &str, h: &Heading, resume: usize) -> Outcome {
    let mut o = Outcome::fail(
        format!(
            "\u{201c}{}\u{201d} is a bold title at the start of a paragraph, not a heading",
            h.text
        ),
        Some(h.span.clone()),
    )
    .with_help("put it on a line of its own as a real heading (start the line with # marks), so that readers, screen readers and tools see where the section starts");
    let line_start = text[..h.span.start].rfind('\n').map_or(0, |at| at + 1);
    let indent = &text[line_start..h.span.start];
    let starts_line = indent.len() <= 3 && indent.chars().all(|c| c == ' ');
    // between the title and where its paragraph resumes: the stop, colon or dash, and spaces
    let between = &text[h.span.end..resume];
    let hashes = "#".repeat(h.level.clamp(1, 6) as usize);
    // On the same line, the heading gets a line of its own and a blank line after; when the
    // text already resumes on the next line, the heading line ends where the title's does
    // (a paragraph may follow a # heading directly). Edits never cross a line end.
    let (end, replacement) = match between.find(['\r', '\n']) {
        Some(eol) => (h.span.end + eol, format!("{hashes} {}", h.text.trim())),
        None => {
            let line_end = text[h.span.start..]
                .find('\n')
                .map_or(text.len(), |at| h.span.start + at);
            let newline = if text[..line_end].ends_with('\r') {
                "\r\n"
            } else {
                "\n"
            };
            (
                resume,
                format!("{hashes} {}{newline}{newline}", h.text.trim()),
            )
        }
    };
    if starts_line {
        o.fix = Some(Fix {
            title: format!(
                "make \u{201c}{}\u{201d} a level-{} heading on its own line",
                h.text, h.level
            ),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                span: h.span.start..end,
                replacement,
            }],
        });
    }
    o
}
