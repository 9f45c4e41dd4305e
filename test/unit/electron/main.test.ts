// Runs in: Vitest (node), with a fake 'electron' and a fake core. The main process's wiring:
// lock, sandbox and scheme before ready; core, IPC, window, tray; resume → sync; clean quit.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../../shared/contract';
import type { CoreOptions } from '../../../electron/core/api/createCore';
import type { TrackerCore, TrackerEvents } from '../../../electron/core/api/types';

const h = vi.hoisted(() => {
  // Never created: the core is a fake; the test only checks main passes it on.
  const dataDir = `/nonexistent/tracker-main-test-${process.pid}`;
  const savedEnv = { TRACKER_DATA_DIR: process.env.TRACKER_DATA_DIR, TRACKER_DEMO: process.env.TRACKER_DEMO, TRACKER_AUTHORIZE_URL: process.env.TRACKER_AUTHORIZE_URL };
  process.env.TRACKER_DATA_DIR = dataDir;
  delete process.env.TRACKER_DEMO;
  delete process.env.TRACKER_AUTHORIZE_URL;
  return {
    dataDir,
    savedEnv,
    core: null as null | (Pick<TrackerCore, 'events'> & {
      internals: { store: import('../../../electron/core/store/index').Store };
      handle: ReturnType<typeof vi.fn<TrackerCore['handle']>>;
      start: ReturnType<typeof vi.fn<TrackerCore['start']>>;
      stop: ReturnType<typeof vi.fn<TrackerCore['stop']>>;
    }),
    createTrackerCore: null as null | ReturnType<typeof vi.fn>,
    resolveStop: null as null | (() => void),
    /** What main wrote to stderr (its logger's lines) while starting. */
    stderr: [] as string[],
  };
});
{
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    h.stderr.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
}

vi.mock('electron', () => import('./electronMock.js'));
vi.mock('../../../electron/core/ali1688/sandbox', () => ({ startSandboxGateway: vi.fn() }));
// The Electron build of SQLite is found (its selection has its own tests: nativeSqlite.test.ts).
vi.mock('../../../electron/nativeSqlite', () => ({
  loadElectronSqlite: vi.fn((loc: { nativeRoot: string }) => ({ ok: true, addon: {}, file: `${loc.nativeRoot}/electron-v150-linux-x64/better_sqlite3.node` })),
}));
vi.mock('../../../electron/core/api/createCore', async () => {
  const { createTrackerEvents } = await import('../../../electron/core/api/types.js');
  // The part of the core's internals main reads at start (team mode looks for a team config in
  // the store's settings): a real SQLite store in memory, for a data folder that never joined a team.
  const { openStore } = await import('../../../electron/core/store/index.js');
  const status: SyncStatus = {
    state: 'idle', lastRun: null, nextRunAt: null, progress: null, dataAsOf: null, offlineSince: null, message: null, demo: false,
  };
  h.core = {
    events: createTrackerEvents() as TrackerEvents,
    internals: { store: openStore(':memory:') },
    handle: vi.fn<TrackerCore['handle']>(async (method) => (method.startsWith('sync.') ? status : {})),
    start: vi.fn<TrackerCore['start']>(),
    stop: vi.fn<TrackerCore['stop']>(
      () =>
        new Promise<void>((resolve) => {
          h.resolveStop = resolve;
        }),
    ),
  };
  h.createTrackerCore = vi.fn(async (_opts: CoreOptions) => h.core);
  return { createTrackerCore: h.createTrackerCore };
});

import * as E from './electronMock';

const flush = () => new Promise((r) => setTimeout(r, 0));
async function until(cond: () => boolean) {
  for (let i = 0; i < 200 && !cond(); i++) await flush();
  expect(cond()).toBe(true);
}
const mainWindow = () => E.FakeBrowserWindow.instances[0]!;
const mainFrame = () => ({ ...mainWindow().webContents.mainFrame, url: 'app://renderer/index.html' });

