//! The report a school takes to its governors and its inspector: one self-contained HTML
//! page (inline CSS and SVG, no script, nothing loaded from anywhere) that prints well on A4.
//!
//! For each policy: who it belongs to, what it was checked against and when; a summary of
//! what is met, not met and not applicable in each area, with a small bar chart; then every
//! requirement in turn, grouped by area, with its status (a word and a symbol, never colour
//! alone), what was found, the policy's own words and where they are, the source in the
//! guidance, and for each gap what to add, why it matters and the model policy's wording.
//!
//! Every piece of text from a policy, a pack or a path goes through [`escape`]. A content
//! security policy in the page forbids loading or running anything as a second line of
//! defence.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::Run;
use super::readable::{
    Excerpt, Locator, Requirement, Spot, heading_as_bold, kcsie_edition, kind_line, model_wording,
    pack_title, packs_checked, priority, requirements, sentence, status_symbol, status_word,
};
use crate::kinds::long_date;
use crate::result::{Area, FileReport, Severity, Status};
use crate::source::Span;

/// Escape text for HTML element content and quoted attribute values. Control characters
/// that HTML does not allow become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #5b6169; --rule: #d5d9de; --pass: #1e6b34; --fail: #a4221b;
  --waived: #7a5400; --na: #6b7178; --pass-bg: #e7f3ea; --fail-bg: #fbeaea; --waived-bg: #fbf3dc;
  --na-bg: #f1f2f4; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 58rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink);
  font: 11pt/1.45 "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .15rem; }
