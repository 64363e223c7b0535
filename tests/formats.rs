//! The CI formats end to end: SARIF (checked against the official SARIF 2.1.0 schema when it
//! is available), GitHub workflow commands, JUnit (parsed back), the Markdown summary, several
//! formats in one run, shell completions and the manual page.

mod common;

use common::{policylint_in, write};

use std::path::{Path, PathBuf};

use serde_json::Value;

const TODAY: &str = "2026-11-29";

/// A short policy with gaps, an out-of-date term on line 7, and a waived one on line 9.
const POLICY: &str = "# Online Safety Policy\n\n## Purpose\n\nThis policy sets out how we keep pupils safe online.\n\nWe follow UKCCIS advice on education for a connected world.\n\nOur e-safety rules are in the annex. <!-- policylint-disable STALE-ESAFETY reason=\"the annex keeps its published title\" -->\n\n## Filtering\n\nWe use a filter.\n";

/// Two policies in `dir`: `policies/a.md` (POLICY) and `policies/St Mary's.md` (a space and
/// an apostrophe in the name).
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/a.md", POLICY);
    write(dir.path(), "policies/St Mary's.md", POLICY);
    dir
}

fn run(dir: &Path, format: &str, args: &[&str]) -> (i32, String) {
    let out = policylint_in(dir)
        .args(["check", "--today", TODAY, "--format", format])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn sarif(dir: &Path, args: &[&str]) -> Value {
    let (code, text) = run(dir, "sarif", args);
    assert_eq!(code, 1, "{text}");
    serde_json::from_str(&text).expect("SARIF is JSON")
}

/// Assertions on the SARIF 2.1.0 structure that do not need the schema file.
fn assert_sarif_shape(v: &Value) {
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "policylint");
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for r in rules {
        for key in ["id", "name"] {
            assert!(r[key].is_string(), "{key} in {r}");
        }
        assert!(r["shortDescription"]["text"].is_string(), "{r}");
        assert!(r["fullDescription"]["text"].is_string(), "{r}");
        let help = r["help"]["text"].as_str().unwrap();
        assert!(
            help.contains("Why it matters:") && help.contains("Source:"),
            "{help}"
        );
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("**Source:**")
        );
        assert!(
            ["error", "warning", "note"]
                .contains(&r["defaultConfiguration"]["level"].as_str().unwrap())
        );
        assert!(r["properties"]["tags"].as_array().unwrap().len() >= 2);
        assert!(r["properties"]["area"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(
            res["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains(' ') && !uri.starts_with('/'), "{uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        let fp = res["partialFingerprints"]["policylintFingerprint/v1"]
            .as_str()
            .unwrap();
        assert!(fp.contains(':'), "{fp}");
    }
}

fn result_of<'a>(v: &'a Value, check: &str, uri: &str) -> Vec<&'a Value> {
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["ruleId"] == check
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
        })
        .collect()
}

/// Where the official schema is: $POLICYLINT_SARIF_SCHEMA (then it must exist), else the
/// shared folder beside the repository, when it is there.
fn schema_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("POLICYLINT_SARIF_SCHEMA") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "POLICYLINT_SARIF_SCHEMA={} does not exist",
            p.display()
        );
        return Some(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    p.is_file().then_some(p)
}

#[test]
fn sarif_follows_the_2_1_0_structure_and_validates_against_the_official_schema() {
    let dir = setup();
    let v = sarif(dir.path(), &["policies"]);
    assert_sarif_shape(&v);

    // the stale term, exactly placed
    let stale = result_of(&v, "STALE-UKCCIS", "policies/a.md");
    assert_eq!(stale.len(), 1);
    let region = &stale[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 7);
    assert_eq!(region["startColumn"], 11);
    assert_eq!(region["endLine"], 7);
    assert_eq!(region["endColumn"], 17);
    assert_eq!(stale[0]["level"], "warning");
    assert!(stale[0].get("suppressions").is_none());
    // the file name with a space is percent-encoded
    assert_eq!(
        result_of(&v, "STALE-UKCCIS", "policies/St%20Mary%27s.md").len(),
        1
    );

    // the waived one is there, suppressed with its justification
    let waived = result_of(&v, "STALE-ESAFETY", "policies/a.md");
    assert_eq!(waived.len(), 1);
    let s = &waived[0]["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert!(
        s["justification"]
            .as_str()
            .unwrap()
            .contains("the annex keeps its published title")
    );

    // a rule with a source address has it as helpUri
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let with_url = rules.iter().filter(|r| r["helpUri"].is_string()).count();
    assert!(with_url > 0, "no rule carries its source's address");

    match schema_path() {
        None => eprintln!(
            "note: the SARIF 2.1.0 schema (../shared/schemas/sarif-schema-2.1.0.json) is not here; validated the structure only"
        ),
        Some(path) => {
            let schema: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(true)
                .build(&schema)
                .expect("the SARIF schema compiles");
            let errors: Vec<String> = validator
                .iter_errors(&v)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "SARIF is not valid:\n{}",
                errors.join("\n")
            );
            // and a broken log is caught, so the check above means something
            let mut broken = v.clone();
            broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
            assert!(!validator.is_valid(&broken));
        }
    }
}

