//! Rule packs: loading, validating against `checks/pack.schema.json`, resolving `extends`,
//! and choosing the packs for a policy.
//!
//! A pack is data. Each check names a check kind (code in `src/kinds/`) and its settings. An
//! edition's pack extends the previous edition's and lists only what changed: a check with
//! an existing id replaces the fields it gives, so a requirement keeps its id while what it
//! demands changes.

pub mod model;
mod prepared;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::Value;

use crate::error::Problem;
use crate::org::OrgKind;
use crate::schema::Schema;
use crate::source::Span;
use crate::spanned_toml::{self, FmValue};
pub use model::{CheckDef, PackMeta, RuleSpec, Source};

/// The packs shipped with policylint, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("checks/core.toml", include_str!("../../checks/core.toml")),
    (
        "checks/common.toml",
        include_str!("../../checks/common.toml"),
    ),
    (
        "checks/kcsie-2020.toml",
        include_str!("../../checks/kcsie-2020.toml"),
    ),
    (
        "checks/kcsie-2021.toml",
        include_str!("../../checks/kcsie-2021.toml"),
    ),
    (
        "checks/kcsie-2022.toml",
        include_str!("../../checks/kcsie-2022.toml"),
    ),
    (
        "checks/kcsie-2023.toml",
        include_str!("../../checks/kcsie-2023.toml"),
    ),
    (
        "checks/kcsie-2024.toml",
        include_str!("../../checks/kcsie-2024.toml"),
    ),
    (
        "checks/kcsie-2025.toml",
        include_str!("../../checks/kcsie-2025.toml"),
    ),
    (
        "checks/kcsie-2026-draft.toml",
        include_str!("../../checks/kcsie-2026-draft.toml"),
    ),
    ("checks/eyfs.toml", include_str!("../../checks/eyfs.toml")),
    (
        "checks/agency.toml",
        include_str!("../../checks/agency.toml"),
    ),
    (
        "checks/krscp-2020.toml",
        include_str!("../../checks/krscp-2020.toml"),
    ),
    (
        "checks/stale-terms.toml",
        include_str!("../../checks/stale-terms.toml"),
    ),
];

pub const PACK_SCHEMA: &str = include_str!("../../checks/pack.schema.json");
pub const FRONT_MATTER_SCHEMA: &str = include_str!("../../checks/front-matter.schema.json");

/// Where a check's definition sits, for errors that point into pack files.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: usize,
    pub id_span: Span,
    /// The `rule` key of the pack that last set the rule.
    pub rule_span: Span,
}

/// A pack file as read.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Shipped with policylint (one of [`EMBEDDED`]). These are fixed when policylint is
    /// built and checked against the pack schema by the test suite, so loading them skips
    /// that validation; every other pack file is validated when loaded.
    pub embedded: bool,
}

/// A pack with its checks resolved (its own plus those it extends).
#[derive(Debug, Clone)]
pub struct Pack {
    pub meta: PackMeta,
    pub file: usize,
    pub checks: Vec<Arc<CheckDef>>,
    pub origins: Vec<Origin>,
    /// Ids this pack defines or changes itself (not only inherits).
    pub own: Vec<String>,
}

impl Pack {
    pub fn in_force_from(&self) -> Option<Date> {
        self.meta
            .in_force_from
            .as_deref()
            .and_then(|d| d.parse().ok())
    }

    pub fn in_force_until(&self) -> Option<Date> {
        self.meta
            .in_force_until
            .as_deref()
            .and_then(|d| d.parse().ok())
    }

    pub fn is_in_force(&self, day: Date) -> bool {
        self.in_force_from().is_none_or(|f| f <= day)
            && self.in_force_until().is_none_or(|u| day <= u)
    }
}

/// Every loaded pack.
#[derive(Debug)]
pub struct Registry {
    pub files: Vec<PackFile>,
    pub packs: Vec<Pack>,
    by_id: HashMap<String, usize>,
}

/// A pack's check ids in order, and their merged definitions.
type Merged = (Vec<String>, BTreeMap<String, RawCheck>);

