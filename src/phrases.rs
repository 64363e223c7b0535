//! Every phrase of every check, found in one pass over a document's text.
//!
//! Checks name phrases in their pack data; at load time each phrase gets an id and its
//! variants ("&" for "and", "e-safety" / "e safety" / "esafety", curly apostrophes), and all
//! of them go into one Aho-Corasick automaton. Scanning a document is then a single pass,
//! whatever the number of checks (the approach ripgrep and typos take to many literals).
//!
//! Regular expressions (`re:`) ride on the same pass. Each one's *required literals* go into
//! the automaton too: for each part that every match must contain, the text it can be (in
//! `\b(?:DSL|designated safeguarding lead)\b[^.]{0,60}train`, `dsl` or `designated
//! safeguarding lead`, and `train`). A regular expression then runs only over the blocks
//! holding a literal of each part, not over the whole document. It is compiled the first
//! time a document needs it. Where a block has no non-ASCII letters, a second form of the
//! expression with ASCII word boundaries is used: there it matches exactly the same text,
//! and the regex crate's fast lazy DFA can run it (a Unicode `\b` makes it fall back to a
//! much slower engine as soon as the text holds any non-ASCII byte, such as a curly
//! apostrophe). Where every match also *starts* with one of a few literals (`dsl` or
//! `designated safeguarding lead` above), the automaton records where those occur and that
//! form is tried only there, anchored, instead of searched for across the block.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use regex_automata::meta::Regex as BytesRegex;
use regex_syntax::hir::{self, Hir, HirKind, Look};

use crate::document::Document;

mod builtin;
mod capture_regex;
mod hir_code;
pub use capture_regex::{Caps, CaptureRegex, Found};

/// An index into [`PhraseIndex`]'s phrases.
pub type PhraseId = u32;

/// Largest compiled size we allow for a pack's regular expression.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Longest pattern text we accept from a pack.
const MAX_PHRASE_LEN: usize = 500;
/// Shortest required literal worth searching for: shorter ones occur in nearly every block.
const MIN_REQUIRED_LEN: usize = 3;

#[derive(Debug, Default)]
pub struct PhraseBuilder {
    ids: HashMap<String, PhraseId>,
    phrases: Vec<String>,
    /// Regular expressions by phrase id, with what was learned of them when added.
    regexes: HashMap<PhraseId, PackRegex>,
    /// Regular expressions added lazily, not yet parsed: [`PhraseBuilder::build`] parses
    /// them all at once, on every core.
    pending: Vec<PhraseId>,
    /// Compile regular expressions on first use rather than when added (see
    /// [`PhraseBuilder::set_lazy`]).
    lazy: bool,
    /// Every phrase asked for since [`PhraseBuilder::take_used`] was last called.
    used: Vec<PhraseId>,
}

impl PhraseBuilder {
    /// The phrases added or asked for again since the last call: those a check compiled in
    /// between looks up, so a policy's scan can skip the expressions no chosen check uses.
    pub fn take_used(&mut self) -> Vec<PhraseId> {
        let mut used = std::mem::take(&mut self.used);
        used.sort_unstable();
        used.dedup();
        used
    }

    /// Whether regular expressions added from now on are compiled on first use. Packs
    /// shipped with policylint are checked by the test suite (every one of their regular
    /// expressions is compiled there), so they are compiled lazily; a pack given by the
    /// user is compiled at once, so that a mistake is reported before any policy is read.
    pub fn set_lazy(&mut self, lazy: bool) {
        self.lazy = lazy;
    }

    /// Register a phrase as written in a pack: words (`filtering and monitoring`), a prefix
    /// (`radicali*`), or a regular expression (`re:\bLSCBs?\b`). Returns its id.
    pub fn add(&mut self, phrase: &str) -> Result<PhraseId, String> {
        let id = self.add_unrecorded(phrase)?;
        self.used.push(id);
        Ok(id)
    }

    fn add_unrecorded(&mut self, phrase: &str) -> Result<PhraseId, String> {
        let key = phrase.trim().to_string();
        if let Some(&id) = self.ids.get(&key) {
            if !self.lazy {
                // added lazily before, now needed at once: compile (and report) now
                if let Some(at) = self.pending.iter().position(|&p| p == id) {
                    self.pending.swap_remove(at);
                    let r = validate(&key, true)?.expect("a pending phrase is an expression");
                    self.regexes.insert(id, r);
                }
                if let Some(r) = self.regexes.get(&id) {
                    r.unicode()?;
                }
            }
            return Ok(id);
        }
        let id = self.phrases.len() as PhraseId;
        if self.lazy && key.starts_with("re:") && key.len() <= MAX_PHRASE_LEN {
            self.pending.push(id);
            self.phrases.push(key.clone());
            self.ids.insert(key, id);
            return Ok(id);
        }
        let regex = validate(&key, self.lazy)?;
        if let Some(r) = regex {
            self.regexes.insert(id, r);
        }
        self.phrases.push(key.clone());
        self.ids.insert(key, id);
        Ok(id)
    }

    pub fn build(mut self) -> Result<PhraseIndex, String> {
        let parsed: Vec<(PhraseId, Result<Option<PackRegex>, String>)> = self
            .pending
            .par_iter()
            .map(|&id| {
                let phrase = &self.phrases[id as usize];
                let prepared = phrase
                    .strip_prefix("re:")
                    .and_then(|re| Some((re, prepared_literals().get(re)?)));
                match prepared {
                    Some((re, literals)) => (id, Ok(Some(PackRegex::prepared(re, literals)))),
                    None => (id, validate(phrase, true)),
                }
            })
            .collect();
        for (id, regex) in parsed {
            if let Some(r) = regex? {
                self.regexes.insert(id, r);
            }
        }
        // Each plain phrase's patterns: the variants that differ only in a dash for a space
        // are one pattern here. Worked out on every core (for the shipped packs, about 2 ms
        // on one), then gathered in order.
        let mut forms_of: Vec<Vec<Vec<u8>>> = self
            .phrases
            .par_iter()
            .map(|phrase| {
                if phrase.starts_with("re:") {
                    return Vec::new();
                }
                let body = phrase.strip_suffix('*').unwrap_or(phrase);
                let mut forms: Vec<Vec<u8>> = variants(&body.to_lowercase())
                    .iter()
                    .map(|v| as_searched(v))
                    .collect();
                forms.sort_unstable();
                forms.dedup();
                forms
            })
            .collect();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Owner> = Vec::new();
        let mut regexes = Vec::new();
        // required literals of the regular expressions: pattern index by literal
        let mut literal_at: HashMap<Vec<u8>, usize> = HashMap::new();
        for ((id, phrase), forms) in self.phrases.iter().enumerate().zip(&mut forms_of) {
            let id = id as PhraseId;
            if phrase.starts_with("re:") {
                let re = self.regexes.remove(&id).expect("analysed when added");
                let ri = regexes.len() as u32;
                let sets = re
                    .required
                    .iter()
                    .enumerate()
                    .map(|(si, set)| (si as u8, set))
                    .chain((!re.starts.is_empty()).then_some((START_SET, &re.starts)));
                for (si, set) in sets {
                    let owner = (ri, si);
                    for lit in set {
                        // as the text is searched (a dash found as a space may be a false
                        // candidate, which the expression itself then turns down)
                        let lit = &as_searched(lit);
                        match literal_at.get(lit) {
                            Some(&p) => {
                                if let Owner::Regex(list) = &mut owners[p] {
                                    list.push(owner);
                                }
                            }
                            None => {
                                literal_at.insert(lit.clone(), patterns.len());
                                patterns.push(lit.clone());
                                owners.push(Owner::Regex(vec![owner]));
                            }
                        }
                    }
                }
                regexes.push((id, re));
                continue;
            }
            let prefix = phrase.ends_with('*');
            for v in std::mem::take(forms) {
                patterns.push(v);
                owners.push(Owner::Phrase(id, prefix));
            }
        }
        // Every pattern is lowercase and the scan runs over the text in lowercase: an
        // automaton that ignores case itself has twice the transitions and takes three times
        // as long to build (a tenth of a single `check`).
        debug_assert!(
            patterns
                .iter()
                .all(|p| !p.iter().any(|b| b.is_ascii_uppercase()))
        );
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("phrases do not compile: {e}"))?;
        Ok(PhraseIndex {
            ac,
            owners,
            regexes,
            phrases: self.phrases,
            many_documents: AtomicBool::new(true),
        })
    }
}

/// What a pattern of the automaton stands for.
#[derive(Debug)]
enum Owner {
    /// A variant of a phrase (and whether the phrase is a prefix, `radicali*`).
    Phrase(PhraseId, bool),
    /// A required literal of these regular expressions: each an index into
    /// [`PhraseIndex::regexes`] and which of its required sets the literal is in, or
    /// [`START_SET`] for a literal its matches start with.
    Regex(Vec<(u32, u8)>),
}

/// The set number, in [`Owner::Regex`], of an expression's start literals
/// ([`PackRegex::starts`]); its required sets are numbered from 0.
const START_SET: u8 = u8::MAX;

/// A pack's regular expression: its text, the literals every match contains, and its two
/// compiled forms, each made when first needed.
#[derive(Debug)]
struct PackRegex {
    pattern: String,
    /// Sets of literals (lowercase where case does not matter): every match contains one
    /// literal of each set ([`required_sets`]), so the expression runs only over blocks
    /// holding one of each. Empty when no useful set was found, and the expression runs
    /// over every block.
    required: Vec<Vec<String>>,
    /// Literals (lowercase, as the required ones) one of which every match *starts* with
    /// ([`start_literals`]); empty when there is no useful such set. In a block whose words
    /// are all ASCII the expression is then tried only where one of them occurs, anchored
    /// there, rather than searched for from the start of the block: with bounded gaps such
    /// as `[^.;\n]{0,80}`, an unanchored search follows every start at once and builds far
    /// more automaton states.
    starts: Vec<String>,
    /// The prepared byte form of a shipped expression ([`prepared_literals`]), not yet read.
    prepared_form: Option<&'static str>,
    /// The expression over bytes for text whose words are all ASCII ([`ascii_form`]); for
    /// an expression whose required literals were prepared, made when first needed.
    ascii_form: OnceLock<Option<Hir>>,
    unicode: OnceLock<Result<Regex, String>>,
    ascii: OnceLock<Option<BytesRegex>>,
    /// The byte form as a forward automaton alone, for the anchored search of a few
    /// documents (see [`ForwardSearch`]).
    forward: OnceLock<Option<ForwardSearch>>,
}

