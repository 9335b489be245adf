//! The site index: every page under `content/`, its URL and its anchors, so
//! links between pages can be resolved the way Hugo resolves them.
//!
//! Building the index must stay cheap next to linting one page, so pages are
//! not parsed with comrak here. The index reads each page's front matter (in
//! parallel) for the URLs it is served at; a page's anchors are read only
//! when a link first asks for them, since most pages are the target of no
//! anchored link in a run, with the light scanner of [`crate::site::scan`].

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, LazyLock, OnceLock};

use rayon::prelude::*;
use regex::Regex;

use crate::site::deps;
pub use crate::site::deps::IndexChange;
use crate::site::scan::{ScannedPage, front_matter_urls_of, scan_page};
use crate::site::shortcode::shortcode_anchors;

#[derive(Debug, Default)]
pub struct PageEntry {
    /// The page's file, relative to `content/`, with forward slashes (`a/b.md`).
    pub file: String,
    /// The URL Hugo serves it at, lower-case (`/a/b/`).
    pub url: String,
    /// The other URLs its front matter gives (`aliases`, `url`, `slug`), as
    /// written.
    aliases: Vec<String>,
    /// Filled on first use, from `source` (see `anchors`).
    anchors: OnceLock<PageAnchors>,
    /// The page's file and the site root (for included files); `None` when
    /// the anchors were given, or for a section page without a file.
    source: Option<(PathBuf, Arc<Path>)>,
    /// A section's list page that Hugo makes without a file.
    synthetic: bool,
}

/// A page the index is given rather than reads (see [`SiteIndex::from_known`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct KnownPage {
    pub file: String,
    pub aliases: Vec<String>,
    pub anchors: Option<PageAnchors>,
}

/// The anchors a link to a page can land on.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageAnchors {
    /// Heading anchors and HTML ids (those of included files too).
    pub set: HashSet<String>,
    /// False when a shortcode the index cannot expand (a data-driven table,
    /// a missing include) may add anchors to the page, or when the page could
    /// not be read.
    pub complete: bool,
}

impl PageEntry {
    /// The page's anchors, read from its file the first time they are asked
    /// for.
    pub fn anchors(&self) -> &PageAnchors {
        deps::note(|| deps::anchors_key(&self.file));
        self.anchors.get_or_init(|| {
            let Some((path, root)) = &self.source else {
                return PageAnchors::default();
            };
            match std::fs::read(path) {
                Ok(bytes) => anchors_of(scan_page(&String::from_utf8_lossy(&bytes)), root),
                Err(_) => PageAnchors::default(),
            }
        })
    }
}

fn anchors_of(scan: ScannedPage, root: &Path) -> PageAnchors {
    let mut set: HashSet<String> = scan.headings.into_iter().collect();
    set.extend(scan.html_ids);
    set.extend(scan.source_ids);
    let (extra, complete) = shortcode_anchors(Some(root), &scan.shortcodes);
    set.extend(extra);
    PageAnchors { set, complete }
}

#[derive(Debug, Default)]
pub struct SiteIndex {
    pub root: PathBuf,
    content: PathBuf,
    pages: Vec<PageEntry>,
    /// Lower-case URL (`/a/b/`, aliases included) -> page.
    by_url: HashMap<String, usize>,
    /// Hugo's logical path (`a/b`, no extension, `_index` folded) -> page.
    by_key: HashMap<String, usize>,
    /// Base name (`b`) -> page, `None` when several pages share it.
    by_name: HashMap<String, Option<usize>>,
    /// First URL segments the site serves (`handbook`, `job-families`).
    sections: HashSet<String>,
    has_static: bool,
}

/// What a link's target turned out to be.
#[derive(Debug)]
pub enum Resolved<'a> {
    /// A page of the site.
    Page(&'a PageEntry),
    /// A static file that exists.
    File,
    /// A page of this site that is not there (the resolved URL or ref).
    MissingPage(String),
    /// A file under a folder the site serves that is not there.
    MissingFile(String),
    /// Nothing the index can judge: another site's path, an ambiguous ref.
    Unknown,
}

impl SiteIndex {
    /// The nearest ancestor of `start` (itself included) that holds `content/`.
    pub fn find_root(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .find(|dir| dir.join("content").is_dir())
            .map(Path::to_path_buf)
    }

