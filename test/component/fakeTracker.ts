// An in-memory TrackerApi: the process boundary the renderer talks across, faked for component
// tests. It implements the methods the UI calls with small, predictable behaviour, records
// every call, and can emit events.
import type {
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
  Settings,
  SyncStatus,
  TrackerApi,
} from '../../shared/contract';

export interface Call {
  method: MethodName;
  input: unknown;
}

const NOW = Date.now();
const ago = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();

function order(partial: Partial<OrderDetail> & { orderId: string }): OrderDetail {
  return {
    status: 'in_transit',
    status1688: 'waitbuyerreceive',
    seller: '义乌示例工贸',
    sellerLoginId: 'yiwu-demo',
    productSummary: '收纳盒 ×20',
    createdAt: ago(72),
    paidAt: ago(71),
    totalFen: 123450,
    erpRef: null,
    source: 'discovered',
    archived: false,
    shipments: [],
    lastEventAt: ago(2),
    lastRemark: '【深圳转运中心】已发出',
    updatedAt: ago(1),
    openAlerts: 0,
    shippingFeeFen: 800,
    buyerLoginId: 'buyer',
    parcels: [],
    alerts: [],
    ...partial,
  };
}

export function sampleOrders(): OrderDetail[] {
  const xss = '<img src=x onerror=alert(1)>';
  return [
    order({
      orderId: '3712345678901234567',
      seller: '义乌示例工贸',
      shipments: [{ logisticsId: 'L1', billNo: '75310000008901', carrierCode: 'ZTO', carrierName: '中通快递', status: 'in_transit' }],
      parcels: [
        {
          logisticsId: 'L1',
          billNo: '75310000008901',
          carrierCode: 'ZTO',
          carrierName: '中通快递',
          status: 'in_transit',
          previousBillNo: '75310000000000',
          status1688: 'TRANSPORT',
          origin: '义乌',
          destination: '深圳',
          shippedAt: ago(60),
          deliveredAt: null,
          lastPolledAt: ago(1),
          nextPollAt: null,
          lastError: null,
          estimate: { expectedAt: ago(-24), basis: '同线路 37 件中通 义乌→深圳 的 P80', basisEn: 'P80 of 37 ZTO parcels Yiwu→Shenzhen' },
          events: [
            // deliberately not sorted: the UI must show the newest first
            { at: ago(50), remark: '【义乌】已揽收', stage: 'picked_up' },
            { at: ago(2), remark: xss, stage: 'in_transit' },
            { at: ago(30), remark: '\u202E【金华】已到达\u202C', stage: 'in_transit' },
          ],
        },
      ],
      alerts: [
        {
          id: 7,
          rule: 'stalled',
          severity: 'warning',
          orderId: '3712345678901234567',
          logisticsId: 'L1',
          billNo: '75310000008901',
          message: '48 小时没有新轨迹',
          messageEn: 'No new trace for 48 hours',
          openedAt: ago(5),
          resolvedAt: null,
          ackedAt: null,
          ackNote: null,
          lastRemark: '【深圳转运中心】已发出',
        },
      ],
      openAlerts: 1,
    }),
    order({
      orderId: '3712345678901230001',
      status: 'delivered',
      seller: '广州优品',
      updatedAt: ago(3),
      lastRemark: '已签收，本人签收',
      shipments: [{ logisticsId: 'L2', billNo: 'SF1234567890', carrierCode: 'SF', carrierName: '顺丰速运', status: 'delivered' }],
    }),
    order({
      orderId: '3712345678901230002',
      status: 'awaiting_shipment',
      seller: '杭州布艺',
      updatedAt: ago(4),
      lastEventAt: null,
      lastRemark: null,
    }),
    order({
      orderId: '3712345678901230003',
      status: 'exception',
      seller: '深圳电子',
      updatedAt: ago(5),
      lastRemark: '问题件：地址不详',
      shipments: [{ logisticsId: 'L4', billNo: 'YT0001', carrierCode: 'YTO', carrierName: '圆通速递', status: 'exception' }],
    }),
  ];
}

function tabOf(o: OrderSummary): OrderTab[] {
  const tabs: OrderTab[] = ['all'];
  if (o.status === 'awaiting_payment' || o.status === 'awaiting_shipment' || o.status === 'in_transit' || o.status === 'delivered' || o.status === 'exception' || o.status === 'cancelled')
    tabs.push(o.status);
  return tabs;
}

export class FakeTracker implements TrackerApi {
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
        );
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
        const { erpWebhookSecret, ...rest } = input as Partial<Settings> & { erpWebhookSecret?: string | null };
        this.settings = { ...this.settings, ...rest };
        if (erpWebhookSecret !== undefined) this.settings.erpWebhookHasSecret = erpWebhookSecret !== null;
        return this.settings;
      }
      case 'account.status':
        return this.account;
      case 'account.connect':
        this.account = { ...this.account, connected: true, method: 'token', appKey: input.appKey as string, needsReconnect: false };
        return this.account;
      case 'account.disconnect':
        this.account = { ...this.account, connected: false, method: null, loginId: null, memberId: null };
        return this.account;
      case 'account.check':
        return { ok: true, serverTime: new Date().toISOString(), skewMs: 1200, message: '连接正常' };
      case 'account.startOAuth':
        return { authorizeUrl: 'https://auth.1688.com/oauth/authorize?client_id=1', state: 'abc' };
      case 'export.file':
        return { fileName: 'orders.csv', mimeType: 'text/csv', contentBase64: btoa('a,b\n'), rows: 1 };
      case 'orders.importFile':
        return { added: ['123456789'], existing: [], rejected: [], totalRows: 3, rowErrors: [{ row: 3, value: 'abc', reason: '不是数字' }] };
      default:
        throw { code: 'internal', message: `fake: ${method} not implemented` };
    }
  }
}
