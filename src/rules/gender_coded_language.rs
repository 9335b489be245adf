use std::ops::Range;

use crate::language::phrases::Hit;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Counts masculine- and feminine-coded words (the word lists of Gaucher,
/// Friesen and Kay, 2011, in `rules/gender-coded-language.yaml`) in each level and
/// in the family-wide part of the page. Where the masculine-coded words clearly
/// outweigh the feminine-coded ones (at least twice as many, and at least three
/// more), each masculine-coded word there is reported.
///
/// Headings, link texts and words that are part of the role's own title (the
/// "Analyst" in "Data Analyst", the "Lead" in "Team Lead") are not counted, nor
/// are uses that name the work or the market rather than a temperament, listed
/// with the word before or after them ("competitive content", "competing
/// priorities", "market forces", "where GitLab is active").
///
/// ## Why is this bad?
/// Job descriptions dominated by masculine-coded wording ("aggressive",
/// "dominant", "competitive") measurably reduce how appealing a role is to
/// women, without changing what the role is.
///
/// ## Example
/// A level whose requirements ask for an "assertive, competitive, decisive,
/// self-reliant, ambitious" person, with no word such as "collaborative" or
/// "supportive": rebalance the wording to describe the work, not a temperament.
pub struct GenderCodedLanguage;

/// The list of `rules/gender-coded-language.yaml` that holds the
/// feminine-coded stems (`lists.feminine`; the tokens are the masculine ones).
const FEMININE: u16 = 1;

impl GenderCodedLanguage {
    pub fn new(_: &RuleData) -> Self {
        GenderCodedLanguage
    }
}

impl Rule for GenderCodedLanguage {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let Some(rule) = ctx.rule_file(RuleCode::GenderCodedLanguage) else {
            return;
        };
        if rule.hits(ctx).is_empty() {
            return;
        }
        // Words the stems match that are not coded wording.
        let ignore = |word: &str| rule.is_lowercase_exception(word);
        let title = doc.front_matter.title().unwrap_or_default().to_lowercase();
        let counted = |hit: &Hit<'_>, role: &str| {
            let word = hit.text.to_lowercase();
            hit.run.in_heading.is_none()
                && hit.run.in_link.is_none()
                && !role.contains(&word)
                && !ignore(&word)
                && !ignore(&followed_phrase(&doc.text, hit))
                && !ignore(&preceding_phrase(&doc.text, hit))
        };
        let (feminine, masculine): (Vec<&Hit<'_>>, Vec<&Hit<'_>>) = rule
            .hits(ctx)
            .iter()
            .partition(|h| h.entry.list == FEMININE);

        // One scope per level, plus the family-wide text outside every level.
        let mut scopes: Vec<(String, Vec<Range<usize>>)> = ctx
            .family
            .levels
            .iter()
            .map(|l| {
                (
                    format!("{} {title}", l.name.to_lowercase()),
                    vec![l.extent.clone()],
                )
            })
            .collect();
        let mut outside = Vec::new();
        let mut pos = doc.body_start();
        for level in &ctx.family.levels {
            if level.extent.start > pos {
                outside.push(pos..level.extent.start);
            }
            pos = pos.max(level.extent.end);
        }
        outside.push(pos..doc.text.len());
        scopes.push((title.clone(), outside));

        for (role, ranges) in scopes {
            let inside = |hit: &&Hit<'_>| {
                ranges.iter().any(|r| r.contains(&hit.span.start)) && counted(hit, &role)
            };
            let m: Vec<&Hit<'_>> = masculine.iter().copied().filter(inside).collect();
            let f = feminine.iter().copied().filter(inside).count();
            if m.len() < 2 * f || m.len() < f + 3 {
                continue;
            }
            for hit in &m {
                let mut d = rule.diagnostic(hit.span.clone(), hit.text, None, Some(m.len()));
                d.message = d.message.replace("{feminine}", &f.to_string());
                out.push(d);
            }
        }
    }
}

/// The hit and the word after it, lower-cased ("active directory"), so that
/// two-word terms in the ignore list can be recognised.
fn followed_phrase(text: &str, hit: &Hit<'_>) -> String {
    let rest = &text[hit.span.end..];
    let next: String = rest
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    format!("{} {}", hit.text, next).to_lowercase()
}

/// The word before the hit and the hit, lower-cased ("market forces").
fn preceding_phrase(text: &str, hit: &Hit<'_>) -> String {
    let before = text[..hit.span.start].trim_end_matches([' ', '\t']);
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-')
        .last()
        .map_or(before.len(), |(i, _)| i);
    format!("{} {}", &before[start..], hit.text).to_lowercase()
}
