use std::ops::Range;

use crate::model::distance::edit_distance_str;
use crate::model::document::{Block, Document};
use crate::model::job_family::{Level, is_rank, role_key};
use crate::model::sections::split_section_suffix;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::registry::{Context, Rule, RuleCode};

mod copied_text;
mod extends;
mod specialties;
mod written_form;

/// ## What it does
/// Checks that a level's grade sentence ("The … is a grade N") and its
/// sections (`#### … Responsibilities`) name the level's own role. Names are
/// compared without case, punctuation, parentheses (`(Intermediate)`), `of`,
/// and with `Sr.` read as `Senior`, `VP` as `Vice President`, `&` as `and` and
/// an acronym (`CSM`, `(GMP)`) as the words it stands for. A section may name
/// a specialty that extends the level's name
/// (`Director, Security Assurance Responsibilities` under `Director, Security`)
/// or a specialty heading inside the level (`#### US Payroll Requirements`
/// after `### US Payroll` under `## Manager, Payroll`); the grade sentence may
/// not. A name that adds or drops a rank (`Senior`, `Manager`) names another
/// level. A name that differs only in word order
/// (`Senior Security Manager` for `Senior Manager, Security`), that leaves out
/// or adds words other than ranks, or that misspells a word is reported as
/// information, and so is a grade sentence that joins the same words
/// otherwise (`Director, Widgets` for `Director of Widgets`, `Director
/// Widget Partners` for `Director, Widget Partners`). `Intermediate` added or
/// left out is no difference: the handbook names its intermediate levels
/// both ways.
///
/// It checks the level a level extends ("Extends that of the Senior Widget
/// Engineer", "Extends the Widget Engineer requirements"): a name that is no
/// level of the page but a misspelling of exactly one
/// (`Widget Program Manager` for `Widget Programs Manager`) is reported as
/// information, with the level meant; a level of the same role and track
/// listed before the level below (`Senior` extending `Associate` while the
/// intermediate level sits between them) is reported with the level below.
/// A name unlike every level (another family's role), a shortened name, and
/// a manager extending an individual contributor's level are not reported.
/// And a hiring process inside a level written for another rank
/// ("Candidates for the director positions" under `VP of Widgets`) is
/// reported at the rank. Under a specialty heading inside a level
/// (`##### Gadgets` of `Director of Widgets`), text that names the level
/// with another specialty beside it ("The Director of Widgets, Gizmos is
/// the DRI for …") is reported at that name.
///
/// It also reports text copied from another level of the same role: under
/// `Staff Widget Engineer`, a sentence opening "As a Senior Widget Engineer,
/// you …", or a reporting line whose subject is another level ("The Senior
/// Widget Engineer reports to …"), at the words that name it. The role named
/// must be the level's role with another rank (the same words once `Senior`,
/// `Staff`, `Manager`, … are set aside). Not reported: a role in any other
/// place in the sentence ("Extends the Senior Widget Engineer
/// responsibilities", "reports to the Senior Manager", "Mentor the Widget
/// Analyst"), a reporting line about the level's own reports ("Widget
/// Analysts report to the Senior Widget Analyst"), other roles
/// (collaborators, other families), and the Career Ladder and Hiring Process
/// sections, which speak of other levels by design.
///
/// It applies to job families, to levels with a heading of their own (not
/// the one role of a single-role page) and a name that is more than a rank
/// (the "Extends" check also reads rank-only levels). It does not catch
/// other copied sentences ("The Senior Widget Engineer owns …" under Staff),
/// a copied name from another role of the page that differs in more than
/// rank, a level named differently in running prose ("a Senior Security
/// Manager may be appointed"), section headings that join the level's words
/// otherwise, nor a
/// hiring process written at a level's depth (outside the level, which
/// `heading-level` reports).
///
/// ## Why is this bad?
/// Levels are copied from one another; a grade sentence or section that still
/// names the level it was copied from gives the level another role's grade or
/// duties, and readers cannot tell which one is meant.
///
/// ## Example
/// ```markdown
/// ### Director, Security
///
/// #### Director, Security Job Grade
///
/// The Director, Security Assurance is a grade 10.
/// ```
/// Use instead:
/// ```markdown
/// The Director, Security is a grade 10.
/// ```
pub struct LevelNameMismatch;