/// The byte form compiled forward only. Tried anchored at a start literal, a match starts
/// there and only its end is to be found, so the reverse automaton (and the rest of what
/// `BytesRegex` builds to find where an unanchored match starts) is not needed: for a
/// single check, compiling that was much of the time spent on each expression.
#[derive(Debug)]
struct ForwardSearch {
    dfa: regex_automata::hybrid::dfa::DFA,
    cache: std::sync::Mutex<regex_automata::hybrid::dfa::Cache>,
}

impl ForwardSearch {
    fn new(hir: &Hir) -> Option<ForwardSearch> {
        use regex_automata::hybrid::dfa::{Config, DFA};
        use regex_automata::nfa::thompson;
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .build_from_hir(hir)
            .ok()?;
        let dfa = DFA::builder()
            .configure(
                Config::new()
                    .match_kind(regex_automata::MatchKind::LeftmostFirst)
                    .cache_capacity(REGEX_SIZE_LIMIT),
            )
            .build_from_nfa(nfa)
            .ok()?;
        let cache = std::sync::Mutex::new(dfa.create_cache());
        Some(ForwardSearch { dfa, cache })
    }

    /// [`matches_from_starts`] by the forward automaton; an error if it gave up (left to
    /// the whole expression).
    fn find_from_starts(
        &self,
        hay: &[u8],
        starts: &[u32],
        out: &mut Vec<(usize, usize)>,
    ) -> Result<(), regex_automata::MatchError> {
        use regex_automata::{Anchored, Input};
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        matches_from_starts(hay.len(), starts, out, |at| {
            let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
            Ok(self
                .dfa
                .try_search_fwd(&mut cache, &input)?
                .map(|end| end.offset()))
        })
    }
}

/// A compiled form of a pack expression, and the text it may run over.
enum Form<'a> {
    /// Over bytes; only for text whose words are all ASCII.
    Ascii(&'a BytesRegex),
    Unicode(&'a Regex),
}

impl PackRegex {
    /// A shipped pack's expression whose required literals were worked out in advance
    /// ([`prepared_literals`]): it is parsed only if a document needs it.
    fn prepared(pattern: &str, literals: &Literals) -> PackRegex {
        PackRegex {
            pattern: pattern.to_string(),
            required: literals.required.clone(),
            starts: literals.starts.clone(),
            prepared_form: literals.form,
            ascii_form: OnceLock::new(),
            unicode: OnceLock::new(),
            ascii: OnceLock::new(),
            forward: OnceLock::new(),
        }
    }

    fn ascii_form(&self) -> Option<&Hir> {
        self.ascii_form
            .get_or_init(|| {
                self.prepared_form
                    .and_then(hir_code::read)
                    .or_else(|| parse_pack_regex(&self.pattern).map(|h| ascii_form(&h)))
            })
            .as_ref()
    }

    fn unicode(&self) -> Result<&Regex, String> {
        self.unicode
            .get_or_init(|| compile_regex(&self.pattern))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The form to run over a text: the byte form where the text's words are all ASCII
    /// ([`ascii_words_only`]), where it matches exactly what the Unicode form matches, and
    /// compiles to a fraction of its size.
    fn for_text(&self, ascii_words: bool, prefilter: bool) -> Option<Form<'_>> {
        if ascii_words
            && let Some(re) = self
                .ascii
                .get_or_init(|| {
                    self.ascii_form()
                        .and_then(|h| compile_bytes(h, prefilter).ok())
                })
                .as_ref()
        {
            return Some(Form::Ascii(re));
        }
        self.unicode().ok().map(Form::Unicode)
    }

    /// The byte form as a forward automaton, compiled when first asked for.
    fn forward(&self) -> Option<&ForwardSearch> {
        self.forward
            .get_or_init(|| self.ascii_form().and_then(ForwardSearch::new))
            .as_ref()
    }

    /// Over a few documents, the search from start literals by the forward automaton alone
    /// (built when first needed); false, with nothing found, where it cannot serve.
    fn search_forward(&self, plain: &str, starts: &[u32], out: &mut Vec<(usize, usize)>) -> bool {
        let Some(forward) = self.forward() else {
            return false;
        };
        let found = forward.find_from_starts(plain.as_bytes(), starts, out);
        if found.is_err() {
            out.clear();
        }
        found.is_ok()
    }

    /// Every non-empty match in one block's text, as byte ranges. With `starts` (ascending
    /// offsets in the block of every occurrence of a start literal), the byte form is tried
    /// only at those offsets.
    fn find_all(
        &self,
        plain: &str,
        ascii_words: bool,
        prefilter: bool,
        starts: Option<&[u32]>,
        out: &mut Vec<(usize, usize)>,
    ) {
        out.clear();
        let by_bytes = if ascii_words
            && !prefilter
            && let Some(starts) = starts
            && self.search_forward(plain, starts, out)
        {
            true
        } else {
            match self.for_text(ascii_words, prefilter) {
                Some(Form::Ascii(re)) => {
                    match starts {
                        Some(starts) => find_from_starts(re, plain.as_bytes(), starts, out),
                        None => {
                            out.extend(re.find_iter(plain.as_bytes()).map(|m| (m.start(), m.end())))
                        }
                    }
                    true
                }
                Some(Form::Unicode(re)) => {
                    out.extend(re.find_iter(plain).map(|m| (m.start(), m.end())));
                    false
                }
                None => false,
            }
        };
        // Matches of the byte form start and end between characters (see `ascii_form`);
        // were one not to, the Unicode form decides for this block.
        if by_bytes && out.iter().any(|&(s, e)| !whole_characters(plain, s, e)) {
            debug_assert!(
                false,
                "a byte-form match split a character: {}",
                self.pattern
            );
            out.clear();
            if let Ok(re) = self.unicode() {
                out.extend(re.find_iter(plain).map(|m| (m.start(), m.end())));
            }
        }
        out.retain(|(s, e)| s < e);
    }
}

/// The matches `find_iter` would give, where every match starts at one of `starts`
/// (ascending): leftmost-first, the leftmost match is the preferred match anchored at the
/// first start where there is one; the next is looked for from its end on. `end_at(at)` is
/// where the preferred match anchored at `at` ends, if there is one.
fn matches_from_starts<E>(
    hay_len: usize,
    starts: &[u32],
    out: &mut Vec<(usize, usize)>,
    mut end_at: impl FnMut(usize) -> Result<Option<usize>, E>,
) -> Result<(), E> {
    let mut from = 0;
    for &at in starts {
        let at = at as usize;
        if at < from || at >= hay_len {
            continue;
        }
        if let Some(end) = end_at(at)? {
            out.push((at, end));
            // an empty match (none is kept) would not move the search on
            from = end.max(at + 1);
        }
    }
    Ok(())
}

/// [`matches_from_starts`] by the whole byte-form expression.
fn find_from_starts(re: &BytesRegex, hay: &[u8], starts: &[u32], out: &mut Vec<(usize, usize)>) {
    use regex_automata::{Anchored, Input};
    let found: Result<(), std::convert::Infallible> =
        matches_from_starts(hay.len(), starts, out, |at| {
            let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
            Ok(re.search(&input).map(|m| m.end()))
        });
    let Ok(()) = found;
}

/// Whether every word character in `text` is ASCII, so that ASCII and Unicode word
/// boundaries fall in the same places.
pub(crate) fn ascii_words_only(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| c.is_ascii() || !regex_syntax::is_word_character(c))
}

/// Check a phrase; a regular expression comes back analysed (and compiled, unless `lazy`).
fn validate(phrase: &str, lazy: bool) -> Result<Option<PackRegex>, String> {
    if phrase.len() > MAX_PHRASE_LEN {
        return Err(format!(
            "a phrase is {} characters long; the limit is {MAX_PHRASE_LEN}",
            phrase.len()
        ));
    }
    if let Some(re) = phrase.strip_prefix("re:") {
        let unicode = OnceLock::new();
        if !lazy {
            let _ = unicode.set(Ok(compile_regex(re)?));
        }
        let Some(hir) = parse_pack_regex(re) else {
            // the compiler's message is the one users see
            return Err(compile_regex(re).err().unwrap_or_default());
        };
        let literals = Literals::of(&hir);
        return Ok(Some(PackRegex {
            pattern: re.to_string(),
            required: literals.required,
            starts: literals.starts,
            prepared_form: None,
            ascii_form: OnceLock::from(Some(ascii_form(&hir))),
            unicode,
            ascii: OnceLock::new(),
            forward: OnceLock::new(),
        }));
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

/// Parse a pack's expression as it is compiled: ignoring case unless it says otherwise.
/// `None` where it does not parse (the compiler then says why).
fn parse_pack_regex(re: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(re)
        .ok()
}

/// The literals the automaton looks for on behalf of a regular expression.
#[derive(Debug)]
struct Literals {
    /// [`required_sets`]
    required: Vec<Vec<String>>,
    /// [`start_literals`]
    starts: Vec<String>,
    /// For a shipped expression, its byte form ([`ascii_form`]) as [`hir_code`] writes it.
    form: Option<&'static str>,
}

impl Literals {
    fn of(hir: &Hir) -> Literals {
        let required = required_sets(hir);
        let mut starts = start_literals(hir);
        // A start set of common words alone ("the" of `\bThe\s+Parent\s?Zone`) costs the
        // automaton a match in nearly every sentence, while the required literals already
        // leave few blocks to search. (Dropping sets that merely hold one, such as "not" of
        // the negation expressions, cost more: those have gaps an unanchored search follows.)
        if !required.is_empty() && starts.iter().all(|l| common_word(l)) {
            starts.clear();
        }
        Literals {
            required,
            starts,
            form: None,
        }
    }
}

/// The literals ([`Literals`]) of every regular expression in the packs shipped with
/// policylint, worked out in advance: finding them means parsing each expression, about a
/// tenth of a single `check`, and a policy needs only about half of them compiled. An
/// expression not in the table (a user's pack, or a pack edited since the table was made)
/// is parsed when loaded, as before; a test keeps the table the same as what
/// [`Literals::of`] finds now. Each row's byte form is prepared too, a line of
/// [`PREPARED_FORMS`] (the same test keeps those the same as [`ascii_form`] makes now).
fn prepared_literals() -> &'static HashMap<String, Literals> {
    static TABLE: OnceLock<HashMap<String, Literals>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let rows: Vec<TableRow> = serde_json::from_str(PREPARED_LITERALS).unwrap_or_default();
        // a form for every row, or none used at all
        let forms: Vec<&'static str> = PREPARED_FORMS.lines().collect();
        let forms_fit = forms.len() == rows.len();
        rows.into_iter()
            .enumerate()
            .map(|(at, (pattern, required, starts))| {
                let form = forms_fit.then(|| forms[at]);
                (
                    pattern,
                    Literals {
                        required,
                        starts,
                        form,
                    },
                )
            })
            .collect()
    })
}

