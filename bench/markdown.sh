#!/usr/bin/env bash
# Markdown throughput: stacks against Python-Markdown 3.4.1, single-threaded,
# same documents, same extensions, same run.
#
#   bench/markdown.sh [ROUNDS]     (default 3; ROUNDS alternations of the tools)
#
# Environment: BUILD (default build), JOBS (ninja -j), CONFIG (default examples/markdown.json:
# extra, codehilite css_class=highlight, toc, meta, github_emoji; html5),
# CORPUS (default /tmp/stacks-bench-corpus-1k), PYGMENTS=1 to add a
# Python-Markdown run that really highlights code (stacks has no highlighter).
# The corpus is the 1,000 articles of ../shared/bench/gen_corpus.py (8.5 MB);
# it is generated once. The two tools alternate; the figures quoted are
# medians over the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
build="${BUILD:-build}"
config="${CONFIG:-examples/markdown.json}"
corpus="${CORPUS:-/tmp/stacks-bench-corpus-1k}"
gen="${GEN_CORPUS:-../shared/bench/gen_corpus.py}"
[ -f "$gen" ] || gen=/work/shared/bench/gen_corpus.py

if [ ! -d "$corpus/content" ]; then
  /usr/bin/python3 "$gen" --articles 1000 --format pelican --out "$corpus" >/dev/null
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" -j "${JOBS:-$(nproc)}" markdown_bench >/dev/null

stacks_rates=()
python_rates=()
for ((i = 1; i <= rounds; i++)); do
  line=$("$build/bench/markdown_bench" --config "$config" --repeat 3 "$corpus/content" | tail -1)
  echo "round $i: $line"
  stacks_rates+=("$(sed -E 's/.* ([0-9.]+) MB\/s.*/\1/' <<<"$line")")
  line=$(/usr/bin/python3 bench/markdown_bench.py --config "$config" --repeat 1 "$corpus/content" | tail -1)
  echo "round $i: $line"
  python_rates+=("$(sed -E 's/.* ([0-9.]+) MB\/s.*/\1/' <<<"$line")")
done
if [ "${PYGMENTS:-0}" = 1 ]; then
  /usr/bin/python3 bench/markdown_bench.py --config "$config" --highlight pygments "$corpus/content" | tail -1
fi

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
s=$(median "${stacks_rates[@]}")
p=$(median "${python_rates[@]}")
awk -v s="$s" -v p="$p" 'BEGIN {
  printf "markdown throughput (median of rounds, CPU time): stacks %.1f MB/s, Python-Markdown %.2f MB/s, ratio %.1fx\n", s, p, s / p }'
