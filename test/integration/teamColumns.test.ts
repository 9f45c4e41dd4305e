// Team mode carries the parcel's newer columns over a real PostgreSQL to real SQLite replicas:
// the status evidence and 1688 status time (migration 5), first scan and problems (migration 10),
// and the clerk's received mark (migration 6): up as an action with an idempotency key, down the
// log to every desktop (its alerts resolved there too), never undone, and handed to the ERP by
// the leader of the parcel's account alone.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { openAlert, openDesk, pollerWrites, stopDesks, until, withPg, type Desk } from '../team/teamRig';

let cluster: PgCluster;
let url: string;
let a: Desk, b: Desk, c: Desk;
const received: { desk: string; orderId: string; logisticsId: string; receivedAt: number }[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
  url = await cluster.createDatabase('columns');
  const desk = (name: string, accounts: string[]) =>
    openDesk(url, name, accounts, { onReceived: (r) => received.push({ desk: name, orderId: r.orderId, logisticsId: r.logisticsId, receivedAt: r.receivedAt }) });
  a = desk('alice', ['m1']);
  await a.member.start();
  await until('alice polls m1', () => a.member.lease.isLeader('m1'));
  b = desk('bob', ['m1']);
  await b.member.start();
  c = desk('carol', []);
  await c.member.start();
}, 60_000);
afterAll(async () => {
  await stopDesks([a, b, c]);
  cluster?.stop();
});

const pullAll = () => Promise.all([a, b, c].map((d) => d.member.pull()));
const parcel = (d: Desk, orderId: string) =>
  d.store.db
    .prepare(
      `SELECT status, evidence, status_1688, status_1688_at, first_scan_at, problems, last_problem_at, received_at
       FROM shipments WHERE order_id = ?`,
    )
    .get(orderId) as Record<string, unknown> | undefined;
const evidence = JSON.stringify({ step: { at: 1_700_000_120_000, rule: 'exception.damaged' }, status1688: { code: 'NOGET', agrees: 'contradicts' } });

/** The poller's sync writes a judged parcel: its evidence and 1688's status time, and a problem step. */
function judgedParcel(d: Desk, orderId: string) {
  pollerWrites(d.store, 'm1', orderId, 1);
  d.store.transaction(() => {
    const sid = (d.store.db.prepare('SELECT id FROM shipments WHERE order_id = ?').get(orderId) as { id: number }).id;
    d.store.db
      .prepare("INSERT INTO trace_events (shipment_id, occurred_at, remark, stage, first_seen_at) VALUES (?, ?, '包裹破损，网点滞留', 'exception', ?)")
      .run(sid, 1_700_000_120_000, 1_700_000_130_000);
    d.store.db
      .prepare("UPDATE shipments SET status = 'exception', evidence = ?, status_1688 = 'NOGET', status_1688_at = ?, updated_at = ? WHERE id = ?")
      .run(evidence, 1_700_000_125_000, 1_700_000_130_000, sid);
  });
}

describe('the newer parcel columns in a team', () => {
  it('every replica shows the poller’s evidence, 1688 status time, first scan and problems', async () => {
    const oid = '3400000000000000001';
    judgedParcel(a, oid);
    const want = parcel(a, oid);
    expect(want).toMatchObject({ status: 'exception', evidence, status_1688_at: 1_700_000_125_000, first_scan_at: 1_700_000_060_000, problems: 1 });
    await until('replicated to bob and carol', async () => {
      await pullAll();
      return [b, c].every((d) => JSON.stringify(parcel(d, oid)) === JSON.stringify(want));
    });
    // and the desk's figures from them: the supplier scorecard's problem parcels are the same
    const problems = (d: Desk) => d.store.db.prepare('SELECT COUNT(*) AS n FROM shipments WHERE problems <> 0').get();
    expect(problems(c)).toEqual(problems(a));
  });

  it('a follower’s received mark reaches every desktop once, resolves the alerts there, and only the leader hands it to the ERP', async () => {
    const oid = '3400000000000000002';
    judgedParcel(a, oid);
    openAlert(a.store, oid, 1_700_000_200_000);
    await until('parcel and alert on carol', async () => {
      await pullAll();
      return c.store.db.prepare('SELECT 1 FROM alerts WHERE order_id = ? AND resolved_at IS NULL').get(oid);
    });
    const sid = (c.store.db.prepare('SELECT id FROM shipments WHERE order_id = ?').get(oid) as { id: number }).id;
    const at = 1_700_000_300_000;
    // what shipments.markReceived writes on carol's desktop (the handler's store write)
    c.store.transaction(() => expect(c.store.arrivals.markReceived(sid, at)).not.toBeNull());
    expect((await c.member.status()).pendingOps).toBe(1);
    await until('received everywhere', async () => {
      await c.member.push();
      await pullAll();
      return [a, b, c].every((d) => parcel(d, oid)?.received_at === at) && (await c.member.status()).pendingOps === 0;
    });
    for (const d of [a, b, c]) expect(d.store.db.prepare('SELECT resolved_at FROM alerts WHERE order_id = ?').get(oid)).toEqual({ resolved_at: at });
    // the ERP hears it from alice alone (she polls m1), once
    expect(received.filter((r) => r.orderId === oid)).toEqual([{ desk: 'alice', orderId: oid, logisticsId: `LP${oid}`, receivedAt: at }]);
    const server = await withClient((x) => x.query("SELECT received_at, received_by FROM team_shipments WHERE order_id = $1", [oid]));
    expect(server.rows).toEqual([{ received_at: String(at), received_by: 'carol' }]);
    // the poller's next write of that parcel keeps the mark (it is the clerks')
    pollerWrites(a.store, 'm1', oid, 2);
    await until('poller write replicated', async () => {
      await pullAll();
      const count = (d: Desk) => (d.store.db.prepare('SELECT event_count FROM shipments WHERE order_id = ?').get(oid) as { event_count: number }).event_count;
      return count(a) === 1 && count(c) === 1;
    });
    for (const d of [a, b, c]) expect(parcel(d, oid)?.received_at).toBe(at);
  });

  it('two clerks marking one parcel at once: the first by the server’s order stays everywhere, the ERP hears it once', async () => {
    const oid = '3400000000000000003';
    judgedParcel(a, oid);
    await until('parcel on bob and carol', async () => {
      await pullAll();
      return [b, c].every((d) => parcel(d, oid));
    });
    const sidOf = (d: Desk) => (d.store.db.prepare('SELECT id FROM shipments WHERE order_id = ?').get(oid) as { id: number }).id;
    b.store.transaction(() => b.store.arrivals.markReceived(sidOf(b), 1_700_000_400_000));
    c.store.transaction(() => c.store.arrivals.markReceived(sidOf(c), 1_700_000_400_500));
    await Promise.all([b.member.push(), c.member.push()]);
    const server = await withClient((x) => x.query('SELECT received_at FROM team_shipments WHERE order_id = $1', [oid]));
    const first = Number(server.rows[0].received_at);
    expect([1_700_000_400_000, 1_700_000_400_500]).toContain(first);
    await until('one received time everywhere', async () => {
      await pullAll();
      return [a, b, c].every((d) => parcel(d, oid)?.received_at === first);
    });
    expect(received.filter((r) => r.orderId === oid).map((r) => r.desk)).toEqual(['alice']);
    const actions = await withClient((x) => x.query("SELECT COUNT(*)::int AS n FROM team_actions WHERE kind = 'markReceived' AND payload->>'orderId' = $1", [oid]));
    expect(actions.rows[0].n).toBe(2);
  });
});

const withClient = <T>(fn: (c: pg.Client) => Promise<T>) => withPg(url, fn);
