use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::language::spelling::{self, english};
use crate::model::distance::edit_distance_str;
use crate::model::document::{LinkKind, TextRun};
use crate::model::words::{KeyFilter, Word, key_hash, split_keyed_into};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::{Context, Rule, RuleCode};

mod forms;
mod page;

use forms::{Slip, WordForms};
use page::Page;

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
/// (`Operationlly`). In a title (a heading, the page's `title`, or three
/// capitalised words or more in a row: `Full Stack Sofware Engineers`,
/// `Build Qualitative & Quantititative Feedback Loops`) title case makes
/// words capitalised, not names: a capitalised word there is checked
/// wherever it stands, and one of nine letters or more may be two edits
/// from its correction. Elsewhere capitalised words are names and are not
/// checked, nor are they beside a word English knows only as a name
/// (`Candace Byrdsong`), or when the page's path spells them (`Instruqt`
/// on `instruqt.md`).
///
/// The page's front matter `title` and `description` are prose, checked
/// at their place in the YAML when written on the key's line (plain or
/// quoted without escapes); other front matter is not.
///
/// Slips of form that a dictionary passes are reported too, in prose
/// words only (not in slugs such as `sales-emea`, nor in a link whose
/// target spells the word):
/// - two words run together (`mailinglist` -> `mailing list`) that
///   `rules/open-compounds.txt` lists as always written apart;
/// - an acronym of `rules/acronyms.txt` in lower or title case (`Saas` ->
///   `SaaS`, `non-gaap` -> `non-GAAP`; all capitals, `SAAS`, is left
///   alone), or, for one of four letters or more, in capitals with two
///   neighbouring letters swapped when that spells no word (`SLDC` ->
///   `SDLC`, an unsafe fix);
/// - a capitalised word typed after its own first letter (`pProgram` ->
///   `Program`, an unsafe fix); other letters before a capital make names
///   (`iTerm`, `eGroup`), as do those of `rules/glued-letter-words.txt`.
///
/// Words listed in `rules/accepted-words.txt`
/// or `words.accept` are never reported, nor are
/// acronyms, words with digits or inner capitals, single-word table cells,
/// and a hyphenated word's parts other than the last of two. Code, URLs,
/// link targets, Hugo shortcodes and HTML are not prose and
/// are never checked; neither are regions where the handbook's Vale
/// spelling check is off (`<!-- vale off -->`,
/// `<!-- vale handbook.Spelling = NO -->`), paragraphs written in another
/// language, and capitalised words that the same line spells in a handle or
/// URL (a person's name: `[Tye Davis](https://gitlab.com/davistye)`).
///
/// Not caught: misspellings that are themselves words (`Quantitive`, in
/// the English lists; see `real-word`), capitalised misspellings inside a
/// sentence that is not a title, names, compounds not listed, acronyms not
/// listed or written with a comma between them (`EMEA/APAC,LATAM`).
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
    /// Joined compounds, acronyms in the wrong case, stray letters.
    forms: WordForms,
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
    /// A slip in the word's form (`mailinglist`, `Saas`, `pProgram`).
    Form(Slip),
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
            forms: WordForms::new(),
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

    /// Checks the words of `run`; `title` when the run is a title (a
    /// heading or the page's title), where capitalised words are words.
    fn check_run(
        &self,
        page: &Page<'_>,
        run: &TextRun,
        words: &[Word],
        title: bool,
        out: &mut Vec<Diagnostic>,
    ) {
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
        for (i, w) in words.iter().enumerate() {
            let m = w.range();
            let raw = &text[m.clone()];
            let key = &text[w.start()..w.key_end()];
            let slip = (key.len() >= 3 && key.bytes().all(|b| b.is_ascii_alphabetic()))
                .then(|| {
                    self.forms
                        .slip(key, w.key_hash, |w| self.accepted.contains(w))
                })
                .flatten();
            // A plain ASCII word is its own key: its hash settles whether it
            // may be a known misspelling and, for a lower-case one, whether
            // it is English. Most words are settled so.
            if slip.is_none()
                && w.is_plain()
                && !self.misspelling_hashes.contains(w.key_hash)
                && (!(spelling::may_be_unknown(raw) || capitalised_long(raw))
                    || english().is_word_keyed(w.key_hash))
            {
                continue;
            }
            let word = match slip {
                Some(_) => key,
                None => match checkable(raw) {
                    Some(word) => word,
                    None => continue,
                },
            };
            let found = match slip.map(Found::Form).ok_or_else(|| self.corrections(word)) {
                Ok(form) => form,
                Err(Some(list)) => Found::Misspelling(list),
                // The English lists load on first use, for the first word
                // that may be unknown: pages without one never need them.
                Err(None)
                    if spelling::may_be_unknown(word)
                        && english()
                            .is_unknown(word, text, m.start, |w| self.accepted.contains(w)) =>
                {
                    Found::Unknown
                }
                Err(None) if capitalised_long(word) => {
                    let lower = word.to_ascii_lowercase();
                    if !english().is_unknown(&lower, text, m.start, |w| self.accepted.contains(w)) {
                        continue;
                    }
                    Found::UnknownCapitalised(lower)
                }
                Err(None) => continue,
            };
            let token_start = text[..m.start].rfind(char::is_whitespace).map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
            let token_end = text[m.end..]
                .find(char::is_whitespace)
                .map_or(text.len(), |i| m.end + i);
            let bare = text[token_start..token_end].trim_matches(is_edge_punctuation);
            // Words joined by a slash are prose (`Software/Saas`) for a
            // slip of form, which no path or name spells.
            let words_and_slashes = matches!(found, Found::Form(_))
                && bare
                    .split('/')
                    .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic));
            if (NOT_PROSE.is_match(bare) && !words_and_slashes) || is_code_like_compound(bare) {
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
            // Title case makes words capitalised, not names.
            let in_title = matches!(found, Found::UnknownCapitalised(_))
                && (title || run.in_heading.is_some() || in_title_case(text, words, i));
            if page.is_skipped(span.start)
                || page.is_split_by_markup(&span)
                || page.is_name(word, &span)
                || (unknown && page.is_label(word, &span))
                || (unknown && !matches!(found, Found::Form(_)) && page.is_subject(word))
                || (matches!(found, Found::Form(_)) && !self.stands_alone(page, run, &span))
                || (matches!(found, Found::UnknownCapitalised(_))
                    && !in_title
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
                // capitalised word is reported only so; in a title, where
                // every word is capitalised, two edits away too when it is
                // long (names of seven or eight letters are two edits from
                // a word often enough: `Allianz`, `Instruqt`).
                Found::UnknownCapitalised(lower) => match english().suggest(&lower) {
                    Some(guess)
                        if guess.as_bytes().first() == lower.as_bytes().first()
                            && ((in_title && lower.len() >= TITLE_TWO_EDITS_FROM)
                                || edit_distance_str(&lower, guess, 1).is_some()) =>
                    {
                        unknown_word(word, span, &match_case(word, guess))
                    }
                    _ => continue,
                },
                Found::Form(slip) => form_diagnostic(span, slip),
            });
        }
    }
}

