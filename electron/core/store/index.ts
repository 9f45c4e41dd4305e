// Runs in: main process / headless Node. The store: one SQLite file and its repositories.
import path from 'node:path';
import { DB_FILE_NAME, openDatabase, type Db, type OpenOptions } from './database';
import { createOrderRepo } from './orders';
import { createAlertRepo, createNotificationLedger } from './alerts';
import { createOrderQueries } from './orderQueries';
import { createShipmentRepo } from './shipments';
import { createArrivalsQueries } from './arrivalsQueries';
import { createUntilChanged } from './untilChanged';
import { createSupplierQueries } from './supplierQueries';
import { createTraceSearch } from './traceSearch';

export interface SyncRunRow {
  id: number;
  started_at: number;
  finished_at: number | null;
  trigger: string;
  ok: number | null;
  calls: number;
  retries: number;
  errors: number;
  orders_seen: number;
  shipments_polled: number;
  new_events: number;
  error_json: string | null;
}

function createKeyValue(db: Db, table: 'settings' | 'sync_state') {
  const get = db.prepare<[string], { value: string }>(`SELECT value FROM ${table} WHERE key = ?`);
  const all = db.prepare<[], { key: string; value: string }>(`SELECT key, value FROM ${table}`);
  const set = db.prepare(
    `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const del = db.prepare(`DELETE FROM ${table} WHERE key = ?`);
  return {
    get<T>(key: string): T | undefined {
      const row = get.get(key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    all(): Record<string, unknown> {
      return Object.fromEntries(all.all().map((r) => [r.key, JSON.parse(r.value) as unknown]));
    },
    set(key: string, value: unknown): void {
      set.run(key, JSON.stringify(value));
    },
    delete(key: string): void {
      del.run(key);
    },
  };
}

function createSyncRunRepo(db: Db) {
  const start = db.prepare('INSERT INTO sync_runs (started_at, trigger) VALUES (?, ?)');
  const finish = db.prepare(`
    UPDATE sync_runs SET finished_at = @finished_at, ok = @ok, calls = @calls, retries = @retries, errors = @errors,
      orders_seen = @orders_seen, shipments_polled = @shipments_polled, new_events = @new_events,
      error_json = @error_json
    WHERE id = @id`);
  const last = db.prepare<[], SyncRunRow>('SELECT * FROM sync_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1');
  const lastOk = db.prepare<[], SyncRunRow>('SELECT * FROM sync_runs WHERE ok = 1 ORDER BY id DESC LIMIT 1');
  return {
    start: (now: number, trigger: string): number => Number(start.run(now, trigger).lastInsertRowid),
    finish(id: number, r: Omit<SyncRunRow, 'id' | 'started_at' | 'trigger'>) {
      finish.run({ id, ...r });
    },
    last: (): SyncRunRow | undefined => last.get(),
    lastOk: (): SyncRunRow | undefined => lastOk.get(),
  };
}

function createCarrierRepo(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO carriers (code, name, company_id, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, company_id = excluded.company_id, updated_at = excluded.updated_at`);
  const all = db.prepare<[], { code: string; name: string; company_id: string | null }>(
    'SELECT code, name, company_id FROM carriers ORDER BY code',
  );
  const lastUpdate = db.prepare<[], { t: number | null }>('SELECT MAX(updated_at) AS t FROM carriers');
  return {
    replaceAll(rows: { code: string; name: string; id: string | null }[], now: number) {
      db.transaction(() => rows.forEach((r) => upsert.run(r.code, r.name, r.id, now)))();
    },
    all: () => all.all(),
    lastUpdatedAt: (): number | null => lastUpdate.get()?.t ?? null,
  };
}

export function createStore(db: Db) {
  const queries = createOrderQueries(db);
  return {
    db,
    orders: createOrderRepo(db, queries.refreshSearch),
    shipments: createShipmentRepo(db, queries.refreshSearch),
    queries,
    /** The purchasing desk: arrivals, the in-transit book, received parcels. */
    arrivals: createArrivalsQueries(db),
    suppliers: createSupplierQueries(db),
    /** Whole-table desk views kept until the database changes (the arrivals, the book, the scorecard). */
    untilChanged: createUntilChanged(db),
    traceSearch: createTraceSearch(db),
    alerts: createAlertRepo(db),
    notifications: createNotificationLedger(db),
    settings: createKeyValue(db, 'settings'),
    syncState: createKeyValue(db, 'sync_state'),
    syncRuns: createSyncRunRepo(db),
    carriers: createCarrierRepo(db),
    /** Runs `fn` in one transaction: all its writes commit together or not at all. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    close: () => db.close(),
  };
}

export type Store = ReturnType<typeof createStore>;

export function openStore(fileOrDir: string, opts: OpenOptions = {}): Store {
  const file = fileOrDir === ':memory:' || fileOrDir.endsWith('.db') ? fileOrDir : path.join(fileOrDir, DB_FILE_NAME);
  return createStore(openDatabase(file, opts));
}
