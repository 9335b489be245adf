#!/usr/bin/env bash
# Benchmarks jflint on a Hugo site (the folder holding content/), whole process,
# median of 5 runs (hyperfine), with peak memory from /usr/bin/time -v:
#   reading every page (cat), the comrak parse floor (examples/parse_floor.rs),
#   jflint cold (--no-cache) on the whole site and on content/job-families,
#   one page with the whole site indexed (the pre-commit case), jflint warm
#   (its cache, nothing changed) and after editing one page, mado (or rumdl,
#   cold and with its own warm cache) on the same tree, markdownlint-cli2
#   (what GitLab's handbook CI runs) on content/job-families (on the whole
#   site too with BENCH_MARKDOWNLINT_SITE=1: about two minutes a run, so one
#   run), and a 50 MB page.
# Then the curve: 1x, 2x, 4x copies of the site and 1 vs 2 threads, cold and warm.
#
# usage: bench/run.sh CORPUS_DIR     (a site root, or a folder with site/ in it)
# Installs what it lacks: hyperfine (apt), rumdl when mado is absent (pip,
# into bench/.tools), markdownlint-cli2 (npm, into bench/.tools; skipped with
# BENCH_MARKDOWNLINT=0).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="${1:-}"
if [[ -z "$corpus" ]]; then
    echo "usage: bench/run.sh CORPUS_DIR" >&2
    exit 2
fi
if [[ -d "$corpus/site/content" ]]; then
    corpus="$corpus/site"
fi
if [[ ! -d "$corpus/content" ]]; then
    echo "bench: no Hugo site at '$corpus' (no content/ folder); skipping."
    exit 0
fi
site="$(cd "$corpus" && pwd)"
content="$site/content"
families="$content/job-families"
runs="${BENCH_RUNS:-5}"
tools="$here/.tools"
mkdir -p "$tools/bin"
export PATH="$tools/bin:$PATH"

# --- tools -------------------------------------------------------------------
if ! command -v hyperfine >/dev/null; then
    echo "bench: installing hyperfine (apt)"
    { apt-get install -y hyperfine || { apt-get update && apt-get install -y hyperfine; }; } >/dev/null
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "bench: installing GNU time (apt)"
    { apt-get install -y time || { apt-get update && apt-get install -y time; }; } >/dev/null
fi
# mado (the Markdown linter on comrak) is not published on crates.io: the
# crate of that name there is an unrelated library, so `cargo install mado`
# installs nothing. It is used when found on PATH; otherwise the comparison is
# rumdl, the other Rust Markdown linter, from its PyPI wheel.
if ! command -v mado >/dev/null && ! command -v rumdl >/dev/null; then
    echo "bench: mado not found; installing rumdl (pip, into bench/.tools)"
    pip install --quiet --disable-pip-version-check --target "$tools/py" rumdl >/dev/null 2>&1 &&
        ln -sf "$tools/py/bin/rumdl" "$tools/bin/rumdl" ||
        echo "bench: rumdl could not be installed; skipping it"
fi
if [[ "${BENCH_MARKDOWNLINT:-1}" == 1 ]] && ! command -v markdownlint-cli2 >/dev/null; then
    echo "bench: installing markdownlint-cli2 (npm, into bench/.tools)"
    npm install --silent --prefix "$tools" markdownlint-cli2 >/dev/null &&
        ln -sf "$tools/node_modules/.bin/markdownlint-cli2" "$tools/bin/markdownlint-cli2" ||
        echo "bench: markdownlint-cli2 could not be installed; skipping it"
fi

echo "bench: building jflint and the parse floor (release)"
(cd "$repo" && cargo build --quiet --release --bin jflint --example parse_floor)
jflint="$repo/target/release/jflint"
floor="$repo/target/release/examples/parse_floor"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.tsv"
: >"$results"

# A page for the pre-commit case: the first job family, in path order.
one_page="$(find "$families" -name '*.md' 2>/dev/null | LC_ALL=C sort | head -n 1)"
pages="$(find "$content" -name '*.md' | wc -l)"
echo "bench: $site: $pages pages, $(du -sh "$content" | cut -f1); $(nproc) cores"
echo

# name, command: median of $runs (hyperfine, failures ignored: linters exit 1
# when they find something) and peak RSS of one more run.
bench() {
    local name="$1" cmd="$2" prepare="${3:-true}"
    hyperfine --style none --runs "$runs" --warmup 1 --ignore-failure \
        --prepare "$prepare" --export-json "$work/h.json" "$cmd" >/dev/null 2>&1
    local median
    median="$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/h.json")"
    /usr/bin/time -v bash -c "$cmd" >/dev/null 2>"$work/time.txt" || true
    local rss
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")"
    printf '%s\t%s\t%s\n' "$name" "$median" "$rss" >>"$results"
    printf '%-34s %9.3f s  %8d KB peak\n' "$name" "$median" "$rss"
}

median_of() { awk -F'\t' -v n="$1" '$1 == n {print $2}' "$results"; }
ratio() {
    local a b
    a="$(median_of "$1")"
    b="$(median_of "$2")"
    if [[ -n "$a" && -n "$b" ]]; then
        python3 -c 'import sys; print("%-62s %6.2fx" % (sys.argv[1], float(sys.argv[2]) / float(sys.argv[3])))' \
            "$1 / $2" "$a" "$b"
    fi
}