impl LevelNameMismatch {
    pub fn new(_: &RuleData) -> Self {
        LevelNameMismatch
    }
}

/// How a name written in a level compares with the level's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Same,
    /// The level's name followed by more words that are not a rank: a
    /// specialty (`Director, Security Assurance` for `Director, Security`).
    Extended,
    /// The level's name with more words, not a rank, inserted into it: most
    /// often its full form (`Senior Professional Services Practice Engineer`
    /// for `Senior Practice Engineer`), sometimes a specialty.
    Longer,
    /// The level's name with words left out, none of them a rank
    /// (`IT Compliance` for `IT Compliance Engineer`).
    Shorter,
    /// The same words in another order.
    WordOrder,
    /// The same words, some of them misspelled.
    Spelling,
    /// The same words joined otherwise: `of` or a comma added or left out
    /// (grade sentences only).
    Written,
    Different,
}

impl Match {
    /// What a soft difference is called in a message.
    fn describe(self) -> &'static str {
        match self {
            Match::Shorter => "shortened",
            Match::Longer => "longer",
            Match::WordOrder => "other word order",
            Match::Spelling => "spelled differently",
            Match::Written => "written differently",
            Match::Same | Match::Extended | Match::Different => "",
        }
    }
}

/// Subjects of a grade sentence that name no role ("This role is a grade 6").
const NO_ROLE: &[&str] = &[
    "this",
    "that",
    "role",
    "roles",
    "position",
    "positions",
    "level",
    "job",
    "it",
    "they",
];

impl Rule for LevelNameMismatch {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let levels: Vec<&Level> = ctx
            .family
            .levels
            .iter()
            .filter(|l| l.heading.is_some())
            .collect();
        for (n, level) in levels.iter().enumerate() {
            extends::check(doc, &levels, n, out);
            // A level whose own heading is missing is named by its misplaced
            // `… Job Grade` heading.
            let name = split_section_suffix(&level.name)
                .map(|(role, _)| role)
                .filter(|role| !role.is_empty())
                .unwrap_or(&level.name);
            let key = role_key(name);
            // A level named by its rank alone (`### Senior`) takes the rest of
            // its name from the page.
            if key.iter().all(|w| is_rank(w)) {
                continue;
            }
            check_grade(level, name, &key, out);
            check_sections(doc, level, name, &key, out);
            copied_text::check(doc, level, name, &key, out);
            specialties::check(doc, level, name, out);
        }
    }
}

fn check_grade(level: &Level, name: &str, key: &[String], out: &mut Vec<Diagnostic>) {
    let Some((role, span)) = level.grade.as_ref().and_then(|g| g.role.as_ref()) else {
        return;
    };
    let words = role_key(role);
    if words.iter().all(|w| NO_ROLE.contains(&w.as_str())) {
        return;
    }
    let mut found = compare(name, key, role, &words);
    // The same words (no acronym read out) joined otherwise.
    if found == Match::Same && words == key && !written_form::same(name, role) {
        found = Match::Written;
    }
    let message = match found {
        Match::Same => return,
        Match::Extended | Match::Different => {
            format!("grade sentence of level `{name}` names `{role}`")
        }
        soft => format!(
            "grade sentence of level `{name}` writes the role as `{role}` ({})",
            soft.describe()
        ),
    };
    let help = format!("name the level's role as its heading does: \"The {name} is a grade N\"");
    out.push(diagnostic(span.clone(), message, help, found));
}

