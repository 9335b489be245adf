//! The phrase engine: every literal word and phrase of every rule of a run
//! (the built-in lists and the rule files' tokens) compiled into one
//! Aho-Corasick automaton, which reads each prose run of a page once. Word
//! boundaries are checked after a match; each rule then keeps, left to
//! right, the longest of its own phrases at each word, without overlaps.
//!
//! Matching is case-insensitive for ASCII letters (rules that ask for case
//! are compared again afterwards), a space in a phrase matches any run of
//! white space, `'` matches the typographic `’`, and a phrase ending in `*`
//! matches any word that starts with it.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use crate::model::document::{Document, TextRun};

/// One entry of a list: the phrase as written, and an optional suggestion.
#[derive(Debug, Clone)]
pub struct Entry {
    pub phrase: String,
    pub suggestion: Option<String>,
    /// Which of its rule's lists the entry belongs to (0: the rule's tokens).
    pub list: u16,
    /// Matched only with the case it is written in.
    pub case_sensitive: bool,
}

impl Entry {
    pub fn new(phrase: impl Into<String>, suggestion: Option<String>) -> Entry {
        Entry {
            phrase: phrase.into(),
            suggestion,
            list: 0,
            case_sensitive: false,
        }
    }
}

/// The literal entries of one rule, in the order the rule gives them.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    entries: Vec<Entry>,
}

impl PhraseList {
    pub fn new(entries: Vec<Entry>) -> PhraseList {
        PhraseList { entries }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether `phrase` can go into the automaton: it starts with an ASCII
    /// letter or digit (the engine matches from word starts) and folds case
    /// as ASCII does. Anything else is matched as a regular expression.
    pub fn is_literal(phrase: &str) -> bool {
        let body = phrase.trim().trim_end_matches('*');
        body.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
            && body.chars().all(|c| c.is_ascii() || c == '\u{2019}')
    }
}

/// A phrase ready to be compared with text.
#[derive(Debug, Clone)]
struct Pattern {
    /// `stem*`: the last word may go on with more word characters.
    prefix: bool,
    /// Ends in a word character, so it must end at a word boundary.
    ends_with_word: bool,
    /// Where it sorts among its rule's phrases at one position: longer first.
    rank: u32,
    /// The body as written (spaces folded), for rules that ask for case.
    exact: Option<String>,
}

/// Every rule's lists, compiled once per run.
#[derive(Debug)]
pub struct PhraseEngine {
    automaton: Option<AhoCorasick>,
    /// Automaton pattern -> the (rule slot, entry) pairs that share its body.
    owners: Vec<Vec<(u32, u32)>>,
    /// Per slot: its entries, and each entry's pattern.
    slots: Vec<(Vec<Entry>, Vec<Option<Pattern>>)>,
}

/// A match in the page: where, which entry, and the text as written.
#[derive(Debug, Clone)]
pub struct Hit<'d> {
    pub span: Range<usize>,
    pub entry: &'d Entry,
    pub text: &'d str,
    pub run: &'d TextRun,
}

/// The hits of one page, per rule slot, each in document order.
#[derive(Debug, Default)]
pub struct PageHits<'d> {
    slots: Vec<Vec<Hit<'d>>>,
}

impl<'d> PageHits<'d> {
    pub fn of(&self, slot: usize) -> &[Hit<'d>] {
        self.slots.get(slot).map_or(&[], Vec::as_slice)
    }
}

/// A candidate found by the automaton, before a rule chose among its own.
struct Candidate {
    /// The entry's list: each list of a rule chooses among its own phrases.
    list: u16,
    start: usize,
    end: usize,
    rank: u32,
    entry: u32,
}

