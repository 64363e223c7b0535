//! Running a command: find the files, load config and packs, check in parallel, report, and
//! work out the exit code. Takes plain [`Settings`]; the binary turns flags into them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{self, Config, FailOn, Finder};
use crate::document::{Document, Limits};
use crate::engine::{CheckOptions, Engine};
use crate::error::Problem;
use crate::load;
use crate::org::OrgKind;
use crate::report::{self, Format, ReportSettings, Run};
use crate::result::{FileReport, KindSource, Severity, Status};

/// Everything a run needs, free of the command-line parser.
#[derive(Debug, Clone)]
pub struct Settings {
    pub command: Command,
    pub packs: Vec<String>,
    pub kind: Option<OrgKind>,
    pub today: Date,
    pub format: Option<String>,
    pub outputs: Vec<(String, PathBuf)>,
    pub fail_on: Option<FailOn>,
    pub config: Option<PathBuf>,
    pub jobs: Option<usize>,
    pub diff: bool,
    pub fix: bool,
    pub unsafe_fixes: bool,
    pub quiet: bool,
    pub color: bool,
    pub width: usize,
    /// The process ends when the command does (the binary sets this, tests do not): the
    /// compiled packs are then left for the operating system to reclaim, which is quicker
    /// than freeing them piece by piece.
    pub process_ends: bool,
}

#[derive(Debug, Clone)]
pub enum Command {
    Check {
        paths: Vec<PathBuf>,
        stdin_filename: Option<String>,
        show_evidence: bool,
        /// Show each section beside the model policy's section.
        template: bool,
        max_file_size: Option<u64>,
        /// A baseline file: failures recorded in it do not count for the exit code.
        baseline: Option<PathBuf>,
        /// Check only the policies git says changed since this revision.
        changed_since: Option<String>,
    },
    Explain {
        id: String,
    },
    Rules {
        all: bool,
    },
    Packs,
    Schema,
    Init(crate::init::InitRequest),
    Audit(crate::audit::AuditRequest),
    Compare(crate::compare::CompareRequest),
    BaselineCreate {
        file: PathBuf,
        paths: Vec<PathBuf>,
    },
    Import {
        file: PathBuf,
        output: Option<PathBuf>,
        force: bool,
    },
}

/// Where output goes, so tests can capture it.
pub struct Io<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub stdin: &'a mut dyn Read,
}

/// Exit codes of DESIGN.md.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Run a command; returns the exit code.
pub fn run(settings: &Settings, io: &mut Io<'_>) -> u8 {
    match run_inner(settings, io) {
        Ok(code) => code,
        Err(problem) => {
            let _ = write!(
                io.stderr,
                "{}",
                report::human::render_problem(&problem, settings.color, settings.width)
            );
            EXIT_ERROR
        }
    }
}

fn run_inner(settings: &Settings, io: &mut Io<'_>) -> Result<u8, Problem> {
    match &settings.command {
        Command::Check { .. } => check(settings, io),
        Command::Explain { id } => crate::explain::explain(settings, id, io),
        Command::Rules { all } => crate::explain::rules(settings, *all, io),
        Command::Packs => crate::explain::packs(settings, io),
        Command::Schema => {
            let _ = writeln!(
                io.stdout,
                "{}",
                crate::packs::FRONT_MATTER_SCHEMA.trim_end()
            );
            Ok(EXIT_OK)
        }
        Command::Init(req) => crate::init::run(settings, req, io),
        Command::Audit(req) => crate::audit::run(settings, req, io),
        Command::Compare(req) => crate::compare::run(settings, req, io),
        Command::BaselineCreate { file, paths } => {
            crate::baseline::create(settings, file, paths, io)
        }
        Command::Import {
            file,
            output,
            force,
        } => crate::docx::import(settings, file, output.as_deref(), *force, io),
    }
}

/// An argument problem (exit 2), with no file to point at.
pub fn usage(message: impl Into<String>) -> Problem {
    Problem::new("usage", "policylint", message)
}

/// Pack files given with --pack (paths ending in .toml) and pack ids.
fn split_packs(packs: &[String]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut ids = Vec::new();
    for p in packs {
        if p.ends_with(".toml") {
            files.push(PathBuf::from(p));
        } else {
            ids.push(p.clone());
        }
    }
    (files, ids)
}

