// The trace writer of the sync engine on a real SQLite file: answered orders are written in
// batches (one transaction for many orders), each order's writes and hooks still all-or-nothing,
// nothing answered is lost by a timer, an abort or a failed batch, and the in-memory derivation
// of each parcel equals what a re-read of its steps gives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../../shared/domain';
import type { Ali1688Client } from '../../../electron/core/ali1688/client';
import { GatewayError } from '../../../electron/core/ali1688/errors';
import type { ParcelTrace, TraceStep } from '../../../electron/core/ali1688/schemas';
import { silentLogger } from '../../../electron/core/ports';
import { openStore, type Store } from '../../../electron/core/store';
import type { ShipmentRow } from '../../../electron/core/store/shipments';
import { createSyncEngine, TRACE_BATCH_ORDERS, TRACE_BATCH_MS, type SyncHooks } from '../../../electron/core/sync/syncEngine';
import { classifyRemark } from '../../../electron/core/tracking/classifyRemark';
import { deriveOrderStatus, nextPollDelayMs } from '../../../electron/core/tracking/orderStatus';
import { deriveShipmentStatus } from '../../../electron/core/tracking/shipmentStatus';

const H = 3600_000;
const NOW = Date.UTC(2026, 9, 1, 4, 0, 0);

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-sync-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const orderId = (i: number) => `3700000000${String(i).padStart(9, '0')}`;
const indexOf = (id: string) => Number(id.slice(10));
const lid = (i: number, k = 0) => `LP${i}x${k}`;

/** Orders in transit with `parcels` parcels each, all due. Returns the order ids. */
function seed(orders: number, parcels = 1, status1688: (i: number, k: number) => string | null = () => 'TRANSPORT'): string[] {
  const order = store.db.prepare(`
    INSERT INTO orders (id, status, status_1688, seller_company, created_at, paid_at, modified_at, source,
      detail_fetched_at, parcels_checked_at, next_parcel_check_at, first_seen_at, updated_at)
    VALUES (?, 'in_transit', 'waitbuyerreceive', '义乌恒达日用品有限公司', ?, ?, ?, 'discovered', ?, ?, ?, ?, ?)`);
  const shipment = store.db.prepare(`
    INSERT INTO shipments (order_id, logistics_id, bill_no, carrier_code, carrier_name, status, status_1688,
      shipped_at, next_poll_at, first_seen_at, updated_at)
    VALUES (?, ?, ?, 'ZTO', '中通快递', 'not_found', ?, ?, ?, ?, ?)`);
  const t = NOW - 6 * 24 * H;
  const ids: string[] = [];
  store.transaction(() => {
    for (let i = 0; i < orders; i++) {
      const id = orderId(i);
      ids.push(id);
      order.run(id, t, t, t, t, t, NOW + 12 * H, t, t);
      for (let k = 0; k < parcels; k++) shipment.run(id, lid(i, k), `B${i}x${k}`, status1688(i, k), t, t, t, t);
    }
  });
  return ids;
}

const REMARKS = ['【义乌市】义乌北苑营业部 已揽收', '快件已到达【金华转运中心】', '快件已从【金华转运中心】发出，正在发往【广州转运中心】', '【广州市】快件正在派送中，派件员：李师傅'];
const steps = (i: number, n: number, from = 0): TraceStep[] =>
  Array.from({ length: n }, (_, k) => ({ at: NOW - 5 * 24 * H + (from + k) * 3 * H + i * 1000, remark: `${REMARKS[(from + k) % REMARKS.length]} ${from + k}` }));

type Answer = ParcelTrace[] | Error | Promise<ParcelTrace[]>;
function stubClient(answer: (orderId: string) => Answer): Ali1688Client & { traceCalls: string[] } {
  const unused = () => Promise.reject(new Error('not expected'));
  const traceCalls: string[] = [];
  return {
    traceCalls,
    getBuyerOrderList: unused,
    getOrderDetail: unused,
    // Asked only when an answer names a parcel the order does not have (a finished one here).
    getLogisticsInfos: () => Promise.resolve([]),
    getLogisticsTraceInfo: async (id: string) => {
      traceCalls.push(id);
      const a = answer(id);
      if (a instanceof Error) throw a;
      return a;
    },
    listLogisticsCompanies: unused,
    currentTime: unused,
    refreshAccessToken: unused,
    postponeToken: unused,
    queryPushMessages: unused,
    confirmPushMessages: unused,
    exchangeCode: unused,
    stats: () => ({ calls: traceCalls.length, retries: 0, refreshes: 0, errors: 0, droppedSteps: 0 }),
  };
}

