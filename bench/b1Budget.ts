// B1: one full trace cycle of the app, as wired by createTrackerCore (limiter at the app's max of
// 10 QPS, default concurrency, default retries, the alert hooks), against the sandbox gateway with
// 100 ms ± 20% latency and a QPS cap of Q = 10. B1b: the tutorial loop on the first orders of the
// same cycle, against the same gateway, in the same run.
//
// Discovery and parcel reading are set-up, not what is measured: they run first through a second
// engine on the same store, against a twin gateway (same seed, same world, same credentials) with
// no latency and no cap, and that engine is stopped (engine.abort) as its last parcel answer is
// written, so no trace has been read yet. The measured cycle then polls every shipped parcel.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Credentials } from '../electron/core/ali1688/client';
import { createAli1688Client } from '../electron/core/ali1688/client';
import { startSandboxGateway, type SandboxGateway } from '../electron/core/ali1688/sandbox';
import { createTrackerCore } from '../electron/core/api/createCore';
import { memorySecretStore, silentLogger, type Clock } from '../electron/core/ports';
import { createRateLimiter } from '../electron/core/sync/rateLimiter';
import type { Store } from '../electron/core/store';
import { createSyncEngine, type SyncEngine } from '../electron/core/sync/syncEngine';
import { atLeast, atMost, figure, log, ms, now, removeDir, tempDir, withBaseline, type Figure, type Scale } from './lib';
import { naiveLoop } from './naiveClient';

const Q = 10;
const SEED = 1688;
const DAY = 24 * 3600_000;
const START_AT = Date.UTC(2026, 9, 1, 4, 0, 0);
/**
 * Ten days into the world's 30 days of orders: most orders that exist are recent, so most shipped
 * parcels are still moving. With seed 1688, 5,200 orders give 1,012 shipped orders and 1,218
 * parcels then (300 give 52 and 65 for --quick).
 */
const WORLD_TIME = START_AT - 20 * DAY;

