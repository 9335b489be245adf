use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::Document;
use crate::model::front_matter::FrontMatter;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks the page's front matter: it must be terminated, be valid YAML, and
/// give the page a `title`, without spaces at its ends inside the quotes
/// (`title: " Widget Engineer"`; the fix trims them).
///
/// A page whose front matter lost its opening `---` is reported too: Markdown
/// reads the keys as a heading. The fix adds the line.
///
/// ## Why is this bad?
/// Hugo refuses to build a page whose front matter is broken, and a page with
/// no title shows up unnamed in navigation and search.
///
/// ## Example
/// ```markdown
/// ---
/// title: "Backend Engineer
/// ---
/// ```
/// The closing quote is missing, so the YAML is invalid.
pub struct Frontmatter;

impl Frontmatter {
    pub fn new(_: &RuleData) -> Self {
        Frontmatter
    }
}

impl Rule for Frontmatter {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        match &doc.front_matter {
            FrontMatter::Invalid {
                offset, message, ..
            } => {
                // From the reported column to the end of its line.
                let line = doc.lines.line_range(&doc.text, doc.lines.line_of(*offset));
                let range = if *offset < line.end {
                    *offset..line.end
                } else {
                    line
                };
                out.push(
                    Diagnostic::new(
                        RuleCode::Frontmatter,
                        range,
                        format!("invalid YAML front matter: {message}"),
                    )
                    .with_help("fix the YAML so that Hugo can read the page's front matter"),
                );
            }
            FrontMatter::Unterminated { span } => out.push(
                Diagnostic::new(
                    RuleCode::Frontmatter,
                    span.start..span.end.saturating_sub(1).max(span.start),
                    "front matter is never closed",
                )
                .with_help("add a closing `---` line after the front matter"),
            ),
            FrontMatter::Yaml { span, .. } => {
                let has_title = doc
                    .front_matter
                    .title()
                    .is_some_and(|s| !s.trim().is_empty());
                // A quoted title with spaces at either end shows them in
                // navigation and search (`" Widget Engineer"`).
                if let Some(title) = doc.front_matter.title()
                    && title.trim() != title
                    && !title.trim().is_empty()
                    && let Some(at) = doc.front_matter.value_span(&doc.text, "title")
                {
                    out.push(
                        Diagnostic::new(
                            RuleCode::Frontmatter,
                            at.clone(),
                            format!("title `{title}` has spaces at its ends"),
                        )
                        .with_help("remove the spaces inside the quotes")
                        .with_fix(Fix::safe(at, title.trim()))
                        .with_severity(Severity::Warning),
                    );
                }
                if !has_title {
                    let first_line = doc
                        .lines
                        .line_range(&doc.text, doc.lines.line_of(span.start));
                    out.push(
                        Diagnostic::new(
                            RuleCode::Frontmatter,
                            first_line,
                            "front matter has no `title`",
                        )
                        .with_help("add `title: \"…\"` to the front matter"),
                    );
                }
            }
            FrontMatter::Absent if lacks_opening(doc) => out.push(
                Diagnostic::new(
                    RuleCode::Frontmatter,
                    0..doc.lines.line_range(&doc.text, 1).end,
                    "front matter has no opening `---` and shows as a heading",
                )
                .with_help("add a `---` line at the top of the page")
                .with_fix(Fix::safe(0..0, "---\n")),
            ),
            FrontMatter::Absent if ctx.family.is_job_family => out.push(
                Diagnostic::new(RuleCode::Frontmatter, 0..0, "page has no front matter")
                    .with_help("start the page with a `---` block that sets `title`"),
            ),
            FrontMatter::Absent | FrontMatter::Toml { .. } => {}
        }
    }
}

static YAML_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][\w-]*:(?:\s|$)").expect("valid regex"));

/// `title: …` lines closed by `---` with no `---` above them: Markdown reads
/// them as a heading underlined by the closing delimiter.
fn lacks_opening(doc: &Document) -> bool {
    let Some(first) = doc.headings.first() else {
        return false;
    };
    let source = doc.text.get(first.span.clone()).unwrap_or_default();
    first.span.start == 0
        && source.trim_end().ends_with("---")
        && source
            .lines()
            .all(|l| l.trim() == "---" || YAML_KEY.is_match(l) || l.starts_with([' ', '-']))
        && YAML_KEY.is_match(source)
}
