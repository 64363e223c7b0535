//! Suppressions with accountability: comments in the policy and waivers in policylint.toml.
//! A reason is required; expired and unused ones are reported; waived results are counted.

mod common;

use common::{policylint_in, write};

use std::path::Path;

use serde_json::Value;

const TODAY: &str = "2026-11-29";

/// Check with the stale-terms pack only, as JSON; the exit code and the parsed output.
fn check(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let out = policylint_in(dir)
        .args([
            "check",
            "--today",
            TODAY,
            "--pack",
            "stale-terms",
            "--fail-on",
            "warning",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v)
}

fn results<'a>(v: &'a Value, path_end: &str) -> &'a Vec<Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(path_end))
        .unwrap_or_else(|| panic!("no report for {path_end} in {v}"))["results"]
        .as_array()
        .unwrap()
}

fn of<'a>(results: &'a [Value], check: &str) -> Vec<&'a Value> {
    results.iter().filter(|r| r["check"] == check).collect()
}

const STALE: &str = "# Online safety policy\n\n## Education\n\nWe follow UKCCIS advice.\n";

#[test]
fn without_a_suppression_the_stale_term_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", STALE);
    let (code, v) = check(dir.path(), &["p.md"]);
    assert_eq!(code, 1);
    assert_eq!(of(results(&v, "p.md"), "STALE-UKCCIS")[0]["status"], "fail");
    assert_eq!(v["summary"]["waived"], 0);
}

#[test]
fn a_suppression_with_a_reason_waives_and_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.md",
        "# Online safety policy\n\n## Education\n\nWe follow UKCCIS advice. <!-- policylint-disable STALE-UKCCIS reason=\"quoting the 2018 letter by its title\" -->\n",
    );
    let (code, v) = check(dir.path(), &["p.md"]);
    let r = &of(results(&v, "p.md"), "STALE-UKCCIS")[0];
    assert_eq!(r["status"], "waived", "{r}");
    let waiver = r["waiver"].as_str().unwrap();
    assert!(
        waiver.contains("quoting the 2018 letter by its title"),
        "{waiver}"
    );
    assert!(waiver.contains("line 5"), "{waiver}");
    assert_eq!(v["summary"]["waived"], 1);
    assert_eq!(code, 0, "a waived failure does not fail the run: {v}");
}

#[test]
fn a_suppression_without_a_reason_is_an_error_and_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.md",
        "# Online safety policy\n\n## Education\n\n<!-- policylint-disable-next-line STALE-UKCCIS -->\nWe follow UKCCIS advice.\n",
    );
    let (code, v) = check(dir.path(), &["p.md"]);
    let rs = results(&v, "p.md");
    assert_eq!(of(rs, "STALE-UKCCIS")[0]["status"], "fail");
    let s = &of(rs, "SUPPRESSION");
    assert_eq!(s.len(), 1, "{rs:?}");
    assert_eq!(s[0]["severity"], "error");
    assert_eq!(s[0]["status"], "fail");
    assert!(
        s[0]["message"]
            .as_str()
            .unwrap()
            .contains("gives no reason")
    );
    assert_eq!(s[0]["span"]["line"], 5, "it points at the comment");
    assert_eq!(code, 1);
    // an error, so it fails the run at the default threshold as well
    policylint_in(dir.path())
        .args(["check", "--today", TODAY, "--pack", "stale-terms", "p.md"])
        .assert()
        .code(1);
}

