use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::rules::site_levels::LinkDiagnostic;
use crate::site::reporting::ReportingGraph;

/// ## What it does
/// Flags a chain of reports-to links that comes back to where it started:
/// the Analyst reports to the Manager, who reports to the Director, who
/// reports to the Analyst. Each cycle is reported once, at each of its links
/// (one finding per link, each naming the whole cycle from that level), so
/// every page of the cycle shows where it can be broken; levels whose chain
/// merely runs into a cycle are not reported.
///
/// Applies to job-family pages; the chain is followed across pages through
/// the site index (pages outside the run are read when a link reaches them,
/// but findings are reported only on the run's pages). Links are resolved as
/// `jflint graph` resolves them. A level that reports to itself is
/// `reports-to-self`'s. Chains through links that do not resolve (unlinked
/// sentences, broken anchors, links to other sites) are not followed, so a
/// cycle closed only in prose is not caught.
///
/// ## Why is this bad?
/// A reporting line must end at the top of the organisation. A cycle means at
/// least one link points at the wrong role, usually one copied between
/// levels of a family.
///
/// ## Example
/// ```markdown
/// ### Widget Engineer
/// The Widget Engineer reports to the [Manager, Widgets](#manager-widgets).
/// ### Manager, Widgets
/// The Manager, Widgets reports to the [Widget Engineer](#widget-engineer).
/// ```
/// Link the manager's own manager:
/// ```markdown
/// The Manager, Widgets reports to the [Director, Widgets](/job-families/engineering/widget-director/#director-widgets).
/// ```
pub struct ReportingCycle;

impl ReportingCycle {
    pub fn new(_: &RuleData) -> Self {
        ReportingCycle
    }
}

impl Rule for ReportingCycle {
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    fn check_graph(&self, graph: &ReportingGraph, out: &mut Vec<LinkDiagnostic>) {
        for cycle in graph.cycles() {
            for (i, &node) in cycle.iter().enumerate() {
                let chain: Vec<String> = cycle[i..]
                    .iter()
                    .chain(&cycle[..=i])
                    .map(|&n| graph.describe(n, node.page))
                    .collect();
                out.push(LinkDiagnostic {
                    rule: RuleCode::ReportingCycle,
                    node,
                    message: format!(
                        "reporting cycle of {} levels: {}",
                        cycle.len(),
                        chain.join(" reports to ")
                    ),
                    help: Some(
                        "link each level of the cycle to the role it really reports to".to_string(),
                    ),
                });
            }
        }
    }
}
