// Runs in: main process / headless Node.
// The purchasing desk's methods (traces.search, arrivals.*, shipments.markReceived, inTransit.*,
// suppliers.scorecard): store reads → contract shapes. handlers.ts delegates here.
import type {
  ArrivalsView,
  BookSort,
  CarrierProblems,
  InTransitBook,
  InTransitRow,
  InTransitTotal,
  MethodOutput,
  ReceivedResult,
  SupplierScore,
  SupplierScorecard,
  TraceHitView,
} from '../../../shared/contract';
import type { OrderStatus, ShipmentStatus, Stage } from '../../../shared/domain';
import { orderStatusLabel, type Language } from '../../../shared/labels';
import { buildPayload, outboxKeys, type OutboxRepo } from '../erp/outbox';
import { buildTableExport, type Column } from '../erp/parcelExport';
import type { Store } from '../store';
import type { ArrivalRow, BookFacts, BookOrderRow } from '../store/arrivalsQueries';
import type { ShipmentRow } from '../store/shipments';
import { matchRanges, searchWords } from '../store/traceSearch';
import { percentile } from '../tracking/deliveryEstimate';
import type { DeliveryEstimator } from '../tracking/estimator';
import { parsePickupInfo, stationKey, type PickupInfo } from '../tracking/pickupInfo';
import { CoreError } from './types';
import { iso } from './views';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Fewest samples a scorecard figure is shown for. */
export const SCORECARD_MIN_SAMPLES = 5;
/** The scorecard's default period. */
const DEFAULT_PERIOD_DAYS = 90;
/** A parcel with no scan this long after it was shipped counts as never picked up. */
const NEVER_PICKED_UP_HOURS = 72;

// ── trace search ──────────────────────────────────────────────────────────────

export function searchTraces(store: Store, text: string, limit: number): MethodOutput<'traces.search'> {
  const words = searchWords(text);
  const { rows, more } = store.traceSearch.search(text, limit);
  const view = rows.map(
    (r): TraceHitView => ({
      orderId: r.order_id,
      logisticsId: r.logistics_id,
      billNo: r.bill_no,
      carrierName: r.carrier_name,
      seller: r.seller,
      status: r.status as ShipmentStatus,
      receivedAt: iso(r.received_at),
      at: new Date(r.occurred_at).toISOString(),
      remark: r.remark,
      stage: (r.stage ?? 'in_transit') as Stage,
      highlights: matchRanges(r.remark, words),
    }),
  );
  return { rows: view, more };
}

// ── arrivals ──────────────────────────────────────────────────────────────────

/**
 * ISO times (all of one length) in time order, '' first: code-unit order, which is what
 * localeCompare gives them, without building a collator per comparison (~50 ms for a day's list).
 */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** localeCompare's own order (the machine's locale), with one collator for every comparison. */
const DEFAULT_COLLATOR = new Intl.Collator();

/** Local midnight of the day `t` falls in (the machine's time zone: the clerk's). */
function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function base(r: Pick<ShipmentRow, 'order_id' | 'logistics_id' | 'bill_no' | 'carrier_name'>, seller: string | null) {
  return { orderId: r.order_id, logisticsId: r.logistics_id, billNo: r.bill_no, carrierName: r.carrier_name, seller };
}

/** Where a waiting parcel waits, read from its stage's texts: what its line shows and groups by. */
interface WaitingPlace extends PickupInfo {
  stationKey: string;
  /** The step the station was read from. */
  remark: string | null;
}

/**
 * From a waiting parcel's stage texts (newest first, separated by U+001E): a reminder step may
 * repeat the station without the code, so the newest step that names each wins.
 */
function readWaitingPlace(texts: string): WaitingPlace {
  const steps = texts.split('\u001e').filter(Boolean);
  const infos = steps.map((text) => ({ text, info: parsePickupInfo(text) }));
  const withCode = infos.find((x) => x.info.pickupCode !== null);
  const named = withCode?.info.station ? withCode : infos.find((x) => x.info.station !== null);
  const info = {
    pickupCode: withCode?.info.pickupCode ?? null,
    station: named?.info.station ?? null,
    address: infos.find((x) => x.info.address !== null)?.info.address ?? null,
    kind: named?.info.kind ?? infos.find((x) => x.info.kind !== null)?.info.kind ?? null,
  };
  return { ...info, stationKey: stationKey(info), remark: withCode?.text ?? named?.text ?? steps[0] ?? null };
}

