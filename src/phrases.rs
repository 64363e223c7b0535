//! Every phrase of every check, found in one pass over a document's text.
//!
//! Checks name phrases in their pack data; at load time each phrase gets an id and its
//! variants ("&" for "and", "e-safety" / "e safety" / "esafety", curly apostrophes), and all
//! of them go into one Aho-Corasick automaton. Scanning a document is then a single pass,
//! whatever the number of checks (the approach ripgrep and typos take to many literals).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::document::Document;

/// An index into [`PhraseIndex`]'s phrases.
pub type PhraseId = u32;

/// Largest compiled size we allow for a pack's regular expression.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Longest pattern text we accept from a pack.
const MAX_PHRASE_LEN: usize = 500;

#[derive(Debug, Default)]
pub struct PhraseBuilder {
    ids: HashMap<String, PhraseId>,
    phrases: Vec<String>,
    /// Regular expressions compiled when added (each once), by phrase id.
    compiled: HashMap<PhraseId, Regex>,
}

impl PhraseBuilder {
    /// Register a phrase as written in a pack: words (`filtering and monitoring`), a prefix
    /// (`radicali*`), or a regular expression (`re:\bLSCBs?\b`). Returns its id.
    pub fn add(&mut self, phrase: &str) -> Result<PhraseId, String> {
        let key = phrase.trim().to_string();
        if let Some(&id) = self.ids.get(&key) {
            return Ok(id);
        }
        let compiled = validate(&key)?;
        let id = self.phrases.len() as PhraseId;
        if let Some(re) = compiled {
            self.compiled.insert(id, re);
        }
        self.phrases.push(key.clone());
        self.ids.insert(key, id);
        Ok(id)
    }

    pub fn build(mut self) -> Result<PhraseIndex, String> {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<(PhraseId, bool)> = Vec::new();
        let mut regexes = Vec::new();
        for (id, phrase) in self.phrases.iter().enumerate() {
            let id = id as PhraseId;
            if phrase.starts_with("re:") {
                let re = self.compiled.remove(&id).expect("compiled when added");
                regexes.push((id, re));
                continue;
            }
            let (body, prefix) = match phrase.strip_suffix('*') {
                Some(b) => (b, true),
                None => (phrase.as_str(), false),
            };
            for v in variants(&body.to_lowercase()) {
                patterns.push(v);
                owners.push((id, prefix));
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("phrases do not compile: {e}"))?;
        Ok(PhraseIndex {
            ac,
            owners,
            regexes,
            phrases: self.phrases,
        })
    }
}

/// Check a phrase; a regular expression comes back compiled.
fn validate(phrase: &str) -> Result<Option<Regex>, String> {
    if phrase.len() > MAX_PHRASE_LEN {
        return Err(format!(
            "a phrase is {} characters long; the limit is {MAX_PHRASE_LEN}",
            phrase.len()
        ));
    }
    if let Some(re) = phrase.strip_prefix("re:") {
        return compile_regex(re).map(Some);
    }
    let body = phrase.strip_suffix('*').unwrap_or(phrase);
    if body.trim().is_empty() || !body.chars().any(|c| c.is_alphanumeric()) {
        return Err(format!(
            "the phrase `{phrase}` has no letters, so it could never match usefully"
        ));
    }
    if body.contains('*') {
        return Err(format!("`*` may only end a phrase (`{phrase}`)"));
    }
    Ok(None)
}

fn compile_regex(re: &str) -> Result<Regex, String> {
    RegexBuilder::new(re)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            format!(
                "the regular expression `{re}` is not valid: {}",
                e.to_string().lines().last().unwrap_or("")
            )
        })
}

