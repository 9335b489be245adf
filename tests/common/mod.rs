//! Shared helpers for the CLI tests: a scratch tree of pages written on the
//! fly, and a way to run the `jflint` binary in it.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A level heading and, if any, its grade number.
pub type Level<'a> = (&'a str, Option<u32>);

/// A job-family page with the given levels; a level without a grade has no
/// Job Grade section, so `missing-grade` reports it on its heading.
pub fn family(title: &str, levels: &[Level<'_>]) -> String {
    // The introduction takes the blank line after the front matter, so that
    // the levels keep their line numbers.
    let mut page = format!(
        "---\ntitle: \"{title}\"\nlayout: job_family_page\n---\nThe {title} family builds and runs the widgets.\n## Levels\n"
    );
    for (name, grade) in levels {
        page.push_str(&format!(
            "\n### {name}\n\n#### {name} Responsibilities\n\n- Ships widgets.\n"
        ));
        if let Some(grade) = grade {
            page.push_str(&format!(
                "\n#### {name} Job Grade\n\nThe {name} is a [grade {grade}](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).\n"
            ));
        }
        page.push_str(&format!(
            "\nThe {name} reports to the [Manager, Widgets](https://widgets.example.com/manager/).\n"
        ));
    }
    // The family sections every job family has, after the levels so that the
    // levels keep their line numbers.
    page.push_str(
        "\n## Responsibilities\n\n- Ships widgets.\n\n## Requirements\n\n- Ability to use GitLab\n\n## Performance Indicators\n\n- Widget uptime\n- Widget latency\n- Customer satisfaction\n\n## Career Ladder\n\nWidget Engineers grow into senior roles.\n\n## Hiring Process\n\nCandidates meet the hiring manager.\n",
    );
    page
}

/// A page that is clean under every rule.
pub fn clean_page() -> String {
    family("Widget Engineer", &[("Widget Engineer", Some(6))])
}

/// A folder of pages that lives as long as the value.
pub struct Tree {
    pub dir: TempDir,
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A tree whose `.jflint.yaml` turns off every rule but `rules`: for tests
    /// of output formats, whose pages are deliberately incomplete.
    pub fn with_only(rules: &[&str]) -> Tree {
        let tree = Tree::new();
        let mut config = String::from("rules:\n");
        for rule in jflint::rules::registry::RuleCode::ALL {
            if !rules.contains(&rule.name()) {
                config.push_str(&format!("  {}: off\n", rule.name()));
            }
        }
        tree.write(".jflint.yaml", &config);
        tree
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` at `rel`, creating folders as needed.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(&path, text).expect("write page");
        path
    }

    /// `jflint ARGS` run in this folder, with a clean environment for colour.
    pub fn jflint(&self, args: &[&str]) -> Command {
        let mut cmd = jflint();
        cmd.current_dir(self.dir.path()).args(args);
        cmd
    }

    /// Runs `jflint ARGS` here and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.jflint(args).output().expect("jflint runs");
        (
            output.status.code().expect("an exit code, not a signal"),
            String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        )
    }
}

/// The `jflint` binary, with no colour or width settings from the caller.
pub fn jflint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jflint"));
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("COLUMNS")
        .env_remove("RUST_BACKTRACE")
        .env_remove("JFLINT_CACHE_DIR");
    cmd
}

/// The small fixture set the format tests share: one clean page, one page
/// with two missing grades, one with a broken front matter, and one whose
/// level name carries the characters GitHub's commands must escape.
pub fn fixture_set() -> Tree {
    let tree = Tree::new();
    tree.write("content/job-families/clean.md", &clean_page());
    tree.write(
        "content/job-families/engineering/widgets.md",
        &family(
            "Widget Engineer",
            &[
                ("Widget Engineer", Some(6)),
                ("Senior Widget Engineer", None),
                ("Staff Widget Engineer", None),
            ],
        ),
    );
    tree.write(
        "content/job-families/broken.md",
        "---\ntitle: \"Unclosed\nlayout: job_family_page\n---\n\n## Levels\n\nThe levels follow the widget team's ladder.\n",
    );
    tree.write(
        "content/job-families/odd, name: 100%.md",
        &family("Odd", &[("Engineer, Widgets: 100%", None)]),
    );
    tree
}

/// Git isolated from the machine's configuration.
pub fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}
