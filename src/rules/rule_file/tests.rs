//! The rule-file format: the built-in files, loading, errors, placeholders.

use super::*;

fn load(text: &str) -> Result<Vec<RuleSpec>, RuleFileError> {
    parse_file(Path::new("team.yaml"), text, false)
}

#[test]
fn builtin_files_load_and_name_builtin_rules() {
    for (name, text) in BUILTIN_RULE_FILES {
        let rules =
            parse_file(Path::new(name), text, true).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(rules.len(), 1, "{name}");
        assert_eq!(format!("{}.yaml", rules[0].id), *name);
    }
    assert_eq!(RuleSet::builtin().rules.len(), BUILTIN_RULE_FILES.len());
}

#[test]
fn builtin_lists_are_sorted_and_unique() {
    for (name, text) in BUILTIN_RULE_FILES {
        let rule = &parse_file(Path::new(name), text, true).unwrap()[0];
        let mut by_list: BTreeMap<u16, Vec<String>> = BTreeMap::new();
        for e in rule.phrases.entries() {
            by_list
                .entry(e.list)
                .or_default()
                .push(e.phrase.to_lowercase());
        }
        for (list, words) in by_list {
            let mut sorted = words.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(
                words, sorted,
                "{name}: list {list} is not sorted and unique"
            );
        }
    }
}

#[test]
fn one_rule_or_several_with_a_namespace() {
    let one = load(
        "id: team/no-employee\nkind: existence\nmessage: say team member\ntokens: [employee]\n",
    )
    .unwrap();
    assert_eq!(one[0].id.name(), "team/no-employee");
    let many = load(
        "namespace: team\nrules:\n  - id: a\n    kind: existence\n    message: m\n    tokens: [x]\n  - id: b\n    kind: substitution\n    message: m\n    swap: {setup: set up}\n",
    )
    .unwrap();
    let ids: Vec<&str> = many.iter().map(|r| r.id.name()).collect();
    assert_eq!(ids, ["team/a", "team/b"]);
    assert_eq!(many[1].fix, FixKind::Unsafe);
}

#[test]
fn errors_name_the_line_and_key() {
    let e =
        load("id: team/x\nkind: existence\nmessage: m\ntokens: [x]\ncolour: red\n").unwrap_err();
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.to_string().contains("colour"), "{e}");
    let e = load("id: team/x\nkind: shouting\nmessage: m\n").unwrap_err();
    assert!(e.to_string().contains("shouting"), "{e}");
    let e = load("id: team/x\nkind: existence\nmessage: m\npatterns: ['(a']\n").unwrap_err();
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(4), Some("patterns")),
        "{e}"
    );
    let e = load("id: x\nkind: existence\nmessage: m\ntokens: [x]\n").unwrap_err();
    assert!(e.to_string().contains("namespace/name"), "{e}");
    let e =
        load("id: team/x\nkind: existence\nmessage: m\ntokens: [x]\nscope: galaxy\n").unwrap_err();
    assert_eq!(e.key.as_deref(), Some("scope"), "{e}");
    let e = load("namespace: t\nrules:\n  - id: a\n    kind: existence\n    message: m\n    tokens: [x]\n  - id: a\n    kind: existence\n    message: m\n    tokens: [y]\n").unwrap_err();
    assert!(e.to_string().contains("duplicate"), "{e}");
    let e = load("id: team/x\nkind: existence\nmessage: [unclosed\n").unwrap_err();
    assert!(e.line.is_some(), "{e}");
}

#[test]
fn duplicate_ids_across_files_load_nothing() {
    let mut set = RuleSet::default();
    let text = "id: team/x\nkind: existence\nmessage: m\ntokens: [x]\n";
    set.add_file(Path::new("a.yaml"), text).unwrap();
    let e = set.add_file(Path::new("b.yaml"), text).unwrap_err();
    assert!(e.to_string().contains("a.yaml"), "{e}");
    assert_eq!(set.rules.len(), 1);
}

#[test]
fn broad_patterns_warn() {
    let mut set = RuleSet::default();
    set.add_file(
        Path::new("a.yaml"),
        "id: team/x\nkind: existence\nmessage: m\npatterns: ['\\w+']\n",
    )
    .unwrap();
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
}

#[test]
fn placeholders_are_filled() {
    let rule = &load("id: team/x\nkind: substitution\nmessage: \"`%s`: write `%s`\"\nhelp: \"{match} -> {suggestion}, 100%\"\nswap: {a: b}\n").unwrap()[0];
    let values = Values {
        matched: "Setup",
        suggestion: Some("set up"),
        count: None,
    };
    assert_eq!(rule.message_for(&values), "`Setup`: write `set up`");
    assert_eq!(rule.help_for(&values).unwrap(), "Setup -> set up, 100%");
}
