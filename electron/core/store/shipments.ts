// Runs in: main process / headless Node. The shipments (parcels) and trace_events tables.
import type { OrderStatus, ShipmentStatus, Stage } from '../../../shared/domain';
import type { Parcel } from '../ali1688/schemas';
import type Database from 'better-sqlite3';
import type { Db } from './database';

export interface ShipmentRow {
  id: number;
  order_id: string;
  logistics_id: string;
  bill_no: string | null;
  previous_bill_no: string | null;
  carrier_code: string | null;
  carrier_name: string | null;
  status: ShipmentStatus;
  status_1688: string | null;
  /** When 1688's parcel status was last read (migration 5). */
  status_1688_at: number | null;
  /** JSON ParcelEvidence: why the parcel has its status (migration 5). */
  evidence: string | null;
  origin_province: string | null;
  origin_city: string | null;
  dest_province: string | null;
  dest_city: string | null;
  shipped_at: number | null;
  last_event_at: number | null;
  last_remark: string | null;
  last_stage: Stage | null;
  event_count: number;
  delivered_at: number | null;
  status_changed_at: number | null;
  next_poll_at: number | null;
  done: number;
  last_polled_at: number | null;
  poll_failures: number;
  last_error: string | null;
  raw_json: string | null;
  first_seen_at: number;
  updated_at: number;
  /** 已收货: when the clerk marked the parcel received (migration 6; absent in older fakes). */
  received_at?: number | null;
  /** Kept by triggers on its steps (migration 10): its first scan (any stage but info_received), … */
  first_scan_at?: number | null;
  /** … its problem steps' stages (bits: 1 exception, 2 failed attempt, 4 returning/returned), the newest one's time. */
  problems?: number;
  last_problem_at?: number | null;
}

export interface TraceEventRow {
  shipment_id: number;
  occurred_at: number;
  remark: string;
  stage: Stage;
  first_seen_at: number;
}

/** A stored step as the trace writer needs it: its key, its stage, and when it was first seen. */
export interface StoredStep {
  occurred_at: number;
  remark: string;
  stage: Stage;
  first_seen_at: number;
}

/** A step to store (its first_seen_at is the time it is stored). */
export type NewStep = Pick<StoredStep, 'occurred_at' | 'remark' | 'stage'>;

/**
 * The order `events()` returns a parcel's steps in: by time, then first seen, then text (the
 * primary key makes (time, text) unique, so this is a total order). Negative when a comes first.
 * Text compares by code point, as SQLite's BINARY collation does on UTF-8 (JS's `<` compares
 * UTF-16 code units, which differs for characters beyond U+FFFF against U+E000–U+FFFF).
 */
/**
 * How far trace polls stretch while pushes arrive: ×factor (×byStatus[status] where given;
 * ×afterProblem once the parcel has had an exception, failed attempt or return), at most capMs,
 * never shorter than today's interval.
 */
export interface TraceStretch {
  factor: number;
  capMs: number;
  byStatus?: Partial<Record<ShipmentStatus, number>>;
  afterProblem?: number;
}

/**
 * SQL: when a parcel (columns of `t`, e.g. 's.'; '' for bare names) is due while pushes arrive
 * (the push channel is live): its interval since its last good poll stretches, ×factor, at most
 * cap (never below today's). Failures keep their own backoff. The factor: @after_problem once the
 * parcel has had a problem step (a failed attempt, an exception, a return: its next such step is
 * in a node already reached, which no push announces), else per status where one is given
 * (@by_status, JSON), else @factor. Bind traceStretchParams(). Shared with the per-account view
 * (accounts/scopedStore.ts) so both schedules stretch alike.
 */
export function stretchedPollAtSql(t: string): string {
  const factor = `CASE WHEN ${t}problems > 0 THEN @after_problem ELSE COALESCE(json_extract(@by_status, '$.' || ${t}status), @factor) END`;
  return `CASE WHEN ${t}last_polled_at IS NULL OR ${t}poll_failures > 0 OR ${t}next_poll_at <= ${t}last_polled_at THEN ${t}next_poll_at
    ELSE ${t}last_polled_at + MAX(${t}next_poll_at - ${t}last_polled_at, MIN((${t}next_poll_at - ${t}last_polled_at) * ${factor}, @cap)) END`;
}

/** The named parameters of stretchedPollAtSql. */
export const traceStretchParams = (st: TraceStretch) => ({
  factor: st.factor,
  cap: st.capMs,
  by_status: JSON.stringify(st.byStatus ?? {}),
  after_problem: st.afterProblem ?? st.factor,
});

