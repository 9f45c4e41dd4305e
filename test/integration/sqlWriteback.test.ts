// The SQL write-back target against REAL PostgreSQL and MariaDB servers (scripts/ci-databases.sh
// starts them; CI runs it before `npm test`). Nothing here is skipped: a server that cannot be
// reached fails the suite with a message saying how to start it.
//
// Each dialect gets the same suite: the example templates write every event type (Chinese text,
// 19-digit ids and times arrive exactly), delivering again changes nothing, values are bound and
// never executed, refused statements are permanent with the database's message, timeouts and
// aborts are transient and roll back, a server restart (mid-statement and between deliveries) is
// transient at worst and the pool reconnects, close() ends the pool.
import { execFile } from 'node:child_process';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_TEMPLATES,
  SAMPLE_PAYLOADS,
  SQL_EVENT_TYPES,
  createSqlTarget,
  redactConnectionString,
  type SqlDeliveryResult,
  type SqlEventType,
  type SqlTarget,
  type SqlWritebackConfig,
  type WritebackPayload,
} from '../../electron/core/erp/sqlWriteback';
import type { LogFields, Logger } from '../../electron/core/ports';

const PG_URL = process.env.TRACKER_TEST_PG_URL ?? 'postgres://tracker_test:tracker_test@127.0.0.1:5432/tracker_test';
const MYSQL_URL = process.env.TRACKER_TEST_MYSQL_URL ?? 'mysql://tracker_test:tracker_test@127.0.0.1:3306/tracker_test';
const PG_RESTART = process.env.TRACKER_TEST_PG_RESTART ?? 'pg_ctlcluster 15 main restart';
const MYSQL_RESTART = process.env.TRACKER_TEST_MYSQL_RESTART ?? 'service mariadb restart';

type Row = Record<string, unknown>;

interface Kit {
  dialect: 'postgres' | 'mysql';
  label: string;
  url: string;
  restartCommand: string;
  /** Runs one statement on a fresh admin connection (survives restarts), returns its rows. */
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  ddl: string[];
  /** A template that takes ~`seconds` and then inserts the event into tracker_event_log. */
  slowInsert(seconds: number): string;
  /** Open connections of the app (application_name / user), not counting the admin's own. */
  appSessions(): Promise<number>;
  /** Statement that checks a table exists (returns one row if so). */
  tableExists(name: string): Promise<boolean>;
  toDate(v: unknown): Date;
}

const pgKit: Kit = {
  dialect: 'postgres',
  label: 'PostgreSQL',
  url: PG_URL,
  restartCommand: PG_RESTART,
  async query(sql, params = []) {
    const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5_000 });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as Row[];
    } finally {
      await c.end().catch(() => undefined);
    }
  },
  ddl: [
    'DROP TABLE IF EXISTS purchase_order, tracker_event_log, x',
    `CREATE TABLE purchase_order (
       po_no text PRIMARY KEY, status text, received_at timestamptz, logistics_no text, carrier_name text,
       qty integer NOT NULL DEFAULT 0)`,
    `CREATE TABLE tracker_event_log (
       idempotency_key text PRIMARY KEY, event_type text NOT NULL, order_id text NOT NULL, erp_ref text, bill_no text,
       status text, remark text, event_at timestamptz, occurred_at timestamptz NOT NULL)`,
    'CREATE TABLE x (id integer)',
  ],
  slowInsert: (s) => `INSERT INTO tracker_event_log (idempotency_key, event_type, order_id, occurred_at)
    SELECT :idempotencyKey, :type, :orderId, :occurredAt FROM pg_sleep(${s})`,
  async appSessions() {
    const r = await pgKit.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = '1688-tracker' AND pid <> pg_backend_pid()",
    );
    return Number(r[0]?.n);
  },
  async tableExists(name) {
    return (await pgKit.query('SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1', [name])).length === 1;
  },
  toDate: (v) => v as Date,
};

