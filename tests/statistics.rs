//! `--statistics`: a per-rule count table after the report, and the one-line
//! summary of the human format.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// The rules these pages exercise; other rules would add findings of their own.
const ONLY: &str = "missing-grade,frontmatter";

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Three levels without a grade (missing-grade x3) in one page, a page without
/// a title (frontmatter x1), and a clean page.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut page = String::from("---\ntitle: W\nlayout: job_family_page\n---\n\n## Levels\n\n");
    for level in ["A Engineer", "B Engineer", "C Engineer"] {
        page.push_str(&format!("### {level}\n\n- Work.\n\n"));
    }
    write(dir.path(), "pages/w.md", &page);
    write(
        dir.path(),
        "pages/untitled.md",
        "---\nlayout: x\n---\n\nText.\n",
    );
    write(
        dir.path(),
        "pages/clean.md",
        "---\ntitle: Fine\n---\n\nText.\n",
    );
    dir
}

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let output = Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The table's rows: (count, rule, severity) after the header line.
fn table(text: &str) -> Vec<(usize, String, String)> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("count"));
    let header: Vec<&str> = lines
        .next()
        .expect("a table header")
        .split_whitespace()
        .collect();
    assert_eq!(header, ["count", "rule", "severity"]);
    lines
        .map_while(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            match cols.as_slice() {
                [n, rule, sev] => Some((n.parse().ok()?, rule.to_string(), sev.to_string())),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn table_counts_findings_per_rule() {
    let dir = site();
    let (out, _) = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--select",
            ONLY,
            "--statistics",
            "pages",
        ],
    );
    assert_eq!(
        table(&out),
        [
            (3, "missing-grade".to_string(), "error".to_string()),
            (1, "frontmatter".to_string(), "error".to_string()),
        ]
    );
    // The human format's one-line summary.
    assert!(out.contains("4 errors in 2 of 3 files"), "{out}");

    // Without the flag there is no table.
    let (out, _) = run(
        dir.path(),
        &["check", "--no-config", "--select", ONLY, "pages"],
    );
    assert!(!out.contains("count"), "{out}");
}

#[test]
fn table_shows_configured_severities() {
    let dir = site();
    write(
        dir.path(),
        ".jflint.yaml",
        "rules:\n  frontmatter: warning\noverrides:\n  - files: [\"pages/w.md\"]\n    rules:\n      missing-grade: info\n",
    );
    let (out, _) = run(
        dir.path(),
        &[
            "check",
            "--select",
            ONLY,
            "--statistics",
            "--format",
            "concise",
            "--fail-on",
            "info",
            "pages",
        ],
    );
    assert_eq!(
        table(&out),
        [
            (3, "missing-grade".to_string(), "info".to_string()),
            (1, "frontmatter".to_string(), "warning".to_string()),
        ]
    );
}

#[test]
fn machine_formats_put_the_table_on_stderr() {
    let dir = site();
    let (out, err) = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--select",
            ONLY,
            "--statistics",
            "--format",
            "json",
            "pages",
        ],
    );
    let json: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(json.len(), 4);
    assert_eq!(table(&err).len(), 2);
    assert!(err.contains("4 errors in 2 of 3 files"), "{err}");
    Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            ONLY,
            "--statistics",
            "pages/clean.md",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems in 1 file"))
        .stdout(predicate::str::contains("count").not());
}
