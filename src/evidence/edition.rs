//! The edition of Keeping Children Safe in Education a policy cites: "Keeping Children Safe
//! in Education 2023", "KCSIE (September 2024)", "KCSIE 2022", "KCSIE 2025/26".

use std::sync::LazyLock;

use crate::phrases::CaptureRegex;

use crate::document::Document;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionCite {
    pub year: i16,
    pub span: Span,
    pub block: usize,
}

static CITE: LazyLock<CaptureRegex> = LazyLock::new(|| {
    CaptureRegex::new(
        r"(?i)\b(?:keeping children safe in education|KCSIE)(?:\s*\(KCSIE\))?(?:['’]s)?[\s,:–-]*(?:\(\s*)?(?:(?:published|updated|from|dated|issued)\s+)?(?:(?:1st\s+|1\s+)?(?:september|sept|sep)\.?\s+)?(20[12]\d)\b",
    )
    .unwrap()
});

/// Every edition cited, in document order.
pub fn find(doc: &Document) -> Vec<EditionCite> {
    let mut out = Vec::new();
    for (bi, block) in doc.outline.blocks.iter().enumerate() {
        if !(block.plain.contains("KCSIE")
            || block.plain.to_lowercase().contains("keeping children safe"))
        {
            continue;
        }
        for c in CITE.captures_iter(&block.plain) {
            let m = c.get(0).unwrap();
            let Ok(year) = c[1].parse() else { continue };
            out.push(EditionCite {
                year,
                span: block.span_of(m.start()..m.end()),
                block: bi,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Limits;
    use crate::source::SourceFile;

    fn years(text: &str) -> Vec<i16> {
        let doc = Document::build(SourceFile::new("p.md", text, false), Limits::default()).unwrap();
        doc.facts.editions.iter().map(|e| e.year).collect()
    }

    #[test]
    fn citations_in_the_forms_policies_use() {
        assert_eq!(
            years("This follows Keeping Children Safe in Education 2023."),
            vec![2023]
        );
        assert_eq!(
            years("See KCSIE (September 2024) and KCSIE 2022."),
            vec![2024, 2022]
        );
        assert_eq!(
            years("Keeping Children Safe in Education (KCSIE) 2025"),
            vec![2025]
        );
        assert_eq!(
            years("Keeping children safe in education: September 2021"),
            vec![2021]
        );
        assert!(years("Keeping children safe is our priority. In 2024 we…").is_empty());
    }
}
