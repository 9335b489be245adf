//! `jflint check --fix` and `--diff`: fixes settle, change nothing but their
//! edits, never lose data, and leave alone files that changed meanwhile.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jflint::Engine;
use jflint::rules::diagnostic::Fix;
use jflint::workspace::config::Config;
use jflint::workspace::fix::{self, FixMode, WriteError};

const MODE: FixMode = FixMode {
    unsafe_fixes: true,
    write: true,
};

fn jflint() -> Command {
    let mut cmd = Command::cargo_bin("jflint").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every Markdown page under `dir`, sorted.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A copy of the whole `fixtures/` tree in a temporary folder.
fn copy_fixtures() -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().unwrap();
    let src = manifest_dir().join("fixtures");
    let mut copies = Vec::new();
    for page in pages(&src) {
        let rel = page.strip_prefix(manifest_dir()).unwrap();
        let dest = tmp.path().join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&page, &dest).unwrap();
        copies.push(dest);
    }
    assert!(copies.len() >= 4, "fixtures found: {copies:?}");
    (tmp, copies)
}

fn engine_for(page: &Path) -> Engine {
    let site_root = jflint::workspace::engine::find_site_root(&[page.to_path_buf()]);
    Engine::new(
        Config::builtin(manifest_dir().to_path_buf()),
        site_root.as_deref(),
        None,
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// True when `new` is `old` with only the `edits` (ranges of `old`) replaced:
/// the text between the edits is kept, in order, and nothing is added
/// anywhere else.
fn changes_stay_inside(old: &str, new: &str, edits: &[std::ops::Range<usize>]) -> bool {
    let mut ranges = edits.to_vec();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    // The kept stretches of `old`: before, between and after the edits.
    let mut kept = Vec::new();
    let mut pos = 0;
    for r in &merged {
        kept.push(&old[pos..r.start]);
        pos = r.end;
    }
    kept.push(&old[pos..]);
    let (first, last) = (kept[0], kept[kept.len() - 1]);
    if kept.len() == 1 {
        return old == new;
    }
    if first.len() + last.len() > new.len() || !new.starts_with(first) || !new.ends_with(last) {
        return false;
    }
    let mut middle = &new[first.len()..new.len() - last.len()];
    for piece in &kept[1..kept.len() - 1] {
        match middle.find(piece) {
            Some(i) => middle = &middle[i + piece.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn fixing_every_fixture_settles_and_touches_only_the_edits() {
    let (_tmp, copies) = copy_fixtures();
    let mut fixed_pages = 0;
    for page in &copies {
        let engine = engine_for(page);
        let original = read(page);
        let result = fix::fix_text(&engine, page, original.clone(), MODE);
        assert!(result.converged, "{} did not settle", page.display());
        // No finding with a fix is left.
        let left: Vec<_> = result
            .report
            .findings
            .iter()
            .filter(|f| f.fix.is_some())
            .map(|f| format!("{}:{} {}", f.line, f.rule, f.message))
            .collect();
        assert!(
            left.is_empty(),
            "{}: still fixable: {left:?}",
            page.display()
        );
        // Fixing the fixed text changes nothing.
        let again = fix::fix_text(&engine, page, result.text.clone(), MODE);
        assert_eq!(again.applied, 0, "{}", page.display());
        assert_eq!(again.text, result.text, "{}", page.display());

        // Pass by pass, nothing outside the edits changes.
        let mut text = original.clone();
        loop {
            let report = engine.lint_text(page, text.clone());
            let fixes: Vec<&Fix> = report
                .findings
                .iter()
                .filter_map(|f| f.fix.as_ref())
                .collect();
            let (next, n) = jflint::rules::diagnostic::apply_fixes(&text, fixes.iter().copied());
            if n == 0 {
                break;
            }
            let edits: Vec<_> = fixes
                .iter()
                .flat_map(|f| f.edits.iter().map(|e| e.range.clone()))
                .collect();
            assert!(
                changes_stay_inside(&text, &next, &edits),
                "{}: text outside the edits changed",
                page.display()
            );
            text = next;
        }
        assert_eq!(text, result.text);
        if result.applied > 0 {
            fixed_pages += 1;
        }
    }
    assert!(fixed_pages >= 2, "the fixtures should exercise the fixer");
}

#[test]
fn the_outside_check_catches_stray_changes() {
    let old = "keep one two keep";
    let one = std::slice::from_ref(&(5..8));
    assert!(changes_stay_inside(old, "keep ONE two keep", one));
    assert!(changes_stay_inside(old, "keep  two keep", one));
    assert!(!changes_stay_inside(old, "keep ONE twx keep", one));
    assert!(!changes_stay_inside(old, "Keep ONE two keep", one));
    assert!(!changes_stay_inside(old, "keep ONE two keep!", one));
    assert!(!changes_stay_inside(old, "keep one two keeps", &[]));
}

#[test]
fn fix_twice_through_the_cli_changes_nothing_the_second_time() {
    let (tmp, copies) = copy_fixtures();
    let before: Vec<String> = copies.iter().map(|p| read(p)).collect();
    let first = jflint()
        .current_dir(tmp.path())
        .args([
            "check",
            "--no-config",
            "--fix",
            "--format",
            "concise",
            "fixtures",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.code().unwrap() <= 1, "{first:?}");
    assert!(stdout.contains("Fixed "), "{stdout}");
    let after: Vec<String> = copies.iter().map(|p| read(p)).collect();
    assert_ne!(before, after, "the first run fixes something");
    // The CLI wrote exactly what the fixer computes.
    for (page, original) in copies.iter().zip(&before) {
        let expected = fix::fix_text(
            &engine_for(page),
            page,
            original.clone(),
            FixMode {
                unsafe_fixes: false,
                write: true,
            },
        );
        assert_eq!(read(page), expected.text, "{}", page.display());
    }
    // Fixed findings are not reported afterwards.
    assert!(!stdout.contains("[brand-name]"), "{stdout}");
    assert!(!stdout.contains("[repeated-word]"), "{stdout}");

    let second = jflint()
        .current_dir(tmp.path())
        .args([
            "check",
            "--no-config",
            "--fix",
            "--format",
            "concise",
            "fixtures",
        ])
        .output()
        .unwrap();
    let again: Vec<String> = copies.iter().map(|p| read(p)).collect();
    assert_eq!(after, again, "the second run changed a file");
    assert!(!String::from_utf8_lossy(&second.stdout).contains("Fixed "));
    assert_eq!(first.status.code(), second.status.code());
}

fn bad_page(dir: &Path) -> PathBuf {
    let path = dir.join("page.md");
    std::fs::write(
        &path,
        "---\ntitle: Page\n---\n\nLife at Gitlab is good for the the team.\n\nUnrelated  text   stays.\n",
    )
    .unwrap();
    path
}

const FIXED: &str =
    "---\ntitle: Page\n---\n\nLife at GitLab is good for the team.\n\nUnrelated  text   stays.\n";

#[test]
fn fix_writes_the_page_and_reports_what_remains() {
    let tmp = tempfile::tempdir().unwrap();
    let page = bad_page(tmp.path());
    let out = jflint()
        .args(["check", "--no-config", "--fix", "--format", "json"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(read(&page), FIXED);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(findings.as_array().unwrap().len(), 0, "{stdout}");
    // Machine formats keep stdout clean: the summary goes to stderr.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Fixed 2 findings in 1 file"), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let page = bad_page(tmp.path());
    let before = std::fs::read(&page).unwrap();
    let mtime = std::fs::metadata(&page).unwrap().modified().unwrap();
    let out = jflint()
        .current_dir(tmp.path())
        .args(["check", "--no-config", "--diff", "page.md"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), before);
    assert_eq!(std::fs::metadata(&page).unwrap().modified().unwrap(), mtime);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("--- a/page.md\n+++ b/page.md\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "-Life at Gitlab is good for the the team.\n+Life at GitLab is good for the team.\n"
        ),
        "{stdout}"
    );
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("Would fix 2 findings in 1 file")
    );
    assert_eq!(out.status.code(), Some(1), "a pending fix fails the check");
    // Nothing to fix: no diff, success.
    std::fs::write(&page, FIXED).unwrap();
    jflint()
        .current_dir(tmp.path())
        .args(["check", "--no-config", "--diff", "page.md"])
        .assert()
        .success()
        .stdout("");
    // No temporary files are left behind either way.
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let page = bad_page(tmp.path());
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o640)).unwrap();
    jflint()
        .args(["check", "--no-config", "--fix"])
        .arg(&page)
        .assert()
        .success();
    assert_eq!(read(&page), FIXED);
    let mode = std::fs::metadata(&page).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["page.md"]);
}

#[cfg(unix)]
#[test]
fn fix_through_a_symbolic_link_keeps_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let real_dir = tmp.path().join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let target = bad_page(&real_dir);
    let link = tmp.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    jflint()
        .args(["check", "--no-config", "--fix"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(&target), FIXED);
}

#[cfg(unix)]
#[test]
fn read_only_file_is_left_intact_with_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let page = bad_page(tmp.path());
    let before = read(&page);
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = jflint()
        .args(["check", "--no-config", "--fix", "--format", "concise"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("page.md"), "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert_eq!(read(&page), before);
    // The findings of the unchanged page are still reported.
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("brand-name"), "{stdout}");
    assert!(!stdout.contains("Fixed"), "{stdout}");
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

/// A disk that fills up while the fixed page is written: the shell limits
/// the size of files jflint may write (`ulimit -f`, 512-byte blocks) and
/// ignores the signal the kernel sends, so the write fails with an error as
/// it would on a full disk.
#[cfg(unix)]
#[test]
fn a_failing_write_leaves_the_page_intact_with_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let page = bad_page(tmp.path());
    let long = format!(
        "{}\n{}",
        read(&page),
        "Prose that makes the page long.\n".repeat(64)
    );
    std::fs::write(&page, &long).unwrap();
    let out = std::process::Command::new("sh")
        .args(["-c", "ulimit -f 1 && trap '' XFSZ && exec \"$@\"", "sh"])
        .arg(env!("CARGO_BIN_EXE_jflint"))
        .args(["check", "--no-config", "--fix", "--format", "concise"])
        .arg(&page)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("page.md"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert_eq!(read(&page), long);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("brand-name"), "{stdout}");
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

#[test]
fn a_file_changed_since_it_was_read_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let page = bad_page(tmp.path());
    let read_then = read(&page);
    // Someone saves the page after jflint read it.
    let edited = read_then.replace("good", "great");
    std::fs::write(&page, &edited).unwrap();
    let result = fix::write_fixed(&page, &read_then, FIXED);
    assert!(
        matches!(result, Err(WriteError::ChangedOnDisk)),
        "{result:?}"
    );
    assert_eq!(read(&page), edited);
    // Same length, different bytes: still caught.
    let same_len = read_then.replace("good", "fine");
    std::fs::write(&page, &same_len).unwrap();
    assert!(fix::changed_on_disk(&page, &read_then).unwrap());
    assert!(matches!(
        fix::write_fixed(&page, &read_then, FIXED),
        Err(WriteError::ChangedOnDisk)
    ));
    assert_eq!(read(&page), same_len);
    // Unchanged: written.
    std::fs::write(&page, &read_then).unwrap();
    fix::write_fixed(&page, &read_then, FIXED).unwrap();
    assert_eq!(read(&page), FIXED);
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

#[test]
fn unsafe_fixes_needs_fix_or_diff() {
    jflint()
        .args(["check", "--no-config", "--unsafe-fixes", "."])
        .assert()
        .code(2);
}
