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
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
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

/// Styles of a document made from a setting's own template: a heading style whose name says
/// nothing (its outline level makes it a heading) and one based on it.
pub fn template_styles() -> String {
    standard_styles().replace(
        "</w:styles>",
        r#"<w:style w:type="paragraph" w:styleId="PolicyHeading"><w:name w:val="Policy Heading"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="PolicySub"><w:name w:val="Policy Sub"/><w:basedOn w:val="PolicyHeading"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#,
    )
}

/// A table cell that starts (`restart`) or continues a vertical merge.
fn vcell(merge: &str, text: &str) -> String {
    let props = match merge {
        "restart" => r#"<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>"#,
        _ => r#"<w:tcPr><w:vMerge/></w:tcPr>"#,
    };
    format!(
        "<w:tc>{props}{}</w:tc>",
        if text.is_empty() {
            "<w:p/>".into()
        } else {
            p(text)
        }
    )
}

/// Little Acorns, a pre-school: headings from a template's own styles and outline levels, a
/// page header holding a table with the review date, a key-people table whose role cell is
/// merged over two deputies, a text box (drawn twice by Word, read once), a content control,
/// a numbered list with lettered sub-items, a stale term, and a page number field in the footer.
pub fn little_acorns() -> Docx {
    let mut body = String::new();
    body.push_str(&ps("PolicyHeading", "Online safety at Little Acorns"));
    body.push_str(&p("Little Acorns Pre-School is an Ofsted registered setting for children aged two to five. We follow the Early Years Foundation Stage (EYFS) statutory framework and Keeping Children Safe in Education 2025."));
    body.push_str(&p(
        "This e-safety policy applies to all staff, volunteers, students and visitors.",
    ));
    body.push_str(&ps("PolicySub", "Who is responsible"));
    let row = |cells: Vec<String>| format!("<w:tr>{}</w:tr>", cells.concat());
    let plain = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
    body.push_str(&format!(
        "<w:tbl><w:tblPr/><w:tblGrid/>{}{}{}{}</w:tbl>",
        row(vec![plain("Role"), plain("Name")]),
        row(vec![
            plain("Designated safeguarding lead"),
            plain("Amira Khan")
        ]),
        row(vec![
            vcell("restart", "Deputy designated safeguarding lead"),
            plain("Joe Bennett")
        ]),
        row(vec![vcell("continue", ""), plain("Sam Lee")]),
    ));
    // a text box: Word writes it for new and old readers; it is read once
    body.push_str(r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="wps"><w:txbxContent><w:p><w:r><w:t>If you are worried about a child, speak to the designated safeguarding lead straight away.</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v="v"><w:txbxContent><w:p><w:r><w:t>If you are worried about a child, speak to the designated safeguarding lead straight away.</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#);
    body.push_str(&ps("PolicySub", "Mobile phones and cameras"));
    body.push_str(&p("Staff and volunteers keep their personal mobile phones in the office during sessions. Only setting devices are used to take photographs of children."));
    body.push_str(&ps("PolicySub", "What we do when we are worried"));
    body.push_str(&li(4, 0, "Listen to the child and reassure them."));
    body.push_str(&li(4, 0, "Write down what was said and seen:"));
    body.push_str(&li(4, 1, "the date and time;"));
    body.push_str(&li(4, 1, "the words the child used."));
    body.push_str(&li(
        4,
        0,
        "Tell the designated safeguarding lead the same day.",
    ));
    // a content control keeps its text
    body.push_str(&format!(
        r#"<w:sdt><w:sdtPr><w:alias w:val="Contact"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"#,
        p("Concerns about a member of staff go to the manager, who contacts the LADO.")
    ));
    let header_table = format!(
        "<w:tbl><w:tblPr/><w:tblGrid/><w:tr>{}{}{}</w:tr></w:tbl>",
        plain("Little Acorns Pre-School"),
        plain("Online Safety Policy"),
        plain("Review date: September 2026"),
    );
    Docx::new(body)
        .styles(template_styles())
        .numbering(numbering())
        .header(header_table)
        .footer(pr(&[
            r("Page "),
            r#"<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>"#.into(),
        ]))
}

/// Every fixture: its file name (without extension) and document.
pub fn all() -> Vec<(&'static str, Docx)> {
    vec![
        ("st-aldhelms", st_aldhelms()),
        ("little-acorns", little_acorns()),
    ]
}
