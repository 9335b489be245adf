//! Command-line flags (clap), validated into [`Settings`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, ConfigError};
use crate::diagnostic::Severity;
use crate::engine::Settings;
use crate::registry::RuleCode;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "jflint",
    version,
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
    /// List every rule with its default severity.
    Rules,
    /// Show a rule's documentation.
    Explain {
        /// The rule's name, e.g. `missing-grade`.
        rule: String,
    },
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Use this configuration file instead of the nearest `.jflint.yaml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore any `.jflint.yaml`.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// The Hugo site root (the folder holding `content/`), for links between pages.
    #[arg(long)]
    pub site_root: Option<PathBuf>,
    /// Only run these rules (comma-separated names).
    #[arg(long, value_delimiter = ',', value_parser = parse_rule)]
    pub select: Option<Vec<RuleCode>>,
    /// Number of threads (default: one per core).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("`{s}` is not one of error, warning, info"))
}

fn parse_rule(s: &str) -> Result<RuleCode, String> {
    s.parse::<RuleCode>().map_err(|e| e.to_string())
}

impl CheckArgs {
    /// Loads the configuration and validates the flags.
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let config = if self.no_config {
            Config::builtin(cwd)
        } else if let Some(path) = &self.config {
            Config::load(path)?
        } else {
            let start = self
                .paths
                .first()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .map(|p| {
                    if p.is_dir() {
                        p
                    } else {
                        p.parent().map(Into::into).unwrap_or(p)
                    }
                })
                .unwrap_or_else(|| cwd.clone());
            match Config::discover(&start).or_else(|| Config::discover(&cwd)) {
                Some(path) => Config::load(&path)?,
                None => Config::builtin(cwd),
            }
        };
        Ok(Settings {
            paths: self.paths.clone(),
            config,
            site_root: self.site_root.clone(),
            select: self.select.clone(),
        })
    }
}