/// Load the engine with any pack files named by --pack; return it and the chosen pack ids.
pub fn engine_for(settings: &Settings) -> Result<(Engine, Vec<String>), Problem> {
    let (files, mut ids) = split_packs(&settings.packs);
    let engine = Engine::load(&files)?;
    // a pack file given by path is selected by its id
    for f in &files {
        if let Some(p) = engine
            .registry
            .packs
            .iter()
            .find(|p| engine.registry.file_path(p.file) == f.as_path())
        {
            ids.push(p.meta.id.clone());
        }
    }
    engine.validate_pack_ids(&ids).map_err(usage)?;
    Ok((engine, ids))
}

/// Whether a file seems to open with front matter (`+++` on its first line that is not
/// blank): only to choose which core compiles the schema early, so a wrong guess costs
/// time, never a result.
fn opens_with_front_matter(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 512];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|at| head[at..].starts_with(b"+++"))
}

/// Read one input and build its document; a failure comes back as the file's report.
fn read_and_build(
    input: &Input,
    stdin_text: Option<&[u8]>,
    max_size: u64,
) -> Result<Document, Box<FileReport>> {
    let source = match input {
        Input::File(p) => load::read_policy(p, max_size),
        Input::Stdin(name) => load::decode(
            Path::new(name),
            stdin_text.unwrap_or_default().to_vec(),
            max_size,
        ),
    };
    let source = source.map_err(|p| {
        let name = match input {
            Input::File(p) => display(p),
            Input::Stdin(n) => n.clone(),
        };
        Box::new(FileReport::failed(name, p))
    })?;
    let name = source.display_path();
    // the command line sets no limits of its own
    Document::build(source, Limits::default()).map_err(|p| Box::new(FileReport::failed(name, p)))
}

/// One input: a file on disk or standard input.
enum Input {
    File(PathBuf),
    Stdin(String),
}

fn check(settings: &Settings, io: &mut Io<'_>) -> Result<u8, Problem> {
    let Command::Check {
        paths,
        stdin_filename,
        show_evidence,
        template,
        max_file_size,
        baseline,
        changed_since,
    } = &settings.command
    else {
        unreachable!()
    };
    let format_name = settings.format.clone().unwrap_or_else(|| "human".into());
    let format = Format::parse(&format_name).ok_or_else(|| {
        usage(format!(
            "`{format_name}` is not an output format for check: use {}",
            Format::NAMES.join(", ")
        ))
    })?;
    let mut outputs = Vec::new();
    for (name, file) in &settings.outputs {
        let f = Format::parse(name).ok_or_else(|| {
            usage(format!(
                "`{name}` is not an output format: use {}",
                Format::NAMES.join(", ")
            ))
        })?;
        outputs.push((f, file.clone()));
    }
    let Checked {
        mut reports,
        mut thresholds,
        config_findings,
    } = check_paths(
        settings,
        paths,
        stdin_filename.as_deref(),
        *max_file_size,
        io.stdin,
        &(),
    )?;
    if reports.is_empty() {
        match changed_since {
            Some(rev) => {
                let _ = writeln!(io.stderr, "no policies changed since {rev}");
            }
            None => {
                return Err(usage(
                    "no policies found: give Markdown files (*.md) or folders holding them",
                ));
            }
        }
    }
    thresholds.extend(config_findings.iter().map(|_| None));
    reports.extend(config_findings);
    if let Some(file) = baseline {
        crate::baseline::apply(file, &mut reports)?;
    }
    let report_settings = ReportSettings {
        color: settings.color,
        width: settings.width,
        show_evidence: *show_evidence,
        show_diff: settings.diff,
        quiet: settings.quiet,
        parallel: settings.jobs != Some(1),
    };
    let run = Run {
        reports: &reports,
        today: settings.today,
        settings: &report_settings,
    };
    for (f, file) in &outputs {
        let mut buf = Vec::new();
        report::render(*f, &run, &mut buf)
            .map_err(|e| usage(format!("could not render {}: {e}", display(file))))?;
        crate::write::atomic_write(file, &buf)?;
    }
    match report::render(format, &run, io.stdout) {
        // `policylint check … | head` is not an error
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(usage(format!("could not write the report: {e}"))),
        Ok(()) => {}
    }
    if *template {
        for r in &reports {
            if let (Some(source), Some(kind)) = (&r.source, r.kind) {
                let _ = io
                    .stdout
                    .write_all(crate::template_diff::render(source, kind).as_bytes());
            }
        }
    }
    Ok(exit_code(&reports, &thresholds, settings.fail_on))
}

