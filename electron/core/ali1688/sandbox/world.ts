// Runs in: main process / headless Node. The sandbox's seeded world: orders, parcels and their
// journeys. Everything is a pure function of (seed, startAt, order index, t). Orders are generated
// lazily, one at a time, from a per-order seed: building a 100,000-order world costs nothing until
// it is asked, a full scan computes cheap timeline-only plans, and full orders (with remark text)
// live in a small LRU cache.

import type { Stage } from '../../../../shared/domain';
import {
  BUYER,
  CARRIERS,
  type Carrier,
  type CarrierCode,
  DESTINATIONS,
  type Destination,
  ORIGINS,
  type Origin,
  type ProductLine,
  type Seller,
  makeProductLine,
  makeSeller,
} from './catalog';
import { IdSpace } from './ids';
import {
  type Journey,
  type JourneyKind,
  type ParcelStatus1688,
  buildJourney,
  drawCarrier,
  drawJourneyKind,
  drawWitnessKind,
} from './journeys';
import { type Rng, chance, digits, hash32, int, mulberry32, pick, uniform, weighted } from './prng';
import { DAY, HOUR, MINUTE } from './time';

export type OrderStatus1688 = 'waitbuyerpay' | 'waitsellersend' | 'waitbuyerreceive' | 'success' | 'cancel';

export interface TruthStep {
  at: number;
  remark: string;
  /** The sandbox's own stage label for the step (extra; not part of the protocol). */
  stage: Stage;
}

export interface ParcelTruth {
  logisticsId: string;
  billNo: string;
  carrierCode: CarrierCode;
  /** Plain name, e.g. `中通快递` (getLogisticsInfos writes `中通快递(ZTO)`). */
  carrierName: string;
  status1688: ParcelStatus1688;
  /** Steps visible at t, oldest first. */
  steps: TruthStep[];
  /** Extra: the designed journey. */
  journeyKind: JourneyKind;
  shippedAt: number;
}

export interface OrderTruth {
  orderId: string;
  status1688: OrderStatus1688;
  /** modifyTime at t: the time of the order's latest change (create, pay, ship, waybill change, status). */
  modifiedAt: number;
  createdAt: number;
  /** Parcels shipped by t (a parcel exists for the API from its ship time). */
  parcels: ParcelTruth[];
}

export interface SandboxWorld {
  readonly seed: number;
  readonly startAt: number;
  readonly size: number;
  /** Every order id of the world, in generation order (including orders created after `now`). */
  orderIds(): string[];
  /** Truth at world time t for every order created by t. */
  truthAt(t: number): OrderTruth[];
  /** Truth of one order at t, or null when it does not exist (yet). */
  orderTruthAt(orderId: string, t: number): OrderTruth | null;
  journeyKindOf(logisticsId: string): JourneyKind | undefined;
  /** World time after which nothing changes any more. */
  finishedAt(): number;
}

export interface SandboxWorldOptions {
  seed?: number;
  orders?: number;
  /** Orders are created in the 30 days before it. Default: now, rounded down to the minute. */
  startAt?: number;
  /**
   * Share (0–1) of shipped parcels on a second-witness journey (WITNESS_JOURNEY_KINDS), drawn
   * from a stream of their own: 0 (the default) leaves the world exactly as without the option.
   */
  witnessJourneys?: number;
  /**
   * The purchasing desk's scenes (the demo): orders come from a few recurring sellers, one of
   * them slow to ship, and every fourth order has a parcel waiting at a station or locker at the
   * world's start. Off by default: other worlds are unchanged.
   */
  deskScenes?: boolean;
}

/** Recurring sellers of a desk world; the first ships 3–6 days after payment. */
const DESK_SELLERS = 6;
const DESK_SLOW_SELLER = 0;
/** Orders of a desk world with a parcel waiting at a station (or locker) when the world starts. */
const isWaitingScene = (i: number) => i % 4 === 1;

type OrderKind = 'paid' | 'unpaid' | 'cancelled_after_pay' | 'never_ships';

export interface ParcelPlan {
  index: number;
  logisticsId: string;
  kind: JourneyKind;
  origin: Origin;
  dest: Destination;
  journey: Journey;
  /** Product lines in this parcel: item index and quantity. */
  items: { item: number; quantity: number }[];
}

export interface ItemPlan extends ProductLine {
  subItemId: string;
}

