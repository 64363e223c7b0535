//! `role`: a named person holds a role — from the front matter (`[roles]`) or the text (a
//! key-people table, a "DSL: Name" line, a sentence). A role label with a blank, "TBC" or
//! "Vacant" beside it names no one, and the failure points at that empty slot.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{Ctx, Outcome};
use crate::document::{FmKind, FmValue};
use crate::evidence::names::{self, NotAName, PersonName};
use crate::evidence::{Role, RoleFact};
use crate::result::Evidence;
use crate::source::Span;

#[derive(Debug)]
pub struct RoleRule {
    roles: Vec<Role>,
}

/// A person named for a role in the front matter.
pub struct FmPerson {
    pub name: Result<PersonName, NotAName>,
    pub span: Span,
    pub path: String,
}

impl RoleRule {
    pub fn compile(role: &str, also: &[String]) -> Result<RoleRule, String> {
        let mut roles = vec![parse_role(role)?];
        for a in also {
            roles.push(parse_role(a)?);
        }
        Ok(RoleRule { roles })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Outcome {
        let main = self.roles[0];
        let label = main.label();
        let mut evidence = Vec::new();
        let mut named: Vec<String> = Vec::new();
        let mut bad_fm: Option<(Span, String)> = None;
        for &role in &self.roles {
            for p in fm_people(ctx, role) {
                match &p.name {
                    Ok(n) => {
                        named.push(n.text.clone());
                        evidence.push(Evidence {
                            span: p.span.clone(),
                            note: Some(format!("front matter `{}`", p.path)),
                        });
                    }
                    Err(e) => {
                        bad_fm.get_or_insert((
                            p.span.clone(),
                            format!("`{}` {}", p.path, e.describe()),
                        ));
                    }
                }
            }
        }
        let facts: Vec<&RoleFact> = ctx
            .doc
            .facts
            .roles
            .iter()
            .filter(|f| self.roles.contains(&f.role))
            .collect();
        let today = ctx.today;
        let held = |f: &RoleFact| f.name.is_some() && !out_of_role(f, today);
        // Federation tables: every school's column must name someone.
        let mut sites: BTreeMap<&str, (bool, Option<&RoleFact>)> = BTreeMap::new();
        for f in facts.iter().filter(|f| f.site.is_some()) {
            let e = sites
                .entry(f.site.as_deref().unwrap())
                .or_insert((false, None));
            if held(f) {
                e.0 = true;
            } else {
                e.1.get_or_insert(f);
            }
        }
        if let Some((site, (_, Some(slot)))) = sites.iter().find(|(_, (ok, _))| !ok) {
            let span = slot.name_span.clone().unwrap_or(slot.label.clone());
            return Outcome::fail(
                format!("no {label} is named for {site}: its cell in the table is blank"),
                Some(span),
            )
            .with_label(slot.label.clone(), "role named here");
        }
        // "Prevent lead: the DSL" — held by whoever holds the other role, if anyone is named
        for f in facts.iter().filter(|f| f.refers_to.is_some()) {
            let other = f.refers_to.unwrap();
            let holders: Vec<String> = fm_people(ctx, other)
                .into_iter()
                .filter_map(|p| p.name.ok().map(|n| n.text))
                .chain(
                    ctx.doc
                        .facts
                        .roles
                        .iter()
                        .filter(|g| g.role == other && g.refers_to.is_none() && held(g))
                        .filter_map(|g| g.name.as_ref().map(|n| n.text.clone())),
                )
                .collect();
            if let Some(h) = holders.first() {
                named.push(h.clone());
                evidence.push(Evidence {
                    span: f.label.clone(),
                    note: Some(format!("held by the {}", other.label())),
                });
            }
        }
        for f in facts.iter().filter(|f| held(f)) {
            if let Some(n) = &f.name {
                named.push(n.text.clone());
                evidence.push(Evidence {
                    span: f.name_span.clone().unwrap_or(f.label.clone()),
                    note: Some(f.shape.describe().to_string()),
                });
            }
        }
        if !named.is_empty() {
            named.dedup();
            let who = if named.len() == 1 {
                named[0].clone()
            } else {
                format!(
                    "{} and {}",
                    named[..named.len() - 1].join(", "),
                    named[named.len() - 1]
                )
            };
            return Outcome::pass(format!("{who} named as {label}"), evidence);
        }
        if let Some((span, why)) = bad_fm {
            return Outcome::fail(format!("no {label} is named: {why}"), Some(span)).with_help(
                format!(
                    "write the {label}'s name, e.g. {} = {{ name = \"Ruth Adebayo\" }}",
                    main.key()
                ),
            );
        }
        if let Some(slot) = facts
            .iter()
            .find(|f| f.refers_to.is_none() && (f.name.is_none() || out_of_role(f, today)))
        {
            let why = match (&slot.missing, &slot.tenure) {
                (Some(m), _) => m.describe(),
                (None, Some(t)) if slot.name.is_some() && t.starts => format!(
                    "names someone who has not taken up the role yet (\u{201c}{}\u{201d})",
                    t.said
                ),
                (None, Some(t)) if slot.name.is_some() => NotAName::Left(t.said.clone()).describe(),
                _ => "is blank".into(),
            };
            let span = slot
                .name_span
                .clone()
                .filter(|s| !s.is_empty())
                .unwrap_or(slot.label.clone());
            return Outcome::fail(
                format!(
                    "no {label} is named: the {} entry {why}",
                    slot.shape.describe()
                ),
                Some(span),
            )
            .with_label(slot.label.clone(), "the role is listed here")
            .with_help(format!("write the name of the person who is the {label}"));
        }
        Outcome::fail(format!("no {label} is named"), Some(ctx.missing_span())).with_help(format!(
            "name the {label}, for example in a key-people table (\u{201c}| {} | Ruth Adebayo |\u{201d}) or in the front matter under [roles]",
            short_label(main)
        ))
    }
}

/// Whether the named holder is out of the role today: named "until" a date that has
/// passed, or "from" one still to come.
pub(crate) fn out_of_role(f: &RoleFact, today: Date) -> bool {
    f.tenure.as_ref().is_some_and(|t| {
        if t.starts {
            t.range.start > today
        } else {
            t.range.end < today
        }
    })
}

pub fn parse_role(key: &str) -> Result<Role, String> {
    Role::from_key(key).ok_or_else(|| format!("`{key}` is not a role policylint knows"))
}

fn short_label(r: Role) -> &'static str {
    match r {
        Role::Dsl => "Designated safeguarding lead",
        Role::DeputyDsl => "Deputy DSL",
        Role::PreventLead => "Prevent lead",
        Role::OnlineSafetyLead => "Online safety lead",
        Role::SafeguardingGovernor => "Safeguarding link governor",
        Role::FilteringSltLead => "Senior leader for filtering and monitoring",
        Role::FilteringGovernor => "Governor for filtering and monitoring",
        Role::DesignatedPerson => "Designated person",
        Role::Dpo => "Data protection officer",
        Role::ItProvider => "IT service provider",
    }
}

/// The people the front matter names for a role: `dsl = "Name"`, `dsl = { name = … }`,
/// `[roles.dsl]`, or a list of tables.
pub fn fm_people(ctx: &Ctx<'_>, role: Role) -> Vec<FmPerson> {
    let path = format!("roles.{}", role.key());
    let Some(v) = ctx.doc.fm(&path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |node: &FmValue, path: String| match &node.value {
        FmKind::String(s) => out.push(FmPerson {
            name: names::parse_person(s),
            span: node.span.clone(),
            path,
        }),
        FmKind::Table(_) => match node.get("name") {
            Some(n) => out.push(FmPerson {
                name: n
                    .as_str()
                    .map(names::parse_person)
                    .unwrap_or(Err(NotAName::Empty)),
                span: n.span.clone(),
                path: format!("{path}.name"),
            }),
            None => out.push(FmPerson {
                name: Err(NotAName::Empty),
                span: node.key_span.clone().unwrap_or(node.span.clone()),
                path,
            }),
        },
        _ => {}
    };
    match &v.value {
        FmKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                push(item, format!("{path}.{i}"));
            }
        }
        _ => push(v, path.clone()),
    }
    out
}
