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
import { PARCEL_FLAGS } from '../store/supplierQueries';
import { matchRanges, searchWords } from '../store/traceSearch';
import { percentile } from '../tracking/deliveryEstimate';
import type { DeliveryEstimator } from '../tracking/estimator';
import { parsePickupInfo, stationKey } from '../tracking/pickupInfo';
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

/** Local midnight of the day `t` falls in (the machine's time zone: the clerk's). */
function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function base(r: Pick<ShipmentRow, 'order_id' | 'logistics_id' | 'bill_no' | 'carrier_name'>, seller: string | null) {
  return { orderId: r.order_id, logisticsId: r.logistics_id, billNo: r.bill_no, carrierName: r.carrier_name, seller };
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
  // Sellers (and whether the order is archived: then it is not listed) for the parcels shown only.
  const sellers = store.arrivals.sellersOf([...new Set([...due.map((d) => d.r.order_id), ...ofd.map((r) => r.order_id), ...waitingRows.map((r) => r.order_id)])]);
  const live = (orderId: string) => sellers.has(orderId);
  for (const { r, e } of due) {
    if (!live(r.order_id)) continue;
    expected.push({
      ...base(r, sellers.get(r.order_id) ?? null),
      expectedAt: new Date(e.expectedAt).toISOString(),
      basis: e.basis.text,
      basisEn: e.basis.textEn,
      day: e.expectedAt < tomorrow ? 'today' : 'tomorrow',
      status: r.status,
    });
  }
  expected.sort((a, b) => a.expectedAt.localeCompare(b.expectedAt));
  const since = (r: ArrivalRow) => iso(r.stage_since ?? r.last_event_at ?? r.status_changed_at);
  const outForDelivery = ofd.filter((r) => live(r.order_id)).map((r) => ({ ...base(r, sellers.get(r.order_id) ?? null), since: since(r), remark: r.last_remark }));
  const waiting = waitingRows.filter((r) => live(r.order_id)).map((r) => {
    // A reminder step may repeat the station without the code: the newest step that names each wins.
    const steps = (r.stage_remarks ?? r.last_remark ?? '').split('\u001e').filter(Boolean);
    const infos = steps.map((text) => ({ text, info: parsePickupInfo(text) }));
    const withCode = infos.find((x) => x.info.pickupCode !== null);
    const named = withCode?.info.station ? withCode : infos.find((x) => x.info.station !== null);
    const info = {
      pickupCode: withCode?.info.pickupCode ?? null,
      station: named?.info.station ?? null,
      address: infos.find((x) => x.info.address !== null)?.info.address ?? null,
      kind: named?.info.kind ?? infos.find((x) => x.info.kind !== null)?.info.kind ?? null,
    };
    return {
      ...base(r, sellers.get(r.order_id) ?? null),
      station: info.station,
      address: info.address,
      pickupCode: info.pickupCode,
      kind: info.kind,
      stationKey: stationKey(info),
      since: since(r),
      remark: withCode?.text ?? named?.text ?? steps[0] ?? null,
    };
  });
  // Grouped by station (one trip collects them), the longest-waiting station first.
  const firstSince = new Map<string, string>();
  for (const w of waiting) {
    const s = w.since ?? '';
    const cur = firstSince.get(w.stationKey);
    if (cur === undefined || s < cur) firstSince.set(w.stationKey, s);
  }
  waiting.sort(
    (a, b) =>
      (firstSince.get(a.stationKey) ?? '').localeCompare(firstSince.get(b.stationKey) ?? '') ||
      a.stationKey.localeCompare(b.stationKey) ||
      (a.since ?? '').localeCompare(b.since ?? ''),
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

/** One seller's figures as its parcels stream by (computeScorecard). */
interface SellerTally {
  orders: Set<number>;
  parcels: number;
  ship: number[];
  firstScan: number[];
  transit: number[];
  /** Delivered parcels' transit times by route, for the on-time count once the loop is over. */
  transitByRoute: Map<string, number[]>;
  exception: number;
  failed: number;
  returned: number;
  neverPickedUp: number;
  lastProblem: number | null;
  weeks: Map<number, { parcels: number; transit: number[] }>;
}

function computeScorecard(store: Store, estimator: DeliveryEstimator, now: number, q: { from?: string | undefined; to?: string | undefined }): SupplierScorecard {
  const to = q.to ? Date.parse(q.to) : now;
  const from = q.from ? Date.parse(q.from) : to - DEFAULT_PERIOD_DAYS * DAY;
  const sellers = new Map<string, SellerTally>();
  const carriers = new Map<string, CarrierProblems>();
  // Each row is folded into its seller's tally as it is read (the connection is busy meanwhile).
  for (const r of store.suppliers.parcelsCreatedIn(from, to)) {
    const k = r.seller ?? '—';
    let s = sellers.get(k);
    if (!s) {
      s = { orders: new Set(), parcels: 0, ship: [], firstScan: [], transit: [], transitByRoute: new Map(), exception: 0, failed: 0, returned: 0, neverPickedUp: 0, lastProblem: null, weeks: new Map() };
      sellers.set(k, s);
    }
    s.orders.add(r.order_key);
    if (!(r.flags & PARCEL_FLAGS.hasParcel)) continue;
    s.parcels++;
    const name = r.carrier_name ?? '—';
    let c = carriers.get(name);
    if (!c) carriers.set(name, (c = { carrier: name, parcels: 0, exceptions: 0, failedAttempts: 0, returns: 0 }));
    c.parcels++;
    const paid = r.paid_at ?? r.created_at;
    const delivered = (r.flags & PARCEL_FLAGS.delivered) !== 0;
    if (r.shipped_at !== null && paid !== null && r.shipped_at >= paid) s.ship.push(r.shipped_at - paid);
    if (r.shipped_at !== null && r.first_scan_at !== null && r.first_scan_at >= r.shipped_at) s.firstScan.push(r.first_scan_at - r.shipped_at);
    if (r.flags & 1) {
      s.exception++;
      c.exceptions++;
    }
    if (r.flags & 2) {
      s.failed++;
      c.failedAttempts++;
    }
    if (r.flags & (4 | PARCEL_FLAGS.returnStatus)) {
      s.returned++;
      c.returns++;
    }
    if (r.flags & PARCEL_FLAGS.noGet || (r.first_scan_at === null && !delivered && r.shipped_at !== null && now - r.shipped_at > NEVER_PICKED_UP_HOURS * HOUR)) s.neverPickedUp++;
    if (r.last_problem_at !== null && (s.lastProblem === null || r.last_problem_at > s.lastProblem)) s.lastProblem = r.last_problem_at;
    const w = weekStart(r.created_at ?? r.shipped_at ?? now);
    let week = s.weeks.get(w);
    if (!week) s.weeks.set(w, (week = { parcels: 0, transit: [] }));
    week.parcels++;
    if (delivered && r.delivered_at !== null && r.shipped_at !== null && r.delivered_at >= r.shipped_at) {
      const t = r.delivered_at - r.shipped_at;
      s.transit.push(t);
      week.transit.push(t);
      if (r.route !== null) {
        const list = s.transitByRoute.get(r.route);
        if (list) list.push(t);
        else s.transitByRoute.set(r.route, [t]);
      }
    }
  }
  // On time: delivered by the estimate this database's history gives for its route (the route's
  // transit time after shipping): one estimate per route.
  const transitOf = new Map<string, number>();
  const routeTransit = (route: string) => {
    let t = transitOf.get(route);
    if (t === undefined) {
      const [carrier_code, carrier_name, origin_city, origin_province, dest_city, dest_province] = JSON.parse(route) as (string | null)[];
      const probe = { carrier_code, carrier_name, origin_city, origin_province, dest_city, dest_province, shipped_at: 0, first_seen_at: 0 };
      transitOf.set(route, (t = estimator.estimateFor(probe as unknown as ShipmentRow).expectedAt));
    }
    return t;
  };
  const rows: SupplierScore[] = [];
  for (const [seller, s] of sellers) {
    let onTime = 0;
    for (const [route, times] of s.transitByRoute) {
      const limit = routeTransit(route);
      for (const t of times) if (t <= limit) onTime++;
    }
    rows.push({
      seller,
      orders: s.orders.size,
      parcels: s.parcels,
      samples: s.transit.length,
      shipSamples: s.ship.length,
      firstScanSamples: s.firstScan.length,
      shipP50Hours: pct(s.ship, 0.5),
      shipP80Hours: pct(s.ship, 0.8),
      firstScanP50Hours: pct(s.firstScan, 0.5),
      firstScanP80Hours: pct(s.firstScan, 0.8),
      transitP50Hours: pct(s.transit, 0.5),
      transitP80Hours: pct(s.transit, 0.8),
      onTimeRate: rate(onTime, s.transit.length),
      exceptionRate: rate(s.exception, s.parcels),
      failedAttemptRate: rate(s.failed, s.parcels),
      returnRate: rate(s.returned, s.parcels),
      neverPickedUpRate: rate(s.neverPickedUp, s.parcels),
      lastProblemAt: iso(s.lastProblem),
      trend: [...s.weeks.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([w, v]) => ({ weekStart: new Date(w).toISOString(), parcels: v.parcels, transitP50Hours: pct(v.transit, 0.5) })),
    });
  }
  // Most parcels first; the page sorts by any column.
  rows.sort((a, b) => b.parcels - a.parcels || b.orders - a.orders || a.seller.localeCompare(b.seller, 'zh-CN'));
  // Carriers with the most problem parcels first.
  const problemsOf = (c: CarrierProblems) => c.exceptions + c.failedAttempts + c.returns;
  const byCarrier = [...carriers.values()].sort((a, b) => problemsOf(b) - problemsOf(a) || b.parcels - a.parcels || a.carrier.localeCompare(b.carrier, 'zh-CN'));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), minSamples: SCORECARD_MIN_SAMPLES, rows, byCarrier };
}