#[test]
fn sarif_fingerprints_survive_lines_moving() {
    let dir = setup();
    let before = sarif(dir.path(), &["policies/a.md"]);
    let moved = POLICY.replace(
        "## Purpose\n\n",
        "## Purpose\n\nA new opening paragraph.\n\nAnd another one, so every line below moves.\n\n",
    );
    write(dir.path(), "policies/a.md", &moved);
    let after = sarif(dir.path(), &["policies/a.md"]);
    let fp = |v: &Value| {
        let r = result_of(v, "STALE-UKCCIS", "policies/a.md")[0].clone();
        (
            r["partialFingerprints"]["policylintFingerprint/v1"].clone(),
            r["locations"][0]["physicalLocation"]["region"]["startLine"].clone(),
        )
    };
    let (fp1, line1) = fp(&before);
    let (fp2, line2) = fp(&after);
    assert_ne!(line1, line2, "the line did move");
    assert_eq!(fp1, fp2, "the fingerprint did not");
    // the same words in another section are a different finding
    write(
        dir.path(),
        "policies/a.md",
        &POLICY
            .replace(
                "We follow UKCCIS advice on education for a connected world.\n\n",
                "",
            )
            .replace(
                "We use a filter.",
                "We use a filter.\n\nWe follow UKCCIS advice on education for a connected world.",
            ),
    );
    let (fp3, _) = fp(&sarif(dir.path(), &["policies/a.md"]));
    assert_ne!(fp1, fp3);
}

#[test]
fn github_annotations_carry_file_line_and_column() {
    let dir = setup();
    let (code, text) = run(dir.path(), "github", &["policies/a.md"]);
    assert_eq!(code, 1);
    let stale = text
        .lines()
        .find(|l| l.contains("title=STALE-UKCCIS"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        stale.starts_with(
            "::warning file=policies/a.md,line=7,col=11,endLine=7,endColumn=17,title=STALE-UKCCIS · "
        ),
        "{stale}"
    );
    // the message's line breaks are escaped, so one annotation is one line
    assert!(stale.contains("%0AWhat to do: "), "{stale}");
    // errors for requirements not met
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=policies/a.md,")),
        "{text}"
    );
    // waived: listed in a group, not annotated
    assert!(!text.contains("title=STALE-ESAFETY"));
    let group = text.split("::group::").nth(1).expect("a group");
    assert!(
        group.contains("waived     policies/a.md:9 STALE-ESAFETY"),
        "{group}"
    );
    assert!(group.contains("the annex keeps its published title"));
    assert!(
        text.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("Summary: ")
    );
}

