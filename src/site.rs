//! The site index: every page under `content/`, its URL and its anchors, so
//! links between pages can be resolved the way Hugo resolves them.
//!
//! Building the index must stay cheap next to linting one page, so pages are
//! not parsed with comrak here. The index reads each page's front matter (in
//! parallel) for the URLs it is served at; a page's anchors are read only
//! when a link first asks for them, since most pages are the target of no
//! anchored link in a run. The file is then scanned line by line for headings
//! and HTML ids. The scanner follows the
//! CommonMark block structure only as far as headings need it (front matter,
//! fenced code, HTML blocks, setext underlines), and the heading text is
//! flattened the way [`crate::document::Document`] does it before being slugged
//! by the same `comrak::Anchorizer`, so both give a page the same anchors.
//! Where a heading holds markup, the id Hugo's renderer makes from its source
//! ([`source_slug`]) is kept as well.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, LazyLock, OnceLock};

use rayon::prelude::*;
use regex::Regex;

use crate::document::split_heading_attributes;

#[derive(Debug, Default)]
pub struct PageEntry {
    /// The page's file, relative to `content/`, with forward slashes (`a/b.md`).
    pub file: String,
    /// The URL Hugo serves it at, lower-case (`/a/b/`).
    pub url: String,
    /// Filled on first use, from `source` (see `anchors`).
    anchors: OnceLock<PageAnchors>,
    /// The page's file and the site root (for included files); `None` when
    /// the anchors were given, or for a section page without a file.
    source: Option<(PathBuf, Arc<Path>)>,
}

/// The anchors a link to a page can land on.
#[derive(Debug, Default)]
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

/// A page as the index learns it: its file under `content/`, the URLs its
/// front matter adds, and where its anchors come from.
struct IndexedPage {
    file: String,
    urls: Vec<String>,
    anchors: Anchors,
}

enum Anchors {
    /// Read from this file when first asked for.
    Later(PathBuf),
    /// Scanned already.
    Scanned(Box<ScannedPage>),
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
        let pages: Vec<IndexedPage> = files
            .into_par_iter()
            .filter_map(|path| {
                let rel = path.strip_prefix(&content).ok()?;
                let file = rel.to_string_lossy().replace('\\', "/");
                let urls = front_matter_urls_of(&path)?;
                Some(IndexedPage {
                    file,
                    urls,
                    anchors: Anchors::Later(path),
                })
            })
            .collect();
        let mut index = SiteIndex::from_indexed(&root, pages);
        index.has_static = root.join("static").is_dir();
        index
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
                IndexedPage {
                    file: rel.to_string(),
                    urls: std::mem::take(&mut scan.urls),
                    anchors: Anchors::Scanned(Box::new(scan)),
                }
            })
            .collect();
        SiteIndex::from_indexed(root, pages)
    }

    fn from_indexed(root: &Path, pages: Vec<IndexedPage>) -> SiteIndex {
        let mut index = SiteIndex {
            root: root.to_path_buf(),
            content: root.join("content"),
            ..SiteIndex::default()
        };
        let shared_root: Arc<Path> = Arc::from(root);
        for page in pages {
            let file = page.file;
            let key = page_key(&file);
            let url = key_url(&key);
            let id = index.pages.len();
            if let Some(first) = key.split('/').next().filter(|s| !s.is_empty()) {
                index.sections.insert(first.to_string());
            }
            index.by_url.entry(url.clone()).or_insert(id);
            index.by_key.entry(key.clone()).or_insert(id);
            let name = key.rsplit('/').next().unwrap_or("").to_string();
            if !name.is_empty() {
                index
                    .by_name
                    .entry(name)
                    .and_modify(|v| {
                        if *v != Some(id) {
                            *v = None;
                        }
                    })
                    .or_insert(Some(id));
            }
            for alias in &page.urls {
                let alias = if alias.starts_with('/') {
                    alias.clone()
                } else {
                    // A relative alias or slug sits next to the page.
                    let parent = url.trim_end_matches('/');
                    let parent = &parent[..parent.rfind('/').unwrap_or(0)];
                    format!("{parent}/{alias}")
                };
                if let Some(alias) = normalize_url(&alias) {
                    index.by_url.entry(alias).or_insert(id);
                }
            }
            let (anchors, source) = match page.anchors {
                Anchors::Later(path) => (OnceLock::new(), Some((path, shared_root.clone()))),
                Anchors::Scanned(scan) => (OnceLock::from(anchors_of(*scan, root)), None),
            };
            index.pages.push(PageEntry {
                file,
                url,
                anchors,
                source,
            });
        }
        // Hugo gives every top-level folder of `content/` a list page, with
        // or without an `_index.md`; its anchors come from templates.
        let mut sections: Vec<String> = index.sections.iter().cloned().collect();
        sections.sort();
        for section in sections {
            let url = key_url(&section);
            if index.by_url.contains_key(&url) || !index.content.join(&section).is_dir() {
                continue;
            }
            let id = index.pages.len();
            index.by_url.insert(url.clone(), id);
            index.by_key.insert(section.clone(), id);
            index.pages.push(PageEntry {
                file: format!("{section}/_index.md"),
                url,
                ..PageEntry::default()
            });
        }
        index
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
        self.by_url.get(&url).map(|&i| &self.pages[i])
    }

    /// True if the site serves URLs starting with `/segment/`.
    pub fn has_section(&self, segment: &str) -> bool {
        self.sections.contains(&segment.to_lowercase())
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
            self.by_key.get(&key).map(|&i| &self.pages[i])
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
            match self.by_name.get(name) {
                Some(Some(i)) => return Resolved::Page(&self.pages[*i]),
                Some(None) => return Resolved::Unknown,
                None => {}
            }
        }
        Resolved::MissingPage(target.to_string())
    }
}

