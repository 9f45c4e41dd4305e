// Runs in: main process / headless Node.
// Read side of the orders list: paging, tab filters, sorting and search all in SQL (indexes and
// an FTS5 trigram index), so the list stays fast with 100,000 orders.
//
// How a page is read (the indexes are migration 4's; EXPLAIN QUERY PLAN of every combination is
// checked in test/unit/store/orderList.test.ts):
// - The order is "col DESC, rowid DESC" or "col ASC NULLS LAST, rowid ASC" (the order id alone:
//   it is unique). Each sort column has an index (col, archived), for updated_at and
//   last_event_at (col, status, archived); orders_by_status holds every sort column.
// - The page's rowids are found from an index alone, then the page's rows are read by rowid: no
//   table row is read for an order that is not on the page, and no rows are sorted but the page's.
//   * Mostly by walking the sort column's index in order, checking each entry there (archived
//     flag, status; a parcel tab or a search is a set of rowids read first from its own index).
//     Even a tab whose orders all sit at the far end of the walk costs one pass over an index.
//   * A status tab whose sort index holds no status, or a small one: its entries in
//     orders_by_status, sorted.
//   * A search with few matches: its matches by rowid, sorted.
//   The walk's conditions are written `+x`: SQLite has no statistics here, and would otherwise
//   drive the query by one of them and sort all it finds.
// - Tab counts come with every page. They are cached (the whole list's, and a few searches')
//   until the database changes: PRAGMA data_version moves with other connections' commits,
//   total_changes() with every change this connection makes.
import type { OrderSortField, OrderTab } from '../../../shared/contract';
import type Database from 'better-sqlite3';
import type { Db } from './database';
import type { OrderRow } from './orders';
import type { ShipmentRow } from './shipments';

type Stmt = Database.Statement<unknown[], unknown>;

/** A list row: the order without the gateway's raw JSON (about a kilobyte the list never shows). */
export type OrderListRow = Omit<OrderRow, 'raw_json'>;
/** A parcel of a list row, likewise without its raw JSON. */
export type ShipmentListRow = Omit<ShipmentRow, 'raw_json'>;

const ORDER_LIST_COLUMNS: readonly (keyof OrderListRow)[] = [
  'id', 'status', 'status_1688', 'seller_login_id', 'seller_company', 'seller_contact', 'buyer_login_id', 'total_fen',
  'shipping_fee_fen', 'created_at', 'paid_at', 'modified_at', 'product_summary', 'source', 'erp_ref', 'archived',
  'detail_fetched_at', 'parcels_checked_at', 'next_parcel_check_at', 'last_error', 'last_event_at', 'last_remark',
  'first_seen_at', 'updated_at', 'account_id', 'purchaser',
];
const SHIPMENT_LIST_COLUMNS: readonly (keyof ShipmentListRow)[] = [
  'id', 'order_id', 'logistics_id', 'bill_no', 'previous_bill_no', 'carrier_code', 'carrier_name', 'status',
  'status_1688', 'origin_province', 'origin_city', 'dest_province', 'dest_city', 'shipped_at', 'last_event_at',
  'last_remark', 'last_stage', 'event_count', 'delivered_at', 'status_changed_at', 'next_poll_at', 'done',
  'last_polled_at', 'poll_failures', 'last_error', 'first_seen_at', 'updated_at', 'received_at',
];
const ORDER_COLS = ORDER_LIST_COLUMNS.map((c) => `o.${c}`).join(', ');
const SHIPMENT_COLS = SHIPMENT_LIST_COLUMNS.join(', ');

