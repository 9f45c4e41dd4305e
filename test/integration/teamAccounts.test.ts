// The team's 1688 accounts reach every desktop over a real PostgreSQL and real SQLite replicas:
// the desktop holding an account's credentials publishes its shown facts (name, login, state),
// never a secret; a follower without credentials lists it with who holds them, shows the same
// names on its orders, never polls or leases it, and refuses to change it. A hostile account row
// is refused with a clear error and the rest of the log still applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { memorySecretStore, type SecretStore } from '../../electron/core/ports';
import { createAccountRegistry } from '../../electron/core/accounts/registry';
import { accountsWithCredentials } from '../../electron/core/team/teamMode';
import { appendChanges, inTransaction, uploadMissing } from '../../electron/core/team/pgRecord';
import type { Store } from '../../electron/core/store';
import { startPgCluster, type PgCluster } from '../team/pgCluster';
import { openDesk, pollerWrites, stopDesks, until, withPg, type Desk } from '../team/teamRig';

let cluster: PgCluster;
let url: string;
let alice: Desk, bob: Desk;

beforeAll(async () => {
  cluster = await startPgCluster();
  url = await cluster.createDatabase('accounts');
  alice = openDesk(url, 'alice', ['2088000000000001']);
  alice.store.db
    .prepare("UPDATE accounts SET name = '华东采购', login_id = 'huadong-buyer' WHERE member_id = '2088000000000001'")
    .run();
  await alice.member.start();
  await until('alice polls the account', () => alice.member.lease.isLeader('2088000000000001'));
  // bob holds no credentials at all: he follows every account of the team
  bob = openDesk(url, 'bob', []);
  await bob.member.start();
}, 60_000);
afterAll(async () => {
  await stopDesks([alice, bob]);
  cluster?.stop();
});

const ordersWithAccount = (s: Store) =>
  s.db
    .prepare('SELECT o.id, a.name AS account, a.member_id AS memberId, o.purchaser FROM orders o LEFT JOIN accounts a ON a.id = o.account_id ORDER BY o.id')
    .all();
const registryOf = (s: Store, secrets: SecretStore = memorySecretStore()) => createAccountRegistry({ store: s, secrets, now: Date.now });

