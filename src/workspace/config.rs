//! `.jflint.yaml`: typed, strict (an unknown key or rule name is an error that
//! names it), and layered: built-in defaults, then the file, then flags.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::rule_data::RuleData;
use crate::rules::diagnostic::Severity;
use crate::rules::registry::RuleCode;
use crate::rules::rule_file::RuleSet;
use crate::rules::rule_id::RuleId;

pub const CONFIG_FILE_NAME: &str = ".jflint.yaml";

/// A rule's setting: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
    #[serde(default)]
    words: WordsFile,
    site_root: Option<PathBuf>,
    fail_on: Option<String>,
    /// A job-family schema file replacing the built-in one.
    schema: Option<PathBuf>,
    /// A grade table file replacing the built-in one.
    grade_table: Option<PathBuf>,
    /// The bullet every family's requirements must include.
    required_bullet: Option<String>,
    /// Rule files (globs, relative to this file's folder).
    #[serde(default)]
    custom_rules: Vec<String>,
    /// A Vale configuration (`.vale.ini`) whose styles run as they are.
    vale_config: Option<PathBuf>,
    /// Where `jflint check` keeps its cache.
    cache_dir: Option<PathBuf>,
    /// Pages larger than this are reported, not read (bytes, or `8MB`).
    max_page_size: Option<serde_yaml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideFile {
    files: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WordsFile {
    #[serde(default)]
    accept: Vec<String>,
    #[serde(default)]
    corrections: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A path-scoped set of rule levels.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: GlobSet,
    pub rules: HashMap<RuleId, RuleLevel>,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file, if one was found.
    pub file: Option<PathBuf>,
    /// The folder globs are relative to (absolute when loaded from a file).
    pub base_dir: PathBuf,
    /// The working folder, against which relative page paths are resolved
    /// before they are matched.
    cwd: PathBuf,
    pub rules: HashMap<RuleId, RuleLevel>,
    pub exclude: GlobSet,
    pub overrides: Vec<Override>,
    pub data: RuleData,
    /// The rules from rule files: jflint's own (`rules/*.yaml`), then
    /// `custom-rules` and the Vale configuration's.
    pub rule_set: RuleSet,
    /// The rules a Vale configuration loaded: what Vale's comments in a
    /// page switch.
    pub vale_rules: Vec<RuleId>,
    pub site_root: Option<PathBuf>,
    pub fail_on: Option<Severity>,
    /// Where `jflint check` keeps its cache (`cache-dir`), if set.
    pub cache_dir: Option<PathBuf>,
    /// Pages larger than this many bytes are reported, not read
    /// (`max-page-size`).
    pub max_page_bytes: u64,
    /// A digest of everything the configuration was read from (its file,
    /// the data files it names, the folders its globs are relative to): a
    /// cache made under another configuration is not used.
    identity: u128,
}

impl Config {
    /// Defaults only: no file.
    pub fn builtin(base_dir: PathBuf) -> Config {
        Config {
            file: None,
            base_dir,
            cwd: std::env::current_dir().unwrap_or_default(),
            rules: HashMap::new(),
            exclude: GlobSet::empty(),
            overrides: Vec::new(),
            data: RuleData::builtin(),
            rule_set: RuleSet::builtin(),
            vale_rules: Vec::new(),
            site_root: None,
            fail_on: None,
            cache_dir: None,
            max_page_bytes: crate::site::files::DEFAULT_MAX_PAGE_BYTES,
            identity: 0,
        }
        .with_identity(&[])
    }

    /// See `identity`.
    fn with_identity(mut self, sources: &[&str]) -> Config {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for part in [self.base_dir.as_os_str(), self.cwd.as_os_str()] {
            hasher.update(part.as_encoded_bytes());
            hasher.update(&[0]);
        }
        for source in sources {
            hasher.update(source.as_bytes());
            hasher.update(&[0]);
        }
        self.identity = hasher.digest128();
        self
    }

    /// A digest of what the configuration was read from.
    pub fn identity(&self) -> u128 {
        self.identity
    }

    /// The nearest `.jflint.yaml` in `start` or its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: Some(path.to_path_buf()),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        // Globs are relative to the file's folder, wherever jflint runs.
        let base_dir = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| path.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        let mut config = Config::from_yaml(&text, base_dir).map_err(|mut e| {
            e.path = Some(path.to_path_buf());
            e
        })?;
        config.file = Some(path.to_path_buf());
        Ok(config)
    }

    pub fn from_yaml(text: &str, base_dir: PathBuf) -> Result<Config, ConfigError> {
        let err = |message: String| ConfigError {
            path: None,
            message,
        };
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_yaml::from_str(text).map_err(|e| err(e.to_string()))?
        };

        let mut config = Config::builtin(base_dir);
        // Rule files first: the rule levels below may name their rules.
        let mut custom_sources = Vec::new();
        for pattern in &file.custom_rules {
            let files = expand_glob(&config.base_dir, pattern).map_err(err)?;
            if files.is_empty() {
                return Err(err(format!("custom-rules: `{pattern}` matches no file")));
            }
            for path in files {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    err(format!("custom-rules: cannot read {}: {e}", path.display()))
                })?;
                let shown = path.strip_prefix(&config.base_dir).unwrap_or(&path);
                config
                    .rule_set
                    .add_file(shown, &text)
                    .map_err(|e| err(format!("custom-rules: {e}")))?;
                custom_sources.push(text);
            }
        }
        let mut rule_sources = Vec::new();
        if let Some(path) = &file.vale_config {
            let path = config.base_dir.join(path);
            rule_sources = config.load_vale(&path).map_err(err)?;
        }
        let vale_levels = std::mem::take(&mut config.rules);
        config.rules = parse_rule_levels(&file.rules).map_err(err)?;
        // A Vale rule this file sets is set everywhere: `.vale.ini`'s
        // sections no longer switch it.
        for o in &mut config.overrides {
            o.rules.retain(|id, _| !config.rules.contains_key(id));
        }
        for (id, level) in vale_levels {
            config.rules.entry(id).or_insert(level);
        }
        config.exclude = build_globs(&file.exclude).map_err(err)?;
        for o in &file.overrides {
            // After the Vale sections: the configuration's own say wins.
            config.overrides.push(Override {
                files: build_globs(&o.files).map_err(err)?,
                rules: parse_rule_levels(&o.rules).map_err(err)?,
            });
        }
        let named = config
            .rules
            .keys()
            .chain(config.overrides.iter().flat_map(|o| o.rules.keys()));
        for id in named {
            config.check_known(*id).map_err(err)?;
        }
        for word in &file.words.accept {
            config.data.accepted.insert(word.to_lowercase());
        }
        for (wrong, right) in &file.words.corrections {
            config
                .data
                .corrections
                .insert(wrong.to_lowercase(), right.clone());
        }
        // Results depend on the rule files' contents, not only on their names.
        let mut sources = vec![text.to_string()];
        sources.extend(custom_sources);
        sources.extend(rule_sources);
        if let Some(path) = &file.schema {
            let text = read_data_file(&config.base_dir, "schema", path).map_err(err)?;
            sources.push(text.clone());
            config.data.schema = crate::rule_data::FamilySchema::parse(&text)
                .map_err(|e| err(format!("schema: {}: {e}", path.display())))?;
        }
        if let Some(path) = &file.grade_table {
            let text = read_data_file(&config.base_dir, "grade-table", path).map_err(err)?;
            sources.push(text.clone());
            config.data.grade_table = crate::rule_data::GradeTable::parse(&text)
                .map_err(|e| err(format!("grade-table: {}: {e}", path.display())))?;
        }
        if let Some(bullet) = &file.required_bullet {
            if bullet.trim().is_empty() {
                return Err(err("required-bullet: must not be empty".to_string()));
            }
            config.data.required_bullet = bullet.trim().to_string();
        }
        config.site_root = file.site_root.map(|p| config.base_dir.join(p));
        config.cache_dir = file.cache_dir.map(|p| config.base_dir.join(p));
        if let Some(size) = &file.max_page_size {
            let parsed = match size {
                serde_yaml::Value::Number(n) => n.as_u64(),
                serde_yaml::Value::String(s) => crate::site::files::parse_size(s),
                _ => None,
            };
            config.max_page_bytes = parsed
                .filter(|&n| n > 0 && n <= crate::site::files::LARGEST_PAGE_BYTES)
                .ok_or_else(|| {
                    err(
                        "max-page-size: a size such as `8MB` or `20000000`, at most 1GB"
                            .to_string(),
                    )
                })?;
        }
        config.fail_on = match file.fail_on.as_deref() {
            None => None,
            Some(s) => Some(Severity::parse(s).ok_or_else(|| {
                err(format!("fail-on: `{s}` is not one of error, warning, info"))
            })?),
        };
        let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
        Ok(config.with_identity(&sources))
    }

    /// The path relative to the config's folder, for glob matching. A
    /// relative path is taken from the working folder first, so that
    /// `jflint check legacy` run in `content/` matches `content/legacy/**`.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = normalize(&self.cwd.join(path));
        match absolute.strip_prefix(&self.base_dir) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => normalize(path),
        }
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty() && self.exclude.is_match(self.relative(path))
    }

    /// The level of each rule for one path: defaults, the file, then overrides.
    pub fn levels_for(&self, path: &Path) -> Vec<(RuleId, Severity)> {
        let rel = self.relative(path);
        let matching: Vec<&Override> = self
            .overrides
            .iter()
            .filter(|o| o.files.is_match(&rel))
            .collect();
        // A built-in rule file's severity is the rule's default, unless a
        // file of the configuration that extends it sets another.
        let builtin = RuleCode::ALL
            .iter()
            .map(|&code| (RuleId::Builtin(code), self.rule_set.severity(code)));
        let custom = self
            .rule_set
            .custom()
            .map(|(_, spec)| (spec.id, spec.severity));
        builtin
            .chain(custom)
            .filter_map(|(code, default)| {
                let mut level = self
                    .rules
                    .get(&code)
                    .copied()
                    .unwrap_or(RuleLevel::On(default));
                for o in &matching {
                    if let Some(l) = o.rules.get(&code) {
                        level = *l;
                    }
                }
                match level {
                    RuleLevel::Off => None,
                    RuleLevel::On(s) => Some((code, s)),
                }
            })
            .collect()
    }
}

