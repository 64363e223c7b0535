//! SARIF 2.1.0, for code-scanning services (GitHub code scanning, Azure DevOps, GitLab).
//!
//! One run. The tool's rules are the checks that appear in the run, each with its title,
//! requirement, why it matters, what to do, model wording and source citation (and the
//! source's address as `helpUri`). Results are the failures, plus waived failures carrying
//! a `suppressions` entry with the written reason, so nothing waived is hidden. Each result
//! has a `partialFingerprints` entry from [`crate::fingerprint`], which survives lines
//! moving, so a service keeps tracking the same finding as the policy is edited.
//!
//! Files that could not be read are tool execution notifications, and make the invocation
//! unsuccessful.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde_json::{Value, json};
use serde_sarif::sarif;

use super::Run;
use crate::fingerprint;
use crate::packs::CheckDef;
use crate::result::{CheckResult, FileReport, Severity, Status};
use crate::source::{SourceFile, Span};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A place for display: 1-based lines, and 1-based character columns where the end column is
/// the one after the last character (SARIF's convention, and GitHub's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: Option<usize>,
    pub end_line: usize,
    pub end_column: Option<usize>,
}

/// Where a result is, for a reader: its span without trailing white space; an insertion
/// point becomes its whole line; no span is the start of the file.
pub fn place(source: &SourceFile, span: Option<&Span>) -> Place {
    let Some(span) = span else {
        return Place {
            line: 1,
            column: None,
            end_line: 1,
            end_column: None,
        };
    };
    let span = source.clamp(span.clone());
    let text = &source.text[span.clone()];
    let trimmed = text.trim_end();
    if trimmed.trim_start().is_empty() {
        let line = source.line_index(span.start);
        let line_span = source.line_span(line);
        let chars = source.text[line_span].chars().count();
        return Place {
            line: line + 1,
            column: (chars > 0).then_some(1),
            end_line: line + 1,
            end_column: (chars > 0).then_some(chars + 1),
        };
    }
    let start = source.line_col(span.start);
    let end = source.line_col(span.start + trimmed.len());
    Place {
        line: start.line,
        column: Some(start.column),
        end_line: end.line,
        end_column: Some(end.column),
    }
}

/// A relative path as a URI reference: each byte outside the unreserved set and `/` is
/// percent-encoded (spaces, `#`, `?`, `%`, `:` and non-ASCII letters included).
pub fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info => sarif::ResultLevel::Note,
    }
}