impl Typo {
    /// True when the word at `span`, a slip of form, is written as a word
    /// of prose: alone, between slashes (`Software/Saas`) or after a prefix
    /// (`non-gaap`), and not in a link whose target spells it. Otherwise
    /// it is part of a name (`sales-emea`, `[saas](/realms/saas/)`).
    fn stands_alone(&self, page: &Page<'_>, run: &TextRun, span: &Range<usize>) -> bool {
        let text = &page.doc.text;
        let word = &text[span.clone()];
        let lower = word.to_ascii_lowercase();
        if let Some(link) = run.in_link.and_then(|l| page.doc.links.get(l))
            && link.url.to_ascii_lowercase().contains(&lower)
        {
            return false;
        }
        let start = text[..span.start]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
        let end = text[span.end..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| span.end + i);
        // A link's text, without its target.
        let token = text[start..end].split("](").next().unwrap_or_default();
        let token = token
            .trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '_' | '-' | '/' | '@'));
        if token == word {
            return true;
        }
        if let Some((prefix, rest)) = token.split_once('-') {
            return rest == word && spelling::is_prefix(&prefix.to_ascii_lowercase());
        }
        token
            .split('/')
            .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic))
    }
}

impl Rule for Typo {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let page = Page::new(doc);
        // The page's title and description are shown as its heading and in
        // search results: prose, though written in the front matter.
        let mut words = Vec::new();
        for (key, title) in [("title", true), ("description", false)] {
            let Some(span) = doc.front_matter.value_span(&doc.text, key) else {
                continue;
            };
            let run = TextRun {
                text: doc.text[span.clone()].to_string(),
                span,
                verbatim: true,
                in_heading: None,
                in_link: None,
                words: 0..0,
            };
            words.clear();
            split_keyed_into(&run.text, &mut words);
            self.check_run(&page, &run, &words, title, out);
        }
        for run in &doc.prose {
            self.check_run(&page, run, doc.words_of(run), false, out);
        }
    }
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

