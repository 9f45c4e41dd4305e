// The orders list (store/orderQueries.ts) against a reference computed in JavaScript: every tab,
// sort, direction and archived view, with many ties and NULLs, paged; searches read both ways
// (few matches by rowid, many by walking the sort index); tab counts that follow every write,
// from this connection or another; and the query plans the list relies on at 100,000 orders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderSortField, OrderTab } from '../../../shared/contract';
import { ORDER_STATUSES, type OrderStatus, type ShipmentStatus } from '../../../shared/domain';
import { openStore, type Store } from '../../../electron/core/store';
import { createOrderQueries, ORDER_TAB_LIST, type OrderListQuery } from '../../../electron/core/store/orderQueries';
import { preparedDuring } from '../../helpers/preparedDuring';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-list-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SORTS: OrderSortField[] = ['updatedAt', 'createdAt', 'lastEventAt', 'orderId', 'seller'];
const SORT_FIELD = {
  updatedAt: 'updated_at',
  createdAt: 'created_at',
  lastEventAt: 'last_event_at',
  orderId: 'id',
  seller: 'seller_company',
} as const;
const PARCEL_TABS: Partial<Record<OrderTab, ShipmentStatus[]>> = {
  out_for_delivery: ['out_for_delivery'],
  awaiting_pickup: ['awaiting_pickup'],
  returned: ['returning', 'returned'],
};
const STATUS_TABS: Partial<Record<OrderTab, OrderStatus[]>> = {
  awaiting_payment: ['awaiting_payment'],
  awaiting_shipment: ['awaiting_shipment'],
  in_transit: ['in_transit', 'partially_delivered'],
  delivered: ['delivered', 'completed'],
  exception: ['exception'],
  cancelled: ['cancelled'],
};
const PARCEL_STATUSES: ShipmentStatus[] = ['in_transit', 'out_for_delivery', 'awaiting_pickup', 'returning', 'returned', 'delivered'];

interface Row {
  rowid: number;
  id: string;
  status: OrderStatus;
  archived: number;
  updated_at: number;
  created_at: number | null;
  last_event_at: number | null;
  seller_company: string | null;
}

/**
 * `n` orders whose sort columns take few values (ties everywhere), with NULLs, ids that do not
 * follow the rowid, every status, some archived, and parcels in the states the parcel tabs read.
 * Sellers: "常见贸易…" for most orders (a search for it matches many), "罕见甲乙丙" for a few.
 */
function seed(n: number, seedNo = 1) {
  let x = seedNo;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const order = store.db.prepare(`
    INSERT INTO orders (id, status, seller_company, created_at, last_event_at, source, archived, first_seen_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'discovered', ?, 0, ?)`);
  const ship = store.db.prepare(`
    INSERT INTO shipments (order_id, logistics_id, bill_no, status, first_seen_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)`);
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      // Ids in an order of their own: the order id sort must not follow the rowid.
      const id = `37${String((i * 7919) % 100_003).padStart(17, '0')}`;
      const seller = i % 151 === 0 ? `罕见甲乙丙${i % 2}` : rnd() < 0.1 ? null : `常见贸易${pick(['A', 'B', 'C'])}有限公司`;
      order.run(
        id,
        pick(ORDER_STATUSES),
        seller,
        rnd() < 0.15 ? null : 1_000 + Math.floor(rnd() * 6),
        rnd() < 0.2 ? null : 2_000 + Math.floor(rnd() * 4),
        rnd() < 0.1 ? 1 : 0,
        3_000 + Math.floor(rnd() * 5),
      );
      const parcels = Math.floor(rnd() * 3);
      for (let p = 0; p < parcels; p++) ship.run(id, `LP${i}-${p}`, `75${String(i).padStart(8, '0')}${p}`, pick(PARCEL_STATUSES));
      store.queries.refreshSearch(id);
    }
  });
}

