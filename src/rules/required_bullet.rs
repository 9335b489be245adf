use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use crate::model::document::{Block, BlockKind, Document};
use crate::model::job_family::{Level, Template, role_key};
use crate::model::placeholder::defers_content;
use crate::model::sections::{SectionKind, is_requirements_heading, normalized_heading};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that a job family's requirements include the bullet every role at
/// GitLab shares, "Ability to use GitLab". It belongs in the family's
/// Requirements section; when the family has none, in every level's
/// Requirements, with one finding per level that lacks it (at its
/// Requirements heading, or at the level's heading when the level has no
/// Requirements). Small wording changes ("Capability to use GitLab", "An
/// ability to use GitLab, or a readiness to learn it") count. Weaker wording
/// ("Willingness to learn and use GitLab", "You can learn to use GitLab
/// tools") does not: it is reported at the bullet, with the standard wording
/// as an unsafe fix. An empty Requirements section, or one that says "To be
/// defined", does not count either. A level whose requirements extend
/// another's ("Extends the Senior Widget Engineer requirements", "All of the
/// above requirements, plus:"), or whose lead says so for the whole level
/// ("The Senior Widget Analyst role extends the Widget Analyst role", "shares
/// the same requirements and responsibilities as the Widget Analyst, with the
/// addition of the following") has the bullet when that level has it, and the
/// finding goes to that level; requirements that extend a role this page does
/// not hold are taken as stated.
///
/// Applies to job families with levels, role blocks and single-role pages. A
/// page with no Requirements at all is left to `missing-section`; a
/// specialty's requirements add to a level's and are not checked on their
/// own; nice-to-haves never count; a level without Requirements whose text
/// puts them off ("would be defined at the time of business need") is not
/// reported. Not checked: redirect stubs, indexes,
/// matrices and pages of several roles whose levels the model cannot find. Not
/// caught: a bullet under a heading that is not named Requirements (such as
/// "About you") is not read, except that a level with no Requirements heading
/// passes when any of its paragraphs states or extends the bullet.
///
/// The bullet is the configuration's `required-bullet`.
///
/// ## Why is this bad?
/// Every team member works in GitLab; the shared requirement tells candidates
/// so, and leaving it out of one family makes that family look different from
/// the rest.
///
/// ## Example
/// ```markdown
/// ## Requirements
///
/// - Experience running production databases.
/// ```
/// Add the bullet:
/// ```markdown
/// ## Requirements
///
/// - Ability to use GitLab
/// - Experience running production databases.
/// ```
pub struct RequiredBullet {
    bullet: String,
    /// The bullet's words after the first (all of them for a bullet of one
    /// or two words), in order, case-insensitive, up to three words apart.
    pattern: Option<Regex>,
}

impl RequiredBullet {
    pub fn new(data: &RuleData) -> Self {
        let bullet = data
            .required_bullet
            .trim()
            .trim_end_matches('.')
            .to_string();
        let words: Vec<String> = bullet.split_whitespace().map(regex::escape).collect();
        let core = if words.len() >= 3 {
            &words[1..]
        } else {
            &words[..]
        };
        let pattern = (!core.is_empty())
            .then(|| {
                RegexBuilder::new(&format!(r"\b{}\b", core.join(r"\s+(?:\S+\s+){0,3}?")))
                    .case_insensitive(true)
                    .build()
                    .ok()
            })
            .flatten();
        RequiredBullet { bullet, pattern }
    }
}

