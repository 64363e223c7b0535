//! The [`Document`]: everything the checks read about one policy, built once per file and
//! only read afterwards.

pub mod authoring;
pub mod denial;
pub mod front_matter;
pub mod markdown;
pub mod reported;
pub mod sentences;
pub mod status;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::error::Problem;
use crate::evidence::roles::{LabelHit, labels_and_match};
use crate::evidence::{Facts, KindGuess, Role};
use crate::phrases::Hit;
use crate::source::{SourceFile, Span};

pub use front_matter::{FmKind, FmValue, FrontMatter};
pub use markdown::{Block, BlockKind, Cell, Comment, Heading, Link, Outline, Row, Section, Table};

/// A loaded policy.
#[derive(Debug)]
pub struct Document {
    pub source: SourceFile,
    pub front_matter: Option<FrontMatter>,
    pub outline: Outline,
    /// All block texts joined by `\n`, searched once for every phrase of every check.
    pub search_text: String,
    /// [`Document::search_text`] with its ASCII letters in lowercase (every offset the
    /// same), made once for the searches of words in any case (negation cues, date labels).
    pub lowered_text: String,
    /// Offset of each block's text in [`Document::search_text`].
    pub block_starts: Vec<usize>,
    /// Named people, dates and editions found in the text.
    pub facts: Facts,
    /// The sentences of each block, in block order.
    pub sentences: Vec<sentences::Sentences>,
    /// Whether any sentence reports what guidance says (see [`reported`]).
    pub has_reported_guidance: bool,
    /// Whether any clause is undecided (see [`sentences::Sentences::clause_undecided`]).
    pub has_undecided: bool,
    /// Number of words of prose outside headings (0 means there is nothing to check).
    pub word_count: usize,
    /// The role labels ("DSL", "Prevent lead") in each block, found when first asked for:
    /// several checks look for them, and the search is costly enough to do once. With them,
    /// whether the labels' expression matched at all (see [`Document::role_label_matched`]).
    role_labels: OnceLock<Vec<(bool, Vec<LabelHit>)>>,
    /// The kind of organisation the text suggests, worked out when first asked for: a
    /// policy whose front matter (or a flag) says its kind never needs it.
    kind_guess: OnceLock<Option<KindGuess>>,
    /// Where each role is referred to (see [`Document::role_hits`]), by [`Role::ALL`] order.
    role_hits: [OnceLock<Vec<Hit>>; Role::ALL.len()],
    /// Of each section, whether it or a section it is in is a reference section (see
    /// [`Document::in_reference_section`]), worked out when first asked for; `None` when
    /// the policy has none.
    reference_sections: OnceLock<Option<Vec<bool>>>,
}

/// Limits that keep hostile input from hanging a run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest a Markdown parse may take before the file is reported and skipped.
    pub parse_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            parse_timeout: Duration::from_secs(10),
        }
    }
}

/// `extra` texts, then every Markdown file of the repository's fixtures, examples and model
/// policies that reads as UTF-8 (a few fixtures deliberately do not), each built as a
/// document where it builds: for tests that compare two readings over all of them.
#[cfg(test)]
pub(crate) fn documents_in_repository(extra: &[&str]) -> Vec<Document> {
    let mut texts: Vec<String> = extra.iter().map(|t| t.to_string()).collect();
    texts.extend(
        crate::phrases::markdown_in_repository()
            .into_iter()
            .filter_map(|path| std::fs::read_to_string(path).ok()),
    );
    texts
        .iter()
        .filter_map(|text| {
            Document::build(
                SourceFile::new("p.md", text.as_str(), false),
                Limits::default(),
            )
            .ok()
        })
        .collect()
}

