//! Report formats. Each module turns an [`Outcome`] into one format; none of
//! them decides anything about findings.

use std::io::{self, Write};

use crate::engine::Outcome;

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod sarif;
pub mod statistics;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's report with the source line (plain text when not a terminal).
    Human,
    /// One line per finding: `path:line:column: severity[rule] message`.
    Concise,
    /// A JSON array of findings.
    Json,
    /// A GitLab Code Quality report (`artifacts:reports:codequality`).
    Gitlab,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

/// How the human report looks; the other formats ignore it.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub color: bool,
    /// Graphical output (a terminal); otherwise narratable plain text.
    pub graphical: bool,
    pub width: usize,
    /// Number of files checked, for the summary line.
    pub files_checked: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            color: false,
            graphical: false,
            width: 100,
            files_checked: 0,
        }
    }
}

pub fn write(
    format: Format,
    out: &mut dyn Write,
    outcome: &Outcome,
    options: &ReportOptions,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(out, outcome, options),
        Format::Concise => concise::write(out, outcome),
        Format::Json => json::write(out, outcome),
        Format::Gitlab => gitlab::write(out, outcome),
        Format::Sarif => sarif::write(out, outcome),
        Format::Github => github::write(out, outcome),
    }
}

/// A report path relative to the working folder when it lies below it: CI
/// systems (GitLab's Code Quality, code scanning) want repository-relative
/// paths even when jflint was given absolute ones.
fn relative_to_cwd(display: &str) -> std::borrow::Cow<'_, str> {
    let Ok(cwd) = std::env::current_dir() else {
        return display.into();
    };
    let cwd = cwd.to_string_lossy().replace('\\', "/");
    match display.strip_prefix(cwd.trim_end_matches('/')) {
        Some(rest) if rest.starts_with('/') && rest.len() > 1 => rest[1..].to_string().into(),
        _ => display.into(),
    }
}

/// "3 errors, 1 warning in 2 of 10 files" (or "No problems in 10 files").
pub fn summary(outcome: &Outcome) -> String {
    use crate::diagnostic::Severity;
    let count = |s: Severity| outcome.findings().filter(|(_, f)| f.severity == s).count();
    let files_with = outcome
        .files
        .iter()
        .filter(|f| !f.findings.is_empty())
        .count();
    let total = outcome.files.len();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if files_with == 0 {
        return format!("No problems in {}", plural(total, "file"));
    }
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ]
    .into_iter()
    .map(|(s, w)| (count(s), w))
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| {
        if w == "info" {
            format!("{n} info")
        } else {
            plural(n, w)
        }
    })
    .collect();
    format!(
        "{} in {} of {}",
        parts.join(", "),
        files_with,
        plural(total, "file")
    )
}
