// Runs in: main process / headless Node.
// A clerk's 已收货 reaches the ERP exactly once per team, whatever the lease state when the mark
// travels. PostgreSQL says whose outbox holds it (team_shipments.erp_by, team migration 4):
// - the clerk's own desktop, when it polled the account and wrote `shipment.received` at once —
//   its markReceived action says so (`erp: true`, set by a temporary trigger on its outbox);
// - otherwise the account's lease holder claims it under its fencing token and writes it in its
//   own outbox right after: after each pull and whenever it gains the lease, so a mark pulled
//   while nobody held the lease (a failover) is claimed by the next holder.
// A member killed between its claim's commit and its SQLite write finds its own recent claims
// again when it next gains the lease; the outbox's idempotency key makes writing one twice a no-op.
import type { Pool } from 'pg';
import { FencedError, inTransaction, type Fence } from './pgRecord';

export interface ReceivedMark {
  orderId: string;
  logisticsId: string;
  receivedAt: number;
}

/**
 * The account's received marks no outbox holds yet, and (with `ownSince`) this member's own claims
 * since then, to write again any a crash lost.
 */
export async function receivedAwaitingErp(pool: Pool, account: string, member: string, ownSince: Date | null, limit = 500): Promise<ReceivedMark[]> {
  const r = await pool.query<{ order_id: string; logistics_id: string; received_at: string }>(
    `SELECT s.order_id, s.logistics_id, s.received_at FROM team_shipments s JOIN team_orders o ON o.id = s.order_id
      WHERE o.account = $1 AND s.received_at IS NOT NULL AND (s.erp_by IS NULL OR (s.erp_by = $2 AND s.erp_at > $3))
      ORDER BY s.received_at LIMIT $4`,
    [account, member, ownSince ?? new Date(8.64e15), limit],
  );
  return r.rows.map((x) => ({ orderId: x.order_id, logisticsId: x.logistics_id, receivedAt: Number(x.received_at) }));
}

/** Claims marks for this member's outbox, fenced: a stale lease holder claims nothing. */
export async function claimReceived(pool: Pool, fence: Fence, marks: readonly ReceivedMark[]): Promise<ReceivedMark[]> {
  if (marks.length === 0) return [];
  try {
    return await inTransaction(pool, async (c) => {
      await c.query('SELECT team_fence($1, $2, $3)', [fence.account, fence.holder, fence.token]);
      const r = await c.query<{ order_id: string; logistics_id: string; received_at: string }>(
        `UPDATE team_shipments s SET erp_by = $3, erp_at = CASE WHEN s.erp_by IS NULL THEN now() ELSE s.erp_at END
          FROM unnest($1::text[], $2::text[]) AS k(order_id, logistics_id)
          WHERE s.order_id = k.order_id AND s.logistics_id = k.logistics_id AND s.received_at IS NOT NULL
            AND (s.erp_by IS NULL OR s.erp_by = $3)
          RETURNING s.order_id, s.logistics_id, s.received_at`,
        [marks.map((m) => m.orderId), marks.map((m) => m.logisticsId), fence.holder],
      );
      return r.rows.map((x) => ({ orderId: x.order_id, logisticsId: x.logistics_id, receivedAt: Number(x.received_at) }));
    });
  } catch (e) {
    if ((e as { code?: string }).code === 'TK001') throw new FencedError((e as Error).message);
    throw e;
  }
}