/// Words that make a mention of GitLab weaker than the ability to use it
/// ("Willingness to learn and use GitLab", "You can learn how to use GitLab").
static WEAKENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:learn|learning|willing|willingness|ready|readiness)\b")
        .expect("valid regex")
});
/// A weakening word shortly before "GitLab".
static WEAK_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:learn|learning|willing|willingness|ready|readiness)\b(?:\W+\w+){0,4}?\W+gitlab\b",
    )
    .expect("valid regex")
});
/// Requirements that take over another level's, by name: "Extends the
/// Senior Widget Engineer requirements", "Extends that of the Analyst",
/// "Extends the requirements of Principal …".
static EXTENDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bex(?:t)?ends?\s+(?:that\s+of\s+)?(?:the\s+)?(?P<name>[^.:;(]+)")
        .expect("valid regex")
});
/// Requirements that take over the level above's, or a named one's: "All of
/// the above requirements and:", "meets all of the requirements of a Senior
/// …", "In addition to the requirements for a Senior …", "Same requirements
/// as the Senior Manager listed above".
static ALL_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:all\s+(?:of\s+)?the\s+(?P<above>above\s+|same\s+)?requirements(?P<after>\s+above|\s+of\s+the\s+previous\s+level)?|in\s+addition\s+to\s+(?:meeting\s+)?(?:all\s+of\s+)?the\s+(?P<above2>above\s+|same\s+)?requirements|(?P<same>same\s+(?:\w+\s+and\s+)?requirements(?:\s+and\s+responsibilities)?))(?:\s+(?:of|for|as)\s+(?:an?\s+|the\s+)?(?P<name>[^.:;(,]+))?",
    )
    .expect("valid regex")
});
/// Longest bullet read as a weaker form of the required one, in words.
const WEAK_BULLET_WORDS: usize = 16;

/// Whether a level's requirements hold the bullet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Stated,
    /// The requirements extend another level's (by index), or a role this
    /// page does not hold (`None`, taken as stated).
    Extends(Option<usize>),
    /// A weaker form of the bullet, in this paragraph.
    Weak(Range<usize>),
    /// Requirements sections without the bullet; the first one's heading.
    Missing(usize),
    /// No Requirements section at all.
    NoSection,
}

impl RequiredBullet {
    /// The bullet in its standard wording: a match with no weakening word
    /// before its end.
    fn states(&self, pattern: &Regex, text: &str) -> bool {
        pattern
            .find_iter(text)
            .any(|m| !WEAKENING.is_match(&text[..m.end()]))
    }

    fn weak(&self, text: &str) -> bool {
        text.split_whitespace().count() <= WEAK_BULLET_WORDS && WEAK_MENTION.is_match(text)
    }

    /// What the paragraphs of `sections` say about the bullet.
    fn status(
        &self,
        pattern: &Regex,
        doc: &Document,
        levels: &[&Level],
        this: Option<usize>,
        sections: &[usize],
    ) -> Status {
        let Some(&first) = sections.first() else {
            return Status::NoSection;
        };
        let paragraphs: Vec<&Block> = sections
            .iter()
            .flat_map(|&i| {
                let range = doc.headings[i].span.end..doc.section_end(i);
                doc.blocks.iter().filter(move |b| {
                    b.kind == BlockKind::Paragraph && range.contains(&b.span.start)
                })
            })
            .collect();
        if paragraphs.iter().any(|b| self.states(pattern, &b.text)) {
            return Status::Stated;
        }
        // A weaker wording is reported where it stands, even in requirements
        // that extend another level's ("All of the above requirements and:
        // … Be ready to learn how to use GitLab").
        if let Some(b) = paragraphs.iter().find(|b| self.weak(&b.text)) {
            return Status::Weak(b.span.clone());
        }
        // The level's lead may say it for all its sections ("shares the same
        // requirements and responsibilities as the Widget Analyst, with the
        // addition of the following").
        let lead = this.map(|n| {
            let level = levels[n];
            let end = level
                .subsections
                .first()
                .map_or(level.extent.end, |&h| doc.headings[h].span.start);
            level.extent.start..end
        });
        let lead_paragraphs = lead.iter().flat_map(|r| doc.paragraphs_in(r));
        if let Some(extended) = paragraphs
            .iter()
            .copied()
            .chain(lead_paragraphs)
            .find_map(|b| extends(&b.text))
        {
            let target = match extended {
                Extended::Previous => this.and_then(|i| i.checked_sub(1)),
                Extended::Named(name) => named_level(levels, &name),
            };
            return Status::Extends(target.filter(|&t| Some(t) != this));
        }
        Status::Missing(first)
    }

