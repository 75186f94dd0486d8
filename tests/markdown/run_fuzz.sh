#!/usr/bin/env bash
# Builds the Markdown libFuzzer target with clang under ASan+UBSan and runs it
# for DURATION seconds as one process (one core).
#
#   tests/markdown/run_fuzz.sh [DURATION_SECONDS]      (default 600)
#
# Environment: BUILD (build folder, default build-fuzz), CORPUS (where the
# fuzzer keeps what it finds, default $BUILD/markdown-fuzz-corpus). Seeds are
# the conformance inputs, each prefixed with the byte that picks one of the
# target's configurations. Crashes, hangs (> 10 s) and sanitizer reports are
# written to tests/markdown/fuzz_repro/ (crash-*, timeout-*, leak-*, oom-*).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-600}"
build="${BUILD:-build-fuzz}"
corpus="${CORPUS:-$build/markdown-fuzz-corpus}"
seeds="$build/markdown-fuzz-seeds"

CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTACKS_FUZZ=ON >/dev/null
ninja -C "$build" -j1 markdown_fuzz

# One seed per conformance input and configuration byte 0..4.
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" tests/markdown/fuzz_repro
n=0
while IFS= read -r -d '' input; do
  config=$((n % 5))
  { printf "\\x0$config"; cat "$input"; } > "$seeds/seed-$n"
  n=$((n + 1))
done < <(find tests/markdown/conformance -type f \( -name '*.txt' -o -name '*.text' \) -print0 | sort -z)

exec "$build/tests/markdown/markdown_fuzz" \
  -max_total_time="$duration" -timeout=10 -rss_limit_mb=2560 -max_len=16384 \
  -dict=tests/markdown/fuzz/markdown.dict -artifact_prefix=tests/markdown/fuzz_repro/ \
  -print_final_stats=1 "$corpus" "$seeds"