function engineWith(client: Ali1688Client, extra: { hooks?: SyncHooks; classify?: (r: string) => Stage; concurrency?: number; now?: () => number } = {}) {
  return createSyncEngine({
    store,
    client,
    clock: { now: extra.now ?? (() => NOW), sleep: () => Promise.resolve() },
    logger: silentLogger,
    settings: () => ({ concurrency: extra.concurrency ?? 4 }),
    ...(extra.hooks ? { hooks: extra.hooks } : {}),
    ...(extra.classify ? { classify: extra.classify } : {}),
  });
}

const traceOf = (i: number, n: number, k = 0): ParcelTrace => ({ logisticsId: lid(i, k), billNo: `B${i}x${k}`, steps: steps(i, n) });
const count = (sql: string, ...args: unknown[]) => (store.db.prepare(sql).get(...args) as { n: number }).n;
const stepsOf = (id: string) => count('SELECT COUNT(*) AS n FROM trace_events t JOIN shipments s ON s.id = t.shipment_id WHERE s.order_id = ?', id);

/** What the parcel's row must hold, derived the way the engine always did: from a re-read of its steps. */
function expectedRow(sh: ShipmentRow, before: ShipmentRow, now: number) {
  const events = store.shipments.events(sh.id);
  const status = deriveShipmentStatus({ steps: events.map((e) => ({ at: e.occurred_at, stage: e.stage })), status1688: before.status_1688, hasBillNo: before.bill_no !== null });
  const newest = events.reduce<(typeof events)[number] | undefined>((a, e) => (!a || e.occurred_at >= a.occurred_at ? e : a), undefined);
  const delivered = [...events].reverse().find((e) => e.stage === 'delivered');
  const delay = nextPollDelayMs(status, Math.max(0, now - (newest?.occurred_at ?? before.first_seen_at)), {});
  return {
    status,
    last_event_at: newest?.occurred_at ?? null,
    last_remark: newest?.remark ?? null,
    last_stage: newest?.stage ?? null,
    event_count: events.length,
    delivered_at: status === 'delivered' ? (before.delivered_at ?? delivered?.occurred_at ?? now) : null,
    next_poll_at: delay === null ? null : now + delay,
    done: delay === null ? 1 : 0,
    last_polled_at: now,
  };
}

