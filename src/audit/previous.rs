//! Last year's audit (`--previous`): read a previous `--json` output and work out, for each
//! organisation and requirement, what improved (not met → met) and what regressed
//! (met → not met).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use crate::error::Problem;
use crate::result::Status;

use super::matrix::{Column, Row};

/// One organisation in the previous audit.
#[derive(Debug, Clone)]
pub struct PreviousOrg {
    pub path: String,
    pub relative_path: Option<String>,
    pub organisation: Option<String>,
    pub statuses: BTreeMap<String, Status>,
}

/// A previous audit, read and checked.
#[derive(Debug, Clone)]
pub struct Previous {
    /// The file it was read from, for reports.
    pub file: String,
    /// The date that audit was run for.
    pub today: Option<String>,
    pub orgs: Vec<PreviousOrg>,
}

/// What changed for one organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// No organisation in the previous audit had this path or name.
    NotInPrevious,
    /// Matched: the requirements that went from not met to met, and from met to not met, in
    /// column order.
    Matched {
        improved: Vec<String>,
        regressed: Vec<String>,
    },
}

impl Changes {
    /// The CSV cell: "improved: ROLE-DSL; regressed: FM-REVIEW", "no change" or "not in
    /// previous audit".
    pub fn describe(&self) -> String {
        match self {
            Changes::NotInPrevious => "not in previous audit".into(),
            Changes::Matched {
                improved,
                regressed,
            } => {
                let mut parts = Vec::new();
                if !improved.is_empty() {
                    parts.push(format!("improved: {}", improved.join(", ")));
                }
                if !regressed.is_empty() {
                    parts.push(format!("regressed: {}", regressed.join(", ")));
                }
                if parts.is_empty() {
                    "no change".into()
                } else {
                    parts.join("; ")
                }
            }
        }
    }

    pub fn improved(&self) -> &[String] {
        match self {
            Changes::Matched { improved, .. } => improved,
            Changes::NotInPrevious => &[],
        }
    }

    pub fn regressed(&self) -> &[String] {
        match self {
            Changes::Matched { regressed, .. } => regressed,
            Changes::NotInPrevious => &[],
        }
    }
}

fn problem(path: &Path, message: String) -> Problem {
    Problem::new("audit::previous", path, message)
        .with_help("give --previous the file that an earlier `policylint audit --json FILE` wrote")
}

/// Read a previous audit's JSON. Anything that is not one is an error (exit 2).
pub fn load(path: &Path) -> Result<Previous, Problem> {
    let bytes = std::fs::read(path).map_err(|e| {
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        problem(path, format!("could not read the previous audit: {what}"))
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        problem(
            path,
            format!(
                "the previous audit is not valid JSON (line {}, column {}: {})",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ),
        )
    })?;
    parse(path, &value)
}

fn strip_position(msg: &str) -> &str {
    msg.split(" at line ").next().unwrap_or(msg)
}

/// Read the previous audit from parsed JSON.
pub fn parse(path: &Path, value: &Value) -> Result<Previous, Problem> {
    let not_audit = |why: &str| {
        problem(
            path,
            format!("this is not a policylint audit report: {why}"),
        )
    };
    let obj = value
        .as_object()
        .ok_or_else(|| not_audit("it is not a JSON object"))?;
    match obj.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(crate::report::json::VERSION) => {}
        Some(v) => {
            return Err(problem(
                path,
                format!(
                    "the previous audit is in report format version {v}, and this policylint reads version {}",
                    crate::report::json::VERSION
                ),
            ));
        }
        None => return Err(not_audit("it has no `version` number")),
    }
    let files = obj
        .get("files")
        .and_then(Value::as_array)
        .ok_or_else(|| not_audit("it has no `files` list"))?;
    // Names and paths below the audited folder, from the audit section when there is one.
    let mut extra: HashMap<&str, (Option<String>, Option<String>)> = HashMap::new();
    if let Some(orgs) = obj
        .get("audit")
        .and_then(|a| a.get("organisations"))
        .and_then(Value::as_array)
    {
        for o in orgs {
            if let Some(p) = o.get("path").and_then(Value::as_str) {
                let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
                extra.insert(p, (s("organisation"), s("relative_path")));
            }
        }
    }
    let mut orgs = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let fpath = f
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| not_audit(&format!("file {} in `files` has no `path`", i + 1)))?;
        let results = f
            .get("results")
            .and_then(Value::as_array)
            .ok_or_else(|| not_audit(&format!("`{fpath}` in `files` has no `results` list")))?;
        let mut statuses: BTreeMap<String, Status> = BTreeMap::new();
        for r in results {
            let check = r.get("check").and_then(Value::as_str);
            let status = r.get("status").and_then(Value::as_str);
            let (Some(check), Some(status)) = (check, status) else {
                return Err(not_audit(&format!(
                    "a result of `{fpath}` lacks its `check` or `status`"
                )));
            };
            let status: Status = serde_json::from_value(Value::String(status.into()))
                .map_err(|_| {
                    not_audit(&format!(
                        "`{status}` (for {check} in `{fpath}`) is not a status: expected pass, fail, not-applicable or waived"
                    ))
                })?;
            // as in `FileReport::status_of`: one failing result fails the check
            statuses
                .entry(check.to_string())
                .and_modify(|s| *s = combine(*s, status))
                .or_insert(status);
        }
        let (org_name, relative) = extra.get(fpath).cloned().unwrap_or_default();
        orgs.push(PreviousOrg {
            path: fpath.to_string(),
            relative_path: relative,
            organisation: org_name.or_else(|| {
                f.get("organisation")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            }),
            statuses,
        });
    }
    Ok(Previous {
        file: path.to_string_lossy().replace('\\', "/"),
        today: obj.get("today").and_then(Value::as_str).map(str::to_string),
        orgs,
    })
}

