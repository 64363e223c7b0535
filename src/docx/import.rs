//! `policylint import FILE.docx`: the Word policy as Markdown with TOML front matter filled
//! from what the evidence finders recognise in its text (organisation, kind, people in their
//! roles, dates, the KCSIE edition cited), each value with a comment saying where it was
//! found, and a commented placeholder for each value that was not.
//!
//! Every value is copied exactly as the checks read it from the text, so front matter and
//! text agree and checking the Markdown gives the same results as checking the Word
//! document. The command checks both and says so, or says which results differ.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::app::{EXIT_ERROR, EXIT_OK, Io, Settings, engine_for, usage};
use crate::document::{BlockKind, Document, Limits};
use crate::engine::CheckOptions;
use crate::error::Problem;
use crate::evidence::names::{parse_person, same_person};
use crate::evidence::{DateWhat, Role, RoleFact};
use crate::load;
use crate::org::OrgKind;
use crate::packs::RuleSpec;
use crate::result::{KindSource, Status};
use crate::source::SourceFile;

pub fn import(
    settings: &Settings,
    file: &Path,
    output: Option<&Path>,
    force: bool,
    io: &mut Io<'_>,
) -> Result<u8, Problem> {
    if let Some(out) = output {
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if same(out, file) {
            return Err(usage(
                "the Markdown would replace the Word document itself: give -o a different file, such as policy.md",
            ));
        }
    }
    if let Some(out) = output
        && out.exists()
        && !force
    {
        return Err(Problem::new(
            "import::exists",
            out,
            "this file already exists, so policylint did not overwrite it",
        )
        .with_help("choose another name with -o, or add --force to replace it"));
    }
    let source = load::read_policy(file, load::DEFAULT_MAX_FILE_SIZE)?;
    if source.word.is_none() {
        return Err(usage(format!(
            "{} is not a Word document: `policylint import` converts .docx files (check a Markdown policy with `policylint check`)",
            file.display()
        )));
    }
    let doc = Document::build(source.clone(), Limits::default())?;
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fm = FrontMatter::gather(&doc, settings.kind, &file_name, &settings.today.to_string());
    let text = fm.render() + "\n" + &source.text;

    // Check both and compare, so the user knows the conversion changed nothing.
    let (engine, pack_ids) = engine_for(settings)?;
    let mut opts = CheckOptions::new(settings.today);
    opts.kind = settings.kind.map(|k| (k, KindSource::Flag));
    if !pack_ids.is_empty() {
        opts.packs = Some(pack_ids);
    }
    let md_path: PathBuf = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| file.with_extension("md"));
    let before = engine.check_source(source, &opts);
    let after_doc = Document::build(SourceFile::new(&md_path, text.clone(), false), opts.limits)?;
    let schema_issues = after_doc
        .front_matter
        .as_ref()
        .map(|f| engine.front_matter_schema().validate(&f.root, &f.opening))
        .unwrap_or_default();
    let after = engine.check_document(&after_doc, &opts);
    let mut ids: Vec<&str> = before.results.iter().map(|r| &*r.check).collect();
    ids.extend(after.results.iter().map(|r| &*r.check));
    ids.sort();
    ids.dedup();
    let mut differ = Vec::new();
    let mut expected = Vec::new();
    for id in &ids {
        let (a, b) = (before.status_of(id), after.status_of(id));
        if a != b {
            let show = |s: Option<Status>| s.map_or("not checked", Status::as_str);
            let line = format!(
                "{id}: {} in the Word document, {} in the Markdown",
                show(a),
                show(b)
            );
            let reads_front_matter = after
                .results
                .iter()
                .chain(&before.results)
                .find(|r| &*r.check == *id)
                .is_some_and(|r| matches!(r.def.rule, RuleSpec::Field { .. }));
            if reads_front_matter {
                expected.push(line);
            } else {
                differ.push(line);
            }
        }
    }

    match output {
        Some(out) => crate::write::atomic_write(out, text.as_bytes())?,
        None => {
            io.stdout
                .write_all(text.as_bytes())
                .map_err(|e| usage(format!("could not write the Markdown: {e}")))?;
        }
    }
    let mut err = String::new();
    if !settings.quiet || !differ.is_empty() || !schema_issues.is_empty() {
        if let Some(out) = output {
            err.push_str(&format!(
                "wrote {} from {}\n",
                out.display(),
                file.display()
            ));
        }
        err.push_str(&format!(
            "front matter: {} filled from the text (each with a comment saying where), {} left for you to fill in (lines starting with #)\n",
            plural(fm.filled, "value", "values"),
            fm.missing
        ));
        if differ.is_empty() && schema_issues.is_empty() {
            err.push_str(&format!(
                "checked: the Markdown gives the same result as the Word document for all {} requirements\n",
                ids.len() - expected.len()
            ));
        }
        for i in &schema_issues {
            err.push_str(&format!(
                "warning: the front matter written does not follow the schema: {}\n",
                i.message
            ));
        }
        for d in &differ {
            err.push_str(&format!("warning: results differ: {d}\n"));
        }
        for e in &expected {
            err.push_str(&format!("note: {e} (this check reads the front matter, which the Word document has none of)\n"));
        }
    }
    let _ = io.stderr.write_all(err.as_bytes());
    Ok(if schema_issues.is_empty() && differ.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line of the front matter: a value (or a commented placeholder) and where it came from.
enum Line {
    Blank,
    Comment(String),
    Table(&'static str),
    /// `key = value  # note`, with the note's place in the converted text.
    Value {
        key: String,
        value: String,
        note: String,
        at: Option<usize>,
    },
    Placeholder {
        key: String,
        example: String,
        note: String,
        at: Option<usize>,
    },
}

pub struct FrontMatter<'d> {
    doc: &'d Document,
    lines: Vec<Line>,
    pub filled: usize,
    pub missing: usize,
}

impl<'d> FrontMatter<'d> {
    pub fn gather(
        doc: &'d Document,
        kind_flag: Option<OrgKind>,
        file_name: &str,
        today: &str,
    ) -> FrontMatter<'d> {
        let mut fm = FrontMatter {
            doc,
            lines: Vec::new(),
            filled: 0,
            missing: 0,
        };
        fm.lines.push(Line::Comment(format!(
            "Made by `policylint import` from {file_name} on {today}."
        )));
        fm.lines.push(Line::Comment(
            "Each value was found in the policy's text; the comment after it says where.".into(),
        ));
        fm.lines.push(Line::Comment(
            "Lines starting with # are values policylint did not find: fill them in and remove the #."
                .into(),
        ));
        match title(doc) {
            Some((t, at)) => fm.value("title", quote(&t), "the document's title".into(), Some(at)),
            None => fm.placeholder(
                "title",
                "\"Online Safety Policy\"",
                "not found: the policy's title",
            ),
        }

        fm.table("organisation");
        match organisation_name(doc) {
            Some((name, at)) => fm.value(
                "name",
                quote(&name),
                "the organisation's name".into(),
                Some(at),
            ),
            None => fm.placeholder("name", "\"…\"", "not found: the organisation's name"),
        }
        match (kind_flag, doc.kind_guess()) {
            (Some(k), _) => fm.value("kind", quote(k.as_str()), "given with --kind".into(), None),
            (None, Some(g)) => fm.value(
                "kind",
                quote(g.kind.as_str()),
                format!("inferred from the words \u{201c}{}\u{201d}", g.because),
                Some(g.span.start),
            ),
            (None, None) => {
                // Written out so the Markdown is checked as the Word document was.
                fm.lines.push(Line::Value {
                    key: "kind".into(),
                    value: quote("school"),
                    note: "not found in the text: policylint checks a policy as a school unless told otherwise; change it to \"college\", \"early-years\" or \"agency\" if that is what this is".into(),
                    at: None,
                });
                fm.missing += 1;
            }
        }
        fm.placeholder(
            "phase",
            "\"primary\"",
            "not found: nursery, primary, secondary, all-through, special, …",
        );
        fm.placeholder("local_authority", "\"…\"", "not found: the local authority");
        fm.placeholder(
            "partnership",
            "\"krscp\"",
            "not set: your local safeguarding partnership's id; setting it adds the partnership's own checks",
        );

        fm.table("policy");
        fm.placeholder("version", "\"1.0\"", "not found: the policy's version");
        match doc.facts.editions.iter().max_by_key(|e| e.year) {
            Some(e) => fm.value(
                "kcsie_edition",
                e.year.to_string(),
                format!("Keeping Children Safe in Education {} is cited", e.year),
                Some(e.span.start),
            ),
            None => fm.placeholder(
                "kcsie_edition",
                "2025",
                "not found: the edition of Keeping Children Safe in Education the policy follows",
            ),
        }
        fm.placeholder(
            "approved_by",
            "\"Full governing board\"",
            "not found: who approved the policy",
        );
        fm.date(DateWhat::Approved, "approved_on");
        fm.date(DateWhat::Reviewed, "reviewed_on");
        fm.date(DateWhat::NextReview, "next_review");

        fm.table("roles");
        let kind = kind_flag.or(doc.kind_guess().map(|g| g.kind));
        let mut wanted = vec![
            Role::Dsl,
            Role::DeputyDsl,
            Role::PreventLead,
            Role::OnlineSafetyLead,
            Role::SafeguardingGovernor,
            Role::FilteringSltLead,
            Role::FilteringGovernor,
        ];
        if matches!(kind, Some(OrgKind::EarlyYears | OrgKind::Agency)) {
            wanted.push(Role::DesignatedPerson);
        }
        for role in Role::ALL {
            fm.role(role, wanted.contains(&role));
        }

        fm.table("filtering");
        fm.placeholder(
            "provider",
            "\"…\"",
            "not found: who provides filtering and monitoring (your IT team or a named company)",
        );
        fm.placeholder(
            "monitoring",
            "\"…\"",
            "not found: the monitoring system or approach",
        );
        fm.date(DateWhat::FilteringReview, "last_review");

        fm.table("training");
        fm.date(DateWhat::StaffTraining, "staff_last");
        fm.date(DateWhat::DslTraining, "dsl_last");
        fm.date(DateWhat::GovernorTraining, "governors_last");

        fm.table("contacts");
        fm.placeholder("lado", "\"…\"", "not found: how to reach the LADO");
        fm.placeholder(
            "referral",
            "\"020 …\"",
            "not found: the children's social care referral number",
        );
        fm.placeholder(
            "out_of_hours",
            "\"020 …\"",
            "not found: the out-of-hours number",
        );
        fm
    }

    fn table(&mut self, name: &'static str) {
        self.lines.push(Line::Blank);
        self.lines.push(Line::Table(name));
    }

    fn value(&mut self, key: &str, value: String, note: String, at: Option<usize>) {
        self.lines.push(Line::Value {
            key: key.into(),
            value,
            note,
            at,
        });
        self.filled += 1;
    }

    fn placeholder(&mut self, key: &str, example: &str, note: &str) {
        self.placeholder_at(key, example, note.to_string(), None);
    }

    fn placeholder_at(&mut self, key: &str, example: &str, note: String, at: Option<usize>) {
        self.lines.push(Line::Placeholder {
            key: key.into(),
            example: example.into(),
            note,
            at,
        });
        self.missing += 1;
    }

    /// The date the checks would use: the latest readable one, as `fresh` resolves it.
    fn date(&mut self, what: DateWhat, key: &str) {
        let facts: Vec<_> = self
            .doc
            .facts
            .dates
            .iter()
            .filter(|d| d.what == what)
            .collect();
        let best = facts
            .iter()
            .filter_map(|d| d.value.as_ref().ok().map(|r| (r.end, *d)))
            .max_by_key(|(end, _)| *end)
            .map(|(_, d)| d)
            .or_else(|| facts.first().copied());
        let Some(d) = best else {
            self.placeholder(
                key,
                "YYYY-MM-DD",
                &format!("not found: the {}", what.describe()),
            );
            return;
        };
        let found = format!("\u{201c}{}\u{201d}", d.text.trim());
        match &d.value {
            Ok(r) if r.is_exact() => {
                let shape = if self.doc.outline.blocks[d.block].kind == BlockKind::TableRow {
                    "in a table"
                } else {
                    "in the text"
                };
                self.value(
                    key,
                    r.start.to_string(),
                    format!("{found}, {shape}"),
                    Some(d.span.start),
                );
            }
            Ok(_) => self.placeholder_at(
                key,
                "YYYY-MM-DD",
                format!(
                    "the text gives the {} as {found}, which is not an exact day",
                    what.describe()
                ),
                Some(d.span.start),
            ),
            Err(_) => self.placeholder_at(
                key,
                "YYYY-MM-DD",
                format!(
                    "the text gives the {} as {found}, which is not a date policylint can read",
                    what.describe()
                ),
                Some(d.span.start),
            ),
        }
    }

    fn role(&mut self, role: Role, wanted: bool) {
        let facts: Vec<&RoleFact> = self
            .doc
            .facts
            .roles
            .iter()
            .filter(|f| f.role == role)
            .collect();
        // one entry per distinct person, named exactly as the text names them
        let mut people: Vec<(&RoleFact, String)> = Vec::new();
        let mut unusable = false;
        for f in &facts {
            let Some(n) = &f.name else { continue };
            match parse_person(&n.text) {
                Ok(p) if same_person(&p, n) => {
                    if !people.iter().any(|(g, _)| {
                        g.name.as_ref().is_some_and(|m| same_person(m, n)) && g.site == f.site
                    }) {
                        let mut t = format!("name = {}", quote(&n.text));
                        if let Some(site) = &f.site {
                            t.push_str(&format!(", site = {}", quote(site)));
                        }
                        people.push((f, format!("{{ {t} }}")));
                    }
                }
                _ => unusable = true,
            }
        }
        let key = role.key();
        if unusable || (people.is_empty() && !wanted && facts.is_empty()) {
            if unusable {
                self.placeholder(
                    key,
                    "{ name = \"…\" }",
                    &format!("the {} is named in the text in a form that cannot be copied here: write the name", role.label()),
                );
            }
            return;
        }
        if people.is_empty() {
            match facts.iter().find(|f| f.name.is_none()) {
                Some(slot) => {
                    let why = slot
                        .missing
                        .as_ref()
                        .map_or_else(|| "is blank".to_string(), |m| m.describe());
                    let note = format!("not named: the {} entry {why}", slot.shape.describe());
                    self.placeholder_at(key, "{ name = \"…\" }", note, Some(slot.label.start));
                }
                None => self.placeholder(
                    key,
                    "{ name = \"…\" }",
                    &format!("not found: add the {}", role.label()),
                ),
            }
            return;
        }
        let mut shapes: BTreeMap<&str, ()> = BTreeMap::new();
        for (f, _) in &people {
            shapes.insert(f.shape.describe(), ());
        }
        let first = people[0].0;
        let at = first.name_span.clone().unwrap_or(first.label.clone()).start;
        let from = shapes.keys().copied().collect::<Vec<_>>().join(" and ");
        let value = if people.len() == 1 {
            people[0].1.clone()
        } else {
            format!(
                "[{}]",
                people
                    .iter()
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.value(key, value, format!("from the {from}"), Some(at));
    }

    /// The front matter, with each note's line counted in the finished file.
    pub fn render(&self) -> String {
        // the body starts after the front matter and one blank line
        let fm_lines = self.lines.len() + 2;
        let body_offset = fm_lines + 1;
        let mut out = String::from("+++\n");
        for l in &self.lines {
            match l {
                Line::Blank => out.push('\n'),
                Line::Comment(c) => out.push_str(&format!("# {c}\n")),
                Line::Table(t) => out.push_str(&format!("[{t}]\n")),
                Line::Value {
                    key,
                    value,
                    note,
                    at,
                } => {
                    let place = at.map(|o| self.place(o, body_offset)).unwrap_or_default();
                    out.push_str(&format!("{key} = {value}  # {note}{place}\n"));
                }
                Line::Placeholder {
                    key,
                    example,
                    note,
                    at,
                } => {
                    let place = at.map(|o| self.place(o, body_offset)).unwrap_or_default();
                    out.push_str(&format!("# {key} = {example}  # {note}{place}\n"));
                }
            }
        }
        out.push_str("+++\n");
        debug_assert_eq!(out.lines().count(), fm_lines);
        out
    }

    /// ", line 12 (in Word: Roles › table 1, row 2)".
    fn place(&self, offset: usize, body_offset: usize) -> String {
        let line = self.doc.source.line_col(offset).line + body_offset;
        match self.doc.source.word_place(offset) {
            Some(w) => format!(", line {line} (in Word: {w})"),
            None => format!(", line {line}"),
        }
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The title: the first real heading (the Word Title or first Heading 1).
fn title(doc: &Document) -> Option<(String, usize)> {
    let h = doc
        .outline
        .headings
        .iter()
        .find(|h| !h.pseudo)
        .or_else(|| doc.outline.headings.first())?;
    let t = h.text.trim();
    (!t.is_empty()).then(|| (t.to_string(), h.span.start))
}

const ORG_NOUNS: &[&str] = &[
    "school",
    "academy",
    "college",
    "nursery",
    "pre-school",
    "preschool",
    "federation",
    "playgroup",
    "kindergarten",
    "infants",
    "juniors",
];

const CONNECTORS: &[&str] = &[
    "of", "and", "&", "the", "upon", "on", "in", "de", "la", "le",
];

const TITLE_WORDS: &[&str] = &[
    "policy",
    "policies",
    "procedure",
    "procedures",
    "guidance",
    "safety",
    "online",
    "e-safety",
    "safeguarding",
    "statement",
    "acceptable",
    "use",
    "protection",
    "child",
];

/// The organisation's name: a run of capitalised words ending in "School", "Academy",
/// "Nursery" and the like, in the page header, the headings or the opening paragraphs.
fn organisation_name(doc: &Document) -> Option<(String, usize)> {
    let mut candidates: Vec<&crate::document::Block> = Vec::new();
    let headings: Vec<_> = doc
        .outline
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .take(6)
        .collect();
    let opening: Vec<_> = doc.outline.blocks.iter().take(12).collect();
    let in_header = |b: &crate::document::Block| {
        doc.source
            .word
            .as_ref()
            .and_then(|w| w.at(b.span.start))
            .is_some_and(|p| *p == super::WordPlace::Header)
    };
    candidates.extend(doc.outline.blocks.iter().filter(|b| in_header(b)));
    candidates.extend(opening.iter().filter(|b| b.section.is_none()));
    candidates.extend(headings);
    candidates.extend(opening);
    for b in candidates {
        if let Some((name, at)) = name_in(&b.plain) {
            return Some((name, b.to_file(at)));
        }
    }
    None
}

fn name_in(text: &str) -> Option<(String, usize)> {
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    for (i, (_, w)) in words.iter().enumerate() {
        let bare = w.trim_end_matches([',', '.', ':', ';', ')', '’', '\'']);
        let lower = bare.to_lowercase();
        if !ORG_NOUNS.contains(&lower.as_str()) || !bare.starts_with(char::is_uppercase) {
            continue;
        }
        let mut start = i;
        while start > 0 {
            let prev = words[start - 1].1;
            let pl = prev.to_lowercase();
            let capital = prev.starts_with(|c: char| c.is_uppercase());
            if prev.ends_with([',', ':', ';', '–', '—']) || matches!(prev, "-" | "–" | "—" | "|")
            {
                break;
            }
            if TITLE_WORDS.contains(&pl.as_str()) {
                break;
            }
            if capital || CONNECTORS.contains(&pl.as_str()) {
                start -= 1;
            } else {
                break;
            }
        }
        while start < i && CONNECTORS.contains(&words[start].1.to_lowercase().as_str()) {
            start += 1;
        }
        if start == i {
            continue;
        }
        let from = words[start].0;
        let end = words[i].0 + bare.len();
        return Some((text[from..end].to_string(), from));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_names_in_titles_and_headers() {
        let n = |t: &str| name_in(t).map(|(n, _)| n);
        assert_eq!(
            n("St Aldhelm's CE Primary School").as_deref(),
            Some("St Aldhelm's CE Primary School")
        );
        assert_eq!(
            n("Online Safety Policy – Riverside Academy").as_deref(),
            Some("Riverside Academy")
        );
        assert_eq!(
            n("Online Safety Policy Little Acorns Pre-School").as_deref(),
            Some("Little Acorns Pre-School")
        );
        assert_eq!(
            n("The Federation of Ham and Petersham Schools"),
            None,
            "a plural is not matched"
        );
        assert_eq!(n("All staff at the school must"), None);
    }
}
