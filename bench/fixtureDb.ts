// The database B3, B4 and B5 run on: N orders as a year of 1688 purchasing would leave them —
// sellers who recur, Chinese company names, products, 1–3 parcels with real-looking waybills and
// ~10 trace steps each, statuses spread over every tab, some open alerts, a few archived orders.
// Built fast with direct INSERTs in one transaction through the app's own schema (openStore runs
// the migrations); the search rows come from the app's own store.queries.refreshSearch.
import fs from 'node:fs';
import path from 'node:path';
import type { OrderStatus, ShipmentStatus } from '../shared/domain';
import { CARRIERS, CARRIER_WEIGHTS, DESTINATIONS, ORIGINS, makeProductLine, makeSeller, type Seller } from '../electron/core/ali1688/sandbox/catalog';
import { IdSpace } from '../electron/core/ali1688/sandbox/ids';
import { chance, hash32, int, mulberry32, pick, weighted, type Rng } from '../electron/core/ali1688/sandbox/prng';
import { openStore } from '../electron/core/store';
import { DB_FILE_NAME } from '../electron/core/store/database';
import { loadCorpus } from './b6Classifier';
import { log, ms, now, removeDir, tempDir, type Scale } from './lib';

export interface FixtureDb {
  dir: string;
  file: string;
  orders: number;
  /** Real values to search for and open, drawn from the data. */
  waybillSearches: string[];
  sellerSearches: string[];
  orderIds: string[];
}

const SEED = 1688;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** "Now" of the fixture: the data ends here. */
export const FIXTURE_NOW = Date.UTC(2026, 9, 1, 4, 0, 0);

const STATUS_SHARE: readonly (readonly [OrderStatus, number])[] = [
  ['awaiting_payment', 2],
  ['awaiting_shipment', 6],
  ['in_transit', 18],
  ['partially_delivered', 2],
  ['delivered', 8],
  ['exception', 4],
  ['completed', 55],
  ['cancelled', 5],
];
const STATUS_1688: Record<OrderStatus, string> = {
  awaiting_payment: 'waitbuyerpay',
  awaiting_shipment: 'waitsellersend',
  in_transit: 'waitbuyerreceive',
  partially_delivered: 'waitbuyerreceive',
  delivered: 'waitbuyerreceive',
  exception: 'waitbuyerreceive',
  completed: 'success',
  cancelled: 'cancel',
};
const IN_TRANSIT: readonly (readonly [ShipmentStatus, number])[] = [
  ['in_transit', 60],
  ['out_for_delivery', 12],
  ['awaiting_pickup', 12],
  ['picked_up', 10],
  ['not_found', 6],
];
const PROBLEMS: readonly ShipmentStatus[] = ['exception', 'failed_attempt', 'returning', 'returned'];
const SELLERS = 2_000;

/** The stages a parcel went through to reach `status`, as corpus remarks (oldest first). */
function stepsFor(status: ShipmentStatus, r: Rng, pools: Map<string, string[]>): { stage: string; remark: string }[] {
  const path: string[] = ['info_received', 'picked_up'];
  const transit = int(r, 3, 8);
  for (let k = 0; k < transit; k++) path.push('in_transit');
  if (status === 'not_found') return [];
  if (status === 'picked_up') path.length = 2;
  else if (status === 'out_for_delivery' || status === 'delivered') path.push('out_for_delivery');
  if (status === 'delivered') path.push(chance(r, 0.3) ? 'awaiting_pickup' : 'out_for_delivery', 'delivered');
  else if (status !== 'in_transit' && status !== 'picked_up' && status !== 'out_for_delivery') path.push(status);
  return path.map((stage) => ({ stage, remark: pick(r, pools.get(stage) ?? ['运输中']) }));
}

export function buildFixtureDb(scale: Scale): FixtureDb {
  const n = scale.quick ? 10_000 : 100_000;
  const t0 = now();
  const dir = tempDir('db');
  try {
    return build(dir, n, t0);
  } catch (e) {
    removeDir(dir);
    throw e;
  }
}

