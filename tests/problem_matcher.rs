//! The VS Code problem matcher shipped in `editors/vscode/problem-matcher.json`
//! must read every line of `--format concise`: its regexp is run (with Node,
//! whose regular expressions are the ones VS Code uses, and with Rust's
//! `regex`) over the concise output, and each captured field is compared with
//! the JSON output of the same run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The matcher definition: the regexp and the group of each field.
struct Matcher {
    regexp: String,
    groups: [(&'static str, usize); 6],
}

fn load_matcher(path: &Path) -> Matcher {
    let text = std::fs::read_to_string(path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    matcher_from(&json["problemMatcher"])
}

fn matcher_from(def: &Value) -> Matcher {
    assert_eq!(def["owner"], "jflint");
    assert_eq!(def["fileLocation"][0], "relative");
    let pattern = &def["pattern"];
    let group = |name: &'static str| {
        let n = pattern[name]
            .as_u64()
            .unwrap_or_else(|| panic!("pattern has no `{name}` group"));
        (name, n as usize)
    };
    Matcher {
        regexp: pattern["regexp"].as_str().unwrap().to_string(),
        groups: [
            group("file"),
            group("line"),
            group("column"),
            group("severity"),
            group("code"),
            group("message"),
        ],
    }
}

fn jflint(dir: &Path, args: &[&str]) -> String {
    let output = Command::cargo_bin("jflint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "jflint {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The fields every finding must show, from the JSON report.
fn expected(json: &str) -> Vec<[String; 6]> {
    let items: Vec<Value> = serde_json::from_str(json).unwrap();
    items
        .iter()
        .map(|f| {
            let message = f["message"].as_str().unwrap();
            [
                f["path"].as_str().unwrap().to_string(),
                f["line"].to_string(),
                f["column"].to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                message.split_whitespace().collect::<Vec<_>>().join(" "),
            ]
        })
        .collect()
}

/// Every line through the regexp in Node: `new RegExp(regexp)` per line, as
/// VS Code does. Returns each line's groups (None when it does not match).
fn node_matches(regexp: &str, lines: &[&str]) -> Option<Vec<Option<Vec<String>>>> {
    let script = r#"
        let input = '';
        process.stdin.on('data', d => input += d);
        process.stdin.on('end', () => {
            const { regexp, lines } = JSON.parse(input);
            const re = new RegExp(regexp);
            const out = lines.map(l => {
                const m = re.exec(l);
                return m ? Array.from(m, g => g === undefined ? '' : g) : null;
            });
            process.stdout.write(JSON.stringify(out));
        });
    "#;
    let mut child = match Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            eprintln!("node is not available ({e}); checking with Rust's regex only");
            return None;
        }
    };
    let input = serde_json::json!({ "regexp": regexp, "lines": lines }).to_string();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "node failed");
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

fn rust_matches(regexp: &str, lines: &[&str]) -> Vec<Option<Vec<String>>> {
    let re = regex::Regex::new(regexp).expect("the pattern is valid for Rust's regex");
    lines
        .iter()
        .map(|l| {
            re.captures(l).map(|c| {
                c.iter()
                    .map(|g| g.map_or(String::new(), |g| g.as_str().to_string()))
                    .collect()
            })
        })
        .collect()
}

/// Runs jflint in `dir` on `args` in both formats and checks the matcher
/// reads every concise line back into the JSON report's fields.
fn check_matcher_on(matcher: &Matcher, dir: &Path, args: &[&str]) -> usize {
    let mut concise_args = vec!["check", "--format", "concise"];
    concise_args.extend_from_slice(args);
    let mut json_args = vec!["check", "--format", "json"];
    json_args.extend_from_slice(args);
    let concise = jflint(dir, &concise_args);
    let want = expected(&jflint(dir, &json_args));
    let lines: Vec<&str> = concise.lines().collect();
    assert_eq!(lines.len(), want.len(), "one concise line per finding");

    let mut engines = vec![("regex", rust_matches(&matcher.regexp, &lines))];
    if let Some(node) = node_matches(&matcher.regexp, &lines) {
        engines.push(("node", node));
    }
    for (engine, matches) in engines {
        for ((line, m), want) in lines.iter().zip(&matches).zip(&want) {
            let m = m
                .as_ref()
                .unwrap_or_else(|| panic!("{engine}: the problem matcher misses `{line}`"));
            for ((name, group), value) in matcher.groups.iter().zip(want) {
                assert_eq!(
                    m.get(*group),
                    Some(value),
                    "{engine}: field `{name}` of `{line}`"
                );
            }
        }
    }
    want.len()
}

#[test]
fn problem_matcher_reads_concise_output_for_every_fixture() {
    let matcher = load_matcher(&root().join("editors/vscode/problem-matcher.json"));
    let count = check_matcher_on(&matcher, root(), &["--no-config", "fixtures"]);
    // Every bad fixture page fires at least once.
    let bad_pages = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .filter_map(|d| std::fs::read_dir(d.unwrap().path()).ok())
        .flatten()
        .filter(|p| {
            p.as_ref()
                .unwrap()
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with("bad") && n.ends_with(".md"))
        })
        .count();
    assert!(bad_pages > 0 && count >= bad_pages, "{count} findings");
}

#[test]
fn problem_matcher_reads_awkward_names_and_messages() {
    let matcher = load_matcher(&root().join("editors/vscode/problem-matcher.json"));
    let dir = tempfile::tempdir().unwrap();
    let folder: PathBuf = dir.path().join("job-families/a b");
    std::fs::create_dir_all(&folder).unwrap();
    let page = "---\ntitle: \"T\"\nlayout: job_family_page\n---\n\n## Levels\n\n\
                ### Lead: Widgets [EMEA] 12:3: x\n\n#### Responsibilities\n\n- Things.\n";
    for name in ["odd: name 1:2: [x].md", "plain.md"] {
        std::fs::write(folder.join(name), page).unwrap();
    }
    std::fs::write(folder.join("no-title.md"), "---\nlayout: x\n---\n\nText.\n").unwrap();
    let count = check_matcher_on(&matcher, dir.path(), &["--no-config", "."]);
    assert!(count >= 3, "{count} findings");
}

#[test]
fn example_tasks_use_the_same_matcher() {
    let shipped: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/problem-matcher.json")).unwrap(),
    )
    .unwrap();
    let tasks: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/tasks.json")).unwrap(),
    )
    .unwrap();
    let task = &tasks["tasks"][0];
    assert_eq!(task["problemMatcher"], shipped["problemMatcher"]);
    let args: Vec<&str> = task["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(args.windows(2).any(|w| w == ["--format", "concise"]));
}

#[test]
fn a_broken_pattern_is_caught() {
    // The check has teeth: a pattern that drops the severity word misses lines.
    let mut matcher = load_matcher(&root().join("editors/vscode/problem-matcher.json"));
    matcher.regexp = matcher.regexp.replace("(error|warning|info)", "(warn)");
    let result = std::panic::catch_unwind(|| {
        check_matcher_on(&matcher, root(), &["--no-config", "fixtures"])
    });
    assert!(result.is_err());
}
