//! The job-family model, built once per page from the document's headings and
//! paragraphs: which headings are levels, and each level's grade, reports-to
//! sentence and sub-sections.
//!
//! Real pages follow three templates, often loosely:
//! - `## Levels` with one `###` per level, each with a `#### … Job Grade`;
//! - repeated role blocks, each `##`/`###` role carrying its own `Job Grade` heading;
//! - single-role pages: no levels, the page is one role (with or without a
//!   `## Job Grade`).
//!
//! A heading is a level when it is the parent of a "Job Grade" heading, a
//! direct child of a "Levels" heading that is not itself a generic section,
//! or a role heading graded by the sentence right under it or under the
//! `Job Grade` heading that follows it at its depth ("The Senior Analyst is a
//! grade 7"), wherever the page files it.
//! A page without such levels is one role's page when it is a job family by
//! place (`content/job-families/`) or front matter (`layout: job_family_page`),
//! or states a grade under a top-level Job Grade heading, and has a role's
//! sections (see `single_role`). Redirect stubs, empty pages, indexes and
//! matrices have none and get no levels, so no structure findings.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{Document, LinkKind};
use crate::model::sections::{
    SectionKind, closes_levels, is_generic_section, is_grade_heading, is_hiring_heading,
    is_levels_heading, is_requirements_heading, normalized_heading, split_section_suffix,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

static GRADE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bgrade\s*#?\s*|\bis\s+an?\s+\[?)(\d{1,2})\b").expect("valid regex")
});
static GRADE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(.+?),?\s+(?:role\s+|position\s+)?(?:is|are)\s+(?:an?\s+)?(?:job\s+)?grade\b")
        .expect("valid regex")
});
/// "reports to", "report directly to", "reports either to", "reports into"
/// (and the slip "intot").
static REPORTS_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\breports?\s+(?:\w+ly\s+|either\s+)?(?:in\s*)?tot?\b").expect("valid regex")
});
/// What follows "reports to" when it is not a reporting line: a purpose
/// ("reports to help"), a pronoun ("who report to you") or management at large.
static NOT_A_MANAGER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s+(?:help|measure|understand|drive|evaluate|track|show|you|them|him|her|me|us|(?:senior\s+|executive\s+)?management|leadership)\b",
    )
    .expect("valid regex")
});

/// Whether a paragraph says whom a role reports to.
pub fn mentions_reports_to(text: &str) -> bool {
    REPORTS_TO
        .find_iter(text)
        .any(|m| !NOT_A_MANAGER.is_match(&text[m.end()..]))
}

/// A role name reduced to the words that identify it, for comparing names
/// written differently: lower case, without punctuation, `of`/`the` or the
/// default seniority `intermediate`, and without parentheses (`(GMP)`) unless
/// they hold a seniority (`(Senior)`); `&` is `and`, `Sr.` is `senior`, `VP` is
/// `vice president`. `Director of Product Management` and
/// `Director, Product Management` have the same key.
pub fn role_key(name: &str) -> Vec<String> {
    let mut plain = String::with_capacity(name.len());
    let mut inner = String::new();
    let mut parenthesised: Option<String> = None;
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let word = inner.trim().to_lowercase();
                    if SENIORITY.contains(&word.as_str()) {
                        parenthesised = Some(word);
                    }
                    inner.clear();
                }
            }
            _ if depth > 0 => inner.push(c),
            '&' => plain.push_str(" and "),
            c if c.is_alphanumeric() => plain.extend(c.to_lowercase()),
            _ => plain.push(' '),
        }
    }
    let mut words = Vec::new();
    for word in plain.split_whitespace() {
        match word {
            "of" | "the" | "intermediate" => {}
            "sr" => words.push("senior".to_string()),
            "jr" => words.push("junior".to_string()),
            "vp" => words.extend(["vice".to_string(), "president".to_string()]),
            "svp" => words.extend(["senior", "vice", "president"].map(String::from)),
            _ => words.push(word.to_string()),
        }
    }
    // `Analyst (Senior)` is a senior analyst; in `Associate Accountant
    // (Junior)` the second seniority adds nothing.
    if let Some(word) = parenthesised
        && !words.iter().any(|w| SENIORITY.contains(&w.as_str()))
    {
        words.push(word);
    }
    words
}

