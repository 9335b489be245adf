//! Report formats. Each module turns an [`Outcome`] into one format; none of
//! them decides anything about findings.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::report::outcome::Outcome;

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
pub mod outcome;
mod sarif;
pub mod statistics;
pub mod terminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's report with the source line, drawn (coloured on a terminal).
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

impl Format {
    /// The format's name on the command line (`gitlab`, `sarif`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Gitlab => "gitlab",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }

    /// Machine formats own the stream they are written to: no summary or
    /// notes are mixed into it.
    pub fn is_machine(self) -> bool {
        !matches!(self, Format::Human | Format::Concise)
    }
}

/// `--output FORMAT=FILE`: one more report of the same run, written to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub format: Format,
    pub path: PathBuf,
}

impl std::str::FromStr for OutputFile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let Some((name, path)) = s.split_once('=') else {
            return Err(format!(
                "`{s}` is not FORMAT=FILE (e.g. `sarif=jflint.sarif`)"
            ));
        };
        let format = <Format as clap::ValueEnum>::from_str(name, false).map_err(|_| {
            let names: Vec<&str> = <Format as clap::ValueEnum>::value_variants()
                .iter()
                .map(|f| f.name())
                .collect();
            format!("`{name}` is not a format: one of {}", names.join(", "))
        })?;
        if path.is_empty() {
            return Err(format!("`{s}` names no file"));
        }
        Ok(OutputFile {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// Writes one report to `path` whole or not at all: a temporary file in the
/// same folder (created if missing), renamed over the target once complete. A file report is
/// never coloured; a human one ends with the summary as on a terminal.
pub fn write_file(
    format: Format,
    path: &Path,
    outcome: &Outcome,
    options: &ReportOptions,
) -> io::Result<()> {
    let options = ReportOptions {
        color: false,
        ..options.clone()
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // `--output reports/gl.json` in a fresh CI clone: make the folder.
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut out = io::BufWriter::new(file.as_file_mut());
        write(format, &mut out, outcome, &options)?;
        out.flush()?;
    }
    // A temporary file is private (0600); a report is read by CI's upload
    // step and by people, like any file the shell would create.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How the human report looks; the other formats ignore it.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub color: bool,
    /// Graphical output (the default, piped or not); otherwise miette's
    /// narrated text, for screen readers (`--narrate`).
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
    use crate::rules::diagnostic::Severity;
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
