//! The run: walk, index the site, lint every page in parallel, collect owned
//! results in a deterministic order.

use std::fmt;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::job_family::JobFamily;
use crate::registry::{Context, Rule, RuleCode, Scope};
use crate::site::SiteIndex;
use crate::suppress::Suppressions;
use crate::walk;

/// Validated settings for one run.
#[derive(Debug)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    pub config: Config,
    /// Explicit site root (`--site-root`); otherwise the config's, otherwise found.
    pub site_root: Option<PathBuf>,
    /// Restrict the report to these rules (`--select`), if set.
    pub select: Option<Vec<RuleCode>>,
}

#[derive(Debug)]
pub enum RunError {
    MissingPath(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::MissingPath(p) => write!(f, "{}: no such file or directory", p.display()),
            RunError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

/// One finding, located and keyed, ready for any report format.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: RuleCode,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub fix: Option<Fix>,
    /// The headings that enclose the finding, outermost first.
    pub context: Vec<String>,
    /// The offending text (whitespace folded, capped).
    pub excerpt: String,
    /// Stable content key: rule, path, heading path, offending text, occurrence.
    pub fingerprint: String,
}

#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    /// The path as reports show it: forward slashes, no `./`.
    pub display: String,
    /// The page's text, kept only when there are findings.
    pub source: String,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Every checked file, in path order (files without findings included).
    pub files: Vec<FileReport>,
}

impl Outcome {
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |d| (f, d)))
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.findings().map(|(_, d)| d.severity).max()
    }
}

/// Everything built once per run: the rules and the site index.
pub struct Engine {
    pub config: Config,
    rules: Vec<Box<dyn Rule>>,
    pub site: Option<SiteIndex>,
    select: Option<Vec<RuleCode>>,
}

impl Engine {
    pub fn new(config: Config, site_root: Option<&Path>, select: Option<Vec<RuleCode>>) -> Engine {
        let rules = RuleCode::ALL
            .iter()
            .map(|r| r.build(&config.data))
            .collect();
        let site = site_root.map(SiteIndex::build);
        Engine {
            config,
            rules,
            site,
            select,
        }
    }

    /// Walks the paths and lints every page.
    pub fn run(settings: Settings) -> Result<(Engine, Outcome), RunError> {
        let walk = walk::collect(&settings.paths, &settings.config).map_err(
            |walk::BadPath(p, e)| match e.kind() {
                std::io::ErrorKind::NotFound => RunError::MissingPath(p),
                _ => RunError::Io(p, e),
            },
        )?;
        let site_root = settings
            .site_root
            .clone()
            .or_else(|| settings.config.site_root.clone())
            .or_else(|| find_site_root(&settings.paths));
        let engine = Engine::new(settings.config, site_root.as_deref(), settings.select);
        let mut outcome = engine.lint_files(&walk.files);
        if !walk.problems.is_empty() {
            // What the walk could not read is reported where it was found.
            for problem in walk.problems {
                let report = engine.unreadable(&problem.path, Unreadable::Walk(problem.message));
                outcome.files.push(report);
            }
            outcome.files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        Ok((engine, outcome))
    }

    pub fn lint_files(&self, files: &[PathBuf]) -> Outcome {
        let files = files.par_iter().map(|path| self.lint_path(path)).collect();
        Outcome { files }
    }

    pub fn lint_path(&self, path: &Path) -> FileReport {
        match read_page(path) {
            Ok(text) => self.lint_text(path, text),
            Err(problem) => self.unreadable(path, problem),
        }
    }

    /// Lints text as if it were the page at `path`.
    pub fn lint_text(&self, path: &Path, text: String) -> FileReport {
        let doc = Document::parse(path, text);
        let family = JobFamily::build(&doc);
        let ctx = Context {
            doc: &doc,
            family: &family,
            site: self.site.as_ref(),
        };
        let mut findings = Vec::new();
        let suppressions = Suppressions::from_document(&doc);
        for (code, severity) in self.config.levels_for(path) {
            if code.scope() == Scope::JobFamily && !family.is_job_family {
                continue;
            }
            if self.select.as_ref().is_some_and(|s| !s.contains(&code)) {
                continue;
            }
            let mut raw = Vec::new();
            self.rules[code as usize].check(&ctx, &mut raw);
            for mut d in raw {
                // A rule may soften a finding, never harden it past the config.
                d.severity = Some(d.severity.map_or(severity, |s| s.min(severity)));
                if !suppressions.is_suppressed(&doc, &d) {
                    findings.push(d);
                }
            }
        }
        let display = display_path(path);
        let findings = locate(&doc, &display, findings);
        let source = if findings.is_empty() {
            String::new()
        } else {
            doc.text
        };
        FileReport {
            path: path.to_path_buf(),
            display,
            source,
            findings,
        }
    }

    fn unreadable(&self, path: &Path, problem: Unreadable) -> FileReport {
        let display = display_path(path);
        let enabled = self
            .config
            .levels_for(path)
            .into_iter()
            .find(|(c, _)| *c == RuleCode::UnreadableFile);
        let Some((_, severity)) = enabled else {
            return FileReport {
                path: path.to_path_buf(),
                display,
                source: String::new(),
                findings: Vec::new(),
            };
        };
        let (source, offset, message, help) = match problem {
            Unreadable::Io(e) => (
                String::new(),
                0,
                format!("cannot read file: {e}"),
                "make the file readable, or exclude it",
            ),
            Unreadable::Walk(message) => {
                (String::new(), 0, message, "make it readable, or exclude it")
            }
            Unreadable::Binary => (
                String::new(),
                0,
                "file is binary, not a Markdown page".to_string(),
                "remove the file, or exclude it",
            ),
            Unreadable::NotUtf8 { text, offset } => (
                text,
                offset,
                format!("file is not valid UTF-8 (invalid byte at offset {offset})"),
                "save the page as UTF-8 text",
            ),
        };
        let doc = Document::parse(path, source);
        let mut d =
            Diagnostic::new(RuleCode::UnreadableFile, offset..offset, message).with_help(help);
        d.severity = Some(severity);
        let findings = locate(&doc, &display, vec![d]);
        FileReport {
            path: path.to_path_buf(),
            display,
            source: doc.text,
            findings,
        }
    }
}

enum Unreadable {
    Io(std::io::Error),
    /// A folder or entry the walk could not read.
    Walk(String),
    Binary,
    /// `text` is the lossy conversion; bytes before `offset` are exact.
    NotUtf8 {
        text: String,
        offset: usize,
    },
}

fn read_page(path: &Path) -> Result<String, Unreadable> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(Unreadable::Io)?;
    page_text(bytes)
}

