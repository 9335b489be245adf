//! The job-family model, built once per page from the document's headings and
//! paragraphs: which headings are levels, and each level's grade, reports-to
//! sentence and sub-sections.
//!
//! Real pages follow three templates, often loosely:
//! - `## Levels` with one `###` per level, each with a `#### … Job Grade`;
//! - repeated role blocks, each `##`/`###` role carrying its own `Job Grade` heading;
//! - single-role pages with a top-level `## Job Grade`.
//!
//! A heading is a level when it is the parent of a "Job Grade" heading, or a
//! direct child of a "Levels" heading that is not itself a generic section.
//! Nothing else becomes a level, so pages that are not job families have none.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Block, BlockKind, Document, LinkKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Levels found under a `Levels` heading or as role blocks.
    Levels,
    /// One role for the whole page, with a top-level Job Grade section.
    SingleRole,
    /// No levels at all.
    None,
}

#[derive(Debug, Clone)]
pub struct Grade {
    /// The grade number, when the sentence states one.
    pub number: Option<u32>,
    /// Where the number is written.
    pub number_span: Option<Range<usize>>,
    /// The paragraph that states the grade.
    pub sentence: Range<usize>,
    /// The role the sentence names ("The <role> is a grade N"), and where.
    pub role: Option<(String, Range<usize>)>,
    /// Index into `Document::links` of the link on the grade, if any.
    pub link: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ReportsTo {
    pub sentence: Range<usize>,
    /// Index into `Document::links` of the first link in the sentence.
    pub link: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    /// Index into `Document::headings`; `None` for a single-role page.
    pub heading: Option<usize>,
    /// The heading that encloses this level (a `Levels` or family heading).
    pub parent: Option<usize>,
    /// The level's extent in the text.
    pub extent: Range<usize>,
    /// Indexes of the headings inside the level.
    pub subsections: Vec<usize>,
    /// The level's "Job Grade" heading, if it has one.
    pub grade_heading: Option<usize>,
    pub grade: Option<Grade>,
    pub reports_to: Option<ReportsTo>,
}

#[derive(Debug, Clone)]
pub struct JobFamily {
    pub template: Template,
    pub levels: Vec<Level>,
    /// Whether the page is treated as a job-family page.
    pub is_job_family: bool,
}

static GRADE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:\bjob\s+grades?\b|^grades?$)").expect("valid regex"));
static LEVELS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:job|role|in[- ]role|career)\s+)?levels?\s*(?:\(.*\))?:?$")
        .expect("valid regex")
});
static GENERIC_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:responsibilities|requirements|job grades?|performance indicators?|hiring process|career ladder|specialties|specialities|specializations?|nice[- ]to[- ]haves?|expectations|overview|levels?|segments?|references|relevant links|compensation)\b",
    )
    .expect("valid regex")
});
static GRADE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bgrade\s*#?\s*|\bis\s+an?\s+\[?)(\d{1,2})\b").expect("valid regex")
});
static GRADE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(.+?),?\s+(?:role\s+|position\s+)?(?:is|are)\s+(?:an?\s+)?(?:job\s+)?grade\b")
        .expect("valid regex")
});
static REPORTS_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\breports?\s+(?:in)?to\b").expect("valid regex"));

pub fn is_grade_heading(text: &str) -> bool {
    GRADE_HEADING.is_match(text.trim())
}

pub fn is_levels_heading(text: &str) -> bool {
    LEVELS_HEADING.is_match(text.trim())
}

/// A section name every level or family may have ("Responsibilities", …).
pub fn is_generic_section(text: &str) -> bool {
    GENERIC_SECTION.is_match(text.trim().trim_matches('*'))
}