describe('trace answers are written in batches', () => {
  it(`writes up to ${TRACE_BATCH_ORDERS} answered orders per transaction, every hook inside its order's transaction`, async () => {
    const ids = seed(250);
    let commits = 0;
    const transaction = store.transaction.bind(store);
    store.transaction = <T>(fn: () => T): T => {
      if (!store.db.inTransaction) commits++;
      return transaction(fn);
    };
    const hooked: string[] = [];
    const engine = engineWith(stubClient((id) => [traceOf(indexOf(id), 10)]), {
      hooks: {
        afterOrderWrite(id, writes) {
          expect(store.db.inTransaction).toBe(true);
          // The rows handed to hooks are what a read returns now, inside the transaction.
          for (const w of writes) expect(w.after).toEqual(store.shipments.get(w.after.id));
          hooked.push(id);
        },
      },
    });
    commits = 0;
    const r = await engine.runCycle({ all: true, discover: 'skip' });
    expect(r.errors).toEqual([]);
    expect(r.newEvents).toBe(2500);
    expect(r.shipments).toBe(250);
    expect(new Set(hooked)).toEqual(new Set(ids));
    expect(hooked).toHaveLength(250);
    // 3 batches: 100 + 100 + 50 orders.
    expect(commits).toBe(3);
    expect(count('SELECT COUNT(*) AS n FROM trace_events')).toBe(2500);
  });

  it('a parcel row and its order come out as a re-read of the stored steps would make them', async () => {
    // Answers that test the in-memory derivation: equal times (ties broken as events() orders
    // them), a step repeated within one answer, steps out of order, a signing, text SQLite
    // stores differently (a lone surrogate), steps already stored, and a 1688 status override.
    const ids = seed(40, 2, (i, k) => (i % 7 === 0 && k === 1 ? 'SIGN' : i % 11 === 0 ? 'UNSIGN' : 'TRANSPORT'));
    const answer = (round: number) => (id: string): ParcelTrace[] => {
      const i = indexOf(id);
      return [0, 1].map((k) => {
        const base = steps(i, 3 + round * 2);
        const t = base[base.length - 1]!.at;
        const extra: TraceStep[] = [
          { at: t, remark: `同一时间 ${i % 3}` }, // same time as the newest
          { at: t, remark: `同一时间 b${k}` },
          ...(i % 5 === 0 ? [{ at: t + H, remark: '快件已签收，签收人：本人' }] : []),
          ...(i % 6 === 0 ? [{ at: t - H, remark: `坏\uD800字 ${round}` }] : []),
          ...(i % 4 === 0 ? [base[0]!] : []), // repeated within the answer
        ];
        const all = [...base, ...extra];
        return { logisticsId: lid(i, k), billNo: null, steps: i % 3 === 0 ? all.reverse() : all };
      });
    };
    // Rounds 3 and 4 bring nothing new (round 2's answer again, then only its first half): the
    // rows' own newest step and count stand, and no parcel's steps are read.
    const storedSteps = store.shipments.storedSteps.bind(store.shipments);
    const read: number[] = [];
    store.shipments.storedSteps = (id) => {
      read.push(id);
      return storedSteps(id);
    };
    for (const [round, answered] of [[0, 0], [1, 1], [2, 2], [3, 2], [4, 2]] as const) {
      const now = NOW + round * H;
      const rowsBefore = new Map(store.db.prepare('SELECT * FROM shipments').all().map((r) => [(r as ShipmentRow).id, r as ShipmentRow]));
      const full = answer(answered);
      const engine = engineWith(stubClient((id) => (round === 4 ? full(id).map((t) => ({ ...t, steps: t.steps.slice(0, t.steps.length >> 1) })) : full(id))), { now: () => now });
      read.length = 0;
      const r = await engine.runCycle({ all: true, discover: 'skip' });
      expect(r.errors).toEqual([]);
      if (round >= 3) {
        expect(r.newEvents).toBe(0);
        expect(read).toEqual([]);
      }
      for (const sh of store.db.prepare('SELECT * FROM shipments').all() as ShipmentRow[]) {
        const prev = rowsBefore.get(sh.id)!;
        if (prev.done === 1) continue; // finished parcels are not polled
        expect({ id: sh.id, ...pick(sh) }).toEqual({ id: sh.id, ...expectedRow(sh, prev, now) });
      }
      for (const id of ids) {
        const o = store.orders.get(id)!;
        const parcels = store.shipments.byOrder(id);
        expect(o.status).toBe(deriveOrderStatus({ status1688: o.status_1688, paid: o.paid_at !== null, shipmentStatuses: parcels.map((p) => p.status) }));
        const newest = parcels.reduce<ShipmentRow | undefined>((a, p) => (p.last_event_at !== null && (!a || (a.last_event_at ?? 0) < p.last_event_at) ? p : a), undefined);
        expect([o.last_event_at, o.last_remark]).toEqual([newest?.last_event_at ?? null, newest?.last_remark ?? null]);
      }
    }
  });

  it('the same answer again: nothing inserted and nothing classified, but every parcel is rescheduled', async () => {
    seed(30);
    const classified: string[] = [];
    const classify = (r: string) => {
      classified.push(r);
      return classifyRemark(r);
    };
    const client = stubClient((id) => [traceOf(indexOf(id), 8)]);
    const first = await engineWith(client, { classify }).runCycle({ all: true, discover: 'skip' });
    expect(first.newEvents).toBe(240);
    expect(classified).toHaveLength(240);
    const polledAt = store.db.prepare('SELECT last_polled_at FROM shipments').pluck().all();
    expect(new Set(polledAt)).toEqual(new Set([NOW]));
    classified.length = 0;
    const later = NOW + H;
    const again = await engineWith(client, { classify, now: () => later }).runCycle({ all: true, discover: 'skip' });
    expect(again.newEvents).toBe(0);
    expect(classified).toEqual([]);
    expect(new Set(store.db.prepare('SELECT last_polled_at FROM shipments').pluck().all())).toEqual(new Set([later]));
    expect(count('SELECT COUNT(*) AS n FROM shipments WHERE next_poll_at > ?', later)).toBe(30);
    // One new step: only it is classified.
    const third = await engineWith(stubClient((id) => [{ ...traceOf(indexOf(id), 8), steps: steps(indexOf(id), 9) }]), { classify }).runCycle({ all: true, discover: 'skip' });
    expect(third.newEvents).toBe(30);
    expect(classified).toHaveLength(30);
  });
});

