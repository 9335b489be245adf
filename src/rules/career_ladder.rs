use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{BlockKind, Document, LinkKind};
use crate::model::job_family::{JobFamily, Level};
use crate::model::sections::normalized_heading;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::rules::site_levels::normalized_title;

/// ## What it does
/// Checks the "next steps" of a Career Ladder section against the page's
/// levels. A next step must lead somewhere (a link with no destination leads
/// nowhere), an in-page link must land on a level (not on a missing anchor or
/// another section), and a step between two levels of the page must go up:
/// the target's grade above the grade of the level it starts from. The start
/// is the level the Career Ladder belongs to (a per-level section), or the
/// level a sentence names before the link ("The next step for the Manager,
/// Data is the [Senior Manager, Data](#senior-manager-data)."). Steps are read
/// from links, from Mermaid diagrams (`A --> B`) and from "next step"
/// sentences that name two levels of the page.
///
/// ## Why is this bad?
/// The Career Ladder tells people where they can grow. A step that leads
/// nowhere, or down, misleads them about their path.
///
/// ## Example
/// ```markdown
/// ## Career Ladder
///
/// The next step in the Widget job family is to move to the [TODO]() job family.
/// ```
/// Name the real next step, or say it is not yet defined:
/// ```markdown
/// The next step in the Widget job family is not yet defined at GitLab.
/// ```
pub struct CareerLadder;

static LADDER_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bcareer (?:ladder|paths?|progression)$").expect("valid regex"));
/// `https://about.gitlab.com`, `//handbook.gitlab.com`: the site's own hosts.
static HOST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:https?:)?//[^/]+").expect("valid regex"));
/// A Mermaid node: `id(Label)`, `id[Label]`, `id([Label])`…
static MERMAID_NODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\w:.-]+)\s*[(\[{]+\s*((?:[^()\[\]{}]|\([^()]*\))+?)\s*[)\]}]+")
        .expect("valid regex")
});
static MERMAID_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([\w:.-]+)").expect("valid regex"));
static MERMAID_ARROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"-->|==>|-\.->").expect("valid regex"));
static NEXT_STEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnext steps?\b").expect("valid regex"));

impl CareerLadder {
    pub fn new(_: &RuleData) -> Self {
        CareerLadder
    }
}

/// The page's URL path (`/job-families/finance/tax/`), when it lives under
/// a `content/` folder.
fn page_url(path: &Path) -> Option<String> {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    let at = parts.iter().rposition(|p| *p == "content")?;
    let mut rest: Vec<&str> = parts[at + 1..].to_vec();
    let file = rest.pop()?.strip_suffix(".md")?;
    if file != "_index" && file != "index" {
        rest.push(file);
    }
    Some(format!("/{}/", rest.join("/")).replace("//", "/"))
}

/// The fragment of a link to this page (`#x`, or the page's own URL + `#x`).
fn same_page_fragment<'u>(url: &'u str, page: Option<&str>) -> Option<&'u str> {
    let (path, fragment) = url.split_once('#')?;
    let path = HOST.find(path).map_or(path, |m| &path[m.end()..]);
    let same = path.is_empty()
        || page.is_some_and(|p| path.trim_end_matches('/') == p.trim_end_matches('/'));
    same.then_some(fragment)
}

/// A level of the page with a grade, found by its title.
struct Graded<'f> {
    level: &'f Level,
    grade: u32,
    title: String,
}

fn graded_levels(family: &JobFamily) -> Vec<Graded<'_>> {
    family
        .levels
        .iter()
        .filter_map(|level| {
            let grade = level.grade.as_ref()?.number?;
            Some(Graded {
                level,
                grade,
                title: normalized_title(&level.name),
            })
        })
        .collect()
}

