//! The CI examples in `ci/` are valid YAML, install the wheel, wire the
//! report into the CI system the way it expects, and use only flags jflint
//! has. `tests/dist.rs` runs them against a fixture repository.

use std::path::Path;

use clap::CommandFactory;
use serde_yaml::Value;

fn load(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every `--flag` of `jflint check` in `script` is one `check` accepts.
fn assert_known_flags(script: &str) {
    let cli = jflint::cli::Cli::command();
    let check = cli.find_subcommand("check").unwrap();
    let known: Vec<String> = check
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect();
    let command = script
        .split("jflint check")
        .nth(1)
        .expect("the script runs `jflint check`");
    let mut flags = 0;
    for word in command.split_whitespace() {
        if let Some(flag) = word.strip_prefix("--") {
            let flag = flag.split('=').next().unwrap();
            assert!(known.iter().any(|k| k == flag), "unknown flag --{flag}");
            flags += 1;
        }
    }
    assert!(flags >= 2, "{command}");
}

/// The file `--output FORMAT=FILE` names in `run`.
fn output_file(run: &str, format: &str) -> String {
    let prefix = format!("--output {format}=");
    let at = run
        .find(&prefix)
        .unwrap_or_else(|| panic!("no `{prefix}` in {run}"));
    run[at + prefix.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// The template installs the wheel of this version, and compiles nothing.
fn assert_installs_the_wheel(template: &str, version: &str, install: &str) {
    assert_eq!(version, env!("CARGO_PKG_VERSION"), "the pinned release");
    assert!(
        install.contains(r#"pip install"#) && install.contains(r#""jflint==$JFLINT_VERSION""#),
        "{install}"
    );
    assert!(!template.contains("cargo "), "the template builds jflint");
}

#[test]
fn gitlab_job_uploads_code_quality_on_merge_requests() {
    let doc = load("ci/gitlab-ci.yml");
    let job = &doc["jflint"];
    let rules = format!("{:?}", job["rules"]);
    assert!(rules.contains("merge_request_event"), "{rules}");
    let lines = |key: &str| -> Vec<String> {
        job[key]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let template =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/gitlab-ci.yml"))
            .unwrap();
    assert_installs_the_wheel(
        &template,
        job["variables"]["JFLINT_VERSION"].as_str().unwrap(),
        &lines("before_script").join("\n"),
    );
    let script = lines("script");
    let run = script.iter().find(|s| s.contains("jflint check")).unwrap();
    assert!(run.contains("--baseline"), "{run}");
    assert_known_flags(run);
    let artifacts = &job["artifacts"];
    assert_eq!(artifacts["when"].as_str(), Some("always"));
    let report = artifacts["reports"]["codequality"].as_str().unwrap();
    assert_eq!(output_file(run, "gitlab"), report);
    // The human report goes to the log: stdout is not redirected.
    assert!(!run.contains('>'), "{run}");
}

#[test]
fn github_workflow_uploads_sarif_even_on_failure() {
    let doc = load("ci/github-actions.yml");
    let steps = doc["jobs"]["jflint"]["steps"].as_sequence().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/github-actions.yml"),
    )
    .unwrap();
    let install = runs.iter().find(|r| r.contains("pip install")).unwrap();
    assert_installs_the_wheel(
        &template,
        doc["env"]["JFLINT_VERSION"].as_str().unwrap(),
        install,
    );
    let run = runs.iter().find(|r| r.contains("jflint check")).unwrap();
    assert!(run.contains("--baseline"), "{run}");
    assert_known_flags(run);
    assert!(!run.contains('>'), "{run}");
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .unwrap();
    assert_eq!(upload["if"].as_str(), Some("always()"));
    let sarif = upload["with"]["sarif_file"].as_str().unwrap();
    assert_eq!(output_file(run, "sarif"), sarif);
    assert_eq!(
        doc["permissions"]["security-events"].as_str(),
        Some("write")
    );
}

/// Every `--flag` of `jflint review` in `script` is one `review` accepts.
fn assert_known_review_flags(script: &str) {
    let cli = jflint::cli::Cli::command();
    let review = cli.find_subcommand("review").unwrap();
    let known: Vec<String> = review
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect();
    let command = script
        .split("jflint review")
        .nth(1)
        .expect("the script runs `jflint review`");
    let command = command.split("&&").next().unwrap();
    for word in command.split_whitespace() {
        if let Some(flag) = word.strip_prefix("--") {
            assert!(known.iter().any(|k| k == flag), "unknown flag --{flag}");
        }
    }
}

#[test]
fn review_jobs_are_optional_and_keep_the_summary() {
    let doc = load("ci/gitlab-ci.yml");
    let job = &doc["jflint-review"];
    assert_eq!(job["allow_failure"].as_bool(), Some(true));
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let run = script.iter().find(|s| s.contains("jflint review")).unwrap();
    assert!(run.contains("$CI_MERGE_REQUEST_DIFF_BASE_SHA"), "{run}");
    assert_known_review_flags(run);
    let kept = format!("{:?}", job["artifacts"]["paths"]);
    assert!(run.trim_end().ends_with("> jflint-review.md") && kept.contains("jflint-review.md"));

    let doc = load("ci/github-actions.yml");
    let job = &doc["jobs"]["review"];
    assert_eq!(job["continue-on-error"].as_bool(), Some(true));
    let run = job["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("jflint review"))
        .unwrap();
    assert_known_review_flags(run);
    assert!(run.contains("GITHUB_STEP_SUMMARY"), "{run}");
}
