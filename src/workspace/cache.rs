//! The on-disk cache of `jflint check`: what the last run learned of every
//! page, so the next run re-checks only the pages a change can reach.
//!
//! A cache file belongs to one jflint build, one configuration and one set of
//! paths; it holds, per checked page, the content hash, the page rules'
//! findings, the page's summary for the site-wide pass and the questions it
//! asked of the site index, and per page of the site its hash, its URLs and
//! the anchors read so far. A run reads and hashes every page (the only way
//! to know what changed), loads the workspace from the cache, replays the
//! changed pages through it ([`Workspace::recheck`]) and saves it again. A
//! cache that is corrupt, truncated or from another build is ignored with a
//! warning and rebuilt; it is written to a temporary file and renamed, so
//! concurrent runs never see half a file; old cache files are pruned.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::report::outcome::{FileReport, Outcome};
use crate::rules::site_levels::SitePage;
use crate::site::files::{Unreadable, read_bytes};
use crate::site::scan::{front_matter_urls_in, front_matter_urls_of};
use crate::site::{IndexChange, KnownPage, SiteIndex, deps};
use crate::workspace::engine::{Engine, RunError, Settings};
use crate::workspace::incremental::{CheckedPage, Workspace, WorkspaceSettings};
use crate::workspace::walk;

/// The folder a cache lives in unless `--cache-dir` or `cache-dir` says
/// otherwise, next to the configuration file (or in the working folder).
pub const DEFAULT_DIR: &str = ".jflint_cache";

/// Bumped when the file layout changes.
const LAYOUT: u32 = 1;

/// Cache files kept per folder: one per configuration and set of paths.
const KEEP: usize = 16;

#[derive(Deserialize)]
struct CacheFile {
    key: String,
    pages: Vec<CachedPage>,
    site: Vec<CachedSitePage>,
}

/// [`CacheFile`] as written: borrowed from the workspace, so saving copies
/// nothing. The fields and their order are those of the owned form.
#[derive(Serialize)]
struct CacheFileRef<'a> {
    key: &'a str,
    pages: Vec<CachedPageRef<'a>>,
    site: Vec<CachedSitePage>,
}

#[derive(Serialize)]
struct CachedPageRef<'a> {
    path: &'a Path,
    file: FileState,
    local: &'a FileReport,
    site: &'a Option<SitePage>,
    deps: &'a deps::Deps,
}

#[derive(Deserialize)]
struct CachedPage {
    path: PathBuf,
    file: FileState,
    local: FileReport,
    site: Option<SitePage>,
    deps: deps::Deps,
}

#[derive(Serialize, Deserialize)]
struct CachedSitePage {
    file: FileState,
    page: KnownPage,
}

/// What a file was when it was last read: its content hash, and its size and
/// modification time, which spare re-reading a file that did not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct FileState {
    hash: u128,
    len: u64,
    modified: u128,
}

/// What the cache did in a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CacheReport {
    /// Pages checked in this run (the others' findings came from the cache).
    pub checked: usize,
    /// Why the cache could not be used or saved, if it could not.
    pub warnings: Vec<String>,
}

/// A file seen in this run: its state, and the URLs its front matter adds
/// when it had to be read. The text itself is not kept: a page is read
/// again where it is checked, so a run holds a few pages at a time.
struct Seen {
    state: Option<FileState>,
    aliases: Option<Vec<String>>,
}

/// `jflint check` with the cache in `dir`.
pub fn run(settings: Settings, dir: &Path) -> Result<(Engine, Outcome, CacheReport), RunError> {
    if settings.changed_since.is_some() {
        // A partial run would leave the cache knowing only part of the site.
        let (engine, outcome) = Engine::run(settings)?;
        return Ok((engine, outcome, CacheReport::default()));
    }
    let (workspace, report) = open(settings, dir)?;
    let (engine, outcome) = workspace.into_parts();
    Ok((engine, outcome, report))
}

