// The one contract between the UI and the core: every method's input schema and output type,
// and every event. Used by electron/ipc.ts (IPC), electron/core/server (HTTP) and renderer/.
// Pure TypeScript + zod: no Node, no DOM.
import { z } from 'zod';
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

const orderId = z.string().trim().regex(/^\d{6,20}$/, '订单号应为 6–20 位数字');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

export interface ShipmentSummary {
  logisticsId: string;
  billNo: string | null;
  carrierCode: string | null;
  carrierName: string | null;
  status: ShipmentStatus;
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
   * The app's clock when this status was made. Relative times ("5 分钟前") count from it, so the
   * demo, whose clock runs faster than real time, never shows times in the future.
   */
  now?: IsoTime;
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
}

const accountName = z.string().trim().min(1, '名称不能为空').max(60, '名称最长 60 个字');
const accountId = z.number().int().positive();
const appKeyInput = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'AppKey 只能包含字母、数字、- 和 _');

export interface AccountStatus {
  /** Names of the accounts that need reconnecting (the frame says which). */
  needsReconnectAccounts?: string[];
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

// ── methods ───────────────────────────────────────────────────────────────────

const settingsPatch = z
  .object({
    language: z.enum(['zh-CN', 'en']),
    pollIntervalMinutes: z.number().int().min(5).max(24 * 60),
    discoveryIntervalMinutes: z.number().int().min(5).max(24 * 60),
    qps: z.number().min(0.2).max(10),
    notifyDelivered: z.boolean(),
    notifyAlerts: z.boolean(),
    quietHours: z.object({ enabled: z.boolean(), start: hhmm, end: hhmm }),
    stallWarnHours: z.number().int().min(1).max(24 * 30),
    stallAlertHours: z.number().int().min(1).max(24 * 30),
    businessDaysForStalls: z.boolean(),
    defaultDeliveryDays: z.number().int().min(1).max(60),
    erpWebhookUrl: z.string().url().max(2000).nullable(),
    erpWebhookSecret: z.string().min(8).max(500).nullable(),
    erpStatusChangedEvents: z.boolean(),
    erpSql: z
      .object({
        dialect: z.enum(SQL_DIALECT_NAMES),
        templates: z.partialRecord(z.enum(OUTBOX_EVENT_TYPES), z.string().max(20_000)),
        statementTimeoutMs: z.number().int().min(500).max(120_000).optional(),
      })
      .strict()
      .nullable(),
    erpSqlConnectionString: z.string().min(1).max(2000).nullable(),
    oauthRedirectUri: z.string().url().max(2000).nullable(),
  })
  .partial()
  .strict();

const empty = z.object({}).strict().optional();

export const methods = {
  'orders.list': z
    .object({
      tab: z.enum(ORDER_TABS).default('all'),
      search: z.string().trim().max(100).optional(),
      /** Only this account's orders. */
      accountId: z.number().int().min(1).optional(),
      /** Only orders placed by this sub-account login (subBuyerLoginId). */
      purchaser: z.string().trim().min(1).max(100).optional(),
      sort: z.enum(ORDER_SORT_FIELDS).default('updatedAt'),
      dir: z.enum(['asc', 'desc']).default('desc'),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(50),
      includeArchived: z.boolean().default(false),
    })
    .strict(),
  'orders.get': z.object({ orderId }).strict(),
  'orders.add': z
    .object({
      /** Raw entries as typed or pasted; each is validated and reported on its own. */
      ids: z.array(z.string().max(200)).min(1).max(10_000),
    })
    .strict(),
  'orders.importFile': z
    .object({
      fileName: z.string().min(1).max(260),
      /** The file's bytes, base64. 20 MB at most. */
      contentBase64: z.string().max(28_000_000),
    })
    .strict(),
  'orders.archive': z.object({ orderId, archived: z.boolean() }).strict(),
  'shipments.refresh': z.object({ orderId }).strict(),
  'alerts.list': z
    .object({
      state: z.enum(['open', 'resolved']).default('open'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(200),
    })
    .strict(),
  'alerts.ack': z.object({ alertId: z.number().int().positive(), note: z.string().max(500).default('') }).strict(),
  'sync.status': empty,
  'sync.runNow': empty,
  'team.status': empty,
  'settings.get': empty,
  'settings.update': settingsPatch,
  'account.status': empty,
  'account.connect': z
    .object({
      appKey: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'AppKey 只能包含字母、数字、- 和 _'),
      appSecret: z.string().trim().min(1).max(256),
      accessToken: z.string().trim().min(1).max(512),
      refreshToken: z.string().trim().max(512).optional(),
    })
    .strict(),
  'account.startOAuth': z
    .object({
      appKey: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
      appSecret: z.string().trim().min(1).max(256),
      redirectUri: z.string().url().max(2000),
      /** The name of the account the authorisation adds (default: its 1688 login). */
      name: accountName.optional(),
    })
    .strict(),
  'accounts.list': empty,
  /** Adds an account from tokens (checked with the gateway before anything is saved). */
  'accounts.add': z
    .object({
      name: accountName,
      appKey: appKeyInput,
      appSecret: z.string().trim().min(1).max(256),
      accessToken: z.string().trim().min(1).max(512),
      refreshToken: z.string().trim().max(512).optional(),
    })
    .strict(),
  'accounts.rename': z.object({ id: accountId, name: accountName }).strict(),
  'accounts.pause': z.object({ id: accountId, paused: z.boolean() }).strict(),
  /** `deleteData` is required: the clerk chooses between keeping the orders for review and deleting them. */
  'accounts.remove': z.object({ id: accountId, deleteData: z.boolean() }).strict(),
  'account.completeOAuth': z.object({ code: z.string().min(1).max(512), state: z.string().min(1).max(128) }).strict(),
  'account.check': empty,
  'account.disconnect': empty,
  'export.file': z
    .object({
      format: z.enum(['csv', 'xlsx']),
      tab: z.enum(ORDER_TABS).default('all'),
      from: z.string().datetime().optional(),
      to: z.string().datetime().optional(),
    })
    .strict(),
  'outbox.list': z
    .object({
      state: z.enum(OUTBOX_STATES).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  'outbox.resend': z.object({ idempotencyKey: z.string().min(1).max(500) }).strict(),
  'outbox.discard': z.object({ idempotencyKey: z.string().min(1).max(500) }).strict(),
  /** Dry run: the statement and its bound values for a sample event; touches no database. */
  'erp.sqlPreview': z
    .object({
      dialect: z.enum(SQL_DIALECT_NAMES),
      template: z.string().min(1).max(20_000),
      eventType: z.enum(OUTBOX_EVENT_TYPES),
    })
    .strict(),
  /** Connects to the configured ERP database and runs SELECT 1. */
  'erp.sqlCheck': empty,
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]>;
export type ParsedInput<M extends MethodName> = z.output<(typeof methods)[M]>;

export interface MethodOutputs {
  'orders.list': { total: number; counts: Record<OrderTab, number>; rows: OrderSummary[] };
  'orders.get': OrderDetail;
  'orders.add': AddOrdersResult;
  'orders.importFile': ImportReport;
  'orders.archive': { ok: true };
  'shipments.refresh': OrderDetail;
  'alerts.list': { rows: AlertView[]; counts: { open: number; alert: number; warning: number; resolved: number } };
  'alerts.ack': AlertView;
  'sync.status': SyncStatus;
  'sync.runNow': SyncStatus;
  /** null: this desktop is not in a team. */
  'team.status': TeamStatusView | null;
  'settings.get': Settings;
  'settings.update': Settings;
  'account.status': AccountStatus;
  'account.connect': AccountStatus;
  'account.startOAuth': { authorizeUrl: string; state: string };
  'account.completeOAuth': AccountStatus;
  'accounts.list': AccountView[];
  'accounts.add': AccountView;
  'accounts.rename': AccountView;
  'accounts.pause': AccountView;
  'accounts.remove': { ok: true };
  'account.check': { ok: boolean; serverTime: IsoTime | null; skewMs: number | null; message: string };
  'account.disconnect': AccountStatus;
  'export.file': { fileName: string; mimeType: string; contentBase64: string; rows: number };
  'outbox.list': {
    rows: OutboxRowView[];
    /** Rows in the requested state (all rows without one). */
    total: number;
    counts: OutboxCounts;
    /** Where events go ('webhook'), or null when no ERP is configured (rows wait, pending). */
    target: string | null;
    /** Why events are not being sent although an ERP address is set (e.g. no secret), in Chinese. */
    targetProblem: string | null;
  };
  'outbox.resend': OutboxRowView;
  'outbox.discard': OutboxRowView;
  'erp.sqlPreview': SqlPreviewView;
  'erp.sqlCheck': { ok: boolean; message: string };
}
export type MethodOutput<M extends MethodName> = MethodOutputs[M];

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

// ── events (core → UI) ────────────────────────────────────────────────────────

export interface EventPayloads {
  'sync.progress': { done: number; total: number; phase: string };
  'sync.finished': { changedOrderIds: string[]; ok: boolean; newEvents: number };
  'alerts.changed': { open: number };
  /** A notification was clicked: open this order. */
  navigate: { orderId: string };
  /** A desktop notification, for the browser mode to show (Web Notifications or a toast). */
  notification: { kind: string; title: string; body: string; orderId?: string };
  'account.changed': AccountStatus;
  /** The ERP outbox's counts changed (badge: pending, failing, dead). */
  'outbox.changed': { pending: number; failing: number; dead: number };
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = [
  'sync.progress',
  'sync.finished',
  'alerts.changed',
  'navigate',
  'notification',
  'account.changed',
  'outbox.changed',
];

// ── errors ────────────────────────────────────────────────────────────────────

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'not_connected'
  | 'needs_reconnect'
  | 'gateway'
  | 'offline'
  | 'storage'
  | 'internal';

/** What every failed call returns/rejects with: a typed, clerk-readable error. */
export interface ContractError {
  code: ErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
}

export function isContractError(e: unknown): e is ContractError {
  return typeof e === 'object' && e !== null && typeof (e as ContractError).code === 'string' &&
    typeof (e as ContractError).message === 'string';
}

/** The object the preload (Electron) or the HTTP client (browser mode) puts on window.tracker. */
export interface TrackerApi {
  invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