export interface OrderPlan {
  index: number;
  id: string;
  kind: OrderKind;
  createAt: number;
  payAt: number | null;
  statuses: { at: number; status: OrderStatus1688 }[];
  /** Sorted change times (modifyTime candidates). */
  changes: number[];
  parcels: ParcelPlan[];
  endAt: number;
  /** Full orders only (text mode). */
  detail: OrderDetail | null;
}

export interface OrderDetail {
  seller: Seller;
  items: ItemPlan[];
  shippingFeeFen: number;
  discountFen: number;
  receiverName: string;
  receiverMobile: string;
  remark: string;
}

export interface OrderSummary {
  createAt: number;
  statuses: { at: number; status: OrderStatus1688 }[];
  changes: number[];
  parcelKinds: JourneyKind[];
  endAt: number;
}

/** Last entry with at <= t, or undefined. */
export function atTime<T extends { at: number }>(list: readonly T[], t: number): T | undefined {
  let found: T | undefined;
  for (const x of list) {
    if (x.at <= t) found = x;
    else break;
  }
  return found;
}

export function lastChangeAt(changes: readonly number[], t: number): number | undefined {
  let found: number | undefined;
  for (const x of changes) {
    if (x <= t) found = x;
    else break;
  }
  return found;
}

/** The steps visible at t (a prefix: steps are sorted), as fresh step objects. */
function visibleSteps(steps: readonly TruthStep[], t: number): TruthStep[] {
  let n = 0;
  while (n < steps.length && (steps[n] as TruthStep).at <= t) n++;
  const out = new Array<TruthStep>(n);
  for (let k = 0; k < n; k++) {
    const s = steps[k] as TruthStep;
    out[k] = { at: s.at, remark: s.remark, stage: s.stage };
  }
  return out;
}

const LRU_CAP = 4096;
const ORIGIN_TABLE = ORIGINS.map((o) => [o, o.weight] as const);
const DEST_TABLE = DESTINATIONS.map((d) => [d, d.weight] as const);
const ORDER_KIND_TABLE: readonly (readonly [OrderKind, number])[] = [
  ['paid', 87.5],
  ['unpaid', 5],
  ['cancelled_after_pay', 3.5],
  ['never_ships', 4],
];
const PARCEL_COUNT_TABLE = [
  [1, 85],
  [2, 11],
  [3, 4],
] as const;
const ITEM_COUNT_TABLE = [
  [1, 50],
  [2, 25],
  [3, 15],
  [4, 10],
] as const;

export class World implements SandboxWorld {
  readonly seed: number;
  readonly startAt: number;
  readonly size: number;
  readonly ids: IdSpace;
  private readonly witnessShare: number;
  private createAts: Float64Array | null = null;
  private createdDesc: Int32Array | null = null;
  private summaries: (OrderSummary | undefined)[];
  private fullNow = new Map<number, OrderPlan>();
  private fullOld = new Map<number, OrderPlan>();
  private finished: number | null = null;
  private readonly deskScenes: boolean;

  constructor(opts: SandboxWorldOptions = {}) {
    this.deskScenes = opts.deskScenes ?? false;
    this.seed = (opts.seed ?? 1688) >>> 0;
    this.size = Math.max(0, Math.floor(opts.orders ?? 200));
    this.startAt = opts.startAt ?? Math.floor(Date.now() / MINUTE) * MINUTE;
    this.ids = new IdSpace(this.seed);
    this.witnessShare = Math.min(1, Math.max(0, opts.witnessJourneys ?? 0));
    this.summaries = new Array<OrderSummary | undefined>(this.size);
  }

  // ---- public accessors -------------------------------------------------------------------

  orderIds(): string[] {
    const out = new Array<string>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.ids.orderId(i);
    return out;
  }

  truthAt(t: number): OrderTruth[] {
    const out: OrderTruth[] = [];
    for (let i = 0; i < this.size; i++) {
      if (this.createAt(i) > t) continue;
      out.push(this.truthOf(this.peek(i), t));
    }
    return out;
  }

  orderTruthAt(orderId: string, t: number): OrderTruth | null {
    const i = this.indexOf(orderId);
    if (i === null || this.createAt(i) > t) return null;
    return this.truthOf(this.order(i), t);
  }

  journeyKindOf(logisticsId: string): JourneyKind | undefined {
    const ip = this.ids.parcelIndex(logisticsId);
    if (!ip) return undefined;
    const [i, p] = ip;
    if (i >= this.size) return undefined;
    return this.summary(i).parcelKinds[p];
  }

  finishedAt(): number {
    if (this.finished === null) {
      let max = this.startAt;
      for (let i = 0; i < this.size; i++) max = Math.max(max, this.summary(i).endAt);
      this.finished = max;
    }
    return this.finished;
  }

