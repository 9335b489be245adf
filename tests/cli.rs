//! The command line: exit codes, configuration files and inline
//! suppressions, through the `jflint` binary.

mod common;

use common::{Tree, clean_page, family};

/// A page with one level that lacks a grade (`missing-grade`, line 8).
fn one_missing_grade() -> String {
    family(
        "Widget Engineer",
        &[
            ("Widget Engineer", Some(6)),
            ("Senior Widget Engineer", None),
        ],
    )
}

/// (path, rule) of every finding in concise output.
fn findings(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .map(|l| {
            let (loc, rest) = l.split_once(": ").expect("path:line:col: …");
            let path = loc.rsplitn(3, ':').nth(2).expect("path").to_string();
            let rule = rest
                .split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .expect("severity[rule]")
                .0
                .to_string();
            (path, rule)
        })
        .collect()
}

/// An error run: exit 2, one line on stderr naming `needle`, nothing that
/// looks like a panic or a backtrace.
fn assert_usage_error((code, stdout, stderr): (i32, String, String), needle: &str) {
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains(needle), "`{needle}` not named in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

fn assert_one_line_error(result: (i32, String, String), needle: &str) {
    let stderr = result.2.clone();
    assert_usage_error(result, needle);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("jflint: "), "{stderr}");
}

// ---------------------------------------------------------------- exit codes

#[test]
fn clean_pages_exit_0_and_errors_exit_1() {
    let tree = Tree::new();
    tree.write("content/job-families/clean.md", &clean_page());
    assert_eq!(tree.run(&["check"]).0, 0);
    tree.write("content/job-families/bad.md", &one_missing_grade());
    let (code, stdout, _) = tree.run(&["check", "--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&stdout),
        [(
            "content/job-families/bad.md".to_string(),
            "missing-grade".to_string()
        )]
    );
}

#[test]
fn fail_on_sets_the_threshold() {
    let tree = Tree::new();
    tree.write("content/job-families/bad.md", &one_missing_grade());
    // As a warning it does not fail the run by default…
    tree.write(".jflint.yaml", "rules:\n  missing-grade: warning\n");
    assert_eq!(tree.run(&["check"]).0, 0);
    assert_eq!(tree.run(&["check", "--fail-on", "error"]).0, 0);
    assert_eq!(tree.run(&["check", "--fail-on", "warning"]).0, 1);
    assert_eq!(tree.run(&["check", "--fail-on", "info"]).0, 1);
    // …and as info only `--fail-on info` fails.
    tree.write(".jflint.yaml", "rules:\n  missing-grade: info\n");
    assert_eq!(tree.run(&["check", "--fail-on", "warning"]).0, 0);
    assert_eq!(tree.run(&["check", "--fail-on", "info"]).0, 1);
    // The config may set the threshold; the flag wins over it.
    tree.write(
        ".jflint.yaml",
        "fail-on: warning\nrules:\n  missing-grade: warning\n",
    );
    assert_eq!(tree.run(&["check"]).0, 1);
    assert_eq!(tree.run(&["check", "--fail-on", "error"]).0, 0);
}

#[test]
fn a_missing_path_exits_2() {
    let tree = Tree::new();
    tree.write("a.md", &clean_page());
    assert_one_line_error(
        tree.run(&["check", "a.md", "no-such-page.md"]),
        "no-such-page.md",
    );
}

#[test]
fn bad_flags_exit_2() {
    let tree = Tree::new();
    tree.write("a.md", &clean_page());
    assert_usage_error(tree.run(&["check", "--frobnicate"]), "--frobnicate");
    assert_usage_error(tree.run(&["check", "--format", "xml"]), "xml");
    assert_usage_error(tree.run(&["check", "--fail-on", "loud"]), "loud");
    assert_usage_error(
        tree.run(&["check", "--select", "missing-grad"]),
        "missing-grad",
    );
    assert_one_line_error(tree.run(&["explain", "no-such-rule"]), "no-such-rule");
}

#[test]
fn bad_configs_exit_2_and_name_the_problem() {
    let tree = Tree::new();
    tree.write("content/job-families/a.md", &clean_page());
    let cases = [
        ("rulez:\n  missing-grade: off\n", "rulez"),
        ("rules:\n  missing-grad: off\n", "missing-grad"),
        ("rules:\n  missing-grade: loud\n", "loud"),
        ("words:\n  acept: [Kubernetes]\n", "acept"),
        (
            "overrides:\n  - files: [\"x/**\"]\n    rules:\n      no-rule: off\n",
            "no-rule",
        ),
        ("fail-on: sometimes\n", "sometimes"),
        ("rules: [\n", ".jflint.yaml"),
    ];
    for (yaml, needle) in cases {
        tree.write(".jflint.yaml", yaml);
        assert_one_line_error(tree.run(&["check"]), needle);
    }
    // The same through `--config`, and a config file that is not there.
    std::fs::remove_file(tree.path().join(".jflint.yaml")).unwrap();
    tree.write("conf/strict.yaml", "rulez: {}\n");
    assert_one_line_error(
        tree.run(&["check", "--config", "conf/strict.yaml"]),
        "rulez",
    );
    assert_one_line_error(
        tree.run(&["check", "--config", "conf/none.yaml"]),
        "conf/none.yaml",
    );
}

// ------------------------------------------------------------ configuration

#[test]
fn config_is_found_in_an_ancestor_folder() {
    let site = Tree::new();
    let page = site.write("content/job-families/team/bad.md", &one_missing_grade());
    let page = page.to_str().unwrap();
    let elsewhere = Tree::new();
    // Without a config the page fails…
    assert_eq!(elsewhere.run(&["check", page]).0, 1);
    // …with one two folders up, found from the page (not the working folder), it passes.
    site.write("content/.jflint.yaml", "rules:\n  missing-grade: off\n");
    assert_eq!(elsewhere.run(&["check", page]).0, 0);
    // Also when checking a folder, from inside the site.
    let (code, stdout, _) = site.run(&["check", "content/job-families"]);
    assert_eq!((code, stdout.as_str()), (0, "No problems in 1 file\n"));
    // `--no-config` ignores it.
    assert_eq!(elsewhere.run(&["check", "--no-config", page]).0, 1);
}

#[test]
fn config_flag_names_the_file() {
    let tree = Tree::new();
    tree.write("content/job-families/bad.md", &one_missing_grade());
    tree.write(".jflint.yaml", "rules:\n  missing-grade: off\n");
    tree.write("conf/strict.yaml", "rules:\n  missing-grade: warning\n");
    let (code, stdout, _) = tree.run(&[
        "check",
        "--config",
        "conf/strict.yaml",
        "--format",
        "concise",
    ]);
    assert_eq!(code, 0, "a warning does not fail the run");
    assert!(
        stdout.contains(": warning[missing-grade] level `Senior Widget Engineer`"),
        "{stdout}"
    );
}

#[test]
fn rules_can_be_turned_off() {
    let tree = Tree::new();
    tree.write("content/job-families/bad.md", &one_missing_grade());
    tree.write(
        "content/job-families/no-title.md",
        "---\nlayout: job_family_page\n---\n\n## Levels\n",
    );
    // Only the two rules under test: the pages are deliberately incomplete.
    let only = [
        "check",
        "--format",
        "concise",
        "--select",
        "missing-grade,frontmatter",
    ];
    let (_, stdout, _) = tree.run(&only);
    assert_eq!(findings(&stdout).len(), 2, "{stdout}");
    tree.write(".jflint.yaml", "rules:\n  missing-grade: off\n");
    let (code, stdout, _) = tree.run(&only);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&stdout),
        [(
            "content/job-families/no-title.md".to_string(),
            "frontmatter".to_string()
        )]
    );
}

