//! Model wording from the templates, offered as unsafe fixes: a missing section inserted in
//! the right place with the template's text for the organisation's kind, and a missing
//! front-matter key inserted with a clear placeholder. Unsafe because the school must read
//! and adapt the words; `--unsafe-fixes` applies them.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use crate::document::markdown::{normalize_heading, numbering_of};
use crate::document::{Document, FmKind};
use crate::evidence::{DateWhat, Role};
use crate::org::OrgKind;
use crate::packs::RuleSpec;
use crate::result::{Applicability, CheckResult, Edit, Fix, Status};

/// A section of a model policy.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSection {
    pub heading: String,
    pub normalized: String,
    pub level: u8,
    /// The whole section, heading line included, with placeholders for names.
    pub text: String,
}

/// The sections of the model policy for a kind (names replaced by placeholders), in order.
pub fn template_sections(kind: OrgKind) -> &'static [TemplateSection] {
    // one kind at a time: a single `check` needs only its own kind's model policy
    static CACHE: [OnceLock<Vec<TemplateSection>>; OrgKind::ALL.len()] =
        [const { OnceLock::new() }; OrgKind::ALL.len()];
    let Some(i) = OrgKind::ALL.iter().position(|k| *k == kind) else {
        return &[];
    };
    CACHE[i].get_or_init(|| {
        split_sections(&crate::init::render(kind, &BTreeMap::new()).unwrap_or_default())
    })
}

/// The sections of a model policy, found from its `#` heading lines alone. The model
/// policies are policylint's own, written in plain Markdown (front matter, `#` headings
/// with no markup in them, no code blocks), so their headings can be read line by line
/// rather than by parsing the whole policy, which was a tenth of a single `check`; a test
/// compares this with [`parse_sections`] for every kind.
fn split_sections(text: &str) -> Vec<TemplateSection> {
    // (level, heading text, where its line starts)
    let mut headings: Vec<(u8, &str, usize)> = Vec::new();
    let mut at = 0;
    let mut in_front_matter = false;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line == "+++" && (start == 0 || in_front_matter) {
            in_front_matter = start == 0;
            continue;
        }
        if in_front_matter {
            continue;
        }
        let level = line.bytes().take_while(|&b| b == b'#').count();
        let Some(rest) = line[level..].strip_prefix(' ') else {
            continue;
        };
        if (1..=6).contains(&level) {
            headings.push((
                level as u8,
                rest.trim().trim_end_matches('#').trim_end(),
                start,
            ));
        }
    }
    headings
        .iter()
        .enumerate()
        .map(|(i, &(level, heading, start))| {
            let end = headings[i + 1..]
                .iter()
                .find(|(l, ..)| *l <= level)
                .map_or(text.len(), |&(.., s)| s);
            let mut body = text[start..end].trim_end().to_string();
            body.push('\n');
            TemplateSection {
                heading: heading.to_string(),
                normalized: normalize_heading(heading),
                level,
                text: body,
            }
        })
        .collect()
}

/// The sections of a model policy as the outline of a parsed policy has them (what
/// [`split_sections`] must agree with).
#[cfg(test)]
fn parse_sections(text: &str) -> Vec<TemplateSection> {
    let Some(outline) = Document::outline_only(
        &crate::source::SourceFile::new("template.md", text, false),
        crate::document::Limits::default(),
    ) else {
        return Vec::new();
    };
    outline
        .sections
        .iter()
        .map(|s| {
            let h = &outline.headings[s.heading];
            let mut body = text[s.span.clone()].trim_end().to_string();
            body.push('\n');
            TemplateSection {
                heading: h.text.clone(),
                normalized: h.normalized.clone(),
                level: h.level,
                text: body,
            }
        })
        .collect()
}

/// Find a template section by the heading a check names.
pub fn find_section(kind: OrgKind, heading: &str) -> Option<(usize, &'static TemplateSection)> {
    let want = normalize_heading(heading);
    let sections = template_sections(kind);
    sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.normalized == want)
        .or_else(|| {
            sections
                .iter()
                .enumerate()
                .find(|(_, s)| s.normalized.contains(&want))
        })
}

