// Runs in: main process / headless Node.
// One sync cycle: discover orders, read parcels of orders that changed, poll due traces (one
// call per order), and write each order's result atomically (trace answers in batches of orders,
// one transaction per batch) so a crash mid-sync loses nothing and repeats nothing. Every
// gateway call goes through the client, hence the one limiter.
import type { Stage } from '../../../shared/domain';
import type { Ali1688Client } from '../ali1688/client';
import { GatewayError } from '../ali1688/errors';
import type { OrderInfo, ParcelTrace, TraceStep } from '../ali1688/schemas';
import type { Clock, Logger } from '../ports';
import type { Store } from '../store';
import { afterPoll, compareSteps, type DueParcel, type OrderDerivation, type PollUpdate, type ShipmentRow, type StoredStep } from '../store/shipments';
import { classifyRemark } from '../tracking/classifyRemark';
import { deriveOrderStatus, nextPollDelayMs } from '../tracking/orderStatus';
import { deriveShipmentStatus } from '../tracking/shipmentStatus';
import { runPool } from './pool';

export interface SyncSettings {
  /** Calls in flight at once (the limiter still spaces them). */
  concurrency: number;
  discoveryIntervalMs: number;
  /** Overlap of modify-time windows, so an order modified during the last run is not missed. */
  discoveryOverlapMs: number;
  pageSize: number;
  /** Look again at an order that is not shipped yet (500_2) after this long. */
  unshippedRecheckMs: number;
  /** Re-read the parcel list of an order in transit this often (a parcel may be added). */
  parcelRecheckMs: number;
  pollIntervals?: { baseMs?: number; fastMs?: number; slowMs?: number; slowestMs?: number };
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  concurrency: 4,
  discoveryIntervalMs: 30 * 60_000,
  discoveryOverlapMs: 10 * 60_000,
  // 1688's seller twin caps pageSize at 20; paging stops on totalRecord or an empty page either way.
  pageSize: 20,
  unshippedRecheckMs: 2 * 3600_000,
  parcelRecheckMs: 12 * 3600_000,
};

/** 1688 order states worth tracking when first discovered: paid and shipping. */
const OPEN_1688_STATUSES = new Set(['waitsellersend', 'waitlogisticstakein', 'waitbuyerreceive', 'waitbuyersign']);
const DISCOVERY_STATUSES = ['waitsellersend', 'waitbuyerreceive'] as const;
const FINISHED_1688_STATUSES = new Set(['success', 'cancel', 'terminated']);
const PERMANENT_ORDER_ERRORS = new Set(['no_permission', 'too_old', 'not_found', 'bad_request']);

export interface SyncError {
  code: string;
  message: string;
  orderId?: string;
}

export interface SyncResult {
  ok: boolean;
  orders: number;
  shipments: number;
  newEvents: number;
  calls: number;
  retries: number;
  errors: SyncError[];
  durationMs: number;
  changedOrderIds: string[];
  /** The token was rejected and could not be refreshed: sync is paused until reconnection. */
  unauthorized: boolean;
  /** The gateway stopped answering: the cycle ended on network failures with no success after them. */
  offline: boolean;
  /** At least one call was answered (the data is current as of this cycle). */
  reachedGateway: boolean;
}

export interface ShipmentWrite {
  before: ShipmentRow | undefined;
  after: ShipmentRow;
  newEvents: number;
}

/**
 * Called inside the transaction that writes each order (alerts, notification ledger, ERP outbox).
 * Trace answers share one transaction per batch of orders; an order's writes and its hook's
 * stand or fall together (a throw rolls back that order alone). A hook writes for its own order,
 * and only to the database: after a rollback it may run again for the same answer.
 */
export interface SyncHooks {
  afterOrderWrite?(orderId: string, shipments: ShipmentWrite[], now: number): void;
}

export interface SyncProgress {
  phase: 'discover' | 'details' | 'parcels' | 'traces';
  done: number;
  total: number;
}

