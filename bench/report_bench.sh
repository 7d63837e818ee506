#!/bin/sh
# report_bench.sh BSCC - `bscc report`'s time and page size on the examples
# and on generated strategies (bench/gen_company.sh) of 1,000 and 10,000
# objectives, and the time Debian's Chromium takes to draw each page (to
# the script's end, body[data-ready]) with where it went (script, style and
# layout, the rest: parsing) from the DevTools protocol's metrics.  Figures: bench/README.md.  A
# benchmark, not a test: `make bench-report`.  Needs chromium and
# tests/report/node_modules (npm ci) for the browser column.
set -u
BSCC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
run() {  # name, then the arguments of bscc report
  name=$1; shift
  t0=$(now)
  "$BSCC" report "$@" -o "$T/$name.html" 2>"$T/$name.err" || { echo "$name: $(head -1 "$T/$name.err")"; return; }
  t1=$(now)
  note=$(grep -q 'no strategy map' "$T/$name.err" && echo ' (map: Graphviz stopped at 30 s)')
  printf '%-18s report %6.2f s  %9d bytes%s\n' "$name" "$(awk "BEGIN { print $t1 - $t0 }")" "$(wc -c < "$T/$name.html")" "$note"
  echo "$T/$name.html" >> "$T/pages"
}
run quickstart examples/quickstart.bsc
run smart_hardware examples/smart_hardware/strategy.bsc --data examples/data/smart_hardware.csv
run city examples/city/strategy.bsc --data examples/city/quarters.csv
for n in 1000 10000; do
  sh bench/gen_company.sh $n > "$T/gen$n.bsc"
  run "gen$n" "$T/gen$n.bsc"
  run "gen$n-nomap" "$T/gen$n.bsc" --no-map
done
if command -v chromium >/dev/null 2>&1 && [ -d tests/report/node_modules/puppeteer-core ]; then
  cat > "$T/open.js" <<'JS'
const puppeteer = require('puppeteer-core');
(async () => {
  const b = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--user-data-dir=' + process.argv[2] + '/ud'] });
  for (const f of process.argv.slice(3)) {
    const p = await b.newPage();
    const t0 = Date.now();
    await p.setViewport({ width: 1280, height: 1000 });
    await p.goto('file://' + f, { timeout: 120000 });
    await p.waitForSelector('body[data-ready]', { timeout: 120000 });
    const ms = Date.now() - t0;
    // where the time went (the DevTools protocol's Performance.getMetrics):
    // script, style + layout, and the rest of the main thread's tasks,
    // which is mostly parsing the HTML (the JSON islands)
    const m = await p.metrics();
    const [nodes, objs] = await p.evaluate(() => [document.getElementsByTagName('*').length, document.querySelectorAll('.node.obj').length]);
    const s = (x) => x.toFixed(2).padStart(5);
    console.log(require('path').basename(f, '.html').padEnd(18) + ' chromium ' + (ms / 1000).toFixed(2) + ' s  (script' + s(m.ScriptDuration) +
      ', style+layout' + s(m.RecalcStyleDuration + m.LayoutDuration) + ', other tasks' + s(m.TaskDuration - m.ScriptDuration - m.RecalcStyleDuration - m.LayoutDuration) +
      ')  ' + nodes + ' elements, ' + objs + ' objectives built');
    await p.close();
  }
  await b.close();
})();
JS
  NODE_PATH=tests/report/node_modules node "$T/open.js" "$T" $(cat "$T/pages")
else
  echo "note: no chromium or tests/report/node_modules: browser times skipped"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
