use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{Document, LinkKind};
use crate::model::job_family::Grade;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that every level's job grade links to the job-grade table of the
/// compensation calculator (`…/compensation-calculator/#gitlab-job-grades`).
/// The link may be relative or absolute (`https://about.gitlab.com/handbook/…`,
/// `https://handbook.gitlab.com/handbook/…`) or a Hugo `ref`.
///
/// ## Why is this bad?
/// The grade is only meaningful next to the table that explains it; a grade
/// without the link, or with a link to the wrong place, sends readers
/// searching.
///
/// ## Example
/// ```markdown
/// The Senior Widget Engineer is a grade 7.
/// ```
/// Link the grade:
/// ```markdown
/// The Senior Widget Engineer is a [grade 7](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).
/// ```
pub struct GradeLink;

const TARGET: &str =
    "/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades";

/// The calculator page (any host, relative or absolute, with or without a
/// trailing slash or `.html`) and the job-grade anchor.
static CALCULATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:https?:)?//[\w.-]+)?[\w./-]*compensation-calculator(?:/index)?(?:\.html)?/?#gitlab-job-grades$")
        .expect("valid regex")
});
static GRADE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bgrades?\b|^\s*\d{1,2}\s*$").expect("valid regex"));

impl GradeLink {
    pub fn new(_: &RuleData) -> Self {
        GradeLink
    }
}

/// The link on the grade: in the grade sentence, the one whose text names the
/// grade ("grade 7", "7"); the first link when none does.
fn grade_link(doc: &Document, grade: &Grade) -> Option<usize> {
    let in_sentence = |i: &usize| {
        let l = &doc.links[*i];
        l.kind != LinkKind::Image && grade.sentence.contains(&l.span.start)
    };
    (0..doc.links.len())
        .filter(in_sentence)
        .find(|&i| GRADE_WORDS.is_match(&doc.links[i].text))
        .or(grade.link)
}

impl Rule for GradeLink {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for level in &ctx.family.levels {
            let Some(grade) = &level.grade else {
                continue;
            };
            let Some(number_span) = grade.number_span.clone().filter(|_| grade.number.is_some())
            else {
                continue;
            };
            let Some(index) = grade_link(doc, grade) else {
                out.push(
                    Diagnostic::new(
                        RuleCode::GradeLink,
                        number_span,
                        format!("the grade of `{}` is not linked", level.name),
                    )
                    .with_help(format!("link the grade to `{TARGET}`")),
                );
                continue;
            };
            let link = &doc.links[index];
            let url = link.url.trim();
            // Hugo refs name the page by path: the calculator and the anchor suffice.
            if CALCULATOR.is_match(url) {
                continue;
            }
            let span = link.url_span.clone().unwrap_or(link.span.clone());
            let message = if url.is_empty() {
                format!("the grade link of `{}` has no destination", level.name)
            } else {
                format!(
                    "the grade of `{}` links to `{url}`, not to the job-grade table",
                    level.name
                )
            };
            let mut d = Diagnostic::new(RuleCode::GradeLink, span, message)
                .with_help(format!("link the grade to `{TARGET}`"));
            // Meant for the calculator but off target: the replacement is clear.
            if let Some(url_span) = &link.url_span
                && url.contains("compensation-calculator")
            {
                d = d.with_fix(Fix::unsafe_edit(url_span.clone(), TARGET));
            }
            out.push(d);
        }
    }
}
