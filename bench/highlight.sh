#!/bin/sh
# Highlighting throughput against Pygments, same run. Usage:
#   bench/highlight.sh [BUILD_DIR] [SIZE_KB]
# Needs the highlight_tool target: ninja -C BUILD_DIR highlight_tool
set -e
build=${1:-build}
exec /usr/bin/python3 "$(dirname "$0")/highlight_bench.py" "$build/src/highlight/highlight_tool" "${2:-512}"
