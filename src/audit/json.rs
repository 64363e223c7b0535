//! The audit as JSON: the DESIGN.md contract of `check --format json` (so any tool that reads
//! that reads this), plus an `audit` object holding the matrix and its totals.

use serde_json::{Value, json};

use super::matrix::{Counts, Matrix};
use super::previous::Previous;
use crate::report::{self, Run};

fn counts(c: &Counts) -> Value {
    json!({
        "fail": c.fail,
        "pass": c.pass,
        "not_applicable": c.not_applicable,
        "waived": c.waived,
    })
}

fn ratio(c: &Counts) -> Value {
    c.compliance()
        .map(|r| json!((r * 1000.0).round() / 1000.0))
        .unwrap_or(Value::Null)
}

/// The `audit` object.
pub fn audit_value(matrix: &Matrix<'_>, dir: &str, previous: Option<&Previous>) -> Value {
    let organisations: Vec<Value> = matrix
        .rows
        .iter()
        .map(|row| {
            let statuses: serde_json::Map<String, Value> = matrix
                .columns
                .iter()
                .zip(&row.cells)
                .filter_map(|(c, s)| s.map(|s| (c.id.clone(), json!(s.as_str()))))
                .collect();
            let mut v = json!({
                "path": row.path(),
                "relative_path": row.relative_path,
                "organisation": row.organisation,
                "kind": row.kind().map(|k| k.as_str()),
                "packs": &row.policy.packs[..],
                "statuses": statuses,
                "counts": counts(&row.counts),
            });
            let o = v.as_object_mut().unwrap();
            if let Some(e) = &row.error {
                o.insert("error".into(), json!(e));
            }
            if let Some(ch) = &row.changes {
                o.insert(
                    "changes".into(),
                    json!({
                        "in_previous": !matches!(ch, super::previous::Changes::NotInPrevious),
                        "improved": ch.improved(),
                        "regressed": ch.regressed(),
                        "summary": ch.describe(),
                    }),
                );
            }
            v
        })
        .collect();
    let checks: Vec<Value> = matrix
        .columns
        .iter()
        .zip(&matrix.column_totals)
        .map(|(c, t)| {
            json!({
                "check": c.id,
                "title": c.title,
                "area": c.area.as_str(),
                "counts": counts(&t.counts),
                "not_checked": t.not_checked,
                "compliance": ratio(&t.counts),
            })
        })
        .collect();
    let kinds: Vec<Value> = matrix
        .kind_totals()
        .iter()
        .map(|(k, n, c)| {
            json!({
                "kind": k.as_str(),
                "organisations": n,
                "counts": counts(c),
                "compliance": ratio(c),
            })
        })
        .collect();
    let mut v = json!({
        "directory": dir,
        "policies": matrix.rows.len(),
        "checked": matrix.readable().count(),
        "unreadable": matrix.unreadable().count(),
        "checks": checks,
        "kinds": kinds,
        "organisations": organisations,
    });
    if let Some(p) = previous {
        let improved: usize = matrix
            .rows
            .iter()
            .filter_map(|r| r.changes.as_ref())
            .map(|c| c.improved().len())
            .sum();
        let regressed: usize = matrix
            .rows
            .iter()
            .filter_map(|r| r.changes.as_ref())
            .map(|c| c.regressed().len())
            .sum();
        v.as_object_mut().unwrap().insert(
            "previous".into(),
            json!({
                "file": p.file,
                "today": p.today,
                "improved": improved,
                "regressed": regressed,
            }),
        );
    }
    v
}

/// Write the audit as JSON: `check`'s report of every policy, then the `audit` object.
pub fn render(
    run: &Run<'_>,
    matrix: &Matrix<'_>,
    dir: &str,
    previous: Option<&Previous>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    report::json::render_with(run, &[("audit", audit_value(matrix, dir, previous))], out)
}
