//! The reporting-line graph: every level of the run's job-family pages is a
//! node, and each level's reports-to link is an edge to the level it lands on,
//! on the same page or, through the site index, on another page.
//!
//! A link resolves to a level by its fragment (the level's heading, or a
//! heading inside the level); a link to a page without a fragment resolves to
//! the page's only level, or to the level its text names. A page the run did
//! not include is read when a link first reaches it, so a chain of reports-to
//! links can be followed through pages outside the run. Links that land
//! nowhere (a missing page or anchor) are `broken-link`'s business and make no
//! edge; links to other sites are not followed.

use std::collections::HashMap;
use std::path::Path;

use crate::model::document::{Document, LinkKind};
use crate::model::family_model::{LevelModel, PageModel, ReportsToLink};
use crate::model::job_family::JobFamily;
use crate::site::{Resolved, SiteIndex, percent_decode};

/// A page of the graph.
#[derive(Debug, Clone)]
pub struct GraphPage {
    /// The page's file under `content/` (`job-families/x/y.md`), when the
    /// site root is known.
    pub file: Option<String>,
    /// The path as reports show it.
    pub display: String,
    /// The URL the site serves the page at.
    pub url: Option<String>,
    pub model: PageModel,
    /// Index of the page among the run's pages; `None` for a page read only
    /// because a link reached it.
    pub in_run: Option<usize>,
}

