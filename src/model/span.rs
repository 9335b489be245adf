//! The one place that converts between byte offsets, comrak source positions
//! and the 1-based line/column pairs that reports show.
//!
//! Columns count Unicode scalar values, not bytes, so a finding after "é" or a
//! wide character lands where an editor puts its cursor. Tabs count as one column.

use std::ops::Range;

/// Byte offsets of line starts, built once per document.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Lines end as CommonMark (and so comrak) ends them: at `\n`, `\r\n`, or
    /// a `\r` alone, so comrak's line numbers and these agree on any file.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                .map(|i| i + 1),
        );
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset of the start of a 1-based line (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        let idx = line.saturating_sub(1).min(self.starts.len() - 1);
        self.starts[idx]
    }

    /// Byte range of a 1-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let mut end = if line < self.starts.len() {
            self.starts[line] - 1
        } else {
            self.len
        };
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let mut start = self.starts[line - 1];
        // A byte order mark is no character to an editor.
        if start == 0 && offset >= 3 && text.starts_with('\u{feff}') {
            start = 3;
        }
        let column = text[start..offset].chars().count() + 1;
        (line, column)
    }

    /// [`position`](Self::position) of many offsets at once: one sweep in
    /// offset order that counts each character once, so a long line with
    /// many findings stays linear (10 MB of repeated words: 2 million findings).
    pub fn positions(&self, text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_unstable_by_key(|&i| offsets[i]);
        let bom = text.starts_with('\u{feff}');
        let mut out = vec![(1, 1); offsets.len()];
        // The last offset placed: (offset, line, column).
        let mut last: Option<(usize, usize, usize)> = None;
        for i in order {
            let offset = floor_char_boundary(text, offsets[i].min(text.len()));
            let line = self.line_of(offset);
            let (line, column) = match last {
                Some((o, l, c)) if l == line && !(bom && line == 1 && o < 3) => {
                    (line, c + text[o..offset].chars().count())
                }
                _ => self.position(text, offset),
            };
            last = Some((offset, line, column));
            out[i] = (line, column);
        }
        out
    }

    /// Byte offset of a comrak source position: 1-based line and 1-based byte
    /// column. Column 0 (comrak's "before the line") maps to the line start.
    pub fn offset_of(&self, text: &str, line: usize, byte_column: usize) -> usize {
        if line == 0 {
            return 0;
        }
        if line > self.starts.len() {
            return self.len;
        }
        let start = self.line_start(line);
        floor_char_boundary(text, (start + byte_column.saturating_sub(1)).min(self.len))
    }

    /// Byte range covered by a comrak sourcepos (its end position is inclusive).
    pub fn sourcepos_range(&self, text: &str, sp: comrak::nodes::Sourcepos) -> Range<usize> {
        let start = self.offset_of(text, sp.start.line, sp.start.column);
        let end_incl = self.offset_of(text, sp.end.line, sp.end.column);
        // The end column points at the last byte of the node: step past the
        // whole character that starts there.
        let end = if sp.end.column == 0 {
            end_incl
        } else {
            next_char_boundary(text, end_incl)
        };
        start..end.max(start)
    }
}

/// The source range of a text literal that starts at `start`, allowing for
/// backslash escapes that comrak removed (`\|` in a table cell, `\*`). comrak
/// reports a span that is short by one byte per escape in table cells.
pub fn literal_range(text: &str, start: usize, literal: &str) -> Option<Range<usize>> {
    let source = text.get(start..)?;
    let mut src = source.char_indices().peekable();
    for want in literal.chars() {
        let (_, got) = src.next()?;
        if got == want {
            continue;
        }
        if got == '\\' && src.peek().is_some_and(|&(_, c)| c == want) {
            src.next();
            continue;
        }
        return None;
    }
    let end = src.peek().map_or(source.len(), |&(i, _)| i);
    Some(start..start + end)
}

pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn next_char_boundary(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    let mut j = i + 1;
    while j < text.len() && !text.is_char_boundary(j) {
        j += 1;
    }
    j
}

