//! The distribution, end to end. The crate is packaged (`cargo package`), the
//! packaged crate alone is built into a Python wheel by maturin (one release
//! build, shared by every test here), and the wheel is installed where a
//! handbook's editors and CI install it, with no cargo on PATH: a fresh
//! virtual environment, pre-commit's `language: python` hooks, and the GitLab
//! and GitHub templates' script lines run in a shell against a fixture
//! repository.
//!
//! maturin and pre-commit come from PyPI, installed under `target/tmp`. With
//! `CI=true` a failure to install them fails these tests; elsewhere they are
//! skipped with a message (the registry may be out of reach).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;
use serde_yaml::Value as Yaml;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const BIN: &str = env!("CARGO_BIN_EXE_jflint");
const TOOLS: &str = "maturin>=1.9,<2 pre-commit>=3.2,<5";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tmp() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

/// The built wheel and the tools, shared by the tests.
struct Dist {
    /// The tools' virtual environment's `bin/` (maturin, pre-commit).
    tools: PathBuf,
    /// The folder holding the wheel alone (for pip's `--find-links`).
    wheels: PathBuf,
    wheel: PathBuf,
}

/// The wheel, built once; `None` when the tools could not be installed
/// outside CI.
fn dist() -> Option<&'static Dist> {
    static DIST: OnceLock<Option<Dist>> = OnceLock::new();
    DIST.get_or_init(|| {
        let tools = match install_tools() {
            Ok(tools) => tools,
            Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("CI=true and maturin/pre-commit could not be installed: {e}")
            }
            Err(e) => {
                eprintln!("SKIPPED: maturin and pre-commit could not be installed from PyPI: {e}");
                return None;
            }
        };
        let (wheels, wheel) = build_wheel(&tools).unwrap_or_else(|e| panic!("{e}"));
        Some(Dist {
            tools,
            wheels,
            wheel,
        })
    })
    .as_ref()
}

fn run_ok(cmd: &mut Command) -> Result<Output, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!("{cmd:?} failed:\n{}", text(&out)))
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A virtual environment at `dir`; returns its `bin/`.
fn venv(dir: &Path) -> Result<PathBuf, String> {
    run_ok(Command::new("python3").args(["-m", "venv"]).arg(dir))?;
    Ok(dir.join("bin"))
}

