//! The benchmark harness (run by `bench/run.sh`; see README "Benchmark").
//!
//! ```text
//! cargo run --release --example bench -- --corpus bench/corpus/n10000-s1 \
//!     --bin target/release/policylint [--runs 30] [--results bench/RESULTS.md]
//! ```
//!
//! On one corpus, in one run, it measures:
//!
//! 1. reading every file (a second pass, so the files come from the page cache as they do
//!    for every later step);
//! 2. the floor: parsing every file with comrak alone, on one thread, with the options
//!    policylint uses. Only the parse is timed, not reading the file;
//! 3. `policylint audit` with `--jobs 1` and with every core, as separate processes (process
//!    start, pack loading, checking, CSV output), with their CPU time and peak memory;
//! 4. `policylint check` of the policy closest to 50 KB, `--runs` times, process start and
//!    pack loading included: the median and slowest wall time.
//!
//! Every figure is given beside the floor measured in the same run, so that the ratios mean
//! the same on a slow or a fast machine. Nothing here is asserted: it is measured by hand,
//! never in the test suite.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The issue's targets (issue 8), as ratios and limits.
const TARGET_CPU_RATIO: f64 = 1.5;
const AIM_CPU_RATIO: f64 = 1.3;
const TARGET_PARALLEL_RATIO: f64 = 0.6;
const TARGET_PEAK_MB: f64 = 100.0;
const TARGET_SINGLE_MS: f64 = 20.0;

struct Args {
    corpus: PathBuf,
    bin: PathBuf,
    runs: usize,
    results: Option<PathBuf>,
    command: String,
}

fn usage() -> ! {
    eprintln!(
        "usage: bench --corpus DIR --bin PATH/TO/policylint [--runs N] [--results FILE] [--command TEXT]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut corpus = None;
    let mut bin = None;
    let mut runs = 30;
    let mut results = None;
    let mut command = String::from("bench/run.sh");
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        match a.to_str() {
            Some("--corpus") => corpus = Some(PathBuf::from(val())),
            Some("--bin") => bin = Some(PathBuf::from(val())),
            Some("--runs") => {
                runs = val()
                    .to_str()
                    .and_then(|s| s.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage())
            }
            Some("--results") => results = Some(PathBuf::from(val())),
            Some("--command") => command = val().to_string_lossy().into_owned(),
            _ => usage(),
        }
    }
    let (Some(corpus), Some(bin)) = (corpus, bin) else {
        usage()
    };
    Args {
        corpus,
        bin,
        runs,
        results,
        command,
    }
}

/// Every Markdown file below `dir`, in a stable order.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
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

/// CPU time (user + system) of this process so far.
fn own_cpu() -> Duration {
    // SAFETY: getrusage writes into the struct we pass and reads nothing else.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn tv(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// What one child process cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: Duration,
    cpu: Duration,
    peak_bytes: u64,
}

/// Run a command to completion, with its wall time, CPU time and peak resident memory
/// (from `wait4`, which reports them for exactly that child).
// `wait4` below reaps the child; clippy cannot see that and asks for `Child::wait`.
#[allow(clippy::zombie_processes)]
fn measure(bin: &Path, args: &[OsString]) -> Cost {
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            eprintln!("bench: could not run {}: {e}", bin.display());
            std::process::exit(2)
        });
    let pid = child.id() as libc::pid_t;
    // The child's stderr is small (a summary at most); read it so a full pipe never blocks it.
    let mut stderr = child.stderr.expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let mut status = 0;
    // SAFETY: as for getrusage; the child is ours and not yet waited for.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall = start.elapsed();
    let err = reader.join().unwrap_or_default();
    let exit = if r == pid && libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    if exit != 0 && exit != 1 {
        eprintln!(
            "bench: {} {:?} exited with {exit}:\n{err}",
            bin.display(),
            args
        );
        std::process::exit(2);
    }
    Cost {
        wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        // Linux reports ru_maxrss in kilobytes
        peak_bytes: ru.ru_maxrss as u64 * 1024,
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn first_line_of(path: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string())
}

