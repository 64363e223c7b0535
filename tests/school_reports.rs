//! The reports a school takes to its governors: `--format html` (one self-contained page)
//! and `--format action-plan` (a Markdown checklist of the gaps).
//!
//! The action plan of fixtures/examples/known-gaps.md is pinned as a snapshot. The rule packs
//! are still being refined, so the snapshot may need reviewing when they change; the
//! structural tests below hold whatever the packs say: gaps ordered by priority then area,
//! one item per failing check with every place listed, blank owner and due fields, and an
//! HTML entry for every requirement with the status the JSON report gives it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const TODAY: &str = "2026-11-29";
const KNOWN_GAPS: &str = "fixtures/examples/known-gaps.md";
const PACKS: [&str; 6] = [
    "--pack",
    "kcsie-2025",
    "--pack",
    "krscp-2020",
    "--pack",
    "stale-terms",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policylint() -> Command {
    let mut c = Command::cargo_bin("policylint").unwrap();
    c.current_dir(root())
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .args(["--today", TODAY, "--color", "never"]);
    c
}

/// Run `check` on paths in a format; returns stdout, after checking the run did its job.
fn check(format: &str, paths: &[&str]) -> String {
    let out = policylint()
        .arg("check")
        .args(paths)
        .args(PACKS)
        .args(["--format", format])
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each check's status in the JSON report of one file, and how many places it failed at.
fn json_statuses(path: &str) -> BTreeMap<String, (String, String, usize)> {
    let json: Value = serde_json::from_str(&check("json", &[path])).unwrap();
    let mut out: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    for r in json["files"][0]["results"].as_array().unwrap() {
        let id = r["check"].as_str().unwrap().to_string();
        let status = r["status"].as_str().unwrap().to_string();
        let severity = r["severity"].as_str().unwrap().to_string();
        let e = out
            .entry(id)
            .or_insert((status.clone(), severity.clone(), 0));
        let rank = |s: &str| match s {
            "fail" => 3,
            "waived" => 2,
            "pass" => 1,
            _ => 0,
        };
        if rank(&status) > rank(&e.0) {
            *e = (status.clone(), severity.clone(), 0);
        }
        if status == "fail" {
            e.2 += 1;
            if severity == "error" || (severity == "warning" && e.1 == "info") {
                e.1 = severity;
            }
        }
    }
    out
}

#[test]
fn the_action_plan_of_a_policy_with_known_gaps() {
    let plan = check("action-plan", &[KNOWN_GAPS]);
    insta::assert_snapshot!("known_gaps_action_plan", plan);
}

/// An action plan item: its number, priority, area and check id.
#[derive(Debug)]
struct Item {
    number: usize,
    priority: String,
    area: String,
    check: String,
    body: String,
}

fn items(plan: &str) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let lines: Vec<&str> = plan.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = line.strip_prefix("- [ ] **") {
            let number: usize = rest.split('.').next().unwrap().parse().unwrap();
            let meta = lines[i + 1].trim();
            let parts: Vec<&str> = meta.split(" \u{b7} ").collect();
            assert_eq!(
                parts.len(),
                3,
                "priority · area · id under the title: {meta}"
            );
            out.push(Item {
                number,
                priority: parts[0].to_string(),
                area: parts[1].to_string(),
                check: parts[2].trim_matches('`').to_string(),
                body: String::new(),
            });
        } else if let Some(last) = out.last_mut()
            && !line.starts_with('#')
            && !line.starts_with("**Already met")
        {
            last.body.push_str(line);
            last.body.push('\n');
        }
    }
    out
}

const AREA_TITLES: [&str; 13] = [
    "Roles and governance",
    "Online risks",
    "Policy framework and review",
    "Filtering and monitoring",
    "Mobile and smart technology",
    "Training",
    "Education and engagement",
    "Incidents and reporting",
    "Prevent and radicalisation",
    "Data, conduct, images and AI",
    "Local partnership",
    "Out-of-date terms and references",
    "Policy details (front matter)",
];

