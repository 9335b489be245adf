//! Fixes on arbitrary pages: every fix's edits must lie on character
//! boundaries inside the page, and the fixer (`jflint::fix::fix_text`, safe and
//! unsafe fixes, linting again after each pass) must not panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jflint::Engine;
use jflint::config::Config;
use jflint::fix::{FixMode, fix_text};
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(Config::builtin(PathBuf::from(".")), None, None));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/job-families/fuzz.md");
    let report = ENGINE.lint_text(path, text.to_string());
    for e in report
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
    {
        assert!(e.range.start <= e.range.end, "inverted edit {:?}", e.range);
        assert!(e.range.end <= text.len(), "edit past the end {:?}", e.range);
        assert!(
            text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end),
            "edit {:?} splits a character",
            e.range
        );
    }
    let mode = FixMode {
        unsafe_fixes: true,
        write: false,
    };
    let fixed = fix_text(&ENGINE, path, text.to_string(), mode);
    assert!(fixed.report.findings.iter().all(|f| f.span.end <= fixed.text.len()));
});
