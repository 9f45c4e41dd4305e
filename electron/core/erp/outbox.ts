// Runs in: main process / headless Node.
// The ERP outbox (tracking-domain.md §6): the events the ERP hears about, written by a sync hook
// INSIDE each order's write transaction, so an event exists exactly when its change committed.
// Keys come from the change itself (order, parcel, status, step time), and rows are inserted with
// INSERT OR IGNORE on them: replaying a sync answer, retrying after a crash or re-importing an
// order cannot add a second row. Delivery (the dispatcher) reads this table and nothing else.
import { OUTBOX_EVENT_TYPES, type OutboxCounts, type OutboxEventType, type OutboxRowView, type OutboxState } from '../../../shared/contract';
import type { ShipmentStatus } from '../../../shared/domain';
import type { Store } from '../store';
import type { Db } from '../store/database';
import type { OrderRow } from '../store/orders';
import type { ShipmentRow } from '../store/shipments';
import type { ShipmentWrite, SyncHooks } from '../sync/types';

export type { OutboxEventType };
export { OUTBOX_EVENT_TYPES };

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  type: OutboxEventType;
  order_id: string;
  /** NULL for order-level events. */
  shipment_id: number | null;
  /** The exact JSON body sent; a re-send after a crash sends the same bytes. */
  payload: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  delivered_at: number | null;
  updated_at: number;
}

/** What the ERP receives (version 1). Ids are strings, times ISO-8601 UTC. */
export interface OutboxPayload {
  type: OutboxEventType;
  version: 1;
  idempotencyKey: string;
  occurredAt: string;
  order: {
    orderId: string;
    erpRef: string | null;
    status: string;
    status1688: string | null;
    seller: string | null;
    /** The 1688 account (memberId) the order was bought with, when known. */
    account?: string | null;
    /** The sub-account login that placed it (subBuyerLoginId), when 1688 gave one. */
    purchaser?: string | null;
  };
  shipment: {
    logisticsId: string;
    billNo: string | null;
    carrierCode: string | null;
    carrierName: string | null;
    status: ShipmentStatus;
    status1688: string | null;
    deliveredAt: string | null;
  } | null;
  event: { remark: string; at: string; stage: string } | null;
}

/** Longest last_error kept (the receiver's body can be anything). */
export const MAX_ERROR_CHARS = 500;

const EXCEPTION_STATUSES: readonly ShipmentStatus[] = ['exception', 'failed_attempt'];
const RETURN_STATUSES: readonly ShipmentStatus[] = ['returning', 'returned'];

// A row waits for every older undelivered (pending or dead) row of its chain: a parcel's rows
// for the same parcel and for its order's order-level events; an order-level row for every row
// of its order. Delivered and discarded rows no longer hold anything back.
const BLOCKED_BY = (states: string) => `
  SELECT 1 FROM outbox p
  WHERE p.order_id = o.order_id AND p.id < o.id AND p.state IN (${states})
    AND (o.shipment_id IS NULL OR p.shipment_id IS NULL OR p.shipment_id = o.shipment_id)`;

