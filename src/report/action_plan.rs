//! An action plan for a governors' paper: a Markdown checklist of every requirement a policy
//! does not meet, the most important first (high, then medium, then low priority; then by
//! area), each with what the guidance requires, why it matters, suggested wording, where in
//! the policy, the source, and blank owner and due-date fields to fill in at the meeting.
//!
//! A check that fails in several places (an out-of-date term used five times) is one action
//! with the places listed. Text from the policy is escaped so that it shows as written and
//! cannot become markup where the plan is rendered.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Run;
use super::readable::{
    Locator, Requirement, Spot, heading_as_bold, kcsie_edition, model_wording, pack_title,
    packs_checked, priority, priority_short, requirements, sentence,
};
use crate::kinds::long_date;
use crate::result::{Area, CheckResult, FileReport, Severity, Status};

/// The blank a person fills in by hand.
pub const BLANK: &str = "____________________";

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(plan(run).as_bytes())
}

/// Text from a policy or a check, safe in Markdown running text: on one line, and with a
/// backslash before any `<` that could open an HTML tag and any `&` that could start an
/// entity, so that it shows as written. Other text is left as it is, to read well unrendered.
pub fn inline(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = one_line.chars().collect();
    let mut out = String::with_capacity(one_line.len());
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let risky = match c {
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '\\' => next.is_some_and(|n| matches!(n, '<' | '&')),
            _ => false,
        };
        if risky {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A name for the policy: the organisation, else the policy's title, else the file.
fn name_of(report: &FileReport, loc: &Locator<'_>) -> String {
    report
        .organisation
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| loc.title())
        .unwrap_or_else(|| report.path.clone())
}

pub fn plan(run: &Run<'_>) -> String {
    let mut o = String::new();
    let date = long_date(run.today);
    match run.reports {
        [one] => {
            let loc = Locator::new(one);
            let _ = writeln!(
                o,
                "# Online safety policy: action plan for {}\n",
                inline(&name_of(one, &loc))
            );
            file_plan(&mut o, run, one, &loc, 2);
        }
        reports => {
            let _ = writeln!(o, "# Online safety policies: action plan\n");
            let _ = writeln!(o, "Checked on {date}.\n");
            if reports.is_empty() {
                o.push_str("No policies were checked.\n");
            }
            for r in reports {
                let loc = Locator::new(r);
                let _ = writeln!(o, "## {}\n", inline(&name_of(r, &loc)));
                file_plan(&mut o, run, r, &loc, 3);
            }
        }
    }
    o
}

fn file_plan(o: &mut String, run: &Run<'_>, report: &FileReport, loc: &Locator<'_>, level: usize) {
    let h = "#".repeat(level);
    let reqs = requirements(report);
    let mut gaps: Vec<&Requirement<'_>> =
        reqs.iter().filter(|r| r.status == Status::Fail).collect();
    gaps.sort_by_key(|r| {
        (
            std::cmp::Reverse(r.severity),
            r.def.area,
            r.first_offset(),
            r.check,
        )
    });
    let met: Vec<&Requirement<'_>> = reqs.iter().filter(|r| r.status == Status::Pass).collect();
    let waived = reqs.iter().filter(|r| r.status == Status::Waived).count();
    let na = reqs
        .iter()
        .filter(|r| r.status == Status::NotApplicable)
        .count();
    let applicable = met.len() + gaps.len() + waived;

    // the header: whose policy, when, against what, and the counts
    o.push_str("| | |\n|---|---|\n");
    let org = report
        .organisation
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("not named in the policy's details");
    let _ = writeln!(o, "| Organisation | {} |", cell(org));
    match loc.title() {
        Some(t) => {
            let _ = writeln!(o, "| Policy | {} (file {}) |", cell(&t), cell(&report.path));
        }
        None => {
            let _ = writeln!(o, "| Policy | file {} |", cell(&report.path));
        }
    }
    let _ = writeln!(o, "| Checked on | {} |", long_date(run.today));
    let packs: Vec<String> = packs_checked(report)
        .iter()
        .map(|p| pack_title(p))
        .collect();
    if !packs.is_empty() {
        let _ = writeln!(o, "| Checked against | {} |", cell(&packs.join("; ")));
    }
    if let Some(e) = kcsie_edition(report) {
        let _ = writeln!(
            o,
            "| KCSIE edition | Keeping children safe in education {e} |"
        );
    }
    let mut by_sev = Vec::new();
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let c = gaps.iter().filter(|r| r.severity == s).count();
        if c > 0 {
            by_sev.push(format!("{c} {}", priority_short(s)));
        }
    }
    let actions = if gaps.is_empty() {
        "none".to_string()
    } else {
        format!("{} ({})", gaps.len(), by_sev.join(", "))
    };
    let _ = writeln!(o, "| Actions | {actions} |");
    let _ = writeln!(
        o,
        "| Already met | {} of {} requirements that apply |",
        met.len(),
        applicable
    );
    if waived > 0 {
        let _ = writeln!(o, "| Waived | {waived} |");
    }
    if na > 0 {
        let _ = writeln!(o, "| Not applicable | {na} |");
    }
    o.push('\n');

    if !report.errors.is_empty() {
        o.push_str("**This file could not be checked:**\n\n");
        for e in &report.errors {
            let _ = write!(o, "- {}", inline(&sentence(&e.message)));
            if let Some(help) = &e.help {
                let _ = write!(o, " {}", inline(&sentence(help)));
            }
            o.push('\n');
        }
        o.push('\n');
        return;
    }

    let mut n = 0;
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let these: Vec<&&Requirement<'_>> = gaps.iter().filter(|r| r.severity == sev).collect();
        if these.is_empty() {
            continue;
        }
        let _ = writeln!(o, "{h} {} ({})\n", priority(sev), these.len());
        for r in these {
            n += 1;
            item(o, report, loc, r, n);
        }
    }
    if gaps.is_empty() && report.errors.is_empty() {
        o.push_str("Every requirement that applies is met: there is nothing to add.\n\n");
    }

    // the closing line: what is already met, by area
    let mut areas: Vec<String> = Vec::new();
    for area in Area::ALL {
        let c = met.iter().filter(|r| r.def.area == area).count();
        if c > 0 {
            areas.push(format!("{} ({c})", area.title()));
        }
    }
    if met.is_empty() {
        o.push_str("**Already met:** none of the requirements that apply.\n");
    } else {
        let _ = writeln!(
            o,
            "**Already met:** {} of {} requirements that apply: {}.",
            met.len(),
            applicable,
            areas.join(", ")
        );
    }
}

