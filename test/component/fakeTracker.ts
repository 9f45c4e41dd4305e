// An in-memory TrackerApi: the process boundary the renderer talks across, faked for component
// tests. It implements the methods the UI calls with small, predictable behaviour, records
// every call, and can emit events.
import type {
  CarrierProblems,
  AccountView,
  AccountStatus,
  AlertView,
  EventName,
  EventPayloads,
  MethodInput,
  MethodName,
  MethodOutput,
  OrderDetail,
  OrderSummary,
  OrderTab,
  OutboxCounts,
  OutboxRowView,
  OutboxState,
  Settings,
  SqlDialectName,
  SqlPreviewView,
  SyncStatus,
  TrackerApi,
} from '../../shared/contract';

export interface Call {
  method: MethodName;
  input: unknown;
}

import { ago, fakeSqlPreview, sampleArrivals, sampleOrders } from './fakeSamples';

export { fakeSqlPreview, sampleArrivals, sampleOrders, sampleOutbox } from './fakeSamples';

function tabOf(o: OrderSummary): OrderTab[] {
  const tabs: OrderTab[] = ['all'];
  if (o.status === 'awaiting_payment' || o.status === 'awaiting_shipment' || o.status === 'in_transit' || o.status === 'delivered' || o.status === 'exception' || o.status === 'cancelled')
    tabs.push(o.status);
  return tabs;
}

export class FakeTracker implements TrackerApi {
  arrivals = sampleArrivals();
  /** The scorecard's problem parcels per carrier (the Suppliers page's chart). */
  carrierProblems: CarrierProblems[] = [
    { carrier: '中通快递', parcels: 120, exceptions: 9, failedAttempts: 4, returns: 2 },
    { carrier: '圆通速递', parcels: 80, exceptions: 3, failedAttempts: 0, returns: 1 },
  ];
  received: { orderId: string; logisticsId: string }[] = [];
  calls: Call[] = [];
  orders: OrderDetail[];
  settings: Settings = {
    language: 'zh-CN',
    pollIntervalMinutes: 30,
    discoveryIntervalMinutes: 30,
    qps: 5,
    notifyDelivered: true,
    notifyAlerts: true,
    quietHours: { enabled: false, start: '22:00', end: '08:00' },
    stallWarnHours: 48,
    stallAlertHours: 72,
    businessDaysForStalls: false,
    defaultDeliveryDays: 5,
    erpWebhookUrl: null,
    erpWebhookHasSecret: false,
    dataDir: '/home/clerk/.config/1688-tracker',
  };
  account: AccountStatus = {
    connected: true,
    method: 'token',
    appKey: '1234567',
    loginId: 'clerk01',
    memberId: 'b2b-2212345678',
    accessTokenExpiresAt: ago(-240),
    refreshTokenExpiresAt: ago(-24 * 100),
    hasRefreshToken: true,
    needsReconnect: false,
    demo: false,
  };
  /** 设置 → 1688 账号 (empty: the single account of `account` above, as before accounts). */
  accounts: AccountView[] = [];
  status: SyncStatus = {
    state: 'idle',
    lastRun: { startedAt: ago(0.5), finishedAt: ago(0.45), ok: true, calls: 214, errors: 0, newEvents: 12 },
    nextRunAt: ago(-0.5),
    progress: null,
    dataAsOf: ago(0.45),
    offlineSince: null,
    message: null,
    demo: false,
  };
  /** team.status's answer (null: not in a team). */
  team: MethodOutput<'team.status'> = null;
  outbox: OutboxRowView[] = [];
  /** outbox.list's `target` and `targetProblem`. */
  outboxTarget: string | null = 'webhook';
  outboxProblem: string | null = null;
  sqlCheckResult: MethodOutput<'erp.sqlCheck'> = { ok: true, message: '已连接到 ERP 数据库。' };
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();

  constructor(orders: OrderDetail[] = sampleOrders()) {
    this.orders = orders;
  }

