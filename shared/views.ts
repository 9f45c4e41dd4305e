// What the core shows the UI: the view types of orders, parcels, alerts, sync, settings, accounts
// and the ERP outbox. Part of the contract (shared/contract.ts re-exports it). Pure TypeScript:
// no Node, no DOM.
import type { OrderStatus, ShipmentStatus, Stage } from './domain';

// ── shared pieces ─────────────────────────────────────────────────────────────

/** ISO-8601 UTC string, e.g. 2026-11-29T02:07:54.000Z. */
export type IsoTime = string;

export const ORDER_TABS = [
  'all',
  'awaiting_payment',
  'awaiting_shipment',
  'in_transit',
  'out_for_delivery',
  'awaiting_pickup',
  'delivered',
  'exception',
  'returned',
  'cancelled',
] as const;
export type OrderTab = (typeof ORDER_TABS)[number];

export const ORDER_SORT_FIELDS = ['updatedAt', 'createdAt', 'lastEventAt', 'orderId', 'seller'] as const;
export type OrderSortField = (typeof ORDER_SORT_FIELDS)[number];

export const ALERT_RULES = [
  'not_shipped',
  'no_pickup_scan',
  'stalled',
  'delivery_problem',
  'waiting_at_station',
  'late',
  'returned',
  'waybill_changed',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];
export type AlertSeverity = 'warning' | 'alert';

export interface ShipmentSummary {
  logisticsId: string;
  billNo: string | null;
  carrierCode: string | null;
  carrierName: string | null;
  status: ShipmentStatus;
  /** 已收货: when the clerk marked the parcel received (optional only so that older fakes still type-check). */
  receivedAt?: IsoTime | null;
}

export interface OrderSummary {
  orderId: string;
  status: OrderStatus;
  status1688: string | null;
  seller: string | null;
  sellerLoginId: string | null;
  productSummary: string | null;
  createdAt: IsoTime | null;
  paidAt: IsoTime | null;
  totalFen: number | null;
  erpRef: string | null;
  source: 'discovered' | 'manual' | 'import';
  archived: boolean;
  shipments: ShipmentSummary[];
  lastEventAt: IsoTime | null;
  lastRemark: string | null;
  updatedAt: IsoTime;
  openAlerts: number;
  /** The 1688 account the order was bought with (memberId, and its name here); null: not known yet. */
  account?: { id: number; name: string; memberId: string | null } | null;
  /** The sub-account login that placed the order (subBuyerLoginId), when 1688 gives one. */
  purchaser?: string | null;
}

export interface TraceEventView {
  at: IsoTime;
  remark: string;
  stage: Stage;
}

export interface DeliveryEstimateView {
  expectedAt: IsoTime;
  basis: string;
  basisEn: string;
}

/** Why a parcel has its status (判定依据): the deciding step and rule, and what 1688's own status says. */
export interface StatusEvidenceView {
  /** Id of the deciding rule: a classifier rule, `status1688.<CODE>` when 1688's status decided, `no_steps`. */
  rule: string;
  /** What the rule means, for the clerk. */
  ruleText: { zh: string; en: string };
  decidedBy: 'text' | 'status1688' | 'none';
  /** The deciding step (the newest): its time and text. */
  stepAt: IsoTime | null;
  stepRemark: string | null;
  /** The text alone is not conclusive. */
  doubtful: boolean;
  /** 1688's parcel status (SIGN, NOGET, UNSIGN, CANCEL, TRANSPORT, ACCEPT, WAITACCEPT) and when it was read. */
  status1688: string | null;
  status1688ReadAt: IsoTime | null;
  /** Whether 1688's status agrees with the text. */
  witness: 'agrees' | 'contradicts' | 'unknown';
  /** A doubtful signing or return not applied yet: waiting for (or contradicted by) 1688's status. */
  held: boolean;
  /** The node the newest push announced for the parcel (SIGN, AGENT_SIGN, FAILED …; null: none), when it was reached, and whether it agrees with the text (a hint: it never decides). */
  pushStatus?: string | null;
  pushAt?: IsoTime | null;
  pushWitness?: 'agrees' | 'contradicts' | 'unknown';
}

export interface ParcelDetail extends ShipmentSummary {
  previousBillNo: string | null;
  status1688: string | null;
  origin: string | null;
  destination: string | null;
  shippedAt: IsoTime | null;
  deliveredAt: IsoTime | null;
  lastPolledAt: IsoTime | null;
  nextPollAt: IsoTime | null;
  lastError: string | null;
  estimate: DeliveryEstimateView | null;
  /** Why the parcel has its status; null until it is first judged (optional only so that older fakes still type-check). */
  evidence?: StatusEvidenceView | null;
  /** Newest first. */
  events: TraceEventView[];
}