  // ---- lookups for the gateway --------------------------------------------------------------

  indexOf(orderId: string): number | null {
    const i = this.ids.orderIndex(orderId);
    return i !== null && i < this.size ? i : null;
  }

  createAt(i: number): number {
    if (!this.createAts) {
      this.createAts = new Float64Array(this.size);
      for (let k = 0; k < this.size; k++) this.createAts[k] = this.head(k).createAt;
    }
    return this.createAts[i] as number;
  }

  /** Order indices, newest created first (ties: larger id first). */
  byCreatedDesc(): Int32Array {
    if (!this.createdDesc) {
      const idx = new Int32Array(this.size);
      for (let i = 0; i < this.size; i++) idx[i] = i;
      const ids = this.orderIds();
      idx.sort((a, b) => {
        const d = this.createAt(b) - this.createAt(a);
        if (d !== 0) return d;
        const ia = ids[a] as string;
        const ib = ids[b] as string;
        return ia < ib ? 1 : ia > ib ? -1 : 0;
      });
      this.createdDesc = idx;
    }
    return this.createdDesc;
  }

  summary(i: number): OrderSummary {
    let s = this.summaries[i];
    if (!s) {
      const cached = this.fullNow.get(i) ?? this.fullOld.get(i);
      const plan = cached ?? this.generate(i, false);
      s = {
        createAt: plan.createAt,
        statuses: plan.statuses,
        changes: plan.changes,
        parcelKinds: plan.parcels.map((p) => p.kind),
        endAt: plan.endAt,
      };
      this.summaries[i] = s;
    }
    return s;
  }

  /** The full order, from the cache when there, else generated without caching it (for scans). */
  peek(i: number): OrderPlan {
    return this.fullNow.get(i) ?? this.fullOld.get(i) ?? this.generate(i, true);
  }

  /** The full order (with text), cached (two-generation LRU: O(1), no Map-deletion holes). */
  order(i: number): OrderPlan {
    let o = this.fullNow.get(i);
    if (o) return o;
    o = this.fullOld.get(i) ?? this.generate(i, true);
    this.fullNow.set(i, o);
    if (this.fullNow.size >= LRU_CAP) {
      this.fullOld = this.fullNow;
      this.fullNow = new Map();
    }
    return o;
  }

  statusAt(s: { statuses: { at: number; status: OrderStatus1688 }[] }, t: number): OrderStatus1688 {
    return atTime(s.statuses, t)?.status ?? 'waitbuyerpay';
  }

  truthOf(o: OrderPlan, t: number): OrderTruth {
    const parcels: ParcelTruth[] = [];
    for (const p of o.parcels) {
      const j = p.journey;
      if (j.shipAt > t) continue;
      const v = atTime(j.versions, t) ?? j.versions[0];
      if (!v) continue;
      const carrier = CARRIERS[v.carrier];
      parcels.push({
        logisticsId: p.logisticsId,
        billNo: v.billNo,
        carrierCode: v.carrier,
        carrierName: carrier.name,
        status1688: atTime(j.statuses, t)?.status ?? 'WAITACCEPT',
        steps: visibleSteps(j.steps, t),
        journeyKind: p.kind,
        shippedAt: j.shipAt,
      });
    }
    return {
      orderId: o.id,
      status1688: this.statusAt(o, t),
      modifiedAt: lastChangeAt(o.changes, t) ?? o.createAt,
      createdAt: o.createAt,
      parcels,
    };
  }

  // ---- generation ----------------------------------------------------------------------------

  private base(i: number): number {
    return hash32(this.seed, i, 0x1688);
  }

  /** The first draws of an order's plan stream: its kind and creation time. */
  private head(i: number, r: Rng = mulberry32(hash32(this.base(i), 1))): { kind: OrderKind; createAt: number } {
    if (this.deskScenes && isWaitingScene(i)) return { kind: 'paid', createAt: Math.floor(this.startAt - uniform(r, 6 * DAY, 9 * DAY)) };
    const kind = weighted(r, ORDER_KIND_TABLE);
    const recent = kind === 'unpaid' && chance(r, 0.4);
    const createAt = Math.floor(this.startAt - uniform(r, recent ? 5 * MINUTE : 2 * HOUR, recent ? 2 * DAY : 30 * DAY));
    return { kind, createAt };
  }

