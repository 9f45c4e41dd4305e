// Runs in: main process / headless Node.
// Builds the core from its parts and the services the shell passes in (secrets, notifier,
// clock, logger). Electron, the browser mode and the CLI all start here.
import { ZodError } from 'zod';
import { isMethodName, methods, type MethodName, type MethodOutput, type ParsedInput, type TeamStatusView } from '../../../shared/contract';
import { createAccount, identifyCredentials } from '../account';
import { createAccountSync, type AccountSync } from '../accounts/accountSync';
import { bindDatabaseToGateway } from '../accounts/gatewayBinding';
import { recordTokenNotices } from '../accounts/tokenWatch';
import { createAli1688Client, type Ali1688Client, type Credentials } from '../ali1688/client';
import { GatewayError } from '../ali1688/errors';
import { createOutboxHook, createOutboxRepo, type OutboxRepo } from '../erp/outbox';
import { createSqlTarget, SqlWritebackConfigError, type SqlTarget } from '../erp/sqlWriteback';
import { createErpDispatcher, createWebhookTarget, type ErpDispatcher, type ErpTarget } from '../erp/webhookDispatcher';
import { createAlertService } from '../tracking/alertService';
import { createDeliveryEstimator } from '../tracking/estimator';
import { silentLogger, systemClock, type Clock, type Logger, type Notifier, type SecretStore } from '../ports';
import { createSettings } from '../settings';
import { openStore, type Store } from '../store';
import { asStorageError, StorageError } from '../store/database';
import { createRateLimiter, type RateLimiter } from '../sync/rateLimiter';
import { createSyncScheduler } from '../sync/scheduler';
import { createSyncEngine, type SyncHooks } from '../sync/syncEngine';
import { DEFAULT_PUSH_URL, type ChannelSocket, type ChannelTimers } from '../push/channel';
import { createPushService, type PushService } from '../push/pushService';
import { createHandlers, type Handlers } from './handlers';
import { recordReceivedEvent } from './desk';
import { CoreError, createTrackerEvents, type TrackerCore } from './types';

export const DEFAULT_GATEWAY_URL = 'https://gw.open.1688.com/openapi';
export const DEFAULT_AUTHORIZE_URL = 'https://auth.1688.com/oauth/authorize';
/** Where account.ts keeps the account's shown facts (memberId among them). */

export interface CoreOptions {
  dataDir: string;
  secrets: SecretStore;
  notifier: Notifier;
  logger?: Logger;
  clock?: Clock;
  gatewayUrl?: string;
  authorizeUrl?: string;
  /** Credentials from outside (env vars, demo): used instead of the saved account. */
  credentials?: Credentials | null;
  demo?: boolean;
  /**
   * Accounts saved when the core opens (the demo's sandbox members, each with the tokens the
   * sandbox issued this run): a member already saved is reconnected with the new tokens.
   */
  presetAccounts?: { name: string; memberId: string; loginId: string; credentials: Credentials }[];
  env?: NodeJS.ProcessEnv;
  /** The path of better-sqlite3's native module for this runtime (the Electron main process has its own build). */
  sqliteBinding?: string;
  /** Passed to the gateway client (tests shorten retries and timeouts). */
  clientTuning?: { timeoutMs?: number; retry?: { retries?: number; baseMs?: number; capMs?: number } };
  /** The push channel's URL (the demo's sandbox); else the setting, TRACKER_PUSH_URL, 1688's. */
  pushUrl?: string;
  /** Push channel tuning (tests drive its timers; the bench its socket). */
  pushTuning?: { timers?: ChannelTimers; open?: (url: string) => ChannelSocket; heartbeatMs?: number; coalesceMs?: number; backoff?: { baseMs?: number; capMs?: number } };
  /** Team mode (electron/core/team): polls only the accounts whose lease this desktop holds. */
  pollGate?: {
    mayPoll(memberId: string | null): boolean;
    status?(): Promise<TeamStatusView | null>;
    /** 设置 → 团队 (core/team/teamMode's gate, once its shell is bound). */
    join?(input: ParsedInput<'team.join'>): Promise<MethodOutput<'team.join'>>;
    leave?(): Promise<MethodOutput<'team.leave'>>;
    settingsChanged?(patch: ParsedInput<'settings.update'>): void;
  };
  /** ERP delivery tuning (tests shorten retries and timeouts). Times are real time by default. */
  erpTuning?: {
    now?: () => number;
    timeoutMs?: number;
    retry?: { baseMs?: number; capMs?: number };
    concurrency?: number;
    random?: () => number;
  };
}

