//! Several reports from one run: `--format` (alias `--output-format`) for
//! standard output and `--output FORMAT=FILE`, repeatable, for files.

mod common;

use std::path::Path;

use common::fixture_set;
use serde_json::Value;

fn validator(schema: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(schema);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(schema: &str, instance: &Value) {
    let errors: Vec<String> = validator(schema)
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{instance:#}");
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn one_run_writes_every_report_and_the_log() {
    let tree = fixture_set();
    let (code, stdout, stderr) = tree.run(&[
        "check",
        "--output",
        "gitlab=reports/gl-code-quality-report.json",
        "--output",
        "sarif=jflint.sarif",
        "--output=concise=findings.txt",
        "--output",
        "human=log.txt",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, "");
    // The human report on stdout, drawn, with its summary.
    assert!(stdout.contains("╭─["), "{stdout}");
    assert_eq!(stdout.lines().last(), Some("4 errors in 3 of 4 files"));
    // Each file holds what `--format` would print, and is valid.
    let gitlab = read_json(&tree.path().join("reports/gl-code-quality-report.json"));
    assert_valid("gitlab-codequality.schema.json", &gitlab);
    let (_, alone, _) = tree.run(&["check", "--format", "gitlab"]);
    assert_eq!(gitlab, serde_json::from_str::<Value>(&alone).unwrap());
    assert_valid(
        "sarif-schema-2.1.0.json",
        &read_json(&tree.path().join("jflint.sarif")),
    );
    let concise = std::fs::read_to_string(tree.path().join("findings.txt")).unwrap();
    let (_, alone, _) = tree.run(&["check", "--output-format", "concise"]);
    assert_eq!(concise, alone);
    assert_eq!(concise.lines().count(), 4, "{concise}");
    // A human report in a file is the piped one: no colour, even when the
    // terminal's is coloured.
    let log = std::fs::read_to_string(tree.path().join("log.txt")).unwrap();
    assert_eq!(log, stdout);
    let (_, coloured, _) = tree.run(&["check", "--color", "always", "--output", "human=log.txt"]);
    assert!(coloured.contains('\x1b'));
    let log = std::fs::read_to_string(tree.path().join("log.txt")).unwrap();
    assert_eq!(log, stdout);
}

#[test]
fn a_machine_format_on_stdout_and_another_in_a_file() {
    let tree = fixture_set();
    let (code, stdout, stderr) =
        tree.run(&["check", "--format", "sarif", "--output", "gitlab=gl.json"]);
    assert_eq!(code, 1);
    assert_valid(
        "sarif-schema-2.1.0.json",
        &serde_json::from_str(&stdout).unwrap(),
    );
    assert_valid(
        "gitlab-codequality.schema.json",
        &read_json(&tree.path().join("gl.json")),
    );
    // The summary goes to stderr, as with a machine format alone.
    assert_eq!(stderr.trim(), "4 errors in 3 of 4 files");
}

#[test]
fn bad_outputs_are_refused_with_the_reason() {
    let tree = fixture_set();
    for (spec, says) in [
        ("gitlab", "is not FORMAT=FILE"),
        (
            "xml=out.xml",
            "`xml` is not a format: one of human, concise, json, gitlab, sarif, github",
        ),
        ("sarif=", "names no file"),
    ] {
        let (code, stdout, stderr) = tree.run(&["check", "--output", spec]);
        assert_eq!(code, 2, "{spec}: {stdout}{stderr}");
        assert!(stderr.contains(says), "{spec}: {stderr}");
    }
    let (code, _, stderr) = tree.run(&["check", "--diff", "--output", "json=a.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn an_unwritable_output_fails_the_run_and_leaves_nothing_behind() {
    let tree = fixture_set();
    // A folder in the path is a file.
    let target = "content/job-families/clean.md/out.json";
    let (code, stdout, stderr) = tree.run(&["check", "--output", &format!("json={target}")]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "jflint: cannot write the json report to {target}:"
        )),
        "{stderr}"
    );
    // The terminal report was still printed, and the page is untouched.
    assert!(stdout.contains("4 errors in 3 of 4 files"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(tree.path().join("content/job-families/clean.md")).unwrap(),
        common::clean_page()
    );
}
