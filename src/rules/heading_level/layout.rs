//! The layout of a job family's levels: headings whose depth makes them read
//! as something they are not (a section as another level, a family section as
//! one level's, a level as part of the hiring process, a second page title).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::marks;
use crate::model::document::{BlockKind, Document};
use crate::model::job_family::{JobFamily, Level, role_key};
use crate::model::sections::{
    SectionKind, is_levels_heading, normalized_heading, split_section_suffix,
};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::RuleCode;

/// A track heading: `Manager track`, `Individual Contributor Levels`,
/// `People Management`.
static TRACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:individual\s+contributors?|ics?|(?:people\s+)?manag(?:ers?|ement)|leadership|executives?)(?:\s*\(\w+\))?(?:\s+(?:track|levels|roles|ladder))?|.*\btrack)\s*:?$",
    )
    .expect("valid regex")
});

/// A heading read as a section: its kind, and whether it names a role
/// (`Senior Analyst Requirements`) rather than nothing (`Requirements`).
pub(super) struct Section {
    pub(super) kind: SectionKind,
    pub(super) role: Vec<String>,
}

/// A family section named for its scope: `Performance Indicators for
/// Marketing Operations`, `Hiring Process for EMEA`.
static SCOPED_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(performance\s+indicators?|hiring\s+process|career\s+ladder)\s+(?:for|of)\s")
        .expect("valid regex")
});

fn scoped_section(text: &str) -> Option<Section> {
    let caps = SCOPED_SECTION.captures(text.trim())?;
    Some(Section {
        kind: SectionKind::of(&caps[1])?,
        role: Vec::new(),
    })
}

pub(super) fn section(text: &str) -> Option<Section> {
    let (role, name) = split_section_suffix(text)?;
    Some(Section {
        kind: SectionKind::of(name)?,
        role: role_key(role),
    })
}

/// Whether `section` is unnamed or named after the level whose key is `key`.
fn belongs_to(section: &Section, key: &[String]) -> bool {
    section.role.is_empty() || section.role.starts_with(key)
}

/// The layout checks; `expected` records the depth each reported heading
/// should have, so that the skipped-depth check does not report the same
/// slip again at the heading after it.
pub(super) fn check(
    doc: &Document,
    family: &JobFamily,
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    second_titles(doc, expected, out);
    let all_levels: Vec<(&Level, usize)> = family
        .levels
        .iter()
        .filter_map(|l| l.heading.map(|h| (l, h)))
        .collect();
    levels_beside_levels_heading(doc, &all_levels, expected, out);
    super::placement::levels_without_heading(doc, &all_levels, expected, out);
    let levels: Vec<(&Level, usize)> = family
        .levels
        .iter()
        .filter_map(|l| l.heading.map(|h| (l, h)))
        // A level named by its misplaced `… Job Grade` heading has lost its
        // own heading: that is what needs fixing, not its sections' depth.
        .filter(|(l, _)| split_section_suffix(&l.name).is_none())
        .collect();
    super::placement::levels_under_family_sections(doc, &levels, expected, out);
    for (n, &(level, heading)) in levels.iter().enumerate() {
        // The next level of the same group: at the same depth, under the
        // same heading. The last of a group is followed by the family's (or
        // the group's) closing sections.
        let next = levels
            .get(n + 1)
            .map(|&(_, h)| h)
            .filter(|&h| same_group(doc, heading, h));
        sections_at_level_depth(doc, &levels, level, heading, next, expected, out);
        // A level after a section that ends the group is still the next one.
        if let Some(&(_, after)) = levels.get(n + 1)
            && doc.headings[after].depth == doc.headings[heading].depth
        {
            levels_under_sections(doc, &levels, heading, after, expected, out);
        }
    }
    family_sections_in_last_level(doc, &levels, expected, out);
    closing_sections_misfiled(doc, &all_levels, expected, out);
    sections_at_their_subjects_depth(doc, expected, out);
    tracks_among_levels(doc, &levels, expected, out);
}

