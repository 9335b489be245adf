//! English words: whether a word is English at all, and which common word an
//! unknown word was probably meant to be.
//!
//! The lists are data under the top-level `rules/` folder
//! (`english-words.txt`, `common-words.txt`, both from SCOWL), embedded in the
//! binary front-coded and decoded once, on first use.
//!
//! Looking a word up costs one hash and one probe, without allocation for
//! ASCII words: the set holds 64-bit fingerprints of its words rather than the
//! words themselves, which keeps loading cheap (no string per word). The
//! fingerprint is the case-insensitive key hash that every word of a page
//! already carries (`words::key_hash`), so prose words are looked up without
//! hashing them again. It maps words of up to eight bytes to distinct values;
//! for longer words a collision would only make an unknown word pass as known.
//!
//! Suggestions are searched only for unknown words, which are rare: a scan of
//! the common words of about the same length, where a letter-set filter rules
//! out most candidates before the bounded Damerau–Levenshtein distance
//! (optimal string alignment: a transposition is one edit) is computed.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use crate::model::distance::edit_distance;
use crate::model::words::{KeyFilter, key_hash};

/// Every word of the English lists, front-coded (see the file's header).
pub const ENGLISH_WORDS: &str = include_str!("../../rules/english-words.txt");
/// Common English words, the only corrections suggested, front-coded.
pub const COMMON_WORDS: &str = include_str!("../../rules/common-words.txt");

/// The longest word looked up or suggested, in bytes; longer words are never
/// reported.
pub const MAX_LEN: usize = 48;
/// Words at least this long may be two edits from their correction; shorter
/// words only one.
pub const TWO_EDITS_FROM: usize = 7;

/// The shortest known word that a prefix or suffix is taken off to leave.
const MIN_STEM: usize = 4;
/// The shortest common word that is part of a closed compound.
const MIN_PART: usize = 3;

/// Prefixes that English adds freely to a word, longest first where one
/// begins another.
const PREFIXES: &[&str] = &[
    "anti", "auto", "co", "counter", "cross", "de", "dis", "down", "hyper", "inter", "intra",
    "macro", "meta", "micro", "mid", "multi", "non", "off", "on", "out", "over", "post", "pre",
    "pro", "re", "self", "semi", "sub", "super", "trans", "un", "under", "up", "web",
];

/// True when `word` (lower case) is a prefix that English adds freely to
/// a word (`non`, `pre`, `multi`).
pub fn is_prefix(word: &str) -> bool {
    PREFIXES.contains(&word)
}

/// Suffixes that English adds freely to a word, each with what the word ends
/// in instead (`enable` + `ment`, `source` -> `sourcers`, `composable` ->
/// `composability`).
const SUFFIXES: &[(&str, &[&str])] = &[
    ("s", &[""]),
    ("es", &[""]),
    ("ies", &["y"]),
    ("ed", &["", "e"]),
    ("ied", &["y"]),
    ("er", &["", "e"]),
    ("ers", &["", "e"]),
    ("ing", &["", "e"]),
    ("ings", &["", "e"]),
    ("ly", &["", "le"]),
    ("ment", &[""]),
    ("ments", &[""]),
    ("ness", &[""]),
    ("less", &[""]),
    ("ity", &["", "e"]),
    ("ize", &["", "e"]),
    ("bility", &["ble"]),
    ("ization", &["ize"]),
    ("izations", &["ize"]),
];

/// True when `word` is one that `Dictionary::is_unknown` looks at: lower-case
/// ASCII letters, four or more. Cheap, and needs no dictionary.
pub fn may_be_unknown(word: &str) -> bool {
    word.len() >= 4 && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// Slots of the per-thread cache of known words (a direct-mapped table of
/// 32 KiB).
const HOT_SLOTS: usize = 4096;

thread_local! {
    static HOT: RefCell<[u64; HOT_SLOTS]> = const { RefCell::new([0; HOT_SLOTS]) };
}

/// The embedded English lists, decoded on first use.
pub fn english() -> &'static Dictionary {
    static ENGLISH: LazyLock<Dictionary> =
        LazyLock::new(|| Dictionary::new(ENGLISH_WORDS, COMMON_WORDS));
    &ENGLISH
}

