//! Check kinds: the code behind the checks. A pack's check names a kind and gives it
//! settings; [`compile`] turns those settings into a [`Compiled`] rule once per run, and
//! [`Compiled::eval`] runs it against one document.
//!
//! One file per kind. Each kind reads the [`Document`] (built once) and the phrase hits
//! (found once), never the raw text again.

mod combine;
mod consistency;
mod edition;
mod field;
mod fresh;
pub use fresh::long_date;
mod front_matter;
mod headings;
mod mentions;
mod residue;
mod role;
mod section;
mod stale;

use jiff::civil::Date;

use crate::document::markdown::normalize_words;
use crate::document::{Document, Heading};
use crate::org::OrgKind;
use crate::packs::{CheckDef, Registry, RuleSpec};
use crate::phrases::{Hit, Hits, PhraseBuilder, PhraseIndex};
use crate::result::{Evidence, Fix, Severity};
use crate::schema::SchemaIssue;
use crate::source::Span;

/// What a rule needs to evaluate one document.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub hits: &'a Hits,
    pub phrases: &'a PhraseIndex,
    pub today: Date,
    pub kind: OrgKind,
    pub registry: &'a Registry,
    pub schema_issues: &'a [SchemaIssue],
    pub check: &'a CheckDef,
}

/// The result of one rule: passed or not, why, and where.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub passed: bool,
    pub message: String,
    pub help: Option<String>,
    pub span: Option<Span>,
    pub evidence: Vec<Evidence>,
    pub labels: Vec<(Span, String)>,
    pub fix: Option<Fix>,
    /// Overrides the check's severity (an edition two years behind is an error).
    pub severity: Option<Severity>,
    /// Said once after the message, however many of a check's rules make it: "(“Legislation
    /// and guidance” has words for this, but …)".
    pub remark: Option<String>,
}

impl Outcome {
    pub fn pass(message: impl Into<String>, evidence: Vec<Evidence>) -> Outcome {
        let span = evidence.first().map(|e| e.span.clone());
        Outcome {
            passed: true,
            message: message.into(),
            span,
            evidence,
            ..Outcome::default()
        }
    }

