// Chaos sync: the real engine, client and rate limiter (test-scaled timeouts, backoff and QoS
// pauses) against a sandbox gateway that fails 10% with 5xx pages, 5% with QoS answers, holds 5%
// forever, garbles 2% of bodies, expires the access token every 100 calls and jitters latency.
// Synced until the world is finished, the database must equal the gateway's truth.
import { createTrackerEvents } from '../../../electron/core/api/types';
import { createAli1688Client, type CallInfo, type Credentials } from '../../../electron/core/ali1688/client';
import { startSandboxGateway, type SandboxFaults } from '../../../electron/core/ali1688/sandbox';
import type { Logger } from '../../../electron/core/ports';
import { DEFAULT_SETTINGS } from '../../../electron/core/settings';
import { openStore } from '../../../electron/core/store';
import { createRateLimiter } from '../../../electron/core/sync/rateLimiter';
import { createSyncEngine } from '../../../electron/core/sync/syncEngine';
import { createAlertService } from '../../../electron/core/tracking/alertService';
import { createDeliveryEstimator } from '../../../electron/core/tracking/estimator';
import { DAY, differencesFromTruth, manualClock, openOrdersAt, type Rig } from '../../helpers/sandboxRig';
import { removeDir, tempDir, type Figures } from './env';

export const CHAOS_FAULTS: SandboxFaults = {
  error5xxRate: 0.1,
  qosRate: 0.05,
  timeoutRate: 0.05,
  malformedRate: 0.02,
  tokenExpiryEveryNCalls: 100,
  latencyMs: 8,
  latencyJitter: 0.9,
};

export interface ChaosSyncOptions {
  orders: number;
  seed: number;
  /** The limiter's rate and the gateway's cap alike: any sliding second over it is a violation. */
  qps: number;
  /** Cycles with the world clock moving on; at least enough to reach the end of the world. */
  cycles: number;
  /** Per attempt; a held request costs this much. */
  timeoutMs?: number;
  /** heapUsed after a forced GC at these cycles (needs --expose-gc). */
  heapAt?: number[];
  faults?: SandboxFaults;
}

export interface ChaosSyncResult {
  figures: Figures;
  problems: string[];
  heap: Map<number, number>;
}

const API_SHORT = (api: string) => api.split('/').pop()?.replace(/^alibaba\.(trade\.|logistics\.)?/, '') ?? api;

