#!/bin/sh
# check_examples.sh BSCC - every example (not examples/errors/) must check
# clean: no errors and no warnings.
set -u
BSCC=$1
pass=0 fail=0
for f in $(find examples -name '*.bsc' -not -path 'examples/errors/*' | sort); do
  # Team files are checked through the company file that imports them.
  case "$f" in */teams/*|*/people/*) continue ;; esac
  out=$(NO_COLOR=1 "$BSCC" check "$f" 2>&1)
  st=$?
  if [ $st -eq 0 ] && [ -z "$out" ]; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL: $f (exit $st)"; echo "$out" | head -30
  fi
done
echo "examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
