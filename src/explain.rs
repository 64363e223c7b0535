//! `explain`, `rules` and `packs`: the packs' own data, printed for people and scripts.
//! Each check carries its documentation; nothing here is a second copy.

use std::io::Write;

use serde_json::json;

use crate::app::{EXIT_ERROR, EXIT_OK, Io, Settings, engine_for, usage};
use crate::error::Problem;
use crate::org::OrgKind;
use crate::packs::{CheckDef, RuleSpec};

fn write_err(e: std::io::Error) -> Problem {
    usage(format!("could not write the output: {e}"))
}

pub fn explain(settings: &Settings, id: &str, io: &mut Io<'_>) -> Result<u8, Problem> {
    let (engine, _) = engine_for(settings)?;
    let reg = &engine.registry;
    let wanted = id.trim().to_uppercase();
    let Some((pack, def)) = reg.latest_def(&wanted).or_else(|| {
        reg.packs
            .iter()
            .find_map(|p| p.checks.iter().find(|c| c.id == wanted).map(|c| (p, c)))
    }) else {
        if let Some(def) = crate::suppress::def(&wanted) {
            let json = settings.format.as_deref() == Some("json");
            crate::suppress::explain(&def, json, io.stdout).map_err(write_err)?;
            return Ok(EXIT_OK);
        }
        let mut ids: Vec<&str> = reg
            .packs
            .iter()
            .flat_map(|p| p.checks.iter().map(|c| c.id.as_str()))
            .collect();
        ids.sort();
        ids.dedup();
        let near = ids
            .iter()
            .min_by_key(|k| crate::schema::edit_distance(&wanted, k))
            .filter(|k| crate::schema::edit_distance(&wanted, k) <= 4);
        let msg = match near {
            Some(n) => format!("there is no check `{id}`; did you mean `{n}`?"),
            None => format!("there is no check `{id}` (see `policylint rules --all`)"),
        };
        let _ = writeln!(io.stderr, "error: {msg}");
        return Ok(EXIT_ERROR);
    };
    if settings.format.as_deref() == Some("json") {
        let history: Vec<_> = reg
            .history_of(&def.id)
            .into_iter()
            .map(|(p, note)| json!({"pack": p.meta.id, "in_force_from": p.meta.in_force_from, "changes": note}))
            .collect();
        let v = json!({ "check": **def, "pack": pack.meta.id, "history": history });
        serde_json::to_writer_pretty(&mut *io.stdout, &v).map_err(|e| usage(e.to_string()))?;
        writeln!(io.stdout).map_err(write_err)?;
        return Ok(EXIT_OK);
    }
    let out = &mut *io.stdout;
    let w = |out: &mut dyn Write, s: String| writeln!(out, "{s}").map_err(write_err);
    w(out, format!("{} — {}", def.id, def.title))?;
    w(out, String::new())?;
    w(out, format!("Requirement: {}", def.requirement))?;
    w(out, format!("Why it matters: {}", def.why))?;
    w(
        out,
        format!("Severity: {}{}", def.severity.as_str(), by_kind(def)),
    )?;
    w(
        out,
        format!(
            "Applies to: {}",
            def.applies_to
                .iter()
                .map(|k| k.describe())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    )?;
    w(out, format!("Source: {}", def.source.cite()))?;
    if let Some(u) = &def.source.url {
        w(out, format!("        {u}"))?;
    }
    for a in &def.also {
        w(out, format!("Also: {a}"))?;
    }
    let history = reg.history_of(&def.id);
    if !history.is_empty() {
        w(out, "Editions:".into())?;
        for (p, note) in history {
            let when = p
                .meta
                .in_force_from
                .as_deref()
                .map(|d| format!(" (from {d})"))
                .unwrap_or_default();
            let note = note
                .map(|n| format!(": {n}"))
                .unwrap_or_else(|| ": introduced".into());
            w(out, format!("  {}{when}{note}", p.meta.id))?;
        }
    }
    w(out, String::new())?;
    w(out, "Wording that meets it:".into())?;
    for line in def.example.lines() {
        w(out, format!("  {line}"))?;
    }
    if let Some(c) = &def.counter_example {
        w(out, "Wording that does not:".into())?;
        for line in c.lines() {
            w(out, format!("  {line}"))?;
        }
    }
    w(out, String::new())?;
    w(out, format!("To fix: {}", def.fix))?;
    w(
        out,
        format!("How policylint checks: {}", describe_rule(&def.rule)),
    )?;
    Ok(EXIT_OK)
}

fn by_kind(def: &CheckDef) -> String {
    if def.severity_by_kind.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = def
        .severity_by_kind
        .iter()
        .map(|(k, s)| format!("{} for {}", s.as_str(), k.as_str()))
        .collect();
    format!(" ({})", parts.join(", "))
}

/// A one-line description of an evidence rule.
pub fn describe_rule(rule: &RuleSpec) -> String {
    match rule {
        RuleSpec::Field { path, .. } => format!("the front matter gives `{path}`"),
        RuleSpec::Fresh {
            date,
            max_age_months,
            not_past,
            ..
        } => {
            let mut s = format!("the {} date (front matter or text)", date.replace('_', " "));
            if let Some(m) = max_age_months {
                s.push_str(&format!(" is within {m} months"));
            }
            if *not_past {
                s.push_str(" has not passed");
            }
            s
        }
        RuleSpec::Section { aliases, .. } => format!(
            "a section headed like \u{201c}{}\u{201d}",
            aliases.join("\u{201d} or \u{201c}")
        ),
        RuleSpec::Mentions {
            within,
            groups,
            together,
            ..
        } => {
            let g: Vec<String> = groups
                .iter()
                .map(|g| format!("\u{201c}{}\u{201d}", g[0].trim_start_matches("re:")))
                .collect();
            let mut s = format!("the policy mentions {}", g.join(" + "));
            if !within.is_empty() {
                s.push_str(&format!(" in a section on \u{201c}{}\u{201d}", within[0]));
            }
            match together {
                crate::packs::model::Together::Document => {}
                t => s.push_str(&format!(" (in one {})", format!("{t:?}").to_lowercase())),
            }
            s
        }
        RuleSpec::Role { role, .. } => format!(
            "a person is named as {} (front matter, key-people table, role line or sentence)",
            crate::evidence::Role::from_key(role)
                .map(|r| r.label())
                .unwrap_or(role)
        ),
        RuleSpec::Stale { phrases, .. } => format!(
            "the policy does not use \u{201c}{}\u{201d}",
            phrases[0].trim_start_matches("re:")
        ),
        RuleSpec::Residue { .. } => "no unfilled template text or blank role rows".into(),
        RuleSpec::Consistency { role } => format!(
            "the front matter and the text name the same {}",
            role.replace('_', " ")
        ),
        RuleSpec::Edition { .. } => "the KCSIE edition cited is the one in force".into(),
        RuleSpec::FrontMatter { .. } => "the front matter follows its schema".into(),
        RuleSpec::PseudoHeading {} => "headings are real Markdown headings, not bold lines".into(),
        RuleSpec::All { rules } => rules
            .iter()
            .map(describe_rule)
            .collect::<Vec<_>>()
            .join("; and "),
        RuleSpec::Any { rules } => rules
            .iter()
            .map(describe_rule)
            .collect::<Vec<_>>()
            .join("; or "),
        RuleSpec::Not { message, .. } => format!("not: {message}"),
    }
}

pub fn rules(settings: &Settings, all: bool, io: &mut Io<'_>) -> Result<u8, Problem> {
    let (engine, ids) = engine_for(settings)?;
    let reg = &engine.registry;
    let kind = settings.kind.unwrap_or(OrgKind::School);
    let selected: Vec<String> = if all {
        reg.packs.iter().map(|p| p.meta.id.clone()).collect()
    } else if ids.is_empty() {
        reg.default_packs(kind, None, settings.today).0
    } else {
        ids
    };
    // each check once, with every selected pack that holds it
    let mut order: Vec<String> = Vec::new();
    let mut rows: std::collections::HashMap<String, (std::sync::Arc<CheckDef>, Vec<String>)> =
        Default::default();
    for pid in &selected {
        let Some(p) = reg.get(pid) else { continue };
        for c in &p.checks {
            let e = rows.entry(c.id.clone()).or_insert_with(|| {
                order.push(c.id.clone());
                (c.clone(), Vec::new())
            });
            e.0 = c.clone();
            e.1.push(pid.clone());
        }
    }
    if settings.format.as_deref() == Some("json") {
        let v: Vec<_> = order
            .iter()
            .map(|id| {
                let (d, packs) = &rows[id];
                json!({
                    "id": d.id, "title": d.title, "requirement": d.requirement, "severity": d.severity,
                    "applies_to": d.applies_to, "area": d.area, "source": d.source, "packs": packs,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *io.stdout, &v).map_err(|e| usage(e.to_string()))?;
        writeln!(io.stdout).map_err(write_err)?;
        return Ok(EXIT_OK);
    }
    writeln!(io.stdout, "Checks in {}:", selected.join(", ")).map_err(write_err)?;
    for id in &order {
        let (d, _) = &rows[id];
        writeln!(
            io.stdout,
            "  {:<26} {:<8} {}",
            d.id,
            d.severity.as_str(),
            d.title
        )
        .map_err(write_err)?;
    }
    writeln!(
        io.stdout,
        "{} checks. `policylint explain ID` says more about each.",
        order.len()
    )
    .map_err(write_err)?;
    Ok(EXIT_OK)
}

pub fn packs(settings: &Settings, io: &mut Io<'_>) -> Result<u8, Problem> {
    let (engine, _) = engine_for(settings)?;
    let reg = &engine.registry;
    if settings.format.as_deref() == Some("json") {
        let v: Vec<_> = reg
            .packs
            .iter()
            .map(|p| json!({
                "id": p.meta.id, "title": p.meta.title, "description": p.meta.description,
                "edition": p.meta.edition, "in_force_from": p.meta.in_force_from, "in_force_until": p.meta.in_force_until,
                "extends": p.meta.extends, "default_for": p.meta.default_for, "partnership": p.meta.partnership,
                "draft": p.meta.draft, "base": p.meta.base, "checks": p.checks.len(),
            }))
            .collect();
        serde_json::to_writer_pretty(&mut *io.stdout, &v).map_err(|e| usage(e.to_string()))?;
        writeln!(io.stdout).map_err(write_err)?;
        return Ok(EXIT_OK);
    }
    for p in &reg.packs {
        let mut tags = Vec::new();
        if let Some(f) = &p.meta.in_force_from {
            tags.push(match &p.meta.in_force_until {
                Some(u) => format!("in force {f} to {u}"),
                None => format!("in force from {f}"),
            });
        }
        if p.meta.draft {
            tags.push("draft, off by default".into());
        }
        if p.meta.always {
            tags.push("always used".into());
        }
        if p.meta.base {
            tags.push("base of other packs".into());
        }
        if let Some(x) = &p.meta.extends {
            tags.push(format!("extends {x}"));
        }
        if !p.meta.default_for.is_empty() && !p.meta.always && !p.meta.draft {
            tags.push(format!(
                "default for {}",
                p.meta
                    .default_for
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(part) = &p.meta.partnership {
            tags.push(format!("partnership `{part}`"));
        }
        writeln!(
            io.stdout,
            "{:<18} {} ({} checks)",
            p.meta.id,
            p.meta.title,
            p.checks.len()
        )
        .map_err(write_err)?;
        if !tags.is_empty() {
            writeln!(io.stdout, "{:<18} {}", "", tags.join("; ")).map_err(write_err)?;
        }
    }
    Ok(EXIT_OK)
}
