#!/bin/sh
# run.sh [SECONDS] - runs every libFuzzer target of build-fuzz/ (make fuzz)
# for its share of SECONDS of wall time (280 by default: make fuzz-run's
# FUZZ_SECONDS), two at a time, so that the whole takes about SECONDS on
# two cores.  The shares are weights out of 7 per lane:
#   lane 1: gen 3, fmt 2, actuals 1, portfolio 1
#   lane 2: check 2, lsp 2, graph 2, jit 1
# Each target starts from its own seed corpus, made of the repository's
# files, the hand-written seeds of tests/fuzz/seeds/TARGET/ and the inputs
# kept in tests/fuzz/regressions/TARGET/.  A
# failing input (crash, leak, timeout, oracle failure) is left in
# tests/fuzz/regressions/TARGET/ as SHA.crash (or .leak, .timeout, .oom):
# add it to git, `make replay` replays it in every `make test`; it makes
# this script fail.
#
# One target for longer:  sh tests/fuzz/run.sh --only gen 3600
#
# BSCC_FUZZ_SVG=0 (in the environment, or `make fuzz-run BSCC_FUZZ_SVG=0`)
# stops the graph and gen targets rendering the map to SVG through
# graph_render, the path of `bscc graph --format=svg`.
set -eu
cd "$(dirname "$0")/../.."
BSCC_FUZZ_SVG=${BSCC_FUZZ_SVG:-1}
export BSCC_FUZZ_SVG
only=
if [ "${1:-}" = --only ]; then only=$2; shift 2; fi
total=${1:-280}
work=$(mktemp -d /tmp/bscc-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

seed() {   # TARGET FILE|DIR... : copies the files into the target's corpus
  t=$1; shift
  mkdir -p "$work/$t"
  for a in "$@"; do find "$a" -type f; done 2>/dev/null |
    while read -r f; do cp "$f" "$work/$t/$(echo "$f" | tr '/' '_')"; done
}
bsc_seeds() { seed "$1" $(find examples tests/check tests/fmt stdlib -name '*.bsc' -type f); }

run() {   # TARGET SECONDS MAXLEN [libFuzzer options]
  t=$1 secs=$2 maxlen=$3; shift 3
  mkdir -p "$work/$t" "tests/fuzz/regressions/$t"
  seed "$t" tests/fuzz/seeds/$t tests/fuzz/regressions/$t
  st=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ./build-fuzz/fuzz_$t -max_total_time="$secs" -max_len="$maxlen" -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="tests/fuzz/regressions/$t/" -print_final_stats=1 "$@" "$work/$t" \
      > "$work/$t.log" 2>&1 || st=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
  echo "fuzz $t: ${secs}s, ${execs:-?} inputs, exit $st"
  if [ $st -ne 0 ]; then tail -40 "$work/$t.log"; return 1; fi
}

bsc_seeds check; bsc_seeds fmt; bsc_seeds graph
seed actuals tests/score/data/*.csv examples/data/smart_hardware.csv examples/data/retailer.csv examples/data/toymaker.csv
seed portfolio examples/data/smart_hardware_portfolios.csv tests/check/sim/*.csv

dict=tests/fuzz/bsc.dict
one() {   # TARGET SECONDS
  case $1 in
    check|fmt|graph) run "$1" "$2" 65536 -dict=$dict ;;
    gen) run gen "$2" 4096 ;;
    actuals|portfolio) run "$1" "$2" 65536 -dict=tests/fuzz/csv.dict ;;
    lsp) run lsp "$2" 65536 -dict=tests/fuzz/lsp.dict ;;
    jit) run jit "$2" 16 -timeout=60 ;;
    *) echo "run.sh: no fuzz target \`$1\` (check gen fmt graph actuals portfolio lsp jit)" >&2; return 2 ;;
  esac
}

# libFuzzer names its artifacts crash-SHA, leak-SHA, ...: names .gitignore
# ignores (stray ones must not be committed), so the kept ones become
# SHA.crash, SHA.leak, ...; slow units are not failures.
keep_failures() {
  for f in tests/fuzz/regressions/*/*-*; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    case $b in
      slow-unit-*) rm -f "$f" ;;
      crash-*|leak-*|timeout-*|oom-*) mv "$f" "$(dirname "$f")/${b#*-}.${b%%-*}"
        echo "fuzz: new failing input $(dirname "$f")/${b#*-}.${b%%-*} (add it to git)" ;;
    esac
  done
}

if [ -n "$only" ]; then st=0; one "$only" "$total" || st=$?; keep_failures; exit $st; fi
u=$((total / 7))
lane1() { st=0; one gen $((3*u)) || st=1; one fmt $((2*u)) || st=1; one actuals $u || st=1; one portfolio $u || st=1; return $st; }
lane2() { st=0; one check $((2*u)) || st=1; one lsp $((2*u)) || st=1; one graph $((2*u)) || st=1; one jit $u || st=1; return $st; }
lane1 > "$work/lane1.out" 2>&1 & p1=$!
lane2 > "$work/lane2.out" 2>&1 & p2=$!
s1=0; s2=0
wait $p1 || s1=$?
wait $p2 || s2=$?
cat "$work/lane1.out" "$work/lane2.out"
keep_failures
[ $s1 -eq 0 ] && [ $s2 -eq 0 ]
