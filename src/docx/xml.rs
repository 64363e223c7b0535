//! A small pull reader over one XML part of a Word document: elements by local name (so the
//! `w:` prefix and Strict Open XML's namespaces read the same), attributes decoded, text with
//! entity and character references resolved, and damaged XML reported with the part's name
//! and the line and column where reading stopped.

use std::borrow::Cow;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::Problem;

/// An element's local name and attributes (by local name).
#[derive(Debug, Clone)]
pub struct El {
    pub name: Vec<u8>,
    attrs: Vec<(Vec<u8>, String)>,
}

impl El {
    pub fn is(&self, name: &str) -> bool {
        self.name == name.as_bytes()
    }

    /// The value of an attribute by local name (`w:val` → `val`, `r:id` → `id`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local.as_bytes())
            .map(|(_, v)| v.as_str())
    }

    /// An on/off property such as `<w:b/>` or `<w:b w:val="false"/>`.
    pub fn on_off(&self) -> bool {
        !matches!(self.attr("val"), Some("0" | "false" | "off" | "none"))
    }
}

/// What the reader found next.
#[derive(Debug)]
pub enum Node<'a> {
    Open(El),
    Close(Vec<u8>),
    Text(Cow<'a, str>),
    Eof,
}

pub struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    part: &'a str,
    path: &'a Path,
    /// Current element depth (0 outside the root).
    pub depth: usize,
    /// The end of an empty element, reported after its start.
    pending_close: Option<Vec<u8>>,
}

impl<'a> Xml<'a> {
    pub fn new(path: &'a Path, part: &'a str, text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        Xml {
            reader,
            text,
            part,
            path,
            depth: 0,
            pending_close: None,
        }
    }

    pub fn next_node(&mut self) -> Result<Node<'a>, Problem> {
        if let Some(name) = self.pending_close.take() {
            self.depth = self.depth.saturating_sub(1);
            return Ok(Node::Close(name));
        }
        loop {
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.reader.error_position() as usize;
                    return Err(self.malformed(&e.to_string(), at));
                }
            };
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    return Ok(Node::Open(element(&e)));
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Node::Close(e.local_name().as_ref().to_vec()));
                }
                // expand_empty_elements turns these into Start + End; kept for safety
                Event::Empty(e) => {
                    self.depth += 1;
                    let el = element(&e);
                    self.pending_close = Some(el.name.clone());
                    return Ok(Node::Open(el));
                }
                Event::Text(t) => {
                    let s = match t.decode() {
                        Ok(s) => s,
                        Err(e) => {
                            let at = self.reader.buffer_position() as usize;
                            return Err(self.malformed(&e.to_string(), at));
                        }
                    };
                    return Ok(Node::Text(s));
                }
                Event::CData(t) => {
                    let s = String::from_utf8_lossy(&t).into_owned();
                    return Ok(Node::Text(Cow::Owned(s)));
                }
                Event::GeneralRef(r) => {
                    if r.is_char_ref() {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => return Ok(Node::Text(Cow::Owned(c.to_string()))),
                            _ => {
                                let at = self.reader.buffer_position() as usize;
                                return Err(self.malformed("a character reference is invalid", at));
                            }
                        }
                    }
                    let name = String::from_utf8_lossy(&r);
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        return Ok(Node::Text(Cow::Borrowed(s)));
                    }
                    // an unknown entity: Word never writes one; leave it out
                }
                Event::Eof => return Ok(Node::Eof),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }

    /// Skip the rest of the element just opened (its children and its end tag).
    pub fn skip(&mut self) -> Result<(), Problem> {
        let target = self.depth.saturating_sub(1);
        while self.depth > target {
            if let Node::Eof = self.next_node()? {
                break;
            }
        }
        Ok(())
    }

    /// All text inside the element just opened, up to its end tag.
    pub fn inner_text(&mut self) -> Result<String, Problem> {
        let target = self.depth.saturating_sub(1);
        let mut s = String::new();
        while self.depth > target {
            match self.next_node()? {
                Node::Text(t) => s.push_str(&t),
                Node::Eof => break,
                _ => {}
            }
        }
        Ok(s)
    }

    pub fn malformed(&self, what: &str, at: usize) -> Problem {
        malformed(self.path, self.part, self.text, what, at)
    }
}

fn element(e: &BytesStart<'_>) -> El {
    let mut attrs = Vec::new();
    let mut it = e.attributes();
    it.with_checks(false);
    for a in it.flatten() {
        let value = match a.unescape_value() {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        };
        attrs.push((a.key.local_name().as_ref().to_vec(), value));
    }
    El {
        name: e.local_name().as_ref().to_vec(),
        attrs,
    }
}

/// "word/document.xml is damaged: … (line 1, column 2345)".
pub fn malformed(path: &Path, part: &str, text: &str, what: &str, at: usize) -> Problem {
    let at = at.min(text.len());
    let mut cut = at;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &text[..cut];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Problem::new(
        "docx::malformed",
        path,
        format!(
            "this Word document is damaged: its part {part} is not well-formed XML at line {line}, column {column} ({what})"
        ),
    )
    .with_help("open it in Word, which can often repair a damaged file, and save it again as a Word Document (.docx)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_names_attributes_and_references() {
        let text =
            r#"<w:p xmlns:w="x"><w:pStyle w:val="Heading1"/><w:t>A &amp; B&#x2019;s</w:t></w:p>"#;
        let path = Path::new("p.docx");
        let mut x = Xml::new(path, "word/document.xml", text);
        let mut names = Vec::new();
        let mut txt = String::new();
        loop {
            match x.next_node().unwrap() {
                Node::Open(e) => {
                    if e.is("pStyle") {
                        assert_eq!(e.attr("val"), Some("Heading1"));
                    }
                    names.push(String::from_utf8(e.name).unwrap());
                }
                Node::Text(t) => txt.push_str(&t),
                Node::Close(_) => {}
                Node::Eof => break,
            }
        }
        assert_eq!(names, ["p", "pStyle", "t"]);
        assert_eq!(txt, "A & B\u{2019}s");
    }

    #[test]
    fn mismatched_tags_name_the_part_and_place() {
        let text = "<a>\n<b></c></a>";
        let path = Path::new("p.docx");
        let mut x = Xml::new(path, "word/document.xml", text);
        let err = loop {
            match x.next_node() {
                Err(e) => break e,
                Ok(Node::Eof) => panic!("no error"),
                Ok(_) => {}
            }
        };
        assert_eq!(err.code, "docx::malformed");
        assert!(err.message.contains("word/document.xml"), "{}", err.message);
        assert!(err.message.contains("line 2"), "{}", err.message);
    }
}
