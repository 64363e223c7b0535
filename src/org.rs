//! Kinds of organisation, which decide the default packs and which checks apply.

use std::fmt;
use std::str::FromStr;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum OrgKind {
    School,
    College,
    EarlyYears,
    Agency,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::School,
        OrgKind::College,
        OrgKind::EarlyYears,
        OrgKind::Agency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::School => "school",
            OrgKind::College => "college",
            OrgKind::EarlyYears => "early-years",
            OrgKind::Agency => "agency",
        }
    }

    /// How a report names the kind.
    pub fn describe(self) -> &'static str {
        match self {
            OrgKind::School => "school",
            OrgKind::College => "college or further education provider",
            OrgKind::EarlyYears => "early-years setting",
            OrgKind::Agency => "agency or voluntary organisation",
        }
    }

    /// Schools and colleges are covered by KCSIE.
    pub fn is_education(self) -> bool {
        matches!(self, OrgKind::School | OrgKind::College)
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("unknown kind `{s}`: use school, college, early-years or agency")
            })
    }
}
