//! What the reports a school reads (the HTML page and the action plan) share: one entry per
//! requirement with all of its check's results together, plain words for statuses and
//! priorities, where a place is in the policy (its line and the heading it sits under), a
//! short quotation of the policy at that place, and the model wording for a gap.
//!
//! Nothing here escapes text: each reporter escapes for its own format.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::document::{Document, Limits};
use crate::org::OrgKind;
use crate::packs::{CheckDef, Registry};
use crate::result::{CheckResult, FileReport, KindSource, Severity, Status};
use crate::source::{SourceFile, Span};

/// The most lines of a model policy section quoted in a report; the rest is a command away.
pub const MAX_MODEL_LINES: usize = 40;

/// One requirement as a school reads it: a check and every result it gave for one policy.
pub struct Requirement<'a> {
    pub check: &'a str,
    pub def: &'a CheckDef,
    /// Not met if any result failed, else waived, else met, else not applicable.
    pub status: Status,
    /// The highest severity among the failing results (or the first result's).
    pub severity: Severity,
    /// The results that carry the status: the failures of a requirement not met, and so on.
    pub results: Vec<&'a CheckResult>,
}

impl Requirement<'_> {
    /// The line of the first place the requirement points at, for ordering.
    pub fn first_offset(&self) -> usize {
        self.results
            .iter()
            .filter_map(|r| r.span.as_ref().map(|s| s.start))
            .min()
            .unwrap_or(0)
    }
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Fail => 3,
        Status::Waived => 2,
        Status::Pass => 1,
        Status::NotApplicable => 0,
    }
}

/// The requirements of one policy, in the order their checks first appear.
pub fn requirements(report: &FileReport) -> Vec<Requirement<'_>> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_check: HashMap<&str, Vec<&CheckResult>> = HashMap::new();
    for r in &report.results {
        let id: &str = &r.check;
        by_check
            .entry(id)
            .or_insert_with(|| {
                order.push(id);
                Vec::new()
            })
            .push(r);
    }
    order
        .into_iter()
        .map(|id| {
            let all = &by_check[id];
            let status = all
                .iter()
                .map(|r| r.status)
                .max_by_key(|s| rank(*s))
                .unwrap_or(Status::NotApplicable);
            let results: Vec<&CheckResult> =
                all.iter().copied().filter(|r| r.status == status).collect();
            let severity = results
                .iter()
                .map(|r| r.severity)
                .max()
                .unwrap_or(all[0].severity);
            Requirement {
                check: id,
                def: &all[0].def,
                status,
                severity,
                results,
            }
        })
        .collect()
}

/// "Met", "Not met", … for a status.
pub fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "Met",
        Status::Fail => "Not met",
        Status::NotApplicable => "Not applicable",
        Status::Waived => "Waived",
    }
}

/// A symbol shown beside the status word, so that status never depends on colour alone.
pub fn status_symbol(s: Status) -> &'static str {
    match s {
        Status::Pass => "\u{2713}",
        Status::Fail => "\u{2717}",
        Status::NotApplicable => "\u{2013}",
        Status::Waived => "~",
    }
}

/// How urgent a gap is, in words a governing board uses.
pub fn priority(s: Severity) -> &'static str {
    match s {
        Severity::Error => "High priority",
        Severity::Warning => "Medium priority",
        Severity::Info => "Low priority",
    }
}

/// The same, as a short lowercase label for counts ("3 high priority").
pub fn priority_short(s: Severity) -> &'static str {
    match s {
        Severity::Error => "high priority",
        Severity::Warning => "medium priority",
        Severity::Info => "low priority",
    }
}

/// A message from a check written as a sentence: capital first letter, full stop at the end.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', ':']) {
        out.push('.');
    }
    out
}

/// "School", "Early-years setting", …, with how the kind was decided.
pub fn kind_line(report: &FileReport) -> Option<String> {
    let kind = report.kind?;
    let mut s = sentence_case(kind.describe());
    let how = match report.kind_source {
        Some(KindSource::Flag) => Some("as given on the command line".to_string()),
        Some(KindSource::Config) => Some("as set in the policylint settings file".to_string()),
        Some(KindSource::FrontMatter) => Some("as the policy's details say".to_string()),
        Some(KindSource::Inferred) => Some(match &report.kind_evidence {
            Some(e) => format!("worked out from {e}"),
            None => "worked out from the policy's wording".to_string(),
        }),
        Some(KindSource::Assumed) => {
            Some("assumed, as the policy does not say: set `kind` in its details".to_string())
        }
        None => None,
    };
    if let Some(how) = how {
        s.push_str(&format!(" ({how})"));
    }
    Some(s)
}

