// A clerk's 已收货 made while the team has no poller (the leader just killed with kill -9) reaches
// the ERP exactly once. Real processes: alice and bob run `tracker team run` (the real
// bin/tracker.js) with the account's credentials and the ERP webhook set; carol is a desktop core
// in this process without credentials (she only follows) and the same ERP set. One real
// PostgreSQL, the sandbox gateway and a real ERP webhook receiver over HTTP. The mark reaches the
// surviving member before it takes the lease over (a long lease tick widens that window): it is
// claimed in PostgreSQL by that member once it leads and written to its outbox only — not on
// carol's desktop, not again when the killed leader comes back.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../shared/contract';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { memorySecretStore, silentLogger, systemClock } from '../../electron/core/ports';
import { attachTeamMember, createPollGate } from '../../electron/core/team/teamMode';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { until, withPg } from '../team/teamRig';
import { startErpReceiver, type ErpReceiver } from '../helpers/erpReceiver';
import { ROOT, runTracker, TRACKER_BIN } from '../helpers/trackerCli';

type Name = 'alice' | 'bob';
const NAMES: Name[] = ['alice', 'bob'];

let cluster: PgCluster;
let gw: SandboxGateway;
let erp: ErpReceiver;
let dbUrl: string;
const dirs = {} as Record<Name | 'carol', string>;
const running = new Map<Name, ChildProcess>();
let carol: { core: Awaited<ReturnType<typeof createTrackerCore>>; gate: ReturnType<typeof createPollGate> } | null = null;

const envFor = (name: Name): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: os.tmpdir(),
  TRACKER_DATA_DIR: dirs[name],
  TRACKER_GATEWAY_URL: gw.url,
  TRACKER_QPS: '10',
  TRACKER_ERP_WEBHOOK_URL: erp.url,
  TRACKER_ERP_WEBHOOK_SECRET: erp.secret,
  // A long lease tick: after kill -9 the survivor takes over only at its next tick (≤ 5 s), so a
  // mark made at the kill is pulled by it before it leads.
  TRACKER_TEAM_LEASE_TTL_MS: '12000',
  TRACKER_TEAM_LEASE_TICK_MS: '5000',
  TRACKER_TEAM_POLL_MS: '500',
});

function runMember(name: Name) {
  const child = spawn(process.execPath, [TRACKER_BIN, 'team', 'run'], { cwd: ROOT, env: envFor(name), stdio: ['ignore', 'ignore', 'ignore'] });
  running.set(name, child);
}

async function kill9(name: Name) {
  const child = running.get(name)!;
  running.delete(name);
  const closed = new Promise((r) => child.once('close', r));
  child.kill('SIGKILL');
  await closed;
}

const q = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> =>
  withPg(dbUrl, async (c) => (await c.query<T>(sql, params)).rows);

function readDb<T>(name: Name, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dirs[name], 'tracker.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  cluster = await startPgCluster();
  gw = await startSandboxGateway({ seed: 41, orders: 12, members: 1, qpsCap: 10 });
  erp = await startErpReceiver();
  dbUrl = await cluster.createDatabase('erp_failover');
  const m = gw.members[0]!;
  for (const n of NAMES) {
    dirs[n] = fs.mkdtempSync(path.join(os.tmpdir(), `team-erp-${n}-`));
    const creds = { TRACKER_APP_KEY: gw.credentials.appKey, TRACKER_APP_SECRET: gw.credentials.appSecret, TRACKER_ACCESS_TOKEN: m.accessToken, TRACKER_REFRESH_TOKEN: m.refreshToken };
    const add = await runTracker(['accounts', 'add', '--name', '采购主账号'], { ...envFor(n), ...creds });
    expect(add.code, add.stderr).toBe(0);
    const join = await runTracker(['team', 'join', '--database-url', dbUrl, '--name', n, '--tls', 'disable', '--json'], envFor(n));
    expect(join.code, join.stderr).toBe(0);
  }
  // carol: a desktop in this process, no credentials, the same ERP
  dirs.carol = fs.mkdtempSync(path.join(os.tmpdir(), 'team-erp-carol-'));
  const secrets = memorySecretStore();
  const gate = createPollGate();
  const core = await createTrackerCore({ dataDir: dirs.carol, secrets, notifier: { notify: () => undefined }, logger: silentLogger, gatewayUrl: gw.url, pollGate: gate, env: {} });
  await attachTeamMember({ core, secrets, logger: silentLogger, clock: systemClock, gate });
  await core.handle('settings.update', { erpWebhookUrl: erp.url, erpWebhookSecret: erp.secret });
  carol = { core, gate };
}, 120_000);

