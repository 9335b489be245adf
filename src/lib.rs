//! jflint: a linter for handbook job-family pages.
//!
//! The library finds pages, parses each once, runs the rules over the shared
//! model in parallel and returns owned, sorted reports. It never prints and
//! never exits: `main` does both.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod language;
pub mod model;
pub mod report;
pub mod rule_data;
pub mod rules;
pub mod server;
pub mod site;
pub mod workspace;

pub use report::outcome::{FileReport, Finding, Outcome};
pub use workspace::engine::{Engine, RunError, Settings};
pub use workspace::incremental::Workspace;
