#!/bin/sh
# run.sh BSCC - the tests of `bscc report` (docs/report.md):
#   1. golden tests of each example's page data (not of its pixels): the
#      JSON islands bscc-view and bscc-sim and the map's nodes, printed by
#      islands.py, must equal golden/NAME.json; the bscc-score island must
#      be the very output of `bscc score --format=json`; nothing in the page
#      may point outside it.  UPDATE=1 rewrites the goldens.
#   2. command-line errors and warnings (err_*.cmd / .out, as in tests/score).
#   3. Debian's Chromium opens every page (browser.js): no console error, no
#      network request, the DOM checks; each prints to PDF, and pdftoppm and
#      pdftotext must show readable pages; a card of 2,400 measures (whose
#      tree is built lazily) printed by `chromium --print-to-pdf` must
#      have every measure in its text.
# The browser part needs chromium, node and tests/report/node_modules
# (`npm ci` installs it from package-lock.json); without them it is
# skipped with a note, but under CI=true it fails.
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$DIR/../.." && pwd)
cd "$ROOT" || exit 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
# When the pages are made (their header's "made"): a fixed, realistic
# time, just after the second quarter of 2025 closed, as a quarterly
# review's report would be (SOURCE_DATE_EPOCH: reproducible pages, and the
# README's screenshot shows a believable date, not 1970).
EPOCH=1751533200   # 2025-07-03T09:00:00Z
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

# 1. the pages' data
grep -v '^#' "$DIR/examples.txt" | while read -r name args; do
  [ -n "$name" ] || continue
  base=$(echo "$args" | sed 's/ --sim SIM//; s/ --sim-run.*//')
  case "$args" in
    *SIM*)
      # shellcheck disable=SC2086
      "$BSCC" sim $base --budget 3M --samples 200 --seed 7 --threads 1 --format=json > "$T/$name.sim.json" 2>"$T/err" ||
        { echo "FAIL: bscc sim $base: $(head -3 "$T/err")"; echo x >> "$T/failed"; continue; } ;;
  esac
  a=$(echo "$args" | sed "s|SIM|$T/$name.sim.json|")
  # shellcheck disable=SC2086
  if ! SOURCE_DATE_EPOCH=$EPOCH "$BSCC" report $a -o "$T/$name.html" 2>"$T/err"; then
    echo "FAIL: bscc report $a: $(head -3 "$T/err")"; echo x >> "$T/failed"; continue
  fi
  # shellcheck disable=SC2086
  "$BSCC" score $base --format=json > "$T/$name.score.json"
  python3 "$DIR/islands.py" "$T/$name.html" "$T/$name.score.json" 2>"$T/err" | sed "s|$T/|TMP/|g" > "$T/$name.out"
  st=$?
  exp=$DIR/golden/$name.json
  if [ -s "$T/err" ]; then
    cat "$T/err"; echo x >> "$T/failed"
  elif [ "${UPDATE:-0}" = 1 ]; then
    cp "$T/$name.out" "$exp"; echo x >> "$T/passed"
  elif ! cmp -s "$T/$name.out" "$exp"; then
    echo "FAIL: tests/report/golden/$name.json: bscc report $args"
    if [ -f "$exp" ]; then diff -u "$exp" "$T/$name.out" | head -30; else echo "  (no golden)"; fi
    echo x >> "$T/failed"
  else
    echo x >> "$T/passed"
  fi
  : "$st"
done
# --sim-run runs the simulation itself: smart_hardware's page (made with
# --sim-run) carries the very simulation that `bscc sim --format=json`
# with the same options saves, and names how it was run
sa="examples/smart_hardware/strategy.bsc --data examples/data/smart_hardware.csv"
# shellcheck disable=SC2086
if ! "$BSCC" sim $sa --budget 3M --samples 200 --seed 7 --threads 1 --format=json > "$T/saved.json" 2>"$T/err" ||
   ! SOURCE_DATE_EPOCH=$EPOCH "$BSCC" report $sa --sim "$T/saved.json" -o "$T/saved.htm" 2>"$T/err"; then
  echo "FAIL: bscc report --sim saved.json: $(head -3 "$T/err")"; echo x >> "$T/failed"
elif ! python3 - "$T/smart_hardware.html" "$T/saved.htm" <<'PY'
import json, re, sys
def islands(f):
    p = open(f, encoding='utf-8').read()
    return {m.group(1): json.loads(m.group(2)) for m in re.finditer(r'<script type="application/json" id="([a-z-]+)">(.*?)</script>', p, re.S)}
run, saved = islands(sys.argv[1]), islands(sys.argv[2])
want = 'run by the report (bscc sim --budget 3M --samples 200 --seed 7 --threads 1)'
ok = run.get('bscc-sim') is not None and run['bscc-sim'] == saved['bscc-sim'] and run['bscc-view']['files']['sim'] == want
sys.exit(0 if ok else 1)
PY
then echo "FAIL: bscc report --sim-run: its simulation is not that of bscc sim --format=json"; echo x >> "$T/failed"
else echo x >> "$T/passed"
fi