impl Config {
    /// An error for a custom id that no rule file of this configuration defines.
    pub fn check_known(&self, id: RuleId) -> Result<(), String> {
        match id {
            RuleId::Custom(_) if self.rule_set.get(id).is_none() => Err(format!(
                "unknown rule `{id}`: no file of `custom-rules` defines it"
            )),
            _ => Ok(()),
        }
    }

    /// Loads a Vale configuration: its rules join the rule set, off
    /// everywhere but where a section of `.vale.ini` turns them on, and
    /// what is skipped becomes a warning.
    pub fn add_vale(&mut self, path: &Path) -> Result<(), String> {
        let sources = self.load_vale(path)?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&self.identity.to_le_bytes());
        for source in &sources {
            hasher.update(source.as_bytes());
            hasher.update(&[0]);
        }
        self.identity = hasher.digest128();
        Ok(())
    }

    /// `add_vale` but for the identity: returns the texts read, which the
    /// caller makes part of the configuration's identity.
    fn load_vale(&mut self, path: &Path) -> Result<Vec<String>, String> {
        let vale = crate::workspace::vale::load(path)?;
        let shown = path.display().to_string();
        for spec in vale.rules {
            let id = spec.id;
            if self.rule_set.get(id).is_some() {
                return Err(format!("{shown}: rule `{id}` is defined twice"));
            }
            self.rule_set.rules.push(spec);
            self.vale_rules.push(id);
            self.rules.entry(id).or_insert(RuleLevel::Off);
        }
        // A section's glob with a folder in it is relative to `.vale.ini`.
        let vale_dir = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        let prefix = vale_dir
            .as_deref()
            .and_then(|d| d.strip_prefix(&self.base_dir).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let mut sections = Vec::new();
        for (glob, switches) in vale.sections {
            let glob = if glob.contains('/') && !prefix.is_empty() {
                format!("{prefix}/{}", glob.trim_start_matches("./"))
            } else {
                glob
            };
            let files = build_globs(std::slice::from_ref(&glob))
                .map_err(|e| format!("{shown}: [{glob}]: {e}"))?;
            let rules = switches
                .into_iter()
                .map(|(id, switch)| {
                    let level = match switch {
                        crate::workspace::vale::Switch::Off => RuleLevel::Off,
                        crate::workspace::vale::Switch::On(s) => RuleLevel::On(s),
                    };
                    (id, level)
                })
                .collect();
            sections.push(Override { files, rules });
        }
        // Vale's sections come first: the configuration's overrides win.
        self.overrides.splice(0..0, sections);
        self.rule_set
            .warnings
            .extend(vale.skipped.into_iter().map(|s| format!("vale: {s}")));
        Ok(vale.sources)
    }

    /// Warnings found while loading the rule files, for the user to read.
    pub fn warnings(&self) -> &[String] {
        &self.rule_set.warnings
    }
}

