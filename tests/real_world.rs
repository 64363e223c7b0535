//! Real-world shapes: fixtures/real-world/ holds policies written in our own words in the
//! shapes real ones take (an LGfL key-people table, The Key's numbered model, SWGfL's
//! groups, an NSPCC-style club statement, a pre-school, an old e-safety policy, a federation,
//! CRLF, curly quotes, a college, pseudo-headings, "Name Role" lines, many date forms, and a
//! good current policy). Beside each, `<name>.expected.toml` gives the status a safeguarding
//! adviser reading the policy would give each check; policylint must agree cell by cell.
//!
//! The expected file:
//!
//! ```toml
//! today = "2026-01-15"          # the date checked on
//! kind = "school"               # the kind policylint must infer (never passed as --kind)
//! packs = ["core", "…"]         # optional: packs instead of the defaults for the kind
//! [status]                      # at least 15 checks: "pass", "fail" or "not-applicable"
//! ROLE-DSL = "pass"
//! [messages]                    # optional: words policylint's message must contain
//! FM-ROLES = "Headteacher"
//! [[evidence]]                  # optional: a pass must show this line in its JSON evidence
//! check = "ROLE-DSL"
//! line = 7
//! text = "Mrs Amara Okafor"
//! ```

mod common;

use common::policylint;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use common::{check_text, options, root};
use jiff::civil::Date;
use policylint::result::{FileReport, KindSource, Status};
use serde_json::Value;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    today: String,
    kind: String,
    packs: Option<Vec<String>>,
    status: BTreeMap<String, String>,
    #[serde(default)]
    messages: BTreeMap<String, String>,
    #[serde(default)]
    evidence: Vec<EvidenceCell>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceCell {
    check: String,
    line: u64,
    text: String,
}

struct Fixture {
    name: String,
    path: PathBuf,
    text: String,
    expected: Expected,
    report: FileReport,
}

fn dir() -> PathBuf {
    root().join("fixtures/real-world")
}

fn parse_status(s: &str) -> Status {
    match s {
        "pass" => Status::Pass,
        "fail" => Status::Fail,
        "not-applicable" => Status::NotApplicable,
        other => panic!("unknown status `{other}` in an expected file"),
    }
}

/// Every fixture, checked as its expected file says.
fn fixtures() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("fixtures/real-world exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            let expected_path = path.with_file_name(format!("{name}.expected.toml"));
            let expected_text = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{name}.md has no {name}.expected.toml beside it"));
            let expected: Expected = toml::from_str(&expected_text)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            let text = std::fs::read_to_string(&path).unwrap();
            let today: Date = expected.today.parse().expect("today is YYYY-MM-DD");
            let opts = options(today, None, expected.packs.clone());
            let report = check_text(&format!("fixtures/real-world/{name}.md"), &text, &opts);
            assert!(
                report.errors.is_empty(),
                "{name}: could not be checked: {:?}",
                report.errors
            );
            Fixture {
                name,
                path,
                text,
                expected,
                report,
            }
        })
        .collect()
}

