//! Baselines: today's failures recorded by fingerprint, so CI fails only on new ones.
//!
//! `policylint baseline create FILE [PATH…]` checks the policies as `check` would and writes
//! every failure to FILE (JSON, sorted, one entry per failure). `check --baseline FILE` then
//! marks each failure whose fingerprint is in the file as baselined: shown as such, not
//! counted for the exit code. Entries of a checked policy that no longer fail are listed as
//! fixed since the baseline.
//!
//! Fingerprints ([`crate::fingerprint`]) use the check, the file's path relative to the
//! baseline file's folder, the section heading and the text at the finding — not line
//! numbers — so inserting or moving paragraphs does not turn old failures into new ones.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::{EXIT_ERROR, EXIT_OK, Io, Settings, check_paths, usage};
use crate::error::Problem;
use crate::fingerprint;
use crate::result::{FileReport, Status};

/// The baseline file format's version.
pub const VERSION: u32 = 1;

/// One recorded failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub check: String,
    /// The policy, relative to the baseline file's folder.
    pub path: String,
    /// The heading of the section the failure was in ("" before any heading).
    #[serde(default)]
    pub section: String,
    /// The line it was on when recorded: for people reading the file, not for matching.
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    /// The date the failures were recorded (the run's `--today`).
    created: String,
    tool: String,
    entries: Vec<Entry>,
}

fn base_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The entries for the failures of some reports.
pub fn entries(reports: &[FileReport], base: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    for report in reports {
        let Some(source) = &report.source else {
            continue;
        };
        let path = fingerprint::relative_path(&report.path, base);
        let fps = fingerprint::of_report(report, &path);
        for (r, fp) in report.results.iter().zip(fps) {
            if r.status != Status::Fail {
                continue;
            }
            out.push(Entry {
                fingerprint: fp,
                check: r.check.to_string(),
                path: path.clone(),
                section: fingerprint::section_of(report, r).to_string(),
                line: r.span.as_ref().map_or(1, |s| source.line_col(s.start).line),
                message: r.message.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.path, a.line, &a.check, &a.fingerprint).cmp(&(
            &b.path,
            b.line,
            &b.check,
            &b.fingerprint,
        ))
    });
    out
}

/// `policylint baseline create FILE [PATH…]`.
pub fn create(
    settings: &Settings,
    file: &Path,
    paths: &[PathBuf],
    io: &mut Io<'_>,
) -> Result<u8, Problem> {
    let checked = check_paths(settings, paths, None, None, io.stdin, &())?;
    let mut reports = checked.reports;
    reports.extend(checked.config_findings);
    if reports.is_empty() {
        return Err(usage(
            "no policies found: give Markdown files (*.md) or folders holding them",
        ));
    }
    let unreadable: Vec<&FileReport> = reports.iter().filter(|r| !r.errors.is_empty()).collect();
    if !unreadable.is_empty() {
        for r in &unreadable {
            for p in &r.errors {
                let _ = write!(
                    io.stderr,
                    "{}",
                    crate::report::human::render_problem(p, settings.color, settings.width)
                );
            }
        }
        let _ = writeln!(
            io.stderr,
            "error: {} could not be checked, so no baseline was written (a baseline without them would let their failures through later)",
            crate::report::plural(unreadable.len(), "file", "files")
        );
        return Ok(EXIT_ERROR);
    }
    let entries = entries(&reports, &base_dir(file));
    let data = BaselineFile {
        version: VERSION,
        created: settings.today.to_string(),
        tool: format!("policylint {}", env!("CARGO_PKG_VERSION")),
        entries,
    };
    let mut bytes = serde_json::to_vec_pretty(&data)
        .map_err(|e| usage(format!("could not write the baseline: {e}")))?;
    bytes.push(b'\n');
    crate::write::atomic_write(file, &bytes)?;
    let policies = reports.iter().filter(|r| r.source.is_some()).count();
    let _ = writeln!(
        io.stdout,
        "Recorded {} in {} to {}. Check against it with `policylint check --baseline {}`.",
        crate::report::plural(data.entries.len(), "failure", "failures"),
        crate::report::plural(policies, "file", "files"),
        file.display(),
        file.display()
    );
    Ok(EXIT_OK)
}

/// Read a baseline file.
pub fn load(file: &Path) -> Result<Vec<Entry>, Problem> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        crate::load::io_problem(file, &e)
            .with_help("create one with `policylint baseline create FILE [PATH…]`")
    })?;
    let data: BaselineFile = serde_json::from_str(&text).map_err(|e| {
        Problem::new(
            "baseline::invalid",
            file,
            format!("this is not a policylint baseline: {e}"),
        )
        .at_line_col(e.line(), e.column())
        .with_help("create it again with `policylint baseline create FILE [PATH…]`")
    })?;
    if data.version != VERSION {
        return Err(Problem::new(
            "baseline::version",
            file,
            format!(
                "this baseline has version {}, and this policylint reads version {VERSION}",
                data.version
            ),
        )
        .with_help("create it again with `policylint baseline create FILE [PATH…]`"));
    }
    Ok(data.entries)
}

/// Mark the failures recorded in the baseline `file`, and list on each checked policy the
/// recorded failures it no longer has.
pub fn apply(file: &Path, reports: &mut [FileReport]) -> Result<(), Problem> {
    let entries = load(file)?;
    let base = base_dir(file);
    let mut by_fp: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_fp.entry((&e.path, &e.fingerprint)).or_default().push(i);
    }
    let mut matched = vec![false; entries.len()];
    for report in reports.iter_mut() {
        if report.source.is_none() {
            continue;
        }
        let path = fingerprint::relative_path(&report.path, &base);
        let fps = fingerprint::of_report(report, &path);
        for (r, fp) in report.results.iter_mut().zip(&fps) {
            if !matches!(r.status, Status::Fail | Status::Waived) {
                continue;
            }
            let Some(list) = by_fp.get(&(path.as_str(), fp.as_str())) else {
                continue;
            };
            if let Some(&i) = list.iter().find(|&&i| !matched[i]) {
                matched[i] = true;
                // a waived failure is still there (not fixed), but is not a failure to mark
                r.baselined = r.status == Status::Fail;
            }
        }
        report.resolved = entries
            .iter()
            .enumerate()
            .filter(|(i, e)| !matched[*i] && e.path == path)
            .map(|(_, e)| e.clone())
            .collect();
    }
    Ok(())
}
