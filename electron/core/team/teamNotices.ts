// Runs in: main process / headless Node.
// Notifications stay per desktop: a follower announces a signing or a new exception from its own
// ledger when the replicated change arrives, whoever polled it — once (the ledger's unique
// (kind, subject), the same subjects the poller's own sync records), and not for history: the
// first download (joining) and signings older than a day are recorded silently, as a solo
// desktop does on its first sync. The poller's desktop finds its own entries and adds nothing.
import { STALE_SIGNING_MS } from '../tracking/alertService';
import type { Store } from '../store';

/** Records what the replica holds and this desktop's ledger lacks; returns how many will be shown. */
export function announceReplicated(store: Store, now: number, history: boolean): number {
  let audible = 0;
  store.transaction(() => {
    const signed = store.db
      .prepare<[], { order_id: string; logistics_id: string; bill_no: string | null; carrier_name: string | null; carrier_code: string | null; delivered_at: number | null }>(
        `SELECT s.order_id, s.logistics_id, s.bill_no, s.carrier_name, s.carrier_code, s.delivered_at FROM shipments s
          WHERE s.status = 'delivered'
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = 'delivered' AND n.subject = s.order_id || '/' || s.logistics_id)`,
      )
      .all();
    for (const s of signed) {
      const label = [s.carrier_name ?? s.carrier_code, s.bill_no].filter(Boolean).join(' ') || `订单 ${s.order_id}`;
      const quiet = history || (s.delivered_at ?? now) < now - STALE_SIGNING_MS;
      const rec = quiet ? store.notifications.recordSilently : store.notifications.record;
      if (rec('delivered', `${s.order_id}/${s.logistics_id}`, s.order_id, '已签收', `${label} 已签收`, now) && !quiet) audible++;
    }
    const problems = store.db
      .prepare<[], { id: number; order_id: string; message: string }>(
        `SELECT a.id, a.order_id, a.message FROM alerts a
          WHERE a.resolved_at IS NULL AND a.severity = 'alert'
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.kind = 'alert' AND n.subject = 'a:' || a.id)`,
      )
      .all();
    for (const a of problems) {
      const rec = history ? store.notifications.recordSilently : store.notifications.record;
      if (rec('alert', `a:${a.id}`, a.order_id, '物流异常', `订单 ${a.order_id}：${a.message}`, now) && !history) audible++;
    }
  });
  return audible;
}
