use std::borrow::Cow;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Fix};
use crate::document::{Document, TextRun};
use crate::language::is_foreign;
use crate::registry::{Context, Rule, RuleCode};
use crate::rule_data::RuleData;
use crate::spelling::english;

/// ## What it does
/// Checks prose for real-word slips: words that every dictionary knows but
/// that are wrong where they stand. Each pattern is a short, curated one
/// that is wrong wherever it occurs:
/// - `a` before a vowel sound or `an` before a consonant (`a organization`,
///   `an Senior Engineer`, `a hour`), and `a`, `an` or `every` before a
///   plural that ends its phrase (`a strategies for`);
/// - a comparative before `then` (`more then`, `rather then`);
/// - `it's own`, `there own`, `their is`;
/// - a broken or doubled auxiliary: `you're be`, `will able to`, `they
///   maybe sub-optimal`, a modal
///   before a past form (`may declined from`, `will needed editing`),
///   `would of introduced`;
/// - confusable pairs in the contexts that settle them: `to loose`,
///   `the affect of`, `provide advise`, `complimentary skills`,
///   `weather or not`, `Principle Engineer`;
/// - a verb written as its noun and a noun split like its verb: `can
///   setup`, `to login the`, `the set up`, `a follow up`; `every day
///   tasks` and `use it everyday.`;
/// - a lowercase `l` for a capital `I` or `L` in an acronym (`ROl`, `lT`,
///   `URl`, and `Al` where the words around it show it means AI).
///
/// It reads paragraphs, list items, table cells and headings on every page
/// (words joined across emphasis and link text, never across code); code,
/// URLs, Hugo shortcodes and paragraphs in another language are not read.
/// It does not catch what needs a parser or a sense of meaning: confusables
/// in other contexts (`effect` as a verb, `compliment` as a verb, `lead`
/// for `led`, `your`/`you're`), a wrong article before an acronym or a
/// number (`a SME`, `a 8-week plan`), a plural used as a noun adjunct
/// (`a sales role`), agreement errors (`milestone is contain`), and words
/// a letter away from the intended one (`form` for `from`).
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

const VOWEL_SOUND_H: &[&str] = &[
    "heir",
    "heiress",
    "heirs",
    "honest",
    "honestly",
    "honesty",
    "honor",
    "honorable",
    "honour",
    "honourable",
    "hour",
    "hourly",
    "hours",
];

/// Words spelled with a vowel but said with a consonant (`a one-off`, `a
/// European`), by their beginnings.
const CONSONANT_SOUND: &[&str] = &[
    "eu", "ewe", "once", "one", "ouija", "una", "uni", "usu", "ut",
];