  callsOf<M extends MethodName>(method: M): MethodInput<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input as MethodInput<M>);
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (p: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  async invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
    this.calls.push({ method, input });
    await Promise.resolve();
    return this.handle(method, (input ?? {}) as Record<string, unknown>) as MethodOutput<M>;
  }

  outboxCounts(): OutboxCounts {
    const of = (state: OutboxState) => this.outbox.filter((r) => r.state === state);
    return {
      pending: of('pending').length,
      failing: of('pending').filter((r) => r.attempts > 0).length,
      dead: of('dead').length,
      delivered: of('delivered').length,
      discarded: of('discarded').length,
      blocked: of('pending').filter((r) => r.blockedBy !== null).length,
    };
  }

  /** Re-send or discard a dead row, like the core: its chain moves again. */
  private changeDeadRow(key: string, action: 'resend' | 'discard'): OutboxRowView {
    const row = this.outbox.find((r) => r.idempotencyKey === key);
    if (!row) throw { code: 'not_found', message: `发件箱里没有这条事件：${key}` };
    if (row.state !== 'dead') throw { code: 'invalid_input', message: `只有发送失败的事件可以处理；这条的状态是 ${row.state}。` };
    if (action === 'resend')
      Object.assign(row, { state: 'pending', attempts: 0, lastError: null, lastStatus: null, nextAttemptAt: new Date().toISOString() });
    else row.state = 'discarded';
    for (const r of this.outbox) if (r.blockedBy === key) r.blockedBy = null;
    return { ...row };
  }

  private alerts(): AlertView[] {
    return this.orders.flatMap((o) => o.alerts);
  }

  private handle(method: MethodName, input: Record<string, unknown>): unknown {
    switch (method) {
      case 'orders.list': {
        const tab = (input.tab as OrderTab | undefined) ?? 'all';
        const search = typeof input.search === 'string' ? input.search.trim() : '';
        const matches = this.orders.filter(
          (o) =>
            !search ||
            o.orderId.includes(search) ||
            (o.seller ?? '').includes(search) ||
            o.shipments.some((s) => (s.billNo ?? '').includes(search)),
        ).filter((o) => (input.accountId === undefined || o.account?.id === input.accountId) && (input.purchaser === undefined || o.purchaser === input.purchaser));
        const counts = Object.fromEntries(
          (['all', 'awaiting_payment', 'awaiting_shipment', 'in_transit', 'out_for_delivery', 'awaiting_pickup', 'delivered', 'exception', 'returned', 'cancelled'] as OrderTab[]).map(
            (k) => [k, matches.filter((o) => tabOf(o).includes(k)).length],
          ),
        ) as Record<OrderTab, number>;
        const rows = matches
          .filter((o) => tabOf(o).includes(tab))
          .sort((a, b) => (input.dir === 'asc' ? 1 : -1) * a.updatedAt.localeCompare(b.updatedAt));
        const offset = (input.offset as number | undefined) ?? 0;
        const limit = (input.limit as number | undefined) ?? 50;
        return {
          total: rows.length,
          counts,
          rows: rows.slice(offset, offset + limit).map(({ parcels: _p, alerts: _a, shippingFeeFen: _s, buyerLoginId: _b, ...summary }) => summary),
        };
      }
      case 'orders.get':
      case 'shipments.refresh': {
        const o = this.orders.find((x) => x.orderId === input.orderId);
        if (!o) throw { code: 'not_found', message: '找不到这个订单' };
        // As the core: a paused account's order is not read.
        const owner = this.accounts.find((a) => a.id === o.account?.id);
        if (method === 'shipments.refresh' && owner?.state === 'paused') throw { code: 'account_paused', message: `账号“${owner.name}”已暂停` };
        return o;
      }
      case 'orders.add': {
        const ids = input.ids as string[];
        const added: string[] = [];
        const existing: string[] = [];
        const rejected: { input: string; reason: string }[] = [];
        const seen = new Set<string>();
        for (const raw of ids) {
          const id = raw.trim();
          if (!/^\d{6,20}$/.test(id)) rejected.push({ input: raw, reason: '订单号应为 6–20 位数字' });
          else if (seen.has(id)) rejected.push({ input: raw, reason: '重复' });
          else if (this.orders.some((o) => o.orderId === id)) existing.push(id);
          else added.push(id);
          seen.add(id);
        }
        return { added, existing, rejected };
      }
      case 'alerts.list': {
        const state = input.state === 'resolved' ? 'resolved' : 'open';
        const all = this.alerts();
        const open = all.filter((a) => a.resolvedAt === null);
        const rows = state === 'open' ? open : all.filter((a) => a.resolvedAt !== null);
        return {
          rows: rows.slice(0, (input.limit as number | undefined) ?? 200),
          counts: {
            open: open.length,
            alert: open.filter((a) => a.severity === 'alert').length,
            warning: open.filter((a) => a.severity === 'warning').length,
            resolved: all.length - open.length,
          },
        };
      }
      case 'alerts.ack': {
        const a = this.alerts().find((x) => x.id === input.alertId);
        if (!a) throw { code: 'not_found', message: '找不到这条异常' };
        a.ackedAt = new Date().toISOString();
        a.ackNote = (input.note as string) ?? '';
        return a;
      }
      case 'sync.status':
        return this.status;
      case 'sync.runNow':
        this.status = { ...this.status, state: 'syncing', progress: { done: 0, total: 10, phase: '查询轨迹' } };
        return this.status;
      case 'settings.get':
        return this.settings;
      case 'settings.update': {
        // Secrets are kept apart (and only whether they are set is reported), as in the core.
        const { erpWebhookSecret, erpSqlConnectionString, ...rest } = input as Partial<Settings> & {
          erpWebhookSecret?: string | null;
          erpSqlConnectionString?: string | null;
        };
        this.settings = { ...this.settings, ...rest };
        if (erpWebhookSecret !== undefined) this.settings.erpWebhookHasSecret = erpWebhookSecret !== null;
        if (erpSqlConnectionString !== undefined) this.settings.erpSqlHasConnectionString = erpSqlConnectionString !== null;
        return this.settings;
      }
      case 'outbox.list': {
        const state = input.state as OutboxState | undefined;
        const rows = this.outbox.filter((r) => state === undefined || r.state === state);
        const offset = (input.offset as number | undefined) ?? 0;
        const limit = (input.limit as number | undefined) ?? 100;
        return {
          rows: rows.slice(offset, offset + limit).map((r) => ({ ...r })),
          total: rows.length,
          counts: this.outboxCounts(),
          target: this.outboxTarget,
          targetProblem: this.outboxProblem,
        };
      }
      case 'outbox.resend':
        return this.changeDeadRow(input.idempotencyKey as string, 'resend');
      case 'outbox.discard':
        return this.changeDeadRow(input.idempotencyKey as string, 'discard');
      case 'erp.sqlPreview':
        return fakeSqlPreview(input.dialect as SqlDialectName, input.template as string, input.eventType as SqlPreviewView['eventType']);
      case 'erp.sqlCheck':
        return this.sqlCheckResult;
      case 'account.status':
        return this.account;
      case 'account.connect':
        this.account = { ...this.account, connected: true, method: 'token', appKey: input.appKey as string, needsReconnect: false };
        return this.account;
      case 'account.disconnect':
        this.account = { ...this.account, connected: false, method: null, loginId: null, memberId: null };
        return this.account;
      case 'accounts.list':
        return this.accounts;
      case 'accounts.add': {
        const name = String(input.name ?? '').trim();
        if (!name) throw { code: 'invalid_input', message: '输入有误：name 名称不能为空' };
        if (this.accounts.some((a) => a.name === name)) throw { code: 'invalid_input', message: `已有名为“${name}”的账号` };
        const id = Math.max(0, ...this.accounts.map((a) => a.id)) + 1;
        const a: AccountView = {
          id,
          name,
          appKey: String(input.appKey),
          memberId: `b2b-${id}`,
          loginId: `buyer-${id}`,
          method: 'token',
          state: 'active',
          accessTokenExpiresAt: null,
          refreshTokenExpiresAt: null,
          lastSyncAt: null,
          orders: 0,
          implicit: false,
          tokenWarning: null,
        };
        this.accounts.push(a);
        return a;
      }
      case 'accounts.rename':
      case 'accounts.pause':
      case 'accounts.remove': {
        const a = this.accounts.find((x) => x.id === input.id);
        if (!a) throw { code: 'not_found', message: `没有编号为 ${String(input.id)} 的 1688 账号。` };
        if (method === 'accounts.rename') a.name = String(input.name);
        if (method === 'accounts.pause') a.state = input.paused ? 'paused' : 'active';
        if (method === 'accounts.remove') {
          this.accounts = this.accounts.filter((x) => x !== a);
          return { ok: true };
        }
        return { ...a };
      }
      case 'accounts.renew': {
        // As the default sandbox: 1688 does not extend the authorisation (postponeToken unknown).
        const a = this.accounts.find((x) => x.id === input.id);
        if (!a) throw { code: 'not_found', message: `没有编号为 ${String(input.id)} 的 1688 账号。` };
        throw { code: 'invalid_input', message: `1688 未能延长账号“${a.name}”的授权，请重新授权（OAuth 登录或填入新的令牌）。` };
      }
      case 'account.check':
        return { ok: true, serverTime: new Date().toISOString(), skewMs: 1200, message: '连接正常' };
      case 'account.startOAuth':
        return { authorizeUrl: 'https://auth.1688.com/oauth/authorize?client_id=1', state: 'abc' };
      case 'export.file':
        return { fileName: 'orders.csv', mimeType: 'text/csv', contentBase64: btoa('a,b\n'), rows: 1 };
      case 'arrivals.list':
        return this.arrivals;
      case 'shipments.markReceived': {
        const q = input as { orderId: string; logisticsId: string };
        const already = this.received.some((r) => r.orderId === q.orderId && r.logisticsId === q.logisticsId);
        if (!already) this.received.push(q);
        const drop = (l: { orderId: string; logisticsId: string }[]) => l.filter((x) => !(x.orderId === q.orderId && x.logisticsId === q.logisticsId));
        this.arrivals = { ...this.arrivals, waiting: drop(this.arrivals.waiting) as typeof this.arrivals.waiting, outForDelivery: drop(this.arrivals.outForDelivery) as typeof this.arrivals.outForDelivery };
        return { ...q, receivedAt: ago(0), alreadyReceived: already, erpEvent: already ? 'already_recorded' : 'recorded', closedAlerts: 0 };
      }
      case 'traces.search': {
        const text = (input as { text: string }).text;
        const remark = `【广州市】快件外包装破损，已联系寄件人 <b>${text}</b>`;
        const at = remark.indexOf(text);
        return {
          rows: [{ orderId: '3712345678901230003', logisticsId: 'L4', billNo: 'YT0001', carrierName: '圆通速递', seller: '深圳电子', status: 'exception', receivedAt: null, at: ago(6), remark, stage: 'exception', highlights: [[at, at + text.length]] }],
          more: false,
        };
      }
      case 'inTransit.book':
        return {
          now: ago(0),
          total: { orders: 2, valueFen: 246_900 },
          byStatus: [{ key: 'in_transit', orders: 1, valueFen: 123_450 }, { key: 'exception', orders: 1, valueFen: 123_450 }],
          bySupplier: [{ key: '义乌示例工贸', orders: 2, valueFen: 246_900 }],
          rows: [
            { orderId: '3712345678901234567', seller: '义乌示例工贸', status: 'in_transit', totalFen: 123_450, since: ago(71), ageHours: 71, parcels: 1, received: 0, billNos: ['75310000000001'] },
            { orderId: '3712345678901230003', seller: '义乌示例工贸', status: 'exception', totalFen: 123_450, since: ago(30), ageHours: 30, parcels: 1, received: 0, billNos: ['YT0001'] },
          ],
        };
      case 'suppliers.scorecard': {
        const figures = { shipP50Hours: 20, shipP80Hours: 30, firstScanP50Hours: 3, firstScanP80Hours: 6, transitP50Hours: 50, transitP80Hours: 70, onTimeRate: 0.8, exceptionRate: 0.1, failedAttemptRate: 0, returnRate: 0.05, neverPickedUpRate: 0 };
        const none = Object.fromEntries(Object.keys(figures).map((k) => [k, null])) as unknown as typeof figures;
        return {
          from: ago(90 * 24),
          to: ago(0),
          minSamples: 5,
          rows: [
            { seller: '义乌示例工贸', orders: 30, parcels: 32, samples: 28, shipSamples: 30, firstScanSamples: 29, ...figures, lastProblemAt: ago(30), trend: [{ weekStart: ago(24 * 14), parcels: 10, transitP50Hours: 48 }, { weekStart: ago(24 * 7), parcels: 12, transitP50Hours: 52 }] },
            { seller: '深圳电子', orders: 2, parcels: 2, samples: 1, shipSamples: 2, firstScanSamples: 1, ...none, lastProblemAt: null, trend: [] },
          ],
          byCarrier: this.carrierProblems,
        };
      }
      case 'arrivals.export':
      case 'inTransit.export':
        return { fileName: '在途.csv', mimeType: 'text/csv', contentBase64: btoa('a,b\n'), rows: 2 };
      case 'orders.importFile':
        return { added: ['123456789'], existing: [], rejected: [], totalRows: 3, rowErrors: [{ row: 3, value: 'abc', reason: '不是数字' }] };
      case 'team.status':
        return this.team;
      case 'team.join': {
        // As the core: a bad address is the input's fault; otherwise this desktop is a member at once.
        const i = input as MethodInput<'team.join'>;
        if (!/^postgres(ql)?:\/\//.test(i.databaseUrl))
          throw { code: 'invalid_input', message: '输入有误', issues: [{ path: 'databaseUrl', message: '团队数据库地址应形如 postgres://用户@主机:5432/库名' }] };
        this.team = { member: i.member, accounts: [], cursor: 0, lagMs: 0, pendingOps: 0, online: true };
        return { ...this.team, uploaded: 3 };
      }
      case 'team.leave': {
        const unsent = this.team?.pendingOps ?? 0;
        this.team = null;
        return { unsent };
      }
      default:
        throw { code: 'internal', message: `fake: ${method} not implemented` };
    }
  }
}
