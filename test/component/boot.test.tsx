// renderer/boot.ts: before the UI's code is set up, the app listens to the core's events and asks
// for the first page's answers (once each), so the first render can show the page in one go.
import { describe, expect, it } from 'vitest';
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
});
