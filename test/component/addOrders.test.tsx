import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render';
import { parseIds } from '../../renderer/lib/parseIds';

describe('add orders', () => {
  it('splits on newlines, commas, spaces and 顿号 and explains each bad entry', () => {
    const parsed = parseIds('3712345678901234567\n3712345678901234568，37123abc、12345 3712345678901234567;;');
    expect(parsed.map((p) => [p.raw, p.problem])).toEqual([
      ['3712345678901234567', null],
      ['3712345678901234568', null],
      ['37123abc', 'not_number'],
      ['12345', 'wrong_length'],
      ['3712345678901234567', 'duplicate'],
    ]);
  });

  it('previews every line live, then shows the server’s per-entry result', async () => {
    const { tracker } = await renderApp({ hash: '#/add' });
    const textarea = await screen.findByTestId('add-textarea');
    fireEvent.change(textarea, {
      target: { value: '3712345678901234567\n9912345678901234500\nabc123\n123\n9912345678901234500' },
    });
    const lines = screen.getAllByTestId('add-preview-line');
    expect(lines).toHaveLength(5);
    expect(lines[0]!.getAttribute('data-ok')).toBe('true');
    expect(lines[2]!.textContent).toContain('不是数字');
    expect(lines[3]!.textContent).toContain('位数不对');
    expect(lines[4]!.textContent).toContain('重复');
    expect(screen.getByTestId('add-summary').textContent).toBe('共 5 条：可添加 2 条，有问题 3 条');

    fireEvent.click(screen.getByTestId('add-submit'));
    await waitFor(() =>
      expect(tracker.callsOf('orders.add')).toContainEqual({
        ids: ['3712345678901234567', '9912345678901234500', 'abc123', '123', '9912345678901234500'],
      }),
    );
    expect((await screen.findByTestId('add-result-added')).textContent).toContain('已添加 1 个');
    expect(screen.getByTestId('add-result-existing').textContent).toContain('已在跟踪 1 个');
    const rejected = screen.getByTestId('add-result-rejected');
    expect(within(rejected).getByText('abc123')).toBeTruthy();
    expect(within(rejected).getAllByText('订单号应为 6–20 位数字').length).toBe(2);
  });

  it('imports a file as base64 and shows the report with row errors', async () => {
    const { tracker } = await renderApp({ hash: '#/add' });
    await screen.findByTestId('add-textarea');
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const file = new File(['订单号\n123456789\nabc\n'], 'orders.csv', { type: 'text/csv' });
    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(tracker.callsOf('orders.importFile')).toHaveLength(1));
    const call = tracker.callsOf('orders.importFile')[0]!;
    expect(call.fileName).toBe('orders.csv');
    expect(new TextDecoder().decode(Uint8Array.from(atob(call.contentBase64), (c) => c.charCodeAt(0)))).toContain('123456789');
    const errors = await screen.findByTestId('import-row-errors');
    expect(within(errors).getByText('不是数字')).toBeTruthy();
    expect(screen.getByTestId('import-result').textContent).toContain('总行数');
  });
});
