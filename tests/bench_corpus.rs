//! The benchmark's corpus generator (examples/gen_corpus.rs): the same seed gives the same
//! bytes, sizes and the mix of shapes are as documented, and the gaps it says it put in a
//! policy are the ones policylint finds there (so the benchmark checks realistic work).

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

mod common;

use common::{check_text, options};
use gen_corpus::{Config, Kind, policy};
use policylint::result::Status;

#[test]
fn the_same_seed_gives_the_same_corpus_and_another_seed_a_different_one() {
    let cfg = Config::new(12, 1);
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let a = gen_corpus::generate(&cfg, dir_a.path()).unwrap();
    let b = gen_corpus::generate(&cfg, dir_b.path()).unwrap();
    assert_eq!(a.len(), 12);
    for (ga, gb) in a.iter().zip(&b) {
        assert_eq!(ga.path, gb.path);
        let bytes_a = std::fs::read(dir_a.path().join(&ga.path)).unwrap();
        let bytes_b = std::fs::read(dir_b.path().join(&gb.path)).unwrap();
        assert!(bytes_a == bytes_b, "{} differs between two runs", ga.path);
    }
    assert_eq!(
        std::fs::read(dir_a.path().join("MANIFEST.tsv")).unwrap(),
        std::fs::read(dir_b.path().join("MANIFEST.tsv")).unwrap()
    );
    // a policy depends only on the seed and its number: a bigger corpus starts the same
    let bigger = Config::new(500, 1);
    assert_eq!(policy(&cfg, 7).1, policy(&bigger, 7).1);
    let other = Config::new(12, 2);
    assert_ne!(policy(&cfg, 7).1, policy(&other, 7).1);
}

#[test]
fn the_generator_refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.md"), "mine").unwrap();
    assert!(gen_corpus::generate(&Config::new(2, 1), dir.path()).is_err());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.md")).unwrap(),
        "mine"
    );
}

#[test]
fn sizes_and_the_mix_of_shapes_are_as_documented() {
    let cfg = Config::new(400, 3);
    let all: Vec<_> = (0..cfg.count).map(|i| policy(&cfg, i)).collect();
    for (g, bytes) in &all {
        assert_eq!(g.bytes, bytes.len(), "{}", g.path);
        // CRLF adds a byte per line on top of the 20–80 KB of text
        let limit = if g.crlf {
            cfg.max_bytes * 11 / 10
        } else {
            cfg.max_bytes
        };
        assert!(
            (cfg.min_bytes..=limit).contains(&bytes.len()),
            "{} is {} bytes",
            g.path,
            bytes.len()
        );
        assert!(std::str::from_utf8(bytes).is_ok(), "{} is UTF-8", g.path);
        assert_eq!(bytes.windows(2).any(|w| w == b"\r\n"), g.crlf, "{}", g.path);
        assert_eq!(bytes.starts_with(b"+++"), g.front_matter, "{}", g.path);
    }
    let share = |f: &dyn Fn(&gen_corpus::Generated) -> bool| {
        all.iter().filter(|(g, _)| f(g)).count() as f64 / all.len() as f64
    };
    let between = |what: &str, x: f64, lo: f64, hi: f64| {
        assert!(
            (lo..=hi).contains(&x),
            "{what}: {x:.2} is not within {lo}–{hi}"
        );
    };
    between("schools", share(&|g| g.kind == Kind::School), 0.5, 0.9);
    for kind in [Kind::College, Kind::EarlyYears, Kind::Agency] {
        assert!(share(&|g| g.kind == kind) > 0.0, "{kind:?} appears");
    }
    between("front matter", share(&|g| g.front_matter), 0.5, 0.7);
    between("CRLF", share(&|g| g.crlf), 0.08, 0.22);
    between("stale terms", share(&|g| !g.stale.is_empty()), 0.12, 0.28);
    between(
        "a section missing",
        share(&|g| !g.missing.is_empty()),
        0.05,
        0.5,
    );
    between(
        "blank key-people cells",
        share(&|g| g.blank_cells > 0),
        0.02,
        0.6,
    );
    between("overdue", share(&|g| g.review_overdue), 0.08, 0.22);
    let mean = all.iter().map(|(g, _)| g.bytes).sum::<usize>() / all.len();
    between("mean KB", mean as f64 / 1024.0, 40.0, 60.0);
}

/// The check that reports each kind of stale wording the generator writes.
const STALE_CHECKS: &[(&str, &str)] = &[
    ("esafety", "STALE-ESAFETY"),
    ("sexting", "STALE-SEXTING"),
    ("ukccis", "STALE-UKCCIS"),
    ("lscb", "STALE-LSCB"),
    ("peer", "STALE-PEER"),
    ("dpa1998", "STALE-DPA1998"),
    ("3c", "STALE-3C"),
    ("thinkuknow", "STALE-THINKUKNOW"),
    ("vulnerable", "STALE-VULNERABLE-RADICAL"),
    ("ecm", "STALE-ECM"),
];

#[test]
fn policylint_finds_the_stale_terms_the_generator_put_in_and_no_others() {
    let cfg = Config::new(40, 5);
    let today = common::FIXTURE_TODAY;
    let mut with = 0;
    for i in 0..cfg.count {
        let (g, bytes) = policy(&cfg, i);
        let text = String::from_utf8(bytes).unwrap();
        let report = check_text(&g.path, &text, &options(today, None, None));
        assert!(report.errors.is_empty(), "{}: {:?}", g.path, report.errors);
        let mut found: Vec<&str> = report
            .results
            .iter()
            .filter(|r| r.status == Status::Fail)
            .filter_map(|r| STALE_CHECKS.iter().find(|(_, id)| *id == &*r.check))
            .map(|(_, id)| *id)
            .collect();
        found.sort_unstable();
        found.dedup();
        let mut put_in: Vec<&str> = g
            .stale
            .iter()
            .map(|k| {
                STALE_CHECKS
                    .iter()
                    .find(|(key, _)| key == k)
                    .unwrap_or_else(|| panic!("no check listed for the generator's {k}"))
                    .1
            })
            .collect();
        put_in.sort_unstable();
        assert_eq!(found, put_in, "{}", g.path);
        with += usize::from(!g.stale.is_empty());
    }
    assert!(with > 0, "the sample has policies with stale terms");
}
