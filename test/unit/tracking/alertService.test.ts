// The alert service on a real SQLite file: rules applied in the write transaction, the
// notification ledger, summaries, quiet hours, and exactly-once across re-syncs and restarts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../../shared/domain';
import { createTrackerEvents } from '../../../electron/core/api/types';
import type { Parcel } from '../../../electron/core/ali1688/schemas';
import { silentLogger, type DesktopNotification } from '../../../electron/core/ports';
import { DEFAULT_SETTINGS, type StoredSettings } from '../../../electron/core/settings';
import { openStore, type Store } from '../../../electron/core/store';
import { createAlertService, inQuietHours } from '../../../electron/core/tracking/alertService';
import { createDeliveryEstimator } from '../../../electron/core/tracking/estimator';
import { classifyRemark } from '../../../electron/core/tracking/classifyRemark';
import { deriveShipmentStatus } from '../../../electron/core/tracking/shipmentStatus';

const H = 3600_000;
const T0 = Date.UTC(2026, 10, 20, 2, 0, 0); // 10:00 in Shanghai

let dir: string;
let store: Store;
let shown: DesktopNotification[];
let settings: StoredSettings;
let now: number;

function service(s: Store = store) {
  return createAlertService({
    store: s,
    estimator: createDeliveryEstimator(s, () => settings.defaultDeliveryDays),
    notifier: { notify: (n) => shown.push(n) },
    clock: { now: () => now, sleep: async () => undefined },
    logger: silentLogger,
    settings: () => settings,
    events: createTrackerEvents(),
  });
}

function parcel(i: number): Parcel {
  return {
    logisticsId: `LP${String(i).padStart(14, '0')}`,
    billNo: `7531234567${String(i).padStart(4, '0')}`,
    carrierCode: 'ZTO',
    carrierName: '中通快递',
    status1688: 'TRANSPORT',
    shippedAt: T0 - 48 * H,
    sender: { province: '浙江省', city: '金华市', county: null },
    receiver: { province: '广东省', city: '深圳市', county: null },
    goods: [],
    raw: {},
  };
}

/** Writes steps for a parcel the way the sync engine does, calling the hook inside the transaction. */
function applySteps(svc: ReturnType<typeof service>, orderId: string, shipmentId: number, steps: { at: number; remark: string }[], at: number) {
  store.transaction(() => {
    const before = store.shipments.get(shipmentId)!;
    let added = 0;
    for (const st of steps) if (store.shipments.insertEvent(shipmentId, st.at, st.remark, classifyRemark(st.remark), at)) added++;
    const events = store.shipments.events(shipmentId);
    const status = deriveShipmentStatus({ steps: events.map((e) => ({ at: e.occurred_at, stage: e.stage as Stage })), status1688: before.status_1688, hasBillNo: true });
    const newest = events[events.length - 1];
    store.shipments.applyPoll({
      id: shipmentId,
      status,
      last_event_at: newest?.occurred_at ?? null,
      last_remark: newest?.remark ?? null,
      last_stage: newest?.stage ?? null,
      event_count: events.length,
      delivered_at: status === 'delivered' ? (before.delivered_at ?? newest?.occurred_at ?? at) : null,
      next_poll_at: status === 'delivered' ? null : at + H,
      done: status === 'delivered',
      now: at,
    });
    svc.syncHooks.afterOrderWrite?.(orderId, [{ before, after: store.shipments.get(shipmentId)!, newEvents: added }], at);
  });
}

function addOrderWithParcel(i: number) {
  const orderId = `37000000000000${String(i).padStart(5, '0')}`;
  store.orders.addTracked(orderId, 'manual', null, T0 - 72 * H);
  const { id } = store.shipments.upsertParcel(orderId, parcel(i), T0 - 48 * H);
  return { orderId, shipmentId: id };
}

