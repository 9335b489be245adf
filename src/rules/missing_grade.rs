use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that every level of a job family has a Job Grade section that states
/// a grade number, with one finding per level at the level's heading (at its
/// Job Grade heading when that section states no number). A page for a single
/// role (no levels, such as `Chief Widget Officer`) is one level: its finding
/// is at the page's title.
///
/// Applies to every level the job-family model finds: levels under a `Levels`
/// heading, role blocks with their own Job Grade, and single-role pages under
/// `content/job-families/` or with `layout: job_family_page` (also an empty
/// page with that layout: a role with nothing stated), and a leadership role
/// (Director, VP, Head, Chief) filed under Specialties with Responsibilities
/// and Requirements of its own: a specialty only adds to a level, so such a
/// role is a level that needs a grade. A grade stated
/// in a paragraph of the level without a Job Grade heading ("The Widget
/// Analyst is a grade 6.") counts, and so does a grade stated once in a
/// `## Job Grade` before the page's only level. Not checked: redirect stubs, indexes and
/// matrices (pages without a role's sections), and pages of several roles
/// whose levels the model cannot find (several Job Grade headings at the
/// depth of the roles, or grades given only in a table); a grade in a table
/// is not read.
///
/// ## Why is this bad?
/// Compensation, levelling and hiring all read the grade; a level without one
/// cannot be filled or paid.
///
/// ## Example
/// ```markdown
/// ### Senior Backend Engineer
///
/// #### Senior Backend Engineer Responsibilities
/// ```
/// The level has responsibilities but no `Job Grade` section. Add one:
/// ```markdown
/// #### Senior Backend Engineer Job Grade
///
/// The Senior Backend Engineer is a [grade 7](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).
/// ```
pub struct MissingGrade;

impl MissingGrade {
    pub fn new(_: &RuleData) -> Self {
        MissingGrade
    }
}

impl Rule for MissingGrade {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for level in &ctx.family.levels {
            let has_number = level.grade.as_ref().is_some_and(|g| g.number.is_some());
            if has_number {
                continue;
            }
            let (span, message, help) = match (level.grade_heading, level.heading) {
                (Some(g), _) => (
                    doc.headings[g].text_span.clone(),
                    format!(
                        "the Job Grade section of `{}` states no grade number",
                        level.name
                    ),
                    format!("state the grade: \"The {} is a grade N.\"", level.name),
                ),
                (None, Some(h)) => (
                    doc.headings[h].text_span.clone(),
                    format!("level `{}` has no job grade", level.name),
                    format!(
                        "add a \"Job Grade\" section: \"The {} is a grade N.\"",
                        level.name
                    ),
                ),
                // A single-role page: the page's title names the role.
                (None, None) => (
                    doc.title_span(),
                    format!("job family `{}` has no job grade", level.name),
                    format!(
                        "add a `## Job Grade` section: \"The {} is a grade N.\"",
                        level.name
                    ),
                ),
            };
            out.push(Diagnostic::new(RuleCode::MissingGrade, span, message).with_help(help));
        }
    }
}
