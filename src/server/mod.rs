//! The language server (`jflint server`): the Language Server Protocol over
//! standard input and output, on the workspace engine, as the CLI is.
//!
//! One job per module: the protocol loop (`main_loop`) over a forgiving
//! transport (`transport`); what the server holds (`state`) and how its
//! workspace opens (`loading`); open documents
//! (`documents`) and positions in UTF-16 or UTF-8 (`positions`);
//! diagnostics; code actions; hover; completion; navigation (definition,
//! references, rename); symbols; configuration; and the parsed page with
//! its links' targets that several of them read (`page`).

pub mod actions;
pub mod completion;
pub mod config;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod loading;
pub mod main_loop;
pub mod navigation;
pub mod page;
pub mod positions;
pub mod state;
pub mod symbols;
pub mod transport;

/// Serves one client over standard input and output until it exits.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = transport::stdio();
    let result = main_loop::run(connection);
    io_threads
        .join()
        .map_err(|e| format!("the connection failed: {e}"))?;
    result
}
