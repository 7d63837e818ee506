#!/usr/bin/env node
// Static checks of editors/vscode: every JSON file parses, package.json's
// contributions point at files that exist and agree with each other, the
// regular expressions of language-configuration.json and the grammar
// compile, and the $bscc problem matcher reads `bscc check` output.
// Prints one `PASS name` / `FAIL name: detail` line per check.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const dir = path.join(root, 'editors/vscode');
const results = [];
function check(name, cond, detail) {
  results.push(cond ? `PASS ${name}` : `FAIL ${name}: ${detail === undefined ? '' : JSON.stringify(detail)}`);
}
function readJSON(rel) {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dir, rel), 'utf8'));
    check(`json: ${rel} parses`, true);
    return v;
  } catch (e) {
    check(`json: ${rel} parses`, false, e.message);
    return null;
  }
}

const pkg = readJSON('package.json') || {};
const lc = readJSON('language-configuration.json') || {};
const grammar = readJSON('syntaxes/bsc.tmLanguage.json') || {};
const snippets = readJSON('snippets/bsc.json') || {};

const contrib = pkg.contributes || {};
const lang = (contrib.languages || []).find((l) => l.id === 'bsc');
check('package: language bsc', !!lang);
check('package: .bsc extension', !!lang && (lang.extensions || []).includes('.bsc'), lang);
check('package: language configuration file exists',
  !!lang && fs.existsSync(path.join(dir, lang.configuration)), lang && lang.configuration);
const g = (contrib.grammars || []).find((x) => x.language === 'bsc');
check('package: grammar file exists', !!g && fs.existsSync(path.join(dir, g.path)), g);
check('package: grammar scopeName matches', !!g && g.scopeName === grammar.scopeName && g.scopeName === 'source.bsc', [g && g.scopeName, grammar.scopeName]);
const sn = (contrib.snippets || []).find((x) => x.language === 'bsc');
check('package: snippets file exists', !!sn && fs.existsSync(path.join(dir, sn.path)), sn);
const props = ((contrib.configuration || {}).properties) || {};
check('package: setting bscc.path', props['bscc.path'] && props['bscc.path'].default === 'bscc', props['bscc.path']);
// main is the bundle that `npm run bundle` (esbuild) makes of extension.js
const bundle = ((pkg.scripts || {}).bundle || '');
check('package: main is the bundle of extension.js',
  pkg.main === './dist/extension.js' && bundle.includes('./extension.js') && bundle.includes('--outfile=dist/extension.js') &&
  bundle.includes('--external:vscode') && fs.existsSync(path.join(dir, 'extension.js')), [pkg.main, bundle]);
check('package: prepublish bundles', ((pkg.scripts || {})['vscode:prepublish'] || '').includes('bundle'), pkg.scripts);
// what a clean `vsce package` needs: a licence, an icon, no unbundled files
check('package: license field and LICENSE file', !!pkg.license && fs.existsSync(path.join(dir, 'LICENSE')), pkg.license);
const icon = pkg.icon ? path.join(dir, pkg.icon) : '';
const png = icon && fs.existsSync(icon) ? fs.readFileSync(icon) : Buffer.alloc(0);
check('package: icon is a 128x128 PNG', png.length > 24 && png.toString('latin1', 1, 4) === 'PNG' &&
  png.readUInt32BE(16) === 128 && png.readUInt32BE(20) === 128, pkg.icon);
