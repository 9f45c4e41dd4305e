// Runs in: main process / headless Node. A parcel's journey in the sandbox world: a timeline of
// trace steps (time, remark, stage), 1688 parcel statuses and waybill versions, built from a seeded
// PRNG. Timing comes from the plan PRNG only; the remark text comes from a separate text PRNG, so
// the plan can be computed cheaply without text and still match the full journey exactly.

import type { Stage } from '../../../../shared/domain';
import { type Carrier, type CarrierCode, type Destination, type Origin, CARRIERS, CARRIER_WEIGHTS, MIDWAY_HUBS } from './catalog';
import { type Rng, chance, int, pick, uniform, weighted } from './prng';
import * as R from './remarks';
import type { RemarkCtx } from './remarks';
import { DAY, HOUR, MINUTE, beijingDayStart, beijingHour, floorSecond } from './time';

export const JOURNEY_KINDS = [
  'normal',
  'station',
  'locker',
  'stalled',
  'failed_then_delivered',
  'exception_then_delivered',
  'waybill_changed',
  'refused_returned',
  'never_picked_up',
  'lost_exception',
  'stalled_forever',
  'cancelled',
] as const;
/**
 * Journeys for the second witness (issue 12): new phrasings, and 1688 statuses that move while the
 * text lags. Drawn only in a world made with `witnessJourneys` (a share of parcels, from a stream
 * of their own), so every other world stays exactly as it was.
 */
export const WITNESS_JOURNEY_KINDS = [
  'station_code_collected',
  'station_code_waiting',
  'failed_signing',
  'refused_signed_back',
  'noget_waybill',
  'sign_text_lags',
] as const;
export type WitnessJourneyKind = (typeof WITNESS_JOURNEY_KINDS)[number];
export type JourneyKind = (typeof JOURNEY_KINDS)[number] | WitnessJourneyKind;

/** Rough share (%) of each kind among shipped parcels. */
export const JOURNEY_SHARES: Readonly<Record<(typeof JOURNEY_KINDS)[number], number>> = {
  normal: 50,
  station: 10,
  locker: 8,
  stalled: 6,
  failed_then_delivered: 6,
  exception_then_delivered: 3,
  waybill_changed: 4,
  refused_returned: 4,
  never_picked_up: 3,
  lost_exception: 3,
  stalled_forever: 1.5,
  cancelled: 1.5,
};

/** Kinds designed never to reach a terminal state (delivered / returned / cancelled). */
export const NON_TERMINAL_JOURNEY_KINDS: readonly JourneyKind[] = [
  'never_picked_up',
  'lost_exception',
  'stalled_forever',
  'station_code_waiting',
  'noget_waybill',
];

export type ParcelStatus1688 = 'WAITACCEPT' | 'ACCEPT' | 'TRANSPORT' | 'SIGN' | 'UNSIGN' | 'NOGET' | 'CANCEL';
export type JourneyOutcome = 'delivered' | 'returned' | 'cancelled';

export interface JourneyStep {
  at: number;
  remark: string;
  /** The sandbox's own label of the step (ground truth for the classifier). */
  stage: Stage;
}

export interface WaybillVersion {
  at: number;
  billNo: string;
  carrier: CarrierCode;
}

export interface Journey {
  kind: JourneyKind;
  shipAt: number;
  versions: WaybillVersion[];
  steps: JourneyStep[];
  statuses: { at: number; status: ParcelStatus1688 }[];
  outcome: JourneyOutcome | null;
  /** When the outcome was reached (null when never). */
  terminalAt: number | null;
  /** The journey's last event of any kind: nothing changes after it. */
  endAt: number;
}

const KIND_TABLE = JOURNEY_KINDS.map((k) => [k, JOURNEY_SHARES[k]] as const);

export function drawJourneyKind(r: Rng): JourneyKind {
  return weighted(r, KIND_TABLE);
}

