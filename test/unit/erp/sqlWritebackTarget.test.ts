// The SQL target without a database server: what it does before and instead of connecting, and
// how it fails when nothing listens (port 1). Real servers: test/integration/sqlWriteback.test.ts.
import { describe, expect, it } from 'vitest';
import { buildPayload, type OutboxEventType, type OutboxRow } from '../../../electron/core/erp/outbox';
import type { ErpTarget } from '../../../electron/core/erp/target';
import {
  EXAMPLE_TEMPLATES,
  SAMPLE_PAYLOADS,
  SQL_EVENT_TYPES,
  SqlWritebackConfigError,
  bindingsFromPayload,
  createSqlTarget,
  type SqlDeliveryResult,
  type SqlDialect,
  type SqlEventType,
  type SqlTarget,
} from '../../../electron/core/erp/sqlWriteback';
import type { LogFields, Logger } from '../../../electron/core/ports';
import type { OrderRow } from '../../../electron/core/store/orders';
import type { ShipmentRow } from '../../../electron/core/store/shipments';

// ── compile-time: the SQL target plugs into the dispatcher as it is ─────────
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameEventTypes: Equal<SqlEventType, OutboxEventType> = true;
const asDispatcherTarget = (t: SqlTarget): ErpTarget => t;
void sameEventTypes;
void asDispatcherTarget;

function captureLogger(): Logger & { text: () => string } {
  const lines: string[] = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push(JSON.stringify({ level, msg, ...fields }));
  return { text: () => lines.join('\n'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const NOTHING_LISTENS: Record<SqlDialect, string> = {
  postgres: 'postgres://erp_writer:Pg-Secret-4471@127.0.0.1:1/erp',
  mysql: 'mysql://erp_writer:My-Secret-4471@127.0.0.1:1/erp',
  mssql: 'Server=127.0.0.1,1;Database=erp;User Id=erp_writer;Password=Ms-Secret-4471;TrustServerCertificate=true',
};
const SECRETS = ['Pg-Secret-4471', 'My-Secret-4471', 'Ms-Secret-4471'];

const row = (type: SqlEventType, payload: unknown = SAMPLE_PAYLOADS[type]) => ({
  id: 7,
  type,
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});
const never = () => new AbortController().signal;

describe('createSqlTarget', () => {
  it('refuses an invalid config at creation, in Chinese, without echoing the connection string', () => {
    const bad = () =>
      createSqlTarget(
        { dialect: 'postgres', connectionString: NOTHING_LISTENS.postgres, templates: { 'shipment.delivered': 'UPDATE t SET a = :nope' } },
        { logger: captureLogger() },
      );
    expect(bad).toThrow(SqlWritebackConfigError);
    expect(bad).toThrow(/未知参数 :nope/);
    try {
      bad();
    } catch (e) {
      expect(String(e)).not.toContain('Pg-Secret-4471');
    }
  });

  it('names itself after the dialect and lists the event types it writes', () => {
    const t = createSqlTarget(
      { dialect: 'mysql', connectionString: NOTHING_LISTENS.mysql, templates: { 'order.delivered': EXAMPLE_TEMPLATES.mysql['order.delivered'] } },
      { logger: captureLogger() },
    );
    expect(t.name).toBe('sql-mysql');
    expect(t.eventTypes).toEqual(['order.delivered']);
    expect(createSqlTarget({ dialect: 'mssql', connectionString: NOTHING_LISTENS.mssql, templates: {} }, { logger: captureLogger(), name: 'ERP 数据库' }).name).toBe(
      'ERP 数据库',
    );
  });
});

describe.each(['postgres', 'mysql', 'mssql'] as const)('SQL target (%s) without a server', (dialect) => {
  const make = (templates = EXAMPLE_TEMPLATES[dialect] as Partial<Record<SqlEventType, string>>, logger = captureLogger()) => ({
    logger,
    target: createSqlTarget({ dialect, connectionString: NOTHING_LISTENS[dialect], templates }, { logger, connectTimeoutMs: 2_000 }),
  });

  it('an event type without a template is acknowledged without connecting', async () => {
    const { target } = make({ 'shipment.delivered': EXAMPLE_TEMPLATES[dialect]['shipment.delivered'] });
    for (const type of SQL_EVENT_TYPES.filter((x) => x !== 'shipment.delivered')) {
      expect(await target.deliver(row(type), never())).toEqual({ ok: true });
    }
    await target.close();
  });

  it('a payload that cannot be bound is permanent (retrying cannot fix it), without connecting', async () => {
    const { target } = make();
    const r1 = await target.deliver(row('shipment.delivered', '{"type":'), never());
    expect(r1).toEqual({ ok: false, permanent: true, error: '事件内容无效：事件内容不是有效的 JSON' });
    const r2 = await target.deliver(row('shipment.delivered', { ...SAMPLE_PAYLOADS['shipment.delivered'], occurredAt: 'not a time' }), never());
    expect(r2).toMatchObject({ ok: false, permanent: true });
    await target.close();
  });

  it('nothing listening is transient, every time (a failed connect is tried again), and concurrent deliveries all return', async () => {
    const { target, logger } = make();
    const results: SqlDeliveryResult[] = [];
    results.push(await target.deliver(row('shipment.delivered'), never()));
    results.push(await target.deliver(row('shipment.delivered'), never()));
    results.push(...(await Promise.all(SQL_EVENT_TYPES.map((type) => target.deliver(row(type), never())))));
    for (const r of results) {
      expect(r).toMatchObject({ ok: false, permanent: false });
      if (!r.ok) expect(r.error).toMatch(/^无法连接数据库，稍后自动重试：/);
    }
    // Neither the results nor the log ever carry the password.
    const everything = JSON.stringify(results) + logger.text();
    for (const s of SECRETS) expect(everything).not.toContain(s);
    expect(logger.text()).toContain('sql writeback: failed');
    await target.close();
  });

  it('an already-aborted signal returns at once as transient', async () => {
    const { target } = make();
    const ac = new AbortController();
    ac.abort();
    const t0 = Date.now();
    const r = await target.deliver(row('order.delivered'), ac.signal);
    expect(Date.now() - t0).toBeLessThan(200);
    expect(r).toEqual({ ok: false, permanent: false, error: '写入已中止，稍后自动重试' });
    await target.close();
  });

  it('after close(), deliveries fail transiently and check() too; close() twice is fine', async () => {
    const { target } = make();
    await target.close();
    await target.close();
    expect(await target.deliver(row('order.delivered'), never())).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('SQL 回写已停止') });
    expect(await target.check()).toMatchObject({ ok: false, permanent: false });
  });

  it('check() reports an unreachable server like a delivery does', async () => {
    const { target } = make();
    expect(await target.check()).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('无法连接数据库') });
    await target.close();
  });
});