/// Where the text of a list item's first line starts: after its indentation,
/// its marker (`-`, `*`, `+`, `1.`, `1)`) and the spaces after it. A line
/// that is no list item starts at its first non-blank character.
pub fn list_marker_end(line: &str) -> usize {
    let marker = line.trim_start();
    let digits = marker.len()
        - marker
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let after = marker
        .strip_prefix(['-', '*', '+'])
        .or_else(|| {
            (digits > 0)
                .then(|| marker[digits..].strip_prefix(['.', ')']))
                .flatten()
        })
        .unwrap_or(marker);
    line.len() - after.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_markers_end_where_the_text_starts() {
        assert_eq!(list_marker_end("- Ability to use GitLab"), 2);
        assert_eq!(list_marker_end("  * Indented"), 4);
        assert_eq!(list_marker_end("12.  Twelfth"), 5);
        assert_eq!(list_marker_end("3) Third"), 3);
        assert_eq!(list_marker_end("  Plain text"), 2);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "é\tx\n好 word\r\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        // "é" is two bytes, the tab is one column.
        assert_eq!(idx.position(text, 3), (1, 3));
        let word = text.find("word").unwrap();
        assert_eq!(idx.position(text, word), (2, 3));
        let last = text.find("last").unwrap();
        assert_eq!(idx.position(text, last), (3, 1));
    }

    #[test]
    fn positions_in_one_sweep_match_one_by_one() {
        let text = "\u{feff}ab\u{e9}c\r\nd\u{597d}e\rf\n\n\tlong line here";
        let mut offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
        offsets.extend([5, 5, 0, 3]);
        let idx = LineIndex::new(text);
        let one_by_one: Vec<_> = offsets.iter().map(|&o| idx.position(text, o)).collect();
        assert_eq!(idx.positions(text, &offsets), one_by_one);
    }

    #[test]
    fn byte_order_mark_takes_no_column() {
        let text = "\u{feff}ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (1, 1));
        assert_eq!(idx.position(text, 4), (1, 2));
        assert_eq!(idx.position(text, text.len() - 1), (2, 2));
    }

    #[test]
    fn line_range_drops_crlf() {
        let text = "a\r\nbc\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(&text[idx.line_range(text, 1)], "a");
        assert_eq!(&text[idx.line_range(text, 2)], "bc");
        assert_eq!(&text[idx.line_range(text, 3)], "");
    }

    #[test]
    fn offsets_round_trip_through_comrak_sourcepos() {
        let text = "| a | b\\|c |\n|---|---|\n| x | 好y |\n";
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, text, &crate::model::document::comrak_options());
        let idx = LineIndex::new(text);
        for node in root.descendants() {
            let data = node.data();
            if let comrak::nodes::NodeValue::Text(t) = &data.value {
                let start = idx.sourcepos_range(text, data.sourcepos).start;
                let range = literal_range(text, start, t).expect("literal found in source");
                let slice = &text[range];
                // Escaped pipes are unescaped by comrak; everything else is verbatim.
                assert_eq!(
                    slice.replace("\\|", "|"),
                    t.as_ref(),
                    "text node {t:?} from {slice:?}"
                );
            }
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines_as_in_comrak() {
        let text = "para one\rstill one\r\r## Heading\r\nmixed\nlast \u{597d}\tx";
        let idx = LineIndex::new(text);
        assert_eq!(&text[idx.line_range(text, 2)], "still one");
        assert_eq!(&text[idx.line_range(text, 4)], "## Heading");
        assert_eq!(&text[idx.line_range(text, 5)], "mixed");
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, text, &crate::model::document::comrak_options());
        let heading = root
            .descendants()
            .find(|n| matches!(n.data().value, comrak::nodes::NodeValue::Heading(_)))
            .expect("a heading");
        let span = idx.sourcepos_range(text, heading.data().sourcepos);
        assert_eq!(&text[span], "## Heading");
        let x = text.rfind('x').unwrap();
        assert_eq!(idx.position(text, x), (6, 8));
    }

    #[test]
    fn out_of_range_offsets_are_clamped() {
        let text = "ab";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 99), (1, 3));
        assert_eq!(idx.offset_of(text, 9, 9), 2);
    }
}
