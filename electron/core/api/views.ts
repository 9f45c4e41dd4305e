// Runs in: main process / headless Node.
// Database rows → contract shapes: epoch ms become ISO-8601 UTC strings, ids stay strings.
import type { AlertView, OrderSummary, ParcelDetail, ShipmentSummary, StatusEvidenceView } from '../../../shared/contract';
import { describeRule, parseEvidence } from '../tracking/parcelEvidence';
import type { AlertRow } from '../store/alerts';
import type { OrderListRow, ShipmentListRow } from '../store/orderQueries';
import type { ShipmentRow, TraceEventRow } from '../store/shipments';

export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

export function shipmentSummary(sh: ShipmentListRow): ShipmentSummary {
  return {
    logisticsId: sh.logistics_id,
    billNo: sh.bill_no,
    carrierCode: sh.carrier_code,
    carrierName: sh.carrier_name,
    status: sh.status,
    receivedAt: iso(sh.received_at),
  };
}

/** A list row or a whole order (the list reads no raw JSON, and the summary shows none). */
export function orderSummary(
  o: OrderListRow,
  shipments: readonly ShipmentListRow[],
  openAlerts: number,
  accountOf: (id: number) => OrderSummary['account'] = () => null,
): OrderSummary {
  return {
    orderId: o.id,
    status: o.status,
    status1688: o.status_1688,
    seller: o.seller_company ?? o.seller_login_id,
    sellerLoginId: o.seller_login_id,
    productSummary: o.product_summary,
    createdAt: iso(o.created_at),
    paidAt: iso(o.paid_at),
    totalFen: o.total_fen,
    erpRef: o.erp_ref,
    source: o.source,
    archived: o.archived === 1,
    shipments: shipments.map(shipmentSummary),
    lastEventAt: iso(o.last_event_at),
    lastRemark: o.last_remark,
    updatedAt: iso(o.updated_at) as string,
    openAlerts,
    account: o.account_id ? accountOf(o.account_id) : null,
    purchaser: o.purchaser ?? null,
  };
}

function place(province: string | null, city: string | null): string | null {
  if (!province && !city) return null;
  if (province && city && city.startsWith(province)) return city;
  return [province, city].filter(Boolean).join(' ');
}

export function parcelDetail(
  sh: ShipmentRow,
  events: TraceEventRow[],
  estimate: ParcelDetail['estimate'],
): ParcelDetail {
  return {
    ...shipmentSummary(sh),
    previousBillNo: sh.previous_bill_no,
    status1688: sh.status_1688,
    origin: place(sh.origin_province, sh.origin_city),
    destination: place(sh.dest_province, sh.dest_city),
    shippedAt: iso(sh.shipped_at),
    deliveredAt: iso(sh.delivered_at),
    lastPolledAt: iso(sh.last_polled_at),
    nextPollAt: sh.done ? null : iso(sh.next_poll_at),
    lastError: sh.last_error,
    estimate,
    evidence: evidenceView(sh),
    // Newest first; for equal times the later-seen step first.
    events: [...events]
      .sort((a, b) => b.occurred_at - a.occurred_at || b.first_seen_at - a.first_seen_at)
      .map((e) => ({ at: iso(e.occurred_at) as string, remark: e.remark, stage: e.stage })),
  };
}

export function evidenceView(sh: Parameters<typeof parseEvidence>[0]): StatusEvidenceView | null {
  const e = parseEvidence(sh);
  if (!e) return null;
  return {
    rule: e.rule,
    ruleText: describeRule(e.rule),
    decidedBy: e.by,
    stepAt: iso(e.at),
    stepRemark: e.remark,
    doubtful: e.doubtful,
    status1688: e.s1688,
    status1688ReadAt: iso(e.s1688At),
    witness: e.witness,
    held: e.held,
    pushStatus: e.push,
    pushAt: iso(e.pushAt),
    pushWitness: e.pushWitness,
  };
}

export function alertView(a: AlertRow): AlertView {
  return {
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    orderId: a.order_id,
    logisticsId: a.logistics_id,
    billNo: a.bill_no,
    message: a.message,
    messageEn: a.message_en,
    openedAt: iso(a.opened_at) as string,
    resolvedAt: iso(a.resolved_at),
    ackedAt: iso(a.acked_at),
    ackNote: a.ack_note,
    lastRemark: a.last_remark,
  };
}
