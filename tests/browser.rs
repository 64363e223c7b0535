//! The audit dashboard in a real browser: headless Chromium opens it from file://, runs its
//! script, and we read the rendered DOM (a row per organisation, a cell per check, filters
//! from the URL that hide rows and columns, a header click that sorts, a row click that opens
//! the organisation's findings) and take a screenshot into the test output folder.
//!
//! CI installs Debian's chromium (see .ci/run) and sets POLICYLINT_REQUIRE_BROWSER=1, so
//! there the test cannot skip. Elsewhere, where no Chromium is found, the test prints why and
//! passes, so a machine without a browser can still run the suite. Set
//! POLICYLINT_CHROMIUM to a browser binary to choose one, and POLICYLINT_TEST_OUTPUT to put
//! the screenshot somewhere other than target/test-output/.

mod common;

use std::path::{Path, PathBuf};

use common::browser::{browser, chromium, file_url};

const TODAY: &str = "2026-11-29";

fn output_dir() -> PathBuf {
    let dir = match std::env::var_os("POLICYLINT_TEST_OUTPUT") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("the target folder")
            .join("test-output"),
    };
    let dir = dir.join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The organisation rows of the dumped DOM: (opening tag, whole row).
fn org_rows(dom: &str) -> Vec<(&str, &str)> {
    let mut rows = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find("<tr class=\"org") {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap() + 1;
        let row_end = rest.find("</tr>").unwrap() + 5;
        rows.push((&rest[..tag_end], &rest[..row_end]));
        rest = &rest[row_end..];
    }
    rows
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

fn is_hidden(tag: &str) -> bool {
    tag.contains(" hidden=\"\"") || tag.contains(" hidden>") || tag.contains(" hidden ")
}

#[test]
fn the_dashboard_renders_filters_and_screenshots_in_chromium() {
    let Some(browser) = browser() else { return };
    let out_dir = output_dir();
    let html = out_dir.join("audit.html");
    let csv = out_dir.join("audit.csv");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/audit");
    let out = assert_cmd::Command::cargo_bin("policylint")
        .unwrap()
        .args(["audit", "--today", TODAY, "--no-progress"])
        .arg(&fixtures)
        .arg("--html")
        .arg(&html)
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // what the page should show, from the CSV
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let checks = header.iter().position(|h| h == "fail").unwrap() - 4;
    let kinds: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    let agencies = kinds.iter().filter(|k| *k == "agency").count();
    assert!(agencies > 0 && agencies < kinds.len());

    let profile = tempfile::tempdir().unwrap();
    let url = file_url(&html);

    // 1. no filter: a row per organisation, each with a cell per check, none hidden
    let dom = chromium(
        &browser,
        &profile.path().join("p1"),
        &["--dump-dom".into()],
        &url,
    );
    let rows = org_rows(&dom);
    assert_eq!(rows.len(), kinds.len(), "a row per organisation");
    for (tag, row) in &rows {
        assert!(!is_hidden(tag), "{tag}");
        assert_eq!(
            row.matches("<td class=\"c ").count(),
            checks,
            "a cell per check: {tag}"
        );
    }
    assert!(dom.contains(&format!(
        "Showing {} of {} organisations",
        kinds.len(),
        kinds.len()
    )));
    // the script left policy markup as text
    assert!(!dom.contains("<script>alert(1)</script>"));
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    // 2. ?kind=agency goes through the same filter as the select box and hides the rest
    let dom = chromium(
        &browser,
        &profile.path().join("p2"),
        &["--dump-dom".into()],
        &format!("{url}?kind=agency"),
    );
    let rows = org_rows(&dom);
    assert_eq!(rows.len(), kinds.len());
    let mut shown = 0;
    for (tag, _) in &rows {
        let kind = attr(tag, "data-kind").unwrap();
        assert_eq!(is_hidden(tag), kind != "agency", "{tag}");
        if !is_hidden(tag) {
            shown += 1;
        }
    }
    assert_eq!(shown, agencies);
    assert!(
        dom.contains(&format!(
            "Showing {agencies} of {} organisations",
            kinds.len()
        )),
        "the count of shown rows is updated by the script"
    );

    // 3. ?area=roles hides the columns of every other area
    let dom = chromium(
        &browser,
        &profile.path().join("p3"),
        &["--dump-dom".into()],
        &format!("{url}?area=roles"),
    );
    let head_start = dom.find("<tr class=\"heads\"").unwrap();
    let head = &dom[head_start..head_start + dom[head_start..].find("</tr>").unwrap()];
    let mut visible_checks = 0;
    let mut rest = head;
    while let Some(i) = rest.find("<th ") {
        rest = &rest[i..];
        let tag = &rest[..rest.find('>').unwrap()];
        if let Some(area) = attr(tag, "data-area") {
            assert_eq!(is_hidden(tag), area != "roles", "{tag}");
            if area == "roles" {
                visible_checks += 1;
            }
        }
        rest = &rest[1..];
    }
    assert!(visible_checks > 0 && visible_checks < checks);
    let (_, first_row) = org_rows(&dom)[0];
    let visible_cells = first_row
        .split("<td class=\"c ")
        .skip(1)
        .filter(|c| !c[..c.find('>').unwrap()].contains("hidden"))
        .count();
    assert_eq!(visible_cells, visible_checks);

    // 4. clicks, driven by a script added to a copy of the page: sort by "Not met", then
    //    open the drill-down of the first organisation in the new order
    let clicks = out_dir.join("audit-clicks.html");
    let page = std::fs::read_to_string(&html).unwrap();
    let driver = "<script>\
        var b=document.querySelectorAll('#matrix thead tr.heads th')[2].querySelector('button');\
        b.click();\
        document.querySelector('#matrix tbody tr').click();\
        </script></body>";
    std::fs::write(&clicks, page.replacen("</body>", driver, 1)).unwrap();
    let dom = chromium(
        &browser,
        &profile.path().join("p4"),
        &["--dump-dom".into()],
        &file_url(&clicks),
    );
    let rows = org_rows(&dom);
    let not_met: Vec<u32> = rows
        .iter()
        .map(|(_, row)| {
            let i = row.find("<td class=\"n\" data-v=\"").unwrap() + 22;
            row[i..i + row[i..].find('"').unwrap()].parse().unwrap()
        })
        .collect();
    let mut sorted = not_met.clone();
    sorted.sort();
    assert_eq!(not_met, sorted, "rows sorted by the Not met column");
    let first = rows[0].0;
    assert!(first.contains("aria-expanded=\"true\""), "{first}");
    let target = attr(first, "data-target").unwrap();
    let mut shown = Vec::new();
    let mut rest = dom.as_str();
    while let Some(i) = rest.find("<article class=\"drill\"") {
        rest = &rest[i..];
        let tag = &rest[..rest.find('>').unwrap()];
        if !is_hidden(tag) {
            shown.push(attr(tag, "id").unwrap().to_string());
        }
        rest = &rest[1..];
    }
    assert_eq!(
        shown,
        [target],
        "only the clicked organisation's findings are shown"
    );

    // 5. a screenshot for people to look at
    let png = out_dir.join("audit.png");
    let _ = std::fs::remove_file(&png);
    chromium(
        &browser,
        &profile.path().join("p5"),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1400,1000".into(),
        ],
        &url,
    );
    let bytes = std::fs::read(&png).expect("the screenshot was written");
    assert!(
        bytes.len() > 10_000,
        "the screenshot is {} bytes",
        bytes.len()
    );
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    println!("screenshot: {}", png.display());
}
