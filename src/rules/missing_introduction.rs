use crate::model::document::{BlockKind, Document};
use crate::model::job_family::mentions_reports_to;
use crate::model::sections::{is_grade_heading, is_levels_heading, normalized_heading};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that a job family describes the role before its first section: at
/// least one paragraph before the `Levels` heading, the first `Job Grade`
/// heading, the family's `Responsibilities` or `Requirements`, or a grade
/// table, whichever comes first. The paragraph may sit under an opening
/// heading of its own (`## Overview`, `## Widget Engineer`). A table of
/// contents (`## On this page`), a video, a list, and a sentence that only
/// says whom the role reports to are not a description.
///
/// It applies to job families with at least one level or grade (single-role
/// pages included); pages with no levels at all (indexes, matrices) are not
/// checked. It is reported at the front matter's `title:` line, like
/// `missing-section`. It does not judge the paragraph: one sentence that
/// names the team counts.
///
/// ## Why is this bad?
/// The introduction is what candidates read first and what search results
/// show: a page that opens with `## Levels` or a grade table tells nobody
/// what the role is for.
///
/// ## Example
/// ```markdown
/// ---
/// title: "Widget Engineer"
/// ---
///
/// ## Levels
/// ```
/// Use instead:
/// ```markdown
/// Widget Engineers build and run the widget platform that every team uses.
///
/// ## Levels
/// ```
pub struct MissingIntroduction;

impl MissingIntroduction {
    pub fn new(_: &RuleData) -> Self {
        MissingIntroduction
    }
}

/// A heading that opens the family's structure: `Levels`, a `Job Grade`, or
/// the family's own `Responsibilities` or `Requirements`.
fn opens_structure(text: &str) -> bool {
    let text = normalized_heading(text);
    is_levels_heading(&text)
        || is_grade_heading(&text)
        || text == "responsibilities"
        || text == "requirements"
}

/// Where the family's structure starts: its first structural heading or
/// table.
fn structure_start(doc: &Document) -> Option<usize> {
    let heading = doc
        .headings
        .iter()
        .find(|h| opens_structure(&h.text))
        .map(|h| h.span.start);
    let table = doc
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Table)
        .map(|b| b.span.start);
    heading.into_iter().chain(table).min()
}

fn describes(doc: &Document, start: usize, end: usize) -> bool {
    doc.blocks
        .iter()
        .take_while(|b| b.span.start < end)
        .filter(|b| b.span.start >= start && b.kind == BlockKind::Paragraph)
        .filter(|b| !doc.items.iter().any(|i| i.contains(&b.span.start)))
        .any(|b| {
            let words = b.text.split_whitespace().count();
            // `{:toc}` and other attribute lines are no prose; a bare
            // reporting line is no description.
            words >= 3
                && !b.text.trim_start().starts_with("{:")
                && !(mentions_reports_to(&b.text) && words < 25)
        })
}

impl Rule for MissingIntroduction {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (doc, family) = (ctx.doc, ctx.family);
        if family.levels.is_empty() {
            return;
        }
        let Some(end) = structure_start(doc) else {
            return;
        };
        if describes(doc, doc.body_start(), end) {
            return;
        }
        out.push(
            Diagnostic::new(
                RuleCode::MissingIntroduction,
                doc.title_span(),
                "job family has no introduction before its first section".to_string(),
            )
            .with_help("add a paragraph before the first section that says what the role is for and which team it belongs to"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn fires(text: &str) -> bool {
        let (_, out) = check_page(&MissingIntroduction, "content/job-families/x/y.md", text);
        !out.is_empty()
    }

    const LEVEL: &str =
        "### Widget Engineer\n\n#### Job Grade\n\nThe Widget Engineer is a grade 6.\n";

    #[test]
    fn a_page_opening_with_levels_has_no_introduction() {
        assert!(fires(&format!(
            "---\ntitle: W\n---\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(fires(&format!(
            "---\ntitle: W\n---\n\n## On this page\n\n- TOC\n{{:toc}}\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(fires(&format!(
            "---\ntitle: W\n---\n\n| Role | Grade |\n| --- | --- |\n| Widget Engineer | 6 |\n\n{LEVEL}"
        )));
        assert!(fires(
            "---\ntitle: W\n---\n\n## Widget Engineer\n\nThe Widget Engineer reports to the Manager.\n\n### Job Grade\n\nThe Widget Engineer is a grade 6.\n"
        ));
    }

    #[test]
    fn a_paragraph_before_the_structure_is_an_introduction() {
        assert!(!fires(&format!(
            "---\ntitle: W\n---\n\nWidget Engineers build widgets.\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(!fires(&format!(
            "---\ntitle: W\n---\n\n## Overview\n\nWidget Engineers build the widget platform.\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(!fires(
            "---\ntitle: W\n---\n\n## Widget Engineer\n\nThe Widget Engineer builds the platform every team uses.\n\n### Job Grade\n\nThe Widget Engineer is a grade 6.\n"
        ));
        // No levels: not checked.
        assert!(!fires("---\ntitle: W\n---\n\n## Levels\n\nNone yet.\n"));
    }
}
