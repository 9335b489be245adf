use std::borrow::Cow;
use std::ops::Range;

use crate::language::english::is_foreign;
use crate::language::spelling::english;
use crate::model::document::{Document, TextRun};
use crate::rule_data::RuleData;
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::file_rule::keep_case;
use crate::rules::registry::{Context, Rule, RuleCode};

mod acronyms;
mod articles;
mod pairs;
#[cfg(test)]
mod tests;

use acronyms::acronym;
use articles::article;
use pairs::{clause_compound, everyday, pair};

/// ## What it does
/// Checks prose for real-word slips: words that every dictionary knows but
/// that are wrong where they stand. Each pattern is a short, curated one
/// that is wrong wherever it occurs:
/// - the known slips of `rules/real-word.yaml`, each with the phrase that
///   was meant: confused words and eggcorns (`though leadership`,
///   `word-class`, `stake holders`, `free reign`, `sneak peak`, `loose
///   sight of`, `peak interest`, `for all intensive purposes`), wrong
///   titles and terms (`Juris Doctorate`, `Chief Marketing Office`,
///   `Independent Contributor (IC)`, `pivot tablet`) and words a letter
///   from the one meant that are never right in a handbook (`manger`,
///   `costumer`, `bellow`, `asses`, `wether`), and `its` where only `it
///   is` can stand (`its a`, `its been`, `in it's`);
/// - `a` before a vowel sound or `an` before a consonant (`a organization`,
///   `an Senior Engineer`, `a hour`), and `a`, `an` or `every` before a
///   plural that ends its phrase (`a strategies for`);
/// - a comparative before `then` (`more then`, `rather then`);
/// - `it's own`, `there own`, `their is`, and `it's` before a noun it owns
///   (`it's value`, `it's purpose`, `it's customers`);
/// - a broken or doubled auxiliary: `you're be`, `is be`, `will able to`,
///   `they maybe sub-optimal`, a modal before a past form (`may declined
///   from`, `will needed editing`), `would of introduced`, `will the be`;
/// - a phrase pluralised on the wrong word (`proof of concepts`);
/// - confusable pairs in the contexts that settle them: `to loose`,
///   `the affect of`, `provide advise`, `complimentary skills`,
///   `weather or not`, `Principle Engineer`;
/// - a verb written as its noun and a noun split like its verb: `can
///   setup`, `to login the`, `ability to break-down`, `how to setup`,
///   `Ability to manager`, a noun opening a clause before its object
///   (`Setup the runner`, `and setup a pipeline`, `that make-up a team`,
///   `Setup and maintain new environments`), `the set up`, `a follow up`;
///   `every day tasks` and `use it everyday.`;
/// - a lowercase `l` for a capital `I` or `L` in an acronym (`ROl`, `lT`,
///   `URl`, and `Al` where the words around it show it means AI).
///
/// It reads paragraphs, list items, table cells and headings on every page
/// (words joined across emphasis and link text, never across code); code,
/// URLs, Hugo shortcodes and paragraphs in another language are not read.
/// It does not catch what needs a parser or a sense of meaning: confusables
/// in other contexts (`effect` as a verb, `compliment` as a verb, `lead`
/// for `led`, `your`/`you're`, `proving support` for `providing`, which is
/// right in `proving support entitlement`), a wrong article before an
/// acronym or a number (`a SME`, `a 8-week plan`), a plural used as a noun
/// adjunct (`a sales role`), agreement errors (`milestone is contain`), a
/// verb written as its noun after a list of verbs with no object after it
/// (`debug, and setup pipelines`), `overtime` for `over time` (`decreases
/// overtime` is also a cut in paid hours), `and` for `an` (`move to and
/// EVP`), and words a letter away from the intended one that are right
/// elsewhere (`form` for `from`, `of` for `off`).
///
/// ## Why is this bad?
/// A spell checker passes these words, so they survive review and end up
/// in every job posting made from the page; to a candidate they read as
/// careless writing.
///
/// ## Example
/// ```markdown
/// - Report to a Engineering Manager and set up a strategies for
///   the quarter, with more then one review. You're be tasked with the set up.
/// ```
/// Use instead:
/// ```markdown
/// - Report to an Engineering Manager and set up a strategy for
///   the quarter, with more than one review. You'll be tasked with the setup.
/// ```
/// Every finding has a suggestion; its fix is unsafe, since the words
/// around a slip sometimes call for another correction.
pub struct RealWord;

impl RealWord {
    pub fn new(_: &RuleData) -> Self {
        RealWord
    }
}

