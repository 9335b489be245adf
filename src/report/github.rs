//! GitHub Actions workflow commands, one per finding, which GitHub shows as
//! annotations on the pull request:
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=jflint (RULE)::MESSAGE`.
//!
//! Escaping follows the runner's rules: in the message `%`, `\r` and `\n`; in
//! property values also `:` and `,`, which would otherwise end the value.

use std::io::{self, Write};

use crate::report::outcome::Outcome;
use crate::rules::diagnostic::Severity;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    for (file, f) in outcome.findings() {
        // The help goes on a line of its own under the message.
        let message = match &f.help {
            Some(help) => format!("{}\nhelp: {help}", f.message),
            None => f.message.clone(),
        };
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&file.display),
            f.line,
            f.column,
            f.end_line.max(f.line),
            f.end_column,
            escape_property(&format!("jflint ({})", f.rule)),
            escape_data(&message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
