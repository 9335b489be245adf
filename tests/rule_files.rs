//! Rules without Rust: a handbook team's rule files (`fixtures/custom-rules/`)
//! seen through every part of jflint that names rules: `check` in every
//! format, `--select`, rule levels and overrides, inline suppressions, the
//! baseline, `--fix`, `rules` and `explain`; and bad rule files refused.

mod common;

use std::path::Path;

use common::Tree;

/// The custom-rules fixture copied into a fresh folder.
fn team_tree() -> Tree {
    fixture_tree(
        "fixtures/custom-rules",
        &[
            ".jflint.yaml",
            ".jflint/rules/team.yaml",
            "content/job-families/widget-engineer.md",
        ],
    )
}

/// The files `rels` of the fixture folder `dir`, copied into a fresh folder.
fn fixture_tree(dir: &str, rels: &[&str]) -> Tree {
    let tree = Tree::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    for rel in rels {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        tree.write(rel, &text);
    }
    tree
}

/// (line, rule, message) of every finding of a concise report.
fn concise(stdout: &str) -> Vec<(usize, String, String)> {
    stdout
        .lines()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let _path = parts.next();
            let line: usize = parts.next().unwrap().parse().unwrap();
            let _column = parts.next();
            let rest = parts.next().unwrap();
            let rule = rest.split_once('[').unwrap().1.split_once(']').unwrap().0;
            let message = rest.split_once("] ").unwrap().1;
            (line, rule.to_string(), message.to_string())
        })
        .collect()
}

/// The concise report of `check content` with the `extra` flags.
fn check_content(tree: &Tree, extra: &[&str]) -> String {
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(extra);
    args.push("content");
    let (code, stdout, stderr) = tree.run(&args);
    assert!(code == 0 || code == 1, "{stderr}");
    stdout
}

fn team_findings(tree: &Tree, extra: &[&str]) -> Vec<(usize, String, String)> {
    concise(&check_content(tree, extra))
        .into_iter()
        .filter(|(_, rule, _)| rule.starts_with("team/"))
        .collect()
}

#[test]
fn every_kind_reports_where_it_should() {
    let tree = team_tree();
    let found = team_findings(&tree, &[]);
    let lines = |rule: &str| -> Vec<usize> {
        found
            .iter()
            .filter(|(_, r, _)| r == rule)
            .map(|(l, _, _)| *l)
            .collect()
    };
    // Substitution: the family intro and a requirement; the third sits
    // under a suppression comment, the front matter is not prose.
    assert_eq!(lines("team/misused-terms"), [6, 32], "{found:#?}");
    // Existence with a level filter: the grade-5 level only, not grade 6.
    assert_eq!(lines("team/no-years-early-grades"), [17]);
    // Occurrence, at the heading of the level section with two items.
    assert_eq!(lines("team/pi-count"), [20]);
    let pi = found.iter().find(|(_, r, _)| r == "team/pi-count").unwrap();
    assert_eq!(pi.2, "2 performance indicators in this level; keep 3 to 5");
    // Required, at the heading of the Requirements without the bullet.
    assert_eq!(lines("team/use-gitlab"), [29]);
    // Conditional: QBR is never defined; WPA is, further down.
    assert_eq!(lines("team/acronyms"), [7]);
    assert!(
        found
            .iter()
            .any(|(_, r, m)| r == "team/acronyms" && m.contains("`QBR`"))
    );
    // Repetition within a paragraph.
    assert_eq!(lines("team/doubled"), [32]);
    // Capitalization of headings, at the configured level.
    assert!(lines("team/heading-case").contains(&43));
    let misused = found
        .iter()
        .find(|(l, r, _)| *l == 32 && r == "team/misused-terms")
        .unwrap();
    assert_eq!(misused.2, "`Can setup` is a misused term");
}

