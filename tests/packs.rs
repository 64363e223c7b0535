//! Meta-tests over the rule packs: every check has a failing and a passing fixture and
//! gives the expected status on each; no requirement passes on an empty document; every
//! requirement of the catalogue is a check; pack data is complete and cited; no phrase
//! counts for two groups of a rule unless that was reviewed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{FIXTURE_TODAY, check_text, engine, options, root};
use jiff::civil::Date;
use policylint::OrgKind;
use policylint::result::Status;

/// Folders under fixtures/ that hold other test inputs, not per-check fixtures.
const OTHER_FIXTURE_DIRS: &[&str] = &[
    "edge",
    "bad",
    "audit-bad",
    "real-world",
    "audit",
    "examples",
    "compare",
    "docx",
    "config",
];

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureOptions {
    packs: Option<Vec<String>>,
    today: Option<String>,
    kind: Option<String>,
}

fn all_check_ids() -> BTreeMap<String, Vec<String>> {
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &engine().registry.packs {
        for c in &p.checks {
            ids.entry(c.id.clone()).or_default().push(p.meta.id.clone());
        }
    }
    ids
}

/// The pack a fixture is checked against by default: the newest non-draft pack holding the
/// check (a draft only if nothing else holds it), plus the always-on packs.
fn home_packs(check: &str) -> Vec<String> {
    let reg = &engine().registry;
    let holders: Vec<_> = reg
        .packs
        .iter()
        .filter(|p| p.checks.iter().any(|c| c.id == check) && !p.meta.base)
        .collect();
    let pick = holders
        .iter()
        .filter(|p| !p.meta.draft)
        .max_by_key(|p| p.in_force_from())
        .or_else(|| holders.first())
        .expect("a pack holds the check");
    let mut packs: Vec<String> = reg
        .packs
        .iter()
        .filter(|p| p.meta.always)
        .map(|p| p.meta.id.clone())
        .collect();
    if !packs.contains(&pick.meta.id) {
        packs.push(pick.meta.id.clone());
    }
    packs
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_check_has_a_failing_and_a_passing_fixture() {
    let mut missing = Vec::new();
    for id in all_check_ids().keys() {
        let files = fixture_files(&root().join("fixtures").join(id));
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().to_string();
        if !files.iter().any(|f| name(f).starts_with("fail")) {
            missing.push(format!("{id}: no fixtures/{id}/fail-*.md"));
        }
        if !files.iter().any(|f| name(f).starts_with("pass")) {
            missing.push(format!("{id}: no fixtures/{id}/pass-*.md"));
        }
    }
    assert!(
        missing.is_empty(),
        "checks without fixtures:\n{}",
        missing.join("\n")
    );
}

#[test]
fn fixture_folders_belong_to_checks() {
    let ids = all_check_ids();
    let mut orphans = Vec::new();
    for e in std::fs::read_dir(root().join("fixtures")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if e.path().is_dir()
            && !OTHER_FIXTURE_DIRS.contains(&name.as_str())
            && !ids.contains_key(&name)
        {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "fixture folders for no check: {orphans:?}"
    );
}

/// One fixture, with what it must give and the options it is checked with.
struct FixtureCase {
    id: String,
    rel: String,
    want: Status,
    text: String,
    opts: policylint::engine::CheckOptions,
}

/// Every pass-*.md and fail-*.md fixture of every check.
fn fixture_cases() -> Vec<FixtureCase> {
    let mut cases = Vec::new();
    for id in all_check_ids().keys() {
        let dir = root().join("fixtures").join(id);
        let fo: FixtureOptions = std::fs::read_to_string(dir.join("fixture.toml"))
            .map(|t| toml::from_str(&t).unwrap_or_else(|e| panic!("{id}/fixture.toml: {e}")))
            .unwrap_or_default();
        let today: Date = fo
            .today
            .as_deref()
            .map(|t| t.parse().unwrap())
            .unwrap_or(FIXTURE_TODAY);
        let packs = fo.packs.clone().unwrap_or_else(|| home_packs(id));
        for file in fixture_files(&dir) {
            // a fixture's own options (e.g. an older edition's wording) override the folder's
            let own: Option<FixtureOptions> = std::fs::read_to_string(file.with_extension("toml"))
                .ok()
                .map(|t| toml::from_str(&t).unwrap_or_else(|e| panic!("{}: {e}", file.display())));
            let fo = own.as_ref().unwrap_or(&fo);
            let today: Date = fo
                .today
                .as_deref()
                .map(|t| t.parse().unwrap())
                .unwrap_or(today);
            let packs = fo.packs.clone().unwrap_or_else(|| packs.clone());
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            let want = if name.starts_with("pass") {
                Status::Pass
            } else if name.starts_with("fail") {
                Status::Fail
            } else {
                continue;
            };
            let text = std::fs::read_to_string(&file).unwrap();
            // the fixture's own kind, else its front matter's, else the check's first kind
            let first_kind = engine()
                .registry
                .packs
                .iter()
                .flat_map(|p| p.checks.iter())
                .find(|c| &c.id == id)
                .map(|c| c.applies_to[0]);
            let kind = match fo.kind.as_deref() {
                Some(k) => Some(k.parse::<OrgKind>().unwrap()),
                None if text.contains("kind = ") => None,
                None => first_kind,
            };
            cases.push(FixtureCase {
                id: id.clone(),
                rel: format!("fixtures/{id}/{name}"),
                want,
                text,
                opts: options(today, kind, Some(packs)),
            });
        }
    }
    cases
}

#[test]
fn every_fixture_gives_its_expected_status() {
    let mut wrong = Vec::new();
    let cases = fixture_cases();
    for FixtureCase {
        id,
        rel,
        want,
        text,
        opts,
    } in &cases
    {
        let report = check_text(rel, text, opts);
        assert!(report.errors.is_empty(), "{rel}: {:?}", report.errors);
        let got = report.status_of(id);
        if got != Some(*want) {
            let msgs: Vec<String> = report
                .results
                .iter()
                .filter(|r| &*r.check == id.as_str())
                .map(|r| format!("{:?}: {}", r.status, r.message))
                .collect();
            wrong.push(format!("{rel}: expected {want:?}, got {got:?} {msgs:?}"));
        }
        // a failing result must say where
        for r in report
            .results
            .iter()
            .filter(|r| &*r.check == id.as_str() && r.status == Status::Fail)
        {
            if r.span.is_none() {
                wrong.push(format!("{rel}: failure without a location: {}", r.message));
            }
        }
    }
    assert!(!cases.is_empty());
    assert!(
        wrong.is_empty(),
        "{} fixtures gave the wrong status:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A policy's prose rewritten line by line (headings, blank lines and table rules kept):
/// each line put in an HTML comment, struck through, made a checklist item not ticked,
/// asked, left to be confirmed, answered "not started" (a table given a column
/// answering "No"), or left as a template's suggested wording.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unsaid {
    Commented,
    Struck,
    Unticked,
    Asked,
    Unconfirmed,
    AnsweredNo,
    SampleWording,
}

fn unsay(text: &str, how: Unsaid) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let keep = line.trim().is_empty()
            || line.starts_with('#')
            || line.trim_start().starts_with("|-")
            || line.trim_start().starts_with("| -")
            || line.trim_start().starts_with("|:");
        let body = line.trim_start();
        let marker_len = body
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '*' | '.' | ')')))
            .filter(|&n| n > 0 && body[n..].starts_with(' '))
            .unwrap_or(0);
        let (marker, rest) = body.split_at(marker_len);
        let rest = rest.trim_start();
        let said = match how {
            // a self-review table with a column answering each row no
            Unsaid::AnsweredNo if body.starts_with('|') => {
                let rule = body.trim_start_matches(['|', ' ', ':']).starts_with('-');
                format!("{} {} |", line.trim_end(), if rule { "---" } else { "No" })
            }
            _ if keep => line.to_string(),
            Unsaid::Commented => format!("<!-- {line} -->"),
            Unsaid::Struck if body.starts_with('|') => {
                let cells: Vec<String> = body
                    .trim_matches('|')
                    .split('|')
                    .map(|c| match c.trim() {
                        "" => " ".to_string(),
                        c => format!(" ~~{c}~~ "),
                    })
                    .collect();
                format!("|{}|", cells.join("|"))
            }
            Unsaid::Struck => format!("{marker} ~~{rest}~~"),
            // every sentence answered as a checklist would: "Staff are trained at
            // induction: not started."
            Unsaid::AnsweredNo => {
                line.replace(". ", ": not started. ")
                    .replace("; ", ": not started; ")
                    .trim_end_matches('.')
                    .to_string()
                    + ": not started."
            }
            Unsaid::Unticked | Unsaid::Asked | Unsaid::Unconfirmed | Unsaid::SampleWording
                if body.starts_with('|') =>
            {
                line.to_string()
            }
            // every sentence left to be confirmed: "Staff are trained at induction (TBC)."
            Unsaid::Unconfirmed => {
                line.replace(". ", " (TBC). ")
                    .replace(": ", " (TBC): ")
                    .replace("; ", " (TBC); ")
                    .replace(", ", " (TBC), ")
                    .trim_end_matches('.')
                    .to_string()
                    + " (TBC)."
            }
            // every line left as a template's sample wording: "Suggested wording: Staff are
            // trained at induction."
            Unsaid::SampleWording => format!("{marker} Suggested wording: {rest}"),
            Unsaid::Unticked => format!("- [ ] {rest}"),
            // every sentence asked: "Staff are trained at induction?"
            Unsaid::Asked => {
                let asked = line
                    .replace(". ", "? ")
                    .replace(": ", "? ")
                    .replace("; ", "? ");
                match asked.strip_suffix('.') {
                    Some(s) => format!("{s}?"),
                    None => format!("{asked}?"),
                }
            }
        };
        out.push_str(&said);
        out.push('\n');
    }
    out
}

