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
}

const accountName = z.string().trim().min(1, '名称不能为空').max(60, '名称最长 60 个字');
const accountId = z.number().int().positive();
const appKeyInput = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'AppKey 只能包含字母、数字、- 和 _');

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


// ── the purchasing desk ───────────────────────────────────────────────────────

/** One step found by `traces.search`, with the parcel it belongs to. */
export interface TraceHitView {
  orderId: string;
  logisticsId: string;
  billNo: string | null;
  carrierName: string | null;
  seller: string | null;
  status: ShipmentStatus;
  receivedAt: IsoTime | null;
  at: IsoTime;
  remark: string;
  stage: Stage;
  /** Where the search's words are in `remark`: [start, end) in UTF-16 units, sorted. Render as text. */
  highlights: [number, number][];
}

export interface ArrivalParcelBase {
  orderId: string;
  logisticsId: string;
  billNo: string | null;
  carrierName: string | null;
  seller: string | null;
}

export interface ExpectedArrival extends ArrivalParcelBase {
  expectedAt: IsoTime;
  /** What the estimate rests on (同线路 …), in Chinese; basisEn in English. */
  basis: string;
  basisEn: string;
  day: 'today' | 'tomorrow';
  status: ShipmentStatus;
}

export interface OutForDeliveryArrival extends ArrivalParcelBase {
  since: IsoTime | null;
  remark: string | null;
}

export interface WaitingArrival extends ArrivalParcelBase {
  /** Parsed from the trace text; null when it names none. */
  station: string | null;
  address: string | null;
  pickupCode: string | null;
  kind: 'locker' | 'station' | null;
  /** Parcels with the same key wait at the same place (one trip collects them). */
  stationKey: string;
  since: IsoTime | null;
  /** The step the station was read from (carrier text: render as text). */
  remark: string | null;
}

export interface ArrivalsView {
  /** The app's clock when the list was made; "today" is its local day. */
  now: IsoTime;
  expected: ExpectedArrival[];
  outForDelivery: OutForDeliveryArrival[];
  waiting: WaitingArrival[];
}

export interface ReceivedResult {
  orderId: string;
  logisticsId: string;
  receivedAt: IsoTime;
  /** It had been marked received before (nothing changed, no second ERP event). */
  alreadyReceived: boolean;
  /** 'recorded': a `shipment.received` event is in the outbox; 'no_erp': no ERP is configured. */
  erpEvent: 'recorded' | 'already_recorded' | 'no_erp';
  closedAlerts: number;
}

export const BOOK_SORTS = ['age', 'value', 'seller', 'status'] as const;
export type BookSort = (typeof BOOK_SORTS)[number];

export interface InTransitRow {
  orderId: string;
  seller: string | null;
  status: OrderStatus;
  totalFen: number | null;
  /** Paid (or created when not paid) — the age counts from it. */
  since: IsoTime | null;
  ageHours: number | null;
  parcels: number;
  received: number;
  billNos: string[];
}

export interface InTransitTotal {
  key: string;
  orders: number;
  valueFen: number;
}

export interface InTransitBook {
  now: IsoTime;
  total: { orders: number; valueFen: number };
  byStatus: InTransitTotal[];
  /** Largest value first. */
  bySupplier: InTransitTotal[];
  /** The rows asked for (offset, limit), in the order asked. */
  rows: InTransitRow[];
}

/** One seller's figures over a period; a figure below its minimum sample is null. */
export interface SupplierScore {
  seller: string;
  orders: number;
  parcels: number;
  /** Delivered parcels: what transit times and the on-time rate rest on. */
  samples: number;
  shipSamples: number;
  firstScanSamples: number;
  shipP50Hours: number | null;
  shipP80Hours: number | null;
  firstScanP50Hours: number | null;
  firstScanP80Hours: number | null;
  transitP50Hours: number | null;
  transitP80Hours: number | null;
  onTimeRate: number | null;
  exceptionRate: number | null;
  failedAttemptRate: number | null;
  returnRate: number | null;
  neverPickedUpRate: number | null;
  lastProblemAt: IsoTime | null;
  /** Per week of the period (order creation): parcels and transit P50 (null below the minimum). */
  trend: { weekStart: IsoTime; parcels: number; transitP50Hours: number | null }[];
}

export interface SupplierScorecard {
  from: IsoTime;
  to: IsoTime;
  /** Fewest samples a figure is shown for. */
  minSamples: number;
  rows: SupplierScore[];
  /** Problem parcels per carrier over the same period, the carrier with the most first. */
  byCarrier: CarrierProblems[];
}

