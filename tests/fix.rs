//! `--fix` and `--diff`: fixes keep every word the user wrote except replaced terms, converge,
//! are idempotent, write atomically and refuse unsafe situations.

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use common::{FIXTURE_TODAY, engine, options, root};
use policylint::fix::apply_edits;
use policylint::fixer::{collect_edits, fix_file};
use policylint::result::{Edit, Status};
use proptest::prelude::*;

/// Failing fixtures of the stale-term checks: the ones with safe fixes.
fn fixable_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().to_string();
        if !name.starts_with("STALE-") {
            continue;
        }
        for f in std::fs::read_dir(e.path()).unwrap().flatten() {
            let n = f.file_name().to_string_lossy().to_string();
            if n.starts_with("fail") && n.ends_with(".md") {
                out.push(f.path());
            }
        }
    }
    out.sort();
    assert!(!out.is_empty());
    out
}

fn check(text: &str) -> policylint::FileReport {
    check_against(text, "stale-terms")
}

/// The report on `text` as a school's policy, checked against one pack.
fn check_against(text: &str, pack: &str) -> policylint::FileReport {
    let opts = options(
        FIXTURE_TODAY,
        Some(policylint::OrgKind::School),
        Some(vec![pack.into()]),
    );
    let source = policylint::load::decode(
        std::path::Path::new("p.md"),
        text.as_bytes().to_vec(),
        u64::MAX,
    )
    .unwrap();
    engine().check_source(source, &opts)
}

fn failing(report: &policylint::FileReport) -> std::collections::BTreeSet<String> {
    report
        .results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| r.check.to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// For any fixture and any subset of its safe fixes: every original line survives except
    /// for replaced terms, nothing new fails, and fixing again changes nothing.
    #[test]
    fn safe_fixes_keep_the_users_words(pick in 0usize..1000, mask in any::<u64>()) {
        let files = fixable_fixtures();
        let text = std::fs::read_to_string(&files[pick % files.len()]).unwrap();
        let report = check(&text);
        let (edits, _) = collect_edits(&report, &text, false);
        let chosen: Vec<Edit> = edits.iter().enumerate().filter(|(i, _)| mask >> (i % 64) & 1 == 1).map(|(_, (_, _, e))| e.clone()).collect();
        let (fixed, _) = apply_edits(&text, &chosen);
        // every original line is there, or is that line with terms replaced
        let new_lines: Vec<&str> = fixed.lines().collect();
        prop_assert_eq!(text.lines().count(), new_lines.len());
        for (old, new) in text.lines().zip(&new_lines) {
            if old != *new {
                let replaced: Vec<&Edit> = chosen.iter().filter(|e| old.contains(&text[e.span.clone()])).collect();
                prop_assert!(!replaced.is_empty(), "line changed with no replaced term: {old:?} → {new:?}");
                // removing the replaced terms from both leaves the same words
                let mut o = old.to_string();
                let mut n = new.to_string();
                for e in &replaced {
                    o = o.replacen(&text[e.span.clone()], "\u{1}", 1);
                    n = n.replacen(&e.replacement, "\u{1}", 1);
                }
                prop_assert_eq!(o, n);
            }
        }
        let after = check(&fixed);
        prop_assert!(failing(&after).is_subset(&failing(&report)), "new failures after fixing");
        // fixing everything, then again, changes nothing the second time
        let (all, _) = collect_edits(&after, &fixed, false);
        let (once, _) = apply_edits(&fixed, &all.iter().map(|(_, _, e)| e.clone()).collect::<Vec<_>>());
        let again = check(&once);
        let (more, _) = collect_edits(&again, &once, false);
        prop_assert!(more.is_empty(), "a second --fix would still change: {:?}", more.iter().map(|m| &m.0).collect::<Vec<_>>());
    }
}

