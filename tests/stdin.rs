//! `jflint check --stdin-filename PATH`: standard input linted as the page at
//! PATH (which need not exist), with that page's config and site.

use std::path::Path;

use assert_cmd::Command;
use clap::Parser;
use jflint::Engine;
use jflint::cli::{Cli, Command as Sub};

const PAGE: &str =
    "---\ntitle: New\nlayout: job_family_page\n---\n\nLife at gitlab with the the team.\n";

/// A site with `content/job-families/`, and a config that turns
/// `repeated-word` off.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content/job-families")).unwrap();
    std::fs::write(
        tmp.path().join(".jflint.yaml"),
        "rules:\n  repeated-word: off\n",
    )
    .unwrap();
    tmp
}

fn jflint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("jflint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn stdin_is_linted_as_the_named_page() {
    let site = site();
    let out = jflint(site.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "content/job-families/new.md",
        ])
        .write_stdin(PAGE)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The lowercase brand is reported on job-family pages only: the name counts.
    assert_eq!(
        stdout,
        "content/job-families/new.md:6:9: warning[brand-name] `gitlab` is spelled `GitLab`\n"
    );
    // The page's config (found from the named path) turned repeated-word off.
    assert!(!stdout.contains("repeated-word"));
    assert_eq!(out.status.code(), Some(0));
    assert!(!site.path().join("content/job-families/new.md").exists());

    // Same with an explicit `-`.
    jflint(site.path())
        .args(["check", "--format", "concise", "--stdin-filename"])
        .args(["content/job-families/new.md", "-"])
        .write_stdin(PAGE)
        .assert()
        .stdout(stdout);
}

#[test]
fn stdin_with_fix_prints_the_fixed_page() {
    let site = site();
    let out = jflint(site.path())
        .args(["check", "--fix", "--format", "concise", "--no-config"])
        .args(["--stdin-filename", "content/job-families/new.md"])
        .write_stdin(PAGE)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        PAGE.replace("gitlab with the the", "GitLab with the")
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Fixed 2 findings in 1 file"), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
    assert!(!site.path().join("content/job-families/new.md").exists());

    // What cannot be fixed is reported on stderr; the page comes back as it was.
    let clean = "---\ntitle: New\n---\n\nNothing to fix.\n";
    jflint(site.path())
        .args(["check", "--fix", "--no-config", "--stdin-filename", "x.md"])
        .write_stdin(clean)
        .assert()
        .success()
        .stdout(clean);
}

#[test]
fn stdin_with_diff_prints_a_diff() {
    let site = site();
    let out = jflint(site.path())
        .args(["check", "--diff", "--no-config"])
        .args(["--stdin-filename", "content/job-families/new.md"])
        .write_stdin(PAGE)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .starts_with("--- a/content/job-families/new.md\n+++ b/content/job-families/new.md\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+Life at GitLab with the team.\n"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unreadable_stdin_comes_back_unchanged_with_fix() {
    let site = site();
    let bytes = b"Gitlab \xff\xfe not UTF-8\n".to_vec();
    let out = jflint(site.path())
        .args(["check", "--fix", "--no-config", "--stdin-filename", "x.md"])
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    assert_eq!(out.stdout, bytes);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn stdin_filename_refuses_other_paths() {
    let site = site();
    let out = jflint(site.path())
        .args(["check", "--stdin-filename", "a.md", "b.md"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--stdin-filename")
    );
}

#[test]
fn the_site_is_indexed_around_the_named_page() {
    let site = site();
    let root = std::fs::canonicalize(site.path()).unwrap();
    let named = root.join("content/job-families/sub/new.md");
    let cli = Cli::try_parse_from([
        "jflint".as_ref(),
        "check".as_ref(),
        "--stdin-filename".as_ref(),
        named.as_os_str(),
    ])
    .unwrap();
    let Sub::Check(args) = cli.command else {
        panic!("not check")
    };
    let settings = args.settings().unwrap();
    // The config next to the site was found from the page's (missing) folder.
    assert_eq!(settings.config.base_dir, root);
    assert!(
        settings
            .config
            .rules
            .contains_key(&jflint::rules::registry::RuleCode::RepeatedWord.into())
    );
    let engine = Engine::from_settings(settings);
    assert_eq!(engine.site.as_ref().map(|s| s.root.clone()), Some(root));
}
