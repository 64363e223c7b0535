//! Applying edits to a policy's text and showing them as unified diffs.

use similar::TextDiff;

use crate::result::Edit;

/// Apply non-overlapping edits (sorted by position; an edit overlapping an earlier one is
/// skipped). Returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut applied = 0;
    for e in sorted {
        if e.span.start < pos
            || e.span.end > text.len()
            || !text.is_char_boundary(e.span.start)
            || !text.is_char_boundary(e.span.end)
        {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.replacement);
        pos = e.span.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// A unified diff between two versions of a file, with three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", path.trim_start_matches('/')),
            &format!("b/{}", path.trim_start_matches('/')),
        )
        .to_string()
}

/// The diff of one fix's edits against the file.
pub fn fix_diff(path: &str, text: &str, edits: &[Edit]) -> String {
    let (new, _) = apply_edits(text, edits);
    unified_diff(path, text, &new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_are_skipped() {
        let edits = vec![
            Edit {
                span: 0..5,
                replacement: "HELLO".into(),
            },
            Edit {
                span: 3..8,
                replacement: "x".into(),
            },
            Edit {
                span: 6..11,
                replacement: "earth".into(),
            },
        ];
        let (out, n) = apply_edits("hello world", &edits);
        assert_eq!(out, "HELLO earth");
        assert_eq!(n, 2);
    }

    #[test]
    fn diffs_are_unified() {
        let d = unified_diff("p.md", "a\nb\nc\n", "a\nB\nc\n");
        assert!(d.contains("--- a/p.md") && d.contains("-b") && d.contains("+B"));
    }
}
