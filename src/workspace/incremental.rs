//! The workspace: a site's pages held between checks, so a change to one
//! page re-checks only the pages whose findings it can change.
//!
//! Each checked page keeps its own findings (the page rules' pass), what the
//! site-wide pass needs of it, and the questions its check asked of the site
//! index ([`deps::Deps`]). A change to a page re-checks that page, then every
//! page that asked a question whose answer the change alters (a link to an
//! anchor the page added or removed, a ref to a page that appeared or went),
//! and finally runs the site-wide pass (grade consistency, reporting lines)
//! again over every page's small summary, which is cheap. The findings after
//! any sequence of changes equal those of a cold run over the same files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::report::outcome::{FileReport, Finding, Outcome};
use crate::rules::site_levels::SitePage;
use crate::site::files::{Unreadable, is_markdown};
use crate::site::{IndexChange, deps};
use crate::workspace::config::Config;
use crate::workspace::engine::{Engine, RunError, Settings};
use crate::workspace::walk;

/// One checked page.
#[derive(Debug, Clone)]
pub struct CheckedPage {
    /// The text an editor holds for the page, when it differs from the
    /// file (`None`: the file on disk).
    pub(crate) buffer: Option<String>,
    /// The page rules' findings.
    pub(crate) local: FileReport,
    /// What the site-wide pass reads of the page.
    pub(crate) site: Option<SitePage>,
    /// What the check asked of the site index.
    pub(crate) deps: deps::Deps,
    /// The findings with the site-wide pass's added, for pages it reads.
    pub(crate) report: Option<FileReport>,
}

impl CheckedPage {
    fn report(&self) -> &FileReport {
        self.report.as_ref().unwrap_or(&self.local)
    }
}

/// The pages of a workspace and their findings.
pub struct Workspace {
    engine: Engine,
    settings: WorkspaceSettings,
    pub(crate) pages: BTreeMap<PathBuf, CheckedPage>,
    /// What the walk could not read, reported where it was found.
    problems: Vec<FileReport>,
    /// How many pages the last change checked.
    last_checked: usize,
}

/// What a workspace was opened with, kept to re-open it with another
/// configuration.
#[derive(Debug, Clone)]
pub(crate) struct WorkspaceSettings {
    paths: Vec<PathBuf>,
    site_root: Option<PathBuf>,
    select: Option<Vec<crate::rules::rule_id::RuleId>>,
}

impl WorkspaceSettings {
    pub(crate) fn of(settings: &Settings) -> WorkspaceSettings {
        WorkspaceSettings {
            paths: settings.paths.clone(),
            site_root: settings.site_root.clone(),
            select: settings.select.clone(),
        }
    }
}

impl Workspace {
    /// A workspace of pages checked before (a cache); the site-wide pass is
    /// run by the first [`Workspace::recheck`].
    pub(crate) fn from_parts(
        engine: Engine,
        settings: WorkspaceSettings,
        pages: BTreeMap<PathBuf, CheckedPage>,
        problems: Vec<FileReport>,
    ) -> Workspace {
        Workspace {
            engine,
            settings,
            pages,
            problems,
            last_checked: 0,
        }
    }

    /// Walks the paths and checks every page, as `jflint check` does.
    pub fn open(settings: Settings) -> Result<Workspace, RunError> {
        let walk = walk::collect(&settings.paths, &settings.config)?;
        let kept = WorkspaceSettings::of(&settings);
        let engine = Engine::from_settings(settings);
        let problems = walk
            .problems
            .into_iter()
            .map(|p| engine.unreadable(&p.path, Unreadable::Walk(p.message)))
            .collect();
        let checked: Vec<(PathBuf, CheckedPage)> = walk
            .files
            .into_par_iter()
            .map(|path| {
                let page = check(&engine, &path, None);
                (path, page)
            })
            .collect();
        let mut workspace = Workspace {
            engine,
            settings: kept,
            last_checked: checked.len(),
            pages: checked.into_iter().collect(),
            problems,
        };
        workspace.run_site_pass();
        Ok(workspace)
    }

