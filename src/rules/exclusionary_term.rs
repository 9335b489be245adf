use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags exclusionary terms ("rockstar", "ninja", "guys", "manpower",
/// "whitelist", "blacklist", …) and suggests an inclusive alternative. The list,
/// with its suggestions, is the `swap` map of `rules/exclusionary-term.yaml`.
///
/// ## Why is this bad?
/// Such terms signal who is expected to apply and who is not, and put off
/// good candidates. Inclusive wording costs nothing.
///
/// ## Example
/// ```markdown
/// - Maintain the IP whitelist for the staging cluster.
/// ```
/// Use instead:
/// ```markdown
/// - Maintain the IP allowlist for the staging cluster.
/// ```
/// The replacement is offered as an unsafe fix: the sentence may need rewording.
pub struct ExclusionaryTerm;

impl ExclusionaryTerm {
    pub fn new(_: &RuleData) -> Self {
        ExclusionaryTerm
    }
}

impl Rule for ExclusionaryTerm {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(rule) = ctx.rule_file(RuleCode::ExclusionaryTerm) {
            rule.check(ctx, out);
        }
    }
}
