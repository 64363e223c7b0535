//! The Word fixtures under fixtures/docx/, built here so they can be regenerated and checked.
//! Each has a Markdown twin (fixtures/docx/NAME.md) written by hand as a person would write
//! the same policy: checking the two must give the same result for every requirement.

use super::*;

const HYPER: &str =
    "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2";

/// Headings numbered by a list on the heading styles (1, 1.1), bullets, and "a)" items.
pub fn numbering() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>
<w:abstractNum w:abstractNumId="10">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
  <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="30">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="40">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="40"/></w:num>
</w:numbering>"#
    )
}

/// A heading numbered by list 1.
fn hn(level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading{level}"/><w:numPr><w:ilvl w:val="{}"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
        level - 1,
        r(text)
    )
}

/// St Aldhelm's: heading styles with list numbering, a table of contents, a key-people table
/// with a merged cell, nested bullets, "a)" items, numbered sub-sections kept as text, a bold
/// line acting as a heading, a boxed paragraph, links (relationship and field), tracked changes
/// (an old term deleted, the new one inserted), hidden text, and dates in the footer.
pub fn st_aldhelms() -> Docx {
    let mut body = String::new();
    body.push_str(&ps("Title", "Online Safety Policy"));
    // a table of contents field: its entries are left out
    body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1 Aims</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p>"#);
    body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>2 Roles and responsibilities</w:t></w:r><w:r><w:tab/><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#);
    body.push_str(&hn(1, "Aims"));
    body.push_str(&pr(&[
        r("This policy sets out how St Aldhelm\u{2019}s CE Primary School keeps pupils safe online. It follows "),
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "{HYPER}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r("Keeping Children Safe in Education 2025")
        ),
        r(" and the advice of the UK Council for Internet Safety ("),
        // tracked change: the old name deleted, the new one inserted
        r#"<w:del w:id="1" w:author="DSL"><w:r><w:delText>UKCCIS</w:delText></w:r></w:del><w:ins w:id="2" w:author="DSL">"#.to_string()
            + &r("UKCIS")
            + "</w:ins>",
        r(")."),
    ]));
    body.push_str(&pr(&[
        r("Online safety is part of safeguarding: this policy works alongside our child protection policy"),
        // hidden text is not read
        r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> and our sexting guidance</w:t></w:r>"#.to_string(),
        r("."),
    ]));
    body.push_str(&hn(1, "Roles and responsibilities"));
    body.push_str(&p("The key people for online safety at our school are:"));
    body.push_str(&table(&[
        vec!["Role".into(), "Name".into()],
        vec![
            "Designated safeguarding lead (DSL)".into(),
            "Ruth Adebayo".into(),
        ],
        vec!["Deputy DSL".into(), "Tom Ellery".into()],
        vec!["Prevent lead".into(), "Ruth Adebayo".into()],
        vec!["Safeguarding link governor".into(), "Priya Shah".into()],
    ]));
    body.push_str(&pr(&[
        r("The "),
        b("DSL"),
        r(" has lead responsibility for safeguarding and child protection, including online safety, and for understanding the filtering and monitoring systems in place."),
    ]));
    body.push_str(&hn(2, "Staff"));
    body.push_str(&p("All staff and volunteers:"));
    body.push_str(&li(2, 0, "read and sign the acceptable use policy;"));
    body.push_str(&li(
        2,
        0,
        "report any online safety concern to the DSL the same day, including:",
    ));
    body.push_str(&li(2, 1, "cyberbullying and online harassment;"));
    body.push_str(&li(2, 1, "sharing nudes and semi-nudes;"));
    body.push_str(&li(2, 1, "peer-on-peer abuse online;"));
    body.push_str(&li(2, 0, "model safe and responsible use of technology."));
    body.push_str(&hn(1, "Filtering and monitoring"));
    // a bold line: a heading to the outline, as in pasted Markdown
    body.push_str(&pr(&[b("Our filtering and monitoring systems")]));
    body.push_str(&p("Our internet filtering and monitoring is provided by the school\u{2019}s IT provider and reviewed at least once a year by the DSL and the IT technician."));
    body.push_str(&pr(&[
        r("Date of the last filtering and monitoring review:"),
        "<w:r><w:tab/></w:r>".into(),
        r("10/07/2025"),
    ]));
    body.push_str(&hn(1, "Mobile and smart technology"));
    body.push_str(&li(1, 1, "Pupils\u{2019} phones"));
    body.push_str(&p(
        "Pupils hand their phones to the school office at the start of the day.",
    ));
    body.push_str(&li(1, 1, "Staff devices"));
    body.push_str(&p(
        "Staff do not use personal devices to take images of pupils.",
    ));
    body.push_str(&hn(1, "Responding to incidents"));
    body.push_str(&p("When a concern is raised, the DSL will:"));
    body.push_str(&li(3, 0, "make sure the child is safe;"));
    body.push_str(&li(3, 0, "record the facts and any action taken;"));
    body.push_str(&li(
        3,
        0,
        "refer to children\u{2019}s social care or the police where needed.",
    ));
    // a one-cell table is a box round ordinary text
    body.push_str(&table(&[vec![pr(&[
        b("If a child is in immediate danger,"),
        r(" call the police on 999."),
    ])]]));
    body.push_str(&pr(&[
        r("Concerns about adults are passed to the LADO. Pupils can also report online abuse to "),
        r#"<w:hyperlink r:id="rIdCeop">"#.to_string() + &r("CEOP") + "</w:hyperlink>",
        r("."),
    ]));
    body.push_str(&hn(1, "Review"));
    body.push_str(&li(4, 0, "Approval"));
    body.push_str(&pr(&[
        r("Approved by the full governing board. Date approved: 15/09/2025"),
        "<w:r><w:br/></w:r>".into(),
        r("Version 4.1"),
    ]));
    Docx::new(body)
        .numbering(numbering())
        .link("rIdCeop", "https://www.ceop.police.uk/safety-centre/")
        .header(pr(&[
            r("St Aldhelm\u{2019}s CE Primary School"),
            "<w:r><w:tab/></w:r>".into(),
            r("Online Safety Policy"),
        ]))
        .footer(format!(
            "{}{}",
            p("Date of last review: 1 September 2025"),
            p("Next review due: 1 September 2026")
        ))
}

/// Every fixture: its file name (without extension) and document.
pub fn all() -> Vec<(&'static str, Docx)> {
    vec![("st-aldhelms", st_aldhelms())]
}
