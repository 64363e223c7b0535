//! `policylint audit`: every policy in a folder, each against the packs for its own kind and
//! partnership, as an organisation-by-requirement matrix (CSV, JSON, HTML dashboard).
//!
//! Finding, loading and checking the files is `check`'s own code ([`crate::app::check_paths`]),
//! so an audit gives each policy exactly the results `check` gives it. This module arranges
//! those results into a [`matrix::Matrix`], compares it with last year's audit
//! ([`previous`]), and renders it.

pub mod csv;
pub mod html;
pub mod json;
pub mod matrix;
pub mod policy;
pub mod previous;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::app::{self, Checked, Io, Progress, Settings, usage};
use crate::config::FailOn;
use crate::error::Problem;
use crate::org::OrgKind;
use crate::report::{ReportSettings, Run};
use crate::result::FileReport;

use matrix::Matrix;
use policy::{Policy, Shared};
use previous::Previous;

#[derive(Debug, Clone)]
pub struct AuditRequest {
    pub dir: PathBuf,
    pub csv: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub previous: Option<PathBuf>,
    pub progress: bool,
    pub max_file_size: Option<u64>,
}

/// Where the audit goes.
#[derive(Debug, Default)]
struct Outputs {
    csv: Vec<PathBuf>,
    json: Vec<PathBuf>,
    html: Vec<PathBuf>,
}

fn outputs(settings: &Settings, req: &AuditRequest) -> Result<Outputs, Problem> {
    let mut o = Outputs {
        csv: req.csv.iter().cloned().collect(),
        json: req.json.iter().cloned().collect(),
        html: req.html.iter().cloned().collect(),
    };
    for (name, file) in &settings.outputs {
        match name.as_str() {
            "csv" => o.csv.push(file.clone()),
            "json" => o.json.push(file.clone()),
            "html" => o.html.push(file.clone()),
            _ => {
                return Err(usage(format!(
                    "`{name}` is not an output format for audit: use csv, json or html (or --csv, --json, --html)"
                )));
            }
        }
    }
    Ok(o)
}

/// Where the progress bar draws: a buffer that the main thread copies to the run's stderr.
///
/// The bar is drawn by whichever worker thread finishes a file, but the binary holds the
/// stderr lock for the whole run (it hands the locked handle to [`Io`]), so a worker writing
/// to stderr itself would wait for ever. Drawing into a buffer keeps every byte going
/// through `Io::stderr`.
#[derive(Debug)]
struct Drawn {
    width: u16,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Drawn {
    fn put(&self, s: &str) -> std::io::Result<()> {
        self.out
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn cursor(&self, n: usize, code: char) -> std::io::Result<()> {
        if n == 0 {
            Ok(())
        } else {
            self.put(&format!("\x1b[{n}{code}"))
        }
    }
}

impl indicatif::TermLike for Drawn {
    fn width(&self) -> u16 {
        self.width
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'A')
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'B')
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'C')
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'D')
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.put(s)?;
        self.put("\n")
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.put(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.put("\r\x1b[2K")
    }
    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An indicatif progress bar, drawn into a buffer (see [`Drawn`]).
struct Bar {
    bar: indicatif::ProgressBar,
    out: Arc<Mutex<Vec<u8>>>,
    /// Shown once the number of files is known, so the bar never reads "0/0".
    target: Mutex<Option<indicatif::ProgressDrawTarget>>,
}

impl Bar {
    fn new(width: usize) -> Bar {
        let out = Arc::new(Mutex::new(Vec::new()));
        let target = indicatif::ProgressDrawTarget::term_like_with_hz(
            Box::new(Drawn {
                width: width.min(usize::from(u16::MAX)) as u16,
                out: out.clone(),
            }),
            10,
        );
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix("Checking policies");
        Bar {
            bar,
            out,
            target: Mutex::new(Some(target)),
        }
    }

    /// Copy what the bar drew since last time to `w`.
    fn drain(&self, w: &mut dyn std::io::Write) {
        let bytes = std::mem::take(&mut *self.out.lock().unwrap_or_else(|e| e.into_inner()));
        if !bytes.is_empty() {
            let _ = w.write_all(&bytes);
            let _ = w.flush();
        }
    }
}

