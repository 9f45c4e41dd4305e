// Offline: the core (createTrackerCore, its own scheduler via core.start()) on a clock that runs
// as fast as the scheduler sleeps. The gateway goes away for an hour of that clock — its port
// answers every connection with a reset, and each one is counted — then comes back on the same
// port. The core must keep answering from its database, say it is offline and since when, back
// off instead of storming, and resume by itself when the gateway returns.
import net from 'node:net';
import { createTrackerCore } from '../../../electron/core/api/createCore';
import { startSandboxGateway, type SandboxGateway } from '../../../electron/core/ali1688/sandbox';
import { memorySecretStore, type Clock } from '../../../electron/core/ports';
import type { OrderDetail, SyncStatus } from '../../../shared/contract';
import { removeDir, tempDir, type Figures } from './env';

export interface OfflineOptions {
  orders: number;
  seed: number;
  /** Fake time without a gateway. */
  outageMs: number;
}

export interface OfflineResult {
  figures: Figures;
  problems: string[];
}

/** A clock that moves only when someone sleeps on it: an hour passes in a few real seconds. */
function fastForwardClock(start: number): Clock & { set(t: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += Math.max(0, ms);
      await new Promise((r) => setTimeout(r, 1));
    },
    set: (v) => {
      t = v;
    },
  };
}

