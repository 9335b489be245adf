//! Slips of two or three words: comparatives, possessives, auxiliaries, confusables, verbs and nouns of two words.

use super::*;

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
    ("make", "up", "make-up"),
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

/// How an object starts: the word before it is a verb (after `to`, or
/// opening a clause).
const OBJECTS: &[&str] = &[
    "a", "an", "any", "her", "his", "its", "my", "new", "our", "the", "their", "these", "this",
    "those", "your",
];

/// Nouns that `it's` (it is) cannot stand before: the possessive `its` is meant.
const ITS_NOUNS: &[&str] = &[
    "benefits",
    "configuration",
    "customers",
    "employees",
    "entirety",
    "features",
    "goal",
    "goals",
    "impact",
    "members",
    "mission",
    "name",
    "owner",
    "owners",
    "products",
    "purpose",
    "scope",
    "team",
    "teams",
    "users",
    "value",
    "values",
];

/// Words after which `to` opens an infinitive: the word after it is a verb.
const INFINITIVE_MARKERS: &[&str] = &[
    "ability", "able", "how", "need", "needs", "unable", "want", "wants", "willing",
];

/// Nouns for people typed for their verb after an infinitive `to`
/// (`Ability to manager`).
const AGENT_NOUNS: &[(&str, &str)] = &[
    ("builder", "build"),
    ("designer", "design"),
    ("developer", "develop"),
    ("driver", "drive"),
    ("leader", "lead"),
    ("manager", "manage"),
    ("planner", "plan"),
];

/// Words after which a noun of two words opens a clause, where its verb is
/// meant when an object follows (`and setup the`, `that make-up a`).
const CLAUSE_LINKS: &[&str] = &[
    "and", "or", "please", "that", "then", "they", "we", "which", "who", "you",
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
pub(super) fn pair(
    doc: &Document,
    s: &[Tok<'_>],
    i: usize,
    a: &Tok<'_>,
    b: &Tok<'_>,
) -> Option<Slip> {
    let (x, y) = (a.low(), b.low());
    let after = next(s, i + 1);
    let z = after.map(|t| t.low());
    if x == "to" && prev(s, i).is_some_and(|p| INFINITIVE_MARKERS.contains(&p.low())) {
        if let Some(slip) = infinitive(doc, s, i) {
            return Some(slip);
        }
    }
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
        ("it's", n)
            if ITS_NOUNS.contains(&n)
                && b.text == n
                && !doc.text[b.span.end..].starts_with('-') =>
        {
            slip(
                a,
                b,
                replace_first(doc, a, b, &match_case(a.text, "its")),
                "`it's` (it is) before a noun it owns",
            )
        }
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
        (m, "the") if MODALS.contains(&m) && z == Some("be") => slip(
            b,
            b,
            match_case(b.text, "then"),
            "`the` for `then` between a modal and `be`",
        ),
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
        let bare = word.strip_prefix(verb)?;
        let joined = bare.strip_prefix('-').unwrap_or(bare) == *particle;
        (joined || word == *noun).then(|| format!("{verb} {particle}"))
    })
}

/// A noun of two words at word `i`, as one word (`setup`, `kickoff`) or
/// hyphenated (`set-up`, `break-down`): the index of its last word, and
/// its verb.
fn compound_at(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<(usize, String)> {
    let t = &s[i];
    if let Some(particle) = s.get(i + 1)
        && &doc.text[t.span.end..particle.span.start] == "-"
    {
        return PHRASAL_NOUNS
            .iter()
            .find(|(verb, p, _)| *verb == t.low() && *p == particle.low())
            .map(|(verb, p, _)| (i + 1, format!("{verb} {p}")));
    }
    split_compound(t.low()).map(|verb| (i, verb))
}

/// `Ability to break-down`, `how to setup`, `able to manager`: after
/// `ability to`, `how to` and the like only a verb can follow.
fn infinitive(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let (a, b) = (&s[i], next(s, i)?);
    if b.text != b.lower {
        return None;
    }
    if let Some((end, verb)) = compound_at(doc, s, i + 1) {
        return slip(
            a,
            &s[end],
            format!("{}{verb}", &doc.text[a.span.start..b.span.start]),
            "a noun after `to`, where its verb is meant",
        );
    }
    let (_, verb) = AGENT_NOUNS.iter().find(|(noun, _)| *noun == b.lower)?;
    slip(
        a,
        b,
        replace_last(doc, a, b, verb),
        "a noun for a person after `to`, where its verb is meant",
    )
}

/// `Setup the runners`, `and setup a pipeline`, `that make-up a team`,
/// `Setup and maintain new environments`: a noun of two words opening a
/// clause with an object after it, where its verb is meant.
pub(super) fn clause_compound(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let t = &s[i];
    let (j, verb) = compound_at(doc, s, i)?;
    let opens = match prev(s, i) {
        None => true,
        Some(p) => CLAUSE_LINKS.contains(&p.low()) && t.text == t.low(),
    };
    if !opens {
        return None;
    }
    let n = next(s, j)?;
    let object = |t: &Tok<'_>| OBJECTS.contains(&t.low());
    let verb_with_object = match n.low() {
        "and" | "or" => {
            // `Setup and maintain new …`, not `Setup and configuration of …`.
            let (other, after) = (next(s, j + 1)?, next(s, j + 2)?);
            other.text == other.low()
                && english().is_word(other.low())
                && !["ion", "ment", "ance", "ence", "ing", "s"]
                    .iter()
                    .any(|e| other.low().ends_with(e))
                && object(after)
        }
        _ => object(n),
    };
    if !verb_with_object {
        return None;
    }
    slip(
        t,
        &s[j],
        match_case(t.text, &verb),
        "a noun of two words used as a verb",
    )
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
pub(super) fn everyday(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
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
