//! What a rule reports: a rule code, a message, a byte span and optional help
//! and fix. Rules never print and never write; fixes are data (edits).

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::rules::rule_id::RuleId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours width and alignment (`{:<8}` in `jflint rules`).
        f.pad(self.as_str())
    }
}

/// Whether a fix can be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Applicability {
    /// The replacement is certain (a known misspelling, a brand name).
    Safe,
    /// Probably right, but a person should check (`--unsafe-fixes`).
    Unsafe,
}

/// Replace `range` of the page's text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(range: Range<usize>, replacement: impl Into<String>) -> Fix {
        Fix {
            edits: vec![Edit {
                range,
                replacement: replacement.into(),
            }],
            applicability: Applicability::Safe,
        }
    }

    pub fn unsafe_edit(range: Range<usize>, replacement: impl Into<String>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            ..Fix::safe(range, replacement)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: RuleId,
    /// `None`: the rule's configured severity. A rule sets it only for a
    /// finding that is softer by nature (a word-order difference, say).
    pub severity: Option<Severity>,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: impl Into<RuleId>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            severity: None,
            span,
            message: message.into(),
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = Some(severity);
        self
    }
}

/// Applies every fix that does not overlap an earlier one, in one pass.
/// Returns the new text and the number of fixes applied. A fix is applied
/// whole or not at all; an edit outside the text or off a character
/// boundary drops its fix.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut fixes: Vec<Vec<&Edit>> = fixes
        .into_iter()
        .map(|fix| {
            let mut edits: Vec<&Edit> = fix.edits.iter().collect();
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            edits
        })
        .filter(|edits| !edits.is_empty() && edits.iter().all(|e| valid(text, &e.range)))
        // A fix that changes nothing fixes nothing.
        .filter(|edits| edits.iter().any(|e| text[e.range.clone()] != e.replacement))
        .collect();
    fixes.sort_by_key(|edits| (edits[0].range.start, edits[0].range.end));

    let mut accepted = Accepted::default();
    let mut applied = 0;
    for edits in fixes {
        // The same edit from two findings (or two rules) is made once.
        let fresh: Vec<&Edit> = edits
            .into_iter()
            .filter(|e| !accepted.contains(e))
            .collect();
        let clashes = fresh.iter().enumerate().any(|(i, e)| {
            accepted.clashes(&e.range) || fresh[..i].iter().any(|f| overlaps(&f.range, &e.range))
        });
        if clashes {
            continue;
        }
        for e in fresh {
            accepted.insert(e);
        }
        applied += 1;
    }
    let mut accepted = accepted.edits;
    accepted.sort_by_key(|e| (e.range.start, e.range.end));

    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in accepted {
        out.push_str(&text[pos..edit.range.start]);
        out.push_str(&edit.replacement);
        pos = edit.range.end;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// The edits accepted so far, indexed so that checking a new edit against
/// them is a lookup, not a scan: a page with 200,000 fixes (one long line of
/// repeated words) would otherwise take hours.
#[derive(Default)]
struct Accepted<'a> {
    edits: Vec<&'a Edit>,
    /// Non-empty ranges, start -> end; they never overlap one another.
    ranges: std::collections::BTreeMap<usize, usize>,
    /// Offsets of insertions (empty ranges).
    inserts: std::collections::BTreeSet<usize>,
    seen: std::collections::HashSet<(usize, usize, &'a str)>,
}

impl<'a> Accepted<'a> {
    fn contains(&self, e: &Edit) -> bool {
        self.seen
            .contains(&(e.range.start, e.range.end, e.replacement.as_str()))
    }

    /// Whether `r` [`overlaps`] an accepted edit.
    fn clashes(&self, r: &Range<usize>) -> bool {
        // The non-empty range starting last before `r` ends (or before an
        // insertion point) is the only one that can reach into `r`.
        let reach = r.end.max(r.start + 1);
        let by_range = self
            .ranges
            .range(..reach)
            .next_back()
            .is_some_and(|(&start, &end)| overlaps(&(start..end), r));
        let by_insert = if r.is_empty() {
            self.inserts.contains(&r.start)
        } else {
            self.inserts.range(r.start + 1..r.end).next().is_some()
        };
        by_range || by_insert
    }

    fn insert(&mut self, e: &'a Edit) {
        if e.range.is_empty() {
            self.inserts.insert(e.range.start);
        } else {
            self.ranges.insert(e.range.start, e.range.end);
        }
        self.seen
            .insert((e.range.start, e.range.end, e.replacement.as_str()));
        self.edits.push(e);
    }
}

fn valid(text: &str, range: &Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

/// Two edits clash when their ranges share a byte, or when both insert at the
/// same place (their order would be a guess).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.is_empty() && b.is_empty() && a.start == b.start)
}
