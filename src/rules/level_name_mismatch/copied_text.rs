//! Text copied from another level: a sentence in a level whose subject is
//! another level of the same role ("As a Senior Widget Engineer, you …" under
//! `Staff Widget Engineer`, "The Widget Analyst reports to …" under `Senior
//! Widget Analyst`).

use std::sync::LazyLock;

use regex::Regex;

use super::{Match, NO_ROLE, compare, role_span};
use crate::model::document::{Block, Document};
use crate::model::job_family::{Level, is_rank, role_key};
use crate::model::sections::split_section_suffix;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::RuleCode;

/// A role as written in a sentence: capitalised words, joined by spaces,
/// commas, `of`, `the`, `and`, `&`, `-`, with parentheses (`Analyst
/// (Intermediate)`, `Vice President (VP) of Security`).
pub(super) const ROLE: &str =
    r"[A-Z][\w&/.'’-]*(?:(?:\s+|,\s*|\s+(?:of|the|and|for|&)\s+|\s*-\s*)(?:[A-Z(][\w&/.()'’-]*))*";

/// "As a/an/the <role>, you/your …" at the start of a sentence.
static AS_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[.!?:]\s+)As\s+(?:an?|the)\s+({ROLE})\s*,?\s+(?:you|your)\b"
    ))
    .expect("valid regex")
});

/// "<role> reports to …" at the start of a sentence, with its subject.
static REPORTS_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[.!?:]\s+)(?:The\s+)?({ROLE})\s+(?:role\s+|position\s+)?(?:will\s+|also\s+)?reports?\s+(?:\w+ly\s+)?(?:in\s*)?to\b"
    ))
    .expect("valid regex")
});

/// "Candidates for the director positions": the level a hiring process is
/// written for, by rank.
static CANDIDATES_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bcandidates\s+for\s+(?:the|a|an)\s+((?:[a-z]+\s+){1,3}?)(?:positions?|roles?)\b",
    )
    .expect("valid regex")
});

/// A role named after "reports to": capitalised words as in `ROLE`.
static OBJECT: LazyLock<Regex> = LazyLock::new(|| Regex::new(ROLE).expect("valid regex"));

/// The key of a role without its rank words: what stays the same from one
/// level of a role to the next.
fn without_ranks(key: &[String]) -> Vec<&str> {
    key.iter()
        .map(String::as_str)
        .filter(|w| !is_rank(w))
        .collect()
}

/// Sections whose sentences speak of other levels by design: the career
/// ladder ("the next step is the Staff …") and the hiring process.
fn speaks_of_other_levels(doc: &Document, offset: usize) -> bool {
    doc.heading_path(offset).iter().any(|text| {
        split_section_suffix(text).is_some_and(|(_, section)| {
            let section = section.to_lowercase();
            section.starts_with("career") || section.starts_with("hiring")
        })
    })
}

/// Whether the rest of a reporting sentence (after "reports to") names the
/// level itself: "Technical Writing Managers report to the Senior Manager"
/// under `Senior Manager, Technical Writing` says who reports to the level.
fn object_is_level(rest: &str, name: &str, key: &[String]) -> bool {
    let sentence = rest.split(['.', ';']).next().unwrap_or(rest);
    OBJECT.find_iter(sentence).any(|m| {
        let words = role_key(m.as_str());
        compare(name, key, m.as_str(), &words) == Match::Same
    })
}

/// Reports sentences in `level` whose subject is another level of the same
/// role: the same words but another rank.
pub(super) fn check(
    doc: &Document,
    level: &Level,
    name: &str,
    key: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let own = without_ranks(key);
    if own.is_empty() {
        return;
    }
    let grade_sentence = level.grade.as_ref().map(|g| g.sentence.clone());
    for block in doc.paragraphs_in(&level.extent) {
        check_candidates(doc, block, name, key, out);
        if Some(&block.span) == grade_sentence.as_ref()
            || speaks_of_other_levels(doc, block.span.start)
        {
            continue;
        }
        for (pattern, what) in [
            (&*AS_ROLE, "describes"),
            (&*REPORTS_SUBJECT, "gives the reporting line of"),
        ] {
            for caps in pattern.captures_iter(&block.text) {
                let Some(found) = caps.get(1) else {
                    continue;
                };
                let role = found.as_str().trim_end_matches([',', ' ']);
                let words = role_key(role);
                if words
                    .iter()
                    .all(|w| NO_ROLE.contains(&w.as_str()) || is_rank(w))
                    || without_ranks(&words) != own
                    || compare(name, key, role, &words) != Match::Different
                    || object_is_level(&block.text[caps.get(0).map_or(0, |m| m.end())..], name, key)
                {
                    continue;
                }
                let span = role_span(doc, block, found.start(), role);
                out.push(
                    Diagnostic::new(
                        RuleCode::LevelNameMismatch,
                        span,
                        format!("text of level `{name}` {what} `{role}`, another level"),
                    )
                    .with_help(format!("name the level's own role: `{name}`")),
                );
            }
        }
    }
}

/// A hiring process inside a level written for candidates of another rank:
/// "Candidates for the director positions" under `VP of Widgets`.
fn check_candidates(
    doc: &Document,
    block: &Block,
    name: &str,
    key: &[String],
    out: &mut Vec<Diagnostic>,
) {
    for caps in CANDIDATES_FOR.captures_iter(&block.text) {
        let Some(found) = caps.get(1) else {
            continue;
        };
        let rank = found.as_str().trim();
        let words = role_key(rank);
        // Rank words only (`director`, `senior manager`), none of them the
        // level's own.
        if words.is_empty()
            || !words.iter().all(|w| is_rank(w))
            || words.iter().any(|w| {
                key.iter()
                    .any(|k| k.trim_end_matches('s') == w.trim_end_matches('s'))
            })
        {
            continue;
        }
        let source = &doc.text[block.span.clone()];
        let span = source.find(rank).map_or(block.span.clone(), |at| {
            block.span.start + at..block.span.start + at + rank.len()
        });
        out.push(
            Diagnostic::new(
                RuleCode::LevelNameMismatch,
                span,
                format!(
                    "hiring process of level `{name}` is for `{rank}` candidates, another level"
                ),
            )
            .with_help(format!(
                "write the hiring process for the level's own role: `{name}`"
            )),
        );
    }
}
