//! Sentences of a stretch of prose, as a reader of the rendered page sees them.

use std::ops::Range;

/// Where the sentences of `text` lie (untrimmed, together covering it): a
/// sentence ends after `.`, `!` or `?` followed by white space, or by closing
/// emphasis, quotes or a parenthesis and then white space (`**Where do we
/// meet?** In …`), as in the rendered text.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let closing = |c: char| matches!(c, '*' | '_' | '~' | '"' | '\'' | ')' | '”' | '’');
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let rest = &text[i + 1..];
        let marks = rest.find(|c: char| !closing(c)).unwrap_or(rest.len());
        let end = i + 1 + marks;
        if text[end..].starts_with(|c: char| c.is_ascii_whitespace()) {
            out.push(start..end);
            start = end;
        }
    }
    out.push(start..text.len());
    out
}
