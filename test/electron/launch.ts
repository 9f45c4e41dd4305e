// Starts the built desktop app (dist/electron/main.js, through package.json's main) in Electron
// with a temporary data folder and the demo's sandbox gateway, as `npm start` would.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import type { Notification as ElectronNotification } from 'electron';

export const root = path.resolve(__dirname, '../..');

export interface DesktopRun {
  app: ElectronApplication;
  window: Page;
  dataDir: string;
}

/** Notifications the main process showed (recorded by wrapping Notification.prototype.show). */
export interface ShownNotification {
  title: string;
  body: string;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-electron-'));
}

const { findElectronBinary } = createRequire(__filename)('../../scripts/start.js') as { findElectronBinary(root: string): string | null };

export async function launchDesktop(dataDir: string): Promise<DesktopRun> {
  const executablePath = findElectronBinary(root);
  if (!executablePath) throw new Error('The Electron program is not installed: run `npx install-electron` (or `npm start` once) first.');
  const app = await _electron.launch({
    executablePath,
    args: [root, '--demo'],
    cwd: root,
    env: { ...process.env, TRACKER_DATA_DIR: dataDir, TZ: 'Asia/Shanghai', TRACKER_LOG_LEVEL: 'info' },
    timeout: 120_000,
  });
  // Before the first sync ends (it takes seconds): record every notification the app shows.
  await app.evaluate(({ Notification }) => {
    const g = globalThis as unknown as { shownNotifications?: { title: string; body: string }[] };
    if (g.shownNotifications) return;
    const shown: { title: string; body: string }[] = [];
    g.shownNotifications = shown;
    const show = Notification.prototype.show;
    Notification.prototype.show = function (this: ElectronNotification) {
      shown.push({ title: this.title, body: this.body });
      return show.call(this);
    };
  });
  const window = await app.firstWindow();
  return { app, window, dataDir };
}

export function shownNotifications(app: ElectronApplication): Promise<ShownNotification[]> {
  return app.evaluate(() => (globalThis as unknown as { shownNotifications?: ShownNotification[] }).shownNotifications ?? []);
}
