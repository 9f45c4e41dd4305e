// Runs in: main process / headless Node.
// What the tracker remembers of push messages (migration 7, `push_messages`): each msgId once,
// whether what it led to is committed (then it may be confirmed), and the node a parcel push
// named (a witness of the parcel's status next to the trace text: store.shipments.pushedNode).
import type { Db } from '../store/database';
import type { PushMessage } from '../ali1688/pushSchemas';

export type PushSeen = 'new' | 'pending' | 'handled';

export interface PendingPush {
  msg_id: string;
  topic: string;
  order_id: string | null;
  logistics_id: string | null;
}

/** Rows older than this are forgotten (1688 keeps unconfirmed messages ~3 months; a re-send comes within minutes). */
export const PUSH_MEMORY_MS = 30 * 24 * 3600_000;

export function createPushStore(db: Db) {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO push_messages (msg_id, topic, order_id, logistics_id, status_changed, born_at, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const get = db.prepare<[string], { handled_at: number | null }>('SELECT handled_at FROM push_messages WHERE msg_id = ?');
  const markHandled = db.prepare('UPDATE push_messages SET handled_at = ? WHERE msg_id = ? AND handled_at IS NULL');
  const markConfirmed = db.prepare('UPDATE push_messages SET confirmed_at = ? WHERE msg_id = ?');
  const pending = db.prepare<[number], PendingPush>(
    'SELECT msg_id, topic, order_id, logistics_id FROM push_messages WHERE handled_at IS NULL ORDER BY received_at LIMIT ?',
  );
  const prune = db.prepare('DELETE FROM push_messages WHERE received_at < ? AND handled_at IS NOT NULL');
  const counts = db.prepare<[], { total: number; unhandled: number }>(
    'SELECT COUNT(*) AS total, COUNT(*) - COUNT(handled_at) AS unhandled FROM push_messages',
  );

  return {
    /** Records a message once; says whether it is new, seen and still being handled, or handled. */
    record(m: PushMessage, now: number): PushSeen {
      const r = insert.run(m.msgId, m.topic, m.orderIds[0] ?? null, m.logisticsId, m.statusChanged, m.bornAt, now);
      if (r.changes === 1) return 'new';
      return get.get(m.msgId)?.handled_at == null ? 'pending' : 'handled';
    },
    markHandled(msgIds: readonly string[], now: number) {
      db.transaction(() => {
        for (const id of msgIds) markHandled.run(now, id);
      })();
    },
    markConfirmed(msgIds: readonly string[], now: number) {
      db.transaction(() => {
        for (const id of msgIds) markConfirmed.run(now, id);
      })();
    },
    isHandled: (msgId: string): boolean => get.get(msgId)?.handled_at != null,
    /** Messages recorded whose refresh has not committed (a crash, an outage): handled again. */
    pending: (limit = 1000): PendingPush[] => pending.all(limit),
    prune: (now: number) => prune.run(now - PUSH_MEMORY_MS).changes,
    counts: () => counts.get() ?? { total: 0, unhandled: 0 },
  };
}

export type PushStore = ReturnType<typeof createPushStore>;