const mysqlKit: Kit = {
  dialect: 'mysql',
  label: 'MariaDB',
  url: MYSQL_URL,
  restartCommand: MYSQL_RESTART,
  async query(sql, params = []) {
    const c = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 5_000 });
    c.on('error', () => undefined);
    try {
      const [rows] = await c.query(sql, params);
      return (Array.isArray(rows) ? rows : []) as Row[];
    } finally {
      await c.end().catch(() => undefined);
    }
  },
  ddl: [
    'DROP TABLE IF EXISTS purchase_order, tracker_event_log, x',
    `CREATE TABLE purchase_order (
       po_no VARCHAR(64) PRIMARY KEY, status VARCHAR(32), received_at DATETIME(3) NULL, logistics_no VARCHAR(64),
       carrier_name VARCHAR(64), qty INT NOT NULL DEFAULT 0) CHARACTER SET utf8mb4`,
    `CREATE TABLE tracker_event_log (
       idempotency_key VARCHAR(191) PRIMARY KEY, event_type VARCHAR(64) NOT NULL, order_id VARCHAR(32) NOT NULL,
       erp_ref VARCHAR(64), bill_no VARCHAR(64), status VARCHAR(32), remark TEXT, event_at DATETIME(3) NULL,
       occurred_at DATETIME(3) NOT NULL) CHARACTER SET utf8mb4`,
    'CREATE TABLE x (id INT)',
  ],
  slowInsert: (s) => `INSERT INTO tracker_event_log (idempotency_key, event_type, order_id, occurred_at)
    SELECT :idempotencyKey, :type, :orderId, :occurredAt FROM (SELECT SLEEP(${s}) AS z) AS s`,
  async appSessions() {
    // The admin connection is the same user: count the others.
    const r = await mysqlKit.query(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = 'tracker_test' AND ID <> CONNECTION_ID()",
    );
    return Number(r[0]?.n);
  },
  async tableExists(name) {
    return (await mysqlKit.query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [name])).length === 1;
  },
  toDate: (v) => v as Date,
};