/// A table cell: inline text with `|` escaped.
fn cell(s: &str) -> String {
    inline(s).replace('|', "\\|")
}

fn item(o: &mut String, report: &FileReport, loc: &Locator<'_>, r: &Requirement<'_>, n: usize) {
    let def = r.def;
    let _ = writeln!(o, "- [ ] **{n}. {}**", inline(&def.title));
    let _ = writeln!(
        o,
        "  {} \u{b7} {} \u{b7} `{}`\n",
        priority(r.severity),
        def.area.title(),
        r.check
    );
    field(o, "Requirement", &inline(&sentence(&def.requirement)));

    if r.results.len() == 1 {
        let res = r.results[0];
        field(o, "What we found", &inline(&sentence(&res.message)));
        match where_(loc, res) {
            Where::Text(p) => field(o, "Where in the policy", &inline(&p)),
            Where::Belongs(p) => field(o, "Where to add it", &inline(&p)),
            Where::Nowhere => {}
        }
    } else {
        let _ = writeln!(
            o,
            "  **What we found, and where** ({} places):\n",
            r.results.len()
        );
        for res in &r.results {
            let msg = inline(&sentence(&res.message));
            match where_(loc, res).text() {
                Some(p) => {
                    let _ = writeln!(o, "  - {}: {msg}", inline(&p));
                }
                None => {
                    let _ = writeln!(o, "  - {msg}");
                }
            }
        }
        o.push('\n');
    }

    let mut todo: Vec<String> = Vec::new();
    for res in &r.results {
        if let Some(h) = &res.help {
            let h = inline(&sentence(h));
            if !todo.contains(&h) {
                todo.push(h);
            }
        }
    }
    if todo.is_empty() {
        todo.push(inline(&sentence(&def.fix)));
    }
    field(o, "What to do", &todo.join(" "));
    field(o, "Why it matters", &inline(&sentence(&def.why)));

    if let Some(w) = model_wording(report.kind, def) {
        match &w.section {
            Some(s) => {
                let _ = writeln!(
                    o,
                    "  **Suggested wording** (from the model {} policy, section \u{201c}{}\u{201d}; replace the words in square brackets):\n",
                    w.kind.describe(),
                    inline(s)
                );
            }
            None => o.push_str("  **Suggested wording:**\n\n"),
        }
        for line in w.text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                o.push_str("  >\n");
            } else {
                let _ = writeln!(o, "  > {}", heading_as_bold(line));
            }
        }
        if w.cut {
            let _ = writeln!(
                o,
                "  >\n  > *(The rest of this section is in the model policy: `policylint init --kind {}`.)*",
                w.kind.as_str()
            );
        }
        o.push('\n');
    }

    let mut src = inline(&def.source.cite());
    if let Some(url) = &def.source.url {
        let _ = write!(src, " <{}>", url.trim());
    }
    field(o, "Source", &src);
    field(o, "Owner", BLANK);
    field(o, "Due by", BLANK);
}