/// Markdown files under `dir`, hidden entries skipped; folders are read in
/// parallel.
fn collect_markdown(dir: &Path) -> Vec<PathBuf> {
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
            Ok(_) if crate::walk::is_markdown(&path) => files.push(path),
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

/// What the index keeps of one page's text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ScannedPage {
    /// Heading anchors in document order (explicit `{#id}` or slug).
    pub headings: Vec<String>,
    /// Ids given by HTML `id=` / `name=` attributes.
    pub html_ids: Vec<String>,
    /// The ids Hugo derives from heading sources where they differ from the
    /// heading anchors ([`source_slug`]).
    pub source_ids: Vec<String>,
    /// Other URLs the page is served at (front matter `aliases`, `url`, `slug`).
    pub urls: Vec<String>,
    /// Shortcodes the page calls (closing tags left out).
    pub shortcodes: Vec<Shortcode>,
}

/// A Hugo shortcode call: `{{< name "arg" >}}` or `{{% name "arg" %}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    /// The first quoted argument, if any.
    pub arg: Option<String>,
}

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]-?\s*(/?[A-Za-z0-9_.-][A-Za-z0-9_./-]*)(?:\s+"([^"]*)")?"#)
        .expect("valid regex")
});

/// Shortcodes that wrap or embed content without adding anchors of their own.
const PLAIN_SHORTCODES: &[&str] = &[
    "alert",
    "card",
    "cardpane",
    "details",
    "figure",
    "gist",
    "highlight",
    "label",
    "member-and-role-by-gitlab",
    "member-by-gitlab",
    "member-by-name",
    "note",
    "pageinfo",
    "panel",
    "param",
    "ref",
    "relref",
    "tab",
    "tabs",
    "tweet",
    "vimeo",
    "youtube",
];

/// The shortcodes a page calls, in order (Hugo expands them everywhere, code
/// blocks included; `{{</* x */>}}` is an escaped one and not a call).
pub fn shortcodes(text: &str) -> Vec<Shortcode> {
    if !text.contains("{{") {
        return Vec::new();
    }
    SHORTCODE
        .captures_iter(text)
        .filter(|c| !c[1].starts_with('/'))
        .map(|c| Shortcode {
            name: c[1].to_string(),
            arg: c.get(2).map(|a| a.as_str().to_string()),
        })
        .collect()
}

/// Anchors that a page's shortcodes add, and whether those are all known:
/// plain shortcodes add none, an `include` adds the anchors of the included
/// file when it can be found under the site root; anything else is unknown.
pub fn shortcode_anchors(root: Option<&Path>, calls: &[Shortcode]) -> (Vec<String>, bool) {
    let mut anchors = Vec::new();
    let mut complete = true;
    for call in calls {
        if PLAIN_SHORTCODES.contains(&call.name.as_str()) {
            continue;
        }
        let included = match (call.name.as_str(), &call.arg, root) {
            ("include", Some(file), Some(root)) => {
                let file = file.trim_start_matches('/');
                [root.join(file), root.join("content").join(file)]
                    .iter()
                    .find_map(|p| std::fs::read_to_string(p).ok())
            }
            _ => None,
        };
        match included {
            Some(text) => {
                let scan = scan_page(&text);
                anchors.extend(scan.headings);
                anchors.extend(scan.html_ids);
                anchors.extend(scan.source_ids);
            }
            None => complete = false,
        }
    }
    (anchors, complete)
}

/// A cheap test for a page that may give HTML ids at all.
static HTML_ID_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:id|name)\s*=").expect("valid regex"));
static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']"#).expect("valid regex")
});

/// HTML block starts that end at a blank line (CommonMark types 6 and 7 are
/// approximated by "a line that starts with a tag").
static HTML_BLOCK_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^</?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)").expect("valid regex"));

/// Block-level tag names (CommonMark type 6): these start an HTML block even
/// inside a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HtmlEnd {
    /// Ends at a blank line.
    Blank,
    /// Ends on the line holding this text (`-->`, `</pre>`).
    Marker(&'static str),
}

/// An open fenced code block.
#[derive(Debug, Clone, Copy)]
struct Fence {
    ch: u8,
    len: usize,
    indent: usize,
    quoted: bool,
}