/// Levels written beside the `Levels` heading instead of under it (`##
/// Levels`, then `## Payroll Specialist`): they read as family sections, and
/// the `Levels` section is empty. Each level is reported, and so are its own
/// sections one below it, which move down with it.
fn levels_beside_levels_heading(
    doc: &Document,
    levels: &[(&Level, usize)],
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    let containers: Vec<usize> = (0..doc.headings.len())
        .filter(|&i| is_levels_heading(&doc.headings[i].text))
        .collect();
    for &(level, h) in levels {
        let Some(&container) = containers.iter().rev().find(|&&c| c < h) else {
            continue;
        };
        let outer = doc.headings[container].depth;
        let depth = doc.headings[h].depth;
        // Levels shallower than their `Levels` heading: that heading is too
        // deep (`#### Levels` above `###` levels), reported once.
        if depth < outer {
            // `###` levels belong under a `##` Levels; `##` levels, beside the
            // family's `##` sections, move down under a `##` Levels.
            let container_depth = if depth >= 3 { depth - 1 } else { 2 };
            let help = if depth >= 3 {
                format!("make it a `{}` heading", marks(container_depth))
            } else {
                format!(
                    "make it a `{}` heading, and its levels `{}`",
                    marks(container_depth),
                    marks(container_depth + 1)
                )
            };
            report(
                out,
                expected,
                doc,
                container,
                container_depth,
                format!(
                    "heading `{}` is a `{}` heading above `{}` levels: the levels read as outside it",
                    doc.headings[container].text,
                    marks(outer),
                    marks(depth),
                ),
                help,
            );
            continue;
        }
        if depth != outer || outer >= 5 {
            continue;
        }
        let levels_name = &doc.headings[container].text;
        report(
            out,
            expected,
            doc,
            h,
            outer + 1,
            format!(
                "level `{}` is a `{}` heading beside `{levels_name}`, not under it: it reads as a section of the family",
                level.name,
                marks(depth),
            ),
            format!(
                "make it a `{}` heading under `{levels_name}`, and its sections `{}`",
                marks(outer + 1),
                marks(outer + 2)
            ),
        );
        let key = role_key(&level.name);
        for &s in &level.subsections {
            let sub = &doc.headings[s];
            if sub.depth != depth + 1 || !section(&sub.text).is_some_and(|f| belongs_to(&f, &key)) {
                continue;
            }
            report(
                out,
                expected,
                doc,
                s,
                outer + 2,
                format!(
                    "heading `{}` is a `{}` heading: with its level moved under `{levels_name}` it belongs one level deeper",
                    sub.text,
                    marks(sub.depth),
                ),
                format!("make it a `{}` heading", marks(outer + 2)),
            );
        }
    }
}

/// The sections of a heading that is no level (a specialty: `##### Enablement`,
/// `### International Payroll`) written at that heading's depth: named after
/// it (`### International Payroll Responsibilities`), or unnamed after a
/// specialty right under a Specialties heading (`##### Requirements`). They read as another
/// specialty. Levels' own sections are checked with the levels.
fn sections_at_their_subjects_depth(
    doc: &Document,
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    // `Specialties`, or `Group Manager, Product - Specialties`.
    let is_specialties = |i: usize| {
        let text = &doc.headings[i].text;
        SectionKind::of(&normalized_heading(text)) == Some(SectionKind::Specialties)
            || section(text).is_some_and(|s| s.kind == SectionKind::Specialties)
    };
    // A specialty is a heading right under a Specialties heading.
    let under_specialties = |i: usize| doc.headings[i].parent.is_some_and(is_specialties);
    let owns = |kind: SectionKind| {
        matches!(
            kind,
            SectionKind::Responsibilities
                | SectionKind::Requirements
                | SectionKind::NiceToHaves
                | SectionKind::PerformanceIndicators
        )
    };
    for (i, subject) in doc.headings.iter().enumerate() {
        if section(&subject.text).is_some() || is_specialties(i) || subject.depth >= 6 {
            continue;
        }
        let key = role_key(&subject.text);
        // A misspelt section word (`Responsibilites`) is a section, not a subject.
        let misspelt_section = key.len() == 1
            && ["responsibilities", "requirements", "specialties"]
                .iter()
                .any(|w| crate::model::distance::edit_distance_str(&key[0], w, 3).is_some());
        if key.is_empty() || misspelt_section {
            continue;
        }
        let unnamed_allowed = under_specialties(i);
        for (j, h) in doc.headings.iter().enumerate().skip(i + 1) {
            if h.depth < subject.depth {
                break;
            }
            if h.depth > subject.depth {
                continue;
            }
            let Some(found) = section(&h.text) else {
                break; // the next subject at this depth
            };
            let named = !found.role.is_empty() && found.role == key;
            if !owns(found.kind) || !(named || (found.role.is_empty() && unnamed_allowed)) {
                break;
            }
            report(
                out,
                expected,
                doc,
                j,
                subject.depth + 1,
                format!(
                    "heading `{}` is a `{}` heading, at the depth of `{}`: it reads as another heading beside it, not its section",
                    h.text,
                    marks(h.depth),
                    subject.text,
                ),
                format!("make it a `{}` heading", marks(subject.depth + 1)),
            );
        }
    }
}

