//! Hostile input: every page here is built by the test (nothing big is kept in
//! the repository). Each must give a clear diagnostic or a clean pass, exit 0,
//! 1 or 2 as documented, and never panic (exit 101) or hang.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;

/// A hang guard, not a speed target (speed lives in `bench/`): a run still
/// going after this long in a debug build is killed and the test fails.
const HANG: Duration = Duration::from_secs(300);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn jflint(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--no-config", "--format", "concise"])
        .args(args)
        .timeout(HANG)
        .output()
        .unwrap();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "jflint panicked (exit {}):\n{}",
        run.code,
        run.stderr
    );
    assert!(
        [0, 1, 2].contains(&run.code),
        "exit {} (killed or timed out?)\nstderr: {}",
        run.code,
        run.stderr
    );
    run
}

/// Writes `bytes` as `name` in a fresh folder and checks that one file.
fn check_page(name: &str, bytes: &[u8]) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    let run = jflint(dir.path(), &[name]);
    (dir, run)
}

/// The concise lines of one rule: `(line, column, message)`.
fn findings(run: &Run, rule: &str) -> Vec<(usize, usize, String)> {
    let tag = format!("[{rule}] ");
    run.stdout
        .lines()
        .filter_map(|l| {
            let (head, message) = l.split_once(&tag)?;
            let mut parts = head.rsplitn(4, ':');
            let _severity = parts.next()?;
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((line, column, message.to_string()))
        })
        .collect()
}

#[test]
fn empty_file_passes() {
    let (_dir, run) = check_page("empty.md", b"");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.is_empty());
}

#[test]
fn only_front_matter_passes() {
    let (_dir, run) = check_page("only.md", b"---\ntitle: Only front matter\n---\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (_dir, run) = check_page("only-no-newline.md", b"---\ntitle: x\n---");
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn unterminated_front_matter_is_reported_at_its_opening() {
    let (_dir, run) = check_page("open.md", b"---\ntitle: x\n\n## Heading\n\nText.\n");
    assert_eq!(run.code, 1);
    let f = findings(&run, "frontmatter");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!((f[0].0, f[0].1), (1, 1));
    assert!(f[0].2.contains("never closed"), "{}", f[0].2);
}

#[test]
fn invalid_yaml_is_reported_on_its_line() {
    let page = b"---\ntitle: x\nowner: a: b\nteam: c\n---\n\nBody.\n";
    let (_dir, run) = check_page("bad-yaml.md", page);
    assert_eq!(run.code, 1);
    let f = findings(&run, "frontmatter");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!(f[0].0, 3, "{:?}", f[0]);
    assert!(f[0].2.contains("invalid YAML"), "{}", f[0].2);
    // The message is a fragment: serde's " at line N column M" is dropped.
    assert!(!f[0].2.contains(" at line "), "{}", f[0].2);
}

#[test]
fn deeply_nested_yaml_is_refused() {
    let n = 100_000;
    let flow = format!(
        "---\ntitle: x\nk: {}{}\n---\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let (_dir, run) = check_page("deep-flow.md", flow.as_bytes());
    assert_eq!(run.code, 1);
    let f = findings(&run, "frontmatter");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!(f[0].0, 3);
    assert!(f[0].2.contains("nests more than 128"), "{}", f[0].2);

    // Block nesting by indentation: serde_yaml's recursion limit.
    let mut block = String::from("---\ntitle: x\n");
    for i in 0..1_000 {
        block.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
    }
    block.push_str("---\n");
    let (_dir, run) = check_page("deep-block.md", block.as_bytes());
    assert_eq!(run.code, 1);
    let f = findings(&run, "frontmatter");
    assert!(f[0].2.contains("recursion limit"), "{}", f[0].2);
}

#[test]
fn billion_laughs_is_refused_without_expanding() {
    let mut yaml = String::from(
        "lol: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("l{name}: &{name} [{refs}]\n"));
    }
    // 30,000 copies of 100 strings of 1 KB: 3 GB if built.
    let strings = vec![format!("\"{}\"", "x".repeat(1000)); 100].join(",");
    let wide = format!("w: &w [{strings}]\nv: [{}]\n", vec!["*w"; 30_000].join(","));
    for (name, yaml) in [("laughs.md", yaml), ("wide.md", wide)] {
        let page = format!("---\ntitle: x\n{yaml}---\n\nBody.\n");
        let (_dir, run) = check_page(name, page.as_bytes());
        assert_eq!(run.code, 1, "{name}");
        let f = findings(&run, "frontmatter");
        assert_eq!(f.len(), 1, "{}", run.stdout);
        assert!(
            f[0].2.contains("aliases") || f[0].2.contains("repetition limit"),
            "{name}: {}",
            f[0].2
        );
    }
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let (_dir, run) = check_page("latin1.md", b"# Caf\xc3\xa9\n\nna\xefve text\n");
    assert_eq!(run.code, 1);
    let f = findings(&run, "unreadable-file");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!((f[0].0, f[0].1), (3, 3));
    assert!(f[0].2.contains("not valid UTF-8"), "{}", f[0].2);
    assert!(f[0].2.contains("offset 11"), "{}", f[0].2);
}

#[test]
fn binary_file_named_md_is_refused() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    let (_dir, run) = check_page("image.md", &bytes);
    assert_eq!(run.code, 1);
    let f = findings(&run, "unreadable-file");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert!(f[0].2.contains("binary"), "{}", f[0].2);
}

#[test]
fn fifty_megabyte_page() {
    let mut page = String::from("---\ntitle: Big\n---\n\n");
    let mut i = 0;
    while page.len() < 50 << 20 {
        page.push_str(&format!(
            "## Section {i}\n\nProse with a [link](#section-{i}), `code`, and *emphasis*.\n\n- one\n- two\n\n"
        ));
        i += 1;
    }
    // A finding at the very end proves the whole page was read and located.
    page.push_str("tail \u{597d}\t");
    let mut bytes = page.into_bytes();
    bytes.push(0xff);
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    // Past the default limit: one clear finding, the page left unread.
    let (dir, run) = check_page("big.md", &bytes);
    assert_eq!(run.code, 1);
    let f = findings(&run, "unreadable-file");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!((f[0].0, f[0].1), (1, 1));
    assert!(f[0].2.contains("page too large"), "{f:?}");
    // With the limit raised, the whole page is read and located.
    std::fs::write(dir.path().join(".jflint.yaml"), "max-page-size: 64MB\n").unwrap();
    let output = Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--no-cache", "--format", "concise", "big.md"])
        .timeout(HANG)
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    let f = findings(&run, "unreadable-file");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!((f[0].0, f[0].1), (lines + 1, 8));
}

/// A file past the page limit is refused before it is read: a sparse file,
/// so the test costs no disk.
#[test]
fn page_over_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("huge.md")).unwrap();
    file.set_len(jflint::site::files::DEFAULT_MAX_PAGE_BYTES + 1)
        .unwrap();
    let run = jflint(dir.path(), &["huge.md"]);
    assert_eq!(run.code, 1);
    let f = findings(&run, "unreadable-file");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert!(
        f[0].2.contains("page too large to lint (over 16 MiB)"),
        "{f:?}"
    );
    let run = jflint(dir.path(), &["--fix", "huge.md"]);
    assert_eq!(findings(&run, "unreadable-file").len(), 1, "{}", run.stdout);
}

