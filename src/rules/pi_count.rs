use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::BlockKind;
use crate::model::sections::normalized_heading;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Counts the items of the list in a Performance Indicators section and flags
/// fewer than three or more than five. Fewer is a warning, more is
/// information.
///
/// Applies to job-family pages: the family's own section and each level's
/// (`#### Senior Widget Engineer Performance Indicators`, or `### Performance
/// Indicators` under a level). A family section followed by a misplaced
/// sub-heading ("### Career Ladder" under "## Performance Indicators") is
/// still counted. An item that only points elsewhere ("All other indicators
/// can be found here") is not an indicator.
///
/// ## What it does not catch
/// Sections written as prose, split into sub-sections (per level or team) or
/// into several lists (one per role), and lists with nested items (groups of
/// indicators) are not counted, nor is a level's list that adds to another
/// level's ("Extends the Senior's indicators, plus:"): how many indicators
/// such a section holds is a matter of reading.
///
/// ## Why is this bad?
/// Three to five indicators, each linking to its definition, say clearly how
/// the role is measured. One vague indicator says little; a dozen dilute the
/// ones that matter.
///
/// ## Example
/// ```markdown
/// ## Performance Indicators
///
/// - TBD
/// ```
/// List three to five indicators, each linking to where it is defined:
/// ```markdown
/// ## Performance Indicators
///
/// - [Hiring actual vs. plan](/handbook/hiring/performance-indicators/#hiring-actual-vs-plan)
/// - [Team member retention](/handbook/people-group/people-success-performance-indicators/#team-member-retention)
/// - [Merge request rate](/handbook/engineering/performance-indicators/#mr-rate)
/// ```
pub struct PiCount;

/// "Performance Indicators", "Key Performance Indicators (KPIs)", "Support
/// Management Performance Indicators"…
static PI_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\w&,-]+ ){0,3}(?:key )?performance indicators?(?: \(k?pis?\))?$")
        .expect("valid regex")
});

/// Family sections that may sit, misplaced, under the indicators heading.
static FAMILY_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:career ladder|career path|hiring process|interview process|job grade|specialties|levels)\b")
        .expect("valid regex")
});

/// A level's indicators written as an addition to another level's.
static INHERITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:extends?|same as|in addition to|as well as the|plus the|all of the)\b")
        .expect("valid regex")
});

/// An item that points to indicators listed elsewhere.
static POINTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:can be found|are listed|are found)\b").expect("valid regex")
});

impl PiCount {
    pub fn new(_: &RuleData) -> Self {
        PiCount
    }
}

impl Rule for PiCount {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (doc, family) = (ctx.doc, ctx.family);
        let is_pi = |i: usize| PI_HEADING.is_match(&normalized_heading(&doc.headings[i].text));
        let pi_headings: Vec<usize> = (0..doc.headings.len()).filter(|&i| is_pi(i)).collect();
        for &i in &pi_headings {
            let heading = &doc.headings[i];
            // Inside another indicators section: that one is split up.
            if pi_headings
                .iter()
                .any(|&p| p < i && doc.section_end(p) > heading.span.start)
            {
                continue;
            }
            // The section's own text: up to the next heading of any level.
            let end = doc
                .headings
                .get(i + 1)
                .map_or(doc.text.len(), |h| h.span.start);
            // Split into sub-sections (per level, per team); a family section
            // written one level too deep ("### Career Ladder") does not split it.
            let split = doc.headings[i + 1..]
                .iter()
                .take_while(|h| h.span.start < doc.section_end(i))
                .any(|h| !FAMILY_SECTION.is_match(&h.text));
            if split {
                continue;
            }
            let body = heading.span.end..end;
            // A level's list that adds to another level's ("Extends the
            // Senior's indicators, plus:") is not the level's whole list.
            if family.level_at(heading.span.start).is_some()
                && INHERITS.is_match(&doc.text[body.clone()])
            {
                continue;
            }
            let lists = doc
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::List && body.contains(&b.span.start));
            let lists: Vec<_> = lists.collect();
            // One list per role or team: not one family's indicators.
            let [list] = lists[..] else {
                continue;
            };
            let items: Vec<_> = doc
                .items
                .iter()
                .filter(|s| list.span.contains(&s.start))
                .collect();
            // "All other indicators can be found here": a pointer, not an indicator.
            let count = items
                .iter()
                .filter(|s| !POINTER.is_match(&doc.text[(**s).clone()]))
                .count();
            // Nested items: groups of indicators, or indicators with details.
            let nested = items.windows(2).any(|w| w[0].contains(&w[1].start));
            if nested || (3..=5).contains(&count) {
                continue;
            }
            let mut d = Diagnostic::new(
                RuleCode::PiCount,
                heading.text_span.clone(),
                format!(
                    "`{}` lists {count} indicator{}; three to five expected",
                    heading.text,
                    if count == 1 { "" } else { "s" }
                ),
            )
            .with_help(if count < 3 {
                "list three to five performance indicators, each linking to its definition"
            } else {
                "keep the three to five indicators that matter most"
            });
            if count > 5 {
                d = d.with_severity(Severity::Info);
            }
            out.push(d);
        }
    }
}
