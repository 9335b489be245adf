use std::collections::BTreeMap;

use crate::rule_data::{GradeTable, RuleData};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};
use crate::rules::site_levels::{SiteDiagnostic, SitePage, normalized_title};

/// ## What it does
/// Compares job grades across every job-family page of the run. It flags a
/// level title graded differently in different places (`Senior Analyst` is a
/// grade 7 on one page and a grade 8 on another, or twice on one page), and a
/// title whose grade is unusual for its rank: a title takes the rank of the
/// first entry of the grade table whose pattern it matches ("Senior
/// Director", "Staff", …) and is reported when its grade is not among that
/// rank's usual grades. Titles are compared without case, punctuation or
/// parenthesised asides ("(Intermediate)").
///
/// The grade table is `rules/grade-table.yaml`; the configuration's
/// `grade-table` key names a replacement file.
///
/// ## Why is this bad?
/// A title means one grade across the company; two grades for one title, or a
/// Director graded like a Manager, is usually a copy-and-paste slip that
/// misstates pay and level.
///
/// ## Example
/// ```markdown
/// ### Senior Manager, Widgets
///
/// #### Senior Manager, Widgets Job Grade
///
/// The Senior Manager, Widgets is a [grade 8](/handbook/total-rewards/compensation/compensation-calculator/#gitlab-job-grades).
/// ```
/// Senior Managers are grade 9; the grade sentence was copied from the
/// Manager level. State the level's own grade.
pub struct GradeConsistency {
    table: GradeTable,
}

impl GradeConsistency {
    pub fn new(data: &RuleData) -> Self {
        GradeConsistency {
            table: data.grade_table.clone(),
        }
    }
}

fn list(grades: &[u32]) -> String {
    let words: Vec<String> = grades.iter().map(u32::to_string).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl Rule for GradeConsistency {
    fn check(&self, _: &Context<'_>, _: &mut Vec<Diagnostic>) {}

    fn check_site(&self, pages: &[SitePage], out: &mut Vec<SiteDiagnostic>) {
        // Title -> every (page, level) that grades it, in path order.
        let mut by_title: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for (p, page) in pages.iter().enumerate() {
            for (l, level) in page.levels.iter().enumerate() {
                let title = normalized_title(&level.name);
                if !title.is_empty() {
                    by_title.entry(title).or_default().push((p, l));
                }
            }
        }
        for places in by_title.values() {
            let level = |&(p, l): &(usize, usize)| &pages[p].levels[l];
            let mut grades: Vec<u32> = places.iter().map(|at| level(at).grade).collect();
            grades.sort_unstable();
            grades.dedup();
            if grades.len() < 2 {
                continue;
            }
            for at in places {
                let this = level(at);
                // Name the first place that disagrees.
                let Some(other) = places.iter().find(|o| level(o).grade != this.grade) else {
                    continue;
                };
                let elsewhere = &pages[other.0];
                let where_ = if other.0 == at.0 {
                    format!("line {} of this page", level(other).line)
                } else {
                    format!("`{}`", elsewhere.display)
                };
                out.push(SiteDiagnostic {
                    rule: RuleCode::GradeConsistency,
                    page: at.0,
                    level: at.1,
                    severity: None,
                    message: format!(
                        "`{}` is grade {} here but grade {} on {where_}",
                        this.name,
                        this.grade,
                        level(other).grade
                    ),
                    help: Some(format!(
                        "give `{}` one grade everywhere (grades used: {})",
                        this.name,
                        list(&grades)
                    )),
                });
            }
        }
        for (p, page) in pages.iter().enumerate() {
            for (l, level) in page.levels.iter().enumerate() {
                let Some(rank) = self.table.rank_of(&level.name) else {
                    continue;
                };
                if rank.grades.is_empty() || rank.grades.contains(&level.grade) {
                    continue;
                }
                out.push(SiteDiagnostic {
                    rule: RuleCode::GradeConsistency,
                    page: p,
                    level: l,
                    severity: None,
                    message: format!(
                        "`{}` is grade {}, unusual for rank `{}` (usually grade {})",
                        level.name,
                        level.grade,
                        rank.rank,
                        list(&rank.grades)
                    ),
                    help: Some(
                        "check the grade against the level's rank, or extend the grade table"
                            .to_string(),
                    ),
                });
            }
        }
    }
}
