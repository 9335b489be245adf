pub mod broken_link;
pub mod frontmatter;
pub mod missing_grade;
pub mod unreadable_file;
