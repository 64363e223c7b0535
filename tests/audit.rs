//! `policylint audit` end to end: the CSV agrees with `check` cell by cell, output does not
//! depend on the number of threads, the dashboard is self-contained and escapes policy text,
//! and `--previous` finds what improved and what regressed.
//!
//! Statuses of pack checks are never written down here: the packs are still growing, so
//! every expectation is worked out by checking the same file through the library.

mod common;

use common::policylint;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use policylint::engine::CheckOptions;
use policylint::result::{FileReport, Status};
use serde_json::Value;

const TODAY: &str = "2026-11-29";

fn audit_dir() -> PathBuf {
    common::root().join("fixtures/audit")
}

/// The policies of fixtures/audit, by file name.
fn fixture_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(audit_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "docx"))
        .collect();
    v.sort();
    v
}

/// A copy of fixtures/audit (and optionally fixtures/audit-bad) in a temporary folder.
fn copy_fixtures(with_bad: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("policies");
    std::fs::create_dir_all(&dest).unwrap();
    let mut sources = vec![audit_dir()];
    if with_bad {
        sources.push(common::root().join("fixtures/audit-bad"));
    }
    for src in sources {
        for e in std::fs::read_dir(src).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dest.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// What `check` gives a file by default on TODAY (the fixtures have no policylint.toml).
fn check(path: &Path) -> FileReport {
    let today = TODAY.parse().unwrap();
    let source = policylint::load::read_policy(path, u64::MAX).expect("fixture reads");
    common::engine().check_source(source, &CheckOptions::new(today))
}

fn cell(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Pass) => "pass",
        Some(Status::Fail) => "fail",
        Some(Status::NotApplicable) => "n-a",
        Some(Status::Waived) => "waived",
        None => "",
    }
}

/// A CSV as a header and rows of name → value.
fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