impl Document {
    /// Build the document for a decoded file.
    pub fn build(source: SourceFile, limits: Limits) -> Result<Document, Problem> {
        let front_matter = front_matter::parse(&source)?;
        let markdown = match &front_matter {
            Some(fm) => front_matter::blank_out(&source.text, &fm.block),
            None => source.text.clone(),
        };
        let deadline = Instant::now() + limits.parse_timeout;
        let outline = markdown::build(&source, &markdown, &|| Instant::now() >= deadline)
            .map_err(|_| {
                Problem::new(
                    "load::parse-timeout",
                    &source.path,
                    format!(
                        "reading the Markdown took longer than {} seconds, so this file was skipped",
                        limits.parse_timeout.as_secs()
                    ),
                )
                .with_help("the file may be damaged or deliberately pathological (for example thousands of nested lists); check it opens normally")
            })?;
        let mut search_text = String::with_capacity(source.text.len());
        let mut block_starts = Vec::with_capacity(outline.blocks.len());
        let mut word_count = 0;
        // words of each block's text (not headings' or link addresses'), for the headings
        // check below
        let mut block_words = Vec::with_capacity(outline.blocks.len());
        for b in &outline.blocks {
            block_starts.push(search_text.len());
            search_text.push_str(&b.plain);
            search_text.push('\n');
            let words = if matches!(b.kind, BlockKind::Heading | BlockKind::LinkTarget) {
                0
            } else {
                b.plain.split_whitespace().count()
            };
            word_count += words;
            block_words.push(words);
        }
        let lowered_text = search_text.to_ascii_lowercase();
        let mut doc = Document {
            source,
            front_matter,
            outline,
            search_text,
            lowered_text,
            block_starts,
            facts: Facts::default(),
            sentences: Vec::new(),
            has_reported_guidance: false,
            has_undecided: false,
            word_count,
            role_labels: OnceLock::new(),
            kind_guess: OnceLock::new(),
            reference_sections: OnceLock::new(),
            role_hits: Default::default(),
        };
        // the negation and denial cues of every block found in one pass over the joined text
        let cues = sentences::cue_starts(&doc.lowered_text);
        let denial_cues = denial::cue_starts(&doc.lowered_text);
        let mut next_cue = 0;
        let mut next_denial = 0;
        doc.sentences = doc
            .outline
            .blocks
            .iter()
            .zip(&doc.block_starts)
            .map(|(b, &start)| {
                let first = next_cue;
                let end = start + b.plain.len();
                while cues.get(next_cue).is_some_and(|&(c, _)| c < end) {
                    next_cue += 1;
                }
                let in_block = cues[first..next_cue].iter().map(|&(c, u)| (c - start, u));
                let first = next_denial;
                while denial_cues.get(next_denial).is_some_and(|&(c, _)| c < end) {
                    next_denial += 1;
                }
                let denials = denial_cues[first..next_denial]
                    .iter()
                    .map(|&(c, cue)| (c - start, cue));
                let lowered = &doc.lowered_text[start..end];
                let mut s = sentences::Sentences::with_cues(&b.plain, lowered, in_block, denials);
                if b.unticked {
                    s.mark_all_undecided();
                }
                s.answered_no = status::lines_answered_no(b, &s.ends);
                s
            })
            .collect();
        for row in status::rows_answered_no(&doc.outline) {
            let len = doc.outline.blocks[row].plain.len() as u32;
            doc.sentences[row].answered_no = vec![(0, len)];
        }
        doc.has_reported_guidance = doc.sentences.iter().any(|s| !s.reported.is_empty());
        doc.mark_notes_to_the_author();
        doc.mark_bare_headings(&block_words);
        doc.has_undecided = doc
            .sentences
            .iter()
            .any(sentences::Sentences::has_undecided);
        doc.facts = crate::evidence::find(&doc);
        Ok(doc)
    }

    /// Notes to whoever fills in a template (see [`authoring`]) say nothing yet: a block
    /// opening "Guidance note" or "Example wording" (and, under such a heading, its whole
    /// section), a sentence telling the author what to write ("Insert here how your
    /// school…"), or one with a mark of such a note ("(delete before publishing)").
    fn mark_notes_to_the_author(&mut self) {
        let marks = authoring::note_marks(&self.lowered_text);
        let mut next_mark = 0;
        let mut section_end = 0;
        for (i, b) in self.outline.blocks.iter().enumerate() {
            let start = self.block_starts[i];
            let end = start + b.plain.len();
            let lowered = &self.lowered_text[start..end];
            let sentences = &mut self.sentences[i];
            let first = next_mark;
            while marks.get(next_mark).is_some_and(|&at| at < end) {
                next_mark += 1;
            }
            let in_block = marks[first..next_mark].iter().map(|&at| at - start);
            if b.span.start < section_end || authoring::is_note_block(lowered) {
                sentences.mark_all_undecided();
                sentences.note = true;
                if b.kind == BlockKind::Heading
                    && b.span.start >= section_end
                    && let Some(section) = b.section
                {
                    let section = &self.outline.sections[section];
                    // a bold title running on into its paragraph ("**Guidance note:** say
                    // here…") is a note only to the end of that paragraph's text
                    section_end = match self.outline.headings[section.heading].run_in {
                        Some(resumes) => self.outline.blocks[i + 1..]
                            .iter()
                            .find(|next| next.span.end > resumes)
                            .map_or(resumes, |next| next.span.end),
                        None => section.span.end,
                    };
                }
                continue;
            }
            if b.kind != BlockKind::LinkTarget {
                authoring::mark_instructions(lowered, sentences, in_block);
            }
        }
    }

