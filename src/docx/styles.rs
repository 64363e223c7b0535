//! Paragraph and character styles (word/styles.xml) — which are headings and at what level,
//! which are bold, which carry list numbering — and list definitions (word/numbering.xml)
//! with the counters that turn them into the numbers Word shows ("4.2", "b)", "iii.").

use std::collections::HashMap;
use std::path::Path;

use super::xml::{Node, Xml};
use crate::error::Problem;

#[derive(Debug, Clone, Default)]
pub struct Style {
    pub name: String,
    pub based_on: Option<String>,
    pub outline: Option<u8>,
    pub num: Option<(String, u8)>,
    pub bold: Option<bool>,
    pub hidden: Option<bool>,
}

/// What a paragraph style makes a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleRole {
    /// A heading, with Word's 0-based outline level.
    Heading(u8),
    Title,
    /// A table-of-contents entry or heading: left out of the Markdown.
    Toc,
    Body,
}

#[derive(Debug, Default)]
pub struct Styles {
    pub by_id: HashMap<String, Style>,
    pub default_paragraph: Option<String>,
    pub default_bold: bool,
}

const MAX_CHAIN: usize = 20;

impl Styles {
    pub fn parse(path: &Path, part: &str, text: &str) -> Result<Styles, Problem> {
        let mut out = Styles::default();
        let mut x = Xml::new(path, part, text);
        let mut current: Option<(String, Style)> = None;
        let mut in_defaults = false;
        loop {
            match x.next_node()? {
                Node::Open(e) => {
                    if e.is("pPrChange") || e.is("rPrChange") || e.is("tblStylePr") {
                        x.skip()?;
                    } else if e.is("docDefaults") {
                        in_defaults = true;
                    } else if e.is("style") {
                        let id = e.attr("styleId").unwrap_or("").to_string();
                        if e.attr("type") == Some("paragraph")
                            && matches!(e.attr("default"), Some("1" | "true" | "on"))
                        {
                            out.default_paragraph = Some(id.clone());
                        }
                        current = Some((id, Style::default()));
                    } else if let Some((_, st)) = current.as_mut() {
                        if e.is("name") {
                            st.name = e.attr("val").unwrap_or("").to_string();
                        } else if e.is("basedOn") {
                            st.based_on = e.attr("val").map(str::to_string);
                        } else if e.is("outlineLvl") {
                            st.outline = e.attr("val").and_then(|v| v.parse().ok());
                        } else if e.is("numId") {
                            let id = e.attr("val").unwrap_or("0").to_string();
                            let lvl = st.num.as_ref().map_or(0, |n| n.1);
                            st.num = Some((id, lvl));
                        } else if e.is("ilvl") {
                            let lvl = e.attr("val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            let id = st.num.take().map_or_else(String::new, |n| n.0);
                            st.num = Some((id, lvl));
                        } else if e.is("b") {
                            st.bold = Some(e.on_off());
                        } else if e.is("vanish") {
                            st.hidden = Some(e.on_off());
                        }
                    } else if in_defaults && e.is("b") {
                        out.default_bold = e.on_off();
                    }
                }
                Node::Close(name) => {
                    if name == b"style" {
                        if let Some((id, st)) = current.take() {
                            out.by_id.insert(id, st);
                        }
                    } else if name == b"docDefaults" {
                        in_defaults = false;
                    }
                }
                Node::Text(_) => {}
                Node::Eof => break,
            }
        }
        Ok(out)
    }

    /// The style and the styles it is based on, nearest first.
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = (&'s str, &'s Style)> {
        let mut next = id.or(self.default_paragraph.as_deref());
        let mut n = 0;
        std::iter::from_fn(move || {
            let id = next?;
            n += 1;
            if n > MAX_CHAIN {
                return None;
            }
            let st = self.by_id.get(id)?;
            next = st.based_on.as_deref();
            Some((id, st))
        })
    }

    pub fn role(&self, id: Option<&str>) -> StyleRole {
        for (sid, st) in self.chain(id) {
            let name = st.name.to_ascii_lowercase();
            let sid_l = sid.to_ascii_lowercase();
            if name.starts_with("toc") || sid_l.starts_with("toc") {
                return StyleRole::Toc;
            }
            if name == "title" || sid_l == "title" {
                return StyleRole::Title;
            }
            if let Some(l) = st.outline {
                return if l < 9 {
                    StyleRole::Heading(l)
                } else {
                    StyleRole::Body
                };
            }
            let digits = |s: &str| -> Option<u8> {
                let rest = s.strip_prefix("heading")?.trim();
                let n: u8 = rest.parse().ok()?;
                (1..=9).contains(&n).then(|| n - 1)
            };
            if let Some(l) = digits(&name).or_else(|| digits(&sid_l)) {
                return StyleRole::Heading(l);
            }
        }
        StyleRole::Body
    }

    pub fn bold(&self, id: Option<&str>) -> Option<bool> {
        self.chain(id).find_map(|(_, s)| s.bold)
    }

    /// Bold for a character style, without falling back to the default paragraph style.
    pub fn char_bold(&self, id: &str) -> Option<bool> {
        self.chain(Some(id))
            .take_while(|(sid, _)| Some(*sid) != self.default_paragraph.as_deref())
            .find_map(|(_, s)| s.bold)
    }

    pub fn char_hidden(&self, id: &str) -> bool {
        self.chain(Some(id))
            .find_map(|(_, s)| s.hidden)
            .unwrap_or(false)
    }

    pub fn num(&self, id: Option<&str>) -> Option<(String, u8)> {
        self.chain(id).find_map(|(_, s)| s.num.clone())
    }
}

/// One level of a list definition.
#[derive(Debug, Clone)]
pub struct Level {
    pub start: i64,
    pub format: String,
    pub text: String,
    pub legal: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            legal: false,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<u8, i64>,
    level_overrides: HashMap<u8, Level>,
}

/// The list definitions of a document and the running counters.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// A list definition that takes its levels from a numbering style.
    style_links: HashMap<String, String>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<i64>; 9]>,
}

