// Runs in: main process / headless Node.
// From an outbox payload (erp/outbox.ts OutboxPayload, version 1) to the values a template binds.
// Times become JS Dates (every driver binds them as timestamps); ids stay strings (19 digits do
// not fit a JS number); absent parts (an order-level event has no shipment) bind as NULL.
import { z } from 'zod';
import { TIME_PARAMS, type CompiledTemplate, type ParamName } from './templates';

export type BoundValue = string | Date | null;
export type Bindings = Record<ParamName, BoundValue>;

/** A payload that cannot be bound: retrying cannot fix it, so the row goes dead. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

const time = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: `时间无效：${String(v).slice(0, 40)}` });
    return z.NEVER;
  }
  return d;
});
const id = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish().transform((v) => v ?? null);
const optTime = time.nullish().transform((v) => v ?? null);
const optId = id.nullish().transform((v) => v ?? null);

export const writebackPayloadSchema = z.object({
  type: z.string().min(1),
  version: z.literal(1, { error: '只支持版本 1 的事件' }),
  idempotencyKey: z.string().min(1),
  occurredAt: time,
  order: z.object({
    orderId: id,
    erpRef: text,
    status: text,
    status1688: text,
    seller: text,
    account: text,
    purchaser: text,
  }),
  shipment: z
    .object({
      logisticsId: optId,
      billNo: optId,
      carrierCode: text,
      carrierName: text,
      status: text,
      status1688: text,
      deliveredAt: optTime,
    })
    .nullish()
    .transform((v) => v ?? null),
  event: z
    .object({ remark: text, at: optTime, stage: text })
    .nullish()
    .transform((v) => v ?? null),
});

/** The payload as the outbox writes it (input side of the schema). */
export type WritebackPayload = z.input<typeof writebackPayloadSchema>;

/** Every parameter's value for one event. `type` is the row's type (it picks the template). */
export function bindingsFromPayload(payload: unknown, rowType?: string): Bindings {
  let raw = payload;
  if (typeof payload === 'string') {
    try {
      raw = JSON.parse(payload);
    } catch {
      throw new PayloadError('事件内容不是有效的 JSON');
    }
  }
  const r = writebackPayloadSchema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first && first.path.length ? `${first.path.join('.')}：` : '';
    throw new PayloadError(`事件内容无效（${path}${first?.message ?? '格式不符'}）`);
  }
  const p = r.data;
  const b: Bindings = {
    idempotencyKey: p.idempotencyKey,
    type: rowType ?? p.type,
    occurredAt: p.occurredAt,
    orderId: p.order.orderId,
    erpRef: p.order.erpRef,
    orderStatus: p.order.status,
    orderStatus1688: p.order.status1688,
    seller: p.order.seller,
    account: p.order.account,
    purchaser: p.order.purchaser,
    logisticsId: p.shipment?.logisticsId ?? null,
    billNo: p.shipment?.billNo ?? null,
    carrierCode: p.shipment?.carrierCode ?? null,
    carrierName: p.shipment?.carrierName ?? null,
    shipmentStatus: p.shipment?.status ?? null,
    shipmentStatus1688: p.shipment?.status1688 ?? null,
    deliveredAt: p.shipment?.deliveredAt ?? null,
    remark: p.event?.remark ?? null,
    eventAt: p.event?.at ?? null,
    stage: p.event?.stage ?? null,
  };
  return b;
}

/** The positional values for a compiled template, in the driver's order. */
export function bindValues(compiled: CompiledTemplate, bindings: Bindings): BoundValue[] {
  return compiled.names.map((n) => bindings[n]);
}

/** True for the names bound as times. */
export const isTimeParam = (n: ParamName) => TIME_PARAMS.has(n);

