//! `jflint review` output: a Markdown summary for a merge-request comment, or
//! JSON with a stable schema.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::workspace::review::{Change, ChangeKind, Review};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// A summary and a table with a row per change, linking each to its page and line.
    Markdown,
    /// An array of changes: `path`, `level`, `kind`, `before`, `after`, `line`, `detail`.
    Json,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    path: &'a str,
    level: Option<&'a str>,
    kind: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
    line: Option<usize>,
    detail: Option<&'a str>,
}

/// Writes the review. Links in Markdown are `link_base/path#Lline` (relative
/// paths without a base).
pub fn write(
    out: &mut dyn Write,
    review: &Review,
    format: ReviewFormat,
    link_base: Option<&str>,
) -> io::Result<()> {
    match format {
        ReviewFormat::Json => {
            let items: Vec<JsonChange<'_>> = review
                .changes
                .iter()
                .map(|c| JsonChange {
                    path: &c.path,
                    level: c.level.as_deref(),
                    kind: c.kind.name(),
                    before: c.before.as_deref(),
                    after: c.after.as_deref(),
                    line: c.line,
                    detail: c.detail.as_deref(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)
        }
        ReviewFormat::Markdown => write_markdown(out, review, link_base),
    }
}

/// Table cells hold one line; `|` would end the cell.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn link(change: &Change, base: Option<&str>) -> String {
    let name = change.path.rsplit('/').next().unwrap_or(&change.path);
    let (label, anchor) = match change.line {
        Some(line) => (format!("{name}:{line}"), format!("#L{line}")),
        None => (name.to_string(), String::new()),
    };
    let target = match base {
        Some(base) => format!("{}/{}{anchor}", base.trim_end_matches('/'), change.path),
        None => format!("{}{anchor}", change.path),
    };
    format!("[{}]({})", cell(&label), target.replace(' ', "%20"))
}

fn write_markdown(out: &mut dyn Write, review: &Review, base: Option<&str>) -> io::Result<()> {
    let since = format!("`{}`", review.revision.name.replace('`', "'"));
    if review.changes.is_empty() {
        return writeln!(
            out,
            "### Job-family review\n\nNo changes to the job-family model since {since} ({} pages compared).",
            review.pages
        );
    }
    let mut counts: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    for c in &review.changes {
        *counts.entry(c.kind).or_insert(0) += 1;
    }
    let pages: std::collections::BTreeSet<&str> =
        review.changes.iter().map(|c| c.path.as_str()).collect();
    let n = review.changes.len();
    writeln!(out, "### Job-family review\n")?;
    writeln!(
        out,
        "{n} change{} on {} page{} since {since}: {}.\n",
        if n == 1 { "" } else { "s" },
        pages.len(),
        if pages.len() == 1 { "" } else { "s" },
        counts
            .iter()
            .map(|(k, n)| format!("{n} {}", k.label()))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    writeln!(out, "| Page | Level | Change | Before | After |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for c in &review.changes {
        let mut after = c.after.as_deref().map(cell).unwrap_or_default();
        if let Some(detail) = &c.detail {
            if !after.is_empty() {
                after.push_str("; ");
            }
            after.push_str(&cell(detail));
        }
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            link(c, base),
            c.level.as_deref().map(cell).unwrap_or_default(),
            c.kind.label(),
            c.before.as_deref().map(cell).unwrap_or_default(),
            after
        )?;
    }
    Ok(())
}
