import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';

const secretInputs = () => screen.getAllByTestId('settings-secret-input') as HTMLInputElement[];

describe('settings', () => {
  it('never shows a secret: the inputs are empty password fields saying "已保存（不显示）"', async () => {
    const tracker = new FakeTracker();
    tracker.settings.erpWebhookHasSecret = true;
    await renderApp({ hash: '#/settings', tracker });
    await screen.findByTestId('settings-form');
    await waitFor(() => expect(screen.getByTestId('account-state').textContent).toBe('已连接'));
    const inputs = secretInputs();
    expect(inputs.length).toBe(4);
    for (const input of inputs) {
      expect(input.type).toBe('password');
      expect(input.value).toBe('');
      expect(input.placeholder).toBe('已保存（不显示）');
    }
    expect(screen.getByText('clerk01')).toBeTruthy();
  });

  it('connecting sends the secrets once and clears the fields', async () => {
    const tracker = new FakeTracker();
    tracker.account = { ...tracker.account, connected: false, method: null, appKey: null };
    const { container } = await renderApp({ hash: '#/settings', tracker });
    await screen.findByTestId('settings-form');
    fireEvent.change(screen.getByTestId('settings-appkey'), { target: { value: 'myAppKey' } });
    const [appSecret, accessToken] = secretInputs();
    fireEvent.change(appSecret!, { target: { value: 'TOP-SECRET-app' } });
    fireEvent.change(accessToken!, { target: { value: 'TOP-SECRET-token' } });
    fireEvent.click(screen.getByTestId('account-connect'));
    await waitFor(() =>
      expect(tracker.callsOf('account.connect')).toContainEqual({
        appKey: 'myAppKey',
        appSecret: 'TOP-SECRET-app',
        accessToken: 'TOP-SECRET-token',
      }),
    );
    await waitFor(() => expect(secretInputs().every((i) => i.value === '')).toBe(true));
    expect(container.innerHTML).not.toContain('TOP-SECRET');
    expect(document.body.innerHTML).not.toContain('TOP-SECRET');
  });

  it('saving sends only the changed fields; the ERP secret field clears after saving', async () => {
    const { tracker } = await renderApp({ hash: '#/settings' });
    await screen.findByTestId('settings-form');
    const erpSecret = secretInputs().find((i) => i.getAttribute('data-secret') === 'erpWebhookSecret')!;
    fireEvent.change(erpSecret, { target: { value: 'hmac-secret-123' } });
    fireEvent.change(screen.getByTestId('setting-poll'), { target: { value: '45' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() =>
      expect(tracker.callsOf('settings.update')).toContainEqual({ pollIntervalMinutes: 45, erpWebhookSecret: 'hmac-secret-123' }),
    );
    await waitFor(() => expect(erpSecret.value).toBe(''));
    expect(document.body.innerHTML).not.toContain('hmac-secret-123');
    expect(erpSecret.placeholder).toBe('已保存（不显示）');
  });

  it('shows field errors from a ContractError’s issues', async () => {
    const tracker = new FakeTracker();
    const invoke = tracker.invoke.bind(tracker);
    tracker.invoke = (async (method: string, input?: unknown) => {
      if (method === 'settings.update')
        throw { code: 'invalid_input', message: '有设置不正确', issues: [{ path: 'pollIntervalMinutes', message: '不能小于 5' }] };
      return invoke(method as never, input as never);
    }) as typeof tracker.invoke;
    await renderApp({ hash: '#/settings', tracker });
    await screen.findByTestId('settings-form');
    fireEvent.change(screen.getByTestId('setting-poll'), { target: { value: '60' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText('不能小于 5')).toBeTruthy();
  });
});

describe('OAuth redirect URI', () => {
  it('sends the URI registered with 1688 when given, and remembers it', async () => {
    const tracker = new FakeTracker();
    tracker.account = { ...tracker.account, connected: false, method: null, appKey: null };
    const opened: string[] = [];
    const original = window.open;
    window.open = ((url: string) => {
      opened.push(url);
      return null;
    }) as typeof window.open;
    try {
      await renderApp({ hash: '#/settings', tracker });
      await screen.findByTestId('settings-form');
      fireEvent.change(screen.getByTestId('settings-appkey'), { target: { value: 'myAppKey' } });
      fireEvent.change(secretInputs()[0]!, { target: { value: 'app-secret-value' } });
      fireEvent.change(screen.getByTestId('settings-redirect-uri'), { target: { value: 'https://erp.example.com/1688/callback' } });
      fireEvent.click(screen.getByTestId('account-oauth'));
      await waitFor(() =>
        expect(tracker.callsOf('account.startOAuth')).toContainEqual({
          appKey: 'myAppKey',
          appSecret: 'app-secret-value',
          redirectUri: 'https://erp.example.com/1688/callback',
        }),
      );
      await waitFor(() => expect(tracker.callsOf('settings.update')).toContainEqual({ oauthRedirectUri: 'https://erp.example.com/1688/callback' }));
      await waitFor(() => expect(opened.length).toBe(1));
    } finally {
      window.open = original;
    }
  });

  it('falls back to this app’s own callback when none is registered', async () => {
    const tracker = new FakeTracker();
    tracker.account = { ...tracker.account, connected: false, method: null, appKey: null };
    const original = window.open;
    window.open = (() => null) as typeof window.open;
    try {
      await renderApp({ hash: '#/settings', tracker });
      await screen.findByTestId('settings-form');
      fireEvent.change(screen.getByTestId('settings-appkey'), { target: { value: 'k1' } });
      fireEvent.change(secretInputs()[0]!, { target: { value: 's1' } });
      fireEvent.click(screen.getByTestId('account-oauth'));
      await waitFor(() => expect(tracker.callsOf('account.startOAuth')[0]?.redirectUri).toBe(`${window.location.origin}/oauth/callback`));
      expect(tracker.callsOf('settings.update')).toEqual([]);
    } finally {
      window.open = original;
    }
  });
});

describe('settings changed by another desk (team)', () => {
  it('an open 设置 page shows the new thresholds without reloading; a field being edited keeps the clerk’s value', async () => {
    const tracker = new FakeTracker();
    tracker.settings = { ...tracker.settings, stallWarnHours: 48, stallAlertHours: 96 };
    await renderApp({ hash: '#/settings', tracker });
    await screen.findByTestId('settings-form');
    const warn = screen.getByTestId('setting-stall-warn') as HTMLInputElement;
    const alert = screen.getByTestId('setting-stall-alert') as HTMLInputElement;
    expect(warn.value).toBe('48');
    // the clerk is editing the alert threshold here, unsaved
    fireEvent.change(alert, { target: { value: '100' } });
    // another desk's change comes down the team's log: the core saved it and says so
    tracker.settings = { ...tracker.settings, stallWarnHours: 24, stallAlertHours: 72 };
    act(() => tracker.emit('settings.changed', { keys: ['stallWarnHours', 'stallAlertHours'] }));
    await waitFor(() => expect(warn.value).toBe('24'));
    expect(alert.value).toBe('100');
  });
});
