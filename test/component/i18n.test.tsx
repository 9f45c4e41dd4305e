import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from './render';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { en } from '../../renderer/i18n/en';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

describe('language', () => {
  it('both languages have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });

  it('the header switch flips the labels to English and saves the setting', async () => {
    const { tracker } = await renderApp({ hash: '#/orders' });
    await screen.findAllByTestId('order-row');
    expect(screen.getByTestId('nav-orders').textContent).toBe('订单');
    expect(screen.getByTestId('status-tab-all').textContent).toContain('全部');

    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => expect(screen.getByTestId('nav-orders').textContent).toBe('Orders'));
    expect(screen.getByTestId('status-tab-all').textContent).toContain('All');
    expect(screen.getByTestId('nav-settings').textContent).toBe('Settings');
    expect(screen.getAllByText('In transit').length).toBeGreaterThan(0);
    expect(document.documentElement.lang).toBe('en');
    await waitFor(() => expect(tracker.callsOf('settings.update')).toContainEqual({ language: 'en' }));

    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => expect(screen.getByTestId('nav-orders').textContent).toBe('订单'));
  });
});
