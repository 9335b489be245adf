use crate::model::distance::edit_distance_str;
use crate::model::document::Document;
use crate::model::job_family::{JobFamily, Template};
use crate::model::sections::normalized_heading;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that a job family has every section its schema requires:
/// Responsibilities, Requirements, Performance Indicators, Career Ladder and
/// Hiring Process by default. A heading satisfies a section when its text is
/// one of the accepted variants ("Performance Indicators (PI)", "Key
/// Performance Indicators", …) or ends with one (`#### Senior Analyst
/// Requirements`). Responsibilities, Requirements and Performance Indicators
/// may be given per level instead of once for the family. A section the
/// family gives per level (no heading for it outside the levels) must be in
/// every level once at least two thirds of the levels (and three or more)
/// have it: each level without it is reported at its heading ("level `Senior
/// Widget Engineer` has no `Requirements` section"), so a level whose
/// Requirements were written under a second `Responsibilities` heading, or
/// under its Job Grade, is found. With fewer levels carrying it, the page
/// gives the section some other way and no level is reported. Pages without
/// any level or job grade (indexes, matrices) are not checked. It does not catch a section written under
/// another name ("What you can expect in this role", "Accounting and
/// Reporting") when no level or family has the section at all.
///
/// The schema is `rules/job-family-schema.yaml`; the configuration's `schema`
/// key names a replacement file. A family with no Requirements at all also
/// lacks the bullet `required-bullet` looks for ("Ability to use GitLab"):
/// that is reported here, once, with the bullet in the help, since adding
/// the section with it fixes both.
///
/// ## Why is this bad?
/// Candidates, recruiters and managers look for the same sections on every
/// family; a family without a Hiring Process or Performance Indicators leaves
/// them guessing.
///
/// ## Example
/// ```markdown
/// ## Levels
/// ### Senior Widget Engineer
/// …
/// ## Performance Indicators
/// …
/// ## Career Ladder
/// …
/// ```
/// The family has no Hiring Process section. Add one:
/// ```markdown
/// ## Hiring Process
///
/// Candidates for this position can expect the hiring process to follow the order below.
/// ```
pub struct MissingSection {
    /// Per section: its name, its normalized heading variants, whether levels
    /// may carry it.
    sections: Vec<(String, Vec<Vec<String>>, bool)>,
    /// The bullet every Requirements section must hold: a page without the
    /// section lacks it too, and is told so here, once.
    required_bullet: String,
}

impl MissingSection {
    pub fn new(data: &RuleData) -> Self {
        let sections = data
            .schema
            .sections
            .iter()
            .map(|s| {
                let mut variants: Vec<String> = std::iter::once(&s.name)
                    .chain(&s.headings)
                    .map(|h| normalized_heading(h))
                    .filter(|h| !h.is_empty())
                    .collect();
                variants.sort();
                variants.dedup();
                let variants = variants
                    .iter()
                    .map(|v| v.split_whitespace().map(str::to_string).collect())
                    .collect();
                (s.name.clone(), variants, s.per_level)
            })
            .collect();
        MissingSection {
            sections,
            required_bullet: data.required_bullet.clone(),
        }
    }
}

/// Whether a heading is, starts with or ends with one of the variants, word
/// for word; a misspelt long word (`Responsbilities`) still counts, as the
/// spelling is another rule's business.
fn satisfies(heading: &str, variants: &[Vec<String>]) -> bool {
    let words: Vec<&str> = heading
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | ',' | '–' | '—'))
        .filter(|w| !w.is_empty())
        .collect();
    variants.iter().any(|v| {
        let n = v.len();
        n > 0
            && words.len() >= n
            && (same_words(&words[..n], v) || same_words(&words[words.len() - n..], v))
    })
}

fn same_words(words: &[&str], variant: &[String]) -> bool {
    words
        .iter()
        .zip(variant)
        .all(|(w, v)| *w == v || (v.len() >= 6 && edit_distance_str(w, v, 1).is_some()))
}

impl MissingSection {
    /// The schema's sections that the page has, by name, in schema order.
    pub fn present(&self, doc: &Document, family: &JobFamily) -> Vec<&str> {
        let headings: Vec<(usize, String)> = doc
            .headings
            .iter()
            .map(|h| (h.span.start, normalized_heading(&h.text)))
            .collect();
        self.sections
            .iter()
            .filter(|(_, variants, per_level)| {
                headings.iter().any(|(start, text)| {
                    satisfies(text, variants) && (*per_level || family.level_at(*start).is_none())
                })
            })
            .map(|(name, _, _)| name.as_str())
            .collect()
    }
}

