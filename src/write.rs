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
    let mut builder = tempfile::Builder::new();
    // A new file gets the permissions any new file would (the umask applies), not the
    // owner-only ones of a temporary file: an audit's CSV is usually meant to be shared.
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ordinary = dir.path().join("ordinary.csv");
        std::fs::write(&ordinary, "a").unwrap();
        let ours = dir.path().join("audit.csv");
        atomic_write(&ours, b"a").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&ordinary));
        // an existing file keeps its own
        std::fs::set_permissions(&ours, std::fs::Permissions::from_mode(0o640)).unwrap();
        atomic_write(&ours, b"b").unwrap();
        assert_eq!(mode(&ours), 0o640);
        assert_eq!(std::fs::read(&ours).unwrap(), b"b");
    }
}
