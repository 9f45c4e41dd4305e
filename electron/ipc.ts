// Runs in: main process. Puts the core's one handler table on ONE IPC channel and forwards the
// core's events to the main window. Transport only: validation and behaviour live in the core.
import type { IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { EVENT_NAMES, isMethodName } from '../shared/contract';
import type { TrackerCore } from './core/api/types';
import type { Logger } from './core/ports';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type IpcEnvelope, toContractError } from './ipcProtocol';
import { isAppUrl } from './urlPolicy';

/** The part of ipcMain we use (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The slice of a frame the sender check reads. */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent' | 'processId' | 'routingId'>;

export interface IpcOptions {
  /**
   * Is this top-level app:// frame the main window's? (main.ts compares it with the main
   * window's webContents.mainFrame.) Called only after the generic checks have passed.
   */
  isTrustedSender(frame: SenderFrame, event: IpcMainInvokeEvent): boolean;
  /** Where core events go: the main window's webContents, or null while there is none. */
  getEventTarget?(): Pick<WebContents, 'send' | 'isDestroyed' | 'getURL'> | null;
  logger?: Logger;
}

const UNTRUSTED_SENDER: IpcEnvelope = {
  ok: false,
  error: { code: 'internal', message: '拒绝来自不受信任页面的调用。(Call from an untrusted frame refused)' },
};

/**
 * Checks the sender before anything else: a frame that is gone (null), a subframe, a frame
 * showing anything but our app:// renderer, or a frame of another window never reaches the core.
 */
export function checkSender(event: IpcMainInvokeEvent, opts: Pick<IpcOptions, 'isTrustedSender'>): string | null {
  const frame = event.senderFrame as SenderFrame | null | undefined;
  if (!frame) return 'no sender frame (navigated away or destroyed)';
  if (frame.parent !== null) return 'sender is a subframe';
  if (!isAppUrl(frame.url)) return 'sender frame is not app://';
  if (!opts.isTrustedSender(frame, event)) return 'sender is not the main window';
  return null;
}

/** Registers `tracker:invoke` and the event forwarding; returns a function that undoes both. */
export function registerIpc(ipcMain: IpcMainLike, core: Pick<TrackerCore, 'handle' | 'events'>, opts: IpcOptions): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<IpcEnvelope> => {
    const refused = checkSender(event, opts);
    if (refused) {
      opts.logger?.warn('ipc call refused', { reason: refused, url: event.senderFrame?.url ?? null });
      return UNTRUSTED_SENDER;
    }
    if (typeof method !== 'string' || !isMethodName(method)) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: `未知的方法：${String(method).slice(0, 100)} (unknown method)` },
      };
    }
    try {
      return { ok: true, result: await core.handle(method, input) };
    } catch (e) {
      const error = toContractError(e);
      if (error.code === 'internal') opts.logger?.error('ipc call failed', { method, error: String(e) });
      return { ok: false, error };
    }
  });

  const unsubscribes = EVENT_NAMES.map((name) =>
    core.events.on(name, (payload) => {
      const target = opts.getEventTarget?.();
      // Only to our own page: events carry order data, and a window never leaves app://.
      if (!target || target.isDestroyed() || !isAppUrl(target.getURL())) return;
      target.send(EVENT_CHANNEL, name, payload);
    }),
  );

  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    for (const off of unsubscribes) off();
  };
}
