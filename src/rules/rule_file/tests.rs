//! The rule-file format: the built-in files, loading, errors, placeholders.

use super::*;

/// The rules of a team's file, loaded as a configuration loads it.
fn load(text: &str) -> Result<Vec<RuleSpec>, RuleFileError> {
    let mut set = RuleSet::default();
    set.add_file(Path::new("team.yaml"), text)?;
    Ok(set.rules)
}

#[test]
fn builtin_files_load_and_name_builtin_rules() {
    for (name, text) in BUILTIN_RULE_FILES {
        let rules =
            parse_builtin_file(Path::new(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(rules.len(), 1, "{name}");
        assert_eq!(format!("{}.yaml", rules[0].id), *name);
    }
    assert_eq!(RuleSet::builtin().rules.len(), BUILTIN_RULE_FILES.len());
}

#[test]
fn builtin_lists_are_sorted_and_unique() {
    for (name, text) in BUILTIN_RULE_FILES {
        let rule = &parse_builtin_file(Path::new(name), text).unwrap()[0];
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

#[test]
fn builtin_files_agree_with_the_registry() {
    let set = RuleSet::builtin();
    for spec in &set.rules {
        let RuleId::Builtin(code) = spec.id else {
            panic!("{} is not a built-in id", spec.id);
        };
        assert_eq!(spec.severity, code.default_severity(), "{code}");
        assert_eq!(
            spec.pages.job_families_only(),
            code.scope() == crate::rules::registry::Scope::JobFamily,
            "{code}"
        );
        // Its slot finds this very rule.
        assert!(
            std::ptr::eq(set.builtin_rule(code).unwrap().1, spec),
            "{code}"
        );
    }
}

fn phrases_of(set: &RuleSet, code: RuleCode) -> Vec<String> {
    let (_, spec) = set.builtin_rule(code).unwrap();
    spec.phrases
        .entries()
        .iter()
        .map(|e| e.phrase.clone())
        .collect()
}

#[test]
fn an_extension_adds_to_a_builtin_and_a_replacement_takes_its_place() {
    let mut set = RuleSet::builtin();
    let shipped = phrases_of(&set, RuleCode::ExclusionaryTerm);
    set.add_file(
        Path::new("more.yaml"),
        "id: exclusionary-term\nextends: true\nseverity: error\nswap: {code monkey: developer, guru: specialist}\n",
    )
    .unwrap();
    let (slot, spec) = set.builtin_rule(RuleCode::ExclusionaryTerm).unwrap();
    assert_eq!(
        slot,
        RuleSet::builtin_spec(RuleCode::ExclusionaryTerm).unwrap().0
    );
    assert_eq!(spec.severity, Severity::Error);
    assert_eq!(spec.message, "exclusionary term `{match}`");
    assert_eq!(spec.file, Path::new("rules/exclusionary-term.yaml"));
    let extended = phrases_of(&set, RuleCode::ExclusionaryTerm);
    assert_eq!(
        extended.len(),
        shipped.len() + 1,
        "guru is replaced, not added"
    );
    let guru = spec
        .phrases
        .entries()
        .iter()
        .find(|e| e.phrase == "guru")
        .unwrap();
    assert_eq!(guru.suggestion.as_deref(), Some("specialist"));
    assert_eq!(
        set.origin(RuleId::Builtin(RuleCode::ExclusionaryTerm))
            .unwrap(),
        "rules/exclusionary-term.yaml, extended by more.yaml"
    );

    set.add_file(
        Path::new("mine.yaml"),
        "id: vacancy-language\nreplace: true\ntokens: [dream job]\n",
    )
    .unwrap();
    assert_eq!(phrases_of(&set, RuleCode::VacancyLanguage), ["dream job"]);
    let (_, spec) = set.builtin_rule(RuleCode::VacancyLanguage).unwrap();
    assert_eq!(spec.message, "vacancy language `{match}` in a job family");
    assert_eq!(
        set.origin(RuleId::Builtin(RuleCode::VacancyLanguage))
            .unwrap(),
        "mine.yaml, replacing rules/vacancy-language.yaml"
    );
    assert!(
        set.explanation(RuleId::Builtin(RuleCode::VacancyLanguage))
            .unwrap()
            .contains("`mine.yaml` replaces its data: 1 entry, 0 exceptions.")
    );
}

#[test]
fn a_replacement_keeps_the_places_of_named_lists() {
    let mut set = RuleSet::builtin();
    set.add_file(
        Path::new("mine.yaml"),
        "id: gender-coded-language\nreplace: true\ntokens: [fearless]\nlists: {feminine: [gentle]}\n",
    )
    .unwrap();
    let (_, spec) = set.builtin_rule(RuleCode::GenderCodedLanguage).unwrap();
    let lists: Vec<(String, u16)> = spec
        .phrases
        .entries()
        .iter()
        .map(|e| (e.phrase.clone(), e.list))
        .collect();
    assert_eq!(
        lists,
        [("fearless".to_string(), 0), ("gentle".to_string(), 1)]
    );
    assert!(spec.exceptions.is_empty());
}

#[test]
fn a_bad_change_leaves_the_set_as_it_was() {
    let mut set = RuleSet::builtin();
    let before = phrases_of(&set, RuleCode::ExclusionaryTerm);
    let e = set
        .add_file(
            Path::new("bad.yaml"),
            "rules:\n  - id: exclusionary-term\n    extends: true\n    swap: {code monkey: developer}\n  - id: team/x\n    kind: existence\n    message: m\n    patterns: ['(']\n",
        )
        .unwrap_err();
    assert_eq!(e.key.as_deref(), Some("patterns"), "{e}");
    assert_eq!(phrases_of(&set, RuleCode::ExclusionaryTerm), before);
    assert_eq!(set.rules.len(), BUILTIN_RULE_FILES.len());
    let e = set
        .add_file(
            Path::new("bad.yaml"),
            "id: vacancy-language\nextends: true\ntokens: [naïve]\n",
        )
        .unwrap_err();
    assert!(e.to_string().contains("`naïve`"), "{e}");
    let e = set
        .add_file(
            Path::new("bad.yaml"),
            "id: template-placeholder\nextends: true\nscope: heading\n",
        )
        .unwrap_err();
    assert_eq!(e.key.as_deref(), Some("scope"), "{e}");
}

#[test]
fn a_summary_without_description_shows_the_message_with_its_blanks() {
    let mut set = RuleSet::default();
    set.add_file(
        Path::new("team.yaml"),
        "id: team/acronyms\nkind: existence\nmessage: \"`%s` is not defined on first use\"\ntokens: [QBR]\n",
    )
    .unwrap();
    set.add_file(
        Path::new("pi.yaml"),
        "id: team/pi\nkind: existence\nmessage: \"{count} found, keep {min} to {max}\"\ndescription: Counts indicators. Keep three to five.\ntokens: [x]\n",
    )
    .unwrap();
    let summaries: Vec<String> = set.rules.iter().map(RuleSpec::summary).collect();
    assert_eq!(
        summaries,
        ["`…` is not defined on first use", "Counts indicators."]
    );
}
