#!/usr/bin/env bash
# Template rendering: stacks against Jinja2 3.1.2, notmyidea's article.html and
# index.html, one thread, templates parsed/compiled once and cached, same
# contexts, same run.
#
#   bench/template.sh [ROUNDS]     (default 5; ROUNDS alternations of the engines)
#
# Environment: BUILD (default build), JOBS (ninja -j), REPEAT (renders per
# template per round, default 200), ARTICLES (default 50), PER_PAGE (default
# 10), PAGE (index page rendered, default 1), WORK (default /tmp/stacks-bench-template).
# bench/template_bench.py writes the contexts (50 articles of ~5 KB HTML, tags,
# categories, authors, translations, a paginated index) and renders with
# Jinja2 set up as Pelican 4.8 sets it up; build/bench/template_bench renders
# with stacks. Both outputs are compared before timing. Each round runs both
# engines (the order alternates); every round prints each engine's median
# per-render CPU time; the figures quoted are the medians of those.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
build="${BUILD:-build}"
repeat="${REPEAT:-200}"
work="${WORK:-/tmp/stacks-bench-template}"
themes="tests/template/pelican/themes"
theme_args=(--theme "$themes/notmyidea/templates" --theme "$themes/simple/templates")
templates=(article.html index.html)

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" -j "${JOBS:-$(nproc)}" template_bench >/dev/null
/usr/bin/python3 bench/template_bench.py context --out "$work/contexts" \
  --articles "${ARTICLES:-50}" --per-page "${PER_PAGE:-10}" --page "${PAGE:-1}"
echo "jinja2 $(/usr/bin/python3 -c 'import jinja2; print(jinja2.__version__)'), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

run_stacks() { "$build/bench/template_bench" --contexts "$work/contexts" "${theme_args[@]}" "$@"; }
run_jinja2() { /usr/bin/python3 bench/template_bench.py render --contexts "$work/contexts" "${theme_args[@]}" "$@"; }

# Same output first: a speed figure for a different page means nothing.
rm -rf "$work/out"
run_stacks --repeat 1 --out "$work/out/stacks" >/dev/null
run_jinja2 --repeat 1 --out "$work/out/jinja2" >/dev/null
for t in "${templates[@]}"; do
  if cmp -s "$work/out/stacks/$t" "$work/out/jinja2/$t"; then
    echo "output of $t: identical ($(wc -c <"$work/out/stacks/$t") bytes)"
  else
    echo "WARNING: stacks and Jinja2 render $t differently (timing anyway):"
    diff -u "$work/out/jinja2/$t" "$work/out/stacks/$t" | head -20 || true
  fi
done

# Medians per round, as lines "ENGINE TEMPLATE CPU_US".
results="$work/results"
: >"$results"
for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then order=(stacks jinja2); else order=(jinja2 stacks); fi
  for engine in "${order[@]}"; do
    out=$("run_$engine" --repeat "$repeat")
    sed "s/^/round $i: /" <<<"$out"
    sed -nE 's/^(stacks|jinja2) ([^:]+): median ([0-9.]+) us CPU.*/\1 \2 \3/p' <<<"$out" >>"$results"
  done
done

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in "${templates[@]}"; do
  s=$(awk -v t="$t" '$1 == "stacks" && $2 == t {print $3}' "$results" | median)
  j=$(awk -v t="$t" '$1 == "jinja2" && $2 == t {print $3}' "$results" | median)
  awk -v t="$t" -v s="$s" -v j="$j" -v r="$rounds" -v n="$repeat" 'BEGIN {
    printf "%s per render (median of %d rounds x %d renders, CPU time): stacks %.1f us, Jinja2 %.1f us, ratio %.1fx\n",
      t, r, n, s, j, j / s }'
done