const PICKED = { at: T0 - 40 * H, remark: '【金华市】义乌北苑营业部 已揽收' };
const MOVING = { at: T0 - 30 * H, remark: '【金华转运中心】已发出，下一站【深圳转运中心】' };
const SIGNED = { at: T0 - 1 * H, remark: '【深圳市】快件已签收，签收人：本人' };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-alerts-'));
  store = openStore(dir);
  shown = [];
  settings = { ...DEFAULT_SETTINGS };
  now = T0;
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('signing notifications', () => {
  it('notify once when the same sync result is applied twice', () => {
    const svc = service();
    const { orderId, shipmentId } = addOrderWithParcel(1);
    applySteps(svc, orderId, shipmentId, [PICKED, MOVING, SIGNED], now);
    svc.tick(now);
    applySteps(svc, orderId, shipmentId, [PICKED, MOVING, SIGNED], now + 1000);
    svc.tick(now + 1000);
    expect(shown).toEqual([expect.objectContaining({ kind: 'delivered', title: '已签收', orderId })]);
    expect(store.notifications.list().filter((n) => n.kind === 'delivered')).toHaveLength(1);
  });

  it('notify once when the process dies between the write and the notification, and restarts', () => {
    const first = service();
    const { orderId, shipmentId } = addOrderWithParcel(2);
    applySteps(first, orderId, shipmentId, [PICKED, MOVING, SIGNED], now); // committed, never shown
    store.close();
    store = openStore(dir); // "restart"
    const second = service();
    second.tick(now + 5000);
    second.tick(now + 6000);
    expect(shown.filter((n) => n.kind === 'delivered')).toHaveLength(1);
    store.close();
    store = openStore(dir);
    service().tick(now + 7000);
    expect(shown.filter((n) => n.kind === 'delivered')).toHaveLength(1);
  });

  it('does not notify again when the order is re-imported and re-synced', () => {
    const svc = service();
    const { orderId, shipmentId } = addOrderWithParcel(3);
    applySteps(svc, orderId, shipmentId, [PICKED, MOVING, SIGNED], now);
    svc.tick(now);
    expect(store.orders.addTracked(orderId, 'import', 'ERP-9', now)).toBe('exists');
    expect(store.orders.get(orderId)!.erp_ref).toBe('ERP-9');
    // The parcel leaves "delivered" (a carrier correction) and is signed for again.
    store.shipments.upsertParcel(orderId, { ...parcel(3), status1688: 'ACCEPT' }, now + 1);
    applySteps(svc, orderId, shipmentId, [{ at: T0 - 0.5 * H, remark: '【深圳市】快递员正在派送中' }], now + 2);
    expect(store.shipments.get(shipmentId)!.status).toBe('out_for_delivery');
    applySteps(svc, orderId, shipmentId, [{ at: T0 - 0.2 * H, remark: '【深圳市】快件已签收，签收人：前台' }], now + 3);
    expect(store.shipments.get(shipmentId)!.status).toBe('delivered');
    svc.tick(now + 3);
    expect(shown.filter((n) => n.kind === 'delivered')).toHaveLength(1);
    expect(store.notifications.list().filter((n) => n.kind === 'delivered')).toHaveLength(1);
  });

  it('records old signings on a first sync without announcing them', () => {
    const svc = service();
    const { orderId, shipmentId } = addOrderWithParcel(4);
    const D = 24 * H;
    applySteps(svc, orderId, shipmentId, [{ ...PICKED, at: T0 - 12 * D }, { ...MOVING, at: T0 - 11 * D }, { at: T0 - 10 * D, remark: '快件已签收' }], now);
    svc.tick(now);
    expect(shown).toEqual([]);
    expect(store.notifications.list()).toHaveLength(1);
  });

  it('turns more than three into one summary', () => {
    const svc = service();
    for (let i = 10; i < 15; i++) {
      const { orderId, shipmentId } = addOrderWithParcel(i);
      applySteps(svc, orderId, shipmentId, [PICKED, MOVING, SIGNED], now);
    }
    svc.tick(now);
    expect(shown).toEqual([expect.objectContaining({ kind: 'summary', body: '5 个包裹已签收' })]);
    expect(store.notifications.pending()).toEqual([]);
  });

  it('holds notifications during quiet hours and delivers them as one summary when they end', () => {
    settings = { ...settings, quietHours: { enabled: true, start: '22:00', end: '08:00' } };
    const svc = service();
    const night = new Date(2026, 10, 20, 23, 30).getTime();
    now = night;
    for (let i = 20; i < 22; i++) {
      const { orderId, shipmentId } = addOrderWithParcel(i);
      applySteps(svc, orderId, shipmentId, [PICKED, MOVING, { at: night - 60_000, remark: '快件已签收，签收人：本人' }], night);
    }
    svc.tick(night);
    expect(shown).toEqual([]);
    const morning = new Date(2026, 10, 21, 8, 5).getTime();
    svc.tick(morning);
    expect(shown).toEqual([expect.objectContaining({ kind: 'summary', body: '2 个包裹已签收' })]);
    expect(inQuietHours(new Date(2026, 10, 21, 7, 59).getTime(), settings.quietHours)).toBe(true);
    expect(inQuietHours(new Date(2026, 10, 21, 12, 0).getTime(), settings.quietHours)).toBe(false);
  });

  it('respects the per-kind switch: a signing with notifications off is never shown later', () => {
    settings = { ...settings, notifyDelivered: false };
    const svc = service();
    const { orderId, shipmentId } = addOrderWithParcel(30);
    applySteps(svc, orderId, shipmentId, [PICKED, MOVING, SIGNED], now);
    svc.tick(now);
    settings = { ...settings, notifyDelivered: true };
    svc.tick(now + 1);
    expect(shown).toEqual([]);
  });
});

