//! `policylint compare`: regressions, mended requirements and moved evidence between two
//! versions, in each format, and against a git revision.

use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn policylint() -> Command {
    let mut c = Command::cargo_bin("policylint").unwrap();
    c.env_remove("NO_COLOR");
    c
}

const OLD: &str = "# Online safety policy\n\n## Key people\n\n| Role | Name |\n|---|---|\n| Designated safeguarding lead (DSL) | Ruth Adebayo |\n\nThe DSL has lead responsibility for online safety.\n\n## Terms\n\nWe follow UKCCIS advice.\n";
const NEW: &str = "# Online safety policy\n\n## Key people\n\n| Role | Name |\n|---|---|\n| Designated safeguarding lead (DSL) | TBC |\n\nThe DSL has lead responsibility for online safety.\n\n## Terms\n\nWe follow UKCIS advice.\n";

fn pair() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.md");
    let new = dir.path().join("new.md");
    std::fs::write(&old, OLD).unwrap();
    std::fs::write(&new, NEW).unwrap();
    (dir, old, new)
}

const ARGS: [&str; 7] = [
    "compare",
    "--today",
    "2026-11-29",
    "--pack",
    "kcsie-2025",
    "--pack",
    "stale-terms",
];

#[test]
fn regressions_exit_1_and_are_shown_with_their_section() {
    let (_d, old, new) = pair();
    let out = policylint()
        .args(ARGS)
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("No longer met"), "{text}");
    assert!(text.contains("ROLE-DSL"), "{text}");
    assert!(
        text.contains("-| Designated safeguarding lead (DSL) | Ruth Adebayo |"),
        "{text}"
    );
    assert!(
        text.contains("+| Designated safeguarding lead (DSL) | TBC |"),
        "{text}"
    );
    assert!(
        text.contains("Now met") && text.contains("STALE-UKCCIS"),
        "{text}"
    );
}

#[test]
fn mending_only_exits_0() {
    let (_d, old, new) = pair();
    // the other way round: the DSL is now named, UKCCIS is back
    let out = policylint()
        .args(ARGS)
        .arg(&new)
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "UKCCIS came back, which is a regression"
    );
    let out = policylint()
        .args(["compare", "--today", "2026-11-29", "--pack", "kcsie-2025"])
        .arg(&new)
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn json_and_markdown() {
    let (_d, old, new) = pair();
    let out = policylint()
        .args(ARGS)
        .args(["--format", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["files"][0]["changes"].as_array().unwrap();
    let dsl = changes.iter().find(|c| c["check"] == "ROLE-DSL").unwrap();
    assert_eq!(dsl["change"], "regressed");
    assert_eq!(dsl["old"]["status"], "pass");
    assert_eq!(dsl["new"]["status"], "fail");
    assert!(dsl["diff"].as_str().unwrap().contains("TBC"));
    assert!(v["summary"]["regressed"].as_u64().unwrap() >= 1);
    let out = policylint()
        .args(ARGS)
        .args(["--format", "markdown"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("| ❌ no longer met | **ROLE-DSL**"), "{md}");
    assert!(md.contains("```diff"), "{md}");
}

#[test]
fn against_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = Process::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@e")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@e")
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q"]);
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    let p = dir.path().join("policies/ours.md");
    std::fs::write(&p, OLD).unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "first"]);
    std::fs::write(&p, NEW).unwrap();
    let out = policylint()
        .args(ARGS)
        .args(["--format", "json", "--git", "HEAD"])
        .arg(dir.path().join("policies"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["files"][0]["old"]
            .as_str()
            .unwrap()
            .ends_with("ours.md@HEAD")
    );
    assert!(
        v["files"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["check"] == "ROLE-DSL" && c["change"] == "regressed")
    );
    // an unknown revision is a clear error
    let out = policylint()
        .args(ARGS)
        .args(["--git", "no-such-rev"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rev"));
}
