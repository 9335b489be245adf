//! The run: walk, index the site, lint every page in parallel, collect owned
//! results in a deterministic order.

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::language::phrases::PhraseEngine;
use crate::model::document::Document;
use crate::model::family_model::PageModel;
use crate::model::job_family::JobFamily;
use crate::report::outcome::{FileReport, Finding, Outcome};
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::file_rule::FileRule;
use crate::rules::registry::{Context, Rule, RuleCode, Scope};
use crate::rules::rule_id::RuleId;
use crate::rules::site_levels::{SiteLevel, SitePage};
use crate::site::SiteIndex;
use crate::site::files::{Unreadable, display_path, page_text, read_page};
use crate::site::reporting::{GraphPage, ReportingGraph};
use crate::workspace::config::Config;
use crate::workspace::suppress::Suppressions;
use crate::workspace::walk;

/// Validated settings for one run.
#[derive(Debug)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    pub config: Config,
    /// Explicit site root (`--site-root`); otherwise the config's, otherwise found.
    pub site_root: Option<PathBuf>,
    /// Restrict the report to these rules (`--select`), if set.
    pub select: Option<Vec<RuleId>>,
    /// Check only the files changed since this git reference (`--changed-since`).
    pub changed_since: Option<String>,
}

#[derive(Debug)]
pub enum RunError {
    MissingPath(PathBuf),
    Io(PathBuf, std::io::Error),
    Git(crate::workspace::changed::GitError),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::MissingPath(p) => write!(f, "{}: no such file or directory", p.display()),
            RunError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            RunError::Git(e) => write!(f, "{e}"),
        }
    }
}

impl From<walk::BadPath> for RunError {
    fn from(walk::BadPath(path, error): walk::BadPath) -> RunError {
        match error.kind() {
            std::io::ErrorKind::NotFound => RunError::MissingPath(path),
            _ => RunError::Io(path, error),
        }
    }
}

/// Everything built once per run: the rules and the site index.
pub struct Engine {
    pub config: Config,
    rules: Vec<Box<dyn Rule>>,
    /// The rules of the rule files, by slot: jflint's own (as the
    /// configuration's files extend or replace them), then the configuration's.
    files: Vec<FileRule>,
    /// Every literal phrase of every rule file, in one automaton.
    phrases: PhraseEngine,
    pub site: Option<SiteIndex>,
    select: Option<Vec<RuleId>>,
    /// Every rule of the run: the built-ins, then the rule files'.
    rule_ids: Vec<RuleId>,
}

impl Engine {
    pub fn new(config: Config, site_root: Option<&Path>, select: Option<Vec<RuleId>>) -> Engine {
        let site = site_root
            .filter(|_| Engine::reads_site(select.as_deref()))
            .map(SiteIndex::build);
        Engine::with_site(config, site, select)
    }

    /// An engine over a site index built elsewhere (a cache, a workspace).
    pub fn with_site(
        config: Config,
        site: Option<SiteIndex>,
        select: Option<Vec<RuleId>>,
    ) -> Engine {
        let rules = RuleCode::ALL
            .iter()
            .map(|r| r.build(&config.data))
            .collect();
        let rule_set = &config.rule_set;
        let files = rule_set.file_rules();
        let phrases = rule_set.phrase_engine();
        let rule_ids = RuleCode::ALL
            .iter()
            .map(|&c| RuleId::Builtin(c))
            .chain(rule_set.custom().map(|(_, spec)| spec.id))
            .collect();
        Engine {
            config,
            rules,
            files,
            phrases,
            site,
            select,
            rule_ids,
        }
    }

    /// Only broken-link and the reporting-line rules read the site index: a
    /// run that leaves them out does not scan the site.
    pub fn reads_site(select: Option<&[RuleId]>) -> bool {
        select.is_none_or(|s| {
            s.contains(&RuleCode::BrokenLink.into())
                || RuleCode::GRAPH_RULES.iter().any(|&r| s.contains(&r.into()))
        })
    }

    /// The site root for these settings: `--site-root`, else the config's,
    /// else the nearest ancestor of the first path holding `content/`.
    pub fn site_root(settings: &Settings) -> Option<PathBuf> {
        settings
            .site_root
            .clone()
            .or_else(|| settings.config.site_root.clone())
            .or_else(|| find_site_root(&settings.paths))
    }

