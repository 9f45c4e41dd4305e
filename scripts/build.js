#!/usr/bin/env node
// Runs in: Node (build tooling; never needs the Electron binary). `npm run build`:
// (1) the renderer with Vite → dist/renderer, (2) Electron main + preload with esbuild →
// dist/electron, (3) the headless CLI → dist/cli.js. Exits non-zero on the first failure.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const pkg = require(path.join(root, 'package.json'));
const args = new Set(process.argv.slice(2));
const log = (msg) => process.stderr.write(`${msg}\n`);

// Runtime dependencies ship in the packaged node_modules (electron-builder copies them; the
// native better-sqlite3 must stay a real file), so the bundles require them instead of inlining.
const runtimeExternals = ['electron', ...Object.keys(pkg.dependencies ?? {})];

function buildRenderer() {
  const config = path.join(root, 'vite.config.mts');
  if (!fs.existsSync(config)) {
    log('• renderer: vite.config.mts not found yet, skipping (界面配置尚不存在，跳过)');
    return true;
  }
  log('• renderer: vite build');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.config.mts'], { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

async function bundle(esbuild, name, options) {
  log(`• ${name}: ${path.relative(root, options.entryPoints[0])} → ${path.relative(root, options.outfile)}`);
  await esbuild.build({
    bundle: true,
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
    tsconfig: path.join(root, 'electron', 'tsconfig.json'),
    ...options,
  });
}

async function buildElectron() {
  const esbuild = require('esbuild');
  const outDir = path.join(dist, 'electron');
  fs.mkdirSync(outDir, { recursive: true });

  await bundle(esbuild, 'main', {
    entryPoints: [path.join(root, 'electron', 'main.ts')],
    outfile: path.join(outDir, 'main.js'),
    platform: 'node',
    target: 'node22', // Electron 45's Node
    external: runtimeExternals,
  });

  // A sandboxed preload gets only a tiny `require` (electron and a few polyfills) and no Node
  // built-ins: bundle everything, keep only electron external, and build for the browser so an
  // accidental `fs`/`path` import fails here instead of at runtime.
  await bundle(esbuild, 'preload', {
    entryPoints: [path.join(root, 'electron', 'preload', 'index.ts')],
    outfile: path.join(outDir, 'preload.js'),
    platform: 'browser',
    target: 'chrome140',
    external: ['electron'],
  });

  // Tray icon(s): the packaged app only carries dist/**, so copy them next to main.js.
  for (const name of ['tray.png', 'tray@2x.png']) {
    const from = path.join(root, 'build', name);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(outDir, name));
  }

  const cli = path.join(root, 'electron', 'cli.ts');
  if (!fs.existsSync(cli)) {
    log('• cli: electron/cli.ts not found yet, skipping');
    return;
  }
  await bundle(esbuild, 'cli', {
    entryPoints: [cli],
    outfile: path.join(dist, 'cli.js'),
    platform: 'node',
    target: 'node20',
    external: runtimeExternals,
  });
}

async function main() {
  if (!args.has('--no-renderer') && !buildRenderer()) {
    log('✗ renderer build failed');
    return 1;
  }
  try {
    await buildElectron();
  } catch (e) {
    // esbuild has printed the errors already.
    log(`✗ electron build failed${e && e.errors ? '' : `: ${e && e.message ? e.message : String(e)}`}`);
    return 1;
  }
  log('✓ build done → dist/');
  return 0;
}

main().then((code) => {
  process.exitCode = code;
});