fn level_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// "Designated safeguarding lead named" → "DesignatedSafeguardingLeadNamed".
fn pascal(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The help of a rule, as plain text and as Markdown.
pub fn rule_help(def: &CheckDef) -> (String, String) {
    let cite = def.source.cite();
    let text = format!(
        "{}\n\nWhy it matters: {}\n\nWhat to do: {}\n\nWording that meets it:\n{}\n\nSource: {cite}",
        def.requirement, def.why, def.fix, def.example
    );
    let quoted: Vec<String> = def
        .example
        .lines()
        .map(|l| format!("> {l}").trim_end().to_string())
        .collect();
    let source = match &def.source.url {
        Some(url) => format!("[{cite}]({url})"),
        None => cite,
    };
    let markdown = format!(
        "**{}**\n\n**Why it matters:** {}\n\n**What to do:** {}\n\n**Wording that meets it:**\n\n{}\n\n**Source:** {source}",
        def.requirement,
        def.why,
        def.fix,
        quoted.join("\n")
    );
    (text, markdown)
}

fn rule(def: &CheckDef) -> sarif::ReportingDescriptor {
    let (text, markdown) = rule_help(def);
    let mut extra = BTreeMap::new();
    extra.insert("area".to_string(), json!(def.area.as_str()));
    extra.insert("areaTitle".to_string(), json!(def.area.title()));
    extra.insert("source".to_string(), json!(def.source.cite()));
    let properties = sarif::PropertyBag::builder()
        .tags(vec![
            "policylint".to_string(),
            def.area.as_str().to_string(),
        ])
        .additional_properties(extra)
        .build();
    let config = sarif::ReportingConfiguration::builder()
        .level(json!(level_name(def.severity)))
        .build();
    let help = sarif::MultiformatMessageString::builder()
        .text(text)
        .markdown(markdown)
        .build();
    let short = sarif::MultiformatMessageString::builder()
        .text(def.title.clone())
        .build();
    let full = sarif::MultiformatMessageString::builder()
        .text(def.requirement.clone())
        .build();
    let mut d = sarif::ReportingDescriptor::builder()
        .id(def.id.clone())
        .name(pascal(&def.title))
        .short_description(short)
        .full_description(full)
        .help(help)
        .default_configuration(config)
        .properties(properties)
        .build();
    d.help_uri = def.source.url.clone();
    d
}

fn location(uri: &str, source: &SourceFile, span: Option<&Span>) -> sarif::Location {
    let p = place(source, span);
    let mut region = sarif::Region::builder().start_line(p.line as i64).build();
    region.start_column = p.column.map(|c| c as i64);
    region.end_line = p.column.map(|_| p.end_line as i64);
    region.end_column = p.end_column.map(|c| c as i64);
    let artifact = sarif::ArtifactLocation::builder()
        .uri(uri.to_string())
        .build();
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(artifact)
        .region(region)
        .build();
    sarif::Location::builder()
        .physical_location(physical)
        .build()
}

fn result(
    report: &FileReport,
    source: &SourceFile,
    uri: &str,
    r: &CheckResult,
    fp: &str,
    rule_index: usize,
    with_baseline: bool,
) -> sarif::Result {
    let mut text = r.message.clone();
    if r.status == Status::Fail
        && let Some(h) = &r.help
    {
        text.push_str("\nWhat to do: ");
        text.push_str(h);
    }
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(fingerprint::SARIF_KEY.to_string(), fp.to_string());
    let mut props = BTreeMap::new();
    props.insert("pack".to_string(), json!(&*r.pack));
    let section = fingerprint::section_of(report, r);
    if !section.is_empty() {
        props.insert("section".to_string(), json!(section));
    }
    if r.baselined {
        props.insert("baselined".to_string(), json!(true));
    }
    let mut res = sarif::Result::builder()
        .rule_id(r.check.to_string())
        .rule_index(rule_index as i64)
        .level(level(r.severity))
        .message(sarif::Message::builder().text(text).build())
        .locations(vec![location(uri, source, r.span.as_ref())])
        .partial_fingerprints(fingerprints)
        .properties(
            sarif::PropertyBag::builder()
                .additional_properties(props)
                .build(),
        )
        .build();
    if !r.labels.is_empty() {
        res.related_locations = Some(
            r.labels
                .iter()
                .enumerate()
                .map(|(i, (span, label))| {
                    let mut l = location(uri, source, Some(span));
                    l.id = Some(i as i64);
                    l.message = Some(sarif::Message::builder().text(label.clone()).build());
                    l
                })
                .collect(),
        );
    }
    if r.status == Status::Waived {
        let reason = r.waiver.clone().unwrap_or_else(|| "waived".into());
        let kind = if crate::suppress::is_in_source(&reason) {
            "inSource"
        } else {
            "external"
        };
        res.suppressions = Some(vec![
            sarif::Suppression::builder()
                .kind(json!(kind))
                .status(json!("accepted"))
                .justification(reason)
                .build(),
        ]);
    }
    if with_baseline && r.status == Status::Fail {
        res.baseline_state = Some(json!(if r.baselined { "unchanged" } else { "new" }));
    }
    res
}

/// The SARIF log of a run, as a value.
pub fn to_value(run: &Run<'_>) -> Value {
    // Rules: every check that appears in the run, sorted by id.
    let mut defs: BTreeMap<&str, &CheckDef> = BTreeMap::new();
    for report in run.reports {
        for r in &report.results {
            defs.entry(&r.check).or_insert(&r.def);
        }
    }
    let index: BTreeMap<&str, usize> = defs.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let with_baseline = run
        .reports
        .iter()
        .any(|r| !r.resolved.is_empty() || r.results.iter().any(|x| x.baselined));
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    let mut artifacts: BTreeSet<String> = BTreeSet::new();
    for report in run.reports {
        let shown = fingerprint::from_working_dir(&report.path);
        let uri = uri_of(&shown);
        for e in &report.errors {
            let mut loc = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder().uri(uri.clone()).build(),
                        )
                        .build(),
                )
                .build();
            if let (Some((line, column)), Some(phys)) =
                (e.line_col(), loc.physical_location.as_mut())
            {
                phys.region = Some(
                    sarif::Region::builder()
                        .start_line(line as i64)
                        .start_column(column as i64)
                        .build(),
                );
            }
            let mut text = e.message.clone();
            if let Some(h) = &e.help {
                text.push_str(&format!(" ({h})"));
            }
            notifications.push(
                sarif::Notification::builder()
                    .level(json!("error"))
                    .message(sarif::Message::builder().text(text).build())
                    .locations(vec![loc])
                    .build(),
            );
        }
        let Some(source) = &report.source else {
            continue;
        };
        let fps = fingerprint::of_report(report, &shown);
        for (r, fp) in report.results.iter().zip(&fps) {
            if !matches!(r.status, Status::Fail | Status::Waived) {
                continue;
            }
            artifacts.insert(uri.clone());
            results.push(result(
                report,
                source,
                &uri,
                r,
                fp,
                index[&*r.check],
                with_baseline,
            ));
        }
    }
    let rules: Vec<sarif::ReportingDescriptor> = defs.values().map(|d| rule(d)).collect();
    let driver = sarif::ToolComponent::builder()
        .name("policylint")
        .full_name(format!("policylint {}", env!("CARGO_PKG_VERSION")))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let invocation = sarif::Invocation::builder()
        .execution_successful(notifications.is_empty())
        .tool_execution_notifications(notifications)
        .build();
    let run_value = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(json!("unicodeCodePoints"))
        .artifacts(
            artifacts
                .into_iter()
                .map(|uri| {
                    sarif::Artifact::builder()
                        .location(sarif::ArtifactLocation::builder().uri(uri).build())
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .build();
    let log = sarif::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run_value])
        .build();
    serde_json::to_value(log).expect("a SARIF log serialises")
}

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(run))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri_of("policies/St Aldhelm's.md"),
            "policies/St%20Aldhelm%27s.md"
        );
        assert_eq!(uri_of("a/b-c_d.md"), "a/b-c_d.md");
        assert_eq!(uri_of("é.md"), "%C3%A9.md");
    }

    #[test]
    fn places_skip_trailing_space_and_widen_points_to_their_line() {
        let s = SourceFile::new("x.md", "# Title\n\nWe follow UKCCIS advice.\n", false);
        let p = place(&s, Some(&(19..25)));
        assert_eq!(
            (p.line, p.column, p.end_line, p.end_column),
            (3, Some(11), 3, Some(17))
        );
        let p = place(&s, Some(&(9..35)));
        assert_eq!((p.line, p.end_line, p.end_column), (3, 3, Some(25)));
        let p = place(&s, Some(&(0..0)));
        assert_eq!((p.line, p.column, p.end_column), (1, Some(1), Some(8)));
        assert_eq!(place(&s, None).column, None);
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal("Designated safeguarding lead named"),
            "DesignatedSafeguardingLeadNamed"
        );
        assert_eq!(pascal("4Cs of online risk"), "4CsOfOnlineRisk");
    }
}