# a large card (bench/gen_company.sh: 600 objectives, 2,400 key results),
# whose tree is built as it comes near the view: for the browser only
sh bench/gen_company.sh 600 > "$T/gen600.bsc"
if SOURCE_DATE_EPOCH=$EPOCH "$BSCC" report "$T/gen600.bsc" --no-map -o "$T/gen600.html" 2>"$T/err"; then echo x >> "$T/passed"
else echo "FAIL: bscc report gen600.bsc: $(head -3 "$T/err")"; echo x >> "$T/failed"; fi
pass=$((pass + $(cat "$T/passed" 2>/dev/null | wc -l)))
fail=$((fail + $(cat "$T/failed" 2>/dev/null | wc -l)))

# 2. errors of the command line
for t in $(cd "$DIR" && ls err_*.cmd | sort); do
  name=${t%.cmd}
  args=$(cat "$DIR/$t")
  # shellcheck disable=SC2086
  NO_COLOR=1 "$BSCC" $args > "$T/out" 2>&1
  echo "exit: $?" >> "$T/out"
  if [ "${UPDATE:-0}" = 1 ]; then cp "$T/out" "$DIR/$name.out"; ok
  elif cmp -s "$T/out" "$DIR/$name.out"; then ok
  else bad "tests/report/$t: bscc $args"; diff -u "$DIR/$name.out" "$T/out" | head -20
  fi
done

# 3. in a real browser
have_browser=1
command -v chromium >/dev/null 2>&1 || { have_browser=0; why="chromium is not installed (apt-get install chromium)"; }
command -v node >/dev/null 2>&1 || { have_browser=0; why="node is not installed"; }
if [ $have_browser = 1 ] && [ ! -d "$DIR/node_modules/puppeteer-core" ]; then
  (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>"$T/npm") ||
    { have_browser=0; why="npm ci failed: $(head -3 "$T/npm")"; }
fi
if [ $have_browser = 1 ]; then
  if NODE_PATH="$DIR/node_modules" timeout 600 node "$DIR/browser.js" "$T" "$T"/*.html; then ok; else bad "the browser tests"; fi
  # printing: readable pages, the strategy's title in the text
  for pdf in "$T"/smart_hardware.pdf "$T"/quickstart.pdf; do
    name=$(basename "$pdf" .pdf)
    title=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["strategy"])' "$T/$name.score.json")
    pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    pdftoppm -r 40 -f 1 -l 1 -png "$pdf" "$T/$name-page" 2>/dev/null
    png=$(ls "$T/$name-page"*.png 2>/dev/null | head -1)
    if [ -z "$pages" ] || [ "$pages" -lt 1 ] || [ -z "$png" ] || [ ! -s "$png" ]; then
      bad "$name.pdf: no readable page (pages: ${pages:-none})"
    elif ! pdftotext "$pdf" - | grep -qF "$title"; then
      bad "$name.pdf: the title \`$title\` is not in the printed text"
    elif [ "$name" = smart_hardware ] && ! pdftotext "$pdf" - | tr '\n' ' ' | grep -q "The view of owner"; then
      bad "$name.pdf: printed as one owner's view, the page does not say whose"
    else
      ok
    fi
  done
  # a large card printed by Chromium's own headless printing (no DevTools
  # client, no print emulation first): its beforeprint builds the rest of
  # the lazy tree, so every measure is in the PDF's text
  if [ -f "$T/gen600.html" ]; then
    timeout 300 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/chromium-print" \
      --print-to-pdf="$T/gen600.pdf" "file://$T/gen600.html" >/dev/null 2>&1
    "$BSCC" score "$T/gen600.bsc" --format=json > "$T/gen600.score.json"
    if [ ! -s "$T/gen600.pdf" ]; then bad "gen600.pdf: chromium --print-to-pdf wrote nothing"
    elif ! pdftotext "$T/gen600.pdf" - | python3 -c '
import json, re, sys
S = json.load(open(sys.argv[1]))
text = " ".join(sys.stdin.read().split())
words = set(re.findall(r"\w+", text))
# a measure is shown by its title, or by its name without one
ms = [m.get("title") or m["id"] for m in S["krs"] + S["kpis"]]
missing = [m for m in ms if (m not in words if re.fullmatch(r"\w+", m) else " ".join(m.split()) not in text)]
if len(ms) <= 2000 or missing:
    print("%d of %d measures missing, the last %s%s" % (len(missing), len(ms), ms[-1], " among them" if ms[-1] in missing else ""))
    sys.exit(1)' "$T/gen600.score.json" > "$T/print.err"; then
      bad "gen600.pdf (chromium --print-to-pdf): $(cat "$T/print.err")"
    else ok
    fi
  fi
elif [ "${CI:-}" = true ]; then
  bad "browser tests: $why"
else
  echo "note: browser tests skipped: $why"
fi
echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