/**
 * readWaitingPlace, kept per text: after a change the same parcels wait with the same texts, so
 * only a new step is parsed again. Two generations of at most WAITING_PLACES_KEPT texts each (the
 * older one dropped whole when the newer fills: O(1), no Map-deletion holes); the places are
 * read only, never changed.
 */
const WAITING_PLACES_KEPT = 8_192;
let placesNow = new Map<string, WaitingPlace>();
let placesOld = new Map<string, WaitingPlace>();
function waitingPlace(texts: string): WaitingPlace {
  let p = placesNow.get(texts);
  if (p) return p;
  p = placesOld.get(texts) ?? readWaitingPlace(texts);
  placesNow.set(texts, p);
  if (placesNow.size >= WAITING_PLACES_KEPT) {
    placesOld = placesNow;
    placesNow = new Map();
  }
  return p;
}

/**
 * Today's arrivals. The view depends on the clock only through the day, so it is kept until the
 * database changes or the day turns (store.untilChanged) and only its `now` is stamped again.
 */
export function arrivalsView(store: Store, estimator: DeliveryEstimator, now: number): ArrivalsView {
  const view = store.untilChanged.get(`arrivals:${startOfDay(now)}`, () => computeArrivals(store, estimator, now));
  return { ...view, now: new Date(now).toISOString() };
}

function computeArrivals(store: Store, estimator: DeliveryEstimator, now: number): ArrivalsView {
  const today = startOfDay(now);
  const tomorrow = startOfDay(today + DAY + HOUR); // DST-safe: the next local midnight
  const after = startOfDay(tomorrow + DAY + HOUR);
  const expected: ArrivalsView['expected'] = [];
  // A parcel's estimate is its route's transit time after its start: one estimate per route, and
  // SQL returns only the parcels whose start puts them in today or tomorrow.
  const byRoute = new Map<string, ReturnType<DeliveryEstimator['estimateFor']>>();
  for (const r of store.arrivals.routesOnTheWay()) {
    // The estimator reads only the route, the carrier and the start (0 here: the transit time).
    byRoute.set(r.route, estimator.estimateFor({ ...r, shipped_at: 0, first_seen_at: 0 } as unknown as ShipmentRow));
  }
  const windows = [...byRoute].map(([route, e]) => ({ route, from: today - e.expectedAt, to: after - e.expectedAt }));
  const due = store.arrivals.onTheWayIn(windows).map((r) => {
    const e = byRoute.get(r.route)!;
    return { r, e: { expectedAt: r.start + e.expectedAt, basis: e.basis } };
  });
  const ofd = store.arrivals.outForDelivery();
  const waitingRows = store.arrivals.waiting();
  // Every row is of a live order (archived ones are not listed) and carries its seller.
  for (const { r, e } of due) {
    expected.push({
      ...base(r, r.seller),
      expectedAt: new Date(e.expectedAt).toISOString(),
      basis: e.basis.text,
      basisEn: e.basis.textEn,
      day: e.expectedAt < tomorrow ? 'today' : 'tomorrow',
      status: r.status,
    });
  }
  expected.sort((a, b) => byCodeUnit(a.expectedAt, b.expectedAt));
  const since = (r: ArrivalRow) => iso(r.stage_since ?? r.last_event_at ?? r.status_changed_at);
  const outForDelivery = ofd.map((r) => ({ ...base(r, r.seller), since: since(r), remark: r.last_remark }));
  const waiting = waitingRows.map((r) => {
    const where = waitingPlace(r.stage_remarks ?? r.last_remark ?? '');
    return {
      ...base(r, r.seller),
      station: where.station,
      address: where.address,
      pickupCode: where.pickupCode,
      kind: where.kind,
      stationKey: where.stationKey,
      since: since(r),
      remark: where.remark,
    };
  });
  // Grouped by station (one trip collects them), the longest-waiting station first, then by name:
  // the stations are ranked once (stations with equal keys by that order share a rank) and the
  // parcels sorted by rank and time, which orders them as comparing their stations would.
  const firstSince = new Map<string, string>();
  for (const w of waiting) {
    const s = w.since ?? '';
    const cur = firstSince.get(w.stationKey);
    if (cur === undefined || s < cur) firstSince.set(w.stationKey, s);
  }
  const byStation = (a: string, b: string) =>
    byCodeUnit(firstSince.get(a) ?? '', firstSince.get(b) ?? '') || DEFAULT_COLLATOR.compare(a, b);
  const stations = [...firstSince.keys()].sort(byStation);
  const rank = new Map<string, number>();
  stations.forEach((k, i) => {
    const prev = stations[i - 1];
    rank.set(k, prev !== undefined && byStation(prev, k) === 0 ? (rank.get(prev) as number) : i);
  });
  waiting.sort(
    (a, b) => (rank.get(a.stationKey) as number) - (rank.get(b.stationKey) as number) || byCodeUnit(a.since ?? '', b.since ?? ''),
  );
  return { now: new Date(now).toISOString(), expected, outForDelivery, waiting };
}

