// run.mjs PORTFOLIOS SAMPLES - bench/squiggle/model.squiggle on node with
// @quri/squiggle-lang (npm install in this folder; bench/baselines.sh does
// it); prints the line of tests/sim/simdrv run.  Portfolio p funds
// initiative i when bit i of p is set.
import { readFileSync } from "node:fs";
import { run } from "@quri/squiggle-lang";

const nport = Number(process.argv[2] ?? 16), samples = Number(process.argv[3] ?? 1000);
const ports = Array.from({ length: nport }, (_, p) => `[${[0, 1, 2, 3].map((i) => (p >> i) & 1)}]`);
const code = readFileSync(new URL("model.squiggle", import.meta.url), "utf8") +
  `\nresult = List.map([${ports}], {|f| mean(model(x, f, ref, 1).score)})\nresult\n`;
const t0 = performance.now();
const out = await run(code, { environment: { sampleCount: samples, xyPointLength: 1000, seed: "42" } });
const t = (performance.now() - t0) / 1000;
if (!out.result.ok) { console.error(out.result.value.toStringWithDetails()); process.exit(1); }
const means = out.result.value.result.asJS();
let bp = 0;
means.forEach((m, p) => { if (m > means[bp]) bp = p; });
console.log(`engine=squiggle portfolios=${nport} samples=${samples} seconds=${t.toFixed(4)} compile_s=0 ` +
  `ns_per_eval=${(t * 1e9 / (nport * samples)).toFixed(1)} best=${bp} mean=${means[bp].toFixed(6)} check=${means[0].toPrecision(10)}`);
