//! A lowercase `l` typed for a capital in an acronym.

use super::*;

/// Acronyms whose `I` is sometimes typed as a lowercase `l`.
const I_ACRONYMS: &[&str] = &[
    "API", "CI", "CIO", "CISO", "CLI", "GUI", "IP", "IPO", "IT", "KPI", "PII", "ROI", "SLI", "UI",
];

/// Acronyms whose `L` is sometimes typed as a lowercase `l`.
const L_ACRONYMS: &[&str] = &["HTML", "SAML", "SQL", "URL", "XML", "YAML"];

/// Words that show `Al` is the acronym AI.
const AI_CONTEXT: &[&str] = &[
    "adoption",
    "agent",
    "agents",
    "assistant",
    "capabilities",
    "features",
    "gateway",
    "governance",
    "ml",
    "model",
    "models",
    "powered",
    "products",
    "tools",
    "vendor",
    "vendors",
];

/// A lowercase `l` for a capital in an acronym: `ROl`, `lT`, `URl`, `Al/ML`.
pub(super) fn acronym(doc: &Document, s: &[Tok<'_>], i: usize) -> Option<Slip> {
    let t = &s[i];
    let w = t.text;
    if !w.contains('l')
        || w.len() > 6
        || !w.chars().all(|c| c == 'l' || c.is_ascii_uppercase())
        || !w.chars().any(|c| c.is_ascii_uppercase())
    {
        return None;
    }
    if let Some(fixed) = [w.replace('l', "L")]
        .into_iter()
        .find(|f| L_ACRONYMS.contains(&f.as_str()))
    {
        return slip(t, t, fixed, "a lowercase `l` in an acronym");
    }
    let fixed = w.replace('l', "I");
    if !I_ACRONYMS.contains(&fixed.as_str()) && fixed != "AI" {
        return None;
    }
    // `Al` and `Cl` are also names and symbols: only where the words
    // around show the acronym (`Al/ML`, `Al-powered`, `Al vendors`,
    // `GitLab's Al`, `Cl/CD`).
    if w == "Al" || w == "Cl" {
        let word = |j: Option<usize>| j.and_then(|j| s.get(j)).map(|t| t.low());
        let shown = if w == "Al" {
            word(Some(i + 1)).is_some_and(|l| AI_CONTEXT.contains(&l))
                || word(i.checked_sub(1))
                    .is_some_and(|l| matches!(l, "gitlab's" | "generative" | "ml"))
        } else {
            doc.text[t.span.end..].starts_with("/CD")
        };
        if !shown {
            return None;
        }
    }
    slip(t, t, fixed, "a lowercase `l` for `I` in an acronym")
}
