//! Hover: on a finding, its rule's explanation; on a reports-to link, the
//! level it lands on with that level's grade; on a grade link, the level's
//! grade and where the link goes; on a level's heading, its grade and whom
//! it reports to.

use std::path::Path;

use lsp_server::ResponseError;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::rules::rule_id::RuleId;
use crate::server::page::{Page, land, offset_in, target_of};
use crate::server::state::Server;

pub fn hover(server: &Server, params: HoverParams) -> Result<Option<Hover>, ResponseError> {
    let at = params.text_document_position_params;
    let (path, doc) = server.document(&at.text_document.uri)?;
    let text = doc.text.clone();
    let Some(offset) = offset_in(server, &path, at.position) else {
        return Ok(None);
    };
    let mut parts = findings_at(server, &path, offset);
    let page = Page::parse(&path, text);
    parts.extend(link_part(server, &page, offset));
    parts.extend(level_part(server, &page, offset));
    if parts.is_empty() {
        return Ok(None);
    }
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    }))
}

/// The findings around `offset`, each with its rule's explanation.
fn findings_at(server: &Server, path: &Path, offset: usize) -> Vec<String> {
    let Some(report) = server.report(path) else {
        return Vec::new();
    };
    report
        .findings
        .iter()
        .filter(|f| f.span.start <= offset && offset <= f.span.end)
        .map(|f| {
            // The run's explanation says what its rule files change.
            let explanation = server
                .engine()
                .and_then(|e| e.config.rule_set.explanation(f.rule))
                .unwrap_or_else(|| match f.rule {
                    RuleId::Builtin(code) => code.explanation(),
                    RuleId::Custom(_) => String::new(),
                });
            let help = f
                .help
                .as_ref()
                .map(|h| format!("\n\nhelp: {h}"))
                .unwrap_or_default();
            format!(
                "**{}** ({}): {}{help}\n\n{}",
                f.rule,
                f.severity,
                f.message,
                explanation.trim_end()
            )
        })
        .collect()
}

/// A reports-to or grade link under the cursor.
fn link_part(server: &Server, page: &Page, offset: usize) -> Option<String> {
    let link = page.link_at(offset)?;
    let index = page.doc.links.iter().position(|l| std::ptr::eq(l, link))?;
    let in_span = |l: Option<usize>| {
        l.and_then(|i| page.doc.links.get(i)).is_some_and(|outer| {
            outer.span.start <= link.span.start && link.span.end <= outer.span.end
        })
    };
    for (i, level) in page.family.levels.iter().enumerate() {
        let reports = level.reports_to.as_ref().and_then(|r| r.link);
        if reports == Some(index) || in_span(reports) {
            let target = target_of(server, &page.path, link)?;
            let landing = land(server, &target, &link.text)?;
            let name = &page.model.levels[i].name;
            return Some(match landing.level {
                Some(l) => {
                    let manager = &landing.page.model.levels[l];
                    format!(
                        "The **{name}** reports to the **{}**, {}{}.",
                        manager.name,
                        grade_words(manager.grade),
                        shown_url(&target.url)
                    )
                }
                None => format!(
                    "The **{name}** reports to `{}`, which is no level{}.",
                    link.url,
                    shown_url(&target.url)
                ),
            });
        }
        let grade_link = level.grade.as_ref().and_then(|g| g.link);
        if grade_link == Some(index) || in_span(grade_link) {
            let model = &page.model.levels[i];
            let heading = target_of(server, &page.path, link)
                .and_then(|t| land(server, &t, &link.text))
                .and_then(|l| Some(l.page.doc.headings[l.heading?].text.clone()));
            let to = heading
                .map(|h| format!(" The link goes to **{h}**."))
                .unwrap_or_default();
            return Some(format!(
                "The **{}** is {}.{to}",
                model.name,
                grade_words(model.grade)
            ));
        }
    }
    None
}

/// A level's heading under the cursor: its grade and whom it reports to.
fn level_part(server: &Server, page: &Page, offset: usize) -> Option<String> {
    let heading = page.heading_at(offset)?;
    let index = page.level_of_heading(heading)?;
    let level = &page.model.levels[index];
    let mut text = format!("**{}**: {}", level.name, grade_words(level.grade));
    let reports = page.family.levels[index]
        .reports_to
        .as_ref()
        .and_then(|r| r.link)
        .and_then(|i| page.doc.links.get(i));
    match reports {
        Some(link) => {
            let landing =
                target_of(server, &page.path, link).and_then(|t| land(server, &t, &link.text));
            match landing.and_then(|l| Some((l.level?, l))) {
                Some((l, landing)) => {
                    let manager = &landing.page.model.levels[l];
                    text.push_str(&format!(
                        "; reports to the **{}**, {}",
                        manager.name,
                        grade_words(manager.grade)
                    ));
                }
                None => text.push_str(&format!("; reports to `{}`", link.url)),
            }
        }
        None if level.says_reports_to => text.push_str("; its reports-to sentence has no link"),
        None => text.push_str("; says nobody it reports to"),
    }
    text.push('.');
    Some(text)
}

fn grade_words(grade: Option<u32>) -> String {
    match grade {
        Some(n) => format!("grade {n}"),
        None => "no grade stated".to_string(),
    }
}

fn shown_url(url: &Option<String>) -> String {
    url.as_ref()
        .map(|u| format!(" (`{u}`)"))
        .unwrap_or_default()
}
