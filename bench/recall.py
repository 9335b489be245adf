#!/usr/bin/env python3
"""Recall and precision of jflint against the recall set.

The recall set (bench/recall/defects.tsv) lists every defect a reviewer found
by reading real handbook pages line by line, before running jflint: the page
(relative to the corpus folder), the line or lines where the fix is made, the
class of defect and a note. This script runs jflint over the corpus's job
families and seed pages (the whole folder, as a real run sees it, so
site-wide rules compare the same pages), keeps the findings on the pages of
the set, and matches them to the defects:

- a finding matches a defect on the same page and line whose class the
  finding's rule reports (CLASS_RULES below);
- recall: of the defects read before the run (origin `read`), how many are
  matched; per class and overall;
- precision: of the findings on the set's pages, how many match a defect
  (origin `read`, or `run`: a real defect the reader missed and that was
  confirmed in the page after the run); per rule and overall. A second
  finding on a defect already matched is real but a duplicate: the same
  rule on one line (two links on it) or a second rule on one place to fix;
  duplicates are counted in their own column.

usage: bench/recall.py CORPUS_DIR [--jflint PATH] [--misses] [--false]
  CORPUS_DIR  the corpus folder (holding site/ and seeds/); when it is absent
              the script says so and exits 0.
  --jflint    the jflint binary (default: target/release/jflint, built with
              `cargo build --release` when missing).
  --misses    list the defects jflint does not report.
  --false     list the findings that match no defect.
"""

import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SET = os.path.join(HERE, "recall", "defects.tsv")
DECISIONS = os.path.join(HERE, "recall", "decisions.tsv")

# Classes jflint does not set out to report, and why: they stay in the set
# (and in the plain recall), and "recall in scope" leaves them out.
OUT_OF_SCOPE = {
    "grammar": "agreement, missing and extra words: no checker reaches 0.95 precision "
    "on these pages (harper-core measured 0.16; see docs/accuracy.md)",
    "other": "judgement on content: stale facts, a requirement filed under "
    "responsibilities, bullets reworded on their way to a second copy",
}

# The rules that report each class of defect, the class's own rule first.
CLASS_RULES = {
    "missing-grade": ["missing-grade"],
    "reporting-line": [
        "missing-reports-to",
        "broken-link",
        "reports-to-non-level",
        "reports-to-self",
        "reporting-cycle",
        "reports-to-grade",
        "reports-to-wrong-role",
    ],
    "heading-depth": ["heading-level"],
    "grade-order": ["grade-order"],
    "required-bullet": ["required-bullet"],
    "missing-section": ["missing-section", "empty-section"],
    "introduction": ["missing-introduction", "missing-section"],
    "copied-text": ["level-name-mismatch"],
    "level-name": ["level-name-mismatch"],
    "typo": ["typo"],
    "real-word": ["real-word", "grammar", "typo", "repeated-word"],
    "grammar": ["grammar", "real-word"],
    "british-spelling": ["british-spelling"],
    "vacancy-wording": ["vacancy-language"],
    "inclusive-language": [
        "gendered-pronoun",
        "exclusionary-term",
        "fixed-mindset-language",
        "gender-coded-language",
    ],
    "years-of-experience": ["years-of-experience"],
    "location-requirement": ["location-requirement"],
    "broken-link": ["broken-link", "link-format"],
    "grade-link": ["grade-link"],
    "brand": ["brand-name"],
    "legacy-syntax": ["legacy-syntax"],
    "absolute-link": ["absolute-link"],
    "markdown": [
        "unbalanced-emphasis",
        "link-format",
        "empty-section",
        "repeated-word",
        "template-placeholder",
        "frontmatter",
        "list-run-on",
        "duplicate-bullet",
    ],
    "pi-count": ["pi-count"],
    "career-ladder": ["career-ladder"],
    "grade-consistency": ["grade-consistency"],
    "duplicate": ["duplicate-bullet"],
    "other": [],
}

# The classes the issue sets a target for, reported on their own line.
TARGET_CLASSES = [
    "missing-grade",
    "reporting-line",
    "heading-depth",
    "grade-order",
    "required-bullet",
    "typo",
]

Defect = collections.namedtuple("Defect", "path lines cls origin note row")


def tsv_rows(path, columns):
    """(line number, columns) of each row of a tab-separated file, comments
    and blank lines skipped; a row of another width stops the script."""
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != columns:
                sys.exit(f"{path}:{n}: expected {columns} tab-separated columns, found {len(cols)}")
            yield n, cols


def read_set(path):
    defects = []
    for n, cols in tsv_rows(path, 5):
        page, lines, cls, origin, note = cols
        if cls not in CLASS_RULES:
            sys.exit(f"{path}:{n}: unknown class `{cls}`")
        if origin not in ("read", "run"):
            sys.exit(f"{path}:{n}: origin must be `read` or `run`, not `{origin}`")
        try:
            numbers = {int(x) for x in lines.split(",")}
        except ValueError:
            sys.exit(f"{path}:{n}: bad line list `{lines}`")
        defects.append(Defect(page, numbers, cls, origin, note, n))
    return defects


def read_decisions(path):
    """(page, line, class) of the defects jflint reports differently by design."""
    decided = set()
    for _, cols in tsv_rows(path, 4):
        for number in cols[1].split(","):
            decided.add((cols[0], int(number), cols[2]))
    return decided


def jflint_binary(given):
    if given:
        return given
    binary = os.path.join(REPO, "target", "release", "jflint")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return binary


