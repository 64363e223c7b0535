//! The shape of a rule pack file (`checks/*.toml`), as data. Validated first against
//! `checks/pack.schema.json` (so errors point into the file), then read into these types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::org::OrgKind;
use crate::result::{Area, Severity};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The guidance this pack encodes, e.g. "Keeping children safe in education".
    #[serde(default)]
    pub document: Option<String>,
    /// The edition year, for KCSIE packs.
    #[serde(default)]
    pub edition: Option<i16>,
    /// The first day the guidance applies (YYYY-MM-DD).
    #[serde(default)]
    pub in_force_from: Option<String>,
    /// The last day it applied, if replaced.
    #[serde(default)]
    pub in_force_until: Option<String>,
    /// A pack whose checks this one starts from.
    #[serde(default)]
    pub extends: Option<String>,
    /// Checks of the extended pack that this one drops.
    #[serde(default)]
    pub remove: Vec<String>,
    /// Checks an earlier pack in the `extends` chain removed, brought back as the nearest
    /// ancestor that still had them defined them.
    #[serde(default)]
    pub restore: Vec<String>,
    /// Kinds of organisation for which this pack is a default (by date for editions).
    #[serde(default)]
    pub default_for: Vec<OrgKind>,
    /// A safeguarding partnership id (`organisation.partnership`) this pack serves.
    #[serde(default)]
    pub partnership: Option<String>,
    /// Off by default: a consultation draft.
    #[serde(default)]
    pub draft: bool,
    /// Used by every run, whatever the selection (front-matter checks).
    #[serde(default)]
    pub always: bool,
    /// A base that other packs extend and that is not chosen on its own.
    #[serde(default)]
    pub base: bool,
    /// A family of packs (`kcsie`): the default picks one member by date.
    #[serde(default)]
    pub family: Option<String>,
}

/// Where a requirement comes from.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub document: String,
    #[serde(default)]
    pub edition: Option<String>,
    /// Section, part or annex, e.g. "Part two – Online safety".
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub paragraph: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// The paragraph number comes from a single secondary source and should be checked.
    #[serde(default)]
    pub verify: bool,
}

impl Source {
    /// "Keeping children safe in education 2025, Part two – Online safety, paragraph 135".
    pub fn cite(&self) -> String {
        let mut s = self.document.clone();
        if let Some(e) = &self.edition {
            s.push(' ');
            s.push_str(e);
        }
        if let Some(sec) = &self.section {
            s.push_str(", ");
            s.push_str(sec);
        }
        if let Some(p) = &self.paragraph {
            s.push_str(if p.contains(',') || p.contains('-') || p.contains('–') {
                ", paragraphs "
            } else {
                ", paragraph "
            });
            s.push_str(p);
            if self.verify {
                s.push_str(" (number to be verified)");
            }
        }
        s
    }
}

/// A check as written in a pack (after merging with the pack it extends).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    pub id: String,
    pub title: String,
    /// The requirement in one sentence.
    pub requirement: String,
    pub severity: Severity,
    pub applies_to: Vec<OrgKind>,
    pub area: Area,
    pub source: Source,
    /// Further sources, cited by name.
    #[serde(default)]
    pub also: Vec<String>,
    /// Why it matters, for a school reader.
    pub why: String,
    /// Wording that satisfies the check.
    pub example: String,
    /// Wording that does not, where it helps.
    #[serde(default)]
    pub counter_example: Option<String>,
    /// What to do when it fails, in one line.
    pub fix: String,
    /// How the requirement changed in this pack's edition.
    #[serde(default)]
    pub changes: Option<String>,
    /// Section headings where the missing text belongs (for locations and inserted fixes).
    #[serde(default)]
    pub anchor: Vec<String>,
    /// The heading of the template section holding model wording.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub severity_by_kind: BTreeMap<OrgKind, Severity>,
    /// When this rule fails, the check does not apply (with `applies_when_note` as the reason).
    #[serde(default)]
    pub applies_when: Option<RuleSpec>,
    #[serde(default)]
    pub applies_when_note: Option<String>,
    pub rule: RuleSpec,
}

