//! GitHub Actions workflow commands: each failure becomes an annotation on the policy's line
//! in the pull request (`::error`, `::warning`, or `::notice` for info findings). Waived
//! failures, failures already in the baseline and failures fixed since the baseline are
//! listed in a collapsed log group, so they are visible without crowding the annotations.
//!
//! Escaping follows the Actions toolkit: in the message `%`, CR and LF are percent-encoded;
//! in properties (`file`, `title`) also `:` and `,`.

use std::io::{self, Write};

use super::sarif::place;
use super::{Run, Summary};
use crate::result::{CheckResult, Severity, Status};

/// Escape a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property's value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn properties(path: &str, r: &CheckResult, report: &crate::result::FileReport) -> String {
    let mut props = vec![format!("file={}", escape_property(path))];
    if let Some(source) = &report.source {
        let p = place(source, r.span.as_ref());
        props.push(format!("line={}", p.line));
        if let Some(c) = p.column {
            props.push(format!("col={c}"));
        }
        props.push(format!("endLine={}", p.end_line));
        if let Some(c) = p.end_column {
            props.push(format!("endColumn={c}"));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("{} · {}", r.check, r.def.title))
    ));
    props.join(",")
}

fn line_of(report: &crate::result::FileReport, r: &CheckResult) -> usize {
    match (&report.source, &r.span) {
        (Some(s), Some(span)) => s.line_col(span.start).line,
        _ => 1,
    }
}

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut listed: Vec<String> = Vec::new();
    for report in run.reports {
        let path = crate::fingerprint::from_working_dir(&report.path);
        for e in &report.errors {
            let mut props = vec![format!("file={}", escape_property(&path))];
            if let Some((line, col)) = e.line_col() {
                props.push(format!("line={line}"));
                props.push(format!("col={col}"));
            }
            props.push(format!(
                "title={}",
                escape_property("policylint could not check this file")
            ));
            let mut msg = e.message.clone();
            if let Some(h) = &e.help {
                msg.push_str(&format!("\n{h}"));
            }
            writeln!(out, "::error {}::{}", props.join(","), escape_data(&msg))?;
        }
        let mut fails: Vec<&CheckResult> = report
            .results
            .iter()
            .filter(|r| r.status == Status::Fail && !r.baselined)
            .collect();
        fails.sort_by_key(|r| (r.span.as_ref().map_or(0, |s| s.start), r.check.clone()));
        for r in fails {
            let mut msg = r.message.clone();
            if let Some(h) = &r.help {
                msg.push_str(&format!("\nWhat to do: {h}"));
            }
            msg.push_str(&format!("\nSource: {}", r.def.source.cite()));
            writeln!(
                out,
                "::{} {}::{}",
                command(r.severity),
                properties(&path, r, report),
                escape_data(&msg)
            )?;
        }
        let mut set_aside: Vec<&CheckResult> = report
            .results
            .iter()
            .filter(|r| r.status == Status::Waived || r.status == Status::Fail && r.baselined)
            .collect();
        set_aside.sort_by_key(|r| (line_of(report, r), r.check.clone()));
        for r in set_aside {
            let at = format!("{path}:{}", line_of(report, r));
            if r.status == Status::Waived {
                listed.push(format!(
                    "waived     {at} {} · {}: {}",
                    r.check,
                    r.def.title,
                    r.waiver.as_deref().unwrap_or("")
                ));
            } else if r.status == Status::Fail && r.baselined {
                listed.push(format!(
                    "baselined  {at} {} ({}): {}",
                    r.check,
                    r.severity.as_str(),
                    r.message
                ));
            }
        }
        for e in &report.resolved {
            listed.push(format!(
                "fixed      {path} {} (was line {}): {}",
                e.check, e.line, e.message
            ));
        }
    }
    let s = Summary::of(run.reports);
    if !listed.is_empty() {
        writeln!(
            out,
            "::group::policylint: {} waived, {} in the baseline, {} fixed since the baseline",
            s.waived,
            s.baselined,
            run.reports.iter().map(|r| r.resolved.len()).sum::<usize>()
        )?;
        for l in listed {
            // a line starting with `::` would be read as a command
            writeln!(out, "{}", l.replace("::", ": :"))?;
        }
        writeln!(out, "::endgroup::")?;
    }
    writeln!(out, "{}", super::human::summary_line(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(
            escape_property("ROLE-DSL · a: b, c%"),
            "ROLE-DSL · a%3A b%2C c%25"
        );
    }
}