function allRows(): Row[] {
  return store.db
    .prepare('SELECT rowid, id, status, archived, updated_at, created_at, last_event_at, seller_company FROM orders')
    .all() as Row[];
}

function inTab(r: Row, tab: OrderTab): boolean {
  const statuses = STATUS_TABS[tab];
  if (statuses) return statuses.includes(r.status);
  const parcelStatuses = PARCEL_TABS[tab];
  if (parcelStatuses) {
    const got = store.db.prepare('SELECT status FROM shipments WHERE order_id = ?').pluck().all(r.id) as ShipmentStatus[];
    return got.some((s) => parcelStatuses.includes(s));
  }
  return true;
}

/** SQLite's order: BINARY (byte) comparison of text, NULLs last both ways, then the rowid the same way. */
function compare(sort: OrderSortField, dir: 'asc' | 'desc') {
  const f = SORT_FIELD[sort];
  const sign = dir === 'asc' ? 1 : -1;
  return (a: Row, b: Row): number => {
    const x = a[f];
    const y = b[f];
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      const c = typeof x === 'string' ? Buffer.compare(Buffer.from(x), Buffer.from(y as string)) : x - (y as number);
      if (c !== 0) return sign * c;
    }
    return sign * (a.rowid - b.rowid);
  };
}

function expected(q: Omit<OrderListQuery, 'offset' | 'limit'>, rows = allRows()): string[] {
  return rows
    .filter((r) => (q.includeArchived || r.archived === 0) && inTab(r, q.tab) && (!q.search || (r.seller_company ?? '').includes(q.search)))
    .sort(compare(q.sort, q.dir))
    .map((r) => r.id);
}

/** Every page of a list, read `limit` at a time. */
function paged(q: Omit<OrderListQuery, 'offset' | 'limit'>, limit: number): string[] {
  const ids: string[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = store.queries.list({ ...q, offset, limit });
    ids.push(...page.rows.map((r) => r.id));
    if (page.rows.length < limit) return ids;
  }
}

describe('orders list order', () => {
  it('sorts every tab, column, direction and view like the reference, ties by rowid and NULLs last, page after page', () => {
    seed(240);
    const rows = allRows();
    for (const tab of ORDER_TAB_LIST) {
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          for (const includeArchived of [false, true]) {
            const q = { tab, sort, dir, includeArchived };
            const want = expected(q, rows);
            expect(paged(q, 7), JSON.stringify(q)).toEqual(want);
            const first = store.queries.list({ ...q, offset: 0, limit: 50 });
            expect(first.total, JSON.stringify(q)).toBe(want.length);
          }
        }
      }
    }
  });

  it('orders searched lists the same, whether the matches are read by rowid (few) or by walking the sort index (many)', () => {
    seed(300);
    const rows = allRows();
    const rare = '罕见甲乙丙';
    const common = '常见贸易';
    const rowsSql = (search: string) =>
      preparedDuring(store, () => store.queries.list({ tab: 'all', search, sort: 'seller', dir: 'desc', offset: 0, limit: 10, includeArchived: false })).find(
        (sql) => sql.startsWith('SELECT o.id'),
      ) ?? '';
    // Few matches are read by rowid; many by the walk, which reads the page's rowids first.
    expect(rowsSql(rare)).not.toContain('WHERE o.rowid IN (SELECT o.rowid');
    expect(rowsSql(common)).toContain('WHERE o.rowid IN (SELECT o.rowid');
    for (const search of [rare, common, '甲乙', '贸易A']) {
      for (const tab of ORDER_TAB_LIST) {
        for (const sort of SORTS) {
          for (const dir of ['asc', 'desc'] as const) {
            const q = { tab, sort, dir, includeArchived: false, search };
            expect(paged(q, 10), JSON.stringify(q)).toEqual(expected(q, rows));
          }
        }
      }
    }
  });

  it('carries no raw JSON in list rows, and every other column', () => {
    seed(5);
    store.db.prepare("UPDATE orders SET raw_json = '{\"big\":1}'").run();
    const page = store.queries.list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 10, includeArchived: true });
    const full = store.orders.get(page.rows[0]!.id)!;
    const { raw_json: _omitted, ...rest } = full;
    expect(page.rows[0]).toEqual(rest);
    expect(page.rows[0]).not.toHaveProperty('raw_json');
    const withParcels = page.rows.find((r) => page.shipmentsByOrder.has(r.id));
    if (withParcels) {
      for (const sh of page.shipmentsByOrder.get(withParcels.id)!) expect(sh).not.toHaveProperty('raw_json');
    }
  });
});

