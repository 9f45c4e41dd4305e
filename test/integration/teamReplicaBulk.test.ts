// A new member's first download writes its steps in bulk (electron/core/team/replicaSteps.ts):
// the store's step triggers are set aside for the page and what they write is written set-wise.
// Two real SQLite replicas get the same change log, one in small pages (the triggers' way) and
// one in a single big page (bulk): trace search, first scans and problem marks must come out the
// same, and the triggers must be back for the sync's own writes afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../electron/core/store';
import { createReplica, FIRST_DOWNLOAD_MIN_CHANGES, installCapture } from '../../electron/core/team/replica';
import { bulkLoadPending } from '../../electron/core/store/bulkLoad';
import { BULK_STEPS } from '../../electron/core/team/replicaSteps';
import type { TeamChange, TeamShipmentRow, TeamStep } from '../../electron/core/team/teamChanges';
import { openDeskStore } from '../team/teamRig';

const T0 = 1_700_000_000_000;
const H = 3_600_000;
const stores: { store: Store; dir: string }[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) {
    s.store.close();
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

function replicaDesk() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-'));
  const store = openDeskStore(dir, []);
  stores.push({ store, dir });
  installCapture(store.db);
  return { store, replica: createReplica(store) };
}

const order = (id: string): TeamChange => ({
  entity: 'order',
  id,
  account: null,
  archived: false,
  erpRef: null,
  row: {
    status: 'in_transit', status_1688: 'waitbuyerreceive', seller_login_id: null, seller_company: '义乌商贸', seller_contact: null,
    buyer_login_id: null, total_fen: 1234, shipping_fee_fen: 0, created_at: T0, paid_at: null, modified_at: null, product_summary: '样品',
    source: 'discovered', raw_json: null, detail_fetched_at: null, parcels_checked_at: null, next_parcel_check_at: null, last_error: null,
    last_event_at: null, last_remark: null, first_seen_at: T0, updated_at: T0, purchaser: null,
  },
});
const shipRow = (bill: string): TeamShipmentRow => ({
  bill_no: bill, previous_bill_no: null, carrier_code: 'YTO', carrier_name: '圆通', status: 'in_transit', status_1688: null,
  origin_province: '浙江省', origin_city: '金华市', dest_province: '广东省', dest_city: '深圳市', shipped_at: T0, last_event_at: null,
  last_remark: null, last_stage: null, event_count: 0, delivered_at: null, status_changed_at: null, next_poll_at: null, done: 0,
  last_polled_at: null, poll_failures: 0, last_error: null, raw_json: null, first_seen_at: T0, updated_at: T0,
  // the facts the steps give are left to the steps here (the triggers' or the bulk's way)
  evidence: null, status_1688_at: null, first_scan_at: null, problems: 0, last_problem_at: null,
});

/** A change log of `parcels` orders with one parcel each: an info step, scans, and some problem steps. */
function changeLog(parcels: number): { seq: number; data: TeamChange }[] {
  const out: TeamChange[] = [];
  for (let i = 0; i < parcels; i++) {
    const id = String(3_200_000_000_000_000_000n + BigInt(i));
    const lp = `LP${i}`;
    out.push(order(id), { entity: 'shipment', orderId: id, logisticsId: lp, row: shipRow(`YT${i}`), receivedAt: null });
    const steps: TeamStep[] = [{ occurred_at: T0 + H, remark: '商家已下单，等待揽收', stage: 'info_received', first_seen_at: T0 }];
    for (let k = 2; k <= 6; k++) steps.push({ occurred_at: T0 + k * H, remark: `【金华】快件已到达 第${k}站 单${i}`, stage: 'in_transit', first_seen_at: T0 });
    if (i % 7 === 0) steps.push({ occurred_at: T0 + 7 * H, remark: `派送不成功，电话无人接听 单${i}`, stage: 'failed_attempt', first_seen_at: T0 });
    if (i % 11 === 0) steps.push({ occurred_at: T0 + 8 * H, remark: `包裹破损，已退回 单${i}`, stage: 'returned', first_seen_at: T0 });
    // sent in two batches, the second repeating one step (re-sent batches add nothing)
    out.push({ entity: 'steps', orderId: id, logisticsId: lp, steps: steps.slice(0, 3) });
    out.push({ entity: 'steps', orderId: id, logisticsId: lp, steps: steps.slice(2) });
  }
  return out.map((data, n) => ({ seq: n + 1, data }));
}

const parcelFacts = (s: Store) =>
  s.db.prepare('SELECT logistics_id, first_scan_at, problems, last_problem_at FROM shipments ORDER BY logistics_id').all();
