//! The command line end to end: exit codes, formats, config, stdin, colour.

mod common;

use common::{policylint, write};

use serde_json::Value;

const TODAY: &str = "2026-11-29";

#[test]
fn a_toml_syntax_error_exits_2_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.md",
        "+++\ntitle = \"x\"\n[policy]\nnext_review = \n+++\n# Policy\n",
    );
    let out = policylint()
        .args(["check", "--today", TODAY])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr) + String::from_utf8_lossy(&out.stdout);
    assert!(err.contains("p.md:4:"), "{err}");
    assert!(err.contains("not valid TOML"), "{err}");
}

#[test]
fn a_wrongly_typed_value_exits_1_at_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.md",
        "+++\n[policy]\napproved_on = \"yesterday\"\n+++\n# Policy\n",
    );
    let out = policylint()
        .args(["check", "--today", TODAY, "--color", "never"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FRONT-MATTER"), "{text}");
    assert!(text.contains("p.md:3:15"), "{text}");
    assert!(text.contains("approved_on"), "{text}");
}

#[test]
fn json_output_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.md", "# Policy\n\nWe follow UKCCIS advice.\n");
    let out = policylint()
        .args(["check", "--today", TODAY, "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["today"], TODAY);
    let file = &v["files"][0];
    assert!(file["path"].as_str().unwrap().ends_with("p.md"));
    assert!(
        file["packs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "stale-terms")
    );
    let results = file["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        for key in ["check", "status", "severity", "message"] {
            assert!(r[key].is_string(), "{key} missing in {r}");
        }
        assert!(
            ["pass", "fail", "not-applicable", "waived"].contains(&r["status"].as_str().unwrap())
        );
        let has_span = r["span"]["line"].is_u64();
        let has_evidence = r["evidence"].as_array().is_some_and(|e| !e.is_empty());
        assert!(has_span || has_evidence, "{r}");
    }
    let stale = results
        .iter()
        .find(|r| r["check"] == "STALE-UKCCIS")
        .unwrap();
    assert_eq!(stale["status"], "fail");
    assert_eq!(stale["span"]["line"], 3);
    assert_eq!(stale["fix"]["applicability"], "safe");
    assert!(
        stale["fix"]["diff"]
            .as_str()
            .unwrap()
            .contains("+We follow UKCIS advice.")
    );
    let s = &v["summary"];
    assert_eq!(s["files"], 1);
    for key in ["fail", "pass", "not_applicable", "waived"] {
        assert!(s[key].is_u64());
    }
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.md", "# Policy\n\nWe follow UKCCIS advice.\n");
    // requirements not met → 1
    policylint()
        .args(["check", "--today", TODAY])
        .arg(&p)
        .assert()
        .code(1);
    // nothing counts as failing → 0
    policylint()
        .args(["check", "--today", TODAY, "--fail-on", "never"])
        .arg(&p)
        .assert()
        .code(0);
    // bad arguments → 2
    policylint()
        .args(["check", "--today", "next week"])
        .arg(&p)
        .assert()
        .code(2);
    policylint()
        .args(["check", "--today", TODAY, "--pack", "kcsie-1999"])
        .arg(&p)
        .assert()
        .code(2);
    policylint()
        .args(["check", "--today", TODAY, "--kind", "nursery"])
        .arg(&p)
        .assert()
        .code(2);
    policylint()
        .args(["check", "--today", TODAY, "--format", "yaml"])
        .arg(&p)
        .assert()
        .code(2);
    policylint()
        .args(["check", "--today", TODAY])
        .arg(dir.path().join("missing.md"))
        .assert()
        .code(2);
}

#[test]
fn only_warnings_pass_at_the_default_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.md", "# Policy\n\nWe follow UKCCIS advice.\n");
    // STALE-UKCCIS alone is a warning: exit 0 by default, 1 with --fail-on warning
    policylint()
        .args(["check", "--today", TODAY, "--pack", "stale-terms"])
        .arg(&p)
        .assert()
        .code(0);
    policylint()
        .args([
            "check",
            "--today",
            TODAY,
            "--pack",
            "stale-terms",
            "--fail-on",
            "warning",
        ])
        .arg(&p)
        .assert()
        .code(1);
}

#[test]
fn one_bad_file_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a-good.md",
        "# Policy\n\nWe follow UKCCIS advice.\n",
    );
    std::fs::write(dir.path().join("b-latin1.md"), b"# Policy\n\nCaf\xe9\n").unwrap();
    write(
        dir.path(),
        "c-good.md",
        "# Policy\n\nWe follow UKCIS advice.\n",
    );
    let out = policylint()
        .args(["check", "--today", TODAY, "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    let bad = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("b-latin1.md"))
        .unwrap();
    assert_eq!(bad["errors"][0]["code"], "load::not-utf8");
    assert_eq!(bad["errors"][0]["line"], 3);
    assert!(
        files
            .iter()
            .filter(|f| !f["results"].as_array().unwrap().is_empty())
            .count()
            == 2
    );
}

#[test]
fn standard_input_with_a_name() {
    let out = policylint()
        .args([
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "--stdin-filename",
            "policies/ours.md",
            "-",
        ])
        .write_stdin("# Policy\n\nWe follow UKCCIS advice.\n")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "policies/ours.md");
}

