//! The packs shipped inside the binary skip two steps when loaded, for a fast start: schema
//! validation and compiling their regular expressions before use. Both happen here instead,
//! so a mistake in a shipped pack still fails the build.

use policylint::engine::Engine;
use policylint::packs::Registry;

#[test]
fn every_shipped_pack_is_valid_against_the_pack_schema() {
    if let Err(p) = Registry::load_validating_embedded() {
        panic!("{}: {}", p.path.display(), p.message);
    }
}

#[test]
fn every_regular_expression_of_the_shipped_packs_compiles() {
    let engine = Engine::load(&[]).expect("the shipped packs load");
    assert!(engine.phrases.len() > 100, "the shipped packs have phrases");
    if let Err(e) = engine.phrases.compile_all() {
        panic!("{e}");
    }
}

#[test]
fn loading_validates_the_shipped_packs_the_same_way() {
    // the registry built with validation is the one built without it
    let fast = Registry::load(&[]).expect("the shipped packs load");
    let checked = Registry::load_validating_embedded().expect("the shipped packs validate");
    assert_eq!(fast.packs.len(), checked.packs.len());
    for (a, b) in fast.packs.iter().zip(&checked.packs) {
        assert_eq!(a.meta.id, b.meta.id);
        let ids =
            |p: &policylint::packs::Pack| p.checks.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(a), ids(b));
    }
}
