import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from './render';
import { ListStatusTag, StatusTag, TagColorStyles, useTagClass } from '../../renderer/components/StatusTag';
import { statusStyle, TONE_STYLES, type StatusKey } from '../../renderer/lib/statusStyle';
import { ORDER_TABS } from '../../renderer/lib/contractLists';
import { SHIPMENT_STATUSES } from '../../shared/domain';
import { safeText } from '../../renderer/lib/safeText';
import { formatYuan } from '../../shared/domain';
import { formatDateTime, formatRelative, formatStepTime, formatUntil } from '../../renderer/lib/time';
import { i18n } from '../../renderer/i18n';

describe('status colours', () => {
  it('maps every status to the colour in ui.md', () => {
    const cases: [Parameters<typeof statusStyle>[0], string][] = [
      ['awaiting_shipment', 'default'],
      ['info_received', 'blue'],
      ['picked_up', 'blue'],
      ['in_transit', 'blue'],
      ['out_for_delivery', 'cyan'],
      ['awaiting_pickup', 'gold'],
      ['delivered', 'green'],
      ['failed_attempt', 'red'],
      ['exception', 'red'],
      ['returning', 'magenta'],
      ['returned', 'magenta'],
      ['cancelled', 'default'],
    ];
    for (const [status, tag] of cases) expect([status, statusStyle(status).tag]).toEqual([status, tag]);
    expect(statusStyle('cancelled').struck).toBe(true);
    expect(statusStyle('awaiting_shipment').struck).toBe(false);
    // the same colour for a tag and a timeline dot of one status
    expect(statusStyle('in_transit').dot).toBe(statusStyle('picked_up').dot);
    expect(statusStyle('delivered').dot).not.toBe(statusStyle('in_transit').dot);
  });

  it('renders tags with the Chinese label and the colour class', async () => {
    await renderWithProviders(
      <div>
        <StatusTag status="in_transit" />
        <StatusTag status="out_for_delivery" />
        <StatusTag status="awaiting_pickup" />
        <StatusTag status="delivered" />
        <StatusTag status="failed_attempt" />
        <StatusTag status="returned" />
        <StatusTag status="cancelled" />
      </div>,
    );
    const tag = (label: string) => screen.getByText(label).closest('.ant-tag')!;
    expect(tag('运输中').className).toContain('ant-tag-blue');
    expect(tag('派送中').className).toContain('ant-tag-cyan');
    expect(tag('待取件').className).toContain('ant-tag-gold');
    expect(tag('已签收').className).toContain('ant-tag-green');
    expect(tag('派送失败').className).toContain('ant-tag-red');
    expect(tag('已退回').className).toContain('ant-tag-magenta');
    expect(tag('已取消').className).toContain('status-struck');
  });
});

describe('the table’s status tags (no antd Tag per row)', () => {
  const statuses = [...new Set<StatusKey>([...ORDER_TABS, ...SHIPMENT_STATUSES, 'completed', 'partially_delivered'])];

  function ListTags() {
    const tagClass = useTagClass();
    return (
      <div data-testid="list">
        <TagColorStyles />
        {statuses.map((s) => (
          <ListStatusTag key={s} status={s} tagClass={tagClass} />
        ))}
      </div>
    );
  }

  it('have exactly the markup of StatusTag (antd’s Tag), for every status', async () => {
    await renderWithProviders(
      <>
        <div data-testid="antd">
          {statuses.map((s) => (
            <StatusTag key={s} status={s} />
          ))}
        </div>
        <ListTags />
      </>,
    );
    const html = (id: string) => Array.from(screen.getByTestId(id).children, (e) => e.outerHTML);
    expect(html('list')).toEqual(html('antd'));
    // every tone is covered
    expect(new Set(statuses.map((s) => statusStyle(s).tag))).toEqual(new Set(Object.values(TONE_STYLES).map((t) => t.tag)));
  });

  it('register the Tag styles on their own, as the first antd Tag would', async () => {
    await renderWithProviders(<ListTags />);
    const css = Array.from(document.querySelectorAll('style'), (s) => s.textContent).join('\n');
    expect(css).toMatch(/\.ant-tag\b[^{]*\{/); // the Tag's own style
    expect(css).toContain('.ant-tag-blue'); // preset colours
    expect(css).toContain('.ant-tag-success'); // status colours (the grey tags are "default", one of them)
  });
});

describe('display helpers', () => {
  it('safeText strips bidi overrides and controls, keeps the text', () => {
    expect(safeText('a\u202Eb\u2066c\u2069d\u0007')).toBe('abcd');
    expect(safeText(null)).toBe('');
    expect(safeText('第一行\n第二行')).toBe('第一行\n第二行');
  });
  it('money comes from formatYuan', () => {
    expect(formatYuan(123450)).toBe('¥1,234.50');
  });
});

describe('times in the clerk’s time zone', () => {
  const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).toISOString();
  const now = new Date(2026, 10, 29, 15, 0).getTime(); // 2026-11-29 15:00 local

  it('timeline: 今天 14:02 today, MM-DD HH:mm this year, with the year otherwise', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(formatStepTime(local(2026, 11, 29, 14, 2), now)).toBe('今天 14:02');
    expect(formatStepTime(local(2026, 11, 28, 18, 40), now)).toBe('11-28 18:40');
    expect(formatStepTime(local(2025, 12, 30, 9, 5), now)).toBe('2025-12-30 09:05');
    expect(formatDateTime(local(2026, 11, 28, 18, 40), now)).toBe('11-28 18:40');
    await i18n.changeLanguage('en');
    expect(formatStepTime(local(2026, 11, 29, 14, 2), now)).toBe('Today 14:02');
    await i18n.changeLanguage('zh-CN');
  });

  it('tables: relative, in the UI language', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(formatRelative(local(2026, 11, 29, 13, 0), now)).toBe('2 小时前');
    await i18n.changeLanguage('en');
    expect(formatRelative(local(2026, 11, 29, 13, 0), now)).toBe('2 hours ago');
    // Times meant to lie ahead (token expiry, next attempt) say so; see formatUntil.
    expect(formatUntil(local(2026, 12, 9, 15, 0), now)).toBe('in 10 days');
    await i18n.changeLanguage('zh-CN');
    expect(formatUntil(local(2026, 12, 9, 15, 0), now)).toBe('10 天内');
  });

  it('a past event never reads "in the future": under a minute old or after now is 刚刚 / just now', async () => {
    await i18n.changeLanguage('zh-CN');
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(formatRelative(at(0), now)).toBe('刚刚');
    expect(formatRelative(at(-59_000), now)).toBe('刚刚');
    expect(formatRelative(at(5_000), now)).toBe('刚刚');
    expect(formatRelative(at(16 * 60_000), now)).toBe('刚刚'); // the demo's "16 分钟内"
    expect(formatRelative(at(10 * 86_400_000), now)).toBe('刚刚');
    expect(formatRelative(at(-61_000), now)).toBe('1 分钟前');
    expect(formatRelative(at(-3 * 3_600_000), now)).toBe('3 小时前');
    await i18n.changeLanguage('en');
    expect(formatRelative(at(16 * 60_000), now)).toBe('just now');
    expect(formatRelative(at(-3 * 3_600_000), now)).toBe('3 hours ago');
    await i18n.changeLanguage('zh-CN');
  });
});
