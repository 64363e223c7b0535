//! The report a person reads: each requirement not met, with the policy's own line and the
//! place underlined, why, and what to write; then what was met (with `--show-evidence`); then
//! a summary. Rendered through miette, without colour for NO_COLOR, pipes and tests.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::{Run, Summary, plural};
use crate::error::{Place, Problem};
use crate::fix::fix_diff;
use crate::result::{CheckResult, FileReport, Severity, Status};
use crate::source::{SourceFile, Span};

/// A finding or problem as miette sees it.
struct Diag {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Option<NamedSource<Lines>>,
}

impl fmt::Debug for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.is_none() || self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn handler(run: &Run<'_>) -> GraphicalReportHandler {
    let theme = if run.settings.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(run.settings.width)
        .with_links(false)
        .with_context_lines(1)
        .without_syntax_highlighting()
}

/// A policy's text for miette, which finds the lines around a place by reading the text
/// from its start, once for each finding: here it reads from the start of the first line
/// it shows, found in an index of line starts, and gives what it would have given.
#[derive(Debug, Clone)]
struct Lines {
    text: Arc<str>,
    /// Where each line starts, the first at 0 (line breaks as miette counts them: `\n`,
    /// `\r\n` and a lone `\r`, as [`crate::source::line_starts`] finds them).
    starts: Arc<[usize]>,
}

impl Lines {
    fn new(text: Arc<str>) -> Lines {
        let starts = crate::source::line_starts(&text).into();
        Lines { text, starts }
    }
}

impl SourceCode for Lines {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette takes a span to end at its last byte, so an empty one ends just before it
        let earliest = (span.offset() + span.len())
            .saturating_sub(1)
            .min(span.offset());
        // the first line starts at 0, so at least one start is at or before `earliest`
        let line = self.starts.partition_point(|&s| s <= earliest) - 1;
        let first_line = line.saturating_sub(context_lines_before);
        let from = self.starts[first_line];
        let rest = self.text.as_bytes().get(from..).unwrap_or_default();
        let within = SourceSpan::new((span.offset() - from).into(), span.len());
        let found = rest.read_span(&within, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new(
            found.data(),
            SourceSpan::new((found.span().offset() + from).into(), found.span().len()),
            found.line() + first_line,
            found.column(),
            found.line_count() + first_line,
        )))
    }
}

/// Text miette can show line by line: a lone CR becomes a newline (same length, same offsets).
fn displayable(text: &Arc<str>) -> Arc<str> {
    let bytes = text.as_bytes();
    let lone_cr = bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        return text.clone();
    }
    let mut s = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            s.push('\n');
        } else {
            s.push(c);
        }
    }
    s.into()
}

fn sev(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn span(s: &Span) -> SourceSpan {
    SourceSpan::from(s.start..s.end)
}

/// Render one problem (exit 2) for a person.
pub fn render_problem(p: &Problem, color: bool, width: usize) -> String {
    let settings = super::ReportSettings {
        color,
        width,
        ..Default::default()
    };
    let run = Run {
        reports: &[],
        today: jiff::civil::Date::constant(2000, 1, 1),
        settings: &settings,
    };
    problem_text(&run, p)
}

fn problem_text(run: &Run<'_>, p: &Problem) -> String {
    let mut out = String::new();
    match p.place.as_deref() {
        Some(Place::Span { text, span: s }) => {
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some("here".into()),
                span(s),
            )];
            labels.extend(
                p.related
                    .iter()
                    .map(|(s, l)| LabeledSpan::new_with_span(Some(l.clone()), span(s))),
            );
            let d = Diag {
                code: p.code.to_string(),
                message: p.message.clone(),
                severity: miette::Severity::Error,
                help: p.help.clone(),
                labels,
                source: Some(NamedSource::new(
                    p.display_path(),
                    Lines::new(displayable(text)),
                )),
            };
            let _ = handler(run).render_report(&mut out, &d);
        }
        _ => {
            out.push_str(&format!("error[{}]: {p}\n", p.code));
            if let Some(h) = &p.help {
                out.push_str(&format!("  help: {h}\n"));
            }
        }
    }
    out
}

