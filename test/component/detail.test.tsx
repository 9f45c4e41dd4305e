import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp, renderWithProviders } from './render';
import { ParcelTimeline } from '../../renderer/components/ParcelTimeline';

describe('order detail', () => {
  it('a deep link opens the order in the drawer with its header, alerts and parcels', async () => {
    const { tracker } = await renderApp({ hash: '#/orders/3712345678901234567' });
    const drawer = await screen.findByTestId('order-drawer');
    await within(drawer).findAllByTestId('timeline-item');
    expect(tracker.callsOf('orders.get')).toContainEqual({ orderId: '3712345678901234567' });

    // seller links to the 1688 order page, opened outside the app
    const link = within(drawer).getByRole('link', { name: '义乌示例工贸' });
    expect(link.getAttribute('href')).toBe(
      'https://trade.1688.com/order/new_step_order_detail.htm?orderId=3712345678901234567',
    );
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(drawer.textContent).toContain('¥1,234.50');
    // expected delivery with its basis, previous waybill
    expect(within(drawer).getByTestId('parcel-estimate').textContent).toContain('同线路 37 件中通 义乌→深圳 的 P80');
    expect(drawer.textContent).toContain('原运单号');
    expect(drawer.textContent).toContain('75310000000000');
    // the order's alert sits above the parcels, with acknowledge
    const alert = within(drawer).getByTestId('order-alert');
    expect(alert.textContent).toContain('长时间无新轨迹');
    expect(alert.textContent).toContain('48 小时没有新轨迹');
    expect(
      alert.compareDocumentPosition(within(drawer).getByTestId('parcel-card')) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('acknowledging an alert sends the note and refreshes', async () => {
    const { tracker } = await renderApp({ hash: '#/orders/3712345678901234567' });
    const drawer = await screen.findByTestId('order-drawer');
    fireEvent.click(await within(drawer).findByTestId('ack-button'));
    const note = await screen.findByTestId('ack-note');
    fireEvent.change(note, { target: { value: '已联系卖家' } });
    const dialog = note.closest('.ant-modal') as HTMLElement;
    fireEvent.click(within(dialog).getByRole('button', { name: '确认' }));
    await waitFor(() => expect(tracker.callsOf('alerts.ack')).toContainEqual({ alertId: 7, note: '已联系卖家' }));
    await waitFor(() => expect(tracker.callsOf('orders.get').length).toBeGreaterThan(1));
  });

  it('立即刷新 calls shipments.refresh', async () => {
    const { tracker } = await renderApp({ hash: '#/orders/3712345678901234567' });
    fireEvent.click(await screen.findByTestId('refresh-order'));
    await waitFor(() => expect(tracker.callsOf('shipments.refresh')).toContainEqual({ orderId: '3712345678901234567' }));
  });
});

describe('timeline', () => {
  const events = [
    { at: '2026-11-25T02:00:00.000Z', remark: '【义乌】已揽收', stage: 'picked_up' as const },
    { at: '2026-11-28T10:40:00.000Z', remark: '<img src=x onerror=alert(1)>', stage: 'in_transit' as const },
    { at: '2026-11-26T08:00:00.000Z', remark: '\u202E【金华】已到达\u2066x\u2069', stage: 'exception' as const },
  ];

  it('shows the newest step first, emphasised, with stage labels', async () => {
    await renderWithProviders(<ParcelTimeline events={events} />);
    const items = screen.getAllByTestId('timeline-item');
    expect(items.map((i) => i.getAttribute('data-stage'))).toEqual(['in_transit', 'exception', 'picked_up']);
    expect(items[0]!.className).toContain('step-newest');
    expect(items[1]!.className).not.toContain('step-newest');
    expect(items[0]!.textContent).toContain('运输中');
    expect(items[2]!.textContent).toContain('已揽收');
  });

  it('renders carrier text as literal text: no element from a remark, no bidi overrides', async () => {
    const { container } = await renderWithProviders(<ParcelTimeline events={events} />);
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    const text = container.textContent ?? '';
    expect(text).toContain('【金华】已到达x');
    expect(/[\u202A-\u202E\u2066-\u2069]/.test(text)).toBe(false);
  });

  it('the drawer never turns a remark into markup', async () => {
    await renderApp({ hash: '#/orders/3712345678901234567' });
    const drawer = await screen.findByTestId('order-drawer');
    const items = await within(drawer).findAllByTestId('timeline-item');
    expect(items[0]!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(drawer.querySelector('img')).toBeNull();
  });
});
