//! The engine: packs compiled once per run, then each document checked against the packs
//! chosen for it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use jiff::civil::Date;

use crate::document::{Document, FmKind, Limits};
use crate::error::Problem;
use crate::kinds::{self, Compiled, Ctx};
use crate::org::OrgKind;
use crate::packs::{CheckDef, Registry};
use crate::phrases::{PhraseBuilder, PhraseId, PhraseIndex};
use crate::result::{CheckResult, Evidence, FileReport, KindSource, Severity, Status};
use crate::schema::Schema;
use crate::source::SourceFile;

/// A check ready to run.
#[derive(Debug)]
pub struct CompiledCheck {
    /// The check's id, shared by every result of it rather than copied into each.
    pub id: Arc<str>,
    pub def: Arc<CheckDef>,
    pub pack: Arc<str>,
    /// Shared by every pack holding the same definition (see [`Engine::from_registry`]).
    pub rule: Arc<Compiled>,
    pub applies_when: Option<Arc<Compiled>>,
    /// Every phrase the check's rule and condition look up.
    pub phrases: Arc<[PhraseId]>,
}

/// Everything compiled once per run.
pub struct Engine {
    pub registry: Registry,
    pub phrases: PhraseIndex,
    /// Compiled checks of each pack, by pack index.
    pub compiled: Vec<Vec<CompiledCheck>>,
}

/// The front-matter schema, compiled when a policy with front matter first needs one (a
/// single check of a policy with front matter compiles it on the spare core, see `app`).
pub fn front_matter_schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        Schema::compile(crate::packs::FRONT_MATTER_SCHEMA)
            // the shipped schema; `the_front_matter_schema_compiles` compiles it
            .expect("the shipped front-matter schema compiles")
    })
}

/// How to check one file.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub today: Date,
    /// A kind given by flag or config (which wins over the front matter).
    pub kind: Option<(OrgKind, KindSource)>,
    /// Packs chosen by flag or config, instead of the defaults.
    pub packs: Option<Vec<String>>,
    pub severity: HashMap<String, Severity>,
    pub limits: Limits,
    /// Search for every expression, not only those of the checks that run: the results
    /// must not change (a test compares both ways).
    pub search_every_expression: bool,
}

impl CheckOptions {
    pub fn new(today: Date) -> Self {
        CheckOptions {
            today,
            kind: None,
            packs: None,
            severity: HashMap::new(),
            limits: Limits::default(),
            search_every_expression: false,
        }
    }
}

impl Engine {
    /// Load and compile the shipped packs plus any extra pack files.
    pub fn load(extra_packs: &[PathBuf]) -> Result<Engine, Problem> {
        Engine::from_registry(Registry::load(extra_packs)?)
    }

    pub fn from_registry(registry: Registry) -> Result<Engine, Problem> {
        let mut builder = PhraseBuilder::default();
        let mut compiled = Vec::with_capacity(registry.packs.len());
        // a definition shared by several packs (inherited unchanged) is compiled once
        let mut done: HashMap<*const CheckDef, Rules> = HashMap::new();
        for pack in &registry.packs {
            let pack_id: Arc<str> = Arc::from(pack.meta.id.as_str());
            let mut checks = Vec::with_capacity(pack.checks.len());
            for (def, origin) in pack.checks.iter().zip(&pack.origins) {
                let (rule, applies_when, phrases) = match done.get(&Arc::as_ptr(def)) {
                    Some(rules) => rules.clone(),
                    None => {
                        let rules = compile_check(&registry, &mut builder, def, origin)?;
                        done.insert(Arc::as_ptr(def), rules.clone());
                        rules
                    }
                };
                checks.push(CompiledCheck {
                    id: Arc::from(def.id.as_str()),
                    def: def.clone(),
                    pack: pack_id.clone(),
                    rule,
                    applies_when,
                    phrases,
                });
            }
            compiled.push(checks);
        }
        let phrases = builder
            .build()
            .map_err(|e| Problem::new("pack::invalid", "checks", format!("pack error: {e}")))?;
        Ok(Engine {
            registry,
            phrases,
            compiled,
        })
    }

