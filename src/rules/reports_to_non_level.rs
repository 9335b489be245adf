use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::rules::site_levels::LinkDiagnostic;
use crate::site::reporting::{ReportingGraph, Target};

/// ## What it does
/// Flags a reports-to link whose target exists but is not a level: a section
/// of a page (`#levels`, `#responsibilities`, a team's heading), a page with
/// no levels at all (a team or handbook page), or a job-family page of
/// several levels none of which the link's text names.
///
/// Applies to job-family pages. A link lands on a level when its anchor is
/// the level's heading or a heading inside the level; a link without an
/// anchor lands on the page's only level, or on the level whose title the
/// link's text spells (compared without case, punctuation or "of"). Links to
/// pages or anchors that do not exist are `broken-link`'s; links to other
/// sites are not checked.
///
/// ## Why is this bad?
/// Readers follow the link to see the manager's role, its grade and its
/// responsibilities; a link to a section or to a team page shows none of
/// them, and the reporting line cannot be drawn (`jflint graph`).
///
/// ## Example
/// ```markdown
/// The Widget Engineer reports to the [Manager, Widgets](#levels).
/// ```
/// Link the manager's level:
/// ```markdown
/// The Widget Engineer reports to the [Manager, Widgets](#manager-widgets).
/// ```
pub struct ReportsToNonLevel;

impl ReportsToNonLevel {
    pub fn new(_: &RuleData) -> Self {
        ReportsToNonLevel
    }
}

impl Rule for ReportsToNonLevel {
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    fn check_graph(&self, graph: &ReportingGraph, out: &mut Vec<LinkDiagnostic>) {
        for node in graph.nodes() {
            let Some(Target::NotALevel(what)) = graph.target(node) else {
                continue;
            };
            out.push(LinkDiagnostic {
                rule: RuleCode::ReportsToNonLevel,
                node,
                message: format!(
                    "the reports-to link of `{}` goes to {what}, not to a level",
                    graph.level(node).name
                ),
                help: Some("link the heading of the level the role reports to".to_string()),
            });
        }
    }
}