/// Attach unsafe fixes to failing results that have none.
pub fn attach(doc: &Document, kind: OrgKind, results: &mut [CheckResult]) {
    let mut inserted_sections: HashSet<usize> = HashSet::new();
    // Every front-matter key failing checks read and the file lacks, in one edit: keys for
    // the same missing table must share one new table.
    let mut fm_keys: Vec<(String, String)> = Vec::new();
    let mut fm_owner: Option<usize> = None;
    if doc.front_matter.is_some() {
        for (i, r) in results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.status == Status::Fail && r.fix.is_none())
        {
            for (path, placeholder) in fm_needs(&r.def.rule) {
                if doc.fm(&path).is_none() && !fm_keys.iter().any(|(p, _)| *p == path) {
                    fm_keys.push((path, placeholder));
                    fm_owner.get_or_insert(i);
                }
            }
        }
    }
    let fm_edits = fm_insertions(doc, &fm_keys);
    for (i, r) in results
        .iter_mut()
        .enumerate()
        .filter(|(_, r)| r.status == Status::Fail && r.fix.is_none())
    {
        let mut edits = Vec::new();
        let mut titles = Vec::new();
        if Some(i) == fm_owner && !fm_edits.is_empty() {
            edits.extend(fm_edits.iter().cloned());
            let keys: Vec<String> = fm_keys.iter().map(|(p, _)| format!("`{p}`")).collect();
            titles.push(format!("add {} to the front matter", keys.join(", ")));
        }
        if let Some(heading) = &r.def.template
            && let Some((index, section)) = find_section(kind, heading)
        {
            let wanted = normalize_heading(heading);
            let present = doc
                .outline
                .headings
                .iter()
                .any(|h| h.normalized == section.normalized || h.normalized.contains(&wanted));
            if !present && inserted_sections.insert(index) {
                edits.push(section_insertion(doc, kind, index));
                titles.push(format!(
                    "insert the model section \u{201c}{}\u{201d} from the {} template",
                    strip_num(&section.heading),
                    kind.as_str()
                ));
            }
        }
        if !edits.is_empty() {
            r.fix = Some(Fix {
                title: titles.join("; "),
                applicability: Applicability::Unsafe,
                edits,
            });
        }
    }
}

/// Insertions for missing front-matter keys: each key after the last entry of its existing
/// table, and the keys of missing tables as new tables before the closing `+++`, all
/// merged so that no two edits share a position.
fn fm_insertions(doc: &Document, keys: &[(String, String)]) -> Vec<Edit> {
    let Some(fm) = doc.front_matter.as_ref() else {
        return Vec::new();
    };
    let text = &doc.source.text;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let Some(closing) = text[..fm.block.end]
        .trim_end_matches(['\n', '\r'])
        .rfind("+++")
    else {
        return Vec::new();
    };
    let mut at_offset: BTreeMap<usize, String> = BTreeMap::new();
    let mut new_tables: BTreeMap<String, String> = BTreeMap::new();
    for (path, value) in keys {
        let Some((table, key)) = path.rsplit_once('.') else {
            continue;
        };
        let line = format!("{key} = {value}{newline}");
        match doc.fm(table).map(|t| &t.value) {
            Some(FmKind::Table(entries)) => {
                let t = doc.fm(table).unwrap();
                let last = entries
                    .iter()
                    .map(|(_, v)| v.span.end)
                    .max()
                    .unwrap_or(t.span.end);
                at_offset
                    .entry(line_end(text, last))
                    .or_default()
                    .push_str(&line);
            }
            Some(_) => {}
            None => new_tables
                .entry(table.to_string())
                .or_default()
                .push_str(&line),
        }
    }
    let mut tail = String::new();
    for (table, lines) in new_tables {
        tail.push_str(&format!("[{table}]{newline}{lines}"));
    }
    if !tail.is_empty() {
        at_offset.entry(closing).or_default().push_str(&tail);
    }
    at_offset
        .into_iter()
        .map(|(at, replacement)| Edit {
            span: at..at,
            replacement,
        })
        .collect()
}

fn strip_num(h: &str) -> &str {
    crate::document::markdown::strip_numbering(h)
}

