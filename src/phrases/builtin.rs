//! policylint's own expressions (those that find roles, dates, editions and kinds of
//! organisation in a policy), parsed in advance.
//!
//! Parsing them, and reducing each to its byte form ([`super::ascii_form`]), was about 5%
//! of a single `check`'s instructions (304M to 290M once prepared). `prepared-builtin.txt`
//! holds, for each such expression, both forms as [`super::hir_code`] writes them; an
//! expression not found there (one added or changed since the file was written) is parsed
//! as before. A test reads every line back and compares it with a fresh parse;
//! `POLICYLINT_BLESS=1 cargo test --lib prepared_builtin` rewrites the file from the
//! expressions a check of every fixture and example compiles.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex_syntax::hir::Hir;

use super::{ascii_form, hir_code};

/// The file: a line per expression, fields separated by tabs: `i` (case ignored unless the
/// expression says otherwise) or `s` (case matters unless it says otherwise), the
/// expression, its form as written, its byte form.
const PREPARED: &str = include_str!("prepared-builtin.txt");

/// An expression's forms as written in the file, not yet read.
#[derive(Debug, Clone, Copy)]
struct Lines {
    as_written: &'static str,
    bytes: &'static str,
}

fn prepared() -> &'static HashMap<(bool, &'static str), Lines> {
    static TABLE: OnceLock<HashMap<(bool, &'static str), Lines>> = OnceLock::new();
    TABLE.get_or_init(|| {
        PREPARED
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let case_insensitive = match fields.next()? {
                    "i" => true,
                    "s" => false,
                    _ => return None,
                };
                let pattern = fields.next()?;
                let as_written = fields.next()?;
                let bytes = fields.next()?;
                Some(((case_insensitive, pattern), Lines { as_written, bytes }))
            })
            .collect()
    })
}

/// One of policylint's own expressions, parsed or prepared.
#[derive(Debug)]
pub(super) struct Builtin {
    pattern: Box<str>,
    case_insensitive: bool,
    /// Parsed now, or read from the prepared line when first asked for.
    as_written: OnceLock<Hir>,
    prepared: Option<Lines>,
}

impl Builtin {
    /// `pattern` as the regex crate parses it, ignoring case by default if
    /// `case_insensitive`. An error says why it does not parse.
    pub(super) fn new(pattern: &str, case_insensitive: bool) -> Result<Builtin, String> {
        #[cfg(test)]
        seen()
            .lock()
            .unwrap()
            .insert((case_insensitive, pattern.to_string()));
        let prepared = prepared().get(&(case_insensitive, pattern)).copied();
        let as_written = OnceLock::new();
        if prepared.is_none() {
            let _ = as_written.set(parse(pattern, case_insensitive)?);
        }
        Ok(Builtin {
            pattern: pattern.into(),
            case_insensitive,
            as_written,
            prepared,
        })
    }

    /// The expression as written.
    pub(super) fn as_written(&self) -> &Hir {
        self.as_written.get_or_init(|| {
            self.prepared
                .and_then(|p| hir_code::read(p.as_written))
                .unwrap_or_else(|| self.parse_again())
        })
    }

    /// Its byte form.
    pub(super) fn bytes(&self) -> Hir {
        self.prepared
            .and_then(|p| hir_code::read(p.bytes))
            .unwrap_or_else(|| ascii_form(self.as_written()))
    }

    /// A prepared line that does not read (a test reads every one) falls back to parsing
    /// the expression, which parsed when it was prepared.
    fn parse_again(&self) -> Hir {
        parse(&self.pattern, self.case_insensitive).unwrap_or_else(|_| Hir::fail())
    }
}

fn parse(pattern: &str, case_insensitive: bool) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map_err(|e| format!("`{pattern}` is not a valid expression: {e}"))
}

/// Every built-in expression made in this test run.
#[cfg(test)]
fn seen() -> &'static std::sync::Mutex<std::collections::BTreeSet<(bool, String)>> {
    static SEEN: OnceLock<std::sync::Mutex<std::collections::BTreeSet<(bool, String)>>> =
        OnceLock::new();
    SEEN.get_or_init(Default::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(case_insensitive: bool, pattern: &str) -> String {
        let hir = parse(pattern, case_insensitive).expect("a built-in expression parses");
        let mut as_written = String::new();
        hir_code::write(&hir, &mut as_written);
        let mut bytes = String::new();
        hir_code::write(&ascii_form(&hir), &mut bytes);
        let flag = if case_insensitive { "i" } else { "s" };
        format!("{flag}\t{pattern}\t{as_written}\t{bytes}")
    }

    /// Every prepared line holds what a parse of its expression makes now; blessing
    /// rewrites the file from the expressions a check of every fixture and example makes.
    #[test]
    fn prepared_builtin_expressions_are_what_a_parse_makes_now() {
        if std::env::var_os("POLICYLINT_BLESS").is_some() {
            let engine = crate::engine::Engine::load(&[]).expect("shipped packs load");
            let opts = crate::engine::CheckOptions::new(jiff::civil::date(2026, 11, 29));
            for path in super::super::markdown_in_repository() {
                // fixtures of other encodings are not what this needs
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let source = crate::source::SourceFile::new("x.md", text.as_str(), false);
                let _ = engine.check_source(source, &opts);
                // and the same text with a curly quote, for the forms as written
                let curly = format!("{text}\n\n\u{2019}\u{e9}\n");
                let source = crate::source::SourceFile::new("x.md", curly.as_str(), false);
                let _ = engine.check_source(source, &opts);
            }
            let lines: Vec<String> = seen()
                .lock()
                .unwrap()
                .iter()
                .filter(|(_, p)| !p.contains(['\t', '\n', '\r']))
                .map(|(ci, p)| line(*ci, p))
                .collect();
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/phrases/prepared-builtin.txt"
            );
            std::fs::write(path, lines.join("\n") + "\n").expect("the file is written");
            return;
        }
        let table = prepared();
        assert!(table.len() >= 20, "prepared expressions: {}", table.len());
        assert_eq!(
            table.len(),
            PREPARED.lines().count(),
            "a line does not read"
        );
        for (&(case_insensitive, pattern), lines) in table {
            let hir = parse(pattern, case_insensitive).expect("parses");
            assert_eq!(
                hir_code::read(lines.as_written).as_ref(),
                Some(&hir),
                "{pattern}"
            );
            assert_eq!(
                hir_code::read(lines.bytes),
                Some(ascii_form(&hir)),
                "{pattern}"
            );
        }
    }

    #[test]
    fn an_expression_not_prepared_is_parsed_and_a_bad_one_refused() {
        let b = Builtin::new(r"(?i)not a prepared \w+ expression", false).expect("parses");
        assert!(b.prepared.is_none());
        assert_eq!(
            b.as_written(),
            &parse(r"(?i)not a prepared \w+ expression", false).unwrap()
        );
        assert!(Builtin::new("(unclosed", true).is_err());
    }
}
