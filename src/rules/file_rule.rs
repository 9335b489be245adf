//! Runs a rule file's rule on a page: the matches come from the phrase
//! engine (literal phrases) and the rule's regular expressions; the kind
//! decides what is reported, in the rule's scope and on the pages and levels
//! its filters admit.

use std::collections::HashSet;
use std::ops::Range;

use regex::Regex;

use crate::language::phrases::{Hit, run_range};
use crate::model::document::{Document, TextRun};
use crate::rules::diagnostic::{Diagnostic, Fix};
use crate::rules::registry::Context;
use crate::rules::rule_file::{Case, FixKind, Kind, RuleSpec, Undefined, Values};
use crate::rules::scope::{Instance, Scope, instances, prose_blocks};

/// One rule of a rule file, ready to run.
pub struct FileRule {
    pub spec: RuleSpec,
    /// Its slot in the phrase engine.
    pub slot: usize,
    /// For scopes read as written (code, front matter): the literal phrases
    /// as one expression.
    raw: Option<Regex>,
    /// The exceptions in lower case, for rules that compare words so.
    exceptions_lower: HashSet<String>,
}

/// One match of a rule's patterns on a page.
#[derive(Debug, Clone)]
pub struct Match<'d> {
    pub span: Range<usize>,
    pub text: &'d str,
    pub suggestion: Option<&'d str>,
}

impl FileRule {
    /// The hits of the rule's literal phrases on the page.
    pub fn hits<'a>(&self, ctx: &'a Context<'a>) -> &'a [Hit<'a>] {
        ctx.phrases.of(self.slot)
    }

