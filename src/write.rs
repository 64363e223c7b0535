//! Writing files safely: to a temporary file in the same folder, then renamed over the
//! target, keeping the target's permissions. A failure part-way leaves the original as it was.

use std::io::Write;
use std::path::Path;

use crate::error::Problem;

pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), Problem> {
    atomic_write_with(path, &mut |w| w.write_all(bytes))
}

/// [`atomic_write`] of what `write` writes, so that a large output (an audit's CSV) goes
/// straight to the file instead of being built in memory first.
pub fn atomic_write_with(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Problem> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let fail = |what: &str, e: std::io::Error| {
        let msg = match e.kind() {
            std::io::ErrorKind::PermissionDenied => format!("could not {what}: permission denied"),
            _ => format!("could not {what}: {e}"),
        };
        Problem::new("write::failed", path, msg).with_help("nothing was changed")
    };
    let existing = std::fs::metadata(path).ok();
    if let Some(m) = &existing
        && m.permissions().readonly()
    {
        return Err(Problem::new(
            "write::read-only",
            path,
            "this file is read-only, so it was not changed",
        )
        .with_help("make the file writable, or write the output somewhere else"));
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| fail("create a temporary file beside it", e))?;
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buffered)
            .and_then(|()| buffered.flush())
            .map_err(|e| fail("write the temporary file", e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("flush the temporary file", e))?;
    if let Some(m) = existing {
        std::fs::set_permissions(tmp.path(), m.permissions())
            .map_err(|e| fail("keep the file's permissions", e))?;
    }
    tmp.persist(path)
        .map_err(|e| fail("replace the file", e.error))?;
    Ok(())
}
