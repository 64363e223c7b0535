//! Is this text a person's name? Real policies write "Ruth Adebayo", "Mrs K Osei",
//! "Mr. J. P. Smith" — and also "TBC", "Vacant", "[Name]" and "Headteacher" in the same slot,
//! none of which names anyone.

use std::fmt;

/// A name found in a policy, as written, with its parts for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    pub text: String,
    pub title: Option<String>,
    /// First names or initials, as written.
    pub given: Vec<String>,
    pub surname: String,
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Why a slot does not hold a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAName {
    Empty,
    /// "TBC", "Vacant", "N/A", "[Insert name]" and the like, as written.
    Placeholder(String),
    /// Words that are not a name (a job title, a sentence).
    NotAName(String),
    /// A name with words after it saying the person has left the role ("left July 2026").
    Left(String),
    /// Nothing but crossed-out text ("~~Mrs J Patel~~").
    CrossedOut,
    /// A name marked as not confirmed ("Daniel Okafor (TBC)"), as written.
    Unconfirmed(String),
}

impl NotAName {
    pub fn describe(&self) -> String {
        match self {
            NotAName::Empty => "is blank".to_string(),
            NotAName::Placeholder(p) => format!("says \u{201c}{p}\u{201d} instead of a name"),
            NotAName::NotAName(t) => {
                format!("has \u{201c}{t}\u{201d}, which is not a person's name")
            }
            NotAName::CrossedOut => {
                "has only a crossed-out name, which no longer counts".to_string()
            }
            NotAName::Unconfirmed(t) => {
                format!("names someone who is not confirmed in the role (\u{201c}{t}\u{201d})")
            }
            NotAName::Left(t) => {
                format!("names someone who is no longer in the role (\u{201c}{t}\u{201d})")
            }
        }
    }
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "rev",
    "revd",
    "reverend",
    "sir",
    "dame",
    "fr",
    "father",
    "sister",
    "canon",
    "lady",
    "lord",
    "cllr",
    "councillor",
];

const PLACEHOLDERS: &[&str] = &[
    "tbc",
    "tba",
    "tbd",
    "to be confirmed",
    "to be appointed",
    "to be agreed",
    "to be decided",
    "vacant",
    "currently vacant",
    "post vacant",
    "n/a",
    "na",
    "none",
    "nil",
    "name",
    "names",
    "insert name",
    "add name",
    "enter name",
    "xxx",
    "xx",
    "x",
    "?",
    "-",
    "–",
    "—",
    "pending",
    "not appointed",
    "not yet appointed",
    "unknown",
    "various",
    "see above",
    "see below",
    "your name",
    "full name",
    "name here",
    "staff name",
    "governor name",
    "an other",
];

/// Words that can sit in a name slot but are never part of a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "the",
    "our",
    "a",
    "an",
    "is",
    "are",
    "and",
    "or",
    "of",
    "for",
    "to",
    "in",
    "on",
    "with",
    "who",
    "will",
    "be",
    "by",
    "all",
    "any",
    "each",
    "this",
    "that",
    "school",
    "college",
    "nursery",
    "setting",
    "academy",
    "trust",
    "governor",
    "governors",
    "governing",
    "board",
    "headteacher",
    "head",
    "teacher",
    "principal",
    "deputy",
    "assistant",
    "lead",
    "leader",
    "designated",
    "safeguarding",
    "officer",
    "manager",
    "team",
    "member",
    "members",
    "staff",
    "senior",
    "leadership",
    "dsl",
    "ddsl",
    "slt",
    "online",
    "safety",
    "prevent",
    "chair",
    "coordinator",
    "co-ordinator",
    "provider",
    "service",
    "support",
    "network",
    "technician",
    "contact",
    "person",
    "responsible",
    "responsibility",
    "child",
    "children",
    "protection",
    "policy",
    "review",
    "date",
    "local",
    "authority",
    "council",
    "partnership",
    "lado",
    "it",
    "ict",
    "data",
    "dpo",
    "business",
    "bursar",
    "clerk",
    "chief",
    "executive",
    "ceo",
    "owner",
    "proprietor",
    "director",
    "see",
    "appendix",
    "website",
    "office",
    "email",
    "phone",
    "tel",
    "telephone",
    "mobile",
    "ext",
    "filtering",
    "monitoring",
    "welfare",
    "pastoral",
    "senco",
    "sendco",
    "class",
    "year",
    "key",
    "stage",
    "phase",
    "pupils",
    "students",
    "learners",
    "parents",
    "carers",
    "yes",
    "no",
    "not",
    "none",
    "vacant",
    "tbc",
    "name",
    "named",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "spring",
    "summer",
    "autumn",
    "term",
    "annually",
];

/// Whether a word is a title that goes before a name ("Mrs", "Dr", "Revd").
pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str())
}