pub struct Dictionary {
    /// Tells this dictionary's entries in the per-thread cache of known
    /// words from another's.
    id: u64,
    /// Fingerprints of every known word, lower-cased.
    known: KeyFilter,
    /// The common words, decoded, one after another.
    common_text: String,
    /// The common words sorted by length, then alphabetically.
    common: Vec<Common>,
    /// The letters of each common word, as in `common` but packed together
    /// for the scan that `suggest` makes.
    letters: Vec<u64>,
    /// `common[by_len[n]]` are the common words of `n` bytes.
    by_len: Vec<Range<usize>>,
    /// Suggestions already searched for (an unknown word tends to recur),
    /// as indices into `common`.
    guesses: Mutex<HashMap<Box<str>, Option<usize>>>,
}

/// A common word: its place in `common_text`.
struct Common {
    start: u32,
    len: u8,
}

impl Dictionary {
    /// Builds a dictionary from two front-coded lists: every known word, and
    /// the common words that may be suggested (known words too).
    pub fn new(known: &str, common: &str) -> Dictionary {
        // About one word in every five bytes of the front-coded list.
        let mut set: Vec<u64> = Vec::with_capacity(known.len() / 4 + common.len() / 4);
        decode(known, |word| {
            set.push(fingerprint_lower(word));
            if !word.is_ascii() {
                // Accents are often left off (`cliche`, `chateau`).
                set.push(fingerprint_lower(&without_accents(word)));
            }
        });
        let mut common_text = String::with_capacity(common.len() * 2);
        let mut words: Vec<Common> = Vec::new();
        decode(common, |word| {
            let Ok(len) = u8::try_from(word.len()) else {
                return;
            };
            if !word.bytes().all(|b| b.is_ascii_lowercase()) || word.len() > MAX_LEN {
                return;
            }
            set.push(fingerprint(word.as_bytes()));
            words.push(Common {
                start: common_text.len() as u32,
                len,
            });
            common_text.push_str(word);
        });
        let text = common_text.as_bytes();
        let at = |c: &Common| &text[c.start as usize..c.start as usize + c.len as usize];
        // Sorted by length, then alphabetically. A sorted list without
        // duplicates, like the embedded one, needs only a stable sort by
        // length, which is much cheaper than comparing words.
        if words.windows(2).all(|w| at(&w[0]) < at(&w[1])) {
            words.sort_by_key(|c| c.len);
        } else {
            words.sort_by(|a, b| a.len.cmp(&b.len).then_with(|| at(a).cmp(at(b))));
            words.dedup_by(|a, b| at(a) == at(b));
        }
        let mut by_len = vec![0..0; MAX_LEN + 1];
        let mut i = 0;
        for (n, range) in by_len.iter_mut().enumerate() {
            let start = i;
            while i < words.len() && words[i].len as usize == n {
                i += 1;
            }
            *range = start..i;
        }
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Dictionary {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            known: KeyFilter::new(set),
            letters: words.iter().map(|c| letter_set(at(c))).collect(),
            common_text,
            common: words,
            by_len,
            guesses: Mutex::default(),
        }
    }

    /// True when `word`, in any case, is in the English lists.
    pub fn is_word(&self, word: &str) -> bool {
        self.is_word_keyed(fingerprint_lower(word))
    }

    /// `is_word` for a word whose key hash is known: that of an ASCII word
    /// (`words::key_hash`), or of a word lower-cased.
    pub fn is_word_keyed(&self, print: u64) -> bool {
        // Prose repeats a few thousand words: a small cache per thread,
        // which stays in the processor's cache, answers for them without
        // touching the large set. Entries are keyed by dictionary too.
        let key = print ^ self.id.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = (key as usize) % HOT_SLOTS;
        if HOT.with_borrow(|hot| hot[slot] == key) {
            return true;
        }
        let known = self.known.contains(print);
        if known {
            HOT.with_borrow_mut(|hot| hot[slot] = key);
        }
        known
    }

