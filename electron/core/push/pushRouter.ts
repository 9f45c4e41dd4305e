// Runs in: main process / headless Node.
// What a push does (1688-open-api.md §11.2; issue 16): a push is a wake-up hint, never data of
// record. Each message is recorded once by msgId (a re-send or a replay of one already handled
// costs no call and is confirmed at once); parcel and order topics queue their order for a
// refresh through the sync engine (same limiter, same transaction, same dedupe), coalesced per
// order over a short window (ten pushes for one order: one refresh); a revoked authorisation
// marks the account as needing reconnection. A push is confirmed only after the refresh it led
// to is committed; one whose refresh failed for a passing reason stays unhandled, is re-sent by
// 1688 or replayed, and polling covers it meanwhile.
import type { PushMessage } from '../ali1688/pushSchemas';
import type { Logger } from '../ports';
import type { Store } from '../store';
import type { PushHint, SyncResult } from '../sync/syncEngine';
import type { ChannelTimers } from './channel';
import type { PushStore } from './pushStore';

export const TRACE_TOPIC = 'LOGISTICS_BUYER_VIEW_TRACE';
export const MAIL_NO_TOPIC = 'LOGISTICS_MAIL_NO_CHANGE';
export const ORDER_TOPIC_PREFIX = 'ORDER_BUYER_VIEW_';
export const AUTH_CANCEL_TOPIC = 'AUTHORIZATION_CANCEL';
const QUIET_TOPICS = new Set(['AUTHORIZATION_SUCCESS']);

/** Failures after which the push is kept unhandled (tried again), not confirmed. */
const PASSING_FAILURES = new Set(['rate_limited', 'server', 'network', 'timeout', 'malformed', 'unauthorized', 'internal']);

export interface PushRouterDeps {
  store: Store;
  pushes: PushStore;
  logger: Logger;
  timers: Pick<ChannelTimers, 'now' | 'setTimeout' | 'clearTimeout'>;
  refresh: (hints: PushHint[]) => Promise<SyncResult>;
  /** The member the account is authorised for (an AUTHORIZATION_CANCEL for another is ignored). */
  /** 1688 cancelled a member's authorisation (null: the push named no member). */
  authorizationCancelled: (memberId: string | null) => void;
  /** After each committed refresh (events, alerts). */
  onRefreshed?: (r: SyncResult) => void;
  /** Pushes arriving within this of the first are refreshed together. Default 250 ms. */
  coalesceMs?: number;
  /** Orders refreshed per run. Default 100. */
  batchOrders?: number;
}

interface QueuedOrder {
  hint: PushHint;
  msgIds: Set<string>;
  acks: (() => void)[];
}

