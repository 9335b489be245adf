use crate::language::english::is_foreign;
use crate::language::phrases::Hit;
use crate::model::document::{BlockKind, Document, LinkKind};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::file_rule::keep_case;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags British spellings in prose ("organisation", "behaviour", "centre",
/// "licence", "catalogue", "travelled", "judgement", …) and offers the American
/// form as a fix, keeping the word's capitalisation. The list, with every
/// inflection it covers, is the `swap` map of `rules/british-spelling.yaml`.
///
/// Code, link destinations and names are left alone: a capitalised word inside
/// a run of capitalised words ("Centre for Humane Technology") or in a quotation
/// is taken to be a name or a title, not the page's own wording; but a verb
/// opening a sentence ("Evangelise GitLab Security …") starts no name, and a
/// run that ends in a role word ("Community Programs Speciality Manager") is a
/// job title of the page's own, and both are reported.
///
/// Applies to every page.
///
/// ## What it does not catch
/// - Words inside a proper name or a title that names no role ("Customer
///   Success Centre"), and quotations.
/// - Words Markdown reads as HTML (`<Speciality>`), which are not prose.
/// - Spellings not in the list.
///
/// ## Why is this bad?
/// The handbook is written in American English. Mixed spellings read as
/// careless, break search ("organization" does not find "organisation") and
/// make the same word look different from page to page.
///
/// ## Example
/// ```markdown
/// - Prioritise the backlog with the product organisation.
/// ```
/// Use instead:
/// ```markdown
/// - Prioritize the backlog with the product organization.
/// ```
pub struct BritishSpelling;

impl BritishSpelling {
    pub fn new(_: &RuleData) -> Self {
        BritishSpelling
    }
}

impl Rule for BritishSpelling {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let Some(rule) = ctx.rule_file(RuleCode::BritishSpelling) else {
            return;
        };
        for hit in rule.kept_hits(ctx) {
            let Some(american) = &hit.entry.suggestion else {
                continue;
            };
            if in_image(doc, hit)
                || names_its_link(doc, hit)
                || is_name(hit)
                || is_quoted(hit)
                || is_label(hit)
                || fills_table_cell(doc, hit)
                || doc.in_shortcode(hit.span.start)
                || in_foreign_paragraph(doc, hit)
            {
                continue;
            }
            let fixed = keep_case(hit.text, american);
            let mut d = rule.diagnostic(hit.span.clone(), hit.text, Some(&fixed), None);
            if doc.text.get(hit.span.clone()) == Some(hit.text) {
                // A heading's anchor is made from its text: links to it would break.
                d = d.with_fix(if renames_anchor(doc, hit) {
                    Fix::unsafe_edit(hit.span.clone(), fixed)
                } else {
                    Fix::safe(hit.span.clone(), fixed)
                });
            }
            out.push(d);
        }
    }
}

/// Image descriptions name what the image shows (a label, a screen).
fn in_image(doc: &Document, hit: &Hit<'_>) -> bool {
    hit.run
        .in_link
        .and_then(|l| doc.links.get(l))
        .is_some_and(|l| l.kind == LinkKind::Image)
}

/// Link text whose destination spells the word ("[Visualising
/// Data](https://visualisingdata.com/)") is the linked work's own title.
fn names_its_link(doc: &Document, hit: &Hit<'_>) -> bool {
    hit.run
        .in_link
        .and_then(|l| doc.links.get(l))
        .is_some_and(|l| l.url.to_lowercase().contains(&hit.text.to_lowercase()))
}

/// A heading without an explicit `{#id}` takes its anchor from its text.
fn renames_anchor(doc: &Document, hit: &Hit<'_>) -> bool {
    hit.run
        .in_heading
        .and_then(|h| doc.headings.get(h))
        .is_some_and(|h| {
            !doc.text
                .get(h.span.clone())
                .is_some_and(|s| s.contains("{#"))
        })
}

/// Part of a scoped label or a tag: `workflow::Cancelled`, `[Cancelled]`.
fn is_label(hit: &Hit<'_>) -> bool {
    let text = &hit.run.text;
    let start = start_in_run(hit);
    let before = text.get(..start).unwrap_or_default();
    let after = text.get(start + hit.text.len()..).unwrap_or_default();
    before.ends_with("::") || (before.ends_with('[') && after.starts_with(']'))
}

/// A capitalised word alone in a table cell is a value's name (a status, a
/// survey answer), spelled as the tool that shows it spells it.
fn fills_table_cell(doc: &Document, hit: &Hit<'_>) -> bool {
    if !hit.text.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let in_table = doc
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Table && b.span.contains(&hit.span.start));
    if !in_table {
        return false;
    }
    let line = doc
        .lines
        .line_range(&doc.text, doc.lines.line_of(hit.span.start));
    let Some(before) = doc.text.get(line.start..hit.span.start) else {
        return false;
    };
    let Some(after) = doc.text.get(hit.span.end..line.end) else {
        return false;
    };
    let cell_before = before.rsplit('|').next().unwrap_or_default();
    let cell_after = after.split('|').next().unwrap_or_default();
    let is_markup = |c: char| c.is_whitespace() || c == '*' || c == '_';
    cell_before.chars().all(is_markup) && cell_after.chars().all(is_markup)
}