describe('a long trace (several probe chunks)', () => {
  it('40 steps already stored: none read; one of them reworded: all read, the new one stored', async () => {
    seed(3);
    const read: number[] = [];
    const storedSteps = store.shipments.storedSteps.bind(store.shipments);
    store.shipments.storedSteps = (id) => {
      read.push(id);
      return storedSteps(id);
    };
    const first = await engineWith(stubClient((id) => [traceOf(indexOf(id), 40)])).runCycle({ all: true, discover: 'skip' });
    expect(first.newEvents).toBe(120);
    read.length = 0;
    const again = await engineWith(stubClient((id) => [traceOf(indexOf(id), 40)]), { now: () => NOW + H }).runCycle({ all: true, discover: 'skip' });
    expect(again.newEvents).toBe(0);
    expect(read).toEqual([]);
    // Step 35 (in the third chunk of 16) reworded: not stored, so the parcel's steps are read.
    const reworded = (i: number): ParcelTrace => ({ ...traceOf(i, 40), steps: steps(i, 40).map((st, k) => (k === 35 ? { ...st, remark: `${st.remark}（更正）` } : st)) });
    const third = await engineWith(stubClient((id) => [reworded(indexOf(id))]), { now: () => NOW + 2 * H }).runCycle({ all: true, discover: 'skip' });
    expect(third.newEvents).toBe(3);
    expect(read).toHaveLength(3);
    for (const sh of store.db.prepare('SELECT * FROM shipments').all() as ShipmentRow[]) expect(sh.event_count).toBe(41);
  });
});

describe('each order stands or falls alone', () => {
  it('an order whose hook throws leaves nothing half-written; the rest of its batch is written', async () => {
    const ids = seed(50, 2);
    const bad = new Set([ids[3]!, ids[17]!]);
    const snapshot = (id: string) => ({
      order: store.orders.get(id),
      parcels: store.shipments.byOrder(id),
      steps: stepsOf(id),
    });
    const before = new Map([...bad].map((id) => [id, snapshot(id)]));
    let broken = true;
    const hooks: SyncHooks = {
      afterOrderWrite(id) {
        // Writes of its own first (as the alert service and the outbox do), then fails.
        store.db.prepare("INSERT INTO sync_state (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = '1'").run(`hook.${id}`);
        if (broken && bad.has(id)) throw new Error(`hook failed for ${id}`);
      },
    };
    const client = stubClient((id) => [traceOf(indexOf(id), 5, 0), traceOf(indexOf(id), 5, 1)]);
    const r = await engineWith(client, { hooks }).runCycle({ all: true, discover: 'skip' });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.code, e.orderId]).sort()).toEqual([...bad].map((id) => ['internal', id]).sort());
    expect(r.newEvents).toBe(48 * 10);
    for (const id of bad) {
      expect(snapshot(id)).toEqual(before.get(id));
      expect(store.syncState.get(`hook.${id}`)).toBeUndefined();
    }
    for (const id of ids.filter((x) => !bad.has(x))) {
      expect(stepsOf(id)).toBe(10);
      expect(store.syncState.get(`hook.${id}`)).toBe(1);
    }
    // They are still due, and the next cycle writes them (and only them: nothing twice).
    broken = false;
    const again = await engineWith(client, { hooks }).runCycle({ all: true, discover: 'skip' });
    expect(again.errors).toEqual([]);
    expect(again.newEvents).toBe(20);
    expect(count('SELECT COUNT(*) AS n FROM trace_events')).toBe(500);
  });

  it('a batch the database cannot write is rolled back whole, no new call starts, and the next cycle writes it once', async () => {
    const ids = seed(300);
    let full = true;
    const hooks: SyncHooks = {
      afterOrderWrite(id) {
        if (full && id === ids[150]) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    };
    const client = stubClient((id) => [traceOf(indexOf(id), 4)]);
    const r = await engineWith(client, { hooks, concurrency: 1 }).runCycle({ all: true, discover: 'skip' });
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => e.code === 'internal')).toBe(true);
    expect(r.newEvents).toBe(100 * 4); // only what committed is counted
    // The first batch committed; the second (orders 100–199) did not; nothing after it was asked.
    expect(count('SELECT COUNT(*) AS n FROM trace_events')).toBe(100 * 4);
    expect(client.traceCalls.length).toBeLessThan(300);
    full = false;
    const again = await engineWith(client, { hooks }).runCycle({ all: true, discover: 'skip' });
    expect(again.errors).toEqual([]);
    expect(again.newEvents).toBe(200 * 4);
    expect(count('SELECT COUNT(*) AS n FROM trace_events')).toBe(300 * 4);
    expect(count('SELECT COUNT(DISTINCT shipment_id) AS n FROM trace_events')).toBe(300);
  });

  it('failed calls are recorded through the same batches: permanent ones stop polling, others back off', async () => {
    const ids = seed(3, 2);
    const client = stubClient((id) =>
      id === ids[0] ? new GatewayError('too_old', 'x') : id === ids[1] ? new GatewayError('server', 'x') : [traceOf(2, 3, 0), traceOf(2, 3, 1)],
    );
    const r = await engineWith(client).runCycle({ all: true, discover: 'skip' });
    expect(r.errors.map((e) => e.orderId).sort()).toEqual([ids[0], ids[1]].sort());
    for (const sh of store.shipments.byOrder(ids[0]!)) expect([sh.done, sh.next_poll_at, sh.poll_failures]).toEqual([1, NOW, 1]);
    for (const sh of store.shipments.byOrder(ids[1]!)) expect([sh.done, sh.next_poll_at, sh.poll_failures]).toEqual([0, NOW + 5 * 60_000, 1]);
    expect(r.newEvents).toBe(6);
  });
});