/// A row of the prepared table: an expression, its required sets and its start literals.
type TableRow = (String, Vec<Vec<String>>, Vec<String>);

/// The table [`prepared_literals`] reads (written by a test, see there).
const PREPARED_LITERALS: &str = include_str!("phrases/prepared-literals.json");

/// The byte form of each row of [`PREPARED_LITERALS`], a line each in the same order
/// (written by the same test).
const PREPARED_FORMS: &str = include_str!("phrases/prepared-forms.txt");

fn compile_regex(re: &str) -> Result<Regex, String> {
    compile_with_case(re, true)
}

/// Compile with or without the case-insensitive default. A pattern printed from a parsed
/// expression (the ASCII-boundary form) already says exactly which parts ignore case, as
/// character classes such as `[Tt]`, so it is compiled without the default: with it, a part
/// that must match case exactly (`(?-i:The)`) would lose that.
fn compile_with_case(re: &str, case_insensitive: bool) -> Result<Regex, String> {
    RegexBuilder::new(re)
        .case_insensitive(case_insensitive)
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

/// A fixed set of expressions (leftmost-first, as an alternation of them in order) compiled
/// twice: as written, and in the byte form ([`ascii_form`]) that runs over text whose words
/// are all ASCII. The lazy DFA gives up on Unicode word boundaries in text with any
/// non-ASCII byte (a curly quote is enough) and a much slower engine takes over; the byte
/// form has ASCII boundaries, which it never gives up on.
#[derive(Debug)]
pub struct TextRegex {
    parsed: Vec<builtin::Builtin>,
    // each form is compiled when first needed: most runs need only the byte form
    unicode: OnceLock<BytesRegex>,
    ascii: OnceLock<BytesRegex>,
}

impl TextRegex {
    /// Parse `patterns`, ignoring case unless a pattern says otherwise.
    pub fn case_insensitive(patterns: &[&str]) -> Result<TextRegex, String> {
        let parsed = patterns
            .iter()
            .map(|p| builtin::Builtin::new(p, true))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(TextRegex {
            parsed,
            unicode: OnceLock::new(),
            ascii: OnceLock::new(),
        })
    }

    fn build<H: std::borrow::Borrow<Hir>>(hirs: &[H]) -> BytesRegex {
        use regex_automata::meta;
        meta::Builder::new()
            .configure(
                // no literal prefilter: working it out cost more than it saved, in a single
                // check and an audit alike (counted instructions)
                meta::Config::new()
                    .auto_prefilter(false)
                    .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit),
            )
            .build_many_from_hir(hirs)
            // only policylint's own fixed expressions are compiled here, and its tests
            // compile each of them
            .expect("a built-in expression compiles")
    }

    fn unicode(&self) -> &BytesRegex {
        self.unicode.get_or_init(|| {
            let forms: Vec<&Hir> = self
                .parsed
                .iter()
                .map(builtin::Builtin::as_written)
                .collect();
            Self::build(&forms)
        })
    }

    fn ascii(&self) -> &BytesRegex {
        self.ascii.get_or_init(|| {
            let forms: Vec<Hir> = self.parsed.iter().map(builtin::Builtin::bytes).collect();
            Self::build(&forms)
        })
    }

    /// Every match in `text`, left to right: which pattern, and where.
    pub fn find_all(&self, text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        let found = |re: &BytesRegex| -> Vec<(usize, std::ops::Range<usize>)> {
            re.find_iter(text.as_bytes())
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect()
        };
        if ascii_words_only(text) {
            let out = found(self.ascii());
            // as in `PackRegex::find_all`: a match splitting a character cannot happen, and
            // would be left to the form as written
            if out
                .iter()
                .all(|(_, r)| whole_characters(text, r.start, r.end))
            {
                return out;
            }
        }
        found(self.unicode())
    }

    pub fn is_match(&self, text: &str) -> bool {
        if ascii_words_only(text) {
            self.ascii().is_match(text.as_bytes())
        } else {
            self.unicode().is_match(text.as_bytes())
        }
    }
}

/// Whether a byte-form match starts and ends between characters, as [`ascii_form`] ensures.
fn whole_characters(text: &str, start: usize, end: usize) -> bool {
    text.is_char_boundary(start) && text.is_char_boundary(end)
}

/// Compile the byte form of an expression straight from its parsed form. Only whole matches
/// are wanted, so no capture groups are tracked and no engine that exists to find them
/// (one-pass DFA, backtracker) is built.
///
/// `prefilter`: also build a literal prefilter and, for a small expression, a full DFA (see
/// [`PhraseIndex::expect_documents`]).
fn compile_bytes(hir: &Hir, prefilter: bool) -> Result<BytesRegex, String> {
    use regex_automata::meta;
    use regex_automata::nfa::thompson::WhichCaptures;
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .which_captures(WhichCaptures::Implicit)
                .onepass(false)
                .backtrack(false)
                .auto_prefilter(prefilter)
                .dfa(prefilter)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(REGEX_SIZE_LIMIT),
        )
        .build_from_hir(hir)
        .map_err(|e| format!("the regular expression `{hir}` has no byte form: {e}"))
}

/// The characters outside ASCII that are not word characters: in a text whose words are all
/// ASCII, the only ones that can occur (curly quotes, dashes, no-break spaces, £, •).
fn non_ascii_non_word() -> &'static hir::ClassUnicode {
    static CLASS: OnceLock<hir::ClassUnicode> = OnceLock::new();
    CLASS.get_or_init(|| {
        let mut class =
            hir::ClassUnicode::new([hir::ClassUnicodeRange::new('\u{80}', '\u{10FFFF}')]);
        if let Ok(word) = regex_syntax::parse(r"\w")
            && let HirKind::Class(hir::Class::Unicode(w)) = word.kind()
        {
            class.difference(w);
        }
        class
    })
}

