//! What a page's job-family model says, as small owned records: each level's
//! name, heading, anchor, grade, grade link, reports-to link and the bullets
//! of its Responsibilities, Requirements and Performance Indicators.
//!
//! Built once from a page's [`Document`] and [`JobFamily`], it is what
//! `jflint review` compares between two versions of a page and what the
//! reporting-line graph of the site joins across pages. It holds no
//! reference into the document, so it outlives the parse and crosses threads.

use std::ops::Range;

use crate::model::document::{Document, LinkKind};
use crate::model::job_family::{JobFamily, Template, role_key};
use crate::model::sections::normalized_heading;

/// A place in the page's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Located {
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Located {
    fn new(doc: &Document, span: Range<usize>) -> Located {
        let start = span.start.min(doc.text.len());
        let end = span.end.clamp(start, doc.text.len());
        let (line, column) = doc.lines.position(&doc.text, start);
        let (end_line, end_column) = doc.lines.position(&doc.text, end);
        Located {
            span: start..end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The sections whose bullets the model keeps.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum BulletSection {
    Responsibility,
    Requirement,
    PerformanceIndicator,
}

impl BulletSection {
    /// The section a heading opens, `Skip` for a nice-to-have section (its
    /// bullets are not requirements), `None` for any other heading.
    fn of_heading(text: &str) -> Option<Classified> {
        let text = normalized_heading(text);
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let has = |w: &str| words.contains(&w);
        if text.contains("nice") {
            Some(Classified::Skip)
        } else if has("responsibilities") || has("responsibility") || has("expectations") {
            Some(Classified::Section(BulletSection::Responsibility))
        } else if has("requirements") || has("qualifications") {
            Some(Classified::Section(BulletSection::Requirement))
        } else if text.contains("performance indicator") || has("kpis") || has("kpi") {
            Some(Classified::Section(BulletSection::PerformanceIndicator))
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            BulletSection::Responsibility => "responsibility",
            BulletSection::Requirement => "requirement",
            BulletSection::PerformanceIndicator => "performance indicator",
        }
    }
}

enum Classified {
    Section(BulletSection),
    Skip,
}

/// One bullet of a Responsibilities, Requirements or Performance Indicators
/// section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bullet {
    pub section: BulletSection,
    /// The bullet's own text (nested bullets are bullets of their own),
    /// whitespace folded.
    pub text: String,
    /// The text as compared: lower case, punctuation and spacing folded, so
    /// reflowing a bullet or ending it with a full stop changes nothing.
    pub key: String,
    pub line: usize,
}

/// A level's reports-to link: the first link of its reports-to sentence.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReportsToLink {
    pub url: String,
    pub kind: LinkKind,
    /// The link's text ("Manager, Widget Engineering").
    pub text: String,
    /// Where the link is written.
    pub at: Located,
    /// The headings that enclose the link, outermost first.
    pub context: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LevelModel {
    pub name: String,
    /// The level's heading; `None` for a single-role page.
    pub heading: Option<Located>,
    /// The heading's anchor (Hugo's id), without `#`.
    pub anchor: Option<String>,
    pub grade: Option<u32>,
    /// Where the grade number (or, without one, the grade sentence) is written.
    pub grade_at: Option<Located>,
    /// The URL the grade links to.
    pub grade_link: Option<String>,
    /// Whether the level has a reports-to sentence (linked or not).
    pub says_reports_to: bool,
    pub reports_to: Option<ReportsToLink>,
    pub bullets: Vec<Bullet>,
}

impl LevelModel {
    /// The line a change to the level points at: its heading, else its grade.
    pub fn line(&self) -> Option<usize> {
        self.heading
            .as_ref()
            .or(self.grade_at.as_ref())
            .map(|l| l.line)
    }
}

/// A job-family page as `review` and the reporting graph see it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageModel {
    pub title: Option<String>,
    pub is_job_family: bool,
    pub template: Template,
    pub levels: Vec<LevelModel>,
    /// Bullets outside any level (the family's own sections).
    pub family_bullets: Vec<Bullet>,
    /// Every heading of the page as (anchor, text), for telling a link to a
    /// section from a link to nothing.
    pub headings: Vec<(String, String)>,
    /// Anchors of headings inside a level, with that level's index: a link to
    /// `#senior-analyst-requirements` lands in the Senior Analyst level.
    pub level_anchors: Vec<(String, usize)>,
}

impl PageModel {
    pub fn build(doc: &Document, family: &JobFamily) -> PageModel {
        let mut levels: Vec<LevelModel> = family
            .levels
            .iter()
            .map(|level| {
                let grade = level.grade.as_ref();
                let link_of = |i: Option<usize>| i.and_then(|i| doc.links.get(i));
                let reports_to =
                    level
                        .reports_to
                        .as_ref()
                        .and_then(|r| link_of(r.link))
                        .map(|link| {
                            // `[VP]({{< ref "x#vp" >}})`: the ref inside says where it goes.
                            let target = if link.url.contains("{{") {
                                doc.links
                                    .iter()
                                    .find(|r| {
                                        r.kind == LinkKind::HugoRef
                                            && link.span.contains(&r.span.start)
                                    })
                                    .unwrap_or(link)
                            } else {
                                link
                            };
                            ReportsToLink {
                                url: target.url.clone(),
                                kind: target.kind,
                                text: fold(&link.text),
                                at: Located::new(
                                    doc,
                                    target.url_span.clone().unwrap_or(link.span.clone()),
                                ),
                                context: doc
                                    .heading_path(link.span.start)
                                    .into_iter()
                                    .map(str::to_string)
                                    .collect(),
                            }
                        });
                LevelModel {
                    name: fold(&level.name),
                    heading: level
                        .heading
                        .map(|h| Located::new(doc, doc.headings[h].text_span.clone())),
                    anchor: level.heading.map(|h| doc.headings[h].anchor.clone()),
                    grade: grade.and_then(|g| g.number),
                    grade_at: grade.map(|g| {
                        Located::new(doc, g.number_span.clone().unwrap_or(g.sentence.clone()))
                    }),
                    grade_link: link_of(grade.and_then(|g| g.link)).map(|l| l.url.clone()),
                    says_reports_to: level.reports_to.is_some(),
                    reports_to,
                    bullets: Vec::new(),
                }
            })
            .collect();
        let mut family_bullets = Vec::new();
        for bullet in bullets(doc) {
            let (offset, bullet) = bullet;
            let owner = match family.template {
                Template::SingleRole => Some(0),
                _ => family
                    .levels
                    .iter()
                    .position(|l| l.heading.is_some() && l.extent.contains(&offset)),
            };
            match owner.and_then(|i| levels.get_mut(i)) {
                Some(level) => level.bullets.push(bullet),
                None => family_bullets.push(bullet),
            }
        }
        let mut level_anchors = Vec::new();
        for (i, level) in family.levels.iter().enumerate() {
            if level.heading.is_none() {
                continue;
            }
            for h in level.heading.iter().chain(&level.subsections) {
                level_anchors.push((doc.headings[*h].anchor.clone(), i));
            }
        }
        let title = doc.front_matter.title().map(fold);
        // A job-family page that describes one role without a Job Grade
        // section (an executive's page) is still that role.
        let is_index = doc
            .path
            .file_stem()
            .is_some_and(|s| s == "_index" || s == "index");
        if levels.is_empty() && family.is_job_family && !is_index {
            if let Some(title) = &title {
                levels.push(LevelModel {
                    name: title.clone(),
                    heading: None,
                    anchor: None,
                    grade: None,
                    grade_at: None,
                    grade_link: None,
                    says_reports_to: false,
                    reports_to: None,
                    bullets: std::mem::take(&mut family_bullets),
                });
            }
        }
        PageModel {
            title,
            is_job_family: family.is_job_family,
            template: family.template,
            levels,
            family_bullets,
            headings: doc
                .headings
                .iter()
                .map(|h| (h.anchor.clone(), fold(&h.text)))
                .collect(),
            level_anchors,
        }
    }

    /// The level a fragment lands in: its heading, a heading inside it, or a
    /// heading named after it (`## Manager, Widgets` above the level
    /// `### Manager, Widgets`).
    pub fn level_of_anchor(&self, anchor: &str) -> Option<usize> {
        let anchor = anchor.to_lowercase();
        self.levels
            .iter()
            .position(|l| l.anchor.as_deref() == Some(anchor.as_str()))
            .or_else(|| {
                self.level_anchors
                    .iter()
                    .find(|(a, _)| *a == anchor)
                    .map(|&(_, i)| i)
            })
            .or_else(|| {
                let (_, text) = self.headings.iter().find(|(a, _)| *a == anchor)?;
                self.level_named(text)
            })
    }

    /// The one level whose title is `text`, compared as role keys whose
    /// words may come in any order (`Security Research Director` is the
    /// `Director, Security Research`).
    pub fn level_named(&self, text: &str) -> Option<usize> {
        let key = sorted_role_key(text);
        if key.is_empty() {
            return None;
        }
        let mut found =
            (0..self.levels.len()).filter(|&i| sorted_role_key(&self.levels[i].name) == key);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The level whose title holds every word of `text` (of two words or
    /// more) with the fewest words besides, if only one does:
    /// `Director, People Operations` names the `Director, Global People
    /// Operations` rather than the `Senior Director, Global People
    /// Operations`. For links that name a level a little loosely.
    pub fn level_named_loosely(&self, text: &str) -> Option<usize> {
        let key = role_key(text);
        if key.len() < 2 {
            return None;
        }
        let found: Vec<(usize, usize)> = (0..self.levels.len())
            .filter_map(|i| {
                let name = role_key(&self.levels[i].name);
                key.iter()
                    .all(|w| name.contains(w))
                    .then_some((name.len(), i))
            })
            .collect();
        let fewest = found.iter().map(|&(n, _)| n).min()?;
        let mut best = found.iter().filter(|&&(n, _)| n == fewest);
        let (_, first) = *best.next()?;
        best.next().is_none().then_some(first)
    }

    /// Whether the page has a heading with this anchor.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        let anchor = anchor.to_lowercase();
        self.headings.iter().any(|(a, _)| *a == anchor)
    }
}

fn sorted_role_key(text: &str) -> Vec<String> {
    let mut key = role_key(text);
    key.sort_unstable();
    key
}

/// Whitespace folded to single spaces.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first paragraph that starts in `range` (blocks are in page order).
fn first_paragraph(doc: &Document, range: Range<usize>) -> Option<&crate::model::document::Block> {
    let first = doc.blocks.partition_point(|b| b.span.start < range.start);
    doc.blocks[first..]
        .iter()
        .take_while(|b| b.span.start < range.end)
        .find(|b| b.kind == crate::model::document::BlockKind::Paragraph)
}

/// A bullet's comparison key: lower case, letters and digits only, words
/// separated by one space.
pub fn bullet_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// The bullets of every Responsibilities, Requirements and Performance
/// Indicators section, with the offset where each starts. A bullet belongs to
/// the nearest enclosing heading that names one of those sections; a
/// nice-to-have section or a heading of another kind closer to it leaves it out.
fn bullets(doc: &Document) -> Vec<(usize, Bullet)> {
    let mut out = Vec::new();
    let items = &doc.items;
    for (i, item) in items.iter().enumerate() {
        let Some(mut heading) = doc.heading_at(item.start) else {
            continue;
        };
        let section = loop {
            match BulletSection::of_heading(&doc.headings[heading].text) {
                Some(Classified::Section(s)) => break Some(s),
                Some(Classified::Skip) => break None,
                // Only sub-headings of a section (`#### Technical` under
                // `### Requirements`) are looked through.
                None => match doc.headings[heading].parent {
                    Some(p) if doc.section_end(p) > item.start => heading = p,
                    _ => break None,
                },
            }
        };
        let Some(section) = section else {
            continue;
        };
        // The item's own text: its first paragraph, unless that paragraph
        // belongs to a nested item.
        let nested_start = items
            .get(i + 1)
            .filter(|next| next.start < item.end)
            .map_or(item.end, |next| next.start);
        let Some(paragraph) = first_paragraph(doc, item.start..nested_start) else {
            continue;
        };
        let text = fold(&paragraph.text);
        let key = bullet_key(&text);
        if key.is_empty() {
            continue;
        }
        let (line, _) = doc.lines.position(&doc.text, item.start);
        out.push((
            item.start,
            Bullet {
                section,
                text,
                key,
                line,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> PageModel {
        let doc = Document::parse("content/job-families/x/widget.md", text.to_string());
        let family = JobFamily::build(&doc);
        PageModel::build(&doc, &family)
    }

    const PAGE: &str = "---\ntitle: Widget Engineer\n---\n\n## Responsibilities\n\n- Build widgets\n  that last.\n- Review widgets\n  - nested review\n\n## Levels\n\n### Widget Engineer\n\nThe Widget Engineer reports to the [Manager, Widgets](#manager-widgets).\n\n#### Widget Engineer Job Grade\n\nThe Widget Engineer is a [grade 6](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).\n\n#### Widget Engineer Requirements\n\n- Ability to use GitLab\n\n#### Nice-to-haves\n\n- Kind\n\n### Manager, Widgets\n\n#### Manager, Widgets Job Grade\n\nThe Manager, Widgets is a grade 8.\n\n## Performance Indicators\n\n- [Widget rate](/x/)\n";

    #[test]
    fn levels_carry_grade_reports_to_and_bullets() {
        let m = model(PAGE);
        assert_eq!(m.title.as_deref(), Some("Widget Engineer"));
        let names: Vec<_> = m.levels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Widget Engineer", "Manager, Widgets"]);
        let first = &m.levels[0];
        assert_eq!(first.grade, Some(6));
        assert_eq!(first.anchor.as_deref(), Some("widget-engineer"));
        assert_eq!(first.heading.as_ref().unwrap().line, 14);
        assert!(
            first
                .grade_link
                .as_deref()
                .unwrap()
                .ends_with("#gitlab-job-grades")
        );
        let r = first.reports_to.as_ref().unwrap();
        assert_eq!(
            (r.url.as_str(), r.text.as_str()),
            ("#manager-widgets", "Manager, Widgets")
        );
        assert_eq!(r.at.line, 16);
        let bullets: Vec<_> = first.bullets.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(bullets, ["Ability to use GitLab"]);
        assert_eq!(m.levels[1].grade, Some(8));
        assert!(m.levels[1].reports_to.is_none());
        let family: Vec<_> = m
            .family_bullets
            .iter()
            .map(|b| (b.section, b.key.as_str()))
            .collect();
        assert_eq!(
            family,
            [
                (BulletSection::Responsibility, "build widgets that last"),
                (BulletSection::Responsibility, "review widgets"),
                (BulletSection::Responsibility, "nested review"),
                (BulletSection::PerformanceIndicator, "widget rate"),
            ]
        );
        assert_eq!(m.level_of_anchor("widget-engineer-requirements"), Some(0));
        assert_eq!(m.level_of_anchor("Manager-Widgets"), Some(1));
        assert_eq!(m.level_of_anchor("levels"), None);
    }

    #[test]
    fn bullet_keys_ignore_reflowing_and_punctuation() {
        assert_eq!(
            bullet_key("Build  widgets\nthat last."),
            bullet_key("build widgets that last")
        );
        assert_ne!(bullet_key("Build widgets"), bullet_key("Build gadgets"));
    }
}
