#!/bin/sh
# deps.sh - installs, on Debian 12, every package bscc needs to build,
# test and fuzz.  Needs root (or sudo).  Safe to run again: apt-get skips
# what is installed.
set -eu
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
PKGS="build-essential make flex bison pkg-config
  libjansson-dev libcsv-dev libgccjit-12-dev libcriterion-dev
  libgraphviz-dev graphviz libgsl-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql python3
  fonts-noto-cjk
  clang libclang-rt-14-dev
  vim neovim emacs-nox elpa-eglot nodejs jq python3-numpy
  openmpi-bin libopenmpi-dev bc
  chromium poppler-utils"
# npm comes with nodejs on machines whose nodejs is not Debian's; Debian's
# npm package conflicts with those, so it is added only when missing.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "deps: installing$missing"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
