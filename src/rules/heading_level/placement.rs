//! Levels out of place: a level whose own heading is missing behind its
//! `… Job Grade` heading, and levels filed under a family section.

use std::collections::HashMap;

use super::layout::{report, section};
use super::marks;
use crate::model::document::Document;
use crate::model::job_family::{Level, RANK_WORDS, role_key};
use crate::model::sections::split_section_suffix;
use crate::rules::diagnostic::Diagnostic;

/// A level whose own heading is missing: its `… Job Grade` heading sits at
/// the depth of the levels and stands for it (`### VP of Widgets Job Grade`
/// after `### Director, Widgets`). That heading, and the level's sections
/// after it at the same depth, read as levels of their own.
pub(super) fn levels_without_heading(
    doc: &Document,
    levels: &[(&Level, usize)],
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    for &(level, h) in levels {
        let Some((role, _)) = split_section_suffix(&level.name) else {
            continue;
        };
        let depth = doc.headings[h].depth;
        if role.is_empty() || depth >= 6 {
            continue;
        }
        report(
            out,
            expected,
            doc,
            h,
            depth + 1,
            format!(
                "heading `{}` is a `{}` heading, at the depth of the levels: level `{role}` has no heading of its own, and its grade reads as a level",
                level.name,
                marks(depth)
            ),
            format!(
                "add a `{}` heading `{role}` above it, and make this a `{}` heading",
                marks(depth),
                marks(depth + 1)
            ),
        );
        for (j, next) in doc.headings.iter().enumerate().skip(h + 1) {
            if next.depth < depth {
                break;
            }
            if next.depth > depth {
                continue;
            }
            let own = section(&next.text).is_some_and(|s| !s.kind.closes_family());
            if !own {
                break;
            }
            report(
                out,
                expected,
                doc,
                j,
                depth + 1,
                format!(
                    "heading `{}` is a `{}` heading, at the depth of the levels: it reads as another level, not a section of `{role}`",
                    next.text,
                    marks(depth)
                ),
                format!("make it a `{}` heading", marks(depth + 1)),
            );
        }
    }
}

/// A level filed under a family section (`## Specialties`, a misplaced `##
/// Performance Indicators`) while a level of the same role, at another rank,
/// sits outside it (`Senior Support Engineer` under `Specialties`, `Support
/// Engineer` above): it reads as a specialty, or as part of that section.
pub(super) fn levels_under_family_sections(
    doc: &Document,
    levels: &[(&Level, usize)],
    expected: &mut HashMap<usize, u8>,
    out: &mut Vec<Diagnostic>,
) {
    for &(level, h) in levels {
        let Some(parent) = doc.headings[h].parent else {
            continue;
        };
        let outer = &doc.headings[parent];
        if !section(&outer.text).is_some_and(|s| s.role.is_empty() && s.kind.closes_family()) {
            continue;
        }
        let inside = outer.span.start..doc.section_end(parent);
        let role = ladder_role(&level.name);
        let Some(&(_, other)) = levels.iter().find(|&&(l, o)| {
            !inside.contains(&doc.headings[o].span.start) && ladder_role(&l.name) == role
        }) else {
            continue;
        };
        report(
            out,
            expected,
            doc,
            h,
            doc.headings[h].depth,
            format!(
                "level `{}` sits under `{}` (a `{}` heading): it reads as part of it, not as a level beside `{}`",
                level.name,
                outer.text,
                marks(outer.depth),
                doc.headings[other].text,
            ),
            format!(
                "move `{}` among the levels, out of `{}`",
                level.name, outer.text
            ),
        );
    }
}

/// A title without its rank words, sorted: `Senior Support Engineer` and
/// `Support Engineer` climb the same ladder.
fn ladder_role(name: &str) -> Vec<String> {
    let mut role: Vec<String> = role_key(name)
        .into_iter()
        .filter(|w| !RANK_WORDS.contains(&w.as_str()))
        .collect();
    role.sort();
    role.dedup();
    role
}
