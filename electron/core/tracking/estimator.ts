// Runs in: main process / headless Node.
// Expected delivery for each parcel, learned from this database's delivered parcels.
//
// The history is read once (from the partial index shipments_delivered, without touching the
// table) and grouped by carrier, then by city route and province route, so a route's estimate
// reads only its own samples: an order's detail costs no query and no pass over the history.
// After a sync (`invalidate`) it is brought up to date from a change feed instead of being
// read again: temporary triggers on this connection note every parcel that enters, leaves or
// changes within the delivered history. A commit by another connection (PRAGMA data_version
// moved) cannot be seen that way, and then the history is read whole again.
import type { DeliveryEstimateView } from '../../../shared/contract';
import type { Store } from '../store';
import type { ShipmentRow } from '../store/shipments';
import { estimateDelivery, place, type DeliveryEstimate, type TransitSample } from './deliveryEstimate';

export interface ParcelEstimate {
  expectedAt: number;
  basis: DeliveryEstimate['basis'];
}

/** estimateDelivery's own default: a level needs this many deliveries. Passed explicitly so the grouping agrees with it. */
const MIN_SAMPLES = 10;

/** Delivered parcels of one carrier code and exactly the same five address fields: shipment id → transit ms. */
interface Route {
  carrierCode: string;
  originCity: string | null;
  originProvince: string | null;
  destCity: string | null;
  destProvince: string | null;
  samples: Map<number, number>;
}

/** One carrier's routes (codes compared upper-cased), grouped as estimateDelivery's levels compare places. */
interface Carrier {
  routes: Map<string, Route>;
  /** By [origin city, destination city] and by [origin province, destination province], as `place` gives them. */
  byCity: Map<string, Set<Route>>;
  byProvince: Map<string, Set<Route>>;
  /** Estimates already worked out from this carrier's history. */
  memo: Map<string, DeliveryEstimate>;
}

interface HistoryRow {
  carrierCode: string;
  originCity: string | null;
  originProvince: string | null;
  destCity: string | null;
  destProvince: string | null;
}

const ROUTE_COLUMNS = `carrier_code AS carrierCode, origin_city AS originCity, origin_province AS originProvince,
  dest_city AS destCity, dest_province AS destProvince`;
const HISTORY_WHERE = "status = 'delivered' AND carrier_code IS NOT NULL AND shipped_at IS NOT NULL AND delivered_at > shipped_at";

/** The change feed of one connection, shared by its estimators (each keeps its own position in it). */
interface Feed {
  since: (seq: number) => number[];
  maxSeq: () => number;
  /** `reader` has read the feed up to `seq`: what every reader of this connection has read before that is deleted. */
  readUpTo: (reader: object, seq: number) => void;
}
const feeds = new WeakMap<object, Feed | null>();

