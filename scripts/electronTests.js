// Runs in: Node (test tooling). The one line `npm test` prints about the Electron tests it does
// not run (test/electron, `npm run test:electron`): they need the Electron program, which
// `npm test` never downloads, so they are neither run nor counted there, and the line says why.
'use strict';
const path = require('node:path');
const { findElectronBinary } = require('./start');

const root = path.resolve(__dirname, '..');

function electronTestsLine(projectRoot = root, env = process.env) {
  const why = findElectronBinary(projectRoot, env)
    ? 'they run on their own: `npm run build && npm run test:electron` (and in CI, .github/workflows/desktop.yml)'
    : 'the Electron program is not installed here; they run in CI (.github/workflows/desktop.yml), or locally with `npx install-electron` then `npm run test:electron`';
  return `Electron tests (test/electron) not run by npm test: ${why}.`;
}

module.exports = { electronTestsLine };
