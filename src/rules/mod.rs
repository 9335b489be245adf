//! The rules: one file per rule, registered in `registry`, with what they
//! read (`site_levels`) and what they produce (`diagnostic`).

pub mod diagnostic;
pub mod registry;
pub mod site_levels;

pub mod absolute_link;
pub mod brand_name;
pub mod british_spelling;
pub mod broken_link;
pub mod career_ladder;
pub mod duplicate_bullet;
pub mod empty_section;
pub mod exclusionary_term;
pub mod fixed_mindset_language;
pub mod frontmatter;
pub mod gender_coded_language;
pub mod gendered_pronoun;
pub mod grade_consistency;
pub mod grade_link;
pub mod grade_order;
pub mod heading_level;
pub mod legacy_syntax;
pub mod level_name_mismatch;
pub mod link_format;
pub mod list_run_on;
pub mod location_requirement;
pub mod missing_grade;
pub mod missing_introduction;
pub mod missing_reports_to;
pub mod missing_section;
pub mod pi_count;
pub mod real_word;
pub mod repeated_word;
pub mod reporting_cycle;
pub mod reports_to_grade;
pub mod reports_to_non_level;
pub mod reports_to_self;
pub mod required_bullet;
pub mod template_placeholder;
pub mod typo;
pub mod unbalanced_emphasis;
pub mod unreadable_file;
pub mod vacancy_language;
pub mod years_of_experience;