export async function runChaosSync(o: ChaosSyncOptions): Promise<ChaosSyncResult> {
  const problems: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);

  const startAt = Date.UTC(2026, 9, 1, 4, 0, 0);
  const clock = manualClock(startAt);
  const gw = await startSandboxGateway({
    seed: o.seed,
    orders: o.orders,
    startAt,
    now: clock.now,
    qpsCap: o.qps,
    faults: o.faults ?? CHAOS_FAULTS,
  });
  const dir = tempDir('sync');
  const store = openStore(dir);
  const creds: Credentials = { ...gw.credentials };
  // The production limiter with its pauses scaled down (2 s → 40 ms): same algorithm, test speed.
  const limiter = createRateLimiter({
    qps: o.qps,
    ceilingQps: o.qps,
    maxInFlight: 8,
    pauseMs: 40,
    maxPauseMs: 320,
    escalationWindowMs: 400,
    recoveryStepMs: 150,
    minQps: Math.max(1, o.qps / 8),
  });
  const attempts = new Map<number, number>();
  const failedCalls = new Map<string, number>();
  const client = createAli1688Client({
    gatewayUrl: gw.url,
    limiter,
    credentials: {
      get: async () => creds,
      saveTokens: async (g) => {
        creds.accessToken = g.accessToken;
        creds.refreshToken = g.refreshToken ?? creds.refreshToken;
      },
    },
    timeoutMs: o.timeoutMs ?? 250,
    retry: { baseMs: 10, capMs: 80 },
    onCall: (c: CallInfo) => {
      attempts.set(c.attempt, (attempts.get(c.attempt) ?? 0) + 1);
      if (!c.ok) failedCalls.set(c.errorKind ?? '?', (failedCalls.get(c.errorKind ?? '?') ?? 0) + 1);
    },
  });
  const logs = { warn: 0, error: 0, errors: [] as string[] };
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => void logs.warn++,
    error: (msg, fields) => {
      logs.error++;
      if (logs.errors.length < 5) logs.errors.push(`${msg} ${JSON.stringify(fields ?? {}).slice(0, 200)}`);
    },
  };
  const estimator = createDeliveryEstimator(store, () => 5);
  const notified: string[] = [];
  const alerts = createAlertService({
    store,
    estimator,
    notifier: { notify: (n) => notified.push(`${n.kind}|${n.body}`) },
    clock,
    logger,
    settings: () => DEFAULT_SETTINGS,
    events: createTrackerEvents(),
  });
  const engine = createSyncEngine({ store, client, clock, logger, settings: () => ({ concurrency: 8 }), hooks: alerts.syncHooks });
  const rig: Rig = {
    gw,
    store,
    client,
    engine,
    limiter,
    clock,
    creds,
    dir,
    close: async () => undefined,
  };

  const heap = new Map<number, number>();
  const gc = (globalThis as { gc?: () => void }).gc;
  const t0 = clock.now();
  const end = gw.world.finishedAt() + DAY;
  const step = Math.max(3600_000, Math.ceil((end - t0) / Math.max(1, Math.min(o.cycles, 45) - 1)));
  const openAtStart = openOrdersAt(rig, t0);
  let maxArrivals = 0;
  const gwCounts = { requests: 0, status5xx: 0, qos: 0, held: 0, malformed: 0, unauthorized401: 0, tokenCalls: 0 };
  const perApi = new Map<string, number>();
  const tally = () => {
    maxArrivals = Math.max(maxArrivals, gw.maxArrivalsInAnyWindow(1000));
    for (const l of gw.log) {
      gwCounts.requests++;
      perApi.set(API_SHORT(l.api), (perApi.get(API_SHORT(l.api)) ?? 0) + 1);
      if (l.errorCode === 'fault.5xx') gwCounts.status5xx++;
      else if (l.errorCode === 'gw.QosAppFrequencyLimit') gwCounts.qos++;
      else if (l.errorCode === 'fault.timeout') gwCounts.held++;
      else if (l.errorCode === 'fault.malformed') gwCounts.malformed++;
      else if (l.errorCode === '401') gwCounts.unauthorized401++;
      if (l.api.includes('getToken')) gwCounts.tokenCalls++;
    }
    // The log is the harness's, not the app's: emptied per cycle so the heap figure is the app's.
    gw.log.length = 0;
  };

  const started = Date.now();
  let cycleErrors = 0;
  let cycles = 0;
  let convergeCycles = 0;
  try {
    for (let c = 1; c <= o.cycles; c++) {
      clock.set(Math.min(end, t0 + (c - 1) * step));
      const r = await engine.runCycle({ trigger: 'chaos' });
      alerts.tick(clock.now());
      cycles++;
      cycleErrors += r.errors.length;
      if (r.unauthorized) problems.push(`cycle ${c}: unauthorized (token refresh failed under chaos)`);
      tally();
      if (o.heapAt?.includes(c) && gc) {
        gc();
        gc();
        heap.set(c, process.memoryUsage().heapUsed);
      }
    }
    // The world is finished: sync until nothing differs (each pass still under every fault).
    clock.set(end);
    let diffs = differencesFromTruth(rig, end);
    while (diffs.length > 0 && convergeCycles < 8) {
      await engine.runCycle({ trigger: 'chaos', all: true, discover: 'force' });
      convergeCycles++;
      tally();
      diffs = differencesFromTruth(rig, end);
    }
    if (diffs.length) problems.push(`not converged after ${convergeCycles} extra cycles: ${diffs.slice(0, 5).join('; ')}`);

    const stored = new Set((store.db.prepare('SELECT id FROM orders').all() as { id: string }[]).map((r) => r.id));
    const missing = openAtStart.filter((id) => !stored.has(id));
    if (missing.length) problems.push(`${missing.length} open orders never discovered: ${missing.slice(0, 3).join(', ')}`);
    const dupSteps = store.db
      .prepare('SELECT COUNT(*) AS n FROM (SELECT shipment_id, occurred_at, remark FROM trace_events GROUP BY 1, 2, 3 HAVING COUNT(*) > 1)')
      .get() as { n: number };
    if (dupSteps.n) problems.push(`${dupSteps.n} doubled steps`);
    const dupAlerts = store.db
      .prepare('SELECT COUNT(*) AS n FROM (SELECT subject, rule FROM alerts WHERE resolved_at IS NULL GROUP BY 1, 2 HAVING COUNT(*) > 1)')
      .get() as { n: number };
    if (dupAlerts.n) problems.push(`${dupAlerts.n} doubled open alerts`);
    const bodies = notified.filter((n) => !n.startsWith('summary|'));
    if (new Set(bodies).size !== bodies.length) problems.push('a notification was shown twice');
    if (maxArrivals > o.qps) problems.push(`${maxArrivals} gateway arrivals in one second (cap ${o.qps})`);
    const stats = client.stats();
    // Bounded: at most 3 retries per logical call (the 401 repair is not a retry).
    const logical = stats.calls - stats.retries;
    if (stats.retries > 3 * logical) problems.push(`retries ${stats.retries} > 3 × ${logical} calls`);
    const maxAttempt = Math.max(...attempts.keys());
    if (maxAttempt > 5) problems.push(`a call took ${maxAttempt} attempts (4 + one 401 repair at most)`);
    if (unhandled.length) problems.push(`${unhandled.length} unhandled rejections: ${String(unhandled[0])}`);
    const integrity = store.db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const truthSteps = gw.world.truthAt(end).reduce((n, t) => n + t.parcels.reduce((m, p) => m + p.steps.length, 0), 0);
    const dbSteps = (store.db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
    const trackedTruthSteps = (store.db.prepare('SELECT id FROM orders').all() as { id: string }[])
      .map((r) => gw.world.orderTruthAt(r.id, end))
      .reduce((n, t) => n + (t?.parcels.reduce((m, p) => m + p.steps.length, 0) ?? 0), 0);
    if (dbSteps !== trackedTruthSteps) problems.push(`steps in the database ${dbSteps} ≠ truth ${trackedTruthSteps}`);

    return {
      problems,
      heap,
      figures: {
        orders: o.orders,
        ordersTracked: stored.size,
        cycles,
        convergeCycles,
        worldDays: Math.round((end - t0) / DAY),
        requests: gwCounts.requests,
        injected5xx: gwCounts.status5xx,
        qosAnswers: gwCounts.qos,
        heldTimeouts: gwCounts.held,
        malformedBodies: gwCounts.malformed,
        unauthorized401: gwCounts.unauthorized401,
        tokenRefreshCalls: gwCounts.tokenCalls,
        clientCalls: stats.calls,
        clientRetries: stats.retries,
        clientRefreshes: stats.refreshes,
        callsFailedAfterRetries: stats.errors,
        maxAttemptsOneCall: maxAttempt,
        attemptsHistogram: [...attempts.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' '),
        cycleErrors,
        maxArrivalsPerSecond: maxArrivals,
        qpsCap: o.qps,
        stepsInDb: dbSteps,
        stepsInTruthOfTrackedOrders: trackedTruthSteps,
        stepsInWholeWorld: truthSteps,
        differencesFromTruth: diffs.length,
        doubledSteps: dupSteps.n,
        unhandledRejections: unhandled.length,
        loggedErrors: logs.error,
        firstLoggedError: logs.errors[0] ?? '',
        notifications: notified.length,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      },
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    store.close();
    await gw.close();
    removeDir(dir);
  }
}