export function drawCarrier(r: Rng): CarrierCode {
  return weighted(r, CARRIER_WEIGHTS);
}

export interface JourneyInput {
  kind: JourneyKind;
  shipAt: number;
  carrier: CarrierCode;
  origin: Origin;
  dest: Destination;
  /** Waybill number of version v for a carrier (deterministic, unique). */
  billFor: (version: number, carrier: Carrier) => string;
  plan: Rng;
  /** Null: build the timeline only, every remark empty. */
  text: Rng | null;
  hostile: boolean;
}

class Builder {
  t: number;
  readonly steps: JourneyStep[] = [];
  readonly statuses: { at: number; status: ParcelStatus1688 }[] = [];
  readonly versions: WaybillVersion[] = [];
  ctx: RemarkCtx | null = null;
  private last = -Infinity;

  constructor(
    readonly p: Rng,
    readonly text: Rng | null,
    readonly input: JourneyInput,
  ) {
    this.t = input.shipAt;
  }

  wait(min: number, max: number): void {
    this.t += uniform(this.p, min, max);
  }

  /** Opens waybill version v (text context included). */
  waybill(v: number, carrier: Carrier): void {
    const billNo = this.input.billFor(v, carrier);
    this.versions.push({ at: v === 0 ? this.input.shipAt : floorSecond(this.t), billNo, carrier: carrier.code });
    if (this.text) this.ctx = R.makeRemarkCtx(this.text, carrier, this.input.origin, this.input.dest, billNo);
  }

  step(stage: Stage, make: (c: RemarkCtx) => string, status?: ParcelStatus1688): void {
    let at = floorSecond(this.t);
    if (at <= this.last) at = this.last + int(this.p, 1, 9) * MINUTE;
    this.t = Math.max(this.t, at);
    this.last = at;
    this.steps.push({ at, stage, remark: this.ctx ? make(this.ctx) : '' });
    if (status) this.status(status, at);
  }

  status(status: ParcelStatus1688, at = floorSecond(this.t)): void {
    const prev = this.statuses[this.statuses.length - 1];
    if (prev && prev.status === status) return;
    this.statuses.push({ at: prev ? Math.max(at, prev.at) : at, status });
  }
}

/** Next delivery round after an arrival at the outlet: same day if early, else next morning. */
function deliveryRound(b: Builder): void {
  const h = beijingHour(b.t);
  if (h >= 6.5 && h < 13) {
    b.wait(0.5 * HOUR, 2 * HOUR);
  } else {
    const dayStart = beijingDayStart(b.t) + (h >= 13 ? DAY : 0);
    b.t = dayStart + uniform(b.p, 7.5 * HOUR, 10 * HOUR);
  }
}

interface TransitPlan {
  stallAfterHop?: number;
  stallMs?: number;
  problemAtHop?: number;
  /** Stop after arriving at this hop (the parcel is lost or vanishes there). */
  endAtHop?: number;
}

function hubsOf(b: Builder): string[] {
  const { origin, dest } = b.input;
  const hubs = [origin.hub];
  if (origin.province !== dest.province && chance(b.p, 0.45)) hubs.push(pick(b.p, MIDWAY_HUBS));
  if (dest.hub !== origin.hub) hubs.push(dest.hub);
  return hubs;
}