fn check_sections(
    doc: &Document,
    level: &Level,
    name: &str,
    key: &[String],
    out: &mut Vec<Diagnostic>,
) {
    // One finding per role named: the sections of a level that lost its own
    // heading all name it.
    let mut found_roles: Vec<(Vec<String>, Diagnostic, usize)> = Vec::new();
    // Headings inside the level that name no section (`### US Payroll` under
    // `## Manager, Payroll`): specialties of the level, whose own sections
    // (`#### US Payroll Requirements`) are named after them.
    let specialties: Vec<Vec<String>> = level
        .subsections
        .iter()
        .map(|&i| doc.headings[i].text.as_str())
        .filter(|text| split_section_suffix(text).is_none())
        .map(role_key)
        .collect();
    for &i in &level.subsections {
        let heading = &doc.headings[i];
        let Some((role, _)) = split_section_suffix(&heading.text) else {
            continue;
        };
        let words = role_key(role);
        // `Additional Requirements`, `AMER Specific Requirements`: no role.
        let names_a_role =
            words.iter().any(|w| is_rank(w)) || words.iter().any(|w| key.contains(w));
        // `Manager and Senior Manager Performance Indicators`: several levels.
        let several =
            words.iter().all(|w| is_rank(w) || w == "and") && words.iter().any(|w| w == "and");
        // `Senior Responsibilities` under `Senior Engineer`: the rank alone.
        let rank_alone = words.iter().all(|w| is_rank(w) && key.contains(w));
        let specialty = !words.iter().any(|w| is_rank(w)) && specialties.contains(&words);
        if !names_a_role || several || rank_alone || specialty {
            continue;
        }
        if let Some(seen) = found_roles.iter_mut().find(|(k, _, _)| *k == words) {
            seen.2 += 1;
            continue;
        }
        let found = compare(name, key, role, &words);
        let (message, help) = match found {
            Match::Same | Match::Extended | Match::Longer => continue,
            Match::Different => (
                format!(
                    "section `{}` of level `{name}` names `{role}`",
                    heading.text
                ),
                format!(
                    "name the section after the level (`{name}`), or give `{role}` a level heading of its own"
                ),
            ),
            soft => (
                format!(
                    "section `{}` of level `{name}` writes the role as `{role}` ({})",
                    heading.text,
                    soft.describe()
                ),
                format!("name the level's role as its heading does: `{name}`"),
            ),
        };
        let source = &doc.text[heading.text_span.clone()];
        let span = source.find(role).map_or(heading.text_span.clone(), |at| {
            let start = heading.text_span.start + at;
            start..start + role.len()
        });
        found_roles.push((words, diagnostic(span, message, help, found), 0));
    }
    for (_, mut diagnostic, more) in found_roles {
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            diagnostic.message = format!("{} (and {more} more section{s})", diagnostic.message);
        }
        out.push(diagnostic);
    }
}

/// Where `role`, found in `block`'s text at `at`, stands in the page: the same
/// occurrence in the source (which may differ from the text in links and
/// emphasis, not in the role's words), else the whole paragraph.
fn role_span(doc: &Document, block: &Block, at: usize, role: &str) -> Range<usize> {
    let source = &doc.text[block.span.clone()];
    let nth = block.text[..at].matches(role).count();
    source
        .match_indices(role)
        .nth(nth)
        .map_or(block.span.clone(), |(start, _)| {
            block.span.start + start..block.span.start + start + role.len()
        })
}

fn diagnostic(span: Range<usize>, message: String, help: String, found: Match) -> Diagnostic {
    let diagnostic = Diagnostic::new(RuleCode::LevelNameMismatch, span, message).with_help(help);
    if matches!(
        found,
        Match::Longer | Match::Shorter | Match::WordOrder | Match::Spelling | Match::Written
    ) {
        diagnostic.with_severity(Severity::Info)
    } else {
        diagnostic
    }
}