#[test]
fn select_levels_and_overrides_take_custom_ids() {
    let tree = team_tree();
    let selected = team_findings(&tree, &["--select", "team/pi-count,team/use-gitlab"]);
    let rules: std::collections::BTreeSet<&str> =
        selected.iter().map(|(_, r, _)| r.as_str()).collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        ["team/pi-count", "team/use-gitlab"]
    );

    let (code, stdout, _) = tree.run(&["check", "--format", "concise", "content"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("info[team/heading-case]"), "{stdout}");

    // The override turns misused-terms off under content/legacy/.
    let page = std::fs::read_to_string(tree.path().join("content/job-families/widget-engineer.md"))
        .unwrap();
    tree.write("content/legacy/widget.md", &page);
    let (_, stdout, _) = tree.run(&["check", "--format", "concise", "content/legacy"]);
    assert!(!stdout.contains("team/misused-terms"), "{stdout}");
    assert!(stdout.contains("team/pi-count"), "{stdout}");

    let (code, _, stderr) = tree.run(&["check", "--select", "team/nothing", "content"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("team/nothing"), "{stderr}");
}

#[test]
fn every_format_carries_the_custom_id() {
    let tree = team_tree();
    let run = |format: &str| {
        let (_, stdout, stderr) = tree.run(&[
            "check",
            "--format",
            format,
            "--select",
            "team/misused-terms",
            "content",
        ]);
        assert!(!stdout.is_empty(), "{format}: {stderr}");
        stdout
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert!(json.to_string().contains("\"team/misused-terms\""));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let rules = &sarif["runs"][0]["tool"]["driver"]["rules"];
    assert_eq!(rules[0]["id"], "team/misused-terms");
    assert!(
        rules[0]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("top misused terms")
    );
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert_eq!(gitlab[0]["check_name"], "team/misused-terms");
    assert!(run("github").contains("jflint (team/misused-terms)"));
    assert!(run("concise").contains("warning[team/misused-terms]"));
    assert!(run("human").contains("team/misused-terms"));
}

#[test]
fn baseline_and_fix_use_custom_rules() {
    let tree = team_tree();
    let (code, _, stderr) = tree.run(&["baseline", "base.json", "content"]);
    assert_eq!(code, 0, "{stderr}");
    let base = std::fs::read_to_string(tree.path().join("base.json")).unwrap();
    assert!(base.contains("team/misused-terms"), "{base}");
    let (code, stdout, _) = tree.run(&["check", "--baseline", "base.json", "content"]);
    assert_eq!(code, 0, "{stdout}");

    let (_, _, stderr) = tree.run(&[
        "check",
        "--fix",
        "--select",
        "team/misused-terms",
        "content",
    ]);
    let page = std::fs::read_to_string(tree.path().join("content/job-families/widget-engineer.md"))
        .unwrap();
    assert!(page.contains("every team member uses"), "{page}\n{stderr}");
    assert!(page.contains("- Can set up the the widget line"), "{page}");
    // The suppressed line and the front matter are left as they are.
    assert!(page.contains("- Mentors every employee"), "{page}");
    assert!(page.contains("Every GitLabber who builds"), "{page}");
}

#[test]
fn rules_and_explain_show_custom_rules() {
    let tree = team_tree();
    let (code, stdout, _) = tree.run(&["rules"]);
    assert_eq!(code, 0);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("team/misused-terms"))
        .expect("listed");
    assert!(line.contains(".jflint/rules/team.yaml"), "{line}");
    let (code, stdout, _) = tree.run(&["explain", "team/misused-terms"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# team/misused-terms\n"), "{stdout}");
    assert!(
        stdout.contains("Flags the handbook's top misused terms"),
        "{stdout}"
    );
    assert!(
        stdout.contains("https://handbook.example.com/handbook/communication/top-misused-terms/")
    );
    let (code, _, stderr) = tree.run(&["explain", "team/unknown"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("team/unknown"), "{stderr}");
}

/// Each rule file of `cases`, the configuration's only one, stops `check`
/// with exit 2 and an error naming the file and the text `needle`.
fn assert_refused(cases: &[(&str, &str)]) {
    for &(text, needle) in cases {
        let tree = Tree::new();
        tree.write(".jflint.yaml", "custom-rules: [rules/*.yaml]\n");
        tree.write("rules/team.yaml", text);
        tree.write("content/a.md", "---\ntitle: A\n---\n\nText.\n");
        let (code, stdout, stderr) = tree.run(&["check", "content"]);
        assert_eq!(code, 2, "{text}\n{stdout}{stderr}");
        assert!(stderr.contains("rules/team.yaml"), "{stderr}");
        assert!(stderr.contains(needle), "{needle}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn bad_rule_files_are_refused_with_file_line_and_key() {
    let cases = [
        (
            "kind: existence\nid: team/x\nmessage: m\ntokens: [x]\nseverity: loud\n",
            "severity",
        ),
        (
            "id: team/x\nkind: existence\nmessage: m\npatterns: ['a(']\n",
            "patterns",
        ),
        ("id: team/x\nkind: telepathy\nmessage: m\n", "telepathy"),
        (
            "id: team/x\nkind: existence\nmessage: m\ntokens: [x]\nscope: {level-section: }\n",
            "scope",
        ),
        (
            "id: team/x\nkind: existence\nmessage: m\ntokens: [x]\nwords: [y]\n",
            "words",
        ),
        ("id: team/x\nkind: existence\nmessage: [\n", "team.yaml"),
    ];
    assert_refused(&cases);
    // A glob that matches nothing, and a duplicate id across files.
    let tree = Tree::new();
    tree.write(".jflint.yaml", "custom-rules: [nowhere/*.yaml]\n");
    let (code, _, stderr) = tree.run(&["check", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("nowhere/*.yaml"), "{stderr}");
    let tree = Tree::new();
    tree.write(".jflint.yaml", "custom-rules: [rules/*.yaml]\n");
    let rule = "id: team/x\nkind: existence\nmessage: m\ntokens: [x]\n";
    tree.write("rules/a.yaml", rule);
    tree.write("rules/b.yaml", rule);
    let (code, _, stderr) = tree.run(&["check", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("duplicate rule id `team/x`"), "{stderr}");
}

#[test]
fn a_rule_matching_every_word_is_a_warning() {
    let tree = Tree::new();
    tree.write(".jflint.yaml", "custom-rules: [rules/*.yaml]\n");
    tree.write(
        "rules/a.yaml",
        "id: team/any\nkind: existence\nmessage: m\npatterns: ['\\w+']\n",
    );
    tree.write("content/a.md", "---\ntitle: A\n---\n\nText.\n");
    let (_, _, stderr) = tree.run(&["check", "content"]);
    assert!(stderr.contains("matches almost every word"), "{stderr}");
}

#[test]
fn scopes_front_matter_code_and_hiring_process() {
    let tree = Tree::new();
    tree.write(".jflint.yaml", "custom-rules: [rules.yaml]\n");
    tree.write(
        "rules.yaml",
        r#"namespace: t
rules:
  - id: description
    kind: existence
    message: "`{match}` in the description"
    scope: {front-matter: description}
    tokens: [rockstar]
  - id: code
    kind: existence
    message: "`{match}` in code"
    scope: code
    tokens: [sudo]
  - id: hiring
    kind: existence
    message: "`{match}` in the hiring process"
    scope: hiring-process
    tokens: [whiteboard]
  - id: cell
    kind: existence
    message: "`{match}` in a cell"
    scope: table-cell
    tokens: [TBD]
    ignore-case: false
  - id: manager-only
    kind: existence
    message: "`{match}` for managers"
    levels: {track: manager}
    tokens: [hands-on]
"#,
    );
    tree.write(
        "content/job-families/widget.md",
        "---\ntitle: Widget Engineer\ndescription: A rockstar role.\n---\n\nWidgets. Run `sudo make` and a whiteboard talk.\n\n| Level | Grade |\n| --- | --- |\n| Widget Engineer | TBD |\n\n## Levels\n\n### Widget Engineer\n\nThe Widget Engineer is a grade 6. Hands-on work.\n\n### Manager, Widgets\n\nThe Manager, Widgets is a grade 8. Hands-on work.\n\n## Hiring Process\n\n- A whiteboard interview\n",
    );
    let (_, stdout, stderr) = tree.run(&["check", "--format", "concise", "content"]);
    let found: Vec<(usize, String)> = concise(&stdout)
        .into_iter()
        .filter(|(_, r, _)| r.starts_with("t/"))
        .map(|(l, r, _)| (l, r))
        .collect();
    assert_eq!(
        found,
        [
            (3, "t/description".to_string()),
            (6, "t/code".to_string()),
            (10, "t/cell".to_string()),
            (20, "t/manager-only".to_string()),
            (24, "t/hiring".to_string()),
        ],
        "{stdout}{stderr}"
    );
}

#[test]
fn the_cache_keys_on_the_rule_files_contents() {
    let tree = team_tree();
    let check = || {
        let (_, stdout, stderr) = tree.run(&[
            "check",
            "--format",
            "concise",
            "--select",
            "team/misused-terms",
            "content",
        ]);
        assert!(!stderr.contains("panicked"), "{stderr}");
        stdout
    };
    let first = check();
    assert!(first.contains("is a misused term"), "{first}");
    // Same files: the second run may come from the cache, and says the same.
    assert_eq!(check(), first);
    let rules = tree.path().join(".jflint/rules/team.yaml");
    let text = std::fs::read_to_string(&rules).unwrap();
    std::fs::write(&rules, text.replace("is a misused term", "is not our word")).unwrap();
    let changed = check();
    assert!(changed.contains("is not our word"), "{changed}");
    assert!(!changed.contains("is a misused term"), "{changed}");
}

/// The rule-extensions fixture copied into a fresh folder: a team's files
/// that extend four of jflint's own rules and replace a fifth.
fn extensions_tree() -> Tree {
    fixture_tree(
        "fixtures/rule-extensions",
        &[
            ".jflint.yaml",
            ".jflint/rules/builtins.yaml",
            ".jflint/rules/spelling.yaml",
            "content/job-families/widget-engineer.md",
        ],
    )
}

/// (line, severity, rule, message) of the findings of the built-in rules
/// the fixture changes.
fn extended_findings(tree: &Tree, extra: &[&str]) -> Vec<(usize, String, String, String)> {
    let stdout = check_content(tree, extra);
    let changed = [
        "exclusionary-term",
        "vacancy-language",
        "years-of-experience",
        "gendered-pronoun",
        "british-spelling",
    ];
    stdout
        .lines()
        .filter_map(|l| {
            let (line, rule, message) = concise(l).pop()?;
            let severity = l.split(": ").nth(1)?.split('[').next()?.to_string();
            changed
                .contains(&rule.as_str())
                .then_some((line, severity, rule, message))
        })
        .collect()
}

#[test]
fn extensions_add_to_builtin_rules_and_replace_keeps_the_id() {
    let tree = extensions_tree();
    let found = extended_findings(&tree, &[]);
    let at = |line: usize| -> Vec<(String, String, String)> {
        found
            .iter()
            .filter(|f| f.0 == line)
            .map(|(_, s, r, m)| (s.clone(), r.clone(), m.clone()))
            .collect()
    };
    // The replacing list: `colour` with the file's message; `organisation`
    // was the built-in list's, which no longer runs.
    assert_eq!(
        at(5),
        [(
            "warning".to_string(),
            "british-spelling".to_string(),
            "`colour` is spelt `color` in this handbook".to_string()
        )],
        "{found:#?}"
    );
    // Added phrases, reported with the built-in messages.
    let line6: Vec<String> = at(6)
        .into_iter()
        .map(|(_, r, m)| format!("{r}: {m}"))
        .collect();
    assert_eq!(
        line6,
        [
            "vacancy-language: vacancy language `dream job` in a job family",
            "exclusionary-term: exclusionary term `code monkey`",
        ],
        "{found:#?}"
    );
    // A token added to a rule whose own code works out the grade.
    assert_eq!(
        at(16),
        [(
            "error".to_string(),
            "years-of-experience".to_string(),
            "`A decade of experience` asks for years of experience at grade 5 (`Widget Engineer`)"
                .to_string()
        )]
    );
    // The built-in list still runs beside the additions.
    assert_eq!(at(17)[0].1, "exclusionary-term");
    // An exception added to the built-in list: `guru` is a name here.
    assert!(at(18).is_empty(), "{found:#?}");
    // A severity raised by the extension.
    assert_eq!(at(19)[0].0, "error");
    assert_eq!(at(19)[0].1, "gendered-pronoun");
    // The suppression comment names the built-in id; it covers an added term.
    assert!(at(24).is_empty(), "{found:#?}");
    assert_eq!(found.len(), 6, "{found:#?}");
}

#[test]
fn select_levels_baseline_and_fix_take_the_builtin_id() {
    let tree = extensions_tree();
    let selected = extended_findings(&tree, &["--select", "exclusionary-term"]);
    let lines: Vec<usize> = selected.iter().map(|f| f.0).collect();
    assert_eq!(lines, [6, 17], "{selected:#?}");

    tree.write(
        ".jflint.yaml",
        "custom-rules: [\".jflint/rules/*.yaml\"]\nrules:\n  exclusionary-term: info\n  vacancy-language: off\n",
    );
    let found = extended_findings(&tree, &[]);
    assert!(
        found.iter().all(|f| f.2 != "vacancy-language"),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .filter(|f| f.2 == "exclusionary-term")
            .all(|f| f.1 == "info"),
        "{found:#?}"
    );

    let (code, _, stderr) = tree.run(&["baseline", "base.json", "content"]);
    assert_eq!(code, 0, "{stderr}");
    let base = std::fs::read_to_string(tree.path().join("base.json")).unwrap();
    assert!(base.contains("\"exclusionary-term\""), "{base}");
    let (code, stdout, _) = tree.run(&["check", "--baseline", "base.json", "content"]);
    assert_eq!(code, 0, "{stdout}");

    // The added swap entry is an unsafe fix, as the built-in's are.
    let (_, _, stderr) = tree.run(&[
        "check",
        "--fix",
        "--unsafe-fixes",
        "--select",
        "exclusionary-term",
        "content",
    ]);
    let page = std::fs::read_to_string(tree.path().join("content/job-families/widget-engineer.md"))
        .unwrap();
    assert!(
        page.contains("for a developer who likes"),
        "{page}\n{stderr}"
    );
    assert!(page.contains("the allowlist of widget"), "{page}");
    assert!(page.contains("the widget wizard"), "{page}");
}

#[test]
fn rules_and_explain_say_where_the_data_comes_from() {
    let tree = extensions_tree();
    let (code, stdout, stderr) = tree.run(&["rules"]);
    assert_eq!(code, 0, "{stderr}");
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} listed:\n{stdout}"))
            .to_string()
    };
    assert!(
        line("exclusionary-term")
            .ends_with("(rules/exclusionary-term.yaml, extended by .jflint/rules/builtins.yaml)"),
        "{}",
        line("exclusionary-term")
    );
    assert!(
        line("british-spelling")
            .ends_with("(.jflint/rules/spelling.yaml, replacing rules/british-spelling.yaml)"),
        "{}",
        line("british-spelling")
    );
    assert!(
        line("gendered-pronoun").contains(" error "),
        "{}",
        line("gendered-pronoun")
    );
    assert!(line("fixed-mindset-language").ends_with("(rules/fixed-mindset-language.yaml)"));
    assert!(!line("typo").contains(".yaml"));

    let (code, stdout, _) = tree.run(&["explain", "exclusionary-term"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# exclusionary-term\n"), "{stdout}");
    assert!(
        stdout
            .contains("`.jflint/rules/builtins.yaml` extends it: 2 more entries, 1 more exception"),
        "{stdout}"
    );
    let (_, stdout, _) = tree.run(&["explain", "british-spelling"]);
    assert!(
        stdout.contains("`.jflint/rules/spelling.yaml` replaces its data"),
        "{stdout}"
    );
    // Without a configuration, the documentation alone.
    let (_, plain, _) = Tree::new().run(&["explain", "exclusionary-term"]);
    assert!(!plain.contains("extends it"), "{plain}");
}

#[test]
fn rules_and_explain_take_config() {
    let tree = extensions_tree();
    let team = team_tree();
    let config = team.path().join(".jflint.yaml");
    let config = config.to_str().unwrap();
    let (code, stdout, stderr) = tree.run(&["rules", "--config", config]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("team/misused-terms"), "{stdout}");
    // The other configuration's: the extensions of this folder are not read.
    assert!(!stdout.contains("builtins.yaml"), "{stdout}");
    let (code, stdout, stderr) = tree.run(&["explain", "team/pi-count", "--config", config]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("# team/pi-count\n"), "{stdout}");
    let (code, _, stderr) = tree.run(&["rules", "--config", "missing.yaml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("missing.yaml"), "{stderr}");
    let (code, stdout, _) = team.run(&["explain", "team/pi-count", "--no-config"]);
    assert_eq!(code, 2, "{stdout}");
}

#[test]
fn the_cache_keys_on_extension_files() {
    let tree = extensions_tree();
    let check = || extended_findings(&tree, &["--select", "vacancy-language"]);
    let first = check();
    assert_eq!(first.len(), 1, "{first:#?}");
    assert_eq!(check(), first);
    let file = tree.path().join(".jflint/rules/builtins.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("\"dream job\"", "\"likes widgets\"")).unwrap();
    let changed = check();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(changed[0].3.contains("`likes widgets`"), "{changed:#?}");
}

#[test]
fn bad_extensions_are_refused() {
    let cases = [
        (
            "id: no-such-rule\nextends: true\ntokens: [x]\n",
            "`no-such-rule` is not one of jflint's rules",
        ),
        (
            "id: typo\nextends: true\ntokens: [x]\n",
            "`typo` is written in Rust",
        ),
        (
            "id: exclusionary-term\nextends: true\nkind: existence\ntokens: [x]\n",
            "cannot make it `existence`",
        ),
        (
            "id: exclusionary-term\nkind: substitution\nmessage: m\nswap: {a: b}\n",
            "add `extends: true`",
        ),
        (
            "id: exclusionary-term\nextends: true\nreplace: true\nswap: {a: b}\n",
            "not both",
        ),
        (
            "id: vacancy-language\nextends: true\npatterns: ['\\bjoin us\\b']\n",
            "the code of `vacancy-language` does not read `patterns`; a file that extends or replaces it may set `tokens`, `message`",
        ),
        (
            "id: gender-coded-language\nextends: true\nlists: {neutral: [x]}\n",
            "no list `neutral`",
        ),
        (
            "id: team/x\nextends: true\ntokens: [x]\n",
            "`team/x` is not one of jflint's rules",
        ),
    ];
    assert_refused(&cases);
    // A built-in replaced twice.
    let tree = Tree::new();
    tree.write(".jflint.yaml", "custom-rules: [rules/*.yaml]\n");
    let rule = "id: exclusionary-term\nreplace: true\nswap: {a: b}\n";
    tree.write("rules/a.yaml", rule);
    tree.write("rules/b.yaml", rule);
    let (code, _, stderr) = tree.run(&["check", "."]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("already replaced by rules/a.yaml"),
        "{stderr}"
    );
}