/** Pickup to arrival at the delivery outlet. Returns the hub list, or null when the journey ended. */
function transit(b: Builder, plan: TransitPlan, hubs: string[] = hubsOf(b)): string[] | null {
  if (plan.stallAfterHop !== undefined) plan.stallAfterHop = Math.min(plan.stallAfterHop, hubs.length - 1);
  b.wait(1 * HOUR, 10 * HOUR);
  b.step('picked_up', R.pickedUp, 'ACCEPT');
  b.wait(1 * HOUR, 4 * HOUR);
  b.step('in_transit', (c) => R.leaveOutlet(c, hubs[0] as string), 'TRANSPORT');
  for (let i = 0; i < hubs.length; i++) {
    const hub = hubs[i] as string;
    if (plan.stallAfterHop === i - 1 && plan.stallMs) b.t += plan.stallMs;
    b.wait(i === 0 ? 1.5 * HOUR : 6 * HOUR, i === 0 ? 5 * HOUR : 26 * HOUR);
    b.step('in_transit', (c) => R.arriveHub(c, hub));
    if (plan.endAtHop === i) return null;
    if (plan.problemAtHop === i) {
      b.wait(1 * HOUR, 6 * HOUR);
      b.step('exception', (c) => R.transitProblem(c, hub));
      b.wait(8 * HOUR, 30 * HOUR);
    } else {
      b.wait(1 * HOUR, 5 * HOUR);
    }
    const next = hubs[i + 1];
    b.step('in_transit', (c) =>
      R.departHub(c, hub, next !== undefined ? R.nextHubLabel(c, next) : R.deliveryOutletLabel(c)),
    );
    if (chance(b.p, 0.12)) {
      b.wait(2 * HOUR, 8 * HOUR);
      b.step('in_transit', R.inTransitFiller);
    }
  }
  if (plan.stallAfterHop === hubs.length - 1 && plan.stallMs) b.t += plan.stallMs;
  b.wait(2 * HOUR, 8 * HOUR);
  b.step('in_transit', R.arriveOutlet);
  return hubs;
}

function doorDelivery(b: Builder): void {
  deliveryRound(b);
  b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
  b.wait(0.4 * HOUR, 5 * HOUR);
  b.step('delivered', R.deliveredToDoor, 'SIGN');
}

/** Delivered to the door, refused, and sent back hub by hub to the sender's outlet (not there yet). */
function refusedAndSentBack(b: Builder): void {
  const hubs = transit(b, {}) ?? [];
  deliveryRound(b);
  b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
  b.wait(0.5 * HOUR, 4 * HOUR);
  b.step('exception', R.refused, 'UNSIGN');
  b.wait(3 * HOUR, 30 * HOUR);
  b.step('returning', R.returnStarted);
  const back = [...hubs].reverse();
  for (let i = 0; i < back.length; i++) {
    const hub = back[i] as string;
    const next = back[i + 1];
    b.wait(10 * HOUR, 30 * HOUR);
    b.step('returning', (c) =>
      R.returnHop(c, hub, next !== undefined ? R.nextHubLabel(c, next) : `${c.origin.bracket}${c.carrier.outletWord}`),
    );
  }
}

function finishJourney(b: Builder, kind: JourneyKind, outcome: JourneyOutcome | null): Journey {
  const lastStep = b.steps[b.steps.length - 1];
  const lastStatus = b.statuses[b.statuses.length - 1];
  const lastVersion = b.versions[b.versions.length - 1];
  const endAt = Math.max(lastStep?.at ?? -Infinity, lastStatus?.at ?? -Infinity, lastVersion?.at ?? -Infinity, b.input.shipAt);
  let terminalAt: number | null = null;
  if (outcome === 'cancelled') terminalAt = lastStatus?.at ?? endAt;
  else if (outcome) terminalAt = lastStep?.at ?? endAt;
  return {
    kind,
    shipAt: b.input.shipAt,
    versions: b.versions,
    steps: b.steps,
    statuses: b.statuses,
    outcome,
    terminalAt,
    endAt,
  };
}

