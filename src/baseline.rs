//! Baselines: today's failures recorded by fingerprint, so CI fails only on new ones.

use std::path::{Path, PathBuf};

use crate::app::{Io, Settings, usage};
use crate::error::Problem;

pub fn create(
    _settings: &Settings,
    _file: &Path,
    _paths: &[PathBuf],
    _io: &mut Io<'_>,
) -> Result<u8, Problem> {
    Err(usage(
        "`policylint baseline` is not available in this build yet",
    ))
}
