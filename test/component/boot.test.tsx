// renderer/boot.ts: before the UI's code is set up, the app listens to the core's events and asks
// for the first page's answers (once each), so the first render can show the page in one go.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTracker } from './fakeTracker';
import { accountOptions, ordersListOptions } from '../../renderer/api/hooks';
import { FIRST_ORDERS_LIST } from '../../renderer/api/queryKeys';

describe('boot', () => {
  it('on "#/": events first, then the first list page and the account, each asked for once', async () => {
    const tracker = new FakeTracker();
    const steps: string[] = [];
    const on = tracker.on.bind(tracker);
    const invoke = tracker.invoke.bind(tracker);
    tracker.on = ((event, listener) => {
      steps.push(`on ${event}`);
      return on(event, listener);
    }) as FakeTracker['on'];
    tracker.invoke = ((method, input) => {
      steps.push(`invoke ${method}`);
      return invoke(method, input);
    }) as FakeTracker['invoke'];
    (window as unknown as { tracker: FakeTracker }).tracker = tracker;
    window.location.hash = '';

    const boot = await import('../../renderer/boot.js');
    await boot.firstAnswers;

    expect(steps.indexOf('on sync.finished')).toBeGreaterThanOrEqual(0);
    expect(steps.indexOf('on sync.finished')).toBeLessThan(steps.indexOf('invoke orders.list'));
    expect(tracker.callsOf('orders.list')).toEqual([{ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 100 }]);
    expect(tracker.callsOf('account.status')).toHaveLength(1);
    expect(boot.queryClient.getQueryData(ordersListOptions(FIRST_ORDERS_LIST).queryKey)?.pages[0]?.rows.length).toBe(4);
    expect(boot.queryClient.getQueryData(accountOptions().queryKey)).toBeDefined();

    // Until the first render has mounted the pages, boot keeps the answers observed (a sync then
    // refetches them at once); afterwards only the pages do.
    const listQuery = boot.queryClient.getQueryCache().find({ queryKey: ordersListOptions(FIRST_ORDERS_LIST).queryKey })!;
    expect(listQuery.getObserversCount()).toBe(1);
    boot.releaseBootQueries();
    expect(listQuery.getObserversCount()).toBe(0);
  });

  // "#/" is decided before the first render when both answers are in, so the app renders the
  // orders (or the welcome page) at once instead of redirecting right after its first commit.
  describe('"#/" settled before the first render', () => {
    beforeEach(() => {
      vi.resetModules();
      window.location.hash = '';
    });

    async function bootWith(tracker: FakeTracker) {
      (window as unknown as { tracker: FakeTracker }).tracker = tracker;
      const boot = await import('../../renderer/boot.js');
      await boot.firstAnswers;
      boot.settleRootRoute();
      boot.releaseBootQueries();
      return window.location.hash;
    }

    it('goes to the orders when there are orders', async () => {
      expect(await bootWith(new FakeTracker())).toBe('#/orders');
    });

    it('goes to the welcome page on a first run (no account, no orders)', async () => {
      const tracker = new FakeTracker([]);
      tracker.account = { ...tracker.account, connected: false, method: null, loginId: null, memberId: null };
      expect(await bootWith(tracker)).toBe('#/welcome');
    });

    it('leaves "#/" to the app when an answer is missing', async () => {
      const tracker = new FakeTracker();
      const invoke = tracker.invoke.bind(tracker);
      tracker.invoke = ((method, input) =>
        method === 'account.status' ? Promise.reject({ code: 'offline', message: 'x' }) : invoke(method, input)) as FakeTracker['invoke'];
      expect(await bootWith(tracker)).toBe('');
    });

    it('does not touch another page the window opens on', async () => {
      window.location.hash = '#/settings';
      expect(await bootWith(new FakeTracker())).toBe('#/settings');
    });
  });
});
