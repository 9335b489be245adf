use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags fixed-mindset wording that frames ability as inborn: "brilliant",
/// "gifted", "innate", "natural talent", "born leader". The list is in
/// `rules/fixed-mindset-language.yaml`.
///
/// ## Why is this bad?
/// Wording that prizes innate brilliance deters people who see ability as
/// something grown through effort, and women and under-represented groups most
/// of all. Describe skills that can be learned and shown.
///
/// ## Example
/// ```markdown
/// - A natural talent for negotiation.
/// ```
/// Use instead:
/// ```markdown
/// - Skill in negotiation, shown in past deals.
/// ```
pub struct FixedMindsetLanguage;

impl FixedMindsetLanguage {
    pub fn new(_: &RuleData) -> Self {
        FixedMindsetLanguage
    }
}

impl Rule for FixedMindsetLanguage {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(rule) = ctx.rule_file(RuleCode::FixedMindsetLanguage) {
            rule.check(ctx, out);
        }
    }
}