/// A pack's raw check before merging, with where it came from.
#[derive(Clone)]
struct RawCheck {
    /// Shared by every pack that inherits the check unchanged; copied only when a pack
    /// overrides a key.
    value: Arc<serde_json::Map<String, Value>>,
    origin: Origin,
}

/// The shipped pack files, marked as `embedded` (trusted, not validated when loaded) or not.
fn embedded_files(embedded: bool) -> Vec<PackFile> {
    EMBEDDED
        .iter()
        .map(|(p, t)| PackFile {
            path: PathBuf::from(p),
            text: Arc::from(*t),
            embedded,
        })
        .collect()
}

impl Registry {
    /// Load the shipped packs and any extra pack files.
    pub fn load(extra: &[PathBuf]) -> Result<Registry, Problem> {
        let mut files = embedded_files(true);
        for p in extra {
            let text = std::fs::read_to_string(p).map_err(|e| {
                crate::load::io_problem(p, &e)
                    .with_help("a pack given with --pack must be a readable TOML file")
            })?;
            files.push(PackFile {
                path: p.clone(),
                text: text.into(),
                embedded: false,
            });
        }
        Registry::from_files(files)
    }

    /// Load packs from given texts (tests use this with their own packs).
    pub fn from_files(files: Vec<PackFile>) -> Result<Registry, Problem> {
        // compiled only when a pack needs validating (a user's pack, or a test)
        let schema = if files.iter().any(|f| !f.embedded) {
            Some(
                Schema::compile(PACK_SCHEMA)
                    .map_err(|e| Problem::new("pack::schema", "checks/pack.schema.json", e))?,
            )
        } else {
            None
        };
        // the shipped packs come from the table made in advance where it is current
        let mut table = if files.iter().any(|f| f.embedded) {
            prepared::load()
        } else {
            HashMap::new()
        };
        let mut ready: Vec<Option<ReadPack>> = files
            .iter()
            .enumerate()
            .map(|(fi, file)| prepared::take(&mut table, fi, file))
            .collect();
        // each other file is read on its own, on every core; the first problem in file order
        // is the one reported
        let read: Vec<Result<ReadPack, Problem>> = files
            .par_iter()
            .enumerate()
            .zip(ready.par_iter_mut())
            .map(|((fi, file), ready)| match ready.take() {
                Some(pack) => Ok(pack),
                None => read_pack(fi, file, schema.as_ref()),
            })
            .collect();
        let mut metas = Vec::new();
        let mut raw_checks: Vec<Vec<RawCheck>> = Vec::new();
        let mut extends_spans = Vec::new();
        for r in read {
            let (meta, checks, extends_span) = r?;
            metas.push(meta);
            raw_checks.push(checks);
            extends_spans.push(extends_span);
        }
        // pack ids are unique
        let mut by_id = HashMap::new();
        for (i, m) in metas.iter().enumerate() {
            if let Some(prev) = by_id.insert(m.id.clone(), i) {
                let f = &files[i];
                return Err(Problem::new(
                    "pack::invalid",
                    &f.path,
                    format!(
                        "pack error: the pack id `{}` is already used by {}",
                        m.id,
                        files[prev].path.display()
                    ),
                ));
            }
        }
        // resolve extends in dependency order, refusing cycles
        let order = topo_order(&metas, &by_id).map_err(|(i, msg)| {
            Problem::new(
                "pack::invalid",
                &files[i].path,
                format!("pack error: {msg}"),
            )
            .at_text_span(files[i].text.clone(), extends_spans[i].clone())
        })?;
        let mut merged: Vec<Option<Merged>> = vec![None; metas.len()];
        for &i in &order {
            let file = &files[i];
            let err = |span: Span, msg: String| {
                Problem::new("pack::invalid", &file.path, msg).at_text_span(file.text.clone(), span)
            };
            let (mut ids, mut checks) = match &metas[i].extends {
                Some(parent) => merged[by_id[parent]]
                    .clone()
                    .expect("parent resolved first"),
                None => (Vec::new(), BTreeMap::new()),
            };
            for r in &metas[i].remove {
                if checks.remove(r).is_none() {
                    return Err(err(
                        extends_spans[i].clone(),
                        format!(
                            "pack error: `remove` names `{r}`, which the extended pack does not have"
                        ),
                    ));
                }
                ids.retain(|x| x != r);
            }
            for r in &metas[i].restore {
                // the nearest ancestor whose resolved checks still hold it
                let mut ancestor = metas[i]
                    .extends
                    .as_ref()
                    .and_then(|p| by_id.get(p).copied());
                let mut found = None;
                while let Some(a) = ancestor {
                    if let Some(c) = merged[a].as_ref().and_then(|(_, m)| m.get(r)) {
                        found = Some(c.clone());
                        break;
                    }
                    ancestor = metas[a]
                        .extends
                        .as_ref()
                        .and_then(|p| by_id.get(p).copied());
                }
                match found {
                    Some(c) if !checks.contains_key(r) => {
                        ids.push(r.clone());
                        checks.insert(r.clone(), c);
                    }
                    Some(_) => {
                        return Err(err(
                            extends_spans[i].clone(),
                            format!(
                                "pack error: `restore` names `{r}`, which this pack already has"
                            ),
                        ));
                    }
                    None => {
                        return Err(err(
                            extends_spans[i].clone(),
                            format!(
                                "pack error: `restore` names `{r}`, which no pack this one extends defines"
                            ),
                        ));
                    }
                }
            }
            for raw in &raw_checks[i] {
                let id = raw.value["id"].as_str().unwrap_or_default().to_string();
                match checks.get_mut(&id) {
                    Some(existing) => {
                        let value = Arc::make_mut(&mut existing.value);
                        for (k, v) in raw.value.iter() {
                            value.insert(k.clone(), v.clone());
                        }
                        existing.origin.file = i;
                        existing.origin.id_span = raw.origin.id_span.clone();
                        if raw.value.contains_key("rule") {
                            existing.origin.rule_span = raw.origin.rule_span.clone();
                        }
                    }
                    None => {
                        ids.push(id.clone());
                        checks.insert(id, raw.clone());
                    }
                }
            }
            merged[i] = Some((ids, checks));
        }
        let mut packs = Vec::with_capacity(metas.len());
        // A check a pack inherits unchanged (each KCSIE edition extends the last) is the same
        // definition, read once and shared, so that the engine compiles it once too.
        type Read = Vec<(Arc<serde_json::Map<String, Value>>, Arc<CheckDef>)>;
        let mut read: HashMap<String, Read> = HashMap::new();
        for (i, meta) in metas.into_iter().enumerate() {
            let (ids, checks) = merged[i].take().expect("every pack resolved");
            let mut defs = Vec::with_capacity(ids.len());
            let mut origins = Vec::with_capacity(ids.len());
            for id in &ids {
                let raw = &checks[id];
                let seen = read.entry(id.clone()).or_default();
                if let Some((_, def)) = seen
                    .iter()
                    .find(|(value, _)| Arc::ptr_eq(value, &raw.value) || *value == raw.value)
                {
                    defs.push(def.clone());
                    origins.push(raw.origin.clone());
                    continue;
                }
                let def: CheckDef = serde::Deserialize::deserialize(&*raw.value).map_err(|e| {
                    let f = &files[raw.origin.file];
                    Problem::new(
                        "pack::invalid",
                        &f.path,
                        format!(
                            "pack error in check `{id}` (as used by pack `{}`): {e}",
                            meta.id
                        ),
                    )
                    .at_text_span(f.text.clone(), raw.origin.id_span.clone())
                })?;
                let def = Arc::new(def);
                seen.push((raw.value.clone(), def.clone()));
                defs.push(def);
                origins.push(raw.origin.clone());
            }
            let own = raw_checks[i]
                .iter()
                .map(|r| r.value["id"].as_str().unwrap_or_default().to_string())
                .collect();
            packs.push(Pack {
                meta,
                file: i,
                checks: defs,
                origins,
                own,
            });
        }
        Ok(Registry {
            files,
            packs,
            by_id,
        })
    }

