import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';

describe('frame', () => {
  it('the status bar shows state, last sync with calls, next sync, and syncs now (button and Ctrl+R)', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    const bar = await screen.findByTestId('status-bar');
    await waitFor(() => expect(bar.textContent).toContain('在线'));
    expect(bar.textContent).toMatch(/上次同步 (\d\d-\d\d )?\d\d:\d\d 成功/);
    expect(bar.textContent).toContain('（214 次调用）');
    expect(bar.textContent).toMatch(/下次 (\d\d-\d\d )?\d\d:\d\d/);
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.queryByTestId('reconnect-banner')).toBeNull();

    fireEvent.click(within(bar).getByTestId('sync-now'));
    await waitFor(() => expect(tracker.callsOf('sync.runNow')).toHaveLength(1));
    await waitFor(() => expect(bar.getAttribute('data-state')).toBe('syncing'));

    tracker.status = { ...tracker.status, state: 'idle', progress: null };
    act(() => tracker.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 }));
    await waitFor(() => expect(bar.getAttribute('data-state')).toBe('idle'));
    fireEvent.keyDown(window, { key: 'r', ctrlKey: true });
    await waitFor(() => expect(tracker.callsOf('sync.runNow')).toHaveLength(2));
  });

  it('Ctrl+K focuses the search box', async () => {
    await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('search-input'));
  });

  it('offline: an amber banner with the data time; everything still renders from the cache', async () => {
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, state: 'offline', dataAsOf: '2026-11-28T10:40:00.000Z', offlineSince: '2026-11-28T10:41:00.000Z' };
    await renderApp({ hash: '#/orders', tracker });
    const banner = await screen.findByTestId('offline-banner');
    expect(banner.textContent).toMatch(/^离线 — 数据截至 (\d{4}-)?\d\d-\d\d \d\d:\d0/);
    expect(await screen.findAllByTestId('order-row')).toHaveLength(4);
    expect(screen.getByTestId('status-bar').textContent).toContain('离线');
  });

  it('needs reconnect: a red banner whose one button goes to the settings', async () => {
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, state: 'needs_reconnect', message: '1688 授权已过期，请重新连接' };
    await renderApp({ hash: '#/orders', tracker });
    const banner = await screen.findByTestId('reconnect-banner');
    expect(banner.textContent).toContain('1688 授权已过期，请重新连接');
    fireEvent.click(within(banner).getByRole('button', { name: '重新连接' }));
    await waitFor(() => expect(window.location.hash).toBe('#/settings'));
  });

  it('demo data is labelled; the nav shows the open-alert count', async () => {
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, demo: true };
    await renderApp({ hash: '#/orders', tracker });
    expect((await screen.findByTestId('demo-tag')).textContent).toBe('演示数据');
    await waitFor(() => expect(screen.getByTestId('nav-alerts').textContent).toContain('1'));
  });

  it('first run (not connected, no orders) lands on the welcome page', async () => {
    const tracker = new FakeTracker([]);
    tracker.account = { ...tracker.account, connected: false, method: null };
    await renderApp({ hash: '', tracker });
    await waitFor(() => expect(window.location.hash).toBe('#/welcome'));
    const welcome = await screen.findByTestId('welcome');
    expect(welcome.textContent).toContain('连接 1688 账号');
    expect(welcome.textContent).toContain('npx tracker serve --demo');
    fireEvent.click(screen.getByTestId('welcome-connect'));
    await waitFor(() => expect(window.location.hash).toBe('#/settings'));
  });

  it('a connected account with orders lands on the orders', async () => {
    const { tracker } = await renderApp({ hash: '' });
    await waitFor(() => expect(window.location.hash).toBe('#/orders'));
    expect(await screen.findAllByTestId('order-row')).toHaveLength(4);
    // The decision used the Orders page's own first list page: one orders.list, the page's.
    expect(tracker.callsOf('orders.list')).toEqual([{ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 100 }]);
  });
});