/// Spelling variants of a lowercase phrase: "&" for " and ", hyphen as hyphen, space or
/// nothing, straight or curly apostrophes. Capped so a long phrase cannot explode.
fn variants(phrase: &str) -> Vec<String> {
    fn expand(out: &mut Vec<String>, from: &str, tos: &[&str]) {
        let mut next = Vec::new();
        for v in out.iter() {
            if v.contains(from) {
                for to in tos {
                    next.push(v.replace(from, to));
                }
            }
            next.push(v.clone());
        }
        next.sort();
        next.dedup();
        next.truncate(32);
        *out = next;
    }
    let mut out = vec![phrase.to_string()];
    expand(&mut out, " and ", &[" & "]);
    // each hyphen on its own: "e-safety co-ordinator" must also find "e-safety coordinator"
    let mut hyphens = Vec::new();
    for v in &out {
        let mut parts = v.split('-');
        let mut joined = vec![parts.next().unwrap_or("").to_string()];
        for part in parts {
            joined = joined
                .iter()
                .flat_map(|j| ["-", " ", ""].map(|sep| format!("{j}{sep}{part}")))
                .take(32)
                .collect();
        }
        hyphens.extend(joined);
    }
    // and a phrase written with spaces also finds its hyphenated form ("online-safety lead")
    let mut spaced = Vec::new();
    for v in hyphens
        .iter()
        .filter(|v| v.contains(' ') && !v.contains(" & "))
    {
        let mut words = v.split(' ');
        let mut joined = vec![words.next().unwrap_or("").to_string()];
        for w in words {
            joined = joined
                .iter()
                .flat_map(|j| [" ", "-"].map(|sep| format!("{j}{sep}{w}")))
                .take(16)
                .collect();
        }
        spaced.extend(joined);
    }
    hyphens.extend(spaced);
    hyphens.sort();
    hyphens.dedup();
    hyphens.truncate(32);
    expand(&mut hyphens, "'", &["’"]);
    hyphens
}

/// A place a phrase was found: the block and the byte range in that block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub block: u32,
    pub start: u32,
    pub end: u32,
}

/// The compiled phrases of every loaded check.
#[derive(Debug)]
pub struct PhraseIndex {
    ac: AhoCorasick,
    owners: Vec<(PhraseId, bool)>,
    regexes: Vec<(PhraseId, Regex)>,
    phrases: Vec<String>,
}

/// Every phrase's hits in one document, in document order.
#[derive(Debug, Default)]
pub struct Hits {
    by_phrase: Vec<Vec<Hit>>,
}