/// Levels named in `text`, in order of appearance; longer titles win where
/// names overlap ("Senior Manager, Data" over "Manager, Data").
fn named_levels<'g, 'f>(levels: &'g [Graded<'f>], text: &str) -> Vec<&'g Graded<'f>> {
    let text = format!(" {} ", normalized_title(text));
    let mut found: Vec<(Range<usize>, &Graded<'_>)> = Vec::new();
    let mut by_length: Vec<&Graded<'_>> = levels.iter().filter(|g| !g.title.is_empty()).collect();
    by_length.sort_by_key(|g| std::cmp::Reverse(g.title.len()));
    for g in by_length {
        let needle = format!(" {} ", g.title);
        let mut from = 0;
        while let Some(at) = text[from..].find(&needle) {
            let span = from + at..from + at + needle.len();
            if !found
                .iter()
                .any(|(r, _)| r.start + 1 < span.end && span.start + 1 < r.end)
            {
                found.push((span.clone(), g));
            }
            from = span.start + 1;
        }
    }
    found.sort_by_key(|(r, _)| r.start);
    found.into_iter().map(|(_, g)| g).collect()
}

fn upward(from: &Graded<'_>, to: &Graded<'_>, span: Range<usize>, out: &mut Vec<Diagnostic>) {
    if to.grade > from.grade || std::ptr::eq(from.level, to.level) {
        return;
    }
    out.push(
        Diagnostic::new(
            RuleCode::CareerLadder,
            span,
            format!(
                "next step from `{}` (grade {}) to `{}` (grade {}) does not lead up",
                from.level.name, from.grade, to.level.name, to.grade
            ),
        )
        .with_help("point the next step at a level with a higher grade"),
    );
}

fn check_section(
    doc: &Document,
    family: &JobFamily,
    levels: &[Graded<'_>],
    heading: usize,
    out: &mut Vec<Diagnostic>,
) {
    let range = doc.headings[heading].span.end..doc.section_end(heading);
    let owner = family
        .level_at(doc.headings[heading].span.start)
        .and_then(|l| levels.iter().find(|g| std::ptr::eq(g.level, l)));
    let page = page_url(&doc.path);

    for link in doc
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Markdown && range.contains(&l.span.start))
    {
        let url = link.url.trim();
        if url.is_empty() {
            out.push(
                Diagnostic::new(
                    RuleCode::CareerLadder,
                    link.span.clone(),
                    format!("next step `{}` links nowhere", link.text),
                )
                .with_help(
                    "link the role the step leads to, or say the next step is not yet defined",
                ),
            );
            continue;
        }
        let Some(fragment) = same_page_fragment(url, page.as_deref()) else {
            continue;
        };
        let span = link.url_span.clone().unwrap_or(link.span.clone());
        let target = doc
            .headings
            .iter()
            .position(|h| h.anchor.eq_ignore_ascii_case(fragment));
        let Some(target) = target else {
            if !doc
                .html_anchors
                .iter()
                .any(|a| a.eq_ignore_ascii_case(fragment))
            {
                out.push(
                    Diagnostic::new(
                        RuleCode::CareerLadder,
                        span,
                        format!("next step `#{fragment}` is not a heading on this page"),
                    )
                    .with_help("link the level's heading, or the family page the step leads to"),
                );
            }
            continue;
        };
        let Some(to) = family.levels.iter().find(|l| l.heading == Some(target)) else {
            out.push(
                Diagnostic::new(
                    RuleCode::CareerLadder,
                    span,
                    format!(
                        "next step `#{fragment}` is the section `{}`, not a level",
                        doc.headings[target].text
                    ),
                )
                .with_help("link the level the step leads to"),
            );
            continue;
        };
        let Some(to) = levels.iter().find(|g| std::ptr::eq(g.level, to)) else {
            continue;
        };
        // The start: the section's level, else a level named before the link.
        let sentence = doc
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph && b.span.contains(&link.span.start));
        let named = sentence.and_then(|b| {
            let before = doc.text.get(b.span.start..link.span.start)?;
            named_levels(levels, before).first().copied()
        });
        if let Some(from) = owner.or(named) {
            upward(from, to, span, out);
        }
    }

    // Mermaid diagrams: `a(Label) --> b(Label)`.
    for block in doc.blocks.iter().filter(|b| {
        b.kind == BlockKind::CodeBlock
            && range.contains(&b.span.start)
            && doc
                .text
                .get(b.span.clone())
                .is_some_and(|t| t.trim_start_matches(['`', '~']).starts_with("mermaid"))
    }) {
        let Some(body) = doc.text.get(block.span.clone()) else {
            continue;
        };
        let mut labels: Vec<(&str, &str)> = Vec::new();
        for cap in MERMAID_NODE.captures_iter(body) {
            if let (Some(id), Some(label)) = (cap.get(1), cap.get(2)) {
                labels.push((id.as_str(), label.as_str()));
            }
        }
        let level_of = |id: &str| {
            let label = labels
                .iter()
                .find(|(i, _)| *i == id)
                .map_or(id, |(_, l)| *l);
            let title = normalized_title(label);
            levels.iter().find(|g| g.title == title)
        };
        let mut offset = block.span.start;
        for line in body.split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            let line_span = offset + indent..offset + line.trim_end().len();
            offset += line.len();
            if line.trim_start().starts_with("%%") {
                continue;
            }
            let ids: Vec<Option<&str>> = MERMAID_ARROW
                .split(line)
                .map(|part| {
                    MERMAID_ID
                        .captures(part)
                        .and_then(|c| c.get(1))
                        .map(|m| m.as_str())
                })
                .collect();
            for pair in ids.windows(2) {
                if let [Some(a), Some(b)] = pair
                    && let (Some(from), Some(to)) = (level_of(a), level_of(b))
                {
                    upward(from, to, line_span.clone(), out);
                }
            }
        }
    }

    // "The next step for the Manager, Data is the Senior Manager, Data."
    for block in doc.blocks.iter().filter(|b| {
        b.kind == BlockKind::Paragraph
            && range.contains(&b.span.start)
            && NEXT_STEP.is_match(&b.text)
    }) {
        let has_link = doc.links.iter().any(|l| block.span.contains(&l.span.start));
        if has_link {
            continue; // the links speak for it
        }
        for sentence in block.text.split(". ") {
            let Some(m) = NEXT_STEP.find(sentence) else {
                continue;
            };
            let named = named_levels(levels, &sentence[m.start()..]);
            if let [from, .., to] = named[..] {
                upward(from, to, block.span.clone(), out);
            }
        }
    }
}

