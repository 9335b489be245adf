//! The site index: every page under `content/`, its URL and its anchors, so
//! links between pages can be resolved the way Hugo resolves them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct PageEntry {
    pub path: PathBuf,
    pub anchors: HashSet<String>,
}

#[derive(Debug, Default)]
pub struct SiteIndex {
    pub root: PathBuf,
    /// URL (`/a/b/`) -> page.
    pub pages: HashMap<String, PageEntry>,
}

impl SiteIndex {
    /// The nearest ancestor of `start` (itself included) that holds `content/`.
    pub fn find_root(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .find(|dir| dir.join("content").is_dir())
            .map(Path::to_path_buf)
    }

    pub fn build(root: &Path) -> SiteIndex {
        SiteIndex {
            root: root.to_path_buf(),
            pages: HashMap::new(),
        }
    }
}
