// Runs in: main process / headless Node.
// Writes to the team's record in PostgreSQL. Every write appends what it changed to the change
// log in the same transaction; a poller write first passes team_fence() with its fencing token,
// so PostgreSQL itself refuses an ex-leader's write. Clerk actions are applied once each, by
// idempotency key, and their outcome goes down the log like any change.
import type { ClientBase, Pool, PoolClient } from 'pg';
import { teamSubject, type TeamChange } from './teamChanges';

/** Advisory lock (pg_advisory_xact_lock) held from assigning seqs to commit: seq order = commit order. */
const CHANGELOG_LOCK = 168_800_002;
export const CHANGES_CHANNEL = 'tracker_team_changes';

export interface Fence {
  account: string;
  holder: string;
  token: number;
}

export class FencedError extends Error {
  readonly code = 'team_fenced';
  constructor(detail: string) {
    super(`已不是该账号的轮询者，写入被团队数据库拒绝：${detail} (No longer this account's poller; the team database refused the write: ${detail})`);
  }
}

export async function inTransaction<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  // A connection that dies between two statements emits 'error' on the checked-out client;
  // the statement after it fails anyway, so the event itself is only noted.
  let broken: Error | undefined;
  const onError = (e: Error) => {
    broken = e;
  };
  c.on('error', onError);
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    broken ??= e as Error;
    throw e;
  } finally {
    c.off('error', onError);
    c.release(broken);
  }
}

/** Appends changes to the log inside the caller's transaction; returns the last seq. */
export async function appendChanges(c: ClientBase, member: string, changes: readonly TeamChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  await c.query('SELECT pg_advisory_xact_lock($1)', [CHANGELOG_LOCK]);
  const r = await c.query<{ seq: string }>(
    `INSERT INTO team_changes (seq, entity, data, member)
     SELECT nextval('team_change_seq'), x->>'entity', x, $2 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(x, n)
     ORDER BY n RETURNING seq`,
    [JSON.stringify(changes), member],
  );
  const last = Math.max(...r.rows.map((x) => Number(x.seq)));
  await c.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(last)]);
  return last;
}

/** Stores one poller change and returns it as stored (with the clerk-owned fields the team has). */
async function storePolled(c: ClientBase, ch: TeamChange): Promise<TeamChange | null> {
  switch (ch.entity) {
    case 'order': {
      const r = await c.query<{ archived: boolean; erp_ref: string | null }>(
        `INSERT INTO team_orders (id, account, data, archived, erp_ref) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET account = COALESCE(EXCLUDED.account, team_orders.account), data = EXCLUDED.data
         RETURNING archived, erp_ref`,
        [ch.id, ch.account, ch.row, ch.archived, ch.erpRef],
      );
      const row = r.rows[0];
      return row ? { ...ch, archived: row.archived, erpRef: row.erp_ref } : ch;
    }
    case 'shipment': {
      // The poller owns the parcel's facts; the received mark is the clerks' (set by their actions).
      const r = await c.query<{ received_at: string | null }>(
        `INSERT INTO team_shipments (order_id, logistics_id, data) VALUES ($1, $2, $3)
         ON CONFLICT (order_id, logistics_id) DO UPDATE SET data = EXCLUDED.data RETURNING received_at`,
        [ch.orderId, ch.logisticsId, ch.row],
      );
      return { ...ch, receivedAt: numberOrNull(r.rows[0]?.received_at) };
    }
    case 'steps': {
      const r = await c.query<{ occurred_at: string; remark: string; stage: string; first_seen_at: string }>(
        `INSERT INTO team_steps (order_id, logistics_id, occurred_at, remark, stage, first_seen_at)
         SELECT $1, $2, s.occurred_at, s.remark, s.stage, s.first_seen_at
         FROM jsonb_to_recordset($3::jsonb) AS s(occurred_at bigint, remark text, stage text, first_seen_at bigint)
         ON CONFLICT DO NOTHING RETURNING occurred_at, remark, stage, first_seen_at`,
        [ch.orderId, ch.logisticsId, JSON.stringify(ch.steps)],
      );
      // Only steps new to the team go down the log: a re-sent batch adds nothing.
      if (r.rows.length === 0) return null;
      return {
        ...ch,
        steps: r.rows.map((s) => ({
          occurred_at: Number(s.occurred_at),
          remark: s.remark,
          stage: s.stage as (typeof ch.steps)[number]['stage'],
          first_seen_at: Number(s.first_seen_at),
        })),
      };
    }
    case 'alert': {
      const subject = teamSubject(ch.orderId, ch.logisticsId);
      // The poller owns the alert's text and resolution; the acknowledgement is the clerks'.
      const r = await c.query<{ acked_at: string | null; ack_note: string | null; acked_by: string | null }>(
        `INSERT INTO team_alerts (subject, rule, opened_at, order_id, data) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subject, rule, opened_at) DO UPDATE SET data = EXCLUDED.data
         RETURNING acked_at, ack_note, acked_by`,
        [subject, ch.rule, ch.openedAt, ch.orderId, ch.row],
      );
      const a = r.rows[0];
      return a ? { ...ch, ackedAt: a.acked_at === null ? null : Number(a.acked_at), ackNote: a.ack_note, ackedBy: a.acked_by } : ch;
    }
    default:
      return ch;
  }
}