    /// Reads the front matter of every Markdown page under `root/content/`
    /// (in parallel); anchors are read later, as links need them.
    pub fn build(root: &Path) -> SiteIndex {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let content = root.join("content");
        let mut files = collect_markdown(&content);
        files.sort();
        let pages: Vec<KnownPage> = files
            .into_par_iter()
            .filter_map(|path| {
                let rel = path.strip_prefix(&content).ok()?;
                Some(KnownPage {
                    file: rel.to_string_lossy().replace('\\', "/"),
                    aliases: front_matter_urls_of(&path)?,
                    anchors: None,
                })
            })
            .collect();
        SiteIndex::from_known(&root, pages)
    }

    /// The Markdown files under `root/content/`, sorted.
    pub fn content_files(root: &Path) -> Vec<PathBuf> {
        let mut files = collect_markdown(&root.join("content"));
        files.sort();
        files
    }

    /// An index of known pages: each page's file under `content/`, its
    /// text (for the URLs its front matter adds) or the URLs themselves, and
    /// its anchors when they are known (otherwise read from the file when a
    /// link asks for them).
    pub fn from_known(root: &Path, pages: Vec<KnownPage>) -> SiteIndex {
        let content = root.join("content");
        let shared_root: Arc<Path> = Arc::from(root);
        let mut index = SiteIndex {
            root: root.to_path_buf(),
            content: content.clone(),
            has_static: root.join("static").is_dir(),
            ..SiteIndex::default()
        };
        for page in pages {
            let (anchors, source) = match page.anchors {
                Some(anchors) => (OnceLock::from(anchors), None),
                None => (
                    OnceLock::new(),
                    Some((content.join(&page.file), shared_root.clone())),
                ),
            };
            index.pages.push(PageEntry {
                url: SiteIndex::url_of(&page.file),
                file: page.file,
                aliases: page.aliases,
                anchors,
                source,
                synthetic: false,
            });
        }
        index.rebuild_maps();
        index
    }

    /// The index's pages as [`KnownPage`]s, with the anchors read so far.
    pub fn known_pages(&self) -> Vec<KnownPage> {
        self.pages
            .iter()
            .filter(|p| !p.synthetic)
            .map(|p| KnownPage {
                file: p.file.clone(),
                aliases: p.aliases.clone(),
                anchors: p.anchors.get().cloned(),
            })
            .collect()
    }

    /// An index of pages given as (path under `content/`, text), for tests
    /// and for callers that already hold the pages.
    pub fn from_pages<'a>(
        root: &Path,
        pages: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> SiteIndex {
        let pages = pages
            .into_iter()
            .map(|(rel, text)| {
                let mut scan = scan_page(text);
                KnownPage {
                    file: rel.to_string(),
                    aliases: std::mem::take(&mut scan.urls),
                    anchors: Some(anchors_of(scan, root)),
                }
            })
            .collect();
        SiteIndex::from_known(root, pages)
    }

    /// Recomputes every lookup table from the pages, in page order (the
    /// first page to claim a URL keeps it), and the list pages Hugo gives
    /// top-level folders.
    fn rebuild_maps(&mut self) {
        self.pages.retain(|p| !p.synthetic);
        self.by_url.clear();
        self.by_key.clear();
        self.by_name.clear();
        self.sections.clear();
        for id in 0..self.pages.len() {
            let key = page_key(&self.pages[id].file);
            if let Some(first) = section_of(&key) {
                self.sections.insert(first.to_string());
            }
            self.by_url.entry(self.pages[id].url.clone()).or_insert(id);
            let name = base_name(&key).unwrap_or("").to_string();
            self.by_key.entry(key).or_insert(id);
            if !name.is_empty() {
                self.by_name
                    .entry(name)
                    .and_modify(|v| {
                        if *v != Some(id) {
                            *v = None;
                        }
                    })
                    .or_insert(Some(id));
            }
            for alias in alias_urls(&self.pages[id]) {
                self.by_url.entry(alias).or_insert(id);
            }
        }
        // Hugo gives every top-level folder of `content/` a list page, with
        // or without an `_index.md`; its anchors come from templates.
        let mut sections: Vec<String> = self.sections.iter().cloned().collect();
        sections.sort();
        for section in sections {
            let url = key_url(&section);
            if self.by_url.contains_key(&url) || !self.content.join(&section).is_dir() {
                continue;
            }
            let id = self.pages.len();
            self.by_url.insert(url.clone(), id);
            self.by_key.insert(section.clone(), id);
            self.pages.push(PageEntry {
                file: format!("{section}/_index.md"),
                url,
                synthetic: true,
                ..PageEntry::default()
            });
        }
    }

