#!/usr/bin/env node
// Runs in: Node (dev launcher). `npm start`: build, then run the desktop app if the Electron
// binary is installed; otherwise fall back to the browser mode and say so.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

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

/** The browser-mode command: demo data unless real credentials are configured. */
function fallbackArgs(userArgs, env = process.env) {
  const args = ['serve', ...userArgs.filter((a) => a !== '--demo')];
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

function main() {
  const userArgs = process.argv.slice(2);
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('构建失败，未启动。(Build failed; not starting.)\n');
    process.exitCode = build.status || 1;
    return;
  }

  const electron = findElectronBinary();
  if (electron) {
    // `electron .` runs package.json's main (dist/electron/main.js) with the app's own name,
    // so userData is "1688 Tracker" rather than "Electron".
    run(electron, ['.', ...userArgs]);
    return;
  }

  const args = fallbackArgs(userArgs);
  process.stderr.write(
    '未安装 Electron 程序，改为启动浏览器模式…' +
      (args.includes('--demo') ? '（演示数据；设置 TRACKER_APP_KEY 等环境变量可使用真实账号）' : '') +
      '\n(The Electron binary is not installed; starting the browser mode instead' +
      (args.includes('--demo') ? ', with demo data' : '') +
      '.)\n',
  );
  const cli = path.join(root, 'bin', 'tracker.js');
  if (!fs.existsSync(cli)) {
    process.stderr.write('找不到 bin/tracker.js，无法启动浏览器模式。(bin/tracker.js is missing.)\n');
    process.exitCode = 1;
    return;
  }
  run(process.execPath, [cli, ...args]);
}

if (require.main === module) main();

module.exports = { findElectronBinary, fallbackArgs };
