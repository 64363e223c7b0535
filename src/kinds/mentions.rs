//! `mentions`: groups of phrases occur, in named sections or anywhere, and together (in one
//! section, paragraph or sentence) where the requirement needs it — "filtering" with
//! "annual" and "review" in one sentence is evidence of an annual filtering review; the
//! three words scattered over a policy are not.
//!
//! A phrase in a sentence that says the thing is missing ("we do not have a filtering
//! system", "Prevent lead: TBC") is not evidence.
//!
//! A phrase `@dsl` (any role key) stands for the role however the policy refers to it: by
//! any of its titles ("DSL", "Designated Senior Person") or by the name of whoever the policy
//! names in it, so "Miss Holloway reports to Mrs O’Rourke" shows the online safety lead
//! reporting to the DSL when the key-people table names them.

use std::collections::{BTreeMap, BTreeSet};

use super::section::quote_list;
use super::{Ctx, Outcome, normalize_aliases, sections_matching};
use crate::evidence::Role;
use crate::packs::RuleSpec;
use crate::packs::model::{Need, Together};
use crate::phrases::{Hit, PhraseBuilder, PhraseId};
use crate::result::Evidence;
use crate::source::Span;

#[derive(Debug)]
pub struct Mentions {
    within: Vec<Vec<String>>,
    within_shown: Vec<String>,
    groups: Vec<Vec<PhraseId>>,
    /// Roles whose holders' names count as a phrase of the group (`@dsl`).
    holders: Vec<Vec<Role>>,
    /// Of each group, the phrases (`not:staff behaviour`) inside whose text a hit does not
    /// count for it: "behaviour" in "staff behaviour policy" is not the pupils' behaviour.
    excluded: Vec<Vec<PhraseId>>,
    group_shown: Vec<String>,
    need: usize,
    together: Together,
    reject_negated: bool,
    reject_undecided: bool,
    /// Whether phrases in reference sections count (see [`Document::in_reference_section`]).
    in_references: bool,
    /// Phrases that make the groups' phrases in their sentence not count ("encouraged to").
    weakened_by: Vec<PhraseId>,
    missing: Option<String>,
}

