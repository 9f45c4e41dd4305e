#!/usr/bin/env node
// Runs in: Node (dev launcher). `npm start`: build; meanwhile fetch the Electron program if it is
// missing (Electron's own installer: progress bar, ELECTRON_MIRROR, proxies; with a time limit);
// then obtain better-sqlite3 for Electron (scripts/electronNative.js) and run the desktop app.
// Only when one of those fails: the browser mode, saying why and how to fix it.
// `npm start -- --browser` goes straight to the browser mode.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureElectronSqlite } = require('./electronNative');

const root = path.resolve(__dirname, '..');
/** Electron's zip is ~100 MB: ten minutes covers a slow line; a dead one fails much sooner. */
const DEFAULT_FETCH_TIMEOUT_S = 600;
const MIRROR_HINT_ZH = '在中国大陆可设置镜像后重试：ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start；或手动运行 npx install-electron。';
const MIRROR_HINT_EN = 'In mainland China set a mirror and retry: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start; or run `npx install-electron` yourself.';

/**
 * The Electron executable, or null when it is not installed. Never `require('electron')`: under
 * Node that tries to download the binary (and fails on machines without internet). We read what
 * the electron package would read: node_modules/electron/path.txt → node_modules/electron/dist/….
 */
function findElectronBinary(projectRoot = root, env = process.env) {
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [projectRoot] }));
  } catch {
    return null;
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const binary = path.join(distDir, relative);
  return fs.existsSync(binary) ? binary : null;
}

/** The installer's environment: @electron/get uses HTTP(S)_PROXY only when told to. */
function electronFetchEnv(env = process.env) {
  const out = { ...env };
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (proxy && out.ELECTRON_GET_USE_PROXY === undefined) out.ELECTRON_GET_USE_PROXY = 'true';
  if (!out.HTTPS_PROXY && env.https_proxy) out.HTTPS_PROXY = env.https_proxy;
  if (!out.HTTP_PROXY && env.http_proxy) out.HTTP_PROXY = env.http_proxy;
  return out;
}

/**
 * Runs Electron's own installer (node_modules/electron/install.js) with its output shown.
 * Resolves { ok: true } or { ok: false, why }; never rejects. Kills it at the time limit.
 */
function fetchElectron(opts = {}) {
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? Number(env.TRACKER_ELECTRON_FETCH_TIMEOUT_S || DEFAULT_FETCH_TIMEOUT_S) * 1000;
  let script = opts.installScript;
  if (!script) {
    try {
      script = path.join(path.dirname(require.resolve('electron/package.json', { paths: [opts.root ?? root] })), 'install.js');
    } catch {
      return Promise.resolve({ ok: false, why: 'the electron package is not installed (run npm install)' });
    }
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: opts.root ?? root, env: electronFetchEnv(env), stdio: opts.stdio ?? 'inherit' });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, why: e.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ ok: false, why: `no download within ${timeoutMs / 1000} s` });
      else if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, why: `the download failed (installer exit ${code ?? signal})` });
    });
  });
}

/** What the clerk/developer reads when the desktop app cannot start: why, then how to fix it. */
function fallbackMessage(why, demo) {
  return (
    `无法启动桌面程序：${why}。改为启动浏览器模式…` +
    (demo ? '（演示数据；设置 TRACKER_APP_KEY 等环境变量可使用真实账号）' : '') +
    `\n${MIRROR_HINT_ZH}\n(The desktop app cannot start: ${why}. Starting the browser mode instead` +
    (demo ? ', with demo data' : '') +
    `. ${MIRROR_HINT_EN})\n`
  );
}

/** The browser-mode command: demo data unless real credentials are configured. */
function fallbackArgs(userArgs, env = process.env) {
  const args = ['serve', ...userArgs.filter((a) => a !== '--demo' && a !== '--browser')];
  if (!env.TRACKER_APP_KEY || userArgs.includes('--demo')) args.push('--demo');
  return args;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

function runAsync(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const userArgs = process.argv.slice(2);
  const browserOnly = userArgs.includes('--browser');
  const installed = browserOnly ? null : findElectronBinary();
  // The download runs while the build does: on a good line the program is there when the build
  // ends; where nothing can be fetched the failure is known before the build is done.
  const fetching = browserOnly || installed ? null : fetchElectron();
  if (fetching) process.stderr.write('• 正在获取 Electron 程序（首次约 100 MB）… (fetching the Electron program, ~100 MB the first time)\n');
  const status = await runAsync(process.execPath, [path.join(__dirname, 'build.js')]);
  if (status !== 0) {
    process.stderr.write('构建失败，未启动。(Build failed; not starting.)\n');
    process.exitCode = status || 1;
    return;
  }

  let why = browserOnly ? '已选择浏览器模式 (--browser was given)' : null;
  let electron = installed;
  if (!electron && fetching) {
    const fetched = await fetching;
    electron = fetched.ok ? findElectronBinary() : null;
    if (!electron) why = `未能获取 Electron 程序 / could not fetch the Electron program (${fetched.ok ? 'installed, but not found' : fetched.why})`;
  }
  if (electron) {
    const sqlite = ensureElectronSqlite();
    if (sqlite.ok) {
      // `electron .` runs package.json's main (dist/electron/main.js) with the app's own name,
      // so userData is "1688 Tracker" rather than "Electron".
      run(electron, ['.', ...userArgs]);
      return;
    }
    why = `未能为 Electron 准备 SQLite 原生模块 / no SQLite native module for Electron (${sqlite.why}; retry with node scripts/electronNative.js)`;
  }

  const args = fallbackArgs(userArgs);
  process.stderr.write(fallbackMessage(why, args.includes('--demo')));
  const cli = path.join(root, 'bin', 'tracker.js');
  if (!fs.existsSync(cli)) {
    process.stderr.write('找不到 bin/tracker.js，无法启动浏览器模式。(bin/tracker.js is missing.)\n');
    process.exitCode = 1;
    return;
  }
  run(process.execPath, [cli, ...args]);
}

if (require.main === module) main();

module.exports = { findElectronBinary, fallbackArgs, fetchElectron, electronFetchEnv, fallbackMessage };
