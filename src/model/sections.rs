//! The names of a job family's sections: which headings are a Job Grade,
//! a Levels heading, a level's or the family's Responsibilities, Requirements,
//! Performance Indicators, Career Ladder, Hiring Process or Specialties, and
//! the role a section heading is named after. One vocabulary for the model
//! and the rules that read headings.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::distance::edit_distance_str;

static GRADE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:\bjob\s+grades?\b|^grades?$)").expect("valid regex"));
static LEVELS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:job|role|in[- ]role|career)\s+)?levels?\s*(?:\(.*\))?:?$")
        .expect("valid regex")
});
static GENERIC_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:responsibilities|requirements|job grades?|performance indicators?|hiring process|career ladder|specialties|specialities|specializations?|nice[- ]to[- ]haves?|expectations|overview|levels?|segments?|references|relevant links|compensation)\b",
    )
    .expect("valid regex")
});
/// Family sections that come after the levels.
static AFTER_LEVELS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\**(?:specialties|specialities|specializations?|performance indicators?|career ladder|hiring process)\b",
    )
    .expect("valid regex")
});
static SECTION_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[\s,:\-\u{2013}\u{2014}|])((?:job\s+)?grades?|responsibilities|requirements|nice[- ]to[- ]haves?(?:\s+requirements)?|performance\s+indicators?|hiring\s+process|career\s+ladder|specialties|specialities|specializations?|expectations)\s*:?$",
    )
    .expect("valid regex")
});
/// A family section that comes after the levels (`Performance Indicators`,
/// `Career Ladder`, `Hiring Process`, `Specialties`): it ends them.
pub fn closes_levels(text: &str) -> bool {
    AFTER_LEVELS.is_match(text.trim())
}

pub fn is_grade_heading(text: &str) -> bool {
    GRADE_HEADING.is_match(text.trim())
}

pub fn is_levels_heading(text: &str) -> bool {
    LEVELS_HEADING.is_match(text.trim())
}

/// A heading's text as compared with section names: lower case, emphasis,
/// trailing colons and extra spaces removed.
pub fn normalized_heading(text: &str) -> String {
    let text = text.replace(['*', '_'], " ");
    let text = text.trim().trim_end_matches(':').to_lowercase();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A section name every level or family may have ("Responsibilities", …).
pub fn is_generic_section(text: &str) -> bool {
    GENERIC_SECTION.is_match(text.trim().trim_matches('*'))
}

/// A heading of the form `<role> <generic section>`, such as
/// `Senior Manager, Security Job Grade` or `Group Manager, Product (GMP) - Requirements`:
/// the role part (trimmed of separators, possibly empty) and the section part.
pub fn split_section_suffix(text: &str) -> Option<(&str, &str)> {
    let text = text.trim().trim_matches('*').trim();
    let caps = SECTION_SUFFIX.captures(text)?;
    let section = caps.get(1)?;
    let role = text[..section.start()].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '\u{2013}' | '\u{2014}' | ':' | ',' | '|')
    });
    Some((role, section.as_str()))
}

/// A heading of a role's requirements (`Requirements`, `Senior Analyst
/// Requirements`, `Must-have Requirements`, misspelt `Requirments`), not of
/// its nice-to-haves.
pub fn is_requirements_heading(text: &str) -> bool {
    let text = normalized_heading(text);
    !text.contains("nice")
        && text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| edit_distance_str(w, "requirements", 1).is_some())
}

/// A hiring or interview process heading (`Hiring Process`, `Interview
/// Process`), also one named after a level.
pub fn is_hiring_heading(text: &str) -> bool {
    let text = normalized_heading(text);
    text.contains("hiring process") || text.contains("interview process")
}

/// What a section is, read from its name (`Requirements`, the section part
/// of `Senior Analyst Requirements`), lower case or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Grade,
    Responsibilities,
    Requirements,
    NiceToHaves,
    PerformanceIndicators,
    CareerLadder,
    HiringProcess,
    Specialties,
}

impl SectionKind {
    pub fn of(section: &str) -> Option<SectionKind> {
        let s = section.to_lowercase();
        let kind = if s.contains("grade") {
            SectionKind::Grade
        } else if s.starts_with("responsibilit") {
            SectionKind::Responsibilities
        } else if s.starts_with("nice") {
            SectionKind::NiceToHaves
        } else if s.starts_with("requirement") {
            SectionKind::Requirements
        } else if s.starts_with("performance") {
            SectionKind::PerformanceIndicators
        } else if s.starts_with("career") {
            SectionKind::CareerLadder
        } else if s.starts_with("hiring") {
            SectionKind::HiringProcess
        } else if s.starts_with("speciali") || s.starts_with("specialt") || s.starts_with("segment")
        {
            SectionKind::Specialties
        } else {
            return None;
        };
        Some(kind)
    }

    /// Sections a family closes with, after its levels; the others belong
    /// to a level or open the family.
    pub fn closes_family(self) -> bool {
        matches!(
            self,
            SectionKind::PerformanceIndicators
                | SectionKind::CareerLadder
                | SectionKind::HiringProcess
                | SectionKind::Specialties
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_suffixes_split_off() {
        assert_eq!(
            split_section_suffix("Group Manager, Product (GMP) - Job Grade"),
            Some(("Group Manager, Product (GMP)", "Job Grade"))
        );
        assert_eq!(
            split_section_suffix("Senior Manager, Engineering Nice-to-have Requirements"),
            Some(("Senior Manager, Engineering", "Nice-to-have Requirements"))
        );
        assert_eq!(
            split_section_suffix("Requirements"),
            Some(("", "Requirements"))
        );
        assert_eq!(split_section_suffix("Team responsibility"), None);
        assert_eq!(split_section_suffix("Data Science"), None);
    }
}