type ArrivalExportRow = { section: string; orderId: string; billNo: string | null; carrier: string | null; seller: string | null; station: string | null; address: string | null; pickupCode: string | null; at: number | null; note: string | null };

const ARRIVAL_COLUMNS: readonly Column<ArrivalExportRow>[] = [
  { zh: '分组', en: 'Section', kind: 'text', width: 10, get: (r) => r.section },
  { zh: '订单号', en: 'Order ID', kind: 'id', width: 22, get: (r) => r.orderId },
  { zh: '运单号', en: 'Waybill No.', kind: 'id', width: 20, get: (r) => r.billNo },
  { zh: '快递公司', en: 'Carrier', kind: 'text', width: 12, get: (r) => r.carrier },
  { zh: '供应商', en: 'Seller', kind: 'text', width: 24, get: (r) => r.seller },
  { zh: '驿站/快递柜', en: 'Station', kind: 'text', width: 28, get: (r) => r.station },
  { zh: '地址', en: 'Address', kind: 'text', width: 30, get: (r) => r.address },
  { zh: '取件码', en: 'Pickup Code', kind: 'id', width: 12, get: (r) => r.pickupCode },
  { zh: '时间', en: 'Time', kind: 'time', width: 20, get: (r) => r.at },
  { zh: '说明', en: 'Note', kind: 'text', width: 50, get: (r) => r.note },
];

export async function exportArrivals(view: ArrivalsView, format: 'csv' | 'xlsx', language: Language, now: number) {
  const en = language === 'en';
  const t = (s: string | null) => (s ? Date.parse(s) : null);
  const rows: ArrivalExportRow[] = [
    ...view.waiting.map((w) => ({ section: en ? 'Waiting' : '待取件', orderId: w.orderId, billNo: w.billNo, carrier: w.carrierName, seller: w.seller, station: w.station, address: w.address, pickupCode: w.pickupCode, at: t(w.since), note: w.remark })),
    ...view.outForDelivery.map((o) => ({ section: en ? 'Out for delivery' : '派送中', orderId: o.orderId, billNo: o.billNo, carrier: o.carrierName, seller: o.seller, station: null, address: null, pickupCode: null, at: t(o.since), note: o.remark })),
    ...view.expected.map((x) => ({ section: en ? (x.day === 'today' ? 'Expected today' : 'Expected tomorrow') : x.day === 'today' ? '预计今天' : '预计明天', orderId: x.orderId, billNo: x.billNo, carrier: x.carrierName, seller: x.seller, station: null, address: null, pickupCode: null, at: t(x.expectedAt), note: en ? x.basisEn : x.basis })),
  ];
  const file = await buildTableExport(ARRIVAL_COLUMNS, rows, { format, language, now, fileStem: en ? 'arrivals' : '到货', sheetName: { zh: '到货', en: 'Arrivals' } });
  return { fileName: file.fileName, mimeType: file.mimeType, contentBase64: file.bytes.toString('base64'), rows: file.rows };
}

// ── received ──────────────────────────────────────────────────────────────────

export interface ReceivedDeps {
  store: Store;
  outbox: OutboxRepo;
  /** Whether an ERP is configured (events are recorded only then, as for sync events). */
  erpEnabled: () => boolean;
  /** Time written on outbox rows (the dispatcher's clock). */
  outboxNow: () => number;
}

/**
 * Marks a parcel received: stored, its open alerts resolved, and `shipment.received` in the ERP
 * outbox — all in one transaction. Marking it again changes nothing and records nothing.
 */
