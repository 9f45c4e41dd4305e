// The purchasing desk's pages in the real app shell over the fake tracker: what a clerk sees and
// what reaches the core.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp, renderWithProviders } from './render';
import { HighlightedText } from '../../renderer/components/HighlightedText';

describe('到货 (arrivals)', () => {
  it('groups the waiting parcels by station with their pickup codes; carrier markup stays text', async () => {
    await renderApp({ hash: '#/arrivals' });
    const groups = await screen.findAllByTestId('station-group');
    expect(groups).toHaveLength(2);
    const first = groups[0]!;
    expect(within(first).getAllByTestId('waiting-parcel')).toHaveLength(2);
    expect(within(first).getAllByTestId('pickup-code')[0]!.textContent).toBe('8-2-3011');
    expect(within(first).getAllByTestId('pickup-code')[1]!.textContent).toContain('轨迹未写取件码');
    expect(within(first).getByTestId('station-name').textContent).toBe('<img src=x onerror=alert(1)>菜鸟驿站');
    expect(first.querySelector('img')).toBeNull();
    expect(first.textContent).toContain('天河区棠下村二社大街12号');
    expect(within(groups[1]!).getByTestId('pickup-code').textContent).toBe('58231476');
    expect(within(screen.getByTestId('arrivals-out')).getByText('YT0001')).toBeTruthy();
    expect(screen.getByTestId('arrivals-expected').textContent).toContain('同线路 37 件中通 义乌→深圳 的 P80');
    // The chart's names and numbers are written out (readable without colour): 3 waiting, 1 out.
    const chart = screen.getByTestId('arrivals-chart');
    expect(chart.querySelector('svg')!.getAttribute('aria-label')).toContain('待取件 3，派送中 1');
    expect([...chart.querySelectorAll('.recharts-label-list text')].map((t) => t.textContent)).toEqual(['3', '1', '1', '0']);
  });

  it('已收货 asks first, then marks the parcel received and it leaves the list', async () => {
    const { tracker } = await renderApp({ hash: '#/arrivals' });
    const row = (await screen.findAllByTestId('waiting-parcel'))[0]!;
    fireEvent.click(within(row).getByTestId('mark-received'));
    const dialog = (await screen.findByText('确认已拿到这个包裹？ERP 会收到“已收货”。')).closest('.ant-modal') as HTMLElement;
    expect(tracker.callsOf('shipments.markReceived')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: '标记已收货' }));
    await waitFor(() => expect(tracker.callsOf('shipments.markReceived')).toEqual([{ orderId: '3712345678901234567', logisticsId: 'L1' }]));
    await waitFor(() => expect(screen.getAllByTestId('waiting-parcel')).toHaveLength(2));
    expect(await screen.findByText('已标记为已收货，已通知 ERP')).toBeTruthy();
  });

  it('prints with the browser and exports through the core', async () => {
    const { tracker } = await renderApp({ hash: '#/arrivals' });
    await screen.findAllByTestId('station-group');
    let printed = 0;
    window.print = () => void printed++;
    fireEvent.click(screen.getByTestId('arrivals-print'));
    expect(printed).toBe(1);
    fireEvent.click(screen.getByTestId('arrivals-export-xlsx'));
    await waitFor(() => expect(tracker.callsOf('arrivals.export')).toEqual([{ format: 'xlsx' }]));
  });
});

describe('在途 (in-transit book)', () => {
  it('shows the totals in yuan, by status and by supplier, and every open order', async () => {
    const { tracker } = await renderApp({ hash: '#/intransit' });
    expect((await screen.findByTestId('intransit-total-value')).textContent).toBe('¥2,469.00');
    expect(screen.getByTestId('intransit-by-supplier').textContent).toContain('义乌示例工贸');
    expect(screen.getAllByTestId('intransit-row')).toHaveLength(2);
    fireEvent.click(screen.getByTestId('intransit-export-csv'));
    await waitFor(() => expect(tracker.callsOf('inTransit.export')).toEqual([{ format: 'csv' }]));
  });
});

describe('供应商 (suppliers)', () => {
  it('shows each figure with its sample size, hides those below the minimum, and links to the orders', async () => {
    await renderApp({ hash: '#/suppliers' });
    const rows = await screen.findAllByTestId('supplier-row');
    expect(rows).toHaveLength(2);
    const good = rows.find((r) => r.textContent?.includes('义乌示例工贸'))!;
    expect(within(good).getByTestId('supplier-transit').textContent).toContain('50 / 70');
    expect(within(good).getByTestId('supplier-transit').textContent).toContain('样本 28');
    expect(within(good).getByTestId('supplier-ontime').textContent).toContain('80%');
    expect(within(good).getByTestId('supplier-trend')).toBeTruthy();
    const thin = rows.find((r) => r.textContent?.includes('深圳电子'))!;
    expect(within(thin).getByTestId('supplier-transit').textContent).toContain('— / —');
    expect(within(thin).getByTestId('supplier-ontime').textContent).toContain('样本 1');
    fireEvent.click(within(good).getByTestId('supplier-orders'));
    await waitFor(() => expect((screen.getByTestId('search-input') as HTMLInputElement).value).toBe('义乌示例工贸'));
  });
});

describe('search inside traces', () => {
  it('the header search lists the matching trace steps with the match marked, as text', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    fireEvent.change(await screen.findByTestId('search-input'), { target: { value: '破损' } });
    const match = await screen.findByTestId('trace-match');
    expect(tracker.callsOf('traces.search')).toContainEqual({ text: '破损', limit: 50 });
    const marks = match.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['破损']);
    expect(match.querySelector('b')).toBeNull();
    expect(match.textContent).toContain('<b>破损</b>');
  });

  it('HighlightedText marks the ranges of the original text even when unsafe characters are stripped', async () => {
    const text = '\u202e驿站 8-2-3011 取件';
    await renderWithProviders(<HighlightedText text={text} ranges={[[1, 3], [4, 7]]} />);
    const marks = document.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['驿站', '8-2']);
    expect(document.body.textContent).not.toContain('\u202e');
  });
});
