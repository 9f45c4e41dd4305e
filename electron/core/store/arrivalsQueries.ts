// Runs in: main process / headless Node.
// Read side of the purchasing desk's arrivals and in-transit book, in SQL on indexes:
// - arrivals: parcels on their way and not yet received, from shipments_by_status_received
//   (status, received_at, order_id) — one seek per status; those out for delivery or waiting from
//   the partial indexes of migration 15;
// - the in-transit book: open orders from orders_book, their parcels' facts for the rows shown.
// And the one write of the desk: a parcel marked received (已收货).
import type { Db } from './database';
import type { Statement } from 'better-sqlite3';
import type { ShipmentRow } from './shipments';

type Stmt = Statement<unknown[], unknown>;

/** Parcel statuses still on their way (not at the door or the station yet). */
export const ON_THE_WAY = ['info_received', 'picked_up', 'in_transit'] as const;
/** Parcel statuses the arrivals list by themselves (shipments_arriving holds exactly these, not received). */
export const ARRIVING = ['out_for_delivery', 'awaiting_pickup'] as const;
/** Order statuses of an open purchase: paid for and not yet all here. */
export const OPEN_ORDER_STATUSES = ['awaiting_shipment', 'in_transit', 'partially_delivered', 'exception'] as const;

/** A parcel on its way: its line, with its route's key (routesOnTheWay), its start time and its order's seller. */
export type OnTheWayRow = Pick<ShipmentRow, 'id' | 'order_id' | 'logistics_id' | 'bill_no' | 'status' | 'carrier_name'> & {
  /** shipped_at, or first_seen_at when not shipped: what the estimate counts from. */
  start: number;
  route: string;
  seller: string | null;
};

/** A route of the parcels on their way (what their estimate depends on), and its key. */
export type RouteRow = Pick<
  ShipmentRow,
  'carrier_code' | 'carrier_name' | 'origin_city' | 'origin_province' | 'dest_city' | 'dest_province'
> & { route: string };

/** A parcel out for delivery or waiting: what its line needs (from the index and its row). */
export type ArrivalRow = Pick<
  ShipmentRow,
  'id' | 'order_id' | 'logistics_id' | 'bill_no' | 'carrier_name' | 'last_remark' | 'last_event_at' | 'status_changed_at'
> & {
  /** The order's seller as the orders show it. */
  seller: string | null;
  stage_since: number | null;
  /** The texts of the current stage's steps, newest first, separated by U+001E (waiting parcels only). */
  stage_remarks: string | null;
};

export interface BookOrderRow {
  order_id: string;
  seller: string | null;
  status: string;
  total_fen: number | null;
  created_at: number | null;
  paid_at: number | null;
}

