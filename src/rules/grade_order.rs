use crate::model::job_family::{Level, RANK_WORDS, role_key};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that job grades rise as a job family's levels go down the page.
/// Levels are listed from the most junior up, so within one list (the levels
/// under the same heading), one track and one role (the title without its
/// rank: `Senior Data Analyst` and `Staff Data Analyst` are both data
/// analysts), each level's grade is above the grade of the level before it.
/// Reported at the later level's grade number, naming both levels: a grade
/// lower than the one before, or the same grade one rank up (`Senior 8`,
/// `Staff 8`). The tracks are told from the rank words of the title:
/// individual contributors, people managers (Manager, Director, Head) and
/// executives (Vice President, Chief, Officer), so a manager track that starts
/// again below the individual contributors listed before it is not reported.
/// A chief officer (`Chief Technology Officer`) is compared with the last
/// vice president listed before it anywhere on the page, whatever either
/// leads: it is graded above them (a `Chief of Staff` is no chief officer).
///
/// Applies to job families with two or more graded levels (levels under a
/// `Levels` heading or role blocks). Not caught: grades given only in a table,
/// levels of different roles on one page (compared only within one role), and
/// two levels of the same rank written for two specialties.
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
pub(crate) enum Track {
    IndividualContributor,
    Management,
    /// Vice presidents and chief officers.
    Executive,
}

/// Words that make a title a people-management one wherever they appear.
const LEADERSHIP: &[&str] = &["director", "head"];
/// Words that make a title an executive one wherever they appear.
const EXECUTIVE: &[&str] = &["president", "chief", "officer"];
/// Words that may come before `Manager` in a people manager's title
/// (`Senior Manager, Tax`, `Group Manager, Product`).
const BEFORE_MANAGER: &[&str] = &["associate", "senior", "group", "general"];

pub(crate) fn track(name: &str) -> Track {
    let words = role_key(name);
    if words.iter().any(|w| EXECUTIVE.contains(&w.as_str())) {
        return Track::Executive;
    }
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

/// The words of a title that place it on its ladder (`senior`, `staff`,
/// `manager`, `group`, …), sorted: two levels with the same ranks are the
/// same level written for two specialties.
fn ranks(name: &str) -> Vec<String> {
    let mut ranks: Vec<String> = role_key(name)
        .into_iter()
        .filter(|w| RANK_WORDS.contains(&w.as_str()) || w == "group")
        .collect();
    ranks.sort();
    ranks.dedup();
    ranks
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
            // A chief officer sits above every vice president of the page,
            // whatever they lead and wherever the page lists them.
            let previous = if is_chief_officer(&level.name) {
                levels[..i]
                    .iter()
                    .rev()
                    .find(|p| number(p).is_some() && is_vice_president(&p.name))
            } else {
                levels[..i].iter().rev().find(|p| {
                    p.parent == level.parent && number(p).is_some() && Ladder::of(&p.name) == ladder
                })
            };
            let Some(previous) = previous else {
                continue;
            };
            let Some(previous_grade) = number(previous) else {
                continue;
            };
            let (message, help) = if grade < previous_grade {
                (
                    format!(
                        "level `{}` is a grade {grade}, lower than the grade {previous_grade} of `{}` above it",
                        level.name, previous.name
                    ),
                    format!(
                        "check both grades, or list `{}` before `{}`",
                        level.name, previous.name
                    ),
                )
            } else if grade == previous_grade && ranks(&level.name) != ranks(&previous.name) {
                (
                    format!(
                        "level `{}` has the same grade {grade} as `{}` above it, one step down its track",
                        level.name, previous.name
                    ),
                    format!(
                        "check both grades: `{}` is usually one grade above `{}`",
                        level.name, previous.name
                    ),
                )
            } else {
                continue;
            };
            let span = level
                .grade
                .as_ref()
                .and_then(|g| g.number_span.clone())
                .or_else(|| level.heading.map(|h| doc.headings[h].text_span.clone()));
            let Some(span) = span else {
                continue;
            };
            out.push(Diagnostic::new(RuleCode::GradeOrder, span, message).with_help(help));
        }
    }
}

/// `Chief Technology Officer`, not `Chief of Staff` (often graded below the
/// vice presidents it works for).
fn is_chief_officer(name: &str) -> bool {
    let words = role_key(name);
    words.iter().any(|w| w == "chief") && words.iter().any(|w| w == "officer")
}

/// `VP of Engineering`, `Senior Vice President, Sales`; not an `Area Vice
/// President`, a sales rank below the vice presidents.
fn is_vice_president(name: &str) -> bool {
    let words = role_key(name);
    words
        .windows(2)
        .enumerate()
        .any(|(i, pair)| pair == ["vice", "president"] && (i == 0 || words[i - 1] == "senior"))
}

fn number(level: &Level) -> Option<u32> {
    level.grade.as_ref().and_then(|g| g.number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

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
    fn equal_grades_one_step_apart_are_reported() {
        let page = format!(
            "## Levels\n\n{}{}{}{}",
            level("Senior Widget Engineer", 8),
            level("Staff Widget Engineer", 8),
            level("Manager, Widget Engineering", 8),
            level("Director, Widget Engineering", 10),
        );
        assert_eq!(
            check(&page),
            [
                "level `Staff Widget Engineer` has the same grade 8 as `Senior Widget Engineer` above it, one step down its track"
            ]
        );
        // The same rank written for a specialty is the same level.
        assert_eq!(
            ranks("Senior Manager, Widgets (EMEA)"),
            ranks("Senior Manager, Widgets")
        );
        assert_ne!(
            ranks("Group Manager, Widgets"),
            ranks("Senior Manager, Widgets")
        );
    }

    #[test]
    fn executives_are_a_track_of_their_own() {
        assert_eq!(track("VP of Security"), Track::Executive);
        assert_eq!(track("Chief Widget Officer"), Track::Executive);
        assert_eq!(track("Senior Director, Security"), Track::Management);
        // A manager track starting again below the IC track above is no slip.
        let page = format!(
            "## Levels\n\n{}{}{}{}",
            level("Principal Widget Engineer", 9),
            level("Manager, Widget Engineering", 8),
            level("Director, Widget Engineering", 10),
            level("VP of Widget Engineering", 12),
        );
        assert!(check(&page).is_empty());
    }

    #[test]
    fn a_chief_officer_is_graded_above_the_vice_presidents() {
        let page = format!(
            "## Levels\n\n{}{}## Hiring Process\n\n- Screening\n\n{}",
            level("Director, Widget Engineering", 10),
            level("VP of Widget Engineering", 12),
            level("Chief Widget Officer", 12),
        );
        assert_eq!(
            check(&page),
            [
                "level `Chief Widget Officer` has the same grade 12 as `VP of Widget Engineering` above it, one step down its track"
            ]
        );
        let page = format!(
            "## Levels\n\n{}{}{}",
            level("VP of Widget Engineering", 12),
            level("Chief of Staff to the VP", 10),
            level("Chief Widget Officer", 14),
        );
        assert!(check(&page).is_empty());
        assert!(!is_vice_president("Area Vice President, Widgets"));
        assert!(is_vice_president("Senior Vice President, Widgets"));
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
            Ladder::of("VP, Security")
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
