//! TOML front matter between `+++` lines: split it off, parse it with spans, and give every
//! value a place in the file.
//!
//! We split the block ourselves (rather than relying on comrak's front-matter option) so that
//! CRLF, a lone CR, leading blank lines and an unclosed block are all handled one way, and so
//! that every span we store is an offset into the whole file.

use std::sync::Arc;

use toml::de::DeTable;

use crate::error::Problem;
use crate::source::{SourceFile, Span};
use crate::spanned_toml::convert_table;
pub use crate::spanned_toml::{FmKind, FmValue};

/// A parsed front-matter block.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The whole block, from the opening `+++` to the end of the closing `+++` line.
    pub block: Span,
    /// The opening `+++` (where findings about the root table point).
    pub opening: Span,
    /// The TOML between the delimiter lines.
    pub body: Span,
    /// The root table, every key and value with its file span.
    pub root: FmValue,
}

/// Where the front matter is, before parsing.
struct Split {
    opening: Span,
    body: Span,
    block: Span,
}

/// Find and parse the front matter. `Ok(None)` when the file has none.
pub fn parse(source: &SourceFile) -> Result<Option<FrontMatter>, Problem> {
    let Some(split) = split(source)? else {
        return Ok(None);
    };
    let body_text = &source.text[split.body.clone()];
    let (table, errors) = DeTable::parse_recoverable(body_text);
    if !errors.is_empty() {
        return Err(syntax_problem(source, &split, &errors));
    }
    let base = split.body.start;
    let root = FmValue {
        key_span: None,
        span: split.opening.clone(),
        value: FmKind::Table(convert_table(table.get_ref(), base)),
    };
    Ok(Some(FrontMatter {
        block: split.block,
        opening: split.opening,
        body: split.body,
        root,
    }))
}

fn syntax_problem(source: &SourceFile, split: &Split, errors: &[toml::de::Error]) -> Problem {
    let base = split.body.start;
    let mut found: Vec<(Span, String)> = errors
        .iter()
        .map(|e| {
            let s = e.span().unwrap_or(0..0);
            (
                source.clamp((base + s.start)..(base + s.end)),
                tidy_toml_message(e.message()),
            )
        })
        .collect();
    found.sort_by_key(|(s, _)| (s.start, s.end));
    found.dedup();
    let (first_span, first_msg) = found[0].clone();
    let headline = if found.len() == 1 {
        format!("the front matter is not valid TOML: {first_msg}")
    } else {
        format!(
            "the front matter has {} TOML syntax errors; the first: {first_msg}",
            found.len()
        )
    };
    let mut p = Problem::new("front-matter::syntax", &source.path, headline)
        .at_span(source, first_span)
        .with_help("front matter is TOML between two `+++` lines: `key = \"text\"`, `date = 2025-09-01`, `[table]` headers");
    p.related.extend(found.into_iter().skip(1));
    p
}

fn tidy_toml_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message).trim();
    first_line.trim_end_matches('.').to_string()
}

/// Locate the `+++` block: the first non-blank line must be exactly `+++`.
fn split(source: &SourceFile) -> Result<Option<Split>, Problem> {
    let text = &*source.text;
    let lines = source.line_count();
    let mut first = None;
    for i in 0..lines {
        let line = source.line_text(i);
        if line.trim().is_empty() {
            continue;
        }
        first = Some(i);
        break;
    }
    let Some(first) = first else {
        return Ok(None);
    };
    let first_line = source.line_text(first);
    if first_line.trim_end() != "+++" {
        if first_line.trim_end() == "---"
            && let Some(p) = yaml_front_matter(source, first)
        {
            return Err(p);
        }
        return Ok(None);
    }
    let opening = source.line_span(first);
    let body_start = source
        .line_starts()
        .get(first + 1)
        .copied()
        .unwrap_or(text.len());
    for i in first + 1..lines {
        if source.line_text(i).trim_end() == "+++" {
            let closing = source.line_span(i);
            let block_end = source
                .line_starts()
                .get(i + 1)
                .copied()
                .unwrap_or(text.len());
            let body_end = source.line_starts()[i];
            return Ok(Some(Split {
                opening: opening.clone(),
                body: body_start..body_end.max(body_start),
                block: opening.start..block_end.max(closing.end),
            }));
        }
    }
    Err(Problem::new(
        "front-matter::unclosed",
        &source.path,
        "the front matter opened here is never closed",
    )
    .at_span(source, opening)
    .with_help(
        "end the front matter with a line containing only `+++`, before the policy text begins",
    ))
}