/// A fix replaces the stale term itself, never the spaces around it: a term at the start of
/// a table cell was once replaced from the space after the `|`, which the fix then lost.
#[test]
fn a_fix_replaces_the_term_and_not_the_space_around_it() {
    let mut edits_seen = 0;
    for file in fixable_fixtures() {
        let text = std::fs::read_to_string(&file).unwrap();
        // every pack in force for a school, not the stale-terms pack alone
        let opts = options(FIXTURE_TODAY, Some(policylint::OrgKind::School), None);
        let source = policylint::load::decode(&file, text.as_bytes().to_vec(), u64::MAX).unwrap();
        let report = engine().check_source(source, &opts);
        // safe and unsafe fixes alike
        let (edits, _) = collect_edits(&report, &text, true);
        for (_, _, edit) in &edits {
            let replaced = &text[edit.span.clone()];
            assert!(
                !replaced.starts_with(char::is_whitespace)
                    && !replaced.ends_with(char::is_whitespace),
                "{}: the fix replaces {replaced:?}",
                file.display()
            );
            edits_seen += 1;
        }
    }
    assert!(edits_seen > 5, "{edits_seen}");
}

fn policylint() -> Command {
    let mut c = Command::cargo_bin("policylint").unwrap();
    c.env_remove("NO_COLOR");
    c
}

const STALE: &str = "# Online safety policy\n\nOur E-Safety lead follows UKCCIS advice.\n\nPeer-on-peer abuse is never tolerated.\n";

#[test]
fn fix_writes_the_safe_fixes_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    std::fs::write(&p, STALE).unwrap();
    let out = policylint()
        .args([
            "check",
            "--today",
            "2026-11-29",
            "--pack",
            "stale-terms",
            "--fix",
            "--color",
            "never",
        ])
        .arg(&p)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&p).unwrap();
    assert_eq!(
        fixed,
        "# Online safety policy\n\nOur Online Safety lead follows UKCIS advice.\n\nChild-on-child abuse is never tolerated.\n"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("fixed 3 findings"), "{text}");
    assert_eq!(out.status.code(), Some(0), "nothing left to fail");
}

#[test]
fn diff_shows_each_fix_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    std::fs::write(&p, STALE).unwrap();
    let out = policylint()
        .args([
            "check",
            "--today",
            "2026-11-29",
            "--pack",
            "stale-terms",
            "--diff",
            "--color",
            "never",
        ])
        .arg(&p)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("-Our E-Safety lead follows UKCCIS advice."),
        "{text}"
    );
    assert!(
        text.contains("+Our E-Safety lead follows UKCIS advice."),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        STALE,
        "--diff never writes"
    );
}

#[test]
fn a_read_only_file_is_left_alone_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    std::fs::write(&p, STALE).unwrap();
    let mut perms = std::fs::metadata(&p).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&p, perms).unwrap();
    let out = policylint()
        .args([
            "check",
            "--today",
            "2026-11-29",
            "--pack",
            "stale-terms",
            "--fix",
            "--color",
            "never",
        ])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), STALE);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("not fixed") && text.contains("read-only"),
        "{text}"
    );
}

#[test]
fn a_file_changed_since_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    std::fs::write(&p, STALE).unwrap();
    let opts = options(
        FIXTURE_TODAY,
        Some(policylint::OrgKind::School),
        Some(vec!["stale-terms".into()]),
    );
    let first = engine().check_source(policylint::load::read_policy(&p, u64::MAX).unwrap(), &opts);
    // someone saves the file while we are checking it
    std::fs::write(&p, "# Edited elsewhere\n\nUKCCIS.\n").unwrap();
    let (report, summary) = fix_file(engine(), &p, first, &opts, false);
    assert!(
        summary
            .not_written
            .as_deref()
            .is_some_and(|w| w.contains("changed"))
    );
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "# Edited elsewhere\n\nUKCCIS.\n"
    );
    assert!(report.notes.iter().any(|n| n.contains("not fixed")));
}