impl Hits {
    pub fn of(&self, id: PhraseId) -> &[Hit] {
        self.by_phrase
            .get(id as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

impl PhraseIndex {
    pub fn phrase(&self, id: PhraseId) -> &str {
        &self.phrases[id as usize]
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Find every phrase in the document's text in one pass.
    pub fn scan(&self, doc: &Document) -> Hits {
        let text = doc.search_text.as_str();
        let bytes = text.as_bytes();
        let mut by_phrase: Vec<Vec<Hit>> = vec![Vec::new(); self.phrases.len()];
        for m in self.ac.find_overlapping_iter(text) {
            let (id, prefix) = self.owners[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            if !boundary_before(text, s) || (!prefix && !boundary_after(text, e)) {
                continue;
            }
            if bytes[s..e].contains(&b'\n') {
                continue;
            }
            let (block, offset) = doc.locate(s);
            // a prefix phrase covers the rest of its word ("radicali*" → "radicalisation")
            let end = if prefix { word_end(text, e) } else { e };
            by_phrase[id as usize].push(Hit {
                block: block as u32,
                start: offset as u32,
                end: (offset + (end - s)) as u32,
            });
        }
        // Regular expressions run over the whole text; a match never spans two blocks, so
        // where one would, that block is searched on its own and the scan resumes after it.
        for (id, re) in &self.regexes {
            let mut pos = 0;
            while let Some(m) = re.find_at(text, pos) {
                if m.as_str().contains('\n') {
                    let (block, _) = doc.locate(m.start());
                    let plain = &doc.outline.blocks[block].plain;
                    for bm in re.find_iter(plain).filter(|bm| !bm.is_empty()) {
                        by_phrase[*id as usize].push(Hit {
                            block: block as u32,
                            start: bm.start() as u32,
                            end: bm.end() as u32,
                        });
                    }
                    pos = doc.block_starts[block] + plain.len() + 1;
                } else {
                    if !m.is_empty() {
                        let (block, offset) = doc.locate(m.start());
                        by_phrase[*id as usize].push(Hit {
                            block: block as u32,
                            start: offset as u32,
                            end: (offset + m.len()) as u32,
                        });
                    }
                    pos = if m.is_empty() { m.end() + 1 } else { m.end() };
                }
                if pos > text.len() {
                    break;
                }
                while !text.is_char_boundary(pos) {
                    pos += 1;
                }
            }
        }
        for hits in &mut by_phrase {
            hits.sort_unstable();
            hits.dedup();
        }
        Hits { by_phrase }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn boundary_before(text: &str, at: usize) -> bool {
    let first = text[at..].chars().next();
    if !first.is_some_and(is_word_char) {
        return true;
    }
    !text[..at].chars().next_back().is_some_and(is_word_char)
}

fn boundary_after(text: &str, at: usize) -> bool {
    let last = text[..at].chars().next_back();
    if !last.is_some_and(is_word_char) {
        return true;
    }
    !text[at..].chars().next().is_some_and(is_word_char)
}

fn word_end(text: &str, from: usize) -> usize {
    from + text[from..]
        .char_indices()
        .find(|(_, c)| !(is_word_char(*c) || *c == '-'))
        .map(|(i, _)| i)
        .unwrap_or(text.len() - from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Limits};
    use crate::source::SourceFile;

    fn hits(phrases: &[&str], text: &str) -> Vec<Vec<String>> {
        let mut b = PhraseBuilder::default();
        let ids: Vec<_> = phrases.iter().map(|p| b.add(p).unwrap()).collect();
        let idx = b.build().unwrap();
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        let h = idx.scan(&doc);
        ids.iter()
            .map(|&id| {
                h.of(id)
                    .iter()
                    .map(|hit| {
                        doc.outline.blocks[hit.block as usize].plain
                            [hit.start as usize..hit.end as usize]
                            .to_string()
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn words_variants_and_boundaries() {
        let h = hits(
            &[
                "filtering and monitoring",
                "e-safety",
                "DSL",
                "radicali*",
                "children's social care",
            ],
            "Filtering & monitoring. E-Safety and esafety and e safety. DSLs and DSL. Radicalisation. Children’s Social Care.",
        );
        assert_eq!(h[0], vec!["Filtering & monitoring"]);
        assert_eq!(h[1].len(), 3);
        assert_eq!(h[2], vec!["DSL"]);
        assert_eq!(h[3], vec!["Radicalisation"]);
        assert_eq!(h[4], vec!["Children’s Social Care"]);
        let h = hits(
            &["online safety lead"],
            "Our online-safety lead and our online safety lead.",
        );
        assert_eq!(h[0].len(), 2);
    }

    #[test]
    fn each_hyphen_varies_on_its_own() {
        let h = hits(
            &["e-safety co-ordinator"],
            "The e-safety coordinator. The E-Safety Co-ordinator. The esafety co ordinator. The e-safety coördinator.",
        );
        assert_eq!(
            h[0],
            vec![
                "e-safety coordinator",
                "E-Safety Co-ordinator",
                "esafety co ordinator"
            ]
        );
        // a phrase with spaces may meet hyphens between any of its words
        assert_eq!(
            variants("online safety lead"),
            vec![
                "online safety lead",
                "online safety-lead",
                "online-safety lead",
                "online-safety-lead"
            ]
        );
    }

    #[test]
    fn regex_phrases_and_limits() {
        let h = hits(&[r"re:\bLSCBs?\b"], "The LSCB and LSCBs.");
        assert_eq!(h[0], vec!["LSCB", "LSCBs"]);
        // a pattern that could run on from a heading into the next paragraph still finds
        // its match inside the paragraph
        let h = hits(
            &[r"re:\bDSL[^.]{0,200}filtering"],
            "# The DSL\n\nThe DSL understands filtering.",
        );
        assert_eq!(h[0], vec!["DSL understands filtering"]);
        let mut b = PhraseBuilder::default();
        assert!(b.add("re:(").is_err());
        assert!(
            b.add("re:(?:a{1000}){1000}").is_err(),
            "huge regexes are refused"
        );
        assert!(b.add("   ").is_err());
        assert!(b.add("a*b").is_err());
    }
}
