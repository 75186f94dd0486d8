#!/usr/bin/env bash
# Installs what stacks needs on Debian 12, builds it, and runs it on the
# bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
install_packages "${BUILD_PACKAGES[@]}"
build_stacks
echo "== stacks markdown examples/hello.md"
./build/src/cli/stacks markdown -c examples/markdown.json examples/hello.md
echo