#[test]
fn the_action_plan_lists_each_gap_once_worst_first_with_blanks_to_fill_in() {
    let plan = check("action-plan", &[KNOWN_GAPS]);
    let items = items(&plan);
    let statuses = json_statuses(KNOWN_GAPS);
    let failing: BTreeMap<&String, &(String, String, usize)> =
        statuses.iter().filter(|(_, s)| s.0 == "fail").collect();
    assert!(
        failing.len() >= 5,
        "the fixture has several deliberate gaps"
    );

    // one item per failing check, and nothing else
    let ids: Vec<&str> = items.iter().map(|i| i.check.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no check twice: {ids:?}");
    let want: BTreeSet<&str> = failing.keys().map(|k| k.as_str()).collect();
    assert_eq!(unique, want);

    // numbered 1, 2, 3, …
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item.number, i + 1);
    }

    // high, then medium, then low priority; by area within each; priorities match severities
    let rank = |p: &str| match p {
        "High priority" => 0,
        "Medium priority" => 1,
        "Low priority" => 2,
        other => panic!("unknown priority {other}"),
    };
    let area = |a: &str| {
        AREA_TITLES
            .iter()
            .position(|t| *t == a)
            .unwrap_or_else(|| panic!("unknown area {a}"))
    };
    let keys: Vec<(usize, usize)> = items
        .iter()
        .map(|i| (rank(&i.priority), area(&i.area)))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "ordered by priority, then area");
    for item in &items {
        let severity = &failing[&item.check].1;
        let expected = match severity.as_str() {
            "error" => "High priority",
            "warning" => "Medium priority",
            _ => "Low priority",
        };
        assert_eq!(item.priority, expected, "{}", item.check);
    }
    assert!(keys.iter().any(|k| k.0 == 0) && keys.iter().any(|k| k.0 == 1));

    // each item: the requirement, why, wording, source, and blank owner and due date
    for item in &items {
        for field in [
            "**Requirement:**",
            "**What to do:**",
            "**Why it matters:**",
            "**Suggested wording",
            "**Source:**",
        ] {
            assert!(
                item.body.contains(field),
                "{} lacks {field}:\n{}",
                item.check,
                item.body
            );
        }
        assert_eq!(
            item.body.matches("**Owner:** ____").count(),
            1,
            "{}",
            item.check
        );
        assert_eq!(
            item.body.matches("**Due by:** ____").count(),
            1,
            "{}",
            item.check
        );
        assert!(
            item.body.contains("\n  > "),
            "suggested wording is quoted: {}",
            item.check
        );
    }

    // a check failing in several places is one item listing every place
    let many: Vec<(&&String, usize)> = failing
        .iter()
        .filter(|(_, s)| s.2 > 1)
        .map(|(k, s)| (k, s.2))
        .collect();
    assert!(
        many.iter().any(|(k, _)| k.starts_with("STALE-")),
        "the fixture repeats an out-of-date term"
    );
    for (check, places) in many {
        let item = items.iter().find(|i| &i.check == *check).unwrap();
        assert!(
            item.body.contains(&format!("({places} places)")),
            "{check}: {}",
            item.body
        );
        assert_eq!(
            item.body.matches("\n  - line ").count(),
            places,
            "{check}: {}",
            item.body
        );
    }

    // the header's count and the closing line
    assert!(
        plan.contains(&format!("| Actions | {} (", items.len())),
        "{plan}"
    );
    assert!(plan.contains("| Checked on | 29 November 2026 |"));
    assert!(plan.contains("| Organisation | Hollybrook Community Primary School |"));
    let met = statuses.values().filter(|s| s.0 == "pass").count();
    assert!(
        plan.lines()
            .last()
            .unwrap()
            .starts_with(&format!("**Already met:** {met} of ")),
        "{plan}"
    );
}

fn temp_policy(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

const HOSTILE: &str = "+++\n[organisation]\nname = \"<script>alert('org')</script> Primary\"\nkind = \"school\"\n+++\n\n# Online safety <script>alert(1)</script>\n\nOur e-safety lead checks <img src=x onerror=alert(2)> every week & reports to governors.\n";

#[test]
fn html_shows_policy_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_policy(dir.path(), "hostile.md", HOSTILE);
    let html = check("html", &[&path]);
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("Online safety &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; Primary"));
    // the out-of-date term is quoted with the rest of its line, escaped
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt; every week &amp; reports"),
        "{html}"
    );
}

#[test]
fn the_action_plan_shows_policy_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_policy(dir.path(), "hostile.md", HOSTILE);
    let plan = check("action-plan", &[&path]);
    assert!(plan.starts_with(
        "# Online safety policy: action plan for \\<script>alert('org')\\</script> Primary"
    ));
    assert!(!plan.contains("\n<"), "{plan}");
}

#[test]
fn the_html_page_loads_nothing_from_anywhere() {
    let html = check("html", &[KNOWN_GAPS, "examples/online-safety-policy.md"]);
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<link",
        "<script",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "<video",
        "<audio",
        "<source",
        "src=",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(!lower.contains(banned), "the page contains {banned}");
    }
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
    // links are only plain references to the guidance a reader may follow
    for (i, _) in lower.match_indices("href=\"") {
        let url = &html[i + 6..];
        assert!(
            url.starts_with('#') || url.starts_with("https://") || url.starts_with("http://"),
            "{}",
            &url[..url.len().min(80)]
        );
    }
    assert!(html.contains("<svg class=\"bar\""));
    assert!(html.contains("@page { size: A4"));
}

/// `data-check` and `data-status` of each requirement entry on the page, per policy.
fn entries(html: &str) -> Vec<BTreeMap<String, String>> {
    html.split("<section class=\"policy\"")
        .skip(1)
        .map(|section| {
            let mut m = BTreeMap::new();
            for (i, _) in section.match_indices(" data-check=\"") {
                let rest = &section[i + 13..];
                let id = &rest[..rest.find('"').unwrap()];
                let st = rest.split(" data-status=\"").nth(1).unwrap();
                let st = &st[..st.find('"').unwrap()];
                assert!(
                    m.insert(id.to_string(), st.to_string()).is_none(),
                    "{id} shown twice"
                );
            }
            m
        })
        .collect()
}

