// The ONE place core events turn into cache updates. Mounted once, at the top of the app.
// Also the one place the app's clock is read: every SyncStatus that lands in the cache carries
// the core's `now` (see lib/useNow.ts).
import { useEffect, useRef } from 'react';
import { useQueryClient, type InvalidateQueryFilters, type QueryClient } from '@tanstack/react-query';
import type { EventPayloads, MethodOutput, SyncStatus } from '../../shared/contract';
import { noteAppClock } from '../lib/useNow';
import { getTracker } from './tracker';
import { qk } from './queryKeys';
import { RECONNECTED_EVENT } from './httpTracker';

export interface ContractEventHandlers {
  /** A notification was clicked (or the core asks to show an order). */
  onNavigate: (orderId: string) => void;
  /** A notification for the renderer to show (browser mode). */
  onNotification: (payload: EventPayloads['notification']) => void;
}

const isSyncStatusKey = (key: readonly unknown[]) =>
  key.length === qk.syncStatus.length && key.every((k, i) => k === qk.syncStatus[i]);

/**
 * Feeds the app's clock from every sync.status result that lands in the cache (a fetch, or
 * sync.runNow's answer). `dataUpdatedAt` is when it landed; a status updated in place keeps its
 * `now` and moves nothing. Returns the unsubscribe.
 */
export function watchAppClock(qc: QueryClient): () => void {
  const note = () => {
    const state = qc.getQueryState<SyncStatus>(qk.syncStatus);
    if (state?.data) noteAppClock(state.data.now, state.dataUpdatedAt);
  };
  note();
  return qc.getQueryCache().subscribe((e) => {
    if (e.type === 'updated' && e.action.type === 'success' && isSyncStatusKey(e.query.queryKey)) note();
  });
}

const followUps = new WeakMap<QueryClient, Set<string>>();

/**
 * Invalidates and refetches like `invalidateQueries`, but never cancels a refetch in flight: with
 * events arriving faster than a list answers (a busy demo or sync), cancelling would restart it
 * for ever and the page would never update. A refetch already running is let finish, then one
 * more is made, so the change this event announced is still read.
 */
function refresh(qc: QueryClient, filters: InvalidateQueryFilters): Promise<void> {
  const running = qc.isFetching(filters) > 0;
  const done = qc.invalidateQueries(filters, { cancelRefetch: false });
  if (!running) return done;
  const again = () => qc.invalidateQueries(filters, { cancelRefetch: false });
  // A predicate is this event's own (its changed orders): never merged with another's.
  if (filters.predicate) return done.then(again);
  const key = JSON.stringify(filters.queryKey ?? null) + (filters.refetchType ?? '');
  let pending = followUps.get(qc);
  if (!pending) followUps.set(qc, (pending = new Set()));
  if (pending.has(key)) return done;
  pending.add(key);
  return done.then(() => {
    pending.delete(key);
    return again();
  });
}

