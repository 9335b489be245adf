//! Where a rule file's rule looks: Markdown scopes (a sentence, a paragraph,
//! a list item, …), front-matter keys, and the parts of a job family that
//! the model knows (the family intro, a family section, each level, a named
//! section of each level, the hiring process); with filters on pages and on
//! levels (grade range, track).

use std::ops::Range;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::language::sentences::sentence_ranges;
use crate::model::document::{BlockKind, Document, LinkKind, TextRun};
use crate::model::job_family::{JobFamily, Level};
use crate::model::sections::{
    SectionKind, is_hiring_heading, normalized_heading, split_section_suffix,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// All prose of the page (the default): no code, front matter or comments.
    Text,
    Sentence,
    Paragraph,
    ListItem,
    Heading,
    TableCell,
    LinkText,
    Blockquote,
    /// Inline code and code blocks, read as written.
    Code,
    /// The whole body as written, Markdown syntax included (Vale's `raw`).
    Raw,
    /// The value of a front-matter key, read as written.
    FrontMatter(String),
    /// The family's text before its first heading.
    FamilyIntro,
    /// A family-wide section (outside every level) with this name.
    FamilySection(String),
    /// Each level, from its heading to the next level.
    Level,
    /// The section with this name inside each level.
    LevelSection(String),
    /// The Hiring Process (or Interview Process) sections.
    HiringProcess,
}

/// The scope names a rule file may write, for error messages.
const NAMES: &str = "text, raw, sentence, paragraph, list-item, heading, table-cell, link-text, \
                     blockquote, code, family-intro, level, hiring-process, \
                     {front-matter: KEY}, {family-section: NAME}, {level-section: NAME}";

impl Scope {
    pub fn parse(value: &serde_yaml::Value) -> Result<Scope, String> {
        if let Some(name) = value.as_str() {
            return Ok(match name {
                "text" => Scope::Text,
                "sentence" => Scope::Sentence,
                "paragraph" => Scope::Paragraph,
                "list-item" | "list" => Scope::ListItem,
                "heading" => Scope::Heading,
                "table-cell" | "table" => Scope::TableCell,
                "link-text" => Scope::LinkText,
                "blockquote" => Scope::Blockquote,
                "code" => Scope::Code,
                "raw" => Scope::Raw,
                "family-intro" => Scope::FamilyIntro,
                "level" => Scope::Level,
                "hiring-process" => Scope::HiringProcess,
                other => return Err(format!("no scope `{other}`: one of {NAMES}")),
            });
        }
        if let Some(map) = value.as_mapping()
            && map.len() == 1
            && let Some((key, arg)) = map.iter().next()
            && let (Some(key), Some(arg)) = (key.as_str(), arg.as_str())
        {
            if arg.trim().is_empty() {
                return Err(format!("scope `{key}` needs a name"));
            }
            let arg = arg.trim().to_string();
            return Ok(match key {
                "front-matter" => Scope::FrontMatter(arg),
                "family-section" => Scope::FamilySection(arg),
                "level-section" => Scope::LevelSection(arg),
                other => return Err(format!("no scope `{other}`: one of {NAMES}")),
            });
        }
        Err(format!(
            "a scope is a name or a one-key map: one of {NAMES}"
        ))
    }

    /// The scope as a rule file writes it.
    pub fn name(&self) -> String {
        match self {
            Scope::Text => "text".into(),
            Scope::Sentence => "sentence".into(),
            Scope::Paragraph => "paragraph".into(),
            Scope::ListItem => "list-item".into(),
            Scope::Heading => "heading".into(),
            Scope::TableCell => "table-cell".into(),
            Scope::LinkText => "link-text".into(),
            Scope::Blockquote => "blockquote".into(),
            Scope::Code => "code".into(),
            Scope::Raw => "raw".into(),
            Scope::FrontMatter(key) => format!("front-matter: {key}"),
            Scope::FamilyIntro => "family-intro".into(),
            Scope::FamilySection(name) => format!("family-section: {name}"),
            Scope::Level => "level".into(),
            Scope::LevelSection(name) => format!("level-section: {name}"),
            Scope::HiringProcess => "hiring-process".into(),
        }
    }

