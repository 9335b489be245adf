use std::ops::Range;

use crate::model::document::{Document, TextRun};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks for a word written twice in a row (`the the`, `to to`), also when
/// the second one starts the next line of the same paragraph. Words separated
/// by punctuation, markup or a blank line are not compared, and code and
/// Hugo shortcodes are never read. Left alone on purpose: words that English
/// doubles (`had had`, `that that`), a word joined to the next by a hyphen
/// (`in in-person`, `check-in in`), a particle after a phrasal verb
/// (`logged in in May`), `at at least`, a keyword in capitals (`AND and OR`) and a
/// capitalised name written twice (`Walla Walla`).
///
/// ## Why is this bad?
/// A doubled word is a slip that readers notice at once and that spell
/// checkers do not catch.
///
/// ## Example
/// ```markdown
/// Partner with the the Product team to
/// to deliver the roadmap.
/// ```
/// Use instead:
/// ```markdown
/// Partner with the Product team to
/// deliver the roadmap.
/// ```
pub struct RepeatedWord;

/// Words that English doubles on purpose ("what it is is", "he had had").
/// Sorted, lower case.
const ALLOWED: &[&str] = &[
    "bye", "ha", "had", "is", "knock", "much", "no", "nous", "now", "so", "that", "there", "tsk",
    "very", "vous", "yada",
];

/// Verbs that end in a particle (`logged in`, `signed on`): the particle may
/// be followed by the same word as a preposition (`logged in in May`).
/// Sorted, lower case.
const PHRASAL_VERBS: &[&str] = &[
    "check", "checked", "fill", "filled", "hand", "handed", "log", "logged", "opt", "opted",
    "plug", "plugged", "sign", "signed", "turn", "turned",
];

impl RepeatedWord {
    pub fn new(_: &RuleData) -> Self {
        RepeatedWord
    }
}

impl Rule for RepeatedWord {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        // Stretches of prose are read as one: consecutive text runs of the
        // same paragraph or heading that only whitespace (a soft line break)
        // separates. The last two words of the stretch are kept, as source
        // spans with the key hash of a plain ASCII word.
        let mut prev_run: Option<&TextRun> = None;
        let mut last: Option<(Range<usize>, Option<u64>)> = None;
        let mut before_last: Option<Range<usize>> = None;
        for run in &doc.prose {
            if !run.verbatim {
                prev_run = None;
                continue;
            }
            if !prev_run.is_some_and(|p| joined(doc, p, run)) {
                last = None;
                before_last = None;
            }
            for w in doc.words_of(run) {
                let range = w.range();
                let word = run.span.start + range.start..run.span.start + range.end;
                if !doc.shortcodes.is_empty() && doc.in_shortcode(word.start) {
                    continue;
                }
                let key = w.is_plain().then_some(w.key_hash);
                if let Some((first, first_key)) = &last {
                    // Most neighbouring words differ, which their keys tell.
                    let differ = matches!((first_key, key), (Some(a), Some(b)) if *a != b);
                    let before = before_last.as_ref().map(|r| &doc.text[r.clone()]);
                    if !differ && is_slip(&doc.text, first, &word, before) {
                        out.push(report(&doc.text, first, &word));
                    }
                }
                before_last = last.take().map(|(r, _)| r);
                last = Some((word, key));
            }
            prev_run = Some(run);
        }
    }
}

fn report(text: &str, first: &Range<usize>, second: &Range<usize>) -> Diagnostic {
    let a = &text[first.clone()];
    let b = &text[second.clone()];
    Diagnostic::new(
        RuleCode::RepeatedWord,
        first.start..second.end,
        format!("`{a}` is repeated"),
    )
    .with_help(format!("remove the second `{b}`"))
    .with_fix(Fix::safe(removal(text, first, second), ""))
}

