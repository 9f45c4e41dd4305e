// Several 1688 accounts in one app, against the sandbox gateway over real HTTP and a real
// SQLite file: two members on one AppKey and one QPS cap, sub-account purchasers, a revoked
// authorisation, and every account method refusing bad input without changing anything.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, MethodOutputs } from '../../shared/contract';
import { startSandboxGateway } from '../../electron/core/ali1688/sandbox';
import { openCoreOnSandbox } from '../helpers/sandboxCore';
import { memorySecretStore } from '../../electron/core/ports';
import { refusal } from '../helpers/refusal';
import { sandboxMemberTokens } from '../helpers/gatewayFixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(opts: { orders?: number; qpsCap?: number } = {}) {
  const gw = await startSandboxGateway({ seed: 77, orders: opts.orders ?? 40, members: 2, qpsCap: opts.qpsCap ?? 5 });
  cleanups.push(() => gw.close());
  const secrets = memorySecretStore();
  const core = await openCoreOnSandbox(gw.url, cleanups, 'tracker-accounts-', { secrets });
  // 4 QPS for the AppKey under the gateway's cap of 5 (the margin the single-account test keeps for
  // jitter): two budgets, one per account, would reach 8.
  await core.handle('settings.update', { qps: 4 });
  const member = (k: number) => gw.members[k]!;
  const tokens = (k: number, over: Record<string, string> = {}) => sandboxMemberTokens(gw, k, over);
  const list = async () => (await core.handle('accounts.list', {})) as AccountView[];
  const orderIdsOf = (accountId: number) =>
    (core.internals.store.db.prepare('SELECT id FROM orders WHERE account_id = ?').all(accountId) as { id: string }[]).map((r) => r.id);
  return { gw, core, secrets, tokens, list, orderIdsOf, member };
}