    /// True when `word`, at `start` in the prose `text`, is in no English
    /// list, is not `accepted` (which is given lower-case words) and is not
    /// made of English words. Only lower-case words of four letters or more
    /// are looked at: capitalised words are names more often than
    /// misspellings. Whether a common word is close enough to suggest is
    /// `suggest`'s to say, and costs more: callers with other reasons to
    /// pass a word over ask that last.
    pub fn is_unknown(
        &self,
        word: &str,
        text: &str,
        start: usize,
        accepted: impl Fn(&str) -> bool,
    ) -> bool {
        if !may_be_unknown(word) {
            return false;
        }
        let english = |w: &str| self.is_word(w) || accepted(w) || self.is_derived(w, &accepted);
        if english(word) {
            return false;
        }
        // A file extension or a file name without its dot (`the .scpt
        // file`, `![twitter-contactpng](…)`).
        if text[..start].ends_with('.')
            || ["png", "jpg", "jpeg", "gif", "svg", "pdf"]
                .iter()
                .any(|e| word.ends_with(e))
        {
            return false;
        }
        // A part of a hyphenated word is checked only when it is the last of
        // two, the other is English and the two are not one word
        // (`pre-emptively`): a first part is often a clipped form
        // (`acqui-hire`, `flexi-budget`), a compound of unknown parts a
        // coinage or another language (`bem-vinda`), and one of three parts
        // or more with an unknown one a label or identifier
        // (`psrr-risk-rating`).
        let compound = hyphenated(text, start, start + word.len());
        if let Some((first, last)) = compound.split_once('-') {
            if last != word || last.contains('-') {
                return false;
            }
            let acronym = first.chars().all(|c| c.is_uppercase());
            let first = first.to_lowercase();
            if !(english(&first) || acronym) || english(&format!("{first}{last}")) {
                return false;
            }
        }
        true
    }

