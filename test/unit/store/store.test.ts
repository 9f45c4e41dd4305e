import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderInfo, Parcel } from '../../../electron/core/ali1688/schemas';
import { openStore, type Store } from '../../../electron/core/store';
import { DatabaseTooNewError, defaultDataDir, LATEST_SCHEMA_VERSION, openDatabase, schemaVersion } from '../../../electron/core/store/database';
import { MIGRATIONS } from '../../../electron/core/store/migrations';
import { orderInfo, parcelInfo } from '../../helpers/gatewayFixtures';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const ID = '3712345678901234567';

const order = (id = ID, over: Partial<OrderInfo> = {}): OrderInfo => orderInfo(id, { raw: { baseInfo: { id: ID } }, ...over });
const parcel = (over: Partial<Parcel> = {}): Parcel => parcelInfo(over);

describe('database', () => {
  it('migrates an empty file to the latest version with WAL and foreign keys on', () => {
    const db = openDatabase(path.join(dir, 'a.db'));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['orders', 'shipments', 'trace_events', 'alerts', 'notifications']));
    db.close();
  });

  it('applies only the pending migrations to an older database, each in its own transaction', () => {
    const file = path.join(dir, 'b.db');
    const v1 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version === 1) });
    expect(schemaVersion(v1)).toBe(1);
    v1.prepare("INSERT INTO settings (key, value) VALUES ('qps', '3')").run();
    v1.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'qps'").get()).toEqual({ value: '3' });
    db.close();
  });

  it('rolls a failing migration back whole and keeps the previous version', () => {
    const file = path.join(dir, 'c.db');
    openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version === 1) }).close();
    const broken = [...MIGRATIONS.filter((m) => m.version === 1), { version: 2, name: 'broken', sql: 'CREATE TABLE x (a INTEGER); SELECT * FROM nope;' }];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'x'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('refuses a database from a newer version with a clear message and leaves it untouched', () => {
    const file = path.join(dir, 'new.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
    try {
      openDatabase(file);
    } catch (e) {
      expect((e as Error).message).toContain('更新版本');
      expect((e as Error).message).toContain(String(LATEST_SCHEMA_VERSION + 5));
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('puts the data in TRACKER_DATA_DIR, else in the OS app-data folder', () => {
    expect(defaultDataDir({ TRACKER_DATA_DIR: '/x/y' }, 'linux')).toBe('/x/y');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('1688 Tracker');
    expect(defaultDataDir({}, 'darwin')).toContain(path.join('Library', 'Application Support', '1688 Tracker'));
  });
});

describe('repositories', () => {
  let store: Store;
  beforeEach(() => {
    store = openStore(dir);
  });
  afterEach(() => store.close());

  it('keeps 19-digit ids exact and money in fen', () => {
    store.orders.upsertFromGateway(order(), 1000);
    const row = store.orders.get(ID)!;
    expect(row.id).toBe(ID);
    expect(row.total_fen).toBe(12850);
    expect(JSON.parse(row.raw_json!)).toEqual({ baseInfo: { id: ID } });
  });

  it('reports a changed 1688 status and never downgrades a manual order to discovered', () => {
    expect(store.orders.addTracked(ID, 'manual', 'ERP-1', 1)).toBe('added');
    expect(store.orders.addTracked(ID, 'import', null, 2)).toBe('exists');
    const r1 = store.orders.upsertFromGateway(order(), 3);
    expect(r1.created).toBe(false);
    expect(store.orders.get(ID)!.source).toBe('manual');
    expect(store.orders.get(ID)!.erp_ref).toBe('ERP-1');
    expect(store.orders.upsertFromGateway(order(), 4).changed).toBe(false);
    expect(store.orders.upsertFromGateway(order(ID, { status1688: 'success' }), 5).changed).toBe(true);
  });

  it('deduplicates trace steps on (parcel, time, text)', () => {
    store.orders.upsertFromGateway(order(), 1);
    const { id } = store.shipments.upsertParcel(ID, parcel(), 1);
    expect(store.shipments.insertEvent(id, 100, '【金华市】快件已被揽收', 'picked_up', 2)).toBe(true);
    expect(store.shipments.insertEvent(id, 100, '【金华市】快件已被揽收', 'picked_up', 3)).toBe(false);
    expect(store.shipments.insertEvent(id, 100, '【金华市】快件已发出', 'in_transit', 3)).toBe(true);
    expect(store.shipments.insertEvent(id, 101, '【金华市】快件已被揽收', 'picked_up', 3)).toBe(true);
    expect(store.shipments.eventCount(id)).toBe(3);
  });

  it('keeps the old waybill when a parcel gets a new one, and wakes a finished parcel', () => {
    store.orders.upsertFromGateway(order(), 1);
    const first = store.shipments.upsertParcel(ID, parcel(), 1);
    expect(first.created).toBe(true);
    store.shipments.applyPoll({ id: first.id, status: 'returned', last_event_at: 5, last_remark: 'x', last_stage: 'returned', event_count: 1, delivered_at: null, next_poll_at: null, done: true, now: 6 });
    const second = store.shipments.upsertParcel(ID, parcel({ billNo: '75399999999999' }), 10);
    expect(second).toMatchObject({ created: false, billNoChanged: true });
    const row = store.shipments.get(first.id)!;
    expect(row.bill_no).toBe('75399999999999');
    expect(row.previous_bill_no).toBe('75312345678901');
    expect(row.done).toBe(0);
    expect(row.next_poll_at).toBe(10);
  });

  it('finds orders by waybill, seller and product, also with fewer than three characters', () => {
    store.orders.upsertFromGateway(order(), 1);
    store.orders.upsertFromGateway(order('3799999999999990000', { sellerCompany: '深圳另一家电子厂', products: [{ name: '数据线', quantity: 1, priceFen: 100, productId: null, skuId: null }] }), 1);
    store.shipments.upsertParcel(ID, parcel(), 1);
    const q = (search: string) =>
      store.queries.list({ tab: 'all', search, sort: 'updatedAt', dir: 'desc', offset: 0, limit: 50, includeArchived: false }).rows.map((r) => r.id);
    expect(q('75312345678901')).toEqual([ID]);
    expect(q('5678901')).toEqual([ID]);
    expect(q('义乌示例')).toEqual([ID]);
    expect(q('数据线')).toEqual(['3799999999999990000']);
    expect(q('收纳')).toEqual([ID]);
    expect(q('"; DROP TABLE orders; --')).toEqual([]);
    expect(q('%')).toEqual([]);
  });

  it('pages, sorts and counts per tab in SQL', () => {
    for (let i = 0; i < 30; i++) {
      const id = `37123456789012${String(i).padStart(5, '0')}`;
      store.orders.upsertFromGateway(order(id, { createdAt: 1000 + i }), 1);
      if (i % 3 === 0) store.orders.setDerived(id, 'delivered', null, null, 2);
      else store.orders.setDerived(id, 'in_transit', null, null, 2);
    }
    const page = store.queries.list({ tab: 'delivered', sort: 'createdAt', dir: 'asc', offset: 2, limit: 3, includeArchived: false });
    expect(page.counts.all).toBe(30);
    expect(page.counts.delivered).toBe(10);
    expect(page.counts.in_transit).toBe(20);
    expect(page.total).toBe(10);
    expect(page.rows.map((r) => r.created_at)).toEqual([1006, 1009, 1012]);

    // Parcel-based tabs, and the same counts whether computed from the indexes or per row (search).
    const first = `37123456789012${String(1).padStart(5, '0')}`;
    const { id } = store.shipments.upsertParcel(first, parcel(), 3);
    store.shipments.applyPoll({ id, status: 'out_for_delivery', last_event_at: 4, last_remark: 'x', last_stage: 'out_for_delivery', event_count: 1, delivered_at: null, next_poll_at: 5, done: false, now: 4 });
    const all = store.queries.list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 1, includeArchived: false }).counts;
    const searched = store.queries.list({ tab: 'all', search: '3712345678', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 1, includeArchived: false }).counts;
    expect(all.out_for_delivery).toBe(1);
    expect(searched).toEqual(all);
    store.orders.setArchived(first, true, 5);
    expect(store.queries.list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 1, includeArchived: false }).counts).toMatchObject({ all: 29, out_for_delivery: 0 });
  });

  it('opens at most one alert per subject and rule, and records each notification once', () => {
    store.orders.upsertFromGateway(order(), 1);
    const a = { subject: `o:${ID}`, rule: 'not_shipped' as const, severity: 'warning' as const, orderId: ID, shipmentId: null, message: '付款后 48 小时未发货', messageEn: 'Not shipped' };
    expect(store.alerts.open(a, 1).change).toBe('opened');
    expect(store.alerts.open(a, 2).change).toBe('unchanged');
    expect(store.alerts.open({ ...a, severity: 'alert' }, 3).change).toBe('escalated');
    expect(store.alerts.counts().open).toBe(1);
    expect(store.alerts.resolve(a.subject, a.rule, 4)).toBe(true);
    expect(store.alerts.open(a, 5).change).toBe('opened');
    expect(store.alerts.counts()).toMatchObject({ open: 1, resolved: 1 });
    expect(store.notifications.record('delivered', `${ID}/LP1`, ID, '已签收', 'x', 1)).toBe(true);
    expect(store.notifications.record('delivered', `${ID}/LP1`, ID, '已签收', 'x', 2)).toBe(false);
  });
});
