// Runs in: main process / headless Node.
// Polling traces: ONE call per order for its due parcels, answers written in batches of orders
// (one transaction each), failures rescheduled with a growing delay.
import type { ParcelTrace } from '../ali1688/schemas';
import type { DueParcel, ShipmentRow } from '../store/shipments';
import type { GatewayCalls } from './gatewayCalls';
import { runPool } from './pool';
import type { TraceWriter } from './traceWriter';
import type { CycleContext, SyncRuntime, SyncSettings } from './types';

/** Answered orders written in one transaction at most, and the longest an answer waits. */
export const TRACE_BATCH_ORDERS = 100;
export const TRACE_BATCH_MS = 200;

/** One order's trace call, answered or failed for good, waiting to be written. */
type TraceAnswer = { orderId: string; due: DueParcel[]; now: number } & (
  | { traces: ParcelTrace[] }
  | { failure: { message: string; permanent: boolean } }
);

type AnswerResult =
  | { ok: true; orderId: string; newEvents: number; changed: boolean; witnessNow: boolean }
  | { ok: false; orderId: string; error: unknown };

export function createTracePolling(rt: SyncRuntime, calls: GatewayCalls, writer: TraceWriter) {
  const { store, client, clock, logger, deps } = rt;
  const { stopStarting, guarded } = calls;
  const { applyTraces } = writer;
  /** Trace answers not written yet, per pollTraces under way (a cycle's and a refresh's). */
  const openBatches = new Set<{ flush(): void }>();

  async function pollTraces(ctx: CycleContext, s: SyncSettings, due: readonly DueParcel[]) {
    const byOrder = new Map<string, DueParcel[]>();
    for (const sh of due) byOrder.set(sh.order_id, [...(byOrder.get(sh.order_id) ?? []), sh]);
    const orderIds = [...byOrder.keys()];
    const batch = openTraceBatch(ctx, s);
    let done = 0;
    try {
      await runPool(orderIds, s.concurrency, async (orderId) => {
        const dueHere = byOrder.get(orderId) ?? [];
        const out = await guarded(ctx, orderId, () => client.getLogisticsTraceInfo(orderId));
        deps.onProgress?.({ phase: 'traces', done: ++done, total: orderIds.length });
        const now = clock.now();
        if (!out.ok) {
          const { code, message } = out.error;
          // An order too old for traces, or not the buyer's, will never answer: stop polling it.
          batch.add({ orderId, due: dueHere, now, failure: { message, permanent: code === 'too_old' || code === 'no_permission' } });
          return;
        }
        ctx.shipmentsPolled += dueHere.length;
        batch.add({ orderId, due: dueHere, now, traces: out.value });
      }, () => stopStarting(ctx) || batch.failed());
    } finally {
      batch.close();
    }
  }

  /**
   * Answered trace calls wait here and are written together, ONE transaction for up to
   * TRACE_BATCH_ORDERS orders (or what arrived within TRACE_BATCH_MS, or when the pool drains):
   * a commit per order cost more than everything else the write does. Each order's writes and
   * hooks still stand or fall together: an order that throws leaves nothing behind, the others
   * are written. A crash loses at most the answers not written yet; their parcels are still due
   * and are simply polled again (the step key and the ledger absorb anything seen before).
   */
  function openTraceBatch(ctx: CycleContext, s: SyncSettings) {
    let waiting: TraceAnswer[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failure: { error: unknown } | null = null;

    function flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (!waiting.length) return;
      const answers = waiting;
      waiting = [];
      let results: AnswerResult[];
      try {
        results = writeAnswers(answers, s);
      } catch (e) {
        // The whole batch rolled back (a storage fault): those parcels are still due. No new
        // call starts (the next write would fail alike); the cycle reports it.
        failure ??= { error: e };
        return;
      }
      // Counted only once committed.
      for (const r of results) {
        if (!r.ok) {
          logger.error('trace write failed', { orderId: r.orderId, error: String(r.error) });
          ctx.errors.push({ code: 'internal', message: r.error instanceof Error ? r.error.message : String(r.error), orderId: r.orderId });
          continue;
        }
        ctx.newEvents += r.newEvents;
        if (r.changed) ctx.changed.add(r.orderId);
        if (r.witnessNow) ctx.witnessWanted.add(r.orderId);
      }
    }

    const batch = {
      add(a: TraceAnswer) {
        waiting.push(a);
        if (waiting.length >= TRACE_BATCH_ORDERS) flush();
        else if (!timer) {
          timer = setTimeout(flush, TRACE_BATCH_MS);
          timer.unref?.();
        }
      },
      /** Writes what is waiting now (abort: what was answered is kept before the app quits). */
      flush,
      failed: () => failure !== null,
      /** Writes the rest; the cycle then reports a failed batch write as it did a failed order write. */
      close() {
        openBatches.delete(batch);
        flush();
        if (failure) throw failure.error;
      },
    };
    openBatches.add(batch);
    return batch;
  }

  /**
   * Writes answered orders in one transaction. First without a savepoint per order (~6 µs each,
   * a tenth of an order's write, for a failure that almost never happens); if an order throws,
   * everything rolls back and the batch is written again without it, now each order in its own
   * savepoint. Storage faults, and a transaction SQLite already ended, fail the whole batch.
   */
  function writeAnswers(answers: TraceAnswer[], s: SyncSettings): AnswerResult[] {
    let current = -1;
    let failed: { index: number; error: unknown };
    try {
      // The batch's new steps join the trace search once, before it commits (deferSearch).
      return store.transaction(() => {
        return store.traceSearch.deferSearch(() => {
          const results = answers.map((a, i): AnswerResult => {
            current = i;
            return { ok: true, orderId: a.orderId, ...writeAnswer(a, s) };
          });
          current = -1; // what fails from here (the index fill, the COMMIT) is the batch's, not an order's
          return results;
        });
      });
    } catch (e) {
      if (current < 0 || isStorageFault(e)) throw e;
      failed = { index: current, error: e };
    }
    return store.transaction(() =>
      store.traceSearch.deferSearch(() =>
        answers.map((a, i): AnswerResult => {
          if (i === failed.index) return { ok: false, orderId: a.orderId, error: failed.error };
          try {
            return { ok: true, orderId: a.orderId, ...store.transaction(() => writeAnswer(a, s)) };
          } catch (e) {
            if (!store.db.inTransaction || isStorageFault(e)) throw e;
            return { ok: false, orderId: a.orderId, error: e };
          }
        }),
      ),
    );
  }

  function writeAnswer(a: TraceAnswer, s: SyncSettings): { newEvents: number; changed: boolean; witnessNow: boolean } {
    if ('failure' in a) {
      const { message, permanent } = a.failure;
      const rows = store.shipments.forTraceWrite(a.orderId).parcels;
      for (const d of a.due) {
        const sh = rows.find((r) => r.id === d.id);
        if (!sh) continue; // gone with its order meanwhile: nothing to schedule
        if (permanent) store.shipments.applyPoll({ ...pollFields(sh), next_poll_at: null, done: true, now: a.now }, sh.status);
        store.shipments.recordFailure(sh.id, message, permanent ? a.now : a.now + failureBackoffMs(sh.poll_failures), a.now);
      }
      return { newEvents: 0, changed: false, witnessNow: false };
    }
    const written = applyTraces(a.orderId, a.due, a.traces, a.now, s);
    if (written.unknownParcel) store.orders.markParcelsDue(a.orderId, a.now);
    return { newEvents: written.newEvents, changed: written.changed, witnessNow: written.witnessNow };
  }

  return {
    pollTraces,
    /** Writes every answer waiting in a batch now (abort: what was answered is kept). */
    flushAll() {
      for (const b of openBatches) b.flush();
    },
  };
}

function pollFields(sh: ShipmentRow) {
  return {
    id: sh.id,
    status: sh.status,
    last_event_at: sh.last_event_at,
    last_remark: sh.last_remark,
    last_stage: sh.last_stage,
    event_count: sh.event_count,
    delivered_at: sh.delivered_at,
    evidence: sh.evidence,
  };
}

/** SQLite could not write at all (disk full, I/O, read-only, locked, damaged): not one order's problem. */
function isStorageFault(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|NOMEM|CORRUPT|NOTADB|CANTOPEN|PROTOCOL)/.test(code);
}

/** A parcel whose poll failed is tried again after 5 min, doubling, at most 6 h. */
export function failureBackoffMs(failures: number): number {
  return Math.min(6 * 3600_000, 5 * 60_000 * 2 ** Math.min(failures, 10));
}
