//! Opening a .docx as a zip package: recognising what a file named .docx really is (an old
//! .doc, a password-protected document, a spreadsheet), finding the main document part and its
//! relationships, and reading XML parts with a cap on their size. Pictures and other media
//! are never decompressed.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;
use zip::result::ZipError;

use super::xml::{Node, Xml};
use crate::error::Problem;

/// Caps on how much XML is read from one Word document.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest single XML part read (uncompressed).
    pub max_part: u64,
    /// The most XML read from one document in all.
    pub max_total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part: 50 * 1024 * 1024,
            max_total: 200 * 1024 * 1024,
        }
    }
}

const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A relationship from one part to another.
#[derive(Debug, Clone)]
pub struct Rel {
    pub kind: String,
    pub target: String,
    pub external: bool,
}

pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-case part name → index in the zip.
    names: HashMap<String, usize>,
    path: PathBuf,
    limits: Limits,
    read_so_far: u64,
}

impl<'a> Package<'a> {
    /// Open the bytes of a file named .docx (or with a zip signature).
    pub fn open(path: &Path, bytes: &'a [u8], limits: Limits) -> Result<Package<'a>, Problem> {
        if bytes.starts_with(OLE_SIGNATURE) || bytes.starts_with(&OLE_SIGNATURE[..4]) {
            return Err(ole_problem(path, bytes));
        }
        if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")) {
            return Err(not_word(path, bytes));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Problem::new(
                "docx::damaged",
                path,
                format!("this Word document is damaged: it cannot be opened as a zip package ({})", zip_reason(&e)),
            )
            .with_help("the file may be incomplete (an interrupted download or copy); open it in Word, which can often repair it, and save it again")
        })?;
        let mut map = HashMap::new();
        for i in 0..zip.len() {
            if let Some(name) = zip.name_for_index(i) {
                let key = name.trim_start_matches('/').to_ascii_lowercase();
                map.entry(key).or_insert(i);
            }
        }
        Ok(Package {
            zip,
            names: map,
            path: path.to_path_buf(),
            limits,
            read_so_far: 0,
        })
    }

    pub fn has(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_ascii_lowercase())
    }

    /// Read an XML part as text, or `None` when the package has no such part.
    pub fn read_xml(&mut self, part: &str) -> Result<Option<String>, Problem> {
        let Some(&index) = self.names.get(&part.to_ascii_lowercase()) else {
            return Ok(None);
        };
        let max = self.limits.max_part;
        let path = self.path.clone();
        let damaged = |e: ZipError| {
            Problem::new(
                "docx::damaged",
                &path,
                format!("this Word document is damaged: its part {part} cannot be read ({})", zip_reason(&e)),
            )
            .with_help("open it in Word, which can often repair a damaged file, and save it again as a Word Document (.docx)")
        };
        let mut file = self.zip.by_index(index).map_err(damaged)?;
        if file.size() > max {
            return Err(too_large(&self.path, part, file.size(), max));
        }
        let mut bytes = Vec::with_capacity(file.size() as usize);
        (&mut file)
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(ZipError::Io(e)))?;
        if bytes.len() as u64 > max {
            return Err(too_large(&self.path, part, bytes.len() as u64, max));
        }
        self.read_so_far += bytes.len() as u64;
        if self.read_so_far > self.limits.max_total {
            return Err(Problem::new(
                "docx::too-large",
                &self.path,
                format!(
                    "this Word document holds more than {} of text and layout, more than policylint reads from one document",
                    human_size(self.limits.max_total)
                ),
            )
            .with_help("an online safety policy is usually well under 1 MB of text; check this is the right file"));
        }
        decode_xml(&self.path, part, bytes).map(Some)
    }

    /// The relationships of a part (`word/document.xml` → `word/_rels/document.xml.rels`),
    /// keyed by id, with targets resolved to part names.
    pub fn rels(&mut self, part: &str) -> Result<HashMap<String, Rel>, Problem> {
        let (dir, file) = match part.rfind('/') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => ("", part),
        };
        let rels_part = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(text) = self.read_xml(&rels_part)? else {
            return Ok(HashMap::new());
        };
        let mut out = HashMap::new();
        let mut x = Xml::new(&self.path, &rels_part, &text);
        loop {
            match x.next_node()? {
                Node::Open(e) if e.is("Relationship") => {
                    let (Some(id), Some(target)) = (e.attr("Id"), e.attr("Target")) else {
                        continue;
                    };
                    let external = e
                        .attr("TargetMode")
                        .is_some_and(|m| m.eq_ignore_ascii_case("External"));
                    let target = if external {
                        target.to_string()
                    } else {
                        resolve(dir, target)
                    };
                    let kind = e.attr("Type").unwrap_or("").to_string();
                    out.insert(
                        id.to_string(),
                        Rel {
                            kind,
                            target,
                            external,
                        },
                    );
                }
                Node::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The main document part, from the package relationships (`word/document.xml` as a rule).
    pub fn main_part(&mut self) -> Result<String, Problem> {
        let rels = self.rels("")?;
        let from_rels = rels
            .values()
            .find(|r| r.kind.ends_with("/officeDocument") && !r.external)
            .map(|r| r.target.clone())
            .filter(|t| self.has(t) && t.to_ascii_lowercase().starts_with("word/"));
        if let Some(t) = from_rels {
            return Ok(t);
        }
        if self.has("word/document.xml") {
            return Ok("word/document.xml".to_string());
        }
        Err(self.no_document())
    }

    fn no_document(&self) -> Problem {
        let what = if self.has("xl/workbook.xml") {
            "it is an Excel workbook, not a Word document"
        } else if self.has("ppt/presentation.xml") {
            "it is a PowerPoint presentation, not a Word document"
        } else if self.has("word/vbaProject.bin") {
            "it holds only macros and no document text"
        } else if self.has("content.xml") && self.has("mimetype") {
            "it is an OpenDocument file (.odt), not a Word document"
        } else {
            "it is a zip file with no Word document inside (there is no word/document.xml)"
        };
        Problem::new(
            "docx::no-document",
            &self.path,
            format!("this file is named .docx but {what}"),
        )
        .with_help(
            "open the policy in Word and save it as a Word Document (.docx), then check that file",
        )
    }
}

/// Resolve a relationship target relative to the source part's folder.
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn decode_xml(path: &Path, part: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(path, part, rest.to_vec());
    }
    let utf16 = |le: bool, body: &[u8]| -> String {
        let units = body.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(true, rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(false, rest));
    }
    utf8(path, part, bytes)
}

