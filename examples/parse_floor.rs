//! The parse floor for benchmarks: find the same Markdown files jflint would,
//! read each and parse it with comrak (jflint's options), in parallel, and do
//! nothing else. jflint's run time over this is the cost of its own work.
//!
//! `cargo run --release --example parse_floor -- PATH… [-j N]`

use std::path::PathBuf;

use rayon::prelude::*;

fn main() {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut threads = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "-j" {
            threads = args.next().and_then(|n| n.parse::<usize>().ok());
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if paths.is_empty() {
        eprintln!("usage: parse_floor PATH… [-j N]");
        std::process::exit(2);
    }
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .expect("a thread pool");
    }
    let config = jflint::workspace::config::Config::builtin(PathBuf::from("."));
    let files = match jflint::workspace::walk::collect(&paths, &config) {
        Ok(walk) => walk.files,
        Err(jflint::workspace::walk::BadPath(p, e)) => {
            eprintln!("parse_floor: {}: {e}", p.display());
            std::process::exit(2);
        }
    };
    let options = jflint::model::document::comrak_options();
    let nodes: usize = files
        .par_iter()
        .map(|path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return 0;
            };
            let arena = comrak::Arena::new();
            let root = comrak::parse_document(&arena, &text, &options);
            root.descendants().count()
        })
        .sum();
    println!("{} files, {nodes} nodes", files.len());
}
