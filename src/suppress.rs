//! Suppressions with accountability: a requirement accepted as not met, with the reason
//! written down where a reviewer or inspector will see it.
//!
//! Two sources:
//!
//! * **In the policy**, as HTML comments (invisible when the policy is published):
//!   - `<!-- policylint-disable ID reason="…" -->` covers the line the comment is on;
//!   - `policylint-disable-next-line` the next line that is not blank;
//!   - `policylint-disable-section` the section the comment is in, heading included, up to
//!     the next heading at the same or a higher level;
//!   - `policylint-disable-file` the whole policy, including findings with no place.
//!
//!   Several ids may be given (`ID1, ID2`). A reason is required: a suppression without one is
//!   not applied and is itself an error ([`SUPPRESSION`]). One that suppresses nothing is
//!   reported ([`SUPPRESSION_UNUSED`]), as ruff reports an unused `noqa`.
//! * **In `policylint.toml`**, as `[[waiver]]` entries with check, optional paths, reason,
//!   owner and expiry date. An expired waiver stops applying and is reported
//!   ([`WAIVER_EXPIRED`]); one that waives nothing is reported ([`WAIVER_UNUSED`]), pointing
//!   into the config file.
//!
//! A suppressed or waived failure keeps its place in the results with status `waived` and the
//! reason in [`CheckResult::waiver`]: counted and listed by every format, never hidden.
//!
//! The four ids are policylint's own findings about suppressions, not requirements of the
//! guidance, so they are defined here rather than in a rule pack: they have no evidence rule
//! for the pack meta-tests to exercise.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jiff::civil::Date;

use crate::config::{Config, Waiver};
use crate::document::{Comment, Document};
use crate::error::Problem;
use crate::org::OrgKind;
use crate::packs::model::{RuleSpec, Source};
use crate::packs::{CheckDef, Registry};
use crate::result::{Applicability, Area, CheckResult, Edit, FileReport, Fix, Severity, Status};
use crate::source::{SourceFile, Span};

/// A suppression comment that cannot be applied: no reason, no check, an unknown check.
pub const SUPPRESSION: &str = "SUPPRESSION";
/// A suppression comment that suppressed nothing.
pub const SUPPRESSION_UNUSED: &str = "SUPPRESSION-UNUSED";
/// A `[[waiver]]` whose expiry date has passed.
pub const WAIVER_EXPIRED: &str = "WAIVER-EXPIRED";
/// A `[[waiver]]` that waived nothing.
pub const WAIVER_UNUSED: &str = "WAIVER-UNUSED";

/// The pack name shown for these findings.
pub const PACK: &str = "policylint";

const DIRECTIVE: &str = "policylint-disable";

fn make_def(
    id: &str,
    title: &str,
    requirement: &str,
    severity: Severity,
    why: &str,
    example: &str,
    fix: &str,
) -> Arc<CheckDef> {
    Arc::new(CheckDef {
        id: id.to_string(),
        title: title.to_string(),
        requirement: requirement.to_string(),
        severity,
        applies_to: OrgKind::ALL.to_vec(),
        area: Area::Policy,
        source: Source {
            document: "policylint".to_string(),
            edition: None,
            section: Some("Suppressions and waivers (docs/ci.md)".to_string()),
            paragraph: None,
            url: None,
            verify: false,
        },
        also: Vec::new(),
        why: why.to_string(),
        example: example.to_string(),
        counter_example: None,
        fix: fix.to_string(),
        changes: None,
        anchor: Vec::new(),
        template: None,
        severity_by_kind: Default::default(),
        applies_when: None,
        applies_when_note: None,
        // Not evaluated by the engine: these findings are made by this module.
        rule: RuleSpec::All { rules: Vec::new() },
    })
}

