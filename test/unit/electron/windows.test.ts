// Runs in: Vitest (node), with a fake 'electron'. The window factory's hardening.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electronMock.js'));

import { FakeBrowserWindow, navEvent, session, shell } from './electronMock';
import { createSecureWindow, SECURE_WEB_PREFERENCES } from '../../../electron/windows';

const HOSTILE_NAVIGATION = [
  'https://evil.com/',
  'https://trade.1688.com/', // even 1688 never loads inside our window
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'app://evil/index.html',
  'app://renderer.evil.com/',
  'app://renderer@evil/',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
];

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
  shell.openExternal.mockClear();
});

function lastWindow(): FakeBrowserWindow {
  const w = FakeBrowserWindow.instances.at(-1);
  if (!w) throw new Error('no window created');
  return w;
}

describe('createSecureWindow: webPreferences', () => {
  it('sets every hardening flag', () => {
    createSecureWindow();
    const wp = lastWindow().webPreferences;
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.spellcheck).toBe(false);
  });

  it('has no preload unless asked (the OAuth window), and the given one for the main window', () => {
    createSecureWindow();
    expect(lastWindow().webPreferences).not.toHaveProperty('preload');
    createSecureWindow({ preload: '/app/dist/electron/preload.js' });
    expect(lastWindow().webPreferences.preload).toBe('/app/dist/electron/preload.js');
  });

  it('options cannot weaken the flags (they are not options at all)', () => {
    createSecureWindow({ preload: '/p.js', partition: 'oauth-1688' } as Parameters<typeof createSecureWindow>[0]);
    for (const [k, v] of Object.entries(SECURE_WEB_PREFERENCES)) expect(lastWindow().webPreferences[k]).toBe(v);
  });
});

describe('createSecureWindow: permissions', () => {
  it('denies every permission request and check, notifications included', () => {
    createSecureWindow();
    const ses = session.defaultSession;
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    const request = ses.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      request({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    const check = ses.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string) => boolean;
    for (const permission of ['notifications', 'media', 'clipboard-sanitized-write', 'hid', 'serial']) expect(check({}, permission)).toBe(false);
  });

  it('hardens a partition session too (the OAuth window), once per session', () => {
    createSecureWindow({ partition: 'oauth-1688' });
    createSecureWindow({ partition: 'oauth-1688' });
    const ses = session.fromPartition('oauth-1688');
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(lastWindow().webPreferences.session).toBe(ses);
  });
});

describe('createSecureWindow: navigation', () => {
  it('refuses every subframe navigation by default (will-frame-navigate), and leaves the main frame to will-navigate', () => {
    createSecureWindow();
    for (const url of ['app://renderer/index.html', 'https://trade.1688.com/', 'https://evil.example/']) {
      const e = navEvent(url, false);
      lastWindow().webContents.emit('will-frame-navigate', e);
      expect(e.preventDefault, url).toHaveBeenCalled();
    }
    const main = navEvent('app://renderer/index.html', true);
    lastWindow().webContents.emit('will-frame-navigate', main);
    expect(main.preventDefault).not.toHaveBeenCalled();
  });


  it.each(HOSTILE_NAVIGATION)('will-navigate to %j is prevented', (url) => {
    createSecureWindow();
    const e = navEvent(url);
    lastWindow().webContents.emit('will-navigate', e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it.each(HOSTILE_NAVIGATION)('will-redirect to %j is prevented', (url) => {
    createSecureWindow();
    const e = navEvent(url);
    lastWindow().webContents.emit('will-redirect', e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('navigation inside app:// goes ahead', () => {
    createSecureWindow();
    const e = navEvent('app://renderer/index.html#/orders');
    lastWindow().webContents.emit('will-navigate', e);
    expect(e.preventDefault).not.toHaveBeenCalled();
  });

  it('reports a blocked main-frame navigation (so main can route 1688 links outward), never a redirect', () => {
    const onBlocked = vi.fn();
    createSecureWindow({ onBlockedNavigation: onBlocked });
    lastWindow().webContents.emit('will-navigate', navEvent('https://trade.1688.com/x'));
    lastWindow().webContents.emit('will-redirect', navEvent('https://trade.1688.com/y'));
    expect(onBlocked.mock.calls).toEqual([['https://trade.1688.com/x']]);
  });

  it('refuses to attach a <webview>', () => {
    createSecureWindow();
    const e = { preventDefault: vi.fn() };
    lastWindow().webContents.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('createSecureWindow: window.open', () => {
  const ALLOWED = ['https://trade.1688.com/order/detail?id=1', 'https://1688.com/'];
  const REFUSED = [
    'https://1688.com.evil.com/',
    'https://evil.com/1688.com',
    'https://trade.1688.com@evil.com/',
    'http://trade.1688.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'app://renderer/index.html',
    'about:blank',
  ];

  it('denies every window and opens only 1688 https links externally', () => {
    createSecureWindow();
    const handler = lastWindow().webContents.windowOpenHandler!;
    for (const url of [...ALLOWED, ...REFUSED]) expect(handler({ url })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map((c) => c[0])).toEqual(ALLOWED.map((u) => new URL(u).href));
  });

  it('hands every URL to onWindowOpen when given (main routes OAuth there), still denying', () => {
    const onWindowOpen = vi.fn();
    createSecureWindow({ onWindowOpen });
    const handler = lastWindow().webContents.windowOpenHandler!;
    expect(handler({ url: 'https://auth.1688.com/oauth/authorize?x=1' })).toEqual({ action: 'deny' });
    expect(onWindowOpen).toHaveBeenCalledWith('https://auth.1688.com/oauth/authorize?x=1');
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});