    /// A heading that states a requirement ("## Filtering is reviewed at least annually")
    /// says it only if the text under it goes on to. Under a heading with fewer than
    /// [`FEWEST_WORDS_UNDER_A_HEADING`] words below it that say anything ("To be
    /// completed.", "See the log.", or nothing), the heading is a title waiting for text:
    /// its words are read as undecided.
    fn mark_bare_headings(&mut self, block_words: &[usize]) {
        let blocks = &self.outline.blocks;
        // words said by the blocks before each one, counting no block all of whose
        // clauses are negated
        let mut said_before = Vec::with_capacity(blocks.len() + 1);
        let mut total = 0;
        said_before.push(0);
        for (words, sentences) in block_words.iter().zip(&self.sentences) {
            if !sentences.clause_negated.iter().all(|&n| n) {
                total += words;
            }
            said_before.push(total);
        }
        for (i, b) in blocks.iter().enumerate() {
            if b.kind != BlockKind::Heading {
                continue;
            }
            let Some(section) = b.section else { continue };
            let end = self.outline.sections[section].span.end;
            let after = i + 1 + blocks[i + 1..].partition_point(|x| x.span.start < end);
            if said_before[after] - said_before[i + 1] < FEWEST_WORDS_UNDER_A_HEADING {
                self.sentences[i].mark_all_undecided();
            }
        }
    }

    /// The kind of organisation the text suggests, and the words that suggest it.
    pub fn kind_guess(&self) -> Option<&KindGuess> {
        self.kind_guess
            .get_or_init(|| crate::evidence::kind::find(self))
            .as_ref()
    }

    /// Where a role is referred to, worked out by `find` the first time any check asks:
    /// many checks ask the same of one document.
    /// Whether block `block` is in a section that cites or defines rather than says what the
    /// organisation does: "Legislation and guidance", "References", "Glossary", "Key terms".
    /// Such text ("KCSIE says all staff are trained at induction") is no evidence that it is
    /// done.
    pub fn in_reference_section(&self, block: usize) -> bool {
        let Some(flags) = self.reference_flags() else {
            return false;
        };
        self.outline.blocks[block]
            .section
            .is_some_and(|s| flags.get(s).copied().unwrap_or(false))
    }

    /// Whether the policy has a reference section at all.
    pub fn has_reference_sections(&self) -> bool {
        self.reference_flags().is_some()
    }

    fn reference_flags(&self) -> Option<&[bool]> {
        self.reference_sections
            .get_or_init(|| {
                let sections = &self.outline.sections;
                let mut flags = vec![false; sections.len()];
                // a section comes after the section it is in
                for (i, s) in sections.iter().enumerate() {
                    flags[i] = is_reference_heading(&self.outline.headings[s.heading].normalized)
                        || s.parent.is_some_and(|p| p < i && flags[p]);
                }
                flags.contains(&true).then_some(flags)
            })
            .as_deref()
    }

    pub fn role_hits(&self, role: Role, find: impl FnOnce() -> Vec<Hit>) -> &[Hit] {
        let at = Role::ALL.iter().position(|r| *r == role).unwrap_or(0);
        self.role_hits[at].get_or_init(find)
    }

    /// The role labels in block `block`'s text, left to right.
    pub fn role_labels(&self, block: usize) -> &[LabelHit] {
        self.labels_of(block)
            .map_or(&[], |(_, labels)| labels.as_slice())
    }

    /// Whether the role labels' expression matches anywhere in block `block`'s text, even
    /// where the match is then set aside ("education welfare officer"): as
    /// `labels_and_match`, without searching the block again.
    pub fn role_label_matched(&self, block: usize) -> bool {
        self.labels_of(block).is_some_and(|(matched, _)| *matched)
    }

    fn labels_of(&self, block: usize) -> Option<&(bool, Vec<LabelHit>)> {
        let all = self.role_labels.get_or_init(|| {
            self.outline
                .blocks
                .iter()
                .map(|b| labels_and_match(&b.plain))
                .collect()
        });
        all.get(block)
    }

