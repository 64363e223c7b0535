//! Fuzz loading and checking: any bytes, as a policy file, must load or give a clear
//! problem, and checking must never panic or put a span outside the text.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use policylint::engine::{CheckOptions, Engine};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(&[]).expect("shipped packs load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = policylint::load::decode(Path::new("fuzz.md"), data.to_vec(), 1 << 20) else {
        return;
    };
    let opts = CheckOptions::new(jiff::civil::Date::constant(2026, 11, 29));
    let report = engine().check_source(source, &opts);
    if let Some(src) = &report.source {
        for r in &report.results {
            if let Some(s) = &r.span {
                assert!(s.end <= src.text.len() && src.text.is_char_boundary(s.start) && src.text.is_char_boundary(s.end));
            }
        }
    }
});
