use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::language::english::is_foreign;
use crate::language::spelling::{self, english};
use crate::model::distance::edit_distance_str;
use crate::model::document::{Document, LinkKind, TextRun};
use crate::model::words::{KeyFilter, key_hash};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

/// ## What it does
/// Checks prose for misspelled and unknown words and gives the correction.
/// Misspellings come from a general dictionary of common misspellings plus
/// the handbook's own list (`rules/handbook-typos.txt`, extended by
/// `words.corrections` in the configuration). A lower-case word of four letters or more that is in no
/// English word list (`rules/english-words.txt`, from SCOWL) and is not made
/// of English words (`codebase`, `reprioritize`) is reported as unknown when
/// exactly one common word (`rules/common-words.txt`) is closest to it: one
/// edit away (a letter added, dropped, changed, or two swapped), or two for
/// words of seven letters or more; when a word of seven letters or more is
/// one edit from several, the one it lacks a letter of is taken (`drectly`
/// -> `directly`), if there is one. A capitalised word of seven letters or
/// more is checked the same way where it opens a sentence (a paragraph, list
/// item or heading, or after a full stop), and reported only when its
/// correction starts with the same letter and is one edit away
/// (`Operationlly`); elsewhere capitalised words are names and are not
/// checked. Words listed in `rules/accepted-words.txt`
/// or `words.accept` are never reported, nor are
/// acronyms, words with digits or inner capitals, single-word table cells,
/// and a hyphenated word's parts other than the last of two. Code, URLs,
/// link targets, front matter, Hugo shortcodes and HTML are not prose and
/// are never checked; neither are regions where the handbook's Vale
/// spelling check is off (`<!-- vale off -->`,
/// `<!-- vale handbook.Spelling = NO -->`), paragraphs written in another
/// language, and capitalised words that the same line spells in a handle or
/// URL (a person's name: `[Tye Davis](https://gitlab.com/davistye)`).
///
/// ## Why is this bad?
/// Job-family pages are read by candidates deciding whether to apply; a
/// misspelling in a responsibility ("cross-fucntional") looks careless and is
/// copied into every job posting made from the page.
///
/// ## Example
/// ```markdown
/// - Parter with cross-fucntional leaders
/// ```
/// Use instead:
/// ```markdown
/// - Partner with cross-functional leaders
/// ```
/// When the misspelling has exactly one correction the fix is safe and keeps
/// the word's case (`Parter` -> `Partner`, `PARTER` -> `PARTNER`). For an
/// unknown word the closest common word is a guess, and its fix is unsafe:
/// ```markdown
/// - Keep stakehloders informed
/// ```
/// reports ``unknown word `stakehloders` `` with the help ``write
/// `stakeholders` if that was meant, or add `stakehloders` to
/// `words.accept` ``.
pub struct Typo {
    /// Lower-case misspelling -> correction, from the handbook list and config.
    handbook: FxHashMap<String, String>,
    /// Lower-case words that are never reported.
    accepted: FxHashSet<String>,
    /// `words::key_hash` of every misspelling either list knows: a plain
    /// word whose hash is not here is no known misspelling.
    misspelling_hashes: KeyFilter,
}

/// What is wrong with a word.
enum Found {
    /// A known misspelling, with its corrections.
    Misspelling(Vec<String>),
    /// A word in no English list: reported when one common word is close.
    Unknown,
    /// The same, for a capitalised word that opens a sentence (`Futhering
    /// the roadmap`): reported only there, as elsewhere capitals make names.
    UnknownCapitalised(String),
}

/// A token that names something rather than being a word: a URL, a domain or
/// file name, a path, an e-mail address, a handle, a label or an identifier.
static NOT_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^[a-z][a-z0-9+.-]*:|^www\.|[@/\\_=<>{}|~]|\p{L}[.;]\p{L}|^[#$%&!^]\S|\.(?:md|html?|ya?ml|json|rb|js|go|py|sh)\b)",
    )
    .expect("valid regex")
});

/// Clitics after an apostrophe: only the stem before them is a word to check.
const CLITICS: &[&str] = &["s", "re", "ve", "ll", "d", "m"];