    /// Walks the paths and lints every page.
    pub fn run(settings: Settings) -> Result<(Engine, Outcome), RunError> {
        let walk = walk::collect(&settings.paths, &settings.config)?;
        let mut files = walk.files;
        if let Some(reference) = &settings.changed_since {
            // Only the page selection shrinks; the site index below still
            // covers the whole site, so links to unchanged pages resolve.
            let changed =
                crate::workspace::changed::changed_since(&start_dir(&settings.paths), reference)
                    .map_err(RunError::Git)?;
            files.retain(|f| changed.contains(f));
        }
        let engine = Engine::from_settings(settings);
        let mut outcome = engine.lint_files(&files);
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

    /// The engine for these settings. The site root is `--site-root`, else
    /// the config's, else the nearest ancestor of the first path holding
    /// `content/` (the path need not exist: standard input's stand-in name).
    pub fn from_settings(settings: Settings) -> Engine {
        let site_root = Engine::site_root(&settings);
        Engine::new(settings.config, site_root.as_deref(), settings.select)
    }

    /// The severity the configuration gives `code` on `path`; `None` when
    /// the rule is off there.
    fn configured_severity(&self, path: &Path, code: impl Into<RuleId>) -> Option<Severity> {
        let code = code.into();
        self.config
            .levels_for(path)
            .into_iter()
            .find_map(|(c, severity)| (c == code).then_some(severity))
    }

    /// Whether a run checks `path` with rule `code` (enabled there and selected).
    pub fn runs_rule(&self, path: &Path, code: RuleId) -> bool {
        self.select.as_ref().is_none_or(|s| s.contains(&code))
            && self.configured_severity(path, code).is_some()
    }

    /// The documentation of the rules from the configuration's files.
    pub fn custom_rules(&self) -> Vec<crate::rules::rule_file::RuleDoc> {
        self.config
            .rule_set
            .custom()
            .map(|(slot, _)| self.files[slot].spec.doc())
            .collect()
    }

    fn selected(&self, code: RuleCode) -> bool {
        self.select
            .as_ref()
            .is_none_or(|s| s.contains(&RuleId::Builtin(code)))
    }

    pub fn lint_files(&self, files: &[PathBuf]) -> Outcome {
        let pages = files.par_iter().map(|path| self.check_path(path)).collect();
        Outcome {
            files: self.finish_site(pages),
            custom_rules: self.custom_rules(),
        }
    }

    /// Lints one page (site-wide rules see only this page).
    pub fn lint_path(&self, path: &Path) -> FileReport {
        let page = self.check_path(path);
        self.finish_site(vec![page]).pop().unwrap_or_default()
    }

    /// Lints text as if it were the page at `path` (site-wide rules see only
    /// this page).
    pub fn lint_text(&self, path: &Path, text: String) -> FileReport {
        let page = self.check_text(path, text);
        self.finish_site(vec![page]).pop().unwrap_or_default()
    }

    pub(crate) fn check_path(&self, path: &Path) -> (FileReport, Option<SitePage>) {
        match read_page(path, self.config.max_page_bytes) {
            Ok(text) => self.check_text(path, text),
            Err(problem) => (self.unreadable(path, problem), None),
        }
    }

    /// The per-page pass: every page rule, plus the page's graded levels for
    /// the site-wide pass.
    pub(crate) fn check_text(&self, path: &Path, text: String) -> (FileReport, Option<SitePage>) {
        let doc = Document::parse(path, text);
        let family = JobFamily::build(&doc);
        let phrases = self.phrases.scan(&doc);
        let ctx = Context {
            doc: &doc,
            family: &family,
            site: self.site.as_ref(),
            phrases: &phrases,
            files: &self.files,
        };
        let mut findings = Vec::new();
        let suppressions =
            Suppressions::from_document(&doc, &self.rule_ids, &self.config.vale_rules);
        let levels = self.config.levels_for(path);
        for &(id, severity) in &levels {
            if self.select.as_ref().is_some_and(|s| !s.contains(&id)) {
                continue;
            }
            let mut raw = Vec::new();
            match id {
                RuleId::Builtin(code) => {
                    if code.scope() == Scope::JobFamily && !family.is_job_family {
                        continue;
                    }
                    self.rules[code as usize].check(&ctx, &mut raw);
                }
                RuleId::Custom(_) => {
                    if let Some(rule) = self
                        .config
                        .rule_set
                        .get(id)
                        .and_then(|(slot, _)| self.files.get(slot))
                    {
                        rule.check(&ctx, &mut raw);
                    }
                }
            }
            for mut d in raw {
                // A rule may soften a finding, never harden it past the config.
                d.severity = Some(d.severity.map_or(severity, |s| s.min(severity)));
                if !suppressions.is_suppressed(&doc, &d) {
                    findings.push(d);
                }
            }
        }
        let display = display_path(path);
        let site_page = family
            .is_job_family
            .then(|| site_page(&doc, &family, &display, &suppressions, &levels))
            .filter(|p| {
                !p.levels.is_empty() || p.model.as_ref().is_some_and(|m| !m.levels.is_empty())
            });
        let findings = locate(&doc, &display, findings);
        // Pages the site-wide pass may report on keep their text until it ran.
        let source = if findings.is_empty() && site_page.is_none() {
            String::new()
        } else {
            doc.text
        };
        let report = FileReport {
            path: path.to_path_buf(),
            display,
            source,
            findings,
        };
        (report, site_page)
    }

    /// The site-wide pass: site rules over every page's graded levels; their
    /// findings join the pages' own, subject to each page's rule levels,
    /// `--select` and inline suppressions.
    pub(crate) fn finish_site(
        &self,
        pages: Vec<(FileReport, Option<SitePage>)>,
    ) -> Vec<FileReport> {
        let mut files = Vec::with_capacity(pages.len());
        let mut site = Vec::new();
        let mut file_of = Vec::new();
        for (report, page) in pages {
            if let Some(page) = page {
                file_of.push(files.len());
                site.push(page);
            }
            files.push(report);
        }
        if !site.is_empty() {
            let mut out = Vec::new();
            for &code in RuleCode::ALL {
                if self.selected(code) {
                    self.rules[code as usize].check_site(&site, &mut out);
                }
            }
            let out_links = self.check_graph(&mut site);
            let mut touched = std::collections::BTreeSet::new();
            for d in out {
                let (Some(page), Some(&file)) = (site.get(d.page), file_of.get(d.page)) else {
                    continue;
                };
                let Some(level) = page.levels.get(d.level) else {
                    continue;
                };
                let Some(severity) = self.configured_severity(&page.path, d.rule) else {
                    continue;
                };
                if level.suppressed.contains(&d.rule) {
                    continue;
                }
                files[file].findings.push(Finding {
                    rule: d.rule.into(),
                    severity: d.severity.map_or(severity, |s| s.min(severity)),
                    message: d.message,
                    help: d.help,
                    span: level.span.clone(),
                    line: level.line,
                    column: level.column,
                    end_line: level.end_line,
                    end_column: level.end_column,
                    fix: None,
                    context: level.context.clone(),
                    excerpt: level.excerpt.clone(),
                    fingerprint: String::new(),
                });
                touched.insert(file);
            }
            for d in out_links {
                let (Some(page), Some(&file)) = (site.get(d.page), file_of.get(d.page)) else {
                    continue;
                };
                let Some(link) = d.link else {
                    continue;
                };
                let Some(severity) = self.configured_severity(&page.path, d.rule) else {
                    continue;
                };
                let suppressed = page
                    .reports_suppressed
                    .get(d.level)
                    .is_some_and(|s| s.contains(&d.rule));
                if suppressed {
                    continue;
                }
                let text = excerpt(files[file].source.get(link.span.clone()).unwrap_or(""));
                files[file].findings.push(Finding {
                    rule: d.rule.into(),
                    severity,
                    message: d.message,
                    help: d.help,
                    span: link.span.clone(),
                    line: link.line,
                    column: link.column,
                    end_line: link.end_line,
                    end_column: link.end_column,
                    fix: None,
                    context: d.context,
                    excerpt: text,
                    fingerprint: String::new(),
                });
                touched.insert(file);
            }
            for file in touched {
                let report = &mut files[file];
                order_and_key(&report.display, &mut report.findings);
            }
        }
        for report in &mut files {
            if report.findings.is_empty() {
                report.source = String::new();
            }
        }
        files
    }

    /// The reporting-line rules over the graph of the run's pages (and the
    /// pages their links reach), when one of them is selected.
    fn check_graph(&self, site: &mut [SitePage]) -> Vec<SiteLinkDiagnostic> {
        let selected: Vec<RuleCode> = RuleCode::GRAPH_RULES
            .iter()
            .copied()
            .filter(|&c| self.selected(c))
            .collect();
        if selected.is_empty() {
            return Vec::new();
        }
        let pages: Vec<GraphPage> = site
            .iter_mut()
            .enumerate()
            .filter_map(|(i, page)| {
                let model = page.model.take()?;
                let file = self.site.as_ref().and_then(|s| s.content_path(&page.path));
                Some(GraphPage {
                    url: file.as_deref().map(SiteIndex::url_of),
                    file,
                    display: page.display.clone(),
                    model,
                    in_run: Some(i),
                })
            })
            .collect();
        let load = |file: &str| {
            self.site
                .as_ref()
                .and_then(|s| crate::site::reporting::load_page(s, file))
        };
        let graph = ReportingGraph::build(pages, self.site.as_ref(), &load);
        let mut out = Vec::new();
        for code in selected {
            self.rules[code as usize].check_graph(&graph, &mut out);
        }
        out.into_iter()
            .filter_map(|d| {
                let page = &graph.pages[d.node.page];
                let level = &page.model.levels[d.node.level];
                Some(SiteLinkDiagnostic {
                    rule: d.rule,
                    page: page.in_run?,
                    level: d.node.level,
                    link: level.reports_to.as_ref().map(|r| r.at.clone()),
                    context: level
                        .reports_to
                        .as_ref()
                        .map(|r| r.context.clone())
                        .unwrap_or_default(),
                    message: d.message,
                    help: d.help,
                })
            })
            .collect()
    }

    pub(crate) fn unreadable(&self, path: &Path, problem: Unreadable) -> FileReport {
        let display = display_path(path);
        let Some(severity) = self.configured_severity(path, RuleCode::UnreadableFile) else {
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
            Unreadable::TooLarge(limit) => (
                String::new(),
                0,
                format!(
                    "page too large to lint (over {})",
                    crate::site::files::show_size(limit)
                ),
                "split the page, exclude it, or raise `max-page-size` in the configuration",
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

/// A reporting-line finding, placed at a level's reports-to link.
struct SiteLinkDiagnostic {
    rule: RuleCode,
    /// Index of the page among the site pass's pages.
    page: usize,
    level: usize,
    link: Option<crate::model::family_model::Located>,
    context: Vec<String>,
    message: String,
    help: Option<String>,
}

/// Lints standard input's bytes as the page at `path`.
pub fn lint_bytes(engine: &Engine, path: &Path, bytes: Vec<u8>) -> FileReport {
    match page_text(bytes, engine.config.max_page_bytes) {
        Ok(text) => engine.lint_text(path, text),
        Err(problem) => engine.unreadable(path, problem),
    }
}

/// The folder of the first path (the current folder if there is none).
fn start_dir(paths: &[PathBuf]) -> PathBuf {
    let cwd = || std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match paths.first().and_then(|p| std::fs::canonicalize(p).ok()) {
        Some(p) if p.is_dir() => p,
        Some(p) => p.parent().map_or_else(cwd, Path::to_path_buf),
        None => cwd(),
    }
}

/// The nearest ancestor of the first path that holds a `content/` folder.
/// The path need not exist (a page named by `--stdin-filename`).
pub fn find_site_root(paths: &[PathBuf]) -> Option<PathBuf> {
    SiteIndex::find_root(&nearest_dir(paths.first()?)?)
}

/// The folder `path` is in (or `path` itself, for a folder), made absolute
/// with symbolic links resolved; for a path that does not exist, its nearest
/// existing ancestor.
pub fn nearest_dir(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let existing = abs.ancestors().find(|a| a.exists())?;
    let real = std::fs::canonicalize(existing).ok()?;
    if real.is_dir() {
        Some(real)
    } else {
        real.parent().map(Path::to_path_buf)
    }
}

/// Adds positions, context and fingerprints; sorts by position then rule.
fn locate(doc: &Document, display: &str, diagnostics: Vec<Diagnostic>) -> Vec<Finding> {
    let text = &doc.text;
    let offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| {
            let start = d.span.start.min(text.len());
            [start, d.span.end.clamp(start, text.len())]
        })
        .collect();
    let positions = doc.lines.positions(text, &offsets);
    let mut findings: Vec<Finding> = diagnostics
        .into_iter()
        .zip(positions.chunks_exact(2))
        .map(|(d, pos)| {
            let start = d.span.start.min(text.len());
            let end = d.span.end.clamp(start, text.len());
            let ((line, column), (end_line, end_column)) = (pos[0], pos[1]);
            let excerpt = excerpt(text.get(start..end).unwrap_or(""));
            let context = doc
                .heading_path(start)
                .into_iter()
                .map(str::to_string)
                .collect();
            Finding {
                rule: d.rule,
                severity: d.severity.unwrap_or_else(|| {
                    d.rule
                        .builtin()
                        .map_or(Severity::Warning, RuleCode::default_severity)
                }),
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
    order_and_key(display, &mut findings);
    findings
}

/// Sorts by position then rule, drops duplicates, assigns fingerprints.
fn order_and_key(display: &str, findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (a.line, a.column, a.rule, &a.message).cmp(&(b.line, b.column, b.rule, &b.message))
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    assign_fingerprints(display, findings);
}

/// The graded levels of a job-family page, located, for the site-wide pass.
fn site_page(
    doc: &Document,
    family: &JobFamily,
    display: &str,
    suppressions: &Suppressions,
    enabled: &[(RuleId, Severity)],
) -> SitePage {
    let text = &doc.text;
    let levels = family
        .levels
        .iter()
        .filter_map(|level| {
            let grade = level.grade.as_ref()?;
            let number = grade.number?;
            let span = grade
                .number_span
                .clone()
                .unwrap_or_else(|| grade.sentence.clone());
            let start = span.start.min(text.len());
            let end = span.end.clamp(start, text.len());
            let (line, column) = doc.lines.position(text, start);
            let (end_line, end_column) = doc.lines.position(text, end);
            let suppressed = enabled
                .iter()
                .filter_map(|&(id, _)| id.builtin())
                .filter(|&code| {
                    suppressions.is_suppressed(doc, &Diagnostic::new(code, start..end, ""))
                })
                .collect();
            Some(SiteLevel {
                name: level.name.clone(),
                grade: number,
                span: start..end,
                line,
                column,
                end_line,
                end_column,
                context: doc
                    .heading_path(start)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                excerpt: excerpt(text.get(start..end).unwrap_or("")),
                suppressed,
            })
        })
        .collect();
    let model = PageModel::build(doc, family);
    let reports_suppressed = model
        .levels
        .iter()
        .map(|level| match &level.reports_to {
            Some(link) => RuleCode::GRAPH_RULES
                .iter()
                .copied()
                .filter(|&code| {
                    suppressions
                        .is_suppressed(doc, &Diagnostic::new(code, link.at.span.clone(), ""))
                })
                .collect(),
            None => Vec::new(),
        })
        .collect();
    SitePage {
        path: doc.path.clone(),
        display: display.to_string(),
        levels,
        model: Some(model),
        reports_suppressed,
    }
}

fn excerpt(text: &str) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.chars().take(200).collect()
}

/// Fingerprints depend on content, not line numbers: findings that share rule,
/// heading path and text are told apart by their order of occurrence.
fn assign_fingerprints(display: &str, findings: &mut [Finding]) {
    let mut seen: std::collections::HashMap<(RuleId, String, String), usize> = Default::default();
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
            page_text(b"ab\0cd".to_vec(), 1 << 20),
            Err(Unreadable::Binary)
        ));
        match page_text(b"ok\nbad \xff here".to_vec(), 1 << 20) {
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
        // Findings below the insertion moved; their fingerprints did not.
        assert!(
            a.findings
                .iter()
                .zip(&b.findings)
                .any(|(x, y)| x.line != y.line)
        );
    }
}
