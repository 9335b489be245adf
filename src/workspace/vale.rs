//! A team's Vale configuration read as it is: `.vale.ini` (`StylesPath`,
//! `MinAlertLevel`, `Vocab`, per-glob sections with `BasedOnStyles` and
//! rule switches) and the styles' YAML rules of the six extension points
//! jflint runs (`existence`, `substitution`, `occurrence`, `repetition`,
//! `conditional`, `capitalization`), translated into rule specs that the
//! same engine runs as jflint's own rule files.
//!
//! What jflint does not run is named once, with its file and the reason, and
//! skipped: the other extension points (`spelling`, `readability`, `metric`,
//! `sequence`, `script`), a regular expression the `regex` crate cannot
//! compile (look-around, back-references), an unknown scope, and settings
//! of `.vale.ini` that have no meaning here.

mod pattern;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::language::phrases::{Entry, PhraseList};
use crate::rules::diagnostic::Severity;
use crate::rules::rule_file::{Case, FixKind, Kind, RuleSpec, Undefined};
use crate::rules::rule_id::RuleId;
use crate::rules::scope::{LevelFilter, PageFilter, Scope};

/// A rule's level in one section of `.vale.ini`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    Off,
    On(Severity),
}

/// What a Vale configuration gives jflint.
#[derive(Debug, Default)]
pub struct ValeRules {
    pub rules: Vec<RuleSpec>,
    /// Per `.vale.ini` section: its glob and the level of each rule there.
    pub sections: Vec<(String, HashMap<RuleId, Switch>)>,
    /// What was skipped and why, one line each.
    pub skipped: Vec<String>,
    /// The text of every file read (`.vale.ini`, vocabularies, rules): what
    /// a cache of results must key on.
    pub sources: Vec<String>,
}

/// The jflint id of a Vale rule: `gitlab_base.SubstitutionWarning` is
/// `gitlab-base/substitution-warning`.
pub fn rule_id(style: &str, rule: &str) -> Option<RuleId> {
    let id = format!("{}/{}", kebab(style), kebab(rule));
    id.parse().ok().filter(|id| matches!(id, RuleId::Custom(_)))
}

/// The namespace of a Vale style's rules: `gitlab_base` is `gitlab-base`.
pub fn style_namespace(style: &str) -> String {
    kebab(style)
}

/// `CIConfigFile` -> `ci-config-file`, `gitlab_base` -> `gitlab-base`. The
/// brands `GitLab` and `GitHub` are one word (`GitLabFlavoredMarkdown` ->
/// `gitlab-flavored-markdown`).
fn kebab(name: &str) -> String {
    let name = name.replace("GitLab", "Gitlab").replace("GitHub", "Github");
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if (prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower))
                && !out.ends_with('-')
            {
                out.push('-');
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_matches('-').to_string()
}

fn level(name: &str) -> Option<Severity> {
    match name.trim().to_ascii_lowercase().as_str() {
        "suggestion" => Some(Severity::Info),
        "warning" => Some(Severity::Warning),
        "error" => Some(Severity::Error),
        _ => None,
    }
}

/// One `[section]` of `.vale.ini`, in order.
struct Section {
    glob: String,
    keys: Vec<(String, String)>,
}

fn parse_ini(text: &str) -> (Vec<(String, String)>, Vec<Section>) {
    let mut top = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(glob) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push(Section {
                glob: glob.trim().to_string(),
                keys: Vec::new(),
            });
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let pair = (key.trim().to_string(), value.trim().to_string());
        match sections.last_mut() {
            Some(s) => s.keys.push(pair),
            None => top.push(pair),
        }
    }
    (top, sections)
}

