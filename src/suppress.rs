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
    /// From each listed line on (until the next entry), which rules are
    /// suppressed, indexed by `RuleCode as usize`. A lookup is a binary
    /// search, so thousands of comments and findings on a page stay cheap.
    coverage: Vec<(usize, Vec<bool>)>,
    /// Names in suppression comments that are no rule: (byte span, name).
    pub unknown: Vec<(std::ops::Range<usize>, String)>,
}

impl Suppressions {
    pub fn from_document(doc: &Document) -> Suppressions {
        let mut out = Suppressions::default();
        let mut regions: Vec<Region> = Vec::new();
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
                "jflint-disable-next-line" => regions.push(Region {
                    rules,
                    first_line: end_line + 1,
                    last_line: end_line + 1,
                }),
                "jflint-disable-file" => regions.push(Region {
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
                            regions.push(Region {
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
            regions.push(Region {
                rules,
                first_line: start,
                last_line,
            });
        }
        out.coverage = coverage(&regions);
        out
    }

    pub fn is_suppressed(&self, doc: &Document, diagnostic: &Diagnostic) -> bool {
        if self.coverage.is_empty() {
            return false;
        }
        let line = doc.lines.line_of(diagnostic.span.start);
        let i = self.coverage.partition_point(|(first, _)| *first <= line);
        i > 0 && self.coverage[i - 1].1[diagnostic.rule as usize]
    }
}

/// Sweeps the regions in line order, counting for each rule how many
/// regions cover it, and records the suppressed set wherever it changes.
fn coverage(regions: &[Region]) -> Vec<(usize, Vec<bool>)> {
    let codes = |rules: &Rules| -> Vec<usize> {
        RuleCode::ALL
            .iter()
            .filter(|&&c| rules.covers(c))
            .map(|&c| c as usize)
            .collect::<Vec<usize>>()
    };
    // (line, +1 opens / -1 closes, region)
    let mut events: Vec<(usize, isize, usize)> = Vec::new();
    for (i, r) in regions.iter().enumerate() {
        if r.first_line <= r.last_line {
            events.push((r.first_line, 1, i));
            events.push((r.last_line + 1, -1, i));
        }
    }
    events.sort_unstable();
    let mut counts = vec![0isize; RuleCode::ALL.len()];
    let mut out: Vec<(usize, Vec<bool>)> = Vec::new();
    let mut k = 0;
    while k < events.len() {
        let line = events[k].0;
        while k < events.len() && events[k].0 == line {
            let (_, delta, region) = events[k];
            for c in codes(&regions[region].rules) {
                counts[c] += delta;
            }
            k += 1;
        }
        out.push((line, counts.iter().map(|&n| n > 0).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which of `rule`'s findings, one per line of the page, are suppressed.
    fn suppressed_lines(text: &str, rule: RuleCode) -> Vec<usize> {
        let doc = Document::parse("page.md", text.to_string());
        let s = Suppressions::from_document(&doc);
        (1..=doc.lines.line_count())
            .filter(|&line| {
                let start = doc.lines.line_start(line);
                s.is_suppressed(&doc, &Diagnostic::new(rule, start..start, "x"))
            })
            .collect()
    }

    #[test]
    fn next_line_ranges_and_overlaps() {
        let page = "a\n\
                    <!-- jflint-disable-next-line frontmatter -->\n\
                    b\n\
                    <!-- jflint-disable missing-grade -->\n\
                    c\n\
                    <!-- jflint-disable -->\n\
                    d\n\
                    <!-- jflint-enable missing-grade -->\n\
                    e\n\
                    <!-- jflint-enable -->\n\
                    f\n";
        assert_eq!(
            suppressed_lines(page, RuleCode::Frontmatter),
            [3, 6, 7, 8, 9, 10]
        );
        // The bare `disable` still covers it after `enable missing-grade`.
        assert_eq!(
            suppressed_lines(page, RuleCode::MissingGrade),
            [4, 5, 6, 7, 8, 9, 10]
        );
    }

    #[test]
    fn an_unclosed_disable_runs_to_the_end() {
        let page = "a\n<!-- jflint-disable-file missing-grade -->\nb\n<!-- jflint-disable frontmatter -->\nc\n";
        assert_eq!(suppressed_lines(page, RuleCode::Frontmatter), [4, 5, 6]);
        assert_eq!(
            suppressed_lines(page, RuleCode::MissingGrade),
            [1, 2, 3, 4, 5, 6]
        );
    }

    #[test]
    fn many_comments_and_findings_stay_linear() {
        let mut page = String::new();
        for i in 0..20_000 {
            page.push_str("<!-- jflint-disable-next-line frontmatter -->\n");
            page.push_str(&format!("line {i}\n"));
        }
        let started = std::time::Instant::now();
        let lines = suppressed_lines(&page, RuleCode::Frontmatter);
        assert_eq!(lines.len(), 20_000);
        assert!(lines.iter().all(|l| l % 2 == 0));
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}