/// The reports of a run, in a stable order (problems met while searching, then each file in
/// the order found), each with the `fail_on` of the config that applied to it.
pub struct Checked<T = FileReport> {
    /// One per policy: its report, or what the caller keeps of it (see [`check_paths_as`]).
    pub reports: Vec<T>,
    pub thresholds: Vec<Option<FailOn>>,
    /// Findings about config files' waivers (expired, unused), one report per config file;
    /// kept apart from `reports` so that nothing takes them for policies.
    pub config_findings: Vec<FileReport>,
}

/// Hears how many files a run will check, then about each one as it is done (from the worker
/// threads). `()` hears nothing.
pub trait Progress: Sync {
    fn start(&self, _files: usize) {}
    fn done(&self, _report: &FileReport) {}
}

impl Progress for () {}

/// Find, load and check policies in parallel, each with the config closest to it and the
/// flags on top: what `check` and `audit` share.
pub fn check_paths(
    settings: &Settings,
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    max_file_size: Option<u64>,
    stdin: &mut dyn Read,
    progress: &dyn Progress,
) -> Result<Checked, Problem> {
    check_paths_as(
        settings,
        paths,
        stdin_filename,
        max_file_size,
        stdin,
        progress,
        &|report| report,
    )
}

/// [`check_paths`], keeping of each policy only what `keep` makes of its report. `keep` runs
/// on the worker thread as soon as the policy is checked, so a caller that keeps little
/// (an audit writing only the CSV) never holds more than one policy's text per thread.
pub fn check_paths_as<T: crate::suppress::Waivable + Send>(
    settings: &Settings,
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    max_file_size: Option<u64>,
    stdin: &mut dyn Read,
    progress: &dyn Progress,
    keep: &(dyn Fn(FileReport) -> T + Sync),
) -> Result<Checked<T>, Problem> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.unwrap_or(0))
        .start_handler(|_| crate::heap::prepare_thread())
        .build()
        .map_err(|e| usage(format!("could not start worker threads: {e}")))?;
    let max_size = max_file_size.unwrap_or(load::DEFAULT_MAX_FILE_SIZE);
    let changed_since = match &settings.command {
        Command::Check { changed_since, .. } => changed_since.as_deref(),
        _ => None,
    };
    // A check of one file reads and builds it on a spare core while the packs load;
    // otherwise that core compiles the evidence expressions (which building a document
    // does first) on a sample.
    let single_file = match paths {
        [p] if changed_since.is_none() && p.as_os_str() != "-" && p.is_file() => Some(p),
        _ => None,
    };
    // which core compiles the front-matter schema (see below)
    let schema_ahead = single_file.is_some_and(|p| opens_with_front_matter(p));
    let spare_work = || match single_file {
        Some(p) => {
            let built = read_and_build(&Input::File(p.clone()), None, max_size);
            // evidence most checks ask for, found while this core is free
            if let Ok(doc) = &built {
                // the kind is inferred only where neither a flag nor the front matter says
                // it (a kind in a config file is rare, and is not read yet)
                let kind = settings
                    .kind
                    .or_else(|| crate::engine::kind_in_front_matter(doc))
                    .or_else(|| doc.kind_guess().map(|guess| guess.kind));
                let _ = doc.role_labels(0);
                if doc.front_matter.is_some() && !schema_ahead {
                    crate::engine::front_matter_schema();
                }
                // the model policy that suggested wording comes from, read here rather
                // than after the checks, on the path to the report
                crate::suggest::template_sections(kind.unwrap_or(OrgKind::School));
            }
            Some((p.clone(), built))
        }
        None => {
            crate::evidence::warm_up();
            None
        }
    };
    // the spare core is the pool's other worker (its heap is prepared already)
    let (loaded, early) = if pool.current_num_threads() > 1 {
        let reading = std::sync::atomic::AtomicBool::new(true);
        pool.install(|| {
            rayon::join(
                || {
                    let loaded = engine_for(settings);
                    // this core is usually done first: it compiles the schema a policy with
                    // front matter needs, then, while the policy is still being read, what
                    // its search will
                    if schema_ahead {
                        crate::engine::front_matter_schema();
                    }
                    if let (Some(_), Ok((engine, _))) = (single_file, &loaded) {
                        engine.phrases.expect_documents(1);
                        engine
                            .phrases
                            .compile_ahead(|| reading.load(std::sync::atomic::Ordering::Relaxed));
                    }
                    loaded
                },
                || {
                    let early = spare_work();
                    reading.store(false, std::sync::atomic::Ordering::Relaxed);
                    early
                },
            )
        })
    } else {
        (pool.install(|| engine_for(settings)), None)
    };
    let (engine, pack_ids) = loaded?;
    let early = std::sync::Mutex::new(early);
    let explicit_config = match &settings.config {
        Some(p) => Some(Arc::new(config::load(p)?)),
        None => None,
    };
    let finder = Finder::default();

    // Discover the inputs in a stable order.
    let mut inputs: Vec<Input> = Vec::new();
    let mut problems: Vec<FileReport> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let name = stdin_filename.unwrap_or("<stdin>").to_string();
            inputs.push(Input::Stdin(name));
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => problems.push(FileReport::failed(display(p), load::io_problem(p, &e))),
            Ok(m) if m.is_dir() => {
                let cfg = match &explicit_config {
                    Some(c) => Some(c.clone()),
                    None => finder.for_path(p)?,
                };
                let (found, errs) = discover(p, cfg.as_deref());
                inputs.extend(found.into_iter().map(Input::File));
                problems.extend(errs);
            }
            Ok(_) => inputs.push(Input::File(p.clone())),
        }
    }
    if let Some(rev) = changed_since {
        let changed = crate::changed::since(rev, paths)?;
        inputs.retain(|i| match i {
            Input::File(p) => changed.contains(p),
            Input::Stdin(_) => true,
        });
    }
    let mut stdin_text: Option<Vec<u8>> = None;
    if inputs.iter().any(|i| matches!(i, Input::Stdin(_))) {
        let mut buf = Vec::new();
        stdin
            .read_to_end(&mut buf)
            .map_err(|e| usage(format!("could not read standard input: {e}")))?;
        stdin_text = Some(buf);
    }
    // Per-file settings: the config closest to the file, then flags on top.
    struct Job {
        input: Input,
        config: Option<Arc<Config>>,
    }
    let mut jobs = Vec::new();
    for input in inputs {
        let config = match (&explicit_config, &input) {
            (Some(c), _) => Some(c.clone()),
            (None, Input::File(p)) => finder.for_path(p)?,
            (None, Input::Stdin(_)) => finder.for_path(Path::new("."))?,
        };
        if let Some(c) = &config {
            if let Some((ids, span)) = &c.packs {
                engine
                    .validate_pack_ids(ids)
                    .map_err(|m| c.problem(span.clone(), format!("config error: {m}")))?;
            }
            for (id, (_, span)) in &c.severity {
                if !engine
                    .registry
                    .packs
                    .iter()
                    .any(|p| p.checks.iter().any(|d| &d.id == id))
                {
                    return Err(c.problem(
                        span.clone(),
                        format!(
                            "config error: `{id}` is not a check id (see `policylint rules --all`)"
                        ),
                    ));
                }
            }
        }
        jobs.push(Job { input, config });
    }
    progress.start(jobs.len());
    engine.phrases.expect_documents(jobs.len());
    let check_one = |job: &Job| -> (T, Option<FailOn>) {
        let cfg = job.config.as_deref();
        let mut opts = CheckOptions::new(settings.today);
        opts.kind = settings
            .kind
            .map(|k| (k, KindSource::Flag))
            .or_else(|| cfg.and_then(|c| c.kind).map(|k| (k, KindSource::Config)));
        opts.packs = if !pack_ids.is_empty() {
            Some(pack_ids.clone())
        } else {
            cfg.and_then(|c| c.packs.as_ref().map(|(p, _)| p.clone()))
        };
        if let Some(c) = cfg {
            opts.severity = c
                .severity
                .iter()
                .map(|(k, (s, _))| (k.clone(), *s))
                .collect();
        }
        let built_early = match &job.input {
            // built early only when it is the one file given, so the only job
            Input::File(p) => early
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .filter(|(q, _)| q == p)
                .map(|(_, built)| built),
            Input::Stdin(_) => None,
        };
        let built = built_early
            .unwrap_or_else(|| read_and_build(&job.input, stdin_text.as_deref(), max_size));
        let report = match built {
            Ok(doc) => {
                let report = engine.check_document(&doc, &opts);
                match &job.input {
                    Input::File(p) if settings.fix && !load::is_docx(p, &[]) => {
                        crate::fixer::fix_file(&engine, p, report, &opts, settings.unsafe_fixes).0
                    }
                    _ => report,
                }
            }
            Err(failed) => *failed,
        };
        progress.done(&report);
        (keep(report), cfg.and_then(|c| c.fail_on))
    };
    let checked: Vec<(T, Option<FailOn>)> =
        pool.install(|| jobs.par_iter().map(check_one).collect());
    let mut reports: Vec<T> = problems.into_iter().map(keep).collect();
    let mut thresholds: Vec<Option<FailOn>> = vec![None; reports.len()];
    let mut configs: Vec<Option<Arc<Config>>> = vec![None; reports.len()];
    for ((r, f), job) in checked.into_iter().zip(&jobs) {
        reports.push(r);
        thresholds.push(f);
        configs.push(job.config.clone());
    }
    // Folders searched in full: only then can a waiver be found to be unused.
    let searched: Option<Vec<PathBuf>> =
        (changed_since.is_none() && paths.iter().all(|p| p.is_dir())).then(|| {
            paths
                .iter()
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect()
        });
    let config_findings = crate::suppress::apply_waivers(
        &mut reports,
        &configs,
        &engine.registry,
        settings.today,
        searched.as_deref(),
    )?;
    if settings.process_ends {
        std::mem::forget(engine);
    }
    Ok(Checked {
        reports,
        thresholds,
        config_findings,
    })
}

