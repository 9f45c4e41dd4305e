// B2: trace steps through the store's real write path vs a raw prepared INSERT of the same rows.
//
// The real path is the sync engine itself: a trace cycle (`runCycle({ all: true })`) whose client
// is a stub that answers each order's trace call at once from memory. So every parcel goes through
// the engine's trace writer — answers of up to 100 orders per transaction, each order
// all-or-nothing: its new steps classified and inserted, the shipment update (status, schedule)
// and the order's recompute (without createCore's alert/outbox hooks) — with no network and no limiter in the way. The baseline inserts the same (shipment, time,
// remark, stage) rows into a bare table in ONE transaction, in the same database file.
import type { Ali1688Client } from '../electron/core/ali1688/client';
import type { ParcelTrace } from '../electron/core/ali1688/schemas';
import { silentLogger, type Clock } from '../electron/core/ports';
import { openStore, type Store } from '../electron/core/store';
import { createSyncEngine } from '../electron/core/sync/syncEngine';
import { classifyRemark } from '../electron/core/tracking/classifyRemark';
import { loadCorpus } from './b6Classifier';
import { atLeast, figure, log, ms, now, removeDir, tempDir, withBaseline, type Figure, type Scale } from './lib';

const STEPS_PER_PARCEL = 10;
const HOUR = 3600_000;
const WORLD_NOW = Date.UTC(2026, 9, 1, 4, 0, 0);

/** Corpus remarks by stage, kept only where the classifier agrees with the label (so no parcel ends up delivered). */
function remarkPools(): Map<string, { remark: string; stage: string }[]> {
  const pools = new Map<string, { remark: string; stage: string }[]>();
  for (const { remark, stage } of loadCorpus()) {
    if (classifyRemark(remark) !== stage) continue;
    pools.set(stage, [...(pools.get(stage) ?? []), { remark, stage }]);
  }
  return pools;
}

/**
 * Every parcel's 10 steps, flat (step i of parcel p at p * 10 + i): label printed, picked up,
 * 7 transit scans, then out for delivery / at a station / in transit. None is terminal, so the
 * duplicate pass polls every parcel again. Built once, before any timing, for both sides.
 */
function makeSteps(parcels: number) {
  const pools = remarkPools();
  const lastStages = ['in_transit', 'out_for_delivery', 'awaiting_pickup'];
  const n = parcels * STEPS_PER_PARCEL;
  const at = new Float64Array(n);
  const remark = new Array<string>(n);
  const stage = new Array<string>(n);
  for (let p = 0; p < parcels; p++) {
    const shipAt = WORLD_NOW - 5 * 24 * HOUR + (p % 86_400) * 1000;
    for (let k = 0; k < STEPS_PER_PARCEL; k++) {
      const want = k === 0 ? 'info_received' : k === 1 ? 'picked_up' : k < STEPS_PER_PARCEL - 1 ? 'in_transit' : (lastStages[p % 3] as string);
      const list = pools.get(want);
      if (!list?.length) throw new Error(`no corpus remark for stage ${want}`);
      const r = list[(p * 7 + k) % list.length] as { remark: string; stage: string };
      const i = p * STEPS_PER_PARCEL + k;
      at[i] = shipAt + k * 3 * HOUR;
      remark[i] = r.remark;
      stage[i] = r.stage;
    }
  }
  return { at, remark, stage };
}

const orderIdOf = (p: number) => `37${String(1_000_000_000_000_000 + p * 7919).slice(1)}`;
const logisticsIdOf = (p: number) => `LP00${String(100_000_000_000 + p).slice(1)}`;
const billOf = (p: number) => `73${String(10_000_000_000 + p * 13).slice(1)}`;

/** Orders and parcels as a discovery + parcel read would have left them: details and parcel lists fresh, traces due. */
function seedParcels(store: Store, parcels: number) {
  const order = store.db.prepare(`
    INSERT INTO orders (id, status, status_1688, seller_company, created_at, paid_at, modified_at, source,
      detail_fetched_at, parcels_checked_at, next_parcel_check_at, first_seen_at, updated_at)
    VALUES (?, 'in_transit', 'waitbuyerreceive', '义乌恒达日用品有限公司', ?, ?, ?, 'discovered', ?, ?, ?, ?, ?)`);
  const shipment = store.db.prepare(`
    INSERT INTO shipments (id, order_id, logistics_id, bill_no, carrier_code, carrier_name, status, status_1688,
      status_1688_at, shipped_at, next_poll_at, first_seen_at, updated_at)
    VALUES (?, ?, ?, ?, 'ZTO', '中通快递', 'not_found', 'TRANSPORT', ${WORLD_NOW}, ?, ?, ?, ?)`);
  const t = WORLD_NOW - 6 * 24 * HOUR;
  store.transaction(() => {
    for (let p = 0; p < parcels; p++) {
      const id = orderIdOf(p);
      order.run(id, t, t, t, t, t, WORLD_NOW + 12 * HOUR, t, t);
      shipment.run(p + 1, id, logisticsIdOf(p), billOf(p), t, t, t, t);
    }
  });
}

