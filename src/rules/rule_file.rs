//! Rule files: declarative rules in YAML, the format of jflint's own phrase
//! rules (`rules/*.yaml`, embedded at build time) and of the rule files a
//! configuration names (`custom-rules:`). A file holds one rule, or several
//! under `rules:` with the `namespace` they share.
//!
//! Loading is all or nothing: a file that does not parse, an unknown kind or
//! key, a bad regular expression, a duplicate id or a scope that does not
//! exist is an error naming the file, the line and the key, and no rule of
//! the run is loaded. Regular expressions are compiled by the `regex` crate,
//! whose matching time is linear in the text: no pattern can take
//! exponential time.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::language::phrases::{Entry, PhraseEngine, PhraseList};
use crate::rules::diagnostic::Severity;
use crate::rules::registry::RuleCode;
use crate::rules::rule_id::{CustomId, RuleId, is_custom_id};
use crate::rules::scope::{LevelFilter, PageFilter, Scope};

/// The built-in rule files, embedded at build time: (file name, text).
pub const BUILTIN_RULE_FILES: &[(&str, &str)] = &[
    (
        "vacancy-language.yaml",
        include_str!("../../rules/vacancy-language.yaml"),
    ),
    (
        "exclusionary-term.yaml",
        include_str!("../../rules/exclusionary-term.yaml"),
    ),
    (
        "fixed-mindset-language.yaml",
        include_str!("../../rules/fixed-mindset-language.yaml"),
    ),
    (
        "gendered-pronoun.yaml",
        include_str!("../../rules/gendered-pronoun.yaml"),
    ),
    (
        "gender-coded-language.yaml",
        include_str!("../../rules/gender-coded-language.yaml"),
    ),
    (
        "british-spelling.yaml",
        include_str!("../../rules/british-spelling.yaml"),
    ),
    (
        "location-requirement.yaml",
        include_str!("../../rules/location-requirement.yaml"),
    ),
    (
        "years-of-experience.yaml",
        include_str!("../../rules/years-of-experience.yaml"),
    ),
    (
        "template-placeholder.yaml",
        include_str!("../../rules/template-placeholder.yaml"),
    ),
    ("real-word.yaml", include_str!("../../rules/real-word.yaml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Existence,
    Substitution,
    Occurrence,
    Required,
    Conditional,
    Capitalization,
    Repetition,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Existence => "existence",
            Kind::Substitution => "substitution",
            Kind::Occurrence => "occurrence",
            Kind::Required => "required",
            Kind::Conditional => "conditional",
            Kind::Capitalization => "capitalization",
            Kind::Repetition => "repetition",
        }
    }
}

/// Whether a substitution's fix is applied by `--fix` or only with `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixKind {
    Safe,
    Unsafe,
    None,
}

/// What `capitalization` asks of its scope's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Case {
    Sentence,
    Title,
    Lower,
    Upper,
    /// Every match written exactly so (`GitLab`).
    Form(String),
}

/// One rule as a file gives it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleFile {
    namespace: Option<String>,
    id: String,
    /// The entry adds to the built-in rule `id` names (see `extend`).
    #[serde(default)]
    extends: bool,
    /// The entry replaces the lists of the built-in rule `id` names.
    #[serde(default)]
    replace: bool,
    kind: Option<Kind>,
    message: Option<String>,
    help: Option<String>,
    severity: Option<String>,
    link: Option<String>,
    description: Option<String>,
    #[serde(default)]
    tokens: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    swap: serde_yaml::Mapping,
    #[serde(default)]
    exceptions: Vec<String>,
    ignore_case: Option<bool>,
    fix: Option<FixKind>,
    keep_case: Option<bool>,
    min: Option<usize>,
    max: Option<usize>,
    /// `occurrence`: what is counted, `matches` (the default) or `items`
    /// (the list items of each instance of the scope).
    count: Option<String>,
    first: Option<String>,
    second: Option<String>,
    #[serde(rename = "match")]
    case: Option<String>,
    scope: Option<serde_yaml::Value>,
    #[serde(default)]
    pages: Vec<String>,
    job_families: Option<bool>,
    levels: Option<LevelFilterFile>,
    /// Further word lists, read by a built-in rule's own code.
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LevelFilterFile {
    grades: Option<serde_yaml::Value>,
    track: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ManyRules {
    namespace: Option<String>,
    rules: Vec<serde_yaml::Value>,
}

/// How a `conditional` rule reports the `first` matches no `second` match
/// defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// Once per instance of the scope, at the first use; a definition
    /// anywhere in the instance counts (jflint's rule files).
    FirstUse,
    /// Every use, as Vale reports them: the rule reads the page block by
    /// block (each instance of the scope; for `text`, each paragraph,
    /// heading and table cell) in order, and a definition counts in its
    /// block and every later one.
    EveryUse,
}