    /// The hits of the rule's literal phrases on the page that are not
    /// among its exceptions.
    pub fn kept_hits<'a>(&'a self, ctx: &'a Context<'a>) -> impl Iterator<Item = &'a Hit<'a>> {
        self.hits(ctx)
            .iter()
            .filter(move |h| !self.is_exception(h.text))
    }

    pub fn new(spec: RuleSpec, slot: usize) -> FileRule {
        let raw = spec.scope.is_raw().then(|| literal_regex(&spec)).flatten();
        let exceptions_lower = spec.exceptions.iter().map(|w| w.to_lowercase()).collect();
        FileRule {
            spec,
            slot,
            raw,
            exceptions_lower,
        }
    }

    /// The instances of the rule's scope on the page that its page and
    /// level filters admit.
    fn admitted_instances(&self, ctx: &Context<'_>) -> Vec<Instance> {
        let (doc, family) = (ctx.doc, ctx.family);
        if !self.spec.pages.admits(&doc.path, family.is_job_family) {
            return Vec::new();
        }
        let scope = &self.spec.scope;
        instances(scope, doc, family)
            .into_iter()
            .filter(|i| match i.level {
                Some(_) => self.spec.levels.admits(family, i.level),
                None => !self.spec.levels.is_set() || !matches!(scope, Scope::Level),
            })
            .collect()
    }

    /// Every match of the rule's phrases and patterns on the page, in its
    /// scope, exceptions left out, overlapping matches counted once: what a
    /// built-in rule whose words are a rule file judges further.
    pub fn page_matches<'d>(&'d self, ctx: &Context<'d>) -> Vec<Match<'d>> {
        let found = self.admitted_instances(ctx);
        if found.is_empty() {
            return Vec::new();
        }
        self.matches(ctx, &found)
    }

    pub fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let found = self.admitted_instances(ctx);
        if found.is_empty() {
            return;
        }
        let matches = self.matches(ctx, &found);
        match self.spec.kind {
            Kind::Existence => {
                for m in &matches {
                    out.push(self.diagnostic(m.span.clone(), m.text, None, None));
                }
            }
            Kind::Substitution => {
                for m in &matches {
                    self.substitute(doc, m, out);
                }
            }
            Kind::Occurrence | Kind::Required => {
                for instance in &found {
                    let count = if self.spec.count_items {
                        doc.items
                            .iter()
                            .filter(|i| instance.range.contains(&i.start))
                            .count()
                    } else {
                        matches
                            .iter()
                            .filter(|m| instance.range.contains(&m.span.start))
                            .count()
                    };
                    let bad = match self.spec.kind {
                        Kind::Required => count == 0,
                        _ => {
                            self.spec.min.is_some_and(|min| count < min)
                                || self.spec.max.is_some_and(|max| count > max)
                        }
                    };
                    if bad {
                        let text = doc.text.get(instance.at.clone()).unwrap_or("").trim();
                        out.push(self.diagnostic(instance.at.clone(), text, None, Some(count)));
                    }
                }
            }
            Kind::Conditional => self.conditional(ctx, &found, out),
            Kind::Capitalization => self.capitalization(ctx, &found, &matches, out),
            Kind::Repetition => self.repetition(ctx, &found, out),
        }
    }

    /// A finding of this rule, its message and help filled from the file.
    pub fn diagnostic(
        &self,
        span: Range<usize>,
        matched: &str,
        suggestion: Option<&str>,
        count: Option<usize>,
    ) -> Diagnostic {
        let values = Values {
            matched,
            suggestion,
            count,
        };
        let mut d = Diagnostic::new(self.spec.id, span, self.spec.message_for(&values));
        d.help = self.spec.help_for(&values);
        d
    }

    /// Every match of the rule's patterns in its scope, minus exceptions,
    /// in document order.
    fn matches<'d>(&'d self, ctx: &Context<'d>, found: &[Instance]) -> Vec<Match<'d>> {
        let doc = ctx.doc;
        let inside = |span: &Range<usize>| in_instances(found, span.start);
        let mut out: Vec<Match<'d>> = Vec::new();
        if self.spec.scope.is_raw() {
            for instance in found {
                let Some(text) = doc.text.get(instance.range.clone()) else {
                    continue;
                };
                for re in self
                    .raw
                    .iter()
                    .chain(self.spec.regexes.iter().map(|(r, _)| r))
                {
                    for m in re.find_iter(text) {
                        out.push(Match {
                            span: instance.range.start + m.start()..instance.range.start + m.end(),
                            text: m.as_str(),
                            suggestion: self.suggestion_for(m.as_str()),
                        });
                    }
                }
            }
        } else {
            for hit in ctx.phrases.of(self.slot) {
                if self.spec.scope.admits(hit.run) && inside(&hit.span) {
                    out.push(Match {
                        span: hit.span.clone(),
                        text: hit.text,
                        suggestion: hit.entry.suggestion.as_deref(),
                    });
                }
            }
            if !self.spec.regexes.is_empty() {
                for run in doc.prose.iter().filter(|r| self.spec.scope.admits(r)) {
                    for (re, suggestion) in &self.spec.regexes {
                        for m in re.find_iter(&run.text) {
                            let Some(span) = run_range(doc, run, m.range()) else {
                                continue;
                            };
                            if inside(&span) {
                                out.push(Match {
                                    span,
                                    text: m.as_str(),
                                    suggestion: suggestion.as_deref(),
                                });
                            }
                        }
                    }
                }
            }
        }
        out.retain(|m| !self.is_exception(m.text));
        if self.spec.levels.is_set() {
            let family = ctx.family;
            out.retain(|m| {
                let level = family
                    .levels
                    .iter()
                    .position(|l| l.extent.contains(&m.span.start));
                self.spec.levels.admits(family, level)
            });
        }
        out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        // Overlapping matches of several patterns count once.
        let mut end = 0;
        out.retain(|m| {
            let keep = m.span.start >= end || m.span.start == m.span.end;
            end = end.max(m.span.end);
            keep
        });
        out
    }

    fn suggestion_for(&self, text: &str) -> Option<&str> {
        self.spec.phrases.entries().iter().find_map(|e| {
            e.phrase
                .eq_ignore_ascii_case(text)
                .then_some(e.suggestion.as_deref())
                .flatten()
        })
    }

    /// Whether `text` is one of the rule's exceptions.
    /// Whether a word or phrase, in lower case, is one of the exceptions.
    pub fn is_lowercase_exception(&self, lower: &str) -> bool {
        self.exceptions_lower.contains(lower)
    }

    pub fn is_exception(&self, text: &str) -> bool {
        self.spec.exceptions.iter().any(|e| {
            if self.spec.ignore_case {
                e.eq_ignore_ascii_case(text)
            } else {
                e == text
            }
        }) || self
            .spec
            .exception_patterns
            .iter()
            .any(|p| p.is_match(text))
    }

    fn substitute(&self, doc: &Document, m: &Match<'_>, out: &mut Vec<Diagnostic>) {
        let Some(suggestion) = m.suggestion else {
            return;
        };
        let replacement = if self.spec.keep_case {
            keep_case(m.text, suggestion)
        } else {
            suggestion.to_string()
        };
        // Already written as the rule wants it.
        if replacement == m.text {
            return;
        }
        let mut d = self.diagnostic(m.span.clone(), m.text, Some(&replacement), None);
        if self.spec.fix != FixKind::None && doc.text.get(m.span.clone()) == Some(m.text) {
            let unsafe_fix = self.spec.fix == FixKind::Unsafe || renames_anchor(doc, m.span.start);
            d = d.with_fix(if unsafe_fix {
                Fix::unsafe_edit(m.span.clone(), replacement)
            } else {
                Fix::safe(m.span.clone(), replacement)
            });
        }
        out.push(d);
    }

    /// `first` matches that have no `second` match naming them in the same
    /// instance of the scope (Vale's `conditional`): an acronym without its
    /// definition. When the expressions capture a group, the groups are
    /// compared; otherwise the whole matches.
    fn conditional(&self, ctx: &Context<'_>, found: &[Instance], out: &mut Vec<Diagnostic>) {
        let (Some(first), Some(second)) = (&self.spec.first, &self.spec.second) else {
            return;
        };
        if self.spec.undefined == Undefined::EveryUse {
            return self.every_undefined_use(ctx, found, first, second, out);
        }
        let doc = ctx.doc;
        let key = |c: &regex::Captures<'_>| {
            c.get(1)
                .or_else(|| c.get(0))
                .map(|m| m.as_str().to_string())
                .unwrap_or_default()
        };
        for instance in found {
            let runs: Vec<_> = doc
                .prose
                .iter()
                .filter(|r| instance.range.contains(&r.span.start) && self.spec.scope.admits(r))
                .collect();
            let defined: std::collections::HashSet<String> = runs
                .iter()
                .flat_map(|r| second.captures_iter(&r.text).map(|c| key(&c)))
                .collect();
            let mut reported = std::collections::HashSet::new();
            for run in &runs {
                for c in first.captures_iter(&run.text) {
                    let name = key(&c);
                    if defined.contains(&name) || self.is_exception(&name) {
                        continue;
                    }
                    let Some(whole) = c.get(0) else { continue };
                    let Some(span) = run_range(doc, run, whole.range()) else {
                        continue;
                    };
                    // Once per instance: the first use is where a
                    // definition belongs.
                    if reported.insert(name.clone()) {
                        out.push(self.diagnostic(span, &name, None, None));
                    }
                }
            }
        }
    }

    /// Vale's `conditional`: the page read block by block in order (each
    /// instance of the scope; for `text`, each paragraph, heading and table
    /// cell). A block's `second` matches define what their groups capture,
    /// for the block and every later one; then every `first` match of the
    /// block (the whole match) not defined is reported. A `second` without
    /// a group is a presence check: a block where it matches reports none.
    fn every_undefined_use(
        &self,
        ctx: &Context<'_>,
        found: &[Instance],
        first: &Regex,
        second: &Regex,
        out: &mut Vec<Diagnostic>,
    ) {
        let doc = ctx.doc;
        let units: Vec<Range<usize>> = match self.spec.scope {
            Scope::Text => prose_blocks(doc),
            _ => found.iter().map(|i| i.range.clone()).collect(),
        };
        // The innermost unit that holds an offset (units may nest: list
        // items), or none.
        let unit_of = |offset: usize| {
            let i = units.partition_point(|u| u.start <= offset);
            units[..i].iter().rposition(|u| u.contains(&offset))
        };
        let mut blocks: Vec<(Option<usize>, Vec<&TextRun>)> = Vec::new();
        for run in doc
            .prose
            .iter()
            .filter(|r| self.spec.scope.admits(r) && in_instances(found, r.span.start))
        {
            let unit = unit_of(run.span.start);
            match blocks.last_mut() {
                Some((u, runs)) if unit.is_some() && *u == unit => runs.push(run),
                _ => blocks.push((unit, vec![run])),
            }
        }
        let captures = second.captures_len() > 1;
        let mut defined: HashSet<String> = HashSet::new();
        for (_, runs) in &blocks {
            // The block's text as read: runs joined, a space where the
            // source breaks a line between them.
            let mut text = String::new();
            for (i, run) in runs.iter().enumerate() {
                if i > 0
                    && doc
                        .text
                        .get(runs[i - 1].span.end..run.span.start)
                        .is_some_and(|gap| gap.contains(char::is_whitespace))
                    && !text.ends_with(char::is_whitespace)
                    && !run.text.starts_with(char::is_whitespace)
                {
                    text.push(' ');
                }
                text.push_str(&run.text);
            }
            if captures {
                for c in second.captures_iter(&text) {
                    defined.extend(
                        c.iter()
                            .skip(1)
                            .flatten()
                            .filter(|g| !g.is_empty())
                            .map(|g| g.as_str().to_string()),
                    );
                }
            } else if second.is_match(&text) {
                continue;
            }
            for run in runs {
                for m in first.find_iter(&run.text) {
                    let name = m.as_str();
                    if defined.contains(name) || self.is_exception(name) {
                        continue;
                    }
                    if let Some(span) = run_range(doc, run, m.range()) {
                        out.push(self.diagnostic(span, name, None, None));
                    }
                }
            }
        }
    }

    /// Matches written in the rule's form, or, without patterns, each
    /// instance's text (headings by default) in the rule's case.
    fn capitalization(
        &self,
        ctx: &Context<'_>,
        found: &[Instance],
        matches: &[Match<'_>],
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(case) = &self.spec.case else { return };
        let doc = ctx.doc;
        if !self.spec.phrases.entries().is_empty() || !self.spec.regexes.is_empty() {
            for m in matches {
                if let Case::Form(form) = case
                    && m.text != form
                {
                    let mut d = self.diagnostic(m.span.clone(), m.text, Some(form), None);
                    if self.spec.fix != FixKind::None
                        && doc.text.get(m.span.clone()) == Some(m.text)
                    {
                        d = d.with_fix(if self.spec.fix == FixKind::Safe {
                            Fix::safe(m.span.clone(), form.clone())
                        } else {
                            Fix::unsafe_edit(m.span.clone(), form.clone())
                        });
                    }
                    out.push(d);
                } else if !matches!(case, Case::Form(_))
                    && !in_case(m.text, case, &self.spec.exceptions)
                {
                    out.push(self.diagnostic(m.span.clone(), m.text, None, None));
                }
            }
            return;
        }
        for instance in found {
            // A heading is judged by its text, without `#` or an `{#id}`.
            let range = doc
                .headings
                .iter()
                .find(|h| h.span == instance.range)
                .map_or(instance.range.clone(), |h| h.text_span.clone());
            let Some(text) = doc.text.get(range.clone()) else {
                continue;
            };
            if !in_case(text, case, &self.spec.exceptions) {
                out.push(self.diagnostic(range, text.trim(), None, None));
            }
        }
    }

    /// The same word twice in a row within an instance of the scope.
    fn repetition(&self, ctx: &Context<'_>, found: &[Instance], out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let wanted = |w: &str| {
            self.spec.phrases.entries().is_empty()
                || self
                    .spec
                    .phrases
                    .entries()
                    .iter()
                    .any(|e| e.phrase.eq_ignore_ascii_case(w))
        };
        for run in doc.prose.iter().filter(|r| self.spec.scope.admits(r)) {
            if !in_instances(found, run.span.start) {
                continue;
            }
            let words = doc.words_of(run);
            for pair in words.windows(2) {
                let (a, b) = (&run.text[pair[0].range()], &run.text[pair[1].range()]);
                let between = &run.text[pair[0].range().end..pair[1].start()];
                let same = if self.spec.ignore_case {
                    a.eq_ignore_ascii_case(b)
                } else {
                    a == b
                };
                if !same || !between.chars().all(char::is_whitespace) || !wanted(a) {
                    continue;
                }
                if a.chars().all(|c| c.is_ascii_digit()) || self.is_exception(a) {
                    continue;
                }
                let range = pair[0].range().start..pair[1].range().end;
                let Some(span) = run_range(doc, run, range) else {
                    continue;
                };
                let mut d = self.diagnostic(span.clone(), b, None, None);
                if self.spec.fix != FixKind::None && run.verbatim {
                    let cut = span.start + a.len()..span.end;
                    d = d.with_fix(if self.spec.fix == FixKind::Safe {
                        Fix::safe(cut, "")
                    } else {
                        Fix::unsafe_edit(cut, "")
                    });
                }
                out.push(d);
            }
        }
    }
}