describe('alerts page', () => {
  it('groups open alerts by severity then rule, opens the order, acknowledges with a note', async () => {
    const tracker = new FakeTracker();
    const base = tracker.orders[0]!.alerts[0]!;
    tracker.orders[3]!.alerts.push({
      ...base,
      id: 9,
      rule: 'delivery_problem',
      severity: 'alert',
      orderId: '3712345678901230003',
      billNo: 'YT0001',
      message: '派送异常：问题件',
      messageEn: 'Delivery problem',
      lastRemark: '问题件：地址不详',
    });
    tracker.orders[3]!.alerts.push({ ...base, id: 10, resolvedAt: new Date().toISOString(), message: '已恢复' });
    await renderApp({ hash: '#/alerts', tracker });
    const rows = await screen.findAllByTestId('alert-row');
    expect(rows.map((r) => r.getAttribute('data-alert-id'))).toEqual(['9', '7']);
    const groups = document.querySelectorAll('.alert-group');
    expect(groups[0]!.textContent).toContain('派送异常');
    expect(groups[1]!.textContent).toContain('长时间无新轨迹');
    expect(rows[0]!.textContent).toContain('派送异常：问题件');
    expect(rows[0]!.textContent).toContain('问题件：地址不详');

    fireEvent.click(within(rows[1]!).getByTestId('alert-order'));
    expect((await screen.findByTestId('order-drawer')).getAttribute('data-order-id')).toBe('3712345678901234567');

    fireEvent.click(within(rows[0]!).getByTestId('ack-button'));
    const note = await screen.findByTestId('ack-note');
    fireEvent.change(note, { target: { value: '已让卖家重发' } });
    fireEvent.click(within(note.closest('.ant-modal') as HTMLElement).getByRole('button', { name: '确认' }));
    await waitFor(() => expect(tracker.callsOf('alerts.ack')).toContainEqual({ alertId: 9, note: '已让卖家重发' }));

    fireEvent.click(screen.getByTestId('alerts-tab-resolved'));
    await waitFor(() => expect(tracker.callsOf('alerts.list').some((c) => c.state === 'resolved')).toBe(true));
    expect(await screen.findByText('已恢复')).toBeTruthy();
  });

  it('shows the English message in English', async () => {
    await renderApp({ hash: '#/alerts' });
    await screen.findAllByTestId('alert-row');
    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => expect(screen.getAllByTestId('alert-row')[0]!.textContent).toContain('No new trace for 48 hours'));
    expect(document.querySelector('.alert-group')!.textContent).toContain('No new trace for a long time');
  });

  it('team mode: the status bar says who polls and whether this desktop is behind; solo shows nothing', async () => {
    const tracker = new FakeTracker();
    await renderApp({ hash: '#/orders', tracker });
    const bar = await screen.findByTestId('status-bar');
    await waitFor(() => expect(bar.textContent).toContain('在线'));
    expect(screen.queryByTestId('team-status')).toBeNull();

    tracker.team = {
      member: '小王',
      accounts: [{ id: 'b2b-2212345678', role: 'follower', leaseHolder: '小李', fencingToken: 3 }],
      cursor: 120,
      lagMs: 12_000,
      pendingOps: 0,
      online: true,
    };
    act(() => tracker.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 }));
    const team = await screen.findByTestId('team-status');
    expect(team.textContent).toContain('团队：小李 轮询');
    expect(team.textContent).toContain('（落后 12 秒）');
    expect(team.getAttribute('data-behind')).toBe('1');

    tracker.team = { ...tracker.team, accounts: [{ ...tracker.team.accounts[0]!, role: 'leader', leaseHolder: '小王' }], lagMs: 0 };
    act(() => tracker.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 }));
    await waitFor(() => expect(screen.getByTestId('team-status').textContent).toContain('团队：本机 轮询（已同步）'));

    tracker.team = { ...tracker.team, online: false, pendingOps: 2 };
    act(() => tracker.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 }));
    await waitFor(() => expect(screen.getByTestId('team-status').textContent).toContain('团队数据库离线'));
  });
});