export function buildJourney(input: JourneyInput): Journey {
  const b = new Builder(input.plan, input.text, input);
  const p = input.plan;
  const kind = input.kind;
  b.waybill(0, CARRIERS[input.carrier]);
  b.status('WAITACCEPT', input.shipAt);
  b.wait(5 * MINUTE, 3 * HOUR);
  b.step('info_received', R.infoReceived);

  let outcome: JourneyOutcome | null = 'delivered';
  switch (kind) {
    case 'normal': {
      transit(b, {});
      doorDelivery(b);
      break;
    }
    case 'locker': {
      transit(b, {});
      deliveryRound(b);
      b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
      b.wait(0.5 * HOUR, 3 * HOUR);
      b.step('awaiting_pickup', R.intoLocker);
      const waitMs = uniform(p, 3 * HOUR, 50 * HOUR);
      if (waitMs > 24 * HOUR) {
        b.wait(24 * HOUR, 24.5 * HOUR);
        b.step('awaiting_pickup', R.lockerReminder);
        b.t += waitMs - 24.5 * HOUR;
      } else {
        b.t += waitMs;
      }
      b.step('delivered', R.takenFromLocker, 'SIGN');
      break;
    }
    case 'station': {
      transit(b, {});
      if (chance(p, 0.5)) {
        deliveryRound(b);
        b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
        b.wait(0.5 * HOUR, 3 * HOUR);
      } else {
        deliveryRound(b);
      }
      b.step('awaiting_pickup', R.atStation);
      const waitMs = uniform(p, 26 * HOUR, 74 * HOUR);
      b.wait(24 * HOUR, 25 * HOUR);
      b.step('awaiting_pickup', R.stationReminder);
      b.t += Math.max(waitMs - 25 * HOUR, 30 * MINUTE);
      b.step('delivered', R.collectedFromStation, 'SIGN');
      break;
    }
    case 'stalled': {
      const stallMs = uniform(p, 3 * DAY, 5 * DAY);
      transit(b, { stallAfterHop: int(p, -1, 1), stallMs });
      doorDelivery(b);
      break;
    }
    case 'failed_then_delivered': {
      transit(b, {});
      deliveryRound(b);
      b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
      b.wait(1 * HOUR, 5 * HOUR);
      b.step('failed_attempt', R.failedAttempt, 'UNSIGN');
      if (chance(p, 0.3)) {
        b.t = beijingDayStart(b.t) + DAY + uniform(p, 8 * HOUR, 10 * HOUR);
        b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
        b.wait(1 * HOUR, 4 * HOUR);
        b.step('failed_attempt', R.failedAttempt, 'UNSIGN');
      }
      b.t = beijingDayStart(b.t) + DAY + uniform(p, 8 * HOUR, 10 * HOUR);
      b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
      b.wait(0.5 * HOUR, 4 * HOUR);
      b.step('delivered', R.deliveredToDoor, 'SIGN');
      break;
    }
    case 'exception_then_delivered': {
      transit(b, { problemAtHop: int(p, 0, 1) });
      doorDelivery(b);
      break;
    }
    case 'waybill_changed': {
      b.wait(10 * HOUR, 40 * HOUR);
      const carrier = chance(p, 0.35) ? CARRIERS[drawCarrier(p)] : CARRIERS[input.carrier];
      b.waybill(1, carrier);
      b.step('info_received', R.newWaybill);
      transit(b, {});
      doorDelivery(b);
      break;
    }
    case 'refused_returned': {
      refusedAndSentBack(b);
      b.wait(10 * HOUR, 40 * HOUR);
      b.step('returned', R.returned);
      outcome = 'returned';
      break;
    }
    case 'never_picked_up': {
      if (chance(p, 0.6)) {
        b.wait(18 * HOUR, 40 * HOUR);
        b.step('info_received', R.stillWaitingPickup);
      }
      b.status('NOGET', floorSecond(input.shipAt + 3 * DAY + uniform(p, 0, 8 * HOUR)));
      outcome = null;
      break;
    }
    case 'lost_exception': {
      const hubs = hubsOf(b);
      const at = int(p, 0, hubs.length - 1);
      const where = hubs[at] as string;
      transit(b, { endAtHop: at }, hubs);
      b.wait(1.5 * DAY, 4 * DAY);
      b.step('exception', (c) => R.lost(c, where), 'UNSIGN');
      if (chance(p, 0.5)) {
        b.wait(1 * DAY, 2 * DAY);
        b.step('exception', R.lostFollowUp);
      }
      outcome = null;
      break;
    }
    case 'stalled_forever': {
      transit(b, { endAtHop: 0 });
      outcome = null;
      break;
    }
    case 'cancelled': {
      b.wait(12 * HOUR, 40 * HOUR);
      b.step('exception', R.waybillCancelled, 'CANCEL');
      outcome = 'cancelled';
      break;
    }
    default:
      outcome = witnessJourney(b, kind);
  }

  if (input.hostile && input.text && b.ctx && b.steps.length > 0) {
    const i = int(input.text, 0, b.steps.length - 1);
    const s = b.steps[i] as JourneyStep;
    s.remark = R.hostile(b.ctx, s.remark);
  }
  return finishJourney(b, kind, outcome);
}

