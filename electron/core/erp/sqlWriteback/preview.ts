// Runs in: main process / headless Node.
// Settings' dry run: "shows the statement and its bound values for a sample event". Pure — no
// connection string is needed and no database is touched. The text shown is exactly what the
// driver receives; the values are listed beside it, never written into it.
import { bindValues, bindingsFromPayload, type WritebackPayload } from './payload';
import { TIME_PARAMS, compileTemplate, type ParamName } from './templates';
import type { SqlDialect, SqlEventType } from './types';

export interface SqlPreviewParam {
  /** 1-based position of the driver's parameter. */
  position: number;
  /** How it is written in the text: $1, ?, @p1. */
  placeholder: string;
  name: ParamName;
  /** Text as bound; times as ISO-8601 (UTC); null binds SQL NULL. */
  value: string | null;
  kind: 'text' | 'time';
}

export interface SqlPreview {
  eventType: SqlEventType;
  dialect: SqlDialect;
  /** The statement as the driver receives it (positional placeholders). */
  text: string;
  params: SqlPreviewParam[];
}

// 2025-11-29 10:30:00 Asia/Shanghai and later, so the sample reads like a real day.
const T = (h: number, m: number) => new Date(Date.UTC(2025, 10, 29, h - 8, m, 0)).toISOString();

const ORDER = {
  orderId: '3712490012345678901',
  erpRef: 'PO-2025-11-0042',
  status: 'in_transit',
  status1688: 'waitbuyerreceive',
  seller: '义乌市小商品贸易有限公司',
};
const SHIPMENT = {
  logisticsId: 'LP00712345678901234',
  billNo: '78912345678901234567',
  carrierCode: 'ZTO',
  carrierName: '中通快递',
  status1688: 'SEND',
  deliveredAt: null,
};

/** A sample payload per event type (Chinese sellers, 19-digit ids), in the outbox's format. */
export const SAMPLE_PAYLOADS: Record<SqlEventType, WritebackPayload> = {
  'shipment.delivered': {
    type: 'shipment.delivered',
    version: 1,
    idempotencyKey: `shipment.delivered:${ORDER.orderId}:${SHIPMENT.logisticsId}`,
    occurredAt: T(14, 5),
    order: { ...ORDER, status: 'delivered' },
    shipment: { ...SHIPMENT, status: 'delivered', status1688: 'SIGN', deliveredAt: T(14, 2) },
    event: { remark: '【杭州市】您的快件已签收，签收人：本人。如有疑问请联系快递员：13800000000', at: T(14, 2), stage: 'delivered' },
  },
  'shipment.exception': {
    type: 'shipment.exception',
    version: 1,
    idempotencyKey: `shipment.exception:3712490098765432109:LP00798765432109876:exception:${Date.parse(T(9, 40))}`,
    occurredAt: T(9, 45),
    order: { orderId: '3712490098765432109', erpRef: 'PO-2025-11-0043', status: 'exception', status1688: 'waitbuyerreceive', seller: '广州白云区皮具商行' },
    shipment: {
      logisticsId: 'LP00798765432109876',
      billNo: 'YT7500123456789',
      carrierCode: 'YTO',
      carrierName: '圆通速递',
      status: 'exception',
      status1688: 'SEND',
      deliveredAt: null,
    },
    event: { remark: '【广州转运中心】快件异常：地址不详，已联系寄件人处理（问题件）', at: T(9, 40), stage: 'exception' },
  },
  'shipment.returned': {
    type: 'shipment.returned',
    version: 1,
    idempotencyKey: `shipment.returned:3712490055555555555:LP00755555555555555:returning:${Date.parse(T(16, 20))}`,
    occurredAt: T(16, 25),
    order: { orderId: '3712490055555555555', erpRef: null, status: 'exception', status1688: 'waitbuyerreceive', seller: '深圳市华强北电子经营部' },
    shipment: {
      logisticsId: 'LP00755555555555555',
      billNo: 'SF1400123456789',
      carrierCode: 'SF',
      carrierName: '顺丰速运',
      status: 'returning',
      status1688: 'SEND',
      deliveredAt: null,
    },
    event: { remark: '【深圳市】收件人拒收，快件退回中', at: T(16, 20), stage: 'returning' },
  },
  'order.delivered': {
    type: 'order.delivered',
    version: 1,
    idempotencyKey: `order.delivered:${ORDER.orderId}`,
    occurredAt: T(14, 5),
    order: { ...ORDER, status: 'delivered' },
    shipment: null,
    event: null,
  },
  'shipment.status_changed': {
    type: 'shipment.status_changed',
    version: 1,
    idempotencyKey: `shipment.status_changed:${ORDER.orderId}:${SHIPMENT.logisticsId}:out_for_delivery:${Date.parse(T(8, 12))}`,
    occurredAt: T(8, 15),
    order: ORDER,
    shipment: { ...SHIPMENT, status: 'out_for_delivery' },
    event: { remark: '【杭州市】快件正在派送中，派件员：王师傅 13900000000', at: T(8, 12), stage: 'out_for_delivery' },
  },
  'shipment.received': {
    type: 'shipment.received',
    version: 1,
    idempotencyKey: `shipment.received:${ORDER.orderId}:${SHIPMENT.logisticsId}`,
    occurredAt: T(17, 30),
    order: ORDER,
    shipment: { ...SHIPMENT, status: 'awaiting_pickup' },
    event: { remark: '【杭州市】快件已到达【西湖区文三路菜鸟驿站】，取件码 8-2-3011', at: T(15, 2), stage: 'awaiting_pickup' },
  },
};

/**
 * The statement and its bound values for `eventType` with a sample payload (the built-in one, or
 * `samplePayload`: an object or its JSON). Returns null when the event type has no template (the
 * event is then not written). Throws TemplateError for a template that cannot be saved and
 * PayloadError for an invalid sample payload (both with Chinese messages).
 * Accepts the whole config too; the connection string is not read.
 */
export function previewSql(
  settings: { dialect: SqlDialect; templates: Partial<Record<SqlEventType, string>> },
  eventType: SqlEventType,
  samplePayload?: unknown,
): SqlPreview | null {
  const sql = settings.templates[eventType];
  if (sql === undefined || sql.trim() === '') return null;
  const compiled = compileTemplate(sql, settings.dialect);
  const bindings = bindingsFromPayload(samplePayload ?? SAMPLE_PAYLOADS[eventType], eventType);
  const values = bindValues(compiled, bindings);
  return {
    eventType,
    dialect: settings.dialect,
    text: compiled.text,
    params: compiled.names.map((name, i) => {
      const v = values[i] ?? null;
      return {
        position: i + 1,
        placeholder: compiled.placeholders[i] as string,
        name,
        value: v instanceof Date ? v.toISOString() : v,
        kind: TIME_PARAMS.has(name) ? 'time' : 'text',
      };
    }),
  };
}