/** An open order's parcels: counted (cancelled ones not), received, and their waybills. */
export interface BookFacts {
  parcels: number;
  received: number;
  bill_nos: string | null;
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
/** A route as one value (SQL builds it, JS only hands it back): what a parcel's estimate depends on. */
const ROUTE_KEY = 'json_array(s.carrier_code, s.carrier_name, s.origin_city, s.origin_province, s.dest_city, s.dest_province)';
const ON_THE_WAY_WHERE = `s.status IN (${list(ON_THE_WAY)}) AND s.received_at IS NULL`;

/**
 * The seller of a parcel's order, and the order is live (not archived): joined per parcel listed,
 * answered from orders_by_id (id, archived, seller_company, seller_login_id; migration 14).
 */
const LIVE_ORDER = 'JOIN orders o ON o.id = s.order_id AND o.archived = 0';
const SELLER = 'COALESCE(o.seller_company, o.seller_login_id) AS seller';

// The parcels of a status that are not received, of live orders, with their seller, when the
// current stage began (its first step of that stage) and, for waiting parcels, that stage's texts
// (where it waits, newest first). From the partial indexes of migration 15 alone: the parcels'
// lines (shipments_arriving) and the steps of that stage (trace_events_out_for_delivery,
// trace_events_awaiting_pickup), so each parcel's stage start is one seek and no other step is read.
// The stage is written as a literal (it is s.status) so SQLite can use those partial indexes.
const byStatusSql = (status: (typeof ARRIVING)[number], remarks: boolean) => `
  SELECT s.id, s.order_id, s.logistics_id, s.bill_no, s.carrier_name, s.last_remark, s.last_event_at, s.status_changed_at, ${SELLER},
    (SELECT e.occurred_at FROM trace_events e WHERE e.shipment_id = s.id AND e.stage = '${status}' ORDER BY e.occurred_at LIMIT 1) AS stage_since,
    ${remarks ? `(SELECT group_concat(e.remark, char(30) ORDER BY e.occurred_at DESC) FROM trace_events e
       WHERE e.shipment_id = s.id AND e.stage = '${status}')` : 'NULL'} AS stage_remarks
  FROM shipments s INDEXED BY shipments_arriving ${LIVE_ORDER}
  WHERE s.status = '${status}' AND s.received_at IS NULL`;

const OPEN_ORDERS = `o.status IN (${list(OPEN_ORDER_STATUSES)}) AND o.archived = 0`;

export function createArrivalsQueries(db: Db) {
  // From shipments_by_status_received, with each listed parcel's order (its seller; archived
  // orders are not listed) joined in SQL, so no row per parcel crosses twice. The estimate of a parcel on its
  // way is its route's transit time after its start, so the routes are read first (a few hundred),
  // and then only the parcels whose start falls in their route's window (routes are matched through
  // an automatic index on the windows' keys; the parcels are scanned once).
  const routes = db.prepare<[], RouteRow>(`
    SELECT DISTINCT ${ROUTE_KEY} AS route, s.carrier_code, s.carrier_name, s.origin_city, s.origin_province, s.dest_city, s.dest_province
    FROM shipments s INDEXED BY shipments_by_status_received WHERE ${ON_THE_WAY_WHERE}`);
  // The windows' overall span is tested first (two integer comparisons drop most parcels before
  // their route's key is built), and the order is joined last, for the parcels due only (CROSS
  // JOIN keeps that order: SQLite would otherwise look up every parcel's order first).
  const onTheWayIn = db.prepare<{ windows: string; lo: number; hi: number }, OnTheWayRow>(`
    WITH w AS MATERIALIZED (SELECT value ->> 0 AS route, value ->> 1 AS lo, value ->> 2 AS hi FROM json_each(@windows))
    SELECT s.id, s.order_id, s.logistics_id, s.bill_no, s.status, s.carrier_name, COALESCE(s.shipped_at, s.first_seen_at) AS start, w.route, ${SELLER}
    FROM shipments s INDEXED BY shipments_by_status_received CROSS JOIN w ON w.route = ${ROUTE_KEY} CROSS ${LIVE_ORDER}
    WHERE ${ON_THE_WAY_WHERE} AND COALESCE(s.shipped_at, s.first_seen_at) >= @lo AND COALESCE(s.shipped_at, s.first_seen_at) < @hi
      AND COALESCE(s.shipped_at, s.first_seen_at) >= w.lo AND COALESCE(s.shipped_at, s.first_seen_at) < w.hi`);
  const outForDelivery = db.prepare<[], ArrivalRow>(`${byStatusSql('out_for_delivery', false)} ORDER BY stage_since`);
  const waiting = db.prepare<[], ArrivalRow>(`${byStatusSql('awaiting_pickup', true)} ORDER BY stage_since`);
  const parcel = db.prepare<[string, string], ShipmentRow>('SELECT * FROM shipments WHERE order_id = ? AND logistics_id = ?');
  const setReceived = db.prepare('UPDATE shipments SET received_at = ?, updated_at = ? WHERE id = ? AND received_at IS NULL');
  const openAlerts = db.prepare<[number], { id: number }>('SELECT id FROM alerts WHERE shipment_id = ? AND resolved_at IS NULL');
  const resolveAlert = db.prepare('UPDATE alerts SET resolved_at = ?, updated_at = ? WHERE id = ?');
  // The in-transit book: open live orders from the partial index orders_book. Their parcels' facts
  // (counts, waybills) are read only for the rows a page shows (bookFacts); of the rest, SQL
  // returns only the few orders whose parcels are all received (they leave the book), grouped in
  // C on shipments_by_order_facts instead of one JS row per parcel.
  const bookOrders = db.prepare<[], BookOrderRow>(`
    SELECT o.id AS order_id, COALESCE(o.seller_company, o.seller_login_id) AS seller, o.status, o.total_fen,
      o.created_at, o.paid_at
    FROM orders o INDEXED BY orders_book WHERE ${OPEN_ORDERS}`);
  const allReceived = db.prepare<[], { order_id: string }>(`
    SELECT s.order_id FROM shipments s INDEXED BY shipments_by_order_facts
    WHERE s.order_id IN (SELECT o.id FROM orders o INDEXED BY orders_book WHERE ${OPEN_ORDERS}) AND s.status <> 'cancelled'
    GROUP BY s.order_id HAVING count(s.received_at) >= count(*)`);
  const facts = new Map<number, Stmt>();
  /** Every open purchase whose counted parcels are not all received. */
  function book(): BookOrderRow[] {
    const done = new Set(allReceived.all().map((r) => r.order_id));
    const rows = bookOrders.all();
    return done.size === 0 ? rows : rows.filter((r) => !done.has(r.order_id));
  }
  /**
   * The rows a statement with an IN list gives for some order ids: sorted (one forward pass through
   * the index) and 500 at a time; one statement is prepared per list length.
   */
  function byOrderIds<R>(cache: Map<number, Stmt>, sql: (placeholders: string) => string, orderIds: readonly string[]): R[] {
    const sorted = [...orderIds].sort();
    const out: R[] = [];
    for (let i = 0; i < sorted.length; i += 500) {
      const part = sorted.slice(i, i + 500);
      let st = cache.get(part.length);
      if (!st) cache.set(part.length, (st = db.prepare(sql(part.map(() => '?').join(', ')))));
      for (const r of st.all(...part) as R[]) out.push(r);
    }
    return out;
  }
  /** Parcel counts (cancelled ones not counted) and waybills of some orders. */
  function bookFacts(orderIds: readonly string[]): Map<string, BookFacts> {
    const rows = byOrderIds<BookFacts & { order_id: string }>(
      facts,
      (ids) => `SELECT s.order_id, count(*) FILTER (WHERE s.status <> 'cancelled') AS parcels,
          count(s.received_at) FILTER (WHERE s.status <> 'cancelled') AS received, group_concat(s.bill_no, ' ') AS bill_nos
        FROM shipments s INDEXED BY shipments_by_order_facts WHERE s.order_id IN (${ids}) GROUP BY s.order_id`,
      orderIds,
    );
    return new Map(rows.map((r) => [r.order_id, { parcels: r.parcels, received: r.received, bill_nos: r.bill_nos }]));
  }

  return {
    /** The routes of the parcels still on their way. */
    routesOnTheWay: (): RouteRow[] => routes.all(),
    /** The parcels on their way (of live orders) whose start falls in [from, to) of their route's window. */
    onTheWayIn: (windows: readonly { route: string; from: number; to: number }[]): OnTheWayRow[] =>
      windows.length === 0
        ? []
        : onTheWayIn.all({
            windows: JSON.stringify(windows.map((w) => [w.route, w.from, w.to])),
            lo: Math.min(...windows.map((w) => w.from)),
            hi: Math.max(...windows.map((w) => w.to)),
          }),
    outForDelivery: (): ArrivalRow[] => outForDelivery.all(),
    waiting: (): ArrivalRow[] => waiting.all(),
    parcel: (orderId: string, logisticsId: string): ShipmentRow | undefined => parcel.get(orderId, logisticsId),
    /**
     * Marks a parcel received and resolves its open alerts. Returns the ids of the alerts it
     * closed, or null when the parcel was received already (nothing changes).
     */
    markReceived(shipmentId: number, now: number): number[] | null {
      if (setReceived.run(now, now, shipmentId).changes === 0) return null;
      const ids = openAlerts.all(shipmentId).map((r) => r.id);
      for (const id of ids) resolveAlert.run(now, now, id);
      return ids;
    },
    /** Every open purchase (not all received). */
    book,
    bookFacts,
  };
}

export type ArrivalsQueries = ReturnType<typeof createArrivalsQueries>;
