use crate::model::placeholder::placeholder_section;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags template placeholders left in a page: `{add responsibilities}`,
/// `{insert grade}`, and the markers `TBD`, `TODO`, `TBA`, `XXX` where they stand
/// in for content (alone, at the start of a line, or after a colon). The
/// expression is in `rules/template-placeholder.yaml`; the finding sits at the
/// placeholder, without the colon or parenthesis before it. A marker that is
/// all a section holds (`#### Requirements` then `TBD`) is reported once, by
/// `empty-section`, at the section's heading.
///
/// Applies to job-family pages.
///
/// ## What it does not catch
/// - Markers inside a sentence ("the TODO list"), which read as words.
/// - Placeholders in other brackets (`[insert grade]`, `<role>`) or in other
///   words ("Lorem ipsum", "to be written").
///
/// A team can add its own placeholders with a rule file that extends this
/// rule (`id: template-placeholder`, `extends: true`, `tokens:` or
/// `patterns:`).
///
/// ## Why is this bad?
/// A placeholder is an unfinished page published as finished: readers cannot
/// tell what the role really requires.
///
/// ## Example
/// ```markdown
/// - {add the level's requirements here}
/// - Sales: TBD
/// ```
/// Fill in the content, or remove the line.
pub struct TemplatePlaceholder;

impl TemplatePlaceholder {
    pub fn new(_: &RuleData) -> Self {
        TemplatePlaceholder
    }
}

impl Rule for TemplatePlaceholder {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let Some(rule) = ctx.rule_file(RuleCode::TemplatePlaceholder) else {
            return;
        };
        for m in rule.page_matches(ctx) {
            // The lead-in (": ", "(") only anchors the marker; report the marker.
            let marker = m.text.trim_start_matches([':', '(', ' ', '\t']);
            if rule.is_exception(marker) {
                continue;
            }
            let span = m.span.end - marker.len()..m.span.end;
            // A section that holds only the marker is `empty-section`'s
            // finding, at its heading: one finding for one gap.
            if doc
                .heading_at(span.start)
                .is_some_and(|h| placeholder_section(doc, h).is_some())
            {
                continue;
            }
            out.push(rule.diagnostic(span, marker, None, None));
        }
    }
}
