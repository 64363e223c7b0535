//! Dogfood: every model policy passes every default check for its kind (and its partnership's
//! pack), and `init` output passes too once names are filled in, while `init` without names
//! leaves placeholders that the checks report.

mod common;

use std::collections::BTreeMap;

use common::{FIXTURE_TODAY, check_text, options};
use policylint::result::Status;
use policylint::{OrgKind, init};

fn failures(text: &str, kind: OrgKind) -> Vec<String> {
    let report = check_text(
        &format!("templates/{kind}.md"),
        text,
        &options(FIXTURE_TODAY, None, None),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(
        report.packs.iter().any(|p| p == "krscp-2020"),
        "partnership pack chosen: {:?}",
        report.packs
    );
    let mut out: Vec<String> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| {
            let line = report
                .source
                .as_ref()
                .unwrap()
                .line_col(r.span.clone().unwrap_or(0..0).start)
                .line;
            format!("{} (line {line}): {}", r.check, r.message)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_template_passes_its_default_checks() {
    let mut all = Vec::new();
    for (kind, text) in init::TEMPLATES {
        for f in failures(text, *kind) {
            all.push(format!("templates/{kind}.md: {f}"));
        }
    }
    assert!(all.is_empty(), "template failures:\n{}", all.join("\n"));
}

#[test]
fn templates_are_checked_as_their_own_kind() {
    for (kind, text) in init::TEMPLATES {
        let report = check_text("t.md", text, &options(FIXTURE_TODAY, None, None));
        assert_eq!(report.kind, Some(*kind));
        let applicable = report
            .results
            .iter()
            .filter(|r| r.status == Status::Pass)
            .count();
        assert!(applicable > 20, "{kind}: only {applicable} checks passed");
    }
}

fn filled() -> BTreeMap<String, String> {
    [
        ("name", "St Aldhelm's CE Primary School"),
        ("dsl", "Grace Mensah"),
        ("deputy-dsl", "Owen Pryce"),
        ("prevent-lead", "Leila Haddad"),
        ("online-safety-lead", "Ben Carter"),
        ("governor", "Anita Desai"),
        ("filtering-lead", "Simon Hale"),
        ("dpo", "Joanna Reeve"),
        ("headteacher", "Martin Lowe"),
        ("it-provider", "Riverside Computing Ltd"),
        ("reviewed-on", "2026-10-01"),
        ("approved-on", "2026-10-12"),
        ("next-review", "2027-10-01"),
        ("filtering-review", "2026-06-30"),
        ("staff-training", "2026-09-03"),
        ("dsl-training", "2025-06-18"),
        ("governor-training", "2026-01-20"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[test]
fn init_with_every_value_passes() {
    for (kind, _) in init::TEMPLATES {
        let text = init::render(*kind, &filled()).unwrap();
        assert!(
            !text.contains("Ruth Adebayo"),
            "{kind}: an example name was left in"
        );
        assert!(text.contains("Grace Mensah"));
        let f = failures(&text, *kind);
        assert!(
            f.is_empty(),
            "init --kind {kind} with values:\n{}",
            f.join("\n")
        );
    }
}

#[test]
fn init_without_values_leaves_reported_placeholders() {
    for (kind, _) in init::TEMPLATES {
        let text = init::render(*kind, &BTreeMap::new()).unwrap();
        assert!(text.contains("[Insert name of the designated safeguarding lead]"));
        let f = failures(&text, *kind);
        assert!(
            f.iter()
                .any(|x| x.contains("ROLE-DSL") || x.contains("ROLE-NAMED-PERSON")),
            "{kind}: {f:?}"
        );
        assert!(
            f.iter().any(|x| x.contains("POL-TEMPLATE-RESIDUE")),
            "{kind}: {f:?}"
        );
    }
}