#[test]
fn next_line_section_and_file_suppressions_each_cover_their_scope() {
    let dir = tempfile::tempdir().unwrap();
    let next = "# Policy\n\n## Education\n\n<!-- policylint-disable-next-line STALE-UKCCIS reason=\"historical quotation\" -->\n\nWe follow UKCCIS advice.\n";
    let section = "# Policy\n\n## History\n\n<!-- policylint-disable-section STALE-UKCCIS reason=\"a history of our policy\" -->\n\nIn 2015 we followed UKCCIS advice.\n\n### Earlier\n\nUKCCIS again.\n\n## Education\n\nWe follow UKCCIS advice.\n";
    let file = "<!-- policylint-disable-file STALE-UKCCIS, STALE-ESAFETY reason=\"an archived copy kept for the record\" -->\n# Policy\n\nWe follow UKCCIS advice.\n\n## E-safety\n\nOur e-safety rules.\n";
    write(dir.path(), "next.md", next);
    write(dir.path(), "section.md", section);
    write(dir.path(), "file.md", file);
    let (_, v) = check(dir.path(), &["next.md", "section.md", "file.md"]);

    let n = of(results(&v, "next.md"), "STALE-UKCCIS");
    assert_eq!(n[0]["status"], "waived", "{n:?}");

    // the section and its subsection are covered; the next section at the same level is not
    let s = of(results(&v, "section.md"), "STALE-UKCCIS");
    let by_line: Vec<(u64, &str)> = s
        .iter()
        .map(|r| {
            (
                r["span"]["line"].as_u64().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_line,
        [(7, "waived"), (11, "waived"), (15, "fail")],
        "{s:?}"
    );

    let f = results(&v, "file.md");
    assert!(
        of(f, "STALE-UKCCIS")
            .iter()
            .all(|r| r["status"] == "waived")
    );
    assert!(
        of(f, "STALE-ESAFETY")
            .iter()
            .all(|r| r["status"] == "waived")
    );
    assert!(!of(f, "STALE-ESAFETY").is_empty());
    assert!(of(f, "SUPPRESSION-UNUSED").is_empty());
}

#[test]
fn an_unused_suppression_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.md",
        "# Policy\n\n<!-- policylint-disable-next-line STALE-UKCCIS reason=\"old wording\" -->\nWe follow UKCIS advice.\n",
    );
    let (code, v) = check(dir.path(), &["p.md"]);
    let u = of(results(&v, "p.md"), "SUPPRESSION-UNUSED");
    assert_eq!(u.len(), 1);
    assert_eq!(u[0]["severity"], "warning");
    assert_eq!(u[0]["span"]["line"], 3);
    assert!(
        u[0]["message"]
            .as_str()
            .unwrap()
            .contains("no longer needed"),
        "{}",
        u[0]
    );
    assert_eq!(code, 1, "a warning fails at --fail-on warning");
}

#[test]
fn an_unknown_check_in_a_suppression_names_the_nearest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.md",
        "# Policy\n\nWe follow UKCCIS advice. <!-- policylint-disable STALE-UKCCSI reason=\"typo\" -->\n",
    );
    let (_, v) = check(dir.path(), &["p.md"]);
    let rs = results(&v, "p.md");
    let s = of(rs, "SUPPRESSION");
    assert_eq!(s.len(), 1);
    assert!(
        s[0]["help"].as_str().unwrap().contains("STALE-UKCCIS"),
        "{}",
        s[0]
    );
    assert_eq!(of(rs, "STALE-UKCCIS")[0]["status"], "fail");
}

const CONFIG_HEAD: &str = "packs = [\"stale-terms\"]\n";

#[test]
fn a_waiver_in_the_config_waives_with_owner_and_date() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/a.md", STALE);
    write(dir.path(), "policies/b.md", STALE);
    write(
        dir.path(),
        "policylint.toml",
        &format!(
            "{CONFIG_HEAD}\n[[waiver]]\ncheck = \"STALE-UKCCIS\"\npaths = [\"policies/a.md\"]\nreason = \"the archived 2019 policy, kept as it was approved\"\nowner = \"Ruth Adebayo (DSL)\"\nexpires = 2027-07-31\n"
        ),
    );
    let (code, v) = check(dir.path(), &["policies"]);
    let a = of(results(&v, "a.md"), "STALE-UKCCIS");
    assert_eq!(a[0]["status"], "waived");
    assert_eq!(
        a[0]["waiver"],
        "the archived 2019 policy, kept as it was approved (Ruth Adebayo (DSL), until 2027-07-31)"
    );
    // b.md is not covered by the waiver's paths
    assert_eq!(of(results(&v, "b.md"), "STALE-UKCCIS")[0]["status"], "fail");
    assert_eq!(v["summary"]["waived"], 1);
    assert_eq!(code, 1);
}

