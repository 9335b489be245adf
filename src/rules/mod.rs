pub mod brand_name;
pub mod frontmatter;
pub mod missing_grade;
pub mod repeated_word;
pub mod unreadable_file;
