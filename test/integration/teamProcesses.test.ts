// Team mode with real processes: three `tracker team run` members (the real bin/tracker.js) over
// one throwaway PostgreSQL and the sandbox gateway over real HTTP. One polls; the others follow
// from the change log. kill -9 of the poller → another member takes the lease and polls; the
// poller's PostgreSQL connections cut while it lives → it says it stopped and another takes over;
// nothing lost or doubled; a member away for a while catches up from its cursor.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { until } from '../team/teamRig';
import { ROOT as root, runTracker, TRACKER_BIN } from '../helpers/trackerCli';

const NAMES = ['alice', 'bob', 'carol'] as const;
type Name = (typeof NAMES)[number];

let cluster: PgCluster;
let gw: SandboxGateway;
let dbUrl: string;
const dirs = {} as Record<Name, string>;
const running = new Map<Name, { child: ChildProcess; stderr: () => string }>();

const envFor = (name: Name): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: os.tmpdir(),
  TRACKER_DATA_DIR: dirs[name],
  TRACKER_GATEWAY_URL: gw.url,
  TRACKER_LOG_LEVEL: 'info',
  TRACKER_TEAM_LEASE_TTL_MS: '8000',
  TRACKER_TEAM_LEASE_TICK_MS: '1000',
  TRACKER_TEAM_POLL_MS: '1000',
});

const tracker = runTracker;

