//! `field`: a front-matter value is present, not a placeholder, and of the right form.

use super::{Ctx, Outcome};
use crate::document::{FmKind, FmValue};
use crate::evidence::names;
use crate::packs::model::FieldForm;
use crate::result::Evidence;

#[derive(Debug)]
pub struct Field {
    path: String,
    form: FieldForm,
}

impl Field {
    pub fn compile(path: &str, form: FieldForm) -> Result<Field, String> {
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(format!(
                "`{path}` is not a front-matter path like `policy.approved_by`"
            ));
        }
        Ok(Field {
            path: path.to_string(),
            form,
        })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Outcome {
        let doc = ctx.doc;
        let Some(value) = doc.fm(&self.path) else {
            let (span, where_) = match doc.fm_anchor(&self.path) {
                Some(s) => (s, "the front matter has no"),
                None => (doc.body_start_span(), "there is no front matter, so no"),
            };
            return Outcome::fail(format!("{where_} `{}`", self.path), Some(span)).with_help(
                format!(
                    "add `{} = …` to the front matter",
                    self.path.rsplit('.').next().unwrap_or(&self.path)
                ),
            );
        };
        match check_form(value, self.form) {
            Ok(shown) => Outcome::pass(
                format!("`{}` is {shown}", self.path),
                vec![Evidence {
                    span: value.span.clone(),
                    note: None,
                }],
            ),
            Err(why) => Outcome::fail(format!("`{}` {why}", self.path), Some(value.span.clone())),
        }
    }
}

/// Whether a value has the form asked for; `Ok` carries how to show it.
pub fn check_form(value: &FmValue, form: FieldForm) -> Result<String, String> {
    let text = match &value.value {
        FmKind::String(s) => Some(s.trim().to_string()),
        FmKind::Table(_) => value
            .get("name")
            .and_then(|n| n.as_str())
            .map(|s| s.trim().to_string()),
        _ => None,
    };
    match form {
        FieldForm::Date => match &value.value {
            FmKind::Datetime(s, Some(_)) => Ok(s.clone()),
            FmKind::String(s) if s.parse::<jiff::civil::Date>().is_ok() => Ok(s.clone()),
            _ => Err("is not a date written as YYYY-MM-DD".to_string()),
        },
        FieldForm::Year => match &value.value {
            FmKind::Integer(y) if (2000..=2100).contains(y) => Ok(y.to_string()),
            _ => Err("is not a year such as 2025".to_string()),
        },
        FieldForm::Text => match text {
            Some(t)
                if !t.is_empty()
                    && names::parse_person(&t).map_or_else(
                        |e| !matches!(e, names::NotAName::Placeholder(_) | names::NotAName::Empty),
                        |_| true,
                    ) =>
            {
                Ok(format!("\u{201c}{t}\u{201d}"))
            }
            Some(t) if !t.is_empty() => {
                Err(format!("says \u{201c}{t}\u{201d}, which is a placeholder"))
            }
            _ => Err("is empty".to_string()),
        },
        FieldForm::Person => match text {
            Some(t) => names::parse_person(&t)
                .map(|n| n.text)
                .map_err(|e| e.describe()),
            None => Err("does not give a name".to_string()),
        },
        FieldForm::Email => match text {
            Some(t) if is_email(&t) => Ok(t),
            Some(t) => Err(format!("\u{201c}{t}\u{201d} is not an email address")),
            None => Err("does not give an email address".to_string()),
        },
        FieldForm::Phone => match text {
            Some(t) if is_uk_phone(&t) => Ok(t),
            Some(t) => Err(format!("\u{201c}{t}\u{201d} is not a UK phone number")),
            None => Err("does not give a phone number".to_string()),
        },
    }
}

fn is_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty() && host.contains('.') && !s.contains(char::is_whitespace)
}

/// A UK number: 0 or +44 then 9 or 10 more digits (spaces, brackets and hyphens allowed).
pub fn is_uk_phone(s: &str) -> bool {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let ok_chars = s.chars().all(|c| c.is_ascii_digit() || " ()-+".contains(c));
    if !ok_chars {
        return false;
    }
    if let Some(rest) = s.trim().strip_prefix("+44") {
        let d: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
        return (9..=10).contains(&d.len());
    }
    digits.starts_with('0') && (10..=11).contains(&digits.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        assert!(is_uk_phone("020 8547 5008"));
        assert!(is_uk_phone("+44 20 8547 5008"));
        assert!(is_uk_phone("0344 381 4772"));
        assert!(!is_uk_phone("999"));
        assert!(!is_uk_phone("call the office"));
    }
}
