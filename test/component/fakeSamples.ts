// Sample data for the component tests' FakeTracker: orders, the ERP outbox, SQL previews and
// the desk's arrivals, each with the traps a page must survive (hostile markup, 19-digit ids).
import type { MethodOutput, OrderDetail, OutboxRowView, SqlDialectName, SqlPreviewView } from '../../shared/contract';

const NOW = Date.now();
export const ago = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();

function order(partial: Partial<OrderDetail> & { orderId: string }): OrderDetail {
  return {
    status: 'in_transit',
    status1688: 'waitbuyerreceive',
    seller: '义乌示例工贸',
    sellerLoginId: 'yiwu-demo',
    productSummary: '收纳盒 ×20',
    createdAt: ago(72),
    paidAt: ago(71),
    totalFen: 123450,
    erpRef: null,
    source: 'discovered',
    archived: false,
    shipments: [],
    lastEventAt: ago(2),
    lastRemark: '【深圳转运中心】已发出',
    updatedAt: ago(1),
    openAlerts: 0,
    shippingFeeFen: 800,
    buyerLoginId: 'buyer',
    parcels: [],
    alerts: [],
    ...partial,
  };
}

export function sampleOrders(): OrderDetail[] {
  const xss = '<img src=x onerror=alert(1)>';
  return [
    order({
      orderId: '3712345678901234567',
      seller: '义乌示例工贸',
      shipments: [{ logisticsId: 'L1', billNo: '75310000008901', carrierCode: 'ZTO', carrierName: '中通快递', status: 'in_transit' }],
      parcels: [
        {
          logisticsId: 'L1',
          billNo: '75310000008901',
          carrierCode: 'ZTO',
          carrierName: '中通快递',
          status: 'in_transit',
          previousBillNo: '75310000000000',
          status1688: 'TRANSPORT',
          origin: '义乌',
          destination: '深圳',
          shippedAt: ago(60),
          deliveredAt: null,
          lastPolledAt: ago(1),
          nextPollAt: null,
          lastError: null,
          estimate: { expectedAt: ago(-24), basis: '同线路 37 件中通 义乌→深圳 的 P80', basisEn: 'P80 of 37 ZTO parcels Yiwu→Shenzhen' },
          evidence: {
            rule: 'in_transit.arrived',
            ruleText: { zh: '到达转运中心（运输中）', en: 'Arrived at a hub (in transit)' },
            decidedBy: 'text',
            stepAt: ago(2),
            stepRemark: xss,
            doubtful: false,
            status1688: 'TRANSPORT',
            status1688ReadAt: ago(1),
            witness: 'agrees',
            held: false,
          },
          events: [
            // deliberately not sorted: the UI must show the newest first
            { at: ago(50), remark: '【义乌】已揽收', stage: 'picked_up' },
            { at: ago(2), remark: xss, stage: 'in_transit' },
            { at: ago(30), remark: '\u202E【金华】已到达\u202C', stage: 'in_transit' },
          ],
        },
      ],
      alerts: [
        {
          id: 7,
          rule: 'stalled',
          severity: 'warning',
          orderId: '3712345678901234567',
          logisticsId: 'L1',
          billNo: '75310000008901',
          message: '48 小时没有新轨迹',
          messageEn: 'No new trace for 48 hours',
          openedAt: ago(5),
          resolvedAt: null,
          ackedAt: null,
          ackNote: null,
          lastRemark: '【深圳转运中心】已发出',
        },
      ],
      openAlerts: 1,
    }),
    order({
      orderId: '3712345678901230001',
      status: 'delivered',
      seller: '广州优品',
      updatedAt: ago(3),
      lastRemark: '已签收，本人签收',
      shipments: [{ logisticsId: 'L2', billNo: 'SF1234567890', carrierCode: 'SF', carrierName: '顺丰速运', status: 'delivered' }],
    }),
    order({
      orderId: '3712345678901230002',
      status: 'awaiting_shipment',
      seller: '杭州布艺',
      updatedAt: ago(4),
      lastEventAt: null,
      lastRemark: null,
    }),
    order({
      orderId: '3712345678901230003',
      status: 'exception',
      seller: '深圳电子',
      updatedAt: ago(5),
      lastRemark: '问题件：地址不详',
      shipments: [{ logisticsId: 'L4', billNo: 'YT0001', carrierCode: 'YTO', carrierName: '圆通速递', status: 'exception' }],
    }),
  ];
}