    pub fn fail(message: impl Into<String>, span: Option<Span>) -> Outcome {
        Outcome {
            passed: false,
            message: message.into(),
            span,
            ..Outcome::default()
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, label: impl Into<String>) -> Self {
        self.labels.push((span, label.into()));
        self
    }
}

/// A compiled rule.
#[derive(Debug)]
pub enum Compiled {
    Field(field::Field),
    Fresh(fresh::Fresh),
    Section(section::SectionRule),
    Mentions(mentions::Mentions),
    Role(role::RoleRule),
    Stale(stale::Stale),
    Residue(residue::Residue),
    Consistency(consistency::Consistency),
    Edition(edition::EditionRule),
    FrontMatter(front_matter::FrontMatterRule),
    PseudoHeading(headings::PseudoHeading),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Not(Box<Compiled>, String),
}

/// Compile a rule, registering its phrases. Errors say what is wrong in the pack's terms.
pub fn compile(spec: &RuleSpec, phrases: &mut PhraseBuilder) -> Result<Compiled, String> {
    Ok(match spec {
        RuleSpec::Field { path, form } => Compiled::Field(field::Field::compile(path, *form)?),
        RuleSpec::Fresh { .. } => Compiled::Fresh(fresh::Fresh::compile(spec)?),
        RuleSpec::Section { aliases, min_words } => {
            Compiled::Section(section::SectionRule::compile(aliases, *min_words)?)
        }
        RuleSpec::Mentions { .. } => {
            Compiled::Mentions(mentions::Mentions::compile(spec, phrases)?)
        }
        RuleSpec::Role { role, also } => Compiled::Role(role::RoleRule::compile(role, also)?),
        RuleSpec::Stale { .. } => Compiled::Stale(stale::Stale::compile(spec, phrases)?),
        RuleSpec::Residue {
            phrases: p,
            empty_role_slots,
        } => Compiled::Residue(residue::Residue::compile(p, *empty_role_slots, phrases)?),
        RuleSpec::Consistency { role } => {
            Compiled::Consistency(consistency::Consistency::compile(role)?)
        }
        RuleSpec::Edition { mode } => Compiled::Edition(edition::EditionRule { mode: *mode }),
        RuleSpec::FrontMatter { unknown_keys } => {
            Compiled::FrontMatter(front_matter::FrontMatterRule {
                unknown_keys: *unknown_keys,
            })
        }
        RuleSpec::PseudoHeading {} => Compiled::PseudoHeading(headings::PseudoHeading),
        RuleSpec::All { rules } => Compiled::All(compile_all(rules, phrases)?),
        RuleSpec::Any { rules } => Compiled::Any(compile_all(rules, phrases)?),
        RuleSpec::Not { rule, message } => {
            Compiled::Not(Box::new(compile(rule, phrases)?), message.clone())
        }
    })
}

fn compile_all(rules: &[RuleSpec], phrases: &mut PhraseBuilder) -> Result<Vec<Compiled>, String> {
    rules.iter().map(|r| compile(r, phrases)).collect()
}

impl Compiled {
    /// Evaluate against one document. Always at least one outcome; several when a check
    /// finds several separate problems (each stale term, each schema error).
    pub fn eval(&self, ctx: &Ctx<'_>) -> Vec<Outcome> {
        match self {
            Compiled::Field(r) => vec![r.eval(ctx)],
            Compiled::Fresh(r) => vec![r.eval(ctx)],
            Compiled::Section(r) => vec![r.eval(ctx)],
            Compiled::Mentions(r) => vec![r.eval(ctx)],
            Compiled::Role(r) => vec![r.eval(ctx)],
            Compiled::Stale(r) => r.eval(ctx),
            Compiled::Residue(r) => r.eval(ctx),
            Compiled::Consistency(r) => vec![r.eval(ctx)],
            Compiled::Edition(r) => vec![r.eval(ctx)],
            Compiled::FrontMatter(r) => r.eval(ctx),
            Compiled::PseudoHeading(r) => r.eval(ctx),
            Compiled::All(rules) => vec![combine::all(rules, ctx)],
            Compiled::Any(rules) => vec![combine::any(rules, ctx)],
            Compiled::Not(rule, message) => vec![combine::not(rule, message, ctx)],
        }
    }

    /// Whether this rule checks for the *absence* of something (a stale term, leftover
    /// template text), and so has nothing to say about a policy with no text at all.
    pub fn is_absence_rule(&self) -> bool {
        matches!(
            self,
            Compiled::Stale(_)
                | Compiled::Residue(_)
                | Compiled::Not(..)
                | Compiled::FrontMatter(_)
                | Compiled::PseudoHeading(_)
                | Compiled::Consistency(_)
        )
    }
}

/// Normalise section aliases for matching, refusing empty ones.
pub fn normalize_aliases(aliases: &[String]) -> Result<Vec<Vec<String>>, String> {
    aliases
        .iter()
        .map(|a| {
            let n = normalize_words(a);
            if n.is_empty() {
                Err(format!(
                    "the section name `{a}` has no words, so it could never match"
                ))
            } else {
                Ok(n.split(' ').map(str::to_string).collect())
            }
        })
        .collect()
}

/// Whether a heading's words contain an alias's words in order, side by side.
pub fn heading_matches(heading: &Heading, aliases: &[Vec<String>]) -> bool {
    // A policy's checks ask this of its headings hundreds of times: a heading's words are
    // gathered on the stack, unless it is unusually long.
    const ON_STACK: usize = 24;
    let mut stack = [""; ON_STACK];
    let mut count = 0;
    let mut long = Vec::new();
    for word in heading.normalized.split(' ') {
        if count < ON_STACK {
            stack[count] = word;
        } else {
            if long.is_empty() {
                long.extend_from_slice(&stack);
            }
            long.push(word);
        }
        count += 1;
    }
    let words: &[&str] = if count <= ON_STACK {
        &stack[..count]
    } else {
        &long
    };
    aliases.iter().any(|alias| {
        alias.len() <= words.len()
            && words
                .windows(alias.len())
                .any(|w| w.iter().zip(alias).all(|(a, b)| *a == b))
    })
}

/// Sections whose headings match any alias, in document order.
pub fn sections_matching(doc: &Document, aliases: &[Vec<String>]) -> Vec<usize> {
    doc.outline
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| heading_matches(&doc.outline.headings[s.heading], aliases))
        .map(|(i, _)| i)
        .collect()
}

