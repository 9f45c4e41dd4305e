// B8 with real processes: three `tracker team run` members (bin/tracker.js) over one throwaway
// PostgreSQL and the sandbox gateway over HTTP (its clock held still, so every run sees the same
// world), as test/integration/teamProcesses.test.ts runs them.
//   B8c  the team's gateway calls to fill the record (summed over the three members' sync_runs)
//        against one member alone (`tracker sync` on a fresh data folder, same world): |Δ| in %
//   B8b  kill -9 of the poller → the next member holds the lease and has called the gateway (s)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startSandboxGateway, type SandboxGateway } from '../electron/core/ali1688/sandbox';
import { startPgCluster } from '../test/team/pgCluster';
import { until } from '../test/team/teamRig';
import { ROOT, runTracker, TRACKER_BIN } from '../test/helpers/trackerCli';
import { atMost, figure, log, ms, now, removeDir, sleep, type Figure } from './lib';

const NAMES = ['alice', 'bob', 'carol'] as const;
type Name = (typeof NAMES)[number];
const WORLD = { seed: 8, orders: 60, members: 1, qpsCap: 10, now: () => Date.parse('2026-03-10T10:00:00+08:00') };

const calls = (dir: string) => {
  const db = new Database(path.join(dir, 'tracker.db'), { readonly: true, fileMustExist: true });
  try {
    const r = db
      .prepare('SELECT COALESCE(SUM(calls), 0) AS calls, (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM trace_events) AS steps FROM sync_runs')
      .get() as { calls: number; orders: number; steps: number };
    return r;
  } finally {
    db.close();
  }
};

function baseEnv(dir: string, gw: SandboxGateway): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: os.tmpdir(),
    TRACKER_DATA_DIR: dir,
    TRACKER_GATEWAY_URL: gw.url,
    TRACKER_LOG_LEVEL: 'warn',
    TRACKER_TEAM_LEASE_TTL_MS: '8000',
    TRACKER_TEAM_LEASE_TICK_MS: '1000',
    TRACKER_TEAM_POLL_MS: '1000',
  };
}
const credsOf = (gw: SandboxGateway) => ({
  TRACKER_APP_KEY: gw.credentials.appKey,
  TRACKER_APP_SECRET: gw.credentials.appSecret,
  TRACKER_ACCESS_TOKEN: gw.members[0]!.accessToken,
  TRACKER_REFRESH_TOKEN: gw.members[0]!.refreshToken,
});

async function soloCalls(tmp: string): Promise<{ calls: number; orders: number; steps: number }> {
  const gw = await startSandboxGateway(WORLD);
  const dir = fs.mkdtempSync(path.join(tmp, 'solo-'));
  try {
    const env = baseEnv(dir, gw);
    const add = await runTracker(['accounts', 'add', '--name', '采购主账号'], { ...env, ...credsOf(gw) });
    if (add.code !== 0) throw new Error(`accounts add: ${add.stderr}`);
    const r = await runTracker(['sync', '--once'], env);
    if (r.code !== 0) throw new Error(`sync: ${r.stderr}`);
    return calls(dir);
  } finally {
    await gw.close();
  }
}

export async function runB8Processes(): Promise<Figure[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'b8p-'));
  const cluster = await startPgCluster();
  const gw = await startSandboxGateway(WORLD);
  const children = new Map<Name, ChildProcess>();
  const dirs = Object.fromEntries(NAMES.map((n) => [n, fs.mkdtempSync(path.join(tmp, `${n}-`))])) as Record<Name, string>;
  const figures: Figure[] = [];
  const start = (n: Name) => {
    const child = spawn(process.execPath, [TRACKER_BIN, 'team', 'run'], { cwd: ROOT, env: baseEnv(dirs[n], gw), stdio: 'ignore' });
    children.set(n, child);
  };
  try {
    const solo = await soloCalls(tmp);
    const url = await cluster.createDatabase('b8p');
    for (const n of NAMES) {
      if (n !== 'carol') {
        const r = await runTracker(['accounts', 'add', '--name', '采购主账号'], { ...baseEnv(dirs[n], gw), ...credsOf(gw) });
        if (r.code !== 0) throw new Error(`accounts add: ${r.stderr}`);
      }
      const j = await runTracker(['team', 'join', '--database-url', url, '--name', n, '--tls', 'disable', '--json'], baseEnv(dirs[n], gw));
      if (j.code !== 0) throw new Error(`team join: ${j.stderr}`);
    }
    for (const n of NAMES) start(n);
    const q = async <T extends pg.QueryResultRow>(sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query<T>(sql)).rows;
      } finally {
        await c.end();
      }
    };
    const lease = async () => (await q<{ holder: string | null; token: string }>('SELECT holder, token FROM team_leases'))[0];
    // B8c: the record filled (as many orders and steps as the solo run found), every replica equal, then quiet
    await until('the team filled the record', () => NAMES.every((n) => {
      const c = calls(dirs[n]);
      return c.orders === solo.orders && c.steps === solo.steps;
    }), 180_000);
    await sleep(5_000);
    const team = NAMES.reduce((s, n) => s + calls(dirs[n]).calls, 0);
    const diff = (Math.abs(team - solo.calls) / Math.max(1, solo.calls)) * 100;
    figures.push(
      figure('B8c', diff, '%', atMost(5), `team of 3: ${team} gateway calls; one member alone: ${solo.calls} (${solo.orders} orders, ${solo.steps} steps, same world)`),
    );

    // B8b: kill -9 of the poller
    const before = (await lease())!;
    const leader = before.holder as Name;
    const other: Name = leader === 'alice' ? 'bob' : 'alice';
    const callsBefore = calls(dirs[other]).calls;
    const t0 = now();
    children.get(leader)!.kill('SIGKILL');
    await until('a new poller', async () => {
      const l = await lease();
      return l?.holder === other && Number(l.token) > Number(before.token);
    }, 60_000);
    const leaseMs = ms(t0);
    await until('the new poller called the gateway', () => calls(dirs[other]).calls > callsBefore, 60_000);
    const pollingMs = ms(t0);
    figures.push(figure('B8b', pollingMs / 1000, 's', atMost(30), `kill -9 → the next member polls (lease taken after ${(leaseMs / 1000).toFixed(1)} s)`));
  } catch (e) {
    log(`B8b/B8c: ${(e as Error).message}`);
    throw e;
  } finally {
    for (const c of children.values()) if (c.exitCode === null) c.kill('SIGKILL');
    await gw.close();
    cluster.stop();
    removeDir(tmp);
  }
  return figures;
}