impl Mentions {
    pub fn compile(spec: &RuleSpec, phrases: &mut PhraseBuilder) -> Result<Mentions, String> {
        let RuleSpec::Mentions {
            within,
            groups,
            need,
            at_least,
            together,
            reject_negated,
            reject_undecided,
            in_references,
            weakened_by,
            missing,
        } = spec
        else {
            unreachable!()
        };
        if groups.is_empty() || groups.iter().any(Vec::is_empty) {
            return Err("every group of phrases needs at least one phrase".into());
        }
        let need = match (at_least, need) {
            (Some(n), _) if *n > groups.len() => {
                return Err(format!(
                    "`at_least = {n}` asks for more groups than the {} given, so it could never pass",
                    groups.len()
                ));
            }
            (Some(n), _) => *n,
            (None, Need::All) => groups.len(),
            (None, Need::Any) => 1,
        };
        let mut ids = Vec::with_capacity(groups.len());
        let mut holders = Vec::with_capacity(groups.len());
        let mut excluded = Vec::with_capacity(groups.len());
        for g in groups {
            if g[0].trim().starts_with(NOT) {
                return Err(format!(
                    "a group's first phrase names it in messages, so `{}` (a phrase that does not count) cannot come first",
                    g[0].trim()
                ));
            }
            let mut group_ids = Vec::new();
            let mut group_roles = Vec::new();
            let mut group_excluded = Vec::new();
            for p in g {
                let p = p.trim();
                if let Some(not) = p.strip_prefix(NOT) {
                    if not.trim().is_empty() || not.trim().starts_with('@') {
                        return Err(format!(
                            "`{p}` needs a phrase after `{NOT}` (a word, words or `re:` expression, not a role)"
                        ));
                    }
                    group_excluded.push(phrases.add(not)?);
                    continue;
                }
                match p.strip_prefix('@') {
                    Some(key) => group_roles.push(Role::from_key(key).ok_or_else(|| {
                        format!("`{p}` names no role policylint knows (a role key such as `@dsl`)")
                    })?),
                    None => group_ids.push(phrases.add(p)?),
                }
            }
            ids.push(group_ids);
            holders.push(group_roles);
            excluded.push(group_excluded);
        }
        let weakened_by = weakened_by
            .iter()
            .map(|p| match p.trim() {
                p if p.starts_with('@') || p.starts_with(NOT) => Err(format!(
                    "`{p}` cannot weaken other words: give a word, words or `re:` expression"
                )),
                p => phrases.add(p),
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Mentions {
            within: if within.is_empty() {
                Vec::new()
            } else {
                normalize_aliases(within)?
            },
            within_shown: within.clone(),
            groups: ids,
            holders,
            excluded,
            group_shown: groups
                .iter()
                .map(
                    |g| match g[0].trim().strip_prefix('@').and_then(Role::from_key) {
                        Some(role) => format!("the name of the {}", role.label()),
                        None => g[0].trim_start_matches("re:").to_string(),
                    },
                )
                .collect(),
            need,
            together: *together,
            reject_negated: *reject_negated,
            reject_undecided: *reject_undecided,
            in_references: *in_references,
            weakened_by,
            missing: missing.clone(),
        })
    }

    pub fn eval(&self, ctx: &Ctx<'_>) -> Outcome {
        let doc = ctx.doc;
        // The blocks in scope: those inside a matching section, or all of them.
        let scope: Option<Vec<std::ops::Range<usize>>> = if self.within.is_empty() {
            None
        } else {
            let secs = sections_matching(doc, &self.within);
            if secs.is_empty() {
                return Outcome::fail(
                    format!(
                        "there is no section on {}, where this belongs",
                        quote_list(&self.within_shown)
                    ),
                    Some(ctx.missing_span()),
                )
                .with_help(format!(
                    "add a section headed \u{201c}{}\u{201d} that covers this",
                    self.within_shown[0]
                ));
            }
            Some(
                secs.iter()
                    .map(|&s| doc.outline.sections[s].span.clone())
                    .collect(),
            )
        };
        let in_scope = |hit: &Hit| -> bool {
            let start = doc.outline.blocks[hit.block as usize].span.start;
            scope
                .as_ref()
                .is_none_or(|ranges| ranges.iter().any(|r| r.contains(&start)))
        };
        // A rule with `within` is scoped by its own sections; any other leaves out what
        // reference sections cite or define, unless citing is the evidence it wants.
        let skip_references =
            !self.in_references && self.within.is_empty() && doc.has_reference_sections();
        // Nor does a sentence that reports what guidance says ("KCSIE says schools should…").
        let skip_reported = !self.in_references && doc.has_reported_guidance;
        let reported = |h: &Hit| doc.sentences[h.block as usize].is_reported(h.start as usize);
        // A rule taking negated words ("do not delete") still leaves out undecided ones.
        let check_undecided = !self.reject_negated && self.reject_undecided && doc.has_undecided;
        let undecided = |h: &Hit| doc.sentences[h.block as usize].is_undecided(h.start as usize);
        // Where a hit is: its block and the sentence within it.
        let sentence_of = |h: &Hit| {
            (
                h.block as usize,
                doc.sentences[h.block as usize].index_of(h.start as usize),
            )
        };
        // The sentences holding a phrase that weakens the rest ("staff are encouraged
        // to…"), in order.
        let mut weakened: Vec<(usize, usize)> = self
            .weakened_by
            .iter()
            .flat_map(|&id| ctx.hits.of(id).iter().map(sentence_of))
            .collect();
        weakened.sort_unstable();
        weakened.dedup();
        let usable = |h: &Hit, negated: bool| {
            in_scope(h)
                && !(self.reject_negated && negated)
                && !(check_undecided && undecided(h))
                && !(skip_references && doc.in_reference_section(h.block as usize))
                && !(skip_reported && reported(h))
                && (weakened.is_empty() || weakened.binary_search(&sentence_of(h)).is_err())
        };
        // whether `usable` can turn any hit away; when it cannot, hits are taken as they are
        let filtering = scope.is_some()
            || self.reject_negated
            || check_undecided
            || skip_references
            || skip_reported
            || !weakened.is_empty();
        // Usable hits per group, in document order without repeats. A phrase's own hits
        // already are (and most groups' hits are mostly one common phrase's, thousands in a
        // policy), so they are copied as they are and only a group drawing on several lists
        // is sorted.
        let per_group: Vec<Vec<Hit>> = self
            .groups
            .iter()
            .zip(&self.holders)
            .zip(&self.excluded)
            .map(|((ids, roles), excluded)| {
                let mut hits: Vec<Hit> = Vec::new();
                let mut lists = 0;
                for &id in ids {
                    let (found, negated) = ctx.hits.of_with_negation(id);
                    if found.is_empty() {
                        continue;
                    }
                    lists += 1;
                    if !filtering {
                        hits.extend_from_slice(found);
                    } else {
                        let kept = found.iter().zip(negated).filter(|&(h, &n)| usable(h, n));
                        hits.extend(kept.map(|(h, _)| *h));
                    }
                }
                for &r in roles {
                    let found = ctx.doc.role_hits(r, || holder_hits(ctx, r));
                    if !found.is_empty() {
                        // a role's hits (labels, then each holder's name) are not in order
                        lists += 2;
                        hits.extend(found.iter().filter(|h| usable(h, negated(ctx, h))));
                    }
                }
                if lists > 1 {
                    // a stable sort finds the lists' ordered runs and merges them
                    hits.sort();
                    hits.dedup();
                }
                debug_assert!(
                    hits.windows(2).all(|w| w[0] < w[1]),
                    "a group's hits in document order, each once"
                );
                if !excluded.is_empty() && !hits.is_empty() {
                    drop_inside_excluded(&mut hits, excluded, ctx);
                }
                hits
            })
            .collect();
        // Find a unit (document, section, paragraph, sentence) holding enough groups.
        let best = match self.together {
            Together::Document => Some(first_hits(&per_group, |_| true)),
            Together::Paragraph => best_unit(&per_group, |h| (h.block as usize, 0)),
            Together::Sentence => best_unit(&per_group, sentence_of),
            Together::Section => best_section(ctx, &per_group),
        };
        let found = best.unwrap_or_else(|| vec![None; self.groups.len()]);
        let have = count(&found);
        let evidence: Vec<Evidence> = found
            .iter()
            .flatten()
            .map(|h| Evidence {
                span: ctx.hit_span(h),
                note: None,
            })
            .collect();
        if have >= self.need {
            let words: BTreeSet<String> = found
                .iter()
                .flatten()
                .map(|h| ctx.hit_text(h).to_lowercase())
                .collect();
            let words: Vec<String> = words.into_iter().collect();
            let place = match self.together {
                Together::Document => String::new(),
                Together::Section => " in one section".into(),
                Together::Paragraph => " in one paragraph".into(),
                Together::Sentence => " in one sentence".into(),
            };
            return Outcome::pass(
                format!("the policy mentions {}{place}", quote_list_all(&words)),
                evidence,
            );
        }
        let missing: Vec<String> = found
            .iter()
            .zip(&self.group_shown)
            .filter(|(f, _)| f.is_none())
            .map(|(_, s)| s.clone())
            .collect();
        let message = match &self.missing {
            Some(m) => m.clone(),
            None => {
                let where_ = if self.within.is_empty() {
                    String::new()
                } else {
                    format!(" in its section on {}", quote_list(&self.within_shown))
                };
                let together = match self.together {
                    Together::Document => "",
                    Together::Section => " together in one section",
                    Together::Paragraph => " together in one paragraph",
                    Together::Sentence => " together in one sentence",
                };
                if self.need < self.groups.len() {
                    format!(
                        "the policy mentions {have} of the {} things needed{where_} (at least {}){together}; not found: {}",
                        self.groups.len(),
                        self.need,
                        quote_list(&missing)
                    )
                } else if have == 0 {
                    format!(
                        "the policy does not mention {}{where_}{together}",
                        quote_list_all(&missing)
                    )
                } else {
                    let present: Vec<String> = found
                        .iter()
                        .flatten()
                        .map(|h| ctx.hit_text(h).to_lowercase())
                        .collect();
                    format!(
                        "the policy mentions {} but not {}{where_}{together}",
                        quote_list_all(&present),
                        quote_list_all(&missing)
                    )
                }
            }
        };
        let span: Span = match (&scope, evidence.first()) {
            (_, Some(e)) => e.span.clone(),
            (Some(ranges), None) => {
                let start = ranges[0].start;
                ctx.doc.source.line_span(ctx.doc.source.line_index(start))
            }
            _ => ctx.missing_span(),
        };
        let mut o = Outcome::fail(message, Some(span));
        o.evidence = evidence;
        // Say so when what is missing is in a reference section, which was not counted.
        if skip_references {
            let cited = self
                .groups
                .iter()
                .zip(&found)
                .filter(|(_, f)| f.is_none())
                .flat_map(|(ids, _)| ids.iter())
                .filter_map(|&id| {
                    ctx.hits
                        .of(id)
                        .iter()
                        .find(|h| doc.in_reference_section(h.block as usize))
                })
                .min();
            if let Some(h) = cited
                && let Some(s) = doc.outline.blocks[h.block as usize].section
            {
                let outline = &doc.outline;
                let heading = &outline.headings[outline.sections[s].heading];
                // the section, or one it is in, may be an earlier version kept for the record
                let superseded = std::iter::successors(Some(s), |&i| outline.sections[i].parent)
                    .any(|i| {
                        let h = &outline.headings[outline.sections[i].heading];
                        crate::document::is_superseded_heading(&h.normalized)
                    });
                let (what, label) = if superseded {
                    (
                        "that section is an earlier version kept for the record",
                        "not counted: an earlier version",
                    )
                } else {
                    (
                        "that section cites guidance or defines terms",
                        "not counted: a reference section",
                    )
                };
                o.remark = Some(format!(
                    "(\u{201c}{}\u{201d} has words for this, but {what}, so it does not count as saying what the organisation does)",
                    heading.text
                ));
                o = o.with_label(ctx.hit_span(h), label);
            }
        }
        // And when a sentence reporting guidance held it all, or a checklist answered no
        // to it.
        let answered_no =
            |h: &Hit| doc.sentences[h.block as usize].is_answered_no(h.start as usize);
        let only_encouraged = |h: &Hit| weakened.binary_search(&sentence_of(h)).is_ok();
        let reasons: [(bool, &HitTest, &str, &str); 3] = [
            (
                skip_reported,
                &reported,
                "it reports what guidance says rather than saying what the organisation does",
                "not counted: reports what guidance says",
            ),
            (
                doc.has_undecided,
                &answered_no,
                "they are answered no, not yet or only in part there, so they do not show it is done",
                "not counted: answered no",
            ),
            (
                !weakened.is_empty(),
                &only_encouraged,
                "it is only encouraged, optional, planned or still to happen there, which does not say that it happens",
                "not counted: only encouraged, optional or still to happen",
            ),
        ];
        for (applies, counted_out, why, label) in reasons {
            if applies
                && o.remark.is_none()
                && let Some(h) = self.sentence_with_all(ctx, counted_out)
            {
                let span = ctx.hit_span(&h);
                let line = doc.source.line_col(span.start).line;
                o.remark = Some(format!("(line {line} has words for this, but {why})"));
                o = o.with_label(span, label);
            }
        }
        o
    }
}

impl Mentions {
    /// The first hit of a sentence that holds enough of the groups among the hits
    /// `counted_out` (ignoring scope and negation): the words the rule wanted, said of the
    /// guidance or answered no.
    fn sentence_with_all(&self, ctx: &Ctx<'_>, counted_out: &HitTest) -> Option<Hit> {
        if self.groups.len() > 64 {
            return None;
        }
        let mut groups_in: BTreeMap<(u32, usize), (u64, Hit)> = BTreeMap::new();
        for (g, ids) in self.groups.iter().enumerate() {
            for &id in ids {
                for h in ctx.hits.of(id).iter().filter(|h| counted_out(h)) {
                    let sentence = ctx.doc.sentences[h.block as usize].index_of(h.start as usize);
                    let entry = groups_in.entry((h.block, sentence)).or_insert((0, *h));
                    entry.0 |= 1 << g;
                    entry.1 = entry.1.min(*h);
                }
            }
        }
        groups_in
            .into_values()
            .find(|(mask, _)| mask.count_ones() as usize >= self.need)
            .map(|(_, h)| h)
    }
}

/// A test of a hit: whether it is in a sentence that reports guidance, say.
type HitTest<'a> = dyn Fn(&Hit) -> bool + 'a;

/// What a group phrase starts with to name text in which the group's other phrases do not
/// count.
const NOT: &str = "not:";

/// Drops the hits (in document order) that start inside the text of one of the `excluded`
/// phrases, found anywhere (in scope or not, negated or not: the words are what they are).
fn drop_inside_excluded(hits: &mut Vec<Hit>, excluded: &[PhraseId], ctx: &Ctx<'_>) {
    let mut spans: Vec<Hit> = excluded
        .iter()
        .flat_map(|&id| ctx.hits.of(id).iter().copied())
        .collect();
    if !spans.is_empty() {
        spans.sort_unstable();
        drop_inside(hits, &spans);
    }
}

/// Drops the hits that start inside one of `spans`; both in order of place.
fn drop_inside(hits: &mut Vec<Hit>, spans: &[Hit]) {
    // Both lists are in order of place, so one walk through the spans serves. Past the
    // spans that ended before a hit, the first left is the only one that can cover it: any
    // later one starts no earlier.
    let mut next = 0;
    hits.retain(|h| {
        while spans
            .get(next)
            .is_some_and(|s| (s.block, s.end) <= (h.block, h.start))
        {
            next += 1;
        }
        !spans
            .get(next)
            .is_some_and(|s| s.block == h.block && s.start <= h.start)
    });
}

fn count(found: &[Option<Hit>]) -> usize {
    found.iter().filter(|f| f.is_some()).count()
}

/// The first hit of each group passing `keep`.
fn first_hits(per_group: &[Vec<Hit>], keep: impl Fn(&Hit) -> bool) -> Vec<Option<Hit>> {
    per_group
        .iter()
        .map(|hits| hits.iter().find(|h| keep(h)).copied())
        .collect()
}

/// The unit (by `unit_of`) holding the most groups, earliest on ties. One pass over the
/// hits: a policy may have thousands. Each group's hits are in order of place, and a later
/// place is never in an earlier unit, so walking the groups' hits side by side meets the
/// units in order, each once.
fn best_unit(
    per_group: &[Vec<Hit>],
    unit_of: impl Fn(&Hit) -> (usize, usize),
) -> Option<Vec<Option<Hit>>> {
    // each hit's unit worked out once (finding a sentence is a binary search)
    let units: Vec<Vec<(usize, usize)>> = per_group
        .iter()
        .map(|hits| hits.iter().map(&unit_of).collect())
        .collect();
    let mut next = vec![0usize; per_group.len()];
    let mut found: Vec<Option<Hit>> = vec![None; per_group.len()];
    let mut best: Option<Vec<Option<Hit>>> = None;
    let mut best_count = 0;
    while let Some(unit) = units
        .iter()
        .zip(&next)
        .filter_map(|(units, &i)| units.get(i).copied())
        .min()
    {
        found.fill(None);
        for (((hits, units), at), slot) in
            per_group.iter().zip(&units).zip(&mut next).zip(&mut found)
        {
            while units.get(*at) == Some(&unit) {
                slot.get_or_insert(hits[*at]);
                *at += 1;
            }
        }
        let have = count(&found);
        if have > best_count {
            best_count = have;
            best = Some(found.clone());
            if have == per_group.len() {
                break;
            }
        }
    }
    best
}

/// The section (a heading and everything under it, subsections included) holding the most
/// groups; text before the first heading counts as one more section.
fn best_section(ctx: &Ctx<'_>, per_group: &[Vec<Hit>]) -> Option<Vec<Option<Hit>>> {
    let doc = ctx.doc;
    let n = doc.outline.sections.len();
    // index n stands for the text before the first heading
    let mut found: Vec<Vec<Option<Hit>>> = vec![vec![None; per_group.len()]; n + 1];
    for (g, hits) in per_group.iter().enumerate() {
        for h in hits {
            let mut at = doc.outline.blocks[h.block as usize].section;
            if at.is_none() {
                let slot = &mut found[n][g];
                slot.get_or_insert(*h);
            }
            while let Some(s) = at {
                let slot = &mut found[s][g];
                if slot.is_none() {
                    *slot = Some(*h);
                }
                at = doc.outline.sections[s].parent;
            }
        }
    }
    // A lone top-level heading over everything (the policy's title) is not a section in
    // the sense meant: counting it would make "in one section" mean "anywhere".
    let roots: Vec<usize> = (0..n)
        .filter(|&s| doc.outline.sections[s].parent.is_none())
        .collect();
    let title = match roots.as_slice() {
        [only] if doc.outline.sections.iter().any(|s| s.parent == Some(*only)) => Some(*only),
        _ => None,
    };
    let mut best: Option<Vec<Option<Hit>>> = None;
    for (i, f) in found.into_iter().enumerate() {
        if Some(i) == title {
            continue;
        }
        if count(&f) > best.as_ref().map_or(0, |b| count(b)) {
            best = Some(f);
        }
    }
    best
}

/// Where a role is referred to: its titles, and the name of its holder — the surname of a
/// person named for the role (in the text or the front matter), or the whole name of an
/// organisation (the IT provider), as whole words with the capitals it was written with.
fn holder_hits(ctx: &Ctx<'_>, role: Role) -> Vec<Hit> {
    let mut needles: Vec<String> = ctx
        .doc
        .facts
        .roles
        .iter()
        .filter(|f| f.role == role && !super::role::out_of_role(f, ctx.today))
        .filter_map(|f| f.name.as_ref())
        .map(|n| n.surname.clone())
        .chain(
            super::role::fm_people(ctx, role)
                .into_iter()
                .filter_map(|p| p.name.ok().map(|n| n.surname)),
        )
        .filter(|n| n.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !n.contains('\n'))
        .collect();
    needles.sort();
    needles.dedup();
    let doc = ctx.doc;
    let mut out = Vec::new();
    for bi in 0..doc.outline.blocks.len() {
        for label in doc.role_labels(bi).iter().filter(|l| l.role == role) {
            out.push(Hit {
                block: bi as u32,
                start: label.start as u32,
                end: label.end as u32,
            });
        }
    }
    // each name searched for once over the whole text (blocks are joined by line breaks,
    // which no name holds), rather than once in every block
    let text = doc.search_text.as_str();
    for needle in &needles {
        // memchr's search, like `match_indices`, gives each match not overlapping the last
        for at in memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()) {
            let end = at + needle.len();
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let (block, start) = doc.locate(at);
            out.push(Hit {
                block: block as u32,
                start: start as u32,
                end: (start + needle.len()) as u32,
            });
        }
    }
    out
}

