#!/usr/bin/env node
// Smoke test of editors/vscode/extension.js without VS Code: `vscode` and
// `vscode-languageclient/node` are replaced by recording stand-ins, then
// activate() is run and what it asked for is checked.
// Prints one `PASS name` / `FAIL name: detail` line per check.
'use strict';
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const settings = { path: '/opt/bscc/bin/bscc', 'server.enable': true, 'server.extraArgs': ['--log=x'] };
const rec = { commands: {}, clients: [], tasks: [], messages: [], configListeners: [] };

class Disposable { constructor(f) { this.dispose = f || (() => {}); } }
const vscode = {
  workspace: {
    getConfiguration: (section) => ({
      get: (key, dflt) => (section === 'bscc' && key in settings ? settings[key] : dflt),
    }),
    createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
    onDidChangeConfiguration: (f) => { rec.configListeners.push(f); return new Disposable(); },
    getWorkspaceFolder: () => ({ name: 'ws', uri: { fsPath: '/ws' } }),
  },
  window: {
    createOutputChannel: (name) => ({ name, dispose() {}, appendLine() {} }),
    showErrorMessage: (m) => { rec.messages.push(m); },
    showWarningMessage: (m) => { rec.messages.push(m); },
    showInformationMessage: (m) => { rec.messages.push(m); },
    activeTextEditor: {
      document: { languageId: 'bsc', isUntitled: false, uri: { fsPath: '/ws/a.bsc' }, save: async () => true },
    },
  },
  commands: {
    registerCommand: (id, f) => { rec.commands[id] = f; return new Disposable(); },
  },
  tasks: { executeTask: async (t) => { rec.tasks.push(t); return t; } },
  Task: class { constructor(def, scope, name, source, exec, matchers) { Object.assign(this, { def, scope, name, source, exec, matchers }); } },
  ProcessExecution: class { constructor(process, args) { this.process = process; this.args = args; } },
  TaskScope: { Workspace: 2 },
  TaskRevealKind: { Silent: 2 },
};
const languageclient = {
  LanguageClient: class {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0 });
      rec.clients.push(this);
    }
    async start() { this.started++; }
    async stop() { this.stopped++; }
  },
};

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return languageclient;
  return load.call(this, request, parent, isMain);
};

const results = [];
function check(name, cond, detail) {
  results.push(cond ? `PASS ${name}` : `FAIL ${name}: ${detail === undefined ? '' : JSON.stringify(detail)}`);
}

(async () => {
  const ext = require(path.join(root, 'editors/vscode/extension.js'));
  const context = { subscriptions: [] };
  await ext.activate(context);

  check('vscode: registers bscc.restartServer', typeof rec.commands['bscc.restartServer'] === 'function');
  check('vscode: registers bscc.check', typeof rec.commands['bscc.check'] === 'function');
  check('vscode: one language client started', rec.clients.length === 1 && rec.clients[0].started === 1, rec.clients.length);
  const c = rec.clients[0] || {};
  const so = c.serverOptions || {};
  check('vscode: server command is bscc.path', so.run && so.run.command === '/opt/bscc/bin/bscc', so);
  check('vscode: server args are lsp + extraArgs', so.run && JSON.stringify(so.run.args) === '["lsp","--log=x"]', so.run && so.run.args);
  const sel = (c.clientOptions || {}).documentSelector || [];
  check('vscode: document selector is language bsc', sel.length > 0 && sel.every((s) => s.language === 'bsc'), sel);

  // `bscc.path` changes: the server restarts with the new program
  settings.path = 'bscc';
  await Promise.all(rec.configListeners.map((f) => f({ affectsConfiguration: (s) => s === 'bscc.path' })));
  check('vscode: restarts on bscc.path change', rec.clients.length === 2 && c.stopped === 1 && rec.clients[1].started === 1);
  check('vscode: default program bscc', rec.clients[1] && rec.clients[1].serverOptions.run.command === 'bscc');

  // bscc.check runs `bscc check FILE` through the $bscc problem matcher
  await rec.commands['bscc.check']();
  const t = rec.tasks[0] || {};
  check('vscode: bscc.check runs a task', rec.tasks.length === 1);
  check('vscode: task is bscc check FILE', t.exec && t.exec.process === 'bscc' && JSON.stringify(t.exec.args) === '["check","/ws/a.bsc"]', t.exec);
  check('vscode: task uses $bscc matcher', JSON.stringify(t.matchers) === '["$bscc"]', t.matchers);

  // server disabled: no client
  settings['server.enable'] = false;
  await rec.commands['bscc.restartServer']();
  check('vscode: bscc.server.enable=false starts nothing', rec.clients.length === 2 && rec.clients[1].stopped === 1);

  await ext.deactivate();
  check('vscode: no messages shown', rec.messages.length === 0, rec.messages);
  console.log(results.join('\n'));
})().catch((e) => {
  console.log(results.join('\n'));
  console.log(`FAIL vscode: extension threw: ${e && e.stack}`);
});
