//! Go to definition (a link's target: the heading of its anchor, the level
//! a reports-to link lands on, or the page), find references (every link in
//! the site to a heading's anchor) and rename (a heading, with every link to
//! its anchor, in one workspace edit).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::{ErrorCode, ResponseError};
use lsp_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams,
    RenameParams, TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit,
};
use rayon::prelude::*;

use crate::model::document::{Document, Link};
use crate::server::documents::uri_of;
use crate::server::page::{Page, land, offset_in, target_of};
use crate::server::positions::LineMap;
use crate::server::state::Server;

pub fn definition(
    server: &Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, ResponseError> {
    let at = params.text_document_position_params;
    let (path, doc) = server.document(&at.text_document.uri)?;
    let page = Page::parse(&path, doc.text.clone());
    let Some(offset) = offset_in(server, &path, at.position) else {
        return Ok(None);
    };
    let Some(link) = page.link_at(offset) else {
        return Ok(None);
    };
    let location = target_of(server, &path, link)
        .and_then(|target| land(server, &target, &link.text))
        .and_then(|landing| landing.location(server));
    Ok(location.map(GotoDefinitionResponse::Scalar))
}

/// The heading under the cursor: the page and the heading's index.
fn heading_under(
    server: &Server,
    at: &TextDocumentPositionParams,
) -> Result<Option<(Page, usize)>, ResponseError> {
    let (path, doc) = server.document(&at.text_document.uri)?;
    let page = Page::parse(&path, doc.text.clone());
    let heading = offset_in(server, &path, at.position).and_then(|o| page.heading_at(o));
    Ok(heading.map(|h| (page, h)))
}

pub fn references(
    server: &Server,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>, ResponseError> {
    let Some((page, heading)) = heading_under(server, &params.text_document_position)? else {
        return Ok(None);
    };
    let anchor = page.doc.headings[heading].anchor.clone();
    let mut locations: Vec<Location> = links_to(server, &page.path, &anchor)
        .into_iter()
        .filter_map(|found| location(server, &found.path, &found.text, found.span))
        .collect();
    if params.context.include_declaration {
        let span = page.doc.headings[heading].span.clone();
        locations.extend(page.location(server, span));
    }
    Ok(Some(locations))
}

/// A link to an anchor, found on some page.
struct Found {
    path: PathBuf,
    text: String,
    /// Where the link's destination is written (the whole link when it
    /// cannot be found verbatim).
    span: std::ops::Range<usize>,
    /// Where the fragment is written, when it can be edited in place.
    fragment: Option<std::ops::Range<usize>>,
}

/// Every link in the site (and in the open documents) that lands on
/// `anchor` of the page at `path`.
fn links_to(server: &Server, path: &Path, anchor: &str) -> Vec<Found> {
    let mut pages: Vec<PathBuf> = server.docs.paths().map(Path::to_path_buf).collect();
    if let Some(site) = server.site() {
        let content = site.root.join("content");
        pages.extend(site.pages().iter().map(|p| content.join(&p.file)));
    }
    if let Some(workspace) = &server.workspace {
        pages.extend(workspace.paths().map(Path::to_path_buf));
    }
    pages.sort();
    pages.dedup();
    let mut found: Vec<Found> = pages
        .par_iter()
        .filter_map(|page| {
            let text = server.text(page)?;
            // Most pages never spell the anchor: no need to parse them.
            if !text.to_lowercase().contains(anchor) {
                return None;
            }
            let doc = Document::parse(page, text);
            let hits: Vec<Found> = doc
                .links
                .iter()
                .filter(|link| lands_on(server, page, link, path, anchor))
                .map(|link| Found {
                    path: page.clone(),
                    text: doc.text.clone(),
                    span: link.url_span.clone().unwrap_or(link.span.clone()),
                    fragment: fragment_span(&doc, link),
                })
                .collect();
            Some(hits)
        })
        .flatten()
        .collect();
    found.sort_by(|a, b| (&a.path, a.span.start).cmp(&(&b.path, b.span.start)));
    found
}

fn lands_on(server: &Server, from: &Path, link: &Link, path: &Path, anchor: &str) -> bool {
    target_of(server, from, link)
        .is_some_and(|t| t.path == path && t.fragment.is_some_and(|f| f.to_lowercase() == anchor))
}

/// The fragment of a link's destination in the source: after its last `#`.
fn fragment_span(doc: &Document, link: &Link) -> Option<std::ops::Range<usize>> {
    let span = link.url_span.clone()?;
    let written = doc.text.get(span.clone())?;
    let hash = written.rfind('#')?;
    let end = written[hash..]
        .find(['?', '"', '\'', ' '])
        .map_or(written.len(), |i| hash + i);
    Some(span.start + hash + 1..span.start + end)
}

fn location(
    server: &Server,
    path: &Path,
    text: &str,
    span: std::ops::Range<usize>,
) -> Option<Location> {
    let lines = lines_of(server, path, text);
    Some(Location::new(uri_of(path)?, lines.range(text, span)))
}

fn lines_of(server: &Server, path: &Path, text: &str) -> LineMap {
    match server.docs.get(path) {
        Some(doc) => doc.lines.clone(),
        None => LineMap::new(text, server.docs.encoding),
    }
}

pub fn prepare_rename(
    server: &Server,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, ResponseError> {
    let Some((page, heading)) = heading_under(server, &params)? else {
        return Ok(None);
    };
    let heading = &page.doc.headings[heading];
    let lines = lines_of(server, &page.path, &page.doc.text);
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: lines.range(&page.doc.text, heading.text_span.clone()),
        placeholder: page.doc.text[heading.text_span.clone()].to_string(),
    }))
}

pub fn rename(
    server: &Server,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>, ResponseError> {
    let Some((page, heading)) = heading_under(server, &params.text_document_position)? else {
        return Err(ResponseError {
            code: ErrorCode::InvalidParams as i32,
            message: "rename works on a heading".to_string(),
            data: None,
        });
    };
    let new_name = params.new_name.trim();
    if new_name.is_empty() || new_name.contains(['\n', '\r']) {
        return Err(ResponseError {
            code: ErrorCode::InvalidParams as i32,
            message: "a heading's new name is one line of text".to_string(),
            data: None,
        });
    }
    let text = &page.doc.text;
    let old = &page.doc.headings[heading];
    // The new anchor is the one the renamed page gives the heading.
    let renamed = format!(
        "{}{new_name}{}",
        &text[..old.text_span.start],
        &text[old.text_span.end..]
    );
    let new_anchor = Document::parse(&page.path, renamed)
        .headings
        .get(heading)
        .map(|h| h.anchor.clone())
        .unwrap_or_else(|| old.anchor.clone());
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    let here = uri_of(&page.path).ok_or_else(|| ResponseError {
        code: ErrorCode::InternalError as i32,
        message: "the page has no file URI".to_string(),
        data: None,
    })?;
    let lines = lines_of(server, &page.path, text);
    changes.entry(here).or_default().push(TextEdit::new(
        lines.range(text, old.text_span.clone()),
        new_name.to_string(),
    ));
    if new_anchor != old.anchor {
        for found in links_to(server, &page.path, &old.anchor) {
            let (Some(span), Some(uri)) = (found.fragment, uri_of(&found.path)) else {
                continue;
            };
            let lines = lines_of(server, &found.path, &found.text);
            changes.entry(uri).or_default().push(TextEdit::new(
                lines.range(&found.text, span),
                new_anchor.clone(),
            ));
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}
