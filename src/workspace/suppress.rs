//! Inline suppressions, read from the page's HTML comments:
//! `<!-- jflint-disable-next-line RULE… -->`, `<!-- jflint-disable RULE… -->`
//! … `<!-- jflint-enable RULE… -->`, `<!-- jflint-disable-file RULE… -->`;
//! without a rule name they cover every rule. Names may be separated by
//! spaces or commas; text after `--` is a free-form reason. The "next line"
//! is the next one with text on it: Markdown often puts a blank line between
//! an HTML comment and what follows.
//!
//! `disable`/`enable` are tracked per rule, so `enable RULE` after a bare
//! `disable` turns that one rule back on, and `enable a` after `disable a,b`
//! leaves `b` off.
//!
//! Vale's own comments switch the rules a Vale configuration loaded, as Vale
//! reads them: `<!-- vale off -->` … `<!-- vale on -->` for all of them,
//! `<!-- vale Style.Rule = NO -->` … `= YES` for one, `<!-- vale Style = NO
//! -->` … `= YES` for a style. Like jflint's, they work by lines: a finding
//! on the line of either comment is covered.

use std::ops::Range;

use crate::model::document::Document;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::rule_id::RuleId;

/// A suppressed range of 1-based lines (inclusive) for one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Region {
    rule: RuleId,
    first_line: usize,
    last_line: usize,
}

#[derive(Debug, Default)]
pub struct Suppressions {
    regions: Vec<Region>,
    /// Names in suppression comments that are no rule: (byte span, name).
    pub unknown: Vec<(Range<usize>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    DisableNextLine,
    Disable,
    Enable,
    DisableFile,
}

impl Directive {
    fn parse(word: &str) -> Option<Directive> {
        match word {
            "jflint-disable-next-line" => Some(Directive::DisableNextLine),
            "jflint-disable" => Some(Directive::Disable),
            "jflint-enable" => Some(Directive::Enable),
            "jflint-disable-file" => Some(Directive::DisableFile),
            _ => None,
        }
    }
}

impl Suppressions {
    /// The suppressions of `doc`; `rules` are every rule of the run (what a
    /// comment without rule names covers), `vale` those a Vale
    /// configuration loaded (what Vale's comments switch).
    pub fn from_document(doc: &Document, rules: &[RuleId], vale: &[RuleId]) -> Suppressions {
        let mut out = Suppressions::default();
        let last_line = doc.lines.line_count();
        // For each rule, the line where its open `disable` region starts.
        let mut open: Vec<Option<usize>> = vec![None; rules.len()];
        for comment in &doc.comments {
            let (directive, named_rules) = match vale_switch(&comment.body, vale) {
                // Vale's comments switch the rules it loaded off and on.
                Some(switch) => switch,
                None => {
                    let mut words = comment.body.split_whitespace();
                    let Some(directive) = words.next().and_then(Directive::parse) else {
                        continue;
                    };
                    let mut named = false;
                    let mut codes = Vec::new();
                    let names = words
                        .take_while(|w| !w.starts_with("--"))
                        .flat_map(|w| w.split(','))
                        .filter(|w| !w.is_empty());
                    for name in names {
                        named = true;
                        match name.parse::<RuleId>() {
                            Ok(code) if rules.contains(&code) => codes.push(code),
                            _ => out.unknown.push((comment.span.clone(), name.to_string())),
                        }
                    }
                    // A comment that names only unknown rules suppresses
                    // nothing (rather than everything).
                    (directive, if named { codes } else { rules.to_vec() })
                }
            };
            let end_line = doc.lines.line_of(comment.span.end.saturating_sub(1));
            let next_line = (end_line + 1..=last_line)
                .find(|&l| {
                    !doc.text[doc.lines.line_range(&doc.text, l)]
                        .trim()
                        .is_empty()
                })
                .unwrap_or(end_line + 1);
            for rule in named_rules {
                let Some(index) = rules.iter().position(|&r| r == rule) else {
                    continue;
                };
                let slot = &mut open[index];
                match directive {
                    Directive::DisableNextLine => out.regions.push(Region {
                        rule,
                        first_line: next_line,
                        last_line: next_line,
                    }),
                    Directive::DisableFile => out.regions.push(Region {
                        rule,
                        first_line: 1,
                        last_line,
                    }),
                    Directive::Disable => {
                        slot.get_or_insert(end_line);
                    }
                    Directive::Enable => {
                        if let Some(start) = slot.take() {
                            out.regions.push(Region {
                                rule,
                                first_line: start,
                                last_line: end_line,
                            });
                        }
                    }
                }
            }
        }
        for (i, start) in open.into_iter().enumerate() {
            if let Some(start) = start {
                out.regions.push(Region {
                    rule: rules[i],
                    first_line: start,
                    last_line,
                });
            }
        }
        out
    }

