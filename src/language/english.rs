//! Whether a stretch of prose is English: pages quote policies, job titles
//! and greetings in other languages, where English spelling rules do not
//! apply.

/// Common short words of English.
const ENGLISH: &[&str] = &[
    "a", "an", "and", "are", "be", "by", "for", "in", "is", "it", "of", "on", "or", "that", "the",
    "this", "to", "with", "you", "your",
];

/// Common short words of the other languages handbook pages are sometimes
/// written in (French, Spanish, German, Dutch, and the Latin of placeholder
/// text), none of them English.
const OTHER: &[&str] = &[
    "amet", "au", "aux", "avec", "ce", "ces", "cette", "con", "dans", "das", "de", "del", "der",
    "des", "die", "dolor", "du", "een", "ein", "eine", "el", "en", "est", "et", "für", "het",
    "ipsum", "ist", "la", "las", "le", "les", "leur", "lorem", "los", "mit", "nicht", "ou", "par",
    "para", "pas", "pour", "que", "qui", "quis", "se", "sed", "son", "sont", "sur", "un", "una",
    "und", "une", "ut", "van", "y",
];

/// True when a text's common words are mostly not English: two words of
/// another language outnumbering English ones, or one among no English ones
/// (`Adaptation du mobilier`).
pub fn is_foreign(text: &str) -> bool {
    let (mut english, mut other) = (0, 0);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 5)
    {
        let lower = word.to_lowercase();
        if ENGLISH.contains(&lower.as_str()) {
            english += 1;
        } else if OTHER.contains(&lower.as_str())
            // `AU`, `DE`: country codes, not words.
            && (word.len() < 2 || word != word.to_uppercase())
        {
            other += 1;
        }
    }
    other > english && (other >= 2 || english == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_languages_are_told_from_english() {
        assert!(is_foreign("Adaptation du mobilier"));
        assert!(is_foreign("Le règlement pour les employés et la sécurité"));
        assert!(is_foreign("Die Regeln für das Team und die Arbeit"));
        assert!(!is_foreign("Work with the team on the roadmap"));
        assert!(!is_foreign("Offices in AU and DE"));
        assert!(!is_foreign("The centre of the organisation, la la"));
        assert!(!is_foreign(""));
    }
}