fn machine() -> String {
    let cpu = first_line_of("/proc/cpuinfo", "model name").unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mem = first_line_of("/proc/meminfo", "MemTotal")
        .and_then(|s| s.trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map(|kb| format!("{:.0} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown memory".into());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {mem}; {rustc}")
}

fn git_revision() -> String {
    Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=7"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT MET" }
}

fn main() {
    let args = parse_args();
    let files = markdown_files(&args.corpus);
    if files.is_empty() {
        eprintln!("bench: no .md files in {}", args.corpus.display());
        std::process::exit(2);
    }
    let n = files.len() as f64;

    // 1. Reading, once to warm the page cache and once measured.
    let mut total_bytes = 0u64;
    for f in &files {
        total_bytes += std::fs::read(f).map(|b| b.len() as u64).unwrap_or(0);
    }
    let total_mb = mb(total_bytes);
    let start = Instant::now();
    for f in &files {
        let _ = std::hint::black_box(std::fs::read(f));
    }
    let read = start.elapsed();
    eprintln!(
        "read {} files ({total_mb:.1} MB) in {:.2} s",
        files.len(),
        secs(read)
    );

    // 2. The floor: comrak's parse alone, one thread.
    let options = policylint::document::markdown::options();
    let mut parse = Duration::ZERO;
    let cpu_before = own_cpu();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let start = Instant::now();
        {
            // the arena is dropped inside the timing, as a linter drops each document
            let arena = comrak::Arena::new();
            let root = comrak::parse_document(&arena, &text, &options);
            std::hint::black_box(root);
        }
        parse += start.elapsed();
    }
    let floor_cpu = own_cpu() - cpu_before;
    eprintln!(
        "comrak parse alone: {:.2} s ({:.2} s CPU including reading)",
        secs(parse),
        secs(floor_cpu)
    );

    // 3. The audit, one thread and every thread.
    let csv = std::env::temp_dir().join(format!("policylint-bench-{}.csv", std::process::id()));
    let audit_args = |jobs: Option<usize>| {
        let mut a: Vec<OsString> = vec!["audit".into(), args.corpus.clone().into_os_string()];
        a.push("--csv".into());
        a.push(csv.clone().into_os_string());
        if let Some(j) = jobs {
            a.push("--jobs".into());
            a.push(j.to_string().into());
        }
        a
    };
    let one = measure(&args.bin, &audit_args(Some(1)));
    eprintln!(
        "audit --jobs 1: {:.2} s wall, {:.2} s CPU, {:.0} MB peak",
        secs(one.wall),
        secs(one.cpu),
        mb(one.peak_bytes)
    );
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let all = measure(&args.bin, &audit_args(None));
    eprintln!(
        "audit ({cores} threads): {:.2} s wall, {:.2} s CPU, {:.0} MB peak",
        secs(all.wall),
        secs(all.cpu),
        mb(all.peak_bytes)
    );
    let csv_rows = std::fs::read_to_string(&csv)
        .map(|s| s.lines().count().saturating_sub(1))
        .unwrap_or(0);
    let _ = std::fs::remove_file(&csv);

    // 4. One policy near 50 KB, checked as an editor or a pre-commit hook would.
    let single = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok().map(|m| (f, m.len())))
        .min_by_key(|(_, len)| len.abs_diff(50 * 1024))
        .map(|(f, len)| (f.clone(), len))
        .expect("at least one file");
    let check_args: Vec<OsString> = vec!["check".into(), single.0.clone().into_os_string()];
    for _ in 0..3 {
        measure(&args.bin, &check_args);
    }
    let mut singles: Vec<Cost> = (0..args.runs)
        .map(|_| measure(&args.bin, &check_args))
        .collect();
    singles.sort_by_key(|c| c.wall);
    let median = singles[singles.len() / 2];
    let slowest = singles[singles.len() - 1];
    eprintln!(
        "check of one {:.0} KB policy: median {:.1} ms, slowest {:.1} ms over {} runs",
        single.1 as f64 / 1024.0,
        secs(median.wall) * 1e3,
        secs(slowest.wall) * 1e3,
        args.runs
    );

    // The report.
    let cpu_ratio = secs(one.cpu) / secs(parse);
    let parallel_ratio = secs(all.wall) / secs(one.wall);
    let peak = mb(one.peak_bytes.max(all.peak_bytes));
    let single_ms = secs(median.wall) * 1e3;
    let rate = |d: Duration| format!("{:.0} files/s, {:.1} MB/s", n / secs(d), total_mb / secs(d));
    let mut md = String::new();
    let _ = writeln!(md, "# Benchmark results\n");
    let _ = writeln!(
        md,
        "Produced by `{}` (policylint {}, commit {}) on {}.\n",
        args.command,
        env!("CARGO_PKG_VERSION"),
        git_revision(),
        machine()
    );
    let _ = writeln!(
        md,
        "Corpus: `{}`, {} policies, {total_mb:.1} MB ({:.1} KB on average). The audit wrote {csv_rows} CSV rows.\n",
        args.corpus.display(),
        files.len(),
        total_mb * 1e3 / n / 1.024,
    );
    let _ = writeln!(
        md,
        "| Step | Wall | CPU | Throughput | Peak memory | Ratio to the parse floor |"
    );
    let _ = writeln!(md, "|---|---:|---:|---|---:|---:|");
    let _ = writeln!(
        md,
        "| Read every file (page cache) | {:.2} s | | {} | | {:.2} |",
        secs(read),
        rate(read),
        secs(read) / secs(parse)
    );
    let _ = writeln!(
        md,
        "| **Floor:** comrak parse alone, 1 thread | {:.2} s | {:.2} s | {} | | 1.00 |",
        secs(parse),
        secs(parse),
        rate(parse)
    );
    let _ = writeln!(
        md,
        "| `policylint audit --jobs 1` | {:.2} s | {:.2} s | {} | {:.0} MB | {cpu_ratio:.2} (CPU) |",
        secs(one.wall),
        secs(one.cpu),
        rate(one.wall),
        mb(one.peak_bytes)
    );
    let _ = writeln!(
        md,
        "| `policylint audit` ({cores} threads) | {:.2} s | {:.2} s | {} | {:.0} MB | {:.2} (wall) |",
        secs(all.wall),
        secs(all.cpu),
        rate(all.wall),
        mb(all.peak_bytes),
        secs(all.wall) / secs(parse)
    );
    let _ = writeln!(
        md,
        "| `policylint check` of one {:.0} KB policy (median of {}) | {:.1} ms | {:.1} ms | | {:.0} MB | |",
        single.1 as f64 / 1024.0,
        args.runs,
        single_ms,
        secs(median.cpu) * 1e3,
        mb(median.peak_bytes)
    );
    let _ = writeln!(md, "\n| Target (issue 8) | Measured | |");
    let _ = writeln!(md, "|---|---:|---|");
    let _ = writeln!(
        md,
        "| single-threaded audit CPU ≤ {TARGET_CPU_RATIO}× the parse floor (aim {AIM_CPU_RATIO}×) | {cpu_ratio:.2}× | {} |",
        verdict(cpu_ratio <= TARGET_CPU_RATIO)
    );
    let _ = writeln!(
        md,
        "| {cores}-thread audit wall ≤ {TARGET_PARALLEL_RATIO}× the single-threaded wall | {parallel_ratio:.2}× | {} |",
        verdict(parallel_ratio <= TARGET_PARALLEL_RATIO)
    );
    let _ = writeln!(
        md,
        "| peak memory < {TARGET_PEAK_MB:.0} MB | {peak:.0} MB | {} |",
        verdict(peak < TARGET_PEAK_MB)
    );
    let _ = writeln!(
        md,
        "| one 50 KB policy checked in < {TARGET_SINGLE_MS:.0} ms wall | {single_ms:.1} ms (slowest {:.1} ms) | {} |",
        secs(slowest.wall) * 1e3,
        verdict(single_ms < TARGET_SINGLE_MS)
    );
    print!("{md}");
    if let Some(path) = &args.results
        && let Err(e) = std::fs::write(path, &md)
    {
        eprintln!("bench: could not write {}: {e}", path.display());
        std::process::exit(2);
    }
}
