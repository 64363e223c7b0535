//! The edge-case fixtures pin our span arithmetic: BOM, CRLF, a lone CR, no front matter,
//! `+++` not at the start, multi-byte text before a finding, an empty file, front matter
//! only, digit-only TOML keys. Each finding must land on the exact text it is about.

mod common;

use common::{FIXTURE_TODAY, engine, options, root};
use policylint::load;
use policylint::result::{FileReport, Status};

fn check(name: &str) -> (FileReport, Vec<u8>) {
    let path = root().join("fixtures/edge").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let source = load::decode(&path, bytes.clone(), u64::MAX).expect("decodes");
    let opts = options(
        FIXTURE_TODAY,
        Some(policylint::OrgKind::School),
        Some(vec!["core".into(), "stale-terms".into()]),
    );
    (engine().check_source(source, &opts), bytes)
}

/// (line, column, text under the span) of the first failing result of `check`.
fn finding(report: &FileReport, check: &str) -> (usize, usize, String) {
    let r = report
        .results
        .iter()
        .find(|r| &*r.check == check && r.status == Status::Fail)
        .unwrap_or_else(|| {
            panic!(
                "{check} did not fail in {}: {:?}",
                report.path,
                report
                    .results
                    .iter()
                    .map(|r| (&r.check, r.status))
                    .collect::<Vec<_>>()
            )
        });
    let source = report.source.as_ref().unwrap();
    let span = r.span.clone().unwrap();
    let lc = source.line_col(span.start);
    (lc.line, lc.column, source.text[span].to_string())
}

#[test]
fn byte_order_mark() {
    let (r, bytes) = check("bom.md");
    assert_eq!(finding(&r, "STALE-UKCCIS"), (6, 11, "UKCCIS".into()));
    // JSON offsets are file offsets: the three BOM bytes count
    let source = r.source.as_ref().unwrap();
    let res = r
        .results
        .iter()
        .find(|x| &*x.check == "STALE-UKCCIS")
        .unwrap();
    let v = policylint::report::json::span_value(source, res.span.as_ref().unwrap());
    let start = v["start"].as_u64().unwrap() as usize;
    assert_eq!(&bytes[start..start + 6], b"UKCCIS");
}

#[test]
fn crlf_line_endings() {
    let (r, _) = check("crlf.md");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(finding(&r, "STALE-UKCCIS"), (8, 11, "UKCCIS".into()));
    assert_eq!(r.status_of("FRONT-MATTER"), Some(Status::Pass));
}

#[test]
fn lone_carriage_returns() {
    let (r, _) = check("lone-cr.md");
    assert_eq!(finding(&r, "STALE-UKCCIS"), (5, 11, "UKCCIS".into()));
}

#[test]
fn no_front_matter() {
    let (r, _) = check("no-front-matter.md");
    assert_eq!(finding(&r, "STALE-UKCCIS"), (5, 11, "UKCCIS".into()));
    assert_eq!(r.status_of("FRONT-MATTER"), Some(Status::Pass));
}

#[test]
fn front_matter_after_blank_lines_is_still_front_matter() {
    let (r, _) = check("front-matter-after-blank-lines.md");
    assert!(r.errors.is_empty());
    assert_eq!(finding(&r, "STALE-UKCCIS"), (8, 11, "UKCCIS".into()));
    let doc_has_fm = r
        .results
        .iter()
        .any(|x| &*x.check == "FRONT-MATTER" && x.message.contains("well formed"));
    assert!(doc_has_fm);
}

#[test]
fn plus_lines_after_text_are_not_front_matter() {
    let (r, _) = check("plus-not-at-start.md");
    assert!(r.errors.is_empty());
    assert_eq!(finding(&r, "STALE-UKCCIS"), (7, 11, "UKCCIS".into()));
    assert!(
        r.results
            .iter()
            .any(|x| &*x.check == "FRONT-MATTER" && x.message.contains("no front matter"))
    );
}

#[test]
fn multibyte_text_before_a_finding() {
    let (r, _) = check("multibyte.md");
    // "Le café ’s " is 11 characters before UKCCIS
    assert_eq!(finding(&r, "STALE-UKCCIS"), (3, 12, "UKCCIS".into()));
}

#[test]
fn empty_file() {
    let (r, _) = check("empty.md");
    assert!(r.errors.is_empty());
    // nothing to find stale, so absence checks do not apply
    assert_eq!(r.status_of("STALE-UKCCIS"), Some(Status::NotApplicable));
}

#[test]
fn front_matter_only() {
    let (r, _) = check("front-matter-only.md");
    assert!(r.errors.is_empty());
    assert_eq!(r.status_of("FRONT-MATTER"), Some(Status::Pass));
    assert_eq!(r.status_of("STALE-UKCCIS"), Some(Status::NotApplicable));
}

#[test]
fn digit_only_keys() {
    let (r, _) = check("digit-keys.md");
    let (line, col, text) = finding(&r, "FRONT-MATTER-KEY");
    assert_eq!((line, col, text.as_str()), (2, 2, "history"));
    assert_eq!(finding(&r, "STALE-UKCCIS").0, 8);
}

#[test]
fn no_blank_line_after_front_matter() {
    let (r, _) = check("no-blank-after-front-matter.md");
    assert_eq!(finding(&r, "STALE-UKCCIS"), (4, 11, "UKCCIS".into()));
}

#[test]
fn every_span_is_inside_its_file_and_on_character_boundaries() {
    for entry in std::fs::read_dir(root().join("fixtures/edge")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        let (r, _) = check(&name);
        let Some(source) = &r.source else { continue };
        for res in &r.results {
            let spans = res
                .span
                .iter()
                .chain(res.evidence.iter().map(|e| &e.span))
                .chain(res.labels.iter().map(|l| &l.0));
            for s in spans {
                assert!(
                    s.start <= s.end && s.end <= source.text.len(),
                    "{name}: {s:?}"
                );
                assert!(
                    source.text.is_char_boundary(s.start) && source.text.is_char_boundary(s.end),
                    "{name}: {s:?}"
                );
            }
        }
    }
}