/** A carrier's parcels in a period and how many had each problem (a parcel may have several). */
export interface CarrierProblems {
  /** The carrier's name as the parcels show it ('—' when unknown). */
  carrier: string;
  parcels: number;
  exceptions: number;
  failedAttempts: number;
  /** Returning or returned. */
  returns: number;
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
    witnessStuckHours: z.number().int().min(1).max(24 * 14),
    witnessRecheckHours: z.number().int().min(1).max(24 * 7),
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
    pushEnabled: z.boolean(),
    pushUrl: z
      .string()
      .max(500)
      .regex(/^wss?:\/\/[^\s]+$/, 'ws:// 或 wss:// 地址')
      .nullable(),
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
      /** The account that bought them. Absent: the active accounts try each order in turn. */
      accountId: z.number().int().min(1).optional(),
    })
    .strict(),
  'orders.importFile': z
    .object({
      fileName: z.string().min(1).max(260),
      /** The file's bytes, base64. 20 MB at most. */
      contentBase64: z.string().max(28_000_000),
      /** As for orders.add. */
      accountId: z.number().int().min(1).optional(),
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
  /** 设置 → 团队: join the team's PostgreSQL (the URL's password goes to the SecretStore only). */
  'team.join': z
    .object({
      databaseUrl: z
        .string()
        .trim()
        .min(1, '请填写团队数据库地址')
        .max(2_000)
        .regex(/^postgres(ql)?:\/\/[^/\s]+/i, '团队数据库地址应形如 postgres://用户@主机:5432/库名 (postgres://user@host:5432/db)'),
      member: z
        .string()
        .trim()
        .regex(/^[\p{L}\p{N}_.@-]{1,64}$/u, '成员名只能包含字母、数字、_ . @ -，最多 64 个字符 (letters, digits, _ . @ -; at most 64)'),
      tls: z.enum(['disable', 'require', 'verify-full']).default('require'),
      /** PEM of the CA to trust with verify-full (the system's CAs otherwise). */
      caPem: z
        .string()
        .max(20_000)
        .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/, 'CA 证书应为 PEM 格式 (the CA must be a PEM certificate)')
        .nullable()
        .default(null),
    })
    .strict(),
  'team.leave': empty,
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
  /** Extends the account's authorisation (postponeToken); refused with a clear error when 1688 will not: then authorise again. */
  'accounts.renew': z.object({ id: accountId }).strict(),
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
  /** Steps whose text holds every word (split at spaces), newest first. */
  'traces.search': z
    .object({
      text: z.string().trim().min(2, '请至少输入 2 个字').max(100),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
  'arrivals.list': empty,
  'arrivals.export': z.object({ format: z.enum(['csv', 'xlsx']) }).strict(),
  /** 已收货: the clerk has the parcel. Idempotent; sends `shipment.received` to the ERP once. */
  'shipments.markReceived': z.object({ orderId, logisticsId: z.string().trim().min(1).max(64) }).strict(),
  'inTransit.book': z
    .object({
      sort: z.enum(BOOK_SORTS).default('age'),
      dir: z.enum(['asc', 'desc']).default('desc'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict()
    .optional(),
  'inTransit.export': z.object({ format: z.enum(['csv', 'xlsx']) }).strict(),
  /** Orders created in [from, to); default the last 90 days. */
  'suppliers.scorecard': z
    .object({ from: z.string().datetime().optional(), to: z.string().datetime().optional() })
    .strict()
    .optional(),
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
  /** uploaded: this desktop's records the team did not have yet. */
  'team.join': TeamStatusView & { uploaded: number };
  /** unsent: clerk actions that never reached the team; they stay in this desktop's copy only. */
  'team.leave': { unsent: number };
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
  'accounts.renew': AccountView;
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
  'traces.search': { rows: TraceHitView[]; more: boolean };
  'arrivals.list': ArrivalsView;
  'arrivals.export': { fileName: string; mimeType: string; contentBase64: string; rows: number };
  'shipments.markReceived': ReceivedResult;
  'inTransit.book': InTransitBook;
  'inTransit.export': { fileName: string; mimeType: string; contentBase64: string; rows: number };
  'suppliers.scorecard': SupplierScorecard;
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
  /** The push channel changed state (实时 / 轮询). */
  'sync.channel': PushChannelStatus;
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
  'sync.channel',
];

// ── errors ────────────────────────────────────────────────────────────────────

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'not_connected'
  | 'needs_reconnect'
  /** The order's 1688 account is paused: nothing of it is read until it is resumed. */
  | 'account_paused'
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