export interface CoreInternals {
  store: Store;
  handlers: Handlers;
  /** Every account's sync engine, run side by side (one engine to its callers). */
  engine: AccountSync;
  scheduler: ReturnType<typeof createSyncScheduler>;
  account: ReturnType<typeof createAccount>;
  alerts: ReturnType<typeof createAlertService>;
  outbox: OutboxRepo;
  erp: ErpDispatcher;
  /** The gateway client's counters (calls, retries …): the CLI's progress line reads them. */
  gatewayStats: () => { calls: number };
  push: PushService;
  /** The settings service (team mode reloads it when team settings arrive from the change log). */
  settings: ReturnType<typeof createSettings>;
  /** `shipment.received` into the ERP outbox for a mark made on another desktop (team mode's leader). */
  recordReceived(orderId: string, logisticsId: string, at: number): void;
}

/** Runs each hook in turn; all of them inside the same order write transaction. */
export function composeSyncHooks(...hooks: SyncHooks[]): SyncHooks {
  return {
    afterOrderWrite(orderId, writes, now) {
      for (const h of hooks) h.afterOrderWrite?.(orderId, writes, now);
    },
  };
}

/** Maps anything a handler throws to the typed error the contract promises. */
export function toCoreError(e: unknown, logger: Logger): CoreError {
  if (e instanceof CoreError) return e;
  if (e instanceof ZodError)
    return new CoreError(
      'invalid_input',
      `输入有误：${e.issues.map((i) => `${i.path.join('.') || '(输入)'} ${i.message}`).join('；')}`,
      e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  if (e instanceof GatewayError) {
    if (e.kind === 'unauthorized') return new CoreError('needs_reconnect', e.userMessage);
    if (e.kind === 'network' || e.kind === 'timeout') return new CoreError('offline', e.userMessage);
    return new CoreError('gateway', e.userMessage);
  }
  // Only SQLite's codes are the database's: an errno from elsewhere (an export's target folder)
  // is not a fault of the data folder and must not be reported as one.
  const code = (e as { code?: unknown })?.code;
  const sqlite = typeof code === 'string' && code.startsWith('SQLITE_');
  const storage = e instanceof StorageError ? e : sqlite ? asStorageError(e) : null;
  if (storage) {
    logger.error('storage error', { kind: storage.kind, code: storage.causeCode, error: storage.message });
    return new CoreError('storage', storage.message);
  }
  if (sqlite) {
    logger.error('storage error', { code, error: String(e) });
    return new CoreError('storage', `本地数据库出错（${code}）：请检查磁盘空间和数据目录权限。`);
  }
  logger.error('internal error', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  return new CoreError('internal', '内部错误，请重试；若反复出现请联系支持。');
}

export async function createTrackerCore(opts: CoreOptions): Promise<TrackerCore & { internals: CoreInternals }> {
  const logger = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const env = opts.env ?? {};
  const gatewayUrl = opts.gatewayUrl ?? env.TRACKER_GATEWAY_URL ?? DEFAULT_GATEWAY_URL;
  const store = openStore(opts.dataDir, opts.sqliteBinding ? { nativeBinding: opts.sqliteBinding } : {});
  try {
    bindDatabaseToGateway(store, gatewayUrl, opts.dataDir);
  } catch (e) {
    store.close();
    throw e;
  }
  const events = createTrackerEvents((e) => logger.error('event listener failed', { error: String(e) }));
  const settings = createSettings({ store, secrets: opts.secrets, dataDir: opts.dataDir, env });
  const account = createAccount({
    store,
    secrets: opts.secrets,
    preset: opts.credentials ?? null,
    demo: opts.demo ?? false,
    now: clock.now,
  });
  for (const p of opts.presetAccounts ?? [])
    await account.registry.save(p.credentials, 'token', { memberId: p.memberId, loginId: p.loginId, grant: null }, { name: p.name, duplicate: 'reconnect' });
  // QPS and QoS back-off are the gateway's limits on an app: one limiter per AppKey, shared by
  // every account on it (each in its own lane, served in turn).
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (appKey: string): RateLimiter => {
    let l = limiters.get(appKey);
    if (!l) limiters.set(appKey, (l = createRateLimiter({ qps: settings.current().qps })));
    return l;
  };

  const clientOpts = { gatewayUrl, logger, ...(opts.clientTuning ?? {}) };
  const clientFor = (creds: Credentials) =>
    createAli1688Client({
      ...clientOpts,
      limiter: limiterFor(creds.appKey),
      credentials: { get: async () => creds, saveTokens: async () => undefined },
    });

  const estimator = createDeliveryEstimator(store, () => settings.current().defaultDeliveryDays);
  const alerts = createAlertService({ store, estimator, notifier: opts.notifier, clock, logger, settings: () => settings.current(), events });

  // ERP write-back: outbox rows are written by a sync hook (in the order's transaction), and
  // delivered by the dispatcher. Its timing is real time even when the sync clock is not (demo):
  // retries wait for a real receiver.
  const outbox = createOutboxRepo(store.db);
  const erpNow = opts.erpTuning?.now ?? Date.now;
  const erpTarget = createErpTargetResolver(settings, erpNow, logger);
  const erp = createErpDispatcher({
    outbox,
    target: erpTarget.get,
    logger,
    now: erpNow,
    ...(opts.erpTuning?.timeoutMs !== undefined ? { timeoutMs: opts.erpTuning.timeoutMs } : {}),
    ...(opts.erpTuning?.retry ? { retry: opts.erpTuning.retry } : {}),
    ...(opts.erpTuning?.concurrency !== undefined ? { concurrency: opts.erpTuning.concurrency } : {}),
    ...(opts.erpTuning?.random ? { random: opts.erpTuning.random } : {}),
    onCounts: (c) => events.emit('outbox.changed', c),
  });
  const erpEnabled = () => Boolean(settings.current().erpWebhookUrl || settings.current().erpSql);
  const outboxHook = createOutboxHook({
    store,
    outbox,
    statusChangedEvents: () => settings.current().erpStatusChangedEvents,
    // Recorded while an ERP address is set (even before its secret: those rows wait for it).
    enabled: erpEnabled,
    now: erpNow,
    // Inside the transaction: the dispatcher only looks after the synchronous commit.
    onWritten: () => erp.wake(),
  });

  // Team mode: a clerk's ERP event is recorded where the order's account is polled (the lease
  // holds the dispatcher); the leader records the others' from the change log (recordReceived).
  const accountOfOrder = store.db.prepare<[string], { m: string | null }>(
    'SELECT a.member_id AS m FROM orders o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?',
  );
  const erpHeldHere = (orderId: string) => !opts.pollGate || opts.pollGate.mayPoll(accountOfOrder.get(orderId)?.m ?? null);
  const recordReceived = (orderId: string, logisticsId: string, at: number) => {
    if (recordReceivedEvent({ store, outbox, erpEnabled, outboxNow: erpNow }, orderId, logisticsId, at) === 'recorded') {
      erp.checkCounts();
      erp.wake();
    }
  };

  let scheduler: ReturnType<typeof createSyncScheduler> | null = null;
  // Every account's client, counted together for the CLI's progress line.
  const clients = new Set<Ali1688Client>();
  const countedClient = (c: Ali1688Client) => (clients.add(c), c);
  const gatewayStats = () => ({ calls: [...clients].reduce((n, c) => n + c.stats().calls, 0) });
  let push: PushService | null = null;
  const hooks = composeSyncHooks(alerts.syncHooks, outboxHook);
  const engine = createAccountSync({
    store,
    registry: account.registry,
    logger,
    now: clock.now,
    limiterFor,
    mayPoll: opts.pollGate ? (row) => opts.pollGate!.mayPoll(row?.member_id ?? null) : undefined,
    client: (credentials, limiter) => countedClient(createAli1688Client({ ...clientOpts, limiter, credentials })),
    engine: (view, client) =>
      createSyncEngine({
        store: view,
        client,
        clock,
        logger,
        hooks,
        pollStretch: () => push?.pollStretch() ?? null,
        settings: () => {
          const s = settings.current();
          return {
            discoveryIntervalMs: s.discoveryIntervalMinutes * 60_000,
            pollIntervals: { baseMs: s.pollIntervalMinutes * 60_000 },
            // Unset: the engine's defaults (DEFAULT_WITNESS_SETTINGS).
            witness: {
              ...(s.witnessStuckHours ? { stuckAfterMs: s.witnessStuckHours * 3600_000 } : {}),
              ...(s.witnessRecheckHours ? { stuckRecheckMs: s.witnessRecheckHours * 3600_000 } : {}),
            },
          };
        },
        onProgress: (p) => scheduler?.setProgress(p),
      }),
  });
  scheduler = createSyncScheduler({
    engine,
    store,
    account,
    clock,
    logger,
    demo: opts.demo ?? false,
    discoveryIntervalMs: () => settings.current().discoveryIntervalMinutes * 60_000,
    onProgress: (p) => events.emit('sync.progress', { done: p.done, total: p.total, phase: p.phase }),
    onFinished: (r) => {
      estimator.invalidate();
      events.emit('sync.finished', { changedOrderIds: r.changedOrderIds, ok: r.ok, newEvents: r.newEvents });
      if (r.unauthorized) void account.status().then((s) => events.emit('account.changed', s));
    },
    onTick: (now) => {
      // The accounts' authorisations nearing their end, recorded before the flush that shows them.
      recordTokenNotices(account.registry.liveRows(), store.notifications, now);
      alerts.tick(now);
    },
    pollStretch: () => push?.pollStretch() ?? null,
    channel: () => channelView(),
  });
  const sched = scheduler;

  // The push channel: pushes wake order refreshes; polling stays the safety net.
  // The push channel is the app's (one AppKey); its replay calls carry no member token and share
  // the budget of the primary account's AppKey.
  let pushAppKey = '';
  const pushLimiter: RateLimiter = {
    run: (fn, lane) => limiterFor(pushAppKey).run(fn, lane ?? 'push'),
    lane: (name) => limiterFor(pushAppKey).lane(name),
    reportRateLimited: () => limiterFor(pushAppKey).reportRateLimited(),
    setQps: () => undefined,
    stats: () => limiterFor(pushAppKey).stats(),
  };
  const pushClient = countedClient(
    createAli1688Client({
      ...clientOpts,
      limiter: pushLimiter,
      credentials: {
        get: async () => {
          const c = await account.credentialSource.get();
          if (c) pushAppKey = c.appKey;
          return c;
        },
        saveTokens: (g) => account.credentialSource.saveTokens(g),
      },
    }),
  );
  const pushService = createPushService({
    store,
    client: pushClient,
    logger,
    config: () => ({
      // In team mode only the member holding the lease of the account whose credentials open the
      // channel (the first live one) runs it, like that account's poller (see core/team).
      enabled: settings.current().pushEnabled && (opts.pollGate?.mayPoll(account.registry.liveRows()[0]?.member_id ?? null) ?? true),
      // 1688's channel only next to 1688's gateway: a sandbox or test gateway has its own or none.
      url: opts.pushUrl ?? settings.current().pushUrl ?? (gatewayUrl === DEFAULT_GATEWAY_URL ? DEFAULT_PUSH_URL : ''),
    }),
    credentials: async () => (account.needsReconnect() ? null : await account.credentialSource.get()),
    authorizationCancelled: (memberId) => {
      if (account.isPreset()) account.setNeedsReconnect(true);
      else {
        const rows = account.registry.liveRows();
        const hit = memberId ? rows.filter((a) => a.member_id === memberId) : rows.slice(0, 1);
        for (const a of hit) account.registry.markNeedsReconnect(a.id);
      }
      void account.status().then((s) => events.emit('account.changed', s));
    },
    refresh: (hints) => engine.refreshPushed(hints),
    onRefreshed: (r) => {
      estimator.invalidate();
      events.emit('sync.finished', { changedOrderIds: r.changedOrderIds, ok: r.ok, newEvents: r.newEvents });
      alerts.tick(clock.now());
    },
    onState: (_view, dropped) => {
      events.emit('sync.channel', channelView());
      // Back to today's schedule at once: what the stretch held back is due now.
      if (dropped) sched.wake();
    },
    timers: opts.pushTuning?.timers ?? { ...realTimersFor(clock) },
    ...(opts.pushTuning?.open ? { open: opts.pushTuning.open } : {}),
    ...(opts.pushTuning?.heartbeatMs ? { heartbeatMs: opts.pushTuning.heartbeatMs } : {}),
    ...(opts.pushTuning?.coalesceMs !== undefined ? { coalesceMs: opts.pushTuning.coalesceMs } : {}),
    ...(opts.pushTuning?.backoff ? { backoff: opts.pushTuning.backoff } : {}),
  });
  push = pushService;
  function channelView() {
    const v = pushService.status();
    return { state: v.state, enabled: v.enabled, since: new Date(v.since).toISOString(), message: v.message };
  }

  const handlers = createHandlers({
    store,
    account,
    settings,
    engine,
    scheduler: sched,
    events,
    clock,
    logger,
    estimator,
    clientFor,
    identify: (creds: Credentials) => identifyCredentials(clientFor, creds),
    postpone: async (id: number) => {
      const client = createAli1688Client({ ...clientOpts, limiter: limiterFor(account.registry.get(id).app_key), credentials: account.registry.credentialSource(id) });
      await client.postponeToken();
    },
    teamStatus: () => opts.pollGate?.status?.() ?? Promise.resolve(null),
    teamSettingsChanged: (patch) => opts.pollGate?.settingsChanged?.(patch),
    team: opts.pollGate?.join && opts.pollGate.leave ? { join: (i) => opts.pollGate!.join!(i), leave: () => opts.pollGate!.leave!() } : undefined,
    authorizeUrl: opts.authorizeUrl ?? env.TRACKER_AUTHORIZE_URL ?? DEFAULT_AUTHORIZE_URL,
    onAccountChanged: () => {
      sched.wake();
      pushService.reconfigure();
      void account.status().then((s) => events.emit('account.changed', s));
    },
    onSettingsChanged: () => {
      for (const l of limiters.values()) l.setQps(settings.current().qps);
      pushService.reconfigure();
      erpTarget.invalidate();
      erp.wake();
    },
    erp: { outbox, dispatcher: erp, now: erpNow, target: erpTarget.describe, sqlTarget: erpTarget.sql, enabled: erpEnabled, heldHere: erpHeldHere },
  });

  let stopped = false;
  return {
    events,
    internals: { store, handlers, engine, scheduler: sched, account, alerts, outbox, erp, gatewayStats, push: pushService, settings, recordReceived },
    async handle(method: string, input: unknown) {
      if (!isMethodName(method)) throw new CoreError('invalid_input', `未知的方法：${String(method).slice(0, 64)}`);
      try {
        const parsed = methods[method].parse(input ?? {});
        const handler = handlers[method] as (i: unknown) => Promise<unknown>;
        return await handler(parsed ?? {});
      } catch (e) {
        throw toCoreError(e, logger);
      }
    },
    start() {
      sched.start();
      erp.start();
      pushService.start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pushService.stop();
      await sched.stop();
      // Attempts in flight are aborted and their rows left pending: sent again next start.
      await erp.stop();
      await erpTarget.close();
      store.close();
    },
  };
}

/** The channel's timers on the core's clock (the demo's runs 60× faster), real timeouts otherwise. */
function realTimersFor(clock: Clock): ChannelTimers {
  return { now: () => clock.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout), random: Math.random };
}

/**
 * The ERP target from the settings: the webhook when a URL and a secret are set. Cached (the
 * secret may live in OS storage) until the settings change.
 */
function createErpTargetResolver(settings: ReturnType<typeof createSettings>, now: () => number, logger: Logger) {
  let cached: Promise<{ target: ErpTarget | null; problem: string | null }> | null = null;
  let sqlTarget: SqlTarget | null = null;
  async function resolve(): Promise<{ target: ErpTarget | null; problem: string | null }> {
    // SQL write-back, when set up, takes the place of the webhook.
    const sql = settings.current().erpSql;
    if (sql) {
      const connectionString = await settings.erpSqlConnectionString();
      if (!connectionString)
        return { target: null, problem: '已设置 SQL 回写模板，但还没有设置数据库连接串：事件暂存在发件箱，设置后写入。' };
      try {
        sqlTarget = createSqlTarget({ ...sql, connectionString }, { logger });
        return { target: sqlTarget as ErpTarget, problem: null };
      } catch (e) {
        if (e instanceof SqlWritebackConfigError) return { target: null, problem: `SQL 回写设置有误：${e.message}` };
        throw e;
      }
    }
    const url = settings.current().erpWebhookUrl;
    if (!url) return { target: null, problem: null };
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { target: null, problem: `ERP 接口地址无法识别：${url.slice(0, 200)}` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      return { target: null, problem: 'ERP 接口地址应以 http:// 或 https:// 开头。' };
    const secret = await settings.erpWebhookSecret();
    if (!secret) return { target: null, problem: '已设置 ERP 接口地址，但还没有设置签名密钥：事件暂存在发件箱，设置密钥后发送。' };
    return { target: createWebhookTarget({ url, secret, now }), problem: null };
  }
  const current = () =>
    (cached ??= resolve().catch((e: unknown) => {
      cached = null; // a failed read of the secret store is tried again next time
      return { target: null, problem: `读取 ERP 设置失败：${String(e)}` };
    }));
  return {
    get: async () => (await current()).target,
    async describe(): Promise<{ target: string | null; problem: string | null }> {
      const c = await current();
      return { target: c.target?.name ?? null, problem: c.problem };
    },
    invalidate() {
      cached = null;
      void closeSql();
    },
    /** The configured SQL target (for the connection check), if any. */
    async sql(): Promise<SqlTarget | null> {
      await current();
      return sqlTarget;
    },
    close: () => closeSql(),
  };

  async function closeSql() {
    const t = sqlTarget;
    sqlTarget = null;
    await t?.close().catch((e: unknown) => logger.warn('closing the ERP database pool failed', { error: String(e) }));
  }
}

export type { MethodName };
