//! Word and phrase lists matched against a page's prose: case-insensitive,
//! whole words only, compiled once when a rule is built.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::model::words::key_hash;

use crate::model::document::{Document, TextRun};

/// One entry of a list: the phrase as written, and an optional suggestion.
#[derive(Debug, Clone)]
pub struct Entry {
    pub phrase: String,
    pub suggestion: Option<String>,
}

/// A list compiled for matching: each phrase is keyed by its first run of
/// ASCII word characters (lower-case), so a page's words are looked up in a
/// hash map instead of being run through a large case-insensitive regex (whose
/// lazy DFA spent most of its time building states).
#[derive(Debug, Clone)]
pub struct PhraseList {
    entries: Vec<Entry>,
    patterns: Vec<Pattern>,
    /// Hash of the first word (see `words::key_hash`) -> entries starting with
    /// it; a candidate is then compared with the text itself.
    exact: FxHashMap<u64, Vec<usize>>,
    /// Hash of the first `PREFIX_KEY` letters of a `stem*` entry -> entries.
    prefixes: FxHashMap<u64, Vec<usize>>,
    /// `stem*` entries shorter than that, tried on every word.
    short_prefixes: Vec<usize>,
}

/// A phrase ready to be compared with text.
#[derive(Debug, Clone)]
struct Pattern {
    /// Lower-case, words separated by one space (any run of white space in the text).
    body: String,
    /// `stem*`: the last word may go on with more word characters.
    prefix: bool,
    /// Ends in a word character, so it must end at a word boundary.
    ends_with_word: bool,
    /// Where it sorts among entries tried at one position: longer phrases first.
    rank: usize,
}

/// A match in the page: where, which entry, and the text as written.
#[derive(Debug, Clone)]
pub struct Hit<'d> {
    pub span: Range<usize>,
    pub entry: &'d Entry,
    pub text: &'d str,
    pub run: &'d TextRun,
}

impl PhraseList {
    /// Parses `phrase` or `phrase => suggestion` lines (`#` comments). A
    /// phrase ending in `*` matches any word that starts with it.
    pub fn parse(text: &str) -> PhraseList {
        let entries: Vec<Entry> = crate::rule_data::parse_list(text)
            .map(|line| match line.split_once("=>") {
                Some((p, s)) => Entry {
                    phrase: p.trim().to_string(),
                    suggestion: Some(s.trim().to_string()),
                },
                None => Entry {
                    phrase: line.to_string(),
                    suggestion: None,
                },
            })
            .collect();
        PhraseList::new(entries)
    }