impl Progress for Bar {
    fn start(&self, files: usize) {
        self.bar.set_length(files as u64);
        if let Some(t) = self.target.lock().unwrap_or_else(|e| e.into_inner()).take() {
            self.bar.set_draw_target(t);
        }
    }

    fn done(&self, report: &FileReport) {
        self.bar.set_message(report.path.clone());
        self.bar.inc(1);
    }
}

/// Check the folder, with a progress bar on stderr when `show` is set: the checking runs on
/// its own thread while this one copies the bar to stderr.
fn check_folder(
    settings: &Settings,
    req: &AuditRequest,
    io: &mut Io<'_>,
    show: bool,
    keep: &(dyn Fn(FileReport) -> Policy + Sync),
) -> Result<Checked<Policy>, Problem> {
    let dirs = std::slice::from_ref(&req.dir);
    if !show {
        return app::check_paths_as(settings, dirs, None, req.max_file_size, io.stdin, &(), keep);
    }
    let bar = Bar::new(settings.width);
    let result = std::thread::scope(|s| {
        let worker = s.spawn(|| {
            // an audit reads no standard input: its only path is a folder
            app::check_paths_as(
                settings,
                dirs,
                None,
                req.max_file_size,
                &mut std::io::empty(),
                &bar,
                keep,
            )
        });
        while !worker.is_finished() {
            std::thread::sleep(std::time::Duration::from_millis(50));
            bar.drain(io.stderr);
        }
        worker.join()
    });
    bar.bar.finish_and_clear();
    bar.drain(io.stderr);
    match result {
        Ok(checked) => checked,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Run an audit; the exit code is `check`'s (2 if a file could not be read, else 1 if any
/// finding is at or above --fail-on, else 0).
pub fn run(settings: &Settings, req: &AuditRequest, io: &mut Io<'_>) -> Result<u8, Problem> {
    let json_stdout = match settings.format.as_deref() {
        None | Some("human") => false,
        Some("json") => true,
        Some(other) => {
            return Err(usage(format!(
                "`{other}` is not an output format for audit: use human or json (and --csv, --html for files)"
            )));
        }
    };
    let outputs = outputs(settings, req)?;
    // A bad previous audit is found before the long part of the run.
    let previous = req.previous.as_deref().map(previous::load).transpose()?;
    if !req.dir.exists() {
        return Err(Problem::new(
            "load::io",
            &req.dir,
            "there is no such folder to audit",
        ));
    }
    let show = req.progress && !settings.quiet && std::io::stderr().is_terminal();
    // The JSON and the dashboard show every finding, so only they need each full report;
    // otherwise each policy is cut down to its row as soon as it is checked.
    let keep_reports = json_stdout || !outputs.json.is_empty() || !outputs.html.is_empty();
    let shared = Arc::new(Shared::default());
    let keep = |report: FileReport| Policy::new(report, &shared, keep_reports);
    let checked = check_folder(settings, req, io, show, &keep);
    let Checked {
        reports: policies,
        thresholds,
        config_findings,
    } = checked?;
    if policies.is_empty() {
        return Err(usage(format!(
            "no policies found under {}: audit reads Markdown (*.md) and Word (*.docx) files",
            display(&req.dir)
        )));
    }
    // A stable order whatever the number of threads: by path.
    let mut pairs: Vec<(Policy, Option<FailOn>)> = policies.into_iter().zip(thresholds).collect();
    pairs.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let (mut policies, thresholds): (Vec<Policy>, Vec<Option<FailOn>>) = pairs.into_iter().unzip();
    let code = exit_code(&policies, &thresholds, &config_findings, settings.fail_on);

    // Findings about waivers in policylint.toml files (expired, unused) are not policies:
    // they stay out of the matrix but appear in the JSON and the summary, as with `check`.
    let mut reports: Vec<FileReport> = policies
        .iter_mut()
        .filter_map(|p| p.report.take().map(|r| *r))
        .collect();
    let kept = reports.len();
    reports.extend(config_findings);
    let requirements = shared.requirements();
    let matrix = Matrix::build(
        &policies,
        &reports[..kept],
        &requirements,
        &req.dir,
        previous.as_ref(),
    );
    let dir = display(&req.dir);
    let report_settings = ReportSettings::default();
    let run = Run {
        reports: &reports,
        today: settings.today,
        settings: &report_settings,
    };
    let mut wrote: Vec<String> = Vec::new();
    for file in &outputs.csv {
        crate::write::atomic_write_with(file, &mut |w| {
            csv::write(&matrix, previous.is_some(), w).map_err(std::io::Error::from)
        })?;
        wrote.push(format!("the matrix as CSV to {}", display(file)));
    }
    for file in &outputs.json {
        crate::write::atomic_write_with(file, &mut |w| {
            json::render(&run, &matrix, &dir, previous.as_ref(), w)
        })?;
        wrote.push(format!("the results as JSON to {}", display(file)));
    }
    if !outputs.html.is_empty() {
        let page = html::render(&html::Page {
            matrix: &matrix,
            dir: &dir,
            today: settings.today.to_string(),
            previous: previous.as_ref(),
        });
        for file in &outputs.html {
            crate::write::atomic_write(file, page.as_bytes())?;
            wrote.push(format!("the dashboard to {}", display(file)));
        }
    }
    let written = if json_stdout {
        json::render(&run, &matrix, &dir, previous.as_ref(), io.stdout)
    } else {
        let mut text = summary(
            &matrix,
            &dir,
            &settings.today.to_string(),
            previous.as_ref(),
            &wrote,
            settings.quiet,
        );
        text.push_str(&config_notes(&reports[kept..]));
        io.stdout.write_all(text.as_bytes())
    };
    written.map_err(|e| usage(format!("could not write the summary: {e}")))?;
    Ok(code)
}

/// `check`'s exit code ([`app::exit_code`]) from the policies' rows: 2 if a policy could not
/// be read, else 1 if a requirement not met is at or above the threshold (`--fail-on`, else
/// the policy's config, else errors), or a waiver finding is.
fn exit_code(
    policies: &[Policy],
    thresholds: &[Option<FailOn>],
    config_findings: &[FileReport],
    flag: Option<FailOn>,
) -> u8 {
    if policies.iter().any(|p| p.error.is_some()) {
        return app::EXIT_ERROR;
    }
    let failing = policies.iter().zip(thresholds).any(|(p, t)| {
        let threshold = app::threshold(flag, *t);
        p.cells
            .iter()
            .any(|c| c.status == crate::result::Status::Fail && threshold.fails(c.severity))
    });
    if failing {
        app::EXIT_FINDINGS
    } else {
        app::exit_code(config_findings, &vec![None; config_findings.len()], flag)
    }
}

/// Findings about the waivers in config files, for the end of the summary.
fn config_notes(findings: &[FileReport]) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    for f in findings {
        let failing: Vec<_> = f
            .results
            .iter()
            .filter(|r| r.status == crate::result::Status::Fail)
            .collect();
        if failing.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\nWaivers in {} need attention:", f.path);
        for r in failing {
            let at = match (&f.source, &r.span) {
                (Some(src), Some(span)) => format!(" (line {})", src.line_col(span.start).line),
                _ => String::new(),
            };
            let _ = writeln!(o, "  {}{at}", r.message);
        }
    }
    o
}

fn kind_count(k: OrgKind, n: usize) -> String {
    let (one, many) = match k {
        OrgKind::School => ("school", "schools"),
        OrgKind::College => ("college", "colleges"),
        OrgKind::EarlyYears => ("early-years setting", "early-years settings"),
        OrgKind::Agency => (
            "agency or voluntary organisation",
            "agencies and voluntary organisations",
        ),
    };
    crate::report::plural(n, one, many)
}

/// How many of the most often unmet requirements the summary lists.
const TOP: usize = 10;

/// The short human summary printed on stdout.
pub fn summary(
    matrix: &Matrix<'_>,
    dir: &str,
    today: &str,
    previous: Option<&Previous>,
    wrote: &[String],
    quiet: bool,
) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let total = matrix.rows.len();
    let readable = matrix.readable().count();
    let unreadable = total - readable;
    if !quiet {
        let _ = write!(
            o,
            "Audited {} under {dir} on {today}: {readable} checked",
            crate::report::plural(total, "policy", "policies")
        );
        if unreadable > 0 {
            let _ = write!(o, ", {unreadable} could not be read");
        }
        o.push_str(".\n\n");
        let kinds: Vec<String> = matrix
            .kinds()
            .into_iter()
            .map(|(k, n)| kind_count(k, n))
            .collect();
        if !kinds.is_empty() {
            let _ = writeln!(o, "Organisations by kind: {}.", kinds.join(", "));
        }
        let overall = matrix.overall();
        if let Some(ratio) = overall.compliance() {
            let _ = write!(
                o,
                "Requirements met: {} of {} that apply ({}%)",
                overall.pass,
                overall.pass + overall.fail,
                (ratio * 100.0).round() as u32
            );
            if overall.waived > 0 {
                let _ = write!(o, "; {} waived", overall.waived);
            }
            o.push_str(".\n");
        }
        let unmet = matrix.most_unmet();
        if unmet.is_empty() {
            o.push_str("\nEvery organisation meets every requirement that applies to it.\n");
        } else {
            let _ = writeln!(o, "\nRequirements most often not met:");
            let width = unmet
                .iter()
                .take(TOP)
                .map(|(c, _)| c.id.len())
                .max()
                .unwrap_or(0);
            for (col, t) in unmet.iter().take(TOP) {
                let applies = t.counts.pass + t.counts.fail + t.counts.waived;
                let _ = writeln!(
                    o,
                    "  {:<width$}  not met by {} of {applies}  {}",
                    col.id, t.counts.fail, col.title
                );
            }
            if unmet.len() > TOP {
                let _ = writeln!(
                    o,
                    "  … and {} more (see the CSV or the dashboard)",
                    unmet.len() - TOP
                );
            }
        }
    }
    if unreadable > 0 {
        let _ = writeln!(
            o,
            "{}Could not be read ({unreadable}):",
            if quiet { "" } else { "\n" }
        );
        for r in matrix.unreadable() {
            let _ = writeln!(o, "  {}: {}", r.path(), r.error.unwrap_or_default());
        }
    }
    if !quiet {
        if let Some(prev) = previous {
            let rows: Vec<_> = matrix
                .readable()
                .filter_map(|r| r.changes.as_ref().map(|c| (r, c)))
                .collect();
            let improved: usize = rows.iter().map(|(_, c)| c.improved().len()).sum();
            let regressed: usize = rows.iter().map(|(_, c)| c.regressed().len()).sum();
            let new = rows
                .iter()
                .filter(|(_, c)| matches!(c, previous::Changes::NotInPrevious))
                .count();
            let _ = write!(
                o,
                "\nSince the previous audit ({}{}): {} now met, {} no longer met",
                prev.file,
                prev.today
                    .as_deref()
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default(),
                crate::report::plural(improved, "requirement", "requirements"),
                regressed
            );
            if new > 0 {
                let _ = write!(
                    o,
                    "; {} not in it",
                    crate::report::plural(new, "organisation", "organisations")
                );
            }
            o.push_str(".\n");
            let changed: Vec<_> = rows
                .iter()
                .filter(|(_, c)| !c.improved().is_empty() || !c.regressed().is_empty())
                .collect();
            for (r, c) in changed.iter().take(TOP) {
                let _ = writeln!(o, "  {}: {}", r.organisation, c.describe());
            }
            if changed.len() > TOP {
                let _ = writeln!(o, "  … and {} more", changed.len() - TOP);
            }
        }
        if !wrote.is_empty() {
            o.push('\n');
            for w in wrote {
                let _ = writeln!(o, "Wrote {w}.");
            }
        }
    }
    o
}
