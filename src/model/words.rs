//! Splitting prose into words, once per page: the spelling, wording and
//! repetition rules all read the same words instead of scanning the text again.

use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::FxHasher;

/// A word of prose, as a byte range of its text run, with the key that word
/// lists look it up by. Offsets are 32-bit (pages are far smaller than 4 GiB:
/// see `site::files::MAX_PAGE_BYTES`): a page holds one of these per word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    start: u32,
    end: u32,
    /// End of the run of ASCII word characters (`[A-Za-z0-9_]`) that starts
    /// the word, when the word starts at an ASCII word boundary; otherwise
    /// `start` (no key: word lists hold English words).
    key_end: u32,
    /// `key_hash` of that run.
    pub key_hash: u64,
}

impl Word {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn key_end(&self) -> usize {
        self.key_end as usize
    }

    /// True when the key is the whole word: a plain ASCII word, which word
    /// lists can settle by its hash alone.
    pub fn is_plain(&self) -> bool {
        self.key_end == self.end
    }
}

/// The hash of an ASCII word, case-insensitively: computed once per word of a
/// page, so that each word list costs one integer lookup per word.
pub fn key_hash(word: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    for chunk in word.chunks(8) {
        let mut bytes = [0u8; 8];
        bytes[..chunk.len()].copy_from_slice(chunk);
        hasher.write_u64(ascii_lowercase_8(u64::from_le_bytes(bytes)));
    }
    hasher.write_usize(word.len());
    hasher.finish()
}

/// Eight bytes lower-cased at once, as `u8::to_ascii_lowercase` would each:
/// a byte's high bit ends up set when it is `A`..=`Z`, and moves to `0x20`.
fn ascii_lowercase_8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    // The low seven bits of each byte, plus a constant, never carry into the
    // next byte.
    let low = x & !HIGH;
    let at_least_a = low + (0x80 - u64::from(b'A')) * ONES;
    let above_z = low + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = at_least_a & !above_z & !x & HIGH;
    x | (upper >> 2)
}

/// A fixed set of key hashes, built in two linear passes (a counting sort
/// on their top bits) rather than by inserting each into a hash table, which
/// for the hundreds of thousands of words of a dictionary costs a cache miss
/// per word. A look-up reads the bucket's bounds and scans its few keys,
/// which lie together.
pub struct KeySet {
    shift: u32,
    /// `keys[starts[b]..starts[b + 1]]` are the keys whose top bits are `b`.
    starts: Vec<u32>,
    keys: Vec<u64>,
}

