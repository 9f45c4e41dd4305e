// A real sandbox gateway on 127.0.0.1, a real SQLite file, the real client and sync engine,
// and one manual world clock shared by the gateway and the engine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAli1688Client, type Ali1688Client, type Credentials } from '../../electron/core/ali1688/client';
import { startSandboxGateway, type SandboxFaults, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { silentLogger, type Clock } from '../../electron/core/ports';
import { openStore, type Store } from '../../electron/core/store';
import { createRateLimiter, type RateLimiter } from '../../electron/core/sync/rateLimiter';
import { createSyncEngine, type SyncEngine, type SyncHooks, type SyncSettings } from '../../electron/core/sync/syncEngine';

export interface ManualClock extends Clock {
  set(t: number): void;
  advance(ms: number): void;
}

export function manualClock(start: number): ManualClock {
  let t = start;
  return {
    now: () => t,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))),
    set: (v) => {
      t = v;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface RigOptions {
  orders?: number;
  seed?: number;
  qps?: number;
  qpsCap?: number;
  faults?: SandboxFaults;
  timeoutMs?: number;
  hooks?: SyncHooks;
  accessTokenTtlMs?: number;
  /** Sync settings beyond the rig's (concurrency 8). */
  syncSettings?: Partial<SyncSettings>;
  /** Share of parcels on second-witness journeys (new phrasings, 1688 status moving while the text lags). */
  witnessJourneys?: number;
}

export interface Rig {
  gw: SandboxGateway;
  store: Store;
  client: Ali1688Client;
  engine: SyncEngine;
  limiter: RateLimiter;
  clock: ManualClock;
  creds: Credentials;
  dir: string;
  close(): Promise<void>;
}

export const DAY = 24 * 3600_000;

export async function startRig(opts: RigOptions = {}): Promise<Rig> {
  const startAt = Date.UTC(2026, 9, 1, 4, 0, 0);
  const clock = manualClock(startAt);
  const qps = opts.qps ?? 200;
  const gw = await startSandboxGateway({
    seed: opts.seed ?? 7,
    orders: opts.orders ?? 200,
    startAt,
    now: clock.now,
    qpsCap: opts.qpsCap ?? qps,
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.accessTokenTtlMs ? { accessTokenTtlMs: opts.accessTokenTtlMs } : {}),
    ...(opts.witnessJourneys ? { witnessJourneys: opts.witnessJourneys } : {}),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-rig-'));
  const store = openStore(dir);
  const creds: Credentials = { ...gw.credentials };
  const limiter = createRateLimiter({ qps, ceilingQps: Math.max(10, qps), maxInFlight: 8 });
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
    timeoutMs: opts.timeoutMs ?? 5_000,
    retry: { baseMs: 5, capMs: 50 },
  });
  const engine = createSyncEngine({ store, client, clock, logger: silentLogger, settings: () => ({ concurrency: 8, ...opts.syncSettings }), ...(opts.hooks ? { hooks: opts.hooks } : {}) });
  return {
    gw,
    store,
    client,
    engine,
    limiter,
    clock,
    creds,
    dir,
    async close() {
      store.close();
      await gw.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A rig synced twice, `daysApart` apart: some parcels delivered (history for the estimates and the
 * scorecard), many still on their way. The desk's tests start from it.
 */
export async function startSyncedRig(opts: RigOptions, daysApart: number): Promise<Rig> {
  const rig = await startRig(opts);
  await rig.engine.runCycle({ trigger: 'test' });
  rig.clock.advance(daysApart * DAY);
  await rig.engine.runCycle({ trigger: 'test' });
  return rig;
}

/** Every difference between what the database holds and the gateway's truth at `t`. */
export function differencesFromTruth(rig: Rig, t: number): string[] {
  const diffs: string[] = [];
  const truth = new Map(rig.gw.world.truthAt(t).map((o) => [o.orderId, o]));
  const orders = rig.store.db.prepare('SELECT id, status_1688 FROM orders').all() as { id: string; status_1688: string }[];
  for (const o of orders) {
    const tr = truth.get(o.id);
    if (!tr) {
      diffs.push(`order ${o.id} is not in the gateway's world`);
      continue;
    }
    if (o.status_1688 !== tr.status1688) diffs.push(`order ${o.id}: status ${o.status_1688} ≠ ${tr.status1688}`);
    const shipments = rig.store.shipments.byOrder(o.id);
    const tracked = new Set(shipments.map((s) => s.logistics_id));
    for (const p of tr.parcels) if (!tracked.has(p.logisticsId)) diffs.push(`order ${o.id}: parcel ${p.logisticsId} missing`);
    for (const sh of shipments) {
      const tp = tr.parcels.find((p) => p.logisticsId === sh.logistics_id);
      if (!tp) {
        diffs.push(`order ${o.id}: parcel ${sh.logistics_id} not in truth`);
        continue;
      }
      if (sh.bill_no !== tp.billNo) diffs.push(`parcel ${sh.logistics_id}: bill ${sh.bill_no} ≠ ${tp.billNo}`);
      const events = rig.store.shipments.events(sh.id).map((e) => `${e.occurred_at}|${e.remark}`);
      const expected = tp.steps.map((s) => `${s.at}|${s.remark}`);
      if (new Set(events).size !== events.length) diffs.push(`parcel ${sh.logistics_id}: duplicate steps`);
      const want = new Set(expected);
      const have = new Set(events);
      for (const e of want) if (!have.has(e)) diffs.push(`parcel ${sh.logistics_id}: step missing ${e}`);
      for (const e of have) if (!want.has(e)) diffs.push(`parcel ${sh.logistics_id}: extra step ${e}`);
    }
  }
  return diffs;
}

/** Open purchase orders at `t` in the gateway's world (the ones discovery must find). */
export function openOrdersAt(rig: Rig, t: number): string[] {
  return rig.gw.world
    .truthAt(t)
    .filter((o) => o.status1688 === 'waitsellersend' || o.status1688 === 'waitbuyerreceive')
    .map((o) => o.orderId);
}
