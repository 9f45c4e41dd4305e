// A shared minute clock so relative times ("2小时前") stay true without refetching anything.
//
// Two clocks:
// - 'app' (the default): the core's clock. The core stamps every SyncStatus with its `now`;
//   the offset between that and this machine's clock at the moment the status arrived is kept
//   here (noteAppClock, called from ONE place: useContractEvents' query-cache watch). In the demo
//   the core's clock runs 60× faster than real time, so the browser's clock would make today's
//   trace steps read "in 16 minutes".
// - 'local': this machine's clock, for times the core stamps in real time even in the demo
//   (the ERP outbox: its retries wait for a real receiver).
//
// ONE subscription for the whole app: ClockProvider (mounted once, in App's Providers) reads the
// store and hands both clocks down a context, so a relative time in a list row costs a context
// read, not a subscription of its own per mount. Outside a ClockProvider, useNow subscribes itself.
import { createContext, createElement, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';

const TICK_MS = 30_000;
/** Offsets that differ by less than this are the same clock (request latency, not a change). */
const SAME_OFFSET_MS = 1_000;

let localNow = Date.now();
let offset = 0;
let lastAppNow: string | null = null;
const subscribers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function notify(): void {
  for (const s of subscribers) s();
}

function subscribe(cb: () => void): () => void {
  subscribers.add(cb);
  if (!timer) {
    localNow = Date.now();
    timer = setInterval(() => {
      localNow = Date.now();
      notify();
    }, TICK_MS);
  }
  return () => {
    subscribers.delete(cb);
    if (subscribers.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function catchUp(): void {
  // Nobody was listening for a while: catch up once (the value then stays stable).
  if (!timer && Date.now() - localNow > TICK_MS) localNow = Date.now();
}

const getLocal = (): number => {
  catchUp();
  return localNow;
};
const getApp = (): number => {
  catchUp();
  return localNow + offset;
};

/**
 * A SyncStatus arrived: `appNowIso` is its `now`, `receivedAt` this machine's time when it
 * arrived. The same `now` seen again (a cached status updated in place, e.g. by sync.progress)
 * changes nothing: only a fresh reading of the core's clock moves the offset.
 */
export function noteAppClock(appNowIso: string | null | undefined, receivedAt: number): void {
  if (!appNowIso || appNowIso === lastAppNow) return;
  const t = Date.parse(appNowIso);
  if (!Number.isFinite(t) || !Number.isFinite(receivedAt)) return;
  lastAppNow = appNowIso;
  const next = t - receivedAt;
  if (Math.abs(next - offset) < SAME_OFFSET_MS) return;
  offset = next;
  localNow = Date.now();
  notify();
}

/** The app's clock right now (not a hook: for defaults and event handlers). */
export function appNow(): number {
  return Date.now() + offset;
}

/** The current offset of the app's clock from this machine's, in ms. */
export function appClockOffset(): number {
  return offset;
}

/** Tests: how many subscriptions the clock has (the app's ClockProvider holds two). */
export function clockSubscriberCount(): number {
  return subscribers.size;
}

/** Tests: forget what the core's clock said. */
export function resetAppClock(): void {
  offset = 0;
  lastAppNow = null;
  localNow = Date.now();
  notify();
}

interface Clocks {
  app: number;
  local: number;
}

const ClockContext = createContext<Clocks | null>(null);

const noSubscribe = () => () => {};
const zero = () => 0;

/** The one subscription to the clock: every useNow below it reads this context. */
export function ClockProvider({ children }: { children: ReactNode }) {
  const local = useSyncExternalStore(subscribe, getLocal, getLocal);
  const app = useSyncExternalStore(subscribe, getApp, getApp);
  const value = useMemo(() => ({ app, local }), [app, local]);
  return createElement(ClockContext.Provider, { value }, children);
}

/** The app's clock (default), or this machine's, re-rendering every 30 s and when the offset moves. */
export function useNow(clock: 'app' | 'local' = 'app'): number {
  const shared = useContext(ClockContext);
  // Whether there is a provider never changes for a mounted component, so the hooks stay in order.
  const get = shared ? zero : clock === 'app' ? getApp : getLocal;
  const own = useSyncExternalStore(shared ? noSubscribe : subscribe, get, get);
  return shared ? shared[clock] : own;
}
