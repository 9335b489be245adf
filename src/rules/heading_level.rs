use std::collections::HashMap;

use crate::model::document::{Document, Heading};
use crate::model::job_family::{Level, role_key};
use crate::model::sections::{is_generic_section, is_grade_heading, split_section_suffix};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

mod layout;
mod placement;

/// ## What it does
/// Checks heading depths. On every page, a heading must be at most one level
/// deeper than the heading before it (`##` then `####` skips a level); on a
/// job family with levels and a title in its front matter (rendered as its
/// `#`), the first heading must be a `##`. On job
/// families, where a level's sections are named after it
/// (`#### Director, Security Responsibilities`), it also checks that
/// - each such section sits at the same depth as the level's other sections,
///   not one deeper or shallower;
/// - no other heading sits at that depth among them, unless it is a generic
///   section (`#### Hiring Process`): `#### Data Science` among
///   `#### Group Manager, Product - …` sections belongs one level deeper, under
///   the section it details.
///
/// On job families it also checks the layout of the levels, and reports each
/// heading to move at the heading, with the depth it should have:
/// - a `#` heading in the body of a page whose front matter gives the title
///   (Hugo renders the title as the page's `#` heading): a second title;
/// - a level's section (`Job Grade`, `Responsibilities`, `Requirements`,
///   `Nice-to-haves`, `Hiring Process`, …, named after the level or not) at
///   the depth of the level's heading, between it and the next level, or
///   after the last level under a `Levels` heading: it reads as another
///   level. After the last level, a closing section (`Hiring Process`,
///   `Performance Indicators`, `Career Ladder`, `Specialties`) no other level
///   has is the family's, and belongs one level up;
/// - a section shallower than the levels between two of them (`## Performance
///   Indicators` between `###` levels): repeated after several levels, or a
///   level's own (`Responsibilities`), it is reported itself; once, the level
///   after it is reported, as it reads as part of that section (a level under
///   `## Hiring Process`);
/// - a level whose own heading is missing, its `… Job Grade` heading written
///   at the depth of the levels (`### VP of Widgets Job Grade`): that heading,
///   and the level's sections after it at that depth;
/// - a level filed under a family section (`## Specialties`, a misplaced
///   `## Performance Indicators`) while a level of the same role at another
///   rank sits outside it (`### Senior Widget Engineer` under `##
///   Specialties`, `Widget Engineer` above): each such level, as it reads as a
///   specialty or as part of that section;
/// - a `Hiring Process`, `Performance Indicators` or `Career Ladder` (also
///   one named for its scope, `Performance Indicators for Widgets`) nested
///   in the last level when no other level has one and the family has none
///   of its own: the family's section, read as the last level's alone;
/// - a track heading (`Manager track`, `Individual Contributor Levels`) at
///   the depth of the levels that follow it;
/// - levels written beside the `Levels` heading instead of under it (`##
///   Levels`, then `## Payroll Specialist`): each level, and each of its
///   own sections one below it, which move down with it;
/// - a closing section nested in another (`### Career Ladder` under `##
///   Performance Indicators`): it reads as part of it;
/// - a closing section right under `Levels`, before the first level (`##
///   Levels`, then `### Performance Indicators`): it reads as the first level;
/// - the sections of a heading that is no level written at its depth: named
///   after it (`### International Payroll` then `### International Payroll
///   Responsibilities`), or unnamed after a specialty right under a
///   Specialties heading (`##### Enablement` then `##### Requirements`).
///
/// It applies to every page for skipped depths, and to job families for the
/// rest. It does not catch: a family-wide `Requirements` written inside a
/// level (it cannot be told from the level's own); sections after the last
/// level of a page without a `Levels` heading (`## Requirements` after
/// `## Senior Analyst` may be the family's); sections of a level the model
/// does not recognise as one, other than those right after a heading at the
/// level's depth; a body `#` heading inside a list item (`- # of leads`);
/// role-block pages that have no `Levels` heading at all (an older template
/// of the handbook, accepted as it is); unnamed sections of a heading that is
/// not right under a Specialties heading (`#### Data Science`, then `#####
/// ModelOps`, then `##### Requirements`).
///
/// ## Why is this bad?
/// Hugo builds the page's table of contents and anchors from heading depths,
/// and readers (and jflint) find a level's grade, responsibilities and
/// requirements by their nesting. A section at the wrong depth leaves the
/// level, or swallows the sections after it.
///
/// ## Example
/// ```markdown
/// ### Director, Security
///
/// #### Director, Security Job Grade
///
/// ##### Director, Security Responsibilities
/// ```
/// Use instead:
/// ```markdown
/// #### Director, Security Responsibilities
/// ```
/// The fix for a section at the wrong depth rewrites its `#` markers; it is
/// unsafe, as the headings under it may need to move too.
pub struct HeadingLevel;

