// Runs in: Vitest (node), with a fake 'electron'. The desktop app started without a usable
// Electron build of SQLite (here: a folder holding none) shows one clear dialog — what is wrong
// and what to run — and exits; it never opens the database with Node's build or crashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => {
  const saved = { TRACKER_NATIVE_DIR: process.env.TRACKER_NATIVE_DIR, TRACKER_DATA_DIR: process.env.TRACKER_DATA_DIR };
  return { saved, createTrackerCore: null as null | ReturnType<typeof vi.fn> };
});
vi.mock('electron', () => import('./electronMock.js'));
vi.mock('../../../electron/core/ali1688/sandbox', () => ({ startSandboxGateway: vi.fn() }));
vi.mock('../../../electron/core/api/createCore', () => {
  h.createTrackerCore = vi.fn();
  return { createTrackerCore: h.createTrackerCore };
});

import * as E from './electronMock';

const empty = mkdtempSync(path.join(tmpdir(), 'native-none-'));
afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  for (const [k, v] of Object.entries(h.saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('main process: no SQLite for Electron', () => {
  it('shows what is wrong and what to run, then exits 1, without creating the core or a window', async () => {
    process.env.TRACKER_NATIVE_DIR = empty;
    process.env.TRACKER_DATA_DIR = path.join(empty, 'data');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await import('../../../electron/main.js');
    for (let i = 0; i < 200 && E.app.exit.mock.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 0));
    stderr.mockRestore();
    expect(E.app.exit).toHaveBeenCalledWith(1);
    expect(E.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, message] = E.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toContain('无法打开数据库');
    expect(message).toContain('找不到为 Electron 编译的 SQLite 原生模块');
    expect(message).toContain('npm start');
    expect(message).toContain(path.join(empty, `electron-v${process.versions.modules}-${process.platform}-${process.arch}`));
    expect(message).not.toMatch(/\n\s+at /);
    expect(h.createTrackerCore).not.toHaveBeenCalled();
    expect(E.FakeBrowserWindow.instances).toHaveLength(0);
  });
});
