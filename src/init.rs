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
#[serde(deny_unknown_fields)]
struct Field {
    flag: String,
    examples: Vec<String>,
    placeholder: String,
    #[serde(default)]
    kind: Option<String>,
}

pub fn template(kind: OrgKind) -> &'static str {
    TEMPLATES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

/// The init flags that take a date (YYYY-MM-DD).
pub fn date_flags() -> Vec<String> {
    fields()
        .map(|f| {
            f.into_values()
                .filter(|f| f.kind.as_deref() == Some("date"))
                .map(|f| f.flag)
                .collect()
        })
        .unwrap_or_default()
}

fn fields() -> Result<BTreeMap<String, Field>, String> {
    toml::from_str(FIELDS).map_err(|e| format!("templates/fields.toml: {e}"))
}

/// The template for a kind with the given values (by flag name) and placeholders elsewhere.
pub fn render(kind: OrgKind, values: &BTreeMap<String, String>) -> Result<String, String> {
    let mut text = template(kind).to_string();
    // (example, what replaces it); longest examples first so one inside another is safe
    let mut swaps: Vec<(String, String)> = Vec::new();
    for f in fields()?.values() {
        let given = values.get(&f.flag);
        if f.kind.as_deref() == Some("date") {
            let date = given
                .map(|v| {
                    v.parse::<jiff::civil::Date>().map_err(|_| {
                        format!("--{} `{v}` is not a date: write it as YYYY-MM-DD", f.flag)
                    })
                })
                .transpose()?;
            for e in &f.examples {
                let iso = e.parse::<jiff::civil::Date>().is_ok();
                let value = match (date, iso) {
                    (Some(d), true) => d.to_string(),
                    (Some(d), false) => crate::kinds::long_date(d),
                    // a quoted placeholder is not a date, so the front-matter check flags it
                    (None, true) => {
                        format!("\"{} as YYYY-MM-DD]\"", f.placeholder.trim_end_matches(']'))
                    }
                    (None, false) => f.placeholder.clone(),
                };
                swaps.push((e.clone(), value));
            }
            continue;
        }
        let value = given.cloned().unwrap_or_else(|| f.placeholder.clone());
        // inside TOML strings a value must be escaped; the text shows it as written
        for e in &f.examples {
            swaps.push((e.clone(), value.clone()));
        }
    }
    swaps.sort_by_key(|(e, _)| std::cmp::Reverse(e.len()));
    for (example, value) in swaps {
        text = replace_words(&text, &example, &value);
    }
    Ok(text)
}

/// Replace whole-word occurrences of `from`, escaping the value inside TOML strings in the
/// front matter.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let fm_end = match text.strip_prefix("+++") {
        Some(rest) => rest.find("\n+++").map(|i| i + 3).unwrap_or(0),
        None => 0,
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in text.match_indices(from) {
        let before = text[..i].chars().next_back();
        let after = text[i + from.len()..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric());
        if !boundary(before) || !boundary(after) {
            continue;
        }
        out.push_str(&text[last..i]);
        if i < fm_end && before == Some('"') {
            out.push_str(&to.replace('\\', "\\\\").replace('"', "\\\""));
        } else {
            out.push_str(to);
        }
        last = i + from.len();
    }
    out.push_str(&text[last..]);
    out
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
