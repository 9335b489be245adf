//! Every `--format` on a small fixture set: machine formats validated against
//! their published schemas (tests/schemas/), fields and escaping checked,
//! fingerprints stable, output deterministic and terminal-aware.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use common::{Tree, clean_page, family, fixture_set};
use jflint::rules::registry::RuleCode;
use regex::Regex;
use serde_json::Value;

fn validator(schema: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(schema);
    let text = std::fs::read_to_string(&path).expect("vendored schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles offline")
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value) {
    let errors = schema_errors(validator, instance);
    assert!(
        errors.is_empty(),
        "schema errors: {errors:#?}\n{instance:#}"
    );
}

/// Runs a format over the fixture set: (exit code, parsed stdout).
fn json_of(tree: &Tree, args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = tree.run(args);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}\nstderr: {stderr}"));
    (code, value)
}

/// The `json` format's findings, keyed by (path, line, rule).
fn json_findings(tree: &Tree, args: &[&str]) -> HashMap<(String, u64, String), Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (_, value) = json_of(tree, &all);
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            let key = (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            );
            (key, f.clone())
        })
        .collect()
}

const FIXTURE_FINDINGS: usize = 4;

#[test]
fn json_has_every_field() {
    let tree = fixture_set();
    let (code, value) = json_of(&tree, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), FIXTURE_FINDINGS, "{value:#}");
    for item in items {
        for key in [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "severity",
            "message",
            "help",
            "fixable",
            "fingerprint",
        ] {
            assert!(item.get(key).is_some(), "`{key}` missing from {item:#}");
        }
        let path = item["path"].as_str().unwrap();
        assert!(path.starts_with("content/job-families/"), "{path}");
        assert!(item["line"].as_u64().unwrap() >= 1);
        assert!(item["column"].as_u64().unwrap() >= 1);
        assert!(item["rule"].as_str().unwrap().parse::<RuleCode>().is_ok());
    }
    let rules: BTreeSet<&str> = items.iter().map(|i| i["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, BTreeSet::from(["frontmatter", "missing-grade"]));
}

#[test]
fn concise_lines_name_path_position_severity_and_rule() {
    let tree = fixture_set();
    let (code, stdout, _) = tree.run(&["check", "--format", "concise"]);
    assert_eq!(code, 1);
    let line_re =
        Regex::new(r"^(.+):(\d+):(\d+): (error|warning|info)\[([a-z-]+)\] (\S.*)$").unwrap();
    let json = json_findings(&tree, &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), FIXTURE_FINDINGS, "{stdout}");
    for line in lines {
        let caps = line_re
            .captures(line)
            .unwrap_or_else(|| panic!("not a concise line: {line}"));
        let key = (
            caps[1].to_string(),
            caps[2].parse().unwrap(),
            caps[5].to_string(),
        );
        let f = json
            .get(&key)
            .unwrap_or_else(|| panic!("{line} not in JSON"));
        assert_eq!(
            f["column"].as_u64().unwrap(),
            caps[3].parse::<u64>().unwrap()
        );
        assert_eq!(f["severity"], caps[4]);
        assert_eq!(f["message"], caps[6]);
    }
}

#[test]
fn gitlab_report_is_valid_code_quality() {
    let tree = fixture_set();
    let (code, value) = json_of(&tree, &["check", "--format", "gitlab"]);
    assert_eq!(code, 1);
    assert_valid(&validator("gitlab-codequality.schema.json"), &value);
    let json = json_findings(&tree, &[]);
    let issues = value.as_array().unwrap();
    assert_eq!(issues.len(), FIXTURE_FINDINGS);
    for issue in issues {
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(!path.starts_with("./") && !path.starts_with('/'), "{path}");
        let line = issue["location"]["lines"]["begin"].as_u64().unwrap();
        let rule = issue["check_name"].as_str().unwrap();
        let f = &json[&(path.to_string(), line, rule.to_string())];
        assert_eq!(issue["fingerprint"], f["fingerprint"]);
        assert_eq!(issue["severity"], "major", "errors are major");
        let description = issue["description"].as_str().unwrap();
        assert!(description.contains(rule), "{description}");
        assert!(
            description.contains(f["message"].as_str().unwrap()),
            "{description}"
        );
    }
}

#[test]
fn absolute_arguments_still_give_relative_paths() {
    let tree = fixture_set();
    let folder = tree.path().join("content/job-families/engineering");
    let folder = folder.to_str().unwrap();
    let (_, report) = json_of(&tree, &["check", "--format", "gitlab", folder]);
    assert_valid(&validator("gitlab-codequality.schema.json"), &report);
    assert_eq!(
        report[0]["location"]["path"],
        "content/job-families/engineering/widgets.md"
    );
    let (_, log) = json_of(&tree, &["check", "--format", "sarif", folder]);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "content/job-families/engineering/widgets.md"
    );
}

