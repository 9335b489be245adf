//! Completion: the page's anchors after `](#`; the site's pages after
//! `](/job-families/` or `](/handbook/`, and their anchors after the page's
//! `#`; and, on a new line after a level's Job Grade sentence, the standard
//! reports-to sentence ("The Senior Widget Engineer reports to the
//! [Manager, Widget Engineering](#manager-widget-engineering).").

use std::path::Path;
use std::sync::LazyLock;

use lsp_server::ResponseError;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    CompletionTextEdit, Range, TextEdit,
};
use regex::Regex;

use crate::server::page::Page;
use crate::server::state::Server;
use crate::site::Resolved;

/// At most this many pages are offered at once; typing more narrows them.
const MAX_PAGES: usize = 100;

static IN_PAGE_ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(#([^)\s#]*)$").expect("valid regex"));
static SITE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\((/(?:job-families|handbook)/[^)\s#]*)(#[^)\s#]*)?$").expect("valid regex")
});
/// The start of a sentence, as far as "The " goes.
static SENTENCE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:T(?:h(?:e(?:\s.*)?)?)?)?$").expect("valid regex"));

pub fn complete(
    server: &Server,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>, ResponseError> {
    let at = params.text_document_position;
    let (path, doc) = server.document(&at.text_document.uri)?;
    let text = doc.text.clone();
    let lines = doc.lines.clone();
    let offset = lines.offset(&text, at.position);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let range_from = |start: usize| Range::new(lines.position(&text, start), at.position);

    if let Some(caps) = IN_PAGE_ANCHOR.captures(before) {
        let start = line_start + caps.get(1).map_or(before.len(), |m| m.start());
        let page = Page::parse(&path, text.clone());
        let items = anchor_items(&page, range_from(start));
        return Ok(Some(CompletionResponse::Array(items)));
    }
    if let Some(caps) = SITE_LINK.captures(before) {
        let url = caps.get(1).map_or("", |m| m.as_str());
        if let Some(fragment) = caps.get(2) {
            // Past the `#`: the anchors of the page the path names.
            let start = line_start + fragment.start() + 1;
            let items = page_anchor_items(server, &path, url, range_from(start));
            return Ok(Some(CompletionResponse::Array(items)));
        }
        let start = line_start + caps.get(1).map_or(0, |m| m.start());
        return Ok(Some(page_items(server, url, range_from(start))));
    }
    if SENTENCE_START.is_match(before) {
        let page = Page::parse(&path, text.clone());
        let indent = before.len() - before.trim_start().len();
        let items = reports_to_items(&page, offset, range_from(line_start + indent));
        if !items.is_empty() {
            return Ok(Some(CompletionResponse::Array(items)));
        }
    }
    Ok(None)
}

fn edit(range: Range, text: String) -> Option<CompletionTextEdit> {
    Some(CompletionTextEdit::Edit(TextEdit::new(range, text)))
}

/// The page's heading anchors (with their text) and HTML ids.
fn anchor_items(page: &Page, range: Range) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = page
        .doc
        .headings
        .iter()
        .map(|h| CompletionItem {
            label: h.anchor.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(h.text.clone()),
            text_edit: edit(range, h.anchor.clone()),
            ..CompletionItem::default()
        })
        .collect();
    items.extend(page.doc.html_anchors.iter().map(|id| CompletionItem {
        label: id.clone(),
        kind: Some(CompletionItemKind::REFERENCE),
        detail: Some("HTML id".to_string()),
        text_edit: edit(range, id.clone()),
        ..CompletionItem::default()
    }));
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.label.clone()));
    items
}

/// The anchors of the site page at `url`.
fn page_anchor_items(server: &Server, from: &Path, url: &str, range: Range) -> Vec<CompletionItem> {
    let Some(site) = server.site() else {
        return Vec::new();
    };
    let here = site.content_path(from);
    let Resolved::Page(entry) = site.resolve_link(here.as_deref(), url) else {
        return Vec::new();
    };
    let file = site.root.join("content").join(&entry.file);
    match Page::load(server, &file) {
        Some(page) => anchor_items(&page, range),
        None => {
            let mut anchors: Vec<&String> = entry.anchors().set.iter().collect();
            anchors.sort();
            anchors
                .into_iter()
                .map(|a| CompletionItem {
                    label: a.clone(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    text_edit: edit(range, a.clone()),
                    ..CompletionItem::default()
                })
                .collect()
        }
    }
}

/// The site's pages whose URL starts with what is typed.
fn page_items(server: &Server, typed: &str, range: Range) -> CompletionResponse {
    let Some(site) = server.site() else {
        return CompletionResponse::Array(Vec::new());
    };
    let typed = typed.to_lowercase();
    let mut matching: Vec<(&str, &str)> = site
        .pages()
        .iter()
        .filter(|p| p.url.starts_with(&typed))
        .map(|p| (p.url.as_str(), p.file.as_str()))
        .collect();
    matching.sort();
    matching.dedup_by_key(|(url, _)| *url);
    let complete = matching.len() <= MAX_PAGES;
    let items = matching
        .into_iter()
        .take(MAX_PAGES)
        .map(|(url, file)| CompletionItem {
            label: url.to_string(),
            kind: Some(CompletionItemKind::FILE),
            detail: Some(format!("content/{file}")),
            text_edit: edit(range, url.to_string()),
            ..CompletionItem::default()
        })
        .collect();
    CompletionResponse::List(CompletionList {
        is_incomplete: !complete,
        items,
    })
}

/// On a line of its own after a level's grade sentence, in a level that
/// says nobody it reports to: "The LEVEL reports to the [MANAGER](#anchor)."
/// for each level of the page with a higher grade.
fn reports_to_items(page: &Page, offset: usize, range: Range) -> Vec<CompletionItem> {
    let Some(index) = page
        .family
        .levels
        .iter()
        .position(|l| l.extent.start <= offset && offset <= l.extent.end)
    else {
        return Vec::new();
    };
    let level = &page.family.levels[index];
    let Some(grade) = &level.grade else {
        return Vec::new();
    };
    if grade.sentence.end > offset || level.reports_to.is_some() {
        return Vec::new();
    }
    let model = &page.model.levels[index];
    let own = model.grade.unwrap_or(0);
    let mut managers: Vec<&crate::model::family_model::LevelModel> = page
        .model
        .levels
        .iter()
        .filter(|m| m.grade.is_some_and(|g| g > own) && m.anchor.is_some())
        .collect();
    managers.sort_by_key(|m| m.grade);
    let sentence = |manager: &str, anchor: &str| {
        format!("The {} reports to the [{manager}](#{anchor}).", model.name)
    };
    let mut items: Vec<CompletionItem> = managers
        .into_iter()
        .map(|m| {
            let text = sentence(&m.name, m.anchor.as_deref().unwrap_or(""));
            CompletionItem {
                label: text.clone(),
                kind: Some(CompletionItemKind::TEXT),
                detail: Some(format!("reports to a grade {}", m.grade.unwrap_or(0))),
                filter_text: Some(text.clone()),
                text_edit: edit(range, text),
                ..CompletionItem::default()
            }
        })
        .collect();
    // The sentence with the manager to fill in (a level on another page).
    let text = sentence("Manager", "manager");
    items.push(CompletionItem {
        label: text.clone(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some("the reports-to sentence; name the manager".to_string()),
        filter_text: Some(text.clone()),
        text_edit: edit(range, text),
        ..CompletionItem::default()
    });
    items
}
