// Runs in: Vitest (node). The Electron build of better-sqlite3 lives apart from Node's
// (build/native/electron-v<abi>-<platform>-<arch>) and is selected by path; every way it can be
// wrong (missing, another ABI, another better-sqlite3 release, not a module) becomes one clear
// message without a stack. Node's own build in node_modules is never touched.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store';
import { loadElectronSqlite, nativeDirName } from '../../../electron/nativeSqlite';

const root = path.resolve(__dirname, '../../..');
const req = createRequire(__filename);
const native = req('../../../scripts/electronNative.js') as {
  electronTarget(root?: string): { version: string; abi: string; platform: string; arch: string };
  nativeDirName(t: { abi: string; platform: string; arch: string }): string;
  existingBuild(root: string, t: { version: string; abi: string; platform: string; arch: string }, nativeRoot: string): { file: string } | null;
  helperEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  ensureElectronSqlite(o: { nativeRoot: string; log?: (m: string) => void; timeoutMs?: number; quiet?: boolean }): { ok: boolean; why?: string };
};
const nodeBuild = path.join(path.dirname(req.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const jsVersion = (req('better-sqlite3/package.json') as { version: string }).version;

const base = mkdtempSync(path.join(tmpdir(), 'native-sqlite-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A native folder laid out as scripts/electronNative.js writes it, for this process's ABI. */
function nativeRoot(name: string, opts: { binding?: 'node' | 'text'; builtFrom?: string } = {}): string {
  const dir = path.join(base, name);
  const sub = path.join(dir, nativeDirName());
  mkdirSync(sub, { recursive: true });
  if (opts.binding === 'node') copyFileSync(nodeBuild, path.join(sub, 'better_sqlite3.node'));
  if (opts.binding === 'text') writeFileSync(path.join(sub, 'better_sqlite3.node'), 'not a shared object');
  writeFileSync(path.join(sub, 'build-info.json'), JSON.stringify({ betterSqlite3: opts.builtFrom ?? jsVersion, electron: '45.5.0', abi: process.versions.modules }));
  return dir;
}

const noStack = (m: string) => expect(m).not.toMatch(/\n\s+at /);

describe('the Electron target', () => {
  it('is read from the electron package: Electron 45.5.0 has NODE_MODULE_VERSION 150', () => {
    const t = native.electronTarget(root);
    expect(t).toMatchObject({ version: '45.5.0', abi: '150', platform: process.platform, arch: process.arch });
    expect(native.nativeDirName(t)).toBe(`electron-v150-${process.platform}-${process.arch}`);
    // The main process computes the same name from its own process.versions.
    expect(nativeDirName('150', t.platform, t.arch)).toBe(native.nativeDirName(t));
  });

  it('the helpers never see the global nodedir (it would build against Node\'s headers)', () => {
    const env = native.helperEnv({ npm_config_nodedir: '/usr', npm_config_target: '20.0.0', PATH: '/bin', npm_config_better_sqlite3_binary_host: 'https://m' });
    expect(env).toEqual({ PATH: '/bin', npm_config_better_sqlite3_binary_host: 'https://m' });
  });

  it('a build for another better-sqlite3 release is stale and is fetched again', () => {
    const t = native.electronTarget(root);
    const dir = path.join(base, 'stale');
    const sub = path.join(dir, native.nativeDirName(t));
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, 'better_sqlite3.node'), '');
    writeFileSync(path.join(sub, 'build-info.json'), JSON.stringify({ betterSqlite3: '11.0.0', electron: t.version }));
    expect(native.existingBuild(root, t, dir)).toBeNull();
    writeFileSync(path.join(sub, 'build-info.json'), JSON.stringify({ betterSqlite3: jsVersion, electron: t.version }));
    expect(native.existingBuild(root, t, dir)?.file).toBe(path.join(sub, 'better_sqlite3.node'));
  });

  it('here (no network) obtaining it fails with a reason, and Node\'s build in node_modules is untouched', () => {
    const hash = () => createHash('sha256').update(readFileSync(nodeBuild)).digest('hex');
    const before = hash();
    const logs: string[] = [];
    const r = native.ensureElectronSqlite({ nativeRoot: path.join(base, 'fetch'), log: (m) => logs.push(m), timeoutMs: 60_000, quiet: true });
    expect(r.ok).toBe(false);
    expect(r.why).toMatch(/no prebuild .*; compile against Electron's headers failed/);
    expect(hash()).toBe(before);
    const db = new Database(':memory:');
    expect(db.prepare('select sqlite_version() as v').get()).toMatchObject({ v: expect.any(String) });
    db.close();
  }, 120_000);
});

describe('loadElectronSqlite (what the main process runs before opening the database)', () => {
  it('selects the build in its own folder by path, and the store opens a real database with it', () => {
    const dir = nativeRoot('good', { binding: 'node' });
    const r = loadElectronSqlite({ nativeRoot: dir, jsVersion });
    expect(r).toMatchObject({ ok: true, file: path.join(dir, nativeDirName(), 'better_sqlite3.node') });
    const store = openStore(path.join(base, 'data'), { nativeBinding: r.file });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('missing: says so and what to run, without a stack', () => {
    const r = loadElectronSqlite({ nativeRoot: path.join(base, 'nowhere'), jsVersion });
    expect(r).toMatchObject({ ok: false, kind: 'missing' });
    if (r.ok) return;
    expect(r.message).toContain('找不到为 Electron 编译的 SQLite 原生模块');
    expect(r.message).toContain('npm start');
    expect(r.message).toContain(r.file);
    noStack(r.message);
  });

  it('built for another runtime: names both module versions', () => {
    const dir = nativeRoot('abi', { binding: 'node' });
    // The loader's real wording when Node's build is loaded into Electron 45.
    const r = loadElectronSqlite({
      nativeRoot: dir,
      jsVersion,
      requireAddon: (file) => {
        throw new Error(
          `The module '${file}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 150. Please try re-compiling or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`,
        );
      },
    });
    expect(r).toMatchObject({ ok: false, kind: 'abi' });
    if (r.ok) return;
    expect(r.message).toContain('模块版本 115，本程序需要 150');
    expect(r.message).toContain('NODE_MODULE_VERSION 115; this app needs 150');
    noStack(r.message);
  });

  it('from another better-sqlite3 release than the JS that would drive it: refused before loading', () => {
    const dir = nativeRoot('version', { binding: 'node', builtFrom: '11.10.0' });
    let loaded = false;
    const r = loadElectronSqlite({ nativeRoot: dir, jsVersion, requireAddon: () => (loaded = true) });
    expect(r).toMatchObject({ ok: false, kind: 'version' });
    expect(loaded).toBe(false);
    if (!r.ok) expect(r.message).toContain(`better-sqlite3 11.10.0`);
  });

  it('not a native module at all (a damaged download): the loader\'s reason, first line only', () => {
    const r = loadElectronSqlite({ nativeRoot: nativeRoot('text', { binding: 'text' }), jsVersion });
    expect(r).toMatchObject({ ok: false, kind: 'invalid' });
    if (r.ok) return;
    expect(r.message).toContain('无法加载 SQLite 原生模块');
    noStack(r.message);
  });
});