#[test]
fn an_expired_waiver_stops_applying_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", STALE);
    write(
        dir.path(),
        "policylint.toml",
        &format!(
            "{CONFIG_HEAD}\n[[waiver]]\ncheck = \"STALE-UKCCIS\"\nreason = \"until the new policy is approved\"\nowner = \"DSL\"\nexpires = 2026-07-31\n"
        ),
    );
    let (code, v) = check(dir.path(), &["."]);
    assert_eq!(of(results(&v, "p.md"), "STALE-UKCCIS")[0]["status"], "fail");
    let e = of(results(&v, "policylint.toml"), "WAIVER-EXPIRED");
    assert_eq!(e.len(), 1, "{v}");
    let msg = e[0]["message"].as_str().unwrap();
    assert!(msg.contains("expired on 2026-07-31"), "{msg}");
    assert!(msg.contains("not met in 1 policy"), "{msg}");
    // it points at the waiver in the config file
    assert_eq!(e[0]["span"]["line"], 4);
    assert_eq!(v["summary"]["waived"], 0);
    assert_eq!(code, 1);
}

#[test]
fn an_unused_waiver_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", "# Policy\n\nWe follow UKCIS advice.\n");
    write(
        dir.path(),
        "policylint.toml",
        &format!(
            "{CONFIG_HEAD}\n[[waiver]]\ncheck = \"STALE-UKCCIS\"\nreason = \"until the new policy is approved\"\nowner = \"DSL\"\nexpires = 2027-07-31\n"
        ),
    );
    let (_, v) = check(dir.path(), &["."]);
    let u = of(results(&v, "policylint.toml"), "WAIVER-UNUSED");
    assert_eq!(u.len(), 1, "{v}");
    assert!(u[0]["message"].as_str().unwrap().contains("waived nothing"));
    // a partial run (named files) cannot tell, so says nothing
    let (_, v) = check(dir.path(), &["p.md"]);
    assert!(
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["path"].as_str().unwrap().ends_with("policylint.toml")),
        "{v}"
    );
}

#[test]
fn a_waiver_of_a_check_that_does_not_exist_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.md", STALE);
    write(
        dir.path(),
        "policylint.toml",
        &format!(
            "{CONFIG_HEAD}\n[[waiver]]\ncheck = \"STALE-UKCIS\"\nreason = \"a typo\"\nowner = \"DSL\"\nexpires = 2027-07-31\n"
        ),
    );
    let out = policylint_in(dir.path())
        .args(["check", "--today", TODAY, "p.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a check"), "{err}");
    assert!(err.contains("did you mean"), "{err}");
    assert!(err.contains("policylint.toml:4:9"), "{err}");
}

#[test]
fn waived_results_are_listed_by_the_human_and_concise_formats() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.md",
        "# Policy\n\nWe follow UKCCIS advice. <!-- policylint-disable STALE-UKCCIS reason=\"quoted title\" -->\n",
    );
    let human = policylint_in(dir.path())
        .args([
            "check",
            "--today",
            TODAY,
            "--pack",
            "stale-terms",
            "--color",
            "never",
            "p.md",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Waived:"), "{text}");
    assert!(text.contains("STALE-UKCCIS"), "{text}");
    assert!(text.contains("quoted title"), "{text}");
    assert!(text.contains("1 waived"), "{text}");
    let concise = policylint_in(dir.path())
        .args([
            "check",
            "--today",
            TODAY,
            "--pack",
            "stale-terms",
            "--format",
            "concise",
            "p.md",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&concise.stdout);
    assert!(text.contains("p.md:3:11: waived STALE-UKCCIS"), "{text}");
}
