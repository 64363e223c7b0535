//! The audit as one self-contained HTML page for a partnership board: a heat map of
//! organisations by requirement (sortable, filterable by kind, area and name), a drill-down
//! per organisation, bar charts of compliance, and what changed since the last audit.
//!
//! Everything is inline (CSS, script, SVG); the page loads nothing and links to nothing, so it
//! works from a USB stick or an email attachment. A content security policy forbids any load
//! from elsewhere. Every piece of text that comes from a policy, a pack or a path goes
//! through [`escape`].

use std::fmt::Write as _;

use super::matrix::{Column, Counts, Matrix, Row, status_words};
use super::previous::{Changes, Previous};
use crate::fix::fix_diff;
use crate::org::OrgKind;
use crate::result::{Area, CheckResult, FileReport, Status};

/// Escape text for HTML (one function, shared with the single-policy report).
pub use crate::report::html::escape;

/// The symbol shown with each status, so that the heat map does not rely on colour alone.
pub fn symbol(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Pass) => "\u{2713}",
        Some(Status::Fail) => "\u{2717}",
        Some(Status::NotApplicable) => "\u{2013}",
        Some(Status::Waived) => "W",
        None => "",
    }
}

/// The CSS class of a status.
fn class(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Pass) => "s-pass",
        Some(Status::Fail) => "s-fail",
        Some(Status::NotApplicable) => "s-na",
        Some(Status::Waived) => "s-waived",
        None => "s-none",
    }
}

fn kind_plural(k: OrgKind) -> &'static str {
    match k {
        OrgKind::School => "Schools",
        OrgKind::College => "Colleges and further education",
        OrgKind::EarlyYears => "Early-years settings",
        OrgKind::Agency => "Agencies and voluntary organisations",
    }
}

fn kind_short(k: Option<OrgKind>) -> &'static str {
    match k {
        Some(OrgKind::School) => "School",
        Some(OrgKind::College) => "College",
        Some(OrgKind::EarlyYears) => "Early years",
        Some(OrgKind::Agency) => "Agency",
        None => "Unknown",
    }
}

fn percent(c: &Counts) -> String {
    match c.compliance() {
        Some(r) => format!("{}%", (r * 100.0).round() as u32),
        None => "\u{2013}".into(),
    }
}

/// What the dashboard is about.
pub struct Page<'a> {
    pub matrix: &'a Matrix<'a>,
    pub dir: &'a str,
    pub today: String,
    pub previous: Option<&'a Previous>,
}

/// Render the dashboard.
pub fn render(page: &Page<'_>) -> String {
    let m = page.matrix;
    let mut o = String::with_capacity(64 * 1024 + m.rows.len() * 8 * 1024);
    let title = format!("Online safety policy audit: {} ({})", page.dir, page.today);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"generator\" content=\"policylint {}\">\n<title>{}</title>\n<style>{}</style>\n\
         <noscript><style>.drill[hidden]{{display:block!important}} .filters,.hint{{display:none}}</style></noscript>\n\
         </head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title),
        CSS
    );
    let _ = write!(
        o,
        "<header><h1>Online safety policies across the partnership</h1>\
         <p>An audit of the policies in <strong>{}</strong>, checked on {} against Keeping Children Safe in Education, \
         the early-years and agency requirements, the partnership's own expectations and up-to-date terminology. \
         Each organisation is checked against the requirements that apply to its kind.</p></header>\n<main>\n",
        escape(page.dir),
        escape(&page.today)
    );
    glance(&mut o, page);
    matrix_table(&mut o, page);
    gaps(&mut o, m);
    charts(&mut o, m);
    if let Some(prev) = page.previous {
        changes(&mut o, m, prev);
    }
    unreadable(&mut o, m);
    details(&mut o, page);
    let _ = write!(
        o,
        "</main>\n<footer><p>Made with policylint {}. This page is self-contained: it loads nothing from the internet \
         and can be kept, emailed or opened offline.</p></footer>\n<script>{}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        SCRIPT
    );
    o
}

