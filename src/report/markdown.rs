//! A Markdown summary for a CI job's page (`$GITHUB_STEP_SUMMARY`) or a pull-request comment:
//! a table of counts per policy, then each requirement not met with its severity, place
//! (`path:line`) and message, then what is waived and why. Failures already in the baseline
//! and those fixed since are listed last.
//!
//! Long runs are cut at [`MAX_ROWS`] rows per table (GitHub caps a step summary at 1 MiB).

use std::io::{self, Write};

use super::{Run, plural};
use crate::result::{CheckResult, FileReport, Severity, Status};

/// Most rows in one table.
pub const MAX_ROWS: usize = 200;

/// Text safe inside a table cell: no line breaks, `|` escaped, no HTML.
pub fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

/// A path as inline code (backticks inside it become quotes).
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'"))
}

fn line_of(report: &FileReport, r: &CheckResult) -> Option<usize> {
    match (&report.source, &r.span) {
        (Some(s), Some(span)) => Some(s.line_col(span.start).line),
        _ => None,
    }
}

/// The file as CI names it: relative to the working folder, without `./`.
fn shown(report: &FileReport) -> String {
    crate::fingerprint::from_working_dir(&report.path)
}

fn place(report: &FileReport, r: &CheckResult) -> String {
    match line_of(report, r) {
        Some(l) => code(&format!("{}:{l}", shown(report))),
        None => code(&shown(report)),
    }
}

#[derive(Default)]
struct Counts {
    new: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    baselined: usize,
    pass: usize,
    waived: usize,
    na: usize,
}

fn counts(r: &FileReport) -> Counts {
    let mut c = Counts::default();
    for res in &r.results {
        match res.status {
            Status::Fail if res.baselined => c.baselined += 1,
            Status::Fail => {
                c.new += 1;
                match res.severity {
                    Severity::Error => c.errors += 1,
                    Severity::Warning => c.warnings += 1,
                    Severity::Info => c.infos += 1,
                }
            }
            Status::Pass => c.pass += 1,
            Status::Waived => c.waived += 1,
            Status::NotApplicable => c.na += 1,
        }
    }
    c
}

/// A table of findings (at most [`MAX_ROWS`] rows), with their severity and message.
fn findings_table(out: &mut dyn Write, rows: &[(&FileReport, &CheckResult)]) -> io::Result<()> {
    writeln!(out, "| Severity | Requirement | Where | What was found |")?;
    writeln!(out, "|---|---|---|---|")?;
    for (r, res) in rows.iter().take(MAX_ROWS) {
        writeln!(
            out,
            "| {} | **{}** {} | {} | {} |",
            res.severity.as_str(),
            res.check,
            cell(&res.def.title),
            place(r, res),
            cell(&res.message)
        )?;
    }
    rows_cut(out, rows.len())
}

fn rows_cut(out: &mut dyn Write, total: usize) -> io::Result<()> {
    if total > MAX_ROWS {
        writeln!(
            out,
            "\n… and {} more, not shown here: see the full report.",
            total - MAX_ROWS
        )?;
    }
    Ok(())
}

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let per_file: Vec<Counts> = run.reports.iter().map(counts).collect();
    let new: usize = per_file.iter().map(|c| c.new).sum();
    let baselined: usize = per_file.iter().map(|c| c.baselined).sum();
    let unreadable = run.reports.iter().filter(|r| !r.errors.is_empty()).count();
    let policies = plural(run.reports.len(), "file", "files");
    let head = match (new, unreadable) {
        (0, 0) => format!("every applicable requirement is met ({policies} checked)"),
        (0, u) => format!("{} could not be checked", plural(u, "file", "files")),
        (n, _) => format!(
            "{} not met ({policies} checked)",
            plural(n, "finding", "findings")
        ),
    };
    writeln!(out, "## policylint: {head}\n")?;

    let show_baseline = baselined > 0 || run.reports.iter().any(|r| !r.resolved.is_empty());
    write!(
        out,
        "| File | Not met | Errors | Warnings | Info | Met | Waived | Not applicable |"
    )?;
    writeln!(
        out,
        "{}",
        if show_baseline {
            " In the baseline |"
        } else {
            ""
        }
    )?;
    write!(out, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
    writeln!(out, "{}", if show_baseline { "---:|" } else { "" })?;
    for (r, c) in run.reports.iter().zip(&per_file).take(MAX_ROWS) {
        if let Some(e) = r.errors.first() {
            write!(
                out,
                "| {} | could not be checked: {} | | | | | | |",
                code(&shown(r)),
                cell(&e.message)
            )?;
        } else {
            write!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                code(&shown(r)),
                c.new,
                c.errors,
                c.warnings,
                c.infos,
                c.pass,
                c.waived,
                c.na
            )?;
        }
        if show_baseline {
            write!(out, " {} |", c.baselined)?;
        }
        writeln!(out)?;
    }
    rows_cut(out, run.reports.len())?;

    let mut fails: Vec<(&FileReport, &CheckResult)> = Vec::new();
    let mut waived: Vec<(&FileReport, &CheckResult)> = Vec::new();
    let mut old: Vec<(&FileReport, &CheckResult)> = Vec::new();
    for r in run.reports {
        for res in &r.results {
            match res.status {
                Status::Fail if res.baselined => old.push((r, res)),
                Status::Fail => fails.push((r, res)),
                Status::Waived => waived.push((r, res)),
                _ => {}
            }
        }
    }
    // worst first, then by file and place
    fails.sort_by_key(|(r, res)| {
        (
            std::cmp::Reverse(res.severity),
            r.path.clone(),
            res.span.as_ref().map_or(0, |s| s.start),
        )
    });
    if !fails.is_empty() {
        writeln!(out, "\n### Not met\n")?;
        findings_table(out, &fails)?;
    }
    if !waived.is_empty() {
        writeln!(out, "\n### Waived ({})\n", waived.len())?;
        writeln!(out, "| Requirement | Where | Reason |")?;
        writeln!(out, "|---|---|---|")?;
        for (r, res) in waived.iter().take(MAX_ROWS) {
            writeln!(
                out,
                "| **{}** {} | {} | {} |",
                res.check,
                cell(&res.def.title),
                place(r, res),
                cell(res.waiver.as_deref().unwrap_or(""))
            )?;
        }
        rows_cut(out, waived.len())?;
    }
    if !old.is_empty() {
        writeln!(
            out,
            "\n<details><summary>Already in the baseline, not counted ({})</summary>\n",
            old.len()
        )?;
        findings_table(out, &old)?;
        writeln!(out, "\n</details>")?;
    }
    let resolved: Vec<(&FileReport, &crate::baseline::Entry)> = run
        .reports
        .iter()
        .flat_map(|r| r.resolved.iter().map(move |e| (r, e)))
        .collect();
    if !resolved.is_empty() {
        writeln!(out, "\n### Fixed since the baseline ({})\n", resolved.len())?;
        for (r, e) in resolved.iter().take(MAX_ROWS) {
            writeln!(
                out,
                "- **{}** in {} (was line {}): {}",
                e.check,
                code(&shown(r)),
                e.line,
                cell(&e.message)
            )?;
        }
        rows_cut(out, resolved.len())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a | b\nc <b>"), "a \\| b c &lt;b&gt;");
    }
}