export interface AlertView {
  id: number;
  rule: AlertRule;
  severity: AlertSeverity;
  orderId: string;
  logisticsId: string | null;
  billNo: string | null;
  message: string;
  messageEn: string;
  openedAt: IsoTime;
  resolvedAt: IsoTime | null;
  ackedAt: IsoTime | null;
  ackNote: string | null;
  lastRemark: string | null;
}

export interface OrderDetail extends OrderSummary {
  shippingFeeFen: number | null;
  buyerLoginId: string | null;
  /** Why 1688 would not describe this order (e.g. no active account knows it); null when it did. */
  lastError?: string | null;
  parcels: ParcelDetail[];
  alerts: AlertView[];
}

export interface SyncRunView {
  startedAt: IsoTime;
  finishedAt: IsoTime | null;
  ok: boolean;
  calls: number;
  errors: number;
  newEvents: number;
}

export type SyncState = 'not_connected' | 'idle' | 'syncing' | 'offline' | 'needs_reconnect' | 'paused';

/** Team mode: who polls each 1688 account and how far behind this desktop's replica is. */
export interface TeamStatusView {
  member: string;
  accounts: { id: string; role: 'leader' | 'follower'; leaseHolder: string | null; fencingToken: number | null }[];
  /** The last change-log entry applied here. */
  cursor: number;
  lagMs: number;
  /** Clerk actions done here and not yet confirmed by the team database. */
  pendingOps: number;
  online: boolean;
}

export interface SyncStatus {
  state: SyncState;
  lastRun: SyncRunView | null;
  nextRunAt: IsoTime | null;
  progress: { done: number; total: number; phase: string } | null;
  /** When the gateway was last reachable (the data is as of then). */
  dataAsOf: IsoTime | null;
  offlineSince: IsoTime | null;
  /** A clerk-facing sentence for the current problem, in Chinese. */
  message: string | null;
  demo: boolean;
  /**
   * The 1688 push channel (实时消息): `live` while pushes arrive (the status bar says 实时, polls
   * stretch), else the tracker is polling alone (轮询). Absent from older cores.
   */
  channel?: PushChannelStatus;
  /**
   * The app's clock when this status was made. Relative times ("5 分钟前") count from it, so the
   * demo, whose clock runs faster than real time, never shows times in the future.
   */
  now?: IsoTime;
}

export type PushChannelState = 'off' | 'connecting' | 'live' | 'down';

export interface PushChannelStatus {
  state: PushChannelState;
  /** Switched on in 设置 (实时消息). */
  enabled: boolean;
  since: IsoTime;
  /** Why it is not live, in Chinese, else null. */
  message: string | null;
}

export interface Settings {
  language: 'zh-CN' | 'en';
  pollIntervalMinutes: number;
  discoveryIntervalMinutes: number;
  qps: number;
  notifyDelivered: boolean;
  notifyAlerts: boolean;
  quietHours: { enabled: boolean; start: string; end: string };
  stallWarnHours: number;
  stallAlertHours: number;
  businessDaysForStalls: boolean;
  defaultDeliveryDays: number;
  /**
   * 1688's parcel status is read again for a parcel waiting at a station, before pickup or after a
   * failed attempt this many hours (default 24), then at most every `witnessRecheckHours` (default
   * 6). Always present in what the core returns; optional only so that older fakes still type-check.
   */
  witnessStuckHours?: number;
  witnessRecheckHours?: number;
  erpWebhookUrl: string | null;
  erpWebhookHasSecret: boolean;
  /**
   * Also send `shipment.status_changed` for every parcel status change (default false). Always
   * present in what the core returns; optional only so that older fakes still type-check.
   */
  erpStatusChangedEvents?: boolean;
  /**
   * SQL write-back into the ERP's own database (instead of the webhook when set). The
   * connection string is a secret: only whether it is set is ever reported.
   */
  erpSql?: ErpSqlSettings | null;
  erpSqlHasConnectionString?: boolean;
  /**
   * The OAuth redirect URI registered for the app on the 1688 open platform (1688 redirects only
   * there). Null: this app's own callback. The desktop OAuth window intercepts it either way.
   */
  oauthRedirectUri?: string | null;
  /** 实时消息: take 1688 push messages over the WebSocket channel (default on). */
  pushEnabled?: boolean;
  /** The channel's address; null: 1688's (ws://message.1688.com/websocket). TRACKER_PUSH_URL overrides. */
  pushUrl?: string | null;
  /** Read-only: where the database lives. */
  dataDir: string;
}