    /// Scopes read as written in the source rather than as prose.
    pub fn is_raw(&self) -> bool {
        matches!(self, Scope::Code | Scope::Raw | Scope::FrontMatter(_))
    }

    /// Whether a prose run can hold text of this scope at all.
    pub fn admits(&self, run: &TextRun) -> bool {
        match self {
            Scope::Heading => run.in_heading.is_some(),
            Scope::LinkText => run.in_link.is_some(),
            _ => true,
        }
    }
}

/// One instance of a scope on a page.
#[derive(Debug, Clone)]
pub struct Instance {
    pub range: Range<usize>,
    /// Where findings about the whole instance land: its heading, or the
    /// instance itself.
    pub at: Range<usize>,
    /// The level it lies in (index into `JobFamily::levels`).
    pub level: Option<usize>,
}

/// Every instance of `scope` on the page, in document order.
pub fn instances(scope: &Scope, doc: &Document, family: &JobFamily) -> Vec<Instance> {
    let level_of = |offset: usize| {
        family
            .levels
            .iter()
            .position(|l| l.extent.contains(&offset))
    };
    let plain = |range: Range<usize>| Instance {
        at: range.clone(),
        level: level_of(range.start),
        range,
    };
    let heading_section = |h: usize| Instance {
        range: doc.headings[h].span.start..doc.section_end(h),
        at: doc.headings[h].span.clone(),
        level: level_of(doc.headings[h].span.start),
    };
    match scope {
        Scope::Text => vec![Instance {
            range: doc.body_start()..doc.text.len(),
            at: doc.title_span(),
            level: None,
        }],
        Scope::Paragraph => blocks(doc, BlockKind::Paragraph).map(plain).collect(),
        Scope::Blockquote => blocks(doc, BlockKind::BlockQuote).map(plain).collect(),
        Scope::ListItem => doc.items.iter().cloned().map(plain).collect(),
        Scope::Heading => doc.headings.iter().map(|h| plain(h.span.clone())).collect(),
        Scope::LinkText => doc
            .links
            .iter()
            .filter(|l| l.kind != LinkKind::HugoRef)
            .map(|l| plain(l.span.clone()))
            .collect(),
        Scope::TableCell => table_cells(doc).into_iter().map(plain).collect(),
        Scope::Sentence => sentences(doc).into_iter().map(plain).collect(),
        Scope::Code => doc.code.iter().cloned().map(plain).collect(),
        Scope::Raw => vec![Instance {
            range: doc.body_start()..doc.text.len(),
            at: doc.title_span(),
            level: None,
        }],
        Scope::FrontMatter(key) => front_matter_value(doc, key)
            .map(|r| Instance {
                at: r.clone(),
                range: r,
                level: None,
            })
            .into_iter()
            .collect(),
        Scope::FamilyIntro => {
            let start = doc.body_start();
            let end = doc
                .headings
                .first()
                .map_or(doc.text.len(), |h| h.span.start);
            let end = family
                .levels
                .first()
                .map_or(end, |l| end.min(l.extent.start));
            (start < end)
                .then(|| Instance {
                    range: start..end,
                    at: doc.title_span(),
                    level: None,
                })
                .into_iter()
                .collect()
        }
        Scope::Level => family
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| Instance {
                range: level.extent.clone(),
                at: level_heading(doc, level),
                level: Some(i),
            })
            .collect(),
        Scope::LevelSection(name) => family
            .levels
            .iter()
            .flat_map(|level| level.subsections.iter().copied())
            .filter(|&h| names_section(&doc.headings[h].text, name))
            .map(heading_section)
            .collect(),
        Scope::FamilySection(name) => (0..doc.headings.len())
            .filter(|&h| level_of(doc.headings[h].span.start).is_none())
            .filter(|&h| names_section(&doc.headings[h].text, name))
            .map(heading_section)
            .collect(),
        Scope::HiringProcess => (0..doc.headings.len())
            .filter(|&h| is_hiring_heading(&doc.headings[h].text))
            // A hiring section inside another one is part of it.
            .filter(|&h| {
                !std::iter::successors(doc.headings[h].parent, |&p| doc.headings[p].parent)
                    .any(|p| is_hiring_heading(&doc.headings[p].text))
            })
            .map(heading_section)
            .collect(),
    }
}