/// The workspace of these settings, from the cache in `dir` where it is
/// still good (as [`Workspace::open`] would make it, in a fraction of the
/// time), and the cache brought up to date. An editor opening a site it
/// checked before starts here.
pub fn open(settings: Settings, dir: &Path) -> Result<(Workspace, CacheReport), RunError> {
    let walk = walk::collect(&settings.paths, &settings.config)?;
    let limit = settings.config.max_page_bytes;
    let site_root = Engine::site_root(&settings)
        .filter(|_| Engine::reads_site(settings.select.as_deref()))
        .map(|r| std::fs::canonicalize(&r).unwrap_or(r));
    let content_files = site_root
        .as_deref()
        .map(SiteIndex::content_files)
        .unwrap_or_default();
    let mut report = CacheReport::default();
    let key = cache_key(&settings, site_root.as_deref());
    let file = dir.join(format!(
        "{:032x}.bin",
        xxhash_rust::xxh3::xxh3_128(key.as_bytes())
    ));
    let cached = load(&file, &key).unwrap_or_else(|warning| {
        report.warnings.extend(warning);
        None
    });
    let site_file = |path: &Path| -> Option<String> {
        let content = site_root.as_ref()?.join("content");
        let rel = path.strip_prefix(content).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    };
    let kept = WorkspaceSettings::of(&settings);
    let problems: Vec<(PathBuf, String)> = walk
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.message.clone()))
        .collect();

    // Pages the cache holds that this run does not check (another set of
    // paths): kept for the run that does, unless a change reaches them.
    let mut others: Vec<CachedPage> = Vec::new();
    let (workspace, seen, dirty) = match cached {
        None => {
            // Cold: every page read for its hash and the index, then checked.
            let seen = read_all(walk.files.iter().chain(&content_files), None, limit);
            let known = content_files
                .iter()
                .filter_map(|path| {
                    let aliases = match seen.get(path).and_then(|s| s.aliases.clone()) {
                        Some(aliases) => aliases,
                        // Unreadable here: the index still serves the page.
                        None => front_matter_urls_of(path)?,
                    };
                    Some(KnownPage {
                        file: site_file(path)?,
                        aliases,
                        anchors: None,
                    })
                })
                .collect();
            let site = site_root
                .as_deref()
                .map(|r| SiteIndex::from_known(r, known));
            let engine = Engine::with_site(settings.config, site, settings.select);
            let problems = unreadable(&engine, problems);
            let mut workspace = Workspace::from_parts(engine, kept, BTreeMap::new(), problems);
            let pages = walk.files.iter().map(|p| (p.clone(), None)).collect();
            workspace.recheck(pages, IndexChange::default());
            (workspace, seen, true)
        }
        Some(cached) => {
            let mut before: HashMap<PathBuf, FileState> = HashMap::new();
            let site_root_content = site_root.as_ref().map(|r| r.join("content"));
            for page in &cached.site {
                if let Some(content) = &site_root_content {
                    before.insert(content.join(&page.page.file), page.file);
                }
            }
            for page in &cached.pages {
                before.insert(page.path.clone(), page.file);
            }
            let seen = read_all(
                walk.files.iter().chain(&content_files),
                Some(&before),
                limit,
            );
            let changed = |path: &Path| -> bool {
                let now = seen.get(path).and_then(|s| s.state);
                now.is_none() || now != before.get(path).copied()
            };
            // A page outside this run is judged only if the run read it.
            let changed_if_seen = |path: &Path| seen.contains_key(path) && changed(path);
            let old_site: Vec<String> = cached.site.iter().map(|s| s.page.file.clone()).collect();
            let site = site_root.as_deref().map(|r| {
                SiteIndex::from_known(r, cached.site.into_iter().map(|s| s.page).collect())
            });
            let engine = Engine::with_site(settings.config, site, settings.select);
            let problems = unreadable(&engine, problems);
            let (in_run, rest): (Vec<CachedPage>, Vec<CachedPage>) = cached
                .pages
                .into_iter()
                .partition(|page| walk.files.binary_search(&page.path).is_ok());
            others = rest;
            let pages = in_run
                .into_iter()
                .map(|page| {
                    let checked = CheckedPage {
                        buffer: None,
                        local: page.local,
                        site: page.site,
                        deps: page.deps,
                        report: None,
                    };
                    (page.path, checked)
                })
                .collect();
            let mut workspace = Workspace::from_parts(engine, kept, pages, problems);
            // The site's pages that changed, came or went.
            let mut change = IndexChange::default();
            let mut present = std::collections::HashSet::new();
            for path in &content_files {
                let Some(file) = site_file(path) else {
                    continue;
                };
                if changed(path) {
                    if let Some(site) = workspace.engine_mut().site.as_mut() {
                        change.extend(site.reload_page(&file));
                    }
                }
                present.insert(file);
            }
            for file in old_site.iter().filter(|f| !present.contains(*f)) {
                if let Some(site) = workspace.engine_mut().site.as_mut() {
                    change.extend(site.remove_page(file));
                }
            }
            let mut dirty = !change.is_empty();
            let kept_before = others.len();
            others.retain(|page| !changed_if_seen(&page.path) && !change.affects(&page.deps));
            dirty |= others.len() != kept_before;
            // The checked pages: changed or new.
            let todo: Vec<(PathBuf, Option<String>)> = walk
                .files
                .iter()
                .filter(|p| changed(p) || !workspace.pages.contains_key(*p))
                .map(|p| (p.clone(), None))
                .collect();
            dirty |= !todo.is_empty();
            // Site pages keep their text for the site-wide pass.
            for (path, page) in workspace.pages.iter_mut() {
                if page.site.is_some() && page.local.source.is_empty() {
                    page.local.source =
                        crate::site::files::read_page(path, crate::site::files::LARGEST_PAGE_BYTES)
                            .unwrap_or_default();
                }
            }
            workspace.recheck(todo, change);
            (workspace, seen, dirty)
        }
    };
    report.checked = workspace.last_checked();
    if dirty {
        let states: HashMap<&Path, FileState> = seen
            .iter()
            .filter_map(|(p, s)| Some((p.as_path(), s.state?)))
            .collect();
        let saved = save(
            dir,
            &file,
            &key,
            (&workspace, &others),
            &states,
            site_root.as_deref(),
        );
        if let Err(warning) = saved {
            report.warnings.push(warning);
        }
    }
    Ok((workspace, report))
}

