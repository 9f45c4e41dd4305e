// Alert rules R1–R8 (tracking-domain.md §4) as pure functions of facts and `now`.
// Convention: a threshold counts as reached AT the threshold (elapsed ≥ hours).
import type { ShipmentStatus, Stage } from '../../../shared/domain';
import { DAY_MS, elapsedHours, HOUR_MS, shanghaiDate } from './businessTime';
import { newestStep } from './shipmentStatus';

export interface OrderFacts {
  orderId: string;
  status1688: string | null;
  paidAt: number | null;
  shipmentCount: number;
}

export interface ShipmentFacts {
  shipmentId: number;
  orderId: string;
  status: ShipmentStatus;
  billNo: string | null;
  /** Set when the bill number changed. */
  previousBillNo: string | null;
  /** Oldest first (the rules do not rely on it: they sort by time themselves). */
  steps: readonly { at: number; stage: Stage }[];
  /** When we first saw the waybill. */
  firstSeenAt: number;
  shippedAt: number | null;
  expectedDeliveryAt: number | null;
}

export interface AlertSettings {
  notShippedHours: number;
  noPickupWarnHours: number;
  noPickupAlertHours: number;
  stallWarnHours: number;
  stallAlertHours: number;
  outForDeliveryStallHours: number;
  stationWarnHours: number;
  /** Stall rules (R3) skip Saturdays and Sundays. */
  businessDaysForStalls: boolean;
  defaultDeliveryDays: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  notShippedHours: 48,
  noPickupWarnHours: 24,
  noPickupAlertHours: 72,
  stallWarnHours: 48,
  stallAlertHours: 72,
  outForDeliveryStallHours: 24,
  stationWarnHours: 24,
  businessDaysForStalls: false,
  defaultDeliveryDays: 5,
};

export type RuleId =
  | 'not_shipped'
  | 'no_pickup_scan'
  | 'stalled'
  | 'delivery_problem'
  | 'waiting_at_station'
  | 'late'
  | 'returned'
  | 'waybill_changed';

export type Severity = 'warning' | 'alert';

export interface RuleResult {
  rule: RuleId;
  open: boolean;
  severity?: Severity;
  /** Chinese, for the clerk. Empty when closed. */
  message: string;
  messageEn: string;
}

const closed = (rule: RuleId): RuleResult => ({ rule, open: false, message: '', messageEn: '' });
const opened = (rule: RuleId, severity: Severity, message: string, messageEn: string): RuleResult => ({
  rule,
  open: true,
  severity,
  message,
  messageEn,
});

/** "3 天" / "30 小时": whole days from two days on, else whole hours. */
export function formatDuration(hours: number): { zh: string; en: string } {
  const h = Math.max(0, hours);
  if (h >= 48) {
    const d = Math.floor(h / 24);
    return { zh: `${d} 天`, en: `${d} days` };
  }
  const n = Math.floor(h);
  return { zh: `${n} 小时`, en: `${n} h` };
}

const TERMINAL: readonly ShipmentStatus[] = ['delivered', 'cancelled', 'returned'];
const MOVING: readonly ShipmentStatus[] = ['picked_up', 'in_transit', 'out_for_delivery'];

// ---------- R1 (order) ----------

export function ruleNotShipped(o: OrderFacts, now: number, s: AlertSettings): RuleResult {
  const waiting = (o.status1688 ?? '').toLowerCase() === 'waitsellersend' && o.shipmentCount === 0;
  if (!waiting || o.paidAt === null) return closed('not_shipped');
  const h = elapsedHours(o.paidAt, now);
  if (h < s.notShippedHours) return closed('not_shipped');
  const d = formatDuration(h);
  return opened('not_shipped', 'warning', `付款 ${d.zh}仍未发货`, `Not shipped ${d.en} after payment`);
}

// ---------- R2–R8 (parcel) ----------

/**
 * When the parcel's own history starts: the label step (its first step, which R2 only looks at
 * while every step is a label) or 1688's consign time, whichever is earlier; when we first saw
 * it only when neither is known. A waybill labelled days before the tracker met it is that old.
 */
export function labelledAt(sh: Pick<ShipmentFacts, 'steps' | 'shippedAt' | 'firstSeenAt'>): number {
  let at = sh.shippedAt ?? Infinity;
  for (const st of sh.steps) if (st.at < at) at = st.at;
  return at === Infinity ? sh.firstSeenAt : at;
}

/** R2: a waybill with no scan beyond info_received — often a fake or mistaken waybill. Counted from the label. */
export function ruleNoPickupScan(sh: ShipmentFacts, now: number, s: AlertSettings): RuleResult {
  if (TERMINAL.includes(sh.status) || !sh.billNo) return closed('no_pickup_scan');
  if (sh.steps.some((st) => st.stage !== 'info_received')) return closed('no_pickup_scan');
  const h = elapsedHours(labelledAt(sh), now);
  if (h < s.noPickupWarnHours) return closed('no_pickup_scan');
  const d = formatDuration(h);
  return opened(
    'no_pickup_scan',
    h >= s.noPickupAlertHours ? 'alert' : 'warning',
    `运单 ${d.zh}无揽收扫描，可能是错误或虚假单号`,
    `No pickup scan ${d.en} after the waybill was issued: possibly a wrong or fake waybill`,
  );
}

/**
 * R3: a moving parcel with no new step, counted from the newest step (business days optional).
 * Out for delivery warns sooner (24 h); every moving parcel escalates to alert at 72 h.
 */
