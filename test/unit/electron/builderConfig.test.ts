// Runs in: Vitest (node). electron-builder.yml against electron-builder's own schema, with the
// functions `electron-builder` itself uses (app-builder-lib getConfig + validateConfiguration).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';

const root = path.resolve(__dirname, '../../..');
type BeforePack = (context: { arch: number; electronPlatformName: string }, opts?: { nativeRoot?: string; log?: (m: string) => void; quiet?: boolean }) => Promise<void>;

describe('electron-builder.yml', () => {
  it('loads and passes electron-builder schema validation', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 60_000);

  it('the validator is live: a misspelt option is rejected', async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    const broken = { ...config, asarUnpak: ['x'] } as unknown as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/asarUnpak/);
  }, 60_000);

  it('packages what the app needs, the way it needs it', async () => {
    const c = await getConfig(root, 'electron-builder.yml', null);
    expect(c.appId).toBe('com.example.tracker1688');
    expect(c.productName).toBe('1688 Tracker');
    expect(c.directories?.output).toBe('out');
    expect(c.asar).toBe(true);
    expect(JSON.stringify(c.files)).toContain('dist/**');
    expect(JSON.stringify(c.files)).toContain('package.json');
    expect(c.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(c.mac?.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(c.mac?.category).toBe('public.app-category.business');
    expect(c.linux?.target).toEqual(['AppImage']);
  }, 60_000);

  it('ships the Electron build of SQLite as a resource, never rebuilds node_modules in place, and leaves Node\'s build out', async () => {
    const c = await getConfig(root, 'electron-builder.yml', null);
    expect(c.npmRebuild).toBe(false);
    // Packaging obtains the build for each platform and arch it packages, before copying it.
    expect(c.beforePack).toBe('scripts/beforePack.js');
    expect(c.extraResources).toEqual([
      { from: 'build/native', to: 'native', filter: ['electron-v*/better_sqlite3.node', 'electron-v*/build-info.json'] },
    ]);
    expect(JSON.stringify(c.files)).toContain('!node_modules/better-sqlite3/{build,deps,src}/**');
    // The folder the packaged main process reads: <resources>/native (electron/main.ts).
    expect(readFileSync(path.join(root, 'electron', 'main.ts'), 'utf8')).toContain("path.join(process.resourcesPath, 'native')");
  }, 60_000);

  it('flips the fuses that close the doors an attacker with local access would use', async () => {
    const c = await getConfig(root, 'electron-builder.yml', null);
    expect(c.electronFuses).toEqual({
      runAsNode: false, // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node
      enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS=--require evil.js
      enableNodeCliInspectArguments: false, // --inspect: a debugger into the main process
      onlyLoadAppFromAsar: true, // no app folder next to the asar taking its place
      enableEmbeddedAsarIntegrityValidation: true, // a modified asar does not start
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      resetAdHocDarwinSignature: true,
    });
    // The validator knows the fuses: a misspelt one is rejected, so the list above is what ships.
    const broken = { ...c, electronFuses: { ...c.electronFuses, runAsNod: false } } as unknown as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.electronFuses/);
  }, 60_000);

  it('the beforePack hook obtains SQLite for the arch being packaged, and fails the packaging with a clear message when it cannot', async () => {
    const hook = (createRequire(__filename)('../../../scripts/beforePack.js') as { default: BeforePack }).default;
    const abi = readFileSync(path.join(root, 'node_modules/electron/abi_version'), 'utf8').trim();
    const nativeRoot = mkdtempSync(path.join(tmpdir(), 'before-pack-'));
    try {
      // Already there for this better-sqlite3 and Electron: nothing to fetch (arch 3 = arm64, 1 = x64).
      const dir = path.join(nativeRoot, `electron-v${abi}-darwin-arm64`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'better_sqlite3.node'), '');
      const sqliteVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
      writeFileSync(path.join(dir, 'build-info.json'), JSON.stringify({ betterSqlite3: sqliteVersion, electron: '45.5.0' }));
      await expect(hook({ arch: 3, electronPlatformName: 'darwin' }, { nativeRoot, log: () => undefined })).resolves.toBeUndefined();
      await expect(hook({ arch: 4, electronPlatformName: 'darwin' }, { nativeRoot })).rejects.toThrow(/separately/);
      // Here nothing can be downloaded: the x64 build cannot be had, and packaging stops saying why.
      await expect(hook({ arch: 1, electronPlatformName: process.platform }, { nativeRoot, log: () => undefined, quiet: true })).rejects.toThrow(/Could not obtain better-sqlite3 for Electron .*-x64: no prebuild/);
    } finally {
      rmSync(nativeRoot, { recursive: true, force: true });
    }
  }, 120_000);
});
