//! A configuration's rule file that changes one of jflint's own rule files:
//! a rule whose `id` is a built-in rule's name, with `extends: true` (its
//! entries join the built-in's, which keeps everything the file does not
//! set) or `replace: true` (its entries take the place of the built-in's
//! lists; the texts and settings it does not set are kept). The id stays the
//! built-in one, so rule levels, `--select`, suppressions and baselines name
//! the rule as before.

use super::*;

/// How much of its rule file a built-in rule's own code reads: what a file
/// that extends or replaces it may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reads {
    /// Run by the rule-file engine as it is: every key counts.
    Everything,
    /// Its code reads the words and phrases and the regular expressions.
    Patterns,
    /// Its code reads only the words and phrases the automaton finds.
    Phrases,
}

fn reads(code: RuleCode) -> Reads {
    match code {
        RuleCode::ExclusionaryTerm | RuleCode::FixedMindsetLanguage => Reads::Everything,
        RuleCode::LocationRequirement
        | RuleCode::YearsOfExperience
        | RuleCode::TemplatePlaceholder => Reads::Patterns,
        _ => Reads::Phrases,
    }
}

/// Keys any change may set: the texts, the severity and the exceptions.
const TEXT_KEYS: &[&str] = &[
    "message",
    "help",
    "severity",
    "link",
    "description",
    "exceptions",
    "ignore-case",
];

/// What one file of the configuration did to a built-in rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub file: PathBuf,
    /// It replaced the built-in's lists rather than adding to them.
    pub replace: bool,
    /// Words, phrases, `swap` entries and expressions it gives.
    pub entries: usize,
    pub exceptions: usize,
    /// The texts and settings it sets (`severity`, `message`, …).
    pub settings: Vec<&'static str>,
}

impl Change {
    /// One line for `jflint explain`.
    pub fn describe(&self) -> String {
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut out = if self.replace {
            format!(
                "`{}` replaces its data: {}, {}",
                self.file.display(),
                count(self.entries, "entry", "entries"),
                count(self.exceptions, "exception", "exceptions")
            )
        } else {
            format!(
                "`{}` extends it: {}, {}",
                self.file.display(),
                count(self.entries, "more entry", "more entries"),
                count(self.exceptions, "more exception", "more exceptions")
            )
        };
        if !self.settings.is_empty() {
            let keys: Vec<String> = self.settings.iter().map(|k| format!("`{k}`")).collect();
            out.push_str(&format!("; it sets {}", keys.join(", ")));
        }
        out.push('.');
        out
    }
}

/// The keys `rule` sets, besides `id`, `kind`, `namespace`, `extends` and
/// `replace`.
fn keys_set(rule: &RuleFile) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut key = |set: bool, name: &'static str| {
        if set {
            keys.push(name);
        }
    };
    key(rule.message.is_some(), "message");
    key(rule.help.is_some(), "help");
    key(rule.severity.is_some(), "severity");
    key(rule.link.is_some(), "link");
    key(rule.description.is_some(), "description");
    key(!rule.tokens.is_empty(), "tokens");
    key(!rule.patterns.is_empty(), "patterns");
    key(!rule.swap.is_empty(), "swap");
    key(!rule.exceptions.is_empty(), "exceptions");
    key(rule.ignore_case.is_some(), "ignore-case");
    key(rule.fix.is_some(), "fix");
    key(rule.keep_case.is_some(), "keep-case");
    key(rule.min.is_some(), "min");
    key(rule.max.is_some(), "max");
    key(rule.count.is_some(), "count");
    key(rule.first.is_some(), "first");
    key(rule.second.is_some(), "second");
    key(rule.case.is_some(), "match");
    key(rule.scope.is_some(), "scope");
    key(!rule.pages.is_empty(), "pages");
    key(rule.job_families.is_some(), "job-families");
    key(rule.levels.is_some(), "levels");
    key(!rule.lists.is_empty(), "lists");
    keys
}

/// The names of the built-in rules written as rule files.
fn file_rule_names() -> String {
    let names: Vec<&str> = BUILTIN_RULE_FILES
        .iter()
        .map(|(name, _)| name.trim_end_matches(".yaml"))
        .collect();
    names.join(", ")
}