    /// True when `word` (lower-case ASCII) is made of known words: a known
    /// word with a prefix or suffix that English adds freely (`repurpose`,
    /// `enablement`, `financials`), or two common words written as one
    /// (`codebase`, `runbooks`). Handbook prose coins such words all the
    /// time; a misspelling is seldom one. `also` tells other words that
    /// may take a prefix or suffix (accepted words: `upsert` -> `upserting`).
    pub fn is_derived(&self, word: &str, also: impl Fn(&str) -> bool) -> bool {
        let n = word.len();
        if n > MAX_LEN || !word.is_ascii() {
            return false;
        }
        let known = |w: &[u8]| {
            w.len() >= MIN_STEM
                && (self.known.contains(fingerprint(w)) || std::str::from_utf8(w).is_ok_and(&also))
        };
        if PREFIXES
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(|w| known(w.as_bytes())))
        {
            return true;
        }
        let mut buf = [0u8; MAX_LEN];
        for (suffix, endings) in SUFFIXES {
            let Some(stem) = word.strip_suffix(suffix) else {
                continue;
            };
            for ending in *endings {
                let len = stem.len() + ending.len();
                if len > MAX_LEN {
                    continue;
                }
                buf[..stem.len()].copy_from_slice(stem.as_bytes());
                buf[stem.len()..len].copy_from_slice(ending.as_bytes());
                if known(&buf[..len]) {
                    return true;
                }
            }
        }
        (MIN_PART..=n.saturating_sub(MIN_PART))
            .any(|i| self.is_common(&word[..i]) && self.is_common(&word[i..]))
    }

    /// True when `word` (lower-case ASCII) is a common word.
    pub fn is_common(&self, word: &str) -> bool {
        // One probe rules out most strings before the search among words.
        let word = word.as_bytes();
        self.known.contains(fingerprint(word)) && self.common_index(word).is_some()
    }

    fn text_of(&self, c: &Common) -> &str {
        &self.common_text[c.start as usize..][..c.len as usize]
    }

    /// The one common word closest to `word` (lower-case ASCII letters): one
    /// edit away, or two for words of seven letters or more. `None` when no common word is that close, when two
    /// or more are equally close, when a known word that is not common is as
    /// close or closer (`observabilty` is one edit from `observability`, two
    /// from the common `observably`), or when `word` is itself common.
    pub fn suggest(&self, word: &str) -> Option<&str> {
        // A poisoned lock only means another thread panicked mid-insert;
        // the map is still usable.
        let memo = |m: &mut HashMap<Box<str>, Option<usize>>| m.get(word).copied();
        let cached = memo(&mut self.guesses.lock().unwrap_or_else(|e| e.into_inner()));
        let found = match cached {
            Some(found) => found,
            None => {
                let found = self.search(word);
                self.guesses
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(word.into(), found);
                found
            }
        };
        found.map(|i| self.text_of(&self.common[i]))
    }

    /// `suggest` without the memo: the index of the suggestion in `common`.
    ///
    /// Words one edit away are found by looking up every deletion,
    /// transposition, substitution and insertion of a letter (a few hundred
    /// lookups). Only when there is none, and the word has seven letters or
    /// more, are the common words of about its length scanned for ones two
    /// edits away.
    fn search(&self, word: &str) -> Option<usize> {
        let query = word.as_bytes();
        let n = query.len();
        if n == 0 || n >= MAX_LEN || !query.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        if self.common_index(query).is_some() {
            return None;
        }
        // Common words one edit away, and other known words one edit away.
        let mut near: Vec<usize> = Vec::new();
        let mut others: Vec<Vec<u8>> = Vec::new();
        for_each_one_edit(query, |variant| {
            // Most variants are no word: one probe of the set tells, and
            // only words are looked for among the common ones.
            if !self.known.contains(fingerprint(variant)) {
                return;
            }
            match self.common_index(variant) {
                Some(i) if !near.contains(&i) => near.push(i),
                Some(_) => {}
                None => others.push(variant.to_vec()),
            }
        });
        let best = match near.as_slice() {
            [one] => *one,
            [] if n >= TWO_EDITS_FROM => self.two_edits_from(query)?,
            // Of equally close words, the one the word lacks a letter of:
            // a dropped letter is the commonest slip (`futhering` is one
            // edit from `fathering` and `furthering`).
            many if n >= TWO_EDITS_FROM => {
                let mut longer = many
                    .iter()
                    .filter(|&&i| self.common[i].len as usize == n + 1);
                match (longer.next(), longer.next()) {
                    (Some(&one), None) => one,
                    _ => return None,
                }
            }
            _ => return None,
        };
        // A rarer word as close or closer makes the guess doubtful, unless
        // it is a form of the guess (`wherewithals` for `wherewithal`).
        let guess = self.text_of(&self.common[best]).as_bytes();
        let form = |w: &[u8]| w.starts_with(guess) || guess.starts_with(w);
        others.iter().all(|w| form(w)).then_some(best)
    }

    /// The one common word two edits from `query` (lower-case ASCII), if
    /// there is exactly one.
    fn two_edits_from(&self, query: &[u8]) -> Option<usize> {
        let n = query.len();
        let letters = letter_set(query);
        // The common words of two letters fewer to two more, one run.
        let from = self.by_len[n - 2].start;
        let to = self.by_len[(n + 2).min(MAX_LEN)].end;
        let mut found: Option<usize> = None;
        for (i, set) in self.letters[from..to].iter().enumerate() {
            // A substitution flips at most two bits of the set, an insertion
            // or deletion one, a transposition none.
            if !at_most_bits(letters ^ set, 4) {
                continue;
            }
            let candidate = self.text_of(&self.common[from + i]).as_bytes();
            if edit_distance(query, candidate, 2).is_some() {
                if found.is_some() {
                    return None;
                }
                found = Some(from + i);
            }
        }
        found
    }

    /// The index in `common` of `word`, if it is a common word.
    fn common_index(&self, word: &[u8]) -> Option<usize> {
        let range = self.by_len.get(word.len())?.clone();
        let start = range.start;
        self.common[range]
            .binary_search_by(|c| self.text_of(c).as_bytes().cmp(word))
            .ok()
            .map(|i| start + i)
    }
}

