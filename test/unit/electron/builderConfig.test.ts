// Runs in: Vitest (node). electron-builder.yml against electron-builder's own schema, with the
// functions `electron-builder` itself uses (app-builder-lib getConfig + validateConfiguration).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';

const root = path.resolve(__dirname, '../../..');

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
    expect(c.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(JSON.stringify(c.files)).toContain('dist/**');
    expect(JSON.stringify(c.files)).toContain('package.json');
    expect(c.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(c.mac?.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(c.mac?.category).toBe('public.app-category.business');
    expect(c.linux?.target).toEqual(['AppImage']);
  }, 60_000);
});
