// browser.js OUT_DIR PAGE.html... - opens each `bscc report` page in
// Debian's Chromium (puppeteer-core over the DevTools protocol) and checks
// it as a reader would use it (tests/report/run.sh, docs/report.md):
//   - no console error, no page error, and no network request at all (every
//     request but the page's own file is recorded and aborted);
//   - every objective of the page's bscc-score island is in the tree with
//     its score (2 decimals) and status, in colour and in words;
//   - the owner filter (and the team filter) shows exactly that owner's
//     objectives, with their parents and children as context;
//   - clicking an objective in the strategy map selects it in the tree;
//   - a measure's chart opens larger on demand;
//   - every strategic theme is listed with its score, status and
//     objectives, whose links select them;
//   - Enter on a map node selects it; every calibration entry is listed
//     and its link selects its objective; the simulation's portfolios,
//     distributions, p(green) and tornado are all drawn;
//   - every chart has a title (role=img), every status its word, and CJK
//     titles are drawn with a CJK font's glyphs (not boxes), in the tree
//     and in the map;
//   - a large card (body[data-lazy]) has built only part of its tree when
//     it opens, and all of it when it is about to print.
// Then it prints the first page to OUT_DIR/NAME.pdf (run.sh looks at it
// with pdftoppm and pdftotext) and, with SCREENSHOTS=DIR, takes the
// pictures of docs/ (SHOTS below) for the README and docs/report.md.
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require('puppeteer-core');

const outDir = process.argv[2];
const pages = process.argv.slice(3);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// SCREENSHOTS=DIR: the page's picture, and the part of it shown
const SHOTS = { smart_hardware: [['report-cockpit.png'], ['report-simulation.png', '#simulation']], toymaker: [['report-toymaker.png']] };