/// A numbered or bulleted paragraph's marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The number as Word shows it ("4.2", "b)", "3."), empty for bullets.
    pub text: String,
    pub bullet: bool,
    /// For "1." / "1)" lists: the number and the delimiter, which Markdown can keep as a list.
    pub simple: Option<(i64, char)>,
    pub level: u8,
}

impl Numbering {
    pub fn parse(path: &Path, part: &str, text: &str) -> Result<Numbering, Problem> {
        let mut out = Numbering::default();
        let mut x = Xml::new(path, part, text);
        let mut abs: Option<(String, HashMap<u8, Level>)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut lvl: Option<(u8, Level)> = None;
        let mut override_lvl: Option<u8> = None;
        loop {
            match x.next_node()? {
                Node::Open(e) => {
                    if e.is("pPr") || e.is("rPr") || e.is("numberingChange") {
                        x.skip()?;
                    } else if e.is("abstractNum") {
                        abs = Some((
                            e.attr("abstractNumId").unwrap_or("").to_string(),
                            HashMap::new(),
                        ));
                    } else if e.is("num") {
                        num = Some((e.attr("numId").unwrap_or("").to_string(), Num::default()));
                    } else if e.is("abstractNumId") {
                        if let Some((_, n)) = num.as_mut() {
                            n.abstract_id = e.attr("val").unwrap_or("").to_string();
                        }
                    } else if e.is("lvlOverride") {
                        override_lvl = e.attr("ilvl").and_then(|v| v.parse().ok());
                    } else if e.is("startOverride") {
                        if let (Some((_, n)), Some(l)) = (num.as_mut(), override_lvl) {
                            let v = e.attr("val").and_then(|v| v.parse().ok()).unwrap_or(1);
                            n.start_overrides.insert(l, v);
                        }
                    } else if e.is("lvl") {
                        let l = e.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        lvl = Some((l.min(8), Level::default()));
                    } else if e.is("numStyleLink") {
                        if let Some((id, _)) = abs.as_ref() {
                            out.style_links
                                .insert(id.clone(), e.attr("val").unwrap_or("").to_string());
                        }
                    } else if let Some((_, l)) = lvl.as_mut() {
                        if e.is("start") {
                            l.start = e.attr("val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        } else if e.is("numFmt") {
                            l.format = e.attr("val").unwrap_or("decimal").to_string();
                        } else if e.is("lvlText") {
                            l.text = e.attr("val").unwrap_or("").to_string();
                        } else if e.is("isLgl") {
                            l.legal = e.on_off();
                        }
                    }
                }
                Node::Close(name) => match name.as_slice() {
                    b"lvl" => {
                        if let Some((l, level)) = lvl.take() {
                            if let Some(o) = override_lvl.filter(|_| num.is_some()) {
                                if let Some((_, n)) = num.as_mut() {
                                    n.level_overrides.insert(o, level);
                                }
                            } else if let Some((_, a)) = abs.as_mut() {
                                a.insert(l, level);
                            }
                        }
                    }
                    b"lvlOverride" => override_lvl = None,
                    b"abstractNum" => {
                        if let Some((id, a)) = abs.take() {
                            out.abstracts.insert(id, a);
                        }
                    }
                    b"num" => {
                        if let Some((id, n)) = num.take() {
                            out.nums.insert(id, n);
                        }
                    }
                    _ => {}
                },
                Node::Text(_) => {}
                Node::Eof => break,
            }
        }
        Ok(out)
    }

    /// The levels of a list, following a link to a numbering style once.
    fn levels(&self, abstract_id: &str, styles: &Styles) -> Option<&HashMap<u8, Level>> {
        let mut id = abstract_id.to_string();
        for _ in 0..3 {
            if let Some(style) = self.style_links.get(&id)
                && let Some((num_id, _)) = styles.num(Some(style))
                && let Some(n) = self.nums.get(&num_id)
                && n.abstract_id != id
            {
                id = n.abstract_id.clone();
                continue;
            }
            break;
        }
        self.abstracts.get(&id)
    }

    /// Count a paragraph of list `num_id` at `level` and give the marker Word shows.
    pub fn next(&mut self, num_id: &str, level: u8, styles: &Styles) -> Option<Marker> {
        if num_id == "0" || num_id.is_empty() {
            return None;
        }
        let level = level.min(8);
        let num = self.nums.get(num_id)?.clone();
        let levels = self.levels(&num.abstract_id, styles).cloned()?;
        let level_of = |l: u8| -> Level {
            num.level_overrides
                .get(&l)
                .or_else(|| levels.get(&l))
                .cloned()
                .unwrap_or_default()
        };
        let start_of = |l: u8| -> i64 {
            num.start_overrides
                .get(&l)
                .copied()
                .unwrap_or_else(|| level_of(l).start)
        };
        // lists that restart their numbering count on their own
        let key = if num.start_overrides.is_empty() {
            format!("a:{}", num.abstract_id)
        } else {
            format!("n:{num_id}")
        };
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let l = level as usize;
        counters[l] = Some(match counters[l] {
            Some(v) => v.saturating_add(1),
            None => start_of(level),
        });
        for c in counters.iter_mut().skip(l + 1) {
            *c = None;
        }
        for (k, c) in counters.iter_mut().enumerate().take(l) {
            if c.is_none() {
                *c = Some(start_of(k as u8));
            }
        }
        let values = *counters;
        let this = level_of(level);
        if this.format == "bullet" {
            return Some(Marker {
                text: String::new(),
                bullet: true,
                simple: None,
                level,
            });
        }
        if this.format == "none" {
            return None;
        }
        let mut text = String::new();
        let mut chars = this.text.chars().peekable();
        let mut refs = Vec::new();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
                && (1..=9).contains(&d)
            {
                chars.next();
                let k = (d - 1) as u8;
                refs.push(k);
                let v = values[k as usize].unwrap_or_else(|| start_of(k));
                let fmt = if this.legal {
                    "decimal".to_string()
                } else {
                    level_of(k).format
                };
                text.push_str(&format_number(v, &fmt));
            } else {
                text.push(c);
            }
        }
        let text = text.trim().to_string();
        let own = values[l].unwrap_or(1);
        let simple = (refs == [level]
            && matches!(this.format.as_str(), "decimal")
            && (text == format!("{own}.") || text == format!("{own})")))
        .then(|| (own, text.chars().last().unwrap_or('.')));
        Some(Marker {
            text,
            bullet: false,
            simple,
            level,
        })
    }
}