export function compareSteps(a: StoredStep, b: StoredStep): number {
  return a.occurred_at - b.occurred_at || a.first_seen_at - b.first_seen_at || compareCodePoints(a.remark, b.remark);
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–U+DFFF) encode code points above U+FFFF: they sort after U+E000–U+FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** Rows per multi-row INSERT of steps (5 parameters each). */
const STEP_CHUNK = 16;

/** A parcel due for a trace poll, and its order. */
export interface DueParcel {
  id: number;
  order_id: string;
}

/** An order's fields its derived status is computed from, and its derived fields as stored. */
export interface OrderDerivation {
  status_1688: string | null;
  paid_at: number | null;
  status: OrderStatus;
  last_event_at: number | null;
  last_remark: string | null;
}

/** What one answered poll sets on its parcel (applyPoll). */
export interface PollUpdate {
  id: number;
  status: ShipmentStatus;
  last_event_at: number | null;
  last_remark: string | null;
  last_stage: Stage | null;
  event_count: number;
  delivered_at: number | null;
  next_poll_at: number | null;
  done: boolean;
  /** JSON ParcelEvidence: why the parcel has this status (absent or null: the stored one stays). */
  evidence?: string | null;
  now: number;
  /** When its trace was last read (default `now`); a re-read of 1688's status that keeps the schedule keeps this too. */
  polled_at?: number;
}

/** The row applyPoll leaves behind, given the row it updated: what a read right after it returns. */
export function afterPoll(row: ShipmentRow, u: PollUpdate): ShipmentRow {
  return {
    ...row,
    status: u.status,
    last_event_at: u.last_event_at,
    last_remark: u.last_remark,
    last_stage: u.last_stage,
    event_count: u.event_count,
    delivered_at: u.delivered_at,
    evidence: u.evidence ?? row.evidence,
    status_changed_at: row.status !== u.status ? u.now : row.status_changed_at,
    next_poll_at: u.next_poll_at,
    done: u.done ? 1 : 0,
    last_polled_at: u.polled_at ?? u.now,
    poll_failures: 0,
    last_error: null,
    updated_at: u.now,
  };
}

export interface ParcelUpsert {
  id: number;
  created: boolean;
  /** The waybill number changed (R8); the old one is kept in previous_bill_no. */
  billNoChanged: boolean;
  statusChanged1688: boolean;
}

