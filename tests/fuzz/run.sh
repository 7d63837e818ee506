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
# sh tests/fuzz/run.sh --self-test checks this script itself, in seconds and
# without fuzzing: it runs it on stand-in targets (BSCC_FUZZ_BIN, a
# directory of fuzz_TARGET scripts that stands for build-fuzz/), first all
# passing (the run must pass), then with each target in turn failing (the
# run must fail and name that target), so that no target's failure is lost.
#
# BSCC_FUZZ_SVG=0 (in the environment, or `make fuzz-run BSCC_FUZZ_SVG=0`)
# stops the graph and gen targets rendering the map to SVG through
# graph_render, the path of `bscc graph --format=svg`.
set -eu
cd "$(dirname "$0")/../.."
BSCC_FUZZ_SVG=${BSCC_FUZZ_SVG:-1}
export BSCC_FUZZ_SVG
bin=${BSCC_FUZZ_BIN:-./build-fuzz}
targets="gen fmt actuals portfolio check lsp graph jit"

# Stand-in targets: each writes libFuzzer's closing statistics and exits 0,
# except the one named, which exits 1 as libFuzzer does on a crash.
self_test() {
  dir=$(mktemp -d /tmp/bscc-fuzz-self.XXXXXX)
  trap 'rm -rf "$dir"' EXIT
  ok=0 bad=0
  for failing in none $targets; do
    mkdir -p "$dir/bin"
    for t in $targets; do
      code=0; [ "$t" = "$failing" ] && code=1
      printf '#!/bin/sh\necho "stat::number_of_executed_units: 1"\nexit %d\n' $code > "$dir/bin/fuzz_$t"
      chmod +x "$dir/bin/fuzz_$t"
    done
    BSCC_FUZZ_BIN="$dir/bin" sh "$0" 7 > "$dir/out" 2>&1 && got=0 || got=1
    if [ $failing = none ]; then want=0; else want=1; fi
    if [ $got -eq $want ] && { [ $want -eq 0 ] || grep -q "^fuzz $failing: .*exit 1\$" "$dir/out"; }; then
      ok=$((ok+1))
    else
      bad=$((bad+1)); echo "run.sh self-test: with $failing failing, the run exited $got (want $want):"; cat "$dir/out"
    fi
  done
  echo "fuzz run.sh self-test: $ok passed, $bad failed"
  [ $bad -eq 0 ]
}
if [ "${1:-}" = --self-test ]; then self_test; exit; fi

only=
if [ "${1:-}" = --only ]; then only=$2; shift 2; fi
total=${1:-280}
work=$(mktemp -d /tmp/bscc-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

seed() {   # TARGET FILE|DIR... : copies the files into the target's corpus
  t=$1; shift                # (named by their paths, / made _; one tar, not a cp per file)
  mkdir -p "$work/$t"
  for a in "$@"; do find "$a" -type f; done 2>/dev/null |
    tar -cf - -T - | tar -xf - -C "$work/$t" --transform 's|/|_|g'
}
bsc_seeds() { seed "$1" $(find examples tests/check tests/fmt stdlib -name '*.bsc' -type f); }

# Shell functions share their variables: run's exit status is run_st, and
# a lane's lane_st, so that no target's result overwrites another's.
run() {   # TARGET SECONDS MAXLEN [libFuzzer options]
  t=$1 secs=$2 maxlen=$3; shift 3
  mkdir -p "$work/$t" "tests/fuzz/regressions/$t"
  seed "$t" tests/fuzz/seeds/$t tests/fuzz/regressions/$t
  run_st=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$bin/fuzz_$t" -max_total_time="$secs" -max_len="$maxlen" -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="tests/fuzz/regressions/$t/" -print_final_stats=1 "$@" "$work/$t" \
      > "$work/$t.log" 2>&1 || run_st=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
  echo "fuzz $t: ${secs}s, ${execs:-?} inputs, exit $run_st"
  if [ $run_st -ne 0 ]; then tail -40 "$work/$t.log"; return 1; fi
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

if [ -n "$only" ]; then
  [ "$total" -ge 1 ] 2>/dev/null || { echo "run.sh: --only $only needs a time of 1 s or more" >&2; exit 2; }
  only_st=0; one "$only" "$total" || only_st=$?; keep_failures; exit $only_st; fi
u=$((total / 7))
# a share of 0 s would be libFuzzer's -max_total_time=0: no limit at all
if [ $u -lt 1 ]; then echo "run.sh: $total s is less than 1 s a share (at least 7 s)" >&2; exit 2; fi
lane1() { lane_st=0; one gen $((3*u)) || lane_st=1; one fmt $((2*u)) || lane_st=1; one actuals $u || lane_st=1; one portfolio $u || lane_st=1; return $lane_st; }
lane2() { lane_st=0; one check $((2*u)) || lane_st=1; one lsp $((2*u)) || lane_st=1; one graph $((2*u)) || lane_st=1; one jit $u || lane_st=1; return $lane_st; }
lane1 > "$work/lane1.out" 2>&1 & p1=$!
lane2 > "$work/lane2.out" 2>&1 & p2=$!
s1=0; s2=0
wait $p1 || s1=$?
wait $p2 || s2=$?
cat "$work/lane1.out" "$work/lane2.out"
keep_failures
[ $s1 -eq 0 ] && [ $s2 -eq 0 ]
