//! The server's configuration: the workspace's `.jflint.yaml` (found as
//! `jflint check` finds it), with the client's settings on top, and the one
//! change the server writes to that file: a word added to `words.accept`.
//!
//! Client settings come in `initializationOptions` or
//! `workspace/didChangeConfiguration` (under a `jflint` key, or bare):
//!
//! ```json
//! { "jflint": { "select": ["typo", "broken-link"], "rules": { "typo": "error", "pi-count": "off" } } }
//! ```
//!
//! `cache` (default `true`) opens the workspace from `jflint check`'s cache
//! and `cacheDir` moves that cache (for a site the server must not write in).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::rules::diagnostic::Severity;
use crate::rules::rule_id::RuleId;
use crate::workspace::config::{CONFIG_FILE_NAME, Config, RuleLevel};

/// What the client may set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    /// Run only these rules.
    pub select: Option<Vec<RuleId>>,
    /// Per-rule levels, over those of `.jflint.yaml`.
    pub rules: BTreeMap<RuleId, RuleLevel>,
    /// Open the workspace from `jflint check`'s cache (and keep it).
    pub cache: bool,
    /// Where the cache is, over the configuration's `cache-dir`.
    pub cache_dir: Option<PathBuf>,
}

impl Default for ClientSettings {
    fn default() -> ClientSettings {
        ClientSettings {
            select: None,
            rules: BTreeMap::new(),
            cache: true,
            cache_dir: None,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawSettings {
    select: Option<Vec<String>>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    cache: Option<bool>,
    cache_dir: Option<PathBuf>,
}

impl ClientSettings {
    /// Reads the settings from a JSON value (`{"jflint": {...}}` or the
    /// inner object; `null` is no settings).
    pub fn from_json(value: &Value) -> Result<ClientSettings, String> {
        let inner = value.get("jflint").unwrap_or(value);
        if inner.is_null() {
            return Ok(ClientSettings::default());
        }
        let raw: RawSettings =
            serde_json::from_value(inner.clone()).map_err(|e| format!("settings: {e}"))?;
        let select = raw
            .select
            .map(|names| {
                names
                    .iter()
                    .map(|n| n.parse::<RuleId>().map_err(|e| e.to_string()))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let mut rules = BTreeMap::new();
        for (name, level) in &raw.rules {
            let code: RuleId = name
                .parse()
                .map_err(|e: crate::rules::registry::UnknownRule| e.to_string())?;
            let level = match level.as_str() {
                "off" => RuleLevel::Off,
                other => RuleLevel::On(Severity::parse(other).ok_or_else(|| {
                    format!("rules: `{name}: {other}` is not one of off, info, warning, error")
                })?),
            };
            rules.insert(code, level);
        }
        Ok(ClientSettings {
            select,
            rules,
            cache: raw.cache.unwrap_or(true),
            cache_dir: raw.cache_dir,
        })
    }
}

/// The configuration for a workspace folder: its `.jflint.yaml` (or the
/// nearest one above it), else the defaults; the client's rule levels on top.
pub fn load(root: &Path, settings: &ClientSettings) -> Result<Config, String> {
    let mut config = match Config::discover(root) {
        Some(file) => Config::load(&file).map_err(|e| e.to_string())?,
        None => Config::builtin(root.to_path_buf()),
    };
    with_client_levels(&mut config, settings);
    Ok(config)
}

/// The defaults with the client's rule levels: what is used while
/// `.jflint.yaml` does not load.
pub fn load_defaults(root: &Path, settings: &ClientSettings) -> Config {
    let mut config = Config::builtin(root.to_path_buf());
    with_client_levels(&mut config, settings);
    config
}

fn with_client_levels(config: &mut Config, settings: &ClientSettings) {
    for (&code, &level) in &settings.rules {
        config.rules.insert(code, level);
    }
}

/// The configuration file a word is added to: the one in use, else a new
/// `.jflint.yaml` in the workspace folder.
pub fn config_file(root: &Path) -> PathBuf {
    Config::discover(root).unwrap_or_else(|| root.join(CONFIG_FILE_NAME))
}

/// Adds `word` to `words.accept` of the configuration file at `path`
/// (created if missing), keeping the rest of its text, comments included.
/// The new text must load as a configuration that accepts the word, or
/// nothing is written; the file is replaced whole (a temporary file renamed
/// over it).
pub fn accept_word(path: &Path, word: &str) -> Result<(), String> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let new = with_accepted_word(&old, word);
    let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let config = Config::from_yaml(&new, base.clone())
        .map_err(|e| format!("{}: adding `{word}` would break it: {e}", path.display()))?;
    if !config.data.accepted.contains(&word.to_lowercase()) {
        return Err(format!(
            "{}: could not add `{word}` to `words.accept`",
            path.display()
        ));
    }
    let mut file =
        tempfile::NamedTempFile::new_in(&base).map_err(|e| format!("{}: {e}", base.display()))?;
    std::io::Write::write_all(&mut file, new.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.persist(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}

/// The YAML text with `word` added to `words.accept`: to a flow list
/// (`accept: [a, b]`), to a block list (`- a`), or as a new key.
pub fn with_accepted_word(text: &str, word: &str) -> String {
    let quoted = yaml_scalar(word);
    let lines: Vec<&str> = text.lines().collect();
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let join = |lines: Vec<String>| {
        let mut out = lines.join(ending);
        out.push_str(ending);
        out
    };
    let Some(words) = lines.iter().position(|l| l.trim_end() == "words:") else {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        out.push("words:".to_string());
        out.push(format!("  accept: [{quoted}]"));
        return join(out);
    };
    // The `words:` block: the indented lines after it.
    let end = (words + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            !l.trim().is_empty() && !l.starts_with(' ') && !l.starts_with('#')
        })
        .unwrap_or(lines.len());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let accept = (words + 1..end).find(|&i| lines[i].trim_start().starts_with("accept:"));
    match accept {
        None => {
            out.insert(words + 1, format!("  accept: [{quoted}]"));
        }
        Some(i) => {
            let line = lines[i];
            let indent = &line[..line.len() - line.trim_start().len()];
            let value = line.trim_start()["accept:".len()..].trim();
            if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                let inner = inner.trim();
                out[i] = if inner.is_empty() {
                    format!("{indent}accept: [{quoted}]")
                } else {
                    format!("{indent}accept: [{inner}, {quoted}]")
                };
            } else if value.is_empty() {
                // A block list: after its last item, at the items' indent.
                let mut last = i;
                let mut item_indent = format!("{indent}  ");
                for (j, l) in lines.iter().enumerate().take(end).skip(i + 1) {
                    let t = l.trim_start();
                    if t.starts_with("- ") || t == "-" {
                        last = j;
                        item_indent = l[..l.len() - t.len()].to_string();
                    } else if !t.is_empty() && !t.starts_with('#') {
                        break;
                    }
                }
                out.insert(last + 1, format!("{item_indent}- {quoted}"));
            } else {
                // A single scalar: make it a list of two.
                out[i] = format!("{indent}accept: [{value}, {quoted}]");
            }
        }
    }
    join(out)
}

/// A word as a YAML scalar: bare when that reads back as the same string.
fn yaml_scalar(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '\''))
        && !word.starts_with(['-', '\''])
        && !matches!(
            word.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && word.parse::<f64>().is_err();
    if plain {
        word.to_string()
    } else {
        format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry::RuleCode;

    fn accepted(text: &str) -> Vec<String> {
        let config = Config::from_yaml(text, PathBuf::from("/")).unwrap();
        let mut words: Vec<String> = ["widgetry", "gizmology", "sprocketeer", "no"]
            .iter()
            .filter(|w| config.data.accepted.contains(**w))
            .map(|w| w.to_string())
            .collect();
        words.sort();
        words
    }

    #[test]
    fn adds_to_a_flow_list_keeping_comments() {
        let text = "# site settings\nrules:\n  typo: error\nwords:\n  accept: [Sprocketeer]  \n";
        let new = with_accepted_word(text, "Widgetry");
        assert!(new.starts_with("# site settings\nrules:\n  typo: error\n"));
        assert_eq!(accepted(&new), ["sprocketeer", "widgetry"]);
    }

    #[test]
    fn adds_to_a_block_list() {
        let text = "words:\n  accept:\n    - Sprocketeer\n  corrections:\n    Parter: Partner\nfail-on: error\n";
        let new = with_accepted_word(text, "Widgetry");
        assert_eq!(accepted(&new), ["sprocketeer", "widgetry"]);
        assert!(new.contains("    - Sprocketeer\n    - Widgetry\n  corrections:"));
        assert!(new.ends_with("fail-on: error\n"));
    }

    #[test]
    fn adds_the_key_or_the_section() {
        let new = with_accepted_word("words:\n  corrections:\n    Parter: Partner\n", "Gizmology");
        assert_eq!(accepted(&new), ["gizmology"]);
        let new = with_accepted_word("rules:\n  typo: error\n", "Gizmology");
        assert_eq!(accepted(&new), ["gizmology"]);
        let new = with_accepted_word("", "Gizmology");
        assert_eq!(accepted(&new), ["gizmology"]);
        // A word YAML would read as a boolean is quoted.
        let new = with_accepted_word("", "no");
        assert_eq!(accepted(&new), ["no"]);
    }

    #[test]
    fn writes_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE_NAME);
        std::fs::write(&path, "# keep me\nwords:\n  accept: []\n").unwrap();
        accept_word(&path, "Widgetry").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "# keep me\nwords:\n  accept: [Widgetry]\n");
    }

    #[test]
    fn client_settings_parse_and_reject_unknown_rules() {
        let value = serde_json::json!({"jflint": {"select": ["typo"], "rules": {"typo": "error", "pi-count": "off"}}});
        let settings = ClientSettings::from_json(&value).unwrap();
        assert_eq!(settings.select, Some(vec![RuleId::from(RuleCode::Typo)]));
        assert_eq!(settings.rules[&RuleCode::PiCount.into()], RuleLevel::Off);
        assert_eq!(
            settings.rules[&RuleCode::Typo.into()],
            RuleLevel::On(Severity::Error)
        );
        assert!(ClientSettings::from_json(&serde_json::json!({"select": ["nope"]})).is_err());
        assert_eq!(
            ClientSettings::from_json(&Value::Null).unwrap(),
            ClientSettings::default()
        );
    }
}
