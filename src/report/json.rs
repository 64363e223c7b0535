//! The JSON contract of DESIGN.md: one versioned object, passes included with their
//! evidence, so the output is an evidence map and not only a list of failures.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Run, Summary};
use crate::fix::fix_diff;
use crate::result::{CheckResult, FileReport};
use crate::source::{SourceFile, Span};

pub const VERSION: u32 = 1;

pub fn render(run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
    render_with(run, &[], out)
}

/// Write the report with `extra` fields after the summary, pretty-printed: the bytes that
/// printing [`to_value`] would give, but built one file at a time. The whole tree of a run
/// over a thousand policies takes gigabytes; one file's takes a few hundred kilobytes.
pub fn render_with(run: &Run<'_>, extra: &[(&str, Value)], out: &mut dyn Write) -> io::Result<()> {
    // a value printed on its own, moved right to sit `depth` levels in
    fn nested(out: &mut dyn Write, v: &Value, depth: usize) -> io::Result<()> {
        let indent = "  ".repeat(depth);
        let text = serde_json::to_string_pretty(v)?;
        // JSON strings hold no raw newlines, so each newline is between tokens
        out.write_all(text.replace('\n', &format!("\n{indent}")).as_bytes())
    }
    writeln!(out, "{{\n  \"version\": {VERSION},")?;
    writeln!(out, "  \"today\": {},", Value::from(run.today.to_string()))?;
    if run.reports.is_empty() {
        writeln!(out, "  \"files\": [],")?;
    } else {
        writeln!(out, "  \"files\": [")?;
        for (i, r) in run.reports.iter().enumerate() {
            out.write_all(b"    ")?;
            nested(out, &file_value(r), 2)?;
            writeln!(out, "{}", if i + 1 < run.reports.len() { "," } else { "" })?;
        }
        writeln!(out, "  ],")?;
    }
    out.write_all(b"  \"summary\": ")?;
    nested(out, &summary_value(run), 1)?;
    for (key, value) in extra {
        write!(out, ",\n  {}: ", Value::from(*key))?;
        nested(out, value, 1)?;
    }
    writeln!(out, "\n}}")
}

pub fn to_value(run: &Run<'_>) -> Value {
    json!({
        "version": VERSION,
        "today": run.today.to_string(),
        "files": run.reports.iter().map(file_value).collect::<Vec<_>>(),
        "summary": summary_value(run),
    })
}

fn summary_value(run: &Run<'_>) -> Value {
    let s = Summary::of(run.reports);
    json!({
        "files": s.files,
        "fail": s.fail,
        "pass": s.pass,
        "not_applicable": s.not_applicable,
        "waived": s.waived,
        "baselined": s.baselined,
        "errors": s.unreadable,
        "by_severity": { "error": s.errors, "warning": s.warnings, "info": s.infos },
    })
}

pub fn file_value(r: &FileReport) -> Value {
    let mut v = json!({
        "path": r.path,
        "kind": r.kind.map(|k| k.as_str()),
        "packs": r.packs,
        "results": r.results.iter().map(|res| result_value(r.source.as_ref(), &r.path, res)).collect::<Vec<_>>(),
        "errors": r.errors.iter().map(|e| {
            let (line, column) = e.line_col().map_or((Value::Null, Value::Null), |(l, c)| (l.into(), c.into()));
            json!({ "code": e.code, "message": e.message, "help": e.help, "line": line, "column": column })
        }).collect::<Vec<_>>(),
    });
    let obj = v.as_object_mut().unwrap();
    obj.insert("kind_source".into(), json!(r.kind_source));
    if let Some(o) = &r.organisation {
        obj.insert("organisation".into(), json!(o));
    }
    if !r.notes.is_empty() {
        obj.insert("notes".into(), json!(r.notes));
    }
    if !r.resolved.is_empty() {
        obj.insert(
            "fixed_since_baseline".into(),
            Value::Array(
                r.resolved
                    .iter()
                    .map(|e| json!({ "check": e.check, "line": e.line, "section": e.section, "message": e.message }))
                    .collect(),
            ),
        );
    }
    v
}

pub fn span_value(source: &SourceFile, span: &Span) -> Value {
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    let base = source.file_offset_base();
    let mut v = json!({
        "start": span.start + base,
        "end": span.end + base,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
    });
    // a Word document: where this is in Word, since lines are those of the converted text
    if let Some(w) = source.word_place(span.start) {
        v.as_object_mut().unwrap().insert("word".into(), json!(w));
    }
    v
}

pub fn result_value(source: Option<&SourceFile>, path: &str, r: &CheckResult) -> Value {
    let mut v = json!({
        "check": &*r.check,
        "status": r.status.as_str(),
        "severity": r.severity.as_str(),
        "title": r.def.title,
        "area": r.def.area.as_str(),
        "pack": &*r.pack,
        "message": r.message,
    });
    let obj = v.as_object_mut().unwrap();
    if let Some(source) = source {
        // every result carries a place: its own, or the start of the policy
        let span = r.span.clone().unwrap_or(0..0);
        obj.insert("span".into(), span_value(source, &span));
        obj.insert(
            "evidence".into(),
            Value::Array(
                r.evidence
                    .iter()
                    .map(|e| {
                        let lc = source.line_col(e.span.start);
                        let mut ev = json!({
                            "line": lc.line,
                            "column": lc.column,
                            "text": source.line_text(lc.line - 1).trim(),
                        });
                        if let Some(n) = &e.note {
                            ev.as_object_mut().unwrap().insert("note".into(), json!(n));
                        }
                        if let Some(w) = source.word_place(e.span.start) {
                            ev.as_object_mut().unwrap().insert("word".into(), json!(w));
                        }
                        ev
                    })
                    .collect(),
            ),
        );
        if !r.labels.is_empty() {
            obj.insert(
                "related".into(),
                Value::Array(
                    r.labels
                        .iter()
                        .map(|(s, l)| {
                            let mut sv = span_value(source, s);
                            sv.as_object_mut().unwrap().insert("label".into(), json!(l));
                            sv
                        })
                        .collect(),
                ),
            );
        }
        if let Some(fix) = &r.fix {
            obj.insert(
                "fix".into(),
                json!({
                    "applicability": fix.applicability,
                    "title": fix.title,
                    "diff": fix_diff(path, &source.text, &fix.edits),
                }),
            );
        }
    }
    if let Some(h) = &r.help {
        obj.insert("help".into(), json!(h));
    }
    if let Some(w) = &r.waiver {
        obj.insert("waiver".into(), json!(w));
    }
    if r.baselined {
        obj.insert("baselined".into(), json!(true));
    }
    obj.insert(
        "source".into(),
        json!({
            "document": r.def.source.document,
            "edition": r.def.source.edition,
            "section": r.def.source.section,
            "paragraph": r.def.source.paragraph,
            "url": r.def.source.url,
        }),
    );
    v
}
