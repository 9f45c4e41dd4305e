import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';

describe('orders page', () => {
  it('renders the rows and the tab counts from orders.list', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    const rows = await screen.findAllByTestId('order-row');
    expect(rows).toHaveLength(4);
    expect(rows[0]!.getAttribute('data-order-id')).toBe('3712345678901234567');
    // the whole 19-digit order id, monospace, with a copy button beside it (shown on hover)
    const id = within(rows[0]!).getByTestId('row-order-id');
    expect(id.textContent).toBe('3712345678901234567');
    expect(id.className).toContain('mono');
    expect(within(rows[0]!).getAllByTestId('id-copy').length).toBeGreaterThanOrEqual(1);
    expect(within(rows[0]!).getByText('义乌示例工贸')).toBeTruthy();
    expect(within(rows[0]!).getByText('中通快递')).toBeTruthy();
    expect(within(rows[0]!).getByText('运输中')).toBeTruthy();

    expect(screen.getByTestId('status-count-all').textContent).toBe('4');
    expect(screen.getByTestId('status-count-in_transit').textContent).toBe('1');
    expect(screen.getByTestId('status-count-delivered').textContent).toBe('1');
    expect(screen.getByTestId('status-count-exception').textContent).toBe('1');
    // quiet tabs with no orders stay hidden
    expect(screen.queryByTestId('status-tab-cancelled')).toBeNull();
    expect(screen.getByTestId('status-tab-all').textContent).toContain('全部');

    const first = tracker.callsOf('orders.list').find((c) => c.limit === 100);
    expect(first).toMatchObject({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 100 });
  });

  it('switching a tab asks the server for that tab', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    fireEvent.click(screen.getByTestId('status-tab-delivered'));
    await waitFor(() => expect(tracker.callsOf('orders.list').some((c) => c.tab === 'delivered')).toBe(true));
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(1));
    expect(screen.getAllByTestId('order-row')[0]!.getAttribute('data-order-id')).toBe('3712345678901230001');
  });

  it('the copy button copies the whole order id, without opening the order', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void copied.push(t) } });
    try {
      await renderApp({ hash: '#/orders' });
      const rows = await screen.findAllByTestId('order-row');
      fireEvent.click(within(rows[0]!).getAllByTestId('id-copy')[0]!);
      await waitFor(() => expect(copied).toEqual(['3712345678901234567']));
      expect(await screen.findByText('已复制')).toBeTruthy();
      expect(window.location.hash).toBe('#/orders');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('typing in the search box calls orders.list with `search`', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    const input = screen.getByTestId('search-input') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '广州' } });
    await waitFor(() => expect(tracker.callsOf('orders.list').some((c) => c.search === '广州')).toBe(true));
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(1));
    expect(screen.getByText('广州优品')).toBeTruthy();
  });

  it('sorting by a column header asks the server for that sort', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    fireEvent.click(screen.getByTestId('sort-updatedAt'));
    await waitFor(() =>
      expect(tracker.callsOf('orders.list').some((c) => c.sort === 'updatedAt' && c.dir === 'asc')).toBe(true),
    );
    fireEvent.click(screen.getByTestId('sort-seller'));
    await waitFor(() =>
      expect(tracker.callsOf('orders.list').some((c) => c.sort === 'seller' && c.dir === 'desc')).toBe(true),
    );
  });

  it('a row click opens the drawer; ↓ and Enter open the next; Esc closes', async () => {
    await renderApp({ hash: '#/orders' });
    const rows = await screen.findAllByTestId('order-row');
    fireEvent.click(rows[0]!);
    await waitFor(() => expect(window.location.hash).toBe('#/orders/3712345678901234567'));
    const drawer = await screen.findByTestId('order-drawer');
    expect(drawer.getAttribute('data-order-id')).toBe('3712345678901234567');
    await within(drawer).findAllByTestId('timeline-item');

    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(window.location.hash).toBe('#/orders'));

    fireEvent.keyDown(window, { key: 'ArrowDown' });
    await waitFor(() =>
      expect(screen.getAllByTestId('order-row')[1]!.getAttribute('aria-selected')).toBe('true'),
    );
    fireEvent.keyDown(window, { key: 'Enter' });
    await waitFor(() => expect(window.location.hash).toBe('#/orders/3712345678901230001'));
  });

  it('shows the empty state with next steps when there are no orders', async () => {
    await renderApp({ hash: '#/orders', tracker: new FakeTracker([]) });
    const empty = await screen.findByTestId('orders-empty');
    expect(empty.textContent).toContain('还没有订单 — 连接 1688 账号，或先试试演示数据');
    expect(within(empty).getByText('连接 1688 账号')).toBeTruthy();
  });

  it('a ContractError is shown as its message, without a stack', async () => {
    const tracker = new FakeTracker();
    const invoke = tracker.invoke.bind(tracker);
    tracker.invoke = (async (method: string, input?: unknown) => {
      if (method === 'orders.list') throw { code: 'storage', message: '数据库被占用，请稍后再试' };
      return invoke(method as never, input as never);
    }) as typeof tracker.invoke;
    await renderApp({ hash: '#/orders', tracker });
    expect(await screen.findByText('数据库被占用，请稍后再试')).toBeTruthy();
  });
});