impl KeySet {
    pub fn new(keys: Vec<u64>) -> KeySet {
        // About four keys a bucket.
        let bits = (keys.len() / 4).max(2).ilog2().clamp(1, 24);
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1 << bits) + 1];
        for &key in &keys {
            starts[bucket(key, shift) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        let mut sorted = vec![0u64; keys.len()];
        for key in keys {
            let b = bucket(key, shift);
            sorted[next[b] as usize] = key;
            next[b] += 1;
        }
        KeySet {
            shift,
            starts,
            keys: sorted,
        }
    }

    pub fn contains(&self, key: u64) -> bool {
        let b = bucket(key, self.shift);
        self.keys[self.starts[b] as usize..self.starts[b + 1] as usize].contains(&key)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// A key times an odd constant (Fibonacci hashing): its top bits depend on
/// every bit of the key. Key hashes of similar words share their own top bits
/// too often to bucket or filter by those.
fn mix(key: u64) -> u64 {
    key.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A key's bucket in a `KeySet`: the top bits of the mixed key.
fn bucket(key: u64, shift: u32) -> usize {
    (mix(key) >> shift) as usize
}

/// A set of key hashes for word lists too large to probe for every word of a
/// page: a bit table small enough to stay in the processor's cache answers
/// "not here" for almost every word, and only the rest probe the set, whose
/// size would make each probe a cache miss.
pub struct KeyFilter {
    /// 64 minus the number of bits that pick a word of `bits`.
    shift: u32,
    bits: Vec<u64>,
    keys: KeySet,
}

impl KeyFilter {
    /// About eight bits of table a key, up to 2^15 words of 64 bits
    /// (256 KiB, which stays in the processor's cache). A key sets two bits
    /// of one word, so that a look-up reads one cache line; this lets about
    /// 3% of other words through for a list of 100,000, and about 10% for one
    /// of 400,000.
    const MAX_LOG2_WORDS: u32 = 15;

    pub fn new(keys: impl IntoIterator<Item = u64>) -> KeyFilter {
        let keys: Vec<u64> = keys.into_iter().collect();
        let log2_words = (keys.len() / 8)
            .max(64)
            .next_power_of_two()
            .ilog2()
            .min(Self::MAX_LOG2_WORDS);
        let shift = 64 - log2_words;
        let mut bits = vec![0u64; 1 << log2_words];
        for &key in &keys {
            let (word, mask) = Self::bits_of(key, shift);
            bits[word] |= mask;
        }
        KeyFilter {
            shift,
            bits,
            keys: KeySet::new(keys),
        }
    }

    /// The word and the two bits of it that `key` sets: the word from the
    /// top bits of the mixed key, the bits from two other parts of it.
    fn bits_of(key: u64, shift: u32) -> (usize, u64) {
        let mixed = mix(key);
        let word = (mixed >> shift) as usize;
        (word, 1 << ((mixed >> 32) & 63) | 1 << ((mixed >> 26) & 63))
    }

    pub fn contains(&self, key: u64) -> bool {
        let (word, mask) = Self::bits_of(key, self.shift);
        self.bits[word] & mask == mask && self.keys.contains(key)
    }
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The words of `text` with their keys, in one pass over its bytes.
#[cfg(test)]
pub fn split_keyed(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    split_keyed_into(text, &mut words);
    words
}

/// `split_keyed`, appending to `words`: a page keeps the words of all its
/// runs in one list.
pub fn split_keyed_into(text: &str, words: &mut Vec<Word>) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        let b = bytes[pos];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                pos += 1;
                continue;
            }
        } else {
            let c = decode(text, pos);
            if !is_word_char(c) {
                pos += c.len_utf8();
                continue;
            }
        }
        let start = pos;
        let mut end = start;
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        // The key runs on over `_` and the letters and digits after it.
        let boundary = start == 0 || !is_key_byte(bytes[start - 1]);
        let mut key_end = start;
        if boundary {
            key_end = end;
            while key_end < bytes.len() && is_key_byte(bytes[key_end]) {
                key_end += 1;
            }
        }
        while end < bytes.len() {
            let b = bytes[end];
            if b.is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            let c = if b < 0x80 {
                b as char
            } else {
                decode(text, end)
            };
            let next = end + c.len_utf8();
            let joins = if b < 0x80 {
                b == b'\''
                    && next < bytes.len()
                    && (bytes[next].is_ascii_alphanumeric()
                        || (bytes[next] >= 0x80 && is_word_char(decode(text, next))))
            } else {
                is_word_char(c)
                    || (c == '\u{2019}' && next < bytes.len() && is_word_char(decode(text, next)))
            };
            if !joins {
                break;
            }
            end = next;
        }
        words.push(Word {
            key_hash: key_hash(&bytes[start..key_end]),
            start: start as u32,
            end: end as u32,
            key_end: key_end as u32,
        });
        pos = end;
    }
}

/// The character starting at byte `at` (a character boundary).
fn decode(text: &str, at: usize) -> char {
    text.get(at..)
        .and_then(|t| t.chars().next())
        .unwrap_or('\0')
}

/// The words of `text`: letters, combining marks and digits, with inner
/// apostrophes (`don't`, `team’s`), as byte ranges: the plain statement of
/// what `split_keyed` computes in one pass, kept to test it against.
#[cfg(test)]
fn ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let char_at = |i: usize| text.get(i..).and_then(|t| t.chars().next());
    let mut pos = 0;
    std::iter::from_fn(move || {
        let start = loop {
            let &b = bytes.get(pos)?;
            if b.is_ascii_alphanumeric() {
                break pos;
            }
            if b < 0x80 {
                pos += 1;
                continue;
            }
            let c = char_at(pos)?;
            if is_word_char(c) {
                break pos;
            }
            pos += c.len_utf8();
        };
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            if b.is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            let Some(c) = char_at(end) else { break };
            let inner_apostrophe = matches!(c, '\'' | '\u{2019}')
                && char_at(end + c.len_utf8()).is_some_and(is_word_char);
            if (b >= 0x80 && is_word_char(c)) || inner_apostrophe {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        pos = end;
        Some(start..end)
    })
}