/// The limit is the configuration's to set: a team with a generated page
/// larger than any written one raises it, a cautious one lowers it.
#[test]
fn the_page_size_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let page = "# Page\n\n".to_string() + &"word ".repeat(600);
    std::fs::write(dir.path().join("page.md"), page).unwrap();
    let run = |limit: &str| {
        std::fs::write(
            dir.path().join(".jflint.yaml"),
            format!("max-page-size: {limit}\n"),
        )
        .unwrap();
        let output = Command::cargo_bin("jflint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--no-cache", "--format", "concise", "page.md"])
            .timeout(HANG)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
        )
    };
    let (_, out) = run("2KB");
    assert!(
        out.contains("[unreadable-file] page too large to lint (over 2 KiB)"),
        "{out}"
    );
    let (_, out) = run("4KB");
    assert!(!out.contains("unreadable-file"), "{out}");
    assert_eq!(run("lots").0, Some(2));
}

#[test]
fn ten_megabyte_line() {
    let words = "the team writes clear pages for every role and level with care ";
    let mut page = String::from("---\ntitle: One line\n---\n\n");
    page.push_str(&words.repeat((10 << 20) / words.len()));
    page.push('\n');
    let (_dir, run) = check_page("line.md", page.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn one_long_line_with_many_findings() {
    // 200,000 repeated words on one 1 MB line: locating each finding must not
    // count the line from its start again.
    let mut page = String::from("---\ntitle: One line\n---\n\n");
    page.push_str(&"word ".repeat(200_000));
    page.push('\n');
    let (dir, run) = check_page("repeats.md", page.as_bytes());
    // Warnings: the run passes.
    assert_eq!(run.code, 0);
    let f = findings(&run, "repeated-word");
    assert_eq!(f.len(), 199_999);
    assert_eq!((f[0].0, f[0].1), (5, 1));
    assert_eq!((f[199_998].0, f[199_998].1), (5, 5 * 199_998 + 1));
    // Fixing them: 200,000 non-overlapping edits, checked against each other.
    let run = jflint(dir.path(), &["repeats.md", "--fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("repeats.md")).unwrap();
    assert!(
        fixed.ends_with("\n\nword \n"),
        "{}",
        &fixed[..fixed.len().min(200)]
    );
}

#[test]
fn one_hundred_thousand_nested_list_items() {
    // `- + - + … x`: each marker opens a list item inside the previous one
    // (alternating markers, or `- - -` would be a thematic break).
    let mut page = "- + ".repeat(50_000);
    page.push_str("x\n");
    let (_dir, run) = check_page("lists.md", page.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The same depth written one item per line, 2 spaces deeper each time, is
    // 10 GB; 3,000 levels of it (9 MB) with text at every level.
    let mut page = String::from("<a id=\"top\"></a>\n\n");
    for i in 0..3_000 {
        page.push_str(&"  ".repeat(i));
        page.push_str("- item with *emphasis* and [a link](#top)\n");
    }
    let (_dir, run) = check_page("lists-lines.md", page.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn one_hundred_thousand_nested_block_quotes() {
    let mut page = ">".repeat(100_000);
    page.push_str(" x\n");
    let (_dir, run) = check_page("quotes.md", page.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
    // Text at the bottom of a deep quote, many lines of it.
    let mut page = "> ".repeat(20_000);
    page.push_str("start\n");
    for _ in 0..20_000 {
        page.push_str("more *words* here\n");
    }
    let (_dir, run) = check_page("quotes-lines.md", page.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn heading_of_one_hundred_thousand_characters() {
    let page = format!(
        "---\ntitle: x\n---\n\n## {}\n\nText.\n",
        "\u{e9}".repeat(100_000)
    );
    let (_dir, run) = check_page("heading.md", page.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn crlf_and_mixed_line_endings_keep_positions() {
    // CRLF everywhere.
    let (_dir, run) = check_page("crlf.md", b"---\r\ntitle: x\r\n---\r\n\r\nab \xff\r\n");
    let f = findings(&run, "unreadable-file");
    assert_eq!((f[0].0, f[0].1), (5, 4), "{}", run.stdout);
    // A CR alone ends a line too (CommonMark, editors).
    let (_dir, run) = check_page("mixed.md", b"one\rtwo\r\nthree\n\r\tx\xff");
    let f = findings(&run, "unreadable-file");
    assert_eq!((f[0].0, f[0].1), (5, 3), "{}", run.stdout);
    // YAML errors in CRLF front matter.
    let (_dir, run) = check_page("crlf-yaml.md", b"---\r\ntitle: x\r\nowner: a: b\r\n---\r\n");
    let f = findings(&run, "frontmatter");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!(f[0].0, 3, "{:?}", f[0]);
}

#[test]
fn mixed_line_endings_in_a_job_family() {
    // Headings after lone CRs must be found where comrak puts them.
    let page = "---\ntitle: Engineer\n---\n\r## Levels\r\n\r\n### Engineer\rText.\r";
    let (dir, run) = check_page("content/job-families/eng.md", page.as_bytes());
    let f = findings(&run, "missing-grade");
    assert_eq!(f.len(), 1, "{}", run.stdout);
    assert_eq!((f[0].0, f[0].1), (7, 5), "{}", run.stdout);
    drop(dir);
}

#[test]
fn byte_order_mark_is_not_content() {
    let (_dir, run) = check_page("bom.md", "\u{feff}---\ntitle: x\n---\n\nBody.\n".as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (_dir, run) = check_page("bom-bad.md", b"\xef\xbb\xbf---\ntitle: x\n---\nbad \xff");
    let f = findings(&run, "unreadable-file");
    assert_eq!((f[0].0, f[0].1), (4, 5), "{}", run.stdout);
    // On line 1 the BOM is a character before the text.
    let (_dir, run) = check_page("bom-line1.md", b"\xef\xbb\xbfab\xff");
    let f = findings(&run, "unreadable-file");
    assert_eq!((f[0].0, f[0].1), (1, 3), "{}", run.stdout);
}

#[test]
fn columns_count_characters_after_tabs_and_wide_text() {
    // Tab, CJK (3 bytes, 2 cells wide), emoji (4 bytes), combining accent.
    let (_dir, run) = check_page("wide.md", "\t\u{597d}\u{1f600}e\u{301} ".as_bytes());
    assert_eq!(run.code, 0);
    let mut bytes = "x\n\t\u{597d}\u{1f600}e\u{301} ".as_bytes().to_vec();
    bytes.push(0xff);
    let (_dir, run) = check_page("wide-bad.md", &bytes);
    let f = findings(&run, "unreadable-file");
    assert_eq!((f[0].0, f[0].1), (2, 7), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_the_walk() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("a/b")).unwrap();
    // No title: one finding per page found.
    std::fs::write(site.join("a/b/page.md"), "---\nlayout: x\n---\n").unwrap();
    symlink(&site, site.join("a/b/up")).unwrap();
    symlink("self.md", site.join("self.md")).unwrap();
    let run = jflint(dir.path(), &["site", "--select", "frontmatter"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let pages: Vec<_> = run.stdout.lines().map(|l| l.split(':').next()).collect();
    assert_eq!(pages, [Some("site/a/b/page.md")], "{}", run.stdout);
    // Named on the command line, a loop is a clear one-line error.
    let run = jflint(dir.path(), &["site/self.md"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("site/self.md"), "{}", run.stderr);
    assert!(
        run.stderr.to_lowercase().contains("symbolic links"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("secret.md");
    std::fs::write(&page, "---\ntitle: x\n---\n").unwrap();
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o000)).unwrap();
    let blocked = std::fs::read(&page).is_err();
    let run = jflint(dir.path(), &["secret.md"]);
    if blocked {
        assert_eq!(run.code, 1);
        let f = findings(&run, "unreadable-file");
        assert!(f[0].2.contains("cannot read file"), "{}", f[0].2);
    } else {
        // Run as root: mode 000 does not stop reads, and the page is fine.
        assert_eq!(run.code, 0, "{}", run.stdout);
    }
    // A read error whatever the user: /proc/self/mem cannot be read at offset 0.
    if Path::new("/proc/self/mem").exists() {
        let run = jflint(dir.path(), &["/proc/self/mem"]);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        let f = findings(&run, "unreadable-file");
        assert_eq!(f.len(), 1, "{}", run.stdout);
        assert!(f[0].2.starts_with("cannot read file: "), "{}", f[0].2);
    }
}

#[cfg(unix)]
#[test]
fn unreadable_folder_is_reported_not_dropped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("site/locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("hidden.md"), "no front matter\n").unwrap();
    std::fs::write(dir.path().join("site/open.md"), "---\ntitle: x\n---\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let blocked = std::fs::read_dir(&locked).is_err();
    let run = jflint(dir.path(), &["site"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if blocked {
        assert_eq!(run.code, 1, "{}", run.stdout);
        let f = findings(&run, "unreadable-file");
        assert_eq!(f.len(), 1, "{}", run.stdout);
        assert!(run.stdout.starts_with("site/locked:"), "{}", run.stdout);
        assert!(
            f[0].2.to_lowercase().contains("permission denied"),
            "{}",
            f[0].2
        );
    } else {
        // Run as root: the folder is read; the walk-error path is covered by
        // the unit tests in src/workspace/walk.rs.
        assert_eq!(run.code, 0, "{}", run.stdout);
    }
}

#[test]
fn missing_path_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = jflint(dir.path(), &["no/such/page.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no/such/page.md: no such file or directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn fifty_thousand_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut expected: Vec<PathBuf> = Vec::new();
    for i in 0..50_000 {
        let folder = dir.path().join(format!("site/s{:03}", i % 500));
        if i < 500 {
            std::fs::create_dir_all(&folder).unwrap();
        }
        // Every tenth page has no title, so the count of findings is known.
        let page = if i % 10 == 0 {
            format!("---\nlayout: x\n---\n\nPage {i}.\n")
        } else {
            format!("---\ntitle: Page {i}\n---\n\nPage {i}.\n")
        };
        let name = folder.join(format!("p{i}.md"));
        std::fs::write(&name, page).unwrap();
        if i % 10 == 0 {
            expected.push(name.strip_prefix(dir.path()).unwrap().to_path_buf());
        }
    }
    let run = jflint(dir.path(), &["site", "--select", "frontmatter"]);
    assert_eq!(run.code, 1);
    let mut reported: Vec<PathBuf> = run
        .stdout
        .lines()
        .map(|l| PathBuf::from(l.split(':').next().unwrap()))
        .collect();
    let before = reported.len();
    reported.sort();
    reported.dedup();
    expected.sort();
    assert_eq!(before, 5_000);
    assert_eq!(reported, expected);
}

#[test]
fn many_levels_findings_and_suppressions_stay_linear() {
    // 40,000 levels without grades: 40,000 findings, each located under its
    // headings, half of them behind a suppression comment.
    let mut page = String::from("---\ntitle: x\n---\n\n## Levels\n\n");
    for i in 0..40_000 {
        if i % 2 == 0 {
            page.push_str("<!-- jflint-disable-next-line missing-grade -->\n");
        }
        page.push_str(&format!("### Engineer {i}\n\nText.\n\n"));
    }
    let (_dir, run) = check_page("content/job-families/many.md", page.as_bytes());
    assert_eq!(run.code, 1);
    assert_eq!(findings(&run, "missing-grade").len(), 20_000);
}

#[test]
fn many_hugo_refs_among_code_spans_stay_linear() {
    let page = "{{< ref \"a\" >}} `code` ".repeat(100_000);
    let (_dir, run) = check_page("refs.md", page.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stdout);
}
