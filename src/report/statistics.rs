//! `--statistics`: how many findings each rule reported, most first.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::report::outcome::Outcome;
use crate::rules::diagnostic::Severity;
use crate::rules::rule_id::RuleId;

/// One row: a rule at one severity (a rule can be configured differently for
/// some paths) and its number of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleCount {
    pub count: usize,
    pub rule: RuleId,
    pub severity: Severity,
}

/// Rows by count (highest first), then severity (highest first), then rule name.
pub fn counts(outcome: &Outcome) -> Vec<RuleCount> {
    let mut by_rule: HashMap<(RuleId, Severity), usize> = HashMap::new();
    for (_, f) in outcome.findings() {
        *by_rule.entry((f.rule, f.severity)).or_insert(0) += 1;
    }
    let mut rows: Vec<RuleCount> = by_rule
        .into_iter()
        .map(|((rule, severity), count)| RuleCount {
            count,
            rule,
            severity,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.severity.cmp(&a.severity))
            .then(a.rule.name().cmp(b.rule.name()))
    });
    rows
}

/// The table, with a header; nothing when there are no findings.
pub fn write(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    let rows = counts(outcome);
    if rows.is_empty() {
        return Ok(());
    }
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(0)
        .max("count".len());
    let rule_width = rows
        .iter()
        .map(|r| r.rule.name().len())
        .max()
        .unwrap_or(0)
        .max("rule".len());
    writeln!(
        out,
        "{:>count_width$}  {:<rule_width$}  severity",
        "count", "rule"
    )?;
    for r in rows {
        writeln!(
            out,
            "{:>count_width$}  {:<rule_width$}  {}",
            r.count,
            r.rule.name(),
            r.severity
        )?;
    }
    Ok(())
}