/// A loaded, validated rule.
#[derive(Debug, Clone)]
pub struct RuleSpec {
    pub id: RuleId,
    pub kind: Kind,
    pub message: String,
    pub help: Option<String>,
    pub severity: Severity,
    pub link: Option<String>,
    pub description: Option<String>,
    /// The file it comes from (`rules/NAME.yaml` for the built-ins, or the
    /// configuration's file that replaces one).
    pub file: PathBuf,
    /// What the configuration's files did to a built-in rule, in order.
    pub changes: Vec<Change>,
    /// Literal phrases (and `swap` keys): matched by the phrase engine.
    pub phrases: PhraseList,
    /// Regular expressions (`patterns`, and tokens the engine cannot take).
    pub regexes: Vec<(Regex, Option<String>)>,
    pub exceptions: Vec<String>,
    /// Exceptions that are expressions matched against a whole match (Vale's).
    pub exception_patterns: Vec<Regex>,
    pub ignore_case: bool,
    pub fix: FixKind,
    pub keep_case: bool,
    pub min: Option<usize>,
    pub max: Option<usize>,
    /// `occurrence` counts list items rather than matches.
    pub count_items: bool,
    pub first: Option<Regex>,
    pub second: Option<Regex>,
    pub undefined: Undefined,
    pub case: Option<Case>,
    pub scope: Scope,
    pub pages: PageFilter,
    pub levels: LevelFilter,
}

impl RuleSpec {
    /// The message with its placeholders filled: `%s` (the match, then the
    /// suggestion), `{match}`, `{suggestion}`, `{count}`, `{min}`, `{max}`.
    pub fn render(&self, template: &str, values: &Values<'_>) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut positional = [values.matched, values.suggestion.unwrap_or("")].into_iter();
        let mut rest = template;
        while let Some(i) = rest.find(['%', '{']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            let (value, len): (Option<String>, usize) = if tail.starts_with("%s") {
                (Some(positional.next().unwrap_or("").to_string()), 2)
            } else if let Some(name) = tail
                .strip_prefix('{')
                .and_then(|t| t.split_once('}'))
                .map(|(n, _)| n)
            {
                let value = match name {
                    "match" => Some(values.matched.to_string()),
                    "suggestion" => Some(values.suggestion.unwrap_or("").to_string()),
                    "count" => values.count.map(|c| c.to_string()),
                    "min" => self.min.map(|c| c.to_string()),
                    "max" => self.max.map(|c| c.to_string()),
                    _ => None,
                };
                (value, name.len() + 2)
            } else {
                (None, 1)
            };
            match value {
                Some(v) => out.push_str(&v),
                None => out.push_str(&tail[..len]),
            }
            rest = &tail[len..];
        }
        out.push_str(rest);
        out
    }

    pub fn message_for(&self, values: &Values<'_>) -> String {
        self.render(&self.message, values)
    }

    pub fn help_for(&self, values: &Values<'_>) -> Option<String> {
        self.help.as_deref().map(|h| self.render(h, values))
    }
}

/// What a message fills in: Vale's `%s` and jflint's `{name}`.
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"%s|\{[a-z]+\}").expect("valid regex"));