/// The definitions of the four suppression findings, for reports and `explain`.
pub fn defs() -> &'static [Arc<CheckDef>] {
    static DEFS: OnceLock<Vec<Arc<CheckDef>>> = OnceLock::new();
    DEFS.get_or_init(|| {
        vec![
            make_def(
                SUPPRESSION,
                "Suppression comment can be applied",
                "Every policylint-disable comment names checks that exist and says why they do not apply.",
                Severity::Error,
                "A requirement switched off without a written reason cannot be reviewed: the next DSL, a governor or an inspector cannot tell a considered decision from a way round the check.",
                "<!-- policylint-disable-next-line STALE-UKCCIS reason=\"quotes the title of the 2018 guidance\" -->",
                "Add reason=\"…\" saying why the requirement does not apply here, and check the id with `policylint rules --all`.",
            ),
            make_def(
                SUPPRESSION_UNUSED,
                "Suppression comment is still needed",
                "A policylint-disable comment suppresses at least one finding.",
                Severity::Warning,
                "A suppression left behind after the policy was fixed would silently hide the requirement if the text regressed.",
                "<!-- policylint-disable-section MOB-PHONE-FREE reason=\"phones are handed in at reception; see the mobile phone policy\" -->",
                "Remove the comment, or move it to where the finding now is.",
            ),
            make_def(
                WAIVER_EXPIRED,
                "Waiver is in date",
                "A [[waiver]] in policylint.toml has not passed its expiry date.",
                Severity::Warning,
                "Waivers are agreed for a time; after that the requirement counts again until someone with authority reviews it.",
                "[[waiver]]\ncheck = \"MOB-PHONE-FREE\"\nreason = \"new phone policy goes to governors in the spring term\"\nowner = \"Ruth Adebayo (DSL)\"\nexpires = 2027-04-30",
                "Meet the requirement and remove the waiver, or review it and set a new expiry date.",
            ),
            make_def(
                WAIVER_UNUSED,
                "Waiver is still needed",
                "A [[waiver]] in policylint.toml waives at least one failure.",
                Severity::Warning,
                "A waiver nothing needs any more would hide the requirement if a policy regressed.",
                "[[waiver]]\ncheck = \"FILT-REVIEW\"\npaths = [\"policies/nursery.md\"]\nreason = \"…\"\nowner = \"…\"\nexpires = 2027-04-30",
                "Remove the waiver from policylint.toml.",
            ),
        ]
    })
}

/// The definition of one of the suppression findings.
pub fn def(id: &str) -> Option<Arc<CheckDef>> {
    defs().iter().find(|d| d.id == id).cloned()
}

/// `policylint explain` for one of these findings.
pub fn explain(def: &CheckDef, json: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if json {
        let v = serde_json::json!({ "check": def, "pack": PACK, "history": [] });
        serde_json::to_writer_pretty(&mut *out, &v)?;
        return writeln!(out);
    }
    writeln!(out, "{} — {}\n", def.id, def.title)?;
    writeln!(out, "Requirement: {}", def.requirement)?;
    writeln!(out, "Why it matters: {}", def.why)?;
    writeln!(out, "Severity: {}", def.severity.as_str())?;
    writeln!(out, "Source: {}\n", def.source.cite())?;
    writeln!(out, "For example:")?;
    for line in def.example.lines() {
        writeln!(out, "  {line}")?;
    }
    writeln!(out, "\nTo fix: {}", def.fix)?;
    writeln!(
        out,
        "How policylint checks: it reads policylint-disable comments in the policy and [[waiver]] entries in policylint.toml; this finding is about them, not about the guidance."
    )
}

/// Whether a waiver text came from a comment in the policy (rather than policylint.toml).
pub fn is_in_source(waiver: &str) -> bool {
    waiver.contains(DIRECTIVE)
}

fn finding(
    id: &str,
    message: String,
    help: &str,
    span: Option<Span>,
    labels: Vec<(Span, String)>,
    fix: Option<Fix>,
) -> CheckResult {
    let def = def(id).expect("a suppression finding id");
    CheckResult {
        check: Arc::from(id),
        severity: def.severity,
        def,
        pack: Arc::from(PACK),
        status: Status::Fail,
        message,
        help: Some(help.to_string()),
        span,
        evidence: Vec::new(),
        labels,
        fix,
        waiver: None,
        baselined: false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    Line,
    NextLine,
    Section,
    File,
}

impl Scope {
    fn directive(self) -> &'static str {
        match self {
            Scope::Line => "policylint-disable",
            Scope::NextLine => "policylint-disable-next-line",
            Scope::Section => "policylint-disable-section",
            Scope::File => "policylint-disable-file",
        }
    }

    fn where_(self) -> &'static str {
        match self {
            Scope::Line => "on this line",
            Scope::NextLine => "on the next line",
            Scope::Section => "in this section",
            Scope::File => "in this policy",
        }
    }
}