afterAll(async () => {
  for (const n of [...running.keys()]) await kill9(n);
  if (carol) {
    await carol.gate.stop();
    await carol.core.stop();
  }
  await erp?.close();
  await gw?.close();
  cluster?.stop();
  for (const d of Object.values(dirs)) fs.rmSync(d, { recursive: true, force: true });
});

describe('已收货 during a failover', () => {
  it('a mark made as the leader is killed reaches the ERP exactly once, from the member that takes over', async () => {
    const core = carol!.core;
    await core.handle('team.join', { databaseUrl: dbUrl, member: 'carol', tls: 'disable' });
    core.start();
    for (const n of NAMES) runMember(n);
    const lease = async () => (await q<{ holder: string | null; token: string }>('SELECT holder, token FROM team_leases'))[0];
    const first = await until('a poller', async () => (await lease())?.holder ?? null, 60_000);
    const parcel = await until(
      'carol has a parcel to receive',
      () =>
        core.internals.store.db
          .prepare('SELECT order_id AS orderId, logistics_id AS logisticsId FROM shipments WHERE received_at IS NULL ORDER BY id LIMIT 1')
          .get() as { orderId: string; logisticsId: string } | undefined,
      90_000,
    );
    const key = `shipment.received:${parcel.orderId}:${parcel.logisticsId}`;
    const leader = first as Name;
    const survivor: Name = leader === 'alice' ? 'bob' : 'alice';

    // kill -9 of the leader; at that moment carol's clerk marks the parcel received
    await kill9(leader);
    const marked = (await core.handle('shipments.markReceived', parcel)) as MethodOutput<'shipments.markReceived'>;
    expect(marked).toMatchObject({ alreadyReceived: false, erpEvent: 'no_erp' });
    const survivorHasMark = () =>
      readDb(survivor, (db) => db.prepare('SELECT received_at FROM shipments WHERE order_id = ? AND logistics_id = ?').get(parcel.orderId, parcel.logisticsId)) as
        | { received_at: number | null }
        | undefined;
    await until('the survivor pulled the mark', () => survivorHasMark()?.received_at ?? null, 30_000);

    // the ERP hears it, from the survivor once it leads
    await erp.waitFor(() => erp.requests.some((r) => r.key === key), 60_000, 'the received event at the ERP');
    expect((await lease())?.holder).toBe(survivor);
    expect(await q('SELECT erp_by FROM team_shipments WHERE order_id = $1 AND logistics_id = $2', [parcel.orderId, parcel.logisticsId])).toEqual([
      { erp_by: survivor },
    ]);
    expect(core.internals.store.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'shipment.received'").get()).toEqual({ n: 0 });

    // the killed leader comes back: it catches up, sends what its outbox held, and not this mark
    runMember(leader);
    await until(
      'the old leader caught up and its outbox is drained',
      () =>
        readDb(leader, (db) => {
          const mark = db.prepare('SELECT received_at FROM shipments WHERE order_id = ? AND logistics_id = ?').get(parcel.orderId, parcel.logisticsId) as
            | { received_at: number | null }
            | undefined;
          const pending = (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
          return mark?.received_at && pending === 0 ? true : null;
        }),
      60_000,
    );
    await until('the survivor’s outbox is drained', () => readDb(survivor, (db) => (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n === 0 || null), 60_000);
    expect(erp.requests.filter((r) => r.key === key)).toHaveLength(1);
    expect(erp.duplicates.filter((d) => d.key === key)).toHaveLength(0);
    expect(readDb(leader, (db) => db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE idempotency_key = ?').get(key))).toEqual({ n: 0 });
    expect(readDb(survivor, (db) => db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE idempotency_key = ?').get(key))).toEqual({ n: 1 });
  }, 240_000);
});
