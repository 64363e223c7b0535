//! One expression with capture groups, compiled in two forms as [`super::TextRegex`] is:
//! the byte form ([`super::ascii_form`]) for text whose words are all ASCII, nearly all of
//! a policy, and the form as written for the rest. The byte form of an expression such as
//! `[^.;:]{0,60}?` compiles to a fraction of the size (the expressions that find dates and
//! roles in a policy were most of the time a single `check` spent before its search), and
//! its lazy DFA never gives up on a word boundary at a curly quote.

use std::ops::{Index, Range};
use std::sync::OnceLock;

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_syntax::hir::Hir;

use super::builtin::Builtin;
use super::{BytesRegex, ascii_words_only, whole_characters};

#[derive(Debug)]
pub struct CaptureRegex {
    parsed: Builtin,
    // each form compiled when first needed
    unicode: OnceLock<BytesRegex>,
    ascii: OnceLock<BytesRegex>,
}

/// A match, or a group's part of one.
#[derive(Debug, Clone, Copy)]
pub struct Found<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Found<'t> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// A match's capture groups (0 is the whole match).
#[derive(Debug)]
pub struct Caps<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Caps<'t> {
    pub fn get(&self, group: usize) -> Option<Found<'t>> {
        self.caps.get_group(group).map(|span| Found {
            text: self.text,
            start: span.start,
            end: span.end,
        })
    }
}

impl Index<usize> for Caps<'_> {
    type Output = str;

    /// The text of a group that took part in the match; panics otherwise, as indexing the
    /// regex crate's captures does.
    fn index(&self, group: usize) -> &str {
        match self.get(group) {
            Some(found) => &self.text[found.range()],
            None => panic!("group {group} did not take part in the match"),
        }
    }
}

impl CaptureRegex {
    /// Parse `pattern` as the regex crate would (case matters unless it says `(?i)`).
    pub fn new(pattern: &str) -> Result<CaptureRegex, String> {
        Ok(CaptureRegex {
            parsed: Builtin::new(pattern, false)?,
            unicode: OnceLock::new(),
            ascii: OnceLock::new(),
        })
    }

    fn build(hir: &Hir) -> BytesRegex {
        meta::Builder::new()
            // no literal prefilter, as for `TextRegex`: working it out cost more than it saved
            .configure(meta::Config::new().auto_prefilter(false))
            .build_from_hir(hir)
            // only policylint's own fixed expressions are compiled here, and its tests run
            // each of them
            .expect("a built-in expression compiles")
    }

    fn unicode(&self) -> &BytesRegex {
        self.unicode
            .get_or_init(|| Self::build(self.parsed.as_written()))
    }

    fn ascii(&self) -> &BytesRegex {
        self.ascii.get_or_init(|| Self::build(&self.parsed.bytes()))
    }

    /// Run `search` with the byte form where `text` allows it, and with the form as written
    /// where not, or where a byte-form match would split a character (it cannot, see
    /// [`ascii_form`]; the form as written decides if it ever did).
    fn with_form<T>(
        &self,
        text: &str,
        search: impl Fn(&BytesRegex) -> T,
        spans: impl Fn(&T) -> Vec<Range<usize>>,
    ) -> T {
        if ascii_words_only(text) {
            let out = search(self.ascii());
            if spans(&out)
                .iter()
                .all(|r| whole_characters(text, r.start, r.end))
            {
                return out;
            }
            debug_assert!(false, "a byte-form match split a character");
        }
        search(self.unicode())
    }

    /// Whether there is a match; as [`super::TextRegex::is_match`], the search stops at the
    /// first.
    pub fn is_match(&self, text: &str) -> bool {
        let form = if ascii_words_only(text) {
            self.ascii()
        } else {
            self.unicode()
        };
        form.is_match(text.as_bytes())
    }

    /// The first match.
    pub fn find<'t>(&self, text: &'t str) -> Option<Found<'t>> {
        self.with_form(
            text,
            |re| {
                re.find(text.as_bytes()).map(|m| Found {
                    text,
                    start: m.start(),
                    end: m.end(),
                })
            },
            |found| found.iter().map(Found::range).collect(),
        )
    }

    /// Every match, left to right.
    pub fn find_iter<'t>(&self, text: &'t str) -> Vec<Found<'t>> {
        self.with_form(
            text,
            |re| {
                re.find_iter(text.as_bytes())
                    .map(|m| Found {
                        text,
                        start: m.start(),
                        end: m.end(),
                    })
                    .collect::<Vec<_>>()
            },
            |found| found.iter().map(Found::range).collect(),
        )
    }

    /// The first match's groups.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Caps<'t>> {
        self.with_form(
            text,
            |re| {
                let mut caps = re.create_captures();
                re.captures(text.as_bytes(), &mut caps);
                caps.is_match().then_some(Caps { text, caps })
            },
            |found| whole_matches(found),
        )
    }

    /// Every match's groups, left to right.
    pub fn captures_iter<'t>(&self, text: &'t str) -> Vec<Caps<'t>> {
        self.with_form(
            text,
            |re| {
                re.captures_iter(text.as_bytes())
                    .map(|caps| Caps { text, caps })
                    .collect::<Vec<_>>()
            },
            |found| whole_matches(found),
        )
    }
}

/// Where each match (group 0) is.
fn whole_matches<'a, 't: 'a>(found: impl IntoIterator<Item = &'a Caps<'t>>) -> Vec<Range<usize>> {
    found
        .into_iter()
        .filter_map(|c| c.get(0))
        .map(|f| f.range())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both forms give the same matches and groups, on text whose words are all ASCII (the
    /// byte form) and on text that has other letters (the form as written).
    #[test]
    fn both_forms_find_the_same_groups() {
        let pattern = r"(?i)\b(?:reviewed)\b[^.;:]{0,30}?\b(annually|every (?:two|2) years)\b";
        let re = CaptureRegex::new(pattern).unwrap();
        let plain_re = regex::Regex::new(pattern).unwrap();
        for text in [
            "The policy is reviewed by governors annually.",
            "The policy is reviewed by the head’s team every 2 years",
            "The policy is reviewed by Zoë’s team every two years",
            "Reviewed: annually",
            "not reviewed; annually",
        ] {
            let fast: Vec<(Range<usize>, Option<String>)> = re
                .captures_iter(text)
                .iter()
                .map(|c| {
                    (
                        c.get(0).unwrap().range(),
                        c.get(1).map(|g| g.as_str().to_string()),
                    )
                })
                .collect();
            let plain: Vec<(Range<usize>, Option<String>)> = plain_re
                .captures_iter(text)
                .map(|c| {
                    let m = c.get(0).unwrap();
                    (m.start()..m.end(), c.get(1).map(|g| g.as_str().to_string()))
                })
                .collect();
            assert_eq!(fast, plain, "{text}");
            assert_eq!(re.is_match(text), !plain.is_empty(), "{text}");
        }
        let caps = re.captures("It is reviewed annually").unwrap();
        assert_eq!(&caps[1], "annually");
        assert_eq!(caps.get(0).unwrap().as_str(), "reviewed annually");
    }
}