/// Scans a page for what the index needs, without a Markdown parse.
pub fn scan_page(text: &str) -> ScannedPage {
    let mut page = ScannedPage::default();
    let body_start = front_matter_end(text, &mut page.urls);
    page.shortcodes = shortcodes(&text[body_start..]);
    let mut anchorizer = comrak::Anchorizer::new();
    let mut fence: Option<Fence> = None;
    let mut html: Option<HtmlEnd> = None;
    // Lines of the open paragraph, if it can still become a setext heading.
    let mut para: Vec<&str> = Vec::new();
    // The open paragraph is not a plain one (a list item's, a table's).
    let mut para_other = false;
    // The open paragraph is inside a block quote: only a quoted underline
    // makes it a heading.
    let mut para_quoted = false;
    let mut in_list = false;
    let body = &text[body_start..];
    // Most pages give no HTML ids: the per-line search is skipped for them.
    let ids = HTML_ID_HINT.is_match(body);
    let mut ids_out = Vec::new();
    let mut html_ids = ids.then_some(&mut ids_out);
    let mut start = 0;
    while start < body.len() {
        let end =
            memchr::memchr(b'\n', &body.as_bytes()[start..]).map_or(body.len(), |i| start + i);
        let raw = &body[start..end];
        start = end + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(open) = fence {
            let (inner, quoted) = strip_quotes(line);
            if open.quoted && !quoted {
                // The quote ended, and the code block with it.
                fence = None;
            } else {
                let t = inner.trim_start();
                let run = t.bytes().take_while(|&b| b == open.ch).count();
                // A closing fence may be indented up to 3 columns more than
                // the opening one (a fence in a list item); deeper runs of
                // backticks are content (a fence shown inside a fence).
                if run >= open.len
                    && t[run..].trim().is_empty()
                    && indent_width(inner) <= open.indent + 3
                {
                    fence = None;
                }
                continue;
            }
        }
        if let Some(end) = html {
            scan_html_ids(line, html_ids.as_deref_mut());
            match end {
                HtmlEnd::Blank if line.trim().is_empty() => html = None,
                HtmlEnd::Marker(m) if contains_ignore_case(line, m) => html = None,
                _ => {}
            }
            continue;
        }
        if line.trim().is_empty() {
            para.clear();
            para_other = false;
            continue;
        }
        if line.as_bytes()[0].is_ascii_alphabetic() {
            // Fast path for the common case, a line of prose at the margin:
            // it cannot open any block, so it only extends the paragraph.
            if para.is_empty() {
                in_list = false;
                para_quoted = false;
            }
            scan_html_ids(line, html_ids.as_deref_mut());
            para.push(line);
            continue;
        }
        let indent = indent_width(line);
        let (stripped, quoted) = strip_quotes(line);
        let content = stripped.trim_start();
        let block_indent = if quoted { 0 } else { indent };
        if block_indent >= 4 && para.is_empty() && !para_other && !in_list {
            continue; // indented code
        }
        if !line.starts_with([' ', '\t']) && !is_list_item(content) && para.is_empty() {
            in_list = false;
        }
        let structural = block_indent < 4 || in_list;
        if structural && let Some((ch, len)) = fence_open(content) {
            fence = Some(Fence {
                ch,
                len,
                indent: indent_width(stripped),
                quoted,
            });
            para.clear();
            continue;
        }
        if structural && content.starts_with('<') {
            if let Some(end) = html_block_start(content, !para.is_empty()) {
                scan_html_ids(content, html_ids.as_deref_mut());
                para.clear();
                para_other = false;
                let lower = content.to_ascii_lowercase();
                let done = match end {
                    HtmlEnd::Marker("-->") => lower[4..].contains("-->"),
                    HtmlEnd::Marker(m) => lower.contains(m),
                    HtmlEnd::Blank => false,
                };
                if !done {
                    html = Some(end);
                }
                continue;
            }
        }
        scan_html_ids(content, html_ids.as_deref_mut());
        if structural && let Some(h) = atx_heading(content) {
            push_heading(&mut page, &mut anchorizer, h);
            para.clear();
            para_other = false;
            continue;
        }
        if block_indent < 4
            && !para.is_empty()
            && !para_other
            && para_quoted == quoted
            && setext_underline(content)
        {
            let joined: Vec<&str> = para.iter().map(|l| l.trim()).collect();
            let joined = joined.join(" ");
            push_heading(&mut page, &mut anchorizer, &joined);
            para.clear();
            continue;
        }
        if structural && is_thematic_break(content) {
            para.clear();
            para_other = false;
            continue;
        }
        if is_list_item(content) && block_indent < 4 {
            in_list = true;
            para.clear();
            para_other = true;
            // A heading can open a list item: `- ## Title`.
            let item = list_item_content(content);
            if let Some(h) = atx_heading(item) {
                push_heading(&mut page, &mut anchorizer, h);
                para_other = false;
            }
            continue;
        }
        if is_table_delimiter(content)
            && para
                .last()
                .is_some_and(|header| table_cells(header) == table_cells(content))
        {
            // The paragraph's last line was a table header: a table, not
            // text a setext underline could turn into a heading.
            para_other = true;
        }
        if para.is_empty() {
            para_quoted = quoted;
        }
        para.push(content);
    }
    page.html_ids = ids_out;
    page
}

