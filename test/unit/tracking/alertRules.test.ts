import { describe, it, expect } from 'vitest';
import type { ShipmentStatus, Stage } from '../../../shared/domain';
import {
  DEFAULT_ALERT_SETTINGS as S,
  evaluateOrderRules,
  evaluateShipmentRules,
  formatDuration,
  type RuleId,
  type RuleResult,
  type ShipmentFacts,
} from '../../../electron/core/tracking/alertRules';

const H = 3_600_000;
const D = 24 * H;
const EPS = 60_000; // "just": one minute either side
const NOW = Date.parse('2024-06-05T12:00:00+08:00'); // a Wednesday in Shanghai

const step = (at: number, stage: Stage) => ({ at, stage });
function parcel(over: Partial<ShipmentFacts> = {}): ShipmentFacts {
  return {
    shipmentId: 1,
    orderId: '3712345678901234567',
    status: 'in_transit',
    billNo: '73100012345678',
    previousBillNo: null,
    steps: [step(NOW - H, 'in_transit')],
    firstSeenAt: NOW - 2 * D,
    shippedAt: NOW - 2 * D,
    expectedDeliveryAt: NOW + 3 * D,
    ...over,
  };
}
const rule = (results: RuleResult[], id: RuleId): RuleResult => results.find((r) => r.rule === id)!;
const at = (sh: ShipmentFacts, id: RuleId, now = NOW, s = S) => rule(evaluateShipmentRules(sh, now, s), id);
const openIds = (sh: ShipmentFacts, now = NOW) => evaluateShipmentRules(sh, now, S).filter((r) => r.open).map((r) => r.rule);

describe('R1 not_shipped', () => {
  const order = (paidAgo: number, over = {}) => ({ orderId: '1', status1688: 'waitsellersend', paidAt: NOW - paidAgo, shipmentCount: 0, ...over });
  const r1 = (o: ReturnType<typeof order>) => evaluateOrderRules(o, NOW, S)[0]!;
  it('opens at 48 h after payment, not before', () => {
    expect(r1(order(48 * H - EPS)).open).toBe(false);
    expect(r1(order(48 * H))).toMatchObject({ rule: 'not_shipped', open: true, severity: 'warning', message: '付款 2 天仍未发货' });
    expect(r1(order(48 * H + EPS)).open).toBe(true);
    expect(r1(order(48 * H)).messageEn).toBe('Not shipped 2 days after payment');
  });
  it('stays closed once shipped, unpaid, or in another status', () => {
    expect(r1(order(5 * D, { shipmentCount: 1 })).open).toBe(false);
    expect(r1(order(5 * D, { paidAt: null })).open).toBe(false);
    expect(r1(order(5 * D, { status1688: 'waitbuyerreceive' })).open).toBe(false);
    expect(r1(order(5 * D, { status1688: 'WAITSELLERSEND' })).open).toBe(true);
  });
});

describe('R2 no_pickup_scan', () => {
  const fresh = (ago: number, over: Partial<ShipmentFacts> = {}) =>
    parcel({ status: 'not_found', steps: [], shippedAt: null, firstSeenAt: NOW - ago, ...over });
  it('warns at 24 h and alerts at 72 h without a scan beyond info_received', () => {
    expect(at(fresh(24 * H - EPS), 'no_pickup_scan').open).toBe(false);
    expect(at(fresh(24 * H), 'no_pickup_scan')).toMatchObject({ open: true, severity: 'warning' });
    expect(at(fresh(24 * H + EPS), 'no_pickup_scan').severity).toBe('warning');
    expect(at(fresh(72 * H - EPS), 'no_pickup_scan').severity).toBe('warning');
    expect(at(fresh(72 * H), 'no_pickup_scan')).toMatchObject({ open: true, severity: 'alert', message: '运单 3 天无揽收扫描，可能是错误或虚假单号' });
    expect(at(fresh(72 * H + EPS), 'no_pickup_scan').severity).toBe('alert');
  });
  it('counts info_received steps as no scan; any later stage closes it', () => {
    expect(at(fresh(30 * H, { status: 'info_received', steps: [step(NOW - 29 * H, 'info_received')] }), 'no_pickup_scan').open).toBe(true);
    expect(at(fresh(30 * H, { status: 'picked_up', steps: [step(NOW - 29 * H, 'info_received'), step(NOW - H, 'picked_up')] }), 'no_pickup_scan').open).toBe(false);
  });
  it('needs a waybill', () => {
    expect(at(fresh(5 * D, { billNo: null, status: 'info_received' }), 'no_pickup_scan').open).toBe(false);
  });
  it('counts from the label step, not from when the tracker first met the waybill', () => {
    // Labelled five days ago, first seen an hour ago (a new account, an order added by hand).
    const old = fresh(H, { status: 'info_received', steps: [step(NOW - 5 * D, 'info_received'), step(NOW - 2 * D, 'info_received')] });
    expect(at(old, 'no_pickup_scan')).toMatchObject({ open: true, severity: 'alert', message: '运单 5 天无揽收扫描，可能是错误或虚假单号' });
  });
  it('counts from 1688\'s consign time when it is earlier than the first step or there is none', () => {
    expect(at(fresh(H, { shippedAt: NOW - 4 * D }), 'no_pickup_scan')).toMatchObject({ open: true, severity: 'alert', message: '运单 4 天无揽收扫描，可能是错误或虚假单号' });
    expect(at(fresh(H, { shippedAt: NOW - 30 * H, steps: [step(NOW - 20 * H, 'info_received')] }), 'no_pickup_scan').severity).toBe('warning');
  });
});