describe('several accounts on one AppKey', () => {
  it('two accounts sync side by side within the one QPS cap; each order shows its account and purchaser', async () => {
    const { gw, core, tokens, list, orderIdsOf, member } = await setup();
    const a = (await core.handle('accounts.add', { name: '华东采购', ...tokens(0) })) as AccountView;
    const b = (await core.handle('accounts.add', { name: '华南采购', ...tokens(1) })) as AccountView;
    expect(a).toMatchObject({ name: '华东采购', memberId: member(0).memberId, loginId: member(0).loginId, state: 'active' });
    expect(b).toMatchObject({ name: '华南采购', memberId: member(1).memberId, loginId: member(1).loginId, state: 'active' });
    expect(b.refreshTokenExpiresAt).not.toBeNull();

    // An ERP address (nothing listens there: the events wait in the outbox, which is what is read below).
    await core.handle('settings.update', { erpWebhookUrl: 'http://127.0.0.1:9/erp', erpWebhookSecret: 'erp-secret-1234' });
    const r = await core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    expect(r.unauthorized).toBe(false);
    // Both progressed, each with its own orders only.
    const ofA = orderIdsOf(a.id);
    const ofB = orderIdsOf(b.id);
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofA.filter((id) => ofB.includes(id))).toEqual([]);
    const buyerOf = (ids: string[]) =>
      new Set(ids.map((id) => core.internals.store.orders.get(id)?.buyer_login_id));
    expect(buyerOf(ofA)).toEqual(new Set([member(0).loginId]));
    expect(buyerOf(ofB)).toEqual(new Set([member(1).loginId]));
    // One AppKey, one budget: the gateway never saw more than its cap in any second.
    const busiest = gw.maxArrivalsInAnyWindow(1000);
    expect(busiest).toBeLessThanOrEqual(5);
    expect(busiest).toBeGreaterThanOrEqual(3); // and the budget is used
    expect(gw.log.filter((e) => e.httpStatus === 200 && e.errorCode === 'gw.QosAppFrequencyLimit')).toEqual([]);

    const accounts = await list();
    expect(accounts.map((x) => [x.name, x.orders > 0, x.lastSyncAt !== null])).toEqual([
      ['华东采购', true, true],
      ['华南采购', true, true],
    ]);

    // The list shows account and purchaser, and filters by either.
    const all = (await core.handle('orders.list', { tab: 'all', limit: 500 })) as MethodOutputs['orders.list'];
    const withPurchaser = all.rows.filter((o) => o.purchaser);
    expect(withPurchaser.length).toBeGreaterThan(0);
    for (const o of all.rows) expect(o.account?.name).toBe(ofA.includes(o.orderId) ? '华东采购' : '华南采购');
    const onlyB = (await core.handle('orders.list', { tab: 'all', limit: 500, accountId: b.id })) as MethodOutputs['orders.list'];
    expect(onlyB.rows.map((o) => o.orderId).sort()).toEqual([...ofB].sort());
    expect(onlyB.total).toBe(ofB.length);
    const someone = withPurchaser[0]!.purchaser!;
    const bySub = (await core.handle('orders.list', { tab: 'all', limit: 500, purchaser: someone })) as MethodOutputs['orders.list'];
    expect(bySub.rows.length).toBeGreaterThan(0);
    expect(bySub.rows.every((o) => o.purchaser === someone)).toBe(true);

    // The export carries both.
    const file = (await core.handle('export.file', { format: 'csv', tab: 'all' })) as MethodOutputs['export.file'];
    const csv = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    expect(csv.split('\r\n')[0]).toMatch(/1688账号,采购员（子账号）$/);
    expect(csv).toContain(`华南采购 (${member(1).memberId})`);
    expect(csv).toContain(someone);
    // So does every ERP event: the account's memberId and the purchaser of its order.
    const events = core.internals.store.db.prepare('SELECT order_id, payload, account_id FROM outbox').all() as { order_id: string; payload: string; account_id: number }[];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      const order = JSON.parse(e.payload).order as { account: string | null; purchaser: string | null };
      const mine = ofA.includes(e.order_id) ? a : b;
      expect(e.account_id).toBe(mine.id);
      expect(order.account).toBe(mine.memberId);
      expect(order.purchaser).toBe(core.internals.store.orders.get(e.order_id)!.purchaser ?? null);
    }
  }, 120_000);

  it('one account revoked mid-cycle: it is marked needs-reconnect, the other keeps syncing', async () => {
    const { gw, core, tokens, list, orderIdsOf } = await setup({ orders: 60 });
    const a = (await core.handle('accounts.add', { name: 'A', ...tokens(0) })) as AccountView;
    const b = (await core.handle('accounts.add', { name: 'B', ...tokens(1) })) as AccountView;
    const before = gw.log.length;
    const cycle = core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    // Revoke B's authorisation once the cycle is under way.
    while (gw.log.length < before + 6) await new Promise((r) => setTimeout(r, 5));
    gw.revokeMember(1);
    const r = await cycle;
    expect(r.unauthorized).toBe(false); // not every account was refused
    expect(r.errors.some((e) => e.code === 'unauthorized' && e.message.startsWith('[B]'))).toBe(true);
    const states = Object.fromEntries((await list()).map((x) => [x.name, x.state]));
    expect(states).toEqual({ A: 'active', B: 'needs_reconnect' });
    const status = (await core.handle('account.status', {})) as MethodOutputs['account.status'];
    expect(status.needsReconnect).toBe(true);
    expect(status.needsReconnectAccounts).toEqual(['B']);
    expect(core.internals.account.needsReconnect()).toBe(false); // the scheduler goes on for A

    // The next cycle: A's calls go on, none is made with B's tokens.
    const aOrders = orderIdsOf(a.id).length;
    const mark = gw.log.length;
    const next = await core.internals.engine.runCycle({ trigger: 'test', discover: 'force', all: true });
    expect(next.unauthorized).toBe(false);
    expect(next.calls).toBeGreaterThan(0);
    const later = gw.log.slice(mark);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((e) => e.accessTokenValid || e.api.includes('oauth2'))).toBe(true);
    expect(orderIdsOf(a.id).length).toBeGreaterThanOrEqual(aOrders);
    expect(orderIdsOf(b.id).length).toBeGreaterThan(0); // B's orders stay, shown for review
  }, 120_000);
});

