//! Packs and config are untrusted: a bad or huge regular expression, an unknown kind, a
//! cycle in `extends`, a duplicate id, a check that could never match — each is a pack error
//! pointing into the pack file (exit 2), never a hang or a panic.

use std::time::Duration;

use assert_cmd::Command;

const HEAD: &str = "[pack]\nid = \"my-pack\"\ntitle = \"Mine\"\ndescription = \"A test pack.\"\n";

fn check(name: &str, rule: &str) -> (i32, String) {
    let pack = format!(
        "{HEAD}\n[[check]]\nid = \"MY-CHECK\"\ntitle = \"A check\"\nrequirement = \"Something the policy says.\"\nseverity = \"error\"\napplies_to = [\"school\"]\narea = \"policy\"\nsource = {{ document = \"Our own guidance\" }}\nwhy = \"Because it matters.\"\nexample = \"An example of good wording.\"\nfix = \"Write the thing.\"\nrule = {rule}\n"
    );
    run_pack(name, &pack)
}

fn run_pack(name: &str, pack: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, pack).unwrap();
    let policy = dir.path().join("policy.md");
    std::fs::write(&policy, "# Policy\n\nText.\n").unwrap();
    let out = Command::cargo_bin("policylint")
        .unwrap()
        .timeout(Duration::from_secs(60))
        .args([
            "check",
            "--today",
            "2026-11-29",
            "--color",
            "never",
            "--pack",
        ])
        .arg(&p)
        .arg(&policy)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn a_good_user_pack_runs() {
    let (code, text) = check(
        "good.toml",
        "{ kind = \"mentions\", groups = [[\"text\"]] }",
    );
    assert_eq!(code, 0, "{text}");
}

#[test]
fn a_bad_regular_expression() {
    let (code, text) = check(
        "bad-regex.toml",
        "{ kind = \"mentions\", groups = [[\"re:(unclosed\"]] }",
    );
    assert_eq!(code, 2);
    assert!(text.contains("bad-regex.toml:17:"), "{text}");
    assert!(text.contains("unclosed"), "{text}");
    assert!(text.contains("regular expression"), "{text}");
}

#[test]
fn a_huge_regular_expression_is_refused() {
    let (code, text) = check(
        "huge.toml",
        "{ kind = \"mentions\", groups = [[\"re:(?:(?:a{100}){100}){100}\"]] }",
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("huge.toml"), "{text}");
}

#[test]
fn an_unknown_check_kind() {
    let (code, text) = check("kind.toml", "{ kind = \"magic\", groups = [[\"x\"]] }");
    assert_eq!(code, 2);
    assert!(
        text.contains("kind.toml:17:") && text.contains("magic"),
        "{text}"
    );
}

#[test]
fn a_check_that_could_never_match() {
    let (code, text) = check(
        "never.toml",
        "{ kind = \"mentions\", groups = [[\"a\"], [\"b\"]], at_least = 3 }",
    );
    assert_eq!(code, 2);
    assert!(text.contains("could never pass"), "{text}");
    let (code, text) = check(
        "empty-phrase.toml",
        "{ kind = \"mentions\", groups = [[\"   \"]] }",
    );
    assert_eq!(code, 2);
    assert!(text.contains("could never match"), "{text}");
}

#[test]
fn a_group_of_only_text_it_does_not_count_in() {
    // the group's name in messages is its first phrase, so that must be a real one
    let (code, text) = check(
        "not-first.toml",
        "{ kind = \"mentions\", groups = [[\"not:staff behaviour\", \"behaviour\"]] }",
    );
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("not-first.toml:17:") && text.contains("cannot come first"),
        "{text}"
    );
    for empty in ["not:", "not:  ", "not:@dsl"] {
        let (code, text) = check(
            "not-empty.toml",
            &format!("{{ kind = \"mentions\", groups = [[\"behaviour\", \"{empty}\"]] }}"),
        );
        assert_eq!(code, 2, "{empty}: {text}");
        assert!(text.contains("needs a phrase after"), "{empty}: {text}");
    }
    let (code, text) = check(
        "not-good.toml",
        "{ kind = \"mentions\", groups = [[\"text\", \"not:staff text\"]] }",
    );
    assert_eq!(code, 0, "{text}");
}

#[test]
fn words_that_weaken_must_be_phrases() {
    for bad in ["@dsl", "not:optional"] {
        let (code, text) = check(
            "weaken.toml",
            &format!(
                "{{ kind = \"mentions\", groups = [[\"training\"]], weakened_by = [\"{bad}\"] }}"
            ),
        );
        assert_eq!(code, 2, "{bad}: {text}");
        assert!(text.contains("cannot weaken"), "{bad}: {text}");
    }
    let (code, text) = check(
        "weaken-good.toml",
        "{ kind = \"mentions\", groups = [[\"text\"]], weakened_by = [\"encouraged to\"] }",
    );
    assert_eq!(code, 0, "{text}");
}

#[test]
fn unknown_keys_and_duplicate_ids() {
    let (code, text) = run_pack("typo.toml", &format!("{HEAD}extnds = \"common\"\n"));
    assert_eq!(code, 2);
    assert!(
        text.contains("typo.toml:5:1") && text.contains("extends"),
        "{text}"
    );
    let check = "[[check]]\nid = \"MY-CHECK\"\n";
    let (code, text) = run_pack(
        "dup.toml",
        &format!("{HEAD}extends = \"common\"\n{check}{check}"),
    );
    assert_eq!(code, 2);
    assert!(text.contains("used twice"), "{text}");
}

#[test]
fn extends_must_name_a_pack_and_not_go_round_in_a_circle() {
    let (code, text) = run_pack(
        "orphan.toml",
        &format!("{HEAD}extends = \"no-such-pack\"\n"),
    );
    assert_eq!(code, 2);
    assert!(text.contains("not a known pack"), "{text}");
    // a pack that extends itself
    let (code, text) = run_pack("self.toml", &format!("{HEAD}extends = \"my-pack\"\n"));
    assert_eq!(code, 2);
    assert!(text.contains("circle"), "{text}");
}

#[test]
fn deeply_nested_rules_do_not_overflow() {
    let mut rule = String::from("{ kind = \"mentions\", groups = [[\"x\"]] }");
    for _ in 0..200 {
        rule = format!("{{ kind = \"all\", rules = [{rule}] }}");
    }
    let (code, text) = check("deep.toml", &rule);
    assert!(code == 0 || code == 1 || code == 2, "{text}");
}