/** What each tab keeps: orders in some states, or orders with a parcel in some states. Tabs may overlap. */
type TabFilter = { kind: 'all' } | { kind: 'status' | 'parcel'; statuses: readonly string[] };
const TABS: Record<OrderTab, TabFilter> = {
  all: { kind: 'all' },
  awaiting_payment: { kind: 'status', statuses: ['awaiting_payment'] },
  awaiting_shipment: { kind: 'status', statuses: ['awaiting_shipment'] },
  in_transit: { kind: 'status', statuses: ['in_transit', 'partially_delivered'] },
  // A parcel out for delivery is also in transit.
  out_for_delivery: { kind: 'parcel', statuses: ['out_for_delivery'] },
  awaiting_pickup: { kind: 'parcel', statuses: ['awaiting_pickup'] },
  delivered: { kind: 'status', statuses: ['delivered', 'completed'] },
  exception: { kind: 'status', statuses: ['exception'] },
  returned: { kind: 'parcel', statuses: ['returning', 'returned'] },
  cancelled: { kind: 'status', statuses: ['cancelled'] },
};
export const ORDER_TAB_LIST = Object.keys(TABS) as OrderTab[];

function statusIn(statuses: readonly string[]): string {
  const quoted = statuses.map((s) => `'${s}'`);
  return quoted.length === 1 ? `= ${quoted[0]}` : `IN (${quoted.join(', ')})`;
}

/** Each tab as a SQL condition on `o` (orders). */
const TAB_CONDITION = Object.fromEntries(
  ORDER_TAB_LIST.map((t) => {
    const f = TABS[t];
    if (f.kind === 'all') return [t, '1'];
    if (f.kind === 'status') return [t, `o.status ${statusIn(f.statuses)}`];
    return [t, `o.id IN (SELECT order_id FROM shipments WHERE status ${statusIn(f.statuses)})`];
  }),
) as Record<OrderTab, string>;

/**
 * The same conditions for a few orders read by rowid: a parcel tab probes shipments_by_status for
 * each order, rather than listing all the orders with a parcel in that state first.
 */
const PROBE_TAB_CONDITION = Object.fromEntries(
  ORDER_TAB_LIST.map((t) => {
    const f = TABS[t];
    if (f.kind !== 'parcel') return [t, TAB_CONDITION[t]];
    return [t, `EXISTS (SELECT 1 FROM shipments s WHERE s.status ${statusIn(f.statuses)} AND s.order_id = o.id)`];
  }),
) as Record<OrderTab, string>;

/**
 * The same conditions for a walk of a sort index: on the index's own columns (status, rowid) and
 * written `+x`, so that no index but the sort column's is used for them.
 */
const WALK_TAB_CONDITION = Object.fromEntries(
  ORDER_TAB_LIST.map((t) => {
    const f = TABS[t];
    if (f.kind === 'all') return [t, '1'];
    if (f.kind === 'status') return [t, `+o.status ${statusIn(f.statuses)}`];
    // id is unique: "its rowid is one of those orders' rowids" is "its id is one of those ids".
    return [t, `+o.rowid IN (SELECT p.rowid FROM orders p WHERE p.id IN (SELECT order_id FROM shipments WHERE status ${statusIn(f.statuses)}))`];
  }),
) as Record<OrderTab, string>;

const SORT_COLUMN: Record<OrderSortField, string> = {
  updatedAt: 'o.updated_at',
  createdAt: 'o.created_at',
  lastEventAt: 'o.last_event_at',
  orderId: 'o.id',
  seller: 'o.seller_company',
};

/**
 * The list's order. The rowid breaks ties (stable paging). The order id is unique (and NOT NULL:
 * STRICT primary key), so it needs none, and without one SQLite walks orders_by_id (which holds
 * the archived flag) rather than the primary key's index (which would read the table for it).
 */
function orderByFor(sort: OrderSortField, dir: 'asc' | 'desc'): string {
  const col = SORT_COLUMN[sort];
  const tie = sort === 'orderId' ? '' : `, o.rowid ${dir === 'asc' ? 'ASC' : 'DESC'}`;
  // SQLite puts NULLs last when descending already.
  return dir === 'asc' ? `${col} ASC NULLS LAST${tie}` : `${col} DESC${tie}`;
}

/**
 * The sort columns whose index holds the status (see migration 4), so that a walk checks a status
 * tab in the index. The others' walks read each entry's row for it.
 */
const SORT_INDEX_HAS_STATUS: Record<OrderSortField, boolean> = {
  updatedAt: true,
  lastEventAt: true,
  createdAt: false,
  orderId: false,
  seller: false,
};