fn level_heading(doc: &Document, level: &Level) -> Range<usize> {
    level
        .heading
        .and_then(|h| doc.headings.get(h))
        .map_or_else(|| doc.title_span(), |h| h.span.clone())
}

fn blocks(doc: &Document, kind: BlockKind) -> impl Iterator<Item = Range<usize>> + '_ {
    doc.blocks
        .iter()
        .filter(move |b| b.kind == kind)
        .map(|b| b.span.clone())
}

/// Whether a heading names the section `name`: the same kind of section
/// (`Senior Analyst Requirements` is a Requirements section), or the same
/// words.
fn names_section(heading: &str, name: &str) -> bool {
    let wanted = normalized_heading(name);
    let text = normalized_heading(heading);
    if text == wanted {
        return true;
    }
    let section = split_section_suffix(heading).map_or(heading, |(_, s)| s);
    match (SectionKind::of(section), SectionKind::of(&wanted)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The cells of every table: the text between pipes on each row but the
/// delimiter row, trimmed.
fn table_cells(doc: &Document) -> Vec<Range<usize>> {
    let mut cells = Vec::new();
    for table in blocks(doc, BlockKind::Table) {
        let mut offset = table.start;
        for line in doc.text[table.clone()].split_inclusive('\n') {
            let row = line.trim_end();
            let is_delimiter = row
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
            if !is_delimiter {
                let mut start = offset;
                for (i, c) in row.char_indices() {
                    if c == '|' && !row[..i].ends_with('\\') {
                        push_trimmed(&doc.text, start..offset + i, &mut cells);
                        start = offset + i + 1;
                    }
                }
                push_trimmed(&doc.text, start..offset + row.len(), &mut cells);
            }
            offset += line.len();
        }
    }
    cells
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// The blocks of prose Vale reads one by one for `text`: paragraphs,
/// headings and table cells, in document order.
pub fn prose_blocks(doc: &Document) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = blocks(doc, BlockKind::Paragraph)
        .chain(doc.headings.iter().map(|h| h.span.clone()))
        .chain(table_cells(doc))
        .collect();
    out.sort_by_key(|r| r.start);
    out
}

/// The sentences of every paragraph and heading: a sentence ends after `.`,
/// `!` or `?` followed by white space, or by closing emphasis, quotes or a
/// parenthesis and then white space (`**Where do we meet?** In …`), as in
/// the rendered text.
fn sentences(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let spans =
        blocks(doc, BlockKind::Paragraph).chain(doc.headings.iter().map(|h| h.text_span.clone()));
    for span in spans {
        for range in sentence_ranges(&doc.text[span.clone()]) {
            push_trimmed(
                &doc.text,
                span.start + range.start..span.start + range.end,
                &mut out,
            );
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// The value of a top-level front-matter key as written: the rest of its
/// line, and the indented lines after it.
fn front_matter_value(doc: &Document, key: &str) -> Option<Range<usize>> {
    let front = doc.front_matter.span()?;
    let mut offset = front.start;
    let mut found: Option<Range<usize>> = None;
    for line in doc.text[front.clone()].split_inclusive('\n') {
        if let Some(range) = &mut found {
            if line.starts_with([' ', '\t']) || line.trim().is_empty() {
                range.end = offset + line.trim_end().len();
                offset += line.len();
                continue;
            }
            break;
        }
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let lead = rest.len() - rest.trim_start().len();
            let start = offset + key.len() + 1 + lead;
            found = Some(start..(offset + line.trim_end().len()).max(start));
        }
        offset += line.len();
    }
    found.filter(|r| !r.is_empty())
}

/// Which pages a rule runs on.
#[derive(Debug, Clone, Default)]
pub struct PageFilter {
    globs: Option<GlobSet>,
    job_families: bool,
}

impl PageFilter {
    pub fn new(globs: &[String], job_families: bool) -> Result<PageFilter, String> {
        let globs = if globs.is_empty() {
            None
        } else {
            let mut builder = GlobSetBuilder::new();
            for g in globs {
                let pattern = g.trim_start_matches("./");
                let pattern = if pattern.starts_with('/') || pattern.starts_with("**") {
                    pattern.trim_start_matches('/').to_string()
                } else {
                    format!("**/{pattern}")
                };
                builder.add(Glob::new(&pattern).map_err(|e| format!("bad glob `{g}`: {e}"))?);
            }
            Some(builder.build().map_err(|e| e.to_string())?)
        };
        Ok(PageFilter {
            globs,
            job_families,
        })
    }

    pub fn job_families_only(&self) -> bool {
        self.job_families
    }

    pub fn admits(&self, path: &std::path::Path, is_job_family: bool) -> bool {
        (!self.job_families || is_job_family)
            && self.globs.as_ref().is_none_or(|g| g.is_match(path))
    }
}

/// A level's track, read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Track {
    /// Managers, directors, vice presidents, heads and chiefs.
    Manager,
    IndividualContributor,
}

impl Track {
    pub fn of(level_name: &str) -> Track {
        let name = level_name.to_lowercase();
        let manager = name.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w,
                "manager" | "director" | "vp" | "vice" | "head" | "chief" | "officer" | "cxo"
            )
        });
        if manager {
            Track::Manager
        } else {
            Track::IndividualContributor
        }
    }
}