export function markReceived(deps: ReceivedDeps, orderId: string, logisticsId: string, now: number): ReceivedResult & { closedAlertIds: number[] } {
  const { store, outbox } = deps;
  return store.transaction(() => {
    const sh = store.arrivals.parcel(orderId, logisticsId);
    if (!sh) throw new CoreError('not_found', `订单 ${orderId} 没有包裹 ${logisticsId.slice(0, 64)}。`);
    const closed = store.arrivals.markReceived(sh.id, now);
    const key = outboxKeys.received(orderId, logisticsId);
    if (closed === null) {
      return {
        orderId,
        logisticsId,
        receivedAt: new Date(sh.received_at ?? now).toISOString(),
        alreadyReceived: true,
        erpEvent: outbox.get(key) ? ('already_recorded' as const) : ('no_erp' as const),
        closedAlerts: 0,
        closedAlertIds: [],
      };
    }
    const erpEvent = recordReceivedEvent(deps, orderId, logisticsId, now);
    return { orderId, logisticsId, receivedAt: new Date(now).toISOString(), alreadyReceived: false, erpEvent, closedAlerts: closed.length, closedAlertIds: closed };
  });
}

/**
 * `shipment.received` in the ERP outbox (inside the caller's transaction), once per parcel by its
 * key. Also what a team's leader records when a follower's received mark comes down the log.
 */
export function recordReceivedEvent(deps: ReceivedDeps, orderId: string, logisticsId: string, at: number): ReceivedResult['erpEvent'] {
  const { store, outbox } = deps;
  const sh = store.arrivals.parcel(orderId, logisticsId);
  const order = store.orders.get(orderId);
  if (!sh || !order || !deps.erpEnabled()) return 'no_erp';
  const key = outboxKeys.received(orderId, logisticsId);
  const payload = JSON.stringify(buildPayload('shipment.received', key, at, order, { ...sh, received_at: at }));
  return outbox.insert({ key, type: 'shipment.received', orderId, shipmentId: sh.id, payload, now: deps.outboxNow() }) ? 'recorded' : 'already_recorded';
}

// ── the in-transit book ───────────────────────────────────────────────────────

function bookRow(r: BookOrderRow, f: BookFacts | undefined, now: number): InTransitRow {
  const since = r.paid_at ?? r.created_at;
  return {
    orderId: r.order_id,
    seller: r.seller,
    status: r.status as OrderStatus,
    totalFen: r.total_fen,
    since: iso(since),
    ageHours: since === null ? null : Math.max(0, Math.round(((now - since) / HOUR) * 10) / 10),
    parcels: f?.parcels ?? 0,
    received: f?.received ?? 0,
    billNos: f?.bill_nos ? f.bill_nos.split(' ') : [],
  };
}

function totals(rows: readonly BookOrderRow[], keyOf: (r: BookOrderRow) => string): InTransitTotal[] {
  const m = new Map<string, InTransitTotal>();
  for (const r of rows) {
    const k = keyOf(r);
    let t = m.get(k);
    if (!t) m.set(k, (t = { key: k, orders: 0, valueFen: 0 }));
    t.orders++;
    t.valueFen += r.total_fen ?? 0;
  }
  return [...m.values()].sort((a, b) => b.valueFen - a.valueFen || b.orders - a.orders);
}

// One collator for every comparison (localeCompare with a locale builds one per call).
const ZH = new Intl.Collator('zh-CN');
const sinceOf = (r: BookOrderRow) => r.paid_at ?? r.created_at;
// Age grows with the clock alike for every row, so "older" is "earlier since" whatever the time:
// an order without a time has no age and sorts as the youngest.
const BOOK_ORDER: Record<BookSort, (a: BookOrderRow, b: BookOrderRow) => number> = {
  age: (a, b) => {
    const x = sinceOf(a);
    const y = sinceOf(b);
    return x === y ? 0 : x === null ? -1 : y === null ? 1 : y - x;
  },
  value: (a, b) => (a.total_fen ?? 0) - (b.total_fen ?? 0),
  seller: (a, b) => ZH.compare(a.seller ?? '', b.seller ?? ''),
  status: (a, b) => a.status.localeCompare(b.status),
};

interface KeptBook {
  orders: BookOrderRow[];
  valueFen: number;
  byStatus: InTransitTotal[];
  bySupplier: InTransitTotal[];
  /** The orders sorted per sort and direction, as they are asked for. */
  sorted: Map<string, BookOrderRow[]>;
}

