//! Finds the Markdown pages to check: `ignore`'s walker (honours .gitignore,
//! skips hidden files), Markdown only, config excludes applied, sorted.

use std::path::{Path, PathBuf};

use crate::config::Config;

#[derive(Debug)]
pub struct MissingPath(pub PathBuf);

/// Markdown file names jflint checks when walking folders.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Files named on the command line are checked whatever their extension;
/// folders are walked for Markdown files.
pub fn collect(paths: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>, MissingPath> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|_| MissingPath(path.clone()))?;
        if !meta.is_dir() {
            if !config.is_excluded(path) {
                files.push(path.clone());
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
        for entry in walker.flatten() {
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && !config.is_excluded(entry.path()) {
                files.push(clean(entry.into_path()));
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// `./a/b.md` -> `a/b.md`, so reports and fingerprints do not depend on how
/// the path was spelled.
pub fn clean(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path,
    }
}
