// Team mode over a real PostgreSQL (a throwaway cluster this file starts) and real SQLite files:
// the schema's migrations, the change log down to replicas, fencing, clerk actions up, a hostile
// row, PostgreSQL going away and coming back.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTeamSchema, TeamSchemaTooNewError, PG_MIGRATIONS, LATEST_TEAM_SCHEMA } from '../../electron/core/team/pgMigrations';
import { FencedError, writePollerBatch } from '../../electron/core/team/pgRecord';
import { parseChange } from '../../electron/core/team/teamChanges';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { openAlert, openDesk, pollerWrites, stopDesks, until, withPg, type Desk } from '../team/teamRig';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 60_000);
afterAll(() => cluster?.stop());

const withClient = withPg;

const orderIds = (d: Desk) => (d.store.db.prepare('SELECT id FROM orders ORDER BY id').all() as { id: string }[]).map((r) => r.id);

describe('team schema migrations', () => {
  it('creates the schema once, is a no-op the second time, and refuses a newer schema without touching it', async () => {
    const url = await cluster.createDatabase('mig');
    await withClient(url, async (c) => {
      expect(await migrateTeamSchema(c)).toBe(PG_MIGRATIONS.length);
      expect(await migrateTeamSchema(c)).toBe(PG_MIGRATIONS.length);
      const tables = await c.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'team_%' ORDER BY 1");
      expect(tables.rows.map((r) => r.tablename)).toEqual(
        expect.arrayContaining(['team_actions', 'team_alerts', 'team_changes', 'team_leases', 'team_orders', 'team_schema', 'team_shipments', 'team_steps']),
      );
      await c.query("INSERT INTO team_schema (version, name) VALUES (99, 'from the future')");
      const err = await migrateTeamSchema(c).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TeamSchemaTooNewError);
      expect((err as Error).message).toContain('99');
    });
  });

  it('rolls a failing migration back whole', async () => {
    const url = await cluster.createDatabase('migfail');
    await withClient(url, async (c) => {
      await migrateTeamSchema(c);
      const bad = [...PG_MIGRATIONS, { version: LATEST_TEAM_SCHEMA + 1, name: 'broken', sql: 'CREATE TABLE team_half (x int); SELECT 1/0;' }];
      await expect(migrateTeamSchema(c, bad)).rejects.toThrow(/division by zero/);
      const half = await c.query("SELECT 1 FROM pg_tables WHERE tablename = 'team_half'");
      expect(half.rowCount).toBe(0);
      expect((await c.query('SELECT max(version) AS v FROM team_schema')).rows[0].v).toBe(LATEST_TEAM_SCHEMA);
    });
  });
});

