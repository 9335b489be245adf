//! The one table of rules. A rule's name is part of jflint's interface
//! (configs, suppressions, baselines): names are never changed or reused.

use std::fmt;
use std::str::FromStr;

use crate::language::phrases::PageHits;
use crate::model::document::Document;
use crate::model::job_family::JobFamily;
use crate::rule_data::RuleData;
use crate::rules;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::file_rule::FileRule;
use crate::rules::rule_file::RuleSet;
use crate::rules::site_levels::LinkDiagnostic;
use crate::rules::site_levels::{SiteDiagnostic, SitePage};
use crate::site::SiteIndex;
use crate::site::reporting::ReportingGraph;

/// Which pages a rule runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every Markdown page.
    AnyPage,
    /// Only pages recognised as job families.
    JobFamily,
}

/// What a rule sees of one page.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub family: &'a JobFamily,
    /// The site index, when the site root is known.
    pub site: Option<&'a SiteIndex>,
    /// What the phrase engine found on the page, per rule-file slot.
    pub phrases: &'a PageHits<'a>,
    /// The run's rules from rule files, by slot: jflint's own first (as the
    /// configuration's files extend or replace them), then the
    /// configuration's.
    pub files: &'a [FileRule],
}

impl<'a> Context<'a> {
    /// The rule file of the built-in rule `code`, as the run loaded it.
    pub fn rule_file(&self, code: RuleCode) -> Option<&'a FileRule> {
        let (slot, _) = RuleSet::builtin_spec(code)?;
        self.files
            .get(slot)
            .filter(|r| r.spec.id == crate::rules::rule_id::RuleId::Builtin(code))
    }
}

/// Runs one rule on `text` read as the page at `path` (no site index): what
/// rule unit tests need, built as the engine builds it.
#[cfg(test)]
pub(crate) fn check_page(rule: &dyn Rule, path: &str, text: &str) -> (Document, Vec<Diagnostic>) {
    let doc = Document::parse(path, text.to_string());
    let family = JobFamily::build(&doc);
    let set = RuleSet::builtin();
    let engine = set.phrase_engine();
    let files = set.file_rules();
    let mut out = Vec::new();
    {
        let phrases = engine.scan(&doc);
        rule.check(
            &Context {
                doc: &doc,
                family: &family,
                site: None,
                phrases: &phrases,
                files: &files,
            },
            &mut out,
        );
    }
    (doc, out)
}

pub trait Rule: Send + Sync {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>);

    /// Site-wide checks, run once after every page has been checked, over the
    /// graded levels of all the run's job-family pages (in path order). The
    /// engine applies each page's rule levels and suppressions.
    fn check_site(&self, _pages: &[SitePage], _out: &mut Vec<SiteDiagnostic>) {}

    /// Reporting-line checks, run once over the graph of every level's
    /// reports-to link (built only when a rule that reads it runs); findings
    /// sit at a reports-to link of a page of the run.
    fn check_graph(&self, _graph: &ReportingGraph, _out: &mut Vec<LinkDiagnostic>) {}
}

macro_rules! rule_table {
    ($( $variant:ident => $name:literal, $severity:ident, $scope:ident, $module:ident :: $ty:ident; )*) => {
        /// Every rule jflint knows, in the order `jflint rules` lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleCode { $( $variant, )* }

        impl RuleCode {
            pub const ALL: &'static [RuleCode] = &[ $( RuleCode::$variant, )* ];

            pub fn name(self) -> &'static str {
                match self { $( RuleCode::$variant => $name, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( RuleCode::$variant => Severity::$severity, )* }
            }

            pub fn scope(self) -> Scope {
                match self { $( RuleCode::$variant => Scope::$scope, )* }
            }

            /// The rule's source file; its leading doc comment is its documentation.
            fn source(self) -> &'static str {
                match self { $( RuleCode::$variant => include_str!(concat!(stringify!($module), ".rs")), )* }
            }

            /// Builds the rule from its data (word lists, tables), once per run.
            pub fn build(self, data: &RuleData) -> Box<dyn Rule> {
                match self { $( RuleCode::$variant => Box::new(rules::$module::$ty::new(data)), )* }
            }
        }
    };
}

