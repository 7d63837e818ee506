// VS Code extension for .bsc files: the language itself (grammar, snippets,
// brackets and indentation) is declared in package.json; this file starts
// the bscc language server (`bscc lsp`) through vscode-languageclient and
// adds two commands.  Plain JavaScript: no build step.
'use strict';

const vscode = require('vscode');

/** @type {import('vscode-languageclient/node').LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;

function settings() {
  return vscode.workspace.getConfiguration('bscc');
}

/** The bscc program: the `bscc.path` setting, `bscc` on PATH by default. */
function bsccPath() {
  const p = settings().get('path');
  return typeof p === 'string' && p.trim() !== '' ? p.trim() : 'bscc';
}

/** How the language server is started: `bscc lsp [extraArgs...]` over stdio. */
function serverOptions() {
  const extra = settings().get('server.extraArgs') || [];
  const exe = { command: bsccPath(), args: ['lsp', ...extra] };
  return { run: exe, debug: exe };
}

function clientOptions() {
  return {
    documentSelector: [
      { scheme: 'file', language: 'bsc' },
      { scheme: 'untitled', language: 'bsc' },
    ],
    synchronize: {
      configurationSection: 'bscc',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.bsc'),
    },
    outputChannel: output,
  };
}

async function startServer() {
  if (client || !settings().get('server.enable', true)) {
    return;
  }
  let lc;
  try {
    lc = require('vscode-languageclient/node');
  } catch (err) {
    vscode.window.showErrorMessage(
      'BSC: vscode-languageclient is missing; run `npm install` in the extension folder.');
    return;
  }
  const c = new lc.LanguageClient('bscc', 'bscc language server', serverOptions(), clientOptions());
  try {
    await c.start();
    client = c;
  } catch (err) {
    const msg = err && err.message ? err.message : String(err);
    vscode.window.showWarningMessage(
      `BSC: could not start \`${bsccPath()} lsp\` (${msg}). ` +
      'Set `bscc.path`, or turn `bscc.server.enable` off; the server needs a bscc with the `lsp` subcommand.');
  }
}

async function stopServer() {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      // already dead
    }
  }
}

async function restartServer() {
  await stopServer();
  await startServer();
}

/** `bscc check FILE` as a task whose output goes through the $bscc problem matcher. */
function checkTask(file, folder) {
  const task = new vscode.Task(
    { type: 'bscc', file },
    folder || vscode.TaskScope.Workspace,
    'check',
    'bscc',
    new vscode.ProcessExecution(bsccPath(), ['check', file]),
    ['$bscc']);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return task;
}

async function checkCurrentFile() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'bsc' || editor.document.isUntitled) {
    vscode.window.showInformationMessage('BSC: open a saved .bsc file to check it.');
    return undefined;
  }
  await editor.document.save();
  const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri);
  return vscode.tasks.executeTask(checkTask(editor.document.uri.fsPath, folder));
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel('bscc');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('bscc.restartServer', restartServer),
    vscode.commands.registerCommand('bscc.check', checkCurrentFile),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bscc.path') || e.affectsConfiguration('bscc.server')) {
        return restartServer();
      }
      return undefined;
    }),
    { dispose: () => { stopServer(); } });
  await startServer();
}

function deactivate() {
  return stopServer();
}

module.exports = { activate, deactivate, serverOptions, clientOptions, checkTask, bsccPath };