    /// The front-matter schema ([`front_matter_schema`]).
    pub fn front_matter_schema(&self) -> &'static Schema {
        front_matter_schema()
    }

    /// Check that pack ids exist; the error names the nearest known id.
    pub fn validate_pack_ids(&self, ids: &[String]) -> Result<(), String> {
        for id in ids {
            if self.registry.get(id).is_none() {
                let known: Vec<&str> = self
                    .registry
                    .packs
                    .iter()
                    .filter(|p| !p.meta.base)
                    .map(|p| p.meta.id.as_str())
                    .collect();
                let near = known
                    .iter()
                    .min_by_key(|k| crate::schema::edit_distance(id, k))
                    .filter(|k| crate::schema::edit_distance(id, k) <= 3);
                return Err(match near {
                    Some(n) => format!(
                        "there is no pack `{id}`; did you mean `{n}`? (see `policylint packs`)"
                    ),
                    None => {
                        format!("there is no pack `{id}` (see `policylint packs` for the list)")
                    }
                });
            }
        }
        Ok(())
    }

    /// Load, build and check one decoded file.
    pub fn check_source(&self, source: SourceFile, opts: &CheckOptions) -> FileReport {
        let path = source.display_path();
        match Document::build(source, opts.limits) {
            Ok(doc) => self.check_document(&doc, opts),
            Err(p) => FileReport::failed(path, p),
        }
    }

    /// Check a built document.
    pub fn check_document(&self, doc: &Document, opts: &CheckOptions) -> FileReport {
        let mut notes = Vec::new();
        let (kind, kind_source, kind_evidence) = self.kind_of(doc, opts);
        if kind_source == KindSource::Inferred {
            let article = if kind.describe().starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            notes.push(format!(
                "policylint took this to be {article} {} from the words \u{201c}{}\u{201d}; set `kind` in the front matter or use --kind to say otherwise",
                kind.describe(),
                kind_evidence.as_deref().unwrap_or("")
            ));
        } else if kind_source == KindSource::Assumed {
            notes.push("policylint could not tell what kind of organisation this is, so it checked it as a school; set `kind` in the front matter or use --kind".to_string());
        }
        let partnership = doc
            .fm("organisation.partnership")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let pack_ids = match &opts.packs {
            // packs chosen by flag or config, after the always-on ones (front-matter checks)
            Some(p) => {
                let mut ids: Vec<String> = self
                    .registry
                    .packs
                    .iter()
                    .filter(|x| x.meta.always && !p.contains(&x.meta.id))
                    .map(|x| x.meta.id.clone())
                    .collect();
                ids.extend(p.iter().cloned());
                ids
            }
            None => {
                let (ids, mut n) =
                    self.registry
                        .default_packs(kind, partnership.as_deref(), opts.today);
                notes.append(&mut n);
                ids
            }
        };
        let schema_issues = match &doc.front_matter {
            Some(fm) => self.front_matter_schema().validate(&fm.root, &fm.opening),
            None => Vec::new(),
        };
        // Later packs override earlier ones for the same check id.
        let mut chosen: Vec<&CompiledCheck> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for id in &pack_ids {
            let Some(pi) = self.registry.index_of(id) else {
                continue;
            };
            for c in &self.compiled[pi] {
                match index.get(c.def.id.as_str()) {
                    Some(&i) => chosen[i] = c,
                    None => {
                        index.insert(c.def.id.as_str(), chosen.len());
                        chosen.push(c);
                    }
                }
            }
        }
        // only the expressions of the checks that will run are searched for
        let mut needed = vec![false; self.phrases.len()];
        for c in chosen.iter().filter(|c| c.def.applies_to.contains(&kind)) {
            for &id in c.phrases.iter() {
                needed[id as usize] = true;
            }
        }
        let needed = (!opts.search_every_expression).then_some(needed.as_slice());
        let hits = self.phrases.scan(doc, needed);
        let mut results = Vec::new();
        for c in chosen {
            let ctx = Ctx {
                doc,
                hits: &hits,
                phrases: &self.phrases,
                today: opts.today,
                kind,
                registry: &self.registry,
                schema_issues: &schema_issues,
                check: &c.def,
            };
            let base_severity = opts
                .severity
                .get(&c.def.id)
                .copied()
                .or_else(|| c.def.severity_by_kind.get(&kind).copied())
                .unwrap_or(c.def.severity);
            let na = |message: String| CheckResult {
                check: c.id.clone(),
                def: c.def.clone(),
                pack: c.pack.clone(),
                status: Status::NotApplicable,
                severity: base_severity,
                message,
                help: None,
                span: None,
                evidence: Vec::new(),
                labels: Vec::new(),
                fix: None,
                waiver: None,
                baselined: false,
            };
            if !c.def.applies_to.contains(&kind) {
                results.push(na(format!(
                    "applies to {}, not to a {}",
                    kinds_list(&c.def.applies_to),
                    kind.describe()
                )));
                continue;
            }
            if doc.word_count == 0
                && c.rule.is_absence_rule()
                && !matches!(*c.rule, Compiled::FrontMatter(_))
            {
                results.push(na("the policy has no text to check".to_string()));
                continue;
            }
            if let Some(cond) = &c.applies_when
                && cond.eval(&ctx).iter().any(|o| !o.passed)
            {
                results.push(na(c
                    .def
                    .applies_when_note
                    .clone()
                    .unwrap_or_else(|| "does not apply to this policy".to_string())));
                continue;
            }
            for o in c.rule.eval(&ctx) {
                let severity = if opts.severity.contains_key(&c.def.id) {
                    base_severity
                } else {
                    o.severity.unwrap_or(base_severity)
                };
                results.push(CheckResult {
                    check: c.id.clone(),
                    def: c.def.clone(),
                    pack: c.pack.clone(),
                    status: if o.passed { Status::Pass } else { Status::Fail },
                    severity,
                    message: match o.remark {
                        Some(remark) => format!("{} {remark}", o.message),
                        None => o.message,
                    },
                    help: if o.passed {
                        None
                    } else {
                        o.help.or_else(|| Some(c.def.fix.clone()))
                    },
                    span: o.span.map(|s| doc.source.clamp(s)),
                    evidence: distinct_evidence(o.evidence, &doc.source),
                    labels: o
                        .labels
                        .into_iter()
                        .map(|(s, l)| (doc.source.clamp(s), l))
                        .collect(),
                    fix: o.fix,
                    waiver: None,
                    baselined: false,
                });
            }
        }
        crate::suggest::attach(doc, kind, &mut results);
        crate::suppress::apply_inline(doc, &self.registry, &mut results);
        FileReport {
            path: doc.source.display_path(),
            source: Some(doc.source.clone()),
            organisation: doc
                .fm("organisation.name")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            title: doc.outline.first_heading(),
            kind: Some(kind),
            kind_source: Some(kind_source),
            kind_evidence,
            packs: pack_ids,
            results,
            errors: Vec::new(),
            notes,
            sections: crate::fingerprint::sections_of(doc),
            resolved: Vec::new(),
        }
    }

    /// The kind of organisation: flag or config, then front matter, then the text.
    fn kind_of(
        &self,
        doc: &Document,
        opts: &CheckOptions,
    ) -> (OrgKind, KindSource, Option<String>) {
        if let Some((k, s)) = opts.kind {
            return (k, s, None);
        }
        if let Some(k) = kind_in_front_matter(doc) {
            return (k, KindSource::FrontMatter, None);
        }
        match doc.kind_guess() {
            Some(g) => (g.kind, KindSource::Inferred, Some(g.because.clone())),
            None => (OrgKind::School, KindSource::Assumed, None),
        }
    }
}

