//! Fingerprints: an identity for a finding that survives lines moving.
//!
//! A requirement's fingerprint is a hash of the check id and the file's path: it fails at
//! most once per file. An occurrence finding (a stale term, a placeholder, a front-matter
//! error) adds the heading of the section it is in and the normalised text it points at (the
//! first line of its span; the whole line for an insertion point) — never a line number. Inserting paragraphs above a
//! finding, or moving it within its section, leaves it alone; changing the text it points at,
//! renaming its section or moving it to another section makes it a new finding.
//! SARIF's `partialFingerprints` and baselines both use [`of_report`].
//!
//! Findings of one check with the same place and section are told apart by an ordinal
//! (`…:0`, `…:1`), counted separately for findings (fail and waived) and for the rest, so
//! that fixing one of several identical findings matches the remaining ones to the baseline.

use std::path::{Path, PathBuf};

use crate::result::{CheckResult, FileReport, Status};
use crate::source::{SourceFile, Span};

/// The key under which SARIF output carries our fingerprint.
pub const SARIF_KEY: &str = "policylintFingerprint/v1";

/// The longest normalised text that goes into a fingerprint.
const MAX_TEXT: usize = 160;

/// 64-bit FNV-1a over the parts, each followed by a 0xff byte (which UTF-8 never contains).
/// Chosen because it is tiny and fixed forever; std's hasher may change between releases.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Lowercase words of letters and digits, single-spaced, at most [`MAX_TEXT`] bytes: the
/// same line whatever its Markdown markup, spacing or line ending.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT));
    let mut space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            for l in c.to_lowercase() {
                out.push(l);
            }
            if out.len() >= MAX_TEXT {
                break;
            }
        } else {
            space = true;
        }
    }
    out
}

/// The text a finding points at: the first line of its span, or the whole line when the span
/// is empty (an insertion point) or starts in the middle of white space.
pub fn place_text<'a>(source: &'a SourceFile, span: Option<&Span>) -> &'a str {
    let Some(span) = span else { return "" };
    let span = source.clamp(span.clone());
    let line = source.line_index(span.start);
    let line_span = source.line_span(line);
    let text = &source.text[span.start..span.end.min(line_span.end.max(span.start))];
    if text.trim().is_empty() {
        source.line_text(line)
    } else {
        text
    }
}

/// The heading of the innermost section holding `offset` ("" before the first heading).
pub fn section_at(report: &FileReport, offset: usize) -> &str {
    report
        .sections
        .iter()
        .filter(|(span, _)| span.start <= offset && offset < span.end.max(span.start + 1))
        .max_by_key(|(span, _)| span.start)
        .map_or("", |(_, heading)| heading.as_str())
}

/// The section a result is in, for reports ("" when it has no place or is before any heading).
pub fn section_of<'a>(report: &'a FileReport, result: &CheckResult) -> &'a str {
    result
        .span
        .as_ref()
        .map_or("", |s| section_at(report, s.start))
}

/// Whether a check reports each occurrence separately (rather than a requirement met or not).
fn per_occurrence(r: &CheckResult) -> bool {
    use crate::packs::RuleSpec;
    !matches!(
        r.def.rule,
        RuleSpec::Field { .. }
            | RuleSpec::Fresh { .. }
            | RuleSpec::Section { .. }
            | RuleSpec::Mentions { .. }
            | RuleSpec::Role { .. }
            | RuleSpec::Consistency { .. }
            | RuleSpec::Edition { .. }
            | RuleSpec::All { .. }
            | RuleSpec::Any { .. }
    )
}

fn is_finding(r: &CheckResult) -> bool {
    matches!(r.status, Status::Fail | Status::Waived)
}

/// The fingerprint of every result of a report, in the same order, with `path` standing for
/// the file (callers choose it: relative to the working folder for SARIF, to the baseline
/// file's folder for baselines).
pub fn of_report(report: &FileReport, path: &str) -> Vec<String> {
    let mut seen: std::collections::HashMap<(u64, bool), usize> = std::collections::HashMap::new();
    report
        .results
        .iter()
        .map(|r| {
            // A requirement fails at most once per file: its identity is the check and the
            // file, so new text elsewhere (which can move where a "missing" finding points)
            // does not make it new. Occurrence findings (each stale term, each leftover
            // placeholder, each front-matter error) are told apart by their place.
            let hash = if per_occurrence(r) {
                let text = report
                    .source
                    .as_ref()
                    .map(|s| normalise(place_text(s, r.span.as_ref())))
                    .unwrap_or_default();
                let section = normalise(section_of(report, r));
                fnv1a(&[&r.check, path, &section, &text])
            } else {
                fnv1a(&[&r.check, path])
            };
            let n = seen.entry((hash, is_finding(r))).or_insert(0);
            let fp = format!("{hash:016x}:{n}");
            *n += 1;
            fp
        })
        .collect()
}

/// `path` relative to `base` when it lies under it, with forward slashes and no leading `./`;
/// otherwise the path as given.
pub fn relative_path(path: &str, base: &Path) -> String {
    let given = Path::new(path);
    let abs = |p: &Path| std::fs::canonicalize(p).ok();
    let rel = match (abs(given), abs(base)) {
        (Some(p), Some(b)) => p.strip_prefix(&b).ok().map(Path::to_path_buf),
        _ => None,
    };
    let shown: PathBuf = rel.unwrap_or_else(|| given.to_path_buf());
    let s = shown.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./");
    if s.is_empty() {
        path.to_string()
    } else {
        s.to_string()
    }
}

/// `path` relative to the current folder (how CI systems name files in a repository).
pub fn from_working_dir(path: &str) -> String {
    match std::env::current_dir() {
        Ok(cwd) => relative_path(path, &cwd),
        Err(_) => path.trim_start_matches("./").replace('\\', "/"),
    }
}

/// The sections of a document as (span, heading), for [`FileReport::sections`].
pub fn sections_of(doc: &crate::Document) -> Vec<(Span, String)> {
    (0..doc.outline.sections.len())
        .map(|i| {
            (
                doc.outline.sections[i].span.clone(),
                doc.section_title(i).to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_drops_markup_case_and_spacing() {
        assert_eq!(
            normalise("## 4.  Roles &  *Responsibilities*\r"),
            "4 roles responsibilities"
        );
        assert_eq!(normalise("   "), "");
        assert!(normalise(&"word ".repeat(100)).len() <= MAX_TEXT + 8);
    }

    #[test]
    fn the_hash_is_fixed() {
        // A fingerprint written into a baseline must mean the same thing next year.
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&["a"]), fnv1a(&["a"]));
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }

    #[test]
    fn place_text_is_the_first_line_or_the_line_at_a_point() {
        let s = SourceFile::new("x.md", "# Title\n\nfirst line\nsecond line\n", false);
        assert_eq!(place_text(&s, Some(&(9..31))), "first line");
        assert_eq!(place_text(&s, Some(&(2..2))), "# Title");
        assert_eq!(place_text(&s, None), "");
    }
}
