// The ERP hears a clerk's 已收货 once per team: the real core (sandbox gateway over HTTP, real
// SQLite), with the poll gate a team member gives it. A desktop records `shipment.received` for
// its clerk's mark only when it polls the order's account; for the other accounts the leader
// records it when the mark comes down the change log (core.internals.recordReceived), once.
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountView, MethodOutputs } from '../../shared/contract';
import { startSandboxGateway } from '../../electron/core/ali1688/sandbox';
import { openCoreOnSandbox } from '../helpers/sandboxCore';
import { sandboxMemberTokens } from '../helpers/gatewayFixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('已收货 and the ERP in a team', () => {
  it('a follower’s mark is not recorded on its desktop; the leader records it once', async () => {
    const gw = await startSandboxGateway({ seed: 77, orders: 40, members: 2, qpsCap: 5 });
    cleanups.push(() => gw.close());
    // This desktop polls both accounts for the first cycle, then only the first (as a member
    // that holds one lease and follows on the other).
    let leads: (memberId: string | null) => boolean = () => true;
    const core = await openCoreOnSandbox(gw.url, cleanups, 'tracker-team-erp-', { pollGate: { mayPoll: (m) => leads(m) } });
    await core.handle('settings.update', { qps: 4 });
    const tokens = (k: number) => sandboxMemberTokens(gw, k);
    const a = (await core.handle('accounts.add', { name: '华东采购', ...tokens(0) })) as AccountView;
    const b = (await core.handle('accounts.add', { name: '华南采购', ...tokens(1) })) as AccountView;
    // an ERP address (nothing listens there: the events wait in the outbox, which is what is read)
    await core.handle('settings.update', { erpWebhookUrl: 'http://127.0.0.1:9/erp', erpWebhookSecret: 'erp-secret-1234' });
    await core.internals.engine.runCycle({ trigger: 'test', discover: 'force' });
    leads = (m) => m === a.memberId;

    const parcelOf = (accountId: number) =>
      core.internals.store.db
        .prepare(
          `SELECT s.order_id AS orderId, s.logistics_id AS logisticsId FROM shipments s JOIN orders o ON o.id = s.order_id
           WHERE o.account_id = ? AND s.received_at IS NULL ORDER BY s.id LIMIT 1`,
        )
        .get(accountId) as { orderId: string; logisticsId: string };
    const receivedRows = (orderId: string) =>
      core.internals.store.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'shipment.received' AND order_id = ?").get(orderId);

    // the clerk marks a parcel of the account this desktop polls: recorded here
    const mine = parcelOf(a.id);
    const r1 = (await core.handle('shipments.markReceived', mine)) as MethodOutputs['shipments.markReceived'];
    expect(r1).toMatchObject({ alreadyReceived: false, erpEvent: 'recorded' });
    expect(receivedRows(mine.orderId)).toEqual({ n: 1 });

    // a parcel of the account another member polls: stored here at once, not recorded here
    const theirs = parcelOf(b.id);
    const r2 = (await core.handle('shipments.markReceived', theirs)) as MethodOutputs['shipments.markReceived'];
    expect(r2).toMatchObject({ alreadyReceived: false, erpEvent: 'no_erp' });
    expect(receivedRows(theirs.orderId)).toEqual({ n: 0 });
    const view = (await core.handle('orders.get', { orderId: theirs.orderId })) as MethodOutputs['orders.get'];
    expect(view.shipments.find((s) => s.logisticsId === theirs.logisticsId)?.receivedAt).not.toBeNull();

    // on the leader's desktop the mark comes down the log: recorded there, once however often it comes
    const at = Date.now();
    core.internals.store.transaction(() => core.internals.recordReceived(theirs.orderId, theirs.logisticsId, at));
    core.internals.store.transaction(() => core.internals.recordReceived(theirs.orderId, theirs.logisticsId, at));
    expect(receivedRows(theirs.orderId)).toEqual({ n: 1 });
  }, 120_000);
});
