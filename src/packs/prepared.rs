//! The shipped packs as read from their TOML, made in advance.
//!
//! Parsing the shipped packs' TOML (about 350 KB) is the largest part of loading them, and
//! loading them is on the critical path of every `check`. `prepared.json` holds what
//! reading each shipped pack gives: its `[pack]` table, each check's data as JSON, and the
//! places in the TOML that messages point at. JSON is read several times faster than TOML.
//!
//! Each entry carries a hash of the TOML text it was made from; a pack whose text differs
//! (edited since the table was made) is read from its TOML as before, so a stale table
//! costs time, never a wrong check. A test keeps the table current:
//! `POLICYLINT_BLESS=1 cargo test --lib prepared_packs` rewrites it.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Origin, PackFile, PackMeta, RawCheck, ReadPack};
use crate::source::Span;

/// The table, as written by the test below.
const PREPARED: &str = include_str!("prepared.json");

/// One shipped pack as read.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PreparedPack {
    path: String,
    /// [`text_hash`] of the TOML the entry was made from.
    text_hash: u64,
    meta: PackMeta,
    extends_span: Span,
    checks: Vec<PreparedCheck>,
}

#[derive(Debug, Serialize, Deserialize)]
struct PreparedCheck {
    value: Map<String, Value>,
    id_span: Span,
    rule_span: Span,
}

/// The prepared packs by path; empty if the table does not read (then every pack is read
/// from its TOML).
pub(super) fn load() -> HashMap<String, PreparedPack> {
    let rows: Vec<PreparedPack> = serde_json::from_str(PREPARED).unwrap_or_default();
    rows.into_iter().map(|r| (r.path.clone(), r)).collect()
}

/// The shipped pack `file` as read, from the table, if the table holds its current text.
pub(super) fn take(
    table: &mut HashMap<String, PreparedPack>,
    fi: usize,
    file: &PackFile,
) -> Option<ReadPack> {
    if !file.embedded {
        return None;
    }
    let path = file.path.to_str()?;
    if table.get(path)?.text_hash != text_hash(&file.text) {
        return None;
    }
    let row = table.remove(path)?;
    let checks = row
        .checks
        .into_iter()
        .map(|c| RawCheck {
            value: Arc::new(c.value),
            origin: Origin {
                file: fi,
                id_span: c.id_span,
                rule_span: c.rule_span,
            },
        })
        .collect();
    Some((row.meta, checks, row.extends_span))
}

/// FNV-1a over the text: cheap, and enough to tell an edited pack from the one the table
/// was made from.
fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packs::{EMBEDDED, Registry, embedded_files, read_pack};

    /// What the table should hold now: each shipped pack read from its TOML.
    fn current_table() -> String {
        let rows: Vec<PreparedPack> = embedded_files(true)
            .iter()
            .enumerate()
            .map(|(fi, file)| {
                let (meta, checks, extends_span) =
                    read_pack(fi, file, None).expect("a shipped pack reads");
                PreparedPack {
                    path: file.path.to_str().expect("a UTF-8 path").to_string(),
                    text_hash: text_hash(&file.text),
                    meta,
                    extends_span,
                    checks: checks
                        .into_iter()
                        .map(|c| PreparedCheck {
                            value: (*c.value).clone(),
                            id_span: c.origin.id_span,
                            rule_span: c.origin.rule_span,
                        })
                        .collect(),
                }
            })
            .collect();
        let lines: Vec<String> = rows
            .iter()
            .map(|r| serde_json::to_string(r).expect("a row serialises"))
            .collect();
        format!("[\n{}\n]\n", lines.join(",\n"))
    }

    /// The table holds exactly what reading each shipped pack's TOML gives now.
    #[test]
    fn prepared_packs_are_what_reading_the_toml_gives() {
        let table = current_table();
        if std::env::var_os("POLICYLINT_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/packs/prepared.json");
            std::fs::write(path, &table).expect("the table is written");
            return;
        }
        assert!(
            table == PREPARED,
            "src/packs/prepared.json is out of date: run \
             `POLICYLINT_BLESS=1 cargo test --lib prepared_packs` and commit the result"
        );
        assert_eq!(load().len(), EMBEDDED.len());
    }

    /// Loading through the table gives the same packs as reading every TOML file (and
    /// validating it, as for a user's pack); and every shipped pack does come from the
    /// table (were none to, the comparison would hold trivially).
    #[test]
    fn packs_loaded_from_the_table_are_the_packs_the_toml_gives() {
        let mut table = load();
        for (fi, file) in embedded_files(true).iter().enumerate() {
            assert!(
                take(&mut table, fi, file).is_some(),
                "{} is not read from the table",
                file.path.display()
            );
        }
        let prepared = Registry::from_files(embedded_files(true)).expect("shipped packs load");
        let parsed = Registry::from_files(embedded_files(false)).expect("shipped packs load");
        assert_eq!(
            format!("{:?}", prepared.packs),
            format!("{:?}", parsed.packs)
        );
        assert!(prepared.packs.iter().map(|p| p.checks.len()).sum::<usize>() > 100);
    }

    /// A pack edited since the table was made is read from its TOML.
    #[test]
    fn an_edited_pack_is_read_from_its_toml() {
        let mut table = load();
        let mut files = embedded_files(true);
        let core = files
            .iter_mut()
            .find(|f| f.path.ends_with("core.toml"))
            .expect("the core pack ships");
        assert!(
            take(&mut table, 0, core).is_some(),
            "the table holds core.toml"
        );
        let mut table = load();
        core.text = format!("{}\n# edited\n", core.text).into();
        assert!(take(&mut table, 0, core).is_none());
    }
}
