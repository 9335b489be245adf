//! `jflint baseline` and `check --baseline`: known findings are matched by
//! content, not line, and only new findings count.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The rules these pages exercise; other rules would add findings of their own.
const ONLY: &str = "missing-grade,frontmatter";

/// A job-family page; `levels` are (name, grade), `None` = no Job Grade section.
fn family(intro: &str, levels: &[(&str, Option<u8>)]) -> String {
    let mut page =
        format!("---\ntitle: \"Widgets\"\nlayout: job_family_page\n---\n\n{intro}## Levels\n\n");
    for (name, grade) in levels {
        page.push_str(&format!(
            "### {name}\n\n#### {name} Responsibilities\n\n- Work.\n\n"
        ));
        if let Some(g) = grade {
            page.push_str(&format!(
                "#### {name} Job Grade\n\nThe {name} is a [grade {g}](/grades/).\n\n"
            ));
        }
    }
    page
}

fn jflint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("jflint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn make_baseline(dir: &Path) {
    jflint(dir)
        .args([
            "baseline",
            "baseline.json",
            "--no-config",
            "--select",
            ONLY,
            "content",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("baseline.json"));
}

fn check(dir: &Path) -> assert_cmd::assert::Assert {
    jflint(dir)
        .args([
            "check",
            "--no-config",
            "--select",
            ONLY,
            "--format",
            "concise",
            "--baseline",
            "baseline.json",
            "content",
        ])
        .assert()
}

const PAGE: &str = "content/job-families/widgets.md";

#[test]
fn edits_above_known_findings_keep_them_known() {
    let dir = tempfile::tempdir().unwrap();
    let levels = [("Alpha Engineer", None), ("Beta Engineer", Some(6))];
    write(dir.path(), PAGE, &family("", &levels));
    make_baseline(dir.path());

    // Without the baseline the finding is there.
    jflint(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            ONLY,
            "--format",
            "concise",
            "content",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Alpha Engineer"));

    let intro = "Some intro.\n\nAnother paragraph\nover two lines.\n\n";
    write(dir.path(), PAGE, &family(intro, &levels));
    let out = check(dir.path()).code(0).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains("Alpha Engineer"), "{out}");
    assert!(
        out.contains(
            "0 new findings; 1 known finding hidden by the baseline; 0 baseline entries no longer occur"
        ),
        "{out}"
    );
}

#[test]
fn new_findings_are_reported_and_fixed_ones_counted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        PAGE,
        &family("", &[("Alpha Engineer", None), ("Beta Engineer", None)]),
    );
    write(
        dir.path(),
        "content/job-families/other.md",
        &family("", &[("Other Engineer", None)]),
    );
    make_baseline(dir.path());

    // Alpha fixed, Beta still known, Gamma new.
    write(
        dir.path(),
        PAGE,
        &family(
            "",
            &[
                ("Alpha Engineer", Some(5)),
                ("Beta Engineer", None),
                ("Gamma Engineer", None),
            ],
        ),
    );
    let assert = check(dir.path()).code(1);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let findings: Vec<&str> = out.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(findings.len(), 1, "{out}");
    assert!(findings[0].contains("Gamma Engineer"), "{out}");
    assert!(
        out.contains(
            "1 new finding; 2 known findings hidden by the baseline; 1 baseline entry no longer occurs"
        ),
        "{out}"
    );

    // A run over one file does not call the other file's entries fixed.
    jflint(dir.path())
        .args(["check", "--no-config", "--select", ONLY, "--format", "concise"])
        .args(["--baseline", "baseline.json", "content/job-families/other.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "0 new findings; 1 known finding hidden by the baseline; 0 baseline entries no longer occur",
        ));

    // Machine formats keep stdout clean: the baseline line goes to stderr and
    // the JSON lists only the new finding.
    let assert = jflint(dir.path())
        .args(["check", "--no-config", "--select", ONLY, "--format", "json"])
        .args(["--baseline", "baseline.json", "content"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 new finding;"));
    let json: Vec<Value> = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(json.len(), 1);
    assert!(json[0]["message"].as_str().unwrap().contains("Gamma"));
}

#[test]
fn exit_code_counts_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), PAGE, &family("", &[("Alpha Engineer", None)]));
    make_baseline(dir.path());
    check(dir.path()).code(0);
    // The human format too, with its one-line summary.
    jflint(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            ONLY,
            "--baseline",
            "baseline.json",
            "content",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems in 1 file"))
        .stdout(predicate::str::contains("1 known finding hidden"));
}

#[test]
fn baseline_file_is_stable_and_reviewable() {
    let dir = tempfile::tempdir().unwrap();
    let levels = [("Beta Engineer", None), ("Alpha Engineer", None)];
    write(dir.path(), PAGE, &family("", &levels));
    write(
        dir.path(),
        "content/job-families/aaa.md",
        "---\nlayout: job_family_page\n---\n\n## Levels\n\n### Zed Engineer\n",
    );
    make_baseline(dir.path());
    let first = std::fs::read(dir.path().join("baseline.json")).unwrap();
    make_baseline(dir.path());
    let second = std::fs::read(dir.path().join("baseline.json")).unwrap();
    assert_eq!(first, second);

    // Lines moved: same findings, same file (no line numbers in it).
    write(dir.path(), PAGE, &family("Intro.\n\n", &levels));
    make_baseline(dir.path());
    let third = std::fs::read(dir.path().join("baseline.json")).unwrap();
    assert_eq!(first, third);

    let json: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(json["version"], 1);
    let entries = json["findings"].as_array().unwrap();
    // aaa.md: no title and Zed without grade; widgets.md: Alpha and Beta.
    assert_eq!(entries.len(), 4, "{json:#}");
    let keys: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            let obj = e.as_object().unwrap();
            let mut fields: Vec<&str> = obj.keys().map(String::as_str).collect();
            fields.sort();
            assert_eq!(fields, ["fingerprint", "message", "path", "rule"]);
            assert_eq!(obj["fingerprint"].as_str().unwrap().len(), 32);
            (
                obj["path"].as_str().unwrap().to_string(),
                obj["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "entries are sorted by path and rule");
    assert!(keys.contains(&(PAGE.to_string(), "missing-grade".to_string())));
    // Sorted by message within a path and rule: Alpha before Beta.
    let messages: Vec<&str> = entries
        .iter()
        .filter(|e| e["path"] == PAGE)
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(messages[0].contains("Alpha") && messages[1].contains("Beta"));

    // Written atomically: nothing but the baseline is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["baseline.json", "content"]);
}

#[test]
fn missing_or_invalid_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        PAGE,
        &family("", &[("Alpha Engineer", Some(5))]),
    );
    check(dir.path()).code(2).stderr(predicate::str::contains(
        "baseline baseline.json: cannot read",
    ));
    for (text, says) in [
        ("{", "not valid JSON"),
        ("{\"findings\": []}", "version"),
        (
            "{\"version\": 2, \"findings\": []}",
            "version 2 is not supported",
        ),
        (
            "{\"version\": 1, \"findings\": [{\"path\": \"a.md\", \"rule\": \"x\", \"fingerprint\": \"12\", \"message\": \"m\"}]}",
            "invalid fingerprint",
        ),
    ] {
        write(dir.path(), "baseline.json", text);
        check(dir.path())
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(says));
    }
}
