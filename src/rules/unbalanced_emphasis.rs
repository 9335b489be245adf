use std::ops::Range;

use crate::model::document::{Document, TextRun};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Flags a stray `*` or `_` that Markdown left as a literal character: an
/// emphasis marker with nothing to pair with ("across the * various teams",
/// "*bold text" with no closing `*`, "** Note**" with a space inside).
///
/// A lone `*` between two lower-case words (`detail*oriented`) is reported
/// too: it stands for a hyphen or a space.
///
/// Not reported: `snake_case` words and other markers inside a word,
/// identifiers (`_config`, `utm_`), fill-in blanks (`____`), products like
/// `2 * 3` or `headcount * 5%`, wildcards (`*.md`, `/handbook/*`, `P*`,
/// `auto.*`), escaped `\*`, a required-field `*` after a question, and `*` or
/// `**` used as a footnote marker ("Salary*" answered by a line that starts
/// with `*`, or a leading `*` on several lines).
///
/// ## Why is this bad?
/// The author meant bold or italic text, or a bullet; readers see an asterisk
/// or an underscore in the middle of a sentence instead.
///
/// ## Example
/// ```markdown
/// Collaborate across the * various teams and **own the roadmap.
/// ```
/// Use instead:
/// ```markdown
/// Collaborate across the various teams and **own the roadmap**.
/// ```
pub struct UnbalancedEmphasis;

impl UnbalancedEmphasis {
    pub fn new(_: &RuleData) -> Self {
        UnbalancedEmphasis
    }
}

/// Where a run of markers sits relative to the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// Spaces (or the line's edge) on both sides.
    Alone,
    /// Opens a word: `*bold`.
    Opening,
    /// Closes a word: `bold*`.
    Closing,
    /// Inside a word: `snake_case`, `f*o`.
    Inside,
}

/// One run of literal markers in the prose.
#[derive(Debug)]
struct Marker {
    span: Range<usize>,
    ch: char,
    position: Position,
    /// The first thing on its line, after list, quote and table markers.
    leads_line: bool,
    /// The last thing on its line.
    ends_line: bool,
    /// Another run of the same markers comes earlier on the same line.
    paired_before: bool,
    /// Another run of the same markers comes later on the same line.
    paired_after: bool,
}

impl Rule for UnbalancedEmphasis {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let mut markers: Vec<Marker> = doc
            .prose
            .iter()
            .filter(|run| run.in_link.is_none_or(|l| !is_autolink(doc, l)))
            .flat_map(|run| markers_in(doc, run))
            .collect();
        pair_on_lines(doc, &mut markers);
        let footnotes = [1, 2].map(|len| uses_footnote_stars(&markers, len));
        for m in &markers {
            let footnote = m.ch == '*'
                && footnotes[m.span.len().clamp(1, 2) - 1]
                && (m.position == Position::Closing || m.leads_line || m.ends_line);
            if footnote || !is_stray(doc, m) {
                continue;
            }
            let written = &doc.text[m.span.clone()];
            out.push(
                Diagnostic::new(
                    RuleCode::UnbalancedEmphasis,
                    m.span.clone(),
                    format!("`{written}` has no partner and shows as a literal character"),
                )
                .with_help(format!(
                    "close the emphasis, remove the `{written}`, or escape it as `\\{}`",
                    m.ch
                )),
            );
        }
    }
}

/// Does the page use runs of `len` stars as footnote markers? It does when a
/// line starts with one and a word ends with one ("Salary*" … "* Paid in
/// USD"), when several lines start with one (notes on several levels), or when
/// several words end with one.
fn uses_footnote_stars(markers: &[Marker], len: usize) -> bool {
    let stars = markers
        .iter()
        .filter(|m| m.ch == '*' && m.span.len() == len);
    let (mut notes, mut references) = (0, 0);
    for m in stars {
        // `** Note**` on one line is a bold that failed, not a note and its mark.
        if m.leads_line && m.position != Position::Closing && !m.paired_after {
            notes += 1;
        } else if (m.position == Position::Closing
            || (m.position == Position::Alone && m.ends_line))
            && !m.paired_before
        {
            references += 1;
        }
    }
    // Several lines led by `*` are notes; several `**` are unclosed bold.
    (notes >= 1 && references >= 1) || (len == 1 && notes >= 2) || references >= 3
}

