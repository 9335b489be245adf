//! Where on a page prose is not to be checked, and what a word's place
//! in it says: a sentence's first word, a name, a label.

use std::ops::Range;

use crate::language::english::is_foreign;
use crate::model::document::{Document, TextRun};

/// What the rule works out once per page: where prose is not to be checked.
pub(super) struct Page<'d> {
    pub(super) doc: &'d Document,
    /// Regions where Vale's spelling check is off.
    vale_off: Vec<Range<usize>>,
}

impl<'d> Page<'d> {
    pub(super) fn new(doc: &'d Document) -> Page<'d> {
        let mut vale_off: Vec<Range<usize>> = Vec::new();
        let mut off_since: Option<usize> = None;
        for comment in &doc.comments {
            match vale_spelling(&comment.body) {
                Some(false) if off_since.is_none() => off_since = Some(comment.span.end),
                Some(true) => {
                    if let Some(start) = off_since.take() {
                        vale_off.push(start..comment.span.start);
                    }
                }
                _ => {}
            }
        }
        if let Some(start) = off_since {
            vale_off.push(start..doc.text.len());
        }
        Page { doc, vale_off }
    }

    /// True inside a Hugo shortcode or where Vale's spelling check is off.
    pub(super) fn is_skipped(&self, offset: usize) -> bool {
        self.doc.in_shortcode(offset) || self.vale_off.iter().any(|s| s.contains(&offset))
    }

    /// True when the text around `run` is not English: the paragraph
    /// holding it, or the run itself outside paragraphs.
    pub(super) fn is_foreign(&self, run: &TextRun) -> bool {
        let text = self
            .doc
            .paragraph_at(run.span.start)
            .map_or(run.text.as_str(), |b| b.text.as_str());
        is_foreign(text)
    }

    /// True when a part of the page's path is `word` (in any case): the
    /// page is about it, and it is a name (`Instruqt` on `instruqt.md`).
    pub(super) fn is_subject(&self, word: &str) -> bool {
        self.doc
            .path
            .to_string_lossy()
            .split(|c: char| !c.is_alphanumeric())
            .any(|part| part.eq_ignore_ascii_case(word))
    }

    /// True when the word at `span` is part of a larger word split by markup
    /// (`**S**pecific`, `` `L`everage ``).
    pub(super) fn is_split_by_markup(&self, span: &Range<usize>) -> bool {
        let text = &self.doc.text;
        let markup = |c: char| matches!(c, '*' | '_' | '`' | '~');
        let before = text[..span.start].trim_end_matches(markup);
        let after = text[span.end..].trim_start_matches(markup);
        (before.len() < span.start
            && before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric))
            || (after.len() < text.len() - span.end
                && after.chars().next().is_some_and(char::is_alphanumeric))
    }

    /// True when an unknown word names something rather than being prose,
    /// or is not a whole word: the line spells it inside a handle or URL
    /// (`[lstrip](…/lstrip/)`), it is the only word of a table cell
    /// (`| autosd |`), where values and identifiers stand, or a bracket
    /// glues it to a letter (`(E)xtracting`).
    pub(super) fn is_label(&self, word: &str, span: &Range<usize>) -> bool {
        let lines = &self.doc.lines;
        let line = lines.line_range(&self.doc.text, lines.line_of(span.start));
        let text = &self.doc.text;
        let bracket = |c: char| matches!(c, '(' | ')' | '[' | ']');
        let glued = |mut chars: std::str::Chars<'_>, back: bool| {
            let mut next = || {
                if back {
                    chars.next_back()
                } else {
                    chars.next()
                }
            };
            next().is_some_and(bracket) && next().is_some_and(char::is_alphanumeric)
        };
        if glued(text[..span.start].chars(), true)
            || glued(text[span.end..].chars(), false)
            || spelled_in_url(&text[line.clone()], word)
        {
            return true;
        }
        if !text[line.clone()].contains('|') {
            return false;
        }
        let before = &text[line.start..span.start];
        let after = &text[span.end..line.end];
        let cell_start = before.rfind('|').map_or(0, |i| i + 1);
        let cell_end = after.find('|').unwrap_or(after.len());
        let rest = |s: &str| s.trim_matches(|c: char| !c.is_alphanumeric()).is_empty();
        before.contains('|') && rest(&before[cell_start..]) && rest(&after[..cell_end])
    }

    /// True when the word at `start` opens a sentence: the first word of a
    /// paragraph, list item or heading (after any emphasis or link bracket),
    /// or the first after a full stop, question or exclamation mark or colon.
    pub(super) fn opens_sentence(&self, start: usize) -> bool {
        let text = &self.doc.text;
        let before = text[..start].trim_end_matches(|c: char| {
            matches!(c, ' ' | '\t' | '*' | '_' | '[' | '"' | '\u{201C}' | '(')
        });
        if before.ends_with(['.', '!', '?', ':']) {
            return true;
        }
        let block_start = match self.doc.paragraph_at(start) {
            Some(p) => p.span.start,
            None => match self.doc.heading_at(start) {
                Some(h) if self.doc.headings[h].text_span.contains(&start) => {
                    self.doc.headings[h].text_span.start
                }
                _ => return false,
            },
        };
        before.len() <= block_start
    }

    /// True when the line holding a capitalised word also writes it, in lower
    /// case, inside a handle or URL: the word is a name
    /// (`[Tye Davis](https://gitlab.com/davistye)`, `Petra Foget (@pfoget)`).
    pub(super) fn is_name(&self, word: &str, span: &Range<usize>) -> bool {
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let lines = &self.doc.lines;
        let line = lines.line_range(&self.doc.text, lines.line_of(span.start));
        spelled_in_url(&self.doc.text[line], word)
    }
}

/// True when `line` spells `word` (in any case) inside a handle or URL.
pub(super) fn spelled_in_url(line: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    line.split(|c: char| c.is_whitespace() || matches!(c, '|' | '(' | ')' | '[' | ']' | '`'))
        .filter(|t| t.contains('@') || t.contains("://"))
        .any(|t| t.to_lowercase().contains(&lower))
}

/// `Some(false)` for a comment that turns Vale's spelling check off
/// (`vale off`, `vale handbook.Spelling = NO`), `Some(true)` for one that
/// turns it back on.
pub(super) fn vale_spelling(comment: &str) -> Option<bool> {
    let rest = comment.trim().strip_prefix("vale")?.trim();
    match rest {
        "off" => return Some(false),
        "on" => return Some(true),
        _ => {}
    }
    let (rules, value) = rest.split_once('=')?;
    if !rules.split_whitespace().any(|r| r.ends_with(".Spelling")) {
        return None;
    }
    match value.trim() {
        "NO" => Some(false),
        "YES" => Some(true),
        _ => None,
    }
}
