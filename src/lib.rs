//! jflint: a linter for handbook job-family pages.
//!
//! The library finds pages, parses each once, runs the rules over the shared
//! model in parallel and returns owned, sorted reports. It never prints and
//! never exits: `main` does both.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod changed;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod distance;
pub mod document;
pub mod engine;
pub mod family_model;
pub mod file_rule;
pub mod fix;
pub mod git_tree;
pub mod graph;
pub mod init;
pub mod job_family;
pub mod language;
pub mod phrases;
pub mod registry;
pub mod report;
pub mod reporting;
pub mod review;
pub mod review_report;
pub mod rule_data;
pub mod rule_file;
pub mod rule_id;
pub mod rules;
pub mod scope;
pub mod sections;
pub mod site;
pub mod site_levels;
pub mod span;
pub mod spelling;
pub mod suppress;
pub mod vale;
pub mod walk;
pub mod words;

pub use engine::{Engine, FileReport, Finding, Outcome, RunError, Settings};