impl JobFamily {
    pub fn build(doc: &Document) -> JobFamily {
        let heads = &doc.headings;
        let parent_of = |i: usize| heads[i].parent;
        let links = LinkStarts::new(doc);

        let mut level_heads: Vec<usize> = Vec::new();
        let mut single_role_grade: Option<usize> = None;
        for (i, h) in heads.iter().enumerate() {
            if is_grade_heading(&h.text) {
                match parent_of(i) {
                    Some(p)
                        if heads[p].depth >= 2
                            && !is_levels_heading(&heads[p].text)
                            && !is_generic_section(&heads[p].text) =>
                    {
                        level_heads.push(p)
                    }
                    _ if h.depth <= 2 && single_role_grade.is_none() => single_role_grade = Some(i),
                    _ => {}
                }
            }
            if is_levels_heading(&h.text) {
                let end = doc.section_end(i);
                for (j, child) in heads.iter().enumerate().skip(i + 1) {
                    if child.span.start >= end {
                        break;
                    }
                    if child.depth == h.depth + 1 && !is_generic_section(&child.text) {
                        level_heads.push(j);
                    }
                }
            }
        }
        level_heads.sort_unstable();
        level_heads.dedup();
        // A level nested inside another level is a sub-section of it, not a level.
        let mut kept: Vec<usize> = Vec::new();
        for &l in &level_heads {
            if kept.last().is_none_or(|&k| {
                heads[l].depth <= heads[k].depth || heads[l].span.start >= doc.section_end(k)
            }) {
                kept.push(l);
            }
        }

        let mut levels: Vec<Level> = kept
            .iter()
            .map(|&h| {
                let extent = heads[h].span.start..doc.section_end(h);
                build_level(
                    doc,
                    &links,
                    heads[h].text.clone(),
                    Some(h),
                    parent_of(h),
                    extent,
                )
            })
            .collect();

        let template = if !levels.is_empty() {
            Template::Levels
        } else if let Some(g) = single_role_grade {
            let name = doc
                .front_matter
                .title()
                .map(str::to_string)
                .unwrap_or_else(|| heads[g].text.clone());
            let extent = doc.body_start()..doc.text.len();
            let mut level = build_level(doc, &links, name, None, None, extent);
            level.grade_heading = Some(g);
            level.grade = find_grade(doc, &links, Some(g), &level.extent);
            levels.push(level);
            Template::SingleRole
        } else {
            Template::None
        };

        let in_job_families_folder = doc
            .path
            .components()
            .any(|c| c.as_os_str() == "job-families");
        let layout_says_so = doc
            .front_matter
            .get("layout")
            .and_then(|v| v.as_str())
            .is_some_and(|l| l.contains("job_family"));
        let is_job_family = in_job_families_folder
            || layout_says_so
            || levels.iter().any(|l| l.grade_heading.is_some());

        JobFamily {
            template,
            levels,
            is_job_family,
        }
    }
}

fn build_level(
    doc: &Document,
    links: &LinkStarts,
    name: String,
    heading: Option<usize>,
    parent: Option<usize>,
    extent: Range<usize>,
) -> Level {
    // Headings are in page order: the level's are one run of them.
    let first = doc
        .headings
        .partition_point(|h| h.span.start < extent.start);
    let last = doc.headings.partition_point(|h| h.span.start < extent.end);
    let subsections: Vec<usize> = (first..last.max(first))
        .filter(|&i| Some(i) != heading)
        .collect();
    let grade_heading = subsections
        .iter()
        .copied()
        .find(|&i| is_grade_heading(&doc.headings[i].text));
    let grade = find_grade(doc, links, grade_heading, &extent);
    let reports_to = paragraphs_in(doc, &extent)
        .find(|b| REPORTS_TO.is_match(&b.text))
        .map(|b| ReportsTo {
            sentence: b.span.clone(),
            link: links.first_in(&b.span),
        });
    Level {
        name,
        heading,
        parent,
        extent,
        subsections,
        grade_heading,
        grade,
        reports_to,
    }
}

/// The paragraphs that start in `range`. Blocks are in page order, so this
/// is a binary search, not a scan: a page of many levels stays linear.
fn paragraphs_in<'d>(doc: &'d Document, range: &Range<usize>) -> impl Iterator<Item = &'d Block> {
    let first = doc.blocks.partition_point(|b| b.span.start < range.start);
    let end = range.end;
    doc.blocks[first..]
        .iter()
        .take_while(move |b| b.span.start < end)
        .filter(|b| b.kind == BlockKind::Paragraph)
}

/// Where each link (not image) starts, sorted, to find the first link in a
/// span by binary search.
struct LinkStarts(Vec<(usize, usize)>);

impl LinkStarts {
    fn new(doc: &Document) -> LinkStarts {
        let mut starts: Vec<(usize, usize)> = doc
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind != LinkKind::Image)
            .map(|(i, l)| (l.span.start, i))
            .collect();
        starts.sort_unstable();
        LinkStarts(starts)
    }

    /// Index into `Document::links` of the first link starting in `span`.
    fn first_in(&self, span: &Range<usize>) -> Option<usize> {
        let i = self.0.partition_point(|&(start, _)| start < span.start);
        self.0
            .get(i)
            .filter(|&&(start, _)| start < span.end)
            .map(|&(_, link)| link)
    }
}