fn push_heading(page: &mut ScannedPage, anchorizer: &mut comrak::Anchorizer, raw: &str) {
    let (text, id) = split_heading_attributes(raw);
    let anchor = match id {
        Some(id) => id,
        None => {
            let anchor = anchorizer.anchorize(&slug_text(text));
            let source = source_slug(text);
            if !source.is_empty() && source != anchor {
                page.source_ids.push(source);
            }
            anchor
        }
    };
    page.headings.push(anchor);
}

/// The id Hugo's Markdown renderer (goldmark) gives a heading: its source,
/// markup included, with spaces and `-` as `-`, letters, digits and `_` in
/// lower case, and everything else dropped. It differs from the slug of the
/// heading's text where the heading holds HTML or a link
/// (`<i class="fas fa-rocket"></i> Vision` gives `i-classfas-fa-rocketi-vision`),
/// and handbook links use it.
pub fn source_slug(source: &str) -> String {
    source
        .trim()
        .chars()
        .filter_map(|c| match c {
            '-' | ' ' | '\t' => Some('-'),
            c if c == '_' || c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// `needle` (ASCII lower-case) occurs in `haystack`, ignoring ASCII case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn scan_html_ids(line: &str, out: Option<&mut Vec<String>>) {
    let Some(out) = out else {
        return;
    };
    // Most lines hold no `=`; the capturing regex is only run on the rest.
    let bytes = line.as_bytes();
    if memchr::memchr(b'=', bytes).is_some() && memchr::memchr(b'<', bytes).is_some() {
        for cap in HTML_ID.captures_iter(line) {
            out.push(cap[1].to_string());
        }
    }
}

/// The URLs a page's front matter adds (`aliases`, `url`, `slug`); `None`
/// when the file cannot be read. Only the head of the file is read when the
/// front matter ends there.
fn front_matter_urls_of(path: &Path) -> Option<Vec<String>> {
    const HEAD: u64 = 16 << 10;
    let mut file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    (&mut file).take(HEAD).read_to_end(&mut bytes).ok()?;
    let mut urls = Vec::new();
    let head = String::from_utf8_lossy(&bytes);
    let opens = head.starts_with("---") || head.starts_with("+++") || head.starts_with('\u{feff}');
    if front_matter_end(&head, &mut urls) == 0 && opens && bytes.len() as u64 == HEAD {
        // A front matter longer than the head: read the rest.
        file.read_to_end(&mut bytes).ok()?;
        urls.clear();
        front_matter_end(&String::from_utf8_lossy(&bytes), &mut urls);
    }
    Some(urls)
}

/// End of the front matter (0 without one); collects `aliases`, `url` and `slug`.
fn front_matter_end(text: &str, urls: &mut Vec<String>) -> usize {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first = rest.lines().next().unwrap_or("").trim_end();
    let delimiter = match first {
        "---" => "---",
        "+++" => "+++",
        _ => return 0,
    };
    let mut pos = start + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let yaml_start = pos;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == delimiter || (delimiter == "---" && line == "...") {
            if delimiter == "---" {
                front_matter_urls(&text[yaml_start..pos], urls);
            }
            return end;
        }
        pos = end;
    }
    // Unterminated: comrak reads the page as Markdown from the top.
    0
}

fn front_matter_urls(yaml: &str, urls: &mut Vec<String>) {
    let mentions = yaml
        .lines()
        .any(|l| l.starts_with("aliases:") || l.starts_with("url:") || l.starts_with("slug:"));
    if !mentions {
        return;
    }
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
        return;
    };
    if let Some(aliases) = value.get("aliases").and_then(|v| v.as_sequence()) {
        urls.extend(
            aliases
                .iter()
                .filter_map(|a| a.as_str())
                .map(str::to_string),
        );
    }
    if let Some(url) = value.get("url").and_then(|v| v.as_str()) {
        urls.push(url.to_string());
    }
    if let Some(slug) = value.get("slug").and_then(|v| v.as_str()) {
        urls.push(slug.to_string());
    }
}