/// Marks markers that share their line with another run of the same markers.
fn pair_on_lines(doc: &Document, markers: &mut [Marker]) {
    let key = |m: &Marker| (doc.lines.line_of(m.span.start), m.ch, m.span.len());
    for i in 1..markers.len() {
        if let Some(j) = (0..i).rev().find(|&j| key(&markers[j]) == key(&markers[i])) {
            markers[i].paired_before = true;
            markers[j].paired_after = true;
        }
    }
}

fn is_autolink(doc: &Document, link: usize) -> bool {
    doc.links
        .get(link)
        .and_then(|l| doc.text.get(l.span.clone()))
        .is_none_or(|s| !s.starts_with('['))
}

/// Runs of `*` and `_` in the source of a text run (escaped ones aside).
fn markers_in(doc: &Document, run: &TextRun) -> Vec<Marker> {
    let mut found = Vec::new();
    let Some(source) = doc.text.get(run.span.clone()) else {
        return found;
    };
    if !run.text.contains(['*', '_']) {
        return found;
    }
    // The run's span must hold exactly its literal markers (an escaped `\*`
    // is one too); when it does not, the span is approximate: skip the run.
    let is_marker = |c: char| c == '*' || c == '_';
    if run.text.chars().filter(|&c| is_marker(c)).count()
        != source.chars().filter(|&c| is_marker(c)).count()
    {
        return found;
    }
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'*' && b != b'_' {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < bytes.len() && bytes[end] == b {
            end += 1;
        }
        let start = run.span.start + i;
        let stop = run.span.start + end;
        i = end;
        if is_escaped(&doc.text, start) {
            continue;
        }
        let before = doc.text[..start].chars().next_back();
        let after = doc.text[stop..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
        // A closing bracket or a comma right after still ends a word: `Impact **)`.
        let closes = after.is_some_and(|c| matches!(c, ')' | ']' | '|' | ',' | ';' | ':' | '.'));
        let position = match (word(before), word(after)) {
            (false, true) if closes => Position::Closing,
            (false, false) => Position::Alone,
            (false, true) => Position::Opening,
            (true, false) => Position::Closing,
            (true, true) => {
                // Punctuation on one side counts as a word edge: `(*note`, `bold*,`.
                let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                match (alnum(before), alnum(after)) {
                    (true, true) | (false, false) => Position::Inside,
                    (false, true) => Position::Opening,
                    (true, false) => Position::Closing,
                }
            }
        };
        let line_start = doc.lines.line_start(doc.lines.line_of(start));
        let leads_line = doc.text[line_start..start]
            .trim_start_matches(|c: char| {
                c.is_whitespace()
                    || matches!(c, '-' | '+' | '*' | '>' | '|' | '.' | ')')
                    || c.is_ascii_digit()
            })
            .is_empty();
        let ends_line = doc.text[stop..]
            .split('\n')
            .next()
            .is_some_and(|rest| rest.trim().is_empty());
        found.push(Marker {
            span: start..stop,
            ch: b as char,
            position,
            leads_line,
            ends_line,
            paired_before: false,
            paired_after: false,
        });
    }
    found
}

/// Preceded by an odd number of backslashes.
fn is_escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// The words (up to spaces) right before and right after `span`.
fn tokens<'a>(text: &'a str, span: &Range<usize>) -> (&'a str, &'a str) {
    let head = &text[..span.start];
    let before = &head[head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())..];
    let tail = &text[span.end..];
    let after = &tail[..tail.find(char::is_whitespace).unwrap_or(tail.len())];
    (before, after)
}

/// A lone `*` between two lower-case words (`detail*oriented`, `Hands*on`): a
/// hyphen or a space the author mistyped. Not a masked word (`f*ck`), a
/// product (`2*3`, `a*b`) or a path.
fn joins_two_words(doc: &Document, m: &Marker) -> bool {
    if in_markup(doc, m.span.start) {
        return false;
    }
    let (before, after) = tokens(&doc.text, &m.span);
    let tail = before.trim_start_matches(|c: char| !c.is_alphanumeric());
    let head = after.trim_end_matches(|c: char| !c.is_alphanumeric());
    tail.chars().count() >= 3
        && tail.chars().all(char::is_alphabetic)
        && head.chars().count() >= 2
        && head.chars().all(|c| c.is_lowercase())
}

