//! Command-line flags (clap), validated into [`Settings`].

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::report::terminal::ColorChoice;
use crate::report::{Format, OutputFile};
use crate::rules::diagnostic::Severity;
use crate::rules::rule_id::RuleId;
use crate::workspace::config::{Config, ConfigError};
use crate::workspace::engine::Settings;
use crate::workspace::fix::FixMode;
use crate::workspace::graph::{GraphFormat, GraphSettings};
use crate::workspace::review::{ChangeKind, ReviewSettings};
use crate::workspace::review_report::ReviewFormat;

#[derive(Debug, Parser)]
#[command(
    name = "jflint",
    version = env!("JFLINT_VERSION"),
    about = "A fast linter for handbook job-family pages"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check pages (files or folders; default: the current folder).
    Check(CheckArgs),
    /// List every rule with its default severity (and the rules of the
    /// configuration's rule files, with the file each comes from).
    Rules(ConfigArgs),
    /// Write a baseline file of the current findings (for `check --baseline`).
    Baseline(BaselineArgs),
    /// Show a rule's documentation.
    Explain {
        /// The rule's name, e.g. `missing-grade`.
        rule: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write the reporting-line graph: levels and whom they report to.
    Graph(GraphArgs),
    /// Report what the working tree changes in the job-family model since a
    /// git revision (grades, levels, reporting lines, requirements).
    Review(ReviewArgs),
    /// Write a commented `.jflint.yaml` for the Hugo site found here, and
    /// print how to add the pre-commit hook and the CI job.
    Init(InitArgs),
    /// Print a shell completion script: `jflint completions bash > /etc/bash_completion.d/jflint`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `jflint man > jflint.1`.
    Man,
    /// Run the language server (LSP over standard input and output) for
    /// editors: diagnostics as you type, quick fixes, hover, completion,
    /// navigation.
    Server,
}

/// `jflint init [DIR]`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write `.jflint.yaml` in (default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace an existing `.jflint.yaml`.
    #[arg(long)]
    pub force: bool,
}

/// Where the configuration and the site come from: the flags every command
/// that reads pages shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// The Hugo site root (the folder holding `content/`), for links between pages.
    #[arg(long)]
    pub site_root: Option<PathBuf>,
}

impl SiteArgs {
    /// The paths given (the current folder when none is) and the
    /// configuration that applies to them.
    fn load(&self, paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Config), ConfigError> {
        let paths = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        };
        let config = self.config.load_for(&paths)?;
        Ok((paths, config))
    }
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Only run these rules (comma-separated names).
    #[arg(long, value_delimiter = ',', value_parser = parse_rule)]
    pub select: Option<Vec<RuleId>>,
    /// Number of threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("fixing").args(["fix", "diff"]).multiple(true)))]
pub struct CheckArgs {
    /// Files or folders to check (default: the current folder); `-` reads
    /// standard input.
    pub paths: Vec<PathBuf>,
    /// The format of the report on standard output.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    #[command(flatten)]
    pub run: RunArgs,
    /// Report only findings that are not in this baseline file (written by `jflint baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Neither read nor write the cache (by default a run reuses what the
    /// last one learned of every unchanged page).
    #[arg(long)]
    pub no_cache: bool,
    /// Keep the cache in DIR (default: `.jflint_cache` next to the
    /// configuration file, or in the current folder; `cache-dir` in the configuration).
    #[arg(long, value_name = "DIR", env = "JFLINT_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Check only Markdown files changed since the merge base of REF and HEAD
    /// (commits, staged and unstaged edits, untracked files); links still resolve site-wide.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Print the number of findings per rule after the report.
    #[arg(long)]
    pub statistics: bool,
    /// Apply safe fixes, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with `--fix` or `--diff`).
    #[arg(long, requires = "fixing")]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 if
    /// there are any.
    #[arg(long)]
    pub diff: bool,
    /// Read the page from standard input and lint it as the file at PATH
    /// (which need not exist); with `--fix`, print the fixed page.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Also write the report in FORMAT to FILE (repeatable): one run, several
    /// reports, e.g. `--output gitlab=gl-code-quality-report.json`.
    #[arg(long = "output", value_name = "FORMAT=FILE", conflicts_with = "diff")]
    pub outputs: Vec<OutputFile>,
    /// Colour the human report: `auto` (a terminal, unless `NO_COLOR`; `FORCE_COLOR` forces it), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Write the human report as narrated text (for screen readers) instead of drawing it.
    #[arg(long)]
    pub narrate: bool,
}

/// `jflint baseline FILE [PATH…]`: the path and configuration flags of `check`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// The baseline file to write (replaced atomically).
    pub file: PathBuf,
    /// Files or folders to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

impl BaselineArgs {
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let (paths, config) = self.run.site.load(&self.paths)?;
        let select = self.run.checked_select(&config)?;
        Ok(Settings {
            paths,
            config,
            site_root: self.run.site.site_root.clone(),
            select,
            changed_since: None,
        })
    }
}

impl RunArgs {
    /// `--select`, with every custom id checked against the rule files the
    /// configuration loads.
    fn checked_select(&self, config: &Config) -> Result<Option<Vec<RuleId>>, ConfigError> {
        if let Some(ids) = &self.select {
            for &id in ids {
                config.check_known(id).map_err(|message| ConfigError {
                    path: None,
                    message: format!("--select: {message}"),
                })?;
            }
        }
        Ok(self.select.clone())
    }
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("`{s}` is not one of error, warning, info"))
}

fn parse_rule(s: &str) -> Result<RuleId, String> {
    s.parse::<RuleId>().map_err(|e| e.to_string())
}