/// What the fix deletes: the second word and the spaces before it, or, when
/// a line break comes between the words, the second word and the spaces
/// after it, so that the lines stay as they were.
fn removal(text: &str, first: &Range<usize>, second: &Range<usize>) -> Range<usize> {
    let gap = &text[first.end..second.start];
    let rest = &text[second.end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let followed_by_word = rest[spaces..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace());
    if gap.contains('\n') && spaces > 0 && followed_by_word {
        second.start..second.end + spaces
    } else {
        first.end..second.end
    }
}

/// True when `second` repeats `first` by mistake. `before` is the word
/// before `first`, if any.
fn is_slip(text: &str, first: &Range<usize>, second: &Range<usize>, before: Option<&str>) -> bool {
    let (a, b) = (&text[first.clone()], &text[second.clone()]);
    // Most neighbouring words differ: settle that before allocating.
    if a.is_ascii() && b.is_ascii() && !a.eq_ignore_ascii_case(b) {
        return false;
    }
    let lower = a.to_lowercase();
    if lower != b.to_lowercase()
        || !text[first.end..second.start]
            .chars()
            .all(char::is_whitespace)
        || !a.chars().any(char::is_alphabetic)
        || ALLOWED.contains(&lower.as_str())
    {
        return false;
    }
    // `in in-person`, `check-in in`, `e-mail mail`: part of a compound.
    let joins = |c: Option<char>| c.is_some_and(|c| "-/_@#.+&".contains(c));
    let after_second = text[second.end..].chars().next();
    let after_second_is_word = after_second == Some('.')
        && text[second.end + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    if joins(text[..first.start].chars().next_back())
        || (after_second != Some('.') && joins(after_second))
        || after_second_is_word
    {
        return false;
    }
    let caps = |w: &str| w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase());
    if caps(a) != caps(b) {
        return false; // `AND and OR`
    }
    let capitalised = |w: &str| w.starts_with(char::is_uppercase) && !caps(w);
    if a == b && capitalised(a) {
        return false; // `Walla Walla`, `Same Same`: a name or a set phrase
    }
    // `longevity at at least one job`: the second `at` opens `at least`.
    let next = text[second.end..].split_whitespace().next().unwrap_or("");
    if lower == "at" && ["least", "most"].contains(&next.to_lowercase().as_str()) {
        return false;
    }
    let particle = ["in", "on", "up", "out", "off", "over", "down"].contains(&lower.as_str());
    !(particle && before.is_some_and(|w| PHRASAL_VERBS.contains(&w.to_lowercase().as_str())))
}

/// True when `b` continues `a` in the same block across nothing but spaces
/// and at most one soft line break.
fn joined(doc: &Document, a: &TextRun, b: &TextRun) -> bool {
    if a.in_heading != b.in_heading || a.in_link != b.in_link || a.span.end > b.span.start {
        return false;
    }
    let gap = &doc.text[a.span.end..b.span.start];
    let newlines = gap.matches('\n').count();
    let hard_break = gap.starts_with("  ") && newlines > 0;
    if !gap.chars().all(char::is_whitespace) || newlines > 1 || hard_break {
        return false;
    }
    // Headings are single lines; anything else must share a paragraph.
    a.in_heading.is_some()
        || doc.paragraph_at(a.span.start).map(|p| p.span.start)
            == doc.paragraph_at(b.span.start).map(|p| p.span.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn found(text: &str) -> Vec<String> {
        let (doc, out) = check_page(&RepeatedWord, "page.md", text);
        out.iter()
            .map(|d| doc.text[d.span.clone()].to_string())
            .collect()
    }

    fn fixed(text: &str) -> String {
        let (_, out) = check_page(&RepeatedWord, "page.md", text);
        let fixes: Vec<_> = out.iter().filter_map(|d| d.fix.as_ref()).collect();
        crate::rules::diagnostic::apply_fixes(text, fixes).0
    }

    #[test]
    fn fix_removes_the_second_word_and_keeps_lines() {
        assert_eq!(fixed("Work with the the team.\n"), "Work with the team.\n");
        assert_eq!(fixed("The the team.\n"), "The team.\n");
        assert_eq!(fixed("a b b b c\n"), "a b c\n");
        assert_eq!(
            fixed("works with\nwith every team\n"),
            "works with\nevery team\n"
        );
        assert_eq!(fixed("- talk to\n  to people\n"), "- talk to\n  people\n");
        assert_eq!(fixed("ends with\nwith\nnext\n"), "ends with\nnext\n");
    }

    #[test]
    fn word_lists_are_sorted_lower_case() {
        for list in [ALLOWED, PHRASAL_VERBS] {
            let mut sorted = list.to_vec();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted, list);
            assert!(list.iter().all(|w| w.chars().all(|c| c.is_lowercase())));
        }
    }

    #[test]
    fn finds_doubled_words_across_a_soft_break() {
        assert_eq!(found("Work with the the team.\n"), ["the the"]);
        assert_eq!(found("Work with the\nthe team.\n"), ["the\nthe"]);
        assert_eq!(found("- Talk to\n  to people.\n"), ["to\n  to"]);
        assert_eq!(found("## The the Heading\n"), ["The the"]);
        assert_eq!(found("a b b b c\n"), ["b b", "b b"]);
        assert_eq!(found("Defined in in the platform.\n"), ["in in"]);
        assert_eq!(found("The the Team team.\n"), ["The the", "Team team"]);
        assert_eq!(found("Look at at the end.\n"), ["at at"]);
    }

    #[test]
    fn ignores_boundaries_code_and_allowed_words() {
        for text in [
            "Ends with the.\nThe next one.\n",
            "One paragraph the\n\nthe other.\n",
            "## Heading the\nthe paragraph.\n",
            "Run `the the` here and\n\n```\nto to\n```\n",
            "He said that that was fine, and it had had effects.\n",
            "Use the `x` the way.\n",
            "Read [the](a) the docs and *the* the rest.\n",
            "| the | the |\n|---|---|\n| a | a |\n",
            "Version 1 1 and 2.2 2.\n",
            "- item the\n- the item\n",
            "Hard break the  \nthe next.\n",
            "Value in in-person meetings, a check-in in a week, on on-call.\n",
            "Adding AND and OR filters.\n",
            "Same Same, but Different, says Walla Walla.\n",
            "Users who have not logged in in a month.\n",
            "Show longevity at at least one job, at at most two.\n",
            "{{< team-by-manager-role role=\"Manager\" >}}\n",
            "Files file.md and the the.txt name.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }
}