const searched = (s: Store, q: string) => s.traceSearch.search(q, 500).rows.map((r) => `${r.logistics_id} ${r.stage} ${r.remark}@${r.occurred_at}`);
const triggers = (s: Store) =>
  (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'trace_events' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('first download in bulk', () => {
  it('gives the same trace search, first scans and problems as step-by-step pages', () => {
    const log = changeLog(300);
    const stepCount = log.reduce((n, r) => n + (r.data.entity === 'steps' ? r.data.steps.length : 0), 0);
    expect(stepCount).toBeGreaterThan(BULK_STEPS);

    const small = replicaDesk();
    for (let i = 0; i < log.length; i += 8) small.replica.applyPage(log.slice(i, i + 8)); // under the bulk threshold each
    const bulk = replicaDesk();
    const before = triggers(bulk.store);
    const res = bulk.replica.applyPage(log);
    expect(res.rejected).toEqual([]);
    expect(res.cursor).toBe(log.length);

    expect(parcelFacts(bulk.store)).toEqual(parcelFacts(small.store));
    const facts = bulk.store.db.prepare('SELECT first_scan_at, problems, last_problem_at FROM shipments WHERE logistics_id = ?');
    expect(facts.get('LP0')).toEqual({ first_scan_at: T0 + 2 * H, problems: 2 | 4, last_problem_at: T0 + 8 * H });
    expect(facts.get('LP1')).toEqual({ first_scan_at: T0 + 2 * H, problems: 0, last_problem_at: null });
    for (const q of ['破损', '电话无人接听', '第3站 单42', '等待揽收']) {
      expect(searched(bulk.store, q).length).toBeGreaterThan(0);
      expect(searched(bulk.store, q)).toEqual(searched(small.store, q));
    }
    // the orders' own search (waybills of their parcels) the same way
    const orders = (s: Store, q: string) =>
      s.queries.list({ tab: 'all', search: q, sort: 'orderId', dir: 'asc', offset: 0, limit: 50, includeArchived: false }).rows.map((r) => r.id);
    expect(orders(bulk.store, 'YT42')).toEqual([String(3_200_000_000_000_000_000n + 42n)]);
    expect(orders(bulk.store, '义乌商贸').length).toBe(50);
    expect(orders(bulk.store, 'YT4')).toEqual(orders(small.store, 'YT4'));
    // each step once in the search (the repeated step was not indexed twice)
    const count = (s: Store) => s.db.prepare('SELECT (SELECT COUNT(*) FROM trace_search) AS fts, (SELECT COUNT(*) FROM trace_events) AS steps').get();
    expect(count(bulk.store)).toEqual(count(small.store));
    expect(count(bulk.store)).toEqual({ fts: stepCount - 300, steps: stepCount - 300 });

    // the triggers are back: a step the sync writes afterwards is searchable and marks its parcel
    expect(triggers(bulk.store)).toEqual(before);
    const sid = (bulk.store.db.prepare("SELECT id FROM shipments WHERE logistics_id = 'LP1'").get() as { id: number }).id;
    bulk.store.db
      .prepare("INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, '快件异常，滞留网点', 'exception', ?)")
      .run(sid, T0 + 9 * H, T0);
    expect(searched(bulk.store, '滞留网点')).toEqual([`LP1 exception 快件异常，滞留网点@${T0 + 9 * H}`]);
    expect(facts.get('LP1')).toEqual({ first_scan_at: T0 + 2 * H, problems: 1, last_problem_at: T0 + 9 * H });
  });

  it('keeps the triggers and writes nothing of a page whose bulk write fails', () => {
    const bulk = replicaDesk();
    const before = triggers(bulk.store);
    const log = changeLog(200);
    bulk.replica.applyPage(log);
    // the same steps again plus a malformed row: the page is re-applied row by row, the bad row refused
    const again = [...log.map((r) => ({ seq: r.seq + log.length, data: r.data })), { seq: 2 * log.length + 1, data: { entity: 'steps', orderId: 'x' } }];
    const res = bulk.replica.applyPage(again);
    expect(res.rejected.map((r) => r.seq)).toEqual([2 * log.length + 1]);
    expect(triggers(bulk.store)).toEqual(before);
    const n = bulk.store.db.prepare('SELECT (SELECT COUNT(*) FROM trace_search) AS fts, (SELECT COUNT(*) FROM trace_events) AS steps').get() as { fts: number; steps: number };
    expect(n.fts).toBe(n.steps);
  });

  it('a first download written bare: a malformed row is refused alone, and the end gives the step-by-step result', () => {
    const log = changeLog(300);
    const small = replicaDesk();
    for (let i = 0; i < log.length; i += 8) small.replica.applyPage(log.slice(i, i + 8));
    const bare = replicaDesk();
    const before = triggers(bare.store);
    expect(bare.replica.startFirstDownload(FIRST_DOWNLOAD_MIN_CHANGES)).toBe(true);
    expect(bulkLoadPending(bare.store.db)).toBe(true);
    // left: the delete trigger, and the sync batch's deferral (migration 13), which acts only inside a sync batch
    expect(triggers(bare.store)).toEqual(['trace_events_search_defer', 'trace_events_search_defer_delete', 'trace_events_search_delete']);
    const half = Math.floor(log.length / 2);
    // well-formed but of a parcel nobody has: fails when applied, so the page is applied again row by row
    const bad = {
      seq: half + 1,
      data: { entity: 'steps', orderId: '3299999999999999999', logisticsId: 'LPX', steps: [{ occurred_at: T0, remark: '已揽收', stage: 'picked_up', first_seen_at: T0 }] },
    };
    const first = bare.replica.applyPage([...log.slice(0, half), bad]);
    expect(first.rejected).toEqual([{ seq: half + 1, error: expect.stringContaining('unknown parcel') }]);
    const rest = bare.replica.applyPage(log.slice(half).map((r) => ({ seq: r.seq + 1, data: r.data })));
    expect(rest.rejected).toEqual([]);
    bare.replica.finishFirstDownload(true);
    expect(bulkLoadPending(bare.store.db)).toBe(false);
    expect(triggers(bare.store)).toEqual(before);
    expect(parcelFacts(bare.store)).toEqual(parcelFacts(small.store));
    for (const q of ['破损', '电话无人接听', '第3站 单42', '等待揽收']) expect(searched(bare.store, q)).toEqual(searched(small.store, q));
    const count = (s: Store) => s.db.prepare('SELECT (SELECT COUNT(*) FROM trace_search) AS fts, (SELECT COUNT(*) FROM trace_events) AS steps, (SELECT COUNT(*) FROM order_search) AS orders').get();
    expect(count(bare.store)).toEqual(count(small.store));
    // a replica that already has orders is never a bulk load
    expect(small.replica.startFirstDownload(10 * FIRST_DOWNLOAD_MIN_CHANGES)).toBe(false);
  });
});
