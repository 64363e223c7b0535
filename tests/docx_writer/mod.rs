//! A tiny .docx writer for tests: the parts Word needs ([Content_Types].xml, the package and
//! document relationships, document.xml, styles, numbering, headers and footers), zipped with
//! fixed timestamps so the same input always gives the same file.

#![allow(dead_code)]

pub mod fixtures;

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

#[derive(Default, Clone)]
pub struct Docx {
    body: String,
    styles: Option<String>,
    numbering: Option<String>,
    headers: Vec<String>,
    footers: Vec<String>,
    links: Vec<(String, String)>,
    extra: Vec<(String, Vec<u8>, bool)>,
    /// Leave word/document.xml out (for a zip that is not a Word document).
    no_document: bool,
    raw_document: Option<String>,
}

impl Docx {
    pub fn new(body: impl Into<String>) -> Self {
        Docx {
            body: body.into(),
            styles: Some(standard_styles()),
            ..Docx::default()
        }
    }

    pub fn styles(mut self, xml: impl Into<String>) -> Self {
        self.styles = Some(xml.into());
        self
    }

    pub fn numbering(mut self, xml: impl Into<String>) -> Self {
        self.numbering = Some(xml.into());
        self
    }

    /// A page header holding these paragraphs (`<w:p>` elements).
    pub fn header(mut self, body: impl Into<String>) -> Self {
        self.headers.push(body.into());
        self
    }

    pub fn footer(mut self, body: impl Into<String>) -> Self {
        self.footers.push(body.into());
        self
    }

    /// An external hyperlink relationship `id` → `url`.
    pub fn link(mut self, id: &str, url: &str) -> Self {
        self.links.push((id.into(), url.into()));
        self
    }

    /// Another part, stored (not compressed) when `stored`.
    pub fn part(mut self, name: &str, bytes: Vec<u8>, stored: bool) -> Self {
        self.extra.push((name.into(), bytes, stored));
        self
    }

    pub fn without_document(mut self) -> Self {
        self.no_document = true;
        self
    }

    /// Use this text as word/document.xml exactly (for damaged XML).
    pub fn raw_document(mut self, xml: impl Into<String>) -> Self {
        self.raw_document = Some(xml.into());
        self
    }

    /// The parts, in the order they are zipped.
    pub fn parts(&self) -> Vec<(String, Vec<u8>, bool)> {
        let mut parts: Vec<(String, Vec<u8>, bool)> = Vec::new();
        let mut types = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>"#,
        );
        types.push_str(r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#);
        types.push_str("</Types>");
        parts.push(("[Content_Types].xml".into(), types.into_bytes(), false));
        if !self.no_document {
            parts.push((
                "_rels/.rels".into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
                )
                .into_bytes(),
                false,
            ));
            let mut rels = String::from(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            );
            if self.styles.is_some() {
                rels.push_str(&format!(
                    r#"<Relationship Id="rIdStyles" Type="{REL}/styles" Target="styles.xml"/>"#
                ));
            }
            if self.numbering.is_some() {
                rels.push_str(&format!(
                    r#"<Relationship Id="rIdNumbering" Type="{REL}/numbering" Target="numbering.xml"/>"#
                ));
            }
            for (i, _) in self.headers.iter().enumerate() {
                rels.push_str(&format!(
                    r#"<Relationship Id="rIdH{n}" Type="{REL}/header" Target="header{n}.xml"/>"#,
                    n = i + 1
                ));
            }
            for (i, _) in self.footers.iter().enumerate() {
                rels.push_str(&format!(
                    r#"<Relationship Id="rIdF{n}" Type="{REL}/footer" Target="footer{n}.xml"/>"#,
                    n = i + 1
                ));
            }
            for (id, url) in &self.links {
                rels.push_str(&format!(
                    r#"<Relationship Id="{id}" Type="{REL}/hyperlink" Target="{}" TargetMode="External"/>"#,
                    xml_escape(url)
                ));
            }
            rels.push_str("</Relationships>");
            parts.push((
                "word/_rels/document.xml.rels".into(),
                rels.into_bytes(),
                false,
            ));
            let doc = match &self.raw_document {
                Some(raw) => raw.clone(),
                None => format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{}<w:sectPr>{}{}</w:sectPr></w:body></w:document>"#,
                    self.body,
                    (1..=self.headers.len())
                        .map(|n| format!(r#"<w:headerReference w:type="default" r:id="rIdH{n}"/>"#))
                        .collect::<String>(),
                    (1..=self.footers.len())
                        .map(|n| format!(r#"<w:footerReference w:type="default" r:id="rIdF{n}"/>"#))
                        .collect::<String>(),
                ),
            };
            parts.push(("word/document.xml".into(), doc.into_bytes(), false));
        }
        if let Some(s) = &self.styles {
            parts.push(("word/styles.xml".into(), s.clone().into_bytes(), false));
        }
        if let Some(n) = &self.numbering {
            parts.push(("word/numbering.xml".into(), n.clone().into_bytes(), false));
        }
        for (i, h) in self.headers.iter().enumerate() {
            parts.push((
                format!("word/header{}.xml", i + 1),
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}>{h}</w:hdr>"#).into_bytes(),
                false,
            ));
        }
        for (i, f) in self.footers.iter().enumerate() {
            parts.push((
                format!("word/footer{}.xml", i + 1),
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {NS}>{f}</w:ftr>"#).into_bytes(),
                false,
            ));
        }
        parts.extend(self.extra.iter().cloned());
        parts
    }

    pub fn build(&self) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = ZipWriter::new(&mut buf);
            for (name, bytes, stored) in self.parts() {
                let opts = SimpleFileOptions::default()
                    .compression_method(if stored {
                        CompressionMethod::Stored
                    } else {
                        CompressionMethod::Deflated
                    })
                    .last_modified_time(DateTime::default())
                    .unix_permissions(0o644);
                zip.start_file(name, opts).unwrap();
                zip.write_all(&bytes).unwrap();
            }
            zip.finish().unwrap();
        }
        buf.into_inner()
    }
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A run of text.
pub fn r(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        xml_escape(text)
    )
}

/// A bold run.
pub fn b(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        xml_escape(text)
    )
}

/// A paragraph of one run.
pub fn p(text: &str) -> String {
    format!("<w:p>{}</w:p>", r(text))
}

/// A paragraph of these runs.
pub fn pr(runs: &[String]) -> String {
    format!("<w:p>{}</w:p>", runs.concat())
}

/// A paragraph in a style.
pub fn ps(style: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}</w:p>"#,
        r(text)
    )
}

/// A list paragraph: list `num`, level `lvl`.
pub fn li(num: u32, lvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{}</w:p>"#,
        r(text)
    )
}

/// A table of rows of cells; each cell is the XML of its paragraphs (or plain text).
pub fn table(rows: &[Vec<String>]) -> String {
    let mut s =
        String::from(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid/>"#);
    for row in rows {
        s.push_str("<w:tr>");
        for cell in row {
            let content = if cell.starts_with('<') {
                cell.clone()
            } else {
                p(cell)
            };
            s.push_str(&format!("<w:tc><w:tcPr/>{content}</w:tc>"));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

pub fn standard_styles() -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Subheading"><w:name w:val="Subheading"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>"#
    );
    for n in 1..=4 {
        s.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="{}"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"#,
            n - 1
        ));
    }
    s.push_str("</w:styles>");
    s
}
