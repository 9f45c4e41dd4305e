// Runs in: main process. The core's Notifier on native notifications; a click brings the main
// window forward and tells the UI which order to open.
import { Notification } from 'electron';
import type { TrackerEvents } from './core/api/types';
import type { DesktopNotification, Logger, Notifier } from './core/ports';

/**
 * Linux notification servers read the body as markup (<b>, <a href>, <img>): text from sellers
 * and carriers is escaped there so it shows as written and cannot add links or images.
 */
export function notificationBody(text: string, platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'linux') return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface ElectronNotifierOptions {
  /** Shows (creating if needed), restores and focuses the main window. */
  showMainWindow(): void;
  /** The core's events; a getter because the notifier is built before the core exists. */
  getEvents(): Pick<TrackerEvents, 'emit'> | null;
  logger?: Logger;
  platform?: NodeJS.Platform;
}

export function createElectronNotifier(opts: ElectronNotifierOptions): Notifier {
  // Electron drops click handlers of notifications that were garbage-collected: keep them alive.
  const live = new Set<Notification>();
  return {
    notify(n: DesktopNotification) {
      if (!Notification.isSupported()) {
        opts.logger?.info('desktop notifications are not supported here', { kind: n.kind });
        return;
      }
      const note = new Notification({ title: n.title, body: notificationBody(n.body, opts.platform) });
      live.add(note);
      note.on('click', () => {
        live.delete(note);
        opts.showMainWindow();
        if (n.orderId) opts.getEvents()?.emit('navigate', { orderId: n.orderId });
      });
      note.on('close', () => live.delete(note));
      note.on('failed', (_e, error) => {
        live.delete(note);
        opts.logger?.warn('notification failed', { kind: n.kind, error });
      });
      note.show();
    },
  };
}
