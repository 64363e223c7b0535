//! `check --template`: each section of the policy beside the model policy's section for its
//! kind, as a diff, so a school sees what the model says that its own policy does not.

use crate::document::{Document, Limits};
use crate::fix::unified_diff;
use crate::org::OrgKind;
use crate::source::SourceFile;
use crate::suggest::template_sections;

/// Render the section-by-section comparison of a policy with its kind's template.
pub fn render(source: &SourceFile, kind: OrgKind) -> String {
    let Ok(doc) = Document::build(source.clone(), Limits::default()) else {
        return String::new();
    };
    let text = &source.text;
    let path = source.display_path();
    let mut out = format!(
        "Compared with the model {} policy (templates/{}.md):\n\n",
        kind.describe(),
        kind.as_str()
    );
    let mut missing = Vec::new();
    let mut same = 0;
    for t in template_sections(kind).iter().filter(|t| t.level <= 2) {
        // the policy's section with the same heading, or one whose heading contains it
        let found = doc.outline.sections.iter().find(|s| {
            let h = &doc.outline.headings[s.heading].normalized;
            *h == t.normalized
                || (!t.normalized.is_empty()
                    && (h.contains(&t.normalized)
                        || t.normalized.contains(h.as_str()) && !h.is_empty()))
        });
        let Some(s) = found else {
            missing.push(t);
            continue;
        };
        let ours = &text[s.span.clone()];
        let diff = unified_diff(&path, &t.text, ours);
        if diff.is_empty() {
            same += 1;
            continue;
        }
        let heading = &doc.outline.headings[s.heading].text;
        out.push_str(&format!(
            "── “{}” (model) beside “{heading}” (yours): − model only, + yours only\n",
            strip(&t.heading)
        ));
        for line in diff.lines().skip(2) {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    for t in &missing {
        out.push_str(&format!(
            "── “{}”: the model has this section and your policy does not\n",
            strip(&t.heading)
        ));
        for line in t.text.lines() {
            out.push_str("  + ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{} model sections missing from your policy; {} differ; {} the same.\n",
        missing.len(),
        template_sections(kind)
            .iter()
            .filter(|t| t.level <= 2)
            .count()
            - missing.len()
            - same,
        same
    ));
    out
}

fn strip(h: &str) -> &str {
    crate::document::markdown::strip_numbering(h)
}
