// Runs in: main process / headless Node.
// What travels through the team's change log, and the one schema every replica parses each row
// with before it touches SQLite. A row that fails is refused with a message naming its sequence
// number and field, and replication goes on with the next row: a hostile or malformed value in a
// shared field never reaches the local database and never stops the others.
//
// Rows are keyed by 1688's identifiers (order id, logistics id, a step's time and text, an
// alert's subject/rule/opening time); a shipment subject is `s:<orderId>/<logisticsId>` in the
// team and `s:<local shipment id>` in a desktop's SQLite.
import { z } from 'zod';
import { ALERT_RULES } from '../../../shared/contract';
import { ORDER_STATUSES, SHIPMENT_STATUSES, STAGES } from '../../../shared/domain';

const id1688 = z.string().regex(/^[0-9]{1,30}$/, '1688 id must be digits');
const logisticsId = z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'logistics id must be printable ASCII');
const ms = z.number().int().min(0).max(8_640_000_000_000_000);
const text = (max = 2_000) => z.string().max(max);
const nText = (max = 2_000) => text(max).nullable();
const nMs = ms.nullable();
const nInt = z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000).nullable();
/** A 1688 member id (the team's name for an account). */
export const accountKey = z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'account must be a 1688 member id');

export const orderRowSchema = z.strictObject({
  status: z.enum(ORDER_STATUSES),
  status_1688: nText(64),
  seller_login_id: nText(200),
  seller_company: nText(),
  seller_contact: nText(),
  buyer_login_id: nText(200),
  total_fen: nInt,
  shipping_fee_fen: nInt,
  created_at: nMs,
  paid_at: nMs,
  modified_at: nMs,
  product_summary: nText(),
  source: z.enum(['discovered', 'manual', 'import']),
  raw_json: nText(1_000_000),
  detail_fetched_at: nMs,
  parcels_checked_at: nMs,
  next_parcel_check_at: nMs,
  last_error: nText(),
  last_event_at: nMs,
  last_remark: nText(),
  first_seen_at: ms,
  updated_at: ms,
  purchaser: nText(200),
});
export type TeamOrderRow = z.infer<typeof orderRowSchema>;
export const ORDER_COLUMNS = Object.keys(orderRowSchema.shape) as (keyof TeamOrderRow)[];

export const shipmentRowSchema = z.strictObject({
  bill_no: nText(64),
  previous_bill_no: nText(64),
  carrier_code: nText(64),
  carrier_name: nText(200),
  status: z.enum(SHIPMENT_STATUSES),
  status_1688: nText(64),
  origin_province: nText(64),
  origin_city: nText(64),
  dest_province: nText(64),
  dest_city: nText(64),
  shipped_at: nMs,
  last_event_at: nMs,
  last_remark: nText(),
  last_stage: z.enum(STAGES).nullable(),
  event_count: z.number().int().min(0).max(100_000),
  delivered_at: nMs,
  status_changed_at: nMs,
  next_poll_at: nMs,
  done: z.union([z.literal(0), z.literal(1)]),
  last_polled_at: nMs,
  poll_failures: z.number().int().min(0).max(1_000_000),
  last_error: nText(),
  raw_json: nText(1_000_000),
  first_seen_at: ms,
  updated_at: ms,
  // why the parcel has its status (SQLite migration 5: JSON written by tracking/parcelEvidence.ts)
  evidence: nText(4_000),
  status_1688_at: nMs,
  // the scorecard's facts from its steps (migration 10), as the poller's triggers left them
  first_scan_at: nMs,
  problems: z.number().int().min(0).max(7),
  last_problem_at: nMs,
});
export type TeamShipmentRow = z.infer<typeof shipmentRowSchema>;
export const SHIPMENT_COLUMNS = Object.keys(shipmentRowSchema.shape) as (keyof TeamShipmentRow)[];

export const stepSchema = z.strictObject({
  occurred_at: ms,
  remark: text(2_000).min(1),
  stage: z.enum(STAGES),
  first_seen_at: ms,
});
export type TeamStep = z.infer<typeof stepSchema>;

export const alertRowSchema = z.strictObject({
  severity: z.enum(['warning', 'alert']),
  message: text(),
  message_en: text(),
  resolved_at: nMs,
  updated_at: ms,
});
export type TeamAlertRow = z.infer<typeof alertRowSchema>;

export const teamChangeSchema = z.discriminatedUnion('entity', [
  z.strictObject({
    entity: z.literal('order'),
    id: id1688,
    account: accountKey.nullable(),
    row: orderRowSchema,
    archived: z.boolean(),
    erpRef: nText(200),
  }),
  /** receivedAt is the clerks' (已收货, migration 6): the first mark in the team stays, never undone. */
  z.strictObject({ entity: z.literal('shipment'), orderId: id1688, logisticsId, row: shipmentRowSchema, receivedAt: nMs }),
  z.strictObject({ entity: z.literal('steps'), orderId: id1688, logisticsId, steps: z.array(stepSchema).max(5_000) }),
  z.strictObject({
    entity: z.literal('alert'),
    orderId: id1688,
    logisticsId: logisticsId.nullable(),
    rule: z.enum(ALERT_RULES),
    openedAt: ms,
    row: alertRowSchema,
    ackedAt: nMs,
    ackNote: nText(2_000),
    ackedBy: nText(64),
  }),
  /** An account of the team (teamAccounts.ts): shown facts only, never a secret. */
  z.strictObject({
    entity: z.literal('account'),
    id: accountKey,
    name: z.string().min(1).max(60).regex(/^[^\u0000-\u001f\u007f]+$/, 'account name must not contain control characters'),
    appKey: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'AppKey must be letters and digits'),
    loginId: nText(200),
    method: z.enum(['oauth', 'token']),
    holders: z
      .array(z.strictObject({ member: z.string().min(1).max(64), state: z.enum(['active', 'paused', 'needs_reconnect', 'removed']) }))
      .max(64),
  }),
  z.strictObject({ entity: z.literal('setting'), key: z.string().regex(/^[A-Za-z0-9_.]{1,64}$/), value: z.json() }),
  /** The outcome of a clerk action, so the desktop that queued it can stop showing it as pending. */
  z.strictObject({
    entity: z.literal('action'),
    key: z.string().min(8).max(80),
    member: z.string().min(1).max(64),
    ok: z.boolean(),
    error: nText(500),
  }),
]);
export type TeamChange = z.infer<typeof teamChangeSchema>;

/** The team's subject of an alert: the order, or the parcel by its 1688 identifiers. */
export function teamSubject(orderId: string, logisticsId: string | null): string {
  return logisticsId === null ? `o:${orderId}` : `s:${orderId}/${logisticsId}`;
}

export class MalformedChangeError extends Error {
  readonly code = 'team_malformed_change';
  constructor(
    readonly seq: number,
    detail: string,
  ) {
    super(`团队变更 #${seq} 格式不正确，已跳过：${detail} (Team change #${seq} is malformed and was skipped: ${detail})`);
  }
}

/** Parses one change-log row; throws MalformedChangeError naming the field that failed. */
export function parseChange(seq: number, data: unknown): TeamChange {
  const r = teamChangeSchema.safeParse(data);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first ? `${first.path.join('.') || '(row)'}: ${first.message}` : 'invalid';
  throw new MalformedChangeError(seq, where);
}
