// Runs in: main process. The ONE BrowserWindow factory: the main window and the OAuth child
// window get the same hardening, so no window can be created with weaker settings by accident.
import { BrowserWindow, session as electronSession, shell, type Session, type WebPreferences } from 'electron';
import { isAllowedExternalUrl, isAppUrl, parseUntrustedUrl } from './urlPolicy';

/** Every window's webPreferences (the main window adds its preload, nothing else). */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} satisfies WebPreferences);

export interface SecureWindowOptions {
  title?: string;
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  icon?: string;
  backgroundColor?: string;
  parent?: BrowserWindow;
  modal?: boolean;
  /** Only the main window has one. */
  preload?: string;
  /** A separate session (the OAuth window's, so 1688 login cookies stay out of the app's). */
  partition?: string;
  /** Where this window may navigate. Default: only inside app://. */
  allowNavigation?: (url: string) => boolean;
  /** Where this window's subframes may navigate. Default: nowhere (the app has no frames). */
  allowFrameNavigation?: (url: string) => boolean;
  /** Called for a denied main-frame navigation (the main window routes 1688 links outward). */
  onBlockedNavigation?: (url: string) => void;
  /** Called for every window.open / target=_blank (always denied). Default: openExternalIfAllowed. */
  onWindowOpen?: (url: string) => void;
}

const hardenedSessions = new WeakSet<Session>();

/**
 * Denies every permission (camera, geolocation, notifications…): native notifications come from
 * main. And no window downloads anything: the app's exports are written by the core.
 */
export function hardenSession(ses: Session): void {
  if (hardenedSessions.has(ses)) return;
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  hardenedSessions.add(ses);
}

/** Opens a 1688 https link in the system browser; anything else is dropped. Returns whether it opened. */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  const href = parseUntrustedUrl(url)?.href;
  if (!href) return false;
  // The normalised href, not the raw string: what we checked is what the browser gets.
  shell.openExternal(href).catch(() => undefined);
  return true;
}

export function createSecureWindow(opts: SecureWindowOptions = {}): BrowserWindow {
  const ses = opts.partition ? electronSession.fromPartition(opts.partition) : electronSession.defaultSession;
  hardenSession(ses);

  const win = new BrowserWindow({
    title: opts.title ?? '1688 物流跟踪',
    width: opts.width ?? 1280,
    height: opts.height ?? 800,
    ...(opts.minWidth ? { minWidth: opts.minWidth } : {}),
    ...(opts.minHeight ? { minHeight: opts.minHeight } : {}),
    show: opts.show ?? true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    ...(opts.backgroundColor ? { backgroundColor: opts.backgroundColor } : {}),
    ...(opts.parent ? { parent: opts.parent } : {}),
    ...(opts.modal !== undefined ? { modal: opts.modal } : {}),
    autoHideMenuBar: true,
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      session: ses,
      ...(opts.preload ? { preload: opts.preload } : {}),
    },
  });

  const wc = win.webContents;
  const allow = opts.allowNavigation ?? isAppUrl;
  const guard = (details: { url: string; preventDefault(): void; isMainFrame?: boolean }, redirect: boolean) => {
    if (allow(details.url)) return;
    details.preventDefault();
    if (!redirect && details.isMainFrame !== false) opts.onBlockedNavigation?.(details.url);
  };
  wc.on('will-navigate', (details) => guard(details, false));
  wc.on('will-redirect', (details) => guard(details, true));
  // Frames (an injected iframe, a frame's own links) are held to their own rule.
  const allowFrame = opts.allowFrameNavigation ?? (() => false);
  wc.on('will-frame-navigate', (details) => {
    if (details.isMainFrame) return; // will-navigate above decides for the main frame
    if (!allowFrame(details.url)) details.preventDefault();
  });
  // webviewTag is off; refuse attachment anyway in case a future change turns it on.
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    (opts.onWindowOpen ?? openExternalIfAllowed)(url);
    return { action: 'deny' };
  });
  return win;
}
