//! Declarative rule data from the top-level `rules/` folder, embedded at build
//! time, then extended or overridden by configuration.

use std::collections::{HashMap, HashSet};

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

/// Misspellings the general dictionary lacks: `misspelling correction` per line.
pub const HANDBOOK_TYPOS: &str = include_str!("../rules/handbook-typos.txt");
/// Words that are never misspellings in a handbook (names, product terms).
pub const ACCEPTED_WORDS: &str = include_str!("../rules/accepted-words.txt");

/// The sections every job family must have, with accepted heading variants.
pub const JOB_FAMILY_SCHEMA: &str = include_str!("../rules/job-family-schema.yaml");
/// The usual job grades by rank.
pub const GRADE_TABLE: &str = include_str!("../rules/grade-table.yaml");
/// The bullet every job family's requirements include.
pub const REQUIRED_BULLET: &str = "Ability to use GitLab";

#[derive(Debug, Clone, Default)]
pub struct RuleData {
    /// Lower-case misspelling -> correction (as written in the list).
    pub corrections: HashMap<String, String>,
    /// Lower-case words never reported as misspellings.
    pub accepted: HashSet<String>,
    /// Required job-family sections (`missing-section`).
    pub schema: FamilySchema,
    /// Usual grades by rank (`grade-consistency`).
    pub grade_table: GradeTable,
    /// The bullet every family's requirements must include (`required-bullet`).
    pub required_bullet: String,
}

/// The job-family schema: `rules/job-family-schema.yaml` or the file that the
/// configuration's `schema` names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FamilySchema {
    pub sections: Vec<SchemaSection>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SchemaSection {
    /// How findings name the section.
    pub name: String,
    /// Heading texts that satisfy the section (the name is always accepted).
    #[serde(default)]
    pub headings: Vec<String>,
    /// Whether each level may carry the section instead of the family.
    #[serde(default)]
    pub per_level: bool,
}

impl FamilySchema {
    pub fn parse(text: &str) -> Result<FamilySchema, String> {
        let schema: FamilySchema = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(s) = schema.sections.iter().find(|s| s.name.trim().is_empty()) {
            return Err(format!("a section has an empty name ({s:?})"));
        }
        Ok(schema)
    }
}

/// Usual grades by rank: `rules/grade-table.yaml` or the file that the
/// configuration's `grade-table` names.
#[derive(Debug, Clone, Default)]
pub struct GradeTable {
    pub ranks: Vec<Rank>,
}

#[derive(Debug, Clone)]
pub struct Rank {
    pub rank: String,
    /// Matched case-insensitively against a level's title.
    pub pattern: Regex,
    /// The usual grades; empty for titles graded one by one.
    pub grades: Vec<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeTableFile {
    ranks: Vec<RankFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RankFile {
    rank: String,
    pattern: String,
    grades: Vec<u32>,
}

impl GradeTable {
    pub fn parse(text: &str) -> Result<GradeTable, String> {
        let file: GradeTableFile = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        let ranks = file
            .ranks
            .into_iter()
            .map(|r| {
                let pattern = RegexBuilder::new(&r.pattern)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| format!("rank `{}`: bad pattern: {e}", r.rank))?;
                Ok(Rank {
                    rank: r.rank,
                    pattern,
                    grades: r.grades,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(GradeTable { ranks })
    }

    /// The rank of a title: the first entry whose pattern matches.
    pub fn rank_of(&self, title: &str) -> Option<&Rank> {
        self.ranks.iter().find(|r| r.pattern.is_match(title))
    }
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
        // Both parse: see the tests below.
        data.schema = FamilySchema::parse(JOB_FAMILY_SCHEMA).unwrap_or_default();
        data.grade_table = GradeTable::parse(GRADE_TABLE).unwrap_or_default();
        data.required_bullet = REQUIRED_BULLET.to_string();
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
    fn job_family_schema_parses() {
        let schema = FamilySchema::parse(JOB_FAMILY_SCHEMA).expect("valid schema");
        let names: Vec<&str> = schema.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Responsibilities",
                "Requirements",
                "Performance Indicators",
                "Career Ladder",
                "Hiring Process"
            ]
        );
        assert!(schema.sections.iter().all(|s| !s.headings.is_empty()));
        assert!(FamilySchema::parse("sections:\n  - nme: x\n").is_err());
    }

    #[test]
    fn grade_table_parses_and_ranks_titles() {
        let table = GradeTable::parse(GRADE_TABLE).expect("valid grade table");
        let rank = |t: &str| table.rank_of(t).map(|r| r.rank.as_str());
        assert_eq!(
            rank("Senior Director, Engineering"),
            Some("Senior Director")
        );
        assert_eq!(rank("Director, Engineering"), Some("Director"));
        assert_eq!(rank("Senior Manager, Engineering"), Some("Senior Manager"));
        assert_eq!(rank("Manager, Payroll"), Some("Manager"));
        assert_eq!(rank("Senior Backend Engineer"), Some("Senior"));
        assert_eq!(rank("Chief of Staff to the CEO"), Some("Executive"));
        assert_eq!(rank("Principal Accounting Officer"), Some("Executive"));
        assert_eq!(rank("Product Marketing Manager"), None);
        assert_eq!(rank("Director of International Tax"), Some("Director"));
        for r in &table.ranks {
            let mut sorted = r.grades.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, r.grades, "{}: grades sorted, no duplicates", r.rank);
        }
        assert!(
            GradeTable::parse("ranks:\n  - rank: x\n    pattern: '('\n    grades: []\n").is_err()
        );
    }

    #[test]
    fn accepted_words_sorted_and_unique() {
        let words: Vec<&str> = parse_list(ACCEPTED_WORDS).collect();
        assert_sorted_unique("rules/accepted-words.txt", &words);
    }
}