fn finding_text(
    run: &Run<'_>,
    report: &FileReport,
    source: &SourceFile,
    r: &CheckResult,
    named: &NamedSource<Lines>,
) -> String {
    let mut labels = Vec::new();
    if let Some(s) = &r.span {
        let what = if r.evidence.iter().any(|e| &e.span == s) {
            "found here"
        } else {
            "here"
        };
        labels.push(LabeledSpan::new_primary_with_span(
            Some(what.into()),
            span(s),
        ));
    }
    for (s, l) in &r.labels {
        labels.push(LabeledSpan::new_with_span(Some(l.clone()), span(s)));
    }
    let mut help = String::new();
    if let Some(h) = &r.help {
        help.push_str(h);
    }
    let cite = r.def.source.cite();
    if !help.is_empty() {
        help.push('\n');
    }
    help.push_str(&format!("why: {}\nsource: {cite}", r.def.why));
    let d = Diag {
        code: format!("{} · {}", r.check, r.def.title),
        message: r.message.clone(),
        severity: sev(r.severity),
        help: Some(help),
        labels,
        source: Some(named.clone()),
    };
    let mut out = String::new();
    let _ = handler(run).render_report(&mut out, &d);
    if let Some(w) = r.span.as_ref().and_then(|s| source.word_place(s.start)) {
        out.push_str(&format!("  in Word: {w}\n"));
    }
    out.push('\n');
    if run.settings.show_diff
        && let Some(fix) = &r.fix
    {
        let diff = fix_diff(&report.path, &source.text, &fix.edits);
        out.push_str(&format!(
            "  fix ({}): {}\n",
            applicability(fix.applicability),
            fix.title
        ));
        for line in diff.lines() {
            out.push_str("  │ ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Each item's text, in order. A long list is shared with a second thread: wrapping the
/// text of a finding is most of a report's cost (about 2 ms for a policy with 100 findings),
/// and each finding's text depends on nothing else.
fn each_text<T: Sync>(
    items: &[T],
    parallel: bool,
    text: impl Fn(&T) -> String + Sync,
) -> Vec<String> {
    const WORTH_A_THREAD: usize = 24;
    if !parallel || items.len() < WORTH_A_THREAD {
        return items.iter().map(&text).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let later = std::thread::Builder::new()
            .spawn_scoped(scope, || second.iter().map(&text).collect::<Vec<String>>());
        let mut texts: Vec<String> = first.iter().map(&text).collect();
        match later.map(|thread| thread.join()) {
            Ok(Ok(rest)) => texts.extend(rest),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            // no thread to be had: this one does the rest
            Err(_) => texts.extend(second.iter().map(&text)),
        }
        texts
    })
}

fn applicability(a: crate::result::Applicability) -> &'static str {
    match a {
        crate::result::Applicability::Safe => "safe, applied by --fix",
        crate::result::Applicability::Unsafe => "unsafe, applied with --unsafe-fixes",
        crate::result::Applicability::DisplayOnly => "shown only",
    }
}

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    for report in run.reports {
        render_file(run, report, out)?;
    }
    let s = Summary::of(run.reports);
    if run.reports.len() > 1 || run.reports.is_empty() {
        writeln!(out, "{}", summary_line(&s))?;
    }
    Ok(())
}

pub fn summary_line(s: &Summary) -> String {
    let mut parts = vec![plural(s.files, "file checked", "files checked")];
    if s.unreadable > 0 {
        parts.push(format!(
            "{} could not be read",
            plural(s.unreadable, "file", "files")
        ));
    }
    let mut sev = Vec::new();
    if s.errors > 0 {
        sev.push(plural(s.errors, "error", "errors"));
    }
    if s.warnings > 0 {
        sev.push(plural(s.warnings, "warning", "warnings"));
    }
    if s.infos > 0 {
        sev.push(plural(s.infos, "info", "infos"));
    }
    parts.push(if sev.is_empty() {
        "nothing missing".to_string()
    } else {
        format!(
            "{} not met ({})",
            plural(s.fail, "finding", "findings"),
            sev.join(", ")
        )
    });
    parts.push(format!("{} met", s.pass));
    if s.not_applicable > 0 {
        parts.push(format!("{} not applicable", s.not_applicable));
    }
    if s.waived > 0 {
        parts.push(format!("{} waived", s.waived));
    }
    if s.baselined > 0 {
        parts.push(format!("{} already in the baseline", s.baselined));
    }
    format!("Summary: {}", parts.join(" · "))
}

fn render_file(run: &Run<'_>, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    for p in &report.errors {
        write!(out, "{}", problem_text(run, p))?;
    }
    let Some(source) = &report.source else {
        return Ok(());
    };
    let named = NamedSource::new(report.path.clone(), Lines::new(displayable(&source.text)));
    let mut fails: Vec<&CheckResult> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Fail && !r.baselined)
        .collect();
    fails.sort_by_key(|r| {
        (
            r.span.as_ref().map_or(0, |s| s.start),
            std::cmp::Reverse(r.severity),
            r.check.clone(),
        )
    });
    if !run.settings.quiet && report.packs.is_empty() {
        // a config file's waivers, not a policy
        writeln!(out, "{} (waivers)\n", report.path)?;
    } else if !run.settings.quiet {
        let kind = report.kind.map(|k| k.describe()).unwrap_or("policy");
        let org = report
            .organisation
            .as_deref()
            .map(|o| format!("{o}, "))
            .unwrap_or_default();
        writeln!(
            out,
            "{} ({org}{kind}; checked against {})",
            report.path,
            report.packs.join(", ")
        )?;
        for n in &report.notes {
            writeln!(out, "  note: {n}")?;
        }
        if source.word.is_some() {
            writeln!(
                out,
                "  note: this Word document was read as Markdown; line numbers are those of that text (`policylint import` writes it out) and each finding also says where it is in Word"
            )?;
        }
        writeln!(out)?;
    }
    let texts = each_text(&fails, run.settings.parallel, |r| {
        finding_text(run, report, source, r, &named)
    });
    for text in texts {
        out.write_all(text.as_bytes())?;
    }
    render_set_aside(report, source, out)?;
    if run.settings.show_evidence {
        let mut passes: Vec<&CheckResult> = report
            .results
            .iter()
            .filter(|r| r.status == Status::Pass)
            .collect();
        passes.sort_by_key(|r| r.span.as_ref().map_or(0, |s| s.start));
        if !passes.is_empty() {
            writeln!(out, "Met:")?;
        }
        for r in passes {
            writeln!(out, "  ✓ {} · {}: {}", r.check, r.def.title, r.message)?;
            // each line once: several of a rule's words are often on one line
            let mut lines: Vec<(usize, &crate::result::Evidence)> = Vec::new();
            for e in &r.evidence {
                let line = source.line_col(e.span.start).line;
                match lines.iter_mut().find(|(l, _)| *l == line) {
                    Some(kept) if kept.1.note.is_none() && e.note.is_some() => kept.1 = e,
                    Some(_) => {}
                    None => lines.push((line, e)),
                }
            }
            for (line, e) in lines {
                let note = e
                    .note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                let word = source
                    .word_place(e.span.start)
                    .map(|w| format!(" (in Word: {w})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "      line {line}{word}{note}: {}",
                    clip(source.line_text(line - 1).trim(), 90)
                )?;
            }
        }
    }
    if !run.settings.quiet || !fails.is_empty() {
        let s = Summary::of(std::slice::from_ref(report));
        let head = if s.fail == 0 {
            format!("{}: every applicable requirement is met", report.path)
        } else {
            format!(
                "{}: {} not met",
                report.path,
                plural(s.fail, "finding", "findings")
            )
        };
        let mut sev = Vec::new();
        if s.errors > 0 {
            sev.push(plural(s.errors, "error", "errors"));
        }
        if s.warnings > 0 {
            sev.push(plural(s.warnings, "warning", "warnings"));
        }
        if s.infos > 0 {
            sev.push(plural(s.infos, "info", "infos"));
        }
        let sev = if sev.is_empty() {
            String::new()
        } else {
            format!(" ({})", sev.join(", "))
        };
        let waived = if s.waived > 0 {
            format!(", {} waived", s.waived)
        } else {
            String::new()
        };
        let baselined = if s.baselined > 0 {
            format!(", {} of them already in the baseline", s.baselined)
        } else {
            String::new()
        };
        if report.packs.is_empty() {
            // a config file: only findings about its waivers
            writeln!(
                out,
                "{}: {} about its waivers{sev}{baselined}\n",
                report.path,
                plural(s.fail, "finding", "findings")
            )?;
        } else {
            writeln!(
                out,
                "{head}{sev}{baselined}; {} met, {} not applicable{waived}\n",
                s.pass, s.not_applicable
            )?;
        }
    }
    Ok(())
}

