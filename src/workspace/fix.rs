//! Applying fixes: the edits that rules attach to their findings.
//!
//! One pass sorts the fixes, keeps those that do not overlap an earlier one
//! (the others wait for the next pass) and applies them in a single sweep
//! over the text. The page is then linted again, and passes repeat until
//! nothing changes or [`MAX_PASSES`] is reached.
//!
//! Writing never loses data: the fixed text goes to a temporary file in the
//! page's folder, takes the original's permissions, and is renamed over the
//! original only if the original still holds the text that was fixed.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::report::outcome::{FileReport, Outcome};
use crate::rules::diagnostic::{Applicability, Fix, apply_fixes};
use crate::workspace::engine::{Engine, RunError, Settings};
use crate::workspace::walk;

/// Passes before the fixer gives up on a page whose fixes keep changing it.
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply, and whether to write the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixMode {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Write fixed pages back; otherwise only compute them (`--diff`).
    pub write: bool,
}

impl FixMode {
    fn allows(self, fix: &Fix) -> bool {
        fix.applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// A page after fixing.
#[derive(Debug)]
pub struct PageFix {
    pub text: String,
    /// Fixes applied, over all passes.
    pub applied: usize,
    /// False when fixes were still pending after [`MAX_PASSES`] passes.
    pub converged: bool,
    /// What remains in `text`.
    pub report: FileReport,
}

/// Fixes `text` as the page at `path`: applies fixes and lints again until
/// nothing changes.
pub fn fix_text(engine: &Engine, path: &Path, text: String, mode: FixMode) -> PageFix {
    let mut text = text;
    let mut report = engine.lint_text(path, text.clone());
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let fixes = report
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .filter(|f| mode.allows(f));
        let (fixed, n) = apply_fixes(&text, fixes);
        if n == 0 || fixed == text {
            break;
        }
        applied += n;
        text = fixed;
        report = engine.lint_text(path, text.clone());
    }
    let pending = report
        .findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .any(|f| mode.allows(f) && apply_fixes(&text, [f]).1 > 0);
    PageFix {
        text,
        applied,
        converged: !pending,
        report,
    }
}

/// What happened to one file.
#[derive(Debug)]
pub enum FixStatus {
    /// Nothing to fix (or not a readable page).
    Clean,
    /// Fixed and written.
    Written,
    /// Fixed, not written (`--diff`, standard input).
    Pending,
    /// The file changed on disk while it was being fixed: left alone.
    ChangedOnDisk,
    /// The fixed text could not be written: the original is intact.
    WriteFailed(WriteError),
}

/// One file's fixes, for the summary, warnings and diffs.
#[derive(Debug)]
pub struct FileFix {
    pub path: PathBuf,
    pub display: String,
    pub original: String,
    pub fixed: String,
    pub applied: usize,
    pub converged: bool,
    pub status: FixStatus,
}

impl FileFix {
    /// Unified diff of the fixes (empty when nothing changed).
    pub fn diff(&self) -> String {
        unified_diff(&self.display, &self.original, &self.fixed)
    }
}

/// The result of a fixing run: the findings that remain, and per file what
/// was fixed.
#[derive(Debug, Default)]
pub struct FixRun {
    pub outcome: Outcome,
    pub files: Vec<FileFix>,
}

impl FixRun {
    /// Files whose fixes were written (or, without writing, would be).
    pub fn changed(&self) -> impl Iterator<Item = &FileFix> {
        self.files
            .iter()
            .filter(|f| matches!(f.status, FixStatus::Written | FixStatus::Pending))
    }

    /// "Fixed 3 findings in 2 files" ("Would fix …" when nothing is written),
    /// or `None` when there was nothing to fix.
    pub fn summary(&self, written: bool) -> Option<String> {
        let findings: usize = self.changed().map(|f| f.applied).sum();
        let files = self.changed().count();
        if findings == 0 {
            return None;
        }
        let verb = if written { "Fixed" } else { "Would fix" };
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        Some(format!(
            "{verb} {} in {}",
            plural(findings, "finding"),
            plural(files, "file")
        ))
    }

