#!/usr/bin/env bash
# Installs what stacks needs on Debian 12, builds it, and runs it on the
# bundled example site (examples/site) with the built-in default theme.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
install_packages "${BUILD_PACKAGES[@]}"
build_stacks
echo "== stacks build examples/site -> build/example-site"
./build/src/cli/stacks build examples/site/content -s examples/site/stacksconf.py -o build/example-site
echo "Open build/example-site/index.html in a browser."