/// maturin and pre-commit in `target/tmp/dist-tools`, reused while the
/// requirements are the same.
fn install_tools() -> Result<PathBuf, String> {
    let dir = tmp().join("dist-tools");
    let stamp = dir.join("jflint-installed");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == TOOLS) {
        return Ok(dir.join("bin"));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let bin = venv(&dir)?;
    run_ok(
        Command::new(bin.join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(TOOLS.split(' ')),
    )?;
    std::fs::write(&stamp, TOOLS).map_err(|e| e.to_string())?;
    Ok(bin)
}

/// `cargo package`, then maturin on the packaged crate: the wheel is built
/// from what crates.io would hold, so this also shows that the packaged
/// crate builds on its own.
fn build_wheel(tools: &Path) -> Result<(PathBuf, PathBuf), String> {
    let target = tmp().join("dist-target");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run_ok(
        Command::new(&cargo)
            .current_dir(manifest_dir())
            .args([
                "package",
                "--no-verify",
                "--allow-dirty",
                "--locked",
                "--quiet",
            ])
            .arg("--target-dir")
            .arg(&target),
    )?;
    let name = format!("jflint-{VERSION}");
    let crate_file = target.join("package").join(format!("{name}.crate"));
    let bytes = std::fs::read(&crate_file).map_err(|e| e.to_string())?;
    // Unpacked again only when the package changed, so that cargo's
    // fingerprints (file times) keep a repeated run from rebuilding.
    let unpacked = tmp().join("dist-crate");
    let copy = tmp().join("dist-crate.crate");
    if std::fs::read(&copy).ok().as_deref() != Some(&bytes[..]) {
        let _ = std::fs::remove_dir_all(&unpacked);
        std::fs::create_dir_all(&unpacked).map_err(|e| e.to_string())?;
        // `m`: files get the time of unpacking, not their time in the
        // archive, so that cargo sees every changed file as new (the build
        // script reads .cargo_vcs_info.json, whose archived time is old).
        run_ok(
            Command::new("tar")
                .arg("xzmf")
                .arg(&crate_file)
                .arg("-C")
                .arg(&unpacked),
        )?;
        std::fs::write(&copy, &bytes).map_err(|e| e.to_string())?;
    }
    let source = unpacked.join(&name);
    for outside in ["tests", "fixtures", "bench", ".git"] {
        assert!(
            !source.join(outside).exists(),
            "the package holds {outside}/"
        );
    }
    let wheels = tmp().join("dist-wheels");
    let _ = std::fs::remove_dir_all(&wheels);
    run_ok(
        Command::new(tools.join("maturin"))
            .args(["build", "--release", "--locked", "--quiet", "--out"])
            .arg(&wheels)
            .arg("--manifest-path")
            .arg(source.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target),
    )?;
    let wheel = std::fs::read_dir(&wheels)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or("maturin wrote no wheel")?;
    Ok((wheels, wheel))
}

/// PATH without any folder holding cargo or rustc: what a handbook editor has.
fn path_without_rust(first: &[&Path]) -> std::ffi::OsString {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = first.iter().map(|p| p.to_path_buf()).collect();
    dirs.extend(
        std::env::split_paths(&current)
            .filter(|d| !d.join("cargo").exists() && !d.join("rustc").exists()),
    );
    std::env::join_paths(dirs).unwrap()
}

/// `jflint` from the wheel in a fresh virtual environment: its `bin/`.
fn install_wheel(dist: &Dist, dir: &Path) -> PathBuf {
    let bin = venv(dir).unwrap();
    run_ok(
        Command::new(bin.join("pip"))
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-index",
            ])
            .arg(&dist.wheel),
    )
    .unwrap();
    bin
}