/// Reads `.vale.ini` at `path` and the styles it names.
pub fn load(path: &Path) -> Result<ValeRules, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("vale-config: cannot read {}: {e}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let (top, sections) = parse_ini(&text);
    let shown = path.display().to_string();
    let mut out = ValeRules {
        sources: vec![text.clone()],
        ..ValeRules::default()
    };
    let mut styles_path = base.to_path_buf();
    let mut min_level = Severity::Info;
    let mut vocabularies: Vec<String> = Vec::new();
    for (key, value) in &top {
        match key.as_str() {
            "StylesPath" => styles_path = base.join(value),
            "MinAlertLevel" => {
                min_level = level(value).ok_or_else(|| {
                    format!(
                        "{shown}: `MinAlertLevel = {value}` is not suggestion, warning or error"
                    )
                })?
            }
            "Vocab" => vocabularies.extend(value.split(',').map(|v| v.trim().to_string())),
            other => out
                .skipped
                .push(format!("{shown}: `{other}` is not read by jflint")),
        }
    }
    let (accept, reject) = read_vocabularies(&styles_path, &vocabularies, &mut out);

    // Every style a section names, loaded once.
    let mut styles: BTreeSet<String> = BTreeSet::new();
    for section in &sections {
        if section.glob == "formats" {
            continue;
        }
        for (key, value) in &section.keys {
            if key == "BasedOnStyles" {
                styles.extend(
                    value
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                );
            } else if let Some((style, _)) = key.split_once('.') {
                styles.insert(style.to_string());
            }
        }
    }
    let mut by_style: BTreeMap<String, Vec<(String, RuleId, Severity)>> = BTreeMap::new();
    for style in &styles {
        let rules = if style == "Vale" {
            builtin_style(&accept, &reject, &mut out)
        } else {
            read_style(&styles_path.join(style), style, &accept, &mut out)
        };
        by_style.insert(style.clone(), rules);
    }

    for section in &sections {
        if section.glob == "formats" {
            continue;
        }
        let mut switches: HashMap<RuleId, Switch> = HashMap::new();
        for (key, value) in &section.keys {
            if key == "BasedOnStyles" {
                for style in value.split(',').map(str::trim) {
                    for (_, id, severity) in by_style.get(style).into_iter().flatten() {
                        switches.insert(*id, Switch::On(*severity));
                    }
                }
                continue;
            }
            let Some((style, rule)) = key.split_once('.') else {
                out.skipped.push(format!(
                    "{shown}: [{}] `{key}` is not read by jflint",
                    section.glob
                ));
                continue;
            };
            let Some((_, id, severity)) = by_style
                .get(style)
                .and_then(|rules| rules.iter().find(|(name, _, _)| name == rule))
            else {
                out.skipped.push(format!(
                    "{shown}: [{}] `{key}`: no such rule was loaded",
                    section.glob
                ));
                continue;
            };
            let switch = match value.to_ascii_uppercase().as_str() {
                "NO" => Switch::Off,
                "YES" => Switch::On(*severity),
                _ => match level(value) {
                    Some(s) => Switch::On(s),
                    None => {
                        out.skipped.push(format!(
                            "{shown}: [{}] `{key} = {value}` is not YES, NO or a level",
                            section.glob
                        ));
                        continue;
                    }
                },
            };
            switches.insert(*id, switch);
        }
        for switch in switches.values_mut() {
            if matches!(switch, Switch::On(s) if *s < min_level) {
                *switch = Switch::Off;
            }
        }
        out.sections.push((section.glob.clone(), switches));
    }
    Ok(out)
}

/// The accept and reject lists of the vocabularies named, from
/// `StylesPath/config/vocabularies/NAME/` (or the older `StylesPath/Vocab/NAME/`).
fn read_vocabularies(
    styles: &Path,
    names: &[String],
    out: &mut ValeRules,
) -> (Vec<String>, Vec<String>) {
    let (mut accept, mut reject) = (Vec::new(), Vec::new());
    for name in names.iter().filter(|n| !n.is_empty()) {
        let dirs = [
            styles.join("config").join("vocabularies").join(name),
            styles.join("Vocab").join(name),
        ];
        let Some(dir) = dirs.iter().find(|d| d.is_dir()) else {
            out.skipped.push(format!(
                "vocabulary `{name}`: no folder under {}",
                styles.display()
            ));
            continue;
        };
        for (file, list) in [("accept.txt", &mut accept), ("reject.txt", &mut reject)] {
            if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
                out.sources.push(text.clone());
                list.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_string),
                );
            }
        }
    }
    (accept, reject)
}

