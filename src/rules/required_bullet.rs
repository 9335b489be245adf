use regex::{Regex, RegexBuilder};

use crate::diagnostic::Diagnostic;
use crate::document::{BlockKind, Document};
use crate::job_family::{Template, normalized_heading};
use crate::registry::{Context, Rule, RuleCode};
use crate::rule_data::RuleData;

/// ## What it does
/// Checks that a job family's requirements include the bullet every role at
/// GitLab shares, "Ability to use GitLab". Once is enough: in the family's
/// Requirements section or in any level's (not in the nice-to-haves). Small wording changes ("An ability
/// to use GitLab, or a readiness to learn it", "Capability to use GitLab")
/// count. Families with no Requirements section at all are left to
/// `missing-section`.
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

impl RequiredBullet {
    /// Whether the page's requirements (not its nice-to-haves) state the bullet.
    pub fn is_stated(&self, doc: &Document) -> bool {
        self.pattern
            .as_ref()
            .is_some_and(|p| stated_in(doc, &requirement_headings(doc), p))
    }

    /// The bullet, as configured.
    pub fn bullet(&self) -> &str {
        &self.bullet
    }
}

/// The page's Requirements headings (not nice-to-haves).
fn requirement_headings(doc: &Document) -> Vec<usize> {
    doc.headings
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            let text = normalized_heading(&h.text);
            text.contains("requirements") && !text.contains("nice")
        })
        .map(|(i, _)| i)
        .collect()
}

/// Whether a paragraph under one of these headings matches the bullet.
fn stated_in(doc: &Document, requirements: &[usize], pattern: &Regex) -> bool {
    let sections: Vec<std::ops::Range<usize>> = requirements
        .iter()
        .map(|&i| doc.headings[i].span.end..doc.section_end(i))
        .collect();
    doc.blocks.iter().any(|b| {
        b.kind == BlockKind::Paragraph
            && sections.iter().any(|s| s.contains(&b.span.start))
            && pattern.is_match(&b.text)
    })
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
        let requirements = requirement_headings(doc);
        // Where the bullet goes: the family's Requirements, else the first level's.
        let Some(&target) = requirements
            .iter()
            .find(|&&i| family.level_at(doc.headings[i].span.start).is_none())
            .or(requirements.first())
        else {
            return;
        };
        if stated_in(doc, &requirements, pattern) {
            return;
        }
        let heading = &doc.headings[target];
        out.push(
            Diagnostic::new(
                RuleCode::RequiredBullet,
                heading.text_span.clone(),
                format!("requirements do not include `{}`", self.bullet),
            )
            .with_help(format!(
                "add the bullet \"{}\" to the Requirements",
                self.bullet
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(bullet: &str, text: &str) -> bool {
        let data = RuleData {
            required_bullet: bullet.to_string(),
            ..RuleData::default()
        };
        let rule = RequiredBullet::new(&data);
        rule.pattern.as_ref().is_some_and(|p| p.is_match(text))
    }

    #[test]
    fn wording_may_vary_a_little() {
        for text in [
            "Ability to use GitLab",
            "Capability to use GitLab.",
            "Able to use GitLab to plan work",
            "Willingness to learn and use GitLab",
            "In-depth ability to work in and use the GitLab product",
        ] {
            assert!(matches("Ability to use GitLab", text), "{text}");
        }
        for text in [
            "Ability to use Git",
            "Use of GitLab",
            "to collaborate with many teams who use GitLab",
        ] {
            assert!(!matches("Ability to use GitLab", text), "{text}");
        }
        assert!(matches("Remote", "Thrives in a remote team"));
        assert!(!matches("", "anything"));
    }
}