/// Checks that a checklist of unticked items still meets: KRSCP-PIES asks for the four
/// sections of the framework, which such a list has; POL-EDITION reads the KCSIE edition
/// cited, which is cited wherever it is written.
const UNTICKED_STILL_COUNTS: &[&str] = &["KRSCP-PIES", "POL-EDITION"];

/// Checks whose evidence is a person named or a date given, which stand whatever a
/// checklist answers beside them ("| DSL | Mrs J Patel | Trained? No |" still names the
/// DSL).
const NAMES_AND_DATES_STAND: &[&str] = &[
    "FM-ROLES",
    "KRSCP-PREVENT-LEAD",
    "PREVENT-LEAD",
    "ROLE-GOV-LEAD",
    "POL-REVIEW",
];

/// What a passing fixture says stops counting once it is commented out, struck through,
/// left as unticked checklist items, asked, left to be confirmed, answered no or left as a
/// template's suggested wording: the evidence is the policy saying it, not the words
/// being in the file. Fixtures whose evidence is front matter are left out (it is not
/// prose), as are checks an empty policy meets (stale wording, template residue) and, for
/// checklist items, fixtures with tables (a table row cannot be a checklist item).
#[test]
fn unsaid_evidence_does_not_count() {
    let empty = "# Online Safety Policy\n";
    let mut wrong = Vec::new();
    let mut tried = 0;
    for case in fixture_cases() {
        if case.want != Status::Pass || case.text.trim_start().starts_with("+++") {
            continue;
        }
        if check_text("empty.md", empty, &case.opts).status_of(&case.id) != Some(Status::Fail) {
            continue;
        }
        for how in [
            Unsaid::Commented,
            Unsaid::Struck,
            Unsaid::Unticked,
            Unsaid::Asked,
            Unsaid::Unconfirmed,
            Unsaid::AnsweredNo,
            Unsaid::SampleWording,
        ] {
            if matches!(
                how,
                Unsaid::Unticked | Unsaid::Asked | Unsaid::Unconfirmed | Unsaid::SampleWording
            ) && (case.text.lines().any(|l| l.trim_start().starts_with('|'))
                || UNTICKED_STILL_COUNTS.contains(&case.id.as_str()))
            {
                continue;
            }
            if how == Unsaid::AnsweredNo
                && (NAMES_AND_DATES_STAND.contains(&case.id.as_str())
                    || UNTICKED_STILL_COUNTS.contains(&case.id.as_str()))
            {
                continue;
            }
            let text = unsay(&case.text, how);
            tried += 1;
            if check_text(&case.rel, &text, &case.opts).status_of(&case.id) == Some(Status::Pass) {
                wrong.push(format!("{} {how:?} still passes:\n{text}", case.rel));
            }
        }
    }
    assert!(tried > 300, "only {tried} variants tried");
    assert!(
        wrong.is_empty(),
        "{} variants passed:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Checks of the file's form rather than of a requirement, which an empty policy meets.
const FORMAT_CHECKS: &[&str] = &["FRONT-MATTER", "FRONT-MATTER-KEY"];

#[test]
fn no_requirement_passes_on_an_empty_document() {
    let reg = &engine().registry;
    let mut passing = Vec::new();
    for kind in OrgKind::ALL {
        for text in [
            "",
            "# Online safety policy\n",
            "+++\ntitle = \"Online Safety Policy\"\n+++\n",
        ] {
            let all_packs: Vec<String> = reg
                .packs
                .iter()
                .filter(|p| !p.meta.base)
                .map(|p| p.meta.id.clone())
                .collect();
            for pack in &all_packs {
                let report = check_text(
                    "empty.md",
                    text,
                    &options(FIXTURE_TODAY, Some(kind), Some(vec![pack.clone()])),
                );
                for r in report.results.iter().filter(|r| r.status == Status::Pass) {
                    // these two say whether the front matter is well formed, not whether a
                    // requirement is met: absent or well-formed front matter rightly passes
                    if FORMAT_CHECKS.contains(&&*r.check) {
                        continue;
                    }
                    passing.push(format!(
                        "{} ({pack}, {kind}, {:?}): {}",
                        r.check, text, r.message
                    ));
                }
            }
        }
    }
    passing.sort();
    passing.dedup();
    assert!(
        passing.is_empty(),
        "checks that pass on an empty policy:\n{}",
        passing.join("\n")
    );
}

#[test]
fn the_catalogue_is_covered() {
    let listed = std::fs::read_to_string(root().join("checks/catalogue.txt"))
        .expect("checks/catalogue.txt lists the catalogue's ids");
    let ids = all_check_ids();
    let mut missing = Vec::new();
    for line in listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let mut parts = line.split_whitespace();
        let id = parts.next().unwrap();
        let packs: BTreeSet<&str> = parts.collect();
        match ids.get(id) {
            None => missing.push(format!("{id}: no check")),
            Some(have) => {
                for p in &packs {
                    if !have.iter().any(|h| h == p) {
                        missing.push(format!("{id}: not in pack {p}"));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "catalogue requirements not encoded:\n{}",
        missing.join("\n")
    );
}

#[test]
fn check_messages_and_docs_are_complete() {
    let mut problems = Vec::new();
    for p in &engine().registry.packs {
        for c in &p.checks {
            for (field, text) in [
                ("why", &c.why),
                ("example", &c.example),
                ("fix", &c.fix),
                ("requirement", &c.requirement),
            ] {
                if text.trim().len() < 10 {
                    problems.push(format!("{} ({}): `{field}` is too short", c.id, p.meta.id));
                }
            }
            if c.title.ends_with('.') {
                problems.push(format!("{}: title ends with a full stop", c.id));
            }
            if c.source.document.trim().is_empty() {
                problems.push(format!("{}: no source document", c.id));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A policy's scan runs only the expressions its chosen checks look up; searching for every
/// expression instead must give the same report, on every fixture and example, checked with
/// the packs chosen for it and with the fixture's own check's pack.
#[test]
fn searching_only_the_expressions_of_the_checks_that_run_changes_no_result() {
    let ids = all_check_ids();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.push(root().join("examples"));
    folders.sort();
    let mut compared = 0;
    for dir in folders {
        let check = dir.file_name().unwrap().to_string_lossy().to_string();
        let mut choices = vec![options(FIXTURE_TODAY, None, None)];
        if ids.contains_key(&check) {
            choices.push(options(FIXTURE_TODAY, None, Some(home_packs(&check))));
        }
        for file in fixture_files(&dir) {
            // a few inputs of fixtures/bad are not UTF-8; they have no report to compare
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            for opts in &choices {
                let mut everything = opts.clone();
                everything.search_every_expression = true;
                let rel = file.strip_prefix(root()).unwrap().display().to_string();
                let some = check_text(&rel, &text, opts);
                let all = check_text(&rel, &text, &everything);
                assert_eq!(
                    format!("{:?}", some.results),
                    format!("{:?}", all.results),
                    "{rel}: the report changed when every expression was searched for"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 400, "only {compared} reports compared");
}

/// Phrases of one group of a `mentions` rule that lie inside a phrase of another group of
/// the same rule, as "check: inner in outer". Where the longer phrase is found, the shorter
/// is found inside it too, and that one piece of text counts for both groups: right when
/// the longer phrase says both things ("personal social media" is social media, and
/// personal), a false pass when it does not ("vulnerable", meant as the pupils at risk,
/// inside "more vulnerable", the risk). Each pair here was read and says both things; where
/// it did not, the shorter phrase's group names the longer text as `not:` ("behaviour" is
/// not counted inside "staff behaviour"), and the pair is no longer listed.
const CONTAINED_PHRASES_REVIEWED: &[&str] = &[
    "FM-DOCS: change* in change log",
    "FM-DOCS: change* in filtering change*",
    "FM-DOCS: decision* in filtering decision*",
    "FM-MONITOR: monitor* in monitoring report*",
    "FM-OVERBLOCK: block* in over-block*",
    "FM-OVERBLOCK: restrict* in too restrictive",
    "FM-PROVIDER: filter* in filtering provider",
    "FM-PROVIDER: filtering in filtering provider",
    "INC-NUDES: nude* in Sharing nudes and semi-nudes: advice",
    "INC-NUDES: nude* in Sharing nudes and semi-nudes: how to respond",
    "INC-NUDES: semi-nude* in Sharing nudes and semi-nudes: advice",
    "INC-NUDES: semi-nude* in Sharing nudes and semi-nudes: how to respond",
    "KRSCP-RELATED-RISKS: exploitation in criminal exploitation",
    "KRSCP-REMOVAL: remov* in Report Remove",
    "KRSCP-STAFF-CONDUCT: social media in personal social media",
    "MOB-EY-CAMERAS: camera* in nursery camera*",
    "MOB-EY-CAMERAS: camera* in own camera*",
    "MOB-EY-CAMERAS: camera* in personal camera*",
    "MOB-EY-CAMERAS: camera* in pre-school camera*",
    "MOB-EY-CAMERAS: camera* in setting camera*",
    "MOB-EY-CAMERAS: camera* in work camera*",
    "MOB-EY-CAMERAS: phone* in my phone",
    "MOB-EY-CAMERAS: staff in staff room",
    "POL-SELF-REVIEW: question* in questions for the governing board",
    "POL-SELF-REVIEW: question* in questions from the governing board",
    "POL-SELF-REVIEW: question* in questions from the governing body",
    "RISK-GREATER-RISK: online in extra online risks",
    "TRAIN-GOV: governors in new governors",
    "TRAIN-GOV: trustees in new trustees",
    "TRAIN-STAFF: staff in new staff",
];

/// Every `mentions` rule in a value (a check's rule, with any rules inside it).
fn mentions_rules<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("kind").and_then(|k| k.as_str()) == Some("mentions") {
                out.push(value);
            }
            map.values().for_each(|v| mentions_rules(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| mentions_rules(v, out)),
        _ => {}
    }
}

/// A phrase of one group lying inside another group's phrase is evidence of both wherever
/// the longer one is found: each such pair must have been reviewed (see
/// [`CONTAINED_PHRASES_REVIEWED`]), so that a new one is a decision, not an accident.
#[test]
fn a_phrase_inside_another_groups_phrase_has_been_reviewed() {
    let mut found: BTreeSet<String> = BTreeSet::new();
    for pack in &engine().registry.packs {
        for check in &pack.checks {
            let rule = serde_json::to_value(&check.rule).expect("a rule serialises");
            let mut rules = Vec::new();
            mentions_rules(&rule, &mut rules);
            for r in rules {
                let groups: Vec<Vec<String>> =
                    serde_json::from_value(r["groups"].clone()).expect("groups of phrases");
                for (i, inner_group) in groups.iter().enumerate() {
                    for (j, outer_group) in groups.iter().enumerate() {
                        if i == j {
                            continue;
                        }
                        // the group's `not:` phrases: text inside which it does not count
                        let excluded: Vec<&str> = inner_group
                            .iter()
                            .filter_map(|p| p.strip_prefix("not:"))
                            .collect();
                        for inner in inner_group.iter().filter(|p| plain(p)) {
                            for outer in outer_group.iter().filter(|p| plain(p)) {
                                let ruled_out = excluded.iter().any(|not| {
                                    found_inside(outer, not) && found_inside(not, inner)
                                });
                                if inner != outer && found_inside(outer, inner) && !ruled_out {
                                    found.insert(format!("{}: {inner} in {outer}", check.id));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let reviewed: BTreeSet<String> = CONTAINED_PHRASES_REVIEWED
        .iter()
        .map(|s| s.to_string())
        .collect();
    let new: Vec<&String> = found.difference(&reviewed).collect();
    assert!(
        new.is_empty(),
        "a phrase lies inside another group's phrase of the same rule, so one piece of text \
         would count for both groups; reword the shorter phrase, or, if the longer one does \
         say both things, add the pair to CONTAINED_PHRASES_REVIEWED: {new:#?}"
    );
    let gone: Vec<&String> = reviewed.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "reviewed pairs no longer in the packs: {gone:#?}"
    );
}

/// A literal phrase (not a regular expression, a role or text a group does not count in).
fn plain(phrase: &str) -> bool {
    !phrase.starts_with("re:") && !phrase.starts_with('@') && !phrase.starts_with("not:")
}

/// Whether the phrase `inner` is found inside the phrase `outer`, as the engine finds
/// phrases: ignoring case, starting at a word's start, and ending at a word's end unless
/// `inner` ends in `*` (which takes in the rest of the word).
fn found_inside(outer: &str, inner: &str) -> bool {
    let outer = outer.trim_end_matches('*').to_lowercase();
    let prefix = inner.ends_with('*');
    let inner = inner.trim_end_matches('*').to_lowercase();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    outer.match_indices(&inner).any(|(at, _)| {
        !word(outer[..at].chars().next_back())
            && (prefix || !word(outer[at + inner.len()..].chars().next()))
    })
}

/// Words found only in a reference section are reported once for all the rules of a check
/// that wanted them, at the end of its message, and the words are marked.
#[test]
fn a_reference_section_is_named_once_when_it_held_what_was_missing() {
    let text =
        std::fs::read_to_string(root().join("fixtures/TRAIN-STAFF/fail-only-in-legislation.md"))
            .unwrap();
    let opts = options(
        FIXTURE_TODAY,
        Some(OrgKind::School),
        Some(vec!["kcsie-2025".into()]),
    );
    let report = check_text("p.md", &text, &opts);
    let r = report
        .results
        .iter()
        .find(|r| &*r.check == "TRAIN-STAFF")
        .unwrap();
    assert_eq!(report.status_of("TRAIN-STAFF"), Some(Status::Fail));
    let remark = "(\u{201c}1. Legislation and guidance\u{201d} has words for this";
    assert_eq!(r.message.matches(remark).count(), 1, "{}", r.message);
    assert!(
        r.message.ends_with("what the organisation does)"),
        "{}",
        r.message
    );
    assert!(r.message.contains("at induction; "), "{}", r.message);
    // the remark stays with the rules that made it, not with a later one that did not
    let cyber_text = "# Online Safety Policy\n\n## Relevant legislation\n\nOur cyber security protects our systems with firewalls and backups, and it is reviewed every year.\n";
    let cyber_report = check_text("p.md", cyber_text, &opts);
    let cyber = cyber_report
        .results
        .iter()
        .find(|r| &*r.check == "FM-CYBER")
        .unwrap();
    assert!(
        cyber
            .message
            .contains("so it does not count as saying what the organisation does); the policy does not refer to the DfE cyber security standards"),
        "{}",
        cyber.message
    );
    assert!(
        r.labels
            .iter()
            .any(|(span, label)| label.starts_with("not counted")
                && span.end < text.find("## 2. Training").unwrap()),
        "{:?}",
        r.labels
    );
}

/// Examples that need the rest of a policy around them to count: (check, why).
const EXAMPLES_NEEDING_A_POLICY: &[(&str, &str)] = &[
    (
        "KRSCP-PIES",
        "the example lists section headings, which count only with their sections' text",
    ),
    (
        "HEADING-PSEUDO",
        "a heading on its own leaves the policy no text for the check to read",
    ),
];

/// `policylint explain` shows each check's example as what to write and its counter-example
/// as what does not count, so each must do what it says when checked on its own, under a
/// title, with the check's own pack: the example passes and the counter-example does not.
#[test]
fn explain_examples_pass_and_counter_examples_do_not() {
    let mut wrong = Vec::new();
    let mut tried = 0;
    for pack in engine().registry.packs.iter().filter(|p| !p.meta.base) {
        for c in &pack.checks {
            let kind = c.applies_to.first().copied().unwrap_or(OrgKind::School);
            let cases = [
                (true, Some(&c.example)),
                (false, c.counter_example.as_ref()),
            ];
            for (should_pass, text) in cases {
                let Some(text) = text else { continue };
                if should_pass && EXAMPLES_NEEDING_A_POLICY.iter().any(|(id, _)| *id == c.id) {
                    continue;
                }
                // the front-matter checks' examples are front matter
                let policy = if c.id.starts_with("FRONT-MATTER") {
                    format!("+++\n{text}\n+++\n# Online Safety Policy\n")
                } else {
                    format!("# Online Safety Policy\n\n{text}\n")
                };
                let report = check_text(
                    "example.md",
                    &policy,
                    &options(FIXTURE_TODAY, Some(kind), Some(vec![pack.meta.id.clone()])),
                );
                let Some(r) = report.results.iter().find(|r| *r.check == *c.id) else {
                    wrong.push(format!("{} ({}): not in the report", c.id, pack.meta.id));
                    continue;
                };
                tried += 1;
                if (r.status == Status::Pass) != should_pass {
                    let which = if should_pass {
                        "example"
                    } else {
                        "counter_example"
                    };
                    wrong.push(format!(
                        "{} ({}, {which}): {:?}: {}",
                        c.id, pack.meta.id, r.status, r.message
                    ));
                }
            }
        }
    }
    assert!(tried > 200, "only {tried} examples were checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
