// window.tracker for the browser mode (no Electron preload): the same contract over HTTP + SSE.
//   POST /api/<method>  body = the input as JSON  →  { ok: true, result } | { ok: false, error }
//   GET  /api/events    Server-Sent Events, one named event per EventName.
// Auth is an HttpOnly cookie the local server set; nothing to do here.
import type {
  ContractError,
  EventName,
  EventPayloads,
  MethodInput,
  MethodName,
  MethodOutput,
  TrackerApi,
} from '../../shared/contract';
import { looksLikeContractError } from './errors';

export const OFFLINE_ERROR: ContractError = {
  code: 'offline',
  message: '无法连接到本地服务，请确认 1688 物流跟踪仍在运行，然后重试。',
};

/** Dispatched on window when the event stream reconnects after a break (events may have been missed). */
export const RECONNECTED_EVENT = 'tracker:events-reconnected';

export interface HttpTrackerOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

type Listener = (payload: never) => void;

export function createHttpTracker(options: HttpTrackerOptions = {}): TrackerApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  const ES = options.EventSource ?? globalThis.EventSource;

  const listeners = new Map<EventName, Set<Listener>>();
  const attached = new Set<EventName>();
  let source: EventSource | null = null;
  let broken = false;

  function ensureSource(): EventSource | null {
    if (source || !ES) return source;
    source = new ES(`${base}/api/events`, { withCredentials: true });
    source.addEventListener('error', () => {
      broken = true;
    });
    source.addEventListener('open', () => {
      if (broken) {
        broken = false;
        window.dispatchEvent(new Event(RECONNECTED_EVENT));
      }
    });
    return source;
  }

  function attach(event: EventName): void {
    const es = ensureSource();
    if (!es || attached.has(event)) return;
    attached.add(event);
    es.addEventListener(event, (msg) => {
      const set = listeners.get(event);
      if (!set || set.size === 0) return;
      let payload: unknown;
      try {
        payload = JSON.parse((msg as MessageEvent<string>).data);
      } catch {
        return; // a malformed frame is dropped, never thrown into the UI
      }
      for (const cb of [...set]) {
        try {
          (cb as (p: unknown) => void)(payload);
        } catch (e) {
          console.error(`listener for ${event} failed`, e);
        }
      }
    });
  }

  async function invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
    let res: Response;
    try {
      res = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw { ...OFFLINE_ERROR };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw unreadable(res.status);
    }
    if (typeof body === 'object' && body !== null) {
      const b = body as { ok?: unknown; result?: unknown; error?: unknown };
      if (b.ok === true && res.ok) return b.result as MethodOutput<M>;
      if (b.ok === false && looksLikeContractError(b.error)) throw b.error;
    }
    throw unreadable(res.status);
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as Listener;
    set.add(l);
    attach(event);
    return () => {
      set.delete(l);
    };
  }

  return { invoke, on };
}

function unreadable(status: number): ContractError {
  if (status === 401 || status === 403)
    return { code: 'internal', message: '本地服务拒绝了请求（登录已失效），请从应用重新打开这个页面。' };
  return { code: 'internal', message: `本地服务返回了无法识别的响应（HTTP ${status}），请重试。` };
}