/** Only the trace call is used; anything else would mean the cycle did more than trace polling. */
function stubClient(traceOf: (orderId: string) => ParcelTrace[]): Ali1688Client {
  const unused = () => Promise.reject(new Error('B2 stub: only getLogisticsTraceInfo is expected'));
  let calls = 0;
  return {
    getBuyerOrderList: unused,
    getOrderDetail: unused,
    getLogisticsInfos: unused,
    getLogisticsTraceInfo: async (orderId) => {
      calls++;
      return traceOf(orderId);
    },
    listLogisticsCompanies: unused,
    currentTime: unused,
    refreshAccessToken: unused,
    postponeToken: unused,
    queryPushMessages: unused,
    confirmPushMessages: unused,
    exchangeCode: unused,
    stats: () => ({ calls, retries: 0, refreshes: 0, errors: 0, droppedSteps: 0 }),
  };
}

export async function runB2(scale: Scale): Promise<Figure[]> {
  // Quick: 2,000 parcels, so the whole --quick run stays well under a minute.
  const parcels = scale.quick ? 2_000 : 100_000;
  const totalSteps = parcels * STEPS_PER_PARCEL;
  const dir = tempDir('b2');
  try {
    const store = openStore(dir);
    seedParcels(store, parcels);
    const steps = makeSteps(parcels);
    const indexOf = new Map<string, number>();
    for (let p = 0; p < parcels; p++) indexOf.set(orderIdOf(p), p);
    const traceOf = (orderId: string): ParcelTrace[] => {
      const p = indexOf.get(orderId) as number;
      const list = [];
      for (let i = p * STEPS_PER_PARCEL; i < (p + 1) * STEPS_PER_PARCEL; i++) list.push({ at: steps.at[i] as number, remark: steps.remark[i] as string });
      return [{ logisticsId: logisticsIdOf(p), billNo: billOf(p), steps: list }];
    };
    const clock: Clock = { now: () => WORLD_NOW, sleep: () => Promise.resolve() };
    const engine = createSyncEngine({ store, client: stubClient(traceOf), clock, logger: silentLogger });

    store.db.exec('CREATE TABLE raw_steps (shipment_id INTEGER, occurred_at INTEGER, remark TEXT, stage TEXT)');
    const rawInsert = store.db.prepare('INSERT INTO raw_steps (shipment_id, occurred_at, remark, stage) VALUES (?, ?, ?, ?)');
    const raw = () => {
      const t0 = now();
      store.transaction(() => {
        for (let i = 0; i < totalSteps; i++) rawInsert.run(Math.floor(i / STEPS_PER_PARCEL) + 1, steps.at[i], steps.remark[i], steps.stage[i]);
      });
      return ms(t0);
    };
    const real = async (expectNew: number) => {
      const t0 = now();
      const r = await engine.runCycle({ all: true, discover: 'skip', trigger: 'bench' });
      const elapsed = ms(t0);
      if (!r.ok || r.shipments !== parcels || r.newEvents !== expectNew)
        throw new Error(`B2 cycle did not write what it should: ${JSON.stringify({ ok: r.ok, shipments: r.shipments, newEvents: r.newEvents, errors: r.errors.slice(0, 3) })}`);
      return elapsed;
    };

    // Interleaved (raw, real, raw, real) so a drift of the machine hits both sides alike.
    const rawMs = raw();
    log(`B2: raw insert of ${totalSteps} steps in ${rawMs.toFixed(0)} ms`);
    const realMs = await real(totalSteps);
    log(`B2: real write path, ${totalSteps} new steps in ${realMs.toFixed(0)} ms`);
    const rawDupMs = raw();
    log(`B2: raw insert again in ${rawDupMs.toFixed(0)} ms`);
    const realDupMs = await real(0);
    log(`B2: real write path, ${totalSteps} duplicate steps in ${realDupMs.toFixed(0)} ms`);
    const stored = (store.db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
    if (stored !== totalSteps) throw new Error(`B2: ${stored} steps stored, expected ${totalSteps}`);
    store.close();

    const perSec = (elapsed: number) => Math.round(totalSteps / (elapsed / 1000));
    const rawF = figure('B2.raw.stepsPerSec', perSec(rawMs), 'steps/s', null);
    const rawDupF = figure('B2.rawAgain.stepsPerSec', perSec(rawDupMs), 'steps/s', null);
    const ingest = withBaseline(figure('B2.ingest.stepsPerSec', perSec(realMs), 'steps/s', null), rawF);
    const dups = withBaseline(figure('B2.duplicates.stepsPerSec', perSec(realDupMs), 'steps/s', null), rawDupF);
    return [
      ingest,
      figure('B2.ingest.ratio', ingest.baseline?.ratio ?? null, '× raw', atLeast(0.5)),
      dups,
      figure('B2.duplicates.ratio', dups.baseline?.ratio ?? null, '× raw', atLeast(0.5)),
      rawF,
      rawDupF,
    ];
  } finally {
    removeDir(dir);
  }
}
