// The purchasing desk's view types: trace search hits, arrivals, the in-transit book and the
// supplier scorecard. Part of the contract (shared/contract.ts re-exports it). Pure TypeScript.
import type { OrderStatus, ShipmentStatus, Stage } from './domain';
import type { IsoTime } from './views';

/** One step found by `traces.search`, with the parcel it belongs to. */
export interface TraceHitView {
  orderId: string;
  logisticsId: string;
  billNo: string | null;
  carrierName: string | null;
  seller: string | null;
  status: ShipmentStatus;
  receivedAt: IsoTime | null;
  at: IsoTime;
  remark: string;
  stage: Stage;
  /** Where the search's words are in `remark`: [start, end) in UTF-16 units, sorted. Render as text. */
  highlights: [number, number][];
}

export interface ArrivalParcelBase {
  orderId: string;
  logisticsId: string;
  billNo: string | null;
  carrierName: string | null;
  seller: string | null;
}

export interface ExpectedArrival extends ArrivalParcelBase {
  expectedAt: IsoTime;
  /** What the estimate rests on (同线路 …), in Chinese; basisEn in English. */
  basis: string;
  basisEn: string;
  day: 'today' | 'tomorrow';
  status: ShipmentStatus;
}

export interface OutForDeliveryArrival extends ArrivalParcelBase {
  since: IsoTime | null;
  remark: string | null;
}

export interface WaitingArrival extends ArrivalParcelBase {
  /** Parsed from the trace text; null when it names none. */
  station: string | null;
  address: string | null;
  pickupCode: string | null;
  kind: 'locker' | 'station' | null;
  /** Parcels with the same key wait at the same place (one trip collects them). */
  stationKey: string;
  since: IsoTime | null;
  /** The step the station was read from (carrier text: render as text). */
  remark: string | null;
}

export interface ArrivalsView {
  /** The app's clock when the list was made; "today" is its local day. */
  now: IsoTime;
  expected: ExpectedArrival[];
  outForDelivery: OutForDeliveryArrival[];
  waiting: WaitingArrival[];
}

export interface ReceivedResult {
  orderId: string;
  logisticsId: string;
  receivedAt: IsoTime;
  /** It had been marked received before (nothing changed, no second ERP event). */
  alreadyReceived: boolean;
  /** 'recorded': a `shipment.received` event is in the outbox; 'no_erp': no ERP is configured. */
  erpEvent: 'recorded' | 'already_recorded' | 'no_erp';
  closedAlerts: number;
}

export const BOOK_SORTS = ['age', 'value', 'seller', 'status'] as const;
export type BookSort = (typeof BOOK_SORTS)[number];

export interface InTransitRow {
  orderId: string;
  seller: string | null;
  status: OrderStatus;
  totalFen: number | null;
  /** Paid (or created when not paid) — the age counts from it. */
  since: IsoTime | null;
  ageHours: number | null;
  parcels: number;
  received: number;
  billNos: string[];
}

export interface InTransitTotal {
  key: string;
  orders: number;
  valueFen: number;
}

export interface InTransitBook {
  now: IsoTime;
  total: { orders: number; valueFen: number };
  byStatus: InTransitTotal[];
  /** Largest value first. */
  bySupplier: InTransitTotal[];
  /** The rows asked for (offset, limit), in the order asked. */
  rows: InTransitRow[];
}

/** One seller's figures over a period; a figure below its minimum sample is null. */
export interface SupplierScore {
  seller: string;
  orders: number;
  parcels: number;
  /** Delivered parcels: what transit times and the on-time rate rest on. */
  samples: number;
  shipSamples: number;
  firstScanSamples: number;
  shipP50Hours: number | null;
  shipP80Hours: number | null;
  firstScanP50Hours: number | null;
  firstScanP80Hours: number | null;
  transitP50Hours: number | null;
  transitP80Hours: number | null;
  onTimeRate: number | null;
  exceptionRate: number | null;
  failedAttemptRate: number | null;
  returnRate: number | null;
  neverPickedUpRate: number | null;
  lastProblemAt: IsoTime | null;
  /** Per week of the period (order creation): parcels and transit P50 (null below the minimum). */
  trend: { weekStart: IsoTime; parcels: number; transitP50Hours: number | null }[];
}

export interface SupplierScorecard {
  from: IsoTime;
  to: IsoTime;
  /** Fewest samples a figure is shown for. */
  minSamples: number;
  rows: SupplierScore[];
  /** Problem parcels per carrier over the same period, the carrier with the most first. */
  byCarrier: CarrierProblems[];
}

/** A carrier's parcels in a period and how many had each problem (a parcel may have several). */
export interface CarrierProblems {
  /** The carrier's name as the parcels show it ('—' when unknown). */
  carrier: string;
  parcels: number;
  exceptions: number;
  failedAttempts: number;
  /** Returning or returned. */
  returns: number;
}
