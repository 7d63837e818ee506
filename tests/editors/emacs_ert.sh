#!/bin/sh
# ERT tests of editors/emacs/bsc-mode.el in `emacs --batch`: font-lock faces,
# indentation, comment syntax, imenu, the Flymake JSON parsing and regions
# (fixed JSON, and a stand-in bscc), the Eglot entry, and a byte-compile
# with no warnings.  Prints `N passed, M failed`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export LC_ALL=C.UTF-8 LANG=C.UTF-8

if ! command -v emacs >/dev/null 2>&1; then
  echo "FAIL emacs: not installed (see tests/editors/deps.txt)"
  echo "0 passed, 1 failed"
  exit 1
fi

# A built bscc ($BSCC, else build/bscc) enables the bsc-real-* tests.
if [ -z "${BSCC:-}" ] && [ -x "$root/build/bscc" ]; then
  BSCC=$root/build/bscc
fi
if [ -n "${BSCC:-}" ] && [ -x "$BSCC" ]; then
  export BSCC
  echo "with bscc: $BSCC"
else
  unset BSCC
  echo "no built bscc (set BSCC=path): bsc-real-* tests skipped"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
timeout 300 emacs --batch -Q -L "$root/editors/emacs" \
  --eval '(setq load-prefer-newer t)' \
  -l "$here/bsc-mode-tests.el" -f ert-run-tests-batch-and-exit >"$log" 2>&1
status=$?
cat "$log"

# ERT's summary: "Ran N tests, M results as expected, K unexpected"
total=$(sed -n 's/^Ran \([0-9]*\) tests*,.*/\1/p' "$log" | tail -1)
passed=$(sed -n 's/^Ran [0-9]* tests*, \([0-9]*\) results* as expected.*/\1/p' "$log" | tail -1)
skipped=$(sed -n 's/^Ran .*expected, [0-9]* unexpected, \([0-9]*\) skipped.*/\1/p' "$log" | tail -1)
total=${total:-0}
passed=${passed:-0}
skipped=${skipped:-0}

failed=$((total - passed - skipped))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # emacs died before or outside the tests
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