/// The threshold for failing a run: `--fail-on`, else the policy's config, else errors.
pub fn threshold(flag: Option<FailOn>, config: Option<FailOn>) -> FailOn {
    flag.or(config).unwrap_or(FailOn::Severity(Severity::Error))
}

/// 2 if any file could not be checked, else 1 if any finding is at or above the threshold.
pub fn exit_code(
    reports: &[FileReport],
    thresholds: &[Option<FailOn>],
    flag: Option<FailOn>,
) -> u8 {
    if reports.iter().any(|r| !r.errors.is_empty()) {
        return EXIT_ERROR;
    }
    let failing = reports.iter().zip(thresholds).any(|(r, t)| {
        let threshold = threshold(flag, *t);
        r.results.iter().any(|res| {
            res.status == Status::Fail && !res.baselined && threshold.fails(res.severity)
        })
    });
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Markdown files under a folder, .gitignore respected, in sorted order.
fn discover(dir: &Path, cfg: Option<&Config>) -> (Vec<PathBuf>, Vec<FileReport>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let path = e.path();
                let is_md = path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                    x.eq_ignore_ascii_case("md")
                        || x.eq_ignore_ascii_case("markdown")
                        || x.eq_ignore_ascii_case("docx")
                });
                if e.file_type().is_some_and(|t| t.is_file())
                    && is_md
                    && cfg.is_none_or(|c| c.selects(path))
                {
                    files.push(path.to_path_buf());
                }
            }
            Err(err) => {
                let path = err_path(&err).unwrap_or_else(|| dir.to_path_buf());
                let message = if err.is_io() && err.to_string().contains("loop")
                    || err.to_string().contains("File system loop")
                {
                    "this folder links back to one of its own parents (a symbolic link loop), so it was not searched".to_string()
                } else {
                    format!("could not search here: {err}")
                };
                errors.push(FileReport::failed(
                    display(&path),
                    Problem::new("load::walk", &path, message),
                ));
            }
        }
    }
    (files, errors)
}

fn err_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}
