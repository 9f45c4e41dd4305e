// Orders added by hand with several 1688 accounts, against the sandbox gateway over real HTTP
// (two members on one AppKey, each owning its own orders) and a real SQLite file. The tracker
// finds the account that bought an order: the active accounts try it in turn, one that does not
// know it hands it on within the same sync; the clerk may also name the account. An order no
// account knows says so, naming every account's answer. "Refresh" on a paused account's order
// says the account is paused and asks nothing of the gateway.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, MethodOutputs, OrderDetail } from '../../shared/contract';
import { startSandboxGateway } from '../../electron/core/ali1688/sandbox';
import { openCoreOnSandbox } from '../helpers/sandboxCore';
import { refusal } from '../helpers/refusal';
import { sandboxMemberTokens } from '../helpers/gatewayFixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const DETAIL_API = 'com.alibaba.trade/alibaba.trade.get.buyerView';
/** A well-formed 1688 order id that no sandbox member has. */
const NOBODYS_ORDER = '3799999999999999999';

async function setup() {
  const gw = await startSandboxGateway({ seed: 15, orders: 8, members: 2 });
  cleanups.push(() => gw.close());
  const core = await openCoreOnSandbox(gw.url, cleanups, 'tracker-add-accounts-');
  const tokens = (k: number) => sandboxMemberTokens(gw, k);
  const east = (await core.handle('accounts.add', { name: '华东采购', ...tokens(0) })) as AccountView;
  const south = (await core.handle('accounts.add', { name: '华南采购', ...tokens(1) })) as AccountView;
  // The sandbox's orders by the member that bought them (order i belongs to member i % 2).
  const ids = gw.world.orderIds();
  const ofMember = (k: number) => ids.filter((_, i) => i % 2 === k);
  const detailCalls = (orderId: string) => gw.log.filter((l) => l.api === DETAIL_API && l.orderId === orderId).length;
  const get = async (orderId: string) => (await core.handle('orders.get', { orderId })) as OrderDetail;
  // Only the orders added by hand: no discovery pass reads the members' order lists.
  const sync = () => core.internals.engine.runCycle({ trigger: 'test', discover: 'skip' });
  return { gw, core, east, south, ofMember, detailCalls, get, sync };
}

describe('orders added by id with several accounts', () => {
  it('each order is read by the account that bought it, in one sync; an order no account knows says so', async () => {
    const { core, east, south, ofMember, detailCalls, get, sync } = await setup();
    const southOrder = ofMember(1)[0]!;
    const eastOrder = ofMember(0)[0]!;
    const added = (await core.handle('orders.add', { ids: [southOrder, eastOrder, NOBODYS_ORDER] })) as MethodOutputs['orders.add'];
    expect(added.added).toEqual([southOrder, eastOrder, NOBODYS_ORDER]);

    const r = await sync();

    // 华南's order: 华东 (tried first) does not know it, so 华南 reads it in the same sync.
    const south1 = await get(southOrder);
    expect(south1.account).toMatchObject({ id: south.id, name: '华南采购' });
    expect(south1.seller).not.toBeNull();
    expect(south1.lastError).toBeNull();
    expect(detailCalls(southOrder)).toBe(2);
    // 华东's own order: read once, by 华东.
    const east1 = await get(eastOrder);
    expect(east1.account).toMatchObject({ id: east.id, name: '华东采购' });
    expect(detailCalls(eastOrder)).toBe(1);

    // Nobody's: both accounts asked once, the order names both answers and stays untied.
    const nobody = await get(NOBODYS_ORDER);
    expect(nobody.account).toBeNull();
    expect(detailCalls(NOBODYS_ORDER)).toBe(2);
    expect(nobody.lastError).toMatch(/所有启用的 1688 账号都读取不到这个订单/);
    expect(nobody.lastError).toMatch(/No active 1688 account knows this order/);
    expect(nobody.lastError).toContain('[华东采购]');
    expect(nobody.lastError).toContain('[华南采购]');

    // The sync's errors are about the order nobody knows only: a hand-over is not an error.
    expect(r.errors.map((e) => e.orderId)).toEqual([NOBODYS_ORDER]);

    // A later sync does not ask again about an order every account has answered.
    await sync();
    expect(detailCalls(NOBODYS_ORDER)).toBe(2);

    // "Refresh" asks every active account again (an account may have been added since).
    const refreshed = (await core.handle('shipments.refresh', { orderId: NOBODYS_ORDER })) as OrderDetail;
    expect(detailCalls(NOBODYS_ORDER)).toBe(4);
    expect(refreshed.lastError).toMatch(/所有启用的 1688 账号都读取不到这个订单/);
  });

  it('the clerk may name the account: only it reads the orders, and its answer stands', async () => {
    const { core, east, south, ofMember, detailCalls, get, sync } = await setup();
    const [southA, southB] = ofMember(1);
    await core.handle('orders.add', { ids: [southA!], accountId: south.id });
    // Named wrongly: 华东 did not buy it, and the tracker says so instead of asking 华南 behind the clerk's back.
    await core.handle('orders.add', { ids: [southB!], accountId: east.id });
    await sync();

    expect((await get(southA!)).account).toMatchObject({ id: south.id });
    expect(detailCalls(southA!)).toBe(1);
    const wrong = await get(southB!);
    expect(wrong.account).toMatchObject({ id: east.id });
    expect(wrong.lastError).toMatch(/不属于当前授权的 1688 买家账号/);
    expect(detailCalls(southB!)).toBe(1);
  });

  it('an unknown or paused account is refused when adding, and nothing is added', async () => {
    const { core, south, ofMember } = await setup();
    const id = ofMember(1)[0]!;
    const unknown = await refusal(core.handle('orders.add', { ids: [id], accountId: 999 }));
    expect(unknown.code).toBe('not_found');
    await core.handle('accounts.pause', { id: south.id, paused: true });
    const paused = await refusal(core.handle('orders.add', { ids: [id], accountId: south.id }));
    expect(paused.code).toBe('account_paused');
    expect(paused.message).toMatch(/已暂停/);
    const list = (await core.handle('orders.list', { limit: 50 })) as MethodOutputs['orders.list'];
    expect(list.total).toBe(0);
  });

  it('"Refresh" on an order of a paused account says the account is paused and asks the gateway nothing', async () => {
    const { gw, core, south, ofMember, get, sync } = await setup();
    const id = ofMember(1)[0]!;
    await core.handle('orders.add', { ids: [id], accountId: south.id });
    await sync();
    expect((await get(id)).account).toMatchObject({ id: south.id });

    await core.handle('accounts.pause', { id: south.id, paused: true });
    const calls = gw.log.length;
    const err = await refusal(core.handle('shipments.refresh', { orderId: id }));
    expect(err.code).toBe('account_paused');
    expect(err.message).toMatch(/账号“华南采购”已暂停/);
    expect(err.message).toMatch(/is paused/);
    expect(gw.log.length).toBe(calls);
    // Not mistaken for a revoked authorisation: nothing needs reconnecting.
    const accounts = (await core.handle('accounts.list', {})) as AccountView[];
    expect(accounts.map((a) => a.state)).toEqual(['active', 'paused']);
    expect(await core.handle('account.status', {})).toMatchObject({ needsReconnect: false });
  });
});