/// Words of a title that place a role on a ladder rather than name its work
/// (`role_key` words): two titles that differ by one of them name different
/// levels, and without them titles name the same role. The seniorities come
/// first (see `SENIORITY`).
pub const RANK_WORDS: &[&str] = &[
    "associate",
    "junior",
    "senior",
    "staff",
    "principal",
    "distinguished",
    "lead",
    "fellow",
    "manager",
    "managers",
    "director",
    "directors",
    "vice",
    "president",
    "head",
    "chief",
    "officer",
];

/// Whether a `role_key` word places a role on a ladder (see `RANK_WORDS`).
pub fn is_rank(word: &str) -> bool {
    RANK_WORDS.contains(&word)
}

/// Seniorities that may be written in parentheses after a role (`Analyst (Senior)`).
const SENIORITY: &[&str] = RANK_WORDS.split_at(7).0;

/// True for a heading that is a section of the level named `level`
/// (`<level> Requirements`), compared without case.
fn is_section_of(level: &str, text: &str) -> bool {
    split_section_suffix(text)
        .is_some_and(|(role, _)| !role.is_empty() && role.eq_ignore_ascii_case(level.trim()))
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
                let mut previous: Option<&str> = None;
                for (j, child) in heads.iter().enumerate().skip(i + 1) {
                    if child.span.start >= end {
                        break;
                    }
                    // Under a top-level `# Levels`, the family's closing
                    // sections follow the levels as siblings: they end them.
                    if child.depth == h.depth + 1 && closes_levels(&child.text) {
                        break;
                    }
                    if child.depth != h.depth + 1 || is_generic_section(&child.text) {
                        continue;
                    }
                    // `### Senior Engineer Requirements` at the depth of the levels is
                    // a misplaced section, not a level. A misplaced `### VP of Sales
                    // Job Grade` naming no earlier level stands for a level whose own
                    // heading is missing, so it stays one.
                    let misplaced = split_section_suffix(&child.text).is_some_and(|(role, _)| {
                        role.is_empty()
                            || previous.is_some_and(|p| is_section_of(p, &child.text))
                            || !is_grade_heading(&child.text)
                    });
                    if !misplaced {
                        level_heads.push(j);
                        previous = Some(&child.text);
                    }
                }
            }
        }
        // A role heading whose first paragraph, or the `Job Grade` written
        // right after it at its own depth, grades the role it names ("The
        // Senior Analyst is a grade 7") is a level wherever the page files it
        // (under a misplaced `## Performance Indicators`, say).
        // Not inside another level: there it is a sub-heading of that level
        // (the level's name written again over its grade, say).
        let candidates = level_heads.clone();
        for (i, h) in heads.iter().enumerate() {
            let in_level = std::iter::successors(h.parent, |&p| heads[p].parent)
                .any(|p| candidates.contains(&p));
            if h.depth >= 2
                && !in_level
                && !is_generic_section(&h.text)
                && !is_levels_heading(&h.text)
                && split_section_suffix(&h.text).is_none()
                && grades_itself(doc, i)
            {
                level_heads.push(i);
            }
        }
        // A leadership role filed under Specialties with Responsibilities and
        // Requirements of its own is a level: a specialty only adds to one.
        if !level_heads.is_empty() {
            for i in 0..heads.len() {
                if is_leadership_role_in_specialties(doc, i) {
                    level_heads.push(i);
                }
            }
        }
        level_heads.sort_unstable();
        level_heads.dedup();
        // A level may sit inside another one's section (`### Senior Manager`
        // under `## Manager`, each with its own Job Grade): it ends the outer
        // level rather than being part of it.
        let mut levels: Vec<Level> = level_heads
            .iter()
            .enumerate()
            .map(|(n, &h)| {
                // Sections named after the level but written at its own depth
                // (`### Senior Engineer Requirements`), and the level's heading
                // written twice, still belong to it.
                let mut end = doc.section_end(h);
                let mut next = h + 1;
                // A level written with its sections at its own depth (`### Job
                // Grade` right after `### Analyst`, or its grade sentence right
                // under its heading) owns the unnamed level sections that
                // follow there.
                let mut flat = grades_itself(doc, h);
                while let Some(j) = (next..heads.len()).find(|&j| heads[j].span.start >= end) {
                    let own_grade = j == h + 1 && is_grade_heading(&heads[j].text);
                    flat |= own_grade;
                    if heads[j].depth != heads[h].depth
                        || !(is_section_of(&heads[h].text, &heads[j].text)
                            || repeats_heading(&heads[h].text, &heads[j].text)
                            || own_grade
                            || (flat && is_unnamed_level_section(&heads[j].text)))
                    {
                        break;
                    }
                    end = doc.section_end(j);
                    next = j + 1;
                }
                if let Some(&following) = level_heads.get(n + 1) {
                    end = end.min(heads[following].span.start);
                }
                let extent = heads[h].span.start..end;
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

        let in_job_families_folder = doc
            .path
            .components()
            .any(|c| c.as_os_str() == "job-families");
        let layout_says_so = doc
            .front_matter
            .get("layout")
            .and_then(|v| v.as_str())
            .is_some_and(|l| l.contains("job_family"));
        // A page is a job family by place or by declaration; by structure only
        // when at least two levels carry their own Job Grade section.
        let declared = in_job_families_folder || layout_says_so;

        let template = if !levels.is_empty() {
            // A page of one level whose grade is stated once, in a `## Job
            // Grade` before it, grades that level.
            if let ([level], Some(g)) = (levels.as_mut_slice(), single_role_grade)
                && level.grade.as_ref().is_none_or(|x| x.number.is_none())
            {
                let section = heads[g].span.start..doc.section_end(g);
                let family_grade = find_grade(doc, &links, Some(g), &section);
                if family_grade.as_ref().is_some_and(|x| x.number.is_some()) {
                    level.grade = family_grade;
                }
            }
            Template::Levels
        } else if let Some(level) = (declared || single_role_grade.is_some())
            .then(|| single_role(doc, &links, single_role_grade))
            .flatten()
            // Outside a declared place, only a page whose top-level Job Grade
            // states a grade is one role's page.
            .filter(|l| declared || l.grade.as_ref().is_some_and(|g| g.number.is_some()))
        {
            levels.push(level);
            Template::SingleRole
        } else if layout_says_so && is_empty_role(doc) {
            // A page declared a job family that states nothing at all is a
            // role with nothing stated: its grade, manager and requirements
            // are all missing. (A stub that says where the page moved has
            // text, and is none.)
            let name = doc.front_matter.title().unwrap_or_default().to_string();
            let extent = doc.body_start()..doc.text.len();
            levels.push(build_level(doc, &links, name, None, None, extent));
            Template::SingleRole
        } else {
            Template::None
        };

        // Outside a declared place, a level's Job Grade section must state a
        // grade: handbook pages have headings such as "Baseline targets for
        // each job grade" too.
        let graded_levels = levels
            .iter()
            .filter(|l| {
                l.grade_heading.is_some() && l.grade.as_ref().is_some_and(|g| g.number.is_some())
            })
            .count();
        let is_job_family = declared || graded_levels >= 1;

        JobFamily {
            template,
            levels,
            is_job_family,
        }
    }
}

