/* report.js - draws `bscc report`'s cockpit from the page's JSON islands
 * (docs/report.md): the header, the scorecard tree with a chart per
 * measure, the strategy map, the calibration list, the simulation.  It
 * computes no score: every number comes from bscc-score (the output of
 * `bscc score --format=json`), bscc-view or bscc-sim.  Charts are inline
 * SVG drawn here (docs/report.md says why not a chart library). */
(function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';
  function island(id) { var e = document.getElementById(id); return e ? JSON.parse(e.textContent) : null; }
  var S = island('bscc-score'), V = island('bscc-view'), SIM = island('bscc-sim');
  var app = document.getElementById('app');

  /* ---- small helpers ---------------------------------------------------- */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) continue;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function fin(x) { return typeof x === 'number' && isFinite(x); }
  function f2(x) { return fin(x) ? x.toFixed(2) : '–'; }
  function pct(x) { return fin(x) ? Math.round(x * 100) + '%' : '–'; }
  function num(x) {
    if (!fin(x)) return '–';
    var a = Math.abs(x);
    return x.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 0 : a >= 1 ? 2 : 4 });
  }
  function val(x, unit) {
    if (!fin(x)) return '–';
    if (unit === 'percent') return num(x) + '%';
    if (!unit || unit === 'count' || unit === 'score' || unit === 'ratio') return num(x);
    return num(x) + ' ' + unit;
  }
  function slug(s) { return String(s || 'no data').toLowerCase().replace(/[^a-z0-9]+/g, '-'); }
  var GLYPH = { green: '✔', yellow: '▲', red: '✖', healthy: '✔', warning: '▲', breached: '✖' };
  /* A status in colour, shape and word. */
  function badge(word) {
    var w = word || 'no data';
    return el('span', { cls: 'st st-' + slug(w), 'data-status': w, text: (GLYPH[w] || '○') + ' ' + w });
  }
  function bar(x) {
    var b = el('span', { cls: 'bar', role: 'img', 'aria-label': 'score ' + f2(x) });
    var f = el('span');
    f.style.width = (fin(x) ? Math.max(0, Math.min(1, x)) * 100 : 0) + '%';
    b.appendChild(f);
    return b;
  }
  function trend(t) {
    if (!fin(t)) return null;
    var s = t > 0.005 ? '▲ +' : t < -0.005 ? '▼ ' : '► ';
    return el('span', { cls: 'sub', title: 'change since the previous period with data', text: s + t.toFixed(2) });
  }
  var byId = {}, krById = {}, kpiById = {}, viewObj = {}, viewKr = {}, viewKpi = {};
  S.objectives.forEach(function (o) { byId[o.id] = o; });
  S.krs.forEach(function (k) { krById[k.id] = k; });
  S.kpis.forEach(function (k) { kpiById[k.id] = k; });
  V.objectives.forEach(function (o) { viewObj[o.id] = o; });
  V.krs.forEach(function (k) { viewKr[k.id] = k; });
  V.kpis.forEach(function (k) { viewKpi[k.id] = k; });
  function otitle(id) { var o = byId[id]; return o ? (o.title || o.id) : id; }
  var themeById = {};
  (S.themes || []).forEach(function (t) { themeById[t.id] = t; });
  function ttitle(id) { var t = themeById[id]; return t ? (t.title || t.id) : id; }

  /* ---- charts ------------------------------------------------------------ */
  /* A measure's actuals over the horizon against its plan and target.
   * lines: [{v: [per period], cls, dash}], marks: horizontal lines. */
  function measureChart(m, view, kpi, w, h, big) {
    var n = S.periods.length, asOf = S.periods.indexOf(S.as_of);
    var values = view.value, plan = kpi ? view.threshold : view.plan;
    var all = values.concat(plan).concat(kpi ? view.warn : []).concat([m.target, m.baseline]).filter(fin);
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (!all.length) { lo = 0; hi = 1; }
    if (lo === hi) { lo -= 1; hi += 1; }
    var padL = big ? 70 : 3, padR = big ? 12 : 3, padT = big ? 12 : 3, padB = big ? 34 : 3;
    function x(i) { return padL + (n > 1 ? i * (w - padL - padR) / (n - 1) : (w - padL - padR) / 2); }
    function y(v) { return padT + (hi - v) * (h - padT - padB) / (hi - lo); }
    var s = sv('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', class: 'mchart' });
    var desc = (m.title || m.id) + ': actual ' + val(m.value, m.unit) + ', target ' + val(m.target, m.unit);
    s.appendChild(sv('title', {}, desc));
    if (asOf >= 0) s.appendChild(sv('line', { x1: x(asOf), x2: x(asOf), y1: padT, y2: h - padB, stroke: '#bbb', 'stroke-dasharray': '2 2' }));
    if (fin(m.target) && !kpi) s.appendChild(sv('line', { x1: padL, x2: w - padR, y1: y(m.target), y2: y(m.target), stroke: '#2e7d32', 'stroke-dasharray': '1 3', class: 'target' }));
    function path(arr, attrs) {
      var d = '', pen = false;
      arr.forEach(function (v, i) { if (fin(v)) { d += (pen ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1); pen = true; } else pen = false; });
      if (d) { attrs.d = d; attrs.fill = 'none'; s.appendChild(sv('path', attrs)); }
    }
    path(plan, { stroke: kpi ? '#c62828' : '#888', 'stroke-dasharray': '4 3', class: 'plan' });
    if (kpi) path(view.warn, { stroke: '#b58900', 'stroke-dasharray': '2 2', class: 'warn' });
    path(values, { stroke: '#1f5fa8', 'stroke-width': big ? 2.5 : 1.5, class: 'actual' });
    values.forEach(function (v, i) { if (fin(v)) s.appendChild(sv('circle', { cx: x(i), cy: y(v), r: big ? 4 : 2, fill: '#1f5fa8' })); });
    if (big) {
      S.periods.forEach(function (p, i) {
        if (n <= 12 || i % Math.ceil(n / 12) === 0)
          s.appendChild(sv('text', { x: x(i), y: h - 14, 'text-anchor': 'middle', 'font-size': 11 }, p));
      });
      [lo, hi].forEach(function (v) { s.appendChild(sv('text', { x: padL - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, val(v, m.unit))); });
      var lg = [['#1f5fa8', 'actual'], [kpi ? '#c62828' : '#888', kpi ? 'threshold' : 'plan (on-track line)']];
      if (!kpi) lg.push(['#2e7d32', 'target']);
      lg.forEach(function (e, i) {
        s.appendChild(sv('rect', { x: padL + i * 150, y: h - 8, width: 12, height: 4, fill: e[0] }));
        s.appendChild(sv('text', { x: padL + i * 150 + 16, y: h - 3, 'font-size': 11 }, e[1]));
      });
    }
    return s;
  }

  var dialog = null;
  function showBig(m, view, kpi) {
    if (!dialog) {
      dialog = el('dialog', { id: 'chart-dialog' });
      document.body.appendChild(dialog);
      dialog.addEventListener('click', function (e) { if (e.target === dialog) dialog.close(); });
    }
    dialog.textContent = '';
    var t = el('table', {}, el('tr', {}, el('th', { text: 'period' }), el('th', { text: 'actual' }),
      el('th', { text: kpi ? 'threshold' : 'plan' })));
    S.periods.forEach(function (p, i) {
      t.appendChild(el('tr', {}, el('td', { text: p }), el('td', { text: val(view.value[i], m.unit) }),
        el('td', { text: val((kpi ? view.threshold : view.plan)[i], m.unit) })));
    });
    dialog.appendChild(el('h3', { text: (m.title || m.id) + ' (' + m.id + ')' }));
    dialog.appendChild(measureChart(m, view, kpi, 640, 300, true));
    dialog.appendChild(t);
    var close = el('button', { cls: 'close', text: 'Close' });
    close.addEventListener('click', function () { dialog.close(); });
    dialog.appendChild(close);
    dialog.showModal();
  }

  /* On a large card (10,000 objectives: 40,000 measures) the measure
   * tables and their charts are built when they come near the view, and
   * all of them before printing; on a small one at once. */
  var nMeasures = S.krs.length + S.kpis.length, lazy = nMeasures > 2000 && 'IntersectionObserver' in window;
  var pending = [];
  var io = lazy ? new IntersectionObserver(function (es) {
    es.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); e.target._draw(); } });
  }, { rootMargin: '600px' }) : null;
  /* Runs draw() into box now, or when box is near the view. */
  function later(box, draw) {
    var done = false;
    box._draw = function () { if (!done) { done = true; draw(); } };
    if (io) { io.observe(box); pending.push(box); } else box._draw();
    return box;
  }
  function spark(m, view, kpi) {
    var b = el('button', { cls: 'spark', type: 'button', title: 'a larger chart of ' + (m.title || m.id) });
    b.addEventListener('click', function (e) { e.stopPropagation(); showBig(m, view, kpi); });
    return later(b, function () { b.appendChild(measureChart(m, view, kpi, 120, 30, false)); });
  }
  /* Before printing, everything: on `beforeprint` (the browser's Print
   * and headless printing, `--print-to-pdf`), and when the print media
   * starts to apply (print emulation sends no beforeprint). */
  function drawAll() {
    for (var i = 0; i < pending.length; i++) pending[i]._draw();  /* may add more */
  }
  window.addEventListener('beforeprint', drawAll);
  var printing = window.matchMedia && window.matchMedia('print');
  if (printing && printing.addEventListener) printing.addEventListener('change', function (e) { if (e.matches) drawAll(); });

  /* ---- header ------------------------------------------------------------ */
  function header() {
    var c = V.coverage, f = V.files, t = S.total;
    var dl = el('dl', { cls: 'meta' });
    function row(k, v) { dl.appendChild(el('dt', { text: k })); dl.appendChild(el('dd', {}, v)); }
    row('as of', S.as_of + (S.as_of_default ? ' (the latest period with data)' : ''));
    row('cadence', S.cadence + ' · horizon ' + S.horizon[0] + ' .. ' + S.horizon[1]);
    row('score', el('span', { cls: 'nums', id: 'total' }, el('b', { text: f2(t.score) }), bar(t.score), badge(t.status),
      el('span', { text: t.track + ' · plan ' + f2(t.plan) })));
    row('data coverage', c.krs_with_data + ' of ' + c.krs + ' key results and ' + c.kpis_with_data + ' of ' + c.kpis +
      ' KPIs have a value for ' + S.as_of + ' · ' + pct(t.coverage) + ' of the scorecard\'s weight');
    var files = el('span', { cls: 'files' }, el('code', { text: f.strategy }));
    f.data.forEach(function (d) { files.appendChild(document.createTextNode(' · ')); files.appendChild(el('code', { text: d })); });
    if (f.store) files.appendChild(el('span', {}, ' · store ', el('code', { text: f.store })));
    if (f.sim) files.appendChild(el('span', {}, ' · simulation ', el('code', { text: f.sim })));
    row('from', files);
    row('made', V.made + ' by bscc ' + V.bscc);
    /* whose view this is, on paper too (the filters are not printed) */
    viewNote = el('p', { id: 'view-note', cls: 'view-note' });
    return el('header', {}, el('h1', { id: 'title', text: S.strategy || 'Strategy' }), dl, viewNote);
  }

  /* ---- the scorecard tree ------------------------------------------------ */
  var nodeOf = {};          /* objective id -> its tree node */
  function measureRows(o) {
    if (!o.krs.length && !o.kpis.length) return null;
    if (!io) return measureTable(o);
    var box = el('div', { cls: 'ms-box' });
    box.style.minHeight = (24 * (1 + o.krs.length + o.kpis.length)) + 'px';
    return later(box, function () { box.appendChild(measureTable(o)); box.style.minHeight = ''; });
  }
  function measureTable(o) {
    var t = el('table', { cls: 'ms' }, el('tr', {}, el('th', { text: 'key result / KPI' }), el('th', { cls: 'num', text: 'actual' }),
      el('th', { text: 'target' }), el('th', { cls: 'num', text: 'score' }), el('th', { text: 'status' }), el('th', { text: 'chart' })));
    o.krs.forEach(function (id) {
      var k = krById[id];
      var tr = el('tr', { cls: 'kr', 'data-kr': id },
        el('td', {}, k.title || k.id, el('span', { cls: 'sub', text: ' ' + k.id + (k.note ? ' · note: ' + k.note : '') +
          (k.confidence ? ' · confidence ' + k.confidence + '/10' : '') })),
        el('td', { cls: 'num', text: k.value == null ? (k.no_data || 'no data') : val(k.value, k.unit) }),
        el('td', { text: (k.op && k.op !== '->' ? k.op + ' ' : '') + val(k.target, k.unit) + (k.due ? ' by ' + k.due : '') }),
        el('td', { cls: 'num', text: f2(k.score) }),
        el('td', {}, badge(k.status), ' ', k.track),
        el('td', {}, spark(k, viewKr[id], false)));
      t.appendChild(tr);
    });
    o.kpis.forEach(function (id) {
      var k = kpiById[id];
      t.appendChild(el('tr', { cls: 'kpi', 'data-kpi': id },
        el('td', {}, (k.title || k.id) + ' ', el('span', { cls: 'sub', text: 'KPI ' + k.id })),
        el('td', { cls: 'num', text: val(k.value, k.unit) }),
        el('td', { text: (k.op || '') + ' ' + val(k.threshold, k.unit) + (fin(k.warn_at) ? ' (warn ' + val(k.warn_at, k.unit) + ')' : '') }),
        el('td', { cls: 'num', text: '' }),
        el('td', {}, badge(k.health)),
        el('td', {}, spark(k, viewKpi[id], true))));
    });
    return t;
  }
  function objNode(o) {
    var v = viewObj[o.id];
    var sub = [o.id, o.level, v.owner ? 'owner ' + v.owner : null, v.team ? 'team ' + v.team : null, o.commitment,
      (o.themes || []).length ? 'theme ' + o.themes.map(ttitle).join(', ') : null].filter(Boolean).join(' · ');
    var head = el('div', { cls: 'head' },
      el('div', {}, el('div', { cls: 'title', text: o.title || o.id }), el('div', { cls: 'sub', text: sub })),
      el('div', { cls: 'nums' }, el('b', { cls: 'score', text: f2(o.score) }), bar(o.score), badge(o.status),
        el('span', { cls: 'track', text: o.track }), trend(o.trend)));
    var n = el('div', { cls: 'node obj s-' + slug(o.status), id: 'obj-' + o.id, 'data-id': o.id, 'data-owner': v.owner || '',
      'data-team': v.team || '', 'data-status': o.status }, head, measureRows(o));
    head.addEventListener('click', function () { select(o.id, false); });
    nodeOf[o.id] = n;
    if (o.children.length) {
      var kids = el('div', { cls: 'kids' });
      var fill = function () { o.children.forEach(function (c) { kids.appendChild(objNode(byId[c])); }); };
      if (io) {
        /* a large card builds the objectives aligned to this one when they
         * come near the view (or when the filter, a click or printing
         * needs them), and lays out and paints only the objectives near
         * the view (content-visibility), each at its estimated height */
        kidsOf[o.id] = kids;
        holdPlace(kids, o.children.map(function (c) { return byId[c]; }), fill);
      } else fill();
      n.appendChild(kids);
    }
    if (io) { n.classList.add('cv'); n.style.containIntrinsicSize = 'auto ' + height(o) + 'px'; }
    paint(o.id);
    return n;
  }
  var kidsOf = {}, heightOf = {};
  function ownHeight(o) { return 44 + (o.krs.length || o.kpis.length ? 24 * (1 + o.krs.length + o.kpis.length) + 8 : 0); }
  function height(o) {
    if (!heightOf[o.id]) {
      var h = ownHeight(o);
      o.children.forEach(function (c) { h += height(byId[c]) + 12; });
      heightOf[o.id] = h;
    }
    return heightOf[o.id];
  }
  /* Boxes whose objectives are not built yet hold their place: the
   * estimated height of those the filter shows. */
  var holders = [];
  function holdPlace(box, list, fill) {
    var h = { box: box, list: list };
    holders.push(h);
    placeHeight(h);
    later(box, function () { fill(); box.style.minHeight = ''; });
  }
  function placeHeight(h) {
    if (h.box.firstChild) return;
    var px = 0;
    h.list.forEach(function (o) { if (!shown || shown[o.id]) px += height(o) + 12; });
    h.box.style.minHeight = px + 'px';
  }
  /* A perspective's top objectives: on a large card in chunks, each built
   * when it comes near the view. */
  var CHUNK = 40, chunkOf = {};
  function topNodes(kids, list) {
    if (!io) { list.forEach(function (o) { kids.appendChild(objNode(o)); }); return; }
    for (var i = 0; i < list.length; i += CHUNK) (function (part) {
      var box = el('div', { cls: 'chunk' });
      part.forEach(function (o) { chunkOf[o.id] = box; });
      holdPlace(box, part, function () { part.forEach(function (o) { box.appendChild(objNode(o)); }); });
      kids.appendChild(box);
    })(list.slice(i, i + CHUNK));
  }
  /* The objective's node, building the objectives above it first. */
  function ensure(id) {
    if (!nodeOf[id] && byId[id]) {
      var p = byId[id].parent;
      if (p) { ensure(p); if (kidsOf[p]) kidsOf[p]._draw(); }
      else if (chunkOf[id]) chunkOf[id]._draw();
    }
    return nodeOf[id];
  }
  var persps = [];   /* each perspective's node and its top objectives */
  function tree() {
    var sec = el('section', { id: 'scorecard' }, el('h2', { text: 'Scorecard' }));
    var placed = {};
    S.perspectives.forEach(function (p) {
      var head = el('div', { cls: 'head' }, el('div', {}, el('div', { cls: 'title', text: (p.title || p.id) + ' ' + Math.round(p.weight * 100) + '%' }),
        el('div', { cls: 'sub', text: p.objectives.length + ' objectives' })),
        el('div', { cls: 'nums' }, el('b', { text: f2(p.score) }), bar(p.score), badge(p.status), el('span', { text: p.track })));
      var n = el('div', { cls: 'node persp s-' + slug(p.status), 'data-persp': p.id }, head);
      var kids = el('div', { cls: 'kids' });
      p.objectives.forEach(function (id) { placed[id] = 1; });
      topNodes(kids, p.objectives.map(function (id) { return byId[id]; }));
      n.appendChild(kids);
      sec.appendChild(n);
      persps.push({ n: n, ids: p.objectives });
    });
    var rest = S.objectives.filter(function (o) { return !o.parent && !placed[o.id]; });
    if (rest.length) {
      var kids = el('div', { cls: 'kids' });
      topNodes(kids, rest);
      var n = el('div', { cls: 'node persp' }, el('div', { cls: 'head' }, el('div', { cls: 'title', text: 'In no perspective' })), kids);
      sec.appendChild(n);
      persps.push({ n: n, ids: rest.map(function (o) { return o.id; }) });
    }
    return sec;
  }

  /* ---- filter by owner and team ------------------------------------------ */
  var fOwner, fTeam, fCount, viewNote;
  function options(sel, key, label) {
    var seen = {};
    V.objectives.forEach(function (o) { if (o[key]) seen[o[key]] = 1; });
    sel.appendChild(el('option', { value: '', text: 'every ' + label }));
    Object.keys(seen).sort().forEach(function (k) { sel.appendChild(el('option', { value: k, text: k })); });
  }
  function filters() {
    fOwner = el('select', { id: 'filter-owner' });
    fTeam = el('select', { id: 'filter-team' });
    options(fOwner, 'owner', 'owner');
    options(fTeam, 'team', 'team');
    fCount = el('span', { id: 'filter-count', cls: 'legend' });
    [fOwner, fTeam].forEach(function (s) { s.addEventListener('change', applyFilter); });
    return el('div', { cls: 'filters', role: 'search' }, el('label', {}, 'Owner', fOwner), el('label', {}, 'Team', fTeam), fCount,
      el('span', { cls: 'legend', text: 'status: ✔ green · ▲ yellow · ✖ red · ○ no data (on track / behind / at risk: against the plan for the period)' }));
  }
  var shown = null, matched = null;   /* the filter's result, null: every objective */
  /* An objective's node as the filter has it: hidden, context or shown. */
  function paint(id) {
    var n = nodeOf[id];
    n.classList.toggle('hidden', !!shown && !shown[id]);
    n.classList.toggle('context', !!shown && !!shown[id] && !matched[id]);
  }
  function applyFilter() {
    var ow = fOwner.value, tm = fTeam.value, all = !ow && !tm;
    var match = {}, show = {}, nm = 0;
    S.objectives.forEach(function (o) {
      var v = viewObj[o.id];
      if (all || ((!ow || v.owner === ow) && (!tm || v.team === tm))) { match[o.id] = 1; nm++; }
    });
    function down(id) { show[id] = 1; byId[id].children.forEach(down); }
    if (!all) Object.keys(match).forEach(function (id) {
      down(id);
      for (var p = byId[id].parent, d = 0; p && d < S.objectives.length; p = byId[p].parent, d++) show[p] = 1;
    });
    shown = all ? null : show;
    matched = all ? null : match;
    Object.keys(nodeOf).forEach(paint);
    holders.forEach(placeHeight);
    /* a perspective none of whose objectives the filter shows is hidden */
    persps.forEach(function (x) {
      x.n.classList.toggle('hidden', !!shown && x.ids.length > 0 && !x.ids.some(function (id) { return shown[id]; }));
    });
    fCount.textContent = all ? S.objectives.length + ' objectives' : nm + ' of ' + S.objectives.length + ' objectives match';
    viewNote.textContent = all ? '' : 'The view of ' + [ow ? 'owner ' + ow : null, tm ? 'team ' + tm : null].filter(Boolean).join(' and ') +
      ': ' + nm + ' of ' + S.objectives.length + ' objectives, with those they align to and those aligned to them (faded).';
    var h = [];
    if (ow) h.push('owner=' + encodeURIComponent(ow));
    if (tm) h.push('team=' + encodeURIComponent(tm));
    if (history.replaceState) history.replaceState(null, '', h.length ? '#' + h.join('&') : location.pathname + location.search);
  }
  /* `cockpit.html#owner=VP%20Customer` opens with that owner's view. */
  function filterFromHash() {
    (location.hash || '').replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('='), k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
      if (k === 'owner') fOwner.value = v;
      if (k === 'team') fTeam.value = v;
    });
  }

  /* ---- selection, shared by the tree and the map -------------------------- */
  var mapNode = {};
  function select(id, scroll) {
    document.querySelectorAll('.selected').forEach(function (e) { e.classList.remove('selected'); });
    var n = ensure(id);
    if (!n) return;
    if (n.classList.contains('hidden')) { fOwner.value = ''; fTeam.value = ''; applyFilter(); }
    n.classList.add('selected');
    if (mapNode[id]) mapNode[id].classList.add('selected');
    document.body.setAttribute('data-selected', id);
    if (scroll) n.scrollIntoView({ block: 'center' });
  }

  /* ---- the strategy map --------------------------------------------------- */
  function map() {
    var sec = el('section', { id: 'strategy-map' }, el('h2', { text: 'Strategy map' }));
    var tpl = document.getElementById('map-source');
    var box = tpl && tpl.content.firstElementChild;
    if (!box || !box.querySelector('svg')) {
      sec.appendChild(el('p', { cls: 'note', text: 'No strategy map: ' + (V.map_error || 'Graphviz gave none') + '.' }));
      return sec;
    }
    box = document.importNode(box, true);
    var idOfNode = {};
    V.objectives.forEach(function (o) { idOfNode[o.node] = o.id; });
    box.querySelectorAll('g.node').forEach(function (g) {
      var t = g.querySelector('title'), id = t && idOfNode[t.textContent];
      if (!id) return;
      mapNode[id] = g;
      g.setAttribute('data-obj', id);
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.addEventListener('click', function (e) { e.preventDefault(); select(id, true); });
      g.addEventListener('keydown', function (e) { if (e.key === 'Enter') select(id, true); });
    });
    sec.appendChild(el('p', { cls: 'legend', text: 'Causes below their effects; an edge is labelled with its strength and lag; dashed: team and individual objectives aligned to what they serve. Click an objective to show it in the scorecard.' }));
    sec.appendChild(box);
    return sec;
  }

  /* ---- strategic themes ---------------------------------------------------- */
  /* Each theme (the stories that cut across the perspectives) with its own
   * roll-up, as `bscc score` computes it, and its objectives as links. */
  function themes() {
    var sec = el('section', { id: 'themes' }, el('h2', { text: 'Strategic themes' }));
    var t = el('table', { cls: 'list' }, el('tr', {}, el('th', { text: 'theme' }), el('th', { cls: 'num', text: 'score' }),
      el('th', { text: 'status' }), el('th', { text: 'objectives (weight)' })));
    S.themes.forEach(function (th) {
      var objs = el('td', {});
      th.objectives.forEach(function (x, i) {
        var a = el('a', { href: '#obj-' + x.id, text: otitle(x.id) });
        a.addEventListener('click', function (e) { e.preventDefault(); select(x.id, true); });
        if (i) objs.appendChild(document.createTextNode(' · '));
        objs.appendChild(a);
        objs.appendChild(document.createTextNode(' (' + x.weight + ')'));
      });
      t.appendChild(el('tr', { 'data-theme': th.id },
        el('td', {}, th.title || th.id, el('div', { cls: 'sub', text: [th.id, th.owner ? 'owner ' + th.owner : null, th.commitment].filter(Boolean).join(' · ') })),
        el('td', { cls: 'num' }, el('b', { text: f2(th.score) }), ' ', bar(th.score)),
        el('td', {}, badge(th.status), ' ', th.track, ' ', trend(th.trend)),
        objs));
    });
    sec.appendChild(t);
    return sec;
  }

  /* ---- dynamic calibration ------------------------------------------------ */
  function nbList(a) {
    return a.map(function (x) {
      return otitle(x.objective) + (x.via === 'link' ? ' (link ' + x.strength + (x.lag ? ', lag ' + x.lag : '') + ')' : ' (aligned)');
    }).join('; ') || '–';
  }
  function calibration() {
    var sec = el('section', { id: 'calibration' }, el('h2', { text: 'Dynamic calibration: what the review must revisit' }));
    if (!S.calibration.length) { sec.appendChild(el('p', { cls: 'note', text: 'Nothing is off its line for two periods running.' })); return sec; }
    var t = el('table', { cls: 'list' }, el('tr', {}, el('th', { text: 'measure' }), el('th', { text: 'why' }), el('th', { text: 'objective' }),
      el('th', { text: 'drives (effects)' }), el('th', { text: 'driven by (causes)' })));
    S.calibration.forEach(function (c) {
      var m = c.kind === 'kpi' ? kpiById[c.id] : krById[c.id];
      var why = c.kind === 'kpi' ? 'KPI ' + c.health : c.kind === 'confidence' ? 'confidence fell from ' + c.confidences[0] + ' to ' +
        c.confidences[1] + ' (' + c.periods.join(' → ') + ')' : c.tracks.join(' → ') + ' in ' + c.periods.join(' and ');
      var ob = c.objective ? el('a', { href: '#obj-' + c.objective, text: otitle(c.objective) }) : '–';
      if (c.objective) ob.addEventListener('click', function (e) { e.preventDefault(); select(c.objective, true); });
      t.appendChild(el('tr', { 'data-cal': c.id }, el('td', { text: (m && m.title) || c.id }), el('td', { text: why }), el('td', {}, ob),
        el('td', { text: nbList(c.drives) }), el('td', { text: nbList(c.driven_by) })));
    });
    sec.appendChild(t);
    return sec;
  }

  /* ---- simulation ---------------------------------------------------------- */
  var MAXPORT = 50;
  function hist(p, w, h) {
    var s = sv('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', class: 'hist' });
    var c = p.histogram || [], mx = Math.max.apply(null, c.concat([1])), bw = w / (c.length || 1);
    s.appendChild(sv('title', {}, 'score distribution of ' + p.name + ': p5 ' + f2(p.p5) + ', p50 ' + f2(p.p50) + ', p95 ' + f2(p.p95)));
    c.forEach(function (k, i) {
      var bh = k / mx * (h - 2);
      s.appendChild(sv('rect', { x: i * bw + 0.5, y: h - bh, width: Math.max(bw - 1, 1), height: bh, fill: '#1f5fa8' }));
    });
    [p.p5, p.p50, p.p95].forEach(function (q, i) {
      if (fin(q)) s.appendChild(sv('line', { x1: q * w, x2: q * w, y1: 0, y2: h, stroke: i === 1 ? '#c62828' : '#888' }));
    });
    return s;
  }
  function money(x) { return fin(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '–'; }
  function portfolios() {
    var cur = SIM.currency ? ' (' + SIM.currency + ')' : '';
    var t = el('table', { cls: 'list', id: 'portfolios' }, el('tr', {}, el('th', { text: 'rank' }), el('th', { text: 'portfolio' }),
      el('th', { cls: 'num', text: 'cost' + cur }), el('th', { cls: 'num', text: 'mean' }), el('th', { cls: 'num', text: 'p5 · p50 · p95' }),
      el('th', { text: 'score distribution (0 to 1)' })));
    SIM.portfolios.slice(0, MAXPORT).forEach(function (p) {
      var what = p.initiatives.join(' + ') || 'nothing funded';  /* said once when it is the name */
      t.appendChild(el('tr', { 'data-portfolio': p.name }, el('td', { text: String(p.rank) }),
        el('td', {}, p.name, what === p.name ? null : el('div', { cls: 'sub', text: what })),
        el('td', { cls: 'num', text: money(p.cost) }), el('td', { cls: 'num', text: f2(p.mean) }),
        el('td', { cls: 'num', text: f2(p.p5) + ' · ' + f2(p.p50) + ' · ' + f2(p.p95) }), el('td', {}, hist(p, 200, 36))));
    });
    return t;
  }
  function pGreen() {
    var best = SIM.portfolios[0], t = el('table', { cls: 'list', id: 'p-green' }, el('tr', {}, el('th', { text: 'objective' }),
      el('th', { text: 'p(green), funding ' + best.name }), el('th', { text: 'p(green), doing nothing' })));
    Object.keys(best.p_green).forEach(function (id) {
      var a = best.p_green[id], b = SIM.baseline.p_green[id];
      t.appendChild(el('tr', { 'data-obj': id }, el('td', { text: otitle(id) }), el('td', {}, bar(a), ' ' + pct(a)), el('td', {}, bar(b), ' ' + pct(b))));
    });
    return t;
  }
  function tornado() {
    var ins = (SIM.sensitivity.inputs || []).slice(0, 15), w = 560, rowh = 20, padL = 170, h = ins.length * rowh + 30;
    var xs = []; ins.forEach(function (i) { xs.push(i.low, i.high); });
    var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
    if (!(hi > lo)) { lo -= 0.01; hi += 0.01; }
    function x(v) { return padL + (v - lo) / (hi - lo) * (w - padL - 60); }  /* room for the ± label */
    var s = sv('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', id: 'tornado' });
    s.appendChild(sv('title', {}, 'sensitivity of the expected score of ' + SIM.sensitivity.portfolio + ' to each uncertain input'));
    ins.forEach(function (i, r) {
      var y = r * rowh + 4, a = Math.min(i.low, i.high), b = Math.max(i.low, i.high);
      s.appendChild(sv('text', { x: padL - 6, y: y + 12, 'text-anchor': 'end', 'font-size': 11 }, i.input));
      s.appendChild(sv('rect', { x: x(a), y: y, width: Math.max(x(b) - x(a), 1), height: rowh - 6, fill: '#1f5fa8' }));
      s.appendChild(sv('text', { x: x(b) + 4, y: y + 12, 'font-size': 10 }, '±' + (i.swing / 2).toFixed(3)));
    });
    s.appendChild(sv('text', { x: padL, y: h - 4, 'font-size': 10 }, f2(lo)));
    s.appendChild(sv('text', { x: w - 20, y: h - 4, 'font-size': 10, 'text-anchor': 'end' }, f2(hi)));
    return s;
  }
  /* Cost against expected score; the best (rank 1) and the efficient
   * ones (no other is cheaper or as cheap and better) marked. */
  function scatter() {
    var P = SIM.portfolios, w = 560, h = 320, padL = 50, padB = 36, padT = 10, padR = 16;
    var cs = P.map(function (p) { return p.cost; }), ms = P.map(function (p) { return p.mean; });
    var c0 = 0, c1 = Math.max.apply(null, cs.concat([1])), m0 = Math.min.apply(null, ms), m1 = Math.max.apply(null, ms);
    if (!(m1 > m0)) { m0 -= 0.01; m1 += 0.01; }
    function x(c) { return padL + (c - c0) / (c1 - c0) * (w - padL - padR); }
    function y(m) { return padT + (m1 - m) / (m1 - m0) * (h - padT - padB); }
    var s = sv('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', id: 'scatter' });
    s.appendChild(sv('title', {}, 'cost against expected score of ' + P.length + ' portfolios'));
    var byCost = P.slice().sort(function (a, b) { return a.cost - b.cost || b.mean - a.mean; }), front = [], top = -Infinity;
    byCost.forEach(function (p) { if (p.mean > top) { front.push(p); top = p.mean; } });
    s.appendChild(sv('path', { d: front.map(function (p, i) { return (i ? 'L' : 'M') + x(p.cost) + ' ' + y(p.mean); }).join(''), fill: 'none', stroke: '#2e7d32', 'stroke-dasharray': '4 3' }));
    var onFront = {}; front.forEach(function (p) { onFront[p.rank] = 1; });
    P.forEach(function (p) {
      var c = sv('circle', { cx: x(p.cost), cy: y(p.mean), r: p.rank === 1 ? 6 : 3.5, fill: p.rank === 1 ? '#c62828' : onFront[p.rank] ? '#2e7d32' : '#9e9e9e', class: onFront[p.rank] ? 'efficient' : '' });
      c.appendChild(sv('title', {}, '#' + p.rank + ' ' + p.name + ': cost ' + money(p.cost) + ', mean ' + f2(p.mean)));
      s.appendChild(c);
    });
    var b = P[0];
    /* the best one's label, on the side of its point with the more room */
    var right = b && x(b.cost) < w / 2;
    if (b) s.appendChild(sv('text', { x: x(b.cost) + (right ? 8 : -8), y: y(b.mean) + (y(b.mean) < padT + 14 ? 16 : 4), 'font-size': 11,
      fill: '#c62828', 'text-anchor': right ? 'start' : 'end' }, '★ best: ' + b.name));
    s.appendChild(sv('text', { x: padL, y: h - 6, 'font-size': 11 }, 'cost ' + money(c0)));
    s.appendChild(sv('text', { x: w - padR, y: h - 6, 'font-size': 11, 'text-anchor': 'end' }, money(c1) + (SIM.currency ? ' ' + SIM.currency : '')));
    s.appendChild(sv('text', { x: 4, y: y(m1) + 4, 'font-size': 11 }, f2(m1)));
    s.appendChild(sv('text', { x: 4, y: y(m0) + 4, 'font-size': 11 }, f2(m0)));
    return s;
  }
  function simulation() {
    var sec = el('section', { id: 'simulation' }, el('h2', { text: 'Simulation: which initiatives to fund' }));
    sec.appendChild(el('p', {}, SIM.portfolios.length + ' portfolios (' + SIM.method + '), ' + SIM.samples + ' samples each, seed ' + SIM.seed +
      ', decided at ' + SIM.decision.period + (SIM.budget != null ? ', budget ' + money(SIM.budget) : '') + '; doing nothing: mean ' + f2(SIM.baseline.mean) + '.'));
    if (!SIM.portfolios.length) return sec;
    sec.appendChild(portfolios());
    if (SIM.portfolios.length > MAXPORT) sec.appendChild(el('p', { cls: 'note', text: 'The best ' + MAXPORT + ' of ' + SIM.portfolios.length + ' portfolios are listed; all are in the chart below.' }));
    var charts = el('div', { cls: 'charts' });
    charts.appendChild(el('div', { cls: 'chart' }, el('h3', { text: 'Cost against expected score (★ best, green: efficient)' }), scatter()));
    if (SIM.sensitivity && SIM.sensitivity.inputs.length)
      charts.appendChild(el('div', { cls: 'chart' }, el('h3', { text: 'Sensitivity (tornado) of ' + SIM.sensitivity.portfolio }), tornado()));
    sec.appendChild(charts);
    sec.appendChild(el('h3', { text: 'Probability that each objective turns green' }));
    sec.appendChild(pGreen());
    return sec;
  }

  /* ---- the page -------------------------------------------------------------- */
  app.appendChild(header());
  app.appendChild(filters());
  app.appendChild(tree());
  if ((S.themes || []).length) app.appendChild(themes());
  app.appendChild(map());
  app.appendChild(calibration());
  if (SIM) app.appendChild(simulation());
  filterFromHash();
  applyFilter();
  if (io) document.body.setAttribute('data-lazy', '1');
  document.body.setAttribute('data-ready', '1');
})();
