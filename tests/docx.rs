//! Word documents: conversion to Markdown, Word locations in reports, the committed fixtures
//! and their Markdown twins, `import`, and bad Word files.
//!
//! The .docx files are built here by a small writer (tests/docx_writer). The committed ones
//! under fixtures/docx/ are checked against it; regenerate them with
//! `POLICYLINT_BLESS_DOCX=1 cargo test --test docx fixtures_match_their_generator`.

mod common;

use common::policylint;

mod docx_writer;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use docx_writer::*;
use policylint::docx::{self, Converted, Limits};
use policylint::{CheckOptions, Engine, FileReport, Status};

const TODAY: &str = "2026-01-10";

fn today() -> jiff::civil::Date {
    TODAY.parse().unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn convert(d: &Docx) -> Converted {
    docx::convert(Path::new("t.docx"), &d.build(), Limits::default()).unwrap()
}

fn md(body: &str) -> String {
    convert(&Docx::new(body)).markdown
}

fn check_file(engine: &Engine, path: &Path) -> FileReport {
    let source = policylint::load::read_policy(path, policylint::load::DEFAULT_MAX_FILE_SIZE)
        .unwrap_or_else(|p| panic!("{p}"));
    engine.check_source(source, &CheckOptions::new(today()))
}

/// `policylint import` of a Word document with this body: what it prints (it must succeed).
fn import(body: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("r.docx");
    std::fs::write(&src, Docx::new(body).build()).unwrap();
    let out = policylint()
        .args(["import", "--today", TODAY])
        .arg(&src)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn statuses(r: &FileReport) -> BTreeMap<String, Status> {
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r.results
        .iter()
        .map(|x| (x.check.to_string(), r.status_of(&x.check).unwrap()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Conversion

#[test]
fn headings_come_from_styles_and_outline_levels() {
    let out = md(&format!(
        "{}{}{}{}",
        ps("Title", "Online Safety Policy"),
        ps("Heading1", "Roles"),
        ps("Heading2", "The DSL"),
        r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Review</w:t></w:r></w:p>"#
    ));
    assert_eq!(
        out,
        "# Online Safety Policy\n\n## Roles\n\n### The DSL\n\n## Review\n"
    );
    // without a Title, Heading 1 is `#`
    assert_eq!(md(&ps("Heading1", "Aims")), "# Aims\n");
}

#[test]
fn a_heading_style_based_on_another_is_a_heading() {
    let styles = standard_styles().replace(
        "</w:styles>",
        r#"<w:style w:type="paragraph" w:styleId="SchoolHeading"><w:name w:val="School Heading"/><w:basedOn w:val="Heading2"/></w:style></w:styles>"#,
    );
    let c = convert(&Docx::new(ps("SchoolHeading", "Filtering")).styles(styles));
    assert_eq!(c.markdown, "## Filtering\n");
}

#[test]
fn bold_lines_stay_bold_and_bold_styles_count() {
    let out = md(&format!(
        "{}{}{}",
        pr(&[b("Filtering and monitoring")]),
        ps("Subheading", "Mobile phones"),
        pr(&[
            r("Call "),
            r#"<w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>999</w:t></w:r>"#.into(),
            r(" now.")
        ])
    ));
    assert_eq!(
        out,
        "**Filtering and monitoring**\n\n**Mobile phones**\n\nCall **999** now.\n"
    );
}

#[test]
fn lists_keep_their_nesting_and_their_numbers_as_text() {
    let body = [
        li(2, 0, "first"),
        li(2, 1, "nested"),
        li(2, 0, "second"),
        p("Steps:"),
        li(4, 0, "one"),
        li(4, 0, "two"),
        p("Choices:"),
        li(3, 0, "yes"),
        li(3, 0, "no"),
        ps("Heading1", "Roles"),
        li(1, 1, "Filtering"),
        li(1, 1, "Mobile phones"),
    ]
    .concat();
    let out = convert(&Docx::new(body).numbering(fixtures::numbering())).markdown;
    assert_eq!(
        out,
        "- first\n  - nested\n- second\n\nSteps:\n\n1. one\n2. two\n\nChoices:\n\n- a) yes\n- b) no\n\n# Roles\n\n1.1 Filtering\n\n1.2 Mobile phones\n"
    );
}

#[test]
fn numbered_headings_show_their_numbers() {
    let h = |l: u32, t: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading{l}"/><w:numPr><w:ilvl w:val="{}"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
            l - 1,
            r(t)
        )
    };
    let body = [
        h(1, "Aims"),
        h(1, "Roles"),
        h(2, "The DSL"),
        li(1, 1, "Deputies"),
    ]
    .concat();
    let out = convert(&Docx::new(body).numbering(fixtures::numbering())).markdown;
    assert_eq!(
        out,
        "# 1 Aims\n\n# 2 Roles\n\n## 2.1 The DSL\n\n2.2 Deputies\n"
    );
}

#[test]
fn tables_become_pipe_tables() {
    let merged = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Role</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Contact</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>DSL</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ruth Adebayo</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a|b</w:t></w:r><w:r><w:br/><w:t>020 8000 0001</w:t></w:r></w:p><w:p><w:r><w:t>dsl@example.sch.uk</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>Tom Ellery</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Governor</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Priya Shah</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    assert_eq!(
        md(merged),
        "| Role | Name | Contact |\n| --- | --- | --- |\n| DSL | Ruth Adebayo | a\\|b<br>020 8000 0001<br>dsl@example.sch.uk |\n| DSL | Tom Ellery |  |\n| Governor |  | Priya Shah |\n"
    );
    // a one-cell table is a box round ordinary paragraphs
    assert_eq!(
        md(&table(&[vec![format!(
            "{}{}",
            p("Call 999."),
            p("Then tell the DSL.")
        )]])),
        "Call 999.\n\nThen tell the DSL.\n"
    );
}

#[test]
fn tracked_changes_fields_and_hidden_text() {
    let body = pr(&[
        r("We follow "),
        r#"<w:del w:id="1" w:author="A"><w:r><w:delText>UKCCIS </w:delText></w:r></w:del>"#.into(),
        r#"<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">UKCIS </w:t></w:r></w:ins>"#.into(),
        r#"<w:moveFrom w:id="3" w:author="A"><w:r><w:t>moved away </w:t></w:r></w:moveFrom>"#.into(),
        r#"<w:moveTo w:id="4" w:author="A"><w:r><w:t xml:space="preserve">advice </w:t></w:r></w:moveTo>"#.into(),
        r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>secret </w:t></w:r>"#.into(),
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \@ "yyyy" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2025</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#.into(),
        r#"<w:fldSimple w:instr=" PAGE "><w:r><w:t xml:space="preserve"> page 3</w:t></w:r></w:fldSimple>"#.into(),
    ]);
    assert_eq!(md(&body), "We follow UKCIS advice 2025 page 3\n");
}

#[test]
fn struck_text_is_kept_struck_and_names_no_one() {
    let body = pr(&[
        r("Designated safeguarding lead: "),
        r#"<w:r><w:rPr><w:strike/></w:rPr><w:t xml:space="preserve">Mrs Jane Patel </w:t></w:r>"#.into(),
        r#"<w:r><w:rPr><w:dstrike w:val="true"/></w:rPr><w:t>(~~old~~)</w:t></w:r>"#.into(),
        r#"<w:r><w:rPr><w:strike w:val="0"/></w:rPr><w:t xml:space="preserve"> Mr Omar Shah</w:t></w:r>"#.into(),
    ]);
    // every word is kept; the crossed-out ones are struck through in the Markdown
    assert_eq!(
        md(&body),
        "Designated safeguarding lead: ~~Mrs Jane Patel (\\~\\~old\\~\\~)~~ Mr Omar Shah\n"
    );
    // import names only the holder who is not crossed out
    let text = import(&body);
    assert!(text.contains("dsl = { name = \"Mr Omar Shah\" }"), "{text}");
    assert!(!text.contains("name = \"Mrs Jane Patel"), "{text}");
}

#[test]
fn links_from_relationships_and_hyperlink_fields() {
    let body = pr(&[
        r("See "),
        r#"<w:hyperlink r:id="rId9"><w:r><w:t>the guidance</w:t></w:r></w:hyperlink>"#.into(),
        r(" and "),
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.childline.org.uk/" \o "tip" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Childline</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#.into(),
        r(" and "),
        r#"<w:hyperlink w:anchor="_Toc1"><w:r><w:t>section 2</w:t></w:r></w:hyperlink>"#.into(),
        r("."),
    ]);
    let c = convert(&Docx::new(body).link("rId9", "https://www.gov.uk/a b"));
    assert_eq!(
        c.markdown,
        "See [the guidance](<https://www.gov.uk/a%20b>) and [Childline](https://www.childline.org.uk/) and section 2.\n"
    );
}

#[test]
fn characters_symbols_tabs_and_breaks() {
    let body = pr(&[
        r("Mrs\u{a0}K O\u{2019}Neil \u{201c}DSL\u{201d}"),
        "<w:r><w:tab/></w:r>".into(),
        r#"<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:noBreakHyphen/><w:t>ok</w:t><w:br/><w:t>- not a bullet *star* _x_ &lt;b&gt;</w:t></w:r>"#.into(),
    ]);
    assert_eq!(
        md(&body),
        "Mrs K O\u{2019}Neil \u{201c}DSL\u{201d} ✓-ok\\\n\\- not a bullet \\*star\\* \\_x\\_ \\<b>\n"
    );
}

#[test]
fn tables_of_contents_and_text_box_copies_are_left_out() {
    let body = [
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Roles 3</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:r><w:t>Filtering 4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#.into(),
        ps("TOC1", "Aims 2"),
        r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Contents 1</w:t></w:r></w:p></w:sdtContent></w:sdt>"#.into(),
        r#"<w:sdt><w:sdtPr><w:alias w:val="Name"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Content control text</w:t></w:r></w:p></w:sdtContent></w:sdt>"#.into(),
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="x"><w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox xmlns:v="v"><w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>After the box</w:t></w:r></w:p>"#.into(),
    ]
    .concat();
    assert_eq!(
        md(&body),
        "Content control text\n\nIn a text box\n\nAfter the box\n"
    );
}

#[test]
fn headers_and_footers_are_marked_blocks_near_the_start_and_at_the_end() {
    let c = convert(
        &Docx::new(format!("{}{}", ps("Heading1", "Policy"), p("Text.")))
            .header(p("St Mary\u{2019}s School"))
            .header(p("St Mary\u{2019}s School"))
            .footer(p("Next review: September 2026")),
    );
    // after the title, so text that is missing is reported at the title, not the header
    assert_eq!(
        c.markdown,
        format!(
            "# Policy\n\n{}\n\nSt Mary\u{2019}s School\n\nText.\n\n{}\n\nNext review: September 2026\n",
            docx::HEADER_MARKER,
            docx::FOOTER_MARKER
        )
    );
    let at = |s: &str| c.markdown.find(s).unwrap();
    assert_eq!(c.locations.describe(at("St Mary")).unwrap(), "page header");
    assert_eq!(
        c.locations.describe(at("Next review")).unwrap(),
        "page footer"
    );
    assert_eq!(
        c.locations.describe(at("# Policy")).unwrap(),
        "heading \u{201c}Policy\u{201d}"
    );
    // a document that does not start with a heading has its header first
    let c = convert(&Docx::new(p("Text.")).header(p("Header")));
    assert_eq!(
        c.markdown,
        format!("{}\n\nHeader\n\nText.\n", docx::HEADER_MARKER)
    );
}

#[test]
fn word_locations_follow_headings_paragraphs_and_table_rows() {
    let c = convert(&fixtures::st_aldhelms());
    let at = |s: &str| c.locations.describe(c.markdown.find(s).unwrap()).unwrap();
    assert_eq!(
        at("| Deputy DSL"),
        "2 Roles and responsibilities › table 1, row 3"
    );
    assert_eq!(
        at("report any online safety concern"),
        "2 Roles and responsibilities › 2.1 Staff › paragraph 3"
    );
    assert_eq!(
        at("Pupils hand"),
        "4 Mobile and smart technology › paragraph 2"
    );
    assert_eq!(at("Next review due"), "page footer");
    assert_eq!(
        at("# Online Safety Policy"),
        "heading \u{201c}Online Safety Policy\u{201d}"
    );
}

// ---------------------------------------------------------------------------------------
// Fixtures and their Markdown twins

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        out.insert(f.name().to_string(), v);
    }
    out
}

#[test]
fn fixtures_match_their_generator() {
    let bless = std::env::var_os("POLICYLINT_BLESS_DOCX").is_some();
    for (name, d) in fixtures::all() {
        let path = root().join("fixtures/docx").join(format!("{name}.docx"));
        let built = d.build();
        if bless {
            std::fs::write(&path, &built).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing: regenerate with POLICYLINT_BLESS_DOCX=1",
                path.display()
            )
        });
        assert_eq!(
            unzip(&committed),
            unzip(&built),
            "{} differs from its generator in tests/docx_writer/fixtures.rs: regenerate with POLICYLINT_BLESS_DOCX=1",
            path.display()
        );
    }
}

