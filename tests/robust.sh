#!/bin/sh
# robust.sh BSCC - hostile inputs: each must end (no hang, no crash),
# with exit 1 and an error naming the file, or exit 0 for the empty file;
# then files that are not regular files (devices, FIFOs), reads without
# end, imports outside the project, fmt -w under a file-size limit and a
# tampered JIT cache (docs/robustness.md).
# Run by `make test`, and under ASan/UBSan by `make test-asan`.
set -u
BSCC=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
# A sanitizer build cannot run under an address-space limit (ASan reserves
# terabytes of shadow memory): it is bounded by its resident size instead.
if (ulimit -v 4000000; "$BSCC" version >/dev/null 2>&1; exit $?) 2>/dev/null; then VLIMIT=4000000; else VLIMIT=unlimited; fi
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=4000"
export ASAN_OPTIONS

# name, expected exit, expected text in the output
check() {
  out=$( (ulimit -v $VLIMIT; timeout 120 "$BSCC" check "$T/$1") 2>&1)
  st=$?
  if [ "$st" = "$2" ] && printf '%s' "$out" | grep -q -- "$3"; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL: $1: exit $st (want $2), output:"; printf '%s\n' "$out" | head -c 2000; echo
  fi
}

: > "$T/empty.bsc"
check empty.bsc 1 "E044"

# Random bytes differ on every run, so where the first error lands does too
# (a newline among the first bytes moves it to line 2): ask only that the
# errors name the file with a line and a column.
head -c 200000 /dev/urandom > "$T/garbage.bsc"
check garbage.bsc 1 "garbage.bsc:[0-9][0-9]*:[0-9][0-9]*: error"

printf 'objective o "\377\376" in customer {\n kr \303( : count 1 -> 2\n}\n' > "$T/badutf8.bsc"
check badutf8.bsc 1 "invalid UTF-8 byte 0xFF"

awk 'BEGIN { s = "objective o \"T\" in customer {\n kr e : count = "; for (i = 0; i < 10000; i++) s = s "("; print s "1" }' > "$T/deep.bsc"
check deep.bsc 1 "E003"

awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{"; print "" }' > "$T/braces.bsc"
check braces.bsc 1 "E001"

awk 'BEGIN { s = "objective o \"T\" in customer {\n kr e : count = 1"; for (i = 0; i < 100000; i++) s = s "+1"; print s "\n}" }' > "$T/tall.bsc"
check tall.bsc 1 "E003"

# About 10 MB of well-formed objectives with one error at the very end.
awk 'BEGIN {
  print "strategy \"Big\" { horizon 2025-Q1 .. 2025-Q4 }"
  for (i = 0; i < 60000; i++) {
    printf "objective o%d \"Objective %d\" in customer {\n  kr k%da : percent 1%% -> 2%%\n  kr k%db : hours 72 -> 24 by 2025-Q3\n}\n", i, i, i, i
  }
  print "objective last \"Last\" in customer {\n  kr z : hours 1 -> 1\n}"
}' > "$T/big.bsc"
check big.bsc 1 "E040"

check missing.bsc 2 "cannot read"

mkdir "$T/dir.bsc"
check dir.bsc 2 "cannot read"

# ---- files that are not regular files, and reads without end -------------
# Every command runs bounded (20 s, 4 GB of address space or of resident
# memory), so that a regression fails here instead of hanging or eating
# the machine.
# run NAME WANT_EXIT PATTERN COMMAND...: the output must match PATTERN.
run() {
  name=$1 want=$2 pat=$3
  shift 3
  out=$( (ulimit -v $VLIMIT; timeout 20 "$@") 2>&1 )
  st=$?
  if [ "$st" = "$want" ] && { [ -z "$pat" ] || printf '%s' "$out" | grep -q -- "$pat"; }; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); echo "FAIL: $name: exit $st (want $want), output:"; printf '%s\n' "$out" | head -c 2000; echo
  fi
}
# ok NAME CONDITION...: a test of the file system after a command.
ok() {
  name=$1
  shift
  if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}

mkfifo "$T/fifo.bsc" "$T/fifo.csv"
run "check /dev/zero" 2 "cannot read \`/dev/zero\`: it is a character device, not a regular file" "$BSCC" check /dev/zero
run "check /dev/urandom" 2 "it is a character device" "$BSCC" check /dev/urandom
run "check a FIFO" 2 "fifo.bsc\`: it is a FIFO, not a regular file" "$BSCC" check "$T/fifo.bsc"
ln -s /dev/zero "$T/zero.bsc"
run "check a link to /dev/zero" 2 "zero.bsc\`: it is a character device" "$BSCC" check "$T/zero.bsc"

STRAT='strategy "S" { horizon 2025-Q1 .. 2025-Q4 }
objective o "O" in customer { kr k : count 1 -> 2 }'
mkdir "$T/proj"
printf 'import "fifo.bsc"\n%s\n' "$STRAT" > "$T/fifo_up.bsc"
run "import a FIFO" 1 "fifo_up.bsc:1:8: error\[E004\]: cannot read .*it is a FIFO" "$BSCC" check "$T/fifo_up.bsc"
printf 'import "/dev/zero"\n%s\n' "$STRAT" > "$T/proj/zero.bsc"
run "import /dev/zero" 1 "zero.bsc:1:8: error\[E006\]" "$BSCC" check "$T/proj/zero.bsc"
run "import /dev/zero, allowed" 1 "zero.bsc:1:8: error\[E004\]: cannot read \`/dev/zero\`: it is a character device" \
  "$BSCC" check --allow-import=/dev "$T/proj/zero.bsc"
run "import /dev/urandom, allowed" 1 "it is a character device" "$BSCC" check --allow-import=/dev "$T/proj/zero.bsc"

