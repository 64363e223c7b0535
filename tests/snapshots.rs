//! Snapshots of what people read: the human report (with diffs), and compare in each format.
//! Refresh with `INSTA_UPDATE=always cargo test --test snapshots` and review the diff.

use assert_cmd::Command;

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("policylint")
        .unwrap()
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
}

const POLICY: &str = "+++\ntitle = \"Online Safety Policy\"\n[policy]\nnext_review = \"next September\"\nnxt_review = 2027-09-01\n+++\n# Online Safety Policy\n\n## Aims\n\nOur E-Safety lead follows the UKCCIS advice on sexting.\n\nPeer-on-peer abuse is never acceptable.\n";

#[test]
fn human_report_with_fix_diffs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), POLICY).unwrap();
    let out = run(
        dir.path(),
        &[
            "check",
            "--today",
            "2026-11-29",
            "--pack",
            "stale-terms",
            "--color",
            "never",
            "--diff",
            "policy.md",
        ],
    );
    insta::assert_snapshot!(out);
}

#[test]
fn human_report_with_evidence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.md"), "# Online Safety Policy\n\n| Role | Name |\n|---|---|\n| Designated safeguarding lead (DSL) | Ruth Adebayo |\n\nWe follow the UKCIS advice on sharing nudes and semi-nudes.\n").unwrap();
    let out = run(
        dir.path(),
        &[
            "check",
            "--today",
            "2026-11-29",
            "--pack",
            "stale-terms",
            "--color",
            "never",
            "--show-evidence",
            "policy.md",
        ],
    );
    insta::assert_snapshot!(out);
}

const OLD: &str = "# Online safety policy\n\n## Key people\n\n| Role | Name |\n|---|---|\n| Designated safeguarding lead (DSL) | Ruth Adebayo |\n\nThe DSL has lead responsibility for online safety.\n\n## Terms\n\nWe follow UKCCIS advice.\n";
const NEW: &str = "# Online safety policy\n\n## Key people\n\n| Role | Name |\n|---|---|\n| Designated safeguarding lead (DSL) | TBC |\n\nThe DSL has lead responsibility for online safety.\n\n## Terms\n\nWe follow UKCIS advice.\n";

fn compare(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.md"), OLD).unwrap();
    std::fs::write(dir.path().join("new.md"), NEW).unwrap();
    run(
        dir.path(),
        &[
            "compare",
            "--today",
            "2026-11-29",
            "--pack",
            "stale-terms",
            "--pack",
            "kcsie-2025",
            "--kind",
            "school",
            "--format",
            format,
            "old.md",
            "new.md",
        ],
    )
}

#[test]
fn compare_human() {
    insta::assert_snapshot!(compare("human"));
}

#[test]
fn compare_markdown() {
    insta::assert_snapshot!(compare("markdown"));
}

#[test]
fn compare_json() {
    insta::assert_snapshot!(compare("json"));
}