export function ruleStalled(sh: ShipmentFacts, now: number, s: AlertSettings): RuleResult {
  const newest = newestStep(sh.steps);
  if (!MOVING.includes(sh.status) || !newest) return closed('stalled');
  const h = elapsedHours(newest.at, now, { businessDays: s.businessDaysForStalls });
  const warnAt = sh.status === 'out_for_delivery' ? s.outForDeliveryStallHours : s.stallWarnHours;
  if (h < warnAt) return closed('stalled');
  const d = formatDuration(h);
  const unit = s.businessDaysForStalls ? { zh: '（工作日）', en: ' (business days)' } : { zh: '', en: '' };
  const [zh, en] =
    sh.status === 'out_for_delivery'
      ? [`派送中 ${d.zh}${unit.zh}无新轨迹`, `Out for delivery with no new tracking for ${d.en}${unit.en}`]
      : [`${d.zh}${unit.zh}无新轨迹`, `No new tracking for ${d.en}${unit.en}`];
  return opened('stalled', h >= s.stallAlertHours ? 'alert' : 'warning', zh, en);
}

/** R4: the parcel's canonical status is a failed attempt or an exception. */
export function ruleDeliveryProblem(sh: ShipmentFacts): RuleResult {
  if (sh.status === 'failed_attempt') return opened('delivery_problem', 'alert', '派送失败，快递员未能投递', 'Delivery attempt failed');
  if (sh.status === 'exception') return opened('delivery_problem', 'alert', '物流异常（问题件）', 'Shipment exception (problem parcel)');
  return closed('delivery_problem');
}

/** R5: waiting in a locker or station, counted from the first step of the current wait; closed once collected. */
export function ruleWaitingAtStation(sh: ShipmentFacts, now: number, s: AlertSettings): RuleResult {
  if (sh.status !== 'awaiting_pickup') return closed('waiting_at_station');
  // Collected: the newest step says so, even while a doubtful collection waits for 1688's word.
  if (newestStep(sh.steps)?.stage === 'delivered') return closed('waiting_at_station');
  const byTime = sh.steps.map((st, i) => ({ ...st, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  let since: number | null = null;
  for (let k = byTime.length - 1; k >= 0 && byTime[k]!.stage === 'awaiting_pickup'; k--) since = byTime[k]!.at;
  since ??= newestStep(sh.steps)?.at ?? sh.firstSeenAt;
  const h = elapsedHours(since, now);
  if (h < s.stationWarnHours) return closed('waiting_at_station');
  const d = formatDuration(h);
  return opened('waiting_at_station', 'warning', `已在驿站/快递柜等待取件 ${d.zh}`, `Waiting at a pickup point for ${d.en}`);
}

/**
 * R6: not delivered by the expected time (learned per carrier and route; else shipped +
 * defaultDeliveryDays, counted from the label step when the ship time is unknown, and from first
 * sight only when neither is known).
 * Not for parcels on their way back: R7 covers them.
 */
export function ruleLate(sh: ShipmentFacts, now: number, s: AlertSettings): RuleResult {
  if (TERMINAL.includes(sh.status) || sh.status === 'returning') return closed('late');
  const expected = sh.expectedDeliveryAt ?? labelledAt(sh) + s.defaultDeliveryDays * DAY_MS;
  if (now < expected) return closed('late');
  const d = formatDuration((now - expected) / HOUR_MS);
  const date = shanghaiDate(expected);
  return opened('late', 'warning', `已超过预计送达时间 ${d.zh}（预计 ${date}）`, `${d.en} past the expected delivery (${date})`);
}

/** R7: on its way back, or back with the sender. */
export function ruleReturned(sh: ShipmentFacts): RuleResult {
  if (sh.status === 'returning') return opened('returned', 'alert', '包裹正在退回寄件人', 'Parcel is being returned to the sender');
  if (sh.status === 'returned') return opened('returned', 'alert', '包裹已退回寄件人', 'Parcel was returned to the sender');
  return closed('returned');
}

/** R8: the seller replaced the bill number. */
export function ruleWaybillChanged(sh: ShipmentFacts): RuleResult {
  if (TERMINAL.includes(sh.status) || !sh.previousBillNo || sh.previousBillNo === sh.billNo) return closed('waybill_changed');
  const to = sh.billNo ?? '（无）';
  return opened(
    'waybill_changed',
    'warning',
    `运单号已由 ${sh.previousBillNo} 变更为 ${to}`,
    `Waybill changed from ${sh.previousBillNo} to ${sh.billNo ?? '(none)'}`,
  );
}

/** R1. */
export function evaluateOrderRules(o: OrderFacts, now: number, s: AlertSettings = DEFAULT_ALERT_SETTINGS): RuleResult[] {
  return [ruleNotShipped(o, now, s)];
}

/** R2–R8, one result per rule (open or not), in rule order. */
export function evaluateShipmentRules(sh: ShipmentFacts, now: number, s: AlertSettings = DEFAULT_ALERT_SETTINGS): RuleResult[] {
  return [
    ruleNoPickupScan(sh, now, s),
    ruleStalled(sh, now, s),
    ruleDeliveryProblem(sh),
    ruleWaitingAtStation(sh, now, s),
    ruleLate(sh, now, s),
    ruleReturned(sh),
    ruleWaybillChanged(sh),
  ];
}
