//! `policylint audit`: every policy in a folder, each against the packs for its own kind and
//! partnership, as an organisation-by-requirement matrix (CSV, JSON, HTML dashboard).

use std::path::PathBuf;

use crate::app::{Io, Settings, usage};
use crate::error::Problem;

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

pub fn run(_settings: &Settings, _req: &AuditRequest, _io: &mut Io<'_>) -> Result<u8, Problem> {
    Err(usage(
        "`policylint audit` is not available in this build yet",
    ))
}
