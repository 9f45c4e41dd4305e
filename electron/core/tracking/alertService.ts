// Runs in: main process / headless Node.
// Applies the alert rules and keeps the notification ledger. Rules run inside the sync write
// transaction of each order (so a status change, its alerts and its ledger rows commit together)
// and on every scheduler tick for the time-based rules. Notifications are dispatched from the
// ledger afterwards: marked shown first, then shown, so none is ever shown twice.
import type { StoredSettings } from '../settings';
import type { TrackerEvents } from '../api/types';
import type { Clock, Logger, Notifier } from '../ports';
import type { Store } from '../store';
import { alertSubject } from '../store/alerts';
import type { OrderRow } from '../store/orders';
import type { ShipmentRow } from '../store/shipments';
import type { ShipmentWrite, SyncHooks } from '../sync/types';
import { DEFAULT_ALERT_SETTINGS, evaluateOrderRules, evaluateShipmentRules, type AlertSettings, type RuleResult } from './alertRules';
import type { DeliveryEstimator } from './estimator';

export interface AlertServiceDeps {
  store: Store;
  estimator: DeliveryEstimator;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  settings: () => StoredSettings;
  events: TrackerEvents;
}

/** More than this many notifications at once become one summary. */
export const SUMMARY_THRESHOLD = 3;
/** A signing older than this when we first learn of it (first sync of an account) is not news. */
export const STALE_SIGNING_MS = 24 * 3600_000;

export function alertSettingsFrom(s: StoredSettings): AlertSettings {
  return {
    ...DEFAULT_ALERT_SETTINGS,
    stallWarnHours: s.stallWarnHours,
    stallAlertHours: s.stallAlertHours,
    businessDaysForStalls: s.businessDaysForStalls,
    defaultDeliveryDays: s.defaultDeliveryDays,
  };
}

