// Runs in: main process / headless Node.
// One sync cycle: discover orders, read parcels of orders that changed, poll due traces (one
// call per order), and write each order's result in ONE transaction so a crash mid-sync loses
// nothing and repeats nothing. Every gateway call goes through the client, hence the one limiter.
import type { Stage } from '../../../shared/domain';
import type { Ali1688Client } from '../ali1688/client';
import { GatewayError } from '../ali1688/errors';
import type { OrderInfo, ParcelTrace } from '../ali1688/schemas';
import type { Clock, Logger } from '../ports';
import type { Store } from '../store';
import type { ShipmentRow } from '../store/shipments';
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

/** Called inside the write transaction of each order (alerts, notification ledger, ERP outbox). */
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

const STATE_DISCOVERY_CURSOR = 'discovery.cursor';
const STATE_DISCOVERY_RAN_AT = 'discovery.ranAt';

export function createSyncEngine(deps: SyncEngineDeps) {
  const { store, client, clock, logger } = deps;
  const classify = deps.classify ?? classifyRemark;
  const settings = (): SyncSettings => ({ ...DEFAULT_SYNC_SETTINGS, ...(deps.settings?.() ?? {}) });
  let running: Promise<SyncResult> | null = null;
  let aborted = false;

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
      if (go()) await pollTraces(ctx, s, store.shipments.due(clock.now(), 1_000_000, opts.all ?? false));
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

  async function pollTraces(ctx: CycleContext, s: SyncSettings, due: ShipmentRow[]) {
    const byOrder = new Map<string, ShipmentRow[]>();
    for (const sh of due) byOrder.set(sh.order_id, [...(byOrder.get(sh.order_id) ?? []), sh]);
    const orderIds = [...byOrder.keys()];
    let done = 0;
    await runPool(orderIds, s.concurrency, async (orderId) => {
      const dueHere = byOrder.get(orderId) ?? [];
      const out = await guarded(ctx, orderId, () => client.getLogisticsTraceInfo(orderId));
      deps.onProgress?.({ phase: 'traces', done: ++done, total: orderIds.length });
      const now = clock.now();
      if (!out.ok) {
        const { code, message } = out.error;
        // An order too old for traces, or not the buyer's, will never answer: stop polling it.
        const permanent = code === 'too_old' || code === 'no_permission';
        store.transaction(() => {
          for (const sh of dueHere) {
            if (permanent) store.shipments.applyPoll({ ...pollFields(sh), next_poll_at: null, done: true, now });
            store.shipments.recordFailure(sh.id, message, permanent ? now : now + failureBackoffMs(sh.poll_failures), now);
          }
        });
        return;
      }
      const traces = out.value;
      ctx.shipmentsPolled += dueHere.length;
      const written = applyTraces(orderId, dueHere, traces, now, s);
      ctx.newEvents += written.newEvents;
      if (written.changed) ctx.changed.add(orderId);
      if (written.unknownParcel) store.orders.markParcelsDue(orderId, now);
    }, () => stopStarting(ctx));
  }

  /** Writes one order's trace answer: steps, statuses, schedule, hooks — in one transaction. */
  function applyTraces(orderId: string, due: ShipmentRow[], traces: ParcelTrace[], now: number, s: SyncSettings) {
    return store.transaction(() => {
      const shipments = store.shipments.byOrder(orderId);
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
        let added = 0;
        for (const step of trace.steps) {
          if (store.shipments.insertEvent(sh.id, step.at, step.remark, classify(step.remark), now)) added++;
        }
        newEvents += added;
        writes.push(writeShipment(sh, added, now, s));
      }
      // Due parcels the answer did not mention: polled, nothing new.
      for (const sh of due) if (!matched.has(sh.id)) writes.push(writeShipment(sh, 0, now, s));
      const changed = writes.some((w) => w.newEvents > 0 || w.before?.status !== w.after.status);
      const orderChanged = recomputeOrder(orderId, now);
      deps.hooks?.afterOrderWrite?.(orderId, writes, now);
      return { newEvents, changed: changed || orderChanged, unknownParcel };
    });
  }

  function writeShipment(sh: ShipmentRow, added: number, now: number, s: SyncSettings): ShipmentWrite {
    const events = store.shipments.events(sh.id);
    const steps = events.map((e) => ({ at: e.occurred_at, stage: e.stage }));
    const status = deriveShipmentStatus({ steps, status1688: sh.status_1688, hasBillNo: sh.bill_no !== null });
    const newest = events.reduce<(typeof events)[number] | undefined>((a, e) => (!a || e.occurred_at >= a.occurred_at ? e : a), undefined);
    const deliveredStep = [...events].reverse().find((e) => e.stage === 'delivered');
    const lastChangeAt = newest?.occurred_at ?? sh.first_seen_at;
    const delay = nextPollDelayMs(status, Math.max(0, now - lastChangeAt), s.pollIntervals ?? {});
    store.shipments.applyPoll({
      id: sh.id,
      status,
      last_event_at: newest?.occurred_at ?? null,
      last_remark: newest?.remark ?? null,
      last_stage: newest?.stage ?? null,
      event_count: events.length,
      delivered_at: status === 'delivered' ? (sh.delivered_at ?? deliveredStep?.occurred_at ?? now) : null,
      next_poll_at: delay === null ? null : now + delay,
      done: delay === null,
      now,
    });
    return { before: sh, after: store.shipments.get(sh.id) as ShipmentRow, newEvents: added };
  }

  /** Re-derives the order's status and newest step from its parcels. True when it changed. */
  function recomputeOrder(orderId: string, now: number): boolean {
    const order = store.orders.get(orderId);
    if (!order) return false;
    const shipments = store.shipments.byOrder(orderId);
    const status = deriveOrderStatus({
      status1688: order.status_1688,
      paid: order.paid_at !== null,
      shipmentStatuses: shipments.map((sh) => sh.status),
    });
    const newest = shipments.reduce<ShipmentRow | undefined>(
      (a, sh) => (sh.last_event_at !== null && (!a || (a.last_event_at ?? 0) < sh.last_event_at) ? sh : a),
      undefined,
    );
    return store.orders.setDerived(orderId, status, newest?.last_event_at ?? null, newest?.last_remark ?? null, now);
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

/** A parcel whose poll failed is tried again after 5 min, doubling, at most 6 h. */
export function failureBackoffMs(failures: number): number {
  return Math.min(6 * 3600_000, 5 * 60_000 * 2 ** Math.min(failures, 10));
}
