// Runs in: main process / headless Node. The push channel's frames and messages (1688-open-api.md
// §11) and the replay APIs' answers: lenient zod schemas and normalisers to the tracker's own
// PushMessage, a hint that names an order (never data of record). Big ids stay exact (schemas.ts).
import { z } from 'zod';
import { Envelope, Flag, Scalar, idText, num, parseWith, quoteBigIntegers, text, time, type ScalarValue } from './schemas';


/** One channel frame (§11.1). Every field optional; `content` is a JSON string. */
export const PushFrameSchema = z.looseObject({
  type: z.string().max(64).nullish(),
  appKey: Scalar,
  id: Scalar,
  pubTime: Scalar,
  sign: Scalar,
  content: z.string().nullish(),
  msgSource: Scalar,
});
export type PushFrame = z.infer<typeof PushFrameSchema>;

const PushEnvelopeSchema = z.looseObject({
  msgId: Scalar,
  gmtBorn: Scalar,
  type: Scalar,
  userInfo: Scalar,
  // A message without data (e.g. AUTHORIZATION_CANCEL, payload undocumented) is still a message.
  data: z.unknown().optional(),
  bizKey: Scalar,
});

const OrderLogsItemSchema = z.looseObject({ orderId: Scalar, orderEntryId: Scalar });
const TracingModelSchema = z.looseObject({
  logisticsId: Scalar,
  cpCode: Scalar,
  mailNo: Scalar,
  statusChanged: Scalar,
  changeTime: Scalar,
  orderLogsItems: z.array(OrderLogsItemSchema).nullish(),
});
const MailNoChangeSchema = z.looseObject({
  logisticsId: Scalar,
  newMailNo: Scalar,
  oldMailNo: Scalar,
  eventTime: Scalar,
  orderLogsItems: z.array(OrderLogsItemSchema).nullish(),
});
const OrderDataSchema = z.looseObject({ orderId: Scalar, currentStatus: Scalar, msgSendTime: Scalar, buyerMemberId: Scalar });

/** A push message as the tracker uses it: a hint that names an order (never data of record). */
export interface PushMessage {
  msgId: string;
  topic: string;
  /** epoch ms; null when absent or unreadable. */
  bornAt: number | null;
  memberId: string | null;
  /** Orders the message names (a parcel may carry several). */
  orderIds: string[];
  logisticsId: string | null;
  /** LOGISTICS_BUYER_VIEW_TRACE: the node reached (SIGN, AGENT_SIGN, FAILED …), a status witness. */
  statusChanged: string | null;
  /** When the message says the change happened (epoch ms). */
  changedAt: number | null;
}

const ORDER_ID_TEXT = /^\d{6,20}$/;

function objectOf(v: unknown): Record<string, unknown> | null {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(quoteBigIntegers(v));
    } catch {
      return null;
    }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * The envelope inside a push (or one row of a replay page), or null for what is not a message
 * (no msgId or topic). Accepts the `{message: {...}}` shape one consumer reads, `data` as an
 * object or a JSON string, and ids of any length (big ones were quoted before parsing).
 */
export function normalisePushMessage(raw: unknown): PushMessage | null {
  let obj = objectOf(raw);
  if (obj && obj.msgId === undefined && obj.message !== undefined) obj = objectOf(obj.message);
  const env = PushEnvelopeSchema.safeParse(obj ?? undefined);
  if (!env.success) return null;
  const msgId = idText(env.data.msgId);
  const topic = text(env.data.type);
  if (!msgId || !topic || msgId.length > 64 || topic.length > 100) return null;
  const data = objectOf(env.data.data) ?? {};
  const orderIds = new Set<string>();
  const addOrder = (v: ScalarValue) => {
    const id = idText(v);
    if (id && ORDER_ID_TEXT.test(id)) orderIds.add(id);
  };
  let logisticsId: string | null = null;
  let statusChanged: string | null = null;
  let changedAt: number | null = null;
  const tracing = TracingModelSchema.safeParse(data.OrderLogisticsTracingModel);
  const mailNo = MailNoChangeSchema.safeParse(data.MailNoChangeModel);
  const order = OrderDataSchema.safeParse(data);
  if (tracing.success) {
    logisticsId = text(tracing.data.logisticsId);
    statusChanged = text(tracing.data.statusChanged)?.toUpperCase() ?? null;
    changedAt = time(tracing.data.changeTime);
    for (const it of tracing.data.orderLogsItems ?? []) addOrder(it.orderId);
  } else if (mailNo.success) {
    logisticsId = text(mailNo.data.logisticsId);
    changedAt = time(mailNo.data.eventTime);
    for (const it of mailNo.data.orderLogsItems ?? []) addOrder(it.orderId);
  }
  if (order.success) {
    addOrder(order.data.orderId);
    changedAt ??= time(order.data.msgSendTime);
  }
  return {
    msgId,
    topic,
    bornAt: time(env.data.gmtBorn),
    memberId: text(env.data.userInfo) ?? (order.success ? text(order.data.buyerMemberId) : null),
    orderIds: [...orderIds].slice(0, 20),
    logisticsId: logisticsId && logisticsId.length <= 64 ? logisticsId : null,
    statusChanged,
    changedAt,
  };
}

const PushPageSchema = z.looseObject({
  ...Envelope,
  pushMessagePage: z.looseObject({ datas: z.array(z.unknown()).nullish(), totalCount: Scalar }).nullish(),
  // Optional: zod 4's bare z.unknown() is a required key, and 1688 answers without `result`.
  result: z.unknown().optional(),
});

/** push.query.messageList → the page's messages (unreadable rows dropped) and the total. */
export function normalisePushMessagePage(body: unknown): { messages: PushMessage[]; totalCount: number; dropped: number } {
  const parsed = parseWith(PushPageSchema, body, 'push.query.messageList');
  const page = parsed.pushMessagePage ?? (objectOf(parsed.result)?.pushMessagePage as typeof parsed.pushMessagePage);
  const rows = page?.datas ?? [];
  const messages: PushMessage[] = [];
  for (const r of rows) {
    const m = normalisePushMessage(r);
    if (m) messages.push(m);
  }
  return { messages, totalCount: num(page?.totalCount) ?? messages.length, dropped: rows.length - messages.length };
}

const PushConfirmSchema = z.looseObject({ ...Envelope, isSuccess: Flag, result: z.unknown().optional() });

/** push.message.confirm → whether 1688 took the confirmation. */
export function normalisePushConfirm(body: unknown): boolean {
  const parsed = parseWith(PushConfirmSchema, body, 'push.message.confirm');
  const flag = parsed.isSuccess ?? (objectOf(parsed.result)?.isSuccess as ScalarValue | boolean);
  return flag === true || (typeof flag === 'string' && flag.trim().toLowerCase() === 'true');
}