impl RuleSpec {
    /// The first sentence of the description, or the message with `…` for
    /// what it fills in (`%s`, `{match}`, `{count}`).
    pub fn summary(&self) -> String {
        let text = match &self.description {
            Some(description) => description.clone(),
            None => PLACEHOLDER.replace_all(&self.message, "…").into_owned(),
        };
        let para = text.split("\n\n").next().unwrap_or("").replace('\n', " ");
        let end = para.find(". ").map_or(para.len(), |i| i + 1);
        para[..end].trim().to_string()
    }

    /// What `jflint explain ID` prints: the id, the default severity, the
    /// file, where the rule looks, its description and link.
    pub fn explanation(&self) -> String {
        let severity = self.severity.as_str();
        let mut out = format!(
            "# {}

{}{} by default; a `{}` rule from `{}`; runs on {}, in scope `{}`.\n",
            self.id,
            severity[..1].to_uppercase(),
            &severity[1..],
            self.kind.as_str(),
            self.file.display(),
            if self.pages.job_families_only() {
                "job-family pages"
            } else {
                "every page"
            },
            self.scope.name(),
        );
        if let Some(description) = &self.description {
            out.push('\n');
            out.push_str(description.trim_end());
            out.push('\n');
        }
        if let Some(link) = &self.link {
            out.push_str(&format!("\nMore: <{link}>\n"));
        }
        out
    }

    pub fn doc(&self) -> RuleDoc {
        RuleDoc {
            id: self.id,
            severity: self.severity,
            summary: self.summary(),
            documentation: self.explanation(),
            link: self.link.clone(),
        }
    }
}

/// What reports say about a rule from a file (SARIF rule metadata).
#[derive(Debug, Clone)]
pub struct RuleDoc {
    pub id: RuleId,
    pub severity: Severity,
    pub summary: String,
    pub documentation: String,
    pub link: Option<String>,
}

/// What a message's placeholders stand for.
#[derive(Debug, Default, Clone, Copy)]
pub struct Values<'a> {
    pub matched: &'a str,
    pub suggestion: Option<&'a str>,
    pub count: Option<usize>,
}

/// A rule file that cannot be loaded: the file, the line (when known), the
/// key, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFileError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every rule a run loads from files: the built-ins first, then the
/// configuration's, in the order of their files.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<RuleSpec>,
    /// Warnings found while loading (a pattern that matches almost any word).
    pub warnings: Vec<String>,
    /// The built-in rules' definitions as the run's files left them: what
    /// the next file that extends one adds to.
    definitions: BTreeMap<RuleCode, RuleFile>,
}

/// The rule files jflint ships, parsed once per process. They come first in
/// every run's rule set, so a built-in rule's slot is the same in all runs.
static BUILTIN: LazyLock<RuleSet> = LazyLock::new(|| {
    let mut set = RuleSet::default();
    for (name, text) in BUILTIN_RULE_FILES {
        let path = Path::new("rules").join(name);
        // The embedded files are checked by the tests below.
        let Ok((namespace, items)) = read_items(&path, text) else {
            continue;
        };
        for rule in items {
            if let Ok(spec) = build(&path, text, namespace.as_deref(), rule.clone(), true)
                && let RuleId::Builtin(code) = spec.id
            {
                set.definitions.insert(code, rule);
                set.rules.push(spec);
            }
        }
    }
    set
});

/// The slot of each built-in rule file's rule, by the rule's place in the table.
static BUILTIN_SLOTS: LazyLock<Vec<Option<usize>>> = LazyLock::new(|| {
    let mut slots = vec![None; RuleCode::ALL.len()];
    for (slot, spec) in BUILTIN.rules.iter().enumerate() {
        if let RuleId::Builtin(code) = spec.id {
            slots[code as usize] = Some(slot);
        }
    }
    slots
});

impl RuleSet {
    /// The rule files jflint ships.
    pub fn builtin() -> RuleSet {
        BUILTIN.clone()
    }

    /// The built-in rule `code`'s file as jflint ships it, and its slot, in
    /// every run.
    pub fn builtin_spec(code: RuleCode) -> Option<(usize, &'static RuleSpec)> {
        BUILTIN.builtin_rule(code)
    }

