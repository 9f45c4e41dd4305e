// The purchasing desk against the sandbox world: a real gateway, the real sync engine and a real
// SQLite file; then the desk's reads and the 已收货 write as the handlers run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalsView, inTransitBook, markReceived, searchTraces, supplierScorecard } from '../../electron/core/api/desk';
import { createOutboxRepo } from '../../electron/core/erp/outbox';
import { createDeliveryEstimator } from '../../electron/core/tracking/estimator';
import { DAY, startSyncedRig, type Rig } from '../helpers/sandboxRig';

let rig: Rig;

beforeAll(async () => {
  rig = await startSyncedRig({ orders: 300, seed: 18 }, 4);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

const estimator = () => createDeliveryEstimator(rig.store, () => 3);

describe('the purchasing desk on a synced sandbox world', () => {
  it('lists the parcels waiting at stations and lockers with the pickup code from their trace, grouped by station', () => {
    const view = arrivalsView(rig.store, estimator(), rig.clock.now());
    expect(view.waiting.length).toBeGreaterThan(0);
    for (const w of view.waiting) {
      const sh = rig.store.arrivals.parcel(w.orderId, w.logisticsId)!;
      expect(sh.status).toBe('awaiting_pickup');
      // The code shown is the one the trace step says.
      if (w.pickupCode) expect(w.remark).toContain(w.pickupCode);
    }
    expect(view.waiting.filter((w) => w.pickupCode).length / view.waiting.length).toBeGreaterThan(0.8);
    // One station's parcels are next to each other.
    const seen = new Set<string>();
    let prev: string | null = null;
    for (const w of view.waiting) {
      if (w.stationKey !== prev) {
        expect(seen.has(w.stationKey)).toBe(false);
        seen.add(w.stationKey);
        prev = w.stationKey;
      }
    }
    for (const o of view.outForDelivery) expect(rig.store.arrivals.parcel(o.orderId, o.logisticsId)!.status).toBe('out_for_delivery');
    for (const x of view.expected) {
      expect(['today', 'tomorrow']).toContain(x.day);
      expect(x.basis.length).toBeGreaterThan(0);
    }
  });

  it('marks a waiting parcel received once: stored, its alerts closed, one shipment.received in the outbox, gone from arrivals', () => {
    const outbox = createOutboxRepo(rig.store.db);
    const w = arrivalsView(rig.store, estimator(), rig.clock.now()).waiting[0]!;
    const sh = rig.store.arrivals.parcel(w.orderId, w.logisticsId)!;
    const now = rig.clock.now();
    rig.store.alerts.open({ subject: `s:${sh.id}`, rule: 'waiting_at_station', severity: 'warning', orderId: w.orderId, shipmentId: sh.id, message: '待取件', messageEn: 'Waiting' }, now);
    const deps = { store: rig.store, outbox, erpEnabled: () => true, outboxNow: () => now };
    const first = markReceived(deps, w.orderId, w.logisticsId, now);
    expect(first).toMatchObject({ alreadyReceived: false, erpEvent: 'recorded', closedAlerts: 1 });
    const again = markReceived(deps, w.orderId, w.logisticsId, now + 60_000);
    expect(again).toMatchObject({ alreadyReceived: true, erpEvent: 'already_recorded', closedAlerts: 0 });
    const rows = rig.store.db.prepare("SELECT * FROM outbox WHERE type = 'shipment.received'").all() as { idempotency_key: string; payload: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.idempotency_key).toBe(`shipment.received:${w.orderId}:${w.logisticsId}`);
    const payload = JSON.parse(rows[0]!.payload);
    expect(payload).toMatchObject({ type: 'shipment.received', order: { orderId: w.orderId }, shipment: { logisticsId: w.logisticsId } });
    expect(rig.store.alerts.openForOrder(w.orderId).filter((a) => a.shipment_id === sh.id)).toHaveLength(0);
    expect(rig.store.arrivals.parcel(w.orderId, w.logisticsId)!.received_at).toBe(now);
    const after = arrivalsView(rig.store, estimator(), now);
    expect(after.waiting.some((x) => x.logisticsId === w.logisticsId)).toBe(false);
  });

  it('an unknown parcel is refused with a clear error and nothing is written', () => {
    const outbox = createOutboxRepo(rig.store.db);
    const before = outbox.fullCounts();
    const anyOrder = (rig.store.db.prepare('SELECT id FROM orders LIMIT 1').get() as { id: string }).id;
    expect(() => markReceived({ store: rig.store, outbox, erpEnabled: () => true, outboxNow: Date.now }, anyOrder, 'NO-SUCH-PARCEL', rig.clock.now())).toThrow(/没有包裹/);
    expect(outbox.fullCounts()).toEqual(before);
  });

  it('the in-transit book holds every open purchase once, with its value, and totals that add up', () => {
    const book = inTransitBook(rig.store, rig.clock.now());
    expect(book.rows.length).toBeGreaterThan(0);
    expect(new Set(book.rows.map((r) => r.orderId)).size).toBe(book.rows.length);
    expect(book.byStatus.reduce((s, t) => s + t.valueFen, 0)).toBe(book.total.valueFen);
    expect(book.bySupplier.reduce((s, t) => s + t.orders, 0)).toBe(book.total.orders);
    for (const r of book.rows) expect(['awaiting_shipment', 'in_transit', 'partially_delivered', 'exception']).toContain(r.status);
    // Oldest first by default.
    const ages = book.rows.map((r) => r.ageHours ?? -1);
    expect([...ages].sort((a, b) => b - a)).toEqual(ages);
  });

  it('the scorecard gives each seller figures with their sample sizes, and none below the minimum', () => {
    const card = supplierScorecard(rig.store, estimator(), rig.clock.now(), {
      from: new Date(rig.clock.now() - 60 * DAY).toISOString(),
      to: new Date(rig.clock.now()).toISOString(),
    });
    expect(card.rows.length).toBeGreaterThan(0);
    for (const r of card.rows) {
      if (r.samples < card.minSamples) {
        expect(r.transitP50Hours).toBeNull();
        expect(r.onTimeRate).toBeNull();
      }
      if (r.transitP50Hours !== null && r.transitP80Hours !== null) expect(r.transitP80Hours).toBeGreaterThanOrEqual(r.transitP50Hours);
      if (r.parcels < card.minSamples) expect(r.exceptionRate).toBeNull();
    }
    const orders = card.rows.reduce((s, r) => s + r.orders, 0);
    expect(orders).toBeGreaterThan(0);
    // Problem parcels per carrier (the Suppliers page's chart): the same parcels as the sellers'.
    expect(card.byCarrier.reduce((s, c) => s + c.parcels, 0)).toBe(card.rows.reduce((s, r) => s + r.parcels, 0));
    const expected = rig.store.db
      .prepare(
        `SELECT COALESCE(s.carrier_name, '—') AS carrier, count(*) AS parcels, sum(s.problems & 1 > 0) AS exceptions
         FROM shipments s JOIN orders o ON o.id = s.order_id
         WHERE s.status <> 'cancelled' AND o.created_at >= ? AND o.created_at < ? AND o.status NOT IN ('cancelled', 'awaiting_payment')
         GROUP BY 1`,
      )
      .all(Date.parse(card.from), Date.parse(card.to)) as { carrier: string; parcels: number; exceptions: number }[];
    expect(Object.fromEntries(card.byCarrier.map((c) => [c.carrier, [c.parcels, c.exceptions]]))).toEqual(
      Object.fromEntries(expected.map((c) => [c.carrier, [c.parcels, c.exceptions]])),
    );
    expect(card.byCarrier.some((c) => c.exceptions + c.failedAttempts + c.returns > 0)).toBe(true);
    const problems = card.byCarrier.map((c) => c.exceptions + c.failedAttempts + c.returns);
    expect([...problems].sort((a, b) => b - a)).toEqual(problems);
  });

  it('finds a word inside a trace step and says where it is in the step', () => {
    const step = rig.store.db.prepare("SELECT remark FROM trace_events WHERE stage = 'awaiting_pickup' LIMIT 1").get() as { remark: string };
    const code = /取件码[:：]?\s*([0-9-]{4,})/.exec(step.remark)?.[1] ?? step.remark.slice(2, 8);
    const r = searchTraces(rig.store, code, 20);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const hit of r.rows) {
      expect(hit.remark).toContain(code);
      const [a, b] = hit.highlights[0]!;
      expect(hit.remark.slice(a, b)).toBe(code);
    }
    // Two characters ("驿站") are found from the index too.
    const two = searchTraces(rig.store, '驿站', 5);
    expect(two.rows.length).toBeGreaterThan(0);
    for (const hit of two.rows) expect(hit.remark).toContain('驿站');
  });
});
