//! `policylint compare`: which requirements a change to a policy breaks (pass → fail) or
//! mends (fail → pass), and where the evidence moved, each with a diff of the section
//! behind it. With `--git REV`, each policy is compared with its version at that revision.
//! Exit 1 when anything regressed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::{Value, json};

use crate::app::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Io, Settings, engine_for, usage};
use crate::document::markdown::normalize_heading;
use crate::engine::{CheckOptions, Engine};
use crate::error::Problem;
use crate::fix::unified_diff;
use crate::load;
use crate::result::{CheckResult, FileReport, KindSource, Status};
use crate::source::{SourceFile, Span};

#[derive(Debug, Clone)]
pub struct CompareRequest {
    pub old: PathBuf,
    pub new: Option<PathBuf>,
    pub git: Option<String>,
}

/// How one check changed between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Regressed,
    Mended,
    EvidenceChanged,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Regressed => "regressed",
            Change::Mended => "mended",
            Change::EvidenceChanged => "evidence-changed",
        }
    }
}

/// One check's change, with the section diff behind it.
#[derive(Debug, Clone)]
pub struct CheckChange {
    pub check: String,
    pub title: String,
    pub change: Change,
    pub old: Option<Side>,
    pub new: Option<Side>,
    pub diff: String,
}

/// A check's result in one version, summarised.
#[derive(Debug, Clone)]
pub struct Side {
    pub status: Status,
    pub message: String,
    pub lines: Vec<(usize, String)>,
}

/// The comparison of two versions of one policy.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub old_path: String,
    pub new_path: String,
    pub changes: Vec<CheckChange>,
    pub unchanged: usize,
    pub errors: Vec<Problem>,
}

pub fn run(settings: &Settings, req: &CompareRequest, io: &mut Io<'_>) -> Result<u8, Problem> {
    let (engine, packs) = engine_for(settings)?;
    let mut opts = CheckOptions::new(settings.today);
    opts.kind = settings.kind.map(|k| (k, KindSource::Flag));
    if !packs.is_empty() {
        opts.packs = Some(packs);
    }
    let mut comparisons = Vec::new();
    match &req.git {
        Some(rev) => {
            let mut paths = vec![req.old.clone()];
            paths.extend(req.new.clone());
            for file in policy_files(&paths)? {
                let new = load::read_policy(&file, load::DEFAULT_MAX_FILE_SIZE);
                // a revision git does not know, or no repository, stops the run
                let old = match git_show(&file, rev)? {
                    Some(b) => load::decode(&file, b, load::DEFAULT_MAX_FILE_SIZE).map(Some),
                    None => Ok(None),
                };
                let label = format!("{}@{rev}", display(&file));
                comparisons.push(compare_sources(&engine, &opts, &label, old, new));
            }
        }
        None => {
            let Some(new_path) = &req.new else {
                return Err(usage(
                    "give two files to compare (OLD NEW), or one path with --git REV",
                ));
            };
            let old = load::read_policy(&req.old, load::DEFAULT_MAX_FILE_SIZE).map(Some);
            let new = load::read_policy(new_path, load::DEFAULT_MAX_FILE_SIZE);
            comparisons.push(compare_sources(
                &engine,
                &opts,
                &display(&req.old),
                old,
                new,
            ));
        }
    }
    let format = settings.format.as_deref().unwrap_or("human");
    let text = match format {
        "human" => render_human(&comparisons),
        "json" => serde_json::to_string_pretty(&to_json(&comparisons)).unwrap_or_default() + "\n",
        "markdown" => render_markdown(&comparisons),
        other => {
            return Err(usage(format!(
                "`{other}` is not an output format for compare: use human, json or markdown"
            )));
        }
    };
    for (name, file) in &settings.outputs {
        let out = match name.as_str() {
            "json" => {
                serde_json::to_string_pretty(&to_json(&comparisons)).unwrap_or_default() + "\n"
            }
            "markdown" => render_markdown(&comparisons),
            "human" => render_human(&comparisons),
            other => {
                return Err(usage(format!(
                    "`{other}` is not an output format for compare: use human, json or markdown"
                )));
            }
        };
        crate::write::atomic_write(file, out.as_bytes())?;
    }
    let _ = io.stdout.write_all(text.as_bytes());
    for e in comparisons.iter().flat_map(|c| &c.errors) {
        let _ = io.stderr.write_all(
            crate::report::human::render_problem(e, settings.color, settings.width).as_bytes(),
        );
    }
    if comparisons.iter().any(|c| !c.errors.is_empty()) {
        return Ok(EXIT_ERROR);
    }
    let regressed = comparisons
        .iter()
        .any(|c| c.changes.iter().any(|x| x.change == Change::Regressed));
    Ok(if regressed { EXIT_FINDINGS } else { EXIT_OK })
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Markdown and Word files named or under the folders named, sorted.
fn policy_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Problem> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            for e in ignore::WalkBuilder::new(p)
                .sort_by_file_path(|a, b| a.cmp(b))
                .build()
                .flatten()
            {
                let is_policy = e
                    .path()
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| {
                        x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("docx")
                    });
                if is_policy && e.file_type().is_some_and(|t| t.is_file()) {
                    out.push(e.path().to_path_buf());
                }
            }
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(load::io_problem(
                p,
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
    }
    Ok(out)
}