/// A family's closing section misfiled under another heading: nested in
/// another closing section (`### Career Ladder` under `## Hiring Process`),
/// it reads as a part of it, and a table of contents lists it there; right
/// under a `Levels` heading before any level in it (`## Levels`, then `###
/// Performance Indicators`), it reads as the first level. (After the last
/// level, `sections_at_level_depth` reports it.)
fn closing_sections_misfiled(
    doc: &Document,
    levels: &[(&Level, usize)],
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    let closing = |text: &str| {
        SectionKind::of(&normalized_heading(text)).filter(|k| {
            matches!(
                k,
                SectionKind::PerformanceIndicators
                    | SectionKind::CareerLadder
                    | SectionKind::HiringProcess
            )
        })
    };
    for (i, heading) in doc.headings.iter().enumerate() {
        let Some(parent) = heading.parent else {
            continue;
        };
        let outer = &doc.headings[parent];
        if outer.depth < 2 {
            continue;
        }
        let nested = closing(&heading.text)
            .is_some_and(|kind| closing(&outer.text).is_some_and(|o| o != kind));
        let before_levels = heading.depth == outer.depth + 1
            && is_levels_heading(&outer.text)
            && section(&heading.text).is_some_and(|s| s.role.is_empty() && s.kind.closes_family())
            && !levels.iter().any(|&(_, h)| h > parent && h < i);
        let (reads_as, help) = if nested {
            ("it reads as part of it", "a section of its own")
        } else if before_levels {
            (
                "before its levels: it reads as the first level",
                "the family's section, and move it after the levels",
            )
        } else {
            continue;
        };
        report(
            out,
            expected,
            doc,
            i,
            outer.depth,
            format!(
                "heading `{}` is a `{}` heading under `{}`{}{reads_as}",
                heading.text,
                marks(heading.depth),
                outer.text,
                if nested { ": " } else { ", " },
            ),
            format!("make it a `{}` heading, {help}", marks(outer.depth)),
        );
    }
}

fn same_group(doc: &Document, a: usize, b: usize) -> bool {
    let (a, b) = (&doc.headings[a], &doc.headings[b]);
    a.depth == b.depth && a.parent == b.parent
}

/// A heading that holds levels: `Levels`, `Individual Contributor Levels`,
/// `Manager track`.
fn holds_levels(text: &str) -> bool {
    let text = text.trim();
    is_levels_heading(text)
        || TRACK.is_match(text)
        || text
            .to_lowercase()
            .trim_end_matches(':')
            .ends_with("levels")
}

pub(super) fn report(
    out: &mut Vec<Diagnostic>,
    expected: &mut HashMap<usize, u8>,
    doc: &Document,
    heading: usize,
    depth: u8,
    message: String,
    help: String,
) {
    if expected.contains_key(&heading) {
        return;
    }
    expected.insert(heading, depth);
    out.push(
        Diagnostic::new(
            RuleCode::HeadingLevel,
            doc.headings[heading].span.clone(),
            message,
        )
        .with_help(help),
    );
}

/// A `#` heading in the body of a page whose front matter gives the title:
/// Hugo renders the title as the page's `#` heading.
fn second_titles(doc: &Document, expected: &mut HashMap<usize, u8>, out: &mut Vec<Diagnostic>) {
    let titled = doc.front_matter.title().is_some();
    let mut first = !titled;
    for (i, heading) in doc.headings.iter().enumerate() {
        // A `#` after a list marker (`- # of leads`) is another slip.
        let at_line_start = heading.span.start == 0
            || doc.text.as_bytes().get(heading.span.start - 1) == Some(&b'\n');
        if heading.depth != 1 || !at_line_start {
            continue;
        }
        if first {
            first = false;
            continue;
        }
        let has_children = doc.headings.get(i + 1).is_some_and(|h| h.parent == Some(i));
        let help = if has_children {
            "make it a `##` heading, and the headings under it one level deeper"
        } else {
            "make it a `##` heading"
        };
        report(
            out,
            expected,
            doc,
            i,
            2,
            format!(
                "heading `{}` is a `#` heading in the body: it reads as a second page title",
                heading.text
            ),
            help.to_string(),
        );
    }
}

