//! JSON Schema validation of spanned TOML, with each error placed on the key or value it is
//! about and worded for the person who wrote the file.
//!
//! The schema is compiled once per run. Subschemas may carry an `x-hint` string, which we use
//! as the message's help: the validator says *what* is wrong, the hint says what to write.

use jsonschema::error::ValidationErrorKind as K;
use jsonschema::paths::LocationSegment;
use serde_json::Value;

use crate::source::Span;
use crate::spanned_toml::{FmKind, FmValue};

/// A compiled schema.
pub struct Schema {
    validator: jsonschema::Validator,
    raw: Value,
    /// Every property name the schema knows, for "did you mean" suggestions.
    known_keys: Vec<String>,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema").finish_non_exhaustive()
    }
}

/// The first of a file's schema issues as a problem (made by `at`, its message after
/// `lead`, as in "pack error: …"), with the rest as related notes; `None` when there are none.
pub fn issues_problem(
    issues: &[SchemaIssue],
    lead: &str,
    at: impl Fn(Span, String) -> crate::error::Problem,
) -> Option<crate::error::Problem> {
    let (first, rest) = issues.split_first()?;
    let mut p = at(first.span.clone(), format!("{lead}: {}", first.message));
    p.help = first.help.clone();
    p.related
        .extend(rest.iter().map(|i| (i.span.clone(), i.message.clone())));
    Some(p)
}

/// One problem found by the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaIssue {
    /// Where to point: the value, the unknown key, or the table missing a key.
    pub span: Span,
    /// Dotted path of the value (`policy.next_review`), empty for the root.
    pub path: String,
    pub message: String,
    pub help: Option<String>,
    /// An unknown key (a warning, usually a typo), rather than a wrong value.
    pub unknown_key: bool,
}

impl Schema {
    /// Compile a schema (draft 2020-12, formats enforced, no network).
    pub fn compile(text: &str) -> Result<Schema, String> {
        let raw: Value =
            serde_json::from_str(text).map_err(|e| format!("schema is not JSON: {e}"))?;
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .offline()
            .build(&raw)
            .map_err(|e| format!("schema does not compile: {e}"))?;
        let mut known_keys = Vec::new();
        collect_keys(&raw, &mut known_keys);
        known_keys.sort();
        known_keys.dedup();
        Ok(Schema {
            validator,
            raw,
            known_keys,
        })
    }

    /// Validate a spanned TOML tree. `root_span` is where root-level problems point.
    pub fn validate(&self, root: &FmValue, root_span: &Span) -> Vec<SchemaIssue> {
        let instance = root.to_json();
        if self.validator.is_valid(&instance) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for err in self.validator.iter_errors(&instance) {
            self.push_issue(&err, root, root_span, &mut out);
        }
        out.sort_by(|a, b| (a.span.start, &a.message).cmp(&(b.span.start, &b.message)));
        out.dedup();
        out
    }