/// Is `offset` inside a Hugo shortcode or a TeX formula on its line?
fn in_markup(doc: &Document, offset: usize) -> bool {
    let line = doc.lines.line_range(&doc.text, doc.lines.line_of(offset));
    let Some(text) = doc.text.get(line.clone()) else {
        return false;
    };
    if text.contains("\\[") || text.contains("\\(") || text.contains("$$") {
        return true;
    }
    let before = &doc.text[line.start..offset];
    match (before.rfind("{{"), before.rfind("}}")) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Words after which a lone `*` cannot be an operator.
const STOP_WORDS: &[&str] = &[
    "a", "across", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
    "our", "the", "their", "to", "with", "your",
];

fn is_stray(doc: &Document, m: &Marker) -> bool {
    if m.position == Position::Inside && m.ch == '*' && m.span.len() == 1 {
        return joins_two_words(doc, m);
    }
    if m.position == Position::Inside || m.span.len() >= 3 || in_markup(doc, m.span.start) {
        // Inside a word, a fill-in blank (`____`) or a rule (`******`).
        return false;
    }
    let (before, after) = tokens(&doc.text, &m.span);
    let prev_char = before.chars().next_back();
    let next_char = after.chars().next();
    // Wildcards and paths: `*.md`, `/handbook/*`, `*/`, `_index.md`, URLs.
    let pathish = |s: &str| s.contains(['/', '@', '\\', '=', '<', '>', '`', '{', '}', '#']);
    if pathish(before) || pathish(after) || next_char == Some('.') || prev_char == Some('/') {
        return false;
    }
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let quote = |c: Option<char>| matches!(c, Some('"' | '\'' | '“' | '‘'));
    let prev_word = doc.text[..m.span.start].split_whitespace().next_back();
    let next_word = doc.text[m.span.end..]
        .split_whitespace()
        .next()
        .filter(|_| doc.lines.line_of(m.span.end) == doc.lines.line_of(m.span.start));
    let capitalised = |w: Option<&str>| {
        w.is_some_and(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.next().is_some_and(char::is_lowercase)
        })
    };
    let sentence_follows = next_word
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    if m.ch == '_' {
        // `_config`, `_blank`, `utm_`: identifiers. `_Note: …` and `_ Work`
        // were meant as italics.
        return match m.position {
            Position::Opening => !quote(prev_char) && capitalised(Some(after)),
            Position::Alone => next_word
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_alphabetic),
            _ => false,
        };
    }
    if m.span.len() == 2 {
        // `**` is never a wildcard; a stray one is a bold that did not close.
        // `** Note …` leading a line is a footnote.
        let footnote_note = m.position == Position::Alone && m.leads_line && !m.paired_after;
        return !digit(next_char) && !footnote_note;
    }
    match m.position {
        Position::Inside => false,
        // `*Note: …` leading a line reads as a footnote; `(*x` and `"*x"` are
        // patterns. In the middle of a line, `*word` is an unclosed italic.
        Position::Opening => {
            !m.leads_line && !quote(prev_char) && !digit(next_char) && next_char != Some('(')
        }
        // `Salary*`, `No*`: a footnote reference, `P*` a wildcard. Only a star
        // between two sentences (`forecast.* Track`) is stray.
        Position::Closing => matches!(prev_char, Some('.' | '!' | '?')) && sentence_follows,
        Position::Alone => {
            // "across the * various", "planning. * Provide", "Sales *
            // Operations"; not `N * more`, `ARR * Number`, `headcount * 5%`.
            let numeric =
                |w: Option<&str>| w.is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()));
            let starts_word = next_word
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_alphabetic);
            let after_break = prev_word.is_none_or(|w| {
                w.ends_with(['.', ',', ';', ':', '!', '?'])
                    || STOP_WORDS.contains(&w.to_lowercase().as_str())
            });
            let line = doc
                .lines
                .line_range(&doc.text, doc.lines.line_of(m.span.start));
            let formula = [" + ", " = "]
                .iter()
                .any(|op| doc.text[line.clone()].contains(op));
            starts_word
                && !formula
                && !numeric(prev_word)
                && !numeric(next_word)
                && !m.leads_line
                && (after_break || (capitalised(prev_word) && capitalised(next_word)))
        }
    }
}