impl MissingSection {
    /// A section the family gives per level, not once for all: when most
    /// levels have it, each level without it is reported at its heading.
    fn check_levels(
        &self,
        doc: &Document,
        family: &JobFamily,
        name: &str,
        variants: &[Vec<String>],
        out: &mut Vec<Diagnostic>,
    ) {
        let family_wide = doc.headings.iter().any(|h| {
            family.level_at(h.span.start).is_none()
                && satisfies(&normalized_heading(&h.text), variants)
        });
        if family_wide {
            return;
        }
        let levels: Vec<_> = family
            .levels
            .iter()
            .filter_map(|l| l.heading.map(|h| (l, h)))
            .collect();
        let has = |level: &crate::model::job_family::Level| {
            level
                .subsections
                .iter()
                .any(|&i| satisfies(&normalized_heading(&doc.headings[i].text), variants))
        };
        let with = levels.iter().filter(|(l, _)| has(l)).count();
        // Most levels carry it: those that do not lack it. Otherwise the page
        // gives it some other way, which is not this rule's to judge.
        if levels.len() < 3 || with * 3 < levels.len() * 2 || with == levels.len() {
            return;
        }
        for (level, heading) in levels.iter().filter(|(l, _)| !has(l)) {
            out.push(
                Diagnostic::new(
                    RuleCode::MissingSection,
                    doc.headings[*heading].text_span.clone(),
                    format!(
                        "level `{}` has no `{name}` section, though the other levels have one",
                        level.name
                    ),
                )
                .with_help(format!(
                    "add a `{} {name}` section to the level",
                    level.name
                )),
            );
        }
    }
}

impl Rule for MissingSection {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (doc, family) = (ctx.doc, ctx.family);
        if family.template == Template::None {
            return;
        }
        let present = self.present(doc, family);
        for (name, variants, per_level) in &self.sections {
            if present.contains(&name.as_str()) {
                if *per_level {
                    self.check_levels(doc, family, name, variants, out);
                }
                continue;
            }
            out.push(
                Diagnostic::new(
                    RuleCode::MissingSection,
                    doc.title_span(),
                    format!("job family has no `{name}` section"),
                )
                .with_help(if name.eq_ignore_ascii_case("requirements") {
                    format!(
                        "add a `## {name}` section, with the bullet `{}`",
                        self.required_bullet
                    )
                } else {
                    format!("add a `## {name}` section")
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(list: &[&str]) -> Vec<Vec<String>> {
        list.iter()
            .map(|v| {
                normalized_heading(v)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn headings_match_variants_at_either_end() {
        let v = variants(&["Requirements", "Hiring Process"]);
        for h in [
            "requirements",
            "senior analyst requirements",
            "requirements for it roles",
            "manager, tax - requirements",
            "senior analyst requirments",
            "hiring process overview",
        ] {
            assert!(satisfies(h, &v), "{h}");
        }
        for h in [
            "levels",
            "hiring",
            "process",
            "additional requirements unique",
            "reqs",
        ] {
            assert!(!satisfies(h, &v), "{h}");
        }
    }

    #[test]
    fn a_family_without_requirements_is_told_the_bullet_it_needs() {
        let page = "---\ntitle: Widget Engineer\n---\n\nBuilds widgets.\n\n## Levels\n\n### Widget Engineer\n\n#### Job Grade\n\nThe Widget Engineer is a grade 6.\n\n## Responsibilities\n\n- Build\n";
        let rule = MissingSection::new(&RuleData::builtin());
        let (_, out) = crate::rules::registry::check_page(&rule, "widgets.md", page);
        let requirements = out
            .iter()
            .find(|d| d.message.contains("`Requirements`"))
            .expect("Requirements reported missing");
        let help = requirements.help.as_deref().unwrap_or("");
        assert!(help.contains("Ability to use GitLab"), "{help}");
        let other = out
            .iter()
            .find(|d| d.message.contains("`Career Ladder`"))
            .unwrap();
        assert!(!other.help.as_deref().unwrap_or("").contains("GitLab"));
    }

    #[test]
    fn a_level_without_a_section_most_levels_give() {
        let level = |name: &str, requirements: bool| {
            let mut text = format!(
                "### {name}\n\n#### {name} Job Grade\n\nThe {name} is a grade 6.\n\n#### {name} Responsibilities\n\n- Build\n\n"
            );
            if requirements {
                text.push_str(&format!(
                    "#### {name} Requirements\n\n- Ability to use GitLab\n\n"
                ));
            }
            text
        };
        let rule = MissingSection::new(&RuleData::builtin());
        let page = |levels: &[(&str, bool)]| {
            let body: String = levels.iter().map(|(n, r)| level(n, *r)).collect();
            let text = format!(
                "---\ntitle: W\n---\n\nBuilds widgets.\n\n## Levels\n\n{body}## Performance Indicators\n\n- a\n\n## Career Ladder\n\nNext.\n\n## Hiring Process\n\nCalls.\n"
            );
            let (doc, out) = crate::rules::registry::check_page(&rule, "widgets.md", &text);
            out.iter()
                .map(|d| doc.text[d.span.clone()].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            page(&[
                ("Widget Engineer", true),
                ("Senior Widget Engineer", false),
                ("Staff Widget Engineer", true)
            ]),
            ["Senior Widget Engineer"]
        );
        // One level in three has it: the page gives it some other way.
        assert!(
            page(&[
                ("Widget Engineer", true),
                ("Senior Widget Engineer", false),
                ("Staff Widget Engineer", false)
            ])
            .is_empty()
        );
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        let d = |a, b| edit_distance_str(a, b, 9);
        assert_eq!(d("responsbilities", "responsibilities"), Some(1));
        assert_eq!(d("reqiurements", "requirements"), Some(1));
        assert_eq!(d("levels", "labels"), Some(2));
    }
}
