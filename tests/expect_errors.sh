#!/bin/sh
# expect_errors.sh BSCC - checks that every examples/errors/*.bsc produces
# exactly the diagnostics its `// expect:` lines promise, no more, no fewer.
#
#   // expect: E040 at 7:18      (code, then line:column of the primary span)
#
# Runs `bscc check --format=json FILE` and compares the multiset of
# "CODE at LINE:COL" with the expect lines.  Needs jq.  Also checks that
# every diagnostic code the checker emits has an example.
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DIR=${EXPECT_DIR:-$(dirname "$0")/../examples/errors}
command -v jq >/dev/null 2>&1 || { echo "expect_errors: jq is required" >&2; exit 2; }
pass=0 fail=0
exp=$(mktemp) act=$(mktemp)
trap 'rm -f "$exp" "$act"' EXIT
for f in "$DIR"/*.bsc; do
  [ -f "$f" ] || continue
  sed -n 's|^// expect: \([EW][0-9][0-9]*\) at \([0-9][0-9]*:[0-9][0-9]*\) *$|\1 at \2|p' "$f" | sort > "$exp"
  if [ ! -s "$exp" ]; then
    echo "FAIL: $f: no \`// expect:\` lines"; fail=$((fail+1)); continue
  fi
  "$BSCC" check --format=json "$f" 2>/dev/null |
    jq -r '.diagnostics[] | "\(.code) at \(.line):\(.column)"' | sort > "$act"
  if cmp -s "$exp" "$act"; then
    pass=$((pass+1))
  else
    fail=$((fail+1))
    echo "FAIL: $f"
    diff "$exp" "$act" | sed -n 's/^< /  missing:    /p; s/^> /  unexpected: /p'
  fi
done
# every code of the checker has an example
for code in E010 E011 E012 E020 E021 E022 E030 E031 E040 E041 E042 E043 E044 E050 E051 \
            E060 E061 E070 E071 E080 W001 W002 W003 W004 W005 W006 W007 W008 W009 \
            E150 E152 E153 E154 E155 E160 E161 W040 W041 W042 W043 E178 E179 E180 \
            E166 E167 E168 W073 W074 W075 E181 E182 E183 W085 W086; do
  if ! grep -l "^// expect: $code at" "$DIR"/*.bsc >/dev/null 2>&1; then
    echo "FAIL: no example in $DIR expects $code"; fail=$((fail+1))
  fi
done
echo "expect_errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
