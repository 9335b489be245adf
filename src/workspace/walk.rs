//! Finds the Markdown pages to check: `ignore`'s walker (honours .gitignore,
//! skips hidden files), Markdown only, config excludes applied, sorted.
//!
//! Symbolic links are not followed (as ripgrep and Hugo's content walk), so a
//! link loop cannot hang the walk. What the walker cannot read (a folder
//! without permission, an entry that vanished, a broken ignore file) is kept
//! as a [`Problem`] and reported, never dropped.

use std::path::{Path, PathBuf};

use crate::workspace::config::Config;

/// A path named on the command line that cannot be used.
#[derive(Debug)]
pub struct BadPath(pub PathBuf, pub std::io::Error);

/// Something under a walked folder that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Walk {
    /// The pages to check, sorted and without duplicates.
    pub files: Vec<PathBuf>,
    /// What could not be walked, in the order found.
    pub problems: Vec<Problem>,
}

/// Files named on the command line are checked whatever their extension;
/// folders are walked for Markdown files.
pub fn collect(paths: &[PathBuf], config: &Config) -> Result<Walk, BadPath> {
    let mut walk = Walk::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| BadPath(path.clone(), e))?;
        if !meta.is_dir() {
            if !config.is_excluded(path) {
                walk.files.push(path.clone());
            }
            continue;
        }
        let mut types = ignore::types::TypesBuilder::new();
        types.add_defaults();
        types.select("markdown");
        let walker = ignore::WalkBuilder::new(path)
            .types(types.build().expect("the built-in markdown type"))
            .require_git(false)
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    walk.problems.push(problem(&err, path));
                    continue;
                }
            };
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && !config.is_excluded(entry.path()) {
                walk.files.push(clean(entry.into_path()));
            }
        }
    }
    walk.files.sort();
    walk.files.dedup();
    Ok(walk)
}

/// The path an `ignore` error is about (or the walked root) and what went wrong.
pub fn problem(err: &ignore::Error, root: &Path) -> Problem {
    let mut path = None;
    let mut err = err;
    loop {
        match err {
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path = Some(p.clone());
                err = inner;
            }
            ignore::Error::WithDepth { err: inner, .. } => err = inner,
            ignore::Error::Partial(errs) if errs.len() == 1 => err = &errs[0],
            _ => break,
        }
    }
    let message = match err {
        ignore::Error::Loop { ancestor, child } => {
            path = Some(child.clone());
            format!("symbolic link loop back to {}", ancestor.display())
        }
        ignore::Error::Io(e) => format!("cannot read: {e}"),
        other => other.to_string(),
    };
    Problem {
        path: clean(path.unwrap_or_else(|| root.to_path_buf())),
        message,
    }
}

/// `./a/b.md` -> `a/b.md`, so reports and fingerprints do not depend on how
/// the path was spelled.
pub fn clean(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_errors_keep_their_path_and_reason() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let err = ignore::Error::WithDepth {
            depth: 2,
            err: Box::new(ignore::Error::WithPath {
                path: PathBuf::from("./site/private"),
                err: Box::new(ignore::Error::Io(denied)),
            }),
        };
        let p = problem(&err, Path::new("site"));
        assert_eq!(p.path, PathBuf::from("site/private"));
        assert!(p.message.starts_with("cannot read: "), "{}", p.message);
        assert!(p.message.to_lowercase().contains("permission denied"));

        let looped = ignore::Error::Loop {
            ancestor: PathBuf::from("site"),
            child: PathBuf::from("site/a/back"),
        };
        let p = problem(&looped, Path::new("site"));
        assert_eq!(p.path, PathBuf::from("site/a/back"));
        assert_eq!(p.message, "symbolic link loop back to site");
    }

    #[test]
    fn a_symlink_loop_does_not_hang_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.md"), "# Page\n").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), dir.path().join("again")).unwrap();
            std::os::unix::fs::symlink("self.md", dir.path().join("self.md")).unwrap();
        }
        let config = Config::builtin(dir.path().to_path_buf());
        let walk = collect(&[dir.path().to_path_buf()], &config).unwrap();
        assert_eq!(walk.files, [dir.path().join("page.md")]);
    }
}
