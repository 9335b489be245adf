//! `jflint check` keeps a cache by default: what a warm run reports is what
//! a cold one does, a damaged cache is rebuilt with a warning, concurrent
//! runs share one safely, and `--no-cache` / `--cache-dir` / `cache-dir`
//! are honoured.

mod common;

use common::{Tree, fixture_set};

fn cache_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "bin"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_warm_run_reports_what_a_cold_run_does() {
    let tree = fixture_set();
    let cold = tree.run(&["check", "--no-cache", "--format", "json", "content"]);
    assert!(
        !tree.path().join(".jflint_cache").exists(),
        "--no-cache writes nothing"
    );
    let first = tree.run(&["check", "--format", "json", "content"]);
    assert_eq!(cache_files(&tree.path().join(".jflint_cache")).len(), 1);
    let second = tree.run(&["check", "--format", "json", "content"]);
    assert_eq!(first, cold);
    assert_eq!(second, cold);
    // The human report quotes the page from the cached run too.
    let cold = tree.run(&["check", "--no-cache", "content"]);
    let warm = tree.run(&["check", "content"]);
    assert_eq!(warm, cold);
}

#[test]
fn a_damaged_cache_is_rebuilt_with_a_warning() {
    let tree = fixture_set();
    let cold = tree.run(&["check", "--no-cache", "--format", "concise", "content"]);
    tree.run(&["check", "--format", "concise", "content"]);
    let dir = tree.path().join(".jflint_cache");
    let file = cache_files(&dir).pop().expect("a cache file");
    let bytes = std::fs::read(&file).unwrap();
    for damaged in [
        bytes[..bytes.len() / 2].to_vec(),
        b"not a cache at all".to_vec(),
        Vec::new(),
    ] {
        std::fs::write(&file, &damaged).unwrap();
        let (code, out, err) = tree.run(&["check", "--format", "concise", "content"]);
        assert_eq!((code, out.as_str()), (cold.0, cold.1.as_str()));
        assert!(err.contains("ignoring the cache"), "{err}");
        // Rebuilt: the next run reads it without a word.
        let (_, out, err) = tree.run(&["check", "--format", "concise", "content"]);
        assert_eq!(out, cold.1);
        assert!(!err.contains("cache"), "{err}");
    }
}

#[test]
fn concurrent_runs_share_one_cache() {
    let tree = fixture_set();
    let cold = tree.run(&["check", "--no-cache", "--format", "json", "content"]);
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_jflint"))
                .current_dir(tree.path())
                .args(["check", "--format", "json", "content"])
                .env_remove("JFLINT_CACHE_DIR")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), cold.1);
        assert!(
            String::from_utf8(output.stderr)
                .unwrap()
                .trim()
                .lines()
                .all(|l| !l.contains("cache"))
        );
    }
    let (_, out, err) = tree.run(&["check", "--format", "json", "content"]);
    assert_eq!(out, cold.1);
    assert!(!err.contains("cache"), "{err}");
}

#[test]
fn the_cache_goes_where_it_is_told() {
    let tree = fixture_set();
    tree.run(&["check", "--cache-dir", "elsewhere", "content"]);
    assert_eq!(cache_files(&tree.path().join("elsewhere")).len(), 1);
    assert!(!tree.path().join(".jflint_cache").exists());
    // Next to the configuration file, or where the configuration says.
    let tree = Tree::new();
    tree.write("site/.jflint.yaml", "rules:\n  typo: error\n");
    tree.write("site/content/job-families/a.md", &common::clean_page());
    tree.run(&["check", "site/content"]);
    assert_eq!(
        cache_files(&tree.path().join("site/.jflint_cache")).len(),
        1
    );
    tree.write("site/.jflint.yaml", "cache-dir: ../kept\n");
    tree.run(&["check", "site/content"]);
    assert_eq!(cache_files(&tree.path().join("kept")).len(), 1);
}

#[test]
fn a_changed_configuration_is_not_answered_from_the_cache() {
    let tree = fixture_set();
    let (_, before, _) = tree.run(&["check", "--format", "concise", "content"]);
    assert!(before.contains("missing-grade"), "{before}");
    tree.write(".jflint.yaml", "rules:\n  missing-grade: off\n");
    let (_, after, _) = tree.run(&["check", "--format", "concise", "content"]);
    assert!(!after.contains("missing-grade"), "{after}");
    let cold = tree.run(&["check", "--no-cache", "--format", "concise", "content"]);
    assert_eq!(after, cold.1);
}
