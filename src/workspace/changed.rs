//! `--changed-since REF`: the files changed since a git reference, asked of
//! the `git` command.
//!
//! "Changed" means different from the merge base of REF and HEAD in the
//! working tree: commits on the branch since it left REF, staged and unstaged
//! edits, and untracked files that are not ignored. A page edited only in the
//! working tree is checked before it is committed, and a merge request's pages
//! are the same set locally and in CI. Deleted files are not listed (there is
//! nothing to check).

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug)]
pub struct GitError(pub String);

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GitError {}

/// Files changed since a reference, as canonical absolute paths.
#[derive(Debug, Default)]
pub struct ChangedFiles {
    pub repo_root: PathBuf,
    /// The merge base of the reference and HEAD.
    pub base: String,
    files: HashSet<PathBuf>,
}

impl ChangedFiles {
    /// Whether `path` (as walked, relative or absolute) is among the changed files.
    pub fn contains(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|p| self.files.contains(&p))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Runs `git` in `dir`'s repository to list the files changed since `reference`.
pub fn changed_since(dir: &Path, reference: &str) -> Result<ChangedFiles, GitError> {
    if reference.is_empty() || reference.starts_with('-') {
        return Err(GitError(format!(
            "`{reference}` is not a git reference for --changed-since"
        )));
    }
    let (repo_root, commit) = resolve_commit(dir, reference, "--changed-since", "reference")?;
    let commit = commit.as_str();
    let base = git(&repo_root, &["merge-base", commit, "HEAD"]).map_err(|e| {
        GitError(format!(
            "no merge base of `{reference}` and HEAD (in a shallow clone, fetch more history): {e}"
        ))
    })?;
    let base = String::from_utf8_lossy(&base).trim().to_string();
    let diff = git(
        &repo_root,
        &[
            "diff",
            "--name-only",
            "-z",
            "--no-ext-diff",
            "--no-textconv",
            "--diff-filter=d",
            &base,
            "--",
        ],
    )
    .map_err(|e| GitError(format!("git diff failed: {e}")))?;
    let untracked = git(
        &repo_root,
        &["ls-files", "--others", "--exclude-standard", "-z"],
    )
    .map_err(|e| GitError(format!("git ls-files failed: {e}")))?;
    let files = diff
        .split(|&b| b == 0)
        .chain(untracked.split(|&b| b == 0))
        .filter(|name| !name.is_empty())
        .filter_map(|name| std::fs::canonicalize(repo_root.join(path_from_bytes(name))).ok())
        .collect();
    Ok(ChangedFiles {
        repo_root,
        base,
        files,
    })
}

/// A path as git prints it with `-z` (bytes, no quoting).
#[cfg(unix)]
pub(crate) fn path_from_bytes(name: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(name))
}

#[cfg(not(unix))]
pub(crate) fn path_from_bytes(name: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(name).into_owned())
}

/// Runs one git command; stdout on success, stderr's first line otherwise.
/// The top folder of the repository that holds `dir`, and the commit `name`
/// names in it. `who` says which command needs them, `what` what `name` is
/// (a "revision", a "reference"), for the errors.
pub(crate) fn resolve_commit(
    dir: &Path,
    name: &str,
    who: &str,
    what: &str,
) -> Result<(PathBuf, String), GitError> {
    let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        GitError(format!(
            "{who} needs a git repository: {} is not in one ({e})",
            dir.display()
        ))
    })?;
    let top = String::from_utf8_lossy(&top);
    let root = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    let commit = git(
        &root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{name}^{{commit}}"),
        ],
    )
    .map_err(|_| GitError(format!("unknown git {what} `{name}`")))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    Ok((root, commit))
}

pub(crate) fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.lines().next().unwrap_or("").trim();
    Err(if first.is_empty() {
        format!("git {} exited with {}", args.join(" "), output.status)
    } else {
        first.to_string()
    })
}
