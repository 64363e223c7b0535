//! A policy file's text and the arithmetic between byte offsets and line/column.
//!
//! Byte ranges into the decoded text are the only stored locations. Line and column are
//! worked out for display, treating `\n`, `\r\n` and a lone `\r` as line endings, exactly as
//! comrak does, so that positions agree with the Markdown parser's.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A byte range into a [`SourceFile`]'s text.
pub type Span = Range<usize>;

/// A decoded policy file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or the `--stdin-filename`), used in every report.
    pub path: PathBuf,
    /// The text, UTF-8, without any byte-order mark.
    pub text: Arc<str>,
    /// Whether the file started with a UTF-8 byte-order mark (3 bytes) that was removed.
    pub had_bom: bool,
    /// For a Word document, the text is Markdown converted from it, and this says where each
    /// block of that text is in Word.
    pub word: Option<Arc<crate::docx::Locations>>,
    line_starts: Vec<usize>,
}

/// A 1-based line and column; the column counts characters, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>, had_bom: bool) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = line_starts(&text);
        SourceFile {
            path: path.into(),
            text,
            had_bom,
            word: None,
            line_starts,
        }
    }

    /// Mark the text as converted from a Word document, with where each block came from.
    pub fn with_word_locations(mut self, locations: Arc<crate::docx::Locations>) -> Self {
        self.word = Some(locations);
        self
    }

    /// Where a byte offset of the text is in the Word document it was converted from.
    pub fn word_place(&self, offset: usize) -> Option<String> {
        self.word.as_ref()?.describe(offset)
    }

    /// The path for display, with forward slashes so reports read the same on every system.
    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }

    /// Byte offset of the start of each line (0-based index = line - 1).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Number of lines (a final line without a terminator counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line index holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and 1-based *byte* column (comrak's sourcepos).
    pub fn offset_of(&self, line: usize, byte_column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.floor_char_boundary((start + byte_column.saturating_sub(1)).min(self.text.len()))
    }

    /// The text of a 0-based line without its terminator.
    pub fn line_text(&self, line_index: usize) -> &str {
        let Some(&start) = self.line_starts.get(line_index) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The span of a 0-based line without its terminator.
    pub fn line_span(&self, line_index: usize) -> Span {
        let start = self
            .line_starts
            .get(line_index)
            .copied()
            .unwrap_or(self.text.len());
        start..start + self.line_text(line_index).len()
    }

    /// Clamp a span into the text and onto character boundaries.
    pub fn clamp(&self, span: Span) -> Span {
        let end = self.floor_char_boundary(span.end.min(self.text.len()));
        let start = self.floor_char_boundary(span.start.min(end));
        start..end
    }

    pub fn floor_char_boundary(&self, mut offset: usize) -> usize {
        offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Offset to add to a text offset to get a file offset (the removed BOM).
    pub fn file_offset_base(&self) -> usize {
        if self.had_bom { 3 } else { 0 }
    }
}

/// Line starts for `\n`, `\r\n` and lone `\r` endings.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    // the LF of a CRLF, whose line was started at its CR
    let mut after_cr = usize::MAX;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i == after_cr {
            continue;
        }
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            after_cr = i + 1;
            starts.push(i + 2);
        } else {
            starts.push(i + 1);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_line_endings_start_lines() {
        let f = SourceFile::new("x.md", "a\nb\r\nc\rd", false);
        assert_eq!(f.line_starts(), &[0, 2, 5, 7]);
        assert_eq!(f.line_col(7), LineCol { line: 4, column: 1 });
        assert_eq!(f.line_text(1), "b");
        assert_eq!(f.line_text(2), "c");
    }

    /// Every text of up to seven bytes from `a`, CR and LF starts its lines where a byte by
    /// byte reading says.
    #[test]
    fn line_starts_agree_with_reading_byte_by_byte() {
        fn by_bytes(bytes: &[u8]) -> Vec<usize> {
            let mut starts = vec![0];
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                if matches!(bytes[i], b'\n' | b'\r') {
                    starts.push(i + 1);
                }
                i += 1;
            }
            starts
        }
        let mut texts = vec![String::new()];
        for _ in 0..7 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, String::len))
                .flat_map(|t| ["a", "\r", "\n"].map(|c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        assert_eq!(texts.len(), 3280);
        for t in &texts {
            assert_eq!(line_starts(t), by_bytes(t.as_bytes()), "{t:?}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("x.md", "é’x", false);
        assert_eq!(f.line_col(5), LineCol { line: 1, column: 3 });
        // an offset inside a character is moved back to its start
        assert_eq!(f.line_col(1), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn comrak_byte_columns_map_to_offsets() {
        let f = SourceFile::new("x.md", "ab\r\ncd", false);
        assert_eq!(f.offset_of(2, 2), 5);
        assert_eq!(f.offset_of(9, 1), 6);
    }
}
