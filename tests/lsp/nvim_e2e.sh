#!/bin/sh
# nvim_e2e.sh BSCC - `bscc lsp` driven by a real client: Neovim's built-in
# LSP (headless), on a copy of tests/lsp/ws.  Checks diagnostics (and the
# UTF-16 to byte column conversion), hover, go to definition across files
# and formatting.  Skipped (exit 0) when nvim is not installed.
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v nvim > /dev/null 2>&1; then
  echo "nvim: skipped (nvim is not installed; sh tests/deps.sh installs it)"
  exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp "$HERE"/ws/*.bsc "$HERE"/ws/*.expected "$T"/
export BSCC WS="$T" HOME="$T" XDG_CONFIG_HOME="$T" XDG_DATA_HOME="$T" XDG_STATE_HOME="$T" XDG_CACHE_HOME="$T"
timeout 120 nvim --headless --clean -u NONE -i NONE -n -c "luafile $HERE/nvim_e2e.lua" > "$T/out" 2>&1
st=$?
cat "$T/out"
if [ $st -ne 0 ] && ! grep -q "nvim: .* passed" "$T/out"; then
  echo "nvim: 0 passed, 1 failed (nvim exited with $st)"
fi
exit $st