  private generate(i: number, text: boolean): OrderPlan {
    const base = this.base(i);
    const r = mulberry32(hash32(base, 1));
    const { kind, createAt } = this.head(i, r);
    const deskSeller = this.deskScenes ? this.deskSeller(i) : null;
    const origin = deskSeller ? deskSeller.origin : weighted(r, ORIGIN_TABLE);
    const dest = weighted(r, DEST_TABLE);
    const statuses: { at: number; status: OrderStatus1688 }[] = [{ at: createAt, status: 'waitbuyerpay' }];
    const changes: number[] = [createAt];
    let payAt: number | null = null;
    const parcels: ParcelPlan[] = [];

    if (kind === 'unpaid') {
      const closeAt = Math.floor(createAt + uniform(r, 1 * DAY, 3 * DAY));
      statuses.push({ at: closeAt, status: 'cancel' });
    } else {
      payAt = Math.floor(createAt + (chance(r, 0.8) ? uniform(r, 1 * MINUTE, 40 * MINUTE) : uniform(r, 1 * HOUR, 8 * HOUR)));
      statuses.push({ at: payAt, status: 'waitsellersend' });
      if (kind === 'cancelled_after_pay') {
        statuses.push({ at: Math.floor(payAt + uniform(r, 6 * HOUR, 3 * DAY)), status: 'cancel' });
      } else if (kind === 'never_ships') {
        if (chance(r, 0.5)) statuses.push({ at: Math.floor(payAt + uniform(r, 7 * DAY, 12 * DAY)), status: 'cancel' });
      } else {
        const n = weighted(r, PARCEL_COUNT_TABLE);
        let firstShip = Math.floor(
          payAt + (chance(r, 0.84) ? uniform(r, 3 * HOUR, 48 * HOUR) : uniform(r, 2 * DAY, 7 * DAY)),
        );
        if (deskSeller && i % DESK_SELLERS === DESK_SLOW_SELLER) firstShip = Math.floor(payAt + uniform(r, 3 * DAY, 6 * DAY));
        const firstCarrier = drawCarrier(r);
        if (this.deskScenes && isWaitingScene(i)) firstShip = this.shipToWaitNow(i, r, firstShip, payAt, firstCarrier, origin, dest);
        for (let p = 0; p < n; p++) {
          const shipAt =
            p === 0 ? firstShip : Math.floor(firstShip + (chance(r, 0.5) ? uniform(r, 1 * MINUTE, 20 * MINUTE) : uniform(r, 4 * HOUR, 2 * DAY)));
          const carrier = p === 0 || chance(r, 0.6) ? firstCarrier : drawCarrier(r);
          const jkind =
            (this.deskScenes && p === 0 ? deskKind(i) : undefined) ??
            drawWitnessKind(mulberry32(hash32(base, 70 + p)), drawJourneyKind(r), this.witnessShare);
          const textRng = text ? mulberry32(hash32(base, 20 + p)) : null;
          const hostile = textRng !== null && (i % 97 === 5 && p === 0 ? true : chance(textRng, 0.02));
          const billRng = (v: number) => mulberry32(hash32(base, 40 + p * 4 + v));
          const journey = buildJourney({
            kind: jkind,
            shipAt,
            carrier,
            origin,
            dest,
            billFor: (v: number, c: Carrier) => c.bill(this.ids.billDigits(i, p, v), billRng(v)),
            plan: mulberry32(hash32(base, 10 + p)),
            text: textRng,
            hostile,
          });
          parcels.push({ index: p, logisticsId: this.ids.logisticsId(i, p), kind: jkind, origin, dest, journey, items: [] });
        }
        statuses.push({ at: firstShip, status: 'waitbuyerreceive' });
        const outcomes = parcels.map((p) => p.journey.outcome);
        if (outcomes.every((x) => x !== null)) {
          const lastTerminal = Math.max(...parcels.map((p) => p.journey.terminalAt ?? 0));
          if (outcomes.includes('delivered')) {
            statuses.push({ at: Math.floor(lastTerminal + uniform(r, 1 * DAY, 8 * DAY)), status: 'success' });
          } else {
            statuses.push({ at: Math.floor(lastTerminal + uniform(r, 1 * DAY, 3 * DAY)), status: 'cancel' });
          }
        }
        for (const p of parcels) {
          changes.push(p.journey.shipAt);
          for (const v of p.journey.versions.slice(1)) changes.push(v.at);
          for (const s of p.journey.statuses) if (s.status === 'CANCEL') changes.push(s.at);
        }
      }
    }
    for (const s of statuses.slice(1)) changes.push(s.at);
    changes.sort((a, b) => a - b);
    let endAt = changes[changes.length - 1] ?? createAt;
    for (const p of parcels) endAt = Math.max(endAt, p.journey.endAt);

    const plan: OrderPlan = {
      index: i,
      id: this.ids.orderId(i),
      kind,
      createAt,
      payAt,
      statuses,
      changes,
      parcels,
      endAt,
      detail: null,
    };
    if (text) plan.detail = this.detail(i, base, origin, parcels);
    return plan;
  }