/// Which levels a rule runs on: a grade range and a track.
#[derive(Debug, Clone, Default)]
pub struct LevelFilter {
    pub grades: Option<(u32, u32)>,
    pub track: Option<Track>,
}

impl LevelFilter {
    pub fn parse(
        grades: Option<&serde_yaml::Value>,
        track: Option<&str>,
    ) -> Result<LevelFilter, String> {
        let grades = match grades {
            None => None,
            Some(v) => Some(parse_grades(v).ok_or_else(|| {
                "`grades` is a grade (`5`), a range (`4-5`) or a list (`[4, 5]`)".to_string()
            })?),
        };
        let track = match track {
            None => None,
            Some("manager") => Some(Track::Manager),
            Some("individual-contributor" | "ic") => Some(Track::IndividualContributor),
            Some(other) => {
                return Err(format!(
                    "no track `{other}`: one of manager, individual-contributor"
                ));
            }
        };
        Ok(LevelFilter { grades, track })
    }

    pub fn is_set(&self) -> bool {
        self.grades.is_some() || self.track.is_some()
    }

    /// Whether text at `offset` lies in a level the filter admits (always,
    /// when the filter is not set).
    pub fn admits(&self, family: &JobFamily, level: Option<usize>) -> bool {
        if !self.is_set() {
            return true;
        }
        let Some(level) = level.and_then(|i| family.levels.get(i)) else {
            return false;
        };
        if let Some((low, high)) = self.grades {
            let grade = level.grade.as_ref().and_then(|g| g.number);
            if !grade.is_some_and(|g| (low..=high).contains(&g)) {
                return false;
            }
        }
        self.track.is_none_or(|t| Track::of(&level.name) == t)
    }
}

