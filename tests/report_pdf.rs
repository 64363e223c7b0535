//! The HTML report in a real browser: headless Chromium prints it to PDF (as the README tells
//! a school to do) and renders it to a DOM, where each requirement that applies has one
//! entry and a policy containing `<script>` shows it as text.
//!
//! Where no Chromium is installed the tests print "skipped: chromium not installed" and pass,
//! so that the suite runs on a machine without a browser; CI installs Debian's chromium
//! (.ci/run). With POLICYLINT_REQUIRE_BROWSER=1 a missing browser fails instead, and
//! POLICYLINT_CHROMIUM chooses the browser binary.

use std::collections::BTreeMap;
mod common;

use std::path::{Path, PathBuf};

use common::browser::{browser, chromium, file_url};
use common::root;

use serde_json::Value;

const TODAY: &str = "2026-11-29";
const KNOWN_GAPS: &str = "fixtures/examples/known-gaps.md";

/// Write the HTML report of `policy` into `dir`; returns its path.
fn html_report(dir: &Path, policy: &Path) -> PathBuf {
    let out = dir.join("report.html");
    let run = assert_cmd::Command::cargo_bin("policylint")
        .unwrap()
        .current_dir(root())
        .args(["check", "--today", TODAY, "--color", "never"])
        .arg(policy)
        .args([
            "--pack",
            "kcsie-2025",
            "--pack",
            "krscp-2020",
            "--pack",
            "stale-terms",
        ])
        .args(["--format", "concise"])
        .arg("--output")
        .arg(format!("html={}", out.display()))
        .output()
        .unwrap();
    assert_ne!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Page objects in a PDF: `/Type /Page` or `/Type/Page`, not `/Pages`.
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    for (i, w) in pdf.windows(5).enumerate() {
        if w != b"/Type" {
            continue;
        }
        let mut j = i + 5;
        while pdf.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if pdf[j..].starts_with(b"/Page") && !pdf[j..].starts_with(b"/Pages") {
            n += 1;
        }
    }
    n
}

#[test]
fn the_html_report_prints_to_pdf() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let html = html_report(dir.path(), &root().join(KNOWN_GAPS));
    let pdf = dir.path().join("report.pdf");
    chromium(
        &browser,
        &dir.path().join("profile"),
        &[format!("--print-to-pdf={}", pdf.display())],
        &file_url(&html),
    );
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let pages = pdf_pages(&bytes);
    // a summary page, then each area from a new page
    assert!(pages >= 5, "{pages} pages");
    assert!(bytes.len() > 20_000, "{} bytes", bytes.len());
}

/// `data-check` → `data-status` of the requirement entries in a DOM.
fn entries(dom: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for (i, _) in dom.match_indices(" data-check=\"") {
        let rest = &dom[i + 13..];
        let id = &rest[..rest.find('"').unwrap()];
        let st = rest.split(" data-status=\"").nth(1).unwrap();
        let st = &st[..st.find('"').unwrap()];
        assert!(
            m.insert(id.to_string(), st.to_string()).is_none(),
            "{id} twice"
        );
    }
    m
}

#[test]
fn the_html_report_renders_an_entry_per_requirement_and_policy_text_as_text() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();

    // 1. an entry per requirement, with the status of the JSON report
    let html = html_report(dir.path(), &root().join(KNOWN_GAPS));
    let dom = chromium(
        &browser,
        &dir.path().join("p1"),
        &["--dump-dom".into()],
        &file_url(&html),
    );
    assert!(dom.contains("<h1>Online safety policy check</h1>"), "{dom}");
    let json = assert_cmd::Command::cargo_bin("policylint")
        .unwrap()
        .current_dir(root())
        .args(["check", "--today", TODAY, KNOWN_GAPS])
        .args([
            "--pack",
            "kcsie-2025",
            "--pack",
            "krscp-2020",
            "--pack",
            "stale-terms",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut want: BTreeMap<String, String> = BTreeMap::new();
    for r in json["files"][0]["results"].as_array().unwrap() {
        let id = r["check"].as_str().unwrap().to_string();
        let st = r["status"].as_str().unwrap().to_string();
        let e = want.entry(id).or_insert_with(|| st.clone());
        if st == "fail" {
            *e = st;
        }
    }
    let shown = entries(&dom);
    assert_eq!(shown, want);
    let applicable = want.values().filter(|s| *s != "not-applicable").count();
    assert_eq!(dom.matches("<article class=\"req ").count(), applicable);

    // 2. a policy with a script in it: shown as text, never run or turned into elements
    let hostile = dir.path().join("hostile.md");
    std::fs::write(
        &hostile,
        "# Online safety <script>document.title='pwned'</script>\n\nOur e-safety lead checks <b>bold</b> <img src=x onerror=\"document.title='pwned'\"> weekly.\n",
    )
    .unwrap();
    let html = html_report(dir.path(), &hostile);
    let dom = chromium(
        &browser,
        &dir.path().join("p2"),
        &["--dump-dom".into()],
        &file_url(&html),
    );
    assert!(
        dom.contains("Online safety &lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "{dom}"
    );
    assert!(dom.contains("&lt;b&gt;bold&lt;/b&gt;"), "{dom}");
    let lower = dom.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{dom}");
    assert!(!lower.contains("<img"), "{dom}");
    assert!(!lower.contains("<b>bold"), "{dom}");
    assert!(!dom.contains("<title>pwned</title>"));
}