#[test]
fn the_closest_config_applies() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policylint.toml", "fail_on = \"never\"\n");
    write(
        dir.path(),
        "strict/policylint.toml",
        "fail_on = \"warning\"\npacks = [\"stale-terms\"]\n",
    );
    let lax = write(
        dir.path(),
        "lax.md",
        "# Policy\n\nWe follow UKCCIS advice.\n",
    );
    let strict = write(
        dir.path(),
        "strict/p.md",
        "# Policy\n\nWe follow UKCCIS advice.\n",
    );
    policylint()
        .args(["check", "--today", TODAY])
        .arg(&lax)
        .assert()
        .code(0);
    policylint()
        .args(["check", "--today", TODAY])
        .arg(&strict)
        .assert()
        .code(1);
    let out = policylint()
        .args(["check", "--today", TODAY, "--format", "json"])
        .arg(&strict)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["files"][0]["packs"],
        serde_json::json!(["core", "stale-terms"])
    );
}

#[test]
fn config_errors_point_into_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policylint.toml",
        "kind = \"school\"\nfial_on = \"error\"\n",
    );
    let p = write(dir.path(), "p.md", "# Policy\n");
    let out = policylint()
        .args(["check", "--today", TODAY, "--color", "never"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("policylint.toml:2:1"), "{err}");
    assert!(err.contains("fail_on"), "{err}");
    write(dir.path(), "policylint.toml", "packs = [\"kcsie-2099\"]\n");
    let out = policylint()
        .args(["check", "--today", TODAY, "--color", "never"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("policylint.toml:1:9"));
}

#[test]
fn no_colour_when_piped_or_asked() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.md", "# Policy\n\nWe follow UKCCIS advice.\n");
    let out = policylint()
        .args(["check", "--today", TODAY])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains('\u{1b}'),
        "escape codes in piped output"
    );
    let out = policylint()
        .args(["check", "--today", TODAY, "--color", "always"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    let out = policylint()
        .env("NO_COLOR", "1")
        .args(["check", "--today", TODAY])
        .arg(&p)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn explain_rules_packs_and_schema() {
    let out = policylint().args(["explain", "ROLE-DSL"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Keeping children safe in education"),
        "{text}"
    );
    assert!(text.contains("Wording that meets it"));
    let out = policylint()
        .args(["explain", "ROLE-DSLL"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `ROLE-DSL`"));
    let out = policylint()
        .args(["rules", "--format", "json", "--today", TODAY])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "ROLE-DSL" && r["source"]["document"].is_string())
    );
    let out = policylint()
        .args(["packs", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "kcsie-2020")
    );
    let out = policylint().arg("schema").output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn the_example_policy_with_its_dsl_removed_fails_at_the_blank_row() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/online-safety-policy.md"
    ))
    .unwrap();
    // the shipped example passes (exit 0: only a warning and an info remain)
    policylint()
        .args(["check", "--today", TODAY])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/online-safety-policy.md"
        ))
        .assert()
        .code(0);
    let without: String = example
        .lines()
        .filter(|l| !l.starts_with("dsl = "))
        .map(|l| l.replace("Grace Mensah", ""))
        .collect::<Vec<_>>()
        .join("\n");
    let blank_row = without
        .lines()
        .position(|l| l.starts_with("| Designated safeguarding lead (DSL) |"))
        .unwrap()
        + 1;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "policy.md", &without);
    let out = policylint()
        .args(["check", "--today", TODAY, "--format", "json"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dsl = v["files"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "ROLE-DSL")
        .unwrap()
        .clone();
    assert_eq!(dsl["status"], "fail");
    assert_eq!(
        dsl["span"]["line"].as_u64(),
        Some(blank_row as u64),
        "{dsl}"
    );
    assert!(dsl["message"].as_str().unwrap().contains("blank"), "{dsl}");
}

/// A single file is read and built on the second core while the packs load; one thread
/// builds it after. Both give the same output and exit code, for a good policy, a Word
/// document, and files that cannot be read or are too large.
#[test]
fn one_file_checked_with_one_thread_or_two_gives_the_same_output() {
    let root = common::root();
    for (file, extra) in [
        ("examples/online-safety-policy.md", None),
        ("fixtures/docx/st-aldhelms.docx", None),
        ("fixtures/bad/latin1.md", None),
        ("fixtures/bad/toml-errors.md", None),
        ("fixtures/bad/policy.pdf", None),
        (
            "examples/online-safety-policy.md",
            Some("--max-file-size=100"),
        ),
    ] {
        let run = |jobs: &str| {
            let mut cmd = policylint();
            cmd.current_dir(&root).args([
                "check", "--today", TODAY, "--format", "json", "--jobs", jobs, file,
            ]);
            if let Some(flag) = extra {
                cmd.arg(flag);
            }
            let out = cmd.output().unwrap();
            (out.status.code(), out.stdout, out.stderr)
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(one.0, two.0, "{file}: exit codes differ");
        assert_eq!(
            String::from_utf8_lossy(&one.1),
            String::from_utf8_lossy(&two.1),
            "{file}: outputs differ"
        );
        assert_eq!(one.2, two.2, "{file}: messages differ");
    }
}