/// policylint's messages for a check, joined.
fn messages_of(report: &FileReport, check: &str) -> String {
    report
        .results
        .iter()
        .filter(|r| &*r.check == check)
        .map(|r| r.message.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

fn got_text(got: Option<Status>) -> &'static str {
    got.map_or("(not run)", Status::as_str)
}

#[test]
fn every_cell_agrees_with_the_advisers_reading() {
    let mut disagreements = String::new();
    let mut cells = 0;
    for f in fixtures() {
        for (check, want) in &f.expected.status {
            cells += 1;
            let got = f.report.status_of(check);
            if got != Some(parse_status(want)) {
                writeln!(
                    disagreements,
                    "  {}.md  {check}: expected {want}, got {} — {}",
                    f.name,
                    got_text(got),
                    messages_of(&f.report, check)
                )
                .unwrap();
            }
        }
        for (check, words) in &f.expected.messages {
            let m = messages_of(&f.report, check);
            if !m.contains(words.as_str()) {
                writeln!(
                    disagreements,
                    "  {}.md  {check}: the message should mention \u{201c}{words}\u{201d} — {m}",
                    f.name
                )
                .unwrap();
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "policylint disagrees with the expected results (file, check, expected, got, message):\n{disagreements}"
    );
    assert!(cells >= 12 * 15, "only {cells} cells");
}

#[test]
fn no_false_passes() {
    let mut worst = String::new();
    for f in fixtures() {
        for (check, want) in &f.expected.status {
            if want == "fail" && f.report.status_of(check) == Some(Status::Pass) {
                writeln!(
                    worst,
                    "  {}.md  {check}: passed, but the policy does not meet it — {}",
                    f.name,
                    messages_of(&f.report, check)
                )
                .unwrap();
            }
        }
    }
    assert!(
        worst.is_empty(),
        "FALSE PASSES — policylint calls these requirements met when they are not:\n{worst}"
    );
}

#[test]
fn the_kind_is_inferred_and_the_report_says_so() {
    let mut seen = BTreeMap::new();
    for f in fixtures() {
        let has_fm_kind = f.text.starts_with("+++") && f.text.contains("\nkind = ");
        let want = f.expected.kind.parse().expect("a kind policylint knows");
        assert_eq!(f.report.kind, Some(want), "{}: wrong kind", f.name);
        if has_fm_kind {
            assert_eq!(
                f.report.kind_source,
                Some(KindSource::FrontMatter),
                "{}",
                f.name
            );
            continue;
        }
        assert_eq!(
            f.report.kind_source,
            Some(KindSource::Inferred),
            "{}: the kind should be inferred from the text",
            f.name
        );
        assert!(
            f.report.notes.iter().any(|n| n.contains("took this to be")),
            "{}: no note that the kind was inferred: {:?}",
            f.name,
            f.report.notes
        );
        let json = policylint::report::json::file_value(&f.report);
        assert_eq!(json["kind_source"], "inferred", "{}", f.name);
        assert_eq!(json["kind"], f.expected.kind.as_str(), "{}", f.name);
        *seen.entry(f.expected.kind.clone()).or_insert(0) += 1;
    }
    for kind in ["school", "college", "early-years", "agency"] {
        assert!(
            seen.contains_key(kind),
            "no fixture has its kind ({kind}) inferred: {seen:?}"
        );
    }
}

#[test]
fn passes_carry_their_evidence_in_json() {
    let mut problems = String::new();
    let mut asserted = 0;
    for f in fixtures() {
        let json = policylint::report::json::file_value(&f.report);
        let results = json["results"].as_array().unwrap();
        // every pass of a requirement found in the text says where
        for r in results {
            if r["status"] == "pass" {
                let ev = r["evidence"].as_array().unwrap();
                for e in ev {
                    assert!(e["line"].as_u64().is_some_and(|l| l >= 1), "{r}");
                    assert!(e["text"].is_string(), "{r}");
                }
            }
        }
        for cell in &f.expected.evidence {
            asserted += 1;
            let found = results
                .iter()
                .filter(|r| r["check"] == cell.check.as_str() && r["status"] == "pass")
                .flat_map(|r| r["evidence"].as_array().unwrap())
                .any(|e| {
                    e["line"].as_u64() == Some(cell.line)
                        && e["text"]
                            .as_str()
                            .is_some_and(|t| t.contains(cell.text.as_str()))
                });
            if !found {
                let shown: Vec<String> = results
                    .iter()
                    .filter(|r| r["check"] == cell.check.as_str())
                    .map(|r| format!("{} {}", r["status"], r["evidence"]))
                    .collect();
                writeln!(
                    problems,
                    "  {}.md  {}: no pass with evidence on line {} containing \u{201c}{}\u{201d}; got {}",
                    f.name,
                    cell.check,
                    cell.line,
                    cell.text,
                    shown.join("; ")
                )
                .unwrap();
            }
        }
    }
    assert!(problems.is_empty(), "evidence not shown:\n{problems}");
    assert!(asserted >= 12, "only {asserted} evidence cells");
}

/// Front matter and prose both name the DSL and the link governor in the good policy: the
/// check passes with both as evidence, and they agree.
#[test]
fn front_matter_and_prose_agree() {
    let f = fixtures()
        .into_iter()
        .find(|f| f.name == "good-current-school")
        .unwrap();
    let json = policylint::report::json::file_value(&f.report);
    for check in ["ROLE-DSL", "ROLE-GOV-LEAD"] {
        let evidence: Vec<&Value> = json["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["check"] == check)
            .flat_map(|r| r["evidence"].as_array().unwrap())
            .collect();
        assert!(
            evidence.iter().any(|e| e["note"]
                .as_str()
                .is_some_and(|n| n.contains("front matter"))),
            "{check}: {evidence:?}"
        );
        assert!(
            evidence
                .iter()
                .any(|e| e["note"].as_str() == Some("key-people table")),
            "{check}: {evidence:?}"
        );
        assert!(
            f.report
                .results
                .iter()
                .filter(|r| &*r.check == check)
                .all(|r| r.status == Status::Pass),
            "{check}: {}",
            messages_of(&f.report, check)
        );
    }
}

/// The suite is what it claims to be: enough fixtures, long enough to be real, with enough
/// cells, and the CRLF one really has CRLF line endings.
#[test]
fn the_fixtures_are_real_world_sized() {
    let all = fixtures();
    assert!(all.len() >= 12, "only {} fixtures", all.len());
    for f in &all {
        let body = match f.text.strip_prefix("+++") {
            Some(rest) => rest.split_once("+++").map_or(rest, |(_, b)| b),
            None => &f.text,
        };
        let words = body.split_whitespace().count();
        assert!(
            (600..=2500).contains(&words),
            "{}: {words} words",
            f.path.display()
        );
        assert!(
            f.expected.status.len() >= 15,
            "{}: only {} checks",
            f.name,
            f.expected.status.len()
        );
    }
    let crlf = all.iter().find(|f| f.name == "crlf-primary").unwrap();
    assert!(
        crlf.text.matches("\r\n").count() > 50 && !crlf.text.replace("\r\n", "").contains('\n'),
        "crlf-primary.md must use CRLF line endings throughout"
    );
    let curly = all.iter().find(|f| f.name == "curly-quotes").unwrap();
    assert!(curly.text.contains('’') && curly.text.contains('“') && curly.text.contains('–'));
    assert!(
        !curly.text.contains('\''),
        "curly-quotes.md has a straight apostrophe"
    );
}

fn fixture_path(name: &str) -> PathBuf {
    dir().join(name)
}

/// `--show-evidence` lists what was met with the line number and text of its evidence.
#[test]
fn show_evidence_lists_a_pass_with_its_line_and_text() {
    let out = policylint()
        .current_dir(root())
        .args([
            "check",
            "--today",
            "2026-01-15",
            "--color",
            "never",
            "--show-evidence",
        ])
        .arg(fixture_path("crlf-primary.md"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Met:"), "{text}");
    let block = text
        .split("\n  ✓ ")
        .find(|b| b.starts_with("ROLE-DSL "))
        .unwrap_or_else(|| panic!("no ROLE-DSL pass listed:\n{text}"));
    assert!(
        block.contains("line 11")
            && block.contains("DSL – Mrs Hannah Whitlock (Deputy Headteacher)"),
        "{block}"
    );
    // without the flag, passes are not listed
    let quiet = policylint()
        .args(["check", "--today", "2026-01-15", "--color", "never"])
        .arg(fixture_path("crlf-primary.md"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("✓ ROLE-DSL"));
}

/// A place is given once per result: rules joined by `all` often find the same words (the
/// DSL's name for the role rule and again for the consistency rule), and the JSON lists
/// each line and column once, keeping the note that says what the place is. The human
/// report quotes each line once per result.
#[test]
fn evidence_lists_each_place_once() {
    let policy = root().join("examples/online-safety-policy.md");
    let out = policylint()
        .args(["check", "--today", "2026-11-29", "--format", "json"])
        .arg(&policy)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["files"][0]["results"].as_array().unwrap();
    let mut places = 0;
    for r in results {
        let mut seen = std::collections::HashSet::new();
        for e in r["evidence"].as_array().unwrap() {
            let at = (e["line"].as_u64().unwrap(), e["column"].as_u64().unwrap());
            assert!(seen.insert(at), "{} lists {at:?} twice", r["check"]);
            places += 1;
        }
    }
    assert!(places > 100, "only {places} places of evidence");
    let dsl = results.iter().find(|r| r["check"] == "ROLE-DSL").unwrap();
    let first = &dsl["evidence"][0];
    assert_eq!(first["line"], 20, "{dsl}");
    assert_eq!(first["note"], "front matter `roles.dsl.name`", "{dsl}");

    let human = policylint()
        .args([
            "check",
            "--today",
            "2026-11-29",
            "--color",
            "never",
            "--show-evidence",
        ])
        .arg(&policy)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    let mut blocks = 0;
    for block in text.split("\n  ✓ ").skip(1) {
        let mut lines = std::collections::HashSet::new();
        for l in block.lines().filter(|l| l.starts_with("      line ")) {
            let number = l["      line ".len()..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap();
            assert!(
                lines.insert(number.to_string()),
                "line {number} twice in:\n{block}"
            );
        }
        blocks += 1;
    }
    assert!(blocks > 20, "{text}");
}

/// The human report and the JSON both say that the kind was inferred, and from what.
#[test]
fn the_cli_says_the_kind_was_inferred() {
    let out = policylint()
        .args(["check", "--today", "2026-01-15", "--color", "never"])
        .arg(fixture_path("preschool-eyfs.md"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("took this to be an early-years setting"),
        "{text}"
    );
    let out = policylint()
        .args(["check", "--today", "2026-01-15", "--format", "json"])
        .arg(fixture_path("nspcc-agency.md"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["kind"], "agency");
    assert_eq!(v["files"][0]["kind_source"], "inferred");
    // the named person's evidence is the "Name:" line under the role line
    let named = v["files"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "ROLE-NAMED-PERSON")
        .unwrap();
    assert_eq!(named["status"], "pass", "{named}");
    assert!(
        named["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == "Name: Priya Lomax"),
        "{named}"
    );
}

/// The status of one check on a short policy, with the default school packs.
fn status_on(text: &str, today: &str, check: &str) -> (Option<Status>, String) {
    status_for_kind(text, today, check, policylint::OrgKind::School)
}

/// The status of one check on a short policy, with the default packs for `kind`.
fn status_for_kind(
    text: &str,
    today: &str,
    check: &str,
    kind: policylint::OrgKind,
) -> (Option<Status>, String) {
    let opts = options(today.parse().unwrap(), Some(kind), None);
    let report = check_text("p.md", text, &opts);
    (report.status_of(check), messages_of(&report, check))
}

/// A policy that gives only its approval date was last reviewed then; one that gives its
/// last review and says it is reviewed every year is next due a year later — and overdue
/// once that has passed. "Next review: annually" alone is not a date.
#[test]
fn review_dates_from_approval_and_from_the_stated_cycle() {
    let approved_only = "# Policy\n\n| | |\n|---|---|\n| This policy was approved by the Governing Body on: | 14 October 2025 |\n| The next review date will be: | October 2026 |\n";
    let (got, m) = status_on(approved_only, "2026-01-15", "POL-REVIEW");
    assert_eq!(got, Some(Status::Pass), "{m}");
    assert!(m.contains("the date it was approved"), "{m}");

    let cycle = "# Policy\n\nWe review this statement every year.\n\nThis statement was last reviewed on: 4 June 2025\n";
    let (got, m) = status_on(cycle, "2026-01-15", "POL-REVIEW");
    assert_eq!(got, Some(Status::Pass), "{m}");
    assert!(m.contains("4 June 2026"), "{m}");
    let (got, m) = status_on(cycle, "2026-07-01", "POL-REVIEW");
    assert_eq!(got, Some(Status::Fail), "{m}");
    assert!(m.contains("has passed"), "{m}");

    // every two years: next due two years on, which is too long a cycle
    let two_years =
        "# Policy\n\nThis policy is reviewed every two years.\n\nLast reviewed: 4 June 2025\n";
    let (got, m) = status_on(two_years, "2026-01-15", "POL-REVIEW");
    assert_eq!(got, Some(Status::Fail), "{m}");
    assert!(m.contains("more than 13 months"), "{m}");

    for vague in [
        "# Policy\n\nNext review: annually\n",
        "# Policy\n\nLast reviewed: 4 June 2025\n\nNext review: annually\n",
        "# Policy\n\nWe review this policy every year.\n",
    ] {
        let (got, m) = status_on(vague, "2026-01-15", "POL-REVIEW");
        assert_eq!(got, Some(Status::Fail), "{vague}: {m}");
    }
}

/// `@dsl` in a pack's phrase group matches the DSL by title or by the name the policy gives.
#[test]
fn a_role_phrase_matches_the_holder_by_title_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mine.toml");
    std::fs::write(
        &pack,
        r#"[pack]
id = "mine"
title = "Mine"
description = "A test pack."

[[check]]
id = "MY-OSL-REPORTS"
title = "The online safety lead reports to the DSL"
requirement = "The online safety lead reports to the DSL."
severity = "warning"
applies_to = ["school"]
area = "roles"
source = { document = "Our own guidance" }
why = "So that concerns reach the DSL."
example = "Miss Holloway reports to the DSL."
fix = "Say who the online safety lead reports to."
rule = { kind = "mentions", together = "sentence", groups = [["@online_safety_lead"], ["reports to", "tells"], ["@dsl"]] }
"#,
    )
    .unwrap();
    let engine = policylint::Engine::load(std::slice::from_ref(&pack)).expect("the pack loads");
    let run = |text: &str| {
        let source = policylint::load::decode(
            std::path::Path::new("p.md"),
            text.as_bytes().to_vec(),
            u64::MAX,
        )
        .unwrap();
        let mut opts = options(
            "2026-01-15".parse().unwrap(),
            None,
            Some(vec!["mine".into()]),
        );
        opts.kind = Some((policylint::OrgKind::School, KindSource::Flag));
        let report = engine.check_source(source, &opts);
        (
            report.status_of("MY-OSL-REPORTS"),
            messages_of(&report, "MY-OSL-REPORTS"),
        )
    };
    let table = "| Role | Name |\n|---|---|\n| DSL | Mrs Niamh O’Rourke |\n| Online safety lead | Miss Jade Holloway |\n\n";
    // by name, by title, and by the DSL's old title
    for ok in [
        "Miss Holloway reports to Mrs O’Rourke every fortnight.",
        "Miss Holloway reports to the DSL every fortnight.",
        "The online safety lead tells the designated senior person at once.",
    ] {
        let (got, m) = run(&format!("# Policy\n\n{table}{ok}\n"));
        assert_eq!(got, Some(Status::Pass), "{ok}: {m}");
    }
    // someone else's name, a name that is part of another word, no names known
    for no in [
        "Miss Holloway reports to Mr Pryor every fortnight.",
        "Miss Holloways reports to Mrs O’Rourkes every fortnight.",
    ] {
        let (got, m) = run(&format!("# Policy\n\n{table}{no}\n"));
        assert_eq!(got, Some(Status::Fail), "{no}: {m}");
    }
    // a DSL named "until" a date that has passed (the run is on 15 January 2026)
    let gone = "| Role | Name |\n|---|---|\n| DSL | Mrs Niamh O’Rourke (until December 2025) |\n| Online safety lead | Miss Jade Holloway |\n\n";
    let (got, m) = run(&format!(
        "# Policy\n\n{gone}Miss Holloway reports to Mrs O’Rourke every fortnight.\n"
    ));
    assert_eq!(got, Some(Status::Fail), "{m}");
    let (got, m) = run("# Policy\n\nMiss Holloway reports to Mrs O’Rourke every fortnight.\n");
    assert_eq!(got, Some(Status::Fail), "{m}");
    assert!(m.contains("the name of the online safety lead"), "{m}");
    // a role key policylint does not know is a pack error
    std::fs::write(
        &pack,
        std::fs::read_to_string(&pack)
            .unwrap()
            .replace("@dsl", "@headteacher"),
    )
    .unwrap();
    let err = policylint::Engine::load(std::slice::from_ref(&pack))
        .err()
        .expect("an unknown role is refused");
    assert!(err.to_string().contains("@headteacher"), "{err}");
}

/// In an early-years setting too, an acceptable use agreement for adults is said in one
/// sentence (or signed under an acceptable use heading), not read from a paragraph that
/// names the parents' agreement and then mentions staff for another reason.
#[test]
fn early_years_acceptable_use_is_the_adults_own_agreement() {
    let status = |text: &str| {
        status_for_kind(
            text,
            "2026-11-29",
            "POL-AUP",
            policylint::OrgKind::EarlyYears,
        )
    };
    let nearby = "# Online Safety Policy\n\n## Images\n\nParents sign an acceptable use agreement about images when their child joins. Staff supervise children on the garden cameras.\n";
    let (got, m) = status(nearby);
    assert_eq!(got, Some(Status::Fail), "{m}");
    let signed = "# Online Safety Policy\n\n## Acceptable use\n\nStaff, students and volunteers sign one when they start, and again when it changes.\n";
    let (got, m) = status(signed);
    assert_eq!(got, Some(Status::Pass), "{m}");
}