const ignore = fs.existsSync(path.join(dir, '.vscodeignore')) ? fs.readFileSync(path.join(dir, '.vscodeignore'), 'utf8').split('\n') : [];
check('package: .vscodeignore leaves out everything not listed', ignore.includes('**'), ignore);
const kept = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
const needed = ['dist/extension.js', 'package.json', 'README.md', 'LICENSE', pkg.icon,
  ...(contrib.languages || []).map((l) => l.configuration), ...(contrib.grammars || []).map((x) => x.path),
  ...(contrib.snippets || []).map((x) => x.path)].map((f) => String(f).replace(/^\.\//, ''));
for (const f of needed) check(`package: .vscodeignore keeps ${f}`, kept.includes(f), kept);
check('package: devDependencies for bundling and packaging',
  !!(pkg.devDependencies || {}).esbuild && !!(pkg.devDependencies || {})['@vscode/vsce'], pkg.devDependencies);
check('package: depends on vscode-languageclient', !!(pkg.dependencies || {})['vscode-languageclient']);
check('package: activates on language bsc', (pkg.activationEvents || []).includes('onLanguage:bsc'));
for (const c of contrib.commands || []) {
  check(`package: command ${c.command} is registered in extension.js`,
    fs.readFileSync(path.join(dir, 'extension.js'), 'utf8').includes(`'${c.command}'`));
}

// language configuration
check('langconf: line comment //', (lc.comments || {}).lineComment === '//');
check('langconf: block comment', JSON.stringify((lc.comments || {}).blockComment) === '["/*","*/"]');
check('langconf: brackets', JSON.stringify(lc.brackets) === '[["{","}"],["(",")"]]', lc.brackets);
const ir = lc.indentationRules || {};
try {
  const inc = new RegExp(ir.increaseIndentPattern);
  const dec = new RegExp(ir.decreaseIndentPattern);
  check('langconf: increaseIndent after `objective x "T" in customer {`', inc.test('objective x "T" in customer {'));
  check('langconf: increaseIndent after `= max(`', inc.test('  kr m : percent 1% -> 2% = max('));
  check('langconf: no increaseIndent after `thresholds { green 0.7 }`', !inc.test('  thresholds { green 0.7 }'));
  check('langconf: no increaseIndent for `{` in a comment', !inc.test('  owner "x" // {'));
  check('langconf: decreaseIndent at `}`', dec.test('  }'));
  check('langconf: no decreaseIndent at `kr`', !dec.test('  kr a : score 1 -> 2'));
} catch (e) {
  check('langconf: indentation rules compile', false, e.message);
}
try {
  const wp = new RegExp(lc.wordPattern, 'g');
  const words = '客户满意度 -> revenue 2025-Q1 4.0% nps_score'.match(wp);
  check('langconf: wordPattern', JSON.stringify(words) === '["客户满意度","revenue","2025-Q1","4.0%","nps_score"]', words);
} catch (e) {
  check('langconf: wordPattern compiles', false, e.message);
}
for (const r of lc.onEnterRules || []) {
  try {
    new RegExp(r.beforeText); if (r.afterText) new RegExp(r.afterText);
    if (r.previousLineText) new RegExp(r.previousLineText);
  } catch (e) { check('langconf: onEnterRules compile', false, e.message); }
}

// snippets: the ones the docs promise, each well formed
for (const p of ['objective', 'kr', 'kpi', 'link', 'initiative', 'strategy']) {
  check(`snippets: prefix ${p}`, Object.values(snippets).some((s) => s.prefix === p));
}
for (const [name, s] of Object.entries(snippets)) {
  const ok = typeof s.prefix === 'string' && Array.isArray(s.body) && s.body.every((l) => typeof l === 'string');
  const open = s.body.join('\n').split('{').length, close = s.body.join('\n').split('}').length;
  check(`snippets: ${name} well formed`, ok && open === close, s);
}

// grammar: every scope ends in .bsc, every include resolves
const scopes = [];
const includes = [];
(function walk(o) {
  if (Array.isArray(o)) { o.forEach(walk); return; }
  if (o && typeof o === 'object') {
    if (typeof o.name === 'string' && o !== grammar) scopes.push(o.name);
    if (typeof o.include === 'string') includes.push(o.include);
    Object.values(o).forEach(walk);
  }
})(grammar);
check('grammar: scopes end in .bsc', scopes.every((s) => s.split(' ').every((x) => x.endsWith('.bsc'))),
  scopes.filter((s) => !s.endsWith('.bsc')));
check('grammar: includes resolve', includes.every((i) => i === '$self' || i === '$base' || (i.startsWith('#') && grammar.repository[i.slice(1)])),
  includes);
for (const s of ['keyword.control.bsc', 'entity.name.type.objective.bsc', 'support.type.unit.bsc',
  'constant.numeric.bsc', 'constant.other.period.bsc', 'string.quoted.double.bsc',
  'comment.line.double-slash.bsc', 'comment.block.bsc', 'keyword.operator.bsc']) {
  check(`grammar: has scope ${s}`, scopes.includes(s));
}

// the $bscc problem matcher on sample `bscc check` output
const pm = (contrib.problemMatchers || []).find((m) => m.name === 'bscc');
check('problemMatcher: bscc contributed', !!pm);
if (pm) {
  const re = new RegExp(pm.pattern.regexp);
  const lines = fs.readFileSync(path.join(root, 'tests/editors/samples/check_output.txt'), 'utf8').split('\n');
  const got = lines.map((l) => re.exec(l)).filter(Boolean).map((m) => [
    m[pm.pattern.file], +m[pm.pattern.line], +m[pm.pattern.column], m[pm.pattern.severity],
    m[pm.pattern.code] || null, m[pm.pattern.message]]);
  check('problemMatcher: reads bscc check output', JSON.stringify(got) === JSON.stringify([
    ['acme.bsc', 5, 10, 'warning', 'W002', 'perspective `process` has no objectives'],
    ['acme.bsc', 5, 10, 'warning', 'W003', 'Learning & Growth is neglected: no objective is in it'],
    ['acme.bsc', 9, 11, 'error', 'E011', 'the name `客户满意度` is defined twice'],
    ['teams/客户.bsc', 1, 11, 'note', null, '`客户满意度` is first defined here, as an objective'],
    ['acme.bsc', 14, 26, 'error', 'E010', 'cannot find objective `nps2`'],
    ['teams/客户.bsc', 1, 11, 'warning', 'W005', 'objective `客户满意度` has no path to the financial perspective'],
  ]), got);
}

// .gitignore keeps node_modules out
const gi = fs.existsSync(path.join(dir, '.gitignore')) ? fs.readFileSync(path.join(dir, '.gitignore'), 'utf8') : '';
check('vscode: .gitignore has node_modules', /^node_modules\/?$/m.test(gi));

console.log(results.join('\n'));