#[test]
fn excluded_paths_are_not_checked() {
    let tree = Tree::new();
    tree.write("content/job-families/ok.md", &clean_page());
    tree.write("content/job-families/drafts/wip.md", &one_missing_grade());
    tree.write("content/job-families/old/legacy.md", &one_missing_grade());
    tree.write(
        "content/job-families/old/deeper/kept.md",
        &one_missing_grade(),
    );
    tree.write(
        ".jflint.yaml",
        "exclude:\n  - drafts\n  - content/job-families/old/*.md\n",
    );
    let (code, stdout, _) = tree.run(&["check", "--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&stdout),
        [(
            "content/job-families/old/deeper/kept.md".to_string(),
            "missing-grade".to_string()
        )]
    );
    let (_, stdout, _) = tree.run(&["check"]);
    assert!(stdout.ends_with("1 error in 1 of 2 files\n"), "{stdout}");
}

#[test]
fn overrides_apply_to_matching_paths() {
    let tree = Tree::new();
    tree.write("content/job-families/new.md", &one_missing_grade());
    tree.write("content/job-families/legacy/old.md", &one_missing_grade());
    tree.write(
        ".jflint.yaml",
        "overrides:\n  - files: [\"content/job-families/legacy/**\"]\n    rules:\n      missing-grade: warning\n",
    );
    let (code, stdout, _) = tree.run(&["check", "--format", "concise"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("content/job-families/legacy/old.md:")
            && lines[0].contains(" warning[missing-grade] "),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("content/job-families/new.md:")
            && lines[1].contains(" error[missing-grade] "),
        "{stdout}"
    );
}

#[test]
fn globs_are_relative_to_the_config_file_wherever_jflint_runs() {
    let tree = Tree::new();
    tree.write("content/job-families/legacy/old.md", &one_missing_grade());
    tree.write("content/job-families/drafts/wip.md", &one_missing_grade());
    tree.write(
        ".jflint.yaml",
        "exclude: [\"content/job-families/drafts\"]\noverrides:\n  - files: [\"content/job-families/legacy/**\"]\n    rules:\n      missing-grade: off\n",
    );
    // From the config's folder…
    assert_eq!(tree.run(&["check"]).0, 0);
    // …from a subfolder, with paths relative to it…
    let mut cmd = tree.jflint(&["check", "legacy", "drafts"]);
    cmd.current_dir(tree.path().join("content/job-families"));
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // …and with absolute paths from elsewhere.
    let legacy = tree.path().join("content/job-families/legacy");
    let elsewhere = Tree::new();
    assert_eq!(elsewhere.run(&["check", legacy.to_str().unwrap()]).0, 0);
}

#[test]
fn word_lists_are_accepted_in_the_config() {
    let tree = Tree::new();
    tree.write("content/job-families/ok.md", &clean_page());
    tree.write(
        ".jflint.yaml",
        "words:\n  accept: [Kubernetes, GitLab]\n  corrections:\n    teh: the\n",
    );
    let (code, stdout, stderr) = tree.run(&["check"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "No problems in 1 file\n", "")
    );
}

// ------------------------------------------------------------- suppressions

/// A family with four levels, none graded, and suppression comments.
fn suppressed_page(comments: [&str; 3]) -> String {
    format!(
        "---\ntitle: \"Widgets\"\nlayout: job_family_page\n---\n\n## Levels\n\n{}\n### Alpha Engineer\n\nText.\n\n{}\n\n### Beta Engineer\n\nText.\n\n{}\n\n### Gamma Engineer\n\nText.\n\n### Delta Engineer\n\nText.\n",
        comments[0], comments[1], comments[2]
    )
}

fn reported_levels(tree: &Tree) -> Vec<String> {
    let (_, stdout, _) = tree.run(&["check", "--format", "concise", "--select", "missing-grade"]);
    stdout
        .lines()
        .filter_map(|l| l.split('`').nth(1).map(str::to_string))
        .collect()
}

#[test]
fn disable_next_line_with_and_without_a_rule() {
    let tree = Tree::new();
    let path = "content/job-families/w.md";
    tree.write(path, &suppressed_page(["", "", ""]));
    assert_eq!(
        reported_levels(&tree),
        [
            "Alpha Engineer",
            "Beta Engineer",
            "Gamma Engineer",
            "Delta Engineer"
        ]
    );
    tree.write(
        path,
        &suppressed_page([
            "<!-- jflint-disable-next-line missing-grade -->",
            "<!-- jflint-disable-next-line frontmatter -->",
            "<!-- jflint-disable-next-line -->",
        ]),
    );
    // Beta's comment names another rule; a blank line between Gamma and its
    // comment does not matter.
    assert_eq!(reported_levels(&tree), ["Beta Engineer", "Delta Engineer"]);
}

#[test]
fn disable_enable_regions() {
    let tree = Tree::new();
    let path = "content/job-families/w.md";
    tree.write(
        path,
        &suppressed_page([
            "<!-- jflint-disable missing-grade -->",
            "<!-- jflint-enable missing-grade -->",
            "",
        ]),
    );
    assert_eq!(
        reported_levels(&tree),
        ["Beta Engineer", "Gamma Engineer", "Delta Engineer"]
    );
    // Without a rule name, and left open to the end of the page.
    tree.write(
        path,
        &suppressed_page(["", "", "<!-- jflint-disable -- generated section -->"]),
    );
    assert_eq!(reported_levels(&tree), ["Alpha Engineer", "Beta Engineer"]);
    // A bare `disable` with one rule enabled again.
    tree.write(
        path,
        &suppressed_page([
            "<!-- jflint-disable -->",
            "<!-- jflint-enable missing-grade -->",
            "",
        ]),
    );
    assert_eq!(
        reported_levels(&tree),
        ["Beta Engineer", "Gamma Engineer", "Delta Engineer"]
    );
    // A misspelt rule name suppresses nothing.
    tree.write(
        path,
        &suppressed_page(["<!-- jflint-disable missing-grad -->", "", ""]),
    );
    assert_eq!(reported_levels(&tree).len(), 4);
}

#[test]
fn suppressions_inside_code_are_text() {
    let tree = Tree::new();
    tree.write(
        "content/job-families/w.md",
        &suppressed_page(["```html\n<!-- jflint-disable -->\n```\n", "", ""]),
    );
    assert_eq!(reported_levels(&tree).len(), 4);
}
