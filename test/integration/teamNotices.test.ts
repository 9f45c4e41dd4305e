// Notifications stay per desktop: a follower announces a signing and a new exception from its own
// ledger when the replicated change arrives — once, never again on later pulls, and not for
// what was already there when it joined (the first download). Real SQLite files, real PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../electron/core/ports';
import type { Store } from '../../electron/core/store';
import { silentLogger, systemClock } from '../../electron/core/ports';
import { joinTeam, startTeamMode, TEAM_PASSWORD_KEY } from '../../electron/core/team/teamMode';
import type { TeamMember } from '../../electron/core/team/member';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { openAlert, openDesk, openDeskStore, pollerWrites, until, type Desk } from '../team/teamRig';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 60_000);
afterAll(() => cluster?.stop());

function memorySecrets(): SecretStore {
  const m = new Map<string, string>();
  return { get: async (k) => m.get(k) ?? null, set: async (k, v) => void m.set(k, v), delete: async (k) => void m.delete(k) };
}

/** The poller signs a parcel: status delivered now (as the sync engine's transaction leaves it). */
function sign(store: Store, orderId: string, at: number) {
  store.db.prepare("UPDATE shipments SET status = 'delivered', delivered_at = ?, updated_at = ? WHERE order_id = ?").run(at, at, orderId);
}
const ledger = (store: Store) =>
  store.db.prepare('SELECT kind, subject, shown_at IS NOT NULL AS shown FROM notifications ORDER BY kind, subject').all() as { kind: string; subject: string; shown: number }[];
const pendingKinds = (store: Store) => store.notifications.pending().map((n) => `${n.kind}:${n.body}`);

describe('followers announce from their own ledger', () => {
  let url: string;
  let leader: Desk;
  let follower: { store: Store; member: TeamMember; dir: string };

  beforeAll(async () => {
    url = await cluster.createDatabase('notices');
    leader = openDesk(url, 'alice', ['m1']);
    await leader.member.start();
    await until('alice leads', () => leader.member.lease.isLeader('m1') || null);
    // History: a parcel signed (and an exception raised) before bob joins.
    const now = Date.now();
    pollerWrites(leader.store, 'm1', '2200000000000000001', 1, now - 3_600_000);
    sign(leader.store, '2200000000000000001', now - 3_000_000);
    openAlert(leader.store, '2200000000000000001', now - 3_000_000, 'returned');
    await leader.member.push();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-notices-bob-'));
    const store = openDeskStore(dir, []);
    const secrets = memorySecrets();
    const shell = { core: { internals: { store } }, secrets, logger: silentLogger, clock: systemClock };
    await joinTeam(shell, { databaseUrl: url, member: 'bob', tls: 'disable' });
    expect(await secrets.get(TEAM_PASSWORD_KEY)).toBeNull();
    const config = store.settings.get('team.config') as Parameters<typeof startTeamMode>[0]['config'];
    const member = await startTeamMode({ store, secrets, logger: silentLogger, clock: systemClock, config, tuning: { pollMs: 300, pushMs: 100 } });
    follower = { store, member, dir };
  }, 60_000);

  afterAll(async () => {
    await follower?.member.stop();
    await leader?.member.stop();
    for (const d of [follower?.dir, leader?.dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('the first download is history: recorded, never shown', () => {
    expect(ledger(follower.store)).toEqual([
      { kind: 'alert', subject: expect.stringMatching(/^a:\d+$/), shown: 1 },
      { kind: 'delivered', subject: '2200000000000000001/LP2200000000000000001', shown: 1 },
    ]);
    expect(pendingKinds(follower.store)).toEqual([]);
  });

  it('a signing and an exception polled by another desktop are announced here once', async () => {
    const now = Date.now();
    pollerWrites(leader.store, 'm1', '2200000000000000002', 1, now - 600_000);
    await leader.member.push();
    sign(leader.store, '2200000000000000002', now);
    openAlert(leader.store, '2200000000000000002', now, 'returned');
    await leader.member.push();
    await until('bob recorded the signing', () => pendingKinds(follower.store).length === 2 || null, 20_000);
    expect(pendingKinds(follower.store).sort()).toEqual(['alert:订单 2200000000000000002：包裹被退回', 'delivered:YT2200000000000000002 已签收']);
    // Shown (the core's flush marks them); later pulls bring more steps but never the same notice again.
    follower.store.notifications.markShown(follower.store.notifications.pending().map((n) => n.id), now, false);
    pollerWrites(leader.store, 'm1', '2200000000000000002', 2, now);
    await leader.member.push();
    await follower.member.pull();
    await until('bob has the new step', () => {
      const n = follower.store.db.prepare("SELECT COUNT(*) AS n FROM trace_events t JOIN shipments s ON s.id = t.shipment_id WHERE s.order_id = '2200000000000000002'").get() as { n: number };
      return n.n >= 2 || null;
    });
    expect(pendingKinds(follower.store)).toEqual([]);
    expect(ledger(follower.store).filter((r) => r.subject.startsWith('2200000000000000002'))).toHaveLength(1);
    // The poller's own desktop announced it through its own sync, not again from the log.
    expect(ledger(leader.store)).toEqual([]);
  }, 60_000);
});

describe('the very first member of an empty team', () => {
  it('announces the team’s first changes: only a member’s own first download of existing history is silent', async () => {
    const url = await cluster.createDatabase('notices_first');
    // alice founds the team (an empty log) on a desktop without credentials: she follows m1
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-notices-first-'));
    const store = openDeskStore(dir, []);
    const secrets = memorySecrets();
    await joinTeam({ core: { internals: { store } }, secrets, logger: silentLogger, clock: systemClock }, { databaseUrl: url, member: 'alice', tls: 'disable' });
    const config = store.settings.get('team.config') as Parameters<typeof startTeamMode>[0]['config'];
    const alice = await startTeamMode({ store, secrets, logger: silentLogger, clock: systemClock, config, tuning: { pollMs: 300, pushMs: 100 } });
    expect(alice.replica.cursor()).toBe(0);
    // bob joins later and polls m1: the team's very first changes are a signing and an exception
    const bob = openDesk(url, 'bob', ['m1']);
    try {
      await bob.member.start();
      await until('bob leads', () => bob.member.lease.isLeader('m1') || null);
      const now = Date.now();
      pollerWrites(bob.store, 'm1', '2200000000000000009', 1, now - 600_000);
      sign(bob.store, '2200000000000000009', now);
      openAlert(bob.store, '2200000000000000009', now, 'returned');
      await bob.member.push();
      await until('alice recorded them', () => pendingKinds(store).length === 2 || null, 20_000);
      expect(pendingKinds(store).sort()).toEqual(['alert:订单 2200000000000000009：包裹被退回', 'delivered:YT2200000000000000009 已签收']);
    } finally {
      await alice.stop();
      await bob.member.stop();
      store.close();
      bob.store.close();
      for (const d of [dir, bob.dir]) fs.rmSync(d, { recursive: true, force: true });
    }
  }, 60_000);
});
