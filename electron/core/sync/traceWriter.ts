// Runs in: main process / headless Node.
// Writing one order's trace answer: each parcel's new steps (classified once, when first
// stored), its status and next poll, the order's derived fields, and the hooks, all inside the
// caller's transaction.
import type { Stage } from '../../../shared/domain';
import type { ParcelTrace, TraceStep } from '../ali1688/schemas';
import { afterPoll, compareSteps, type DueParcel, type PollUpdate, type ShipmentRow, type StoredStep } from '../store/shipments';
import { nextPollDelayMs } from '../tracking/orderStatus';
import { judgeParcel, storedEvidence, type ParcelEvidence, type StoredEvidence } from '../tracking/parcelEvidence';
import { DEFAULT_WITNESS_SETTINGS } from './types';
import type { OrderDerivationWriter } from './orderDerivation';
import type { ShipmentWrite, SyncRuntime, SyncSettings } from './types';

/** What a parcel's row derives from its steps: the newest, how many, how many just added, the newest signing. */
interface DerivedSteps {
  newest: Pick<StoredStep, 'occurred_at' | 'remark' | 'stage'> | undefined;
  count: number;
  added: number;
  delivered: Pick<StoredStep, 'occurred_at'> | undefined;
  /** The newest step's stage that is not delivered/returned (what a held parcel shows); undefined on the quick path. */
  openStage?: Stage | undefined;
  /** What migration 10's triggers keep on the row from every stored step; undefined on the quick path (unchanged). */
  scorecard?: Required<Pick<ShipmentRow, 'first_scan_at' | 'problems' | 'last_problem_at'>>;
}

const PROBLEM_BITS: Partial<Record<Stage, number>> = { exception: 1, failed_attempt: 2, returning: 4, returned: 4 };

/** Statuses where a parcel may sit while 1688 knows better (a signing at a station, a pickup that failed). */
const STUCK: ReadonlySet<string> = new Set(['awaiting_pickup', 'info_received', 'not_found', 'failed_attempt']);
const OPEN_TERMINAL: ReadonlySet<string> = new Set(['delivered', 'returned', 'cancelled']);

/** How a write treats the parcel's schedule: a poll answer sets the next poll; a re-read of 1688's status keeps it. */
type WriteMode = 'poll' | 'witness';

