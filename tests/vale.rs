//! Vale styles read as they are (`fixtures/vale/`): `.vale.ini` with
//! `StylesPath`, `MinAlertLevel`, a vocabulary, per-glob sections; rules of
//! the six supported extension points; skipped rules named on stderr. The
//! styles are written for these tests in the form of GitLab's documentation
//! style and of Vale's own test data (Vale's scenarios are listed in
//! `docs/vale.md`).

mod common;

use std::path::Path;

use common::Tree;

/// The Vale fixture copied into a fresh folder.
fn vale_tree() -> Tree {
    let tree = Tree::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vale");
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string();
                tree.write(&rel, &std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    tree
}

/// (path, line, rule, message) of the findings of Vale rules: those whose id
/// has a style (`handbook/wordy`), which jflint's own rules' ids have not.
fn vale_findings(stdout: &str) -> Vec<(String, usize, String, String)> {
    stdout
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let path = parts.next()?.to_string();
            let line: usize = parts.next()?.parse().ok()?;
            let _column = parts.next();
            let rest = parts.next()?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0;
            let message = rest.split_once("] ")?.1;
            rule.contains('/')
                .then(|| (path, line, rule.to_string(), message.to_string()))
        })
        .collect()
}

fn run(tree: &Tree, args: &[&str]) -> (Vec<(String, usize, String, String)>, String) {
    let (code, stdout, stderr) = tree.run(args);
    assert!(code == 0 || code == 1, "{stdout}\n{stderr}");
    (vale_findings(&stdout), stderr)
}

/// The Vale findings and standard error of `check` on `path` with the tree's
/// `.vale.ini` and no jflint configuration.
fn vale_check(tree: &Tree, path: &str) -> (Vec<(String, usize, String, String)>, String) {
    run(
        tree,
        &[
            "check",
            "--no-config",
            "--vale-config",
            ".vale.ini",
            "--format",
            "concise",
            path,
        ],
    )
}

const PAGE: &str = "content/job-families/widget-engineer.md";

#[test]
fn supported_extension_points_run_unchanged() {
    let tree = vale_tree();
    let (found, stderr) = vale_check(&tree, "content");
    let on_page: Vec<(usize, &str, &str)> = found
        .iter()
        .filter(|(p, ..)| p == PAGE)
        .map(|(_, l, r, m)| (*l, r.as_str(), m.as_str()))
        .collect();
    let expected = [
        (
            5,
            "handbook/intro-length",
            "Keep the introduction to at most two sentences.",
        ),
        (
            5,
            "handbook/substitutions",
            "Use 'GitLab team member' instead of 'GitLabber'.",
        ),
        (
            5,
            "handbook/substitutions",
            "Use 'can set up' instead of 'can setup'.",
        ),
        (5, "handbook/latin", "Use 'for example' instead of 'e.g.'."),
        (5, "handbook/uppercase", "'WPA' has no definition."),
        (
            6,
            "handbook/wordy",
            "Be concise: use 'in order to' sparingly.",
        ),
        (13, "vale/avoid", "Avoid using 'rockstar'."),
        (13, "vale/repetition", "'the' is repeated!"),
        (
            14,
            "handbook/substitutions",
            "Use 'Customers Portal' instead of 'Customer portal'.",
        ),
        // `scope: raw` reads the Markdown as written.
        (
            16,
            "handbook/heading-content",
            "Rename the heading '## Overview'.",
        ),
    ];
    assert_eq!(on_page, expected, "{stderr}");
    // `Handbook.Headings = NO`: the heading in title case is not reported;
    // `Handbook.Wordy = error` raises the rule's level.
    let (_, stdout, _) = tree.run(&[
        "check",
        "--no-config",
        "--vale-config",
        ".vale.ini",
        "--format",
        "concise",
        PAGE,
    ]);
    assert!(stdout.contains("error[handbook/wordy]"), "{stdout}");
    // The accepted word of the vocabulary is never reported; CEO is defined.
    assert!(
        !stdout.contains("Kubernetes") && !stdout.contains("'CEO'"),
        "{stdout}"
    );
}

#[test]
fn skipped_rules_are_named_once_with_file_and_reason() {
    let tree = vale_tree();
    let (_, stderr) = vale_check(&tree, "content");
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("skipped")).collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    // One swap entry with look-behind is left out; the rest of its rule runs.
    assert!(
        lines.iter().any(|l| l.contains("Substitutions.yml")
            && l.contains("swap entry skipped")
            && l.contains("look-around")),
        "{stderr}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Readability.yml")
            && l.contains("`readability` extension point is not run")),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("FutureTense.yml") && l.contains("look-around")),
        "{stderr}"
    );
}

