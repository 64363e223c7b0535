//! Editions and the local strategy's stale references: the same policy checked against
//! KCSIE 2020 and 2025 differs as the changelog predicts, and every stale reference of the
//! partnership strategy (written again in our own words) is reported with its replacement.

mod common;

use common::{FIXTURE_TODAY, check_text, options, root};
use jiff::civil::Date;
use policylint::OrgKind;
use policylint::result::Status;

const THREE_CS: &str = "# Online safety policy

## Online risks

We group online risks into three areas: content (being exposed to illegal, inappropriate or harmful material), contact (being subjected to harmful online interaction with other users) and conduct (personal online behaviour that increases the likelihood of, or causes, harm).

## Mobile technology

Pupils' phones can reach the internet over 3G and 4G, outside our filtering, so phones are handed in at the office each morning.
";

fn status(text: &str, pack: &str, today: Date, check: &str) -> Option<Status> {
    let r = check_text(
        "p.md",
        text,
        &options(today, Some(OrgKind::School), Some(vec![pack.to_string()])),
    );
    r.status_of(check)
}

#[test]
fn a_three_cs_policy_passes_2020_and_fails_the_four_cs_in_2025() {
    let in_2020 = Date::constant(2021, 3, 1);
    assert_eq!(
        status(THREE_CS, "kcsie-2020", in_2020, "RISK-3C"),
        Some(Status::Pass)
    );
    assert_eq!(
        status(THREE_CS, "kcsie-2020", in_2020, "RISK-4C"),
        None,
        "2020 has no fourth C"
    );
    assert_eq!(
        status(THREE_CS, "kcsie-2025", FIXTURE_TODAY, "RISK-4C"),
        Some(Status::Fail)
    );
    assert_eq!(
        status(THREE_CS, "kcsie-2025", FIXTURE_TODAY, "RISK-3C"),
        None,
        "2021 retired the 3Cs check"
    );
    // "mobile technology" was the 2020 wording; from 2022 the policy must cover smart technology
    assert_eq!(
        status(THREE_CS, "kcsie-2020", in_2020, "MOB-POLICY"),
        Some(Status::Pass)
    );
    assert_eq!(
        status(THREE_CS, "kcsie-2025", FIXTURE_TODAY, "MOB-POLICY"),
        Some(Status::Fail)
    );
    // and the stale-terms pack names the old framing
    assert_eq!(
        status(THREE_CS, "stale-terms", FIXTURE_TODAY, "STALE-3C"),
        Some(Status::Fail)
    );
}

#[test]
fn editions_add_requirements_in_the_order_the_changelog_gives() {
    let reg = &common::engine().registry;
    let has = |pack: &str, id: &str| reg.get(pack).unwrap().checks.iter().any(|c| c.id == id);
    for (id, first) in [
        ("RISK-4C", "kcsie-2021"),
        ("TRAIN-GOV", "kcsie-2022"),
        ("FM-REVIEW", "kcsie-2023"),
        ("MOB-PHONE-FREE", "kcsie-2024"),
        ("RISK-MISINFO", "kcsie-2025"),
        ("AI-GENAI", "kcsie-2025"),
    ] {
        let editions = [
            "kcsie-2020",
            "kcsie-2021",
            "kcsie-2022",
            "kcsie-2023",
            "kcsie-2024",
            "kcsie-2025",
        ];
        let at = editions.iter().position(|e| *e == first).unwrap();
        for (i, e) in editions.iter().enumerate() {
            assert_eq!(has(e, id), i >= at, "{id} in {e}");
        }
    }
    assert!(has("kcsie-2020", "RISK-3C") && !has("kcsie-2021", "RISK-3C"));
}

#[test]
fn the_default_edition_is_the_one_in_force() {
    let reg = &common::engine().registry;
    assert_eq!(
        reg.edition_in_force(Date::constant(2023, 8, 31)),
        Some(2022)
    );
    assert_eq!(reg.edition_in_force(Date::constant(2023, 9, 1)), Some(2023));
    assert_eq!(
        reg.edition_in_force(FIXTURE_TODAY),
        Some(2025),
        "the 2026 draft is never chosen"
    );
}

#[test]
fn the_local_strategys_stale_references_are_each_reported_with_a_replacement() {
    let text =
        std::fs::read_to_string(root().join("fixtures/examples/stale-local-strategy.md")).unwrap();
    let r = check_text(
        "stale-local-strategy.md",
        &text,
        &options(
            FIXTURE_TODAY,
            Some(OrgKind::School),
            Some(vec!["stale-terms".into()]),
        ),
    );
    for id in [
        "STALE-DPA1998",
        "STALE-UKCCIS",
        "STALE-SEXTING",
        "STALE-3C",
        "STALE-TELECOMS-1984",
        "STALE-RIPA",
        "STALE-SEXTING-GUIDE",
        "STALE-CEOP-NAME",
        "STALE-LUCY-FAITHFUL",
        "STALE-PARENTZONE",
        "STALE-LSCB",
        "STALE-ESAFETY",
    ] {
        let fails: Vec<_> = r
            .results
            .iter()
            .filter(|x| &*x.check == id && x.status == Status::Fail)
            .collect();
        assert!(!fails.is_empty(), "{id} not reported");
        // the finding says what to use instead, or carries the replacement as a fix
        assert!(
            fails
                .iter()
                .all(|f| f.message.contains("use ") || f.fix.is_some()),
            "{id}: {}",
            fails[0].message
        );
    }
}
