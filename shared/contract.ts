// The one contract between the UI and the core: every method's input schema and output type,
// and every event. Used by electron/ipc.ts (IPC), electron/core/server (HTTP) and renderer/.
// Pure TypeScript + zod: no Node, no DOM.
import { z } from 'zod';
import { ORDER_SORT_FIELDS, ORDER_TABS, OUTBOX_EVENT_TYPES, OUTBOX_STATES, SQL_DIALECT_NAMES } from './views';
import type {
  AccountStatus,
  AccountView,
  AddOrdersResult,
  AlertView,
  ImportReport,
  IsoTime,
  OrderDetail,
  OrderSummary,
  OrderTab,
  OutboxCounts,
  OutboxRowView,
  PushChannelStatus,
  Settings,
  SqlPreviewView,
  SyncStatus,
  TeamStatusView,
} from './views';
import { BOOK_SORTS } from './deskViews';
import type { ArrivalsView, InTransitBook, ReceivedResult, SupplierScorecard, TraceHitView } from './deskViews';

export * from './views';
export * from './deskViews';

const orderId = z.string().trim().regex(/^\d{6,20}$/, '订单号应为 6–20 位数字');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

const accountName = z.string().trim().min(1, '名称不能为空').max(60, '名称最长 60 个字');
const accountId = z.number().int().positive();
const appKeyInput = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'AppKey 只能包含字母、数字、- 和 _');

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
  /** Settings changed other than through this window (a team's alert thresholds from another desk). */
  'settings.changed': { keys: string[] };
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
  'settings.changed',
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

