// Runs in: electron-builder (packaging; its `beforePack` hook). Makes sure better-sqlite3 for
// Electron exists for the platform and arch being packaged (build/native/electron-v<abi>-…),
// which electron-builder then ships as resources/native (extraResources). scripts/electronNative.js
// does the work: a prebuild where one exists, else a compile against Electron's headers.
'use strict';
const { ensureElectronSqlite } = require('./electronNative');

/** electron-builder's Arch enum (builder-util): 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

async function beforePack(context, opts = {}) {
  const arch = ARCH_NAMES[context.arch];
  const platform = context.electronPlatformName;
  if (!arch || arch === 'universal') throw new Error(`beforePack: no SQLite build for arch ${String(context.arch)}; package x64 and arm64 separately`);
  const r = ensureElectronSqlite({ ...opts, arch, platform });
  if (!r.ok) {
    throw new Error(`无法为 Electron（${platform}-${arch}）准备 SQLite 原生模块：${r.why}。(Could not obtain better-sqlite3 for Electron ${platform}-${arch}: ${r.why})`);
  }
}

exports.default = beforePack;
