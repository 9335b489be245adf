use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::phrases::run_range;
use crate::registry::{Context, Rule, RuleCode};
use crate::rule_data::RuleData;

/// ## What it does
/// Flags a required number of years of experience ("5+ years of experience",
/// "three years' experience"). At grades 4 and 5 it is an error; elsewhere it is
/// reported as information, to be kept only where truly needed.
///
/// ## Why is this bad?
/// Years are a poor proxy for skill and screen out capable people, especially
/// those with non-traditional careers. Entry and intermediate levels (grades 4
/// and 5) must never ask for them.
///
/// ## Example
/// ```markdown
/// - 5+ years of experience in backend development.
/// ```
/// Use instead:
/// ```markdown
/// - Experience designing and operating backend services at scale.
/// ```
pub struct YearsOfExperience;

static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s*(?:\+|plus)?\s*(?:(?:-|–|to|or)\s*\d{1,2}\s*\+?\s*)?(?:\(\d{1,2}\)\s*)?years?['’]?\s+(?:of\s+)?(?:[\w/&,-]+\s+){0,5}?(?:experience|expertise)\b",
    )
    .expect("valid regex")
});

impl YearsOfExperience {
    pub fn new(_: &RuleData) -> Self {
        YearsOfExperience
    }
}

impl Rule for YearsOfExperience {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for run in &doc.prose {
            for m in YEARS.find_iter(&run.text) {
                let Some(span) = run_range(doc, run, m.range()) else {
                    continue;
                };
                let grade = ctx
                    .family
                    .levels
                    .iter()
                    .find(|l| l.extent.contains(&span.start))
                    .and_then(|l| l.grade.as_ref().and_then(|g| g.number).map(|n| (l, n)));
                let mut d = Diagnostic::new(
                    RuleCode::YearsOfExperience,
                    span,
                    match grade {
                        Some((level, n)) => format!(
                            "`{}` asks for years of experience at grade {n} (`{}`)",
                            m.as_str(),
                            level.name
                        ),
                        None => format!("`{}` asks for years of experience", m.as_str()),
                    },
                )
                .with_help(
                    "describe the skills and experience the role needs, not a number of years",
                );
                if !matches!(grade, Some((_, 4 | 5))) {
                    d = d.with_severity(Severity::Info);
                }
                out.push(d);
            }
        }
    }
}
