//! `a`/`an` and the word after them: its sound, a plural, a word that takes no article.

use super::*;

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
pub(super) fn article(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
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
