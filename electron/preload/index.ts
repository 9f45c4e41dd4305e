// Runs in: the main window's sandboxed preload (bundled by esbuild to dist/electron/preload.js,
// because a sandboxed preload cannot require local files). Exposes window.tracker and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ContractError, EventName, EventPayloads, MethodName, MethodOutput, TrackerApi } from '../../shared/contract';
import { EVENT_CHANNEL, INTERNAL_ERROR_MESSAGE, INVOKE_CHANNEL, isEnvelope, plainContractError, toContractError } from '../ipcProtocol';

function internal(): ContractError {
  return { code: 'internal', message: INTERNAL_ERROR_MESSAGE };
}

const api: TrackerApi = {
  invoke<M extends MethodName>(method: M, input?: unknown): Promise<MethodOutput<M>> {
    // The envelope carries failures as data; reject with the plain ContractError so the UI can
    // read `code` and `issues` (an Error would lose them on the way through contextBridge).
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input).then(
      (envelope: unknown) => {
        if (!isEnvelope(envelope)) throw internal();
        if (!envelope.ok) throw plainContractError(envelope.error) ?? internal();
        return envelope.result as MethodOutput<M>;
      },
      // No handler yet, or main threw: still a ContractError, never a raw Error.
      (e: unknown) => {
        throw toContractError(e);
      },
    );
  },

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('tracker.on(event, listener)');
    // The renderer gets the payload only: never the IpcRendererEvent (its .sender is ipcRenderer).
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as EventPayloads[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('tracker', Object.freeze(api));
