//! Declarative rule data from the top-level `rules/` folder, embedded at build
//! time, then extended or overridden by configuration.

use std::collections::{HashMap, HashSet};

/// Misspellings the general dictionary lacks: `misspelling correction` per line.
pub const HANDBOOK_TYPOS: &str = include_str!("../rules/handbook-typos.txt");
/// British spellings and their American forms: `british american` per line.
pub const BRITISH_SPELLINGS: &str = include_str!("../rules/british-spellings.txt");
/// Words that are never misspellings in a handbook (names, product terms).
pub const ACCEPTED_WORDS: &str = include_str!("../rules/accepted-words.txt");
/// Phrases that make a job family read like a vacancy.
pub const VACANCY_PHRASES: &str = include_str!("../rules/vacancy-phrases.txt");
/// Exclusionary terms with suggestions (`term => suggestion`).
pub const EXCLUSIONARY_TERMS: &str = include_str!("../rules/exclusionary-terms.txt");
/// Fixed-mindset wording.
pub const FIXED_MINDSET_WORDS: &str = include_str!("../rules/fixed-mindset-words.txt");
/// Gendered pronouns.
pub const GENDERED_PRONOUNS: &str = include_str!("../rules/gendered-pronouns.txt");
/// Masculine- and feminine-coded word stems (Gaucher, Friesen and Kay 2011).
pub const GENDER_CODED_WORDS: &str = include_str!("../rules/gender-coded-words.yaml");

#[derive(Debug, Clone, Default)]
pub struct RuleData {
    /// Lower-case misspelling -> correction (as written in the list).
    pub corrections: HashMap<String, String>,
    /// Lower-case words never reported as misspellings.
    pub accepted: HashSet<String>,
}

impl RuleData {
    /// The embedded defaults.
    pub fn builtin() -> RuleData {
        let mut data = RuleData::default();
        for (wrong, right) in parse_pairs(HANDBOOK_TYPOS) {
            data.corrections
                .insert(wrong.to_lowercase(), right.to_string());
        }
        for word in parse_list(ACCEPTED_WORDS) {
            data.accepted.insert(word.to_lowercase());
        }
        data
    }
}

/// Non-empty, non-comment lines.
pub fn parse_list(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Lines of two whitespace-separated fields.
pub fn parse_pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    parse_list(text).filter_map(|l| {
        let mut parts = l.split_whitespace();
        Some((parts.next()?, parts.next()?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sorted_unique(name: &str, items: &[&str]) {
        let lower: Vec<String> = items.iter().map(|s| s.to_lowercase()).collect();
        let mut sorted = lower.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            lower, sorted,
            "{name} must be sorted (case-insensitively) without duplicates"
        );
    }

    #[test]
    fn handbook_typos_parse_sorted_and_unique() {
        let lines: Vec<&str> = parse_list(HANDBOOK_TYPOS).collect();
        let pairs: Vec<(&str, &str)> = parse_pairs(HANDBOOK_TYPOS).collect();
        assert_eq!(
            lines.len(),
            pairs.len(),
            "every line is `misspelling correction`"
        );
        let keys: Vec<&str> = pairs.iter().map(|p| p.0).collect();
        assert_sorted_unique("rules/handbook-typos.txt", &keys);
        for (wrong, right) in pairs {
            assert_ne!(wrong.to_lowercase(), right.to_lowercase());
        }
    }

    #[test]
    fn british_spellings_parse_sorted_and_unique() {
        let lines: Vec<&str> = parse_list(BRITISH_SPELLINGS).collect();
        let pairs: Vec<(&str, &str)> = parse_pairs(BRITISH_SPELLINGS).collect();
        assert_eq!(lines.len(), pairs.len(), "every line is `british american`");
        assert!(lines.iter().all(|l| l.split_whitespace().count() == 2));
        let british: Vec<&str> = pairs.iter().map(|p| p.0).collect();
        assert_sorted_unique("rules/british-spellings.txt", &british);
        // No American form is itself listed as British.
        let set: HashSet<&str> = british.iter().copied().collect();
        for (b, a) in &pairs {
            assert!(!set.contains(a), "{b} -> {a}, which is listed as British");
        }
    }

    #[test]
    fn phrase_lists_sorted_and_unique() {
        for (name, text) in [
            ("vacancy-phrases", VACANCY_PHRASES),
            ("exclusionary-terms", EXCLUSIONARY_TERMS),
            ("fixed-mindset-words", FIXED_MINDSET_WORDS),
            ("gendered-pronouns", GENDERED_PRONOUNS),
        ] {
            let keys: Vec<&str> = parse_list(text)
                .map(|l| l.split("=>").next().unwrap_or(l).trim())
                .collect();
            assert!(!keys.is_empty(), "{name} is empty");
            assert_sorted_unique(name, &keys);
        }
    }

    #[test]
    fn gender_coded_words_parse() {
        let lists: std::collections::BTreeMap<String, Vec<String>> =
            serde_yaml::from_str(GENDER_CODED_WORDS).expect("valid YAML");
        for key in ["masculine", "feminine", "ignore"] {
            let words: Vec<&str> = lists[key].iter().map(String::as_str).collect();
            assert!(words.len() > 30, "{key} list too short");
            assert_sorted_unique(key, &words);
        }
    }

    #[test]
    fn accepted_words_sorted_and_unique() {
        let words: Vec<&str> = parse_list(ACCEPTED_WORDS).collect();
        assert_sorted_unique("rules/accepted-words.txt", &words);
    }
}