fn sentence_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The title and KCSIE edition of each shipped pack, by id.
fn pack_info() -> &'static HashMap<String, (String, Option<i16>)> {
    static INFO: OnceLock<HashMap<String, (String, Option<i16>)>> = OnceLock::new();
    INFO.get_or_init(|| match Registry::load(&[]) {
        Ok(reg) => reg
            .packs
            .iter()
            .map(|p| {
                let edition = p
                    .meta
                    .id
                    .starts_with("kcsie-")
                    .then_some(p.meta.edition)
                    .flatten();
                (p.meta.id.clone(), (p.meta.title.clone(), edition))
            })
            .collect(),
        Err(_) => HashMap::new(),
    })
}

/// What a pack is, for a reader: its title, or its id when it is not a shipped pack.
pub fn pack_title(id: &str) -> String {
    pack_info()
        .get(id)
        .map_or_else(|| id.to_string(), |(t, _)| t.clone())
}

/// The packs a policy was checked against, leaving out the built-in checks of the policy's
/// own details (`core`), which every run has.
pub fn packs_checked(report: &FileReport) -> Vec<&str> {
    report
        .packs
        .iter()
        .map(String::as_str)
        .filter(|p| *p != "core")
        .collect()
}

/// The KCSIE edition a policy was checked against, if a KCSIE pack was used.
pub fn kcsie_edition(report: &FileReport) -> Option<i16> {
    report.packs.iter().find_map(|p| {
        pack_info().get(p).and_then(|(_, e)| *e).or_else(|| {
            p.strip_prefix("kcsie-")
                .and_then(|y| y.get(..4))
                .and_then(|y| y.parse().ok())
        })
    })
}

/// A place in a policy as a reader finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    /// The heading of the innermost section holding the place.
    pub heading: Option<String>,
    pub in_front_matter: bool,
}

impl Place {
    /// "line 42, under “Key people”", "line 7, in the policy's details at the top".
    pub fn describe(&self) -> String {
        let mut s = format!("line {}", self.line);
        if self.in_front_matter {
            s.push_str(", in the policy's details at the top (front matter)");
        } else if let Some(h) = &self.heading {
            s.push_str(&format!(", under \u{201c}{h}\u{201d}"));
        }
        s
    }
}

/// What the main place of a failing result is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// Words in the policy (an out-of-date term, a date that has passed).
    Text,
    /// The heading of the section where missing text belongs.
    Heading(String),
    /// The start of the policy: nothing in it fits, so the text is simply missing.
    Start,
}

/// A short quotation of the policy: the lines holding one or more places, with the places
/// marked, clipped to a few hundred characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The quoted text in pieces; `true` marks a place the check found.
    pub segments: Vec<(String, bool)>,
    /// The spans quoted, for finding their place and notes.
    pub spans: Vec<Span>,
}

impl Excerpt {
    /// The whole quotation as plain text.
    pub fn plain(&self) -> String {
        self.segments.iter().map(|(s, _)| s.as_str()).collect()
    }

    /// The marked pieces.
    pub fn marked(&self) -> Vec<&str> {
        self.segments
            .iter()
            .filter(|(_, m)| *m)
            .map(|(s, _)| s.as_str())
            .collect()
    }
}

/// Finds the line and section of places in one policy, and quotes it.
pub struct Locator<'a> {
    source: Option<&'a SourceFile>,
    doc: Option<Document>,
}

impl<'a> Locator<'a> {
    pub fn new(report: &'a FileReport) -> Self {
        let source = report.source.as_ref();
        let doc = source.and_then(|s| Document::build(s.clone(), Limits::default()).ok());
        Locator { source, doc }
    }

    /// What a failing result's main place means. A check that finds nothing points at the
    /// heading of the section where the text belongs, or at the start of the policy when no
    /// section fits; anything else is the policy's own words.
    pub fn spot(&self, span: &Span) -> Spot {
        let Some(doc) = &self.doc else {
            return Spot::Text;
        };
        if *span == doc.body_start_span() || (span.is_empty() && span.start == 0) {
            return Spot::Start;
        }
        match doc.outline.headings.iter().find(|h| h.span == *span) {
            Some(h) => Spot::Heading(h.text.trim().to_string()),
            None => Spot::Text,
        }
    }