impl HeadingLevel {
    pub fn new(_: &RuleData) -> Self {
        HeadingLevel
    }
}

impl Rule for HeadingLevel {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        // The depth each reported heading should have.
        let mut reported: HashMap<usize, u8> = HashMap::new();
        if ctx.family.is_job_family {
            for level in &ctx.family.levels {
                check_level(doc, level, &mut reported, out);
            }
            layout::check(doc, ctx.family, &mut reported, out);
        }
        // On a job family, Hugo renders the front matter's title as the `#`
        // heading: a first heading below `##` skips a depth.
        if ctx.family.is_job_family
            && !ctx.family.levels.is_empty()
            && doc.front_matter.title().is_some()
            && let Some(first) = doc.headings.first()
            && first.depth > 2
            && !reported.contains_key(&0)
        {
            out.push(
                Diagnostic::new(
                    RuleCode::HeadingLevel,
                    first.span.clone(),
                    format!(
                        "heading `{}` skips from the page title (`#`) to `{}`",
                        first.text,
                        marks(first.depth)
                    ),
                )
                .with_help("make it a `##` heading, or add the missing heading above it"),
            );
        }
        for (i, pair) in doc.headings.windows(2).enumerate() {
            let (previous, heading) = (&pair[0], &pair[1]);
            // A heading after one reported at the wrong depth is compared
            // with the depth that one should have: one slip, one finding.
            let previous_depth = reported.get(&i).copied().unwrap_or(previous.depth);
            if heading.depth > previous_depth + 1 && !reported.contains_key(&(i + 1)) {
                out.push(
                    Diagnostic::new(
                        RuleCode::HeadingLevel,
                        heading.span.clone(),
                        format!(
                            "heading `{}` skips from `{}` to `{}`",
                            heading.text,
                            marks(previous_depth),
                            marks(heading.depth)
                        ),
                    )
                    .with_help(format!(
                        "make it a `{}` heading, or add the missing heading above it",
                        marks(previous_depth + 1)
                    )),
                );
            }
        }
    }
}

/// The level-specific checks: sections at the wrong depth (reported with a
/// fix) and strangers among the level's sections.
fn check_level(
    doc: &Document,
    level: &Level,
    reported: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(level_heading) = level.heading else {
        return;
    };
    let level_depth = doc.headings[level_heading].depth;
    let key = role_key(&level.name);
    if key.is_empty() {
        return;
    }
    let named: Vec<usize> = level
        .subsections
        .iter()
        .copied()
        .filter(|&i| is_named_section(&doc.headings[i].text, &key))
        .collect();
    let Some(depth) = section_depth(doc, &named) else {
        return;
    };
    if depth <= level_depth {
        return;
    }

    for &i in &named {
        let heading = &doc.headings[i];
        if heading.depth == depth {
            continue;
        }
        let place = if heading.depth > depth {
            "deeper than"
        } else {
            "shallower than"
        };
        let mut diagnostic = Diagnostic::new(
            RuleCode::HeadingLevel,
            heading.span.clone(),
            format!(
                "section `{}` of level `{}` is a `{}` heading, {place} the level's other sections (`{}`)",
                heading.text,
                level.name,
                marks(heading.depth),
                marks(depth)
            ),
        )
        .with_help(format!("make it a `{}` heading", marks(depth)));
        if let Some(fix) = depth_fix(doc, heading, depth) {
            diagnostic = diagnostic.with_fix(fix);
        }
        out.push(diagnostic);
        reported.insert(i, depth);
    }

    let strangers: Vec<usize> = level
        .subsections
        .iter()
        .copied()
        .filter(|&i| {
            let h = &doc.headings[i];
            h.depth == depth
                && !role_key(&h.text).starts_with(&key)
                && !is_generic_section(&h.text)
                && !is_grade_heading(&h.text)
                && split_section_suffix(&h.text).is_none()
        })
        .collect();
    let named_at_depth = named
        .iter()
        .filter(|&&i| doc.headings[i].depth == depth)
        .count();
    // Only when the level's sections clearly follow the naming: otherwise the
    // heading may be one of several unnamed sections.
    if named_at_depth < 2 || named_at_depth <= strangers.len() {
        return;
    }
    for i in strangers {
        let heading = &doc.headings[i];
        out.push(
            Diagnostic::new(
                RuleCode::HeadingLevel,
                heading.span.clone(),
                format!(
                    "heading `{}` is at the depth of the sections of level `{}` (`{}`) but is not one of them",
                    heading.text,
                    level.name,
                    marks(depth)
                ),
            )
            .with_help(format!(
                "nest it under the section it belongs to as a `{}` heading, or name it after the level",
                marks(depth + 1)
            )),
        );
        reported.insert(i, depth + 1);
    }
}