/// The grade sentence: the first paragraph of the Job Grade section, or, with
/// no such section, the first paragraph of the level that states a grade.
fn find_grade(
    doc: &Document,
    links: &LinkStarts,
    grade_heading: Option<usize>,
    extent: &Range<usize>,
) -> Option<Grade> {
    let block = match grade_heading {
        Some(g) => {
            let start = doc.headings[g].span.end;
            let end = doc
                .headings
                .get(g + 1)
                .map_or(extent.end, |h| h.span.start)
                .min(extent.end);
            paragraphs_in(doc, &(start..end)).next()
        }
        None => paragraphs_in(doc, extent).find(|b| GRADE_NUMBER.is_match(&b.text)),
    }?;
    let source = &doc.text[block.span.clone()];
    let number_match = GRADE_NUMBER.captures(&block.text);
    let number = number_match.as_ref().and_then(|c| c[1].parse().ok());
    let number_span = number_match.and_then(|c| {
        let digits = &c[1];
        // Locate "grade N" in the source (a link may sit between the words).
        GRADE_NUMBER
            .captures(source)
            .and_then(|sc| sc.get(1))
            .filter(|m| m.as_str() == digits)
            .map(|m| block.span.start + m.start()..block.span.start + m.end())
    });
    let role = GRADE_ROLE.captures(&block.text).and_then(|c| {
        let role = c[1].trim().to_string();
        let at = source.find(role.as_str())?;
        let span = block.span.start + at..block.span.start + at + role.len();
        Some((role, span))
    });
    let link = links.first_in(&block.span);
    Some(Grade {
        number,
        number_span,
        sentence: block.span.clone(),
        role,
        link,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(text: &str) -> (Document, JobFamily) {
        let doc = Document::parse("content/job-families/x/y.md", text.to_string());
        let fam = JobFamily::build(&doc);
        (doc, fam)
    }

    #[test]
    fn levels_template() {
        let (doc, fam) = family(
            "## Responsibilities\n\n- a\n\n## Levels\n\n### Engineer\n\nThe Engineer reports to the [Manager](#manager).\n\n#### Engineer Job Grade\n\nThe Engineer is a [grade 6](/x/#gitlab-job-grades).\n\n#### Engineer Responsibilities\n\n- b\n\n### Senior Engineer\n\n#### Senior Engineer Responsibilities\n\n- c\n\n## Performance Indicators\n",
        );
        assert_eq!(fam.template, Template::Levels);
        let names: Vec<_> = fam.levels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Engineer", "Senior Engineer"]);
        let g = fam.levels[0].grade.as_ref().unwrap();
        assert_eq!(g.number, Some(6));
        assert_eq!(&doc.text[g.number_span.clone().unwrap()], "6");
        assert_eq!(g.role.as_ref().unwrap().0, "Engineer");
        assert!(g.link.is_some());
        let r = fam.levels[0].reports_to.as_ref().unwrap();
        assert_eq!(doc.links[r.link.unwrap()].url, "#manager");
        assert!(fam.levels[1].grade.is_none());
        assert!(fam.is_job_family);
    }

    #[test]
    fn role_blocks_template() {
        let (_, fam) = family(
            "## Analyst\n\n### Responsibilities\n\n- a\n\n### Job Grade\n\nThe Analyst is a grade 6.\n\n## Senior Analyst\n\n### Job Grade\n\nThe Senior Analyst is a grade 7.\n",
        );
        let grades: Vec<_> = fam
            .levels
            .iter()
            .map(|l| (l.name.as_str(), l.grade.as_ref().and_then(|g| g.number)))
            .collect();
        assert_eq!(grades, [("Analyst", Some(6)), ("Senior Analyst", Some(7))]);
    }

    #[test]
    fn single_role_page() {
        let (_, fam) = family(
            "---\ntitle: Chief of Staff\n---\n\n## Responsibilities\n\n- a\n\n## Job Grade\n\nThe Chief of Staff is a grade 12.\n",
        );
        assert_eq!(fam.template, Template::SingleRole);
        assert_eq!(fam.levels[0].name, "Chief of Staff");
        assert_eq!(fam.levels[0].grade.as_ref().unwrap().number, Some(12));
    }

    #[test]
    fn ordinary_pages_have_no_levels() {
        let doc = Document::parse(
            "content/handbook/values.md",
            "## Levels of trust\n\n### Low\n\ntext\n".to_string(),
        );
        let fam = JobFamily::build(&doc);
        assert!(fam.levels.is_empty());
        assert!(!fam.is_job_family);
    }
}
