import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render';
import { FakeTracker, sampleOutbox } from './fakeTracker';

const DEAD_DELIVERED = 'shipment.delivered:3712345678901234567:L1';
const DEAD_RETURNED = 'shipment.returned:3712345678901230002:L3:returned:1764000000000';

function withOutbox(): FakeTracker {
  const tracker = new FakeTracker();
  tracker.outbox = sampleOutbox();
  return tracker;
}

const row = (key: string) => document.querySelector<HTMLElement>(`[data-testid="erp-row"][data-key="${key}"]`);
const rows = () => screen.queryAllByTestId('erp-row');

describe('ERP page', () => {
  it('shows the counts, the nav badge (failed in red), and opens on the failed rows', async () => {
    await renderApp({ hash: '#/erp', tracker: withOutbox() });
    await screen.findByTestId('erp-page');
    expect(screen.getByTestId('erp-count-pending').textContent).toBe('2待发送');
    expect(screen.getByTestId('erp-count-failing').textContent).toBe('1重试中');
    expect(screen.getByTestId('erp-count-dead').textContent).toBe('2失败');
    expect(screen.getByTestId('erp-count-delivered').textContent).toBe('1已送达');
    expect(screen.getByTestId('nav-erp').textContent).toContain('ERP 回写');
    const badge = screen.getByTestId('erp-count');
    expect(badge.getAttribute('data-kind')).toBe('dead');
    expect(badge.textContent).toBe('2');
    expect(screen.getByTestId('erp-target').textContent).toBe('发送到：webhook');

    // dead rows first: they need the clerk
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().every((r) => r.getAttribute('data-state') === 'dead')).toBe(true);
    const first = row(DEAD_DELIVERED)!;
    expect(first.textContent).toContain('包裹签收');
    expect(first.textContent).toContain('3712345678901234567');
    expect(first.textContent).toContain('L1');
    expect(row(DEAD_RETURNED)!.textContent).toContain('包裹退回');
    expect(within(row(DEAD_RETURNED)!).getByTestId('erp-error').textContent).toBe('401bad signature');
  });

  it('renders the ERP’s error answer as plain text, never as HTML', async () => {
    await renderApp({ hash: '#/erp', tracker: withOutbox() });
    await waitFor(() => expect(row(DEAD_DELIVERED)).not.toBeNull());
    const error = within(row(DEAD_DELIVERED)!).getByTestId('erp-error');
    expect(error.textContent).toBe('422<img src=x onerror=alert(1)> 采购单 PO-404 不存在');
    expect(error.getAttribute('title')).toBe('HTTP 422：<img src=x onerror=alert(1)> 采购单 PO-404 不存在');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(error.querySelector('img')).toBeNull();
  });

  it('re-sends a failed row, and gives one up only after confirming', async () => {
    const { tracker } = await renderApp({ hash: '#/erp', tracker: withOutbox() });
    await waitFor(() => expect(row(DEAD_DELIVERED)).not.toBeNull());

    fireEvent.click(within(row(DEAD_DELIVERED)!).getByTestId('erp-resend'));
    await waitFor(() => expect(tracker.callsOf('outbox.resend')).toEqual([{ idempotencyKey: DEAD_DELIVERED }]));
    // refetched: the row left the failed tab, the counts and the badge moved
    await waitFor(() => expect(row(DEAD_DELIVERED)).toBeNull());
    await waitFor(() => expect(screen.getByTestId('erp-count-dead').textContent).toBe('1失败'));
    await waitFor(() => expect(screen.getByTestId('erp-count').textContent).toBe('1'));

    fireEvent.click(within(row(DEAD_RETURNED)!).getByTestId('erp-discard'));
    const confirm = await screen.findByText('放弃这条事件？');
    expect(tracker.callsOf('outbox.discard')).toHaveLength(0);
    const popover = confirm.closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popover).getByTestId('erp-discard-ok'));
    await waitFor(() => expect(tracker.callsOf('outbox.discard')).toEqual([{ idempotencyKey: DEAD_RETURNED }]));
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(screen.getByText('没有发送失败的事件')).toBeTruthy();

    fireEvent.click(screen.getByTestId('erp-tab-discarded'));
    await waitFor(() => expect(row(DEAD_RETURNED)?.getAttribute('data-state')).toBe('discarded'));
    // nothing dead any more: the badge counts the one event being retried, in orange
    await waitFor(() => expect(screen.getByTestId('erp-count').getAttribute('data-kind')).toBe('failing'));
  });

  it('pending rows: the one held back by an older failed row says so; a retrying one shows its error', async () => {
    await renderApp({ hash: '#/erp', tracker: withOutbox() });
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(screen.getByTestId('erp-tab-pending'));
    await waitFor(() => expect(row('order.delivered:3712345678901234567')).not.toBeNull());
    const blocked = row('order.delivered:3712345678901234567')!;
    expect(blocked.textContent).toContain('订单全部签收');
    const note = within(blocked).getByTestId('erp-blocked');
    expect(note.textContent).toBe('等前面一条失败的事件（包裹签收）处理后才发送');
    expect(note.getAttribute('title')).toBe(DEAD_DELIVERED);
    expect(screen.getByTestId('erp-blocked-count').textContent).toContain('有 1 条后续事件被失败的事件挡住');

    const retrying = row('shipment.exception:3712345678901230003:L4:exception:1764000000000')!;
    expect(retrying.textContent).toContain('包裹异常');
    expect(retrying.textContent).toContain('重试中');
    expect(within(retrying).getByTestId('erp-error').textContent).toBe('503Service Unavailable');
    expect(within(retrying).queryByTestId('erp-blocked')).toBeNull();
    expect(retrying.textContent).toMatch(/\d+ 分钟内/); // the next attempt lies ahead
  });

  it('outbox.changed moves the badge at once and refetches the outbox', async () => {
    const { tracker } = await renderApp({ hash: '#/erp', tracker: withOutbox() });
    await waitFor(() => expect(rows()).toHaveLength(2));
    await waitFor(() => expect(tracker.listenerCount('outbox.changed')).toBe(1));
    const before = tracker.callsOf('outbox.list').length;
    for (const r of tracker.outbox) if (r.state === 'dead') r.state = 'discarded';
    act(() => tracker.emit('outbox.changed', { pending: 2, failing: 1, dead: 0 }));
    await waitFor(() => expect(screen.getByTestId('erp-count').getAttribute('data-kind')).toBe('failing'));
    await waitFor(() => expect(screen.getByTestId('erp-count').textContent).toBe('1'));
    await waitFor(() => expect(tracker.callsOf('outbox.list').length).toBeGreaterThan(before));
    await waitFor(() => expect(rows()).toHaveLength(0));
  });

  it('shows why nothing is sent: the target problem, or no ERP at all', async () => {
    const tracker = withOutbox();
    tracker.outboxProblem = '已设置 ERP 接口地址，但还没有设置签名密钥：事件暂存在发件箱，设置密钥后发送。';
    const { unmount } = await renderApp({ hash: '#/erp', tracker });
    expect((await screen.findByTestId('erp-target-problem')).textContent).toContain('还没有设置签名密钥');
    unmount();

    const none = new FakeTracker();
    none.outboxTarget = null;
    none.outbox = sampleOutbox()
      .filter((r) => r.type === 'shipment.exception')
      .map((r) => ({ ...r, attempts: 0, lastError: null, lastStatus: null, nextAttemptAt: r.createdAt }));
    await renderApp({ hash: '#/erp', tracker: none });
    const alert = await screen.findByTestId('erp-no-target');
    expect(alert.textContent).toContain('还没有设置 ERP 回写');
    expect(screen.queryByTestId('erp-count')).toBeNull();
    // rows recorded earlier wait for an ERP: not "due now"
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.textContent).toContain('等 ERP 设置好后发送');
    fireEvent.click(within(alert).getByRole('button', { name: '去设置' }));
    await waitFor(() => expect(window.location.hash).toBe('#/settings'));
  });

  it('the order id opens the order drawer', async () => {
    await renderApp({ hash: '#/erp', tracker: withOutbox() });
    await waitFor(() => expect(row(DEAD_DELIVERED)).not.toBeNull());
    fireEvent.click(within(row(DEAD_DELIVERED)!).getByTestId('erp-order'));
    expect((await screen.findByTestId('order-drawer')).getAttribute('data-order-id')).toBe('3712345678901234567');
  });

  it('a failing-only outbox shows the retrying count in orange on the nav', async () => {
    const tracker = withOutbox();
    tracker.outbox = tracker.outbox.filter((r) => r.state !== 'dead').map((r) => ({ ...r, blockedBy: null }));
    await renderApp({ hash: '#/orders', tracker });
    const badge = await screen.findByTestId('erp-count');
    expect(badge.getAttribute('data-kind')).toBe('failing');
    expect(badge.textContent).toBe('1');
    expect(badge.querySelector('.ant-badge-count')?.className).toContain('ant-badge-color-orange');
  });
});
