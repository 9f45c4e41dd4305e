// Runs in: main process / headless Node.
// Read side of the orders list: paging, tab filters, sorting and search all in SQL (indexes and
// an FTS5 trigram index), so the list stays fast with 100,000 orders.
import type { OrderSortField, OrderTab } from '../../../shared/contract';
import type Database from 'better-sqlite3';
import type { Db } from './database';

type Stmt = Database.Statement<unknown[], unknown>;
import type { OrderRow } from './orders';
import type { ShipmentRow } from './shipments';

/** Each tab as a SQL condition on `o` (orders). Tabs may overlap: a parcel out for delivery is also in transit. */
const TAB_CONDITION: Record<OrderTab, string> = {
  all: '1',
  awaiting_payment: "o.status = 'awaiting_payment'",
  awaiting_shipment: "o.status = 'awaiting_shipment'",
  in_transit: "o.status IN ('in_transit', 'partially_delivered')",
  out_for_delivery: "o.id IN (SELECT order_id FROM shipments WHERE status = 'out_for_delivery')",
  awaiting_pickup: "o.id IN (SELECT order_id FROM shipments WHERE status = 'awaiting_pickup')",
  delivered: "o.status IN ('delivered', 'completed')",
  exception: "o.status = 'exception'",
  returned: "o.id IN (SELECT order_id FROM shipments WHERE status IN ('returning', 'returned'))",
  cancelled: "o.status = 'cancelled'",
};
export const ORDER_TAB_LIST = Object.keys(TAB_CONDITION) as OrderTab[];

const SORT_COLUMN: Record<OrderSortField, string> = {
  updatedAt: 'o.updated_at',
  createdAt: 'o.created_at',
  lastEventAt: 'o.last_event_at',
  orderId: 'o.id',
  seller: 'o.seller_company',
};

export interface OrderListQuery {
  tab: OrderTab;
  search?: string | undefined;
  sort: OrderSortField;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
  includeArchived: boolean;
}

export interface OrderListPage {
  total: number;
  counts: Record<OrderTab, number>;
  rows: OrderRow[];
  shipmentsByOrder: Map<string, ShipmentRow[]>;
  openAlertsByOrder: Map<string, number>;
}

/** An FTS5 trigram query for a substring; null when it is too short for trigrams (LIKE then). */
function trigramQuery(search: string): string | null {
  const chars = [...search];
  if (chars.length < 3) return null;
  return `"${search.replaceAll('"', '""')}"`;
}

export interface ExportRow {
  order_id: string;
  erp_ref: string | null;
  seller: string | null;
  created_at: number | null;
  order_status: string;
  shipment_id: number | null;
  carrier_name: string | null;
  carrier_code: string | null;
  bill_no: string | null;
  status: string | null;
  delivered_at: number | null;
  last_event_at: number | null;
  last_remark: string | null;
}