async function checkPage(browser, file) {
  const name = path.basename(file, '.html');
  const url = 'file://' + path.resolve(file);
  const problems = [];
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') problems.push('console ' + m.type() + ': ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url() === url) return r.continue();
    problems.push('network request: ' + r.url());
    r.abort();
  });
  await page.setViewport({ width: 1280, height: 1000 });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.waitForSelector('body[data-ready]', { timeout: 60000 });
  const ms = Date.now() - t0;

  // a large card builds its tree as it comes near the view: fewer
  // objectives than the card's at first, all of them before printing
  if (await page.$('body[data-lazy]')) {
    const [built, total] = await page.evaluate(() => [document.querySelectorAll('.node.obj').length,
      JSON.parse(document.getElementById('bscc-score').textContent).objectives.length]);
    if (!(built > 0 && built < total)) problems.push('lazy tree: ' + built + ' of ' + total + ' objectives built at first');
    // a filter on a part not built yet: what it shows is built as it
    // comes near the view (the hidden rest holds no place)
    for (const which of ['owner', 'team']) {
      const values = await page.$$eval('#filter-' + which + ' option', (os) => os.map((o) => o.value).filter(Boolean));
      if (!values.length) continue;
      const v = values[Math.floor(values.length / 2)];
      await page.select('#filter-' + which, v);
      const shows = () => page.evaluate((which, v) => {
        const V = JSON.parse(document.getElementById('bscc-view').textContent);
        const want = V.objectives.filter((o) => o[which] === v).map((o) => o.id).sort();
        const shown = [...document.querySelectorAll('.node.obj:not(.hidden):not(.context)')].map((n) => n.dataset.id).sort();
        return JSON.stringify(want) === JSON.stringify(shown) ? '' : which + ' ' + v + ' on the lazy tree: shows ' + shown.join(',') + ', want ' + want.join(',');
      }, which, v);
      for (let i = 0; i < 50 && await shows(); i++) await new Promise((r) => setTimeout(r, 200));
      const bad = await shows();
      if (bad) problems.push(bad);
      await page.select('#filter-' + which, '');
    }
    // the print media (as printing to PDF sets it) builds the rest
    await page.emulateMediaType('print');
    await page.waitForFunction((total) => document.querySelectorAll('.node.obj').length === total, { timeout: 20000 }, total).catch(() => {});
    const after = await page.evaluate(() => document.querySelectorAll('.node.obj').length);
    if (after !== total) problems.push('lazy tree: ' + after + ' of ' + total + ' objectives built for printing');
    await page.emulateMediaType(null);
  }

  // every objective, with its score and status
  problems.push(...await page.evaluate(() => {
    const S = JSON.parse(document.getElementById('bscc-score').textContent);
    const out = [];
    for (const o of S.objectives) {
      const n = document.getElementById('obj-' + o.id);
      if (!n) { out.push('objective ' + o.id + ' is not in the tree'); continue; }
      const want = o.score == null ? '–' : o.score.toFixed(2);
      const got = n.querySelector(':scope > .head .score').textContent;
      if (got !== want) out.push('objective ' + o.id + ': score ' + got + ', want ' + want);
      const b = n.querySelector(':scope > .head .st');
      if (n.dataset.status !== o.status || !b || b.dataset.status !== o.status || !b.textContent.includes(o.status))
        out.push('objective ' + o.id + ': status ' + (b && b.textContent) + ', want ' + o.status);
      const t = n.querySelector(':scope > .head .title').textContent;
      if (t !== (o.title || o.id)) out.push('objective ' + o.id + ': title ' + t);
    }
    for (const k of S.krs) if (!document.querySelector('tr.kr[data-kr="' + CSS.escape(k.id) + '"]')) out.push('key result ' + k.id + ' is not in the tree');
    return out;
  }));

  // the filters
  for (const which of ['owner', 'team']) {
    const values = await page.$$eval('#filter-' + which + ' option', (os) => os.map((o) => o.value).filter(Boolean));
    if (!values.length) continue;
    const v = values[values.length - 1];
    await page.select('#filter-' + which, v);
    problems.push(...await page.evaluate((which, v) => {
      const V = JSON.parse(document.getElementById('bscc-view').textContent);
      const want = V.objectives.filter((o) => o[which] === v).map((o) => o.id).sort();
      const shown = [...document.querySelectorAll('.node.obj:not(.hidden):not(.context)')].map((n) => n.dataset.id).sort();
      const out = [];
      if (JSON.stringify(want) !== JSON.stringify(shown)) out.push(which + ' filter ' + v + ': shows ' + shown.join(',') + ', want ' + want.join(','));
      for (const n of document.querySelectorAll('.node.obj:not(.hidden)')) {
        // a shown objective is the owner's, or above or below one of them
        if (n.classList.contains('context') && !n.querySelector('.node.obj:not(.hidden):not(.context)') &&
            !n.parentElement.closest('.node.obj:not(.context)')) out.push(which + ' filter ' + v + ': ' + n.dataset.id + ' shown for nothing');
      }
      // whose view it is, printed in the header
      const note = document.getElementById('view-note').textContent;
      if (!note.includes(which + ' ' + v)) out.push(which + ' filter ' + v + ': the header says ' + JSON.stringify(note));
      return out;
    }, which, v));
    await page.select('#filter-' + which, '');
  }
  const hidden = await page.$$eval('.node.obj.hidden', (n) => n.length);
  if (hidden) problems.push(hidden + ' objectives still hidden with no filter');

  // the map selects in the tree
  const nodes = await page.$$('#strategy-map g.node[data-obj]');
  const leftOut = await page.evaluate(() => /^left out/.test(JSON.parse(document.getElementById('bscc-view').textContent).map_error || ''));
  if (!nodes.length && leftOut) {
    // --no-map, or a card too large for Graphviz: the page says so
    const note = await page.$eval('#strategy-map', (s) => s.textContent);
    if (!note.includes('No strategy map: left out')) problems.push('no map and no note: ' + note.slice(0, 200));
  } else if (!nodes.length) {
    const note = await page.$eval('#strategy-map', (s) => s.textContent);
    problems.push('no clickable objective in the strategy map: ' + note.slice(0, 200));
  } else {
    const g = nodes[nodes.length - 1];
    const id = await g.evaluate((e) => e.getAttribute('data-obj'));
    await g.click();
    const sel = await page.evaluate(() => document.body.getAttribute('data-selected'));
    const inTree = await page.evaluate((id) => document.getElementById('obj-' + id).classList.contains('selected'), id);
    if (sel !== id || !inTree) problems.push('clicking ' + id + ' in the map selected ' + sel);
  }

  // a larger chart on demand
  const spark = await page.$('button.spark');
  if (spark) {
    await spark.click();
    const ok = await page.evaluate(() => { const d = document.getElementById('chart-dialog'); return !!(d && d.open && d.querySelector('svg .actual, svg .plan')); });
    if (!ok) problems.push('the larger chart did not open');
    await page.keyboard.press('Escape');
  }

  // keyboard: Enter on a focused map node selects it too
  if (nodes.length > 1) {
    const g = nodes[0];
    const id = await g.evaluate((e) => { e.focus(); return e.getAttribute('data-obj'); });
    await page.keyboard.press('Enter');
    const sel = await page.evaluate(() => document.body.getAttribute('data-selected'));
    if (sel !== id) problems.push('Enter on ' + id + ' in the map selected ' + sel);
  }

  // the calibration list: every entry, its objective a link that selects it
  problems.push(...await page.evaluate(() => {
    const S = JSON.parse(document.getElementById('bscc-score').textContent);
    const out = [];
    const rows = document.querySelectorAll('#calibration tr[data-cal]');
    if (rows.length !== S.calibration.length) out.push('calibration: ' + rows.length + ' rows, want ' + S.calibration.length);
    if (!S.calibration.length && !document.querySelector('#calibration .note')) out.push('calibration: no note for an empty list');
    S.calibration.forEach((c, i) => {
      const a = rows[i] && rows[i].querySelector('a');
      if (!c.objective) return;
      if (!a) { out.push('calibration ' + c.id + ': no link to ' + c.objective); return; }
      a.click();
      if (document.body.getAttribute('data-selected') !== c.objective) out.push('calibration ' + c.id + ': its link selected ' + document.body.getAttribute('data-selected'));
    });
    return out;
  }));

  // the strategic themes: each with its score and status, its objectives
  // as links that select them
  problems.push(...await page.evaluate(() => {
    const S = JSON.parse(document.getElementById('bscc-score').textContent);
    const out = [];
    for (const th of S.themes || []) {
      const r = document.querySelector('#themes tr[data-theme="' + CSS.escape(th.id) + '"]');
      if (!r) { out.push('theme ' + th.id + ' is not listed'); continue; }
      const want = th.score == null ? '–' : th.score.toFixed(2);
      if (r.querySelector('b').textContent !== want) out.push('theme ' + th.id + ': score ' + r.querySelector('b').textContent + ', want ' + want);
      const b = r.querySelector('.st');
      if (!b || b.dataset.status !== th.status) out.push('theme ' + th.id + ': status ' + (b && b.textContent) + ', want ' + th.status);
      const links = r.querySelectorAll('a');
      if (links.length !== th.objectives.length) out.push('theme ' + th.id + ': ' + links.length + ' objectives, want ' + th.objectives.length);
      const last = links[links.length - 1];
      if (last) {
        last.click();
        const id = th.objectives[th.objectives.length - 1].id;
        if (document.body.getAttribute('data-selected') !== id) out.push('theme ' + th.id + ': its link to ' + id + ' selected ' + document.body.getAttribute('data-selected'));
      }
    }
    if (!(S.themes || []).length && document.getElementById('themes')) out.push('a themes section without themes');
    return out;
  }));

  // the simulation: every portfolio charted, the best 50 listed with their
  // distribution (20 bins), p(green) of every objective, the tornado
  problems.push(...await page.evaluate(() => {
    const e = document.getElementById('bscc-sim');
    const out = [];
    if (!e) { if (document.getElementById('simulation')) out.push('a simulation section without a simulation'); return out; }
    const SIM = JSON.parse(e.textContent), P = SIM.portfolios;
    const rows = document.querySelectorAll('#portfolios tr[data-portfolio]');
    if (rows.length !== Math.min(50, P.length)) out.push('portfolios: ' + rows.length + ' rows of ' + P.length);
    rows.forEach((r, i) => {
      if (r.dataset.portfolio !== P[i].name) out.push('portfolio row ' + i + ': ' + r.dataset.portfolio + ', want ' + P[i].name);
      if (r.querySelectorAll('svg.hist rect').length !== P[i].histogram.length) out.push('portfolio ' + P[i].name + ': its distribution has not ' + P[i].histogram.length + ' bars');
    });
    if (P.length && document.querySelectorAll('#scatter circle').length !== P.length) out.push('scatter: not one point per portfolio');
    if (P.length && document.querySelectorAll('#p-green tr[data-obj]').length !== Object.keys(P[0].p_green).length) out.push('p(green): not one row per objective');
    const ins = (SIM.sensitivity && SIM.sensitivity.inputs) || [];
    if (ins.length && document.querySelectorAll('#tornado rect').length !== Math.min(15, ins.length)) out.push('tornado: not one bar per input');
    return out;
  }));

  // accessibility: every chart says what it shows (role=img and a title);
  // every status has its word
  problems.push(...await page.evaluate(() => {
    const out = [];
    document.querySelectorAll('svg[role=img]').forEach((s) => {
      const t = s.querySelector(':scope > title');
      if (!t || !t.textContent.trim()) out.push('a chart without a title: ' + (s.id || s.getAttribute('class')));
    });
    document.querySelectorAll('.st').forEach((b) => { if (!b.textContent.includes(b.dataset.status)) out.push('a status without its word: ' + b.textContent); });
    return out;
  }));

  // CJK titles render as text: the glyphs come from a CJK font, in the tree
  // and in the map (CSS.getPlatformFontsForNode says which fonts drew a node)
  let cdp = null;
  for (const [where, sel] of [['tree', '.node.obj > .head .title'], ['map', '#strategy-map svg text']]) {
    const n = await page.evaluate((sel) => {
      const e = [...document.querySelectorAll(sel)].find((t) => /[\u3400-\u9fff]/.test(t.textContent));
      if (!e) return 0;
      e.setAttribute('data-cjk-probe', '1');
      return (e.textContent.match(/[\u3400-\u9fff]/g) || []).length;
    }, sel);
    if (!n) continue;
    if (!cdp) {
      cdp = await page.target().createCDPSession();
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
    }
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-cjk-probe]' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const cjk = fonts.filter((f) => /CJK|Source Han|WenQuanYi|PingFang|YaHei/i.test(f.familyName)).reduce((a, f) => a + f.glyphCount, 0);
    if (cjk < n) problems.push('CJK title in the ' + where + ': ' + n + ' CJK characters, ' + cjk + ' glyphs from a CJK font (' + fonts.map((f) => f.familyName).join(', ') + ')');
    await page.evaluate(() => document.querySelector('[data-cjk-probe]').removeAttribute('data-cjk-probe'));
  }
  if (cdp) {
    // the DOM and CSS agents would report every change while printing
    await cdp.send('CSS.disable');
    await cdp.send('DOM.disable');
    await cdp.detach();
  }

  // the pictures in docs/: a cockpit's first screen, a Chinese one, a simulation
  for (const shot of (process.env.SCREENSHOTS && SHOTS[name]) || []) {
    await page.evaluate(() => { document.querySelectorAll('.selected').forEach((e) => e.classList.remove('selected')); window.scrollTo(0, 0); });
    const file = path.join(process.env.SCREENSHOTS, shot[0]);
    const part = shot[1] && await page.$(shot[1]);
    if (part) {
      // the sticky filter bar would cover a part further down
      await page.addStyleTag({ content: '.filters { position: static !important; }' });
      await part.screenshot({ path: file });
    }
    else await page.screenshot({ path: file });
  }
  // a large card's PDF (300 pages) takes Chromium close to a minute on a
  // loaded machine: run.sh prints it once, with chromium --print-to-pdf
  const lazy = !!await page.$('body[data-lazy]');
  // smart_hardware is printed as one owner's view (run.sh reads it back)
  if (name === 'smart_hardware') {
    const owners = await page.$$eval('#filter-owner option', (os) => os.map((o) => o.value).filter(Boolean));
    await page.select('#filter-owner', owners[owners.length - 1]);
  }
  await page.emulateMediaType('print');
  if (!lazy) await page.pdf({ path: path.join(outDir, name + '.pdf'), format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
  await page.close();
  return { name, ms, problems };
}

(async () => {
  const userDir = fs.mkdtempSync(path.join(outDir, 'chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--user-data-dir=' + userDir],
  });
  let fail = 0;
  try {
    for (const f of pages) {
      const r = await checkPage(browser, f);
      if (r.problems.length) {
        fail++;
        console.log('FAIL: ' + r.name + ' (' + r.ms + ' ms)');
        r.problems.slice(0, 20).forEach((p) => console.log('  ' + p));
      } else {
        console.log('ok: ' + r.name + ' (' + r.ms + ' ms)');
      }
    }
  } finally {
    await browser.close();
  }
  console.log('report browser: ' + (pages.length - fail) + ' passed, ' + fail + ' failed');
  process.exit(fail ? 1 : 0);
})().catch((e) => { console.error('browser.js: ' + e.stack); process.exit(2); });