    /// Whether any paragraph of level `n` states the bullet or extends
    /// another level's requirements.
    fn level_states(&self, pattern: &Regex, doc: &Document, levels: &[&Level], n: usize) -> bool {
        let extent = &levels[n].extent;
        doc.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph && extent.contains(&b.span.start))
            .any(|b| self.states(pattern, &b.text) || extends(&b.text).is_some())
    }

    fn weak_finding(&self, doc: &Document, span: Range<usize>) -> Diagnostic {
        let source = &doc.text[span.clone()];
        let diagnostic = Diagnostic::new(
            RuleCode::RequiredBullet,
            span.clone(),
            format!(
                "`{}` is weaker than the required `{}`",
                source.trim(),
                self.bullet
            ),
        )
        .with_help(format!("write the bullet as \"{}\"", self.bullet));
        if source.contains('\n') {
            return diagnostic;
        }
        let stop = if source.trim_end().ends_with('.') {
            "."
        } else {
            ""
        };
        diagnostic.with_fix(Fix::unsafe_edit(span, format!("{}{stop}", self.bullet)))
    }

    fn missing_finding(&self, doc: &Document, heading: usize, whose: &str) -> Diagnostic {
        Diagnostic::new(
            RuleCode::RequiredBullet,
            doc.headings[heading].text_span.clone(),
            format!("requirements of {whose} do not include `{}`", self.bullet),
        )
        .with_help(format!(
            "add the bullet \"{}\" to the Requirements",
            self.bullet
        ))
    }
}

/// The level whose requirements a paragraph takes over.
#[derive(Debug, PartialEq, Eq)]
enum Extended {
    /// The level listed before.
    Previous,
    /// A role by name (which may be on another page).
    Named(String),
}

fn extends(text: &str) -> Option<Extended> {
    if let Some(caps) = ALL_OF.captures(text) {
        if let Some(name) = caps.name("name") {
            return Some(Extended::Named(role_name(name.as_str())));
        }
        let above = ["above", "after", "above2", "same"]
            .iter()
            .any(|g| caps.name(g).is_some());
        return above.then_some(Extended::Previous);
    }
    let name = EXTENDS.captures(text)?.name("name")?.as_str();
    let name = ["requirements of ", "responsibilities and requirements of "]
        .iter()
        .find_map(|p| strip_prefix_ignoring_case(name, p))
        .unwrap_or(name);
    Some(Extended::Named(role_name(name)))
}

/// The level a name stands for: the one of that name, else the only one
/// whose name starts with it (`Senior Manager` for `Senior Manager, Widgets`).
fn named_level(levels: &[&Level], name: &str) -> Option<usize> {
    let key = role_key(name);
    if key.is_empty() {
        return None;
    }
    let keys: Vec<Vec<String>> = levels.iter().map(|l| role_key(&l.name)).collect();
    if let Some(n) = keys.iter().position(|k| *k == key) {
        return Some(n);
    }
    let mut starting = keys.iter().enumerate().filter(|(_, k)| k.starts_with(&key));
    match (starting.next(), starting.next()) {
        (Some((n, _)), None) => Some(n),
        _ => None,
    }
}

/// A role's name out of "the Senior Analyst requirements with …": up to the
/// section word, without an article.
fn role_name(text: &str) -> String {
    let lower = text.to_lowercase();
    let end = [
        " requirements",
        " responsibilities",
        " role",
        " level",
        " with ",
        " plus",
        " listed",
        " above",
    ]
    .iter()
    .filter_map(|w| lower.find(w))
    .min()
    .unwrap_or(text.len());
    let name = text[..end].trim();
    let name = ["the ", "a ", "an "]
        .iter()
        .find_map(|a| strip_prefix_ignoring_case(name, a))
        .unwrap_or(name);
    name.trim().to_string()
}

fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

