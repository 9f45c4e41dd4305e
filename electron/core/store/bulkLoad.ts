// Runs in: main process / headless Node.
// A bulk load into a store that has (almost) nothing yet: a team member's first download of the
// team's record. Maintaining the ~18 secondary indexes of orders, parcels and steps and the step
// triggers (trace search, first scan, problems) row by row costs more than the rows themselves;
// built once at the end from the finished tables they cost a few seconds.
//
// - begin: in ONE transaction, the secondary (non-unique) indexes of orders, shipments and
//   trace_events and the step triggers are dropped, and their own text from sqlite_master is
//   kept in sync_state under MARK. The indexes come from the database itself, so whatever index
//   a migration created is in the list; the unique ones (upserts find their rows by them) stay.
// - while MARK is set, rows are written bare (the caller leaves the derived tables alone);
// - finish: in ONE transaction, what the triggers would have written is rebuilt whole from the
//   tables (trace search, each parcel's first scan and problems, the orders' search), the
//   indexes and triggers are created again from MARK, and MARK is deleted.
// A kill at any point leaves either the indexes in place (before begin, after finish) or MARK
// with everything needed to finish: openDatabase() finishes a pending load before anything else
// reads the file, so no connection ever works on a store with a half-built search index. The
// indexes a query names (INDEXED BY) are never set aside: see NAMED_INDEXES.
import type { Db } from './database';
import { ORDER_SEARCH_TEXT } from './orderQueries';

/** The sync_state key that says a bulk load is under way, holding the DDL to put back. */
export const BULK_LOAD_MARK = 'store.bulkLoad';
/** The tables whose secondary indexes a bulk load sets aside. */
const BULK_TABLES = ['orders', 'shipments', 'trace_events'] as const;
/**
 * Indexes a query names (`INDEXED BY`): SQLite refuses such a query while its index is missing,
 * so these stay through a load and the desk, the order tabs and the estimator keep answering during
 * a first download. All on orders and shipments (~10% of the rows); every step index still goes.
 * test/unit/store/bulkLoad.test.ts fails when a query names an index missing from this list.
 */
export const NAMED_INDEXES = [
  'orders_book',
  'orders_by_created_seller',
  'orders_by_id',
  'shipments_arriving',
  'shipments_by_order_facts',
  'shipments_by_order_scorecard',
  'shipments_by_status_received',
  'shipments_delivered',
] as const;
/**
 * The triggers on trace_events whose writes a bulk write does set-wise instead (migrations 6 and
 * 10): the trace search row, a parcel's first scan, its problem marks.
 */
export const STEP_TRIGGERS = ['trace_events_search_insert', 'trace_events_first_scan', 'trace_events_problem'] as const;

interface Ddl {
  name: string;
  sql: string;
}
interface BulkLoadMark {
  indexes: Ddl[];
  triggers: Ddl[];
}

// (each finish rebuilds the derived data whole, so a load resumed after a kill ends the same)
const REBUILD_DERIVED = `
UPDATE shipments SET
  first_scan_at = CASE WHEN x.scan IS NULL THEN first_scan_at ELSE MIN(COALESCE(first_scan_at, x.scan), x.scan) END,
  problems = problems | x.bits,
  last_problem_at = CASE WHEN x.problem IS NULL THEN last_problem_at ELSE MAX(COALESCE(last_problem_at, x.problem), x.problem) END
FROM (SELECT shipment_id AS s,
        MIN(CASE WHEN stage <> 'info_received' THEN occurred_at END) AS scan,
        MAX(stage = 'exception') | (MAX(stage = 'failed_attempt') * 2) | (MAX(stage IN ('returning', 'returned')) * 4) AS bits,
        MAX(CASE WHEN stage IN ('exception', 'failed_attempt', 'returning', 'returned') THEN occurred_at END) AS problem
      FROM trace_events GROUP BY shipment_id) AS x
WHERE shipments.id = x.s;
DELETE FROM trace_search;
INSERT INTO trace_search (remark, shipment_id, occurred_at)
  SELECT remark || char(10), shipment_id, occurred_at FROM trace_events ORDER BY first_seen_at, shipment_id, occurred_at;
DELETE FROM order_search;
INSERT INTO order_search (rowid, text) SELECT o.rowid, ${ORDER_SEARCH_TEXT} FROM orders o;
`;

function readMark(db: Db): BulkLoadMark | null {
  const hasState = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'").get();
  if (!hasState) return null;
  const row = db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?').get(BULK_LOAD_MARK);
  return row ? (JSON.parse(row.value) as BulkLoadMark) : null;
}

export function bulkLoadPending(db: Db): boolean {
  return readMark(db) !== null;
}

/** Sets the indexes and step triggers aside (one transaction); nothing when a load is already under way. */
export function beginBulkLoad(db: Db): void {
  db.transaction(() => {
    if (readMark(db)) return;
    const tables = BULK_TABLES.map((t) => `'${t}'`).join(', ');
    const indexes = db
      .prepare<[], Ddl>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables})
           AND sql NOT LIKE 'CREATE UNIQUE%' AND name NOT IN (${NAMED_INDEXES.map((n) => `'${n}'`).join(', ')}) ORDER BY rowid`,
      )
      .all();
    const names = STEP_TRIGGERS.map((t) => `'${t}'`).join(', ');
    const triggers = db.prepare<[], Ddl>(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${names}) ORDER BY rowid`).all();
    db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)').run(BULK_LOAD_MARK, JSON.stringify({ indexes, triggers } satisfies BulkLoadMark));
    for (const t of triggers) db.exec(`DROP TRIGGER main."${t.name}"`);
    for (const i of indexes) db.exec(`DROP INDEX main."${i.name}"`);
  })();
}

/**
 * Rebuilds what the load set aside (one transaction): the derived data whole, then the indexes
 * and triggers from their kept text. Returns false when no load was under way.
 */
export function finishBulkLoad(db: Db): boolean {
  return db.transaction(() => {
    const mark = readMark(db);
    if (!mark) return false;
    db.exec(REBUILD_DERIVED);
    for (const i of mark.indexes) db.exec(i.sql);
    for (const t of mark.triggers) db.exec(t.sql);
    db.prepare('DELETE FROM sync_state WHERE key = ?').run(BULK_LOAD_MARK);
    return true;
  })();
}
