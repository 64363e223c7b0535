//! `fresh`: a dated event is recent enough (training within 12 months, the filtering review
//! within 12), a due date has not passed (the next review), and the review cycle is short
//! enough. Dates come from the front matter or, failing that, from the text.
//!
//! A written date is a range ("Autumn 2025"). For "done within N months" we use its first
//! day and for "not yet due" its last, so a vague date can never pass where an exact one
//! would fail.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Ctx, Outcome};
use crate::document::FmKind;
use crate::evidence::{DateRange, DateWhat};
use crate::packs::RuleSpec;
use crate::result::{Evidence, Severity};
use crate::source::Span;

#[derive(Debug)]
pub struct Fresh {
    what: DateWhat,
    max_age_months: Option<u32>,
    not_past: bool,
    required: bool,
    cycle_from: Option<DateWhat>,
    max_cycle_months: Option<u32>,
    cycle_severity: Option<Severity>,
}

/// A date for a purpose, with where it was found.
#[derive(Debug, Clone)]
pub struct FoundDate {
    pub value: Result<DateRange, String>,
    pub text: String,
    /// Words after the date saying it is not final ("draft"), see [`DateFact::not_final`].
    pub not_final: Option<String>,
    pub span: Span,
}

impl Fresh {
    pub fn compile(spec: &RuleSpec) -> Result<Fresh, String> {
        let RuleSpec::Fresh {
            date,
            max_age_months,
            not_past,
            required,
            cycle_from,
            max_cycle_months,
            cycle_severity,
        } = spec
        else {
            unreachable!()
        };
        let what = DateWhat::from_name(date)
            .ok_or_else(|| format!("`{date}` is not a date policylint finds"))?;
        let cycle_from = match cycle_from {
            Some(c) => Some(
                DateWhat::from_name(c)
                    .ok_or_else(|| format!("`{c}` is not a date policylint finds"))?,
            ),
            None => None,
        };
        if max_age_months.is_none() && !not_past && max_cycle_months.is_none() && !required {
            return Err("this `fresh` rule asks nothing: give max_age_months, not_past, max_cycle_months or required".into());
        }
        if max_cycle_months.is_some() != cycle_from.is_some() {
            return Err("`max_cycle_months` and `cycle_from` go together".into());
        }
        Ok(Fresh {
            what,
            max_age_months: *max_age_months,
            not_past: *not_past,
            required: *required,
            cycle_from,
            max_cycle_months: *max_cycle_months,
            cycle_severity: *cycle_severity,
        })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Outcome {
        let what = self.what.describe();
        let Some(found) = resolve(ctx, self.what) else {
            return if self.required {
                Outcome::fail(format!("the policy gives no {what}"), Some(ctx.missing_span()))
                    .with_help(format!("state the {what}, for example in the front matter as `{} = 2026-09-01` or in a line such as \u{201c}{}: 1 September 2026\u{201d}", self.what.fm_path().rsplit('.').next().unwrap_or(""), capitalise(what)))
            } else {
                Outcome::pass(
                    format!("no {what} is given, so there is nothing out of date"),
                    vec![],
                )
            };
        };
        let evidence = vec![Evidence {
            span: found.span.clone(),
            note: None,
        }];
        let range = match &found.value {
            Ok(r) => *r,
            Err(text) => {
                return Outcome::fail(
                    format!("the {what} \u{201c}{text}\u{201d} cannot be read as a date, so policylint cannot tell whether it is current"),
                    Some(found.span.clone()),
                )
                .with_help("write the date in full, such as 1 September 2026 or 01/09/2026");
            }
        };
        // "Last reviewed: 1 September 2026 (draft)": not yet the date it last happened
        if let Some(marked) = found
            .not_final
            .as_ref()
            .filter(|_| self.what.has_happened())
        {
            return Outcome::fail(
                format!(
                    "the {what} is given as {}, but marked \u{201c}{marked}\u{201d}, so it may not have happened yet or may not be final",
                    found.text
                ),
                Some(found.span.clone()),
            )
            .with_help(format!(
                "once it has happened and is final, record the date and remove \u{201c}{marked}\u{201d}; until then, give the date it last happened"
            ));
        }
        let today = ctx.today;
        // a review, approval or training dated after today has not happened yet (often a
        // mistyped year: "Last reviewed: 1 September 2036")
        if self.what.has_happened() && range.start > today {
            return Outcome::fail(
                format!(
                    "the {what} ({}) is after today ({}), so it cannot be when it last happened",
                    found.text,
                    long_date(today)
                ),
                Some(found.span.clone()),
            )
            .with_help(
                "check the year; if it has not happened yet, give the date it last happened",
            );
        }
        if let Some(months) = self.max_age_months {
            let done = range.start;
            let limit = add_months(done, months);
            if limit < today {
                let vague = if range.is_exact() {
                    String::new()
                } else {
                    format!(" (read as {} at the earliest)", long_date(done))
                };
                return Outcome::fail(
                    format!("the {what} is {}{vague}, more than {months} months before {}", found.text, long_date(today)),
                    Some(found.span.clone()),
                )
                .with_help(format!("this must happen at least every {months} months: record the latest date, or arrange it now"));
            }
        }
        if self.not_past && range.end < today {
            return Outcome::fail(
                format!(
                    "the {what} ({}) has passed: the policy is overdue for review",
                    found.text
                ),
                Some(found.span.clone()),
            )
            .with_help("review the policy now, then record the new review date and the next one");
        }
        if let (Some(from), Some(months)) = (self.cycle_from, self.max_cycle_months)
            && let Some(last) = resolve(ctx, from)
            && let Ok(start) = &last.value
            && add_months(start.start, months) < range.start
        {
            // Both dates are read at their earliest: "Autumn term 2027" after "1 September
            // 2026" can be a year on, and schools plan reviews by term. Say how a loose date
            // was read.
            let read = |text: &str, r: &DateRange| {
                if r.is_exact() {
                    long_date(r.start)
                } else {
                    format!("{text}, read as {} at the earliest", long_date(r.start))
                }
            };
            let mut o = Outcome::fail(
                format!(
                    "the next review ({}) is more than {months} months after the last ({}): review at least every {months} months",
                    read(&found.text, &range),
                    read(&last.text, start),
                ),
                Some(found.span.clone()),
            );
            o.severity = self.cycle_severity;
            return o;
        }
        let mut msg = format!("the {what} is {}", found.text);
        if let Some(m) = self.max_age_months {
            msg.push_str(&format!(", within {m} months"));
        }
        if self.not_past {
            msg.push_str(", not yet passed");
        }
        Outcome::pass(msg, evidence)
    }
}

/// The date for a purpose: the front matter's, else the latest in the text. A policy that
/// gives only the date it was approved or adopted was last reviewed then; one that gives
/// the date of its last review and says how often it is reviewed ("every year") gives its
/// next review date that way.
pub fn resolve(ctx: &Ctx<'_>, what: DateWhat) -> Option<FoundDate> {
    if let Some(found) = resolve_stated(ctx, what) {
        return Some(found);
    }
    match what {
        DateWhat::Reviewed => resolve_stated(ctx, DateWhat::Approved).map(|f| FoundDate {
            text: format!("{} (the date it was approved)", f.text),
            ..f
        }),
        DateWhat::NextReview => {
            let cycle = ctx.doc.facts.review_cycle.as_ref()?;
            let last = resolve(ctx, DateWhat::Reviewed)?;
            let Ok(r) = last.value else { return None };
            let next = DateRange {
                start: add_months(r.start, cycle.months),
                end: add_months(r.end, cycle.months),
            };
            let when = if next.is_exact() {
                long_date(next.start)
            } else {
                format!("{} to {}", long_date(next.start), long_date(next.end))
            };
            Some(FoundDate {
                value: Ok(next),
                not_final: last.not_final,
                text: format!(
                    "{when} (reviewed {} after the last review, {})",
                    cycle.text, last.text
                ),
                span: cycle.span.clone(),
            })
        }
        _ => None,
    }
}

/// The date the policy states for a purpose: the front matter's, else the latest in the text.
fn resolve_stated(ctx: &Ctx<'_>, what: DateWhat) -> Option<FoundDate> {
    if let Some(v) = ctx.doc.fm(what.fm_path()) {
        let value = match &v.value {
            FmKind::Datetime(_, Some(d)) => Ok(DateRange::day(*d)),
            FmKind::String(s) => crate::evidence::dates::parse_date(s).ok_or_else(|| s.clone()),
            FmKind::Datetime(s, None) => Err(s.clone()),
            _ => Err(String::from("(not a date)")),
        };
        let text = match &value {
            Ok(r) if r.is_exact() => long_date(r.start),
            _ => match &v.value {
                FmKind::Datetime(s, _) | FmKind::String(s) => s.clone(),
                _ => String::new(),
            },
        };
        return Some(FoundDate {
            value,
            text,
            not_final: None,
            span: v.span.clone(),
        });
    }
    let facts: Vec<_> = ctx
        .doc
        .facts
        .dates
        .iter()
        .filter(|d| d.what == what)
        .collect();
    // the latest readable date, one marked not final ("draft") only when no final one is
    // there, and an unreadable one only when nothing else is
    let best = facts
        .iter()
        .filter_map(|d| {
            d.value
                .as_ref()
                .ok()
                .map(|r| ((d.not_final.is_none(), r.end), d))
        })
        .max_by_key(|(key, _)| *key)
        .map(|(_, d)| *d)
        .or_else(|| facts.first().copied())?;
    Some(FoundDate {
        value: best.value.clone(),
        text: best.text.clone(),
        not_final: best.not_final.clone(),
        span: best.span.clone(),
    })
}

pub fn add_months(d: Date, months: u32) -> Date {
    d.checked_add((months as i64).months()).unwrap_or(Date::MAX)
}

/// "1 September 2026", as a school writes it.
pub fn long_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[(d.month() - 1) as usize],
        d.year()
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