    /// Only the outline of a file (headings, sections, blocks), without the evidence and
    /// sentences a check needs: for reading a model policy's sections. `None` when the front
    /// matter cannot be read or the parse runs out of time.
    pub fn outline_only(source: &SourceFile, limits: Limits) -> Option<Outline> {
        let fm = front_matter::parse(source).ok()?;
        let text = match &fm {
            Some(fm) => front_matter::blank_out(&source.text, &fm.block),
            None => source.text.clone(),
        };
        let deadline = Instant::now() + limits.parse_timeout;
        markdown::build(source, &text, &|| Instant::now() >= deadline).ok()
    }

    /// The block holding a search-text offset, and the offset within that block.
    pub fn locate(&self, search_offset: usize) -> (usize, usize) {
        let i = self
            .block_starts
            .partition_point(|&s| s <= search_offset)
            .saturating_sub(1);
        (i, search_offset - self.block_starts[i])
    }

    /// Front-matter value at a dotted path, if the file has front matter.
    pub fn fm(&self, path: &str) -> Option<&FmValue> {
        self.front_matter.as_ref()?.root.lookup(path)
    }

    /// Where a finding about a missing front-matter key belongs: the nearest existing table
    /// header on the path, or the opening `+++`.
    pub fn fm_anchor(&self, path: &str) -> Option<Span> {
        let fm = self.front_matter.as_ref()?;
        let mut best = fm.opening.clone();
        let mut node = &fm.root;
        for seg in path.split('.') {
            match node.get(seg) {
                Some(v) => {
                    best = v.key_span.clone().unwrap_or(v.span.clone());
                    node = v;
                }
                None => break,
            }
        }
        Some(best)
    }

    /// Where text that is missing altogether should go: the start of the policy's body.
    pub fn body_start_span(&self) -> Span {
        let start = self.front_matter.as_ref().map(|f| f.block.end).unwrap_or(0);
        // Point at the first heading or block after the front matter, if any.
        let at = self
            .outline
            .blocks
            .first()
            .map(|b| b.span.start)
            .unwrap_or(start)
            .max(start);
        let at = self.source.floor_char_boundary(at);
        let line = self.source.line_index(at);
        let span = self.source.line_span(line);
        if span.start >= start { span } else { at..at }
    }

    /// The heading of a section, as written.
    pub fn section_title(&self, section: usize) -> &str {
        &self.outline.headings[self.outline.sections[section].heading].text
    }

    /// The line (1-based) and its trimmed text for a file offset: evidence for reports.
    pub fn evidence_line(&self, offset: usize) -> (usize, String) {
        let i = self
            .source
            .line_index(self.source.floor_char_boundary(offset));
        (i + 1, self.source.line_text(i).trim().to_string())
    }
}

/// A heading made only of the words of reference sections, with at least one that names one:
/// "Legislation and guidance", "Relevant legislation", "Glossary of terms", "Key terms",
/// "References and further reading". Not "Guidance for staff", "Related policies and
/// legislation" or "Definitions and scope", which say what the organisation does.
fn is_reference_heading(normalized: &str) -> bool {
    is_superseded_heading(normalized) || cites_or_defines(normalized)
}

/// Whether a heading (normalised) says its section is an earlier policy kept for the record:
/// "Appendix: previous policy (2019, superseded)", "Archived version". What it says is not
/// what the organisation does now.
pub fn is_superseded_heading(normalized: &str) -> bool {
    const SUPERSEDED: &[&str] = &["superseded", "obsolete", "archived"];
    const EARLIER: &[&str] = &[
        "previous version",
        "previous policy",
        "old version",
        "old policy",
        "former policy",
        "earlier version",
        "out of date version",
    ];
    normalized.split(' ').any(|w| SUPERSEDED.contains(&w))
        || EARLIER.iter().any(|e| normalized.contains(e))
}

/// Whether a heading (normalised) names a section that cites or defines: "Legislation and
/// guidance", "Glossary".
fn cites_or_defines(normalized: &str) -> bool {
    // headings are normalised to lowercase singular words, "&" to "and"
    const NAMES: &[&str] = &[
        "legislation",
        "reference",
        "bibliography",
        "glossary",
        "definition",
        "term",
        "terminology",
        "acronym",
        "abbreviation",
        "reading",
        "framework",
    ];
    const OTHERS: &[&str] = &[
        "and",
        "of",
        "the",
        "guidance",
        "statutory",
        "relevant",
        "key",
        "further",
        "legal",
        "national",
        "local",
        "government",
        "law",
        "used",
        "source",
        "document",
        "useful",
    ];
    // a group's "Terms of reference" say what it does
    if normalized.contains("term of reference") {
        return false;
    }
    let mut named = false;
    for word in normalized.split(' ').filter(|w| !w.is_empty()) {
        if NAMES.contains(&word) {
            named = true;
        } else if !OTHERS.contains(&word) {
            return false;
        }
    }
    named
}

