// Today's arrivals are read from partial indexes (SQLite migration 15: the parcels out for delivery
// or waiting, and the steps of those two stages) and a waiting parcel's place is kept per text
// (api/desk.ts). Here they are checked against arrivals computed from scratch, written plainly in
// this file: every parcel and its order read whole, each parcel's stage start and texts taken from
// all of its steps, every text parsed again, the lists sorted with a comparison per pair. On a
// synced sandbox world (real gateway, sync engine and SQLite file), then after direct stage
// changes, new and deleted steps, a parcel received, an order archived and orders deleted, and after
// another sync (parcels move on to new stages): the two must give the same lists, field for field. A from-scratch
// computation with a wrong stage start (the stage's newest step instead of its first) must not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArrivalsView, OutForDeliveryArrival, WaitingArrival } from '../../shared/contract';
import { arrivalsView } from '../../electron/core/api/desk';
import type { ShipmentRow } from '../../electron/core/store/shipments';
import { createDeliveryEstimator, type DeliveryEstimator } from '../../electron/core/tracking/estimator';
import { parsePickupInfo, stationKey } from '../../electron/core/tracking/pickupInfo';
import { DAY, startSyncedRig, type Rig } from '../helpers/sandboxRig';

const HOUR = 3600_000;
let rig: Rig;

