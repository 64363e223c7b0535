//! Problems that stop a file (or the whole run) from being checked: exit code 2.
//!
//! These are not findings about a policy; they say the tool could not do its job on an input
//! (unreadable, not text, malformed front matter, a bad config or pack). Each carries the file
//! and, where there is one, the line and column, so the user can go straight to it.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::source::{SourceFile, Span};

/// Where a problem is: a span into text we could decode, or a bare line/column.
#[derive(Debug, Clone)]
pub enum Place {
    /// A span into decoded text, so the line can be shown with the span underlined.
    Span { text: Arc<str>, span: Span },
    /// Only a position (for example in a file that is not valid UTF-8).
    LineCol { line: usize, column: usize },
}

#[derive(Debug, Clone)]
pub struct Problem {
    /// A short, stable code such as `load::not-utf8` or `front-matter::syntax`.
    pub code: &'static str,
    pub path: PathBuf,
    pub message: String,
    pub help: Option<String>,
    pub place: Option<Box<Place>>,
    /// Further spans in the same text, each with a label (for example every TOML error).
    pub related: Vec<(Span, String)>,
}

impl Problem {
    pub fn new(code: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Problem {
            code,
            path: path.into(),
            message: message.into(),
            help: None,
            place: None,
            related: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn at_span(mut self, source: &SourceFile, span: Span) -> Self {
        self.place = Some(Box::new(Place::Span {
            text: source.text.clone(),
            span: source.clamp(span),
        }));
        self
    }

    pub fn at_text_span(mut self, text: Arc<str>, span: Span) -> Self {
        self.place = Some(Box::new(Place::Span { text, span }));
        self
    }

    pub fn at_line_col(mut self, line: usize, column: usize) -> Self {
        self.place = Some(Box::new(Place::LineCol { line, column }));
        self
    }

    /// 1-based line and column, when known.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match self.place.as_deref() {
            Some(Place::LineCol { line, column }) => Some((*line, *column)),
            Some(Place::Span { text, span }) => {
                let lc = SourceFile::new("", text.clone(), false).line_col(span.start);
                Some((lc.line, lc.column))
            }
            None => None,
        }
    }

    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_col() {
            Some((line, column)) => write!(
                f,
                "{}:{}:{}: {}",
                self.display_path(),
                line,
                column,
                self.message
            ),
            None => write!(f, "{}: {}", self.display_path(), self.message),
        }
    }
}

impl std::error::Error for Problem {}