rule_table! {
    UnreadableFile => "unreadable-file", Error, AnyPage, unreadable_file::UnreadableFile;
    Frontmatter => "frontmatter", Error, AnyPage, frontmatter::Frontmatter;
    MissingGrade => "missing-grade", Error, JobFamily, missing_grade::MissingGrade;
    TemplatePlaceholder => "template-placeholder", Warning, JobFamily, template_placeholder::TemplatePlaceholder;
    VacancyLanguage => "vacancy-language", Warning, JobFamily, vacancy_language::VacancyLanguage;
    YearsOfExperience => "years-of-experience", Error, JobFamily, years_of_experience::YearsOfExperience;
    LocationRequirement => "location-requirement", Warning, JobFamily, location_requirement::LocationRequirement;
    GenderedPronoun => "gendered-pronoun", Warning, JobFamily, gendered_pronoun::GenderedPronoun;
    GenderCodedLanguage => "gender-coded-language", Info, JobFamily, gender_coded_language::GenderCodedLanguage;
    FixedMindsetLanguage => "fixed-mindset-language", Warning, JobFamily, fixed_mindset_language::FixedMindsetLanguage;
    ExclusionaryTerm => "exclusionary-term", Warning, AnyPage, exclusionary_term::ExclusionaryTerm;
    BrandName => "brand-name", Warning, AnyPage, brand_name::BrandName;
    RepeatedWord => "repeated-word", Warning, AnyPage, repeated_word::RepeatedWord;
    RealWord => "real-word", Warning, AnyPage, real_word::RealWord;
    Typo => "typo", Warning, AnyPage, typo::Typo;
    HeadingLevel => "heading-level", Warning, AnyPage, heading_level::HeadingLevel;
    LevelNameMismatch => "level-name-mismatch", Error, JobFamily, level_name_mismatch::LevelNameMismatch;
    GradeOrder => "grade-order", Warning, JobFamily, grade_order::GradeOrder;
    MissingSection => "missing-section", Warning, JobFamily, missing_section::MissingSection;
    MissingIntroduction => "missing-introduction", Warning, JobFamily, missing_introduction::MissingIntroduction;
    EmptySection => "empty-section", Warning, AnyPage, empty_section::EmptySection;
    RequiredBullet => "required-bullet", Warning, JobFamily, required_bullet::RequiredBullet;
    PiCount => "pi-count", Warning, JobFamily, pi_count::PiCount;
    GradeLink => "grade-link", Warning, JobFamily, grade_link::GradeLink;
    MissingReportsTo => "missing-reports-to", Warning, JobFamily, missing_reports_to::MissingReportsTo;
    CareerLadder => "career-ladder", Warning, JobFamily, career_ladder::CareerLadder;
    GradeConsistency => "grade-consistency", Warning, JobFamily, grade_consistency::GradeConsistency;
    BrokenLink => "broken-link", Error, AnyPage, broken_link::BrokenLink;
    BritishSpelling => "british-spelling", Warning, AnyPage, british_spelling::BritishSpelling;
    AbsoluteLink => "absolute-link", Warning, AnyPage, absolute_link::AbsoluteLink;
    LinkFormat => "link-format", Warning, AnyPage, link_format::LinkFormat;
    UnbalancedEmphasis => "unbalanced-emphasis", Warning, AnyPage, unbalanced_emphasis::UnbalancedEmphasis;
    LegacySyntax => "legacy-syntax", Warning, AnyPage, legacy_syntax::LegacySyntax;
    DuplicateBullet => "duplicate-bullet", Warning, JobFamily, duplicate_bullet::DuplicateBullet;
    ListRunOn => "list-run-on", Warning, JobFamily, list_run_on::ListRunOn;
    ReportingCycle => "reporting-cycle", Warning, JobFamily, reporting_cycle::ReportingCycle;
    ReportsToSelf => "reports-to-self", Warning, JobFamily, reports_to_self::ReportsToSelf;
    ReportsToNonLevel => "reports-to-non-level", Warning, JobFamily, reports_to_non_level::ReportsToNonLevel;
    ReportsToGrade => "reports-to-grade", Warning, JobFamily, reports_to_grade::ReportsToGrade;
    ReportsToWrongRole => "reports-to-wrong-role", Warning, JobFamily, reports_to_wrong_role::ReportsToWrongRole;
}

