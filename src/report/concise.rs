//! One line per failing finding: `path:line:col: severity ID message`, for logs and editors.

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
            .filter(|r| r.status == Status::Fail)
            .collect();
        fails.sort_by_key(|r| {
            (
                r.span.as_ref().map(|s| s.start).unwrap_or(0),
                r.check.clone(),
            )
        });
        for r in fails {
            let lc = source.line_col(r.span.as_ref().map(|s| s.start).unwrap_or(0));
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                report.path,
                lc.line,
                lc.column,
                r.severity.as_str(),
                r.check,
                r.message
            )?;
        }
    }
    Ok(())
}