    /// Gives the page `file` (under `content/`) this text, as an editor
    /// buffer does, adding the page if the index lacks it. Returns what the
    /// change can affect.
    pub fn set_page(&mut self, file: &str, text: &str) -> IndexChange {
        let mut scan = scan_page(text);
        let aliases = std::mem::take(&mut scan.urls);
        let anchors = anchors_of(scan, &self.root);
        self.replace_page(file, aliases, OnceLock::from(anchors), None)
    }

    /// Reads the page `file` from disk again (its buffer closed, or the file
    /// changed); a file that is gone leaves the index.
    pub fn reload_page(&mut self, file: &str) -> IndexChange {
        let path = self.content.join(file);
        match front_matter_urls_of(&path) {
            Some(aliases) => {
                let source = Some((path, Arc::from(self.root.as_path())));
                self.replace_page(file, aliases, OnceLock::new(), source)
            }
            None => self.remove_page(file),
        }
    }

    /// Takes the page `file` out of the index.
    pub fn remove_page(&mut self, file: &str) -> IndexChange {
        let Some(id) = self.position(file) else {
            return IndexChange::default();
        };
        let old = self.pages.remove(id);
        self.rebuild_maps();
        let mut keys = lookup_keys(&old);
        keys.push(deps::anchors_key(&old.file));
        IndexChange { keys }
    }

    fn position(&self, file: &str) -> Option<usize> {
        self.pages
            .iter()
            .position(|p| !p.synthetic && p.file == file)
    }