function feedFor(store: Store): Feed | null {
  const db = store.db;
  if (feeds.has(db)) return feeds.get(db) ?? null;
  let feed: Feed | null = null;
  try {
    // A parcel is noted when it is, or was, in the history and anything the history holds of it
    // changed. Temporary: nothing is added to the database file, and writes roll back with the
    // transaction that made them.
    const watched = ['status', 'carrier_code', 'origin_city', 'origin_province', 'dest_city', 'dest_province', 'shipped_at', 'delivered_at'];
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS estimator_feed (seq INTEGER PRIMARY KEY, shipment_id INTEGER NOT NULL);
      CREATE TEMP TRIGGER IF NOT EXISTS estimator_feed_insert AFTER INSERT ON main.shipments
        WHEN new.status = 'delivered'
        BEGIN INSERT INTO estimator_feed (shipment_id) VALUES (new.id); END;
      CREATE TEMP TRIGGER IF NOT EXISTS estimator_feed_update AFTER UPDATE ON main.shipments
        WHEN (old.status = 'delivered' OR new.status = 'delivered')
          AND (old.id IS NOT new.id OR ${watched.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')})
        BEGIN
          INSERT INTO estimator_feed (shipment_id) VALUES (old.id);
          INSERT INTO estimator_feed (shipment_id) SELECT new.id WHERE new.id IS NOT old.id;
        END;
      CREATE TEMP TRIGGER IF NOT EXISTS estimator_feed_delete AFTER DELETE ON main.shipments
        WHEN old.status = 'delivered'
        BEGIN INSERT INTO estimator_feed (shipment_id) VALUES (old.id); END;`);
    const since = db.prepare<[number], { shipment_id: number }>('SELECT DISTINCT shipment_id FROM estimator_feed WHERE seq > ?');
    const maxSeq = db.prepare<[], { n: number | null }>('SELECT MAX(seq) AS n FROM estimator_feed');
    // The newest row read stays: a table emptied would hand out its seq values again from 1.
    const forget = db.prepare('DELETE FROM estimator_feed WHERE seq < ?');
    const positions = new Map<object, number>();
    feed = {
      since: (seq) => since.all(seq).map((r) => r.shipment_id),
      maxSeq: () => maxSeq.get()?.n ?? 0,
      readUpTo(reader, seq) {
        positions.set(reader, seq);
        // Not inside a transaction: its own feed rows may yet roll back, and seq values with them.
        if (!db.inTransaction) forget.run(Math.min(...positions.values()));
      },
    };
  } catch {
    feed = null; // e.g. a read-only connection: then the history is read whole after every sync
  }
  feeds.set(db, feed);
  return feed;
}

export function createDeliveryEstimator(store: Store, defaultDays: () => number) {
  const db = store.db;
  // All of it, one row per route, from the partial index that holds just these columns (224 rows
  // for 77,000 deliveries in the 100,000-order benchmark): no table row, no string per delivery.
  const grouped = (index: string) =>
    db.prepare<[], HistoryRow & { ids: string; transits: string }>(`
      SELECT ${ROUTE_COLUMNS}, json_group_array(id) AS ids, json_group_array(delivered_at - shipped_at) AS transits
      FROM shipments ${index} WHERE ${HISTORY_WHERE}
      GROUP BY carrier_code, origin_city, origin_province, dest_city, dest_province`);
  let historyQuery: ReturnType<typeof grouped>;
  try {
    historyQuery = grouped('INDEXED BY shipments_delivered'); // without statistics SQLite would pick shipments_by_status
  } catch {
    historyQuery = grouped('');
  }
  const sampleQuery = db.prepare<[number], HistoryRow & { transitMs: number }>(
    `SELECT ${ROUTE_COLUMNS}, delivered_at - shipped_at AS transitMs FROM shipments WHERE id = ? AND ${HISTORY_WHERE}`,
  );
  const dataVersion = db.prepare<[], { v: number }>('SELECT data_version AS v FROM pragma_data_version');
  const feed = feedFor(store);

  let carriers: Map<string, Carrier> | null = null;
  /** The route each delivery is filed under, to take it out again. */
  const routeOf = new Map<number, { carrier: Carrier; route: Route }>();
  /** The feed position and data_version the history is complete up to. */
  let feedSeq = 0;
  /** This estimator, as a reader of the connection's feed. */
  const reader = {};
  let version = 0;
  /** The history was read inside a transaction (which may roll back): read it whole next time. */
  let readInTransaction = false;
  /** invalidate() was called inside a transaction: catch up before the next estimate. */
  let stale = false;
  const placeKeys = new Map<string, string>();

  const placeKey = (s: string | null): string => {
    if (s === null) return '';
    let k = placeKeys.get(s);
    if (k === undefined) placeKeys.set(s, (k = place(s)));
    return k;
  };
  const pairKey = (a: string, b: string): string | null => (a && b ? JSON.stringify([a, b]) : null);

  function routeFor(row: HistoryRow): { carrier: Carrier; route: Route } {
    const code = row.carrierCode.toUpperCase();
    let carrier = carriers!.get(code);
    if (!carrier) carriers!.set(code, (carrier = { routes: new Map(), byCity: new Map(), byProvince: new Map(), memo: new Map() }));
    const key = JSON.stringify([row.carrierCode, row.originCity, row.originProvince, row.destCity, row.destProvince]);
    let route = carrier.routes.get(key);
    if (!route) {
      const { carrierCode, originCity, originProvince, destCity, destProvince } = row;
      route = { carrierCode, originCity, originProvince, destCity, destProvince, samples: new Map() };
      carrier.routes.set(key, route);
      const city = pairKey(placeKey(originCity), placeKey(destCity));
      const province = pairKey(placeKey(originProvince), placeKey(destProvince));
      for (const [groups, k] of [[carrier.byCity, city], [carrier.byProvince, province]] as const) {
        if (k === null) continue;
        let g = groups.get(k);
        if (!g) groups.set(k, (g = new Set()));
        g.add(route);
      }
    }
    carrier.memo.clear();
    return { carrier, route };
  }

  function add(id: number, at: { carrier: Carrier; route: Route }, transitMs: number) {
    if (!Number.isFinite(transitMs) || transitMs <= 0) return; // as estimateDelivery filters them
    at.route.samples.set(id, transitMs);
    routeOf.set(id, at);
  }

  function remove(id: number) {
    const at = routeOf.get(id);
    if (!at) return;
    at.route.samples.delete(id);
    at.carrier.memo.clear();
    routeOf.delete(id);
  }

  function readAll() {
    carriers = new Map();
    routeOf.clear();
    feedSeq = feed?.maxSeq() ?? 0;
    version = dataVersion.get()?.v ?? 0;
    for (const row of historyQuery.iterate()) {
      const at = routeFor(row);
      const ids = JSON.parse(row.ids) as number[];
      const transits = JSON.parse(row.transits) as number[];
      ids.forEach((id, i) => add(id, at, transits[i] as number));
    }
    readInTransaction = db.inTransaction;
    stale = false;
    if (!readInTransaction) feed?.readUpTo(reader, feedSeq);
  }

  /** Brings the history up to date: the parcels the feed noted, or everything when it cannot tell. */
  function catchUp() {
    // Inside a transaction the feed may hold writes that roll back yet: read everything then,
    // as before there was a feed, and again once outside.
    if (!feed || readInTransaction || db.inTransaction || (dataVersion.get()?.v ?? 0) !== version) {
      readAll();
      return;
    }
    const top = feed.maxSeq();
    for (const id of feed.since(feedSeq)) {
      remove(id);
      const row = sampleQuery.get(id);
      if (row) add(id, routeFor(row), row.transitMs);
    }
    feedSeq = top;
    stale = false;
    feed.readUpTo(reader, feedSeq);
  }

  function history(): Map<string, Carrier> {
    if (!carriers) readAll();
    else if (stale) catchUp();
    return carriers!;
  }

  /**
   * The deliveries of some routes, as estimateDelivery takes them, with only the places of the
   * level they are for (the others null: estimateDelivery then skips them at once, instead of
   * normalising places it will not use).
   */
  function samplesOf(routes: Iterable<Route>, level: 'city' | 'province' | 'carrier'): TransitSample[] {
    const out: TransitSample[] = [];
    for (const r of routes) {
      const originCity = level === 'city' ? r.originCity : null;
      const destCity = level === 'city' ? r.destCity : null;
      const originProvince = level === 'province' ? r.originProvince : null;
      const destProvince = level === 'province' ? r.destProvince : null;
      for (const transitMs of r.samples.values()) {
        out.push({ carrierCode: r.carrierCode, originCity, originProvince, destCity, destProvince, transitMs });
      }
    }
    return out;
  }

  const count = (routes: Set<Route> | undefined): number => {
    let n = 0;
    for (const r of routes ?? []) n += r.samples.size;
    return n;
  };

  /** The route's transit estimate, as if shipped at time 0. */
  function routeEstimate(sh: ShipmentRow): DeliveryEstimate {
    const days = defaultDays();
    const opts = { defaultDays: days, minSamples: MIN_SAMPLES };
    const input = {
      carrierCode: sh.carrier_code,
      carrierName: sh.carrier_name,
      originCity: sh.origin_city,
      originProvince: sh.origin_province,
      destCity: sh.dest_city,
      destProvince: sh.dest_province,
      shippedAt: 0,
    };
    const c = sh.carrier_code ? history().get(sh.carrier_code.toUpperCase()) : undefined;
    if (!c) return estimateDelivery(input, [], opts);
    const key = JSON.stringify([sh.carrier_code, sh.carrier_name, sh.origin_city, sh.origin_province, sh.dest_city, sh.dest_province, days]);
    let e = c.memo.get(key);
    if (e) return e;
    // estimateDelivery takes the first level with enough deliveries. Handing it only that level's
    // deliveries gives the same answer: a city route's deliveries among a province route's are
    // fewer than the city route's own, and the carrier's level does not look at places. The answer
    // is then the same for every parcel of that city route (or province route, or carrier) with
    // this carrier name: its text shows only those.
    const cityKey = pairKey(placeKey(sh.origin_city), placeKey(sh.dest_city));
    const provinceKey = pairKey(placeKey(sh.origin_province), placeKey(sh.dest_province));
    const city = cityKey === null ? undefined : c.byCity.get(cityKey);
    const province = provinceKey === null ? undefined : c.byProvince.get(provinceKey);
    let level: string;
    let work: () => DeliveryEstimate;
    if (count(city) >= MIN_SAMPLES) {
      level = JSON.stringify(['city', cityKey, sh.carrier_name, days]);
      work = () => estimateDelivery(input, samplesOf(city!, 'city'), opts);
    } else if (count(province) >= MIN_SAMPLES) {
      level = JSON.stringify(['province', provinceKey, sh.carrier_name, days]);
      work = () => estimateDelivery(input, samplesOf(province!, 'province'), opts);
    } else {
      level = JSON.stringify(['carrier', sh.carrier_name, days]);
      const carrierOnly = { ...input, originCity: null, originProvince: null, destCity: null, destProvince: null };
      work = () => estimateDelivery(carrierOnly, samplesOf(c.routes.values(), 'carrier'), opts);
    }
    e = c.memo.get(level) ?? work();
    c.memo.set(level, e);
    c.memo.set(key, e);
    return e;
  }

  function estimateFor(sh: ShipmentRow): ParcelEstimate {
    const e = routeEstimate(sh);
    return { expectedAt: (sh.shipped_at ?? sh.first_seen_at) + e.expectedAt, basis: e.basis };
  }

  return {
    estimateFor,
    /** For the UI: nothing to expect once a parcel is delivered, returned or cancelled. */
    viewFor(sh: ShipmentRow): DeliveryEstimateView | null {
      if (sh.status === 'delivered' || sh.status === 'returned' || sh.status === 'cancelled') return null;
      const e = estimateFor(sh);
      return { expectedAt: new Date(e.expectedAt).toISOString(), basis: e.basis.text, basisEn: e.basis.textEn };
    },
    /**
     * New deliveries were recorded: learn from them. Caught up at once when outside a
     * transaction (the scheduler calls this after a sync), else before the next estimate.
     */
    invalidate() {
      stale = true;
      if (carriers && !db.inTransaction) catchUp();
    },
  };
}

export type DeliveryEstimator = ReturnType<typeof createDeliveryEstimator>;
