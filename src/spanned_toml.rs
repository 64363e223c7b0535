//! TOML with a file span on every key and value, for front matter, rule packs and the
//! config file alike. Built on toml's `DeTable`, which keeps spans outside serde.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::source::Span;

/// A TOML value with its spans in the file.
#[derive(Debug, Clone)]
pub struct FmValue {
    /// The key naming this value, where there is one.
    pub key_span: Option<Span>,
    /// The literal (for a `[table]`, its header; for the root, the opening `+++`).
    pub span: Span,
    pub value: FmKind,
}

#[derive(Debug, Clone)]
pub enum FmKind {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date or date-time, kept as written (`2025-09-01`) with its date part.
    Datetime(String, Option<jiff::civil::Date>),
    Array(Vec<FmValue>),
    Table(Vec<(String, FmValue)>),
}

impl FmValue {
    pub fn as_table(&self) -> Option<&[(String, FmValue)]> {
        match &self.value {
            FmKind::Table(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            FmKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&FmValue> {
        self.as_table()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Look up a dotted path such as `roles.dsl.name` (array indexes as numbers).
    pub fn lookup(&self, path: &str) -> Option<&FmValue> {
        let mut node = self;
        for segment in path.split('.') {
            node = match &node.value {
                FmKind::Table(_) => node.get(segment)?,
                FmKind::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Follow a JSON pointer's segments; all-digit segments are keys in a table and
    /// indexes in an array (jsonschema reports both as indexes).
    pub fn resolve<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Option<&FmValue> {
        let mut node = self;
        for segment in segments {
            node = match &node.value {
                FmKind::Table(_) => node.get(segment)?,
                FmKind::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The value as JSON for schema validation; dates become `YYYY-MM-DD` strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            FmKind::String(s) => Value::String(s.clone()),
            FmKind::Integer(i) => Value::from(*i),
            FmKind::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            FmKind::Bool(b) => Value::Bool(*b),
            FmKind::Datetime(s, _) => Value::String(s.clone()),
            FmKind::Array(items) => Value::Array(items.iter().map(FmValue::to_json).collect()),
            FmKind::Table(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// A short description of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            FmKind::String(_) => "text",
            FmKind::Integer(_) => "a whole number",
            FmKind::Float(_) => "a number",
            FmKind::Bool(_) => "true/false",
            FmKind::Datetime(..) => "a date",
            FmKind::Array(_) => "a list",
            FmKind::Table(_) => "a table",
        }
    }
}

/// Parse a whole TOML document; `base` is added to every span (the document's offset in its
/// file). On failure, every syntax error with its file span.
pub fn parse(text: &str, base: usize) -> Result<FmValue, Vec<(Span, String)>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| {
                let s = e.span().unwrap_or(0..0);
                let msg = e
                    .message()
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_end_matches('.')
                    .to_string();
                ((s.start + base)..(s.end + base), msg)
            })
            .collect());
    }
    Ok(FmValue {
        key_span: None,
        span: base..base,
        value: FmKind::Table(convert_table(table.get_ref(), base)),
    })
}

pub fn convert_table(table: &DeTable<'_>, base: usize) -> Vec<(String, FmValue)> {
    table
        .iter()
        .map(|(k, v)| {
            let key_span = shift(k.span(), base);
            (k.get_ref().to_string(), convert(v, Some(key_span), base))
        })
        .collect()
}

fn convert(v: &Spanned<DeValue<'_>>, key_span: Option<Span>, base: usize) -> FmValue {
    let span = shift(v.span(), base);
    let value = match v.get_ref() {
        DeValue::String(s) => FmKind::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => FmKind::Integer(n),
                Err(_) => FmKind::String(i.to_string()),
            }
        }
        DeValue::Float(f) => FmKind::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => FmKind::Bool(*b),
        DeValue::Datetime(d) => {
            let date = d.date.and_then(|d| {
                jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
            });
            FmKind::Datetime(d.to_string(), date)
        }
        DeValue::Array(a) => FmKind::Array(a.iter().map(|e| convert(e, None, base)).collect()),
        DeValue::Table(t) => FmKind::Table(convert_table(t, base)),
    };
    FmValue {
        key_span,
        span,
        value,
    }
}

fn shift(span: Span, base: usize) -> Span {
    (span.start + base)..(span.end + base)
}
