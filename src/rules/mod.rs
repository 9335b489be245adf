pub mod frontmatter;
pub mod heading_level;
pub mod missing_grade;
pub mod typo;
pub mod unreadable_file;