/** A small outbox: two failed rows (one holding back a later event), one retrying, one delivered. */
export function sampleOutbox(): OutboxRowView[] {
  const base = { attempts: 0, lastError: null, lastStatus: null, nextAttemptAt: null, deliveredAt: null, blockedBy: null };
  return [
    {
      ...base,
      idempotencyKey: 'shipment.delivered:3712345678901234567:L1',
      type: 'shipment.delivered',
      state: 'dead',
      attempts: 1,
      lastStatus: 422,
      lastError: 'HTTP 422：<img src=x onerror=alert(1)> 采购单 PO-404 不存在',
      createdAt: ago(3),
      orderId: '3712345678901234567',
      logisticsId: 'L1',
    },
    {
      ...base,
      idempotencyKey: 'order.delivered:3712345678901234567',
      type: 'order.delivered',
      state: 'pending',
      nextAttemptAt: ago(2.9),
      createdAt: ago(2.9),
      orderId: '3712345678901234567',
      logisticsId: null,
      blockedBy: 'shipment.delivered:3712345678901234567:L1',
    },
    {
      ...base,
      idempotencyKey: 'shipment.exception:3712345678901230003:L4:exception:1764000000000',
      type: 'shipment.exception',
      state: 'pending',
      attempts: 3,
      lastStatus: 503,
      lastError: 'HTTP 503：Service Unavailable',
      nextAttemptAt: ago(-0.25),
      createdAt: ago(1),
      orderId: '3712345678901230003',
      logisticsId: 'L4',
    },
    {
      ...base,
      idempotencyKey: 'shipment.returned:3712345678901230002:L3:returned:1764000000000',
      type: 'shipment.returned',
      state: 'dead',
      attempts: 1,
      lastStatus: 401,
      lastError: 'HTTP 401：bad signature',
      createdAt: ago(5),
      orderId: '3712345678901230002',
      logisticsId: 'L3',
    },
    {
      ...base,
      idempotencyKey: 'shipment.delivered:3712345678901230001:L2',
      type: 'shipment.delivered',
      state: 'delivered',
      attempts: 1,
      lastStatus: 200,
      createdAt: ago(4),
      deliveredAt: ago(3.9),
      orderId: '3712345678901230001',
      logisticsId: 'L2',
    },
  ];
}

/** Sample values the fake's SQL preview binds (like the core's sample event). */
const SQL_SAMPLE: Record<string, string | null> = {
  idempotencyKey: 'shipment.delivered:3703871771180806957:LP00473621136151',
  type: 'shipment.delivered',
  occurredAt: '2025-11-29T06:02:00.000Z',
  orderId: '3703871771180806957',
  erpRef: 'PO-2025-11-0042',
  orderStatus: 'delivered',
  orderStatus1688: 'waitbuyerreceive',
  seller: '宝安晨光电子有限公司',
  logisticsId: 'LP00473621136151',
  billNo: '78912345678901234567',
  carrierCode: 'ZTO',
  carrierName: '中通快递',
  shipmentStatus: 'delivered',
  shipmentStatus1688: 'SIGN',
  deliveredAt: '2025-11-29T06:02:00.000Z',
  remark: '已签收',
  eventAt: '2025-11-29T06:02:00.000Z',
  stage: 'delivered',
};

/** A tiny stand-in for the core's template compiler: :name → $n / ? / @pn. */
export function fakeSqlPreview(dialect: SqlDialectName, template: string, eventType: SqlPreviewView['eventType']): SqlPreviewView {
  const params: SqlPreviewView['params'] = [];
  const seen = new Map<string, number>();
  const text = template.replace(/(?<!:):([A-Za-z][A-Za-z0-9]*)/g, (_m, name: string) => {
    if (!(name in SQL_SAMPLE)) throw { code: 'invalid_input', message: `未知参数 :${name}` };
    let position = dialect === 'mysql' ? undefined : seen.get(name);
    if (position === undefined) {
      position = params.length + 1;
      seen.set(name, position);
      const placeholder = dialect === 'postgres' ? `$${position}` : dialect === 'mysql' ? '?' : `@p${position}`;
      params.push({ position, placeholder, name, value: SQL_SAMPLE[name] ?? null, kind: name.endsWith('At') ? 'time' : 'text' });
    }
    return params[position - 1]!.placeholder;
  });
  return { eventType, dialect, text, params };
}

/** The desk's arrivals: two parcels at one station (its name is hostile markup), one at a locker, one out, one expected. */
export function sampleArrivals(): MethodOutput<'arrivals.list'> {
  const base = { carrierName: '中通快递', seller: '义乌示例工贸' };
  const station = '<img src=x onerror=alert(1)>菜鸟驿站';
  return {
    now: ago(0),
    waiting: [
      { ...base, orderId: '3712345678901234567', logisticsId: 'L1', billNo: '75310000000001', station, address: '天河区棠下村二社大街12号', pickupCode: '8-2-3011', kind: 'station', stationKey: 's1', since: ago(5), remark: `快件已到达【${station}】，取件码 8-2-3011` },
      { ...base, orderId: '3712345678901230001', logisticsId: 'L2', billNo: '75310000000002', station, address: '天河区棠下村二社大街12号', pickupCode: null, kind: 'station', stationKey: 's1', since: ago(3), remark: `快件已由【${station}】代收` },
      { ...base, orderId: '3712345678901230002', logisticsId: 'L3', billNo: 'SF100', station: '丰巢智能柜', address: null, pickupCode: '58231476', kind: 'locker', stationKey: 's2', since: ago(2), remark: '您的快件已存放至【丰巢智能柜】，取件码：58231476' },
    ],
    outForDelivery: [{ ...base, orderId: '3712345678901230003', logisticsId: 'L4', billNo: 'YT0001', since: ago(1), remark: '派件员 王师傅 正在派件' }],
    expected: [{ ...base, orderId: '3712345678901230004', logisticsId: 'L5', billNo: 'YT0002', expectedAt: ago(-5), basis: '同线路 37 件中通 义乌→深圳 的 P80', basisEn: 'P80 of 37', day: 'today', status: 'in_transit' }],
  };
}
