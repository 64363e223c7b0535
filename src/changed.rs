//! `check --changed-since REV`: only the policies git says changed since a revision —
//! committed, staged or not, plus new files git does not ignore — in the repository holding
//! each path given.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Problem;

/// The files changed since a revision, as canonical paths.
#[derive(Debug, Default)]
pub struct Changed {
    files: HashSet<PathBuf>,
}

impl Changed {
    pub fn contains(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|p| self.files.contains(&p))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn problem(path: &Path, message: String) -> Problem {
    Problem::new("git", path, message)
}

/// Run git in `dir`; its standard output, or a problem worded by `fail`.
fn git(
    dir: &Path,
    args: &[&str],
    fail: impl FnOnce(String) -> Problem,
) -> Result<Vec<u8>, Problem> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            problem(
                dir,
                format!("--changed-since needs git, which could not be run: {e}"),
            )
            .with_help("install git, or check every policy without --changed-since")
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("").trim();
        return Err(fail(first.trim_start_matches("fatal: ").to_string()));
    }
    Ok(out.stdout)
}

/// Names in git's `-z` output, joined to `root`.
fn names(root: &Path, bytes: &[u8]) -> impl Iterator<Item = PathBuf> {
    bytes
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| root.join(String::from_utf8_lossy(n).as_ref()))
        .collect::<Vec<_>>()
        .into_iter()
}

/// The files changed since `rev` in the repositories holding `paths` (`-` is ignored).
pub fn since(rev: &str, paths: &[PathBuf]) -> Result<Changed, Problem> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(problem(
            Path::new("--changed-since"),
            format!("`{rev}` is not a git revision"),
        )
        .with_help("give a branch, tag or commit, e.g. --changed-since origin/main"));
    }
    // The repository of each path given, each asked once.
    let mut roots: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for p in paths.iter().filter(|p| p.as_os_str() != "-") {
        let dir = if p.is_dir() {
            p.clone()
        } else {
            match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        let top = git(&dir, &["rev-parse", "--show-toplevel"], |_| {
            problem(
                p,
                "--changed-since only works on policies in a git repository, and this is not in one"
                    .to_string(),
            )
            .with_help("run it inside a clone of the policy repository, or leave out --changed-since")
        })?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
        roots.entry(top).or_insert_with(|| p.clone());
    }
    let mut files = HashSet::new();
    for (root, given) in &roots {
        let commit = format!("{rev}^{{commit}}");
        git(root, &["rev-parse", "--verify", "--quiet", &commit], |_| {
            problem(
                given,
                format!("git does not know the revision `{rev}` in {}", root.display()),
            )
            .with_help("give a branch, tag or commit that exists here; in CI, fetch enough history (for GitHub Actions: actions/checkout with fetch-depth: 0)")
        })?;
        let diff = git(root, &["diff", "--name-only", "-z", rev, "--"], |e| {
            problem(
                given,
                format!("git could not list the changes since `{rev}`: {e}"),
            )
        })?;
        let untracked = git(
            root,
            &["ls-files", "--others", "--exclude-standard", "-z"],
            |e| problem(given, format!("git could not list new files: {e}")),
        )?;
        for f in names(root, &diff).chain(names(root, &untracked)) {
            // deleted files have nothing to check
            if let Ok(c) = std::fs::canonicalize(&f) {
                files.insert(c);
            }
        }
    }
    Ok(Changed { files })
}