fn glance(o: &mut String, page: &Page<'_>) {
    let m = page.matrix;
    let readable = m.readable().count();
    let unreadable = m.unreadable().count();
    let overall = m.overall();
    o.push_str("<section id=\"glance\" aria-labelledby=\"glance-h\"><h2 id=\"glance-h\">At a glance</h2><div class=\"cards\">");
    let _ = write!(
        o,
        "<div class=\"card\"><div class=\"big\">{readable}</div><div>policies checked</div></div>"
    );
    let _ = write!(
        o,
        "<div class=\"card\"><div class=\"big\">{}</div><div>of requirements met, where they apply</div></div>",
        percent(&overall)
    );
    let with_gaps = m.readable().filter(|r| r.counts.fail > 0).count();
    let _ = write!(
        o,
        "<div class=\"card\"><div class=\"big\">{with_gaps}</div><div>organisations with a gap</div></div>"
    );
    let _ = write!(
        o,
        "<div class=\"card{}\"><div class=\"big\">{unreadable}</div><div>could not be read</div></div>",
        if unreadable > 0 { " warn" } else { "" }
    );
    o.push_str("<div class=\"card\"><div>Organisations by kind</div><ul class=\"plain\">");
    for (k, n) in m.kinds() {
        let _ = write!(o, "<li>{}: <strong>{n}</strong></li>", kind_plural(k));
    }
    o.push_str("</ul></div>");
    if let Some(prev) = page.previous {
        let improved: usize = m
            .rows
            .iter()
            .filter_map(|r| r.changes.as_ref())
            .map(|c| c.improved().len())
            .sum();
        let regressed: usize = m
            .rows
            .iter()
            .filter_map(|r| r.changes.as_ref())
            .map(|c| c.regressed().len())
            .sum();
        let _ = write!(
            o,
            "<div class=\"card\"><div>Since the last audit{}</div><div><span class=\"up\">\u{25B2} {improved}</span> requirements now met</div>\
             <div><span class=\"down\">\u{25BC} {regressed}</span> no longer met</div></div>",
            prev.today
                .as_deref()
                .map(|d| format!(" ({})", escape(d)))
                .unwrap_or_default()
        );
    }
    o.push_str("</div></section>\n");
}

fn gaps(o: &mut String, m: &Matrix<'_>) {
    o.push_str("<section id=\"gaps\" aria-labelledby=\"gaps-h\"><h2 id=\"gaps-h\">Requirements most often not met</h2>");
    let top = m.most_unmet();
    if top.is_empty() {
        o.push_str(
            "<p>Every organisation meets every requirement that applies to it.</p></section>\n",
        );
        return;
    }
    o.push_str("<ol class=\"gaps\">");
    for (col, t) in top.iter().take(10) {
        let judged = t.counts.fail + t.counts.pass + t.counts.waived;
        let _ = write!(
            o,
            "<li><strong>{}</strong> {}: not met by {} of {} organisations it applies to</li>",
            escape(&col.id),
            escape(&col.title),
            t.counts.fail,
            judged
        );
    }
    o.push_str("</ol></section>\n");
}

fn legend(o: &mut String) {
    o.push_str("<ul class=\"legend\" aria-label=\"Key\">");
    for (s, words) in [
        (Some(Status::Pass), "Met"),
        (Some(Status::Fail), "Not met"),
        (
            Some(Status::Waived),
            "Waived (accepted as not met, for now)",
        ),
        (
            Some(Status::NotApplicable),
            "Does not apply to this organisation",
        ),
        (None, "Not checked (not in this organisation's rule packs)"),
    ] {
        let _ = write!(
            o,
            "<li><span class=\"key {}\" aria-hidden=\"true\">{}</span> {words}</li>",
            class(s),
            symbol(s)
        );
    }
    o.push_str("</ul>");
}

/// Requirement columns grouped by area, in column order.
fn area_groups(columns: &[Column]) -> Vec<(Area, usize)> {
    let mut groups: Vec<(Area, usize)> = Vec::new();
    for c in columns {
        match groups.last_mut() {
            Some((a, n)) if *a == c.area => *n += 1,
            _ => groups.push((c.area, 1)),
        }
    }
    groups
}

