use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{BlockKind, Document};
use crate::model::placeholder::placeholder_section;
use crate::model::sections::{is_generic_section, is_levels_heading};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags a heading with nothing under it before the next heading of the same
/// or a higher level, and one with only a placeholder under it ("TBD",
/// "To be defined at time of business need", "Coming soon", alone or as the
/// only bullets), at the heading. Sub-headings with content count as content; a heading
/// whose only sub-headings are empty is left to them, so each gap is reported
/// once. HTML comments, bare anchors and horizontal rules are not content.
/// Not reported: a page's first heading used as a banner above the first real
/// section (unless it is a job-family section such as `Levels`), a last
/// `Footnotes` heading that the page's footnotes render under, short label
/// headings (`#### Status: Ready`), a level whose Job Grade, Responsibilities
/// or Requirements follow at its own depth (`heading-level` reports them),
/// and template pages (`template.md`,
/// `_template.md`), skeletons meant to be copied.
///
/// ## Why is this bad?
/// An empty section is usually a requirement or responsibility list that was
/// never written, or a heading left behind by a move; readers of the page see
/// a promise with nothing behind it.
///
/// ## Example
/// ```markdown
/// #### Staff Widget Engineer Requirements
///
/// #### Staff Widget Engineer Performance Indicators
/// ```
/// Write the requirements, or remove the heading.
pub struct EmptySection;

/// HTML that renders nothing: comments and bare anchors.
/// A one-word key and a short value: a label set as a heading, not a section.
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\w+:\s+\S+(?:\s+\S+)?$").expect("valid regex"));

static INVISIBLE_HTML: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--.*?-->|<a\s[^>]*>\s*</a\s*>|<a\s[^>]*/>").expect("valid regex")
});

impl EmptySection {
    pub fn new(_: &RuleData) -> Self {
        EmptySection
    }
}

/// Whether anything readable starts inside `range`.
fn has_content(doc: &Document, range: std::ops::Range<usize>) -> bool {
    doc.blocks.iter().any(|b| {
        range.contains(&b.span.start)
            && match b.kind {
                BlockKind::ThematicBreak => false,
                BlockKind::HtmlBlock => doc
                    .text
                    .get(b.span.clone())
                    .is_some_and(|html| !INVISIBLE_HTML.replace_all(html, "").trim().is_empty()),
                _ => true,
            }
    })
}

/// Whether the page is a skeleton to copy (`…template.md`).
fn is_template(doc: &Document) -> bool {
    doc.path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.to_ascii_lowercase().ends_with("template"))
}

impl Rule for EmptySection {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        if is_template(doc) {
            return;
        }
        for (i, heading) in doc.headings.iter().enumerate() {
            let end = doc.section_end(i);
            let has_subheadings = doc
                .headings
                .get(i + 1)
                .is_some_and(|next| next.span.start < end);
            if has_subheadings {
                continue;
            }
            if has_content(doc, heading.span.end..end) {
                if let Some(span) = placeholder_section(doc, i) {
                    let placeholder = doc.text[span].trim_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '*' | '_' | '-' | '`')
                    });
                    out.push(
                        Diagnostic::new(
                            RuleCode::EmptySection,
                            heading.text_span.clone(),
                            format!(
                                "section `{}` holds only a placeholder (`{placeholder}`)",
                                heading.text
                            ),
                        )
                        .with_help("write the section's content, or remove the heading"),
                    );
                }
                continue;
            }
            let banner =
                i == 0 && !is_generic_section(&heading.text) && !is_levels_heading(&heading.text);
            let footnotes = i + 1 == doc.headings.len()
                && heading.text.eq_ignore_ascii_case("footnotes")
                && doc.blocks.iter().any(|b| b.kind == BlockKind::Other);
            // A level whose own sections follow at its depth is not empty:
            // the model gives them to it, and `heading-level` reports them.
            let flattened = ctx
                .family
                .levels
                .iter()
                .any(|l| l.heading == Some(i) && l.extent.end > end);
            if banner || footnotes || flattened || LABEL.is_match(&heading.text) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RuleCode::EmptySection,
                    heading.text_span.clone(),
                    format!("section `{}` is empty", heading.text),
                )
                .with_help("write the section's content, or remove the heading"),
            );
        }
    }
}
