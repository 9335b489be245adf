use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::language::phrases::run_range;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags a required number of years of experience ("5+ years of experience",
/// "three years' experience"), the expressions of
/// `rules/years-of-experience.yaml`. At grades 4 and 5 it is an error; elsewhere
/// it is reported as information, to be kept only where truly needed.
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
/// A team can add its own wording with a rule file that extends this rule
/// (`id: years-of-experience`, `extends: true`, `tokens: ["a decade of
/// experience"]` or `patterns:`); the grade decides the severity as above.
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
        let Some(rule) = ctx.rule_file(RuleCode::YearsOfExperience) else {
            return;
        };
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let mut reported: Vec<(Range<usize>, &str)> = Vec::new();
        for run in &doc.prose {
            // The rule file's expressions in their order, then the bare
            // numbers of years that ask for experience; a match that
            // overlaps an earlier one is left out.
            let mut found: Vec<Range<usize>> = Vec::new();
            let bare = BARE_YEARS
                .captures_iter(&run.text)
                .filter(|c| asks_for_years(&run.text, c))
                .filter_map(|c| c.get(0).map(|m| m.range()));
            let candidates = rule
                .spec
                .regexes
                .iter()
                .flat_map(|(re, _)| re.find_iter(&run.text).map(|m| m.range()))
                .chain(bare);
            for r in candidates {
                if !found.iter().any(|f| overlaps(f, &r)) {
                    found.push(r);
                }
            }
            found.sort_by_key(|r| r.start);
            for range in found {
                let text = &run.text[range.clone()];
                if rule.is_exception(text) {
                    continue;
                }
                if let Some(span) = run_range(doc, run, range) {
                    reported.push((span, text));
                }
            }
        }
        for hit in rule.kept_hits(ctx) {
            if !reported.iter().any(|(r, _)| overlaps(r, &hit.span)) {
                reported.push((hit.span.clone(), hit.text));
            }
        }
        for (span, text) in reported {
            let grade = ctx
                .family
                .levels
                .iter()
                .find(|l| l.extent.contains(&span.start))
                .and_then(|l| l.grade.as_ref().and_then(|g| g.number).map(|n| (l, n)));
            let at_level = match grade {
                Some((level, n)) => format!(" at grade {n} (`{}`)", level.name),
                None => String::new(),
            };
            let mut d = rule.diagnostic(span, text, None, None);
            d.message = d.message.replace("{at-level}", &at_level);
            if !matches!(grade, Some((_, 4 | 5))) {
                d = d.with_severity(Severity::Info);
            }
            out.push(d);
        }
    }
}
