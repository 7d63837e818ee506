#!/bin/sh
# replay.sh BSCC - every input the fuzzer ever found must now run cleanly:
# bscc check may report errors (exit 0 or 1) but never crash (exit >= 2
# from a signal or a sanitizer).
set -u
pass=0 fail=0
for f in $(dirname "$0")/regressions/*.bsc; do
  [ -e "$f" ] || continue
  "$1" check "$f" > /dev/null 2>&1
  st=$?
  if [ $st -le 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $f (exit $st)"; fi
done
echo "fuzz regressions: $pass passed, $fail failed"
[ $fail -eq 0 ]