#[test]
fn sections_switch_rules_per_glob() {
    let tree = vale_tree();
    let (found, _) = vale_check(&tree, "content/legacy");
    // `[content/legacy/*.md]` turns the substitutions off there.
    assert!(
        found
            .iter()
            .all(|(_, _, r, _)| r != "handbook/substitutions"),
        "{found:?}"
    );
}

#[test]
fn vale_config_in_jflint_yaml_and_ids_everywhere() {
    let tree = vale_tree();
    tree.write(
        ".jflint.yaml",
        "vale-config: .vale.ini\nrules:\n  handbook/latin: off\n",
    );
    tree.write(
        "content/job-families/quiet.md",
        "---\ntitle: Quiet\n---\n\n<!-- jflint-disable-next-line handbook/substitutions -->\nA GitLabber, e.g. me.\n",
    );
    let (found, _) = run(
        &tree,
        &[
            "check",
            "--format",
            "concise",
            "content/job-families/quiet.md",
        ],
    );
    assert!(found.is_empty(), "{found:?}");
    let (found, _) = run(
        &tree,
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "handbook/wordy",
            "content",
        ],
    );
    assert!(found.iter().all(|(_, _, r, _)| r == "handbook/wordy") && !found.is_empty());
    let (code, stdout, _) = tree.run(&["explain", "handbook/substitutions"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("top-misused-terms"), "{stdout}");
    // `action: replace` is a fix, applied with --unsafe-fixes.
    let (_, _, stderr) = tree.run(&[
        "check",
        "--fix",
        "--unsafe-fixes",
        "--select",
        "handbook/substitutions",
        PAGE,
    ]);
    let page = std::fs::read_to_string(tree.path().join(PAGE)).unwrap();
    assert!(
        page.contains("Every GitLab team member who builds"),
        "{page}\n{stderr}"
    );
}

#[test]
fn a_missing_vale_config_is_a_clear_error() {
    let tree = Tree::new();
    let (code, _, stderr) = tree.run(&["check", "--vale-config", "nope.ini", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("nope.ini"), "{stderr}");
}

#[test]
fn vale_comments_switch_vale_rules_in_a_page() {
    let tree = vale_tree();
    tree.write(
        "content/job-families/gadget-engineer.md",
        "---\ntitle: Gadget Engineer\n---\n\n\
         Gadget Engineers work in order to ship gadgets.\n\n\
         <!-- vale off -->\n\n\
         Quoted as written: in order to ship, a rockstar team.\n\n\
         <!-- vale on -->\n\n\
         <!-- vale Handbook.Wordy = NO -->\n\n\
         Here in order to ship, e.g. gadgets, a rockstar team.\n\n\
         <!-- vale Handbook.Wordy = YES -->\n\n\
         <!-- vale Handbook = NO -->\n\n\
         Then in order to ship, e.g. gadgets, a rockstar team.\n\n\
         <!-- vale Handbook = YES -->\n\n\
         At last in order to ship.\n",
    );
    let (found, stderr) = vale_check(&tree, "content/job-families/gadget-engineer.md");
    let found: Vec<(usize, &str)> = found.iter().map(|(_, l, r, _)| (*l, r.as_str())).collect();
    assert_eq!(
        found,
        [
            (5, "handbook/wordy"),
            // Wordy is off; Latin and the vocabulary's rejected word are not.
            (15, "handbook/latin"),
            (15, "vale/avoid"),
            // The style is off; Vale's own rule is not.
            (21, "vale/avoid"),
            (25, "handbook/wordy"),
        ],
        "{stderr}"
    );
}

/// A one-style configuration (`Probe`) with the rules given, and one page.
fn probe(rules: &[(&str, &str)], page: &str) -> Vec<(usize, String, String)> {
    let tree = Tree::new();
    tree.write(
        ".vale.ini",
        "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = Probe\n",
    );
    for (name, text) in rules {
        tree.write(&format!("styles/Probe/{name}.yml"), text);
    }
    tree.write("page.md", page);
    let (found, stderr) = vale_check(&tree, "page.md");
    assert!(!stderr.contains("skipped"), "{stderr}");
    found
        .into_iter()
        .map(|(_, line, rule, message)| (line, rule, message))
        .collect()
}

#[test]
fn vale_anchors_match_at_every_line() {
    // Vale compiles every pattern in multi-line mode.
    let rules = [
        (
            "Start",
            "extends: existence\nmessage: \"'%s' opens a line\"\nnonword: true\nscope: raw\ntokens: ['^foo']\n",
        ),
        (
            "End",
            "extends: existence\nmessage: \"'%s' closes a line\"\nnonword: true\nscope: raw\ntokens: ['bar$']\n",
        ),
    ];
    let found = probe(&rules, "# T\n\nfoo at start bar\n");
    let lines: Vec<(usize, &str)> = found.iter().map(|(l, r, _)| (*l, r.as_str())).collect();
    assert_eq!(lines, [(3, "probe/start"), (3, "probe/end")], "{found:?}");
}

#[test]
fn vale_reads_a_hyphen_after_a_class_escape_as_a_literal() {
    let rule = "extends: existence\nmessage: \"Use a comma before the last 'and'.\"\n\
                raw:\n  - '(?:[\\w-_` ]+,){2,}(?:[\\w-_` ]+) (and |or )'\n";
    let found = probe(
        &[("Comma", rule)],
        "# T\n\nWidgets, self-made gadgets, spare_parts and bolts.\n\nWidgets, gadgets, parts, and bolts.\n",
    );
    let lines: Vec<usize> = found.iter().map(|(l, ..)| *l).collect();
    assert_eq!(lines, [3], "{found:?}");
}

#[test]
fn vale_swap_may_be_a_list_of_one_key_maps() {
    let rule = "extends: substitution\nmessage: \"Use '%s', not '%s'.\"\nignorecase: false\n\
                swap:\n  - 'Widget [Ss]elf-made': Widget Self-Made\n  - Gadget pro: Gadget Pro\n";
    let found = probe(
        &[("Offer", rule)],
        "# T\n\nBuy Widget self-made or Gadget pro. Widget Self-Made stays.\n",
    );
    let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Use 'Widget Self-Made', not 'Widget self-made'.",
            "Use 'Gadget Pro', not 'Gadget pro'."
        ]
    );
}