/// Compares `other` (a name written in the level) with the level's `name`;
/// `level` and `words` are their keys. An acronym written in either name
/// (`CSM`, `(GMP)`) stands for the words whose initials it is, in both.
fn compare(name: &str, level: &[String], other_name: &str, words: &[String]) -> Match {
    let mut known = acronyms(name);
    known.extend(acronyms(other_name));
    let level = collapse(level, &known);
    let other = collapse(words, &known);
    if level == other {
        return Match::Same;
    }
    if let Some(extra) = difference(&level, &other) {
        return if extra.iter().any(|w| is_rank(w)) {
            Match::Different
        } else if other.starts_with(&level) {
            Match::Extended
        } else {
            Match::Longer
        };
    }
    if let Some(missing) = difference(&other, &level) {
        return if missing.iter().any(|w| is_rank(w)) {
            Match::Different
        } else {
            Match::Shorter
        };
    }
    let mut a = level.clone();
    let mut b = other.clone();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    if a == b {
        return Match::WordOrder;
    }
    if level.len() == other.len() && level.iter().zip(&other).all(|(x, y)| near(x, y)) {
        return Match::Spelling;
    }
    Match::Different
}

/// When `short` is `long` with words left out (in the same order), the
/// words left out.
fn difference<'a>(short: &[String], long: &'a [String]) -> Option<Vec<&'a String>> {
    if short.len() >= long.len() {
        return None;
    }
    let mut rest = short.iter().peekable();
    let mut extra = Vec::new();
    for word in long {
        if rest.peek() == Some(&word) {
            rest.next();
        } else {
            extra.push(word);
        }
    }
    rest.peek().is_none().then_some(extra)
}

/// Upper-case words of two to five letters: `CSM`, `IT`, `PMM`.
fn acronyms(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| (2..=5).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase()))
        .map(str::to_lowercase)
        .collect()
}