/// The front-matter keys a rule reads, with a placeholder line for each.
fn fm_needs(rule: &RuleSpec) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match rule {
        RuleSpec::Fresh {
            date,
            required: true,
            ..
        } => {
            if let Some(w) = DateWhat::from_name(date) {
                out.push((
                    w.fm_path().to_string(),
                    format!("\"[Insert the {} as YYYY-MM-DD]\"", w.describe()),
                ));
            }
        }
        RuleSpec::Role { role, .. } => {
            if let Some(r) = Role::from_key(role) {
                out.push((
                    format!("roles.{}", r.key()),
                    format!("{{ name = \"[Insert name of the {}]\" }}", r.label()),
                ));
            }
        }
        RuleSpec::All { rules } => rules.iter().for_each(|r| out.extend(fm_needs(r))),
        _ => {}
    }
    out
}

/// The offset just after the line holding `offset`.
fn line_end(text: &str, offset: usize) -> usize {
    match text[offset..].find('\n') {
        Some(i) => offset + i + 1,
        None => text.len(),
    }
}

/// Insert template section `index` after the policy's section matching the nearest earlier
/// template section, else before the nearest later one, else at the end; heading levels
/// follow the policy's.
fn section_insertion(doc: &Document, kind: OrgKind, index: usize) -> Edit {
    let sections = template_sections(kind);
    let section = &sections[index];
    let text = &doc.source.text;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let find_doc = |t: &TemplateSection| {
        doc.outline
            .sections
            .iter()
            .position(|s| doc.outline.headings[s.heading].normalized == t.normalized)
    };
    let before = sections[..index]
        .iter()
        .rev()
        .filter(|t| t.level <= section.level)
        .find_map(find_doc);
    let after = sections[index + 1..]
        .iter()
        .filter(|t| t.level <= section.level)
        .find_map(find_doc);
    let (at, level) = match (before, after) {
        (Some(b), _) => {
            let s = &doc.outline.sections[b];
            (s.span.end, doc.outline.headings[s.heading].level)
        }
        (None, Some(a)) => {
            let s = &doc.outline.sections[a];
            (s.span.start, doc.outline.headings[s.heading].level)
        }
        (None, None) => (
            text.len(),
            doc.outline
                .headings
                .iter()
                .filter(|h| !h.pseudo)
                .map(|h| h.level)
                .max()
                .unwrap_or(2)
                .clamp(2, 6),
        ),
    };
    let shifted = shift_levels(
        &section.text,
        section.level,
        level,
        doc.outline.headings.iter().any(|h| h.numbering.is_some()),
    );
    let body = shifted.replace('\n', newline);
    let mut replacement = String::new();
    // keep a blank line between the inserted section and its neighbours
    if at > 0 && !text[..at].ends_with(&format!("{newline}{newline}")) {
        replacement.push_str(if text[..at].ends_with(newline) {
            newline
        } else {
            ""
        });
        if !text[..at].ends_with(newline) {
            replacement.push_str(newline);
            replacement.push_str(newline);
        }
    }
    replacement.push_str(&body);
    if at < text.len() {
        replacement.push_str(newline);
    }
    Edit {
        span: at..at,
        replacement,
    }
}

/// Move every heading in `text` by the difference between levels; drop the template's own
/// numbering when the policy numbers its sections (the school should renumber by hand).
fn shift_levels(text: &str, from: u8, to: u8, _policy_numbered: bool) -> String {
    let delta = to as i16 - from as i16;
    text.lines()
        .map(|line| {
            let hashes = line.chars().take_while(|c| *c == '#').count();
            if hashes > 0 && line[hashes..].starts_with(' ') {
                let level = (hashes as i16 + delta).clamp(1, 6) as usize;
                let title = line[hashes..].trim_start();
                let title = if numbering_of(title).is_some() {
                    strip_num(title)
                } else {
                    title
                };
                format!("{} {title}", "#".repeat(level))
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_policy_sections_read_from_heading_lines_match_the_parsed_outline() {
        for kind in OrgKind::ALL {
            let text = crate::init::render(kind, &BTreeMap::new()).expect("renders");
            let split = split_sections(&text);
            assert!(split.len() > 20, "{kind:?}: {} sections", split.len());
            assert_eq!(split, parse_sections(&text), "{kind:?}");
        }
        // front matter comments, closing hashes, and a hash with no space after it
        let text = "+++\n# a comment\ntitle = \"x\"\n+++\n\n# Policy #\n\nIntro.\n\n## 1. Scope\n\n#hashtag line\n\n### Detail ##\n\nMore.\n\n## Roles\n\nText.\n";
        assert_eq!(split_sections(text), parse_sections(text));
        assert_eq!(split_sections(text).len(), 4);
    }
}
