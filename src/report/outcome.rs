//! What a run produces, for every report format: each checked file with its
//! findings, located (line, column, context) and keyed (fingerprint).

use std::ops::Range;
use std::path::PathBuf;

use crate::rules::diagnostic::{Fix, Severity};
use crate::rules::rule_file::RuleDoc;
use crate::rules::rule_id::RuleId;

/// One finding, located and keyed, ready for any report format.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub rule: RuleId,
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

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileReport {
    pub path: PathBuf,
    /// The path as reports show it: forward slashes, no `./`.
    pub display: String,
    /// The page's text, kept only when there are findings.
    #[serde(skip)]
    pub source: String,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Every checked file, in path order (files without findings included).
    pub files: Vec<FileReport>,
    /// The rules from the configuration's rule files, for reports that
    /// describe the rules they cite.
    pub custom_rules: Vec<RuleDoc>,
}

impl Outcome {
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |d| (f, d)))
    }

    /// Reads the text of every page with findings whose report does not
    /// hold it (results from a cache keep findings, not pages), for the
    /// reports that quote the page.
    pub fn load_sources(&mut self) {
        use rayon::prelude::*;
        self.files
            .par_iter_mut()
            .filter(|f| f.source.is_empty() && !f.findings.is_empty())
            .for_each(|f| {
                if let Ok(text) =
                    crate::site::files::read_page(&f.path, crate::site::files::LARGEST_PAGE_BYTES)
                {
                    f.source = text;
                }
            });
    }

    pub fn max_severity(&self) -> Option<Severity> {
        self.findings().map(|(_, d)| d.severity).max()
    }
}