export interface SyncEngineDeps {
  store: Store;
  client: Ali1688Client;
  clock: Clock;
  logger: Logger;
  settings?: () => Partial<SyncSettings>;
  hooks?: SyncHooks;
  classify?: (remark: string) => Stage;
  onProgress?: (p: SyncProgress) => void;
}

export interface RunOptions {
  trigger?: string;
  /** Poll every unfinished parcel, ignoring next_poll_at. */
  all?: boolean;
  discover?: 'auto' | 'force' | 'skip';
}

/** What a parcel's row derives from its steps: the newest, how many, how many just added, the newest signing. */
interface DerivedSteps {
  newest: Pick<StoredStep, 'occurred_at' | 'remark' | 'stage'> | undefined;
  count: number;
  added: number;
  delivered: Pick<StoredStep, 'occurred_at'> | undefined;
}

/** Answered orders written in one transaction at most, and the longest an answer waits. */
export const TRACE_BATCH_ORDERS = 100;
export const TRACE_BATCH_MS = 200;

/** One order's trace call, answered or failed for good, waiting to be written. */
type TraceAnswer = { orderId: string; due: DueParcel[]; now: number } & (
  | { traces: ParcelTrace[] }
  | { failure: { message: string; permanent: boolean } }
);

type AnswerResult =
  | { ok: true; orderId: string; newEvents: number; changed: boolean }
  | { ok: false; orderId: string; error: unknown };

const STATE_DISCOVERY_CURSOR = 'discovery.cursor';
const STATE_DISCOVERY_RAN_AT = 'discovery.ranAt';