impl Rule for RequiredBullet {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (doc, family) = (ctx.doc, ctx.family);
        let Some(pattern) = &self.pattern else {
            return;
        };
        if family.template == Template::None {
            return;
        }
        let requirements = requirements_headings(doc);
        // A page without any Requirements is `missing-section`'s finding.
        if requirements.is_empty() {
            return;
        }
        let levels: Vec<&Level> = family
            .levels
            .iter()
            .filter(|l| l.heading.is_some())
            .collect();
        let in_level = |i: usize| {
            let start = doc.headings[i].span.start;
            levels.iter().position(|l| l.extent.contains(&start))
        };
        // A specialty's requirements add to a level's; they are not the family's.
        let in_specialty = |i: usize| {
            std::iter::successors(doc.headings[i].parent, |&p| doc.headings[p].parent).any(|p| {
                SectionKind::of(&normalized_heading(&doc.headings[p].text))
                    == Some(SectionKind::Specialties)
            })
        };
        let family_sections: Vec<usize> = requirements
            .iter()
            .copied()
            .filter(|&i| in_level(i).is_none() && !in_specialty(i))
            .collect();
        let statuses: Vec<Status> = (0..levels.len())
            .map(|n| {
                let sections: Vec<usize> = requirements
                    .iter()
                    .copied()
                    .filter(|&i| in_level(i) == Some(n))
                    .collect();
                self.status(pattern, doc, &levels, Some(n), &sections)
            })
            .collect();
        // A level that extends another holds the bullet when that one does.
        let holds = |n: usize| {
            let mut seen = vec![false; statuses.len()];
            let mut at = n;
            loop {
                match &statuses[at] {
                    Status::Stated | Status::Extends(None) => return true,
                    Status::Extends(Some(t)) if !seen[*t] => {
                        seen[at] = true;
                        at = *t;
                    }
                    _ => return false,
                }
            }
        };
        let family_status = (!family_sections.is_empty())
            .then(|| self.status(pattern, doc, &levels, None, &family_sections));
        // Requirements outside every level that extend a role's are a
        // level's own whose heading was lost (`### VP Requirements` after a
        // misplaced `### VP Job Grade`, extending `the Sr Director`), not the
        // family's: the levels are checked one by one.
        let orphaned = matches!(family_status, Some(Status::Extends(_)));
        if let Some(status) = family_status.filter(|s| !matches!(s, Status::Extends(_))) {
            let every_level = !levels.is_empty() && (0..levels.len()).all(holds);
            match status {
                Status::Stated | Status::Extends(_) => {}
                _ if every_level => {}
                Status::Weak(span) => out.push(self.weak_finding(doc, span)),
                _ => out.push(self.missing_finding(doc, family_sections[0], "the family")),
            }
            return;
        }
        // Without family Requirements, every level needs the bullet: one
        // finding per level, where it is to be added.
        for (n, level) in levels.iter().enumerate() {
            let whose = format!("level `{}`", level.name);
            match &statuses[n] {
                Status::Stated | Status::Extends(_) => {}
                Status::Weak(span) => out.push(self.weak_finding(doc, span.clone())),
                Status::Missing(heading) => {
                    out.push(self.missing_finding(doc, *heading, &whose));
                }
                // A level whose requirements sit under a misnamed heading
                // may still state or extend them.
                Status::NoSection if self.level_states(pattern, doc, &levels, n) => {}
                // Requirements outside every level that extend a role's may
                // be this level's, filed away from it.
                Status::NoSection if orphaned => {}
                // A level whose requirements are put off ("would be defined
                // at the time of business need") has none to add it to yet.
                Status::NoSection if level_defers(doc, level) => {}
                Status::NoSection => {
                    let Some(h) = level.heading else { continue };
                    out.push(
                        Diagnostic::new(
                            RuleCode::RequiredBullet,
                            doc.headings[h].text_span.clone(),
                            format!(
                                "level `{}` has no Requirements with `{}`",
                                level.name, self.bullet
                            ),
                        )
                        .with_help(format!(
                            "add a Requirements section with the bullet \"{}\", or family-wide Requirements",
                            self.bullet
                        )),
                    );
                }
            }
        }
    }
}

fn level_defers(doc: &Document, level: &Level) -> bool {
    doc.paragraphs_in(&level.extent)
        .any(|b| defers_content(&b.text))
}

/// The page's Requirements headings (not nice-to-haves), in order.
fn requirements_headings(doc: &Document) -> Vec<usize> {
    (0..doc.headings.len())
        .filter(|&i| is_requirements_heading(&doc.headings[i].text))
        .collect()
}

impl RequiredBullet {
    /// Whether the page's requirements (not its nice-to-haves) state the
    /// bullet, anywhere on the page: what `jflint review` compares.
    pub fn is_stated(&self, doc: &Document) -> bool {
        self.pattern.as_ref().is_some_and(|pattern| {
            let sections = requirements_headings(doc);
            self.status(pattern, doc, &[], None, &sections) == Status::Stated
        })
    }

