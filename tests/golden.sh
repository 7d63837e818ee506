#!/bin/sh
# golden.sh BSCC - whole-program golden tests, compared byte for byte.
#
# For every tests/check/NAME.bsc, runs `bscc check NAME.bsc` inside
# tests/check (so paths in messages are relative) and compares stdout and
# stderr, merged, plus a last line `exit: N`, with NAME.out.
#   - A first line `// args: ...` adds arguments (e.g. --format=json).
#   - A first line `// cmd: ...` runs `bscc ...` instead, without the file
#     (e.g. `// cmd: explain E010`): the .bsc file only holds the test.
#   - UPDATE=1 rewrites the .out files instead of comparing.
# Colour is never used (NO_COLOR=1, output is not a terminal).
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DIR=${GOLDEN_DIR:-$(dirname "$0")/check}
cd "$DIR" || exit 2
pass=0 fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for t in $(find . -name '*.bsc' | sed 's|^\./||' | sort); do
  first=$(head -n 1 "$t")
  cmd=check args=
  case "$first" in
    "// args: "*) args=${first#// args: } ;;
    "// cmd: "*) cmd=${first#// cmd: } ;;
  esac
  # shellcheck disable=SC2086
  if [ "$cmd" = check ]; then
    NO_COLOR=1 "$BSCC" check $args "$t" > "$tmp" 2>&1
  else
    NO_COLOR=1 "$BSCC" $cmd > "$tmp" 2>&1
  fi
  echo "exit: $?" >> "$tmp"
  exp=${t%.bsc}.out
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$tmp" "$exp"; pass=$((pass+1)); continue
  fi
  if [ -f "$exp" ] && cmp -s "$tmp" "$exp"; then
    pass=$((pass+1))
  else
    fail=$((fail+1))
    echo "FAIL: $DIR/$t"
    if [ -f "$exp" ]; then diff -u "$exp" "$tmp" | head -40; else echo "  (no $exp)"; fi
  fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
