// Runs in: Vitest (node). `npm start` finds the Electron binary without require('electron')
// (which would try to download it) and otherwise picks the browser-mode command.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const { findElectronBinary, fallbackArgs } = createRequire(__filename)('../../../scripts/start.js') as {
  findElectronBinary(root?: string, env?: NodeJS.ProcessEnv): string | null;
  fallbackArgs(userArgs: string[], env?: NodeJS.ProcessEnv): string[];
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

describe('fallbackArgs', () => {
  it('demo data unless TRACKER_APP_KEY is set', () => {
    expect(fallbackArgs([], {})).toEqual(['serve', '--demo']);
    expect(fallbackArgs([], { TRACKER_APP_KEY: 'k' })).toEqual(['serve']);
    expect(fallbackArgs(['--port', '5173'], {})).toEqual(['serve', '--port', '5173', '--demo']);
    expect(fallbackArgs(['--demo'], { TRACKER_APP_KEY: 'k' })).toEqual(['serve', '--demo']);
  });
});
