// The desk's charts (recharts, SVG): from the data to what the clerk reads — each bar's name and
// number as text, patterns where two series share a colour, the empty states, both languages.
import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { ArrivalsChart, CARRIERS_SHOWN, CarrierProblemsChart, SellerTrend } from '../../renderer/components/DeskCharts';
import { i18n } from '../../renderer/i18n';
import { TONE_STYLES } from '../../renderer/lib/statusStyle';
import { renderWithProviders } from './render';

/** The texts of a chart's SVG, in document order (axis ticks, value labels, legend). */
const svgTexts = (el: HTMLElement) => [...el.querySelectorAll('svg text, .recharts-legend-item-text')].map((t) => t.textContent?.trim()).filter(Boolean);

describe('arrivals chart', () => {
  it('writes each bar’s name and number; tomorrow is striped, not only a second blue', async () => {
    await renderWithProviders(<ArrivalsChart counts={{ waiting: 3, outForDelivery: 1, today: 12, tomorrow: 0 }} />);
    const chart = screen.getByTestId('arrivals-chart');
    const texts = svgTexts(chart);
    for (const t of ['待取件', '派送中', '今天', '明天', '3', '1', '12', '0']) expect(texts).toContain(t);
    expect(chart.querySelector('figcaption')!.textContent).toBe('预计到达（按天）');
    const svg = chart.querySelector('svg')!;
    expect(svg.getAttribute('aria-label')).toBe('预计到达（按天）: 待取件 3，派送中 1，今天 12，明天 0');
    // Status colours: waiting gold, out for delivery cyan, today blue; tomorrow a blue pattern.
    const fills = [...chart.querySelectorAll('.recharts-bar-rectangle path')].map((p) => p.getAttribute('fill'));
    expect(fills).toEqual([TONE_STYLES.gold.dot, TONE_STYLES.cyan.dot, TONE_STYLES.blue.dot, 'url(#arrivals-desk-blue-stripes)']);
    expect(chart.querySelector('pattern#arrivals-desk-blue-stripes')).not.toBeNull();
  });

  it('switches to English with the app', async () => {
    await renderWithProviders(<ArrivalsChart counts={{ waiting: 2, outForDelivery: 0, today: 0, tomorrow: 5 }} />);
    await act(() => i18n.changeLanguage('en'));
    const texts = svgTexts(screen.getByTestId('arrivals-chart'));
    for (const t of ['Waiting', 'Out for delivery', 'Today', 'Tomorrow', '2', '5']) expect(texts).toContain(t);
    await act(() => i18n.changeLanguage('zh-CN'));
  });
});

describe('problem parcels by carrier', () => {
  const carriers = [
    { carrier: '中通快递', parcels: 120, exceptions: 9, failedAttempts: 4, returns: 2 },
    { carrier: '圆通速递', parcels: 80, exceptions: 3, failedAttempts: 0, returns: 1 },
    { carrier: '顺丰速运', parcels: 40, exceptions: 0, failedAttempts: 0, returns: 0 },
  ];

  it('names each carrier with its parcels and writes every count; the three series differ by pattern', async () => {
    await renderWithProviders(<CarrierProblemsChart carriers={carriers} />);
    const chart = screen.getByTestId('carrier-problems-chart');
    const texts = svgTexts(chart);
    expect(texts).toContain('中通快递 · 120 件');
    expect(texts).toContain('圆通速递 · 80 件');
    // A carrier without a problem is not drawn.
    expect(texts.some((t) => t!.startsWith('顺丰速运'))).toBe(false);
    for (const n of ['9', '4', '2', '3', '0', '1']) expect(texts).toContain(n);
    expect(within(chart).getByText('异常')).toBeTruthy();
    expect(within(chart).getByText('派送失败')).toBeTruthy();
    expect(within(chart).getByText('退回')).toBeTruthy();
    const label = chart.querySelector('svg[role="img"]')!.getAttribute('aria-label')!;
    expect(label).toContain('中通快递: 异常 9，派送失败 4，退回 2');
    // Exceptions and failed attempts are both red (ui.md): solid and striped; returns magenta dots.
    const seriesFills = [...chart.querySelectorAll('.recharts-bar')].map((b) => b.querySelector('.recharts-bar-rectangle path')?.getAttribute('fill'));
    expect(seriesFills).toEqual([TONE_STYLES.red.dot, 'url(#carriers-desk-red-stripes)', 'url(#carriers-desk-magenta-dots)']);
  });

  it('says so when no parcel had a problem', async () => {
    await renderWithProviders(<CarrierProblemsChart carriers={[carriers[2]!]} />);
    expect(screen.getByTestId('carrier-problems-empty').textContent).toBe('这段时间没有异常、派送失败或退回的包裹');
    expect(screen.getByTestId('carrier-problems-chart').querySelector('svg')).toBeNull();
  });

  it(`draws the ${CARRIERS_SHOWN} carriers with the most problems and counts the rest in words`, async () => {
    const many = Array.from({ length: CARRIERS_SHOWN + 2 }, (_, i) => ({ carrier: `快递${i}`, parcels: 50, exceptions: 20 - i, failedAttempts: 0, returns: 0 }));
    await renderWithProviders(<CarrierProblemsChart carriers={many} />);
    const chart = screen.getByTestId('carrier-problems-chart');
    const names = svgTexts(chart).filter((t) => t!.startsWith('快递'));
    expect(names).toEqual(many.slice(0, CARRIERS_SHOWN).map((c) => `${c.carrier} · 50 件`));
    expect(chart.textContent).toContain('另有 2 家快递公司有问题包裹（未画出）');
  });
});

describe('a seller’s weekly trend', () => {
  const week = (d: string, h: number | null) => ({ weekStart: `${d}T00:00:00.000Z`, parcels: 10, transitP50Hours: h });

  it('draws a dot per week with a figure, leaves the thin weeks out, and says every week in words', async () => {
    await renderWithProviders(<SellerTrend trend={[week('2026-09-07', 48), week('2026-09-14', null), week('2026-09-21', 52), week('2026-09-28', 61)]} />);
    const trend = screen.getByTestId('supplier-trend');
    expect(trend.querySelectorAll('.recharts-line-dot')).toHaveLength(3);
    const label = trend.getAttribute('aria-label')!;
    expect(label).toContain('每周运输 P50');
    expect(label).toContain('48 小时');
    expect(label).toContain('52 小时');
    expect(label).toContain('61 小时');
    expect(label.split('\n')).toHaveLength(4);
    expect(label).toContain('—');
  });

  it('below two weeks with a figure it says there are too few samples', async () => {
    await renderWithProviders(<SellerTrend trend={[week('2026-09-07', 48), week('2026-09-14', null)]} />);
    expect(screen.queryByTestId('supplier-trend')).toBeNull();
    expect(screen.getByText('样本不足')).toBeTruthy();
  });
});