impl Typo {
    pub fn new(data: &RuleData) -> Self {
        let handbook: FxHashMap<String, String> = data
            .corrections
            .iter()
            .map(|(wrong, right)| (wrong.to_lowercase(), right.clone()))
            .collect();
        // The general dictionary is looked up only for words whose hash is
        // here: its own case-insensitive lookup is slow, and most words are
        // no misspelling.
        let misspelling_hashes = KeyFilter::new(
            handbook
                .keys()
                .map(String::as_str)
                .chain(typos_dict::WORD.map.keys().map(|k| k.into_inner()))
                .map(|w| key_hash(w.as_bytes())),
        );
        Typo {
            handbook,
            accepted: data.accepted.iter().map(|w| w.to_lowercase()).collect(),
            misspelling_hashes,
        }
    }

    /// The corrections for `word`, if it is a known misspelling.
    fn corrections(&self, word: &str) -> Option<Vec<String>> {
        let mut buf = [0; spelling::MAX_LEN];
        let lower = spelling::lowercase(word, &mut buf);
        if self.accepted.contains(lower.as_ref()) {
            return None;
        }
        if let Some(right) = self.handbook.get(lower.as_ref()) {
            return Some(vec![right.clone()]);
        }
        if !word.is_ascii() || !typos_dict::WORD.range.contains(&word.len()) {
            return None;
        }
        let found = typos_dict::WORD
            .map
            .get(&dictgen::InsensitiveStr::Ascii(word))?;
        let list: Vec<String> = found
            .iter()
            .filter(|c| !c.eq_ignore_ascii_case(word))
            .map(|c| c.to_string())
            .collect();
        (!list.is_empty()).then_some(list)
    }

    fn check_run(&self, page: &Page<'_>, run: &TextRun, out: &mut Vec<Diagnostic>) {
        let doc = page.doc;
        if let Some(link) = run.in_link.and_then(|l| doc.links.get(l)) {
            // An autolink shows its URL as its text.
            if link.kind == LinkKind::Markdown && is_url_text(&link.text, &link.url) {
                return;
            }
        }
        let source = &doc.text[run.span.clone()];
        // Where the next word is searched for in the source, when the run's
        // text differs from its source (entities, escapes).
        let mut cursor = 0;
        let mut foreign: Option<bool> = None;
        let text = run.text.as_str();
        // Words are looked up first: the few that are misspellings are then
        // checked against the whitespace-separated token they sit in.
        for w in doc.words_of(run) {
            let m = w.range();
            let raw = &text[m.clone()];
            // A plain ASCII word is its own key: its hash settles whether it
            // may be a known misspelling and, for a lower-case one, whether
            // it is English. Most words are settled so.
            if w.is_plain()
                && !self.misspelling_hashes.contains(w.key_hash)
                && (!(spelling::may_be_unknown(raw) || capitalised_long(raw))
                    || english().is_word_keyed(w.key_hash))
            {
                continue;
            }
            let Some(word) = checkable(raw) else {
                continue;
            };
            let found = match self.corrections(word) {
                Some(list) => Found::Misspelling(list),
                // The English lists load on first use, for the first word
                // that may be unknown: pages without one never need them.
                None if spelling::may_be_unknown(word)
                    && english().is_unknown(word, text, m.start, |w| self.accepted.contains(w)) =>
                {
                    Found::Unknown
                }
                None if capitalised_long(word) => {
                    let lower = word.to_ascii_lowercase();
                    if !english().is_unknown(&lower, text, m.start, |w| self.accepted.contains(w)) {
                        continue;
                    }
                    Found::UnknownCapitalised(lower)
                }
                None => continue,
            };
            let token_start = text[..m.start].rfind(char::is_whitespace).map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
            let token_end = text[m.end..]
                .find(char::is_whitespace)
                .map_or(text.len(), |i| m.end + i);
            let bare = text[token_start..token_end].trim_matches(is_edge_punctuation);
            if NOT_PROSE.is_match(bare) || is_code_like_compound(bare) {
                continue;
            }
            let span = if run.verbatim {
                run.span.start + m.start..run.span.start + m.start + word.len()
            } else {
                match find_word(source, cursor, word) {
                    Some(i) => {
                        cursor = i + word.len();
                        run.span.start + i..run.span.start + i + word.len()
                    }
                    None => continue,
                }
            };
            let unknown = !matches!(found, Found::Misspelling(_));
            if page.is_skipped(span.start)
                || page.is_split_by_markup(&span)
                || page.is_name(word, &span)
                || (unknown && page.is_label(word, &span))
                || (matches!(found, Found::UnknownCapitalised(_))
                    && !page.opens_sentence(span.start))
                || *foreign.get_or_insert_with(|| page.is_foreign(run))
            {
                continue;
            }
            // The search for a close common word comes last: it costs more
            // than every other test.
            out.push(match found {
                Found::Misspelling(list) => diagnostic(word, span, &list),
                Found::Unknown => match english().suggest(word) {
                    Some(guess) => unknown_word(word, span, guess),
                    None => continue,
                },
                // A name is often a letter from a word (`Glympse`), seldom
                // that letter the first (`Kantata`, `Pingdom`), and seldom
                // one edit from it with one candidate (`Allianz`): a
                // capitalised word is reported only so.
                Found::UnknownCapitalised(lower) => match english().suggest(&lower) {
                    Some(guess)
                        if guess.as_bytes().first() == lower.as_bytes().first()
                            && edit_distance_str(&lower, guess, 1).is_some() =>
                    {
                        unknown_word(word, span, &match_case(word, guess))
                    }
                    _ => continue,
                },
            });
        }
    }
}

