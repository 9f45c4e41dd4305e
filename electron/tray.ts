// Runs in: main process. The tray icon: its tooltip shows the sync state, its menu opens the
// window, syncs now or quits (the app keeps syncing in the tray when the window is closed).
import { Menu, Tray, nativeImage } from 'electron';
import type { EventPayloads, SyncState, SyncStatus } from '../shared/contract';
import type { TrackerCore } from './core/api/types';
import type { Logger } from './core/ports';

const APP_NAME = '1688 物流跟踪';

const STATE_LABELS: Record<SyncState, string> = {
  not_connected: '未连接 1688 账号',
  idle: '在线',
  syncing: '同步中',
  offline: '离线',
  needs_reconnect: '需要重新连接',
  paused: '已暂停',
};

function hhmm(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The tooltip for a sync status (local times, Chinese first; the tray has no room for both). */
export function syncTooltip(status: Pick<SyncStatus, 'state' | 'lastRun' | 'progress' | 'demo'> | null): string {
  if (!status) return APP_NAME;
  const parts = [APP_NAME + (status.demo ? '（演示）' : ''), STATE_LABELS[status.state] ?? status.state];
  if (status.progress) {
    const { done, total, phase } = status.progress;
    parts[1] = `同步中 ${total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0}%${phase ? `（${phase}）` : ''}`;
  } else if (status.lastRun) {
    const at = hhmm(status.lastRun.finishedAt ?? status.lastRun.startedAt);
    if (at) parts.push(`上次同步 ${at} ${status.lastRun.ok ? '成功' : '有错误'}`);
  }
  // Windows truncates tray tooltips at 127 characters.
  return parts.join(' · ').slice(0, 127);
}

export function progressTooltip(p: EventPayloads['sync.progress'], demo = false): string {
  return syncTooltip({ state: 'syncing', lastRun: null, progress: p, demo });
}

export interface TrayOptions {
  core: Pick<TrackerCore, 'handle' | 'events'>;
  iconPath: string;
  showMainWindow(): void;
  quit(): void;
  logger?: Logger;
}

export interface TrayHandle {
  /** Re-reads sync.status and updates the tooltip. */
  refresh(): Promise<void>;
  destroy(): void;
}

export function createTray(opts: TrayOptions): TrayHandle {
  const tray = new Tray(nativeImage.createFromPath(opts.iconPath));
  let demo = false;
  const setTooltip = (text: string) => {
    if (!tray.isDestroyed()) tray.setToolTip(text);
  };
  const apply = (status: unknown) => {
    const s = status as SyncStatus;
    demo = s.demo;
    setTooltip(syncTooltip(s));
  };
  const refresh = () =>
    opts.core.handle('sync.status', {}).then(apply, (e: unknown) => {
      opts.logger?.warn('tray: sync.status failed', { error: String(e) });
    });

  tray.setToolTip(APP_NAME);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: '打开', click: () => opts.showMainWindow() },
      {
        label: '立即同步',
        click: () => {
          opts.core.handle('sync.runNow', {}).then(apply, (e: unknown) => {
            opts.logger?.warn('tray: sync.runNow failed', { error: String(e) });
          });
        },
      },
      { type: 'separator' },
      { label: '退出', click: () => opts.quit() },
    ]),
  );
  // Windows/Linux: a click on the icon opens the window (macOS shows the menu instead).
  tray.on('click', () => opts.showMainWindow());

  const offs = [
    opts.core.events.on('sync.progress', (p) => setTooltip(progressTooltip(p, demo))),
    opts.core.events.on('sync.finished', () => void refresh()),
    opts.core.events.on('account.changed', () => void refresh()),
  ];
  void refresh();

  return {
    refresh,
    destroy() {
      for (const off of offs) off();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