    /// Adds the rules of `text` (the file at `path`), and applies its
    /// changes to built-in rules; on any error nothing of the file is added.
    pub fn add_file(&mut self, path: &Path, text: &str) -> Result<(), RuleFileError> {
        let (namespace, items) = read_items(path, text)?;
        let mut next = self.clone();
        let mut added: Vec<RuleSpec> = Vec::new();
        let mut changed: Vec<String> = Vec::new();
        for rule in items {
            if rule.extends || rule.replace {
                if changed.contains(&rule.id) {
                    return Err(RuleFileError {
                        file: path.to_path_buf(),
                        line: line_of(text, &format!("id: {}", rule.id)),
                        key: Some("id".to_string()),
                        message: format!("duplicate rule id `{}`", rule.id),
                    });
                }
                changed.push(rule.id.clone());
                next.change_builtin(path, text, rule)?;
                continue;
            }
            let spec = build(path, text, namespace.as_deref(), rule, false)?;
            let other = next
                .rules
                .iter()
                .chain(&added)
                .find(|r| r.id == spec.id)
                .map(|r| r.file.clone());
            if let Some(other) = other {
                let also = if other == path {
                    String::new()
                } else {
                    format!(" (also in {})", other.display())
                };
                return Err(RuleFileError {
                    file: path.to_path_buf(),
                    line: line_of(text, &format!("id: {}", short_id(spec.id))),
                    key: Some("id".to_string()),
                    message: format!("duplicate rule id `{}`{also}", spec.id),
                });
            }
            if let Some(warning) = broad_pattern(&spec) {
                next.warnings
                    .push(format!("{}: rule `{}`: {warning}", path.display(), spec.id));
            }
            added.push(spec);
        }
        next.rules.extend(added);
        *self = next;
        Ok(())
    }

    /// What `jflint explain ID` prints: a built-in rule's documentation
    /// (with what the configuration's files changed of it), or a rule
    /// file's explanation.
    pub fn explanation(&self, id: RuleId) -> Option<String> {
        match id {
            RuleId::Builtin(code) => {
                let mut text = code.explanation();
                if let Some((_, spec)) = self.builtin_rule(code)
                    && !spec.changes.is_empty()
                {
                    text.push_str("\n## In this configuration\n\n");
                    for change in &spec.changes {
                        text.push_str(&change.describe());
                        text.push('\n');
                    }
                    text.push_str(&format!(
                        "\n{} by default in this configuration.\n",
                        capitalised(spec.severity.as_str())
                    ));
                }
                Some(text)
            }
            RuleId::Custom(_) => Some(self.get(id)?.1.explanation()),
        }
    }

    /// Where a rule's data comes from, for `jflint rules`: its file, the
    /// files that extend it, the built-in file one replaces.
    pub fn origin(&self, id: RuleId) -> Option<String> {
        let (_, spec) = self.get(id)?;
        let mut out = spec.file.display().to_string();
        if let RuleId::Builtin(code) = id
            && spec.changes.iter().any(|c| c.replace)
            && let Some((_, shipped)) = RuleSet::builtin_spec(code)
        {
            out.push_str(&format!(", replacing {}", shipped.file.display()));
        }
        let extensions: Vec<String> = spec
            .changes
            .iter()
            .filter(|c| !c.replace)
            .map(|c| c.file.display().to_string())
            .collect();
        if !extensions.is_empty() {
            out.push_str(&format!(", extended by {}", extensions.join(", ")));
        }
        Some(out)
    }

    /// Every rule ready to run; slot `i` is rule `i`.
    pub fn file_rules(&self) -> Vec<crate::rules::file_rule::FileRule> {
        self.rules
            .iter()
            .enumerate()
            .map(|(slot, spec)| crate::rules::file_rule::FileRule::new(spec.clone(), slot))
            .collect()
    }

    /// One automaton for the literal phrases of every rule; slot `i` is rule `i`.
    pub fn phrase_engine(&self) -> PhraseEngine {
        let lists: Vec<&PhraseList> = self.rules.iter().map(|r| &r.phrases).collect();
        PhraseEngine::new(&lists)
    }

    pub fn get(&self, id: RuleId) -> Option<(usize, &RuleSpec)> {
        match id {
            RuleId::Builtin(code) => self.builtin_rule(code),
            RuleId::Custom(_) => self.rules.iter().enumerate().find(|(_, r)| r.id == id),
        }
    }

