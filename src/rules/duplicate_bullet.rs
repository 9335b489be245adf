use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::model::document::{Block, BlockKind, Document};
use crate::model::span::list_marker_end;
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags a bullet that repeats an earlier bullet of the same section: the
/// same words in the same order, compared without case, punctuation or
/// Markdown (`Ability to use GitLab.` repeats `Ability to use GitLab`).
/// Bullets are compared with the other items of their own list (and list
/// level) under the same heading, so a level's Requirements may repeat the
/// family's, two levels may share a bullet, and a section may hold one list
/// for engineers and another for their managers. Bullets of fewer than three words are
/// left alone (`Python`, `Go`), and so are the steps of a hiring process,
/// where two peer interviews are two steps. Runs on job-family pages.
///
/// Not caught: a bullet reworded on its way to a second copy ("Own the
/// relationship with the vendor" and "Responsible for managing the
/// relationship with the vendor"); a repeat in another section or level.
///
/// ## Why is this bad?
/// A repeated requirement or responsibility is a copy-and-paste slip: the
/// list reads longer than it is, and an edit to one copy leaves the other
/// behind.
///
/// ## Example
/// ```markdown
/// #### Requirements
///
/// - Experience running widget campaigns across regions.
/// - Ability to use GitLab
/// - Experience running widget campaigns across regions
/// ```
/// Remove the second copy. The fix, which deletes it, is unsafe: check
/// which copy holds the wording you want.
pub struct DuplicateBullet;

/// Where a bullet stands (heading, list, parent item) and its words: two
/// bullets with the same place are copies.
type Place<'b> = (Option<usize>, Option<usize>, Option<usize>, &'b [String]);

/// Bullets shorter than this are names in a list of tools or languages.
const MIN_WORDS: usize = 3;

impl DuplicateBullet {
    pub fn new(_: &RuleData) -> Self {
        DuplicateBullet
    }
}

/// One list item: where it is, its own text (without nested items), the
/// words compared and the item that holds it.
struct Bullet {
    span: std::ops::Range<usize>,
    own: std::ops::Range<usize>,
    key: Vec<String>,
    parent: Option<usize>,
    /// The top-level list block that holds the item.
    list: Option<usize>,
    section: Option<usize>,
    nested: bool,
}

impl Rule for DuplicateBullet {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let bullets = bullets(doc);
        // The first bullet with each (place, words): one hash lookup a
        // bullet, so a page of many thousand items stays linear.
        let mut first: HashMap<Place<'_>, usize> = HashMap::new();
        for (i, later) in bullets.iter().enumerate() {
            if later.key.len() < MIN_WORDS
                || later.section.is_some_and(|h| in_hiring_process(doc, h))
            {
                continue;
            }
            let place = (
                later.section,
                later.list,
                later.parent,
                later.key.as_slice(),
            );
            let earlier = match first.entry(place) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                    continue;
                }
                Entry::Occupied(slot) => &bullets[*slot.get()],
            };
            let line = doc.lines.line_of(earlier.own.start);
            let mut d = Diagnostic::new(
                RuleCode::DuplicateBullet,
                text_of(doc, later.own.clone()),
                format!("bullet repeats the bullet on line {line}"),
            )
            .with_help("remove one of the two copies");
            if !later.nested {
                d = d.with_fix(Fix::unsafe_edit(whole_lines(doc, later.span.clone()), ""));
            }
            out.push(d);
        }
    }
}

/// Whether heading `h` is a hiring process or one of its sub-sections
/// (`### Round 2`).
fn in_hiring_process(doc: &Document, h: usize) -> bool {
    let mut at = Some(h);
    while let Some(i) = at {
        let text = doc.headings[i].text.to_ascii_lowercase();
        if text.contains("hiring") || text.contains("interview") {
            return true;
        }
        at = doc.headings[i].parent;
    }
    false
}