function runMember(name: Name) {
  const child = spawn(process.execPath, [TRACKER_BIN, 'team', 'run'], { cwd: root, env: envFor(name), stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.on('data', () => undefined);
  running.set(name, { child, stderr: () => err });
}

async function stopMember(name: Name, signal: NodeJS.Signals) {
  const m = running.get(name);
  if (!m) return;
  running.delete(name);
  const closed = new Promise((r) => m.child.once('close', r));
  m.child.kill(signal);
  await closed;
}

async function q<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

const lease = async () => (await q<{ holder: string | null; token: string; live: boolean }>('SELECT holder, token, expires_at > now() AS live FROM team_leases'))[0];

function replica(name: Name) {
  const db = new Database(path.join(dirs[name], 'tracker.db'), { readonly: true, fileMustExist: true });
  try {
    const orders = (db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n;
    const steps = (db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
    const calls = (db.prepare('SELECT COALESCE(SUM(calls), 0) AS n FROM sync_runs').get() as { n: number }).n;
    return { orders, steps, calls };
  } finally {
    db.close();
  }
}

const teamCounts = async () =>
  (await q<{ orders: number; steps: number }>('SELECT (SELECT count(*)::int FROM team_orders) AS orders, (SELECT count(*)::int FROM team_steps) AS steps'))[0]!;

beforeAll(async () => {
  cluster = await startPgCluster();
  gw = await startSandboxGateway({ seed: 17, orders: 24, members: 1, qpsCap: 10 });
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  for (const n of NAMES) await admin.query(`CREATE ROLE ${n} LOGIN SUPERUSER PASSWORD 'pw-${n}-secret'`);
  await admin.end();
  dbUrl = await cluster.createDatabase('team');
  for (const n of NAMES) {
    dirs[n] = fs.mkdtempSync(path.join(os.tmpdir(), `team-proc-${n}-`));
    const creds = {
      TRACKER_APP_KEY: gw.credentials.appKey,
      TRACKER_APP_SECRET: gw.credentials.appSecret,
      TRACKER_ACCESS_TOKEN: gw.members[0]!.accessToken,
      TRACKER_REFRESH_TOKEN: gw.members[0]!.refreshToken,
    };
    // carol holds no credentials: she follows and never polls
    if (n !== 'carol') {
      const r = await tracker(['accounts', 'add', '--name', '采购主账号'], { ...envFor(n), ...creds });
      expect(r.code, r.stderr).toBe(0);
    }
  }
}, 120_000);

afterAll(async () => {
  for (const n of [...running.keys()]) await stopMember(n, 'SIGKILL');
  await gw?.close();
  cluster?.stop();
  for (const d of Object.values(dirs)) fs.rmSync(d, { recursive: true, force: true });
});

describe('three members as real processes', () => {
  it('joins (password kept out of the settings and of PostgreSQL), one member polls, every replica fills', async () => {
    const port = new URL(dbUrl).port;
    // TLS is required by default (as in 设置 → 团队): this test server has none, and the error names the option
    const plain = await tracker(['team', 'join', '--database-url', `postgres://alice:pw-alice-secret@127.0.0.1:${port}/team`, '--name', 'alice'], envFor('alice'));
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('未启用 TLS');
    expect(plain.stderr).toContain('--tls disable');
    for (const n of NAMES) {
      const r = await tracker(['team', 'join', '--database-url', `postgres://${n}:pw-${n}-secret@127.0.0.1:${port}/team`, '--name', n, '--tls', 'disable', '--json'], envFor(n));
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ member: n, online: true });
      const db = new Database(path.join(dirs[n], 'tracker.db'), { readonly: true });
      const settings = JSON.stringify(db.prepare('SELECT * FROM settings').all());
      db.close();
      expect(settings).not.toContain('secret');
      expect(settings).toContain(`postgres://${n}@127.0.0.1`);
    }
    const dump = JSON.stringify(await q('SELECT * FROM team_members')) + JSON.stringify(await q('SELECT * FROM team_changes'));
    expect(dump).not.toContain('secret');

    for (const n of NAMES) runMember(n);
    const first = await until('a poller', async () => {
      const l = await lease();
      return l?.live && l.holder ? l : null;
    }, 60_000);
    expect(['alice', 'bob']).toContain(first.holder);
    await until('the team record filled by the poller', async () => (await teamCounts()).steps > 0, 90_000);
    await until('every replica equal to the team record', async () => {
      const t = await teamCounts();
      return t.orders > 0 && NAMES.every((n) => {
        const r = replica(n);
        return r.orders === t.orders && r.steps === t.steps;
      });
    }, 90_000);
    // only the poller called the gateway
    const follower = first.holder === 'alice' ? 'bob' : 'alice';
    expect(replica(follower).calls).toBe(0);
    expect(replica('carol').calls).toBe(0);
    const s = await tracker(['team', 'status', '--json'], envFor('carol'));
    expect(s.code, s.stderr).toBe(0);
    // carol holds no credentials: she follows the team's account and shows who polls it
    expect(JSON.parse(s.stdout)).toMatchObject({
      member: 'carol',
      accounts: [{ id: gw.members[0]!.memberId, role: 'follower', leaseHolder: first.holder }],
      online: true,
    });
    // the account reached her (its name, who holds its credentials), never a secret: neither in
    // her .db (and its WAL) nor anywhere in PostgreSQL's team tables
    const carolDb = new Database(path.join(dirs.carol, 'tracker.db'), { readonly: true });
    const accounts = carolDb.prepare('SELECT name, member_id, team_only, team_holders FROM accounts').all();
    carolDb.close();
    expect(accounts).toEqual([{ name: '采购主账号', member_id: gw.members[0]!.memberId, team_only: 1, team_holders: expect.stringMatching(/alice.*bob/) }]);
    const secrets = [gw.credentials.appSecret, gw.members[0]!.accessToken, gw.members[0]!.refreshToken];
    const carolBytes = ['tracker.db', 'tracker.db-wal']
      .map((f) => path.join(dirs.carol, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('');
    const tables = (await q("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) as { tablename: string }[];
    let pgDump = '';
    for (const t of tables) pgDump += JSON.stringify(await q(`SELECT * FROM ${t.tablename}`));
    expect(pgDump).toContain('采购主账号');
    for (const secret of secrets) {
      expect(carolBytes).not.toContain(secret);
      expect(pgDump).not.toContain(secret);
    }
    const sf = JSON.parse((await tracker(['team', 'status', '--json'], envFor(follower))).stdout);
    expect(sf.accounts).toEqual([{ id: gw.members[0]!.memberId, role: 'follower', leaseHolder: first.holder, fencingToken: Number(first.token) }]);
  }, 240_000);

  it('kill -9 of the poller: the other member with the credentials polls within 30 s; nothing lost or doubled', async () => {
    const before = (await lease())!;
    const leader = before.holder as Name;
    const other: Name = leader === 'alice' ? 'bob' : 'alice';
    const callsBefore = replica(other).calls;
    const killedAt = Date.now();
    await stopMember(leader, 'SIGKILL');
    const after = await until('a new poller', async () => {
      const l = await lease();
      return l?.holder === other && Number(l.token) > Number(before.token) ? l : null;
    }, 30_000);
    await until('the new poller calls the gateway', () => replica(other).calls > callsBefore, 30_000);
    expect(Date.now() - killedAt).toBeLessThan(60_000); // generous bound; the figure goes to bench B8
    expect(Number(after.token)).toBe(Number(before.token) + 1);
    // nothing doubled: the team's steps are unique by key; replicas equal the team record
    const dup = await q<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT order_id, logistics_id, occurred_at, remark FROM team_steps GROUP BY 1,2,3,4 HAVING count(*) > 1) d');
    expect(dup[0]!.n).toBe(0);
    await until('replicas equal again', async () => {
      const t = await teamCounts();
      return ([other, 'carol'] as Name[]).every((n) => replica(n).orders === t.orders && replica(n).steps === t.steps);
    }, 30_000);
    // the killed member comes back as a follower and catches up from its cursor
    runMember(leader);
    await until('the returning member caught up', async () => {
      const t = await teamCounts();
      return replica(leader).orders === t.orders && replica(leader).steps === t.steps;
    }, 60_000);
    expect((await lease())!.holder).toBe(other);
  }, 180_000);

  it("the poller's PostgreSQL connections cut while it lives: it stops, says so, and another member takes over", async () => {
    const before = (await lease())!;
    const leader = before.holder as Name;
    const other: Name = leader === 'alice' ? 'bob' : 'alice';
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      await admin.query(`ALTER ROLE ${leader} NOLOGIN`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [leader]);
      await until('the ex-poller says it stopped', () => running.get(leader)!.stderr().includes('lost the poller lease'), 30_000);
      const after = await until('another poller', async () => {
        const l = await lease();
        return l?.holder === other && Number(l.token) > Number(before.token) ? l : null;
      }, 30_000);
      expect(running.get(leader)!.child.exitCode).toBeNull(); // the process lives on
      // while cut off it keeps its replica and does not poll
      const callsWhileCut = replica(leader).calls;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(replica(leader).calls).toBe(callsWhileCut);
      await admin.query(`ALTER ROLE ${leader} LOGIN`);
      // back online: a follower now, caught up
      await until('the ex-poller back as a follower, caught up', async () => {
        const t = await teamCounts();
        return replica(leader).orders === t.orders && replica(leader).steps === t.steps;
      }, 60_000);
      expect((await lease())!.holder).toBe(other);
      expect(Number((await lease())!.token)).toBe(Number(after.token));
    } finally {
      await admin.query(`ALTER ROLE ${leader} LOGIN`).catch(() => undefined);
      await admin.end();
    }
  }, 180_000);

  it('leave keeps the local copy', async () => {
    await stopMember('carol', 'SIGTERM');
    const before = replica('carol');
    const r = await tracker(['team', 'leave'], envFor('carol'));
    expect(r.code, r.stderr).toBe(0);
    expect(replica('carol').orders).toBe(before.orders);
    const s = await tracker(['team', 'status', '--json'], envFor('carol'));
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('tracker team join');
  }, 60_000);
});