/// Calls `f` with every word one edit from `word` (lower-case ASCII): each
/// deletion, transposition of neighbours, substitution and insertion of a
/// letter `a`–`z`. A variant may come more than once.
fn for_each_one_edit(word: &[u8], mut f: impl FnMut(&[u8])) {
    let n = word.len();
    if n >= MAX_LEN {
        return;
    }
    let mut buf = [0u8; MAX_LEN];
    for i in 0..n {
        buf[..i].copy_from_slice(&word[..i]);
        buf[i..n - 1].copy_from_slice(&word[i + 1..]);
        f(&buf[..n - 1]);
        buf[..n].copy_from_slice(word);
        if i + 1 < n && word[i] != word[i + 1] {
            buf.swap(i, i + 1);
            f(&buf[..n]);
            buf.swap(i, i + 1);
        }
        for c in b'a'..=b'z' {
            if c != word[i] {
                buf[i] = c;
                f(&buf[..n]);
            }
        }
    }
    for i in 0..=n {
        buf[..i].copy_from_slice(&word[..i]);
        buf[i + 1..=n].copy_from_slice(&word[i..]);
        for c in b'a'..=b'z' {
            buf[i] = c;
            f(&buf[..=n]);
        }
    }
}
/// The hyphenated word around `text[start..end]`: the word itself when no
/// hyphen joins it to another.
fn hyphenated(text: &str, start: usize, end: usize) -> &str {
    let part = |c: char| c.is_alphanumeric() || c == '-';
    let from = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| part(c))
        .last()
        .map_or(start, |(i, _)| i);
    let to = text[end..]
        .find(|c: char| !part(c))
        .map_or(text.len(), |i| end + i);
    text[from..to].trim_matches('-')
}

/// Calls `f` with every word of a front-coded list: `#` lines are comments;
/// a line starting with a number N takes the first N bytes of the word
/// before it and adds the rest.
fn decode(list: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', list.as_bytes()).chain([list.len()]);
    for end in ends {
        let line = list[start..end].trim_end_matches('\r');
        start = (end + 1).min(list.len());
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let keep = line.as_bytes()[..digits].iter().fold(0usize, |n, d| {
            n.saturating_mul(10).saturating_add(usize::from(d - b'0'))
        });
        let mut keep = keep.min(word.len());
        while !word.is_char_boundary(keep) {
            keep -= 1;
        }
        word.truncate(keep);
        word.push_str(&line[digits..]);
        f(&word);
    }
}

/// `word` in lower case: in `buf` when it is ASCII and fits, else allocated.
pub fn lowercase<'b>(word: &str, buf: &'b mut [u8; MAX_LEN]) -> Cow<'b, str> {
    if word.is_ascii() && word.len() <= MAX_LEN {
        let out = &mut buf[..word.len()];
        out.copy_from_slice(word.as_bytes());
        out.make_ascii_lowercase();
        // ASCII in, ASCII out: always valid UTF-8.
        Cow::Borrowed(std::str::from_utf8(out).unwrap_or_default())
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// `word` with the accents of Latin letters taken off (`café` -> `cafe`).
fn without_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
            'ç' => 'c',
            'Ç' => 'C',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' => 'E',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
            'ý' | 'ÿ' => 'y',
            'Ý' => 'Y',
            c => c,
        })
        .collect()
}

/// The letters `a`–`z` that a word uses, as bits: bit `n` for a letter used
/// once or more, bit `32 + n` for one used twice or more. One edit changes a
/// letter's count by one in at most two letters, so it flips at most two bits.
fn letter_set(word: &[u8]) -> u64 {
    word.iter()
        .filter(|b| b.is_ascii_lowercase())
        .fold(0, |set, b| {
            let once = 1u64 << (b - b'a');
            if set & once == 0 {
                set | once
            } else {
                set | once << 32
            }
        })
}

/// True when `x` has at most `k` bits set: cheaper than counting them on
/// processors without a population-count instruction, as the scan of the
/// common words needs.
fn at_most_bits(mut x: u64, k: usize) -> bool {
    for _ in 0..k {
        x &= x.wrapping_sub(1);
    }
    x == 0
}

/// The fingerprint of `word` in lower case, without allocating for ASCII.
fn fingerprint_lower(word: &str) -> u64 {
    if word.is_ascii() {
        key_hash(word.as_bytes())
    } else {
        key_hash(word.to_lowercase().as_bytes())
    }
}