/// `words` with every run of words whose initials spell one of `acronyms`
/// replaced by the acronym.
fn collapse(words: &[String], acronyms: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        for acronym in acronyms {
            let n = acronym.len();
            if n > 1
                && i + n <= words.len()
                && words[i..i + n]
                    .iter()
                    .zip(acronym.chars())
                    .all(|(w, c)| w.starts_with(c))
            {
                out.push(acronym.clone());
                i += n;
                continue 'words;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// Equal, or a misspelling of each other: at most two edits apart, for words
/// long enough that this does not make them another word.
fn near(a: &str, b: &str) -> bool {
    a == b || (a.len().min(b.len()) >= 5 && edit_distance_str(a, b, 2).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn check(text: &str) -> Vec<(String, Option<Severity>)> {
        let (doc, out) = check_page(&LevelNameMismatch, "content/job-families/x/y.md", text);
        out.iter()
            .map(|d| (doc.text[d.span.clone()].to_string(), d.severity))
            .collect()
    }

    #[test]
    fn grade_sentence_naming_another_role() {
        let found = check(
            "## Levels\n\n### Director, Security\n\n#### Director, Security Job Grade\n\nThe Director, Security Assurance is a [grade 10](/x/).\n\n#### Director, Security Assurance Responsibilities\n\n- a\n",
        );
        assert_eq!(found, [("Director, Security Assurance".to_string(), None)]);
    }

    #[test]
    fn word_order_is_information() {
        let found = check(
            "## Levels\n\n### Senior Manager, Security\n\n#### Senior Manager, Security Job Grade\n\nThe Senior Security Manager is a grade 9.\n",
        );
        assert_eq!(
            found,
            [("Senior Security Manager".to_string(), Some(Severity::Info))]
        );
    }

    #[test]
    fn spelling_variants_match() {
        let found = check(
            "## Levels\n\n### Vice President (VP) of Security\n\n#### VP of Security Job Grade\n\nThe VP of Security is a grade 12.\n\n### Director of Product Management\n\n#### Director of Product Management - Job Grade\n\nThe Director of Product Management is a grade 10.\n\n### Backend Engineer (Intermediate)\n\n#### Job Grade\n\nThe Intermediate Backend Engineer is a grade 6.\n\n### Senior\n\n#### Job Grade\n\nThe Senior Backend Engineer is a grade 7.\n\n### Staff Engineer\n\n#### Job Grade\n\nThis role is a grade 8.\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn grade_sentence_written_differently_is_information() {
        let found = check(
            "## Levels\n\n### Director of Product Management\n\n#### Job Grade\n\nThe Director, Product Management is a grade 10.\n\n### Backend Engineer (Intermediate)\n\n#### Job Grade\n\nThe Backend Engineer is a grade 6.\n\n### Director, Widget Partners\n\n#### Job Grade\n\nThe Director Widget Partners is a grade 10.\n",
        );
        assert_eq!(
            found,
            [
                (
                    "Director, Product Management".to_string(),
                    Some(Severity::Info)
                ),
                ("Director Widget Partners".to_string(), Some(Severity::Info))
            ]
        );
    }

    #[test]
    fn section_naming_another_level() {
        let found = check(
            "## Levels\n\n### Senior Manager, Accounting\n\n#### Senior Manager, Accounting Job Grade\n\nThe Senior Manager, Accounting is a grade 9.\n\n#### Senior, Accounting Responsibilities\n\n- a\n\n#### Director, Accounting Requirements\n\n- b\n",
        );
        assert_eq!(
            found,
            [
                ("Senior, Accounting".to_string(), None),
                ("Director, Accounting".to_string(), None)
            ]
        );
    }

    #[test]
    fn sections_of_a_specialty_inside_the_level() {
        let found = check(
            "## Levels\n\n## Manager, Payroll\n\n### Manager, Payroll Job Grade\n\nThe Manager, Payroll is a grade 8.\n\n#### Specialties\n\n### US Payroll\n\n#### US Payroll Requirements\n\n- a\n\n#### EU Payroll Requirements\n\n- b\n\n### Director, Payroll Requirements\n\n- c\n",
        );
        assert_eq!(
            found,
            [
                ("EU Payroll".to_string(), None),
                ("Director, Payroll".to_string(), None)
            ]
        );
    }

    #[test]
    fn text_copied_from_another_level() {
        let found = check(
            "## Levels\n\n### Senior Widget Analyst\n\nThe Widget Analyst reports to the Manager. Widget Analysts report to the Senior Widget Analyst.\n\n#### Job Grade\n\nThe Senior Widget Analyst is a grade 7.\n\n#### Responsibilities\n\n- As a Staff Widget Analyst, you lead studies.\n- Extends the Widget Analyst responsibilities.\n- As a Product Manager, you would work with us.\n\n#### Career Ladder\n\nAs a Staff Widget Analyst, you would lead the roadmap.\n",
        );
        assert_eq!(
            found,
            [
                ("Widget Analyst".to_string(), None),
                ("Staff Widget Analyst".to_string(), None)
            ]
        );
    }

    #[test]
    fn comparisons() {
        let cmp =
            |level: &str, other: &str| compare(level, &role_key(level), other, &role_key(other));
        assert_eq!(
            cmp("Director, Security", "Director, Security Assurance"),
            Match::Extended
        );
        assert_eq!(
            cmp("Director, Security", "Senior Director, Security"),
            Match::Different
        );
        assert_eq!(cmp("Senior IT Engineer", "IT Engineer"), Match::Different);
        assert_eq!(
            cmp("IT Compliance Engineer", "IT Compliance"),
            Match::Shorter
        );
        assert_eq!(
            cmp(
                "Senior Practice Engineer",
                "Senior Professional Services Practice Engineer"
            ),
            Match::Longer
        );
        assert_eq!(
            cmp("Manager, Red Team", "Red Team Manager"),
            Match::WordOrder
        );
        assert_eq!(
            cmp(
                "Employment Solutions Partner",
                "Employment Solutions Parnter"
            ),
            Match::Spelling
        );
        assert_eq!(
            cmp("Director of Customer Success Management", "Director of CSM"),
            Match::Same
        );
        assert_eq!(
            cmp("Staff Customer Success Engineer", "Staff CSE"),
            Match::Same
        );
        assert_eq!(cmp("Analyst (Senior)", "Senior Analyst"), Match::WordOrder);
    }
}