/// Columns of leading whitespace (a tab counts to the next multiple of 4).
fn indent_width(line: &str) -> usize {
    let mut width = 0;
    for b in line.bytes() {
        match b {
            b' ' => width += 1,
            b'\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// Removes block-quote markers (`> > text` -> `text`).
fn strip_quotes(line: &str) -> (&str, bool) {
    let mut rest = line;
    let mut quoted = false;
    loop {
        let t = rest.trim_start_matches(' ');
        if rest.len() - t.len() <= 3
            && let Some(after) = t.strip_prefix('>')
        {
            rest = after.strip_prefix(' ').unwrap_or(after);
            quoted = true;
        } else {
            return (rest, quoted);
        }
    }
}

fn fence_open(content: &str) -> Option<(u8, usize)> {
    let ch = *content.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let run = content.bytes().take_while(|&b| b == ch).count();
    if run < 3 {
        return None;
    }
    // A backtick fence's info string cannot hold a backtick.
    if ch == b'`' && content[run..].contains('`') {
        return None;
    }
    Some((ch, run))
}

/// The start of an HTML block at `content` (already trimmed), and how it ends.
/// `in_paragraph`: only block-level tags and comments interrupt a paragraph.
fn html_block_start(content: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    let lower = content.to_ascii_lowercase();
    if lower.starts_with("<!--") {
        return Some(HtmlEnd::Marker("-->"));
    }
    for (open, close) in [
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if let Some(after) = lower.strip_prefix(open)
            && (after.is_empty() || after.starts_with([' ', '>', '\t']))
        {
            return Some(HtmlEnd::Marker(close));
        }
    }
    if !HTML_BLOCK_START.is_match(content) {
        return None;
    }
    let name: String = lower
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if BLOCK_TAGS.contains(&name.as_str()) {
        return Some(HtmlEnd::Blank);
    }
    // Type 7: any other complete tag alone on its line, not inside a paragraph
    // (`<a id="x"></a>` is two tags: inline HTML in a paragraph).
    let alone = lower
        .find('>')
        .is_some_and(|end| lower[end + 1..].trim().is_empty())
        && !in_paragraph;
    alone.then_some(HtmlEnd::Blank)
}

/// The raw text of an ATX heading (closing `#`s removed), or `None`.
fn atx_heading(content: &str) -> Option<&str> {
    let hashes = content.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &content[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut text = rest.trim();
    // Closing sequence: a run of `#` preceded by a space (or the whole text).
    let trimmed = text.trim_end_matches('#');
    if trimmed.len() < text.len() && (trimmed.is_empty() || trimmed.ends_with([' ', '\t'])) {
        text = trimmed.trim_end();
    }
    Some(text)
}

fn setext_underline(content: &str) -> bool {
    let t = content.trim_end();
    t.as_bytes()
        .first()
        .is_some_and(|&ch| matches!(ch, b'=' | b'-') && t.bytes().all(|b| b == ch))
}

fn is_thematic_break(content: &str) -> bool {
    let mut chars = content.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_')
        && content.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && chars.all(|c| c == first)
}

fn is_list_item(content: &str) -> bool {
    list_marker_len(content).is_some()
}

fn list_marker_len(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match bytes.get(marker) {
        None => Some(marker),
        Some(b' ' | b'\t') => Some(marker),
        _ => None,
    }
}

fn list_item_content(content: &str) -> &str {
    list_marker_len(content).map_or(content, |n| content[n..].trim_start())
}

/// Cells in a table row (`| a | b |` and `a | b` both have two).
fn table_cells(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    row.split('|').count()
}

fn is_table_delimiter(content: &str) -> bool {
    let bytes = content.as_bytes();
    bytes
        .iter()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        && bytes.contains(&b'|')
        && bytes.contains(&b'-')
}

/// Heading source text as the text to slug: what `Document` takes from
/// comrak's Text and Code nodes (links keep their text, emphasis markers, HTML
/// tags and link destinations go, escapes and entities are decoded), except
/// that characters the anchorizer drops anyway (`*`, `~`) may be left in.
fn slug_text(source: &str) -> String {
    let plain = !source
        .bytes()
        .any(|b| matches!(b, b'\\' | b'`' | b'&' | b'<' | b'[' | b']' | b'!' | b'_'));
    if plain {
        // Nothing but text and `*`/`~` markers, which the anchorizer drops.
        return source.trim().to_string();
    }
    // (char, literal): literal characters come from code, escapes or entities
    // and never act as emphasis markers.
    let chars: Vec<char> = source.chars().collect();
    let mut out: Vec<(char, bool)> = Vec::with_capacity(chars.len());
    let mut open_brackets = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push((chars[i + 1], true));
                i += 2;
            }
            '`' => {
                let run = count_run(&chars, i, '`');
                if let Some(close) = find_code_close(&chars, i + run, run) {
                    let code: String = chars[i + run..close].iter().collect();
                    let code = code.replace('\n', " ");
                    let code = if code.len() >= 2
                        && code.starts_with(' ')
                        && code.ends_with(' ')
                        && !code.trim().is_empty()
                    {
                        &code[1..code.len() - 1]
                    } else {
                        &code[..]
                    };
                    out.extend(code.chars().map(|c| (c, true)));
                    i = close + run;
                } else {
                    out.extend(std::iter::repeat_n(('`', true), run));
                    i += run;
                }
            }
            '&' => match decode_entity(&chars[i..]) {
                Some((decoded, len)) => {
                    out.push((decoded, true));
                    i += len;
                }
                None => {
                    out.push(('&', true));
                    i += 1;
                }
            },
            '<' => {
                let end = chars[i..].iter().position(|&c| c == '>').map(|p| i + p);
                match end {
                    Some(end) => {
                        let inner: String = chars[i + 1..end].iter().collect();
                        if is_autolink(&inner) {
                            out.extend(inner.chars().map(|c| (c, true)));
                            i = end + 1;
                        } else if is_html_tag(&inner) {
                            i = end + 1;
                        } else {
                            out.push(('<', true));
                            i += 1;
                        }
                    }
                    None => {
                        out.push(('<', true));
                        i += 1;
                    }
                }
            }
            ']' if open_brackets > 0 => {
                // `](dest)` or `][ref]`: the destination is not text.
                open_brackets -= 1;
                i += 1;
                match chars.get(i) {
                    Some('(') => {
                        if let Some(close) = matching_paren(&chars, i) {
                            i = close + 1;
                        }
                    }
                    Some('[') => {
                        if let Some(p) = chars[i..].iter().position(|&c| c == ']') {
                            i += p + 1;
                        }
                    }
                    _ => {}
                }
            }
            '[' => {
                open_brackets += 1;
                i += 1;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                i += 1;
            }
            _ => {
                out.push((c, false));
                i += 1;
            }
        }
    }
    strip_underscore_emphasis(&mut out);
    let text: String = out.into_iter().map(|(c, _)| c).collect();
    text.trim().to_string()
}

fn count_run(chars: &[char], start: usize, c: char) -> usize {
    chars[start..].iter().take_while(|&&x| x == c).count()
}

fn find_code_close(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let r = count_run(chars, j, '`');
            if r == run {
                return Some(j);
            }
            j += r;
        } else {
            j += 1;
        }
    }
    None
}

