//! Headless Chromium for the tests that render our HTML (tests/browser.rs, tests/report_pdf.rs).
//!
//! CI installs Debian's chromium and sets POLICYLINT_REQUIRE_BROWSER=1, so there a missing
//! browser fails the test; elsewhere the test says why it skips and passes. POLICYLINT_CHROMIUM
//! chooses a browser binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("POLICYLINT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` after saying why the test is skipped (a panic where CI requires it).
pub fn browser() -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        if std::env::var_os("POLICYLINT_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            panic!("POLICYLINT_REQUIRE_BROWSER=1 but no chromium was found");
        }
        println!(
            "skipped: no chromium found (install Debian's `chromium`, or set POLICYLINT_CHROMIUM)"
        );
    }
    found
}

/// A `file://` URL for a local file, percent-encoded.
pub fn file_url(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).unwrap();
    let mut url = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

/// Run headless Chromium, kept off the network, on `url` with a fresh profile; returns its
/// stdout. Gives up after two minutes.
pub fn chromium(browser: &Path, profile: &Path, args: &[String], url: &str) -> String {
    let out_path = profile.with_extension("out");
    let err_path = profile.with_extension("err");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = std::fs::read_to_string(&out_path).unwrap_or_default();
            // Chromium may exit non-zero after dumping the page (a crash pad, a GPU
            // warning); what it printed is what the test reads
            if !status.success() && out.is_empty() {
                panic!(
                    "chromium failed ({status}): {}",
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                );
            }
            return out;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium took more than two minutes on {url}: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
