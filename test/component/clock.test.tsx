import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const updatedCell = (orderId: string) =>
  document.querySelector<HTMLElement>(`[data-testid="order-row"][data-order-id="${orderId}"] .cell-updated`);

describe('the app’s clock', () => {
  it('relative times count from SyncStatus.now, not the browser’s clock; later than now reads 刚刚', async () => {
    const real = Date.now();
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, now: iso(real + 2 * HOUR) }; // the core's clock runs 2 h ahead
    tracker.orders[0]!.updatedAt = iso(real + HOUR); // 1 h before the app's now
    tracker.orders[1]!.updatedAt = iso(real + 2 * HOUR + 10 * 60_000); // after it (a drifting clock)
    await renderApp({ hash: '#/orders', tracker });
    await screen.findAllByTestId('order-row');
    await waitFor(() => expect(updatedCell('3712345678901234567')!.textContent).toBe('1 小时前'));
    expect(updatedCell('3712345678901230001')!.textContent).toBe('刚刚');
  });

  it('a status updated in place keeps the clock; a fresh one moves it', async () => {
    const real = Date.now();
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, now: iso(real + 2 * HOUR) };
    tracker.orders[0]!.updatedAt = iso(real + HOUR);
    await renderApp({ hash: '#/orders', tracker });
    await screen.findAllByTestId('order-row');
    await waitFor(() => expect(updatedCell('3712345678901234567')!.textContent).toBe('1 小时前'));
    await waitFor(() => expect(tracker.listenerCount('sync.progress')).toBe(1));

    // sync.progress rewrites the cached status (same `now`): nothing moves
    act(() => tracker.emit('sync.progress', { done: 1, total: 10, phase: '查询轨迹' }));
    await screen.findByTestId('sync-progress');
    expect(updatedCell('3712345678901234567')!.textContent).toBe('1 小时前');

    // a fresh status says the core's clock is the browser's again: the same time is now ahead
    tracker.status = { ...tracker.status, state: 'idle', progress: null, now: iso(Date.now()) };
    const statusCalls = tracker.callsOf('sync.status').length;
    act(() => tracker.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 }));
    await waitFor(() => expect(tracker.callsOf('sync.status').length).toBeGreaterThan(statusCalls));
    await waitFor(() => expect(updatedCell('3712345678901234567')!.textContent).toBe('刚刚'));
  });

  it('the timeline’s 今天 is the app’s today', async () => {
    const real = Date.now();
    let appNow = real + 3 * 24 * HOUR;
    const dayStart = (ms: number) => new Date(new Date(ms).setHours(0, 0, 0, 0)).getTime();
    if (appNow - dayStart(appNow) < 10 * 60_000) appNow += HOUR; // not just after midnight
    const step = dayStart(appNow) + Math.floor((appNow - dayStart(appNow)) / 2); // earlier on the app's today
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, now: iso(appNow) };
    const parcel = tracker.orders[0]!.parcels[0]!;
    parcel.events = [...parcel.events, { at: iso(step), remark: '【深圳】已签收', stage: 'delivered' }];
    await renderApp({ hash: '#/orders/3712345678901234567', tracker });
    await screen.findAllByTestId('timeline-item');
    const hhmm = `${String(new Date(step).getHours()).padStart(2, '0')}:${String(new Date(step).getMinutes()).padStart(2, '0')}`;
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')[0]!.querySelector('time')!.textContent).toBe(`今天 ${hhmm}`));
  });
});
