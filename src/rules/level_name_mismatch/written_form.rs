//! How a role is written, beyond its words: a grade sentence should name the
//! level as its heading does, so `Director, Product Management` under
//! `Director of Product Management` and `Director People Business Partner`
//! under `Director, People Business Partner` are written differently, though
//! `role_key` reads them as one role. Case, spacing, abbreviations (`Sr.`,
//! `VP`), `&` for `and`, a comma before `and`, an acronym in parentheses
//! (`(PBP)`) and `Intermediate` (the handbook's intermediate levels are named
//! with or without it: `Widget Engineer (Intermediate)`, "The Widget
//! Engineer is a grade 6") are not differences.

/// The words of `name` with its commas, in order.
fn form(name: &str) -> Vec<String> {
    let mut plain = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            '&' => plain.push_str(" and "),
            ',' | '–' | '—' | ':' => plain.push_str(" , "),
            '-' => plain.push('-'),
            c if c.is_alphanumeric() => plain.extend(c.to_lowercase()),
            _ => plain.push(' '),
        }
    }
    // A dash between spaces joins like a comma (`Manager - Widgets`).
    let plain = plain.replace(" - ", " , ").replace('-', " ");
    let mut words: Vec<String> = Vec::new();
    for word in plain.split_whitespace() {
        match word {
            "intermediate" => {}
            "sr" => words.push("senior".into()),
            "jr" => words.push("junior".into()),
            "vp" => words.extend(["vice".into(), "president".into()]),
            "svp" => words.extend(["senior", "vice", "president"].map(String::from)),
            _ => words.push(word.to_string()),
        }
    }
    // A comma before `and` (the serial comma) or at either end, and doubled
    // commas, change nothing.
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let comma = word == ",";
        let next = words.get(i + 1).map(String::as_str);
        if comma
            && (kept.is_empty()
                || kept.last().is_some_and(|w| w == ",")
                || matches!(next, None | Some("and")))
        {
            continue;
        }
        kept.push(word.clone());
    }
    kept
}

/// Whether `other` writes the role as `name` does.
pub(super) fn same(name: &str, other: &str) -> bool {
    form(name) == form(other)
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn joining_words_are_differences() {
        for (a, b) in [
            (
                "Director of Product Management",
                "Director, Product Management",
            ),
            (
                "Director, People Business Partner (PBP)",
                "Director People Business Partner",
            ),
            (
                "Widget Analyst, EMEA/APAC,LATAM",
                "Widget Analyst, EMEA/APAC/LATAM",
            ),
        ] {
            assert!(!same(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn spelling_variants_are_the_same_form() {
        for (a, b) in [
            ("Senior Widget Engineer", "senior  widget engineer"),
            ("Vice President of Widgets", "VP of Widgets"),
            ("Sr. Widget Engineer", "Senior Widget Engineer"),
            (
                "Manager, People Business Partner (PBP)",
                "Manager, People Business Partner",
            ),
            (
                "Diversity, Inclusion, and Belonging Lead",
                "Diversity, Inclusion & Belonging Lead",
            ),
            (
                "Widget Engineer (Intermediate)",
                "Intermediate Widget Engineer",
            ),
            ("Widget Engineer", "Intermediate Widget Engineer"),
            (
                "Program Manager, Widgets (Intermediate)",
                "Program Manager, Widgets",
            ),
            ("Manager - Widgets", "Manager, Widgets"),
        ] {
            assert!(same(a, b), "{a} / {b}");
        }
    }
}