impl CheckArgs {
    /// The fixes to apply, if any (`--fix`, `--diff`, `--unsafe-fixes`).
    pub fn fix_mode(&self) -> Option<FixMode> {
        (self.fix || self.diff).then_some(FixMode {
            unsafe_fixes: self.unsafe_fixes,
            write: !self.diff,
        })
    }

    /// The path standard input is linted as, when it is read: the
    /// `--stdin-filename`, or `-` for a bare `-`.
    pub fn stdin_path(&self) -> Result<Option<PathBuf>, String> {
        let dash = self.paths.iter().any(|p| p.as_os_str() == "-");
        let only_dash = self.paths.iter().all(|p| p.as_os_str() == "-");
        match &self.stdin_filename {
            Some(_) if !only_dash => {
                Err("`--stdin-filename` reads standard input: give no paths, or `-`".to_string())
            }
            Some(name) => Ok(Some(name.clone())),
            None if dash && self.paths.len() > 1 => {
                Err("`-` (standard input) cannot be mixed with other paths".to_string())
            }
            None if dash => Ok(Some(PathBuf::from("-"))),
            None => Ok(None),
        }
    }

    /// The paths to check: the arguments, the current folder if none, or the
    /// stand-in name of standard input.
    pub fn paths(&self) -> Vec<PathBuf> {
        if let Ok(Some(name)) = self.stdin_path() {
            vec![name]
        } else if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        }
    }

    /// Loads the configuration and validates the flags.
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let (paths, config) = self.run.site.load(&self.paths())?;
        let select = self.run.checked_select(&config)?;
        Ok(Settings {
            paths,
            config,
            site_root: self.run.site.site_root.clone(),
            select,
            changed_since: self.changed_since.clone(),
        })
    }
}

/// Which configuration applies: `--config FILE`, else the nearest
/// `.jflint.yaml`, plus the Vale styles of `--vale-config`. `jflint rules`
/// and `jflint explain` take these alone, for the rules of the rule files.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Use this configuration file instead of the nearest `.jflint.yaml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore any `.jflint.yaml`: jflint's own rules and defaults only.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Also run the Vale styles of this `.vale.ini`, as Vale would.
    #[arg(long, value_name = "FILE")]
    pub vale_config: Option<PathBuf>,
}

impl ConfigArgs {
    /// Whether a configuration was named on the command line (one that does
    /// not load is then an error, not a note).
    pub fn is_explicit(&self) -> bool {
        self.config.is_some() || self.vale_config.is_some()
    }

    /// The configuration for the current folder.
    pub fn load(&self) -> Result<Config, ConfigError> {
        self.load_for(&[])
    }

    /// The configuration that applies to `paths` (found above the first).
    fn load_for(&self, paths: &[PathBuf]) -> Result<Config, ConfigError> {
        let mut config = load_config(paths, self.config.as_deref(), self.no_config)?;
        if let Some(vale) = &self.vale_config {
            config.add_vale(vale).map_err(|message| ConfigError {
                path: None,
                message,
            })?;
        }
        Ok(config)
    }
}

/// `--config FILE`, else `--no-config`, else the nearest `.jflint.yaml` above
/// the first path (or the current folder), else the defaults.
fn load_config(
    paths: &[PathBuf],
    config_file: Option<&Path>,
    no_config: bool,
) -> Result<Config, ConfigError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if no_config {
        return Ok(Config::builtin(cwd));
    }
    if let Some(path) = config_file {
        return Config::load(path);
    }
    let start = paths
        .first()
        .and_then(|p| crate::workspace::engine::nearest_dir(p))
        .unwrap_or_else(|| cwd.clone());
    match Config::discover(&start).or_else(|| Config::discover(&cwd)) {
        Some(path) => Config::load(&path),
        None => Ok(Config::builtin(cwd)),
    }
}

/// `jflint graph [PATH…]`: the reporting lines of the pages given.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Files or folders whose job-family pages are the graph's nodes
    /// (default: the current folder); pages their links reach are added.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    pub format: GraphFormat,
    /// Only the levels of this page and those they report to, up the chain.
    #[arg(long, value_name = "PATH")]
    pub from: Option<PathBuf>,
    /// Group the levels of each job family (page) together.
    #[arg(long)]
    pub group_by_family: bool,
    #[command(flatten)]
    pub site: SiteArgs,
}

impl GraphArgs {
    pub fn settings(&self) -> Result<GraphSettings, ConfigError> {
        let (paths, config) = self.site.load(&self.paths)?;
        Ok(GraphSettings {
            paths,
            config,
            site_root: self.site.site_root.clone(),
            from: self.from.clone(),
        })
    }
}

/// `jflint review REV [PATH…]`: semantic changes since a git revision.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The git revision to compare with (for a merge request: its base).
    pub revision: String,
    /// Files or folders to compare (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Markdown)]
    pub format: ReviewFormat,
    /// Exit 1 when a change of one of these kinds is found (comma-separated,
    /// e.g. `grade-changed,level-removed`).
    #[arg(long, value_delimiter = ',', value_parser = parse_change_kind)]
    pub fail_on: Vec<ChangeKind>,
    /// Prefix of the Markdown links to pages (e.g. the merge request's
    /// `…/-/blob/<sha>`); without it, links are paths from the repository's top.
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    #[command(flatten)]
    pub site: SiteArgs,
}

fn parse_change_kind(s: &str) -> Result<ChangeKind, String> {
    s.parse()
}

impl ReviewArgs {
    pub fn settings(&self) -> Result<ReviewSettings, ConfigError> {
        let (paths, config) = self.site.load(&self.paths)?;
        Ok(ReviewSettings {
            revision: self.revision.clone(),
            paths,
            config,
            site_root: self.site.site_root.clone(),
        })
    }
}
