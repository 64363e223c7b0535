//! One line per failing finding: `path:line:col: severity ID message`, for logs and editors.
//! Waived failures are `path:line:col: waived ID message — reason`, failures already
//! in the baseline end with `[in the baseline]`, and those fixed since are
//! `path: fixed ID message (was line N)`.

use std::io::{self, Write};

use super::Run;
use crate::result::Status;

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    for report in run.reports {
        for e in &report.errors {
            match e.line_col() {
                Some((l, c)) => writeln!(
                    out,
                    "{}:{l}:{c}: error [{}] {}",
                    report.path, e.code, e.message
                )?,
                None => writeln!(out, "{}: error [{}] {}", report.path, e.code, e.message)?,
            }
        }
        let Some(source) = &report.source else {
            continue;
        };
        let mut fails: Vec<_> = report
            .results
            .iter()
            .filter(|r| matches!(r.status, Status::Fail | Status::Waived))
            .collect();
        fails.sort_by_key(|r| {
            (
                r.span.as_ref().map(|s| s.start).unwrap_or(0),
                r.check.clone(),
            )
        });
        for r in fails {
            let lc = source.line_col(r.span.as_ref().map(|s| s.start).unwrap_or(0));
            let (label, tail) = match (r.status, &r.waiver) {
                (Status::Waived, w) => (
                    "waived",
                    format!(" \u{2014} {}", w.as_deref().unwrap_or("")),
                ),
                _ if r.baselined => (r.severity.as_str(), " [in the baseline]".to_string()),
                _ => (r.severity.as_str(), String::new()),
            };
            writeln!(
                out,
                "{}:{}:{}: {label} {} {}{tail}",
                report.path, lc.line, lc.column, r.check, r.message
            )?;
        }
        for e in &report.resolved {
            writeln!(
                out,
                "{}: fixed {} {} (was line {})",
                report.path, e.check, e.message, e.line
            )?;
        }
    }
    Ok(())
}
