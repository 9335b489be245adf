//! miette's report: the source line with a label under the offending text.
//! Graphical on a terminal, narratable plain text elsewhere.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::Severity;
use crate::engine::{Finding, Outcome};

/// A page's text under its path, borrowed (miette's `NamedSource` wants to own it).
struct PageSource<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for PageSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

struct HumanFinding<'a> {
    finding: &'a Finding,
    source: &'a PageSource<'a>,
}

impl fmt::Debug for HumanFinding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for HumanFinding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
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
        let span = &self.finding.span;
        let label = LabeledSpan::new_primary_with_span(
            Some(self.finding.rule.name().to_string()),
            span.start..span.end,
        );
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
    } else if options.graphical {
        GraphicalTheme::unicode_nocolor()
    } else {
        GraphicalTheme::none()
    })
    .with_width(options.width)
    .with_links(false)
    .with_context_lines(1);
    let narratable = NarratableReportHandler::new().with_context_lines(0);
    let mut buffer = String::new();
    for file in &outcome.files {
        if file.findings.is_empty() {
            continue;
        }
        let source = PageSource {
            name: &file.display,
            text: &file.source,
        };
        for finding in &file.findings {
            let diagnostic = HumanFinding {
                finding,
                source: &source,
            };
            buffer.clear();
            let rendered = if options.graphical {
                graphical.render_report(&mut buffer, &diagnostic)
            } else {
                narratable.render_report(&mut buffer, &diagnostic)
            };
            if rendered.is_err() {
                buffer = format!("{}: {}\n", file.display, finding.message);
            }
            if !options.graphical {
                // The narratable handler names no file and no position.
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}]",
                    file.display, finding.line, finding.column, finding.severity, finding.rule
                )?;
            }
            out.write_all(buffer.as_bytes())?;
        }
    }
    writeln!(out, "{}", super::summary(outcome))
}
