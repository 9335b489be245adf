//! Site-wide rules see every page of the run: a finding about one page can
//! depend on another. Their findings obey each page's rule levels, `--select`
//! and inline suppressions, and come out in a stable order.

use std::path::{Path, PathBuf};

use jflint::rules::registry::RuleCode;
use jflint::workspace::config::Config;
use jflint::{Engine, Outcome};

fn page(title: &str, grade: u32, before_grade: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nlayout: job_family_page\n---\n\n## Levels\n\n### Senior Gadget Analyst\n\n#### Senior Gadget Analyst Job Grade\n\n{before_grade}The Senior Gadget Analyst is a [grade {grade}](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).\n"
    )
}

/// Three pages: `a` and `c` grade the title 7, `b` grades it 8.
fn site(dir: &Path, a_prefix: &str) -> Vec<PathBuf> {
    let folder = dir.join("content/job-families");
    std::fs::create_dir_all(&folder).unwrap();
    let files = [
        ("a.md", page("Gadgets A", 7, a_prefix)),
        ("b.md", page("Gadgets B", 8, "")),
        ("c.md", page("Gadgets C", 7, "")),
    ];
    files
        .iter()
        .map(|(name, text)| {
            let path = folder.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn run(config: Config, files: &[PathBuf], select: Option<Vec<RuleCode>>) -> Outcome {
    Engine::new(
        config,
        None,
        select.map(|s| s.into_iter().map(Into::into).collect()),
    )
    .lint_files(files)
}

/// (file name, line, message) of every grade-consistency finding.
fn findings(outcome: &Outcome) -> Vec<(String, usize, String)> {
    outcome
        .findings()
        .filter(|(_, f)| f.rule == RuleCode::GradeConsistency)
        .map(|(file, f)| {
            let name = Path::new(&file.display)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, f.line, f.message.clone())
        })
        .collect()
}

#[test]
fn a_title_graded_differently_is_reported_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let files = site(dir.path(), "");
    let outcome = run(
        Config::builtin(dir.path().to_path_buf()),
        &files,
        Some(vec![RuleCode::GradeConsistency]),
    );
    let found = findings(&outcome);
    let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["a.md", "b.md", "c.md"]);
    assert!(
        found[0].2.contains("grade 7 here but grade 8"),
        "{}",
        found[0].2
    );
    assert!(found[0].2.contains("b.md"), "{}", found[0].2);
    assert!(
        found[1].2.contains("grade 8 here but grade 7"),
        "{}",
        found[1].2
    );
    assert!(found[1].2.contains("a.md"), "{}", found[1].2);
    assert!(found.iter().all(|(_, line, _)| *line == 12));

    // Located like any finding: context, excerpt, fingerprint, source kept.
    for (file, f) in outcome.findings() {
        assert_eq!(
            f.context,
            [
                "Levels",
                "Senior Gadget Analyst",
                "Senior Gadget Analyst Job Grade"
            ]
        );
        assert!(f.excerpt == "7" || f.excerpt == "8", "{}", f.excerpt);
        assert_eq!(f.fingerprint.len(), 32);
        assert!(!file.source.is_empty());
    }

    // The same run twice, and with one thread, gives the same report.
    let again = run(
        Config::builtin(dir.path().to_path_buf()),
        &files,
        Some(vec![RuleCode::GradeConsistency]),
    );
    assert_eq!(findings(&again), found);
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| {
            run(
                Config::builtin(dir.path().to_path_buf()),
                &files,
                Some(vec![RuleCode::GradeConsistency]),
            )
        });
    assert_eq!(findings(&single), found);
}

#[test]
fn per_file_levels_select_and_suppressions_apply() {
    let dir = tempfile::tempdir().unwrap();
    let files = site(
        dir.path(),
        "<!-- jflint-disable-next-line grade-consistency -->\n",
    );
    let config = Config::from_yaml(
        "overrides:\n  - files: [\"content/job-families/c.md\"]\n    rules:\n      grade-consistency: info\n",
        dir.path().to_path_buf(),
    )
    .unwrap();
    let outcome = run(config, &files, None);
    let found: Vec<(String, jflint::rules::diagnostic::Severity)> = outcome
        .findings()
        .filter(|(_, f)| f.rule == RuleCode::GradeConsistency)
        .map(|(file, f)| {
            (
                file.display.rsplit('/').next().unwrap().to_string(),
                f.severity,
            )
        })
        .collect();
    // `a` is suppressed inline; `c` is softened by its override.
    assert_eq!(
        found,
        [
            (
                "b.md".to_string(),
                jflint::rules::diagnostic::Severity::Warning
            ),
            (
                "c.md".to_string(),
                jflint::rules::diagnostic::Severity::Info
            ),
        ]
    );

    let off = Config::from_yaml(
        "overrides:\n  - files: [\"content/job-families/b.md\"]\n    rules:\n      grade-consistency: off\n",
        dir.path().to_path_buf(),
    )
    .unwrap();
    let outcome = run(off, &files, None);
    let names: Vec<String> = findings(&outcome).into_iter().map(|(n, _, _)| n).collect();
    // `b` still counts as a page that grades the title; it is just not reported.
    assert_eq!(names, ["c.md"]);

    let other = run(
        Config::builtin(dir.path().to_path_buf()),
        &files,
        Some(vec![RuleCode::MissingGrade]),
    );
    assert!(findings(&other).is_empty());
    // Pages without findings do not keep their text.
    assert!(
        other
            .files
            .iter()
            .all(|f| f.findings.is_empty() && f.source.is_empty())
    );
}

#[test]
fn a_single_page_is_checked_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::new(
        Config::builtin(dir.path().to_path_buf()),
        None,
        Some(vec![RuleCode::GradeConsistency.into()]),
    );
    let text = page("Gadgets", 8, "").replace("Senior Gadget Analyst", "Senior Manager, Gadgets");
    let report = engine.lint_text(Path::new("content/job-families/x.md"), text);
    assert_eq!(report.findings.len(), 1);
    assert!(
        report.findings[0]
            .message
            .contains("unusual for rank `Senior Manager`"),
        "{}",
        report.findings[0].message
    );
}