#[derive(Debug)]
struct Directive {
    scope: Scope,
    /// The whole comment.
    span: Span,
    ids: Vec<(String, Span)>,
    reason: String,
}

#[derive(Debug)]
enum Parsed {
    NotOurs,
    Bad {
        message: String,
        help: String,
        label: Option<(Span, String)>,
    },
    Ok(Directive),
}

fn is_check_id(s: &str) -> bool {
    let mut parts = s.split('-');
    parts.next().is_some_and(|first| {
        first.starts_with(|c: char| c.is_ascii_uppercase())
            && first
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    }) && parts.all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

/// Read one comment. `text` is the whole file.
fn parse(comment: &Comment, text: &str) -> Parsed {
    let body = comment.body.as_str();
    let Some(rest) = body.strip_prefix("policylint-") else {
        return Parsed::NotOurs;
    };
    // Where the body starts in the file, so ids can be pointed at.
    let raw = &text[comment.span.clone()];
    let base = comment.span.start + raw.find(body).unwrap_or(0);
    let word_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let scope = match &rest[..word_end] {
        "disable" => Scope::Line,
        "disable-next-line" => Scope::NextLine,
        "disable-section" => Scope::Section,
        "disable-file" => Scope::File,
        other => {
            return Parsed::Bad {
                message: format!("`policylint-{other}` is not a policylint comment, so it does nothing"),
                help: "write policylint-disable (this line), policylint-disable-next-line, policylint-disable-section or policylint-disable-file, then the check ids and reason=\"…\"".into(),
                label: None,
            };
        }
    };
    let args_start = "policylint-".len() + word_end;
    let args = &body[args_start..];
    // Split off reason=…
    let (ids_text, reason) = match find_reason(args) {
        Some((at, value)) => (&args[..at], value),
        None => (args, None),
    };
    let mut ids = Vec::new();
    let mut start = None;
    for (i, c) in ids_text
        .char_indices()
        .chain(std::iter::once((ids_text.len(), ' ')))
    {
        let sep = c.is_whitespace() || c == ',';
        match (sep, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let at = base + args_start + s..base + args_start + i;
                ids.push((ids_text[s..i].to_string(), at));
                start = None;
            }
            _ => {}
        }
    }
    let directive = scope.directive();
    if let Some((bad, at)) = ids.iter().find(|(id, _)| !is_check_id(id)) {
        return Parsed::Bad {
            message: format!("`{bad}` is not a check id, so this suppression was not applied"),
            help: format!(
                "write {directive} ID reason=\"…\" with ids such as STALE-UKCCIS (see `policylint rules --all`)"
            ),
            label: Some((at.clone(), "not a check id".into())),
        };
    }
    if ids.is_empty() {
        return Parsed::Bad {
            message: format!("`{directive}` names no check, so it was not applied"),
            help: format!(
                "say which requirement does not apply and why, e.g. <!-- {directive} STALE-UKCCIS reason=\"quotes the title of the 2018 guidance\" -->"
            ),
            label: None,
        };
    }
    let Some(reason) = reason.filter(|r| !r.trim().is_empty()) else {
        let names: Vec<&str> = ids.iter().map(|(id, _)| id.as_str()).collect();
        return Parsed::Bad {
            message: format!(
                "`{directive} {}` gives no reason, so it was not applied",
                names.join(", ")
            ),
            help: "add reason=\"…\" saying why the requirement does not apply here; whoever reviews the policy next will read it".into(),
            label: None,
        };
    };
    Parsed::Ok(Directive {
        scope,
        span: comment.span.clone(),
        ids,
        reason: reason.trim().to_string(),
    })
}