impl RuleCode {
    /// The rules that read the reporting-line graph.
    pub const GRAPH_RULES: &'static [RuleCode] = &[
        RuleCode::ReportingCycle,
        RuleCode::ReportsToSelf,
        RuleCode::ReportsToNonLevel,
        RuleCode::ReportsToGrade,
        RuleCode::ReportsToWrongRole,
    ];

    /// Documentation: the doc comment at the top of the rule's struct, as Markdown.
    pub fn documentation(self) -> String {
        doc_comment(self.source())
    }

    /// What `jflint explain` prints and `docs/rules/NAME.md` holds: the name,
    /// the default severity, the pages the rule runs on, then the documentation.
    pub fn explanation(self) -> String {
        let scope = match self.scope() {
            Scope::AnyPage => "every page",
            Scope::JobFamily => {
                "job-family pages (under `content/job-families/`, with `layout: \
                 job_family_page`, or whose levels state a job grade; a page for \
                 one role is one level; a stub that only says the page moved is \
                 none)"
            }
        };
        format!(
            "# {}\n\n{} by default; runs on {scope}.\n\n{}\n",
            self.name(),
            capitalise(self.default_severity().to_string()),
            self.documentation().trim_end()
        )
    }

    /// The first sentence of the documentation's "What it does" section.
    pub fn summary(self) -> String {
        let doc = self.documentation();
        let body = doc
            .split("## What it does")
            .nth(1)
            .unwrap_or(&doc)
            .trim_start();
        let para = body.split("\n\n").next().unwrap_or("").replace('\n', " ");
        let end = para.find(". ").map_or(para.len(), |i| i + 1);
        para[..end].trim().to_string()
    }
}

fn capitalise(word: String) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => word,
    }
}

/// The `///` block right above the first `pub struct` of a rule file.
fn doc_comment(source: &str) -> String {
    let mut block: Vec<&str> = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("///") {
            block.push(rest.strip_prefix(' ').unwrap_or(rest));
        } else if trimmed.starts_with("pub struct") {
            break;
        } else if !trimmed.starts_with("#[") {
            block.clear();
        }
    }
    block.join("\n")
}

impl fmt::Display for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rule `{}` (`jflint rules` lists them)", self.0)
    }
}

/// Rules are stored by name (caches, baselines): a name outlives the order
/// of the rule table.
impl serde::Serialize for RuleCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for RuleCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RuleCode, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for RuleCode {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleCode::ALL
            .iter()
            .copied()
            .find(|r| r.name() == s)
            .ok_or_else(|| UnknownRule(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in RuleCode::ALL {
            let name = rule.name();
            assert!(seen.insert(name), "duplicate rule name {name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !name.starts_with('-'),
                "{name} is not kebab-case"
            );
            assert_eq!(name.parse::<RuleCode>().unwrap(), *rule);
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in RuleCode::ALL {
            let doc = rule.documentation();
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    doc.contains(section),
                    "{rule} documentation lacks {section}"
                );
            }
            assert!(!rule.summary().is_empty(), "{rule} has no summary");
        }
    }

    #[test]
    fn unknown_names_are_rejected() {
        assert!("no-such-rule".parse::<RuleCode>().is_err());
    }
}
