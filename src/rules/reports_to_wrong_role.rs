use crate::model::job_family::{is_rank, role_key};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::rules::site_levels::LinkDiagnostic;
use crate::site::reporting::{ReportingGraph, Target};

/// ## What it does
/// Flags a reports-to link whose text names one role while the link goes to
/// the level of another: `[CISO]` linking the Chief Legal Officer's page,
/// `[Senior Director, Development](#senior-director-engineering)`. The text
/// and the level's title are compared as role words (case, punctuation,
/// word order, `of`, `Sr`/`VP` and a plural `s` aside):
/// - an acronym (`CISO`, `CTO`) must be the initials of the level's title or
///   of one of its comma-separated parts (`Chief Legal Officer, Head of
///   Corporate Affairs` is `CLO`);
/// - a title (every word capitalised) must name the level's work, or a
///   part of it, or the level's title a part of the text's (`Development`
///   is not `Engineering`, `Widget Sales` is not `Widget Engineering`), and
///   its rank words (`Director`, `Manager`, `Senior`) must all be the
///   level's.
///
/// Applies to job-family pages, to links that land on a level (on this page
/// or another). Text that is no title (`their manager`, `this team`) or
/// names no rank is not judged, and neither is a title naming its work more
/// narrowly or more broadly (`Manager, Widgets` for `Manager, Widget
/// Engineering`). Not caught: a bare rank (`[Director](#manager-widgets)`),
/// words abbreviated differently (`Dev` for `Development`: such a title
/// is reported), and links that `broken-link` or `reports-to-non-level`
/// report.
///
/// ## Why is this bad?
/// The reader sees one manager named and lands on another's role; one of
/// the two is wrong, and the reporting line `jflint graph` draws follows the
/// link, not the text.
///
/// ## Example
/// ```markdown
/// The Director, Widget Security reports to the [CISO](/job-families/legal/chief-legal-officer/).
/// ```
/// Link the role the text names:
/// ```markdown
/// The Director, Widget Security reports to the [CISO](/job-families/security/chief-information-security-officer/).
/// ```
pub struct ReportsToWrongRole;

impl ReportsToWrongRole {
    pub fn new(_: &RuleData) -> Self {
        ReportsToWrongRole
    }
}

impl Rule for ReportsToWrongRole {
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    fn check_graph(&self, graph: &ReportingGraph, out: &mut Vec<LinkDiagnostic>) {
        for node in graph.nodes() {
            let Some(Target::Level(target)) = graph.target(node) else {
                continue;
            };
            let Some(link) = &graph.level(node).reports_to else {
                continue;
            };
            let target = &graph.level(*target).name;
            if names_the_role(&link.text, target) {
                continue;
            }
            out.push(LinkDiagnostic {
                rule: RuleCode::ReportsToWrongRole,
                node,
                message: format!(
                    "the reports-to link of `{}` says `{}` but goes to the level `{target}`",
                    graph.level(node).name,
                    link.text.trim()
                ),
                help: Some(
                    "link the level the text names, or name the level the link goes to".to_string(),
                ),
            });
        }
    }
}

/// Whether a link's text may name the level titled `target`: it names no
/// role, or the same role.
fn names_the_role(text: &str, target: &str) -> bool {
    let text = text.trim();
    if let Some(acronym) = acronym(text) {
        return std::iter::once(target)
            .chain(target.split(','))
            .any(|part| initials(part).contains(&acronym));
    }
    if !is_title(text) {
        return true;
    }
    let words = |s: &str| -> Vec<String> { role_key(s).into_iter().map(singular).collect() };
    let (said, meant) = (words(text), words(target));
    let said_work: Vec<&String> = said.iter().filter(|w| !is_rank(w)).collect();
    if !said.iter().any(|w| is_rank(w)) || said_work.is_empty() {
        return true;
    }
    let ranks_agree = said
        .iter()
        .filter(|w| is_rank(w))
        .all(|w| meant.contains(w));
    let meant_work: Vec<&String> = meant.iter().filter(|w| !is_rank(w)).collect();
    // One names its work more narrowly than the other, or both the same.
    let work_agrees =
        said_work.iter().all(|w| meant.contains(w)) || meant_work.iter().all(|w| said.contains(w));
    ranks_agree && work_agrees
}

/// Whether text is written as a title: every word capitalised but `of`,
/// `and`, `the`, `for` (`Senior Director, Widgets`, not `their manager`).
fn is_title(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !["of", "and", "the", "for", "to", "in"].contains(w))
        .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

/// The text as an acronym of a title (`CISO`, `CoS`), upper-cased; `None`
/// for anything else.
fn acronym(text: &str) -> Option<String> {
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let plain = (2..=6).contains(&text.len())
        && text.chars().all(|c| c.is_ascii_alphabetic())
        && upper >= 2
        && text.starts_with(|c: char| c.is_uppercase());
    plain.then(|| text.to_ascii_uppercase())
}

/// The initials of a title's words, with and without `of`, `and`, `the`:
/// `Chief Legal Officer` is `CLO`, `Chief of Staff` is `COS` or `CS`.
fn initials(title: &str) -> [String; 2] {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let of = |keep: &dyn Fn(&str) -> bool| {
        words
            .iter()
            .filter(|w| keep(w))
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase()
    };
    [
        of(&|_| true),
        of(&|w| !["of", "and", "the", "for"].contains(&w.to_lowercase().as_str())),
    ]
}

/// A role word without a plural `s` (`Architects`, `Widgets`).
fn singular(word: String) -> String {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() > 3 && !stem.ends_with('s') => stem.to_string(),
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_initials_of_the_title_or_a_part_of_it() {
        assert!(names_the_role("CTO", "Chief Technology Officer"));
        assert!(names_the_role(
            "CLO",
            "Chief Legal Officer, Head of Corporate Affairs, and Corporate Secretary"
        ));
        assert!(names_the_role("CoS", "Chief of Staff"));
        assert!(!names_the_role(
            "CISO",
            "Chief Legal Officer, Head of Corporate Affairs, and Corporate Secretary"
        ));
    }

    #[test]
    fn titles_share_their_work_and_ranks() {
        assert!(!names_the_role(
            "Senior Director, Development",
            "Senior Director, Engineering"
        ));
        assert!(!names_the_role("Director, Widgets", "Manager, Widgets"));
        assert!(!names_the_role(
            "Senior Director, Widget Sales",
            "Senior Director, Widget Engineering"
        ));
        assert!(names_the_role(
            "Manager, Widgets",
            "Manager, Widget Engineering"
        ));
        assert!(names_the_role(
            "Manager, Widgets",
            "Senior Manager, Widgets"
        ));
        assert!(names_the_role(
            "Widget Engineering Manager",
            "Manager, Widget Engineering"
        ));
        assert!(names_the_role("VP, Widgets", "Vice President of Widgets"));
        assert!(names_the_role(
            "EVP, Engineering",
            "Executive Vice President, Engineering"
        ));
        // Text that names no role is not judged.
        assert!(names_the_role("their manager", "Manager, Widgets"));
        assert!(names_the_role("Director", "Manager, Widgets"));
        assert!(names_the_role("Widget team", "Manager, Widgets"));
    }
}