/// Whether the sentence holding a hit says the thing is absent or undecided.
fn negated(ctx: &Ctx<'_>, hit: &Hit) -> bool {
    ctx.doc.sentences[hit.block as usize].is_negated(hit.start as usize)
}

fn quote_list_all(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|a| format!("\u{201c}{a}\u{201d}"))
        .collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        _ => format!(
            "{} and {}",
            quoted[..quoted.len() - 1].join(", "),
            quoted[quoted.len() - 1]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phrases::tests::made_up_numbers;
    use std::collections::BTreeMap;

    /// Fewer than `count` made-up hits in order without repeats: in `blocks` blocks,
    /// starting before offset 40, up to `longest` bytes long.
    fn made_up_hits(
        next: &mut impl FnMut(u64) -> u64,
        count: u64,
        blocks: u64,
        longest: u64,
    ) -> Vec<Hit> {
        let mut hits: Vec<Hit> = (0..next(count))
            .map(|_| {
                let start = next(40) as u32;
                Hit {
                    block: next(blocks) as u32,
                    start,
                    end: start + 1 + next(longest) as u32,
                }
            })
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    /// Dropping hits inside excluded spans in one walk keeps what checking each hit against
    /// every span keeps, over made-up hits and spans (overlapping and nested spans, spans
    /// in other blocks, hits at a span's very start and end).
    #[test]
    fn hits_inside_excluded_text_are_dropped() {
        let mut next = made_up_numbers(5);
        let mut made_up = |count: u64| made_up_hits(&mut next, count, 3, 12);
        let mut dropped = 0;
        for _ in 0..3_000 {
            let hits = made_up(20);
            let spans = made_up(6);
            let expected: Vec<Hit> = hits
                .iter()
                .filter(|h| {
                    !spans
                        .iter()
                        .any(|s| s.block == h.block && s.start <= h.start && h.start < s.end)
                })
                .copied()
                .collect();
            let mut kept = hits.clone();
            drop_inside(&mut kept, &spans);
            assert_eq!(kept, expected, "hits {hits:?} spans {spans:?}");
            dropped += hits.len() - kept.len();
        }
        assert!(
            dropped > 1_000,
            "the made-up spans covered too few hits ({dropped})"
        );
    }

    /// The unit with the most groups, found by gathering every unit's first hits in a map.
    fn best_unit_by_map(
        per_group: &[Vec<Hit>],
        unit_of: impl Fn(&Hit) -> (usize, usize),
    ) -> Option<Vec<Option<Hit>>> {
        let mut units: BTreeMap<(usize, usize), Vec<Option<Hit>>> = BTreeMap::new();
        for (g, hits) in per_group.iter().enumerate() {
            for h in hits {
                let slot = &mut units
                    .entry(unit_of(h))
                    .or_insert_with(|| vec![None; per_group.len()])[g];
                slot.get_or_insert(*h);
            }
        }
        let mut best: Option<Vec<Option<Hit>>> = None;
        for found in units.into_values() {
            if count(&found) > best.as_ref().map_or(0, |b| count(b)) {
                best = Some(found);
            }
        }
        best
    }

    #[test]
    fn walking_the_groups_together_finds_the_unit_a_map_does() {
        // hits in up to 6 blocks, units of 10 bytes
        let mut next = crate::phrases::tests::made_up_numbers(7);
        for _ in 0..2000 {
            let groups = 1 + next(4) as usize;
            let per_group: Vec<Vec<Hit>> = (0..groups)
                .map(|_| made_up_hits(&mut next, 6, 6, 5))
                .collect();
            let sentence = |h: &Hit| (h.block as usize, h.start as usize / 10);
            let paragraph = |h: &Hit| (h.block as usize, 0);
            assert_eq!(
                best_unit(&per_group, sentence),
                best_unit_by_map(&per_group, sentence)
            );
            assert_eq!(
                best_unit(&per_group, paragraph),
                best_unit_by_map(&per_group, paragraph)
            );
        }
    }
}