#[test]
fn the_html_page_has_an_entry_for_every_requirement() {
    let html = check("html", &[KNOWN_GAPS]);
    let statuses = json_statuses(KNOWN_GAPS);
    let pages = entries(&html);
    assert_eq!(pages.len(), 1);
    let want: BTreeMap<String, String> = statuses
        .iter()
        .map(|(k, s)| (k.clone(), s.0.clone()))
        .collect();
    assert_eq!(pages[0], want);
    let applicable = want.values().filter(|s| *s != "not-applicable").count();
    assert_eq!(html.matches("<article class=\"req ").count(), applicable);

    // what the page says about the policy and the run
    for text in [
        "<dt>Organisation</dt><dd>Hollybrook Community Primary School</dd>",
        "<dt>Date checked</dt><dd>29 November 2026</dd>",
        "<dt>KCSIE edition</dt><dd>Keeping children safe in education 2025</dd>",
        "<li>Keeping children safe in education 2025</li>",
        "\u{2717} Not met",
        "\u{2713} Met",
        "High priority",
        "<h3>Filtering and monitoring</h3>",
        "<h3>Prevent and radicalisation</h3>",
        "<dt>Model wording</dt>",
        "<dt>Why it matters</dt>",
        // the overdue filtering review is quoted from the front matter, with where it is
        "<blockquote>last_review = <mark>2025-06-12</mark></blockquote>",
        "Line 29, in the policy&#39;s details at the top (front matter)",
        // a place in the text names the heading it sits under
        "under “Sexting”",
    ] {
        assert!(html.contains(text), "the page lacks {text}");
    }
    // check ids are shown, but never as a heading
    assert!(html.contains("<p class=\"id\">FM-REVIEW"));
    assert!(!html.contains("<h4>FM-REVIEW"));
    // gaps come before what is met in each area
    let area = html
        .split("<h3>Filtering and monitoring</h3>")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    let first_pass = area.find("data-status=\"pass\"").unwrap();
    let last_fail = area.rfind("data-status=\"fail\"").unwrap();
    assert!(last_fail < first_pass);
}

#[test]
fn several_policies_make_one_page_with_a_section_each() {
    let html = check("html", &[KNOWN_GAPS, "examples/online-safety-policy.md"]);
    assert_eq!(html.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(html.matches("<section class=\"policy\"").count(), 2);
    assert!(html.contains("<a href=\"#policy-1\">"));
    assert!(html.contains("<a href=\"#policy-2\">"));
    assert!(html.contains("St Aldhelm&#39;s CE Primary School"));
    let pages = entries(&html);
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0], {
        json_statuses(KNOWN_GAPS)
            .into_iter()
            .map(|(k, s)| (k, s.0))
            .collect::<BTreeMap<_, _>>()
    });
}

#[test]
fn html_and_action_plan_can_be_written_to_files_beside_another_format() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let plan = dir.path().join("plan.md");
    let out = policylint()
        .args(["check", KNOWN_GAPS])
        .args(PACKS)
        .args(["--format", "json"])
        .arg("--output")
        .arg(format!("html={}", html.display()))
        .arg("--output")
        .arg(format!("action-plan={}", plan.display()))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "there are errors in the fixture"
    );
    let stdout: Value = serde_json::from_slice(&out.stdout).expect("stdout is the JSON");
    assert_eq!(stdout["version"], 1);
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(html.trim_end().ends_with("</html>"));
    let plan = std::fs::read_to_string(&plan).unwrap();
    assert!(plan.starts_with("# Online safety policy: action plan for Hollybrook"));
    assert_eq!(plan, check("action-plan", &[KNOWN_GAPS]));

    // and on standard output
    let out = policylint()
        .args(["check", KNOWN_GAPS, "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<!DOCTYPE html>"));
}

#[test]
fn a_policy_that_meets_everything_has_an_empty_plan() {
    // the model policy meets every requirement (tests/templates.rs holds it to that)
    let plan = check("action-plan", &["templates/school.md"]);
    assert!(!plan.contains("- [ ] "), "{plan}");
    assert!(plan.contains("| Actions | none |"), "{plan}");
    assert!(plan.contains("Every requirement that applies is met"));
    assert!(plan.contains("**Already met:** "));
}

#[test]
fn a_file_that_cannot_be_read_is_named_in_both_reports() {
    for format in ["html", "action-plan"] {
        let out = policylint()
            .args(["check", KNOWN_GAPS, "no-such-policy.md", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("could not be checked"), "{format}: {text}");
        assert!(text.contains("no-such-policy.md"), "{format}: {text}");
        assert!(
            text.contains("Hollybrook"),
            "{format}: the other policy is still reported"
        );
    }
}