impl Ctx<'_> {
    /// Where text that is missing should go: the first section named in the check's
    /// `anchor`, or the start of the policy.
    pub fn missing_span(&self) -> Span {
        if !self.check.anchor.is_empty()
            && let Ok(aliases) = normalize_aliases(&self.check.anchor)
            && let Some(&s) = sections_matching(self.doc, &aliases).first()
        {
            return self.doc.outline.headings[self.doc.outline.sections[s].heading]
                .span
                .clone();
        }
        self.doc.body_start_span()
    }

    /// The file span of a phrase hit.
    pub fn hit_span(&self, hit: &Hit) -> Span {
        let block = &self.doc.outline.blocks[hit.block as usize];
        block.span_of(hit.start as usize..hit.end as usize)
    }

    /// The text of a phrase hit as written.
    pub fn hit_text(&self, hit: &Hit) -> &str {
        let block = &self.doc.outline.blocks[hit.block as usize];
        &block.plain[hit.start as usize..hit.end as usize]
    }

    /// The policy's review date (front matter, then text), for rules that depend on it.
    pub fn review_date(&self) -> Option<Date> {
        fresh::resolve(self, crate::evidence::DateWhat::Reviewed)
            .and_then(|r| r.value.ok())
            .map(|r| r.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_matches_an_alias_whose_words_it_holds_in_a_row() {
        let heading = Heading {
            level: 2,
            span: 0..0,
            text: "4.2 Online safety lead".into(),
            normalized: "online safety lead".into(),
            numbering: Some("4.2".into()),
            pseudo: false,
            run_in: None,
        };
        let matches = |alias: &str| {
            heading_matches(&heading, &[alias.split(' ').map(str::to_string).collect()])
        };
        for alias in [
            "online safety lead",
            "online safety",
            "safety lead",
            "lead",
            "online",
        ] {
            assert!(matches(alias), "{alias}");
        }
        for alias in [
            "safety online",
            "online lead",
            "lead online",
            "lead x",
            "online safety lead x",
            "safe",
        ] {
            assert!(!matches(alias), "{alias}");
        }
    }

    /// Reading the heading word by word agrees with comparing every run of its words, for
    /// every alias of up to three words from a few, over headings with repeated words,
    /// doubled and edge spaces.
    #[test]
    fn heading_matches_agrees_with_comparing_every_run_of_words() {
        fn by_runs(normalized: &str, alias: &[String]) -> bool {
            let words: Vec<&str> = normalized.split(' ').collect();
            alias.len() <= words.len()
                && words
                    .windows(alias.len())
                    .any(|w| w.iter().zip(alias).all(|(a, b)| *a == b))
        }
        let vocabulary = ["ab", "a", "b", "xab"];
        let mut aliases: Vec<Vec<String>> = Vec::new();
        for len in 1..=3u32 {
            for n in 0..vocabulary.len().pow(len) {
                let mut rest = n;
                aliases.push(
                    (0..len)
                        .map(|_| {
                            let w = vocabulary[rest % vocabulary.len()].to_string();
                            rest /= vocabulary.len();
                            w
                        })
                        .collect(),
                );
            }
        }
        let (mut matched, mut compared) = (0, 0);
        for normalized in [
            "",
            "ab",
            "xab ab ab",
            "ab ab",
            "a  b",
            " ab",
            "ab ",
            "b a ab xab",
            "abab a b",
            // longer than the words kept on the stack, matching only at its end
            "a a a a a a a a a a a a a a a a a a a a a a a a a xab ab",
        ] {
            let heading = Heading {
                level: 2,
                span: 0..0,
                text: normalized.into(),
                normalized: normalized.into(),
                numbering: None,
                pseudo: false,
                run_in: None,
            };
            for alias in &aliases {
                let want = by_runs(normalized, alias);
                assert_eq!(
                    heading_matches(&heading, std::slice::from_ref(alias)),
                    want,
                    "{normalized:?} {alias:?}"
                );
                matched += usize::from(want);
                compared += 1;
            }
        }
        assert!(
            matched > 20 && compared == 10 * 84,
            "{matched} of {compared}"
        );
    }
}
