//! Command-line definitions (clap) and their conversion into plain settings. Nothing outside
//! this file and `main.rs` sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "policylint",
    version,
    about = "Check an online safety policy against Keeping Children Safe in Education, the DfE filtering and monitoring standards and your safeguarding partnership's expectations.",
    long_about = "policylint reads an online safety policy (Markdown, with or without TOML front matter) and reports, requirement by requirement, what is met and where, what is missing, and what to write.\n\nExit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 the run could not do its job (bad arguments, unreadable input, bad config or pack).",
    after_help = "Examples:\n  policylint check online-safety.md\n  policylint check policies/ --format json\n  policylint explain ROLE-DSL\n  policylint init --kind school --name \"St Aldhelm's CE Primary School\" --dsl \"Ruth Adebayo\""
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub common: Common,
}

/// Flags every command accepts.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// Check against this rule pack (repeatable), or a pack file ending in .toml. Default: the KCSIE edition in force, the pack for the kind of organisation, its partnership's pack, and stale-terms.
    #[arg(long = "pack", value_name = "ID", global = true)]
    pub packs: Vec<String>,
    /// The kind of organisation: school, college, early-years or agency (default: the front matter's, else inferred from the text).
    #[arg(long, value_name = "KIND", global = true)]
    pub kind: Option<String>,
    /// The date to check against, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", global = true)]
    pub today: Option<String>,
    /// Output format: human, json, concise (others where a command supports them).
    #[arg(long, value_name = "FORMAT", global = true)]
    pub format: Option<String>,
    /// Also write a format to a file, as FORMAT=FILE (repeatable).
    #[arg(long = "output", value_name = "FORMAT=FILE", global = true)]
    pub outputs: Vec<String>,
    /// Exit 1 when a finding is at or above this severity: error, warning, info or never.
    #[arg(long, value_name = "LEVEL", global = true)]
    pub fail_on: Option<String>,
    /// Use this config file instead of the nearest policylint.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Number of threads (default: all cores).
    #[arg(long, value_name = "N", global = true)]
    pub jobs: Option<usize>,
    /// Show each fix as a unified diff under its finding.
    #[arg(long, global = true)]
    pub diff: bool,
    /// Apply safe fixes to the files.
    #[arg(long, global = true)]
    pub fix: bool,
    /// With --fix, also apply unsafe fixes (inserted sections and placeholders).
    #[arg(long, global = true)]
    pub unsafe_fixes: bool,
    /// Print only findings and errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check policies: files, folders (searched recursively, respecting .gitignore) or - for standard input.
    Check(CheckArgs),
    /// Explain a check: what it requires, why, its source, and wording that meets it.
    Explain {
        /// A check id such as ROLE-DSL.
        id: String,
    },
    /// List the checks of the selected packs.
    Rules {
        /// List every check of every pack, with the packs that hold it.
        #[arg(long)]
        all: bool,
    },
    /// List the rule packs and the dates they are in force.
    Packs,
    /// Print the front-matter JSON Schema (for editors).
    Schema,
    /// Write a model policy to start from.
    Init(Box<InitArgs>),
    /// Check every policy in a folder and report an organisation-by-requirement matrix.
    Audit(AuditArgs),
    /// Compare two versions of a policy requirement by requirement.
    Compare(CompareArgs),
    /// Record today's failures so that later runs fail only on new ones.
    Baseline {
        #[command(subcommand)]
        action: BaselineAction,
    },
    /// Convert a Word policy (.docx) to Markdown with front matter filled from what was found.
    Import(ImportArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a folder.
    Man {
        /// Write policylint.1 and a page for each command into this folder instead.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BaselineAction {
    /// Write a baseline of the current failures of the given policies.
    Create {
        /// The baseline file to write.
        file: PathBuf,
        /// Policies to record (files or folders).
        #[arg(value_name = "PATH", default_value = ".")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The folder of policies to audit.
    pub dir: PathBuf,
    /// Write the matrix as CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write the results as JSON to this file. It holds every finding, so the audit keeps
    /// every policy's report until the end; --csv alone keeps only a row per policy.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write a self-contained HTML dashboard to this file (like --json, it keeps every
    /// policy's report until the end).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Last year's audit JSON, to show what improved and what regressed.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Hide the progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// The largest file to read, in bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The old version (or, with --git, the policies to compare).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version.
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,
    /// Compare each given policy with its version at this git revision.
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Word document to convert.
    pub file: PathBuf,
    /// Write the Markdown here (default: standard output).
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; - reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The name to report for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Show what was met and the evidence found for it.
    #[arg(long)]
    pub show_evidence: bool,
    /// Show each section beside the model policy's section for the organisation's kind.
    #[arg(long)]
    pub template: bool,
    /// The largest file to read, in bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Fail only on failures not recorded in this baseline (see `policylint baseline create`); list those fixed since.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Check only the policies changed since this git revision (committed or not), plus new ones.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Write to this file (default: standard output).
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Fill a field: the organisation's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The designated safeguarding lead.
    #[arg(long)]
    pub dsl: Option<String>,
    /// The deputy designated safeguarding lead.
    #[arg(long)]
    pub deputy_dsl: Option<String>,
    /// The Prevent lead.
    #[arg(long)]
    pub prevent_lead: Option<String>,
    /// The online safety lead.
    #[arg(long)]
    pub online_safety_lead: Option<String>,
    /// The safeguarding link governor (or trustee), also responsible for filtering and monitoring.
    #[arg(long)]
    pub governor: Option<String>,
    /// The senior leader responsible for filtering and monitoring.
    #[arg(long)]
    pub filtering_lead: Option<String>,
    /// The data protection officer.
    #[arg(long)]
    pub dpo: Option<String>,
    /// The headteacher, principal or manager.
    #[arg(long)]
    pub headteacher: Option<String>,
    /// The IT service provider.
    #[arg(long)]
    pub it_provider: Option<String>,
    /// The date of the last review (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub reviewed_on: Option<String>,
    /// The date the policy was approved (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub approved_on: Option<String>,
    /// The date of the next review (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub next_review: Option<String>,
    /// The date of the last filtering and monitoring review (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub filtering_review: Option<String>,
    /// The date of the last all-staff training (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub staff_training: Option<String>,
    /// The date of the DSL's last training (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub dsl_training: Option<String>,
    /// The date of the last governor training (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub governor_training: Option<String>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