impl GraphPage {
    /// The job family a page's levels belong to: its title, else its file name.
    pub fn family(&self) -> String {
        self.model.title.clone().unwrap_or_else(|| {
            let name = self.display.rsplit('/').next().unwrap_or(&self.display);
            name.trim_end_matches(".md").to_string()
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId {
    pub page: usize,
    pub level: usize,
}

/// Where a reports-to link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A level.
    Level(NodeId),
    /// Something that exists but is not a level, described for a message
    /// ("the section `#levels` of this page").
    NotALevel(String),
    /// Nowhere the graph can follow: a missing page or anchor, another site.
    Unresolved,
}

#[derive(Debug, Default)]
pub struct ReportingGraph {
    pub pages: Vec<GraphPage>,
    /// Per page, per level: where its reports-to link goes (`None`: no link).
    pub targets: Vec<Vec<Option<Target>>>,
}

impl ReportingGraph {
    /// Resolves every level's reports-to link. `load` reads a page of the
    /// site (by its file under `content/`) that a link reaches outside `pages`.
    pub fn build(
        pages: Vec<GraphPage>,
        site: Option<&SiteIndex>,
        load: &dyn Fn(&str) -> Option<PageModel>,
    ) -> ReportingGraph {
        let mut graph = ReportingGraph {
            pages,
            targets: Vec::new(),
        };
        let mut by_file: HashMap<String, usize> = graph
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((p.file.clone()?, i)))
            .collect();
        // Pages read on the way are appended and resolved in turn.
        let mut page = 0;
        while page < graph.pages.len() {
            let mut targets = Vec::with_capacity(graph.pages[page].model.levels.len());
            for level in 0..graph.pages[page].model.levels.len() {
                let target = graph.pages[page].model.levels[level]
                    .reports_to
                    .clone()
                    .map(|link| graph.resolve(page, &link, site, load, &mut by_file));
                targets.push(target);
            }
            graph.targets.push(targets);
            page += 1;
        }
        graph
    }

    fn resolve(
        &mut self,
        from: usize,
        link: &ReportsToLink,
        site: Option<&SiteIndex>,
        load: &dyn Fn(&str) -> Option<PageModel>,
        by_file: &mut HashMap<String, usize>,
    ) -> Target {
        let Some((path, fragment)) = split_target(&link.url) else {
            return Target::Unresolved;
        };
        if path.is_empty() {
            return match fragment {
                Some(f) => self.in_page(from, &f, true),
                None => Target::Unresolved,
            };
        }
        let Some(site) = site else {
            return Target::Unresolved;
        };
        let here = self.pages[from].file.as_deref();
        let resolved = match link.kind {
            LinkKind::HugoRef => site.resolve_ref(here, &path),
            _ => site.resolve_link(here, &path),
        };
        let Resolved::Page(entry) = resolved else {
            return Target::Unresolved;
        };
        let page = match by_file.get(&entry.file) {
            Some(&i) => i,
            None => {
                let Some(model) = load(&entry.file) else {
                    return Target::Unresolved;
                };
                let i = self.pages.len();
                self.pages.push(GraphPage {
                    file: Some(entry.file.clone()),
                    display: shown_path(&site.root.join("content").join(&entry.file)),
                    url: Some(entry.url.clone()),
                    model,
                    in_run: None,
                });
                by_file.insert(entry.file.clone(), i);
                i
            }
        };
        let url = &entry.url;
        match fragment {
            Some(f) => {
                let target = self.in_page(page, &f, page == from);
                // The index also knows ids the model does not (HTML ids,
                // included files): those are sections too.
                if target == Target::Unresolved && entry.anchors().set.contains(&f) {
                    Target::NotALevel(format!("the section `#{f}` of `{url}`"))
                } else if let Target::NotALevel(_) = target {
                    Target::NotALevel(format!("the section `#{f}` of `{url}`"))
                } else {
                    target
                }
            }
            None => {
                let model = &self.pages[page].model;
                match model.levels.len() {
                    0 => Target::NotALevel(format!("the page `{url}`, which has no levels")),
                    1 => Target::Level(NodeId { page, level: 0 }),
                    n => match model
                        .level_named(&link.text)
                        .or_else(|| model.level_named_loosely(&link.text))
                    {
                        Some(level) => Target::Level(NodeId { page, level }),
                        None => Target::NotALevel(format!(
                            "the page `{url}`, none of whose {n} levels is `{}`",
                            link.text
                        )),
                    },
                }
            }
        }
    }

    /// A fragment on a page of the graph: a level, a section or nothing.
    fn in_page(&self, page: usize, fragment: &str, same_page: bool) -> Target {
        let model = &self.pages[page].model;
        if let Some(level) = model.level_of_anchor(fragment) {
            return Target::Level(NodeId { page, level });
        }
        let fragment = fragment.to_lowercase();
        if model.has_anchor(&fragment) {
            return Target::NotALevel(if same_page {
                format!("the section `#{fragment}` of this page")
            } else {
                format!("the section `#{fragment}`")
            });
        }
        Target::Unresolved
    }

    pub fn level(&self, node: NodeId) -> &LevelModel {
        &self.pages[node.page].model.levels[node.level]
    }

    pub fn target(&self, node: NodeId) -> Option<&Target> {
        self.targets.get(node.page)?.get(node.level)?.as_ref()
    }

    /// The level a level reports to, when its link resolves to one.
    pub fn manager(&self, node: NodeId) -> Option<NodeId> {
        match self.target(node)? {
            Target::Level(t) => Some(*t),
            _ => None,
        }
    }

    /// Every node, page by page.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.pages.iter().enumerate().flat_map(|(page, p)| {
            (0..p.model.levels.len()).map(move |level| NodeId { page, level })
        })
    }

    /// Every edge (level, the level it reports to), self-reports included.
    pub fn edges(&self) -> impl Iterator<Item = (NodeId, NodeId)> + '_ {
        self.nodes().filter_map(|n| self.manager(n).map(|m| (n, m)))
    }

    /// The cycles of two or more levels, each once, starting at its first
    /// node in page order. Every level has at most one manager, so a walk
    /// from any level meets at most one cycle.
    pub fn cycles(&self) -> Vec<Vec<NodeId>> {
        let mut state: HashMap<NodeId, u8> = HashMap::new(); // 1: on the walk, 2: done
        let mut cycles = Vec::new();
        for start in self.nodes() {
            let mut walk = Vec::new();
            let mut node = Some(start);
            while let Some(n) = node {
                match state.get(&n) {
                    Some(2) => break,
                    Some(_) => {
                        let at = walk.iter().position(|&w| w == n).unwrap_or(0);
                        let mut cycle: Vec<NodeId> = walk[at..].to_vec();
                        if cycle.len() > 1 {
                            let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                            cycle.rotate_left(first);
                            cycles.push(cycle);
                        }
                        break;
                    }
                    None => {
                        state.insert(n, 1);
                        walk.push(n);
                        node = self.manager(n);
                    }
                }
            }
            for n in walk {
                state.insert(n, 2);
            }
        }
        cycles.sort();
        cycles
    }

    /// Levels whose manager has a lower grade: (level, manager).
    pub fn inversions(&self) -> Vec<(NodeId, NodeId)> {
        self.edges()
            .filter(|&(n, m)| n != m)
            .filter(|&(n, m)| match (self.level(n).grade, self.level(m).grade) {
                (Some(own), Some(manager)) => manager < own,
                _ => false,
            })
            .collect()
    }

    /// The levels reachable from `page`'s levels by following reports-to
    /// links (the page's own levels included).
    pub fn reachable_from(&self, page: usize) -> Vec<NodeId> {
        let mut seen = std::collections::BTreeSet::new();
        let levels = self.pages.get(page).map_or(0, |p| p.model.levels.len());
        for level in 0..levels {
            let mut node = Some(NodeId { page, level });
            while let Some(n) = node {
                if !seen.insert(n) {
                    break;
                }
                node = self.manager(n);
            }
        }
        seen.into_iter().collect()
    }

    /// A level as messages name it: "`Senior Analyst` (job-families/x.md)".
    pub fn describe(&self, node: NodeId, from_page: usize) -> String {
        let name = &self.level(node).name;
        if node.page == from_page {
            format!("`{name}`")
        } else {
            format!("`{name}` ({})", self.pages[node.page].display)
        }
    }
}