export function createOutboxRepo(db: Db) {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO outbox (idempotency_key, type, order_id, shipment_id, payload, state, attempts,
      next_attempt_at, created_at, updated_at)
    VALUES (@key, @type, @orderId, @shipmentId, @payload, 'pending', 0, @now, @now, @now)`);
  const due = db.prepare<[number, number], OutboxRow>(`
    SELECT o.* FROM outbox o
    WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND NOT EXISTS (${BLOCKED_BY("'pending', 'dead'")})
    ORDER BY o.id LIMIT ?`);
  const nextDue = db.prepare<[number], { t: number | null }>(`
    SELECT MIN(o.next_attempt_at) AS t FROM outbox o
    WHERE o.state = 'pending' AND o.next_attempt_at > ? AND NOT EXISTS (${BLOCKED_BY("'pending', 'dead'")})`);
  const byKey = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE idempotency_key = ?');
  const byId = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  const markDelivered = db.prepare(`
    UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_status = @status, last_error = NULL,
      delivered_at = @now, updated_at = @now
    WHERE id = @id AND state = 'pending'`);
  const markRetry = db.prepare(`
    UPDATE outbox SET attempts = attempts + 1, last_status = @status, last_error = @error, next_attempt_at = @next,
      updated_at = @now
    WHERE id = @id AND state = 'pending'`);
  const markDead = db.prepare(`
    UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_status = @status, last_error = @error, updated_at = @now
    WHERE id = @id AND state = 'pending'`);
  const resend = db.prepare(`
    UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = @now, last_error = NULL, last_status = NULL,
      updated_at = @now
    WHERE id = @id AND state = 'dead'`);
  const discard = db.prepare("UPDATE outbox SET state = 'discarded', updated_at = @now WHERE id = @id AND state = 'dead'");
  const lightCounts = db.prepare<[], { pending: number; failing: number; dead: number }>(`
    SELECT
      (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS pending,
      (SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND attempts > 0) AS failing,
      (SELECT COUNT(*) FROM outbox WHERE state = 'dead') AS dead`);
  const fullCounts = db.prepare<[], { delivered: number; discarded: number; blocked: number }>(`
    SELECT
      (SELECT COUNT(*) FROM outbox WHERE state = 'delivered') AS delivered,
      (SELECT COUNT(*) FROM outbox WHERE state = 'discarded') AS discarded,
      (SELECT COUNT(*) FROM outbox o WHERE o.state = 'pending' AND EXISTS (${BLOCKED_BY("'dead'")})) AS blocked`);
  const blocker = db.prepare<[number], { idempotency_key: string }>(`
    SELECT p.idempotency_key FROM outbox o JOIN outbox p
      ON p.order_id = o.order_id AND p.id < o.id AND p.state = 'dead'
        AND (o.shipment_id IS NULL OR p.shipment_id IS NULL OR p.shipment_id = o.shipment_id)
    WHERE o.id = ? ORDER BY p.id LIMIT 1`);
  type ListRow = OutboxRow & { logistics_id: string | null; bill_no: string | null };
  const select = 'SELECT o.*, s.logistics_id, s.bill_no FROM outbox o LEFT JOIN shipments s ON s.id = o.shipment_id';
  // Pending rows in the order they will be sent; everything else newest first.
  const listPending = db.prepare<[number, number], ListRow>(`${select} WHERE o.state = 'pending' ORDER BY o.id LIMIT ? OFFSET ?`);
  const listState = db.prepare<[string, number, number], ListRow>(`${select} WHERE o.state = ? ORDER BY o.id DESC LIMIT ? OFFSET ?`);
  const listAll = db.prepare<[number, number], ListRow>(`${select} ORDER BY o.id DESC LIMIT ? OFFSET ?`);
  const countState = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE state = ?');
  const countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM outbox');
  const listRow = db.prepare<[number], ListRow>(`${select} WHERE o.id = ?`);

  function view(r: ListRow): OutboxRowView {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      idempotencyKey: r.idempotency_key,
      type: r.type,
      state: r.state,
      attempts: r.attempts,
      lastError: r.last_error,
      lastStatus: r.last_status,
      nextAttemptAt: r.state === 'pending' ? iso(r.next_attempt_at) : null,
      createdAt: new Date(r.created_at).toISOString(),
      deliveredAt: iso(r.delivered_at),
      orderId: r.order_id,
      logisticsId: r.logistics_id,
      billNo: r.bill_no,
      blockedBy: r.state === 'pending' ? (blocker.get(r.id)?.idempotency_key ?? null) : null,
    };
  }

  return {
    /** Adds one event; false when its key is already there (the change was recorded before). */
    insert(e: { key: string; type: OutboxEventType; orderId: string; shipmentId: number | null; payload: string; now: number }): boolean {
      return insert.run(e).changes > 0;
    },
    /** Pending rows that are due and first in their chain, oldest first. */
    due: (now: number, limit: number): OutboxRow[] => due.all(now, limit),
    /**
     * When the next row that is not due yet falls due (null: none; dead rows may be blocking).
     * Rows due now are left out: they are in flight or waiting for a free slot.
     */
    nextDueAfter: (now: number): number | null => nextDue.get(now)?.t ?? null,
    get: (key: string): OutboxRow | undefined => byKey.get(key),
    byId: (id: number): OutboxRow | undefined => byId.get(id),
    markDelivered(id: number, status: number | null, now: number) {
      markDelivered.run({ id, status, now });
    },
    markRetry(id: number, status: number | null, error: string, next: number, now: number) {
      markRetry.run({ id, status, error: error.slice(0, MAX_ERROR_CHARS), next, now });
    },
    markDead(id: number, status: number | null, error: string, now: number) {
      markDead.run({ id, status, error: error.slice(0, MAX_ERROR_CHARS), now });
    },
    /** A dead row goes back to pending, due now. False when it is not dead. */
    resend: (id: number, now: number): boolean => resend.run({ id, now }).changes > 0,
    /** A dead row is kept as history and stops holding its chain. False when it is not dead. */
    discard: (id: number, now: number): boolean => discard.run({ id, now }).changes > 0,
    /** What the clerk's badge needs (cheap: the state index). */
    counts: () => lightCounts.get() ?? { pending: 0, failing: 0, dead: 0 },
    fullCounts(): OutboxCounts {
      return { ...(lightCounts.get() ?? { pending: 0, failing: 0, dead: 0 }), ...(fullCounts.get() ?? { delivered: 0, discarded: 0, blocked: 0 }) };
    },
    list(state: OutboxState | undefined, offset: number, limit: number): { rows: OutboxRowView[]; total: number } {
      const rows = state === undefined ? listAll.all(limit, offset) : state === 'pending' ? listPending.all(limit, offset) : listState.all(state, limit, offset);
      const total = state === undefined ? (countAll.get()?.n ?? 0) : (countState.get(state)?.n ?? 0);
      return { rows: rows.map(view), total };
    },
    view(id: number): OutboxRowView | undefined {
      const r = listRow.get(id);
      return r ? view(r) : undefined;
    },
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;

// ── events from sync writes ─────────────────────────────────────────────────

const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());

/** The idempotency keys: derived from the change, never from when it was seen. */
export const outboxKeys = {
  delivered: (orderId: string, logisticsId: string) => `shipment.delivered:${orderId}:${logisticsId}`,
  exception: (orderId: string, logisticsId: string, status: string, stepAt: number) =>
    `shipment.exception:${orderId}:${logisticsId}:${status}:${stepAt}`,
  returned: (orderId: string, logisticsId: string, status: string, stepAt: number) =>
    `shipment.returned:${orderId}:${logisticsId}:${status}:${stepAt}`,
  statusChanged: (orderId: string, logisticsId: string, status: string, stepAt: number) =>
    `shipment.status_changed:${orderId}:${logisticsId}:${status}:${stepAt}`,
  orderDelivered: (orderId: string) => `order.delivered:${orderId}`,
  /** The clerk marked the parcel received (已收货): once per parcel, ever. */
  received: (orderId: string, logisticsId: string) => `shipment.received:${orderId}:${logisticsId}`,
};

export function buildPayload(
  type: OutboxEventType,
  key: string,
  occurredAt: number,
  order: OrderRow,
  sh: ShipmentRow | null,
  accountMemberId: string | null = null,
): OutboxPayload {
  return {
    type,
    version: 1,
    idempotencyKey: key,
    occurredAt: new Date(occurredAt).toISOString(),
    order: {
      orderId: order.id,
      erpRef: order.erp_ref,
      status: order.status,
      status1688: order.status_1688,
      seller: order.seller_company ?? order.seller_login_id,
      account: accountMemberId,
      purchaser: order.purchaser ?? null,
    },
    shipment: sh
      ? {
          logisticsId: sh.logistics_id,
          billNo: sh.bill_no,
          carrierCode: sh.carrier_code,
          carrierName: sh.carrier_name,
          status: sh.status,
          status1688: sh.status_1688,
          deliveredAt: iso(sh.delivered_at),
        }
      : null,
    // The parcel's newest step is what made its status what it is (tracking-domain.md §2).
    event:
      sh && sh.last_event_at !== null
        ? { remark: sh.last_remark ?? '', at: new Date(sh.last_event_at).toISOString(), stage: sh.last_stage ?? sh.status }
        : null,
  };
}

export interface OutboxHookDeps {
  store: Store;
  outbox: OutboxRepo;
  /** `shipment.status_changed` for every canonical change (off by default: it is chatty). */
  statusChangedEvents: () => boolean;
  /**
   * Whether an ERP is configured (default: always). Nothing is recorded without one: an outbox
   * nobody reads would grow forever, and would flood an ERP connected months later with stale news.
   */
  enabled?: () => boolean;
  /** Time written on rows: the dispatcher's clock (real time), not the sync's world clock. */
  now?: () => number;
  /** Called (inside the transaction) when at least one row was added: wake the dispatcher. */
  onWritten?: () => void;
}

/**
 * The SyncHooks.afterOrderWrite that records outbox events. It runs inside applyTraces's
 * transaction AFTER recomputeOrder, so the order row already holds the new status: "the order
 * became delivered" is read from the shipment writes instead (see orderBecameDelivered).
 */
export function createOutboxHook(deps: OutboxHookDeps): SyncHooks & { record(orderId: string, writes: ShipmentWrite[], now: number): number } {
  const { store, outbox } = deps;
  const rowNow = deps.now ?? Date.now;
  const memberOf = store.db.prepare<[number], { member_id: string | null }>('SELECT member_id FROM accounts WHERE id = ?');

  function record(orderId: string, writes: ShipmentWrite[], now: number): number {
    if (deps.enabled && !deps.enabled()) return 0;
    // Nothing moved (a poll with no news): nothing to tell, and no reads.
    if (!writes.some((w) => w.before?.status !== w.after.status)) return 0;
    const order = store.orders.get(orderId);
    if (!order) return 0;
    const t = rowNow();
    let added = 0;
    const member = order.account_id ? (memberOf.get(order.account_id)?.member_id ?? null) : null;
    const add = (type: OutboxEventType, key: string, occurredAt: number, sh: ShipmentRow | null) => {
      const payload = JSON.stringify(buildPayload(type, key, occurredAt, order, sh, member));
      if (outbox.insert({ key, type, orderId, shipmentId: sh?.id ?? null, payload, now: t })) added++;
    };
    const statusChanged = deps.statusChangedEvents();
    for (const w of writes) {
      const sh = w.after;
      const to = sh.status;
      if (w.before?.status === to) continue;
      // The step behind the change; 0 when a 1688 status alone made it (no step yet).
      const stepAt = sh.last_event_at ?? 0;
      const occurredAt = sh.last_event_at ?? now;
      const lid = sh.logistics_id;
      if (statusChanged) add('shipment.status_changed', outboxKeys.statusChanged(orderId, lid, to, stepAt), occurredAt, sh);
      if (to === 'delivered') add('shipment.delivered', outboxKeys.delivered(orderId, lid), sh.delivered_at ?? occurredAt, sh);
      else if (EXCEPTION_STATUSES.includes(to)) add('shipment.exception', outboxKeys.exception(orderId, lid, to, stepAt), occurredAt, sh);
      else if (RETURN_STATUSES.includes(to)) add('shipment.returned', outboxKeys.returned(orderId, lid, to, stepAt), occurredAt, sh);
    }
    const deliveredAt = orderBecameDelivered(order, writes, () => store.shipments.byOrder(orderId), now);
    if (deliveredAt !== null) add('order.delivered', outboxKeys.orderDelivered(orderId), deliveredAt, null);
    if (added) deps.onWritten?.();
    return added;
  }

  return {
    record,
    afterOrderWrite(orderId, writes, now) {
      record(orderId, writes, now);
    },
  };
}

/**
 * When this write made the order fully delivered: the order now shows delivered/completed,
 * every parcel that counts (cancelled ones do not) is delivered, and one of this write's
 * parcels changed status just now (so an order that was already delivered is not re-announced;
 * the key would absorb it anyway). Returns the time of the last signing, or null.
 */
export function orderBecameDelivered(order: OrderRow, writes: ShipmentWrite[], shipments: () => ShipmentRow[], now: number): number | null {
  if (order.status !== 'delivered' && order.status !== 'completed') return null;
  const moved = writes.some((w) => w.before?.status !== w.after.status && (w.after.status === 'delivered' || w.after.status === 'cancelled'));
  if (!moved) return null;
  const counted = shipments().filter((sh) => sh.status !== 'cancelled');
  if (counted.length === 0 || counted.some((sh) => sh.status !== 'delivered')) return null;
  return Math.max(...counted.map((sh) => sh.delivered_at ?? sh.last_event_at ?? 0)) || now;
}