function captureLogger(): Logger & { lines: { level: string; msg: string; fields?: LogFields }[] } {
  const lines: { level: string; msg: string; fields?: LogFields }[] = [];
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const run = (cmd: string) =>
  new Promise<{ ms: number }>((resolve, reject) => {
    const t0 = Date.now();
    execFile('sh', ['-c', cmd], { timeout: 90_000 }, (err, _stdout, stderr) =>
      err ? reject(new Error(`${cmd} failed: ${err.message} ${stderr}`)) : resolve({ ms: Date.now() - t0 }),
    );
  });

let seq = 0;
/** A payload of `type` (from the samples) with a fresh idempotency key and overrides. */
function event(type: SqlEventType, patch: (p: WritebackPayload) => void = () => undefined): { id: number; type: string; payload: string } {
  const p = structuredClone(SAMPLE_PAYLOADS[type]);
  patch(p);
  return { id: ++seq, type, payload: JSON.stringify(p) };
}
const fresh = (type: SqlEventType, key: string, patch: (p: WritebackPayload) => void = () => undefined) =>
  event(type, (p) => {
    p.idempotencyKey = key;
    patch(p);
  });

const never = () => new AbortController().signal;
const sleepUntil = (at: number) => new Promise((res) => setTimeout(res, Math.max(0, at - Date.now())));
const expectOk = (r: SqlDeliveryResult) => expect(r, JSON.stringify(r)).toEqual({ ok: true });
const expectTransient = (r: SqlDeliveryResult) => {
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (!r.ok) expect(r.permanent, r.error).toBe(false);
};

function suite(kit: Kit) {
  describe(`SQL write-back against ${kit.label}`, () => {
    const targets: SqlTarget[] = [];
    const make = (over: Partial<SqlWritebackConfig> = {}, logger: Logger = captureLogger()) => {
      const t = createSqlTarget(
        { dialect: kit.dialect, connectionString: kit.url, templates: EXAMPLE_TEMPLATES[kit.dialect], ...over },
        { logger },
      );
      targets.push(t);
      return t;
    };

    beforeAll(async () => {
      try {
        await kit.query('SELECT 1');
      } catch (e) {
        throw new Error(
          `${kit.label} is not reachable at ${redactConnectionString(kit.url)} (${(e as Error).message}). ` +
            '`npm test` starts them (scripts/provision.js); to run this file alone, start them with `sudo bash scripts/ci-databases.sh`.',
        );
      }
      for (const s of kit.ddl) await kit.query(s);
    });

    afterEach(async () => {
      await Promise.all(targets.splice(0).map((t) => t.close()));
    });

    afterAll(async () => {
      await kit.query('DROP TABLE IF EXISTS purchase_order, tracker_event_log, x').catch(() => undefined);
    });

    it('writes every event type with the example templates: Chinese text, 19-digit ids and times arrive exactly', async () => {
      await kit.query("INSERT INTO purchase_order (po_no, status) VALUES ('PO-2025-11-0042', 'ordered'), ('PO-2025-11-0043', 'ordered')");
      const t = make();
      for (const type of SQL_EVENT_TYPES) expectOk(await t.deliver(event(type), never()));

      const po = await kit.query("SELECT * FROM purchase_order WHERE po_no = 'PO-2025-11-0042'");
      const delivered = SAMPLE_PAYLOADS['shipment.delivered'];
      expect(po[0]).toMatchObject({ status: 'received', logistics_no: '78912345678901234567', carrier_name: '中通快递' });
      // order.delivered kept the parcel's signing time (COALESCE): the first write wins.
      expect(kit.toDate(po[0]?.received_at).toISOString()).toBe(delivered.shipment?.deliveredAt);
      // PO-…0043 had only an exception: untouched.
      expect((await kit.query("SELECT * FROM purchase_order WHERE po_no = 'PO-2025-11-0043'"))[0]).toMatchObject({ status: 'ordered', received_at: null });

      const log = await kit.query('SELECT * FROM tracker_event_log ORDER BY occurred_at');
      expect(log.map((r) => r.event_type)).toEqual(['shipment.status_changed', 'shipment.exception', 'shipment.returned', 'shipment.received']);
      for (const r of log) {
        const sample = SAMPLE_PAYLOADS[r.event_type as SqlEventType];
        expect(r).toMatchObject({
          idempotency_key: sample.idempotencyKey,
          order_id: sample.order.orderId,
          erp_ref: sample.order.erpRef ?? null,
          bill_no: sample.shipment?.billNo,
          status: sample.shipment?.status,
          remark: sample.event?.remark,
        });
        expect(String(r.order_id)).toMatch(/^\d{19}$/);
        expect(kit.toDate(r.event_at).toISOString()).toBe(sample.event?.at);
        expect(kit.toDate(r.occurred_at).toISOString()).toBe(sample.occurredAt);
      }
    });

    it('delivering the same events again changes nothing (the examples are idempotent)', async () => {
      const before = [
        await kit.query('SELECT * FROM purchase_order ORDER BY po_no'),
        await kit.query('SELECT * FROM tracker_event_log ORDER BY idempotency_key'),
      ];
      const t = make();
      for (let round = 0; round < 2; round++) for (const type of SQL_EVENT_TYPES) expectOk(await t.deliver(event(type), never()));
      const after = [
        await kit.query('SELECT * FROM purchase_order ORDER BY po_no'),
        await kit.query('SELECT * FROM tracker_event_log ORDER BY idempotency_key'),
      ];
      expect(after).toEqual(before);
    });

    it('values are bound, never executed: an injection attempt ends up verbatim in the row', async () => {
      const evil = "'); DROP TABLE x; --";
      const evilSeller = "\\'; DELETE FROM purchase_order; -- 义乌";
      const t = make();
      const e = fresh('shipment.status_changed', 'inject-1', (p) => {
        p.order.erpRef = evilSeller;
        if (p.event) p.event.remark = evil;
        if (p.shipment) p.shipment.billNo = "1' OR '1'='1";
      });
      const count = (await kit.query('SELECT COUNT(*) AS n FROM purchase_order'))[0]?.n;
      expectOk(await t.deliver(e, never()));
      const row = (await kit.query("SELECT * FROM tracker_event_log WHERE idempotency_key = 'inject-1'"))[0];
      expect(row).toMatchObject({ remark: evil, erp_ref: evilSeller, bill_no: "1' OR '1'='1" });
      expect(await kit.tableExists('x')).toBe(true);
      expect((await kit.query('SELECT COUNT(*) AS n FROM purchase_order'))[0]?.n).toEqual(count);
    });

    it('a refused statement is permanent and carries the database’s own message; nothing is written', async () => {
      const badColumn = make({
        templates: { 'shipment.delivered': 'UPDATE purchase_order SET recieved_at = :deliveredAt WHERE po_no = :erpRef' },
      });
      const r1 = await badColumn.deliver(event('shipment.delivered'), never());
      expect(r1).toMatchObject({ ok: false, permanent: true });
      if (!r1.ok) {
        expect(r1.error).toContain('recieved_at');
        expect(r1.error).toContain('表、列或函数不存在');
      }

      const badTable = make({ templates: { 'shipment.delivered': 'UPDATE purchase_orders SET status = :shipmentStatus WHERE po_no = :erpRef' } });
      expect(await badTable.deliver(event('shipment.delivered'), never())).toMatchObject({ ok: false, permanent: true });

      // A text value into a timestamp column: a data error.
      const badData = make({ templates: { 'shipment.exception': 'UPDATE purchase_order SET received_at = :remark WHERE po_no = :erpRef' } });
      const r3 = await badData.deliver(event('shipment.exception'), never());
      expect(r3).toMatchObject({ ok: false, permanent: true });
      if (!r3.ok) expect(r3.error).toContain('数据类型或取值不符合列的定义');

      // A template that is not idempotent hits the primary key the second time: a constraint violation.
      const plain = make({
        templates: {
          'shipment.exception':
            'INSERT INTO tracker_event_log (idempotency_key, event_type, order_id, occurred_at) VALUES (:idempotencyKey, :type, :orderId, :occurredAt)',
        },
      });
      const e = fresh('shipment.exception', 'dup-1');
      expectOk(await plain.deliver(e, never()));
      const r4 = await plain.deliver(e, never());
      expect(r4).toMatchObject({ ok: false, permanent: true });
      if (!r4.ok) expect(r4.error).toContain('违反数据库约束');

      // The failed transactions left nothing behind.
      expect(await kit.query("SELECT po_no FROM purchase_order WHERE received_at IS NOT NULL AND po_no <> 'PO-2025-11-0042'")).toEqual([]);
    });

    it('a wrong password is permanent (no lockout by retrying) and never echoed', async () => {
      const u = new URL(kit.url);
      u.password = 'Wrong-Secret-9431';
      const t = make({ connectionString: u.toString() });
      const r = await t.deliver(event('shipment.delivered'), never());
      expect(r).toMatchObject({ ok: false, permanent: true });
      if (!r.ok) {
        expect(r.error).toContain('数据库登录失败');
        expect(r.error).not.toContain('Wrong-Secret-9431');
      }
    });

    it('a statement over the timeout is transient and rolled back', async () => {
      const t = make({ statementTimeoutMs: 800, templates: { ...EXAMPLE_TEMPLATES[kit.dialect], 'shipment.exception': kit.slowInsert(2) } });
      const t0 = Date.now();
      const r = await t.deliver(fresh('shipment.exception', 'slow-timeout'), never());
      expect(Date.now() - t0).toBeLessThan(1_900);
      expectTransient(r);
      if (!r.ok) expect(r.error).toContain('数据库操作超时');
      // Past the end of the sleep: had the statement gone on, it would have committed by now.
      await sleepUntil(t0 + 2_400);
      expect(await kit.query("SELECT 1 FROM tracker_event_log WHERE idempotency_key = 'slow-timeout'")).toEqual([]);
      // The same pool is still usable (the timed-out connection was replaced or rolled back).
      expectOk(await t.deliver(fresh('shipment.status_changed', 'after-timeout'), never()));
      expect(await kit.query("SELECT 1 FROM tracker_event_log WHERE idempotency_key = 'after-timeout'")).toHaveLength(1);
    }, 20_000);

    it('an abort (dispatcher timeout, shutdown) returns at once as transient and rolls back', async () => {
      const t = make({ templates: { ...EXAMPLE_TEMPLATES[kit.dialect], 'shipment.exception': kit.slowInsert(2) } });
      const ac = new AbortController();
      const t0 = Date.now();
      setTimeout(() => ac.abort(), 300);
      const r = await t.deliver(fresh('shipment.exception', 'slow-abort'), ac.signal);
      expect(Date.now() - t0).toBeLessThan(1_000);
      expectTransient(r);
      if (!r.ok) expect(r.error).toContain('写入已中止');
      // An aborted signal before the call: nothing is attempted.
      const pre = new AbortController();
      pre.abort();
      expectTransient(await t.deliver(fresh('shipment.exception', 'pre-abort'), pre.signal));
      await sleepUntil(t0 + 2_400);
      expect(await kit.query("SELECT idempotency_key FROM tracker_event_log WHERE idempotency_key IN ('slow-abort', 'pre-abort')")).toEqual([]);
      // The destroyed connection was replaced.
      expectOk(await t.deliver(fresh('shipment.status_changed', 'after-abort'), never()));
      expect(await kit.query("SELECT 1 FROM tracker_event_log WHERE idempotency_key = 'after-abort'")).toHaveLength(1);
    }, 20_000);

    it('survives a server restart: mid-statement and between deliveries it is transient at worst, then the pool reconnects', async () => {
      const logger = captureLogger();
      const t = make(
        {
          templates: {
            ...EXAMPLE_TEMPLATES[kit.dialect],
            'shipment.returned': kit.slowInsert(4),
          },
        },
        logger,
      );
      expectOk(await t.deliver(fresh('shipment.exception', 'restart-before'), never()));

      // A statement in flight when the server goes down.
      const inFlight = t.deliver(fresh('shipment.returned', 'restart-inflight'), never());
      await new Promise((res) => setTimeout(res, 500));
      const restart = await run(kit.restartCommand);
      const mid = await inFlight;
      expect(mid.ok || !mid.permanent, JSON.stringify(mid)).toBe(true);

      // The pool's idle connection died with the server: the next delivery succeeds on a new
      // connection or, at worst, reports a transient failure.
      const first = await t.deliver(fresh('shipment.exception', 'restart-after-1'), never());
      expect(first.ok || !first.permanent, JSON.stringify(first)).toBe(true);
      const retried = first.ok ? first : await t.deliver(fresh('shipment.exception', 'restart-after-1'), never());
      expectOk(retried);
      expectOk(await t.deliver(fresh('shipment.exception', 'restart-after-2'), never()));
      // Re-sending the in-flight event (the dispatcher would) works too, whatever happened to it.
      expectOk(await t.deliver(fresh('shipment.returned', 'restart-inflight'), never()));

      const keys = (await kit.query("SELECT idempotency_key FROM tracker_event_log WHERE idempotency_key LIKE 'restart-%' ORDER BY idempotency_key")).map(
        (r) => r.idempotency_key,
      );
      expect(keys).toEqual(['restart-after-1', 'restart-after-2', 'restart-before', 'restart-inflight']);
      expect(await kit.appSessions()).toBeLessThanOrEqual(2);
      // Nothing about the restart was taken for a refusal.
      const failures = logger.lines.filter((l) => l.msg === 'sql writeback: failed');
      expect(failures.filter((l) => l.fields?.permanent !== false)).toEqual([]);
      // For the report: what the restart looked like from the target.
      console.info(
        `[${kit.label}] restart ${restart.ms} ms; in-flight → ${mid.ok ? 'ok' : `transient: ${mid.error}`}; ` +
          `next → ${first.ok ? 'ok' : `transient: ${first.error}`}`,
      );
    }, 90_000);

    it('an event type without a template is acknowledged without touching the database', async () => {
      const t = make({ connectionString: kit.url.replace(/:\d+\//, ':1/'), templates: { 'shipment.delivered': EXAMPLE_TEMPLATES[kit.dialect]['shipment.delivered'] } });
      expectOk(await t.deliver(event('order.delivered'), never()));
      // …while an event that has one does try (and finds nothing listening on port 1).
      expectTransient(await t.deliver(event('shipment.delivered'), never()));
    });

    it('close() ends the pool; later deliveries fail transiently without connecting', async () => {
      const t = make();
      expectOk(await t.deliver(fresh('shipment.status_changed', 'close-1'), never()));
      expect(await t.check()).toEqual({ ok: true });
      expect(await kit.appSessions()).toBeGreaterThanOrEqual(1);
      await t.close();
      let open = await kit.appSessions();
      for (let i = 0; i < 20 && open > 0; i++) {
        await new Promise((res) => setTimeout(res, 100));
        open = await kit.appSessions();
      }
      expect(open).toBe(0);
      expectTransient(await t.deliver(fresh('shipment.status_changed', 'close-2'), never()));
      expect(await kit.appSessions()).toBe(0);
      await t.close(); // twice is fine
    });
  });
}

suite(pgKit);
suite(mysqlKit);
