//! What a rule reports: a rule code, a message, a byte span and optional help
//! and fix. Rules never print and never write; fixes are data (edits).

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::rule_id::RuleId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours width and alignment (`{:<8}` in `jflint rules`).
        f.pad(self.as_str())
    }
}

/// Whether a fix can be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// The replacement is certain (a known misspelling, a brand name).
    Safe,
    /// Probably right, but a person should check (`--unsafe-fixes`).
    Unsafe,
}

/// Replace `range` of the page's text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(range: Range<usize>, replacement: impl Into<String>) -> Fix {
        Fix {
            edits: vec![Edit {
                range,
                replacement: replacement.into(),
            }],
            applicability: Applicability::Safe,
        }
    }

    pub fn unsafe_edit(range: Range<usize>, replacement: impl Into<String>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            ..Fix::safe(range, replacement)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: RuleId,
    /// `None`: the rule's configured severity. A rule sets it only for a
    /// finding that is softer by nature (a word-order difference, say).
    pub severity: Option<Severity>,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: impl Into<RuleId>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            severity: None,
            span,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = Some(severity);
        self
    }
}
