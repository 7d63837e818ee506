#!/bin/sh
# replay.sh BUILD TARGET... - every input the fuzzers ever found, and the
# hand-written seeds, must pass their target's oracles: each file of
# tests/fuzz/regressions/TARGET/ and tests/fuzz/seeds/TARGET/ is fed to
# BUILD/replay_TARGET (the target
# linked with replay_main.c, so this runs in every build, sanitizers or
# not).  The front-end inputs also go through `bscc check`, which may
# report errors (exit 0 or 1) but never crash (exit >= 2).
# BSCC_FUZZ_SVG=0 stops rendering the maps of the graph and gen inputs to SVG.
set -u
build=$1; shift
BSCC_FUZZ_SVG=${BSCC_FUZZ_SVG:-1}
export BSCC_FUZZ_SVG
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0 fail=0
for t in "$@"; do
  for f in "$here/regressions/$t"/* "$here/seeds/$t"/*; do
    [ -f "$f" ] || continue
    if timeout 120 "$build/replay_$t" "$f" > "$log" 2>&1; then pass=$((pass+1))
    else fail=$((fail+1)); echo "FAIL: $t $f (exit $?)"; tail -30 "$log"; fi
  done
done
for f in "$here/regressions/check"/*; do
  [ -f "$f" ] || continue
  timeout 60 "$build/bscc" check "$f" > /dev/null 2>&1
  st=$?
  if [ $st -le 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: bscc check $f (exit $st)"; fi
done
echo "fuzz regressions: $pass passed, $fail failed"
[ $fail -eq 0 ]