export function inTransitBook(
  store: Store,
  now: number,
  q: { sort?: BookSort; dir?: 'asc' | 'desc'; offset?: number; limit?: number } = {},
): InTransitBook {
  const { sort = 'age', dir = 'desc', offset = 0, limit = Infinity } = q;
  // The open purchases, their totals and each order asked for are kept until the database
  // changes; ages are reckoned from `now` for the rows returned only.
  const kept = store.untilChanged.get('book', (): KeptBook => {
    const orders = store.arrivals.book();
    return {
      orders,
      valueFen: orders.reduce((s, r) => s + (r.total_fen ?? 0), 0),
      byStatus: totals(orders, (r) => r.status),
      bySupplier: totals(orders, (r) => r.seller ?? '—'),
      sorted: new Map(),
    };
  });
  let rows = kept.sorted.get(`${sort}:${dir}`);
  if (!rows) {
    const cmp = BOOK_ORDER[sort];
    // Ties by order id: digits only, so code-unit order is localeCompare's order, without its cost.
    rows = [...kept.orders].sort((a, b) => (dir === 'asc' ? cmp(a, b) : cmp(b, a)) || (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0));
    kept.sorted.set(`${sort}:${dir}`, rows);
  }
  const page = offset === 0 && limit >= rows.length ? rows : rows.slice(offset, offset + limit);
  const facts = store.arrivals.bookFacts(page.map((r) => r.order_id));
  return {
    now: new Date(now).toISOString(),
    total: { orders: rows.length, valueFen: kept.valueFen },
    byStatus: kept.byStatus,
    bySupplier: kept.bySupplier,
    rows: page.map((r) => bookRow(r, facts.get(r.order_id), now)),
  };
}

const BOOK_COLUMNS = (language: Language): readonly Column<InTransitRow>[] => [
  { zh: '订单号', en: 'Order ID', kind: 'id', width: 22, get: (r) => r.orderId },
  { zh: '供应商', en: 'Seller', kind: 'text', width: 24, get: (r) => r.seller },
  { zh: '状态', en: 'Status', kind: 'text', width: 10, get: (r) => orderStatusLabel(r.status, language) },
  { zh: '金额（元）', en: 'Value (CNY)', kind: 'text', width: 12, get: (r) => (r.totalFen === null ? null : (r.totalFen / 100).toFixed(2)) },
  { zh: '付款时间', en: 'Paid At', kind: 'time', width: 20, get: (r) => (r.since ? Date.parse(r.since) : null) },
  { zh: '在途天数', en: 'Age (days)', kind: 'text', width: 10, get: (r) => (r.ageHours === null ? null : (r.ageHours / 24).toFixed(1)) },
  { zh: '包裹', en: 'Parcels', kind: 'text', width: 8, get: (r) => `${r.received}/${r.parcels}` },
  { zh: '运单号', en: 'Waybill Nos.', kind: 'id', width: 24, get: (r) => r.billNos.join(' ') },
  { zh: '状态代码', en: 'Status Code', kind: 'text', width: 16, get: (r) => r.status },
];

export async function exportInTransit(store: Store, format: 'csv' | 'xlsx', language: Language, now: number) {
  const book = inTransitBook(store, now);
  const file = await buildTableExport(BOOK_COLUMNS(language), book.rows, {
    format,
    language,
    now,
    fileStem: language === 'en' ? 'in-transit' : '在途',
    sheetName: { zh: '在途', en: 'In transit' },
  });
  return { fileName: file.fileName, mimeType: file.mimeType, contentBase64: file.bytes.toString('base64'), rows: file.rows };
}

// ── suppliers' scorecard ──────────────────────────────────────────────────────

const hours = (ms: number) => Math.round((ms / HOUR) * 10) / 10;

function pct(values: number[], p: number): number | null {
  return values.length >= SCORECARD_MIN_SAMPLES ? hours(percentile(values, p)) : null;
}

function rate(hits: number, of: number): number | null {
  return of >= SCORECARD_MIN_SAMPLES ? Math.round((hits / of) * 1000) / 1000 : null;
}

/** Monday 00:00 (local) of the week `t` falls in. */
function weekStart(t: number): number {
  const d = new Date(startOfDay(t));
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d.getTime();
}

/**
 * The scorecard of a period, kept until the database changes or the minute turns (a parcel becomes
 * "never picked up" by the clock alone, so a kept card is at most a minute behind it).
 */