describe('tab counts', () => {
  const list = (s: Store, over: Partial<OrderListQuery> = {}) =>
    s.queries.list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 1, includeArchived: false, ...over });

  function expectedCounts(includeArchived: boolean, search?: string): Record<OrderTab, number> {
    const rows = allRows().filter((r) => (includeArchived || r.archived === 0) && (!search || (r.seller_company ?? '').includes(search)));
    return Object.fromEntries(ORDER_TAB_LIST.map((t) => [t, rows.filter((r) => inTab(r, t)).length])) as Record<OrderTab, number>;
  }

  it('match the reference in both views, searched or not', () => {
    seed(200);
    for (const includeArchived of [false, true]) {
      expect(list(store, { includeArchived }).counts).toEqual(expectedCounts(includeArchived));
      for (const search of ['罕见甲乙丙', '常见贸易', '贸易']) {
        expect(list(store, { includeArchived, search }).counts).toEqual(expectedCounts(includeArchived, search));
      }
    }
  });

  it('match the reference for a search with more matches than are counted one by one', () => {
    seed(2_400);
    const matches = allRows().filter((r) => (r.seller_company ?? '').includes('贸易')).length;
    expect(matches).toBeGreaterThan(2_000); // counted in one pass over an index instead
    for (const includeArchived of [false, true]) {
      expect(list(store, { includeArchived, search: '贸易' }).counts).toEqual(expectedCounts(includeArchived, '贸易'));
    }
  });

  it('are never stale after a write by this connection, even one inside a transaction that rolls back', () => {
    seed(60);
    const before = list(store).counts;
    expect(before).toEqual(expectedCounts(false));
    const someone = allRows().find((r) => r.archived === 0 && r.status !== 'cancelled')!;
    store.orders.setDerived(someone.id, 'cancelled', null, null, 10);
    expect(list(store).counts).toEqual(expectedCounts(false));
    expect(list(store).counts.cancelled).toBe(before.cancelled + 1);

    // A parcel changes state: the parcel tabs follow.
    const sh = store.db.prepare("SELECT id, order_id FROM shipments WHERE status != 'out_for_delivery' LIMIT 1").get() as { id: number; order_id: string };
    store.db.prepare("UPDATE shipments SET status = 'out_for_delivery' WHERE id = ?").run(sh.id);
    expect(list(store).counts).toEqual(expectedCounts(false));

    // Archiving, and a search's counts.
    const searched = list(store, { search: '常见贸易' }).counts;
    const common = allRows().find((r) => r.archived === 0 && (r.seller_company ?? '').includes('常见贸易'))!;
    store.orders.setArchived(common.id, true, 11);
    expect(list(store, { search: '常见贸易' }).counts.all).toBe(searched.all - 1);
    expect(list(store).counts).toEqual(expectedCounts(false));

    // Inside a transaction the list sees the transaction's own writes; after a rollback, not.
    const settled = list(store).counts;
    const other = allRows().find((r) => r.archived === 0 && r.status !== 'exception')!;
    expect(() =>
      store.transaction(() => {
        store.orders.setDerived(other.id, 'exception', null, null, 12);
        expect(list(store).counts.exception).toBe(settled.exception + 1);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(list(store).counts).toEqual(settled);
    expect(list(store).counts).toEqual(expectedCounts(false));
  });

  it('are never stale after a write by another connection', () => {
    seed(60);
    const mine = list(store).counts;
    const other = openStore(dir);
    try {
      const someone = allRows().find((r) => r.archived === 0 && r.status !== 'delivered' && r.status !== 'completed')!;
      other.orders.setDerived(someone.id, 'delivered', null, null, 10);
      expect(list(store).counts.delivered).toBe(mine.delivered + 1);
      expect(list(store).counts).toEqual(expectedCounts(false));
      other.orders.addTracked('3799999999999999999', 'manual', null, 11);
      expect(list(store).counts.all).toBe(mine.all + 1);
      expect(list(store, { search: '3799999999999999999' }).total).toBe(1);
    } finally {
      other.close();
    }
  });
});

describe('query plans (SQLite has no statistics here, so these are the plans at 100,000 orders too)', () => {
  const details = (s: Store, sql: string) =>
    (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array((sql.match(/\?/g) ?? []).length).fill(0)) as { parent: number; detail: string }[]);

  it('finds every page of every tab, sort, direction and view from a covering index: no table row read but the page, no sort of rows but the page', () => {
    seed(20);
    // A second connection: its statements are prepared (and seen) here, each the first time it is needed.
    const s = openStore(dir);
    try {
      for (const tab of ORDER_TAB_LIST) {
        for (const sort of SORTS) {
          for (const dir of ['asc', 'desc'] as const) {
            for (const includeArchived of [false, true]) {
              const q = { tab, sort, dir, offset: 0, limit: 100, includeArchived };
              const sql = preparedDuring(s, () => s.queries.list(q)).find((x) => x.startsWith('SELECT o.id'));
              if (!sql) continue; // the same statement as an earlier combination's, checked then
              const plan = details(s, sql);
              const text = plan.map((p) => p.detail).join(' | ');
              const label = JSON.stringify(q);
              // The page's rowids from an index alone: the sort column's walked, or the status index searched…
              expect(text, label).toMatch(/(SCAN o USING COVERING INDEX (orders_by_\w+|sqlite_autoindex_orders_1)|SEARCH o USING COVERING INDEX orders_by_status \(status=\?)/);
              // …then the page's rows by rowid; no other read of the table.
              expect(plan.filter((p) => /^(SCAN|SEARCH) o\b/.test(p.detail) && !/COVERING INDEX|INTEGER PRIMARY KEY/.test(p.detail)).map((p) => p.detail), label).toEqual([]);
              expect(text, label).not.toMatch(/SCAN (p|orders|shipments)\b/);
              // Sorted: the page (at the top of the plan), ties of a walk, or a status tab's index entries.
              const sorts = plan.filter((p) => p.detail === 'USE TEMP B-TREE FOR ORDER BY' && p.parent !== 0);
              if (sorts.length) expect(text, label).toContain('SEARCH o USING COVERING INDEX orders_by_status');
            }
          }
        }
      }
    } finally {
      s.close();
    }
  });

  it('counts the whole list from the indexes, in order, without a sort', () => {
    seed(5);
    const s = openStore(dir);
    try {
      const seen = preparedDuring(s, () =>
        createOrderQueries(s.db).list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 1, includeArchived: false }),
      );
      const byStatus = seen.find((x) => x.includes('GROUP BY status, archived'))!;
      expect(details(s, byStatus).map((p) => p.detail)).toEqual(['SCAN orders USING COVERING INDEX orders_by_status']);
      for (const sql of seen.filter((x) => x.startsWith('SELECT COUNT(*) AS n, SUM(o.archived = 0)'))) {
        const text = details(s, sql).map((p) => p.detail).join(' | ');
        expect(text).toContain('USING COVERING INDEX shipments_by_status (status=?)');
        expect(text).toContain('SEARCH o USING COVERING INDEX orders_by_id (id=?)');
        expect(text).not.toMatch(/SCAN/);
      }
    } finally {
      s.close();
    }
  });
});
