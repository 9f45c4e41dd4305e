// Runs in: main process / headless Node.
// Read side of the suppliers' scorecard, folded in SQL: one statement reads the parcels (and
// parcel-less orders) of the orders created in a period from orders_by_created_seller and
// shipments_by_order_scorecard alone (each parcel's first real scan and its problems are kept on
// its row by triggers on its steps, migration 10), and returns one row per seller and one per
// carrier. What a percentile needs crosses into JS as one JSON array per seller and figure, in no
// order (the percentile sorts its samples; a sort in SQL too cost ~10%), so ~1,400 rows cross instead of one per parcel (61,000 at 100,000
// orders: each value crossing cost more than SQLite's whole join).
import type { Db } from './database';

/** The route of a delivered parcel as one value (what its on-time estimate depends on). */
export const ROUTE_KEY_SQL = 'json_array(s.carrier_code, s.carrier_name, s.origin_city, s.origin_province, s.dest_city, s.dest_province)';

export interface ScorecardQuery {
  from: number;
  to: number;
  /** Parcels shipped before this with no scan (and not delivered) count as never picked up. */
  neverPickedUpBefore: number;
  /** Local Monday midnights that start the weeks of the period, ascending: a parcel's week is its order's creation. */
  weekStarts: readonly number[];
  /** Each delivered route's transit limit (ms; the estimate after shipping), by ROUTE_KEY_SQL. */
  routeLimits: ReadonlyMap<string, number>;
}

export interface SellerScoreRow {
  seller: string;
  orders: number;
  parcels: number;
  exceptions: number;
  failed: number;
  returned: number;
  never_picked_up: number;
  on_time: number;
  last_problem_at: number | null;
  /** JSON arrays of ms, in no order: payment → shipping, shipping → first scan, shipping → delivery. */
  ship: string;
  first_scan: string;
  transit: string;
  /** JSON [[week start, parcels, [transit ms]], …] in week order. */
  trend: string | null;
}

export interface CarrierProblemRow {
  carrier: string;
  parcels: number;
  exceptions: number;
  failed: number;
  returned: number;
}

export function createSupplierQueries(db: Db) {
  // The period's rows are materialised once and folded three ways: per seller, per seller and
  // week (the trend), per carrier. Problem bits: 1 exception, 2 failed attempt, 4 returning or
  // returned steps (migration 10); a returning/returned status counts as a return too.
  const period = `
    lim(k, t) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(@limits)),
    weeks(lo, hi) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(@weeks)),
    p AS MATERIALIZED (
      SELECT COALESCE(o.seller_company, o.seller_login_id, '—') AS seller, o.rowid AS order_key, o.created_at AS created,
        s.id AS sid, COALESCE(s.carrier_name, '—') AS carrier,
        s.problems | CASE WHEN s.status IN ('returning', 'returned') THEN 8 ELSE 0 END AS bits,
        CASE WHEN s.shipped_at >= COALESCE(o.paid_at, o.created_at) THEN s.shipped_at - COALESCE(o.paid_at, o.created_at) END AS ship,
        CASE WHEN s.first_scan_at >= s.shipped_at THEN s.first_scan_at - s.shipped_at END AS first_scan,
        CASE WHEN s.status = 'delivered' AND s.delivered_at >= s.shipped_at THEN s.delivered_at - s.shipped_at END AS transit,
        CASE WHEN s.status = 'delivered' AND s.delivered_at >= s.shipped_at
          THEN s.delivered_at - s.shipped_at <= (SELECT t FROM lim WHERE k = ${ROUTE_KEY_SQL}) END AS on_time,
        s.status_1688 = 'NOGET' OR (s.first_scan_at IS NULL AND s.status <> 'delivered' AND s.shipped_at < @npu) AS never,
        s.last_problem_at
      FROM orders o INDEXED BY orders_by_created_seller
      LEFT JOIN shipments s INDEXED BY shipments_by_order_scorecard ON s.order_id = o.id AND s.status <> 'cancelled'
      WHERE o.created_at >= @from AND o.created_at < @to AND o.status NOT IN ('cancelled', 'awaiting_payment'))`;
  // One statement, so the period is read once: the sellers' rows, then the carriers' (kind 1).
  const fold = db.prepare<Record<string, unknown>, SellerScoreRow & { kind: 0 | 1 }>(`
    WITH ${period},
    by_week AS (
      SELECT seller, (SELECT lo FROM weeks WHERE created >= lo AND created < hi) AS week, count(*) AS parcels,
        json_group_array(transit) FILTER (WHERE transit IS NOT NULL) AS transit
      FROM p WHERE sid IS NOT NULL GROUP BY 1, 2),
    trend AS (SELECT seller, json_group_array(json_array(week, parcels, json(COALESCE(transit, '[]'))) ORDER BY week) AS trend
      FROM by_week GROUP BY seller)
    SELECT 0 AS kind, a.*, trend.trend FROM (
      SELECT seller, count(DISTINCT order_key) AS orders, count(sid) AS parcels,
        count(*) FILTER (WHERE bits & 1) AS exceptions, count(*) FILTER (WHERE bits & 2) AS failed,
        count(*) FILTER (WHERE bits & 12) AS returned, count(*) FILTER (WHERE sid IS NOT NULL AND never) AS never_picked_up,
        count(*) FILTER (WHERE on_time) AS on_time, max(last_problem_at) AS last_problem_at,
        json_group_array(ship) FILTER (WHERE ship IS NOT NULL) AS ship,
        json_group_array(first_scan) FILTER (WHERE first_scan IS NOT NULL) AS first_scan,
        json_group_array(transit) FILTER (WHERE transit IS NOT NULL) AS transit
      FROM p GROUP BY seller) AS a
    LEFT JOIN trend USING (seller)
    UNION ALL
    SELECT 1, carrier, NULL, count(*), count(*) FILTER (WHERE bits & 1), count(*) FILTER (WHERE bits & 2),
      count(*) FILTER (WHERE bits & 12), NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM p WHERE sid IS NOT NULL GROUP BY carrier`);
  // Every delivered route in the database (a superset of the period's), from the covering index
  // shipments_by_status_received: a few hundred values.
  const deliveredRoutes = db.prepare<[], { route: string }>(
    `SELECT DISTINCT ${ROUTE_KEY_SQL} AS route FROM shipments s INDEXED BY shipments_by_status_received WHERE s.status = 'delivered'`,
  );
  const params = (q: ScorecardQuery) => ({
    from: q.from,
    to: q.to,
    npu: q.neverPickedUpBefore,
    weeks: JSON.stringify(q.weekStarts.map((lo, i) => [lo, q.weekStarts[i + 1] ?? Number.MAX_SAFE_INTEGER])),
    limits: JSON.stringify([...q.routeLimits]),
  });
  return {
    /** The routes of every delivered parcel (ROUTE_KEY_SQL values), for ScorecardQuery.routeLimits. */
    deliveredRoutes: (): string[] => deliveredRoutes.all().map((r) => r.route),
    /** The period's figures per seller and per carrier. */
    scorecard(q: ScorecardQuery): { sellers: SellerScoreRow[]; carriers: CarrierProblemRow[] } {
      const sellers: SellerScoreRow[] = [];
      const carriers: CarrierProblemRow[] = [];
      for (const { kind, ...r } of fold.all(params(q))) {
        if (kind === 0) sellers.push(r);
        else carriers.push({ carrier: r.seller, parcels: r.parcels, exceptions: r.exceptions, failed: r.failed, returned: r.returned });
      }
      return { sellers, carriers };
    },
  };
}

export type SupplierQueries = ReturnType<typeof createSupplierQueries>;