/** The gateway's port while it is "unreachable": every connection is reset, and counted. */
async function blackHole(port: number): Promise<{ connections: number[]; close(): Promise<void> }> {
  const connections: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    connections.push(Date.now());
    sockets.add(s);
    s.on('error', () => undefined);
    s.resetAndDestroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runOffline(o: OfflineOptions): Promise<OfflineResult> {
  const problems: string[] = [];
  const startAt = Date.UTC(2026, 9, 1, 4, 0, 0);
  const clock = fastForwardClock(startAt);
  let gw: SandboxGateway = await startSandboxGateway({ seed: o.seed, orders: o.orders, startAt, now: clock.now, qpsCap: 10 });
  const port = Number(new URL(gw.url).port);
  const dataDir = tempDir('offline');
  const core = await createTrackerCore({
    dataDir,
    secrets: memorySecretStore(),
    notifier: { notify: () => undefined },
    clock,
    gatewayUrl: gw.url,
    credentials: { ...gw.credentials },
    env: { TRACKER_QPS: '10' },
    clientTuning: { timeoutMs: 1_000, retry: { baseMs: 5, capMs: 20 } },
  });
  const status = async () => (await core.handle('sync.status', {})) as SyncStatus;
  const until = async (what: string, pred: (s: SyncStatus) => boolean, realMs = 60_000): Promise<SyncStatus> => {
    const deadline = Date.now() + realMs;
    for (;;) {
      const s = await status();
      if (pred(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; status: ${JSON.stringify(s)}`);
      await wait(5);
    }
  };
  let hole: Awaited<ReturnType<typeof blackHole>> | null = null;
  // Every cycle is a sync_runs row stamped with the clock: the scheduler's own are 'schedule'.
  const scheduledStarts = (from: number, to: number) =>
    (
      core.internals.store.db
        .prepare("SELECT started_at AS t FROM sync_runs WHERE trigger = 'schedule' AND started_at >= ? AND started_at < ? ORDER BY id")
        .all(from, to) as { t: number }[]
    ).map((r) => r.t);

  try {
    core.start();
    const first = await until('the first sync', (s) => s.lastRun !== null && s.state === 'idle');
    if (!first.lastRun?.ok) problems.push(`first sync not ok: ${JSON.stringify(first.lastRun)}`);
    const dataAsOf = first.dataAsOf;
    const listBefore = JSON.stringify(await core.handle('orders.list', { limit: 500 }));
    const someOrder = (JSON.parse(listBefore) as { rows: { orderId: string; shipments: unknown[] }[] }).rows.find((r) => r.shipments.length > 0);
    if (!someOrder) throw new Error('no order with a parcel after the first sync');
    // What the clerk reads (statuses, waybills, every step); last_error/next poll may change.
    const facts = (d: OrderDetail) =>
      JSON.stringify({
        status: d.status,
        parcels: d.parcels.map((p) => ({ id: p.logisticsId, bill: p.billNo, status: p.status, events: p.events })),
      });
    const detailBefore = facts((await core.handle('orders.get', { orderId: someOrder.orderId })) as OrderDetail);

    // The gateway goes away; its port resets every connection.
    await gw.close();
    hole = await blackHole(port);
    const outageStart = clock.now();
    // The clerk presses "sync now" as the outage starts: offline at once. The scheduler's next
    // cycles then find nothing due for a while (no call made): that is no news of the gateway.
    const runNow = (await core.handle('sync.runNow', {})) as SyncStatus;
    if (runNow.state !== 'offline') problems.push(`sync.runNow while offline says ${runNow.state}`);
    const offline = await until('the offline state', (s) => s.state === 'offline', 120_000);
    if (!offline.offlineSince) problems.push('offline without offlineSince');
    if (offline.dataAsOf !== dataAsOf) problems.push(`dataAsOf moved while offline: ${offline.dataAsOf} ≠ ${dataAsOf}`);
    if (!offline.message?.includes('无法连接')) problems.push(`offline message: ${offline.message}`);

    // The cache answers while offline, exactly as before.
    if (JSON.stringify(await core.handle('orders.list', { limit: 500 })) !== listBefore) problems.push('orders.list changed while offline');
    if (facts((await core.handle('orders.get', { orderId: someOrder.orderId })) as OrderDetail) !== detailBefore) problems.push('orders.get changed while offline');

    // An hour (or more) of fake time passes; the scheduler alone decides when to try.
    // Sampled all along, as the status bar would show it.
    const statesSeen = new Set<string>();
    // Every offline cycle still spends real time on its failing calls (through the limiter).
    await until(
      'the end of the outage',
      (s) => {
        statesSeen.add(s.state);
        return clock.now() >= outageStart + o.outageMs;
      },
      Math.max(180_000, (o.outageMs / 3600_000) * 40_000),
    );
    const wrong = [...statesSeen].filter((x) => x !== 'offline' && x !== 'syncing');
    if (wrong.length) problems.push(`the status said ${wrong.join(', ')} while the gateway was unreachable`);
    const during = await status();
    if (during.state !== 'offline') problems.push(`state during the outage: ${during.state}`);
    if (during.offlineSince !== offline.offlineSince) problems.push('offlineSince moved during the outage');
    const attempts = hole.connections.length;
    const attemptsSoFar = () => attempts;
    const outageCycles = scheduledStarts(outageStart, clock.now());
    // The backoff is measured from the first cycle that found the gateway gone.
    const firstFailed = (
      core.internals.store.db
        .prepare("SELECT MIN(started_at) AS t FROM sync_runs WHERE trigger = 'schedule' AND calls > 0 AND ok = 0 AND started_at >= ?")
        .get(outageStart) as { t: number | null }
    ).t;
    const backoffCycles = outageCycles.filter((t) => firstFailed !== null && t >= firstFailed);
    // A cycle with nothing due makes no call: it says nothing about the gateway.
    const idleCycles = (
      core.internals.store.db
        .prepare("SELECT COUNT(*) AS n FROM sync_runs WHERE trigger = 'schedule' AND calls = 0 AND started_at >= ? AND started_at < ?")
        .get(outageStart, clock.now()) as { n: number }
    ).n;
    // Each offline cycle stops at its first unreachable call: at most one call per worker
    // (4) with its retries (4 attempts each) — never a call per due order.
    const perCycle = backoffCycles.length ? attemptsSoFar() / backoffCycles.length : 0;
    if (perCycle > 16) problems.push(`${perCycle.toFixed(1)} connection attempts per offline cycle`);
    const gaps = backoffCycles.slice(1).map((t, i) => t - backoffCycles[i]!);
    // Backing off: never closer than 30 s, never shrinking, at most 10 min apart once there.
    for (let i = 0; i < gaps.length; i++) {
      if (gaps[i]! < 30_000) problems.push(`offline cycles ${gaps[i]} ms apart`);
      if (i > 0 && gaps[i]! + 1 < Math.min(gaps[i - 1]!, 600_000)) {
        problems.push(`backoff shrank (${idleCycles} cycles without a call reset it): ${gaps.map((g) => g / 1000).join(' ')} s`);
        break;
      }
    }

    // The clerk asks for a part of the outage's news by hand: a typed answer, not a crash.
    const refresh = await core.handle('shipments.refresh', { orderId: someOrder.orderId }).then(
      () => 'resolved',
      (e: { code?: string }) => e.code ?? 'no code',
    );
    if (refresh !== 'offline') problems.push(`shipments.refresh while offline: ${refresh}`);

    // The gateway returns on the same port; nobody presses anything.
    await hole.close();
    hole = null;
    gw = await startSandboxGateway({ seed: o.seed, orders: o.orders, startAt, now: clock.now, qpsCap: 10, port });
    const backAt = clock.now();
    const back = await until('sync to resume', (s) => s.state === 'idle' && s.lastRun?.ok === true && s.dataAsOf !== dataAsOf, 120_000);
    if (back.offlineSince !== null) problems.push('offlineSince still set after recovery');
    const resumedAfterMs = (back.dataAsOf ? Date.parse(back.dataAsOf) : 0) - backAt;
    if (resumedAfterMs > 600_000 + 60_000) problems.push(`resumed ${resumedAfterMs} ms after the gateway came back`);
    const detailAfter = (await core.handle('orders.get', { orderId: someOrder.orderId })) as OrderDetail;
    if (detailAfter.orderId !== someOrder.orderId) problems.push('orders.get after recovery');

    return {
      problems,
      figures: {
        orders: o.orders,
        outageMinutes: Math.round((o.outageMs / 60_000) * 10) / 10,
        offlineCycles: outageCycles.length,
        offlineCyclesWithoutCalls: idleCycles,
        cycleGapsSeconds: gaps.map((g) => Math.round(g / 1000)).join(' '),
        connectionAttemptsDuringOutage: attempts,
        attemptsPerOfflineCycle: outageCycles.length ? Math.round((attempts / outageCycles.length) * 10) / 10 : 0,
        resumedSecondsAfterReturn: Math.round(resumedAfterMs / 1000),
        statesSeenDuringOutage: [...statesSeen].join(' '),
        stateAfter: back.state,
      },
    };
  } finally {
    await core.stop();
    await hole?.close();
    await gw.close();
    removeDir(dataDir);
  }
}