describe('R3 stalled', () => {
  const moving = (ago: number, status: ShipmentStatus = 'in_transit') =>
    parcel({ status, steps: [step(NOW - 10 * D, 'picked_up'), step(NOW - ago, status as Stage)] });
  it('counts from the newest step: warning at 48 h, alert at 72 h', () => {
    expect(at(moving(48 * H - EPS), 'stalled').open).toBe(false);
    expect(at(moving(48 * H), 'stalled')).toMatchObject({ open: true, severity: 'warning', message: '2 天无新轨迹' });
    expect(at(moving(48 * H + EPS), 'stalled').severity).toBe('warning');
    expect(at(moving(72 * H - EPS), 'stalled').severity).toBe('warning');
    expect(at(moving(72 * H), 'stalled')).toMatchObject({ severity: 'alert', message: '3 天无新轨迹', messageEn: 'No new tracking for 3 days' });
    expect(at(moving(72 * H + EPS), 'stalled').severity).toBe('alert');
  });
  it('out for delivery warns after 24 h', () => {
    expect(at(moving(24 * H - EPS, 'out_for_delivery'), 'stalled').open).toBe(false);
    expect(at(moving(24 * H, 'out_for_delivery'), 'stalled')).toMatchObject({ open: true, severity: 'warning', message: '派送中 24 小时无新轨迹' });
    expect(at(moving(24 * H + EPS, 'out_for_delivery'), 'stalled').open).toBe(true);
  });
  it('uses event time, not array order', () => {
    const sh = parcel({ steps: [step(NOW - H, 'in_transit'), step(NOW - 5 * D, 'picked_up')] });
    expect(at(sh, 'stalled').open).toBe(false);
  });
  it('with business days, the weekend does not count', () => {
    const bs = { ...S, businessDaysForStalls: true };
    const friday = Date.parse('2024-06-07T12:00:00+08:00');
    const sh = parcel({ steps: [step(friday, 'in_transit')] });
    const monday = Date.parse('2024-06-10T12:00:00+08:00');
    expect(at(sh, 'stalled', monday).severity).toBe('alert'); // 72 calendar hours
    expect(at(sh, 'stalled', monday, bs).open).toBe(false); // 24 business hours
    expect(at(sh, 'stalled', monday + 24 * H - EPS, bs).open).toBe(false);
    expect(at(sh, 'stalled', monday + 24 * H, bs)).toMatchObject({ open: true, severity: 'warning', message: '2 天（工作日）无新轨迹' });
    expect(at(sh, 'stalled', monday + 48 * H, bs).severity).toBe('alert');
  });
  it('only for moving parcels', () => {
    for (const status of ['info_received', 'not_found', 'awaiting_pickup', 'failed_attempt', 'delivered'] as const) {
      expect(at(parcel({ status, steps: [step(NOW - 10 * D, 'in_transit')] }), 'stalled').open).toBe(false);
    }
  });
});

describe('R4 delivery_problem', () => {
  it('opens as alert for failed_attempt and exception only', () => {
    expect(at(parcel({ status: 'failed_attempt' }), 'delivery_problem')).toMatchObject({ open: true, severity: 'alert' });
    expect(at(parcel({ status: 'exception' }), 'delivery_problem')).toMatchObject({ open: true, severity: 'alert' });
    expect(at(parcel({ status: 'out_for_delivery' }), 'delivery_problem').open).toBe(false);
  });
});

describe('R5 waiting_at_station', () => {
  const waiting = (ago: number, extra: { at: number; stage: Stage }[] = []) =>
    parcel({ status: 'awaiting_pickup', steps: [step(NOW - 3 * D, 'in_transit'), step(NOW - ago, 'awaiting_pickup'), ...extra] });
  it('warns after 24 h at the station', () => {
    expect(at(waiting(24 * H - EPS), 'waiting_at_station').open).toBe(false);
    expect(at(waiting(24 * H), 'waiting_at_station')).toMatchObject({ open: true, severity: 'warning', message: '已在驿站/快递柜等待取件 24 小时' });
    expect(at(waiting(24 * H + EPS), 'waiting_at_station').open).toBe(true);
  });
  it('counts from the first step of the current wait, not a later reminder', () => {
    expect(at(waiting(30 * H, [step(NOW - H, 'awaiting_pickup')]), 'waiting_at_station').open).toBe(true);
  });
  it('closes when the parcel is collected', () => {
    expect(at(parcel({ status: 'delivered', steps: [step(NOW - 3 * D, 'awaiting_pickup'), step(NOW - H, 'delivered')] }), 'waiting_at_station').open).toBe(false);
  });
  it('closes once collected even while the collection waits for 1688\'s word (the parcel still shows awaiting pickup)', () => {
    const held = parcel({ status: 'awaiting_pickup', steps: [step(NOW - 3 * D, 'awaiting_pickup'), step(NOW - H, 'delivered')] });
    expect(at(held, 'waiting_at_station').open).toBe(false);
  });
});