/// Find `reason = "…"` in the arguments: its byte offset and the value (None when the value is
/// missing or its closing quote is).
fn find_reason(args: &str) -> Option<(usize, Option<String>)> {
    let at = args.find("reason")?;
    let after = args[at + "reason".len()..].trim_start();
    let Some(value) = after.strip_prefix('=') else {
        return Some((at, None));
    };
    let value = value.trim_start();
    let mut chars = value.chars();
    let close = match chars.next() {
        Some('"') => '"',
        Some('\'') => '\'',
        Some('\u{201c}') => '\u{201d}',
        Some('\u{2018}') => '\u{2019}',
        // unquoted: the rest of the comment
        Some(_) => return Some((at, Some(value.trim().to_string()))),
        None => return Some((at, None)),
    };
    let inner = chars.as_str();
    Some((at, inner.find(close).map(|end| inner[..end].to_string())))
}

/// The byte range a directive covers, or None for the whole file.
fn range_of(d: &Directive, doc: &Document) -> Option<Span> {
    let src = &doc.source;
    let first = src.line_index(d.span.start);
    let last = src.line_index(d.span.end.saturating_sub(1).max(d.span.start));
    let line_range = |from: usize, to: usize| {
        let start = src.line_starts()[from];
        let end = src
            .line_starts()
            .get(to + 1)
            .copied()
            .unwrap_or(src.text.len());
        start..end
    };
    match d.scope {
        Scope::Line => Some(line_range(first, last)),
        Scope::NextLine => {
            let next = (last + 1..src.line_count()).find(|&l| !src.line_text(l).trim().is_empty());
            // No next line: an empty range, so the suppression is reported unused.
            Some(next.map_or(src.text.len()..src.text.len(), |l| line_range(l, l)))
        }
        Scope::Section => {
            let sections = &doc.outline.sections;
            let inner = sections
                .iter()
                .filter(|s| s.span.start <= d.span.start && d.span.start < s.span.end)
                .max_by_key(|s| s.span.start);
            Some(match inner {
                Some(s) => s.span.clone(),
                // Before the first heading: the opening part of the policy.
                None => 0..sections.first().map_or(src.text.len(), |s| s.span.start),
            })
        }
        Scope::File => None,
    }
}

/// A fix that deletes a comment: its whole line(s) when nothing else is on them. Shown with
/// `--diff`, never applied: `--fix` does not remove what people wrote.
fn remove_comment(src: &SourceFile, span: &Span) -> Fix {
    let first = src.line_index(span.start);
    let last = src.line_index(span.end.saturating_sub(1).max(span.start));
    let start = src.line_starts()[first];
    let end_of_last = src.line_span(last).end;
    let alone = src.text[start..span.start].trim().is_empty()
        && src.text[span.end..end_of_last].trim().is_empty();
    let cut = if alone {
        start
            ..src
                .line_starts()
                .get(last + 1)
                .copied()
                .unwrap_or(src.text.len())
    } else {
        let before = src.text[..span.start]
            .strip_suffix(' ')
            .map_or(span.start, |s| s.len());
        before..span.end
    };
    Fix {
        title: "remove the unused suppression".into(),
        applicability: Applicability::DisplayOnly,
        edits: vec![Edit {
            span: cut,
            replacement: String::new(),
        }],
    }
}

fn nearest<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (crate::schema::edit_distance(id, k), k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| k)
}

