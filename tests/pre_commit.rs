//! The pre-commit integration, with the real `pre-commit` from PyPI: it is
//! used from PATH, or installed into a virtual environment under `target/`.
//! If it can be neither found nor installed these tests fail; set
//! `JFLINT_SKIP_PRE_COMMIT=1` to skip them on purpose.
//!
//! A throwaway git repository holds a small site. Hooks run on commit:
//! `repo: local` hooks calling the freshly built binary, and the published
//! `.pre-commit-hooks.yaml` (its `jflint-system` hook, with the binary on
//! PATH). The published `language: rust` hooks build jflint in release mode,
//! which takes minutes: that test is ignored by default (`--ignored`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_jflint");

/// A job family that passes every check.
const GOOD: &str = "---\ntitle: \"Widget Engineer\"\nlayout: job_family_page\n---\n\n\
## Levels\n\n### Widget Engineer\n\n#### Widget Engineer Job Grade\n\n\
The Widget Engineer is a grade 6.\n";

/// A level without a grade: an error, so the hook fails.
const BAD: &str = "---\ntitle: \"Gadget Engineer\"\nlayout: job_family_page\n---\n\n\
## Levels\n\n### Gadget Engineer\n\n#### Gadget Engineer Responsibilities\n\n- Ships gadgets.\n";

/// A page whose only findings have safe fixes.
const FIXABLE: &str = "---\ntitle: \"Sprocket Engineer\"\nlayout: job_family_page\n---\n\n\
## Levels\n\n### Sprocket Engineer\n\n#### Sprocket Engineer Job Grade\n\n\
The Sprocket Engineer is a grade 6.\n\nSprocket Engineers at Gitlab build sprockets for the the team.\n";

/// The `pre-commit` executable, installed once per run if needed; `None`
/// only when skipping was asked for.
fn pre_commit() -> Option<PathBuf> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    if std::env::var("JFLINT_SKIP_PRE_COMMIT").is_ok_and(|v| v == "1") {
        eprintln!("JFLINT_SKIP_PRE_COMMIT=1: not testing the pre-commit integration");
        return None;
    }
    match FOUND.get_or_init(find_or_install) {
        Ok(path) => Some(path.clone()),
        Err(e) => panic!(
            "pre-commit is not on PATH and could not be installed: {e}\n\
             (set JFLINT_SKIP_PRE_COMMIT=1 to skip these tests)"
        ),
    }
}

fn find_or_install() -> Result<PathBuf, String> {
    let on_path = Command::new("pre-commit").arg("--version").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return Ok(PathBuf::from("pre-commit"));
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-venv");
    let exe = venv.join(if cfg!(windows) {
        "Scripts/pre-commit.exe"
    } else {
        "bin/pre-commit"
    });
    // A venv cannot be moved (its scripts name their interpreter), so it is
    // built in place and marked finished only when pip succeeded.
    let done = venv.join("jflint-installed");
    if done.exists() && exe.exists() {
        return Ok(exe);
    }
    let _ = std::fs::remove_dir_all(&venv);
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").output().is_ok())
        .ok_or("no python3 to install it with")?;
    run_ok(Command::new(python).args(["-m", "venv"]).arg(&venv))?;
    let pip = venv.join(if cfg!(windows) {
        "Scripts/pip.exe"
    } else {
        "bin/pip"
    });
    run_ok(Command::new(pip).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "pre-commit>=3.2,<5",
    ]))?;
    run_ok(Command::new(&exe).arg("--version"))?;
    std::fs::write(&done, "").map_err(|e| e.to_string())?;
    Ok(exe)
}