impl PhraseEngine {
    /// Compiles the lists; slot `i` of the result is `lists[i]`.
    pub fn new(lists: &[&PhraseList]) -> PhraseEngine {
        let mut bodies: FxHashMap<String, usize> = FxHashMap::default();
        let mut owners: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut slots = Vec::with_capacity(lists.len());
        for (slot, list) in lists.iter().enumerate() {
            // At one position the longest phrase wins ("he/she" before "he").
            let mut order: Vec<usize> = (0..list.entries.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(list.entries[i].phrase.len()));
            let mut rank = vec![0u32; list.entries.len()];
            for (r, &i) in order.iter().enumerate() {
                rank[i] = r as u32;
            }
            let mut patterns = Vec::with_capacity(list.entries.len());
            for (i, entry) in list.entries.iter().enumerate() {
                if !PhraseList::is_literal(&entry.phrase) {
                    patterns.push(None);
                    continue;
                }
                let phrase = entry.phrase.trim();
                let (body, prefix) = match phrase.strip_suffix('*') {
                    Some(stem) => (stem, true),
                    None => (phrase, false),
                };
                let written = body
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace('\u{2019}', "'");
                let key = written.to_ascii_lowercase();
                let ends_with_word = prefix || key.bytes().last().is_some_and(is_word_byte);
                let id = *bodies.entry(key).or_insert_with(|| {
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[id].push((slot as u32, i as u32));
                patterns.push(Some(Pattern {
                    prefix,
                    ends_with_word,
                    rank: rank[i],
                    exact: entry.case_sensitive.then_some(written),
                }));
            }
            slots.push((list.entries.clone(), patterns));
        }
        let mut keys: Vec<(usize, String)> = bodies.into_iter().map(|(k, v)| (v, k)).collect();
        keys.sort_by_key(|(id, _)| *id);
        let automaton = (!keys.is_empty()).then(|| {
            // A DFA: the fastest search, for a few megabytes at most with
            // the lists jflint ships (bench/run.sh).
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(keys.iter().map(|(_, k)| k.as_str()))
                .expect("phrases of bounded size build an automaton")
        });
        PhraseEngine {
            automaton,
            owners,
            slots,
        }
    }

    /// The entries of slot `slot`, as given.
    pub fn entries(&self, slot: usize) -> &[Entry] {
        self.slots.get(slot).map_or(&[], |(e, _)| e.as_slice())
    }

    /// Every rule's hits in the prose of `doc`, in one pass over its runs.
    pub fn scan<'d>(&'d self, doc: &'d Document) -> PageHits<'d> {
        let mut hits: Vec<Vec<Hit<'d>>> = (0..self.slots.len()).map(|_| Vec::new()).collect();
        let Some(automaton) = &self.automaton else {
            return PageHits { slots: hits };
        };
        let mut per_slot: FxHashMap<u32, Vec<Candidate>> = FxHashMap::default();
        let mut folded = String::new();
        let (mut starts, mut ends): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        for run in &doc.prose {
            let text = run.text.as_str();
            let words = doc.words_of(run);
            if words.is_empty() {
                continue;
            }
            let folding = needs_folding(text);
            let haystack = if folding {
                fold(text, &mut folded, &mut starts, &mut ends);
                folded.as_str()
            } else {
                text
            };
            let bytes = text.as_bytes();
            for m in automaton.find_overlapping_iter(haystack) {
                let (start, end) = if folding {
                    (starts[m.start()] as usize, ends[m.end() - 1] as usize)
                } else {
                    (m.start(), m.end())
                };
                // Phrases start where a word of the page starts.
                let Ok(w) = words.binary_search_by_key(&start, |w| w.start()) else {
                    continue;
                };
                if words[w].key_end() == start {
                    continue;
                }
                for &(slot, entry) in &self.owners[m.pattern().as_usize()] {
                    let Some(pattern) = &self.slots[slot as usize].1[entry as usize] else {
                        continue;
                    };
                    if let Some(exact) = &pattern.exact
                        && haystack[m.start()..m.end()] != *exact
                    {
                        continue;
                    }
                    let Some(end) = pattern.end_at(text, bytes, end) else {
                        continue;
                    };
                    per_slot.entry(slot).or_default().push(Candidate {
                        list: self.slots[slot as usize].0[entry as usize].list,
                        start,
                        end,
                        rank: pattern.rank,
                        entry,
                    });
                }
            }
            for (&slot, candidates) in &mut per_slot {
                if candidates.is_empty() {
                    continue;
                }
                candidates.sort_by_key(|c| (c.list, c.start, c.rank));
                let entries = &self.slots[slot as usize].0;
                let found = &mut hits[slot as usize];
                let first = found.len();
                let mut pos = 0;
                let mut list = 0;
                for c in candidates.iter() {
                    if c.list != list {
                        list = c.list;
                        pos = 0;
                    }
                    if c.start < pos {
                        continue;
                    }
                    pos = c.end;
                    let Some(span) = run_range(doc, run, c.start..c.end) else {
                        continue;
                    };
                    found.push(Hit {
                        span,
                        entry: &entries[c.entry as usize],
                        text: &text[c.start..c.end],
                        run,
                    });
                }
                found[first..].sort_by_key(|h| h.span.start);
                candidates.clear();
            }
        }
        PageHits { slots: hits }
    }
}

impl Pattern {
    /// Where the phrase ends if the automaton's match ends at `end`.
    fn end_at(&self, text: &str, bytes: &[u8], end: usize) -> Option<usize> {
        if self.prefix {
            // The word goes on over word characters, apostrophes and hyphens,
            // and ends at the last word boundary among them.
            let mut best = boundary_at(bytes, end).then_some(end);
            for (i, c) in text[end..].char_indices() {
                if !(c.is_alphanumeric() || c == '_' || matches!(c, '\'' | '\u{2019}' | '-')) {
                    break;
                }
                let after = end + i + c.len_utf8();
                if boundary_at(bytes, after) {
                    best = Some(after);
                }
            }
            best
        } else if self.ends_with_word && !boundary_at(bytes, end) {
            None
        } else {
            Some(end)
        }
    }
}

/// Text whose white space or apostrophes differ from the phrases' forms.
fn needs_folding(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b' ' => bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace),
        b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => true,
        b if b >= 0x80 => true,
        _ => false,
    })
}