export function createSyncEngine(deps: SyncEngineDeps) {
  const { store, client, clock, logger } = deps;
  const classify = deps.classify ?? classifyRemark;
  const settings = (): SyncSettings => ({ ...DEFAULT_SYNC_SETTINGS, ...(deps.settings?.() ?? {}) });
  let running: Promise<SyncResult> | null = null;
  let aborted = false;
  /** Trace answers not written yet, per pollTraces under way (a cycle's and a refresh's). */
  const openBatches = new Set<{ flush(): void }>();

  async function runCycle(opts: RunOptions = {}): Promise<SyncResult> {
    // One cycle at a time: a second request joins the running one.
    if (running) return running;
    running = doCycle(opts).finally(() => {
      running = null;
    });
    return running;
  }

  async function doCycle(opts: RunOptions): Promise<SyncResult> {
    const s = settings();
    return withCycle(opts.trigger ?? 'manual', async (ctx) => {
      const discover = opts.discover ?? 'auto';
      const lastRan = store.syncState.get<number>(STATE_DISCOVERY_RAN_AT);
      const now = clock.now();
      if (discover === 'force' || (discover === 'auto' && (lastRan === undefined || now - lastRan >= s.discoveryIntervalMs))) {
        await discoverOrders(ctx, s);
      }
      const go = () => !stopStarting(ctx);
      if (go()) await fetchDetails(ctx, s, store.orders.needingDetail(10_000));
      if (go()) await readParcels(ctx, s, store.orders.needingParcelCheck(clock.now(), 100_000));
      if (go()) await pollTraces(ctx, s, store.shipments.dueParcels(clock.now(), 1_000_000, opts.all ?? false));
    });
  }

  /** Everything about one order, now: its detail, its parcels, every unfinished parcel's trace. */
  async function refreshOrder(orderId: string): Promise<SyncResult> {
    const s = settings();
    return withCycle('refresh', async (ctx) => {
      await fetchDetails(ctx, s, [orderId]);
      if (!stopStarting(ctx)) await readParcels(ctx, s, [orderId]);
      const open = store.shipments.byOrder(orderId).filter((sh) => sh.done === 0);
      if (!stopStarting(ctx) && open.length) await pollTraces(ctx, s, open);
    });
  }

  /** Runs `body` as one recorded sync run, and sums up what it did. */
  async function withCycle(trigger: string, body: (ctx: CycleContext) => Promise<void>): Promise<SyncResult> {
    const startedAt = clock.now();
    const realStart = Date.now();
    const statsBefore = client.stats();
    const runId = store.syncRuns.start(startedAt, trigger);
    const ctx: CycleContext = {
      errors: [],
      changed: new Set(),
      ordersSeen: new Set(),
      shipmentsPolled: 0,
      newEvents: 0,
      unauthorized: false,
      successes: 0,
      failures: 0,
      networkStreak: 0,
    };
    aborted = false;
    try {
      await body(ctx);
    } catch (e) {
      // Only a bug (or a storage fault) lands here: gateway failures are handled per order.
      logger.error('sync cycle failed', { error: String(e) });
      ctx.errors.push({ code: 'internal', message: e instanceof Error ? e.message : String(e) });
    }
    const statsAfter = client.stats();
    const result: SyncResult = {
      ok: ctx.errors.length === 0,
      orders: ctx.ordersSeen.size,
      shipments: ctx.shipmentsPolled,
      newEvents: ctx.newEvents,
      calls: statsAfter.calls - statsBefore.calls,
      retries: statsAfter.retries - statsBefore.retries,
      errors: ctx.errors,
      durationMs: Date.now() - realStart,
      changedOrderIds: [...ctx.changed],
      unauthorized: ctx.unauthorized,
      offline: ctx.networkStreak > 0,
      reachedGateway: ctx.successes > 0,
    };
    store.syncRuns.finish(runId, {
      finished_at: clock.now(),
      ok: result.ok ? 1 : 0,
      calls: result.calls,
      retries: result.retries,
      errors: result.errors.length,
      orders_seen: result.orders,
      shipments_polled: result.shipments,
      new_events: result.newEvents,
      error_json: result.errors.length ? JSON.stringify(result.errors.slice(0, 50)) : null,
    });
    return result;
  }

  interface CycleContext {
    errors: SyncError[];
    changed: Set<string>;
    ordersSeen: Set<string>;
    shipmentsPolled: number;
    newEvents: number;
    unauthorized: boolean;
    successes: number;
    failures: number;
    /** Network/timeout failures since the last success. */
    networkStreak: number;
  }

  /**
   * No new call starts once the token is gone, the app is quitting, or the gateway looks
   * unreachable: the first network failure (after the client's own retries) with no success in
   * the cycle yet, or three in a row after one. Otherwise an outage costs a call per due order
   * per cycle; the scheduler's backoff decides when to try again.
   */
  function stopStarting(ctx: CycleContext): boolean {
    return ctx.unauthorized || aborted || ctx.networkStreak >= (ctx.successes === 0 ? 1 : 3);
  }

  type Outcome<T> = { ok: true; value: T } | { ok: false; error: SyncError };

  /** Runs one gateway call and records its failure in the cycle's errors. */
  async function guarded<T>(ctx: CycleContext, orderId: string | undefined, call: () => Promise<T>): Promise<Outcome<T>> {
    if (ctx.unauthorized) return { ok: false, error: { code: 'unauthorized', message: '1688 授权已失效，请重新连接账号。' } };
    try {
      const value = await call();
      ctx.successes++;
      ctx.networkStreak = 0;
      return { ok: true, value };
    } catch (e) {
      ctx.failures++;
      const err = e instanceof GatewayError ? e : null;
      const code = err?.kind ?? 'internal';
      if (code === 'unauthorized') ctx.unauthorized = true;
      if (code === 'network' || code === 'timeout') ctx.networkStreak++;
      else ctx.networkStreak = 0;
      const error: SyncError = { code, message: err?.userMessage ?? (e instanceof Error ? e.message : String(e)), ...(orderId ? { orderId } : {}) };
      ctx.errors.push(error);
      if (!err) logger.error('unexpected sync error', { error: String(e), orderId });
      return { ok: false, error };
    }
  }

  function recordOrder(ctx: CycleContext, info: OrderInfo, now: number, opts: { withDetail?: boolean } = {}) {
    const known = store.orders.get(info.orderId);
    if (!known && !OPEN_1688_STATUSES.has(info.status1688)) return; // not an open purchase we track
    ctx.ordersSeen.add(info.orderId);
    store.transaction(() => {
      const r = store.orders.upsertFromGateway(info, now, opts);
      if (r.changed) {
        store.orders.markParcelsDue(info.orderId, now);
        if (recomputeOrder(info.orderId, now)) ctx.changed.add(info.orderId);
      }
      if (r.created) ctx.changed.add(info.orderId);
      if (opts.withDetail) store.orders.setError(info.orderId, null, now);
    });
  }

  async function discoverOrders(ctx: CycleContext, s: SyncSettings) {
    const now = clock.now();
    const cursor = store.syncState.get<number>(STATE_DISCOVERY_CURSOR);
    // First run: every open order by status. Later: everything modified since the last run
    // (any status, so orders that completed or were cancelled are seen too).
    const queries: { orderStatus?: string; modifyStartTime?: number }[] =
      cursor === undefined
        ? DISCOVERY_STATUSES.map((orderStatus) => ({ orderStatus }))
        : [{ modifyStartTime: cursor - s.discoveryOverlapMs }];
    let complete = true;
    for (const q of queries) {
      let page = 1;
      let seen = 0;
      for (;;) {
        if (stopStarting(ctx)) {
          complete = false;
          break;
        }
        deps.onProgress?.({ phase: 'discover', done: seen, total: 0 });
        const out = await guarded(ctx, undefined, () => client.getBuyerOrderList({ ...q, page, pageSize: s.pageSize }));
        if (!out.ok) {
          complete = false;
          break;
        }
        const res = out.value;
        for (const info of res.orders) recordOrder(ctx, info, clock.now());
        seen += res.orders.length;
        if (res.orders.length === 0 || seen >= res.totalRecord || page >= 10_000) break;
        page++;
      }
      if (stopStarting(ctx)) return;
    }
    // Move the cursor only after a complete pass: an interrupted one is repeated, never skipped.
    if (complete) {
      store.syncState.set(STATE_DISCOVERY_CURSOR, now);
      store.syncState.set(STATE_DISCOVERY_RAN_AT, now);
    }
  }

  async function fetchDetails(ctx: CycleContext, s: SyncSettings, ids: string[]) {
    let done = 0;
    await runPool(ids, s.concurrency, async (orderId) => {
      const out = await guarded(ctx, orderId, () => client.getOrderDetail(orderId));
      const now = clock.now();
      if (out.ok) {
        ctx.ordersSeen.add(orderId);
        recordOrder(ctx, { ...out.value, orderId }, now, { withDetail: true });
      } else if (PERMANENT_ORDER_ERRORS.has(out.error.code)) {
        // Permanent answers about this order are kept on it; transient ones retry next cycle.
        store.orders.setError(orderId, out.error.message, now);
      }
      deps.onProgress?.({ phase: 'details', done: ++done, total: ids.length });
    }, () => stopStarting(ctx));
  }

  async function readParcels(ctx: CycleContext, s: SyncSettings, ids: string[]) {
    let done = 0;
    await runPool(ids, s.concurrency, async (orderId) => {
      const out = await guarded(ctx, orderId, () => client.getLogisticsInfos(orderId));
      deps.onProgress?.({ phase: 'parcels', done: ++done, total: ids.length });
      if (!out.ok) return;
      const parcels = out.value;
      const now = clock.now();
      const order = store.orders.get(orderId);
      store.transaction(() => {
        for (const p of parcels) store.shipments.upsertParcel(orderId, p, now);
        // A finished order is read once more (above) and then left alone.
        const finished = FINISHED_1688_STATUSES.has(order?.status_1688 ?? '');
        const recheck = parcels.length === 0 || order?.status_1688 === 'waitsellersend' ? s.unshippedRecheckMs : s.parcelRecheckMs;
        store.orders.markParcelsChecked(orderId, now, finished ? null : now + recheck);
        if (recomputeOrder(orderId, now)) ctx.changed.add(orderId);
      });
    }, () => stopStarting(ctx));
  }

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
      return store.transaction(() => {
        const results = answers.map((a, i): AnswerResult => {
          current = i;
          return { ok: true, orderId: a.orderId, ...writeAnswer(a, s) };
        });
        current = -1; // what fails from here (the COMMIT) is the batch's, not an order's
        return results;
      });
    } catch (e) {
      if (current < 0 || isStorageFault(e)) throw e;
      failed = { index: current, error: e };
    }
    return store.transaction(() =>
      answers.map((a, i): AnswerResult => {
        if (i === failed.index) return { ok: false, orderId: a.orderId, error: failed.error };
        try {
          return { ok: true, orderId: a.orderId, ...store.transaction(() => writeAnswer(a, s)) };
        } catch (e) {
          if (!store.db.inTransaction || isStorageFault(e)) throw e;
          return { ok: false, orderId: a.orderId, error: e };
        }
      }),
    );
  }

  function writeAnswer(a: TraceAnswer, s: SyncSettings): { newEvents: number; changed: boolean } {
    if ('failure' in a) {
      const { message, permanent } = a.failure;
      const rows = store.shipments.forTraceWrite(a.orderId).parcels;
      for (const d of a.due) {
        const sh = rows.find((r) => r.id === d.id);
        if (!sh) continue; // gone with its order meanwhile: nothing to schedule
        if (permanent) store.shipments.applyPoll({ ...pollFields(sh), next_poll_at: null, done: true, now: a.now }, sh.status);
        store.shipments.recordFailure(sh.id, message, permanent ? a.now : a.now + failureBackoffMs(sh.poll_failures), a.now);
      }
      return { newEvents: 0, changed: false };
    }
    const written = applyTraces(a.orderId, a.due, a.traces, a.now, s);
    if (written.unknownParcel) store.orders.markParcelsDue(a.orderId, a.now);
    return { newEvents: written.newEvents, changed: written.changed };
  }

  /** Writes one order's trace answer: steps, statuses, schedule, hooks. Runs inside the batch's transaction. */
  function applyTraces(orderId: string, due: readonly DueParcel[], traces: ParcelTrace[], now: number, s: SyncSettings) {
    const { order, parcels: shipments } = store.shipments.forTraceWrite(orderId);
    // Each parcel's row as it stands after this write's own updates (so nothing is read back).
    const rows = new Map<number, ShipmentRow>();
    for (const sh of shipments) rows.set(sh.id, sh);
    const open = shipments.filter((sh) => sh.done === 0);
    const writes: ShipmentWrite[] = [];
    let newEvents = 0;
    let unknownParcel = false;
    const matched = new Set<number>();
    for (const trace of traces) {
      const sh = matchShipment(open, trace);
      if (!sh) {
        unknownParcel = unknownParcel || trace.steps.length > 0;
        continue;
      }
      matched.add(sh.id);
      const w = writeShipment(sh, trace.steps, rows, now, s);
      newEvents += w.newEvents;
      writes.push(w);
    }
    // Due parcels the answer did not mention: polled, nothing new. (One gone with its order
    // meanwhile has nothing to write.)
    for (const d of due) {
      const sh = rows.get(d.id);
      if (sh && !matched.has(d.id)) writes.push(writeShipment(sh, [], rows, now, s));
    }
    const changed = writes.some((w) => w.newEvents > 0 || w.before?.status !== w.after.status);
    const orderChanged = order ? recomputeDerived(orderId, order, now, shipments.map((sh) => rows.get(sh.id) as ShipmentRow)) : false;
    deps.hooks?.afterOrderWrite?.(orderId, writes, now);
    return { newEvents, changed: changed || orderChanged, unknownParcel };
  }

  /**
   * Stores a parcel's new steps and updates its status and schedule. Steps already stored are
   * neither classified nor inserted, and the derived fields (newest step, signing time, count)
   * come out exactly as a re-read of events() in its order would give them:
   * - nothing new (the usual poll): SQLite says every step in the answer is stored and the
   *   count is the row's, so the row's newest step and count still stand; no step is read;
   * - otherwise the stored steps are read once and derived from, with the new ones, in memory.
   */
  function writeShipment(sh: ShipmentRow, steps: readonly TraceStep[], rows: Map<number, ShipmentRow>, now: number, s: SyncSettings): ShipmentWrite {
    // The row as it stands (a parcel written twice in one answer: after the first write).
    const current = rows.get(sh.id) ?? sh;
    const statusOf = (newest: DerivedSteps['newest']) =>
      deriveShipmentStatus({
        steps: newest ? [{ at: newest.occurred_at, stage: newest.stage }] : [],
        status1688: sh.status_1688,
        hasBillNo: sh.bill_no !== null,
      });
    const quick = unchangedSteps(current, steps);
    // A first signing takes its time from the stored steps: only the full read has them.
    const firstSigning = quick !== null && sh.delivered_at === null && statusOf(quick.newest) === 'delivered';
    const { newest, count, added, delivered } = quick && !firstSigning ? quick : storeNewSteps(sh.id, steps, now);
    const status = statusOf(newest);
    const lastChangeAt = newest?.occurred_at ?? sh.first_seen_at;
    const delay = nextPollDelayMs(status, Math.max(0, now - lastChangeAt), s.pollIntervals ?? {});
    const update: PollUpdate = {
      id: sh.id,
      status,
      last_event_at: newest?.occurred_at ?? null,
      last_remark: newest?.remark ?? null,
      last_stage: newest?.stage ?? null,
      event_count: count,
      delivered_at: status === 'delivered' ? (sh.delivered_at ?? delivered?.occurred_at ?? now) : null,
      next_poll_at: delay === null ? null : now + delay,
      done: delay === null,
      now,
    };
    store.shipments.applyPoll(update, current.status);
    const after = afterPoll(current, update);
    rows.set(sh.id, after);
    return { before: sh, after, newEvents: added };
  }

  /**
   * The parcel's derived fields as its row holds them, when the answer brings nothing new: no
   * step newer than the row's newest (else something is new, and asking would be wasted), every
   * step stored already, and as many stored as the row counts. Null otherwise.
   */
  function unchangedSteps(row: ShipmentRow, steps: readonly TraceStep[]): DerivedSteps | null {
    const newestAt = row.last_event_at;
    for (const step of steps) if (newestAt === null || step.at > newestAt) return null;
    const count = store.shipments.countIfAllStored(row.id, steps);
    if (count === null || count !== row.event_count || (count === 0) !== (newestAt === null)) return null;
    const newest = newestAt === null ? undefined : { occurred_at: newestAt, remark: row.last_remark as string, stage: row.last_stage as Stage };
    return { newest, count, added: 0, delivered: undefined };
  }

  /** Reads the parcel's stored steps once, stores the new ones, and derives from both. */
  function storeNewSteps(shipmentId: number, steps: readonly TraceStep[], now: number): DerivedSteps {
    const stored = store.shipments.storedSteps(shipmentId);
    const fresh: StoredStep[] = [];
    if (steps.length) {
      const known = stored.length ? keysOf(stored) : null;
      for (const step of steps) {
        if (known && isKnown(known, step.at, step.remark)) continue;
        fresh.push({ occurred_at: step.at, remark: step.remark, stage: classify(step.remark), first_seen_at: now });
      }
    }
    let added = 0;
    let all = stored;
    if (fresh.length) {
      added = store.shipments.insertSteps(shipmentId, fresh, now);
      // Fewer rows than offered (a step repeated within the answer, or text SQLite stores
      // differently): read back what was stored rather than guess which ones.
      all = added === fresh.length && fresh.every((f) => wellFormed(f.remark)) ? stored.concat(fresh) : store.shipments.storedSteps(shipmentId);
    }
    let newest: StoredStep | undefined;
    let delivered: StoredStep | undefined;
    for (const e of all) {
      if (!newest || compareSteps(e, newest) > 0) newest = e;
      if (e.stage === 'delivered' && (!delivered || compareSteps(e, delivered) > 0)) delivered = e;
    }
    return { newest, count: all.length, added, delivered };
  }

  /** Re-derives the order's status and newest step from its parcels. True when it changed. */
  function recomputeOrder(orderId: string, now: number): boolean {
    const order = store.orders.get(orderId);
    if (!order) return false;
    const { status, newest } = derivedOfOrder(order, store.shipments.byOrder(orderId));
    return store.orders.setDerived(orderId, status, newest?.last_event_at ?? null, newest?.last_remark ?? null, now);
  }

  /**
   * recomputeOrder for the trace writer, which has read the order's few fields it needs and has
   * its parcels as they now stand: writes only when something differs (as setDerived's own
   * condition would).
   */
  function recomputeDerived(orderId: string, order: OrderDerivation, now: number, parcels: readonly ShipmentRow[]): boolean {
    const { status, newest } = derivedOfOrder(order, parcels);
    const lastEventAt = newest?.last_event_at ?? null;
    const lastRemark = newest?.last_remark ?? null;
    if (order.status === status && order.last_event_at === lastEventAt && order.last_remark === lastRemark) return false;
    return store.orders.setDerived(orderId, status, lastEventAt, lastRemark, now);
  }

  return {
    runCycle,
    refreshOrder,
    /**
     * Ends the running cycle at the next safe point: calls in flight finish and their results
     * are written (each order's write is one transaction); nothing new starts. For quitting.
     */
    async abort(): Promise<void> {
      aborted = true;
      // What was answered is written now, not when the calls still in flight come back.
      for (const b of openBatches) b.flush();
      await running;
    },
    recomputeOrder,
    /** The cycle under way, if any. */
    get running() {
      return running;
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;

function pollFields(sh: ShipmentRow) {
  return {
    id: sh.id,
    status: sh.status,
    last_event_at: sh.last_event_at,
    last_remark: sh.last_remark,
    last_stage: sh.last_stage,
    event_count: sh.event_count,
    delivered_at: sh.delivered_at,
  };
}

/** A trace belongs to the parcel with its logisticsId, else its waybill, else the only parcel. */
function matchShipment(open: ShipmentRow[], trace: ParcelTrace): ShipmentRow | undefined {
  if (trace.logisticsId) {
    const byId = open.find((sh) => sh.logistics_id === trace.logisticsId);
    if (byId) return byId;
  }
  if (trace.billNo) {
    const byBill = open.find((sh) => sh.bill_no === trace.billNo || sh.previous_bill_no === trace.billNo);
    if (byBill) return byBill;
  }
  if (!trace.logisticsId && !trace.billNo && open.length === 1) return open[0];
  return undefined;
}

/** An order's status and newest parcel step, from its 1688 status, payment and parcels. */
function derivedOfOrder(order: { status_1688: string | null; paid_at: number | null }, parcels: readonly ShipmentRow[]) {
  const status = deriveOrderStatus({
    status1688: order.status_1688,
    paid: order.paid_at !== null,
    shipmentStatuses: parcels.map((sh) => sh.status),
  });
  const newest = parcels.reduce<ShipmentRow | undefined>(
    (a, sh) => (sh.last_event_at !== null && (!a || (a.last_event_at ?? 0) < sh.last_event_at) ? sh : a),
    undefined,
  );
  return { status, newest };
}

/** Stored step keys: time → text (or texts, when several steps share a time). */
function keysOf(stored: readonly StoredStep[]): Map<number, string | string[]> {
  const keys = new Map<number, string | string[]>();
  for (const e of stored) {
    const had = keys.get(e.occurred_at);
    keys.set(e.occurred_at, had === undefined ? e.remark : Array.isArray(had) ? [...had, e.remark] : [had, e.remark]);
  }
  return keys;
}

function isKnown(keys: Map<number, string | string[]>, at: number, remark: string): boolean {
  const had = keys.get(at);
  return had === remark || (Array.isArray(had) && had.includes(remark));
}

/** False for text with a lone surrogate, which SQLite would store as U+FFFD (so it reads back different). */
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** SQLite could not write at all (disk full, I/O, read-only, locked, damaged): not one order's problem. */
function isStorageFault(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|NOMEM|CORRUPT|NOTADB|CANTOPEN|PROTOCOL)/.test(code);
}

/** A parcel whose poll failed is tried again after 5 min, doubling, at most 6 h. */
export function failureBackoffMs(failures: number): number {
  return Math.min(6 * 3600_000, 5 * 60_000 * 2 ** Math.min(failures, 10));
}
