// The orders table mounts ~25 rows per frame while the clerk scrolls. Each row's relative times,
// ids and status tag read the app's ONE clock and ONE translator (contexts), instead of each
// subscribing to the clock and to react-i18next on mount. These tests keep it that way.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp, renderWithProviders } from './render';
import { FakeTracker } from './fakeTracker';
import { RelTime } from '../../renderer/components/RelTime';
import { i18n } from '../../renderer/i18n';
import { clockSubscriberCount } from '../../renderer/lib/useNow';

function trackerWith(orders: number): FakeTracker {
  const tracker = new FakeTracker();
  const base = tracker.orders[0]!;
  for (let i = tracker.orders.length; i < orders; i++) {
    tracker.orders.push({ ...base, orderId: `37123456789000${String(i).padStart(5, '0')}` });
  }
  return tracker;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('one clock for every relative time', () => {
  it('many rows, one subscription: the provider’s', async () => {
    await renderApp({ hash: '#/orders', tracker: trackerWith(30) });
    expect((await screen.findAllByTestId('order-row')).length).toBeGreaterThanOrEqual(20);
    // ClockProvider subscribes once per clock ('app' and 'local'); rows and the status bar do not.
    expect(clockSubscriberCount()).toBe(2);
  });

  it('every relative time moves on the 30 s tick', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const t0 = Date.now();
    const at = new Date(t0 - 50_000).toISOString();
    await renderWithProviders(
      <div data-testid="times">
        {Array.from({ length: 30 }, (_, i) => (
          <RelTime key={i} at={at} />
        ))}
      </div>,
    );
    const texts = () => [...new Set(Array.from(screen.getByTestId('times').querySelectorAll('time'), (e) => e.textContent))];
    expect(texts()).toEqual(['刚刚']);
    expect(clockSubscriberCount()).toBe(2);

    vi.spyOn(Date, 'now').mockReturnValue(t0 + 30_000);
    act(() => vi.advanceTimersByTime(30_000));
    expect(texts()).toEqual(['1 分钟前']);
  });
});

describe('one translator for every row', () => {
  it('rows do not subscribe to react-i18next themselves', async () => {
    const subscriptions = async (orders: number) => {
      const on = vi.spyOn(i18n, 'on');
      const view = await renderApp({ hash: '#/orders', tracker: trackerWith(orders) });
      await screen.findAllByTestId('order-row');
      const n = on.mock.calls.filter(([event]) => String(event).includes('languageChanged')).length;
      on.mockRestore();
      view.unmount();
      return n;
    };
    const few = await subscriptions(2);
    const many = await subscriptions(30);
    expect(many).toBe(few);
  });

  it('rows follow a language switch (tags, relative times, ids)', async () => {
    await renderApp({ hash: '#/orders' });
    const row = (await screen.findAllByTestId('order-row'))[0]!;
    expect(within(row).getByText('运输中')).toBeTruthy();
    expect(row.querySelector('.cell-updated time')!.textContent).toBe('1 小时前');
    expect(row.querySelector('.id-text')!.getAttribute('title')).toContain('点击复制');

    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => expect(within(row).getByText('In transit')).toBeTruthy());
    expect(row.querySelector('.cell-updated time')!.textContent).toBe('an hour ago');
    expect(row.querySelector('.id-text')!.getAttribute('title')).not.toContain('点击复制');
  });
});