fn utf8(path: &Path, part: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        super::xml::malformed(path, part, &prefix, "it is not UTF-8 text", at)
    })
}

fn too_large(path: &Path, part: &str, size: u64, max: u64) -> Problem {
    Problem::new(
        "docx::too-large",
        path,
        format!(
            "this Word document's part {part} is {}, more than the {} policylint reads from one part",
            human_size(size),
            human_size(max)
        ),
    )
    .with_help("an online safety policy's text is usually well under 1 MB; check this is the right file, or save it again from Word")
}

fn ole_problem(path: &Path, bytes: &[u8]) -> Problem {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let encrypted = [utf16("EncryptedPackage"), utf16("EncryptionInfo")]
        .iter()
        .any(|needle| contains(bytes, needle));
    if encrypted {
        return Problem::new(
            "docx::encrypted",
            path,
            "this Word document is password-protected, so policylint cannot read it",
        )
        .with_help("open it in Word, remove the password (File, Info, Protect Document, Encrypt with Password, and clear it) and save an unprotected copy to check");
    }
    Problem::new(
        "load::old-word",
        path,
        "this is an old Word document (.doc, from before 2007) with a .docx name",
    )
    .with_help("open it in Word and save it as a Word Document (.docx), then check the new file")
}

fn not_word(path: &Path, bytes: &[u8]) -> Problem {
    let help = if bytes.starts_with(b"%PDF-") {
        "it is a PDF; check the Word file the PDF was made from, or export the policy as Markdown"
    } else if bytes.starts_with(b"{\\rtf") {
        "it is a Rich Text (.rtf) file; open it in Word and save it as a Word Document (.docx)"
    } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
        "it looks like plain text; if it is a Markdown policy, rename it to end in .md"
    } else {
        "it may be damaged or renamed; open it in Word and save it again as a Word Document (.docx)"
    };
    Problem::new(
        "docx::not-word",
        path,
        "this file is named .docx but is not a Word document",
    )
    .with_help(help)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn zip_reason(e: &ZipError) -> String {
    match e {
        ZipError::UnsupportedArchive(what)
            if what.contains("ncrypt") || what.contains("assword") =>
        {
            "it is encrypted".to_string()
        }
        ZipError::UnsupportedArchive(what) => format!("unsupported: {what}"),
        ZipError::InvalidArchive(what) => what.to_string(),
        ZipError::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

pub fn human_size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word", "header1.xml"), "word/header1.xml");
        assert_eq!(
            resolve("word", "../customXml/item.xml"),
            "customXml/item.xml"
        );
        assert_eq!(resolve("word", "/word/footer2.xml"), "word/footer2.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn ole_files_are_told_apart() {
        let mut enc = OLE_SIGNATURE.to_vec();
        enc.extend(vec![0u8; 100]);
        enc.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(
            ole_problem(Path::new("a.docx"), &enc).code,
            "docx::encrypted"
        );
        let mut doc = OLE_SIGNATURE.to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(
            ole_problem(Path::new("a.docx"), &doc).code,
            "load::old-word"
        );
    }
}
