// Runs in: main process / headless Node.
// Read side of the suppliers' scorecard: one row per parcel (or per order without one) of the
// orders created in a period, from orders_by_created_seller and shipments_by_order_scorecard alone;
// each parcel's first real scan and its problems are kept on its row by triggers on its steps
// (migration 10). Percentiles and rates are computed by the caller.
import type { Db } from './database';

/** Bits of SupplierParcelRow.flags beyond the problem steps' (1 exception, 2 failed attempt, 4 returning/returned). */
export const PARCEL_FLAGS = { returnStatus: 8, noGet: 16, delivered: 32, hasParcel: 64 } as const;

export interface SupplierParcelRow {
  seller: string | null;
  /** The order's rowid: which rows are one order (an integer crosses into JS ~5× cheaper than its id). */
  order_key: number;
  created_at: number | null;
  paid_at: number | null;
  /**
   * Bits: 1 exception, 2 failed attempt, 4 returning/returned (its steps); 8 its status is
   * returning/returned; 16 1688 says NOGET; 32 delivered; 64 there is a parcel (0: an order without one).
   */
  flags: number;
  carrier_name: string | null;
  shipped_at: number | null;
  delivered_at: number | null;
  /** The first step that is a scan (anything after "info received"). */
  first_scan_at: number | null;
  last_problem_at: number | null;
  /** A delivered parcel's route (what its estimate depends on) as one JSON value; null otherwise. */
  route: string | null;
}

export function createSupplierQueries(db: Db) {
  // From orders_by_created_seller and shipments_by_order_scorecard alone: a parcel's first scan and
  // problems are kept on its row as its steps are written (migration 10), so no step is read. Each
  // value crossing into JS costs more than SQLite's whole join, so the row is narrow: the order as
  // its rowid, status facts as bits, the route (the on-time estimate) only for delivered parcels.
  const rows = db.prepare<{ from: number; to: number }, SupplierParcelRow>(`
    SELECT COALESCE(o.seller_company, o.seller_login_id) AS seller, o.rowid AS order_key, o.created_at, o.paid_at,
      CASE WHEN s.id IS NULL THEN 0 ELSE 64 | s.problems
        | CASE WHEN s.status IN ('returning', 'returned') THEN 8 ELSE 0 END
        | CASE WHEN s.status_1688 = 'NOGET' THEN 16 ELSE 0 END
        | CASE WHEN s.status = 'delivered' THEN 32 ELSE 0 END END AS flags,
      s.carrier_name, s.shipped_at, s.delivered_at, s.first_scan_at, s.last_problem_at,
      CASE WHEN s.status = 'delivered' THEN json_array(s.carrier_code, s.carrier_name, s.origin_city, s.origin_province,
        s.dest_city, s.dest_province) END AS route
    FROM orders o INDEXED BY orders_by_created_seller
    LEFT JOIN shipments s INDEXED BY shipments_by_order_scorecard ON s.order_id = o.id AND s.status <> 'cancelled'
    WHERE o.created_at >= @from AND o.created_at < @to AND o.status NOT IN ('cancelled', 'awaiting_payment')`);
  return {
    /**
     * Parcels (and parcel-less orders) of the orders created in [from, to), one at a time: the
     * caller folds them into per-seller figures, so no list of every row is kept (a kept list of
     * 61,000 rows lives long enough to be copied by the garbage collector). The connection is busy
     * until the loop ends: query nothing else inside it.
     */
    parcelsCreatedIn: (from: number, to: number): IterableIterator<SupplierParcelRow> => rows.iterate({ from, to }),
  };
}

export type SupplierQueries = ReturnType<typeof createSupplierQueries>;
