//! A page parsed for the features that read its structure (hover, symbols,
//! navigation, completion), and where its links lead: a page of the site,
//! a heading on it, a level of its job family.

use std::ops::Range;
use std::path::{Path, PathBuf};

use lsp_types::{Location, Position};

use crate::model::document::{Document, Link, LinkKind};
use crate::model::family_model::PageModel;
use crate::model::job_family::JobFamily;
use crate::server::documents::uri_of;
use crate::server::positions::LineMap;
use crate::server::state::Server;
use crate::site::Resolved;

/// One page: its document, job family and model.
pub struct Page {
    pub path: PathBuf,
    pub doc: Document,
    pub family: JobFamily,
    pub model: PageModel,
}

impl Page {
    pub fn parse(path: &Path, text: String) -> Page {
        let doc = Document::parse(path, text);
        let family = JobFamily::build(&doc);
        let model = PageModel::build(&doc, &family);
        Page {
            path: path.to_path_buf(),
            doc,
            family,
            model,
        }
    }

    /// The page at `path` as the server sees it (buffer or file).
    pub fn load(server: &Server, path: &Path) -> Option<Page> {
        Some(Page::parse(path, server.text(path)?))
    }

    /// The innermost link around `offset` (a Hugo ref inside a Markdown
    /// link's destination wins over the link).
    pub fn link_at(&self, offset: usize) -> Option<&Link> {
        self.doc
            .links
            .iter()
            .filter(|l| l.span.start <= offset && offset <= l.span.end)
            .min_by_key(|l| l.span.len())
    }

    /// The heading around `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<usize> {
        self.doc
            .headings
            .iter()
            .position(|h| h.span.start <= offset && offset <= h.span.end)
    }

    /// The heading with this anchor (compared without case).
    pub fn heading_with_anchor(&self, anchor: &str) -> Option<usize> {
        let anchor = anchor.to_lowercase();
        self.doc.headings.iter().position(|h| h.anchor == anchor)
    }

    /// The level a heading opens, if it is one.
    pub fn level_of_heading(&self, heading: usize) -> Option<usize> {
        self.family
            .levels
            .iter()
            .position(|l| l.heading == Some(heading))
    }

    /// A span of this page as a location, positions in the client's encoding.
    pub fn location(&self, server: &Server, span: Range<usize>) -> Option<Location> {
        let lines = match server.docs.get(&self.path) {
            Some(doc) => doc.lines.clone(),
            None => LineMap::new(&self.doc.text, server.docs.encoding),
        };
        Some(Location::new(
            uri_of(&self.path)?,
            lines.range(&self.doc.text, span),
        ))
    }
}

/// Where a link leads: a page (this one for `#x`) and maybe an anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub fragment: Option<String>,
    /// The page's URL, for pages of the site.
    pub url: Option<String>,
}

/// Where a link of the page at `from` leads, if it stays in the site.
pub fn target_of(server: &Server, from: &Path, link: &Link) -> Option<Target> {
    if link.kind == LinkKind::Image {
        return None;
    }
    let (path, fragment) = crate::site::reporting::split_target(&link.url)?;
    if path.is_empty() {
        return Some(Target {
            path: from.to_path_buf(),
            fragment,
            url: None,
        });
    }
    let site = server.site()?;
    let here = site.content_path(from);
    let resolved = match link.kind {
        LinkKind::HugoRef => site.resolve_ref(here.as_deref(), &path),
        _ => site.resolve_link(here.as_deref(), &path),
    };
    let Resolved::Page(entry) = resolved else {
        return None;
    };
    let file = site.root.join("content").join(&entry.file);
    Some(Target {
        path: file,
        fragment,
        url: Some(entry.url.clone()),
    })
}

/// The heading (span) and level a target lands on, on its page.
pub struct Landing {
    pub page: Page,
    pub heading: Option<usize>,
    /// Index into the page model's levels.
    pub level: Option<usize>,
}

/// Reads the target's page and finds what the link lands on: the heading
/// of its anchor, and the level that holds it (or, without an anchor, the
/// page's only level, or the one the link's text names).
pub fn land(server: &Server, target: &Target, link_text: &str) -> Option<Landing> {
    let page = Page::load(server, &target.path)?;
    let (heading, level) = match &target.fragment {
        Some(fragment) => (
            page.heading_with_anchor(fragment),
            page.model.level_of_anchor(fragment),
        ),
        None => {
            let level = match page.model.levels.len() {
                1 => Some(0),
                _ => page
                    .model
                    .level_named(link_text)
                    .or_else(|| page.model.level_named_loosely(link_text)),
            };
            (None, level)
        }
    };
    Some(Landing {
        page,
        heading,
        level,
    })
}

impl Landing {
    /// Where to go: the heading, else the level's heading, else the top.
    pub fn location(&self, server: &Server) -> Option<Location> {
        let span = self
            .heading
            .map(|h| self.page.doc.headings[h].span.clone())
            .or_else(|| {
                let level = &self.page.model.levels[self.level?];
                level.heading.as_ref().map(|h| h.span.clone())
            })
            .unwrap_or(0..0);
        self.page.location(server, span)
    }
}

/// The byte offset of an LSP position in an open document.
pub fn offset_in(server: &Server, path: &Path, position: Position) -> Option<usize> {
    let doc = server.docs.get(path)?;
    Some(doc.lines.offset(&doc.text, position))
}