/// The literal phrases of a rule as one expression, for text read as written.
/// Whether `offset` lies in one of `found` (in document order, so by start).
fn in_instances(found: &[Instance], offset: usize) -> bool {
    let i = found.partition_point(|x| x.range.start <= offset);
    found[..i].iter().rev().any(|x| x.range.contains(&offset))
}

fn literal_regex(spec: &RuleSpec) -> Option<Regex> {
    let parts: Vec<String> = spec
        .phrases
        .entries()
        .iter()
        .map(|e| {
            let phrase = e.phrase.trim();
            let (body, prefix) = match phrase.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (phrase, false),
            };
            let words: Vec<String> = body.split_whitespace().map(regex::escape).collect();
            format!(
                r"\b{}{}",
                words.join(r"\s+"),
                if prefix { r"\w*" } else { r"\b" }
            )
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    regex::RegexBuilder::new(&parts.join("|"))
        .case_insensitive(spec.ignore_case)
        .build()
        .ok()
}

/// A heading without an explicit `{#id}` takes its anchor from its text: a
/// fix there breaks the links to it, so a person should look.
fn renames_anchor(doc: &Document, offset: usize) -> bool {
    doc.headings
        .iter()
        .find(|h| h.span.contains(&offset))
        .is_some_and(|h| {
            !doc.text
                .get(h.span.clone())
                .is_some_and(|s| s.contains("{#"))
        })
}

/// `suggestion` written with the capitalisation of `written`: all capitals,
/// a leading capital, or as the suggestion is written (a suggestion with
/// capitals of its own, `GitLab`, keeps them).
pub fn keep_case(written: &str, suggestion: &str) -> String {
    let mut letters = written.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    let rest_upper = written.chars().filter(|c| c.is_alphabetic()).count() > 1
        && letters.all(char::is_uppercase);
    let own_capitals = suggestion.chars().any(char::is_uppercase);
    if first_upper && rest_upper {
        suggestion.to_uppercase()
    } else if own_capitals {
        suggestion.to_string()
    } else if first_upper {
        let mut chars = suggestion.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    } else {
        suggestion.to_string()
    }
}

/// Small words a title leaves in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "per", "the",
    "to", "vs", "via", "with",
];

