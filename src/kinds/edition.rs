//! `edition`: the KCSIE edition the policy cites. In `current` mode the latest edition
//! cited (front matter or text) must be the one in force on the date checked; two or more
//! editions behind is an error. In `none-older` mode every citation older than the edition
//! in force when the policy was last reviewed is reported.

use super::{Ctx, Outcome};
use crate::document::FmKind;
use crate::packs::model::EditionMode;
use crate::result::{Evidence, Severity};

#[derive(Debug)]
pub struct EditionRule {
    pub mode: EditionMode,
}

impl EditionRule {
    pub fn eval(&self, ctx: &Ctx<'_>) -> Outcome {
        match self.mode {
            EditionMode::Current => self.current(ctx),
            EditionMode::NoneOlder => self.none_older(ctx),
        }
    }

    fn current(&self, ctx: &Ctx<'_>) -> Outcome {
        let Some(in_force) = ctx.registry.edition_in_force(ctx.today) else {
            return Outcome::pass("no KCSIE edition is known for the date checked", vec![]);
        };
        let fm = ctx
            .doc
            .fm("policy.kcsie_edition")
            .and_then(|v| match v.value {
                FmKind::Integer(y) => Some((y as i16, v.span.clone())),
                _ => None,
            });
        let text = ctx
            .doc
            .facts
            .editions
            .iter()
            .max_by_key(|e| e.year)
            .map(|e| (e.year, e.span.clone()));
        let cited = match (fm, text) {
            (Some(f), Some(t)) => Some(if t.0 > f.0 { t } else { f }),
            (f, t) => f.or(t),
        };
        let Some((year, span)) = cited else {
            return Outcome::fail(
                format!("the policy does not say which edition of Keeping Children Safe in Education it follows; the edition in force is {in_force}"),
                Some(ctx.missing_span()),
            )
            .with_help(format!("cite it, e.g. \u{201c}This policy follows Keeping Children Safe in Education {in_force}.\u{201d}, or set kcsie_edition = {in_force} in the front matter"));
        };
        let evidence = vec![Evidence {
            span: span.clone(),
            note: None,
        }];
        if year >= in_force {
            return Outcome::pass(
                format!("the policy cites KCSIE {year}, the edition in force"),
                evidence,
            );
        }
        let behind = in_force - year;
        let mut o = Outcome::fail(
            format!(
                "the policy cites KCSIE {year}, but KCSIE {in_force} is in force ({behind} edition{} behind)",
                if behind == 1 { "" } else { "s" }
            ),
            Some(span),
        )
        .with_help(format!("review the policy against KCSIE {in_force} and update the reference"));
        o.evidence = evidence;
        if behind >= 2 {
            o.severity = Some(Severity::Error);
        }
        o
    }

    fn none_older(&self, ctx: &Ctx<'_>) -> Outcome {
        let day = ctx.review_date().unwrap_or(ctx.today);
        let Some(in_force) = edition_in_force_on(ctx, day) else {
            return Outcome::pass("no KCSIE edition is known for the review date", vec![]);
        };
        let old: Vec<_> = ctx
            .doc
            .facts
            .editions
            .iter()
            .filter(|e| e.year < in_force)
            .collect();
        match old.first() {
            None => Outcome::pass(format!("no citation older than KCSIE {in_force}"), vec![]),
            Some(e) => {
                let mut o = Outcome::fail(
                    format!("KCSIE {} is cited, but KCSIE {in_force} was in force when the policy was reviewed", e.year),
                    Some(e.span.clone()),
                )
                .with_help(format!("update the reference to KCSIE {in_force} (or later), checking what changed"));
                for other in &old[1..] {
                    o.labels.push((
                        other.span.clone(),
                        format!("KCSIE {} also cited here", other.year),
                    ));
                }
                o
            }
        }
    }
}

/// The KCSIE edition in force on a day. Before the earliest edition policylint has a pack
/// for, an edition came into force each September (there was none in 2017), so a policy
/// reviewed in Autumn 2019 is measured against KCSIE 2019, not against the earliest pack.
fn edition_in_force_on(ctx: &Ctx<'_>, day: jiff::civil::Date) -> Option<i16> {
    let earliest = ctx
        .registry
        .packs
        .iter()
        .filter(|p| p.meta.family.as_deref() == Some("kcsie") && !p.meta.draft)
        .filter_map(|p| p.in_force_from())
        .min();
    match earliest {
        Some(first) if day < first => Some(edition_before_packs(day)),
        _ => ctx.registry.edition_in_force(day),
    }
}

fn edition_before_packs(day: jiff::civil::Date) -> i16 {
    let year = if day.month() >= 9 {
        day.year()
    } else {
        day.year() - 1
    };
    if year == 2017 { 2016 } else { year }
}

#[cfg(test)]
mod tests {
    use super::edition_before_packs;
    use jiff::civil::date;

    #[test]
    fn editions_before_the_packs_came_each_september() {
        assert_eq!(edition_before_packs(date(2019, 9, 1)), 2019);
        assert_eq!(edition_before_packs(date(2019, 8, 31)), 2018);
        assert_eq!(edition_before_packs(date(2018, 3, 1)), 2016);
        assert_eq!(edition_before_packs(date(2016, 10, 1)), 2016);
    }
}
