use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::rules::site_levels::LinkDiagnostic;
use crate::site::reporting::ReportingGraph;

/// ## What it does
/// Flags a level whose reports-to link lands on the level itself: its own
/// heading, or a heading inside it (`#senior-analyst-requirements`), on the
/// page or through a link to the page's own URL.
///
/// Applies to job-family pages. Links are followed as the reporting-line
/// graph follows them (`jflint graph`): by anchor, or for a link without one
/// to the page's only level or the level its text names. A reports-to
/// sentence without a link is `missing-reports-to`'s business; a link to an
/// anchor that does not exist is `broken-link`'s. A sentence that names the
/// level itself in words, without a link to it, is not caught.
///
/// ## Why is this bad?
/// Nobody reports to themselves: the link was copied from the level above or
/// below and not updated, and readers following it never reach the manager.
///
/// ## Example
/// ```markdown
/// ### Senior Widget Engineer
///
/// The Senior Widget Engineer reports to the [Manager, Widgets](#senior-widget-engineer).
/// ```
/// Link the manager's level:
/// ```markdown
/// The Senior Widget Engineer reports to the [Manager, Widgets](#manager-widgets).
/// ```
pub struct ReportsToSelf;

impl ReportsToSelf {
    pub fn new(_: &RuleData) -> Self {
        ReportsToSelf
    }
}

impl Rule for ReportsToSelf {
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    fn check_graph(&self, graph: &ReportingGraph, out: &mut Vec<LinkDiagnostic>) {
        for (node, manager) in graph.edges() {
            if node != manager {
                continue;
            }
            out.push(LinkDiagnostic {
                rule: RuleCode::ReportsToSelf,
                node,
                message: format!("level `{}` reports to itself", graph.level(node).name),
                help: Some("link the level the role reports to, not its own".to_string()),
            });
        }
    }
}
