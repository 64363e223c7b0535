//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps): one test
//! suite per policy, one test case per check.
//!
//! A check not met is a failure, with each place it failed in the description; a check that
//! does not apply is skipped; a waived check is skipped with the written reason; a failure
//! already in the baseline is skipped and says so. A file that could not be read is a suite
//! with one test case in error.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::Run;
use crate::result::{CheckResult, FileReport, Status};

fn at(report: &FileReport, r: &CheckResult) -> String {
    match (&report.source, &r.span) {
        (Some(s), Some(span)) => {
            let lc = s.line_col(span.start);
            format!("{}:{}:{}", report.path, lc.line, lc.column)
        }
        _ => report.path.clone(),
    }
}

fn case_for(report: &FileReport, check: &str, results: &[&CheckResult]) -> TestCase {
    let first = results[0];
    let name = format!("{check}: {}", first.def.title);
    let fails: Vec<&&CheckResult> = results
        .iter()
        .filter(|r| r.status == Status::Fail && !r.baselined)
        .collect();
    let baselined: Vec<&&CheckResult> = results
        .iter()
        .filter(|r| r.status == Status::Fail && r.baselined)
        .collect();
    let waived: Vec<&&CheckResult> = results
        .iter()
        .filter(|r| r.status == Status::Waived)
        .collect();
    let status = if !fails.is_empty() {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        let worst = fails
            .iter()
            .map(|r| r.severity)
            .max()
            .unwrap_or(first.severity);
        let mut description = Vec::new();
        for r in &fails {
            let mut d = format!("{}: {} {}", at(report, r), r.severity.as_str(), r.message);
            if let Some(h) = &r.help {
                d.push_str(&format!("\n  what to do: {h}"));
            }
            description.push(d);
        }
        description.push(format!("source: {}", first.def.source.cite()));
        s.set_message(fails[0].message.clone())
            .set_type(worst.as_str())
            .set_description(description.join("\n"));
        s
    } else if !baselined.is_empty() {
        let mut s = TestCaseStatus::skipped();
        s.set_message(format!(
            "already in the baseline, not counted: {}",
            baselined[0].message
        ))
        .set_type("baselined");
        s
    } else if !waived.is_empty() {
        let mut s = TestCaseStatus::skipped();
        let reasons: Vec<String> = waived
            .iter()
            .map(|r| r.waiver.clone().unwrap_or_default())
            .collect();
        s.set_message(format!("waived: {}", reasons.join("; ")))
            .set_type("waived")
            .set_description(
                waived
                    .iter()
                    .map(|r| format!("{}: {}", at(report, r), r.message))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        s
    } else if results.iter().all(|r| r.status == Status::NotApplicable) {
        let mut s = TestCaseStatus::skipped();
        s.set_message(format!("not applicable: {}", first.message))
            .set_type("not-applicable");
        s
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(name, status);
    case.set_classname(report.path.clone());
    case
}

pub fn to_report(run: &Run<'_>) -> Report {
    let mut out = Report::new("policylint");
    for report in run.reports {
        let mut suite = TestSuite::new(report.path.clone());
        for e in &report.errors {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            let place = match e.line_col() {
                Some((l, c)) => format!("{}:{l}:{c}", report.path),
                None => report.path.clone(),
            };
            let mut d = format!("{place}: {}", e.message);
            if let Some(h) = &e.help {
                d.push_str(&format!("\n  {h}"));
            }
            status
                .set_message(e.message.clone())
                .set_type(e.code)
                .set_description(d);
            let mut case = TestCase::new("policylint could read and check this file", status);
            case.set_classname(report.path.clone());
            suite.add_test_case(case);
        }
        // one case per check, in the order the checks ran
        let mut order: Vec<&str> = Vec::new();
        for r in &report.results {
            if !order.contains(&&*r.check) {
                order.push(&r.check);
            }
        }
        for check in order {
            let results: Vec<&CheckResult> = report
                .results
                .iter()
                .filter(|r| &*r.check == check)
                .collect();
            suite.add_test_case(case_for(report, check, &results));
        }
        if !report.resolved.is_empty() {
            let fixed: Vec<String> = report
                .resolved
                .iter()
                .map(|e| format!("{} (was line {}): {}", e.check, e.line, e.message))
                .collect();
            suite.set_system_out(format!("fixed since the baseline:\n{}", fixed.join("\n")));
        }
        out.add_test_suite(suite);
    }
    out
}

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    to_report(run)
        .serialize(&mut *out)
        .map_err(|e| io::Error::other(e.to_string()))?;
    writeln!(out)
}