    /// The policy's own title: its first real heading.
    pub fn title(&self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        doc.outline
            .headings
            .iter()
            .find(|h| !h.pseudo && !h.text.trim().is_empty())
            .map(|h| h.text.trim().to_string())
    }

    pub fn place(&self, span: &Span) -> Option<Place> {
        let source = self.source?;
        let line = source.line_col(span.start).line;
        let mut heading = None;
        let mut in_front_matter = false;
        if let Some(doc) = &self.doc {
            in_front_matter = doc
                .front_matter
                .as_ref()
                .is_some_and(|fm| fm.block.start <= span.start && span.start < fm.block.end);
            heading = doc
                .outline
                .sections
                .iter()
                .filter(|s| {
                    s.span.start <= span.start && span.start < s.span.end.max(s.span.start + 1)
                })
                .min_by_key(|s| s.span.end - s.span.start)
                .map(|s| doc.outline.headings[s.heading].text.clone());
        }
        Some(Place {
            line,
            heading,
            in_front_matter,
        })
    }

    /// The policy's words at a span: its line (or lines) with the span marked.
    pub fn excerpt(&self, span: &Span) -> Option<Excerpt> {
        self.excerpts(std::slice::from_ref(span)).into_iter().next()
    }

    /// Quotations of the policy at some spans: one per run of lines, each with every span
    /// on those lines marked, in the order of the text.
    pub fn excerpts(&self, spans: &[Span]) -> Vec<Excerpt> {
        let Some(source) = self.source else {
            return Vec::new();
        };
        let lines = |s: &Span| {
            (
                source.line_index(s.start),
                source.line_index(s.end.saturating_sub(1).max(s.start)),
            )
        };
        let mut spans: Vec<Span> = spans.iter().map(|s| source.clamp(s.clone())).collect();
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup();
        // runs of spans whose lines overlap
        let mut groups: Vec<(usize, usize, Vec<Span>)> = Vec::new();
        for s in spans {
            let (first, last) = lines(&s);
            match groups.last_mut() {
                Some(g) if first <= g.1 => {
                    g.1 = g.1.max(last);
                    g.2.push(s);
                }
                _ => groups.push((first, last, vec![s])),
            }
        }
        let text = &source.text;
        groups
            .into_iter()
            .filter_map(|(first, last, group)| {
                let start = source.line_starts()[first];
                let end = source.line_span(last).end;
                // marks, with overlapping ones merged
                let mut marks: Vec<Span> = Vec::new();
                for s in group.iter().filter(|s| !s.is_empty()) {
                    match marks.last_mut() {
                        Some(m) if s.start <= m.end => m.end = m.end.max(s.end),
                        _ => marks.push(s.clone()),
                    }
                }
                let mut segments: Vec<(String, bool)> = Vec::new();
                let mut at = start;
                for (i, m) in marks.iter().enumerate() {
                    let before = &text[at..m.start];
                    let before = if i == 0 {
                        clip_start(before.trim_start(), 160)
                    } else {
                        clip_middle(before, 160)
                    };
                    segments.push((before, false));
                    segments.push((clip_end(&text[m.start..m.end], 400), true));
                    at = m.end;
                }
                let rest = &text[at..end.max(at)];
                segments.push((
                    if marks.is_empty() {
                        clip_end(rest.trim(), 400)
                    } else {
                        clip_end(rest.trim_end(), 160)
                    },
                    false,
                ));
                segments.retain(|(s, _)| !s.is_empty());
                let e = Excerpt {
                    segments,
                    spans: group,
                };
                (!e.plain().trim().is_empty()).then_some(e)
            })
            .collect()
    }
}

/// The first and last `max / 2` characters of `s`, with "…" between when cut.
fn clip_middle(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max / 2).collect();
    let tail: String = s.chars().skip(n - max / 2).collect();
    format!("{head} \u{2026} {tail}")
}

/// The last `max` characters of `s`, with "…" in front when cut.
fn clip_start(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let cut: String = s.chars().skip(n - max).collect();
    format!("\u{2026}{cut}")
}

/// The first `max` characters of `s`, with "…" after when cut.
fn clip_end(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}\u{2026}")
}

/// Model wording for a gap: the model policy's section for the policy's kind, or the
/// check's own example.
#[derive(Debug, Clone)]
pub struct Wording {
    pub text: String,
    /// The model policy section it comes from, when it does.
    pub section: Option<String>,
    /// The kind of model policy it comes from.
    pub kind: OrgKind,
    /// Lines were left out to keep the report short.
    pub cut: bool,
}