/// A word of a stretch of prose, with what separates it from the word before.
struct Tok<'t> {
    span: Range<usize>,
    text: &'t str,
    lower: Cow<'t, str>,
    /// Only spaces and markup (emphasis, link brackets) come before it: it
    /// reads as the next word of the sentence.
    joined: bool,
}

impl Tok<'_> {
    fn low(&self) -> &str {
        &self.lower
    }
}

/// One slip: where, what to write instead, and why.
struct Slip {
    span: Range<usize>,
    replacement: String,
    why: &'static str,
}

impl Rule for RealWord {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let mut slips = Vec::new();
        for_each_stretch(doc, |stretch| {
            let first = slips.len();
            for i in 0..stretch.len() {
                if let Some(slip) = find_slip(doc, stretch, i) {
                    slips.push(slip);
                }
            }
            // Slips are rare: the language of a stretch is asked only when
            // it has one.
            if slips.len() > first && is_foreign(stretch_text(doc, stretch)) {
                slips.truncate(first);
            }
        });
        self.known_slips(ctx, &mut slips);
        slips.sort_by_key(|s| s.span.start);
        for slip in slips {
            let found = &doc.text[slip.span.clone()];
            let found = found.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(
                Diagnostic::new(
                    RuleCode::RealWord,
                    slip.span.clone(),
                    format!("`{found}`: {}", slip.why),
                )
                .with_help(format!("write `{}`", slip.replacement))
                .with_fix(Fix::unsafe_edit(slip.span, slip.replacement)),
            );
        }
    }
}

impl RealWord {
    /// The phrases of `rules/real-word.yaml` in the page's prose, where no
    /// slip of the code's patterns already stands.
    fn known_slips(&self, ctx: &Context<'_>, slips: &mut Vec<Slip>) {
        // The known slips of `rules/real-word.yaml`, as a rule file may have
        // extended or replaced them.
        let Some(known) = ctx.rule_file(RuleCode::RealWord) else {
            return;
        };
        let doc = ctx.doc;
        let found = slips.len();
        for hit in known.hits(ctx) {
            let Some(right) = &hit.entry.suggestion else {
                continue;
            };
            let overlaps = slips[..found]
                .iter()
                .any(|s| s.span.start < hit.span.end && hit.span.start < s.span.end);
            if overlaps
                || hit.run.in_link.is_some_and(|l| is_url_link(doc, l))
                || doc.in_shortcode(hit.span.start)
                || is_foreign(
                    doc.paragraph_at(hit.span.start)
                        .map_or(hit.run.text.as_str(), |b| b.text.as_str()),
                )
            {
                continue;
            }
            slips.push(Slip {
                span: hit.span.clone(),
                replacement: keep_case(hit.text, right),
                why: "a real word written for another (a known slip)",
            });
        }
    }
}

fn stretch_text<'d>(doc: &'d Document, stretch: &[Tok<'_>]) -> &'d str {
    let start = stretch[0].span.start;
    let end = stretch[stretch.len() - 1].span.end;
    &doc.text[start..end]
}

/// The page's prose as stretches of words that read as one text: the
/// verbatim text runs of one paragraph (or one heading) with no code, HTML or
/// shortcode between them. Outside paragraphs (table cells) each run stands alone.
fn for_each_stretch<'d>(doc: &'d Document, mut f: impl FnMut(&[Tok<'d>])) {
    let mut current: Vec<Tok<'d>> = Vec::new();
    let mut flush = |current: &mut Vec<Tok<'d>>| {
        if current.len() >= 2 {
            f(current);
        }
        current.clear();
    };
    let mut prev: Option<&TextRun> = None;
    for run in &doc.prose {
        if !prev.is_some_and(|p| continues(doc, p, run)) {
            flush(&mut current);
        }
        if !run.verbatim || run.in_link.is_some_and(|l| is_url_link(doc, l)) {
            prev = None;
            continue;
        }
        for w in doc.words_of(run) {
            let r = w.range();
            let span = run.span.start + r.start..run.span.start + r.end;
            if !doc.shortcodes.is_empty() && doc.in_shortcode(span.start) {
                flush(&mut current);
                continue;
            }
            let joined = current
                .last()
                .is_some_and(|p| joins(&doc.text[p.span.end..span.start]));
            let text = &doc.text[span.clone()];
            // Most words are lower-case ASCII already; `’` is read as `'`.
            let lower = if text.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'') {
                Cow::Borrowed(text)
            } else {
                let lower = if text.is_ascii() {
                    text.to_ascii_lowercase()
                } else {
                    text.to_lowercase()
                };
                Cow::Owned(if lower.contains('\u{2019}') {
                    lower.replace('\u{2019}', "'")
                } else {
                    lower
                })
            };
            current.push(Tok {
                span,
                text,
                lower,
                joined,
            });
        }
        prev = Some(run);
    }
    flush(&mut current);
}

