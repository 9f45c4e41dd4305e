import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { renderApp, testQueryClient } from './render';
import { FakeTracker } from './fakeTracker';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { eventEffects, holdCacheEvents } from '../../renderer/api/useContractEvents';
import { ordersListOptions } from '../../renderer/api/hooks';
import { FIRST_ORDERS_LIST, qk } from '../../renderer/api/queryKeys';

describe('useContractEvents', () => {
  it('sync.finished refetches the order list, the changed order, alerts and the sync status', async () => {
    const { tracker } = await renderApp({ hash: '#/orders/3712345678901234567' });
    await screen.findAllByTestId('order-row');
    await screen.findAllByTestId('timeline-item');
    await waitFor(() => expect(tracker.listenerCount('sync.finished')).toBe(1));
    const before = {
      list: tracker.callsOf('orders.list').length,
      get: tracker.callsOf('orders.get').length,
      alerts: tracker.callsOf('alerts.list').length,
      status: tracker.callsOf('sync.status').length,
    };
    tracker.orders[1]!.seller = '广州优品（新）';
    act(() => tracker.emit('sync.finished', { changedOrderIds: ['3712345678901234567'], ok: true, newEvents: 3 }));
    await waitFor(() => expect(tracker.callsOf('orders.list').length).toBeGreaterThan(before.list));
    await waitFor(() => expect(tracker.callsOf('orders.get').length).toBeGreaterThan(before.get));
    await waitFor(() => expect(tracker.callsOf('alerts.list').length).toBeGreaterThan(before.alerts));
    await waitFor(() => expect(tracker.callsOf('sync.status').length).toBeGreaterThan(before.status));
    expect(await screen.findByText('广州优品（新）')).toBeTruthy();
  });

  it('alerts.changed refetches alerts and orders; account.changed updates the account', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    await waitFor(() => expect(tracker.listenerCount('alerts.changed')).toBe(1));
    const alerts = tracker.callsOf('alerts.list').length;
    const list = tracker.callsOf('orders.list').length;
    act(() => tracker.emit('alerts.changed', { open: 2 }));
    await waitFor(() => expect(tracker.callsOf('alerts.list').length).toBeGreaterThan(alerts));
    await waitFor(() => expect(tracker.callsOf('orders.list').length).toBeGreaterThan(list));
  });

  it('sync.progress shows a progress bar without any call; navigate opens the order', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    await waitFor(() => expect(tracker.listenerCount('sync.progress')).toBe(1));
    act(() => tracker.emit('sync.progress', { done: 61, total: 100, phase: '查询轨迹' }));
    const progress = await screen.findByTestId('sync-progress');
    expect(progress.textContent).toContain('查询轨迹 61/100');
    expect(progress.textContent).toContain('61%');

    act(() => tracker.emit('navigate', { orderId: '3712345678901230001' }));
    await waitFor(() => expect(window.location.hash).toBe('#/orders/3712345678901230001'));
    expect((await screen.findByTestId('order-drawer')).getAttribute('data-order-id')).toBe('3712345678901230001');
  });

  it('a notification event becomes a toast with a link to the order', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    await waitFor(() => expect(tracker.listenerCount('notification')).toBe(1));
    act(() =>
      tracker.emit('notification', { kind: 'delivered', title: '已签收', body: '订单 3712…4567 已签收', orderId: '3712345678901234567' }),
    );
    expect(await screen.findByText('订单 3712…4567 已签收')).toBeTruthy();
    act(() => screen.getByRole('button', { name: '查看订单' }).click());
    await waitFor(() => expect(window.location.hash).toBe('#/orders/3712345678901234567'));
  });

  it('unsubscribes every listener on unmount', async () => {
    const { tracker, unmount } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    await waitFor(() => expect(tracker.listenerCount('sync.finished')).toBe(1));
    unmount();
    for (const e of ['sync.progress', 'sync.finished', 'alerts.changed', 'navigate', 'notification', 'account.changed', 'outbox.changed'] as const)
      expect(tracker.listenerCount(e)).toBe(0);
  });

  it('the cache follows the events from before the first render (boot), once however many hold it', async () => {
    const tracker = new FakeTracker();
    (window as unknown as { tracker: FakeTracker }).tracker = tracker;
    const qc = testQueryClient();
    const releaseBoot = holdCacheEvents(qc); // boot.ts: before any request
    const releaseApp = holdCacheEvents(qc); // the app's EventBridge, later
    expect(tracker.listenerCount('sync.finished')).toBe(1);

    // A list fetched before the app rendered, then a sync: the answer is invalidated, not kept.
    await qc.fetchInfiniteQuery(ordersListOptions(FIRST_ORDERS_LIST));
    tracker.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 1 });
    await waitFor(() => expect(qc.getQueryState(ordersListOptions(FIRST_ORDERS_LIST).queryKey)?.isInvalidated).toBe(true));

    releaseApp();
    expect(tracker.listenerCount('sync.finished')).toBe(1);
    releaseBoot();
    expect(tracker.listenerCount('sync.finished')).toBe(0);
  });
});

describe('a stream of events', () => {
  it('never starves a slow list: the refetch in flight finishes, then one more reads the latest', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    let version = 0;
    let started = 0;
    let finished = 0;
    const queryFn = async () => {
      started++;
      const seen = version;
      await new Promise((r) => setTimeout(r, 40));
      finished++;
      return seen;
    };
    // An active list (a page is showing it), as the ERP page's outbox list is.
    const observer = new QueryObserver(qc, { queryKey: [...qk.outbox, 'list', 'dead', 0], queryFn });
    const unsubscribe = observer.subscribe(() => undefined);
    await waitFor(() => expect(observer.getCurrentResult().data).toBe(0));
    // An event every 10 ms, each faster than the list answers (40 ms), for 300 ms.
    for (let i = 0; i < 30; i++) {
      version++;
      void eventEffects['outbox.changed'](qc, { pending: 0, failing: 0, dead: version });
      await new Promise((r) => setTimeout(r, 10));
    }
    // Answers landed during the stream (cancelling would have restarted it 30 times, none done) …
    expect(finished).toBeGreaterThan(3);
    expect(started).toBeLessThan(30);
    // … and after it the list shows the last change.
    await waitFor(() => expect(observer.getCurrentResult().data).toBe(version));
    unsubscribe();
    qc.clear();
  });
});