impl JobFamily {
    /// The level (with a heading of its own) whose extent holds `offset`.
    pub fn level_at(&self, offset: usize) -> Option<&Level> {
        self.levels
            .iter()
            .find(|l| l.heading.is_some() && l.extent.contains(&offset))
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
    // A hiring step ("an interview with the Director to which the position
    // reports") names the manager in passing: it is no reporting line.
    // Only the level's own hiring process counts: a level misplaced under
    // the family's `## Hiring Process` still states its reporting line.
    let in_hiring_process = |offset: usize| {
        std::iter::successors(doc.heading_at(offset), |&h| doc.headings[h].parent)
            .take_while(|&h| heading.is_none_or(|level| h > level))
            .any(|h| is_hiring_heading(&doc.headings[h].text))
    };
    let reports_to = doc
        .paragraphs_in(&extent)
        .find(|b| mentions_reports_to(&b.text) && !in_hiring_process(b.span.start))
        .map(|b| ReportsTo {
            sentence: b.span.clone(),
            link: reports_to_link(doc, links, &b.span),
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

/// The one level of a page for a single role (no levels of its own), named
/// after the page's title; `None` for a page without that shape. A page is
/// one role's when it has a role's sections (a Job Grade, Responsibilities or
/// Requirements heading), at most one Job Grade heading, and at most one
/// heading that holds Responsibilities or Requirements of its own outside a
/// Specialties or Segments section. Redirect stubs, empty pages, indexes and
/// matrices have no role sections; a page of several roles whose levels the
/// model cannot find (several Job Grade headings, or several role headings
/// with their own Requirements) is not taken for one role.
fn single_role(doc: &Document, links: &LinkStarts, grade_heading: Option<usize>) -> Option<Level> {
    let heads = &doc.headings;
    let mut role_sections = 0;
    let mut grade_headings = 0;
    let mut owners: Vec<usize> = Vec::new();
    for h in heads {
        if is_grade_heading(&h.text) {
            grade_headings += 1;
            role_sections += 1;
            continue;
        }
        let text = normalized_heading(&h.text);
        if !(text.contains("responsibilit") || is_requirements_heading(&h.text)) {
            continue;
        }
        role_sections += 1;
        let ancestors = std::iter::successors(h.parent, |&p| heads[p].parent);
        if let Some(owner) = h.parent
            && !ancestors
                .clone()
                .any(|a| is_generic_section(&heads[a].text) || is_levels_heading(&heads[a].text))
        {
            owners.push(owner);
        }
    }
    owners.sort_unstable();
    owners.dedup();
    if role_sections == 0 || grade_headings > 1 || owners.len() > 1 {
        return None;
    }
    let name = doc
        .front_matter
        .title()
        .map(str::to_string)
        .or_else(|| grade_heading.map(|g| heads[g].text.clone()))
        .or_else(|| heads.first().map(|h| h.text.clone()))
        .unwrap_or_default();
    let extent = doc.body_start()..doc.text.len();
    Some(build_level(doc, links, name, None, None, extent))
}

/// A titled page (not a section index) whose body is blank.
fn is_empty_role(doc: &Document) -> bool {
    let is_index = doc
        .path
        .file_stem()
        .is_some_and(|s| s == "_index" || s == "index");
    !is_index
        && doc
            .front_matter
            .title()
            .is_some_and(|t| !t.trim().is_empty())
        && doc.text[doc.body_start().min(doc.text.len())..]
            .trim()
            .is_empty()
}

/// `Job Grade`, `Responsibilities`, `Requirements` or `Nice-to-haves`, named
/// after no role.
fn is_unnamed_level_section(text: &str) -> bool {
    split_section_suffix(text).is_some_and(|(role, section)| {
        role.is_empty()
            && matches!(
                SectionKind::of(section),
                Some(
                    SectionKind::Grade
                        | SectionKind::Responsibilities
                        | SectionKind::Requirements
                        | SectionKind::NiceToHaves
                )
            )
    })
}

/// Whether the heading `i` is graded by the paragraph right under it, or by
/// the first paragraph of a `Job Grade` heading that follows it directly at
/// its own depth, and that paragraph names the heading's role.
fn grades_itself(doc: &Document, i: usize) -> bool {
    let heads = &doc.headings;
    let key = role_key(&heads[i].text);
    if key.is_empty() {
        return false;
    }
    let next_start = |k: usize| heads.get(k + 1).map_or(doc.text.len(), |n| n.span.start);
    let names_it = |k: usize| {
        doc.paragraphs_in(&(heads[k].span.end..next_start(k)))
            .next()
            .is_some_and(|p| {
                GRADE_NUMBER.is_match(&p.text)
                    && GRADE_ROLE
                        .captures(&p.text)
                        .is_some_and(|c| role_key(&c[1]) == key)
            })
    };
    names_it(i)
        || heads.get(i + 1).is_some_and(|n| {
            n.depth == heads[i].depth && is_grade_heading(&n.text) && names_it(i + 1)
        })
}

/// Leadership ranks: a role of one of them has a grade and a manager of its
/// own, even where a page files it as a specialty.
static LEADERSHIP_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:senior|sr\.?|executive|group)\s+)?(?:director|vice\s+president|vp|head|chief)\b")
        .expect("valid regex")
});

