//! One entry of a rule file, validated and compiled into a `RuleSpec`.

use super::*;

/// Builds the rule an entry of the file at `path` gives. `builtin`: an
/// entry of jflint's own files (or one a configuration's file extends),
/// whose id is a built-in rule's name.
pub(super) fn build(
    path: &Path,
    text: &str,
    namespace: Option<&str>,
    rule: RuleFile,
    builtin: bool,
) -> Result<RuleSpec, RuleFileError> {
    let at = |key: &str| line_of(text, &format!("{key}:"));
    let err = |key: &str, message: String| RuleFileError {
        file: path.to_path_buf(),
        line: at(key),
        key: Some(key.to_string()),
        message,
    };
    let namespace = rule.namespace.as_deref().or(namespace);
    let (Some(kind), Some(message)) = (rule.kind, rule.message.clone()) else {
        let key = if rule.kind.is_none() {
            "kind"
        } else {
            "message"
        };
        return Err(err(key, format!("missing field `{key}`")));
    };
    let id = if builtin {
        let code: RuleCode = rule.id.parse().map_err(|e| err("id", format!("{e}")))?;
        RuleId::Builtin(code)
    } else {
        let full = match namespace {
            Some(ns) if !rule.id.contains('/') => format!("{ns}/{}", rule.id),
            _ => rule.id.clone(),
        };
        if namespace.is_none() && full.parse::<RuleCode>().is_ok() {
            return Err(err(
                "id",
                format!(
                    "`{full}` is one of jflint's rules: add `extends: true` to add to its \
                     lists, or `replace: true` to replace them"
                ),
            ));
        }
        if !is_custom_id(&full) {
            return Err(err(
                "id",
                format!(
                    "`{full}` is not a rule id: write `namespace/name` in kebab-case \
                     (`team/misused-terms`), or give the file a `namespace`"
                ),
            ));
        }
        RuleId::Custom(CustomId::intern(&full))
    };
    if !builtin && !rule.lists.is_empty() {
        return Err(err(
            "lists",
            "only jflint's own rules read extra lists; use `tokens`".to_string(),
        ));
    }
    let severity = match rule.severity.as_deref() {
        None => Severity::Warning,
        Some(s) => Severity::parse(s).ok_or_else(|| {
            err(
                "severity",
                format!("`{s}` is not one of error, warning, info"),
            )
        })?,
    };
    // Words and phrases ignore case unless told otherwise; a regular
    // expression means its character classes (`[A-Z]`), as in Vale.
    let ignore_case = rule.ignore_case.unwrap_or(true);
    let regex_ignore_case = rule.ignore_case.unwrap_or(false);
    let regex = |key: &str, pattern: &str| {
        RegexBuilder::new(pattern)
            .case_insensitive(regex_ignore_case)
            .size_limit(1 << 22)
            .build()
            .map_err(|e| err(key, format!("bad regular expression `{pattern}`: {e}")))
    };

    let mut entries = Vec::new();
    let mut regexes = Vec::new();
    let mut add =
        |phrase: &str, suggestion: Option<String>, list: u16| -> Result<(), RuleFileError> {
            if phrase.trim().is_empty() {
                return Err(err("tokens", "an empty token matches nothing".to_string()));
            }
            if PhraseList::is_literal(phrase) {
                entries.push(Entry {
                    phrase: phrase.to_string(),
                    suggestion,
                    list,
                    case_sensitive: !ignore_case,
                });
            } else {
                // Literal text the automaton cannot take (it starts with a symbol,
                // or has letters beyond ASCII): an escaped expression at word
                // boundaries where the text has word characters.
                let escaped = regex::escape(phrase.trim().trim_end_matches('*'));
                let starts = phrase.trim().starts_with(|c: char| c.is_alphanumeric());
                let ends = phrase.trim().ends_with(|c: char| c.is_alphanumeric());
                let pattern = format!(
                    "{}{escaped}{}",
                    if starts { r"\b" } else { "" },
                    if phrase.trim().ends_with('*') {
                        r"\w*"
                    } else if ends {
                        r"\b"
                    } else {
                        ""
                    }
                );
                let compiled = RegexBuilder::new(&pattern)
                    .case_insensitive(ignore_case)
                    .build()
                    .map_err(|e| err("tokens", format!("bad token `{phrase}`: {e}")))?;
                regexes.push((compiled, suggestion));
            }
            Ok(())
        };
    for token in &rule.tokens {
        add(token, None, 0)?;
    }
    for (i, (_, words)) in rule.lists.iter().enumerate() {
        for word in words {
            add(word, None, (i + 1) as u16)?;
        }
    }
    for (wrong, right) in &rule.swap {
        let (Some(wrong), Some(right)) = (wrong.as_str(), right.as_str()) else {
            return Err(err(
                "swap",
                "each entry maps a text to its replacement".to_string(),
            ));
        };
        add(wrong, Some(right.to_string()), 0)?;
    }
    for pattern in &rule.patterns {
        regexes.push((regex("patterns", pattern)?, None));
    }
    let first = rule
        .first
        .as_deref()
        .map(|p| regex("first", p))
        .transpose()?;
    let second = rule
        .second
        .as_deref()
        .map(|p| regex("second", p))
        .transpose()?;

    let case = match rule.case.as_deref() {
        None => None,
        Some("$sentence") => Some(Case::Sentence),
        Some("$title") => Some(Case::Title),
        Some("$lower") => Some(Case::Lower),
        Some("$upper") => Some(Case::Upper),
        Some(form) if !form.starts_with('$') => Some(Case::Form(form.to_string())),
        Some(other) => {
            return Err(err(
                "match",
                format!("`{other}` is not one of $sentence, $title, $lower, $upper, or a form"),
            ));
        }
    };
    let scope = match &rule.scope {
        None => Scope::Text,
        Some(value) => Scope::parse(value).map_err(|m| err("scope", m))?,
    };
    let pages = PageFilter::new(&rule.pages, rule.job_families.unwrap_or(false))
        .map_err(|m| err("pages", m))?;
    let levels = match &rule.levels {
        None => LevelFilter::default(),
        Some(l) => LevelFilter::parse(l.grades.as_ref(), l.track.as_deref())
            .map_err(|m| err("levels", m))?,
    };

    let count_items = match rule.count.as_deref() {
        None | Some("matches") => false,
        Some("items") => true,
        Some(other) => {
            return Err(err(
                "count",
                format!("`{other}` is not one of matches, items"),
            ));
        }
    };
    let has_patterns = !entries.is_empty() || !regexes.is_empty();
    let need = |ok: bool, key: &str, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(err(key, format!("a `{}` rule needs {what}", kind.as_str())))
        }
    };
    match kind {
        Kind::Occurrence if count_items => {}
        Kind::Existence | Kind::Required | Kind::Occurrence => {
            need(has_patterns, "tokens", "`tokens` or `patterns`")?
        }
        Kind::Substitution => need(!rule.swap.is_empty(), "swap", "a `swap` map")?,
        Kind::Conditional => need(
            first.is_some() && second.is_some(),
            "first",
            "`first` and `second` patterns",
        )?,
        Kind::Capitalization => need(case.is_some(), "match", "`match` ($sentence, $title, …)")?,
        Kind::Repetition => {}
    }
    if kind == Kind::Occurrence {
        need(
            rule.min.is_some() || rule.max.is_some(),
            "min",
            "`min` or `max`",
        )?;
    }
    if let (Some(min), Some(max)) = (rule.min, rule.max)
        && min > max
    {
        return Err(err("min", format!("`min` ({min}) is above `max` ({max})")));
    }
    let fix = rule.fix.unwrap_or(if kind == Kind::Substitution {
        FixKind::Unsafe
    } else {
        FixKind::None
    });
    Ok(RuleSpec {
        id,
        kind,
        message,
        help: rule.help,
        severity,
        link: rule.link,
        description: rule.description,
        file: path.to_path_buf(),
        changes: Vec::new(),
        phrases: PhraseList::new(entries),
        regexes,
        exceptions: rule.exceptions,
        exception_patterns: Vec::new(),
        ignore_case,
        fix,
        keep_case: rule.keep_case.unwrap_or(true),
        min: rule.min,
        max: rule.max,
        count_items,
        first,
        second,
        undefined: Undefined::FirstUse,
        case,
        scope,
        pages,
        levels,
    })
}