export async function runB1(scale: Scale): Promise<Figure[]> {
  const worldOrders = scale.quick ? 300 : 5_200;
  const naiveOrders = scale.quick ? 5 : 100;
  // World time stands still during the cycle (it lasts ~100 s of real time); the rate limiter uses real time.
  const clock: Clock = { now: () => WORLD_TIME, sleep: (t) => new Promise((r) => setTimeout(r, t)) };
  const world = { seed: SEED, orders: worldOrders, startAt: START_AT, now: clock.now };
  const dir = tempDir('b1');
  const gateways: SandboxGateway[] = [];
  try {
    const setupGw = await startSandboxGateway({ ...world, qpsCap: 1_000_000 });
    gateways.push(setupGw);
    const gw = await startSandboxGateway({ ...world, qpsCap: Q, faults: { latencyMs: 100, latencyJitter: 0.2 } });
    gateways.push(gw);
    const creds: Credentials = { ...gw.credentials };
    if (creds.accessToken !== setupGw.credentials.accessToken) throw new Error('twin gateways issued different tokens');

    const core = await createTrackerCore({
      dataDir: dir,
      secrets: memorySecretStore(),
      notifier: { notify: () => undefined },
      logger: silentLogger,
      clock,
      gatewayUrl: gw.url,
      credentials: creds,
      env: { TRACKER_QPS: String(Q) },
    });
    try {
      const store = core.internals.store;
      const t0 = now();
      await setUp(store, setupGw, creds, clock);
      const open = store.shipments.due(clock.now(), 1_000_000, true);
      const orderIds = [...new Set(open.map((s) => s.order_id))];
      log(`B1: set-up (discovery, details, parcels at no latency) in ${(ms(t0) / 1000).toFixed(1)} s: ${orderIds.length} shipped orders, ${open.length} parcels to trace`);

      // Event-loop stalls delay a request between the limiter's start and its arrival: logged to read a QoS answer by.
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const r = await core.internals.engine.runCycle({ all: true, discover: 'skip', trigger: 'bench' });
      loop.disable();
      const calls = gw.log.length;
      const qos = gw.log.filter((e) => e.errorCode === 'gw.QosAppFrequencyLimit').length;
      const maxArrivals = gw.maxArrivalsInAnyWindow(1000);
      const wallS = r.durationMs / 1000;
      log(
        `B1: cycle ${wallS.toFixed(1)} s, ${calls} calls (client counted ${r.calls}, ${r.retries} retries, ${r.errors.length} errors), ` +
          `${r.shipments} parcels polled, busiest second ${maxArrivals} arrivals, ${qos} QoS answers; ` +
          `shortest span of ${Q + 1} consecutive arrivals ${shortestSpan(gw.log.map((e) => e.at), Q)} ms; ` +
          `event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`,
      );
      if (r.shipments !== open.length) throw new Error(`B1: the cycle polled ${r.shipments} of ${open.length} parcels`);

      // B1b on the first orders the cycle polled, after it, on the same gateway.
      const naiveIds = orderIds.slice(0, naiveOrders);
      const logFrom = gw.log.length;
      const tn = now();
      const naive = await naiveLoop(gw.url, creds, naiveIds);
      const naiveMs = ms(tn);
      const naiveCalls = gw.log.length - logFrom;
      log(`B1b: tutorial loop over ${naiveIds.length} orders: ${(naiveMs / 1000).toFixed(1)} s, ${naiveCalls} calls, ${naive.failed} failed answers`);

      const ours = {
        msPerOrder: figure('B1.msPerOrder', r.durationMs / orderIds.length, 'ms/order', null),
        callsPerOrder: figure('B1.callsPerOpenOrder', calls / orderIds.length, 'calls/order', atMost(1.0)),
      };
      const base = {
        msPerOrder: figure('B1b.msPerOrder', naiveMs / naiveIds.length, 'ms/order', null),
        callsPerOrder: figure('B1b.callsPerOrder', naiveCalls / naiveIds.length, 'calls/order', null),
      };
      const msVsNaive = withBaseline(ours.msPerOrder, base.msPerOrder);
      const callsVsNaive = withBaseline(ours.callsPerOrder, base.callsPerOrder);
      return [
        figure('B1.budgetUse', calls / wallS / Q, '× Q', atLeast(0.9)),
        figure('B1.callsOverCap', Math.max(0, maxArrivals - Q), 'calls', atMost(0)),
        figure('B1.qosAnswers', qos, 'answers', atMost(0)),
        callsVsNaive,
        figure('B1.openOrders', orderIds.length, 'orders', null),
        figure('B1.parcels', open.length, 'parcels', null),
        figure('B1.cycleSeconds', wallS, 's', null),
        msVsNaive,
        base.msPerOrder,
        base.callsPerOrder,
        figure('B1b.speedup', msVsNaive.baseline ? 1 / msVsNaive.baseline.ratio : null, '× faster', atLeast(5)),
        figure('B1b.callsRatio', callsVsNaive.baseline?.ratio ?? null, '× calls', atMost(0.5)),
      ];
    } finally {
      await core.stop();
    }
  } finally {
    for (const g of gateways) await g.close();
    removeDir(dir);
  }
}

/** Discovery, order details and parcel lists through a fast twin gateway; stops before traces. */
async function setUp(store: Store, gw: SandboxGateway, creds: Credentials, clock: Clock) {
  const client = createAli1688Client({
    gatewayUrl: gw.url,
    limiter: createRateLimiter({ qps: 2_000, ceilingQps: 2_000, maxInFlight: 16 }),
    credentials: { get: async () => creds, saveTokens: async () => undefined },
  });
  let engine: SyncEngine | null = null;
  engine = createSyncEngine({
    store,
    client,
    clock,
    logger: silentLogger,
    settings: () => ({ concurrency: 16 }),
    // The last parcel answer is written right after this call: stop there, before any trace.
    onProgress: (p) => {
      if (p.phase === 'parcels' && p.done === p.total) void engine?.abort();
    },
  });
  const r = await engine.runCycle({ discover: 'force', trigger: 'bench-setup' });
  if (r.errors.length) throw new Error(`B1 set-up failed: ${JSON.stringify(r.errors.slice(0, 3))}`);
  const steps = (store.db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
  if (steps !== 0) throw new Error(`B1 set-up read ${steps} trace steps: it should stop before traces`);
}

/** The shortest time in which `n + 1` consecutive arrivals came in (under 1,000 ms: over a cap of n). */
function shortestSpan(arrivals: number[], n: number): number {
  const at = [...arrivals].sort((a, b) => a - b);
  let best = Infinity;
  for (let i = n; i < at.length; i++) best = Math.min(best, (at[i] as number) - (at[i - n] as number));
  return best;
}
