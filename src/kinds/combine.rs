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
    // a closing remark that several failures make ("(… has words for this, but …)") is made
    // once, at the end, for all of them
    let mut shared_remark: Option<String> = None;
    for f in failures {
        first.message.push_str("; ");
        let message = match f.message.rfind(" (") {
            Some(i) if f.message.ends_with(')') && first.message.contains(&f.message[i..]) => {
                shared_remark = Some(f.message[i..].to_string());
                &f.message[..i]
            }
            _ => f.message.as_str(),
        };
        first.message.push_str(message);
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
    if let Some(remark) = shared_remark
        && let Some(at) = first.message.find(&remark)
    {
        first.message.replace_range(at..at + remark.len(), "");
        first.message.push_str(&remark);
    }
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
