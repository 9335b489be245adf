//! Bytes in, diagnostics out: any bytes, linted as a job-family page with
//! every rule enabled, must produce a report and never panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jflint::Engine;
use jflint::config::Config;
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(Config::builtin(PathBuf::from(".")), None, None));

fuzz_target!(|data: &[u8]| {
    let report = jflint::engine::lint_bytes(
        &ENGINE,
        Path::new("content/job-families/fuzz.md"),
        data.to_vec(),
    );
    for f in &report.findings {
        assert!(f.span.start <= f.span.end, "inverted span {:?}", f.span);
        if !report.source.is_empty() {
            assert!(f.span.end <= report.source.len(), "span past the end");
        }
        assert!(f.line >= 1 && f.column >= 1);
    }
});