#[test]
fn gitlab_severities_map_warning_to_minor_and_info_to_info() {
    let tree = fixture_set();
    tree.write(
        ".jflint.yaml",
        "rules:\n  missing-grade: warning\n  frontmatter: info\n",
    );
    let (code, value) = json_of(&tree, &["check", "--format", "gitlab"]);
    assert_eq!(code, 0, "nothing at error level");
    assert_valid(&validator("gitlab-codequality.schema.json"), &value);
    for issue in value.as_array().unwrap() {
        let expected = match issue["check_name"].as_str().unwrap() {
            "missing-grade" => "minor",
            "frontmatter" => "info",
            other => panic!("unexpected rule {other}"),
        };
        assert_eq!(issue["severity"], expected);
    }
}

#[test]
fn sarif_log_is_valid_sarif_2_1_0() {
    let tree = fixture_set();
    let (code, log) = json_of(&tree, &["check", "--format", "sarif"]);
    assert_eq!(code, 1);
    assert_valid(&validator("sarif-schema-2.1.0.json"), &log);
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "jflint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    // Rule metadata for exactly the rules that occur, in the registry's order.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["frontmatter", "missing-grade"]);
    for rule in rules {
        let code: RuleCode = rule["id"].as_str().unwrap().parse().unwrap();
        assert_eq!(rule["shortDescription"]["text"], code.summary());
        assert_eq!(rule["help"]["markdown"], code.documentation());
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert_eq!(rule["defaultConfiguration"]["level"], "error");
    }

    let json = json_findings(&tree, &[]);
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), FIXTURE_FINDINGS);
    for result in results {
        let rule_id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], rule_id);
        assert_eq!(result["level"], "error");
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        let region = &location["region"];
        let line = region["startLine"].as_u64().unwrap();
        let path = uri
            .replace("%2C", ",")
            .replace("%3A", ":")
            .replace("%20", " ");
        let path = path.replace("%25", "%");
        let f = &json[&(path, line, rule_id.to_string())];
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(region["endLine"], f["end_line"]);
        assert_eq!(region["endColumn"], f["end_column"]);
        assert_eq!(result["partialFingerprints"]["jflint/v1"], f["fingerprint"]);
        let text = result["message"]["text"].as_str().unwrap();
        assert!(text.starts_with(f["message"].as_str().unwrap()), "{text}");
    }
    // A path with spaces, a comma, a colon and a percent sign is a valid
    // relative URI reference.
    assert!(
        results.iter().any(
            |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "content/job-families/odd%2C%20name%3A%20100%25.md"
        ),
        "{log:#}"
    );
}

#[test]
fn the_schemas_reject_what_they_should() {
    let tree = fixture_set();
    let (_, log) = json_of(&tree, &["check", "--format", "sarif"]);
    let sarif = validator("sarif-schema-2.1.0.json");
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&sarif, &bad).is_empty());
    // Formats are checked too.
    let mut bad = log.clone();
    bad["$schema"] = "sarif 2.1.0".into();
    assert!(!schema_errors(&sarif, &bad).is_empty());
    let (_, mut report) = json_of(&tree, &["check", "--format", "gitlab"]);
    report[0]["severity"] = "high".into();
    assert!(!schema_errors(&validator("gitlab-codequality.schema.json"), &report).is_empty());
    let (_, mut report) = json_of(&tree, &["check", "--format", "gitlab"]);
    report[0]["location"]["path"] = "./content/x.md".into();
    assert!(!schema_errors(&validator("gitlab-codequality.schema.json"), &report).is_empty());
}