/// Whether heading `i` is a leadership role (`Director, Widget Channels`)
/// right under a Specialties heading, followed by both its own
/// Responsibilities and Requirements sections named after it (at its depth
/// or below, before the next heading at its depth that is not one of its
/// own sections). A specialty (`Director of Widget Readiness` with a few
/// additional responsibilities) has not both.
fn is_leadership_role_in_specialties(doc: &Document, i: usize) -> bool {
    let heads = &doc.headings;
    let h = &heads[i];
    let under_specialties = h.parent.is_some_and(|p| {
        SectionKind::of(&normalized_heading(&heads[p].text)) == Some(SectionKind::Specialties)
    });
    if !under_specialties
        || split_section_suffix(&h.text).is_some()
        || !LEADERSHIP_ROLE.is_match(h.text.trim())
    {
        return false;
    }
    let mut kinds = Vec::new();
    for next in &heads[i + 1..] {
        if next.depth < h.depth {
            break;
        }
        if next.depth == h.depth && !is_section_of(&h.text, &next.text) {
            break;
        }
        if let Some((role, section)) = split_section_suffix(&next.text)
            && role.eq_ignore_ascii_case(h.text.trim())
        {
            kinds.extend(SectionKind::of(section));
        }
    }
    kinds.contains(&SectionKind::Responsibilities) && kinds.contains(&SectionKind::Requirements)
}

