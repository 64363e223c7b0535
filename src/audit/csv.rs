//! The matrix as CSV, one row per policy, for a partnership's spreadsheets.

use super::matrix::{Matrix, cell_text};

/// The fixed columns before the requirements.
pub const LEADING: [&str; 4] = ["organisation", "kind", "path", "packs"];
/// The count columns after the requirements.
pub const COUNTS: [&str; 4] = ["fail", "pass", "n-a", "waived"];

/// Write the matrix as CSV, a row at a time. Columns: organisation, kind, path, packs, one per check id (pass, fail,
/// n-a, waived, or blank where the check was not in the policy's packs), the counts, then
/// `changed_since_previous` when a previous audit was given, and `error` for a policy that
/// could not be read.
pub fn write(
    matrix: &Matrix<'_>,
    with_previous: bool,
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut header: Vec<&str> = LEADING.to_vec();
    header.extend(matrix.columns.iter().map(|c| c.id.as_str()));
    header.extend(COUNTS);
    if with_previous {
        header.push("changed_since_previous");
    }
    header.push("error");
    w.write_record(&header)?;
    for row in &matrix.rows {
        let mut rec: Vec<String> = vec![
            defuse(row.organisation),
            row.kind()
                .map(|k| k.as_str().to_string())
                .unwrap_or_default(),
            defuse(row.path()),
            row.policy.packs.join(" "),
        ];
        rec.extend(
            row.cells
                .iter()
                .map(|c| c.map(cell_text).unwrap_or_default().to_string()),
        );
        if row.readable() {
            let c = row.counts;
            rec.extend([c.fail, c.pass, c.not_applicable, c.waived].map(|n| n.to_string()));
        } else {
            rec.extend(std::iter::repeat_n(String::new(), COUNTS.len()));
        }
        if with_previous {
            rec.push(
                row.changes
                    .as_ref()
                    .map(|c| c.describe())
                    .unwrap_or_default(),
            );
        }
        rec.push(defuse(row.error.unwrap_or_default()));
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

/// Text from a policy that a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-`, `@` or a control character) gets a leading apostrophe, so it shows as written.
pub fn defuse(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formulas_from_policies_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Oak Primary School"), "Oak Primary School");
        assert_eq!(defuse(""), "");
    }
}