/// Whether `text` is written in `case`. Words in all capitals (acronyms),
/// words with inner capitals (`GitLab`), numbers and the exceptions are
/// taken as they are.
fn in_case(text: &str, case: &Case, exceptions: &[String]) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let fixed = |w: &str| {
        exceptions.iter().any(|e| e == w)
            || !w.chars().next().is_some_and(char::is_alphabetic)
            || w.chars().skip(1).any(char::is_uppercase)
    };
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    match case {
        Case::Lower => text.chars().all(|c| !c.is_uppercase()),
        Case::Upper => text.chars().all(|c| !c.is_lowercase()),
        Case::Form(form) => text == form,
        Case::Sentence => words.iter().enumerate().all(|(i, w)| {
            fixed(w)
                || if i == 0 {
                    capitalised(w)
                } else {
                    !capitalised(w) || exceptions.iter().any(|e| e == w)
                }
        }),
        Case::Title => words.iter().enumerate().all(|(i, w)| {
            fixed(w)
                || capitalised(w)
                || (i > 0 && SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_kept() {
        assert_eq!(keep_case("Fulfilment", "fulfillment"), "Fulfillment");
        assert_eq!(keep_case("CENTRE", "center"), "CENTER");
        assert_eq!(
            keep_case("gitlabber", "GitLab team member"),
            "GitLab team member"
        );
        assert_eq!(keep_case("Setup", "set up"), "Set up");
    }

    #[test]
    fn cases() {
        let none: &[String] = &[];
        assert!(in_case("Working with GitLab and CI", &Case::Sentence, none));
        assert!(!in_case("Working With Teams", &Case::Sentence, none));
        assert!(in_case("Working with the Teams", &Case::Title, none));
        assert!(!in_case("Working with teams", &Case::Title, none));
        assert!(in_case(
            "Working with Kubernetes",
            &Case::Sentence,
            &["Kubernetes".to_string()]
        ));
    }
}
