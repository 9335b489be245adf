//! A JSON array of findings, one object each.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::outcome::Outcome;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    fixable: bool,
    fingerprint: &'a str,
}

pub fn write(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    let items: Vec<JsonFinding<'_>> = outcome
        .findings()
        .map(|(file, f)| JsonFinding {
            path: &file.display,
            line: f.line,
            column: f.column,
            end_line: f.end_line,
            end_column: f.end_column,
            rule: f.rule.name(),
            severity: f.severity.as_str(),
            message: &f.message,
            help: f.help.as_deref(),
            fixable: f.fix.is_some(),
            fingerprint: &f.fingerprint,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}
