//! Property tests over mutated fixtures: policylint never panics, every span lies inside the
//! file on character boundaries, and the output does not depend on the number of threads.

mod common;

use std::path::PathBuf;

use common::{FIXTURE_TODAY, engine, options, root};
use policylint::app::{Command, Settings, check_paths};
use policylint::report::{ReportSettings, Run, json};
use proptest::prelude::*;

fn all_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Tokens that stress the parsers: delimiters, line endings, markup, dates, placeholders.
const TOKENS: &[&str] = &[
    "+++",
    "+++\n",
    "\r",
    "\r\n",
    "\n",
    "|",
    "| DSL | |",
    "**",
    "# ",
    "## 4.2 ",
    "\u{feff}",
    "’",
    "“",
    "<!--",
    "-->",
    "`",
    "```\n",
    "\n\n",
    "DSL: ",
    "TBC",
    "2025-13-45",
    "31/02/2025",
    "Spring 2027",
    "KCSIE 2019",
    "é",
    "😀",
    "[Insert name]",
    "- ",
    "1. ",
    "> ",
    "<table><tr><td>",
    "=",
    "[roles]\n",
    "dsl = ",
    "\"",
    "\u{0}",
    "UKCCIS",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Mutation::Insert(at, t)),
        (any::<usize>(), 0usize..200).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(text: &str, muts: &[Mutation]) -> String {
    let mut s = text.to_string();
    let boundary = |s: &str, at: usize| {
        let mut i = if s.is_empty() { 0 } else { at % (s.len() + 1) };
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    for m in muts {
        match m {
            Mutation::Insert(at, t) => {
                let i = boundary(&s, *at);
                s.insert_str(i, TOKENS[*t]);
            }
            Mutation::Delete(at, n) => {
                let i = boundary(&s, *at);
                let j = boundary(&s, (i + n).min(s.len()));
                s.replace_range(i..j.max(i), "");
            }
            Mutation::DuplicateLine(at) => {
                let lines: Vec<&str> = s.split_inclusive('\n').collect();
                if !lines.is_empty() {
                    let k = at % lines.len();
                    let dup = lines[k].to_string();
                    let pos: usize = lines[..k].iter().map(|l| l.len()).sum();
                    s.insert_str(pos, &dup);
                }
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_spans_stay_in_bounds(pick in any::<usize>(), muts in prop::collection::vec(mutation(), 1..8)) {
        let files = all_fixtures();
        let file = &files[pick % files.len()];
        let text = apply(&std::fs::read_to_string(file).unwrap_or_default(), &muts);
        let source = match policylint::load::decode(file, text.into_bytes(), u64::MAX) {
            Ok(s) => s,
            Err(p) => {
                prop_assert!(!p.message.is_empty());
                return Ok(());
            }
        };
        let report = engine().check_source(source, &options(FIXTURE_TODAY, None, None));
        let Some(src) = &report.source else {
            prop_assert!(!report.errors.is_empty());
            return Ok(());
        };
        let len = src.text.len();
        for r in &report.results {
            let spans = r.span.iter().chain(r.evidence.iter().map(|e| &e.span)).chain(r.labels.iter().map(|l| &l.0));
            for s in spans {
                prop_assert!(s.start <= s.end && s.end <= len, "{}: {s:?} in {len}", r.check);
                prop_assert!(src.text.is_char_boundary(s.start) && src.text.is_char_boundary(s.end));
            }
            if let Some(fix) = &r.fix {
                for e in &fix.edits {
                    prop_assert!(e.span.end <= len && src.text.is_char_boundary(e.span.start) && src.text.is_char_boundary(e.span.end));
                }
            }
            // rendering never panics either
            let _ = policylint::report::json::result_value(Some(src), &report.path, r);
        }
    }
}

fn settings(jobs: usize) -> Settings {
    Settings {
        command: Command::Check {
            paths: vec![],
            stdin_filename: None,
            show_evidence: false,
            template: false,
            max_file_size: None,
            baseline: None,
            changed_since: None,
        },
        packs: vec![],
        kind: None,
        today: FIXTURE_TODAY,
        format: None,
        outputs: vec![],
        fail_on: None,
        config: None,
        jobs: Some(jobs),
        diff: false,
        fix: false,
        unsafe_fixes: false,
        quiet: false,
        process_ends: false,
        color: false,
        width: 80,
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let paths = vec![root().join("fixtures")];
    let render = |jobs: usize| {
        let checked = check_paths(
            &settings(jobs),
            &paths,
            None,
            None,
            &mut std::io::empty(),
            &(),
        )
        .unwrap();
        let rs = ReportSettings::default();
        let run = Run {
            reports: &checked.reports,
            today: FIXTURE_TODAY,
            settings: &rs,
        };
        serde_json::to_string(&json::to_value(&run)).unwrap()
    };
    let one = render(1);
    let two = render(2);
    assert!(
        one.len() > 100_000,
        "the fixtures produce a substantial report"
    );
    assert!(one == two, "JSON differs between --jobs 1 and --jobs 2");
}

/// The JSON is written a file at a time; the bytes are those of printing the whole tree,
/// with and without extra fields, for every fixture (unreadable ones included) and for none.
#[test]
fn json_written_a_file_at_a_time_is_the_whole_tree_printed() {
    let paths = vec![root().join("fixtures")];
    let checked =
        check_paths(&settings(1), &paths, None, None, &mut std::io::empty(), &()).unwrap();
    let rs = ReportSettings::default();
    for reports in [&checked.reports[..], &checked.reports[..1], &[]] {
        let run = Run {
            reports,
            today: FIXTURE_TODAY,
            settings: &rs,
        };
        let extra = serde_json::json!({ "rows": [1, { "a": "b\nc" }], "empty": {} });
        for extras in [vec![], vec![("audit", extra.clone())]] {
            let mut whole = json::to_value(&run);
            for (k, v) in &extras {
                whole
                    .as_object_mut()
                    .unwrap()
                    .insert(k.to_string(), v.clone());
            }
            let mut want = serde_json::to_vec_pretty(&whole).unwrap();
            want.push(b'\n');
            let mut got = Vec::new();
            json::render_with(&run, &extras, &mut got).unwrap();
            assert!(
                got == want,
                "{} files: streamed JSON differs",
                reports.len()
            );
        }
    }
}
