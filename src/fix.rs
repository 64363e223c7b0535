//! Applying edits to a policy's text and showing them as unified diffs.
//!
//! A fix's diff is built from the lines its edits touch plus three lines of context, not by
//! diffing the whole file: fixes are local, and an audit of thousands of policies shows
//! many of them.

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
            || e.span.start > e.span.end
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

/// A unified diff between two whole versions of a file, with three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let path = path.trim_start_matches('/');
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

const CONTEXT: usize = 3;

/// The diff of one fix's edits against the file, built from the touched lines only.
pub fn fix_diff(path: &str, text: &str, edits: &[Edit]) -> String {
    let path = path.trim_start_matches('/');
    let lines = split_lines(text);
    let starts: Vec<usize> = lines.iter().map(|(s, _)| *s).collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let mut sorted: Vec<&Edit> = edits.iter().filter(|e| e.span.end <= text.len()).collect();
    sorted.sort_by_key(|e| e.span.start);
    // Group edits into touched line ranges [first, last) with their edits.
    let mut groups: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for e in sorted {
        let at_line_start =
            starts.binary_search(&e.span.start).is_ok() || e.span.start == text.len();
        let (first, last) = if e.span.is_empty() && at_line_start {
            let l = if e.span.start == text.len() {
                lines.len()
            } else {
                line_of(e.span.start)
            };
            (l, l)
        } else {
            (
                line_of(e.span.start),
                line_of(e.span.end.max(e.span.start + 1) - 1) + 1,
            )
        };
        match groups.last_mut() {
            Some(g) if first <= g.1 + 2 * CONTEXT => {
                g.1 = g.1.max(last);
                g.2.push(e);
            }
            _ => groups.push((first, last, vec![e])),
        }
    }
    if groups.is_empty() {
        return String::new();
    }
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let mut delta: isize = 0;
    for (first, last, group) in groups {
        let region_start = starts.get(first).copied().unwrap_or(text.len());
        let lines_end = match last {
            0 => region_start,
            _ => lines.get(last - 1).map_or(text.len(), |(s, l)| s + l.len()),
        };
        let region_end = group
            .iter()
            .map(|e| e.span.end)
            .fold(lines_end.max(region_start), usize::max);
        // the new text of the region: the old region with this group's edits applied
        let local: Vec<Edit> = group
            .iter()
            .map(|e| Edit {
                span: (e.span.start - region_start)..(e.span.end - region_start),
                replacement: e.replacement.clone(),
            })
            .collect();
        let old_region = &text[region_start..region_end];
        let (new_region, _) = apply_edits(old_region, &local);
        let old_lines: Vec<&str> = if old_region.is_empty() {
            Vec::new()
        } else {
            old_region.split_inclusive(['\n']).collect()
        };
        let new_lines: Vec<&str> = if new_region.is_empty() {
            Vec::new()
        } else {
            new_region.split_inclusive(['\n']).collect()
        };
        let ctx_before = first.saturating_sub(CONTEXT);
        let ctx_after_end = (last + CONTEXT).min(lines.len());
        let old_count =
            (first - ctx_before) + old_lines.len() + (ctx_after_end.saturating_sub(last));
        let new_count =
            (first - ctx_before) + new_lines.len() + (ctx_after_end.saturating_sub(last));
        let old_start = ctx_before + 1;
        let new_start = (ctx_before as isize + 1 + delta).max(1) as usize;
        out.push_str(&format!(
            "@@ -{old_start},{old_count} +{new_start},{new_count} @@\n"
        ));
        for (_, l) in &lines[ctx_before..first] {
            push_line(&mut out, ' ', l);
        }
        for l in &old_lines {
            push_line(&mut out, '-', l);
        }
        for l in &new_lines {
            push_line(&mut out, '+', l);
        }
        for (_, l) in &lines[last.min(lines.len())..ctx_after_end] {
            push_line(&mut out, ' ', l);
        }
        delta += new_lines.len() as isize - old_lines.len() as isize;
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    let body = line.trim_end_matches(['\n', '\r']);
    out.push_str(body);
    out.push('\n');
    if !line.ends_with('\n') {
        out.push_str("\\ No newline at end of file\n");
    }
}

/// Lines with their start offsets, each keeping its terminator.
fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push((start, &text[start..=i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
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
    fn whole_file_diffs_are_unified() {
        let d = unified_diff("p.md", "a\nb\nc\n", "a\nB\nc\n");
        assert!(d.contains("--- a/p.md") && d.contains("-b") && d.contains("+B"));
    }

    #[test]
    fn a_replacement_diff_matches_a_full_diff() {
        let text = "one\ntwo\nthree UKCCIS x\nfour\nfive\nsix\nseven\neight\n";
        let at = text.find("UKCCIS").unwrap();
        let edits = vec![Edit {
            span: at..at + 6,
            replacement: "UKCIS".into(),
        }];
        let (new, _) = apply_edits(text, &edits);
        assert_eq!(
            fix_diff("p.md", text, &edits),
            unified_diff("p.md", text, &new)
        );
    }

    #[test]
    fn an_insertion_diff_matches_a_full_diff() {
        let text = "# A\n\npara\n\n# B\n\nmore\n";
        let at = text.find("# B").unwrap();
        let edits = vec![Edit {
            span: at..at,
            replacement: "# New\n\nNew text.\n\n".into(),
        }];
        let (new, _) = apply_edits(text, &edits);
        assert_eq!(
            fix_diff("p.md", text, &edits),
            unified_diff("p.md", text, &new)
        );
        // at the very end of a file
        let edits = vec![Edit {
            span: text.len()..text.len(),
            replacement: "\n# End\n".into(),
        }];
        let (new, _) = apply_edits(text, &edits);
        assert_eq!(
            fix_diff("p.md", text, &edits),
            unified_diff("p.md", text, &new)
        );
    }
}