/// The evidence rule of a check: a check kind and its settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RuleSpec {
    /// A front-matter value is present, not a placeholder, and of the right form.
    Field {
        path: String,
        #[serde(default)]
        form: FieldForm,
    },
    /// A dated event is recent enough, or a due date has not passed.
    Fresh {
        date: String,
        #[serde(default)]
        max_age_months: Option<u32>,
        #[serde(default)]
        not_past: bool,
        #[serde(default = "yes")]
        required: bool,
        #[serde(default)]
        cycle_from: Option<String>,
        #[serde(default)]
        max_cycle_months: Option<u32>,
        #[serde(default)]
        cycle_severity: Option<Severity>,
    },
    /// A section whose heading matches one of the aliases.
    Section {
        aliases: Vec<String>,
        #[serde(default = "default_min_words")]
        min_words: usize,
    },
    /// Groups of phrases occur, in a section or the whole policy, together where needed.
    Mentions {
        #[serde(default)]
        within: Vec<String>,
        groups: Vec<Vec<String>>,
        #[serde(default)]
        need: Need,
        #[serde(default)]
        at_least: Option<usize>,
        #[serde(default)]
        together: Together,
        #[serde(default = "yes")]
        reject_negated: bool,
        /// Leave out phrases in undecided clauses (questions, unfilled template choices,
        /// boxes not ticked), even where `reject_negated = false`. Off only for rules that
        /// look for unfilled template text itself.
        #[serde(default = "yes")]
        reject_undecided: bool,
        /// Count phrases in reference sections ("Legislation and guidance", "Glossary"),
        /// where a policy cites or defines things rather than says what it does.
        #[serde(default)]
        in_references: bool,
        /// Phrases that, in the same sentence, make the groups' phrases not count:
        /// "encouraged to" of "staff are encouraged to complete training", which asks for
        /// training without requiring it.
        #[serde(default)]
        weakened_by: Vec<String>,
        /// Say what was missing in these words instead of listing the phrases.
        #[serde(default)]
        missing: Option<String>,
    },
    /// A named person holds a role, from front matter or the text.
    Role {
        role: String,
        #[serde(default)]
        also: Vec<String>,
    },
    /// A superseded term, law, body or guidance title appears.
    Stale {
        phrases: Vec<String>,
        #[serde(default)]
        replacement: Option<String>,
        #[serde(default)]
        allow: Vec<String>,
        #[serde(default)]
        fix: FixMode,
        #[serde(default)]
        since: Option<String>,
        #[serde(default)]
        reviewed_after: Option<String>,
        #[serde(default)]
        unless: Vec<String>,
    },
    /// Unfilled template text and role rows with no name.
    Residue {
        #[serde(default)]
        phrases: Vec<String>,
        #[serde(default)]
        empty_role_slots: bool,
    },
    /// The front matter and the text agree about who holds a role.
    Consistency { role: String },
    /// The KCSIE edition the policy cites.
    Edition {
        #[serde(default)]
        mode: EditionMode,
    },
    /// The front matter follows its schema.
    FrontMatter {
        #[serde(default)]
        unknown_keys: bool,
    },
    /// Bold or numbered lines standing in for headings.
    PseudoHeading {},
    /// Every rule passes.
    All { rules: Vec<RuleSpec> },
    /// At least one rule passes.
    Any { rules: Vec<RuleSpec> },
    /// The rule fails.
    Not {
        rule: Box<RuleSpec>,
        message: String,
    },
}

fn yes() -> bool {
    true
}

fn default_min_words() -> usize {
    8
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FieldForm {
    #[default]
    Text,
    Person,
    Email,
    Phone,
    Date,
    Year,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    #[default]
    All,
    Any,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Together {
    #[default]
    Document,
    Section,
    Paragraph,
    Sentence,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FixMode {
    /// Replace the term (a safe fix).
    #[default]
    Safe,
    /// Offer the replacement, but only apply it on request.
    Unsafe,
    /// Say what to write; do not edit.
    None,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum EditionMode {
    /// The latest edition cited is the one in force on `--today`.
    #[default]
    Current,
    /// No edition cited is older than the one in force on the policy's review date.
    NoneOlder,
}
