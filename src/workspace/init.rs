//! `jflint init`: a commented `.jflint.yaml` for the Hugo site it finds (the
//! site root, the job-family folder, the words the handbook uses that the
//! `typo` rule does not know), and how to run jflint in pre-commit and CI.
//! Nothing here writes or prints: `main` does.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::rules::diagnostic::Applicability;
use crate::rules::registry::RuleCode;
use crate::site::SiteIndex;
use crate::workspace::config::Config;
use crate::workspace::engine::{Engine, Settings};

/// A word is proposed for `words.accept` when the `typo` rule calls it
/// unknown on at least this many pages: a product name or a handbook term
/// recurs, a slip of the keyboard seldom does.
pub const MIN_PAGES: usize = 2;
/// At most this many words are proposed.
pub const MAX_WORDS: usize = 200;

/// What `init` found under a folder.
#[derive(Debug)]
pub struct Survey {
    /// The folder the configuration is written in (absolute).
    pub dir: PathBuf,
    /// The Hugo site root (the folder holding `content/`), absolute.
    pub site_root: PathBuf,
    /// The job-family folder, absolute, if the site has one.
    pub job_families: Option<PathBuf>,
    /// Unknown words and the number of pages each is on, most pages first.
    pub words: Vec<(String, usize)>,
}

/// Finds the site for `dir`: `dir` or an ancestor holding `content/`, else a
/// folder at most two levels below it that does.
pub fn survey(dir: &Path) -> Result<Survey, String> {
    let dir = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    let site_root = SiteIndex::find_root(&dir)
        .or_else(|| site_below(&dir))
        .ok_or_else(|| {
            format!(
                "no Hugo site in or above {} (a folder holding `content/`); run `jflint init` in the site's repository",
                dir.display()
            )
        })?;
    let job_families = job_family_folder(&site_root);
    let words = match &job_families {
        Some(folder) => unknown_words(&dir, &site_root, folder),
        None => Vec::new(),
    };
    Ok(Survey {
        dir,
        site_root,
        job_families,
        words,
    })
}

/// A site root at most two folders below `dir`.
fn site_below(dir: &Path) -> Option<PathBuf> {
    shallowest_folder(dir, 2, |c| c.join("content").is_dir())
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// `content/job-families`, else the shallowest folder named `job-families`
/// under `content/` (at most three levels down).
fn job_family_folder(site_root: &Path) -> Option<PathBuf> {
    let content = site_root.join("content");
    let direct = content.join("job-families");
    if direct.is_dir() {
        return Some(direct);
    }
    shallowest_folder(&content, 3, |c| {
        c.file_name().is_some_and(|n| n == "job-families")
    })
}

/// The first folder that `wanted` accepts, level by level below `start` (at
/// most `depth` levels down), in name order; hidden folders are skipped.
fn shallowest_folder(
    start: &Path,
    depth: usize,
    wanted: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    let mut level = vec![start.to_path_buf()];
    for _ in 0..depth {
        let mut next = Vec::new();
        for d in &level {
            let Ok(entries) = std::fs::read_dir(d) else {
                continue;
            };
            let mut children: Vec<PathBuf> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir() && !is_hidden(p))
                .collect();
            children.sort();
            if let Some(found) = children.iter().find(|c| wanted(c)) {
                return Some(found.clone());
            }
            next.extend(children);
        }
        level = next;
    }
    None
}

/// Words the `typo` rule reports as unknown (not as known misspellings) on
/// at least [`MIN_PAGES`] job-family pages.
fn unknown_words(dir: &Path, site_root: &Path, folder: &Path) -> Vec<(String, usize)> {
    let settings = Settings {
        paths: vec![folder.to_path_buf()],
        config: Config::builtin(dir.to_path_buf()),
        site_root: Some(site_root.to_path_buf()),
        select: Some(vec![RuleCode::Typo.into()]),
        changed_since: None,
    };
    let Ok((_, outcome)) = Engine::run(settings) else {
        return Vec::new();
    };
    // Accepted words are matched without case: count each word once per
    // page, under the spelling seen first.
    let mut pages: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for file in &outcome.files {
        let mut seen = std::collections::HashSet::new();
        for f in &file.findings {
            // An unknown word carries an unsafe guess; a known misspelling a
            // safe fix or none.
            let unknown = f.rule == RuleCode::Typo
                && f.fix
                    .as_ref()
                    .is_some_and(|fix| fix.applicability == Applicability::Unsafe);
            if unknown && seen.insert(f.excerpt.to_lowercase()) {
                pages
                    .entry(f.excerpt.to_lowercase())
                    .or_insert_with(|| (f.excerpt.clone(), 0))
                    .1 += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = pages
        .into_values()
        .filter(|(_, n)| *n >= MIN_PAGES)
        .collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(MAX_WORDS);
    words
}

/// `to` relative to `from` (both absolute), with forward slashes.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return to.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A YAML scalar for `text`: plain when that is safe, else double-quoted.
fn yaml_string(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '\''))
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '.')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "y" | "n" | ".inf" | ".nan"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
    }
}

impl Survey {
    /// The job-family folder relative to the configuration's folder.
    pub fn job_families_rel(&self) -> Option<String> {
        self.job_families.as_ref().map(|f| relative(&self.dir, f))
    }