/// Bytes to page text: binary files and invalid UTF-8 are refused with a position.
fn page_text(bytes: Vec<u8>) -> Result<String, Unreadable> {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Err(Unreadable::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Unreadable::NotUtf8 { text, offset }
    })
}

/// Lints standard input's bytes as the page at `path`.
pub fn lint_bytes(engine: &Engine, path: &Path, bytes: Vec<u8>) -> FileReport {
    match page_text(bytes) {
        Ok(text) => engine.lint_text(path, text),
        Err(problem) => engine.unreadable(path, problem),
    }
}

pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The nearest ancestor of the first path that holds a `content/` folder.
pub fn find_site_root(paths: &[PathBuf]) -> Option<PathBuf> {
    let first = paths.first()?;
    let abs = std::fs::canonicalize(first).ok()?;
    let start = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent()?
    };
    SiteIndex::find_root(start)
}

/// Adds positions, context and fingerprints; sorts by position then rule.
fn locate(doc: &Document, display: &str, diagnostics: Vec<Diagnostic>) -> Vec<Finding> {
    let text = &doc.text;
    let mut findings: Vec<Finding> = diagnostics
        .into_iter()
        .map(|d| {
            let start = d.span.start.min(text.len());
            let end = d.span.end.clamp(start, text.len());
            let (line, column) = doc.lines.position(text, start);
            let (end_line, end_column) = doc.lines.position(text, end);
            let excerpt = excerpt(text.get(start..end).unwrap_or(""));
            let context = doc
                .heading_path(start)
                .into_iter()
                .map(str::to_string)
                .collect();
            Finding {
                rule: d.rule,
                severity: d.severity.unwrap_or(d.rule.default_severity()),
                message: d.message,
                help: d.help,
                span: start..end,
                line,
                column,
                end_line,
                end_column,
                fix: d.fix,
                context,
                excerpt,
                fingerprint: String::new(),
            }
        })
        .collect();
    findings.sort_by(|a, b| {
        (a.line, a.column, a.rule, &a.message).cmp(&(b.line, b.column, b.rule, &b.message))
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    assign_fingerprints(display, &mut findings);
    findings
}

fn excerpt(text: &str) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.chars().take(200).collect()
}

/// Fingerprints depend on content, not line numbers: findings that share rule,
/// heading path and text are told apart by their order of occurrence.
fn assign_fingerprints(display: &str, findings: &mut [Finding]) {
    let mut seen: std::collections::HashMap<(RuleCode, String, String), usize> = Default::default();
    for f in findings.iter_mut() {
        let context = f.context.join("\u{1f}");
        let n = seen
            .entry((f.rule, context.clone(), f.excerpt.clone()))
            .or_insert(0);
        let mut hasher = Sha256::new();
        for part in [f.rule.name(), display, &context, &f.excerpt, &n.to_string()] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        *n += 1;
        let digest = hasher.finalize();
        f.fingerprint = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_non_utf8_are_refused_with_position() {
        assert!(matches!(
            page_text(b"ab\0cd".to_vec()),
            Err(Unreadable::Binary)
        ));
        match page_text(b"ok\nbad \xff here".to_vec()) {
            Err(Unreadable::NotUtf8 { offset, .. }) => assert_eq!(offset, 7),
            _ => panic!("expected invalid UTF-8"),
        }
    }

    #[test]
    fn fingerprints_ignore_lines_above() {
        let engine = Engine::new(Config::builtin(PathBuf::from(".")), None, None);
        let page = "---\ntitle: t\n---\n\n## Levels\n\n### Engineer\n\nText.\n";
        let a = engine.lint_text(Path::new("content/job-families/x.md"), page.to_string());
        let moved = page.replace("## Levels", "Intro line.\n\nMore.\n\n## Levels");
        let b = engine.lint_text(Path::new("content/job-families/x.md"), moved);
        assert!(!a.findings.is_empty());
        let fa: Vec<_> = a.findings.iter().map(|f| &f.fingerprint).collect();
        let fb: Vec<_> = b.findings.iter().map(|f| &f.fingerprint).collect();
        assert_eq!(fa, fb);
        assert_ne!(a.findings[0].line, b.findings[0].line);
    }
}