/// The expression over bytes, for text whose words are all ASCII, where it matches exactly
/// what the expression matches: Unicode word boundaries become ASCII ones (the same places
/// in such text), and each character class keeps its ASCII part as bytes plus, of its other
/// characters, only those such text can hold. A class holding all of those becomes "any
/// character outside ASCII", a lead byte and its continuation bytes, so that it still
/// matches one whole character, and every match starts and ends between characters. This
/// is what makes the form small: `[^.;\n]{0,80}` is 80 copies of three byte ranges, not of
/// the UTF-8 automaton for almost all of Unicode.
fn ascii_form(h: &Hir) -> Hir {
    match h.kind() {
        HirKind::Look(l) => Hir::look(match l {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Class(hir::Class::Unicode(c)) => class_ascii_form(c),
        HirKind::Repetition(r) => Hir::repetition(hir::Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(ascii_form(&r.sub)),
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(ascii_form(&c.sub)),
        }),
        HirKind::Concat(v) => Hir::concat(v.iter().map(ascii_form).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(ascii_form).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => h.clone(),
    }
}

/// Up to how many documents a run counts as few (see [`PhraseIndex::expect_documents`]).
const FEW_DOCUMENTS: usize = 8;

/// Up to how many characters outside ASCII a class's byte form lists one by one.
const FEW_CHARACTERS: usize = 16;

fn class_ascii_form(c: &hir::ClassUnicode) -> Hir {
    let ascii_ranges = c
        .ranges()
        .iter()
        .filter(|r| r.start() <= '\x7F')
        .map(|r| hir::ClassBytesRange::new(r.start() as u8, r.end().min('\x7F') as u8));
    let ascii = Hir::class(hir::Class::Bytes(hir::ClassBytes::new(ascii_ranges)));
    // most classes are one letter in either case (`[Tt]`): nothing outside ASCII to keep
    if c.ranges().last().is_none_or(|r| r.end() <= '\x7F') {
        return ascii;
    }
    // a negated class (`[^.;\n]`) holds every character outside ASCII
    if c.ranges()
        .iter()
        .any(|r| r.start() <= '\u{80}' && r.end() == '\u{10FFFF}')
    {
        return Hir::alternation(vec![ascii, any_non_ascii_character()]);
    }
    let possible = non_ascii_non_word();
    let mut held = c.clone();
    held.intersect(possible);
    // Such text holds no other characters outside ASCII, so the class's own part outside
    // ASCII matches there exactly what `held` does; where it is the simpler class (a negated
    // class less a dash or two, `[^.–—]`), it is the one compiled.
    let mut own = c.clone();
    own.intersect(&hir::ClassUnicode::new([hir::ClassUnicodeRange::new(
        '\u{80}',
        '\u{10FFFF}',
    )]));
    let other = if held.ranges().is_empty() {
        return ascii;
    } else if held == *possible {
        any_non_ascii_character()
    } else if own.ranges().len() < held.ranges().len() {
        Hir::class(hir::Class::Unicode(own))
    } else if held.ranges().iter().map(|r| r.len()).sum::<usize>() <= FEW_CHARACTERS {
        // a few characters (`’`, `–—`) as their UTF-8 bytes: compiling a Unicode class,
        // however small, costs more than the rest of a typical expression
        let chars = held.ranges().iter().flat_map(|r| r.start()..=r.end());
        Hir::alternation(
            chars
                .map(|ch| Hir::literal(ch.encode_utf8(&mut [0; 4]).as_bytes()))
                .collect(),
        )
    } else {
        Hir::class(hir::Class::Unicode(held))
    };
    Hir::alternation(vec![ascii, other])
}

/// Any one character outside ASCII, as bytes: a lead byte and its continuation bytes.
fn any_non_ascii_character() -> Hir {
    Hir::concat(vec![
        Hir::class(hir::Class::Bytes(hir::ClassBytes::new([
            hir::ClassBytesRange::new(0xC2, 0xF4),
        ]))),
        Hir::repetition(hir::Repetition {
            min: 1,
            max: None,
            greedy: true,
            sub: Box::new(Hir::class(hir::Class::Bytes(hir::ClassBytes::new([
                hir::ClassBytesRange::new(0x80, 0xBF),
            ])))),
        }),
    ])
}

/// Most characters a class may hold for [`exact_strings`] to spell it out.
const MAX_CLASS_CHARS: u32 = 4;

/// The characters of a small class that is not one letter in either case, each as a
/// string lowercased as the text searched is: `['’]` is "'" or "’". Not for a class holding
/// an ASCII letter (only [`case_letter`] knows how such a class folds).
fn few_characters(class: &hir::Class) -> Option<Vec<String>> {
    let hir::Class::Unicode(c) = class else {
        return None;
    };
    let count: u32 = c.ranges().iter().map(|r| r.len() as u32).sum();
    if count > MAX_CLASS_CHARS {
        return None;
    }
    let chars: Vec<char> = c
        .ranges()
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .collect();
    if chars.iter().any(|ch| ch.is_ascii_alphabetic()) {
        return None;
    }
    Some(chars.iter().map(char::to_string).collect())
}

/// The lowercase ASCII letter a class stands for when it is one letter in either case
/// (`[Dd]`, and `[Ss\u{17F}]`: the long s and the Kelvin sign are left to
/// [`PhraseIndex::scan`], which searches every block of a document holding one).
fn case_letter(class: &hir::Class) -> Option<char> {
    let hir::Class::Unicode(c) = class else {
        return None;
    };
    let mut letter: Option<char> = None;
    for r in c.ranges() {
        for ch in r.start()..=r.end() {
            let l = match ch {
                'a'..='z' => ch,
                'A'..='Z' => ch.to_ascii_lowercase(),
                '\u{17F}' => 's',
                '\u{212A}' => 'k',
                _ => return None,
            };
            match letter {
                None => letter = Some(l),
                Some(x) if x == l => {}
                Some(_) => return None,
            }
        }
    }
    letter
}

/// Text every match of `h` contains one of, as lowercase literals (searched for without
/// regard to ASCII case); `None` when there is no such set.
fn required_literals(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Literal(hir::Literal(bytes)) => {
            let s = std::str::from_utf8(bytes).ok()?;
            let s = s.split('\n').max_by_key(|p| p.len())?;
            (!s.is_empty()).then(|| vec![s.to_ascii_lowercase()])
        }
        HirKind::Class(c) => case_letter(c).map(|l| vec![l.to_string()]),
        HirKind::Capture(c) => required_literals(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required_literals(&r.sub),
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(required_literals(a)?);
            }
            Some(minimal(all))
        }
        HirKind::Concat(items) => {
            concat_sets(items, |item| required_literals(item).into_iter().collect())
                .into_iter()
                .map(minimal)
                .max_by_key(|set| set_quality(set))
        }
        HirKind::Repetition(_) | HirKind::Look(_) | HirKind::Empty => None,
    }
}

/// How good a set of required literals is at ruling blocks out: the longer its shortest
/// literal, the fewer blocks hold one; then the fewer literals, the better.
fn set_quality(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(String::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

/// Most sets of required literals a regular expression is given (see [`required_sets`]).
const MAX_REQUIRED_SETS: usize = 3;

/// Words too common to be worth a required set: nearly every block holds one, so a set
/// holding one would cost hits of the automaton and rule out almost nothing. (Counted in a
/// 50 KB policy: "the", " the ", "is ", "on ", "of " and the like were a fifth of the
/// automaton's 11,300 matches.)
const COMMON_WORDS: &[&str] = &[
    "a", "all", "an", "and", "any", "are", "as", "at", "be", "been", "by", "can", "for", "from",
    "has", "have", "her", "his", "in", "is", "it", "its", "may", "not", "of", "on", "or", "our",
    "that", "the", "their", "they", "this", "to", "was", "we", "who", "will", "with", "you",
];

/// Whether a required literal is, spaces aside, one of the [`COMMON_WORDS`].
fn common_word(literal: &str) -> bool {
    COMMON_WORDS.contains(&literal.trim())
}

/// Sets of literals of which every match contains one *of each*, best first (for
/// `\b(?:DSL|designated safeguarding lead)\b[^.]{0,60}\btrain`, both "dsl" or "designated
/// safeguarding lead" and "train"): a block lacking any one set cannot hold a match. Only
/// useful sets are kept; empty when there is none.
fn required_sets(h: &Hir) -> Vec<Vec<String>> {
    let sets: Vec<Vec<String>> = match h.kind() {
        HirKind::Capture(c) => return required_sets(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => return required_sets(&r.sub),
        HirKind::Concat(items) => concat_sets(items, required_sets),
        _ => required_literals(h).into_iter().collect(),
    };
    let mut sets: Vec<Vec<String>> = sets
        .into_iter()
        .map(minimal)
        .filter(|set| !set.is_empty() && set.iter().all(|l| useful_literal(l)))
        .collect();
    // best first, and the same set written twice (by two parts) kept once
    sets.sort_by(|a, b| set_quality(b).cmp(&set_quality(a)).then_with(|| a.cmp(b)));
    sets.dedup();
    let mut kept = Vec::new();
    for set in sets {
        if !set.iter().any(|l| common_word(l)) {
            kept.push(set);
        }
        if kept.len() == MAX_REQUIRED_SETS {
            break;
        }
    }
    kept
}

/// What a sequence requires: each run of parts side by side that each match a small set of
/// exact strings, multiplied out ("d" then "sl" or "esignated…" is "dsl" or
/// "designated…"), and whatever each other part requires on its own (`inner`).
fn concat_sets(items: &[Hir], inner: impl Fn(&Hir) -> Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut candidates: Vec<Vec<String>> = Vec::new();
    let mut run: Option<Vec<String>> = None;
    for item in items {
        if matches!(item.kind(), HirKind::Look(_) | HirKind::Empty) {
            // zero-width: the text on either side is still side by side
            continue;
        }
        if let Some(set) = exact_strings(item) {
            run = Some(match run.take() {
                None => set,
                Some(prefixes) => match cross(&prefixes, &set) {
                    Some(joined) => joined,
                    None => {
                        candidates.push(prefixes);
                        set
                    }
                },
            });
            continue;
        }
        // a part that is not a few exact strings may still begin with one of a few: the
        // run so far joins onto it (`[Ll]` then `egislation|aws?|egal\s+framework`, as the
        // parser factors `legislation|laws?|legal\s+framework`, is "law", "legal" or
        // "legislation"); and what it ends with starts the next run (`(?:[\w-]+\.)+` then
        // `uk|com` is ".uk" or ".com")
        if let Some(prefixes) = run.take() {
            let joined = exact_edge(item, Edge::Start).and_then(|starts| cross(&prefixes, &starts));
            candidates.push(joined.unwrap_or(prefixes));
        }
        candidates.extend(inner(item));
        run = exact_edge(item, Edge::End);
    }
    candidates.extend(run);
    candidates
}

/// Which end of a match [`exact_edge`] looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// Strings one of which every match of `h` begins with (or ends with), when that is a
/// small set: all of a part that is a few exact strings; of a sequence, its parts up to the
/// first that is not, joined to what that part begins with; of an alternation, what each
/// alternative begins with; of a repetition of at least one, what its part begins with.
/// An empty string in the set stands for a match that begins with nothing known.
fn exact_edge(h: &Hir, edge: Edge) -> Option<Vec<String>> {
    if let Some(all) = exact_strings(h) {
        return Some(all);
    }
    match h.kind() {
        HirKind::Capture(c) => exact_edge(&c.sub, edge),
        HirKind::Repetition(r) if r.min >= 1 => exact_edge(&r.sub, edge),
        HirKind::Alternation(alts) => union_of(alts, |a| exact_edge(a, edge)),
        HirKind::Concat(items) => {
            let parts = items
                .iter()
                .filter(|i| !matches!(i.kind(), HirKind::Look(_) | HirKind::Empty));
            let parts: Vec<&Hir> = match edge {
                Edge::Start => parts.collect(),
                Edge::End => parts.rev().collect(),
            };
            let join = |known: &[String], next: &[String]| match edge {
                Edge::Start => cross(known, next),
                Edge::End => cross(next, known),
            };
            let mut known = vec![String::new()];
            for part in parts {
                let (next, last) = match exact_strings(part) {
                    Some(set) => (Some(set), false),
                    None => (exact_edge(part, edge), true),
                };
                // too many strings to join: what is known so far still holds
                match next.and_then(|n| join(&known, &n)) {
                    Some(joined) => known = joined,
                    None => return Some(known),
                }
                if last {
                    break;
                }
            }
            Some(known)
        }
        _ => None,
    }
}

/// The strings of every alternative (`of` each), when each has a set and together they are
/// a small set.
fn union_of(alts: &[Hir], of: impl Fn(&Hir) -> Option<Vec<String>>) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for a in alts {
        all.extend(of(a)?);
        if all.len() > MAX_EXACT_STRINGS {
            return None;
        }
    }
    all.sort();
    all.dedup();
    Some(all)
}

/// A set of required literals without those holding another ("lscbs" holds "lscb"): a text
/// holding the longer one holds the shorter.
fn minimal(mut set: Vec<String>) -> Vec<String> {
    set.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    set.dedup();
    let mut kept: Vec<String> = Vec::new();
    for l in set {
        if !kept.iter().any(|k| l.contains(k.as_str())) {
            kept.push(l);
        }
    }
    kept.sort();
    kept
}

/// Most strings an exact set may hold before it is no longer worth multiplying out.
const MAX_EXACT_STRINGS: usize = 64;

/// Every string `h` can match, lowercased, when that is a small set of strings (a literal, a
/// one-letter class such as `[Dd]`, an optional part such as `s?`, which adds the empty
/// string, or alternations and sequences of these).
fn exact_strings(h: &Hir) -> Option<Vec<String>> {
    match h.kind() {
        HirKind::Literal(hir::Literal(bytes)) => {
            let s = std::str::from_utf8(bytes).ok()?;
            (!s.contains('\n')).then(|| vec![s.to_ascii_lowercase()])
        }
        HirKind::Class(c) => case_letter(c)
            .map(|l| vec![l.to_string()])
            .or_else(|| few_characters(c)),
        HirKind::Capture(c) => exact_strings(&c.sub),
        HirKind::Alternation(alts) => union_of(alts, exact_strings),
        HirKind::Concat(items) => {
            let mut acc = vec![String::new()];
            for item in items {
                if matches!(item.kind(), HirKind::Look(_)) {
                    continue;
                }
                acc = cross(&acc, &exact_strings(item)?)?;
            }
            Some(acc)
        }
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut set = exact_strings(&r.sub)?;
            set.push(String::new());
            set.sort();
            set.dedup();
            Some(set)
        }
        HirKind::Empty => Some(vec![String::new()]),
        HirKind::Repetition(_) | HirKind::Look(_) => None,
    }
}

/// Whether a required literal is worth searching for: three characters or more, two that
/// are not both letters ("<<", "5g"; "sl" is inside too many words), or one digit or
/// bracket, which most blocks lack (the "3" of "3Cs", the "[" of a template's "[Name]").
fn useful_literal(l: &str) -> bool {
    l.len() >= MIN_REQUIRED_LEN
        || (l.len() == 2 && !l.chars().all(|c| c.is_ascii_alphabetic()))
        || (l.len() == 1
            && l.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '[' | ']' | '{' | '}')))
}