fn matrix_table(o: &mut String, page: &Page<'_>) {
    let m = page.matrix;
    let with_prev = page.previous.is_some();
    o.push_str("<section id=\"matrix-section\" aria-labelledby=\"matrix-h\"><h2 id=\"matrix-h\">Who meets what</h2>");
    o.push_str("<p class=\"hint\">Click a column heading to sort by it. Click an organisation to see its findings, with where each requirement is met and what to add.</p>");
    legend(o);
    // filters
    o.push_str("<div class=\"filters\"><label>Kind of organisation <select id=\"f-kind\"><option value=\"\">All kinds</option>");
    for (k, n) in m.kinds() {
        let _ = write!(
            o,
            "<option value=\"{}\">{} ({n})</option>",
            k.as_str(),
            kind_plural(k)
        );
    }
    o.push_str(
        "</select></label> <label>Area <select id=\"f-area\"><option value=\"\">All areas</option>",
    );
    let groups = area_groups(&m.columns);
    for (a, _) in &groups {
        let _ = write!(o, "<option value=\"{}\">{}</option>", a.as_str(), a.title());
    }
    let readable = m.readable().count();
    let _ = write!(
        o,
        "</select></label> <label>Organisation <input id=\"f-org\" type=\"search\" placeholder=\"Type part of a name\"></label> \
         <span id=\"shown\" role=\"status\">Showing {readable} of {readable} organisations</span></div>"
    );
    o.push_str("<div class=\"scroll\"><table id=\"matrix\"><thead><tr class=\"areas\">");
    let lead = 4 + usize::from(with_prev);
    let _ = write!(o, "<th colspan=\"{lead}\" class=\"blank\"></th>");
    for (a, n) in &groups {
        let _ = write!(
            o,
            "<th colspan=\"{n}\" class=\"area\" data-area=\"{}\" scope=\"colgroup\" title=\"{}\">{}</th>",
            a.as_str(),
            a.title(),
            a.title()
        );
    }
    o.push_str("</tr><tr class=\"heads\">");
    let head = |o: &mut String, label: &str, sort: &str, extra: &str| {
        let _ = write!(
            o,
            "<th scope=\"col\" data-sort=\"{sort}\"{extra} aria-sort=\"none\"><button type=\"button\">{label}</button></th>"
        );
    };
    head(o, "Organisation", "text", " class=\"org-h\"");
    head(o, "Kind", "text", "");
    head(o, "Not met", "num", "");
    head(o, "Met", "num", "");
    if with_prev {
        head(o, "Since last audit", "num", "");
    }
    for c in &m.columns {
        let _ = write!(
            o,
            "<th scope=\"col\" class=\"check\" data-sort=\"status\" data-area=\"{}\" aria-sort=\"none\" title=\"{}: {}\"><button type=\"button\"><span>{}</span></button></th>",
            c.area.as_str(),
            escape(&c.id),
            escape(&c.title),
            escape(&c.id)
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for (i, row) in m.rows.iter().enumerate() {
        if !row.readable() {
            continue;
        }
        let kind = row.kind().map(|k| k.as_str()).unwrap_or("");
        let _ = write!(
            o,
            "<tr class=\"org\" id=\"row-{i}\" data-kind=\"{kind}\" data-name=\"{}\" data-target=\"org-{i}\" tabindex=\"0\" aria-controls=\"org-{i}\" aria-expanded=\"false\">\
             <th scope=\"row\">{}</th><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>",
            escape(&row.organisation.to_lowercase()),
            escape(row.organisation),
            kind_short(row.kind()),
            row.counts.fail,
            row.counts.fail,
            row.counts.pass,
            row.counts.pass,
        );
        if with_prev {
            change_cell(o, row.changes.as_ref());
        }
        for (c, cell) in m.columns.iter().zip(&row.cells) {
            let _ = write!(
                o,
                "<td class=\"c {}\" title=\"{}: {}\">{}</td>",
                class(*cell),
                escape(&c.id),
                cell.map(status_words).unwrap_or("Not checked"),
                symbol(*cell)
            );
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table></div></section>\n");
}

fn change_cell(o: &mut String, changes: Option<&Changes>) {
    match changes {
        Some(Changes::Matched {
            improved,
            regressed,
        }) => {
            let v = improved.len() as i64 - regressed.len() as i64;
            let mut text = String::new();
            if !improved.is_empty() {
                let _ = write!(
                    text,
                    "<span class=\"up\">\u{25B2} {}</span> ",
                    improved.len()
                );
            }
            if !regressed.is_empty() {
                let _ = write!(
                    text,
                    "<span class=\"down\">\u{25BC} {}</span>",
                    regressed.len()
                );
            }
            if text.is_empty() {
                text.push_str("no change");
            }
            let title = changes.map(|c| c.describe()).unwrap_or_default();
            let _ = write!(
                o,
                "<td class=\"n chg\" data-v=\"{v}\" title=\"{}\">{text}</td>",
                escape(&title)
            );
        }
        Some(Changes::NotInPrevious) => {
            o.push_str(
                "<td class=\"n chg\" data-v=\"0\" title=\"not in the previous audit\">new</td>",
            );
        }
        None => o.push_str("<td class=\"n chg\" data-v=\"0\"></td>"),
    }
}

/// One horizontal stacked bar per item: met, waived, not met, with the numbers written out.
fn bar_chart(o: &mut String, id: &str, caption: &str, items: &[(String, String, Counts)]) {
    const LABEL: usize = 440;
    const BAR: usize = 420;
    const ROW: usize = 24;
    let width = LABEL + BAR + 190;
    let height = ROW * items.len() + 8;
    let _ = write!(
        o,
        "<figure><svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">\
         <title id=\"{id}-t\">{}</title>",
        escape(caption)
    );
    for (i, (label, tip, c)) in items.iter().enumerate() {
        let y = i * ROW + 4;
        let judged = c.pass + c.fail + c.waived;
        let _ = write!(
            o,
            "<g><title>{}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"lbl\">{}</text>",
            escape(tip),
            LABEL - 8,
            y + 15,
            escape(label)
        );
        let _ = write!(
            o,
            "<rect x=\"{LABEL}\" y=\"{y}\" width=\"{BAR}\" height=\"{}\" class=\"track\"/>",
            ROW - 6
        );
        let mut x = LABEL as f64;
        for (n, cls) in [
            (c.pass, "b-pass"),
            (c.waived, "b-waived"),
            (c.fail, "b-fail"),
        ] {
            if judged == 0 || n == 0 {
                continue;
            }
            let w = BAR as f64 * n as f64 / judged as f64;
            let _ = write!(
                o,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" class=\"{cls}\"/>",
                ROW - 6
            );
            x += w;
        }
        let text = if judged == 0 {
            "does not apply".to_string()
        } else {
            format!("{} of {judged} met ({})", c.pass, percent(c))
        };
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" class=\"val\">{}</text></g>",
            LABEL + BAR + 8,
            y + 15,
            escape(&text)
        );
    }
    let _ = write!(
        o,
        "</svg><figcaption>{}</figcaption></figure>",
        escape(caption)
    );
}

fn charts(o: &mut String, m: &Matrix<'_>) {
    o.push_str("<section id=\"charts\" aria-labelledby=\"charts-h\"><h2 id=\"charts-h\">How many organisations meet each requirement</h2>");
    o.push_str("<ul class=\"legend\" aria-label=\"Key to the charts\"><li><span class=\"key b-pass\"></span> Met</li><li><span class=\"key b-waived\"></span> Waived</li><li><span class=\"key b-fail\"></span> Not met</li></ul>");
    o.push_str("<p>Each bar counts the organisations the requirement applies to; the numbers are written beside it.</p>");
    let items: Vec<(String, String, Counts)> = m
        .columns
        .iter()
        .zip(&m.column_totals)
        .map(|(c, t)| {
            let mut title = c.title.clone();
            if title.chars().count() > 36 {
                title = title.chars().take(35).collect::<String>() + "\u{2026}";
            }
            (
                format!("{} {}", c.id, title),
                format!("{}: {}", c.id, c.title),
                t.counts,
            )
        })
        .collect();
    bar_chart(
        o,
        "chart-requirements",
        "Organisations meeting each requirement",
        &items,
    );
    o.push_str("<h2 id=\"kinds-h\">How each kind of organisation is doing</h2><p>Each bar counts every requirement that applies, across all organisations of that kind.</p>");
    let kinds: Vec<(String, String, Counts)> = m
        .kind_totals()
        .into_iter()
        .map(|(k, n, c)| {
            let label = format!("{} ({n})", kind_plural(k));
            (label.clone(), label, c)
        })
        .collect();
    bar_chart(
        o,
        "chart-kinds",
        "Requirements met, by kind of organisation",
        &kinds,
    );
    o.push_str("</section>\n");
}

fn changes(o: &mut String, m: &Matrix<'_>, prev: &Previous) {
    let _ = write!(
        o,
        "<section id=\"changes\" aria-labelledby=\"changes-h\"><h2 id=\"changes-h\">Changes since the last audit</h2>\
         <p>Compared with <strong>{}</strong>{}. An improvement is a requirement that was not met and now is; a regression is one that was met and now is not.</p>",
        escape(&prev.file),
        prev.today
            .as_deref()
            .map(|d| format!(", run for {}", escape(d)))
            .unwrap_or_default()
    );
    let changed: Vec<&Row<'_>> = m
        .readable()
        .filter(|r| {
            r.changes
                .as_ref()
                .is_some_and(|c| !c.improved().is_empty() || !c.regressed().is_empty())
        })
        .collect();
    if changed.is_empty() {
        o.push_str("<p>No requirement changed for any organisation found in both audits.</p>");
    } else {
        o.push_str("<table class=\"list\"><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Improved</th><th scope=\"col\">Regressed</th></tr></thead><tbody>");
        for r in changed {
            let c = r.changes.as_ref().unwrap();
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{}</th><td class=\"up\">{}</td><td class=\"down\">{}</td></tr>",
                escape(r.organisation),
                ids(c.improved()),
                ids(c.regressed())
            );
        }
        o.push_str("</tbody></table>");
    }
    let new: Vec<&Row<'_>> = m
        .readable()
        .filter(|r| matches!(r.changes, Some(Changes::NotInPrevious)))
        .collect();
    if !new.is_empty() {
        o.push_str("<p>Not in the last audit (new members, or renamed and moved files):</p><ul>");
        for r in new {
            let _ = write!(o, "<li>{}</li>", escape(r.organisation));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>\n");
}

fn ids(v: &[String]) -> String {
    if v.is_empty() {
        "\u{2013}".into()
    } else {
        v.iter().map(|s| escape(s)).collect::<Vec<_>>().join(", ")
    }
}

fn unreadable(o: &mut String, m: &Matrix<'_>) {
    let rows: Vec<&Row<'_>> = m.unreadable().collect();
    if rows.is_empty() {
        return;
    }
    o.push_str("<section id=\"unreadable\" aria-labelledby=\"unreadable-h\"><h2 id=\"unreadable-h\">Policies that could not be read</h2>\
                <p>These files were not checked. Ask the organisation for a readable copy.</p><ul>");
    for r in rows {
        let help = r
            .policy
            .error_help
            .as_deref()
            .map(|h| format!(" <span class=\"help\">{}</span>", escape(h)))
            .unwrap_or_default();
        let _ = write!(
            o,
            "<li><code>{}</code>: {}{help}</li>",
            escape(r.path()),
            escape(r.error.unwrap_or_default())
        );
    }
    o.push_str("</ul></section>\n");
}

fn details(o: &mut String, page: &Page<'_>) {
    let m = page.matrix;
    o.push_str("<section id=\"details\" aria-labelledby=\"details-h\"><h2 id=\"details-h\">Each organisation's findings</h2>\
                <p class=\"hint\" id=\"details-hint\">Click an organisation in the table above to see its findings here.</p>");
    for (i, row) in m.rows.iter().enumerate() {
        if row.readable() {
            drill(o, i, row);
        }
    }
    o.push_str("</section>\n");
}

fn drill(o: &mut String, i: usize, row: &Row<'_>) {
    // the audit keeps every report when it writes a dashboard
    let Some(r) = row.report else { return };
    let _ = write!(
        o,
        "<article class=\"drill\" id=\"org-{i}\" hidden aria-labelledby=\"org-{i}-h\"><h3 id=\"org-{i}-h\">{}</h3>\
         <p class=\"meta\">File <code>{}</code> \u{b7} {} \u{b7} checked against {}</p>",
        escape(row.organisation),
        escape(&r.path),
        kind_short(row.kind()),
        escape(&r.packs.join(", "))
    );
    let _ = write!(
        o,
        "<p><strong>{}</strong> not met, <strong>{}</strong> met, {} waived, {} do not apply.</p>",
        row.counts.fail, row.counts.pass, row.counts.waived, row.counts.not_applicable
    );
    if let Some(c) = &row.changes {
        let _ = write!(
            o,
            "<p class=\"since\">Since the last audit: {}</p>",
            escape(&c.describe())
        );
    }
    if !r.notes.is_empty() {
        o.push_str("<ul class=\"notes\">");
        for n in &r.notes {
            let _ = write!(o, "<li>{}</li>", escape(n));
        }
        o.push_str("</ul>");
    }
    let of = |s: Status| r.results.iter().filter(move |x| x.status == s);
    let fails: Vec<&CheckResult> = of(Status::Fail).collect();
    if !fails.is_empty() {
        let _ = write!(o, "<h4>Not met ({})</h4>", fails.len());
        for f in fails {
            finding(o, r, f, row.changes.as_ref());
        }
    }
    let waived: Vec<&CheckResult> = of(Status::Waived).collect();
    if !waived.is_empty() {
        let _ = write!(o, "<details><summary>Waived ({})</summary>", waived.len());
        for f in waived {
            finding(o, r, f, row.changes.as_ref());
        }
        o.push_str("</details>");
    }
    let met: Vec<&CheckResult> = of(Status::Pass).collect();
    if !met.is_empty() {
        let _ = write!(
            o,
            "<details><summary>Met, and where ({})</summary><ul class=\"met\">",
            met.len()
        );
        for f in met {
            met_line(o, r, f, row.changes.as_ref());
        }
        o.push_str("</ul></details>");
    }
    let na: Vec<&CheckResult> = of(Status::NotApplicable).collect();
    if !na.is_empty() {
        let _ = write!(
            o,
            "<details><summary>Does not apply ({})</summary><ul class=\"na\">",
            na.len()
        );
        for f in na {
            let _ = write!(
                o,
                "<li><strong>{}</strong> {}: {}</li>",
                escape(&f.check),
                escape(&f.def.title),
                escape(&f.message)
            );
        }
        o.push_str("</ul></details>");
    }
    o.push_str("</article>\n");
}

/// Evidence lines shown per finding, and characters per line: enough to find the place, small
/// enough that a dashboard of hundreds of policies stays a size a browser opens easily.
const MAX_EVIDENCE: usize = 3;
const MAX_LINE: usize = 200;

/// Text cut to `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}\u{2026}", text[..i].trim_end()),
        None => text.to_string(),
    }
}

fn badge(check: &str, changes: Option<&Changes>) -> &'static str {
    match changes {
        Some(c) if c.improved().iter().any(|x| x == check) => {
            " <span class=\"up\">\u{25B2} improved since last audit</span>"
        }
        Some(c) if c.regressed().iter().any(|x| x == check) => {
            " <span class=\"down\">\u{25BC} regressed since last audit</span>"
        }
        _ => "",
    }
}

/// A requirement that is met: one line, with the first place it is met.
fn met_line(o: &mut String, report: &FileReport, f: &CheckResult, changes: Option<&Changes>) {
    let _ = write!(
        o,
        "<li>\u{2713} <b>{}</b> {}{}",
        escape(&f.check),
        escape(&f.def.title),
        badge(&f.check, changes)
    );
    let place = f
        .evidence
        .first()
        .map(|e| e.span.start)
        .or(f.span.as_ref().map(|s| s.start));
    if let (Some(source), Some(at)) = (report.source.as_ref(), place) {
        let line = source.line_col(at).line;
        let _ = write!(
            o,
            ": <span class=\"ln\">line {line}</span> <q>{}</q>",
            escape(&clip(source.line_text(line - 1).trim(), MAX_LINE))
        );
    }
    o.push_str("</li>");
}

/// A requirement not met (or waived): the message, where, what to do, the evidence and the
/// suggested change.
fn finding(o: &mut String, report: &FileReport, f: &CheckResult, changes: Option<&Changes>) {
    let st = Some(f.status);
    let severity = if f.status == Status::Fail {
        f.severity.as_str()
    } else {
        status_words(f.status)
    };
    let _ = write!(
        o,
        "<div class=\"finding {}\"><h5>{} <b>{}</b> {} <small>{severity}</small>{}</h5><p>{}",
        class(st),
        symbol(st),
        escape(&f.check),
        escape(&f.def.title),
        badge(&f.check, changes),
        escape(&f.message)
    );
    let Some(source) = report.source.as_ref() else {
        o.push_str("</p></div>");
        return;
    };
    match &f.span {
        Some(span) => {
            let lc = source.line_col(span.start);
            let _ = write!(
                o,
                " <span class=\"ln\">(line {}, column {})</span></p>",
                lc.line, lc.column
            );
        }
        None => o.push_str(" <span class=\"ln\">(the policy as a whole)</span></p>"),
    }
    if let Some(w) = &f.waiver {
        let _ = write!(o, "<p class=\"help\">Waived: {}</p>", escape(w));
    }
    if let Some(h) = &f.help {
        let _ = write!(o, "<p class=\"help\">What to do: {}</p>", escape(h));
    }
    // one entry per line: several pieces of evidence often sit on the same line
    let mut evidence: Vec<(usize, &crate::result::Evidence)> = Vec::new();
    for e in &f.evidence {
        let line = source.line_col(e.span.start).line;
        if !evidence.iter().any(|(l, _)| *l == line) {
            evidence.push((line, e));
        }
    }
    if !evidence.is_empty() {
        o.push_str("<ul class=\"ev\">");
        for (_, e) in evidence.iter().take(MAX_EVIDENCE) {
            let lc = source.line_col(e.span.start);
            let line = clip(source.line_text(lc.line - 1).trim(), MAX_LINE);
            let note = e
                .note
                .as_deref()
                .map(|n| format!(" <i>{}</i>", escape(n)))
                .unwrap_or_default();
            let _ = write!(
                o,
                "<li><span class=\"ln\">line {}</span> <q>{}</q>{note}</li>",
                lc.line,
                escape(&line)
            );
        }
        if evidence.len() > MAX_EVIDENCE {
            let _ = write!(
                o,
                "<li>and {} more lines</li>",
                evidence.len() - MAX_EVIDENCE
            );
        }
        o.push_str("</ul>");
    }
    if let Some(fix) = &f.fix {
        let diff = fix_diff(&report.path, &source.text, &fix.edits);
        if !diff.trim().is_empty() {
            let _ = write!(
                o,
                "<details class=\"fix\"><summary>Suggested change: {}</summary><pre class=\"diff\">",
                escape(&fix.title)
            );
            diff_lines(o, &diff, &report.path);
            o.push_str("</pre></details>");
        }
    }
    o.push_str("</div>");
}

/// Lines of a fix's diff shown in the dashboard; longer diffs point to `check --diff`.
const MAX_DIFF_LINES: usize = 20;

/// A unified diff as preformatted lines: additions in `<ins>`, removals in `<del>`, hunk
/// headers in `<em>`; long lines are cut. Light markup, because an audit of hundreds of policies holds
/// thousands of diffs.
fn diff_lines(o: &mut String, diff: &str, path: &str) {
    // the file is named in the drill-down's heading, so its `---`/`+++` lines are left out
    let lines: Vec<&str> = diff
        .lines()
        .filter(|l| !l.starts_with("+++ ") && !l.starts_with("--- "))
        .collect();
    let total = lines.len();
    for line in lines.into_iter().take(MAX_DIFF_LINES) {
        let text = escape(&clip(line, MAX_LINE));
        if line.starts_with("@@") {
            let _ = writeln!(o, "<em>{text}</em>");
        } else if line.starts_with('+') {
            let _ = writeln!(o, "<ins>{text}</ins>");
        } else if line.starts_with('-') {
            let _ = writeln!(o, "<del>{text}</del>");
        } else {
            let _ = writeln!(o, "{text}");
        }
    }
    if total > MAX_DIFF_LINES {
        let _ = writeln!(
            o,
            "<em>\u{2026} {} more lines: run policylint check --diff {} to see the whole change</em>",
            total - MAX_DIFF_LINES,
            escape(path)
        );
    }
}

const CSS: &str = r#"
:root{--pass:#cfe8d5;--pass-fg:#14532d;--fail:#f5c2c2;--fail-fg:#7f1d1d;--na:#e7e7e7;--na-fg:#555;--waived:#fde7b0;--waived-fg:#6b4e00;--ink:#1b1b1b;--muted:#5c5c5c;--line:#d0d0d0;--accent:#1d4e89}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0;background:#fafafa}
header{background:var(--accent);color:#fff;padding:.7rem 1.5rem}
header h1{margin:.2rem 0 .4rem;font-size:1.6rem}
header p{margin:0;max-width:60rem}
main{padding:0 1.5rem 2rem}
section{margin:1.2rem 0}
h2{font-size:1.3rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:9rem}
.card.warn{border-color:#b45309;background:#fff7ed}
.big{font-size:1.6rem;font-weight:700;line-height:1.2}
ul.plain{list-style:none;margin:.2rem 0 0;padding:0;font-size:.9rem;columns:2;column-gap:1.2rem}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:.5rem 0}
.key{display:inline-block;min-width:1.4rem;height:1.4rem;text-align:center;border:1px solid #999;border-radius:3px;font-weight:700;line-height:1.3rem;vertical-align:middle}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.6rem 0;padding:.5rem;background:#fff;border:1px solid var(--line);border-radius:6px}
.filters select,.filters input{font:inherit;padding:.15rem .3rem}
#shown{color:var(--muted)}
.scroll{overflow:auto;max-height:80vh;border:1px solid var(--line);background:#fff}
#matrix{border-collapse:separate;border-spacing:0;font-size:13px}
#matrix th,#matrix td{border-right:1px solid #eee;border-bottom:1px solid #eee;padding:2px 4px}
#matrix thead th{position:sticky;background:#f1f3f6;z-index:2}
#matrix thead tr.areas th{top:0;height:1.6rem;font-weight:600;font-size:12px;text-align:left;border-left:2px solid #fff;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:0}
#matrix thead tr.areas th.blank{max-width:none}
#matrix thead tr.heads th{top:1.6rem;vertical-align:bottom}
#matrix thead th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
#matrix th.check button span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block}
#matrix th[aria-sort=ascending] button::after{content:" \25B2"}
#matrix th[aria-sort=descending] button::after{content:" \25BC"}
#matrix tbody th{position:sticky;left:0;background:#fff;text-align:left;white-space:nowrap;z-index:1;max-width:22rem;overflow:hidden;text-overflow:ellipsis}
#matrix thead th.org-h{left:0;z-index:3}
#matrix tbody tr{cursor:pointer}
#matrix tbody tr:hover th,#matrix tbody tr:focus th{background:#e8eef7}
#matrix tbody tr.sel th{background:#d6e2f3;outline:2px solid var(--accent)}
td.n{text-align:right}
#matrix tbody td{white-space:nowrap}
td.c{text-align:center;min-width:1.6rem;font-weight:700}
.s-pass{background:var(--pass);color:var(--pass-fg)}
.s-fail{background:var(--fail);color:var(--fail-fg)}
.s-na{background:var(--na);color:var(--na-fg)}
.s-waived{background:var(--waived);color:var(--waived-fg)}
.s-none{background:#fff}
.up{color:#166534;font-weight:600}
.down{color:#991b1b;font-weight:600}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif;background:#fff;border:1px solid var(--line)}
svg .lbl,svg .val{fill:var(--ink)}
svg .track{fill:#f0f0f0}
.b-pass{fill:#3f9a5a;background:#3f9a5a}
.b-fail{fill:#c24141;background:#c24141}
.b-waived{fill:#d6a21e;background:#d6a21e}
figure{margin:0 0 1rem}
figcaption{color:var(--muted);font-size:.9rem}
table.list{border-collapse:collapse;background:#fff}
table.list th,table.list td{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
.drill{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.drill h3{margin:.2rem 0}
.meta{color:var(--muted)}
.finding{border-left:6px solid #999;padding:.3rem .7rem;margin:.6rem 0;background:#fcfcfc}
.finding.s-fail{border-left-color:#c24141;background:#fff;color:var(--ink)}
.finding.s-waived{border-left-color:#d6a21e;background:#fff;color:var(--ink)}
.finding.s-fail h5{color:var(--fail-fg)}
.finding.s-waived h5{color:var(--waived-fg)}
.finding h5{font-size:1rem;margin:.2rem 0}
.finding p{margin:.2rem 0}
.finding h5 b,ul.met b{font-family:ui-monospace,Menlo,Consolas,monospace}
.finding h5 small{font-weight:400;font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.finding h5 .up,.finding h5 .down,ul.met .up,ul.met .down{font-size:.8rem;margin-left:.5rem}
ul.met{padding-left:1rem;list-style:none}
ul.met li{margin:.15rem 0}
.ev{margin:.2rem 0;padding-left:1.2rem}
.ln{color:var(--muted);font-size:.85rem}
pre.diff{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px;line-height:1.35}
pre.diff ins{color:#116329;background:#e6ffec;text-decoration:none}
pre.diff del{color:#82071e;background:#ffebe9;text-decoration:none}
pre.diff em{color:#57606a;font-style:normal}
details{margin:.4rem 0}
summary{cursor:pointer;font-weight:600}
footer{padding:1rem 1.5rem;color:var(--muted);border-top:1px solid var(--line)}
@media print{.filters,.hint{display:none}.scroll{max-height:none;overflow:visible}.drill[hidden]{display:block!important}}
"#;

const SCRIPT: &str = r#"
(function(){
'use strict';
var table=document.getElementById('matrix');
if(!table){return;}
var tbody=table.tBodies[0];
var rows=Array.prototype.slice.call(tbody.rows);
var heads=Array.prototype.slice.call(table.tHead.rows[1].cells);
var areaHeads=Array.prototype.slice.call(table.tHead.rows[0].cells);
var fKind=document.getElementById('f-kind');
var fArea=document.getElementById('f-area');
var fOrg=document.getElementById('f-org');
var shown=document.getElementById('shown');
var rank={'s-fail':0,'s-waived':1,'s-na':2,'s-pass':3,'s-none':4};
function statusOf(cell){var m=/\bs-[a-z]+/.exec(cell.className);return m?rank[m[0]]:5;}
function applyFilters(){
  var kind=fKind.value, area=fArea.value, q=fOrg.value.trim().toLowerCase(), n=0, i, j;
  for(i=0;i<rows.length;i++){
    var r=rows[i];
    var ok=(!kind||r.getAttribute('data-kind')===kind)&&(!q||r.getAttribute('data-name').indexOf(q)!==-1);
    r.hidden=!ok;
    if(ok){n++;}
  }
  var hideCol=heads.map(function(h){var a=h.getAttribute('data-area');return !!(area&&a&&a!==area);});
  heads.forEach(function(h,i){h.hidden=hideCol[i];});
  areaHeads.forEach(function(h){var a=h.getAttribute('data-area');h.hidden=!!(area&&a&&a!==area);});
  for(i=0;i<rows.length;i++){
    var cells=rows[i].cells;
    for(j=0;j<cells.length;j++){cells[j].hidden=hideCol[j];}
  }
  shown.textContent='Showing '+n+' of '+rows.length+' organisations';
}
function updateAddress(){
  try{
    var p=new URLSearchParams();
    if(fKind.value){p.set('kind',fKind.value);}
    if(fArea.value){p.set('area',fArea.value);}
    if(fOrg.value.trim()){p.set('q',fOrg.value.trim());}
    var s=p.toString();
    history.replaceState(null,'',location.pathname+(s?'?'+s:'')+location.hash);
  }catch(e){}
}
function onFilter(){applyFilters();updateAddress();}
fKind.addEventListener('change',onFilter);
fArea.addEventListener('change',onFilter);
fOrg.addEventListener('input',onFilter);
function setSelect(sel,value){
  for(var i=0;i<sel.options.length;i++){if(sel.options[i].value===value){sel.value=value;return;}}
}
var params=new URLSearchParams(location.search);
if(params.get('kind')){setSelect(fKind,params.get('kind'));}
if(params.get('area')){setSelect(fArea,params.get('area'));}
if(params.get('q')){fOrg.value=params.get('q');}
applyFilters();
heads.forEach(function(h,col){
  var b=h.querySelector('button');
  if(!b){return;}
  b.addEventListener('click',function(){
    var type=h.getAttribute('data-sort');
    var dir=h.getAttribute('aria-sort')==='ascending'?-1:1;
    heads.forEach(function(o){o.setAttribute('aria-sort','none');});
    h.setAttribute('aria-sort',dir===1?'ascending':'descending');
    var keyed=rows.map(function(r,i){
      var c=r.cells[col], k;
      if(type==='num'){k=parseFloat(c.getAttribute('data-v'))||0;}
      else if(type==='status'){k=statusOf(c);}
      else{k=c.textContent.trim().toLowerCase();}
      return {r:r,k:k,i:i};
    });
    keyed.sort(function(a,b){
      if(a.k<b.k){return -dir;} if(a.k>b.k){return dir;}
      return a.i-b.i;
    });
    rows=keyed.map(function(x){return x.r;});
    rows.forEach(function(r){tbody.appendChild(r);});
  });
});
function show(row){
  var id=row.getAttribute('data-target');
  var target=document.getElementById(id);
  if(!target){return;}
  Array.prototype.forEach.call(document.querySelectorAll('article.drill'),function(a){a.hidden=(a!==target);});
  rows.forEach(function(r){r.classList.toggle('sel',r===row);r.setAttribute('aria-expanded',r===row?'true':'false');});
  var hint=document.getElementById('details-hint');
  if(hint){hint.hidden=true;}
  target.scrollIntoView({block:'start'});
}
rows.forEach(function(r){
  r.addEventListener('click',function(){show(r);});
  r.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();show(r);}});
});
var o=params.get('org');
if(o){var r=document.getElementById('row-'+o);if(r){show(r);}}
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_markup_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape("Tom & Jerry's \"club\""),
            "Tom &amp; Jerry&#39;s &quot;club&quot;"
        );
        assert_eq!(escape("a\u{0}b\u{7}c\td"), "a\u{FFFD}b\u{FFFD}c\td");
        assert_eq!(escape("St Ætheldreda’s"), "St Ætheldreda’s");
        // escaping twice shows the first escape as text, never as markup
        assert_eq!(escape("&lt;"), "&amp;lt;");
    }

    #[test]
    fn every_status_has_a_symbol_as_well_as_a_colour() {
        for s in [
            Status::Pass,
            Status::Fail,
            Status::NotApplicable,
            Status::Waived,
        ] {
            assert!(!symbol(Some(s)).is_empty());
        }
        let all: std::collections::HashSet<&str> = [
            Status::Pass,
            Status::Fail,
            Status::NotApplicable,
            Status::Waived,
        ]
        .into_iter()
        .map(|s| symbol(Some(s)))
        .collect();
        assert_eq!(all.len(), 4);
    }
}
