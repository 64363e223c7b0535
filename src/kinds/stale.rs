//! `stale`: a superseded term, law, body or guidance title appears. Each occurrence is its
//! own finding, with the replacement as a fix. Allowed forms ("also known as sexting") are
//! not reported, and a term stale only from a date is reported only after it.

use jiff::civil::Date;

use super::{Ctx, Outcome};
use crate::packs::RuleSpec;
use crate::packs::model::FixMode;
use crate::phrases::{Hit, PhraseBuilder, PhraseId};
use crate::result::{Applicability, Edit, Evidence, Fix};

#[derive(Debug)]
pub struct Stale {
    phrases: Vec<PhraseId>,
    replacement: Option<String>,
    allow: Vec<PhraseId>,
    fix: FixMode,
    since: Option<Date>,
    reviewed_after: Option<Date>,
    unless: Vec<PhraseId>,
}

impl Stale {
    pub fn compile(spec: &RuleSpec, builder: &mut PhraseBuilder) -> Result<Stale, String> {
        let RuleSpec::Stale {
            phrases,
            replacement,
            allow,
            fix,
            since,
            reviewed_after,
            unless,
        } = spec
        else {
            unreachable!()
        };
        let ids = |list: &[String], b: &mut PhraseBuilder| {
            list.iter().map(|p| b.add(p)).collect::<Result<Vec<_>, _>>()
        };
        let date = |d: &Option<String>| -> Result<Option<Date>, String> {
            d.as_deref()
                .map(|s| {
                    s.parse::<Date>()
                        .map_err(|_| format!("`{s}` is not a date"))
                })
                .transpose()
        };
        if *fix != FixMode::None && replacement.is_none() {
            return Err(
                "a stale term with a fix needs a `replacement` (or set fix = \"none\")".into(),
            );
        }
        Ok(Stale {
            phrases: ids(phrases, builder)?,
            replacement: replacement.clone(),
            allow: ids(allow, builder)?,
            fix: *fix,
            since: date(since)?,
            reviewed_after: date(reviewed_after)?,
            unless: ids(unless, builder)?,
        })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Vec<Outcome> {
        if let Some(since) = self.since
            && ctx.today < since
        {
            return vec![Outcome::pass(
                "this term is still current on the date checked",
                vec![],
            )];
        }
        if let Some(after) = self.reviewed_after {
            let reviewed = ctx.review_date().unwrap_or(ctx.today);
            if reviewed <= after {
                return vec![Outcome::pass(
                    "the policy was reviewed before this reference went out of date",
                    vec![],
                )];
            }
        }
        if let Some(h) = self.unless.iter().flat_map(|&id| ctx.hits.of(id)).next() {
            return vec![Outcome::pass(
                format!("the policy also cites \u{201c}{}\u{201d}", ctx.hit_text(h)),
                vec![Evidence {
                    span: ctx.hit_span(h),
                    note: None,
                }],
            )];
        }
        let allowed: Vec<Hit> = self
            .allow
            .iter()
            .flat_map(|&id| ctx.hits.of(id).iter().copied())
            .collect();
        let mut hits: Vec<Hit> = self
            .phrases
            .iter()
            .flat_map(|&id| ctx.hits.of(id).iter().copied())
            .filter(|h| {
                !allowed
                    .iter()
                    .any(|a| a.block == h.block && a.start <= h.start && h.end <= a.end)
            })
            .collect();
        hits.sort_unstable();
        // overlapping phrases ("sexting" inside "sexting guidance") report once, the longest
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            match kept.last_mut() {
                Some(last) if last.block == h.block && h.start < last.end => {
                    if h.end - h.start > last.end - last.start {
                        *last = h;
                    }
                }
                _ => kept.push(h),
            }
        }
        if kept.is_empty() {
            return vec![Outcome::pass("no out-of-date wording found", vec![])];
        }
        kept.iter()
            .map(|h| {
                let found = ctx.hit_text(h).to_string();
                let span = ctx.hit_span(h);
                let message = match &self.replacement {
                    Some(r) => {
                        format!("\u{201c}{found}\u{201d} is out of date: use \u{201c}{r}\u{201d}")
                    }
                    None => format!("\u{201c}{found}\u{201d} is out of date"),
                };
                let mut o = Outcome::fail(message, Some(span.clone()));
                if let (Some(r), Some(app)) = (&self.replacement, applicability(self.fix)) {
                    o.fix = Some(Fix {
                        title: format!(
                            "replace \u{201c}{found}\u{201d} with \u{201c}{}\u{201d}",
                            match_case(&found, r)
                        ),
                        applicability: app,
                        edits: vec![Edit {
                            span,
                            replacement: match_case(&found, r),
                        }],
                    });
                }
                o
            })
            .collect()
    }
}

fn applicability(mode: FixMode) -> Option<Applicability> {
    match mode {
        FixMode::Safe => Some(Applicability::Safe),
        FixMode::Unsafe => Some(Applicability::Unsafe),
        FixMode::None => None,
    }
}

/// Give the replacement the case of what it replaces: "E-Safety" → "Online Safety" style
/// capitals at the start of a sentence, "e-safety" → "online safety" in running text.
pub fn match_case(found: &str, replacement: &str) -> String {
    let first_upper = found.chars().next().is_some_and(char::is_uppercase);
    let all_upper = found
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && found.chars().filter(|c| c.is_alphabetic()).count() > 1;
    let rep_has_caps = replacement.chars().skip(1).any(char::is_uppercase)
        || replacement.chars().next().is_some_and(char::is_uppercase);
    if rep_has_caps || all_upper {
        // proper names and acronyms keep the replacement's own case
        return replacement.to_string();
    }
    let words_capitalised = found.split([' ', '-']).filter(|w| !w.is_empty()).count() > 1
        && found
            .split([' ', '-'])
            .filter(|w| !w.is_empty())
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if words_capitalised {
        // "E-Safety" in a title-case phrase becomes "Online Safety"
        return replacement
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    if first_upper {
        let mut c = replacement.chars();
        return match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        };
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::match_case;

    #[test]
    fn case_follows_the_original() {
        assert_eq!(match_case("E-Safety", "online safety"), "Online Safety");
        assert_eq!(match_case("E-safety", "online safety"), "Online safety");
        assert_eq!(match_case("e-safety", "online safety"), "online safety");
        assert_eq!(match_case("UKCCIS", "UKCIS"), "UKCIS");
        assert_eq!(
            match_case("peer-on-peer", "child-on-child"),
            "child-on-child"
        );
    }
}