    /// The shipped packs loaded as if a user had given them, so that each is validated
    /// against the pack schema (the test suite does this; see [`PackFile::embedded`]).
    pub fn load_validating_embedded() -> Result<Registry, Problem> {
        Registry::from_files(embedded_files(false))
    }

    pub fn get(&self, id: &str) -> Option<&Pack> {
        self.by_id.get(id).map(|&i| &self.packs[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The KCSIE edition in force on a day (drafts excluded).
    pub fn edition_in_force(&self, day: Date) -> Option<i16> {
        self.family_member_in_force("kcsie", day)
            .and_then(|p| p.meta.edition)
    }

    fn family_member_in_force(&self, family: &str, day: Date) -> Option<&Pack> {
        let members: Vec<&Pack> = self
            .packs
            .iter()
            .filter(|p| p.meta.family.as_deref() == Some(family) && !p.meta.draft)
            .collect();
        members
            .iter()
            .filter(|p| p.in_force_from().is_none_or(|f| f <= day))
            .max_by_key(|p| p.in_force_from())
            .or_else(|| members.iter().min_by_key(|p| p.in_force_from()))
            .copied()
    }

    /// The packs a policy is checked against when none are chosen: the always-on packs, the
    /// edition in force for its kind (or its kind's pack), its partnership's pack, and the
    /// stale-terms pack. Notes explain anything that could not be matched.
    pub fn default_packs(
        &self,
        kind: OrgKind,
        partnership: Option<&str>,
        today: Date,
    ) -> (Vec<String>, Vec<String>) {
        let mut chosen: Vec<String> = Vec::new();
        let mut notes = Vec::new();
        for p in &self.packs {
            if p.meta.always {
                chosen.push(p.meta.id.clone());
            }
        }
        let mut families_done: Vec<String> = Vec::new();
        for p in &self.packs {
            if p.meta.always || p.meta.base || p.meta.draft || p.meta.partnership.is_some() {
                continue;
            }
            if !p.meta.default_for.contains(&kind) {
                continue;
            }
            match &p.meta.family {
                Some(f) => {
                    if families_done.contains(f) {
                        continue;
                    }
                    if let Some(member) = self.family_member_in_force(f, today) {
                        chosen.push(member.meta.id.clone());
                    }
                    families_done.push(f.clone());
                }
                None => chosen.push(p.meta.id.clone()),
            }
        }
        if let Some(partnership) = partnership {
            let candidates: Vec<&Pack> = self
                .packs
                .iter()
                .filter(|p| p.meta.partnership.as_deref() == Some(partnership) && !p.meta.draft)
                .collect();
            let pick = candidates
                .iter()
                .filter(|p| p.in_force_from().is_none_or(|f| f <= today))
                .max_by_key(|p| p.in_force_from())
                .or_else(|| candidates.first());
            match pick {
                Some(p) => chosen.push(p.meta.id.clone()),
                None => notes.push(format!(
                    "no pack is known for the partnership `{partnership}`, so no local requirements were checked"
                )),
            }
        }
        // keep registry order (always, editions, kind packs, partnership, stale terms)
        chosen.sort_by_key(|id| self.by_id[id]);
        chosen.dedup();
        (chosen, notes)
    }

    /// Every pack that defines or changes a check, with the change note: `explain`'s history.
    pub fn history_of(&self, check: &str) -> Vec<(&Pack, Option<&str>)> {
        self.packs
            .iter()
            .filter(|p| p.own.iter().any(|id| id == check))
            .map(|p| {
                let note = p
                    .checks
                    .iter()
                    .find(|c| c.id == check)
                    .and_then(|c| c.changes.as_deref());
                (p, note)
            })
            .collect()
    }

    /// The newest definition of a check across all packs (for `explain`).
    pub fn latest_def(&self, check: &str) -> Option<(&Pack, &Arc<CheckDef>)> {
        let mut best: Option<(&Pack, &Arc<CheckDef>)> = None;
        for p in &self.packs {
            if p.meta.draft {
                continue;
            }
            if let Some(c) = p.checks.iter().find(|c| c.id == check) {
                let newer = match best {
                    None => true,
                    Some((bp, _)) => {
                        p.own.iter().any(|id| id == check)
                            && p.in_force_from() >= bp.in_force_from()
                    }
                };
                if newer {
                    best = Some((p, c));
                }
            }
        }
        best
    }

    pub fn file_path(&self, file: usize) -> &Path {
        &self.files[file].path
    }
}

fn rule_span(item: &FmValue) -> Span {
    item.get("rule")
        .map(|r| r.key_span.clone().unwrap_or(r.span.clone()))
        .or_else(|| item.get("id").map(|i| i.span.clone()))
        .unwrap_or(item.span.clone())
}

/// A pack file read: its `[pack]` table, its checks as written, and where it says what it
/// extends.
type ReadPack = (PackMeta, Vec<RawCheck>, Span);

/// Parse one pack file (validating it against the pack schema when given one).
fn read_pack(fi: usize, file: &PackFile, schema: Option<&Schema>) -> Result<ReadPack, Problem> {
    let err = |span: Span, msg: String| {
        Problem::new("pack::invalid", &file.path, msg).at_text_span(file.text.clone(), span)
    };
    let root = spanned_toml::parse(&file.text, 0).map_err(|errs| {
        let mut p = err(
            errs[0].0.clone(),
            format!("this pack is not valid TOML: {}", errs[0].1),
        );
        p.related.extend(errs[1..].iter().cloned());
        p
    })?;
    let issues = match schema {
        Some(schema) if !file.embedded => schema.validate(&root, &(0..0)),
        _ => Vec::new(),
    };
    if let Some(p) = crate::schema::issues_problem(&issues, "pack error", err) {
        return Err(p);
    }
    let pack_node = root.get("pack").expect("schema requires [pack]");
    let meta: PackMeta = serde_json::from_value(pack_node.to_json())
        .map_err(|e| err(pack_node.span.clone(), format!("pack error: {e}")))?;
    let extends_span = pack_node
        .get("extends")
        .map(|v| v.span.clone())
        .unwrap_or(pack_node.span.clone());
    let mut checks = Vec::new();
    let mut seen: HashMap<String, Span> = HashMap::new();
    if let Some(list) = root.get("check").and_then(|c| match &c.value {
        crate::spanned_toml::FmKind::Array(items) => Some(items),
        _ => None,
    }) {
        for item in list {
            let id_node = item.get("id").expect("schema requires id");
            let id = id_node.as_str().unwrap_or_default().to_string();
            if let Some(prev) = seen.insert(id.clone(), id_node.span.clone()) {
                let mut p = err(
                    id_node.span.clone(),
                    format!("pack error: the check id `{id}` is used twice in this pack"),
                );
                p.related.push((prev, "first used here".into()));
                return Err(p);
            }
            let Value::Object(value) = item.to_json() else {
                continue;
            };
            checks.push(RawCheck {
                value: Arc::new(value),
                origin: Origin {
                    file: fi,
                    id_span: id_node.span.clone(),
                    rule_span: rule_span(item),
                },
            });
        }
    }
    Ok((meta, checks, extends_span))
}

/// Packs ordered so each comes after the one it extends; an error names a cycle or an
/// unknown parent.
fn topo_order(
    metas: &[PackMeta],
    by_id: &HashMap<String, usize>,
) -> Result<Vec<usize>, (usize, String)> {
    let mut order = Vec::new();
    let mut state = vec![0u8; metas.len()]; // 0 new, 1 visiting, 2 done
    for start in 0..metas.len() {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let names: Vec<&str> = chain
                        .iter()
                        .map(|&c: &usize| metas[c].id.as_str())
                        .collect();
                    return Err((
                        i,
                        format!(
                            "`extends` goes round in a circle: {} → {}",
                            names.join(" → "),
                            metas[i].id
                        ),
                    ));
                }
                _ => {}
            }
            state[i] = 1;
            chain.push(i);
            cur = match &metas[i].extends {
                Some(parent) => match by_id.get(parent) {
                    Some(&p) => Some(p),
                    None => {
                        return Err((
                            i,
                            format!("`extends` names `{parent}`, which is not a known pack"),
                        ));
                    }
                },
                None => None,
            };
        }
        for &i in chain.iter().rev() {
            state[i] = 2;
            order.push(i);
        }
    }
    Ok(order)
}