/// Literals one of which every match of `h` starts with ([`exact_edge`]), when each is
/// worth searching for; without those that start with another of them (every "passes" is
/// also a "pass", at the same place). Empty when there is no such set.
fn start_literals(h: &Hir) -> Vec<String> {
    let Some(mut set) = exact_edge(h, Edge::Start) else {
        return Vec::new();
    };
    if set.is_empty() || !set.iter().all(|l| useful_literal(l)) {
        return Vec::new();
    }
    set.sort();
    set.dedup();
    let mut kept: Vec<String> = Vec::new();
    for l in set {
        // sorted, so a literal's prefixes in the set come before it
        if !kept.iter().any(|k| l.starts_with(k.as_str())) {
            kept.push(l);
        }
    }
    kept
}

/// Each of `prefixes` followed by each of `suffixes`, unless that is too many.
fn cross(prefixes: &[String], suffixes: &[String]) -> Option<Vec<String>> {
    if prefixes.len() * suffixes.len() > MAX_EXACT_STRINGS {
        return None;
    }
    let mut out: Vec<String> = prefixes
        .iter()
        .flat_map(|p| suffixes.iter().map(move |s| format!("{p}{s}")))
        .collect();
    out.sort();
    out.dedup();
    Some(out)
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
    /// Whether the run checks enough documents for a regular expression's literal prefilter
    /// to repay the time it takes to build (see [`PhraseIndex::expect_documents`]).
    many_documents: AtomicBool,
    ac: AhoCorasick,
    owners: Vec<Owner>,
    regexes: Vec<(PhraseId, PackRegex)>,
    phrases: Vec<String>,
}

/// What [`PhraseIndex::automaton_pass`] finds.
struct AutomatonPass {
    phrase_hits: Vec<(PhraseId, Hit)>,
    /// Of each regular expression, the blocks holding a literal of one of its required
    /// sets, and which set: (block, set), sorted, grouped by expression (see [`Grouped`]).
    candidates: Grouped<(u32, u8)>,
    /// Of each regular expression with start literals, where one occurs: (block, offset),
    /// sorted, grouped by expression.
    starts: Grouped<(u32, u32)>,
}

/// Items of each regular expression (or, in [`Hits::gather`], each phrase) in one list
/// rather than a list per expression (most of which would be empty or hold a few items,
/// each its own allocation): a counting sort.
struct Grouped<T> {
    items: Vec<T>,
    /// Where each expression's items begin in `items`, and then where the last one's end.
    bounds: Vec<u32>,
}

impl<T: Copy + Ord> Grouped<T> {
    /// `pairs` of (expression, item) grouped by expression, each group sorted; an
    /// expression number at or past `expressions` panics.
    fn of(pairs: &[(u32, T)], expressions: usize) -> Grouped<T> {
        let mut bounds = vec![0u32; expressions + 1];
        for &(r, _) in pairs {
            bounds[r as usize + 1] += 1;
        }
        for r in 0..expressions {
            bounds[r + 1] += bounds[r];
        }
        let mut next: Vec<u32> = bounds[..expressions].to_vec();
        // every place is written below; the first item only fills them until then
        let mut items: Vec<T> = match pairs.first() {
            Some(&(_, first)) => vec![first; pairs.len()],
            None => Vec::new(),
        };
        for &(r, item) in pairs {
            items[next[r as usize] as usize] = item;
            next[r as usize] += 1;
        }
        for r in 0..expressions {
            items[bounds[r] as usize..bounds[r + 1] as usize].sort_unstable();
        }
        Grouped { items, bounds }
    }

    /// Expression `r`'s items.
    fn of_expression(&self, r: usize) -> &[T] {
        &self.items[self.bounds[r] as usize..self.bounds[r + 1] as usize]
    }
}

/// Every phrase's hits in one document, in document order.
#[derive(Debug, Default)]
pub struct Hits {
    /// every hit, phrase by phrase; phrase `id`'s are `hits[starts[id]..starts[id + 1]]`
    hits: Vec<Hit>,
    starts: Vec<u32>,
    /// of each hit, whether its clause says the thing is absent or undecided (worked out
    /// once per document: many checks read the same phrases)
    negated: Vec<bool>,
}

impl Hits {
    /// Where phrase `id` was found, in order of place (block, then offset), each place once.
    pub fn of(&self, id: PhraseId) -> &[Hit] {
        &self.hits[self.range_of(id)]
    }

    /// Where phrase `id` was found, as [`Hits::of`], each with whether its clause is negated
    /// (see [`crate::document::sentences::Sentences::is_negated`]).
    pub fn of_with_negation(&self, id: PhraseId) -> (&[Hit], &[bool]) {
        let range = self.range_of(id);
        (&self.hits[range.clone()], &self.negated[range])
    }

