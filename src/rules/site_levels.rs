//! What the site-wide pass sees of each page: its graded levels, located once
//! during the parallel per-page pass, as small owned records. Site-wide rules
//! (`Rule::check_site`) compare levels across pages and answer with
//! [`SiteDiagnostic`]s that point at one of these levels.

use std::ops::Range;
use std::path::PathBuf;

use crate::rules::diagnostic::Severity;
use crate::rules::registry::RuleCode;

/// One level of a page that states a grade number.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SiteLevel {
    /// The level's title (its heading, or the page title for a single role).
    pub name: String,
    pub grade: u32,
    /// Where the grade is written (the number, or the grade sentence).
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The headings that enclose the grade, outermost first.
    pub context: Vec<String>,
    /// The text at `span`, whitespace folded.
    pub excerpt: String,
    /// Rules that an inline suppression turns off at the grade.
    pub suppressed: Vec<RuleCode>,
}

/// The graded levels of one job-family page.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SitePage {
    pub path: PathBuf,
    /// The path as reports show it.
    pub display: String,
    pub levels: Vec<SiteLevel>,
    /// What the page's model says (every level, graded or not), for the
    /// reporting-line graph.
    pub model: Option<crate::model::family_model::PageModel>,
    /// Per level of `model`: rules an inline suppression turns off at its
    /// reports-to link.
    pub reports_suppressed: Vec<Vec<RuleCode>>,
}

/// A site-wide finding about `pages[page].levels[level]`.
#[derive(Debug, Clone)]
pub struct SiteDiagnostic {
    pub rule: RuleCode,
    pub page: usize,
    pub level: usize,
    /// `None`: the rule's configured severity for that page.
    pub severity: Option<Severity>,
    pub message: String,
    pub help: Option<String>,
}

/// Title as compared across pages: lower case, punctuation folded to spaces,
/// and the word "intermediate" dropped (`Analyst (Intermediate)` is the
/// `Analyst`). Other asides stay: `Data Engineer (Junior)` is its own title.
pub fn normalized_title(title: &str) -> String {
    let folded: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '&' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| *w != "intermediate")
        .collect::<Vec<_>>()
        .join(" ")
}

/// A finding of a reporting-line rule, at a level's reports-to link.
#[derive(Debug, Clone)]
pub struct LinkDiagnostic {
    pub rule: RuleCode,
    pub node: crate::site::reporting::NodeId,
    pub message: String,
    pub help: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalize() {
        assert_eq!(
            normalized_title("Backend Engineer (Intermediate)"),
            "backend engineer"
        );
        assert_eq!(
            normalized_title("Manager,  Field  Marketing"),
            "manager field marketing"
        );
        assert_eq!(
            normalized_title("Intermediate Fullstack Engineer"),
            "fullstack engineer"
        );
        assert_ne!(
            normalized_title("Data Engineer (Junior)"),
            normalized_title("Data Engineer (Intermediate)")
        );
        assert_eq!(normalized_title("Manager, L&D"), "manager l&d");
    }
}
