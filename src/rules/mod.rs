pub mod frontmatter;
pub mod grade_order;
pub mod heading_level;
pub mod level_name_mismatch;
pub mod missing_grade;
pub mod typo;
pub mod unreadable_file;