#[test]
fn each_word_fixture_and_its_markdown_twin_give_the_same_statuses() {
    let engine = Engine::load(&[]).unwrap();
    for (name, _) in fixtures::all() {
        let dir = root().join("fixtures/docx");
        let word = check_file(&engine, &dir.join(format!("{name}.docx")));
        let twin = check_file(&engine, &dir.join(format!("{name}.md")));
        assert_eq!(word.kind, twin.kind, "{name}");
        assert_eq!(word.packs, twin.packs, "{name}");
        let (ws, ts) = (statuses(&word), statuses(&twin));
        assert_eq!(
            ws, ts,
            "{name}: the Word document and its Markdown twin differ"
        );
        // the comparison means something: both kinds of result are there
        assert!(ws.values().any(|s| *s == Status::Pass), "{name}");
        assert!(ws.values().any(|s| *s == Status::Fail), "{name}");
    }
}

#[test]
fn the_fixture_is_read_as_a_person_reads_it() {
    let engine = Engine::load(&[]).unwrap();
    let report = check_file(&engine, &root().join("fixtures/docx/st-aldhelms.docx"));
    let s = statuses(&report);
    // the DSL from the key-people table, the review dates from the footer
    assert_eq!(s.get("ROLE-DSL"), Some(&Status::Pass));
    assert_eq!(s.get("POL-REVIEW"), Some(&Status::Pass));
    // the tracked deletion of "UKCCIS" is not read
    assert_eq!(s.get("STALE-UKCCIS"), Some(&Status::Pass));
    let dsl = report
        .results
        .iter()
        .find(|r| &*r.check == "ROLE-DSL")
        .unwrap();
    assert!(dsl.message.contains("Ruth Adebayo"), "{}", dsl.message);
}

