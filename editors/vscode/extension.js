// The jflint extension: starts `jflint server` for Markdown files and hands
// it the `jflint.*` settings. Everything else is the language server's.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function settings() {
  const config = vscode.workspace.getConfiguration("jflint");
  return { jflint: { select: config.get("select") ?? undefined, rules: config.get("rules") ?? {} } };
}

async function activate(context) {
  const command = vscode.workspace.getConfiguration("jflint").get("path") || "jflint";
  const server = { command, args: ["server"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "jflint",
    "jflint",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "markdown" }],
      initializationOptions: settings(),
      synchronize: {
        fileEvents: [
          vscode.workspace.createFileSystemWatcher("**/*.md"),
          vscode.workspace.createFileSystemWatcher("**/.jflint.yaml"),
        ],
      },
    }
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("jflint") && client) {
        client.sendNotification("workspace/didChangeConfiguration", { settings: settings() });
      }
    })
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
