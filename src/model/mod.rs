//! The page model: a page parsed once into blocks, headings, links and words
//! (`document`), and what it says as a job family (`job_family`,
//! `family_model`). Depends on nothing else in the crate.

pub mod distance;
pub mod document;
pub mod family_model;
pub mod front_matter;
pub mod job_family;
pub mod placeholder;
pub mod sections;
pub mod span;
pub mod words;
