//! Baselines: a file of known findings that `check --baseline` hides, so a
//! merge request is judged only on what it adds.
//!
//! Findings are matched by their fingerprint (rule, path, enclosing heading
//! path, offending text, occurrence index), never by line number: editing a
//! page above a known finding leaves it known. The file is JSON in a stable
//! order, one entry per finding, meant to be read in review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "path": "content/job-families/engineering/backend.md",
//!       "rule": "missing-grade",
//!       "fingerprint": "0f3c…",
//!       "message": "level `Senior Backend Engineer` has no job grade"
//!     }
//!   ]
//! }
//! ```

use std::collections::HashSet;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::outcome::Outcome;
use crate::rules::rule_id::RuleId;
use crate::workspace::engine::Engine;

/// The format version this jflint reads and writes.
pub const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

/// One known finding. Only `fingerprint` is matched; the rest is for readers
/// (and tells which entries a partial run could have seen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    pub message: String,
}

#[derive(Debug)]
pub struct BaselineError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "baseline {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for BaselineError {}

/// What applying a baseline did to a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BaselineSummary {
    /// Findings left in the report.
    pub new: usize,
    /// Findings hidden because the baseline knows them.
    pub hidden: usize,
    /// Entries for files and rules this run checked that matched nothing:
    /// findings fixed since the baseline was written.
    pub fixed: usize,
}

impl fmt::Display for BaselineSummary {
    /// "3 new findings; 120 known findings hidden by the baseline; 4 baseline
    /// entries no longer occur".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}; {} hidden by the baseline; {} no longer {}",
            plural(self.new, "new finding", "new findings"),
            plural(self.hidden, "known finding", "known findings"),
            plural(self.fixed, "baseline entry", "baseline entries"),
            if self.fixed == 1 { "occurs" } else { "occur" },
        )
    }
}

impl Baseline {
    /// Every finding of a run, sorted by path, rule, message and fingerprint,
    /// so the same findings always give the same file.
    pub fn from_outcome(outcome: &Outcome) -> Baseline {
        let mut findings: Vec<BaselineEntry> = outcome
            .findings()
            .map(|(file, f)| BaselineEntry {
                path: file.display.clone(),
                rule: f.rule.name().to_string(),
                fingerprint: f.fingerprint.clone(),
                message: f.message.clone(),
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.path, &a.rule, &a.message, &a.fingerprint).cmp(&(
                &b.path,
                &b.rule,
                &b.message,
                &b.fingerprint,
            ))
        });
        findings.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Baseline {
            version: BASELINE_VERSION,
            findings,
        }
    }

    /// Parses a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(BASELINE_VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "version {v} is not supported (this jflint reads version {BASELINE_VERSION})"
                ));
            }
            None => return Err("no `version` number: not a jflint baseline".to_string()),
        }
        let baseline: Baseline = serde_json::from_value(value).map_err(|e| e.to_string())?;
        if let Some(bad) = baseline
            .findings
            .iter()
            .find(|e| !is_fingerprint(&e.fingerprint))
        {
            return Err(format!(
                "entry for `{}` has an invalid fingerprint `{}`",
                bad.path, bad.fingerprint
            ));
        }
        Ok(baseline)
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let err = |message: String| BaselineError {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        Baseline::parse(&text).map_err(err)
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Writes the file atomically: a temporary file in the same folder, then a
    /// rename, so a reader never sees half a baseline.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let err = |message: String| BaselineError {
            path: path.to_path_buf(),
            message,
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut temp = tempfile::Builder::new()
            .prefix(".jflint-baseline")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| err(format!("cannot create a file in {}: {e}", dir.display())))?;
        temp.write_all(self.to_json().as_bytes())
            .and_then(|_| temp.as_file().sync_all())
            .map_err(|e| err(format!("cannot write: {e}")))?;
        // The temporary file is private; the baseline is read by everyone.
        let permissions = match std::fs::metadata(path) {
            Ok(meta) => Some(meta.permissions()),
            Err(_) => default_permissions(),
        };
        if let Some(p) = permissions {
            let _ = temp.as_file().set_permissions(p);
        }
        temp.persist(path)
            .map_err(|e| err(format!("cannot write: {}", e.error)))?;
        Ok(())
    }

    /// Removes the findings this baseline knows from `outcome` and counts
    /// entries that no longer occur. An entry counts as fixed only when this
    /// run checked its file with its rule, so a run on some files
    /// (`--changed-since`, a subfolder, `--select`) does not call the others fixed.
    pub fn apply(&self, engine: &Engine, outcome: &mut Outcome) -> BaselineSummary {
        let known: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut matched: HashSet<&str> = HashSet::new();
        let mut summary = BaselineSummary::default();
        for file in &mut outcome.files {
            let before = file.findings.len();
            file.findings.retain(|f| {
                let hit = known.get(f.fingerprint.as_str());
                if let Some(fp) = hit {
                    matched.insert(fp);
                }
                hit.is_none()
            });
            summary.hidden += before - file.findings.len();
            summary.new += file.findings.len();
            if file.findings.is_empty() {
                file.source = String::new();
            }
        }
        let checked: std::collections::HashMap<&str, &Path> = outcome
            .files
            .iter()
            .map(|f| (f.display.as_str(), f.path.as_path()))
            .collect();
        let mut counted: HashSet<&str> = HashSet::new();
        for entry in &self.findings {
            if matched.contains(entry.fingerprint.as_str())
                || !counted.insert(entry.fingerprint.as_str())
            {
                continue;
            }
            let Some(path) = checked.get(entry.path.as_str()) else {
                continue;
            };
            // A rule that no longer exists cannot find anything.
            let ran = entry
                .rule
                .parse::<RuleId>()
                .map_or(true, |code| engine.runs_rule(path, code));
            if ran {
                summary.fixed += 1;
            }
        }
        summary
    }
}

/// Fingerprints are 32 lowercase hex digits.
fn is_fingerprint(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, fingerprint: &str) -> BaselineEntry {
        BaselineEntry {
            path: path.to_string(),
            rule: "missing-grade".to_string(),
            fingerprint: fingerprint.to_string(),
            message: "level `A` has no job grade".to_string(),
        }
    }

    #[test]
    fn round_trips_and_rejects_bad_files() {
        let b = Baseline {
            version: BASELINE_VERSION,
            findings: vec![entry("a.md", &"ab".repeat(16))],
        };
        assert_eq!(Baseline::parse(&b.to_json()).unwrap(), b);
        assert!(Baseline::parse("[]").unwrap_err().contains("version"));
        assert!(
            Baseline::parse("{\"version\": 9, \"findings\": []}")
                .unwrap_err()
                .contains("version 9")
        );
        assert!(Baseline::parse("{").unwrap_err().contains("JSON"));
        let bad = b.to_json().replace(&"ab".repeat(16), "xyz");
        assert!(Baseline::parse(&bad).unwrap_err().contains("fingerprint"));
        let extra = b
            .to_json()
            .replace("\"version\": 1", "\"version\": 1, \"x\": 2");
        assert!(Baseline::parse(&extra).is_err());
    }

    #[test]
    fn summary_reads_well() {
        let s = BaselineSummary {
            new: 3,
            hidden: 120,
            fixed: 4,
        };
        assert_eq!(
            s.to_string(),
            "3 new findings; 120 known findings hidden by the baseline; 4 baseline entries no longer occur"
        );
        let one = BaselineSummary {
            new: 1,
            hidden: 1,
            fixed: 1,
        };
        assert_eq!(
            one.to_string(),
            "1 new finding; 1 known finding hidden by the baseline; 1 baseline entry no longer occurs"
        );
    }
}
