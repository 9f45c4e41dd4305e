// Runs in: Vitest (node), with a fake 'electron'. The IPC bridge: sender checked first,
// then the method name, then the core; failures come back as a typed envelope.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));

import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES } from '../../../shared/contract';
import { CoreError, createTrackerEvents, type TrackerCore } from '../../../electron/core/api/types';
import { registerIpc, type IpcMainLike } from '../../../electron/ipc';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type IpcEnvelope } from '../../../electron/ipcProtocol';
import { FakeWebContents } from './electronMock';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcEnvelope>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error('second handler');
    this.handlers.set(channel, listener as Handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

const mainWc = new FakeWebContents();
mainWc.url = 'app://renderer/index.html';
// Only the fields the sender check reads; `never` lets it stand in for a WebFrameMain.
const mainFrame = { url: 'app://renderer/index.html', parent: null, processId: 7, routingId: 1 } as never as { url: string; parent: null; processId: number; routingId: number };

function setup() {
  const ipcMain = new FakeIpcMain();
  const events = createTrackerEvents();
  const core = { handle: vi.fn<TrackerCore['handle']>(async () => ({ total: 0 })), events };
  const dispose = registerIpc(ipcMain, core, {
    // What main.ts does: the frame must be the main window's top frame.
    isTrustedSender: (frame, event) =>
      event.sender === (mainWc as unknown) && frame.processId === mainFrame.processId && frame.routingId === mainFrame.routingId,
    getEventTarget: () => mainWc as never,
  });
  const invoke = (event: { senderFrame: unknown; sender?: unknown }, method: unknown, input?: unknown) =>
    ipcMain.handlers.get(INVOKE_CHANNEL)!({ sender: mainWc, ...event } as unknown as IpcMainInvokeEvent, method, input);
  return { ipcMain, core, events, dispose, invoke };
}

beforeEach(() => {
  mainWc.sent.length = 0;
  mainWc.url = 'app://renderer/index.html';
  mainWc.destroyed = false;
});

describe('tracker:invoke sender validation', () => {
  const refusedFrames: [string, Record<string, unknown>][] = [
    ['a null senderFrame (navigated away / destroyed)', { senderFrame: null }],
    ['a foreign frame (https://evil.com)', { senderFrame: { ...mainFrame, url: 'https://evil.com/' } }],
    ['a file:// frame', { senderFrame: { ...mainFrame, url: 'file:///tmp/x.html' } }],
    ['a lookalike app host', { senderFrame: { ...mainFrame, url: 'app://evil/index.html' } }],
    ['a subframe showing app://', { senderFrame: { url: 'app://renderer/frame.html', parent: mainFrame, processId: 7, routingId: 9 } }],
    ['an app:// frame of another window', { senderFrame: { ...mainFrame, routingId: 2 } }],
    ['the right frame ids but another webContents', { senderFrame: mainFrame, sender: new FakeWebContents() }],
  ];

  it.each(refusedFrames)('refuses %s without touching the core', async (_name, event) => {
    const { core, invoke } = setup();
    const r = await invoke(event as never, 'orders.list', {});
    expect(r.ok).toBe(false);
    expect(core.handle).not.toHaveBeenCalled();
  });

  it('checks the sender before the method name (no oracle for untrusted frames)', async () => {
    const { invoke } = setup();
    const r = await invoke({ senderFrame: { ...mainFrame, url: 'https://evil.com/' } }, 'no.such.method');
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('tracker:invoke from the main window', () => {
  it('reaches core.handle and returns the result in an envelope', async () => {
    const { core, invoke } = setup();
    const r = await invoke({ senderFrame: mainFrame }, 'orders.list', { tab: 'all' });
    expect(core.handle).toHaveBeenCalledWith('orders.list', { tab: 'all' });
    expect(r).toEqual({ ok: true, result: { total: 0 } });
  });

  it.each([['no.such.method'], ['__proto__'], ['toString'], [42], [null], [{ m: 'orders.list' }]])(
    'an unknown method %j gives invalid_input and never reaches the core',
    async (method) => {
      const { core, invoke } = setup();
      const r = await invoke({ senderFrame: mainFrame }, method);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(core.handle).not.toHaveBeenCalled();
    },
  );

  it('a CoreError comes back as a plain ContractError with its code and issues', async () => {
    const { core, invoke } = setup();
    core.handle.mockRejectedValueOnce(new CoreError('invalid_input', '订单号应为 6–20 位数字', [{ path: 'orderId', message: 'bad' }]));
    const r = await invoke({ senderFrame: mainFrame }, 'orders.get', { orderId: 'x' });
    expect(r).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: '订单号应为 6–20 位数字', issues: [{ path: 'orderId', message: 'bad' }] },
    });
    if (!r.ok) {
      expect(r.error).not.toBeInstanceOf(Error);
      expect(Object.getPrototypeOf(r.error)).toBe(Object.prototype);
    }
  });

  it('an unexpected error becomes "internal" without leaking its text', async () => {
    const { core, invoke } = setup();
    core.handle.mockRejectedValueOnce(new Error('SQLITE_CORRUPT at /home/clerk/secret/path'));
    const r = await invoke({ senderFrame: mainFrame }, 'orders.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('/home/clerk');
  });

  it('dispose removes the handler', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    expect(ipcMain.handlers.has(INVOKE_CHANNEL)).toBe(false);
  });
});

describe('events to the main window', () => {
  it('forwards every contract event as tracker:event (name, payload)', () => {
    const { events } = setup();
    for (const name of EVENT_NAMES) events.emit(name, { probe: name } as never);
    expect(mainWc.sent).toEqual(EVENT_NAMES.map((name) => [EVENT_CHANNEL, name, { probe: name }]));
  });

  it('sends nothing to a window that is not showing app:// or is gone', () => {
    const { events } = setup();
    mainWc.url = 'https://evil.com/';
    events.emit('navigate', { orderId: '123456' });
    mainWc.url = 'app://renderer/index.html';
    mainWc.destroyed = true;
    events.emit('navigate', { orderId: '123456' });
    expect(mainWc.sent).toEqual([]);
  });

  it('dispose unsubscribes', () => {
    const { events, dispose } = setup();
    dispose();
    events.emit('alerts.changed', { open: 1 });
    expect(mainWc.sent).toEqual([]);
  });
});