#[test]
fn vale_conditional_reports_every_use_before_a_definition() {
    let rule = "extends: conditional\nmessage: \"'%s' has no definition.\"\n\
                first: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n\
                exceptions: [API]\n";
    let page = "# Widget Team\n\n\
                The WBL is here. The WBL again, with an API.\n\n\
                Later the WBL once more, and the GDG (Gadget Design Group) too.\n\n\
                The Widget Build League (WBL) is defined here; the WBL is fine now.\n\n\
                ## The WBL and the QRS\n\n\
                The Quick Ratchet Set (QRS) is defined after its heading.\n";
    let found = probe(&[("Uppercase", rule)], page);
    let uses: Vec<(usize, &str)> = found
        .iter()
        .map(|(l, _, m)| (*l, m.split('\'').nth(1).unwrap_or("")))
        .collect();
    // Each use before the definition's block; a `second` match names
    // only what it captures (`GDG` is not written as `Words (GDG)`).
    assert_eq!(
        uses,
        [(3, "WBL"), (3, "WBL"), (5, "WBL"), (5, "GDG"), (9, "QRS")],
        "{found:?}"
    );
}

#[test]
fn vale_conditional_without_a_group_checks_presence_in_the_block() {
    let rule = "extends: conditional\nmessage: \"'%s' without its full name.\"\n\
                first: '\\bWBL\\b'\nsecond: 'Widget Build League'\n";
    let page = "# T\n\nThe WBL is the Widget Build League.\n\nThe WBL again.\n";
    let found = probe(&[("Named", rule)], page);
    let lines: Vec<usize> = found.iter().map(|(l, ..)| *l).collect();
    assert_eq!(lines, [5], "{found:?}");
}

#[test]
fn vale_sentences_end_inside_closing_emphasis() {
    let rule = "extends: occurrence\nmessage: \"Use fewer than 10 words in this sentence.\"\n\
                scope: sentence\nmax: 10\ntoken: '\\b(\\w+)\\b'\n";
    let page = "# T\n\n**Where do the widget teams meet this week?** They meet in the lab \
                on the second floor.\n\nThe widget teams meet in the lab on the second floor \
                every single week.\n";
    let found = probe(&[("Length", rule)], page);
    let lines: Vec<usize> = found.iter().map(|(l, ..)| *l).collect();
    assert_eq!(lines, [5], "{found:?}");
}
