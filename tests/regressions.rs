//! Every file in tests/regressions/ (inputs that once crashed or hung jflint,
//! most found by the fuzz targets in fuzz/) is linted as a job-family page with
//! every rule, and fixed (safe and unsafe fixes, linted again after each
//! pass), as the fuzz targets do. Nothing may panic, and every span must lie inside the page.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jflint::Engine;
use jflint::workspace::config::Config;
use jflint::workspace::fix::{FixMode, fix_text};

fn check(engine: &Engine, bytes: Vec<u8>) {
    let path = Path::new("content/job-families/regression.md");
    let report = jflint::workspace::engine::lint_bytes(engine, path, bytes.clone());
    for f in &report.findings {
        assert!(f.span.start <= f.span.end);
        if !report.source.is_empty() {
            assert!(f.span.end <= report.source.len());
        }
        assert!(f.line >= 1 && f.column >= 1);
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return;
    };
    for e in report
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|fix| fix.edits.iter())
    {
        assert!(e.range.start <= e.range.end && e.range.end <= text.len());
        assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
    }
    let mode = FixMode {
        unsafe_fixes: true,
        write: false,
    };
    let fixed = fix_text(engine, path, text, mode);
    assert!(
        fixed
            .report
            .findings
            .iter()
            .all(|f| f.span.end <= fixed.text.len())
    );
}

#[test]
fn regression_inputs_lint_and_fix_without_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    let engine = Engine::new(Config::builtin(PathBuf::from(".")), None, None);
    for input in inputs {
        let started = Instant::now();
        let bytes = std::fs::read(&input).unwrap();
        let name = input.display().to_string();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            check(&engine, bytes);
        }));
        assert!(result.is_ok(), "{name} panicked");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{name} took {:?}",
            started.elapsed()
        );
    }
}