describe('nothing answered waits for long, or is lost', () => {
  it(`an answer is written within ~${TRACE_BATCH_MS} ms even while other calls are still out`, async () => {
    const ids = seed(2);
    let release!: () => void;
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const client = stubClient((id) => (id === ids[1] ? slow.then(() => [traceOf(1, 3)]) : [traceOf(0, 3)]));
    const cycle = engineWith(client).runCycle({ all: true, discover: 'skip' });
    const started = Date.now();
    while (stepsOf(ids[0]!) === 0 && Date.now() - started < 10 * TRACE_BATCH_MS) await new Promise((r) => setTimeout(r, 10));
    expect(stepsOf(ids[0]!)).toBe(3); // by the batch's timer: the pool has not drained
    expect(Date.now() - started).toBeGreaterThanOrEqual(TRACE_BATCH_MS - 20);
    expect(stepsOf(ids[1]!)).toBe(0);
    release();
    const r = await cycle;
    expect(r.newEvents).toBe(6);
    expect(stepsOf(ids[1]!)).toBe(3);
  });

  it('abort() writes what was answered before it returns, and starts nothing new', async () => {
    const ids = seed(20);
    const pending = new Map<string, () => void>();
    const client = stubClient(
      (id) =>
        new Promise<ParcelTrace[]>((resolve) => {
          pending.set(id, () => resolve([traceOf(indexOf(id), 3)]));
        }),
    );
    const engine = engineWith(client, { concurrency: 4 });
    const cycle = engine.runCycle({ all: true, discover: 'skip' });
    await new Promise((r) => setImmediate(r));
    expect(client.traceCalls).toEqual(ids.slice(0, 4));
    // Two answers come back; their workers start the next two orders, which stay out.
    pending.get(ids[0]!)!();
    pending.get(ids[2]!)!();
    await new Promise((r) => setImmediate(r));
    expect(client.traceCalls).toEqual(ids.slice(0, 6));
    expect(stepsOf(ids[0]!)).toBe(0); // answered, waiting in the batch
    const aborting = engine.abort();
    // Written at once, before the calls still out come back.
    expect(stepsOf(ids[0]!)).toBe(3);
    expect(stepsOf(ids[2]!)).toBe(3);
    for (const id of [ids[1]!, ids[3]!, ids[4]!, ids[5]!]) pending.get(id)!();
    await aborting;
    const r = await cycle;
    // The calls in flight finished and were written too; none started after the abort.
    expect(client.traceCalls).toHaveLength(6);
    for (const id of ids.slice(0, 6)) expect(stepsOf(id)).toBe(3);
    expect(r.newEvents).toBe(18);
    expect(count('SELECT COUNT(*) AS n FROM trace_events')).toBe(18);
  });
});

function pick(sh: ShipmentRow) {
  const { status, last_event_at, last_remark, last_stage, event_count, delivered_at, next_poll_at, done, last_polled_at } = sh;
  return { status, last_event_at, last_remark, last_stage, event_count, delivered_at, next_poll_at, done, last_polled_at };
}
