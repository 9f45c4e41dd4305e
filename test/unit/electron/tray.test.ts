// Runs in: Vitest (node), with a fake 'electron'. The tray: tooltip follows the sync state,
// the menu opens the window, syncs now and quits.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));

import type { SyncStatus } from '../../../shared/contract';
import { createTrackerEvents, type TrackerCore } from '../../../electron/core/api/types';
import { createTray, syncTooltip } from '../../../electron/tray';
import { Tray } from './electronMock';

const idle: SyncStatus = {
  state: 'idle',
  lastRun: { startedAt: '2026-11-29T02:00:00.000Z', finishedAt: '2026-11-29T02:01:00.000Z', ok: true, calls: 214, errors: 0, newEvents: 3 },
  nextRunAt: null,
  progress: null,
  dataAsOf: null,
  offlineSince: null,
  message: null,
  demo: false,
};

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('syncTooltip', () => {
  it('names the state in Chinese', () => {
    expect(syncTooltip({ ...idle, state: 'offline', lastRun: null })).toBe('1688 物流跟踪 · 离线');
    expect(syncTooltip({ ...idle, state: 'needs_reconnect', lastRun: null })).toContain('需要重新连接');
    expect(syncTooltip({ ...idle, state: 'not_connected', lastRun: null })).toContain('未连接');
    expect(syncTooltip(idle)).toMatch(/^1688 物流跟踪 · 在线 · 上次同步 \d\d:\d\d 成功$/);
  });
  it('shows progress as a percentage, and the demo', () => {
    expect(syncTooltip({ ...idle, state: 'syncing', demo: true, progress: { done: 61, total: 100, phase: '' } })).toBe(
      '1688 物流跟踪（演示） · 同步中 61%',
    );
  });
  it('stays within the Windows tooltip limit', () => {
    expect(syncTooltip({ ...idle, progress: { done: 1, total: 2, phase: 'x'.repeat(500) } }).length).toBeLessThanOrEqual(127);
  });
});

describe('createTray', () => {
  function setup() {
    const events = createTrackerEvents();
    const handle = vi.fn<TrackerCore['handle']>(async (method) => (method === 'sync.runNow' ? { ...idle, state: 'syncing' } : idle));
    const showMainWindow = vi.fn();
    const quit = vi.fn();
    const trayHandle = createTray({ core: { handle, events }, iconPath: '/x/tray.png', showMainWindow, quit });
    const tray = Tray.instances.at(-1)!;
    const item = (label: string) => tray.menu.find((m) => m.label === label)!;
    return { events, handle, showMainWindow, quit, trayHandle, tray, item };
  }

  it('reads sync.status for the first tooltip and follows progress and finished events', async () => {
    const { events, handle, tray } = setup();
    await flush();
    expect(handle).toHaveBeenCalledWith('sync.status', {});
    expect(tray.tooltip).toContain('在线');
    events.emit('sync.progress', { done: 1, total: 4, phase: '' });
    expect(tray.tooltip).toBe('1688 物流跟踪 · 同步中 25%');
    events.emit('sync.finished', { changedOrderIds: [], ok: true, newEvents: 0 });
    await flush();
    expect(tray.tooltip).toContain('上次同步');
  });

  it('has 打开 / 立即同步 / 退出', async () => {
    const { item, handle, showMainWindow, quit } = setup();
    item('打开').click!();
    expect(showMainWindow).toHaveBeenCalled();
    item('立即同步').click!();
    expect(handle).toHaveBeenCalledWith('sync.runNow', {});
    item('退出').click!();
    expect(quit).toHaveBeenCalled();
    await flush();
  });

  it('destroy removes the icon and stops listening', async () => {
    const { events, trayHandle, tray } = setup();
    await flush();
    trayHandle.destroy();
    expect(tray.destroyed).toBe(true);
    const before = tray.tooltip;
    events.emit('sync.progress', { done: 1, total: 2, phase: '' });
    expect(tray.tooltip).toBe(before);
  });
});