describe('alerts', () => {
  it('a stall opens on the timer, resolves when a new step arrives, and reopens only on a new occurrence', () => {
    const svc = service();
    const { orderId, shipmentId } = addOrderWithParcel(40);
    applySteps(svc, orderId, shipmentId, [PICKED, MOVING], T0 - 29 * H);
    const open = () => store.alerts.list('open', 100, 0).filter((a) => a.rule === 'stalled');
    svc.tick(MOVING.at + 47 * H);
    expect(open()).toHaveLength(0);
    svc.tick(MOVING.at + 49 * H);
    expect(open()).toEqual([expect.objectContaining({ severity: 'warning', order_id: orderId })]);
    svc.tick(MOVING.at + 73 * H);
    expect(open()).toEqual([expect.objectContaining({ severity: 'alert' })]);
    expect(shown.filter((n) => n.kind === 'alert')).toHaveLength(1); // escalation to "alert" notifies once

    const next = { at: MOVING.at + 74 * H, remark: '【深圳转运中心】已到达' };
    applySteps(svc, orderId, shipmentId, [next], next.at + 1000);
    expect(open()).toHaveLength(0);
    expect(store.alerts.list('resolved', 100, 0).filter((a) => a.rule === 'stalled')).toHaveLength(1);
    svc.tick(next.at + 50 * H);
    expect(open()).toHaveLength(1);
    expect(store.alerts.counts()).toMatchObject({ resolved: 1 });
  });

  it('a refusal raises the delivery-problem and returned alerts with Chinese messages', () => {
    const svc = service();
    const { orderId, shipmentId } = addOrderWithParcel(41);
    applySteps(svc, orderId, shipmentId, [PICKED, MOVING, { at: T0 - 2 * H, remark: '【深圳市】收件人拒收，快件将退回' }], now);
    const rules = store.alerts.openForOrder(orderId).map((a) => [a.rule, a.severity, a.message]);
    expect(rules.some(([r]) => r === 'delivery_problem' || r === 'returned')).toBe(true);
    applySteps(svc, orderId, shipmentId, [{ at: T0 - 1 * H, remark: '退回件已签收' }], now + 1);
    const after = store.alerts.openForOrder(orderId);
    expect(after.map((a) => a.rule)).toContain('returned');
    expect(after.find((a) => a.rule === 'returned')!.message).toContain('退回');
  });

  it('acknowledging keeps the alert and records the note', () => {
    const svc = service();
    const { orderId, shipmentId } = addOrderWithParcel(42);
    applySteps(svc, orderId, shipmentId, [PICKED, MOVING, { at: T0 - H, remark: '快件破损，问题件处理中' }], now);
    const a = store.alerts.openForOrder(orderId)[0]!;
    expect(store.alerts.ack(a.id, '已联系供应商补发', now + 1)).toBe(true);
    expect(store.alerts.get(a.id)).toMatchObject({ ack_note: '已联系供应商补发', resolved_at: null });
  });
});
