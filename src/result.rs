//! What checking a policy produces: one result per applicable check (passes included, with
//! their evidence), each with a byte span into the file.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::org::OrgKind;
use crate::packs::CheckDef;
use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    NotApplicable,
    Waived,
}

impl Status {
    /// Two results of one check in one file taken together: failed if either failed, else
    /// waived if either was, else met if either was.
    pub fn worst(self, other: Status) -> Status {
        use Status::*;
        match (self, other) {
            (Fail, _) | (_, Fail) => Fail,
            (Waived, _) | (_, Waived) => Waived,
            (Pass, _) | (_, Pass) => Pass,
            _ => NotApplicable,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotApplicable => "not-applicable",
            Status::Waived => "waived",
        }
    }
}

/// The area of a policy a check belongs to, for summaries and dashboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Roles,
    Risk,
    Policy,
    Filtering,
    Mobile,
    Training,
    Education,
    Incidents,
    Prevent,
    Data,
    Local,
    Terminology,
    FrontMatter,
}

impl Area {
    pub const ALL: [Area; 13] = [
        Area::Roles,
        Area::Risk,
        Area::Policy,
        Area::Filtering,
        Area::Mobile,
        Area::Training,
        Area::Education,
        Area::Incidents,
        Area::Prevent,
        Area::Data,
        Area::Local,
        Area::Terminology,
        Area::FrontMatter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Roles => "roles",
            Area::Risk => "risk",
            Area::Policy => "policy",
            Area::Filtering => "filtering",
            Area::Mobile => "mobile",
            Area::Training => "training",
            Area::Education => "education",
            Area::Incidents => "incidents",
            Area::Prevent => "prevent",
            Area::Data => "data",
            Area::Local => "local",
            Area::Terminology => "terminology",
            Area::FrontMatter => "front-matter",
        }
    }

    /// A heading for reports read by schools.
    pub fn title(self) -> &'static str {
        match self {
            Area::Roles => "Roles and governance",
            Area::Risk => "Online risks",
            Area::Policy => "Policy framework and review",
            Area::Filtering => "Filtering and monitoring",
            Area::Mobile => "Mobile and smart technology",
            Area::Training => "Training",
            Area::Education => "Education and engagement",
            Area::Incidents => "Incidents and reporting",
            Area::Prevent => "Prevent and radicalisation",
            Area::Data => "Data, conduct, images and AI",
            Area::Local => "Local partnership",
            Area::Terminology => "Out-of-date terms and references",
            Area::FrontMatter => "Policy details (front matter)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Changes only what the finding is about (a stale term); applied by `--fix`.
    Safe,
    /// Adds text the user should read and adapt; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown, never applied.
    DisplayOnly,
}

/// Replace `span` with `replacement` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A place in the policy that supports (or, for a failure, shows) the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub span: Span,
    /// What this place shows, when that is not obvious from the line.
    pub note: Option<String>,
}

/// One check's result for one policy.
#[derive(Debug, Clone)]
pub struct CheckResult {
    pub check: Arc<str>,
    /// The check's definition: title, source, why it matters, model wording.
    pub def: Arc<CheckDef>,
    /// The pack the check came from.
    pub pack: Arc<str>,
    pub status: Status,
    pub severity: Severity,
    pub message: String,
    /// What to write, or where to look, when the check fails.
    pub help: Option<String>,
    /// The primary location: where the evidence is, or where the missing text belongs.
    pub span: Option<Span>,
    pub evidence: Vec<Evidence>,
    /// Further labelled locations to show with the finding.
    pub labels: Vec<(Span, String)>,
    pub fix: Option<Fix>,
    /// Why the result is waived, when it is.
    pub waiver: Option<String>,
    /// A failure already recorded in the baseline given with `--baseline`: shown, but not
    /// counted for the exit code.
    pub baselined: bool,
}

/// How the kind of organisation was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KindSource {
    Flag,
    Config,
    FrontMatter,
    Inferred,
    Assumed,
}

/// Everything found for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub source: Option<SourceFile>,
    pub organisation: Option<String>,
    /// The policy's first heading, which names the organisation when the front matter
    /// does not (see `audit`).
    pub title: Option<String>,
    pub kind: Option<OrgKind>,
    pub kind_source: Option<KindSource>,
    /// What the kind was inferred from, when it was.
    pub kind_evidence: Option<String>,
    pub packs: Vec<String>,
    pub results: Vec<CheckResult>,
    /// Problems that stopped the file being checked (exit 2).
    pub errors: Vec<Problem>,
    /// Remarks that are not findings (an unknown partnership, an inferred kind).
    pub notes: Vec<String>,
    /// Each section's span and heading, so that fingerprints and reports can name the
    /// section a finding is in.
    pub sections: Vec<(Span, String)>,
    /// Failures recorded in the baseline given with `--baseline` that no longer occur.
    pub resolved: Vec<crate::baseline::Entry>,
}

impl FileReport {
    /// A report on `path` with nothing in it yet.
    pub fn empty(path: String) -> Self {
        FileReport {
            path,
            source: None,
            organisation: None,
            title: None,
            kind: None,
            kind_source: None,
            kind_evidence: None,
            packs: Vec::new(),
            results: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
            sections: Vec::new(),
            resolved: Vec::new(),
        }
    }

    pub fn failed(path: String, problem: Problem) -> Self {
        FileReport {
            errors: vec![problem],
            ..FileReport::empty(path)
        }
    }

    pub fn count(&self, status: Status) -> usize {
        self.results.iter().filter(|r| r.status == status).count()
    }

    /// The status of a check in this file: fail if any of its results failed.
    pub fn status_of(&self, check: &str) -> Option<Status> {
        self.results
            .iter()
            .filter(|r| &*r.check == check)
            .map(|r| r.status)
            .reduce(Status::worst)
    }
}