describe('the outbox’s own payloads', () => {
  it('a payload built by erp/outbox.ts buildPayload binds every value, and a snake_case OutboxRow is accepted', async () => {
    const order = {
      id: '3712490012345678901',
      status: 'delivered',
      status_1688: 'waitbuyerreceive',
      seller_login_id: 'yiwu_shop',
      seller_company: '义乌市小商品贸易有限公司',
      erp_ref: 'PO-2025-11-0042',
    } as unknown as OrderRow;
    const shipment = {
      id: 3,
      order_id: order.id,
      logistics_id: 'LP00712345678901234',
      bill_no: '78912345678901234567',
      carrier_code: 'ZTO',
      carrier_name: '中通快递',
      status: 'delivered',
      status_1688: 'SIGN',
      delivered_at: Date.UTC(2025, 10, 29, 6, 2),
      last_event_at: Date.UTC(2025, 10, 29, 6, 2),
      last_remark: '【杭州市】已签收，签收人：本人',
      last_stage: 'delivered',
    } as unknown as ShipmentRow;
    const payload = JSON.stringify(buildPayload('shipment.delivered', 'shipment.delivered:k', Date.UTC(2025, 10, 29, 6, 5), order, shipment));
    const b = bindingsFromPayload(payload, 'shipment.delivered');
    expect(b).toMatchObject({
      idempotencyKey: 'shipment.delivered:k',
      orderId: '3712490012345678901',
      erpRef: 'PO-2025-11-0042',
      seller: '义乌市小商品贸易有限公司',
      logisticsId: 'LP00712345678901234',
      billNo: '78912345678901234567',
      carrierName: '中通快递',
      shipmentStatus: 'delivered',
      shipmentStatus1688: 'SIGN',
      remark: '【杭州市】已签收，签收人：本人',
      stage: 'delivered',
    });
    expect((b.deliveredAt as Date).toISOString()).toBe('2025-11-29T06:02:00.000Z');

    // The dispatcher passes its OutboxRow (snake_case columns) straight through.
    const outboxRow = {
      id: 1,
      idempotency_key: 'shipment.delivered:k',
      type: 'shipment.delivered',
      order_id: order.id,
      shipment_id: 3,
      payload,
      state: 'pending',
      attempts: 0,
      next_attempt_at: 0,
      last_error: null,
      last_status: null,
      created_at: 0,
      delivered_at: null,
      updated_at: 0,
    } as OutboxRow;
    const target: ErpTarget = createSqlTarget(
      { dialect: 'postgres', connectionString: NOTHING_LISTENS.postgres, templates: { 'order.delivered': 'SELECT :orderId' } },
      { logger: captureLogger() },
    );
    expect(await target.deliver(outboxRow, never())).toEqual({ ok: true }); // no template for shipment.delivered
    await (target as SqlTarget).close();
  });
});