describe('R6 late', () => {
  it('opens once the expected delivery time has passed', () => {
    const sh = parcel({ expectedDeliveryAt: NOW });
    expect(at(sh, 'late', NOW - EPS).open).toBe(false);
    expect(at(sh, 'late', NOW)).toMatchObject({ open: true, severity: 'warning' });
    expect(at(sh, 'late', NOW + 2 * D + EPS).message).toBe('已超过预计送达时间 2 天（预计 2024-06-05）');
  });
  it('falls back to shipped + 5 days, or first seen + 5 days', () => {
    const sh = parcel({ expectedDeliveryAt: null, shippedAt: NOW - 5 * D });
    expect(at(sh, 'late', NOW - EPS).open).toBe(false);
    expect(at(sh, 'late', NOW).open).toBe(true);
    const unseen = parcel({ expectedDeliveryAt: null, shippedAt: null, steps: [], firstSeenAt: NOW - 5 * D + EPS });
    expect(at(unseen, 'late').open).toBe(false);
    expect(at(unseen, 'late', NOW + EPS).open).toBe(true);
  });
  it('without a ship time, counts from the label step rather than from first sight', () => {
    const sh = parcel({ expectedDeliveryAt: null, shippedAt: null, firstSeenAt: NOW - H, steps: [step(NOW - 6 * D, 'info_received'), step(NOW - 2 * D, 'in_transit')] });
    expect(at(sh, 'late')).toMatchObject({ open: true, message: '已超过预计送达时间 24 小时（预计 2024-06-04）' });
  });
  it('not for delivered, cancelled or returning parcels', () => {
    for (const status of ['delivered', 'cancelled', 'returning', 'returned'] as const) {
      expect(at(parcel({ status, expectedDeliveryAt: NOW - 10 * D }), 'late').open).toBe(false);
    }
  });
});

describe('R7 returned', () => {
  it('alerts while returning and once returned', () => {
    expect(at(parcel({ status: 'returning' }), 'returned')).toMatchObject({ open: true, severity: 'alert', message: '包裹正在退回寄件人' });
    expect(at(parcel({ status: 'returned' }), 'returned')).toMatchObject({ open: true, severity: 'alert', message: '包裹已退回寄件人' });
    expect(at(parcel({ status: 'in_transit' }), 'returned').open).toBe(false);
  });
});

describe('R8 waybill_changed', () => {
  it('warns when the bill number changed', () => {
    const sh = parcel({ previousBillNo: '73100000000001', billNo: '73100000000002' });
    expect(at(sh, 'waybill_changed')).toMatchObject({ open: true, severity: 'warning', message: '运单号已由 73100000000001 变更为 73100000000002' });
    expect(at(parcel({ previousBillNo: null }), 'waybill_changed').open).toBe(false);
    expect(at(parcel({ previousBillNo: '73100012345678' }), 'waybill_changed').open).toBe(false); // same number
  });
});

describe('evaluateShipmentRules', () => {
  it('returns one result per rule, in rule order', () => {
    expect(evaluateShipmentRules(parcel(), NOW, S).map((r) => r.rule)).toEqual([
      'no_pickup_scan', 'stalled', 'delivery_problem', 'waiting_at_station', 'late', 'returned', 'waybill_changed',
    ]);
  });
  it('a healthy parcel has no open alert', () => {
    expect(openIds(parcel())).toEqual([]);
  });
  it('terminal parcels have no open alerts, except R7 for returned', () => {
    const old = { steps: [step(NOW - 30 * D, 'info_received')], firstSeenAt: NOW - 30 * D, expectedDeliveryAt: NOW - 20 * D, previousBillNo: 'X1' };
    expect(openIds(parcel({ status: 'delivered', ...old }))).toEqual([]);
    expect(openIds(parcel({ status: 'cancelled', ...old }))).toEqual([]);
    expect(openIds(parcel({ status: 'returned', ...old }))).toEqual(['returned']);
  });
  it('closed results carry no severity', () => {
    for (const r of evaluateShipmentRules(parcel(), NOW, S)) if (!r.open) expect(r.severity).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('uses hours below two days, whole days from two days', () => {
    expect(formatDuration(47.9)).toEqual({ zh: '47 小时', en: '47 h' });
    expect(formatDuration(48)).toEqual({ zh: '2 天', en: '2 days' });
    expect(formatDuration(-1)).toEqual({ zh: '0 小时', en: '0 h' });
  });
});