    /// The engine the workspace checks with (its configuration and site index).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub(crate) fn engine_mut(&mut self) -> &mut Engine {
        &mut self.engine
    }

    /// The engine and everything it found, without copying the reports.
    pub fn into_parts(self) -> (Engine, Outcome) {
        let mut files: Vec<FileReport> = self
            .pages
            .into_values()
            .map(|p| p.report.unwrap_or(p.local))
            .chain(self.problems)
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let custom_rules = self.engine.custom_rules();
        (
            self.engine,
            Outcome {
                files,
                custom_rules,
            },
        )
    }

    /// How many pages the last update, reload or removal checked again.
    pub fn last_checked(&self) -> usize {
        self.last_checked
    }

    /// The findings of one page, if the workspace checks it.
    pub fn diagnostics(&self, path: &Path) -> Option<&FileReport> {
        self.pages.get(path).map(CheckedPage::report)
    }

    /// The pages the workspace checks, in path order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.pages.keys().map(PathBuf::as_path)
    }

    /// The text of a page as the workspace sees it: the editor's buffer, or
    /// the file.
    pub fn text(&self, path: &Path) -> Option<String> {
        match self.pages.get(path).and_then(|p| p.buffer.clone()) {
            Some(text) => Some(text),
            None => crate::site::files::read_page(path, self.engine.config.max_page_bytes).ok(),
        }
    }

    /// Everything, as a cold `jflint check` over the same files reports it.
    pub fn outcome(&self) -> Outcome {
        let mut files: Vec<FileReport> = self
            .pages
            .values()
            .map(|p| p.report().clone())
            .chain(self.problems.iter().cloned())
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Outcome {
            files,
            custom_rules: self.engine.custom_rules(),
        }
    }

    /// Whether `path` is a page the workspace checks, or would check if it
    /// existed: a Markdown file under one of its folders that the
    /// configuration does not exclude, or a file it was opened with.
    pub fn accepts(&self, path: &Path) -> bool {
        if self.pages.contains_key(path) {
            return true;
        }
        let config = &self.engine.config;
        self.settings.paths.iter().any(|root| {
            (root == path || (path.starts_with(root) && root.is_dir() && is_markdown(path)))
                && !config.is_excluded(path)
        })
    }

    /// The page at `path` now holds `text` (an editor's buffer). Returns the
    /// pages whose findings changed, in path order.
    pub fn update(&mut self, path: &Path, text: String) -> Vec<PathBuf> {
        let change = self.index_set(path, Some(&text));
        let mut recheck = Vec::new();
        if self.accepts(path) {
            recheck.push((path.to_path_buf(), Some(text)));
        }
        self.recheck(recheck, change)
    }

    /// The file at `path` changed on disk, or its buffer was closed: the
    /// page is read from disk again (and leaves the workspace if it is gone).
    pub fn reload(&mut self, path: &Path) -> Vec<PathBuf> {
        if !path.is_file() {
            return self.remove(path);
        }
        let change = self.index_set(path, None);
        let recheck = if self.accepts(path) {
            vec![(path.to_path_buf(), None)]
        } else {
            Vec::new()
        };
        self.recheck(recheck, change)
    }

    /// The page at `path` is gone. Returns the pages whose findings changed
    /// (the removed page among them, when it had findings).
    pub fn remove(&mut self, path: &Path) -> Vec<PathBuf> {
        let change = self
            .content_file(path)
            .map(|file| {
                self.engine
                    .site
                    .as_mut()
                    .map(|s| s.remove_page(&file))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let removed = self.pages.remove(path);
        let mut changed = self.recheck(Vec::new(), change);
        if removed.is_some_and(|p| !p.report().findings.is_empty()) {
            changed.push(path.to_path_buf());
            changed.sort();
            changed.dedup();
        }
        changed
    }

    /// Checks everything again with another configuration (the buffers are
    /// kept). Returns every page whose findings changed.
    pub fn set_config(&mut self, config: Config) -> Result<Vec<PathBuf>, RunError> {
        let settings = Settings {
            paths: self.settings.paths.clone(),
            config,
            site_root: self.settings.site_root.clone(),
            select: self.settings.select.clone(),
            changed_since: None,
        };
        let before: BTreeMap<PathBuf, Vec<Finding>> = self
            .pages
            .iter()
            .map(|(p, c)| (p.clone(), c.report().findings.clone()))
            .collect();
        let buffers: Vec<(PathBuf, String)> = self
            .pages
            .iter()
            .filter_map(|(p, c)| Some((p.clone(), c.buffer.clone()?)))
            .collect();
        *self = Workspace::open(settings)?;
        for (path, text) in buffers {
            self.update(&path, text);
        }
        let mut changed: Vec<PathBuf> = self
            .pages
            .iter()
            .filter(|(p, c)| before.get(*p) != Some(&c.report().findings))
            .map(|(p, _)| p.clone())
            .collect();
        changed.extend(
            before
                .keys()
                .filter(|p| !self.pages.contains_key(*p))
                .cloned(),
        );
        changed.sort();
        Ok(changed)
    }

    fn content_file(&self, path: &Path) -> Option<String> {
        self.engine.site.as_ref()?.content_path(path)
    }

    /// Tells the site index the page's new text (`None`: read the file).
    fn index_set(&mut self, path: &Path, text: Option<&str>) -> IndexChange {
        let Some(file) = self.content_file(path) else {
            return IndexChange::default();
        };
        let Some(site) = self.engine.site.as_mut() else {
            return IndexChange::default();
        };
        match text {
            Some(text) => site.set_page(&file, text),
            None => site.reload_page(&file),
        }
    }

    /// Re-checks the given pages and every page the index change reaches,
    /// then the site-wide pass; returns the pages whose findings changed.
    pub(crate) fn recheck(
        &mut self,
        pages: Vec<(PathBuf, Option<String>)>,
        change: IndexChange,
    ) -> Vec<PathBuf> {
        let mut todo: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
        if !change.is_empty() {
            for (path, page) in &self.pages {
                if change.affects(&page.deps) {
                    todo.insert(path.clone(), page.buffer.clone());
                }
            }
        }
        todo.extend(pages);
        // Findings, not reports: a report read from a cache lacks the page's
        // text, which changes nothing an editor shows.
        let before: BTreeMap<PathBuf, Option<Vec<Finding>>> = todo
            .keys()
            .map(|p| {
                (
                    p.clone(),
                    self.pages.get(p).map(|c| c.report().findings.clone()),
                )
            })
            .chain(
                self.pages
                    .iter()
                    .filter(|(_, c)| c.site.is_some())
                    .map(|(p, c)| (p.clone(), Some(c.report().findings.clone()))),
            )
            .collect();
        self.last_checked = todo.len();
        let engine = &self.engine;
        let checked: Vec<(PathBuf, CheckedPage)> = todo
            .into_par_iter()
            .map(|(path, buffer)| {
                let page = check(engine, &path, buffer);
                (path, page)
            })
            .collect();
        self.pages.extend(checked);
        self.run_site_pass();
        let mut changed: Vec<PathBuf> = before
            .into_iter()
            .filter(|(path, old)| {
                self.pages.get(path).map(|c| &c.report().findings) != old.as_ref()
            })
            .map(|(path, _)| path)
            .collect();
        changed.sort();
        changed
    }

    /// The site-wide pass over every page that takes part in it.
    fn run_site_pass(&mut self) {
        let (paths, input): (Vec<PathBuf>, Vec<(FileReport, Option<SitePage>)>) = self
            .pages
            .iter()
            .filter(|(_, c)| c.site.is_some())
            .map(|(p, c)| (p.clone(), (c.local.clone(), c.site.clone())))
            .unzip();
        let reports = self.engine.finish_site(input);
        for (path, report) in paths.into_iter().zip(reports) {
            if let Some(page) = self.pages.get_mut(&path) {
                page.report = Some(report);
            }
        }
    }
}

/// Checks one page (its buffer, or its file), recording what it asks of the
/// site index.
fn check(engine: &Engine, path: &Path, buffer: Option<String>) -> CheckedPage {
    let ((local, site), deps) = deps::record(|| match &buffer {
        Some(text) => engine.check_text(path, text.clone()),
        None => engine.check_path(path),
    });
    CheckedPage {
        buffer,
        local,
        site,
        deps,
        report: None,
    }
}