#[test]
fn unsafe_fixes_insert_model_text_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.md");
    let original = "+++\n[organisation]\nkind = \"school\"\n[policy]\nreviewed_on = 2026-09-01\n+++\n# Online safety policy\n\n## Aims\n\nWe keep pupils safe online.\n";
    std::fs::write(&p, original).unwrap();
    policylint()
        .args(["check", "--today", "2026-11-29", "--fix"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        original,
        "no safe fixes apply, so nothing changes"
    );
    policylint()
        .args(["check", "--today", "2026-11-29", "--fix", "--unsafe-fixes"])
        .arg(&p)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&p).unwrap();
    assert!(
        fixed.len() > original.len() * 5,
        "model sections were inserted"
    );
    // every line the user wrote is still there, in order
    let mut rest = fixed.lines();
    for line in original.lines() {
        assert!(rest.any(|l| l == line), "lost: {line}");
    }
    // placeholders, not the template's example names or dates
    assert!(!fixed.contains("Ruth Adebayo") && !fixed.contains("1 September 2027"));
    assert!(fixed.contains("[Insert"));
    // the front matter still parses, and a second run inserts nothing more
    let out = policylint()
        .args([
            "check",
            "--today",
            "2026-11-29",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "json",
        ])
        .arg(&p)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["files"][0]["errors"].as_array().unwrap().is_empty());
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        fixed,
        "a second --fix changes nothing"
    );
}

/// A bold title running into its paragraph ("**Filtering.** We use…") is put on a heading
/// line of its own: every word stays, the line endings stay CRLF, the title is then a real
/// heading, and no other check's result changes.
#[test]
fn a_run_in_bold_title_becomes_a_heading_line_keeping_every_word() {
    let text = "# Online safety policy\r\n\r\n**Filtering and monitoring.** We use Smoothwall filtering.\r\n\r\n**Mobile phones**: Pupils hand in phones.\r\n\r\n**Key contacts**\r\nThe DSL is Mrs A Khan.\r\n\r\n**Monitoring.** *Smoothwall* alerts the DSL.\r\n\r\n> **Quoted.** A quotation keeps its shape.\r\n";
    let check_all = |text: &str| check_against(text, "kcsie-2025");
    let report = check_all(text);
    let (edits, _) = collect_edits(&report, text, false);
    let edits: Vec<Edit> = edits.into_iter().map(|(_, _, e)| e).collect();
    assert_eq!(
        edits.len(),
        4,
        "the quoted title has no safe fix: {edits:?}"
    );
    let (fixed, _) = apply_edits(text, &edits);
    assert_eq!(
        fixed,
        "# Online safety policy\r\n\r\n## Filtering and monitoring\r\n\r\nWe use Smoothwall filtering.\r\n\r\n## Mobile phones\r\n\r\nPupils hand in phones.\r\n\r\n## Key contacts\r\nThe DSL is Mrs A Khan.\r\n\r\n## Monitoring\r\n\r\n*Smoothwall* alerts the DSL.\r\n\r\n> **Quoted.** A quotation keeps its shape.\r\n"
    );
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| c.is_whitespace() || "*#.:>".contains(c))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    assert_eq!(words(text), words(&fixed));
    let after = check_all(&fixed);
    let statuses = |r: &policylint::FileReport| -> Vec<(String, Status)> {
        r.results
            .iter()
            .filter(|r| &*r.check != "HEADING-PSEUDO")
            .map(|r| (r.check.to_string(), r.status))
            .collect()
    };
    assert_eq!(statuses(&report), statuses(&after));
    let pseudo: Vec<&str> = after
        .results
        .iter()
        .filter(|r| &*r.check == "HEADING-PSEUDO" && r.status == Status::Fail)
        .map(|r| r.message.as_str())
        .collect();
    assert_eq!(pseudo.len(), 1, "only the quoted title is left: {pseudo:?}");
}