fn matching_paren(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_autolink(inner: &str) -> bool {
    if inner.is_empty() || inner.contains(char::is_whitespace) {
        return false;
    }
    if let Some((scheme, _)) = inner.split_once(':') {
        let mut sc = scheme.chars();
        return (2..=32).contains(&scheme.len())
            && sc.next().is_some_and(|c| c.is_ascii_alphabetic())
            && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    }
    inner.contains('@') && !inner.starts_with('@')
}

fn is_html_tag(inner: &str) -> bool {
    let name = inner.strip_prefix('/').unwrap_or(inner);
    (name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .all(|c| c.is_ascii_alphanumeric() || c == '-'))
        || inner.starts_with("!--")
}

/// A named or numeric character reference at the start of `chars`.
fn decode_entity(chars: &[char]) -> Option<(char, usize)> {
    let end = chars.iter().take(40).position(|&c| c == ';')?;
    let name: String = chars[1..end].iter().collect();
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}')
    } else {
        match name.as_str() {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "middot" => '·',
            "bull" => '•',
            "rarr" => '→',
            "larr" => '←',
            _ => return None,
        }
    };
    Some((decoded, end + 1))
}

/// Removes `_`/`__` emphasis markers, keeping intraword and unmatched
/// underscores (which the anchorizer keeps). `*` and `~` need no such care:
/// the anchorizer drops them anyway.
fn strip_underscore_emphasis(chars: &mut Vec<(char, bool)>) {
    struct Run {
        start: usize,
        len: usize,
        open: bool,
        close: bool,
    }
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ('_', false) {
            let start = i;
            while i < chars.len() && chars[i] == ('_', false) {
                i += 1;
            }
            let prev = start.checked_sub(1).map(|p| chars[p].0);
            let next = chars.get(i).map(|c| c.0);
            let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
            let punct = |c: Option<char>| {
                c.is_some_and(|c| {
                    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace())
                })
            };
            let left = !ws(next) && (!punct(next) || ws(prev) || punct(prev));
            let right = !ws(prev) && (!punct(prev) || ws(next) || punct(next));
            runs.push(Run {
                start,
                len: i - start,
                open: left && (!right || punct(prev)),
                close: right && (!left || punct(next)),
            });
        } else {
            i += 1;
        }
    }
    let mut remove = vec![false; chars.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (run index, remaining)
    let mut remaining: Vec<usize> = runs.iter().map(|r| r.len).collect();
    for r in 0..runs.len() {
        if runs[r].close {
            while remaining[r] > 0 {
                let Some(&(o, _)) = stack.last() else { break };
                let n = remaining[o].min(remaining[r]).min(2);
                // Markers are removed from the inner side of the opener and
                // the outer... both sides: the count is what matters here.
                for k in 0..n {
                    remove[runs[o].start + runs[o].len - remaining[o] + k] = true;
                    remove[runs[r].start + runs[r].len - remaining[r] + k] = true;
                }
                remaining[o] -= n;
                remaining[r] -= n;
                if remaining[o] == 0 {
                    stack.pop();
                }
            }
        }
        if runs[r].open && remaining[r] > 0 {
            stack.push((r, remaining[r]));
        }
    }
    let mut k = 0;
    chars.retain(|_| {
        let keep = !remove[k];
        k += 1;
        keep
    });
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
mod tests {
    use super::*;
    use crate::document::Document;

    fn doc_anchors(text: &str) -> Vec<String> {
        Document::parse("page.md", text.to_string())
            .headings
            .into_iter()
            .map(|h| h.anchor)
            .collect()
    }

    #[test]
    fn scanner_anchors_equal_document_anchors() {
        let page = "---\ntitle: \"T\"\naliases:\n- /old/place/\n---\n\n\
# Top\n\n\
## *Emphasis* and **strong** and _under_ and __double__\n\n\
## A [link](/x/ \"title\") and ![image alt](i.png) and [ref][r]\n\n[r]: /ref/\n\n\
## Uses `code_span` and `a<b`\n\n\
## R&amp;D &lt;tag&gt; &#169; Tom &amp; Jerry\n\n\
## Closing hashes ##\n\n\
## snake_case_name and __init__\n\n\
## <span class=\"x\">Inline</span> HTML<br>\n\n\
## Director, Engineering\n\n\
## Director, Engineering\n\n\
## Director, Engineering\n\n\
## Custom {#my-custom-id}\n\n## 🤝 Collaboration{#collaboration}\n\n\
## Custom\n\n\
Setext heading\n==============\n\n\
Two line\nsetext\n------\n\n\
Paragraph text\n\n---\n\n\
- list item\n---\n\n\
```markdown\n## Not a heading\n```\n\n\
~~~~\n# Also not\n```\nstill code\n~~~~\n\n\
    ## indented code\n\n\
<!--\n## commented out\n-->\n\n\
<div>\n## inside html block\n</div>\n\n\
> ## Quoted heading\n\n\
### Escaped \\# hash and \\_under\\_\n\n\
#### Group Manager, Product (GMP) - Responsibilities\n\n\
##### Ünïcödé Ärger 🚀 emoji\n\n\
###### Trailing # not closing#\n\n\
#hashtag is not a heading\n";
        let scanned = scan_page(page);
        assert_eq!(scanned.headings, doc_anchors(page));
        assert_eq!(scanned.urls, ["/old/place/"]);
        // Sanity: the cases above really produce what they test.
        assert!(scanned.headings.contains(&"my-custom-id".to_string()));
        assert!(
            scanned
                .headings
                .contains(&"director-engineering-2".to_string())
        );
        assert!(scanned.headings.contains(&"setext-heading".to_string()));
        assert!(!scanned.headings.iter().any(|h| h.contains("not-a-heading")));
    }

    #[test]
    fn hugo_ids_from_heading_sources() {
        assert_eq!(
            source_slug(r#"<i class="fas fa-rocket" id="icons"></i> Security Vision"#),
            "i-classfas-fa-rocket-idiconsi-security-vision"
        );
        assert_eq!(source_slug("Plain Title"), "plain-title");
        let scanned = scan_page(
            "## <i class=\"fas fa-users\"></i> Our Team\n\n## Plain Title\n\n## Fixed <b>id</b> {#fixed}\n",
        );
        assert_eq!(scanned.headings, ["our-team", "plain-title", "fixed"]);
        assert_eq!(scanned.source_ids, ["i-classfas-fa-usersi-our-team"]);
    }

    #[test]
    fn slug_cases() {
        let cases = [
            ("Director, Engineering", "director-engineering"),
            (
                "Group Manager, Product (GMP) - Responsibilities",
                "group-manager-product-gmp---responsibilities",
            ),
            ("VP of Product Management", "vp-of-product-management"),
            ("Senior/Staff Engineer", "seniorstaff-engineer"),
            ("What's new?", "whats-new"),
            ("C++ & Rust: 100%", "c--rust-100"),
            ("Café Ünïcode", "café-ünïcode"),
            ("日本語 見出し", "日本語-見出し"),
            ("Launch 🚀 day", "launch--day"),
            ("snake_case stays", "snake_case-stays"),
            ("Job Grade", "job-grade"),
        ];
        for (heading, slug) in cases {
            let page = format!("## {heading}\n");
            assert_eq!(scan_page(&page).headings, [slug], "heading {heading:?}");
            assert_eq!(doc_anchors(&page), [slug], "document, heading {heading:?}");
        }
        // Duplicates are numbered in document order, per page.
        let page = "## Job Grade\n\n## Job Grade\n\n## Job Grade\n";
        assert_eq!(
            scan_page(page).headings,
            ["job-grade", "job-grade-1", "job-grade-2"]
        );
        assert_eq!(scan_page("## Job Grade\n").headings, ["job-grade"]);
    }

    #[test]
    fn html_ids_are_anchors() {
        let scanned = scan_page("<a name=\"top-of-page\"></a>\n\nText <span id='here'>x</span>\n");
        assert_eq!(scanned.html_ids, ["top-of-page", "here"]);
    }

    fn site() -> SiteIndex {
        SiteIndex::from_pages(
            Path::new("/site"),
            [
                ("job-families/_index.md", "# Job Families\n"),
                ("job-families/product/_index.md", "# Product\n"),
                (
                    "job-families/product/product-leadership.md",
                    "## VP of Product Management\n",
                ),
                ("job-families/engineering/backend.md", "## Levels\n"),
                ("handbook/values/_index.md", "## Results\n"),
                ("handbook/bundle/index.md", "## Inside\n"),
                ("handbook/a/overview.md", "## A\n"),
                ("handbook/b/overview.md", "## B\n"),
                (
                    "handbook/moved.md",
                    "---\ntitle: M\naliases:\n- /handbook/old-place/\n---\n## M\n",
                ),
            ],
        )
    }

    fn url(r: Resolved<'_>) -> String {
        match r {
            Resolved::Page(p) => p.url.clone(),
            Resolved::MissingPage(u) => format!("missing {u}"),
            Resolved::MissingFile(u) => format!("missing file {u}"),
            Resolved::File => "file".to_string(),
            Resolved::Unknown => "unknown".to_string(),
        }
    }

    #[test]
    fn urls_follow_hugo_layout() {
        assert_eq!(SiteIndex::url_of("a/b.md"), "/a/b/");
        assert_eq!(SiteIndex::url_of("a/_index.md"), "/a/");
        assert_eq!(SiteIndex::url_of("a/b/index.md"), "/a/b/");
        assert_eq!(SiteIndex::url_of("_index.md"), "/");
        let s = site();
        assert!(s.has_section("handbook") && s.has_section("job-families"));
        assert!(!s.has_section("company"));
        assert_eq!(s.len(), 9);
    }

    #[test]
    fn links_resolve_with_old_suffixes_and_case() {
        let s = site();
        let from = Some("job-families/engineering/backend.md");
        for target in [
            "/job-families/product/product-leadership/",
            "/job-families/product/product-leadership",
            "/job-families/product/product-leadership/index.html",
            "/job-families/product/product-leadership/index.html.md",
            "/job-families/product/product-leadership.html",
            "/job-families/product/product-leadership.md",
            "/Job-Families/Product/Product-Leadership/",
            "../../product/product-leadership/",
            "../product/product-leadership.md",
        ] {
            assert_eq!(
                url(s.resolve_link(from, target)),
                "/job-families/product/product-leadership/",
                "{target}"
            );
        }
        assert_eq!(
            url(s.resolve_link(from, "/handbook/old-place/")),
            "/handbook/moved/"
        );
        assert_eq!(
            url(s.resolve_link(from, "/handbook/bundle/")),
            "/handbook/bundle/"
        );
        assert_eq!(
            url(s.resolve_link(from, "/job-families/product/nope/")),
            "missing /job-families/product/nope/"
        );
        assert_eq!(
            url(s.resolve_link(from, "../../nope/")),
            "missing /job-families/nope/"
        );
        // Sections this site does not serve are not judged.
        assert_eq!(url(s.resolve_link(from, "/company/team/")), "unknown");
        // Nor files, without a static folder.
        assert_eq!(url(s.resolve_link(from, "/handbook/x.png")), "unknown");
        // Nor relative links from a page outside the site.
        assert_eq!(url(s.resolve_link(None, "../x/")), "unknown");
    }

    #[test]
    fn refs_resolve_like_hugo() {
        let s = site();
        let from = Some("job-families/engineering/backend.md");
        let cases = [
            (
                "product-leadership",
                "/job-families/product/product-leadership/",
            ),
            (
                "product-leadership.md",
                "/job-families/product/product-leadership/",
            ),
            (
                "/job-families/product/product-leadership.md",
                "/job-families/product/product-leadership/",
            ),
            (
                "../product/product-leadership",
                "/job-families/product/product-leadership/",
            ),
            ("backend", "/job-families/engineering/backend/"),
            ("/handbook/values/_index.md", "/handbook/values/"),
            ("handbook/values", "/handbook/values/"),
            ("bundle", "/handbook/bundle/"),
            // Two pages are named `overview`: Hugo calls that ambiguous.
            ("overview", "unknown"),
            ("no-such-page", "missing no-such-page"),
            ("/job-families/nope.md", "missing /job-families/nope.md"),
        ];
        for (target, want) in cases {
            assert_eq!(url(s.resolve_ref(from, target)), want, "{target}");
        }
        // Relative to the page's own folder first.
        assert_eq!(
            url(s.resolve_ref(Some("handbook/a/x.md"), "overview")),
            "/handbook/a/overview/"
        );
    }

    #[test]
    fn shortcodes_and_the_anchors_they_add() {
        let text = "{{< alert >}}x{{< /alert >}} {{</* include \"no\" */>}}\n\
                    {{% include \"includes/part.md\" %}} {{< include \"includes/none.md\" >}}\n";
        let calls = shortcodes(text);
        let names: Vec<_> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["alert", "include", "include"]);
        assert_eq!(calls[1].arg.as_deref(), Some("includes/part.md"));

        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("includes")).unwrap();
        std::fs::write(
            root.path().join("includes/part.md"),
            "## Included Part\n\n<a id=\"extra\"></a>\n",
        )
        .unwrap();
        // One include is found, one is not: the anchors are not all known.
        let (anchors, complete) = shortcode_anchors(Some(root.path()), &calls);
        assert_eq!(anchors, ["included-part", "extra"]);
        assert!(!complete);
        let (_, complete) = shortcode_anchors(Some(root.path()), &calls[..2]);
        assert!(complete);
        // Without a site root, an include cannot be read.
        assert!(!shortcode_anchors(None, &calls[..2]).1);
        assert!(shortcode_anchors(None, &calls[..1]).1);
    }

    #[test]
    fn scanner_survives_any_input() {
        let alphabet: Vec<char> = "#`~<>[]()!*_&;{}=-|\\ \n\r\tax1é🚀\"'./:".chars().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2000 {
            let len = (seed >> 58) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let scanned = scan_page(&text);
            assert!(scanned.headings.len() <= text.lines().count());
            let _ = percent_decode(&text);
            let _ = normalize_url(&text);
        }
        for text in [
            "---\n",
            "+++\n+++\n#",
            "# {#}",
            "## x {",
            "## `",
            "&#xZZ;",
            "](",
            "<!--",
            "%",
            "%e",
        ] {
            let _ = scan_page(text);
            let _ = percent_decode(text);
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("caf%C3%A9%20x"), "café x");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