/// The bytes of `file` at git revision `rev`, or `None` if it did not exist there.
fn git_show(file: &Path, rev: &str) -> Result<Option<Vec<u8>>, Problem> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let top = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output();
    let top = match top {
        Ok(o) if o.status.success() => PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()),
        Ok(_) => {
            return Err(Problem::new(
                "compare::git",
                file,
                "this file is not in a git repository, so --git cannot find its earlier version",
            ));
        }
        Err(e) => {
            return Err(
                Problem::new("compare::git", file, format!("could not run git: {e}"))
                    .with_help("install git, or compare two files: policylint compare OLD NEW"),
            );
        }
    };
    let abs = std::fs::canonicalize(file).unwrap_or(file.to_path_buf());
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let rel = abs.strip_prefix(&top).unwrap_or(&abs);
    let verify = Process::new("git")
        .arg("-C")
        .arg(&top)
        .args([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .output();
    if !verify.as_ref().is_ok_and(|o| o.status.success()) {
        return Err(Problem::new(
            "compare::git",
            file,
            format!("git does not know the revision `{rev}`"),
        )
        .with_help("use a branch, tag or commit that exists, e.g. origin/main or HEAD~1"));
    }
    let spec = format!("{rev}:{}", rel.to_string_lossy().replace('\\', "/"));
    let out = Process::new("git")
        .arg("-C")
        .arg(&top)
        .args(["show", &spec])
        .output()
        .map_err(|e| Problem::new("compare::git", file, format!("could not run git: {e}")))?;
    if out.status.success() {
        Ok(Some(out.stdout))
    } else {
        Ok(None)
    }
}

/// Compare two loaded versions.
pub fn compare_sources(
    engine: &Engine,
    opts: &CheckOptions,
    old_label: &str,
    old: Result<Option<SourceFile>, Problem>,
    new: Result<SourceFile, Problem>,
) -> Comparison {
    let mut errors = Vec::new();
    let new_report = match new {
        Ok(s) => Some(engine.check_source(s, opts)),
        Err(p) => {
            errors.push(p);
            None
        }
    };
    // the old version is checked as the new one's kind, so only the text differs
    let mut old_opts = opts.clone();
    if old_opts.kind.is_none() {
        old_opts.kind = new_report
            .as_ref()
            .and_then(|r| r.kind)
            .map(|k| (k, KindSource::Flag));
    }
    if old_opts.packs.is_none() {
        old_opts.packs = new_report.as_ref().map(|r| r.packs.clone());
    }
    let old_report = match old {
        Ok(Some(s)) => Some(engine.check_source(s, &old_opts)),
        Ok(None) => None,
        Err(p) => {
            errors.push(p);
            None
        }
    };
    for r in [&old_report, &new_report].into_iter().flatten() {
        errors.extend(r.errors.iter().cloned());
    }
    let new_path = new_report
        .as_ref()
        .map(|r| r.path.clone())
        .unwrap_or_default();
    let (changes, unchanged) = match (&old_report, &new_report) {
        (_, None) => (Vec::new(), 0),
        (old, Some(new))
            if new.errors.is_empty() && old.as_ref().is_none_or(|o| o.errors.is_empty()) =>
        {
            diff_reports(old.as_ref(), new)
        }
        _ => (Vec::new(), 0),
    };
    Comparison {
        old_path: old_label.to_string(),
        new_path,
        changes,
        unchanged,
        errors,
    }
}

fn side(report: &FileReport, check: &str) -> Option<Side> {
    let status = report.status_of(check)?;
    let source = report.source.as_ref()?;
    let results: Vec<&CheckResult> = report
        .results
        .iter()
        .filter(|r| &*r.check == check)
        .collect();
    let main = results
        .iter()
        .find(|r| r.status == status)
        .unwrap_or(&results[0]);
    let mut lines: Vec<(usize, String)> = Vec::new();
    for r in &results {
        let spans = r
            .evidence
            .iter()
            .map(|e| e.span.clone())
            .chain(r.span.clone());
        for s in spans {
            let lc = source.line_col(s.start);
            let entry = (lc.line, source.line_text(lc.line - 1).trim().to_string());
            if !lines.contains(&entry) {
                lines.push(entry);
            }
        }
    }
    lines.sort();
    Some(Side {
        status,
        message: main.message.clone(),
        lines,
    })
}

/// The changes between two reports of the same policy.
pub fn diff_reports(old: Option<&FileReport>, new: &FileReport) -> (Vec<CheckChange>, usize) {
    let mut ids: Vec<String> = Vec::new();
    for r in old
        .into_iter()
        .flat_map(|o| o.results.iter())
        .chain(new.results.iter())
    {
        if !ids.iter().any(|i| i == &*r.check) {
            ids.push(r.check.to_string());
        }
    }
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for id in ids {
        let o = old.and_then(|o| side(o, &id));
        let n = side(new, &id);
        let was_fail = o.as_ref().is_some_and(|s| s.status == Status::Fail);
        let is_fail = n.as_ref().is_some_and(|s| s.status == Status::Fail);
        let change = match (was_fail, is_fail) {
            (false, true) => Change::Regressed,
            (true, false) => Change::Mended,
            _ => {
                let both_pass = o.as_ref().is_some_and(|s| s.status == Status::Pass)
                    && n.as_ref().is_some_and(|s| s.status == Status::Pass);
                let texts = |s: &Option<Side>| {
                    s.as_ref()
                        .map(|s| {
                            s.lines
                                .iter()
                                .map(|(_, t)| t.clone())
                                .collect::<BTreeSet<_>>()
                        })
                        .unwrap_or_default()
                };
                if both_pass && texts(&o) != texts(&n) {
                    Change::EvidenceChanged
                } else {
                    unchanged += 1;
                    continue;
                }
            }
        };
        let title = new
            .results
            .iter()
            .chain(old.into_iter().flat_map(|o| o.results.iter()))
            .find(|r| *r.check == *id)
            .map(|r| r.def.title.clone())
            .unwrap_or_default();
        let diff = section_diff(old, new, &id);
        changes.push(CheckChange {
            check: id,
            title,
            change,
            old: o,
            new: n,
            diff,
        });
    }
    changes.sort_by(|a, b| (a.change, &a.check).cmp(&(b.change, &b.check)));
    (changes, unchanged)
}

/// The section a check's evidence (or failure) sits in: heading text and text span.
fn section_of(report: &FileReport, check: &str) -> Option<(String, Span)> {
    let source = report.source.as_ref()?;
    let r = report.results.iter().find(|r| &*r.check == check)?;
    let at = r
        .evidence
        .first()
        .map(|e| e.span.start)
        .or(r.span.as_ref().map(|s| s.start))?;
    // Sections are not kept in the report; find the nearest heading line above.
    let text = &source.text;
    let mut line = source.line_index(at);
    loop {
        let t = source.line_text(line);
        if t.starts_with('#') {
            let level = t.chars().take_while(|c| *c == '#').count();
            let start = source.line_starts()[line];
            // the section runs to the next heading of the same or a higher level
            let mut end = text.len();
            for l in line + 1..source.line_count() {
                let u = source.line_text(l);
                let lv = u.chars().take_while(|c| *c == '#').count();
                if lv > 0 && lv <= level && u[lv..].starts_with(' ') {
                    end = source.line_starts()[l];
                    break;
                }
            }
            return Some((t.trim_start_matches('#').trim().to_string(), start..end));
        }
        if line == 0 {
            return None;
        }
        line -= 1;
    }
}

/// A diff of the section behind a change: the same-named section in both versions, or the
/// whole file when the policy has no headings there.
fn section_diff(old: Option<&FileReport>, new: &FileReport, check: &str) -> String {
    let new_src = new
        .source
        .as_ref()
        .map(|s| s.text.to_string())
        .unwrap_or_default();
    let Some(old) = old else {
        return String::new();
    };
    let old_src = old
        .source
        .as_ref()
        .map(|s| s.text.to_string())
        .unwrap_or_default();
    let pick = section_of(new, check).or_else(|| section_of(old, check));
    let find = |src: &str, report: &FileReport, heading: &str| -> Option<Span> {
        let source = report.source.as_ref()?;
        let want = normalize_heading(heading);
        for l in 0..source.line_count() {
            let t = source.line_text(l);
            if t.starts_with('#') && normalize_heading(t.trim_start_matches('#')) == want {
                let level = t.chars().take_while(|c| *c == '#').count();
                let start = source.line_starts()[l];
                let mut end = src.len();
                for m in l + 1..source.line_count() {
                    let u = source.line_text(m);
                    let lv = u.chars().take_while(|c| *c == '#').count();
                    if lv > 0 && lv <= level && u[lv..].starts_with(' ') {
                        end = source.line_starts()[m];
                        break;
                    }
                }
                return Some(start..end);
            }
        }
        None
    };
    let (a, b) = match pick {
        Some((heading, _)) => {
            let a = find(&old_src, old, &heading)
                .map(|s| old_src[s].to_string())
                .unwrap_or_default();
            let b = find(&new_src, new, &heading)
                .map(|s| new_src[s].to_string())
                .unwrap_or_default();
            (a, b)
        }
        None => (old_src.clone(), new_src.clone()),
    };
    if a == b {
        return String::new();
    }
    unified_diff(&new.path, &a, &b)
}

fn to_json(comparisons: &[Comparison]) -> Value {
    let side = |s: &Option<Side>| match s {
        Some(s) => {
            json!({ "status": s.status.as_str(), "message": s.message, "evidence": s.lines.iter().map(|(l, t)| json!({"line": l, "text": t})).collect::<Vec<_>>() })
        }
        None => Value::Null,
    };
    let count = |c: Change| {
        comparisons
            .iter()
            .flat_map(|x| &x.changes)
            .filter(|x| x.change == c)
            .count()
    };
    json!({
        "version": 1,
        "files": comparisons.iter().map(|c| json!({
            "old": c.old_path,
            "new": c.new_path,
            "changes": c.changes.iter().map(|x| json!({
                "check": x.check, "title": x.title, "change": x.change.as_str(),
                "old": side(&x.old), "new": side(&x.new), "diff": x.diff,
            })).collect::<Vec<_>>(),
            "unchanged": c.unchanged,
            "errors": c.errors.iter().map(|e| json!({"code": e.code, "message": e.to_string()})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "summary": {
            "regressed": count(Change::Regressed),
            "mended": count(Change::Mended),
            "evidence_changed": count(Change::EvidenceChanged),
        },
    })
}

fn render_human(comparisons: &[Comparison]) -> String {
    let mut out = String::new();
    for c in comparisons {
        out.push_str(&format!("{} → {}\n", c.old_path, c.new_path));
        for e in &c.errors {
            out.push_str(&format!("  error: {e}\n"));
        }
        for (change, heading, mark) in [
            (Change::Regressed, "No longer met", "✗"),
            (Change::Mended, "Now met", "✓"),
            (
                Change::EvidenceChanged,
                "Still met, with different evidence",
                "~",
            ),
        ] {
            let items: Vec<&CheckChange> =
                c.changes.iter().filter(|x| x.change == change).collect();
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{heading} ({}):\n", items.len()));
            for x in items {
                out.push_str(&format!("  {mark} {} · {}\n", x.check, x.title));
                if let Some(o) = &x.old {
                    out.push_str(&format!(
                        "      before: {}{}\n",
                        o.message,
                        where_(&o.lines)
                    ));
                }
                if let Some(n) = &x.new {
                    out.push_str(&format!(
                        "      now:    {}{}\n",
                        n.message,
                        where_(&n.lines)
                    ));
                }
                for line in x.diff.lines() {
                    out.push_str("      │ ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        let n = |ch| c.changes.iter().filter(|x| x.change == ch).count();
        out.push_str(&format!(
            "\n{} no longer met · {} now met · {} with different evidence · {} unchanged\n\n",
            n(Change::Regressed),
            n(Change::Mended),
            n(Change::EvidenceChanged),
            c.unchanged
        ));
    }
    out
}

fn where_(lines: &[(usize, String)]) -> String {
    match lines.first() {
        Some((l, _)) => format!(" (line {l})"),
        None => String::new(),
    }
}

fn render_markdown(comparisons: &[Comparison]) -> String {
    let mut out = String::from("## policylint: requirement changes\n\n");
    for c in comparisons {
        let n = |ch| c.changes.iter().filter(|x| x.change == ch).count();
        out.push_str(&format!(
            "### `{}`\n\n{} no longer met, {} now met, {} with different evidence, {} unchanged.\n\n",
            c.new_path,
            n(Change::Regressed),
            n(Change::Mended),
            n(Change::EvidenceChanged),
            c.unchanged
        ));
        for e in &c.errors {
            out.push_str(&format!("- **Error:** {}\n", md_escape(&e.to_string())));
        }
        if c.changes.is_empty() {
            continue;
        }
        out.push_str("| | Requirement | Before | Now |\n|---|---|---|---|\n");
        for x in &c.changes {
            let mark = match x.change {
                Change::Regressed => "❌ no longer met",
                Change::Mended => "✅ now met",
                Change::EvidenceChanged => "🔁 evidence moved",
            };
            let cell = |s: &Option<Side>| {
                s.as_ref()
                    .map(|s| format!("{}{}", md_escape(&s.message), where_(&s.lines)))
                    .unwrap_or_else(|| "—".into())
            };
            out.push_str(&format!(
                "| {mark} | **{}** {} | {} | {} |\n",
                x.check,
                md_escape(&x.title),
                cell(&x.old),
                cell(&x.new)
            ));
        }
        out.push('\n');
        for x in c
            .changes
            .iter()
            .filter(|x| !x.diff.is_empty() && x.change == Change::Regressed)
        {
            out.push_str(&format!(
                "<details><summary>{} · what changed</summary>\n\n```diff\n{}```\n</details>\n\n",
                x.check,
                x.diff.replace("```", "ʼʼʼ")
            ));
        }
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('\n', " ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