fn run_ok(cmd: &mut Command) -> Result<Output, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{cmd:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A throwaway git repository with `content/job-families/`, isolated from
/// the user's git configuration and pre-commit cache.
struct Repo {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
    pre_commit: PathBuf,
    /// Put the freshly built jflint on PATH (for `language: system`).
    bin_on_path: bool,
}

impl Repo {
    fn new(pre_commit: PathBuf, config: &str) -> Repo {
        Repo::with_path(pre_commit, config, true)
    }

    fn with_path(pre_commit: PathBuf, config: &str, bin_on_path: bool) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
            pre_commit,
            bin_on_path,
        };
        std::fs::write(repo.home.path().join(".gitconfig"), "").unwrap();
        std::fs::create_dir_all(repo.path().join("content/job-families")).unwrap();
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        std::fs::write(repo.path().join(".pre-commit-config.yaml"), config).unwrap();
        repo.git(&["add", ".pre-commit-config.yaml"]);
        repo.git(&["commit", "--quiet", "--no-verify", "-m", "config"]);
        let installed = repo.pre_commit(&["install"]);
        assert!(installed.status.success(), "{}", text(&installed));
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn env(&self, cmd: &mut Command) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = Vec::new();
        if self.bin_on_path {
            dirs.push(Path::new(BIN).parent().unwrap().to_path_buf());
        }
        dirs.extend(std::env::split_paths(&path));
        cmd.current_dir(self.path())
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("GIT_CONFIG_GLOBAL", self.home.path().join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("PRE_COMMIT_HOME", self.home.path().join("pre-commit"))
            .env("NO_COLOR", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE");
    }

    fn git(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new("git");
        cmd.args(args);
        self.env(&mut cmd);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        out
    }

    fn pre_commit(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(&self.pre_commit);
        cmd.args(args);
        self.env(&mut cmd);
        cmd.output().unwrap()
    }

    fn write(&self, rel: &str, content: &str) {
        std::fs::write(self.path().join(rel), content).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// Stages `rel` and commits it through the installed hook.
    fn commit(&self, rel: &str) -> Output {
        self.git(&["add", rel]);
        let mut cmd = Command::new("git");
        cmd.args(["commit", "-m", rel]);
        self.env(&mut cmd);
        cmd.output().unwrap()
    }

    /// Commits `rel` without the hooks (a defect already in the site).
    fn commit_unchecked(&self, rel: &str) {
        self.git(&["add", rel]);
        self.git(&["commit", "--quiet", "--no-verify", "-m", rel]);
    }

    fn staged_is_clean(&self) -> bool {
        let mut cmd = Command::new("git");
        cmd.args(["diff", "--cached", "--quiet"]);
        self.env(&mut cmd);
        cmd.status().unwrap().success()
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A YAML `entry` running the built binary with `args` (the path quoted
/// for pre-commit's shell-style split, the whole as a YAML string).
fn entry(args: &str) -> String {
    let shell = format!("'{}' {args}", BIN.replace('\'', r"'\''"));
    serde_json::to_string(&shell).unwrap()
}

/// Good page passes, bad page fails with jflint's message, and only the
/// staged pages are reported although the site holds other bad pages.
fn check_pass_and_fail(repo: &Repo) {
    // A defect already committed elsewhere in the site: not staged, not reported.
    repo.write("content/job-families/old.md", BAD);
    repo.commit_unchecked("content/job-families/old.md");

    repo.write("content/job-families/good.md", GOOD);
    let out = repo.commit("content/job-families/good.md");
    assert!(out.status.success(), "good page rejected:\n{}", text(&out));
    assert!(text(&out).contains("Passed"), "{}", text(&out));
    assert!(repo.staged_is_clean());

    repo.write("content/job-families/bad.md", BAD);
    let out = repo.commit("content/job-families/bad.md");
    let output = text(&out);
    assert!(!out.status.success(), "bad page accepted:\n{output}");
    assert!(output.contains("Failed"), "{output}");
    assert!(
        output.contains("level `Gadget Engineer` has no job grade"),
        "{output}"
    );
    assert!(output.contains("content/job-families/bad.md"), "{output}");
    assert!(
        !output.contains("old.md"),
        "a page that was not staged was reported:\n{output}"
    );
}

#[test]
fn local_hooks_pass_fail_and_fix() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let config = format!(
        "repos:\n\
         - repo: local\n  hooks:\n\
         \x20 - id: jflint-fix\n    name: jflint-fix\n    entry: {}\n    language: system\n    types: [markdown]\n    require_serial: true\n\
         \x20 - id: jflint\n    name: jflint\n    entry: {}\n    language: system\n    types: [markdown]\n    require_serial: true\n",
        entry("check --fix"),
        entry("check")
    );
    let repo = Repo::new(pre_commit, &config);
    check_pass_and_fail(&repo);
    repo.git(&["reset", "--quiet", "HEAD", "content/job-families/bad.md"]);
    std::fs::remove_file(repo.path().join("content/job-families/bad.md")).unwrap();

    // The fix hook fixes the staged page; pre-commit fails the commit because
    // a hook changed a file, and the next commit of the fixed page passes.
    repo.write("content/job-families/fixable.md", FIXABLE);
    let out = repo.commit("content/job-families/fixable.md");
    let output = text(&out);
    assert!(!out.status.success(), "{output}");
    assert!(
        output.contains("files were modified by this hook"),
        "{output}"
    );
    let fixed = repo.read("content/job-families/fixable.md");
    assert_eq!(
        fixed,
        FIXABLE.replace(
            "at Gitlab build sprockets for the the",
            "at GitLab build sprockets for the"
        )
    );
    let out = repo.commit("content/job-families/fixable.md");
    assert!(out.status.success(), "{}", text(&out));
    // The committed page is the fixed one.
    let shown = repo.git(&["show", "HEAD:content/job-families/fixable.md"]);
    assert_eq!(String::from_utf8(shown.stdout).unwrap(), fixed);
}

/// A git repository that publishes this checkout's `.pre-commit-hooks.yaml`
/// (and, with `with_source`, everything `cargo install` needs), and its
/// commit.
fn hooks_repo(with_source: bool) -> (tempfile::TempDir, String) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![PathBuf::from(".pre-commit-hooks.yaml")];
    if with_source {
        files.extend(["Cargo.toml", "Cargo.lock"].map(PathBuf::from));
        for folder in ["src", "rules"] {
            let mut stack = vec![src.join(folder)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else {
                        files.push(p.strip_prefix(src).unwrap().to_path_buf());
                    }
                }
            }
        }
    }
    for rel in &files {
        let dest = dir.path().join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), dest).unwrap();
    }
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "--quiet", "--initial-branch=main"]);
    git(&["add", "."]);
    git(&[
        "-c",
        "commit.gpgsign=false",
        "commit",
        "--quiet",
        "-m",
        "hooks",
    ]);
    let rev = git(&["rev-parse", "HEAD"]).trim().to_string();
    (dir, rev)
}

#[test]
fn published_system_hook_passes_and_fails() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let (hooks, rev) = hooks_repo(false);
    let manifest = hooks.path().join(".pre-commit-hooks.yaml");
    let out = Command::new(&pre_commit)
        .arg("validate-manifest")
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let config = format!(
        "repos:\n- repo: {}\n  rev: {rev}\n  hooks:\n  - id: jflint-system\n",
        hooks.path().display()
    );
    let repo = Repo::new(pre_commit, &config);
    check_pass_and_fail(&repo);
}

#[test]
#[ignore = "pre-commit builds jflint with `cargo install` (release mode): minutes"]
fn published_rust_hooks_build_and_run() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let (hooks, rev) = hooks_repo(true);
    let config = format!(
        "repos:\n- repo: {}\n  rev: {rev}\n  hooks:\n  - id: jflint\n",
        hooks.path().display()
    );
    // The hook must use the binary pre-commit built, not one found on PATH.
    let repo = Repo::with_path(pre_commit, &config, false);
    let out = repo.pre_commit(&["install-hooks"]);
    assert!(out.status.success(), "{}", text(&out));
    check_pass_and_fail(&repo);
}