/// Whether `text` is the heading `level` written again (a copy left behind
/// when a level's text was moved under its own heading).
fn repeats_heading(level: &str, text: &str) -> bool {
    normalized_heading(level) == normalized_heading(text)
}

/// The link of a reports-to sentence: the first one after "reports to", so
/// that a grade link or a link earlier in the paragraph ("a [grade
/// 6](…). The Analyst reports to the Manager.") is not taken for the
/// manager's. When markup splits the phrase in the source, the paragraph's
/// first link.
fn reports_to_link(doc: &Document, links: &LinkStarts, span: &Range<usize>) -> Option<usize> {
    let source = &doc.text[span.clone()];
    let phrase = REPORTS_TO
        .find_iter(source)
        .find(|m| !NOT_A_MANAGER.is_match(&source[m.end()..]));
    match phrase {
        Some(m) => links.first_in(&(span.start + m.end()..span.end)),
        None => links.first_in(span),
    }
}

/// The paragraphs that start in `range`. Blocks are in page order, so this
/// is a binary search, not a scan: a page of many levels stays linear.
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

    /// Index into `Document::links` of the first link starting in `span`
    /// that ends after `offset`.
    fn first_reaching(&self, doc: &Document, span: &Range<usize>, offset: usize) -> Option<usize> {
        let i = self.0.partition_point(|&(start, _)| start < span.start);
        self.0[i..]
            .iter()
            .take_while(|&&(start, _)| start < span.end)
            .map(|&(_, link)| link)
            .find(|&link| doc.links[link].span.end > offset)
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
            doc.paragraphs_in(&(start..end)).next()
        }
        None => doc
            .paragraphs_in(extent)
            .find(|b| GRADE_NUMBER.is_match(&b.text)),
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
    // The grade's link is the one on or after its number: a link earlier in
    // the paragraph (the compensation calculator, say) is not the grade's.
    let link = match &number_span {
        Some(number) => links.first_reaching(doc, &block.span, number.start),
        None => links.first_in(&block.span),
    };
    Some(Grade {
        number,
        number_span,
        sentence: block.span.clone(),
        role,
        link,
    })
}

#[cfg(test)]
mod tests;
