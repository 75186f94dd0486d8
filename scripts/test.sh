#!/usr/bin/env bash
# Installs the build tools and the reference implementations (the oracles),
# builds stacks and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
install_packages "${BUILD_PACKAGES[@]}" "${ORACLE_PACKAGES[@]}"
build_stacks
cd build
ctest --output-on-failure -j "$(nproc)" "$@"
