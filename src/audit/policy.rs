//! What an audit keeps of each policy: its row of the matrix, a few hundred bytes, made on
//! the worker thread as soon as the policy is checked. The policy's text, evidence and
//! messages are dropped there, so an audit that writes only the CSV and the summary needs
//! about the same memory for 100 policies as for 100,000. The JSON and the dashboard show
//! every finding, so for them the full report is kept as well.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::org::OrgKind;
use crate::result::{Area, FileReport, Severity, Status};
use crate::suppress::Waivable;

/// A requirement some policy was checked against: a column of the matrix.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub id: Arc<str>,
    pub title: String,
    pub area: Area,
}

/// What the policies of one audit share, kept once: the requirements, each with a number
/// that the policies' cells refer to (so that a cell is four bytes, not a copy of the check's
/// id), and the lists of packs they were checked against (a handful for a whole audit).
#[derive(Debug, Default)]
pub struct Shared {
    inner: Mutex<Tables>,
}

#[derive(Debug, Default)]
struct Tables {
    index: HashMap<Arc<str>, u16>,
    requirements: Vec<Requirement>,
    pack_lists: Vec<Arc<[String]>>,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The number of `id`, if a policy has been checked against it.
    pub fn number_of(&self, id: &str) -> Option<u16> {
        self.lock().index.get(id).copied()
    }

    /// Every requirement seen, in the order first seen; a cell's `requirement` indexes this.
    pub fn requirements(&self) -> Vec<Requirement> {
        self.lock().requirements.clone()
    }
}

/// One requirement's result in one policy: failed if any of its results failed (as
/// [`FileReport::status_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub requirement: u16,
    pub status: Status,
    /// The severity of the failing result, which decides the exit code.
    pub severity: Severity,
}

/// One policy, as the audit keeps it.
#[derive(Debug)]
pub struct Policy {
    pub path: String,
    /// The organisation's name: the front matter's, else the policy's first heading, else
    /// the file name.
    pub organisation: String,
    pub kind: Option<OrgKind>,
    pub packs: Arc<[String]>,
    /// Why the policy could not be checked, and what to do about it.
    pub error: Option<String>,
    pub error_help: Option<String>,
    checked: bool,
    /// One per requirement, in the order of their numbers ([`Shared`]).
    pub cells: Vec<Cell>,
    /// The whole report, kept only when an output shows every finding (boxed: most audits
    /// keep none, and an empty box costs nothing).
    pub report: Option<Box<FileReport>>,
    shared: Arc<Shared>,
}

impl Policy {
    /// Keep what the matrix needs of `report` (and the report itself when `keep_report`).
    pub fn new(report: FileReport, shared: &Arc<Shared>, keep_report: bool) -> Policy {
        let mut cells: Vec<Cell> = Vec::new();
        let packs;
        {
            let mut tables = shared.lock();
            packs = match tables.pack_lists.iter().find(|l| l[..] == report.packs[..]) {
                Some(l) => l.clone(),
                None => {
                    let l: Arc<[String]> = report.packs.clone().into();
                    tables.pack_lists.push(l.clone());
                    l
                }
            };
            for r in &report.results {
                let n = match tables.index.get(&*r.check) {
                    Some(&n) => {
                        // Editions may title a check differently; whichever policy is
                        // checked first, the column takes the same one.
                        let known = &mut tables.requirements[usize::from(n)];
                        if (r.def.area, r.def.title.as_str()) < (known.area, known.title.as_str()) {
                            known.title = r.def.title.clone();
                            known.area = r.def.area;
                        }
                        n
                    }
                    None => {
                        // more than 65,536 distinct check ids cannot come from real packs
                        let n = u16::try_from(tables.requirements.len()).unwrap_or(u16::MAX);
                        tables.requirements.push(Requirement {
                            id: r.check.clone(),
                            title: r.def.title.clone(),
                            area: r.def.area,
                        });
                        tables.index.insert(r.check.clone(), n);
                        n
                    }
                };
                match cells.iter_mut().find(|c| c.requirement == n) {
                    Some(cell) => {
                        let merged = cell.status.worst(r.status);
                        if r.status == Status::Fail && cell.status != Status::Fail {
                            cell.severity = r.severity;
                        }
                        cell.status = merged;
                    }
                    None => cells.push(Cell {
                        requirement: n,
                        status: r.status,
                        severity: r.severity,
                    }),
                }
            }
        }
        cells.sort_unstable_by_key(|c| c.requirement);
        cells.shrink_to_fit();
        let organisation = super::matrix::organisation_name(&report);
        let error = report.errors.first();
        Policy {
            path: report.path.clone(),
            organisation,
            kind: report.kind,
            packs,
            error: error.map(super::matrix::describe_problem),
            error_help: error.and_then(|e| e.help.clone()),
            checked: report.source.is_some(),
            cells,
            report: keep_report.then(|| Box::new(report)),
            shared: shared.clone(),
        }
    }

    /// The cell of requirement number `n`, if this policy was checked against it.
    pub fn cell(&self, n: u16) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&n, |c| c.requirement)
            .ok()
            .map(|i| &self.cells[i])
    }
}

impl Waivable for Policy {
    fn path(&self) -> &str {
        &self.path
    }

    fn was_checked(&self) -> bool {
        self.checked
    }

    fn waive(&mut self, check: &str, reason: Option<&str>) -> bool {
        if let Some(report) = &mut self.report {
            report.waive(check, reason);
        }
        let Some(n) = self.shared.number_of(check) else {
            return false;
        };
        let Ok(i) = self.cells.binary_search_by_key(&n, |c| c.requirement) else {
            return false;
        };
        let cell = &mut self.cells[i];
        if cell.status != Status::Fail {
            return false;
        }
        if reason.is_some() {
            cell.status = Status::Waived;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_small() {
        // the point of the compact row: 150 requirements cost 600 bytes a policy
        assert_eq!(std::mem::size_of::<Cell>(), 4);
        assert!(
            std::mem::size_of::<Policy>() <= 200,
            "{}",
            std::mem::size_of::<Policy>()
        );
    }
}
