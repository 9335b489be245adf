//! Slips in a word's form rather than its letters, which a dictionary look-up
//! passes: two words run together (`mailinglist`), an acronym in the wrong
//! case (`Saas`) or with two letters swapped (`SLDC`), and a stray
//! lower-case letter before a capitalised word (`pProgram`).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::language::spelling::english;
use crate::model::words::key_hash;
use crate::rule_data::parse_list;

/// Compounds written as two words (`mailing list`).
pub const OPEN_COMPOUNDS: &str = include_str!("../../../rules/open-compounds.txt");
/// Acronyms in their established case (`SaaS`).
pub const ACRONYMS: &str = include_str!("../../../rules/acronyms.txt");
/// Names spelled with a lower-case letter before a capital (`iPhone`).
pub const GLUED_LETTER_WORDS: &str = include_str!("../../../rules/glued-letter-words.txt");

/// What a word written in one of the known wrong forms should be.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// Two words run together: the open compound.
    Joined(&'static str),
    /// An acronym in another case.
    Acronym(&'static str),
    /// An acronym with two neighbouring letters swapped.
    Swapped(&'static str),
}

/// A word's slip of form, with its correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Slip {
    pub message: String,
    pub help: String,
    pub replacement: String,
    /// True when the correction is certain (the fix is safe).
    pub certain: bool,
}

pub(super) struct WordForms {
    /// Key hash of the lower-cased wrong form -> that form and its fix.
    forms: FxHashMap<u64, (String, Form)>,
    /// Names that keep their lower-case first letter.
    glued_names: FxHashSet<&'static str>,
}

impl WordForms {
    pub fn new() -> WordForms {
        let mut forms: FxHashMap<u64, (String, Form)> = FxHashMap::default();
        let mut add = |wrong: String, form: Form| {
            forms
                .entry(key_hash(wrong.as_bytes()))
                .or_insert((wrong, form));
        };
        let acronyms: Vec<&'static str> = parse_list(ACRONYMS).collect();
        for &acronym in &acronyms {
            add(acronym.to_ascii_lowercase(), Form::Acronym(acronym));
        }
        for compound in parse_list(OPEN_COMPOUNDS) {
            let joined = compound.replace(' ', "");
            add(plural(&joined), Form::Joined(compound));
            add(joined, Form::Joined(compound));
        }
        // Swaps that make no word and no other acronym of the list, in
        // acronyms of four letters or more: three letters swapped often
        // make another acronym (`KPI`, `PKI`).
        for &acronym in acronyms.iter().filter(|a| a.len() >= 4) {
            let bytes = acronym.as_bytes();
            for i in 0..bytes.len().saturating_sub(1) {
                if bytes[i] == bytes[i + 1] {
                    continue;
                }
                let mut swapped = bytes.to_ascii_lowercase();
                swapped.swap(i, i + 1);
                let Ok(swapped) = String::from_utf8(swapped) else {
                    continue;
                };
                let listed = acronyms.iter().any(|a| a.eq_ignore_ascii_case(&swapped));
                if !listed && !english().is_word(&swapped) {
                    add(swapped, Form::Swapped(acronym));
                }
            }
        }
        WordForms {
            forms,
            glued_names: parse_list(GLUED_LETTER_WORDS).collect(),
        }
    }

    /// The slip of form in `word` (a run of ASCII letters, whose
    /// `words::key_hash` is `hash`), if it has one. `accepted` tells words
    /// (lower-case) that are never reported.
    pub fn slip(&self, word: &str, hash: u64, accepted: impl Fn(&str) -> bool) -> Option<Slip> {
        if let Some((wrong, form)) = self.forms.get(&hash)
            && wrong.eq_ignore_ascii_case(word)
            && !accepted(wrong)
        {
            return form_slip(word, *form);
        }
        self.stray_letter(word, &accepted)
    }

    /// `pProgram`: a capitalised English word of four letters or more
    /// after its own first letter in lower case (shift pressed a key late),
    /// the whole no word and no listed name. Another letter before a
    /// capital makes names (`iTerm`, `eGroup`, `cAdvisor`), not slips.
    fn stray_letter(&self, word: &str, accepted: impl Fn(&str) -> bool) -> Option<Slip> {
        let b = word.as_bytes();
        if b.len() < 5
            || !b[0].is_ascii_lowercase()
            || b[1] != b[0].to_ascii_uppercase()
            || !b[2..].iter().all(u8::is_ascii_lowercase)
            || self.glued_names.contains(word)
        {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        let rest = &word[1..];
        if !english().is_word(rest) || english().is_word(&lower) || accepted(&lower) {
            return None;
        }
        Some(Slip {
            message: format!("`{word}` has a stray `{}` before `{rest}`", &word[..1]),
            help: format!("write `{rest}`"),
            replacement: rest.to_string(),
            certain: false,
        })
    }
}

fn form_slip(word: &str, form: Form) -> Option<Slip> {
    let b = word.as_bytes();
    let lower = b.iter().all(u8::is_ascii_lowercase);
    let capitalised = b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase);
    let upper = b.iter().all(u8::is_ascii_uppercase);
    match form {
        Form::Joined(open) if lower || capitalised => {
            let right = if word.len() > open.len() - 1 {
                plural(open)
            } else {
                open.to_string()
            };
            let right = if capitalised {
                capitalise(&right)
            } else {
                right
            };
            Some(Slip {
                message: format!("`{word}` is two words: `{right}`"),
                help: format!("write `{right}`"),
                replacement: right,
                certain: true,
            })
        }
        // An acronym written all in capitals (`SAAS`) is a style, not a slip.
        Form::Acronym(right) if (lower || capitalised) && word != right => Some(Slip {
            message: format!("`{word}` is the acronym `{right}` in the wrong case"),
            help: format!("write `{right}`"),
            replacement: right.to_string(),
            certain: true,
        }),
        Form::Swapped(right) if upper => Some(Slip {
            message: format!("unknown acronym `{word}`: `{right}` with two letters swapped?"),
            help: format!("write `{right}` if that was meant"),
            replacement: right.to_string(),
            certain: false,
        }),
        _ => None,
    }
}

/// The plural of a compound's last word (`mailing lists`, `job families`).
fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if word.ends_with(['s', 'x']) || word.ends_with("ch") || word.ends_with("sh") {
        return format!("{word}es");
    }
    format!("{word}s")
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(word: &str) -> Option<String> {
        WordForms::new()
            .slip(word, key_hash(word.as_bytes()), |_| false)
            .map(|s| s.replacement)
    }

    #[test]
    fn joined_compounds_are_split() {
        assert_eq!(slip("mailinglist").as_deref(), Some("mailing list"));
        assert_eq!(slip("mailinglists").as_deref(), Some("mailing lists"));
        assert_eq!(slip("Jobfamilies").as_deref(), Some("Job families"));
        assert_eq!(slip("mailing"), None);
        assert_eq!(slip("MailingList"), None);
    }

    #[test]
    fn acronyms_in_the_wrong_case_or_order() {
        assert_eq!(slip("Saas").as_deref(), Some("SaaS"));
        assert_eq!(slip("gaap").as_deref(), Some("GAAP"));
        assert_eq!(slip("SLDC").as_deref(), Some("SDLC"));
        // Three-letter acronyms are not swapped: `PKI` is one.
        assert_eq!(slip("PKI"), None);
        for right in ["SaaS", "GAAP", "SAAS", "SDLC", "sldc", "Sldc"] {
            assert_eq!(slip(right), None, "{right}");
        }
        // An accepted word is never reported.
        let forms = WordForms::new();
        assert_eq!(forms.slip("Saas", key_hash(b"Saas"), |w| w == "saas"), None);
    }

    #[test]
    fn a_stray_letter_before_a_capitalised_word() {
        assert_eq!(slip("pProgram").as_deref(), Some("Program"));
        assert_eq!(slip("tThe"), None);
        for name in [
            "iPhone",
            "eBay",
            "jQuery",
            "iOS",
            "mTLS",
            "macOS",
            "vCPU",
            "iTerm",
            "eGroup",
            "pProgramx",
        ] {
            assert_eq!(slip(name), None, "{name}");
        }
    }

    #[test]
    fn lists_are_sorted_unique_and_well_formed() {
        for list in [OPEN_COMPOUNDS, ACRONYMS, GLUED_LETTER_WORDS] {
            let items: Vec<String> = parse_list(list).map(str::to_lowercase).collect();
            let mut sorted = items.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(items, sorted);
        }
        for compound in parse_list(OPEN_COMPOUNDS) {
            let parts: Vec<&str> = compound.split(' ').collect();
            assert_eq!(parts.len(), 2, "{compound}");
            assert!(!english().is_word(&compound.replace(' ', "")), "{compound}");
        }
        for acronym in parse_list(ACRONYMS) {
            assert!(
                acronym.bytes().all(|b| b.is_ascii_alphabetic()),
                "{acronym}"
            );
            // Its lower-case form is no word.
            assert!(
                !english().is_word(&acronym.to_ascii_lowercase()),
                "{acronym}"
            );
        }
    }
}