    fn push_issue(
        &self,
        err: &jsonschema::ValidationError<'_>,
        root: &FmValue,
        root_span: &Span,
        out: &mut Vec<SchemaIssue>,
    ) {
        // For "one of these forms" failures, report the errors of the form whose type
        // matched (a table with a misspelt key), which say far more than "no form matched".
        if let K::AnyOf { context } | K::OneOfNotValid { context } = err.kind() {
            let typed: Vec<&Vec<jsonschema::ValidationError<'static>>> = context
                .iter()
                .filter(|branch| {
                    !branch.iter().any(|e| {
                        matches!(e.kind(), K::Type { .. })
                            && e.instance_path().as_str() == err.instance_path().as_str()
                    })
                })
                .collect();
            if let [branch] = typed.as_slice() {
                for e in branch.iter() {
                    self.push_issue(e, root, root_span, out);
                }
                return;
            }
        }
        {
            let segments: Vec<String> = err.instance_path().iter().map(|s| seg_str(&s)).collect();
            let node = root.resolve(segments.iter().map(String::as_str));
            let path = segments.join(".");
            let value_span = node.map(|n| n.span.clone()).unwrap_or(root_span.clone());
            let hint = self.hint_for(err.schema_path().as_str());
            match err.kind() {
                K::AdditionalProperties { unexpected }
                | K::UnevaluatedProperties { unexpected } => {
                    for key in unexpected {
                        let key_node = node.and_then(|n| n.get(key));
                        let span = key_node
                            .and_then(|k| k.key_span.clone())
                            .unwrap_or(value_span.clone());
                        let full: String = if path.is_empty() {
                            key.to_string()
                        } else {
                            format!("{path}.{key}")
                        };
                        let suggestion = self.nearest_key(key);
                        out.push(SchemaIssue {
                            span,
                            path: full.clone(),
                            message: format!(
                                "`{full}` is not a key policylint knows, so it is ignored"
                            ),
                            help: Some(match suggestion {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => {
                                    "check the spelling against `policylint schema`".to_string()
                                }
                            }),
                            unknown_key: true,
                        });
                    }
                }
                K::Required { property } => {
                    let prop = property.as_str().unwrap_or("?").to_string();
                    let span = node
                        .and_then(|n| match n.value {
                            FmKind::Table(_) => Some(n.key_span.clone().unwrap_or(n.span.clone())),
                            _ => None,
                        })
                        .unwrap_or(root_span.clone());
                    let place = if path.is_empty() {
                        "the front matter".to_string()
                    } else {
                        format!("`{path}`")
                    };
                    out.push(SchemaIssue {
                        span,
                        path: path.clone(),
                        message: format!("{place} has no `{prop}`"),
                        help: Some(hint.unwrap_or_else(|| format!("add `{prop} = …`"))),
                        unknown_key: false,
                    });
                }
                kind => {
                    let shown = node.map(describe_value).unwrap_or_default();
                    let what = if path.is_empty() {
                        "the front matter".to_string()
                    } else {
                        format!("`{path}`")
                    };
                    let message = match kind {
                        K::Type { .. } => format!(
                            "{what} should not be {}",
                            node.map(|n| n.type_name()).unwrap_or("this")
                        ),
                        K::Format { format } if format == "date" => {
                            format!("{what} is not a date: {shown}")
                        }
                        K::Format { format } if format == "email" => {
                            format!("{what} is not an email address: {shown}")
                        }
                        K::Format { format } => format!("{what} is not a valid {format}: {shown}"),
                        K::Pattern { .. } => format!("{what} is not in the expected form: {shown}"),
                        K::Enum { options } => format!(
                            "{what} is {shown}, which is not one of {}",
                            list_options(options)
                        ),
                        K::Minimum { limit } | K::ExclusiveMinimum { limit } => {
                            format!("{what} is {shown}, below the lowest allowed ({limit})")
                        }
                        K::Maximum { limit } | K::ExclusiveMaximum { limit } => {
                            format!("{what} is {shown}, above the highest allowed ({limit})")
                        }
                        K::MinLength { .. } => format!("{what} is empty"),
                        K::AnyOf { .. } | K::OneOfNotValid { .. } => {
                            format!("{what} is not in a form policylint reads: {shown}")
                        }
                        _ => format!("{what}: {err}"),
                    };
                    out.push(SchemaIssue {
                        span: value_span,
                        path: path.clone(),
                        message,
                        help: hint,
                        unknown_key: false,
                    });
                }
            }
        }
    }

    /// The `x-hint` of the subschema holding the failing keyword, or of its nearest parent.
    fn hint_for(&self, schema_path: &str) -> Option<String> {
        let mut pointer = schema_path.to_string();
        loop {
            if let Some(Value::String(h)) = self.raw.pointer(&pointer).and_then(|v| v.get("x-hint"))
            {
                return Some(h.clone());
            }
            // a keyword under `properties/x` or `$defs/x` ends two levels up
            let cut = pointer.rfind('/')?;
            pointer.truncate(cut);
            if pointer.is_empty() {
                return None;
            }
        }
    }

    fn nearest_key(&self, key: &str) -> Option<String> {
        let mut best: Option<(usize, &String)> = None;
        for k in &self.known_keys {
            let d = edit_distance(&key.to_lowercase(), k);
            let limit = (k.len() / 3).clamp(1, 3);
            if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k.clone())
    }

    /// The schema as pretty JSON (for `policylint schema`).
    pub fn raw(&self) -> &Value {
        &self.raw
    }
}

fn seg_str(s: &LocationSegment<'_>) -> String {
    match s {
        LocationSegment::Property(p) => p.to_string(),
        LocationSegment::Index(i) => i.to_string(),
    }
}

fn collect_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            for child in map.values() {
                collect_keys(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_keys(i, out)),
        _ => {}
    }
}

fn describe_value(n: &FmValue) -> String {
    match &n.value {
        FmKind::String(s) => format!("\u{201c}{s}\u{201d}"),
        FmKind::Integer(i) => i.to_string(),
        FmKind::Float(f) => f.to_string(),
        FmKind::Bool(b) => b.to_string(),
        FmKind::Datetime(s, _) => s.clone(),
        FmKind::Array(_) => "a list".to_string(),
        FmKind::Table(_) => "a table".to_string(),
    }
}

fn list_options(options: &Value) -> String {
    match options {
        Value::Array(items) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => format!("`{s}`"),
                    other => other.to_string(),
                })
                .collect();
            names.join(", ")
        }
        other => other.to_string(),
    }
}

/// Levenshtein distance, for typo suggestions on short keys.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("nxt_review", "next_review"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
