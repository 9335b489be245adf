use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::rules::site_levels::LinkDiagnostic;
use crate::site::reporting::ReportingGraph;

/// ## What it does
/// Flags a level that reports to a level with a lower job grade: a grade 8
/// Staff Engineer linked to a grade 7 Manager. Both grades are the numbers
/// the levels' Job Grade sections state; a level or manager without one is
/// not compared.
///
/// Equal grades are allowed: individual-contributor tracks grade their senior
/// levels like the managers they report to (a grade 8 Staff Engineer reports
/// to a grade 8 Engineering Manager), so only a manager graded strictly
/// below is reported.
///
/// Applies to job-family pages; reports-to links are followed across pages
/// as `jflint graph` follows them. A grade stated only in prose outside the
/// Job Grade section, or a reporting line written without a link, is not
/// compared.
///
/// ## Why is this bad?
/// A manager is graded at least as high as the people who report to them;
/// an inversion is almost always a wrong grade or a link to the wrong level
/// (the Manager's link copied to the Senior Manager), and it misstates pay
/// or the organisation.
///
/// ## Example
/// ```markdown
/// ### Senior Manager, Widgets
/// The Senior Manager, Widgets reports to the [Manager, Widgets](#manager-widgets).
/// #### Senior Manager, Widgets Job Grade
/// The Senior Manager, Widgets is a grade 9.
/// ```
/// The Manager, Widgets is a grade 8. Link the level the role reports to:
/// ```markdown
/// The Senior Manager, Widgets reports to the [Director, Widgets](#director-widgets).
/// ```
pub struct ReportsToGrade;

impl ReportsToGrade {
    pub fn new(_: &RuleData) -> Self {
        ReportsToGrade
    }
}

impl Rule for ReportsToGrade {
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    fn check_graph(&self, graph: &ReportingGraph, out: &mut Vec<LinkDiagnostic>) {
        for (node, manager) in graph.inversions() {
            let (level, boss) = (graph.level(node), graph.level(manager));
            let (Some(own), Some(theirs)) = (level.grade, boss.grade) else {
                continue;
            };
            out.push(LinkDiagnostic {
                rule: RuleCode::ReportsToGrade,
                node,
                message: format!(
                    "level `{}` (grade {own}) reports to {}, a grade {theirs}",
                    level.name,
                    graph.describe(manager, node.page)
                ),
                help: Some(
                    "check both grades, or link the level the role really reports to".to_string(),
                ),
            });
        }
    }
}
