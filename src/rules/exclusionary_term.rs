use crate::language::phrases::PhraseList;
use crate::rule_data::{EXCLUSIONARY_TERMS, RuleData};
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags exclusionary terms ("rockstar", "ninja", "guys", "manpower",
/// "whitelist", "blacklist", …) and suggests an inclusive alternative. The list,
/// with its suggestions, is in `rules/exclusionary-terms.txt`.
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
pub struct ExclusionaryTerm {
    terms: PhraseList,
}

impl ExclusionaryTerm {
    pub fn new(_: &RuleData) -> Self {
        ExclusionaryTerm {
            terms: PhraseList::parse(EXCLUSIONARY_TERMS),
        }
    }
}

impl Rule for ExclusionaryTerm {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for hit in self.terms.find_in(ctx.doc) {
            let mut d = Diagnostic::new(
                RuleCode::ExclusionaryTerm,
                hit.span.clone(),
                format!("exclusionary term `{}`", hit.text),
            );
            if let Some(suggestion) = &hit.entry.suggestion {
                d = d
                    .with_help(format!("use `{suggestion}` instead"))
                    .with_fix(Fix::unsafe_edit(hit.span, suggestion.clone()));
            }
            out.push(d);
        }
    }
}