/// True for a section named after the level whose key is `key`:
/// `<level name> <generic section>`, or a specialty of the level
/// (`Director, Security Assurance Requirements` for `Director, Security`).
fn is_named_section(text: &str, key: &[String]) -> bool {
    split_section_suffix(text)
        .is_some_and(|(role, _)| !role.is_empty() && role_key(role).starts_with(key))
}

/// The depth most of the named sections are at; the shallower one on a tie.
fn section_depth(doc: &Document, named: &[usize]) -> Option<u8> {
    let mut counts = [0usize; 7];
    for &i in named {
        counts[usize::from(doc.headings[i].depth.min(6))] += 1;
    }
    let (depth, count) = counts.iter().enumerate().rev().max_by_key(|(_, c)| **c)?;
    // One section alone shows no convention to compare with.
    (*count >= 2).then_some(depth as u8)
}

/// Rewrites an ATX heading's `#` markers to `depth`.
fn depth_fix(doc: &Document, heading: &Heading, depth: u8) -> Option<Fix> {
    let source = doc.text.get(heading.span.clone())?;
    let hashes = source.bytes().take_while(|&b| b == b'#').count();
    (hashes == usize::from(heading.depth)).then(|| {
        Fix::unsafe_edit(
            heading.span.start..heading.span.start + hashes,
            marks(depth),
        )
    })
}

fn marks(depth: u8) -> String {
    "#".repeat(usize::from(depth))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn check(text: &str) -> (Document, Vec<Diagnostic>) {
        let (doc, mut out) = check_page(&HeadingLevel, "content/job-families/x/y.md", text);
        out.sort_by_key(|d| d.span.start);
        (doc, out)
    }

    #[test]
    fn skipped_depth_is_reported() {
        let (doc, out) = check("## A\n\n#### B\n\n### C\n\n#### D\n");
        assert_eq!(out.len(), 1);
        assert_eq!(&doc.text[out[0].span.clone()], "#### B");
        assert!(out[0].message.contains("skips from `##` to `####`"));
    }

    #[test]
    fn deeper_section_is_reported_once_with_a_fix() {
        let (doc, out) = check(
            "## Levels\n\n### Director, Security\n\n#### Director, Security Job Grade\n\nThe Director, Security is a grade 10.\n\n##### Director, Security Responsibilities\n\n- a\n\n#### Director, Security Requirements\n\n- b\n\n### VP of Security\n\n###### VP of Security Job Grade\n\nThe VP of Security is a grade 12.\n\n#### VP of Security Responsibilities\n\n#### VP of Security Requirements\n",
        );
        let texts: Vec<&str> = out.iter().map(|d| &doc.text[d.span.clone()]).collect();
        assert_eq!(
            texts,
            [
                "##### Director, Security Responsibilities",
                "###### VP of Security Job Grade"
            ]
        );
        assert!(out[0].message.contains("deeper than"), "{}", out[0].message);
        let fix = out[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "####");
        assert_eq!(&doc.text[fix.edits[0].range.clone()], "#####");
        // The skip from ### to ###### is the same problem, reported once.
        assert!(out[1].message.contains("deeper than"), "{}", out[1].message);
    }

    #[test]
    fn shallower_section_is_reported() {
        let (doc, out) = check(
            "## Levels\n\n### Analyst\n\n#### Analyst Job Grade\n\nThe Analyst is a grade 6.\n\n### Analyst Responsibilities\n\n- a\n\n#### Analyst Requirements\n\n- b\n",
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            &doc.text[out[0].span.clone()],
            "### Analyst Responsibilities"
        );
        assert!(out[0].message.contains("shallower than"));
    }

    #[test]
    fn strangers_among_named_sections_are_reported() {
        let (doc, out) = check(
            "## Levels\n\n### Group Manager, Product (GMP)\n\n#### Group Manager, Product (GMP) - Job Grade\n\nThe Group Manager, Product is a grade 9.\n\n#### Group Manager, Product (GMP) - Specialties\n\n##### Verify\n\ntext\n\n#### Data Science\n\n##### ModelOps\n\ntext\n\n#### Hiring Process\n\n- a\n\n#### Group Manager, Product (GMP) - Requirements\n\n- b\n",
        );
        let texts: Vec<&str> = out.iter().map(|d| &doc.text[d.span.clone()]).collect();
        assert_eq!(texts, ["#### Data Science"]);
    }

    #[test]
    fn unnamed_sections_are_not_strangers() {
        let (_, out) = check(
            "## Levels\n\n### Analyst\n\n#### Job Grade\n\nThe Analyst is a grade 6.\n\n#### Data Science\n\n#### Responsibilities\n\n- a\n",
        );
        assert!(out.is_empty(), "{out:?}");
    }
}
