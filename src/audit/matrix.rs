//! The organisation-by-requirement matrix: one row per policy, one column per check id (the
//! union over every policy's packs, by area then id), and the totals a partnership board reads.

use std::collections::BTreeMap;
use std::path::Path;

use crate::org::OrgKind;
use crate::result::{Area, FileReport, Status};

use super::policy::{Policy, Requirement};
use super::previous::{Changes, Previous};

/// A requirement column.
#[derive(Debug, Clone)]
pub struct Column {
    pub id: String,
    pub title: String,
    pub area: Area,
}

/// How many requirements of each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub fail: usize,
    pub pass: usize,
    pub not_applicable: usize,
    pub waived: usize,
}

impl Counts {
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Fail => self.fail += 1,
            Status::Pass => self.pass += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::Waived => self.waived += 1,
        }
    }

    /// Requirements met as a share of those that apply and were not waived, if any did.
    pub fn compliance(&self) -> Option<f64> {
        let judged = self.pass + self.fail;
        (judged > 0).then(|| self.pass as f64 / judged as f64)
    }
}

/// One policy's row.
#[derive(Debug)]
pub struct Row<'a> {
    pub policy: &'a Policy,
    /// The full report, when the audit kept them (for the JSON and the dashboard).
    pub report: Option<&'a FileReport>,
    /// The organisation's name: the front matter's, else the policy's first heading, else the
    /// file name.
    pub organisation: &'a str,
    /// The path below the audited folder, used to match last year's audit.
    pub relative_path: String,
    /// The status of each column, `None` where the check was not in this policy's packs.
    pub cells: Vec<Option<Status>>,
    pub counts: Counts,
    /// Why the policy could not be checked.
    pub error: Option<&'a str>,
    /// What changed since the previous audit, when one was given.
    pub changes: Option<Changes>,
}

impl Row<'_> {
    pub fn kind(&self) -> Option<OrgKind> {
        self.policy.kind
    }

    pub fn path(&self) -> &str {
        &self.policy.path
    }

    pub fn readable(&self) -> bool {
        self.error.is_none()
    }
}

/// Totals for one requirement across the organisations.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColumnTotals {
    pub counts: Counts,
    /// Organisations whose packs did not include the check.
    pub not_checked: usize,
}

/// The whole audit.
#[derive(Debug)]
pub struct Matrix<'a> {
    pub columns: Vec<Column>,
    /// Every policy, sorted by path.
    pub rows: Vec<Row<'a>>,
    pub column_totals: Vec<ColumnTotals>,
}

