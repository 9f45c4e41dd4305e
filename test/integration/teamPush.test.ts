// The 1688 push channel under the team's lease: two desktops (real cores on real SQLite files,
// joined through team.join) on one real PostgreSQL, the sandbox gateway with its push channel
// over real HTTP/WebSocket. Only the member holding the account's lease runs the channel; when it
// loses the lease (its PostgreSQL connections cut while it lives) it closes the channel, and the
// member taking the account over opens it. The sandbox counts the connections: never two.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../shared/contract';
import { startSandboxGateway, type SandboxGateway } from '../../electron/core/ali1688/sandbox';
import { createTrackerCore } from '../../electron/core/api/createCore';
import { fileSecretStore } from '../../electron/core/fileSecretStore';
import { silentLogger, systemClock } from '../../electron/core/ports';
import { attachTeamMember, createPollGate } from '../../electron/core/team/teamMode';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { until } from '../team/teamRig';

const TUNING = { TRACKER_TEAM_LEASE_TTL_MS: '4000', TRACKER_TEAM_LEASE_TICK_MS: '500', TRACKER_TEAM_POLL_MS: '500' };
const saved: Record<string, string | undefined> = {};

let cluster: PgCluster;
let gw: SandboxGateway;
let dbUrl: string;
const desks: { core: { stop(): Promise<void> }; gate: ReturnType<typeof createPollGate>; dataDir: string }[] = [];

async function desktop(name: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `team-push-${name}-`));
  const secrets = fileSecretStore(dataDir);
  const gate = createPollGate();
  const core = await createTrackerCore({
    dataDir,
    secrets,
    notifier: { notify: () => undefined },
    logger: silentLogger,
    gatewayUrl: gw.url,
    pushUrl: gw.pushUrl,
    pollGate: gate,
    env: { TRACKER_QPS: '10' },
  });
  await attachTeamMember({ core, secrets, logger: silentLogger, clock: systemClock, gate });
  const m = gw.members[0]!;
  await core.handle('accounts.add', { name: '采购主账号', appKey: gw.credentials.appKey, appSecret: gw.credentials.appSecret, accessToken: m.accessToken, refreshToken: m.refreshToken });
  const d = { name, core, gate, dataDir, channel: async () => ((await core.handle('sync.status', {})) as MethodOutput<'sync.status'>).channel };
  desks.push(d);
  return d;
}

const leaseHolder = async () => {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query<{ holder: string | null }>('SELECT holder FROM team_leases WHERE expires_at > now()')).rows[0]?.holder ?? null;
  } finally {
    await c.end();
  }
};

beforeAll(async () => {
  for (const [k, v] of Object.entries(TUNING)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  cluster = await startPgCluster();
  gw = await startSandboxGateway({ seed: 23, orders: 6, members: 1, qpsCap: 10 });
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  for (const n of ['alice', 'bob']) await admin.query(`CREATE ROLE ${n} LOGIN SUPERUSER`);
  await admin.end();
  dbUrl = await cluster.createDatabase('teampush');
}, 120_000);

afterAll(async () => {
  for (const d of desks) {
    await d.gate.stop();
    await d.core.stop();
    fs.rmSync(d.dataDir, { recursive: true, force: true });
  }
  await gw?.close();
  cluster?.stop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('the push channel follows the lease', () => {
  it('only the lease holder runs the channel; cut off, it closes it and the member taking over opens it', async () => {
    const alice = await desktop('alice');
    await alice.core.handle('team.join', { databaseUrl: dbUrl.replace('postgres@', 'alice@'), member: 'alice', tls: 'disable' });
    alice.core.start();
    await until('alice polls the account', async () => ((await leaseHolder()) === 'alice' ? true : null), 30_000);
    await until('alice’s channel live', async () => ((await alice.channel())?.state === 'live' ? true : null), 30_000);

    const bob = await desktop('bob');
    await bob.core.handle('team.join', { databaseUrl: dbUrl.replace('postgres@', 'bob@'), member: 'bob', tls: 'disable' });
    bob.core.start();
    const bobStatus = await until('bob takes part as a follower', async () => {
      const s = (await bob.core.handle('team.status', {})) as MethodOutput<'team.status'>;
      return s?.online && s.accounts[0]?.role === 'follower' ? s : null;
    }, 30_000);
    expect(bobStatus.accounts[0]!.leaseHolder).toBe('alice');
    // The follower holds the same credentials but opens no channel: one connection for the team.
    expect((await bob.channel())?.state).toBe('off');
    expect(gw.push.liveConnections).toBe(1);

    // Alice's PostgreSQL connections cut while her desktop lives: she loses the lease.
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      await admin.query('ALTER ROLE alice NOLOGIN');
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'alice'");
      await until('bob polls the account', async () => ((await leaseHolder()) === 'bob' ? true : null), 30_000);
      await until('bob’s channel live', async () => ((await bob.channel())?.state === 'live' ? true : null), 30_000);
      await until('alice’s channel closed', async () => ((await alice.channel())?.state === 'off' ? true : null), 30_000);
      expect(gw.push.liveConnections).toBe(1);
    } finally {
      await admin.query('ALTER ROLE alice LOGIN').catch(() => undefined);
      await admin.end();
    }
  }, 150_000);
});
