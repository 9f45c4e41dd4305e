#!/usr/bin/env node
// `npm run test:soak`: the long versions of the chaos tests (test/soak/soak.ts) — 50 chaos cycles
// with the heap measured after GC, 200 SIGKILLs of the real CLI, a day offline, thousands of
// hostile inputs, 400 damaged database files. Prints each scenario's figures and one closing line
// `N passed, N failed`; exits 1 when anything failed.
//
//   node scripts/soak.js [--quick] [--only chaos,crash,…] [--figures <file.jsonl>]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

// The heap is only comparable after a forced GC: run again with --expose-gc if it is missing.
if (typeof global.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? String(args[onlyAt + 1] || '').split(',').filter(Boolean) : null;
const figuresAt = args.indexOf('--figures');
const figuresFile = path.resolve(root, figuresAt >= 0 ? args[figuresAt + 1] : path.join('.tmp', 'soak-figures.jsonl'));
fs.mkdirSync(path.dirname(figuresFile), { recursive: true });
fs.rmSync(figuresFile, { force: true });
process.env.CHAOS_FIGURES_FILE = figuresFile;

require('tsx/cjs/api').register();
const { runSoak } = require(path.join(root, 'test/soak/soak.ts'));

const started = Date.now();
runSoak({ quick, only }).then(
  ({ passed, failed }) => {
    process.stdout.write(`\nFigures: ${path.relative(root, figuresFile)} · ${Math.round((Date.now() - started) / 1000)} s\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
    process.exitCode = failed > 0 ? 1 : 0;
  },
  (e) => {
    process.stderr.write(`soak failed to run: ${e && e.stack ? e.stack : String(e)}\n`);
    process.stdout.write('\n0 passed, 1 failed\n');
    process.exitCode = 1;
  },
);