describe('account methods refuse bad input and change nothing', () => {
  it('empty name, duplicate name, duplicate member, wrong secret, unknown id, missing keep-or-delete choice', async () => {
    const { core, tokens, list, secrets, member } = await setup({ orders: 10 });
    const a = (await core.handle('accounts.add', { name: '主账号', ...tokens(0) })) as AccountView;
    const snapshot = async () => ({ accounts: await list(), secret: await secrets.get(`account.${a.id}.accessToken`) });
    const before = await snapshot();

    const cases: [string, () => Promise<unknown>, string, RegExp][] = [
      ['empty name', () => core.handle('accounts.add', { name: '  ', ...tokens(1) }), 'invalid_input', /名称不能为空/],
      ['same name', () => core.handle('accounts.add', { name: '主账号', ...tokens(1) }), 'invalid_input', /已有名为/],
      ['same credentials', () => core.handle('accounts.add', { name: '另一个', ...tokens(0) }), 'invalid_input', /已经添加过了/],
      // A fresh access token from the same refresh token: the same 1688 member.
      ['same member', () => core.handle('accounts.add', { name: '另一个', ...tokens(0, { accessToken: 'stale-token' }) }), 'invalid_input', /已经添加过了/],
      ['wrong secret', () => core.handle('accounts.add', { name: '另一个', ...tokens(1, { appSecret: 'wrong' }) }), 'gateway', /./],
      ['bad app key', () => core.handle('accounts.add', { name: '另一个', ...tokens(1, { appKey: 'no spaces' }) }), 'invalid_input', /AppKey/],
      ['rename empty', () => core.handle('accounts.rename', { id: a.id, name: '' }), 'invalid_input', /名称不能为空/],
      ['rename unknown', () => core.handle('accounts.rename', { id: 999, name: 'x' }), 'not_found', /999/],
      ['pause unknown', () => core.handle('accounts.pause', { id: 999, paused: true }), 'not_found', /999/],
      ['remove without choice', () => core.handle('accounts.remove', { id: a.id }), 'invalid_input', /deleteData/],
      ['remove unknown', () => core.handle('accounts.remove', { id: 999, deleteData: false }), 'not_found', /999/],
    ];
    for (const [label, p, code, message] of cases) {
      const e = await refusal(p());
      expect(e.code, label).toBe(code);
      expect(e.message, label).toMatch(message);
      expect(await snapshot(), label).toEqual(before);
    }
    // The wrong-secret case saved nothing for member 2, so it can still be added properly.
    const b = (await core.handle('accounts.add', { name: '子公司', ...tokens(1) })) as AccountView;
    expect(b.memberId).toBe(member(1).memberId);
  }, 120_000);

  it('rename, pause and remove (keeping the orders for review, or deleting them)', async () => {
    const { core, tokens, list, orderIdsOf, secrets } = await setup({ orders: 20 });
    const a = (await core.handle('accounts.add', { name: 'A', ...tokens(0) })) as AccountView;
    const b = (await core.handle('accounts.add', { name: 'B', ...tokens(1) })) as AccountView;
    await core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    expect(((await core.handle('accounts.rename', { id: a.id, name: '华东' })) as AccountView).name).toBe('华东');

    expect(((await core.handle('accounts.pause', { id: b.id, paused: true })) as AccountView).state).toBe('paused');
    const mark = core.internals.store.db.prepare('SELECT COUNT(*) AS n FROM sync_runs').get() as { n: number };
    await core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    // Only the active account ran a cycle.
    expect((core.internals.store.db.prepare('SELECT COUNT(*) AS n FROM sync_runs').get() as { n: number }).n).toBe(mark.n + 1);
    await core.handle('accounts.pause', { id: b.id, paused: false });

    const bOrders = orderIdsOf(b.id);
    expect(bOrders.length).toBeGreaterThan(0);
    await core.handle('accounts.remove', { id: b.id, deleteData: false });
    expect((await list()).map((x) => x.name)).toEqual(['华东']);
    expect(await secrets.get(`account.${b.id}.accessToken`)).toBeNull();
    // Kept for review: still listed, still showing the account they came from.
    const kept = (await core.handle('orders.get', { orderId: bOrders[0]! })) as MethodOutputs['orders.get'];
    expect(kept.account?.name).toBe('B');

    await core.handle('accounts.remove', { id: a.id, deleteData: true });
    expect(orderIdsOf(a.id)).toEqual([]);
    expect(await list()).toEqual([]);
    expect(orderIdsOf(b.id).sort()).toEqual([...bOrders].sort());
  }, 120_000);
});