/// Read a name from a whole slot (a table cell, the text after "DSL:").
pub fn parse_person(raw: &str) -> Result<PersonName, NotAName> {
    let text = clean(raw);
    if text.is_empty() {
        return Err(NotAName::Empty);
    }
    let lower = text.to_lowercase();
    let bare = lower.trim_matches(|c: char| {
        c == '['
            || c == ']'
            || c == '('
            || c == ')'
            || c == '{'
            || c == '}'
            || c == '<'
            || c == '>'
            || c == '*'
            || c == '_'
            || c == '.'
            || c.is_whitespace()
    });
    if PLACEHOLDERS.contains(&bare)
        || raw.contains('[')
        || raw.contains("{{")
        || bare.starts_with("insert")
        || bare.starts_with("tbc")
        || bare.starts_with("to be ")
        || bare.starts_with("vacant")
        || bare.chars().all(|c| !c.is_alphabetic())
    {
        return Err(NotAName::Placeholder(text));
    }
    match take_any_name(&text).filter(|(_, used)| text[*used..].trim().is_empty()) {
        Some((n, _)) if is_stand_in(&n) => Err(NotAName::Placeholder(text)),
        Some((n, _)) => Ok(n),
        None => Err(NotAName::NotAName(text)),
    }
}

/// Read an organisation's name from a slot (an IT provider such as "Northgate IT Services"):
/// anything that is not blank or a placeholder.
pub fn parse_organisation(raw: &str) -> Result<PersonName, NotAName> {
    match parse_person(raw) {
        Ok(n) => Ok(n),
        Err(NotAName::NotAName(text)) => Ok(PersonName {
            surname: text.clone(),
            text,
            title: None,
            given: Vec::new(),
        }),
        Err(e) => Err(e),
    }
}

/// Read a name from the start of `text` ("Ruth Adebayo (Deputy Head), 020 …"), returning it
/// and the byte length it used. Stops at punctuation other than dots in initials, hyphens
/// and apostrophes inside names.
pub fn take_name(text: &str) -> Option<(PersonName, usize)> {
    take_any_name(text).filter(|(n, _)| !is_stand_in(n))
}

/// The names templates use in place of a real one: "A N Other" (another), "Joe Bloggs".
fn is_stand_in(n: &PersonName) -> bool {
    // "A N", "A.N.", "AN"
    let initials: String = n
        .given
        .concat()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    n.surname.eq_ignore_ascii_case("bloggs")
        || (n.surname.eq_ignore_ascii_case("other") && initials.eq_ignore_ascii_case("an"))
}

/// [`take_name`], stand-in names included.
fn take_any_name(text: &str) -> Option<(PersonName, usize)> {
    let mut title = None;
    let mut given = Vec::new();
    let mut parts: Vec<(usize, usize)> = Vec::new(); // byte ranges of name words
    let mut pos = 0;
    let bytes_len = text.len();
    let mut words = 0;
    loop {
        // skip spaces
        let rest = &text[pos..];
        let skipped = rest.len() - rest.trim_start().len();
        let start = pos + skipped;
        if start >= bytes_len {
            break;
        }
        let word_end = text[start..]
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(c, ',' | ';' | '(' | ')' | '|' | '/' | ':' | '•' | '–' | '—')
            })
            .map(|e| start + e)
            .unwrap_or(bytes_len);
        if word_end == start {
            break;
        }
        let word = &text[start..word_end];
        let core = word.trim_end_matches('.');
        let lower = core.to_lowercase();
        if words == 0 && title.is_none() && TITLES.contains(&lower.as_str()) {
            title = Some(core.to_string());
            pos = word_end;
            continue;
        }
        // the initial A, not the article: after a title ("Mrs A Khan") or with its full
        // stop ("A. Khan"); a bare "A Senior Leader" stays words, not a name
        let initial_a = core == "A" && (title.is_some() || word.ends_with('.'));
        if !initial_a && !is_name_word(core) {
            break;
        }
        // "K.Osei" or "J.P." – initials run together
        parts.push((start, start + core.len()));
        words += 1;
        pos = word_end;
        // a full stop after a word that is not an initial ends the name ("Priya Shah. She")
        if words >= 5 || (word.ends_with('.') && !is_initial(core)) {
            break;
        }
    }
    // Trim trailing lowercase particles ("de", "van") left dangling.
    while let Some(&(s, e)) = parts.last() {
        if text[s..e].chars().next().is_some_and(|c| c.is_lowercase()) {
            parts.pop();
        } else {
            break;
        }
    }
    let (&(last_s, last_e), rest) = parts.split_last()?;
    let surname = text[last_s..last_e].to_string();
    if is_initial(&surname) {
        return None;
    }
    for &(s, e) in rest {
        given.push(text[s..e].to_string());
    }
    // One word is a name only with a title ("Mrs Osei"); a lone word could be anything.
    if given.is_empty() && title.is_none() {
        return None;
    }
    let first = parts.first().map(|p| p.0).unwrap_or(0);
    let name_start = if title.is_some() {
        text.len() - text.trim_start().len()
    } else {
        first
    };
    let end = last_e;
    let written = text[name_start..end].trim().to_string();
    Some((
        PersonName {
            text: written,
            title,
            given,
            surname,
        },
        end,
    ))
}

fn is_initial(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.len() <= 2
        && letters.iter().all(|c| c.is_uppercase())
        && w.chars().all(|c| c.is_alphabetic() || c == '.')
}

