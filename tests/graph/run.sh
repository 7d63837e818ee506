#!/bin/sh
# run.sh BSCC [N] - the SVG path of `bscc graph` on hostile maps.
#
# 1. The test hooks (BSCC_TEST_GRAPHVIZ, docs/robustness.md) make the
#    Graphviz child abort, abort after writing half an SVG, or hang: bscc
#    must exit 2 with the message and write nothing on stdout.
# 2. N maps from genmap.sh (default 200, 50 under ASan, which is slower), seeds 1..N, sizes growing with
#    the seed: each must render (exit 0, well-formed SVG) or fail cleanly
#    (exit 2, the message, empty stdout); a signal or any other exit fails.
# Each run is bounded (timeout; ulimit -v unless bscc is an ASan build).
set -u
BSCC=$1
N=${2:-}
DIR=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 rendered=0 refused=0
asan=0
# An ASan build (gcc's links libasan; clang's links its runtime in
# statically, so ldd cannot tell) reserves terabytes of shadow memory and
# cannot start under ulimit -v: asking it to start there is the test.
if ! (ulimit -v 4000000; "$BSCC" version >/dev/null 2>&1) 2>/dev/null; then asan=1; fi
[ -n "$N" ] || { if [ $asan = 1 ]; then N=50; else N=200; fi; }
xml=0
command -v xmllint >/dev/null 2>&1 && xml=1

# run_svg MAP: bscc graph --format=svg MAP, bounded; stdout in $tmp/out,
# stderr in $tmp/err, the exit status in $rc.
run_svg() {
  if [ $asan = 1 ]; then
    timeout 60 "$BSCC" graph --format=svg "$1" > "$tmp/out" 2> "$tmp/err"
  else
    (ulimit -v 4000000; timeout 60 "$BSCC" graph --format=svg "$1" > "$tmp/out" 2> "$tmp/err")
  fi
  rc=$?
}

# refused_cleanly WHAT: exit 2, nothing on stdout, the message on stderr.
refused_cleanly() {
  [ $rc = 2 ] && [ ! -s "$tmp/out" ] && grep -q "$1" "$tmp/err" &&
    grep -q 'help: the DOT text may still render: bscc graph' "$tmp/err"
}

ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $1 (exit $rc)"; head -c 300 "$tmp/err"; }

"$DIR/genmap.sh" 1 > "$tmp/hook.bsc"
for hook in abort half; do
  BSCC_TEST_GRAPHVIZ=$hook run_svg "$tmp/hook.bsc"
  if refused_cleanly 'the Graphviz layout of this map failed (signal 6, Aborted, inside Graphviz)'; then ok
  else bad "BSCC_TEST_GRAPHVIZ=$hook"; fi
done
# a parent that ignores SIGCHLD (inherited across exec; dash's trap does
# not pass it on, perl's exec does) must not hide the crash
if command -v perl >/dev/null 2>&1; then
  BSCC_TEST_GRAPHVIZ=abort perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or die' \
    "$BSCC" graph --format=svg "$tmp/hook.bsc" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if refused_cleanly 'signal 6, Aborted'; then ok; else bad "BSCC_TEST_GRAPHVIZ=abort with SIGCHLD ignored"; fi
fi
BSCC_TEST_GRAPHVIZ=hang BSCC_TEST_GRAPHVIZ_TIMEOUT=1 run_svg "$tmp/hook.bsc"
if refused_cleanly 'the Graphviz layout of this map did not finish within 1 s and was stopped'; then ok
else bad "BSCC_TEST_GRAPHVIZ=hang"; fi
# Graphviz is loaded when a map is first laid out (compiler/dynlib.h):
# a library that cannot be loaded is said, naming it and what to install
BSCC_TEST_DL_MISSING=libgvc.so.6 run_svg "$tmp/hook.bsc"
if refused_cleanly 'laying out the map needs the shared library libgvc.so.6, which cannot be loaded.*libgvc6'; then ok
else bad "BSCC_TEST_DL_MISSING=libgvc.so.6"; fi
# and bscc itself does not link it (nor libgccjit, nor libpq)
if ldd "$BSCC" 2>/dev/null | grep -q 'libgvc\|libcgraph\|libgccjit\|libpq'; then rc=-; bad "ldd $BSCC lists a library loaded on use"
else ok; fi
# without a hook the same map renders
run_svg "$tmp/hook.bsc"
if [ $rc = 0 ] && grep -q '</svg>' "$tmp/out"; then ok; else bad "the hook map without a hook"; fi

i=1
while [ $i -le "$N" ]; do
  # 16 objectives and 24 links at first, up to 40 and 72
  "$DIR/genmap.sh" $i $((16 + i % 25)) $((24 + i % 49)) > "$tmp/m.bsc"
  run_svg "$tmp/m.bsc"
  if [ $rc = 0 ] && grep -q '</svg>' "$tmp/out" && { [ $xml = 0 ] || xmllint --noout "$tmp/out" 2>/dev/null; }; then
    ok; rendered=$((rendered+1))
  elif refused_cleanly 'the Graphviz layout of this map'; then
    ok; refused=$((refused+1))
  else
    bad "seed $i: tests/graph/genmap.sh $i $((16 + i % 25)) $((24 + i % 49))"
  fi
  i=$((i+1))
done
echo "graph: $pass passed, $fail failed ($rendered maps rendered, $refused refused cleanly)"
[ "$fail" -eq 0 ]