// ---- Second-witness journeys ------------------------------------------------------------------

/** Draws a witness kind for a parcel (its own stream), or keeps the drawn one. */
export function drawWitnessKind(r: Rng, drawn: JourneyKind, share: number): JourneyKind {
  if (share <= 0 || !chance(r, share)) return drawn;
  return pick(r, WITNESS_JOURNEY_KINDS);
}

/** The journeys of WITNESS_JOURNEY_KINDS, after the label step. Returns the outcome. */
function witnessJourney(b: Builder, kind: JourneyKind): JourneyOutcome | null {
  const p = b.p;
  switch (kind) {
    case 'station_code_collected': {
      // Waits at a station with a pickup code, and is collected with it: delivered.
      transit(b, {});
      deliveryRound(b);
      b.step('awaiting_pickup', R.stationCodeWaiting, 'TRANSPORT');
      b.wait(2 * HOUR, 40 * HOUR);
      b.step('delivered', R.stationCodeCollected, 'SIGN');
      return 'delivered';
    }
    case 'station_code_waiting': {
      // Still waiting with its pickup code when the world ends: awaiting_pickup, not delivered.
      transit(b, {});
      deliveryRound(b);
      b.step('awaiting_pickup', R.stationCodeWaiting, 'TRANSPORT');
      return null;
    }
    case 'failed_signing': {
      // A signing that FAILED (失败签收 / 签收失败), delivered on the next round.
      transit(b, {});
      deliveryRound(b);
      b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
      b.wait(1 * HOUR, 5 * HOUR);
      b.step('failed_attempt', R.failedSigning, 'UNSIGN');
      b.t = beijingDayStart(b.t) + DAY + uniform(p, 8 * HOUR, 10 * HOUR);
      b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
      b.wait(0.5 * HOUR, 4 * HOUR);
      b.step('delivered', R.deliveredToDoor, 'SIGN');
      return 'delivered';
    }
    case 'refused_signed_back': {
      // Refused, sent back, and signed for by the sender: returned (1688 says SIGN: the sender's).
      refusedAndSentBack(b);
      b.wait(10 * HOUR, 40 * HOUR);
      b.step('returned', R.signedBackBySender, 'SIGN');
      return 'returned';
    }
    case 'noget_waybill': {
      // Only a label; 1688 gives the pickup up (NOGET) within two days while the text says nothing new.
      b.wait(20 * HOUR, 30 * HOUR);
      b.step('info_received', R.stillWaitingPickup);
      b.status('NOGET', floorSecond(b.t + uniform(p, 2 * HOUR, 20 * HOUR)));
      return null;
    }
    case 'sign_text_lags': {
      // 1688 says SIGN hours before the carrier's signing line appears (or it never does).
      transit(b, {});
      deliveryRound(b);
      b.step('out_for_delivery', R.outForDelivery, 'TRANSPORT');
      b.wait(0.5 * HOUR, 3 * HOUR);
      b.status('SIGN');
      if (chance(p, 0.5)) {
        b.wait(8 * HOUR, 36 * HOUR);
        b.step('delivered', R.deliveredToDoor);
      }
      return 'delivered';
    }
    default:
      return 'delivered';
  }
}