fn unreadable(engine: &Engine, problems: Vec<(PathBuf, String)>) -> Vec<FileReport> {
    problems
        .into_iter()
        .map(|(path, message)| engine.unreadable(&path, Unreadable::Walk(message)))
        .collect()
}

/// Every file's state; a file whose size and modification time match what
/// the cache saw (`before`) is not read again.
fn read_all<'a>(
    paths: impl Iterator<Item = &'a PathBuf>,
    before: Option<&HashMap<PathBuf, FileState>>,
    limit: u64,
) -> HashMap<PathBuf, Seen> {
    let mut paths: Vec<&PathBuf> = paths.collect();
    paths.sort();
    paths.dedup();
    paths
        .into_par_iter()
        .map(|path| {
            let stat = std::fs::metadata(path).ok().map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                (m.len(), modified)
            });
            let known = before.and_then(|b| b.get(path)).copied();
            if let (Some((len, modified)), Some(known)) = (stat, known)
                && known.len == len
                && known.modified == modified
                // A file written in the same instant as it was cached may
                // change again unseen within the clock's resolution.
                && modified + 2_000_000_000 < now_nanos()
            {
                return (
                    path.clone(),
                    Seen {
                        state: Some(known),
                        aliases: None,
                    },
                );
            }
            let seen = match (read_bytes(path, limit), stat) {
                (Ok(bytes), Some((len, modified))) => {
                    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
                    Seen {
                        state: Some(FileState {
                            hash,
                            len,
                            modified,
                        }),
                        aliases: Some(front_matter_urls_in(&String::from_utf8_lossy(&bytes))),
                    }
                }
                _ => Seen {
                    state: None,
                    aliases: None,
                },
            };
            (path.clone(), seen)
        })
        .collect()
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// What a cache file must match: the build (version, commit and the binary
/// itself, so a rebuilt jflint never reads an older one's results), the
/// configuration, the site root and the rule selection. Not the paths: a
/// page's own findings do not depend on which other pages a run checks, so
/// runs over different paths (a pre-commit hook's few files, the whole
/// site) share one cache.
fn cache_key(settings: &Settings, site_root: Option<&Path>) -> String {
    let binary = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        })
        .unwrap_or_default();
    let cwd = std::env::current_dir().unwrap_or_default();
    format!(
        "layout {LAYOUT}\nversion {}\nbinary {binary}\nconfig {:032x}\nsite {:?}\nselect {:?}\ncwd {}",
        env!("JFLINT_VERSION"),
        settings.config.identity(),
        site_root,
        settings.select,
        cwd.display(),
    )
}