/// The paragraph around the hit is not in English (a bilingual policy, say),
/// where "organisation" or "analyse" is the right spelling.
fn in_foreign_paragraph(doc: &Document, hit: &Hit<'_>) -> bool {
    let text = doc
        .paragraph_at(hit.span.start)
        .map_or(hit.run.text.as_str(), |b| b.text.as_str());
    is_foreign(text)
}

/// Where the hit starts in its run's text (`hit.text` is a slice of it).
fn start_in_run(hit: &Hit<'_>) -> usize {
    (hit.text.as_ptr() as usize).saturating_sub(hit.run.text.as_ptr() as usize)
}

/// The words of the run before the hit (nearest first) and the word after it.
fn neighbours<'a>(hit: &'a Hit<'a>) -> (Vec<&'a str>, Option<&'a str>) {
    let text = &hit.run.text;
    let start = start_in_run(hit);
    let before = text
        .get(..start)
        .map(|t| t.split_whitespace().rev().take(2).collect())
        .unwrap_or_default();
    let after = text
        .get(start + hit.text.len()..)
        .and_then(|t| t.split_whitespace().next());
    (before, after)
}

/// A capitalised word next to another capitalised word is part of a name or
/// a title: "Customer Success Centre", "Labour Day", "Ministry of Defence".
/// A word across a sentence break ("Team: Analyse") or an acronym ("SA
/// Judgement") does not make a name.
fn is_name(hit: &Hit<'_>) -> bool {
    if !hit.text.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let (before, after) = neighbours(hit);
    let capitalised = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let mut letters = w.chars().filter(|c| c.is_alphabetic());
        letters.next().is_some_and(char::is_uppercase) && !letters.all(char::is_uppercase)
    };
    let joins = |w: &str| matches!(w, "of" | "for" | "and" | "&" | "de");
    let previous = match before.as_slice() {
        [w, ..] if w.ends_with(['.', ':', '!', '?', ')', '|']) => false,
        [w, v, ..] if joins(w) => capitalised(v) && !v.ends_with(['.', ':', '!', '?', ')', '|']),
        [w, ..] => capitalised(w),
        [] => false,
    };
    let opens_sentence = match before.as_slice() {
        [] => true,
        [w, ..] => w.ends_with(['.', ':', '!', '?', '|']),
    };
    // A verb opening a sentence ("Evangelise GitLab Security to staff")
    // starts no name: names are made of nouns.
    let word = hit.text.to_ascii_lowercase();
    if opens_sentence && VERB_ENDINGS.iter().any(|e| word.ends_with(e)) {
        return false;
    }
    if (previous || after.is_some_and(capitalised)) && names_a_role(hit) {
        return false;
    }
    previous || after.is_some_and(capitalised)
}

/// Endings of the British verb forms (`-ise`, `-ised`, `-yse`, …).
const VERB_ENDINGS: &[&str] = &["ise", "ises", "ised", "ising", "yse", "ysed", "ysing"];

/// Role words that end a job title: "Community Programs Speciality Manager"
/// is a role at the company, whose titles are written in American English,
/// not the name of something outside it.
const ROLE_WORDS: &[&str] = &[
    "Administrator",
    "Analyst",
    "Architect",
    "Coordinator",
    "Director",
    "Engineer",
    "Evangelist",
    "Lead",
    "Manager",
    "Officer",
    "Specialist",
];

/// True when the capitalised words after the hit (up to three) end in a role word.
fn names_a_role(hit: &Hit<'_>) -> bool {
    let text = &hit.run.text;
    let start = start_in_run(hit) + hit.text.len();
    text.get(start..)
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .take_while(|w| w.starts_with(char::is_uppercase))
        .any(|w| ROLE_WORDS.contains(&w.trim_end_matches(|c: char| !c.is_alphanumeric())))
}

/// Text between quotation marks is someone else's wording.
fn is_quoted(hit: &Hit<'_>) -> bool {
    let text = &hit.run.text;
    let open = text
        .get(..start_in_run(hit))
        .unwrap_or_default()
        .chars()
        .filter(|&c| c == '"' || c == '“' || c == '”')
        .count();
    open % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_preserved() {
        assert_eq!(keep_case("Fulfilment", "fulfillment"), "Fulfillment");
        assert_eq!(keep_case("organisation", "organization"), "organization");
        assert_eq!(keep_case("CENTRE", "center"), "CENTER");
        assert_eq!(keep_case("Licence", "license"), "License");
    }

    #[test]
    fn every_entry_is_a_different_word() {
        let (_, spec) = crate::rules::rule_file::RuleSet::builtin_spec(RuleCode::BritishSpelling)
            .expect("rules/british-spelling.yaml");
        let entries = spec.phrases.entries();
        assert!(entries.len() > 1000);
        let british: std::collections::HashSet<&str> =
            entries.iter().map(|e| e.phrase.as_str()).collect();
        for e in entries {
            let american = e.suggestion.as_deref().expect("a suggestion");
            assert_ne!(e.phrase, american);
            for word in [e.phrase.as_str(), american] {
                assert!(word.chars().all(|c| c.is_ascii_lowercase()), "{word}");
            }
            assert!(
                !british.contains(american),
                "{} -> {american}, which is listed as British",
                e.phrase
            );
        }
    }
}