/// `a` or `an` that does not fit the sound of the next word, and `a`, `an`
/// or `every` before a plural.
fn article(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let t = &s[i];
    if !matches!(t.low(), "a" | "an" | "every") {
        return None;
    }
    // A capital `A` inside a sentence is a label (`Option A`, `FP&A`), not
    // an article.
    if t.text.starts_with(char::is_uppercase) && !starts_sentence(doc, s, i) {
        return None;
    }
    // `FP&A`, `a.k.a`, `a/an`: a letter of an abbreviation, or both
    // articles offered.
    let before = doc.text[..t.span.start].chars().next_back();
    if matches!(before, Some('&' | '/' | '.')) || doc.text[t.span.end..].starts_with('/') {
        return None;
    }
    let w = next(s, i)?;
    if t.lower != "every" {
        if let Some(slip) = stray_article(doc, t, w) {
            return slip;
        }
    }
    let first = w.text.chars().next()?;
    let plain = w.text.len() > 1
        && w.text.chars().all(|c| c.is_ascii_alphabetic())
        && !w.text.chars().skip(1).any(|c| c.is_ascii_uppercase());
    if !plain || !english().is_word(&w.lower) || SPELLED_OUT.contains(&w.low()) {
        return None;
    }
    if let Some(slip) = plural(doc, s, i) {
        return Some(slip);
    }
    let vowel_letter = matches!(first.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u');
    let vowel_sound = if vowel_letter {
        let u_vowel = w.lower.starts_with("un") || w.lower.starts_with("up");
        !CONSONANT_SOUND.iter().any(|p| w.lower.starts_with(p))
            && (!first.eq_ignore_ascii_case(&'u') || u_vowel)
    } else {
        VOWEL_SOUND_H.contains(&w.low())
    };
    // `an historic`, `an hotel` and `an hypothesis` are old but not wrong.
    let consonant_sound = !vowel_letter
        && !VOWEL_SOUND_H.contains(&w.low())
        && !["herb", "histor", "homage", "hotel", "hypothe"]
            .iter()
            .any(|p| w.lower.starts_with(p));
    match t.low() {
        "a" if vowel_sound => slip(
            t,
            w,
            replace_first(doc, t, w, &match_case(t.text, "an")),
            "`a` before a vowel sound",
        ),
        "an" if consonant_sound => slip(
            t,
            w,
            replace_first(doc, t, w, &match_case(t.text, "a")),
            "`an` before a consonant sound",
        ),
        _ => None,
    }
}

/// True when word `i` opens its stretch or follows the end of a sentence.
fn starts_sentence(doc: &Document, s: &[Tok<'_>], i: usize) -> bool {
    let Some(before) = i.checked_sub(1).map(|j| &s[j]) else {
        return true;
    };
    let gap = doc.text[before.span.end..s[i].span.start].trim_end_matches(is_markup_or_space);
    gap.ends_with(['.', '!', '?', ':'])
}

/// Lower-case abbreviations said letter by letter (`an sql query`): their
/// article follows the sound of the first letter's name.
const SPELLED_OUT: &[&str] = &[
    "faq", "hr", "html", "http", "https", "llm", "mba", "ml", "mr", "mvc", "mvp", "nda", "npm",
    "rfc", "rfp", "rsvp", "sdk", "seo", "sla", "slo", "sms", "sql", "sre", "ssh", "ssl", "sso",
    "xml",
];

/// Words that no article comes before: `a an option`, `an this group`.
const NO_ARTICLE: &[&str] = &[
    "an", "be", "either", "my", "our", "that", "the", "their", "these", "this", "those", "your",
];

/// Words after which `a` names a letter (`options a and b`).
const LETTER_CONTEXT: &[&str] = &[
    "and", "are", "as", "at", "if", "in", "is", "it", "of", "on", "or", "to", "up", "us",
];

/// `a` or `an` before a word that takes no article: a stray `a`, or `an`
/// typed for `and` (`old an new`). `Some(None)`: not a slip after all (a
/// capital `A` naming a letter: `A is`).
fn stray_article(doc: &Document, t: &Tok<'_>, w: &Tok<'_>) -> Option<Option<Slip>> {
    // `a and b`, `a or an`, `a is`: letters named, not articles.
    if LETTER_CONTEXT.contains(&w.low()) {
        return Some(None);
    }
    if !NO_ARTICLE.contains(&w.low()) {
        return None;
    }
    // A capital `A` names a letter (`A is`), a capitalised word after `a`
    // starts a name (`a **My Test Group**`), and `an an` is `repeated-word`'s.
    if t.text != t.lower || w.text != w.lower || w.lower == t.lower {
        return Some(None);
    }
    Some(if t.lower == "an" && w.lower != "an" {
        slip(
            t,
            w,
            replace_first(doc, t, w, "and"),
            "`an` before a word that takes no article",
        )
    } else {
        slip(t, w, w.text.to_string(), "a stray article")
    })
}

/// Plurals that are singular nouns too, or that end a phrase as singulars do.
const NOT_PLURAL: &[&str] = &[
    "always",
    "analytics",
    "basics",
    "bias",
    "canvas",
    "chaos",
    "does",
    "economics",
    "ethics",
    "focus",
    "goods",
    "hands",
    "headquarters",
    "kudos",
    "lens",
    "logistics",
    "lots",
    "means",
    "news",
    "odds",
    "perhaps",
    "plus",
    "premises",
    "sales",
    "series",
    "species",
    "status",
    "summons",
    "sweepstakes",
    "thanks",
    "whereabouts",
    "works",
    "yes",
];

/// Words after which a plural noun ends its phrase: `a strategies for`.
const PHRASE_ENDS: &[&str] = &["for", "in", "of", "on", "that", "to", "which", "with"];

fn plural(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let (t, w) = (&s[i], next(s, i)?);
    let lower = w.low();
    if lower.len() < 4
        || !lower.ends_with('s')
        || ["ss", "us", "is", "ics", "ous", "ness"]
            .iter()
            .any(|e| lower.ends_with(e))
        || NOT_PLURAL.contains(&lower)
        || w.text.starts_with(char::is_uppercase)
    {
        return None;
    }
    let ends_phrase = match s.get(i + 2) {
        Some(after) if after.joined => PHRASE_ENDS.contains(&after.low()),
        Some(after) => doc.text[w.span.end..after.span.start]
            .trim_start()
            .starts_with([',', '.', ';', ':']),
        None => doc.text[w.span.end..]
            .trim_start_matches(['*', '_'])
            .starts_with(['.', ',', ';', ':', '\n']),
    };
    // `a macros.md file`, `a docs.gitlab.com link`: a name.
    let glued = doc.text[w.span.end..]
        .strip_prefix(['.', '-'])
        .is_some_and(|r| r.starts_with(|c: char| c.is_alphanumeric()));
    if !ends_phrase || glued {
        return None;
    }
    let singular = singular_of(lower)?;
    slip(
        t,
        w,
        replace_last(doc, t, w, &singular),
        "a singular article before a plural",
    )
}

/// The singular of a regular plural, when it is an English word.
fn singular_of(plural: &str) -> Option<String> {
    let candidates = [
        plural.strip_suffix("ies").map(|s| format!("{s}y")),
        plural
            .strip_suffix("es")
            .filter(|s| ["ch", "sh", "x", "ss", "z"].iter().any(|e| s.ends_with(e)))
            .map(str::to_string),
        plural.strip_suffix('s').map(str::to_string),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|c| c.len() >= 3 && english().is_word(c))
}

const COMPARATIVES: &[&str] = &[
    "bigger", "fewer", "greater", "higher", "larger", "less", "lower", "more", "rather", "smaller",
    "worse",
];

const MODALS: &[&str] = &[
    "can", "cannot", "could", "may", "might", "must", "should", "will", "would",
];

/// Contractions of a pronoun with `be`: another `be` after one is a slip.
const WITH_BE: &[&str] = &["i'm", "it's", "they're", "we're", "you're"];

/// Verbs of two words, each with its noun written as one word (or hyphenated).
const PHRASAL_NOUNS: &[(&str, &str, &str)] = &[
    ("back", "up", "backup"),
    ("break", "down", "breakdown"),
    ("build", "out", "build-out"),
    ("buy", "in", "buy-in"),
    ("clean", "up", "cleanup"),
    ("drop", "down", "dropdown"),
    ("follow", "up", "follow-up"),
    ("hand", "off", "handoff"),
    ("hand", "over", "handover"),
    ("kick", "off", "kickoff"),
    ("log", "in", "login"),
    ("roll", "back", "rollback"),
    ("roll", "out", "rollout"),
    ("set", "up", "setup"),
    ("shut", "down", "shutdown"),
    ("sign", "off", "sign-off"),
    ("sign", "up", "sign-up"),
    ("trade", "off", "trade-off"),
    ("write", "up", "write-up"),
];

/// Determiners: what follows them is a noun phrase, never a verb.
const DETERMINERS: &[&str] = &["a", "an", "our", "the", "their", "your"];

/// Objects that show a word after `to` is a verb.
const OBJECTS: &[&str] = &[
    "a", "an", "any", "her", "his", "its", "my", "new", "our", "the", "their", "these", "this",
    "those", "your",
];

/// Role words after which `Principle` means `Principal`.
const ROLES: &[&str] = &[
    "account",
    "analyst",
    "architect",
    "consultant",
    "designer",
    "engineer",
    "engineers",
    "product",
    "program",
    "researcher",
    "scientist",
    "solutions",
];

/// Nouns that `every day` is an adjective of, which is `everyday`.
const EVERYDAY_NOUNS: &[&str] = &[
    "activities",
    "basis",
    "business",
    "challenges",
    "duties",
    "life",
    "operations",
    "problems",
    "tasks",
    "use",
    "work",
    "workflows",
];

/// Two joined words that make a slip.
fn pair(doc: &Document, s: &[Tok<'_>], i: usize, a: &Tok<'_>, b: &Tok<'_>) -> Option<Slip> {
    let (x, y) = (a.low(), b.low());
    let after = next(s, i + 1);
    let z = after.map(|t| t.low());
    match (x, y) {
        (c, "then") if COMPARATIVES.contains(&c) => slip(
            a,
            b,
            replace_last(doc, a, b, &match_case(b.text, "than")),
            "`then` after a comparative",
        ),
        ("it's", "own") => slip(
            a,
            b,
            replace_first(doc, a, b, &match_case(a.text, "its")),
            "`it's` (it is) before `own`",
        ),
        ("there" | "they're", "own") => slip(
            a,
            b,
            replace_first(doc, a, b, &match_case(a.text, "their")),
            "a possessive is meant before `own`",
        ),
        ("their", "is" | "are" | "was" | "were") if prev(s, i).is_none_or(|p| p.lower != "of") => {
            slip(
                a,
                b,
                replace_first(doc, a, b, &match_case(a.text, "there")),
                "`their` (possessive) before a verb",
            )
        }
        ("is" | "are" | "was" | "were", "be") if after.is_some() => {
            slip(a, b, a.text.to_string(), "two forms of `be`")
        }
        ("it" | "that" | "there" | "these" | "they" | "this" | "those" | "which", "maybe")
            if z.is_some_and(|z| !MODALS.contains(&z)) =>
        {
            slip(
                b,
                b,
                "may be".into(),
                "`maybe` (perhaps) for the verb `may be`",
            )
        }
        (c, "be") if WITH_BE.contains(&c) => {
            let subject = &a.text[..a.text.find(['\'', '\u{2019}'])?];
            let apostrophe = &a.text
                [subject.len()..subject.len() + a.text[subject.len()..].chars().next()?.len_utf8()];
            slip(
                a,
                b,
                format!("{subject}{apostrophe}ll be"),
                "two forms of `be`",
            )
        }
        (
            "to" | "not" | "never" | "will" | "can" | "could" | "may" | "might" | "would",
            "loose",
        ) => slip(
            a,
            b,
            replace_last(doc, a, b, "lose"),
            "`loose` (not tight) for `lose`",
        ),
        (m, "able") if MODALS.contains(&m) && z == Some("to") => slip(
            a,
            b,
            format!("{} be able", a.text),
            "`be` missing before `able`",
        ),
        (m, "of") if MODALS.contains(&m) && matches!(m, "could" | "must" | "should" | "would") => {
            let z = z?;
            let participle = z.ends_with("ed")
                || z.ends_with("en")
                || ["been", "done", "gone", "had", "made", "seen", "got"].contains(&z);
            if !participle {
                return None;
            }
            slip(
                a,
                b,
                replace_last(doc, a, b, "have"),
                "`of` for `have` after a modal",
            )
        }
        (m, _) if MODALS.contains(&m) && a.text == x => {
            modal_compound(doc, s, i, a, b).or_else(|| modal_past(doc, s, i, a, b))
        }
        ("to", _)
            if after.is_some_and(|t| {
                OBJECTS.contains(&t.low()) || t.text.starts_with(char::is_uppercase)
            }) =>
        {
            verb_compound(doc, a, b)
        }
        (_, "loosing") => slip(
            b,
            b,
            match_case(b.text, "losing"),
            "`loosing` (setting loose) for `losing`",
        ),
        (
            "an" | "the" | "positive" | "negative" | "significant" | "no" | "any" | "direct",
            "affect",
        ) if matches!(z, Some("on" | "of")) => slip(
            b,
            b,
            match_case(b.text, "effect"),
            "`affect` (a verb) for the noun `effect`",
        ),
        (
            "provide" | "provides" | "providing" | "give" | "gives" | "giving" | "offer" | "seek"
            | "for" | "legal" | "expert",
            "advise",
        ) => slip(
            b,
            b,
            "advice".into(),
            "`advise` (a verb) for the noun `advice`",
        ),
        (
            "complimentary",
            "to" | "skills" | "strengths" | "expertise" | "experience" | "roles" | "teams",
        ) => slip(
            a,
            a,
            match_case(a.text, "complementary"),
            "`complimentary` (praising, free) for `complementary`",
        ),
        ("weather", "or") if z == Some("not") => slip(
            a,
            a,
            match_case(a.text, "whether"),
            "`weather` for `whether`",
        ),
        ("principle", r) if ROLES.contains(&r) && a.text.starts_with('P') => slip(
            a,
            a,
            "Principal".into(),
            "`Principle` (a rule) for the rank `Principal`",
        ),
        (d, v) if DETERMINERS.contains(&d) => {
            let (_, _, noun) = PHRASAL_NOUNS.iter().find(|(verb, _, _)| *verb == v)?;
            let particle = after?;
            PHRASAL_NOUNS
                .iter()
                .any(|(verb, p, _)| *verb == v && *p == particle.lower)
                .then_some(())?;
            slip(
                b,
                particle,
                match_case(b.text, noun),
                "a verb of two words used as a noun",
            )
        }
        _ => None,
    }
}

/// The verb of two words for a noun written as one (`setup` -> `set up`).
fn split_compound(word: &str) -> Option<String> {
    PHRASAL_NOUNS.iter().find_map(|(verb, particle, noun)| {
        let joined = word.len() == verb.len() + particle.len()
            && word.starts_with(verb)
            && word.ends_with(particle);
        (joined || word == *noun).then(|| format!("{verb} {particle}"))
    })
}

/// `can setup`, `will login`: a noun after a modal, where its verb is meant.
fn modal_compound(
    doc: &Document,
    s: &[Tok<'_>],
    i: usize,
    a: &Tok<'_>,
    b: &Tok<'_>,
) -> Option<Slip> {
    if prev(s, i).is_some_and(|p| DETERMINERS.contains(&p.low())) || b.lower.contains('-') {
        return None;
    }
    let verb = split_compound(&b.lower)?;
    slip(
        a,
        b,
        replace_last(doc, a, b, &verb),
        "a noun after a modal, where its verb is meant",
    )
}

/// `to setup the`: a noun after `to`, with an object after it.
fn verb_compound(doc: &Document, a: &Tok<'_>, b: &Tok<'_>) -> Option<Slip> {
    if b.text != b.lower || b.lower.contains('-') {
        return None;
    }
    let verb = split_compound(&b.lower)?;
    slip(
        a,
        b,
        replace_last(doc, a, b, &verb),
        "a noun after `to`, where its verb is meant",
    )
}

/// Verbs whose base form ends in `ed`.
const ED_VERBS: &[&str] = &[
    "bleed", "breed", "embed", "exceed", "feed", "heed", "need", "proceed", "seed", "shed",
    "shred", "speed", "succeed", "wed",
];

const QUESTION_WORDS: &[&str] = &["how", "what", "when", "where", "which", "who", "why"];

/// Words that, after a past form, show it is passive: `may declined from`.
const PASSIVE_NEXT: &[&str] = &[
    "as", "at", "by", "for", "from", "in", "on", "to", "until", "when", "with", "within",
];

/// A modal before a past form: `may declined from` (passive: `may be
/// declined`) or `will needed editing` (`will need`).
fn modal_past(doc: &Document, s: &[Tok<'_>], i: usize, a: &Tok<'_>, b: &Tok<'_>) -> Option<Slip> {
    let y = b.low();
    if !y.ends_with("ed") || y.len() < 5 || ED_VERBS.contains(&y) || b.text != y {
        return None;
    }
    // `the will needed`, `how will offloaded data be kept?`, `will
    // dotted-line manage`: a noun, a question, a compound.
    if prev(s, i)
        .is_some_and(|p| DETERMINERS.contains(&p.low()) || QUESTION_WORDS.contains(&p.low()))
        || doc.text[b.span.end..].starts_with('-')
    {
        return None;
    }
    let stem = y
        .strip_suffix('d')
        .filter(|s| english().is_word(s) && s.ends_with('e'));
    let base = stem.map(str::to_string).or_else(|| {
        let s = y.strip_suffix("ed")?;
        if english().is_word(s) {
            return Some(s.to_string());
        }
        let b = s.as_bytes();
        (b.len() > 2 && b[b.len() - 1] == b[b.len() - 2])
            .then(|| s[..s.len() - 1].to_string())
            .filter(|s| english().is_word(s))
    })?;
    let passive = match next(s, i + 1) {
        Some(t) => PASSIVE_NEXT.contains(&t.low()),
        None => {
            doc.text[b.span.end..].starts_with(['.', ',', ';', '\n'])
                || b.span.end == doc.text.len()
        }
    };
    let replacement = if passive {
        format!("{} be {}", a.text, b.text)
    } else {
        replace_last(doc, a, b, &base)
    };
    slip(a, b, replacement, "a modal verb before a past form")
}

/// `every day tasks` (an adjective: `everyday`) and `everyday.` (an adverb:
/// `every day`).
fn everyday(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let t = &s[i];
    if t.lower == "every" {
        let day = next(s, i)?;
        let noun = next(s, i + 1)?;
        if day.lower == "day" && EVERYDAY_NOUNS.contains(&noun.low()) {
            return slip(
                t,
                day,
                match_case(t.text, "everyday"),
                "`every day` used as an adjective",
            );
        }
        return None;
    }
    if t.lower != "everyday" || prev(s, i).is_none() {
        return None;
    }
    let rest = &doc.text[t.span.end..];
    rest.starts_with(['.', ',', ';']).then(|| {
        slip(
            t,
            t,
            match_case(t.text, "every day"),
            "`everyday` (an adjective) used as an adverb",
        )
    })?
}

/// Acronyms whose `I` is sometimes typed as a lowercase `l`.
const I_ACRONYMS: &[&str] = &[
    "API", "CI", "CIO", "CISO", "CLI", "GUI", "IP", "IPO", "IT", "KPI", "PII", "ROI", "SLI", "UI",
];

/// Acronyms whose `L` is sometimes typed as a lowercase `l`.
const L_ACRONYMS: &[&str] = &["HTML", "SAML", "SQL", "URL", "XML", "YAML"];

/// Words that show `Al` is the acronym AI.
const AI_CONTEXT: &[&str] = &[
    "adoption",
    "agent",
    "agents",
    "assistant",
    "capabilities",
    "features",
    "gateway",
    "governance",
    "ml",
    "model",
    "models",
    "powered",
    "products",
    "tools",
    "vendor",
    "vendors",
];

/// A lowercase `l` for a capital in an acronym: `ROl`, `lT`, `URl`, `Al/ML`.
fn acronym(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let t = &s[i];
    let w = t.text;
    if !w.contains('l')
        || w.len() > 6
        || !w.chars().all(|c| c == 'l' || c.is_ascii_uppercase())
        || !w.chars().any(|c| c.is_ascii_uppercase())
    {
        return None;
    }
    if let Some(fixed) = [w.replace('l', "L")]
        .into_iter()
        .find(|f| L_ACRONYMS.contains(&f.as_str()))
    {
        return slip(t, t, fixed, "a lowercase `l` in an acronym");
    }
    let fixed = w.replace('l', "I");
    if !I_ACRONYMS.contains(&fixed.as_str()) && fixed != "AI" {
        return None;
    }
    // `Al` and `Cl` are also names and symbols: only where the words
    // around show the acronym (`Al/ML`, `Al-powered`, `Al vendors`,
    // `GitLab's Al`, `Cl/CD`).
    if w == "Al" || w == "Cl" {
        let word = |j: Option<usize>| j.and_then(|j| s.get(j)).map(|t| t.low());
        let shown = if w == "Al" {
            word(Some(i + 1)).is_some_and(|l| AI_CONTEXT.contains(&l))
                || word(i.checked_sub(1))
                    .is_some_and(|l| matches!(l, "gitlab's" | "generative" | "ml"))
        } else {
            doc.text[t.span.end..].starts_with("/CD")
        };
        if !shown {
            return None;
        }
    }
    slip(t, t, fixed, "a lowercase `l` for `I` in an acronym")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::check_page;

    /// Each finding as `found -> replacement`.
    fn found(text: &str) -> Vec<String> {
        let (doc, out) = check_page(&RealWord, "page.md", text);
        out.iter()
            .map(|d| {
                let fix = d.fix.as_ref().expect("every finding has a fix");
                let edit = &fix.edits[0];
                format!("{} -> {}", &doc.text[edit.range.clone()], edit.replacement)
            })
            .collect()
    }

    #[test]
    fn articles_follow_the_sound_of_the_next_word() {
        assert_eq!(
            found("Report to a Engineering Manager, then an Senior Analyst, in a hour.\n"),
            [
                "a Engineering -> an Engineering",
                "an Senior -> a Senior",
                "a hour -> an hour"
            ]
        );
        assert_eq!(
            found("Reports to a [Engineering Manager](#x).\n"),
            ["a [Engineering -> an [Engineering"]
        );
        assert_eq!(found("An high bar.\n"), ["An high -> A high"]);
    }

    #[test]
    fn articles_that_fit_stay_silent() {
        for text in [
            "A user, a one-off, a European team, a unique role and a union.\n",
            "An SRE, an SQL query, a SaaS plan, an hour, an honest review, an historic day.\n",
            "Work with FP&A and M&A teams; pick a/an article; Option A is fine.\n",
            "Run `a` then `apple`, and an `x` value.\n",
            "Un ami a écrit à une amie et a envoyé la lettre.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_stray_article_is_removed_and_an_for_and_is_fixed() {
        assert_eq!(
            found("Join a the team, old an new.\n"),
            ["a the -> the", "an new -> a new"]
        );
        assert_eq!(
            found("We keep old an this plan.\n"),
            ["an this -> and this"]
        );
        assert_eq!(
            found("You land in a **My Group** page.\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn plurals_after_a_singular_article() {
        assert_eq!(
            found("Draft a strategies for the quarter.\n"),
            ["a strategies -> a strategy"]
        );
        assert_eq!(
            found("It failed for a customers.\n"),
            ["a customers -> a customer"]
        );
        for text in [
            "Join a sales team and a series of talks on a systems approach.\n",
            "Open a macros.md file and a hands-on lab for a lens of focus.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn broken_auxiliaries() {
        assert_eq!(
            found("You're be tasked with it. We will able to ship. It is be easy.\n"),
            [
                "You're be -> You'll be",
                "will able -> will be able",
                "is be -> is"
            ]
        );
        assert_eq!(
            found("A candidate may declined from the process. The video will needed editing.\n"),
            [
                "may declined -> may be declined",
                "will needed -> will need"
            ]
        );
        assert_eq!(
            found("It would of introduced a burden.\n"),
            ["would of -> would have"]
        );
        assert_eq!(found("They maybe sub-optimal.\n"), ["maybe -> may be"]);
        assert_eq!(
            found("We maybe will. They maybe could.\n"),
            Vec::<String>::new()
        );
        for text in [
            "You should of course check it.\n",
            "How will offloaded data be kept? They will dotted-line report to us.\n",
            "Candidates may proceed to the next stage; the will needed to ship.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn confusables_in_contexts_that_settle_them() {
        assert_eq!(
            found(
                "It costs more then that, rather then less. Never loose track; don't loose it.\n"
            ),
            [
                "more then -> more than",
                "rather then -> rather than",
                "Never loose -> Never lose"
            ]
        );
        assert_eq!(
            found("Measure the affect of each change. Provide advise to the Principle Engineer.\n"),
            [
                "affect -> effect",
                "advise -> advice",
                "Principle -> Principal"
            ]
        );
        assert_eq!(
            found("Each team has it's own plan and there own goals; their is a roadmap.\n"),
            [
                "it's own -> its own",
                "there own -> their own",
                "their is -> there is"
            ]
        );
        for text in [
            "Do more, then rest. Releases affect the fleet. Core Principle of the team.\n",
            "We advise teams on their own goals, and it's owned by them.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn nouns_and_verbs_of_two_words() {
        assert_eq!(
            found(
                "Own the set up and a follow up. Help to setup the pipeline; you can login now.\n"
            ),
            [
                "set up -> setup",
                "follow up -> follow-up",
                "to setup -> to set up",
                "can login -> can log in"
            ]
        );
        assert_eq!(
            found("Handle every day tasks and write it everyday.\n"),
            ["every day -> everyday", "everyday -> every day"]
        );
        for text in [
            "We set up the pipeline and follow up with customers; the setup is done.\n",
            "Coordinate the work around launches. Move to setup guides. Work every day.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_lowercase_l_in_an_acronym() {
        assert_eq!(
            found(
                "Track the ROl, the lT budget and the URl. Review Al/ML vendors and Al vendors.\n"
            ),
            [
                "ROl -> ROI",
                "lT -> IT",
                "URl -> URL",
                "Al -> AI",
                "Al -> AI"
            ]
        );
        assert_eq!(
            found("Thanks to Al Smith and Mohammed Al Kobaisy.\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_phrase_pluralised_on_the_wrong_word() {
        assert_eq!(
            found("Run proof of concepts.\n"),
            ["proof of concepts -> proofs of concept"]
        );
    }

    #[test]
    fn code_and_links_are_not_read_across() {
        for text in [
            "Set a `value` and an `x`, and a\n\n```\nan example\n```\n",
            "See [a](https://example.com/an) or <https://a.example/an-thing>.\n",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }
}
