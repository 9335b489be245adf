//! `path:line:column: severity[rule] message`: for editor problem matchers and grep.

use std::io::{self, Write};

use crate::report::outcome::Outcome;

pub fn write(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    for (file, f) in outcome.findings() {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            file.display,
            f.line,
            f.column,
            f.severity,
            f.rule,
            single_line(&f.message)
        )?;
    }
    Ok(())
}

/// Messages are one line in this format, whatever a rule wrote.
fn single_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
