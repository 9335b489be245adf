//! Word and phrase lists matched against a page's prose: one case-insensitive
//! regex per list, whole words only, built once when a rule is built.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::document::{Document, TextRun};

/// One entry of a list: the phrase as written, and an optional suggestion.
#[derive(Debug, Clone)]
pub struct Entry {
    pub phrase: String,
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PhraseList {
    regex: Option<Regex>,
    entries: Vec<Entry>,
    /// Regex group i + 1 is entry `order[i]`.
    order: Vec<usize>,
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

    pub fn new(entries: Vec<Entry>) -> PhraseList {
        if entries.is_empty() {
            return PhraseList {
                regex: None,
                entries,
                order: Vec::new(),
            };
        }
        // The regex takes the first alternative that matches, so longer phrases
        // go first ("he/she" before "he"); `order` maps groups back to entries.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(entries[i].phrase.len()));
        let alternatives: Vec<String> = order
            .iter()
            .map(|&i| format!("({})", phrase_pattern(&entries[i].phrase)))
            .collect();
        let pattern = alternatives.join("|");
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(true)
            .size_limit(64 << 20)
            // A long case-insensitive alternation needs many DFA states; with
            // the default cache the lazy DFA keeps rebuilding them.
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| e.to_string());
        PhraseList {
            regex: regex.ok(),
            entries,
            order,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every match in the prose of `doc`, in document order.
    pub fn find_in<'d>(&'d self, doc: &'d Document) -> Vec<Hit<'d>> {
        let mut hits = Vec::new();
        let Some(regex) = &self.regex else {
            return hits;
        };
        for run in &doc.prose {
            // `find_iter` runs on the fast DFA; group positions (which entry
            // matched) are only asked for on the matched text itself.
            for found in regex.find_iter(&run.text) {
                let Some(caps) = regex.captures(found.as_str()) else {
                    continue;
                };
                // Group i + 1 is entry order[i]; exactly one of them matched.
                let Some(index) = caps
                    .iter()
                    .skip(1)
                    .position(|g| g.is_some())
                    .map(|i| self.order[i])
                else {
                    continue;
                };
                let m = found;
                let Some(span) = run_range(doc, run, m.range()) else {
                    continue;
                };
                hits.push(Hit {
                    span,
                    entry: &self.entries[index],
                    text: &run.text[m.range()],
                    run,
                });
            }
        }
        hits
    }
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

/// An ASCII word boundary: Unicode `\b` keeps the regex off its fast DFA on
/// any non-ASCII text (curly quotes, names), several times slower. The lists
/// are English words, and a letter next to a non-ASCII letter is rare enough.
const WORD_BOUNDARY: &str = r"(?-u:\b)";

/// A phrase as a regex: words separated by any run of spaces, `*` as a word
/// prefix wildcard, whole words only.
fn phrase_pattern(phrase: &str) -> String {
    let (body, prefix) = match phrase.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (phrase, false),
    };
    let words: Vec<String> = body
        .split_whitespace()
        .map(|w| regex::escape(w).replace('\'', "['’]"))
        .collect();
    let mut pattern = words.join(r"\s+");
    if prefix {
        pattern.push_str(r"[\w'’-]*");
    }
    let starts_with_word = body.chars().next().is_some_and(|c| c.is_alphanumeric());
    let ends_with_word = prefix || body.chars().last().is_some_and(|c| c.is_alphanumeric());
    format!(
        "{}{}{}",
        if starts_with_word { WORD_BOUNDARY } else { "" },
        pattern,
        if ends_with_word { WORD_BOUNDARY } else { "" }
    )
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
