// 设置 → 1688 账号, the account and purchaser on the Orders page, the frame's account banners, the
// account choice when adding orders, and Refresh on a paused account's order.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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

/** The open antd dialog (its open animation done: the confirm button is in it and enabled). */
async function dialog(): Promise<HTMLElement> {
  const d = await screen.findByRole('dialog', {}, { timeout: 10_000 });
  await waitFor(() => expect(within(d).getAllByRole('button').length).toBeGreaterThan(0));
  return d;
}

describe('1688 accounts', () => {
  it('lists the accounts and adds one from tokens; the secrets go to the core once', async () => {
    const tracker = new FakeTracker();
    tracker.accounts = [view({})];
    await renderApp({ hash: '#/settings', tracker });
    const card = await screen.findByTestId('accounts-card', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(card).getByText('华东采购')).toBeTruthy());
    fireEvent.click(within(card).getByTestId('accounts-add'));
    const d = await dialog();
    fireEvent.change(within(d).getByTestId('account-add-name'), { target: { value: '华南采购' } });
    fireEvent.change(within(d).getByTestId('account-add-appkey'), { target: { value: '1234567' } });
    fireEvent.change(within(d).getByTestId('account-add-secret'), { target: { value: 'S3CRET' } });
    fireEvent.change(within(d).getByTestId('account-add-token'), { target: { value: 'T0KEN' } });
    // The card's header has a button of the same name: the one to press is the dialog's.
    fireEvent.click(within(d).getByRole('button', { name: '添加账号' }));
    await waitFor(() =>
      expect(tracker.callsOf('accounts.add')).toEqual([{ name: '华南采购', appKey: '1234567', appSecret: 'S3CRET', accessToken: 'T0KEN' }]),
    );
    await waitFor(() => expect(within(card).getByText('华南采购')).toBeTruthy());
  });

  it('removing asks whether to keep the orders or delete them', async () => {
    const tracker = new FakeTracker();
    tracker.accounts = [view({}), view({ id: 2, name: 'B', memberId: 'b2b-2' })];
    await renderApp({ hash: '#/settings', tracker });
    const card = await screen.findByTestId('accounts-card', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(card).getAllByTestId('account-remove')).toHaveLength(2));
    fireEvent.click(within(card).getAllByTestId('account-remove')[1]!);
    const d = await dialog();
    fireEvent.click(within(d).getByText('删除它的订单、包裹、异常和未发送的 ERP 事件'));
    // antd spaces a two-character Chinese label (移 除).
    fireEvent.click(within(d).getByRole('button', { name: /^移\s?除$/ }));
    await waitFor(() => expect(tracker.callsOf('accounts.remove')).toEqual([{ id: 2, deleteData: true }]));
    await waitFor(() => expect(within(card).queryByText('B')).toBeNull());
  });

  it('an account whose authorisation ends soon offers 续期授权; where 1688 will not extend it, the clerk is told to authorise again', async () => {
    const tracker = new FakeTracker();
    tracker.accounts = [
      view({ refreshTokenExpiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), tokenWarning: 'soon' }),
      view({ id: 2, name: '华南采购', memberId: 'b2b-2' }),
    ];
    await renderApp({ hash: '#/settings', tracker });
    const card = await screen.findByTestId('accounts-card', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(card).getAllByTestId('account-renew')).toHaveLength(1));
    fireEvent.click(within(card).getByTestId('account-renew'));
    await waitFor(() => expect(tracker.callsOf('accounts.renew')).toEqual([{ id: 1 }]));
    expect(await screen.findByText(/请重新授权/)).toBeTruthy();
  });

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

  it('with two accounts, 添加订单 lets the clerk name the account that bought the orders; automatic by default', async () => {
    const tracker = new FakeTracker();
    tracker.accounts = [view({}), view({ id: 2, name: '华南采购', memberId: 'b2b-2' }), view({ id: 3, name: '停用', memberId: 'b2b-3', state: 'paused' })];
    await renderApp({ hash: '#/add', tracker });
    const choice = (await screen.findByTestId('add-account')) as HTMLSelectElement;
    expect(choice.value).toBe('');
    expect([...choice.options].map((o) => [o.textContent, o.disabled])).toEqual([
      ['自动（各启用账号依次尝试）', false],
      ['华东采购', false],
      ['华南采购', false],
      ['停用 (已暂停)', true],
    ]);
    fireEvent.change(screen.getByTestId('add-textarea'), { target: { value: '3712345678901234567' } });
    fireEvent.click(screen.getByTestId('add-submit'));
    await waitFor(() => expect(tracker.callsOf('orders.add')).toEqual([{ ids: ['3712345678901234567'] }]));

    fireEvent.change(choice, { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('add-submit'));
    await waitFor(() => expect(tracker.callsOf('orders.add').at(-1)).toEqual({ ids: ['3712345678901234567'], accountId: 2 }));
  });

  it("Refresh on a paused account's order says the account is paused, in the clerk's language; an order 1688 could not read says why", async () => {
    const tracker = new FakeTracker();
    tracker.settings = { ...tracker.settings, language: 'en' };
    tracker.accounts = [view({}), view({ id: 2, name: '华南采购', memberId: 'b2b-2', state: 'paused' })];
    const [order] = tracker.orders;
    order!.account = { id: 2, name: '华南采购', memberId: 'b2b-2' };
    (order as { lastError?: string | null }).lastError = '所有启用的 1688 账号都读取不到这个订单';
    await renderApp({ hash: `#/orders/${order!.orderId}`, tracker });
    expect((await screen.findByTestId('order-error')).textContent).toContain('1688 could not read this order: 所有启用的 1688 账号都读取不到这个订单');
    fireEvent.click(screen.getByTestId('refresh-order'));
    expect(await screen.findByText('The account “华南采购” is paused: its orders are not read until you resume it in Settings → 1688 accounts.')).toBeTruthy();
    expect(tracker.callsOf('shipments.refresh')).toHaveLength(1);
  });
});

describe('a team’s account polled on another desk', () => {
  it('says whose desktop holds its credentials and offers no action on it here', async () => {
    const tracker = new FakeTracker();
    tracker.accounts = [view({}), view({ id: 2, name: '华南采购', memberId: 'b2b-2', teamHolders: ['小王', '小李'] })];
    await renderApp({ hash: '#/settings', tracker });
    const card = await screen.findByTestId('accounts-card', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(card).getByText('华南采购')).toBeTruthy());
    const rows = within(card).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[1]!).getByTestId('account-team-held').textContent).toBe('团队账号：凭据在 小王、小李 的电脑上，本机不轮询');
    expect(within(rows[1]!).queryByTestId('account-rename')).toBeNull();
    expect(within(rows[1]!).queryByTestId('account-remove')).toBeNull();
    // this desktop's own account keeps its actions and no team note
    expect(within(rows[0]!).queryByTestId('account-team-held')).toBeNull();
    expect(within(rows[0]!).getByTestId('account-rename')).toBeTruthy();
  });
});