/// HEAD's commit, if git and the repository are there.
fn head() -> Option<String> {
    let out = Command::new("git")
        .args(["-C", env!("CARGO_MANIFEST_DIR"), "rev-parse", "HEAD"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn the_wheel_gives_a_working_jflint_without_rust() {
    let Some(dist) = dist() else { return };
    let dir = tempfile::tempdir().unwrap();
    let bin = install_wheel(dist, &dir.path().join("venv"));
    let path = path_without_rust(&[&bin]);
    let which = Command::new("sh")
        .args(["-c", "command -v cargo rustc"])
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(which.stdout.is_empty(), "{}", text(&which));
    let jflint = |args: &[&str]| {
        Command::new("jflint")
            .args(args)
            .current_dir(manifest_dir())
            .env("PATH", &path)
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("COLUMNS")
            .output()
            .unwrap()
    };
    let version = jflint(&["--version"]);
    assert!(version.status.success());
    let version = String::from_utf8(version.stdout).unwrap();
    match head() {
        // The commit comes from the packaged crate's .cargo_vcs_info.json.
        Some(sha) => assert_eq!(version, format!("jflint {VERSION} ({})\n", &sha[..9])),
        None => assert!(
            version.starts_with(&format!("jflint {VERSION}")),
            "{version}"
        ),
    }
    // The wheel's jflint reports what the source's does.
    let from_wheel = jflint(&["check", "fixtures/site"]);
    let from_source = Command::new(BIN)
        .args(["check", "fixtures/site"])
        .current_dir(manifest_dir())
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    assert_eq!(from_wheel.status.code(), Some(1), "{}", text(&from_wheel));
    let report = String::from_utf8(from_wheel.stdout.clone()).unwrap();
    assert!(report.contains("broken-link"), "{report}");
    assert!(
        report.contains("╭─[fixtures/site/content/job-families/"),
        "{report}"
    );
    assert_eq!(from_wheel.stdout, from_source.stdout);
    // The package's metadata, as pip sees it.
    let meta = Command::new(bin.join("python"))
        .args([
            "-c",
            "import importlib.metadata as m; d = m.metadata('jflint'); \
             print(d['Version']); print(d['Summary']); print(d['License']); \
             print(d['Requires-Python']); print('\\n'.join(d.get_all('Classifier')))",
        ])
        .output()
        .unwrap();
    let meta = String::from_utf8(meta.stdout).unwrap();
    let lines: Vec<&str> = meta.lines().collect();
    assert_eq!(lines[0], VERSION, "{meta}");
    assert_eq!(
        lines[1],
        "A fast linter and validator for handbook job-family pages"
    );
    assert_eq!(lines[2], "MIT");
    assert_eq!(lines[3], ">=3.8");
    assert!(
        meta.contains("License :: OSI Approved :: MIT License"),
        "{meta}"
    );
}

/// A git repository, with the user's configuration kept out.
fn git(dir: &Path, args: &[&str], home: &Path) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

fn git_ok(dir: &Path, args: &[&str], home: &Path) -> String {
    let out = git(dir, args, home);
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A job family that passes every check.
const GOOD: &str = "---\ntitle: \"Widget Engineer\"\nlayout: job_family_page\n---\n\n\
## Levels\n\n### Widget Engineer\n\n#### Widget Engineer Job Grade\n\n\
The Widget Engineer is a grade 6.\n";

/// A level without a grade: an error.
const BAD: &str = "---\ntitle: \"Gadget Engineer\"\nlayout: job_family_page\n---\n\n\
## Levels\n\n### Gadget Engineer\n\n#### Gadget Engineer Responsibilities\n\n- Ships gadgets.\n";

#[test]
fn pre_commit_runs_the_python_hook_from_the_wheel() {
    let Some(dist) = dist() else { return };
    // The hook repository, as published from `pre-commit/`, pinned to this
    // version of jflint.
    let source = manifest_dir().join("pre-commit");
    let pyproject = std::fs::read_to_string(source.join("pyproject.toml")).unwrap();
    assert!(
        pyproject.contains(&format!("\nversion = \"{VERSION}\"\n")),
        "{pyproject}"
    );
    assert!(
        pyproject.contains(&format!("\"jflint=={VERSION}\"")),
        "{pyproject}"
    );
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".gitconfig"), "").unwrap();
    let hooks = tempfile::tempdir().unwrap();
    for file in ["pyproject.toml", ".pre-commit-hooks.yaml", "README.md"] {
        std::fs::copy(source.join(file), hooks.path().join(file)).unwrap();
    }
    git_ok(
        hooks.path(),
        &["init", "--quiet", "--initial-branch=main"],
        home.path(),
    );
    git_ok(hooks.path(), &["add", "."], home.path());
    git_ok(
        hooks.path(),
        &["commit", "--quiet", "-m", "hooks"],
        home.path(),
    );
    let rev = git_ok(hooks.path(), &["rev-parse", "HEAD"], home.path());
    let validate = Command::new(dist.tools.join("pre-commit"))
        .arg("validate-manifest")
        .arg(hooks.path().join(".pre-commit-hooks.yaml"))
        .output()
        .unwrap();
    assert!(validate.status.success(), "{}", text(&validate));

    // A handbook repository using the hook.
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    std::fs::create_dir_all(dir.join("content/job-families")).unwrap();
    git_ok(
        dir,
        &["init", "--quiet", "--initial-branch=main"],
        home.path(),
    );
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n- repo: {}\n  rev: {rev}\n  hooks:\n  - id: jflint\n",
            hooks.path().display()
        ),
    )
    .unwrap();
    git_ok(dir, &["add", "."], home.path());
    git_ok(dir, &["commit", "--quiet", "-m", "config"], home.path());
    // pip finds jflint in the wheel's folder (it is on no index yet); no
    // cargo on PATH, so nothing can be compiled.
    let find_links = match std::env::var("PIP_FIND_LINKS") {
        Ok(more) if !more.is_empty() => format!("{} {more}", dist.wheels.display()),
        _ => dist.wheels.display().to_string(),
    };
    let path = path_without_rust(&[]);
    let pre_commit_home = home.path().join("pre-commit");
    let with_env = |cmd: &mut Command| {
        cmd.current_dir(dir)
            .env("PATH", &path)
            .env("HOME", home.path())
            .env("PIP_FIND_LINKS", &find_links)
            .env("PRE_COMMIT_HOME", &pre_commit_home)
            .env("GIT_CONFIG_GLOBAL", home.path().join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("NO_COLOR", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE");
    };
    for args in [&["install"][..], &["install-hooks"][..]] {
        let mut cmd = Command::new(dist.tools.join("pre-commit"));
        cmd.args(args);
        with_env(&mut cmd);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "pre-commit {args:?}: {}", text(&out));
    }
    // The hook's environment holds the wheel's jflint.
    let installed = Command::new("sh")
        .arg("-c")
        .arg("ls \"$PRE_COMMIT_HOME\"/repo*/py_env-*/bin/jflint")
        .env("PRE_COMMIT_HOME", &pre_commit_home)
        .output()
        .unwrap();
    assert!(installed.status.success(), "{}", text(&installed));
    let commit = |rel: &str, page: &str| {
        std::fs::write(dir.join(rel), page).unwrap();
        git_ok(dir, &["add", rel], home.path());
        let mut cmd = Command::new("git");
        cmd.args(["commit", "-m", rel]);
        with_env(&mut cmd);
        cmd.output().unwrap()
    };
    let out = commit("content/job-families/good.md", GOOD);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("jflint") && text(&out).contains("Passed"),
        "{}",
        text(&out)
    );
    let out = commit("content/job-families/bad.md", BAD);
    let output = text(&out);
    assert!(!out.status.success(), "{output}");
    assert!(
        output.contains("level `Gadget Engineer` has no job grade"),
        "{output}"
    );
    assert!(
        output.contains("╭─[content/job-families/bad.md:8:5]"),
        "{output}"
    );
}

