//! The document outline: the page's headings as a tree, with each level of
//! the job family marked as the main kind of entry (a class) and its grade
//! as its detail.

use lsp_server::ResponseError;
use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use crate::server::page::Page;
use crate::server::positions::LineMap;
use crate::server::state::Server;

pub fn document_symbols(
    server: &Server,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, ResponseError> {
    let (path, doc) = server.document(&params.text_document.uri)?;
    let lines = doc.lines.clone();
    let page = Page::parse(&path, doc.text.clone());
    Ok(Some(DocumentSymbolResponse::Nested(outline(&page, &lines))))
}

/// The headings as a tree: each heading's children are the headings it
/// encloses.
pub fn outline(page: &Page, lines: &LineMap) -> Vec<DocumentSymbol> {
    let doc = &page.doc;
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); doc.headings.len()];
    let mut roots = Vec::new();
    for (i, heading) in doc.headings.iter().enumerate() {
        match heading.parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    roots
        .into_iter()
        .map(|i| symbol(page, lines, &children, i))
        .collect()
}

fn symbol(page: &Page, lines: &LineMap, children: &[Vec<usize>], i: usize) -> DocumentSymbol {
    let doc = &page.doc;
    let heading = &doc.headings[i];
    let range = lines.range(&doc.text, heading.span.start..doc.section_end(i));
    let selection = lines.range(&doc.text, heading.span.clone());
    let level = page.level_of_heading(i).map(|l| &page.model.levels[l]);
    let (kind, detail) = match level {
        Some(level) => (
            SymbolKind::CLASS,
            Some(match level.grade {
                Some(n) => format!("grade {n}"),
                None => "no grade".to_string(),
            }),
        ),
        None => (SymbolKind::STRING, None),
    };
    let name = if heading.text.trim().is_empty() {
        format!("#{}", heading.anchor)
    } else {
        heading.text.clone()
    };
    #[allow(deprecated)]
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: Some(
            children[i]
                .iter()
                .map(|&c| symbol(page, lines, children, c))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::positions::Encoding;
    use std::path::Path;

    #[test]
    fn levels_are_classes_with_their_grades() {
        let text = "---\ntitle: Widget Engineer\n---\n\nWidget Engineers build widgets.\n\n## Levels\n\n\
                    ### Widget Engineer\n\n#### Job Grade\n\nThe Widget Engineer is a grade 6.\n\n\
                    ### Senior Widget Engineer\n\n#### Job Grade\n\nThe Senior Widget Engineer is a grade 7.\n";
        let page = Page::parse(
            Path::new("content/job-families/widget-engineer.md"),
            text.to_string(),
        );
        let lines = LineMap::new(text, Encoding::Utf16);
        let outline = outline(&page, &lines);
        assert_eq!(outline.len(), 1);
        assert_eq!(outline[0].name, "Levels");
        let levels = outline[0].children.as_ref().unwrap();
        let shown: Vec<(&str, Option<&str>, SymbolKind)> = levels
            .iter()
            .map(|s| (s.name.as_str(), s.detail.as_deref(), s.kind))
            .collect();
        assert_eq!(
            shown,
            [
                ("Widget Engineer", Some("grade 6"), SymbolKind::CLASS),
                ("Senior Widget Engineer", Some("grade 7"), SymbolKind::CLASS)
            ]
        );
        assert_eq!(levels[0].children.as_ref().unwrap()[0].name, "Job Grade");
    }
}
