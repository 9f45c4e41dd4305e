// A bulk load (electron/core/store/bulkLoad.ts): a team member's first download sets the
// secondary indexes and step triggers aside, writes rows bare, and rebuilds everything once. A
// load cut short (the process killed: the real-process kill is in
// test/integration/teamFirstDownload.test.ts) is finished by the next open of the file, before
// any query runs: every index and trigger back, the trace search, the parcels' first scans and
// problems and the orders' search whole — for whatever indexes the migrations created.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store';
import { BULK_LOAD_MARK, NAMED_INDEXES, beginBulkLoad, bulkLoadPending, finishBulkLoad } from '../../../electron/core/store/bulkLoad';
import { DB_FILE_NAME, openDatabase } from '../../../electron/core/store/database';
import { MIGRATIONS } from '../../../electron/core/store/migrations';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-load-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const ORDER = '3712345678901234567';
const schemaOf = (s: Store) =>
  s.db.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name").all();

function writeParcel(s: Store, orderId: string, waybill: string) {
  s.db.prepare("INSERT INTO orders (id, status, source, seller_company, first_seen_at, updated_at) VALUES (?, 'in_transit', 'discovered', '义乌小商品城', 0, 0)").run(orderId);
  const sid = Number(
    s.db.prepare("INSERT INTO shipments (order_id, logistics_id, bill_no, status, first_seen_at, updated_at) VALUES (?, ?, ?, 'in_transit', 0, 0)").run(orderId, `L${waybill}`, waybill)
      .lastInsertRowid,
  );
  const step = s.db.prepare('INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, ?, 0)');
  step.run(sid, 10, '商家已发货，等待揽收', 'info_received');
  step.run(sid, 20, '【义乌市】已揽收', 'picked_up');
  step.run(sid, 30, '派送不成功，电话无人接听', 'failed_attempt');
  return sid;
}
const facts = (s: Store, id: number) => s.db.prepare('SELECT first_scan_at, problems, last_problem_at FROM shipments WHERE id = ?').get(id);
const found = (s: Store, q: string) =>
  s.queries.list({ tab: 'all', search: q, sort: 'orderId', dir: 'asc', offset: 0, limit: 10, includeArchived: false }).rows.map((r) => r.id);

describe('bulk load', () => {
  it('a load cut short is finished when the file is opened again: indexes, triggers and both searches whole', () => {
    const fresh = openStore(path.join(dir, 'fresh'));
    const expected = schemaOf(fresh);
    fresh.close();

    const store = openStore(dir);
    const before = writeParcel(store, ORDER, 'YT100');
    beginBulkLoad(store.db);
    expect(bulkLoadPending(store.db)).toBe(true);
    expect(schemaOf(store).filter((r) => (r as { type: string }).type === 'index').length).toBeLessThan(
      expected.filter((r) => (r as { type: string }).type === 'index').length,
    );
    const during = writeParcel(store, '3712345678901234568', 'YT200'); // written bare: no search, no first scan yet
    // the orders list (its tab counts name an index) still answers while the indexes are away
    expect(store.queries.list({ tab: 'all', sort: 'orderId', dir: 'asc', offset: 0, limit: 10, includeArchived: false }).total).toBe(2);
    expect(store.traceSearch.search('电话无人接听', 10).rows.length).toBe(1);
    expect(facts(store, during)).toEqual({ first_scan_at: null, problems: 0, last_problem_at: null });
    store.close(); // the state a kill leaves after the last committed page

    const again = openStore(dir);
    try {
      expect(bulkLoadPending(again.db)).toBe(false);
      expect(again.syncState.get(BULK_LOAD_MARK)).toBeUndefined();
      expect(schemaOf(again)).toEqual(expected);
      expect(again.traceSearch.search('电话无人接听', 10).rows.map((r) => r.logistics_id)).toEqual(['LYT200', 'LYT100']);
      expect(facts(again, during)).toEqual({ first_scan_at: 20, problems: 2, last_problem_at: 30 });
      expect(facts(again, before)).toEqual({ first_scan_at: 20, problems: 2, last_problem_at: 30 });
      expect(found(again, 'YT200')).toEqual(['3712345678901234568']);
      expect(found(again, '义乌小商品')).toEqual([ORDER, '3712345678901234568']);
      // the triggers are back: a step written now is searchable at once
      again.db.prepare("INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, 40, '快件外包装破损', 'exception', 0)").run(during);
      expect(again.traceSearch.search('外包装破损', 10).rows.length).toBe(1);
      expect(facts(again, during)).toEqual({ first_scan_at: 20, problems: 3, last_problem_at: 40 });
    } finally {
      again.close();
    }
  });

  it('keeps every index a query names (INDEXED BY), so the desk and the estimator answer during a first download', () => {
    const core = path.resolve(__dirname, '../../../electron/core');
    const named = new Set<string>();
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/INDEXED BY (\w+)/g)) named.add(m[1]!);
      }
    };
    walk(core);
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((n) => !(NAMED_INDEXES as readonly string[]).includes(n))).toEqual([]);
    const store = openStore(dir);
    try {
      beginBulkLoad(store.db);
      const left = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[];
      expect([...named].filter((n) => !left.includes(n))).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('puts back an index a later migration adds, with no list to update', () => {
    const extra = [...MIGRATIONS, { version: 99, name: 'a future index', sql: 'CREATE INDEX orders_by_purchaser_future ON orders (purchaser, created_at);' }];
    const file = path.join(dir, DB_FILE_NAME);
    const db = openDatabase(file, { migrations: extra });
    beginBulkLoad(db);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'orders_by_purchaser_future'").get()).toBeUndefined();
    expect(finishBulkLoad(db)).toBe(true);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'orders_by_purchaser_future'").pluck().get()).toBe(
      'CREATE INDEX orders_by_purchaser_future ON orders (purchaser, created_at)',
    );
    expect(finishBulkLoad(db)).toBe(false); // nothing under way: nothing done
    db.close();
  });
});
