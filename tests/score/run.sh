#!/bin/sh
# run.sh BSCC - golden tests of `bscc score` and `bscc graph`, compared
# byte for byte.
#
# Each tests/score/NAME.cmd holds one line: the arguments of bscc, run from
# the root of the repository (so paths in the output are stable).  Its
# stdout and stderr, merged, plus a last line `exit: N`, must equal
# NAME.out.  Colour is never used (NO_COLOR=1, output is not a terminal).
# For a `graph` command whose output is DOT, `dot -Tsvg` must accept it.
#   UPDATE=1 rewrites the .out files instead of comparing.
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$DIR/../.." && pwd)
cd "$ROOT" || exit 2
pass=0 fail=0
tmp=$(mktemp)
dot_out=$(mktemp)
big=$(mktemp)
trap 'rm -f "$tmp" "$dot_out" "$big"' EXIT
for t in $(cd "$DIR" && ls *.cmd | sort); do
  name=${t%.cmd}
  args=$(cat "$DIR/$t")
  # shellcheck disable=SC2086
  NO_COLOR=1 "$BSCC" $args > "$tmp" 2>&1
  echo "exit: $?" >> "$tmp"
  exp=$DIR/$name.out
  ok=1
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$tmp" "$exp"
  elif ! { [ -f "$exp" ] && cmp -s "$tmp" "$exp"; }; then
    ok=0
    echo "FAIL: tests/score/$t: bscc $args"
    if [ -f "$exp" ]; then diff -u "$exp" "$tmp" | head -40; else echo "  (no tests/score/$name.out)"; fi
  fi
  case "$args" in
    graph*--format=svg*) ;;
    graph*)
      # shellcheck disable=SC2086
      if NO_COLOR=1 "$BSCC" $args > "$dot_out" 2>/dev/null; then
        if command -v dot >/dev/null 2>&1; then
          if ! dot -Tsvg "$dot_out" -o /dev/null; then
            ok=0; echo "FAIL: tests/score/$t: dot rejects the output of bscc $args"
          fi
        else
          echo "note: dot is not installed; tests/score/$t not rendered"
        fi
      fi ;;
  esac
  if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
# SVG through the Graphviz library: each map must render, exit 0, and be
# well-formed XML that carries one of its titles (the SVG text carries the
# Graphviz version and font metrics, so it is not compared).  Graphviz runs
# in a child process that exits without freeing (compiler/graph.c), so leak
# detection stays on.  graph_flat_label.bsc aborted Graphviz 2.42 (double
# free in gvFreeLayout) before the layout moved into a child.
for case in "examples/smart_hardware/strategy.bsc 智能硬件營收佔比提升" \
            "tests/score/data/graph_flat_label.bsc >Ship<"; do
  file=${case%% *} want=${case#* }
  if NO_COLOR=1 "$BSCC" graph --format=svg "$file" > "$tmp" 2>/dev/null &&
     grep -q '<svg' "$tmp" && grep -q "$want" "$tmp" &&
     { ! command -v xmllint >/dev/null 2>&1 || xmllint --noout "$tmp"; }; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL: bscc graph --format=svg $file"; head -5 "$tmp"
  fi
done
# A million bad rows: at most --max-errors (default 100) are kept, the
# rest only counted, so memory stays near the file's own size.  Under an
# address-space limit the old readers, which kept every error (and every
# bad portfolio), ran out of memory (the portfolio reader that kept
# errors no more but still every portfolio needed 260 MB, this one 230).  An ASan build maps terabytes of
# shadow memory and runs some ten times slower: there 200,000 rows, and
# only the output is checked.
rows=1000000 asan=0
if grep -q __asan_init "$BSCC"; then rows=200000 asan=1; fi
# many_bad NAME LIMIT_KB HEADER ROW_FORMAT LAST_LINE ARGS...: the file
# (ROW_FORMAT gets the row's number) goes last on the command line; the
# output must hold 100 errors, the count of the others, then LAST_LINE.
many_bad() {
  name=$1 lim=$2 header=$3 row=$4 last=$5
  shift 5
  [ $asan = 1 ] && lim=unlimited
  awk -v n=$rows -v h="$header" -v r="$row" 'BEGIN { print h; for (i = 0; i < n; i++) printf r "\n", i }' > "$big"
  out=$( (ulimit -v $lim; NO_COLOR=1 timeout 300 "$BSCC" "$@" "$big" 2>&1) )
  st=$?
  n=$(printf '%s\n' "$out" | grep -c 'error\[E09')
  if [ $st = 1 ] && [ "$n" = 100 ] && printf '%s\n' "$out" | grep -q "^bscc: $((rows - 100)) more errors not shown" &&
     printf '%s\n' "$out" | grep -q "^bscc: $rows $last"; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL: $rows $name: exit $st, $n errors shown (want 1 and 100)"; printf '%s\n' "$out" | tail -3
  fi
}
many_bad "bad actuals rows" 200000 period,kr,value "2025-Q3,revenu,190" "errors, 0 warnings; no scorecard" \
  score tests/score/data/rules.bsc --data
many_bad "bad portfolio rows" 255000 name,initiatives "p%d,nosuch" "errors in the portfolios; nothing simulated" \
  sim examples/smart_hardware/strategy.bsc --portfolios
echo "score: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
