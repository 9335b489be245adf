use crate::language::phrases::PhraseList;
use crate::rule_data::{FIXED_MINDSET_WORDS, RuleData};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags fixed-mindset wording that frames ability as inborn: "brilliant",
/// "gifted", "innate", "natural talent", "born leader". The list is in
/// `rules/fixed-mindset-words.txt`.
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
pub struct FixedMindsetLanguage {
    words: PhraseList,
}

impl FixedMindsetLanguage {
    pub fn new(_: &RuleData) -> Self {
        FixedMindsetLanguage {
            words: PhraseList::parse(FIXED_MINDSET_WORDS),
        }
    }
}

impl Rule for FixedMindsetLanguage {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for hit in self.words.find_in(ctx.doc) {
            out.push(
                Diagnostic::new(
                    RuleCode::FixedMindsetLanguage,
                    hit.span,
                    format!("fixed-mindset wording `{}`", hit.text),
                )
                .with_help("describe a skill that can be learned and demonstrated instead of an inborn trait"),
            );
        }
    }
}