/// A handbook repository whose `main` has known findings recorded in a
/// baseline, and a merge-request branch that adds two findings: a page
/// without a grade and a misspelling on a page with known findings. Returns
/// the base commit.
fn ci_repo(dir: &Path, home: &Path) -> String {
    let family = |title: &str, levels: &[(&str, Option<u32>)]| {
        let mut page =
            format!("---\ntitle: \"{title}\"\nlayout: job_family_page\n---\n\n## Levels\n");
        for (name, grade) in levels {
            page.push_str(&format!(
                "\n### {name}\n\n#### {name} Responsibilities\n\n- Ships widgets.\n"
            ));
            if let Some(grade) = grade {
                page.push_str(&format!(
                    "\n#### {name} Job Grade\n\nThe {name} is a grade {grade}.\n"
                ));
            }
        }
        page
    };
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // Only the grade rules, so that the findings are few and known.
    write(".jflint.yaml", &{
        let mut config = String::from("rules:\n");
        for rule in jflint::rules::registry::RuleCode::ALL {
            if !["missing-grade", "typo"].contains(&rule.name()) {
                config.push_str(&format!("  {}: off\n", rule.name()));
            }
        }
        config
    });
    write(
        "content/job-families/widget-engineer.md",
        &family(
            "Widget Engineer",
            &[
                ("Widget Engineer", Some(6)),
                ("Senior Widget Engineer", None),
            ],
        ),
    );
    write(
        "content/job-families/sprocket-engineer.md",
        &family("Sprocket Engineer", &[("Sprocket Engineer", None)]),
    );
    let baseline = Command::new(BIN)
        .args(["baseline", ".jflint-baseline.json", "content/job-families"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(baseline.status.success(), "{}", text(&baseline));
    git_ok(dir, &["init", "--quiet", "--initial-branch=main"], home);
    git_ok(dir, &["add", "."], home);
    git_ok(dir, &["commit", "--quiet", "-m", "base"], home);
    let base = git_ok(dir, &["rev-parse", "HEAD"], home);
    git_ok(dir, &["checkout", "--quiet", "-b", "feature"], home);
    write(
        "content/job-families/gadget-engineer.md",
        &family("Gadget Engineer", &[("Gadget Engineer", None)]),
    );
    let widget = dir.join("content/job-families/widget-engineer.md");
    let mut page = std::fs::read_to_string(&widget).unwrap();
    page.push_str("\nWidget Engineers parter with design.\n");
    std::fs::write(&widget, page).unwrap();
    git_ok(dir, &["add", "."], home);
    git_ok(dir, &["commit", "--quiet", "-m", "feature"], home);
    base
}

fn validator(schema: &str) -> jsonschema::Validator {
    let path = manifest_dir().join("tests/schemas").join(schema);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(schema: &str, instance: &Value) {
    let errors: Vec<String> = validator(schema)
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{instance:#}");
}

/// `$NAME` and `${NAME}` replaced from `vars`, as GitLab expands variables.
fn expand(value: &str, vars: &[(String, String)]) -> String {
    let mut out = value.to_string();
    for (name, val) in vars.iter().rev() {
        out = out
            .replace(&format!("${{{name}}}"), val)
            .replace(&format!("${name}"), val);
    }
    out
}

/// A CI job's exit code and log (stdout and stderr).
struct Job {
    code: Option<i32>,
    log: String,
}

/// What both templates must show: the wheel installed, the new findings
/// drawn in the log without colour, the known ones hidden.
fn assert_readable_log(log: &str) {
    assert!(log.contains(&format!("jflint {VERSION}")), "{log}");
    assert!(!log.contains('\x1b'), "{log}");
    assert!(
        log.contains("╭─[content/job-families/gadget-engineer.md:8:5]"),
        "{log}"
    );
    assert!(
        log.contains("`parter` is a misspelling of `partner`"),
        "{log}"
    );
    assert!(
        !log.contains("Sprocket"),
        "a known or unchanged finding:\n{log}"
    );
    assert!(log.contains("1 error, 1 warning in 2 of 2 files"), "{log}");
    assert!(log.contains("known finding"), "{log}");
}

#[test]
fn the_gitlab_job_installs_the_wheel_and_reports_once() {
    let Some(dist) = dist() else { return };
    let doc: Yaml = serde_yaml::from_str(
        &std::fs::read_to_string(manifest_dir().join("ci/gitlab-ci.yml")).unwrap(),
    )
    .unwrap();
    let job = &doc["jflint"];
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".gitconfig"), "").unwrap();
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    let base = ci_repo(dir, home.path());
    let mut vars: Vec<(String, String)> = [
        ("CI", "true"),
        ("GITLAB_CI", "true"),
        ("CI_PROJECT_DIR", &dir.display().to_string()),
        ("CI_PIPELINE_SOURCE", "merge_request_event"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base),
        ("HOME", &home.path().display().to_string()),
        (
            "GIT_CONFIG_GLOBAL",
            &home.path().join(".gitconfig").display().to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (name, value) in job["variables"].as_mapping().unwrap() {
        let value = expand(value.as_str().unwrap(), &vars);
        vars.push((name.as_str().unwrap().to_string(), value));
    }
    let lines = |key: &str| -> Vec<String> {
        job[key]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    // before_script and script run in one shell, stopping at a failure.
    let script = [lines("before_script"), lines("script")]
        .concat()
        .join("\n");
    let job_run = run_job(dist, dir, &script, &vars, &home.path().join("python"));
    // New findings fail the job.
    assert_eq!(job_run.code, Some(1), "{}", job_run.log);
    assert_readable_log(&job_run.log);
    // The artifact: a valid Code Quality report of the new findings only.
    let report = job["artifacts"]["reports"]["codequality"].as_str().unwrap();
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(report)).unwrap()).unwrap();
    assert_valid("gitlab-codequality.schema.json", &report);
    let mut found: Vec<(String, String)> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["location"]["path"].as_str().unwrap().to_string(),
                i["check_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "content/job-families/gadget-engineer.md".to_string(),
                "missing-grade".to_string()
            ),
            (
                "content/job-families/widget-engineer.md".to_string(),
                "typo".to_string()
            ),
        ]
    );
}

#[test]
fn the_github_workflow_installs_the_wheel_and_reports_once() {
    let Some(dist) = dist() else { return };
    let doc: Yaml = serde_yaml::from_str(
        &std::fs::read_to_string(manifest_dir().join("ci/github-actions.yml")).unwrap(),
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".gitconfig"), "").unwrap();
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    let base = ci_repo(dir, home.path());
    // actions/checkout with fetch-depth 0 leaves the base branch as origin/main.
    git_ok(
        dir,
        &["update-ref", "refs/remotes/origin/main", &base],
        home.path(),
    );
    // The expressions the workflow uses, as a pull request to main sets them.
    let expression = |value: &str| -> String {
        let value = value.replace("${{ github.base_ref }}", "main");
        assert!(
            !value.contains("${{"),
            "an expression this test does not know: {value}"
        );
        value
    };
    let mut vars: Vec<(String, String)> = [
        ("CI", "true"),
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_WORKSPACE", &dir.display().to_string()),
        ("GITHUB_BASE_REF", "main"),
        ("HOME", &home.path().display().to_string()),
        (
            "GIT_CONFIG_GLOBAL",
            &home.path().join(".gitconfig").display().to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (name, value) in doc["env"].as_mapping().unwrap() {
        vars.push((
            name.as_str().unwrap().to_string(),
            expression(value.as_str().unwrap()),
        ));
    }
    // Each `run` step in its own shell (bash -eo pipefail, as on GitHub's
    // runners); after a failure only `if: always()` steps run.
    let mut failed = None;
    let mut log = String::new();
    let mut sarif = None;
    let mut python = None;
    for step in doc["jobs"]["jflint"]["steps"].as_sequence().unwrap() {
        let always = step["if"].as_str() == Some("always()");
        if failed.is_some() && !always {
            continue;
        }
        if let Some(uses) = step["uses"].as_str() {
            if uses.starts_with("github/codeql-action/upload-sarif@") {
                sarif = Some(step["with"]["sarif_file"].as_str().unwrap().to_string());
            }
            if uses.starts_with("actions/setup-python@") {
                python = Some(());
            }
            continue;
        }
        let run = step["run"].as_str().unwrap();
        let mut step_vars = vars.clone();
        if let Some(env) = step["env"].as_mapping() {
            for (name, value) in env {
                step_vars.push((
                    name.as_str().unwrap().to_string(),
                    expression(value.as_str().unwrap()),
                ));
            }
        }
        // One Python environment for the job, as setup-python gives.
        let job = run_job(dist, dir, run, &step_vars, &home.path().join("python"));
        log.push_str(&job.log);
        if job.code != Some(0) {
            failed = Some(job.code);
        }
    }
    assert!(python.is_some(), "the workflow sets up Python");
    // New findings fail the job; the upload still runs.
    assert_eq!(failed, Some(Some(1)), "{log}");
    assert_readable_log(&log);
    let sarif = sarif.expect("the SARIF report is uploaded");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(sarif)).unwrap()).unwrap();
    assert_valid("sarif-schema-2.1.0.json", &report);
    let mut found: Vec<(String, String)> = report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["ruleId"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "content/job-families/gadget-engineer.md".to_string(),
                "missing-grade".to_string()
            ),
            (
                "content/job-families/widget-engineer.md".to_string(),
                "typo".to_string()
            ),
        ]
    );
}

/// Runs `script` as a CI runner does (bash -eo pipefail), in `dir`, with
/// `vars` and the Python environment at `python` (made if missing) standing
/// for the job's image.
fn run_job(dist: &Dist, dir: &Path, script: &str, vars: &[(String, String)], python: &Path) -> Job {
    if !python.exists() {
        venv(python).unwrap();
    }
    let bin = python.join("bin");
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path_without_rust(&[&bin]))
        // The local wheel stands for the registry's: pip reads these.
        .env("PIP_FIND_LINKS", &dist.wheels)
        .env("PIP_NO_INDEX", "1")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("COLUMNS")
        .env_remove("PIP_CACHE_DIR");
    for (name, value) in vars {
        cmd.env(name, value);
    }
    let out = cmd.output().unwrap();
    Job {
        code: out.status.code(),
        log: text(&out),
    }
}