    fn range_of(&self, id: PhraseId) -> std::ops::Range<usize> {
        let id = id as usize;
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&from), Some(&to)) => from as usize..to as usize,
            _ => 0..0,
        }
    }

    /// Work out, for every hit, whether the clause holding it is negated.
    fn mark_negated(&mut self, doc: &Document) {
        self.negated = self
            .hits
            .iter()
            .map(|h| doc.sentences[h.block as usize].is_negated(h.start as usize))
            .collect();
    }

    /// Gather `(phrase, hit)` pairs, in any order and repeated, phrase by phrase (a counting
    /// sort: one allocation for them all rather than one per phrase found).
    fn gather(found: &[(PhraseId, Hit)], phrases: usize) -> Hits {
        let Grouped {
            items: mut hits,
            bounds,
        } = Grouped::of(found, phrases);
        // each phrase's hits, already in order, each once, closing up the gaps left by repeats
        let mut starts = vec![0u32; phrases + 1];
        let mut kept = 0usize;
        for id in 0..phrases {
            let (from, to) = (bounds[id] as usize, bounds[id + 1] as usize);
            starts[id] = kept as u32;
            for i in from..to {
                if kept == starts[id] as usize || hits[kept - 1] != hits[i] {
                    hits[kept] = hits[i];
                    kept += 1;
                }
            }
        }
        starts[phrases] = kept as u32;
        hits.truncate(kept);
        let negated = vec![false; hits.len()];
        Hits {
            hits,
            starts,
            negated,
        }
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

    /// Compile every regular expression now (both forms), returning the first error. The
    /// shipped packs' expressions are otherwise compiled on first use; the test suite
    /// calls this so that a bad one is caught there.
    pub fn compile_all(&self) -> Result<(), String> {
        for (_, re) in &self.regexes {
            re.unicode()?;
            let form = re
                .ascii_form()
                .ok_or_else(|| format!("`{}` does not parse", re.pattern))?;
            compile_bytes(form, true)?;
        }
        Ok(())
    }

    /// Say how many documents the run will check. Each block searched already holds one of
    /// an expression's required literals, so a prefilter inside the expression saves little;
    /// over a few documents, building it costs more than it saves (about a tenth of a
    /// single `check`), while over many it still pays a little. The same goes for the full
    /// DFA built for a small expression in place of the lazy one. Defaults to many.
    pub fn expect_documents(&self, n: usize) {
        self.many_documents
            .store(n > FEW_DOCUMENTS, Ordering::Relaxed);
    }

    /// Over a few documents, compile the expressions' forms a search of one first uses (see
    /// [`PackRegex::find_all`]), one after another while `go_on` says so: a single check
    /// does this on a core that would otherwise wait for the policy to be read.
    pub fn compile_ahead(&self, go_on: impl Fn() -> bool) {
        if self.many_documents.load(Ordering::Relaxed) {
            return;
        }
        for (_, re) in &self.regexes {
            if !go_on() {
                return;
            }
            if re.starts.is_empty() {
                let _ = re.for_text(true, false);
            } else {
                let _ = re.forward();
            }
        }
    }

    /// The automaton's one pass over a document: each phrase's hits, and for each regular
    /// expression the (block, set) pairs holding one of its required literals and the
    /// (block, offset) places where one of its start literals occurs.
    fn automaton_pass(&self, doc: &Document) -> AutomatonPass {
        let text = doc.search_text.as_str();
        let bytes = text.as_bytes();
        // sized for what a policy holds (measured over 40 generated policies: a phrase hit
        // every 12 bytes, before the expressions' hits join them; a required literal every
        // 9; a start literal every 12), so that the lists are seldom copied as they grow;
        // a very large file's lists grow as they fill instead
        let sized = |bytes_per_item: usize| (bytes.len() / bytes_per_item).min(1 << 16);
        let mut phrase_hits: Vec<(PhraseId, Hit)> = Vec::with_capacity(sized(8));
        // (expression, (block, required set)) and (expression, (block, offset))
        let mut candidates: Vec<(u32, (u32, u8))> = Vec::with_capacity(sized(6));
        let mut starts: Vec<(u32, (u32, u32))> = Vec::with_capacity(sized(8));
        // of each expression, the last (block, set) noted: a literal met again in the same
        // block adds nothing (a common one is required by dozens of expressions)
        let mut last_noted: Vec<(u32, u8)> = vec![(u32::MAX, 0); self.regexes.len()];
        // byte offsets are the same in both texts
        let searched = as_searched(text);
        // The automaton reports matches by where they end, in order, so the block holding
        // the last end is followed along rather than searched for at every match.
        let block_starts = &doc.block_starts;
        let mut current = 0;
        let mut locate = |s: usize, e: usize| {
            while block_starts.get(current + 1).is_some_and(|&next| next < e) {
                current += 1;
            }
            let found = match block_starts.get(current) {
                Some(&from) if s >= from => (current, s - from),
                _ => doc.locate(s),
            };
            // (every test run over the fixtures checks the shortcut)
            debug_assert_eq!(found, doc.locate(s));
            found
        };
        for m in self.ac.find_overlapping_iter(&searched) {
            let (s, e) = (m.start(), m.end());
            match &self.owners[m.pattern().as_usize()] {
                Owner::Phrase(id, prefix) => {
                    let prefix = *prefix;
                    if !boundary_before(text, s) || (!prefix && !boundary_after(text, e)) {
                        continue;
                    }
                    if bytes[s..e].contains(&b'\n') {
                        continue;
                    }
                    let (block, offset) = locate(s, e);
                    // a prefix phrase covers the rest of its word ("radicali*" → "radicalisation")
                    let end = if prefix { word_end(text, e) } else { e };
                    phrase_hits.push((
                        *id,
                        Hit {
                            block: block as u32,
                            start: offset as u32,
                            end: (offset + (end - s)) as u32,
                        },
                    ));
                }
                Owner::Regex(list) => {
                    let (block, offset) = locate(s, e);
                    let block = block as u32;
                    for &(r, set) in list {
                        if set == START_SET {
                            starts.push((r, (block, offset as u32)));
                        } else if last_noted[r as usize] != (block, set) {
                            last_noted[r as usize] = (block, set);
                            candidates.push((r, (block, set)));
                        }
                    }
                }
            }
        }
        AutomatonPass {
            phrase_hits,
            candidates: Grouped::of(&candidates, self.regexes.len()),
            starts: Grouped::of(&starts, self.regexes.len()),
        }
    }

    /// Find every phrase in the document's text in one pass. With `needed` (by phrase id),
    /// a regular expression not needed is not run, and has no hits.
    pub fn scan(&self, doc: &Document, needed: Option<&[bool]>) -> Hits {
        let prefilter = self.many_documents.load(Ordering::Relaxed);
        let text = doc.search_text.as_str();
        let AutomatonPass {
            mut phrase_hits,
            candidates,
            starts,
        } = if prefilter {
            self.automaton_pass(doc)
        } else {
            // Over a few documents the other core, idle during the automaton's pass, goes
            // on compiling the expressions' forms (see `compile_ahead`).
            let passing = AtomicBool::new(true);
            let (pass, ()) = rayon::join(
                || {
                    let pass = self.automaton_pass(doc);
                    passing.store(false, Ordering::Relaxed);
                    pass
                },
                || self.compile_ahead(|| passing.load(Ordering::Relaxed)),
            );
            pass
        };
        // The literals are searched for without regard to ASCII case only; a long s or a
        // Kelvin sign also matches `s` or `k` in a case-insensitive expression, so a
        // document holding one has every block searched.
        let folds = text.contains('\u{17F}') || text.contains('\u{212A}');
        let block_count = doc.outline.blocks.len() as u32;
        // the blocks an expression runs over: those holding a literal of each of its
        // required sets, or every block
        let select = |r: usize, blocks: &mut Vec<u32>| {
            let (id, re) = &self.regexes[r];
            blocks.clear();
            if needed.is_some_and(|n| !n.get(*id as usize).copied().unwrap_or(false)) {
                // no check chosen for this policy looks this expression up
            } else if !re.required.is_empty() && !folds {
                blocks_holding_each(candidates.of_expression(r), re.required.len(), blocks);
            } else {
                blocks.extend(0..block_count);
            }
        };
        // whether each block's words are all ASCII, worked out once rather than per expression
        let ascii_words: Vec<bool> = doc
            .outline
            .blocks
            .iter()
            .map(|b| ascii_words_only(&b.plain))
            .collect();
        // A match never spans two blocks (DESIGN: evidence is found within a block), so each
        // expression runs over each candidate block's text on its own.
        let search = |r: usize,
                      blocks: &[u32],
                      found: &mut Vec<(usize, usize)>,
                      at: &mut Vec<u32>,
                      hits: &mut Vec<(PhraseId, Hit)>| {
            let (id, re) = &self.regexes[r];
            let starts = starts.of_expression(r);
            // a start literal folded outside ASCII is not found by the automaton
            let anchored = !re.starts.is_empty() && !folds;
            for &b in blocks {
                let plain = &doc.outline.blocks[b as usize].plain;
                let block_starts = anchored.then(|| {
                    let first = starts.partition_point(|&(sb, _)| sb < b);
                    at.clear();
                    at.extend(
                        starts[first..]
                            .iter()
                            .take_while(|&&(sb, _)| sb == b)
                            .map(|&(_, offset)| offset),
                    );
                    // the automaton reports overlapping literals, so one place may come twice
                    at.dedup();
                    at.as_slice()
                });
                re.find_all(
                    plain,
                    ascii_words[b as usize],
                    prefilter,
                    block_starts,
                    found,
                );
                hits.extend(found.iter().map(|&(s, e)| {
                    let hit = Hit {
                        block: b,
                        start: s as u32,
                        end: e as u32,
                    };
                    (*id, hit)
                }));
            }
        };
        if prefilter {
            let (mut blocks, mut found, mut at) = (Vec::new(), Vec::new(), Vec::new());
            for r in 0..self.regexes.len() {
                select(r, &mut blocks);
                search(r, &blocks, &mut found, &mut at, &mut phrase_hits);
            }
        } else {
            // A run over a few documents spends most of this compiling the expressions the
            // document needs, on first use, and searching with caches not yet warm: one
            // expression per task, on every core.
            let searched: Vec<Vec<(PhraseId, Hit)>> = (0..self.regexes.len())
                .into_par_iter()
                .map_init(
                    || (Vec::new(), Vec::new(), Vec::new()),
                    |(blocks, found, at), r| {
                        let mut hits = Vec::new();
                        select(r, blocks);
                        search(r, blocks, found, at, &mut hits);
                        hits
                    },
                )
                .collect();
            phrase_hits.extend(searched.into_iter().flatten());
        }
        let mut hits = Hits::gather(&phrase_hits, self.phrases.len());
        hits.mark_negated(doc);
        hits
    }
}

