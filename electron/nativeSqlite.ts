// Runs in: main process. Loads the Electron build of better-sqlite3's native module, kept apart
// from Node's (scripts/electronNative.js writes it; electron-builder ships it as a resource), and
// turns every way it can be wrong into one clear message instead of a crash with a stack trace.
// No Electron import: main.ts passes the paths in, so every case is testable under Node.
import fs from 'node:fs';
import path from 'node:path';

export const SQLITE_BINDING_FILE = 'better_sqlite3.node';
const INFO_FILE = 'build-info.json';

/** build/native/electron-v<abi>-<platform>-<arch>: the same name scripts/electronNative.js writes. */
export function nativeDirName(abi: string = process.versions.modules, platform: string = process.platform, arch: string = process.arch): string {
  return `electron-v${abi}-${platform}-${arch}`;
}

export interface NativeSqliteLocation {
  /** build/native in development, <resources>/native in a packaged app. */
  nativeRoot: string;
  abi?: string;
  platform?: string;
  arch?: string;
  /** better-sqlite3's JS version (its package.json): the native half must be the same release. */
  jsVersion?: string | null;
  /** Loads a .node file (default: Node's require, i.e. process.dlopen). */
  requireAddon?: (file: string) => unknown;
}

export type NativeSqliteResult =
  | { ok: true; addon: object; file: string }
  | { ok: false; kind: 'missing' | 'abi' | 'version' | 'invalid'; file: string; message: string };

const FIX_DEV = '开发环境：运行 npm start（会自动获取），或 node scripts/electronNative.js。安装版：请重新安装 1688 物流跟踪。';
const FIX_EN = 'In development run `npm start` (it fetches it) or `node scripts/electronNative.js`; an installed app: reinstall it.';

function message(zh: string, en: string, file: string): string {
  return `${zh}\n${FIX_DEV}\n(${en} ${FIX_EN})\n${file}`;
}

/** Loads and checks the module; never throws. */
export function loadElectronSqlite(loc: NativeSqliteLocation): NativeSqliteResult {
  const dir = path.join(loc.nativeRoot, nativeDirName(loc.abi, loc.platform, loc.arch));
  const file = path.join(dir, SQLITE_BINDING_FILE);
  if (!fs.existsSync(file)) {
    return {
      ok: false,
      kind: 'missing',
      file,
      message: message('找不到为 Electron 编译的 SQLite 原生模块，无法打开数据库。', 'The SQLite native module built for Electron is missing, so the database cannot be opened.', file),
    };
  }
  if (loc.jsVersion) {
    let built: string | null = null;
    try {
      built = (JSON.parse(fs.readFileSync(path.join(dir, INFO_FILE), 'utf8')) as { betterSqlite3?: string }).betterSqlite3 ?? null;
    } catch {
      built = null;
    }
    if (built !== null && built !== loc.jsVersion) {
      return {
        ok: false,
        kind: 'version',
        file,
        message: message(
          `SQLite 原生模块来自 better-sqlite3 ${built}，而程序使用 ${loc.jsVersion}：两者必须一致。`,
          `The native module is from better-sqlite3 ${built} but the app uses ${loc.jsVersion}; they must match.`,
          file,
        ),
      };
    }
  }
  const load = loc.requireAddon ?? ((f: string) => require(f) as unknown);
  try {
    const addon = load(file);
    if (!addon || typeof addon !== 'object' || typeof (addon as { setErrorConstructor?: unknown }).setErrorConstructor !== 'function') {
      return { ok: false, kind: 'invalid', file, message: message('该文件不是 better-sqlite3 的原生模块。', 'That file is not better-sqlite3\'s native module.', file) };
    }
    return { ok: true, addon: addon as object, file };
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(text);
    if (abi) {
      return {
        ok: false,
        kind: 'abi',
        file,
        message: message(
          `SQLite 原生模块是为另一运行时编译的（模块版本 ${abi[1]}，本程序需要 ${abi[2]}）。`,
          `The SQLite native module was built for another runtime (NODE_MODULE_VERSION ${abi[1]}; this app needs ${abi[2]}).`,
          file,
        ),
      };
    }
    // First line only: the dynamic loader's reason, never a stack.
    const reason = text.split('\n')[0]!.slice(0, 300);
    return { ok: false, kind: 'invalid', file, message: message(`无法加载 SQLite 原生模块：${reason}`, `Cannot load the SQLite native module: ${reason}.`, file) };
  }
}