    /// The commented `.jflint.yaml`.
    pub fn config_text(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# jflint configuration (written by `jflint init`; every key is optional).\n\
             # `jflint rules` lists the rules, `jflint explain RULE` documents one.\n\n",
        );
        out.push_str(
            "# The Hugo site root: the folder holding `content/`. Links between pages\n\
             # are resolved against it.\n",
        );
        out.push_str(&format!(
            "site-root: {}\n\n",
            yaml_string(&relative(&self.dir, &self.site_root))
        ));
        match self.job_families_rel() {
            Some(folder) => out.push_str(&format!(
                "# Job-family pages are in {folder}/: check them with\n\
                 #     jflint check {folder}\n\n"
            )),
            None => out.push_str(
                "# No `job-families` folder was found under content/: job-family rules\n\
                 # still run on pages whose front matter says `layout: job_family_page`.\n\n",
            ),
        }
        out.push_str(
            "# Per rule: off, info, warning or error (defaults: `jflint rules`).\n\
             rules: {}\n\
             #  gender-coded-language: off\n\
             #  typo: error\n\n",
        );
        out.push_str(
            "# Files and folders not to check: globs relative to this file.\n\
             exclude: []\n\
             #  - content/job-families/archive/**\n\n",
        );
        out.push_str("# Exit 1 on findings at or above this severity.\n# fail-on: error\n\n");
        out.push_str(
            "# The handbook's own rules, in rule files (README: Rules without Rust),\n\
             # and a Vale configuration whose styles run as they are.\n\
             # custom-rules: [\".jflint/rules/*.yaml\"]\n\
             # vale-config: .vale.ini\n\n",
        );
        out.push_str("words:\n");
        if self.words.is_empty() {
            out.push_str(
                "  # Words never reported as misspellings or unknown words (any case).\n  accept: []\n",
            );
        } else {
            out.push_str(&format!(
                "  # Words never reported as misspellings or unknown words (any case).\n\
                 \x20 # These are the words `typo` did not know on {MIN_PAGES} or more job-family\n\
                 \x20 # pages when this file was written (pages in the comment): names and\n\
                 \x20 # terms of the handbook. Delete any that is a misspelling.\n\
                 \x20 accept:\n"
            ));
            for (word, pages) in &self.words {
                out.push_str(&format!("    - {}  # {pages}\n", yaml_string(word)));
            }
        }
        out.push_str(
            "  # Extra misspellings and their corrections.\n  corrections: {}\n  #  Parter: Partner\n",
        );
        out
    }

    /// How to run jflint in pre-commit and CI, for the terminal.
    pub fn next_steps(&self, version: &str) -> String {
        let folder = self
            .job_families_rel()
            .unwrap_or_else(|| "content".to_string());
        let files = format!("^{}/", regex::escape(&folder));
        format!(
            "Next steps:\n\n\
             1. Check the job-family pages:\n\n\
             \x20   jflint check {folder}\n\n\
             2. Lint staged pages on commit: add to .pre-commit-config.yaml\n\n\
             \x20   repos:\n\
             \x20     - repo: https://gitlab.example.com/tools/jflint-pre-commit\n\
             \x20       rev: v{version}\n\
             \x20       hooks:\n\
             \x20         - id: jflint        # installs the jflint wheel: no Rust needed\n\
             \x20           files: {files}\n\n\
             \x20   then run `pre-commit install`.\n\n\
             3. Lint merge requests in CI (installs the wheel, writes the Code Quality\n\
             \x20  report and prints the findings in the log):\n\n\
             \x20   GitLab:  copy ci/gitlab-ci.yml from jflint's repository into .gitlab-ci.yml\n\
             \x20   GitHub:  copy ci/github-actions.yml to .github/workflows/jflint.yml\n\n\
             \x20   Both hide the findings recorded in a baseline; write it once with\n\n\
             \x20   jflint baseline .jflint-baseline.json {folder}\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let p = Path::new;
        assert_eq!(relative(p("/a/b"), p("/a/b")), ".");
        assert_eq!(relative(p("/a/b"), p("/a/b/c/d")), "c/d");
        assert_eq!(relative(p("/a/b/c"), p("/a/b")), "..");
        assert_eq!(relative(p("/a/b/c"), p("/a/x")), "../../x");
    }

    #[test]
    fn yaml_strings_quote_what_yaml_would_read_otherwise() {
        assert_eq!(yaml_string("Gitaly"), "Gitaly");
        assert_eq!(yaml_string("no"), "\"no\"");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("#tag"), "\"#tag\"");
        assert_eq!(yaml_string("../site"), "../site");
        assert_eq!(yaml_string(".NaN"), "\".NaN\"");
    }

    #[test]
    fn the_written_config_loads() {
        let survey = Survey {
            dir: PathBuf::from("/site"),
            site_root: PathBuf::from("/site"),
            job_families: Some(PathBuf::from("/site/content/job-families")),
            words: vec![("Gitaly".to_string(), 3), ("on".to_string(), 2)],
        };
        let text = survey.config_text();
        let config = Config::from_yaml(&text, PathBuf::from("/site")).unwrap();
        assert_eq!(config.site_root, Some(PathBuf::from("/site/.")));
        assert!(config.data.accepted.contains("gitaly"), "{text}");
        assert!(config.data.accepted.contains("on"), "{text}");
        let empty = Survey {
            words: Vec::new(),
            job_families: None,
            ..survey
        };
        Config::from_yaml(&empty.config_text(), PathBuf::from("/site")).unwrap();
    }
}