afterAll(() => {
  // The worker process may run other test files next: leave its environment as it was.
  for (const [k, v] of Object.entries(h.savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

beforeAll(async () => {
  await import('../../../electron/main.js');
  await until(() => (h.core?.start.mock.calls.length ?? 0) > 0);
});

describe('main process: before ready', () => {
  it('takes the single-instance lock, enables the sandbox, registers app:// as privileged, before ready', () => {
    expect(E.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(E.app.enableSandbox).toHaveBeenCalled();
    expect(E.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    ]);
    const readyCall = E.app.whenReady.mock.invocationCallOrder[0]!;
    expect(E.app.enableSandbox.mock.invocationCallOrder[0]!).toBeLessThan(readyCall);
    expect(E.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!).toBeLessThan(readyCall);
  });
});

describe('main process: after ready', () => {
  it('serves app:// through the traversal-checked handler', async () => {
    expect(E.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = E.protocol.handle.mock.calls[0]![1] as (r: { url: string; method: string }) => Promise<Response>;
    const res = await handler({ url: 'app://renderer/../../etc/passwd', method: 'GET' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('a data folder that never joined a team starts solo: every account may be polled, no team-mode error logged', () => {
    const opts = h.createTrackerCore!.mock.calls[0]![0] as CoreOptions;
    expect(opts.pollGate?.mayPoll('b2b-2200000000000000001')).toBe(true);
    expect(h.stderr.join('')).not.toContain('team mode could not start');
  });

  it('creates the core on TRACKER_DATA_DIR with a safeStorage SecretStore and a Notifier', async () => {
    const opts = h.createTrackerCore!.mock.calls[0]![0] as CoreOptions;
    expect(opts.dataDir).toBe(h.dataDir);
    // Unpackaged: the Electron build of SQLite from the project's build/native, never Node's.
    expect(opts.sqliteBinding).toBe(`${path.join('/nonexistent/app', 'build', 'native')}/electron-v150-linux-x64/better_sqlite3.node`);
    expect(opts.demo).toBeUndefined();
    expect(typeof opts.notifier.notify).toBe('function');
    // safeStorage is unavailable in the fake: the store must refuse, proving it is the safeStorage one.
    await expect(opts.secrets.set('k', 'v')).rejects.toMatchObject({ code: 'storage' });
  });

  it('opens the main window on app:// with the preload, and starts the scheduler', () => {
    expect(mainWindow().webPreferences.preload).toMatch(/preload\.js$/);
    expect(mainWindow().webPreferences.sandbox).toBe(true);
    expect(mainWindow().loadURL).toHaveBeenCalledWith('app://renderer/index.html');
    expect(h.core!.start).toHaveBeenCalledTimes(1);
  });

  it('IPC: the main window top frame reaches the core; another webContents does not', async () => {
    const invoke = E.ipcMain.handlers.get('tracker:invoke')!;
    h.core!.handle.mockClear();
    const ok = await invoke({ sender: mainWindow().webContents, senderFrame: mainFrame() }, 'orders.list', {});
    expect(ok).toMatchObject({ ok: true });
    expect(h.core!.handle).toHaveBeenCalledWith('orders.list', {});
    h.core!.handle.mockClear();
    const refused = await invoke({ sender: new E.FakeWebContents(), senderFrame: mainFrame() }, 'orders.list', {});
    expect(refused).toMatchObject({ ok: false });
    expect(h.core!.handle).not.toHaveBeenCalled();
  });

  it('forwards core events to the main window', () => {
    mainWindow().webContents.sent.length = 0;
    h.core!.events.emit('alerts.changed', { open: 2 });
    expect(mainWindow().webContents.sent).toEqual([['tracker:event', 'alerts.changed', { open: 2 }]]);
  });

  it('has a tray whose menu syncs now', async () => {
    const tray = E.Tray.instances[0]!;
    h.core!.handle.mockClear();
    tray.menu.find((m) => m.label === '立即同步')!.click!();
    expect(h.core!.handle).toHaveBeenCalledWith('sync.runNow', {});
    await flush();
  });

  it('resume from sleep → sync.runNow', () => {
    h.core!.handle.mockClear();
    E.powerMonitor.emit('resume');
    expect(h.core!.handle).toHaveBeenCalledWith('sync.runNow', {});
  });

  it('window.open: 1688 links go to the browser, the authorize URL opens the OAuth window, others nothing', () => {
    const open = mainWindow().webContents.windowOpenHandler!;
    E.shell.openExternal.mockClear();
    expect(open({ url: 'https://trade.1688.com/x' })).toEqual({ action: 'deny' });
    expect(E.shell.openExternal).toHaveBeenCalledWith('https://trade.1688.com/x');
    expect(open({ url: 'https://1688.com.evil.com/' })).toEqual({ action: 'deny' });
    expect(E.shell.openExternal).toHaveBeenCalledTimes(1);

    const before = E.FakeBrowserWindow.instances.length;
    const authorize = 'https://auth.1688.com/oauth/authorize?client_id=1&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&state=s';
    expect(open({ url: authorize })).toEqual({ action: 'deny' });
    expect(E.FakeBrowserWindow.instances.length).toBe(before + 1);
    const oauth = E.FakeBrowserWindow.instances.at(-1)!;
    expect(oauth.webPreferences.preload).toBeUndefined();
    expect(oauth.loadURL).toHaveBeenCalledWith(authorize);
    expect(E.shell.openExternal).toHaveBeenCalledTimes(1);
    oauth.close(); // closing early is quiet
  });

  it('a notification click shows the window and emits navigate', () => {
    const opts = h.createTrackerCore!.mock.calls[0]![0] as CoreOptions;
    const navigate = vi.fn();
    h.core!.events.on('navigate', navigate);
    opts.notifier.notify({ kind: 'delivered', title: '已签收', body: 'b', orderId: '3712345678901234567' });
    E.Notification.instances.at(-1)!.emit('click');
    expect(mainWindow().show).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith({ orderId: '3712345678901234567' });
  });

  it('never sends a TLS client certificate without asking (select-client-certificate)', () => {
    const event = { preventDefault: vi.fn() };
    const callback = vi.fn();
    E.app.emit('select-client-certificate', event, mainWindow().webContents, 'https://trade.1688.com/', [{ subjectName: 'clerk' }], callback);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledWith();
  });

  it('no window downloads anything', () => {
    const event = { preventDefault: vi.fn() };
    E.session.defaultSession.emit('will-download', event, {}, mainWindow().webContents);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('a second instance focuses the window', () => {
    mainWindow().focus.mockClear();
    E.app.emit('second-instance');
    expect(mainWindow().focus).toHaveBeenCalled();
  });

  it('closing the window hides it to the tray while not quitting', () => {
    const e = { preventDefault: vi.fn() };
    mainWindow().emit('close', e);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(mainWindow().hide).toHaveBeenCalled();
  });
});

describe('main process: quitting', () => {
  it('before-quit stops the core once, waits for it, then exits', async () => {
    const first = { preventDefault: vi.fn() };
    const second = { preventDefault: vi.fn() };
    E.app.emit('before-quit', first);
    E.app.emit('before-quit', second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    expect(h.core!.stop).toHaveBeenCalledTimes(1);
    await flush();
    expect(E.app.exit).not.toHaveBeenCalled(); // the database is still closing
    h.resolveStop!();
    await until(() => E.app.exit.mock.calls.length > 0);
    expect(E.app.exit).toHaveBeenCalledWith(0);
    expect(E.Tray.instances[0]!.destroyed).toBe(true);
    const third = { preventDefault: vi.fn() };
    E.app.emit('before-quit', third);
    expect(third.preventDefault).not.toHaveBeenCalled();
    expect(h.core!.stop).toHaveBeenCalledTimes(1);
  });
});
