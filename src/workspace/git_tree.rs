//! Pages at a git revision, read through the `git` command: which files a
//! revision holds under some folders, their text, and which of them the
//! working tree has renamed.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::workspace::changed::{GitError, git, resolve_commit};

/// A repository and one of its commits.
#[derive(Debug, Clone)]
pub struct Revision {
    /// The working tree's top folder.
    pub root: PathBuf,
    /// The revision as given (`main`, `HEAD~2`).
    pub name: String,
    /// The commit it names.
    pub commit: String,
}

impl Revision {
    /// The commit `name` in the repository that holds `dir`.
    pub fn open(dir: &Path, name: &str) -> Result<Revision, GitError> {
        if name.is_empty() || name.starts_with('-') {
            return Err(GitError(format!("`{name}` is not a git revision")));
        }
        let (root, commit) = resolve_commit(dir, name, "review", "revision")?;
        Ok(Revision {
            root,
            name: name.to_string(),
            commit,
        })
    }

    /// The files the revision holds at or under `prefix` (relative to the
    /// top folder, forward slashes; empty for the whole tree).
    pub fn files_under(&self, prefix: &str) -> Result<Vec<String>, GitError> {
        let mut args = vec!["ls-tree", "-r", "-z", "--name-only", &self.commit];
        if !prefix.is_empty() {
            args.extend(["--", prefix]);
        }
        let out =
            git(&self.root, &args).map_err(|e| GitError(format!("git ls-tree failed: {e}")))?;
        Ok(split_z(&out))
    }

    /// The text of each file at the revision, in order (`None` for a file
    /// that is not there or not UTF-8 text). One `git cat-file` for all.
    pub fn read(&self, files: &[String]) -> Result<Vec<Option<String>>, GitError> {
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let failed = |e: std::io::Error| GitError(format!("git cat-file failed: {e}"));
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch"])
            .env("GIT_OPTIONAL_LOCKS", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| GitError(format!("cannot run git: {e}")))?;
        let mut input = String::new();
        for file in files {
            input.push_str(&format!("{}:{file}\n", self.commit));
        }
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| GitError("git cat-file: no input".into()))?;
        // Written from a thread: git answers while it reads, and a full
        // pipe in each direction would otherwise stall both.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut reader = BufReader::new(
            child
                .stdout
                .take()
                .ok_or_else(|| GitError("git cat-file: no output".into()))?,
        );
        let mut texts = Vec::with_capacity(files.len());
        for _ in files {
            let mut header = String::new();
            reader.read_line(&mut header).map_err(failed)?;
            let fields: Vec<&str> = header.split_whitespace().collect();
            match fields.as_slice() {
                [_, "blob", size] => {
                    let size: usize = size
                        .parse()
                        .map_err(|_| GitError(format!("git cat-file: bad header `{header}`")))?;
                    let mut bytes = vec![0; size];
                    reader.read_exact(&mut bytes).map_err(failed)?;
                    let mut newline = [0u8; 1];
                    reader.read_exact(&mut newline).map_err(failed)?;
                    texts.push(
                        crate::site::files::page_text(
                            bytes,
                            crate::site::files::DEFAULT_MAX_PAGE_BYTES,
                        )
                        .ok(),
                    );
                }
                [_, _, size] => {
                    // Not a blob (a submodule, a folder): skip its content.
                    let size: u64 = size.parse().unwrap_or(0);
                    std::io::copy(&mut (&mut reader).take(size + 1), &mut std::io::sink())
                        .map_err(failed)?;
                    texts.push(None);
                }
                _ => texts.push(None), // "<name> missing"
            }
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(texts)
    }

    /// Files the working tree holds under another name than the revision
    /// did, as git's rename detection sees them: (old, new).
    pub fn renames(&self, prefixes: &[String]) -> Result<Vec<(String, String)>, GitError> {
        let mut args = vec![
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--no-ext-diff",
            "--no-textconv",
            "--diff-filter=R",
            &self.commit,
            "--",
        ];
        args.extend(
            prefixes
                .iter()
                .map(String::as_str)
                .filter(|p| !p.is_empty()),
        );
        let out = git(&self.root, &args).map_err(|e| GitError(format!("git diff failed: {e}")))?;
        // With only renames listed, every record is: status, old, new.
        let mut fields = split_z(&out).into_iter();
        let mut renames = Vec::new();
        while let (Some(status), Some(old), Some(new)) =
            (fields.next(), fields.next(), fields.next())
        {
            if status.starts_with('R') {
                renames.push((old, new));
            }
        }
        Ok(renames)
    }

    /// A path of the working tree relative to the top folder, with forward
    /// slashes (`None` outside the repository). The path need not exist.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let abs = std::path::absolute(path).ok()?;
        let existing = abs.ancestors().find(|a| a.exists())?;
        let real = std::fs::canonicalize(existing).ok()?;
        let rest = abs.strip_prefix(existing).ok()?;
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let rel = real.join(rest);
        let rel = rel.strip_prefix(&root).ok()?;
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                std::path::Component::ParentDir => {
                    parts.pop()?;
                }
                _ => {}
            }
        }
        Some(parts.join("/"))
    }
}

fn split_z(out: &[u8]) -> Vec<String> {
    out.split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| {
            crate::workspace::changed::path_from_bytes(s)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}