impl Rule for CareerLadder {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (doc, family) = (ctx.doc, ctx.family);
        let levels = graded_levels(family);
        for (i, heading) in doc.headings.iter().enumerate() {
            if LADDER_HEADING.is_match(&normalized_heading(&heading.text)) {
                check_section(doc, family, &levels, i, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_follow_hugo() {
        assert_eq!(
            page_url(Path::new("site/content/job-families/finance/tax.md")).as_deref(),
            Some("/job-families/finance/tax/")
        );
        assert_eq!(
            page_url(Path::new("content/job-families/finance/_index.md")).as_deref(),
            Some("/job-families/finance/")
        );
        assert_eq!(page_url(Path::new("fixtures/x/bad.md")), None);
    }

    #[test]
    fn same_page_links_are_recognised() {
        let page = Some("/job-families/finance/audit/");
        assert_eq!(same_page_fragment("#senior", page), Some("senior"));
        assert_eq!(
            same_page_fragment(
                "https://about.gitlab.com/job-families/finance/audit/#senior",
                page
            ),
            Some("senior")
        );
        assert_eq!(
            same_page_fragment("/job-families/finance/audit#senior", page),
            Some("senior")
        );
        assert_eq!(
            same_page_fragment("/job-families/finance/tax/#senior", page),
            None
        );
        assert_eq!(
            same_page_fragment("/job-families/finance/audit/", page),
            None
        );
    }
}