/// `text` with every run of white space made one space and `’` made `'`;
/// byte `i` of the result comes from `starts[i]..ends[i]` of `text`.
fn fold(text: &str, out: &mut String, starts: &mut Vec<u32>, ends: &mut Vec<u32>) {
    out.clear();
    starts.clear();
    ends.clear();
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let end = (i + c.len_utf8()) as u32;
        if c.is_whitespace() {
            if in_space {
                if let Some(last) = ends.last_mut() {
                    *last = end;
                }
            } else {
                out.push(' ');
                starts.push(i as u32);
                ends.push(end);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let c = if c == '\u{2019}' { '\'' } else { c };
        for _ in 0..c.len_utf8() {
            starts.push(i as u32);
            ends.push(end);
        }
        out.push(c);
    }
}

/// ASCII word characters: the lists are English words, and treating other
/// letters as boundaries keeps matching byte-wise.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A word boundary (ASCII) between `bytes[at - 1]` and `bytes[at]`.
fn boundary_at(bytes: &[u8], at: usize) -> bool {
    let before = at > 0 && bytes.get(at - 1).is_some_and(|&b| is_word_byte(b));
    let after = bytes.get(at).is_some_and(|&b| is_word_byte(b));
    before != after
}

/// Source range of `range` (a byte range of `run.text`): direct for verbatim
/// runs, otherwise by finding the same text inside the run's source.
pub fn run_range(doc: &Document, run: &TextRun, range: Range<usize>) -> Option<Range<usize>> {
    if run.verbatim {
        return Some(run.span.start + range.start..run.span.start + range.end);
    }
    let needle = run.text.get(range.clone())?;
    let source = doc.text.get(run.span.clone())?;
    let at = source.find(needle)?;
    Some(run.span.start + at..run.span.start + at + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(words: &[&str]) -> PhraseList {
        PhraseList::new(
            words
                .iter()
                .map(|w| match w.split_once("=>") {
                    Some((p, s)) => Entry::new(p.trim(), Some(s.trim().to_string())),
                    None => Entry::new(*w, None),
                })
                .collect(),
        )
    }

    /// The texts each list finds on `page`, all lists in one automaton.
    fn hits(lists: &[&PhraseList], page: &str) -> Vec<Vec<String>> {
        let engine = PhraseEngine::new(lists);
        let doc = Document::parse("p.md", page.to_string());
        let found = engine.scan(&doc);
        (0..lists.len())
            .map(|slot| {
                found
                    .of(slot)
                    .iter()
                    .map(|h| doc.text[h.span.clone()].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn whole_words_case_insensitive_across_spaces() {
        let list = entries(&["you will", "ninja => expert"]);
        assert_eq!(
            hits(&[&list], "You  will build. Ninjas are not ninja.\n"),
            [["You  will", "ninja"]]
        );
    }

    #[test]
    fn prefix_entries_and_apostrophes() {
        let list = entries(&["aggress*", "we're hiring"]);
        assert_eq!(
            hits(&[&list], "Aggressive goals; we’re hiring.\n"),
            [["Aggressive", "we’re hiring"]]
        );
    }

    #[test]
    fn code_is_never_matched() {
        let list = entries(&["ninja"]);
        assert_eq!(
            hits(&[&list], "`ninja` and\n\n```\nninja\n```\n"),
            [Vec::<String>::new()]
        );
    }

    #[test]
    fn each_rule_keeps_its_own_longest_match() {
        let pronouns = entries(&["he", "he or she", "s/he"]);
        let other = entries(&["she", "or she"]);
        assert_eq!(
            hits(&[&pronouns, &other], "Ask he or she, or s/he.\n"),
            [
                vec!["he or she".to_string(), "s/he".to_string()],
                vec!["or she".to_string()],
            ]
        );
    }

    #[test]
    fn lists_of_one_rule_do_not_hide_each_other() {
        let mut list = entries(&["compet*"]);
        list.entries.push(Entry {
            list: 1,
            ..Entry::new("competitive edge", None)
        });
        let found = hits(&[&list], "A competitive edge.\n");
        assert_eq!(found, [["competitive", "competitive edge"]]);
    }

    #[test]
    fn case_sensitive_entries_match_as_written() {
        let mut list = entries(&[]);
        list.entries.push(Entry {
            case_sensitive: true,
            ..Entry::new("GitLabber", None)
        });
        assert_eq!(
            hits(&[&list], "A GitLabber, a gitlabber.\n"),
            [["GitLabber"]]
        );
    }

    #[test]
    fn only_ascii_phrases_from_word_starts_are_literal() {
        assert!(PhraseList::is_literal("can setup"));
        assert!(PhraseList::is_literal("stem*"));
        assert!(!PhraseList::is_literal(".NET"));
        assert!(!PhraseList::is_literal("café"));
    }
}