    /// True when a file could not be written.
    pub fn has_write_errors(&self) -> bool {
        self.files
            .iter()
            .any(|f| matches!(f.status, FixStatus::WriteFailed(_)))
    }
}

/// Walks the paths, fixes every page and reports what remains.
pub fn run(settings: Settings, mode: FixMode) -> Result<(Engine, FixRun), RunError> {
    let walk = walk::collect(&settings.paths, &settings.config)?;
    let engine = Engine::from_settings(settings);
    let run = fix_files(&engine, &walk.files, mode);
    Ok((engine, run))
}

/// Fixes the pages in parallel; results come back in path order.
pub fn fix_files(engine: &Engine, files: &[PathBuf], mode: FixMode) -> FixRun {
    let results: Vec<(FileReport, Option<FileFix>)> = files
        .par_iter()
        .map(|path| fix_file(engine, path, mode))
        .collect();
    let mut run = FixRun::default();
    for (report, fix) in results {
        run.outcome.files.push(report);
        run.files.extend(fix);
    }
    run
}

fn fix_file(engine: &Engine, path: &Path, mode: FixMode) -> (FileReport, Option<FileFix>) {
    let bytes = match crate::site::files::read_bytes(path, engine.config.max_page_bytes) {
        Ok(bytes) => bytes,
        Err(problem) => return (engine.unreadable(path, problem), None),
    };
    let (report, fix) = fix_bytes(engine, path, bytes, mode);
    let Some(mut fix) = fix else {
        return (report, None);
    };
    if !mode.write || matches!(fix.status, FixStatus::Clean) {
        return (report, Some(fix));
    }
    match write_fixed(path, &fix.original, &fix.fixed) {
        Ok(()) => {
            fix.status = FixStatus::Written;
            (report, Some(fix))
        }
        Err(e) => {
            fix.status = match e {
                WriteError::ChangedOnDisk => FixStatus::ChangedOnDisk,
                e => FixStatus::WriteFailed(e),
            };
            // Nothing was written: report the findings of the text on disk.
            let report = engine.lint_path(path);
            (report, Some(fix))
        }
    }
}

/// Fixes a page given as bytes (a file's content, or standard input) without
/// writing anything. Bytes that are not a readable page are only reported.
pub fn fix_bytes(
    engine: &Engine,
    path: &Path,
    bytes: Vec<u8>,
    mode: FixMode,
) -> (FileReport, Option<FileFix>) {
    let text = match crate::site::files::page_text(bytes, engine.config.max_page_bytes) {
        Ok(text) => text,
        Err(problem) => return (engine.unreadable(path, problem), None),
    };
    let page = fix_text(engine, path, text.clone(), mode);
    let status = if page.text == text {
        FixStatus::Clean
    } else {
        FixStatus::Pending
    };
    let fix = FileFix {
        path: path.to_path_buf(),
        display: page.report.display.clone(),
        original: text,
        fixed: page.text,
        applied: page.applied,
        converged: page.converged,
        status,
    };
    (page.report, Some(fix))
}

/// Why a fixed page was not written. The original is intact in every case.
#[derive(Debug)]
pub enum WriteError {
    /// The file no longer holds the text that was fixed.
    ChangedOnDisk,
    ReadOnly,
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::ChangedOnDisk => f.write_str("the file changed on disk while being fixed"),
            WriteError::ReadOnly => f.write_str("the file is read-only"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Replaces the file at `path`, which held `original` when it was read, with
/// `fixed`: through a temporary file in the same folder, renamed over the
/// original, with the original's permissions. A symbolic link is followed, so
/// the link stays a link.
pub fn write_fixed(path: &Path, original: &str, fixed: &str) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(fixed.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    keep_owner(tmp.path(), &meta);
    // Checked last, just before the rename: a file edited meanwhile is left alone.
    if changed_on_disk(&target, original)? {
        return Err(WriteError::ChangedOnDisk);
    }
    tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// True when the file no longer holds `original`.
pub fn changed_on_disk(path: &Path, original: &str) -> io::Result<bool> {
    let meta = std::fs::metadata(path)?;
    if meta.len() != original.len() as u64 {
        return Ok(true);
    }
    Ok(std::fs::read(path)? != original.as_bytes())
}

/// Gives the new file the original's owner, where allowed (best effort: an
/// unprivileged user can only own what it writes, which is then the same).
#[cfg(unix)]
fn keep_owner(path: &Path, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::chown(path, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::Metadata) {}

/// A unified diff (`--- a/path`, `+++ b/path`, three lines of context), or
/// an empty string when the texts are equal.
pub fn unified_diff(display: &str, original: &str, fixed: &str) -> String {
    if original == fixed {
        return String::new();
    }
    similar::TextDiff::from_lines(original, fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;
    use crate::rules::diagnostic::Edit;

    fn edit(range: Range<usize>, replacement: &str) -> Fix {
        Fix::safe(range, replacement)
    }

    #[test]
    fn applies_sorted_edits_in_one_pass() {
        let text = "one two three";
        let fixes = [edit(8..13, "THREE"), edit(0..3, "ONE")];
        assert_eq!(apply_fixes(text, &fixes), ("ONE two THREE".to_string(), 2));
    }

    #[test]
    fn an_overlapping_fix_waits_for_the_next_pass() {
        let text = "abcdef";
        let fixes = [edit(1..4, "X"), edit(3..5, "Y"), edit(5..6, "Z")];
        assert_eq!(apply_fixes(text, &fixes), ("aXeZ".to_string(), 2));
    }

    #[test]
    fn adjacent_deletions_both_apply_and_duplicates_apply_once() {
        // `the the the`: two findings, touching deletions.
        let text = "the the the end";
        let fixes = [edit(3..7, ""), edit(7..11, ""), edit(7..11, "")];
        assert_eq!(apply_fixes(text, &fixes), ("the end".to_string(), 3));
    }

    #[test]
    fn a_fix_is_applied_whole_or_not_at_all() {
        let text = "abcdef";
        let both = Fix {
            edits: vec![
                Edit {
                    range: 0..1,
                    replacement: "A".into(),
                },
                Edit {
                    range: 4..5,
                    replacement: "E".into(),
                },
            ],
            applicability: Applicability::Safe,
        };
        let first = edit(3..5, "Z");
        // `first` sorts after `both` (by first edit), and clashes with its second edit.
        assert_eq!(
            apply_fixes(text, [&both, &first]),
            ("AbcdEf".to_string(), 1)
        );
    }

    #[test]
    fn invalid_and_empty_fixes_are_ignored() {
        let text = "é!";
        let fixes = [
            edit(1..2, "x"),
            edit(5..9, "x"),
            edit(0..2, "é"),
            Fix {
                edits: vec![],
                applicability: Applicability::Safe,
            },
        ];
        assert_eq!(apply_fixes(text, &fixes), (text.to_string(), 0));
    }

    #[test]
    fn two_insertions_at_one_place_clash() {
        let fixes = [edit(1..1, "X"), edit(1..1, "Y")];
        assert_eq!(apply_fixes("ab", &fixes), ("aXb".to_string(), 1));
    }

    #[test]
    fn diff_has_git_headers() {
        let diff = unified_diff("p.md", "a\nb\n", "a\nc\n");
        assert!(diff.starts_with("--- a/p.md\n+++ b/p.md\n"), "{diff}");
        assert!(diff.contains("-b\n+c\n"), "{diff}");
        assert_eq!(unified_diff("p.md", "same", "same"), "");
    }
}