/// Vale's own style: `Vale.Repetition`, `Vale.Avoid` (the vocabularies'
/// reject lists) and `Vale.Terms` (their accept lists, as written);
/// `Vale.Spelling` is not run.
fn builtin_style(
    accept: &[String],
    reject: &[String],
    out: &mut ValeRules,
) -> Vec<(String, RuleId, Severity)> {
    let mut loaded = Vec::new();
    let file = PathBuf::from("Vale");
    let mut add = |name: &str, spec: RuleSpec, out: &mut ValeRules| {
        loaded.push((name.to_string(), spec.id, spec.severity));
        out.rules.push(spec);
    };
    if let Some(id) = rule_id("Vale", "Repetition") {
        let mut spec = blank(id, Kind::Repetition, "'%s' is repeated!", &file);
        spec.severity = Severity::Error;
        spec.message = "'{match}' is repeated!".to_string();
        add("Repetition", spec, out);
    }
    let compile = |list: &[String], ignore_case: bool| -> Vec<(regex::Regex, Option<String>)> {
        list.iter()
            .filter_map(|w| {
                pattern::compile(&format!(r"\b(?:{w})\b"), ignore_case)
                    .ok()
                    .map(|r| (r, None))
            })
            .collect()
    };
    if !reject.is_empty()
        && let Some(id) = rule_id("Vale", "Avoid")
    {
        let mut spec = blank(id, Kind::Existence, "", &file);
        spec.message = "Avoid using '{match}'.".to_string();
        spec.severity = Severity::Error;
        spec.regexes = compile(reject, false);
        add("Avoid", spec, out);
    }
    if !accept.is_empty()
        && let Some(id) = rule_id("Vale", "Terms")
    {
        // A term written in another case: `Gitlab` for an accepted `GitLab`.
        let mut spec = blank(id, Kind::Substitution, "", &file);
        spec.message = "Use '{suggestion}' instead of '{match}'.".to_string();
        spec.severity = Severity::Error;
        spec.keep_case = false;
        spec.fix = FixKind::Unsafe;
        spec.regexes = accept
            .iter()
            .filter(|w| regex::escape(w) == **w)
            .filter_map(|w| {
                pattern::compile(&format!(r"\b{w}\b"), true)
                    .ok()
                    .map(|r| (r, Some(w.clone())))
            })
            .collect();
        add("Terms", spec, out);
    }
    out.skipped
        .push("Vale.Spelling: the `spelling` extension point is not run by jflint (its `typo` rule checks spelling)".to_string());
    loaded
}

/// A rule spec with nothing set but what every rule needs.
fn blank(id: RuleId, kind: Kind, message: &str, file: &Path) -> RuleSpec {
    RuleSpec {
        id,
        kind,
        message: message.to_string(),
        help: None,
        severity: Severity::Warning,
        link: None,
        description: None,
        file: file.to_path_buf(),
        changes: Vec::new(),
        phrases: PhraseList::default(),
        regexes: Vec::new(),
        exceptions: Vec::new(),
        exception_patterns: Vec::new(),
        ignore_case: false,
        fix: FixKind::None,
        keep_case: false,
        min: None,
        max: None,
        count_items: false,
        first: None,
        second: None,
        case: None,
        undefined: Undefined::EveryUse,
        scope: Scope::Text,
        pages: PageFilter::default(),
        levels: LevelFilter::default(),
    }
}

/// The rules of one style folder, in file-name order.
fn read_style(
    dir: &Path,
    style: &str,
    accept: &[String],
    out: &mut ValeRules,
) -> Vec<(String, RuleId, Severity)> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .collect(),
        Err(e) => {
            out.skipped.push(format!(
                "style `{style}`: cannot read {}: {e}",
                dir.display()
            ));
            return Vec::new();
        }
    };
    files.sort();
    let mut loaded = Vec::new();
    for file in files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if let Ok(text) = std::fs::read_to_string(&file) {
            out.sources.push(text);
        }
        let mut partial = Vec::new();
        let result = translate(&file, style, &name, accept, &mut partial);
        out.skipped.extend(
            partial
                .into_iter()
                .map(|p| format!("{}: {style}.{name}: {p}", file.display())),
        );
        match result {
            Ok(spec) => {
                loaded.push((name, spec.id, spec.severity));
                out.rules.push(spec);
            }
            Err(reason) => out.skipped.push(format!(
                "{}: {style}.{name} skipped: {reason}",
                file.display()
            )),
        }
    }
    loaded
}

