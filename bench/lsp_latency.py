#!/usr/bin/env python3
"""Latency of `jflint server` on a real site.

    bench/lsp_latency.py SITE [--bin PATH] [--page REL] [--repeats N]

Starts the server with SITE (a Hugo site root, e.g. ../shared/corpus/site)
as the workspace folder, opens a job-family page and measures:

- first diagnostics: from the `initialize` request to the first
  `publishDiagnostics` of the page opened right after `initialized` (the
  whole site is checked before it), and from `didOpen` to it; once with an
  empty cache (cold) and once with the cache the first server left (warm),
  in a temporary folder (`cacheDir`), never in SITE;
- after `didChange`: from each change (a word appended to a paragraph, then
  taken away) to the diagnostics of that version, median over the repeats.

Targets: first diagnostics within 1 s, median after didChange within 50 ms.
It speaks JSON-RPC over the server's pipes itself (standard library only).
Without SITE it says so and exits 0. Build the binary first
(`cargo build --release`); `--bin` defaults to target/release/jflint.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def receive(self):
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def wait(self, predicate):
        while True:
            message = self.receive()
            if predicate(message):
                return message

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def diagnostics_of(uri, version):
    def matches(message):
        params = message.get("params") or {}
        return (
            message.get("method") == "textDocument/publishDiagnostics"
            and params.get("uri") == uri
            and params.get("version") == version
        )

    return matches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", nargs="?")
    parser.add_argument("--bin", default=str(ROOT / "target" / "release" / "jflint"))
    parser.add_argument("--page", default="content/job-families/engineering/backend-engineer.md")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    if not args.site or not Path(args.site).is_dir():
        print(f"lsp_latency: no site at {args.site!r}; skipping")
        return 0
    if not os.access(args.bin, os.X_OK):
        print(f"lsp_latency: no jflint binary at {args.bin}; build it first (cargo build --release)")
        return 1
    site = Path(args.site).resolve()
    page = site / args.page
    if not page.is_file():
        pages = sorted((site / "content" / "job-families").rglob("*.md"))
        page = next(p for p in pages if p.name != "_index.md")
    pages = sum(1 for _ in (site / "content").rglob("*.md"))
    print(f"site: {site} ({pages} pages); page: {page.relative_to(site)}")
    with tempfile.TemporaryDirectory() as cache:
        for label in ["cold cache", "warm cache"]:
            measure(args, site, page, label, cache)
    return 0


def measure(args, site, page, label, cache):
    uri = page.as_uri()
    text = page.read_text(encoding="utf-8")
    server = Server(args.bin)
    started = time.perf_counter()
    init = server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "capabilities": {},
            "workspaceFolders": [{"uri": site.as_uri(), "name": "site"}],
            "initializationOptions": {"jflint": {"cacheDir": cache}},
        },
    )
    server.wait(lambda m: m.get("id") == init)
    server.notify("initialized", {})
    opened = time.perf_counter()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )
    first = server.wait(diagnostics_of(uri, 1))
    first_at = time.perf_counter()

    # Each change adds or removes a misspelt word at the end of the last
    # line, so the findings really change and really are sent.
    lines = text.split("\n")
    last = max(i for i, line in enumerate(lines) if line.strip())
    end = len(lines[last].encode("utf-16-le")) // 2
    word = " widgte"
    timings = []
    for version in range(2, args.repeats + 2):
        adding = version % 2 == 0
        if adding:
            change = {
                "range": {"start": {"line": last, "character": end}, "end": {"line": last, "character": end}},
                "text": word,
            }
        else:
            change = {
                "range": {
                    "start": {"line": last, "character": end},
                    "end": {"line": last, "character": end + len(word)},
                },
                "text": "",
            }
        sent = time.perf_counter()
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        server.wait(diagnostics_of(uri, version))
        timings.append((time.perf_counter() - sent) * 1000)
    server.close()

    median = statistics.median(timings)
    print(
        f"{label}: first diagnostics {(first_at - started) * 1000:.0f} ms after initialize, "
        f"{(first_at - opened) * 1000:.0f} ms after didOpen "
        f"({len(first['params']['diagnostics'])} findings) [target: 1000 ms]"
    )
    print(
        f"{label}: after didChange median {median:.1f} ms, min {min(timings):.1f} ms, "
        f"max {max(timings):.1f} ms over {len(timings)} changes [target: 50 ms]"
    )


if __name__ == "__main__":
    sys.exit(main())
