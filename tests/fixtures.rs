//! Every page under `fixtures/<rule>/` is checked with only that rule enabled;
//! the concise report is a snapshot. `bad-*` pages must fire, `good-*` pages
//! must not.

use std::path::{Path, PathBuf};

use jflint::report::{self, Format, ReportOptions};
use jflint::rules::registry::RuleCode;
use jflint::workspace::config::Config;
use jflint::{Engine, Outcome};

fn fixture_pages(dir: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    // A rule that resolves links between pages also has a small Hugo site:
    // its `bad-*`/`good-*` pages under `site/content/` are fixtures too.
    let mut folders = vec![dir.join("site").join("content")];
    while let Some(folder) = folders.pop() {
        for path in std::fs::read_dir(&folder).into_iter().flatten() {
            let path = path.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if path.is_dir() {
                folders.push(path);
            } else if name.ends_with(".md") && (name.starts_with("bad") || name.starts_with("good"))
            {
                pages.push(path);
            }
        }
    }
    pages.sort();
    pages
}

fn lint_with_rule(rule: RuleCode, page: &Path) -> Outcome {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::builtin(root.to_path_buf());
    let rel = page.strip_prefix(root).unwrap().to_path_buf();
    let site_root = jflint::workspace::engine::find_site_root(std::slice::from_ref(&rel));
    let engine = Engine::new(config, site_root.as_deref(), Some(vec![rule.into()]));
    engine.lint_files(&[rel])
}

#[test]
fn fixtures_match_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let mut rule_dirs: Vec<PathBuf> = std::fs::read_dir(root.join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    rule_dirs.sort();
    let mut covered = Vec::new();
    for dir in rule_dirs {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let Ok(rule) = name.parse::<RuleCode>() else {
            continue; // shared material (a test site, say), not a rule's fixtures
        };
        let (mut fired, mut quiet) = (false, false);
        for page in fixture_pages(&dir) {
            let outcome = lint_with_rule(rule, &page);
            let count = outcome.findings().count();
            let file = page.file_name().unwrap().to_str().unwrap();
            if file.starts_with("bad") {
                assert!(count > 0, "{name}/{file} should fire");
                fired = true;
            } else if file.starts_with("good") {
                assert_eq!(
                    count, 0,
                    "{name}/{file} should not fire:\n{:#?}",
                    outcome.files
                );
                quiet = true;
            }
            let mut out = Vec::new();
            report::write(
                Format::Concise,
                &mut out,
                &outcome,
                &ReportOptions::default(),
            )
            .unwrap();
            let snapshot = format!("{name}__{}", file.trim_end_matches(".md"));
            insta::assert_snapshot!(snapshot, String::from_utf8(out).unwrap());
        }
        assert!(
            fired && quiet,
            "{name}: needs a bad-*.md and a good-*.md fixture"
        );
        covered.push(rule);
    }
    for rule in RuleCode::ALL {
        if *rule != RuleCode::UnreadableFile {
            assert!(
                covered.contains(rule),
                "rule {rule} has no fixtures/{rule}/ folder"
            );
        }
    }
}
