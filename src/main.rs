//! The policylint command: parse the command line, hand plain settings to the library, and
//! turn its result into an exit code.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use policylint::app::{self, Command, Io, Settings};
use policylint::config::FailOn;

fn main() -> ExitCode {
    policylint::heap::tune();
    let parsed = cli::Cli::parse();
    if let Some(code) = generate(&parsed.command) {
        return code;
    }
    let color = match parsed.common.color {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let settings = match settings_from(parsed, color) {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("error: {msg}");
            return ExitCode::from(app::EXIT_ERROR);
        }
    };
    // Output handles that lock for each write, not for the whole run: a worker thread
    // writing to stderr (a panic's message, above all) would otherwise wait for ever on a
    // lock the main thread holds while it waits for that worker.
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let mut stdin = std::io::stdin().lock();
    let code = app::run(
        &settings,
        &mut Io {
            stdout: &mut stdout,
            stderr: &mut stderr,
            stdin: &mut stdin,
        },
    );
    ExitCode::from(code)
}

/// `completions` and `man`: generated from clap's description of the command line, which
/// only the binary has.
fn generate(command: &cli::Command) -> Option<ExitCode> {
    use clap::CommandFactory;
    let result = match command {
        cli::Command::Completions { shell } => {
            let mut cmd = cli::Cli::command();
            clap_complete::generate(*shell, &mut cmd, "policylint", &mut std::io::stdout());
            Ok(())
        }
        cli::Command::Man { out_dir: None } => {
            clap_mangen::Man::new(cli::Cli::command()).render(&mut std::io::stdout().lock())
        }
        cli::Command::Man { out_dir: Some(dir) } => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(cli::Cli::command(), dir)),
        _ => return None,
    };
    Some(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: could not write the manual page: {e}");
            ExitCode::from(app::EXIT_ERROR)
        }
    })
}

fn settings_from(cli: cli::Cli, color: bool) -> Result<Settings, String> {
    let c = cli.common;
    let today = match &c.today {
        Some(t) => t.parse().map_err(|_| {
            format!("--today `{t}` is not a date: write it as YYYY-MM-DD, e.g. 2026-09-01")
        })?,
        None => jiff::Zoned::now().date(),
    };
    let kind = c.kind.as_deref().map(str::parse).transpose()?;
    let fail_on = c.fail_on.as_deref().map(str::parse::<FailOn>).transpose()?;
    let mut outputs = Vec::new();
    for o in &c.outputs {
        let (f, path) = o.split_once('=').ok_or_else(|| {
            format!("--output `{o}` should be FORMAT=FILE, e.g. --output json=report.json")
        })?;
        outputs.push((f.to_string(), path.into()));
    }
    if c.jobs == Some(0) {
        return Err("--jobs must be at least 1".into());
    }
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(100)
        .clamp(60, 200);
    let command = match cli.command {
        cli::Command::Check(a) => Command::Check {
            paths: a.paths,
            stdin_filename: a.stdin_filename,
            show_evidence: a.show_evidence,
            template: a.template,
            max_file_size: a.max_file_size,
            baseline: a.baseline,
            changed_since: a.changed_since,
        },
        cli::Command::Explain { id } => Command::Explain { id },
        cli::Command::Rules { all } => Command::Rules { all },
        cli::Command::Packs => Command::Packs,
        cli::Command::Schema => Command::Schema,
        cli::Command::Init(a) => {
            let a = *a;
            let mut values = std::collections::BTreeMap::new();
            for (k, v) in [
                ("name", a.name),
                ("dsl", a.dsl),
                ("deputy-dsl", a.deputy_dsl),
                ("prevent-lead", a.prevent_lead),
                ("online-safety-lead", a.online_safety_lead),
                ("governor", a.governor),
                ("filtering-lead", a.filtering_lead),
                ("dpo", a.dpo),
                ("headteacher", a.headteacher),
                ("it-provider", a.it_provider),
                ("reviewed-on", a.reviewed_on),
                ("approved-on", a.approved_on),
                ("next-review", a.next_review),
                ("filtering-review", a.filtering_review),
                ("staff-training", a.staff_training),
                ("dsl-training", a.dsl_training),
                ("governor-training", a.governor_training),
            ] {
                if let Some(v) = v {
                    values.insert(k.to_string(), v);
                }
            }
            Command::Init(policylint::init::InitRequest {
                kind,
                values,
                output: a.output,
                force: a.force,
            })
        }
        cli::Command::Audit(a) => Command::Audit(policylint::audit::AuditRequest {
            dir: a.dir,
            csv: a.csv,
            json: a.json,
            html: a.html,
            previous: a.previous,
            progress: !a.no_progress,
            max_file_size: a.max_file_size,
        }),
        cli::Command::Compare(a) => Command::Compare(policylint::compare::CompareRequest {
            old: a.old,
            new: a.new,
            git: a.git,
        }),
        cli::Command::Baseline {
            action: cli::BaselineAction::Create { file, paths },
        } => Command::BaselineCreate { file, paths },
        cli::Command::Import(a) => Command::Import {
            file: a.file,
            output: a.output,
            force: a.force,
        },
        cli::Command::Completions { .. } | cli::Command::Man { .. } => {
            unreachable!("handled by `generate` before settings are built")
        }
    };
    Ok(Settings {
        command,
        packs: c.packs,
        kind,
        today,
        format: c.format,
        outputs,
        fail_on,
        config: c.config,
        jobs: c.jobs,
        diff: c.diff,
        fix: c.fix,
        unsafe_fixes: c.unsafe_fixes,
        quiet: c.quiet,
        color,
        width,
        process_ends: true,
    })
}
