//! The module tree is the pipeline: each folder of `src/` may use its own
//! modules and those of the layers below it, never those above. A `use` that
//! points up is a cycle in the making.

use std::fs;
use std::path::Path;

/// Bottom to top. `rule_data` is the embedded data every layer may read.
const LAYERS: &[&[&str]] = &[
    &["rule_data"],
    &["model"],
    &["language"],
    &["site"],
    &["rules"],
    &["report"],
    &["workspace"],
    &["server"],
    &["cli", "main", "lib"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate modules a file names: `crate::X` paths (and `jflint::X` in the
/// binary).
fn used_modules(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for prefix in ["crate::", "jflint::"] {
        let mut rest = text;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.push(name);
            }
        }
    }
    used
}

#[test]
fn imports_go_down_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 40, "found the sources");
    let mut upward = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_string())
            .expect("named");
        let own = layer_of(&top).unwrap_or_else(|| panic!("{top} belongs to no layer"));
        let text = fs::read_to_string(file).expect("readable");
        for used in used_modules(&text) {
            // Items re-exported at the crate root (`jflint::Engine`) belong to the top.
            let Some(layer) = layer_of(&used) else {
                continue;
            };
            if layer > own {
                upward.push(format!("{} uses {used}", rel.display()));
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports that point up the pipeline:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_source_file_outgrows_one_job() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = fs::read_to_string(f).ok()?.lines().count();
            (lines > 850).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by job:\n{}", long.join("\n"));
}