/// Apply the policy's own suppression comments to its results, and add a finding for each
/// comment that cannot be applied or that suppresses nothing.
pub fn apply_inline(doc: &Document, registry: &Registry, results: &mut Vec<CheckResult>) {
    let known: BTreeSet<&str> = registry
        .packs
        .iter()
        .flat_map(|p| p.checks.iter().map(|c| c.id.as_str()))
        .collect();
    let mut directives = Vec::new();
    let mut found = Vec::new();
    for comment in &doc.outline.comments {
        match parse(comment, &doc.source.text) {
            Parsed::NotOurs => {}
            Parsed::Bad {
                message,
                help,
                label,
            } => found.push(finding(
                SUPPRESSION,
                message,
                &help,
                Some(comment.span.clone()),
                label.into_iter().collect(),
                None,
            )),
            Parsed::Ok(d) => {
                let mut bad = None;
                for (id, at) in &d.ids {
                    if def(id).is_some() {
                        bad = Some((
                            format!(
                                "`{id}` findings cannot be suppressed, so this suppression was not applied"
                            ),
                            "correct or remove the suppression comment the finding points at"
                                .to_string(),
                            at.clone(),
                        ));
                    } else if !known.contains(id.as_str()) {
                        let help = match nearest(id, known.iter().copied()) {
                            Some(n) => {
                                format!("did you mean `{n}`? (see `policylint rules --all`)")
                            }
                            None => "see `policylint rules --all` for the check ids".to_string(),
                        };
                        bad = Some((
                            format!("`{id}` is not a check, so this suppression was not applied"),
                            help,
                            at.clone(),
                        ));
                    }
                    if bad.is_some() {
                        break;
                    }
                }
                match bad {
                    Some((message, help, at)) => found.push(finding(
                        SUPPRESSION,
                        message,
                        &help,
                        Some(d.span.clone()),
                        vec![(at, "here".into())],
                        None,
                    )),
                    None => directives.push(d),
                }
            }
        }
    }
    // The narrowest suppression claims a finding first; a wider one that only repeats it is
    // then reported as unused.
    directives.sort_by_key(|d| (d.scope, d.span.start));
    for d in &directives {
        let range = range_of(d, doc);
        let line = doc.source.line_col(d.span.start).line;
        for (id, at) in &d.ids {
            let mut used = 0;
            for r in results.iter_mut() {
                if &*r.check != id.as_str() || r.status != Status::Fail {
                    continue;
                }
                let covered = match (&range, &r.span) {
                    (None, _) => true,
                    (Some(range), Some(span)) => range.contains(&span.start),
                    (Some(_), None) => false,
                };
                if covered {
                    r.status = Status::Waived;
                    r.waiver = Some(format!(
                        "{} ({} on line {line})",
                        d.reason,
                        d.scope.directive()
                    ));
                    used += 1;
                }
            }
            if used > 0 {
                continue;
            }
            let of_check: Vec<&CheckResult> = results
                .iter()
                .filter(|r| &*r.check == id.as_str())
                .collect();
            let message = if of_check.is_empty() {
                format!(
                    "`{id}` is not among the checks run on this policy, so this suppression does nothing"
                )
            } else if of_check.iter().any(|r| r.status == Status::Fail) {
                format!(
                    "no `{id}` finding is {}, so this suppression does nothing",
                    d.scope.where_()
                )
            } else {
                format!(
                    "`{id}` is met or does not apply here, so this suppression is no longer needed"
                )
            };
            let fix = (d.ids.len() == 1).then(|| remove_comment(&doc.source, &d.span));
            found.push(finding(
                SUPPRESSION_UNUSED,
                message,
                "remove the comment; if the requirement is still not met somewhere else, put the suppression there",
                Some(d.span.clone()),
                // with several ids, say which one; with one, the comment is the place
                if d.ids.len() > 1 {
                    vec![(at.clone(), "suppresses nothing".into())]
                } else {
                    Vec::new()
                },
                fix,
            ));
        }
    }
    results.extend(found);
}

/// What applying waivers needs of a checked policy: a full report (`check`), or the compact
/// row an audit keeps of each policy so that its memory does not grow with their text.
pub trait Waivable {
    fn path(&self) -> &str;
    /// Whether the policy was read and checked; a waiver covers only those.
    fn was_checked(&self) -> bool;
    /// Whether `check` is not met in this policy; when `reason` is given, mark it waived.
    fn waive(&mut self, check: &str, reason: Option<&str>) -> bool;
}

impl Waivable for FileReport {
    fn path(&self) -> &str {
        &self.path
    }

    fn was_checked(&self) -> bool {
        self.source.is_some()
    }