/// Failures that do not count against the policy, each on one line: waived (with the reason),
/// already in the baseline, and fixed since the baseline. Listed always, never hidden.
fn render_set_aside(
    report: &FileReport,
    source: &SourceFile,
    out: &mut dyn Write,
) -> io::Result<()> {
    let line = |r: &CheckResult| r.span.as_ref().map_or(1, |s| source.line_col(s.start).line);
    let mut waived: Vec<&CheckResult> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Waived)
        .collect();
    waived.sort_by_key(|r| (line(r), r.check.clone()));
    if !waived.is_empty() {
        writeln!(out, "Waived:")?;
        for r in waived {
            writeln!(
                out,
                "  ~ line {}: {} · {}: {}",
                line(r),
                r.check,
                r.def.title,
                r.waiver.as_deref().unwrap_or("")
            )?;
        }
        writeln!(out)?;
    }
    let mut old: Vec<&CheckResult> = report
        .results
        .iter()
        .filter(|r| r.status == Status::Fail && r.baselined)
        .collect();
    old.sort_by_key(|r| (line(r), r.check.clone()));
    if !old.is_empty() {
        writeln!(
            out,
            "Already in the baseline (not counted for the exit code):"
        )?;
        for r in old {
            writeln!(
                out,
                "  - line {}: {} {} · {}: {}",
                line(r),
                r.severity.as_str(),
                r.check,
                r.def.title,
                r.message
            )?;
        }
        writeln!(out)?;
    }
    if !report.resolved.is_empty() {
        writeln!(out, "Fixed since the baseline:")?;
        for e in &report.resolved {
            writeln!(out, "  ✓ {} (was line {}): {}", e.check, e.line, e.message)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts shared with a second thread come back in the items' order, as one thread writes them.
    #[test]
    fn texts_from_two_threads_keep_their_order() {
        let items: Vec<usize> = (0..101).collect();
        let text = |i: &usize| format!("finding {i}\n");
        let one = each_text(&items, false, text);
        let two = each_text(&items, true, text);
        assert_eq!(one.len(), 101);
        assert_eq!(one, two);
        assert_eq!(two[100], "finding 100\n");
    }

    /// The lines around every place, with any context, are what miette finds reading the
    /// whole text.
    #[test]
    fn lines_found_from_the_index_are_those_miette_finds() {
        let texts = [
            "",
            "one line",
            "# Policy\n\nOur DSL is Jo Bloggs.\nNext review: 23/1/24\n",
            "# Policy\r\n\r\nLine two\r\nLine – three\r\n\r\nlast",
            "\n\n\nx\n\n",
            "a\nb\nc\nd\ne\nf\ng\nh",
            "old\rMac\r\rlines\r\nand\nothers\r",
        ];
        let mut compared = 0;
        for text in texts {
            let lines = Lines::new(Arc::from(text));
            let whole = text.as_bytes();
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                for len in [0, 1, 3, 12] {
                    let span = SourceSpan::new(offset.into(), len);
                    for before in 0..4 {
                        for after in 0..4 {
                            let want = whole.read_span(&span, before, after);
                            let got = lines.read_span(&span, before, after);
                            match (want, got) {
                                (Ok(w), Ok(g)) => {
                                    assert_eq!(
                                        (w.data(), w.span(), w.line(), w.column(), w.line_count()),
                                        (g.data(), g.span(), g.line(), g.column(), g.line_count()),
                                        "{text:?} at {offset}+{len}, {before} before, {after} after"
                                    );
                                    compared += 1;
                                }
                                (Err(_), Err(_)) => {}
                                (w, g) => panic!(
                                    "{text:?} at {offset}+{len}: {:?} against {:?}",
                                    w.is_ok(),
                                    g.is_ok()
                                ),
                            }
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }
}