/** Quiet hours in the clerk's local time; a window may wrap midnight (22:00–08:00). */
export function inQuietHours(now: number, q: StoredSettings['quietHours']): boolean {
  if (!q.enabled) return false;
  const d = new Date(now);
  const minutes = d.getHours() * 60 + d.getMinutes();
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const start = toMin(q.start);
  const end = toMin(q.end);
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export function createAlertService(deps: AlertServiceDeps) {
  const { store, estimator, notifier, clock, logger } = deps;
  const openOrders = store.db.prepare<[], OrderRow>(
    "SELECT * FROM orders WHERE (archived = 0 AND status_1688 = 'waitsellersend') OR id IN (SELECT order_id FROM alerts WHERE resolved_at IS NULL AND shipment_id IS NULL)",
  );
  const openShipments = store.db.prepare<[], ShipmentRow>(
    'SELECT * FROM shipments WHERE done = 0 OR id IN (SELECT shipment_id FROM alerts WHERE resolved_at IS NULL AND shipment_id IS NOT NULL)',
  );
  let lastOpenCount: number | null = null;

  function shipmentFacts(sh: ShipmentRow) {
    const steps = store.shipments.events(sh.id).map((e) => ({ at: e.occurred_at, stage: e.stage }));
    return {
      shipmentId: sh.id,
      orderId: sh.order_id,
      status: sh.status,
      billNo: sh.bill_no,
      previousBillNo: sh.previous_bill_no,
      steps,
      firstSeenAt: sh.first_seen_at,
      shippedAt: sh.shipped_at,
      expectedDeliveryAt: estimator.estimateFor(sh).expectedAt,
    };
  }

  /** Opens, updates or resolves each rule's alert for one subject; records alert notifications. */
  function apply(orderId: string, shipmentId: number | null, results: RuleResult[], now: number, label: string) {
    const subject = alertSubject(orderId, shipmentId);
    for (const r of results) {
      if (!r.open) {
        store.alerts.resolve(subject, r.rule, now);
        continue;
      }
      const severity = r.severity ?? 'warning';
      const { id, change } = store.alerts.open(
        { subject, rule: r.rule, severity, orderId, shipmentId, message: r.message, messageEn: r.messageEn },
        now,
      );
      if (severity === 'alert' && (change === 'opened' || change === 'escalated')) {
        store.notifications.record('alert', `a:${id}`, orderId, '物流异常', `${label}：${r.message}`, now);
      }
    }
  }

  function shipmentLabel(sh: ShipmentRow): string {
    return [sh.carrier_name ?? sh.carrier_code, sh.bill_no].filter(Boolean).join(' ') || `订单 ${sh.order_id}`;
  }

  function evaluateShipment(sh: ShipmentRow, now: number, s: AlertSettings) {
    const results = evaluateShipmentRules(shipmentFacts(sh), now, s);
    // 已收货: the clerk has the parcel, so nothing about its journey is a problem any more.
    apply(sh.order_id, sh.id, sh.received_at ? results.map((r) => ({ ...r, open: false })) : results, now, shipmentLabel(sh));
  }

  function evaluateOrder(o: OrderRow, now: number, s: AlertSettings) {
    const shipmentCount = store.shipments.byOrder(o.id).length;
    apply(o.id, null, evaluateOrderRules({ orderId: o.id, status1688: o.status_1688, paidAt: o.paid_at, shipmentCount }, now, s), now, `订单 ${o.id}`);
  }

  const syncHooks: SyncHooks = {
    afterOrderWrite(orderId: string, writes: ShipmentWrite[], now: number) {
      const s = alertSettingsFrom(deps.settings());
      for (const w of writes) {
        evaluateShipment(w.after, now, s);
        if (w.after.status === 'delivered' && w.before?.status !== 'delivered') {
          // The ledger's unique (kind, subject) makes this once per parcel, ever.
          const stale = (w.after.delivered_at ?? now) < now - STALE_SIGNING_MS;
          (stale ? store.notifications.recordSilently : store.notifications.record)(
            'delivered',
            `${w.after.order_id}/${w.after.logistics_id}`,
            orderId,
            '已签收',
            `${shipmentLabel(w.after)} 已签收`,
            now,
          );
        }
      }
      const order = store.orders.get(orderId);
      if (order) evaluateOrder(order, now, s);
    },
  };

  /** Shows what the ledger holds and has not shown, unless quiet hours hold it back. */
  function flushNotifications(now: number) {
    const settings = deps.settings();
    const pending = store.notifications.pending();
    if (!pending.length) return;
    const enabled = pending.filter((n) => (n.kind === 'delivered' ? settings.notifyDelivered : settings.notifyAlerts));
    const disabled = pending.filter((n) => !enabled.includes(n));
    if (disabled.length) store.notifications.markShown(disabled.map((n) => n.id), now, false);
    if (!enabled.length || inQuietHours(now, settings.quietHours)) return;
    // What quiet hours held back arrives as one summary when they end.
    const heldByQuietHours = enabled.some((n) => inQuietHours(n.created_at, settings.quietHours));
    const summarize = enabled.length > SUMMARY_THRESHOLD || (heldByQuietHours && enabled.length > 1);
    store.notifications.markShown(enabled.map((n) => n.id), now, summarize);
    if (summarize) {
      const delivered = enabled.filter((n) => n.kind === 'delivered').length;
      const problems = enabled.length - delivered;
      const parts = [delivered ? `${delivered} 个包裹已签收` : '', problems ? `${problems} 个新异常` : ''].filter(Boolean);
      const orderIds = new Set(enabled.map((n) => n.order_id));
      const only = orderIds.size === 1 ? [...orderIds][0] : undefined;
      notifier.notify({ kind: 'summary', title: '1688 物流跟踪', body: parts.join('，'), ...(only ? { orderId: only } : {}) });
    } else {
      for (const n of enabled) notifier.notify({ kind: n.kind, title: n.title, body: n.body, ...(n.order_id ? { orderId: n.order_id } : {}) });
    }
  }

  return {
    syncHooks,
    /** Time-based rules over everything unfinished, then the notifications they produced. */
    tick(now: number = clock.now()) {
      const s = alertSettingsFrom(deps.settings());
      try {
        store.transaction(() => {
          for (const o of openOrders.all()) evaluateOrder(o, now, s);
          for (const sh of openShipments.all()) evaluateShipment(sh, now, s);
        });
      } catch (e) {
        logger.error('alert evaluation failed', { error: String(e) });
      }
      flushNotifications(now);
      const open = store.alerts.counts().open;
      if (open !== lastOpenCount) {
        lastOpenCount = open;
        deps.events.emit('alerts.changed', { open });
      }
    },
    flushNotifications,
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
