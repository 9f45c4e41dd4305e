// Runs in: main process / headless Node.
// Read side of the suppliers' scorecard: one row per parcel (or per order without one) of the
// orders created in a period, from orders_by_created_seller and shipments_by_order_scorecard alone;
// each parcel's first real scan and its problems are kept on its row by triggers on its steps
// (migration 10). Percentiles and rates are computed by the caller.
import type { Db } from './database';

export interface SupplierParcelRow {
  seller: string | null;
  order_id: string;
  created_at: number | null;
  paid_at: number | null;
  /** Null for an order without a parcel. */
  shipment_id: number | null;
  status: string | null;
  status_1688: string | null;
  carrier_code: string | null;
  carrier_name: string | null;
  origin_city: string | null;
  origin_province: string | null;
  dest_city: string | null;
  dest_province: string | null;
  shipped_at: number | null;
  first_seen_at: number | null;
  delivered_at: number | null;
  /** The first step that is a scan (anything after "info received"). */
  first_scan_at: number | null;
  /** Bits: 1 exception, 2 failed attempt, 4 returning/returned. */
  problems: number | null;
  last_problem_at: number | null;
}

export function createSupplierQueries(db: Db) {
  // The parcels in shipment id order first, so that their steps (clustered by shipment) are read
  // in one forward pass instead of a random probe per parcel (about twice as fast at 100,000 orders).
  // From orders_by_created_seller and shipments_by_order_scorecard alone: a parcel's first scan and
  // problems are kept on its row as its steps are written (migration 10), so no step is read.
  const rows = db.prepare<{ from: number; to: number }, SupplierParcelRow>(`
    SELECT COALESCE(o.seller_company, o.seller_login_id) AS seller, o.id AS order_id, o.created_at, o.paid_at,
      s.id AS shipment_id, s.status, s.status_1688, s.carrier_code, s.carrier_name, s.origin_city, s.origin_province,
      s.dest_city, s.dest_province, s.shipped_at, s.first_seen_at, s.delivered_at,
      s.first_scan_at, NULLIF(s.problems, 0) AS problems, s.last_problem_at
    FROM orders o INDEXED BY orders_by_created_seller
    LEFT JOIN shipments s INDEXED BY shipments_by_order_scorecard ON s.order_id = o.id AND s.status <> 'cancelled'
    WHERE o.created_at >= @from AND o.created_at < @to AND o.status NOT IN ('cancelled', 'awaiting_payment')`);
  return {
    /** Parcels (and parcel-less orders) of the orders created in [from, to). */
    parcelsCreatedIn: (from: number, to: number): SupplierParcelRow[] => rows.all({ from, to }),
  };
}

export type SupplierQueries = ReturnType<typeof createSupplierQueries>;