/// Every Markdown file of the repository's fixtures, examples and model policies, in order
/// (for tests that run over all of them).
#[cfg(test)]
pub(crate) fn markdown_in_repository() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack: Vec<_> = ["fixtures", "examples", "templates"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Text as the automaton searches it, and its patterns as they are written into it: ASCII
/// letters in lowercase, and every ASCII dash a space. A phrase's variants with a dash or a
/// space between two words ("online-safety lead", "online safety-lead") are then one
/// pattern rather than up to sixteen (5,277 patterns became 2,294). Each byte stays
/// where it was, so offsets hold in the text itself, where every hit is checked.
fn as_searched(text: &str) -> Vec<u8> {
    text.bytes()
        .map(|b| match b {
            b'-' => b' ',
            b => b.to_ascii_lowercase(),
        })
        .collect()
}

/// The blocks that hold a literal of every one of `sets` required sets, from the (block,
/// set) pairs the automaton found.
fn blocks_holding_each(found: &[(u32, u8)], sets: usize, out: &mut Vec<u32>) {
    out.clear();
    debug_assert!(found.is_sorted(), "found in block order");
    let mut rest: &[(u32, u8)] = found;
    while let Some(&(block, _)) = rest.first() {
        let same = rest.iter().take_while(|(b, _)| *b == block).count();
        let held = rest[..same]
            .iter()
            .fold(0u32, |held, &(_, set)| held | 1 << set);
        if held.count_ones() as usize == sets {
            out.push(block);
        }
        rest = &rest[same..];
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
pub(crate) mod tests {
    use super::*;
    use crate::document::{Document, Limits};
    use crate::source::SourceFile;

    /// Made-up numbers for tests, the same on every run: each call gives one below `below`
    /// (a linear congruential generator).
    pub(crate) fn made_up_numbers(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut seed = seed;
        move |below: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        }
    }

    /// Items grouped by expression are, for each expression, its own items sorted, over
    /// many made-up lists (an expression with none has an empty group).
    #[test]
    fn items_grouped_by_expression_are_each_expressions_sorted_items() {
        let mut next = made_up_numbers(11);
        for round in 0..2_000 {
            let expressions = next(9) as usize;
            let count = if expressions == 0 {
                0
            } else {
                next(30) as usize
            };
            let pairs: Vec<(u32, (u32, u32))> = (0..count)
                .map(|_| {
                    (
                        next(expressions as u64) as u32,
                        (next(4) as u32, next(5) as u32),
                    )
                })
                .collect();
            let grouped = Grouped::of(&pairs, expressions);
            for r in 0..expressions {
                let mut want: Vec<(u32, u32)> = pairs
                    .iter()
                    .filter(|(e, _)| *e as usize == r)
                    .map(|&(_, item)| item)
                    .collect();
                want.sort_unstable();
                assert_eq!(grouped.of_expression(r), want.as_slice(), "round {round}");
            }
        }
    }

    /// Each hit carries whether its own clause is negated, as the document's sentences say.
    #[test]
    fn hits_carry_the_negation_of_their_clause() {
        let mut b = PhraseBuilder::default();
        let filter = b.add("filter*").unwrap();
        let idx = b.build().unwrap();
        let text =
            "# Filtering\n\nWe do not have a filter yet, but we filter email.\n\nFiltering: TBC\n";
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        let hits = idx.scan(&doc, None);
        let (found, negated) = hits.of_with_negation(filter);
        assert_eq!(found.len(), 4);
        assert_eq!(negated, &[false, true, false, true]);
        for (h, n) in found.iter().zip(negated) {
            assert_eq!(
                *n,
                doc.sentences[h.block as usize].is_negated(h.start as usize)
            );
        }
    }

    /// Hits gathered phrase by phrase (a counting sort, repeats closed up) are what sorting
    /// and deduplicating each phrase's own list gives, over many made-up sets of pairs.
    #[test]
    fn hits_gathered_by_phrase_are_each_phrases_sorted_places() {
        let mut next = made_up_numbers(7);
        for round in 0..2_000 {
            let phrases = 1 + next(12) as usize;
            let count = next(40) as usize;
            let found: Vec<(PhraseId, Hit)> = (0..count)
                .map(|_| {
                    let start = next(6) as u32;
                    let hit = Hit {
                        block: next(3) as u32,
                        start,
                        end: start + next(3) as u32,
                    };
                    (next(phrases as u64) as PhraseId, hit)
                })
                .collect();
            let gathered = Hits::gather(&found, phrases);
            for id in 0..phrases as PhraseId + 2 {
                let mut want: Vec<Hit> = found
                    .iter()
                    .filter(|(p, _)| *p == id)
                    .map(|(_, h)| *h)
                    .collect();
                want.sort_unstable();
                want.dedup();
                assert_eq!(
                    gathered.of(id),
                    want.as_slice(),
                    "round {round}, phrase {id}"
                );
            }
        }
        assert!(Hits::default().of(0).is_empty());
    }

    fn hits(phrases: &[&str], text: &str) -> Vec<Vec<String>> {
        let mut b = PhraseBuilder::default();
        let ids: Vec<_> = phrases.iter().map(|p| b.add(p).unwrap()).collect();
        let idx = b.build().unwrap();
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        let h = idx.scan(&doc, None);
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
        // the automaton reads a dash as a space, and each hit is still the text as written;
        // a phrase with neither does not take one
        let h = hits(
            &["online safety lead", "esafety", "re:\\be-safety\\b"],
            "Online-safety-lead, online safety-lead. E-safety, e safety, esafety.",
        );
        assert_eq!(h[0], vec!["Online-safety-lead", "online safety-lead"]);
        assert_eq!(h[1], vec!["esafety"]);
        assert_eq!(h[2], vec!["E-safety"]);
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

    #[test]
    fn a_part_that_must_match_case_keeps_it_in_the_fast_form() {
        let pattern = r"re:(?-i:\bThe)\s+Parent\s?Zone\b";
        assert!(hits(&[pattern], "Advice from the Parent Zone website.")[0].is_empty());
        assert_eq!(
            hits(&[pattern], "Advice from The Parent Zone.")[0],
            vec!["The Parent Zone"]
        );
    }

    #[test]
    fn non_ascii_text_uses_unicode_word_boundaries() {
        // "é" is a word character: no boundary between it and "DSL"
        let h = hits(&[r"re:\bDSL\b"], "éDSL is not it. The DSL’s role is.");
        assert_eq!(h[0], vec!["DSL"]);
        // a long s matches "s" when case is ignored; its block is still searched
        let h = hits(&[r"re:\bleſſons?\b", r"re:\blessons\b"], "Our leſſons.");
        assert_eq!(h[0], vec!["leſſons"]);
        assert_eq!(h[1], vec!["leſſons"]);
    }

    #[test]
    fn the_byte_form_matches_what_the_expression_matches_in_text_with_ascii_words() {
        let patterns = [
            r"\bpolic(?:y|ies)\b[^.;\n]{0,6}?\bstaff\b",
            r"the school['’]s +filter\w*",
            r"(?m)^[^\w\n]*content[ \t]*(?:[:–—|(-]|\bis\b)",
            r"\bDSL\b.\s*\w+",
            r"[^a-z ]+",
            r"(?-i:\bThe)\s+Parent\s?Zone\b",
            r"\W\d{2}\W",
            r"£\d+|\S{3}",
            r"[\s–—]+staff",
            r"[^.–—;]{2,}",
        ];
        let texts = [
            "Our policy — staff must read it.",
            "The school’s filtering; the school's filters and THE SCHOOL’S FILTER.",
            "• Content – what children see\n“content: is it safe”\n—conduct",
            "Policy\u{a0}for\u{a0}staff. The DSL’s role. DSL\u{2003}Jo Bloggs.",
            "Costs £20 or £5 — “23/1/24” ✓ 🙂 policy  staff",
            "See The Parent Zone (the parent zone) and the Parent\u{a0}Zone.",
            "Ten\u{202f}%\u{3000}of – staff—pupils\u{2028}staff; ‘all’ \u{85}staff",
        ];
        for p in patterns {
            let hir = parsed(p);
            let unicode = compile_regex(p).unwrap();
            let bytes = compile_bytes(&ascii_form(&hir), true).unwrap();
            for t in texts {
                assert!(ascii_words_only(t), "{t}");
                let want: Vec<(usize, usize)> =
                    unicode.find_iter(t).map(|m| (m.start(), m.end())).collect();
                let got: Vec<(usize, usize)> = bytes
                    .find_iter(t.as_bytes())
                    .map(|m| (m.start(), m.end()))
                    .collect();
                assert_eq!(got, want, "`{p}` over {t:?}");
            }
        }
    }

    #[test]
    fn a_text_regex_finds_the_same_in_either_form_and_says_which_pattern() {
        let re = TextRegex::case_insensitive(&[
            r"data protection officer|\bDPO\b",
            r"(?-i:IT) (?:support )?provider",
            r"officer",
        ])
        .unwrap();
        for text in [
            "Our DPO’s deputy — the officer — and the IT provider.",
            "Our DPO is the data protection officer; it provider is not IT.",
            "Éa DPO: “officer”",
        ] {
            let plain: Vec<_> = re
                .unicode()
                .find_iter(text.as_bytes())
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect();
            assert_eq!(re.find_all(text), plain, "{text}");
        }
        let found = re.find_all("the data protection officer, the IT provider");
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec![0, 1]);
        assert!(re.is_match("ask the DPO’s office"));
        assert!(!re.is_match("it provider"));
    }

    /// An expression parsed as a pack's is, ignoring case.
    fn parsed(re: &str) -> Hir {
        parse_pack_regex(re).expect("the test's expression parses")
    }

    #[test]
    fn required_literals_are_what_every_match_contains() {
        let lits = |re: &str| required_literals(&parsed(re));
        assert_eq!(lits(r"\bLSCBs?\b"), Some(vec!["lscb".to_string()]));
        assert_eq!(
            lits(r"\b(?:DSL|designated safeguarding lead)\b"),
            Some(vec!["designated safeguarding lead".into(), "dsl".into()])
        );
        // of two required parts, the one whose shortest literal is longest: "train" (5)
        // rather than "dsl" (3), as it occurs in fewer blocks
        assert_eq!(
            lits(r"\b(?:DSL|designated safeguarding lead)\b[^.]{0,60}train"),
            Some(vec!["train".into()])
        );
        // nothing is required of an optional part
        assert_eq!(lits(r"(?:abc)?"), None);
        assert_eq!(lits(r"\w+"), None);
        // optional letters are multiplied out, so the part after a one-letter class keeps
        // its first letter: not "esignated…" and "sl"
        assert_eq!(
            lits(r"[^.\n]*\b(?:designated safeguarding leads?|DSLs?)\b"),
            Some(vec!["designated safeguarding lead".into(), "dsl".into()])
        );
        assert!(useful_literal(">>") && useful_literal("5g") && !useful_literal("sl"));
        assert!(useful_literal("3") && useful_literal("[") && useful_literal("}"));
        assert!(!useful_literal("a") && !useful_literal(".") && !useful_literal("|"));
    }

    #[test]
    fn every_required_part_of_a_sequence_is_a_set_of_its_own() {
        let sets = |re: &str| required_sets(&parsed(re));
        let owned = |v: &[&[&str]]| -> Vec<Vec<String>> {
            v.iter()
                .map(|s| s.iter().map(|l| l.to_string()).collect())
                .collect()
        };
        // both parts, the better first
        assert_eq!(
            sets(r"\b(?:DSL|designated safeguarding lead)\b[^.]{0,60}\btrain"),
            owned(&[&["train"], &["designated safeguarding lead", "dsl"]])
        );
        // an alternative that requires nothing useful ("x") leaves nothing required
        assert_eq!(
            sets(r"(?:\bfilter\w*\b[^.]{0,40}\bmonitor)|x"),
            Vec::<Vec<String>>::new()
        );
        // inside a group too; a common word ("the") is not worth a set of its own
        assert_eq!(
            sets(r"(\bfilter\w*\b[^.]{0,40}\bmonitor)\s+by\s+the\b"),
            owned(&[&["monitor"], &["filter"]])
        );
        // an optional part requires nothing; one useless part leaves the others
        assert_eq!(sets(r"(?:abc)?\bpolicy\b"), owned(&[&["policy"]]));
        assert_eq!(sets(r"\bis\b.{0,9}\bonline\b"), owned(&[&["online"]]));
        assert!(sets(r"\w+").is_empty());
        // a part that begins or ends with exact strings joins the strings beside it
        assert_eq!(
            sets(r"^\s*(?:the\s+)?(?:legislation|laws?|legal\s+framework)\s*$"),
            owned(&[&["law", "legal", "legislation"]])
        );
        assert_eq!(
            sets(r"(?:www\.)?(?:[\w-]+\.)+(?:uk|com|org)\b"),
            owned(&[&[".com", ".org", ".uk"]])
        );
        assert_eq!(
            sets(r"\bonline (?:safety\s+lead|safety\s+officer)"),
            owned(&[&["online safety"], &["lead", "officer"]])
        );
    }

    #[test]
    fn start_literals_are_what_every_match_begins_with() {
        let starts = |re: &str| start_literals(&parsed(re));
        // "passes" begins with "pass": looking for "pass" finds both
        assert_eq!(
            starts(r"\b(?:pass|passes|report)\b[^.]{0,10}x"),
            ["pass", "report"]
        );
        // a small class of quotes is spelt out
        assert_eq!(
            starts(r"(?:\bnever|n['’]t)\b[^.]{0,9}x"),
            ["n't", "never", "n’t"]
        );
        // a match may begin anywhere before the word
        assert!(starts(r"[^.]*\bdsl\b").is_empty());
        // "no" is too short to be worth looking for, so the set is not used at all
        assert!(starts(r"\b(?:no|never)\b").is_empty());
        // the case of the text does not matter to the automaton
        assert_eq!(starts(r"(?-i)\bPrevent\b"), ["prevent"]);
    }

    /// A start set of common words alone is dropped where required literals leave few
    /// blocks to search; one that also holds a rarer word is kept.
    #[test]
    fn a_start_set_of_common_words_gives_way_to_required_literals() {
        let of = |re: &str| Literals::of(&parsed(re));
        let zone = of(r"(?-i:\bThe)\s+Parent\s?Zone\b");
        assert!(zone.starts.is_empty());
        assert_eq!(zone.required, [["parent"], ["zone"]]);
        let may = of(r"\b(?:may|can|are allowed to)\s+(?:use|check)\b");
        assert_eq!(may.starts, ["are allowed to", "can", "may"]);
        // with no required literal the start set is all there is to go on
        let bare = of(r"\b(?:the|our)\s+\w+");
        assert_eq!(bare.starts, ["our", "the"]);
    }

    /// Trying an expression only where a start literal occurs gives what a search from
    /// the start of the block gives, including where a literal falls inside an earlier
    /// match.
    #[test]
    fn searching_from_start_literals_finds_what_a_plain_search_finds() {
        let re = compile_bytes(&ascii_form(&parsed(r"\bab\b[^.]{0,20}?\bcd\b")), false)
            .expect("compiles");
        for text in [
            "ab ab cd ab cd.",
            "ab. ab cd",
            "xab cd ab",
            "ab cd",
            "no match here",
            "ab ab ab",
        ] {
            let starts: Vec<u32> = text.match_indices("ab").map(|(at, _)| at as u32).collect();
            let mut found = Vec::new();
            find_from_starts(&re, text.as_bytes(), &starts, &mut found);
            let want: Vec<(usize, usize)> = re
                .find_iter(text.as_bytes())
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(found, want, "{text}");
        }
    }

    #[test]
    fn a_block_is_searched_only_when_it_holds_every_required_set() {
        let mut out = Vec::new();
        let mut found = vec![
            (4, 1),
            (2, 0),
            (4, 0),
            (2, 0),
            (7, 1),
            (9, 0),
            (9, 1),
            (9, 1),
        ];
        found.sort_unstable();
        blocks_holding_each(&found, 2, &mut out);
        assert_eq!(out, vec![4, 9]);
        let found = vec![(2, 0), (4, 0), (4, 0), (9, 0)];
        blocks_holding_each(&found, 1, &mut out);
        assert_eq!(out, vec![2, 4, 9]);
    }

    /// The prepared table ([`prepared_literals`]) holds every shipped expression, each with
    /// exactly what [`Literals::of`] finds now and the byte form [`ascii_form`] makes now,
    /// and nothing else. After a pack or the analysis changes,
    /// `POLICYLINT_BLESS=1 cargo test --lib prepared_literals` rewrites both files.
    #[test]
    fn prepared_literals_are_what_the_analysis_finds_now() {
        let engine = crate::engine::Engine::load(&[]).expect("shipped packs load");
        let mut rows: Vec<TableRow> = engine
            .phrases
            .regexes
            .iter()
            .map(|(_, re)| {
                let hir = parse_pack_regex(&re.pattern).expect("a shipped expression parses");
                let Literals {
                    required, starts, ..
                } = Literals::of(&hir);
                (re.pattern.clone(), required, starts)
            })
            .collect();
        rows.sort();
        rows.dedup();
        assert!(
            rows.len() > 100,
            "shipped expressions found: {}",
            rows.len()
        );
        let lines: Vec<String> = rows
            .iter()
            .map(|r| serde_json::to_string(r).expect("a row serialises"))
            .collect();
        let table = format!("[\n{}\n]\n", lines.join(",\n"));
        let byte_forms: Vec<Hir> = rows
            .iter()
            .map(|(pattern, ..)| ascii_form(&parse_pack_regex(pattern).expect("parses")))
            .collect();
        let mut forms = String::new();
        for form in &byte_forms {
            hir_code::write(form, &mut forms);
            forms.push('\n');
        }
        if std::env::var_os("POLICYLINT_BLESS").is_some() {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/phrases/");
            std::fs::write(format!("{dir}prepared-literals.json"), &table)
                .expect("the table is written");
            std::fs::write(format!("{dir}prepared-forms.txt"), &forms)
                .expect("the forms are written");
            return;
        }
        assert!(
            table == PREPARED_LITERALS && forms == PREPARED_FORMS,
            "src/phrases/prepared-literals.json or prepared-forms.txt is out of date: run \
             `POLICYLINT_BLESS=1 cargo test --lib prepared_literals` and commit the result"
        );
        // and the table is what a load uses
        for ((pattern, required, starts), form) in rows.iter().zip(&byte_forms) {
            let literals = prepared_literals().get(pattern);
            assert_eq!(literals.map(|l| &l.required), Some(required), "{pattern}");
            assert_eq!(literals.map(|l| &l.starts), Some(starts), "{pattern}");
            // the form read back is the very expression a parse makes now
            let read = literals.and_then(|l| l.form).and_then(hir_code::read);
            assert_eq!(read.as_ref(), Some(form), "{pattern}");
        }
    }

    /// Over every policy in the repository's fixtures and examples, the one-pass scan (with
    /// its required-literal prefilter and ASCII fast form) finds exactly what running each
    /// shipped regular expression over every block does.
    #[test]
    fn the_prefiltered_scan_finds_what_a_plain_search_of_every_block_finds() {
        let files = markdown_in_repository();
        assert!(files.len() > 100, "fixtures found: {}", files.len());
        // an audit's index and a single check's (its expressions compiled without their
        // own prefilter) each on their own, as each form is compiled once
        for documents in [usize::MAX, 1] {
            let engine = crate::engine::Engine::load(&[]).expect("shipped packs load");
            engine.phrases.expect_documents(documents);
            engine
                .phrases
                .compile_all()
                .expect("every shipped expression compiles");
            compare_scan_with_plain_search(&engine.phrases, &files);
        }
    }

    fn compare_scan_with_plain_search(idx: &PhraseIndex, files: &[std::path::PathBuf]) {
        let mut compared = 0;
        for f in files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let Ok(doc) = Document::build(
                SourceFile::new(f.clone(), text.as_str(), false),
                Limits::default(),
            ) else {
                continue;
            };
            let fast = idx.scan(&doc, None);
            for (id, re) in &idx.regexes {
                let slow = re.unicode().unwrap();
                let mut want = Vec::new();
                for (b, block) in doc.outline.blocks.iter().enumerate() {
                    for m in slow.find_iter(&block.plain).filter(|m| !m.is_empty()) {
                        want.push(Hit {
                            block: b as u32,
                            start: m.start() as u32,
                            end: m.end() as u32,
                        });
                    }
                }
                want.sort_unstable();
                want.dedup();
                compared += want.len();
                assert_eq!(
                    fast.of(*id),
                    want.as_slice(),
                    "{} in {}",
                    re.pattern,
                    f.display()
                );
            }
        }
        assert!(compared > 100, "the comparison saw matches: {compared}");
    }
}