/// Letters, digits and combining marks (which belong to the letter before them).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
            || matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        ranges(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn letters_digits_and_inner_apostrophes() {
        assert_eq!(
            words("Don't re-use the team’s 3rd tool, 'quoted'."),
            [
                "Don't", "re", "use", "the", "team’s", "3rd", "tool", "quoted"
            ]
        );
    }

    #[test]
    fn non_ascii_letters_and_marks_stay_in_the_word() {
        assert_eq!(
            words("café naïve e\u{301}te"),
            ["café", "naïve", "e\u{301}te"]
        );
        assert_eq!(words("日本語 text"), ["日本語", "text"]);
    }

    #[test]
    fn keys_are_ascii_runs_at_word_boundaries_case_insensitive() {
        let text = "Ninja_x ninja’s café x_ninja";
        let keyed = split_keyed(text);
        let keys: Vec<&str> = keyed
            .iter()
            .map(|w| &text[w.start()..w.key_end()])
            .collect();
        assert_eq!(keys, ["Ninja_x", "", "ninja", "caf", "x_ninja", ""]);
        assert_eq!(keyed[2].key_hash, key_hash(b"NINJA"));
        assert_ne!(keyed[0].key_hash, key_hash(b"ninja"));
    }

    #[test]
    fn one_pass_split_agrees_with_the_plain_one() {
        for text in [
            "Don't re-use the team’s 3rd tool, 'quoted'.",
            "café naïve e\u{301}te 日本語 ’x’ it’ a’b",
            "x'y' '' ’’ a_b_c __init__ Ünïcödé’s",
            "",
            "’",
            "a",
        ] {
            let keyed: Vec<_> = split_keyed(text).iter().map(Word::range).collect();
            assert_eq!(keyed, ranges(text).collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn bytes_lower_case_eight_at_a_time_as_one_at_a_time() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let x = u64::from(b) << (8 * lane) | 0x4142_5a5b_6061_7a40 & !(0xff << (8 * lane));
                let one_by_one =
                    u64::from_le_bytes(x.to_le_bytes().map(|b| b.to_ascii_lowercase()));
                assert_eq!(ascii_lowercase_8(x), one_by_one, "{b:#x} in lane {lane}");
            }
        }
        assert_eq!(key_hash(b"GitLab_Handbook"), key_hash(b"gitlab_handbook"));
        assert_ne!(key_hash(b"gitlab"), key_hash(b"gitlab\0"));
    }

    #[test]
    fn key_set_holds_exactly_its_keys_in_small_buckets() {
        let words: Vec<String> = (0..200_000).map(|i| format!("word{i}")).collect();
        let set = KeySet::new(words.iter().map(|w| key_hash(w.as_bytes())).collect());
        assert_eq!(set.len(), 200_000);
        assert!(words.iter().all(|w| set.contains(key_hash(w.as_bytes()))));
        let others =
            (0..200_000).filter(|i| set.contains(key_hash(format!("other{i}").as_bytes())));
        assert_eq!(others.count(), 0);
        // The keys spread evenly: no bucket holds many.
        let largest = set.starts.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        assert!(largest < 32, "{largest}");
        for n in [0, 1, 2, 5] {
            let keys: Vec<u64> = (0..n).map(|i| key_hash(&[b'a' + i as u8])).collect();
            let set = KeySet::new(keys.clone());
            assert!(keys.iter().all(|&k| set.contains(k)));
            assert!(!set.contains(key_hash(b"zz")));
        }
    }

    #[test]
    fn key_filter_holds_exactly_its_keys() {
        let words: Vec<String> = (0..50_000).map(|i| format!("w{i}x")).collect();
        let filter = KeyFilter::new(words.iter().map(|w| key_hash(w.as_bytes())));
        assert!(
            words
                .iter()
                .all(|w| filter.contains(key_hash(w.as_bytes())))
        );
        assert!(filter.contains(key_hash(b"W17X")));
        let others = (0..50_000).filter(|i| filter.contains(key_hash(format!("o{i}x").as_bytes())));
        assert_eq!(others.count(), 0);
        // The bit table alone lets few other words through.
        let passed = (0..50_000)
            .map(|i| key_hash(format!("o{i}x").as_bytes()))
            .filter(|&k| {
                let (word, mask) = KeyFilter::bits_of(k, filter.shift);
                filter.bits[word] & mask == mask
            })
            .count();
        assert!(passed < 2_500, "{passed}");
    }

    #[test]
    fn edges_and_empty_text() {
        assert!(words("").is_empty());
        assert!(words("  -- ** ").is_empty());
        assert_eq!(words("it'"), ["it"]);
        assert_eq!(words("a_b"), ["a", "b"]);
    }
}