impl RuleSet {
    /// Applies `rule`, an entry of the file at `path` with `extends` or
    /// `replace`, to the built-in rule it names.
    pub(super) fn change_builtin(
        &mut self,
        path: &Path,
        text: &str,
        rule: RuleFile,
    ) -> Result<(), RuleFileError> {
        let err = |key: &str, message: String| RuleFileError {
            file: path.to_path_buf(),
            line: line_of(text, &format!("{key}:")),
            key: Some(key.to_string()),
            message,
        };
        if rule.extends && rule.replace {
            return Err(err(
                "replace",
                "a rule extends a built-in rule or replaces it, not both".to_string(),
            ));
        }
        let code: RuleCode = rule.id.parse().map_err(|_| {
            err(
                "id",
                format!(
                    "`{}` is not one of jflint's rules (`jflint rules` lists them): \
                     `extends` and `replace` name the built-in rule they change",
                    rule.id
                ),
            )
        })?;
        let Some((slot, current)) = self.builtin_rule(code) else {
            return Err(err(
                "id",
                format!(
                    "`{code}` is written in Rust, not a rule file: only {} can be extended \
                     or replaced; set its level under `rules:` in `.jflint.yaml`",
                    file_rule_names()
                ),
            ));
        };
        let Some(definition) = self.definitions.get(&code) else {
            return Err(err("id", format!("`{code}` has no rule file to change")));
        };
        if let Some(kind) = rule.kind
            && kind != current.kind
        {
            return Err(err(
                "kind",
                format!(
                    "`{code}` is a `{}` rule: a file that extends or replaces it cannot make \
                     it `{}`",
                    current.kind.as_str(),
                    kind.as_str()
                ),
            ));
        }
        if let Some(earlier) = current.changes.iter().find(|c| c.replace) {
            if rule.replace {
                return Err(err(
                    "replace",
                    format!("`{code}` is already replaced by {}", earlier.file.display()),
                ));
            }
        } else if rule.replace
            && let Some(earlier) = current.changes.first()
        {
            return Err(err(
                "replace",
                format!(
                    "`{code}` is already extended by {}; replacing it would drop that",
                    earlier.file.display()
                ),
            ));
        }

        let keys = keys_set(&rule);
        let kind = current.kind;
        let reads = reads(code);
        let list_key = |key: &str| match key {
            "tokens" => kind == Kind::Existence,
            "swap" => kind == Kind::Substitution,
            "lists" => !definition.lists.is_empty(),
            "patterns" => reads != Reads::Phrases,
            _ => false,
        };
        for &key in &keys {
            if reads != Reads::Everything && !TEXT_KEYS.contains(&key) && !list_key(key) {
                let allowed: Vec<String> = ["tokens", "swap", "lists", "patterns"]
                    .into_iter()
                    .filter(|k| list_key(k))
                    .chain(TEXT_KEYS.iter().copied())
                    .map(|k| format!("`{k}`"))
                    .collect();
                return Err(err(
                    key,
                    format!(
                        "the code of `{code}` does not read `{key}`; a file that extends or \
                         replaces it may set {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        for name in rule.lists.keys() {
            if !definition.lists.contains_key(name) {
                let known: Vec<&str> = definition.lists.keys().map(String::as_str).collect();
                return Err(err(
                    "lists",
                    format!(
                        "`{code}` has no list `{name}`{}",
                        if known.is_empty() {
                            String::new()
                        } else {
                            format!("; its lists: {}", known.join(", "))
                        }
                    ),
                ));
            }
        }
        if reads == Reads::Phrases {
            let added = rule
                .tokens
                .iter()
                .chain(rule.lists.values().flatten())
                .map(String::as_str)
                .chain(rule.swap.keys().filter_map(|k| k.as_str()));
            for phrase in added {
                if !PhraseList::is_literal(phrase) {
                    return Err(err(
                        if rule.swap.is_empty() {
                            "tokens"
                        } else {
                            "swap"
                        },
                        format!(
                            "`{code}` reads the words and phrases of one automaton: `{phrase}` \
                             must start with a letter or digit and use ASCII letters"
                        ),
                    ));
                }
            }
        }

        let change = Change {
            file: path.to_path_buf(),
            replace: rule.replace,
            entries: rule.tokens.len()
                + rule.patterns.len()
                + rule.swap.len()
                + rule.lists.values().map(Vec::len).sum::<usize>(),
            exceptions: rule.exceptions.len(),
            settings: keys
                .iter()
                .copied()
                .filter(|k| !matches!(*k, "tokens" | "patterns" | "swap" | "lists" | "exceptions"))
                .collect(),
        };
        let merged = merge(definition.clone(), rule);
        let mut spec = build(path, text, None, merged.clone(), true)?;
        spec.file = if change.replace {
            path.to_path_buf()
        } else {
            current.file.clone()
        };
        spec.changes = current.changes.clone();
        spec.changes.push(change);
        if let Some(warning) = broad_pattern(&spec) {
            self.warnings
                .push(format!("{}: rule `{code}`: {warning}", path.display()));
        }
        self.rules[slot] = spec;
        self.definitions.insert(code, merged);
        Ok(())
    }
}

/// The built-in's definition with `rule` applied: an extension adds its
/// entries to the built-in's lists, a replacement's entries take their
/// place; the texts and settings `rule` sets win either way.
fn merge(mut base: RuleFile, rule: RuleFile) -> RuleFile {
    if rule.replace {
        base.tokens.clear();
        base.patterns.clear();
        base.swap.clear();
        base.exceptions.clear();
        // The lists keep their names (and so their places), emptied.
        for words in base.lists.values_mut() {
            words.clear();
        }
    }
    base.tokens.extend(rule.tokens);
    base.patterns.extend(rule.patterns);
    base.exceptions.extend(rule.exceptions);
    for (wrong, right) in rule.swap {
        base.swap.insert(wrong, right);
    }
    for (name, words) in rule.lists {
        base.lists.entry(name).or_default().extend(words);
    }
    macro_rules! set {
        ($($field:ident),*) => { $( if rule.$field.is_some() { base.$field = rule.$field; } )* };
    }
    set!(
        message,
        help,
        severity,
        link,
        description,
        ignore_case,
        fix,
        keep_case,
        min,
        max,
        count,
        first,
        second,
        case,
        scope,
        job_families,
        levels
    );
    if !rule.pages.is_empty() {
        base.pages = rule.pages;
    }
    base
}
