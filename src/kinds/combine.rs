//! `all`, `any` and `not`: combining rules. `all` fails with every failing part's reason;
//! `any` passes on the first part that passes and otherwise reports the first part's reason.

use super::{Compiled, Ctx, Outcome};

pub fn all(rules: &[Compiled], ctx: &Ctx<'_>) -> Outcome {
    let mut evidence = Vec::new();
    let mut messages = Vec::new();
    let mut failures: Vec<Outcome> = Vec::new();
    for r in rules {
        for o in r.eval(ctx) {
            if o.passed {
                evidence.extend(o.evidence);
                if !o.message.is_empty()
                    && !o.message.starts_with("no ")
                    && !o.message.contains("nothing")
                {
                    messages.push(o.message);
                }
            } else {
                failures.push(o);
            }
        }
    }
    if failures.is_empty() {
        let mut o = Outcome::pass(messages.join("; "), evidence);
        o.span = o.evidence.first().map(|e| e.span.clone());
        return o;
    }
    let mut first = failures.remove(0);
    // A rule's remark follows its message, and a run of rules with the same remark gets it
    // once, after the last of them.
    let mut pending = first.remark.take();
    for f in failures {
        if let Some(r) = pending.take_if(|r| f.remark.as_ref() != Some(r)) {
            first.message.push(' ');
            first.message.push_str(&r);
        }
        first.message.push_str("; ");
        first.message.push_str(&f.message);
        pending = pending.or(f.remark);
        if let Some(s) = f.span
            && first.span.as_ref() != Some(&s)
        {
            first.labels.push((s, "also".to_string()));
        }
        if first.help.is_none() {
            first.help = f.help;
        }
        first.severity = match (first.severity, f.severity) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    first.remark = pending;
    first.evidence.extend(evidence);
    first
}

pub fn any(rules: &[Compiled], ctx: &Ctx<'_>) -> Outcome {
    let mut first_failure: Option<Outcome> = None;
    for r in rules {
        let outcomes = r.eval(ctx);
        if outcomes.iter().all(|o| o.passed) {
            let mut o = outcomes.into_iter().next().unwrap_or_default();
            o.passed = true;
            return o;
        }
        if first_failure.is_none() {
            first_failure = outcomes.into_iter().find(|o| !o.passed);
        }
    }
    first_failure.unwrap_or_else(|| Outcome::fail("no part of this check passed", None))
}

pub fn not(rule: &Compiled, message: &str, ctx: &Ctx<'_>) -> Outcome {
    let outcomes = rule.eval(ctx);
    if outcomes.iter().all(|o| o.passed) {
        let span = outcomes.iter().find_map(|o| o.span.clone());
        let mut o = Outcome::fail(
            message.to_string(),
            span.or_else(|| Some(ctx.missing_span())),
        );
        o.evidence = outcomes.into_iter().flat_map(|o| o.evidence).collect();
        o
    } else {
        Outcome::pass(format!("as required, {}", outcomes[0].message), vec![])
    }
}
