//! The run on top of the pipeline: configuration, the walk, the engine that
//! lints pages and the site, suppressions, baselines, fixes, and the commands
//! built on them (review, graph, init).

pub mod baseline;
pub mod cache;
pub mod changed;
pub mod config;
pub mod engine;
pub mod fix;
pub mod git_tree;
pub mod graph;
pub mod incremental;
pub mod init;
pub mod review;
pub mod review_report;
pub mod suppress;
pub mod vale;
pub mod walk;