fn run_audit(dir: &Path, extra: &[&str]) -> std::process::Output {
    policylint()
        .args(["audit", "--today", TODAY, "--no-progress"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn there_are_at_least_twenty_fixtures_of_every_kind() {
    let files = fixture_files();
    assert!(files.len() >= 20, "{} fixtures", files.len());
    let mut kinds = BTreeMap::new();
    for f in &files {
        let r = check(f);
        assert!(r.errors.is_empty(), "{}: {:?}", f.display(), r.errors);
        *kinds.entry(r.kind.unwrap()).or_insert(0) += 1;
    }
    for k in policylint::OrgKind::ALL {
        assert!(kinds.contains_key(&k), "no {k} among the audit fixtures");
    }
    let crlf = files
        .iter()
        .filter(|f| std::fs::read(f).unwrap().windows(2).any(|w| w == b"\r\n"))
        .count();
    assert!(crlf >= 1, "one fixture should have Windows line endings");
}

#[test]
fn the_csv_has_a_row_per_policy_with_the_statuses_check_gives() {
    let out_dir = tempfile::tempdir().unwrap();
    let csv_path = out_dir.path().join("audit.csv");
    let out = run_audit(&audit_dir(), &["--csv", csv_path.to_str().unwrap()]);
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "a clean folder audits with 0 or 1, got {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (header, rows) = read_csv(&csv_path);
    assert_eq!(&header[..4], ["organisation", "kind", "path", "packs"]);
    let files = fixture_files();
    assert_eq!(rows.len(), files.len(), "one row per policy");

    // check columns: the union of every policy's checks, by area then id
    let reports: Vec<(PathBuf, FileReport)> = files.iter().map(|f| (f.clone(), check(f))).collect();
    let mut expected_cols: Vec<(policylint::result::Area, String)> = Vec::new();
    for (_, r) in &reports {
        for res in &r.results {
            let key = (res.def.area, res.check.to_string());
            if !expected_cols.contains(&key) {
                expected_cols.push(key);
            }
        }
    }
    expected_cols.sort();
    let expected_ids: Vec<&str> = expected_cols.iter().map(|(_, id)| id.as_str()).collect();
    let n = expected_ids.len();
    assert_eq!(
        header[4..4 + n]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        expected_ids
    );
    assert_eq!(&header[4 + n..], ["fail", "pass", "n-a", "waived", "error"]);

    // rows sorted by path, each equal to check's results cell by cell
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "rows are in path order");
    for (file, report) in &reports {
        let name = file.file_name().unwrap().to_str().unwrap();
        let row = rows
            .iter()
            .find(|r| r["path"].ends_with(&format!("/{name}")))
            .unwrap_or_else(|| panic!("no row for {name}"));
        assert_eq!(row["kind"], report.kind.unwrap().as_str(), "{name}");
        assert_eq!(row["packs"], report.packs.join(" "), "{name}");
        let mut counts = [0usize; 4];
        for id in &expected_ids {
            let want = report.status_of(id);
            assert_eq!(row[*id], cell(want), "{name} {id}");
            if let Some(s) = want {
                counts[match s {
                    Status::Fail => 0,
                    Status::Pass => 1,
                    Status::NotApplicable => 2,
                    Status::Waived => 3,
                }] += 1;
            }
        }
        let got = ["fail", "pass", "n-a", "waived"].map(|k| row[k].parse::<usize>().unwrap());
        assert_eq!(got, counts, "{name} counts");
        assert_eq!(row["error"], "", "{name}");
        if let Some(org) = &report.organisation {
            assert_eq!(&row["organisation"], org, "{name}");
        }
    }
    // no front matter: the first heading names the organisation (ATX and setext)
    let org_of = |file: &str| {
        rows.iter().find(|r| r["path"].ends_with(file)).unwrap()["organisation"].clone()
    };
    assert_eq!(org_of("thames-view-junior.md"), "Thames View Junior School");
    assert_eq!(
        org_of("kingston-amateur-swimming-club.md"),
        "Kingston Amateur Swimming Club"
    );
    assert_eq!(
        org_of("meadow-lane-infants.md"),
        "Meadow Lane Infant School \u{2013} Online Safety Policy"
    );
}

#[test]
fn output_is_the_same_with_one_thread_or_two() {
    let out_dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let csv = out_dir.path().join(format!("a{jobs}.csv"));
        let json = out_dir.path().join(format!("a{jobs}.json"));
        let html = out_dir.path().join(format!("a{jobs}.html"));
        let out = run_audit(
            &audit_dir(),
            &[
                "--jobs",
                jobs,
                "--csv",
                csv.to_str().unwrap(),
                "--json",
                json.to_str().unwrap(),
                "--html",
                html.to_str().unwrap(),
            ],
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        // the summary names the files it wrote; those differ by design
        let stdout: String = stdout
            .lines()
            .filter(|l| !l.starts_with("Wrote "))
            .collect::<Vec<_>>()
            .join("\n");
        outputs.push((
            out.status.code(),
            stdout,
            std::fs::read(csv).unwrap(),
            std::fs::read(json).unwrap(),
            std::fs::read(html).unwrap(),
        ));
    }
    let (a, b) = (&outputs[0], &outputs[1]);
    assert_eq!(a.0, b.0, "exit code");
    assert_eq!(a.1, b.1, "summary");
    assert!(a.2 == b.2, "CSV differs between --jobs 1 and --jobs 2");
    assert!(a.3 == b.3, "JSON differs between --jobs 1 and --jobs 2");
    assert!(a.4 == b.4, "HTML differs between --jobs 1 and --jobs 2");
}

#[test]
fn the_summary_names_kinds_and_the_most_often_unmet_requirements() {
    let out = run_audit(&audit_dir(), &[]);
    let text = String::from_utf8(out.stdout).unwrap();
    let n = fixture_files().len();
    assert!(
        text.starts_with(&format!("Audited {n} policies under ")),
        "{text}"
    );
    assert!(text.contains("Organisations by kind:"), "{text}");
    assert!(text.contains("school"), "{text}");
    assert!(text.contains("early-years setting"), "{text}");
    // the requirement not met most often, worked out from check's results
    let mut fails: BTreeMap<String, usize> = BTreeMap::new();
    for f in fixture_files() {
        let r = check(&f);
        let mut ids: Vec<&str> = r.results.iter().map(|x| &*x.check).collect();
        ids.dedup();
        for id in ids {
            if r.status_of(id) == Some(Status::Fail) {
                *fails.entry(id.to_string()).or_default() += 1;
            }
        }
    }
    if let Some(max) = fails.values().max() {
        let top = fails.iter().find(|(_, v)| *v == max).unwrap().0;
        let section = text
            .split("Requirements most often not met:")
            .nth(1)
            .unwrap();
        let first = section.lines().nth(1).unwrap();
        assert!(
            first.trim_start().starts_with(top.as_str()),
            "{first} / {top}"
        );
        assert!(first.contains(&format!("not met by {max} of")), "{first}");
    }
    // stderr has no progress bar when it is not a terminal
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unreadable_policy_is_listed_and_the_rest_are_still_audited() {
    let dir = copy_fixtures(true);
    let policies = dir.path().join("policies");
    let csv_path = dir.path().join("audit.csv");
    let json_path = dir.path().join("audit.json");
    let out = run_audit(
        &policies,
        &[
            "--csv",
            csv_path.to_str().unwrap(),
            "--json",
            json_path.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1 could not be read"), "{text}");
    let section = text.split("Could not be read (1):").nth(1).expect(&text);
    assert!(
        section.contains("norbiton-nursery-windows-1252.md"),
        "{text}"
    );
    assert!(section.contains("UTF-8"), "{text}");
    let (_, rows) = read_csv(&csv_path);
    assert_eq!(rows.len(), fixture_files().len() + 1);
    let bad = rows
        .iter()
        .find(|r| r["path"].ends_with("norbiton-nursery-windows-1252.md"))
        .unwrap();
    assert!(bad["error"].contains("UTF-8"), "{:?}", bad);
    assert_eq!(bad["fail"], "");
    let good = rows
        .iter()
        .find(|r| r["path"].ends_with("st-aldhelms-primary.md"))
        .unwrap();
    assert_eq!(good["organisation"], "St Aldhelm's CE Primary School");
    assert_ne!(good["pass"], "");
    let json: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["audit"]["unreadable"], 1);
    assert_eq!(
        json["files"].as_array().unwrap().len(),
        fixture_files().len() + 1
    );
}

/// The opening tags of an HTML text, lower-cased, e.g. `<script src="…">`.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').unwrap_or(rest.len());
        out.push(rest[..end].to_lowercase());
        rest = &rest[end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    out
}

#[test]
fn the_dashboard_is_self_contained_and_shows_policy_markup_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("audit.html");
    let out = run_audit(&audit_dir(), &["--html", html_path.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(2));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for t in tags(&html) {
        assert!(!t.starts_with("<link"), "a <link> element: {t}");
        if t.starts_with("<script") {
            assert_eq!(t, "<script", "a script must be inline: {t}");
        }
        for attr in ["src=", "href=", "action=", "srcset=", "poster=", "data="] {
            if let Some(i) = t.find(attr) {
                let value = t[i + attr.len()..].trim_start_matches(['"', '\'']);
                assert!(
                    !value.starts_with("http:")
                        && !value.starts_with("https:")
                        && !value.starts_with("//"),
                    "an external reference: {t}"
                );
            }
        }
    }
    let lower = html.to_lowercase();
    assert!(!lower.contains("@import"));
    assert!(!lower.contains("url("), "CSS must not load anything");
    // exactly one script element: ours
    assert_eq!(lower.matches("<script").count(), 1);
    // the fixture whose name carries a script shows it as text
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("Byte Club &lt;script&gt;alert(1)&lt;/script&gt;"));
    // a row per organisation and a cell per check
    let rows = html.matches("<tr class=\"org\"").count();
    assert_eq!(rows, fixture_files().len());
    // the headings speak to a partnership board
    for h in [
        "At a glance",
        "Who meets what",
        "Requirements most often not met",
        "How many organisations meet each requirement",
        "How each kind of organisation is doing",
        "Each organisation's findings",
    ] {
        assert!(html.contains(h), "missing heading {h}");
    }
    // a legend that does not rely on colour: every status has a symbol and words
    for words in ["Met", "Not met", "Waived", "Does not apply", "Not checked"] {
        assert!(
            html.contains(&format!("</span> {words}")),
            "legend: {words}"
        );
    }
    assert!(html.contains("<svg id=\"chart-requirements\""));
    assert!(html.contains("<svg id=\"chart-kinds\""));
}

/// Set every result of `check` in `file` of a JSON report to `status`.
fn set_status(report: &mut Value, file_suffix: &str, check: &str, status: &str) {
    let file = report["files"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["path"].as_str().unwrap().ends_with(file_suffix))
        .unwrap();
    let mut n = 0;
    for r in file["results"].as_array_mut().unwrap() {
        if r["check"] == check {
            r["status"] = Value::from(status);
            n += 1;
        }
    }
    assert!(n > 0);
}

#[test]
fn previous_audit_shows_improvements_and_regressions() {
    let dir = copy_fixtures(false);
    let policies = dir.path().join("policies");
    let last = dir.path().join("last.json");
    let out = run_audit(&policies, &["--json", last.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(2));
    let mut report: Value = serde_json::from_slice(&std::fs::read(&last).unwrap()).unwrap();

    // Pick, from this year's own results, a requirement St Aldhelm's meets and one it does
    // not, and write last year's file as if they had been the other way round.
    let target = "st-aldhelms-primary.md";
    let now = check(&audit_dir().join(target));
    let ids: Vec<&str> = now.results.iter().map(|r| &*r.check).collect();
    let met = ids
        .iter()
        .find(|id| now.status_of(id) == Some(Status::Pass))
        .expect("St Aldhelm's meets something");
    let unmet = ids
        .iter()
        .find(|id| now.status_of(id) == Some(Status::Fail))
        .expect("St Aldhelm's misses something");
    set_status(&mut report, target, met, "fail");
    set_status(&mut report, target, unmet, "pass");
    // Riverside Academy moved folder since last year: matched by its name instead.
    for f in report["files"].as_array_mut().unwrap() {
        if f["path"]
            .as_str()
            .unwrap()
            .ends_with("riverside-academy.md")
        {
            f["path"] = Value::from("old-folder/riverside.md");
        }
    }
    for o in report["audit"]["organisations"].as_array_mut().unwrap() {
        if o["path"]
            .as_str()
            .unwrap()
            .ends_with("riverside-academy.md")
        {
            o["path"] = Value::from("old-folder/riverside.md");
            o["relative_path"] = Value::from("riverside.md");
        }
    }
    // Byte Club joined this year.
    let files = report["files"].as_array_mut().unwrap();
    files.retain(|f| {
        !f["path"]
            .as_str()
            .unwrap()
            .ends_with("byte-club-coding-charity.md")
    });
    std::fs::write(&last, serde_json::to_vec(&report).unwrap()).unwrap();

    let csv_path = dir.path().join("audit.csv");
    let html_path = dir.path().join("audit.html");
    let out = run_audit(
        &policies,
        &[
            "--previous",
            last.to_str().unwrap(),
            "--csv",
            csv_path.to_str().unwrap(),
            "--html",
            html_path.to_str().unwrap(),
        ],
    );
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (header, rows) = read_csv(&csv_path);
    assert!(header.contains(&"changed_since_previous".to_string()));
    let change = |file: &str| {
        rows.iter().find(|r| r["path"].ends_with(file)).unwrap()["changed_since_previous"].clone()
    };
    // last year `met` was not met and `unmet` was met
    assert_eq!(
        change(target),
        format!("improved: {met}; regressed: {unmet}")
    );
    assert_eq!(change("riverside-academy.md"), "no change");
    assert_eq!(
        change("byte-club-coding-charity.md"),
        "not in previous audit"
    );
    assert_eq!(change("thames-view-junior.md"), "no change");

    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("1 requirement now met, 1 no longer met; 1 organisation not in it"),
        "{text}"
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("Changes since the last audit"));
    assert!(html.contains("Since last audit"));
    assert!(html.contains("regressed since last audit"));
}

#[test]
fn a_bad_previous_audit_is_an_error_before_anything_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("audit.csv");
    let cases: [(&str, Option<&str>, &str); 4] = [
        ("missing.json", None, "there is no such file"),
        ("garbage.json", Some("{ not json"), "not valid JSON"),
        ("list.json", Some("[]"), "not a policylint audit report"),
        (
            "check.json",
            Some("{\"version\": 1, \"summary\": {}}"),
            "no `files` list",
        ),
    ];
    for (name, text, message) in cases {
        let p = dir.path().join(name);
        if let Some(t) = text {
            std::fs::write(&p, t).unwrap();
        }
        let out = run_audit(
            &audit_dir(),
            &[
                "--previous",
                p.to_str().unwrap(),
                "--csv",
                csv_path.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{name}: {err}");
        assert!(
            err.contains(name),
            "{name}: the message names the file: {err}"
        );
        assert!(
            !csv_path.exists(),
            "nothing is written after a bad --previous"
        );
    }
}

#[test]
fn audit_json_keeps_the_check_contract() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("audit.json");
    run_audit(&audit_dir(), &["--json", json_path.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["today"], TODAY);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), fixture_files().len());
    for f in files {
        for k in ["path", "kind", "packs", "results", "errors"] {
            assert!(f.get(k).is_some(), "{k} missing from {}", f["path"]);
        }
    }
    let audit = &v["audit"];
    let orgs = audit["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), files.len());
    // the matrix agrees with the results beside it
    for (o, f) in orgs.iter().zip(files) {
        assert_eq!(o["path"], f["path"]);
        for r in f["results"].as_array().unwrap() {
            let id = r["check"].as_str().unwrap();
            let s = o["statuses"][id].as_str().unwrap();
            if r["status"] == "fail" {
                assert_eq!(s, "fail", "{} {id}", o["path"]);
            }
        }
    }
    let checks = audit["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    let total: u64 = checks
        .iter()
        .map(|c| c["counts"]["fail"].as_u64().unwrap())
        .sum();
    let by_org: u64 = orgs
        .iter()
        .map(|o| o["counts"]["fail"].as_u64().unwrap())
        .sum();
    assert_eq!(total, by_org);
}

const ST_ALDHELMS: &str = "st-aldhelms-primary.md";

/// The requirements St Aldhelm's policy does not meet today, in report order.
fn st_aldhelms_unmet() -> Vec<String> {
    let now = check(&audit_dir().join(ST_ALDHELMS));
    let mut v: Vec<String> = now
        .results
        .iter()
        .filter(|r| now.status_of(&r.check) == Some(Status::Fail))
        .map(|r| r.check.to_string())
        .collect();
    v.dedup();
    v
}

/// A `[[waiver]]` of `check` for St Aldhelm's, for a policylint.toml.
fn waiver(check: &str, reason: &str, expires: &str) -> String {
    format!(
        "[[waiver]]\ncheck = \"{check}\"\npaths = [\"{ST_ALDHELMS}\"]\nreason = \"{reason}\"\nowner = \"Ruth Adebayo\"\nexpires = {expires}\n\n"
    )
}

/// An audit writing only the CSV keeps a compact row of each policy and drops its report
/// at once; with the JSON or the dashboard it keeps every report. Both must agree.
#[test]
fn the_compact_rows_of_a_csv_only_audit_agree_with_the_full_reports() {
    let dir = copy_fixtures(true);
    let policies = dir.path().join("policies");
    let target = ST_ALDHELMS;
    let unmet = st_aldhelms_unmet()
        .into_iter()
        .next()
        .expect("St Aldhelm's misses a requirement");
    std::fs::write(
        policies.join("policylint.toml"),
        waiver(&unmet, "Governors review it in January", "2027-03-31"),
    )
    .unwrap();
    let mut runs = Vec::new();
    for full in [false, true] {
        let csv = dir.path().join(format!("audit-{full}.csv"));
        let json = dir.path().join(format!("audit-{full}.json"));
        let mut args = vec!["--csv", csv.to_str().unwrap()];
        if full {
            args.extend(["--json", json.to_str().unwrap()]);
        }
        let out = run_audit(&policies, &args);
        let summary: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("Wrote "))
            .map(str::to_string)
            .collect();
        runs.push((
            out.status.code(),
            summary,
            std::fs::read_to_string(&csv).unwrap(),
        ));
    }
    assert_eq!(runs[0].0, runs[1].0, "exit code");
    assert_eq!(runs[0].1, runs[1].1, "summary");
    assert_eq!(runs[0].2, runs[1].2, "CSV");
    assert_eq!(runs[0].0, Some(2), "the unreadable fixture makes it 2");
    let (_, rows) = read_csv(&dir.path().join("audit-false.csv"));
    let row = rows.iter().find(|r| r["path"].ends_with(target)).unwrap();
    assert_eq!(row[unmet.as_str()], "waived");
}

#[test]
fn waivers_in_policylint_toml_show_as_waived_and_expired_ones_are_reported() {
    let dir = copy_fixtures(false);
    let policies = dir.path().join("policies");
    let target = ST_ALDHELMS;
    let unmet = st_aldhelms_unmet();
    assert!(
        unmet.len() >= 2,
        "St Aldhelm's should miss two requirements"
    );
    std::fs::write(
        policies.join("policylint.toml"),
        waiver(
            &unmet[0],
            "New wording goes to governors in January",
            "2027-03-31",
        ) + &waiver(&unmet[1], "Old waiver", "2026-01-31"),
    )
    .unwrap();
    let csv_path = dir.path().join("audit.csv");
    let out = run_audit(&policies, &["--csv", csv_path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, rows) = read_csv(&csv_path);
    assert_eq!(
        rows.len(),
        fixture_files().len(),
        "the config file is not a policy"
    );
    let row = rows.iter().find(|r| r["path"].ends_with(target)).unwrap();
    assert_eq!(row[unmet[0].as_str()], "waived");
    assert_eq!(
        row[unmet[1].as_str()],
        "fail",
        "an expired waiver waives nothing"
    );
    assert_eq!(row["waived"], "1");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("policylint.toml need attention"), "{text}");
    assert!(text.contains("expired on 2026-01-31"), "{text}");
}

#[test]
fn word_policies_are_audited_alongside_markdown() {
    let dir = copy_fixtures(false);
    let policies = dir.path().join("policies");
    let docx = common::root().join("fixtures/docx/st-aldhelms.docx");
    std::fs::copy(&docx, policies.join("st-aldhelms-word.docx")).unwrap();
    let csv_path = dir.path().join("audit.csv");
    let out = run_audit(&policies, &["--csv", csv_path.to_str().unwrap()]);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (header, rows) = read_csv(&csv_path);
    assert_eq!(rows.len(), fixture_files().len() + 1);
    let row = rows
        .iter()
        .find(|r| r["path"].ends_with("st-aldhelms-word.docx"))
        .expect("a row for the Word policy");
    let report = check(&docx);
    assert_eq!(row["kind"], report.kind.unwrap().as_str());
    for id in header.iter().skip(4) {
        if let Some(s) = report.status_of(id) {
            assert_eq!(row[id.as_str()], cell(Some(s)), "{id}");
        }
    }
    assert!(row["pass"].parse::<usize>().unwrap() > 0);
}

#[test]
fn format_json_prints_the_audit_and_quiet_prints_only_problems() {
    let out = run_audit(&audit_dir(), &["--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["version"], 1);
    assert_eq!(
        v["audit"]["organisations"].as_array().unwrap().len(),
        fixture_files().len()
    );
    let out = run_audit(&audit_dir(), &["--quiet"]);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let dir = copy_fixtures(true);
    let out = run_audit(&dir.path().join("policies"), &["--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Could not be read (1):"), "{text}");
    let out = run_audit(&audit_dir(), &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an output format for audit"));
}
