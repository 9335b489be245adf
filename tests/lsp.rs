//! `jflint server` end to end: the language server's tests in `tests/lsp/`
//! run with pytest-lsp (a real LSP client library) against the built
//! binary, on the example site `fixtures/lsp/site`. pytest-lsp and its
//! dependencies (`tests/lsp/requirements.txt`) are installed into a virtual
//! environment under `target/`. If they cannot be installed the test fails;
//! set `JFLINT_SKIP_LSP=1` to skip it on purpose.
//!
//! Below them, the transport is tested over real pipes: malformed messages
//! and unknown methods get JSON-RPC errors and the server keeps answering.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_jflint");

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

/// The virtual environment's Python, with pytest-lsp installed.
fn python_with_pytest_lsp() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let requirements = root.join("tests/lsp/requirements.txt");
    let pinned = std::fs::read_to_string(&requirements).map_err(|e| e.to_string())?;
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-venv");
    let python = venv.join(if cfg!(windows) {
        "Scripts/python.exe"
    } else {
        "bin/python"
    });
    // Built in place and marked with the requirements it holds, so a
    // changed pin builds it again.
    let done = venv.join("jflint-installed");
    if python.exists() && std::fs::read_to_string(&done).is_ok_and(|d| d == pinned) {
        return Ok(python);
    }
    let _ = std::fs::remove_dir_all(&venv);
    let system = ["python3", "python"]
        .into_iter()
        .find(|p| Command::new(p).arg("--version").output().is_ok())
        .ok_or("no python3 to install pytest-lsp with")?;
    run_ok(Command::new(system).args(["-m", "venv"]).arg(&venv))?;
    run_ok(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
    )?;
    std::fs::write(&done, pinned).map_err(|e| e.to_string())?;
    Ok(python)
}

#[test]
fn end_to_end_with_pytest_lsp() {
    if std::env::var("JFLINT_SKIP_LSP").is_ok_and(|v| v == "1") {
        eprintln!("JFLINT_SKIP_LSP=1: not running the language server's end-to-end tests");
        return;
    }
    let python = python_with_pytest_lsp().unwrap_or_else(|e| {
        panic!("pytest-lsp could not be installed: {e}\n(set JFLINT_SKIP_LSP=1 to skip)")
    });
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lsp"])
        .current_dir(root)
        .env("JFLINT_BIN", BIN)
        .status()
        .expect("pytest runs");
    assert!(status.success(), "the end-to-end tests failed (see above)");
}

/// A server on pipes, spoken to one framed message at a time.
struct Raw {
    child: std::process::Child,
    reader: BufReader<std::process::ChildStdout>,
}

impl Raw {
    fn start() -> Raw {
        let mut child = Command::new(BIN)
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let reader = BufReader::new(child.stdout.take().expect("stdout"));
        Raw { child, reader }
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.write_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The next response (notifications are skipped).
    fn response(&mut self) -> Value {
        loop {
            let message = self.receive();
            if message.get("method").is_none() {
                return message;
            }
        }
    }
}

#[test]
fn malformed_messages_and_unknown_methods_get_errors() {
    let site = tempfile::tempdir().unwrap();
    let mut server = Raw::start();
    server.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "capabilities": {}, "rootUri": format!("file://{}", site.path().display())}}),
    );
    let init = server.response();
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    server.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    server.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    let parse = server.response();
    assert_eq!(parse["error"]["code"], -32700);
    assert_eq!(parse["id"], Value::Null);

    server.send(json!({"jsonrpc": "2.0", "id": 2, "params": {}}));
    let invalid = server.response();
    assert_eq!(invalid["error"]["code"], -32600);
    assert_eq!(invalid["id"], 2);

    server.send(json!({"jsonrpc": "2.0", "id": 3, "method": "jflint/nothing", "params": {}}));
    let unknown = server.response();
    assert_eq!(unknown["error"]["code"], -32601);
    assert_eq!(unknown["id"], 3);

    server.send(
        json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"x": 1}}),
    );
    let bad = server.response();
    assert_eq!(bad["error"]["code"], -32602);

    // Still serving: a clean shutdown.
    server.send(json!({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}));
    let shutdown = server.response();
    assert_eq!(shutdown["id"], 5);
    assert!(shutdown.get("error").is_none());
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = server.child.wait().expect("exits");
    assert!(status.success());
}