fn parse_grades(value: &serde_yaml::Value) -> Option<(u32, u32)> {
    if let Some(n) = value.as_u64() {
        return Some((n as u32, n as u32));
    }
    if let Some(s) = value.as_str() {
        let (a, b) = s.split_once(['-', '–']).unwrap_or((s, s));
        let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        return (a <= b).then_some((a, b));
    }
    let list = value.as_sequence()?;
    let grades: Vec<u32> = list
        .iter()
        .filter_map(|v| v.as_u64().map(|n| n as u32))
        .collect();
    (grades.len() == list.len() && !grades.is_empty()).then(|| {
        (
            *grades.iter().min().unwrap_or(&0),
            *grades.iter().max().unwrap_or(&0),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> (Document, JobFamily) {
        let doc = Document::parse("content/job-families/x.md", text.to_string());
        let family = JobFamily::build(&doc);
        (doc, family)
    }

    fn texts(scope: Scope, text: &str) -> Vec<String> {
        let (doc, family) = page(text);
        instances(&scope, &doc, &family)
            .into_iter()
            .map(|i| doc.text[i.range].trim().to_string())
            .collect()
    }

    #[test]
    fn a_sentence_ends_inside_closing_emphasis() {
        let text = "**Where do the widget teams meet?** They meet in the lab. \
                    *Done.* Next one _here!_ And \"quoted.\" Last (aside.) End\n";
        assert_eq!(
            texts(Scope::Sentence, text),
            [
                "**Where do the widget teams meet?**",
                "They meet in the lab.",
                "*Done.*",
                "Next one _here!_",
                "And \"quoted.\"",
                "Last (aside.)",
                "End"
            ]
        );
        // Emphasis closed later, or a mark inside a word, ends nothing.
        assert_eq!(
            texts(Scope::Sentence, "**Bold.**text and v1.2 *a.b* end.\n"),
            ["**Bold.**text and v1.2 *a.b* end."]
        );
    }

    #[test]
    fn markdown_scopes() {
        let text = "---\ntitle: T\ndescription: A page.\n---\n\nFirst one. Second one!\n\n- item a\n- item b\n\n> quoted\n\n| a | b |\n| - | - |\n| c | d \\| e |\n";
        assert_eq!(
            texts(Scope::Sentence, text),
            ["First one.", "Second one!", "item a", "item b", "quoted"]
        );
        assert_eq!(texts(Scope::ListItem, text), ["- item a", "- item b"]);
        assert_eq!(texts(Scope::Blockquote, text), ["> quoted"]);
        assert_eq!(texts(Scope::TableCell, text), ["a", "b", "c", "d \\| e"]);
        assert_eq!(
            texts(Scope::FrontMatter("description".into()), text),
            ["A page."]
        );
    }

    #[test]
    fn job_family_scopes() {
        let text = "---\ntitle: Widget Engineer\n---\n\nWidget Engineers build widgets.\n\n## Levels\n\n### Widget Engineer\n\nThe Widget Engineer is a grade 5.\n\n#### Widget Engineer Requirements\n\n- Ability to use GitLab\n\n### Senior Widget Engineer\n\nThe Senior Widget Engineer is a grade 6.\n\n#### Requirements\n\n- Mentors\n\n## Hiring Process\n\n- A screening call\n";
        assert_eq!(
            texts(Scope::FamilyIntro, text),
            ["Widget Engineers build widgets."]
        );
        let levels = texts(Scope::Level, text);
        assert_eq!(levels.len(), 2, "{levels:?}");
        let reqs = texts(Scope::LevelSection("Requirements".into()), text);
        assert_eq!(reqs.len(), 2, "{reqs:?}");
        assert!(reqs[1].ends_with("- Mentors"), "{reqs:?}");
        assert_eq!(
            texts(Scope::HiringProcess, text),
            ["## Hiring Process\n\n- A screening call"]
        );
        let (_, family) = page(text);
        let filter = LevelFilter::parse(Some(&serde_yaml::Value::from("4-5")), None).unwrap();
        assert!(filter.admits(&family, Some(0)));
        assert!(!filter.admits(&family, Some(1)));
        assert!(!filter.admits(&family, None));
    }

    #[test]
    fn page_filters() {
        let filter = PageFilter::new(&["job-families/engineering/**".to_string()], true).unwrap();
        let page = std::path::Path::new("content/job-families/engineering/widget.md");
        assert!(filter.admits(page, true));
        assert!(!filter.admits(page, false));
        assert!(!filter.admits(
            std::path::Path::new("content/job-families/sales/a.md"),
            true
        ));
        assert!(PageFilter::new(&["a/[".to_string()], false).is_err());
    }

    #[test]
    fn tracks_and_bad_scopes() {
        assert_eq!(Track::of("Senior Manager, Widgets"), Track::Manager);
        assert_eq!(
            Track::of("Staff Widget Engineer"),
            Track::IndividualContributor
        );
        assert!(Scope::parse(&serde_yaml::Value::from("galaxy")).is_err());
        assert!(LevelFilter::parse(None, Some("wizard")).is_err());
    }
}