    fn replace_page(
        &mut self,
        file: &str,
        aliases: Vec<String>,
        anchors: OnceLock<PageAnchors>,
        source: Option<(PathBuf, Arc<Path>)>,
    ) -> IndexChange {
        let entry = PageEntry {
            file: file.to_string(),
            url: SiteIndex::url_of(file),
            aliases,
            anchors,
            source,
            synthetic: false,
        };
        match self.position(file) {
            Some(id) => {
                let old = std::mem::replace(&mut self.pages[id], entry);
                // Anchors nobody read cannot have changed a finding.
                let anchors_read = old.anchors.get().is_some();
                let same_anchors = anchors_read
                    && self.pages[id].anchors.get().is_some()
                    && old.anchors.get() == self.pages[id].anchors.get();
                let mut change = IndexChange::default();
                if anchors_read && !same_anchors {
                    change.keys.push(deps::anchors_key(file));
                }
                if old.aliases != self.pages[id].aliases {
                    change.keys.extend(lookup_keys(&old));
                    self.rebuild_maps();
                    change.keys.extend(lookup_keys(&self.pages[id]));
                }
                change
            }
            None => {
                let at = self
                    .pages
                    .iter()
                    .position(|p| p.synthetic || p.file.as_str() > file)
                    .unwrap_or(self.pages.len());
                let keys = lookup_keys(&entry);
                self.pages.insert(at, entry);
                self.rebuild_maps();
                IndexChange { keys }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    pub fn pages(&self) -> &[PageEntry] {
        &self.pages
    }

    /// The page at a URL (`/a/b/`, any case, aliases included).
    pub fn page_at(&self, url: &str) -> Option<&PageEntry> {
        let url = normalize_url(url)?;
        let page = self.by_url.get(&url).map(|&i| &self.pages[i]);
        deps::note(|| format!("u:{url}"));
        page
    }

    /// True if the site serves URLs starting with `/segment/`.
    pub fn has_section(&self, segment: &str) -> bool {
        let segment = segment.to_lowercase();
        let served = self.sections.contains(&segment);
        deps::note(|| format!("s:{segment}"));
        served
    }

    /// A page file's path relative to `content/` (forward slashes), if the
    /// file lies inside this site's content folder.
    pub fn content_path(&self, path: &Path) -> Option<String> {
        let rel = |p: &Path| {
            p.strip_prefix(&self.content)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        };
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(path)
        };
        rel(&lexical_clean(&absolute)).or_else(|| rel(&std::fs::canonicalize(path).ok()?))
    }

    /// The URL Hugo gives a page file (`a/b.md` -> `/a/b/`).
    pub fn url_of(content_path: &str) -> String {
        key_url(&page_key(content_path))
    }

    /// Resolves a Markdown link destination (no scheme, no fragment, no query,
    /// already percent-decoded) written on the page `from` (relative to
    /// `content/`, when the page is in the site).
    pub fn resolve_link(&self, from: Option<&str>, target: &str) -> Resolved<'_> {
        let mut candidates = Vec::new();
        if target.starts_with('/') {
            candidates.push(target.to_string());
        } else {
            let Some(from) = from else {
                return Resolved::Unknown;
            };
            // The browser resolves against the page's URL; authors also write
            // paths relative to the page's file (`../x.md`): either will do,
            // the file first for a `.md` path.
            let by_url = format!("{}{target}", SiteIndex::url_of(from));
            let dir = from.rfind('/').map_or("", |i| &from[..i]);
            let by_file = format!("/{dir}/{target}");
            let path = target.trim_end_matches('/');
            if path.ends_with(".md") || path.ends_with(".markdown") {
                candidates.extend([by_file, by_url]);
            } else {
                candidates.extend([by_url, by_file]);
            }
        }
        let Some(first) = clean_segments(&candidates[0]) else {
            return Resolved::Unknown;
        };
        let in_section = first.first().is_some_and(|s| self.has_section(s));
        if is_file_target(target) {
            for candidate in &candidates {
                let Some(segments) = clean_segments(candidate) else {
                    continue;
                };
                let rel = segments.join("/");
                deps::note(|| format!("f:{rel}"));
                if self.root.join("static").join(&rel).is_file()
                    || self.content.join(&rel).is_file()
                {
                    return Resolved::File;
                }
            }
            let served = in_section
                || first
                    .first()
                    .is_some_and(|s| self.root.join("static").join(s).is_dir());
            return if self.has_static && served {
                Resolved::MissingFile(format!("/{}", first.join("/")))
            } else {
                Resolved::Unknown
            };
        }
        for candidate in &candidates {
            if let Some(page) = self.page_at(candidate) {
                return Resolved::Page(page);
            }
        }
        match normalize_url(&candidates[0]) {
            Some(url) if in_section && url != "/" => Resolved::MissingPage(url),
            _ => Resolved::Unknown,
        }
    }

    /// Resolves the path of a Hugo `ref`/`relref` (fragment removed) the way
    /// Hugo does: relative to the page's folder, then from the content root,
    /// then by a unique base name. An ambiguous name is not judged.
    pub fn resolve_ref(&self, from: Option<&str>, target: &str) -> Resolved<'_> {
        let target = target.trim().to_lowercase();
        let target = target.trim_end_matches('/');
        if target.is_empty() {
            return Resolved::Unknown;
        }
        let lookup = |path: &str| {
            let segments = clean_segments(path)?;
            let key = page_key(&segments.join("/"));
            let page = self.by_key.get(&key).map(|&i| &self.pages[i]);
            deps::note(|| format!("k:{key}"));
            page
        };
        if !target.starts_with('/')
            && let Some(from) = from
        {
            let mut base = from.rfind('/').map_or("", |i| &from[..i]).to_lowercase();
            // A leaf bundle (`x/index.md`) resolves next to its folder.
            let leaf = from.rsplit('/').next() == Some("index.md");
            if leaf && !target.starts_with("../") {
                base = base.rfind('/').map_or("", |i| &base[..i]).to_string();
            }
            if let Some(page) = lookup(&format!("/{base}/{target}")) {
                return Resolved::Page(page);
            }
        }
        if let Some(page) = lookup(&format!("/{}", target.trim_start_matches('/'))) {
            return Resolved::Page(page);
        }
        if !target.contains('/') {
            let name = strip_page_extension(target);
            deps::note(|| format!("n:{name}"));
            match self.by_name.get(name) {
                Some(Some(i)) => return Resolved::Page(&self.pages[*i]),
                Some(None) => return Resolved::Unknown,
                None => {}
            }
        }
        Resolved::MissingPage(target.to_string())
    }
}

/// The URLs a page's front matter adds, normalised (a relative alias sits
/// next to the page).
fn alias_urls(page: &PageEntry) -> Vec<String> {
    page.aliases
        .iter()
        .filter_map(|alias| {
            let alias = if alias.starts_with('/') {
                alias.clone()
            } else {
                let parent = page.url.trim_end_matches('/');
                let parent = &parent[..parent.rfind('/').unwrap_or(0)];
                format!("{parent}/{alias}")
            };
            normalize_url(&alias)
        })
        .collect()
}