export function createShipmentRepo(db: Db, refreshSearch: (orderId: string) => void = () => undefined) {
  const byKey = db.prepare<[string, string], ShipmentRow>(
    'SELECT * FROM shipments WHERE order_id = ? AND logistics_id = ?',
  );
  const byId = db.prepare<[number], ShipmentRow>('SELECT * FROM shipments WHERE id = ?');
  const byOrder = db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE order_id = ? ORDER BY id');
  const insert = db.prepare(`
    INSERT INTO shipments (order_id, logistics_id, bill_no, carrier_code, carrier_name, status, status_1688,
      origin_province, origin_city, dest_province, dest_city, shipped_at, raw_json, next_poll_at,
      status_changed_at, first_seen_at, updated_at, status_1688_at)
    VALUES (@order_id, @logistics_id, @bill_no, @carrier_code, @carrier_name, @status, @status_1688,
      @origin_province, @origin_city, @dest_province, @dest_city, @shipped_at, @raw_json, @now, @now, @now, @now, @now)`);
  const update = db.prepare(`
    UPDATE shipments SET bill_no = @bill_no, previous_bill_no = @previous_bill_no, carrier_code = @carrier_code,
      carrier_name = @carrier_name, status_1688 = @status_1688, origin_province = @origin_province,
      origin_city = @origin_city, dest_province = @dest_province, dest_city = @dest_city,
      shipped_at = @shipped_at, raw_json = @raw_json, updated_at = @now, status_1688_at = @now
    WHERE id = @id`);
  // A changed waybill or 1688 status makes the parcel due again even if it looked finished.
  const wake = db.prepare('UPDATE shipments SET done = 0, next_poll_at = ? WHERE id = ?');
  const due = db.prepare<[number, number], ShipmentRow>(
    'SELECT * FROM shipments WHERE done = 0 AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?',
  );
  const allOpen = db.prepare<[number], ShipmentRow>(
    'SELECT * FROM shipments WHERE done = 0 ORDER BY next_poll_at, id LIMIT ?',
  );
  const dueParcels = db.prepare<[number, number], DueParcel>(
    'SELECT id, order_id FROM shipments WHERE done = 0 AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?',
  );
  const allOpenParcels = db.prepare<[number], DueParcel>(
    'SELECT id, order_id FROM shipments WHERE done = 0 ORDER BY next_poll_at, id LIMIT ?',
  );
  // The trace writer's reads, once per order or parcel in every batch. They return arrays (raw),
  // made into objects here: better-sqlite3 builds a row object a property at a time, which for
  // a parcel's 28 columns costs more than the read itself. An order's parcels come with the few
  // order fields its derived status needs (one statement; orders.get would read every column,
  // raw JSON too), unsorted (an ORDER BY id would sort per call): sorted by id here.
  const forTraceWrite = db
    .prepare<[string], unknown[]>(
      `SELECT o.status_1688, o.paid_at, o.status, o.last_event_at, o.last_remark, s.*
       FROM orders o LEFT JOIN shipments s ON s.order_id = o.id WHERE o.id = ?`,
    )
    .raw();
  const ORDER_FIELDS = 5;
  const shipmentColumns = forTraceWrite.columns().slice(ORDER_FIELDS).map((c) => c.name);
  const shipmentRow = (values: unknown[]): ShipmentRow => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < shipmentColumns.length; i++) row[shipmentColumns[i] as string] = values[ORDER_FIELDS + i];
    return row as unknown as ShipmentRow;
  };
  const storedSteps = db
    .prepare<[number], [number, string, Stage, number]>('SELECT occurred_at, remark, stage, first_seen_at FROM trace_events WHERE shipment_id = ?')
    .raw();
  // The newest node a push announced for a parcel (push_messages, migration 7): a witness shown in
  // its evidence, never deciding.
  const pushedNode = db.prepare<[string], { node: string; at: number | null }>(
    `SELECT status_changed AS node, born_at AS at FROM push_messages WHERE logistics_id = ? AND status_changed IS NOT NULL
     ORDER BY born_at DESC LIMIT 1`,
  );
  const nextDueAt = db.prepare<[], { t: number | null }>(
    'SELECT MIN(next_poll_at) AS t FROM shipments WHERE done = 0',
  );
  const STRETCHED = stretchedPollAtSql('');
  const dueStretched = db.prepare<[{ now: number; limit: number; factor: number; cap: number; by_status: string; after_problem: number }], DueParcel>(
    `SELECT id, order_id FROM shipments WHERE done = 0 AND next_poll_at <= @now AND ${STRETCHED} <= @now
     ORDER BY next_poll_at, id LIMIT @limit`,
  );
  const nextDueStretched = db.prepare<[{ factor: number; cap: number; by_status: string; after_problem: number }], { t: number | null }>(
    `SELECT MIN(${STRETCHED}) AS t FROM shipments WHERE done = 0`,
  );
  // Positional parameters (binding by name costs a lookup per parameter): see applyPoll below.
  const applyPoll = db.prepare(`
    UPDATE shipments SET status = ?, last_event_at = ?, last_remark = ?, last_stage = ?, event_count = ?,
      delivered_at = ?, evidence = COALESCE(?, evidence), status_changed_at = CASE WHEN status IS NOT ? THEN ? ELSE status_changed_at END,
      next_poll_at = ?, done = ?, last_polled_at = ?, poll_failures = 0, last_error = NULL, updated_at = ?
    WHERE id = ?`);
  // The same when the status stays: not setting it spares the status index an update.
  const applyPollSameStatus = db.prepare(`
    UPDATE shipments SET last_event_at = ?, last_remark = ?, last_stage = ?, event_count = ?, delivered_at = ?, evidence = COALESCE(?, evidence),
      next_poll_at = ?, done = ?, last_polled_at = ?, poll_failures = 0, last_error = NULL, updated_at = ?
    WHERE id = ?`);
  const recordFailure = db.prepare(`
    UPDATE shipments SET poll_failures = poll_failures + 1, last_error = @error, next_poll_at = @next_poll_at,
      last_polled_at = @now, updated_at = @now WHERE id = @id`);
  const insertEvent = db.prepare(
    'INSERT OR IGNORE INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, ?, ?, ?)',
  );
  // The remark ends the ORDER BY only to say what SQLite already did (the key order breaks ties).
  const events = db.prepare<[number], TraceEventRow>(
    'SELECT * FROM trace_events WHERE shipment_id = ? ORDER BY occurred_at, first_seen_at, remark',
  );
  // One statement per row count (1 … STEP_CHUNK), made when first needed.
  const insertSteps: Database.Statement[] = [];
  const insertStepsOf = (n: number): Database.Statement =>
    (insertSteps[n] ??= db.prepare(
      `INSERT OR IGNORE INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ')}`,
    ));
  const eventCount = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM trace_events WHERE shipment_id = ?');
  // "Is each of these steps stored already?" asked of the primary key inside SQLite, so no stored
  // text is read out: the parcel's step count (first chunk only), then one flag per step. One
  // statement per step count (0 … STEP_CHUNK) and chunk kind, made when first needed. Text is
  // compared as SQLite stores it.
  const knownProbes = new Map<string, Database.Statement<unknown[], unknown[]>>();
  const knownProbeOf = (n: number, counted: boolean) => {
    const key = `${n}${counted ? '+' : ''}`;
    let st = knownProbes.get(key);
    if (!st) {
      const count = counted ? '(SELECT COUNT(*) FROM trace_events WHERE shipment_id = ?)' : '0';
      const flags = ', EXISTS (SELECT 1 FROM trace_events WHERE shipment_id = ? AND occurred_at = ? AND remark = ?)'.repeat(n);
      knownProbes.set(key, (st = db.prepare<unknown[], unknown[]>(`SELECT ${count}${flags}`).raw()));
    }
    return st;
  };

  return {
    get: (id: number): ShipmentRow | undefined => byId.get(id),
    byKey: (orderId: string, logisticsId: string): ShipmentRow | undefined => byKey.get(orderId, logisticsId),
    byOrder: (orderId: string): ShipmentRow[] => byOrder.all(orderId),

    /** Records a parcel as getLogisticsInfos described it. New parcels are due at once. */
    upsertParcel(orderId: string, p: Parcel, now: number): ParcelUpsert {
      const existing = byKey.get(orderId, p.logisticsId);
      const fields = {
        bill_no: p.billNo,
        carrier_code: p.carrierCode,
        carrier_name: p.carrierName,
        status_1688: p.status1688,
        origin_province: p.sender.province,
        origin_city: p.sender.city,
        dest_province: p.receiver.province,
        dest_city: p.receiver.city,
        shipped_at: p.shippedAt,
        raw_json: JSON.stringify(p.raw ?? null),
        now,
      };
      if (!existing) {
        const r = insert.run({
          ...fields,
          order_id: orderId,
          logistics_id: p.logisticsId,
          status: p.billNo ? 'not_found' : 'info_received',
        });
        refreshSearch(orderId);
        return { id: Number(r.lastInsertRowid), created: true, billNoChanged: false, statusChanged1688: true };
      }
      const billNoChanged = existing.bill_no !== null && p.billNo !== null && existing.bill_no !== p.billNo;
      const statusChanged1688 = existing.status_1688 !== p.status1688;
      update.run({
        ...fields,
        id: existing.id,
        bill_no: p.billNo ?? existing.bill_no,
        previous_bill_no: billNoChanged ? existing.bill_no : existing.previous_bill_no,
      });
      if (existing.bill_no !== (p.billNo ?? existing.bill_no) || existing.carrier_name !== p.carrierName) refreshSearch(orderId);
      if (billNoChanged || (statusChanged1688 && existing.done === 1 && p.status1688 !== 'SIGN')) {
        wake.run(now, existing.id);
      }
      return { id: existing.id, created: false, billNoChanged, statusChanged1688 };
    },

    /** Shipments whose poll is due (or every unfinished one with `all`), oldest due first. */
    due(now: number, limit: number, all = false): ShipmentRow[] {
      return all ? allOpen.all(limit) : due.all(now, limit);
    },
    /** Like due(), only which parcels and whose (the trace writer reads each order's rows when it writes). */
    dueParcels(now: number, limit: number, all = false, stretch?: TraceStretch | null): DueParcel[] {
      if (all) return allOpenParcels.all(limit);
      if (stretch) return dueStretched.all({ now, limit, ...traceStretchParams(stretch) });
      return dueParcels.all(now, limit);
    },
    /** The newest node (SIGN, AGENT_SIGN, FAILED …) a push announced for the parcel, if any. */
    pushedNode: (logisticsId: string): { node: string; at: number | null } | null => pushedNode.get(logisticsId) ?? null,
    nextDueAt: (stretch?: TraceStretch | null): number | null =>
      (stretch ? nextDueStretched.get(traceStretchParams(stretch)) : nextDueAt.get())?.t ?? null,
    /**
     * What the trace writer reads of an order: what its derived fields (status, newest step) are
     * computed from and what they are now (undefined: no such order), and its parcels as
     * byOrder returns them.
     */
    forTraceWrite(orderId: string): { order: OrderDerivation | undefined; parcels: ShipmentRow[] } {
      const rows = forTraceWrite.all(orderId);
      const first = rows[0];
      if (!first) return { order: undefined, parcels: [] };
      const order: OrderDerivation = {
        status_1688: first[0] as string | null,
        paid_at: first[1] as number | null,
        status: first[2] as OrderStatus,
        last_event_at: first[3] as number | null,
        last_remark: first[4] as string | null,
      };
      // A LEFT JOIN row without a parcel: the order has none.
      const parcels = first[ORDER_FIELDS] === null ? [] : rows.map(shipmentRow);
      if (parcels.length > 1) parcels.sort((a, b) => a.id - b.id);
      return { order, parcels };
    },

    /** Stores one step; false when the (shipment, time, text) key was already there. */
    insertEvent(shipmentId: number, at: number, remark: string, stage: Stage, now: number): boolean {
      return insertEvent.run(shipmentId, at, remark, stage, now).changes > 0;
    },
    /**
     * Stores steps (INSERT OR IGNORE, several rows a statement); returns how many were new. A step
     * whose (shipment, time, text) key is already stored, or repeats one before it, is not.
     */
    insertSteps(shipmentId: number, steps: readonly NewStep[], now: number): number {
      let added = 0;
      for (let from = 0; from < steps.length; from += STEP_CHUNK) {
        const n = Math.min(STEP_CHUNK, steps.length - from);
        const params: (number | string)[] = new Array(n * 5);
        for (let i = 0; i < n; i++) {
          const st = steps[from + i] as NewStep;
          params[i * 5] = shipmentId;
          params[i * 5 + 1] = st.occurred_at;
          params[i * 5 + 2] = st.remark;
          params[i * 5 + 3] = st.stage;
          params[i * 5 + 4] = now;
        }
        added += insertStepsOf(n).run(params).changes;
      }
      return added;
    },
    events: (shipmentId: number): TraceEventRow[] => events.all(shipmentId),
    /** A parcel's stored steps, in no particular order (see compareSteps for the order of events()). */
    storedSteps(shipmentId: number): StoredStep[] {
      return storedSteps.all(shipmentId).map((r) => ({ occurred_at: r[0], remark: r[1], stage: r[2], first_seen_at: r[3] }));
    },
    eventCount: (shipmentId: number): number => eventCount.get(shipmentId)?.n ?? 0,
    /**
     * The parcel's stored step count when every one of `steps` is stored already (by its
     * (time, text) key); null when at least one is not.
     */
    countIfAllStored(shipmentId: number, steps: readonly { at: number; remark: string }[]): number | null {
      let count = -1;
      for (let from = 0; from === 0 || from < steps.length; from += STEP_CHUNK) {
        const n = Math.min(STEP_CHUNK, steps.length - from);
        const counted = from === 0;
        const at = counted ? 1 : 0;
        const params: (number | string)[] = new Array(at + n * 3);
        if (counted) params[0] = shipmentId;
        for (let i = 0; i < n; i++) {
          const st = steps[from + i] as { at: number; remark: string };
          params[at + i * 3] = shipmentId;
          params[at + 1 + i * 3] = st.at;
          params[at + 2 + i * 3] = st.remark;
        }
        const flags = knownProbeOf(n, counted).get(params) as number[];
        for (let i = 1; i <= n; i++) if (flags[i] !== 1) return null;
        if (counted) count = flags[0] as number;
      }
      return count;
    },

    /** Records an answered poll. `statusNow`: the parcel's stored status, when the caller has it. */
    applyPoll(u: PollUpdate, statusNow?: ShipmentStatus) {
      const { status, now } = u;
      const done = u.done ? 1 : 0;
      if (statusNow === status) {
        applyPollSameStatus.run(u.last_event_at, u.last_remark, u.last_stage, u.event_count, u.delivered_at, u.evidence ?? null, u.next_poll_at, done, u.polled_at ?? now, now, u.id);
      } else {
        applyPoll.run(status, u.last_event_at, u.last_remark, u.last_stage, u.event_count, u.delivered_at, u.evidence ?? null, status, now, u.next_poll_at, done, u.polled_at ?? now, now, u.id);
      }
    },
    recordFailure(id: number, error: string, nextPollAt: number, now: number) {
      recordFailure.run({ id, error, next_poll_at: nextPollAt, now });
    },
  };
}

export type ShipmentRepo = ReturnType<typeof createShipmentRepo>;