/** Exported for tests: what each event does to the query cache. */
export const eventEffects = {
  'sync.finished': (qc: QueryClient, p: EventPayloads['sync.finished']) => {
    const changed = new Set(p.changedOrderIds);
    return Promise.all([
      refresh(qc, { queryKey: qk.orders }),
      changed.size > 0
        ? refresh(qc, {
            queryKey: qk.orderAll,
            predicate: (q) => typeof q.queryKey[1] === 'string' && changed.has(q.queryKey[1]),
          })
        : Promise.resolve(),
      refresh(qc, { queryKey: qk.alerts }),
      refresh(qc, { queryKey: qk.syncStatus }),
      refresh(qc, { queryKey: qk.teamStatus }),
    ]);
  },
  'alerts.changed': (qc: QueryClient) =>
    Promise.all([
      refresh(qc, { queryKey: qk.alerts }),
      refresh(qc, { queryKey: qk.orders }),
      // An open order drawer lists its alerts too.
      refresh(qc, { queryKey: qk.orderAll, refetchType: 'active' }),
    ]),
  'account.changed': (qc: QueryClient, p: EventPayloads['account.changed']) => {
    qc.setQueryData(qk.account, p);
    return Promise.all([
      refresh(qc, { queryKey: qk.account }),
      refresh(qc, { queryKey: qk.syncStatus }),
    ]);
  },
  'outbox.changed': (qc: QueryClient, p: EventPayloads['outbox.changed']) => {
    // The badge moves at once; the lists (and delivered/discarded counts) are refetched.
    qc.setQueryData<MethodOutput<'outbox.list'>>(qk.outboxSummary, (old) =>
      old ? { ...old, counts: { ...old.counts, pending: p.pending, failing: p.failing, dead: p.dead } } : old,
    );
    return refresh(qc, { queryKey: qk.outbox });
  },
  /** Another desk changed the team's settings: an open 设置 page shows them (fields not being edited). */
  'settings.changed': (qc: QueryClient) => refresh(qc, { queryKey: qk.settings }),
  'sync.progress': (qc: QueryClient, p: EventPayloads['sync.progress']) => {
    qc.setQueryData<SyncStatus>(qk.syncStatus, (old) =>
      old ? { ...old, state: old.state === 'offline' || old.state === 'needs_reconnect' ? old.state : 'syncing', progress: p } : old,
    );
  },
};

const cacheEvents = new WeakMap<QueryClient, { users: number; off: () => void }>();

/**
 * Keeps `qc` in step with the core's events: the eventEffects above, a full refresh when the event
 * stream comes back after a break, and the app's clock. Installed once per query client however
 * many hold it; returns the release. boot.ts holds it from the start, BEFORE the first
 * requests: a sync that finishes between a prefetched answer and the first render is then still
 * heard (its sync.finished invalidates that answer) instead of falling before the subscription.
 */
export function holdCacheEvents(qc: QueryClient): () => void {
  let entry = cacheEvents.get(qc);
  if (!entry) {
    const tracker = getTracker();
    const offs = [
      tracker.on('sync.finished', (p) => void eventEffects['sync.finished'](qc, p)),
      tracker.on('alerts.changed', () => void eventEffects['alerts.changed'](qc)),
      tracker.on('account.changed', (p) => void eventEffects['account.changed'](qc, p)),
      tracker.on('sync.progress', (p) => eventEffects['sync.progress'](qc, p)),
      tracker.on('outbox.changed', (p) => void eventEffects['outbox.changed'](qc, p)),
      tracker.on('settings.changed', () => void eventEffects['settings.changed'](qc)),
      tracker.on('sync.channel', (p) => qc.setQueryData<SyncStatus>(qk.syncStatus, (old) => (old ? { ...old, channel: p } : old))),
    ];
    // The event stream broke and came back: anything may have changed meanwhile.
    const onReconnected = () => void qc.invalidateQueries();
    window.addEventListener(RECONNECTED_EVENT, onReconnected);
    const unwatchClock = watchAppClock(qc);
    entry = {
      users: 0,
      off: () => {
        unwatchClock();
        for (const off of offs) off();
        window.removeEventListener(RECONNECTED_EVENT, onReconnected);
      },
    };
    cacheEvents.set(qc, entry);
  }
  const held = entry;
  held.users++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--held.users === 0) {
      held.off();
      cacheEvents.delete(qc);
    }
  };
}

export function useContractEvents(handlers: ContractEventHandlers): void {
  const qc = useQueryClient();
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });

  useEffect(() => {
    const release = holdCacheEvents(qc);
    const tracker = getTracker();
    const offs = [
      tracker.on('navigate', (p) => ref.current.onNavigate(p.orderId)),
      tracker.on('notification', (p) => ref.current.onNotification(p)),
    ];
    return () => {
      for (const off of offs) off();
      release();
    };
  }, [qc]);
}
