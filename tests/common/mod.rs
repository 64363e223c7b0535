//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod browser;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jiff::civil::Date;
use policylint::engine::{CheckOptions, Engine};
use policylint::result::{FileReport, KindSource};
use policylint::{OrgKind, SourceFile};

/// The policylint binary, with colour left to `--color` and a fixed terminal width, so that
/// output does not depend on the machine running the tests.
pub fn policylint() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("policylint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

/// [`policylint`] run in `dir`.
pub fn policylint_in(dir: &Path) -> assert_cmd::Command {
    let mut c = policylint();
    c.current_dir(dir);
    c
}

/// Write `text` to `dir/name`, making folders as needed; returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// The date fixtures are checked on, unless their fixture.toml says otherwise.
pub const FIXTURE_TODAY: Date = Date::constant(2026, 11, 29);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(&[]).expect("shipped packs load"))
}

/// Check text as a file at `path` with the given options.
pub fn check_text(path: &str, text: &str, opts: &CheckOptions) -> FileReport {
    let source = policylint::load::decode(Path::new(path), text.as_bytes().to_vec(), u64::MAX)
        .expect("decodes");
    engine().check_source(source, opts)
}

pub fn options(today: Date, kind: Option<OrgKind>, packs: Option<Vec<String>>) -> CheckOptions {
    let mut o = CheckOptions::new(today);
    o.kind = kind.map(|k| (k, KindSource::Flag));
    o.packs = packs;
    o
}

pub fn source(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path, text, false)
}
