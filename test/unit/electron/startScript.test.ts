// Runs in: Vitest (node). `npm start` finds the Electron binary without require('electron'),
// fetches it with Electron's own installer (time-limited, proxies passed on), and otherwise picks
// the browser-mode command with a message that says why and how to fix it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

type FetchResult = { ok: true } | { ok: false; why: string };
const { findElectronBinary, fallbackArgs, fetchElectron, electronFetchEnv, fallbackMessage } = createRequire(__filename)('../../../scripts/start.js') as {
  findElectronBinary(root?: string, env?: NodeJS.ProcessEnv): string | null;
  fallbackArgs(userArgs: string[], env?: NodeJS.ProcessEnv): string[];
  fetchElectron(opts: { root?: string; installScript?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; stdio?: 'ignore' | 'inherit' }): Promise<FetchResult>;
  electronFetchEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  fallbackMessage(why: string, demo: boolean): string;
};

const base = mkdtempSync(path.join(tmpdir(), 'start-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function fakeProject(name: string, opts: { pathTxt?: string; binary?: boolean }): string {
  const root = path.join(base, name);
  const pkg = path.join(root, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","main":"index.js"}');
  // An index.js that would "download" if anyone required it: the check must never load it.
  writeFileSync(path.join(pkg, 'index.js'), 'throw new Error("Electron failed to install correctly")');
  if (opts.pathTxt !== undefined) writeFileSync(path.join(pkg, 'path.txt'), opts.pathTxt);
  if (opts.binary) {
    mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    writeFileSync(path.join(pkg, 'dist', 'electron'), '');
  }
  return root;
}

describe('findElectronBinary', () => {
  it('null when electron has no path.txt (binary never downloaded)', () => {
    expect(findElectronBinary(fakeProject('a', {}), {})).toBeNull();
  });
  it('null when path.txt names a binary that is not on disk', () => {
    expect(findElectronBinary(fakeProject('b', { pathTxt: 'electron' }), {})).toBeNull();
  });
  it('the binary when it is there', () => {
    const root = fakeProject('c', { pathTxt: 'electron', binary: true });
    expect(findElectronBinary(root, {})).toBe(path.join(root, 'node_modules', 'electron', 'dist', 'electron'));
  });
  it('on this machine (no binary), null', () => {
    expect(findElectronBinary(path.resolve(__dirname, '../../..'), {})).toBeNull();
  });
});

describe('fetchElectron (Electron\'s own installer, time-limited)', () => {
  function installer(name: string, body: string): string {
    const file = path.join(base, `${name}.js`);
    writeFileSync(file, body);
    return file;
  }

  it('an installer that fails (no network) → not ok, with the reason', async () => {
    const r = await fetchElectron({ installScript: installer('fails', 'process.exit(1)'), stdio: 'ignore', env: {} });
    expect(r).toEqual({ ok: false, why: 'the download failed (installer exit 1)' });
  });

  it('an installer that hangs is stopped at the time limit', async () => {
    const r = await fetchElectron({ installScript: installer('hangs', 'setInterval(() => {}, 1000)'), timeoutMs: 300, stdio: 'ignore', env: {} });
    expect(r).toEqual({ ok: false, why: 'no download within 0.3 s' });
  });

  it('an installer that writes path.txt and the program → ok, and the binary is then found', async () => {
    const root = fakeProject('d', {});
    const pkg = path.join(root, 'node_modules', 'electron');
    const script = installer(
      'works',
      `const fs = require('fs'); const p = ${JSON.stringify(pkg)};
       fs.mkdirSync(p + '/dist', { recursive: true }); fs.writeFileSync(p + '/dist/electron', '');
       fs.writeFileSync(p + '/path.txt', 'electron');`,
    );
    expect(findElectronBinary(root, {})).toBeNull();
    expect(await fetchElectron({ root, installScript: script, stdio: 'ignore', env: {} })).toEqual({ ok: true });
    expect(findElectronBinary(root, {})).toBe(path.join(pkg, 'dist', 'electron'));
  });

  it('here, the real installer fails (no internet) and says so', async () => {
    const r = await fetchElectron({ root: path.resolve(__dirname, '../../..'), stdio: 'ignore', env: { PATH: process.env.PATH, HOME: base } });
    expect(r.ok).toBe(false);
  });

  it('passes a proxy on to @electron/get, which uses it only when ELECTRON_GET_USE_PROXY is set', () => {
    expect(electronFetchEnv({ https_proxy: 'http://proxy:3128' })).toMatchObject({ ELECTRON_GET_USE_PROXY: 'true', HTTPS_PROXY: 'http://proxy:3128' });
    expect(electronFetchEnv({}).ELECTRON_GET_USE_PROXY).toBeUndefined();
    expect(electronFetchEnv({ HTTP_PROXY: 'http://p', ELECTRON_GET_USE_PROXY: '' }).ELECTRON_GET_USE_PROXY).toBe('');
  });

  it('the fallback message says why, and how to fix it (the mirror, npx install-electron), in Chinese and English', () => {
    const m = fallbackMessage('could not fetch the Electron program (the download failed)', true);
    expect(m).toContain('浏览器模式');
    expect(m).toContain('could not fetch the Electron program');
    expect(m).toContain('ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/');
    expect(m).toContain('npx install-electron');
    expect(m).toContain('演示数据');
  });
});

describe('fallbackArgs', () => {
  it('demo data unless TRACKER_APP_KEY is set', () => {
    expect(fallbackArgs([], {})).toEqual(['serve', '--demo']);
    expect(fallbackArgs([], { TRACKER_APP_KEY: 'k' })).toEqual(['serve']);
    expect(fallbackArgs(['--port', '5173'], {})).toEqual(['serve', '--port', '5173', '--demo']);
    expect(fallbackArgs(['--demo'], { TRACKER_APP_KEY: 'k' })).toEqual(['serve', '--demo']);
    expect(fallbackArgs(['--browser'], {})).toEqual(['serve', '--demo']);
  });
});