/// A link destination as a site path and fragment (both decoded); links to
/// the handbook's own hosts count as site paths. `None` for other sites,
/// `mailto:`, shortcodes left in the URL and empty links.
pub fn split_target(url: &str) -> Option<(String, Option<String>)> {
    let url = url.trim();
    let url = crate::site::relative_form(url).unwrap_or(url);
    if url.is_empty() || url.contains("{{") || url.starts_with("//") || url.contains("://") {
        return None;
    }
    if url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric())
    }) {
        return None; // mailto:, tel:
    }
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(percent_decode(f)).filter(|f| !f.is_empty())),
        None => (url, None),
    };
    let path = percent_decode(before.split('?').next().unwrap_or(""));
    if path.is_empty() && fragment.is_none() {
        return None;
    }
    Some((path, fragment))
}

/// A page read through the index, shown as the run's own pages are: relative
/// to the current folder when it is inside it.
fn shown_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    crate::site::files::display_path(relative.as_deref().unwrap_or(path))
}

/// Reads and models a page of the site by its file under `content/`.
pub fn load_page(site: &SiteIndex, file: &str) -> Option<PageModel> {
    let path = site.root.join("content").join(file);
    model_of_file(&path)
}

/// Reads, parses and models one page; `None` if it cannot be read as text.
pub fn model_of_file(path: &Path) -> Option<PageModel> {
    let bytes =
        crate::site::files::read_bytes(path, crate::site::files::DEFAULT_MAX_PAGE_BYTES).ok()?;
    let text =
        crate::site::files::page_text(bytes, crate::site::files::DEFAULT_MAX_PAGE_BYTES).ok()?;
    let doc = Document::parse(path, text);
    let family = JobFamily::build(&doc);
    Some(PageModel::build(&doc, &family))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(file: &str, text: &str) -> GraphPage {
        let doc = Document::parse(format!("/s/content/{file}"), text.to_string());
        let family = JobFamily::build(&doc);
        GraphPage {
            file: Some(file.to_string()),
            display: format!("content/{file}"),
            url: Some(SiteIndex::url_of(file)),
            model: PageModel::build(&doc, &family),
            in_run: Some(0),
        }
    }

    const A: &str = "## Levels\n\n### Analyst\n\nThe Analyst reports to the [Manager, Data](#manager-data).\n\n#### Analyst Job Grade\n\nThe Analyst is a grade 7.\n\n### Manager, Data\n\nThe Manager, Data reports to the [Director, Data](/job-families/b/#director-data).\n\n#### Manager, Data Job Grade\n\nThe Manager, Data is a grade 6.\n\n### Lead\n\nThe Lead reports to the [Lead](#lead).\n\n#### Lead Job Grade\n\nThe Lead is a grade 7.\n\n### Odd\n\nThe Odd reports to the [Levels](#levels).\n\n#### Odd Job Grade\n\nThe Odd is a grade 7.\n";
    const B: &str = "## Levels\n\n### Director, Data\n\nThe Director, Data reports to the [Analyst](/job-families/a/#analyst).\n\n#### Director, Data Job Grade\n\nThe Director, Data is a grade 10.\n";

    fn graph() -> ReportingGraph {
        let site = SiteIndex::from_pages(
            Path::new("/s"),
            [("job-families/a.md", A), ("job-families/b.md", B)],
        );
        let b = page("job-families/b.md", B);
        let load = move |file: &str| (file == "job-families/b.md").then(|| b.model.clone());
        ReportingGraph::build(vec![page("job-families/a.md", A)], Some(&site), &load)
    }

    #[test]
    fn links_resolve_across_pages() {
        let g = graph();
        assert_eq!(g.pages.len(), 2, "the linked page is read");
        let n = |page, level| NodeId { page, level };
        assert_eq!(g.manager(n(0, 0)), Some(n(0, 1)));
        assert_eq!(g.manager(n(0, 1)), Some(n(1, 0)));
        assert_eq!(g.manager(n(1, 0)), Some(n(0, 0)));
        assert_eq!(g.manager(n(0, 2)), Some(n(0, 2)));
        assert_eq!(
            g.target(n(0, 3)),
            Some(&Target::NotALevel(
                "the section `#levels` of this page".to_string()
            ))
        );
        assert_eq!(g.cycles(), [vec![n(0, 0), n(0, 1), n(1, 0)]]);
        // The Analyst (7) reports to the Manager (6), the Director (10) to
        // the Analyst.
        assert_eq!(g.inversions(), [(n(0, 0), n(0, 1)), (n(1, 0), n(0, 0))]);
        assert_eq!(g.reachable_from(1), [n(0, 0), n(0, 1), n(1, 0)]);
    }

    #[test]
    fn targets_split_into_path_and_fragment() {
        assert_eq!(
            split_target("https://about.gitlab.com/job-families/x/#a%20b"),
            Some(("/job-families/x/".to_string(), Some("a b".to_string())))
        );
        assert_eq!(split_target("https://example.com/x/"), None);
        assert_eq!(split_target("mailto:a@b.c"), None);
        assert_eq!(
            split_target("#x"),
            Some((String::new(), Some("x".to_string())))
        );
    }

    #[test]
    fn destinations_split_into_path_and_fragment() {
        assert_eq!(
            split_target("#senior-widget-engineer"),
            Some((String::new(), Some("senior-widget-engineer".into())))
        );
        assert_eq!(
            split_target("/job-families/engineering/widget-engineer/#manager%2Dwidgets"),
            Some((
                "/job-families/engineering/widget-engineer/".into(),
                Some("manager-widgets".into())
            ))
        );
        assert_eq!(
            split_target("https://handbook.gitlab.com/handbook/values/#results"),
            Some(("/handbook/values/".into(), Some("results".into())))
        );
        assert_eq!(split_target("https://example.com/x"), None);
        assert_eq!(split_target("mailto:widgets@example.com"), None);
    }
}
