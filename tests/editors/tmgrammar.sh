#!/bin/sh
# Tests of the VS Code extension (editors/vscode):
#  - the TextMate grammar: assertion tests over tests/editors/grammar/*.bsc
#    and a snapshot of tests/editors/samples/company.bsc (.snap beside it),
#    with the npm package vscode-tmgrammar-test;
#  - package.json / language-configuration.json / snippets / grammar: JSON
#    validity and consistency, the $bscc problem matcher;
#  - extension.js activated against stand-ins for the VS Code API.
# vscode-tmgrammar-test is installed with `npm install --no-save` into
# tests/editors/node_modules (git-ignored) unless it is already there, or
# into $TMGRAMMAR_PREFIX when set.
#   UPDATE_SNAPSHOTS=1 tests/editors/tmgrammar.sh   rewrites the snapshot.
# Prints `N passed, M failed`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=${TMGRAMMAR_PREFIX:-$here}
version=0.1.3
passed=0
failed=0
export LC_ALL=C.UTF-8 LANG=C.UTF-8
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

fail() { echo "FAIL $*"; failed=$((failed + 1)); }

count() { # file with PASS/FAIL lines
  while IFS= read -r line; do
    case $line in
      PASS*) passed=$((passed + 1)) ;;
      FAIL*) failed=$((failed + 1)); echo "$line" ;;
    esac
  done < "$1"
}

if ! command -v node >/dev/null 2>&1; then
  fail "node: not installed (see tests/editors/deps.txt)"
  echo "$passed passed, $failed failed"
  exit 1
fi

# ---- static checks and the extension's activation --------------------------
node "$here/vscode_package_test.js" >"$log" 2>&1 || echo "FAIL vscode_package_test.js exited $?" >>"$log"
count "$log"
echo "vscode package checks: done"
node "$here/vscode_extension_test.js" >"$log" 2>&1 || echo "FAIL vscode_extension_test.js exited $?" >>"$log"
count "$log"
echo "vscode extension checks: done"

# ---- the grammar ----------------------------------------------------------------
bin=$prefix/node_modules/.bin
if [ ! -x "$bin/vscode-tmgrammar-test" ]; then
  echo "installing vscode-tmgrammar-test@$version into $prefix/node_modules"
  mkdir -p "$prefix"
  if ! (cd "$prefix" && npm install --no-save --no-audit --no-fund --no-package-lock \
          --prefix "$prefix" "vscode-tmgrammar-test@$version") >"$log" 2>&1; then
    cat "$log"
    fail "npm install vscode-tmgrammar-test@$version"
    echo "$passed passed, $failed failed"
    exit 1
  fi
fi

cd "$root" || exit 1
# one check per test file: the tool prints a line per file
"$bin/vscode-tmgrammar-test" --config editors/vscode/package.json \
  'tests/editors/grammar/*.bsc' >"$log" 2>&1
status=$?
cat "$log"
ok=$(grep -c 'run successfuly\|run successfully' "$log")
bad=$(grep -c 'failed$' "$log")
passed=$((passed + ok))
failed=$((failed + bad))
if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
  fail "vscode-tmgrammar-test exited $status"
fi
nfiles=$(ls tests/editors/grammar/*.bsc | wc -l)
if [ $((ok + bad)) -ne "$nfiles" ]; then
  fail "grammar tests: $nfiles files, $((ok + bad)) results"
fi

snapflags=
[ "${UPDATE_SNAPSHOTS:-0}" = 1 ] && snapflags=--updateSnapshot
"$bin/vscode-tmgrammar-snap" --config editors/vscode/package.json $snapflags \
  'tests/editors/samples/*.bsc' >"$log" 2>&1
status=$?
cat "$log"
# one check per sample: a missing snapshot fails unless UPDATE_SNAPSHOTS=1
ok=$(grep -c 'run successfully' "$log")
bad=$(grep -c '^ERROR in test case' "$log")
if [ -z "$snapflags" ]; then
  missing=$(grep -c '^Generating snapshot' "$log")
  if [ "$missing" -gt 0 ]; then
    fail "grammar snapshot: $missing sample(s) had no .snap (written now; review and keep them)"
  fi
fi
passed=$((passed + ok))
failed=$((failed + bad))
[ "$bad" -gt 0 ] && echo "FAIL grammar snapshot (UPDATE_SNAPSHOTS=1 to accept a change)"
if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
  fail "vscode-tmgrammar-snap exited $status"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