#[test]
fn machine_formats_are_valid_with_no_findings() {
    let tree = Tree::new();
    tree.write("content/job-families/clean.md", &clean_page());
    let (code, report) = json_of(&tree, &["check", "--format", "gitlab"]);
    assert_eq!(code, 0);
    assert_eq!(report, serde_json::json!([]));
    assert_valid(&validator("gitlab-codequality.schema.json"), &report);

    let (code, log) = json_of(&tree, &["check", "--format", "sarif"]);
    assert_eq!(code, 0);
    assert_valid(&validator("sarif-schema-2.1.0.json"), &log);
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));

    let (code, findings) = json_of(&tree, &["check", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(findings, serde_json::json!([]));

    for format in ["github", "concise"] {
        let (code, stdout, _) = tree.run(&["check", "--format", format]);
        assert_eq!((code, stdout.as_str()), (0, ""), "{format}");
    }
}

/// Undoes GitHub's escaping of a property value or message.
fn unescape(s: &str) -> String {
    s.replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

#[test]
fn github_commands_are_escaped() {
    let tree = fixture_set();
    let (code, stdout, _) = tree.run(&["check", "--format", "github"]);
    assert_eq!(code, 1);
    let command = Regex::new(
        r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^,:]+)::(.+)$",
    )
    .unwrap();
    let json = json_findings(&tree, &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), FIXTURE_FINDINGS, "{stdout}");
    for line in &lines {
        let caps = command
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        assert_eq!(&caps[1], "error");
        let path = unescape(&caps[2]);
        let f = &json[&(path, caps[3].parse().unwrap(), {
            let title = unescape(&caps[7]);
            title
                .strip_prefix("jflint (")
                .and_then(|t| t.strip_suffix(')'))
                .unwrap_or_else(|| panic!("title {title}"))
                .to_string()
        })];
        assert_eq!(
            f["column"].as_u64().unwrap(),
            caps[4].parse::<u64>().unwrap()
        );
        let message = unescape(&caps[8]);
        let expected = format!(
            "{}\nhelp: {}",
            f["message"].as_str().unwrap(),
            f["help"].as_str().unwrap()
        );
        assert_eq!(message, expected);
    }
    let odd = lines
        .iter()
        .find(|l| l.contains("odd"))
        .expect("the odd page is reported");
    assert!(
        odd.contains("file=content/job-families/odd%2C name%3A 100%25.md,"),
        "{odd}"
    );
    assert!(odd.contains("title=jflint (missing-grade)::"), "{odd}");
    // In the message only `%` and line breaks are escaped.
    assert!(
        odd.contains("level `Engineer, Widgets: 100%25` has no job grade%0Ahelp: "),
        "{odd}"
    );
}

