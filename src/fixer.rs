//! `--fix`: apply safe fixes (and, with `--unsafe-fixes`, the rest), re-check, and repeat
//! until nothing changes (at most a few passes); then write the file atomically, refusing
//! if it changed since it was read. Only two kinds of edit are ever applied: a replaced
//! term (a short span within one line) and inserted text. Nothing else the user wrote is
//! removed.

use std::path::Path;

use crate::engine::{CheckOptions, Engine};
use crate::result::{Applicability, Edit, FileReport, Status};
use crate::source::SourceFile;

/// Most passes before giving up on converging.
pub const MAX_PASSES: usize = 4;

/// What `--fix` did to one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixSummary {
    /// Each fix applied: (check id, what it did).
    pub applied: Vec<(String, String)>,
    /// Fixes left because they are unsafe and --unsafe-fixes was not given.
    pub unsafe_left: usize,
    /// Why the file was not written, if it was not.
    pub not_written: Option<String>,
}

/// Whether an edit is one `--fix` may make: an insertion, or replacing a short term on one
/// line.
pub fn is_allowed(text: &str, e: &Edit) -> bool {
    e.span.is_empty()
        || (e.span.len() <= 200
            && text
                .get(e.span.clone())
                .is_some_and(|t| !t.contains(['\n', '\r'])))
}

/// The edits of every applicable fix in a report, without overlaps (earlier wins).
pub fn collect_edits(
    report: &FileReport,
    text: &str,
    unsafe_fixes: bool,
) -> (Vec<(String, String, Edit)>, usize) {
    let mut chosen: Vec<(String, String, Edit)> = Vec::new();
    let mut unsafe_left = 0;
    for r in report.results.iter().filter(|r| r.status == Status::Fail) {
        let Some(fix) = &r.fix else { continue };
        match fix.applicability {
            Applicability::Safe => {}
            Applicability::Unsafe if unsafe_fixes => {}
            Applicability::Unsafe => {
                unsafe_left += 1;
                continue;
            }
            Applicability::DisplayOnly => continue,
        }
        // a fix is applied whole or not at all
        let clashes = fix.edits.iter().any(|e| {
            !is_allowed(text, e)
                || chosen.iter().any(|(_, _, c)| {
                    overlaps(&c.span, &e.span)
                        || (e.span.is_empty()
                            && c.span.is_empty()
                            && e.span.start == c.span.start
                            && e.replacement == c.replacement)
                })
        });
        if clashes {
            continue;
        }
        for e in &fix.edits {
            chosen.push((r.check.to_string(), fix.title.clone(), e.clone()));
        }
    }
    (chosen, unsafe_left)
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Fix one file on disk. Returns the report of the final text and what was done.
pub fn fix_file(
    engine: &Engine,
    path: &Path,
    first: FileReport,
    opts: &CheckOptions,
    unsafe_fixes: bool,
) -> (FileReport, FixSummary) {
    let mut summary = FixSummary::default();
    let Some(original) = first.source.clone() else {
        return (first, summary);
    };
    let mut report = first;
    let mut text = original.text.to_string();
    for _ in 0..MAX_PASSES {
        let (edits, unsafe_left) = collect_edits(&report, &text, unsafe_fixes);
        summary.unsafe_left = unsafe_left;
        if edits.is_empty() {
            break;
        }
        let plain: Vec<Edit> = edits.iter().map(|(_, _, e)| e.clone()).collect();
        let (new_text, applied) = crate::fix::apply_edits(&text, &plain);
        if applied == 0 || new_text == text {
            break;
        }
        let mut seen = std::collections::HashSet::new();
        for (check, title, _) in &edits {
            if seen.insert((check.clone(), title.clone())) {
                summary.applied.push((check.clone(), title.clone()));
            }
        }
        text = new_text;
        report = engine.check_source(
            SourceFile::new(original.path.clone(), text.clone(), original.had_bom),
            opts,
        );
    }
    if summary.applied.is_empty() {
        return (report, summary);
    }
    // Refuse to write over a file that changed since we read it.
    let mut before = Vec::new();
    if original.had_bom {
        before.extend_from_slice(b"\xEF\xBB\xBF");
    }
    before.extend_from_slice(original.text.as_bytes());
    match std::fs::read(path) {
        Ok(now) if now == before => {}
        Ok(_) => {
            summary.not_written = Some("the file changed while policylint was checking it, so the fixes were not written; run again".into());
        }
        Err(e) => {
            summary.not_written = Some(format!(
                "the file could not be read again before writing: {e}"
            ))
        }
    }
    if summary.not_written.is_none() {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if original.had_bom {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(text.as_bytes());
        if let Err(p) = crate::write::atomic_write(path, &bytes) {
            summary.not_written = Some(p.message);
        }
    }
    if let Some(why) = &summary.not_written {
        // the file on disk is unchanged: report on what it still says
        report = engine.check_source(original, opts);
        report.notes.push(format!("not fixed: {why}"));
    } else {
        let n = summary.applied.len();
        report.notes.push(format!(
            "fixed {n} finding{}: {}",
            if n == 1 { "" } else { "s" },
            summary
                .applied
                .iter()
                .map(|(c, t)| format!("{c} ({t})"))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if summary.unsafe_left > 0 {
        report.notes.push(format!(
            "{} more fix{} (model sections and front-matter placeholders) can be applied with --fix --unsafe-fixes; see them with --diff",
            summary.unsafe_left,
            if summary.unsafe_left == 1 { "" } else { "es" }
        ));
    }
    (report, summary)
}