/// The depth of a level's own sections: the shallowest depth below the
/// level's heading among its section headings, or one below it.
fn section_depth(doc: &Document, level: &Level, heading: usize) -> u8 {
    let depth = doc.headings[heading].depth;
    level
        .subsections
        .iter()
        .map(|&i| &doc.headings[i])
        .filter(|h| h.depth > depth && section(&h.text).is_some())
        .map(|h| h.depth)
        .min()
        .unwrap_or(depth + 1)
        .min(6)
}

/// Whether any level but `except` has a section of `kind` (at any depth
/// below its heading, or right after it at its depth).
fn other_level_has(
    doc: &Document,
    levels: &[(&Level, usize)],
    except: usize,
    kind: SectionKind,
) -> bool {
    levels.iter().enumerate().any(|(n, &(_, h))| {
        if h == except {
            return false;
        }
        let end = levels.get(n + 1).map_or_else(
            || doc.section_end(h),
            |&(_, next)| doc.headings[next].span.start,
        );
        doc.headings[h + 1..]
            .iter()
            .take_while(|x| x.span.start < end)
            .any(|x| section(&x.text).is_some_and(|s| s.kind == kind))
    })
}

/// Sections of a level (`### Responsibilities`, `### Hiring Process`) at the
/// depth of the level's own heading, between it and the next level: they
/// read as levels of their own.
fn sections_at_level_depth(
    doc: &Document,
    levels: &[(&Level, usize)],
    level: &Level,
    heading: usize,
    next: Option<usize>,
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    let depth = doc.headings[heading].depth;
    let key = role_key(&level.name);
    let own_depth = section_depth(doc, level, heading);
    // The heading that holds the levels (`## Levels`), when there is one.
    let container = doc.headings[heading]
        .parent
        .filter(|&p| doc.headings[p].depth + 1 == depth && holds_levels(&doc.headings[p].text));
    let end = next.unwrap_or(doc.headings.len());
    // A heading at the level's depth that is no section (a role the model
    // does not take for a level) owns the sections after it.
    let mut owner = level.name.as_str();
    let mut owner_key = role_key(&level.name);
    for j in heading + 1..end {
        let h = &doc.headings[j];
        let found = section(&h.text);
        if h.depth < depth {
            // A new group of roles, or the end of the levels.
            if next.is_none() || found.is_none() {
                break;
            }
            continue;
        }
        if h.depth != depth {
            continue;
        }
        let Some(found) = found else {
            owner = &h.text;
            owner_key = role_key(&h.text);
            continue;
        };
        if !belongs_to(&found, &owner_key) && !belongs_to(&found, &key) {
            continue;
        }
        let named = !found.role.is_empty();
        let last = next.is_none();
        let (target, whose) = if named
            || !last
            || !found.kind.closes_family()
            || other_level_has(doc, levels, heading, found.kind)
        {
            (own_depth, format!("a section of `{owner}`"))
        } else {
            (
                depth - 1,
                "the family's section, after the levels".to_string(),
            )
        };
        // After the last level of a page without a `Levels` heading, an
        // unnamed section at the level's depth is the family's, unless the
        // model gave it to the level (a level written with its sections at
        // its own depth, from its `Job Grade` on).
        if last && !named && container.is_none() && !level.extent.contains(&h.span.start) {
            continue;
        }
        if target < 2 {
            continue;
        }
        report(
            out,
            expected,
            doc,
            j,
            target,
            format!(
                "heading `{}` is a `{}` heading, at the depth of `{owner}`: it reads as another level",
                h.text,
                marks(depth),
            ),
            format!("make it a `{}` heading: it is {whose}", marks(target)),
        );
    }
}