# ---- imports stay inside the root file's folder -----------------------------
printf 'objective t "T" in customer { kr tk : count 1 -> 2 }\n' > "$T/outside.inc"
printf 'import "../outside.inc"\n%s\n' "$STRAT" > "$T/proj/up.bsc"
run "import ../ outside the root" 1 "up.bsc:1:8: error\[E006\]: \`../outside.inc\` is outside the project's folder" \
  "$BSCC" check "$T/proj/up.bsc"
run "import ../ allowed" 0 "" "$BSCC" check --allow-import="$T" "$T/proj/up.bsc"
run "import ../ allowed, score" 0 "" "$BSCC" score --allow-import="$T" "$T/proj/up.bsc"
run "import ../ refused, score" 1 "E006" "$BSCC" score "$T/proj/up.bsc"
ln -s ../outside.inc "$T/proj/link.inc"
printf 'import "link.inc"\n%s\n' "$STRAT" > "$T/proj/link.bsc"
run "a symlink inside pointing outside" 1 "link.bsc:1:8: error\[E006\]" "$BSCC" check "$T/proj/link.bsc"
mkdir "$T/proj/teams"
printf 'objective t "T" in customer { kr tk : count 1 -> 2 }\n' > "$T/proj/teams/t.inc"
printf 'import "teams/../teams/t.inc"\n%s\n' "$STRAT" > "$T/proj/in.bsc"
run "an import inside, through .." 0 "" "$BSCC" check "$T/proj/in.bsc"
run "--allow-import of no folder" 2 "needs an existing folder" "$BSCC" check --allow-import="$T/nope" "$T/proj/in.bsc"

# ---- CSV files -----------------------------------------------------------------
cp examples/quickstart.bsc "$T/q.bsc" 2>/dev/null || cp "$(dirname "$0")/../examples/quickstart.bsc" "$T/q.bsc"
run "score --data /dev/zero" 2 "cannot read \`/dev/zero\`: it is a character device" "$BSCC" score "$T/q.bsc" --data /dev/zero
run "score --data a FIFO" 2 "fifo.csv\`: it is a FIFO" "$BSCC" score "$T/q.bsc" --data "$T/fifo.csv"
run "sim --portfolios a FIFO" 2 "fifo.csv\`: it is a FIFO" "$BSCC" sim "$T/q.bsc" --portfolios "$T/fifo.csv"
run "sim --portfolios /dev/zero" 2 "it is a character device" "$BSCC" sim "$T/q.bsc" --portfolios /dev/zero

# ---- fmt -w: never half-written, only regular files -----------------------------
run "fmt a FIFO" 2 "fifo.bsc\`: it is a FIFO" "$BSCC" fmt "$T/fifo.bsc"
run "fmt -w a FIFO" 2 "fifo.bsc\`: it is a FIFO" "$BSCC" fmt -w "$T/fifo.bsc"
ok "fmt -w leaves the FIFO a FIFO" test -p "$T/fifo.bsc"
run "fmt of stdin without end" 2 "cannot read \`<stdin>\`: it is larger than 256 MiB" sh -c '"$1" fmt < /dev/zero' sh "$BSCC"
mkdir "$T/fsz"
awk 'BEGIN { for (i = 0; i < 40; i++) printf "objective   o%d \"O\"   in customer {kr k%d:count 1->2}\n", i, i }' > "$T/fsz/s.bsc"
cp "$T/fsz/s.bsc" "$T/orig.bsc"
chmod 640 "$T/fsz/s.bsc"
run "fmt -w over ulimit -f" 2 "cannot write \`$T/fsz/s.bsc\`: File too large (the file is unchanged)" \
  sh -c 'ulimit -f 1; "$1" fmt -w "$2"' sh "$BSCC" "$T/fsz/s.bsc"
ok "fmt -w over ulimit -f: the original is intact" cmp -s "$T/fsz/s.bsc" "$T/orig.bsc"
ok "fmt -w over ulimit -f: no temporary is left" test "$(ls -A "$T/fsz")" = s.bsc
run "fmt -w without a limit" 0 "" "$BSCC" fmt -w "$T/fsz/s.bsc"
ok "fmt -w keeps the mode" test "$(stat -c %a "$T/fsz/s.bsc")" = 640
ok "fmt -w rewrote the file" sh -c '! cmp -s "$1" "$2"' sh "$T/fsz/s.bsc" "$T/orig.bsc"

# ---- the compiled-model cache: an entry that is not a regular file ------------
# A link to /dev/zero or a FIFO under the model's cache name is a miss:
# rejected without being read or blocking, rebuilt, and the answer is the
# same as a clean compile's.
mkdir "$T/cache"
want=$( (ulimit -v $VLIMIT; BSCC_CACHE_DIR="$T/cache" timeout 60 "$BSCC" sim "$T/q.bsc" --engine=jit --samples 300 --format=json) 2>&1)
so=$(ls "$T/cache"/*.so 2>/dev/null | head -n 1)
ok "the JIT cache holds the compiled model" test -f "$so"
for bad in zero fifo; do
  rm -f "$so"
  if [ $bad = zero ]; then ln -s /dev/zero "$so"; else mkfifo "$so"; fi
  got=$( (ulimit -v $VLIMIT; BSCC_CACHE_DIR="$T/cache" timeout 60 "$BSCC" sim "$T/q.bsc" --engine=jit --samples 300 --format=json) 2>&1)
  st=$?
  ok "JIT cache entry $bad: rejected, rebuilt, same answer (exit $st)" test "$st" = 0 -a "$got" = "$want"
  ok "JIT cache entry $bad: replaced by a regular file" test -f "$so" -a ! -L "$so"
done

echo "robust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
