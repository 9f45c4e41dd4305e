#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration + component (Vitest), end to end (Playwright).
// First makes the machine ready (scripts/provision.js): starts a PostgreSQL of its own, and as
// root installs Chromium, the CJK font and MariaDB from apt when missing; otherwise it stops at
// once with one line saying what is missing and how to install it.
// Prints one closing line `N passed, N failed` from the runners' JSON reports (CI reads it).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { provision } = require('./provision');

const root = path.resolve(__dirname, '..');
const tmp = path.join(root, '.tmp');
fs.mkdirSync(tmp, { recursive: true });
const args = new Set(process.argv.slice(2));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const { electronTestsLine } = require('./electronTests');

let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, cmdArgs, env = {}) {
  process.stderr.write(`\n▶ ${name}: ${cmd} ${cmdArgs.join(' ')}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  if (!ok) failures.push(`${name} (exit ${r.status ?? r.signal})`);
  return ok;
}

function countVitest(file) {
  if (!fs.existsSync(file)) return false;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  return true;
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return false;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = report.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  // A skipped end-to-end test is a failure here: nothing may be left skipped.
  failed += (s.unexpected ?? 0) + (s.skipped ?? 0);
  return true;
}

async function main() {
  const ready = await provision({ e2e: !args.has('--no-e2e') });
  if (!ready.ok) {
    process.stderr.write(`\n✖ ${ready.missing}\n`);
    process.exit(2);
  }
  Object.assign(process.env, ready.env);
  // Interrupted (Ctrl+C, a CI time-out): the PostgreSQL it started runs detached, so stop it.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      void ready.stop().finally(() => process.exit(130));
    });
  }
  try {
    if (!args.has('--no-static')) {
      for (const name of ['typecheck', 'lint']) {
        if (step(name, 'npm', ['run', '--silent', name])) passed++;
        else failed++;
      }
      // The Electron security scanner: no HIGH finding outside the documented false positives.
      if (step('security scan', process.execPath, [path.join(root, 'scripts', 'security-scan.js')])) passed++;
      else failed++;
    }

    const vitestJson = path.join(tmp, 'vitest.json');
    fs.rmSync(vitestJson, { force: true });
    step('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
    if (!countVitest(vitestJson)) {
      failed++;
      failures.push('vitest wrote no report');
    }

    if (!args.has('--no-e2e')) {
      const pwJson = path.join(tmp, 'playwright.json');
      fs.rmSync(pwJson, { force: true });
      const built = step('build (for e2e)', 'npm', ['run', '--silent', 'build']);
      if (built) {
        step('playwright', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
        if (!countPlaywright(pwJson)) {
          failed++;
          failures.push('playwright wrote no report');
        }
      } else {
        failed++;
      }
    }
  } finally {
    await ready.stop();
  }
  // The Electron tests (test/electron, `npm run test:electron`) drive the real app window: they
  // need the Electron program, which `npm test` never downloads. Not counted; said in one line.
  process.stderr.write(`\n${electronTestsLine()}\n`);
  if (failures.length) process.stderr.write(`\nFailed: ${failures.join('; ')}\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`\n✖ npm test could not prepare this machine: ${e.message}\n`);
  process.exit(2);
});
