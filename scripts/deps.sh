# Debian 12 packages stacks needs; sourced by setup.sh and test.sh.
# shellcheck shell=bash

BUILD_PACKAGES=(g++ cmake ninja-build pkg-config libpcre2-dev nlohmann-json3-dev libfmt-dev
                libcli11-dev libgtest-dev libgmock-dev libtidy-dev libtomlplusplus-dev libicu-dev libxxhash-dev tzdata
                libkf5syntaxhighlighting-dev libkf5syntaxhighlighting-tools)
# The reference implementations the differential tests compare against.
ORACLE_PACKAGES=(pelican python3-markdown python3-jinja2 python3-pygments python3-bs4 tidy locales)

# Installs the packages that are missing (as root, or through sudo).
install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures and builds into build/ (Release with debug info).
build_stacks() {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)"
}
