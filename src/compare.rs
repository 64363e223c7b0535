//! `policylint compare`: which requirements a change to a policy breaks or mends.

use std::path::PathBuf;

use crate::app::{Io, Settings, usage};
use crate::error::Problem;

#[derive(Debug, Clone)]
pub struct CompareRequest {
    pub old: PathBuf,
    pub new: Option<PathBuf>,
    pub git: Option<String>,
}

pub fn run(_settings: &Settings, _req: &CompareRequest, _io: &mut Io<'_>) -> Result<u8, Problem> {
    Err(usage(
        "`policylint compare` is not available in this build yet",
    ))
}
