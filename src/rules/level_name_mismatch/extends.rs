//! "Extends that of the Senior Widget Engineer": the level a level's
//! responsibilities or requirements take over must be a level of the page,
//! named as its heading names it, and, within one role, the level below.

use std::sync::LazyLock;

use regex::Regex;

use super::copied_text::ROLE;
use super::{Match, compare, role_span};
use crate::model::document::Document;
use crate::model::job_family::{Level, is_rank, role_key};
use crate::model::sections::split_section_suffix;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::grade_order::track;
use crate::rules::registry::RuleCode;

/// "Extends that of the <role>", "Extends the <role> requirements",
/// "Extends the requirements of <role>".
static EXTENDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b[Ee]xtends?\s+(?:(?:that|those)\s+of\s+|the\s+(?:responsibilities|requirements)\s+of\s+)?(?:the\s+|an?\s+)?({ROLE})"
    ))
    .expect("valid regex")
});

/// The role's words without rank words: what one role's levels share.
fn role_words(key: &[String]) -> Vec<&str> {
    key.iter()
        .map(String::as_str)
        .filter(|w| !is_rank(w))
        .collect()
}

/// Checks the "Extends …" sentences of level `n` of `levels` (the page's
/// levels with a heading of their own).
pub(super) fn check(doc: &Document, levels: &[&Level], n: usize, out: &mut Vec<Diagnostic>) {
    let level = levels[n];
    for block in doc.paragraphs_in(&level.extent) {
        for caps in EXTENDS.captures_iter(&block.text) {
            let Some(found) = caps.get(1) else {
                continue;
            };
            let written = found.as_str().trim_end_matches([',', '.', ' ']);
            // `the Senior Widget Engineer Requirements`: the role before the
            // section's name.
            let role = split_section_suffix(written)
                .map(|(role, _)| role.trim_end_matches([',', ' ', '-']))
                .filter(|role| !role.is_empty())
                .unwrap_or(written);
            let words = role_key(role);
            if words.is_empty() || words.iter().all(|w| is_rank(w)) {
                continue;
            }
            let Some(diagnostic) = finding(levels, n, role, &words) else {
                continue;
            };
            let span = role_span(doc, block, found.start(), role);
            let (message, help, severity) = diagnostic;
            let mut d = Diagnostic::new(RuleCode::LevelNameMismatch, span, message).with_help(help);
            if let Some(severity) = severity {
                d = d.with_severity(severity);
            }
            out.push(d);
        }
    }
}

type Finding = (String, String, Option<Severity>);

/// What is wrong with level `n` extending `role`, if anything.
fn finding(levels: &[&Level], n: usize, role: &str, words: &[String]) -> Option<Finding> {
    let here = &levels[n].name;
    let matches: Vec<Match> = levels
        .iter()
        .map(|l| compare(&l.name, &role_key(&l.name), role, words))
        .collect();
    if let Some(target) = matches.iter().position(|m| *m == Match::Same) {
        return skipped_level(levels, n, target, role);
    }
    // A name no level has: a level's name misspelled (`Program` for
    // `Programs`). A name that shortens, lengthens or reorders a level's is
    // still understood; one unlike every level may be another page's role.
    if matches
        .iter()
        .any(|m| *m != Match::Spelling && *m != Match::Different)
    {
        return None;
    }
    let mut near = matches
        .iter()
        .enumerate()
        .filter(|(_, m)| **m == Match::Spelling);
    let (Some((i, _)), None) = (near.next(), near.next()) else {
        return None;
    };
    let meant = &levels[i].name;
    Some((
        format!("level `{here}` extends `{role}`, which is no level of this page"),
        format!("name the level it extends as its heading does: `{meant}`"),
        Some(Severity::Info),
    ))
}

/// Level `n` extends level `target` of the same role and track, listed
/// before it, while another level of that role and track sits between them:
/// it skips the level below.
fn skipped_level(levels: &[&Level], n: usize, target: usize, role: &str) -> Option<Finding> {
    if target >= n {
        return None;
    }
    // One role on one track: a manager may extend an individual
    // contributor's level however many levels lie between them.
    let key = role_key(&levels[n].name);
    let own = role_words(&key);
    let own_track = track(&levels[n].name);
    let same_role = |i: usize| {
        let k = role_key(&levels[i].name);
        let w = role_words(&k);
        !w.is_empty() && w == own && track(&levels[i].name) == own_track
    };
    if !same_role(target) {
        return None;
    }
    let below = (target + 1..n).rev().find(|&i| same_role(i))?;
    let here = &levels[n].name;
    let below = &levels[below].name;
    Some((
        format!("level `{here}` extends `{role}`, not the level below it, `{below}`"),
        format!("extend the level below: `{below}`"),
        None,
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::level_name_mismatch::LevelNameMismatch;
    use crate::rules::registry::check_page;

    fn found(text: &str) -> Vec<String> {
        let (doc, out) = check_page(&LevelNameMismatch, "content/job-families/x/y.md", text);
        out.iter()
            .map(|d| doc.text[d.span.clone()].to_string())
            .collect()
    }

    fn level(name: &str, grade: u32, body: &str) -> String {
        format!(
            "### {name}\n\n#### Job Grade\n\nThe {name} is a grade {grade}.\n\n#### Responsibilities\n\n{body}\n\n"
        )
    }

    #[test]
    fn a_misspelled_level_is_reported_with_the_level_meant() {
        let page = format!(
            "## Levels\n\n{}{}",
            level("Widget Programs Manager", 6, "- Run one program"),
            level(
                "Senior Widget Programs Manager",
                7,
                "- Extends that of the Widget Program Manager.\n- Extends the Widget Engineer responsibilities."
            ),
        );
        assert_eq!(found(&page), ["Widget Program Manager"]);
    }

    #[test]
    fn skipping_the_level_below_on_one_track() {
        let page = format!(
            "## Levels\n\n{}{}{}{}",
            level("Associate Widget Analyst", 5, "- Count widgets"),
            level(
                "Widget Analyst",
                6,
                "- Extends the Associate Widget Analyst responsibilities"
            ),
            level(
                "Senior Widget Analyst",
                7,
                "- Extends the Associate Widget Analyst responsibilities"
            ),
            level(
                "Manager, Widget Analysts",
                8,
                "- Extends the Widget Analyst responsibilities"
            ),
        );
        // The manager extends an individual contributor's level: another track.
        assert_eq!(found(&page), ["Associate Widget Analyst"]);
    }

    #[test]
    fn a_hiring_process_for_another_rank() {
        let page = "## Levels\n\n### Vice President, Widgets\n\n#### Job Grade\n\nThe Vice President, Widgets is a grade 12.\n\n#### Hiring Process\n\nCandidates for the director positions meet the CEO.\n\n### Director, Widgets\n\n#### Job Grade\n\nThe Director, Widgets is a grade 10.\n\n#### Hiring Process\n\nCandidates for the director positions meet the VP.\n";
        assert_eq!(found(page), ["director"]);
    }
}