/// A `---` block of `key: value` lines is YAML front matter, which we do not read.
fn yaml_front_matter(source: &SourceFile, first: usize) -> Option<Problem> {
    let mut keyish = 0;
    for i in first + 1..source.line_count().min(first + 200) {
        let line = source.line_text(i);
        if line.trim_end() == "---" {
            if keyish == 0 {
                return None;
            }
            return Some(
                Problem::new(
                    "front-matter::yaml",
                    &source.path,
                    "this front matter is YAML between `---` lines; policylint reads TOML between `+++` lines",
                )
                .at_span(source, source.line_span(first))
                .with_help("change both `---` lines to `+++` and write each value as TOML: `title = \"Online Safety Policy\"` (quotes around text, dates as 2025-09-01)"),
            );
        }
        let t = line.trim_start();
        if let Some((k, _)) = t.split_once(':') {
            if !k.is_empty()
                && !k.contains(' ')
                && k.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            {
                keyish += 1;
            }
        } else if !t.is_empty() && !t.starts_with('-') && !t.starts_with('#') {
            return None;
        }
    }
    None
}

/// Replace the front-matter block with spaces (keeping line breaks) so the Markdown parser
/// sees blank lines there and every offset stays the same.
pub fn blank_out(text: &str, block: &Span) -> Arc<str> {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..block.start]);
    for c in text[block.clone()].chars() {
        match c {
            '\n' | '\r' => out.push(c),
            _ => {
                for _ in 0..c.len_utf8() {
                    out.push(' ');
                }
            }
        }
    }
    out.push_str(&text[block.end..]);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<Option<FrontMatter>, Problem> {
        parse(&SourceFile::new("p.md", text, false))
    }

    #[test]
    fn spans_point_into_the_file() {
        let text = "+++\r\ntitle = \"X\"\r\n[policy]\r\nnext_review = 2026-09-01\r\n+++\r\n# Body";
        let f = fm(text).unwrap().unwrap();
        let title = f.root.lookup("title").unwrap();
        assert_eq!(&text[title.span.clone()], "\"X\"");
        assert_eq!(&text[title.key_span.clone().unwrap()], "title");
        let next = f.root.lookup("policy.next_review").unwrap();
        assert_eq!(&text[next.span.clone()], "2026-09-01");
        assert!(matches!(next.value, FmKind::Datetime(_, Some(_))));
        assert_eq!(
            &text[f.block.clone()],
            "+++\r\ntitle = \"X\"\r\n[policy]\r\nnext_review = 2026-09-01\r\n+++\r\n"
        );
    }

    #[test]
    fn every_syntax_error_is_reported() {
        let e = fm("+++\na = \nb = [1,\nc = \"ok\"\nd = \n+++\n").unwrap_err();
        assert_eq!(e.code, "front-matter::syntax");
        assert!(!e.related.is_empty(), "{e:?}");
        assert_eq!(e.line_col().unwrap().0, 2, "{e:?}");
    }

    #[test]
    fn unclosed_and_yaml_blocks_are_problems() {
        assert_eq!(
            fm("+++\ntitle = \"x\"\n# Body\n").unwrap_err().code,
            "front-matter::unclosed"
        );
        assert_eq!(
            fm("---\ntitle: x\n---\n# Body\n").unwrap_err().code,
            "front-matter::yaml"
        );
        assert!(fm("---\n\nSome text\n").unwrap().is_none());
    }

    #[test]
    fn digit_keys_resolve_as_keys() {
        let f = fm("+++\n[history]\n2024 = \"x\"\n+++\n").unwrap().unwrap();
        assert!(f.root.resolve(["history", "2024"]).is_some());
    }

    #[test]
    fn blanking_keeps_offsets() {
        let t = "+++\na = \"é\"\n+++\nbody";
        let f = fm(t).unwrap().unwrap();
        let b = blank_out(t, &f.block);
        assert_eq!(b.len(), t.len());
        assert!(b.ends_with("\nbody"));
    }
}