export const SQL_DIALECT_NAMES = ['postgres', 'mysql', 'mssql'] as const;
export type SqlDialectName = (typeof SQL_DIALECT_NAMES)[number];

export interface ErpSqlSettings {
  dialect: SqlDialectName;
  /** One parameterised statement per event type, with :named parameters only. */
  templates: Partial<Record<OutboxEventType, string>>;
  statementTimeoutMs?: number;
}

export interface SqlPreviewView {
  eventType: OutboxEventType;
  dialect: SqlDialectName;
  /** The statement as the driver receives it ($1 / ? / @p1 placeholders). */
  text: string;
  params: { position: number; placeholder: string; name: string; value: string | null; kind: string }[];
}

/** One connected 1688 account (设置 → 1688 账号). Secrets are never part of it. */
export interface AccountView {
  /** 0 for the implicit account (credentials from TRACKER_* variables, nothing saved). */
  id: number;
  name: string;
  appKey: string;
  memberId: string | null;
  loginId: string | null;
  method: 'oauth' | 'token';
  state: 'active' | 'paused' | 'needs_reconnect';
  accessTokenExpiresAt: IsoTime | null;
  refreshTokenExpiresAt: IsoTime | null;
  lastSyncAt: IsoTime | null;
  orders: number;
  implicit: boolean;
  /** The refresh token ends within 14 days (soon), 3 days (urgent), or has ended: re-authorise. */
  tokenWarning: 'soon' | 'urgent' | 'expired' | null;
  /**
   * Team mode: an account of the team whose credentials are on other members' desktops (these
   * members); this desktop follows it and never polls it. Absent for this desktop's own accounts.
   */
  teamHolders?: string[];
}

export interface AccountStatus {
  /** Names of the accounts that need reconnecting (the frame says which). */
  needsReconnectAccounts?: string[];
  /** Accounts whose authorisation ends within 14 days (the frame flags them). */
  tokenExpiring?: { name: string; refreshTokenExpiresAt: IsoTime; daysLeft: number }[];
  connected: boolean;
  method: 'oauth' | 'token' | null;
  appKey: string | null;
  loginId: string | null;
  memberId: string | null;
  accessTokenExpiresAt: IsoTime | null;
  refreshTokenExpiresAt: IsoTime | null;
  hasRefreshToken: boolean;
  needsReconnect: boolean;
  demo: boolean;
}

export const OUTBOX_STATES = ['pending', 'delivered', 'dead', 'discarded'] as const;
/** pending: waiting or retrying · delivered: the ERP answered 2xx · dead: refused (4xx), waits for
 * the clerk · discarded: a dead row the clerk gave up on (kept as history). */
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const OUTBOX_EVENT_TYPES = [
  'shipment.delivered',
  'shipment.exception',
  'shipment.returned',
  'order.delivered',
  'shipment.status_changed',
  'shipment.received',
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

/** One ERP event in the outbox. */
export interface OutboxRowView {
  idempotencyKey: string;
  type: OutboxEventType;
  state: OutboxState;
  attempts: number;
  /** The last failure (HTTP status and up to 500 characters of the answer), clerk-readable. */
  lastError: string | null;
  lastStatus: number | null;
  /** When the next attempt is due (pending rows only). */
  nextAttemptAt: IsoTime | null;
  createdAt: IsoTime;
  deliveredAt: IsoTime | null;
  orderId: string;
  /** Null for order-level events. */
  logisticsId: string | null;
  /** The parcel's waybill now (optional only so that older fakes still type-check). */
  billNo?: string | null;
  /** A pending row held back by a dead row of the same parcel/order: that row's key. */
  blockedBy: string | null;
}

export interface OutboxCounts {
  pending: number;
  /** Pending rows that have failed at least once. */
  failing: number;
  dead: number;
  delivered: number;
  discarded: number;
  /** Pending rows held back by a dead row. */
  blocked: number;
}

export interface AddOrdersResult {
  added: string[];
  existing: string[];
  rejected: { input: string; reason: string }[];
}

export interface ImportReport extends AddOrdersResult {
  totalRows: number;
  /** Rows with a problem, 1-based as a spreadsheet shows them. */
  rowErrors: { row: number; value: string; reason: string }[];
}