/// The cache file, if it is there and made for this key; an unreadable or
/// foreign one is a warning.
fn load(file: &Path, key: &str) -> Result<Option<CacheFile>, Option<String>> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Some(format!(
                "cannot read the cache {}: {e}",
                file.display()
            )));
        }
    };
    match postcard::from_bytes::<CacheFile>(&bytes) {
        Ok(cache) if cache.key == key => Ok(Some(cache)),
        // Another build or configuration whose key hashed alike: rebuilt
        // quietly, as a missing cache is.
        Ok(_) => Ok(None),
        Err(e) => Err(Some(format!(
            "ignoring the cache {}: it cannot be read ({e}); it will be rebuilt",
            file.display()
        ))),
    }
}

fn save(
    dir: &Path,
    file: &Path,
    key: &str,
    (workspace, others): (&Workspace, &[CachedPage]),
    states: &HashMap<&Path, FileState>,
    site_root: Option<&Path>,
) -> Result<(), String> {
    let mut pages: Vec<CachedPageRef<'_>> = workspace
        .pages
        .iter()
        // Unreadable pages are not cached: they are checked again each run.
        .filter(|(_, page)| {
            let unreadable = crate::rules::registry::RuleCode::UnreadableFile;
            !page.local.findings.iter().any(|f| f.rule == unreadable)
        })
        .filter_map(|(path, page)| {
            Some(CachedPageRef {
                path,
                file: *states.get(path.as_path())?,
                // The page's text is not serialized (`FileReport::source`).
                local: &page.local,
                site: &page.site,
                deps: &page.deps,
            })
        })
        .collect();
    pages.extend(others.iter().map(|page| CachedPageRef {
        path: &page.path,
        file: page.file,
        local: &page.local,
        site: &page.site,
        deps: &page.deps,
    }));
    let site = match (workspace.engine().site.as_ref(), site_root) {
        (Some(index), Some(root)) => {
            let content = root.join("content");
            index
                .known_pages()
                .into_iter()
                .filter_map(|page| {
                    let file = *states.get(content.join(&page.file).as_path())?;
                    Some(CachedSitePage { file, page })
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let cache = CacheFileRef { key, pages, site };
    let bytes = postcard::to_stdvec(&cache).map_err(|e| format!("cannot write the cache: {e}"))?;
    write_atomically(dir, file, &bytes)
        .map_err(|e| format!("cannot write the cache {}: {e}", file.display()))?;
    prune(dir, file);
    Ok(())
}

/// Writes to a temporary file in the same folder, then renames it over the
/// cache file: a reader sees the old file or the new one, never half of one.
fn write_atomically(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        // Backup tools skip the folder; git ignores it.
        let _ = std::fs::write(
            &tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by jflint.\n",
        );
        let _ = std::fs::write(dir.join(".gitignore"), "*\n");
    }
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Keeps the most recently written cache files, removing the rest.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin") && p != keep)
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, path) in files.into_iter().skip(KEEP - 1) {
        let _ = std::fs::remove_file(path);
    }
}
