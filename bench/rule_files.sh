#!/usr/bin/env bash
# Rule files on a Hugo site (the folder holding content/), release build:
#   1. the whole site with the built-in rules, then with 100 custom literal
#      rules added (generated here: one substitution of four phrases each);
#      median of 5 runs each (hyperfine when installed, else `time`), and the
#      ratio (target: at most 1.15);
#   2. with VALE_STYLE=DIR (a Vale style folder such as GitLab's
#      doc/.vale/gitlab_base, not part of this repository), the style run as
#      it is over the whole site: the rules loaded, the rules and entries
#      skipped with their reasons (stderr), the findings per rule, and the
#      time with the style against the built-in rules alone (median of 3
#      runs each, alternated).
#
# usage: bench/rule_files.sh CORPUS_DIR     (a site root, or a folder with site/ in it)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="${1:-}"
if [[ -z "$corpus" ]]; then
    echo "usage: bench/rule_files.sh CORPUS_DIR" >&2
    exit 2
fi
if [[ -d "$corpus/site/content" ]]; then
    corpus="$corpus/site"
fi
if [[ ! -d "$corpus/content" ]]; then
    echo "bench: no Hugo site at '$corpus' (no content/ folder); skipping."
    exit 0
fi

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
jflint="$repo/target/release/jflint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 100 literal rules: invented phrases, so that they add matching work without
# adding findings that would make the report itself the cost.
mkdir -p "$work/rules"
{
    echo "namespace: bench"
    echo "rules:"
    for i in $(seq 1 100); do
        echo "  - id: rule-$i"
        echo "    kind: substitution"
        echo "    message: \"\`%s\` is a bench phrase\""
        echo "    swap:"
        for j in 1 2 3 4; do
            echo "      widgetry phrase $i $j: gadgetry phrase $i $j"
        done
    done
} > "$work/rules/bench.yaml"
printf 'custom-rules: [rules/*.yaml]\n' > "$work/with.yaml"
printf '{}\n' > "$work/without.yaml"

run() {
    local config="$1"
    "$jflint" check --no-cache --config "$config" --format concise "$corpus/content" > /dev/null 2>&1 || true
}

if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs 5 --export-json "$work/times.json" \
        "$jflint check --no-cache --config $work/without.yaml --format concise $corpus/content > /dev/null 2>&1 || true" \
        "$jflint check --no-cache --config $work/with.yaml --format concise $corpus/content > /dev/null 2>&1 || true"
    python3 - "$work/times.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
without, with_rules = results[0]["median"], results[1]["median"]
print(f"built-ins only: {without:.3f} s; with 100 literal rules: {with_rules:.3f} s; ratio {with_rules / without:.3f}")
EOF
else
    for config in without with; do
        start=$(date +%s.%N)
        for _ in 1 2 3 4 5; do run "$work/$config.yaml"; done
        end=$(date +%s.%N)
        echo "$config: $(echo "($end - $start) / 5" | bc -l | cut -c1-6) s a run (mean of 5)"
    done
fi

if [[ -n "${VALE_STYLE:-}" ]]; then
    if [[ ! -d "$VALE_STYLE" ]]; then
        echo "bench: VALE_STYLE=$VALE_STYLE is no folder; skipping the Vale run."
        exit 0
    fi
    style="$(basename "$VALE_STYLE")"
    printf 'StylesPath = %s\n\n[*.md]\nBasedOnStyles = %s\n' "$(dirname "$VALE_STYLE")" "$style" > "$work/.vale.ini"
    echo "Vale style $style over $corpus/content:"
    "$jflint" check --no-cache --no-config --vale-config "$work/.vale.ini" --format concise "$corpus/content" \
        > "$work/vale.out" 2> "$work/vale.err" || true
    echo "skipped (stderr):"
    sed 's/^/  /' "$work/vale.err"
    namespace="$(echo "$style" | tr '_A-Z' '-a-z')"
    echo "rules loaded: $("$jflint" rules --no-config --vale-config "$work/.vale.ini" 2> /dev/null | grep -c "^$namespace/" || true)"
    echo "findings of the style: $(grep -c "\[$namespace/" "$work/vale.out" || true)"
    echo "findings per rule:"
    grep -oE '\[[a-z0-9-]+/[a-z0-9-]+\]' "$work/vale.out" | sort | uniq -c | sort -rn | sed 's/^/  /'
    # Time: the built-in rules alone, then with the style, alternated.
    for _ in 1 2 3; do
        for mode in without with; do
            extra=()
            if [[ $mode == with ]]; then extra=(--vale-config "$work/.vale.ini"); fi
            start=$(date +%s.%N)
            "$jflint" check --no-cache --no-config "${extra[@]}" --format concise "$corpus/content" > /dev/null 2>&1 || true
            end=$(date +%s.%N)
            echo "$mode $(echo "$end - $start" | bc -l)" >> "$work/vale-times"
        done
    done
    python3 - "$work/vale-times" <<'EOF'
import statistics, sys
runs = {"without": [], "with": []}
for line in open(sys.argv[1]):
    mode, seconds = line.split()
    runs[mode].append(float(seconds))
without, with_style = (statistics.median(runs[m]) for m in ("without", "with"))
shown = lambda m: ", ".join(f"{t:.2f}" for t in runs[m])
print(f"built-ins only: {shown('without')} s (median {without:.2f} s)")
print(f"with the style: {shown('with')} s (median {with_style:.2f} s); ratio {with_style / without:.2f}")
EOF
fi