/// Between two levels, a section shallower than them (`## Performance
/// Indicators` between `###` levels) ends the levels' container: the levels
/// after it read as part of it. Repeated after several levels, such sections
/// are the levels' own and are reported; once, the level after it is.
fn levels_under_sections(
    doc: &Document,
    levels: &[(&Level, usize)],
    heading: usize,
    next: usize,
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    // The level after is reported itself, as filed under a family section.
    if expected.contains_key(&next) {
        return;
    }
    let depth = doc.headings[heading].depth;
    for j in heading + 1..next {
        let h = &doc.headings[j];
        if h.depth >= depth || h.depth < 2 {
            continue;
        }
        let Some(found) = section(&h.text) else {
            continue;
        };
        if !found.role.is_empty() || found.kind == SectionKind::Specialties {
            continue;
        }
        let repeated = levels
            .windows(2)
            .filter(|pair| {
                let (a, b) = (pair[0].1, pair[1].1);
                a != heading
                    && doc.headings[a + 1..b].iter().any(|x| {
                        x.depth < doc.headings[a].depth
                            && section(&x.text)
                                .is_some_and(|s| s.role.is_empty() && s.kind == found.kind)
                    })
            })
            .count()
            >= 1;
        let level = levels.iter().find(|&&(_, h)| h == heading).map(|&(l, _)| l);
        // Once, a closing section is the family's: the level after it is
        // misplaced, if it sits under it.
        let under = std::iter::successors(doc.headings[next].parent, |&p| doc.headings[p].parent)
            .any(|p| p == j);
        if !repeated && found.kind.closes_family() && !under {
            continue;
        }
        if repeated || !found.kind.closes_family() {
            let Some(level) = level else { continue };
            let target = section_depth(doc, level, heading);
            report(
                out,
                expected,
                doc,
                j,
                target,
                format!(
                    "heading `{}` is a `{}` heading inside the levels: it ends them, and the levels after it read as part of it",
                    h.text,
                    marks(h.depth)
                ),
                format!(
                    "make it a `{}` heading: it is a section of level `{}`",
                    marks(target),
                    level.name
                ),
            );
        } else {
            let next_heading = &doc.headings[next];
            report(
                out,
                expected,
                doc,
                next,
                next_heading.depth,
                format!(
                    "level `{}` sits under `{}` (a `{}` heading): it reads as part of it",
                    next_heading.text,
                    h.text,
                    marks(h.depth)
                ),
                format!(
                    "move `{}` after the level, or the level up among the others",
                    h.text
                ),
            );
            // One finding for the levels that follow under the same section.
            return;
        }
    }
}

/// A family section (`Hiring Process`, `Performance Indicators`, `Career
/// Ladder`) nested in the last level when no other level has one: it reads
/// as that level's alone.
fn family_sections_in_last_level(
    doc: &Document,
    levels: &[(&Level, usize)],
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    let [.., (_, previous), (last, heading)] = levels else {
        return;
    };
    if !same_group(doc, *previous, *heading) {
        return;
    }
    let depth = doc.headings[*heading].depth;
    let family_depth = doc.headings[*heading]
        .parent
        .map_or(depth, |p| doc.headings[p].depth.max(2));
    for &i in &last.subsections {
        let h = &doc.headings[i];
        if h.depth <= depth {
            continue;
        }
        let Some(found) = section(&h.text).or_else(|| scoped_section(&h.text)) else {
            continue;
        };
        if !found.role.is_empty()
            || !matches!(
                found.kind,
                SectionKind::PerformanceIndicators
                    | SectionKind::CareerLadder
                    | SectionKind::HiringProcess
            )
            || other_level_has(doc, levels, *heading, found.kind)
            || family_has(doc, levels, found.kind)
        {
            continue;
        }
        report(
            out,
            expected,
            doc,
            i,
            family_depth,
            format!(
                "`{}` is nested in the last level, `{}`, and no other level has one: it reads as that level's alone",
                h.text, last.name
            ),
            format!(
                "make it a `{}` heading after the levels if it is the family's",
                marks(family_depth)
            ),
        );
    }
}

/// Whether a section of `kind` sits outside every level.
fn family_has(doc: &Document, levels: &[(&Level, usize)], kind: SectionKind) -> bool {
    doc.headings.iter().any(|h| {
        section(&h.text).is_some_and(|s| s.kind == kind && s.role.is_empty())
            && !levels.iter().any(|(l, _)| l.extent.contains(&h.span.start))
    })
}

/// A track heading (`### Manager track`) at the depth of the levels that
/// follow it: it reads as another level, and they do not sit under it.
fn tracks_among_levels(
    doc: &Document,
    levels: &[(&Level, usize)],
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    for &(_, heading) in levels {
        let depth = doc.headings[heading].depth;
        let Some(before) = heading.checked_sub(1) else {
            continue;
        };
        let h = &doc.headings[before];
        // A heading over a table of the track's grades is a summary, not
        // the track's container.
        let holds_table = doc.blocks.iter().any(|b| {
            b.kind == BlockKind::Table
                && b.span.start > h.span.end
                && b.span.start < doc.headings[heading].span.start
        });
        if h.depth != depth
            || !TRACK.is_match(h.text.trim())
            || levels.iter().any(|&(_, l)| l == before)
            || holds_table
        {
            continue;
        }
        report(
            out,
            expected,
            doc,
            before,
            depth,
            format!(
                "track heading `{}` is at the depth of its levels (`{}`): it reads as another level, and its levels do not sit under it",
                h.text,
                marks(depth)
            ),
            format!(
                "make the levels of the track `{}` headings under it",
                marks(depth + 1)
            ),
        );
    }
}