def run_jflint(binary, corpus):
    site = os.path.join(corpus, "site")
    targets = [os.path.join(site, "content", "job-families"), os.path.join(corpus, "seeds")]
    proc = subprocess.run(
        [binary, "check", "--format", "json", "--no-config", "--site-root", site, *targets],
        capture_output=True,
        text=True,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"jflint exited {proc.returncode}: {proc.stderr.strip()}")
    findings = json.loads(proc.stdout)
    for f in findings:
        f["path"] = os.path.relpath(os.path.abspath(f["path"]), corpus)
    return findings


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--jflint")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--false", dest="false_", action="store_true")
    args = parser.parse_args()

    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(os.path.join(corpus, "site", "content")):
        print(f"recall: no corpus at '{args.corpus}' (no site/content folder); skipping.")
        return 0

    defects = read_set(SET)
    pages = {d.path for d in defects}
    missing = sorted(p for p in pages if not os.path.exists(os.path.join(corpus, p)))
    if missing:
        sys.exit("recall: pages of the set not in the corpus: " + ", ".join(missing))

    findings = [f for f in run_jflint(jflint_binary(args.jflint), corpus) if f["path"] in pages]
    findings.sort(key=lambda f: (f["path"], f["line"], f["column"], f["rule"]))

    by_place = collections.defaultdict(list)
    for d in defects:
        for line in d.lines:
            by_place[(d.path, line)].append(d)

    matched = set()
    verdicts = []  # (finding, "real" | "duplicate" | "false")
    for f in findings:
        candidates = [d for d in by_place.get((f["path"], f["line"]), []) if f["rule"] in CLASS_RULES[d.cls]]
        # A defect of the class the rule is made for first ("acheive", a typo
        # and a real-word slip on one line: `typo` takes the typo).
        fresh = sorted(
            (d for d in candidates if d.row not in matched),
            key=lambda d: CLASS_RULES[d.cls][0] != f["rule"],
        )
        if fresh:
            matched.add(fresh[0].row)
            verdicts.append((f, "real"))
        elif candidates:
            verdicts.append((f, "duplicate"))
        else:
            verdicts.append((f, "false"))

    read = [d for d in defects if d.origin == "read"]
    print(f"recall set: {len(pages)} pages, {len(read)} defects read (+{len(defects) - len(read)} found after a run)")
    print(f"jflint: {len(findings)} findings on those pages\n")

    print("## Recall by class (defects read before the run)\n")
    print("| class | defects | reported | recall |")
    print("| --- | --- | --- | --- |")
    per_class = collections.Counter(d.cls for d in read)
    hit_class = collections.Counter(d.cls for d in read if d.row in matched)
    for cls in sorted(per_class, key=lambda c: (-per_class[c], c)):
        mark = " (target)" if cls in TARGET_CLASSES else ""
        print(f"| {cls}{mark} | {per_class[cls]} | {hit_class[cls]} | {ratio(hit_class[cls], per_class[cls])} |")
    total_hit = sum(hit_class.values())
    print(f"| **all** | {len(read)} | {total_hit} | {ratio(total_hit, len(read))} |\n")

    decided = read_decisions(DECISIONS)
    in_scope = [
        d
        for d in read
        if d.cls not in OUT_OF_SCOPE and not any((d.path, x, d.cls) in decided for x in d.lines)
    ]
    hits = sum(1 for d in in_scope if d.row in matched)
    print("Recall in scope (leaving out the classes jflint does not set out to report,")
    print("and the defects it reports differently by design, bench/recall/decisions.tsv):")
    print(f"{hits} of {len(in_scope)}, {ratio(hits, len(in_scope))}; by target class:")
    for cls in TARGET_CLASSES:
        mine = [d for d in in_scope if d.cls == cls]
        got = sum(1 for d in mine if d.row in matched)
        print(f"  {cls}: {got} of {len(mine)}, {ratio(got, len(mine))}")
    for cls, why in OUT_OF_SCOPE.items():
        print(f"  not in scope: {cls} ({per_class[cls]} defects): {why}")
    print()

    print("## Precision by rule (findings on the set's pages)\n")
    print("| rule | findings | real | duplicate | false | precision | recall of its own class |")
    # precision: (real + duplicate) / findings
    print("| --- | --- | --- | --- | --- | --- | --- |")
    per_rule = collections.defaultdict(collections.Counter)
    for f, verdict in verdicts:
        per_rule[f["rule"]][verdict] += 1
    own = collections.defaultdict(list)
    for d in read:
        if CLASS_RULES[d.cls]:
            own[CLASS_RULES[d.cls][0]].append(d)
    for rule in sorted(set(per_rule) | set(own)):
        c = per_rule[rule]
        n = sum(c.values())
        mine = own.get(rule, [])
        hits = sum(1 for d in mine if d.row in matched)
        rec = f"{ratio(hits, len(mine))} ({hits}/{len(mine)})" if mine else "-"
        print(f"| {rule} | {n} | {c['real']} | {c['duplicate']} | {c['false']} | {ratio(n - c['false'], n)} | {rec} |")
    real = sum(c["real"] for c in per_rule.values())
    dup = sum(c["duplicate"] for c in per_rule.values())
    false = sum(c["false"] for c in per_rule.values())
    print(f"| **all** | {len(findings)} | {real} | {dup} | {false} | {ratio(len(findings) - false, len(findings))} | |")

    if args.misses:
        print("\n## Defects not reported\n")
        for d in read:
            if d.row not in matched:
                lines = ",".join(str(x) for x in sorted(d.lines))
                print(f"{d.path}:{lines}: [{d.cls}] {d.note}")
    if args.false_:
        print("\n## Findings that match no defect\n")
        for f, verdict in verdicts:
            if verdict != "real":
                print(f"{f['path']}:{f['line']}:{f['column']}: {verdict} [{f['rule']}] {f['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