/// The fingerprint of a lower-case word.
fn fingerprint(word: &[u8]) -> u64 {
    key_hash(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the typo rule asks: is the word unknown, and if so which common
    /// word was meant.
    fn unknown<'d>(
        d: &'d Dictionary,
        word: &str,
        text: &str,
        start: usize,
        accepted: impl Fn(&str) -> bool,
    ) -> Option<&'d str> {
        if !d.is_unknown(word, text, start, accepted) {
            return None;
        }
        d.suggest(word)
    }

    fn small() -> Dictionary {
        Dictionary::new(
            "# known\nColour\ncolours\nfunctional\nGitLab\ncafé\nproxy\n",
            "# common\ncapabilities\ndistributed\nfunction\n8al\ninitiatives\norganization\n\
             partner\npartners\nmanager\nmanner\nbanner\nfuture\n",
        )
    }

    #[test]
    fn known_words_in_any_case() {
        let d = small();
        for word in [
            "colour", "Colour", "COLOURS", "gitlab", "Café", "CAFÉ", "cafe", "partner", "Partners",
        ] {
            assert!(d.is_word(word), "{word}");
        }
        for word in ["colr", "parter", "caffe", "fucntional", ""] {
            assert!(!d.is_word(word), "{word}");
        }
    }

    #[test]
    fn front_coding_is_decoded() {
        let mut words = Vec::new();
        decode("# c\nabandon\n7ed\n7ing\n2c\n0x\n99zz\n", |w| {
            words.push(w.to_string())
        });
        assert_eq!(
            words,
            ["abandon", "abandoned", "abandoning", "abc", "x", "xzz"]
        );
        let mut words = Vec::new();
        decode("ab\r\n1c", |w| words.push(w.to_string()));
        assert_eq!(words, ["ab", "ac"]);
        // A prefix never splits a character.
        let mut words = Vec::new();
        decode("café\n4s\n", |w| words.push(w.to_string()));
        assert_eq!(words, ["café", "cafs"]);
    }

    #[test]
    fn suggestions_one_edit_away() {
        let d = small();
        // Transposition, deletion, insertion, substitution.
        assert_eq!(d.suggest("fucntional"), Some("functional"));
        assert_eq!(d.suggest("orgnization"), Some("organization"));
        assert_eq!(d.suggest("capabiliites"), Some("capabilities"));
        assert_eq!(d.suggest("distrbuted"), Some("distributed"));
        assert_eq!(d.suggest("futura"), Some("future"));
    }

    #[test]
    fn two_edits_only_for_long_words() {
        let d = small();
        assert_eq!(d.suggest("iniatitives"), Some("initiatives"));
        assert_eq!(d.suggest("orgnizaton"), Some("organization"));
        // Six letters, two edits from `future` and from nothing closer.
        assert_eq!(d.suggest("fuutra"), None);
        // Four letters, two edits: too far.
        assert_eq!(d.suggest("futr"), None);
    }

    #[test]
    fn a_rare_word_as_close_gives_no_suggestion() {
        let d = Dictionary::new(
            "observability\nbarter\n",
            "observably\npartner\nobservation\n",
        );
        // Two edits from `observably`, one from the rarer `observability`.
        assert_eq!(d.suggest("observabilty"), None);
        // One edit from `partner` and from the rarer `barter`.
        assert_eq!(d.suggest("parter"), None);
        assert_eq!(d.suggest("obsrvation"), Some("observation"));
    }

    #[test]
    fn a_tie_gives_no_suggestion() {
        let d = small();
        // One edit from `manner` and from `banner`.
        assert_eq!(d.suggest("danner"), None);
        // One edit from `partner` only, though two from `partners`.
        assert_eq!(d.suggest("parter"), Some("partner"));
        // Common words and words far from any: nothing.
        assert_eq!(d.suggest("manager"), None);
        assert_eq!(d.suggest("kubernetes"), None);
        assert_eq!(d.suggest("Parter"), None);
        assert_eq!(d.suggest(""), None);
    }

    #[test]
    fn derived_words_are_made_of_known_words() {
        let d = Dictionary::new(
            "enable\ncomposable\nfinancial\npurpose\nsource\nbook\nproxy\n",
            "back\nend\nrun\nbooks\n",
        );
        for word in [
            "enablement",
            "composability",
            "financials",
            "repurpose",
            "sourcers",
            "proxied",
            "proxies",
            "backend",
            "runbooks",
        ] {
            assert!(d.is_derived(word, |_| false), "{word}");
        }
        assert!(d.is_derived("upserting", |w| w == "upsert"));
        assert!(!d.is_derived("upserting", |_| false));
        // A misspelt stem, a stem too short, a part that is not common.
        for word in ["enablment", "reend", "runbok", "bookend", "backends"] {
            assert!(!d.is_derived(word, |_| false), "{word}");
        }
    }

    #[test]
    fn unknown_words_in_context() {
        let d = english();
        let none = |_: &str| false;
        let guess = |text: &str, word: &str| {
            let start = text.find(word).expect("word in text");
            unknown(d, word, text, start, none)
        };
        assert_eq!(
            guess("the stakehloders", "stakehloders"),
            Some("stakeholders")
        );
        // Known, derived, accepted, short, capitalised and non-ASCII words.
        for word in [
            "stakeholders",
            "reprioritize",
            "codebase",
            "teh",
            "Stakehloders",
        ] {
            assert_eq!(guess(word, word), None, "{word}");
        }
        assert_eq!(
            unknown(d, "stakehloders", "stakehloders", 0, |w| w
                == "stakehloders"),
            None
        );
        // Hyphenated words: the last of two parts is checked when the first
        // is English and the two are not one word.
        assert_eq!(
            guess("cross-stakehloders", "stakehloders"),
            Some("stakeholders")
        );
        assert_eq!(
            guess("SRE-stakehloders", "stakehloders"),
            Some("stakeholders")
        );
        assert_eq!(guess("stakehloders-team", "stakehloders"), None);
        assert_eq!(guess("xqzt-stakehloders", "stakehloders"), None);
        assert_eq!(guess("a-b-stakehloders", "stakehloders"), None);
        assert_eq!(guess("pre-emptively", "emptively"), None);
        // File extensions and names.
        assert_eq!(guess("the .stakehloders file", "stakehloders"), None);
        assert_eq!(guess("the stakehloderspng", "stakehloderspng"), None);
    }

    #[test]
    fn bits_are_counted() {
        assert!(at_most_bits(0, 0));
        assert!(!at_most_bits(1, 0));
        assert!(at_most_bits(0b1010, 2));
        assert!(!at_most_bits(0b1011, 2));
        assert!(at_most_bits(u64::MAX, 64));
        assert_eq!(letter_set(b"aab"), 0b11 | 1 << 32);
    }

    #[test]
    fn lowercase_uses_the_stack_for_ascii() {
        let mut buf = [0u8; MAX_LEN];
        assert!(matches!(
            lowercase("GitLab", &mut buf),
            Cow::Borrowed("gitlab")
        ));
        let mut buf = [0u8; MAX_LEN];
        assert_eq!(lowercase("CAFÉ", &mut buf), "café");
    }

    #[test]
    fn embedded_lists_load() {
        let d = english();
        for word in [
            "partner",
            "functional",
            "organisation",
            "colour",
            "initiatives",
            "English",
            "doesn't",
            "Attaché",
        ] {
            assert!(d.is_word(word), "{word}");
        }
        for word in ["fucntional", "orgnization", "capabiliites", "iniatitives"] {
            assert!(!d.is_word(word), "{word}");
        }
        assert_eq!(d.suggest("fucntional"), Some("functional"));
        assert_eq!(d.suggest("capabiliites"), Some("capabilities"));
        assert_eq!(d.suggest("distrbuted"), Some("distributed"));
        assert_eq!(d.suggest("orgnization"), Some("organization"));
        assert_eq!(d.suggest("iniatitives"), Some("initiatives"));
        assert!(d.common.len() > 50_000, "{}", d.common.len());
    }

    #[test]
    fn embedded_lists_are_sorted() {
        for list in [ENGLISH_WORDS, COMMON_WORDS] {
            let mut words = Vec::new();
            decode(list, |w| words.push(w.to_string()));
            assert!(words.len() > 50_000);
            assert!(
                words.windows(2).all(|w| w[0] < w[1]),
                "sorted without duplicates"
            );
        }
    }
}
