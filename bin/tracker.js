#!/usr/bin/env node
// The `tracker` command: runs the headless core's CLI. When `npm run build` has produced
// dist/cli.js and no source file is newer, that bundle runs (it starts about a second faster);
// otherwise electron/cli.ts runs straight from TypeScript through tsx, so a checkout being edited
// always runs what is on disk. TRACKER_FROM_SOURCE=1 forces the TypeScript.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const dir of ['electron', 'shared']) walk(path.join(root, dir));
  return Math.max(newest, fs.statSync(path.join(root, 'package.json')).mtimeMs);
}

function bundleIsCurrent(bundle) {
  if (process.env.TRACKER_FROM_SOURCE === '1') return false;
  try {
    return fs.statSync(bundle).mtimeMs >= newestSourceMtime();
  } catch {
    return false;
  }
}

const bundle = path.join(root, 'dist', 'cli.js');
let cli;
if (bundleIsCurrent(bundle)) {
  cli = require(bundle);
} else {
  require('tsx/cjs/api').register();
  cli = require('../electron/cli.ts');
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`tracker: ${e && e.message ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