    pub fn is_suppressed(&self, doc: &Document, diagnostic: &Diagnostic) -> bool {
        if self.regions.is_empty() {
            return false;
        }
        let line = doc.lines.line_of(diagnostic.span.start);
        self.regions
            .iter()
            .any(|r| r.rule == diagnostic.rule && (r.first_line..=r.last_line).contains(&line))
    }
}

/// A Vale comment as a directive (`Disable` for off, `Enable` for on) and the
/// rules it switches. Forms Vale has that jflint does not read (a rule's
/// single matches, `style = …`) are not switches.
fn vale_switch(body: &str, vale: &[RuleId]) -> Option<(Directive, Vec<RuleId>)> {
    let rest = body.strip_prefix("vale")?;
    if !rest.starts_with(char::is_whitespace) || vale.is_empty() {
        return None;
    }
    match rest.trim() {
        "off" => return Some((Directive::Disable, vale.to_vec())),
        "on" => return Some((Directive::Enable, vale.to_vec())),
        _ => {}
    }
    let (name, value) = rest.split_once('=')?;
    let directive = match value.trim() {
        "NO" => Directive::Disable,
        "YES" => Directive::Enable,
        _ => return None,
    };
    let name = name.trim();
    if name.contains(['[', ' ']) || matches!(name, "style" | "styles") {
        return None;
    }
    let switched = match name.split_once('.') {
        Some((style, rule)) => {
            let id = crate::workspace::vale::rule_id(style, rule)?;
            vale.contains(&id).then_some(id).into_iter().collect()
        }
        None => {
            let prefix = format!("{}/", crate::workspace::vale::style_namespace(name));
            vale.iter()
                .copied()
                .filter(|id| id.name().starts_with(&prefix))
                .collect()
        }
    };
    Some((directive, switched))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::RuleCode;
    use std::path::Path;

    /// Every built-in rule and one custom rule.
    fn ids() -> Vec<RuleId> {
        let mut ids: Vec<RuleId> = RuleCode::ALL.iter().map(|&c| c.into()).collect();
        ids.push("team/no-employee".parse().unwrap());
        ids
    }

    /// Whether a finding of `rule` on `line` of `text` is suppressed.
    fn suppressed(text: &str, rule: impl Into<RuleId>, line: usize) -> bool {
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        let s = Suppressions::from_document(&doc, &ids(), &[]);
        let start = doc.lines.line_start(line);
        s.is_suppressed(&doc, &Diagnostic::new(rule, start..start, "m"))
    }

    const A: RuleCode = RuleCode::MissingGrade;
    const B: RuleCode = RuleCode::Frontmatter;

    #[test]
    fn custom_rules_are_named_and_covered_by_bare_comments() {
        let custom: RuleId = "team/no-employee".parse().unwrap();
        let text = "<!-- jflint-disable-next-line team/no-employee -->\nx\n\n<!-- jflint-disable-next-line -->\ny\n<!-- jflint-disable-next-line team/other -->\nz\n";
        assert!(suppressed(text, custom, 2));
        assert!(!suppressed(text, A, 2));
        assert!(suppressed(text, custom, 5));
        assert!(!suppressed(text, custom, 7));
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        let s = Suppressions::from_document(&doc, &ids(), &[]);
        assert_eq!(s.unknown.len(), 1);
        assert_eq!(s.unknown[0].1, "team/other");
    }

    #[test]
    fn next_line_covers_only_the_next_line() {
        let text = "<!-- jflint-disable-next-line missing-grade -->\nx\ny\n";
        assert!(suppressed(text, A, 2));
        assert!(!suppressed(text, A, 3));
        assert!(!suppressed(text, B, 2));
    }

    #[test]
    fn next_line_skips_blank_lines() {
        let text = "<!-- jflint-disable-next-line -->\n\n  \nx\ny\n";
        assert!(suppressed(text, A, 4));
        assert!(!suppressed(text, A, 5));
    }

    #[test]
    fn enable_one_rule_inside_a_bare_disable() {
        let text = "<!-- jflint-disable -->\n\na\n\n<!-- jflint-enable frontmatter -->\n\nb\n\n<!-- jflint-enable -->\n\nc\n";
        assert!(suppressed(text, A, 3));
        assert!(suppressed(text, B, 3));
        assert!(suppressed(text, A, 7));
        assert!(!suppressed(text, B, 7));
        assert!(!suppressed(text, A, 11));
    }

    #[test]
    fn enable_part_of_a_list_leaves_the_rest_off() {
        let text = "<!-- jflint-disable missing-grade, frontmatter -->\n\na\n\n<!-- jflint-enable missing-grade -->\n\nb\n";
        assert!(suppressed(text, A, 3));
        assert!(!suppressed(text, A, 7));
        assert!(suppressed(text, B, 7));
    }

    #[test]
    fn unknown_names_suppress_nothing_and_are_kept() {
        let text = "<!-- jflint-disable-next-line missing-grad -->\nx\n";
        assert!(!suppressed(text, A, 2));
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        let s = Suppressions::from_document(&doc, &ids(), &[]);
        assert_eq!(s.unknown.len(), 1);
        assert_eq!(s.unknown[0].1, "missing-grad");
    }

    #[test]
    fn a_reason_after_two_dashes_is_not_a_rule_name() {
        let text = "<!-- jflint-disable-next-line missing-grade -- grade set by HR -->\nx\n";
        assert!(suppressed(text, A, 2));
        assert!(!suppressed(text, B, 2));
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        assert!(
            Suppressions::from_document(&doc, &ids(), &[])
                .unknown
                .is_empty()
        );
    }

    #[test]
    fn vale_comments_switch_vale_rules_only() {
        let wordy: RuleId = "handbook/wordy".parse().unwrap();
        let latin: RuleId = "handbook/latin".parse().unwrap();
        let avoid: RuleId = "vale/avoid".parse().unwrap();
        let mine: RuleId = "team/no-employee".parse().unwrap();
        let mut rules = ids();
        rules.extend([wordy, latin, avoid]);
        let vale = [wordy, latin, avoid];
        let text = "<!-- vale off -->\na\n<!-- vale on -->\nb\n<!-- vale Handbook.Wordy = NO -->\nc\n<!-- vale Handbook.Wordy = YES -->\nd\n<!-- vale Handbook = NO -->\ne\n<!-- vale Handbook = YES -->\nf\n<!-- vale Handbook.Latin[\"e.g.\"] = NO -->\ng\n";
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        let s = Suppressions::from_document(&doc, &rules, &vale);
        let off = |rule: RuleId, line: usize| {
            let start = doc.lines.line_start(line);
            s.is_suppressed(&doc, &Diagnostic::new(rule, start..start, "m"))
        };
        assert!(off(wordy, 2) && off(avoid, 2) && off(latin, 2));
        assert!(!off(mine, 2), "rule files are not Vale's");
        assert!(!off(A.into(), 2));
        assert!(!off(wordy, 4));
        assert!(off(wordy, 6) && !off(latin, 6));
        assert!(!off(wordy, 8));
        assert!(off(wordy, 10) && off(latin, 10) && !off(avoid, 10));
        assert!(!off(latin, 12));
        assert!(!off(latin, 14), "single matches are not read");
        assert!(s.unknown.is_empty());
    }

    #[test]
    fn unclosed_disable_runs_to_the_end() {
        let text = "a\n\n<!-- jflint-disable missing-grade -->\n\nb\n\nc\n";
        assert!(!suppressed(text, A, 1));
        assert!(suppressed(text, A, 5));
        assert!(suppressed(text, A, 7));
    }
}