  /** A desk world's seller of order i: one of a few, each always the same company in the same place. */
  private deskSeller(i: number): Seller {
    const s = i % DESK_SELLERS;
    return makeSeller(mulberry32(hash32(this.seed, 0xde5c, s)), ORIGINS[s % ORIGINS.length] as Origin, s);
  }

  /**
   * A shipping time that puts the first parcel's arrival at its station a few hours before the
   * world starts (its journey timed from a probe of the same plan); the drawn time when the
   * journey is too long for that.
   */
  private shipToWaitNow(i: number, r: Rng, drawn: number, payAt: number, carrier: CarrierCode, origin: Origin, dest: Destination): number {
    const probe = (shipAt: number) =>
      buildJourney({
        kind: waitingKind(i),
        shipAt,
        carrier,
        origin,
        dest,
        billFor: (v: number, c: Carrier) => c.bill(this.ids.billDigits(i, 0, v), mulberry32(hash32(this.base(i), 40 + v))),
        plan: mulberry32(hash32(this.base(i), 10)),
        text: null,
        hostile: false,
      }).steps.find((s) => s.stage === 'awaiting_pickup')?.at;
    const arrived = probe(drawn);
    if (arrived === undefined) return drawn;
    const shipAt = Math.floor(drawn + (this.startAt - uniform(r, 1 * HOUR, 14 * HOUR)) - arrived);
    return shipAt >= payAt + HOUR ? shipAt : drawn;
  }

  private detail(i: number, base: number, origin: Origin, parcels: ParcelPlan[]): OrderDetail {
    const r = mulberry32(hash32(base, 2));
    const seller = (this.deskScenes ? this.deskSeller(i) : null) ?? makeSeller(r, origin, hash32(base, 3) % 1000);
    const nItems = weighted(r, ITEM_COUNT_TABLE);
    const items: ItemPlan[] = [];
    for (let k = 0; k < nItems; k++) {
      items.push({ ...makeProductLine(r, this.ids.productId(i, k)), subItemId: this.ids.subItemId(i, k) });
    }
    // Which product lines travel in which parcel.
    const n = parcels.length;
    if (n > 0) {
      if (nItems >= n) {
        items.forEach((it, k) => (parcels[k % n] as ParcelPlan).items.push({ item: k, quantity: it.quantity }));
      } else {
        const it = items[0] as ItemPlan;
        let left = it.quantity;
        for (let p = 0; p < n; p++) {
          const q = p === n - 1 ? left : Math.max(1, Math.floor(it.quantity / n));
          left -= q;
          (parcels[p] as ParcelPlan).items.push({ item: 0, quantity: q });
        }
        for (let k = 1; k < nItems; k++) (parcels[k % n] as ParcelPlan).items.push({ item: k, quantity: (items[k] as ItemPlan).quantity });
      }
    }
    const shippingFeeFen = chance(r, 0.4) ? 0 : int(r, 5, 30) * 100;
    const discountFen = chance(r, 0.8) ? 0 : -int(r, 1, 50) * 100;
    return {
      seller,
      items,
      shippingFeeFen,
      discountFen,
      receiverName: pick(r, BUYER.receivers),
      receiverMobile: `1${pick(r, ['37', '59', '86'])}${digits(r, 8)}`,
      remark: chance(r, 0.2) ? pick(r, ['请尽快发货', '发中通，谢谢', '包装结实一点', '开增值税发票']) : '',
    };
  }
}

/** A world without a server (e.g. to seed a store benchmark); the gateway builds its own the same way. */
/** The waiting scenes alternate between a staffed station and a locker. */
function waitingKind(i: number): JourneyKind {
  return i % 8 === 1 ? 'station' : 'locker';
}

/** A desk world's first parcel: waiting now, or refused and sent back (every tenth order), else drawn. */
function deskKind(i: number): JourneyKind | null {
  if (isWaitingScene(i)) return waitingKind(i);
  return i % 10 === 3 ? 'refused_returned' : null;
}

export function createSandboxWorld(opts: SandboxWorldOptions = {}): SandboxWorld {
  return new World(opts);
}
