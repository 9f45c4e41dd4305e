// 设置 → 1688 账号, the account and purchaser on the Orders page, and the frame's account banners.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { AccountView } from '../../shared/contract';
import { renderApp } from './render';
import { FakeTracker } from './fakeTracker';

const view = (over: Partial<AccountView>): AccountView => ({
  id: 1,
  name: '华东采购',
  appKey: '1234567',
  memberId: 'b2b-1',
  loginId: 'buyer-1',
  method: 'oauth',
  state: 'active',
  accessTokenExpiresAt: null,
  refreshTokenExpiresAt: null,
  lastSyncAt: null,
  orders: 12,
  implicit: false,
  tokenWarning: null,
  ...over,
});

describe('1688 accounts', () => {
  it('the frame names the account that needs reconnecting and the one whose authorisation ends soon', async () => {
    const tracker = new FakeTracker();
    tracker.account = {
      ...tracker.account,
      needsReconnect: true,
      needsReconnectAccounts: ['华南采购'],
      tokenExpiring: [{ name: '华东采购', refreshTokenExpiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), daysLeft: 10 }],
    };
    await renderApp({ hash: '#/orders', tracker });
    expect((await screen.findByTestId('account-reconnect-banner')).textContent).toContain('华南采购');
    expect((await screen.findByTestId('account-expiry-banner')).textContent).toContain('“华东采购”的授权 10 天后到期');
  });

  it('each order shows its account and purchaser, and the list filters by account', async () => {
    const tracker = new FakeTracker();
    tracker.accounts = [view({}), view({ id: 2, name: '华南采购', memberId: 'b2b-2' })];
    const [first, second] = tracker.orders;
    first!.account = { id: 1, name: '华东采购', memberId: 'b2b-1' };
    first!.purchaser = 'buyer-1:采购A';
    second!.account = { id: 2, name: '华南采购', memberId: 'b2b-2' };
    await renderApp({ hash: '#/orders', tracker });
    await waitFor(() => expect(screen.getAllByTestId('order-account').some((c) => c.textContent === '华东采购 · buyer-1:采购A')).toBe(true));
    fireEvent.change(await screen.findByTestId('filter-account'), { target: { value: '2' } });
    await waitFor(() => expect(tracker.callsOf('orders.list').at(-1)).toMatchObject({ accountId: 2 }));
    await waitFor(() => expect(screen.getAllByTestId('order-account').every((c) => c.textContent?.startsWith('华南采购'))).toBe(true));
  });
});