/// Piped (a CI log), the report is drawn as on a terminal, without colour,
/// as rustc's and ruff's are.
#[test]
fn human_report_stays_graphical_without_colour_when_piped() {
    let tree = fixture_set();
    let (code, stdout, stderr) = tree.run(&["check"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "");
    assert!(!stdout.contains('\x1b'), "no escapes when piped:\n{stdout}");
    assert!(
        stdout.contains("╭─[content/job-families/engineering/widgets.md:20:5]"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("4 errors in 3 of 4 files"));
    insta::assert_snapshot!("human_piped", stdout);
}

/// `--narrate`: miette's narrated text, for screen readers, led by
/// `path:line:column`.
#[test]
fn human_report_is_narrated_on_request() {
    let tree = fixture_set();
    let (code, stdout, _) = tree.run(&["check", "--narrate"]);
    assert_eq!(code, 1);
    assert!(!stdout.contains('╭'), "{stdout}");
    assert!(
        stdout.contains("content/job-families/engineering/widgets.md:20:5: level `Senior Widget Engineer` has no job grade"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("4 errors in 3 of 4 files"));
    insta::assert_snapshot!("human_narrated", stdout);
}

#[test]
fn colour_follows_the_flag_then_no_color_then_force_color() {
    let tree = fixture_set();
    let coloured = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = tree.jflint(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap().contains('\x1b')
    };
    assert!(coloured(&["check", "--color", "always"], &[]));
    assert!(coloured(&["check", "--color=always"], &[("NO_COLOR", "1")]));
    assert!(coloured(&["check"], &[("FORCE_COLOR", "1")]));
    assert!(!coloured(&["check"], &[("FORCE_COLOR", "")]));
    assert!(!coloured(
        &["check"],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
    ));
    assert!(!coloured(
        &["check", "--color", "never"],
        &[("FORCE_COLOR", "1")]
    ));
    // Machine formats never carry escapes, whatever is asked.
    let out = tree
        .jflint(&["check", "--format", "json", "--color", "always"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

#[test]
fn human_report_summary_when_clean() {
    let tree = Tree::new();
    tree.write("a.md", &clean_page());
    tree.write("b.md", &clean_page());
    let (code, stdout, _) = tree.run(&["check"]);
    assert_eq!((code, stdout.as_str()), (0, "No problems in 2 files\n"));
}

/// Runs `jflint` in a pseudo-terminal (util-linux `script`) and returns what
/// it wrote there.
fn on_terminal(tree: &Tree, no_color: bool) -> String {
    let bin = env!("CARGO_BIN_EXE_jflint");
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(tree.path())
        .args(["-qec", &format!("'{bin}' check"), "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("FORCE_COLOR")
        .env("COLUMNS", "100")
        .stdin(Stdio::null());
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd
        .output()
        .expect("`script` (util-linux) runs jflint in a pseudo-terminal");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn human_report_is_graphical_on_a_terminal_and_honours_no_color() {
    let tree = fixture_set();
    let coloured = on_terminal(&tree, false);
    assert!(
        coloured.contains('\x1b'),
        "colour on a terminal:\n{coloured}"
    );
    assert!(
        coloured.contains("╭─["),
        "graphical on a terminal:\n{coloured}"
    );
    let plain = on_terminal(&tree, true);
    assert!(!plain.contains('\x1b'), "NO_COLOR:\n{plain}");
    assert!(
        plain.contains("╭─[content/job-families/engineering/widgets.md:"),
        "{plain}"
    );
    assert!(plain.contains("4 errors in 3 of 4 files"), "{plain}");
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let tree = Tree::new();
    for team in 0..8 {
        for n in 0..12 {
            let levels: Vec<(String, Option<u32>)> = (0..(n % 5))
                .map(|i| {
                    (
                        format!("Widget Maker {i} of {team}-{n}"),
                        (i % 3 == 0).then_some(5 + i),
                    )
                })
                .collect();
            let levels: Vec<(&str, Option<u32>)> =
                levels.iter().map(|(s, g)| (s.as_str(), *g)).collect();
            let page = if n == 7 {
                "---\ntitle: [unclosed\n---\n\n## Levels\n".to_string()
            } else {
                family(&format!("Team {team} page {n}"), &levels)
            };
            tree.write(
                &format!("content/job-families/team-{team}/page-{n:02}.md"),
                &page,
            );
        }
    }
    for format in ["concise", "json", "sarif", "gitlab", "github", "human"] {
        let one = tree.run(&["check", "-j", "1", "--format", format]);
        let two = tree.run(&["check", "-j", "2", "--format", format]);
        assert_eq!(one.0, 1);
        assert!(one.1.lines().count() > 50, "{format}: enough findings");
        assert_eq!(one, two, "{format} differs between -j 1 and -j 2");
    }
}

#[test]
fn fingerprints_are_unique_and_survive_lines_added_above() {
    let tree = Tree::new();
    let levels = [
        ("Widget Engineer", None),
        ("Senior Widget Engineer", None),
        ("Staff Widget Engineer", Some(8)),
    ];
    let page = family("Widget Engineer", &levels);
    // The same level twice under the same headings: told apart by occurrence.
    let page = page.replacen(
        "\n## Responsibilities",
        "\n### Widget Engineer\n\nAgain.\n\n## Responsibilities",
        1,
    );
    tree.write("content/job-families/w.md", &page);
    let before = json_findings(&tree, &["--select", "missing-grade"]);
    assert_eq!(before.len(), 3, "{before:#?}");
    let prints: BTreeSet<&str> = before
        .values()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), before.len(), "fingerprints are unique");

    let moved = page.replace(
        "## Levels\n",
        "Some words about widgets.\n\nMore words.\n\n## Levels\n",
    );
    tree.write("content/job-families/w.md", &moved);
    let after = json_findings(&tree, &["--select", "missing-grade"]);
    let after_prints: BTreeSet<&str> = after
        .values()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints, after_prints, "same findings, same fingerprints");
    let lines =
        |m: &HashMap<(String, u64, String), Value>| m.keys().map(|k| k.1).collect::<BTreeSet<_>>();
    assert!(
        lines(&before).is_disjoint(&lines(&after)),
        "the findings did move"
    );

    // Another page with the same content is another finding.
    tree.write("content/job-families/copy.md", &page);
    let both = json_findings(&tree, &["--select", "missing-grade"]);
    let all: BTreeSet<&str> = both
        .values()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(all.len(), 6);
}

#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    let tree = Tree::new();
    let levels: Vec<(String, Option<u32>)> = (0..6)
        .map(|i| (format!("Widget Maker {i}"), None))
        .collect();
    let levels: Vec<(&str, Option<u32>)> = levels.iter().map(|(s, g)| (s.as_str(), *g)).collect();
    let page = family("Many", &levels);
    for n in 0..150 {
        tree.write(&format!("content/job-families/p{n:03}.md"), &page);
    }
    for format in ["human", "concise", "json", "sarif", "gitlab", "github"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jflint"))
            .current_dir(tree.path())
            .args(["check", "--format", format])
            .env("RUST_BACKTRACE", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("jflint starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        // The reading end is closed here, like `| head -1`.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panic"), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
    }
}
