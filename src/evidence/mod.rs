//! Evidence found in the prose of a policy: named people in their roles, dates, the KCSIE
//! edition cited and the kind of organisation. Most real policies have no front matter, so
//! these finders are what let a requirement pass on what the policy actually says.
//!
//! Each finder reads the [`Document`]'s outline once, when the document is built.

pub mod dates;
pub mod edition;
pub mod kind;
pub mod names;
pub mod roles;

use crate::document::Document;
use crate::source::Span;

pub use dates::{DateFact, DateRange, DateWhat, ReviewCycle};
pub use edition::EditionCite;
pub use kind::KindGuess;
pub use names::PersonName;
pub use roles::{RoleFact, RoleShape};

/// Everything found in the text of one policy.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub roles: Vec<RoleFact>,
    pub dates: Vec<DateFact>,
    /// How often the policy says it is reviewed.
    pub review_cycle: Option<ReviewCycle>,
    pub editions: Vec<EditionCite>,
}

/// The roles policylint looks for. The key is the front-matter key under `[roles]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Dsl,
    DeputyDsl,
    PreventLead,
    OnlineSafetyLead,
    SafeguardingGovernor,
    FilteringSltLead,
    FilteringGovernor,
    DesignatedPerson,
    Dpo,
    ItProvider,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Role::Dsl,
        Role::DeputyDsl,
        Role::PreventLead,
        Role::OnlineSafetyLead,
        Role::SafeguardingGovernor,
        Role::FilteringSltLead,
        Role::FilteringGovernor,
        Role::DesignatedPerson,
        Role::Dpo,
        Role::ItProvider,
    ];

    /// The front-matter key under `[roles]`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Dsl => "dsl",
            Role::DeputyDsl => "deputy_dsl",
            Role::PreventLead => "prevent_lead",
            Role::OnlineSafetyLead => "online_safety_lead",
            Role::SafeguardingGovernor => "safeguarding_governor",
            Role::FilteringSltLead => "filtering_slt_lead",
            Role::FilteringGovernor => "filtering_governor",
            Role::DesignatedPerson => "designated_person",
            Role::Dpo => "dpo",
            Role::ItProvider => "it_provider",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// How the role is written for a school reader.
    pub fn label(self) -> &'static str {
        match self {
            Role::Dsl => "designated safeguarding lead (DSL)",
            Role::DeputyDsl => "deputy designated safeguarding lead",
            Role::PreventLead => "Prevent lead (single point of contact)",
            Role::OnlineSafetyLead => "online safety lead",
            Role::SafeguardingGovernor => "safeguarding link governor",
            Role::FilteringSltLead => "senior leader responsible for filtering and monitoring",
            Role::FilteringGovernor => "governor responsible for filtering and monitoring",
            Role::DesignatedPerson => "designated person for safeguarding",
            Role::Dpo => "data protection officer",
            Role::ItProvider => "IT service provider for filtering and monitoring",
        }
    }
}

/// Compile the expressions that evidence is found with (and the Markdown parser's own), by
/// building a small policy that needs each of them. They are otherwise compiled while the
/// first document is built; a run calls this on a spare core while the packs load.
pub fn warm_up() {
    let text = "# Online safety policy\n\nOur school's designated safeguarding lead (DSL) is \
                Jane Smith. This policy is reviewed every year.\n\nLast reviewed: 1 September \
                2025. Next review: Spring 2027. It follows Keeping children safe in education \
                2025 for our pupils, staff and governors.\n";
    let source = crate::source::SourceFile::new("warm-up.md", text, false);
    if let Ok(doc) = crate::document::Document::build(source, Default::default()) {
        let _ = doc.kind_guess();
        let _ = doc.role_labels(0);
    }
}

/// Run every finder over a built document.
pub fn find(doc: &Document) -> Facts {
    let roles = roles::find(doc);
    let (dates, review_cycle) = dates::find(doc);
    Facts {
        roles,
        dates,
        review_cycle,
        editions: edition::find(doc),
    }
}

/// A span and the block it was found in, shared by the fact types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub block: usize,
    pub span: Span,
}
