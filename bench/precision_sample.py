#!/usr/bin/env python3
"""Draw a reproducible sample of jflint's findings on the corpus's job
families, each printed with the lines around it, for a person to read and
judge (real defect or not). docs/accuracy.md gives the verdicts.

usage: bench/precision_sample.py CORPUS_DIR [N] [--seed S] [--jflint PATH] [--rule RULE]
  CORPUS_DIR  the corpus folder (holding site/); when it is absent the script
              says so and exits 0.
  N           how many findings to draw (default 200; all when fewer).
  --seed      the random seed (default 11), so a sample can be drawn again.
  --rule      draw only among this rule's findings (repeatable).
"""

import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("n", nargs="?", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--jflint")
    parser.add_argument("--rule", action="append")
    args = parser.parse_args()

    site = os.path.join(os.path.abspath(args.corpus), "site")
    families = os.path.join(site, "content", "job-families")
    if not os.path.isdir(families):
        print(f"precision_sample: no job families under '{args.corpus}'; skipping.")
        return 0
    binary = args.jflint or os.path.join(REPO, "target", "release", "jflint")
    if not args.jflint and not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    proc = subprocess.run(
        [binary, "check", "--format", "json", "--no-config", "--site-root", site, families],
        capture_output=True,
        text=True,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"jflint exited {proc.returncode}: {proc.stderr.strip()}")
    findings = json.loads(proc.stdout)
    if args.rule:
        findings = [f for f in findings if f["rule"] in args.rule]
    total = len(findings)
    sample = random.Random(args.seed).sample(findings, min(args.n, total))
    sample.sort(key=lambda f: (f["path"], f["line"], f["column"]))
    print(f"# {len(sample)} of {total} findings on {families} (seed {args.seed})\n")
    cache = {}
    for n, f in enumerate(sample, 1):
        path = f["path"]
        if path not in cache:
            with open(path, encoding="utf-8", errors="replace") as page:
                cache[path] = page.read().split("\n")
        lines = cache[path]
        rel = os.path.relpath(path, families)
        print(f"## {n}. {rel}:{f['line']}:{f['column']} {f['severity']}[{f['rule']}] {f['message']}")
        if f.get("help"):
            print(f"help: {f['help']}")
        for at in range(max(1, f["line"] - 2), min(len(lines), f["line"] + 2) + 1):
            mark = ">" if at == f["line"] else " "
            print(f"{mark}{at:5} | {lines[at - 1][:200]}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