describe('three desktops on one team database', () => {
  let url: string;
  let a: Desk, b: Desk, c: Desk;
  beforeAll(async () => {
    url = await cluster.createDatabase('team3');
    a = openDesk(url, 'alice', ['m1']);
    await a.member.start();
    b = openDesk(url, 'bob', ['m1']);
    await b.member.start();
    c = openDesk(url, 'carol', []); // holds no credentials: never polls
    await c.member.start();
  }, 60_000);
  afterAll(() => stopDesks([a, b, c]));

  it('elects exactly one poller for the account and tells everyone who it is', async () => {
    const sa = await a.member.status();
    const sb = await b.member.status();
    expect(sa.accounts).toEqual([{ id: 'm1', role: 'leader', leaseHolder: 'alice', fencingToken: 1 }]);
    expect(sb.accounts).toEqual([{ id: 'm1', role: 'follower', leaseHolder: 'alice', fencingToken: 1 }]);
    // carol holds no credentials: the account reached her from alice, she follows it and sees who polls
    await until('carol has the team’s account', () => c.store.db.prepare("SELECT 1 FROM accounts WHERE member_id = 'm1' AND team_only = 1").get());
    expect((await c.member.status()).accounts).toEqual([{ id: 'm1', role: 'follower', leaseHolder: 'alice', fencingToken: 1 }]);
  });

  it("the poller's writes reach every replica, steps not doubled when sent again", async () => {
    pollerWrites(a.store, 'm1', '3100000000000000001', 1);
    pollerWrites(a.store, 'm1', '3100000000000000001', 2);
    pollerWrites(a.store, 'm1', '3100000000000000002', 1);
    await until('replicas', () => orderIds(b).length === 2 && orderIds(c).length === 2);
    const steps = (d: Desk) => (d.store.db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
    await until('steps', () => steps(c) === 3);
    // the same steps captured again (a crash between PostgreSQL's commit and forgetting them)
    a.store.db.exec("INSERT INTO team_dirty SELECT 'step', json_array(shipment_id, occurred_at, remark) FROM trace_events");
    await a.member.push();
    await c.member.pull();
    expect(steps(c)).toBe(3);
    const n = await withClient(url, async (x) => (await x.query('SELECT count(*)::int AS n FROM team_steps')).rows[0].n);
    expect(n).toBe(3);
    // a follower's own sync-table writes are not the team's: never sent
    expect(b.store.db.prepare('SELECT COUNT(*) AS n FROM team_dirty').get()).toEqual({ n: 0 });
    const row = c.store.db.prepare("SELECT seller_company, status FROM orders WHERE id = '3100000000000000001'").get();
    expect(row).toEqual({ seller_company: '义乌小商品', status: 'in_transit' });
    // the replica's search finds it
    expect(c.store.queries.list({ tab: 'all', q: '义乌', sort: 'updatedAt', dir: 'desc', limit: 10, offset: 0 } as never)).toBeTruthy();
  });

  it('PostgreSQL refuses a stale fencing token in the write transaction itself', async () => {
    const before = await withClient(url, async (x) => (await x.query('SELECT count(*)::int AS n FROM team_changes')).rows[0].n);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const stale = { account: 'm1', holder: 'bob', token: 1 };
      const err = await writePollerBatch(pool, stale, [
        { entity: 'setting', key: 'x', value: 1 },
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FencedError);
      expect((err as Error).message).toMatch(/stale fencing token 1 of bob/);
    } finally {
      await pool.end();
    }
    const after = await withClient(url, async (x) => (await x.query('SELECT count(*)::int AS n FROM team_changes')).rows[0].n);
    expect(after).toBe(before);
  });

  it('a hostile or malformed change row is refused with a clear error and the rest still replicate', async () => {
    await withClient(url, async (x) => {
      await x.query('BEGIN');
      await x.query('SELECT pg_advisory_xact_lock(168800002)');
      const ins = "INSERT INTO team_changes (seq, entity, data) VALUES (nextval('team_change_seq'), $1, $2)";
      await x.query(ins, ['order', { entity: 'order', id: "1; DROP TABLE orders", account: null, row: {}, archived: false, erpRef: null }]);
      await x.query(ins, ['nonsense', { hello: 'world' }]);
      await x.query(ins, ['setting', { entity: 'setting', key: 'team.note', value: '<script>alert(1)</script>' }]);
      await x.query('COMMIT');
    });
    pollerWrites(a.store, 'm1', '3100000000000000003', 1);
    await until('order after the hostile rows', () => orderIds(c).includes('3100000000000000003'));
    const setting = c.store.db.prepare("SELECT value FROM settings WHERE key = 'team.team.note'").get() as { value: string };
    expect(JSON.parse(setting.value)).toBe('<script>alert(1)</script>'); // stored as text, shown escaped by React
    expect(orderIds(c)).not.toContain('1; DROP TABLE orders');
    expect(() => parseChange(999_999, { entity: 'order', id: 'abc' })).toThrow(/团队变更 #999999 格式不正确.*id/);
  });

  it('two clerks acknowledging one alert at once end with one result everywhere, and the poller never undoes it', async () => {
    const oid = '3100000000000000001';
    openAlert(a.store, oid, 1_700_000_500_000);
    await until('alert on bob and carol', () =>
      [b, c].every((d) => d.store.db.prepare('SELECT 1 FROM alerts WHERE order_id = ?').get(oid)),
    );
    // exactly what the alerts.ack handler does: the store's own ack; the team queues it by itself
    const ackOn = (d: Desk, note: string) => {
      const al = d.store.db.prepare('SELECT id FROM alerts WHERE order_id = ?').get(oid) as { id: number };
      expect(d.store.alerts.ack(al.id, note, Date.now())).toBe(true);
    };
    ackOn(b, '已联系卖家');
    ackOn(c, '客服说明天到');
    // each desktop shows its own ack at once, before the server answers
    expect(b.store.db.prepare('SELECT ack_note FROM alerts WHERE order_id = ?').get(oid)).toEqual({ ack_note: '已联系卖家' });
    const view = (d: Desk) => d.store.db.prepare('SELECT acked_at IS NOT NULL AS acked, ack_note FROM alerts WHERE order_id = ?').get(oid);
    await until('one result everywhere', async () => {
      await Promise.all([a, b, c].map((d) => d.member.pull()));
      const v = [a, b, c].map(view);
      return v.every((x) => JSON.stringify(x) === JSON.stringify(v[0])) && (await c.member.status()).pendingOps === 0 && (await b.member.status()).pendingOps === 0;
    });
    const server = await withClient(url, async (x) => (await x.query('SELECT ack_note, acked_by FROM team_alerts')).rows[0]);
    expect(view(a)).toEqual({ acked: 1, ack_note: server.ack_note });
    // the poller resolves the alert afterwards with its own (ack-less) copy: the ack stays
    a.store.db.prepare('UPDATE alerts SET resolved_at = ?, updated_at = ? WHERE order_id = ?').run(1_700_000_900_000, 1_700_000_900_000, oid);
    await until('resolution replicated', () =>
      (c.store.db.prepare('SELECT resolved_at FROM alerts WHERE order_id = ?').get(oid) as { resolved_at: number | null }).resolved_at !== null,
    );
    expect(view(c)).toEqual({ acked: 1, ack_note: server.ack_note });
  });

  it('PostgreSQL down: desktops keep working from their replica, queue actions, and catch up when it returns', async () => {
    cluster.stopServer();
    try {
      const st = await b.member.status();
      expect(st.online).toBe(false);
      // reads are local
      expect(orderIds(b)).toContain('3100000000000000001');
      b.store.orders.setArchived('3100000000000000002', true, Date.now()); // what orders.archive does
      b.store.orders.addTracked('3100000000000000099', 'manual', 'ERP-77', Date.now()); // what orders.add does
      // (the poller lost its lease with the connection: its gate is closed, it polls nothing until it leads again)
      await until('the poller noticed', () => !a.member.lease.isLeader('m1'));
      expect((await b.member.status()).pendingOps).toBe(2);
    } finally {
      cluster.restart();
    }
    await until(
      'catch-up after the server returned',
      async () => {
        await Promise.all([a, b, c].map((d) => d.member.pull()));
        const archived = c.store.db.prepare("SELECT archived FROM orders WHERE id = '3100000000000000002'").get() as { archived: number };
        return (
          archived.archived === 1 &&
          orderIds(c).includes('3100000000000000099') &&
          (await b.member.status()).pendingOps === 0
        );
      },
      40_000,
    );
    expect((await c.member.status()).online).toBe(true);
    expect(c.store.db.prepare("SELECT source, erp_ref FROM orders WHERE id = '3100000000000000099'").get()).toEqual({ source: 'manual', erp_ref: 'ERP-77' });
  }, 60_000);
});

describe('accounts added or dropped on a running desktop', () => {
  it('an account added is polled without a restart; one dropped hands its lease to another member at once', async () => {
    const url = await cluster.createDatabase('liveaccounts');
    let alicePolls: readonly string[] = [];
    const a = openDesk(url, 'alice', [], { liveAccounts: () => alicePolls });
    const b = openDesk(url, 'bob', ['m1']);
    try {
      await a.member.start();
      expect((await a.member.status()).accounts).toEqual([]);
      alicePolls = ['m1']; // the clerk adds the account on alice's desktop
      await until('alice polls the new account', () => a.member.lease.isLeader('m1'));
      await b.member.start();
      expect((await b.member.status()).accounts).toEqual([{ id: 'm1', role: 'follower', leaseHolder: 'alice', fencingToken: 1 }]);
      alicePolls = []; // removed (or paused) on alice's desktop
      await until('bob polls it', () => b.member.lease.isLeader('m1'));
      expect(a.member.lease.isLeader('m1')).toBe(false);
      expect((await b.member.status()).accounts).toEqual([{ id: 'm1', role: 'leader', leaseHolder: 'bob', fencingToken: 2 }]);
    } finally {
      await stopDesks([a, b]);
    }
  }, 60_000);
});

describe('joining with a solo database', () => {
  it('uploads orders, parcels, steps and alerts once; what the team already has is not doubled or overwritten', async () => {
    const url = await cluster.createDatabase('join');
    const team = openDesk(url, 'erin', ['m9']);
    await team.member.start();
    pollerWrites(team.store, 'm9', '3400000000000000001', 1);
    await team.member.push();
    // a solo desktop that tracked one of the same orders (older data) and one of its own
    const solo = openDesk(url, 'frank', ['m9']);
    pollerWrites(solo.store, 'm9', '3400000000000000001', 1, 1_600_000_000_000);
    pollerWrites(solo.store, 'm9', '3400000000000000002', 1);
    pollerWrites(solo.store, 'm9', '3400000000000000002', 2);
    openAlert(solo.store, '3400000000000000002', 1_700_000_700_000);
    try {
      await solo.member.connectOnly({ register: true });
      const first = await solo.member.uploadExisting();
      expect(first).toBeGreaterThan(0);
      const count = async () =>
        withClient(url, async (x) =>
          (
            await x.query(
              `SELECT (SELECT count(*)::int FROM team_orders) AS orders, (SELECT count(*)::int FROM team_steps) AS steps,
                 (SELECT count(*)::int FROM team_alerts) AS alerts, (SELECT count(*)::int FROM team_changes) AS changes`,
            )
          ).rows[0],
        );
      const after = await count();
      expect(after).toMatchObject({ orders: 2, alerts: 1 });
      // the team's newer copy of the shared order was kept
      const kept = await withClient(url, async (x) => (await x.query("SELECT data->>'updated_at' AS u FROM team_orders WHERE id = '3400000000000000001'")).rows[0].u);
      expect(Number(kept)).toBe(1_700_000_060_000);
      // joining again uploads nothing new and appends nothing to the log
      await solo.member.uploadExisting();
      expect(await count()).toEqual(after);
    } finally {
      await solo.member.stop();
      solo.store.close();
      await team.member.stop();
      team.store.close();
    }
  });
});