fn field(o: &mut String, label: &str, text: &str) {
    let _ = writeln!(o, "  **{label}:** {text}\n");
}

/// Where a failing result is in the policy, or where its missing text belongs.
enum Where {
    /// "line 12, under “Key people”": the policy's own words.
    Text(String),
    /// "under “Key people” (line 12)": the section the missing text belongs in.
    Belongs(String),
    /// Nothing in the policy fits.
    Nowhere,
}

impl Where {
    fn text(self) -> Option<String> {
        match self {
            Where::Text(s) | Where::Belongs(s) => Some(s),
            Where::Nowhere => None,
        }
    }
}

fn where_(loc: &Locator<'_>, res: &CheckResult) -> Where {
    if let Some(span) = &res.span {
        match loc.spot(span) {
            Spot::Heading(h) => {
                if let Some(p) = loc.place(span) {
                    return Where::Belongs(format!("under \u{201c}{h}\u{201d} (line {})", p.line));
                }
            }
            Spot::Text if !span.is_empty() || span.start > 0 => {
                if let Some(p) = loc.place(span) {
                    return Where::Text(p.describe());
                }
            }
            _ => {}
        }
    }
    // nothing to point at but what partial evidence there is
    let mut lines: Vec<String> = Vec::new();
    for p in res.evidence.iter().filter_map(|e| loc.place(&e.span)) {
        let d = p.describe();
        if !lines.contains(&d) {
            lines.push(d);
        }
    }
    if lines.is_empty() {
        Where::Nowhere
    } else {
        Where::Text(lines.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_text_cannot_become_markup() {
        assert_eq!(
            inline("<script>alert(1)</script>"),
            "\\<script>alert(1)\\</script>"
        );
        assert_eq!(inline("a\n  b"), "a b");
        assert_eq!(
            inline("&amp; &#60; Tom & Jerry, 3 < 4"),
            "\\&amp; \\&#60; Tom & Jerry, 3 < 4"
        );
        assert_eq!(inline("a\\<b>"), "a\\\\\\<b>");
    }
}
