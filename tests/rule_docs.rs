//! `docs/rules/` holds one page per rule, generated from the documentation
//! `jflint explain` prints (each rule file's doc comment), and an index. This
//! test fails when a page is stale, missing or left over; regenerate them with
//!
//!     JFLINT_BLESS=1 cargo test --test rule_docs

use std::collections::BTreeMap;
use std::path::Path;

use jflint::rules::registry::{RuleCode, Scope};

const HEADER: &str = "<!-- Generated from the rule's documentation (`jflint explain`); do not edit.\n     Regenerate: JFLINT_BLESS=1 cargo test --test rule_docs -->\n\n";

/// Every generated file under `docs/rules/`, by file name.
fn expected() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut index = String::from(HEADER);
    index.push_str(
        "# Rules\n\n`jflint rules` lists them, `jflint explain NAME` prints a page.\n\n\
         | rule | default | runs on | what it does |\n| --- | --- | --- | --- |\n",
    );
    for rule in RuleCode::ALL {
        let scope = match rule.scope() {
            Scope::AnyPage => "every page",
            Scope::JobFamily => "job families",
        };
        index.push_str(&format!(
            "| [`{name}`]({name}.md) | {} | {scope} | {} |\n",
            rule.default_severity(),
            rule.summary().replace('|', "\\|"),
            name = rule.name()
        ));
        files.insert(
            format!("{}.md", rule.name()),
            format!("{HEADER}{}", rule.explanation()),
        );
    }
    files.insert("README.md".to_string(), index);
    files
}

#[test]
fn rule_pages_match_the_rules_documentation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let expected = expected();
    if std::env::var_os("JFLINT_BLESS").is_some_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut problems = Vec::new();
    for (name, text) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(found) if &found == text => {}
            Ok(_) => problems.push(format!("docs/rules/{name} is stale")),
            Err(_) => problems.push(format!("docs/rules/{name} is missing")),
        }
    }
    for entry in std::fs::read_dir(&dir).into_iter().flatten() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !expected.contains_key(&name) {
            problems.push(format!("docs/rules/{name} is no rule's page"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: JFLINT_BLESS=1 cargo test --test rule_docs",
        problems.join("\n")
    );
}

#[test]
fn explain_prints_the_page_body() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jflint"))
        .args(["explain", "missing-grade"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed, RuleCode::MissingGrade.explanation());
    assert!(
        printed.starts_with("# missing-grade\n\nError by default; runs on job-family pages (under `content/job-families/`"),
        "{printed}"
    );
}
