//! Between byte offsets into a page's text and LSP positions: a line and a
//! column counted in UTF-16 code units (the protocol's default) or in UTF-8
//! bytes (when the client offers `utf-8` in `positionEncodings`).
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says (and as
//! [`crate::model::span::LineIndex`] ends them). A position past the end of
//! its line lands at the line's end, a line past the end of the text at the
//! text's end, and a column inside a character (half of a surrogate pair, the
//! middle of a UTF-8 sequence) at the start of that character: the protocol
//! asks servers to be lenient with what clients send.

use lsp_types::{Position, PositionEncodingKind, Range};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    /// The encoding to use, from what the client offers: UTF-8 when it is
    /// offered (no conversion), else the default UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

/// A page's line starts, for converting positions in both directions.
#[derive(Debug, Clone)]
pub struct LineMap {
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    encoding: Encoding,
}

impl LineMap {
    pub fn new(text: &str, encoding: Encoding) -> LineMap {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineMap { starts, encoding }
    }

    /// The byte range of a 0-based line, without its line ending.
    fn line(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The LSP position of a byte offset (clamped to the text, and moved back
    /// to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let range = self.line(text, line);
        let end = offset.min(range.end);
        let column: usize = text[range.start..end]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, text: &str, span: std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end.max(span.start)),
        )
    }

    /// The byte offset of an LSP position (lenient, see the module doc).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let range = self.line(text, line);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in text[range.clone()].char_indices() {
            let width = self.encoding.width(c);
            if units + width > wanted {
                return range.start + i;
            }
            units += width;
        }
        range.end
    }

    /// The byte span of an LSP range (start never after end).
    pub fn span(&self, text: &str, range: Range) -> std::ops::Range<usize> {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end);
        start.min(end)..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, encoding: Encoding) {
        let map = LineMap::new(text, encoding);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let position = map.position(text, offset);
            // Offsets on a line ending map to the line's end: skip those.
            if text[offset..].starts_with('\n') && offset > 0 && text[..offset].ends_with('\r') {
                continue;
            }
            assert_eq!(
                map.offset(text, position),
                offset,
                "{encoding:?} {offset} {position:?} in {text:?}"
            );
        }
    }

    #[test]
    fn ascii_lines() {
        let text = "# Title\n\nThe Widget Engineer\n";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.position(text, 0), Position::new(0, 0));
        assert_eq!(map.position(text, 10), Position::new(2, 1));
        assert_eq!(map.offset(text, Position::new(2, 4)), 13);
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }

    #[test]
    fn emoji_count_two_utf16_units_and_four_bytes() {
        // 🚀 is outside the basic plane: a surrogate pair in UTF-16.
        let text = "- 🚀 Ship widgets fast\n";
        let ship = text.find("Ship").unwrap();
        let utf16 = LineMap::new(text, Encoding::Utf16);
        let utf8 = LineMap::new(text, Encoding::Utf8);
        assert_eq!(utf16.position(text, ship), Position::new(0, 5));
        assert_eq!(utf8.position(text, ship), Position::new(0, 7));
        assert_eq!(utf16.offset(text, Position::new(0, 5)), ship);
        assert_eq!(utf8.offset(text, Position::new(0, 7)), ship);
        // Half a surrogate pair lands on the character's start.
        assert_eq!(utf16.offset(text, Position::new(0, 3)), 2);
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }

    #[test]
    fn wide_and_accented_characters() {
        // CJK characters are one UTF-16 unit and three bytes; "é" one unit, two bytes.
        let text = "## 工程师 café\nThe Widget Engineer reports to the Manager.\n";
        let cafe = text.find("café").unwrap();
        let utf16 = LineMap::new(text, Encoding::Utf16);
        let utf8 = LineMap::new(text, Encoding::Utf8);
        assert_eq!(utf16.position(text, cafe), Position::new(0, 7));
        assert_eq!(utf8.position(text, cafe), Position::new(0, 13));
        let end = text.find('\n').unwrap();
        assert_eq!(utf16.position(text, end), Position::new(0, 11));
        assert_eq!(utf8.position(text, end), Position::new(0, 18));
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.position(text, 3), Position::new(1, 0));
        assert_eq!(map.position(text, 5), Position::new(2, 0));
        assert_eq!(map.position(text, 7), Position::new(3, 0));
        // The end of a CRLF line is before the `\r`.
        assert_eq!(map.offset(text, Position::new(0, 9)), 1);
        round_trip(text, Encoding::Utf16);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\ncd";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.offset(text, Position::new(0, 99)), 2);
        assert_eq!(map.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(map.position(text, 99), Position::new(1, 2));
        let empty = LineMap::new("", Encoding::Utf8);
        assert_eq!(empty.position("", 0), Position::new(0, 0));
        assert_eq!(empty.offset("", Position::new(3, 3)), 0);
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
    }
}
