// The suppliers' scorecard is folded in SQL (store/supplierQueries.ts). Here it is checked against
// a fold from scratch, written plainly in this file: every parcel of the period read whole, its
// first scan and problems taken from its steps (not from the columns migration 10 keeps), each
// figure counted in JS. On a synced sandbox world (real gateway, sync engine and SQLite file),
// then after more syncs (new steps and parcels), updates (signings, returns, 1688's NOGET) and
// deletions: the two must give the same card, field for field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierProblems, SupplierScore, SupplierScorecard } from '../../shared/contract';
import { supplierScorecard } from '../../electron/core/api/desk';
import type { ShipmentRow } from '../../electron/core/store/shipments';
import { percentile } from '../../electron/core/tracking/deliveryEstimate';
import { createDeliveryEstimator, type DeliveryEstimator } from '../../electron/core/tracking/estimator';
import { DAY, startSyncedRig, type Rig } from '../helpers/sandboxRig';

const HOUR = 3600_000;
const MIN = 5;
let rig: Rig;

beforeAll(async () => {
  rig = await startSyncedRig({ orders: 400, seed: 1818 }, 3);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

interface Row {
  seller: string | null;
  order_id: string;
  created_at: number;
  paid_at: number | null;
  sid: number | null;
  status: string | null;
  status_1688: string | null;
  carrier_code: string | null;
  carrier_name: string | null;
  origin_city: string | null;
  origin_province: string | null;
  dest_city: string | null;
  dest_province: string | null;
  shipped_at: number | null;
  delivered_at: number | null;
}

const hours = (ms: number) => Math.round((ms / HOUR) * 10) / 10;
const pct = (v: number[], p: number) => (v.length >= MIN ? hours(percentile(v, p)) : null);
const rate = (hits: number, of: number) => (of >= MIN ? Math.round((hits / of) * 1000) / 1000 : null);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
function monday(t: number) {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d.getTime();
}

/** The card as a plain fold over every parcel of the period and its steps. */
function fromScratch(estimator: DeliveryEstimator, now: number, from: number, to: number): Pick<SupplierScorecard, 'rows' | 'byCarrier'> {
  const db = rig.store.db;
  const rows = db
    .prepare<[number, number], Row>(
      `SELECT COALESCE(o.seller_company, o.seller_login_id) AS seller, o.id AS order_id, o.created_at, o.paid_at, s.id AS sid,
        s.status, s.status_1688, s.carrier_code, s.carrier_name, s.origin_city, s.origin_province, s.dest_city, s.dest_province,
        s.shipped_at, s.delivered_at
      FROM orders o LEFT JOIN shipments s ON s.order_id = o.id AND s.status <> 'cancelled'
      WHERE o.created_at >= ? AND o.created_at < ? AND o.status NOT IN ('cancelled', 'awaiting_payment')`,
    )
    .all(from, to);
  const steps = db.prepare<[number], { occurred_at: number; stage: string }>('SELECT occurred_at, stage FROM trace_events WHERE shipment_id = ?');
  type T = { orders: Set<string>; parcels: number; ship: number[]; scan: number[]; transit: number[]; onTime: number; exc: number; failed: number; ret: number; npu: number; last: number | null; weeks: Map<number, { parcels: number; transit: number[] }> };
  const sellers = new Map<string, T>();
  const carriers = new Map<string, CarrierProblems>();
  for (const r of rows) {
    const k = r.seller ?? '—';
    let s = sellers.get(k);
    if (!s) sellers.set(k, (s = { orders: new Set(), parcels: 0, ship: [], scan: [], transit: [], onTime: 0, exc: 0, failed: 0, ret: 0, npu: 0, last: null, weeks: new Map() }));
    s.orders.add(r.order_id);
    if (r.sid === null) continue;
    s.parcels++;
    const name = r.carrier_name ?? '—';
    const c = carriers.get(name) ?? { carrier: name, parcels: 0, exceptions: 0, failedAttempts: 0, returns: 0 };
    carriers.set(name, c);
    c.parcels++;
    const own = steps.all(r.sid);
    const scans = own.filter((e) => e.stage !== 'info_received').map((e) => e.occurred_at);
    const firstScan = scans.length ? Math.min(...scans) : null;
    const problems = own.filter((e) => ['exception', 'failed_attempt', 'returning', 'returned'].includes(e.stage));
    const paid = r.paid_at ?? r.created_at;
    const delivered = r.status === 'delivered';
    if (r.shipped_at !== null && r.shipped_at >= paid) s.ship.push(r.shipped_at - paid);
    if (r.shipped_at !== null && firstScan !== null && firstScan >= r.shipped_at) s.scan.push(firstScan - r.shipped_at);
    if (problems.some((e) => e.stage === 'exception')) {
      s.exc++;
      c.exceptions++;
    }
    if (problems.some((e) => e.stage === 'failed_attempt')) {
      s.failed++;
      c.failedAttempts++;
    }
    if (problems.some((e) => e.stage === 'returning' || e.stage === 'returned') || r.status === 'returning' || r.status === 'returned') {
      s.ret++;
      c.returns++;
    }
    if (r.status_1688 === 'NOGET' || (firstScan === null && !delivered && r.shipped_at !== null && now - r.shipped_at > 72 * HOUR)) s.npu++;
    for (const e of problems) if (s.last === null || e.occurred_at > s.last) s.last = e.occurred_at;
    const w = monday(r.created_at);
    const week = s.weeks.get(w) ?? { parcels: 0, transit: [] };
    s.weeks.set(w, week);
    week.parcels++;
    if (delivered && r.delivered_at !== null && r.shipped_at !== null && r.delivered_at >= r.shipped_at) {
      const t = r.delivered_at - r.shipped_at;
      s.transit.push(t);
      week.transit.push(t);
      const limit = estimator.estimateFor({ ...r, shipped_at: 0, first_seen_at: 0 } as unknown as ShipmentRow).expectedAt;
      if (t <= limit) s.onTime++;
    }
  }
  const zh = new Intl.Collator('zh-CN');
  const out: SupplierScore[] = [...sellers].map(([seller, s]) => ({
    seller,
    orders: s.orders.size,
    parcels: s.parcels,
    samples: s.transit.length,
    shipSamples: s.ship.length,
    firstScanSamples: s.scan.length,
    shipP50Hours: pct(s.ship, 0.5),
    shipP80Hours: pct(s.ship, 0.8),
    firstScanP50Hours: pct(s.scan, 0.5),
    firstScanP80Hours: pct(s.scan, 0.8),
    transitP50Hours: pct(s.transit, 0.5),
    transitP80Hours: pct(s.transit, 0.8),
    onTimeRate: rate(s.onTime, s.transit.length),
    exceptionRate: rate(s.exc, s.parcels),
    failedAttemptRate: rate(s.failed, s.parcels),
    returnRate: rate(s.ret, s.parcels),
    neverPickedUpRate: rate(s.npu, s.parcels),
    lastProblemAt: iso(s.last),
    trend: [...s.weeks].sort((a, b) => a[0] - b[0]).map(([w, v]) => ({ weekStart: new Date(w).toISOString(), parcels: v.parcels, transitP50Hours: pct(v.transit, 0.5) })),
  }));
  out.sort((a, b) => b.parcels - a.parcels || b.orders - a.orders || zh.compare(a.seller, b.seller));
  const probs = (c: CarrierProblems) => c.exceptions + c.failedAttempts + c.returns;
  const byCarrier = [...carriers.values()].sort((a, b) => probs(b) - probs(a) || b.parcels - a.parcels || zh.compare(a.carrier, b.carrier));
  return { rows: out, byCarrier };
}

/** Both folds over a period; the minute moves each time, so no kept card is handed back. */
let minute = 0;
function both(fromDaysAgo: number, toDaysAgo = 0) {
  const estimator = createDeliveryEstimator(rig.store, () => 3);
  const now = rig.clock.now() + ++minute * 61_000;
  const to = now - toDaysAgo * DAY;
  const from = now - fromDaysAgo * DAY;
  const card = supplierScorecard(rig.store, estimator, now, { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  return { sql: { rows: card.rows, byCarrier: card.byCarrier }, scratch: fromScratch(estimator, now, from, to) };
}

/**
 * The world's 400 orders are spread over many sellers, too few parcels each for a figure above
 * the minimum sample: gathered under six names (as a sync may rename them), every figure shows.
 */
function fewSellers() {
  rig.store.db.prepare("UPDATE orders SET seller_company = '供应商' || (rowid % 6) WHERE rowid % 7 <> 0").run();
}

function expectSame(fromDaysAgo: number, toDaysAgo = 0) {
  fewSellers();
  const { sql, scratch } = both(fromDaysAgo, toDaysAgo);
  expect(sql).toEqual(scratch);
  return sql;
}

describe('the scorecard folded in SQL gives what a fold from scratch gives', () => {
  it('on the synced world, over the default 90 days and a narrower period, with figures that are not all empty', () => {
    const card = expectSame(90);
    expect(card.rows.length).toBeGreaterThan(10);
    expect(card.rows.some((r) => r.transitP50Hours !== null && r.onTimeRate !== null)).toBe(true);
    expect(card.rows.some((r) => r.shipP50Hours !== null && r.firstScanP50Hours !== null)).toBe(true);
    expect(card.byCarrier.length).toBeGreaterThan(1);
    expectSame(10, 2);
  });

  it('after another sync adds steps and parcels', async () => {
    rig.clock.advance(2 * DAY);
    await rig.engine.runCycle({ trigger: 'test' });
    expectSame(90);
  });

  it('after updates (a signing, a return, 1688 saying NOGET, a problem step) and deletions', () => {
    const db = rig.store.db;
    const moving = db.prepare<[], { id: number; shipped_at: number | null }>(
      "SELECT id, shipped_at FROM shipments WHERE status IN ('in_transit', 'picked_up', 'out_for_delivery') AND shipped_at IS NOT NULL ORDER BY id LIMIT 4",
    ).all();
    expect(moving.length).toBe(4);
    const [a, b, c, d] = moving as [(typeof moving)[0], (typeof moving)[0], (typeof moving)[0], (typeof moving)[0]];
    const before = expectSame(90);
    db.prepare("UPDATE shipments SET status = 'delivered', delivered_at = ? WHERE id = ?").run((a.shipped_at ?? 0) + 30 * HOUR, a.id);
    db.prepare("UPDATE shipments SET status = 'returned' WHERE id = ?").run(b.id);
    db.prepare("UPDATE shipments SET status_1688 = 'NOGET' WHERE id = ?").run(c.id);
    rig.store.shipments.insertSteps(d.id, [{ occurred_at: rig.clock.now() - HOUR, remark: '快件外包装破损，已联系发件人', stage: 'exception' }], rig.clock.now());
    const deleted = db.prepare<[], { id: string }>("SELECT id FROM orders WHERE status = 'completed' ORDER BY id LIMIT 3").all();
    for (const o of deleted) db.prepare('DELETE FROM orders WHERE id = ?').run(o.id);
    const after = expectSame(90);
    expect(after).not.toEqual(before);
    expectSame(30, 1);
  });
});
