// Runs in: main process / headless Node.
// Writing one order's trace answer: each parcel's new steps (classified once, when first
// stored), its status and next poll, the order's derived fields, and the hooks, all inside the
// caller's transaction.
import type { Stage } from '../../../shared/domain';
import type { ParcelTrace, TraceStep } from '../ali1688/schemas';
import { afterPoll, compareSteps, type DueParcel, type PollUpdate, type ShipmentRow, type StoredStep } from '../store/shipments';
import { nextPollDelayMs } from '../tracking/orderStatus';
import { deriveShipmentStatus } from '../tracking/shipmentStatus';
import type { OrderDerivationWriter } from './orderDerivation';
import type { ShipmentWrite, SyncRuntime, SyncSettings } from './types';

/** What a parcel's row derives from its steps: the newest, how many, how many just added, the newest signing. */
interface DerivedSteps {
  newest: Pick<StoredStep, 'occurred_at' | 'remark' | 'stage'> | undefined;
  count: number;
  added: number;
  delivered: Pick<StoredStep, 'occurred_at'> | undefined;
}

export function createTraceWriter(rt: SyncRuntime, derivation: OrderDerivationWriter) {
  const { store, deps, classify } = rt;
  const { recomputeDerived } = derivation;

  /** Writes one order's trace answer: steps, statuses, schedule, hooks. Runs inside the batch's transaction. */
  function applyTraces(orderId: string, due: readonly DueParcel[], traces: ParcelTrace[], now: number, s: SyncSettings) {
    const { order, parcels: shipments } = store.shipments.forTraceWrite(orderId);
    // Each parcel's row as it stands after this write's own updates (so nothing is read back).
    const rows = new Map<number, ShipmentRow>();
    for (const sh of shipments) rows.set(sh.id, sh);
    const open = shipments.filter((sh) => sh.done === 0);
    const writes: ShipmentWrite[] = [];
    let newEvents = 0;
    let unknownParcel = false;
    const matched = new Set<number>();
    for (const trace of traces) {
      const sh = matchShipment(open, trace);
      if (!sh) {
        unknownParcel = unknownParcel || trace.steps.length > 0;
        continue;
      }
      matched.add(sh.id);
      const w = writeShipment(sh, trace.steps, rows, now, s);
      newEvents += w.newEvents;
      writes.push(w);
    }
    // Due parcels the answer did not mention: polled, nothing new. (One gone with its order
    // meanwhile has nothing to write.)
    for (const d of due) {
      const sh = rows.get(d.id);
      if (sh && !matched.has(d.id)) writes.push(writeShipment(sh, [], rows, now, s));
    }
    const changed = writes.some((w) => w.newEvents > 0 || w.before?.status !== w.after.status);
    const orderChanged = order ? recomputeDerived(orderId, order, now, shipments.map((sh) => rows.get(sh.id) as ShipmentRow)) : false;
    deps.hooks?.afterOrderWrite?.(orderId, writes, now);
    return { newEvents, changed: changed || orderChanged, unknownParcel };
  }

  /**
   * Stores a parcel's new steps and updates its status and schedule. Steps already stored are
   * neither classified nor inserted, and the derived fields (newest step, signing time, count)
   * come out exactly as a re-read of events() in its order would give them:
   * - nothing new (the usual poll): SQLite says every step in the answer is stored and the
   *   count is the row's, so the row's newest step and count still stand; no step is read;
   * - otherwise the stored steps are read once and derived from, with the new ones, in memory.
   */
  function writeShipment(sh: ShipmentRow, steps: readonly TraceStep[], rows: Map<number, ShipmentRow>, now: number, s: SyncSettings): ShipmentWrite {
    // The row as it stands (a parcel written twice in one answer: after the first write).
    const current = rows.get(sh.id) ?? sh;
    const statusOf = (newest: DerivedSteps['newest']) =>
      deriveShipmentStatus({
        steps: newest ? [{ at: newest.occurred_at, stage: newest.stage }] : [],
        status1688: sh.status_1688,
        hasBillNo: sh.bill_no !== null,
      });
    const quick = unchangedSteps(current, steps);
    // A first signing takes its time from the stored steps: only the full read has them.
    const firstSigning = quick !== null && sh.delivered_at === null && statusOf(quick.newest) === 'delivered';
    const { newest, count, added, delivered } = quick && !firstSigning ? quick : storeNewSteps(sh.id, steps, now);
    const status = statusOf(newest);
    const lastChangeAt = newest?.occurred_at ?? sh.first_seen_at;
    const delay = nextPollDelayMs(status, Math.max(0, now - lastChangeAt), s.pollIntervals ?? {});
    const update: PollUpdate = {
      id: sh.id,
      status,
      last_event_at: newest?.occurred_at ?? null,
      last_remark: newest?.remark ?? null,
      last_stage: newest?.stage ?? null,
      event_count: count,
      delivered_at: status === 'delivered' ? (sh.delivered_at ?? delivered?.occurred_at ?? now) : null,
      next_poll_at: delay === null ? null : now + delay,
      done: delay === null,
      now,
    };
    store.shipments.applyPoll(update, current.status);
    const after = afterPoll(current, update);
    rows.set(sh.id, after);
    return { before: sh, after, newEvents: added };
  }

  /**
   * The parcel's derived fields as its row holds them, when the answer brings nothing new: no
   * step newer than the row's newest (else something is new, and asking would be wasted), every
   * step stored already, and as many stored as the row counts. Null otherwise.
   */
  function unchangedSteps(row: ShipmentRow, steps: readonly TraceStep[]): DerivedSteps | null {
    const newestAt = row.last_event_at;
    for (const step of steps) if (newestAt === null || step.at > newestAt) return null;
    const count = store.shipments.countIfAllStored(row.id, steps);
    if (count === null || count !== row.event_count || (count === 0) !== (newestAt === null)) return null;
    const newest = newestAt === null ? undefined : { occurred_at: newestAt, remark: row.last_remark as string, stage: row.last_stage as Stage };
    return { newest, count, added: 0, delivered: undefined };
  }

  /** Reads the parcel's stored steps once, stores the new ones, and derives from both. */
  function storeNewSteps(shipmentId: number, steps: readonly TraceStep[], now: number): DerivedSteps {
    const stored = store.shipments.storedSteps(shipmentId);
    const fresh: StoredStep[] = [];
    if (steps.length) {
      const known = stored.length ? keysOf(stored) : null;
      for (const step of steps) {
        if (known && isKnown(known, step.at, step.remark)) continue;
        fresh.push({ occurred_at: step.at, remark: step.remark, stage: classify(step.remark), first_seen_at: now });
      }
    }
    let added = 0;
    let all = stored;
    if (fresh.length) {
      added = store.shipments.insertSteps(shipmentId, fresh, now);
      // Fewer rows than offered (a step repeated within the answer, or text SQLite stores
      // differently): read back what was stored rather than guess which ones.
      all = added === fresh.length && fresh.every((f) => wellFormed(f.remark)) ? stored.concat(fresh) : store.shipments.storedSteps(shipmentId);
    }
    let newest: StoredStep | undefined;
    let delivered: StoredStep | undefined;
    for (const e of all) {
      if (!newest || compareSteps(e, newest) > 0) newest = e;
      if (e.stage === 'delivered' && (!delivered || compareSteps(e, delivered) > 0)) delivered = e;
    }
    return { newest, count: all.length, added, delivered };
  }

  return { applyTraces };
}

