//! `jflint review REV` on throwaway git repositories holding a small fixture
//! site (`fixtures/review/site`), committed and then edited.

use std::path::{Path, PathBuf};

mod common;

use assert_cmd::Command;
use common::git;
use predicates::prelude::*;

const ENGINEER: &str = "content/job-families/gizmos/gizmo-engineer.md";
const LEADERSHIP: &str = "content/job-families/gizmos/gizmo-leadership.md";

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A repository whose `main` holds the fixture site.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/review/site");
    copy_tree(&site, dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "site"]);
    dir
}

/// Replaces `from` (which must occur exactly once) in a page.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path: PathBuf = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn jflint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("jflint").unwrap();
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

fn json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = jflint(dir)
        .args(["review", "main", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (kind, level, before, after) of each change.
fn summary(changes: &[serde_json::Value]) -> Vec<(String, String, String, String)> {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    changes
        .iter()
        .map(|c| {
            (
                s(&c["kind"]),
                s(&c["level"]),
                s(&c["before"]),
                s(&c["after"]),
            )
        })
        .collect()
}

/// Every edit a merge request makes to the model, at once.
fn edit_model(dir: &Path) {
    // Grade 7 to 8.
    edit(
        dir,
        ENGINEER,
        "The Senior Gizmo Engineer is a [grade 7]",
        "The Senior Gizmo Engineer is a [grade 8]",
    );
    // A new level, and the Staff level removed.
    let staff_start = "### Staff Gizmo Engineer";
    let text = std::fs::read_to_string(dir.join(ENGINEER)).unwrap();
    let start = text.find(staff_start).unwrap();
    let end = text.find("## Performance Indicators").unwrap();
    let text = format!(
        "{}### Principal Gizmo Engineer\n\nThe Principal Gizmo Engineer reports to the [Senior Manager, Gizmos](/job-families/gizmos/gizmo-leadership/#senior-manager-gizmos).\n\n#### Principal Gizmo Engineer Job Grade\n\nThe Principal Gizmo Engineer is a grade 9.\n\n{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(dir.join(ENGINEER), text).unwrap();
    // The Intermediate level now reports to the Senior Manager.
    edit(
        dir,
        ENGINEER,
        "The Gizmo Engineer (Intermediate) reports to the [Manager, Gizmos](/job-families/gizmos/gizmo-leadership/#manager-gizmos).",
        "The Gizmo Engineer (Intermediate) reports to the [Senior Manager, Gizmos](/job-families/gizmos/gizmo-leadership/#senior-manager-gizmos).",
    );
    // The required bullet and a performance indicator removed.
    edit(dir, ENGINEER, "- Ability to use GitLab\n", "");
    edit(dir, ENGINEER, "- Gizmo repair time\n", "");
    // Reflowed and reordered bullets are no change.
    edit(
        dir,
        ENGINEER,
        "- Build gizmos that last\n  and are easy to repair\n- Review gizmo designs\n",
        "- Review gizmo designs.\n- Build gizmos that last and\n  are easy to repair\n",
    );
    // A responsibility added to a level.
    edit(
        dir,
        ENGINEER,
        "- Mentor other gizmo engineers\n",
        "- Mentor other gizmo engineers\n- Run gizmo design reviews\n",
    );
}

#[test]
fn markdown_summary_of_model_changes() {
    let repo = repository();
    edit_model(repo.path());
    let out = jflint(repo.path())
        .args(["review", "main"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    insta::assert_snapshot!("review_markdown", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_changes_have_a_stable_shape() {
    let repo = repository();
    edit_model(repo.path());
    let changes = json(repo.path(), &["content"]);
    for change in &changes {
        let object = change.as_object().unwrap();
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["after", "before", "detail", "kind", "level", "line", "path"]
        );
        assert!(change["path"].is_string());
        assert!(change["kind"].is_string());
        for key in ["level", "before", "after", "detail"] {
            assert!(
                change[key].is_string() || change[key].is_null(),
                "{key}: {change}"
            );
        }
        assert!(change["line"].is_u64() || change["line"].is_null());
        assert_eq!(change["path"], ENGINEER);
    }
    let got = summary(&changes);
    let want = [
        ("required-bullet-removed", "-", "Ability to use GitLab", "-"),
        ("requirement-removed", "-", "Ability to use GitLab", "-"),
        (
            "performance-indicator-removed",
            "-",
            "Gizmo repair time",
            "-",
        ),
        (
            "reports-to-changed",
            "Gizmo Engineer (Intermediate)",
            "Manager, Gizmos (/job-families/gizmos/gizmo-leadership/#manager-gizmos)",
            "Senior Manager, Gizmos (/job-families/gizmos/gizmo-leadership/#senior-manager-gizmos)",
        ),
        ("grade-changed", "Senior Gizmo Engineer", "7", "8"),
        (
            "responsibility-added",
            "Senior Gizmo Engineer",
            "-",
            "Run gizmo design reviews",
        ),
        (
            "level-added",
            "Principal Gizmo Engineer",
            "-",
            "Principal Gizmo Engineer (grade 9)",
        ),
        (
            "level-removed",
            "Staff Gizmo Engineer",
            "Staff Gizmo Engineer (grade 8)",
            "-",
        ),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(got, want);
    // A change points at the line that shows it.
    let grade = changes
        .iter()
        .find(|c| c["kind"] == "grade-changed")
        .unwrap();
    let text = std::fs::read_to_string(repo.path().join(ENGINEER)).unwrap();
    let line = grade["line"].as_u64().unwrap() as usize;
    assert!(text.lines().nth(line - 1).unwrap().contains("grade 8"));
}

#[test]
fn reflowing_and_reordering_change_nothing() {
    let repo = repository();
    edit(
        repo.path(),
        ENGINEER,
        "- Build gizmos that last\n  and are easy to repair\n- Review gizmo designs\n",
        "- Review gizmo designs\n- Build gizmos that\n  last and are easy to repair.\n",
    );
    assert!(json(repo.path(), &[]).is_empty());
    jflint(repo.path())
        .args(["review", "main"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No changes to the job-family model since `main`",
        ));
}

#[test]
fn moved_pages_say_whether_the_old_url_resolves() {
    let repo = repository();
    let moved = "content/job-families/gizmos/gizmo-leaders.md";
    git(repo.path(), &["mv", LEADERSHIP, moved]);
    let changes = json(repo.path(), &[]);
    assert_eq!(summary(&changes)[0].0, "page-moved");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(
        changes[0]["detail"]
            .as_str()
            .unwrap()
            .contains("no longer resolves")
    );

    // With an alias the old URL still lands on the page; a move git does
    // not know of (the new file untracked) is found by the page's title.
    let repo = repository();
    let text = std::fs::read_to_string(repo.path().join(LEADERSHIP)).unwrap();
    let text = text.replace(
        "title: \"Gizmo Leadership\"",
        "title: \"Gizmo Leadership\"\naliases:\n  - /job-families/gizmos/gizmo-leadership/",
    );
    std::fs::remove_file(repo.path().join(LEADERSHIP)).unwrap();
    std::fs::write(repo.path().join(moved), text).unwrap();
    let changes = json(repo.path(), &[]);
    let got = summary(&changes);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0],
        (
            "page-moved".into(),
            "-".into(),
            LEADERSHIP.into(),
            moved.into()
        )
    );
    assert!(
        changes[0]["detail"]
            .as_str()
            .unwrap()
            .contains("still resolves")
    );
}

#[test]
fn pages_added_and_removed_list_their_levels() {
    let repo = repository();
    std::fs::remove_file(repo.path().join(LEADERSHIP)).unwrap();
    let got = summary(&json(repo.path(), &[]));
    assert_eq!(got[0].0, "page-removed");
    assert_eq!(got[0].2, "Gizmo Leadership");
    let levels: Vec<&str> = got[1..].iter().map(|c| c.2.as_str()).collect();
    assert_eq!(
        levels,
        [
            "Manager, Gizmos (grade 8)",
            "Senior Manager, Gizmos (grade 9)"
        ]
    );
    assert!(got[1..].iter().all(|c| c.0 == "level-removed"));
}

#[test]
fn required_sections_removed() {
    let repo = repository();
    edit(
        repo.path(),
        ENGINEER,
        "## Hiring Process\n\nCandidates meet the hiring manager, then two gizmo engineers.\n",
        "",
    );
    let got = summary(&json(repo.path(), &[]));
    assert_eq!(
        got,
        [(
            "section-removed".into(),
            "-".into(),
            "Hiring Process".into(),
            "-".into()
        )]
    );
}

#[test]
fn fail_on_chosen_kinds() {
    let repo = repository();
    edit(
        repo.path(),
        ENGINEER,
        "The Senior Gizmo Engineer is a [grade 7]",
        "The Senior Gizmo Engineer is a [grade 8]",
    );
    jflint(repo.path())
        .args(["review", "main", "--fail-on", "level-removed"])
        .assert()
        .code(0);
    jflint(repo.path())
        .args(["review", "main", "--fail-on", "level-removed,grade-changed"])
        .assert()
        .code(1);
    jflint(repo.path())
        .args(["review", "main", "--fail-on", "grade"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown change kind `grade`"));
}

#[test]
fn bad_repositories_revisions_and_paths_are_clear_errors() {
    let plain = tempfile::tempdir().unwrap();
    jflint(plain.path())
        .args(["review", "main"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("review needs a git repository"));
    let repo = repository();
    jflint(repo.path())
        .args(["review", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown git revision `no-such-branch`",
        ));
    jflint(repo.path())
        .args(["review", "main", "content/nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "content/nowhere: not in the working tree, nor at revision `main`",
        ));
    // A folder new in the working tree is no error: its pages were added.
    std::fs::create_dir_all(repo.path().join("content/job-families/new")).unwrap();
    std::fs::copy(
        repo.path().join(LEADERSHIP),
        repo.path()
            .join("content/job-families/new/gizmo-leadership.md"),
    )
    .unwrap();
    let changes = json(repo.path(), &["content/job-families/new"]);
    assert_eq!(summary(&changes)[0].0, "page-added");
}