#[test]
fn github_annotations_escape_commas_and_colons_in_file_names() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a,b:c.md", POLICY);
    let (_, text) = run(dir.path(), "github", &["a,b:c.md"]);
    assert!(text.contains("file=a%2Cb%3Ac.md,line="), "{text}");
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_check() {
    let dir = setup();
    std::fs::write(
        dir.path().join("policies/broken.md"),
        b"# Policy\n\xff\xfe not text\n",
    )
    .unwrap();
    let (code, xml) = run(dir.path(), "junit", &["policies"]);
    assert_eq!(code, 2, "an unreadable file makes the run exit 2");
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("JUnit parses back");
    assert_eq!(report.test_suites.len(), 3);
    let suite = report
        .test_suites
        .iter()
        .find(|s| s.name.as_str().ends_with("a.md"))
        .unwrap();
    let case = |id: &str| {
        suite
            .test_cases
            .iter()
            .find(|c| c.name.as_str().starts_with(&format!("{id}: ")))
            .unwrap_or_else(|| panic!("no case for {id}"))
    };
    // each check once
    let mut names: Vec<&str> = suite.test_cases.iter().map(|c| c.name.as_str()).collect();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n);
    match &case("STALE-UKCCIS").status {
        quick_junit::TestCaseStatus::NonSuccess {
            kind,
            message,
            description,
            ..
        } => {
            assert_eq!(*kind, quick_junit::NonSuccessKind::Failure);
            assert!(message.as_ref().unwrap().as_str().contains("UKCCIS"));
            assert!(
                description
                    .as_ref()
                    .unwrap()
                    .as_str()
                    .contains("policies/a.md:7:11")
            );
        }
        other => panic!("{other:?}"),
    }
    match &case("STALE-ESAFETY").status {
        quick_junit::TestCaseStatus::Skipped { message, .. } => {
            let m = message.as_ref().unwrap().as_str();
            assert!(
                m.starts_with("waived: the annex keeps its published title"),
                "{m}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        suite
            .test_cases
            .iter()
            .any(|c| matches!(c.status, quick_junit::TestCaseStatus::Success { .. })),
        "passing checks are test cases too"
    );
    let broken = report
        .test_suites
        .iter()
        .find(|s| s.name.as_str().ends_with("broken.md"))
        .unwrap();
    assert!(matches!(
        broken.test_cases[0].status,
        quick_junit::TestCaseStatus::NonSuccess {
            kind: quick_junit::NonSuccessKind::Error,
            ..
        }
    ));
}

#[test]
fn markdown_summarises_per_file_then_lists_what_is_not_met() {
    let dir = setup();
    let (code, md) = run(dir.path(), "markdown", &["policies"]);
    assert_eq!(code, 1);
    assert!(md.starts_with("## policylint: "), "{md}");
    assert!(
        md.contains("| File | Not met | Errors | Warnings |"),
        "{md}"
    );
    assert!(md.contains("| `policies/a.md` |"), "{md}");
    assert!(md.contains("### Not met"));
    assert!(md.contains("| warning | **STALE-UKCCIS** "), "{md}");
    assert!(md.contains("`policies/a.md:7`"), "{md}");
    assert!(md.contains("### Waived (2)"), "{md}");
    assert!(md.contains("the annex keeps its published title"));
    // every table row has the same number of cells as its header
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let mut widths = table
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count());
        let first = widths.next().unwrap();
        assert!(widths.all(|w| w == first), "{table}");
    }
}

#[test]
fn several_formats_in_one_run() {
    let dir = setup();
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let out = policylint_in(dir.path())
        .args(["check", "--today", TODAY, "--format", "concise"])
        .args([
            "--output",
            "sarif=out/p.sarif",
            "--output",
            "junit=out/p.xml",
        ])
        .args([
            "--output",
            "markdown=out/summary.md",
            "--output",
            "github=out/gh.txt",
        ])
        .args(["--output", "json=out/p.json"])
        .arg("policies")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let concise = String::from_utf8_lossy(&out.stdout);
    assert!(
        concise.contains("policies/a.md:7:11: warning STALE-UKCCIS"),
        "{concise}"
    );
    let read = |n: &str| std::fs::read_to_string(dir.path().join("out").join(n)).unwrap();
    assert_sarif_shape(&serde_json::from_str(&read("p.sarif")).unwrap());
    assert_eq!(
        quick_junit::Report::deserialize_from_str(&read("p.xml"))
            .unwrap()
            .test_suites
            .len(),
        2
    );
    assert!(read("summary.md").contains("### Not met"));
    assert!(read("gh.txt").contains("::warning file=policies/a.md,line=7"));
    let json: Value = serde_json::from_str(&read("p.json")).unwrap();
    assert_eq!(json["summary"]["waived"], 2);
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_line_definition() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = policylint_in(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("policylint"), "{shell}");
        assert!(
            text.contains("changed-since"),
            "{shell}: the check flags are completed"
        );
    }
    policylint_in(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
    let out = policylint_in(dir.path()).arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH policylint"),
        "{page}"
    );
    assert!(
        page.contains("policylint\\-check") || page.contains("check"),
        "{page}"
    );
    let pages = dir.path().join("man");
    policylint_in(dir.path())
        .args(["man", "--out-dir", "man"])
        .assert()
        .code(0);
    assert!(pages.join("policylint.1").is_file());
    assert!(pages.join("policylint-check.1").is_file());
}
