//! miette's report: the source line with the offending text underlined and
//! the help under it. Graphical wherever it goes, a terminal or a CI log
//! (colour is decided in `terminal.rs`); miette's narratable text on request
//! (`--narrate`, for screen readers), led by `path:line:column`. A blank line
//! separates findings; one summary line ends the report.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};

use crate::model::span::floor_char_boundary;
use crate::report::outcome::{Finding, Outcome};
use crate::rules::diagnostic::Severity;

/// A page's text under its path, borrowed (miette's `NamedSource` wants to own it).
struct PageSource<'a> {
    name: &'a str,
    text: &'a str,
    /// Start snippets read without context at the beginning of their line.
    whole_lines: bool,
}

impl SourceCode for PageSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // Without context lines miette's snippet starts at the span, so the
        // narratable handler would show a line cut short and count label
        // columns from the span: start at the beginning of the line instead.
        // (The graphical handler reads the bare span for its `path:line:col`.)
        let span = if before == 0 && self.whole_lines {
            let start = line_start(self.text, span.offset());
            SourceSpan::from(start..span.offset() + span.len())
        } else {
            *span
        };
        let inner = self.text.read_span(&span, before, after)?;
        // miette counts columns in bytes; jflint counts characters (span.rs).
        let column = if before == 0 {
            let start = span.offset();
            self.text
                .get(line_start(self.text, start)..start)
                .map_or(inner.column(), |s| s.chars().count())
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// Byte offset of the start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    bytes[..offset.min(bytes.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

struct HumanFinding<'a> {
    finding: &'a Finding,
    source: &'a PageSource<'a>,
    /// The first line of the report: the message, led by `path:line:column`
    /// in plain text (the graphical report shows the position in its frame).
    title: String,
}

impl fmt::Debug for HumanFinding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl fmt::Display for HumanFinding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)
    }
}

impl std::error::Error for HumanFinding<'_> {}

impl Diagnostic for HumanFinding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule.name()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        // The message and the rule are already in the header, so the label
        // only marks the offending text. miette slices the text at the span:
        // keep it on character boundaries.
        let text = self.source.text;
        let start = floor_char_boundary(text, self.finding.span.start);
        let end = floor_char_boundary(text, self.finding.span.end).max(start);
        let label = LabeledSpan::new_primary_with_span(None, start..end);
        Some(Box::new(std::iter::once(label)))
    }
}

pub fn write(
    out: &mut dyn Write,
    outcome: &Outcome,
    options: &super::ReportOptions,
) -> io::Result<()> {
    let graphical = GraphicalReportHandler::new_themed(if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    })
    .with_width(options.width)
    .with_links(false)
    .with_context_lines(1);
    let narratable = NarratableReportHandler::new().with_context_lines(0);
    let mut buffer = String::new();
    for (file, finding) in outcome.findings() {
        let source = PageSource {
            name: &file.display,
            text: &file.source,
            whole_lines: !options.graphical,
        };
        let title = if options.graphical {
            finding.message.clone()
        } else {
            format!(
                "{}:{}:{}: {}",
                file.display, finding.line, finding.column, finding.message
            )
        };
        let diagnostic = HumanFinding {
            finding,
            source: &source,
            title,
        };
        buffer.clear();
        let rendered = if options.graphical {
            graphical.render_report(&mut buffer, &diagnostic)
        } else {
            narratable.render_report(&mut buffer, &diagnostic)
        };
        if rendered.is_err() {
            buffer = format!(
                "{}:{}:{}: {}[{}] {}\n",
                file.display,
                finding.line,
                finding.column,
                finding.severity,
                finding.rule,
                finding.message
            );
        }
        out.write_all(buffer.trim_end().as_bytes())?;
        // A blank line between findings.
        out.write_all(b"\n\n")?;
    }
    let summary = super::summary(outcome);
    if options.color {
        writeln!(out, "\x1b[1m{summary}\x1b[0m")
    } else {
        writeln!(out, "{summary}")
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::report::ReportOptions;
    use crate::report::outcome::FileReport;
    use crate::rules::registry::RuleCode;

    /// One finding on `target` in a page whose second line has non-ASCII text
    /// before it.
    fn outcome(target: &str) -> Outcome {
        let source = "# Título\nÉquipe: Ingénieur Sénior\n".to_string();
        let start = source.find(target).unwrap();
        let finding = Finding {
            rule: RuleCode::MissingGrade.into(),
            severity: Severity::Warning,
            message: "level `Sénior` has no job grade".to_string(),
            help: Some("add a grade".to_string()),
            span: start..start + target.len(),
            line: 2,
            column: source[source.find('\n').unwrap() + 1..start]
                .chars()
                .count()
                + 1,
            end_line: 2,
            end_column: 0,
            fix: None,
            context: Vec::new(),
            excerpt: target.to_string(),
            fingerprint: "f".to_string(),
        };
        Outcome {
            files: vec![FileReport {
                path: PathBuf::from("p.md"),
                display: "p.md".to_string(),
                source,
                findings: vec![finding],
            }],
            custom_rules: Vec::new(),
        }
    }

    fn render(outcome: &Outcome, graphical: bool) -> String {
        let options = ReportOptions {
            color: false,
            graphical,
            width: 80,
            files_checked: 1,
        };
        let mut out = Vec::new();
        write(&mut out, outcome, &options).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn positions_count_characters_after_non_ascii_text() {
        let outcome = outcome("Sénior");
        let column = outcome.files[0].findings[0].column;
        assert_eq!(column, 19);
        let graphical = render(&outcome, true);
        assert!(graphical.contains("[p.md:2:19]"), "{graphical}");
        let plain = render(&outcome, false);
        assert!(plain.starts_with("p.md:2:19: level `Sénior`"), "{plain}");
        assert!(
            plain.contains("snippet line 2: Équipe: Ingénieur Sénior"),
            "{plain}"
        );
        assert!(plain.contains("columns 19 to 24"), "{plain}");
    }

    #[test]
    fn plain_output_has_no_escapes_and_ends_with_the_summary() {
        let plain = render(&outcome("Ingénieur"), false);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(plain.contains("diagnostic help: add a grade"), "{plain}");
        assert_eq!(plain.lines().last(), Some("1 warning in 1 of 1 file"));
        let graphical = render(&outcome("Ingénieur"), true);
        assert!(!graphical.contains('\x1b'), "{graphical}");
        assert_eq!(graphical.lines().last(), Some("1 warning in 1 of 1 file"));
    }

    #[test]
    fn spans_off_character_boundaries_do_not_panic() {
        let mut outcome = outcome("Sénior");
        let f = &mut outcome.files[0].findings[0];
        // Inside the two bytes of "é".
        f.span = f.span.start + 2..f.span.end - 1;
        for graphical in [true, false] {
            assert!(render(&outcome, graphical).contains("has no job grade"));
        }
    }
}