fn combine(a: Status, b: Status) -> Status {
    use Status::*;
    match (a, b) {
        (Fail, _) | (_, Fail) => Fail,
        (Waived, _) | (_, Waived) => Waived,
        (Pass, _) | (_, Pass) => Pass,
        _ => NotApplicable,
    }
}

fn normalise_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Previous {
    /// The previous entry for a row: by path below the audited folder, then by path as
    /// given, then by organisation name when exactly one previous organisation has it.
    pub fn find(&self, row: &Row<'_>) -> Option<&PreviousOrg> {
        if let Some(o) = self
            .orgs
            .iter()
            .find(|o| o.relative_path.as_deref() == Some(row.relative_path.as_str()))
        {
            return Some(o);
        }
        if let Some(o) = self.orgs.iter().find(|o| o.path == row.path()) {
            return Some(o);
        }
        let name = normalise_name(row.organisation);
        let mut named = self
            .orgs
            .iter()
            .filter(|o| o.organisation.as_deref().map(normalise_name) == Some(name.clone()));
        match (named.next(), named.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    }

    /// What changed for a row since this audit.
    pub fn changes_for(&self, row: &Row<'_>, columns: &[Column]) -> Changes {
        let Some(prev) = self.find(row) else {
            return Changes::NotInPrevious;
        };
        let mut improved = Vec::new();
        let mut regressed = Vec::new();
        for (col, cell) in columns.iter().zip(&row.cells) {
            match (prev.statuses.get(&col.id), cell) {
                (Some(Status::Fail), Some(Status::Pass)) => improved.push(col.id.clone()),
                (Some(Status::Pass), Some(Status::Fail)) => regressed.push(col.id.clone()),
                _ => {}
            }
        }
        Changes::Matched {
            improved,
            regressed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_statuses_and_audit_names() {
        let v = json!({
            "version": 1, "today": "2025-11-01",
            "files": [{ "path": "p/a.md", "results": [
                {"check": "ROLE-DSL", "status": "pass"},
                {"check": "FM-REVIEW", "status": "pass"},
                {"check": "FM-REVIEW", "status": "fail"}]}],
            "audit": {"organisations": [{"path": "p/a.md", "organisation": "Oak School", "relative_path": "a.md"}]}
        });
        let p = parse(Path::new("last.json"), &v).unwrap();
        assert_eq!(p.today.as_deref(), Some("2025-11-01"));
        let o = &p.orgs[0];
        assert_eq!(o.organisation.as_deref(), Some("Oak School"));
        assert_eq!(o.relative_path.as_deref(), Some("a.md"));
        assert_eq!(o.statuses["ROLE-DSL"], Status::Pass);
        assert_eq!(o.statuses["FM-REVIEW"], Status::Fail);
    }

    #[test]
    fn rejects_what_is_not_an_audit() {
        let err = |v: Value| parse(Path::new("x.json"), &v).unwrap_err().message;
        assert!(err(json!([1, 2])).contains("not a JSON object"));
        assert!(err(json!({"files": []})).contains("no `version`"));
        assert!(err(json!({"version": 7, "files": []})).contains("version 7"));
        assert!(err(json!({"version": 1})).contains("no `files` list"));
        assert!(
            err(json!({"version": 1, "files": [{"path": "a", "results": [{"check": "X", "status": "great"}]}]}))
                .contains("`great`")
        );
    }

    #[test]
    fn describes_changes() {
        let c = Changes::Matched {
            improved: vec!["ROLE-DSL".into()],
            regressed: vec!["FM-REVIEW".into(), "INC-LADO".into()],
        };
        assert_eq!(
            c.describe(),
            "improved: ROLE-DSL; regressed: FM-REVIEW, INC-LADO"
        );
        assert_eq!(
            Changes::Matched {
                improved: vec![],
                regressed: vec![]
            }
            .describe(),
            "no change"
        );
        assert_eq!(Changes::NotInPrevious.describe(), "not in previous audit");
    }
}