impl<'a> Matrix<'a> {
    /// Build the matrix from checked policies (in any order) found under `dir`. `reports`
    /// holds their full reports in the same order, or nothing when the audit did not keep
    /// them; `requirements` is the list their cells number.
    pub fn build(
        policies: &'a [Policy],
        reports: &'a [FileReport],
        requirements: &[Requirement],
        dir: &Path,
        previous: Option<&Previous>,
    ) -> Matrix<'a> {
        let mut order: Vec<usize> = (0..requirements.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&requirements[a], &requirements[b]);
            (a.area, &a.id).cmp(&(b.area, &b.id))
        });
        let columns: Vec<Column> = order
            .iter()
            .map(|&i| Column {
                id: requirements[i].id.to_string(),
                title: requirements[i].title.clone(),
                area: requirements[i].area,
            })
            .collect();
        // requirement number → column
        let mut column_of = vec![0usize; requirements.len()];
        for (col, &i) in order.iter().enumerate() {
            column_of[i] = col;
        }

        let mut rows: Vec<Row<'a>> = policies
            .iter()
            .enumerate()
            .map(|(i, policy)| {
                let mut cells = vec![None; columns.len()];
                let mut counts = Counts::default();
                for c in &policy.cells {
                    cells[column_of[usize::from(c.requirement)]] = Some(c.status);
                    counts.add(c.status);
                }
                Row {
                    policy,
                    report: reports.get(i),
                    organisation: &policy.organisation,
                    relative_path: relative_path(&policy.path, dir),
                    cells,
                    counts,
                    error: policy.error.as_deref(),
                    changes: None,
                }
            })
            .collect();
        rows.sort_by(|a, b| a.path().cmp(b.path()));
        if let Some(prev) = previous {
            for row in rows.iter_mut().filter(|r| r.readable()) {
                row.changes = Some(prev.changes_for(row, &columns));
            }
        }
        let mut column_totals = vec![ColumnTotals::default(); columns.len()];
        for row in rows.iter().filter(|r| r.readable()) {
            for (t, cell) in column_totals.iter_mut().zip(&row.cells) {
                match cell {
                    Some(s) => t.counts.add(*s),
                    None => t.not_checked += 1,
                }
            }
        }
        Matrix {
            columns,
            rows,
            column_totals,
        }
    }

    /// Policies that were checked.
    pub fn readable(&self) -> impl Iterator<Item = &Row<'a>> {
        self.rows.iter().filter(|r| r.readable())
    }

    /// Policies that could not be read.
    pub fn unreadable(&self) -> impl Iterator<Item = &Row<'a>> {
        self.rows.iter().filter(|r| !r.readable())
    }

    /// How many organisations of each kind, in the usual order, kinds with none left out.
    pub fn kinds(&self) -> Vec<(OrgKind, usize)> {
        let mut n: BTreeMap<OrgKind, usize> = BTreeMap::new();
        for r in self.readable() {
            if let Some(k) = r.kind() {
                *n.entry(k).or_default() += 1;
            }
        }
        n.into_iter().collect()
    }

    /// Requirement results of all organisations of each kind.
    pub fn kind_totals(&self) -> Vec<(OrgKind, usize, Counts)> {
        let mut out: BTreeMap<OrgKind, (usize, Counts)> = BTreeMap::new();
        for r in self.readable() {
            if let Some(k) = r.kind() {
                let e = out.entry(k).or_default();
                e.0 += 1;
                for s in r.cells.iter().flatten() {
                    e.1.add(*s);
                }
            }
        }
        out.into_iter().map(|(k, (n, c))| (k, n, c)).collect()
    }

    /// Requirements not met by at least one organisation, most often unmet first.
    pub fn most_unmet(&self) -> Vec<(&Column, &ColumnTotals)> {
        let mut v: Vec<(&Column, &ColumnTotals)> = self
            .columns
            .iter()
            .zip(&self.column_totals)
            .filter(|(_, t)| t.counts.fail > 0)
            .collect();
        v.sort_by(|a, b| {
            b.1.counts
                .fail
                .cmp(&a.1.counts.fail)
                .then(a.0.id.cmp(&b.0.id))
        });
        v
    }

    /// All requirement results of all readable policies.
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for r in self.readable() {
            c.fail += r.counts.fail;
            c.pass += r.counts.pass;
            c.not_applicable += r.counts.not_applicable;
            c.waived += r.counts.waived;
        }
        c
    }
}

/// A problem that stopped a file being checked, with its position when it has one.
pub fn describe_problem(p: &crate::error::Problem) -> String {
    match p.line_col() {
        Some((line, column)) => format!("{} (line {line}, column {column})", p.message),
        None => p.message.clone(),
    }
}

/// The short form of a status used in the CSV and the dashboard.
pub fn cell_text(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::NotApplicable => "n-a",
        Status::Waived => "waived",
    }
}

/// A status in words for a partnership board.
pub fn status_words(s: Status) -> &'static str {
    match s {
        Status::Pass => "Met",
        Status::Fail => "Not met",
        Status::NotApplicable => "Does not apply",
        Status::Waived => "Waived",
    }
}

/// The organisation's name: front matter, else first heading, else the file name.
pub fn organisation_name(report: &FileReport) -> String {
    if let Some(n) = report
        .organisation
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        return n.to_string();
    }
    if let Some(h) = report.title.as_deref().filter(|h| !h.is_empty()) {
        return h.to_string();
    }
    Path::new(&report.path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| report.path.clone())
}

/// `path` below `dir`, with forward slashes; the whole path when it is not below it.
pub fn relative_path(path: &str, dir: &Path) -> String {
    let p = Path::new(path);
    let rel = p
        .strip_prefix(dir)
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or(p);
    rel.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_drop_the_audited_folder() {
        assert_eq!(
            relative_path("policies/a/b.md", Path::new("policies")),
            "a/b.md"
        );
        assert_eq!(relative_path("./b.md", Path::new(".")), "b.md");
        assert_eq!(
            relative_path("other/b.md", Path::new("policies")),
            "other/b.md"
        );
        assert_eq!(relative_path("one.md", Path::new("one.md")), "one.md");
    }

    #[test]
    fn compliance_ignores_what_does_not_apply() {
        let c = Counts {
            fail: 1,
            pass: 3,
            not_applicable: 10,
            waived: 0,
        };
        assert_eq!(c.compliance(), Some(0.75));
        assert_eq!(Counts::default().compliance(), None);
    }
}