/// The files a `custom-rules` pattern names, sorted: a path, or a glob
/// relative to `base`.
fn expand_glob(base: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let glob = GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("custom-rules: bad glob `{pattern}`: {e}"))?
        .compile_matcher();
    // The fixed folders before the first wildcard: where to look.
    let fixed: PathBuf = Path::new(pattern.trim_start_matches("./"))
        .components()
        .take_while(|c| {
            !c.as_os_str()
                .to_string_lossy()
                .contains(['*', '?', '[', '{'])
        })
        .collect();
    let root = base.join(&fixed);
    if root.is_file() {
        return Ok(vec![root]);
    }
    let mut files = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(rel) = path.strip_prefix(base)
                && glob.is_match(rel)
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn parse_rule_levels(map: &BTreeMap<String, String>) -> Result<HashMap<RuleId, RuleLevel>, String> {
    map.iter()
        .map(|(name, level)| {
            let code: RuleId = name.parse().map_err(|e| format!("rules: {e}"))?;
            let level = match level.as_str() {
                "off" => RuleLevel::Off,
                other => RuleLevel::On(Severity::parse(other).ok_or_else(|| {
                    format!("rules: `{name}: {other}` is not one of off, info, warning, error")
                })?),
            };
            Ok((code, level))
        })
        .collect()
}