function build(dir: string, n: number, t0: bigint): FixtureDb {
  const store = openStore(dir);
  const db = store.db;
  const ids = new IdSpace(SEED);
  const pools = new Map<string, string[]>();
  for (const c of loadCorpus()) pools.set(c.stage, [...(pools.get(c.stage) ?? []), c.remark]);
  const sellers: Seller[] = [];
  for (let s = 0; s < SELLERS; s++) {
    const r = mulberry32(hash32(SEED, 0x5e11e7, s));
    sellers.push(makeSeller(r, weighted(r, ORIGINS.map((o) => [o, o.weight] as const)), s));
  }

  const insertOrder = db.prepare(`
    INSERT INTO orders (id, status, status_1688, seller_login_id, seller_company, seller_contact, buyer_login_id,
      total_fen, shipping_fee_fen, created_at, paid_at, modified_at, product_summary, source, erp_ref, archived,
      raw_json, detail_fetched_at, parcels_checked_at, next_parcel_check_at, last_event_at, last_remark,
      first_seen_at, updated_at)
    VALUES (@id, @status, @status_1688, @seller_login_id, @seller_company, @seller_contact, 'tracker-demo-buyer',
      @total_fen, @shipping_fee_fen, @created_at, @paid_at, @modified_at, @product_summary, @source, @erp_ref, @archived,
      @raw_json, @created_at, @updated_at, @next_check, @last_event_at, @last_remark, @created_at, @updated_at)`);
  const insertShipment = db.prepare(`
    INSERT INTO shipments (order_id, logistics_id, bill_no, carrier_code, carrier_name, status, status_1688,
      origin_province, origin_city, dest_province, dest_city, shipped_at, last_event_at, last_remark, last_stage,
      event_count, delivered_at, status_changed_at, next_poll_at, done, last_polled_at, first_seen_at, updated_at)
    VALUES (@order_id, @logistics_id, @bill_no, @carrier_code, @carrier_name, @status, @status_1688,
      @origin_province, @origin_city, @dest_province, @dest_city, @shipped_at, @last_event_at, @last_remark, @last_stage,
      @event_count, @delivered_at, @last_event_at, @next_poll_at, @done, @updated_at, @shipped_at, @updated_at)`);
  const insertEvent = db.prepare('INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, ?, ?)');
  const insertAlert = db.prepare(`
    INSERT INTO alerts (rule, severity, order_id, shipment_id, subject, message, message_en, opened_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  const waybills: string[] = [];
  const orderIds: string[] = [];
  const sellerSearches = new Set<string>();
  let shipmentCount = 0;
  let eventCount = 0;
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const r = mulberry32(hash32(SEED, i, 0xb3));
      const id = ids.orderId(i);
      const status = weighted(r, STATUS_SHARE);
      const seller = sellers[Math.floor(SELLERS * r() ** 1.6)] as Seller; // a few sellers get most orders
      const items = Array.from({ length: int(r, 1, 4) }, (_, k) => makeProductLine(r, ids.productId(i, k)));
      // Open orders are recent, finished ones spread over the year.
      const ageDays = status === 'completed' || status === 'cancelled' ? 7 + r() * 358 : r() * 20;
      const createdAt = Math.floor(FIXTURE_NOW - ageDays * DAY);
      const paidAt = status === 'awaiting_payment' ? null : createdAt + int(r, 1, 40) * 60_000;
      const dest = weighted(r, DESTINATIONS.map((d) => [d, d.weight] as const));
      const shipped = !['awaiting_payment', 'awaiting_shipment'].includes(status) && !(status === 'cancelled' && chance(r, 0.7));
      const nParcels = shipped ? weighted(r, [[1, 85], [2, 11], [3, 4]] as const) : 0;
      const statuses: ShipmentStatus[] = [];
      for (let p = 0; p < nParcels; p++) {
        if (status === 'completed' || status === 'delivered') statuses.push('delivered');
        else if (status === 'cancelled') statuses.push('cancelled');
        else if (status === 'exception') statuses.push(p === 0 ? pick(r, PROBLEMS) : 'in_transit');
        else if (status === 'partially_delivered') statuses.push(p === 0 ? 'delivered' : weighted(r, IN_TRANSIT));
        else statuses.push(weighted(r, IN_TRANSIT));
      }
      if (status === 'partially_delivered' && nParcels === 1) statuses.push(weighted(r, IN_TRANSIT));

      let lastEventAt: number | null = null;
      let lastRemark: string | null = null;
      const shipAt = (paidAt ?? createdAt) + int(r, 3, 48) * HOUR;
      const shipments: { id: number; status: ShipmentStatus }[] = [];
      const rows: Record<string, unknown>[] = [];
      statuses.forEach((st, p) => {
        const carrier = CARRIERS[weighted(r, CARRIER_WEIGHTS)];
        const bill = carrier.bill(ids.billDigits(i, p, 0), r);
        const steps = stepsFor(st, r, pools);
        let at0 = shipAt + p * int(r, 0, 20) * HOUR;
        const gaps = steps.map((_, k) => (k === 0 ? 0 : int(r, 2, 14) * HOUR + int(r, 0, 3599) * 1000));
        const span = gaps.reduce((a, g) => a + g, 0);
        // Recent orders: shift the whole journey back so its newest step is in the past.
        if (at0 + span > FIXTURE_NOW - HOUR) at0 = FIXTURE_NOW - HOUR - span;
        let acc = at0;
        const times = gaps.map((g) => (acc += g));
        const last = steps.length - 1;
        const lastAt = last >= 0 ? (times[last] as number) : null;
        const done = st === 'delivered' || st === 'returned' || st === 'cancelled';
        if (lastAt !== null && (lastEventAt === null || lastAt > lastEventAt)) {
          lastEventAt = lastAt;
          lastRemark = steps[last]?.remark ?? null;
        }
        rows.push({
          logistics_id: ids.logisticsId(i, p),
          bill_no: bill,
          carrier_code: carrier.code,
          carrier_name: carrier.name,
          status: st,
          status_1688: done ? (st === 'cancelled' ? 'CANCEL' : 'SIGN') : 'TRANSPORT',
          origin_province: seller.origin.province,
          origin_city: seller.origin.city,
          dest_province: dest.province,
          dest_city: dest.city,
          shipped_at: at0,
          last_event_at: lastAt,
          last_remark: last >= 0 ? (steps[last]?.remark ?? null) : null,
          last_stage: last >= 0 ? (steps[last]?.stage ?? null) : null,
          event_count: steps.length,
          delivered_at: st === 'delivered' ? lastAt : null,
          next_poll_at: done ? null : FIXTURE_NOW + int(r, 1, 30) * 60_000,
          done: done ? 1 : 0,
          steps,
          times,
        });
        if (p === 0 && waybills.length < 50 && chance(r, 0.05)) waybills.push(bill);
      });

      const updatedAt = Math.max(lastEventAt ?? createdAt, paidAt ?? createdAt) + int(r, 1, 600) * 1000;
      const totalFen = items.reduce((sum, it) => sum + it.priceFen * it.quantity, 0);
      insertOrder.run({
        id,
        status,
        status_1688: STATUS_1688[status],
        seller_login_id: seller.loginId,
        seller_company: seller.companyName,
        seller_contact: seller.contactName,
        total_fen: totalFen,
        shipping_fee_fen: chance(r, 0.4) ? 0 : int(r, 5, 30) * 100,
        created_at: createdAt,
        paid_at: paidAt,
        modified_at: updatedAt,
        product_summary: items.map((it) => it.name).join(' / '),
        source: chance(r, 0.9) ? 'discovered' : 'import',
        erp_ref: chance(r, 0.3) ? `PO-2026-${String(i).padStart(6, '0')}` : null,
        archived: status === 'completed' && chance(r, 0.02) ? 1 : 0,
        // Like the gateway's order JSON the app keeps: about a kilobyte per order.
        raw_json: JSON.stringify({ id, status: STATUS_1688[status], seller: seller.loginId, items }),
        updated_at: updatedAt,
        next_check: statuses.length && !statuses.every((s) => s === 'delivered') ? updatedAt + 12 * HOUR : null,
        last_event_at: lastEventAt,
        last_remark: lastRemark,
      });
      for (const row of rows) {
        const { steps, times, ...cols } = row as { steps: { stage: string; remark: string }[]; times: number[] } & Record<string, unknown>;
        const sid = Number(insertShipment.run({ ...cols, order_id: id, updated_at: updatedAt }).lastInsertRowid);
        shipments.push({ id: sid, status: cols.status as ShipmentStatus });
        steps.forEach((s, k) => insertEvent.run(sid, times[k], s.remark, s.stage, times[k]));
        eventCount += steps.length;
      }
      shipmentCount += shipments.length;
      const problem = shipments.find((s) => PROBLEMS.includes(s.status));
      if (problem) {
        insertAlert.run('delivery_problem', 'alert', id, problem.id, `s:${problem.id}`, '包裹异常，请联系卖家', 'Delivery problem: contact the seller', updatedAt, updatedAt);
      } else if (status === 'in_transit' && chance(r, 0.08)) {
        const s = shipments[0];
        if (s) insertAlert.run('stalled', 'warning', id, s.id, `s:${s.id}`, '包裹 2 天没有新轨迹', 'No new step for 2 days', updatedAt, updatedAt);
      }
      orderIds.push(id);
      // A 4-character Chinese piece of a company name: brand word + trade ("恒达日用").
      if (sellerSearches.size < 20 && chance(r, 0.01)) sellerSearches.add([...seller.companyName].slice(2, 6).join(''));
      store.queries.refreshSearch(id);
    }
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  const file = path.join(dir, DB_FILE_NAME);
  const mb = fs.statSync(file).size / 2 ** 20;
  log(`fixture database: ${n} orders, ${shipmentCount} parcels, ${eventCount} steps, ${mb.toFixed(0)} MB in ${(ms(t0) / 1000).toFixed(1)} s`);
  // Waybill searches: 10 digits out of the middle of real waybills (8+ characters, as a clerk pastes).
  const waybillSearches = waybills.map((b) => b.slice(b.length - 11, b.length - 1));
  return { dir, file, orders: n, waybillSearches, sellerSearches: [...sellerSearches], orderIds: sampleIds(orderIds, 200) };
}

function sampleIds(ids: string[], k: number): string[] {
  const r = mulberry32(hash32(SEED, 0x9e7));
  return Array.from({ length: k }, () => ids[Math.floor(r() * ids.length)] as string);
}
