//! Reading a policy file's bytes into text, with a clear message for anything that is not
//! UTF-8 Markdown: Word and PDF files, UTF-16 and Latin-1 text, binaries and oversized files.

use std::path::Path;

use crate::error::Problem;
use crate::source::SourceFile;

/// Default largest file we read: policies are tens of kilobytes; this leaves ample room.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Read and decode a file from disk.
pub fn read_policy(path: &Path, max_size: u64) -> Result<SourceFile, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| io_problem(path, &e))?;
    if meta.is_dir() {
        return Err(Problem::new(
            "load::is-directory",
            path,
            "this is a folder, not a policy file",
        ));
    }
    if meta.len() > max_size {
        let problem = too_large(path, meta.len(), max_size);
        return Err(if is_docx(path, &[]) {
            problem.with_help("a Word document this large is mostly pictures; policylint reads only its text, but the file must fit the limit: make it smaller in Word (File, Compress Pictures) or raise the limit with --max-file-size")
        } else {
            problem
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io_problem(path, &e))?;
    if is_docx(path, &bytes) {
        return crate::docx::to_source(path, &bytes);
    }
    decode(path, bytes, max_size)
}

/// A Word document by name or by its zip signature.
pub fn is_docx(path: &Path, bytes: &[u8]) -> bool {
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    named || bytes.starts_with(b"PK\x03\x04")
}

fn too_large(path: &Path, len: u64, max: u64) -> Problem {
    Problem::new(
        "load::too-large",
        path,
        format!(
            "this file is {} and the largest policylint reads is {}",
            human_size(len),
            human_size(max)
        ),
    )
    .with_help("an online safety policy is usually under 200 KB; check this is the right file, or raise the limit with --max-file-size")
}

pub fn io_problem(path: &Path, e: &std::io::Error) -> Problem {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied: policylint is not allowed to read this file".to_string()
        }
        _ => format!("could not read this file: {e}"),
    };
    Problem::new("load::io", path, message)
}

fn human_size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

/// Decode bytes that claim to be a Markdown policy.
pub fn decode(path: &Path, bytes: Vec<u8>, max_size: u64) -> Result<SourceFile, Problem> {
    if bytes.len() as u64 > max_size {
        return Err(too_large(path, bytes.len() as u64, max_size));
    }
    if let Some(problem) = sniff_not_text(path, &bytes) {
        return Err(problem);
    }
    let (had_bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest.to_vec()),
        None => (false, bytes),
    };
    match String::from_utf8(body) {
        Ok(text) => Ok(SourceFile::new(path, text, had_bom)),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let lc = SourceFile::new(path, prefix, false).line_col(valid);
            let bad = bytes[valid];
            let looks_latin1 = (0x80..=0xFF).contains(&bad);
            let mut p = Problem::new(
                "load::not-utf8",
                path,
                format!("this file is not UTF-8 text: byte 0x{bad:02X} cannot be read"),
            )
            .at_line_col(lc.line, lc.column);
            p = if looks_latin1 {
                p.with_help("it looks like Windows-1252 or Latin-1 text (often from an old Word export); save it again as UTF-8 (in Word: Save As, Plain Text, Unicode (UTF-8))")
            } else {
                p.with_help("save the file again as UTF-8 text")
            };
            Err(p)
        }
    }
}

/// Recognise files that are not text at all, or text in an encoding we do not read.
fn sniff_not_text(path: &Path, bytes: &[u8]) -> Option<Problem> {
    let word_like = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.eq_ignore_ascii_case("docx"))
        .unwrap_or(false);
    if bytes.starts_with(b"PK\x03\x04") || word_like {
        return Some(
            Problem::new(
                "load::word-document",
                path,
                "this is a Word document (.docx) or another zip file, not Markdown",
            )
            .with_help("policylint reads a Word document from a file whose name ends in .docx: save it as one and check that file"),
        );
    }
    if bytes.starts_with(b"%PDF-") {
        return Some(
            Problem::new("load::pdf", path, "this is a PDF, not Markdown").with_help(
                "policylint reads Markdown; export the policy from its original Word file as Markdown or plain text",
            ),
        );
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some(
            Problem::new(
                "load::old-word",
                path,
                "this is an old Word document (.doc, from before 2007), not Markdown",
            )
            .with_help(
                "open it in Word and save it as a Word Document (.docx), then check the new file",
            ),
        );
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Some(
            Problem::new(
                "load::utf16",
                path,
                "this file is UTF-16 text; policylint reads UTF-8",
            )
            .with_help("save it again as UTF-8 (most editors offer this under Save As, Encoding)"),
        );
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let prefix = String::from_utf8_lossy(&bytes[..pos]);
        let lc = SourceFile::new(path, prefix.as_ref(), false).line_col(prefix.len());
        return Some(
            Problem::new(
                "load::binary",
                path,
                "this looks like a binary file, not a Markdown policy (it contains a NUL byte)",
            )
            .at_line_col(lc.line, lc.column)
            .with_help("check that this is the right file"),
        );
    }
    None
}

/// UTF-16 without a byte-order mark: NULs in every other byte, printable ASCII between.
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() < 8 {
        return false;
    }
    let printable =
        |b: u8| b.is_ascii_graphic() || b == b' ' || b == b'\n' || b == b'\r' || b == b'\t';
    let pairs: Vec<(u8, u8)> = sample.chunks_exact(2).map(|c| (c[0], c[1])).collect();
    let le = pairs
        .iter()
        .filter(|(a, b)| *b == 0 && printable(*a))
        .count();
    let be = pairs
        .iter()
        .filter(|(a, b)| *a == 0 && printable(*b))
        .count();
    le * 10 >= pairs.len() * 8 || be * 10 >= pairs.len() * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<SourceFile, Problem> {
        decode(Path::new("p.md"), bytes.to_vec(), DEFAULT_MAX_FILE_SIZE)
    }

    #[test]
    fn bom_is_removed_and_remembered() {
        let f = dec(b"\xEF\xBB\xBF# Hi").unwrap();
        assert!(f.had_bom);
        assert_eq!(&*f.text, "# Hi");
    }

    #[test]
    fn latin1_is_reported_with_its_position() {
        let e = dec(b"# Policy\nCaf\xE9").unwrap_err();
        assert_eq!(e.code, "load::not-utf8");
        assert_eq!(e.line_col(), Some((2, 4)));
        assert!(e.help.unwrap().contains("Latin-1"));
    }

    #[test]
    fn word_pdf_and_utf16_are_named() {
        assert_eq!(
            dec(b"PK\x03\x04rest").unwrap_err().code,
            "load::word-document"
        );
        assert_eq!(dec(b"%PDF-1.7").unwrap_err().code, "load::pdf");
        assert_eq!(
            dec(b"\xFF\xFE#\x00 \x00H\x00").unwrap_err().code,
            "load::utf16"
        );
        assert_eq!(dec(b"abc\x00def").unwrap_err().code, "load::binary");
        assert_eq!(
            dec(b"#\x00 \x00P\x00o\x00l\x00i\x00c\x00y\x00")
                .unwrap_err()
                .code,
            "load::utf16"
        );
        assert_eq!(
            dec(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00").unwrap_err().code,
            "load::binary"
        );
    }
}
