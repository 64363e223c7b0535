//! Word documents (.docx): read natively into Markdown with a map back to Word's own places
//! (heading path and paragraph number), and `policylint import`.
//!
//! A .docx is a zip of XML parts. We read the document, its styles (for headings and bold),
//! its list definitions (for the numbers Word shows), its page headers and footers (where
//! review dates often live) and its relationships (for link addresses), and write the text
//! as Markdown. That Markdown then goes through the same [`crate::Document`] pipeline as a
//! .md policy, so both are checked by one set of checks. Findings point at lines of the
//! converted text, and [`Locations`] says where each of those lines is in Word.

pub mod import;
pub mod package;
pub mod parse;
pub mod render;
pub mod styles;
pub mod xml;

use std::path::Path;
use std::sync::Arc;

use crate::error::Problem;
use crate::source::SourceFile;

pub use import::import;
pub use package::Limits;

/// Where a block of the converted text is in the Word document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPlace {
    Heading {
        text: String,
    },
    /// The `n`th paragraph (list items included) under the headings in `path`.
    Paragraph {
        path: Vec<String>,
        n: u32,
    },
    /// Row `row` (1 is the first) of the `table`th table under the headings in `path`.
    TableRow {
        path: Vec<String>,
        table: u32,
        row: u32,
    },
    Header,
    Footer,
}

impl WordPlace {
    /// How a person finds it in Word: "Roles and responsibilities › paragraph 3".
    pub fn describe(&self) -> String {
        let under = |path: &[String], what: String| -> String {
            match path.last() {
                Some(_) => format!("{} › {what}", path.join(" › ")),
                None => format!("{what} (before the first heading)"),
            }
        };
        match self {
            WordPlace::Heading { text } => format!("heading \u{201c}{text}\u{201d}"),
            WordPlace::Paragraph { path, n } => under(path, format!("paragraph {n}")),
            WordPlace::TableRow { path, table, row } => {
                under(path, format!("table {table}, row {row}"))
            }
            WordPlace::Header => "page header".to_string(),
            WordPlace::Footer => "page footer".to_string(),
        }
    }
}

/// For each block of the converted text, where it came from in Word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locations {
    /// Start offset of each block in the converted text, in increasing order.
    entries: Vec<(usize, WordPlace)>,
}

impl Locations {
    pub fn new(mut entries: Vec<(usize, WordPlace)>) -> Self {
        entries.sort_by_key(|e| e.0);
        Locations { entries }
    }

    /// The place of the block holding a byte offset of the converted text.
    pub fn at(&self, offset: usize) -> Option<&WordPlace> {
        let i = self.entries.partition_point(|(s, _)| *s <= offset);
        match i.checked_sub(1) {
            Some(i) => Some(&self.entries[i].1),
            // before the first block (the header marker): the first block
            None => self.entries.first().map(|e| &e.1),
        }
    }

    pub fn describe(&self, offset: usize) -> Option<String> {
        self.at(offset).map(WordPlace::describe)
    }

    pub fn entries(&self) -> &[(usize, WordPlace)] {
        &self.entries
    }
}

/// A Word document converted to Markdown.
#[derive(Debug, Clone)]
pub struct Converted {
    pub markdown: String,
    pub locations: Locations,
}

pub const HEADER_MARKER: &str = "<!-- page header, from the Word document -->";
pub const FOOTER_MARKER: &str = "<!-- page footer, from the Word document -->";

/// Read a Word document as a policy: its text converted to Markdown, ready for checking.
pub fn to_source(path: &Path, bytes: &[u8]) -> Result<SourceFile, Problem> {
    let converted = convert(path, bytes, Limits::default())?;
    Ok(SourceFile::new(path, converted.markdown, false)
        .with_word_locations(Arc::new(converted.locations)))
}

/// Convert the bytes of a .docx to Markdown with its map of Word locations.
pub fn convert(path: &Path, bytes: &[u8], limits: Limits) -> Result<Converted, Problem> {
    // A damaged file must give an error, never stop a batch: catch anything unforeseen.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert_inner(path, bytes, limits)
    })) {
        Ok(r) => r,
        Err(_) => Err(Problem::new(
            "docx::unreadable",
            path,
            "policylint could not read this Word document (an internal error; please report it with the file if you can)",
        )
        .with_help("open it in Word and save it again as a Word Document (.docx), then check it again")),
    }
}

fn convert_inner(path: &Path, bytes: &[u8], limits: Limits) -> Result<Converted, Problem> {
    let mut pkg = package::Package::open(path, bytes, limits)?;
    let main = pkg.main_part()?;
    let rels = pkg.rels(&main)?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let in_dir = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let target_of = |suffix: &str| {
        rels.values()
            .find(|r| r.kind.ends_with(suffix) && !r.external)
            .map(|r| r.target.clone())
    };
    let styles_part = target_of("/styles").unwrap_or_else(|| in_dir("styles.xml"));
    let styles = match pkg.read_xml(&styles_part)? {
        Some(t) => styles::Styles::parse(path, &styles_part, &t)?,
        None => styles::Styles::default(),
    };
    let numbering_part = target_of("/numbering").unwrap_or_else(|| in_dir("numbering.xml"));
    let mut numbering = match pkg.read_xml(&numbering_part)? {
        Some(t) => styles::Numbering::parse(path, &numbering_part, &t)?,
        None => styles::Numbering::default(),
    };
    let Some(text) = pkg.read_xml(&main)? else {
        return Err(Problem::new(
            "docx::no-document",
            path,
            "this file is named .docx but it has no document text inside",
        ));
    };
    let body = parse::parse_blocks(path, &main, &text, &styles, &rels)?;
    drop(text);
    let margins =
        |suffix: &str, pkg: &mut package::Package<'_>| -> Result<Vec<Vec<parse::Block>>, Problem> {
            let mut targets: Vec<String> = rels
                .values()
                .filter(|r| r.kind.ends_with(suffix) && !r.external)
                .map(|r| r.target.clone())
                .collect();
            targets.sort_by_key(|t| natural_key(t));
            targets.dedup();
            let mut out = Vec::new();
            for t in targets {
                if let Some(xml) = pkg.read_xml(&t)? {
                    let part_rels = pkg.rels(&t)?;
                    out.push(parse::parse_blocks(path, &t, &xml, &styles, &part_rels)?);
                }
            }
            Ok(out)
        };
    let headers = margins("/header", &mut pkg)?;
    let footers = margins("/footer", &mut pkg)?;
    let mut r = render::Renderer::new(&styles, &mut numbering, &body);
    r.headers_after_title(headers);
    r.body(&body);
    r.flush_headers();
    r.margin(&footers, WordPlace::Footer, FOOTER_MARKER);
    let (markdown, locations) = r.finish();
    Ok(Converted {
        markdown,
        locations,
    })
}

/// "header10.xml" after "header2.xml".
fn natural_key(s: &str) -> (String, u64) {
    let digits: String = s
        .chars()
        .rev()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let n = digits.parse().unwrap_or(0);
    (
        s.trim_end_matches(|c: char| !c.is_ascii_digit())
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string(),
        n,
    )
}