pub fn model_wording(kind: Option<OrgKind>, def: &CheckDef) -> Option<Wording> {
    let kind = kind.unwrap_or(OrgKind::School);
    if let Some(heading) = &def.template
        && let Some((_, section)) = crate::suggest::find_section(kind, heading)
    {
        let (text, cut) = first_lines(&section.text, MAX_MODEL_LINES);
        return Some(Wording {
            text,
            section: Some(section.heading.clone()),
            kind,
            cut,
        });
    }
    let example = def.example.trim();
    (!example.is_empty()).then(|| Wording {
        text: example.to_string(),
        section: None,
        kind,
        cut: false,
    })
}

/// At most `max` lines, cut before a subheading near the end, else at a blank line.
fn first_lines(text: &str, max: usize) -> (String, bool) {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    if lines.len() <= max {
        return (lines.join("\n"), false);
    }
    let near_end = max / 2..=max;
    let end = near_end
        .clone()
        .rev()
        .find(|&i| lines[i].starts_with('#'))
        .or_else(|| near_end.rev().find(|&i| lines[i].trim().is_empty()))
        .unwrap_or(max);
    (lines[..end].join("\n").trim_end().to_string(), true)
}

/// A Markdown heading line of the model text as a bold line, so that a quoted section does
/// not turn into headings of the governors' paper.
pub fn heading_as_bold(line: &str) -> String {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        format!("**{}**", line[hashes..].trim())
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_get_a_capital_and_a_full_stop() {
        assert_eq!(sentence("no DSL is named"), "No DSL is named.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence("  "), "");
    }

    #[test]
    fn long_model_sections_are_cut_at_a_paragraph() {
        let text = (1..=60)
            .map(|i| {
                if i % 5 == 0 {
                    String::new()
                } else {
                    format!("line {i}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (cut, was_cut) = first_lines(&text, 40);
        assert!(was_cut);
        assert!(cut.lines().count() < 40);
        assert!(cut.ends_with("line 39"), "{cut}");
        let with_heading = text.replace("line 31", "### 3.2 Later");
        let (cut, _) = first_lines(&with_heading, 40);
        assert!(cut.ends_with("line 29"), "{cut}");
        let (whole, was_cut) = first_lines("a\nb", 40);
        assert!(!was_cut);
        assert_eq!(whole, "a\nb");
    }

    #[test]
    fn places_name_the_innermost_heading() {
        let text = "+++\ntitle = \"x\"\n+++\n# Policy\n\n## Key people\n\nThe DSL is Ann.\n\n### Deputies\n\nBob.\n";
        let engine = crate::engine::Engine::load(&[]).unwrap();
        let opts = crate::engine::CheckOptions::new(jiff::civil::date(2026, 11, 29));
        let report = engine.check_source(SourceFile::new("p.md", text, false), &opts);
        let loc = Locator::new(&report);
        let at = |needle: &str| {
            let i = text.find(needle).unwrap();
            loc.place(&(i..i + needle.len())).unwrap()
        };
        let p = at("Ann");
        assert_eq!(p.line, 8);
        assert_eq!(p.heading.as_deref(), Some("Key people"));
        assert_eq!(at("Bob").heading.as_deref(), Some("Deputies"));
        assert!(at("title").in_front_matter);
        let ann = text.find("Ann").unwrap();
        let e = loc.excerpt(&(ann..ann + 3)).unwrap();
        assert_eq!(
            e.segments,
            vec![
                ("The DSL is ".to_string(), false),
                ("Ann".to_string(), true),
                (".".to_string(), false)
            ]
        );
        // places on one line are quoted once, each marked; other lines separately
        let dsl = text.find("DSL").unwrap();
        let bob = text.find("Bob").unwrap();
        let quotes = loc.excerpts(&[ann..ann + 3, bob..bob + 3, dsl..dsl + 3, ann..ann + 3]);
        assert_eq!(quotes.len(), 2);
        assert_eq!(quotes[0].plain(), "The DSL is Ann.");
        assert_eq!(quotes[0].marked(), vec!["DSL", "Ann"]);
        assert_eq!(quotes[1].marked(), vec!["Bob"]);
        assert_eq!(clip_middle("abcdefghij", 4), "ab \u{2026} ij");
    }

    #[test]
    fn model_headings_become_bold_lines() {
        assert_eq!(heading_as_bold("## 8. Filtering"), "**8. Filtering**");
        assert_eq!(heading_as_bold("#hashtag"), "#hashtag");
        assert_eq!(heading_as_bold("text"), "text");
    }
}
