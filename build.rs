//! Sets `JFLINT_VERSION`, the string `jflint --version` prints: the package
//! version and, when known, the commit it was built from ("0.1.0 (a0d4262ab
//! 2026-11-24)"). The commit comes from git in a checkout, from the
//! `.cargo_vcs_info.json` that `cargo package` writes in a packaged crate, and
//! is left out when neither is there (no git installed, a source tarball).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=build.rs");
    let commit = packaged_commit(&dir).or_else(|| git_commit(&dir));
    let full = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=JFLINT_VERSION={full}");
}

/// The commit recorded by `cargo package`; a packaged crate has no `.git`
/// of its own (and may sit inside another repository's work tree).
fn packaged_commit(dir: &Path) -> Option<String> {
    let info = dir.join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&info).ok()?;
    println!("cargo:rerun-if-changed={}", info.display());
    // {"git": {"sha1": "…"}, "path_in_vcs": ""}: a tiny file, read without
    // a JSON parser in the build dependencies.
    let rest = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let start = rest.find('"')? + 1;
    let sha: String = rest[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (sha.len() >= 9).then(|| sha[..9].to_string())
}

/// `abbrev date` of HEAD from git, or `None` without git or a repository.
fn git_commit(dir: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    // Rebuild when HEAD moves: HEAD itself (a branch switch), the branch's
    // ref and packed-refs (a commit). Only existing files: a missing one
    // would make cargo rerun this script on every build.
    for name in ["HEAD", "packed-refs"] {
        watch(git(&["rev-parse", "--git-path", name]), dir);
    }
    if let Some(branch) = git(&["symbolic-ref", "--quiet", "HEAD"]) {
        watch(git(&["rev-parse", "--git-path", &branch]), dir);
    }
    let log = git(&["log", "-1", "--format=%h %cs", "--abbrev=9"])?;
    Some(log)
}

fn watch(path: Option<String>, dir: &Path) {
    if let Some(path) = path {
        let path = dir.join(path);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}