fn is_name_word(w: &str) -> bool {
    if w.is_empty() {
        return false;
    }
    let lower = w.to_lowercase();
    if matches!(
        lower.as_str(),
        "de" | "van" | "von" | "der" | "da" | "di" | "le" | "la" | "du" | "bin" | "al"
    ) {
        return true;
    }
    if NOT_NAME_WORDS.contains(&lower.trim_end_matches('s'))
        || NOT_NAME_WORDS.contains(&lower.as_str())
    {
        return false;
    }
    if is_initial(w) {
        return true;
    }
    let mut chars = w.chars();
    let first = chars.next().unwrap();
    if !first.is_uppercase() {
        return false;
    }
    // all-caps words of 3+ letters are usually acronyms (DSL, SENCO), not names
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2
        && letters.iter().all(|c| c.is_uppercase())
        && !w.contains('\'')
        && !w.contains('’')
    {
        return false;
    }
    w.chars()
        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
}

/// Whether two names plausibly belong to the same person: same surname, and first names or
/// initials that do not contradict each other ("Mrs K Osei" and "Kemi Osei").
pub fn same_person(a: &PersonName, b: &PersonName) -> bool {
    if !a.surname.eq_ignore_ascii_case(&b.surname) {
        return false;
    }
    match (a.given.first(), b.given.first()) {
        (Some(x), Some(y)) => {
            let x0 = x.chars().next().map(|c| c.to_ascii_lowercase());
            let y0 = y.chars().next().map(|c| c.to_ascii_lowercase());
            x0 == y0
        }
        _ => true,
    }
}

fn clean(raw: &str) -> String {
    let text = raw
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .trim();
    // a label inside the slot: "| DSL | Name: Mrs J Patel |"
    let text = match text.get(..5) {
        Some(label) if label.eq_ignore_ascii_case("name:") => text[5..].trim_start(),
        _ => text,
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_shapes_policies_use() {
        for ok in [
            "Ruth Adebayo",
            "Mrs K Osei",
            "Mr. J. P. Smith",
            "Dr Priya Shah",
            "Mrs Osei",
            "Seán O’Brien",
            "Anne-Marie de la Cruz",
            "K.Osei Mensah",
            "Mrs A Khan",
            "Ms A. Smith",
            "A. Khan",
            "Mr A J Patel",
        ] {
            assert!(parse_person(ok).is_ok(), "{ok}");
        }
        assert_eq!(parse_person("Mrs A Khan").unwrap().given, vec!["A"]);
        assert_eq!(parse_person("Name: Mrs A Khan").unwrap().surname, "Khan");
        assert!(parse_person("Name:").is_err());
        assert_eq!(parse_person("Mrs K Osei").unwrap().surname, "Osei");
    }

    #[test]
    fn placeholders_and_titles_are_not_names() {
        for bad in [
            "",
            "TBC",
            "Vacant",
            "N/A",
            "[Insert name]",
            "{{dsl}}",
            "Headteacher",
            "Deputy Headteacher",
            "the DSL",
            "Ruth",
            "DSL",
            "to be confirmed",
            "—",
            "XXX",
            "A senior leader",
            "A Senior Leader",
            "A member of staff",
        ] {
            assert!(parse_person(bad).is_err(), "{bad}");
        }
        assert!(matches!(parse_person("TBC"), Err(NotAName::Placeholder(_))));
        assert!(matches!(parse_person(""), Err(NotAName::Empty)));
        // the stand-in names of templates, however written, here and at a slot's start
        for stand_in in [
            "Mrs A N Other",
            "A.N. Other",
            "AN Other",
            "Joe Bloggs",
            "Mr J Bloggs",
        ] {
            assert!(
                matches!(parse_person(stand_in), Err(NotAName::Placeholder(_))),
                "{stand_in}"
            );
            assert!(
                take_name(&format!("{stand_in}, Headteacher")).is_none(),
                "{stand_in}"
            );
        }
        assert_eq!(parse_person("Mrs Ann Other").unwrap().surname, "Other");
    }

    #[test]
    fn a_name_is_taken_from_the_start_of_a_slot() {
        let (n, used) = take_name("Ruth Adebayo (Deputy Headteacher), 020 8000 0001").unwrap();
        assert_eq!(n.text, "Ruth Adebayo");
        assert_eq!(used, 12);
        assert!(take_name("responsible for safeguarding").is_none());
        let (n, _) = take_name("Priya Shah. She meets the DSL termly.").unwrap();
        assert_eq!(n.text, "Priya Shah");
        let (n, _) = take_name("Mr. J. P. Smith, deputy head").unwrap();
        assert_eq!(n.text, "Mr. J. P. Smith");
    }

    #[test]
    fn the_same_person_written_two_ways() {
        let a = parse_person("Mrs K Osei").unwrap();
        let b = parse_person("Kemi Osei").unwrap();
        let c = parse_person("Tom Osei").unwrap();
        assert!(same_person(&a, &b));
        assert!(!same_person(&b, &c));
    }
}