h4 { font-size: 1rem; margin: .15rem 0 .1rem; }
p { margin: .35rem 0; }
a { color: #174ea6; }
.lead { color: var(--muted); margin-top: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .75rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.facts ul { margin: 0; padding-left: 1.1rem; }
.headline { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: middle; }
thead th { border-bottom: 2px solid var(--ink); font-size: .9rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; width: 6.5rem; }
tfoot th, tfoot td { border-top: 2px solid var(--ink); font-weight: 600; }
svg.bar { display: block; }
.key { font-size: .85rem; color: var(--muted); }
.key span { margin-right: 1rem; white-space: nowrap; }
.swatch { display: inline-block; width: .8rem; height: .8rem; vertical-align: -.1rem; border: 1px solid var(--ink); margin-right: .25rem; }
.req { border: 1px solid var(--rule); border-left: 6px solid var(--na); border-radius: 4px; padding: .6rem .8rem; margin: .75rem 0; }
.req.s-pass { border-left-color: var(--pass); }
.req.s-fail { border-left-color: var(--fail); }
.req.s-waived { border-left-color: var(--waived); }
.status { margin: 0; font-size: .9rem; }
.badge { display: inline-block; font-weight: 700; padding: .05rem .45rem; border: 1px solid currentColor; border-radius: 3px; }
.s-pass .badge, .badge.s-pass { color: var(--pass); background: var(--pass-bg); }
.s-fail .badge, .badge.s-fail { color: var(--fail); background: var(--fail-bg); }
.s-waived .badge, .badge.s-waived { color: var(--waived); background: var(--waived-bg); }
.s-not-applicable .badge, .badge.s-not-applicable { color: var(--na); background: var(--na-bg); }
.prio { font-weight: 600; margin-left: .5rem; }
.id { color: var(--muted); font-size: .8rem; margin: 0 0 .35rem; }
.req dl { margin: .25rem 0 0; }
.req dt { font-weight: 600; margin-top: .45rem; }
.req dd { margin: .1rem 0 0; }
.req dd ul { margin: .1rem 0; padding-left: 1.1rem; }
blockquote { margin: .25rem 0; padding: .3rem .6rem; border-left: 3px solid var(--rule); background: #f7f8f9; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #fff1a8; color: inherit; padding: 0 .1rem; }
.where { color: var(--muted); font-size: .9rem; margin: .1rem 0 .4rem; }
div.model { margin: .25rem 0; padding: .1rem .8rem; border: 1px dashed var(--muted); background: #fbfbfc; font-size: .95rem; }
div.model p, div.model ul, div.model ol { margin: .4rem 0; }
div.model ul, div.model ol { padding-left: 1.3rem; }
div.model table { font-size: .9rem; }
div.model th, div.model td { border: 1px solid var(--rule); padding: .2rem .4rem; }
pre.model { margin: .25rem 0; padding: .5rem .7rem; border: 1px dashed var(--muted); background: #fbfbfc; white-space: pre-wrap; overflow-wrap: anywhere; font: .9rem/1.4 "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; }
.note { color: var(--muted); font-size: .9rem; }
.na-list { padding-left: 1.1rem; }
.na-list li { margin: .2rem 0; }
.files td:first-child { overflow-wrap: anywhere; }
.problem { border: 2px solid var(--fail); padding: .5rem .8rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@page { size: A4; margin: 16mm 15mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  .s-fail .source a[href]::after { content: " (" attr(href) ")"; font-size: .8rem; color: var(--muted); overflow-wrap: anywhere; }
  .policy + .policy { break-before: page; }
  .area { break-before: page; }
  h2, h3, h4, dt, .req-head { break-after: avoid; }
  .req-head, blockquote, .where, tr, .facts, .summary table { break-inside: avoid; }
  .req { break-inside: auto; }
  .req.s-pass, .req.s-waived { break-inside: avoid; }
  nav.contents { display: none; }
}
"#;

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(page(run).as_bytes())
}

/// The whole page as a string.
pub fn page(run: &Run<'_>) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let date = long_date(run.today);
    let title = match run.reports {
        [one] => format!(
            "Online safety policy check: {}",
            display_name(one, &Locator::new(one))
        ),
        _ => "Online safety policy check".to_string(),
    };
    o.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"generator\" content=\"policylint\">\n");
    let _ = writeln!(o, "<title>{}</title>", escape(&title));
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>");
    o.push_str("<header class=\"run\">\n<h1>Online safety policy check</h1>\n");
    let _ = writeln!(
        o,
        "<p class=\"lead\">Checked on {} against the statutory guidance and local safeguarding expectations listed for each policy.</p>",
        escape(&date)
    );
    if run.reports.len() > 1 {
        contents(&mut o, run);
    }
    o.push_str("</header>\n");
    if run.reports.is_empty() {
        o.push_str("<p>No policies were checked.</p>\n");
    }
    for (i, report) in run.reports.iter().enumerate() {
        policy(&mut o, run, report, i + 1);
    }
    let _ = writeln!(
        o,
        "<footer>Made by policylint on {}. A check of what a policy says, not of what happens in practice: \
         each finding points to the guidance so that the school can judge it.</footer>",
        escape(&date)
    );
    o.push_str("</body>\n</html>\n");
    o
}

/// The organisation's name, else the policy's title, else its file name.
fn display_name(report: &FileReport, loc: &Locator<'_>) -> String {
    report
        .organisation
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| loc.title())
        .unwrap_or_else(|| report.path.clone())
}

/// Counts of requirements by status.
#[derive(Default, Clone, Copy)]
struct Tally {
    pass: usize,
    fail: usize,
    waived: usize,
    na: usize,
}

impl Tally {
    fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Waived => self.waived += 1,
            Status::NotApplicable => self.na += 1,
        }
    }
    fn of(reqs: &[&Requirement<'_>]) -> Tally {
        let mut t = Tally::default();
        reqs.iter().for_each(|r| t.add(r.status));
        t
    }
    fn applicable(&self) -> usize {
        self.pass + self.fail + self.waived
    }
}

fn contents(o: &mut String, run: &Run<'_>) {
    o.push_str("<nav class=\"contents\" aria-label=\"Policies checked\">\n<table class=\"files\">\n<thead><tr><th scope=\"col\">Policy</th><th scope=\"col\" class=\"num\">Met</th><th scope=\"col\" class=\"num\">Not met</th><th scope=\"col\" class=\"num\">Not applicable</th></tr></thead>\n<tbody>\n");
    for (i, report) in run.reports.iter().enumerate() {
        let loc = Locator::new(report);
        let reqs = requirements(report);
        let t = Tally::of(&reqs.iter().collect::<Vec<_>>());
        let name = display_name(report, &loc);
        if report.errors.is_empty() {
            let _ = writeln!(
                o,
                "<tr><td><a href=\"#policy-{}\">{}</a><br><span class=\"note\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                i + 1,
                escape(&name),
                escape(&report.path),
                t.pass,
                t.fail,
                t.na
            );
        } else {
            let _ = writeln!(
                o,
                "<tr><td><a href=\"#policy-{}\">{}</a></td><td colspan=\"3\">could not be checked</td></tr>",
                i + 1,
                escape(&report.path)
            );
        }
    }
    o.push_str("</tbody>\n</table>\n</nav>\n");
}

fn policy(o: &mut String, run: &Run<'_>, report: &FileReport, n: usize) {
    let loc = Locator::new(report);
    let name = display_name(report, &loc);
    let _ = writeln!(
        o,
        "<section class=\"policy\" id=\"policy-{n}\">\n<h2>{}</h2>",
        escape(&name)
    );
    o.push_str("<dl class=\"facts\">\n");
    fact(
        o,
        "Organisation",
        &escape(
            report
                .organisation
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or("not named in the policy's details"),
        ),
    );
    if let Some(t) = loc.title() {
        fact(o, "Policy", &escape(&t));
    }
    fact(o, "File", &escape(&report.path));
    if let Some(k) = kind_line(report) {
        fact(o, "Kind of organisation", &escape(&k));
    }
    let packs = packs_checked(report);
    if !packs.is_empty() {
        let mut list = String::from("<ul>");
        for p in &packs {
            let _ = write!(list, "<li>{}</li>", escape(&pack_title(p)));
        }
        list.push_str("</ul>");
        fact(o, "Checked against", &list);
    }
    if let Some(e) = kcsie_edition(report) {
        fact(
            o,
            "KCSIE edition",
            &format!("Keeping children safe in education {e}"),
        );
    }
    fact(o, "Date checked", &escape(&long_date(run.today)));
    o.push_str("</dl>\n");

    if !report.errors.is_empty() {
        o.push_str("<div class=\"problem\">\n<p><strong>This file could not be checked.</strong></p>\n<ul>\n");
        for e in &report.errors {
            let _ = write!(o, "<li>{}", escape(&sentence(&e.message)));
            if let Some(h) = &e.help {
                let _ = write!(o, " {}", escape(&sentence(h)));
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n</div>\n");
    }
    if !report.notes.is_empty() {
        o.push_str("<div class=\"notes\">\n<p><strong>Notes</strong></p>\n<ul>\n");
        for note in &report.notes {
            let _ = writeln!(o, "<li>{}</li>", escape(&sentence(note)));
        }
        o.push_str("</ul>\n</div>\n");
    }
    let reqs = requirements(report);
    if reqs.is_empty() {
        o.push_str("</section>\n");
        return;
    }
    let mut areas: Vec<(Area, Vec<&Requirement<'_>>)> = Vec::new();
    for area in Area::ALL {
        let mut in_area: Vec<&Requirement<'_>> =
            reqs.iter().filter(|r| r.def.area == area).collect();
        if in_area.is_empty() {
            continue;
        }
        // gaps first, worst first; then waived, met, and not applicable
        in_area.sort_by_key(|r| {
            (
                match r.status {
                    Status::Fail => 0,
                    Status::Waived => 1,
                    Status::Pass => 2,
                    Status::NotApplicable => 3,
                },
                std::cmp::Reverse(r.severity),
                r.first_offset(),
            )
        });
        areas.push((area, in_area));
    }
    summary(o, report, n, &reqs, &areas);
    for (area, in_area) in &areas {
        area_section(o, report, &loc, n, *area, in_area);
    }
    o.push_str("</section>\n");
}

fn fact(o: &mut String, label: &str, html: &str) {
    let _ = writeln!(o, "<dt>{label}</dt><dd>{html}</dd>");
}

fn area_id(n: usize, a: Area) -> String {
    format!("policy-{n}-{}", a.as_str())
}

fn summary(
    o: &mut String,
    report: &FileReport,
    n: usize,
    reqs: &[Requirement<'_>],
    areas: &[(Area, Vec<&Requirement<'_>>)],
) {
    let all: Vec<&Requirement<'_>> = reqs.iter().collect();
    let total = Tally::of(&all);
    let kind = report.kind.map_or("organisation", |k| k.describe());
    o.push_str("<section class=\"summary\">\n<h3>Summary</h3>\n");
    let mut sev = Vec::new();
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let c = reqs
            .iter()
            .filter(|r| r.status == Status::Fail && r.severity == s)
            .count();
        if c > 0 {
            sev.push(format!("{c} {}", super::readable::priority_short(s)));
        }
    }
    let mut line = format!(
        "<strong>{} of {}</strong> requirements that apply are met",
        total.pass,
        total.applicable()
    );
    if total.fail > 0 {
        let _ = write!(
            line,
            "; <strong>{} {} not met</strong> ({})",
            total.fail,
            if total.fail == 1 { "is" } else { "are" },
            sev.join(", ")
        );
    }
    if total.waived > 0 {
        let _ = write!(line, "; {} waived", total.waived);
    }
    line.push('.');
    if total.na > 0 {
        let _ = write!(
            line,
            " {} {} not apply to this {}.",
            total.na,
            if total.na == 1 { "does" } else { "do" },
            escape(kind)
        );
    }
    let _ = writeln!(o, "<p class=\"headline\">{line}</p>");
    if total.fail > 0 {
        o.push_str("<p class=\"note\">High priority gaps are things the guidance says a policy must contain; medium priority are what it expects or strongly recommends; low priority are good practice and out-of-date wording.</p>\n");
    }
    let show_waived = total.waived > 0;
    o.push_str("<table class=\"areas\">\n<thead><tr><th scope=\"col\">Area</th><th scope=\"col\" class=\"num\">Met</th><th scope=\"col\" class=\"num\">Not met</th>");
    if show_waived {
        o.push_str("<th scope=\"col\" class=\"num\">Waived</th>");
    }
    o.push_str("<th scope=\"col\" class=\"num\">Not applicable</th><th scope=\"col\">Chart</th></tr></thead>\n<tbody>\n");
    for (area, in_area) in areas {
        let t = Tally::of(in_area);
        let _ = write!(
            o,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th>",
            area_id(n, *area),
            escape(area.title())
        );
        counts_cells(o, &t, show_waived);
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">All areas</th>");
    counts_cells(o, &total, show_waived);
    o.push_str("</tr></tfoot>\n</table>\n");
    o.push_str("<p class=\"key\">Key: <span><span class=\"swatch\" style=\"background:var(--pass)\"></span>\u{2713} met</span><span><span class=\"swatch\" style=\"background:var(--fail)\"></span>\u{2717} not met</span>");
    if show_waived {
        o.push_str("<span><span class=\"swatch\" style=\"background:var(--waived)\"></span>~ waived</span>");
    }
    o.push_str("<span><span class=\"swatch\" style=\"background:var(--na-bg)\"></span>\u{2013} not applicable</span></p>\n");
    o.push_str("</section>\n");
}

fn counts_cells(o: &mut String, t: &Tally, show_waived: bool) {
    let _ = write!(
        o,
        "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
        t.pass, t.fail
    );
    if show_waived {
        let _ = write!(o, "<td class=\"num\">{}</td>", t.waived);
    }
    let _ = write!(o, "<td class=\"num\">{}</td><td>{}</td>", t.na, bar(t));
}

/// A small stacked bar: met, not met, waived, not applicable, in that order.
fn bar(t: &Tally) -> String {
    const W: f64 = 140.0;
    const H: u32 = 12;
    let total = t.pass + t.fail + t.waived + t.na;
    let mut label = format!("{} met, {} not met", t.pass, t.fail);
    if t.waived > 0 {
        let _ = write!(label, ", {} waived", t.waived);
    }
    let _ = write!(label, ", {} not applicable", t.na);
    let mut s = format!(
        "<svg class=\"bar\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>"
    );
    let mut x = 0.0;
    if total > 0 {
        for (count, colour) in [
            (t.pass, "var(--pass)"),
            (t.fail, "var(--fail)"),
            (t.waived, "var(--waived)"),
            (t.na, "var(--na-bg)"),
        ] {
            if count == 0 {
                continue;
            }
            let w = W * count as f64 / total as f64;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"{H}\" style=\"fill:{colour}\"/>"
            );
            x += w;
        }
    }
    let _ = write!(
        s,
        "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" style=\"fill:none;stroke:var(--ink);stroke-width:1\"/></svg>",
        W - 1.0,
        H - 1
    );
    s
}

fn area_section(
    o: &mut String,
    report: &FileReport,
    loc: &Locator<'_>,
    n: usize,
    area: Area,
    reqs: &[&Requirement<'_>],
) {
    let t = Tally::of(reqs);
    let _ = writeln!(
        o,
        "<section class=\"area\" id=\"{}\">\n<h3>{}</h3>",
        area_id(n, area),
        escape(area.title())
    );
    let mut line = format!("{} met, {} not met", t.pass, t.fail);
    if t.waived > 0 {
        let _ = write!(line, ", {} waived", t.waived);
    }
    if t.na > 0 {
        let _ = write!(line, ", {} not applicable", t.na);
    }
    let _ = writeln!(o, "<p class=\"note\">{line}.</p>");
    for r in reqs.iter().filter(|r| r.status != Status::NotApplicable) {
        entry(o, report, loc, r);
    }
    let na: Vec<&&Requirement<'_>> = reqs
        .iter()
        .filter(|r| r.status == Status::NotApplicable)
        .collect();
    if !na.is_empty() {
        o.push_str("<p><strong>Not applicable here</strong></p>\n<ul class=\"na-list\">\n");
        for r in na {
            let reason = r
                .results
                .first()
                .map(|x| sentence(&x.message))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "<li class=\"s-not-applicable\" data-check=\"{id}\" data-status=\"not-applicable\"><span class=\"badge\">{} {}</span> {} <span class=\"id\">{id}</span><br><span class=\"note\">{}</span></li>",
                status_symbol(Status::NotApplicable),
                status_word(Status::NotApplicable),
                escape(&r.def.title),
                escape(&reason),
                id = escape(r.check),
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}

fn status_class(s: Status) -> String {
    format!("s-{}", s.as_str())
}

fn entry(o: &mut String, report: &FileReport, loc: &Locator<'_>, r: &Requirement<'_>) {
    let def = r.def;
    let _ = writeln!(
        o,
        "<article class=\"req {cls}\" data-check=\"{id}\" data-status=\"{st}\">",
        cls = status_class(r.status),
        id = escape(r.check),
        st = r.status.as_str(),
    );
    let _ = write!(
        o,
        "<header class=\"req-head\"><p class=\"status\"><span class=\"badge\">{} {}</span>",
        status_symbol(r.status),
        status_word(r.status)
    );
    if r.status == Status::Fail {
        let _ = write!(o, "<span class=\"prio\">{}</span>", priority(r.severity));
    }
    let pack = r.results.first().map(|x| pack_title(&x.pack));
    let _ = writeln!(
        o,
        "</p>\n<h4>{}</h4>\n<p class=\"id\">{}{}</p></header>",
        escape(&def.title),
        escape(r.check),
        pack.map(|p| format!(" \u{b7} {}", escape(&p)))
            .unwrap_or_default()
    );
    o.push_str("<dl>\n");
    // a requirement that is met is summed up by its title; a gap needs the full requirement
    if r.status != Status::Pass {
        let _ = writeln!(
            o,
            "<dt>What is required</dt><dd>{}</dd>",
            escape(&sentence(&def.requirement))
        );
    }

    // What was found, and where
    let label = match r.status {
        Status::Fail => "What we found",
        Status::Waived => "What we found, and why it is waived",
        _ => "What we found",
    };
    let _ = writeln!(o, "<dt>{label}</dt><dd>");
    let many = r.results.len() > 1;
    if many {
        o.push_str("<ul>\n");
    }
    for res in &r.results {
        if many {
            o.push_str("<li>");
        }
        let _ = writeln!(o, "<p>{}</p>", escape(&sentence(&res.message)));
        if r.status == Status::Waived
            && let Some(w) = &res.waiver
        {
            let _ = writeln!(o, "<p>Waived: {}</p>", escape(&sentence(w)));
        }
        places(o, loc, res, r.status);
        if many {
            o.push_str("</li>\n");
        }
    }
    if many {
        o.push_str("</ul>\n");
    }
    o.push_str("</dd>\n");

    if r.status == Status::Fail {
        let mut todo: Vec<String> = Vec::new();
        for res in &r.results {
            if let Some(h) = &res.help {
                let h = sentence(h);
                if !todo.contains(&h) {
                    todo.push(h);
                }
            }
        }
        let fix = sentence(&def.fix);
        if todo.is_empty() {
            todo.push(fix);
        }
        let _ = write!(o, "<dt>What to add or change</dt><dd>");
        for t in &todo {
            let _ = write!(o, "<p>{}</p>", escape(t));
        }
        o.push_str("</dd>\n");
        let _ = writeln!(
            o,
            "<dt>Why it matters</dt><dd>{}</dd>",
            escape(&sentence(&def.why))
        );
        if let Some(w) = model_wording(report.kind, def) {
            o.push_str("<dt>Model wording</dt><dd>");
            match &w.section {
                Some(s) => {
                    let _ = write!(
                        o,
                        "<p class=\"note\">From the model {} policy, section \u{201c}{}\u{201d}. Replace the words in square brackets and adapt it to your setting.</p>",
                        escape(w.kind.describe()),
                        escape(s)
                    );
                }
                None => o.push_str("<p class=\"note\">For example:</p>"),
            }
            o.push_str(&model_html(&w.text));
            if w.cut {
                let _ = write!(
                    o,
                    "<p class=\"note\">The rest of this section is in the model policy: <code>policylint init --kind {}</code>.</p>",
                    w.kind.as_str()
                );
            }
            o.push_str("</dd>\n");
        }
    }
    source(o, def);
    o.push_str("</dl>\n</article>\n");
}

/// Most quotations shown for a requirement that is met (the rest are listed by line).
const MAX_QUOTES_MET: usize = 3;
/// Most quotations shown for one finding.
const MAX_QUOTES_GAP: usize = 6;

/// The places a result points at: its evidence, its labelled places and its main place, each
/// line quoted once with every place on it marked.
fn places(o: &mut String, loc: &Locator<'_>, res: &crate::result::CheckResult, status: Status) {
    let mut items: Vec<(Span, Option<String>)> = Vec::new();
    for e in &res.evidence {
        items.push((e.span.clone(), e.note.clone()));
    }
    for (s, l) in &res.labels {
        items.push((s.clone(), Some(l.clone())));
    }
    if let Some(span) = &res.span {
        let mut quote_it = true;
        if status == Status::Fail {
            match loc.spot(span) {
                // nothing in the policy fits: the finding says what is missing
                Spot::Start => quote_it = false,
                Spot::Heading(h) => {
                    quote_it = false;
                    if let Some(p) = loc.place(span) {
                        let _ = writeln!(
                            o,
                            "<p class=\"where\">Where it belongs: under \u{201c}{}\u{201d} (line {}).</p>",
                            escape(&h),
                            p.line
                        );
                    }
                }
                Spot::Text => {}
            }
        }
        if quote_it {
            items.push((span.clone(), None));
        }
    }
    // an empty place at the very start means "nowhere in particular"
    items.retain(|(s, _)| !(s.is_empty() && (s.start == 0 || status != Status::Fail)));
    let spans: Vec<Span> = items.iter().map(|(s, _)| s.clone()).collect();
    let quotes = loc.excerpts(&spans);
    let max = if status == Status::Fail {
        MAX_QUOTES_GAP
    } else {
        MAX_QUOTES_MET
    };
    let mut more: Vec<usize> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let Some(place) = q.spans.first().and_then(|s| loc.place(s)) else {
            continue;
        };
        if i >= max {
            if !more.contains(&place.line) {
                more.push(place.line);
            }
            continue;
        }
        let _ = write!(o, "<blockquote>{}</blockquote>", quote(q));
        let mut notes: Vec<&str> = Vec::new();
        for (span, note) in &items {
            if let Some(n) = note.as_deref().map(str::trim).filter(|n| !n.is_empty())
                && q.spans.contains(span)
                && !notes.contains(&n)
            {
                notes.push(n);
            }
        }
        let mut where_ = sentence_case_place(&place.describe());
        if !notes.is_empty() {
            let _ = write!(where_, " ({})", notes.join("; "));
        }
        let _ = writeln!(o, "<p class=\"where\">{}</p>", escape(&where_));
    }
    if !more.is_empty() {
        let lines: Vec<String> = more.iter().map(|l| l.to_string()).collect();
        let _ = writeln!(
            o,
            "<p class=\"where\">Also found at {} {}.</p>",
            if more.len() == 1 { "line" } else { "lines" },
            lines.join(", ")
        );
    }
}

fn sentence_case_place(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn quote(e: &Excerpt) -> String {
    // a quotation that is all one mark needs no highlight
    if e.segments.len() == 1 {
        return escape(&e.segments[0].0);
    }
    let mut s = String::new();
    for (text, marked) in &e.segments {
        if *marked {
            let _ = write!(s, "<mark>{}</mark>", escape(text));
        } else {
            s.push_str(&escape(text));
        }
    }
    s
}

/// Model wording as the school will see it in its policy: the Markdown rendered (headings
/// as bold lines, so that they do not break the report's outline), with any raw HTML in it
/// escaped. Wording that would still load anything is shown as plain text instead.
fn model_html(markdown: &str) -> String {
    let text: Vec<String> = markdown.lines().map(heading_as_bold).collect();
    let mut opts = crate::document::markdown::options();
    opts.render.r#unsafe = false;
    opts.render.escape = true;
    let html = comrak::markdown_to_html(&text.join("\n"), &opts);
    let lower = html.to_ascii_lowercase();
    let loads = ["<img", "<script", "<iframe", "<link", "src=", "url("]
        .iter()
        .any(|b| lower.contains(b));
    let links_ok = lower
        .match_indices("href=\"")
        .all(|(i, _)| safe_url(&html[i + 6..i + 6 + html[i + 6..].find('"').unwrap_or(0)]));
    if loads || !links_ok {
        return format!("<pre class=\"model\">{}</pre>", escape(markdown));
    }
    format!("<div class=\"model\">{}</div>", html.trim_end())
}

fn source(o: &mut String, def: &crate::packs::CheckDef) {
    let cite = escape(&def.source.cite());
    let _ = write!(o, "<dt>Source</dt><dd class=\"source\">");
    match def.source.url.as_deref().filter(|u| safe_url(u)) {
        Some(url) => {
            let _ = write!(o, "<a href=\"{}\">{cite}</a>", escape(url));
        }
        None => o.push_str(&cite),
    }
    if !def.also.is_empty() {
        let also: Vec<String> = def.also.iter().map(|a| escape(a)).collect();
        let _ = write!(
            o,
            "<br><span class=\"note\">See also: {}</span>",
            also.join("; ")
        );
    }
    o.push_str("</dd>\n");
}

/// Only web addresses become links (never `javascript:` or a local file).
fn safe_url(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && !u.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_markup_into_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape(r#"Tom & Jerry's "policy""#),
            "Tom &amp; Jerry&#39;s &quot;policy&quot;"
        );
        assert_eq!(escape("&lt;"), "&amp;lt;");
        assert_eq!(escape("a\u{0}b\tc\n"), "a\u{FFFD}b\tc\n");
        assert_eq!(escape("Café – “quoted”"), "Café – “quoted”");
    }

    #[test]
    fn model_wording_is_rendered_without_loading_anything() {
        let html = model_html("## 4.3 The DSL\n\nThe DSL is **[Insert name]**.\n\n- one\n- two\n");
        assert!(html.starts_with("<div class=\"model\">"), "{html}");
        assert!(html.contains("<strong>4.3 The DSL</strong>"), "{html}");
        assert!(!html.contains("<h2"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
        let html = model_html("Say <script>alert(1)</script> here.");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script"), "{html}");
        let html = model_html("![logo](https://example.org/logo.png)");
        assert!(html.starts_with("<pre class=\"model\">"), "{html}");
        let html = model_html("[click](javascript:alert(1))");
        assert!(!html.contains("href=\"javascript"), "{html}");
        let html = model_html("See [the guidance](https://www.gov.uk/x).");
        assert!(html.contains("<a href=\"https://www.gov.uk/x\">"), "{html}");
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(safe_url("https://www.gov.uk/x"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url("file:///etc/passwd"));
        assert!(!safe_url("https://a b"));
    }

    #[test]
    fn bars_say_what_they_show() {
        let t = Tally {
            pass: 3,
            fail: 1,
            waived: 0,
            na: 0,
        };
        let svg = bar(&t);
        assert!(svg.contains("aria-label=\"3 met, 1 not met, 0 not applicable\""));
        assert_eq!(svg.matches("<rect").count(), 3, "{svg}");
        assert!(svg.contains("width=\"105.0\""), "{svg}");
    }
}
