//! SARIF 2.1.0 (OASIS): one run, the rules that occur in it described in
//! `tool.driver.rules`, one result per finding with its region, the stable
//! fingerprint in `partialFingerprints`, and fixes as byte-range replacements.
//!
//! Schema: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json>.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::outcome::{Finding, Outcome};
use crate::rules::diagnostic::{Applicability, Fix, Severity};
use crate::rules::registry::RuleCode;
use crate::rules::rule_id::RuleId;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    results: Vec<SarifResult<'a>>,
    /// Columns count Unicode scalar values (see `span.rs`).
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: Fingerprints<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

/// `partialFingerprints`: the key's suffix versions the way the fingerprint
/// is computed, so that a change of method does not match old results.
#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "jflint/v1")]
    v1: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    /// `safe` fixes can be applied unattended; `unsafe` ones need review.
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: ByteRegion,
    inserted_content: Inserted,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteRegion {
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
struct Inserted {
    text: String,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The project's address, when the package declares one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// The "What it does" section of a rule's documentation, as one paragraph.
fn what_it_does(doc: &str) -> String {
    let body = doc.split("## What it does").nth(1).unwrap_or(doc);
    let section = body.split("\n## ").next().unwrap_or(body);
    section.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn descriptor(rule: RuleId, outcome: &Outcome) -> RuleDescriptor {
    let code = match rule {
        RuleId::Builtin(code) => code,
        RuleId::Custom(_) => {
            let doc = outcome.custom_rules.iter().find(|d| d.id == rule);
            let documentation = doc.map(|d| d.documentation.clone()).unwrap_or_default();
            return RuleDescriptor {
                id: rule.name(),
                short_description: Text {
                    text: doc.map(|d| d.summary.clone()).unwrap_or_default(),
                },
                full_description: Text {
                    text: documentation
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                },
                help: Help {
                    text: documentation.clone(),
                    markdown: documentation,
                },
                default_configuration: Configuration {
                    level: level(doc.map_or(Severity::Warning, |d| d.severity)),
                },
            };
        }
    };
    descriptor_of(code)
}

fn descriptor_of(rule: RuleCode) -> RuleDescriptor {
    let doc = rule.documentation();
    RuleDescriptor {
        id: rule.name(),
        short_description: Text {
            text: rule.summary(),
        },
        full_description: Text {
            text: what_it_does(&doc),
        },
        help: Help {
            text: doc.clone(),
            markdown: doc,
        },
        default_configuration: Configuration {
            level: level(rule.default_severity()),
        },
    }
}

/// A path as a URI reference: relative paths stay relative (to the folder
/// jflint ran in), absolute ones become `file://` URIs. Anything that is not
/// an unreserved character or `/` is percent-encoded, `:` included, so that
/// a relative path never reads as a scheme.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn message(f: &Finding) -> Text {
    let text = match &f.help {
        Some(help) => format!("{}\nhelp: {help}", f.message),
        None => f.message.clone(),
    };
    Text { text }
}

fn fix(fix: &Fix, location: &ArtifactLocation, help: Option<&str>) -> SarifFix {
    SarifFix {
        description: Text {
            text: help.unwrap_or("apply jflint's fix").to_string(),
        },
        artifact_changes: [ArtifactChange {
            artifact_location: location.clone(),
            replacements: fix
                .edits
                .iter()
                .map(|e| Replacement {
                    deleted_region: ByteRegion {
                        byte_offset: e.range.start,
                        byte_length: e.range.end.saturating_sub(e.range.start),
                    },
                    inserted_content: Inserted {
                        text: e.replacement.clone(),
                    },
                })
                .collect(),
        }],
        properties: FixProperties {
            applicability: match fix.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
            },
        },
    }
}

pub fn write(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    let mut used: Vec<RuleId> = outcome.findings().map(|(_, f)| f.rule).collect();
    used.sort();
    used.dedup();
    let results = outcome
        .findings()
        .map(|(file, f)| {
            let artifact = ArtifactLocation {
                uri: uri(&super::relative_to_cwd(&file.display)),
            };
            SarifResult {
                rule_id: f.rule.name(),
                rule_index: used.binary_search(&f.rule).unwrap_or_default(),
                level: level(f.severity),
                message: message(f),
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact.clone(),
                        region: Region {
                            start_line: f.line,
                            start_column: f.column,
                            end_line: f.end_line.max(f.line),
                            end_column: if f.end_line > f.line {
                                f.end_column
                            } else {
                                f.end_column.max(f.column)
                            },
                        },
                    },
                }],
                partial_fingerprints: Fingerprints { v1: &f.fingerprint },
                fixes: f
                    .fix
                    .iter()
                    .map(|x| fix(x, &artifact, f.help.as_deref()))
                    .collect(),
            }
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "jflint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules: used.iter().map(|&r| descriptor(r, outcome)).collect(),
                },
            },
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("content/a b.md"), "content/a%20b.md");
        assert_eq!(uri("c:d/é.md"), "c%3Ad/%C3%A9.md");
        assert_eq!(uri("/site/x#1.md"), "file:///site/x%231.md");
    }

    #[test]
    fn fixes_are_byte_replacements_and_valid_sarif() {
        use crate::report::outcome::{FileReport, Finding};
        use std::path::PathBuf;

        let finding = Finding {
            rule: RuleCode::MissingGrade.into(),
            severity: Severity::Info,
            message: "a\nmessage".to_string(),
            help: Some("do this".to_string()),
            span: 4..9,
            line: 1,
            column: 5,
            end_line: 1,
            end_column: 10,
            fix: Some(Fix::unsafe_edit(4..9, "grade")),
            context: Vec::new(),
            excerpt: "grad.".to_string(),
            fingerprint: "0123".to_string(),
        };
        let outcome = Outcome {
            files: vec![FileReport {
                path: PathBuf::from("a b.md"),
                display: "a b.md".to_string(),
                source: "The grad. is 5\n".to_string(),
                findings: vec![finding],
            }],
            custom_rules: Vec::new(),
        };
        let mut out = Vec::new();
        write(&mut out, &outcome).unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/schemas/sarif-schema-2.1.0.json"))
                .unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["level"], "note");
        assert_eq!(result["message"]["text"], "a\nmessage\nhelp: do this");
        let fix = &result["fixes"][0];
        assert_eq!(fix["description"]["text"], "do this");
        assert_eq!(fix["properties"]["applicability"], "unsafe");
        let change = &fix["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "a%20b.md");
        let replacement = &change["replacements"][0];
        assert_eq!(replacement["deletedRegion"]["byteOffset"], 4);
        assert_eq!(replacement["deletedRegion"]["byteLength"], 5);
        assert_eq!(replacement["insertedContent"]["text"], "grade");
    }

    #[test]
    fn what_it_does_is_one_paragraph() {
        let doc = "## What it does\nChecks a\nthing.\n\n## Why is this bad?\nBecause.";
        assert_eq!(what_it_does(doc), "Checks a thing.");
    }
}