export function supplierScorecard(store: Store, estimator: DeliveryEstimator, now: number, q: { from?: string | undefined; to?: string | undefined } = {}): SupplierScorecard {
  const key = `scorecard:${q.from ?? ''}:${q.to ?? ''}:${Math.floor(now / MINUTE)}`;
  return store.untilChanged.get(key, () => computeScorecard(store, estimator, now, q));
}

/** Local Monday midnights of every week that [from, to) touches, ascending. */
function weekStartsOf(from: number, to: number): number[] {
  const out: number[] = [];
  for (let w = weekStart(from); w < to; w = weekStart(w + 8 * DAY)) out.push(w);
  return out;
}

/** A JSON array of ms from SQL (in no order: percentile sorts) as the percentile's samples. */
const samples = (json: string | null): number[] => (json ? (JSON.parse(json) as number[]) : []);

function computeScorecard(store: Store, estimator: DeliveryEstimator, now: number, q: { from?: string | undefined; to?: string | undefined }): SupplierScorecard {
  const to = q.to ? Date.parse(q.to) : now;
  const from = q.from ? Date.parse(q.from) : to - DEFAULT_PERIOD_DAYS * DAY;
  // On time: delivered by the estimate this database's history gives for its route (the route's
  // transit time after shipping): one estimate per delivered route, compared in SQL. The routes
  // and the fold are read in one read transaction, so they see the same data.
  const { sellers, carriers } = store.db.transaction(() => {
    const routeLimits = new Map<string, number>();
    for (const route of store.suppliers.deliveredRoutes()) {
      const [carrier_code, carrier_name, origin_city, origin_province, dest_city, dest_province] = JSON.parse(route) as (string | null)[];
      const probe = { carrier_code, carrier_name, origin_city, origin_province, dest_city, dest_province, shipped_at: 0, first_seen_at: 0 };
      routeLimits.set(route, estimator.estimateFor(probe as unknown as ShipmentRow).expectedAt);
    }
    return store.suppliers.scorecard({ from, to, neverPickedUpBefore: now - NEVER_PICKED_UP_HOURS * HOUR, weekStarts: weekStartsOf(from, to), routeLimits });
  })();
  const rows = sellers.map((s): SupplierScore => {
    const ship = samples(s.ship);
    const firstScan = samples(s.first_scan);
    const transit = samples(s.transit);
    const trend = s.trend ? (JSON.parse(s.trend) as [number, number, number[]][]) : [];
    return {
      seller: s.seller,
      orders: s.orders,
      parcels: s.parcels,
      samples: transit.length,
      shipSamples: ship.length,
      firstScanSamples: firstScan.length,
      shipP50Hours: pct(ship, 0.5),
      shipP80Hours: pct(ship, 0.8),
      firstScanP50Hours: pct(firstScan, 0.5),
      firstScanP80Hours: pct(firstScan, 0.8),
      transitP50Hours: pct(transit, 0.5),
      transitP80Hours: pct(transit, 0.8),
      onTimeRate: rate(s.on_time, transit.length),
      exceptionRate: rate(s.exceptions, s.parcels),
      failedAttemptRate: rate(s.failed, s.parcels),
      returnRate: rate(s.returned, s.parcels),
      neverPickedUpRate: rate(s.never_picked_up, s.parcels),
      lastProblemAt: iso(s.last_problem_at),
      trend: trend.map(([w, parcels, t]) => ({ weekStart: new Date(w).toISOString(), parcels, transitP50Hours: pct(t, 0.5) })),
    };
  });
  // Most parcels first; the page sorts by any column.
  rows.sort((a, b) => b.parcels - a.parcels || b.orders - a.orders || ZH.compare(a.seller, b.seller));
  // Carriers with the most problem parcels first.
  const byCarrier = carriers.map((c): CarrierProblems => ({ carrier: c.carrier, parcels: c.parcels, exceptions: c.exceptions, failedAttempts: c.failed, returns: c.returned }));
  const problemsOf = (c: CarrierProblems) => c.exceptions + c.failedAttempts + c.returns;
  byCarrier.sort((a, b) => problemsOf(b) - problemsOf(a) || b.parcels - a.parcels || ZH.compare(a.carrier, b.carrier));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), minSamples: SCORECARD_MIN_SAMPLES, rows, byCarrier };
}
