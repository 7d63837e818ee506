#!/bin/sh
# run.sh SECONDS - fuzzes the front end for a bounded time, seeded with
# every .bsc file in the repository.  A crash leaves its input in
# tests/fuzz/regressions/ (add it to git: the test suite replays it) and
# makes this script fail.
set -eu
secs=${1:-60}
cd "$(dirname "$0")/../.."
work=tests/fuzz/corpus-work
rm -rf "$work"; mkdir -p "$work"
find examples tests/check stdlib tests/fuzz/regressions -name '*.bsc' -exec cp {} "$work/" \; 2>/dev/null || true
i=0; for f in "$work"/*; do i=$((i+1)); mv "$f" "$work/seed$i"; done
status=0
ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/fuzz_check -max_total_time="$secs" -max_len=65536 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix=tests/fuzz/regressions/ \
  -print_final_stats=1 "$work" > "$work.log" 2>&1 || status=$?
tail -25 "$work.log"
rm -f "$work.log"
# Give artifacts a .bsc name so the regression replay picks them up.
for f in tests/fuzz/regressions/crash-* tests/fuzz/regressions/leak-* tests/fuzz/regressions/timeout-*; do
  [ -e "$f" ] || continue
  mv "$f" "$f.bsc"; echo "fuzz: new failing input $f.bsc"; status=1
done
rm -rf "$work"
exit $status
