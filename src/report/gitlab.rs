//! A GitLab Code Quality report: a JSON array of Code Climate issues, the
//! subset GitLab reads (`description`, `check_name`, `fingerprint`,
//! `severity`, `location.path`, `location.lines.begin`) plus the Code Climate
//! fields that make the report self-describing (`type`, `categories`,
//! `content`). Findings with identical fingerprints are merged by GitLab, so
//! fingerprints must be stable and unique: see `Finding::fingerprint`.
//!
//! Format: <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>,
//! <https://github.com/codeclimate/platform/blob/master/spec/analyzers/SPEC.md#data-types>.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::outcome::Outcome;
use crate::rules::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'static str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content<'a>>,
    categories: [&'static str; 1],
    fingerprint: &'a str,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Content<'a> {
    body: &'a str,
}

#[derive(Serialize)]
struct Location<'a> {
    path: std::borrow::Cow<'a, str>,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// Code Climate's five severities; jflint uses the lower three.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

/// Code Climate descriptions are one line; the rule leads so that the merge
/// request widget (which shows only the description) names it.
fn description(rule: &str, message: &str) -> String {
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{rule}: {message}")
}

pub fn write(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = outcome
        .findings()
        .map(|(file, f)| Issue {
            kind: "issue",
            check_name: f.rule.name(),
            description: description(f.rule.name(), &f.message),
            content: f.help.as_deref().map(|body| Content { body }),
            categories: ["Style"],
            fingerprint: &f.fingerprint,
            severity: severity(f.severity),
            location: Location {
                path: super::relative_to_cwd(&file.display),
                lines: Lines {
                    begin: f.line,
                    end: f.end_line.max(f.line),
                },
            },
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_one_line_led_by_the_rule() {
        assert_eq!(
            description("missing-grade", "level `A`\n  has no\tgrade"),
            "missing-grade: level `A` has no grade"
        );
    }

    #[test]
    fn severities_use_the_lower_three_levels() {
        assert_eq!(severity(Severity::Info), "info");
        assert_eq!(severity(Severity::Warning), "minor");
        assert_eq!(severity(Severity::Error), "major");
    }
}