    fn waive(&mut self, check: &str, reason: Option<&str>) -> bool {
        let mut failing = false;
        for r in self.results.iter_mut() {
            if *r.check != *check || r.status != Status::Fail {
                continue;
            }
            failing = true;
            if let Some(reason) = reason {
                r.status = Status::Waived;
                r.waiver = Some(reason.to_string());
            }
        }
        failing
    }
}

/// Config files and the reports each governs, in a stable order.
fn by_config<'a, R>(
    reports: &[R],
    configs: &'a [Option<Arc<Config>>],
) -> Vec<(&'a Arc<Config>, Vec<usize>)> {
    let mut order: Vec<(&Arc<Config>, Vec<usize>)> = Vec::new();
    let mut index: HashMap<PathBuf, usize> = HashMap::new();
    for (i, c) in configs.iter().enumerate() {
        let Some(c) = c else { continue };
        if i >= reports.len() {
            break;
        }
        let at = *index.entry(c.path.clone()).or_insert_with(|| {
            order.push((c, Vec::new()));
            order.len() - 1
        });
        order[at].1.push(i);
    }
    order
}

fn covers(waiver: &Waiver, config: &Config, report: &impl Waivable) -> bool {
    match &waiver.paths {
        Some(globs) if !waiver.path_patterns.is_empty() => {
            let rel = crate::fingerprint::relative_path(report.path(), config.base_dir());
            globs.is_match(&rel)
        }
        _ => true,
    }
}

/// Whether a run looked at every policy a config governs: no `--changed-since`, and the config's
/// folder lies inside a folder that was searched in full.
fn searched_in_full(config: &Config, searched: Option<&[PathBuf]>) -> bool {
    let Some(dirs) = searched else { return false };
    let base = std::fs::canonicalize(config.base_dir())
        .unwrap_or_else(|_| config.base_dir().to_path_buf());
    dirs.iter().any(|d| base.starts_with(d))
}

