//! `policylint.toml`: default packs, kind, fail-on threshold, per-check severities, paths to
//! include and exclude, and waivers. Found from the checked path upwards (the closest
//! wins) or given with `--config`. Every error points into the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use jiff::civil::Date;

use crate::error::Problem;
use crate::org::OrgKind;
use crate::result::Severity;
use crate::schema::Schema;
use crate::source::Span;
use crate::spanned_toml::{self, FmKind, FmValue};

pub const FILE_NAME: &str = "policylint.toml";
pub const CONFIG_SCHEMA: &str = include_str!("../checks/config.schema.json");

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Severity(Severity),
    Never,
}

impl std::str::FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "error" => FailOn::Severity(Severity::Error),
            "warning" => FailOn::Severity(Severity::Warning),
            "info" => FailOn::Severity(Severity::Info),
            "never" => FailOn::Never,
            _ => {
                return Err(format!(
                    "`{s}` is not a threshold: use error, warning, info or never"
                ));
            }
        })
    }
}

impl FailOn {
    pub fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Severity(t) => s >= t,
            FailOn::Never => false,
        }
    }
}

/// A waiver: a check accepted as not met, with who decided, why, and until when.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub check: String,
    pub paths: Option<GlobSet>,
    pub path_patterns: Vec<String>,
    pub reason: String,
    pub owner: String,
    pub expires: Date,
    /// Where the waiver is written, for "expired" and "unused" reports.
    pub span: Span,
}

/// A loaded config file.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub packs: Option<(Vec<String>, Span)>,
    pub kind: Option<OrgKind>,
    pub fail_on: Option<FailOn>,
    pub severity: HashMap<String, (Severity, Span)>,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub waivers: Vec<Waiver>,
}

impl Config {
    /// The folder the config's relative paths start from.
    pub fn base_dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Whether a path (relative to the config's folder, or absolute) is to be checked.
    pub fn selects(&self, path: &Path) -> bool {
        let rel = relative_to(path, self.base_dir());
        if let Some(ex) = &self.exclude
            && ex.is_match(&rel)
        {
            return false;
        }
        match &self.include {
            Some(inc) => inc.is_match(&rel),
            None => true,
        }
    }

    pub fn problem(&self, span: Span, message: impl Into<String>) -> Problem {
        Problem::new("config::invalid", &self.path, message).at_text_span(self.text.clone(), span)
    }
}

fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (p, b) = (abs(path), abs(base));
    p.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(p)
}

/// Read and validate a config file.
pub fn load(path: &Path) -> Result<Config, Problem> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::load::io_problem(path, &e))?;
    parse(path, text)
}