/// A counter in one of Word's number formats.
pub fn format_number(v: i64, format: &str) -> String {
    match format {
        "lowerLetter" => letters(v, false),
        "upperLetter" => letters(v, true),
        "lowerRoman" => roman(v).to_lowercase(),
        "upperRoman" => roman(v),
        "decimalZero" => format!("{v:02}"),
        "ordinal" => {
            let suffix = match (v % 10, v % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{v}{suffix}")
        }
        "none" | "bullet" => String::new(),
        _ => v.to_string(),
    }
}

/// a, b, … z, aa, bb, … as Word counts.
fn letters(v: i64, upper: bool) -> String {
    if v < 1 {
        return v.to_string();
    }
    let v = (v - 1) as u64;
    let letter = (b'a' + (v % 26) as u8) as char;
    let times = (v / 26 + 1).min(10) as usize;
    let s: String = std::iter::repeat_n(letter, times).collect();
    if upper { s.to_uppercase() } else { s }
}

fn roman(v: i64) -> String {
    if !(1..4000).contains(&v) {
        return v.to_string();
    }
    let mut n = v;
    let mut s = String::new();
    for (value, sym) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            s.push_str(sym);
            n -= value;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(9, "lowerRoman"), "ix");
        assert_eq!(format_number(2, "decimalZero"), "02");
        assert_eq!(format_number(12, "ordinal"), "12th");
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn multi_level_numbers_count_like_word() {
        let styles = Styles::default();
        let mut n = Numbering::parse(Path::new("a.docx"), "word/numbering.xml", NUMBERING).unwrap();
        let mut t = |id: &str, l: u8| n.next(id, l, &styles).unwrap();
        let m = t("1", 0);
        assert_eq!(m.text, "1.");
        assert_eq!(m.simple, Some((1, '.')));
        assert_eq!(t("1", 1).text, "1.1");
        assert_eq!(t("1", 1).text, "1.2");
        let m = t("1", 2);
        assert_eq!(m.text, "(a)");
        assert_eq!(m.simple, None);
        assert_eq!(t("1", 0).text, "2.");
        assert_eq!(t("1", 1).text, "2.1");
        assert!(t("2", 0).bullet);
        assert_eq!(t("3", 0).text, "7.");
        assert_eq!(n.next("0", 0, &styles), None);
    }
}