/// See [`Document::mark_bare_headings`]: "Please see the training log for details." has
/// eight words and still says little, but a real passage under a heading has more.
const FEWEST_WORDS_UNDER_A_HEADING: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::markdown::normalize_heading;

    fn doc_of(text: &str) -> Document {
        Document::build(
            crate::source::SourceFile::new("p.md", text, false),
            Limits::default(),
        )
        .unwrap()
    }

    /// Whether the words (the first place they occur) are read as undecided.
    fn undecided_at(doc: &Document, words: &str) -> bool {
        let (b, at) = doc
            .outline
            .blocks
            .iter()
            .enumerate()
            .find_map(|(i, b)| b.plain.find(words).map(|at| (i, at)))
            .unwrap();
        doc.sentences[b].is_undecided(at)
    }

    /// A task-list item not ticked is a to-do or an unanswered question: every clause of it
    /// is read as undecided. A ticked one, and an ordinary list item, say what is done.
    #[test]
    fn unticked_task_items_are_undecided() {
        let text = "# Checklist\n\n- [ ] Filtering is reviewed annually.\n  More on it.\n- [x] Staff are trained.\n- Pupils are taught.\n";
        let doc = doc_of(text);
        let undecided = |words: &str| undecided_at(&doc, words);
        assert!(undecided("Filtering is reviewed"));
        assert!(undecided("More on it"));
        assert!(!undecided("Staff are trained"));
        assert!(!undecided("Pupils are taught"));
    }

    /// A heading's words count when text goes on under it (in its subsections too), not
    /// when only a placeholder or nothing does.
    #[test]
    fn headings_with_nothing_under_them_are_undecided() {
        let text = "# Online safety policy\n\n## Filtering is reviewed annually\n\nTo be completed.\n\n## Training at induction\n\n### New staff\n\nEvery new member of staff has online safety training in their first week.\n\n## Monitoring is reviewed annually\n\n- [ ] We review monitoring each July with the DSL and the provider.\n";
        let doc = doc_of(text);
        let undecided = |heading: &str| undecided_at(&doc, heading);
        assert!(undecided("Filtering is reviewed annually"));
        assert!(!undecided("Training at induction"));
        assert!(!undecided("New staff"));
        assert!(!undecided("Online safety policy"));
        // an unticked item says nothing yet
        assert!(undecided("Monitoring is reviewed annually"));
    }

    #[test]
    fn reference_headings_are_those_that_cite_or_define() {
        for h in [
            "3. Legislation and guidance",
            "Relevant legislation",
            "Legislation & statutory guidance",
            "References and further reading",
            "Glossary of terms",
            "Key terms",
            "Legal framework",
            "Bibliography",
            "Appendix: previous policy (2019, superseded)",
            "Archived version",
            "Old policy – kept for the record",
        ] {
            assert!(is_reference_heading(&normalize_heading(h)), "{h}");
        }
        for h in [
            "Guidance for staff",
            "Related policies and legislation",
            "Definitions and scope",
            "Training",
            "Useful links",
            "Reading the policy",
            "Online safety group: terms of reference",
            "Terms of Reference",
            "Previous concerns about a pupil",
            "Old devices and disposal",
        ] {
            assert!(!is_reference_heading(&normalize_heading(h)), "{h}");
        }
    }

    #[test]
    fn a_block_under_a_reference_heading_is_in_a_reference_section() {
        let doc = Document::build(
            SourceFile::new(
                "p.md",
                "# Policy\n\nIntro.\n\n## Legislation and guidance\n\nKCSIE says staff are trained.\n\n### Further detail\n\nMore.\n\n## Training\n\nStaff are trained.\n",
                false,
            ),
            Limits::default(),
        )
        .unwrap();
        let flags: Vec<bool> = (0..doc.outline.blocks.len())
            .filter(|&b| doc.outline.blocks[b].kind != BlockKind::Heading)
            .map(|b| doc.in_reference_section(b))
            .collect();
        assert_eq!(flags, vec![false, true, true, false]);
        assert!(doc.has_reference_sections());
    }
}