/// True when `b` goes on the text of `a`: same paragraph or heading, no code
/// or raw HTML between them.
fn continues(doc: &Document, a: &TextRun, b: &TextRun) -> bool {
    if a.in_heading != b.in_heading || a.span.end > b.span.start {
        return false;
    }
    let i = doc.code.partition_point(|s| s.start < a.span.end);
    if doc.code.get(i).is_some_and(|s| s.start < b.span.start) {
        return false;
    }
    if a.in_heading.is_some() {
        return true;
    }
    let para = |r: &TextRun| doc.paragraph_at(r.span.start).map(|p| p.span.start);
    para(a).is_some() && para(a) == para(b)
}

fn is_url_link(doc: &Document, link: usize) -> bool {
    doc.links
        .get(link)
        .is_some_and(|l| l.text.contains("://") || l.text == l.url)
}

/// True when `gap`, the source between two words, holds only spaces, line
/// breaks and markup: emphasis, link brackets and a link's destination.
fn joins(gap: &str) -> bool {
    if gap == " " {
        return true; // most gaps
    }
    let mut rest = gap;
    if let Some(open) = rest.find("](") {
        let Some(close) = rest[open..].find(')') else {
            return false;
        };
        let tail = &rest[open + close + 1..];
        if !tail.chars().all(is_markup_or_space) || !rest[..open].chars().all(is_markup_or_space) {
            return false;
        }
        rest = "";
    }
    rest.chars().all(is_markup_or_space) && gap.matches('\n').count() <= 1
}

fn is_markup_or_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '*' | '_' | '[' | ']' | '~')
}

/// The word after `i`, when it joins `i`.
fn next<'s, 't>(s: &'s [Tok<'t>], i: usize) -> Option<&'s Tok<'t>> {
    s.get(i + 1).filter(|t| t.joined)
}

/// The word before `i`, when `i` joins it.
fn prev<'s, 't>(s: &'s [Tok<'t>], i: usize) -> Option<&'s Tok<'t>> {
    i.checked_sub(1)
        .and_then(|j| s.get(j))
        .filter(|_| s[i].joined)
}

fn slip(from: &Tok<'_>, to: &Tok<'_>, replacement: String, why: &'static str) -> Option<Slip> {
    Some(Slip {
        span: from.span.start..to.span.end,
        replacement,
        why,
    })
}

/// The text of `a` through `b` with `word` in place of `a` (spacing kept).
fn replace_first(doc: &Document, a: &Tok<'_>, b: &Tok<'_>, word: &str) -> String {
    format!("{word}{}", &doc.text[a.span.end..b.span.end])
}

/// The text of `a` through `b` with `word` in place of `b`.
fn replace_last(doc: &Document, a: &Tok<'_>, b: &Tok<'_>, word: &str) -> String {
    format!("{}{word}", &doc.text[a.span.start..b.span.start])
}

/// `word` with the case of `like`'s first letter.
fn match_case(like: &str, word: &str) -> String {
    if like.starts_with(char::is_uppercase) {
        let mut c = word.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

fn find_slip(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let t = &s[i];
    let n = next(s, i);
    article(doc, s, i)
        .or_else(|| n.and_then(|n| pair(doc, s, i, t, n)))
        .or_else(|| acronym(doc, s, i))
        .or_else(|| everyday(doc, s, i))
        .or_else(|| clause_compound(doc, s, i))
        .or_else(|| plural_of_phrase(s, i))
}

/// Phrases pluralised on the wrong word: `proof of concepts`.
const PLURAL_PHRASES: &[(&str, &str, &str)] = &[
    ("point", "contacts", "points of contact"),
    ("proof", "concepts", "proofs of concept"),
];

fn plural_of_phrase(s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let (a, of, b) = (&s[i], next(s, i)?, next(s, i + 1)?);
    if of.lower != "of" {
        return None;
    }
    let (_, _, right) = PLURAL_PHRASES
        .iter()
        .find(|(x, y, _)| *x == a.lower && *y == b.lower)?;
    slip(
        a,
        b,
        match_case(a.text, right),
        "a phrase pluralised on the wrong word",
    )
}