    /// Compiles the entries. A phrase must start with an ASCII letter or digit
    /// (every list jflint ships does); one that does not can never match.
    pub fn new(entries: Vec<Entry>) -> PhraseList {
        // At one position the longest phrase wins ("he/she" before "he").
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(entries[i].phrase.len()));
        let mut rank = vec![0; entries.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let mut list = PhraseList {
            entries: Vec::new(),
            patterns: Vec::new(),
            exact: FxHashMap::default(),
            prefixes: FxHashMap::default(),
            short_prefixes: Vec::new(),
        };
        for (i, entry) in entries.iter().enumerate() {
            let phrase = entry.phrase.trim();
            let (body, prefix) = match phrase.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (phrase, false),
            };
            let body = body
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let key_len = body.bytes().take_while(|&b| is_word_byte(b)).count();
            if key_len == 0 {
                continue;
            }
            let key = key_hash(&body.as_bytes()[..key_len]);
            let ends_with_word = prefix || body.chars().last().is_some_and(|c| c.is_alphanumeric());
            let index = list.patterns.len();
            if prefix && key_len == body.len() {
                if key_len < PREFIX_KEY {
                    list.short_prefixes.push(index);
                } else {
                    let head = key_hash(&body.as_bytes()[..PREFIX_KEY]);
                    list.prefixes.entry(head).or_default().push(index);
                }
            } else {
                list.exact.entry(key).or_default().push(index);
            }
            list.patterns.push(Pattern {
                body,
                prefix,
                ends_with_word,
                rank: rank[i],
            });
            list.entries.push(entry.clone());
        }
        list
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every match in the prose of `doc`, in document order.
    pub fn find_in<'d>(&'d self, doc: &'d Document) -> Vec<Hit<'d>> {
        let mut hits = Vec::new();
        if self.patterns.is_empty() {
            return hits;
        }
        let mut candidates: Vec<usize> = Vec::new();
        for run in &doc.prose {
            let text = run.text.as_str();
            let bytes = text.as_bytes();
            let mut pos = 0;
            for word in doc.words_of(run) {
                let start = word.start();
                if start < pos || word.key_end() == start {
                    continue;
                }
                candidates.clear();
                if let Some(found) = self.exact.get(&word.key_hash) {
                    candidates.extend_from_slice(found);
                }
                if !self.prefixes.is_empty() && start + PREFIX_KEY <= word.key_end() {
                    let head = key_hash(&bytes[start..start + PREFIX_KEY]);
                    if let Some(found) = self.prefixes.get(&head) {
                        candidates.extend_from_slice(found);
                    }
                }
                candidates.extend_from_slice(&self.short_prefixes);
                if candidates.is_empty() {
                    continue;
                }
                candidates.sort_by_key(|&i| self.patterns[i].rank);
                let Some((index, match_end)) = candidates
                    .iter()
                    .find_map(|&i| self.patterns[i].match_at(text, start).map(|e| (i, e)))
                else {
                    continue;
                };
                pos = match_end;
                let Some(span) = run_range(doc, run, start..match_end) else {
                    continue;
                };
                hits.push(Hit {
                    span,
                    entry: &self.entries[index],
                    text: &text[start..match_end],
                    run,
                });
            }
        }
        hits
    }
}

impl Pattern {
    /// Where the phrase ends if it matches `text` at `start` (a word start).
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let mut rest = text[start..].char_indices().peekable();
        let mut end = start;
        for p in self.body.chars() {
            if p == ' ' {
                let mut spaces = 0;
                while let Some(&(i, c)) = rest.peek() {
                    if !c.is_whitespace() {
                        break;
                    }
                    rest.next();
                    end = start + i + c.len_utf8();
                    spaces += 1;
                }
                if spaces == 0 {
                    return None;
                }
                continue;
            }
            let (i, c) = rest.next()?;
            let same = if p == '\'' {
                c == '\'' || c == '\u{2019}'
            } else if c.is_ascii() {
                c.to_ascii_lowercase() == p
            } else {
                c.to_lowercase().eq(p.to_lowercase())
            };
            if !same {
                return None;
            }
            end = start + i + c.len_utf8();
        }
        let bytes = text.as_bytes();
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

/// `stem*` entries are found by their first letters, then compared in full.
const PREFIX_KEY: usize = 4;

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

    fn hits(list: &str, page: &str) -> Vec<String> {
        let list = PhraseList::parse(list);
        let doc = Document::parse("p.md", page.to_string());
        list.find_in(&doc)
            .into_iter()
            .map(|h| doc.text[h.span].to_string())
            .collect()
    }

    #[test]
    fn whole_words_case_insensitive_across_spaces() {
        assert_eq!(
            hits(
                "you will\nninja => expert\n",
                "You  will build. Ninjas are not ninja.\n"
            ),
            ["You  will", "ninja"]
        );
    }

    #[test]
    fn prefix_entries_and_apostrophes() {
        assert_eq!(
            hits(
                "aggress*\nwe're hiring\n",
                "Aggressive goals; we’re hiring.\n"
            ),
            ["Aggressive", "we’re hiring"]
        );
    }

    #[test]
    fn code_is_never_matched() {
        assert!(hits("ninja\n", "`ninja` and\n\n```\nninja\n```\n").is_empty());
    }

    #[test]
    fn suggestions_are_parsed() {
        let list = PhraseList::parse("# comment\nwhitelist => allowlist\n");
        assert_eq!(list.entries()[0].suggestion.as_deref(), Some("allowlist"));
    }
}
