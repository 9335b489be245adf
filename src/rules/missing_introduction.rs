use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{BlockKind, Document};
use crate::model::job_family::{Template, mentions_reports_to};
use crate::model::sections::{is_grade_heading, is_levels_heading, normalized_heading};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that a job family describes the role before its first section: at
/// least one paragraph before the `Levels` heading, the first `Job Grade`
/// heading, the family's `Responsibilities` or `Requirements`, or a grade
/// table, whichever comes first (or anywhere, on a page without them), and
/// before any other section. The paragraph
/// may sit under a heading that names an introduction (`## Overview`, `##
/// Intro`, `## Summary`, `## About the role`), after a table of contents
/// (`## On this page`), or under the page's title written as a `#` heading.
/// Under any other heading it describes that section, not the family: the
/// first level (`## Widget Analyst`), the one role of a single-role page
/// (`## Chief Widget Officer`), or a heading such as `## Widget Roles at
/// GitLab` or `## What it's like to work on widgets`. A video, a list, and a
/// sentence that only says whom the role reports to are not a description.
///
/// It applies to job families with at least one level or grade (single-role
/// pages included, and a page declared a job family but left empty after
/// its front matter); pages with no levels at all (indexes, matrices, a stub
/// that says where the page moved) are not checked. It is reported at
/// the front matter's `title:` line, like `missing-section`. It does not
/// judge the paragraph: one sentence that names the team counts, and so does
/// a short line before the first heading ("This position is remote.").
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

/// A heading an introduction may sit under: one that names an introduction
/// (`## Overview`, `## About the role`), a table of contents, or the page's
/// title written again as its one `#` heading (or front matter that lost
/// its opening `---`, which reads as a heading). Any other heading opens a
/// section (`## Widget Engineer`, `## Widget Roles at GitLab`), and a
/// paragraph under it describes that section, not the family.
fn may_introduce(depth: u8, text: &str) -> bool {
    let text = normalized_heading(text);
    // Front matter without its opening `---` reads as a setext heading.
    let front_matter = text.starts_with("layout:") || text.starts_with("title:");
    depth == 1
        || front_matter
        || INTRODUCTION_HEADING.is_match(&text)
        || matches!(
            text.as_str(),
            "on this page" | "contents" | "table of contents"
        )
}

static INTRODUCTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:intro|introduction|overview|a brief overview|summary|description|(?:role|job|position) description|about(?: (?:the|this) (?:role|position|team|job))?)$",
    )
    .expect("valid regex")
});

/// Where the page describes the role before `end`: `Ok(())` when a paragraph
/// does so where an introduction belongs; else the heading of the first
/// section with such a paragraph under it, if any.
fn describes(doc: &Document, start: usize, end: usize) -> Result<(), Option<usize>> {
    let misplaced_under = |offset: usize| {
        std::iter::successors(doc.heading_at(offset), |&i| doc.headings[i].parent)
            .find(|&i| !may_introduce(doc.headings[i].depth, &doc.headings[i].text))
    };
    let mut misplaced = None;
    for b in doc
        .blocks
        .iter()
        .take_while(|b| b.span.start < end)
        .filter(|b| b.span.start >= start && b.kind == BlockKind::Paragraph)
        .filter(|b| !doc.items.iter().any(|i| i.contains(&b.span.start)))
    {
        let words = b.text.split_whitespace().count();
        // `{:toc}` and other attribute lines are no prose; a bare reporting
        // line is no description.
        if words < 3
            || b.text.trim_start().starts_with("{:")
            || (mentions_reports_to(&b.text) && words < 25)
        {
            continue;
        }
        match misplaced_under(b.span.start) {
            None => return Ok(()),
            Some(heading) => {
                misplaced.get_or_insert(heading);
            }
        }
    }
    Err(misplaced)
}

impl Rule for MissingIntroduction {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (doc, family) = (ctx.doc, ctx.family);
        // The pages `missing-section` checks: a page left empty after its
        // front matter has no introduction either.
        if family.template == Template::None {
            return;
        }
        let end = structure_start(doc).unwrap_or(doc.text.len());
        let Err(misplaced) = describes(doc, doc.body_start(), end) else {
            return;
        };
        let diagnostic = match misplaced {
            Some(heading) => {
                let text = &doc.headings[heading].text;
                Diagnostic::new(
                    RuleCode::MissingIntroduction,
                    doc.title_span(),
                    format!("job family has no introduction before its first section: the description sits under `{text}`"),
                )
                .with_help(format!("move the paragraph that describes the role above `{text}`, or write one there"))
            }
            None => Diagnostic::new(
                RuleCode::MissingIntroduction,
                doc.title_span(),
                "job family has no introduction before its first section".to_string(),
            )
            .with_help("add a paragraph before the first section that says what the role is for and which team it belongs to"),
        };
        out.push(diagnostic);
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
    fn a_description_under_a_section_heading_is_no_introduction() {
        // Under the one role's heading, the first level's, or a section's.
        assert!(fires(
            "---\ntitle: W\n---\n\n## Widget Engineer\n\nThe Widget Engineer builds the platform every team uses.\n\n### Job Grade\n\nThe Widget Engineer is a grade 6.\n"
        ));
        assert!(fires(&format!(
            "---\ntitle: W\n---\n\n## Widget Roles at GitLab\n\nWidget Engineers build the widget platform.\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(fires(&format!(
            "---\ntitle: W\n---\n\n## On this page\n\n- TOC\n\n## Role\n\nWidget Engineers build the widget platform.\n\n## Levels\n\n{LEVEL}"
        )));
    }

    #[test]
    fn a_paragraph_before_the_structure_is_an_introduction() {
        assert!(!fires(&format!(
            "---\ntitle: W\n---\n\nWidget Engineers build widgets.\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(!fires(&format!(
            "---\ntitle: W\n---\n\n## Overview\n\nWidget Engineers build the widget platform.\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(!fires(&format!(
            "---\ntitle: W\n---\n\n# Widget Engineering\n\nWidget Engineers build the widget platform.\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(!fires(&format!(
            "---\ntitle: W\n---\n\n## On this page\n\n- TOC\n\nWidget Engineers build the widget platform.\n\n## Levels\n\n{LEVEL}"
        )));
        assert!(!fires(&format!(
            "---\ntitle: W\n---\n\n## About the role\n\nWidget Engineers build the widget platform.\n\n## Levels\n\n{LEVEL}"
        )));
        // No levels: not checked.
        assert!(!fires("---\ntitle: W\n---\n\n## Levels\n\nNone yet.\n"));
    }
}
