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
//   - a large card (body[data-lazy]) has built only part of its tree when
//     it opens, and all of it when it is about to print.
// Then it prints the first page to OUT_DIR/NAME.pdf (run.sh looks at it
// with pdftoppm and pdftotext) and, with SCREENSHOT=FILE.png, takes a
// screenshot of the first page for the README.
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require('puppeteer-core');

const outDir = process.argv[2];
const pages = process.argv.slice(3);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

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
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
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

  if (process.env.SCREENSHOT && name === (process.env.SCREENSHOT_PAGE || 'smart_hardware'))
    await page.screenshot({ path: process.env.SCREENSHOT });
  await page.emulateMediaType('print');
  await page.pdf({ path: path.join(outDir, name + '.pdf'), format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
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
