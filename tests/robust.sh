#!/bin/sh
# robust.sh BSCC - hostile inputs: each must end (no hang, no crash),
# with exit 1 and an error naming the file, or exit 0 for the empty file.
# Run by `make test`, and under ASan/UBSan by `make test-asan`.
set -u
BSCC=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

# name, expected exit, expected text in the output
check() {
  out=$(timeout 120 "$BSCC" check "$T/$1" 2>&1)
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

echo "robust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