export function createTraceWriter(rt: SyncRuntime, derivation: OrderDerivationWriter) {
  const { store, deps, classify, explain } = rt;
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
    let witnessAt = Infinity;
    let witnessNow = false;
    const write = (sh: ShipmentRow, steps: readonly TraceStep[]) => {
      const w = writeShipment(sh, steps, rows, now, s, 'poll');
      witnessAt = Math.min(witnessAt, w.witnessAt);
      witnessNow ||= w.witnessNow;
      return w;
    };
    for (const trace of traces) {
      const sh = matchShipment(open, trace);
      if (!sh) {
        // A parcel the order's list never named makes the list worth re-reading; a finished
        // sibling (delivered, returned: no longer polled, still in 1688's answer) does not.
        unknownParcel = unknownParcel || (trace.steps.length > 0 && !matchShipment(shipments, trace));
        continue;
      }
      matched.add(sh.id);
      const w = write(sh, trace.steps);
      newEvents += w.newEvents;
      writes.push(w);
    }
    // Due parcels the answer did not mention: polled, nothing new. (One gone with its order
    // meanwhile has nothing to write.)
    for (const d of due) {
      const sh = rows.get(d.id);
      if (sh && !matched.has(d.id)) writes.push(write(sh, []));
    }
    const changed = writes.some((w) => w.newEvents > 0 || w.before?.status !== w.after.status);
    const orderChanged = order ? recomputeDerived(orderId, order, now, shipments.map((sh) => rows.get(sh.id) as ShipmentRow)) : false;
    deps.hooks?.afterOrderWrite?.(orderId, writes, now);
    // 1688's parcel status is wanted: in this cycle (a doubtful signing), or by the order's next
    // parcel read (a parcel stuck a while: the next cycle, once it is due).
    if (witnessAt !== Infinity) store.orders.parcelsDueBy(orderId, witnessAt);
    return { newEvents, changed: changed || orderChanged, unknownParcel, witnessNow };
  }

  /**
   * After 1688's parcel statuses were read (getLogisticsInfos): each open parcel's status and
   * evidence judged again with them, its poll schedule kept, the order's fields and the hooks
   * (alerts, ledger, outbox) run as for a trace answer. Inside the caller's transaction.
   */
  function rederive(orderId: string, now: number, s: SyncSettings): boolean {
    const { order, parcels: shipments } = store.shipments.forTraceWrite(orderId);
    const rows = new Map<number, ShipmentRow>();
    for (const sh of shipments) rows.set(sh.id, sh);
    // A parcel never polled yet is due at once: its first poll judges it.
    const writes = shipments.filter((sh) => sh.done === 0 && sh.last_polled_at !== null).map((sh) => writeShipment(sh, [], rows, now, s, 'witness'));
    if (!writes.length) return false;
    const changed = writes.some((w) => w.before?.status !== w.after.status);
    const orderChanged = order ? recomputeDerived(orderId, order, now, shipments.map((sh) => rows.get(sh.id) as ShipmentRow)) : false;
    deps.hooks?.afterOrderWrite?.(orderId, writes, now);
    return changed || orderChanged;
  }

  /**
   * Stores a parcel's new steps and updates its status and schedule. Steps already stored are
   * neither classified nor inserted, and the derived fields (newest step, signing time, count)
   * come out exactly as a re-read of events() in its order would give them:
   * - nothing new (the usual poll): SQLite says every step in the answer is stored and the
   *   count is the row's, so the row's newest step and count still stand; no step is read;
   * - otherwise the stored steps are read once and derived from, with the new ones, in memory.
   */
  function writeShipment(
    sh: ShipmentRow,
    steps: readonly TraceStep[],
    rows: Map<number, ShipmentRow>,
    now: number,
    s: SyncSettings,
    mode: WriteMode,
  ): ShipmentWrite & { witnessAt: number; witnessNow: boolean } {
    // The row as it stands (a parcel written twice in one answer: after the first write).
    const current = rows.get(sh.id) ?? sh;
    const judge = (d: DerivedSteps) => {
      const newest = d.newest ? { at: d.newest.occurred_at, remark: d.newest.remark, stage: d.newest.stage } : undefined;
      return judgeParcel({
        newest,
        verdict: newest ? verdictOf(current, newest) : null,
        // The quick path has not read the steps: a held parcel already shows its open stage.
        openStage: d.openStage ?? (OPEN_TERMINAL.has(current.status) ? undefined : current.status as Stage),
        status1688: sh.status_1688,
        status1688At: sh.status_1688_at,
        hasBillNo: sh.bill_no !== null,
        pushed: store.shipments.pushedNode(sh.logistics_id),
      });
    };
    const quick = unchangedSteps(current, steps);
    // A first signing takes its time from the stored steps: only the full read has them.
    const firstSigning = quick !== null && sh.delivered_at === null && judge(quick).status === 'delivered';
    const derived = quick && !firstSigning ? quick : storeNewSteps(sh.id, steps, now);
    const { newest, count, added, delivered } = derived;
    const { status, evidence, wantsWitness } = judge(derived);
    const lastChangeAt = newest?.occurred_at ?? sh.first_seen_at;
    const delay = nextPollDelayMs(status, Math.max(0, now - lastChangeAt), s.pollIntervals ?? {});
    // A re-read of 1688's status keeps the schedule; one that ends the parcel has its trace read
    // once more first (the steps up to the signing), and the poll then finishes it.
    const last = delay === null && mode === 'poll';
    const nextPollAt = last ? null : mode === 'witness' ? (delay === null ? now : (current.next_poll_at ?? now + delay)) : now + (delay as number);
    const update: PollUpdate = {
      id: sh.id,
      status,
      last_event_at: newest?.occurred_at ?? null,
      last_remark: newest?.remark ?? null,
      last_stage: newest?.stage ?? null,
      event_count: count,
      delivered_at: status === 'delivered' ? (sh.delivered_at ?? delivered?.occurred_at ?? now) : null,
      next_poll_at: nextPollAt,
      done: last,
      evidence: storedEvidence(evidence),
      now,
      // A re-read of 1688's status that keeps the schedule is not a trace poll: the schedule's
      // stretch while pushes arrive counts from the last poll, not from this read.
      ...(mode === 'witness' && delay !== null && current.last_polled_at !== null ? { polled_at: current.last_polled_at } : {}),
    };
    store.shipments.applyPoll(update, current.status);
    // The triggers of migration 10 have set the parcel's first scan and problems from its steps.
    const after = derived.scorecard && 'first_scan_at' in current ? { ...afterPoll(current, update), ...derived.scorecard } : afterPoll(current, update);
    rows.set(sh.id, after);
    return { before: sh, after, newEvents: added, witnessAt: witnessDueAt(after, wantsWitness, now, s), witnessNow: wantsWitness };
  }

  /** The classifier's rule and doubt for the newest step: from the stored evidence when it is about that step. */
  function verdictOf(row: ShipmentRow, newest: { at: number; remark: string }): Pick<ParcelEvidence, 'rule' | 'doubtful'> {
    if (row.evidence && row.last_event_at === newest.at && row.last_remark === newest.remark) {
      const had = JSON.parse(row.evidence) as StoredEvidence;
      if (had.by === 'text') return { rule: had.rule, doubtful: had.doubtful };
    }
    const v = explain(newest.remark);
    return { rule: v.rule, doubtful: v.doubtful };
  }

  /**
   * When 1688's parcel status should be read for this parcel: now for a doubtful signing it has
   * not been asked about; for one stuck at a station, before pickup or after a failed attempt,
   * once it has sat there `stuckAfterMs` and then every `stuckRecheckMs`. Infinity: not wanted.
   */
  function witnessDueAt(row: ShipmentRow, wantsWitness: boolean, now: number, s: SyncSettings): number {
    if (wantsWitness) return now;
    if (row.done === 1 || !STUCK.has(row.status)) return Infinity;
    const w = { ...DEFAULT_WITNESS_SETTINGS, ...(s.witness ?? {}) };
    const since = row.last_event_at ?? row.first_seen_at;
    return Math.max(since + w.stuckAfterMs, (row.status_1688_at ?? 0) + w.stuckRecheckMs);
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
    let open: StoredStep | undefined;
    const scorecard = { first_scan_at: null as number | null, problems: 0, last_problem_at: null as number | null };
    for (const e of all) {
      if (e.stage !== 'info_received' && (scorecard.first_scan_at === null || e.occurred_at < scorecard.first_scan_at)) scorecard.first_scan_at = e.occurred_at;
      const bit = PROBLEM_BITS[e.stage];
      if (bit) {
        scorecard.problems |= bit;
        if (scorecard.last_problem_at === null || e.occurred_at > scorecard.last_problem_at) scorecard.last_problem_at = e.occurred_at;
      }
      if (!newest || compareSteps(e, newest) > 0) newest = e;
      if (e.stage === 'delivered' && (!delivered || compareSteps(e, delivered) > 0)) delivered = e;
      if (e.stage !== 'delivered' && e.stage !== 'returned' && (!open || compareSteps(e, open) > 0)) open = e;
    }
    return { newest, count: all.length, added, delivered, openStage: open?.stage, scorecard };
  }

  return { applyTraces, rederive };
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
