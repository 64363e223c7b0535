//! `init`: write a model policy from `templates/`, putting in the values given as flags and
//! clearly marked placeholders (which the residue check reports) for the rest.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::app::{EXIT_OK, Io, Settings, usage};
use crate::error::Problem;
use crate::org::OrgKind;

pub const TEMPLATES: &[(OrgKind, &str)] = &[
    (OrgKind::School, include_str!("../templates/school.md")),
    (OrgKind::College, include_str!("../templates/college.md")),
    (
        OrgKind::EarlyYears,
        include_str!("../templates/early-years.md"),
    ),
    (OrgKind::Agency, include_str!("../templates/agency.md")),
];

pub const FIELDS: &str = include_str!("../templates/fields.toml");

/// What to write: the values given, by field name (as in `templates/fields.toml`).
#[derive(Debug, Clone, Default)]
pub struct InitRequest {
    pub kind: Option<OrgKind>,
    pub values: BTreeMap<String, String>,
    pub output: Option<PathBuf>,
    pub force: bool,
}

#[derive(Debug, serde::Deserialize)]
struct Field {
    flag: String,
    examples: Vec<String>,
    placeholder: String,
}

pub fn template(kind: OrgKind) -> &'static str {
    TEMPLATES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

/// The template for a kind with the given values (by flag name) and placeholders elsewhere.
pub fn render(kind: OrgKind, values: &BTreeMap<String, String>) -> Result<String, String> {
    let fields: BTreeMap<String, Field> =
        toml::from_str(FIELDS).map_err(|e| format!("templates/fields.toml: {e}"))?;
    let mut text = template(kind).to_string();
    // longest examples first, so one example inside another is not half-replaced
    let mut swaps: Vec<(&str, String)> = Vec::new();
    for f in fields.values() {
        let value = values
            .get(&f.flag)
            .cloned()
            .unwrap_or_else(|| f.placeholder.clone());
        for e in &f.examples {
            swaps.push((e.as_str(), value.clone()));
        }
    }
    swaps.sort_by_key(|(e, _)| std::cmp::Reverse(e.len()));
    for (example, value) in swaps {
        if text.contains(example) {
            // inside TOML strings a value must be escaped
            text = text.replace(example, &value.replace('\\', "\\\\").replace('"', "\\\""));
        }
    }
    Ok(text)
}

pub fn run(settings: &Settings, req: &InitRequest, io: &mut Io<'_>) -> Result<u8, Problem> {
    let kind = req.kind.or(settings.kind).ok_or_else(|| {
        usage("say which model policy to write with --kind school, college, early-years or agency")
    })?;
    let text = render(kind, &req.values).map_err(usage)?;
    match &req.output {
        Some(path) => {
            if path.exists() && !req.force {
                return Err(Problem::new(
                    "init::exists",
                    path,
                    "this file already exists, so it was not overwritten",
                )
                .with_help("choose another file name, or add --force to replace it"));
            }
            crate::write::atomic_write(path, text.as_bytes())?;
            let missing = placeholders_left(&text);
            let _ = writeln!(
                io.stderr,
                "wrote {} ({} model policy)",
                path.display(),
                kind.describe()
            );
            if missing > 0 {
                let _ = writeln!(
                    io.stderr,
                    "{missing} placeholders like [Insert …] are left to fill in; `policylint check {}` lists them",
                    path.display()
                );
            }
        }
        None => {
            io.stdout
                .write_all(text.as_bytes())
                .map_err(|e| usage(format!("could not write: {e}")))?;
        }
    }
    Ok(EXIT_OK)
}

fn placeholders_left(text: &str) -> usize {
    text.matches("[Insert ").count()
}