export function createPushRouter(deps: PushRouterDeps) {
  const { pushes, logger, timers } = deps;
  const coalesceMs = deps.coalesceMs ?? 250;
  const batchOrders = deps.batchOrders ?? 100;
  const queue = new Map<string, QueuedOrder>();
  /** Acks of messages seen again while their refresh is still under way. */
  const waiting = new Map<string, (() => void)[]>();
  let timer: unknown = null;
  let draining: Promise<void> | null = null;
  let stats = { received: 0, duplicates: 0, refreshes: 0 };

  function enqueue(m: { msgId: string; topic: string; orderIds: readonly string[]; logisticsId: string | null }, ack?: () => void) {
    const isTrace = m.topic === TRACE_TOPIC;
    const isMailNo = m.topic === MAIL_NO_TOPIC;
    const isOrder = m.topic.startsWith(ORDER_TOPIC_PREFIX);
    for (const orderId of m.orderIds) {
      let q = queue.get(orderId);
      if (!q) {
        q = { hint: { orderId, order: false, parcels: false, trace: false, logisticsIds: [] }, msgIds: new Set(), acks: [] };
        queue.set(orderId, q);
      }
      q.hint.order ||= isOrder;
      q.hint.parcels ||= isMailNo;
      q.hint.trace ||= isTrace;
      if (m.logisticsId && !q.hint.logisticsIds.includes(m.logisticsId)) q.hint.logisticsIds.push(m.logisticsId);
      q.msgIds.add(m.msgId);
    }
    // A message naming several orders is acknowledged when the first refresh covering it commits;
    // the others are refreshed in the same run (one batch holds them all unless it is huge).
    const first = queue.get(m.orderIds[0] as string);
    if (ack && first) first.acks.push(ack);
    timer ??= timers.setTimeout(() => {
      timer = null;
      void drain();
    }, coalesceMs);
  }

  /** One message from the channel or a replay. `ack` confirms it (after its refresh commits). */
  function receive(m: PushMessage, ack?: () => void): void {
    stats.received++;
    const now = timers.now();
    const seen = pushes.record(m, now);
    if (seen === 'handled') {
      stats.duplicates++;
      ack?.();
      return;
    }
    if (seen === 'pending' && queuedOrRunning(m.msgId)) {
      stats.duplicates++;
      if (ack) waiting.set(m.msgId, [...(waiting.get(m.msgId) ?? []), ack]);
      return;
    }
    if (m.topic === AUTH_CANCEL_TOPIC) {
      deps.authorizationCancelled(m.memberId || null);
      return done([m.msgId], ack);
    }
    const relevant = m.topic === TRACE_TOPIC || m.topic === MAIL_NO_TOPIC || m.topic.startsWith(ORDER_TOPIC_PREFIX);
    if (!relevant || m.orderIds.length === 0) {
      if (!relevant && !QUIET_TOPICS.has(m.topic)) logger.warn('push of a topic the tracker does not use', { topic: m.topic.slice(0, 100) });
      return done([m.msgId], ack);
    }
    enqueue(m, ack);
  }

  const inFlight = new Set<string>();
  function queuedOrRunning(msgId: string): boolean {
    if (inFlight.has(msgId)) return true;
    for (const q of queue.values()) if (q.msgIds.has(msgId)) return true;
    return false;
  }

  function done(msgIds: string[], ack?: () => void) {
    pushes.markHandled(msgIds, timers.now());
    ack?.();
    for (const id of msgIds) {
      for (const a of waiting.get(id) ?? []) a();
      waiting.delete(id);
    }
  }

  async function drain(): Promise<void> {
    if (draining) return draining;
    draining = (async () => {
      while (queue.size > 0) {
        const batch = [...queue.values()].slice(0, batchOrders);
        for (const q of batch) queue.delete(q.hint.orderId);
        const ids = batch.flatMap((q) => [...q.msgIds]);
        for (const id of ids) inFlight.add(id);
        let r: SyncResult | null = null;
        try {
          r = await deps.refresh(batch.map((q) => q.hint));
          stats.refreshes++;
        } catch (e) {
          logger.error('push refresh failed', { error: String(e) });
        }
        for (const id of ids) inFlight.delete(id);
        if (!r) continue;
        const broken = r.offline || r.unauthorized;
        const failed = new Set(r.errors.filter((e) => e.orderId && PASSING_FAILURES.has(e.code)).map((e) => e.orderId));
        // A message handled is one every order it names refreshed (a message naming orders in
        // two batches is handled by the later one).
        const handled: string[] = [];
        const acks: (() => void)[] = [];
        for (const q of batch) {
          if (broken || failed.has(q.hint.orderId)) continue;
          handled.push(...q.msgIds);
          acks.push(...q.acks);
        }
        if (handled.length) pushes.markHandled(handled, timers.now());
        for (const a of acks) a();
        for (const id of handled) {
          for (const a of waiting.get(id) ?? []) a();
          waiting.delete(id);
        }
        try {
          deps.onRefreshed?.(r);
        } catch (e) {
          logger.error('after push refresh failed', { error: String(e) });
        }
        if (broken) break; // the scheduler's backoff decides; replay picks these up again
      }
    })().finally(() => {
      draining = null;
    });
    return draining;
  }

  return {
    receive,
    /** Re-queues messages recorded but never handled (a crash or an outage), e.g. after start-up. */
    requeuePending(): number {
      const rows = pushes.pending();
      for (const r of rows) {
        if (queuedOrRunning(r.msg_id)) continue;
        if (!r.order_id) {
          done([r.msg_id]);
          continue;
        }
        enqueue({ msgId: r.msg_id, topic: r.topic, orderIds: [r.order_id], logisticsId: r.logistics_id });
      }
      return rows.length;
    },
    /** Refreshes what is queued now (no coalescing wait) and resolves when it is committed. */
    async flush(): Promise<void> {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await drain();
      if (queue.size > 0) await drain();
    },
    stop() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      queue.clear();
      waiting.clear();
    },
    get idle() {
      return queue.size === 0 && draining === null;
    },
    get draining() {
      return draining;
    },
    stats: () => ({ ...stats, queued: queue.size }),
    resetStats() {
      stats = { received: 0, duplicates: 0, refreshes: 0 };
    },
  };
}

export type PushRouter = ReturnType<typeof createPushRouter>;
