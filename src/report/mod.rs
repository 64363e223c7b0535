//! Reporters: the same results rendered for a person (human), a script (json), a log line
//! per finding (concise), and the formats added for CI and schools.

pub mod action_plan;
pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod readable;
pub mod sarif;

use std::io::{self, Write};

use jiff::civil::Date;

use crate::result::{FileReport, Severity, Status};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Concise,
    Sarif,
    Github,
    Junit,
    Markdown,
    Html,
    ActionPlan,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &[
        "human",
        "json",
        "concise",
        "sarif",
        "github",
        "junit",
        "markdown",
        "html",
        "action-plan",
    ];

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "human" => Format::Human,
            "json" => Format::Json,
            "concise" => Format::Concise,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            "junit" => Format::Junit,
            "markdown" => Format::Markdown,
            "html" => Format::Html,
            "action-plan" => Format::ActionPlan,
            _ => return None,
        })
    }
}

/// Settings that change how results are shown (not what they are).
#[derive(Debug, Clone)]
pub struct ReportSettings {
    pub color: bool,
    pub width: usize,
    pub show_evidence: bool,
    pub show_diff: bool,
    pub quiet: bool,
    /// Whether a long report may be written on two threads (not with `--jobs 1`).
    pub parallel: bool,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            color: false,
            width: 100,
            show_evidence: false,
            show_diff: false,
            quiet: false,
            parallel: false,
        }
    }
}

/// One run's results.
pub struct Run<'a> {
    pub reports: &'a [FileReport],
    pub today: Date,
    pub settings: &'a ReportSettings,
}

/// Counts across a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub fail: usize,
    pub pass: usize,
    pub not_applicable: usize,
    pub waived: usize,
    /// Failures already in the baseline (also counted in `fail`).
    pub baselined: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            if !r.errors.is_empty() {
                s.unreadable += 1;
            }
            for res in &r.results {
                match res.status {
                    Status::Fail => {
                        s.fail += 1;
                        if res.baselined {
                            s.baselined += 1;
                        }
                        match res.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                    }
                    Status::Pass => s.pass += 1,
                    Status::NotApplicable => s.not_applicable += 1,
                    Status::Waived => s.waived += 1,
                }
            }
        }
        s
    }
}

/// Render a run in a format.
pub fn render(format: Format, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::render(run, out),
        Format::Json => json::render(run, out),
        Format::Concise => concise::render(run, out),
        Format::Sarif => sarif::render(run, out),
        Format::Github => github::render(run, out),
        Format::Junit => junit::render(run, out),
        Format::Markdown => markdown::render(run, out),
        Format::Html => html::render(run, out),
        Format::ActionPlan => action_plan::render(run, out),
    }
}

/// "1 requirement", "3 requirements".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
