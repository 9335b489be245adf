//! `check --changed-since REF` on a throwaway git repository.

use std::path::{Path, PathBuf};

mod common;

use assert_cmd::Command;
use common::git;
use predicates::prelude::*;

/// A page with one level that has no job grade: `missing-grade` fires once.
fn page(level: &str) -> String {
    format!(
        "---\ntitle: \"{level}\"\nlayout: job_family_page\n---\n\n## Levels\n\n### {level}\n\n\
         #### {level} Responsibilities\n\n- Work.\n"
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn jflint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("jflint").unwrap();
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap());
    cmd
}

/// Findings' paths in the concise report.
fn reported(dir: &Path, args: &[&str]) -> Vec<String> {
    let output = jflint(dir)
        .args(["check", "--no-config", "--format", "concise"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut paths: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split(':').next().map(str::to_string))
        .collect();
    paths.dedup();
    paths
}

const A: &str = "content/job-families/a.md";
const B: &str = "content/job-families/b.md";
const GONE: &str = "content/job-families/gone.md";

/// Two commits on a branch: the first adds a, b and gone; the second edits b
/// and deletes gone.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, A, &page("Alpha Engineer"));
    write(d, B, &page("Beta Engineer"));
    write(d, GONE, &page("Gone Engineer"));
    write(
        d,
        "content/handbook/_index.md",
        "---\ntitle: Handbook\n---\n",
    );
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first"]);
    git(d, &["tag", "base"]);
    write(d, B, &page("Beta Engineer II"));
    git(d, &["rm", "-q", GONE]);
    git(d, &["commit", "-q", "-am", "second"]);
    dir
}

#[test]
fn checks_only_pages_changed_since_the_merge_base() {
    let dir = repo();
    let d = dir.path();
    assert_eq!(reported(d, &["."]), [A, B]);
    assert_eq!(reported(d, &["--changed-since", "base", "."]), [B]);
    assert_eq!(reported(d, &["--changed-since", "HEAD~1", "content"]), [B]);
    // Nothing changed since HEAD itself.
    assert!(reported(d, &["--changed-since", "HEAD", "."]).is_empty());

    // The merge base, not REF itself: a commit on `main` after the branch
    // point does not make its pages "changed" on the branch.
    git(d, &["checkout", "-q", "-b", "feature", "base"]);
    write(d, A, &page("Alpha Engineer II"));
    git(d, &["commit", "-q", "-am", "feature edit"]);
    git(d, &["checkout", "-q", "main"]);
    git(d, &["checkout", "-q", "feature"]);
    assert_eq!(reported(d, &["--changed-since", "main", "."]), [A]);
}

#[test]
fn working_tree_changes_and_untracked_pages_count() {
    let dir = repo();
    let d = dir.path();
    write(d, A, &page("Alpha Engineer (edited)"));
    write(d, "content/job-families/new.md", &page("New Engineer"));
    write(d, ".gitignore", "ignored.md\n");
    write(
        d,
        "content/job-families/ignored.md",
        &page("Ignored Engineer"),
    );
    let found = reported(d, &["--changed-since", "HEAD", "."]);
    assert_eq!(found, [A, "content/job-families/new.md"]);
}

#[test]
fn site_index_still_covers_the_whole_site() {
    let dir = repo();
    let d = dir.path();
    let settings = jflint::Settings {
        paths: vec![d.join("content")],
        config: jflint::workspace::config::Config::builtin(d.to_path_buf()),
        site_root: None,
        select: None,
        changed_since: Some("base".to_string()),
    };
    // The repository is found from the checked folder, not the cwd; only the
    // changed page is linted, the index is the whole site.
    let (engine, outcome) = jflint::Engine::run(settings).unwrap();
    let files: Vec<PathBuf> = outcome.files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(files, [d.join(B)]);
    let root = engine.site.as_ref().map(|s| s.root.canonicalize().unwrap());
    assert_eq!(root, Some(d.canonicalize().unwrap()));
}

#[test]
fn clear_errors_outside_a_repository_or_for_an_unknown_ref() {
    let dir = repo();
    jflint(dir.path())
        .args(["check", "--changed-since", "no-such-branch", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown git reference `no-such-branch`",
        ));
    jflint(dir.path())
        .args(["check", "--changed-since=-x", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a git reference"));

    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), A, &page("Alpha Engineer"));
    jflint(plain.path())
        .args(["check", "--changed-since", "main", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a git repository"));
}