/**
 * Reading a table row costs about this many index entries of a walk (measured at 100,000 orders:
 * a row read by rowid ~8 µs, an index entry of a walk ~0.07 µs; rows are ~1 KB, an order to a page).
 */
const ROW_READ_COST = 100;

/** A search with more matches than this is counted in one pass over an index, not match by match. */
const COUNT_BY_ROWID_MAX = 2_000;
/** Searched tab counts kept (per search text) until the database changes. */
const SEARCH_COUNTS_KEPT = 32;

export interface OrderListQuery {
  tab: OrderTab;
  search?: string | undefined;
  sort: OrderSortField;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
  includeArchived: boolean;
  /** Only this account's orders / only those this sub-account placed. */
  accountId?: number | undefined;
  purchaser?: string | undefined;
}

export interface OrderListPage {
  total: number;
  counts: Record<OrderTab, number>;
  rows: OrderListRow[];
  shipmentsByOrder: Map<string, ShipmentListRow[]>;
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
  /** The order's account (name and memberId) and purchaser (sub-account login). */
  account_name: string | null;
  account_member_id: string | null;
  purchaser: string | null;
}

interface Search {
  /** "Order `a` matches", as a condition. */
  condition: (a: string) => string;
  /** The same as a set of orders' rowids, for a walk. */
  rowids: string;
  params: unknown[];
  /** The FTS query, to count the matches in the FTS index alone; null for a LIKE search (no index to count in). */
  fts: string | null;
  key: string;
}

type Counts = Record<OrderTab, number>;

/**
 * A search narrowed to one account and/or purchaser (or just that narrowing): a condition like a
 * LIKE search's (orders_by_account finds them), so counts and pages take the general path.
 */
function withOwner(s: Search | null, q: OrderListQuery): Search | null {
  const { accountId, purchaser } = q;
  if (accountId === undefined && purchaser === undefined) return s;
  const own = (a: string) =>
    [accountId !== undefined ? `${a}.account_id = ?` : '', purchaser !== undefined ? `${a}.purchaser = ?` : ''].filter(Boolean).join(' AND ');
  const ownParams = [...(accountId !== undefined ? [accountId] : []), ...(purchaser !== undefined ? [purchaser] : [])];
  const condition = (a: string) => (s ? `(${s.condition(a)}) AND ${own(a)}` : own(a));
  return {
    condition,
    rowids: `SELECT s.rowid FROM orders s WHERE ${condition('s')}`,
    params: [...(s?.params ?? []), ...ownParams],
    fts: null,
    key: `${s?.key ?? (q.includeArchived ? 'a:' : 'l:')}|account:${accountId ?? ''}|purchaser:${purchaser ?? ''}`,
  };
}

/** An order's text in order_search (the order as `o`): its id, seller, products, ERP reference and its parcels' waybills. */
export const ORDER_SEARCH_TEXT = `o.id || ' ' || COALESCE(o.seller_company, '') || ' ' || COALESCE(o.seller_login_id, '') || ' ' ||
      COALESCE(o.seller_contact, '') || ' ' || COALESCE(o.product_summary, '') || ' ' || COALESCE(o.erp_ref, '') || ' ' ||
      COALESCE((SELECT group_concat(COALESCE(s.bill_no, '') || ' ' || COALESCE(s.previous_bill_no, '') || ' ' ||
        COALESCE(s.carrier_name, ''), ' ') FROM shipments s WHERE s.order_id = o.id), '')`;

