// Runs in: Vitest (node), with a fake 'electron'. The preload exposes window.tracker with
// invoke/on only, unwraps envelopes, and never hands out ipcRenderer or its event objects.
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));

import type { TrackerApi } from '../../../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../electron/ipcProtocol';
import { contextBridge, ipcRenderer } from './electronMock';

let api: TrackerApi;

beforeAll(async () => {
  await import('../../../electron/preload/index.js');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, value] = contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(name).toBe('tracker');
  api = value as TrackerApi;
});

describe('preload', () => {
  it('exposes exactly invoke and on, frozen, and not ipcRenderer itself', () => {
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invoke sends (method, input) on tracker:invoke and resolves with the result', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { total: 3 } });
    await expect(api.invoke('orders.list', { tab: 'all' })).resolves.toEqual({ total: 3 });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(INVOKE_CHANNEL, 'orders.list', { tab: 'all' });
  });

  it('invoke rejects with the plain ContractError (code, message, issues), not an Error', async () => {
    const error = { code: 'invalid_input', message: '输入有误', issues: [{ path: 'orderId', message: 'bad' }] };
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error });
    const rejection = await api.invoke('orders.get', { orderId: 'x' }).catch((e: unknown) => e);
    expect(rejection).toEqual(error);
    expect(rejection).not.toBeInstanceOf(Error);
  });

  it('a failed ipcRenderer.invoke or a malformed answer still rejects with a ContractError', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'tracker:invoke'"));
    await expect(api.invoke('sync.status')).rejects.toMatchObject({ code: 'internal' });
    ipcRenderer.invoke.mockResolvedValueOnce('garbage');
    await expect(api.invoke('sync.status')).rejects.toMatchObject({ code: 'internal' });
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'made_up', message: 'x' } });
    await expect(api.invoke('sync.status')).rejects.toMatchObject({ code: 'internal' });
  });

  it('on delivers only the payload of the named event and unsubscribes', () => {
    const progress = vi.fn();
    const off = api.on('sync.progress', progress);
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer }, 'sync.progress', { done: 1, total: 2, phase: 'traces' });
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer }, 'alerts.changed', { open: 4 });
    expect(progress).toHaveBeenCalledTimes(1);
    // Exactly one argument: the payload; the IpcRendererEvent (whose .sender is ipcRenderer) stays behind.
    expect(progress.mock.calls[0]).toEqual([{ done: 1, total: 2, phase: 'traces' }]);
    off();
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
    ipcRenderer.emit(EVENT_CHANNEL, { sender: ipcRenderer }, 'sync.progress', { done: 2, total: 2, phase: 'traces' });
    expect(progress).toHaveBeenCalledTimes(1);
  });

  it('on refuses a non-function listener', () => {
    expect(() => api.on('navigate', 'nope' as never)).toThrow(TypeError);
  });
});
