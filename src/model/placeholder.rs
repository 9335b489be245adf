//! Sections that hold only a placeholder ("TBD", "To be defined at time of
//! business need", "Coming soon"): written down, but as empty as a heading
//! with nothing under it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::document::{BlockKind, Document};

/// A paragraph that is a placeholder and nothing else.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\W*(?:
            tbd|tba|todo|xxx|coming\s+soon
            | (?:to\s+be|will\s+be)\s+(?:defined|determined|decided|added|confirmed|written|updated)
              (?:\s+(?:at|in|when|later|soon)\b[\w\s]*)?
              (?:\s*\((?:tbd|tba)\))?
        )\W*$",
    )
    .expect("valid regex")
});

/// A sentence that puts a level's content off ("The responsibilities and
/// requirements for a Junior Widget Analyst would be defined at the time of
/// business need").
static DEFERRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:would|will|to)\s+be\s+(?:defined|determined)\s+(?:at|when|once)\b")
        .expect("valid regex")
});

/// Whether a paragraph says the content it stands for comes later.
pub fn defers_content(text: &str) -> bool {
    DEFERRED.is_match(text)
}

/// Whether a paragraph's text only stands in for content.
pub fn is_placeholder(text: &str) -> bool {
    PLACEHOLDER.is_match(text.trim())
}

/// When every paragraph in `range` is a placeholder (and there is at least
/// one, and nothing else to read but lists and rules), the first one's span.
pub fn placeholder_only(doc: &Document, range: Range<usize>) -> Option<Range<usize>> {
    let mut first = None;
    for block in doc.blocks.iter().filter(|b| range.contains(&b.span.start)) {
        match block.kind {
            BlockKind::Paragraph if is_placeholder(&block.text) => {
                first.get_or_insert_with(|| block.span.clone());
            }
            BlockKind::List | BlockKind::ThematicBreak => {}
            _ => return None,
        }
    }
    first
}

/// When heading `heading` has no sub-headings and only a placeholder under
/// it, the placeholder's span.
pub fn placeholder_section(doc: &Document, heading: usize) -> Option<Range<usize>> {
    let end = doc.section_end(heading);
    if doc
        .headings
        .get(heading + 1)
        .is_some_and(|next| next.span.start < end)
    {
        return None;
    }
    placeholder_only(doc, doc.headings[heading].span.end..end)
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders_are_told_from_content() {
        for text in [
            "TBD",
            "TBD.",
            "To be defined at time of business need.",
            "To Be Defined (TBD)",
            "Coming soon!",
            "To be determined",
            "*TODO*",
        ] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in [
            "TBD by the hiring manager and the team lead, with the candidate",
            "Build widgets.",
            "Targets to be defined with your manager each quarter.",
            "N/A",
        ] {
            assert!(!is_placeholder(text), "{text}");
        }
    }
}
