use std::sync::LazyLock;

use regex::Regex;

use crate::language::phrases::run_range;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags a required number of years of experience ("5+ years of experience",
/// "three years' experience"). At grades 4 and 5 it is an error; elsewhere it is
/// reported as information, to be kept only where truly needed.
///
/// The years need not be followed by "experience": "6+ years of team
/// management", "at least 2 years in a partner role", "4 or more years
/// managing a team", "Past experience (3 to 5 years) as …", "2-3 of those
/// years supporting …" and "10+ experience in …" are reported too. A number of
/// years counts when a quantifier (`+`, "or more", "at least", "a minimum
/// of", a range) marks it as a requirement, or when "of", "in", "as" or a verb
/// in -ing follows it.
///
/// Applies to job-family pages, in every part of the page (family-wide text,
/// levels, specialties).
///
/// ## What it does not catch
/// - Time windows and durations: "over the past 5 years", "within the last 5
///   years", "a 3-5 year vision", "10 years old" are left alone, as is
///   schooling ("2 years of law school").
/// - A plain number of years with no quantifier and nothing after it ("for
///   two years."), which reads as a duration as often as a requirement.
/// - Years written only in words that name a seniority ("a decade of
///   experience", "many years").
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

/// A number of years asked for without the word "experience": "6+ years of
/// team management", "at least 2 years in a business partner role", "(3 to 5
/// years)", "2-3 of those years supporting …". Kept only when a quantifier
/// (`+`, "or more", "at least", a range) or what follows ("of", "in", "as", a
/// verb in -ing) makes it a requirement; see `asks_for_years`.
static BARE_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(at\s+least|a\s+minimum\s+of|minimum\s+of|more\s+than)\s+)?(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)(\s*(?:\+|plus\b))?(\s*(?:-|–|to)\s*\d{1,2}\s*\+?)?(\s+or\s+more)?(\s+of\s+(?:those|these|which))?\s+years?\b",
    )
    .expect("valid regex")
});

/// "10+ experience in …": a number with `+` directly before "experience".
static PLUS_EXPERIENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}\s*\+\s+(?:[\w/&-]+\s+){0,2}?(?:experience|expertise)\b")
        .expect("valid regex")
});

/// Words before the number that make it a time window, not a requirement
/// ("within the last 5 years", "over the next 3 years").
const WINDOW_WORDS: &[&str] = &["last", "past", "next", "first", "every", "each", "within"];

/// Words after "years" that make it a duration or an age, not experience.
const NOT_EXPERIENCE: &[&str] = &[
    "ago", "old", "later", "from", "time", "horizon", "vision", "roadmap", "plan", "plans",
    "strategy", "period", "out", "earlier", "before", "after", "since", "until", "now",
];

/// Words after "years of" that make it study, not experience ("2 years of law school").
const STUDY_WORDS: &[&str] = &[
    "school",
    "college",
    "university",
    "degree",
    "study",
    "studies",
];

/// Whether a `BARE_YEARS` match asks for experience: a quantifier says so; a
/// plain "5 years" must be followed by "of", "in", "as", "combined" or a verb
/// in -ing ("2 years managing applications"); "year" alone only by "of".
fn asks_for_years(text: &str, m: &regex::Captures<'_>) -> bool {
    let whole = m.get(0).expect("match");
    // The word before the number, past an article: "the last 5 years".
    let before = text[..whole.start()]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .find(|w| !w.eq_ignore_ascii_case("the"))
        .unwrap_or("")
        .to_ascii_lowercase();
    if WINDOW_WORDS.contains(&before.as_str()) {
        return false;
    }
    let after: Vec<String> = text[whole.end()..]
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .take(4)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let next = after.first().map(String::as_str).unwrap_or("");
    if NOT_EXPERIENCE.contains(&next) || after.iter().any(|w| STUDY_WORDS.contains(&w.as_str())) {
        return false;
    }
    let quantified = (1..=5).any(|i| m.get(i).is_some());
    let plural = whole.as_str().to_ascii_lowercase().ends_with('s');
    if !plural {
        return next == "of";
    }
    // "(3 to 5 years)" after "experience": the parenthesis closes the number.
    let closes = text[whole.end()..].starts_with(')');
    quantified
        || closes
        || matches!(next, "of" | "in" | "as" | "combined")
        || (next.len() > 4 && next.ends_with("ing"))
}

impl YearsOfExperience {
    pub fn new(_: &RuleData) -> Self {
        YearsOfExperience
    }
}

impl Rule for YearsOfExperience {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for run in &doc.prose {
            let mut found: Vec<std::ops::Range<usize>> =
                YEARS.find_iter(&run.text).map(|m| m.range()).collect();
            let extra: Vec<std::ops::Range<usize>> = BARE_YEARS
                .captures_iter(&run.text)
                .filter(|c| asks_for_years(&run.text, c))
                .map(|c| c.get(0).expect("match").range())
                .chain(PLUS_EXPERIENCE.find_iter(&run.text).map(|m| m.range()))
                .collect();
            for r in extra {
                if !found.iter().any(|f| f.start < r.end && r.start < f.end) {
                    found.push(r);
                }
            }
            found.sort_by_key(|r| r.start);
            for range in found {
                let text = &run.text[range.clone()];
                let Some(span) = run_range(doc, run, range.clone()) else {
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
                            text, level.name
                        ),
                        None => format!("`{}` asks for years of experience", text),
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
