// Runs in: main process / headless Node.
// One sync cycle: discover orders, read parcels of orders that changed, poll due traces (one
// call per order), and write each order's result atomically (trace answers in batches of orders,
// one transaction per batch) so a crash mid-sync loses nothing and repeats nothing. Every
// gateway call goes through the client, hence the one limiter.
import { createDiscovery, STATE_DISCOVERY_RAN_AT } from './discovery';
import { createGatewayCalls, newCycleContext } from './gatewayCalls';
import { createOrderDerivation } from './orderDerivation';
import { createParcelRefresh } from './parcelRefresh';
import { createPushRefresh, type PushHint } from './pushRefresh';
import { createTracePolling } from './tracePolling';
import { createTraceWriter } from './traceWriter';
import { DEFAULT_SYNC_SETTINGS, stretchedMs, type CycleContext, type RunOptions, type SyncEngineDeps, type SyncResult, type SyncRuntime, type SyncSettings } from './types';
import { classifyRemark, classifyRemarkWithEvidence } from '../tracking/classifyRemark';

export * from './types';
export type { PushHint } from './pushRefresh';
export { TRACE_BATCH_ORDERS, TRACE_BATCH_MS, failureBackoffMs } from './tracePolling';

export function createSyncEngine(deps: SyncEngineDeps) {
  const { store, client, clock, logger } = deps;
  let running: Promise<SyncResult> | null = null;
  let aborted = false;
  const rt: SyncRuntime = {
    deps,
    store,
    client,
    clock,
    logger,
    classify: deps.classify ?? classifyRemark,
    explain: deps.explain ?? classifyRemarkWithEvidence,
    settings: (): SyncSettings => ({ ...DEFAULT_SYNC_SETTINGS, ...(deps.settings?.() ?? {}) }),
    aborted: () => aborted,
  };
  const settings = rt.settings;
  const calls = createGatewayCalls(rt);
  const { stopStarting } = calls;
  const derivation = createOrderDerivation(store);
  const { recomputeOrder } = derivation;
  const { discoverOrders, fetchDetails } = createDiscovery(rt, calls, derivation);
  const writer = createTraceWriter(rt, derivation);
  const { readParcels } = createParcelRefresh(rt, calls, derivation, writer);
  const tracePolling = createTracePolling(rt, calls, writer);
  const { pollTraces } = tracePolling;
  const { refreshHinted } = createPushRefresh(rt, { fetchDetails, readParcels, pollTraces, stopStarting });

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
      // While pushes arrive, new and changed orders are announced: the order list is read less often.
      const stretch = deps.pollStretch?.() ?? null;
      const discoveryEvery = stretchedMs(s.discoveryIntervalMs, stretch?.discovery);
      if (discover === 'force' || (discover === 'auto' && (lastRan === undefined || now - lastRan >= discoveryEvery))) {
        await discoverOrders(ctx, s);
      }
      const go = () => !stopStarting(ctx);
      const parcelList = stretch?.parcelList ? { ...stretch.parcelList, scheduledMs: [s.unshippedRecheckMs, s.parcelRecheckMs] } : null;
      if (go()) await fetchDetails(ctx, s, store.orders.needingDetail(10_000));
      if (go()) await readParcels(ctx, s, store.orders.needingParcelCheck(clock.now(), 100_000, parcelList));
      if (go()) await pollTraces(ctx, s, store.shipments.dueParcels(clock.now(), 1_000_000, opts.all ?? false, stretch));
      await askWitness(ctx, s);
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
      await askWitness(ctx, s);
    });
  }

  /**
   * A doubtful signing in this cycle's answers is not believed on the text alone: 1688's parcel
   * status is read for its order now (one getLogisticsInfos per order), and the parcels judged again.
   */
  async function askWitness(ctx: CycleContext, s: SyncSettings) {
    const ids = [...ctx.witnessWanted];
    ctx.witnessWanted.clear();
    if (ids.length && !stopStarting(ctx)) await readParcels(ctx, s, ids);
  }

  /** What push messages asked for (coalesced per order): one recorded run, one call per order first. */
  async function refreshPushed(hints: readonly PushHint[]): Promise<SyncResult> {
    const s = settings();
    return withCycle('push', async (ctx) => {
      await refreshHinted(ctx, s, hints);
      await askWitness(ctx, s);
    });
  }

  /** Runs `body` as one recorded sync run, and sums up what it did. */
  async function withCycle(trigger: string, body: (ctx: CycleContext) => Promise<void>): Promise<SyncResult> {
    const startedAt = clock.now();
    const realStart = Date.now();
    const statsBefore = client.stats();
    const runId = store.syncRuns.start(startedAt, trigger);
    const ctx: CycleContext = newCycleContext();
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

  return {
    runCycle,
    refreshOrder,
    refreshPushed,
    /**
     * Ends the running cycle at the next safe point: calls in flight finish and their results
     * are written (each order's write is one transaction); nothing new starts. For quitting.
     */
    async abort(): Promise<void> {
      aborted = true;
      // What was answered is written now, not when the calls still in flight come back.
      tracePolling.flushAll();
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