export function createOrderQueries(db: Db) {
  const searchDelete = db.prepare('DELETE FROM order_search WHERE rowid = (SELECT rowid FROM orders WHERE id = ?)');
  const searchInsert = db.prepare(`
    INSERT INTO order_search (rowid, text)
    SELECT o.rowid, o.id || ' ' || COALESCE(o.seller_company, '') || ' ' || COALESCE(o.seller_login_id, '') || ' ' ||
      COALESCE(o.seller_contact, '') || ' ' || COALESCE(o.product_summary, '') || ' ' || COALESCE(o.erp_ref, '') || ' ' ||
      COALESCE((SELECT group_concat(COALESCE(s.bill_no, '') || ' ' || COALESCE(s.previous_bill_no, '') || ' ' ||
        COALESCE(s.carrier_name, ''), ' ') FROM shipments s WHERE s.order_id = o.id), '')
    FROM orders o WHERE o.id = ?`);
  const shipmentsFor = new Map<number, Stmt>();
  const alertCountsFor = new Map<number, Stmt>();
  const listCache = new Map<string, Stmt>();

  function cached(key: string, sql: string) {
    let st = listCache.get(key);
    if (!st) {
      st = db.prepare<unknown[], unknown>(sql);
      listCache.set(key, st);
    }
    return st;
  }

  function inList(n: number, cache: Map<number, Stmt>, sql: (ph: string) => string) {
    let st = cache.get(n);
    if (!st) {
      st = db.prepare<unknown[], unknown>(sql(Array(n).fill('?').join(', ')));
      cache.set(n, st);
    }
    return st;
  }

  function whereFor(q: Pick<OrderListQuery, 'search' | 'includeArchived'>): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (!q.includeArchived) parts.push('o.archived = 0');
    const search = q.search?.trim();
    if (search) {
      const fts = trigramQuery(search);
      if (fts) {
        parts.push('o.rowid IN (SELECT rowid FROM order_search WHERE order_search MATCH ?)');
        params.push(fts);
      } else {
        parts.push(
          "(o.id LIKE ? ESCAPE '\\' OR o.seller_company LIKE ? ESCAPE '\\' OR o.product_summary LIKE ? ESCAPE '\\'" +
            " OR o.erp_ref LIKE ? ESCAPE '\\' OR o.id IN (SELECT order_id FROM shipments WHERE bill_no LIKE ? ESCAPE '\\'))",
        );
        const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        params.push(like, like, like, like, like);
      }
    }
    return { sql: parts.length ? parts.join(' AND ') : '1', params };
  }

  /** One row per parcel (an order without parcels gets one row of its own), for exports. */
  function exportRows(q: { tab: OrderTab; from?: number | undefined; to?: number | undefined }): ExportRow[] {
    return db
      .prepare<[{ from: number | null; to: number | null }], ExportRow>(
        `SELECT o.id AS order_id, o.erp_ref, COALESCE(o.seller_company, o.seller_login_id) AS seller, o.created_at,
           o.status AS order_status, s.id AS shipment_id, s.carrier_name, s.carrier_code, s.bill_no, s.status,
           s.delivered_at, COALESCE(s.last_event_at, o.last_event_at) AS last_event_at,
           COALESCE(s.last_remark, o.last_remark) AS last_remark
         FROM orders o LEFT JOIN shipments s ON s.order_id = o.id
         WHERE o.archived = 0 AND ${TAB_CONDITION[q.tab]} AND (@from IS NULL OR o.created_at >= @from) AND (@to IS NULL OR o.created_at <= @to)
         ORDER BY o.created_at DESC, o.id, s.id`,
      )
      .all({ from: q.from ?? null, to: q.to ?? null });
  }

  /** Tab counts of a searched list: every tab's condition over the (few) matching orders. */
  function countsFor(where: { sql: string; params: unknown[] }): Record<OrderTab, number> {
    const countSql = ORDER_TAB_LIST.map((t) => `SUM(CASE WHEN ${TAB_CONDITION[t]} THEN 1 ELSE 0 END) AS "${t}"`).join(', ');
    const row = cached(`counts:${where.sql}`, `SELECT ${countSql} FROM orders o WHERE ${where.sql}`).get(...where.params) as Record<
      OrderTab,
      number | null
    >;
    return Object.fromEntries(ORDER_TAB_LIST.map((t) => [t, row[t] ?? 0])) as Record<OrderTab, number>;
  }

  /**
   * Tab counts of the whole list from the indexes: orders grouped by status (orders_status), and
   * the parcel-based tabs from the parcels in that state (shipments_status), not a scan of orders.
   */
  function unfilteredCounts(includeArchived: boolean): Record<OrderTab, number> {
    const archived = includeArchived ? '' : 'o.archived = 0 AND ';
    const byStatus = cached(
      `byStatus:${includeArchived}`,
      `SELECT o.status AS status, COUNT(*) AS n FROM orders o ${includeArchived ? '' : 'WHERE o.archived = 0'} GROUP BY o.status`,
    ).all() as { status: string; n: number }[];
    const n = (...statuses: string[]) => byStatus.filter((r) => statuses.includes(r.status)).reduce((a, r) => a + r.n, 0);
    const parcelTab = (statuses: string) =>
      (
        cached(
          `parcelTab:${includeArchived}:${statuses}`,
          `SELECT COUNT(DISTINCT s.order_id) AS n FROM shipments s JOIN orders o ON o.id = s.order_id
           WHERE ${archived}s.status IN (${statuses})`,
        ).get() as { n: number }
      ).n;
    return {
      all: byStatus.reduce((a, r) => a + r.n, 0),
      awaiting_payment: n('awaiting_payment'),
      awaiting_shipment: n('awaiting_shipment'),
      in_transit: n('in_transit', 'partially_delivered'),
      out_for_delivery: parcelTab("'out_for_delivery'"),
      awaiting_pickup: parcelTab("'awaiting_pickup'"),
      delivered: n('delivered', 'completed'),
      exception: n('exception'),
      returned: parcelTab("'returning', 'returned'"),
      cancelled: n('cancelled'),
    };
  }

  return {
    exportRows,
    /** Rebuilds one order's search text (after its facts or waybills changed). */
    refreshSearch(orderId: string) {
      searchDelete.run(orderId);
      searchInsert.run(orderId);
    },

    list(q: OrderListQuery): OrderListPage {
      const where = whereFor(q);
      const tabCond = TAB_CONDITION[q.tab];
      const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
      const col = SORT_COLUMN[q.sort];
      // The rowid breaks ties (stable paging) and ends every index entry, so a walk of the sort
      // column's index needs no sort step. SQLite puts NULLs last when descending already.
      const order = `${col} ${dir}${dir === 'ASC' ? ' NULLS LAST' : ''}, o.rowid ${dir}`;
      const hasSearch = where.params.length > 0;
      const rows = cached(
        `rows:${q.tab}:${q.sort}:${dir}:${q.includeArchived}:${hasSearch}:${where.sql}`,
        `SELECT o.* FROM orders o WHERE ${where.sql} AND ${tabCond} ORDER BY ${order} LIMIT ? OFFSET ?`,
      ).all(...where.params, q.limit, q.offset) as OrderRow[];

      const counts = hasSearch ? countsFor(where) : unfilteredCounts(q.includeArchived);

      const shipmentsByOrder = new Map<string, ShipmentRow[]>();
      const openAlertsByOrder = new Map<string, number>();
      if (rows.length) {
        const ids = rows.map((r) => r.id);
        const shipments = inList(ids.length, shipmentsFor, (ph) => `SELECT * FROM shipments WHERE order_id IN (${ph}) ORDER BY id`).all(
          ...ids,
        ) as ShipmentRow[];
        for (const sh of shipments) shipmentsByOrder.set(sh.order_id, [...(shipmentsByOrder.get(sh.order_id) ?? []), sh]);
        const alerts = inList(
          ids.length,
          alertCountsFor,
          (ph) => `SELECT order_id, COUNT(*) AS n FROM alerts WHERE resolved_at IS NULL AND order_id IN (${ph}) GROUP BY order_id`,
        ).all(...ids) as { order_id: string; n: number }[];
        for (const a of alerts) openAlertsByOrder.set(a.order_id, a.n);
      }
      return { total: counts[q.tab], counts, rows, shipmentsByOrder, openAlertsByOrder };
    },
  };
}

export type OrderQueries = ReturnType<typeof createOrderQueries>;