#[test]
fn a_deletion_read_as_text_would_be_caught() {
    // the same document with the deletion accepted as an insertion: now UKCCIS is in the text
    let engine = Engine::load(&[]).unwrap();
    let d = fixtures::st_aldhelms();
    let dir = tempfile::tempdir().unwrap();
    let bytes = d.build();
    let mut parts = unzip(&bytes);
    let doc = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let doc = doc
        .replace("<w:del ", "<w:ins ")
        .replace("</w:del>", "</w:ins>")
        .replace(
            "<w:delText>UKCCIS</w:delText>",
            "<w:t xml:space=\"preserve\">UKCCIS, now </w:t>",
        );
    parts.insert("word/document.xml".into(), doc.into_bytes());
    let path = dir.path().join("changed.docx");
    std::fs::write(&path, zip_parts(&parts)).unwrap();
    let s = statuses(&check_file(&engine, &path));
    assert_eq!(s.get("STALE-UKCCIS"), Some(&Status::Fail));
}

fn zip_parts(parts: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (n, b) in parts {
            z.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(b).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

// ---------------------------------------------------------------------------------------
// Reports show the Word location

#[test]
fn reports_say_where_a_finding_is_in_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.docx");
    let body = [
        ps("Heading1", "Online safety"),
        p("We teach pupils about risks."),
        ps("Heading2", "Roles"),
        table(&[
            vec!["Role".into(), "Name".into()],
            vec!["Designated safeguarding lead".into(), "TBC".into()],
        ]),
    ]
    .concat();
    std::fs::write(&path, Docx::new(body).build()).unwrap();
    let out = policylint()
        .args(["check", "--today", TODAY, "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["files"][0]["results"].as_array().unwrap();
    let dsl = results.iter().find(|r| r["check"] == "ROLE-DSL").unwrap();
    assert_eq!(dsl["status"], "fail");
    assert_eq!(
        dsl["span"]["word"],
        "Online safety › Roles › table 1, row 2"
    );
    let out = policylint()
        .args(["check", "--today", TODAY, "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("in Word: Online safety › Roles › table 1, row 2"),
        "{text}"
    );
    assert!(text.contains("read as Markdown"), "{text}");
}

// ---------------------------------------------------------------------------------------
// import

#[test]
fn import_writes_front_matter_that_rechecks_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/docx/st-aldhelms.docx");
    let out_path = dir.path().join("st-aldhelms.md");
    let out = policylint()
        .args(["import", "--today", TODAY])
        .arg(&src)
        .arg("-o")
        .arg(&out_path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("the same result as the Word document"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out_path).unwrap();
    for want in [
        "name = \"St Aldhelm\u{2019}s CE Primary School\"  # the organisation's name",
        "kind = \"school\"  # inferred from the words",
        "kcsie_edition = 2025  # Keeping Children Safe in Education 2025 is cited",
        "approved_on = 2025-09-15",
        "reviewed_on = 2025-09-01",
        "next_review = 2026-09-01",
        "dsl = { name = \"Ruth Adebayo\" }  # from the key-people table, line ",
        "(in Word: 2 Roles and responsibilities › table 1, row 2)",
        "deputy_dsl = { name = \"Tom Ellery\" }",
        "last_review = 2025-07-10",
        "# filtering_governor = { name = \"…\" }  # not found:",
        "# partnership = \"krscp\"  # not set",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // the line numbers in the comments point at the right lines of the written file
    let line = text
        .lines()
        .find(|l| l.starts_with("dsl = "))
        .and_then(|l| l.split(", line ").nth(1))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap();
    assert!(text.lines().nth(line - 1).unwrap().contains("Ruth Adebayo"));

    // the same statuses as the Word document, and front matter that follows the schema
    let engine = Engine::load(&[]).unwrap();
    let word = check_file(&engine, &src);
    let imported = check_file(&engine, &out_path);
    assert_eq!(statuses(&word), statuses(&imported));
    let doc = policylint::Document::build(
        policylint::SourceFile::new(&out_path, text.clone(), false),
        Default::default(),
    )
    .unwrap();
    let fm = doc.front_matter.as_ref().expect("front matter");
    assert!(
        engine
            .front_matter_schema()
            .validate(&fm.root, &fm.opening)
            .is_empty()
    );
    assert_eq!(
        imported.kind_source,
        Some(policylint::result::KindSource::FrontMatter)
    );

    // it will not overwrite without --force
    let again = policylint()
        .args(["import", "--today", TODAY])
        .arg(&src)
        .arg("-o")
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    std::fs::write(&out_path, "old").unwrap();
    let forced = policylint()
        .args(["import", "--today", TODAY, "--force"])
        .arg(&src)
        .arg("-o")
        .arg(&out_path)
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), text);

    // nor replace the Word document itself, even with --force
    let word_copy = dir.path().join("copy.docx");
    std::fs::copy(&src, &word_copy).unwrap();
    let onto_itself = policylint()
        .args(["import", "--today", TODAY, "--force", "-o"])
        .arg(&word_copy)
        .arg(&word_copy)
        .output()
        .unwrap();
    assert_eq!(onto_itself.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&word_copy).unwrap(),
        std::fs::read(&src).unwrap()
    );
}

#[test]
fn every_fixture_imports_to_markdown_that_rechecks_the_same() {
    let engine = Engine::load(&[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, _) in fixtures::all() {
        let src = root().join("fixtures/docx").join(format!("{name}.docx"));
        let out_path = dir.path().join(format!("{name}.md"));
        let out = policylint()
            .args(["import", "--today", TODAY, "-o"])
            .arg(&out_path)
            .arg(&src)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let word = check_file(&engine, &src);
        let imported = check_file(&engine, &out_path);
        assert_eq!(statuses(&word), statuses(&imported), "{name}");
        assert_eq!(word.kind, imported.kind, "{name}");
        let text = std::fs::read_to_string(&out_path).unwrap();
        let doc = policylint::Document::build(
            policylint::SourceFile::new(&out_path, text, false),
            Default::default(),
        )
        .unwrap();
        let fm = doc.front_matter.as_ref().expect("front matter");
        assert!(
            engine
                .front_matter_schema()
                .validate(&fm.root, &fm.opening)
                .is_empty(),
            "{name}"
        );
    }
}

#[test]
fn import_leaves_placeholders_and_copies_names_exactly() {
    let body = [
        ps("Heading1", "Online Safety Policy"),
        p("This policy applies to all pupils and staff at Riverside Academy."),
        p("Our designated safeguarding lead is Mrs K O\u{2019}Neil."),
        p("Designated safeguarding lead: Mr J Smith"),
        p("Next review: Spring 2027"),
    ]
    .concat();
    let text = import(&body);
    assert!(text.starts_with("+++\n"), "{text}");
    // two people named as DSL: both are listed, so the front matter agrees with the text
    assert!(
        text.contains("dsl = [{ name = \"Mrs K O\u{2019}Neil\" }, { name = \"Mr J Smith\" }]"),
        "{text}"
    );
    // a vague date is not turned into an exact one
    assert!(text.contains("# next_review = YYYY-MM-DD  # the text gives the next review date as \u{201c}Spring 2027\u{201d}, which is not an exact day, line "), "{text}");
    assert!(
        text.contains("# approved_on = YYYY-MM-DD  # not found: the approval date"),
        "{text}"
    );
    assert!(text.contains("name = \"Riverside Academy\""), "{text}");
}

#[test]
fn import_refuses_a_markdown_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("p.md");
    std::fs::write(&src, "# Policy\n").unwrap();
    let out = policylint().arg("import").arg(&src).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a Word document"));
}

// ---------------------------------------------------------------------------------------
// Bad Word files

fn check_bad(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = policylint()
        .args(["check", "--today", TODAY, "--color", "never"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{name}");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn ole(extra: &str) -> Vec<u8> {
    let mut v = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    v.extend(vec![0u8; 504]);
    v.extend(extra.encode_utf16().flat_map(|u| u.to_le_bytes()));
    v.extend(vec![0u8; 64]);
    v
}

#[test]
fn bad_word_files_get_a_clear_message_and_exit_2() {
    let t = check_bad("notes.docx", b"# Just some text\n");
    assert!(
        t.contains("this file is named .docx but is not a Word document"),
        "{t}"
    );
    assert!(t.contains("rename it to end in .md"), "{t}");

    let t = check_bad("locked.docx", &ole("EncryptedPackage"));
    assert!(t.contains("password-protected"), "{t}");
    assert!(t.contains("save an unprotected copy"), "{t}");

    let t = check_bad("old.doc", &ole("WordDocument"));
    assert!(
        t.contains("old Word document (.doc, from before 2007)"),
        "{t}"
    );
    let t = check_bad("old.docx", &ole("WordDocument"));
    assert!(
        t.contains("old Word document (.doc, from before 2007)"),
        "{t}"
    );

    let xlsx =
        Docx::new("")
            .without_document()
            .part("xl/workbook.xml", b"<workbook/>".to_vec(), false);
    let t = check_bad("sheet.docx", &xlsx.build());
    assert!(t.contains("it is an Excel workbook"), "{t}");

    let macros = Docx::new("")
        .without_document()
        .part("word/vbaProject.bin", vec![1, 2, 3], true);
    let t = check_bad("macros.docx", &macros.build());
    assert!(t.contains("it holds only macros"), "{t}");

    let broken = Docx::new("").raw_document(format!(
        "<w:document {NS}>\n<w:body><w:p><w:r><w:t>Hi</w:r></w:p></w:body></w:document>"
    ));
    let t = check_bad("broken.docx", &broken.build());
    assert!(
        t.contains("word/document.xml is not well-formed XML at line 2, column"),
        "{t}"
    );

    let mut truncated = fixtures::st_aldhelms().build();
    truncated.truncate(truncated.len() / 2);
    let t = check_bad("truncated.docx", &truncated);
    assert!(t.contains("damaged"), "{t}");
}

#[test]
fn a_huge_xml_part_is_refused_and_media_is_never_read() {
    // limits small enough to test quickly; the defaults are 50 MB a part, 200 MB in all
    let limits = Limits {
        max_part: 64 * 1024,
        max_total: 256 * 1024,
    };
    let big = p(&"word ".repeat(20_000));
    let err = docx::convert(Path::new("big.docx"), &Docx::new(big).build(), limits).unwrap_err();
    assert_eq!(err.code, "docx::too-large");
    assert!(err.message.contains("word/document.xml"), "{}", err.message);

    // a picture whose bytes are damaged: reading it would fail; it is never read
    let d = Docx::new(p("Policy text")).part(
        "word/media/image1.png",
        b"MEDIA-START"
            .iter()
            .copied()
            .chain(vec![7u8; 300_000])
            .collect(),
        true,
    );
    let mut bytes = d.build();
    let at = bytes.windows(11).position(|w| w == b"MEDIA-START").unwrap();
    bytes[at] = b'X';
    let c = docx::convert(Path::new("pic.docx"), &bytes, limits).unwrap();
    assert_eq!(c.markdown, "Policy text\n");
}

#[test]
fn a_huge_document_part_is_refused_from_the_command_line() {
    // 51 MB of text compresses to a small file; its document.xml is over the 50 MB cap
    let big = format!(
        "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
        "a".repeat(51 * 1024 * 1024)
    );
    let t = check_bad("huge.docx", &Docx::new(big).build());
    assert!(
        t.contains("more than the 50.0 MB policylint reads from one part"),
        "{t}"
    );
}

#[test]
fn a_folder_of_markdown_and_word_policies_is_checked_and_audited_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/docx/st-aldhelms.docx"),
        dir.path().join("a-school.docx"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/docx/st-aldhelms.md"),
        dir.path().join("b-school.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("c-locked.docx"), ole("EncryptedPackage")).unwrap();
    let out = policylint()
        .args(["check", "--today", TODAY, "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let by = |end: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(end))
            .unwrap()
    };
    assert!(by("a-school.docx")["results"].as_array().unwrap().len() > 10);
    assert!(by("b-school.md")["results"].as_array().unwrap().len() > 10);
    assert_eq!(by("c-locked.docx")["errors"][0]["code"], "docx::encrypted");

    // the audit reports every file too, the locked one as unreadable
    let out = policylint()
        .args([
            "audit",
            "--today",
            TODAY,
            "--format",
            "json",
            "--no-progress",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["audit"]["policies"], 3);
    assert_eq!(v["audit"]["checked"], 2);
    assert_eq!(v["audit"]["unreadable"], 1);
    let files = v["files"].as_array().unwrap();
    let word = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("a-school.docx"))
        .unwrap();
    let twin = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("b-school.md"))
        .unwrap();
    let statuses = |f: &serde_json::Value| -> BTreeMap<String, String> {
        f["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["check"].as_str().unwrap().to_string(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(statuses(word), statuses(twin));
}

// ---------------------------------------------------------------------------------------
// Robustness

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Damaged bytes give a result or a clear error, never a panic.
        #[test]
        fn damaged_files_never_panic(seed in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..20)) {
            let mut bytes = fixtures::st_aldhelms().build();
            for (at, byte) in seed {
                let i = at % bytes.len();
                bytes[i] = byte;
            }
            match docx::convert(Path::new("x.docx"), &bytes, Limits::default()) {
                Ok(_) => {}
                Err(e) => prop_assert_ne!(e.code, "docx::unreadable", "{}", e.message),
            }
        }

        /// Damaged XML (bytes changed inside document.xml before zipping) never panics.
        #[test]
        fn damaged_xml_never_panics(cuts in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
            let d = fixtures::st_aldhelms();
            let mut parts = unzip(&d.build());
            let doc = parts.get_mut("word/document.xml").unwrap();
            for (at, byte) in cuts {
                let i = at % doc.len();
                doc[i] = byte;
            }
            match docx::convert(Path::new("x.docx"), &zip_parts(&parts), Limits::default()) {
                Ok(_) => {}
                Err(e) => prop_assert_ne!(e.code, "docx::unreadable", "{}", e.message),
            }
        }
    }
}
