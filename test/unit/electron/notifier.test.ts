// Runs in: Vitest (node), with a fake 'electron'. Native notifications and their click.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));

import { createTrackerEvents } from '../../../electron/core/api/types';
import { createElectronNotifier } from '../../../electron/notifier';
import { Notification } from './electronMock';

beforeEach(() => {
  Notification.instances.length = 0;
  Notification.supported = true;
});

describe('Electron notifier', () => {
  it('shows a native notification with the title and body', () => {
    const notifier = createElectronNotifier({ showMainWindow: vi.fn(), getEvents: () => null });
    notifier.notify({ kind: 'delivered', title: '已签收', body: '订单 3712…4567 已签收', orderId: '3712345678901234567' });
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]!.options).toEqual({ title: '已签收', body: '订单 3712…4567 已签收' });
    expect(Notification.instances[0]!.show).toHaveBeenCalled();
  });

  it('Linux: seller and carrier text is escaped, so a notification server that reads markup shows it as written', () => {
    const hostile = '快递员<b>张三</b> <a href="https://evil.example">点此</a> <img src=x> & 5>3 \'';
    const linux = createElectronNotifier({ showMainWindow: vi.fn(), getEvents: () => null, platform: 'linux' });
    linux.notify({ kind: 'alert', title: '异常', body: hostile, orderId: '3712345678901234567' });
    const body = Notification.instances[0]!.options.body;
    expect(body).toBe('快递员&lt;b&gt;张三&lt;/b&gt; &lt;a href=&quot;https://evil.example&quot;&gt;点此&lt;/a&gt; &lt;img src=x&gt; &amp; 5&gt;3 &#39;');
    expect(body).not.toMatch(/[<>]/);
    // macOS and Windows show plain text: escaping there would show "&lt;" to the clerk.
    const mac = createElectronNotifier({ showMainWindow: vi.fn(), getEvents: () => null, platform: 'darwin' });
    mac.notify({ kind: 'alert', title: '异常', body: hostile, orderId: '3712345678901234567' });
    expect(Notification.instances[1]!.options.body).toBe(hostile);
  });

  it('a click shows the main window and emits navigate with the order id', () => {
    const events = createTrackerEvents();
    const navigate = vi.fn();
    events.on('navigate', navigate);
    const showMainWindow = vi.fn();
    const notifier = createElectronNotifier({ showMainWindow, getEvents: () => events });
    notifier.notify({ kind: 'alert', title: '异常', body: '3 天无新轨迹', orderId: '3712345678901234567' });
    Notification.instances[0]!.emit('click');
    expect(showMainWindow).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith({ orderId: '3712345678901234567' });
  });

  it('a click on a notification without an order only shows the window', () => {
    const events = createTrackerEvents();
    const navigate = vi.fn();
    events.on('navigate', navigate);
    const showMainWindow = vi.fn();
    createElectronNotifier({ showMainWindow, getEvents: () => events }).notify({ kind: 'summary', title: 't', body: 'b' });
    Notification.instances[0]!.emit('click');
    expect(showMainWindow).toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does nothing where notifications are unsupported', () => {
    Notification.supported = false;
    createElectronNotifier({ showMainWindow: vi.fn(), getEvents: () => null }).notify({ kind: 'x', title: 't', body: 'b' });
    expect(Notification.instances).toHaveLength(0);
  });
});
