use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::phrases::PhraseList;
use crate::registry::{Context, Rule, RuleCode};
use crate::rule_data::{RuleData, VACANCY_PHRASES};

/// ## What it does
/// Flags wording that makes a job family read like a vacancy: "you will",
/// "we're hiring", "exciting opportunity", "the ideal candidate". The Hiring
/// Process (or Interview Process) section speaks to candidates by design ("You
/// will be invited to a screening call"), so it is not checked.
///
/// ## Why is this bad?
/// A job family describes a role for everyone who holds it, now and later; it
/// is not an advertisement. Vacancy wording dates the page and addresses a
/// reader who is not its audience. The list is in `rules/vacancy-phrases.txt`.
///
/// ## Example
/// ```markdown
/// - You will own the roadmap for the Verify stage.
/// ```
/// Use instead:
/// ```markdown
/// - Own the roadmap for the Verify stage.
/// ```
pub struct VacancyLanguage {
    phrases: PhraseList,
}

/// Headings of the sections written for candidates.
static CANDIDATE_SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:hiring|interview)\s+process\b").expect("valid regex"));

impl VacancyLanguage {
    pub fn new(_: &RuleData) -> Self {
        VacancyLanguage {
            phrases: PhraseList::parse(VACANCY_PHRASES),
        }
    }
}

impl Rule for VacancyLanguage {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for hit in self.phrases.find_in(ctx.doc) {
            let path = ctx.doc.heading_path(hit.span.start);
            if path.iter().any(|h| CANDIDATE_SECTION.is_match(h)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RuleCode::VacancyLanguage,
                    hit.span,
                    format!("vacancy language `{}` in a job family", hit.text),
                )
                .with_help("describe the role itself (\"Own the roadmap\"), not an opening addressed to a candidate"),
            );
        }
    }
}
