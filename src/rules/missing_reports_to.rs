use crate::model::document::{BlockKind, Document};
use crate::model::job_family::{Level, mentions_reports_to};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks that every level says whom it reports to ("The Senior Analyst
/// reports to the [Manager, Analytics](#manager-analytics).") and links to
/// that role. A level without a reporting line gets one finding at its
/// heading, so each shows where it must be fixed; a sentence above the levels
/// that covers the whole family ("Analysts report to the [Director,
/// Analytics](…).", "Every level reports to …") counts for every level without
/// one of its own. A reports-to sentence without a link is reported at the
/// sentence (once for a family-wide one).
///
/// Applies to every level the job-family model finds, and to single-role
/// pages (`Chief Widget Officer`, no levels) as one level, reported at the
/// page's title (also an empty page with `layout: job_family_page`). Not
/// checked: redirect stubs, indexes, matrices and pages of
/// several roles whose levels the model cannot find. A link whose in-page
/// anchor does not exist is `broken-link`'s finding, not this rule's: each
/// place gets one finding. Not caught: a sentence that names the wrong
/// manager, or that links to the wrong role.
///
/// ## Why is this bad?
/// The reporting line tells candidates where the role sits; the link lets them
/// read the manager's role in one click.
///
/// ## Example
/// ```markdown
/// ### Senior Analyst
///
/// The Senior Analyst reports to the Manager, Analytics.
/// ```
/// Link the manager's role:
/// ```markdown
/// The Senior Analyst reports to the [Manager, Analytics](#manager-analytics).
/// ```
pub struct MissingReportsTo;

impl MissingReportsTo {
    pub fn new(_: &RuleData) -> Self {
        MissingReportsTo
    }
}

/// A reports-to paragraph before the first level: it speaks for the family.
/// Returns its span and whether it has a link.
fn family_sentence(doc: &Document, levels: &[Level]) -> Option<(std::ops::Range<usize>, bool)> {
    let first = levels.iter().filter_map(|l| l.heading).min()?;
    let before = doc.headings[first].span.start;
    let block = doc.blocks.iter().find(|b| {
        b.kind == BlockKind::Paragraph && b.span.start < before && mentions_reports_to(&b.text)
    })?;
    let linked = doc.links.iter().any(|l| {
        l.kind != crate::model::document::LinkKind::Image && block.span.contains(&l.span.start)
    });
    Some((block.span.clone(), linked))
}

fn no_link(level: &Level, span: std::ops::Range<usize>) -> Diagnostic {
    Diagnostic::new(
        RuleCode::MissingReportsTo,
        span,
        format!(
            "the reports-to sentence of `{}` does not link to the manager's role",
            level.name
        ),
    )
    .with_help("link the manager's role: \"reports to the [Manager, …](#manager-…)\"")
}

impl Rule for MissingReportsTo {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (doc, family) = (ctx.doc, ctx.family);
        let levels = &family.levels;
        let family_wide = family_sentence(doc, levels);
        let without: Vec<&Level> = levels.iter().filter(|l| l.reports_to.is_none()).collect();
        for level in levels {
            if let Some(r) = &level.reports_to
                && r.link.is_none()
            {
                out.push(no_link(level, r.sentence.clone()));
            }
        }
        if without.is_empty() {
            return;
        }
        if let Some((span, linked)) = family_wide {
            if !linked {
                let names: Vec<&str> = without.iter().map(|l| l.name.as_str()).collect();
                out.push(
                    Diagnostic::new(
                        RuleCode::MissingReportsTo,
                        span,
                        format!(
                            "the family's reports-to sentence (for `{}`) does not link to the manager's role",
                            names.join("`, `")
                        ),
                    )
                    .with_help("link the manager's role: \"report to the [Manager, …](#manager-…)\""),
                );
            }
            return;
        }
        let at = |level: &Level| {
            level
                .heading
                .map_or_else(|| doc.title_span(), |h| doc.headings[h].text_span.clone())
        };
        for level in without {
            out.push(
                Diagnostic::new(
                    RuleCode::MissingReportsTo,
                    at(level),
                    format!(
                        "{} `{}` does not say whom it reports to",
                        if level.heading.is_some() {
                            "level"
                        } else {
                            "job family"
                        },
                        level.name
                    ),
                )
                .with_help(format!(
                    "add: \"The {} reports to the [Manager, …](#manager-…).\"",
                    level.name
                )),
            );
        }
    }
}
