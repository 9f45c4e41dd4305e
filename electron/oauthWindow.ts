// Runs in: main process. The 1688 OAuth child window: shows the authorize page, catches the
// redirect back to redirect_uri before it loads, and hands code + state to the core.
import type { BrowserWindow } from 'electron';
import type { TrackerCore } from './core/api/types';
import { CoreError } from './core/api/types';
import { createSecureWindow, type SecureWindowOptions } from './windows';
import { isOAuthNavigationAllowed, matchesRedirectUri, parseOAuthCallback, redirectUriOf } from './urlPolicy';

/** Its own in-memory session: the clerk's 1688 login cookies never mix with the app's. */
export const OAUTH_PARTITION = 'oauth-1688';

/** The clerk closed the window before finishing: not an error worth showing. */
export class OAuthCancelledError extends Error {
  readonly cancelled = true;
  constructor() {
    super('OAuth window closed before authorisation finished');
    this.name = 'OAuthCancelledError';
  }
}

export interface OAuthWindowDeps {
  core: Pick<TrackerCore, 'handle'>;
  parent?: BrowserWindow;
  /** The window factory (tests may pass their own; production uses createSecureWindow). */
  createWindow?: (opts: SecureWindowOptions) => BrowserWindow;
}

/**
 * Opens `authorizeUrl` (already checked with isOAuthAuthorizeUrl) and resolves with the result
 * of account.completeOAuth. Rejects with OAuthCancelledError if the window is closed first, or
 * with the core's error / a CoreError when 1688 reports a refusal.
 */
export function openOAuthWindow(authorizeUrl: string, deps: OAuthWindowDeps): { promise: Promise<unknown>; window: BrowserWindow } {
  const redirectUri = redirectUriOf(authorizeUrl);
  if (!redirectUri) throw new CoreError('invalid_input', '授权链接缺少 redirect_uri。(authorize URL has no redirect_uri)');

  const win = (deps.createWindow ?? createSecureWindow)({
    title: '连接 1688 账号',
    width: 960,
    height: 720,
    show: true,
    ...(deps.parent ? { parent: deps.parent } : {}),
    partition: OAUTH_PARTITION,
    // No preload: this window shows 1688's pages and must never reach our IPC.
    allowNavigation: (url) => isOAuthNavigationAllowed(url, authorizeUrl),
    // The sign-in pages embed captcha frames from the same hosts; nothing else.
    allowFrameNavigation: (url) => isOAuthNavigationAllowed(url, authorizeUrl),
    // 1688 help links etc. may still go to the system browser; nothing else opens.
  });

  let settled = false;
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });

  const close = () => {
    if (!win.isDestroyed()) win.close();
  };

  const onUrl = (event: { preventDefault(): void } | null, url: string) => {
    if (!matchesRedirectUri(url, redirectUri)) return;
    // Stop the redirect: the redirect URI's host (often a web page of the app's developer)
    // never sees the code, and the code (single-use, 2 minutes) is redeemed only by us.
    event?.preventDefault();
    if (settled) return;
    settled = true;
    const callback = parseOAuthCallback(url);
    if ('error' in callback) {
      reject(new CoreError('not_connected', `1688 未完成授权（${callback.error}），请重试。(1688 authorisation was not granted)`));
    } else {
      deps.core.handle('account.completeOAuth', { code: callback.code, state: callback.state }).then(resolve, reject);
    }
    close();
  };

  const wc = win.webContents;
  wc.on('will-redirect', (details) => onUrl(details, details.url));
  wc.on('will-navigate', (details) => onUrl(details, details.url));
  // Last resort: a navigation that slipped past the two above (it has loaded, but we still
  // take the code first and close the window).
  wc.on('did-navigate', (_event, url) => onUrl(null, url));
  win.on('closed', () => {
    if (settled) return;
    settled = true;
    reject(new OAuthCancelledError());
  });

  // Stopping the final redirect aborts the load (ERR_ABORTED); that is the success path.
  win.loadURL(authorizeUrl).catch(() => undefined);
  return { promise, window: win };
}