/// The lookups a page answers (see [`deps`]): a page that asked one of them
/// may resolve differently when this page comes, goes or moves.
/// The last segment of a logical path (`a/b` -> `b`): what a ref by base
/// name finds.
fn base_name(key: &str) -> Option<&str> {
    key.rsplit('/').next().filter(|n| !n.is_empty())
}

/// The first segment of a logical path: the section the page is served in.
fn section_of(key: &str) -> Option<&str> {
    key.split('/').next().filter(|s| !s.is_empty())
}

fn lookup_keys(page: &PageEntry) -> Vec<String> {
    let key = page_key(&page.file);
    let mut keys = vec![
        format!("u:{}", page.url),
        format!("k:{key}"),
        format!("f:{}", page.file),
    ];
    if let Some(name) = base_name(&key) {
        keys.push(format!("n:{name}"));
    }
    if let Some(first) = section_of(&key) {
        keys.push(format!("s:{first}"));
    }
    keys.extend(alias_urls(page).into_iter().map(|u| format!("u:{u}")));
    keys
}

/// Markdown files under `dir`, hidden entries skipped; folders are read in
/// parallel.
pub(crate) fn collect_markdown(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => folders.push(path),
            Ok(t) if t.is_symlink() && path.is_dir() => folders.push(path),
            Ok(_) if crate::site::files::is_markdown(&path) => files.push(path),
            _ => {}
        }
    }
    let nested: Vec<Vec<PathBuf>> = folders.par_iter().map(|f| collect_markdown(f)).collect();
    files.extend(nested.into_iter().flatten());
    files
}

/// Removes `.` and `..` components without touching the file system.
fn lexical_clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn strip_page_extension(name: &str) -> &str {
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".markdown"))
        .unwrap_or(name)
}

/// Hugo's logical path of a content file: `a/b.md` -> `a/b`,
/// `a/_index.md` and `a/index.md` -> `a`; lower-case.
fn page_key(content_path: &str) -> String {
    let lower = content_path.to_lowercase();
    let stem = strip_page_extension(&lower);
    let stem = match stem.rsplit_once('/') {
        Some((dir, "_index" | "index")) => dir,
        None if stem == "_index" || stem == "index" => "",
        _ => stem,
    };
    stem.trim_matches('/').to_string()
}

fn key_url(key: &str) -> String {
    if key.is_empty() {
        "/".to_string()
    } else {
        format!("/{key}/")
    }
}

/// Path segments with `.` and `..` applied; `None` if `..` climbs above the root.
fn clean_segments(path: &str) -> Option<Vec<&str>> {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out)
}

/// A URL path as a page URL: `/a/b`, `/a/b/index.html`, `/a/b.html`,
/// `/a/b.md` and `/a/b/_index.md` all become `/a/b/`; lower-case.
pub fn normalize_url(path: &str) -> Option<String> {
    let lower = path.to_lowercase();
    let mut segments = clean_segments(&lower)?;
    if let Some(last) = segments.pop() {
        // `x.md`, `x.html`, and the old site's `index.html.md` sources.
        let stem = strip_page_extension(last);
        let stem = stem
            .strip_suffix(".html")
            .or_else(|| stem.strip_suffix(".htm"))
            .unwrap_or(stem);
        if !matches!(stem, "" | "index" | "_index") {
            segments.push(stem);
        }
    }
    Some(key_url(&segments.join("/")))
}

/// True if the last segment names a file that is not a page (`x.png`, `y.pdf`).
fn is_file_target(target: &str) -> bool {
    let last = target
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => {
            let ext = ext.to_ascii_lowercase();
            ext.chars().all(|c| c.is_ascii_alphanumeric())
                && !matches!(ext.as_str(), "md" | "markdown" | "html" | "htm")
        }
        _ => false,
    }
}

/// Decodes `%XX` escapes (invalid UTF-8 is replaced).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A full URL to one of the site's own sections (handbook, job families,
/// TeamOps) on the handbook's hosts, old or new.
static SITE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:https?)://(?i:www\.)?(?i:handbook|about)\.gitlab\.com(/(?:handbook|job-families|teamops)(?:[/?#].*)?)$",
    )
    .expect("valid regex")
});

/// The root-relative form of a full URL to one of the site's own pages.
pub fn relative_form(url: &str) -> Option<&str> {
    SITE_URL
        .captures(url)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}
#[cfg(test)]
mod tests;