    /// The built-in rule `code`'s file, as the run's files left it. Every
    /// phrase rule has one (tested).
    /// A built-in rule's severity: its rule file's, which a file of the
    /// configuration that extends it may change, else the rule's default.
    pub fn severity(&self, code: RuleCode) -> Severity {
        self.builtin_rule(code)
            .map_or(code.default_severity(), |(_, spec)| spec.severity)
    }

    pub fn builtin_rule(&self, code: RuleCode) -> Option<(usize, &RuleSpec)> {
        let slot = BUILTIN_SLOTS.get(code as usize).copied().flatten()?;
        let spec = self.rules.get(slot)?;
        (spec.id == RuleId::Builtin(code)).then_some((slot, spec))
    }

    /// The rules from the configuration's files.
    pub fn custom(&self) -> impl Iterator<Item = (usize, &RuleSpec)> {
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.id, RuleId::Custom(_)))
    }
}

/// The part of an id a file writes (`misused-terms` of `team/misused-terms`).
fn short_id(id: RuleId) -> &'static str {
    let name = id.name();
    name.rsplit('/').next().unwrap_or(name)
}

/// A regular expression that matches the empty string or almost any word.
fn broad_pattern(rule: &RuleSpec) -> Option<String> {
    const PROBES: &[&str] = &["the", "a", "and", "team", "x", "Engineer", "7"];
    for (re, _) in &rule.regexes {
        let hits = PROBES.iter().filter(|p| re.is_match(p)).count();
        if re.is_match("") || hits >= PROBES.len() - 1 {
            return Some(format!(
                "pattern `{}` matches almost every word; the rule will report everywhere",
                re.as_str()
            ));
        }
    }
    None
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// Parses one embedded file into rules, refusing what the loader of the
/// built-in rules would silently skip: the tests hold the embedded files to it.
#[cfg(test)]
fn parse_builtin_file(path: &Path, text: &str) -> Result<Vec<RuleSpec>, RuleFileError> {
    let (namespace, items) = read_items(path, text)?;
    let mut out: Vec<RuleSpec> = Vec::new();
    for rule in items {
        let spec = build(path, text, namespace.as_deref(), rule, true)?;
        if out.iter().any(|r| r.id == spec.id) {
            return Err(RuleFileError {
                file: path.to_path_buf(),
                line: line_of(text, &format!("id: {}", short_id(spec.id))),
                key: Some("id".to_string()),
                message: format!("duplicate rule id `{}`", spec.id),
            });
        }
        out.push(spec);
    }
    Ok(out)
}

/// The entries of one file, and the namespace it gives them.
fn read_items(path: &Path, text: &str) -> Result<(Option<String>, Vec<RuleFile>), RuleFileError> {
    let err = |line: Option<usize>, key: Option<&str>, message: String| RuleFileError {
        file: path.to_path_buf(),
        line,
        key: key.map(str::to_string),
        message,
    };
    let yaml_err = |e: serde_yaml::Error| {
        let line = e.location().map(|l| l.line());
        err(line, None, e.to_string())
    };
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(yaml_err)?;
    let many = value
        .as_mapping()
        .is_some_and(|m| m.contains_key(serde_yaml::Value::from("rules")));
    let (namespace, items) = if many {
        let file: ManyRules =
            serde_yaml::from_value(value).map_err(|e| err(None, None, e.to_string()))?;
        (file.namespace, file.rules)
    } else {
        (None, vec![value])
    };
    let mut out = Vec::new();
    for item in items {
        let rule: RuleFile = serde_yaml::from_value(item).map_err(|e| {
            // serde names the key; find where the file writes it.
            let message = e.to_string();
            let key = message.split('`').nth(1).map(str::to_string);
            let line = key.as_deref().and_then(|k| line_of(text, &format!("{k}:")));
            err(line, key.as_deref(), message)
        })?;
        out.push(rule);
    }
    Ok((namespace, out))
}

mod build;
mod extend;

use build::build;
pub use extend::Change;

#[cfg(test)]
mod tests;
