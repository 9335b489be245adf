use std::sync::LazyLock;

use regex::Regex;

use crate::language::phrases::run_range;
use crate::model::placeholder::placeholder_section;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags template placeholders left in a page: `{add responsibilities}`,
/// `{insert grade}`, and the markers `TBD`, `TODO`, `TBA`, `XXX` where they stand
/// in for content (alone, at the start of a line, or after a colon). A marker
/// that is all a section holds (`#### Requirements` then `TBD`) is reported
/// once, by `empty-section`, at the section's heading.
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

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \{\s*(?i:add|insert|enter|describe|list|fill|include|replace|todo|tbd|placeholder|role|title|level)\b[^{}\n]{0,120}\}
        | (?:^|:\s*|\(\s*)\b(?:TBD|TODO|TBA|XXX)\b
        | \b(?:TBD|TODO|TBA|XXX)\b\s*[:.)]?\s*$
        ",
    )
    .expect("valid regex")
});

impl TemplatePlaceholder {
    pub fn new(_: &RuleData) -> Self {
        TemplatePlaceholder
    }
}

impl Rule for TemplatePlaceholder {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for run in &doc.prose {
            for m in PLACEHOLDER.find_iter(&run.text) {
                // The lead-in (": ", "(") only anchors the marker; report the marker.
                let lead =
                    m.as_str().len() - m.as_str().trim_start_matches([':', '(', ' ', '\t']).len();
                let marker = &m.as_str()[lead..];
                let Some(span) = run_range(doc, run, m.start() + lead..m.end()) else {
                    continue;
                };
                // A section that holds only the marker is `empty-section`'s
                // finding, at its heading: one finding for one gap.
                if doc
                    .heading_at(span.start)
                    .is_some_and(|h| placeholder_section(doc, h).is_some())
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RuleCode::TemplatePlaceholder,
                        span,
                        format!("template placeholder `{marker}`"),
                    )
                    .with_help("replace the placeholder with the real content, or remove it"),
                );
            }
        }
    }
}
