use crate::diagnostic::Diagnostic;
use crate::job_family::{Level, RANK_WORDS, role_key};
use crate::registry::{Context, Rule, RuleCode};
use crate::rule_data::RuleData;

/// ## What it does
/// Checks that job grades do not fall as a job family's levels go down the
/// page. Levels are listed from the most junior up, so within one list (the
/// levels under the same heading), one track (individual contributors, or
/// people managers: Manager, Director, VP, Head, Chief, Officer) and one role
/// (the title without its rank: `Senior Data Analyst` and `Staff Data
/// Analyst` are both data analysts), each level's grade is at least the grade
/// of the level above it.
///
/// ## Why is this bad?
/// A grade lower than the level before it is almost always a copy-paste slip
/// (`Staff` left at the `Senior` grade) or levels listed out of order; either
/// way the page pays or ranks a role wrongly.
///
/// ## Example
/// ```markdown
/// ### Senior Data Analyst
///
/// The Senior Data Analyst is a grade 8.
///
/// ### Staff Data Analyst
///
/// The Staff Data Analyst is a grade 7.
/// ```
/// The grades are swapped: the Senior Data Analyst is a grade 7, the Staff
/// Data Analyst a grade 8.
pub struct GradeOrder;

impl GradeOrder {
    pub fn new(_: &RuleData) -> Self {
        GradeOrder
    }
}

/// The ladder a level belongs to: grades rise along each ladder separately.
/// A ladder is a career track (a Manager is often graded below the Principal
/// listed before) and a role: its name without ranks (`Senior Data Analyst`
/// and `Staff Data Analyst` climb the `data analyst` ladder; a page may list
/// an evangelist ladder, then an associate-to-manager one).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ladder {
    track: Track,
    role: Vec<String>,
}

impl Ladder {
    fn of(name: &str) -> Ladder {
        let mut role: Vec<String> = role_key(name)
            .into_iter()
            // `Group Manager, Product` is a rank on a ladder; elsewhere "group"
            // is part of a name ("People Group"), so the shared list lacks it.
            .filter(|w| !RANK_WORDS.contains(&w.as_str()) && w != "group")
            .collect();
        role.sort();
        role.dedup();
        Ladder {
            track: track(name),
            role,
        }
    }
}

/// The career track of a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Track {
    IndividualContributor,
    Management,
}

/// Words that make a title a people-management one wherever they appear.
const LEADERSHIP: &[&str] = &["director", "president", "head", "chief", "officer"];
/// Words that may come before `Manager` in a people manager's title
/// (`Senior Manager, Tax`, `Group Manager, Product`).
const BEFORE_MANAGER: &[&str] = &["associate", "senior", "group", "general"];

fn track(name: &str) -> Track {
    let words = role_key(name);
    let leads = words.iter().any(|w| LEADERSHIP.contains(&w.as_str()));
    // `Manager, Tax` and `Senior Manager, Tax`, but not `Senior Product Manager`.
    let manager_first = words
        .iter()
        .position(|w| w == "manager" || w == "managers")
        .is_some_and(|i| {
            words[..i]
                .iter()
                .all(|w| BEFORE_MANAGER.contains(&w.as_str()))
        });
    // `Backend Engineering Manager`.
    let engineering_manager = words
        .windows(2)
        .any(|pair| pair[0] == "engineering" && pair[1] == "manager");
    if leads || manager_first || engineering_manager {
        Track::Management
    } else {
        Track::IndividualContributor
    }
}

impl Rule for GradeOrder {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let levels = &ctx.family.levels;
        for (i, level) in levels.iter().enumerate() {
            let Some(grade) = number(level) else {
                continue;
            };
            let ladder = Ladder::of(&level.name);
            // The nearest level above in the same list and ladder with a grade.
            let previous = levels[..i].iter().rev().find(|p| {
                p.parent == level.parent && number(p).is_some() && Ladder::of(&p.name) == ladder
            });
            let Some(previous) = previous else {
                continue;
            };
            let Some(previous_grade) = number(previous) else {
                continue;
            };
            if grade >= previous_grade {
                continue;
            }
            let span = level
                .grade
                .as_ref()
                .and_then(|g| g.number_span.clone())
                .or_else(|| level.heading.map(|h| doc.headings[h].text_span.clone()));
            let Some(span) = span else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    RuleCode::GradeOrder,
                    span,
                    format!(
                        "level `{}` is a grade {grade}, lower than the grade {previous_grade} of `{}` above it",
                        level.name, previous.name
                    ),
                )
                .with_help(format!(
                    "check both grades, or list `{}` before `{}`",
                    level.name, previous.name
                )),
            );
        }
    }
}

fn number(level: &Level) -> Option<u32> {
    level.grade.as_ref().and_then(|g| g.number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::check_page;

    fn check(text: &str) -> Vec<String> {
        let (_, out) = check_page(&GradeOrder, "content/job-families/x/y.md", text);
        out.into_iter().map(|d| d.message).collect()
    }

    fn level(name: &str, grade: u32) -> String {
        format!("### {name}\n\n#### Job Grade\n\nThe {name} is a grade {grade}.\n\n")
    }

    #[test]
    fn tracks() {
        assert_eq!(track("Senior Manager, Security"), Track::Management);
        assert_eq!(track("Group Manager, Product (GMP)"), Track::Management);
        assert_eq!(track("Backend Engineering Manager"), Track::Management);
        assert_eq!(track("VP of Security"), Track::Management);
        assert_eq!(
            track("Senior Product Manager"),
            Track::IndividualContributor
        );
        assert_eq!(
            track("Staff Backend Engineer"),
            Track::IndividualContributor
        );
    }

    #[test]
    fn falling_grade_in_a_track_is_reported() {
        let page = format!(
            "## Levels\n\n{}{}{}{}{}",
            level("Senior Data Analyst", 8),
            level("Staff Data Analyst", 7),
            level("Manager, Data", 8),
            level("Senior Manager, Data", 9),
            level("Principal Data Analyst", 9),
        );
        let found = check(&page);
        assert_eq!(
            found,
            [
                "level `Staff Data Analyst` is a grade 7, lower than the grade 8 of `Senior Data Analyst` above it"
            ]
        );
    }

    #[test]
    fn ladders_are_compared_apart() {
        let page = format!(
            "## Levels\n\n{}{}{}{}{}",
            level("Community Evangelist", 6),
            level("Senior Community Evangelist", 7),
            level("Community Associate", 5),
            level("Manager, Community Programs", 8),
            level("Director, Community Programs", 10),
        );
        assert!(check(&page).is_empty());
        assert_eq!(
            Ladder::of("Vice President (VP) of Security"),
            Ladder::of("Senior Manager, Security")
        );
    }

    #[test]
    fn tracks_and_lists_are_compared_apart() {
        let page = format!(
            "## Engineers\n\n{}{}{}## Managers\n\n{}{}",
            level("Senior Engineer", 7),
            level("Principal Engineer", 9),
            level("Engineering Manager", 8),
            level("Senior Engineer", 7),
            level("Staff Engineer", 8),
        );
        assert!(check(&page).is_empty());
    }
}