describe('accounts in a team', () => {
  it('a follower lists the leader’s account (name, login, who holds it), its orders show the same account and purchaser', async () => {
    pollerWrites(alice.store, '2088000000000001', '2300000000000000001', 1);
    pollerWrites(alice.store, '2088000000000001', '2300000000000000002', 1);
    alice.store.db.prepare("UPDATE orders SET purchaser = 'buyer-sub-01' WHERE id = '2300000000000000001'").run();
    await alice.member.push();
    await until('bob has the orders', async () => {
      await bob.member.pull();
      return ordersWithAccount(bob.store).length === 2 || null;
    });
    expect(ordersWithAccount(bob.store)).toEqual(ordersWithAccount(alice.store));
    expect(ordersWithAccount(bob.store)[0]).toMatchObject({ account: '华东采购', memberId: '2088000000000001', purchaser: 'buyer-sub-01' });

    const view = (await registryOf(bob.store).list()).find((a) => a.memberId === '2088000000000001');
    expect(view).toMatchObject({ name: '华东采购', loginId: 'huadong-buyer', state: 'active', teamHolders: ['alice'], orders: 2 });
    // the Orders page's account filter (by this desktop's id for the account) finds the same orders
    const filtered = (st: Store, accountId: number) =>
      st.queries.list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 50, includeArchived: false, accountId }).rows.map((r) => r.id).sort();
    const aliceId = (await registryOf(alice.store).list())[0]!.id;
    expect(filtered(bob.store, view!.id)).toEqual(['2300000000000000001', '2300000000000000002']);
    expect(filtered(bob.store, view!.id)).toEqual(filtered(alice.store, aliceId));
    // alice's own list shows it as hers (no holders note)
    expect((await registryOf(alice.store).list())[0]!.teamHolders).toBeUndefined();
  }, 60_000);

  it('the follower cannot poll, lease or change an account it has no credentials for, and says who does', async () => {
    const reg = registryOf(bob.store);
    expect(await reg.syncable()).toEqual([]);
    expect(accountsWithCredentials(bob.store)).toEqual([]);
    const id = (await reg.list()).find((a) => a.memberId === '2088000000000001')!.id;
    expect(() => reg.get(id)).toThrow(/凭据在团队成员 alice 的电脑上/);
    // the team card: who polls it
    const s = await bob.member.status();
    expect(s.accounts).toEqual([{ id: '2088000000000001', role: 'follower', leaseHolder: 'alice', fencingToken: expect.any(Number) }]);
    // the frame's connection state is this desktop's own accounts (none): no team account to reconnect here
    const leases = await withPg(url, (c) => c.query('SELECT account, holder FROM team_leases'));
    expect(leases.rows).toEqual([{ account: '2088000000000001', holder: 'alice' }]);
  }, 30_000);

  it('a rename and a pause on the owning desktop reach the follower', async () => {
    alice.store.db.prepare("UPDATE accounts SET name = '华东采购一部', state = 'paused' WHERE member_id = '2088000000000001'").run();
    await alice.member.push();
    await until('bob sees the new name', async () => {
      await bob.member.pull();
      const v = (await registryOf(bob.store).list()).find((a) => a.memberId === '2088000000000001');
      return v?.name === '华东采购一部' ? v : null;
    }).then((v) => expect(v).toMatchObject({ state: 'paused', teamHolders: ['alice'] }));
    expect((ordersWithAccount(bob.store)[0] as { account: string }).account).toBe('华东采购一部');
    alice.store.db.prepare("UPDATE accounts SET state = 'active' WHERE member_id = '2088000000000001'").run();
    await alice.member.push();
  }, 30_000);

  it('orders that came down before their account are tied to it when the account arrives', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const row = { ...(await withPg(url, (c) => c.query("SELECT data FROM team_orders WHERE id = '2300000000000000002'"))).rows[0].data };
      await uploadMissing(pool, 'dave', [{ entity: 'order', id: '2300000000000000099', account: '2088000000000009', row, archived: false, erpRef: null }]);
      await until('bob has the order', async () => {
        await bob.member.pull();
        return ordersWithAccount(bob.store).some((o) => (o as { id: string }).id === '2300000000000000099') || null;
      });
      await inTransaction(pool, async (c) => {
        await c.query("INSERT INTO team_accounts (member_id, app_key, name) VALUES ('2088000000000009', 'app9', '华南采购')");
        await c.query("INSERT INTO team_account_holders VALUES ('2088000000000009', 'dave', 'active')");
        await appendChanges(c, 'dave', [
          { entity: 'account', id: '2088000000000009', name: '华南采购', appKey: 'app9', loginId: null, method: 'token', holders: [{ member: 'dave', state: 'active' }] },
        ]);
      });
      await until('the order shows its account on bob’s desktop', async () => {
        await bob.member.pull();
        const o = ordersWithAccount(bob.store).find((x) => (x as { id: string }).id === '2300000000000000099') as { account: string | null };
        return o?.account === '华南采购' || null;
      });
    } finally {
      await pool.end();
    }
  }, 60_000);

  it('a hostile account row is refused with a clear error; the rest of the log applies', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const refused: string[] = [];
    try {
      await inTransaction(pool, (c) =>
        appendChanges(c, 'mallory', [
          { entity: 'account', id: '2088000000000666', name: '坏\u0007账号', appKey: 'app6', loginId: null, method: 'token', holders: [] },
          { entity: 'account', id: "2088'; DROP TABLE orders;--", name: 'x', appKey: 'app6', loginId: null, method: 'token', holders: [] } as never,
          { entity: 'setting', key: 'stallAlertHours', value: 77 },
        ]),
      );
      const before = bob.member.replica.cursor();
      const rows = await withPg(url, (c) => c.query<{ seq: string; data: unknown }>('SELECT seq, data FROM team_changes WHERE seq > $1 ORDER BY seq', [before]));
      const res = bob.member.replica.applyPage(rows.rows.map((r) => ({ seq: Number(r.seq), data: r.data })));
      refused.push(...res.rejected.map((r) => r.error));
      expect(refused).toHaveLength(2);
      expect(refused[0]).toMatch(/^团队变更 #\d+ 格式不正确，已跳过：name: account name must not contain control characters/);
      expect(refused[1]).toContain('account must be a 1688 member id');
      expect(bob.store.settings.get('team.stallAlertHours')).toBe(77);
      expect(bob.store.db.prepare("SELECT COUNT(*) AS n FROM accounts WHERE member_id LIKE '2088000000000666%' OR member_id LIKE '%DROP%'").get()).toEqual({ n: 0 });
    } finally {
      await pool.end();
    }
  }, 30_000);

  it('an account PostgreSQL refuses (a name too long) does not hold up the poller’s rows', async () => {
    alice.store.db.prepare("UPDATE accounts SET name = ? WHERE member_id = '2088000000000001'").run('长'.repeat(61));
    pollerWrites(alice.store, '2088000000000001', '2300000000000000003', 1);
    await alice.member.push();
    await until('bob has the new order', async () => {
      await bob.member.pull();
      return ordersWithAccount(bob.store).some((o) => (o as { id: string }).id === '2300000000000000003') || null;
    });
    expect((await registryOf(bob.store).list()).find((a) => a.memberId === '2088000000000001')?.name).toBe('华东采购一部');
    alice.store.db.prepare("UPDATE accounts SET name = '华东采购一部' WHERE member_id = '2088000000000001'").run();
  }, 30_000);

  it('what PostgreSQL and the follower keep of an account is never a secret', async () => {
    // the owning desktop's secrets live in its SecretStore only (as accounts.add leaves them)
    const secrets = memorySecretStore();
    const prefix = (alice.store.db.prepare("SELECT secret_prefix AS p FROM accounts WHERE member_id = '2088000000000001'").get() as { p: string }).p;
    await secrets.set(`${prefix}appSecret`, 'APPSECRET-never-shared-1');
    await secrets.set(`${prefix}accessToken`, 'ACCESSTOKEN-never-shared-2');
    alice.store.db.prepare("UPDATE accounts SET login_id = 'huadong-buyer-2' WHERE member_id = '2088000000000001'").run();
    await alice.member.push();
    await until('bob has the new login', async () => {
      await bob.member.pull();
      return (await registryOf(bob.store).list()).some((a) => a.loginId === 'huadong-buyer-2') || null;
    });
    const dump = await withPg(url, async (c) => {
      const out: unknown[] = [];
      for (const t of ['team_accounts', 'team_account_holders', 'team_changes', 'team_members']) out.push((await c.query(`SELECT * FROM ${t}`)).rows);
      return JSON.stringify(out);
    });
    const bobRows = JSON.stringify(bob.store.db.prepare('SELECT * FROM accounts').all()) + JSON.stringify(bob.store.db.prepare('SELECT * FROM sync_state').all());
    for (const s of ['APPSECRET-never-shared-1', 'ACCESSTOKEN-never-shared-2']) {
      expect(dump).not.toContain(s);
      expect(bobRows).not.toContain(s);
    }
    expect(dump).toContain('huadong-buyer-2');
  }, 30_000);
});