export type TraceWriter = ReturnType<typeof createTraceWriter>;

/** A trace belongs to the parcel with its logisticsId, else its waybill, else the only parcel. */
function matchShipment(open: ShipmentRow[], trace: ParcelTrace): ShipmentRow | undefined {
  if (trace.logisticsId) {
    const byId = open.find((sh) => sh.logistics_id === trace.logisticsId);
    if (byId) return byId;
  }
  if (trace.billNo) {
    const byBill = open.find((sh) => sh.bill_no === trace.billNo || sh.previous_bill_no === trace.billNo);
    if (byBill) return byBill;
  }
  if (!trace.logisticsId && !trace.billNo && open.length === 1) return open[0];
  return undefined;
}

/** Stored step keys: time → text (or texts, when several steps share a time). */
function keysOf(stored: readonly StoredStep[]): Map<number, string | string[]> {
  const keys = new Map<number, string | string[]>();
  for (const e of stored) {
    const had = keys.get(e.occurred_at);
    keys.set(e.occurred_at, had === undefined ? e.remark : Array.isArray(had) ? [...had, e.remark] : [had, e.remark]);
  }
  return keys;
}

function isKnown(keys: Map<number, string | string[]>, at: number, remark: string): boolean {
  const had = keys.get(at);
  return had === remark || (Array.isArray(had) && had.includes(remark));
}

/** False for text with a lone surrogate, which SQLite would store as U+FFFD (so it reads back different). */
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
