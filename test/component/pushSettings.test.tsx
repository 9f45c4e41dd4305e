// 实时消息: the switch in 设置 and the status bar's 实时 / 轮询 badge.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';

const since = '2026-11-28T10:40:00.000Z';

describe('设置 › 实时消息', () => {
  it('the switch shows pushEnabled and turning it off sends settings.update with pushEnabled: false, then on again', async () => {
    const tracker = new FakeTracker();
    tracker.settings = { ...tracker.settings, pushEnabled: true, pushUrl: null };
    tracker.status = { ...tracker.status, channel: { state: 'live', enabled: true, since, message: null } };
    await renderApp({ hash: '#/settings', tracker });
    const card = await screen.findByTestId('push-card');
    expect(card.textContent).toContain('实时消息');
    const sw = screen.getByTestId('setting-push-enabled');
    expect(sw.getAttribute('aria-checked')).toBe('true');
    await waitFor(() => expect(screen.getByTestId('push-state').textContent).toMatch(/^实时，自 .+ 起/));

    fireEvent.click(sw);
    await waitFor(() => expect(tracker.callsOf('settings.update')).toContainEqual({ pushEnabled: false }));
    await waitFor(() => expect(screen.getByTestId('setting-push-enabled').getAttribute('aria-checked')).toBe('false'));
    expect(tracker.settings.pushEnabled).toBe(false);

    fireEvent.click(screen.getByTestId('setting-push-enabled'));
    await waitFor(() => expect(tracker.callsOf('settings.update')).toContainEqual({ pushEnabled: true }));
  });

  it('the channel address is an advanced field: saved as pushUrl, empty means 1688’s (null)', async () => {
    const { tracker } = await renderApp({ hash: '#/settings' });
    await screen.findByTestId('push-card');
    expect(screen.queryByTestId('setting-push-url')).toBeNull();
    fireEvent.click(screen.getByTestId('push-advanced'));
    fireEvent.change(screen.getByTestId('setting-push-url'), { target: { value: ' ws://127.0.0.1:9000/websocket ' } });
    fireEvent.click(screen.getByTestId('setting-push-url-save'));
    await waitFor(() => expect(tracker.callsOf('settings.update')).toContainEqual({ pushUrl: 'ws://127.0.0.1:9000/websocket' }));
    fireEvent.change(screen.getByTestId('setting-push-url'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('setting-push-url-save'));
    await waitFor(() => expect(tracker.callsOf('settings.update')).toContainEqual({ pushUrl: null }));
  });

  it('in English the card says Real-time messages', async () => {
    const tracker = new FakeTracker();
    tracker.settings = { ...tracker.settings, language: 'en' };
    await renderApp({ hash: '#/settings', tracker });
    await waitFor(() => expect(screen.getByTestId('push-card').textContent).toContain('Real-time messages'));
  });
});

describe('status bar › 实时 / 轮询', () => {
  it('says 实时 while the channel is live, 轮询 with the reason when it drops, and nothing when switched off', async () => {
    const tracker = new FakeTracker();
    tracker.status = { ...tracker.status, channel: { state: 'live', enabled: true, since, message: null } };
    await renderApp({ hash: '#/orders', tracker });
    const badge = await screen.findByTestId('push-channel');
    expect(badge.textContent).toBe('实时');

    act(() => tracker.emit('sync.channel', { state: 'down', enabled: true, since, message: '消息通道已断开（1006）' }));
    await waitFor(() => expect(screen.getByTestId('push-channel').textContent).toBe('轮询'));
    fireEvent.mouseEnter(screen.getByTestId('push-channel'));
    expect(await screen.findByText('消息通道已断开（1006）')).toBeTruthy();

    act(() => tracker.emit('sync.channel', { state: 'live', enabled: true, since, message: null }));
    await waitFor(() => expect(screen.getByTestId('push-channel').textContent).toBe('实时'));

    act(() => tracker.emit('sync.channel', { state: 'off', enabled: false, since, message: null }));
    await waitFor(() => expect(screen.queryByTestId('push-channel')).toBeNull());
    expect(screen.getByTestId('status-bar').textContent).toContain('上次同步');
  });
});