/// The kind of organisation the front matter gives, when it gives a known one.
pub fn kind_in_front_matter(doc: &Document) -> Option<OrgKind> {
    match &doc.fm("organisation.kind")?.value {
        FmKind::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn kinds_list(kinds: &[OrgKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| format!("{}s", k.describe())).collect();
    match names.len() {
        0 => "no organisations".into(),
        1 => names[0].clone(),
        _ => format!(
            "{} and {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    }
}

/// A check's compiled rule and `applies_when`.
type Rules = (Arc<Compiled>, Option<Arc<Compiled>>, Arc<[PhraseId]>);

/// A check's rule and `applies_when`, compiled; an error points at the rule in its pack file.
fn compile_check(
    registry: &Registry,
    builder: &mut PhraseBuilder,
    def: &CheckDef,
    origin: &crate::packs::Origin,
) -> Result<Rules, Problem> {
    builder.set_lazy(registry.files[origin.file].embedded);
    builder.take_used();
    let fail = |msg: String| {
        let f = &registry.files[origin.file];
        Problem::new(
            "pack::invalid",
            &f.path,
            format!("pack error in check `{}`: {msg}", def.id),
        )
        .at_text_span(
            f.text.clone(),
            culprit_span(&f.text, &origin.rule_span, &msg),
        )
    };
    let rule = Arc::new(kinds::compile(&def.rule, builder).map_err(fail)?);
    let applies_when = def
        .applies_when
        .as_ref()
        .map(|r| kinds::compile(r, builder).map(Arc::new))
        .transpose()
        .map_err(fail)?;
    Ok((rule, applies_when, builder.take_used().into()))
}

/// Where in a pack file a compile error belongs: the first `quoted` fragment of the message
/// found after the rule's key (a bad phrase or regex), else the rule itself.
fn culprit_span(
    text: &str,
    rule: &std::ops::Range<usize>,
    message: &str,
) -> std::ops::Range<usize> {
    let fragment = message.split('`').nth(1).filter(|f| f.len() >= 2);
    if let Some(f) = fragment
        && let Some(i) = text.get(rule.start..).and_then(|t| t.find(f))
    {
        let start = rule.start + i;
        return start..start + f.len();
    }
    rule.clone()
}

/// A rule's evidence clamped to the file, each place once: rules combined with `all` often
/// find the same words (a role's holder, then the same holder for the consistency check).
/// A repeated place keeps the first note given for it.
fn distinct_evidence(mut evidence: Vec<Evidence>, source: &SourceFile) -> Vec<Evidence> {
    for e in &mut evidence {
        e.span = source.clamp(e.span.clone());
    }
    // the places in order of where they start (then of where they are in the list): each
    // run of one start keeps its first, with the first note given for it
    let mut order: Vec<usize> = (0..evidence.len()).collect();
    order.sort_unstable_by_key(|&i| (evidence[i].span.start, i));
    let mut keep = vec![false; evidence.len()];
    let mut run = 0;
    while run < order.len() {
        let first = order[run];
        let start = evidence[first].span.start;
        let mut next = run + 1;
        while next < order.len() && evidence[order[next]].span.start == start {
            next += 1;
        }
        if evidence[first].note.is_none()
            && let Some(note) = order[run + 1..next]
                .iter()
                .find_map(|&i| evidence[i].note.take())
        {
            evidence[first].note = Some(note);
        }
        keep[first] = true;
        run = next;
    }
    let mut kept = keep.into_iter();
    evidence.retain(|_| kept.next().unwrap_or(false));
    evidence
}

#[cfg(test)]
mod tests {
    /// The shipped schema is compiled only when a policy needs it, so a test compiles it.
    #[test]
    fn the_front_matter_schema_compiles() {
        crate::schema::Schema::compile(crate::packs::FRONT_MATTER_SCHEMA)
            .expect("the shipped front-matter schema compiles");
    }
}