    /// The bullet, as configured.
    pub fn bullet(&self) -> &str {
        &self.bullet
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn rule(bullet: &str) -> RequiredBullet {
        let data = RuleData {
            required_bullet: bullet.to_string(),
            ..RuleData::default()
        };
        RequiredBullet::new(&data)
    }

    fn states(bullet: &str, text: &str) -> bool {
        let rule = rule(bullet);
        rule.pattern.as_ref().is_some_and(|p| rule.states(p, text))
    }

    #[test]
    fn wording_may_vary_a_little() {
        for text in [
            "Ability to use GitLab",
            "Capability to use GitLab.",
            "Able to use GitLab to plan work",
            "In-depth ability to work in and use the GitLab product",
            "An ability to use GitLab, or a readiness to learn how to fully utilize GitLab",
            "Ability to use GitLab, including learning GitLab as part of the role",
        ] {
            assert!(states("Ability to use GitLab", text), "{text}");
        }
        for text in [
            "Ability to use Git",
            "Use of GitLab",
            "to collaborate with many teams who use GitLab",
            "Willingness to learn and use GitLab",
            "You are willing to use GitLab.",
            "You can learn how to use GitLab",
        ] {
            assert!(!states("Ability to use GitLab", text), "{text}");
        }
        assert!(states("Remote", "Thrives in a remote team"));
        assert!(!states("", "anything"));
    }

    #[test]
    fn weaker_wording_is_told_from_other_mentions() {
        let rule = rule("Ability to use GitLab");
        for text in [
            "Willingness to learn and use GitLab",
            "You can learn to use GitLab tools.",
            "Ability to use, or willingness to learn, GitLab",
            "Ability to learn GitLab as part of the role",
        ] {
            assert!(rule.weak(text), "{text}");
        }
        for text in [
            "Experience with the following tools is a plus: Greenhouse, GitLab and Workday.",
            "Apply adult learning theory and the latest learning trends across many teams, departments and functions at GitLab",
        ] {
            assert!(!rule.weak(text), "{text}");
        }
    }

    #[test]
    fn extended_requirements_name_their_level() {
        let named = |s: &str| Some(Extended::Named(s.to_string()));
        assert_eq!(
            extends("Extends the Senior Widget Engineer requirements."),
            named("Senior Widget Engineer")
        );
        assert_eq!(
            extends("Exends that of the Director of Widgets requirements"),
            named("Director of Widgets")
        );
        assert_eq!(
            extends("Extends the requirements of Principal Widget Architect"),
            named("Principal Widget Architect")
        );
        assert_eq!(
            extends("The Staff Analyst meets all of the requirements of a Senior Analyst, plus:"),
            named("Senior Analyst")
        );
        assert_eq!(
            extends("Same requirements as the Senior Manager listed above and also:"),
            named("Senior Manager")
        );
        assert_eq!(
            extends(
                "The Analyst has the same responsibilites and requirements as a Senior Analyst, but with less experience."
            ),
            named("Senior Analyst")
        );
        assert_eq!(
            extends("All of the above requirements and:"),
            Some(Extended::Previous)
        );
        assert_eq!(
            extends("In addition to the requirements below, you will:"),
            None
        );
        assert_eq!(extends("Experience with SQL."), None);
    }

    fn findings(text: &str) -> Vec<String> {
        let rule = rule("Ability to use GitLab");
        let (_, out) = check_page(&rule, "content/job-families/x/y.md", text);
        out.into_iter().map(|d| d.message).collect()
    }

    fn level(name: &str, requirements: &str) -> String {
        format!(
            "### {name}\n\n#### Job Grade\n\nThe {name} is a grade 7.\n\n#### Requirements\n\n{requirements}\n\n"
        )
    }

    #[test]
    fn a_weaker_bullet_is_reported_in_requirements_that_extend_others() {
        let page = format!(
            "## Levels\n\n{}{}",
            level("Analyst", "- Ability to use GitLab"),
            level(
                "Senior Analyst",
                "All of the above requirements and:\n\n- Be ready to learn how to use GitLab."
            ),
        );
        assert_eq!(
            findings(&page),
            [
                "`Be ready to learn how to use GitLab.` is weaker than the required `Ability to use GitLab`"
            ]
        );
    }

    #[test]
    fn a_level_lead_that_shares_another_levels_requirements_holds_its_bullet() {
        let senior = "### Senior Analyst\n\nThe Senior Analyst shares the same requirements and responsibilities as the Analyst with the addition of the following:\n\n#### Job Grade\n\nThe Senior Analyst is a grade 7.\n\n#### Requirements\n\n- Lead reviews\n\n";
        let page = format!(
            "## Levels\n\n{}{senior}",
            level("Analyst", "- Ability to use GitLab")
        );
        assert_eq!(findings(&page), Vec::<String>::new());
        // Without the lead sentence, the Senior level lacks the bullet.
        let alone = senior.replace("The Senior Analyst shares the same requirements and responsibilities as the Analyst with the addition of the following:", "The Senior Analyst leads.");
        let page = format!(
            "## Levels\n\n{}{alone}",
            level("Analyst", "- Ability to use GitLab")
        );
        assert_eq!(
            findings(&page),
            ["requirements of level `Senior Analyst` do not include `Ability to use GitLab`"]
        );
    }

    #[test]
    fn a_level_whose_requirements_are_put_off_has_no_section_to_add_it_to() {
        let junior = "### Junior Analyst\n\nThe responsibilities and requirements for a Junior Analyst would be defined at the time of business need.\n\n#### Job Grade\n\nThe Junior Analyst is a grade 5.\n\n";
        let page = format!(
            "## Levels\n\n{junior}{}",
            level("Analyst", "- Ability to use GitLab")
        );
        assert_eq!(findings(&page), Vec::<String>::new());
        let stated = junior.replace(
            "would be defined at the time of business need",
            "are those of the team",
        );
        let page = format!(
            "## Levels\n\n{stated}{}",
            level("Analyst", "- Ability to use GitLab")
        );
        assert_eq!(
            findings(&page),
            ["level `Junior Analyst` has no Requirements with `Ability to use GitLab`"]
        );
    }

    #[test]
    fn every_level_needs_the_bullet_without_family_requirements() {
        let page = format!(
            "## Levels\n\n{}{}{}",
            level("Analyst", "- Ability to use GitLab"),
            level("Senior Analyst", "- Experience with SQL."),
            level(
                "Staff Analyst",
                "- Extends the Senior Analyst requirements."
            ),
        );
        assert_eq!(
            findings(&page),
            ["requirements of level `Senior Analyst` do not include `Ability to use GitLab`"]
        );
        // The family's Requirements cover every level.
        let page = format!("## Requirements\n\n- Ability to use GitLab\n\n{page}");
        assert!(findings(&page).is_empty());
    }

    #[test]
    fn requirements_outside_the_levels_that_extend_a_role_are_no_family_requirements() {
        // `### VP Requirements` filed after the levels, extending a role by a
        // name the page does not hold: the levels are still checked one by one.
        let page = format!(
            "## Levels\n\n{}{}### VP Requirements\n\n- Extends the Sr Director of Widgets requirements\n",
            level("Analyst", "- Ability to use GitLab"),
            level("Director, Widgets", "- Experience with SQL."),
        );
        assert_eq!(
            findings(&page),
            ["requirements of level `Director, Widgets` do not include `Ability to use GitLab`"]
        );
    }

    #[test]
    fn weak_bullets_get_the_standard_wording_as_an_unsafe_fix() {
        let rule = rule("Ability to use GitLab");
        let page = format!(
            "## Levels\n\n{}",
            level("Analyst", "- Willingness to learn GitLab.")
        );
        let (doc, out) = check_page(&rule, "content/job-families/x/y.md", &page);
        assert_eq!(out.len(), 1);
        let fix = out[0].fix.as_ref().expect("a fix");
        assert_eq!(
            &doc.text[out[0].span.clone()],
            "Willingness to learn GitLab."
        );
        assert_eq!(
            fix.applicability,
            crate::rules::diagnostic::Applicability::Unsafe
        );
    }
}
