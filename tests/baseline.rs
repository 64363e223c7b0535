//! Baselines (record today's failures; fail only on new ones; list those fixed) and
//! `--changed-since` (only the policies git says changed).

mod common;

use common::{policylint_in, write};

use std::path::Path;

use serde_json::Value;

const TODAY: &str = "2026-11-29";

const POLICY: &str = "# Online Safety Policy\n\n## Purpose\n\nThis policy sets out how we keep pupils safe online.\n\nWe follow UKCCIS advice on education for a connected world.\n\n## Filtering\n\nWe use a filter.\n";

/// `check --baseline` as JSON with every severity counted: the exit code and the output.
fn check_against(dir: &Path, baseline: &str) -> (i32, Value) {
    let out = policylint_in(dir)
        .args([
            "check",
            "--today",
            TODAY,
            "--fail-on",
            "info",
            "--format",
            "json",
        ])
        .args(["--baseline", baseline, "policies"])
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v)
}

/// (check, baselined) for every failure.
fn failures(v: &Value) -> Vec<(String, bool)> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["results"].as_array().unwrap().iter())
        .filter(|r| r["status"] == "fail")
        .map(|r| {
            (
                r["check"].as_str().unwrap().to_string(),
                r["baselined"] == true,
            )
        })
        .collect()
}

fn new_failures(v: &Value) -> Vec<String> {
    failures(v)
        .into_iter()
        .filter(|(_, b)| !b)
        .map(|(c, _)| c)
        .collect()
}

#[test]
fn baseline_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/a.md", POLICY);
    policylint_in(dir.path())
        .args([
            "baseline",
            "create",
            "policylint-baseline.json",
            "policies",
            "--today",
            TODAY,
        ])
        .assert()
        .code(0);
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("policylint-baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["version"], 1);
    let entries = file["entries"].as_array().unwrap();
    assert!(entries.len() > 3, "{file}");
    assert!(entries.iter().all(|e| e["path"] == "policies/a.md"));
    let ukccis = entries
        .iter()
        .find(|e| e["check"] == "STALE-UKCCIS")
        .unwrap();
    assert_eq!(ukccis["line"], 7);
    assert_eq!(ukccis["section"], "Purpose");

    // Unchanged: every failure is in the baseline, nothing counts.
    let (code, v) = check_against(dir.path(), "policylint-baseline.json");
    assert!(new_failures(&v).is_empty(), "{:?}", new_failures(&v));
    assert_eq!(v["summary"]["baselined"], v["summary"]["fail"]);
    assert_eq!(
        v["summary"]["baselined"].as_u64().unwrap() as usize,
        entries.len()
    );
    assert_eq!(code, 0);

    // Lines moved: paragraphs inserted above the findings, nothing new fails.
    let moved = POLICY.replace(
        "## Purpose\n\n",
        "## Purpose\n\nA paragraph added at the top of this section.\n\nAnd a second one, so that every line below it moves down.\n\n",
    );
    write(dir.path(), "policies/a.md", &moved);
    let (code, v) = check_against(dir.path(), "policylint-baseline.json");
    assert!(new_failures(&v).is_empty(), "{:?}", new_failures(&v));
    assert_eq!(code, 0);
    let stale = v["files"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "STALE-UKCCIS")
        .unwrap();
    assert_eq!(stale["span"]["line"], 11, "it did move");
    assert_eq!(stale["baselined"], true);

    // A new gap: only it fails.
    let gap = moved.replace(
        "We use a filter.\n",
        "We use a filter.\n\nOur e-safety rules are in the annex.\n",
    );
    write(dir.path(), "policies/a.md", &gap);
    let (code, v) = check_against(dir.path(), "policylint-baseline.json");
    assert_eq!(new_failures(&v), ["STALE-ESAFETY"]);
    assert_eq!(code, 1);

    // Fixed since: the stale term replaced.
    write(
        dir.path(),
        "policies/a.md",
        &moved.replace("UKCCIS", "UKCIS"),
    );
    let (code, v) = check_against(dir.path(), "policylint-baseline.json");
    assert_eq!(code, 0);
    let fixed = v["files"][0]["fixed_since_baseline"].as_array().unwrap();
    assert_eq!(fixed.len(), 1, "{fixed:?}");
    assert_eq!(fixed[0]["check"], "STALE-UKCCIS");
    assert_eq!(fixed[0]["line"], 7);

    // and people see it too
    let out = policylint_in(dir.path())
        .args(["check", "--today", TODAY, "--color", "never"])
        .args(["--baseline", "policylint-baseline.json", "policies"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Already in the baseline (not counted for the exit code):"),
        "{text}"
    );
    assert!(text.contains("Fixed since the baseline:"), "{text}");
    assert!(text.contains("STALE-UKCCIS (was line 7)"), "{text}");
}

#[test]
fn a_baseline_is_not_written_when_a_file_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/a.md", POLICY);
    std::fs::write(dir.path().join("policies/b.md"), b"\xff\xfe\xfd broken").unwrap();
    let out = policylint_in(dir.path())
        .args(["baseline", "create", "b.json", "policies", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no baseline was written"));
    assert!(!dir.path().join("b.json").exists());
}

#[test]
fn a_broken_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/a.md", POLICY);
    write(dir.path(), "b.json", "{ \"version\": 1, \"entries\": [");
    let out = policylint_in(dir.path())
        .args([
            "check",
            "--today",
            TODAY,
            "--baseline",
            "b.json",
            "policies",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a policylint baseline"));
    policylint_in(dir.path())
        .args([
            "check",
            "--today",
            TODAY,
            "--baseline",
            "missing.json",
            "policies",
        ])
        .assert()
        .code(2);
}

fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

fn have_git() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn checked_paths(v: &Value) -> Vec<String> {
    let mut p: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    p.sort();
    p
}

#[test]
fn changed_since_checks_only_changed_and_new_policies() {
    if !have_git() {
        eprintln!("note: git is not installed; --changed-since not tested");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "policies/a.md", POLICY);
    write(d, "policies/b.md", POLICY);
    write(d, ".gitignore", "drafts/\n");
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "policies"]);

    // nothing changed: nothing checked, and that is not an error
    let out = policylint_in(d)
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "--changed-since",
            "HEAD",
            "policies",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(checked_paths(&v).is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no policies changed since HEAD"));

    // a.md edited (not committed), c.md new, drafts/ ignored
    write(
        d,
        "policies/a.md",
        &POLICY.replace("We use a filter.", "We use a web filter."),
    );
    write(d, "policies/c.md", POLICY);
    write(d, "policies/drafts/d.md", POLICY);
    let out = policylint_in(d)
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "--changed-since",
            "HEAD",
            "policies",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(checked_paths(&v), ["policies/a.md", "policies/c.md"]);
    assert_eq!(out.status.code(), Some(1));

    // and from a sub-folder, against a commit
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "more"]);
    let out = policylint_in(&d.join("policies"))
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "--changed-since",
            "HEAD~1",
            ".",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(checked_paths(&v), ["./a.md", "./c.md"]);

    // an unknown revision
    let out = policylint_in(d)
        .args([
            "check",
            "--today",
            TODAY,
            "--changed-since",
            "no-such-branch",
            "policies",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not know the revision `no-such-branch`"),
        "{err}"
    );
}

#[test]
fn changed_since_outside_a_repository_is_an_error() {
    if !have_git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", POLICY);
    let out = policylint_in(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["check", "--today", TODAY, "--changed-since", "HEAD", "p.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not in one"), "{err}");
}