/**
 * One poller batch, fenced: PostgreSQL checks the token against the lease row first (and holds
 * off a takeover until this commits); a stale token raises and nothing is written.
 */
export async function writePollerBatch(pool: Pool, fence: Fence, changes: readonly TeamChange[]): Promise<number> {
  try {
    return await inTransaction(pool, async (c) => {
      await c.query('SELECT team_fence($1, $2, $3)', [fence.account, fence.holder, fence.token]);
      const stored: TeamChange[] = [];
      for (const ch of changes) {
        const s = await storePolled(c, ch);
        if (s) stored.push(s);
      }
      return appendChanges(c, fence.holder, stored);
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'TK001') throw new FencedError((e as Error).message);
    throw e;
  }
}

/** An upload that is not a poller's (a member joining with its solo database): never overwrites. */
export async function uploadMissing(pool: Pool, member: string, changes: readonly TeamChange[]): Promise<number> {
  return inTransaction(pool, async (c) => {
    const stored: TeamChange[] = [];
    for (const ch of changes) {
      if (ch.entity === 'order') {
        const r = await c.query('INSERT INTO team_orders (id, account, data, archived, erp_ref) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING', [
          ch.id,
          ch.account,
          ch.row,
          ch.archived,
          ch.erpRef,
        ]);
        if (r.rowCount) stored.push(ch);
      } else if (ch.entity === 'shipment') {
        // (a mark from a solo database was recorded for the ERP there: its outbox holds it)
        const r = await c.query(
          `INSERT INTO team_shipments (order_id, logistics_id, data, received_at, received_by, erp_by, erp_at)
           VALUES ($1,$2,$3,$4,$5,$5,CASE WHEN $5::text IS NULL THEN NULL ELSE now() END) ON CONFLICT DO NOTHING`,
          [ch.orderId, ch.logisticsId, ch.row, ch.receivedAt, ch.receivedAt === null ? null : member],
        );
        if (r.rowCount) stored.push(ch);
      } else if (ch.entity === 'alert') {
        const r = await c.query(
          `INSERT INTO team_alerts (subject, rule, opened_at, order_id, data, acked_at, ack_note, acked_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
          [teamSubject(ch.orderId, ch.logisticsId), ch.rule, ch.openedAt, ch.orderId, ch.row, ch.ackedAt, ch.ackNote, ch.ackedBy],
        );
        if (r.rowCount) stored.push(ch);
      } else if (ch.entity === 'steps') {
        const s = await storePolled(c, ch);
        if (s) stored.push(s);
      }
    }
    return appendChanges(c, member, stored);
  });
}

// ------------------------------------------------------------------------------ clerk actions

export type ClerkAction =
  | { kind: 'ackAlert'; orderId: string; logisticsId: string | null; rule: string; openedAt: number; note: string }
  | { kind: 'setArchived'; orderId: string; archived: boolean }
  /** erp: the clerk's desktop wrote `shipment.received` in its own outbox (it polled the account). */
  | { kind: 'markReceived'; orderId: string; logisticsId: string; erp?: boolean }
  | { kind: 'addOrders'; ids: string[]; source: 'manual' | 'import'; erpRef: string | null }
  | { kind: 'setting'; key: string; value: unknown };

export interface QueuedAction {
  key: string;
  actedAt: number;
  action: ClerkAction;
}

async function applyOne(c: ClientBase, member: string, a: QueuedAction): Promise<TeamChange[]> {
  const act = a.action;
  switch (act.kind) {
    case 'ackAlert': {
      // An acknowledgement is never undone: acked_at keeps the first; the note is the last
      // writer's by server order.
      const r = await c.query<{ data: Record<string, unknown>; acked_at: string; ack_note: string; acked_by: string }>(
        `UPDATE team_alerts SET acked_at = COALESCE(acked_at, $4), ack_note = $5, acked_by = $6
         WHERE subject = $1 AND rule = $2 AND opened_at = $3 RETURNING data, acked_at, ack_note, acked_by`,
        [teamSubject(act.orderId, act.logisticsId), act.rule, act.openedAt, a.actedAt, act.note, member],
      );
      const row = r.rows[0];
      if (!row) throw new Error('alert not in the team record');
      return [
        {
          entity: 'alert',
          orderId: act.orderId,
          logisticsId: act.logisticsId,
          rule: act.rule as never,
          openedAt: act.openedAt,
          row: row.data as never,
          ackedAt: Number(row.acked_at),
          ackNote: row.ack_note,
          ackedBy: row.acked_by,
        },
      ];
    }
    case 'markReceived': {
      // 已收货 is never undone: the first mark by server order stays (and who made it).
      // The ERP: this member's outbox holds it when its desktop recorded it (see teamErp.ts).
      const r = await c.query<{ data: Record<string, unknown>; received_at: string }>(
        `UPDATE team_shipments SET received_at = COALESCE(received_at, $3), received_by = COALESCE(received_by, $4),
           erp_by = COALESCE(erp_by, CASE WHEN $5 THEN $4 END), erp_at = CASE WHEN erp_by IS NULL AND $5 THEN now() ELSE erp_at END
         WHERE order_id = $1 AND logistics_id = $2 RETURNING data, received_at`,
        [act.orderId, act.logisticsId, a.actedAt, member, act.erp === true],
      );
      const row = r.rows[0];
      if (!row) throw new Error('parcel not in the team record');
      return [{ entity: 'shipment', orderId: act.orderId, logisticsId: act.logisticsId, row: row.data as never, receivedAt: Number(row.received_at) }];
    }
    case 'setArchived': {
      const r = await c.query<{ account: string | null; data: Record<string, unknown>; erp_ref: string | null }>(
        'UPDATE team_orders SET archived = $2 WHERE id = $1 RETURNING account, data, erp_ref',
        [act.orderId, act.archived],
      );
      const row = r.rows[0];
      if (!row) throw new Error('order not in the team record');
      return [{ entity: 'order', id: act.orderId, account: row.account, row: row.data as never, archived: act.archived, erpRef: row.erp_ref }];
    }
    case 'addOrders': {
      const out: TeamChange[] = [];
      for (const id of act.ids) {
        const data = { ...EMPTY_ORDER, source: act.source, first_seen_at: a.actedAt, updated_at: a.actedAt };
        const r = await c.query<{ account: string | null; data: Record<string, unknown>; archived: boolean; erp_ref: string | null }>(
          `INSERT INTO team_orders (id, data, erp_ref) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET erp_ref = COALESCE(EXCLUDED.erp_ref, team_orders.erp_ref)
           RETURNING account, data, archived, erp_ref`,
          [id, data, act.erpRef],
        );
        const row = r.rows[0];
        if (row) out.push({ entity: 'order', id, account: row.account, row: row.data as never, archived: row.archived, erpRef: row.erp_ref });
      }
      return out;
    }
    case 'setting':
      await c.query(
        `INSERT INTO team_settings (key, value, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by`,
        [act.key, JSON.stringify(act.value), member],
      );
      return [{ entity: 'setting', key: act.key, value: act.value as never }];
  }
}

const numberOrNull = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** A tracked order nobody has read from 1688 yet (what SQLite's addTracked writes). */
const EMPTY_ORDER = {
  status: 'awaiting_shipment',
  status_1688: null,
  seller_login_id: null,
  seller_company: null,
  seller_contact: null,
  buyer_login_id: null,
  total_fen: null,
  shipping_fee_fen: null,
  created_at: null,
  paid_at: null,
  modified_at: null,
  product_summary: null,
  raw_json: null,
  detail_fetched_at: null,
  parcels_checked_at: null,
  next_parcel_check_at: null,
  last_error: null,
  last_event_at: null,
  last_remark: null,
  purchaser: null,
};

/**
 * Applies queued clerk actions, each once (by idempotency key) and each in its own transaction
 * with its outcome in the log. An action PostgreSQL cannot apply (its alert is not in the team
 * record) is recorded as failed rather than retried forever. Returns the keys now settled.
 */
export async function applyClerkActions(pool: Pool, member: string, actions: readonly QueuedAction[]): Promise<string[]> {
  const settled: string[] = [];
  for (const a of actions) {
    await inTransaction(pool, async (c) => {
      const fresh = await c.query(
        `INSERT INTO team_actions (idempotency_key, member, kind, payload, acted_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [a.key, member, a.action.kind, JSON.stringify(a.action), a.actedAt],
      );
      if (!fresh.rowCount) return; // applied before (the answer was lost): nothing to do again
      await c.query('SAVEPOINT act');
      let changes: TeamChange[] = [];
      let error: string | null = null;
      try {
        changes = await applyOne(c, member, a);
        await c.query('RELEASE SAVEPOINT act');
      } catch (e) {
        await c.query('ROLLBACK TO SAVEPOINT act');
        error = (e as Error).message.slice(0, 500);
      }
      await c.query('UPDATE team_actions SET result = $2 WHERE idempotency_key = $1', [a.key, JSON.stringify({ ok: error === null, error })]);
      await appendChanges(c, member, [...changes, { entity: 'action', key: a.key, member, ok: error === null, error }]);
    });
    settled.push(a.key);
  }
  return settled;
}