/// Apply the `[[waiver]]`s of each report's config, and return a report for each config file
/// holding findings about its waivers (expired, unused). `configs[i]` is the config of
/// `reports[i]`. `searched` lists the folders a run searched in full (None for a partial run,
/// such as `--changed-since` or named files): only then can a waiver be called unused when it
/// covers no policy that was checked.
pub fn apply_waivers<R: Waivable>(
    reports: &mut [R],
    configs: &[Option<Arc<Config>>],
    registry: &Registry,
    today: Date,
    searched: Option<&[PathBuf]>,
) -> Result<Vec<FileReport>, Problem> {
    let known: HashSet<&str> = registry
        .packs
        .iter()
        .flat_map(|p| p.checks.iter().map(|c| c.id.as_str()))
        .collect();
    let mut out = Vec::new();
    for (config, governed) in by_config(reports, configs) {
        let mut found = Vec::new();
        for w in &config.waivers {
            if !known.contains(w.check.as_str()) {
                let hint = match nearest(&w.check, known.iter().copied()) {
                    Some(n) => format!("; did you mean `{n}`?"),
                    None => " (see `policylint rules --all`)".to_string(),
                };
                return Err(config.problem(
                    w.span.clone(),
                    format!(
                        "config error: the waiver names `{}`, which is not a check{hint}",
                        w.check
                    ),
                ));
            }
            let expired = w.expires < today;
            let reason = format!("{} ({}, until {})", w.reason, w.owner, w.expires);
            let mut covered = 0;
            let mut failing = 0;
            let mut used = 0;
            for &i in &governed {
                let report = &mut reports[i];
                if !report.was_checked() || !covers(w, config, report) {
                    continue;
                }
                covered += 1;
                let reason = (!expired).then_some(reason.as_str());
                if report.waive(&w.check, reason) {
                    failing += 1;
                    if !expired {
                        used += 1;
                    }
                }
            }
            let owner = if w.owner.is_empty() {
                String::new()
            } else {
                format!(" (owner: {})", w.owner)
            };
            if expired {
                let still = match failing {
                    0 => String::new(),
                    1 => format!("; `{}` is not met in 1 policy checked", w.check),
                    n => format!("; `{}` is not met in {n} policies checked", w.check),
                };
                found.push(finding(
                    WAIVER_EXPIRED,
                    format!(
                        "the waiver of `{}`{owner} expired on {}, so it no longer applies{still}",
                        w.check, w.expires
                    ),
                    "meet the requirement and remove the waiver, or have it reviewed and set a new `expires` date",
                    Some(w.span.clone()),
                    Vec::new(),
                    None,
                ));
            } else if used == 0
                && (covered > 0 && searched.is_some() || searched_in_full(config, searched))
            {
                let message = if covered == 0 {
                    format!(
                        "the waiver of `{}` covers no policy that was checked, so it does nothing",
                        w.check
                    )
                } else {
                    format!(
                        "the waiver of `{}` waived nothing: the requirement is met or does not apply in every policy it covers",
                        w.check
                    )
                };
                found.push(finding(
                    WAIVER_UNUSED,
                    message,
                    "remove the waiver from policylint.toml (or correct its `paths`)",
                    Some(w.span.clone()),
                    Vec::new(),
                    None,
                ));
            }
        }
        if !found.is_empty() {
            let shown = crate::fingerprint::from_working_dir(&config.path.to_string_lossy());
            out.push(FileReport {
                source: Some(SourceFile::new(
                    Path::new(&shown),
                    config.text.clone(),
                    false,
                )),
                results: found,
                ..FileReport::empty(shown)
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> (Comment, String) {
        let body = text
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .to_string();
        (
            Comment {
                span: 0..text.len(),
                body,
            },
            text.to_string(),
        )
    }

    #[test]
    fn a_directive_with_ids_and_a_reason() {
        let (c, t) = comment(
            "<!-- policylint-disable-next-line STALE-UKCCIS, ROLE-DSL reason=\"quoting the 2018 letter\" -->",
        );
        let Parsed::Ok(d) = parse(&c, &t) else {
            panic!("{:?}", parse(&c, &t))
        };
        assert_eq!(d.scope, Scope::NextLine);
        let ids: Vec<&str> = d.ids.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, ["STALE-UKCCIS", "ROLE-DSL"]);
        assert_eq!(&t[d.ids[1].1.clone()], "ROLE-DSL");
        assert_eq!(d.reason, "quoting the 2018 letter");
    }

    #[test]
    fn curly_quotes_and_unquoted_reasons_are_read() {
        let (c, t) = comment(
            "<!-- policylint-disable-file FILT-REVIEW reason=\u{201c}annual review in June\u{201d} -->",
        );
        assert!(matches!(parse(&c, &t), Parsed::Ok(d) if d.reason == "annual review in June"));
        let (c, t) = comment(
            "<!-- policylint-disable-section FILT-REVIEW reason = handled by the trust -->",
        );
        assert!(matches!(parse(&c, &t), Parsed::Ok(d) if d.reason == "handled by the trust"));
    }

    #[test]
    fn no_reason_no_id_or_a_bad_word_cannot_be_applied() {
        for text in [
            "<!-- policylint-disable ROLE-DSL -->",
            "<!-- policylint-disable ROLE-DSL reason=\"\" -->",
            "<!-- policylint-disable ROLE-DSL reason=\"unclosed -->",
            "<!-- policylint-disable reason=\"why\" -->",
            "<!-- policylint-disable role-dsl reason=\"why\" -->",
            "<!-- policylint-ignore ROLE-DSL reason=\"why\" -->",
        ] {
            let (c, t) = comment(text);
            assert!(matches!(parse(&c, &t), Parsed::Bad { .. }), "{text}");
        }
        let (c, t) = comment("<!-- a note for editors -->");
        assert!(matches!(parse(&c, &t), Parsed::NotOurs));
    }

    #[test]
    fn check_ids_are_recognised() {
        assert!(is_check_id("ROLE-DSL"));
        assert!(is_check_id("KRSCP-SPA"));
        assert!(!is_check_id("ROLE-"));
        assert!(!is_check_id("role-dsl"));
        assert!(!is_check_id("1ROLE"));
    }
}
