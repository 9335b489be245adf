use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::Document;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags kramdown syntax left over from the handbook's Middleman days:
/// attribute lists (`{:toc}`, `{:.no_toc}`, `{: .class}`, `{:#id}`) and
/// extensions (`{::options … /}`, `{::nomarkdown}`, `{:/}`). Hugo does not know
/// them and prints them as text.
///
/// A line holding nothing but such markers is removed by the fix, and so is a
/// `- TOC` list item that a `{:toc}` line turns into a table of contents; a
/// marker that shares its line with text is reported without a fix.
///
/// ## Why is this bad?
/// Readers see stray `{:toc .hidden-md}` lines, and the table of contents the
/// marker used to build is now a one-item list that says "TOC". Hugo builds
/// the table of contents itself.
///
/// ## Example
/// ```markdown
/// ## On this page
/// {:.no_toc}
///
/// - TOC
/// {:toc}
/// ```
/// Remove the markers and the `- TOC` item.
pub struct LegacySyntax;

static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{:[^{}\n]*\}").expect("valid regex"));
static LINE_OF_MARKERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*(?:\{:[^{}\n]*\}[ \t]*)+$").expect("valid regex"));
static TOC_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+TOC[ \t]*$").expect("valid regex"));

impl LegacySyntax {
    pub fn new(_: &RuleData) -> Self {
        LegacySyntax
    }
}

impl Rule for LegacySyntax {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let mut fixed_lines = Vec::new();
        for run in &doc.prose {
            let Some(source) = doc.text.get(run.span.clone()) else {
                continue;
            };
            for m in MARKER.find_iter(source) {
                // `{:success=>true}` is a Ruby hash written as text, not kramdown.
                if m.as_str().contains("=>") {
                    continue;
                }
                let span = run.span.start + m.start()..run.span.start + m.end();
                let mut d = Diagnostic::new(
                    RuleCode::LegacySyntax,
                    span.clone(),
                    format!("kramdown syntax `{}` is printed as text", m.as_str()),
                );
                let line = doc.lines.line_of(span.start);
                match removal(doc, line) {
                    Some(range) if !fixed_lines.contains(&line) => {
                        fixed_lines.push(line);
                        d = d
                            .with_help("remove the line: Hugo builds the table of contents itself")
                            .with_fix(Fix::safe(range, ""));
                    }
                    Some(_) => d = d.with_help("remove the line"),
                    None => d = d.with_help(format!("remove `{}`", m.as_str())),
                }
                out.push(d);
            }
        }
    }
}

/// The range to delete when line `line` holds only markers: the line with
/// its line break, and the `- TOC` item above a `{:toc}` line.
fn removal(doc: &Document, line: usize) -> Option<Range<usize>> {
    let range = doc.lines.line_range(&doc.text, line);
    let text = &doc.text[range.clone()];
    if !LINE_OF_MARKERS.is_match(text) {
        return None;
    }
    let mut end = doc.lines.line_start(line + 1).max(range.end);
    let mut first = line;
    if text.trim_start().starts_with("{:toc") && line > 1 {
        let above = doc.lines.line_range(&doc.text, line - 1);
        if TOC_ITEM.is_match(&doc.text[above]) {
            first = line - 1;
        }
    }
    let start = doc.lines.line_start(first);
    // A block between blank lines takes one of them along.
    let blank = |l: usize| {
        doc.text[doc.lines.line_range(&doc.text, l)]
            .trim()
            .is_empty()
    };
    let last = doc.lines.line_count();
    if first > 1 && blank(first - 1) && line < last && blank(line + 1) {
        end = doc.lines.line_start(line + 2).max(end);
    }
    Some(start..end)
}
