//! `jflint --version`, `completions`, `man` and `init`.

mod common;

use std::process::Command;

use common::{Tree, clean_page, family};

#[test]
fn version_names_the_commit_when_built_from_git() {
    let tree = Tree::new();
    let (code, stdout, _) = tree.run(&["--version"]);
    assert_eq!(code, 0);
    let version = env!("CARGO_PKG_VERSION");
    assert!(stdout.starts_with(&format!("jflint {version}")), "{stdout}");
    let head = Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR"), "rev-parse", "HEAD"])
        .output();
    match head {
        Ok(out) if out.status.success() => {
            let sha = String::from_utf8(out.stdout).unwrap();
            // "jflint 0.1.0 (a0d4262e1 2026-11-24)"
            let expected = format!("jflint {version} ({} ", &sha[..9]);
            assert!(stdout.starts_with(&expected), "{stdout} vs {expected}");
        }
        // No git or no repository: the version alone.
        _ => assert_eq!(stdout.trim(), format!("jflint {version}")),
    }
}

#[test]
fn completions_cover_the_subcommands_and_flags() {
    let tree = Tree::new();
    for (shell, marker) in [
        ("bash", "complete -F _jflint"),
        ("zsh", "#compdef jflint"),
        ("fish", "complete -c jflint"),
    ] {
        let (code, stdout, stderr) = tree.run(&["completions", shell]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains(marker), "{shell}:\n{stdout}");
        // fish names long flags without their dashes (`-l fail-on`).
        for word in ["check", "explain", "init", "fail-on", "output"] {
            assert!(stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let (code, _, stderr) = tree.run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("tcsh"), "{stderr}");
}

#[test]
fn the_bash_completion_script_loads() {
    let tree = Tree::new();
    let (_, script, _) = tree.run(&["completions", "bash"]);
    let path = tree.write("jflint.bash", &script);
    let Ok(out) = Command::new("bash")
        .arg("-c")
        .arg(format!("source '{}' && complete -p jflint", path.display()))
        .output()
    else {
        panic!("bash is needed to load the completion script");
    };
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("_jflint"));
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let tree = Tree::new();
    let (code, stdout, _) = tree.run(&["man"]);
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH jflint 1"), "{stdout}");
    assert!(stdout.contains(".SH NAME"), "{stdout}");
    for sub in ["check", "baseline", "explain", "init", "completions"] {
        assert!(stdout.contains(sub), "the man page lacks {sub}");
    }
}

/// A site with two job families sharing two unknown words, one page with its
/// own unknown word, and a misspelling.
fn handbook() -> Tree {
    let tree = Tree::new();
    let mut a = family("Widget Engineer", &[("Widget Engineer", Some(6))]);
    a.push_str("\nWidget Engineers draw in figma and file expensify reports.\n");
    let mut b = family("Gadget Engineer", &[("Gadget Engineer", Some(7))]);
    b.push_str("\nGadget Engineers sketch in figma, use expensify and help the Parter team.\n");
    let mut c = clean_page();
    c.push_str("\nSprocket Engineers keep stakehloders informed.\n");
    tree.write("content/job-families/engineering/widget-engineer.md", &a);
    tree.write("content/job-families/engineering/gadget-engineer.md", &b);
    tree.write("content/job-families/sprocket-engineer.md", &c);
    tree.write(
        "content/handbook/_index.md",
        "---\ntitle: Handbook\n---\n\nWe keep stakehloders informed.\n",
    );
    tree
}

#[test]
fn init_writes_a_config_for_the_site_it_finds() {
    let tree = handbook();
    let (code, stdout, stderr) = tree.run(&["init"]);
    assert_eq!(code, 0, "{stderr}");
    let config = std::fs::read_to_string(tree.path().join(".jflint.yaml")).unwrap();
    assert!(config.contains("site-root: .\n"), "{config}");
    assert!(
        config.contains("jflint check content/job-families"),
        "{config}"
    );
    // Unknown words on two pages are proposed; one page's own word and a
    // known misspelling are not.
    assert!(
        config.contains("    - expensify  # 2\n    - figma  # 2\n"),
        "{config}"
    );
    assert!(!config.contains("stakehloders"), "{config}");
    assert!(!config.contains("- Parter"), "{config}");
    // How to go on: the check, the hook and the CI job.
    assert!(stdout.contains("Wrote ./.jflint.yaml"), "{stdout}");
    assert!(
        stdout.contains("jflint check content/job-families"),
        "{stdout}"
    );
    assert!(stdout.contains("pre-commit install"), "{stdout}");
    assert!(stdout.contains("ci/gitlab-ci.yml"), "{stdout}");
    assert!(
        stdout.contains("files: ^content/job\\-families/"),
        "{stdout}"
    );
    // The written file is what jflint reads: the words are accepted now.
    let (_, report, _) = tree.run(&["check", "--format", "concise", "--select", "typo"]);
    assert!(!report.contains("figma"), "{report}");
    assert!(report.contains("stakehloders"), "{report}");
    assert!(report.contains("Parter"), "{report}");
}

#[test]
fn init_never_overwrites_without_force() {
    let tree = handbook();
    tree.write(".jflint.yaml", "rules:\n  typo: off\n");
    let (code, _, stderr) = tree.run(&["init"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "jflint: ./.jflint.yaml already exists; pass --force to replace it\n"
    );
    let kept = std::fs::read_to_string(tree.path().join(".jflint.yaml")).unwrap();
    assert_eq!(kept, "rules:\n  typo: off\n");
    let (code, _, stderr) = tree.run(&["init", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    let replaced = std::fs::read_to_string(tree.path().join(".jflint.yaml")).unwrap();
    assert!(replaced.contains("figma"), "{replaced}");
}

#[test]
fn init_finds_a_site_below_or_above_and_refuses_without_one() {
    let tree = Tree::new();
    tree.write("handbook/content/job-families/a.md", &clean_page());
    let (code, _, stderr) = tree.run(&["init"]);
    assert_eq!(code, 0, "{stderr}");
    let config = std::fs::read_to_string(tree.path().join(".jflint.yaml")).unwrap();
    assert!(config.contains("site-root: handbook\n"), "{config}");
    assert!(
        config.contains("jflint check handbook/content/job-families"),
        "{config}"
    );

    // From inside the site, the file goes where init runs.
    let (code, _, stderr) = tree.run(&["init", "handbook/content"]);
    assert_eq!(code, 0, "{stderr}");
    let config =
        std::fs::read_to_string(tree.path().join("handbook/content/.jflint.yaml")).unwrap();
    assert!(config.contains("site-root: ..\n"), "{config}");

    let empty = Tree::new();
    let (code, _, stderr) = empty.run(&["init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no Hugo site"), "{stderr}");
    assert!(!empty.path().join(".jflint.yaml").exists());
}