export function createOrderQueries(db: Db) {
  const searchText = ORDER_SEARCH_TEXT;
  const searchDelete = db.prepare('DELETE FROM order_search WHERE rowid = (SELECT rowid FROM orders WHERE id = ?)');
  const searchInsert = db.prepare(`INSERT INTO order_search (rowid, text) SELECT o.rowid, ${searchText} FROM orders o WHERE o.id = ?`);
  // The same for many orders at once (ids as a JSON array): a replica's page of the team's log.
  const searchDeleteMany = db.prepare(
    'DELETE FROM order_search WHERE rowid IN (SELECT o.rowid FROM orders o WHERE o.id IN (SELECT value FROM json_each(?)))',
  );
  const searchInsertMany = db.prepare(
    `INSERT INTO order_search (rowid, text) SELECT o.rowid, ${searchText} FROM orders o WHERE o.id IN (SELECT value FROM json_each(?))`,
  );
  // Commits by other connections move data_version; every change by this one moves total_changes().
  const versionStmt = db.prepare<[], { v: number; c: number }>(
    'SELECT data_version AS v, total_changes() AS c FROM pragma_data_version',
  );
  // One ordered pass over orders_by_status (status, archived, …): every status-based tab of both views.
  const byStatusStmt = db.prepare<[], { status: string; archived: number; n: number }>(
    'SELECT status, archived, COUNT(*) AS n FROM orders GROUP BY status, archived',
  );
  // The parcel tabs' orders looked up in orders_by_id, which holds the archived flag: SQLite
  // would take the primary key's index (unique, so it looks cheaper) and read every order's row.
  const parcelTabCount = (t: OrderTab, index: string) =>
    db.prepare<[], { n: number; live: number | null }>(
      `SELECT COUNT(*) AS n, SUM(o.archived = 0) AS live FROM orders o ${index} WHERE ${TAB_CONDITION[t]}`,
    );
  const parcelTabStmts = new Map(
    ORDER_TAB_LIST.filter((t) => TABS[t].kind === 'parcel').map((t) => {
      try {
        return [t, parcelTabCount(t, 'INDEXED BY orders_by_id')] as const;
      } catch {
        return [t, parcelTabCount(t, '')] as const; // a database without migration 4's indexes
      }
    }),
  );
  // Orders are never deleted, so the largest rowid is (about) how many there are: one index probe.
  const orderCountStmt = db.prepare<[], { n: number | null }>('SELECT MAX(rowid) AS n FROM orders');
  const ftsCountStmt = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM order_search WHERE order_search MATCH ?');
  const shipmentsFor = new Map<number, Stmt>();
  const alertCountsFor = new Map<number, Stmt>();
  const listCache = new Map<string, Stmt>();

  /** What the cached counts were taken from; null: nothing cached. */
  let countsVersion: string | null = null;
  let allCounts: { live: Counts; withArchived: Counts } | null = null;
  const searchCounts = new Map<string, { counts: Counts; matches: number }>();

  function cached(sql: string) {
    let st = listCache.get(sql);
    if (!st) {
      st = db.prepare<unknown[], unknown>(sql);
      listCache.set(sql, st);
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

  /**
   * Drops the cached counts when the database changed since they were taken, and says whether
   * counts taken now may be kept. Called before counting, so a write that lands while counting
   * makes the next call count again. Inside a transaction nothing is kept: it may yet roll back.
   */
  function freshCache(): boolean {
    if (db.inTransaction) {
      countsVersion = null;
    } else {
      const r = versionStmt.get() as { v: number; c: number };
      const version = `${r.v}:${r.c}`;
      if (version === countsVersion) return true;
      countsVersion = version;
    }
    allCounts = null;
    searchCounts.clear();
    return countsVersion !== null;
  }

  function searchFor(raw: string | undefined, includeArchived: boolean): Search | null {
    const search = raw?.trim();
    if (!search) return null;
    const key = `${includeArchived ? 'a' : 'l'}:${search}`;
    const fts = trigramQuery(search);
    if (fts) {
      const set = 'SELECT rowid FROM order_search WHERE order_search MATCH ?';
      return { condition: (a) => `${a}.rowid IN (${set})`, rowids: set, params: [fts], fts, key };
    }
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const condition = (a: string) =>
      `(${a}.id LIKE ? ESCAPE '\\' OR ${a}.seller_company LIKE ? ESCAPE '\\' OR ${a}.product_summary LIKE ? ESCAPE '\\'` +
      ` OR ${a}.erp_ref LIKE ? ESCAPE '\\' OR ${a}.id IN (SELECT order_id FROM shipments WHERE bill_no LIKE ? ESCAPE '\\'))`;
    return { condition, rowids: `SELECT s.rowid FROM orders s WHERE ${condition('s')}`, params: [like, like, like, like, like], fts: null, key };
  }

  /** One row per parcel (an order without parcels gets one row of its own), for exports. */
  function exportRows(q: { tab: OrderTab; from?: number | undefined; to?: number | undefined }): ExportRow[] {
    return db
      .prepare<[{ from: number | null; to: number | null }], ExportRow>(
        `SELECT o.id AS order_id, o.erp_ref, COALESCE(o.seller_company, o.seller_login_id) AS seller, o.created_at,
           o.status AS order_status, s.id AS shipment_id, s.carrier_name, s.carrier_code, s.bill_no, s.status,
           s.delivered_at, COALESCE(s.last_event_at, o.last_event_at) AS last_event_at,
           COALESCE(s.last_remark, o.last_remark) AS last_remark, a.name AS account_name, a.member_id AS account_member_id, o.purchaser
         FROM orders o LEFT JOIN shipments s ON s.order_id = o.id LEFT JOIN accounts a ON a.id = o.account_id
         WHERE o.archived = 0 AND ${TAB_CONDITION[q.tab]} AND (@from IS NULL OR o.created_at >= @from) AND (@to IS NULL OR o.created_at <= @to)
         ORDER BY o.created_at DESC, o.id, s.id`,
      )
      .all({ from: q.from ?? null, to: q.to ?? null });
  }

  /**
   * Tab counts of the whole list: orders by status and archived flag from orders_by_status, and the
   * parcel-based tabs from the parcels in that state (shipments_by_status). Both views at once.
   */
  function countAll(): { live: Counts; withArchived: Counts } {
    const byStatus = byStatusStmt.all();
    const sum = (f: TabFilter, liveOnly: boolean) =>
      byStatus
        .filter((r) => (!liveOnly || r.archived === 0) && (f.kind === 'all' || f.statuses.includes(r.status)))
        .reduce((a, r) => a + r.n, 0);
    const live = {} as Counts;
    const withArchived = {} as Counts;
    for (const t of ORDER_TAB_LIST) {
      const st = parcelTabStmts.get(t);
      if (st) {
        const r = st.get() as { n: number; live: number | null };
        live[t] = r.live ?? 0;
        withArchived[t] = r.n;
      } else {
        live[t] = sum(TABS[t], true);
        withArchived[t] = sum(TABS[t], false);
      }
    }
    return { live, withArchived };
  }

  /**
   * Tab counts of a searched list (every tab's condition over the matching orders) and how many
   * orders the search matches before the archived flag. Few matches are read by rowid (a parcel
   * tab probed per order); many in one pass over orders_by_status, which holds all the counts
   * need (a LIKE search reads every order anyway).
   */
  function countSearch(s: Search, includeArchived: boolean): { counts: Counts; matches: number } {
    const matches = s.fts === null ? Infinity : (ftsCountStmt.get(s.fts)?.n ?? 0);
    const byRowid = matches <= COUNT_BY_ROWID_MAX;
    const archived = includeArchived ? '' : '+o.archived = 0 AND ';
    const where = `${archived}${s.fts !== null && !byRowid ? '+' : ''}${s.condition('o')}`;
    const tabs = byRowid ? PROBE_TAB_CONDITION : TAB_CONDITION;
    const sums = ORDER_TAB_LIST.map((t) => `SUM(CASE WHEN ${tabs[t]} THEN 1 ELSE 0 END) AS "${t}"`).join(', ');
    const row = cached(`SELECT ${sums} FROM orders o WHERE ${where}`).get(...s.params) as Record<OrderTab, number | null>;
    return { counts: Object.fromEntries(ORDER_TAB_LIST.map((t) => [t, row[t] ?? 0])) as Counts, matches };
  }

  function countsFor(s: Search | null, includeArchived: boolean): { counts: Counts; matches: number } {
    const keep = freshCache();
    if (s === null) {
      const all = allCounts ?? countAll();
      if (keep) allCounts = all;
      const counts = includeArchived ? all.withArchived : all.live;
      return { counts: { ...counts }, matches: counts.all };
    }
    let found = searchCounts.get(s.key);
    if (!found) {
      found = countSearch(s, includeArchived);
      if (keep) {
        if (searchCounts.size >= SEARCH_COUNTS_KEPT) searchCounts.delete(searchCounts.keys().next().value as string);
        searchCounts.set(s.key, found);
      }
    }
    return { counts: { ...found.counts }, matches: found.matches };
  }

  /**
   * One page of rows, its rowids found from an index alone (see the top of this file). Costs are
   * counted in index entries, a table row read costing ROW_READ_COST of them; a walk is assumed
   * to meet the matches evenly spread.
   */
  function pageRows(q: OrderListQuery, s: Search | null, inTab: number, matches: number): OrderListRow[] {
    const order = orderByFor(q.sort, q.dir);
    const params = [...(s?.params ?? []), q.limit, q.offset];
    const byRowids = (rowids: string) => cached(`SELECT ${ORDER_COLS} FROM orders o WHERE o.rowid IN (${rowids}) ORDER BY ${order}`);
    const archived = q.includeArchived ? '' : '+o.archived = 0';
    const orders = orderCountStmt.get()?.n ?? 0;
    const walked = Math.min(orders, ((q.offset + q.limit) * orders) / Math.max(1, inTab));
    const statusTab = TABS[q.tab].kind === 'status';
    if (s) {
      // A walk with a status tab on an index without the status reads a row for every entry.
      const walkCost = walked * (statusTab && !SORT_INDEX_HAS_STATUS[q.sort] ? ROW_READ_COST : 1);
      if (s.fts && matches * ROW_READ_COST <= walkCost) {
        // Few matches: read them by rowid and sort them.
        const where = [archived, s.condition('o'), q.tab === 'all' ? '' : `+(${PROBE_TAB_CONDITION[q.tab]})`].filter(Boolean).join(' AND ');
        return cached(`SELECT ${ORDER_COLS} FROM orders o WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params) as OrderListRow[];
      }
    } else if (statusTab && (!SORT_INDEX_HAS_STATUS[q.sort] || inTab <= walked)) {
      // A status tab whose sort index holds no status, or a small one: its orders' entries in
      // orders_by_status (which holds every sort column), sorted. The terms are left for
      // SQLite to search that index by.
      const where = [q.includeArchived ? '' : 'o.archived = 0', TAB_CONDITION[q.tab]].filter(Boolean).join(' AND ');
      return byRowids(`SELECT o.rowid FROM orders o WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params) as OrderListRow[];
    }
    // Walk the sort column's index for the page's rowids.
    const walk = [archived, s ? `+o.rowid IN (${s.rowids})` : '', q.tab === 'all' ? '' : WALK_TAB_CONDITION[q.tab]].filter(Boolean).join(' AND ');
    return byRowids(`SELECT o.rowid FROM orders o WHERE ${walk || '1'} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params) as OrderListRow[];
  }

  return {
    exportRows,
    /** Rebuilds one order's search text (after its facts or waybills changed). */
    refreshSearch(orderId: string) {
      searchDelete.run(orderId);
      searchInsert.run(orderId);
    },
    /** refreshSearch for many orders, set-wise (inside the caller's transaction). */
    refreshSearchMany(orderIds: readonly string[]) {
      if (orderIds.length === 0) return;
      const json = JSON.stringify(orderIds);
      searchDeleteMany.run(json);
      searchInsertMany.run(json);
    },

    list(q: OrderListQuery): OrderListPage {
      const search = withOwner(searchFor(q.search, q.includeArchived), q);
      const { counts, matches } = countsFor(search, q.includeArchived);
      const rows = pageRows(q, search, counts[q.tab], matches);

      const shipmentsByOrder = new Map<string, ShipmentListRow[]>();
      const openAlertsByOrder = new Map<string, number>();
      if (rows.length) {
        const ids = rows.map((r) => r.id);
        const shipments = inList(
          ids.length,
          shipmentsFor,
          (ph) => `SELECT ${SHIPMENT_COLS} FROM shipments WHERE order_id IN (${ph}) ORDER BY id`,
        ).all(...ids) as ShipmentListRow[];
        for (const sh of shipments) {
          const list = shipmentsByOrder.get(sh.order_id);
          if (list) list.push(sh);
          else shipmentsByOrder.set(sh.order_id, [sh]);
        }
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