echo "== whole process, median of $runs"
# The warm runs use a copy of the site, so the edits never touch the corpus.
cp -r "$site" "$work/site"
wsite="$work/site"
wcontent="$wsite/content"
edited="$(find "$wcontent/job-families" -name '*.md' 2>/dev/null | LC_ALL=C sort | head -n 1)"
cache="$work/cache"
bench "cat (read every page)" "find '$content' -name '*.md' -print0 | xargs -0 cat >/dev/null"
bench "parse floor (comrak)" "'$floor' '$content'"
bench "jflint: whole site" "'$jflint' check --no-config --no-cache --format concise '$content' >/dev/null"
"$jflint" check --no-config --cache-dir "$cache" --format concise "$wcontent" >/dev/null || true
bench "jflint: whole site, warm" "'$jflint' check --no-config --cache-dir '$cache' --format concise '$wcontent' >/dev/null"
if [[ -n "$edited" ]]; then
    # Each timed run follows an edit to one job-family page (a new line).
    prepare="echo 'An added line $(date +%N).' >> '$edited'"
    hyperfine_prepare="$prepare"
    bench "jflint: whole site, one page edited" "'$jflint' check --no-config --cache-dir '$cache' --format concise '$wcontent' >/dev/null" "$hyperfine_prepare"
fi
if [[ -d "$families" ]]; then
    bench "parse floor: job-families" "'$floor' '$families'"
    bench "jflint: job-families" "'$jflint' check --no-config --no-cache --format concise '$families' >/dev/null"
    bench "jflint: one page, site indexed" "'$jflint' check --no-config --no-cache --format concise --site-root '$site' '$one_page' >/dev/null"
fi
if command -v mado >/dev/null; then
    bench "mado: whole site" "mado check '$content' >/dev/null"
fi
if command -v rumdl >/dev/null; then
    bench "rumdl: whole site" "rumdl check --no-config --no-cache --quiet '$content' >/dev/null 2>&1"
    (cd "$wsite" && rumdl check --no-config --quiet content >/dev/null 2>&1) || true
    bench "rumdl: whole site, warm" "cd '$wsite' && rumdl check --no-config --quiet content >/dev/null 2>&1"
fi
if command -v markdownlint-cli2 >/dev/null && [[ "${BENCH_MARKDOWNLINT:-1}" == 1 ]]; then
    if [[ -d "$families" ]]; then
        bench "markdownlint-cli2: job-families" "cd '$families' && markdownlint-cli2 '**/*.md' >/dev/null 2>&1"
    fi
    if [[ "${BENCH_MARKDOWNLINT_SITE:-0}" == 1 ]]; then
        runs=1 bench "markdownlint-cli2: whole site" "cd '$content' && markdownlint-cli2 '**/*.md' >/dev/null 2>&1"
    fi
fi
# A 50 MB page: refused with one finding under the default limit.
mkdir -p "$work/big"
python3 - "$work/big/big.md" <<'PY'
import sys
parts, size, i = ["---\ntitle: Big\n---\n\n"], 0, 0
while size < 50 << 20:
    p = f"## Section {i}\n\nProse with a [link](#section-{i}), `code`, and *emphasis*.\n\n- one\n- two\n\n"
    parts.append(p); size += len(p); i += 1
open(sys.argv[1], "w").write("".join(parts))
PY
runs=1 bench "jflint: 50 MB page, default limit" "'$jflint' check --no-config --no-cache --format concise '$work/big/big.md' >/dev/null"

echo
echo "== ratios"
ratio "jflint: whole site" "parse floor (comrak)"
ratio "jflint: whole site, warm" "rumdl: whole site, warm"
ratio "jflint: job-families" "parse floor: job-families"
ratio "jflint: whole site" "mado: whole site"
ratio "jflint: whole site" "rumdl: whole site"
ratio "jflint: whole site" "markdownlint-cli2: whole site"
ratio "jflint: job-families" "markdownlint-cli2: job-families"

echo
echo "== the curve: copies of the site (one site root, all copies indexed), cold and warm"
for k in 1 2 4; do
    mkdir -p "$work/x$k/content"
    for i in $(seq 1 "$k"); do
        cp -r "$content" "$work/x$k/content/copy$i"
    done
    bench "jflint: ${k}x site" "'$jflint' check --no-config --no-cache --format concise '$work/x$k/content' >/dev/null"
    "$jflint" check --no-config --cache-dir "$work/c$k" --format concise "$work/x$k/content" >/dev/null || true
    bench "jflint: ${k}x site, warm" "'$jflint' check --no-config --cache-dir '$work/c$k' --format concise '$work/x$k/content' >/dev/null"
done
ratio "jflint: 2x site" "jflint: 1x site"
ratio "jflint: 4x site" "jflint: 1x site"
ratio "jflint: 4x site, warm" "jflint: 1x site, warm"

echo
echo "== threads, cold and warm"
for j in 1 2; do
    bench "jflint: whole site, -j $j" "'$jflint' check --no-config --no-cache --format concise -j $j '$content' >/dev/null"
    bench "jflint: whole site, warm, -j $j" "'$jflint' check --no-config --cache-dir '$cache' --format concise -j $j '$wcontent' >/dev/null"
done
ratio "jflint: whole site, -j 1" "jflint: whole site, -j 2"
ratio "jflint: whole site, warm, -j 1" "jflint: whole site, warm, -j 2"