pub fn parse(path: &Path, text: String) -> Result<Config, Problem> {
    let text: Arc<str> = text.into();
    let err = |span: Span, msg: String| {
        Problem::new("config::invalid", path, msg).at_text_span(text.clone(), span)
    };
    let root = spanned_toml::parse(&text, 0).map_err(|errs| {
        let mut p = err(
            errs[0].0.clone(),
            format!("{} is not valid TOML: {}", FILE_NAME, errs[0].1),
        );
        p.related.extend(errs[1..].iter().cloned());
        p
    })?;
    let schema =
        Schema::compile(CONFIG_SCHEMA).map_err(|e| Problem::new("config::schema", path, e))?;
    let issues = schema.validate(&root, &(0..0));
    if let Some(p) = crate::schema::issues_problem(&issues, "config error", err) {
        return Err(p);
    }
    let strings = |v: &FmValue| -> Vec<(String, Span)> {
        match &v.value {
            FmKind::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(|s| (s.to_string(), i.span.clone())))
                .collect(),
            _ => Vec::new(),
        }
    };
    let globs = |v: Option<&FmValue>| -> Result<Option<GlobSet>, Problem> {
        let Some(v) = v else { return Ok(None) };
        let mut b = GlobSetBuilder::new();
        for (g, span) in strings(v) {
            b.add(Glob::new(&g).map_err(|e| {
                err(
                    span,
                    format!("config error: `{g}` is not a valid glob pattern: {e}"),
                )
            })?);
        }
        Ok(Some(b.build().map_err(|e| {
            err(v.span.clone(), format!("config error: {e}"))
        })?))
    };
    let packs = root.get("packs").map(|v| {
        (
            strings(v).into_iter().map(|(s, _)| s).collect(),
            v.span.clone(),
        )
    });
    let kind = root
        .get("kind")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok());
    let fail_on = root
        .get("fail_on")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok());
    let mut severity = HashMap::new();
    if let Some(FmKind::Table(entries)) = root.get("severity").map(|v| &v.value) {
        for (k, v) in entries {
            let s = match v.as_str() {
                Some("error") => Severity::Error,
                Some("warning") => Severity::Warning,
                _ => Severity::Info,
            };
            severity.insert(k.clone(), (s, v.key_span.clone().unwrap_or(v.span.clone())));
        }
    }
    let paths = root.get("paths");
    let include = globs(paths.and_then(|p| p.get("include")))?;
    let exclude = globs(paths.and_then(|p| p.get("exclude")))?;
    let mut waivers = Vec::new();
    if let Some(FmKind::Array(items)) = root.get("waiver").map(|v| &v.value) {
        for item in items {
            let get = |k: &str| {
                item.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let expires_node = item.get("expires");
            let expires = match expires_node.map(|v| &v.value) {
                Some(FmKind::Datetime(_, Some(d))) => *d,
                Some(FmKind::String(s)) => s.parse().map_err(|_| {
                    err(
                        expires_node.unwrap().span.clone(),
                        format!("config error: `{s}` is not a date"),
                    )
                })?,
                _ => {
                    return Err(err(
                        item.span.clone(),
                        "config error: a waiver needs an `expires` date".into(),
                    ));
                }
            };
            let path_patterns: Vec<String> = item
                .get("paths")
                .map(|p| strings(p).into_iter().map(|(s, _)| s).collect())
                .unwrap_or_default();
            waivers.push(Waiver {
                check: get("check"),
                paths: globs(item.get("paths"))?,
                path_patterns,
                reason: get("reason"),
                owner: get("owner"),
                expires,
                span: item
                    .get("check")
                    .map(|c| c.span.clone())
                    .unwrap_or(item.span.clone()),
            });
        }
    }
    Ok(Config {
        path: path.to_path_buf(),
        text,
        packs,
        kind,
        fail_on,
        severity,
        include,
        exclude,
        waivers,
    })
}

/// Finds the closest `policylint.toml` above each checked path, reading each file once.
#[derive(Debug, Default)]
pub struct Finder {
    cache: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
}

impl Finder {
    /// The config for a file or folder: the closest `policylint.toml` in its folder or above.
    pub fn for_path(&self, path: &Path) -> Result<Option<Arc<Config>>, Problem> {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        let mut visited = Vec::new();
        let mut found = None;
        while let Some(d) = dir {
            if let Some(hit) = self.cache.lock().unwrap().get(d) {
                found = hit.clone();
                break;
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                found = Some(Arc::new(load(&candidate)?));
                break;
            }
            dir = d.parent();
        }
        let mut cache = self.cache.lock().unwrap();
        for v in visited {
            cache.insert(v, found.clone());
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_config() {
        let c = parse(Path::new("policylint.toml"), "packs = [\"kcsie-2025\"]\nkind = \"school\"\nfail_on = \"warning\"\n[severity]\nPOL-LINKED = \"warning\"\n[paths]\nexclude = [\"drafts/**\"]\n".into()).unwrap();
        assert_eq!(c.kind, Some(OrgKind::School));
        assert_eq!(c.fail_on, Some(FailOn::Severity(Severity::Warning)));
        assert_eq!(c.severity["POL-LINKED"].0, Severity::Warning);
        assert!(!c.selects(Path::new("drafts/x.md")));
    }

    #[test]
    fn errors_point_into_the_file() {
        let e = parse(
            Path::new("policylint.toml"),
            "kind = \"school\"\nfail_onn = \"error\"\n".into(),
        )
        .unwrap_err();
        assert_eq!(e.line_col(), Some((2, 1)));
        assert!(e.message.contains("fail_onn"), "{}", e.message);
        assert!(e.help.unwrap().contains("fail_on"));
        let e = parse(Path::new("policylint.toml"), "kind = \"nursery\"\n".into()).unwrap_err();
        assert_eq!(e.line_col(), Some((1, 8)));
    }
}