beforeAll(async () => {
  rig = await startSyncedRig({ orders: 600, seed: 7 }, 3);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

type Parcel = ShipmentRow & { seller_company: string | null; seller_login_id: string | null; archived: number };
type Lists = Omit<ArrivalsView, 'now'>;
/** Which step of its stage a parcel's stage starts at: its first (right) or, deliberately wrong, its newest. */
type StageStart = 'first' | 'newest';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const key = (x: { orderId: string; logisticsId: string }) => `${x.orderId}|${x.logisticsId}`;
function midnight(t: number) {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The lists as a plain computation over every parcel and all of its steps; with each parcel's stage start. */
function fromScratch(estimator: DeliveryEstimator, now: number, stageStart: StageStart = 'first') {
  const db = rig.store.db;
  const parcels = db
    .prepare<[], Parcel>('SELECT s.*, o.seller_company, o.seller_login_id, o.archived FROM shipments s JOIN orders o ON o.id = s.order_id')
    .all()
    .filter((p) => p.archived === 0 && p.received_at === null);
  const steps = db.prepare<[number], { occurred_at: number; remark: string; stage: string }>(
    'SELECT occurred_at, remark, stage FROM trace_events WHERE shipment_id = ?',
  );
  const today = midnight(now);
  const tomorrow = midnight(today + DAY + HOUR);
  const after = midnight(tomorrow + DAY + HOUR);
  const starts = new Map<string, number | null>();
  const out: Lists = { expected: [], outForDelivery: [], waiting: [] };
  for (const p of parcels) {
    const base = { orderId: p.order_id, logisticsId: p.logistics_id, billNo: p.bill_no, carrierName: p.carrier_name, seller: p.seller_company ?? p.seller_login_id };
    if (['info_received', 'picked_up', 'in_transit'].includes(p.status)) {
      const e = estimator.estimateFor(p);
      if (e.expectedAt >= today && e.expectedAt < after) {
        out.expected.push({ ...base, expectedAt: iso(e.expectedAt)!, basis: e.basis.text, basisEn: e.basis.textEn, day: e.expectedAt < tomorrow ? 'today' : 'tomorrow', status: p.status });
      }
      continue;
    }
    if (p.status !== 'out_for_delivery' && p.status !== 'awaiting_pickup') continue;
    // The stage's steps, newest first (same time: by text).
    const stage = steps
      .all(p.id)
      .filter((e) => e.stage === p.status)
      .sort((a, b) => b.occurred_at - a.occurred_at || (a.remark < b.remark ? -1 : a.remark > b.remark ? 1 : 0));
    const start = stage.length === 0 ? null : stageStart === 'first' ? Math.min(...stage.map((e) => e.occurred_at)) : stage[0]!.occurred_at;
    starts.set(key(base), start);
    const since = iso(start ?? p.last_event_at ?? p.status_changed_at);
    if (p.status === 'out_for_delivery') {
      out.outForDelivery.push({ ...base, since, remark: p.last_remark });
      continue;
    }
    const texts = stage.length ? stage.map((e) => e.remark) : p.last_remark ? [p.last_remark] : [];
    const read = texts.map((text) => ({ text, info: parsePickupInfo(text) }));
    const withCode = read.find((x) => x.info.pickupCode !== null);
    const named = withCode?.info.station ? withCode : read.find((x) => x.info.station !== null);
    const place = {
      pickupCode: withCode?.info.pickupCode ?? null,
      station: named?.info.station ?? null,
      address: read.find((x) => x.info.address !== null)?.info.address ?? null,
      kind: named?.info.kind ?? read.find((x) => x.info.kind !== null)?.info.kind ?? null,
    };
    out.waiting.push({ ...base, ...place, stationKey: stationKey(place), since, remark: withCode?.text ?? named?.text ?? texts[0] ?? null });
  }
  return { lists: out, starts };
}

/** The order a clerk sees, per list (0: the order leaves the two free). */
function shownOrder(lists: Lists, starts: Map<string, number | null>) {
  const firstSince = new Map<string, string>();
  for (const w of lists.waiting) {
    const cur = firstSince.get(w.stationKey);
    if (cur === undefined || (w.since ?? '') < cur) firstSince.set(w.stationKey, w.since ?? '');
  }
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const start = (x: OutForDeliveryArrival) => starts.get(key(x)) ?? -Infinity; // SQL sorts a missing start first
  return {
    expected: (a: { expectedAt: string }, b: { expectedAt: string }) => text(a.expectedAt, b.expectedAt),
    outForDelivery: (a: OutForDeliveryArrival, b: OutForDeliveryArrival) => start(a) - start(b),
    waiting: (a: WaitingArrival, b: WaitingArrival) =>
      text(firstSince.get(a.stationKey)!, firstSince.get(b.stationKey)!) || a.stationKey.localeCompare(b.stationKey) || text(a.since ?? '', b.since ?? ''),
  };
}

/** Both lists in the shown order, parcels the order leaves free by their ids (neither order is promised). */
function canonical(lists: Lists, starts: Map<string, number | null>): Lists {
  const by = shownOrder(lists, starts);
  const ids = (a: { orderId: string; logisticsId: string }, b: { orderId: string; logisticsId: string }) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    expected: [...lists.expected].sort((a, b) => by.expected(a, b) || ids(a, b)),
    outForDelivery: [...lists.outForDelivery].sort((a, b) => by.outForDelivery(a, b) || ids(a, b)),
    waiting: [...lists.waiting].sort((a, b) => by.waiting(a, b) || ids(a, b)),
  };
}

/** Pairs of neighbours a list shows out of order. */
function outOfOrder(lists: Lists, starts: Map<string, number | null>): string[] {
  const by = shownOrder(lists, starts);
  const bad: string[] = [];
  for (const name of ['expected', 'outForDelivery', 'waiting'] as const) {
    const list = lists[name] as never[];
    const cmp = by[name] as (a: never, b: never) => number;
    for (let i = 1; i < list.length; i++) if (cmp(list[i - 1]!, list[i]!) > 0) bad.push(`${name} ${i}`);
  }
  return bad;
}

/** The app's arrivals and the ones from scratch; the minute moves each time, so no kept view is handed back. */
let minute = 0;
function both(stageStart: StageStart = 'first') {
  const estimator = createDeliveryEstimator(rig.store, () => 3);
  const now = rig.clock.now() + ++minute * 61_000;
  const { now: _now, ...app } = arrivalsView(rig.store, estimator, now);
  const scratch = fromScratch(estimator, now, stageStart);
  return { app, scratch };
}

function expectSame(): Lists {
  const { app, scratch } = both();
  expect(outOfOrder(app, scratch.starts)).toEqual([]);
  expect(canonical(app, scratch.starts)).toEqual(canonical(scratch.lists, scratch.starts));
  return app;
}

describe("today's arrivals from partial indexes give what a computation from scratch gives", () => {
  it('on the synced world: parcels out for delivery and waiting with their places, pickup codes and stage starts', () => {
    const app = expectSame();
    expect(app.outForDelivery.length).toBeGreaterThan(3);
    expect(app.waiting.length).toBeGreaterThan(3);
    expect(app.waiting.some((w) => w.pickupCode !== null && w.station !== null)).toBe(true);
  });

  it('after stage changes, new and deleted steps, a parcel received, an order archived and orders deleted', () => {
    const db = rig.store.db;
    const now = rig.clock.now();
    const of = (status: string, n: number) =>
      db.prepare<[string, number], { id: number; order_id: string }>('SELECT id, order_id FROM shipments WHERE status = ? AND received_at IS NULL ORDER BY id LIMIT ?').all(status, n);
    const [ofdA, ofdB, ofdC, ofdD] = of('out_for_delivery', 4);
    const [waitA, waitB, waitC] = of('awaiting_pickup', 3);
    const [moving, bare] = of('in_transit', 2);
    expect([ofdA, ofdB, ofdC, ofdD, waitA, waitB, waitC, moving, bare].every(Boolean)).toBe(true);
    const before = expectSame();
    const steps = rig.store.shipments;
    // A parcel reaches a station: its new stage's step, then its status (as a poll writes them).
    steps.insertSteps(moving!.id, [{ occurred_at: now - 2 * HOUR, remark: '您的快件已到达【菜鸟驿站天河棠下店】，请凭取件码 8-2-3011 及时取件', stage: 'awaiting_pickup' }], now);
    db.prepare("UPDATE shipments SET status = 'awaiting_pickup', status_changed_at = ? WHERE id = ?").run(now, moving!.id);
    // A status from 1688 with no step of its stage: the stage start falls back to the newest step.
    db.prepare("UPDATE shipments SET status = 'out_for_delivery', status_changed_at = ? WHERE id = ?").run(now, bare!.id);
    // A reminder at the same station without the code, and an earlier step of the stage found late.
    steps.insertSteps(waitA!.id, [{ occurred_at: now - HOUR, remark: '快件在驿站等待取件，请尽快领取', stage: 'awaiting_pickup' }], now);
    steps.insertSteps(ofdA!.id, [{ occurred_at: now - 30 * DAY, remark: '快件正在派送中，派送员：李师傅 138****5678', stage: 'out_for_delivery' }], now);
    // A parcel's first step of its stage deleted: its stage starts at the next one.
    db.prepare(
      `DELETE FROM trace_events WHERE shipment_id = ? AND stage = 'out_for_delivery'
         AND occurred_at = (SELECT MIN(occurred_at) FROM trace_events WHERE shipment_id = ? AND stage = 'out_for_delivery')`,
    ).run(ofdB!.id, ofdB!.id);
    // A waiting parcel back out for delivery, a parcel received, an order archived, orders deleted.
    db.prepare("UPDATE shipments SET status = 'out_for_delivery', status_changed_at = ? WHERE id = ?").run(now, waitB!.id);
    rig.store.arrivals.markReceived(waitC!.id, now);
    db.prepare('UPDATE orders SET archived = 1 WHERE id = ?').run(ofdC!.order_id);
    db.prepare('DELETE FROM orders WHERE id = ?').run(ofdD!.order_id);
    const after = expectSame();
    expect(after).not.toEqual(before);
    const keyOf = (id: number) => {
      const p = db.prepare<[number], { order_id: string; logistics_id: string }>('SELECT order_id, logistics_id FROM shipments WHERE id = ?').get(id)!;
      return key({ orderId: p.order_id, logisticsId: p.logistics_id });
    };
    const waiting = (id: number) => after.waiting.find((x) => key(x) === keyOf(id));
    const out = (id: number) => after.outForDelivery.find((x) => key(x) === keyOf(id));
    expect(waiting(moving!.id)).toMatchObject({ pickupCode: '8-2-3011', station: '菜鸟驿站天河棠下店', since: iso(now - 2 * HOUR) });
    expect(out(ofdA!.id)?.since).toBe(iso(now - 30 * DAY));
    expect(out(waitB!.id)).toBeDefined();
    expect(waiting(waitB!.id)).toBeUndefined();
    expect(waiting(waitC!.id)).toBeUndefined();
    expect(after.outForDelivery.some((x) => x.orderId === ofdC!.order_id)).toBe(false);
    expect(after.outForDelivery.some((x) => x.orderId === ofdD!.order_id)).toBe(false);
  });

  it('and differ from a computation that starts a stage at its newest step (a parcel above has two steps of its stage)', () => {
    const { app, scratch } = both();
    const wrong = both('newest').scratch;
    expect(canonical(app, scratch.starts)).toEqual(canonical(scratch.lists, scratch.starts));
    expect(canonical(app, wrong.starts)).not.toEqual(canonical(wrong.lists, wrong.starts));
  });

  it('after another sync moves parcels on to new stages', async () => {
    const before = both().app;
    rig.clock.advance(DAY);
    await rig.engine.runCycle({ trigger: 'test' });
    const after = expectSame();
    expect(after).not.toEqual(before);
  });
});