/// Every list item of the page, in order, with the item that holds it.
fn bullets(doc: &Document) -> Vec<Bullet> {
    let lists: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| b.top_level && b.kind == BlockKind::List)
        .collect();
    let mut result: Vec<Bullet> = Vec::with_capacity(doc.items.len());
    // Items are in page order and a nested item follows the item that holds
    // it: the open items form a stack.
    let mut open: Vec<usize> = Vec::new();
    for (i, span) in doc.items.iter().enumerate() {
        while open
            .last()
            .is_some_and(|&p| !doc.items[p].contains(&span.start))
        {
            open.pop();
        }
        let child = doc.items.get(i + 1).filter(|s| s.start < span.end);
        let own = span.start..child.map_or(span.end, |s| s.start);
        let list = lists.partition_point(|b| b.span.start <= span.start);
        let list = list
            .checked_sub(1)
            .filter(|&l| lists[l].span.contains(&span.start));
        result.push(Bullet {
            span: span.clone(),
            key: words(strip_marker(&doc.text[own.clone()])),
            own,
            parent: open.last().copied(),
            list,
            section: doc.heading_at(span.start),
            nested: child.is_some(),
        });
        open.push(i);
    }
    result
}

/// The item's text without its list marker (`-`, `*`, `+`, `1.`, `1)`) or
/// task box.
fn strip_marker(item: &str) -> &str {
    let rest = &item[list_marker_end(item)..];
    rest.strip_prefix("[ ]")
        .or_else(|| rest.strip_prefix("[x]"))
        .unwrap_or(rest)
}

/// The words of a bullet, lower case, without link destinations or
/// punctuation: what two copies of one bullet share.
fn words(text: &str) -> Vec<String> {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    // Drop `(destination)` after `]`: two copies may link differently.
    while let Some(at) = rest.find("](") {
        plain.push_str(&rest[..at]);
        rest = &rest[at + 2..];
        rest = rest.find(')').map_or("", |close| &rest[close + 1..]);
    }
    plain.push_str(rest);
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The item's text in `range`: after its marker, without surrounding white space.
fn text_of(doc: &Document, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let item = &doc.text[range.clone()];
    let text = strip_marker(item);
    let start = range.end - text.len();
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// `range` widened to whole lines, with the line break that ends them.
fn whole_lines(doc: &Document, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = doc.text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = doc.text[range.end.saturating_sub(1)..]
        .find('\n')
        .map_or(doc.text.len(), |i| range.end.saturating_sub(1) + i + 1);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn lines(text: &str) -> Vec<usize> {
        let (doc, out) = check_page(&DuplicateBullet, "content/job-families/x/y.md", text);
        out.iter()
            .map(|d| doc.lines.line_of(d.span.start))
            .collect()
    }

    #[test]
    fn a_repeated_bullet_is_reported_at_the_copy() {
        let page = "## Requirements\n\n- Experience running widget campaigns.\n- Ability to use GitLab\n- experience running *widget* campaigns\n";
        assert_eq!(lines(page), [5]);
    }

    #[test]
    fn repeats_in_other_sections_or_levels_are_fine() {
        let page = "## Requirements\n\n- Experience running widget campaigns\n\n### Senior\n\n- Experience running widget campaigns\n";
        assert!(lines(page).is_empty());
        let two_lists = "## PIs\n\nEngineers:\n\n- Open widget review time\n\nManagers:\n\n- Open widget review time\n";
        assert!(lines(two_lists).is_empty());
        let nested = "- Leads widget campaigns\n  - Experience with sprockets\n- Leads gadget campaigns\n  - Experience with sprockets\n";
        assert!(lines(nested).is_empty());
    }

    #[test]
    fn hiring_steps_may_repeat() {
        let page = "## Hiring Process\n\n### Round 2\n\n- 45 minute peer interview\n- 45 minute peer interview\n";
        assert!(lines(page).is_empty());
    }

    #[test]
    fn short_items_and_reworded_items_are_fine() {
        assert!(lines("- Ruby\n- Go\n- Ruby\n").is_empty());
        assert!(
            lines("- Own the vendor relationship\n- Manage the vendor relationship\n").is_empty()
        );
    }

    #[test]
    fn links_and_markers_do_not_hide_a_copy() {
        let page = "1. Follow the [widget guide](/a/) closely\n2. Follow the [widget guide](/b/) closely\n";
        assert_eq!(lines(page), [2]);
    }

    #[test]
    fn the_fix_removes_the_whole_line() {
        let text = "- Ability to use GitLab\n- Ability to use GitLab.\n- Last one here\n";
        let (_, out) = check_page(&DuplicateBullet, "content/job-families/x/y.md", text);
        let fix = out[0].fix.as_ref().unwrap();
        let edit = &fix.edits[0];
        assert_eq!(&text[edit.range.clone()], "- Ability to use GitLab.\n");
    }
}
