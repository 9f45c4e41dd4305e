#!/usr/bin/env node
// Runs in: Node (dev launcher, CI, packaging). Obtains better-sqlite3's native module for
// Electron's ABI and keeps it apart from Node's: build/native/electron-v<abi>-<platform>-<arch>/
// better_sqlite3.node (+ build-info.json). node_modules/better-sqlite3 is never touched: the work
// happens in a copy of the package, so the CLI and the tests keep Node's build.
//   1. a prebuild for this better-sqlite3 and Electron version (prebuild-install; the host can be
//      mirrored with npm_config_better_sqlite3_binary_host), else
//   2. a compile against Electron's headers (node-gyp --target=<electron> --dist-url=<headers>).
// Usage: node scripts/electronNative.js [--arch x64|arm64] [--force] [--build-from-source]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const BINDING_FILE = 'better_sqlite3.node';
const INFO_FILE = 'build-info.json';
const DEFAULT_HEADERS_URL = 'https://www.electronjs.org/headers';
/** A compile takes ~1.5 min on 2 cores; a prebuild download seconds. Generous, but bounded. */
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Electron's version and module ABI from its npm package (no binary needed), plus the target. */
function electronTarget(projectRoot = root, opts = {}) {
  const pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [projectRoot] }));
  const version = readJson(path.join(pkgDir, 'package.json')).version;
  const abi = fs.readFileSync(path.join(pkgDir, 'abi_version'), 'utf8').trim();
  if (!/^\d+$/.test(abi)) throw new Error(`electron/abi_version is not a number: ${abi}`);
  return { version, abi, platform: opts.platform ?? process.platform, arch: opts.arch ?? process.arch };
}

/** The folder the Electron main process loads from (electron/nativeSqlite.ts reads the same name). */
function nativeDirName(target) {
  return `electron-v${target.abi}-${target.platform}-${target.arch}`;
}

function betterSqliteDir(projectRoot = root) {
  return path.dirname(require.resolve('better-sqlite3/package.json', { paths: [projectRoot] }));
}

/**
 * The Electron build that is there and matches the installed better-sqlite3, or null.
 * A build for another better-sqlite3 version is stale (its JS and C++ halves must match).
 */
function existingBuild(projectRoot, target, nativeRoot = path.join(projectRoot, 'build', 'native')) {
  const dir = path.join(nativeRoot, nativeDirName(target));
  const file = path.join(dir, BINDING_FILE);
  try {
    const info = readJson(path.join(dir, INFO_FILE));
    const installed = readJson(path.join(betterSqliteDir(projectRoot), 'package.json')).version;
    if (info.betterSqlite3 !== installed || info.electron !== target.version || !fs.existsSync(file)) return null;
    return { file, info };
  } catch {
    return null;
  }
}

/** The environment for the helpers: never the global `nodedir` (it points node-gyp at Node's headers). */
function helperEnv(env) {
  const out = { ...env };
  for (const k of Object.keys(out)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)) delete out[k];
  return out;
}

function run(cmd, args, cwd, env, timeoutMs, log, quiet) {
  log(`  $ ${path.basename(cmd)} ${args.map((a) => path.basename(a)).join(' ')}`);
  const r = spawnSync(cmd, args, { cwd, env, stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'], timeout: timeoutMs });
  if (r.error && r.error.code === 'ETIMEDOUT') return { ok: false, why: `timed out after ${Math.round(timeoutMs / 1000)} s` };
  if (r.error) return { ok: false, why: r.error.message };
  return r.status === 0 ? { ok: true } : { ok: false, why: `exit ${r.status ?? r.signal}` };
}

/**
 * Makes sure build/native/<target>/better_sqlite3.node exists for this Electron. `quiet` hides the
 * helpers' own output (tests).
 * Returns { ok: true, file, how } or { ok: false, why }. Never throws for a failed download or compile.
 */
function ensureElectronSqlite(opts = {}) {
  const projectRoot = opts.root ?? root;
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((m) => process.stderr.write(`${m}\n`));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const nativeRoot = opts.nativeRoot ?? path.join(projectRoot, 'build', 'native');
  let target;
  try {
    target = electronTarget(projectRoot, opts);
  } catch (e) {
    return { ok: false, why: `cannot read the electron package: ${e.message}` };
  }
  if (!opts.force) {
    const have = existingBuild(projectRoot, target, nativeRoot);
    if (have) return { ok: true, file: have.file, how: 'present' };
  }

  const srcDir = betterSqliteDir(projectRoot);
  const version = readJson(path.join(srcDir, 'package.json')).version;
  const outDir = path.join(nativeRoot, nativeDirName(target));
  const work = path.join(nativeRoot, `.work-${nativeDirName(target)}`);
  log(`• SQLite for Electron ${target.version} (ABI ${target.abi}, ${target.platform}-${target.arch}), better-sqlite3 ${version}`);
  fs.rmSync(work, { recursive: true, force: true });
  // A copy without Node's build: whatever happens here cannot reach node_modules.
  fs.cpSync(srcDir, work, { recursive: true, filter: (src) => path.relative(srcDir, src).split(path.sep)[0] !== 'build' });
  const childEnv = helperEnv(env);
  const built = path.join(work, 'build', 'Release', BINDING_FILE);
  let how = null;
  const reasons = [];

  if (!opts.buildFromSource) {
    const prebuild = require.resolve('prebuild-install/bin.js', { paths: [srcDir, projectRoot] });
    const r = run(process.execPath, [prebuild, '--runtime=electron', `--target=${target.version}`, `--arch=${target.arch}`, `--platform=${target.platform}`, '--verbose'], work, childEnv, timeoutMs, log, opts.quiet);
    if (r.ok && fs.existsSync(built)) how = 'prebuild';
    else reasons.push(`no prebuild (${r.ok ? 'nothing written' : r.why})`);
  }
  if (!how) {
    const gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [projectRoot, srcDir] });
    const headers = env.TRACKER_ELECTRON_HEADERS_URL || DEFAULT_HEADERS_URL;
    const r = run(process.execPath, [gyp, 'rebuild', '--release', `--target=${target.version}`, `--arch=${target.arch}`, `--dist-url=${headers}`], work, childEnv, timeoutMs, log, opts.quiet);
    if (r.ok && fs.existsSync(built)) how = 'compiled';
    else reasons.push(`compile against Electron's headers failed (${r.ok ? 'nothing written' : r.why})`);
  }
  if (!how) {
    fs.rmSync(work, { recursive: true, force: true });
    return { ok: false, why: reasons.join('; ') };
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.copyFileSync(built, path.join(outDir, BINDING_FILE));
  const info = { betterSqlite3: version, electron: target.version, abi: target.abi, platform: target.platform, arch: target.arch, how };
  fs.writeFileSync(path.join(outDir, INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  fs.rmSync(work, { recursive: true, force: true });
  log(`  ✓ ${path.relative(projectRoot, path.join(outDir, BINDING_FILE))} (${how})`);
  return { ok: true, file: path.join(outDir, BINDING_FILE), how };
}

function main() {
  const argv = process.argv.slice(2);
  const flag = (name) => argv.includes(name);
  const value = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const r = ensureElectronSqlite({ force: flag('--force'), buildFromSource: flag('--build-from-source'), arch: value('--arch'), platform: value('--platform') });
  if (!r.ok) {
    process.stderr.write(`无法为 Electron 准备 SQLite 原生模块：${r.why}\n(Could not obtain better-sqlite3 for Electron: ${r.why})\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();

module.exports = { electronTarget, nativeDirName, existingBuild, ensureElectronSqlite, helperEnv, BINDING_FILE, INFO_FILE };