/// One Vale rule file as a rule spec, or why it cannot be one. A token or
/// swap entry that cannot be compiled is left out and named in `partial`;
/// the rest of the rule runs.
pub fn translate(
    file: &Path,
    style: &str,
    name: &str,
    accept: &[String],
    partial: &mut Vec<String>,
) -> Result<RuleSpec, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read: {e}"))?;
    let value: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("not valid YAML: {e}"))?;
    let get = |key: &str| value.get(key);
    let string = |key: &str| get(key).and_then(|v| v.as_str()).map(str::to_string);
    let flag = |key: &str| get(key).and_then(|v| v.as_bool()).unwrap_or(false);
    let list = |key: &str| -> Vec<String> {
        match get(key) {
            Some(serde_yaml::Value::Sequence(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(serde_yaml::Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let extends = string("extends").ok_or("no `extends`")?;
    let kind = match extends.as_str() {
        "existence" => Kind::Existence,
        "substitution" => Kind::Substitution,
        "occurrence" => Kind::Occurrence,
        "repetition" => Kind::Repetition,
        "conditional" => Kind::Conditional,
        "capitalization" => Kind::Capitalization,
        "spelling" | "readability" | "metric" | "sequence" | "script" => {
            return Err(format!(
                "the `{extends}` extension point is not run by jflint"
            ));
        }
        other => return Err(format!("unknown extension point `{other}`")),
    };
    let id = rule_id(style, name).ok_or_else(|| format!("`{style}.{name}` makes no rule id"))?;
    let mut spec = blank(id, kind, "", file);
    spec.severity = match string("level") {
        None => Severity::Warning,
        Some(l) => {
            level(&l).ok_or_else(|| format!("`level: {l}` is not suggestion, warning or error"))?
        }
    };
    spec.link = string("link");
    spec.description = string("description");
    let ignore_case = flag("ignorecase");
    spec.ignore_case = ignore_case;
    let nonword = flag("nonword");
    let compile = |p: &str| pattern::compile(p, ignore_case);
    let bounded = |pattern: &str| {
        if nonword {
            pattern.to_string()
        } else {
            format!(r"\b(?:{pattern})\b")
        }
    };
    // `%s` in Vale's message: the suggestion then the match for a
    // substitution, the match otherwise.
    let message = string("message").unwrap_or_else(|| format!("{style}.{name}"));
    let order: &[&str] = if kind == Kind::Substitution {
        &["{suggestion}", "{match}"]
    } else {
        &["{match}"]
    };
    let mut rendered = String::new();
    let mut parts = message.split("%s");
    rendered.push_str(parts.next().unwrap_or(""));
    for (i, part) in parts.enumerate() {
        rendered.push_str(order.get(i).copied().unwrap_or("{match}"));
        rendered.push_str(part);
    }
    spec.message = rendered;

    if let Some(scope) = get("scope") {
        let scopes: Vec<String> = match scope {
            serde_yaml::Value::Sequence(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            other => other.as_str().map(str::to_string).into_iter().collect(),
        };
        if scopes.len() > 1 {
            return Err(format!(
                "several scopes ({}) are not supported",
                scopes.join(", ")
            ));
        }
        if let Some(s) = scopes.first() {
            spec.scope = vale_scope(s).ok_or_else(|| format!("scope `{s}` is not supported"))?;
        }
    } else if kind == Kind::Capitalization {
        spec.scope = Scope::Heading;
    }
    let vocab = get("vocab").and_then(|v| v.as_bool()).unwrap_or(true);
    let mut exceptions = list("exceptions");
    if vocab {
        exceptions.extend(accept.iter().cloned());
    }
    for e in &exceptions {
        // Exceptions are expressions matched against the whole match.
        if let Ok(re) = pattern::compile(&format!(r"\A(?:{e})\z"), ignore_case) {
            spec.exception_patterns.push(re);
        }
    }
    spec.exceptions = exceptions;

    match kind {
        Kind::Existence => {
            let tokens = list("tokens");
            let raw = list("raw");
            if tokens.is_empty() && raw.is_empty() {
                return Err("no `tokens` or `raw`".to_string());
            }
            let mut good = Vec::new();
            for token in &tokens {
                match compile(token) {
                    Ok(_) => good.push(token.as_str()),
                    Err(reason) => partial.push(format!("token skipped: {reason}")),
                }
            }
            if !good.is_empty() {
                spec.regexes
                    .push((compile(&bounded(&good.join("|")))?, None));
            } else if raw.is_empty() {
                return Err("no token can be compiled".to_string());
            }
            if !raw.is_empty() {
                spec.regexes.push((compile(&raw.concat())?, None));
            }
        }
        Kind::Substitution => {
            let swap = get("swap").and_then(swap_map).ok_or("no `swap` map")?;
            let mut entries = Vec::new();
            for (key, value) in &swap {
                let (Some(wrong), Some(right)) = (key.as_str(), value.as_str()) else {
                    return Err("a `swap` entry is not text".to_string());
                };
                // `a|b`: the first alternative is the fix.
                let right = right.split('|').next().unwrap_or(right).trim().to_string();
                if !nonword && PhraseList::is_literal(wrong) && regex::escape(wrong) == wrong {
                    entries.push(Entry {
                        phrase: wrong.to_string(),
                        suggestion: Some(right),
                        list: 0,
                        case_sensitive: !ignore_case,
                    });
                } else {
                    match compile(&bounded(wrong)) {
                        Ok(re) => spec.regexes.push((re, Some(right))),
                        Err(reason) => partial.push(format!("swap entry skipped: {reason}")),
                    }
                }
            }
            spec.phrases = PhraseList::new(entries);
            let replace = get("action")
                .and_then(|a| a.get("name"))
                .and_then(|n| n.as_str())
                == Some("replace");
            spec.fix = if replace {
                FixKind::Unsafe
            } else {
                FixKind::None
            };
        }
        Kind::Occurrence => {
            let token = string("token").ok_or("no `token`")?;
            spec.regexes.push((compile(&token)?, None));
            spec.min = get("min").and_then(|v| v.as_u64()).map(|n| n as usize);
            spec.max = get("max").and_then(|v| v.as_u64()).map(|n| n as usize);
            if spec.min.is_none() && spec.max.is_none() {
                return Err("no `min` or `max`".to_string());
            }
        }
        Kind::Repetition => {}
        Kind::Conditional => {
            // Vale reads `ignorecase` for neither pattern.
            let first = string("first").ok_or("no `first`")?;
            let second = string("second").ok_or("no `second`")?;
            spec.first = Some(pattern::compile(&first, false)?);
            spec.second = Some(pattern::compile(&second, false)?);
        }
        Kind::Capitalization => {
            let wanted = string("match").ok_or("no `match`")?;
            spec.case = Some(match wanted.as_str() {
                "$title" => Case::Title,
                "$sentence" => Case::Sentence,
                "$lower" => Case::Lower,
                "$upper" => Case::Upper,
                other if regex::escape(other) == other => Case::Form(other.to_string()),
                other => return Err(format!("`match: {other}` (an expression) is not supported")),
            });
        }
        Kind::Required => {}
    }
    Ok(spec)
}

/// Vale's scopes that have a jflint counterpart.
fn vale_scope(name: &str) -> Option<Scope> {
    Some(match name {
        "text" | "summary" => Scope::Text,
        "raw" => Scope::Raw,
        "heading" | "heading.h1" | "heading.h2" | "heading.h3" | "heading.h4" | "heading.h5"
        | "heading.h6" | "title" => Scope::Heading,
        "paragraph" => Scope::Paragraph,
        "sentence" => Scope::Sentence,
        "list" => Scope::ListItem,
        "table.cell" | "table.header" => Scope::TableCell,
        "blockquote" => Scope::Blockquote,
        "code" => Scope::Code,
        "link" => Scope::LinkText,
        _ => return None,
    })
}

/// A `swap` as one map: Vale also reads a list of one-key maps
/// (`- 'GitLab dedicated': GitLab Dedicated`) as the map they make
/// together, in their order; a key given twice keeps its last value.
fn swap_map(value: &serde_yaml::Value) -> Option<serde_yaml::Mapping> {
    match value {
        serde_yaml::Value::Mapping(map) => Some(map.clone()),
        serde_yaml::Value::Sequence(items) => {
            let mut merged = serde_yaml::Mapping::new();
            for item in items {
                for (key, value) in item.as_mapping()? {
                    merged.insert(key.clone(), value.clone());
                }
            }
            Some(merged)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case() {
        assert_eq!(
            rule_id("gitlab_base", "SubstitutionWarning")
                .unwrap()
                .name(),
            "gitlab-base/substitution-warning"
        );
        assert_eq!(
            rule_id("gitlab_base", "CIConfigFile").unwrap().name(),
            "gitlab-base/ci-config-file"
        );
        assert_eq!(
            rule_id("Vale", "Repetition").unwrap().name(),
            "vale/repetition"
        );
        assert_eq!(rule_id("Google", "Latin").unwrap().name(), "google/latin");
        assert_eq!(
            rule_id("gitlab_base", "GitLabFlavoredMarkdown")
                .unwrap()
                .name(),
            "gitlab-base/gitlab-flavored-markdown"
        );
    }

    #[test]
    fn ini_sections_keep_their_order() {
        let (top, sections) =
            parse_ini("StylesPath = styles\n# c\n[*.md]\nBasedOnStyles = A, B\nA.X = NO\n");
        assert_eq!(top, [("StylesPath".to_string(), "styles".to_string())]);
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].glob, "*.md");
        assert_eq!(sections[0].keys.len(), 2);
    }

    #[test]
    fn a_swap_list_of_maps_is_one_map_in_order() {
        let value: serde_yaml::Value = serde_yaml::from_str(
            "- 'Widget [Ss]elf-made': Widget Self-Made\n- gadget pro: Gadget Pro\n",
        )
        .unwrap();
        let map = swap_map(&value).unwrap();
        let keys: Vec<&str> = map.keys().filter_map(|k| k.as_str()).collect();
        assert_eq!(keys, ["Widget [Ss]elf-made", "gadget pro"]);
        let not_maps: serde_yaml::Value = serde_yaml::from_str("- a\n- b\n").unwrap();
        assert!(swap_map(&not_maps).is_none());
    }
}
