//! Inline suppressions, read from the page's HTML comments:
//! `<!-- jflint-disable-next-line RULE… -->`, `<!-- jflint-disable RULE… -->`
//! … `<!-- jflint-enable RULE… -->`; without a rule name they cover every rule.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::registry::RuleCode;

/// Which rules a suppression covers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rules {
    All,
    Some(Vec<RuleCode>),
}

impl Rules {
    fn covers(&self, rule: RuleCode) -> bool {
        match self {
            Rules::All => true,
            Rules::Some(list) => list.contains(&rule),
        }
    }
}

/// A suppressed range of 1-based lines (inclusive).
#[derive(Debug, Clone)]
struct Region {
    rules: Rules,
    first_line: usize,
    last_line: usize,
}

#[derive(Debug, Default)]
pub struct Suppressions {
    regions: Vec<Region>,
    /// Names in suppression comments that are no rule: (byte span, name).
    pub unknown: Vec<(std::ops::Range<usize>, String)>,
}

impl Suppressions {
    pub fn from_document(doc: &Document) -> Suppressions {
        let mut out = Suppressions::default();
        // Open `disable` regions, closed by a matching `enable` or the page's end.
        let mut open: Vec<(Rules, usize)> = Vec::new();
        let last_line = doc.lines.line_count();
        for comment in &doc.comments {
            let mut words = comment.body.split_whitespace();
            let Some(directive) = words.next() else {
                continue;
            };
            if !matches!(
                directive,
                "jflint-disable-next-line"
                    | "jflint-disable"
                    | "jflint-enable"
                    | "jflint-disable-file"
            ) {
                continue;
            }
            let mut codes = Vec::new();
            for name in words.flat_map(|w| w.split(',')).filter(|w| !w.is_empty()) {
                match name.parse::<RuleCode>() {
                    Ok(code) => codes.push(code),
                    Err(_) => out.unknown.push((comment.span.clone(), name.to_string())),
                }
            }
            let rules = if codes.is_empty() {
                Rules::All
            } else {
                Rules::Some(codes)
            };
            let end_line = doc.lines.line_of(comment.span.end.saturating_sub(1));
            match directive {
                "jflint-disable-next-line" => out.regions.push(Region {
                    rules,
                    first_line: end_line + 1,
                    last_line: end_line + 1,
                }),
                "jflint-disable-file" => out.regions.push(Region {
                    rules,
                    first_line: 1,
                    last_line,
                }),
                "jflint-disable" => open.push((rules, end_line)),
                _ => {
                    // `enable` closes what it names; a bare `enable` closes everything.
                    let close_all = rules == Rules::All;
                    let mut still_open = Vec::new();
                    for (r, start) in open.drain(..) {
                        let closes = close_all || r == rules;
                        if closes {
                            out.regions.push(Region {
                                rules: r,
                                first_line: start,
                                last_line: end_line,
                            });
                        } else {
                            still_open.push((r, start));
                        }
                    }
                    open = still_open;
                }
            }
        }
        for (rules, start) in open {
            out.regions.push(Region {
                rules,
                first_line: start,
                last_line,
            });
        }
        out
    }

    pub fn is_suppressed(&self, doc: &Document, diagnostic: &Diagnostic) -> bool {
        if self.regions.is_empty() {
            return false;
        }
        let line = doc.lines.line_of(diagnostic.span.start);
        self.regions.iter().any(|r| {
            r.rules.covers(diagnostic.rule) && (r.first_line..=r.last_line).contains(&line)
        })
    }
}
