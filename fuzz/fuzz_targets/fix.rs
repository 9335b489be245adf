//! Fixes on arbitrary pages: lint, apply every fix's edits (sorted, overlapping
//! ones skipped), lint the result again. Edits must lie on character
//! boundaries inside the page, and nothing may panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jflint::Engine;
use jflint::config::Config;
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(Config::builtin(PathBuf::from(".")), None, None));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/job-families/fuzz.md");
    let report = ENGINE.lint_text(path, text.to_string());
    let mut edits: Vec<_> = report
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
        .collect();
    for e in &edits {
        assert!(e.range.start <= e.range.end, "inverted edit {:?}", e.range);
        assert!(e.range.end <= text.len(), "edit past the end {:?}", e.range);
        assert!(
            text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end),
            "edit {:?} splits a character",
            e.range
        );
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut fixed = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.range.start < at {
            continue; // overlaps an edit already applied
        }
        fixed.push_str(&text[at..e.range.start]);
        fixed.push_str(&e.replacement);
        at = e.range.end;
    }
    fixed.push_str(&text[at..]);
    let _ = ENGINE.lint_text(path, fixed);
});