/// `a/./b/../c` -> `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

/// A data file named by the configuration, relative to its folder.
fn read_data_file(base_dir: &Path, key: &str, path: &Path) -> Result<String, String> {
    std::fs::read_to_string(base_dir.join(path))
        .map_err(|e| format!("{key}: cannot read {}: {e}", path.display()))
}

/// Globs in gitignore spirit: a pattern without `/` matches at any depth, and
/// `*` stops at `/` (only `**` crosses folders).
fn build_globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let trimmed = pattern.trim_start_matches("./");
        let full = if trimmed.contains('/') {
            trimmed.trim_start_matches('/').to_string()
        } else {
            format!("**/{trimmed}")
        };
        for p in [full.clone(), format!("{}/**", full.trim_end_matches('/'))] {
            let glob = GlobBuilder::new(&p)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad glob `{pattern}`: {e}"))?;
            builder.add(glob);
        }
    }
    builder.build().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> Result<Config, ConfigError> {
        Config::from_yaml(yaml, PathBuf::from("/site"))
    }

    #[test]
    fn unknown_keys_and_rules_are_named() {
        let e = config("rulez: {}\n").unwrap_err();
        assert!(e.message.contains("rulez"), "{}", e.message);
        let e = config("rules:\n  no-such-rule: off\n").unwrap_err();
        assert!(e.message.contains("no-such-rule"), "{}", e.message);
        let e = config("rules:\n  missing-grade: loud\n").unwrap_err();
        assert!(e.message.contains("loud"), "{}", e.message);
    }

    #[test]
    fn levels_layer_defaults_file_and_overrides() {
        let c = config(
            "rules:\n  missing-grade: warning\noverrides:\n  - files: [\"content/legacy/**\"]\n    rules:\n      missing-grade: off\n",
        )
        .unwrap();
        let level = |p: &str| {
            c.levels_for(Path::new(p))
                .into_iter()
                .find(|(r, _)| *r == RuleCode::MissingGrade)
                .map(|(_, s)| s)
        };
        assert_eq!(level("/site/content/a.md"), Some(Severity::Warning));
        assert_eq!(level("/site/content/legacy/b.md"), None);
    }

    #[test]
    fn excludes_match_relative_and_bare_patterns() {
        let c = config("exclude: [\"drafts\", \"content/old/*.md\"]\n").unwrap();
        assert!(c.is_excluded(Path::new("/site/content/drafts/x.md")));
        assert!(c.is_excluded(Path::new("/site/content/old/y.md")));
        assert!(!c.is_excluded(Path::new("/site/content/new/y.md")));
        // `*` does not cross folders.
        assert!(!c.is_excluded(Path::new("/site/content/old/deeper/z.md")));
    }

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(normalize(Path::new("a/./b/../c")), Path::new("a/c"));
        assert_eq!(normalize(Path::new("../../x")), Path::new("../../x"));
        assert_eq!(normalize(Path::new("/../x")), Path::new("/x"));
    }

    #[test]
    fn schema_grade_table_and_bullet_can_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("schema.yaml"),
            "sections:\n  - name: Mission\n    headings: [Mission, Our Mission]\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("grades.yaml"),
            "ranks:\n  - rank: Lead\n    pattern: '\\blead\\b'\n    grades: [8]\n",
        )
        .unwrap();
        let c = Config::from_yaml(
            "schema: schema.yaml\ngrade-table: grades.yaml\nrequired-bullet: Ability to use Git\n",
            dir.path().to_path_buf(),
        )
        .unwrap();
        assert_eq!(c.data.schema.sections.len(), 1);
        assert_eq!(
            c.data.schema.sections[0].headings,
            ["Mission", "Our Mission"]
        );
        assert_eq!(c.data.grade_table.rank_of("Team Lead").unwrap().grades, [8]);
        assert!(c.data.grade_table.rank_of("Senior Director").is_none());
        assert_eq!(c.data.required_bullet, "Ability to use Git");

        let builtin = Config::from_yaml("", dir.path().to_path_buf()).unwrap();
        assert_eq!(builtin.data.schema.sections.len(), 5);
        assert_eq!(builtin.data.required_bullet, "Ability to use GitLab");

        let e = Config::from_yaml("schema: nope.yaml\n", dir.path().to_path_buf()).unwrap_err();
        assert!(
            e.message.contains("schema") && e.message.contains("nope.yaml"),
            "{}",
            e.message
        );
        std::fs::write(dir.path().join("bad.yaml"), "sections:\n  - title: x\n").unwrap();
        let e = Config::from_yaml("schema: bad.yaml\n", dir.path().to_path_buf()).unwrap_err();
        assert!(e.message.contains("bad.yaml"), "{}", e.message);
        let e =
            Config::from_yaml("required-bullet: \"  \"\n", dir.path().to_path_buf()).unwrap_err();
        assert!(e.message.contains("required-bullet"), "{}", e.message);
    }

    #[test]
    fn words_extend_the_builtin_lists() {
        let c = config("words:\n  accept: [Kubernetes]\n  corrections:\n    teh: the\n").unwrap();
        assert!(c.data.accepted.contains("kubernetes"));
        assert_eq!(
            c.data.corrections.get("teh").map(String::as_str),
            Some("the")
        );
        assert!(c.data.corrections.contains_key("parter"));
    }
}
