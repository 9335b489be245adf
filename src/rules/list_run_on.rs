use crate::model::span::list_marker_end;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags a line that Markdown folds into the list item above it although
/// it was written as text of its own: an unindented line right after a
/// bullet, with no blank line between, that starts a new sentence (a capital
/// letter after a bullet that ends a sentence, or the line that ends the
/// list). Markdown reads such a line as the rest of the bullet (a "lazy
/// continuation"), so the paragraph after a list renders inside its last
/// item, and a bullet whose marker was lost renders inside the one before.
///
/// Not reported: continuation lines that are indented (the author meant
/// them to belong to the bullet), lines that go on with a sentence (a
/// bullet wrapped by hand mid-sentence, starting with a lower-case word or
/// after a line that does not end a sentence), bullets wrapped over more
/// than two lines (the author's own layout, even when a new sentence starts
/// a line), and lines in code, quotes or tables. So a paragraph of two lines
/// or more run into a list is not caught. Runs on job-family pages only:
/// handbook pages often put a description line under a bold list entry on
/// purpose (about half of 227 such lines on a 4,000-page handbook were meant
/// as part of the item), while in a job family each bullet is one
/// requirement or step.
///
/// ## Why is this bad?
/// The reader sees "Additional details about our process can be found on
/// our hiring page" as the last hiring step, or two requirements run
/// together as one bullet.
///
/// ## Example
/// ```markdown
/// - 45 minute interview with the Director, Widgets
/// Additional details about our process can be found on our hiring page.
/// ```
/// Separate the paragraph from the list with a blank line (the fix), or
/// restore the lost `- ` marker:
/// ```markdown
/// - 45 minute interview with the Director, Widgets
///
/// Additional details about our process can be found on our hiring page.
/// ```
pub struct ListRunOn;

impl ListRunOn {
    pub fn new(_: &RuleData) -> Self {
        ListRunOn
    }
}

impl Rule for ListRunOn {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let text = doc.text.as_str();
        for (i, item) in doc.items.iter().enumerate() {
            // The item's own lines: up to its first nested item.
            let own_end = doc
                .items
                .get(i + 1)
                .filter(|next| next.start < item.end)
                .map_or(item.end, |next| next.start);
            let own = &text[item.start..own_end];
            // One line after the marker line, and nothing after it in the
            // item: a bullet wrapped over several lines is the author's own
            // layout, whatever its sentences.
            let Some((first, rest)) = own.trim_end().split_once('\n') else {
                continue;
            };
            let line = rest.trim_end_matches('\r');
            if line.contains('\n') || line.trim().is_empty() {
                continue;
            }
            let start = item.start + first.len() + 1;
            let leading = line.len() - line.trim_start().len();
            let is_last_item = doc.items.get(i + 1).is_none_or(|next| {
                // The next item starts after a blank line or elsewhere.
                next.start >= item.end && text[item.end..next.start].contains("\n\n")
            });
            if leading < list_marker_end(own).min(2)
                && starts_sentence(line.trim_start())
                && (ends_sentence(first) || is_last_item)
                && !doc.in_code(start + leading)
                && !in_quote_or_table(line)
            {
                out.push(
                    Diagnostic::new(
                        RuleCode::ListRunOn,
                        start + leading..start + line.len(),
                        "line runs on into the list item above it".to_string(),
                    )
                    .with_help(
                        "add a blank line before it, or a list marker if it is an item of its own",
                    )
                    .with_fix(Fix::unsafe_edit(start..start, "\n")),
                );
            }
        }
    }
}

/// A line that opens a sentence: a capital letter, not a name written in
/// capitals mid-sentence (`GitLab`, `API`).
fn starts_sentence(line: &str) -> bool {
    let word: &str = line
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase() && word.len() > 1 && chars.all(|c| c.is_lowercase() || c == '\'')
}

/// Whether a line ends a sentence (or a link or parenthesis closing one).
fn ends_sentence(line: &str) -> bool {
    let line = line.trim_end();
    line.ends_with(['.', '!', '?', ')'])
}

fn in_quote_or_table(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('>') || line.starts_with('|')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn check(text: &str) -> Vec<usize> {
        let (doc, out) = check_page(&ListRunOn, "content/job-families/x/y.md", text);
        out.iter()
            .map(|d| doc.lines.line_of(d.span.start))
            .collect()
    }

    #[test]
    fn a_paragraph_after_the_last_bullet_runs_on() {
        let page = "## Hiring Process\n\n- Screening call\n- 45 minute interview with the Director\nAdditional details about our process can be found on our hiring page.\n";
        assert_eq!(check(page), [5]);
    }

    #[test]
    fn a_lost_marker_joins_two_requirements() {
        let page = "- Prior people management experience.\nEnjoys working hard and acts with energy.\n- Copes with change.\n";
        assert_eq!(check(page), [2]);
    }

    #[test]
    fn wrapped_bullets_and_separated_paragraphs_are_fine() {
        for page in [
            "- A long bullet that the author wrapped\nby hand in the middle of a sentence.\n- Next one.\n",
            "- A bullet that wraps before a name such as\nGitLab, which is capitalised.\n- Next.\n",
            "- Screening call\n\nAdditional details are on our hiring page.\n",
            "- First bullet ends here.\n  Indented text belongs to the bullet on purpose.\n- Next.\n",
            "- First bullet.\n- Second bullet.\n",
            "- A bullet wrapped by hand over lines.\nIts second sentence starts a line.\nAnd a third.\n",
        ] {
            assert!(check(page).is_empty(), "{page}");
        }
    }

    #[test]
    fn the_fix_inserts_a_blank_line() {
        let text = "- Interview with the Director\nAdditional details are on our hiring page.\n";
        let (_, out) = check_page(&ListRunOn, "content/job-families/x/y.md", text);
        let edit = &out[0].fix.as_ref().unwrap().edits[0];
        assert_eq!(edit.range.start, text.find("Additional").unwrap());
        assert_eq!(edit.replacement, "\n");
    }
}