fn form_diagnostic(span: Range<usize>, slip: Slip) -> Diagnostic {
    let fix = if slip.certain {
        Fix::safe(span.clone(), slip.replacement)
    } else {
        Fix::unsafe_edit(span.clone(), slip.replacement)
    };
    Diagnostic::new(RuleCode::Typo, span, slip.message)
        .with_help(slip.help)
        .with_fix(fix)
}

/// The shortest capitalised word in a title that may be two edits from its
/// correction.
const TITLE_TWO_EDITS_FROM: usize = 9;

/// Short words that title case leaves in lower case.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

/// True when `words[i]` of `text` stands among capitalised words, three or
/// more with it, unbroken by punctuation other than `&` and `-`: a title
/// written inside prose (`Build Qualitative & Quantitative Feedback Loops`,
/// `Full Stack Software Engineers`). A capitalised word right before or
/// after it that English knows only as a name (`Candace`, `Jackie`) makes
/// it a person's name instead.
fn in_title_case(text: &str, words: &[Word], i: usize) -> bool {
    let capitalised = |w: &Word| {
        text[w.range()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let name = |w: &Word| {
        let word = &text[w.range()];
        capitalised(w)
            && english().is_word(word)
            && !english().is_common(&word.to_ascii_lowercase())
    };
    let beside = [i.checked_sub(1), Some(i + 1)];
    if beside
        .into_iter()
        .flatten()
        .filter_map(|j| words.get(j))
        .any(|w| name(w) && joined_words(text, w, &words[i]))
    {
        return false;
    }
    let minor = |w: &Word| MINOR_WORDS.contains(&&text[w.range()]);
    let joined = |a: &Word, b: &Word| joined_words(text, a, b);
    let mut count = 1;
    for pair in words[..=i].windows(2).rev() {
        if !joined(&pair[0], &pair[1]) || !(capitalised(&pair[0]) || minor(&pair[0])) {
            break;
        }
        count += usize::from(capitalised(&pair[0]));
    }
    for pair in words[i..].windows(2) {
        if !joined(&pair[0], &pair[1]) || !(capitalised(&pair[1]) || minor(&pair[1])) {
            break;
        }
        count += usize::from(capitalised(&pair[1]));
    }
    count >= 3
}

/// True when only spaces, `&` or `-` stand between words `a` and `b` (in
/// either order).
fn joined_words(text: &str, a: &Word, b: &Word) -> bool {
    let (a, b) = if a.start() <= b.start() {
        (a, b)
    } else {
        (b, a)
    };
    text.get(a.range().end..b.start()).is_some_and(|gap| {
        gap.chars()
            .all(|c| c.is_whitespace() || matches!(c, '&' | '-'))
    })
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
mod tests;
