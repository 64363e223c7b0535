//! Bad input never panics, hangs or loses data: each gives exit 2 (or findings, exit 1) with a
//! message that names the file and, where there is one, the line and column.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

fn policylint() -> Command {
    let mut c = Command::cargo_bin("policylint").unwrap();
    c.env_remove("NO_COLOR").timeout(Duration::from_secs(120));
    c
}

fn bad(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bad")
        .join(name)
}

/// Check a path with JSON output: (exit code, the file's JSON, stderr).
fn check(path: &Path, extra: &[&str]) -> (i32, Value, String) {
    let out = policylint()
        .args(["check", "--today", "2026-11-29", "--format", "json"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (code, v["files"][0].clone(), stderr)
}

/// The first error of a file: (code, message, line).
fn error(file: &Value) -> (String, String, Option<u64>) {
    let e = &file["errors"][0];
    (
        e["code"].as_str().unwrap_or("").to_string(),
        e["message"].as_str().unwrap_or("").to_string(),
        e["line"].as_u64(),
    )
}

#[test]
fn an_empty_file_fails_every_requirement_at_line_1() {
    let (code, file, _) = check(&bad("empty.md"), &[]);
    assert_eq!(code, 1);
    assert!(file["errors"].as_array().unwrap().is_empty());
    let dsl = file["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "ROLE-DSL")
        .unwrap();
    assert_eq!(dsl["status"], "fail");
    assert_eq!(dsl["span"]["line"], 1);
}

#[test]
fn front_matter_problems() {
    for (name, want_code, want_msg, want_line) in [
        (
            "only-plus.md",
            "front-matter::unclosed",
            "never closed",
            Some(1),
        ),
        (
            "unclosed.md",
            "front-matter::unclosed",
            "never closed",
            Some(1),
        ),
        (
            "toml-errors.md",
            "front-matter::syntax",
            "TOML syntax errors",
            Some(2),
        ),
        (
            "impossible-date.md",
            "front-matter::syntax",
            "invalid date",
            Some(3),
        ),
        ("yaml-front-matter.md", "front-matter::yaml", "use", Some(1)),
    ] {
        let (code, file, _) = check(&bad(name), &[]);
        assert_eq!(code, 2, "{name}");
        let (c, m, l) = error(&file);
        assert_eq!(c, want_code, "{name}: {m}");
        assert!(m.contains(want_msg) || m.contains("TOML"), "{name}: {m}");
        assert_eq!(l, want_line, "{name}");
    }
}

#[test]
fn every_toml_error_in_a_block_is_reported() {
    let out = policylint()
        .args(["check", "--today", "2026-11-29", "--color", "never"])
        .arg(bad("toml-errors.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    // the unterminated string, the unquoted text and the bad number are all shown
    assert!(text.matches("toml-errors.md").count() >= 1, "{text}");
    let lines_marked: Vec<&str> = text
        .lines()
        .filter(|l| l.contains('╰') || l.contains("──"))
        .collect();
    assert!(
        lines_marked.len() >= 2,
        "several errors should be labelled:\n{text}"
    );
}

#[test]
fn wrong_types_are_findings_at_their_values() {
    let (code, file, _) = check(&bad("wrong-types.md"), &[]);
    assert_eq!(code, 1);
    let fm: Vec<&Value> = file["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["check"] == "FRONT-MATTER" && r["status"] == "fail")
        .collect();
    let lines: Vec<u64> = fm
        .iter()
        .map(|r| r["span"]["line"].as_u64().unwrap())
        .collect();
    for line in [3, 5, 6, 7, 9] {
        assert!(
            lines.contains(&line),
            "no FRONT-MATTER finding on line {line}: {lines:?}"
        );
    }
}

#[test]
fn files_that_are_not_utf8_markdown() {
    for (name, want_code, want_msg) in [
        ("latin1.md", "load::not-utf8", "not UTF-8"),
        ("utf16.md", "load::utf16", "UTF-16"),
        ("program.md", "load::binary", "binary"),
        ("policy.pdf", "load::pdf", "PDF"),
        ("old-word.doc", "load::old-word", "before 2007"),
        ("not-a-zip.docx", "", "Word"),
    ] {
        let (code, file, _) = check(&bad(name), &[]);
        assert_eq!(code, 2, "{name}");
        let (c, m, _) = error(&file);
        if !want_code.is_empty() {
            assert_eq!(c, want_code, "{name}: {m}");
        }
        assert!(m.contains(want_msg), "{name}: {m}");
    }
    let (_, file, _) = check(&bad("latin1.md"), &[]);
    assert_eq!(error(&file).2, Some(3), "the first bad byte's line");
}

#[test]
fn a_missing_path() {
    let (code, file, _) = check(Path::new("no/such/policy.md"), &[]);
    assert_eq!(code, 2);
    assert!(error(&file).1.contains("no such file"));
}

#[test]
fn an_oversized_file_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.md");
    let line =
        "Staff report online safety concerns to the designated safeguarding lead straight away.\n";
    let text = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    std::fs::write(&p, &text).unwrap();
    let start = Instant::now();
    let (code, file, _) = check(&p, &[]);
    assert_eq!(code, 2);
    assert_eq!(error(&file).0, "load::too-large");
    assert!(start.elapsed() < Duration::from_secs(30));
    // a smaller limit applies too
    let small = dir.path().join("small.md");
    std::fs::write(&small, line.repeat(100)).unwrap();
    let (code, file, _) = check(&small, &["--max-file-size", "1000"]);
    assert_eq!(code, 2);
    assert!(error(&file).1.contains("largest"));
}

#[test]
fn pathological_markdown_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("lists.md", "- ".repeat(10_000) + "deep\n"),
        ("quotes.md", ">".repeat(10_000) + " deep\n"),
        (
            "long-line.md",
            format!("# Policy\n\n{}\n", "word ".repeat(200_000)),
        ),
        (
            "wide-table.md",
            format!(
                "|{}\n|{}\n|{}\n",
                " DSL |".repeat(10_000),
                "---|".repeat(10_000),
                " Ruth Adebayo |".repeat(10_000)
            ),
        ),
        ("emphasis.md", "*a **b ".repeat(20_000)),
        ("brackets.md", "[".repeat(50_000) + &"]".repeat(50_000)),
    ];
    for (name, text) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let start = Instant::now();
        let (code, file, stderr) = check(&p, &[]);
        assert!(code == 1 || code == 2, "{name}: exit {code}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(file.is_object(), "{name}: no report");
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{name} took {:?}",
            start.elapsed()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    std::fs::write(
        dir.path().join("policies/ours.md"),
        "# Policy\n\nWe follow UKCIS advice.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("policies/loop")).unwrap();
    let out = policylint()
        .args(["check", "--today", "2026-11-29", "--format", "json"])
        .arg(dir.path().join("policies"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .any(|f| f["path"].as_str().unwrap().ends_with("ours.md")
                && !f["results"].as_array().unwrap().is_empty())
    );
    assert!(
        files.iter().any(|f| f["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("loop"))),
        "{v}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("locked.md");
    std::fs::write(&p, "# Policy\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("skipped: running as a user who can read any file (root)");
        return;
    }
    let (code, file, _) = check(&p, &[]);
    assert_eq!(code, 2);
    assert!(error(&file).1.contains("permission denied"));
}