impl Rule for Typo {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let page = Page::new(doc);
        for run in &doc.prose {
            self.check_run(&page, run, out);
        }
    }
}

/// What the rule works out once per page: where prose is not to be checked.
struct Page<'d> {
    doc: &'d Document,
    /// Regions where Vale's spelling check is off.
    vale_off: Vec<Range<usize>>,
}

impl<'d> Page<'d> {
    fn new(doc: &'d Document) -> Page<'d> {
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
    fn is_skipped(&self, offset: usize) -> bool {
        self.doc.in_shortcode(offset) || self.vale_off.iter().any(|s| s.contains(&offset))
    }

    /// True when the text around `run` is not English: the paragraph
    /// holding it, or the run itself outside paragraphs.
    fn is_foreign(&self, run: &TextRun) -> bool {
        let text = self
            .doc
            .paragraph_at(run.span.start)
            .map_or(run.text.as_str(), |b| b.text.as_str());
        is_foreign(text)
    }

    /// True when the word at `span` is part of a larger word split by markup
    /// (`**S**pecific`, `` `L`everage ``).
    fn is_split_by_markup(&self, span: &Range<usize>) -> bool {
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
    fn is_label(&self, word: &str, span: &Range<usize>) -> bool {
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
    fn opens_sentence(&self, start: usize) -> bool {
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
    fn is_name(&self, word: &str, span: &Range<usize>) -> bool {
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let lines = &self.doc.lines;
        let line = lines.line_range(&self.doc.text, lines.line_of(span.start));
        spelled_in_url(&self.doc.text[line], word)
    }
}

/// True when `line` spells `word` (in any case) inside a handle or URL.
fn spelled_in_url(line: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    line.split(|c: char| c.is_whitespace() || matches!(c, '|' | '(' | ')' | '[' | ']' | '`'))
        .filter(|t| t.contains('@') || t.contains("://"))
        .any(|t| t.to_lowercase().contains(&lower))
}

fn diagnostic(word: &str, span: Range<usize>, corrections: &[String]) -> Diagnostic {
    let fixed: Vec<String> = corrections.iter().map(|c| match_case(word, c)).collect();
    match fixed.as_slice() {
        [one] => Diagnostic::new(
            RuleCode::Typo,
            span.clone(),
            format!("`{word}` is a misspelling of `{one}`"),
        )
        .with_help(format!("write `{one}`"))
        .with_fix(Fix::safe(span, one.clone())),
        many => {
            let names: Vec<String> = many.iter().map(|c| format!("`{c}`")).collect();
            Diagnostic::new(
                RuleCode::Typo,
                span,
                format!("`{word}` is a misspelling of {}", join_or(&names)),
            )
            .with_help("write the word that was meant")
        }
    }
}

fn unknown_word(word: &str, span: Range<usize>, guess: &str) -> Diagnostic {
    Diagnostic::new(
        RuleCode::Typo,
        span.clone(),
        format!("unknown word `{word}`"),
    )
    .with_help(format!(
        "write `{guess}` if that was meant, or add `{word}` to `words.accept`"
    ))
    .with_fix(Fix::unsafe_edit(span, guess))
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The part of a word to look up (the word, or its stem before `'s`); `None` for
/// words that are not checked: short words, words with digits, acronyms, mixed
/// case (`GitLab`, `iOS`) and contractions (`isn't`).
fn checkable(word: &str) -> Option<&str> {
    let word = match word.rfind(['\'', '\u{2019}']) {
        Some(i) => {
            let suffix = word[i..].trim_start_matches(['\'', '\u{2019}']);
            if !CLITICS.iter().any(|c| suffix.eq_ignore_ascii_case(c)) {
                return None;
            }
            &word[..i]
        }
        None => word,
    };
    if word.chars().count() < 3 || word.chars().any(|c| c.is_numeric()) {
        return None;
    }
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = upper == letters;
    if all_caps && letters <= 5 {
        return None;
    }
    let inner_caps = word.chars().skip(1).any(|c| c.is_uppercase());
    if inner_caps && !all_caps {
        return None;
    }
    if word.contains(['\'', '\u{2019}']) {
        return None;
    }
    Some(word)
}

/// True for a capitalised word of seven letters or more (`Futhering`):
/// long enough that a close common word is seldom a name's accident.
fn capitalised_long(word: &str) -> bool {
    let mut bytes = word.bytes();
    word.len() >= 7
        && bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_lowercase())
}

/// `word`'s case carried over to `correction`.
fn match_case(word: &str, correction: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic());
    let all_caps = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && letters.clone().all(|c| c.is_uppercase());
    if all_caps {
        return correction.to_uppercase();
    }
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    if first_upper {
        let mut chars = correction.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    correction.to_string()
}

/// `Some(false)` for a comment that turns Vale's spelling check off
/// (`vale off`, `vale handbook.Spelling = NO`), `Some(true)` for one that
/// turns it back on.
fn vale_spelling(comment: &str) -> Option<bool> {
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

/// A hyphenated or dotted token with digits in it names something
/// (`nam-eur-asia3`, `tier2-sme-rollout`) rather than being words.
fn is_code_like_compound(token: &str) -> bool {
    token.contains(['-', '.', ':'])
        && token.chars().any(|c| c.is_ascii_digit())
        && token.chars().any(char::is_alphabetic)
}

fn is_edge_punctuation(c: char) -> bool {
    !c.is_alphanumeric()
        && !matches!(
            c,
            '@' | '#' | '/' | '\\' | '~' | '$' | '%' | '&' | '!' | '_' | '{' | '}' | '<' | '>'
        )
}

/// True when a link's text is its URL (an autolink or `[https://x](https://x)`).
fn is_url_text(text: &str, url: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && (url.ends_with(text)
            || text.contains("://")
            || text.starts_with("www.")
            || url.strip_prefix("mailto:") == Some(text))
}

/// The first whole-word occurrence of `word` in `source` at or after `from`.
fn find_word(source: &str, from: usize, word: &str) -> Option<usize> {
    let mut start = from.min(source.len());
    while let Some(i) = source.get(start..)?.find(word) {
        let at = start + i;
        let before = source[..at].chars().next_back();
        let after = source[at + word.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        start = at + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::check_page;

    fn typo() -> Typo {
        Typo::new(&RuleData::builtin())
    }

    fn check(text: &str) -> (Document, Vec<Diagnostic>) {
        check_page(&typo(), "page.md", text)
    }

    fn found(text: &str) -> Vec<(String, Option<String>)> {
        let (doc, out) = check(text);
        out.iter()
            .map(|d| {
                (
                    doc.text[d.span.clone()].to_string(),
                    d.fix.as_ref().map(|f| f.edits[0].replacement.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn required_misspellings_are_known() {
        let t = typo();
        for (wrong, right) in [
            ("Parter", "partner"),
            ("fucntional", "functional"),
            ("orgnization", "organization"),
            ("capabiliites", "capabilities"),
            ("distrbuted", "distributed"),
            ("iniatitives", "initiatives"),
        ] {
            let list = t.corrections(wrong).unwrap_or_default();
            assert!(
                list.iter().any(|c| c.eq_ignore_ascii_case(right)),
                "{wrong}: {list:?}"
            );
        }
        assert_eq!(t.corrections("partner"), None);
        assert_eq!(t.corrections("GitLab"), None);
    }

    #[test]
    fn case_is_preserved() {
        assert_eq!(match_case("Parter", "partner"), "Partner");
        assert_eq!(match_case("parter", "partner"), "partner");
        assert_eq!(match_case("PARTER", "partner"), "PARTNER");
        assert_eq!(
            found("Parter, parter and PARTER."),
            [
                ("Parter".to_string(), Some("Partner".to_string())),
                ("parter".to_string(), Some("partner".to_string())),
                ("PARTER".to_string(), Some("PARTNER".to_string())),
            ]
        );
    }

    #[test]
    fn spans_are_exact_in_lists_and_emphasis() {
        let (doc, out) = check(
            "---\ntitle: orgnization\n---\n\n- Work **cross-fucntional** with the &amp; orgnization\n",
        );
        let words: Vec<&str> = out.iter().map(|d| &doc.text[d.span.clone()]).collect();
        assert_eq!(words, ["fucntional", "orgnization"]);
        assert_eq!(doc.lines.position(&doc.text, out[1].span.start).0, 5);
    }

    #[test]
    fn not_prose_is_skipped() {
        let text = "Visit <https://example.com/orgnization> and [orgnization](https://x.io/orgnization).\n\n\
`orgnization` and https://example.com/orgnization and @orgnization and orgnization.md\n\n\
```\norgnization\n```\n\n<span>orgnization</span>\n\n\
{{< youtube orgnization >}} and [x]({{< ref \"orgnization\" >}})\n";
        let found = found(text);
        // Only the link text is prose.
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn contractions_acronyms_and_names_are_skipped() {
        assert!(found("It isn't, doesn't; the TEH and GitLab iOS x86 teh2.").is_empty());
        assert_eq!(
            found("The orgnization's goals.")
                .into_iter()
                .map(|f| f.0)
                .collect::<Vec<_>>(),
            ["orgnization"]
        );
    }

    #[test]
    fn several_corrections_mean_no_fix() {
        let (doc, out) = check("Is ther a way?\n");
        assert_eq!(out.len(), 1);
        assert_eq!(&doc.text[out[0].span.clone()], "ther");
        assert!(out[0].fix.is_none());
        assert!(out[0].message.contains("`there`"), "{}", out[0].message);
        assert!(out[0].message.contains(" or "), "{}", out[0].message);
    }

    #[test]
    fn configured_words_override_the_dictionary() {
        let mut data = RuleData::builtin();
        data.accepted.insert("fucntional".to_string());
        data.corrections
            .insert("widgt".to_string(), "widget".to_string());
        let t = Typo::new(&data);
        assert_eq!(t.corrections("Fucntional"), None);
        assert_eq!(t.corrections("Widgt"), Some(vec!["widget".to_string()]));
        assert_eq!(
            t.corrections("practies"),
            Some(vec!["practices".to_string()])
        );
    }

    #[test]
    fn capitalised_unknown_words_are_checked_where_a_sentence_opens() {
        let text = "- Operationlly strong. Conduting the plan, and Operationlly ready.\n\n\
                    # Organizaton\n\nWe met Operationlly Smith.\n";
        assert_eq!(
            found(text),
            [
                (
                    "Operationlly".to_string(),
                    Some("Operationally".to_string())
                ),
                ("Conduting".to_string(), Some("Conducting".to_string())),
                ("Organizaton".to_string(), Some("Organization".to_string())),
            ]
        );
        // Names: a first letter that differs (`Kantata`, not `cantata`), more
        // than one edit (`Allianz`), short names.
        assert_eq!(
            found("- Kantata is our tool.\n- Allianz covers it.\n- Carta too.\n"),
            []
        );
    }

    #[test]
    fn a_dropped_letter_breaks_a_tie_between_close_words() {
        // `drectly` is one edit from `directly` and from `erectly`.
        assert_eq!(
            found("We are drectly involved.\n"),
            [("drectly".to_string(), Some("directly".to_string()))]
        );
    }

    #[test]
    fn unknown_words_get_an_unsafe_guess() {
        let (doc, out) = check("- Keep the stakehloders close; Stakehloders is a name here\n");
        // The capitalised word is left alone.
        assert_eq!(out.len(), 1);
        assert_eq!(&doc.text[out[0].span.clone()], "stakehloders");
        assert_eq!(out[0].message, "unknown word `stakehloders`");
        assert_eq!(
            out[0].help.as_deref(),
            Some("write `stakeholders` if that was meant, or add `stakehloders` to `words.accept`")
        );
        let fix = out[0].fix.as_ref().expect("a fix");
        assert_eq!(
            fix.applicability,
            crate::rules::diagnostic::Applicability::Unsafe
        );
        assert_eq!(fix.edits[0].replacement, "stakeholders");
        // A known misspelling keeps its safe fix.
        let (_, out) = check("orgnization\n");
        let fix = out[0].fix.as_ref().expect("a fix");
        assert_eq!(
            fix.applicability,
            crate::rules::diagnostic::Applicability::Safe
        );
    }

    #[test]
    fn configured_words_are_never_unknown() {
        let mut data = RuleData::builtin();
        data.accepted.insert("stakehloders".to_string());
        data.accepted.insert("upsrt".to_string());
        let t = Typo::new(&data);
        let (_, out) = check_page(
            &t,
            "page.md",
            "The stakehloders upsrt and upsrts records.\n",
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn unknown_words_that_are_not_prose_are_skipped() {
        let text = "<!-- vale off -->\n\nstakehloders\n\n<!-- vale on -->\n\n\
Le membre de la stakehloders est responsable des demandes.\n\n\
| Key | Value |\n| --- | --- |\n| Tag | stakehloders |\n\n\
Read [stakehloders](https://example.com/stakehloders/) and the (S)takehloders.\n\n\
Run `stakehloders`, see stakehloders.md, and the .stakehloders file.\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
        // The same word in a sentence of a table is prose.
        assert_eq!(
            found("| Tag | the stakehloders here |\n| --- | --- |\n").len(),
            1
        );
    }

    #[test]
    fn vale_comments_toggle_spelling() {
        assert_eq!(vale_spelling("vale off"), Some(false));
        assert_eq!(vale_spelling("vale on"), Some(true));
        assert_eq!(vale_spelling("vale handbook.Spelling = NO"), Some(false));
        assert_eq!(vale_spelling("vale gitlab.Spelling = YES"), Some(true));
        assert_eq!(vale_spelling("vale gitlab.FutureTense = NO"), None);
        let found = found("<!-- vale off -->\n\norgnization\n\n<!-- vale on -->\n\norgnization\n");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn other_languages_are_not_checked() {
        assert!(is_foreign(
            "Le membre de l'équipe est responsable des demandes"
        ));
        assert!(!is_foreign("Partner with the leaders of the organization"));
        assert!(!is_foreign("Director, Security"));
        assert!(is_foreign("Adaptation du mobilier"));
        assert!(is_foreign("Lorem ipsum dolor sit amet"));
        assert!(!is_foreign(
            "FY2022 AU R&D Tax Credit - Supporting Documention"
        ));
    }
}
